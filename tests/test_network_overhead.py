"""The fixed work of a run on a plain network, counted (no timing here: speed lives in
`eitflow bench run fcnet`): the network's tables are built once each, links are ordered as
pandas' stable sort orders them, and the bridges of a corridor graph are networkx's."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from eitflow.bench.fcnetlib import FcNet, fcnet_scenario
from eitflow.candidates.bridges import bridges
from eitflow.candidates.generate import _sorted_links, build_candidates
from eitflow.candidates.network import build_network


def _small() -> FcNet:
    """n1 supplies 10; n2 needs 4, n3 needs 6; n4 is a junction; five arcs."""
    t, h = np.array([0, 0, 3, 1, 2]), np.array([1, 3, 2, 2, 1])
    return FcNet("small", ["n1", "n2", "n3", "n4"], np.array([-10.0, 4.0, 6.0, 0.0]), t, h, ["a1"] * 5,
                 np.array([10.0, 3.0, 3.0, 1.0, 1.0]), np.ones(5), np.full(5, 10.0), 10.0)


def test_build_network_builds_each_table_once(monkeypatch):
    # nodes, corridors, options and the connections (legs): four frames, not one per part
    # and a concat (seven before, for this one resource: a few ms a run on FCNetLib)
    scen = fcnet_scenario(_small())
    made = []
    init = pd.DataFrame.__init__

    def counting(self, *a, **k):
        made.append(1)
        init(self, *a, **k)

    monkeypatch.setattr(pd.DataFrame, "__init__", counting)
    net, legs = build_network(scen)
    monkeypatch.undo()
    assert len(made) <= 4
    # and the tables hold what the instance says: 4 nodes, 5 corridors with one option each,
    # a connection per flow (n1 in; n2, n3 out)
    assert (len(net.nodes), len(net.corridors), len(net.options)) == (4, 5, 5)
    assert sorted(legs["kind"]) == ["from_net", "from_net", "to_net"]
    assert net.options["corridor"].tolist() == list(range(5))


def _nx_bridges(n, a, b):
    """Bridges by networkx: an edge repeated (parallel) or a loop is never one."""
    key = np.minimum(a, b) * n + np.maximum(a, b)
    uk, cnt = np.unique(key, return_counts=True)
    single = set(uk[cnt == 1].tolist())
    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_edges_from(zip(a.tolist(), b.tolist()))
    br = {(min(u, v), max(u, v)) for u, v in nx.bridges(g) if min(u, v) * n + max(u, v) in single}
    return [(min(u, v), max(u, v)) in br for u, v in zip(a.tolist(), b.tolist())]


@pytest.mark.parametrize("seed", range(4))
def test_bridges_equal_networkx_on_random_multigraphs(seed):
    rng = np.random.default_rng(seed)
    for _ in range(150):
        n = int(rng.integers(1, 25))
        if rng.random() < 0.5:   # a random forest plus a few extra edges (loops and parallels too)
            a = np.arange(1, n)
            b = rng.integers(0, np.maximum(a, 1))
            k = int(rng.integers(0, 4))
            a, b = np.r_[a, rng.integers(0, n, k)], np.r_[b, rng.integers(0, n, k)]
        else:
            m = int(rng.integers(0, 30))
            a, b = rng.integers(0, n, m), rng.integers(0, n, m)
        assert bridges(n, a, b).tolist() == _nx_bridges(n, a, b)


def test_bridges_by_hand():
    # a triangle 0-1-2 with a tail 2-3-4 (3-4 twice: parallel), a loop at 4, 5-6 apart
    a = np.array([0, 1, 2, 2, 3, 4, 4, 5])
    b = np.array([1, 2, 0, 3, 4, 3, 4, 6])
    assert bridges(7, a, b).tolist() == [False, False, False, True, False, False, False, True]


def test_links_are_ordered_as_pandas_stable_sort_orders_them():
    rng = np.random.default_rng(3)
    for nan in (False, True):
        n = 60
        df = pd.DataFrame({"supply": rng.integers(-1, 5, n), "demand": rng.integers(-1, 5, n),
                           "kind": rng.choice(["direct", "to_hub", "from_hub", "to_net", "from_net"], n),
                           "hub_node": rng.integers(-1, 3, n).astype(float), "tag": np.arange(n)})
        if nan:
            df.loc[[3, 7], "hub_node"] = np.nan
        want = df.sort_values(["kind", "hub_node", "supply", "demand"], kind="stable").reset_index(drop=True)
        pd.testing.assert_frame_equal(_sorted_links(df), want)
    ordered = want.copy()
    pd.testing.assert_frame_equal(_sorted_links(ordered), want)


def test_a_network_only_scenario_drops_no_pair_and_keeps_typed_tables():
    # no pair in range (FCNetLib: every flow on the network only): no rules run, yet the
    # dropped pairs' table has its columns and types
    cand = build_candidates(fcnet_scenario(_small()))
    assert len(cand.dropped) == 0
    assert cand.dropped["supply"].dtype == np.int64 and "reason" in cand.dropped
    assert (cand.links["kind"] == "to_net").sum() == 1 and (cand.links["kind"] == "from_net").sum() == 2
