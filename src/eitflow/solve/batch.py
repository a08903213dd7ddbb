"""One batch solved the way its size and shape call for, within its slice of the time and never
past the run's deadline: in a child process under the watchdog when it is large or would end
near the deadline (`isolated`); a hub model with many legs from its aggregated model first, a
facility-location batch from a Lagrangian bound first (`solve.facility`), a large siting batch
from its LP's support first (`solve.lagrange`'s bound and component search); any other in one
solver call. How the time is shared among the batches: `solve.schedule`.
"""

from __future__ import annotations

import dataclasses
import time
from typing import TYPE_CHECKING

import numpy as np

from eitflow.i18n import Phrase
from eitflow.model.arrays import MilpArrays
from eitflow.scenario import SolverOptions
from eitflow.solve.backends import backend
from eitflow.solve.highs import relaxation as _relaxation  # the LP with its duals
from eitflow.solve.lagrange import component_search, count_lagrangian
from eitflow.solve.status import BatchResult, Status

if TYPE_CHECKING:
    from eitflow.solve.facility import HubStructure

MIN_SLICE_S = 1.0


ISOLATE_LINKS = 500  # components this large run in a child process under a wall-clock watchdog ...


ISOLATE_SLACK_S = 5.0  # ... when their solve would end within this long of the deadline ...


ISOLATE_ALWAYS_LINKS = 20_000  # ... or when they are this large (their LP alone may overrun a limit)


def isolated(arr: MilpArrays, opts: SolverOptions, deadline: float | None = None, limit: float | None = None) -> bool:
    """Whether a solve of `arr` with `limit` s before `deadline` (epoch s) runs in a child
    process under the watchdog. A mid-sized solve that ends well before the deadline may
    overrun its own limit a little without breaking the run's, and runs here: a fresh
    interpreter costs 0.5-1 s of CPU per solve (15 s of 36 on the synthetic 10 km case,
    whose 30-odd components of 500-2,500 links are solved once or more each). Without a
    deadline: whether the batch may be isolated at all (to start a spare child ahead)."""
    if opts.isolate != "auto":
        return opts.isolate == "always"
    if arr.n_x < ISOLATE_LINKS:
        return False
    if arr.n_x >= ISOLATE_ALWAYS_LINKS or deadline is None or limit is None:
        return True
    return deadline - (time.time() + limit) < ISOLATE_SLACK_S


AGGREGATED_FIRST_LEGS = 20_000  # hub models with this many strong leg rows start from the aggregated model


AGGREGATED_SHARE = 0.4          # of the batch's time


LAGRANGE_MIN_LEGS = 5_000       # facility-location batches this large start with a Lagrangian bound


LAGRANGE_SHARE = 0.75           # of the batch's time: the bound, the primal search (`solve.hubsearch`)


SITING_LP_FIRST = 2_000         # siting batches with this many candidate placements start from their LP's support


SITING_SUPPORT_SHARE = 0.3      # of the time left after the LP and the Lagrangian bound, for the MIP over the
                                # placements the LP uses (then the component search)


SITING_SUPPORT_PER_ACTIVITY = 10  # ... and, per activity, this many more: those of the best LP reduced cost


SITING_LAGRANGE_SHARE = 0.3     # of the batch's time, for the Lagrangian bound over the count rows


def _solve_batch(arr: MilpArrays, opts: SolverOptions, deadline: float, budget: float | None = None,
                 start: np.ndarray | None = None) -> BatchResult:
    """Solve one batch within `budget` seconds and never past `deadline` (epoch seconds);
    `start` warm-starts HiGHS from an earlier incumbent."""
    remaining = deadline - time.time()
    if remaining <= 0:
        return BatchResult(Status.TIME_LIMIT, None, None, None, 0.0, Phrase("sol_no_time"))
    limit = remaining if budget is None else min(remaining, budget)
    if start is None and opts.name == "highs" and arr.n_leg_rows >= LAGRANGE_MIN_LEGS:
        from eitflow.solve.facility import hub_structure
        hs = hub_structure(arr)
        if hs is not None:
            return _solve_lagrange_first(arr, hs, opts, deadline, limit)
    if start is None and opts.name == "highs" and arr.n_leg_rows >= AGGREGATED_FIRST_LEGS:
        return _solve_aggregated_first(arr, opts, deadline, limit)
    if start is None and opts.name == "highs" and "p" in arr.cols and len(arr.cols["p"]) >= SITING_LP_FIRST:
        return _solve_lp_support_first(arr, opts, deadline, limit)
    return _solve_one(arr, opts, deadline, limit, start)


def _solve_one(arr: MilpArrays, opts: SolverOptions, deadline: float, limit: float,
               start: np.ndarray | None = None) -> BatchResult:
    if isolated(arr, opts, deadline, limit):
        from eitflow.solve.watchdog import solve_guarded
        return solve_guarded(arr, opts, time.time() + limit, start=start)
    return backend(opts.name).solve(arr, opts, limit, start=start)


