"""A first network for a large shared-network component: a spanning-tree start for HiGHS.

On a network of a few thousand corridors with one binary per pipe size, HiGHS's own
heuristics often find no solution at all within a minute when the demands are required
(measured on the synthetic city of `bench.netsynth`: none in 60 s, eitflow's and plain
HiGHS's alike). This builds one directly, in four LP-sized steps:

1. the minimum spanning forest of the corridors, weighted by each corridor's cheapest
   annual cost (existing pipes cost nothing), taken as the only corridors allowed; given a
   `guide` (a point of the LP relaxation), each weight is times (1 - what the LP opens of
   the corridor, floored at GUIDE_FLOOR), so the tree follows the LP's support;
2. the LP relaxation of the model on that forest: on a tree the flows are nearly fixed by
   what is withdrawn, so its flows say what each corridor must carry;
3. per corridor carrying flow, the cheapest size whose capacity (per period) covers it; the
   LP with those sizes fixed and their capacity rows lifted says what they carry with their
   own losses added, and the sizes are re-chosen until they no longer change (at most
   SETTLE_ROUNDS times);
4. the model with exactly those sizes built and every other size off, solved by HiGHS (its
   other binaries, connections and supplies, stay free): a feasible point of the whole model;
   Where no forest's sizes carry the flows (a try infeasible at steps 2-4 on the first tree,
   then with more forests, up to every corridor), HiGHS chooses the sizes itself on the first
   tree, stopping at its first network (step 4');
5. the same with each of those sizes free to be left out, from that point (so never worse:
   a corridor that does not pay for itself is dropped).

The point is handed to HiGHS as its starting solution and stands as the result if HiGHS
finds nothing better (`solve.driver`). It is a heuristic: no claim of optimality is made;
the result's bound and gap say how far it may be.
"""

from __future__ import annotations

import dataclasses
import time

import numpy as np
import scipy.sparse as sp

from eitflow.model.arrays import MilpArrays

__all__ = ["EITHER_START_SHARE", "choose_sizes", "either_way", "either_way_start", "network_start", "settle_rows_hi",
           "spanning_corridors"]

SETTLE_ROUNDS = 4
EXTRA_FORESTS = 2    # forests added to a tree that cannot carry the flows (the last try: every corridor)
GUIDE_FLOOR = 0.01   # a corridor the guiding LP opens fully keeps this share of its price in the tree's weight
FLOW_EPS = 1e-6      # a corridor carrying less than this (relative to its largest size) is not built
# step 4': HiGHS on the first tree, to its first network, at most this long. Measured on the three
# towns of the synthetic region no forest's sizes carried (seed 5's town 6, seed 7's towns 0 and 37,
# all demands required): 1.1-3.9 s at load 14, where the LP-support MIP of `solve.netlarge` took 24-38 s
TREE_MIP_S = 20.0


def _corridor_ends(nb) -> tuple[np.ndarray, np.ndarray, int]:
    """Local (a, b) node of each local corridor of the network block, and the corridor count."""
    nC = int(max(nb.a_corridor.max(initial=-1), nb.opt_corridor.max(initial=-1))) + 1
    ca = np.zeros(nC, np.int64)
    cb = np.zeros(nC, np.int64)
    ca[nb.a_corridor[::-1]] = nb.a_tail[::-1]    # a corridor's first arc goes a -> b
    cb[nb.a_corridor[::-1]] = nb.a_head[::-1]
    return ca, cb, nC


