"""A flow a shared network could take more of, held back by existing pipes that are full: a
cut of the network between the flow's place and the other side (a demand's: the supplies
that have some left; a supply's: the demands still short) made of pipes already in the
ground (`existing: true`, no build decision) that carry their whole capacity. unmatched.csv
said of such a town '1 viable partner with amount left, but no further exchange raises the
objective (fixed costs not covered by the volume left, or a better use elsewhere)', though
nothing could be built and heat was left over: the pipes are the limit. `analyses.explain`
and unmatched.csv say it alike (`network_pipes_full`).

The cut is a maximum flow's (Ford-Fulkerson): the plan's flow on the corridors is a flow
from the supplies to the demands; with every other flow's exchange kept, more can reach a
demand only along a path of the residual network (what a corridor could still carry its
way, or a flow it carries the other way, which can be sent back). A candidate corridor
counts at its largest size (built or not: it could have been built larger), an existing pipe
at its own capacity, along the corridors' directions (`candidates.netreach`). When no such
path joins a supply that has some left to the demand, the plan's flow is the most that can
reach it, and the nodes that can still reach it (its side of a minimum cut) are entered only
by corridors that carry their whole capacity: when those are existing pipes, they are named.
Yearly figures: a pipe full in some months only is not full (the months are not named)."""

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

__all__ = ["network_pipes_full"]

FULL_TOL = 1e-6   # relative: a pipe carrying this close to its yearly capacity is full
NAMED = 3   # pipes named in a sentence; the others counted


def network_pipes_full(scen: Scenario, cand: Candidates, sol: Solution, flows: np.ndarray) -> dict[int, Phrase]:
    """Of `flows` (positions in scen.flows), those connected to a shared network that no more
    can reach (a supply's: leave towards a demand still short) without taking from another
    flow, because a cut of existing pipes that carry their whole yearly capacity (rated x load
    factor, both ways together) separates the flow's place from the supplies that have some
    left (a supply's, from the demands still short), with the sentence naming those pipes:
    `um_net_pipes_full_*` when they all end at the place ("into", "out of"), otherwise
    `um_net_pipes_held_*` ("between"). See the module docstring for the cut.

    Parameters
    ----------
    scen, cand, sol : the scenario, its candidates and the solution (link flows, supply units/
        yr; arc flows, network base units/yr).
    flows : the flows asked about.

    Returns
    -------
    dict: flow position -> Phrase; flows not held back so are absent.
    """
    net = cand.network
    lk = cand.links
    if (net is None or sol.arc_flow is None or sol.objective is None or "kind" not in lk or not len(flows)
            or not np.asarray(net.corridor_arrays["existing"], bool).any()):
        return {}
    from eitflow.results.network import arc_flows
    from eitflow.results.tables import REL_TOL, flow_usage

    # each flow's connections: network nodes (a hub on the network shares its node, its legs
    # in the node's balance as in the model), and whether it has some left (explain's test)
    kind = lk["kind"].to_numpy().astype(str)
    nn = _leg_nodes(net, lk, kind)
    legs = np.flatnonzero(nn >= 0)
    into = np.isin(kind[legs], ["to_net", "to_hub"])
    end = np.where(into, lk["supply"].to_numpy(np.int64)[legs], lk["demand"].to_numpy(np.int64)[legs])
    amount = scen.flows["amount"].to_numpy(float)
    left = amount - flow_usage(scen, cand, np.asarray(sol.flow, float)) > REL_TOL * np.maximum(amount, 1.0)
    c = net.corridor_arrays
    f_ab, f_ba, _ = arc_flows(cand, sol)
    rated = _rated(net)
    cap = np.where(np.isfinite(rated), rated, np.inf) * np.asarray(c["load_factor"], float)
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
    order = np.argsort(end, kind="stable")
    starts = np.searchsorted(end[order], np.arange(len(amount) + 1))
    out: dict[int, Phrase] = {}
    for k in (int(v) for v in flows):
        mine = legs[order[starts[k]:starts[k + 1]]]
        if not len(mine):
            continue
        nodes = np.unique(nn[mine])
        is_sup = scen.flows["direction"].iat[k] == "supply"
        if (drains if is_sup else fed)[nodes].any():   # a path of the residual network: not held by pipes
            continue
        # its side of the cut: the nodes it reaches (a demand: that reach it) in the residual network
        side = (_reach(fwd if is_sup else back, int(nodes[0]), n) if len(nodes) == 1
                else reached_from(n, *((rt, rh) if is_sup else (rh, rt)), nodes))
        cross = (side[tail] & ~side[head]) if is_sup else (side[head] & ~side[tail])
        cors = np.unique(a_cor[cross & (cap[a_cor] > 0)])   # (a pipe rated 0 carries nothing: not named)
        if not len(cors) or not existing[cors].all() or len(set(c["resource"][cors].tolist())) != 1:
            continue
        at_place = bool(np.isin((tail if is_sup else head)[cross], nodes).all())
        way = "supply" if is_sup else "demand"
        r = str(c["resource"][cors[0]])
        out[k] = Phrase(f"um_net_pipes_{'full' if at_place else 'held'}_{way}", net=Net(r),
                        site=said_site(scen.sites, scen.flows["site_id"].iat[k]), pipes=_pipes(scen, net, r, cors, rated))
    return out


def _leg_nodes(net: Network, lk: pd.DataFrame, kind: np.ndarray) -> np.ndarray:
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


def _pipes(scen: Scenario, net: Network, r: str, cors: np.ndarray, rated: np.ndarray) -> Phrase:
    """The pipes `cors` (corridor positions), each with its rated capacity (the catalogue's
    capacity unit, MW for heat) and what it carries in a year at the load factor (base
    units/yr); the first `NAMED`, then how many more."""
    from eitflow.units import conversion_factor

    c = net.corridor_arrays
    spec = scen.catalogue[r]
    assert spec.network is not None   # a resource with a shared network has its network block
    cu, base = spec.network.capacity_unit, spec.base_unit
    factor = conversion_factor(cu, base)
    lf = np.asarray(c["load_factor"], float)
    items = [Phrase("um_net_pipe", id=str(c["corridor_id"][i]), rated=float(rated[i]) / factor, cu=Unit(cu),
                    yearly=float(rated[i] * lf[i]), unit=Unit(base), lf=float(lf[i])) for i in cors[:NAMED]]
    said: Phrase = items[0]
    for it in items[1:]:
        said = Phrase("ex_net_names2", first=said, rest=it)
    return said if len(cors) <= NAMED else Phrase("ex_net_and_more", list=said, n=len(cors) - NAMED)