def _solve_aggregated_first(arr: MilpArrays, opts: SolverOptions, deadline: float, limit: float) -> BatchResult:
    """Hub models with many legs (facility location at 100 x 1,000): the strong rows
    x_leg <= M w_hub make the LP relaxation tight but slow (70 s for capa), so a MIP with
    them may not finish its root in the time given and has no good incumbent. The
    aggregated model (hub capacity rows only; the same integer solutions) solves its LP in
    a fraction of a second and finds good incumbents fast: it gets AGGREGATED_SHARE of the
    time, then the strong model, warm-started from its incumbent, the rest. The better
    incumbent and the tighter bound are kept."""
    t0 = time.time()
    first = _solve_one(arr.aggregated(), opts, deadline, limit * AGGREGATED_SHARE)
    if first.z is None or first.objective is None:
        return _solve_one(arr, opts, deadline, max(MIN_SLICE_S, limit - (time.time() - t0)))
    second = _solve_one(arr, opts, deadline, max(MIN_SLICE_S, limit - (time.time() - t0)), start=first.z)
    best = second if second.objective is not None and second.objective >= first.objective else first
    bounds = [b for b in (first.bound, second.bound) if b is not None]
    status = Status.OPTIMAL if Status.OPTIMAL in (first.status, second.status) else (
        Status.FEASIBLE if best.z is not None else second.status)
    return BatchResult(status, best.objective, min(bounds) if bounds else None, best.z,
                       first.seconds + second.seconds, f"aggregated model first; {second.message}")


def _solve_lagrange_first(arr: MilpArrays, hs: HubStructure, opts: SolverOptions, deadline: float, limit: float) -> BatchResult:
    """Facility-location batches (`solve.facility`): a Lagrangian bound and a primal from it
    in LAGRANGE_SHARE of the time, then HiGHS on the model with the hubs reduced-cost fixing
    settles, warm-started. Every solution better than the Lagrangian incumbent keeps those
    hubs so, hence the batch's bound is the restricted model's (or the incumbent's value if
    larger), and never above the Lagrangian bound."""
    from eitflow.solve.facility import lagrangian

    t0 = time.time()
    lag = lagrangian(arr, hs, max(MIN_SLICE_S, min(limit * LAGRANGE_SHARE, deadline - t0)))
    if lag.z is None or lag.objective is None:
        return _solve_aggregated_first(arr, opts, deadline, max(MIN_SLICE_S, limit - (time.time() - t0)))
    lb, ub = arr.lb.copy(), arr.ub.copy()
    for h, on in lag.fixed.items():
        lb[hs.w_col[h]] = ub[hs.w_col[h]] = float(on)
    keep = lag.z if all(lag.z[hs.w_col[h]] == float(on) for h, on in lag.fixed.items()) else None
    restricted = dataclasses.replace(arr, lb=lb, ub=ub)
    left = max(MIN_SLICE_S, limit - (time.time() - t0))
    free = np.ones(len(hs.cap), bool)
    free[list(lag.fixed)] = False
    if keep is None and int(free[hs.out_hub].sum()) >= AGGREGATED_FIRST_LEGS:
        # few hubs fixed: the strong LP of what is left would not finish its root in time
        # (the bound is the Lagrangian's anyway), the aggregated model finds incumbents fast
        rest = _solve_aggregated_first(restricted, opts, deadline, left)
    elif int(free[hs.out_hub].sum()) >= AGGREGATED_FIRST_LEGS:
        rest = _solve_one(restricted.aggregated(), opts, deadline, left, start=keep)
    else:
        rest = _solve_one(restricted, opts, deadline, left, start=keep)
    inc = float(lag.objective)
    if rest.status == Status.INFEASIBLE:   # nothing beats the incumbent
        return BatchResult(Status.OPTIMAL, inc, inc, lag.z, time.time() - t0,
                           "Lagrangian incumbent optimal: no better solution with the fixed hubs")
    obj, z = (float(rest.objective), rest.z) if rest.objective is not None and rest.objective > inc else (inc, lag.z)
    # the restricted model's bound covers every solution better than the incumbent
    rest_bound = rest.bound if rest.bound is not None else (obj if rest.status == Status.OPTIMAL else None)
    bound = float(lag.bound) if rest_bound is None else min(float(lag.bound), max(float(rest_bound), inc))
    status = Status.OPTIMAL if rest.status == Status.OPTIMAL else Status.FEASIBLE
    return BatchResult(status, obj, max(bound, obj), z, time.time() - t0,
                       f"Lagrangian bound {lag.bound:.6g} ({lag.iterations} iterations, {lag.primals} primals, "
                       f"{len(lag.fixed)} of {len(hs.cap)} hubs fixed); {rest.message}")


def _count_row(arr: MilpArrays) -> np.ndarray:
    """Per placement column: its activity's count row (position in the block), -1 where the
    activity's count cannot bind (no row)."""
    ps = arr.cols["p"].slice
    labels = np.full(ps.stop - ps.start, -1, np.int64)
    if "count" in arr.rows:
        sub = arr.A.tocsr()[arr.rows["count"].slice][:, ps].tocoo()
        labels[sub.col] = sub.row
    return labels


