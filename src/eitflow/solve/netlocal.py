"""Local search on a large linearly sized network's incumbent: re-parent moves, each one LP.

With linear sizing (`model.network`, ``sizing: linear``) a network's only binaries are the
switches of its corridor ways; once the set of open ways is fixed, the rest (flows, rated
capacities, supplies, heat pumps) is a linear programme. A spanning-tree start
(`solve.netstart`) is a feasible network that HiGHS rarely improves within the time limit on
a city of a few thousand ways (measured on `bench.netsynth`'s city: from the start, 18 min of
HiGHS left it unchanged). This improves it by moves on the ways:

- **re-parent** a node w: close the open way e = (p -> w) and open a closed way f = (u -> w)
  into the same node, so that what e carried now reaches w from u (the tree-edge exchange of
  local search for concave-cost network design);
- **re-root** (depth i = 1..DEPTH): close instead the open way into the i-th node above w,
  open f and turn round the i ways between, so that the part cut off is fed through w;
- open ways left without flow are closed (their fixed cost saved) when the LP says it is
  not worse.

Candidates are ranked by a first-order estimate of what the move saves, from the LP at the
current network: F_e - F_f + (f_e - f_f) K_e + sum_t (pi_u,t - pi_p,t) x_e,t, less (re-root)
what the turned ways then cost (each carrying what e carried less what it carried), where F
and f are the ways' fixed and per-capacity annual costs, K_e and x_e,t the capacity and flows
of e, and pi the duals of the node balances (the objective's change per unit drawn at a node).
Moves that cannot serve a network are not tried: u fed through the part cut off, u without
heat (neither fed nor injecting: a supply's connection switch stays as it is), f or a turned
way too small for what e carried. The others are tried in the estimate's order, each by
re-solving the LP with the switches changed (warm-started from the last basis: about 25-40 ms
on the city), and the first that improves the objective is kept; then the candidates are
ranked again. The search ends when none of MAX_TRIES candidates improves, or the time is out.
Every point returned is an LP solution with every binary at 0 or 1 (a feasible point of the
model), never worse than the one given. A heuristic: no claim of optimality.
"""

from __future__ import annotations

import time

import numpy as np

from eitflow.model.arrays import MilpArrays

__all__ = ["improve", "searchable"]

IMPROVE = 1e-7       # a move is kept when it raises the objective by this share of its size (no cycling)
MIN_BUDGET_S = 1.0   # below this no search is started (its LP alone takes about 0.15 s on the city)
DEPTH = 4            # re-root moves: the open way closed up to this many nodes above f's head
MAX_TRIES = 100      # candidates tried per ranking, at most (on the city a kept move was found within 20)


def _ways(arr: MilpArrays) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
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
    rev = way_opt[nb.opt_corridor * 2 + 1 - ow]       # the other way of the same corridor, or -1
    return tail, head, a_opt, rev


def searchable(arr: MilpArrays) -> bool:
    """Whether `improve` can search `arr`: a network whose options are all linearly sized ways."""
    return _ways(arr) is not None


