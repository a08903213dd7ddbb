"""Large shared-network batches: a feasible network and an honest bound for every one, early,
on every worker.

A batch with a large network (the synthetic city; each of the synthetic region's 40 towns)
gets, before HiGHS: its required-node rows (`solve.netnode`, here: cheap), then, as one job
per batch on the executor's workers (`network_first`):

1. the cheapest spanning-tree start (`solve.netstart`, no LP guide): a feasible network in a
   few LP solves on a tree (0.2-0.4 s a town on a quiet machine, against 0.8-1.9 s for the
   town's LP), so the batch has a solution whatever happens next;
2. its LP relaxation, allowed to finish whatever the batch's share (its value is the batch's
   bound; stopped at the deadline, the bound at its duals), then rounds of directed cuts
   (`solve.netcuts`) in what the LP and step 3 leave of the share, none started once it is
   spent; the last LP of the rounds is a bound too;
3. the tree start again, guided by the first LP's point (at least a tree start's time) and by
   the last one's (with the cuts; what is left of the share); the best of the three is kept;
4. with linear sizing, a local search on it (`solve.netlocal`: re-parent and re-root moves,
   each one LP), in whatever the job has left plus LOCAL_SHARE of its budget (taken from
   HiGHS's time after the first jobs, not from the rounds of cuts).

Every batch's tree start, then every batch's first job run before any gets more time, each
job with an equal share (by work) of FIRST_SHARE of the time left; HiGHS then solves the
batches with their cuts from their starts, and the widest gaps get the time left
(`solve.schedule`). Once the time left holds no more than the quick bounds of the batches still
waiting (`flow_bound`: the LP without the size rows, a tenth of the LP's time), or the jobs' share
is spent, those get theirs, then their LP alone (`network_lp`) as far as the time goes, not their
job. Measured on the region at load 4-9 (main 5425b17, HISTORY "The towns' first jobs within their
budgets"): the jobs took 213-270 s against budgets of 57-86 s (3-7 s past its own, the median
job), and HiGHS had 0-49 s of its FIRST_SHARE. Measured on the synthetic region before
this (commit 14b7a0b, load 2-3, 2 workers): the LPs and starts ran one after the other in the
main process (64 s), then the rounds of cuts (another half of the time left), while the second
worker waited. Measured on the region again at load
6.5-9.7 (main 290226b, seeds 0 and 1, one process each): the jobs (LP, then rounds, guided
starts and local search: 4-11 s each against budgets of 0-4 s) took all the time, and the last
5 and 6 towns never started: bounded by their required-node rows alone (`cover_bound`, -12.1
MEUR/yr for seed 0's five, their LPs -35.0), so gaps of 14.7 % and 16.3 % where those LPs give
8.0 % and 7.6 %. Every LP first instead (before any job) left the jobs no time at load 12-16:
plans 0.2-0.5 % dearer; every quick bound first cost 47 s at load 19; the LPs alone of the towns
the jobs would not reach, 0.1-0.45 % (LP_MARGIN). Hence the quick bounds at the end, then LPs
as far as the time goes; an LP stopped by the deadline still bounds its batch at its duals
(`solve.dualbound`).
"""

from __future__ import annotations

import time
from concurrent.futures import Executor
from dataclasses import dataclass

import numpy as np

from eitflow.model.arrays import MilpArrays
from eitflow.scenario import SolverOptions

__all__ = ["FIRST_SHARE", "TownLp", "large_networks", "network_first", "network_lp"]

