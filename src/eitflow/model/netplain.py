"""The model of a plain network straight from its arrays: `plain_arrays`, what `build.build_arrays`
and `network.network_block` make for it, without their general steps (hubs, built and sized
supplies, link switches, the heat cascade, the same-site rule, linear and directed sizes, losses,
monthly periods, placements, analyses' rows), which such a model does not have.

A plain network (`is_plain`, the one predicate): every link of the model is a connection of a
flow to a network node (`to_net` or `from_net`) with no fixed cost, no minimum amount and no
single sourcing; each corridor has at most one size, lossless, not linear, carrying either way
(FCNetLib's instances: own fixed and variable costs per corridor, required demands and supplies;
a corridor without costs is an existing pipe of its capacity); no hub, no placement, one period,
objective net_benefit, no site both injecting and withdrawing, no flow with a temperature range.
Anything else, and a model whose links reach no corridor, goes the general way.

Why: on FCNetLib's smallest instances (sp50x100: HiGHS's own run about 3 ms) the general
builder's ~150 small array steps were a third of eitflow's work around HiGHS (issue #15, "no
slower than plain HiGHS"). Every value here is computed as the general path computes it, in the
same order, so the arrays are equal bit for bit (`tests/test_netplain.py` compares them on every
FCNetLib instance at hand and on random networks); the network's bounds (`_arc_bounds`: bridges,
reach) and the forced injections are the general path's own functions.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from eitflow.candidates.generate import Candidates
from eitflow.candidates.network import LINEAR
from eitflow.candidates.temperature import has_ranges
from eitflow.model.arrays import MilpArrays
from eitflow.model.blocks import Blocks, RowParts
from eitflow.model.netcapacity import capacity_rows
from eitflow.model.netforced import forced_injections
from eitflow.model.network import NetBlock, _arc_bounds, component_part
from eitflow.scenario import Scenario

__all__ = ["is_plain", "plain_arrays"]

_CONNECTIONS = ("to_net", "from_net")


def _plain_net(cand: Candidates) -> bool:
    """Whether `cand`'s networks hold only plain corridors (the module docstring): one resource,
    at most one size a corridor, lossless, not linear, carrying either way; no hub on them.
    Checked once per set of links (`Candidates.links_key`), like the network's other facts."""
    got = cand._net_plain
    if got is not None and got[0] is cand.links_key:
        return bool(got[1])
    net = cand.network
    ok = net is not None and len(net.corridor_arrays["corridor"]) > 0
    if ok and net is not None:
        nd, opt = net.node_arrays, net.option_arrays
        oc = np.asarray(opt["corridor"], np.int64)
        ok = (len(set(np.asarray(nd["resource"]).tolist())) == 1
              and not (np.asarray(nd["hub_node"], np.int64) >= 0).any()
              and (not len(oc) or int(np.bincount(oc).max()) <= 1)
              and not (np.asarray(opt["size"], object) == LINEAR).any()
              and not np.any(np.asarray(opt["loss"], float) != 0)
              and ("cap_loss" not in opt or not np.any(np.asarray(opt["cap_loss"], float) != 0))
              and ("way" not in opt or not (np.asarray(opt["way"], np.int64) >= 0).any()))
    cand._net_plain = (cand.links_key, ok)
    return bool(ok)


