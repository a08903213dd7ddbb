"""HiGHS through highspy: the model is handed over as arrays in one call (PuLP 3's HiGHS
interface adds rows one by one and grows quadratically)."""

from __future__ import annotations

import threading
import time

import numpy as np

from eitflow.model.arrays import MilpArrays
from eitflow.scenario import SolverOptions
from eitflow.solve.fold import fold_fixed
from eitflow.solve.status import BatchResult, IncumbentCallback, Status

#: the thread count of this process's HiGHS scheduler as eitflow last made or found it (None: not
#: known). HiGHS keeps one thread scheduler per process, made at the first solve with that
#: solve's ``threads``; a later solve asking for another count fails with status "Not Set" (a
#: library user solving one scenario with ``threads: 2`` and the next with the default got
#: ``error: Not Set``). Another highspy user of the process may make or re-make it without
#: eitflow knowing (PuLP's ``HiGHS`` solver, with HiGHS's default count): `run` then re-makes it
_SCHEDULER_THREADS: int | None = None
#: held while a scheduler another highspy user made is checked and re-made (`run`): two solves
#: of eitflow running in threads that both meet it must not both tear it down
_SCHEDULER_LOCK = threading.Lock()
#: per thread, a Highs object `solve_highs` hands to its next solve (`_spare`): (process id, object)
_SPARE = threading.local()


def _spare():
    """A Highs core object as a new one is (`clear`: no model, no solution, HiGHS's default
    options), this thread's spare when it has one: making one costs about 0.25 ms, clearing one
    1.5 us, where FCNetLib sp50x100's whole HiGHS run takes 2-3 ms. Taken from the thread's
    slot while in use (a solve within a solve gets its own); one made before a fork is not
    used after it."""
    import os

    import highspy

    got, _SPARE.h = getattr(_SPARE, "h", None), None
    if got is not None and got[0] == os.getpid():
        got[1].clear()
        return got[1]
    # the callback-enabled `Highs` wrapper prints a banner on creation; the core class does not
    return getattr(getattr(highspy, "_core", None), "_Highs", highspy.Highs)()


def _keep_spare(h) -> None:
    """Keep `h` (from `_spare`, done with) as this thread's spare."""
    import os

    _SPARE.h = (os.getpid(), h)


def set_threads(h, threads: int | None = None) -> None:
    """Set HiGHS's ``threads`` option on `h` (None: the count of the process's scheduler, or 1),
    first re-making the process's scheduler when eitflow made it for another count. Every solve of
    eitflow sets its threads here and runs through `run`, which re-makes a scheduler another
    highspy user made for another count: HiGHS's own default would start a scheduler of half the
    machine's cores (and worker threads that a process pool forked afterwards inherits without
    the threads, `driver.worker_pool`). Solves running at once in several threads of one
    process must share one count (a sweep on a cluster of threads runs every run with its
    scenario's count): re-making the scheduler under a running solve is not safe."""
    import highspy

    global _SCHEDULER_THREADS
    n = max(int(threads if threads is not None else (_SCHEDULER_THREADS or 1)), 1)
    if _SCHEDULER_THREADS is not None and n != _SCHEDULER_THREADS:
        highspy.Highs.resetGlobalScheduler(True)   # blocking: its worker threads stop first
    _SCHEDULER_THREADS = n
    h.setOptionValue("threads", n)


def run(h):
    """``h.run()``, HiGHS's status of the run returned; every solve of eitflow runs here.

    HiGHS refuses at once a run whose ``threads`` differ from the count of the process's
    scheduler (status error, model status "Not Set", nothing solved). `set_threads` re-makes
    the schedulers eitflow made; one that another highspy user of the process made (PuLP's
    ``HiGHS`` solver, a user's own highspy) is found here, after the refused run, so a run that
    succeeds costs one comparison more (a probe before each run would cost 0.3 ms, a tenth of a
    small model's solve). The scheduler is then re-made for `h`'s count and the run repeated
    once. The other user is left working: the re-making is blocking (its worker threads stop
    first), and a solve of its own with HiGHS's default ``threads`` (PuLP's) runs on whatever
    scheduler there is.

    Parameters
    ----------
    h : highspy.Highs
        A Highs object holding a model, its ``threads`` set (`set_threads`).

    Returns
    -------
    highspy.HighsStatus
        The status of the last run.
    """
    import highspy

    status = h.run()
    if status == highspy.HighsStatus.kError and h.getModelStatus() == highspy.HighsModelStatus.kNotset:
        n = int(h.getOptionValue("threads")[1])
        if n > 0 and _remake_scheduler(n):
            status = h.run()
    return status