NETSTART_MIN_BINARIES = 5000  # network batches this large (FCNetLib: <= 2,401) ...
NETSTART_MIN_LINEAR = 300     # ... or with this many linearly sized corridors are "large"
# of the time left: every large batch's first job (starts, LP, cut rounds); the rest for HiGHS.
# Measured on the region's first town: 13 rounds of cuts (17 s, quiet) lift its bound by
# 2.9 % (-6.87 to -7.07 MEUR/yr); HiGHS from the start, 60 s (load 5), by 1.3 % and finds
# no better network, so the rounds get most of the time
FIRST_SHARE = 0.7
# of a large linear batch's first job: added to it for the local search on its best start
# (taken from HiGHS's time: from the start HiGHS improves neither the network nor, much, the
# bound). Measured on the synthetic city, 60 s, eitflow alone, alternating (load 4-7): held
# back from the rounds of cuts instead, 3.79 % and 5.45 % against 4.97 % and 4.41 % without the
# search (the networks 9.28-9.30 against 9.36 MEUR/yr, the bounds 8.79-8.93 against 8.90-8.95);
# added (load 4.6-8.7): 4.26 % and 4.33 % against 4.62 % and 4.20 % (9.296-9.302 against 9.365;
# the bound stays the cut rounds' LP, 8.90, where HiGHS took main's to 8.93-8.97)
LOCAL_SHARE = 0.3
LOCAL_STARTS = 2    # the local search runs from the best starts, this many, in the time it has
# the batches still waiting get their bounds alone (`flow_bound`, then their LPs in the time left), no
# job, once the time left holds no more than their quick bounds, taken as this share of their tree
# start's time (measured on the region, quiet: 0.06-0.10 s against 0.2-0.4 s) ...
FLOW_PER_TREE = 0.5
# ... or than their LPs, this many times the jobs' mean LP so far (one worker's LPs, `slots` at once).
# 0: the jobs run as long as the quick bounds fit. Measured on the region side by side with main at
# load 13-19 (HISTORY, "The region's bound under load"): at 1.2, gaps 28.4 % -> 9.2 % and 28.9 % ->
# 8.9 %, but plans 0.40 % dearer on both (the towns' LPs take the time of the jobs before them); at 0.6,
# 0.13 % and 0.45 % dearer; at 0, the plan as main's (load 6-9: 0.04 % dearer, every LP in time)
LP_MARGIN = 0.0
# the second guided start (step 3) is not begun with less than this left of its job's budget, nor
# either with less than this left before the deadline (s)
GUIDED_MIN_S = 0.1
# a network without a tree start: its LP-support MIP may take this long at least (it stops at
# its first network: town 38 of the region needs 5-20 s at load 4.5, none within 5 s)
SUPPORT_MIN_S = 30.0


def is_large(arr: MilpArrays) -> bool:
    """Whether `arr` holds a large network (NETSTART_MIN_BINARIES binaries or NETSTART_MIN_LINEAR
    linearly sized corridors, or more)."""
    nb = arr.network
    return nb is not None and (arr.n_integer >= NETSTART_MIN_BINARIES or len(nb.lin) >= NETSTART_MIN_LINEAR)


@dataclass
class TownLp:
    """A large batch's LP relaxation solved alone, without its first job (`network_lp`).

    bound: its value where it finished, else the Lagrangian bound at the duals it stopped with
    (`solve.dualbound`), or None (maximisation, EUR/yr). finished: whether it is optimal.
    seconds: wall time. point: its solution where it finished."""

    bound: float | None
    finished: bool
    seconds: float
    point: np.ndarray | None = None


