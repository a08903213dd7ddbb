"""Hubs (shared infrastructure with transshipment): by hand, and facility location
reproduced through the hub model (OR-Library capacitated, Holmberg single-source)."""
from __future__ import annotations

import pandas as pd
import pytest

from eitflow import optimise, scenario_from_frames
from eitflow.bench.instances import GOOD_RESOURCE, facility_scenario, read_holmberg, read_orlib_cap

SITES = pd.DataFrame({"site_id": ["A", "B"], "lat": [45.0, 45.3], "lon": [4.0, 4.3]})
FLOWS = pd.DataFrame({"site_id": ["A", "B"], "direction": ["supply", "demand"], "resource": "good",
                      "amount": [100.0, 100.0], "unit": "t/yr", "price_eur_per_unit": [10.0, 30.0]})
LINKS = pd.DataFrame({"source_site": ["A", "H"], "sink_site": ["H", "B"], "supply_resource": "good",
                      "distance_km": 0.0, "var_cost_eur_per_unit": [2.0, 3.0], "fixed_cost_eur_per_yr": 0.0})


def _hub(fixed):
    return pd.DataFrame({"hub_id": ["H"], "lat": [45.1], "lon": [4.1], "resources": ["good"], "capacity": [80.0],
                         "fixed_cost_eur_per_yr": [fixed]})


def _run(fixed, **kw):
    return optimise(scenario_from_frames(SITES, FLOWS, LINKS, GOOD_RESOURCE, hubs=_hub(fixed),
                                         discount_rate=0.0, lifetime_years=1.0, solver={"mip_gap": 0}, **kw))


def test_hub_built_when_it_pays_by_hand():
    res = _run(500.0)
    # disposal avoided 10 - 2 (in) + price 30 - 3 (out) = 35 EUR/t, capacity 80 t/yr, hub 500 EUR/yr
    assert res.status == "optimal"
    assert res.summary["objective"] == pytest.approx(35 * 80 - 500)
    assert res.summary["counts"]["built_hubs"] == 1
    m = res.matches.set_index(["source_site", "sink_site"])
    assert m.loc[("A", "H"), "amount"] == pytest.approx(80) and m.loc[("H", "B"), "amount"] == pytest.approx(80)
    um = res.unmatched.set_index("site_id")
    assert um.loc["A", "remaining"] == pytest.approx(20) and um.loc["B", "remaining"] == pytest.approx(20)


@pytest.mark.parametrize("capacity", [100.0, 1e9, 1e12])
def test_a_capacity_far_above_what_can_enter_changes_nothing(capacity):
    """A hub's capacity above what its supplies hold cannot bind: the plan is the same, to the
    cent. Its row read the capacity as given, and a huge one (1e12 t/yr at a 146 t/yr station,
    scenarios/redon_h2) made the row so ill-scaled that the optimum moved (-0.21 EUR/yr at 1e12,
    -107 at 1e15) or the solve stopped; the row now reads the least of the capacity and what
    the supplies with a leg into it hold (`model.build`). The capacity 80 still binds."""
    hub = _hub(500.0).assign(capacity=capacity)
    res = optimise(scenario_from_frames(SITES, FLOWS, LINKS, GOOD_RESOURCE, hubs=hub, discount_rate=0.0,
                                        lifetime_years=1.0, solver={"mip_gap": 0}))
    assert res.summary["objective"] == pytest.approx(35 * 100 - 500, rel=1e-12)
    assert _run(500.0).summary["objective"] == pytest.approx(35 * 80 - 500)


def test_redon_h2_is_the_same_with_its_hub_capacity_at_the_readers_bound(tmp_path):
    """scenarios/redon_h2 with its station's 146 t/yr and with 1e12 t/yr (the most hubs.csv
    reads, as a flow's amount): the same optimum (670,814.09 EUR/yr, README)."""
    import shutil
    from pathlib import Path

    from eitflow import read_scenario
    src = Path(__file__).resolve().parents[1] / "scenarios" / "redon_h2"
    objective = {}
    for cap in ("146", "1e12"):
        d = tmp_path / cap
        shutil.copytree(src, d)
        text = (d / "hubs.csv").read_text(encoding="utf-8")
        assert ",hydrogen,146," in text
        (d / "hubs.csv").write_text(text.replace(",hydrogen,146,", f",hydrogen,{cap},"), encoding="utf-8")
        objective[cap] = optimise(read_scenario(d / "scenario.yaml")).objective
    assert objective["1e12"] == pytest.approx(objective["146"], rel=1e-12)
    assert objective["146"] == pytest.approx(670_814.09, abs=0.01)