def _remake_scheduler(threads: int) -> bool:
    """Re-make the process's HiGHS scheduler for `threads` (a count of threads) when it has
    another count; whether it now has `threads` (a refused run is repeated only then: once more
    if it was refused for another reason, which the caller then reports)."""
    import highspy

    global _SCHEDULER_THREADS
    with _SCHEDULER_LOCK:
        # an empty model is refused for one reason only: the scheduler's count (another
        # solve of eitflow may have re-made it since this one was refused)
        for attempt in range(2):
            probe = getattr(getattr(highspy, "_core", None), "_Highs", highspy.Highs)()
            probe.setOptionValue("output_flag", False)
            probe.setOptionValue("threads", threads)
            if probe.run() != highspy.HighsStatus.kError:
                _SCHEDULER_THREADS = threads
                return True
            if attempt == 0:
                highspy.Highs.resetGlobalScheduler(True)   # blocking: its worker threads stop first
    return False


def set_time_limit(h, seconds: float, mip: bool = False) -> None:
    """Give `h`'s next run `seconds` of wall-clock time (at least 0.01 s).

    HiGHS 1.16's LP solver compares its ``time_limit`` option with the run time the object has
    accumulated over all its runs (`getRunTime`, which ``clear`` does not reset; HiGHS issue
    #1477), not with the run about to start; its MIP solver compares it with the MIP's own time.
    Set as the time left, the limit cut every LP on an object run before short: an LP on this
    thread's spare object (`_spare`) given 5 s after an LP of 18.6 s stopped at once without a
    solution, and the city's rounds of directed cuts (`lp_rounds`) ended when their LPs had used
    the rounds' time left. So an LP's limit is set past what the object has run already; a MIP's
    is not (after 30 s of run time a MIP given 2.5 s ran 2.5 s, and 32.6 s with its limit set past
    the run time).

    Parameters
    ----------
    h : highspy.Highs
        The Highs object about to run.
    seconds : float
        Wall-clock time allowed to its next run (s); infinite: no limit.
    mip : bool
        Whether the model in `h` has integer columns (HiGHS solves it as a MIP).
    """
    seconds = max(float(seconds), 0.01)
    h.setOptionValue("time_limit", seconds if mip else float(h.getRunTime()) + seconds)


def forget_scheduler() -> None:
    """In a forked child: drop the scheduler copied from the parent without its worker threads
    (non-blocking: they do not exist here); the next solve makes one for its own count."""
    import highspy

    global _SCHEDULER_THREADS
    highspy.Highs.resetGlobalScheduler(False)
    _SCHEDULER_THREADS = None


def highs_model(arr: MilpArrays, h=None):
    """A silent Highs object holding `arr` (a maximisation), passed as arrays in one call."""
    return _passed(arr.A, arr.c, arr.lb, arr.ub, arr.integrality, arr.row_lo, arr.row_hi, h=h)


