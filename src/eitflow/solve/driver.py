"""`solve`: formulate every batch, schedule the solves within the time limit, check and
assemble one solution with one honest status, bound and gap."""

from __future__ import annotations

import dataclasses
import sys
import time
from concurrent.futures import Executor, ProcessPoolExecutor
from typing import Any

import numpy as np
import pandas as pd

import eitflow.i18n as i18n
import eitflow.solve.schedule as schedule
from eitflow.candidates.generate import Candidates
from eitflow.i18n import Code, Count, Phrase, Sentences, Unit
from eitflow.model.arrays import MilpArrays, check_extra
from eitflow.model.build import build_arrays
from eitflow.progress import progress_bar
from eitflow.scenario import Scenario, SolverOptions
from eitflow.solve.batch import ISOLATE_ALWAYS_LINKS, MIN_SLICE_S
from eitflow.solve.budget import CO2_COST_S
from eitflow.solve.check import _clean
from eitflow.solve.decompose import _batches, components, placement_batches
from eitflow.solve.diagnose import diagnose, diagnosis_phrase
from eitflow.solve.executors import executor_slots
from eitflow.solve.highs import solve_highs
from eitflow.solve.readback import builds, empty_columns, read_columns
from eitflow.solve.schedule import (
    FALLBACK_LP_S,
    _fallback,
    _has_required,
    _run_batches,
    _work,
)
from eitflow.solve.status import BatchResult, Solution, Status, relative_gap

# faster on each component alone than on a block-diagonal batch: 1.7 s vs 18 s on FR heat 30 km)
LP_GUIDED_MIN_BINARIES = 1500  # components this large first get an LP-guided incumbent


LP_GUIDED_SHARE = 0.4          # of their time share
# `solve.co2cost`'s time: what the solve took, or this share of the limit; `CO2_COST_S` past the limit at
# most, which the run's budget keeps back (`solve.budget`)
CO2_COST_SHARE = 0.25


def _lp_guided_start(scen: Scenario, cand: Candidates, arr: MilpArrays, opts: SolverOptions, deadline: float,
                     budget: float, executor: Executor | None) -> tuple[np.ndarray | None, float | None]:
    """A first incumbent for a large component, and the bound of its LP relaxation.

    The LP relaxation's support (links with flow) is a small set that usually splits into
    many independent components; solving those is fast, and any solution on a subset of
    links is feasible for the whole component. Returns (start point for `arr`'s columns,
    LP bound), or (None, None) when it does not apply."""
    if arr.periods != 1 or any(b in arr.cols for b in ("w", "v", "p", "size_supply", "level", "chain", "arc")) or opts.name != "highs":
        return None, None
    t0 = time.time()
    lp = solve_highs(arr.relaxed(), opts, min(budget, max(deadline - time.time(), 0.01)))
    if lp.status != Status.OPTIMAL or lp.z is None:
        return None, None
    xs, ys = arr.cols["x"], arr.cols["y"]
    support = np.flatnonzero(arr.x(lp.z) > 1e-6 * np.maximum(1.0, arr.ub[xs.slice]))
    if len(support) == 0:
        return None, lp.objective
    sub_links = arr.links[support]
    sub = Candidates(links=cand.links.iloc[sub_links].reset_index(drop=True), dropped=cand.dropped,
                     nearest_km=cand.nearest_km, in_range=cand.in_range)
    left = max(MIN_SLICE_S, budget - (time.time() - t0))
    sub_opts = opts.model_copy(update={"time_limit_s": min(left, max(deadline - time.time(), 0.01)),
                                       "mip_gap": opts.mip_gap / 4})
    sub_scen = dataclasses.replace(scen, params=scen.params.model_copy(update={"solver": sub_opts}))
    sol = solve(sub_scen, sub, executor=executor)
    if sol.objective is None:
        return None, lp.objective
    z = np.zeros(arr.shape[1])
    z[xs.start + support] = sol.flow  # one period: x column k is link k
    z[ys.slice] = (z[xs.start + arr.local(ys.labels)] > 0).astype(float)
    return z, lp.objective


