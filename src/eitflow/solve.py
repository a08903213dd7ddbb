"""Solve the MILP: split into independent components, run HiGHS (arrays) or CBC (PuLP),
check every returned solution against the constraints, and state an honest status.

Connected components of the candidate graph (flows as nodes, links as edges) share no
constraint, so solving them apart is exact. Small components are batched so the solver
is not started thousands of times; batches run in parallel processes when asked.
The assembled status is the worst batch's; objective and bound are sums, so the gap is
that of the whole model.
"""
from __future__ import annotations

import os
import re
import sys
import tempfile
import time
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from .candidates import Candidates
from .errors import SolveError
from .model import MilpArrays, build_arrays
from .scenario import Scenario, SolverOptions

STATUS_ORDER = ["optimal", "feasible", "time_limit", "infeasible", "error"]
BATCH_LINKS = 32  # tiny components are grouped up to this many links per solver call (HiGHS is much
# faster on each component alone than on a block-diagonal batch: 1.7 s vs 18 s on FR heat 30 km)
LP_GUIDED_MIN_BINARIES = 1500  # components this large first get an LP-guided incumbent
LP_GUIDED_SHARE = 0.4          # of their time share
MIN_SLICE_S = 1.0
FIRST_PASS_MIN_S = 2.0    # first-pass slice per batch: at least this ...
FIRST_PASS_SHARE = 0.01   # ... or this share of the time limit
FALLBACK_LP_S = 2.0  # past the deadline, a component without a solution may take this long for its LP bound    # every batch gets at least this long (a first incumbent and the root bound)
ISOLATE_LINKS = 500  # components this large run in a child process under a wall-clock watchdog
FEAS_TOL = 1e-6     # relative tolerance of the solution check
AGGREGATED_FIRST_LEGS = 20_000  # hub models with this many strong leg rows start from the aggregated model
AGGREGATED_SHARE = 0.4          # of the batch's time


@dataclass
class BatchResult:
    status: str                 # optimal | feasible | time_limit | infeasible | error
    objective: float | None
    bound: float | None
    x: np.ndarray | None        # flows, aligned with MilpArrays.links
    y: np.ndarray | None        # binaries, aligned with MilpArrays.ybin
    seconds: float
    message: str = ""


@dataclass
class Solution:
    """The assembled solution of all components.

    flow: per candidate link (supply base units/yr); built: per link, whether it is used.
    objective/bound in EUR/yr (net_benefit) or tCO2/yr (co2); gap = (bound - obj)/|obj|.
    """

    status: str
    objective: float | None
    bound: float | None
    gap: float | None
    flow: np.ndarray
    built: np.ndarray
    n_components: int
    n_batches: int
    n_variables: int
    n_binaries: int
    n_constraints: int
    solver: str
    seconds_build: float
    seconds_solve: float
    message: str = ""
    batch_status: dict = field(default_factory=dict)
    peak_rate: np.ndarray | None = None  # per link: largest period's flow x periods (base unit/yr)
    hub_built: np.ndarray | None = None  # per scenario hub
    heat_levels: pd.DataFrame | None = None  # cascade: link, from_c, to_c (demand scale, degC), amount
    heat_level_step_k: float = 0.0  # largest rounding of heat levels used (0 = exact)
    supply_built: np.ndarray | None = None  # per flow: a supply with an investment that is built


def components(scen: Scenario, cand: Candidates) -> tuple[int, np.ndarray]:
    """(number of components, component label per candidate link)."""
    lk = cand.links
    nf = len(scen.flows)
    if len(lk) == 0:
        return 0, np.zeros(0, np.int64)
    # nodes: flows, then hubs (all resources of a hub share its capacity, so one node each)
    nh = 0 if scen.hubs is None else len(scen.hubs)
    n = nf + nh
    s, d = lk["supply"].to_numpy(np.int64), lk["demand"].to_numpy(np.int64)
    if "hub" in lk:
        h = lk["hub"].to_numpy(np.int64)
        s = np.where(s >= 0, s, nf + h)
        d = np.where(d >= 0, d, nf + h)
    g = sp.coo_matrix((np.ones(len(s)), (s, d)), shape=(n, n))
    _, lab = connected_components(g, directed=False)
    comp_of_link = lab[s]
    uniq, inv = np.unique(comp_of_link, return_inverse=True)
    return len(uniq), inv


