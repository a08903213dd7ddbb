"""A sweep's local Dask cluster has one close, bounded, whichever way the sweep ends: its runs
all in, Ctrl-C meanwhile, or Ctrl-C during the runs (`sweep.shutdown.Shutdown`).

The stand-in for a close that does not end: the client's close first holds the client's
event loop for 300 s (`time.sleep` in a callback), so nothing of Dask in the command's process
answers any more, as when that loop is held by a long call into C or by a lock the stop's
thread holds. The bound: CLOSE_S in order + KILLED_S once the workers are killed = 5 + 2 = 7 s,
plus 5 s for a loaded machine (2 cores shared by several test runs) = 12 s. Before, each of
these waited for the held loop: past this file's bounds (300 s).
"""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time

import pytest

from test_sweep_stop import _no_process_left
from test_sweep_words import _base, _sweep

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ps, signals, /proc")

BOUND_S = 12.0   # s: CLOSE_S + KILLED_S + 5 = 5 + 2 + 5 (see the module docstring)
GRID = "base: scen/scenario.yaml\ngrid:\n  carbon_price_eur_per_t: [0, 150]\n"

# the stand-in, first in a script that then runs the command line as the `eitflow` script does
HELD_CLOSE = '''
import sys, time
import distributed

_close = distributed.Client.close


def held_close(self, *args, **kwargs):
    if not getattr(self, "_held", False):   # once: a second close finds the loop still held
        self._held = True
        with open({mark!r}, "a") as f:
            f.write(f"{{time.time()}}\\n")
        self.loop.add_callback(time.sleep, 300)
    return _close(self, *args, **kwargs)


distributed.Client.close = held_close
'''

CLI = HELD_CLOSE + '''
import eitflow.sweep.run as run
from eitflow.cli import main

_run_sweep = run.run_sweep


def timed(*args, **kwargs):   # when the sweep (its close included) returns: the command's report follows
    df = _run_sweep(*args, **kwargs)
    with open({mark!r} + ".returned", "w") as f:
        f.write(f"{{time.time()}}\\n")
    return df


if __name__ == "__main__":   # not in the worker processes, which import this script again (spawn)
    run.run_sweep = timed
    main(sys.argv[1:])
'''


def _command(tmp_path, script: str, *args: str) -> subprocess.Popen:
    """`script` (formatted with the close's mark file) run with `args`, in its own session."""
    path = tmp_path / "command.py"
    path.write_text(script.format(mark=str(tmp_path / "closing.txt")), encoding="utf-8")
    return subprocess.Popen([sys.executable, str(path), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True, cwd=str(tmp_path))


def _ended(p: subprocess.Popen, timeout: float) -> tuple[str, str] | None:
    """(stdout, stderr) once `p` ends within `timeout` s; None (and `p` killed) when it does not."""
    try:
        out, err = p.communicate(timeout=timeout)
        return out.decode(), err.decode()
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        p.communicate()
        return None


def _close_started(tmp_path) -> float | None:
    """When the client's close began (time.time(), from the stand-in's mark), None before."""
    mark = tmp_path / "closing.txt"
    text = mark.read_text(encoding="utf-8") if mark.exists() else ""
    return float(text.split()[0]) if text.strip() else None


def _clean(err: str) -> None:
    for bad in ("leaked semaphore", "Traceback", "KeyboardInterrupt", "CancelledError", "distributed.", "Warning"):
        assert bad not in err, err


@pytest.mark.slow
def test_a_sweep_whose_cluster_does_not_close_ends_within_the_bound(tmp_path):
    """The runs all in, the cluster's close does not end (the stand-in): the command ends 7 s
    after the close began (5 s in order, the workers killed, 2 s more; 12 s allowed), its runs
    written, exit 0 (both runs optimal), no warning, no process left. Before, the end's close
    had no bound: it waited for the held loop (300 s)."""
    _base(tmp_path, "en")
    sweep = _sweep(tmp_path, GRID)
    p = _command(tmp_path, CLI, "sweep", str(sweep), "--out", str(tmp_path / "out"), "--workers", "2", "-q")
    returned = tmp_path / "closing.txt.returned"
    try:
        t = time.time() + 240   # the cluster's start and 2 runs on 2 loaded cores: 10-60 s
        while time.time() < t and p.poll() is None and _close_started(tmp_path) is None:
            time.sleep(0.05)
        started = _close_started(tmp_path)
        assert started is not None, "the close did not begin"
        while time.time() < started + BOUND_S + 1 and p.poll() is None and not returned.exists():
            time.sleep(0.05)
        took = float(returned.read_text().split()[0]) - started if returned.exists() else None
        assert took is not None, f"the sweep had not returned {time.time() - started:.0f} s after its close began"
        got = _ended(p, 120.0)   # then the command writes its report
        assert got is not None, "the command did not end after its sweep returned"
    finally:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGKILL)
            p.communicate()
    out, err = got
    assert p.returncode == 0, (out, err)
    assert took <= BOUND_S, (took, err)
    _clean(err)
    assert "2 runs" in out, out
    rows = (tmp_path / "out" / "results.csv").read_text(encoding="utf-8").splitlines()
    assert len(rows) == 1 + 2, rows   # the header and the 2 runs
    assert not _no_process_left(p.pid)


