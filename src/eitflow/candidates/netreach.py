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

import networkx as nx
import numpy as np
import pandas as pd
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import breadth_first_order

from eitflow.candidates.generate import Candidates
from eitflow.candidates.netattach import connectable
from eitflow.candidates.netplots import flow_nodes
from eitflow.candidates.nettables import Network
from eitflow.scenario import Scenario

__all__ = ["Reach", "idle_option_periods", "idle_periods", "needless_options", "network_reach", "reached_from"]


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


def _live_nodes(scen: Scenario, cand: Candidates) -> np.ndarray:
    """Per network node and period (the 12 months with monthly profiles, else the year): True
    where something can enter the network there, a supply connected at the node having some
    that period, or a hub standing on it (its legs may feed it)."""
    net = cand.network
    T = 1 if scen.profiles is None else int(np.shape(scen.profiles)[1])
    if net is None or not len(net.node_arrays["node"]):
        return np.zeros((0, T), bool)
    live = np.zeros((len(net.node_arrays["node"]), T), bool)
    live[np.asarray(net.node_arrays["hub_node"], np.int64) >= 0] = True
    if not len(cand) or not cand.has_column("kind"):
        return live
    # the columns as `Candidates.column` keeps them (a pandas read and a string copy of `kind`
    # cost about 0.1 ms a run; an object array compares to a string element by element)
    node = np.asarray(cand.column("net_node"), np.int64)
    to = np.flatnonzero((cand.column("kind") == "to_net") & (node >= 0))
    sup = np.asarray(cand.column("supply"), np.int64)[to]
    has = (np.ones((len(sup), 1), bool) if scen.profiles is None
           else np.asarray(scen.profiles, float)[sup] > 0)
    np.logical_or.at(live, node[to], has)
    return live


def idle_periods(scen: Scenario, cand: Candidates) -> np.ndarray:
    """Per network component (`Network.node_arrays`' numbering) and period (the 12 months with
    monthly profiles, else the year): True where nothing can enter it, every supply connected
    to it having nothing that month (a cannery's campaign, April to September) and no hub
    standing on it. A size's pipe is idle then (`idle_option_periods`)."""
    return _idle_components(cand.network, _live_nodes(scen, cand))


def _idle_components(net: Network | None, live_n: np.ndarray) -> np.ndarray:
    """`idle_periods` from `_live_nodes`' mask (nodes x periods)."""
    if net is None or not len(live_n):
        return ~live_n
    comp = np.asarray(net.node_arrays["component"], np.int64)
    live = np.zeros((int(comp.max()) + 1, live_n.shape[1]), bool)
    np.logical_or.at(live, comp, live_n)
    return ~live


def idle_option_periods(scen: Scenario, cand: Candidates) -> np.ndarray:
    """Per size option of the networks (`Network.option_arrays`) and period: True where nothing
    can enter its pipe, which is then idle, cold, and loses no heat: `model.network` draws a
    size's loss only in the other periods, and `results.network` counts it so (one rule).

    Heat enters the pipe at the tail of an arc it carries, and only if that tail is reached,
    along the candidate arcs other than its own corridor's, from a node where something can
    enter that period (`_live_nodes`). A size carrying both ways: one of its ends is reached
    (through the corridor, the other end is then). One way of a two-way corridor (linear
    sizing's sizes, `Network.options` way 0: a -> b, 1: b -> a): its tail, not through the
    corridor's other way (the tail's immediate dominator, arcs split by a node, is not that
    arc). Before, a size's loss was drawn in every month its component could be fed: X and Y
    each supplying in one season and buying in the other, a linear corridor X -> Y lost heat
    in winter at X, where nothing can reach then, and could not exist (0 EUR/yr, where the
    two-way pipe is worth 495,327). Where a size is idle by this rule, the loss it was drawn
    before could not be covered, so no solution with it built was feasible: the rule only adds
    solutions, and a network whose sizes were all buildable keeps its optimum."""
    net = cand.network
    T = 1 if scen.profiles is None else int(np.shape(scen.profiles)[1])
    if net is None or not len(net.option_arrays["corridor"]):
        return np.zeros((0, T), bool)
    got = cand._net_idle    # made once per set of links and profiles (every model of a run reads it)
    if got is not None and got[0] is cand.links_key and got[1] is scen.profiles:
        return got[2]
    live_n = _live_nodes(scen, cand)
    # one period (an annual model) is one set of feeding nodes: no sort of the periods' masks
    sets, inv = np.unique(live_n.T, axis=0, return_inverse=True) if T > 1 else (live_n.T, np.zeros(1, np.int64))
    if len(sets) < 2:
        # the same nodes feed every period: a size idle by the rule above would carry nothing all
        # year, and drawing its loss only keeps it unbuilt; the components' rule, as before
        # (annual models, FCNetLib's), with no dominator search
        out = _idle_components(net, live_n)[np.asarray(net.corridor_arrays["component"], np.int64)[
            np.asarray(net.option_arrays["corridor"], np.int64)]]
    else:
        out = ~_entered(net, sets)[:, np.ravel(inv)]
    cand._net_idle = (cand.links_key, scen.profiles, out)
    return out