def network_lp(arr: MilpArrays, opts: SolverOptions, deadline: float) -> TownLp:
    """Step 2's LP relaxation of `arr` (module docstring), allowed to run until `deadline`
    (epoch s); nothing is solved past it.

    Parameters
    ----------
    arr : MilpArrays
        A large network batch with its required-node rows.
    opts : SolverOptions
        The solver's options (its threads).
    deadline : float
        Epoch seconds by which the LP stops.

    Returns
    -------
    TownLp
        Where the LP stopped at `deadline`, its bound is the Lagrangian bound at the duals it
        had (EUR/yr): valid, looser than the LP's.
    """
    import highspy

    from eitflow.solve.dualbound import dual_bound
    from eitflow.solve.highs import highs_model, run, set_threads, set_time_limit

    t0 = time.time()
    if deadline - t0 <= 0:
        return TownLp(None, False, 0.0)
    h = highs_model(arr.relaxed())
    set_threads(h, opts.threads)
    # without presolve: stopped at its limit HiGHS then hands back the duals of the whole model
    # (with presolve, none). As fast on the region's towns (seed 0, six towns, one thread: CPU
    # 0.71-0.91 s with presolve, 0.70-0.95 without)
    h.setOptionValue("presolve", "off")
    set_time_limit(h, deadline - t0)
    run(h)
    sol = h.getSolution()
    done = h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    if done:
        bound: float | None = float(h.getInfo().objective_function_value)
    else:
        bound = dual_bound(arr, np.asarray(sol.row_dual, float)) if sol.dual_valid else None
    return TownLp(bound, done, time.time() - t0, np.asarray(sol.col_value) if done else None)


def tree_start(arr: MilpArrays, opts: SolverOptions, deadline: float) -> tuple[np.ndarray | None, float]:
    """Step 1 (module docstring): the cheapest spanning-tree start of `arr`, by `deadline`;
    (the point or None, seconds)."""
    from eitflow.solve.netstart import network_start

    z, s = network_start(arr, opts, max(deadline - time.time(), 0.01))
    return z, float(s.get("seconds", 0.0))


