"""Scheduling the solves within the time limit: each batch gets a share of the time left in
proportion to its work, smallest first; the leftover time then goes to the widest gaps,
warm-started; a batch without a solution keeps its links off with a valid bound. How one batch
is solved (the aggregated model, a Lagrangian bound or the LP's support first): `solve.batch`.
"""

from __future__ import annotations

import dataclasses
import time
from concurrent.futures import Executor

import numpy as np

from eitflow.model.arrays import MilpArrays
from eitflow.model.netpass import pass_best
from eitflow.scenario import SolverOptions
from eitflow.solve.batch import MIN_SLICE_S, _solve_batch
from eitflow.solve.highs import solve_highs
from eitflow.solve.status import BatchResult, Status

FIRST_PASS_MIN_S = 2.0    # first-pass slice per batch: at least this ...


FIRST_PASS_SHARE = 0.01   # ... or this share of the time limit


FALLBACK_LP_S = 2.0  # a component without a solution may take this long (of the time left) for its LP bound


FIRST_PASS_GAP_FACTOR = 2.0  # with several batches, the first pass solves each to this times the gap target ...
#: ... when the target is at least this loose. A tight target is proved by HiGHS's search, which
#: costs about the same at twice it (national FR heat, 352-link component, 10 seeds: 1.91 s CPU
#: at 0.2 %, 1.80 s at 0.1 %), and a second pass restarts it from the root (0.2-0.4 s there). At a
#: loose target (synthetic 10 km, 1 %) it spares the proof on every large batch.
LOOSE_FIRST_PASS_MIN_GAP = 0.005


POOL_MIN_BINARIES = 100  # a batch worth a worker process: HiGHS takes about 0.1 s and more on it


def _work(arr: MilpArrays) -> float:
    """Share of the time budget a batch may claim: its binaries (LP-only batches are quick)."""
    return float(max(1, int(arr.integrality.sum())))


def _run_batches(arrays: list[MilpArrays], opts: SolverOptions, deadline: float, executor: Executor | None,
                 workers: int, bar, starts: dict | None = None, done: dict | None = None) -> list[BatchResult]:
    """Solve batches, smallest first, each with a share of the time left proportional to its
    work: the many small components are done in moments, one hard component cannot starve
    the others, and time a batch does not use passes on to the larger ones. With an
    executor, `workers` batches run at once."""
    from concurrent.futures import FIRST_COMPLETED, wait

    starts, done = starts or {}, done or {}
    results: list[BatchResult | None] = [done.get(k) for k in range(len(arrays))]
    work = [0.0 if k in done else _work(a) for k, a in enumerate(arrays)]
    left = sum(work)
    order = sorted((k for k in range(len(arrays)) if k not in done), key=lambda k: work[k])
    bar.update(len(done))
    slots = 1 if executor is None else max(1, workers)
    # the gap target holds for the whole model, not for each batch: with several batches the
    # first pass solves each one worth a worker to a looser gap, and the second pass tightens
    # the widest gaps only while the sum is above the target (small batches close at once)
    loose = opts.model_copy(update={"mip_gap": opts.mip_gap * FIRST_PASS_GAP_FACTOR}) if order else opts

    def first(k: int) -> SolverOptions:
        return loose if (len(order) > 1 and work[k] >= POOL_MIN_BINARIES
                         and opts.mip_gap >= LOOSE_FIRST_PASS_MIN_GAP) else opts

    # a first pass with short slices: most components close at once, the few hard ones come
    # back with an incumbent and a bound, and the second pass spends the rest where the gap is
    cap = max(FIRST_PASS_MIN_S, FIRST_PASS_SHARE * max(deadline - time.time(), 0.0))
    waiting = len(order)

    def budget(k: int) -> float:
        # A slice never exceeds an equal split of the time left among the batches still
        # waiting (so none is starved), but is not cut shorter than that either: a HiGHS
        # solve stopped and restarted loses its search tree, and the largest batches, which
        # come last, were re-solved 3-4 times over (about twice the CPU of one solve on the
        # national FR heat run). With no more batches than workers: no cap at all.
        time_left = deadline - time.time()
        share = time_left * min(1.0, slots * work[k] / max(left, 1.0))
        return max(MIN_SLICE_S, min(share, max(cap, time_left * slots / max(waiting, 1))))

    if executor is None:
        for k in order:
            arr = arrays[k]
            results[k] = _solve_batch(arr, first(k), deadline, budget(k), start=starts.get(k))
            left -= work[k]
            waiting -= 1
            bar.update(1)
        loosened = [first(k) is loose for k in range(len(arrays))]
        return _second_pass(arrays, _loose(results, opts, loosened), opts, deadline)  # type: ignore[arg-type]
    pending: dict = {}
    # batches below POOL_MIN_BINARIES are solved here while the workers take the others:
    # shipping one to a process or a cluster (pickling, a round trip) costs more than its
    # solve, and a national run has dozens of them
    here = [k for k in order if work[k] < POOL_MIN_BINARIES]
    queue = [k for k in order if work[k] >= POOL_MIN_BINARIES]
    while queue or pending or here:
        while queue and len(pending) < slots:
            k = queue.pop(0)
            pending[executor.submit(_solve_batch, arrays[k], first(k), deadline, budget(k), starts.get(k))] = k
            left -= work[k]
            waiting -= 1
        if here:
            k = here.pop(0)
            results[k] = _solve_batch(arrays[k], first(k), deadline, budget(k), start=starts.get(k))
            left -= work[k]
            waiting -= 1
            bar.update(1)
            continue
        finished, _ = wait(list(pending), return_when=FIRST_COMPLETED)
        for fut in finished:
            results[pending.pop(fut)] = fut.result()
            bar.update(1)
    loosened = [first(k) is loose for k in range(len(arrays))]
    return _second_pass(arrays, _loose(results, opts, loosened), opts, deadline, executor, slots)  # type: ignore[arg-type]