def spanning_corridors(n_nodes: int, a: np.ndarray, b: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Mask of the edges (a_e, b_e) of a minimum spanning forest under `weight` (>= 0; one
    edge per pair of nodes is kept, the lightest; self-loops never)."""
    m = len(a)
    keep = np.zeros(m, bool)
    if m == 0:
        return keep
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    order = np.lexsort((weight, hi, lo))              # per pair, the lightest first
    first = np.r_[True, (lo[order][1:] != lo[order][:-1]) | (hi[order][1:] != hi[order][:-1])]
    cand = order[first & (lo[order] != hi[order])]
    from scipy.sparse.csgraph import minimum_spanning_tree

    # scipy drops explicit zeros: shift every weight by one so that free corridors stay edges
    g = sp.coo_matrix((weight[cand] + 1.0, (lo[cand], hi[cand])), shape=(n_nodes, n_nodes)).tocsr()
    t = minimum_spanning_tree(g).tocoo()
    pos = {(int(u), int(v)): int(e) for u, v, e in zip(lo[cand], hi[cand], cand)}
    for u, v in zip(t.row.tolist(), t.col.tolist()):
        keep[pos[(min(u, v), max(u, v))]] = True
    return keep


def choose_sizes(need: np.ndarray, opt_corridor: np.ndarray, capacity_t: np.ndarray, cost: np.ndarray,
                 n_corridors: int) -> np.ndarray:
    """Per corridor, the option to build for carrying `need` (corridors x periods): the
    cheapest (`cost`) whose capacity in every period (`capacity_t`, options x periods) covers
    it, the largest one when none does, -1 where nothing passes (or the corridor has no option)."""
    best = np.full(n_corridors, -1, np.int64)
    if len(opt_corridor) == 0:
        return best
    cap = capacity_t.max(axis=1)
    need_o = need[opt_corridor]
    fits = np.all(capacity_t >= need_o * (1 - 1e-9) - 1e-12, axis=1)
    order = np.lexsort((cost, ~fits, opt_corridor))      # per corridor: fitting first, cheapest first
    oc = opt_corridor[order]
    first = np.r_[True, oc[1:] != oc[:-1]]
    best[oc[first]] = order[first]
    none_fits = np.zeros(n_corridors, bool)
    none_fits[oc[first]] = ~fits[order[first]]
    if none_fits.any():
        big = np.lexsort((-cap, opt_corridor))
        ob = opt_corridor[big]
        fb = np.r_[True, ob[1:] != ob[:-1]]
        largest = np.full(n_corridors, -1, np.int64)
        largest[ob[fb]] = big[fb]
        best = np.where(none_fits, largest, best)
    top = np.zeros(n_corridors)
    np.maximum.at(top, opt_corridor, cap)
    best[need.max(axis=1) <= FLOW_EPS * np.maximum(top, 1.0)] = -1
    return best


def settle_rows_hi(arr: MilpArrays) -> np.ndarray:
    """The rows' upper bounds for step 3's LPs: each discrete size's capacity row lifted (the LP
    says what the corridor would carry, and the size is re-chosen to fit it), a linearly sized
    corridor's kept. A linear size's losses grow with its capacity K (``size_cap``), and only
    its capacity row ties K to the flow: lifted, the LP carried the flow with K = 0, free of
    those losses, and the sizes it settled on could not carry their own losses once step 4
    enforced the rows. Measured on the synthetic region (`bench.netsynth.network_region`, every
    size linear): towns 30 and 39 of seed 2 and town 38 of seed 0 had no tree start (every
    try infeasible at step 4) and now have one; their only other way to a network, the
    LP-support MIP, found none within the time limit on about one core, and the run ended
    without a plan."""
    hi = arr.row_hi.copy()
    if "net_capacity" not in arr.rows:
        return hi
    rows = arr.rows["net_capacity"]
    lift = np.arange(rows.start, rows.stop)
    lift = lift[arr.row_hi[lift] == 0.0]     # rows of sized corridors (existing pipes keep theirs)
    if "size_cap" in arr.cols:
        k = arr.cols["size_cap"]
        linear = np.diff(arr.A[lift][:, k.start:k.stop].tocsr().indptr) > 0
        lift = lift[~linear]
    hi[lift] = np.inf
    return hi


def network_start(arr: MilpArrays, opts, budget_s: float, guide: np.ndarray | None = None) -> tuple[np.ndarray | None, dict]:
    """A feasible point of `arr` (a batch with a network block) built on a spanning tree of
    its corridors (see the module docstring), within about `budget_s` seconds; `guide`: an LP
    point whose support the tree follows (step 1). Returns (the
    point, or None when a step finds nothing; a summary: tree corridors, corridors built,
    objective, seconds)."""
    from eitflow.solve.highs import solve_highs
    from eitflow.solve.status import Status

    t0 = time.perf_counter()
    nb = arr.network
    info: dict = {"tree_corridors": 0, "built": 0, "objective": None, "seconds": 0.0}
    if nb is None or not len(nb.options):
        return None, info
    T = nb.periods
    ca, cb, nC = _corridor_ends(nb)
    ocol = nb.opt_col0 + np.arange(len(nb.options))
    acol = nb.arc_col0 + np.arange(len(nb.arcs) * T)
    a_cor_t = np.repeat(nb.a_corridor, T)
    F = -arr.c[ocol]                                   # annual cost of each size (EUR/yr)
    cheapest = np.full(nC, np.inf)
    np.minimum.at(cheapest, nb.opt_corridor, F)
    has_opt = np.isfinite(cheapest)
    weight = np.where(has_opt, np.maximum(cheapest, 0.0), 0.0)
    if guide is not None:
        # guided by an LP point: a corridor the LP opens to y costs (1 - y) of its price, so
        # the tree follows the LP's support (its directed cuts know where the heat comes from)
        ysum = np.zeros(nC)
        np.add.at(ysum, nb.opt_corridor, guide[ocol])
        weight = weight * (1.0 - np.clip(ysum, 0.0, 1.0) * (1.0 - GUIDE_FLOOR))
    tree = spanning_corridors(len(nb.nodes), ca, cb, weight)
    info["tree_corridors"] = int((tree & has_opt).sum())
    lp_opts = opts.model_copy(update={"mip_gap": 1e-4})

    def left() -> float:
        return max(budget_s - (time.perf_counter() - t0), 0.01)

    def carried(z: np.ndarray) -> np.ndarray:
        need = np.zeros((nC, T))
        np.add.at(need, nb.a_corridor, z[acol].reshape(len(nb.arcs), T))
        return need

    way = nb.opt_way if len(nb.opt_way) == len(nb.options) else np.full(len(nb.options), -1)
    a_way = nb.a_way if len(nb.a_way) == len(nb.arcs) else np.zeros(len(nb.arcs), np.int64)

    either = np.zeros(nC, bool)     # a corridor with directed options and one carrying either way (monthly, linear)
    either[nb.opt_corridor[way < 0]] = True
    either &= np.isin(np.arange(nC), nb.opt_corridor[way >= 0])

    def sizes(need: np.ndarray, z: np.ndarray) -> np.ndarray:
        """`choose_sizes` among the options carrying the way each corridor's flow goes at `z`
        (where it goes both ways, in some periods each, the option carrying either way)."""
        by_way = np.zeros((nC, 2))
        np.add.at(by_way, (nb.a_corridor, a_way), z[acol].reshape(len(nb.arcs), T).sum(axis=1))
        both = either & (by_way.min(axis=1) > FLOW_EPS * np.maximum(by_way.max(axis=1), 1.0))
        wrong = (way >= 0) & ((way != np.argmax(by_way, axis=1)[nb.opt_corridor]) | both[nb.opt_corridor])
        return choose_sizes(need, nb.opt_corridor, np.where(wrong[:, None], 0.0, nb.capacity_t),
                            np.where(wrong, np.inf, F), nC)

    def bounds(built: np.ndarray, allowed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        lb, ub = arr.lb.copy(), arr.ub.copy()
        ub[ocol] = 0.0
        on = built[built >= 0]
        lb[ocol[on]] = 1.0
        ub[ocol[on]] = 1.0
        ub[acol[~allowed[a_cor_t]]] = 0.0
        return lb, ub

    # 1-2. the LP on the spanning forest (corridors without a size, existing pipes, stay)
    allowed = tree | ~has_opt
    hi = settle_rows_hi(arr)   # (step 3: capacity rows of the sized corridors lifted)
    forests = [allowed.copy()]
    r = None
    for forest in range(EXTRA_FORESTS + 1):
        if r is not None and left() <= 0.05:
            break
        if forest:
            # the forest cannot carry it (a corridor would need more than its largest size): the
            # lightest spanning forest of the corridors left joins it, and at the last try every corridor
            allowed = forests[-1].copy()
            rest = np.flatnonzero(~allowed)
            if not len(rest):
                break
            allowed[rest[spanning_corridors(len(nb.nodes), ca[rest], cb[rest], weight[rest])]] = True
            if forest == EXTRA_FORESTS:
                allowed[:] = True
            forests.append(allowed)
        ub = arr.ub.copy()
        ub[ocol[~allowed[nb.opt_corridor]]] = 0.0
        ub[acol[~allowed[a_cor_t]]] = 0.0
        lp = solve_highs(arr.relaxed(ub=ub), lp_opts, left())
        if lp.status != Status.OPTIMAL or lp.z is None:
            r = dataclasses.replace(lp, z=None)   # infeasible on this forest (seed 7's town 11): the next
            continue
        need = carried(lp.z)
        built = sizes(need, lp.z)
        # 3. settle the sizes with their own losses: capacity rows of the sized corridors lifted
        for _ in range(SETTLE_ROUNDS):
            lb, ub = bounds(built, (built >= 0) | ~has_opt)
            r = solve_highs(dataclasses.replace(arr.relaxed(lb, ub), row_hi=hi), lp_opts, left())
            if r.status != Status.OPTIMAL or r.z is None:
                break
            need = np.maximum(need, carried(r.z))
            again = sizes(need, r.z)
            if np.array_equal(again, built):
                break
            built = again
        # 4. the whole model with exactly those sizes
        lb, ub = bounds(built, (built >= 0) | ~has_opt)
        r = solve_highs(dataclasses.replace(arr, lb=lb, ub=ub), lp_opts, left())
        if r.z is not None:
            break
    if (r is None or r.z is None) and left() > 0.05:
        # 4'. no forest's sizes carry it: HiGHS chooses them on the first tree, to its first network
        # (module docstring)
        allowed = forests[0]
        ub = arr.ub.copy()
        ub[ocol[~allowed[nb.opt_corridor]]] = 0.0
        ub[acol[~allowed[a_cor_t]]] = 0.0
        r = solve_highs(dataclasses.replace(arr, ub=ub), opts.model_copy(update={"mip_gap": 1.0}),
                        min(left(), TREE_MIP_S))
        if r.z is not None:
            on = np.flatnonzero(r.z[ocol] > 0.5)
            built = np.full(nC, -1, np.int64)
            built[nb.opt_corridor[on]] = on
            lb, ub = bounds(built, (built >= 0) | ~has_opt)
            info["tree_mip"] = True
    assert r is not None
    info["tree_corridors"] = int((allowed & has_opt).sum())
    if r.z is None:
        info["seconds"] = time.perf_counter() - t0
        return None, info
    z = r.z
    # 5. each of those corridors may be left out again (from that point: never worse)
    lb[ocol] = 0.0
    r = solve_highs(dataclasses.replace(arr, lb=lb, ub=ub), lp_opts, left(), start=z) if left() > 0.1 else r
    if r.z is not None and float(arr.c @ r.z) >= float(arr.c @ z):
        z = r.z
    info.update(built=int((z[ocol] > 0.5).sum()), objective=float(arr.c @ z), seconds=time.perf_counter() - t0)
    return z, info


# issue #15: of the time left, what a batch whose network has a linear size carrying either way
# (monthly profiles) may spend on its LP and a start guided by it (`either_way_start`). Measured on
# benchmarks/twoway_grid.py's 4 x 4 grid (2026-12-06): HiGHS spent its 60 s in the root's cut
# rounds and found 0-3.11 MEUR/yr; this start 3.24 in 5 s, 3.39 in 15 s (benchmarks/HISTORY.md)
EITHER_START_SHARE = 0.25


def either_way(arr: MilpArrays) -> bool:
    """Whether `arr`'s network has, with monthly profiles, a linear size carrying either way
    on a two-way corridor (`model.network`: its own switch and K) and sites with both roles on
    it (the same-site rule's flow copies, `model.netsame`). Only there was the start measured to
    pay: on the grid with one role per site (`twoway_grid.py --one-role`) HiGHS alone found
    better plans (1,208,545 and 1,125,557 EUR/yr against 1,207,055 and 1,089,614 with it)."""
    nb = arr.network
    if nb is None or arr.periods == 1 or len(nb.opt_way) != len(nb.options) or not len(nb.lin) \
            or "own_arc" not in arr.cols or not len(arr.cols["own_arc"]):
        return False
    two = np.bincount(nb.a_corridor, minlength=int(nb.opt_corridor.max(initial=-1)) + 1) > 1
    return bool(np.any((nb.opt_way[nb.lin] < 0) & two[nb.opt_corridor[nb.lin]]))


def either_way_start(arr: MilpArrays, opts, budget_s: float) -> tuple[np.ndarray | None, float | None]:
    """A start for a batch with a size carrying either way (`either_way`), and its LP bound:
    the LP relaxation, then `network_start` guided by its point, within about `budget_s`
    seconds. On such networks HiGHS spends its time in the root's rounds of cuts, whose LPs are
    large (a copy of the flows per site with both roles, `model.netsame`, and a binary per
    corridor and month), and its own heuristics find little. Returns (point or None, the LP's
    value or None)."""
    from eitflow.solve.highs import relaxation

    t0 = time.perf_counter()
    lp = relaxation(arr, opts, budget_s)
    left = budget_s - (time.perf_counter() - t0)
    if left <= 0.5:
        return None, None if lp is None else lp[0]
    z, _ = network_start(arr, opts, left, None if lp is None else lp[1])
    return z, None if lp is None else lp[0]
