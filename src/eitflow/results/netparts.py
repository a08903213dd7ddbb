"""The parts of a shared network: the pieces its candidate corridors join (`candidates.network`'s
`component` of a node and of a corridor). Two pieces that no corridor joins are independent
problems (`solve.decompose` solves them apart), so the figures of a subset of a run's exchanges
(`Statistics.totals(links=...)`: resilience's re-solved components) count the corridors of the
pieces those exchanges reach, not the whole network of their resource."""

from __future__ import annotations

import numpy as np
import pandas as pd

from eitflow.candidates.generate import Candidates

__all__ = ["corridors_reached"]


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