def network_first(arr: MilpArrays, opts: SolverOptions, deadline: float, budget: float,
                  cuts: bool, tree: tuple[np.ndarray | None, float] | None = None
                  ) -> tuple[MilpArrays, np.ndarray | None, float | None, dict]:
    """One large batch's first job (module docstring, steps 1-3; step 1 given as `tree`, the
    result of `tree_start`) within about `budget` s (its LP counted in it), never past `deadline`
    (epoch s); past `budget` only its LP, its first guided start (a tree start's time at least),
    the local search's LOCAL_SHARE and, for a batch without a start, `_support_mip`. Returns (the
    batch with its cut rows, the best start or None, the bound (the tightest LP's, maximisation) or None, a summary: rounds, cuts, LP before and after the
    cuts, each start's objective, the local search's, seconds). `cuts`: rounds of directed
    cuts (linear sizing, one period), else the LP alone."""
    from eitflow.solve.netcuts import LARGE_MAX_FLOWS, add_network_cuts
    from eitflow.solve.netlocal import MIN_BUDGET_S, improve, searchable
    from eitflow.solve.netstart import network_start

    t0 = time.time()
    end = min(t0 + budget, deadline)    # the end of the job's budget

    def left() -> float:
        return max(end - time.time(), 0.0)

    info: dict = {"rounds": 0, "cuts": 0, "lp_before": None, "lp_after": None}
    best, best_obj = None, -np.inf

    found: list[tuple[float, np.ndarray]] = []

    def keep(z: np.ndarray | None, name: str) -> None:
        nonlocal best, best_obj
        obj = None if z is None else float(arr.c @ z)
        info[f"start_{name}"] = obj
        if z is not None and obj is not None:
            found.append((obj, z))
        if obj is not None and obj > best_obj:
            best, best_obj = z, obj

    # 1. a feasible network first, whatever the time (it is the batch's only solution)
    z0, t_start = tree_start(arr, opts, deadline) if tree is None else tree
    keep(z0, "tree")
    # 2. the LP, allowed to finish (stopped at the deadline, its duals bound the batch) but counted in
    # the job's budget: the rounds of cuts get what it and the guided starts leave, and none is started
    # once that is spent (before, they got their share after it, and one round even at budget 0). Stopped
    # at the budget instead, the LPs' duals widened the region's gap (HISTORY, "The towns' first jobs
    # within their budgets": 7.46 % -> 10.44 % on seed 1 at load 6-8)
    bound, first, last = None, None, None
    new = arr
    local = LOCAL_SHARE * budget if searchable(arr) else 0.0     # step 4's, beyond the job's budget
    if cuts and deadline > time.time():
        new, ci = add_network_cuts(arr, left() - 2 * t_start, opts.threads, LARGE_MAX_FLOWS,
                                   first_lp_s=deadline - time.time(), first_counts=True, strict=True)
        first, last = ci.pop("point_first", None), ci.pop("point_last", None)
        info.update({k: ci[k] for k in ("rounds", "cuts", "lp_before", "lp_after")}, lp_s=ci.get("first_lp_s"))
        bound = ci["lp_after"] if ci["lp_after"] is not None else ci.get("dual_bound")
        info["lp_stopped"] = ci.get("skipped", False)
    if bound is None and not info.get("lp_stopped") and deadline > time.time():
        lp = network_lp(arr, opts, deadline)
        info["lp_s"] = info.get("lp_s") or lp.seconds
        info["lp_stopped"] = not lp.finished
        bound, first = lp.bound, lp.point
        if lp.finished:
            info["lp_before"] = info["lp_after"] = bound
    # 3. the tree along the LP's support, before and after the cuts; not twice along one point
    # where no LP with cuts finished and the first found a network (at load 6.5-9.7, 64 of the
    # region's 69 jobs: the second start gained 87,000 EUR/yr in all, for about a second a job,
    # which now goes to the towns the jobs would not reach: their LPs). The first gets at least a
    # tree start's time, the second what the job has left (before, at least a tree start's time
    # too): given only what was left, the first made the region's plans 0.18 % and 0.22 % dearer at
    # load 9-16 (HISTORY, "The towns' first jobs within their budgets")
    for name, guide in (("guided", first), ("guided_cuts", last)):
        if name == "guided_cuts" and info.get("start_guided") is not None and guide is not None \
                and first is not None and np.array_equal(guide, first):
            continue
        if guide is None or deadline - time.time() <= GUIDED_MIN_S:
            continue
        if name == "guided":
            keep(network_start(arr, opts, max(left(), t_start, GUIDED_MIN_S), guide)[0], name)
        elif left() > GUIDED_MIN_S:
            keep(network_start(arr, opts, left(), guide)[0], name)
    if best is None and first is not None and deadline - time.time() > 0.1:   # its only plan: past the budget
        keep(_support_mip(arr, opts, first, max(left(), min(SUPPORT_MIN_S, deadline - time.time()))), "support")
    if best is not None and local > 0:
        # 4. re-parent moves on the best start (never worse), then on the next best in the time
        # left: the search ends in a local optimum, and a start near the cut LP's point can be a
        # worse one (city, load 4.5-6: from 9.334 MEUR/yr one move to 9.321; from 9.365, 13 to 9.282)
        t_local = time.time()
        for _, z0 in sorted(found, key=lambda e: -e[0])[:LOCAL_STARTS]:
            avail = min(left() + local - (time.time() - t_local), deadline - time.time())
            if avail <= MIN_BUDGET_S:
                break
            z, li = improve(arr, z0, opts, avail)
            for k in ("moves", "deep", "lps", "seconds"):
                info[f"local_{k}"] = info.get(f"local_{k}", 0) + li[k]
            keep(z, "local")
    if best is not None and bound is not None:
        bound = max(bound, best_obj)   # the LP solved to a tolerance: never below a solution
    info["seconds"] = time.time() - t0
    return new, best, bound, info


