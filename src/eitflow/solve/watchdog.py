"""Run one solve in a child process that can be stopped: the wall-clock time limit holds
even when a solver overruns its own, and a solver crash cannot take eitflow down.

The child streams every improving MIP solution (HiGHS callback) to the parent, so when
the child has to be killed at the deadline the best solution found so far is kept, with
the last dual bound the solver reported.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import time
from typing import Any

import numpy as np

GRACE_S = 3.0  # the solver's own time limit gets this long before the child is killed


def _child(conn, arr, opts, solver_limit: float, start=None) -> None:
    """Child process: solve and send ("inc", obj, bound, z) for each incumbent, then ("done", result)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)  # the solver's banner and logs must not reach the user's terminal
        from eitflow.solve.backends import backend

        def on_incumbent(obj: float, bound: float, z: np.ndarray) -> None:
            conn.send(("inc", obj, bound, z))

        conn.send(("done", backend(opts.name).solve(arr, opts, solver_limit, start=start, on_incumbent=on_incumbent)))
    except BaseException as exc:  # pragma: no cover - reported to the parent
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def solve_guarded(arr, opts, deadline: float, solver_limit: float | None = None, start=None):
    """Solve `arr` in a child process; kill it at `deadline` + GRACE_S at the latest.

    `solver_limit` is the time limit handed to the solver itself (default: the time left);
    tests set it higher to play a solver that ignores its limit.
    """
    from eitflow.solve.status import BatchResult, Status

    t0 = time.perf_counter()
    remaining = deadline - time.time()
    if remaining <= 0:
        return BatchResult(Status.TIME_LIMIT, None, None, None, 0.0, "no time left for this component")
    ctx: Any = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, arr, opts, solver_limit or remaining, start), daemon=True)
    proc.start()
    child.close()
    best = None  # (obj, bound, z)
    hard_stop = deadline + GRACE_S
    try:
        while True:
            wait = hard_stop - time.time()
            if wait <= 0:
                break
            try:
                if not parent.poll(min(wait, 0.5)):
                    if not proc.is_alive() and not parent.poll(0):
                        return BatchResult(Status.ERROR, None, None, None, time.perf_counter() - t0,
                                           f"the solver process died (exit code {proc.exitcode})")
                    continue
                msg = parent.recv()
            except EOFError:
                proc.join(1)
                return BatchResult(Status.ERROR, None, None, None, time.perf_counter() - t0,
                                   f"the solver process died (exit code {proc.exitcode})")
            if msg[0] == "inc":
                if best is None or msg[1] > best[0]:
                    best = (msg[1], msg[2], msg[3])
            elif msg[0] == "done":
                return msg[1]
            else:
                return BatchResult(Status.ERROR, None, None, None, time.perf_counter() - t0, msg[1])
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(5)
        parent.close()
    # killed at the deadline: keep the best incumbent streamed so far
    secs = time.perf_counter() - t0
    if best is None:
        return BatchResult(Status.TIME_LIMIT, None, None, None, secs,
                           "stopped at the wall-clock limit before a first solution")
    obj, bound, z = best
    bound = bound if np.isfinite(bound) else None
    return BatchResult(Status.FEASIBLE, obj, bound, z, secs,
                       "stopped at the wall-clock limit; best solution found kept")


