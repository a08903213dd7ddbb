"""The same-site rule on shared infrastructure: a company's withdrawal from a network or a hub
is not its own injection.

A supply and a demand of one site are never paired (`same_site`, `candidates.rules`): internal
recovery is out of scope, and an exchange counts only between two companies (each placed
activity of a siting is a company of its own). A network would otherwise pair them in
disguise: the site's heat goes in at its node and straight back out to the same site, no pipe
laid, and its demand's price is counted as a synergy (found by a helper's two-path check,
2026-12-05: a site with a 130 degC supply and a 70 degC demand on a 90 degC network "exchanged"
6,000 MWh/yr with itself and no corridor), or out along a pipe and back along the same pipe
or round a cycle of pipes.

The rule: the network's flows split into the site's own heat and the others', the site's own
heat ending at other companies' withdrawals or in the pipes' losses (counted as disposed of),
never at its own withdrawal. For every site s that both injects into and withdraws from a
network component C (`own`: its own heat's flow), in every period t:

    own_balance  sum_{a into m} eta_a f_at - sum_{a out of m} f_at - u_mt
                 + [m = s's node] sum_{s's injections} coef x = 0              every node m of C
    own_carry    f_at - x_at <= 0                                              every arc a of C
    own_sink     u_mt - sum_{other companies' withdrawals at m (a hub's legs to them too)} x
                 - (the pipes' loss drawn at m) <= 0                           every node m of C
    f, u >= 0

    own_arc_max  f_at - S_st sum_{o of a's corridor carrying a's way} y_o <= 0  every arc a of C
                 (a corridor with a one-way binary d_t: S_st d_t forward, S_st (sum_o y_o - d_t)
                 backward)

f_at: s's heat on arc a; u_mt: s's heat leaving the network at m. Such a split exists exactly
when s's heat can reach other sinks than its own demand along the flows the plan has (a flow
decomposition with no path from s to s): the rows cut off no allowed plan and every plan they
allow has one, whatever cycles the flows have (a pipe carrying both ways, a ring). A site
that both injects and withdraws where the network really carries its heat away and the
others' to it (a node the pipes pass through) keeps both. In those components a two-way
corridor carries one way in each period (`_one_way`): along a pipe carrying both
ways two such sites could trade their heat, which nets out to each feeding itself.

S_st: the most s can inject into C in period t (its connections' bounds). own_arc_max cuts
off no plan: where the arcs lose nothing in proportion (eta = 1; only there are the rows made),
s's heat with its cycles taken out (the balances unchanged, f only lower) runs on paths from s,
each arc carrying at most what s injects, and only on a corridor built that way. They are the
multi-commodity formulation's strong linking rows, one commodity per such site: in the LP, a
corridor must be open at least the share of the site's own heat it carries, where net_arc_max
asks the share of all the heat that could pass (issue #15: a 4 x 4 grid of sites feeding each
other in opposite seasons, root LP bound 4.14 -> 3.71 MEUR/yr; `benchmarks/twoway_grid.py`).

No big-M (the one-way rows use each arc's own bound; a way is 0 on a corridor not built, so the
solver does not branch on it), at the price of one copy of the
component's arc and node columns per such site and period, and a binary per two-way corridor
of discrete sizes (or with a linear size carrying either way) there and period: sites with both roles on one network are few (a plant
with waste heat and a heat need; a placed activity with both), the towns' buildings only
withdraw. No copy is made for the others.

A hub off the networks pools what its legs bring in the same way; there the rule is one row per
hub, site with both roles at it and period (`hub_own_rows`). A hub standing on a network is one
of its nodes: its legs are their sites' injections and withdrawals in the rows above, so a
site's gas trucked to the station and piped back is its own.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from eitflow.candidates.generate import Candidates
from eitflow.ids import positions
from eitflow.model.blocks import Blocks
from eitflow.model.network import NetBlock
from eitflow.scenario import Scenario

__all__ = ["OWN_ARC_MAX", "flow_sites", "hub_own_rows", "own_heat_block"]

OWN_ARC_MAX = True      # the rows own_arc_max (module docstring); False: left out (the exactness tests)


def _site_of_columns(scen: Scenario, cand: Candidates, pos: np.ndarray, cols_: np.ndarray, T: int,
                     role: str) -> np.ndarray:
    """Per x column (period 0) of a connection, the site (its position in scen.sites)
    of its flow: the supply's for an injection (role "supply"), the demand's for a withdrawal,
    a hub's leg included (its site's end); -1 for a leg's hub end (a hub is not a company)."""
    link = pos[cols_ // T]
    flow = np.asarray(cand.column(role), np.int64)[link]
    # a hub's leg counts as its site's: into a hub standing on the network, a site's gas is
    # its own injection there (taken back from the hub, it would be its own withdrawal)
    return np.where(flow >= 0, flow_sites(scen)[np.maximum(flow, 0)], -1)


def flow_sites(scen: Scenario) -> np.ndarray:
    """Per flow, its site's position in scen.sites."""
    return positions(scen.column("sites", "site_id"), scen.column("flows", "site_id"))   # site ids are unique


def hub_own_rows(scen: Scenario, sup: np.ndarray, dem: np.ndarray, node: np.ndarray, xb: np.ndarray, aa: np.ndarray,
                 tt: np.ndarray, T: int, block: Callable[..., None], sfx: Callable[[int], str],
                 yld: np.ndarray | None = None) -> None:
    """The same-site rule at a hub off the networks: a site takes out of a hub node in a period at
    most what the other companies put into it,

        sum_{legs out of k to s's demands} x_t - sum_{legs into k from other sites' supplies} x_t <= 0,

    one row per hub node k, site s with legs both into and out of k, and period t. A hub pools
    what comes in (its balance, `hub_node`) without tracking who sent it; such a split exists
    exactly when these rows hold (a transportation problem whose only forbidden cells are a
    site to itself: Gale's condition, checked on each single receiver, is the whole of it).
    `xb`: the x columns (model positions) of hub legs off the networks; `aa`, `tt`: each x
    column's link (within the model's links) and period; `sup`, `dem`, `node`: per link; `yld`:
    per link, what a leg in brings to the hub per unit sent (its pipe's losses off; None: 1)."""
    site = flow_sites(scen)
    s_in = np.where(sup[aa[xb]] >= 0, site[np.maximum(sup[aa[xb]], 0)], -1)
    s_out = np.where(dem[aa[xb]] >= 0, site[np.maximum(dem[aa[xb]], 0)], -1)
    k = node[aa[xb]]
    ns = len(scen.sites)
    key_in, key_out = k * ns + s_in, k * ns + s_out          # (hub node, site)
    both = np.intersect1d(key_in[s_in >= 0], key_out[s_out >= 0])
    if not len(both):
        return
    # per pair: its site's legs out (+1) and the other sites' legs in (-1), each per period
    r_out = np.searchsorted(both, key_out)
    take = (s_out >= 0) & (r_out < len(both)) & (both[np.minimum(r_out, len(both) - 1)] == key_out)
    uk, k_loc = np.unique(k, return_inverse=True)
    owner, leg = _members(np.searchsorted(uk, both // ns), k_loc.ravel(), len(uk))   # legs at the pair's hub node
    others = (s_in[leg] >= 0) & (s_in[leg] != both[owner] % ns)
    owner, leg = owner[others], leg[others]
    rows_ = np.concatenate([r_out[take] * T + tt[xb[take]], owner * T + tt[xb[leg]]])
    cols_ = np.concatenate([xb[take], xb[leg]])
    got = np.ones(len(leg)) if yld is None else np.asarray(yld, float)[aa[xb[leg]]]
    vals = np.concatenate([np.ones(int(take.sum())), -got])
    n = len(both) * T
    site_ids = scen.column("sites", "site_id")
    block("hub_own", rows_, cols_, vals, np.full(n, -np.inf), np.zeros(n),
          lambda: [f"site_{site_ids[b % ns]}_hub_node_{b // ns}_own{sfx(t)}" for b in both for t in range(T)],
          np.repeat(both % ns, T))


def _members(pair_group: np.ndarray, item_group: np.ndarray, ngroups: int) -> tuple[np.ndarray, np.ndarray]:
    """(pair, item) for every item whose group is its pair's: the items of each pair's group."""
    order = np.argsort(item_group, kind="stable")
    cnt = np.bincount(item_group, minlength=ngroups)
    start = np.cumsum(cnt) - cnt
    c = cnt[pair_group]
    rows = np.repeat(np.arange(len(pair_group)), c)
    offs = np.arange(int(c.sum())) - np.repeat(np.cumsum(c) - c, c)
    return rows, order[np.repeat(start[pair_group], c) + offs]


def own_heat_block(scen: Scenario, cand: Candidates, pos: np.ndarray, T: int, nb: NetBlock, cols: Blocks,
                   block: Callable[..., None], sfx: Callable[[int], str],
                   x_ub: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Add the columns (`own_arc`, `own_out`, `own_way`) and rows (module docstring) of the
    sites of the model's links `pos` that both inject into and withdraw from one network
    component. Returns the new columns' upper bounds and integrality, in column order (none:
    empty arrays)."""
    none = (np.zeros(0), np.zeros(0, np.int8))
    if not len(nb.inj_cols) or not len(nb.wd_cols) or cand.network is None:
        return none
    s_in = _site_of_columns(scen, cand, pos, nb.inj_cols, T, "supply")
    s_out = _site_of_columns(scen, cand, pos, nb.wd_cols, T, "demand")
    # no site both injects and withdraws (FCNetLib's, each node one flow): no pair, whatever the
    # components, so none of their numbering below (about 0.4 ms a model)
    injects = np.zeros(len(scen.sites) + 1, bool)
    injects[s_in] = True     # -1 (a hub's end) marks the spare last place, which no site is
    if not injects[s_out[s_out >= 0]].any():
        return none
    # the model's network components numbered 0.. (local), per node
    _, comp = np.unique(np.asarray(cand.network.node_arrays["component"], np.int64)[nb.nodes], return_inverse=True)
    comp = comp.ravel()
    nC, nN = int(comp.max()) + 1, len(nb.nodes)
    k_in, k_out = s_in * nC + comp[nb.inj_node], s_out * nC + comp[nb.wd_node]
    keys = np.intersect1d(k_in[s_in >= 0], k_out[s_out >= 0])   # (site, component) with both roles
    if not len(keys):
        return none
    p_site, p_comp = keys // nC, keys % nC
    t = np.arange(T)
    # column entries: (pair, arc) for f, (pair, node) for u, each with T columns
    fr, fa = _members(p_comp, comp[nb.a_tail], nC)
    ur, um = _members(p_comp, comp, nC)
    f0 = cols.add("own_arc", len(fa) * T, np.repeat(nb.arcs[fa], T)).start
    u0 = cols.add("own_out", len(um) * T, np.repeat(nb.nodes[um], T)).start
    fcol, ucol = f0 + np.arange(len(fa)) * T, u0 + np.arange(len(um)) * T     # period 0
    node_key = ur * nN + um                       # sorted: (pair, node) -> node entry
    at = lambda r, m: np.searchsorted(node_key, r * nN + m)  # noqa: E731  (node entry of pair r at node m)

    site_ids = scen.column("sites", "site_id")

    def rows(name: str, R: list, C: list, V: list, eq: bool, owner: np.ndarray, ids: np.ndarray) -> None:
        """One row per entry of `owner` (its pair) and period; R: the entries' rows, C and V
        their columns and values, each of period 0 (+ t) or already per period (n x T)."""
        C2 = np.concatenate([c if c.ndim == 2 else c[:, None] + t for c in C])
        V2 = np.concatenate([v if v.ndim == 2 else np.repeat(v[:, None], T, axis=1) for v in V])
        R_ = np.concatenate(R).astype(np.int64)
        n = len(owner)
        block(name, (R_[:, None] * T + t).ravel(), C2.ravel(), V2.ravel(),
              np.zeros(n * T) if eq else np.full(n * T, -np.inf), np.zeros(n * T),
              lambda: [f"site_{site_ids[p_site[r]]}_{name}_{i}{sfx(p)}" for r, i in zip(owner, ids) for p in range(T)],
              np.repeat(p_site[owner], T))

    # own_balance: arcs in and out, s's heat leaving, s's injections at its node
    mine = np.flatnonzero(s_in >= 0)
    ir = np.searchsorted(keys, k_in[mine])
    ok = (ir < len(keys)) & (keys[np.minimum(ir, len(keys) - 1)] == k_in[mine])
    mine, ir = mine[ok], ir[ok]
    rows("own_balance",
         [at(fr, nb.a_head[fa]), at(fr, nb.a_tail[fa]), np.arange(len(um)), at(ir, nb.inj_node[mine])],
         [fcol, fcol, ucol, nb.inj_cols[mine]],
         [nb.a_yield[fa], -np.ones(len(fa)), -np.ones(len(um)), nb.inj_coef[mine]], True, ur, nb.nodes[um])
    # own_carry: f <= x on every arc
    acol = nb.arc_col0 + fa * T
    rows("own_carry", [np.arange(len(fa))] * 2, [fcol, acol], [np.ones(len(fa)), -np.ones(len(fa))], False, fr,
         nb.arcs[fa])
    # own_sink: s's heat leaves at m only to another company's withdrawal (or a hub's) or the pipes' loss
    R, C, V = [np.arange(len(um))], [ucol], [np.ones(len(um))]
    wr, wi = _members(p_comp, comp[nb.wd_node], nC)
    keep = s_out[wi] != p_site[wr]
    R.append(at(wr[keep], nb.wd_node[wi[keep]]))
    C.append(nb.wd_cols[wi[keep]])
    V.append(-np.ones(int(keep.sum())))
    lossy = np.flatnonzero(np.abs(nb.loss_t).sum(axis=1) > 0)
    lin_lossy = np.flatnonzero(np.abs(nb.k_loss_t).sum(axis=1) > 0) if len(nb.lin) else np.zeros(0, np.int64)
    for end in (nb.opt_end_a, nb.opt_end_b):   # half of each pipe's loss at each end (`model.network`)
        r, o = _members(p_comp, comp[end[lossy]], nC)
        R.append(at(r, end[lossy][o]))
        C.append(np.repeat((nb.opt_col0 + lossy[o])[:, None], T, axis=1))
        V.append(-nb.loss_t[lossy[o]] / 2)
        r, j = _members(p_comp, comp[end[nb.lin[lin_lossy]]], nC)
        R.append(at(r, end[nb.lin[lin_lossy]][j]))
        C.append(np.repeat((nb.k_col0 + lin_lossy[j])[:, None], T, axis=1))
        V.append(-nb.k_loss_t[lin_lossy[j]] / 2)
    rows("own_sink", R, C, V, False, ur, nb.nodes[um])
    d_ub, d_col = _one_way(nb, comp, np.unique(p_comp), T, cols, block, sfx)
    # own_arc_max: s's heat on an arc no more than s injects, and only on a corridor built that way
    S = np.zeros((len(keys), T))
    np.add.at(S, ir, nb.inj_coef[mine][:, None] * np.asarray(x_ub, float).ravel()[nb.inj_cols[mine][:, None] + t])
    flat = np.ones(nC, bool)                  # components whose arcs lose nothing in proportion (eta = 1)
    flat[comp[nb.a_tail[nb.a_yield != 1.0]]] = False
    nK = int(nb.a_corridor.max()) + 1 if len(nb.a_corridor) else 0
    has_y = np.zeros(nK, bool)              # corridors with a switch (sizes)
    has_y[nb.opt_corridor] = True
    finite = np.asarray(np.isfinite(S).all(axis=1), bool)
    sel = np.flatnonzero(flat[p_comp[fr]] & has_y[nb.a_corridor[fa]] & finite[fr])
    if OWN_ARC_MAX and len(sel):
        way = nb.opt_way if len(nb.opt_way) == len(nb.options) else np.full(len(nb.options), -1, np.int64)
        e, o = _members(nb.a_corridor[fa[sel]], nb.opt_corridor, nK)       # (entry of sel, option of its corridor)
        dc = d_col[fa[sel]]                                                # its one-way binary, or none
        dsign = np.where(dc < 0, 0, np.where(nb.a_way[fa[sel]] == 0, 1, -1))
        # with a one-way binary d_t: d_t on the forward arc, (its sizes - d_t) on the backward one;
        # else the sizes carrying the arc's way
        fit = np.where(dsign[e] == 0, (way[o] < 0) | (way[o] == nb.a_way[fa[sel]][e]), dsign[e] < 0)
        e, o = e[fit], o[fit]
        Sf = S[fr[sel]]
        hasd = np.flatnonzero(dsign != 0)
        rows("own_arc_max", [np.arange(len(sel)), e, hasd],
             [fcol[sel], np.repeat((nb.opt_col0 + o)[:, None], T, axis=1), dc[hasd]],
             [np.ones(len(sel)), -Sf[e], -dsign[hasd][:, None] * Sf[hasd]], False, fr[sel], nb.arcs[fa[sel]])
    # f no more than the arc can carry (its own bound), u no more than the node can take (row)
    ub = np.concatenate([np.asarray(nb.ub, float)[(fa[:, None] * T + t).ravel()], np.full(len(um) * T, np.inf), d_ub])
    return ub, np.concatenate([np.zeros(len(ub) - len(d_ub), np.int8), np.ones(len(d_ub), np.int8)])


def _one_way(nb: NetBlock, comp: np.ndarray, comps: np.ndarray, T: int, cols: Blocks, block: Callable[..., None],
             sfx: Callable[[int], str]) -> tuple[np.ndarray, np.ndarray]:
    """One way per period on each two-way corridor of the components `comps` (local) whose sizes
    carry either way (discrete sizes, an existing pipe, a linear size of way -1): a binary d_t, x_forward,t <= M_t d_t and
    x_backward,t <= M_t (1 - d_t), M each arc's own bound (a pipe may still carry one way in
    winter and the other in summer). Without the same-site rule an optimal plan with one way per
    corridor and period exists; with it, a pipe carrying both ways let two sites with both roles trade their
    heat along it, which nets out to each feeding itself (11 of 113 random sitings had a pipe
    carrying both ways, to trade or to cover the far end's loss).
    Returns the binaries' upper bounds and, per arc of `nb`, the column of its corridor's d_0
    (-1: none)."""
    mine = np.zeros(int(comp.max()) + 1, bool)
    mine[comps] = True
    a_in = mine[comp[nb.a_tail]]
    nC = int(nb.a_corridor.max()) + 1 if len(nb.a_corridor) else 0
    either = np.ones(nC, bool)      # a corridor whose flow may go either way on one size
    if len(nb.opt_corridor):
        has = np.zeros(nC, bool)
        has[nb.opt_corridor] = True
        any_way = np.zeros(nC, bool)
        any_way[nb.opt_corridor[nb.opt_way < 0]] = True
        either = ~has | any_way
    fwd = np.full(nC, -1, np.int64)
    bwd = np.full(nC, -1, np.int64)
    idx = np.flatnonzero(a_in)
    fwd[nb.a_corridor[idx[nb.a_way[idx] == 0]]] = idx[nb.a_way[idx] == 0]
    bwd[nb.a_corridor[idx[nb.a_way[idx] == 1]]] = idx[nb.a_way[idx] == 1]
    two = np.flatnonzero((fwd >= 0) & (bwd >= 0) & either)
    d_col = np.full(len(nb.arcs), -1, np.int64)
    if not len(two):
        return np.zeros(0), d_col
    a0, a1 = fwd[two], bwd[two]
    t = np.arange(T)
    d0 = (cols.add("own_way", len(two) * T, np.repeat(nb.arcs[a0], T)).start + np.arange(len(two) * T))
    ub = np.asarray(nb.ub, float)
    m0, m1 = ub[a0[:, None] * T + t], ub[a1[:, None] * T + t]        # (corridor, T)
    n = len(two) * T
    r = np.arange(n)
    block("own_way", np.concatenate([r, r, n + r, n + r]),
          np.concatenate([(nb.arc_col0 + a0[:, None] * T + t).ravel(), d0,
                          (nb.arc_col0 + a1[:, None] * T + t).ravel(), d0]),
          np.concatenate([np.ones(n), -m0.ravel(), np.ones(n), m1.ravel()]),
          np.full(2 * n, -np.inf), np.concatenate([np.zeros(n), m1.ravel()]),
          lambda: [f"arc_{nb.arcs[a]}_one_way{sfx(p)}" for a in np.concatenate([a0, a1]) for p in range(T)],
          np.repeat(nb.arcs[np.concatenate([a0, a1])], T))
    # an unbuilt corridor's way is 0 (not a free choice for the solver to branch on): d_t <= its sizes
    o = np.flatnonzero(np.isin(nb.opt_corridor, two))
    if len(o):
        row = np.searchsorted(two, nb.opt_corridor[o])            # its corridor's place in `two`
        rr = np.concatenate([np.arange(n), (row[:, None] * T + t).ravel()])
        block("own_way_built", rr, np.concatenate([d0, np.repeat(nb.opt_col0 + o, T)]),
              np.concatenate([np.ones(n), -np.ones(len(o) * T)]), np.full(n, -np.inf), np.zeros(n),
              lambda: [f"arc_{nb.arcs[a]}_way_built{sfx(p)}" for a in a0 for p in range(T)], np.repeat(nb.arcs[a0], T))
    d_col[fwd[two]] = d_col[bwd[two]] = d0[::T]
    return np.ones(len(two) * T), d_col