def _loose(results: list[BatchResult], opts: SolverOptions, loosened: list[bool]) -> list[BatchResult]:
    """Batches the first pass solved to its looser gap (`loosened`) and not within
    `opts.mip_gap` are only feasible (so the second pass may tighten them, and no status
    claims more)."""
    out = []
    for r, lo in zip(results, loosened):
        if lo and r.status == Status.OPTIMAL and r.objective is not None and _absgap(r) > opts.mip_gap * max(
                abs(r.objective), 1.0):
            r = dataclasses.replace(r, status=Status.FEASIBLE)
        out.append(r)
    return out


def _absgap(r: BatchResult) -> float:
    return max(0.0, r.bound - r.objective) if r.objective is not None and r.bound is not None else 0.0


def _gap_met(results: list[BatchResult], opts: SolverOptions) -> bool:
    """Whether the assembled gap meets the target; never while a batch that ran out of time
    has no solution (its gap is unknown, not zero)."""
    if any(r.status == Status.TIME_LIMIT and r.objective is None for r in results):
        return False
    obj = sum(r.objective for r in results if r.objective is not None)
    return sum(_absgap(r) for r in results) <= opts.mip_gap * max(abs(obj), 1.0)


def _merge(r: BatchResult, again: BatchResult) -> BatchResult:
    """The better incumbent and the tighter bound of a batch and its re-solve."""
    best = again if again.objective >= r.objective else r  # type: ignore[operator]
    bounds = [b for b in (r.bound, again.bound) if b is not None]
    return BatchResult(again.status if again.status == Status.OPTIMAL else best.status, best.objective,
                       min(bounds) if bounds else None, best.z, r.seconds + again.seconds, again.message)


def _next_batch(results: list[BatchResult], skip: set[int]) -> int | None:
    """The batch to give more time: one still without a solution first, then the widest gap."""
    empty = [k for k, r in enumerate(results) if r.status == Status.TIME_LIMIT and r.objective is None
             and k not in skip]
    todo = [k for k, r in enumerate(results) if r.status == Status.FEASIBLE and _absgap(r) > 0 and k not in skip]
    if empty:
        return empty[0]
    return max(todo, key=lambda j: _absgap(results[j])) if todo else None


