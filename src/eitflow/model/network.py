"""The network block of the MILP: shared networks (`candidates.network`) in the same model
as the point-to-point links, hubs, built supplies and monthly profiles.

For a network with nodes n, corridors c (arcs a = one direction of c, two for a two-way
corridor) and pipe-size options o of each corridor, in every period t:

    maximise   ... - sum_a k_a x_at - sum_o F_o y_o            k: pumping (EUR/unit), F: annual cost
    s.t.  net_node      sum_{a into n} eta_a x_at - sum_{a out of n} x_at
                        + sum_{connections in at n} yield x_lt - sum_{connections out at n} x_lt
                        - sum_{o of corridors at n} (L_ot / 2) y_o = 0            every node, period
          net_capacity  sum_{a of c} x_at - sum_{o of c} K_ot y_o <= 0            (lossless existing: <= K_ct)
          net_size      sum_{o of c} y_o <= 1                                     one size per corridor
          net_arc_max   x_at - M_at sum_{o of c carrying a's way} y_o <= 0        where M_at < max_o K_ot
          0 <= x_at <= M_at,  y_o in {0, 1}

With linear sizing (`networks.<resource>.sizing`; auto: above 15 candidate corridors) a
corridor has one size o whose rated capacity K_o is a column, 0 <= K_o <= K_max y_o: its
capacity row reads sum_a x_at - K_o x load factor / T <= 0, its annual cost F_o y_o + f_o K_o
and its loss (L_o y_o + l_o K_o) / T, the least-squares lines through the catalogue's sizes
(`costs.linear_pipe_cost`). A two-way corridor then has one such size per way (0: a -> b,
1: b -> a; at most one built, and an arc carries flow only if the size of its way is:
net_arc_max on every arc), so that its build switch, and the cuts over it, are directed: a
much tighter LP than one switch for both ways (the Steiner tree's directed against its
undirected cut formulation). Without monthly profiles an optimal solution with flow one way
per corridor exists; with them, where heat enters the corridor at each end with other feeding
sites, a third size carries either way (own switch and K, same lines; a way's size idle in the
same periods is dropped: `netreach.needless_options`): one way in summer, the other in winter.

K_ot = rated capacity x load factor x (1/T): what the pipe carries over the period, so with
monthly profiles a corridor is sized by its busiest month. L_ot: the heat the pipe pair
loses while it exists (W/m x length), half drawn at each end. An existing pipe that loses
heat has one such option at no cost, y its being in service (out of service it carries and
loses nothing); one that loses none has no option, only its capacity row (two-way). A hub on
the network shares its node: its legs enter the node's balance instead of the hub's own.

Flow bounds M_at are what can possibly pass the arc, not a blanket big-M: the rated capacity,
and the injection possible upstream and the withdrawal (and losses) possible downstream. If
the corridor is a bridge of its network (removing it cuts the network in two), "upstream" is
the tail's side; otherwise it is the whole network less the head's own injection, and
"downstream" the whole network less the tail's own withdrawal (flow through a -> b cannot
return to a: an optimal solution without circulation exists, since without proportional
losses a circulation only costs). With proportional losses (eta < 1) only the supply side is
used. Along one-way corridors, no more than the withdrawals reachable from the head
(`candidates.netdirected`), where that is less. Sizes that cannot matter are dropped (one whose capacity exceeds every M of the
corridor is kept only if it is the cheapest such; a size no cheaper, no larger and losing no
less than another is dropped): exact. Where the required withdrawals of a component equal
the most that can be injected into it (a balanced network, as FCNetLib's), every injection
is fixed at its bound (`forced_injections`), and a lossless size adds no entry to the node
balances: HiGHS then gets the textbook fixed-charge model plus trivially fixed connections.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from eitflow.candidates.bridges import bridge_sides
from eitflow.candidates.generate import Candidates
from eitflow.candidates.netdirected import reachable_withdrawals
from eitflow.candidates.netreach import idle_option_periods, needless_options
from eitflow.candidates.network import LINEAR
from eitflow.model.blocks import Blocks, unique_names
from eitflow.model.netcapacity import capacity_rows
from eitflow.model.netforced import forced_injections
from eitflow.scenario import Scenario

__all__ = ["NetBlock", "merged_hub_nodes", "network_block"]


@dataclass
class NetBlock:
    """Where a model's network columns and rows are, for the solution, the cuts and the duals.

    arcs: global arc positions (`Network.arcs`) of the model, in column order (each with T
    columns, arc-major); options: global option positions of the y columns; a_tail, a_head:
    local node of each arc's tail and head; a_yield: eta of each arc; a_opt_start /
    a_corridor: local corridor of each arc; opt_corridor: local corridor of each option;
    capacity_t: per option and period, K (no more than can pass); nodes: global node positions of the model;
    inj_cols / inj_node / inj_coef and wd_cols / wd_node: the connection x columns (period 0)
    into and out of each local node with their coefficient; wd_max: per node, the largest
    withdrawal per period (network units); inj_max: the same for injections; loss_t: per
    option and period, the heat lost (drawn half at each end, opt_end_a and opt_end_b: the
    local nodes of its corridor's ends); x_at_max: the injection columns (x, model
    positions) that every feasible solution uses at their bound (`forced_injections`); lin: the
    options (positions in `options`) with linear sizing, whose rated capacity K is the column
    k_col0 + their order (capacity_t stays the most they can carry, for the cuts and starts),
    losing k_loss_t per unit of K and period (drawn half at each end); opt_way: per option, -1
    (carries either way) or the one way it carries (0: a -> b, 1: b -> a; `Network.options`),
    a_way: per arc, its way (an arc uses the options of its corridor of its way or -1)."""

    arcs: np.ndarray
    options: np.ndarray
    a_tail: np.ndarray
    a_head: np.ndarray
    a_yield: np.ndarray
    a_corridor: np.ndarray
    opt_corridor: np.ndarray
    capacity_t: np.ndarray
    nodes: np.ndarray
    inj_cols: np.ndarray
    inj_node: np.ndarray
    inj_coef: np.ndarray
    wd_cols: np.ndarray
    wd_node: np.ndarray
    wd_max: np.ndarray
    inj_max: np.ndarray
    loss_t: np.ndarray
    opt_end_a: np.ndarray
    opt_end_b: np.ndarray
    arc_col0: int
    opt_col0: int
    periods: int
    c: np.ndarray
    cost: np.ndarray   # the columns' net-benefit objective (EUR/yr), `c` under either objective
    ub: np.ndarray
    integrality: np.ndarray
    x_at_max: np.ndarray = dataclasses.field(default_factory=lambda: np.zeros(0, np.int64))
    lin: np.ndarray = dataclasses.field(default_factory=lambda: np.zeros(0, np.int64))
    k_col0: int = 0
    k_loss_t: np.ndarray = dataclasses.field(default_factory=lambda: np.zeros((0, 1)))
    opt_way: np.ndarray = dataclasses.field(default_factory=lambda: np.zeros(0, np.int64))
    a_way: np.ndarray = dataclasses.field(default_factory=lambda: np.zeros(0, np.int64))


def merged_hub_nodes(cand: Candidates) -> np.ndarray:
    """Hub nodes (`candidates.hubs.hub_nodes`) that share a network node: their balance is the
    network node's."""
    net = cand.network
    if net is None or not len(net.node_arrays["node"]):
        return np.zeros(0, np.int64)
    h = np.asarray(net.node_arrays["hub_node"], np.int64)
    return np.unique(h[h >= 0])


