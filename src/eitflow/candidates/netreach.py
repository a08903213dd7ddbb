"""Where a shared network can carry a resource, corridor directions included: from a
supply's node, which nodes its injection can reach along the arcs (a one-way corridor,
`direction: forward`, carries from -> to only; a two-way one and an existing pipe as they are
given), and, once per scenario, which nodes a connection of the other side is reachable
from or to (`Reach`). `candidates.netwhy` reads them to say why a network cannot serve a
flow; `analyses.explain` to name the demands a supply could reach.

Connected parts of the corridor graph (`Network.nodes["component"]`) are undirected: a town
joined to a data centre only by a corridor running towards the data centre is in its part,
but no heat of it can get there."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import breadth_first_order

from eitflow.candidates.generate import Candidates
from eitflow.candidates.netattach import connectable
from eitflow.candidates.netplots import flow_nodes
from eitflow.scenario import Scenario

__all__ = ["Reach", "idle_periods", "network_reach", "reached_from"]


def reached_from(n_nodes: int, tail: np.ndarray, head: np.ndarray, sources: np.ndarray) -> np.ndarray:
    """Mask of the nodes some node of `sources` reaches along the arcs tail -> head (the
    sources included): one breadth-first search from a node added before them all, O(nodes +
    arcs) whatever the number of sources (50,000 arcs: a few ms).

    Parameters
    ----------
    n_nodes : number of nodes (positions 0..n_nodes-1).
    tail, head : the arcs' ends (node positions), one pair per arc.
    sources : node positions to start from (any number, repeats allowed).

    Returns
    -------
    np.ndarray of bool, one per node.
    """
    n = int(n_nodes)
    out = np.zeros(n, bool)
    src = np.unique(np.asarray(sources, np.int64))
    if not len(src):
        return out
    t = np.r_[np.asarray(tail, np.int64), np.full(len(src), n)]
    h = np.r_[np.asarray(head, np.int64), src]
    g = csr_matrix((np.ones(len(t), np.int8), (t, h)), shape=(n + 1, n + 1))
    order = breadth_first_order(g, n, directed=True, return_predecessors=False)
    out[order[order < n]] = True
    return out


def idle_periods(scen: Scenario, cand: Candidates) -> np.ndarray:
    """Per network component (`Network.node_arrays`' numbering) and period (the 12 months with
    monthly profiles, else the year): True where nothing can enter it, every supply connected
    to it having nothing that month (a cannery's campaign, April to September) and no hub
    standing on it. Its pipes are idle then, cold, and lose no heat: `model.network` draws a
    size's loss only in the other periods, and `results.network` counts it so. Before, a loss
    was drawn every month and no supply could cover it in the idle ones: no corridor could
    exist, not even an existing pipe (a summer exchange worth 283,570 EUR/yr read 0)."""
    net = cand.network
    T = 1 if scen.profiles is None else int(np.shape(scen.profiles)[1])
    if net is None or not len(net.node_arrays["node"]):
        return np.zeros((0, T), bool)
    comp = np.asarray(net.node_arrays["component"], np.int64)
    live = np.zeros((int(comp.max()) + 1, T), bool)
    live[comp[np.asarray(net.node_arrays["hub_node"], np.int64) >= 0]] = True   # a hub's legs may feed it
    lk = cand.links
    if not len(lk) or "kind" not in lk:
        return ~live
    to = np.flatnonzero((lk["kind"].to_numpy().astype(str) == "to_net") & (lk["net_node"].to_numpy(np.int64) >= 0))
    sup = lk["supply"].to_numpy(np.int64)[to]
    has = (np.ones((len(sup), 1), bool) if scen.profiles is None
           else np.asarray(scen.profiles, float)[sup] > 0)
    np.logical_or.at(live, comp[lk["net_node"].to_numpy(np.int64)[to]], has)
    return ~live


@dataclass(frozen=True)
class Reach:
    """Per network node (positions of `Network.nodes`), over every network of a scenario.

    fed: some supply's connection (a to_net leg) reaches the node along the arcs: a demand
        connected there can be served.
    drains: the node reaches some demand's connection (a from_net leg): a supply connected
        there can sell.
    fed_by_site: some node holding a supply of the network's resource (connectable or not:
        too cold, too impure) reaches the node.
    drains_to_site: the node reaches some node holding a demand the resource can serve.
    part_fed, part_drains, part_fed_by_site, part_drains_to_site: the same with the corridors
        taken both ways (the node's connected part): what directions alone take away.
    """

    fed: np.ndarray
    drains: np.ndarray
    fed_by_site: np.ndarray
    drains_to_site: np.ndarray
    part_fed: np.ndarray
    part_drains: np.ndarray
    part_fed_by_site: np.ndarray
    part_drains_to_site: np.ndarray


def network_reach(scen: Scenario, cand: Candidates) -> Reach:
    """The `Reach` of the candidate networks of `cand`, made once per set of links (kept on
    `cand`: unmatched.csv asks it of every flow, 34,000 nationally; four searches over the
    arcs of all networks at once, the arcs never joining two networks)."""
    net = cand.network
    assert net is not None
    got = cand._net_reach
    if got is not None and got[0] is cand.links:
        return got[1]
    nodes = net.node_arrays
    n = len(nodes["node"])
    arcs = net.arc_arrays
    tail, head = arcs["tail"], arcs["head"]
    lk = cand.links
    kind = lk["kind"].to_numpy().astype(str) if "kind" in lk else np.zeros(len(lk), str)
    nn = lk["net_node"].to_numpy(np.int64) if "net_node" in lk else np.full(len(lk), -1)
    inj = nn[(kind == "to_net") & (nn >= 0)]
    wd = nn[(kind == "from_net") & (nn >= 0)]
    # the nodes holding a flow of the network's resource (a supply of r, a demand r feeds)
    f = scen.flows
    # (a placed activity's flows at its plot: `candidates.netplots`)
    fres, fsite = f["resource"].to_numpy(), flow_nodes(scen, f["site_id"].to_numpy(object))
    is_sup = f["direction"].to_numpy() == "supply"
    nres, nid = np.asarray(nodes["resource"], object), np.asarray(nodes["node_id"], object)
    sup_at, dem_at = np.zeros(n, bool), np.zeros(n, bool)
    for r in sorted(set(nres.tolist())):
        on = nres == r
        can_sup, can_dem = connectable(is_sup, fres, r, scen.catalogue)
        sup_at |= on & np.isin(nid, fsite[can_sup])
        dem_at |= on & np.isin(nid, fsite[can_dem])
    # the connected part: each node's component holds a marked node
    comp = np.asarray(nodes["component"], np.int64)
    ncomp = int(comp.max()) + 1 if n else 0

    def part(marked: np.ndarray) -> np.ndarray:
        has = np.zeros(ncomp, bool)
        has[comp[marked]] = True
        return has[comp]

    def mask(at: np.ndarray) -> np.ndarray:
        m = np.zeros(n, bool)
        m[at] = True
        return m

    # downstream of the sources, and (the arcs reversed) upstream of the targets
    out = Reach(fed=reached_from(n, tail, head, inj), drains=reached_from(n, head, tail, wd),
                fed_by_site=reached_from(n, tail, head, np.flatnonzero(sup_at)),
                drains_to_site=reached_from(n, head, tail, np.flatnonzero(dem_at)),
                part_fed=part(mask(inj)), part_drains=part(mask(wd)), part_fed_by_site=part(sup_at),
                part_drains_to_site=part(dem_at))
    cand._net_reach = (cand.links, out)
    return out
