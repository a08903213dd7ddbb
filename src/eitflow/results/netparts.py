"""The parts of a shared network: the pieces its candidate corridors join (`candidates.network`'s
`component` of a node and of a corridor). Two pieces that no corridor joins are independent
problems (`solve.decompose` solves them apart), so the figures of a subset of a run's exchanges
(`Statistics.totals(links=...)`: resilience's re-solved components) count the corridors of the
pieces those exchanges reach, not the whole network of their resource."""

from __future__ import annotations

import numpy as np
import pandas as pd

from eitflow.candidates.generate import Candidates

__all__ = ["PIECE", "band_parties", "by_piece", "corridors_reached", "link_pieces"]


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
    c = net.corridors
    part_of = dict(zip(zip(c["resource"].astype(str), c["corridor_id"].astype(str)), c["component"].astype(int)))
    mine = [part_of.get((str(r), str(i)), -1) in parts for r, i in zip(corridors["resource"], corridors["corridor_id"])]
    return corridors[np.asarray(mine, bool)]


#: between a network's party id and its piece's number, in the allocation's keys ("network:heat#2")
PIECE = "#"


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
    another town's separate network."""
    net = cand.network
    if net is None or not len(L) and not len(corridors):
        return L, corridors
    from eitflow.candidates.network import network_of

    kind = L["kind"].to_numpy().astype(str) if len(L) else np.zeros(0, str)
    on = L["network_party"].to_numpy().astype(str) if "network_party" in L else np.full(len(L), "")
    party = np.where(kind == "to_net", L["sink_site"].to_numpy().astype(str),
                     np.where(kind == "from_net", L["source_site"].to_numpy().astype(str), on)) if len(L) else on
    lp = link_pieces(cand, L["link"].to_numpy(np.int64)) if len(L) else np.zeros(0, np.int64)
    c = net.corridors
    part_of = dict(zip(zip(c["resource"].astype(str), c["corridor_id"].astype(str)), c["component"].astype(int)))
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
                 corridors: pd.DataFrame) -> tuple[np.ndarray, dict]:
    """For `results.prices.network_bands`: per chosen link (candidate position `link`, its
    `kind`, the `links` rows with source_site and sink_site, `on_hub`: the network party of a
    leg of a hub on the network), the party of the network at its end, by piece (`by_piece`),
    "" for other links and for every connection of a network with a hub on it (its result goes
    to all it serves, `results.network`); and each party's annual cost (EUR/yr)."""
    from eitflow.candidates.network import party_id
    from eitflow.results.network import network_costs

    kl, kc = by_piece(cand, pd.DataFrame({"link": link, "kind": kind, "network_party": on_hub, **{
        c: links[c].to_numpy() for c in ("source_site", "sink_site")}}), corridors)
    party = np.where(kind == "to_net", kl["sink_site"].to_numpy().astype(str),
                     np.where(kind == "from_net", kl["source_site"].to_numpy().astype(str), ""))
    hubbed = kl["network_party"].to_numpy().astype(str)
    nc = network_costs(kc)
    return (np.where(np.isin(party, hubbed[hubbed != ""]), "", party),
            dict(zip((party_id(r) for r in nc["resource"]), nc["cost_eur_per_yr"].to_numpy(float))))
