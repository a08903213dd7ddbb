"""A flow a shared network could take more of, held back by existing pipes that are full: a
cut of the network between the flow's place and the other side (a demand's: the supplies
that have some left; a supply's: the demands still short) made of pipes already in the
ground (`existing: true`, no build decision) that carry their whole capacity. unmatched.csv
said of such a town '1 viable partner with amount left, but no further exchange raises the
objective (fixed costs not covered by the volume left, or a better use elsewhere)', though
nothing could be built and heat was left over: the pipes are the limit. `analyses.explain`
and unmatched.csv say it alike (`network_pipes_full`). So of a cut with new corridors built
at the catalogue's largest size and full (a user of 400,000 MWh/yr behind a DN400, 58.9 MW,
257,982 MWh/yr at load factor 0.5, read 'no further exchange raises the objective' before
2026-12-06): no size could carry more.

The cut is a maximum flow's (Ford-Fulkerson): the plan's flow on the corridors is a flow
from the supplies to the demands; with every other flow's exchange kept, more can reach a
demand only along a path of the residual network (what a corridor could still carry its
way, or a flow it carries the other way, which can be sent back). A candidate corridor
counts at its largest size (built or not: it could have been built larger), an existing pipe
at its own capacity, along the corridors' directions (`candidates.netreach`). When no such
path joins a supply that has some left to the demand, the plan's flow is the most that can
reach it, and the nodes that can still reach it (its side of a minimum cut) are entered only
by corridors that carry their whole capacity: when those are existing pipes, they are named.

With monthly profiles the cut is found month by month: a pipe carries rated x load factor / 12
a month (`model.network`: a corridor is sized by its busiest month), and a flow short in
January behind a pipe full in winter only was not named, the year's figures showing room (a
town of 6,000 MWh/yr, a fifth of it in each of January, February and December, behind a 1 MW
pipe: 1,200 a winter month for 365 carried, about 3,660 of the pipe's 4,380 MWh/yr used), read
'no further exchange raises the objective'. A flow is named when, in every month it is short
(a supply: has some left), no path of that month's residual network joins it to the other
side, and in some of them a cut of full existing pipes holds it; the sentence names those
months (a month it is short with no cut at all, no supply having any left, is another reason
and not said). A pipe full in every month is said by the year, as without profiles."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import breadth_first_order

from eitflow.candidates.generate import Candidates
from eitflow.candidates.netreach import reached_from
from eitflow.candidates.nettables import Network
from eitflow.i18n import Net, Phrase, Unit
from eitflow.ids import said_site
from eitflow.scenario import Scenario
from eitflow.solve.status import Solution

__all__ = ["months_said", "network_min_too_large", "network_pipes_full"]

FULL_TOL = 1e-6   # relative: a pipe carrying this close to its capacity (the year's, the month's) is full
NAMED = 3   # pipes named in a sentence; the others counted


def network_pipes_full(scen: Scenario, cand: Candidates, sol: Solution, flows: np.ndarray) -> dict[int, Phrase]:
    """Of `flows` (positions in scen.flows), those connected to a shared network that no more
    can reach (a supply's: leave towards a demand still short) without taking from another
    flow, because a cut of existing pipes that carry their whole capacity (rated x load
    factor, both ways together; with monthly profiles, a twelfth of it in each month the flow
    is short) separates the flow's place from the supplies that have some left (a supply's,
    from the demands still short), with the sentence naming those pipes (and the months):
    `um_net_pipes_full_*` when they all end at the place ("into", "out of"), otherwise
    `um_net_pipes_held_*` ("between"). See the module docstring for the cut.

    Parameters
    ----------
    scen, cand, sol : the scenario, its candidates and the solution (link flows, supply units/
        yr; arc flows, network base units/yr; with monthly profiles each month's, per month).
    flows : the flows asked about.

    Returns
    -------
    dict: flow position -> Phrase; flows not held back so are absent.
    """
    net = cand.network
    lk = cand.links
    if net is None or sol.arc_flow is None or sol.objective is None or "kind" not in lk or not len(flows):
        return {}
    from eitflow.results.network import arc_flows
    from eitflow.results.tables import REL_TOL, period_usage

    # each flow's connections: network nodes (a hub on the network shares its node, its legs
    # in the node's balance as in the model), and whether it has some left (explain's test)
    kind = lk["kind"].to_numpy().astype(str)
    nn = leg_nodes(net, lk, kind)
    legs = np.flatnonzero(nn >= 0)
    into = np.isin(kind[legs], ["to_net", "to_hub"])
    end = np.where(into, lk["supply"].to_numpy(np.int64)[legs], lk["demand"].to_numpy(np.int64)[legs])
    c = net.corridor_arrays
    rated = _rated(net)
    cap = np.where(np.isfinite(rated), rated, np.inf) * np.asarray(c["load_factor"], float)
    # each period's amounts and uses; with monthly profiles each month's pipe flows too (the
    # capacity row of a month is rated x load factor / T, `model.network`)
    amount, used = period_usage(scen, cand, sol)
    if amount.shape[1] > 1 and sol.arc_period_flow is not None:
        f_ab, f_ba = _period_corridor_flows(net, np.asarray(sol.arc_period_flow, float))
    else:
        amount, used = amount.sum(axis=1, keepdims=True), used.sum(axis=1, keepdims=True)
        ab, ba, _ = arc_flows(cand, sol)
        f_ab, f_ba = ab[:, None], ba[:, None]
    T = amount.shape[1]
    if not (f_ab + f_ba >= (cap / T)[:, None] * (1 - FULL_TOL)).any():   # no corridor full in any period
        return {}
    left = amount - used > REL_TOL * np.maximum(amount, 1.0)
    is_sup = (scen.flows["direction"].to_numpy() == "supply")
    order = np.argsort(end, kind="stable")
    starts = np.searchsorted(end[order], np.arange(len(is_sup) + 1))
    asked = [k for k in (int(v) for v in flows) if starts[k + 1] > starts[k]]
    # per flow: the months its cut holds it (corridors, all at its place), or None where a month
    # it is short has a path to the other side or a cut with a candidate corridor in it
    held: dict[int, list | None] = {k: [] for k in asked}
    for t in range(T):
        short = [k for k in asked if held[k] is not None and (T == 1 or left[k, t])]
        cuts = _cuts(net, nn, legs, into, end, left[:, t], f_ab[:, t], f_ba[:, t], cap / T, is_sup,
                     {k: np.unique(nn[legs[order[starts[k]:starts[k + 1]]]]) for k in short})
        for k in short:
            if k not in cuts:
                continue
            got = cuts[k]
            h = held[k]
            if got is None or h is None:
                held[k] = None
            else:
                h.append((t, *got))
    out: dict[int, Phrase] = {}
    for k, h in held.items():
        if not h:
            continue
        cors = np.unique(np.concatenate([x[1] for x in h]))
        if len(set(c["resource"][cors].tolist())) != 1:
            continue
        months = [x[0] for x in h]
        per_pipe = {int(i): [x[0] for x in h if i in x[1]] for i in cors}
        yearly = T == 1 or (len(months) == T and all(len(v) == T for v in per_pipe.values()))
        way = "supply" if is_sup[k] else "demand"
        r = str(c["resource"][cors[0]])
        at = all(x[2] for x in h)
        said = ("full" if at else "held") if all(x[3] for x in h) else ("max" if at else "maxheld")
        out[k] = Phrase(f"um_net_pipes_{said}_{way}", net=Net(r),
                        site=said_site(scen.sites, scen.flows["site_id"].iat[k]),
                        when="" if yearly else Phrase("um_net_in_months", months=months_said(months)),
                        pipes=_pipes(scen, net, r, cors, rated, None if yearly else (T, months, per_pipe)))
    return out


def network_min_too_large(scen: Scenario, cand: Candidates, flows: np.ndarray) -> dict[int, Phrase]:
    """Of `flows`, those whose `min_amount` (the smallest exchange worth a contract, a
    connection's lower bound) is more than all the corridors at their place can carry in a
    year (rated x load factor, a candidate at its largest size): no connection to the network
    can carry it. Such a user behind an existing pipe of 61 t/yr with a minimum of 90 read '1
    viable partner ... no further exchange raises the objective (fixed costs not covered ...)'.
    With monthly profiles, what they carry in a month (rated x load factor / 12, `model.network`),
    no more than the flow has that month, summed over the months: a user of 400,000 MWh/yr (a
    tenth in eight months, a twentieth in four) with a minimum of 300,000 behind a DN400
    (21,498.5 MWh a month) can get 8 x 21,498.5 + 4 x 20,000 = 251,988, and read 'no further
    exchange raises the objective' before (the check was the year's)."""
    net, lk = cand.network, cand.links
    f = scen.flows
    if net is None or "kind" not in lk or not len(flows) or "min_amount" not in f:
        return {}
    prof = None if scen.profiles is None else np.asarray(scen.profiles, float)
    c = net.corridor_arrays
    cap = np.nan_to_num(_rated(net), nan=0.0) * np.asarray(c["load_factor"], float)
    a, b = np.asarray(c["a"], np.int64), np.asarray(c["b"], np.int64)
    kind = lk["kind"].to_numpy().astype(str)
    nn = leg_nodes(net, lk, kind)
    end = np.where(np.isin(kind, ["to_net", "to_hub"]), lk["supply"].to_numpy(np.int64), lk["demand"].to_numpy(np.int64))
    low = f["min_amount"].to_numpy(float)
    out: dict[int, Phrase] = {}
    for k in (int(v) for v in flows):
        nodes = np.unique(nn[(end == k) & (nn >= 0)])
        if low[k] <= 0 or not len(nodes):
            continue
        at = np.flatnonzero(np.isin(a, nodes) | np.isin(b, nodes))
        # the most they can carry to (from) it: a year's, or with profiles month by month
        most = float(cap[at].sum()) if prof is None else float(np.minimum(
            cap[at].sum() / prof.shape[1], float(f["amount"].iat[k]) * prof[k]).sum())
        if not len(at) or most >= low[k] * (1 - FULL_TOL) or len(set(c["resource"][at].tolist())) != 1:
            continue
        r = str(c["resource"][at[0]])
        unit = Unit(str(f["unit"].iat[k]))
        monthly: tuple[int, list[int], dict[int, list[int]]] | None = (
            None if prof is None else (prof.shape[1], [], {int(i): [] for i in at}))
        out[k] = Phrase("um_net_min_too_large" if prof is None else "um_net_min_too_large_months", low=float(low[k]),
                        unit=unit, net=Net(r), site=said_site(scen.sites, f["site_id"].iat[k]), most=most,
                        pipes=_pipes(scen, net, r, at, _rated(net), monthly))
    return out


def _period_corridor_flows(net: Network, apf: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per corridor and period (corridors x T), the flow from -> to and to -> from (network
    base units per period) of the arcs' per-period flows `apf` (arcs x T), as `arc_flows`
    sums them over the year."""
    nc = len(net.corridor_arrays["corridor_id"])
    arcs = net.arc_arrays
    cor = np.asarray(arcs["corridor"], np.int64)
    fwd = np.asarray(arcs["arc"], np.int64) < nc
    f_ab, f_ba = np.zeros((nc, apf.shape[1])), np.zeros((nc, apf.shape[1]))
    np.add.at(f_ab, cor[fwd], apf[fwd])
    np.add.at(f_ba, cor[~fwd], apf[~fwd])
    return f_ab, f_ba


def _cuts(net: Network, nn: np.ndarray, legs: np.ndarray, into: np.ndarray, end: np.ndarray, left: np.ndarray,
          f_ab: np.ndarray, f_ba: np.ndarray, cap: np.ndarray, is_sup: np.ndarray,
          nodes_of: dict[int, np.ndarray]) -> dict[int, tuple[np.ndarray, bool, bool] | None]:
    """In one period (the year, or a month: `left`, the flows' and corridors' figures and
    `cap`, what each corridor carries in it, of that period), per flow of `nodes_of` (its
    network nodes): None when a path of the residual network joins it to the other side;
    (the corridors of its cut, whether they all end at its place, whether they are all
    existing pipes) when corridors full in the period hold it (a candidate is in the cut only
    at its largest size and full: it can carry no more, built or not); absent when no
    corridor enters its side (nothing left on the other side: another reason)."""
    c = net.corridor_arrays
    room = np.maximum(cap - f_ab - f_ba, 0.0)   # what the corridor could still carry, either way it may
    tol = FULL_TOL * np.where(np.isfinite(cap), cap, 0.0)
    both = np.asarray(c["direction"]) == "both"
    a, b = np.asarray(c["a"], np.int64), np.asarray(c["b"], np.int64)
    # residual arcs: a -> b (room, or b -> a's flow sent back), b -> a (two-way: room; or a -> b's back)
    res_ab = (room > tol) | (f_ba > tol)
    res_ba = (both & (room > tol)) | (f_ab > tol)
    n = len(net.node_arrays["node"])
    rt, rh = np.r_[a[res_ab], b[res_ba]], np.r_[b[res_ab], a[res_ba]]
    fwd = csr_matrix((np.ones(len(rt), np.int8), (rt, rh)), shape=(n, n))
    back = fwd.T.tocsr()
    src = np.zeros(n, bool)   # nodes of the supplies that have some left
    src[nn[legs][into & left[end]]] = True
    dst = np.zeros(n, bool)   # nodes of the demands still short
    dst[nn[legs][~into & left[end]]] = True
    fed, drains = reached_from(n, rt, rh, np.flatnonzero(src)), reached_from(n, rh, rt, np.flatnonzero(dst))
    arcs = net.arc_arrays
    a_cor, tail, head = (np.asarray(arcs[x], np.int64) for x in ("corridor", "tail", "head"))
    existing = np.asarray(c["existing"], bool)
    out: dict[int, tuple[np.ndarray, bool, bool] | None] = {}
    for k, nodes in nodes_of.items():
        sup = bool(is_sup[k])
        if not (dst if sup else src).any():
            # nobody on the other side wants more (a hydrogen network's last short demand too
            # pure for it withdraws nothing): no pipe holds the flow back, another reason does
            continue
        if (drains if sup else fed)[nodes].any():   # a path of the residual network: not held by pipes
            out[k] = None
            continue
        # its side of the cut: the nodes it reaches (a demand: that reach it) in the residual network
        side = (_reach(fwd if sup else back, int(nodes[0]), n) if len(nodes) == 1
                else reached_from(n, *((rt, rh) if sup else (rh, rt)), nodes))
        cross = (side[tail] & ~side[head]) if sup else (side[head] & ~side[tail])
        cors = np.unique(a_cor[cross & (cap[a_cor] > 0)])   # (a pipe rated 0 carries nothing: not named)
        if not len(cors):
            continue
        out[k] = (cors, bool(np.isin((tail if sup else head)[cross], nodes).all()), bool(existing[cors].all()))
    return out


def months_said(months: list[int]) -> Phrase:
    """Months (0 = January) as words in a sentence: "January, February and December" (the
    run's language when said: "janvier, février et décembre")."""
    said = [Phrase(f"month_{t + 1}") for t in months]
    if len(said) == 1:
        return said[0]
    first = said[0]
    for m in said[1:-1]:
        first = Phrase("ex_net_names2", first=first, rest=m)
    return Phrase("val_and", a=first, b=said[-1])


def leg_nodes(net: Network, lk: pd.DataFrame, kind: np.ndarray) -> np.ndarray:
    """Per candidate link, the network node where it injects or withdraws (-1: none): a
    connection's (to_net, from_net), or a hub's leg (to_hub, from_hub) where the hub shares a
    network node (`model.network.merged_hub_nodes`)."""
    nn = lk["net_node"].to_numpy(np.int64).copy()
    nn[~np.isin(kind, ["to_net", "from_net"])] = -1
    hn = np.asarray(net.node_arrays["hub_node"], np.int64)
    if "hub_node" in lk and (hn >= 0).any():
        hub_to_net = np.full(int(hn.max()) + 1, -1, np.int64)
        hub_to_net[hn[hn >= 0]] = np.flatnonzero(hn >= 0)
        h = lk["hub_node"].to_numpy(np.int64)
        leg = np.isin(kind, ["to_hub", "from_hub"]) & (h >= 0) & (h < len(hub_to_net))
        nn[leg] = hub_to_net[h[leg]]
    return nn


def _rated(net: Network) -> np.ndarray:
    """Per corridor, its rated capacity (base units/yr): an existing pipe's own (corridors.csv's,
    or its size's), a candidate's largest size (inf: a size without a capacity; NaN: none)."""
    c = net.corridor_arrays
    rated = np.asarray(c["capacity"], float).copy()
    o = net.option_arrays
    by_size = np.full(len(rated), np.nan)
    np.fmax.at(by_size, np.asarray(o["corridor"], np.int64), np.asarray(o["capacity"], float))
    return np.where(np.isfinite(rated), rated, by_size)


def _reach(g: csr_matrix, node: int, n: int) -> np.ndarray:
    """Mask of the nodes reached from `node` along the arcs of `g` (itself included): the graph
    made once for every flow asked about, each search visiting only its own side."""
    out = np.zeros(n, bool)
    out[breadth_first_order(g, node, directed=True, return_predecessors=False)] = True
    return out


def _pipes(scen: Scenario, net: Network, r: str, cors: np.ndarray, rated: np.ndarray,
           months: tuple[int, list[int], dict[int, list[int]]] | None = None) -> Phrase:
    """The pipes `cors` (corridor positions), each with its rated capacity (the catalogue's
    capacity unit, MW for heat) and what it carries in a year at the load factor (base
    units/yr); the first `NAMED`, then how many more. With `months` (T periods, the months
    said, each pipe's months full), what it carries in a month (rated x load factor / T, base
    units a month), and the months it is full in where they are not all those said."""
    from eitflow.results.tables import given_capacity
    from eitflow.units import conversion_factor

    c = net.corridor_arrays
    spec = scen.catalogue[r]
    assert spec.network is not None   # a resource with a shared network has its network block
    cu, base = spec.network.capacity_unit, spec.base_unit
    factor = conversion_factor(cu, base)
    lf = np.asarray(c["load_factor"], float)
    # a capacity corridors.csv gave is said in its unit (1,000 t/yr, not 0.114155 t/h), as corridors.csv's
    # output gives it (`given_capacity`); a size's in the catalogue's (MW for heat)
    ids = np.asarray(c["corridor_id"])[np.asarray(cors[:NAMED], np.int64)]
    g_cap, g_unit = given_capacity(scen, ids, np.asarray(rated, float)[np.asarray(cors[:NAMED], np.int64)], base)
    items: list[Phrase] = []
    for n, i in enumerate(cors[:NAMED]):
        u = str(g_unit[n]) or cu
        shown = float(g_cap[n]) if g_unit[n] else float(rated[i]) / factor
        if months is None:
            items.append(Phrase("um_net_pipe", id=str(c["corridor_id"][i]), rated=shown,
                                cu=Unit(u), yearly=float(rated[i] * lf[i]), unit=Unit(base), lf=float(lf[i])))
            continue
        T, said, mine = months
        it = Phrase("um_net_pipe_month", id=str(c["corridor_id"][i]), rated=shown, cu=Unit(u),
                    monthly=float(rated[i] * lf[i]) / T, unit=Unit(base.removesuffix("/yr")), lf=float(lf[i]))
        own = mine[int(i)]
        items.append(it if own == said else Phrase("um_net_pipe_full_in", pipe=it, months=months_said(own)))
    said_: Phrase = items[0]
    for it in items[1:]:
        said_ = Phrase("ex_net_names2", first=said_, rest=it)
    return said_ if len(cors) <= NAMED else Phrase("ex_net_and_more", list=said_, n=len(cors) - NAMED)
