"""A Lagrangian bound and a primal heuristic for hub (capacitated facility-location) batches.

A batch whose only binaries are hub switches w, whose flows all run through a hub
(supply -> hub -> demand legs) and whose rows are only supply, demand, hub node, hub
capacity and hub leg rows (`model.arrays.ROW_BLOCKS`) has the structure of capacitated
facility location. For it, `hub_structure` reads the legs, hubs and rows off the arrays and
`lagrangian` relaxes the demand and supply rows with multipliers (Beasley 1988; Cornuejols,
Sridharan and Thizy 1991). What is left splits per hub into a continuous knapsack (the
hub's out-legs sorted by reduced value per unit of capacity), coupled only by one row kept
whole: the installed capacity must cover the required demand, sum_h cap_h w_h >= D, a 0-1
knapsack over the hubs solved by dynamic programming. That row makes the bound at least
as strong as the strong LP's (x_leg <= M w_hub), in a fraction of its time: the strong LP of
OR-Library capa (100 x 1,000) takes minutes on two cores, the subgradient a few seconds.

Why the bound is sound: for any multipliers (free on equality rows, >= 0 on <= rows),
max c.z + lam.(b - A_rel z) over a set containing every feasible z is >= the optimum. The
set kept here contains every feasible z: it keeps the hub rows, adds only rows every
feasible z satisfies (the capacity cover, and x_leg <= d_j / yield_leg, implied by the demand
row with x >= 0) and drops the supply legs' upper bounds (a relaxation). The 0-1 knapsack is
solved exactly on capacities rounded *up* to a grid and a cover rounded up (sum ceil(q/g) w
>= ceil(D/g) holds whenever sum q w >= D), again a relaxation.

The primal heuristic prices the open-hub sets the Lagrangian subproblem proposes along the
subgradient iterates (the transport LP over them, `solve.hubsearch.TransportLP`) and runs a
multi-start local search (close / open / swap moves ranked by the hubs' profit at the LP's
duals) from the best of them (`solve.hubsearch.search`). Lagrangian reduced-cost fixing
then fixes every hub whose flipped value cannot beat that incumbent (`fixed_hubs`): any
strictly better solution keeps that hub as the subproblem has it, so a MIP restricted so
finds it, and its bound, or the incumbent's value if larger, is a bound for the whole batch.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from eitflow.model.arrays import MilpArrays

__all__ = ["HubStructure", "LagrangeResult", "hub_structure", "lagrangian"]

#: row blocks a facility-location batch may have (no others)
ALLOWED_ROWS = {"supply", "demand", "hub_node", "hub_capacity", "hub_leg"}

KNAPSACK_CELLS = 20_000   # capacity grid of the cover knapsack (its DP is hubs x cells)

SUBGRADIENT_SHARE = 0.45  # of the Lagrangian phase's time; the rest searches locally (`solve.hubsearch`)

PRICE_EVERY = 40          # subgradient iterations between two pricings of the subproblem's open set

STARTS = 4                # local-search starts: the best priced open sets of the iterates


@dataclass
class HubStructure:
    """A facility-location batch read off `MilpArrays`. Legs are x columns; `out_*` legs go
    from a hub to a demand row, `in_*` legs from a supply (row, or -1 if unlimited) to a hub;
    `*_node` is the leg's hub node (hub x resource), `*_hub` its hub (0..n_hubs-1)."""

    out_col: np.ndarray
    out_hub: np.ndarray
    out_node: np.ndarray
    out_dem: np.ndarray      # position among the demand rows
    out_yield: np.ndarray
    out_c: np.ndarray
    out_ub: np.ndarray       # min(column bound, leg big-M, demand / yield)
    in_col: np.ndarray
    in_hub: np.ndarray
    in_node: np.ndarray
    in_sup: np.ndarray       # position among the supply rows, -1 if none
    in_c: np.ndarray
    w_col: np.ndarray        # column of each hub's switch
    w_c: np.ndarray          # its objective coefficient (minus the fixed cost, EUR/yr)
    cap: np.ndarray          # hub capacity (inflow, supply base units/yr)
    n_nodes: int
    dem_rows: np.ndarray     # row indices of the demand rows
    dem_b: np.ndarray        # their right-hand side
    dem_eq: np.ndarray       # equality (required demand) or <=
    sup_rows: np.ndarray
    sup_b: np.ndarray
    cover: float             # capacity every feasible solution installs at least
    leg_m: np.ndarray = field(repr=False)   # per x column of the batch: its leg big-M