def test_hub_not_built_when_it_does_not_pay():
    res = _run(3000.0)  # 35 * 80 = 2800 < 3000
    assert res.status == "optimal" and res.summary["objective"] == pytest.approx(0.0)
    assert res.summary["counts"]["built_hubs"] == 0 and len(res.matches) == 0


def test_hub_with_cbc_agrees():
    res = _run(500.0, )
    scen = res.scenario
    scen.params = scen.params.model_copy(update={"solver": scen.params.solver.model_copy(update={"name": "cbc"})})
    assert optimise(scen).summary["objective"] == pytest.approx(35 * 80 - 500)


ORLIB = ["cap41", "cap51", "cap71", "cap101", "cap131"]


def _capopt(shared):
    opt = {}
    for line in (shared / "data/benchmarks/orlib_cap/capopt.txt").read_text().splitlines()[1:]:
        parts = line.split()
        if len(parts) == 2:
            opt[parts[0]] = float(parts[1])
    return opt


@pytest.mark.parametrize("name", ORLIB)
@pytest.mark.slow
def test_orlib_capacitated_facility_location_through_hubs(shared, name):
    opt = _capopt(shared)[name]
    res = optimise(facility_scenario(*read_orlib_cap(shared / f"data/benchmarks/orlib_cap/{name}.txt")))
    assert res.status == "optimal"
    assert -res.summary["objective"] == pytest.approx(opt, rel=1e-8, abs=2e-3)  # published to 3 decimals


@pytest.mark.parametrize("k", [1, 2, 3, 10, 20])
@pytest.mark.slow
def test_holmberg_single_source_through_hubs(shared, k):
    os_ = [float(x) for x in (shared / "data/benchmarks/sscflp_holmberg/os").read_text().split()]
    res = optimise(facility_scenario(*read_holmberg(shared / f"data/benchmarks/sscflp_holmberg/p{k}"),
                                     single_source=True))
    assert res.status == "optimal"
    assert -res.summary["objective"] == pytest.approx(os_[k - 1], rel=1e-9)
    # single sourcing: every customer is served from exactly one hub
    legs = res.matches[res.matches["source_site"].str.startswith("H")]
    assert legs["sink_site"].is_unique


def test_run_directory_lists_built_hubs(tmp_path):
    import json

    from eitflow.results.rundir import write_run

    res = _run(500.0)
    write_run(res, tmp_path / "run")
    hubs = pd.read_csv(tmp_path / "run" / "hubs.csv")
    assert list(hubs["hub_id"]) == ["H"] and hubs["throughput"].iloc[0] == pytest.approx(80)
    gj = json.loads((tmp_path / "run" / "hubs.geojson").read_text())
    assert [f["properties"]["hub_id"] for f in gj["features"]] == ["H"]
    assert {f["geometry"]["type"] for f in gj["features"]} == {"Point"}


def test_summary_totals_include_hub_costs():
    res = _run(500.0)
    t = res.summary["totals"]
    assert t["hub_fixed_eur_per_yr"] == pytest.approx(500.0)
    assert t["net_benefit_eur_per_yr"] == pytest.approx(res.summary["objective"])


@pytest.mark.parametrize("name", ["cap41", "cap71"])
def test_aggregated_model_first_reaches_the_published_optimum(shared, name, monkeypatch):
    # the path large hub models take (aggregated model, then the strong one warm-started),
    # forced on small instances: same optimum, and the aggregated model has the same
    # integer solutions (only the leg rows are gone)
    import eitflow.solve.batch as S
    from eitflow.model.build import build_arrays

    monkeypatch.setattr(S, "AGGREGATED_FIRST_LEGS", 1)
    scen = facility_scenario(*read_orlib_cap(shared / f"data/benchmarks/orlib_cap/{name}.txt"))
    res = optimise(scen)
    assert res.status == "optimal"
    assert -res.summary["objective"] == pytest.approx(_capopt(shared)[name], rel=1e-8, abs=2e-3)
    arr = build_arrays(scen, res.candidates)
    agg = arr.aggregated()
    assert arr.n_leg_rows > 0 and agg.n_leg_rows == 0 and agg.shape[0] == arr.shape[0] - arr.n_leg_rows


