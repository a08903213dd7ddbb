"""Run one solve in a child process that can be stopped: the wall-clock time limit holds
even when a solver overruns its own, and a solver crash cannot take eitflow down.

The child is a fresh interpreter, ``python -m eitflow.solve._child``, started with
`procs.spawn` (its own process group; on Linux SIGKILL when its parent dies), speaking over
pipes: the model goes in as arrays (one pickled `MilpArrays`), every improving MIP solution
(HiGHS callback) comes back, so when the child has to be killed at the deadline the best
solution found so far is kept, with the last dual bound the solver reported. Being a
subprocess, not a `multiprocessing` child, it works from daemonic processes (Dask workers).

At the deadline plus `GRACE_S` the child's whole process group is killed (the child, and
the CBC binary it may run); its scratch directory (CBC's model and solution files) is
removed on every path. Interpreter start-up (~0.5-1 s: numpy, highspy) is paid ahead: a
spare child is started when the first isolated solve is expected (`prestart`) and after
each one taken, and stopped by `stop_spare`.
"""

from __future__ import annotations

import os
import select
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

import eitflow.procs as procs
from eitflow.i18n import Phrase
from eitflow.solve._child import HEADER, write_frame
from eitflow.solve.budget import GRACE_S  # after the deadline, the solver gets this long before it is killed

__all__ = ["GRACE_S", "prestart", "solve_guarded", "stop_spare"]

_CHILD = [sys.executable, "-m", "eitflow.solve._child"]


@dataclass
class _Child:
    """A started solver child: the process, its pipes and what was read of its stdout."""

    proc: subprocess.Popen
    err: Any                       # an unnamed temporary file: the child's stderr
    buf: bytearray = field(default_factory=bytearray)
    eof: bool = False

    def frames(self, timeout: float) -> list:
        """Frames complete within `timeout` seconds (an empty list when none)."""
        out = []
        fd = self.proc.stdout.fileno()  # type: ignore[union-attr]
        if not self.eof:
            ready, _, _ = select.select([fd], [], [], max(timeout, 0.0))
            if ready:
                chunk = os.read(fd, 1 << 22)
                if chunk:
                    self.buf += chunk
                else:
                    self.eof = True
        import pickle

        while len(self.buf) >= HEADER.size:
            size = HEADER.unpack_from(self.buf)[0]
            if len(self.buf) < HEADER.size + size:
                break
            out.append(pickle.loads(bytes(self.buf[HEADER.size:HEADER.size + size])))  # noqa: S301 - our child
            del self.buf[:HEADER.size + size]
        return out

    def stderr_tail(self) -> str:
        try:
            self.err.seek(0)
            text = self.err.read().decode("utf-8", "replace").strip().splitlines()
        except (OSError, ValueError):
            return ""
        return text[-1][:200] if text else ""

    def close(self) -> None:
        procs.kill_group(self.proc, timeout=2.0)
        for fh in (self.proc.stdin, self.proc.stdout, self.err):
            try:
                fh.close()  # type: ignore[union-attr]
            except (OSError, AttributeError):
                pass


_spare: _Child | None = None
_spare_lock = threading.Lock()


def _start(argv: list[str]) -> _Child:
    env = dict(os.environ)
    # the directory holding the eitflow package, so the child imports this very eitflow
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    err = tempfile.TemporaryFile()  # unnamed: nothing left on disk, whatever happens
    proc = procs.spawn(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err, env=env)
    return _Child(proc, err)


def prestart() -> None:
    """Start a spare child now, so that the next isolated solve does not wait for an
    interpreter to import numpy and HiGHS."""
    global _spare
    with _spare_lock:
        if _spare is None or _spare.proc.poll() is not None:
            _spare = _start(_CHILD)


def stop_spare() -> None:
    """Stop the spare child, if any (the end of a solve)."""
    global _spare
    with _spare_lock:
        child, _spare = _spare, None
    if child is not None:
        child.close()


def _take(argv: list[str] | None) -> _Child:
    global _spare
    if argv is not None:
        return _start(argv)
    with _spare_lock:
        child, _spare = _spare, None
    if child is None or child.proc.poll() is not None:
        if child is not None:
            child.close()
        child = _start(_CHILD)
    prestart()  # the next one imports while this one solves
    return child


def solve_guarded(arr, opts, deadline: float, solver_limit: float | None = None, start=None,
                  child_argv: list[str] | None = None):
    """Solve `arr` in a child process; kill it at `deadline` + GRACE_S at the latest.

    Parameters
    ----------
    arr : MilpArrays
    opts : SolverOptions
    deadline : float
        Epoch seconds: the solver is told the time left until then; its process group is
        killed GRACE_S later, and the best incumbent it streamed is kept.
    solver_limit : float, optional
        The time limit handed to the solver itself instead (tests set it higher to play a
        solver that ignores its limit).
    start : ndarray, optional
        A feasible point to warm-start from.
    child_argv : list of str, optional
        Another command for the child (tests: a child that crashes).

    Returns
    -------
    BatchResult
        The solver's result; `feasible` with the best incumbent when stopped at the
        deadline, `time_limit` without one, `error` (with the reason) when the child died.
    """
    from eitflow.solve.status import BatchResult, Status

    t0 = time.perf_counter()
    if deadline - time.time() <= 0:
        return BatchResult(Status.TIME_LIMIT, None, None, None, 0.0, Phrase("sol_no_time"))
    best = None  # (obj, bound, z)
    hard_stop = deadline + GRACE_S

    def died(child: _Child) -> BatchResult:
        code = child.proc.poll()
        tail = child.stderr_tail()
        return BatchResult(Status.ERROR, None, None, None, time.perf_counter() - t0,
                           Phrase("sol_died_tail", code=str(code), tail=tail) if tail else Phrase("sol_died", code=str(code)))

    with procs.temp_dir("solve") as scratch:
        child = _take(child_argv)
        try:
            limit = solver_limit if solver_limit is not None else None
            try:
                write_frame(child.proc.stdin, (arr, opts, limit, start, str(scratch), deadline))  # type: ignore[arg-type]
            except (BrokenPipeError, OSError):
                child.proc.wait(5)
                return died(child)
            while True:
                wait = hard_stop - time.time()
                if wait <= 0:
                    break
                for msg in child.frames(min(wait, 0.5)):
                    if msg[0] == "inc":
                        if best is None or msg[1] > best[0]:
                            best = (msg[1], msg[2], msg[3])
                    elif msg[0] == "done":
                        return msg[1]
                    elif msg[0] == "error":
                        return BatchResult(Status.ERROR, None, None, None, time.perf_counter() - t0, msg[1])
                if child.eof:
                    child.proc.wait(5)
                    return died(child)
        finally:
            child.close()
    # killed at the deadline: keep the best incumbent streamed so far
    secs = time.perf_counter() - t0
    if best is None:
        return BatchResult(Status.TIME_LIMIT, None, None, None, secs,
                           Phrase("sol_wall_clock_none"))
    obj, bound, z = best
    bound = bound if np.isfinite(bound) else None
    return BatchResult(Status.FEASIBLE, obj, bound, z, secs,
                       "stopped at the wall-clock limit; best solution found kept")