@dataclasses.dataclass
class ComponentPart:
    """The network's tables restricted to some of its components (`component_part`): positions
    in the global tables of their nodes (mine_n), corridors (mine_c), arcs (mine_a) and sizes
    (mine_o); each global node's local position (loc_node, -1 elsewhere); per local arc its tail
    and head (local nodes), corridor (a_cor) and yield (eta); per local corridor its load factor
    (lf), whether it exists and the capacity given (per period, inf = none); per local arc the
    variable cost (EUR per unit); per size its local corridor, capacity per period and fixed
    cost (EUR/yr)."""

    mine_n: np.ndarray
    mine_c: np.ndarray
    mine_a: np.ndarray
    mine_o: np.ndarray
    loc_node: np.ndarray
    tail: np.ndarray
    head: np.ndarray
    a_cor: np.ndarray
    eta: np.ndarray
    lf: np.ndarray
    existing: np.ndarray
    cap_given: np.ndarray
    var: np.ndarray
    o_cor: np.ndarray
    o_cap: np.ndarray
    o_F: np.ndarray


def component_part(net, node_comp: np.ndarray, comps: np.ndarray, T: int) -> ComponentPart | None:
    """The part of `net` (`candidates.network.Network`) in components `comps` (`node_comp`: each
    node's component), with `T` periods a year; None when they hold no corridor. One place for
    the general model (`network_block`) and the plain network's (`model.netplain`)."""
    cor, arcs, opt = net.corridor_arrays, net.arc_arrays, net.option_arrays
    ccomp = np.asarray(cor["component"], np.int64)
    # membership by lookup tables (as np.isin, without its sort: four selections a model)
    in_comps = np.zeros(int(node_comp.max()) + 1, bool)
    in_comps[comps] = True
    in_mine_c = in_comps[ccomp]
    mine_c = np.flatnonzero(in_mine_c)
    if len(mine_c) == 0:
        return None
    mine_n = np.flatnonzero(in_comps[node_comp])
    a_cor_g = np.asarray(arcs["corridor"], np.int64)
    mine_a = np.flatnonzero(in_mine_c[a_cor_g])
    loc_node = np.full(len(node_comp), -1, np.int64)
    loc_node[mine_n] = np.arange(len(mine_n))
    loc_cor = np.full(len(ccomp), -1, np.int64)
    loc_cor[mine_c] = np.arange(len(mine_c))
    a_cor = loc_cor[a_cor_g[mine_a]]
    lf = np.asarray(cor["load_factor"], float)[mine_c]
    o_cor_g = np.asarray(opt["corridor"], np.int64)
    mine_o = np.flatnonzero(in_mine_c[o_cor_g])
    o_cor = loc_cor[o_cor_g[mine_o]]
    return ComponentPart(
        mine_n=mine_n, mine_c=mine_c, mine_a=mine_a, mine_o=mine_o, loc_node=loc_node,
        tail=loc_node[np.asarray(arcs["tail"], np.int64)[mine_a]], head=loc_node[np.asarray(arcs["head"], np.int64)[mine_a]],
        a_cor=a_cor, eta=np.asarray(cor["yield"], float)[mine_c][a_cor], lf=lf,
        existing=np.asarray(cor["existing"], bool)[mine_c],
        cap_given=np.asarray(cor["capacity"], float)[mine_c] * lf / T,       # per period (inf = none)
        var=np.asarray(cor["var_cost_eur_per_unit"], float)[mine_c][a_cor], o_cor=o_cor,
        o_cap=np.asarray(opt["capacity"], float)[mine_o] * lf[o_cor] / T,    # per period
        o_F=np.asarray(opt["fixed_eur_per_yr"], float)[mine_o])