def _support_mip(arr: MilpArrays, opts: SolverOptions, lp_z: np.ndarray, limit: float) -> np.ndarray | None:
    """HiGHS on `arr` with every size the LP point `lp_z` leaves at 0 held off: the fallback
    of a network no tree start fits. Measured on the synthetic region's town 38 (its sources
    barely cover the demand and the losses, so building every corridor, or the trees' extra
    forests, is infeasible): every tree start fails and HiGHS alone finds nothing in 30 s;
    this finds one in 5-20 s at load 4.5 (932 of 2,624 sizes; gap target 100 %: it stops at
    its first network)."""
    import dataclasses

    from eitflow.solve.highs import solve_highs

    nb = arr.network
    assert nb is not None
    ocol = nb.opt_col0 + np.arange(len(nb.options))
    ub = arr.ub.copy()
    ub[ocol[lp_z[ocol] <= 1e-9]] = 0.0
    r = solve_highs(dataclasses.replace(arr, ub=ub), opts.model_copy(update={"mip_gap": 1.0}), max(limit, 0.01))
    return r.z


def large_networks(arrays: list[MilpArrays], modes: list[str], opts: SolverOptions, deadline: float,
                   executor: Executor | None, slots: int) -> tuple[set[int], dict[int, np.ndarray], dict[int, float],
                                                                   list[dict]]:
    """Every large network batch (`is_large`; `modes[k]` "large": with rounds of cuts): its
    required-node rows (in place in `arrays`), then its tree start (`tree_start`), every batch's
    before any job, then its first job (`network_first`), `slots` at once on `executor` (here,
    one after the other, without one or with one batch), each with its share (by work) of
    FIRST_SHARE of the time left; the batch gets its cut rows (in place). Once the time left
    holds no more than the quick bounds of the batches still waiting (FLOW_PER_TREE times their
    mean tree start; or their LPs, LP_MARGIN times the jobs' mean LP), or the jobs' share is spent
    (a job would begin without a budget), those get their quick bound
    (`flow_bound`), then their LP alone (`network_lp`) as far as the time goes, not their job. Returns (those
    batches, their starts, their bounds, a summary per batch)."""
    from concurrent.futures import FIRST_COMPLETED, wait

    from eitflow.solve.netnode import required_node_cuts
    from eitflow.solve.schedule import _work

    todo = [k for k, a in enumerate(arrays) if is_large(a)]
    starts: dict[int, np.ndarray] = {}
    bounds: dict[int, float] = {}
    infos: list[dict] = []
    if not todo:
        return set(), starts, bounds, infos
    for k in todo:
        arrays[k] = required_node_cuts(arrays[k])[0]
    here = executor is None or len(todo) < 2
    slots = 1 if here else max(1, slots)
    # every batch's tree start before any LP: a feasible network everywhere, cheaply, first
    trees = (_map(tree_start, [(arrays[k], opts, deadline) for k in todo], None if here else executor, slots))
    t_end = time.time() + FIRST_SHARE * max(deadline - time.time(), 0.0)
    work_left = sum(_work(arrays[k]) for k in todo)
    tree_of = dict(zip(todo, trees))
    # those without a tree start first: their only way to a network is their LP (`_support_mip`);
    # measured on the region at load 5-8, the first jobs did not all fit and town 38 came too late
    queue = sorted(todo, key=lambda k: tree_of[k][0] is not None)
    for k, (z, _) in tree_of.items():
        if z is not None:
            starts[k] = z
    quick: dict[int, float | None] = {}
    lps: dict[int, TownLp] = {}
    lp_s: list[float] = []   # the jobs' LPs, seconds
    job_s: list[float] = []  # the jobs, seconds
    tree_s = float(np.mean([t for _, t in trees]))

    def lps_only() -> bool:
        # the jobs overrun their shares on a loaded machine (at load 6.5-9.7 the region's last 5-6
        # towns got none): the batches still waiting get their bounds alone once the time left
        # holds no more than their quick bounds (or LPs) after one more job, which may run to the deadline
        per = max(LP_MARGIN * float(np.mean(lp_s)) if lp_s else 0.0, FLOW_PER_TREE * tree_s)
        job = float(np.mean(job_s)) if job_s else 0.0
        # or once the jobs' share is spent: a job would then have no budget (its LP and the start along it)
        return deadline - time.time() < per * len(queue) / slots + job or time.time() >= t_end

    def submit(k: int):
        nonlocal work_left
        budget = max(t_end - time.time(), 0.0) * min(1.0, slots * _work(arrays[k]) / max(work_left, 1.0))
        work_left -= _work(arrays[k])
        args = (arrays[k], opts, deadline, budget, modes[k] == "large", tree_of[k])
        return network_first(*args) if here else executor.submit(network_first, *args)  # type: ignore[union-attr]

    def take(k: int, out) -> None:
        arrays[k], z, b, info = out
        if z is not None:    # the best of its starts (never worse than its tree start)
            starts[k] = z
        if b is not None:
            bounds[k] = b
        infos.append({"batch": k, **info})
        if info.get("lp_s") is not None:
            lp_s.append(info["lp_s"])
        job_s.append(float(info.get("seconds", 0.0)))

    pending: dict = {}
    while queue or pending:
        if queue and lps_only():   # the batches still waiting: their quick bounds, then their LPs, no job
            rest, queue = queue, []
            ex = None if here else executor
            quick.update(zip(rest, _map(flow_bound, [(arrays[k], opts, deadline) for k in rest], ex, slots)))
            lps.update(zip(rest, _map(network_lp, [(arrays[k], opts, deadline) for k in rest], ex, slots)))
        while queue and (here or len(pending) < slots) and not lps_only():
            k = queue.pop(0)
            if deadline - time.time() <= 0:
                continue
            if here:
                take(k, submit(k))
            else:
                pending[submit(k)] = k
        if pending:
            finished, _ = wait(list(pending), return_when=FIRST_COMPLETED)
            for fut in finished:
                take(pending.pop(fut), fut.result())
    for k in todo:
        if k not in bounds:   # no job in time: the tightest bound it has (`end_bound`)
            b = end_bound(arrays[k], lps.get(k), quick.get(k))
            if b is not None:
                bounds[k] = max(b, float(arrays[k].c @ starts[k])) if k in starts else b
    return set(todo), starts, bounds, infos


