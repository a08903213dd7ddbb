"""A minimal Chrome DevTools Protocol client and a pytest fixture starting headless Chromium.

The browser is Debian's Chromium (/usr/bin/chromium), started in its own process group with
a throw-away profile and remote debugging on a free loopback port; the fixture ends that
process group afterwards. In CI (EITFLOW_REQUIRE_BROWSER=1) a missing browser fails.
"""
from __future__ import annotations

import base64
import json
import os
import shutil
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio", "--window-size=1280,900"]


def chromium_path() -> str | None:
    for c in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser"),
              shutil.which("google-chrome")):
        if c and os.path.exists(c):
            return c
    return None


class DevTools:
    """A minimal Chrome DevTools Protocol client over one page's websocket."""

    def __init__(self, ws_url: str):
        import websocket  # websocket-client

        self.ws = websocket.create_connection(ws_url, timeout=30, suppress_origin=True)
        self.next_id = 0
        self.events: list[dict] = []

    def call(self, method: str, **params):
        self.next_id += 1
        mid = self.next_id
        self.ws.send(json.dumps({"id": mid, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == mid:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            self.events.append(msg)

    def wait_for(self, method: str, timeout: float = 30.0, pred=lambda ev: True, since: int = 0) -> dict:
        """The first event `method` (matching `pred`) among those from position `since` on."""
        deadline = time.monotonic() + timeout
        seen = since
        while True:
            for ev in self.events[seen:]:
                if ev.get("method") == method and pred(ev):
                    return ev
            seen = len(self.events)
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no {method} event within {timeout:g} s")
            self.ws.settimeout(left)
            try:
                self.events.append(json.loads(self.ws.recv()))
            finally:
                self.ws.settimeout(30)

    def js(self, expression: str):
        res = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in res:
            raise AssertionError(f"script failed: {res['exceptionDetails']}")
        return res["result"].get("value")

    def requests(self) -> list[str]:
        """URLs the page asked the network for (anything but file:, data:, about:, blob:)."""
        out = []
        for ev in self.events:
            if ev.get("method") == "Network.requestWillBeSent":
                url = ev["params"]["request"]["url"]
                if not url.startswith(("file:", "data:", "about:", "blob:")):
                    out.append(url)
        return out

    def open(self, path: Path, width: int = 1280, height: int = 900) -> None:
        """Load a local page with console, log and network capture on; wait for its script."""
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable")
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1,
                  mobile=False)
        # only this navigation's load event: a page opened before left its own in `events`, and
        # taking it returned at once, the script then reading a page not yet loaded (a test that
        # opened its page twice found no table about one run in three)
        start = len(self.events)
        self.call("Page.navigate", url=path.resolve().as_uri())
        self.wait_for("Page.loadEventFired", timeout=60, since=start)

    def screenshot(self, path: Path, width: int = 1280, height: int | None = None) -> Path:
        full = int(self.call("Page.getLayoutMetrics")["cssContentSize"]["height"])
        h = min(full, 6000) if height is None else min(height, full)
        shot = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                         clip={"x": 0, "y": 0, "width": width, "height": h, "scale": 1})
        path.write_bytes(base64.b64decode(shot["data"]))
        return path

    def problems(self) -> list[str]:
        """Console errors, uncaught exceptions and browser log errors seen so far."""
        out = []
        for ev in self.events:
            m, p = ev.get("method"), ev.get("params", {})
            if m == "Runtime.exceptionThrown":
                d = p.get("exceptionDetails", {})
                out.append(f"exception: {d.get('exception', {}).get('description') or d.get('text')}")
            elif m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                out.append("console." + p["type"] + ": " + " ".join(str(a.get("value", a.get("description", "")))
                                                                for a in p.get("args", [])))
            elif m == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
                out.append(f"log: {p['entry'].get('text')} {p['entry'].get('url', '')}")
        return out

    def close(self):
        try:
            self.ws.close()
        except Exception:
            pass


def _die_with_parent() -> None:
    """In the browser's process, before exec: the kernel kills it when the test process dies.
    A pytest killed mid-test (a CI timeout, `timeout`, SIGKILL) never reaches the fixture's
    `finally`, and the browser, in a session of its own, ran on for hours (a headless
    Chromium of test_french_report_in_chromium was found 43 minutes after its run)."""
    from eitflow.procs import set_parent_death_signal

    set_parent_death_signal(signal.SIGKILL)


@pytest.fixture
def browser(tmp_path):
    """Headless Chromium with remote debugging on a free loopback port; yields a DevTools
    client attached to its page. The process group started here is ended afterwards."""
    exe = chromium_path()
    if exe is None:
        msg = ("Chromium not found (/usr/bin/chromium): install it with "
               "'apt-get install -y --no-install-recommends chromium' (.ci/run does)")
        if os.environ.get("EITFLOW_REQUIRE_BROWSER") == "1":  # CI: a missing browser is a failure, not a skip
            pytest.fail(msg)
        pytest.skip(msg)
    profile = tmp_path / "chromium-profile"
    profile.mkdir()
    log = open(tmp_path / "chromium.log", "wb")
    proc = subprocess.Popen([exe, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--remote-debugging-port=0",
                             "--remote-debugging-address=127.0.0.1", "about:blank"],
                            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
                            preexec_fn=_die_with_parent)
    cdp = None
    try:
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not (port_file.exists() and len(port_file.read_text().split()) >= 2):
            if proc.poll() is not None or time.monotonic() > deadline:
                log.flush()
                tail = (tmp_path / "chromium.log").read_text(errors="replace")[-2000:]
                pytest.fail(f"Chromium did not start: {tail}")
            time.sleep(0.05)
        port = int(port_file.read_text().split()[0])
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: never via a proxy
        pages = []
        while not pages:
            with opener.open(f"http://127.0.0.1:{port}/json/list", timeout=10) as r:
                pages = [t for t in json.load(r) if t.get("type") == "page"]
            if not pages:
                if time.monotonic() > deadline:
                    pytest.fail("Chromium opened no page")
                time.sleep(0.05)
        cdp = DevTools(pages[0]["webSocketDebuggerUrl"])
        yield cdp
    finally:
        if cdp is not None:
            cdp.close()
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        log.close()