def network_block(scen: Scenario, cand: Candidates, pos: np.ndarray, T: int, mt: np.ndarray, cols: Blocks,
                  block: Callable[..., None], sfx: Callable[[int], str], per: np.ndarray | None = None) -> NetBlock | None:
    """Add the network columns ("arc", "size") and rows of the networks that the candidate
    links `pos` connect to. `mt`: the per-period bound of each link of `pos` (links x T).
    `per`: the flows' amounts per period (flows x T); given, the injections that a balanced
    network forces to their bound are reported in `NetBlock.x_at_max` (`forced_injections`).
    Returns None when the model touches no network."""
    net = cand.network
    if net is None or not len(net.corridor_arrays["corridor"]):
        return None
    n = len(pos)
    aa = np.repeat(np.arange(n), T)
    tt = np.tile(np.arange(T), n)
    nn_ = np.asarray(cand.column("net_node"), np.int64)[pos] if cand.has_column("net_node") else np.full(n, -1)
    hnode = np.asarray(cand.column("hub_node"), np.int64)[pos] if cand.has_column("hub_node") else np.full(n, -1)
    # the network's tables as arrays (`Network`: no frame is made for the model)
    nd = net.node_arrays
    node_comp = np.asarray(nd["component"], np.int64)
    hn = np.asarray(nd["hub_node"], np.int64)
    hub_to_net = np.full(int(hn.max()) + 1 if len(hn) else 0, -1, np.int64)
    hub_to_net[hn[hn >= 0]] = np.flatnonzero(hn >= 0)
    # a hub node of another resource than the network's (the steam of a heat;steam hub on a heat
    # network) may lie past the table's end: it keeps its own balance (-1)
    merged = np.where((hnode >= 0) & (hnode < len(hub_to_net)),
                      hub_to_net[np.clip(hnode, 0, max(len(hub_to_net) - 1, 0))] if len(hub_to_net) else -1, -1)
    at_node = np.where(nn_ >= 0, nn_, merged)     # network node of each link of the model (-1: none)
    comps = np.unique(node_comp[at_node[at_node >= 0]])
    if len(comps) == 0:
        return None
    part = component_part(net, node_comp, comps, T)
    if part is None:
        return None
    cor, arcs, opt = net.corridor_arrays, net.arc_arrays, net.option_arrays
    mine_n, mine_c, mine_a, mine_o, loc_node = part.mine_n, part.mine_c, part.mine_a, part.mine_o, part.loc_node
    tail, head, a_cor, eta, lf, existing = part.tail, part.head, part.a_cor, part.eta, part.lf, part.existing
    cap_given, var, o_cor, o_cap, o_F = part.cap_given, part.var, part.o_cor, part.o_cap, part.o_F
    nN, nA, nC = len(mine_n), len(mine_a), len(mine_c)
    o_loss = np.asarray(opt["loss"], float)[mine_o] / T                     # per period
    o_rated = np.asarray(opt["capacity"], float)[mine_o]                    # rated, base units/yr
    o_lin = np.asarray(opt["size"], object)[mine_o] == LINEAR               # linear sizing: capacity K a column
    o_kF = np.asarray(opt["cap_fixed_eur_per_yr"], float)[mine_o] if "cap_fixed_eur_per_yr" in opt else 0.0 * o_F
    o_kloss = np.asarray(opt["cap_loss"], float)[mine_o] / T if "cap_loss" in opt else 0.0 * o_F   # per period, per K
    o_way = np.asarray(opt["way"], np.int64)[mine_o] if "way" in opt else np.full(len(mine_o), -1, np.int64)

    # connections of the model's links at the network's nodes (period columns of x)
    xl = np.flatnonzero(at_node[aa] >= 0)
    kind = cand.column("kind")[pos][aa[xl]]
    to_net = kind == "to_net"
    into = to_net | (kind == "to_hub")
    l_node = loc_node[at_node[aa[xl]]]
    # an injection's yield (a heat pump's lift), a hub leg's (what reaches the hub after its pipe)
    l_coef = np.where(into, np.asarray(cand.column("yield"), float)[pos][aa[xl]], -1.0)
    # per node and period: the most that can be injected / withdrawn (network units), losses included
    inj_max = np.zeros((nN, T))
    wd_max = np.zeros((nN, T))
    lmt = mt.ravel()[xl]
    np.add.at(inj_max, (l_node[into], tt[xl][into]), lmt[into] * l_coef[into])
    np.add.at(wd_max, (l_node[~into], tt[xl][~into]), lmt[~into])
    wd_only = wd_max.copy()
    ca, cb = loc_node[np.asarray(cor["a"], np.int64)[mine_c]], loc_node[np.asarray(cor["b"], np.int64)[mine_c]]
    if len(mine_o):
        worst = np.zeros(nC)
        np.maximum.at(worst, o_cor, o_loss + np.where(o_lin, o_kloss * np.where(o_lin, o_rated, 0.0), 0.0))
        np.add.at(wd_max, ca, (worst / 2)[:, None])
        np.add.at(wd_max, cb, (worst / 2)[:, None])
    # the nodes' components, numbered 0.. in the order of the network's (each whole here)
    M = _arc_bounds(nN, ca, cb, a_cor, tail, eta, inj_max, wd_max, np.searchsorted(comps, node_comp[mine_n]))
    # capacity per period of each corridor: its largest size, or an existing pipe's own
    has_opt = np.bincount(o_cor, minlength=nC) > 0
    cmax = np.where(np.isfinite(cap_given), cap_given, np.inf)
    if len(mine_o):
        om = np.zeros(nC)
        np.maximum.at(om, o_cor, o_cap)
        cmax = np.where(has_opt, om, cmax)
    M = np.minimum(M, cmax[a_cor][:, None])
    M = np.where(np.isfinite(M), M, 0.0)   # no injection can reach it: nothing passes
    # drop sizes that cannot matter (exact: see the module docstring)
    keep_o = (_useful_options(o_cor, o_cap, o_F, o_loss, M.max(axis=1), a_cor, nC) | o_lin) & ~needless_options(
        scen, cand)[mine_o]
    mine_o, o_cor, o_cap, o_F, o_loss, o_rated, o_lin, o_kF, o_kloss, o_way = (
        v[keep_o] for v in (mine_o, o_cor, o_cap, o_F, o_loss, o_rated, o_lin, o_kF, o_kloss, o_way))
    nO = len(mine_o)
    live = ~idle_option_periods(scen, cand)[mine_o]   # (options, T): a size loses heat while some can enter it
    co2 = scen.params.objective == "co2"
    # the capacity a size gives in a period, no more than can pass the corridor's arcs then
    msum = np.zeros((nC, T))
    np.add.at(msum, a_cor, M)
    o_capT = np.minimum(o_cap[:, None], msum[o_cor])                      # (options, T)
    # linear sizing: the rated capacity K of a corridor built is a column, K <= K_max y, no
    # more than its busiest period can need; its capacity in a period is K x load factor / T
    lin = np.flatnonzero(o_lin)
    nL = len(lin)
    k_ub = np.minimum(o_rated[lin], msum[o_cor[lin]].max(axis=1) * T / lf[o_cor[lin]]) if nL else np.zeros(0)

    arc_col0 = cols.add("arc", nA * T, np.repeat(np.asarray(arcs["arc"], np.int64)[mine_a], T)).start
    opt_col0 = cols.add("size", nO, np.asarray(opt["option"], np.int64)[mine_o]).start
    k_col0 = cols.add("size_cap", nL, np.asarray(opt["option"], np.int64)[mine_o][lin]).start
    acol = arc_col0 + np.arange(nA)[:, None] * T + np.arange(T)[None, :]      # (arc, t) -> column
    node_ids = nd["node_id"][mine_n]
    cor_ids = cor["corridor_id"][mine_c]
    # node balances
    rr = [head[:, None] * T + np.arange(T)[None, :], tail[:, None] * T + np.arange(T)[None, :], l_node * T + tt[xl]]
    cc = [acol, acol, xl]
    vv = [np.repeat(eta[:, None], T, axis=1), -np.ones((nA, T)), l_coef]
    lossy = np.flatnonzero(o_loss != 0)   # a lossless size has no entry (an explicit zero only costs)
    if len(lossy):
        for end in (ca, cb):
            on = end[o_cor[lossy]]
            rr.append(on[:, None] * T + np.arange(T)[None, :])
            cc.append(np.repeat((opt_col0 + lossy)[:, None], T, axis=1))
            vv.append((-o_loss[lossy] / 2)[:, None] * live[lossy])
    klossy = np.flatnonzero(o_kloss[lin] != 0)
    for end in (ca, cb) if len(klossy) else ():
        rr.append(end[o_cor[lin[klossy]]][:, None] * T + np.arange(T)[None, :])
        cc.append(np.repeat((k_col0 + klossy)[:, None], T, axis=1))
        vv.append((-o_kloss[lin[klossy]] / 2)[:, None] * live[lin[klossy]])
    block("net_node", np.concatenate([np.ravel(r) for r in rr]), np.concatenate([np.ravel(c) for c in cc]),
          np.concatenate([np.ravel(v) for v in vv]), np.zeros(nN * T), np.zeros(nN * T),
          lambda: [f"node_{i}{sfx(t)}" for i in node_ids for t in range(T)], np.repeat(mine_n, T))
    # capacities: sum of a corridor's arcs <= sum of its options' capacities (existing: <= given)
    with_opt = np.bincount(o_cor, minlength=nC) > 0
    rows_c, rl, sel, hi = capacity_rows(with_opt, a_cor, cap_given, existing)
    if len(rows_c):
        r_ = [rl[a_cor[sel]][:, None] * T + np.arange(T)[None, :]]
        c_ = [acol[sel]]
        v_ = [np.ones((len(sel), T))]
        if nO:
            r_.append(rl[o_cor][:, None] * T + np.arange(T)[None, :])
            c_.append(np.repeat((opt_col0 + np.arange(nO))[:, None], T, axis=1))
            v_.append(np.where(o_lin[:, None], 0.0, -o_capT))      # a linear size's capacity is K's
        if nL:
            r_.append(rl[o_cor[lin]][:, None] * T + np.arange(T)[None, :])
            c_.append(np.repeat((k_col0 + np.arange(nL))[:, None], T, axis=1))
            v_.append(np.repeat((-lf[o_cor[lin]] / T)[:, None], T, axis=1))
        block("net_capacity", np.concatenate([np.ravel(r) for r in r_]), np.concatenate([np.ravel(c) for c in c_]),
              np.concatenate([np.ravel(v) for v in v_]), np.full(len(rows_c) * T, -np.inf), np.repeat(hi, T),
              lambda rows_c=rows_c: [f"corridor_{cor_ids[k]}_capacity{sfx(t)}" for k in rows_c for t in range(T)],
              np.repeat(mine_c[rows_c], T))
    if nL:   # K <= K_max y, a row per option: per way (_ab, _ba) and class (PuLP refused one name twice)
        block("net_cap_max", np.r_[np.arange(nL), np.arange(nL)], np.r_[k_col0 + np.arange(nL), opt_col0 + lin],
              np.r_[np.ones(nL), -k_ub], np.full(nL, -np.inf), np.zeros(nL), unique_names(
                  [f"corridor_{cor_ids[k]}_capacity_max{('', '_ab', '_ba')[w + 1]}" for k, w in zip(o_cor[lin], o_way[lin])]),
              mine_c[o_cor[lin]])
    # one size per corridor
    nopt = np.bincount(o_cor, minlength=nC)
    multi = np.flatnonzero(nopt > 1)
    if len(multi):
        rl = np.full(nC, -1, np.int64)
        rl[multi] = np.arange(len(multi))
        so = np.flatnonzero(rl[o_cor] >= 0)
        block("net_size", rl[o_cor[so]], opt_col0 + so, np.ones(len(so)), np.full(len(multi), -np.inf),
              np.ones(len(multi)), [f"corridor_{cor_ids[k]}_one_size" for k in multi], mine_c[multi])
    # x_at <= M_at * (corridor built that way), where the sizes' capacities alone are looser,
    # and always on a corridor whose options each carry one way
    a_way = np.where(tail == ca[a_cor], 0, 1)
    if nO:
        big = np.zeros((nC, T))
        np.maximum.at(big, o_cor, o_capT)
        one_way = np.zeros(nC, bool)
        one_way[o_cor[o_way >= 0]] = True
        ar, tr = np.nonzero(with_opt[a_cor][:, None] & ((M < big[a_cor] * (1 - 1e-9)) | one_way[a_cor][:, None])
                            & (M > 0))
        if len(ar):
            # (row, option) pairs: the options of the row's corridor that carry the arc's way
            first = _starts(o_cor, nC)
            cnt = nopt[a_cor[ar]]
            rows_ = np.repeat(np.arange(len(ar)), cnt)
            opts_ = np.repeat(first[a_cor[ar]], cnt) + (np.arange(int(cnt.sum())) - np.repeat(np.cumsum(cnt) - cnt, cnt))
            fits = (o_way[opts_] < 0) | (o_way[opts_] == a_way[ar][rows_])
            rows_, opts_ = rows_[fits], opts_[fits]
            k = len(ar)
            block("net_arc_max", np.concatenate([np.arange(k), rows_]), np.concatenate([acol[ar, tr], opt_col0 + opts_]),
                  np.concatenate([np.ones(k), -M[ar, tr][rows_]]), np.full(k, -np.inf), np.zeros(k),
                  lambda ar=ar, tr=tr, mine_a=mine_a: [f"arc_{arcs['arc'][mine_a[a]]}_max{sfx(int(t))}"
                                                       for a, t in zip(ar, tr)], arcs["arc"][mine_a[ar]])
    cost = np.concatenate([np.repeat(-var, T), -o_F, -o_kF[lin]])   # its net benefit (`solve.co2cost` reads it)
    c = np.zeros_like(cost) if co2 else cost
    ub = np.concatenate([M.ravel(), np.ones(nO), k_ub])
    integ = np.concatenate([np.zeros(nA * T, np.int8), np.ones(nO, np.int8), np.zeros(nL, np.int8)])
    inj = np.flatnonzero(into & (tt[xl] == 0))
    wd = np.flatnonzero(~into & (tt[xl] == 0))
    return NetBlock(arcs=np.asarray(arcs["arc"], np.int64)[mine_a], options=np.asarray(opt["option"], np.int64)[mine_o],
                    a_tail=tail, a_head=head, a_yield=eta, a_corridor=a_cor, opt_corridor=o_cor, capacity_t=o_capT,
                    nodes=mine_n, inj_cols=xl[inj], inj_node=l_node[inj], inj_coef=l_coef[inj], wd_cols=xl[wd],
                    wd_node=l_node[wd], wd_max=wd_only, inj_max=inj_max,
                    loss_t=o_loss[:, None] * live, opt_end_a=ca[o_cor], opt_end_b=cb[o_cor],
                    arc_col0=arc_col0, opt_col0=opt_col0, lin=lin, k_col0=k_col0, opt_way=o_way, a_way=a_way,
                    k_loss_t=o_kloss[lin][:, None] * live[lin], periods=T, c=c, cost=cost, ub=ub, integrality=integ,
                    x_at_max=np.zeros(0, np.int64) if per is None else forced_injections(
                        cand, scen, pos, aa, tt, xl, into, l_coef, lmt, node_comp[mine_n][l_node], per))