def end_bound(arr: MilpArrays, lp: TownLp | None, quick: float | None) -> float | None:
    """The bound (EUR/yr) of a batch no job reached: the least of its LP's (`network_lp`: the
    LP's value, or the Lagrangian at its duals where the deadline stopped it), its quick bound
    (`flow_bound`) and its required-node rows' (`cover_bound`), or None without any.

    `cover_bound` is the Lagrangian function of the LP at multipliers on the required-node
    rows alone, so never below the LP's optimum, nor below `flow_bound` (a relaxation keeping
    those rows); it is computed only where neither finished: before, for every town (0.2 ms a
    town of the synthetic region: the bounds are the same, the work is one place less)."""
    got = [b for b in (lp.bound if lp is not None else None, quick) if b is not None]
    if quick is None and not (lp is not None and lp.finished):   # only a stopped LP's, or none
        cover = cover_bound(arr)
        got += [cover] if cover is not None else []
    return min(got) if got else None


#: the rows that tie a corridor's flow to its sizes: `flow_bound` leaves them out
SIZE_ROWS = ("net_capacity", "net_size", "net_cap_max", "net_arc_max")


def flow_bound(arr: MilpArrays, opts: SolverOptions, deadline: float) -> float | None:
    """A bound of `arr` (maximisation, EUR/yr) from its LP relaxation without the rows that tie
    a corridor's flow to its sizes (SIZE_ROWS): fewer rows, a relaxation, so a valid bound.

    What it keeps is what makes up most of a town's LP: the demands served through their
    connections (the links' rows), the required-node rows (a corridor's fixed cost at each
    building, `cover_bound`'s) and the flow balances carrying the heat from the sources with its
    losses. Measured on the synthetic region (seed 0, towns 0, 35, 38; CPU, one thread): -5.69,
    -6.36 and -5.12 MEUR/yr in 0.06-0.08 s, where the LP gives -6.87, -7.41 and -6.04 in
    0.63-0.84 s and `cover_bound` -2.45, -2.26 and -2.10.

    Parameters
    ----------
    arr : MilpArrays
        A large network batch with its required-node rows.
    opts : SolverOptions
        The solver's options (its threads).
    deadline : float
        Epoch seconds by which it stops (then None).

    Returns
    -------
    float or None
        The relaxation's value (EUR/yr), or None where it did not finish by `deadline`.
    """
    import dataclasses

    import highspy

    from eitflow.solve.highs import highs_model, run, set_threads, set_time_limit

    if deadline - time.time() <= 0:
        return None
    keep = np.concatenate([np.arange(b.start, b.stop) for b in arr.rows if b.name not in SIZE_ROWS] + [np.zeros(0, int)])
    # only the arrays HiGHS reads: the row blocks' names are left as they were
    h = highs_model(dataclasses.replace(arr.relaxed(), A=arr.A[keep], row_lo=arr.row_lo[keep], row_hi=arr.row_hi[keep]))
    set_threads(h, opts.threads)
    set_time_limit(h, deadline - time.time())
    run(h)
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    return float(h.getInfo().objective_function_value)