def _one_per_column(A: sp.csc_matrix, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per column of `cols`: the number of nonzeros of A in it, its (last) row and value."""
    sub = A[:, cols].tocsc()
    nnz = np.diff(sub.indptr)
    row = np.full(len(cols), -1, np.int64)
    val = np.zeros(len(cols))
    has = nnz > 0
    last = sub.indptr[1:][has] - 1
    row[has] = sub.indices[last]
    val[has] = sub.data[last]
    return nnz, row, val


def hub_structure(arr: MilpArrays) -> HubStructure | None:
    """The facility-location structure of `arr`, or None where the batch does not have it
    exactly (then nothing here applies and the batch is solved as before)."""
    if arr.periods != 1 or arr.cascade is not None or arr.network is not None:
        return None
    if "w" not in arr.cols or len(arr.cols["w"]) < 2 or "x" not in arr.cols:
        return None
    ncol = len(arr.c)
    wb, xb = arr.cols["w"], arr.cols["x"]
    if set(b.name for b in arr.cols if len(b)) != {"x", "w"}:
        return None
    if set(b.name for b in arr.rows if len(b)) - ALLOWED_ROWS or "hub_leg" not in arr.rows:
        return None
    if arr.integrality[xb.slice].any() or not arr.integrality[wb.slice].all():
        return None
    if np.any(arr.lb[wb.slice] != 0) or np.any(arr.ub[wb.slice] != 1) or np.any(arr.lb[xb.slice] != 0):
        return None
    A = arr.A.tocsr()
    xcols = xb.indices
    wcols = wb.indices
    nh = len(wcols)
    hub_of_wcol = np.full(ncol, -1, np.int64)
    hub_of_wcol[wcols] = np.arange(nh)

    def rows_of(name: str) -> tuple[np.ndarray, sp.csc_matrix]:
        r = arr.rows[name].indices
        return r, A[r].tocsc()

    # leg rows: x - M w <= 0, one per x column
    lr, AL = rows_of("hub_leg")
    nnz, lrow, lval = _one_per_column(AL, xcols)
    if np.any(nnz != 1) or np.any(lval != 1.0) or len(lr) != len(xcols):
        return None
    ALw = AL[:, wcols].tocsr()
    if np.any(np.diff(ALw.indptr) != 1):
        return None
    leg_hub_by_row = ALw.indices            # one w per leg row, in row order
    leg_m_by_row = -ALw.data
    if np.any(leg_m_by_row < 0):
        return None
    leg_hub = leg_hub_by_row[lrow]
    leg_m = leg_m_by_row[lrow]
    # hub node rows: +1 inflow, -1 outflow, one per x column
    nr, AN = rows_of("hub_node")
    nnz, node, sign = _one_per_column(AN, xcols)
    if np.any(nnz != 1) or np.any(np.abs(sign) != 1.0) or np.any(arr.row_lo[nr] != 0) or np.any(arr.row_hi[nr] != 0):
        return None
    is_in = sign > 0
    node_hub = np.full(len(nr), -1, np.int64)
    node_hub[node] = leg_hub
    if np.any(node_hub[node] != leg_hub):   # a node belongs to one hub
        return None
    # capacity rows: sum of in-legs - cap w <= 0, one per hub
    cr, AC = rows_of("hub_capacity")
    if len(cr) != nh or np.any(np.isfinite(arr.row_lo[cr])) or np.any(arr.row_hi[cr] != 0):
        return None
    nnz, crow, cval = _one_per_column(AC, xcols)
    if np.any(nnz != is_in) or np.any(cval[is_in] != 1.0):
        return None
    ACw = AC[:, wcols].tocsr()
    if np.any(np.diff(ACw.indptr) != 1):
        return None
    cap = np.zeros(nh)
    cap[ACw.indices] = -ACw.data
    hub_of_caprow = np.full(len(cr), -1, np.int64)
    hub_of_caprow[np.arange(len(cr))] = ACw.indices
    if np.any(hub_of_caprow[crow[is_in]] != leg_hub[is_in]) or np.any(cap <= 0):
        return None
    # demand rows: out-legs only, yield > 0; supply rows: in-legs only, coefficient 1
    dr, AD = rows_of("demand")
    nnz, drow, dval = _one_per_column(AD, xcols)
    if np.any(nnz[is_in] != 0) or np.any(nnz[~is_in] != 1) or np.any(dval[~is_in] <= 0):
        return None
    dlo, dhi = arr.row_lo[dr], arr.row_hi[dr]
    dem_eq = dlo == dhi
    if np.any(~dem_eq & np.isfinite(dlo)) or np.any(~np.isfinite(dhi)) or np.any(dhi < 0):
        return None
    sr, AS = rows_of("supply")
    nnz, srow, sval = _one_per_column(AS, xcols)
    if np.any(nnz[~is_in] != 0) or np.any(nnz[is_in] > 1) or np.any(sval[nnz == 1] != 1.0):
        return None
    if np.any(np.isfinite(arr.row_lo[sr])) or np.any(~np.isfinite(arr.row_hi[sr])):
        return None
    o, i = ~is_in, is_in
    out_col = xcols[o]
    out_yield = dval[o]
    out_dem = drow[o]
    out_ub = np.minimum(np.minimum(arr.ub[out_col], leg_m[o]), dhi[out_dem] / out_yield)
    # capacity cover: a required demand reached only through hubs needs demand / (best yield)
    # of hub throughput; hub throughput is at most the installed capacity
    best_yield = np.zeros(len(dr))
    np.maximum.at(best_yield, out_dem, out_yield)
    cover = float(np.sum(dhi[dem_eq] / np.where(best_yield[dem_eq] > 0, best_yield[dem_eq], np.inf)))
    if any(dem_eq & (best_yield == 0) & (dhi > 0)):
        return None   # a required demand no leg reaches: infeasible, left to the solver's diagnosis
    return HubStructure(
        out_col=out_col, out_hub=leg_hub[o], out_node=node[o], out_dem=out_dem, out_yield=out_yield,
        out_c=arr.c[out_col], out_ub=out_ub,
        in_col=xcols[i], in_hub=leg_hub[i], in_node=node[i], in_sup=srow[i], in_c=arr.c[xcols[i]],
        w_col=wcols, w_c=arr.c[wcols], cap=cap, n_nodes=len(nr),
        dem_rows=dr, dem_b=dhi, dem_eq=dem_eq, sup_rows=sr, sup_b=arr.row_hi[sr], cover=cover,
        leg_m=np.asarray(leg_m_by_row[lrow], float))


# ----------------------------------------------------------------------------- the bound
def _cover_knapsack(profit: np.ndarray, q: np.ndarray, target: int) -> tuple[float, np.ndarray]:
    """max sum profit.w s.t. sum q.w >= target, w in {0, 1} (q, target integers >= 0):
    every item of profit >= 0 is taken (it only helps the cover); the rest of the cover is
    bought at least cost by a DP over capacity cells. Returns (value, w); value -inf (and w
    all ones) if even every item together does not cover."""
    w = profit >= 0
    need = int(target - q[w].sum())
    if need <= 0:
        return float(profit[w].sum()), w
    items = np.flatnonzero(~w)
    if q[items].sum() < need:
        return -np.inf, np.ones(len(profit), bool)
    cost = -profit[items]
    if np.all(q[items] == q[items[0]]):
        # equal sizes (OR-Library capa/b/c): the k = ceil(need / q) cheapest items are the
        # least-cost cover, no DP needed
        k = -(-need // int(q[items[0]]))
        w[items[np.argsort(cost, kind="stable")[:k]]] = True
        return float(profit[w].sum()), w
    INF = np.inf
    dp = np.full(need + 1, INF)          # dp[c]: least cost of a cover of at least c cells
    dp[0] = 0.0
    take = np.zeros((len(items), need + 1), bool)
    for k, (qk, ck) in enumerate(zip(q[items], cost)):
        qk = int(qk)
        cand = np.empty(need + 1)
        cand[:min(qk, need + 1)] = ck                  # one item alone covers c <= q
        if qk <= need:
            cand[qk:] = dp[:need + 1 - qk] + ck
        better = cand < dp
        take[k] = better
        dp = np.where(better, cand, dp)
    c = need
    for k in range(len(items) - 1, -1, -1):          # trace the chosen items back
        if c > 0 and take[k, c]:
            w[items[k]] = True
            c = max(c - int(q[items[k]]), 0)
    return float(profit[w].sum()), w


@dataclass
class Subproblem:
    """One evaluation of the Lagrangian function: its value (an upper bound on the batch's
    optimum, objective units), the hubs it opens, and the leg flows it sends."""

    value: float
    open: np.ndarray
    out_flow: np.ndarray
    in_flow: np.ndarray
    profit: np.ndarray       # per hub: reduced profit if opened (knapsack value - fixed cost)


class Lagrangian:
    """The relaxation of the demand and supply rows of a `HubStructure`."""

    def __init__(self, hs: HubStructure):
        self.hs = hs
        nh = len(hs.cap)
        grid = max(1.0, float(hs.cover) / KNAPSACK_CELLS)
        self.q = np.ceil(hs.cap / grid - 1e-9).astype(np.int64)     # rounded up: a relaxation
        self.target = int(np.ceil(hs.cover / grid - 1e-9)) if hs.cover > 0 else 0
        self.nh = nh

    def evaluate(self, lam: np.ndarray, mu: np.ndarray, fixed: dict[int, bool] | None = None) -> Subproblem:
        """L(lam, mu) and the subproblem's solution; `fixed` forces hubs open (True) or shut."""
        hs = self.hs
        a = hs.in_c - np.where(hs.in_sup >= 0, mu[np.maximum(hs.in_sup, 0)], 0.0)
        best_in = np.full(hs.n_nodes, -np.inf)
        np.maximum.at(best_in, hs.in_node, a)
        b = hs.out_c - lam[hs.out_dem] * hs.out_yield + best_in[hs.out_node]
        pos = np.flatnonzero(b > 0)
        order = pos[np.lexsort((-b[pos], hs.out_hub[pos]))]
        hub = hs.out_hub[order]
        u = hs.out_ub[order]
        cum = np.cumsum(u)
        start = np.searchsorted(hub, np.arange(self.nh))            # first sorted leg of each hub
        base = np.concatenate([[0.0], cum])[start]
        before = cum - u - base[hub]                                 # this hub's legs before this one
        x = np.clip(hs.cap[hub] - before, 0.0, u)
        flow = np.zeros(len(b))
        flow[order] = x
        value = np.bincount(hs.out_hub, weights=np.where(flow > 0, b * flow, 0.0), minlength=self.nh)
        profit = value + hs.w_c
        if fixed:
            ks_val, w = self._fixed_knapsack(profit, fixed)
        else:
            ks_val, w = _cover_knapsack(profit, self.q, self.target)
        total = float(lam @ hs.dem_b + mu @ hs.sup_b + ks_val)
        out_flow = flow * w[hs.out_hub]
        # each node's throughput comes in by its best in-leg
        through = np.bincount(hs.out_node, weights=out_flow, minlength=hs.n_nodes)
        best_leg = np.full(hs.n_nodes, -1, np.int64)
        idx = np.lexsort((a, hs.in_node))                            # last of each node = its best
        best_leg[hs.in_node[idx]] = idx
        in_flow = np.zeros(len(a))
        has = best_leg >= 0
        in_flow[best_leg[has]] = through[has]
        return Subproblem(total, w, out_flow, in_flow, profit)

    def _fixed_knapsack(self, profit: np.ndarray, fixed: dict[int, bool]) -> tuple[float, np.ndarray]:
        keys = np.fromiter(fixed.keys(), np.int64)
        vals = np.fromiter(fixed.values(), bool)
        p = profit.copy()
        free = np.ones(self.nh, bool)
        free[keys] = False
        forced_on = keys[vals]
        rest = self.target - int(self.q[forced_on].sum())
        val, wf = _cover_knapsack(p[free], self.q[free], max(rest, 0))
        w = np.zeros(self.nh, bool)
        w[free] = wf
        w[forced_on] = True
        return val + float(p[forced_on].sum()), w

    def subgradient(self, sub: Subproblem, lam: np.ndarray, mu: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The subgradients of L at (lam, mu): b - A x of the relaxed rows."""
        hs = self.hs
        gd = hs.dem_b - np.bincount(hs.out_dem, weights=hs.out_yield * sub.out_flow, minlength=len(hs.dem_b))
        gs = hs.sup_b - np.bincount(np.maximum(hs.in_sup, 0), weights=np.where(hs.in_sup >= 0, sub.in_flow, 0.0),
                                    minlength=len(hs.sup_b))
        return gd, gs

    def initial(self) -> tuple[np.ndarray, np.ndarray]:
        """Demand multipliers at each demand's best leg value per unit (every leg then worth at
        most 0 before fixed costs); supplies at 0."""
        hs = self.hs
        best_in = np.full(hs.n_nodes, -np.inf)
        np.maximum.at(best_in, hs.in_node, hs.in_c)
        per = (hs.out_c + best_in[hs.out_node]) / hs.out_yield
        lam = np.full(len(hs.dem_b), -np.inf)
        np.maximum.at(lam, hs.out_dem, per)
        lam = np.where(np.isfinite(lam), lam, 0.0)
        lam = np.where(hs.dem_eq, lam, np.maximum(lam, 0.0))
        return lam, np.zeros(len(hs.sup_b))


# ----------------------------------------------------------------------------- the search
@dataclass
class LagrangeResult:
    """What the Lagrangian phase found: `bound` (>= the batch optimum, objective units),
    the best primal `z` (all columns of the batch, feasible) and its `objective`, the hubs
    whose switch any strictly better solution shares with the subproblem (`fixed`: hub
    position -> open), and counts for the log."""

    bound: float
    objective: float | None
    z: np.ndarray | None
    fixed: dict[int, bool]
    iterations: int
    primals: int
    seconds: float
    multipliers: tuple[np.ndarray, np.ndarray] | None = None   # the best (demand, supply) multipliers


def lagrangian(arr: MilpArrays, hs: HubStructure, seconds: float, max_iter: int = 3000) -> LagrangeResult:
    """Subgradient optimisation of the Lagrangian bound (Polyak steps on rows scaled by
    their right-hand side, the step halved after 15 iterations without progress), pricing
    each new open-hub set the subproblem proposes, then a local search from the best, and
    reduced-cost fixing against it. Runs at most `seconds`."""
    from eitflow.solve.hubsearch import TransportLP, search

    t0 = time.time()
    deadline = t0 + seconds
    lag = Lagrangian(hs)
    lam, mu = lag.initial()
    tp = TransportLP(arr, hs, deadline)
    sd = np.where(hs.dem_b > 0, hs.dem_b, 1.0)
    ss = np.where(hs.sup_b > 0, hs.sup_b, 1.0)
    best_l, best_mult = np.inf, (lam, mu)
    theta, stall, it = 2.0, 0, 0
    lp_deadline = t0 + SUBGRADIENT_SHARE * seconds     # the rest for the local search
    starts: dict[bytes, tuple[float, np.ndarray]] = {}
    for it in range(1, max_iter + 1):
        if time.time() >= lp_deadline or theta < 1e-4:
            break
        sub = lag.evaluate(lam, mu)
        if sub.value < best_l - 1e-9 * abs(sub.value):
            best_l, best_mult, stall = sub.value, (lam, mu), 0
        else:
            stall += 1
            if stall >= 15:
                theta, stall = theta / 2, 0
        if it == 1 or it % PRICE_EVERY == 0:      # the iterates' open sets: starts of the search
            key = np.packbits(sub.open).tobytes()
            if key not in starts:
                starts[key] = (tp.price(sub.open), sub.open)
        target = tp.objective if np.isfinite(tp.objective) else sub.value - 0.1 * abs(sub.value)
        gd, gs = lag.subgradient(sub, lam, mu)
        gd, gs = gd / sd, gs / ss
        nrm = float(gd @ gd + gs @ gs)
        if nrm <= 0 or best_l - tp.objective <= 1e-9 * abs(best_l):
            break                              # the subproblem's solution is feasible: optimal
        step = theta * max(sub.value - target, 1e-9 * abs(sub.value)) / nrm
        lam = lam - step * gd / sd
        lam = np.where(hs.dem_eq, lam, np.maximum(lam, 0.0))
        mu = np.maximum(mu - step * gs / ss, 0.0)
    ranked = sorted((v for v in starts.values() if np.isfinite(v[0])), key=lambda v: -v[0])
    if best_l - tp.objective > 1e-9 * abs(best_l):
        search(tp, lag, lag.evaluate(*best_mult).profit, [o for _, o in ranked[:STARTS]], target=best_l - 1e-9 * abs(best_l))
    fixed = fixed_hubs(lag, best_mult, tp.objective) if np.isfinite(tp.objective) else {}
    best = tp.best
    return LagrangeResult(best_l, None if best is None else best[0], None if best is None else best[1],
                          fixed, it, tp.calls, time.time() - t0, best_mult)


def flip_bounds(lag: Lagrangian, mult: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Per hub, the Lagrangian bound at `mult` over the solutions whose switch differs from
    the subproblem's (objective units), and the subproblem's open set: a hub whose flipped
    bound lies far below the unrestricted one is almost surely set as the subproblem sets it."""
    lam, mu = mult
    sub = lag.evaluate(lam, mu)
    const = float(lam @ lag.hs.dem_b + mu @ lag.hs.sup_b)      # only the knapsack changes
    flipped = np.array([const + lag._fixed_knapsack(sub.profit, {h: not bool(sub.open[h])})[0]
                        for h in range(lag.nh)])
    return flipped, sub.open


def fixed_hubs(lag: Lagrangian, mult: tuple[np.ndarray, np.ndarray], incumbent: float) -> dict[int, bool]:
    """Hubs whose switch every solution better than `incumbent` shares with the subproblem
    at `mult`: flipping it gives a Lagrangian bound (valid for every solution with the hub
    so) below the incumbent. A margin of 1e-7 relative covers rounding in the bound."""
    flipped, open_ = flip_bounds(lag, mult)
    margin = 1e-7 * max(abs(incumbent), 1.0)
    return {h: bool(open_[h]) for h in np.flatnonzero(flipped < incumbent - margin).tolist()}