def _batches(comp: np.ndarray, ncomp: int) -> list[np.ndarray]:
    """Group link positions by component; big components alone, small ones batched; largest first."""
    if ncomp == 0:
        return []
    order = np.argsort(comp, kind="stable")
    sizes = np.bincount(comp, minlength=ncomp)
    groups = np.split(order, np.cumsum(sizes)[:-1])
    groups.sort(key=len, reverse=True)
    out, cur, cur_n = [], [], 0
    for g in groups:
        if len(g) >= BATCH_LINKS:
            out.append(g)
            continue
        if cur_n + len(g) > BATCH_LINKS:
            out.append(np.concatenate(cur))
            cur, cur_n = [], 0
        cur.append(g)
        cur_n += len(g)
    if cur:
        out.append(np.concatenate(cur))
    return [np.sort(b) for b in out]


# ------------------------------------------------------------------ solvers
def highs_model(arr: MilpArrays, h=None):
    """A silent Highs object holding `arr` (a maximisation), passed as arrays in one call."""
    import highspy

    # the callback-enabled `Highs` wrapper prints a banner on creation; the core class does not
    h = h if h is not None else getattr(getattr(highspy, "_core", None), "_Highs", highspy.Highs)()
    h.setOptionValue("output_flag", False)
    lp = highspy.HighsLp()
    A = arr.A.tocsc()
    lp.num_col_, lp.num_row_ = A.shape[1], A.shape[0]
    lp.col_cost_ = arr.c
    lp.col_lower_, lp.col_upper_ = arr.lb, arr.ub
    lp.row_lower_ = np.where(np.isfinite(arr.row_lo), arr.row_lo, -highspy.kHighsInf)
    lp.row_upper_ = np.where(np.isfinite(arr.row_hi), arr.row_hi, highspy.kHighsInf)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = A.indptr.astype(np.int32)
    lp.a_matrix_.index_ = A.indices.astype(np.int32)
    lp.a_matrix_.value_ = A.data
    lp.sense_ = highspy.ObjSense.kMaximize
    if arr.integrality.any():
        lp.integrality_ = [highspy.HighsVarType.kInteger if v else highspy.HighsVarType.kContinuous
                           for v in arr.integrality]
    h.passModel(lp)
    return h


def solve_highs(arr: MilpArrays, opts: SolverOptions, time_limit: float, factory=None,
                start: np.ndarray | None = None) -> BatchResult:
    """HiGHS through highspy, model passed as arrays in one call. `factory` makes the
    Highs object (the watchdog passes one with an incumbent callback); `start` is a
    feasible point (all columns) to warm-start from."""
    import highspy

    t0 = time.perf_counter()
    h = highs_model(arr, factory() if factory else None)
    h.setOptionValue("time_limit", float(max(time_limit, 0.01)))
    h.setOptionValue("mip_rel_gap", float(opts.mip_gap))
    h.setOptionValue("threads", int(opts.threads))
    h.setOptionValue("random_seed", 0)
    if start is not None:
        h.setSolution(len(start), np.arange(len(start), dtype=np.int32), np.asarray(start, float))
    h.run()
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
    if ms == M.kOptimal:
        status = "optimal"
    elif ms in (M.kInfeasible,):
        status = "infeasible"
    elif ms in (M.kUnboundedOrInfeasible, M.kUnbounded):
        status = "infeasible"
    elif ms in (M.kTimeLimit, M.kIterationLimit, M.kSolutionLimit, M.kInterrupt, M.kObjectiveBound,
                M.kObjectiveTarget, M.kMemoryLimit, M.kHighsInterrupt):
        status = "feasible" if has_sol else "time_limit"
    elif ms == M.kModelEmpty:
        status, obj, bound = "optimal", 0.0, 0.0
    else:
        status = "error"
    x = y = None
    if has_sol:
        z = np.asarray(h.getSolution().col_value)
        x, y = z[:arr.n_x], z[arr.n_x:]
    return BatchResult(status, obj, bound, x, y, time.perf_counter() - t0, h.modelStatusToString(ms))