def _passed(A, c, lb, ub, integrality, row_lo, row_hi, offset: float = 0.0, h=None):
    """A silent Highs object holding max c.z + offset s.t. row_lo <= A z <= row_hi, lb <= z <= ub.
    `A`: a scipy sparse matrix, or the column-wise arrays of one (`solve.fold`'s, which are
    handed over without a scipy matrix made of them)."""
    import highspy

    h = h if h is not None else _spare()
    h.setOptionValue("output_flag", False)
    set_threads(h)
    A = A if isinstance(A, tuple) else A.tocsc()   # `fold._Columnwise` is a named tuple
    # the arrays in one call (a HighsLp filled field by field, its integrality a list of enums,
    # then copied into HiGHS costs 0.2 ms more a model: FCNetLib's sp50x100 solves in 3 ms);
    # integrality 0 everywhere is an LP, as an LP without it
    f64 = np.float64
    h.passModel(int(A.shape[1]), int(A.shape[0]), int(A.indptr[-1]), int(highspy.MatrixFormat.kColwise),
                int(highspy.ObjSense.kMaximize), float(offset), np.asarray(c, f64), np.asarray(lb, f64),
                np.asarray(ub, f64), np.where(np.isfinite(row_lo), row_lo, -highspy.kHighsInf).astype(f64),
                np.where(np.isfinite(row_hi), row_hi, highspy.kHighsInf).astype(f64), A.indptr.astype(np.int32),
                A.indices.astype(np.int32), np.asarray(A.data, f64), np.asarray(integrality).astype(np.int32))
    return h


#: HiGHS's sub-MIP heuristics are switched off for a plain link model (link flows and switches
#: only: no hubs, built supplies, placements, heat levels or networks) of at most this many
#: binaries whose gap target is at most LEAN_HEURISTICS_GAP: there the search tree proves the
#: gap and finds the incumbents on its way, and RINS, RENS and the root reduced-cost sub-MIP
#: cost more than they save. Measured on the national FR heat run at 100 km (four components
#: of 32-470 links, gap 0.2 % in the first pass, 6 seeds, CPU s under load 3-5): 2.44 -> 1.67 in
#: all (32 links 0.18 -> 0.01, 157: 0.32 -> 0.04, 352: 1.31 -> 1.54, 470: 0.63 -> 0.08). Not
#: with a loose target (the synthetic 10 km case, 1 %: an incumbent within the gap of the bound
#: is what ends its solves, and without RINS/RENS its CPU went from 13.4 to 15.7 s), nor on
#: large or structured models, whose incumbents come from those heuristics or our own starts.
LEAN_HEURISTICS_GAP = 0.005
LEAN_HEURISTICS_MAX_BINARIES = 1500
_PLAIN_LINK_BLOCKS = {"x", "y"}


def _small_and_tight(arr: MilpArrays, opts: SolverOptions) -> bool:
    """At most LEAN_HEURISTICS_MAX_BINARIES binaries and a gap target of at most
    LEAN_HEURISTICS_GAP: where the lean rules below may apply."""
    return opts.mip_gap <= LEAN_HEURISTICS_GAP and arr.n_integer <= LEAN_HEURISTICS_MAX_BINARIES


def lean_heuristics(arr: MilpArrays, opts: SolverOptions) -> bool:
    """Whether HiGHS solves `arr` without its sub-MIP heuristics (see LEAN_HEURISTICS_GAP)."""
    return _small_and_tight(arr, opts) and all(b.name in _PLAIN_LINK_BLOCKS for b in arr.cols if len(b) > 0)


#: HiGHS's root reduced-cost sub-MIP (alone: RINS and RENS stay on) is switched off for a model
#: with a shared network (arc and pipe-size columns) of at most LEAN_HEURISTICS_MAX_BINARIES
#: binaries whose gap target is at most LEAN_HEURISTICS_GAP: at the root it fixes columns by
#: reduced cost and solves what is left, and on these models that costs more than it saves.
#: Measured on FCNetLib (HiGHS 1.16, one thread, CPU of HiGHS's run on the textbook model, which
#: eitflow hands over row for row; HiGHS's settings against this, interleaved, load 2.4-5.5;
#: `benchmarks/reference/fcnet-highs-options.json`): the 16 instances under 0.5 s 2,035 ->
#: 1,655 ms in all (medians of 5; k20x380e 0.36, k20x380b 0.53, none slower by more than 3 %);
#: 14 of 0.7-45 s 135.4 -> 95.2 s (one run each; p50x288b 45.1 -> 15.5 s, k10x90 0.81 ->
#: 0.41 s), slower on none (mc8, above the binaries' limit, 89.7 -> 94.2 s). RINS and RENS off
#: as well (`lean_heuristics`) gained more under 0.5 s (1,412 ms) but lost up to 1.9x where the
#: search needs a tree (g55x188c 0.74 -> 1.40 s, g40x132 2.5 -> 3.4 s, r20x100 2.8 -> 3.6 s).
#: HiGHS's feasibility-jump heuristic is switched off with it: it runs before the root LP for a
#: roughly fixed effort, and these models' root (cuts, RINS, RENS) finds the same incumbents.
#: Measured the same way (2026-12-02, load 3-10; `benchmarks/reference/fcnet-feasibility-jump.json`):
#: the 22 instances whose HiGHS run takes under 0.6 s 2,446 -> 2,235 ms in all (medians of 5;
#: faster on all 22, sp90x250 0.64, sp150x300c 0.65, l61x114 0.66, the same node counts); 23 of
#: 0.6-15 s 73.2 -> 73.5 s (one run each, 0.91-1.14; k15x630 1.12 and k15x420 1.02 in three
#: runs, both still 0.6-0.8 of HiGHS's own settings), 4 of 11-38 s 0.92-1.07.
NETWORK_ROOT_RRC_OFF = True
_NETWORK_BLOCKS = {"arc", "size"}