def _second_pass(arrays: list[MilpArrays], results: list[BatchResult], opts: SolverOptions,
                 deadline: float, executor: Executor | None = None, slots: int = 1) -> list[BatchResult]:
    """While the whole model is above its gap target and time is left, give more time to
    the batch with the widest absolute gap (doubling its last slice), warm-started from its
    incumbent. A re-solve only ever keeps the better incumbent and the tighter bound, and
    the loop stops as soon as the assembled gap meets the target. With an executor of
    several slots, that many batches (the widest gaps) are re-solved at once."""
    if opts.name == "cbc":
        return results
    if executor is not None and slots > 1:
        return _second_pass_parallel(arrays, results, opts, deadline, executor, slots)
    absgap = _absgap
    slices = {k: max(MIN_SLICE_S, r.seconds) for k, r in enumerate(results)}
    while deadline - time.time() >= MIN_SLICE_S:
        if _gap_met(results, opts):
            break
        # batches still without a solution come first, then the widest gaps
        empty = [k for k, r in enumerate(results) if r.status == Status.TIME_LIMIT and r.objective is None]
        todo = [k for k, r in enumerate(results) if r.status == Status.FEASIBLE and absgap(r) > 0]
        if not todo and not empty:
            break
        k = empty[0] if empty else max(todo, key=lambda j: absgap(results[j]))
        r = results[k]
        slices[k] *= 2
        again = _solve_batch(arrays[k], opts, deadline, slices[k], start=r.z)
        if r.objective is None:
            results[k] = again
            if again.objective is None and again.status != Status.TIME_LIMIT:
                break
            continue
        if again.objective is None:
            break  # the re-solve gave nothing better to work with: keep the incumbent we have
        results[k] = _merge(r, again)
    return results


def _second_pass_parallel(arrays: list[MilpArrays], results: list[BatchResult], opts: SolverOptions,
                          deadline: float, executor: Executor, slots: int) -> list[BatchResult]:
    """The second pass on `slots` workers: the batches with the widest gaps are re-solved at
    once, each on its own; as each returns it is merged, and the next widest gap takes its
    slot. A batch whose re-solve finds no solution is not tried again."""
    from concurrent.futures import FIRST_COMPLETED, wait

    slices = {k: max(MIN_SLICE_S, r.seconds) for k, r in enumerate(results)}
    pending: dict = {}
    stuck: set[int] = set()
    while True:
        while (len(pending) < slots and deadline - time.time() >= MIN_SLICE_S and not _gap_met(results, opts)):
            k = _next_batch(results, stuck | set(pending.values()))
            if k is None:
                break
            slices[k] *= 2
            pending[executor.submit(_solve_batch, arrays[k], opts, deadline, slices[k], results[k].z)] = k
        if not pending:
            return results
        finished, _ = wait(list(pending), return_when=FIRST_COMPLETED)
        for fut in finished:
            k = pending.pop(fut)
            r, again = results[k], fut.result()
            if r.objective is None:
                results[k] = again
                if again.objective is None:
                    stuck.add(k)
            elif again.objective is None:
                stuck.add(k)
            else:
                results[k] = _merge(r, again)


def _has_required(arr: MilpArrays) -> bool:
    """Whether the model has a required demand (a demand row with a lower bound) or must place
    an activity (a count row with min_count > 0): then "build nothing" is not feasible."""
    return bool(np.isfinite(arr.row_lo[arr.rows["demand"].slice]).any()
                or (arr.row_lo[arr.rows["count"].slice] > 0).any())


def _fallback(arr: MilpArrays, res: BatchResult, lp_seconds: float = 0.0) -> BatchResult:
    """All links off; the bound is the LP relaxation's when it can be had within `lp_seconds`, else each
    link at its best, sum_a max(0, c_a M_a - F_a), placements that pay and `model.netpass.pass_best`."""
    xs, ys = arr.cols["x"].slice, arr.cols["y"]
    at_best = np.zeros(arr.shape[1])
    at_best[xs] = arr.c[xs] * arr.ub[xs]     # every flow column at its big-M
    best = arr.link_flow(at_best)
    np.add.at(best, arr.local(ys.labels), arr.c[ys.slice])  # hub costs left out: the bound stays valid
    bound = float(np.maximum(best, 0).sum() + np.maximum(arr.c[arr.cols["p"].slice], 0).sum()) + pass_best(arr)
    if lp_seconds >= 0.05:
        lp = solve_highs(arr.relaxed(), SolverOptions(), lp_seconds)
        if lp.status == Status.OPTIMAL and lp.objective is not None:
            bound = min(bound, lp.objective)
    return BatchResult(Status.FEASIBLE, 0.0, bound, np.zeros(arr.shape[1]), res.seconds,
                       "time limit reached before a first solution; links left off")