def worker_pool(workers: int) -> Executor | None:
    """A process pool whose workers die with this process (`procs.worker_init`: parent-death
    signal, Ctrl-C left to the parent); None inside a daemonic process (a Dask worker, a
    `multiprocessing` daemon), which may not have children of its own: batches then run one
    after the other (the watchdog's subprocess child still works there)."""
    import multiprocessing as mp

    if mp.current_process().daemon:
        return None
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
    return ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_pool_init)


def _pool_init() -> None:
    """`procs.worker_init`, and a fresh HiGHS thread scheduler: HiGHS keeps one per process,
    and a fork copies the parent's without its worker threads (had HiGHS run there with
    threads, every solve here would end "Not Set")."""
    import eitflow.procs as procs

    procs.worker_init()
    if "highspy" in sys.modules:
        from eitflow.solve.highs import forget_scheduler

        forget_scheduler()


def stop_pool(pool: Executor) -> None:
    """Stop a pool now: pending batches cancelled, its worker processes killed."""
    procs_ = list(getattr(pool, "_processes", {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for p in procs_:
        try:
            p.kill()
        except (OSError, AttributeError):
            pass
    for p in procs_:
        try:
            p.join(2)
        except (OSError, AttributeError, AssertionError):
            pass


def pool_pays(arrays: list[MilpArrays]) -> bool:
    """Whether a process pool pays for itself: at least two batches with POOL_MIN_BINARIES
    binaries or more, so two solves of some length can overlap. Starting a pool (fork, then
    every batch pickled there and back) costs about 0.1 s and a busy machine's time
    slices; many tiny batches run faster one after the other in this process, and a run
    with one hard batch gains nothing from a second worker."""
    return sum(_work(a) >= schedule.POOL_MIN_BINARIES for a in arrays) >= 2


def _isolated(arr: MilpArrays, opts: SolverOptions) -> bool:
    """Whether `arr` is always solved under the watchdog (a spare child is started ahead)."""
    return opts.isolate == "always" or (opts.isolate == "auto" and arr.n_x >= ISOLATE_ALWAYS_LINKS)


def solve(scen: Scenario, cand: Candidates, executor: Executor | None = None,
          extra: list | None = None, progress: bool = False, keep_batches: bool = False,
          deadline: float | None = None, plan: Solution | None = None) -> Solution:
    """Formulate and solve every component within the scenario's time limit.

    Parameters
    ----------
    scen : Scenario
    cand : Candidates
    executor : concurrent.futures.Executor, optional
        Where batches run, as many at once as it has workers (`solve.executors`: a process
        pool, or a Dask cluster's `dask_executor`); a process pool is made for
        `solver.workers` > 1 when None and two batches or more are worth a worker (`pool_pays`).
    extra : list of LinearConstraint, optional
        Rows added by analyses; they may couple components, so the model is then solved whole.
    progress : bool
        Show a progress bar over the batches.
    deadline : float, optional
        Epoch seconds by which solving must be over (default: now + `time_limit_s`); a
        watchdog's child may take `watchdog.GRACE_S` more before it is killed. Nothing here
        runs past it: the LP bound of a component without a solution and the diagnosis of an
        infeasible model use only the time left.
    keep_batches : bool
        Keep every batch's arrays and result on the solution (`Solution.batches`), to re-solve
        them (siting ranks placements so).
    plan : Solution, optional
        A plan feasible for this model, over `cand` (the co2 plan, for the money stage of
        `solve.lexico`): each batch without a start of its own starts from it (`solve.planstart`).

    Returns
    -------
    Solution
        Status (`Status`), objective and bound (EUR/yr, or tCO2/yr) and gap, the flow of every
        candidate link (supply base units/yr) and what is built; for an infeasible model the
        diagnosis (`solve.diagnose`) of every required demand that cannot be met.

    Raises
    ------
    SolveError
        When a solver returns a solution that violates the model (checked before use).
    TypeError, ValueError
        `extra` is not a list of `LinearConstraint` one coefficient per candidate link
        (`model.arrays.check_extra`).
    """
    if extra is not None:
        check_extra(extra, len(cand), 0 if cand.network is None else len(cand.network.corridor_arrays["a"]))
    with scen.reading():   # each flow column read once (`Scenario.reading`)
        return _solve(scen, cand, executor, extra, progress, keep_batches, deadline, plan)


def _solve(scen: Scenario, cand: Candidates, executor: Executor | None, extra: list | None, progress: bool,
           keep_batches: bool, deadline: float | None, plan: Solution | None = None) -> Solution:
    """`solve`, within `Scenario.reading`."""
    opts = scen.params.solver
    t0 = time.perf_counter()
    deadline = time.time() + opts.time_limit_s if deadline is None else deadline
    siting = scen.placements is not None
    pbatches: list[np.ndarray | None]
    if siting and not extra:
        ncomp, batches, pb = placement_batches(scen, cand)
        pbatches = list(pb)
    else:
        ncomp, comp = components(scen, cand)
        batches = _batches(comp, ncomp) if not extra else ([np.arange(len(cand))] if len(cand) else [])
        pbatches = [None] * len(batches)
        if siting:  # analyses' rows couple everything: one model with every placement
            batches = [np.arange(len(cand))]
            pbatches = [np.arange(len(scen.placements) if scen.placements is not None else 0)]
    req = scen.required_demands()
    if siting:  # a placed activity's required demand without a link only rules that placement out
        req &= scen.flows["placement"].to_numpy(np.int64) < 0
    linked = np.zeros(len(scen.flows), bool)
    dl = np.asarray(cand.column("demand"), np.int64)
    linked[dl[dl >= 0]] = True
    orphan_required = np.flatnonzero(req & ~linked)
    if len(orphan_required):
        # infeasible whatever the rest does; the other required demands are re-solved elastically
        # so every one that cannot be met is named, not only those without a link
        with_req = [a for a in (build_arrays(scen, cand, b, extra=extra, placements=pb)
                                for b, pb in zip(batches, pbatches)) if _has_required(a)]
        diag = diagnose(scen, cand, with_req, orphans=orphan_required, deadline=max(deadline, time.time() + 1.0))
        return Solution(Status.INFEASIBLE, None, None, None, np.zeros(len(cand)),
                        np.zeros(len(cand), bool), ncomp, len(batches), 0, 0, 0, opts.name,
                        time.perf_counter() - t0, 0.0, message=diagnosis_phrase(diag, sites=scen.sites), diagnosis=diag)
    # batches built past the deadline get the point model (no heat levels: cheap, and a
    # relaxation) and no solve: their links stay off, bounded by each link's best case
    arrays, late = [], {}
    for k, (links_k, pl_k) in enumerate(zip(batches, pbatches)):
        over = time.time() >= deadline and not extra
        arrays.append(build_arrays(scen, cand, links_k, extra=extra, placements=pl_k, levels=not over))
        if over:
            late[k] = BatchResult(Status.TIME_LIMIT, None, None, None, 0.0, Phrase("sol_no_time_build"))
    t_build = time.perf_counter() - t0
    step0 = scen.params.heat_level_step_k
    rounded = [a.cascade.step_k for a in arrays if a.cascade is not None and a.cascade.step_k != step0]
    t1 = time.perf_counter()
    own = None
    if executor is None and opts.workers > 1 and pool_pays([a for k, a in enumerate(arrays) if k not in late]):
        own = executor = worker_pool(opts.workers)
    if executor is None and deadline - time.time() >= MIN_SLICE_S and any(_isolated(a, opts) for a in arrays):
        from eitflow.solve.watchdog import prestart
        prestart()  # the watchdog's first child imports while the small batches solve
    # a bar only where there are batches enough to wait for, in the run's language
    lang = i18n.resolve_lang(None, scen.params.lang)
    bar: Any = progress_bar(len(arrays), i18n.text("solve_bar", lang), enabled=progress and len(arrays) >= 10,
                            unit=i18n.text("solve_bar_unit", lang), leave=False)
    starts: dict[int, np.ndarray] = {}
    lp_bounds: dict[int, float] = {}
    done: dict[int, BatchResult] = {}
    net_cuts: list[dict] = []
    fallback: dict[int, np.ndarray] = {}  # incumbents that stand where the solver finds none better
    plan_z: dict[int, np.ndarray] = {}
    if plan is not None:
        # first, while the time is there (a large network's schedule below may take all of a
        # short stage's): the plan's start of each batch, one LP; the cuts added below hold for
        # it as for any solution. Leaving that schedule out for the plan's sake cost more than it
        # gave (generated towns of 100 and 150 buildings: -4.29 M EUR/yr against -1.74 M)
        from eitflow.solve.planstart import plan_start
        for k, arr in enumerate(arrays):
            if k not in late and (z := plan_start(arr, plan, opts, deadline)) is not None:
                plan_z[k] = z
    if cand.network is not None and any(a.network is not None for a in arrays):
        # shared networks: cuts, probes, starts and bounds (`solve.netprep`)
        from eitflow.solve.netprep import prepare_networks
        prep = prepare_networks(scen, cand, arrays, opts, deadline, executor, set(late), set(plan_z))
        arrays, starts, lp_bounds, done, net_cuts, fallback = (prep.arrays, prep.starts, prep.lp_bounds, prep.done,
                                                               prep.infos, prep.fallback)
    # fixed-charge links sharing a supply or a demand: flow covers tighten the LP (`solve.flowcover`)
    from eitflow.solve.flowcover import strengthen as cover
    arrays, _ = cover(arrays, opts.threads, deadline, skip=set(done) | set(late))
    if not extra:
        total_work = sum(_work(a) for a in arrays)
        for k, arr in enumerate(arrays):
            if len(arr.cols["y"]) >= LP_GUIDED_MIN_BINARIES and deadline - time.time() >= MIN_SLICE_S:
                share = (deadline - time.time()) * _work(arr) / max(total_work, 1.0) * LP_GUIDED_SHARE
                z, lpb = _lp_guided_start(scen, cand, arr, opts, deadline, share, executor)
                if z is not None and lpb is not None and lpb - float(arr.c @ z) <= opts.mip_gap * max(
                        abs(float(arr.c @ z)), 1.0):
                    # the heuristic's incumbent is already within the gap target of the LP bound
                    done[k] = BatchResult(Status.OPTIMAL, float(arr.c @ z), lpb, z, 0.0,
                                          "LP-guided incumbent within the gap target of the LP bound")
                elif z is not None:
                    starts[k] = z
                if lpb is not None:
                    lp_bounds[k] = lpb
    for k, z in plan_z.items():   # the better of the plan and a start of the batch's own
        if k not in done and (k not in starts or float(arrays[k].c @ z) > float(arrays[k].c @ starts[k])):
            starts[k] = z
    try:
        results = _run_batches(arrays, opts, deadline, executor, executor_slots(executor, opts.workers), bar, starts,
                               {**late, **done})
        for k, z in {**fallback, **starts}.items():  # an earlier incumbent stands if the solver did not beat it
            r, arr = results[k], arrays[k]
            zobj = float(arr.c @ z)
            if r.objective is None or zobj > r.objective:
                results[k] = BatchResult(Status.FEASIBLE, zobj, r.bound, z, r.seconds,
                                         "incumbent from the start (LP-guided, spanning tree, the cut rule's probe or the plan "
                                         "without new corridors)")
        for k, b in lp_bounds.items():
            r = results[k]
            if r.bound is None or b < r.bound:
                results[k] = BatchResult(r.status, r.objective, b, r.z, r.seconds, r.message)
    except BaseException:
        if own is not None:
            stop_pool(own)
            own = None
        raise
    finally:
        bar.close()
        if own is not None:
            own.shutdown()
        from eitflow.solve.watchdog import stop_spare
        stop_spare()
    t_solve = time.perf_counter() - t1

    cols = empty_columns(scen, cand, siting)
    obj: float | None = 0.0
    bound: float | None = 0.0
    messages: list[Phrase | str] = []
    if rounded:
        messages.append(Phrase("sol_rounded", k=float(max(rounded)), n=Count(len(rounded), "n_batches")))
    levels: list[pd.DataFrame] = []
    fell_back: list[int] = []
    # the least-size pass over every network batch ends by the solver's deadline + LEAST_S (kept
    # back by the run's budget), each batch with its share of what is left (`solve.leastsize`)
    from eitflow.solve.leastsize import LEAST_S, pass_deadline
    least_end, nets_left = deadline + LEAST_S, sum(a.network is not None for a in arrays)
    for i, (arr, res) in enumerate(zip(arrays, results)):
        nets_left -= arr.network is not None   # the batches after this one
        if res.z is None and res.status == Status.TIME_LIMIT and not _has_required(arr) and not extra:
            # No incumbent within the time limit. With no required demand, "build nothing" is
            # feasible (objective 0) and the sum of each link's best case is a valid bound.
            res = _fallback(arr, res, lp_seconds=min(FALLBACK_LP_S, deadline - time.time()))
            results[i] = res
            fell_back.append(i)
            messages.append(Phrase("sol_fallback"))
        if res.z is None:
            if res.status != Status.INFEASIBLE:
                messages.append(Phrase("sol_no_solution", status=Code(str(res.status)), why=res.message))
            continue
        zr = res.z
        if scen.params.objective == "co2" and arr.network is not None:
            # the pipes cost nothing in CO2: the cheapest network of the plan (`solve.co2cost`)
            from eitflow.solve.co2cost import cheapest_network
            # as long as the solve took so far or a quarter of the time limit, not past the limit + CO2_COST_S
            zr = cheapest_network(arr, _clean(arr, zr), cand, opts, min(deadline + CO2_COST_S, time.time() + max(
                time.perf_counter() - t0, CO2_COST_SHARE * opts.time_limit_s)))
        elif arr.network is not None:   # an incumbent's pipes at their least sizes, idle ones unbuilt
            from eitflow.solve.leastsize import pipes_at_least
            zr = pipes_at_least(arr, zr, opts, pass_deadline(least_end, nets_left + 1))
        z = read_columns(arr, zr, cols, levels)
        obj = (obj or 0.0) + float(arr.c @ z)
        if bound is not None:
            bound = None if res.bound is None else bound + max(res.bound, res.objective or -np.inf)
    worst = Status.worst([r.status for r in results])
    diag = None
    if worst == Status.INFEASIBLE:
        # name each required demand that cannot be met, and why: an elastic re-solve
        infeasible = [a for a, r in zip(arrays, results) if r.status == Status.INFEASIBLE]
        diag = diagnose(scen, cand, infeasible, deadline=max(deadline, time.time() + 1.0))
        messages.insert(0, diagnosis_phrase(diag, sites=scen.sites))
    if any(r.z is None for r in results):
        obj = bound = None
    if fell_back and obj is not None and not builds(cols):
        # nothing built, only because a component stopped before a first solution: not a plan
        # worth 0 ("feasible, 0 EUR/yr" read as "nothing is worth building"); no solution, and
        # what one may be worth (the bound)
        worst, obj = Status.TIME_LIMIT, None
        results = [dataclasses.replace(r, status=Status.TIME_LIMIT) if i in fell_back else r
                   for i, r in enumerate(results)]
        unit = Unit("EUR/yr" if scen.params.objective == "net_benefit" else "tCO2/yr")
        messages = [Phrase("sol_none_in_time", bound=bound, unit=unit) if bound is not None else Phrase(
            "sol_none_in_time_no_bound")] + [m for m in messages if getattr(m, "key", "") != "sol_fallback"]
    gap = None
    if obj is not None and bound is not None:
        # relative to the objective; not defined (None) at an objective of about 0 (`relative_gap`)
        gap = relative_gap(obj, bound)
        if worst == Status.FEASIBLE and gap is not None and gap <= opts.mip_gap:
            # as a solver reports for one model: optimal within the gap target, proven by the bound
            worst = Status.OPTIMAL
    n_var = sum(a.shape[1] for a in arrays)
    n_bin = sum(a.n_integer for a in arrays)
    n_con = sum(a.shape[0] for a in arrays)
    statuses = [str(r.status) for r in results] or ["optimal"]
    kept = list(zip(arrays, results)) if keep_batches else None
    return Solution(worst, obj, bound, gap, cols.pop("flow"), cols.pop("built"), ncomp, len(batches), n_var, n_bin,
                    n_con, opts.name, t_build, t_solve, message=Sentences(messages[:5]),
                    batch_status={s: statuses.count(s) for s in set(statuses)}, network_cuts=net_cuts,
                    heat_levels=pd.concat(levels, ignore_index=True) if levels else None,
                    heat_level_step_k=max(rounded + [step0]), diagnosis=diag, batches=kept, **cols)