@pytest.mark.slow
def test_ctrl_c_while_the_sweeps_close_does_not_end_ends_within_the_bound(tmp_path):
    """Ctrl-C 0.5 s into the end's close that does not end (the stand-in): the command ends
    within the same bound (the stop waits for that close, 7 s after it began; 12 s allowed from
    the Ctrl-C), with its message, exit 130 = 128 + SIGINT, no "leaked semaphore objects"
    warning and no process left. Before, the stop found the sweep's closer already forgotten
    and left at once: the cluster half closed, its workers and semaphores left behind."""
    _base(tmp_path, "en")
    sweep = _sweep(tmp_path, GRID)
    p = _command(tmp_path, CLI, "sweep", str(sweep), "--out", str(tmp_path / "out"), "--workers", "2", "-q")
    try:
        t = time.time() + 240
        while time.time() < t and p.poll() is None and _close_started(tmp_path) is None:
            time.sleep(0.05)
        assert p.poll() is None and _close_started(tmp_path) is not None, "the close did not begin"
        time.sleep(0.5)
        sent = time.monotonic()
        p.send_signal(signal.SIGINT)
        got = _ended(p, BOUND_S)
        took = time.monotonic() - sent
        assert got is not None, f"the stopped sweep was still running {BOUND_S:.0f} s after Ctrl-C"
    finally:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGKILL)
    _, err = got
    assert p.returncode == 128 + signal.SIGINT, err
    assert took <= BOUND_S, (took, err)
    first = err.strip().splitlines()[0]
    assert first.startswith("eitflow: stopped by SIGINT; ") and re.search(r"\d+ runs? (are|is) written in", first), err
    _clean(err)
    assert not _no_process_left(p.pid)


# the runs all in, a stop begins in another thread (as `procs._stop` does in the signal thread,
# with its exit, the message left out), then the sweep's own end: before, that end started a
# second close, without a bound, beside the stop's; now it waits for the stop's, within its bound
STOP_THEN_END = HELD_CLOSE + '''
import os, threading
from eitflow import procs
from eitflow.sweep import run

_finish = run._finish


def stop(closers) -> None:
    for close in closers:
        close()
    time.sleep(1.0)   # the main thread says when it returned first
    os._exit(130)   # the stop ends the process, as `procs._stop` does: no exit handler runs


def stop_then_finish(*args, **kwargs):
    with procs._lock:
        closers = list(procs._closers.values())
    assert closers, "no closer registered"
    threading.Thread(target=stop, args=(closers,), daemon=True).start()
    t = time.time() + 60
    while not open({mark!r}, "a+").tell() and time.time() < t:   # the stop's close has begun
        time.sleep(0.01)
    return _finish(*args, **kwargs)


if __name__ == "__main__":   # not in the worker processes, which import this script again (spawn)
    run._finish = stop_then_finish
    run.run_sweep(sys.argv[1], sys.argv[2], n_workers=2, progress=False)
    with open({mark!r}, encoding="utf-8") as f:
        began = float(f.read().split()[0])
    print(f"the sweep returned {{time.time() - began:.2f}} s after the stop's close began", file=sys.stderr,
          flush=True)
    time.sleep(60)   # as the command line waits for a stop under way (`procs.STOP_WAIT_S`)
'''