_CBC_BOUND = re.compile(r"(?:Lower|Upper) bound:\s*(-?[0-9.eE+-]+)")


def solve_cbc(arr: MilpArrays, opts: SolverOptions, time_limit: float) -> BatchResult:
    """CBC through PuLP. PuLP reports "Optimal" for runs stopped at the time limit, so the
    status comes from `sol_status` and the bound from CBC's own log."""
    import pulp

    from .model import to_pulp

    t0 = time.perf_counter()
    prob = to_pulp(arr)
    with tempfile.TemporaryDirectory(prefix="eitflow-cbc-") as tmp:
        log = os.path.join(tmp, "cbc.log")
        # PuLP 3 bundles CBC as PULP_CBC_CMD; PuLP 4 gets it from `pulp[cbc]` as COIN_CMD
        cbc = pulp.PULP_CBC_CMD if int(pulp.__version__.split(".")[0]) < 4 else pulp.COIN_CMD
        cmd = cbc(msg=False, timeLimit=max(1, int(np.ceil(time_limit))), gapRel=opts.mip_gap,
                                threads=opts.threads, logPath=log, options=["randomSeed 1", "randomCbcSeed 1"])
        if not cmd.available():
            return BatchResult("error", None, None, None, None, time.perf_counter() - t0,
                               "the CBC solver binary was not found (install it with: pip install 'pulp[cbc]', "
                               "or use solver name highs)")
        try:
            prob.solve(cmd)
        except pulp.PulpSolverError as exc:
            return BatchResult("error", None, None, None, None, time.perf_counter() - t0, f"CBC failed: {exc}")
        text = open(log, encoding="utf-8", errors="replace").read() if os.path.exists(log) else ""
    ss = prob.sol_status
    allv = prob._eitflow_vars
    z = np.array([v.varValue if v.varValue is not None else 0.0 for v in allv], float)
    obj = float(arr.c @ z) if ss in (1, 2) else None
    m = _CBC_BOUND.findall(text)
    bound = None
    if m:
        # CBC minimises the negated objective for a maximisation problem
        bound = abs(float(m[-1])) * (1 if (obj or 0) >= 0 else -1)
    if ss == 1 and "Stopped on time" not in text:
        status = "optimal"
        bound = obj if bound is None else max(bound, obj)
    elif ss in (1, 2):
        status = "feasible"
    elif prob.status == -1 or ss == -1:
        status = "infeasible"
    elif ss == 0 or "Stopped on time" in text:
        status = "time_limit"
    else:
        status = "error"
    x = y = None
    if ss in (1, 2):
        x, y = z[:arr.n_x], z[arr.n_x:]
    return BatchResult(status, obj, bound, x, y, time.perf_counter() - t0, pulp.LpStatus.get(prob.status, ""))


def _solve_batch(arr: MilpArrays, opts: SolverOptions, deadline: float, budget: float | None = None,
                 start: np.ndarray | None = None) -> BatchResult:
    """Solve one batch within `budget` seconds and never past `deadline` (epoch seconds);
    `start` warm-starts HiGHS from an earlier incumbent."""
    remaining = deadline - time.time()
    if remaining <= 0:
        return BatchResult("time_limit", None, None, None, None, 0.0, "no time left for this component")
    limit = remaining if budget is None else min(remaining, budget)
    if start is None and opts.name == "highs" and arr.n_leg_rows >= AGGREGATED_FIRST_LEGS:
        return _solve_aggregated_first(arr, opts, deadline, limit)
    return _solve_one(arr, opts, deadline, limit, start)


def _solve_one(arr: MilpArrays, opts: SolverOptions, deadline: float, limit: float,
               start: np.ndarray | None = None) -> BatchResult:
    if opts.isolate == "always" or (opts.isolate == "auto" and arr.n_x >= ISOLATE_LINKS):
        from .watchdog import solve_guarded
        return solve_guarded(arr, opts, time.time() + limit, start=start)
    if opts.name == "cbc":
        return solve_cbc(arr, opts, limit)
    return solve_highs(arr, opts, limit, start=start)


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
    if first.x is None:
        return _solve_one(arr, opts, deadline, max(MIN_SLICE_S, limit - (time.time() - t0)))
    z = np.concatenate([first.x, first.y])
    second = _solve_one(arr, opts, deadline, max(MIN_SLICE_S, limit - (time.time() - t0)), start=z)
    best = second if second.objective is not None and second.objective >= first.objective else first
    bounds = [b for b in (first.bound, second.bound) if b is not None]
    status = "optimal" if "optimal" in (first.status, second.status) else ("feasible" if best.x is not None
                                                                         else second.status)
    return BatchResult(status, best.objective, min(bounds) if bounds else None, best.x, best.y,
                       first.seconds + second.seconds, f"aggregated model first; {second.message}")


