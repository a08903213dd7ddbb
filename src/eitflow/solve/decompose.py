"""Connected components of the candidate graph share no constraint: solving them apart is
exact. Small components are batched so the solver is not started thousands of times.

With candidate placements (siting), a placement joins its flows (they share its binary), a
plot's land row joins the placements on that plot, and an activity's count row joins all its
placements — only where those rows can bind (`model.siting.coupling`)."""

from __future__ import annotations

import numpy as np

from eitflow.candidates.bridges import undirected_components
from eitflow.candidates.generate import Candidates
from eitflow.scenario import Scenario

LONE_PLACEMENTS = 5000  # placements with no link and no binding row, per batch (each is independent)


BATCH_LINKS = 32  # tiny components are grouped up to this many links per solver call (HiGHS is much


def _node_labels(scen: Scenario, cand: Candidates) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(component label of every graph node, node of each link's source, node of each
    placement). Nodes: flows, then hubs (all resources of a hub share its capacity, so one
    node each), then candidate placements."""
    from eitflow.model.landtake import budgets
    from eitflow.model.siting import coupling, flow_placement, group_keys, land_take_binds

    nf = len(scen.flows)
    nh = 0 if scen.hubs is None else len(scen.hubs)
    pl = scen.placements
    npl = 0 if pl is None else len(pl)
    net = cand.network
    ncomp_net = 0 if net is None or not len(net.node_arrays["node"]) else int(net.node_arrays["component"].max()) + 1
    n = nf + nh + npl + ncomp_net
    s, d = np.asarray(cand.column("supply"), np.int64), np.asarray(cand.column("demand"), np.int64)
    if cand.has_column("hub") and len(cand):
        h = np.asarray(cand.column("hub"), np.int64)
        s = np.where((s >= 0) | (h < 0), s, nf + h)
        d = np.where((d >= 0) | (h < 0), d, nf + h)
    else:   # written below: not the (read-only) column itself
        s, d = s.copy(), d.copy()
    a, b = [s], [d]
    if ncomp_net:
        # a network's connections join their flows through the network's part (its corridors
        # share its node balances); a hub on the network joins it too
        assert net is not None
        nn_ = np.asarray(cand.column("net_node"), np.int64) if cand.has_column("net_node") \
            else np.full(len(cand), -1)
        comp = np.asarray(net.node_arrays["component"], np.int64)
        k = np.flatnonzero(nn_ >= 0)
        node = nf + nh + npl + comp[nn_[k]]
        s[k] = np.where(s[k] >= 0, s[k], node)
        d[k] = np.where(d[k] >= 0, d[k], node)
        hb = np.asarray(net.node_arrays["hub"], np.int64)
        on = np.flatnonzero(hb >= 0)
        a.append(nf + hb[on])
        b.append(nf + nh + npl + comp[on])
    if npl:
        assert pl is not None
        fp = flow_placement(scen)
        vf = np.flatnonzero(fp >= 0)
        a.append(vf)
        b.append(nf + nh + fp[vf])
        plots, acts = coupling(scen)
        gk = group_keys(scen)
        # each land-take row that can bind (the whole scenario's, a territory's) over its candidates
        lt = budgets(scen)
        takes = [np.where(np.isin(np.arange(npl), lt.member[lt.row == r]), 0, -1) for r in land_take_binds(scen)]
        for grp, keys in ((pl["plot"].to_numpy(np.int64), plots), (pl["activity"].to_numpy(np.int64), acts),
                          (gk, np.unique(gk[gk >= 0])), *((g, np.array([0])) for g in takes)):
            k = np.flatnonzero(np.isin(grp, keys))
            if len(k) > 1:   # chain the placements of each binding row: k_i -- k_{i+1} within a group
                k = k[np.argsort(grp[k], kind="stable")]
                same = grp[k[1:]] == grp[k[:-1]]
                a.append(nf + nh + k[1:][same])
                b.append(nf + nh + k[:-1][same])
    _, lab = undirected_components(n, np.concatenate(a), np.concatenate(b))
    return lab, s, nf + nh + np.arange(npl)


def components(scen: Scenario, cand: Candidates) -> tuple[int, np.ndarray]:
    """(number of components, component label per candidate link)."""
    if len(cand) == 0:
        return 0, np.zeros(0, np.int64)
    lab, s, _ = _node_labels(scen, cand)
    uniq, inv = np.unique(lab[s], return_inverse=True)
    return len(uniq), inv


def placement_batches(scen: Scenario, cand: Candidates) -> tuple[int, list[np.ndarray], list[np.ndarray]]:
    """(number of components, link positions per batch, placement positions per batch) for a
    scenario with candidate placements: components of links and placements batched like
    `_batches`; placements with no link and no binding row (each independent of everything:
    placed exactly when it pays on its own) go in large batches of their own."""
    lab, s, pnode = _node_labels(scen, cand)
    lab_l, lab_p = lab[s], lab[pnode]
    uniq, inv = np.unique(np.concatenate([lab_l, lab_p]), return_inverse=True)
    cl, cp = inv[:len(lab_l)], inv[len(lab_l):]
    ncomp = len(uniq)
    with_links = np.zeros(ncomp, bool)
    with_links[cl] = True
    psize = np.bincount(cp, minlength=ncomp)
    links_b = _batches(cl, ncomp) if len(cl) else []
    order = np.argsort(cp, kind="stable")
    p_of = np.split(order, np.cumsum(psize)[:-1])
    out_l, out_p = [], []
    for b in links_b:
        comps = np.unique(cl[b])
        out_l.append(b)
        out_p.append(np.sort(np.concatenate([np.zeros(0, np.int64)] + [p_of[c] for c in comps])))
    # components of placements only: singletons in large batches, coupled ones (a binding land
    # or count row without links) alone
    alone = [c for c in range(ncomp) if not with_links[c] and psize[c] > 0]
    single = np.concatenate([np.zeros(0, np.int64)] + [p_of[c] for c in alone if psize[c] == 1])
    for c in alone:
        if psize[c] > 1:
            out_l.append(np.zeros(0, np.int64))
            out_p.append(np.sort(p_of[c]))
    for k in range(0, len(single), LONE_PLACEMENTS):
        out_l.append(np.zeros(0, np.int64))
        out_p.append(np.sort(single[k:k + LONE_PLACEMENTS]))
    return ncomp, out_l, out_p


def _batches(comp: np.ndarray, ncomp: int) -> list[np.ndarray]:
    """Group link positions by component; big components alone, small ones batched; largest first."""
    if ncomp == 0:
        return []
    order = np.argsort(comp, kind="stable")
    sizes = np.bincount(comp, minlength=ncomp)
    groups = np.split(order, np.cumsum(sizes)[:-1])
    groups.sort(key=len, reverse=True)
    out: list[np.ndarray] = []
    cur: list[np.ndarray] = []
    cur_n = 0
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