def lean_network_root(arr: MilpArrays, opts: SolverOptions) -> bool:
    """Whether HiGHS solves `arr` without its root reduced-cost sub-MIP (see NETWORK_ROOT_RRC_OFF)."""
    return NETWORK_ROOT_RRC_OFF and _small_and_tight(arr, opts) and any(
        b.name in _NETWORK_BLOCKS and len(b) > 0 for b in arr.cols)


def solve_highs(arr: MilpArrays, opts: SolverOptions, time_limit: float, start: np.ndarray | None = None,
                on_incumbent: IncumbentCallback | None = None) -> BatchResult:
    """HiGHS through highspy, the model passed as arrays in one call. `start` is a feasible
    point (all columns) to warm-start from; `on_incumbent(objective, bound, z)` is called on
    each improving MIP solution (the watchdog streams them to its parent)."""
    import highspy

    t0 = time.perf_counter()
    h = None   # this thread's spare (`_passed`), or, with a callback, the Python wrapper
    if on_incumbent is not None:
        h = highspy.Highs()

        def _cb(e) -> None:
            try:
                d = e.data_out
                zk = np.asarray(d.mip_solution, dtype=float).copy()
                on_incumbent(float(d.objective_function_value), float(d.mip_dual_bound),
                             zk if fo is None else fo.expand(zk))
            except Exception:  # a failed report must not stop the solve
                pass

        h.cbMipImprovingSolution.subscribe(_cb)
    # fixed columns leave the model HiGHS gets (`solve.fold`); solutions are expanded back
    fo = fold_fixed(arr.A, arr.c, arr.lb, arr.ub, arr.integrality, arr.row_lo, arr.row_hi)
    h = highs_model(arr, h) if fo is None else _passed(fo.columnwise, fo.c, fo.lb, fo.ub, fo.integrality, fo.row_lo,
                                                       fo.row_hi, fo.offset, h)
    # HiGHS solves a MIP when a column passed is integer (the fold may have fixed them all)
    set_time_limit(h, time_limit, bool(np.any(arr.integrality if fo is None else fo.integrality)))
    h.setOptionValue("mip_rel_gap", float(opts.mip_gap))
    set_threads(h, opts.threads)
    h.setOptionValue("random_seed", 0)
    if lean_heuristics(arr, opts):
        for name in ("mip_heuristic_run_rins", "mip_heuristic_run_rens", "mip_heuristic_run_root_reduced_cost"):
            h.setOptionValue(name, False)
    elif lean_network_root(arr, opts):
        h.setOptionValue("mip_heuristic_run_root_reduced_cost", False)
        h.setOptionValue("mip_heuristic_run_feasibility_jump", False)
    if start is not None:
        zs = np.asarray(start, float) if fo is None else fo.reduce(start)
        h.setSolution(len(zs), np.arange(len(zs), dtype=np.int32), zs)
    run(h)
    ms = h.getModelStatus()
    info = h.getInfo()
    has_sol = info.primal_solution_status == 2  # kSolutionStatusFeasible
    M = highspy.HighsModelStatus
    is_mip = bool(arr.integrality.any())
    obj = float(info.objective_function_value) if has_sol else None
    if is_mip:
        bound = float(info.mip_dual_bound) if np.isfinite(info.mip_dual_bound) else None
    else:
        bound = obj if ms == M.kOptimal else None
    stopped = {getattr(M, n) for n in ("kTimeLimit", "kIterationLimit", "kSolutionLimit", "kInterrupt",
                                       "kObjectiveBound", "kObjectiveTarget", "kMemoryLimit", "kHighsInterrupt")
               if hasattr(M, n)}
    if ms == M.kOptimal:
        status = Status.OPTIMAL
    elif ms in (M.kInfeasible, M.kUnboundedOrInfeasible, M.kUnbounded):
        status = Status.INFEASIBLE
    elif ms in stopped:
        status = Status.FEASIBLE if has_sol else Status.TIME_LIMIT
    elif ms == M.kModelEmpty:  # nothing left to choose (every column fixed, or none)
        status = Status.OPTIMAL
        obj = bound = 0.0 if fo is None else fo.offset
    else:
        status = Status.ERROR
    z = np.asarray(h.getSolution().col_value) if has_sol else None
    said = h.modelStatusToString(ms)
    if on_incumbent is None:
        _keep_spare(h)   # nothing is read from it below
    if fo is not None and (z is not None or ms == M.kModelEmpty):
        z = fo.expand(np.zeros(0) if z is None else z)
    left = time_limit - (time.perf_counter() - t0)
    if start is not None and z is not None and obj is not None and left > 0.01 \
            and abs(float(arr.c @ z) - obj) > 1e-7 * max(1.0, abs(obj)):
        # HiGHS 1.16 can hand back the start's column values with a better plan's objective (a
        # co2 siting's money stage: objective 720,656 EUR/yr, the start's 420,656 in its columns,
        # an activity earning 300,000 left out): the solve again without the start
        return solve_highs(arr, opts, left, None, on_incumbent)
    return BatchResult(status, obj, bound, z, time.perf_counter() - t0, said)