def cover_bound(arr: MilpArrays) -> float | None:
    """A bound (maximisation) of `arr` without an LP, from its required-node rows (`solve.netnode`,
    rows ``net_req``: sum_j a_kj y_j >= lo_k, a > 0, over binaries y), or None (a column with a cost
    and no finite bound). Every column at its best within its bounds (the box) is one; setting
    a binary y_j of cost F_j = max(0, -c_j) to v loses at least F_j v against the box. Column
    j lies in m_j rows; as F_j y_j = sum over its rows of (F_j / m_j) y_j, the rows together
    force a loss of at least sum_k lo_k min_j F_j / (m_j a_kj). Loose (the trunk mains are not
    counted: each building's cheapest corridor only) but valid: a town whose LP did not fit
    in the time limit still has a bound and the run a gap."""
    c, lb, ub = arr.c, arr.lb, arr.ub
    on = c != 0
    best = np.where(c > 0, c * np.where(on, ub, 0.0), c * np.where(on, lb, 0.0))
    if not np.all(np.isfinite(best)):
        return None
    bound = float(best.sum())
    if "net_req" not in arr.rows:
        return bound
    blk = arr.rows["net_req"]
    R = arr.A[blk.start:blk.stop].tocoo()
    lo = arr.row_lo[blk.start:blk.stop]
    cols = R.col
    if not (np.all(R.data > 0) and np.all(lb[cols] == 0.0) and np.all(ub[cols] == 1.0)):
        return bound
    m = np.bincount(cols, minlength=arr.shape[1])
    ratio = np.maximum(-c[cols], 0.0) / (m[cols] * R.data)
    least = np.full(len(lo), np.inf)
    np.minimum.at(least, R.row, ratio)
    least[~np.isfinite(least)] = 0.0    # a row without columns: nothing to say (it is infeasible anyway)
    return bound - float((np.maximum(lo, 0.0) * least).sum())


def _map(fn, args: list[tuple], executor: Executor | None, slots: int) -> list:
    """`fn(*a)` for each of `args`, in order: here without an executor, else `slots` at a time
    on it."""
    from concurrent.futures import FIRST_COMPLETED, wait

    if executor is None:
        return [fn(*a) for a in args]
    out: list = [None] * len(args)
    pending: dict = {}
    nxt = 0
    while nxt < len(args) or pending:
        while nxt < len(args) and len(pending) < slots:
            pending[executor.submit(fn, *args[nxt])] = nxt
            nxt += 1
        finished, _ = wait(list(pending), return_when=FIRST_COMPLETED)
        for fut in finished:
            out[pending.pop(fut)] = fut.result()
    return out