def is_plain(scen: Scenario, cand: Candidates, pos: np.ndarray, extra_demands: np.ndarray | None,
             extra: list | None, placements: np.ndarray | None, levels: bool) -> bool:
    """Whether `build_arrays`' model of the links `pos` is a plain network's (module docstring),
    which `plain_arrays` builds: the one condition of the fast path.

    Parameters
    ----------
    scen, cand : the scenario and its candidates.
    pos : array of int
        The model's candidate links (positions in `Candidates.links`).
    extra_demands, extra, placements, levels : `build_arrays`' arguments of the same names.

    Returns
    -------
    bool
        True where every condition holds; False sends the model the general way.
    """
    if (extra or extra_demands is not None or placements is not None or scen.placements is not None
            or scen.profiles is not None or scen.params.objective != "net_benefit" or not len(pos)
            or (scen.hubs is not None and len(scen.hubs)) or not cand.has_column("net_node")
            or not _plain_net(cand)):
        return False
    if levels and has_ranges(scen):
        return False
    col = cand.column
    kind = np.asarray(col("kind"))[pos]
    if not ((kind == _CONNECTIONS[0]) | (kind == _CONNECTIONS[1])).all():
        return False
    if (np.asarray(col("net_node"), np.int64)[pos] < 0).any() or (
            cand.has_column("hub_node") and (np.asarray(col("hub_node"), np.int64)[pos] >= 0).any()):
        return False
    # no link switch (`build_arrays`' needs_y), no supply unit built or sized
    if (np.asarray(col("fixed_eur_per_yr"), float)[pos] > 0).any() or (np.asarray(col("lower"), float)[pos] > 0).any():
        return False
    flows = scen.flows
    for name in ("single_source", "investment_eur", "fixed_cost_eur_per_yr", "investment_eur_per_unit"):
        if name in flows:
            v = np.asarray(scen.column("flows", name), float)
            if np.any(v[~np.isnan(v)] != 0):
                return False
    # the same-site rule has no pair (`model.netsame.own_heat_block`): no site injects and withdraws
    sup = np.asarray(col("supply"), np.int64)[pos]
    dem = np.asarray(col("demand"), np.int64)[pos]
    site = scen.column("flows", "site_id")
    return not set(site[sup[sup >= 0]].tolist()) & set(site[dem[dem >= 0]].tolist())


