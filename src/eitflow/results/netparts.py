"""The parts of a shared network: the pieces its candidate corridors join (`candidates.network`'s
`component` of a node and of a corridor). Two pieces that no corridor joins are independent
problems (`solve.decompose` solves them apart), so the figures of a subset of a run's exchanges
(`Statistics.totals(links=...)`: resilience's re-solved components) count the corridors of the
pieces those exchanges reach, not the whole network of their resource."""

from __future__ import annotations

import numpy as np
import pandas as pd

from eitflow.candidates.generate import Candidates
from eitflow.candidates.network import PIECE
from eitflow.results.hubsplit import HubSplit, hub_split
from eitflow.scenario import Scenario
from eitflow.solve.status import Solution

__all__ = ["PIECE", "band_parties", "by_piece", "corridors_reached", "hub_leg_parties", "hub_parties",
           "hub_passing", "hubs_off_networks", "hubs_on_network", "link_pieces"]


def corridors_reached(cand: Candidates, corridors: pd.DataFrame, keep: np.ndarray) -> pd.DataFrame:
    """The rows of `corridors` (`results.network.corridors_built`) in the network pieces that the
    candidate links `keep` (boolean mask over `cand.links`) reach: at a network node (a
    connection) or through a hub that sits on the network (its legs)."""
    net = cand.network
    if net is None or not len(corridors):
        return corridors
    lk = cand.links
    comp = np.asarray(net.node_arrays["component"], np.int64)
    keep = np.asarray(keep, bool)
    nn_ = lk["net_node"].to_numpy(np.int64)[keep] if "net_node" in lk else np.zeros(0, np.int64)
    parts = set(comp[nn_[nn_ >= 0]].tolist())
    if "hub" in lk:   # a hub on the network shares its node: its legs reach the network's piece
        hubs = np.unique(lk["hub"].to_numpy(np.int64)[keep])
        on = np.isin(np.asarray(net.node_arrays["hub"], np.int64), hubs[hubs >= 0])
        parts |= set(comp[on].tolist())
    part_of = _part_of(net, corridors)
    mine = [part_of.get((str(r), str(i)), -1) in parts for r, i in zip(corridors["resource"], corridors["corridor_id"])]
    return corridors[np.asarray(mine, bool)]




def link_pieces(cand: Candidates, link: np.ndarray) -> np.ndarray:
    """Per candidate link position of `link`: the network piece its network end lies in (a
    connection's node, or the node a hub on the network shares), -1 for none."""
    net = cand.network
    out = np.full(len(link), -1, np.int64)
    if net is None or not len(link):
        return out
    lk = cand.links
    comp = np.asarray(net.node_arrays["component"], np.int64)
    if "net_node" in lk:   # indexed only where there is a node (a network may have none)
        nn_ = lk["net_node"].to_numpy(np.int64)[link]
        out[nn_ >= 0] = comp[nn_[nn_ >= 0]]
    if "hub_node" in lk:
        on = np.asarray(net.node_arrays["hub_node"], np.int64)
        piece_of_hub = dict(zip(on[on >= 0].tolist(), comp[on >= 0].tolist()))
        hn = lk["hub_node"].to_numpy(np.int64)[link]
        out = np.where(out >= 0, out, np.array([piece_of_hub.get(int(h), -1) for h in hn], np.int64))
    return out


