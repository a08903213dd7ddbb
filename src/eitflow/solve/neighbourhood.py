"""A first incumbent for a mid-sized link component: the MIP restricted to the links its LP
relaxation uses and the next best ones by reduced cost.

On the national FR heat run's hardest component (352 links, 18 supplies at capacity),
HiGHS spends most of its time finding a good solution, not proving it: started from the
optimum it closes the 0.1 % gap in about 200 nodes instead of 1,000-3,600 (1.2 s instead
of 2.4-5.3 s, depending on its random seed). The LP relaxation opens 49 links, 29 of the
optimum's 41; its support plus the 60 closed links of best reduced cost (the value at the
LP's prices of opening a link at full use) holds the optimum, and the MIP on those 109
links finds it (at a quarter of the gap target: a solution within 0.02 % of it) in about a
second. Any solution of the restricted MIP is feasible for the whole component (closing
links only restricts), so it is a valid warm start, never a bound.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable

import numpy as np

from eitflow.model.arrays import MilpArrays
from eitflow.scenario import SolverOptions
from eitflow.solve.status import BatchResult, Status

#: batches with this many link binaries or more first get this incumbent ...
NEIGHBOURHOOD_MIN_BINARIES = 300

#: ... and fewer than this (larger ones get `driver`'s LP-guided start)
NEIGHBOURHOOD_MAX_BINARIES = 1500

#: share of a batch's time slice the neighbourhood start may take
NEIGHBOURHOOD_SHARE = 0.4

#: ... and only in slices of this many seconds or more: under a tight time limit (a few
#: seconds for the whole run) the extra LP and restricted MIP would not leave HiGHS enough
NEIGHBOURHOOD_MIN_SLICE_S = 10.0

#: closed links of best reduced cost added to the LP's support (the FR heat run's 352-link
#: component needs 60 for its optimum; 30 gave an incumbent 1.2 % below it)
NEIGHBOURHOOD_EXTRA = 60

#: how a batch is solved: (arrays, options, deadline in epoch s, time limit in s, start) ->
#: result (`schedule._solve_one`: in this process, or in a child under the watchdog)
SolveOne = Callable[..., BatchResult]


def applies(arr: MilpArrays, opts: SolverOptions) -> bool:
    """Whether `arr` is a plain link model of the size this heuristic is for: HiGHS, one
    period, NEIGHBOURHOOD_MIN_BINARIES to NEIGHBOURHOOD_MAX_BINARIES link switches and no
    other binaries (no hubs, supply builds, placements, heat levels or networks)."""
    return (opts.name == "highs" and arr.periods == 1
            and NEIGHBOURHOOD_MIN_BINARIES <= len(arr.cols["y"]) < NEIGHBOURHOOD_MAX_BINARIES
            and not any(b in arr.cols for b in ("w", "v", "p", "level", "chain", "arc", "size")))


def relaxation(arr: MilpArrays, opts: SolverOptions,
               limit: float) -> tuple[float, np.ndarray, np.ndarray, np.ndarray] | None:
    """(objective, solution, reduced costs, row duals) of the LP relaxation of `arr`, or None."""
    import highspy

    from eitflow.solve.highs import highs_model

    h = highs_model(arr.relaxed())
    h.setOptionValue("time_limit", float(max(limit, 0.01)))
    h.setOptionValue("threads", int(opts.threads))   # as every other solve here: HiGHS keeps one scheduler
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    sol = h.getSolution()
    return (float(h.getInfo().objective_function_value), np.asarray(sol.col_value, float),
            np.asarray(sol.col_dual, float), np.asarray(sol.row_dual, float))


def neighbourhood(arr: MilpArrays, z: np.ndarray, rc: np.ndarray, extra: int = NEIGHBOURHOOD_EXTRA) -> np.ndarray:
    """Mask over the link switches (y columns): those the LP solution `z` opens (even
    fractionally), and the `extra` closed ones whose opening at full use is worth most at
    the LP's prices: reduced cost of y plus the reduced cost of x times its big-M (`rc`:
    the LP's column duals, a maximisation)."""
    ys, xs = arr.cols["y"].slice, arr.cols["x"].slice
    link = arr.local(arr.cols["y"].labels)
    keep = z[ys] > 1e-6
    score = rc[ys] + rc[xs][link] * arr.ub[xs][link]
    closed = np.flatnonzero(~keep)
    best = closed[np.argsort(-score[closed], kind="stable")[:extra]]
    keep[best] = True
    return keep


