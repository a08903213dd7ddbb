"""The same-site rule through a hub: what a site puts into a hub does not come back to it.

A supply and a demand of one site are never paired (README, "The model": `same_site`). A hub
pools what its legs bring without saying who sent what, so a site with both roles could send
its own product into the hub and take it back: 2,300 EUR/yr "exchanged" by a lone site with a
point-to-point hub (below), and 484,209.72 EUR/yr by a hydrogen plant whose gas went by truck
to a station on the network and back along the network's pipe to its own demand (found
2026-12-05 by trying it). The rule: what a site withdraws from a hub in a period is at most
what the other companies put into it (`model.netsame.hub_own_rows`); on a hub standing on a
network, its legs count as their sites' injections and withdrawals in the network's rule.
"""
from __future__ import annotations

import pandas as pd
import pytest

import eitflow
from eitflow import optimise, scenario_from_frames
from eitflow.bench.instances import GOOD_RESOURCE

SITES = pd.DataFrame({"site_id": ["A", "C"], "lat": [45.0, 45.3], "lon": [4.0, 4.3]})
HUB = pd.DataFrame({"hub_id": ["H"], "lat": [45.1], "lon": [4.1], "resources": ["good"], "capacity": [80.0],
                    "fixed_cost_eur_per_yr": [500.0]})


def _run(flows, links):
    return optimise(scenario_from_frames(SITES, flows, links, GOOD_RESOURCE, hubs=HUB, discount_rate=0.0,
                                         lifetime_years=1.0, solver={"mip_gap": 0}))


def _flows(rows):
    return pd.DataFrame([dict(zip(("site_id", "direction", "amount", "price_eur_per_unit"), r)) for r in rows]) \
        .assign(resource="good", unit="t/yr")


def _legs(rows):
    return pd.DataFrame([dict(zip(("source_site", "sink_site", "var_cost_eur_per_unit"), r)) for r in rows]) \
        .assign(supply_resource="good", distance_km=0.0, fixed_cost_eur_per_yr=0.0)


def test_a_lone_site_does_not_feed_itself_through_a_hub():
    """A alone: its 100 t/yr into H (disposal 10 - 2 EUR/t) and back to its own demand (30 - 3)
    earned 35 x 80 - 500 = 2,300 EUR/yr; no other company, so nothing is exchanged: 0."""
    res = _run(_flows([("A", "supply", 100.0, 10.0), ("A", "demand", 100.0, 30.0)]),
               _legs([("A", "H", 2.0), ("H", "A", 3.0)]))
    assert str(res.status) == "optimal"
    assert res.objective == pytest.approx(0.0, abs=1e-6)
    assert len(res.matches) == 0
    # unmatched.csv says why: its only partner through H is its own site (it read 'not_selected:
    # 1 viable partner with amount left, but no further exchange raises the objective')
    um = res.unmatched.set_index("direction")
    assert list(um["reason"]) == ["same_site", "same_site"]
    assert all("H" in str(d) and "own site" in str(d) for d in um["detail"])


def test_a_site_takes_from_a_hub_only_what_others_put_in():
    """C puts at most its 50 t/yr into H, and what A takes out is at most what C put in; the hub
    balances, so A puts nothing in: 50 t/yr through H at 35 EUR/t less the hub's 500 EUR/yr,
    1,250 EUR/yr (A's own 80 t/yr round trip gave 2,300 before)."""
    res = _run(_flows([("A", "supply", 100.0, 10.0), ("A", "demand", 100.0, 30.0), ("C", "supply", 50.0, 10.0)]),
               _legs([("A", "H", 2.0), ("C", "H", 2.0), ("H", "A", 3.0)]))
    assert str(res.status) == "optimal"
    assert res.objective == pytest.approx(35.0 * 50.0 - 500.0, abs=1e-6)
    m = res.matches.set_index(["source_site", "sink_site"])["amount"]
    assert m.get(("A", "H"), 0.0) == pytest.approx(0.0, abs=1e-6)
    assert m[("C", "H")] == pytest.approx(50.0) and m[("H", "A")] == pytest.approx(50.0)
    # A's supply (100 t/yr left) has only its own demand through H: same_site; A's demand (50 left)
    # has C's supply through H, spent: capacity_used
    um = res.unmatched.set_index("direction")
    assert um.loc["supply", "remaining"] == pytest.approx(100.0) and um.loc["supply", "reason"] == "same_site"
    assert um.loc["demand", "remaining"] == pytest.approx(50.0) and um.loc["demand", "reason"] == "capacity_used"