def relaxation(arr: MilpArrays, opts: SolverOptions,
               limit: float) -> tuple[float, np.ndarray, np.ndarray, np.ndarray] | None:
    """(objective, solution, reduced costs, row duals) of the LP relaxation of `arr` solved
    within `limit` seconds, or None when it does not solve to optimality."""
    import highspy

    h = highs_model(arr.relaxed())
    set_time_limit(h, limit)
    set_threads(h, opts.threads)
    run(h)
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    sol = h.getSolution()
    return (float(h.getInfo().objective_function_value), np.asarray(sol.col_value, float),
            np.asarray(sol.col_dual, float), np.asarray(sol.row_dual, float))


def lp_rounds(h, budget_s: float, t0: float, rounds: int):
    """Re-solve the LP in the highspy instance `h` once per round (the caller adds rows
    between rounds, warm-started from the last basis), within `budget_s` seconds from `t0`
    (`time.perf_counter`): yields the round's index after each optimal solve; ends after
    `rounds`, at the first solve that is not optimal, or when the time is out. Each round's LP
    gets the time left of the budget whatever `h` has run before (`set_time_limit`)."""
    import highspy

    for r in range(rounds):
        left = budget_s - (time.perf_counter() - t0)
        if left <= 0:
            return
        set_time_limit(h, left)   # the rounds get their budget whatever the object has run
        run(h)
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return
        yield r


class HighsBackend:
    """HiGHS through highspy (`Backend`): warm starts and incumbent callbacks."""

    name = "highs"

    def available(self) -> bool:
        try:
            import highspy  # noqa: F401
        except ImportError:  # pragma: no cover - a dependency
            return False
        return True

    def solve(self, arr: MilpArrays, opts: SolverOptions, time_limit: float, start: np.ndarray | None = None,
              on_incumbent: IncumbentCallback | None = None) -> BatchResult:
        return solve_highs(arr, opts, time_limit, start=start, on_incumbent=on_incumbent)