def neighbourhood_start(arr: MilpArrays, opts: SolverOptions, deadline: float, budget: float,
                        solve_one: SolveOne) -> tuple[np.ndarray | None, float | None]:
    """(incumbent for all of `arr`'s columns, LP bound), or (None, LP bound or None) when the
    restricted MIP finds nothing in time. Solved within `budget` seconds, never past
    `deadline` (epoch s); the restricted MIP at a quarter of the gap target, so the
    incumbent is as good as the neighbourhood allows."""
    t0 = time.time()
    lp = relaxation(arr, opts, min(budget, max(deadline - t0, 0.01)))
    if lp is None:
        return None, None
    lp_obj, z, rc, _ = lp
    keep = neighbourhood(arr, z, rc)
    ub = arr.ub.copy()
    ys = arr.cols["y"].slice
    ub[ys] = np.where(keep, ub[ys], 0.0)
    left = min(budget - (time.time() - t0), deadline - time.time())
    if left <= 0.05:
        return None, lp_obj
    sub = solve_one(dataclasses.replace(arr, ub=ub), opts.model_copy(update={"mip_gap": opts.mip_gap / 4}),
                     deadline, left)
    if sub.z is None or sub.status not in (Status.OPTIMAL, Status.FEASIBLE):
        return None, lp_obj
    return np.asarray(sub.z, float), lp_obj


def solve_neighbourhood_first(arr: MilpArrays, opts: SolverOptions, deadline: float, limit: float,
                              solve_one: SolveOne, min_slice_s: float = 1.0) -> BatchResult:
    """Solve a batch from the neighbourhood start (`schedule._solve_batch` does so for the
    batches `applies` to, where the batch runs: here, a worker or a cluster): its incumbent
    alone when it is within the gap target of the LP bound, else HiGHS on the whole batch
    warm-started from it for the rest of `limit`. The better incumbent and the tighter of the
    LP's and HiGHS's bounds are kept."""
    t0 = time.time()
    z, lp_bound = neighbourhood_start(arr, opts, deadline, limit * NEIGHBOURHOOD_SHARE, solve_one)
    # the rest of the slice, never past the deadline
    left = min(max(min_slice_s, limit - (time.time() - t0)), deadline - time.time())
    if z is None and left <= 0:
        return BatchResult(Status.TIME_LIMIT, None, None, None, time.time() - t0, "no time left for this component")
    if z is None:
        r = solve_one(arr, opts, deadline, left)
        if lp_bound is None or r.bound is None or r.bound <= lp_bound:
            return r
        return BatchResult(r.status, r.objective, lp_bound, r.z, r.seconds, r.message)
    obj = float(arr.c @ z)
    if lp_bound is not None and lp_bound - obj <= opts.mip_gap * max(abs(obj), 1.0):
        return BatchResult(Status.OPTIMAL, obj, lp_bound, z, time.time() - t0,
                           "neighbourhood incumbent within the gap target of the LP bound")
    if left <= 0:
        return BatchResult(Status.FEASIBLE, obj, lp_bound, z, time.time() - t0,
                           "neighbourhood incumbent; no time left for the whole component")
    r = solve_one(arr, opts, deadline, left, start=z)
    keep_r = r.z is not None and r.objective is not None and r.objective >= obj
    bounds = [b for b in (lp_bound, r.bound) if b is not None]
    bound = max(min(bounds), r.objective if keep_r else obj) if bounds else None  # type: ignore[type-var]
    status = Status.OPTIMAL if r.status == Status.OPTIMAL else Status.FEASIBLE
    return BatchResult(status, r.objective if keep_r else obj, bound, r.z if keep_r else z, time.time() - t0,
                       f"neighbourhood start; {r.message}")
