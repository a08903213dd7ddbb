"""Shared networks' inputs as an analyst gets them wrong: corridors.csv, junctions.csv, the
`networks:` block and the corridors eitflow generates. Every bad input is an error naming
file, row and column (or a warning where it may be meant), never a silently wrong answer."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import eitflow
from eitflow.candidates.network import build_network, generate_pairs
from eitflow.errors import ScenarioError

KM = 1 / 111.195   # degrees of latitude per km (haversine's Earth)


# ------------------------------------------------------------------ generated corridors
def test_points_at_one_place_are_joined_not_left_out():
    """Two firms geocoded to one address: qhull drops the second from the triangulation (it
    had no corridor, so no network), and k nearest neighbours over a cluster of such points
    are each other only. Now the place is one point and its twins join the first of them."""
    # a triangle 0, 1, 2 and point 3 at point 0's place: the triangle's three edges and 0-3
    lat = 45.0 + np.array([0.0, 0.0, 1.0, 0.0]) * KM
    lon = 4.0 + np.array([0.0, 1.0, 0.5, 0.0]) * KM * 1.414
    assert generate_pairs(lat, lon, "delaunay", 4).tolist() == [[0, 1], [0, 2], [0, 3], [1, 2]]
    # three points at one place (0, 1, 2), others at 1 and 3 km on a meridian, k = 1: the
    # places 0 km - 1 km - 3 km in a chain (0-3, 3-4), the twins 1 and 2 joined to 0
    lat = 45.0 + np.array([0.0, 0.0, 0.0, 1.0, 3.0]) * KM
    lon = np.full(5, 4.0)
    assert generate_pairs(lat, lon, "knn", 1).tolist() == [[0, 1], [0, 2], [0, 3], [3, 4]]
    # every point at one place: joined to the first; fewer than two points: nothing
    assert generate_pairs(np.full(3, 45.0), np.full(3, 4.0), "delaunay", 4).tolist() == [[0, 1], [0, 2]]
    assert generate_pairs(np.array([45.0]), np.array([4.0]), "knn", 4).shape == (0, 2)


def _two_towns(required: str = "", **net):
    """A heat supply S and a demand D 2 km north; D's radius (0.1 km) rules out a direct
    pipe, so only a network could serve it."""
    sites = pd.DataFrame({"site_id": ["S", "D"], "lat": [45.0, 45.0 + 2 * KM], "lon": [4.0, 4.0]})
    flows = pd.DataFrame({"site_id": ["S", "D"], "direction": ["supply", "demand"], "resource": "heat",
                          "amount": [50000.0, 5000.0], "unit": "MWh/yr", "temperature_c": [110.0, 60.0],
                          "price_eur_per_unit": [0.0, 60.0], "max_distance_km": [10.0, 0.1],
                          "required": ["", required]})
    return eitflow.scenario_from_frames(sites, flows, networks={"heat": {"temperature_c": 90.0, **net}})


def test_no_heat_from_a_network_without_corridors():
    """max_length_km 0.5 prunes the only generated corridor (2 km x route factor): the
    network has no corridor, so nothing can reach D through it. The old code connected D to
    the network's party all the same, with no balance row: 5,000 MWh/yr delivered from
    nowhere (S's heat unused) for 300,000 EUR/yr less costs. Now nothing is exchanged."""
    scen = _two_towns(generate="knn", max_length_km=0.5)
    net, legs = build_network(scen)
    assert len(net.corridors) == 0 and len(legs) == 0
    res = eitflow.optimise(scen)
    assert res.objective == pytest.approx(0.0, abs=1e-6)
    row = res.unmatched.set_index("site_id").loc["D"]
    assert row["reason"] == "network_unreachable"
    assert "does not reach D" in row["detail"] and "longer than 0.5 km" in row["detail"]
    assert "corridors.csv" not in row["detail"]           # the scenario has none


def test_a_required_demand_no_corridor_reaches_is_infeasible_with_the_network_s_reason():
    res = eitflow.optimise(_two_towns(required="yes", generate="delaunay", max_length_km=0.5))
    assert res.status == "infeasible"
    d = res.solution.diagnosis.set_index("site_id").loc["D"]
    assert d["reason"] == "no_candidate" and d["shortfall"] == pytest.approx(5000.0)
    assert "the heat network does not reach D" in d["detail"] and "networks.heat.max_length_km" in d["detail"]


def test_a_demand_too_hot_for_a_generated_network_is_told_so():
    """With generated corridors a demand the network cannot serve at its temperature is no
    node at all: the reason is the temperature, not the corridors."""
    scen = _two_towns(generate="knn")
    scen.flows.loc[scen.flows["site_id"] == "D", "temperature_c"] = 85.0
    scen.flows.loc[scen.flows["site_id"] == "D", "max_distance_km"] = 0.1
    res = eitflow.optimise(scen)
    row = res.unmatched.set_index("site_id").loc["D"]
    assert row["reason"] == "quality" and "needs 95 degC" in row["detail"]


def test_generated_corridor_ids_never_repeat_a_given_one():
    sites = pd.DataFrame({"site_id": ["S", "A", "B"], "lat": [45.0, 45.0 + KM, 45.0], "lon": [4.0, 4.0, 4.013]})
    flows = pd.DataFrame({"site_id": ["S", "A", "B"], "direction": ["supply", "demand", "demand"],
                          "resource": "heat", "amount": [9000.0, 1000.0, 1000.0], "unit": "MWh/yr",
                          "temperature_c": [110.0, 60.0, 60.0], "price_eur_per_unit": [0.0, 60.0, 60.0]})
    corridors = pd.DataFrame({"corridor_id": ["heat_g1"], "resource": ["heat"], "from": ["S"], "to": ["A"]})
    scen = eitflow.scenario_from_frames(sites, flows, corridors=corridors,
                                        networks={"heat": {"temperature_c": 90.0, "generate": "delaunay"}})
    net, _ = build_network(scen)
    ids = net.corridors["corridor_id"].tolist()
    assert ids == ["heat_g1", "heat_g2", "heat_g3"]   # S-A given; A-B and S-B generated


def test_a_hub_at_a_node_without_corridors_keeps_its_own_balance():
    """A heat hub H next to D is a node of the generated network (hubs of its resource are),
    but max_length_km 0.5 leaves it no corridor. Its balance was merged into that node's,
    which no row holds when no corridor exists: H delivered 5,000 MWh/yr to D with nothing
    entering. Now what leaves H is what enters it."""
    sites = pd.DataFrame({"site_id": ["S", "D"], "lat": [45.0, 45.0 + 2 * KM], "lon": [4.0, 4.0]})
    flows = pd.DataFrame({"site_id": ["S", "D"], "direction": ["supply", "demand"], "resource": "heat",
                          "amount": [50000.0, 5000.0], "unit": "MWh/yr", "temperature_c": [110.0, 85.0],
                          "price_eur_per_unit": [0.0, 60.0], "max_distance_km": [10.0, 0.1]})
    hubs = pd.DataFrame({"hub_id": ["H"], "lat": [45.0 + 2.05 * KM], "lon": [4.0], "resources": ["heat"],
                         "capacity": [1e6], "investment_eur": [1000.0]})
    scen = eitflow.scenario_from_frames(sites, flows, hubs=hubs, networks={
        "heat": {"temperature_c": 90.0, "generate": "knn", "max_length_km": 0.5}})
    m = eitflow.optimise(scen).matches.set_index(["source_site", "sink_site"])["amount"]
    assert m[("H", "D")] == pytest.approx(5000.0)
    assert m.get(("S", "H"), 0.0) == pytest.approx(m[("H", "D")])