def improve(arr: MilpArrays, z: np.ndarray, opts, budget_s: float) -> tuple[np.ndarray, dict]:
    """A point of `arr` at least as good as the feasible point `z`, by re-parent moves on its
    linearly sized ways (see the module docstring), within about `budget_s` seconds. `opts`:
    the solver options (threads). Returns (the point, a summary: objective before and after,
    moves kept, LPs solved, seconds). A batch whose network is not wholly linearly sized, whose
    LP at `z` does not solve, or a budget under MIN_BUDGET_S: `z` is returned as it is."""
    import highspy

    from eitflow.solve.highs import highs_model, set_threads, set_time_limit
    from eitflow.solve.highs import run as run_highs

    t0 = time.perf_counter()
    info = {"objective_before": float(arr.c @ z), "objective": float(arr.c @ z), "moves": 0, "deep": 0, "lps": 0,
            "seconds": 0.0}
    ways = _ways(arr)
    if ways is None or budget_s < MIN_BUDGET_S:
        return z, info
    nb = arr.network
    assert nb is not None
    tail, head, a_opt, rev = ways
    T = nb.periods
    nO, nA = len(nb.options), len(nb.arcs)
    ocol = nb.opt_col0 + np.arange(nO)
    kcol = nb.k_col0 + np.arange(nO)           # options are all linear: K in option order
    acol = nb.arc_col0 + np.arange(nA * T)
    F, fK = -arr.c[ocol], -arr.c[kcol]
    node_rows = arr.rows["net_node"].start + np.arange(len(nb.nodes) * T)
    ints = np.flatnonzero(arr.integrality)
    fixed = arr.with_integers_at(z)                # every binary at the point's value; the LP does the rest
    ub = fixed.ub
    is_open = z[ocol] > 0.5
    h = highs_model(fixed)
    set_threads(h, opts.threads)
    OPT = highspy.HighsModelStatus.kOptimal

    def run() -> float | None:
        set_time_limit(h, budget_s - (time.perf_counter() - t0))
        run_highs(h)
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
        e, f, i, turned, cap = _deeper(e, f, is_open, tail, head, rev, point[kcol], F, fK, ub[kcol], len(nb.nodes))
        K = point[kcol[e]]
        # f and the turned ways can carry what e did, and f's tail has heat (fed by an open way, or
        # injecting: a supply not connected at the point stays so, its connection's switch is fixed)
        fed = np.zeros(len(nb.nodes), bool)
        fed[head[is_open]] = True
        fed[nb.inj_node[point[nb.inj_cols] > 0]] = True
        fits = (ub[kcol[f]] >= K * (1 + 1e-9)) & (cap >= K * (1 + 1e-9)) & fed[tail[f]]
        e, f, i, turned, K = e[fits], f[fits], i[fits], turned[fits], K[fits]
        est = F[e] - F[f] + (fK[e] - fK[f]) * K + ((pi[tail[f]] - pi[tail[e]]) * flow[e]).sum(axis=1) - turned
        kept = False
        down = _downstream(tail[is_open], head[is_open], len(nb.nodes))
        par = np.full(len(nb.nodes), -1, np.int64)
        par[head[is_open]] = np.flatnonzero(is_open)
        tries = 0
        for j in np.argsort(-est, kind="stable"):
            if time.perf_counter() - t0 >= budget_s or tries >= MAX_TRIES:
                break
            if tail[f[j]] in down(int(head[e[j]])):
                continue            # u is fed through the node cut off: the move would cut both off
            # the ways from the node cut off down to f's head turn round (depth i)
            path = []
            n = int(head[f[j]])
            for _ in range(int(i[j])):
                path.append(int(par[n]))
                n = int(tail[par[n]]) if par[n] >= 0 else n
            path_ = np.array(path, np.int64)
            if (path_ < 0).any() or (rev[np.maximum(path_, 0)] < 0).any():
                continue
            tries += 1
            shut = np.r_[e[j], path_]
            opened = np.r_[f[j], rev[path_]]
            both = np.r_[shut, opened]
            switch(both, np.r_[np.zeros(len(shut)), np.ones(len(opened))])
            obj = run()
            if obj is not None and obj > best + IMPROVE * abs(best):
                best, kept = obj, True
                is_open[shut] = False
                is_open[opened] = True
                info["moves"] += 1
                info["deep"] += int(i[j] > 0)
                break
            switch(both, np.r_[np.ones(len(shut)), np.zeros(len(opened))])
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


def _deeper(e: np.ndarray, f: np.ndarray, is_open: np.ndarray, tail: np.ndarray, head: np.ndarray,
            rev: np.ndarray, K: np.ndarray, F: np.ndarray, fK: np.ndarray, k_ub: np.ndarray,
            n_nodes: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The re-parent pairs (e, f) at depth 0, and for each closed way f into a node w fed by
    one open way the deeper moves: e the open way into the i-th node above w (i = 1..DEPTH),
    the i ways between turned round. Returns (e, f, i, what turning the ways round adds to
    the cost, EUR/yr: each turned way then carries what e carried less what it carried, K the
    open ways' capacities; the least capacity bound `k_ub` of the ways turned round, inf at
    depth 0)."""
    op = np.flatnonzero(is_open)
    par = np.full(n_nodes, -1, np.int64)
    cnt = np.bincount(head[op], minlength=n_nodes)
    single = op[cnt[head[op]] == 1]
    par[head[single]] = single
    fs = np.unique(f)
    n = head[fs]
    es, ff, ii, extra, caps = [e], [f], [np.zeros(len(e), np.int64)], [np.zeros(len(e))], [np.full(len(e), np.inf)]
    cap = np.full(len(fs), np.inf)
    a1 = np.zeros(len(fs))      # sum of the turned ways' per-capacity cost
    a2 = np.zeros(len(fs))      # ... times what each carried, plus what each cost as it was
    a4 = np.zeros(len(fs))      # their fixed costs turned round
    for d in range(1, DEPTH + 1):
        w = par[np.maximum(n, 0)]
        ok = (n >= 0) & (w >= 0)
        w0 = np.maximum(w, 0)
        r = rev[w0]
        ok &= r >= 0
        r0 = np.maximum(r, 0)
        a1 = a1 + np.where(ok, fK[r0], 0.0)
        a2 = a2 + np.where(ok, (fK[r0] + fK[w0]) * K[w0], 0.0)
        a4 = a4 + np.where(ok, F[r0] - F[w0], 0.0)
        cap = np.minimum(cap, np.where(ok, k_ub[r0], 0.0))
        n = np.where(ok, tail[w0], -1)
        up = np.where(n >= 0, par[np.maximum(n, 0)], -1)
        keep = (n >= 0) & (up >= 0)
        es.append(up[keep])
        ff.append(fs[keep])
        ii.append(np.full(int(keep.sum()), d))
        extra.append((a1 * K[np.maximum(up, 0)] - a2 + a4)[keep])
        caps.append(cap[keep])
    return (np.concatenate(es), np.concatenate(ff), np.concatenate(ii), np.concatenate(extra),
            np.concatenate(caps))


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