def _starts(group: np.ndarray, n: int) -> np.ndarray:
    """First position of each group 0..n-1 in a sorted `group` array (len(group) where empty)."""
    return np.searchsorted(group, np.arange(n))


# a structural bound above this share of its component's bound is not used (the component's
# is): measured on FCNetLib (HiGHS 1.16, one thread), the bounds a few units below the total
# (non-bridge arcs: the total less one node's own flow) made HiGHS slower, not faster, while
# the large cuts of bridges keep helping. Textbook bound u (the total) against every bound
# tightened, against those at most half the total (seconds, two runs each, load 4.5):
# k10x90 2.8 / 5.2 / 2.8; sp150x300c 0.21 / 0.43 / 0.20; sp100x200 0.19 / 0.24 / 0.19;
# sp80x160 0.09 / 0.13 / 0.09; g55x188c 2.5 / 1.7 / 1.9; sp150x300d 0.30 / 0.21 / 0.28;
# k15x210 0.78 / 0.89 / 1.1; g55x188 32 s (load 2.4) against 199 s (load 6.3) tightened.
WEAK_BOUND_SHARE = 0.5
# the same for the zero bound of a non-bridge arc into the only injecting node (or out of the
# only withdrawing one) of its component: measured on FCNetLib (HiGHS 1.16, one thread, CPU s,
# nodes; arcs into the single source n1), folding those arcs out sent HiGHS down another path:
# mc11 (2 such arcs) 61.5 s and 1,705 nodes against 28 s and 436 with them (the textbook's
# model); over 17 instances with such arcs (k15x210 ... p200x1188c) 26.3 s against 26.2 s in
# all, faster on 11 (k20x380e 0.17 against 0.28 s), slower on 6 (k15x420 3.6 against 2.4 s).
# Kept, the model is the textbook's on those instances and HiGHS takes its path.
OWN_ZERO_IS_WEAK = True


