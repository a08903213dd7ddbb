"""A stopped sweep's close of its local Dask cluster is bounded: Ctrl-C ends the command in a
few seconds whatever its workers are doing, with its message, exit 130, no "leaked semaphore
objects" warning, no traceback and no process of the command left.

Before, the close first asked every worker to silence its logs (`client.run`) and waited for
all of them without a time limit: a worker whose event loop could not answer (a run in C
holding the GIL), or this process's own event loop held (the stop runs in the thread the signal
interrupted, which may hold a lock that loop needs), kept the command alive after its message
for as long as that lasted (CI: more than test_sweep_words' 60 s, once in two runs)."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from test_sweep_words import _base, _session, _sweep

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ctypes' libc sleep, ps, signals")

# every run on a worker first sleeps 300 s in C holding the GIL (ctypes.PyDLL keeps it): the
# worker's event loop answers nothing meanwhile, as in any long call into C that keeps the GIL
BUSY_PRELOAD = '''
import ctypes
import eitflow.sweep.task as task

_solve_run = task.solve_run


def _busy(*args, **kwargs):
    open({mark!r}, "a").write("run started\\n")
    ctypes.PyDLL(None).sleep(300)
    return _solve_run(*args, **kwargs)


task.solve_run = _busy
'''


def _no_process_left(sid: int, wait_s: float = 10.0) -> list:
    """The processes of session `sid` still alive after `wait_s` s at most (a child ended but
    not yet reaped by init is gone)."""
    end = time.time() + wait_s
    while time.time() < end and [r for r in _session(sid) if not r[1].startswith("Z")]:
        time.sleep(0.1)
    return [r for r in _session(sid) if not r[1].startswith("Z")]


@pytest.mark.slow
def test_ctrl_c_ends_a_sweep_whose_workers_hold_the_gil_in_a_long_run(tmp_path):
    """Two local workers each in a run that holds the GIL for 300 s; Ctrl-C: the command exits
    within CLOSE_S + KILLED_S = 5 + 2 = 7 s of the close, plus 5 s for the message, the exit and
    a loaded machine: 12 s. Before, it waited for the 300 s runs (hung past this test's bound)."""
    _base(tmp_path, "en")
    sweep = _sweep(tmp_path, "base: scen/scenario.yaml\ngrid:\n  carbon_price_eur_per_t: [0, 50, 100, 150]\n")
    mark = tmp_path / "started.txt"
    preload = tmp_path / "busy_preload.py"
    preload.write_text(BUSY_PRELOAD.format(mark=str(mark)), encoding="utf-8")
    env = dict(os.environ, DASK_DISTRIBUTED__WORKER__PRELOAD=repr([str(preload)]))
    eitflow = str(Path(sys.executable).with_name("eitflow"))
    p = subprocess.Popen([eitflow, "sweep", str(sweep), "--out", str(tmp_path / "out"), "--workers", "2", "-q"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True, env=env)
    try:
        t = time.time() + 120
        while time.time() < t and p.poll() is None and not mark.exists():
            time.sleep(0.05)
        assert p.poll() is None and mark.exists(), "no run started"
        time.sleep(0.5)   # the run is in C now
        sent = time.monotonic()
        p.send_signal(signal.SIGINT)
        bound = 12.0   # s: CLOSE_S + KILLED_S + 5 = 5 + 2 + 5
        try:
            _, err_b = p.communicate(timeout=bound)
        except subprocess.TimeoutExpired:
            pytest.fail(f"the stopped sweep was still running {bound:.0f} s after Ctrl-C")
        took = time.monotonic() - sent
    finally:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGKILL)
            p.communicate()
    err = err_b.decode()
    assert p.returncode == 128 + signal.SIGINT, err
    assert took <= bound, (took, err)
    first = err.strip().splitlines()[0]
    assert first.startswith("eitflow: stopped by SIGINT; ") and re.search(r"\d+ runs? (are|is) written in", first), err
    for bad in ("leaked semaphore", "Traceback", "KeyboardInterrupt", "CancelledError", "distributed.", "Warning"):
        assert bad not in err, err
    assert not _no_process_left(p.pid)


BLOCKED_LOOP = '''
import os, sys, time
from eitflow.sweep import cluster, shutdown

if __name__ == "__main__":
    shutdown.CLOSE_S, shutdown.KILLED_S = 1.0, 0.5
    client, local = cluster.make_client(None, 1)
    client.loop.add_callback(time.sleep, 30)   # the client's event loop held for 30 s
    time.sleep(0.2)
    t = time.monotonic()
    shutdown.Shutdown(client, local)(stop=True)
    print(f"closed in {time.monotonic() - t:.2f} s", file=sys.stderr, flush=True)
    os._exit(130)   # as a stop ends (`procs._stop`): no exit handler runs
'''


@pytest.mark.slow
def test_a_stopped_close_ends_and_leaks_no_semaphore_when_the_event_loop_is_held(tmp_path):
    """The close of a stop when nothing of Dask answers (this process's event loop held, as when
    the stop interrupted the main thread holding a lock that loop needs): it returns after its
    bound (1 s in order + 0.5 s once the workers are killed = 1.5 s; 3 s allowed for a loaded
    machine), the worker is gone and the resource tracker finds no semaphore of the cluster's
    queues left. Before, the close waited for the loop (here 30 s) and 6 semaphores leaked."""
    script = tmp_path / "blocked.py"
    script.write_text(BLOCKED_LOOP, encoding="utf-8")
    p = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         start_new_session=True)
    try:
        _, err_b = p.communicate(timeout=90)
    finally:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGKILL)
            p.communicate()
    err = err_b.decode()
    assert p.returncode == 130, err
    took = re.search(r"closed in ([0-9.]+) s", err)
    assert took and float(took.group(1)) <= 3.0, err
    assert "leaked semaphore" not in err, err
    assert not _no_process_left(p.pid)
