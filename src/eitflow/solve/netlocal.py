"""Local search on a large linearly sized network's incumbent: re-parent moves, each one LP.

With linear sizing (`model.network`, ``sizing: linear``) a network's only binaries are the
switches of its corridor ways; once the set of open ways is fixed, the rest (flows, rated
capacities, supplies, heat pumps) is a linear programme. A spanning-tree start
(`solve.netstart`) is a feasible network that HiGHS rarely improves within the time limit on
a city of a few thousand ways (measured on `bench.netsynth`'s city: from the start, 18 min of
HiGHS left it unchanged). This improves it by moves on the ways:

- **re-parent** a node v: close an open way e = (p -> v) and open a closed way f = (u -> v)
  into the same node, so that what e carried now reaches v from u (the tree-edge exchange of
  local search for concave-cost network design);
- after each accepted move, open ways left without flow are closed (their fixed cost saved)
  when the LP says it is not worse.

Candidates are ranked by a first-order estimate of what the move saves, from the LP at the
current network: F_e - F_f + (f_e - f_f) K_e + sum_t (pi_u,t - pi_p,t) x_e,t, where F and f
are the ways' fixed and per-capacity annual costs, K_e and x_e,t the capacity and flows of e,
and pi the duals of the node balances (the objective's change per unit drawn at a node). Those
with a positive estimate are tried in that order, each by re-solving the LP with the two
switches swapped (warm-started from the last basis, a few dozen simplex iterations: about
25 ms on the city), and the first that improves the objective is kept; then the candidates
are ranked again. The search ends when no candidate with a positive estimate improves, or the
time is out. Every point returned is an LP solution with every binary at 0 or 1 (a feasible
point of the model), never worse than the one given. A heuristic: no claim of optimality.
"""

from __future__ import annotations

import dataclasses
import time

import numpy as np

from eitflow.model.arrays import MilpArrays

__all__ = ["improve"]

IMPROVE = 1e-7       # a move is kept when it raises the objective by this share of its size (no cycling)
MIN_BUDGET_S = 1.0   # below this no search is started (its LP alone takes about 0.15 s on the city)
MAX_TRIES = 100      # candidates tried per ranking, at most (on the city a kept move was found within 20)


def _ways(arr: MilpArrays) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """(tail and head node of each option, the option of each arc or -1) of a network block
    whose options are all linearly sized and carry one way (a way of a two-way corridor, or a
    one-way corridor), else None."""
    nb = arr.network
    if nb is None or not len(nb.options) or len(nb.lin) != len(nb.options) or len(nb.opt_way) != len(nb.options) \
            or len(nb.a_way) != len(nb.arcs):
        return None
    nC = int(max(nb.a_corridor.max(initial=-1), nb.opt_corridor.max(initial=-1))) + 1
    arcs_of = np.bincount(nb.a_corridor, minlength=nC)
    # a one-way corridor's option (way -1) carries its only arc's way
    ow = nb.opt_way.copy()
    first = np.full(nC, -1, np.int64)
    first[nb.a_corridor[::-1]] = np.arange(len(nb.arcs))[::-1]
    loose = ow < 0
    if (arcs_of[nb.opt_corridor[loose]] != 1).any():
        return None
    ow[loose] = nb.a_way[first[nb.opt_corridor[loose]]]
    key = nb.opt_corridor * 2 + ow
    if len(np.unique(key)) != len(key):
        return None
    way_opt = np.full(2 * nC, -1, np.int64)
    way_opt[key] = np.arange(len(key))
    a_opt = way_opt[nb.a_corridor * 2 + nb.a_way]
    tail = np.zeros(len(key), np.int64)
    head = np.zeros(len(key), np.int64)
    on = a_opt >= 0
    tail[a_opt[on]] = nb.a_tail[on]
    head[a_opt[on]] = nb.a_head[on]
    return tail, head, a_opt


