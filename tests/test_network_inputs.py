"""Shared networks' inputs as an analyst gets them wrong: corridors.csv, junctions.csv, the
`networks:` block and the corridors eitflow generates. Every bad input is an error naming
file, row and column (or a warning where it may be meant), never a silently wrong answer."""

from __future__ import annotations

import json
import math
from pathlib import Path

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
    entering. Now what leaves H is what reaches it: its legs lose 0.2 %/km as links do (since
    2026-12-06): H -> D, 0.05 km x 1.3 = 0.065 km, keeps 1 - 0.002 x 0.065 = 0.99987, so H sends
    5,000 / 0.99987 = 5,000.650 for D to get 5,000; S -> H, 2.05 km x 1.3 = 2.665 km, keeps
    1 - 0.002 x 2.665 = 0.99467, so S sends 5,000.650 / 0.99467 = 5,027.446 (a km of latitude is
    1 / 111.195 deg here, 1.0000007 km of the haversine's 6,371.0088 km radius)."""
    sites = pd.DataFrame({"site_id": ["S", "D"], "lat": [45.0, 45.0 + 2 * KM], "lon": [4.0, 4.0]})
    flows = pd.DataFrame({"site_id": ["S", "D"], "direction": ["supply", "demand"], "resource": "heat",
                          "amount": [50000.0, 5000.0], "unit": "MWh/yr", "temperature_c": [110.0, 85.0],
                          "price_eur_per_unit": [0.0, 60.0], "max_distance_km": [10.0, 0.1]})
    hubs = pd.DataFrame({"hub_id": ["H"], "lat": [45.0 + 2.05 * KM], "lon": [4.0], "resources": ["heat"],
                         "capacity": [1e6], "investment_eur": [1000.0]})
    scen = eitflow.scenario_from_frames(sites, flows, hubs=hubs, networks={
        "heat": {"temperature_c": 90.0, "generate": "knn", "max_length_km": 0.5}})
    m = eitflow.optimise(scen).matches.set_index(["source_site", "sink_site"])["amount"]
    scale = 6371.0088 * math.pi / 180 * KM            # km of haversine per km of the sites' degrees
    y_out, y_in = 1 - 0.002 * 0.05 * scale * 1.3, 1 - 0.002 * 2.05 * scale * 1.3
    assert m[("H", "D")] == pytest.approx(5000.0 / y_out, rel=1e-9)              # 5,000.650
    assert m.get(("S", "H"), 0.0) * y_in == pytest.approx(m[("H", "D")], rel=1e-9)
    assert m[("S", "H")] == pytest.approx(5027.446, rel=1e-6)


# ------------------------------------------------------------------ corridors.csv, junctions.csv, networks:
def _frames(corridors: dict, junctions: dict | None = None, networks: dict | None = None):
    """Three heat sites 1 km apart (S supplies, A and B need heat) with the given tables."""
    sites = pd.DataFrame({"site_id": ["S", "A", "B"], "lat": [45.0, 45.0 + KM, 45.0 + 2 * KM], "lon": [4.0] * 3})
    flows = pd.DataFrame({"site_id": ["S", "A", "B"], "direction": ["supply", "demand", "demand"],
                          "resource": "heat", "amount": [9000.0, 1000.0, 1000.0], "unit": "MWh/yr",
                          "temperature_c": [110.0, 60.0, 60.0], "price_eur_per_unit": [0.0, 60.0, 60.0]})
    return eitflow.scenario_from_frames(
        sites, flows, corridors=pd.DataFrame(corridors),
        junctions=None if junctions is None else pd.DataFrame(junctions),
        networks=networks if networks is not None else {"heat": {"temperature_c": 90.0}})


def _problems(**kw) -> str:
    with pytest.raises(ScenarioError) as exc:
        _frames(**kw)
    return str(exc.value)


def test_a_capacity_the_model_would_ignore_is_an_error():
    """A capacity on a new corridor built with the catalogue's sizes was dropped (the model
    took the size's, a size given too or not). It is an error now; a capacity with own costs
    (a size with a fixed cost included) or on an existing pipe stays valid."""
    text = _problems(corridors={"resource": "heat", "from": ["S", "A", "S"], "to": ["A", "B", "B"],
                                "capacity": ["5", "3", "3"], "size": ["", "DN100", "DN100"],
                                "fixed_cost_eur_per_yr": ["", "", "2000"]})
    assert "row 2, column 'capacity'" in text and "catalogue's pipe sizes carries what its size carries" in text
    assert "row 3, column 'capacity'" in text
    assert "row 4" not in text
    ok = _frames(corridors={"resource": "heat", "from": ["S", "A"], "to": ["A", "B"], "capacity": ["5", "3"],
                            "existing": ["no", "yes"], "investment_eur": ["100000", ""]})
    assert ok.corridors["capacity"].tolist() == pytest.approx([5 * 8760.0, 3 * 8760.0])   # MW -> MWh/yr


def test_units_sizes_and_resources_say_what_is_expected():
    text = _problems(corridors={"resource": ["heat", "heat", "chaleur", "Heat"], "from": ["S", "A", "S", "S"],
                                "to": ["A", "B", "B", "B"], "existing": ["yes", "yes", "", ""],
                                "capacity": ["5", "", "", ""], "unit": ["MWh", "", "", ""],
                                "size": ["", "DN999", "", ""]})
    assert "row 2, column 'unit': unit 'MWh' is no capacity of the heat network: expected a rate such as MW or an " \
           "amount per year such as MWh/yr" in text
    # the catalogue's sizes, smallest first (not DN100, DN125, ..., DN20)
    assert "row 3, column 'size': unknown size 'DN999' for heat: expected one of DN20, DN25, DN32" in text
    # 'chaleur' is heat's French name: the code to write is said (test_resource_spellings)
    assert "row 4, column 'resource': unknown resource 'chaleur' (did you mean 'heat'?); expected a resource with " \
           "pipe sizes (co2, heat, hydrogen, steam, water)" in text
    assert "row 5, column 'resource': unknown resource 'Heat': it differs from 'heat' only by letter case" in text
    text = _problems(corridors={"resource": ["heat"], "from": ["S"], "to": ["A"]},
                     networks={"heat": {"temperature_c": 90.0}, "Steam": {"temperature_c": 180.0}})
    assert "networks: unknown resource 'Steam': it differs from 'steam' only by letter case" in text
    text = _problems(corridors={"resource": ["heat"], "from": ["S"], "to": ["A"]},
                     junctions={"junction_id": ["J"], "lat": [45.0], "lon": [4.01], "resources": ["Heat"]})
    assert "junctions, row 2, column 'resources': unknown network resource 'Heat': it differs from 'heat'" in text


def test_parallel_corridors_and_idle_junctions_are_warned_about():
    scen = _frames(corridors={"corridor_id": ["ab", "ba", "sa", "sa2"], "resource": "heat",
                              "from": ["A", "B", "S", "S"], "to": ["B", "A", "A", "A"],
                              "existing": ["", "", "yes", ""], "capacity": ["", "", "2", ""]},
                   junctions={"junction_id": ["J1", "J2"], "lat": [45.0, 45.0], "lon": [4.01, 4.02],
                              "resources": ["", "steam"]})
    w = [str(p) for p in scen.warnings]
    assert any("row 3, column 'to': corridor 'ba' joins the same places as 'ab' (row 2)" in m for m in w)
    # sa is an existing pipe, sa2 a new one beside it: meant, no warning
    assert not any("'sa2'" in m for m in w)
    assert any("junctions, row 2, column 'junction_id': junction 'J1' is on no network" in m for m in w)
    assert any("junction 'J2' is on no network" in m and "(steam)" in m for m in w)
    # a generated heat network takes J1 (no resources: every network) but not J2 (steam only)
    scen = _frames(corridors={"resource": ["heat"], "from": ["S"], "to": ["A"]},
                   junctions={"junction_id": ["J1", "J2"], "lat": [45.0, 45.0], "lon": [4.01, 4.02],
                              "resources": ["", "steam"]},
                   networks={"heat": {"temperature_c": 90.0, "generate": "knn"}})
    w = [str(p) for p in scen.warnings]
    assert not any("'J1'" in m for m in w) and any("'J2' is on no network" in m for m in w)


def test_a_corridor_at_a_junction_or_hub_of_another_network_is_an_error():
    text = _problems(corridors={"resource": ["heat"], "from": ["J2"], "to": ["A"]},
                     junctions={"junction_id": ["J2"], "lat": [45.0], "lon": [4.02], "resources": ["steam"]})
    assert "corridors, row 2, column 'from': junction 'J2' is on the steam network only" in text
    # a hub that does not handle the corridor's resource would be a bare junction there
    sites = pd.DataFrame({"site_id": ["S", "A"], "lat": [45.0, 45.0 + KM], "lon": [4.0, 4.0]})
    flows = pd.DataFrame({"site_id": ["S", "A"], "direction": ["supply", "demand"], "resource": "heat",
                          "amount": [9000.0, 1000.0], "unit": "MWh/yr", "temperature_c": [110.0, 60.0]})
    hubs = pd.DataFrame({"hub_id": ["H"], "lat": [45.0], "lon": [4.01], "resources": ["hydrogen"],
                         "capacity": [50.0], "unit": ["t/yr"]})
    with pytest.raises(ScenarioError) as exc:
        eitflow.scenario_from_frames(sites, flows, hubs=hubs, networks={"heat": {"temperature_c": 90.0}},
                                     corridors=pd.DataFrame({"resource": ["heat"], "from": ["S"], "to": ["H"]}))
    assert "corridors, row 2, column 'to': hub 'H' handles hydrogen only (the hubs DataFrame, column 'resources'), " \
           "not heat" in str(exc.value)


def test_an_invalid_networks_block_adds_no_false_temperature_error(tmp_path):
    """scenario.yaml's networks block with a misspelt option: that is the one problem; the
    tables used to be checked against no networks at all, so corridors.csv's heat corridors
    were said to lack the temperature the block gives."""
    (tmp_path / "sites.csv").write_text("site_id,lat,lon\nS,45.0,4.0\nA,45.01,4.0\n", encoding="utf-8")
    (tmp_path / "flows.csv").write_text("site_id,direction,resource,amount,unit,temperature_c\n"
                                        "S,supply,heat,9000,MWh/yr,110\nA,demand,heat,1000,MWh/yr,60\n",
                                        encoding="utf-8")
    (tmp_path / "corridors.csv").write_text("resource,from,to\nheat,S,A\n", encoding="utf-8")
    (tmp_path / "scenario.yaml").write_text("name: t\nsites: sites.csv\nflows: flows.csv\ncorridors: corridors.csv\n"
                                            "networks:\n  heat:\n    temperature_c: 90\n    generate: Delaunay\n",
                                            encoding="utf-8")
    with pytest.raises(ScenarioError) as exc:
        eitflow.read_scenario(tmp_path / "scenario.yaml")
    assert [p.message for p in exc.value.problems] == [
        "key 'networks.heat.generate': Input should be 'none', 'delaunay' or 'knn'"]


def test_validate_says_how_many_corridors_and_which_places_none_reaches(tmp_path):
    """Three heat sites on a meridian at 0, 1 and 3 km; k = 2 pairs them all (lengths 1, 3
    and 2 km x the route factor). max_length_km at 1.5 x the route factor keeps 0-1 only:
    1 corridor, 2 left out, the site at 3 km reached by none."""
    from click.testing import CliRunner

    from eitflow.catalogue import load_catalogue
    from eitflow.cli.main import main

    heat = load_catalogue(None, "resources")["heat"]
    rf = heat.network.route_factor or heat.transport.detour_factor   # the network's route factor
    (tmp_path / "sites.csv").write_text(f"site_id,lat,lon\nS,45.0,4.0\nA,{45.0 + KM!r},4.0\nFAR,{45.0 + 3 * KM!r},4.0\n",
                                        encoding="utf-8")
    (tmp_path / "flows.csv").write_text("site_id,direction,resource,amount,unit,temperature_c\nS,supply,heat,9000,"
                                        "MWh/yr,110\nA,demand,heat,1000,MWh/yr,60\nFAR,demand,heat,1000,MWh/yr,60\n",
                                        encoding="utf-8")
    (tmp_path / "scenario.yaml").write_text(f"name: t\nlang: en\nsites: sites.csv\nflows: flows.csv\nnetworks:\n  heat:\n"
                                            f"    temperature_c: 90\n    generate: knn\n    k: 2\n"
                                            f"    max_length_km: {1.5 * rf!r}\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["validate", str(tmp_path / "scenario.yaml")])
    assert res.exit_code == 0, res.output
    assert (f"Heat network: 3 places, 1 candidate corridor (0 from corridors.csv, 1 generated by eitflow; 2 longer "
            f"than {1.5 * rf:.1f} km left out)") in res.output
    assert "Heat network: no corridor reaches 1 of its places: FAR" in res.output
    # one corridor and 0 or 1 of anything in the noun's number (it read "1 candidate corridors",
    # "1 tronçons candidats", "0 générés"); French takes the singular for 0 and 1
    fr = CliRunner().invoke(main, ["validate", str(tmp_path / "scenario.yaml"), "--lang", "fr"]).output
    km = f"{1.5 * rf:.1f}".replace(".", ",")
    assert (f"Réseau de chaleur : 3 lieux, 1 tronçon candidat (0 de corridors.csv, 1 généré par eitflow ; 2 de plus "
            f"de {km} km écartés)") in fr, fr


def _required_on_a_piece(s1_amount: float, corridors: dict):
    """S1 and D on the heat corridors given; S2 (50,000 MWh/yr) 20 km off with a demand E
    beside it, on no corridor. D (5,000 MWh/yr) is required and its radius (0.1 km) leaves
    it the network only."""
    sites = pd.DataFrame({"site_id": ["S1", "D", "J0", "S2", "E"],
                          "lat": [45.0, 45.0 + KM, 45.0 + 2 * KM, 45.0 + 20 * KM, 45.0 + 20.5 * KM],
                          "lon": [4.0] * 5})
    flows = pd.DataFrame({"site_id": ["S1", "D", "S2", "E"], "direction": ["supply", "demand", "supply", "demand"],
                          "resource": "heat", "amount": [s1_amount, 5000.0, 50000.0, 1000.0], "unit": "MWh/yr",
                          "temperature_c": [110.0, 60.0, 110.0, 60.0], "price_eur_per_unit": [0.0, 60.0, 0.0, 60.0],
                          "max_distance_km": [10.0, 0.1, 10.0, 10.0], "required": ["", "yes", "", ""]})
    scen = eitflow.scenario_from_frames(sites, flows, corridors=pd.DataFrame(corridors),
                                        networks={"heat": {"temperature_c": 90.0}})
    res = eitflow.optimise(scen)
    assert res.status == "infeasible"
    return res.solution.diagnosis.set_index("site_id").loc["D"], scen, res


def test_a_required_demand_on_a_piece_of_network_without_supply_is_diagnosed_so():
    """D is on corridor D-J0 only, which no supply reaches. The diagnosis counted every
    supply of the scenario as reaching a network's leg, found enough and said 'conflict'."""
    d, scen, res = _required_on_a_piece(9000.0, {"resource": "heat", "from": ["D"], "to": ["J0"]})
    assert d["reason"] == "network_unreachable"
    assert "the corridors through D connect no heat supply" in d["detail"]
    # explain's rank-0 row is the diagnosis; the network's reason, which it contains, is not repeated
    from eitflow.analyses.explain import explain

    ex = explain(scen, res)
    top = ex[(ex["site_id"] == "D") & (ex["rank"] == 0)]
    assert len(top) == 1 and top["detail"].iat[0].startswith("required, cannot be met: 5,000 MWh/yr short - the heat")


def test_a_required_demand_whose_part_of_the_network_holds_too_little_is_diagnosed_so():
    """D's part of the network holds S1's 1,000 MWh/yr only (S2 is on no corridor): not
    enough supply, from one supply, not the 51,000 MWh/yr of all the scenario's supplies."""
    d, _, _ = _required_on_a_piece(1000.0, {"resource": "heat", "from": ["S1"], "to": ["D"]})
    assert d["reason"] == "not_enough_supply"
    assert "the only supply linked to it holds 1,000 MWh/yr (after losses)" in d["detail"]
    assert d["detail"].endswith("it needs 5,000 MWh/yr")   # not MWh/yr/yr


def test_a_length_shorter_than_the_straight_line_or_in_metres_is_warned_about():
    """Sites 1 km apart on a meridian (S, A, B at 0, 1, 2 km): 0.5 km for S-A cannot be a
    trench; 250 km for A-B is 250 times the straight line (metres?); 0 km (meant, with own
    costs) and 2.5 km for S-B (a winding route) pass."""
    scen = _frames(corridors={"resource": "heat", "from": ["S", "A", "S", "S"], "to": ["A", "B", "B", "B"],
                              "length_km": ["0.5", "250", "0", "2.5"], "investment_eur": ["", "", "1000", ""]})
    w = [str(p) for p in scen.warnings]
    assert any("row 2, column 'length_km': length_km 0.5 is shorter than the straight line between its ends (1 km)"
               in m for m in w)
    assert any("row 3, column 'length_km': length_km 250 is 250 times the straight line" in m for m in w)
    assert not any(("row 4" in m or "row 5" in m) and "'length_km'" in m for m in w)


def test_options_of_generated_corridors_without_generate_are_warned_about():
    scen = _frames(corridors={"resource": ["heat"], "from": ["S"], "to": ["A"]},
                   networks={"heat": {"temperature_c": 90.0, "k": 6, "max_length_km": 3.0}})
    assert [str(p) for p in scen.warnings] == [
        "parameters: networks.heat: k and max_length_km apply to generated corridors only, and "
        "networks.heat.generate is none: give generate: delaunay or knn, or leave them out"]


def test_a_network_that_serves_a_flow_is_enough_whatever_another_network_lacks():
    """D is on a heat corridor from S but its price (1 EUR/MWh) does not pay for it; a steam
    network is declared too (generated, steam feeds heat) and has no supply. D's reason was
    the steam network's ("does not reach D"); the heat network reaches it, so the ordinary
    reason holds: a viable partner, not selected."""
    sites = pd.DataFrame({"site_id": ["S", "D"], "lat": [45.0, 45.0 + KM], "lon": [4.0, 4.0]})
    flows = pd.DataFrame({"site_id": ["S", "D"], "direction": ["supply", "demand"], "resource": "heat",
                          "amount": [9000.0, 1000.0], "unit": "MWh/yr", "temperature_c": [110.0, 60.0],
                          "price_eur_per_unit": [0.0, 1.0], "max_distance_km": [10.0, 0.1]})
    scen = eitflow.scenario_from_frames(
        sites, flows, corridors=pd.DataFrame({"resource": ["heat"], "from": ["S"], "to": ["D"]}),
        networks={"heat": {"temperature_c": 90.0}, "steam": {"temperature_c": 180.0, "generate": "knn"}})
    row = eitflow.optimise(scen).unmatched.set_index("site_id").loc["D"]
    assert row["reason"] == "not_selected" and "steam" not in row["detail"]


def test_explain_s_pairs_are_point_to_point_links_not_a_network_s_connections():
    """B (2 km north of S, radius 0.1 km) beside a heat corridor S-A. explain's row for the
    pair S-B rebuilt the pair's links with the network in: its connections, one side -1,
    were read as the pair's (route 0 km, the connection's value as best case). The route is
    the pipe's: 2 km x the catalogue's detour factor for heat."""
    from eitflow.analyses.explain import explain
    from eitflow.catalogue import load_catalogue

    scen = _frames(corridors={"resource": ["heat"], "from": ["S"], "to": ["A"]})
    scen.flows["max_distance_km"] = [10.0, 10.0, 0.1]
    ex = explain(scen, eitflow.optimise(scen), flow_id=scen.flows["flow_id"].iat[2])
    row = ex[ex["partner_site"] == "S"].iloc[0]
    detour = load_catalogue(None, "resources")["heat"].transport.detour_factor
    assert row["great_circle_km"] == pytest.approx(2.0, rel=1e-3)
    assert row["route_km"] == pytest.approx(2.0 * detour, rel=1e-3)


def test_corridors_and_junctions_problems_are_said_in_french_and_still_located(tmp_path):
    """`eitflow validate --lang fr`: corridors.csv's and junctions.csv's own checks were English
    whatever the language; now French (wording from messages.csv, units said 'MWh/an'), still
    naming file, row and column. `--lang en` gives the English texts as they were."""
    from conftest import HEAT_FLOWS_CSV, TWO_SITES_CSV, validate_output

    out = validate_output(tmp_path, "fr", {
        "sites.csv": TWO_SITES_CSV, "flows.csv": HEAT_FLOWS_CSV,
        "corridors.csv": "resource,from,to,existing,capacity,unit,size\nheat,S,A,yes,5,MWh,\n"
                         "heat,S,A,,,,DN999\nheat,J2,A,,,,\n",
        "junctions.csv": "junction_id,lat,lon,resources\nJ2,45.0,4.02,steam\nS,45.0,4.03,\n",
        "scenario.yaml": "name: t\nsites: sites.csv\nflows: flows.csv\ncorridors: corridors.csv\n"
                         "junctions: junctions.csv\nnetworks:\n  heat:\n    temperature_c: 90\n"})
    assert "erreur : scénario invalide (4 problèmes) :" in out, out
    assert ("corridors.csv, ligne 2, colonne 'unit' : l'unité 'MWh' n'est pas une capacité du réseau de chaleur : "
            "attendu un débit comme MW ou une quantité par an comme MWh/an") in out     # not 'du réseau heat'
    assert "corridors.csv, ligne 3, colonne 'size' : diamètre inconnu 'DN999' pour chaleur : attendu l'un de DN20, " in out
    # the resources as the column holds them (ids), not "le réseau steam", each beside its French name
    # (test_junction_resource_words.py: 'steam' alone was an English word in a French error)
    assert ("corridors.csv, ligne 4, colonne 'from' : la jonction 'J2' ne sert qu'aux ressources vapeur ('steam') "
            "selon junctions.csv, colonne 'resources', pas à chaleur ('heat') : ajoutez 'heat' à ses ressources ou "
            "reliez un autre lieu") in out
    assert ("junctions.csv, ligne 3, colonne 'junction_id' : l'identifiant d'une jonction doit différer de tous les "
            "identifiants de sites et de hubs (trouvé : 'S')") in out
    assert not any(w in out for w in ("row ", "column ", "expected", "unknown")), out
    out = validate_output(tmp_path, "en")
    assert ("corridors.csv, row 2, column 'unit': unit 'MWh' is no capacity of the heat network: expected a rate such "
            "as MW or an amount per year such as MWh/yr") in out
    assert ("corridors.csv, row 4, column 'from': junction 'J2' is on the steam network only (junctions.csv, column "
            "'resources'), not on the heat network: add heat to its resources or join another place") in out
    assert ("junctions.csv, row 3, column 'junction_id': a junction id must differ from every site id and hub id "
            "(found 'S')") in out


def test_corridor_warnings_are_said_in_french_with_french_numbers():
    """A length of 0.5 km between places 1 km apart (the straight line: KM degrees of latitude
    each): the warning in French with a decimal comma, the English one as it was."""
    scen = _frames(corridors={"resource": "heat", "from": ["S"], "to": ["A"], "length_km": ["0.5"]})
    w = [p for p in scen.warnings if p.column == "length_km"]
    assert [p.say("fr") for p in w] == [
        "corridors, ligne 2, colonne 'length_km' : length_km 0,5 est plus court que la ligne droite entre ses "
        "extrémités (1 km) : impossible pour une tranchée ; vérifiez la longueur ou les coordonnées des extrémités"]
    assert [str(p) for p in w] == [
        "corridors, row 2, column 'length_km': length_km 0.5 is shorter than the straight line between its ends "
        "(1 km): a trench cannot be; check the length or the ends' coordinates"]


def test_a_capacity_in_the_wrong_kind_of_unit_is_warned_about():
    """An existing pipe of '2' in MWh/yr (2 MW meant) carries 2 MWh/yr rated, 1 at the load
    factor: 1/122 of the smallest hot-water size (DN20, 0.0279 MW = 244.4 MWh/yr); a corridor
    of '20000' in MW (MWh/yr meant) 340 times the largest (DN400, 58.9 MW). Both were read
    silently. Now a warning each, located, in both languages; 2 MW and 20,000 MWh/yr (2.28 MW)
    none. The capacities are still read as written (a pipe may be outside the catalogue)."""
    scen = _frames(corridors={"resource": "heat", "from": ["S", "A", "S", "A"], "to": ["A", "B", "B", "S"],
                              "existing": ["yes", "", "yes", "yes"], "capacity": ["2", "20000", "2", "20000"],
                              "unit": ["MWh/yr", "MW", "MW", "MWh/yr"], "investment_eur": ["", "100000", "", ""]})
    w = [p for p in scen.warnings if p.column == "capacity"]
    assert [str(p) for p in w] == [
        "corridors, row 2, column 'capacity': capacity 2 MWh/yr is less than a tenth of the smallest pipe size "
        "of the heat network (DN20: 0.0279 MW): check the figure and its unit (MW is a rate, MWh/yr an amount per year)",
        "corridors, row 3, column 'capacity': capacity 20000 MW is more than ten times the largest pipe size "
        "of the heat network (DN400: 58.9 MW): check the figure and its unit (MW is a rate, MWh/yr an amount per year)"]
    assert w[0].say("fr") == (
        "corridors, ligne 2, colonne 'capacity' : la capacité 2 MWh/an fait moins du dixième du plus petit "
        "diamètre du réseau de chaleur (DN20 : 0,0279 MW) : vérifiez le chiffre et son unité (MW est un débit, MWh/an une "
        "quantité par an)")
    assert scen.corridors["capacity"].tolist() == pytest.approx([2.0, 20000 * 8760.0, 2 * 8760.0, 20000.0])


def test_a_zero_length_on_the_catalogues_sizes_is_warned_about():
    """length_km 0 between S and A, 1 km apart (KM degrees of latitude), on the catalogue's
    sizes: the trench was built for nothing (investment 0 EUR/m x 0 m, no loss), silently. Now
    a warning; none with its own investment (0 km meant: its cost is its own), none on an
    existing pipe, none where the length is left empty."""
    scen = _frames(corridors={"resource": "heat", "from": ["S", "A", "S", "B"], "to": ["A", "B", "B", "A"],
                              "length_km": ["0", "0", "0", ""], "investment_eur": ["", "50000", "", ""],
                              "existing": ["", "", "yes", ""], "capacity": ["", "", "2", ""]})
    w = [p for p in scen.warnings if p.column == "length_km"]
    assert [str(p) for p in w] == [
        "corridors, row 2, column 'length_km': length_km 0 between ends 1 km apart: on the catalogue's pipe sizes, "
        "priced per metre, this trench would cost nothing; leave it empty for the straight line times the route "
        "factor, or give the corridor its own investment_eur"]
    assert w[0].say("fr").startswith("corridors, ligne 2, colonne 'length_km' : length_km 0 entre des extrémités "
                                     "distantes de 1 km : avec les diamètres du catalogue, chiffrés au mètre, ")


def test_a_network_without_any_corridor_is_warned_about():
    """A `networks.heat` block with no heat corridor in corridors.csv and no `generate` carries
    nothing: validate printed nothing about it and run '0 corridors built of 0 candidates'. Now
    a warning saying what to add; none once a heat corridor is given or corridors generated."""
    idle = _frames(corridors={"resource": "heat", "from": ["S"], "to": ["A"]},
                   networks={"heat": {"temperature_c": 90.0}, "steam": {"temperature_c": 200.0}})
    w = [str(p) for p in idle.warnings if "no candidate corridor" in str(p)]
    assert w == ["parameters: networks.steam: no candidate corridor: the corridors DataFrame has none of steam and "
                 "generate is none, so this network can carry nothing; add steam corridors to the corridors DataFrame, "
                 "or generate: delaunay or knn"]
    assert [p.say("fr") for p in idle.warnings if "no candidate corridor" in str(p)] == [
        "parameters : networks.steam : aucun tronçon candidat : la table corridors (DataFrame) n'en a aucun de steam "
        "et generate vaut none, ce réseau ne peut donc rien transporter ; ajoutez des tronçons steam à la table "
        "corridors (DataFrame), ou generate: delaunay ou knn"]
    gen = _frames(corridors={"resource": "heat", "from": ["S"], "to": ["A"]},
                  networks={"heat": {"temperature_c": 90.0}, "steam": {"temperature_c": 200.0, "generate": "knn"}})
    assert not [p for p in gen.warnings if "no candidate corridor" in str(p)]


def test_a_network_with_no_corridor_beside_direct_pipes_gives_their_plan(tmp_path):
    """The Ludres backbone with a corridors.csv of its header alone: the heat network has no
    corridor (validate warns), so the plan is the point-to-point one of the same data
    (scenarios/ludres_backbone/point_to_point.yaml, no network at all), and every view is
    written. Before, splitting the network into pieces looked up the nodes of a network that
    has none and the run stopped on a traceback."""
    import shutil

    from click.testing import CliRunner

    from eitflow.cli.main import main

    src = Path(__file__).resolve().parents[1] / "scenarios" / "ludres_backbone"
    d = tmp_path / "ludres"
    shutil.copytree(src, d)
    head = (d / "corridors.csv").read_text(encoding="utf-8").splitlines()[0]
    (d / "corridors.csv").write_text(head + "\n", encoding="utf-8")
    runs = []
    for yaml, out in (("scenario.yaml", "net"), ("point_to_point.yaml", "p2p")):
        r = CliRunner().invoke(main, ["run", str(d / yaml), "--out", str(tmp_path / out)], catch_exceptions=False)
        assert r.exit_code == 0, r.output
        runs.append(json.loads((tmp_path / out / "summary.json").read_text(encoding="utf-8")))
    assert runs[0]["objective"] == pytest.approx(runs[1]["objective"], rel=1e-9)
    assert runs[0]["objective"] > 0


def test_every_expected_value_of_the_tables_is_said_in_french():
    """Each column's `what` (how an error names the value it expected) has its French gloss:
    corridors.csv's loss_w_per_m said "attendu a heat loss in W/m" in a French message."""
    from eitflow import i18n
    from eitflow.io import schema

    whats = {c.what for t in vars(schema).values() if isinstance(t, schema.Table) for c in t.columns if c.what}
    assert len(whats) > 20
    missing = sorted(w for w in whats if not i18n.has_text(f"gloss__{w}"))
    assert not missing, missing