def _work(arr: MilpArrays) -> float:
    """Share of the time budget a batch may claim: its binaries (LP-only batches are quick)."""
    return float(max(1, len(arr.ybin) + len(arr.hubs) + len(arr.builds)))


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

    # a first pass with short slices: most components close at once, the few hard ones come
    # back with an incumbent and a bound, and the second pass spends the rest where the gap is
    cap = max(FIRST_PASS_MIN_S, FIRST_PASS_SHARE * max(deadline - time.time(), 0.0))

    # with no more batches than workers there is nothing to share with: no cap
    last = set(order) if len(order) <= slots else set()

    def budget(k: int) -> float:
        share = (deadline - time.time()) * min(1.0, slots * work[k] / max(left, 1.0))
        return max(MIN_SLICE_S, share if k in last else min(share, cap))

    if executor is None:
        for k in order:
            arr = arrays[k]
            results[k] = _solve_batch(arr, opts, deadline, budget(k), start=starts.get(k))
            left -= work[k]
            bar.update(1)
        return _second_pass(arrays, results, opts, deadline)  # type: ignore[arg-type]
    pending: dict = {}
    queue = list(order)
    while queue or pending:
        while queue and len(pending) < slots:
            k = queue.pop(0)
            pending[executor.submit(_solve_batch, arrays[k], opts, deadline, budget(k), starts.get(k))] = k
            left -= work[k]
        done, _ = wait(list(pending), return_when=FIRST_COMPLETED)
        for fut in done:
            results[pending.pop(fut)] = fut.result()
            bar.update(1)
    return _second_pass(arrays, results, opts, deadline)  # type: ignore[arg-type]


def _lp_guided_start(scen: Scenario, cand: Candidates, arr: MilpArrays, opts: SolverOptions, deadline: float,
                     budget: float, executor: Executor | None) -> tuple[np.ndarray | None, float | None]:
    """A first incumbent for a large component, and the bound of its LP relaxation.

    The LP relaxation's support (links with flow) is a small set that usually splits into
    many independent components; solving those is fast, and any solution on a subset of
    links is feasible for the whole component. Returns (start point for `arr`'s columns,
    LP bound), or (None, None) when it does not apply."""
    import dataclasses

    if arr.periods != 1 or len(arr.hubs) or len(arr.builds) or arr.n_aux or opts.name != "highs":
        return None, None
    t0 = time.time()
    lp = solve_highs(arr.relaxed(), opts, min(budget, max(deadline - time.time(), 0.01)))
    if lp.status != "optimal" or lp.x is None:
        return None, None
    n = arr.n_x
    support = np.flatnonzero(lp.x[:n] > 1e-6 * np.maximum(1.0, arr.ub[:n]))
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
    z = np.zeros(arr.A.shape[1])
    z[support] = sol.flow
    z[n:n + len(arr.ybin)] = (z[arr.ybin] > 0).astype(float)
    return z, lp.objective