def _h2(tmp_path, sites, flows):
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "scenario.yaml").write_text(
        "name: hub round trip\nsites: sites.csv\nflows: flows.csv\nhubs: hubs.csv\ncorridors: corridors.csv\n"
        "carbon_price_eur_per_t: 0\nmax_distance_km: {hydrogen: 2}\nnetworks:\n  hydrogen: {}\n"
        "solver: {mip_gap: 0}\n", encoding="utf-8")
    (tmp_path / "sites.csv").write_text("site_id,name,lat,lon\n" + sites, encoding="utf-8")
    (tmp_path / "flows.csv").write_text(
        "flow_id,site_id,direction,resource,amount,unit,price_eur_per_unit,purity,pressure_bar\n" + flows,
        encoding="utf-8")
    (tmp_path / "hubs.csv").write_text("hub_id,name,lat,lon,resources,capacity,unit,investment_eur,"
                                       "fixed_cost_eur_per_yr\nH,Station,47.0,5.02,hydrogen,1000,t/yr,0,0\n",
                                       encoding="utf-8")
    (tmp_path / "corridors.csv").write_text("corridor_id,resource,from,to,length_km\nc1,hydrogen,A,H,1.5\n",
                                            encoding="utf-8")
    return optimise(eitflow.read_scenario(tmp_path / "scenario.yaml"))


def test_a_site_does_not_feed_itself_through_a_station_on_its_network(tmp_path):
    """Plant A (1,000 t/yr of hydrogen, a 300 t/yr need at 2,500 EUR/t) and a station H on the
    network 1.5 km away, no other company: A's gas went by truck to H and back along the pipe
    to A (484,209.72 EUR/yr). Nothing is exchanged: 0, no corridor built."""
    res = _h2(tmp_path, "A,Plant A,47.0,5.00\n",
              "as,A,supply,hydrogen,1000,t/yr,0,0.99999,30\nad,A,demand,hydrogen,300,t/yr,2500,0.999,20\n")
    assert str(res.status) == "optimal"
    assert res.objective == pytest.approx(0.0, abs=1e-6)
    assert len(res.matches) == 0 and len(res.statistics.corridors()) == 0


def test_another_companys_gas_through_the_station_still_counts(tmp_path):
    """B (1,000 t/yr, 1.5 km past the station) can reach A's need only through H and the pipe.
    A's own gas has no other taker, so the plan is the plan with A's supply left out: the same
    value, and more than nothing (B's 300 t/yr at 2,500 EUR/t pay the truck and the pipe)."""
    sites = "A,Plant A,47.0,5.00\nB,Supplier B,47.0,5.04\n"
    need = "ad,A,demand,hydrogen,300,t/yr,2500,0.999,20\nbs,B,supply,hydrogen,1000,t/yr,0,0.99999,30\n"
    with_own = _h2(tmp_path / "own", sites, "as,A,supply,hydrogen,1000,t/yr,0,0.99999,30\n" + need)
    without = _h2(tmp_path / "none", sites, need)
    assert str(with_own.status) == "optimal" and str(without.status) == "optimal"
    assert without.objective > 100_000.0
    assert with_own.objective == pytest.approx(without.objective, rel=1e-9)
    m = with_own.matches
    assert float(m.loc[m["supply_flow_id"] == "as", "amount"].sum()) == pytest.approx(0.0, abs=1e-6)


def test_a_placed_activity_does_not_feed_itself_through_a_hub():
    """A siting with a hub: activity A (100 t/yr out at a 10 EUR/t disposal cost, 100 t/yr in at
    30 EUR/t, 100 EUR/yr) may go on plot P beside hub H (80 t/yr, 500 EUR/yr); the only other
    company, FAR, buys 1 t/yr at 0.1 EUR/t. Through H, A could only feed itself, and FAR's
    1 t/yr is worth at most 10.1 EUR/yr: nothing is placed, the plan is worth 0. Before, the
    siting stopped with a TypeError (a hub's leg has no transport mode, and the placed
    territory's link keys read it as a float); without the rule A was placed and fed itself
    through H."""
    from eitflow.analyses.siting import site
    sites = pd.DataFrame({"site_id": ["FAR"], "lat": [45.3], "lon": [4.3]})
    flows = _flows([("FAR", "demand", 1.0, 0.1)])
    plots = pd.DataFrame({"plot_id": ["P"], "lat": [45.0], "lon": [4.0], "area_ha": [5.0]})
    acts = pd.DataFrame({"activity_id": ["A"], "land_ha": [1.0], "fixed_cost_eur_per_yr": [100.0]})
    aflows = _flows([("A", "supply", 100.0, 10.0), ("A", "demand", 100.0, 30.0)]).rename(
        columns={"site_id": "activity_id"})
    hub = HUB.assign(lat=45.01, lon=4.01)
    sr = site(scenario_from_frames(sites, flows, None, GOOD_RESOURCE, hubs=hub, plots=plots, activities=acts,
                                   activity_flows=aflows, discount_rate=0.0, lifetime_years=1.0,
                                   solver={"mip_gap": 0}, max_distance_km={"good": 50}), rank=False)
    assert sr.solution.objective == pytest.approx(0.0, abs=1e-6)
    assert len(sr.placements) == 0
