"""The fixed work of a run on a plain network, counted (no timing here: speed lives in
`eitflow bench run fcnet`): the network's tables are built once each, links are ordered as
pandas' stable sort orders them, and the bridges of a corridor graph are networkx's."""

from __future__ import annotations

import dataclasses

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import eitflow
from eitflow.bench.fcnetlib import FcNet, fcnet_scenario
from eitflow.candidates.bridges import bridges
from eitflow.candidates.generate import build_candidates
from eitflow.candidates.linkorder import LINK_FIELDS
from eitflow.candidates.linkorder import sorted_links as _sorted_links
from eitflow.candidates.nettables import Network
from eitflow.candidates.network import build_network
from eitflow.solve.driver import solve

#: a test carrier (as tests/test_network.py's): MWh/yr, no quality rule, two pipe sizes
FLUID_TWO = {"fluid": {
    "description": "test carrier", "base_unit": "MWh/yr", "quality": "none", "max_distance_km": 0.001,
    "co2_factor_t_per_unit": 0.0, "transport": {"mode": "pipe", "detour_factor": 1.0},
    "network": {"capacity_unit": "MW", "load_factor": 1.0, "route_factor": 1.0, "max_length_km": 50.0,
                "var_cost_eur_per_unit_km": 0.5,
                "sizes": [{"name": "S", "capacity": 1.0, "investment_eur_per_m": 200.0, "loss_w_per_m": 20.0},
                          {"name": "L", "capacity": 3.0, "investment_eur_per_m": 420.0, "loss_w_per_m": 30.0}]},
}}


def _small() -> FcNet:
    """n1 supplies 10; n2 needs 4, n3 needs 6; n4 is a junction; five arcs."""
    t, h = np.array([0, 0, 3, 1, 2]), np.array([1, 3, 2, 2, 1])
    return FcNet("small", ["n1", "n2", "n3", "n4"], np.array([-10.0, 4.0, 6.0, 0.0]), t, h, ["a1"] * 5,
                 np.array([10.0, 3.0, 3.0, 1.0, 1.0]), np.ones(5), np.full(5, 10.0), 10.0)


def test_build_network_makes_one_frame_and_the_tables_on_first_use(monkeypatch):
    # the connections (legs) are a frame; the nodes, corridors and options are arrays whose
    # frames are made when asked for (seven frames for this one resource two versions ago,
    # four before: about 1 ms a run on FCNetLib, where HiGHS takes 3-4 ms in all)
    scen = fcnet_scenario(_small())
    made = []
    init = pd.DataFrame.__init__

    def counting(self, *a, **k):
        made.append(1)
        init(self, *a, **k)

    monkeypatch.setattr(pd.DataFrame, "__init__", counting)
    net, legs = build_network(scen)
    assert len(made) == 1
    # a solve reads the arrays: no frame of the network is made
    cand = build_candidates(scen)
    solve(scen, cand)
    assert not {"nodes", "corridors", "options", "arcs"} & set(vars(cand.network))
    monkeypatch.undo()
    # asked for, each frame is made once and holds its arrays, columns in their order
    for name in ("nodes", "corridors", "options", "arcs"):
        cols = getattr(net, name[:-1] + "_arrays" if name != "arcs" else "arc_arrays")
        df = getattr(net, name)
        assert getattr(net, name) is df and list(df.columns) == list(cols)
        for k, v in cols.items():
            assert df[k].tolist() == v.tolist()
    # and the tables hold what the instance says: 4 nodes, 5 corridors with one option each,
    # a connection per flow (n1 in; n2, n3 out)
    assert (len(net.nodes), len(net.corridors), len(net.options)) == (4, 5, 5)
    assert net.nodes["node_id"].tolist() == ["N1", "N2", "N3", "N4"]
    assert net.corridors["a"].tolist() == [0, 0, 3, 1, 2] and net.corridors["b"].tolist() == [1, 3, 2, 2, 1]
    assert net.options["fixed_eur_per_yr"].tolist() == [10.0, 3.0, 3.0, 1.0, 1.0]
    assert sorted(legs["kind"]) == ["from_net", "from_net", "to_net"]
    assert net.options["corridor"].tolist() == list(range(5))
    assert net.arcs["tail"].tolist() == [0, 0, 3, 1, 2] and net.arcs["corridor"].tolist() == list(range(5))


