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

import numpy as np

GRACE_S = 3.0  # the solver's own time limit gets this long before the child is killed


def _child(conn, arr, opts, solver_limit: float, start=None) -> None:
    """Child process: solve and send ("inc", obj, bound, z) for each incumbent, then ("done", result)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)  # the solver's banner and logs must not reach the user's terminal
        if opts.name == "cbc":
            from eitflow.solve.cbc import solve_cbc
            conn.send(("done", solve_cbc(arr, opts, solver_limit)))
            return
        import highspy

        from eitflow.solve.highs import solve_highs

        def on_incumbent(e):
            try:
                d = e.data_out
                conn.send(("inc", float(d.objective_function_value), float(d.mip_dual_bound),
                           np.asarray(d.mip_solution, dtype=float).copy()))
            except Exception:  # a failed report must not stop the solve
                pass

        def factory():
            h = highspy.Highs()
            h.cbMipImprovingSolution.subscribe(on_incumbent)
            return h

        conn.send(("done", solve_highs(arr, opts, solver_limit, factory=factory, start=start)))
    except BaseException as exc:  # pragma: no cover - reported to the parent
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def solve_guarded(arr, opts, deadline: float, solver_limit: float | None = None, start=None):
    """Solve `arr` in a child process; kill it at `deadline` + GRACE_S at the latest.

    `solver_limit` is the time limit handed to the solver itself (default: the time left);
    tests set it higher to play a solver that ignores its limit.
    """
    from eitflow.solve.status import BatchResult

    t0 = time.perf_counter()
    remaining = deadline - time.time()
    if remaining <= 0:
        return BatchResult("time_limit", None, None, None, None, 0.0, "no time left for this component")
    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
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
                        return BatchResult("error", None, None, None, None, time.perf_counter() - t0,
                                           f"the solver process died (exit code {proc.exitcode})")
                    continue
                msg = parent.recv()
            except EOFError:
                proc.join(1)
                return BatchResult("error", None, None, None, None, time.perf_counter() - t0,
                                   f"the solver process died (exit code {proc.exitcode})")
            if msg[0] == "inc":
                if best is None or msg[1] > best[0]:
                    best = (msg[1], msg[2], msg[3])
            elif msg[0] == "done":
                return msg[1]
            else:
                return BatchResult("error", None, None, None, None, time.perf_counter() - t0, msg[1])
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(5)
        parent.close()
    # killed at the deadline: keep the best incumbent streamed so far
    secs = time.perf_counter() - t0
    if best is None:
        return BatchResult("time_limit", None, None, None, None, secs,
                           "stopped at the wall-clock limit before a first solution")
    obj, bound, z = best
    bound = bound if np.isfinite(bound) else None
    return BatchResult("feasible", obj, bound, z[:arr.n_x], z[arr.n_x:], secs,
                       "stopped at the wall-clock limit; best solution found kept")