def _second_pass(arrays: list[MilpArrays], results: list[BatchResult], opts: SolverOptions,
                 deadline: float) -> list[BatchResult]:
    """While the whole model is above its gap target and time is left, give more time to
    the batch with the widest absolute gap (doubling its last slice), warm-started from its
    incumbent. A re-solve only ever keeps the better incumbent and the tighter bound, and
    the loop stops as soon as the assembled gap meets the target."""
    def absgap(r: BatchResult) -> float:
        return max(0.0, r.bound - r.objective) if r.objective is not None and r.bound is not None else 0.0

    if opts.name == "cbc":
        return results
    slices = {k: max(MIN_SLICE_S, r.seconds) for k, r in enumerate(results)}
    while deadline - time.time() >= MIN_SLICE_S:
        obj = sum(r.objective for r in results if r.objective is not None)
        if sum(absgap(r) for r in results) <= opts.mip_gap * max(abs(obj), 1.0):
            break
        # batches still without a solution come first, then the widest gaps
        empty = [k for k, r in enumerate(results) if r.status == "time_limit" and r.objective is None]
        todo = [k for k, r in enumerate(results) if r.status == "feasible" and absgap(r) > 0]
        if not todo and not empty:
            break
        k = empty[0] if empty else max(todo, key=lambda j: absgap(results[j]))
        r = results[k]
        slices[k] *= 2
        again = _solve_batch(arrays[k], opts, deadline, slices[k],
                             start=None if r.x is None else np.concatenate([r.x, r.y]))
        if r.objective is None:
            results[k] = again
            if again.objective is None and again.status != "time_limit":
                break
            continue
        if again.objective is None:
            break  # the re-solve gave nothing better to work with: keep the incumbent we have
        best = again if again.objective >= r.objective else r
        bounds = [b for b in (r.bound, again.bound) if b is not None]
        results[k] = BatchResult(again.status if again.status == "optimal" else best.status, best.objective,
                                 min(bounds) if bounds else None, best.x, best.y, r.seconds + again.seconds,
                                 again.message)
    return results


def _has_required(arr: MilpArrays) -> bool:
    dem = slice(arr.n_supply_rows, arr.n_supply_rows + arr.n_demand_rows)
    return bool(np.isfinite(arr.row_lo[dem]).any())


def _fallback(arr: MilpArrays, res: BatchResult, lp_seconds: float = 0.0) -> BatchResult:
    """All links off; the bound is the LP relaxation's when it can be had within `lp_seconds`,
    else sum_a max(0, c_a * M_a - F_a) (each link at its best)."""
    n = arr.n_x
    best = arr.link_flow(arr.c[:n] * arr.ub[:n])
    best[arr.ybin] += arr.c[n:n + len(arr.ybin)]  # hub costs left out: the bound stays valid
    bound = float(np.maximum(best, 0).sum())
    if lp_seconds > 0:
        lp = solve_highs(arr.relaxed(), SolverOptions(), lp_seconds)
        if lp.status == "optimal" and lp.objective is not None:
            bound = min(bound, lp.objective)
    return BatchResult("feasible", 0.0, bound, np.zeros(n), np.zeros(arr.A.shape[1] - n),
                       res.seconds, "time limit reached before a first solution; links left off")


# ------------------------------------------------------------------ checking
def check_solution(arr: MilpArrays, x: np.ndarray, y: np.ndarray) -> list[str]:
    """Constraint violations of (x, y) in `arr`, with a tolerance relative to each row's scale."""
    z = np.concatenate([x, y])
    problems = []
    scale = np.maximum(1.0, np.abs(arr.ub))
    if np.any(z < arr.lb - FEAS_TOL * scale) or np.any(z > arr.ub + FEAS_TOL * scale):
        problems.append("a variable is outside its bounds")
    frac = np.where(arr.integer_cols, np.abs(y - np.round(y)), 0.0)
    if np.any(frac > 1e-5):
        problems.append(f"{int((frac > 1e-5).sum())} binaries are fractional")
    act = arr.A @ z
    rscale = np.maximum(1.0, np.where(np.isfinite(arr.row_hi), np.abs(arr.row_hi), 0) + np.where(np.isfinite(arr.row_lo), np.abs(arr.row_lo), 0))
    over = act > arr.row_hi + FEAS_TOL * rscale
    under = act < arr.row_lo - FEAS_TOL * rscale
    for r in np.flatnonzero(over | under)[:5]:
        problems.append(f"constraint {arr.row_names[r]}: {act[r]:.9g} not in [{arr.row_lo[r]:.9g}, {arr.row_hi[r]:.9g}]")
    return problems