def improve(arr: MilpArrays, z: np.ndarray, opts, budget_s: float) -> tuple[np.ndarray, dict]:
    """A point of `arr` at least as good as the feasible point `z`, by re-parent moves on its
    linearly sized ways (see the module docstring), within about `budget_s` seconds. `opts`:
    the solver options (threads). Returns (the point, a summary: objective before and after,
    moves kept, LPs solved, seconds). A batch whose network is not wholly linearly sized, whose
    LP at `z` does not solve, or a budget under MIN_BUDGET_S: `z` is returned as it is."""
    import highspy

    from eitflow.solve.highs import highs_model

    t0 = time.perf_counter()
    info = {"objective_before": float(arr.c @ z), "objective": float(arr.c @ z), "moves": 0, "lps": 0,
            "seconds": 0.0}
    ways = _ways(arr)
    if ways is None or budget_s < MIN_BUDGET_S:
        return z, info
    nb = arr.network
    assert nb is not None
    tail, head, a_opt = ways
    T = nb.periods
    nO, nA = len(nb.options), len(nb.arcs)
    ocol = nb.opt_col0 + np.arange(nO)
    kcol = nb.k_col0 + np.arange(nO)           # options are all linear: K in option order
    acol = nb.arc_col0 + np.arange(nA * T)
    F, fK = -arr.c[ocol], -arr.c[kcol]
    node_rows = arr.rows["net_node"].start + np.arange(len(nb.nodes) * T)
    ints = np.flatnonzero(arr.integrality)
    lb, ub = arr.lb.copy(), arr.ub.copy()
    lb[ints] = ub[ints] = np.round(z[ints])        # every binary at the point's value; the LP does the rest
    is_open = z[ocol] > 0.5
    h = highs_model(dataclasses.replace(arr, lb=lb, ub=ub, integrality=np.zeros_like(arr.integrality)))
    h.setOptionValue("threads", int(opts.threads))
    OPT = highspy.HighsModelStatus.kOptimal

    def run() -> float | None:
        h.setOptionValue("time_limit", float(max(budget_s - (time.perf_counter() - t0), 0.01)))
        h.run()
        info["lps"] += 1
        return float(h.getInfo().objective_function_value) if h.getModelStatus() == OPT else None

    def switch(opt: np.ndarray, val: np.ndarray) -> None:
        cols = ocol[opt].astype(np.int32)
        h.changeColsBounds(len(cols), cols, val.astype(float), val.astype(float))

    best = run()
    if best is None or best < info["objective_before"] - IMPROVE * abs(info["objective_before"]) - 1e-6:
        info["seconds"] = time.perf_counter() - t0
        return z, info
    sol = h.getSolution()
    point, dual = np.asarray(sol.col_value), np.asarray(sol.row_dual)
    out = point.copy()
    while time.perf_counter() - t0 < budget_s:
        # open ways that carry nothing: closed where the LP says it is not worse
        idle = np.flatnonzero(is_open & (point[kcol] <= 0.0)
                              & (_way_flow(point[acol].reshape(nA, T), a_opt, nO).sum(axis=1) <= 0.0))
        if len(idle):
            switch(idle, np.zeros(len(idle)))
            obj = run()
            if obj is not None and obj >= best:
                best = obj
                is_open[idle] = False
                info["moves"] += 1
                sol = h.getSolution()
                point, dual = np.asarray(sol.col_value), np.asarray(sol.row_dual)
                out = point.copy()
            else:
                switch(idle, np.ones(len(idle)))
        # rank the re-parent moves at the current LP point
        flow = _way_flow(point[acol].reshape(nA, T), a_opt, nO)
        pi = dual[node_rows].reshape(len(nb.nodes), T)
        op = np.flatnonzero(is_open)
        cl = np.flatnonzero(~is_open)
        # open ways into each node, paired with every closed way into the same node
        order = np.argsort(head[op], kind="stable")
        op = op[order]
        lo = np.searchsorted(head[op], head[cl], "left")
        hi = np.searchsorted(head[op], head[cl], "right")
        cnt = hi - lo
        f = np.repeat(cl, cnt)
        e = op[np.repeat(lo, cnt) + (np.arange(cnt.sum()) - np.repeat(np.cumsum(cnt) - cnt, cnt))]
        K = point[kcol[e]]
        est = F[e] - F[f] + (fK[e] - fK[f]) * K + ((pi[tail[f]] - pi[tail[e]]) * flow[e]).sum(axis=1)
        kept = False
        down = _downstream(tail[is_open], head[is_open], len(nb.nodes))
        tries = 0
        for j in np.argsort(-est, kind="stable"):
            if time.perf_counter() - t0 >= budget_s or tries >= MAX_TRIES:
                break
            if tail[f[j]] in down(int(head[f[j]])):
                continue            # u is fed through v: the move would cut v (and u) off
            tries += 1
            pair = np.array([e[j], f[j]])
            switch(pair, np.array([0.0, 1.0]))
            obj = run()
            if obj is not None and obj > best + IMPROVE * abs(best):
                best, kept = obj, True
                is_open[pair] = [False, True]
                info["moves"] += 1
                break
            switch(pair, np.array([1.0, 0.0]))
        if not kept:
            break
        sol = h.getSolution()
        point, dual = np.asarray(sol.col_value), np.asarray(sol.row_dual)
        out = point.copy()
    out[ints] = np.round(out[ints])
    if float(arr.c @ out) > float(arr.c @ z):       # the moves', or only the LP's better flows at z's network
        z = out
    info.update(objective=float(arr.c @ z), seconds=time.perf_counter() - t0)
    return z, info


def _downstream(tail: np.ndarray, head: np.ndarray, n_nodes: int):
    """A function of a node v giving the set of nodes reachable from v along the ways
    (tail -> head) given (the open ones), cached per v."""
    import scipy.sparse as sp
    from scipy.sparse.csgraph import breadth_first_order

    g = sp.csr_matrix((np.ones(len(tail)), (tail, head)), shape=(n_nodes, n_nodes))
    cache: dict[int, set] = {}

    def down(v: int) -> set:
        if v not in cache:
            cache[v] = set(breadth_first_order(g, v, directed=True, return_predecessors=False).tolist())
        return cache[v]
    return down


def _way_flow(x: np.ndarray, a_opt: np.ndarray, n_opt: int) -> np.ndarray:
    """Flow of each option's arcs per period (options x periods) from the arcs' flows `x`
    (arcs x periods); `a_opt`: the option of each arc, or -1."""
    out = np.zeros((n_opt, x.shape[1]))
    on = a_opt >= 0
    np.add.at(out, a_opt[on], x[on])
    return out