def _entered(net: Network, sets: np.ndarray) -> np.ndarray:
    """Per size option and row of `sets` (a mask of the nodes where something can enter):
    whether heat can enter its pipe (the rule of `idle_option_periods`, dominators included)."""
    n = sets.shape[1]
    arcs, cor, opt = net.arc_arrays, net.corridor_arrays, net.option_arrays
    tail, head = np.asarray(arcs["tail"], np.int64), np.asarray(arcs["head"], np.int64)
    a_cor = np.asarray(arcs["corridor"], np.int64)
    o_cor = np.asarray(opt["corridor"], np.int64)
    way = np.asarray(opt["way"], np.int64) if "way" in opt else np.full(len(o_cor), -1, np.int64)
    ca, cb = np.asarray(cor["a"], np.int64)[o_cor], np.asarray(cor["b"], np.int64)[o_cor]
    nA = np.bincount(a_cor, minlength=len(cor["a"]))[o_cor]
    only_tail = np.full(len(cor["a"]), -1, np.int64)
    only_tail[a_cor] = tail                               # a one-arc corridor's tail
    only_tail = only_tail[o_cor]
    one_way = (nA > 1) & (way >= 0)
    o_tail = np.where(way == 1, cb, ca)
    back = np.full(len(cor["a"]) * 2, -1, np.int64)       # per corridor and end: the arc into it
    back[a_cor * 2 + (head == np.asarray(cor["b"], np.int64)[a_cor])] = np.arange(len(tail))
    o_back = back[o_cor * 2 + (way == 1)]                 # the arc into the tail of one way: the other way
    out = np.zeros((len(o_cor), len(sets)), bool)
    for k, src in enumerate(sets):
        r = reached_from(n, tail, head, np.flatnonzero(src))
        live = np.where(nA > 1, r[ca] | r[cb], r[np.maximum(only_tail, 0)] & (only_tail >= 0))
        live = np.where(one_way, r[o_tail], live)
        doubt = np.flatnonzero(one_way & r[o_tail] & ~src[o_tail])
        if len(doubt):
            live[doubt] = _not_only_through(n, tail, head, np.flatnonzero(src), o_tail[doubt], o_back[doubt])
        out[:, k] = live
    return out


def needless_options(scen: Scenario, cand: Candidates) -> np.ndarray:
    """Per size option of the networks: True where the model leaves it out, around a linearly
    sized two-way corridor's size carrying either way (way -1 beside its ways 0 and 1, made with
    monthly profiles: `candidates.network`):

    - that size, unless heat can enter the corridor at one end with some set of nodes feeding
      the network and at the other end with another (the rule of `idle_option_periods`, with its
      dominators, per distinct set of feeding nodes): X supplying in summer and buying in
      winter, Y the reverse, X -> Y is entered in summer ({X}), Y -> X in winter ({Y}), and it
      is kept. Left out, the corridor runs one way all year, as its directed sizes say with a
      tighter LP: exact where one of its ends is never entered; a heuristic where the same nodes
      feed it all year (a town's plant on a meshed network, whose corridors heat can enter at
      either end round a loop: kept, a 20-node town took over 60 s at 25-35 % gap, against 7-14 s
      to optimal; so are two plants feeding all year in opposite seasonal shares: one way all
      year, as before);
    - a way's size where the either-way size is kept and idle in the same periods: the same
      lines, the same loss, carrying one way only (exact). Kept, the two tied on every plan run
      one way and HiGHS branched between them: a 9-node town fed by two sources of opposite
      seasons, 70-97 % gap after 40-60 s, against optimal in 9-23 s without them (3 seeds)."""
    net = cand.network
    if net is None or not len(net.option_arrays["corridor"]) or "way" not in net.option_arrays:
        return np.zeros(0 if net is None else len(net.option_arrays["corridor"]), bool)
    way = np.asarray(net.option_arrays["way"], np.int64)
    cor = np.asarray(net.option_arrays["corridor"], np.int64)
    directed = way >= 0
    has = np.zeros(len(net.corridor_arrays["a"]), bool)
    has[cor[directed]] = True
    either = (way < 0) & has[cor]
    if not either.any():     # annual models: none made
        return either
    got = cand._net_needless    # made once per set of links and profiles (every batch's model reads it)
    if got is not None and got[0] is cand.links_key and got[1] is scen.profiles:
        return got[2]
    # whether heat enters each size per set of feeding nodes: read off idle_option_periods (one
    # period of each set; its dominator search is not run twice); with one set no corridor is
    # entered from each end with different sets, so every either-way size is left out
    idle = idle_option_periods(scen, cand)
    sets, first = np.unique(_live_nodes(scen, cand).T, axis=0, return_index=True)
    entered = ~idle[:, first] if len(sets) > 1 else np.zeros((len(way), 1), bool)
    fed = np.zeros((len(has), 2, entered.shape[1]), bool)    # per corridor, way and set of feeding nodes
    np.logical_or.at(fed, (cor[directed], way[directed]), entered[directed])
    # pairs of sets (k, k'), k != k': way 0 entered with k, way 1 with k'
    pairs = fed[:, 0].sum(axis=1) * fed[:, 1].sum(axis=1) - (fed[:, 0] & fed[:, 1]).sum(axis=1)
    out = either & (pairs[cor] <= 0)
    kept = np.full(len(has), -1, np.int64)   # per corridor: a kept either-way size (its classes' idle alike)
    kept[cor[either & ~out]] = np.flatnonzero(either & ~out)
    k = kept[cor]
    out |= directed & (k >= 0) & np.all(idle == idle[np.maximum(k, 0)], axis=1)
    cand._net_needless = (cand.links_key, scen.profiles, out)
    return out