def _clean(arr: MilpArrays, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Round binaries, clip tiny flows, and keep x consistent with its switch."""
    y = np.where(arr.integer_cols, np.round(y), np.maximum(y, 0.0))
    x = np.clip(x, 0.0, arr.ub[:arr.n_x])
    tiny = x <= FEAS_TOL * np.maximum(1.0, arr.ub[:arr.n_x])
    x[tiny] = 0.0
    if arr.cascade is not None and tiny.any():
        z = np.concatenate([x, y])
        arr.cascade.repair(z, arr.aux0, arr.periods, arr.n_x)
        y = z[arr.n_x:]
    return x, y


# ------------------------------------------------------------------ driver
def solve(scen: Scenario, cand: Candidates, executor: Executor | None = None,
          extra: list | None = None, progress: bool = False) -> Solution:
    """Formulate and solve every component; raise `SolveError` on a violated solution.

    `extra`: `model.LinearConstraint` rows; they may couple components, so the model is
    then solved whole.
    """
    opts = scen.params.solver
    t0 = time.perf_counter()
    deadline = time.time() + opts.time_limit_s
    ncomp, comp = components(scen, cand)
    batches = _batches(comp, ncomp) if not extra else ([np.arange(len(cand.links))] if len(cand.links) else [])
    req = scen.flows["required"].to_numpy(bool) & (scen.flows["direction"] == "demand").to_numpy()
    linked = np.zeros(len(scen.flows), bool)
    dl = cand.links["demand"].to_numpy(np.int64)
    linked[dl[dl >= 0]] = True
    orphan_required = np.flatnonzero(req & ~linked)
    if len(orphan_required):
        ids = ", ".join(scen.flows["flow_id"].to_numpy()[orphan_required][:5])
        return Solution("infeasible", None, None, None, np.zeros(len(cand.links)), np.zeros(len(cand.links), bool),
                        ncomp, len(batches), 0, 0, 0, opts.name, time.perf_counter() - t0, 0.0,
                        message=f"required demand(s) with no candidate link: {ids}")
    arrays = [build_arrays(scen, cand, b, extra=extra) for b in batches]
    t_build = time.perf_counter() - t0
    step0 = scen.params.heat_level_step_k
    rounded = [a.cascade.step_k for a in arrays if a.cascade is not None and a.cascade.step_k != step0]
    t1 = time.perf_counter()
    own = None
    if executor is None and opts.workers > 1 and len(arrays) > 1:
        own = executor = ProcessPoolExecutor(max_workers=opts.workers)
    from tqdm import tqdm

    bar = tqdm(total=len(arrays), desc="solving components", unit="batch", file=sys.stderr,
               disable=not progress or len(arrays) < 10, leave=False)
    starts, lp_bounds, done = {}, {}, {}
    if not extra:
        total_work = sum(_work(a) for a in arrays)
        for k, arr in enumerate(arrays):
            if len(arr.ybin) >= LP_GUIDED_MIN_BINARIES:
                share = (deadline - time.time()) * _work(arr) / max(total_work, 1.0) * LP_GUIDED_SHARE
                z, lpb = _lp_guided_start(scen, cand, arr, opts, deadline, share, executor)
                if z is not None and lpb is not None and lpb - float(arr.c @ z) <= opts.mip_gap * max(
                        abs(float(arr.c @ z)), 1.0):
                    # the heuristic's incumbent is already within the gap target of the LP bound
                    n = arr.n_x
                    done[k] = BatchResult("optimal", float(arr.c @ z), lpb, z[:n], z[n:], 0.0,
                                          "LP-guided incumbent within the gap target of the LP bound")
                elif z is not None:
                    starts[k] = z
                if lpb is not None:
                    lp_bounds[k] = lpb
    try:
        results = _run_batches(arrays, opts, deadline, executor, opts.workers, bar, starts, done)
        for k, z in starts.items():  # the heuristic's incumbent stands if the solver did not beat it
            r, arr = results[k], arrays[k]
            zobj = float(arr.c @ z)
            if r.objective is None or zobj > r.objective:
                n = arr.n_x
                results[k] = BatchResult("feasible", zobj, r.bound, z[:n], z[n:], r.seconds,
                                         "incumbent from the LP-guided heuristic")
        for k, b in lp_bounds.items():
            r = results[k]
            if r.bound is None or b < r.bound:
                results[k] = BatchResult(r.status, r.objective, b, r.x, r.y, r.seconds, r.message)
    finally:
        bar.close()
        if own is not None:
            own.shutdown()
    t_solve = time.perf_counter() - t1

    flow = np.zeros(len(cand.links))
    peak = np.zeros(len(cand.links))
    hub_built = np.zeros(0 if scen.hubs is None else len(scen.hubs), bool)
    supply_built = np.zeros(len(scen.flows), bool)
    built = np.zeros(len(cand.links), bool)
    obj = bound = 0.0
    messages = []
    if rounded:
        messages.append(f"heat levels rounded to {max(rounded):g} K (supplies down, demands up: solutions stay "
                        f"feasible for the exact levels) in {len(rounded)} batch(es) whose exact levels exceed "
                        f"heat_level_max_columns; objective and bound are the rounded model's")
    levels = []
    for i, (arr, res) in enumerate(zip(arrays, results)):
        if res.x is None and res.status == "time_limit" and not _has_required(arr) and not extra:
            # No incumbent within the time limit. With no required demand, "build nothing" is
            # feasible (objective 0) and the sum of each link's best case is a valid bound.
            res = _fallback(arr, res, lp_seconds=FALLBACK_LP_S)
            results[i] = res
            messages.append("a component found no solution within the time limit: its links are left off "
                            "(bound from each link's best case)")
        if res.x is None:
            messages.append(f"{res.status}: {res.message}")
            continue
        x, y = _clean(arr, res.x, res.y)
        viol = check_solution(arr, x, y)
        if viol:
            raise SolveError("error", "the solver returned a solution that violates the model: " + "; ".join(viol))
        flow[arr.links] = arr.link_flow(x)
        _, w, v = arr.binary_parts(y)
        hub_built[arr.hubs] = w > 0.5
        supply_built[arr.builds] = v > 0.5
        if arr.cascade is not None and arr.cascade.n_z:
            levels.append(_levels_frame(arr, y[arr.aux0 - arr.n_x:]))
        peak[arr.links] = x.reshape(len(arr.links), arr.periods).max(axis=1) * arr.periods
        built[arr.links] = flow[arr.links] > 0
        obj += float(arr.c @ np.concatenate([x, y]))
        if bound is not None:
            bound = None if res.bound is None else bound + max(res.bound, res.objective or -np.inf)
    statuses = [r.status for r in results] or ["optimal"]
    worst = max(statuses, key=STATUS_ORDER.index)
    if any(r.x is None for r in results):
        obj = bound = None
    gap = None
    if obj is not None and bound is not None:
        # relative to the objective, with 1 unit (EUR/yr or tCO2/yr) as the floor near zero
        gap = max(0.0, bound - obj) / max(abs(obj), 1.0) if abs(bound - obj) > 1e-9 * max(1, abs(obj)) else 0.0
        if worst == "feasible" and gap <= opts.mip_gap:
            # as a solver reports for one model: optimal within the gap target, proven by the bound
            worst = "optimal"
    n_var = sum(a.shape[1] for a in arrays)
    n_bin = sum(len(a.ybin) for a in arrays)
    n_con = sum(a.shape[0] for a in arrays)
    return Solution(worst, obj, bound, gap, flow, built, ncomp, len(batches), n_var, n_bin, n_con,
                    opts.name, t_build, t_solve, message="; ".join(messages[:5]),
                    batch_status={s: statuses.count(s) for s in set(statuses)}, peak_rate=peak,
                    hub_built=hub_built, supply_built=supply_built, heat_levels=pd.concat(levels, ignore_index=True) if levels else None,
                    heat_level_step_k=max(rounded + [step0]))


def _levels_frame(arr: MilpArrays, aux: np.ndarray) -> pd.DataFrame:
    """Per link into a ranged demand and per temperature interval of the demand: heat drawn
    (supply units/yr, summed over periods); intervals with no heat are left out."""
    cb = arr.cascade
    z = aux[:cb.n_z].reshape(len(cb.z_link), arr.periods).sum(axis=1)
    keep = z > FEAS_TOL * max(1.0, float(z.max(initial=0.0)))
    return pd.DataFrame({"link": arr.links[cb.z_link[keep]], "from_c": cb.z_lo_c[keep], "to_c": cb.z_hi_c[keep],
                         "amount": z[keep]})