def test_a_hub_leg_for_one_flow_of_its_site_serves_that_flow_only():
    """links.csv's demand_flow_id (supply_flow_id) says which flow of the site a link serves, and
    a direct link honoured it; a hub's leg served every flow of its role at the site. B has two
    demands of 50 t/yr at 10 EUR/t and one leg H -> B for b1: only b1 is served, 50 x 10 = 500
    EUR/yr (the leg served b2 too: 1,000); likewise a leg A -> H for a1 of A's two supplies."""
    sites = pd.DataFrame({"site_id": ["A", "B"], "lat": [45.0, 45.3], "lon": [4.0, 4.3]})
    flows = pd.DataFrame({"flow_id": ["a1", "a2", "b1", "b2"], "site_id": ["A", "A", "B", "B"],
                          "direction": ["supply", "supply", "demand", "demand"], "resource": "good",
                          "amount": [40.0, 100.0, 50.0, 50.0], "unit": "t/yr",
                          "price_eur_per_unit": [0.0, 0.0, 10.0, 10.0]})
    hub = _hub(0.0).assign(capacity=1000.0)
    links = pd.DataFrame({"source_site": ["A", "H"], "sink_site": ["H", "B"], "supply_flow_id": ["a1", ""],
                          "demand_flow_id": ["", "b1"], "supply_resource": "good", "distance_km": 0.0,
                          "var_cost_eur_per_unit": 0.0, "fixed_cost_eur_per_yr": 0.0})
    res = optimise(scenario_from_frames(sites, flows, links, GOOD_RESOURCE, hubs=hub, discount_rate=0.0,
                                        lifetime_years=1.0, carbon_price_eur_per_t=0.0, solver={"mip_gap": 0}))
    # a1's 40 t/yr is all that may enter H, and only b1 may take it: 40 x 10 = 400 EUR/yr
    assert res.objective == pytest.approx(400.0)
    m = res.matches
    assert set(m["supply_flow_id"].dropna()) - {""} == {"a1"} and set(m["demand_flow_id"].dropna()) - {""} == {"b1"}
def test_hubs_csv_counts_what_a_hub_on_a_network_hands_out(tmp_path):
    """A station H standing on a hydrogen network hands the depot E its 50 t/yr and has no leg
    in: all it hands out comes from the network. hubs.csv had no row for it (its throughput was
    what its legs bring in: none), and Statistics.hubs() said 0 t/yr (resilience took it for idle)."""
    import eitflow
    from eitflow.results.rundir import write_run
    from test_unmatched_hub_pools import _hub_on_network

    res = eitflow.optimise(eitflow.read_scenario(_hub_on_network(tmp_path, 10000)))
    assert res.matches.groupby("demand_flow_id")["amount"].sum()["e1"] == pytest.approx(50)
    write_run(res, tmp_path / "run")
    hubs = pd.read_csv(tmp_path / "run" / "hubs.csv")
    assert list(hubs["hub_id"]) == ["H"] and hubs["throughput"].iloc[0] == pytest.approx(50)
    assert res.statistics.hubs()["throughput"].iloc[0] == pytest.approx(50)