def plain_arrays(scen: Scenario, cand: Candidates, pos: np.ndarray, tighten: bool) -> MilpArrays | None:
    """`build_arrays(scen, cand, pos, tighten=tighten)` for a model `is_plain` accepts, built
    directly; None where its links reach no corridor (the general path then says so).

    Parameters
    ----------
    scen, cand : the scenario and its candidates.
    pos : array of int
        The model's candidate links (positions in `Candidates.links`), int64.
    tighten : bool
        Fix the injections a balanced network forces to their bound (`build_arrays`).

    Returns
    -------
    MilpArrays or None
        The same columns, rows, bounds, objective (EUR/yr) and blocks as the general path's.
    """
    net = cand.network
    assert net is not None
    n = len(pos)
    col = cand.column
    sup = np.asarray(col("supply"), np.int64)[pos]
    dem = np.asarray(col("demand"), np.int64)[pos]
    yld = np.asarray(col("yield"), float)[pos]
    upper = np.asarray(col("upper"), float)[pos]
    cx = np.asarray(col("value_eur_per_unit"), float)[pos]
    amount = np.asarray(scen.column("flows", "amount"), float)
    per = amount[:, None]
    required = np.asarray(scen.column("flows", "required"), bool)
    flow_ids = scen.column("flows", "flow_id")
    nn_ = np.asarray(col("net_node"), np.int64)[pos]
    # the network's part the links reach (`network_block`: its components, whole)
    nd = net.node_arrays
    node_comp = np.asarray(nd["component"], np.int64)
    comps = np.unique(node_comp[nn_])
    part = component_part(net, node_comp, comps, 1)
    if part is None:
        return None
    cor, arcs, opt = net.corridor_arrays, net.arc_arrays, net.option_arrays
    mine_n, mine_c, mine_a, mine_o, loc_node = part.mine_n, part.mine_c, part.mine_a, part.mine_o, part.loc_node
    tail, head, a_cor, eta, existing = part.tail, part.head, part.a_cor, part.eta, part.existing
    cap_given, var, o_cor, o_cap, o_F = part.cap_given, part.var, part.o_cor, part.o_cap, part.o_F
    nN, nA, nC = len(mine_n), len(mine_a), len(mine_c)
    nO = len(mine_o)
    # connections: every x column is one (`is_plain`); injections count their yield
    xl = np.arange(n)
    into = np.asarray(col("kind"))[pos] == "to_net"
    l_node = loc_node[nn_]
    l_coef = np.where(into, yld, -1.0)
    inj_max = np.zeros((nN, 1))
    wd_max = np.zeros((nN, 1))
    zero = np.zeros(n, np.int64)
    np.add.at(inj_max, (l_node[into], zero[into]), upper[into] * l_coef[into])
    np.add.at(wd_max, (l_node[~into], zero[~into]), upper[~into])
    wd_only = wd_max.copy()   # lossless sizes: no loss drawn at the ends
    ca, cb = loc_node[np.asarray(cor["a"], np.int64)[mine_c]], loc_node[np.asarray(cor["b"], np.int64)[mine_c]]
    M = _arc_bounds(nN, ca, cb, a_cor, tail, eta, inj_max, wd_max, np.searchsorted(comps, node_comp[mine_n]))
    has_opt = np.bincount(o_cor, minlength=nC) > 0
    cmax = np.where(np.isfinite(cap_given), cap_given, np.inf)
    if nO:
        om = np.zeros(nC)
        np.maximum.at(om, o_cor, o_cap)
        cmax = np.where(has_opt, om, cmax)
    M = np.minimum(M, cmax[a_cor][:, None])
    M = np.where(np.isfinite(M), M, 0.0)
    msum = np.zeros((nC, 1))
    np.add.at(msum, a_cor, M)
    o_capT = np.minimum(o_cap[:, None], msum[o_cor])

    cols = Blocks()
    none = np.zeros(0, np.int64)
    cols.add("x", n, np.repeat(pos, 1))
    for name in ("y", "w", "v", "p", "size_supply"):
        cols.add(name, 0, none)
    arc_ids = np.asarray(arcs["arc"], np.int64)[mine_a]
    arc_col0 = cols.add("arc", nA, arc_ids).start
    opt_ids = np.asarray(opt["option"], np.int64)[mine_o]
    opt_col0 = cols.add("size", nO, opt_ids).start
    k_col0 = cols.add("size_cap", 0, none).start
    acol = arc_col0 + np.arange(nA)[:, None]
    parts = RowParts()     # the rows, block by block (`model.blocks.RowParts`)
    rows, R, C, V, LO, HI, NAMES, block = parts.rows, parts.R, parts.C, parts.V, parts.LO, parts.HI, parts.NAMES, parts.block

    xs = np.flatnonzero(sup >= 0)
    us, srow = _unique(sup[xs])
    block("supply", srow, xs, np.ones(len(xs)), np.full(len(us), -np.inf), per[us].ravel(),
          lambda us=us: [f"supply_{flow_ids[i]}" for i in us], us)
    xd = np.flatnonzero(dem >= 0)
    ud, drow = _unique(dem[xd])
    damt = per[ud].ravel()
    block("demand", drow, xd, yld[xd], np.where(required[ud], damt, -np.inf), damt,
          lambda ud=ud: [f"demand_{flow_ids[j]}" for j in ud], ud)
    block("link_max", none, none, np.zeros(0), np.zeros(0), np.zeros(0), [], none)
    node_ids = nd["node_id"][mine_n]
    cor_ids = cor["corridor_id"][mine_c]
    block("net_node", np.concatenate([head, tail, l_node]), np.concatenate([acol.ravel(), acol.ravel(), xl]),
          np.concatenate([eta, -np.ones(nA), l_coef]), np.zeros(nN), np.zeros(nN),
          lambda: [f"node_{i}" for i in node_ids], mine_n)
    rows_c, rl, sel, hi = capacity_rows(has_opt, a_cor, cap_given, existing)
    if len(rows_c):
        r_, c_, v_ = [rl[a_cor[sel]]], [acol[sel].ravel()], [np.ones(len(sel))]
        if nO:
            r_.append(rl[o_cor])
            c_.append(opt_col0 + np.arange(nO))
            v_.append(-o_capT.ravel())
        block("net_capacity", np.concatenate(r_), np.concatenate(c_), np.concatenate(v_),
              np.full(len(rows_c), -np.inf), hi,
              lambda rows_c=rows_c: [f"corridor_{cor_ids[k]}_capacity" for k in rows_c], mine_c[rows_c])
    # x_a <= M_a y (its corridor's one size), where the size's capacity alone is looser
    a_way = np.where(tail == ca[a_cor], 0, 1)
    if nO:
        big = np.zeros((nC, 1))
        np.maximum.at(big, o_cor, o_capT)
        ar, tr = np.nonzero(has_opt[a_cor][:, None] & (M < big[a_cor] * (1 - 1e-9)) & (M > 0))
        if len(ar):
            first = np.searchsorted(o_cor, np.arange(nC))   # a corridor's one option
            k = len(ar)
            block("net_arc_max", np.concatenate([np.arange(k), np.arange(k)]),
                  np.concatenate([acol[ar, tr], opt_col0 + first[a_cor[ar]]]),
                  np.concatenate([np.ones(k), -M[ar, tr]]), np.full(k, -np.inf), np.zeros(k),
                  lambda ar=ar: [f"arc_{arcs['arc'][mine_a[a]]}_max" for a in ar], arcs["arc"][mine_a[ar]])
    net_c = np.concatenate([-var, -o_F, np.zeros(0)])
    net_ub = np.concatenate([M.ravel(), np.ones(nO), np.zeros(0)])
    net_int = np.concatenate([np.zeros(nA, np.int8), np.ones(nO, np.int8), np.zeros(0, np.int8)])
    x_at_max = none if not tighten else forced_injections(
        cand, scen, pos, xl, zero, xl, into, l_coef, upper, node_comp[mine_n][l_node], per)
    inj, wd = np.flatnonzero(into), np.flatnonzero(~into)
    nb_ = NetBlock(arcs=arc_ids, options=opt_ids, a_tail=tail, a_head=head, a_yield=eta, a_corridor=a_cor,
                   opt_corridor=o_cor, capacity_t=o_capT, nodes=mine_n, inj_cols=xl[inj], inj_node=l_node[inj],
                   inj_coef=l_coef[inj], wd_cols=xl[wd], wd_node=l_node[wd], wd_max=wd_only, inj_max=inj_max,
                   loss_t=np.zeros((nO, 1)), opt_end_a=ca[o_cor], opt_end_b=cb[o_cor], arc_col0=arc_col0,
                   opt_col0=opt_col0, lin=none, k_col0=k_col0, opt_way=np.full(nO, -1, np.int64), a_way=a_way,
                   k_loss_t=np.zeros((0, 1)), periods=1, c=net_c, cost=net_c, ub=net_ub, integrality=net_int,
                   x_at_max=x_at_max)
    ncol = cols.size
    A = _csr(np.concatenate(R), np.concatenate(C), np.concatenate(V), (rows.size, ncol))
    c = np.concatenate([cx, net_c])
    ub = np.concatenate([upper, net_ub])
    lb = np.zeros(ncol)
    lb[x_at_max] = ub[x_at_max]
    return MilpArrays(c=c, lb=lb, ub=ub, integrality=np.concatenate([np.zeros(n, np.int8), net_int]), A=A,
                      row_lo=np.concatenate(LO), row_hi=np.concatenate(HI), links=pos, row_names=NAMES, cols=cols,
                      rows=rows, periods=1, cascade=None, network=nb_, pass_money=np.zeros(0))


