"""The headless Chromium of the `browser` fixture ends with the test process, even when that
process is killed and never reaches the fixture's cleanup (a CI timeout, SIGKILL)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from browser import chromium_path

HERE = Path(__file__).resolve().parent


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie (exited, not yet reaped by init) is not running
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split(")")[-1].split()[0] != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal: Linux only")
def test_browser_dies_with_a_killed_test_process(tmp_path):
    if chromium_path() is None:
        pytest.skip("Chromium not found (/usr/bin/chromium)")
    pidfile = tmp_path / "chromium.pid"
    test = tmp_path / "test_hold.py"
    test.write_text(textwrap.dedent(f"""
        import os, time
        from pathlib import Path

        def test_hold(browser):
            # the fixture's Chromium: the child of this process started with the profile
            me = os.getpid()
            kids = [p for p in os.listdir("/proc") if p.isdigit()
                    and open(f"/proc/{{p}}/stat").read().split(")")[-1].split()[1] == str(me)]
            # written whole, then renamed: the test never reads half a list
            Path({str(pidfile)!r} + ".part").write_text(" ".join(kids))
            os.replace({str(pidfile)!r} + ".part", {str(pidfile)!r})
            time.sleep(120)
    """), encoding="utf-8")
    (tmp_path / "conftest.py").write_text(f"import sys\nsys.path.insert(0, {str(HERE)!r})\n"
                                          "from browser import browser  # noqa: F401\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE.parent / "src"), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.Popen([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(test)],
                            cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not (pidfile.exists() and pidfile.read_text().strip()):
            assert proc.poll() is None, "the holding test ended before its browser started"
            assert time.monotonic() < deadline, "the browser did not start in 60 s"
            time.sleep(0.1)
        # a child listed may be a short-lived helper already gone (seen once under a loaded
        # suite): what must die with the test process is every child still running when it is
        # killed, and there must be one (the browser)
        pids = [int(p) for p in pidfile.read_text().split() if _alive(int(p))]
        assert pids, "no child of the holding test is running: its browser did not stay up"
        proc.send_signal(signal.SIGKILL)   # no cleanup runs in the test process
        proc.wait(timeout=10)
        deadline = time.monotonic() + 15
        while any(_alive(p) for p in pids) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(p) for p in pids), "Chromium outlived the killed test process"
    finally:
        if proc.poll() is None:
            proc.kill()
        for p in pidfile.read_text().split() if pidfile.exists() else []:
            try:
                os.killpg(int(p), signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