@pytest.mark.slow
def test_a_sweeps_end_during_a_stop_waits_for_the_stops_close_within_its_bound(tmp_path):
    """A stop's close under way when the sweep's own end comes (the stand-in: that close does
    not end): the end does not close a second time; `run_sweep` returns 7 s after the stop's
    close began (12 s allowed), the worker processes killed, no semaphore leaked. Before, the
    end's second close had no bound: it was still waiting for the held loop when the stop's
    exit ended the process (the stop's exit, not the sweep's end, bounded the command)."""
    _base(tmp_path, "en")
    sweep = _sweep(tmp_path, GRID)
    p = _command(tmp_path, STOP_THEN_END, str(sweep), str(tmp_path / "out"))
    try:
        t = time.time() + 240   # the cluster's start and 2 runs on 2 loaded cores: 10-60 s
        while time.time() < t and p.poll() is None and _close_started(tmp_path) is None:
            time.sleep(0.05)
        started = _close_started(tmp_path)
        assert started is not None, "the stop's close did not begin"
        got = _ended(p, max(1.0, started + BOUND_S + 5 - time.time()))
        assert got is not None, f"run_sweep had not returned {time.time() - started:.0f} s after the stop's close began"
    finally:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGKILL)
            p.communicate()
    _, err = got
    took = re.search(r"returned ([0-9.]+) s after", err)
    assert took, f"run_sweep had not returned when the stop ended the process: {err}"
    assert p.returncode == 130, err
    assert float(took.group(1)) <= BOUND_S, err
    _clean(err)
    assert not _no_process_left(p.pid)


class _HeldClient:
    """A stand-in client whose close does not end (until `release`), counting its closes."""

    def __init__(self) -> None:
        import threading

        self.closes = 0
        self.release = threading.Event()
        self.status = "running"

    def run(self, *args, **kwargs) -> dict:
        return {}

    def close(self, timeout=None) -> None:
        self.closes += 1
        self.release.wait(30)


class _Local:
    """A stand-in LocalCluster of no worker process (nothing to kill), counting its closes."""

    def __init__(self) -> None:
        self.workers: dict = {}
        self.closes = 0
        self.status = "running"

    def close(self, timeout=None) -> None:
        self.closes += 1


@pytest.mark.parametrize("first", ["end", "stop"])
def test_the_stop_and_the_end_share_one_close_and_its_deadline(monkeypatch, first):
    """The end and a stop calling the one Shutdown, from two threads, the first 0.2 s before
    the second: the client is closed once, and both return once the first close's bound is
    over, 0.4 s in order + 0.2 s once the workers are killed = 0.6 s after it began (never
    0.6 s after the second call: 0.8 s); 2 s allowed for a loaded machine. Then the stand-ins
    are marked closed (Dask's exit hooks close them no second time) and only the stop's call
    released the semaphores."""
    import threading

    import distributed.core  # noqa: F401 - imported by the close once the cluster's are: not timed here

    from eitflow.sweep import shutdown

    monkeypatch.setattr(shutdown, "CLOSE_S", 0.4)
    monkeypatch.setattr(shutdown, "KILLED_S", 0.2)
    released = []
    monkeypatch.setattr(shutdown, "_release_semaphores", lambda: released.append(threading.get_ident()))
    monkeypatch.setattr(shutdown, "_quiet_teardown", lambda: None)   # this process's Dask logs left as they are
    client, local = _HeldClient(), _Local()
    close = shutdown.Shutdown(client, local)
    ended: dict[str, float] = {}

    def call(name: str) -> None:
        close(stop=name == "stop")
        ended[name] = time.monotonic()

    second = "stop" if first == "end" else "end"
    t0 = time.monotonic()
    a = threading.Thread(target=call, args=(first,))
    a.start()
    time.sleep(0.2)
    b = threading.Thread(target=call, args=(second,))
    b.start()
    a.join(5)
    b.join(5)
    client.release.set()
    assert set(ended) == {"end", "stop"}, ended
    assert client.closes == 1 and close.killed
    for name, t in ended.items():
        assert 0.6 - 0.05 <= t - t0 <= 2.0, (name, t - t0)
    from distributed.core import Status

    assert client.status == "closed" and local.status == Status.closed
    assert len(released) == 1


def test_a_close_that_ends_in_order_kills_nothing_and_waits_for_nothing(monkeypatch):
    """A close that ends at once: returns at once (well under CLOSE_S = 5 s), the client and the
    cluster closed once each, nothing killed, no semaphore released outside a stop."""
    from eitflow.sweep import shutdown

    released = []
    monkeypatch.setattr(shutdown, "_release_semaphores", lambda: released.append(1))
    client, local = _HeldClient(), _Local()
    client.release.set()
    close = shutdown.Shutdown(client, local)
    t = time.monotonic()
    close()
    close()   # a second call: the close is over, nothing more
    assert time.monotonic() - t < 2.0
    assert (client.closes, local.closes, close.killed, released) == (1, 1, False, [])