def _unique(v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`np.unique(v, return_inverse=True)`; where `v` is strictly increasing (each flow's one
    connection, flows in order: FCNetLib's) without its sort (20 against 5 us)."""
    if len(v) < 2 or bool((v[1:] > v[:-1]).all()):
        return v.copy(), np.arange(len(v))
    return np.unique(v, return_inverse=True)


def _csr(R: np.ndarray, C: np.ndarray, V: np.ndarray, shape: tuple[int, int]) -> sp.csr_matrix:
    """The matrix scipy makes of the entries (R, C, V) (`sp.csr_matrix((V, (R, C)))`: rows in
    order, each row's columns sorted, 32-bit indices), made directly where no (row, column)
    pair is given twice (about 100 against 55 us on sp50x100); scipy's own way otherwise, which
    sums such pairs (a corridor from a node to itself)."""
    key = R * shape[1] + C
    order = np.argsort(key, kind="stable")
    k = key[order]
    if len(k) > 1 and not bool((k[1:] > k[:-1]).all()) or max(len(k), *shape) >= 2 ** 31 - 1:
        return sp.csr_matrix((V, (R, C)), shape=shape)
    indptr = np.zeros(shape[0] + 1, np.int32)
    np.cumsum(np.bincount(R, minlength=shape[0]), out=indptr[1:])
    return sp.csr_matrix((V[order], C[order].astype(np.int32), indptr), shape=shape)
