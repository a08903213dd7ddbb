"""A Lagrangian bound for siting batches: the activities' count rows relaxed, with the LP
relaxation's duals as multipliers.

At the national scale one siting batch holds every activity (its count row couples every
plot of the country), and its LP bound is loose: the LP places a data centre half on one plot
and half on another, and pays half of every fixed cost. Relaxing the count rows

    min_a <= sum_{k of a} p_k <= max_a        (multiplier lambda_a, from the LP's row duals)

into the objective (c' = c - lambda^T C, plus lambda_a max_a where lambda_a > 0, lambda_a min_a
where lambda_a < 0) leaves a problem that splits into independent components (a territory's
heat sources, the plots near them, their land and group rows), each a MILP. Any multipliers
give an upper bound; for the LP's optimal duals the LP of each component is solved by the
LP's own solution (complementary slackness), so

- a component whose part of the LP solution is integral is solved already (its value is
  the LP's part, no solve needed);
- a component with a fractional part is solved as a MILP; its dual bound (never above its LP
  part) replaces the LP part. That is where the bound gains on the LP: the component's
  fixed-charge and land structure, without the integrality property, is enforced.

The sum is a sound upper bound (Geoffrion 1974, "Lagrangean relaxation for integer
programming"; Fisher 1981, Management Science 27(1)) at least as tight as the LP's, and
tighter the more components are solved: they are solved smallest first within a time
budget, those left keep their LP value. On the national bench (50 activities x 2,000 plots) it
lowers the bound from 475.6 to about 471-472 M EUR/yr. The components' MILP solutions also
say which placements the integer structure wants: they join the placements of the support
MIP (`batch._solve_lp_support_first`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from eitflow.model.arrays import MilpArrays
from eitflow.solve.dualbound import side_terms

__all__ = ["CountLagrangian", "count_lagrangian"]

INTEGRAL_TOL = 1e-6   # an LP value this close to an integer is integral
SUB_GAP = 1e-4        # relative gap of each component's MILP


@dataclass
class CountLagrangian:
    """The Lagrangian bound of a batch over its count rows.

    bound: upper bound on the batch's optimum (objective units, EUR/yr), never above `lp`.
    lp: the LP relaxation's value. components: components left once the count rows are
    relaxed; fractional: those with a fractional LP part; solved: those solved as MILPs
    (the others keep their LP value). placed: mask over the batch's placement columns, the
    placements the components' MILP solutions make (empty mask when none was solved).
    seconds: wall time."""

    bound: float
    lp: float
    components: int
    fractional: int
    solved: int
    placed: np.ndarray
    seconds: float
    lam: np.ndarray | None = field(default=None, repr=False)        # multiplier per count row
    col_comp: np.ndarray | None = field(default=None, repr=False)   # component of each column
    comp_bound: np.ndarray | None = field(default=None, repr=False)  # per component: its bound at lam


def _multipliers(row_dual: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray | None:
    """The count rows' multipliers from the LP's duals (a maximisation: > 0 where the upper
    side binds, < 0 where the lower side does); None if a dual points at a missing side
    beyond rounding (the LP's duals would then not be optimal: no bound from them)."""
    lam = np.asarray(row_dual, float).copy()
    bad = ((lam > 0) & ~np.isfinite(hi)) | ((lam < 0) & ~np.isfinite(lo))
    scale = max(1.0, float(np.abs(lam).max(initial=0.0)))
    if (np.abs(lam[bad]) > 1e-9 * scale).any():
        return None
    lam[bad] = 0.0
    return lam


def _components(A: sp.csr_matrix) -> tuple[int, np.ndarray, np.ndarray]:
    """(number, component of each column, component of each row) of the bipartite graph of
    a matrix's nonzeros."""
    m, n = A.shape
    coo = A.tocoo()
    g = sp.coo_matrix((np.ones(len(coo.data), np.int8), (coo.col, n + coo.row)), shape=(n + m, n + m))
    nc, lab = connected_components(g, directed=False)
    return nc, lab[:n], lab[n:]


def _in_time(order, col_comp: np.ndarray, row_comp: np.ndarray, nc: int, deadline: float):
    """The components of `order` in turn, with their columns, rows and the time left, until
    the deadline (both the bound and the search walk them so)."""
    cols_of = np.argsort(col_comp, kind="stable")
    cstart = np.searchsorted(col_comp[cols_of], np.arange(nc + 1))
    rows_of = np.argsort(row_comp, kind="stable")
    rstart = np.searchsorted(row_comp[rows_of], np.arange(nc + 1))
    for k in order:
        left = deadline - time.perf_counter()
        if left <= 0.05:
            return
        yield k, cols_of[cstart[k]:cstart[k + 1]], rows_of[rstart[k]:rstart[k + 1]], left

def _solve_component(A: sp.csr_matrix, c: np.ndarray, lb: np.ndarray, ub: np.ndarray, lo: np.ndarray,
                     hi: np.ndarray, integrality: np.ndarray, time_limit: float,
                     threads: int, start: np.ndarray | None = None,
                     gap: float | None = None) -> tuple[float | None, np.ndarray | None]:
    """(dual bound, solution) of max c.z over one component; (None, None) without a bound."""
    import highspy

    from eitflow.solve.highs import run, set_threads

    h = getattr(getattr(highspy, "_core", None), "_Highs", highspy.Highs)()
    h.setOptionValue("output_flag", False)
    lp = highspy.HighsLp()
    M = A.tocsc()
    lp.num_col_, lp.num_row_ = M.shape[1], M.shape[0]
    lp.col_cost_, lp.col_lower_, lp.col_upper_ = c, lb, ub
    lp.row_lower_ = np.where(np.isfinite(lo), lo, -highspy.kHighsInf)
    lp.row_upper_ = np.where(np.isfinite(hi), hi, highspy.kHighsInf)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = M.indptr.astype(np.int32)
    lp.a_matrix_.index_ = M.indices.astype(np.int32)
    lp.a_matrix_.value_ = M.data
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.integrality_ = [highspy.HighsVarType.kInteger if v else highspy.HighsVarType.kContinuous for v in integrality]
    h.passModel(lp)
    h.setOptionValue("time_limit", float(max(time_limit, 0.01)))
    h.setOptionValue("mip_rel_gap", SUB_GAP if gap is None else gap)
    set_threads(h, threads)
    h.setOptionValue("random_seed", 0)
    if start is not None:
        h.setSolution(len(start), np.arange(len(start), dtype=np.int32), np.asarray(start, float))
    run(h)
    S = highspy.HighsModelStatus
    if h.getModelStatus() not in (S.kOptimal, S.kTimeLimit, S.kInterrupt):
        return None, None
    info = h.getInfo()
    bound = float(info.mip_dual_bound)
    z = np.asarray(h.getSolution().col_value, float) if info.primal_solution_status == 2 else None
    return (bound if np.isfinite(bound) else None), z


def count_lagrangian(arr: MilpArrays, z: np.ndarray, row_dual: np.ndarray, lp_obj: float, budget: float,
                     threads: int = 1) -> CountLagrangian | None:
    """The Lagrangian bound of `arr` with its count rows relaxed at the LP's duals.

    Parameters
    ----------
    arr : MilpArrays
        A siting batch (a maximisation) with a ``count`` row block.
    z, row_dual : array of float
        An optimal solution of its LP relaxation and the row duals of that solution.
    lp_obj : float
        The LP's value (objective units: EUR/yr).
    budget : float
        Seconds for the components' MILPs (smallest first; those left keep their LP value).
    threads : int
        HiGHS threads per component solve.

    Returns
    -------
    CountLagrangian, or None when the batch has no count row or the duals are unusable.
    """
    t0 = time.perf_counter()
    if "count" not in arr.rows or not len(arr.rows["count"]):
        return None
    cr = arr.rows["count"].slice
    lam = _multipliers(np.asarray(row_dual)[cr], arr.row_lo[cr], arr.row_hi[cr])
    if lam is None:
        return None
    A = arr.A.tocsr()
    C = A[cr]
    c2 = arr.c - C.T @ lam
    const = float(side_terms(lam, arr.row_lo[cr], arr.row_hi[cr]).sum())   # (lam points at no infinite side)
    keep = np.ones(A.shape[0], bool)
    keep[cr] = False
    Ak, lo, hi = A[keep], arr.row_lo[keep], arr.row_hi[keep]
    nc, col_comp, row_comp = _components(Ak)
    value = np.bincount(col_comp, weights=c2 * z, minlength=nc)  # each component's LP part
    intc = arr.integrality.astype(bool)
    frac = intc & (np.abs(z - np.round(z)) > INTEGRAL_TOL)
    fc = np.unique(col_comp[frac])
    ncols = np.bincount(col_comp, minlength=nc)
    order = fc[np.argsort(ncols[fc], kind="stable")]     # smallest first
    ps = arr.cols["p"].slice if "p" in arr.cols else slice(0, 0)
    zsub = np.round(z)
    solved = np.zeros(nc, bool)
    for k, cols, rows, left in _in_time(order, col_comp, row_comp, nc, t0 + budget):
        b, zk = _solve_component(Ak[rows][:, cols], c2[cols], arr.lb[cols], arr.ub[cols], lo[rows], hi[rows],
                                 intc[cols], left, threads)
        if b is not None:
            value[k] = min(value[k], b)
            solved[k] = True
        if zk is not None:
            zsub[cols] = zk
    placed = np.zeros(ps.stop - ps.start, bool)
    pcomp = col_comp[ps]
    placed[:] = solved[pcomp] & (zsub[ps] > 0.5)
    bound = min(float(lp_obj), float(value.sum()) + const)
    return CountLagrangian(bound, float(lp_obj), int(nc), int(len(fc)), int(solved.sum()), placed,
                           time.perf_counter() - t0, lam, col_comp, value)


def component_search(arr: MilpArrays, z: np.ndarray, lag: CountLagrangian, budget: float, threads: int = 1,
                     gap: float = 1e-3) -> tuple[np.ndarray, float, int]:
    """Improve a feasible plan `z` of a siting batch one component at a time (a large-
    neighbourhood search). With the count rows relaxed the batch splits into components
    (`count_lagrangian`); each is re-solved as a MILP over all of its columns, every other
    component held at its plan, so the count rows become local ones (max_count less the
    placements elsewhere). The plan only improves and stays feasible. Components are visited
    by their share of the gap per column, largest first: their Lagrangian bound less the
    plan's part priced at the multipliers (these shares and the plan sum to the Lagrangian
    bound, less the slack of the count rows), per column as a guess at the time a component
    takes. Returns (plan, its objective, components improved)."""
    t0 = time.perf_counter()
    z = np.asarray(z, float).copy()
    obj = float(arr.c @ z)
    if lag.lam is None or lag.col_comp is None or lag.comp_bound is None:
        return z, obj, 0
    A = arr.A.tocsr()
    cr = arr.rows["count"].slice
    C = A[cr]
    keep = np.ones(A.shape[0], bool)
    keep[cr] = False
    Ak, lo, hi = A[keep], arr.row_lo[keep], arr.row_hi[keep]
    nc = len(lag.comp_bound)
    col_comp = lag.col_comp
    _, _, row_comp = _components(Ak)
    c2 = arr.c - C.T @ lag.lam
    share = lag.comp_bound - np.bincount(col_comp, weights=c2 * z, minlength=nc)
    intc = arr.integrality.astype(bool)
    has_int = np.bincount(col_comp, weights=intc, minlength=nc) > 0
    size = np.bincount(col_comp, minlength=nc)
    # the gap per column first: small components with a large share of the gap solve fast
    order = [k for k in np.argsort(-share / np.maximum(size, 1), kind="stable")
             if has_int[k] and share[k] > 1e-9 * max(1.0, abs(obj))]
    improved = 0
    used = C @ z
    for k, cols, rows, left in _in_time(order, col_comp, row_comp, nc, t0 + budget):
        Ck = C[:, cols]
        mine = Ck @ z[cols]
        act = np.flatnonzero(np.diff(Ck.tocsr().indptr) > 0)   # count rows this component touches
        sub = sp.vstack([Ak[rows][:, cols], Ck[act]]).tocsr()
        olo = used[act] - mine[act]
        slo = np.concatenate([lo[rows], arr.row_lo[cr][act] - olo])
        shi = np.concatenate([hi[rows], arr.row_hi[cr][act] - olo])
        _, zk = _solve_component(sub, arr.c[cols], arr.lb[cols], arr.ub[cols], slo, shi, intc[cols], left, threads,
                                 start=z[cols], gap=gap)
        if zk is None:
            continue
        gain = float(arr.c[cols] @ zk - arr.c[cols] @ z[cols])
        if gain > 1e-7 * max(1.0, abs(obj)):
            z[cols] = zk
            used = used - mine + Ck @ zk
            obj += gain
            improved += 1
    return z, float(arr.c @ z), improved