def _support(arr: MilpArrays, z: np.ndarray, rc: np.ndarray) -> np.ndarray:
    """Mask over the placement columns: those the LP places (even fractionally) and, per
    activity, the SITING_SUPPORT_PER_ACTIVITY others whose reduced cost is the least
    negative (the next placements the LP would take)."""
    ps = arr.cols["p"].slice
    keep = z[ps] > 1e-6
    labels = _count_row(arr)
    r = rc[ps]
    order = np.lexsort((-r, labels))                  # by activity, best reduced cost first
    first = np.searchsorted(labels[order], labels[order], side="left")
    rank = np.arange(len(order)) - first
    keep[order[(rank < SITING_SUPPORT_PER_ACTIVITY)]] = True
    return keep


def _solve_lp_support_first(arr: MilpArrays, opts: SolverOptions, deadline: float, limit: float) -> BatchResult:
    """Siting at scale (thousands of candidate placements coupled by their activities'
    counts): HiGHS alone may find no incumbent for a long time. The LP relaxation places
    only a few of them, even fractionally (135 of 20,848 on the national bench), so a MIP
    with every other placement held at 0, but those and the next ones by reduced cost per
    activity, is small and finds a good plan fast; it is feasible for the whole batch
    (holding binaries at 0 only restricts). The component search (`solve.lagrange`) then
    improves it for the rest of the time, and the whole batch starts from it if time is
    left. The bound kept is the tightest of the LP's, the Lagrangian bound over the
    activities' count rows (`solve.lagrange`: SITING_LAGRANGE_SHARE of the time; its
    components' plans also join the support) and the whole MIP's (the support MIP's bound is
    none: it is a restriction). On the national bench the Lagrangian bound and the search
    close the gap (2.35 % -> 0.9 %); the whole MIP did not finish its root within the time."""
    import dataclasses

    t0 = time.time()
    lp = _relaxation(arr, opts, min(limit, max(deadline - time.time(), 0.01)))
    if lp is None:
        return _solve_one(arr, opts, deadline, max(MIN_SLICE_S, limit - (time.time() - t0)))
    lp_obj, z, rc, row_dual = lp
    t_lp = time.time() - t0
    ps = arr.cols["p"].slice
    keep = _support(arr, z, rc)
    lag = count_lagrangian(arr, z, row_dual, lp_obj, max(0.0, min(limit * SITING_LAGRANGE_SHARE,
                                                                  deadline - time.time())), opts.threads)
    if lag is not None:
        keep |= lag.placed
    ub = arr.ub.copy()
    ub[ps] = np.where(keep, ub[ps], 0.0)
    sub_opts = opts.model_copy(update={"mip_gap": opts.mip_gap / 4})
    left = max(MIN_SLICE_S, limit - (time.time() - t0))
    first = _solve_one(dataclasses.replace(arr, ub=ub), sub_opts, deadline, left * SITING_SUPPORT_SHARE)
    best, improved = first, 0
    t_first = time.time()
    if lag is not None and first.z is not None and first.objective is not None:
        # the rest of the time: the plan improved one component at a time (all its placements
        # free, the others held), a search that keeps every count row
        z_s, obj_s, improved = component_search(arr, first.z, lag, max(0.0, min(limit - (time.time() - t0),
                                                                                deadline - time.time())),
                                                opts.threads)
        if obj_s > first.objective:
            best = BatchResult(Status.FEASIBLE, obj_s, None, z_s, 0.0, "")
    t_search = time.time() - t_first
    left = limit - (time.time() - t0)
    second = None
    if best.z is None or best.objective is None:
        second = best = _solve_one(arr, opts, deadline, max(MIN_SLICE_S, left))
    elif left >= MIN_SLICE_S:  # time left: the whole batch from the plan
        second = _solve_one(arr, opts, deadline, left, start=best.z)
        if second.objective is not None and second.objective >= best.objective:
            best = second
    bound = min(b for b in (lp_obj, None if lag is None else lag.bound, None if second is None else second.bound)
                if b is not None)
    if best.objective is not None:
        bound = max(bound, best.objective)
    within = best.objective is not None and bound - best.objective <= opts.mip_gap * max(abs(best.objective), 1.0)
    status = Status.OPTIMAL if (second is not None and second.status == Status.OPTIMAL) or within else (
        Status.FEASIBLE if best.z is not None else (second.status if second is not None else Status.TIME_LIMIT))
    how = ("" if lag is None else
           f"; Lagrangian bound over the count rows {lag.bound:.6g} (LP {lag.lp:.6g}; {lag.solved} of "
           f"{lag.fractional} fractional components solved, {lag.seconds:.1f} s); {improved} components improved "
           f"by the search ({first.seconds:.1f} s support MIP, {t_search:.1f} s search, {t_lp:.1f} s LP)")
    return BatchResult(status, best.objective, bound, best.z, time.time() - t0,
                       f"LP support first ({int(keep.sum())} of {len(keep)} placements){how}"
                       + ("" if second is None else f"; {second.message}"))