def _arc_bounds(nN: int, ca: np.ndarray, cb: np.ndarray, a_cor: np.ndarray, tail: np.ndarray, eta: np.ndarray,
                inj: np.ndarray, wd: np.ndarray, comp: np.ndarray | None = None) -> np.ndarray:
    """Per arc and period: the most that can pass it (see the module docstring). `inj`, `wd`:
    per node and period, the most that can enter or leave the network there; `comp`: per node,
    its component (0..k-1), if known. A bound above WEAK_BOUND_SHARE of the component's (its
    total injection, or withdrawal if smaller) is replaced by the component's."""
    T = inj.shape[1]
    side_b, side_a, bridge = bridge_sides(nN, ca, cb, np.hstack([inj, wd]), comp)
    fwd = (tail == ca[a_cor])[:, None]          # the arc goes from the a end to the b end
    head = np.where(fwd[:, 0], cb[a_cor], ca[a_cor])
    up = np.where(fwd, side_a[a_cor, :T], side_b[a_cor, :T])
    down = np.where(fwd, side_b[a_cor, T:], side_a[a_cor, T:])
    # the component's totals: both sides of an edge together (a bridge's sides add up to them)
    comp_inj = np.where(bridge[a_cor][:, None], side_a[a_cor, :T] + side_b[a_cor, :T], side_a[a_cor, :T])
    comp_wd = np.where(bridge[a_cor][:, None], side_a[a_cor, T:] + side_b[a_cor, T:], side_a[a_cor, T:])
    if not bool(np.all(eta >= 1.0)):
        return _unless_weak(np.maximum(up, 0.0), comp_inj)   # with proportional losses: the supply side only
    whole = ~bridge[a_cor][:, None]
    # not a bridge: flow on tail -> head neither starts at the head nor ends at the tail
    before = np.minimum(up, down)
    up = up - np.where(whole, inj[head], 0.0)
    down = down - np.where(whole, wd[tail], 0.0)
    M = np.maximum(np.minimum(up, down), 0.0)
    loose = np.minimum(comp_inj, comp_wd)
    # ... which leaves nothing on an arc into the only injecting node (or out of the only
    # withdrawing one) of a cycle: true of an optimal solution, not of every feasible one, and
    # not used (OWN_ZERO_IS_WEAK): the arc keeps the component's bound
    if OWN_ZERO_IS_WEAK:
        M = np.where(whole & (M <= 0.0) & (before > 0.0), loose, M)
    # along one-way corridors, no more than the head can pass on (`candidates.netdirected`):
    # used where below the bound above, whatever the weak rule (FCNetLib: its docstring)
    reach = reachable_withdrawals(nN, tail, head, wd)
    weak = _unless_weak(M, loose)
    return weak if reach is None else np.where(reach[head] < M, np.minimum(weak, reach[head]), weak)