def by_piece(cand: Candidates, L: pd.DataFrame, corridors: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """`L` (`Statistics`' links, with `link`) and `corridors` (`corridors_built`) as the allocation
    rule reads them: a network whose corridors and connections lie in several pieces that no
    corridor joins is one party per piece, each run at cost among its own suppliers and users
    (its party id + "#k", its corridors' resource "heat#k"); a network in one piece keeps its id.
    Before, the pieces of a resource's network were one party: a town's users bore the cost of
    another town's separate network. A hub standing on a network is part of its party (its node
    is the network's): the hub's end of its legs of that network's resource is the network's
    party (`network_party`), so a leg into it is an injection and a leg out of it a withdrawal."""
    L, corridors = _pieces(cand, L, corridors)
    if not len(L) or "network_party" not in L:
        return L, corridors
    on = L["network_party"].to_numpy().astype(str) != ""
    kind = L["kind"].to_numpy().astype(str)
    ends = {}
    for end, k in (("source", "from_hub"), ("sink", "to_hub")):
        m = on & (kind == k)
        if m.any():
            ends[f"{end}_site"] = np.where(m, L["network_party"].to_numpy(object), L[f"{end}_site"].to_numpy(object))
            if f"{end}_kind" in L:
                ends[f"{end}_kind"] = np.where(m, "network", L[f"{end}_kind"].to_numpy(object))
    return (L.assign(**ends) if ends else L), corridors


def _pieces(cand: Candidates, L: pd.DataFrame, corridors: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """`by_piece`'s naming of the pieces."""
    net = cand.network
    if net is None or not len(L) and not len(corridors):
        return L, corridors
    from eitflow.candidates.network import network_of

    kind = L["kind"].to_numpy().astype(str) if len(L) else np.zeros(0, str)
    on = L["network_party"].to_numpy().astype(str) if "network_party" in L else np.full(len(L), "")
    party = np.where(kind == "to_net", L["sink_site"].to_numpy().astype(str),
                     np.where(kind == "from_net", L["source_site"].to_numpy().astype(str), on)) if len(L) else on
    lp = link_pieces(cand, L["link"].to_numpy(np.int64)) if len(L) else np.zeros(0, np.int64)
    part_of = _part_of(net, corridors)
    cres = corridors["resource"].astype(str).to_numpy() if len(corridors) else np.zeros(0, str)
    cp = np.array([part_of.get((r, str(i)), -1) for r, i in zip(cres, corridors.get("corridor_id", []))], np.int64)
    lres = np.array([network_of(p) or "" for p in party], dtype=object)
    number: dict[tuple[str, int], int] = {}
    for r in sorted(set(cres) | set(lres[party != ""])):
        pieces = sorted(set(cp[cres == r].tolist()) | set(lp[(lres == r) & (party != "")].tolist()) - {-1})
        if len(pieces) > 1:
            number.update({(r, p): k + 1 for k, p in enumerate(pieces)})
    if not number:
        return L, corridors
    key = lambda r, p: f"{r}{PIECE}{number[(r, p)]}" if (r, p) in number else r  # noqa: E731
    if len(L):
        new = np.array([f"{p}{PIECE}{number[(r, q)]}" if p and (r, q) in number else p
                        for p, r, q in zip(party, lres, lp)], dtype=object)
        L = L.assign(sink_site=np.where(kind == "to_net", new, L["sink_site"].to_numpy(object)),
                     source_site=np.where(kind == "from_net", new, L["source_site"].to_numpy(object)),
                     network_party=np.where(on != "", new, on) if "network_party" in L else on)
    if len(corridors):
        corridors = corridors.assign(resource=[key(r, p) for r, p in zip(cres, cp)])
    return L, corridors


def band_parties(cand: Candidates, link: np.ndarray, kind: np.ndarray, links: pd.DataFrame, on_hub: np.ndarray,
                 corridors: pd.DataFrame, hubs: pd.DataFrame | None = None,
                 split: HubSplit | None = None) -> tuple[np.ndarray, dict]:
    """For `results.prices.network_bands`: per chosen link (candidate position `link`, its
    `kind`, the `links` rows with source_site and sink_site, and hub_id, supply_resource and
    amount where `hubs` is given; `on_hub`: the network party of a leg of a hub on the network),
    the party of the network at its end, by piece (`by_piece`: a leg of a hub standing on the
    network is the network's connection), "" for other links; and each party's annual cost
    (EUR/yr): its corridors' and pumping, and its part of the built `hubs` (`hubsplit.built_hubs`)
    standing on it (`hub_parties`, by `split`: `hubsplit.hub_split`, computed here if None; a CO2
    hub's part needs `links`' hub_passed and hub_passed_out)."""
    from eitflow.candidates.network import PARTY_PREFIX, party_id
    from eitflow.results.network import network_costs

    kl, kc = by_piece(cand, pd.DataFrame({"link": link, "kind": kind, "network_party": on_hub, **{
        c: links[c].to_numpy() for c in ("source_site", "sink_site", "hub_id", "supply_resource", "amount", "hub_passed",
                                         "hub_passed_out") if c in links}}), corridors)
    party = np.where(np.isin(kind, ["to_net", "to_hub"]), kl["sink_site"].to_numpy().astype(str),
                     np.where(np.isin(kind, ["from_net", "from_hub"]), kl["source_site"].to_numpy().astype(str), ""))
    party = np.where(np.char.startswith(party.astype(str), PARTY_PREFIX), party, "")   # not a hub off a network
    nc = network_costs(kc)
    cost = dict(zip((party_id(r) for r in nc["resource"]), nc["cost_eur_per_yr"].to_numpy(float)))
    if hubs is not None and len(hubs):
        for p, c in hub_parties(kl, hubs, split).groupby("party")["cost_eur_per_yr"].sum().items():
            cost[p] = cost.get(p, 0.0) + float(c)
    return party, cost


def hub_parties(L: pd.DataFrame, hubs: pd.DataFrame, split: HubSplit | None = None) -> pd.DataFrame:
    """The parts of the built `hubs` (`hubsplit.built_hubs`) that stand on a shared network: per hub
    and resource of its legs on a network (`L`: links as `by_piece` gives them, with hub_id,
    supply_resource, amount and network_party), the network's party and the hub's part of its
    cost and investment for that resource (`hubsplit.hub_cost_by_resource`: a hub's cost split
    over the resources it carries). Those parts are the network's party's, borne by all it
    serves; the rest of a hub's cost stays its own (`hubs_off_networks`). Of a hub on a network
    that also hands out by its own legs, only the part of what it puts into the pipes, by the
    amounts (`results.hubsplit.network_fractions`; `split`: `hubsplit.hub_split`, computed here
    if None), its legs' part borne by its legs out (`results.hubsplit.truck_rows`). Columns:
    party, hub_id, resource, cost_eur_per_yr (EUR/yr), investment_eur (EUR)."""

    cols = ["party", "hub_id", "resource", "cost_eur_per_yr", "investment_eur"]
    if hubs is None or not len(hubs) or not len(L) or "network_party" not in L:
        return pd.DataFrame(columns=cols)
    on = L[L["network_party"].astype(str).ne("") & L["kind"].isin(["to_hub", "from_hub"])]
    where = {(str(h), str(r)): str(p) for h, r, p in on[["hub_id", "supply_resource", "network_party"]].itertuples(index=False)}
    if not where:
        return pd.DataFrame(columns=cols)
    split = hub_split(L, hubs) if split is None else split
    rows = split.rows
    key = list(zip(rows["hub_id"].astype(str), rows["resource"].astype(str)))
    phi = np.array([split.phi.get(k, 1.0) for k in key], float)   # the part of its cost for what it pipes
    rows = rows.assign(party=[where.get(k, "") for k in key], cost_eur_per_yr=rows["cost_eur_per_yr"].to_numpy(float) * phi,
                       investment_eur=rows["investment_eur"].to_numpy(float) * phi)
    return rows[rows["party"] != ""][cols].reset_index(drop=True)


def hub_passing(cand: Candidates, sol: Solution, flow: np.ndarray) -> pd.DataFrame:
    """Per candidate hub (its position) and resource of its legs: `x`, what passes through it
    (base units/yr): in each period the larger of what its legs bring in and what they take
    out, summed over the periods. Off a network the two are equal (what enters leaves); a hub
    standing on one (`model.network`) draws from it or feeds it besides, so what its legs take
    out entered it from the network (the model's `hub_capacity_out`): a station on a pipeline
    handing 50 t/yr to a depot passes 50 t/yr with no leg in. Before, only the legs in were
    counted: such a hub read 0 t/yr, or had no row in hubs.csv at all without a candidate leg
    in, and resilience took it for idle (never stranded). `flow`: per link (supply base
    units/yr), the solution's; its periods are `sol.period_flow` where they match it."""
    lk = cand.links
    cols = ["hub", "resource", "x"]
    if not len(lk) or "hub" not in lk or "kind" not in lk:
        return pd.DataFrame(columns=cols)
    pf = sol.period_flow
    per = (np.asarray(pf, float) if pf is not None and np.ndim(pf) == 2 and np.shape(pf)[0] == len(lk)
           and np.allclose(np.asarray(pf, float).sum(axis=1), flow, rtol=1e-6, atol=1e-6)
           else np.asarray(flow, float)[:, None])
    kind, hub = lk["kind"].to_numpy(), lk["hub"].to_numpy(np.int64)
    legs = np.flatnonzero((hub >= 0) & np.isin(kind, ["to_hub", "from_hub"]))
    if not len(legs):
        return pd.DataFrame(columns=cols)
    keys = pd.MultiIndex.from_arrays([hub[legs], lk["supply_resource"].to_numpy()[legs].astype(str)])
    codes, uniq = pd.factorize(keys, sort=True)
    into, out = np.zeros((len(uniq), per.shape[1])), np.zeros((len(uniq), per.shape[1]))
    way_in = kind[legs] == "to_hub"
    np.add.at(into, codes[way_in], per[legs[way_in]])
    np.add.at(out, codes[~way_in], per[legs[~way_in]])
    return pd.DataFrame({"hub": uniq.get_level_values(0).to_numpy(np.int64),
                         "resource": uniq.get_level_values(1).to_numpy(),
                         "x": np.maximum(into, out).sum(axis=1)}, columns=cols)


def hubs_off_networks(hubs: pd.DataFrame, parts: pd.DataFrame, keep_empty: bool = True) -> pd.DataFrame:
    """`hubs` (`Statistics.hubs`: hub_id, annual_cost_eur_per_yr, investment_eur...) less their
    parts standing on a shared network (`hub_parties`), which the network's party bears: what
    each hub keeps as its own (zones keep its count in its zone; `keep_empty` False drops a hub
    wholly on networks, as companies.csv does: its legs there are the network's too)."""
    if not len(hubs) or not len(parts):
        return hubs
    g = parts.groupby("hub_id")[["cost_eur_per_yr", "investment_eur"]].sum()
    ids = hubs["hub_id"].astype(str)
    cost = hubs["annual_cost_eur_per_yr"].to_numpy(float) - g["cost_eur_per_yr"].reindex(ids).fillna(0.0).to_numpy(float)
    inv = hubs["investment_eur"].to_numpy(float) - g["investment_eur"].reindex(ids).fillna(0.0).to_numpy(float)
    out = hubs.assign(annual_cost_eur_per_yr=cost, investment_eur=inv)
    wholly = ids.isin(set(g.index)).to_numpy() & (np.abs(cost) <= 1e-9) & (np.abs(inv) <= 1e-9)
    return out if keep_empty else out[~wholly]


def hub_leg_parties(cand: Candidates, hub_node: np.ndarray, resource: np.ndarray) -> np.ndarray:
    """Per link (its `hub_node`, -1 for none, and supply resource): the party id of the network
    its hub sits on (the hub node shares a network node, `model.network.merged_hub_nodes`), else ""."""
    from eitflow.candidates.network import party_id
    from eitflow.model.network import merged_hub_nodes

    on = np.isin(hub_node, merged_hub_nodes(cand)) & (np.asarray(hub_node) >= 0)
    return np.array([party_id(str(r)) if o else "" for o, r in zip(on, resource)], dtype=object)


def hubs_on_network(scen: Scenario, cand: Candidates) -> dict[str, list[str]]:
    """Per network resource, the ids of the hubs standing on that network (their node of that
    resource shares a network node, `model.network.merged_hub_nodes`, as `hub_leg_parties`
    reads it): what their legs of the resource carry enters or leaves the network. summary.json's
    ``networks.by_resource.<r>.hubs_on_network``, by which the report's Sankey counts those legs
    in the network's node (`results.netbalance.exchange_legs`)."""
    from eitflow.candidates.hubs import hub_nodes
    from eitflow.model.network import merged_hub_nodes

    hn = hub_nodes(scen)
    on = hn[hn["node"].isin(merged_hub_nodes(cand))] if len(hn) and cand.network is not None else hn.iloc[:0]
    return {str(r): sorted(map(str, g["hub_id"])) for r, g in on.groupby("resource", sort=True)}


def _part_of(net, corridors: pd.DataFrame) -> dict[tuple[str, str], int]:
    """(resource, corridor_id) -> component of the network's corridors named in `corridors`
    (only those: a dict of all 52,339 candidate corridors of the 40-town region took 0.4 s)."""
    c = net.corridors
    c = c[c["corridor_id"].astype(str).isin(corridors["corridor_id"].astype(str))] if len(corridors) else c.iloc[:0]
    return dict(zip(zip(c["resource"].astype(str), c["corridor_id"].astype(str)), c["component"].astype(int)))