def test_empty_network_tables_keep_their_frames():
    # a network declared with no node: frames without rows, the position columns int64, the
    # others of object dtype, as pd.DataFrame(columns=...) plus the positions always gave
    cols = {"corridor": np.arange(0), "corridor_id": np.zeros(0, object), "a": np.zeros(0, object)}
    df = Network(cols, cols, cols).corridors
    assert len(df) == 0 and list(df.columns) == ["corridor", "corridor_id", "a"]
    assert [str(t) for t in df.dtypes] == ["int64", "object", "object"]


def _two_networks():
    """Two network resources on four sites, each site with flows of both (supplies at S0 and
    S3, demands elsewhere), one corridor graph each, and a direct link S0 -> S2 of fluid."""
    two = {**FLUID_TWO, "fluid2": FLUID_TWO["fluid"]}
    sites = {"site_id": ["S0", "S1", "S2", "S3"], "lat": [45.0, 45.01, 45.02, 45.03], "lon": [4.0] * 4}
    sid, dirs, res = [], [], []
    for k, s in enumerate(sites["site_id"]):
        for r in ("fluid2", "fluid"):
            sid.append(s)
            dirs.append("supply" if k in (0, 3) else "demand")
            res.append(r)
    flows = pd.DataFrame({"site_id": sid, "direction": dirs, "resource": res, "amount": 1000.0, "unit": "MWh/yr",
                          "price_eur_per_unit": [5.0 if d == "supply" else 60.0 for d in dirs]})
    corridors = pd.DataFrame({"resource": ["fluid", "fluid", "fluid2", "fluid2", "fluid2"],
                              "from": ["S0", "S1", "S3", "S2", "S1"], "to": ["S1", "S2", "S2", "S1", "S0"],
                              "length_km": 1.0})
    links = pd.DataFrame({"source_site": ["S0"], "sink_site": ["S2"], "supply_resource": ["fluid"],
                          "demand_resource": ["fluid"], "var_cost_eur_per_unit": [1.0], "fixed_cost_eur_per_yr": [1e3]})
    return eitflow.scenario_from_frames(pd.DataFrame(sites), flows, links=links, resources=two, corridors=corridors,
                                        discount_rate=0.0, lifetime_years=1.0, carbon_price_eur_per_t=0.0)


def test_links_equal_the_old_way_with_the_connections_in_any_order():
    # the old way: the connections generated to_net first, concatenated with the other links,
    # reindexed to LINK_FIELDS, sorted by pandas' stable sort, net_node NaN -> -1; now made
    # from_net first in LINK_FIELDS' column order, and as they are when they are all the links
    for direct in (True, False):
        scen = _two_networks()
        if not direct:
            scen = dataclasses.replace(scen, links=None)
        cand = build_candidates(scen)
        _, legs = build_network(scen)
        # per network (fluid, then fluid2) its to_net connections, then its from_net ones
        old_order = legs.sort_values(["supply_resource", "kind"], ascending=[True, False], kind="stable")
        parts = ([cand.links[cand.links["kind"] == "direct"]] if direct else []) + [old_order]
        want = pd.concat(parts, ignore_index=True).reindex(columns=LINK_FIELDS)
        want = want.sort_values(["kind", "hub_node", "supply", "demand"], kind="stable").reset_index(drop=True)
        want["net_node"] = want["net_node"].fillna(-1).astype(np.int64)
        # by hand: fluid's corridors join S0-S1-S2 (S0 in; S1, S2 out; S3 has no node), fluid2's
        # all four sites (S0, S3 in; S1, S2 out): seven connections
        assert (want["kind"] == "direct").sum() == int(direct) and len(want) == 7 + int(direct)
        assert want["supply_resource"].tolist() != sorted(want["supply_resource"])   # both networks interleave
        pd.testing.assert_frame_equal(cand.links, want)


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