def test_a_hub_on_a_network_passes_the_larger_of_its_legs_in_and_out_each_month(tmp_path):
    """The same station fed by a trucker T (60 t/yr, 10 t a month from April to September, H its
    only partner; what E does not take goes on into the network to B) and handing E its 50 t/yr
    (4.17 t a month). What passes through H each month is what T brings in summer (10 t) and
    what E draws from the network through it in winter (50 / 12 t): 6 x 10 + 6 x 50 / 12 = 85 t/yr
    (the legs in alone said 60)."""
    import eitflow
    from test_unmatched_hub_pools import _hub_on_network

    p = _hub_on_network(tmp_path, 10000)
    (tmp_path / "sites.csv").write_text((tmp_path / "sites.csv").read_text() + "T,Trucker T,47.012,5.045\n")
    summer = "0;0;0;0.1666666667;0.1666666667;0.1666666667;0.1666666667;0.1666666667;0.1666666665;0;0;0"
    (tmp_path / "flows.csv").write_text(
        "flow_id,site_id,direction,resource,amount,unit,price_eur_per_unit,purity,pressure_bar,monthly_profile\n"
        "s1,S,supply,hydrogen,1000,t/yr,0,0.99999,30,\n"
        f"t1,T,supply,hydrogen,60,t/yr,3000,0.99999,350,{summer}\n"
        "b1,B,demand,hydrogen,300,t/yr,2500,0.999,20,\n"
        "e1,E,demand,hydrogen,50,t/yr,10000,0.99997,350,\n")
    res = eitflow.optimise(eitflow.read_scenario(p))
    m = res.matches
    assert m.loc[m["sink_site"] == "H", "amount"].sum() == pytest.approx(60, abs=1e-6)
    assert m.loc[m["source_site"] == "H", "amount"].sum() == pytest.approx(50, abs=1e-6)
    assert res.statistics.hub_throughput()["throughput"].iloc[0] == pytest.approx(85, abs=1e-6)


def test_a_links_csv_leg_the_purity_rule_leaves_out_is_said(tmp_path):
    """links.csv's only rows for hydrogen: the electrolyser S to the station H, H to the depot D.
    H hands out 0.999 pure gas, D needs 0.99997: the purity rule leaves H -> D out, and D has no
    candidate. unmatched.csv (and, D required, the diagnosis) said 'links.csv gives the
    candidates of this resource pair and names none for this flow', its row beside it."""
    import eitflow
    import eitflow.i18n as i18n

    (tmp_path / "sites.csv").write_text("site_id,name,lat,lon\nS,Electrolyser,47.0,5.0\nD,Depot,47.0,5.02\n")
    (tmp_path / "hubs.csv").write_text("hub_id,name,lat,lon,resources,capacity,purity\n"
                                       "H,Station,47.0,5.01,hydrogen,1000,0.999\n")
    (tmp_path / "links.csv").write_text("source_site,sink_site,supply_resource\nS,H,hydrogen\nH,D,hydrogen\n")
    (tmp_path / "flows.csv").write_text("flow_id,site_id,direction,resource,amount,unit,price_eur_per_unit,purity,"
                                        "required\ns1,S,supply,hydrogen,100,t/yr,0,0.99999,\n"
                                        "d1,D,demand,hydrogen,50,t/yr,8000,0.99997,\n")
    (tmp_path / "scenario.yaml").write_text("name: impure leg\nsites: sites.csv\nflows: flows.csv\nhubs: hubs.csv\n"
                                            "links: links.csv\nsolver: {time_limit_s: 20}\n")
    said = ("links.csv's leg from hub Station (H) is left out: what leaves the hub is 0.999 pure, and it needs "
            "0.99997 (the purity rule)")
    res = eitflow.optimise(eitflow.read_scenario(tmp_path / "scenario.yaml"))
    um = res.unmatched.set_index("flow_id")
    assert um.at["d1", "reason"] == "quality" and um.at["d1", "detail"] == said
    # and explain's first row says the same (it gave only 'not_in_links_csv: links.csv ... has no
    # row for these sites' of the pair, as if the leg's rows were not there)
    from eitflow.analyses.explain import explain
    first = explain(res.scenario, res, flow_id="d1").sort_values("rank").iloc[0]
    assert first["rank"] == 0 and first["rule"] == "quality" and str(first["detail"]) == said
    assert "règle de pureté" in i18n.say(um.at["d1", "detail"], "fr")
    (tmp_path / "flows.csv").write_text((tmp_path / "flows.csv").read_text().replace("0.99997,\n", "0.99997,true\n"))
    res = eitflow.optimise(eitflow.read_scenario(tmp_path / "scenario.yaml"))
    assert res.status == "infeasible" and said in res.solution.message