def _not_only_through(n: int, tail: np.ndarray, head: np.ndarray, sources: np.ndarray, node: np.ndarray,
                      arc: np.ndarray) -> np.ndarray:
    """Per pair (node, arc into it): True where some path from `sources` reaches the node by
    another last arc. Each arc split by a node of its own, a node is reached only through arc e
    when e's node is its immediate dominator (Cooper, Harvey and Kennedy's algorithm, networkx)."""
    nA = len(tail)
    g = nx.DiGraph()
    root = n + nA
    g.add_edges_from(zip(tail.tolist(), (n + np.arange(nA)).tolist()))
    g.add_edges_from(zip((n + np.arange(nA)).tolist(), head.tolist()))
    g.add_edges_from((root, int(s)) for s in sources)
    idom = nx.immediate_dominators(g, root)
    return np.array([idom.get(int(v), -1) != n + int(e) for v, e in zip(node, arc)], bool)


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
    if got is not None and got[0] is cand.links_key:
        return got[1]
    nodes = net.node_arrays
    n = len(nodes["node"])
    arcs = net.arc_arrays
    tail, head = arcs["tail"], arcs["head"]
    lk = cand.links
    kind = lk["kind"].to_numpy().astype(str) if "kind" in lk else np.zeros(len(lk), str)
    nn = lk["net_node"].to_numpy(np.int64) if "net_node" in lk else np.full(len(lk), -1)
    # a hub standing on the network puts in what its legs in bring and draws what its legs out
    # take, at its node: a demand served through it was said 'no supply reaches it'
    hn = lk["hub_node"].to_numpy(np.int64) if "hub_node" in lk else np.full(len(lk), -1)
    on = np.asarray(nodes["hub_node"], np.int64)
    inj = np.r_[nn[(kind == "to_net") & (nn >= 0)], np.flatnonzero((on >= 0) & np.isin(on, hn[kind == "to_hub"]))]
    wd = np.r_[nn[(kind == "from_net") & (nn >= 0)], np.flatnonzero((on >= 0) & np.isin(on, hn[kind == "from_hub"]))]
    # the nodes holding a flow of the network's resource (a supply of r, a demand r feeds)
    f = scen.flows
    # (a placed activity's flows at its plot: `candidates.netplots`)
    fres, fsite = f["resource"].to_numpy(), flow_nodes(scen, f["site_id"].to_numpy(object))
    is_sup = f["direction"].to_numpy() == "supply"
    nres, nid = np.asarray(nodes["resource"], object), np.asarray(nodes["node_id"], object)
    sup_at, dem_at = np.zeros(n, bool), np.zeros(n, bool)
    ids = pd.Index(nid)
    for r in sorted(set(nres.tolist())):
        on = nres == r
        can_sup, can_dem = connectable(is_sup, fres, r, scen.catalogue)
        # hashed, not np.isin: on object arrays np.isin sorts by Python comparisons
        # (1.2 s a call on the 40-town region's 100,000 nodes)
        sup_at |= on & ids.isin(fsite[can_sup])
        dem_at |= on & ids.isin(fsite[can_dem])
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
    cand._net_reach = (cand.links_key, out)
    return out