def _unless_weak(M: np.ndarray, loose: np.ndarray) -> np.ndarray:
    """`M` where it is at most WEAK_BOUND_SHARE of `loose`, else `loose` (see WEAK_BOUND_SHARE)."""
    return np.where(M <= WEAK_BOUND_SHARE * loose, M, np.maximum(loose, M))


def _useful_options(o_cor: np.ndarray, o_cap: np.ndarray, o_F: np.ndarray, o_loss: np.ndarray, m_arc: np.ndarray,
                    a_cor: np.ndarray, nC: int) -> np.ndarray:
    """Mask of the options worth keeping: o is dropped when another option of its corridor
    carries at least min(K_o, M) (M: the most that can pass any arc of the corridor in a
    period), costs no more and loses no more (ties: the first one stays)."""
    if len(o_cor) == 0:
        return np.zeros(0, bool)
    cnt = np.bincount(o_cor, minlength=nC)
    if cnt.max() == 1:   # one option a corridor (own costs, as FCNetLib's): none to compare it with
        return np.ones(len(o_cor), bool)
    Mc = np.zeros(nC)
    np.maximum.at(Mc, a_cor, m_arc)
    start = _starts(o_cor, nC)
    S = int(cnt.max())
    idx = np.full((nC, S), -1, np.int64)
    j = np.arange(len(o_cor)) - start[o_cor]
    idx[o_cor, j] = np.arange(len(o_cor))
    valid = idx >= 0
    cap = np.where(valid, np.minimum(o_cap[np.maximum(idx, 0)], Mc[:, None]), -np.inf)
    F = np.where(valid, o_F[np.maximum(idx, 0)], np.inf)
    L = np.where(valid, o_loss[np.maximum(idx, 0)], np.inf)
    # dom[c, i, k]: option k dominates option i
    ge = cap[:, None, :] >= cap[:, :, None] - 1e-9
    le_f = F[:, None, :] <= F[:, :, None]
    le_l = L[:, None, :] <= L[:, :, None]
    strict = (cap[:, None, :] > cap[:, :, None] + 1e-9) | (F[:, None, :] < F[:, :, None]) | (L[:, None, :] < L[:, :, None])
    earlier = np.arange(S)[None, None, :] < np.arange(S)[None, :, None]
    dom = ge & le_f & le_l & (strict | earlier) & valid[:, None, :] & valid[:, :, None]
    dom[:, np.arange(S), np.arange(S)] = False
    gone = dom.any(axis=2)
    keep = np.zeros(len(o_cor), bool)
    keep[idx[valid & ~gone]] = True
    return keep
