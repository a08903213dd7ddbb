"""CO2 trucked into a hub standing on a CO2 network and straight out again by the hub's own legs
never enters the pipes: it pays no compression into dense phase (0.11 MWh/t). Only what the hub
puts into the pipes pays it (`model.netpass`; the run's figures by the same rule,
`model.netpass.hub_passed`). Before 2026-12-07 every tonne into such a hub paid 8.8 EUR/t of
electricity and 0.00572 tCO2/t. Values by hand, and by a second solve."""

from __future__ import annotations

import pandas as pd
import pytest

import eitflow

PARAMS = dict(carbon_price_eur_per_t=100.0, discount_rate=0.0, lifetime_years=20.0,
              electricity_price_eur_per_mwh=80.0, electricity_co2_t_per_mwh=0.052, solver={"mip_gap": 0.0})


def _scenario(d_amount: float, s_amount: float, s_price: float, resources: dict | None = None,
              hub_fixed: float = 0.0, hub_investment: float = 0.0, **params):
    """Emitter E (100,000 t/yr, no price) trucks its CO2 1 km to hub H (free, or `hub_fixed`
    EUR/yr and `hub_investment` EUR) on a CO2 network;
    H trucks 1 km to buyer D (`d_amount` t/yr at 50 EUR/t; links.csv: no investment, no fixed
    or variable cost); one 1 km corridor H - S, terminal S (`s_amount` t/yr at `s_price`)."""
    sites = pd.DataFrame({"site_id": ["E", "S", "D"], "lat": [45.0, 45.02, 45.0], "lon": [4.80, 4.80, 4.82]})
    flows = pd.DataFrame({"flow_id": ["e", "s", "d"], "site_id": ["E", "S", "D"],
                          "direction": ["supply", "demand", "demand"], "resource": "co2",
                          "amount": [100_000.0, s_amount, d_amount], "unit": "t/yr",
                          "price_eur_per_unit": [0.0, s_price, 50.0]})
    links = pd.DataFrame({"source_site": ["E", "H"], "sink_site": ["H", "D"], "supply_resource": ["co2"] * 2,
                          "demand_resource": ["co2"] * 2, "distance_km": [1.0, 1.0], "investment_eur": [0.0, 0.0],
                          "fixed_cost_eur_per_yr": [0.0, 0.0], "var_cost_eur_per_unit": [0.0, 0.0]})
    hubs = pd.DataFrame({"hub_id": ["H"], "lat": [45.01], "lon": [4.80], "resources": ["co2"], "capacity": [1e6],
                         "investment_eur": [hub_investment], "fixed_cost_eur_per_yr": [hub_fixed]})
    cor = pd.DataFrame({"corridor_id": ["k"], "resource": ["co2"], "from": ["H"], "to": ["S"], "length_km": ["1"]})
    return eitflow.scenario_from_frames(sites, flows, links, hubs=hubs, corridors=cor, networks={"co2": {}},
                                        resources=resources, **{**PARAMS, **params})


def _run(d_amount: float, s_amount: float, s_price: float, resources: dict | None = None, **params):
    """`_scenario`, solved (optimal)."""
    res = eitflow.optimise(_scenario(d_amount, s_amount, s_price, resources, **params))
    assert res.status == "optimal"
    return res


def test_co2_trucked_through_a_hub_on_a_network_pays_no_compression():
    """S takes 1,000 t/yr worth only its carbon (100 x 0.1 = 10 EUR/t): 10,000 EUR/yr, less than a
    DN50 (448 EUR/m x 1,000 m x 0.07 = 31,360 EUR/yr), so no pipe; all 100,000 t/yr go E -> H -> D
    by truck. Per tonne: each truck leg's CO2 0.0001 t/t x 100 EUR/t = 0.01 EUR/t; D 50 + 100 x
    0.1 = 60 EUR/t: 60 - 0.01 - 0.01 = 59.98 EUR/t x 100,000 = 5,998,000 EUR/yr (main: 8.8 + 0.572
    EUR/t of compression more, 5,060,800). CO2 avoided 100,000 x (0.1 - 0.0001 - 0.0001) = 9,980
    tCO2/yr (main 9,408); the compression's electricity 0 MWh/yr (main 11,000)."""
    res = _run(100_000.0, 1_000.0, 0.0)
    lk = res.statistics.links().set_index("kind")
    assert sorted(lk.index) == ["from_hub", "to_hub"]
    assert lk.at["to_hub", "amount"] == pytest.approx(100_000.0, rel=1e-9)
    assert res.objective == pytest.approx(5_998_000.0, rel=1e-7)
    assert res.summary["totals"]["net_benefit_eur_per_yr"] == pytest.approx(5_998_000.0, rel=1e-7)
    assert res.statistics.totals()["co2_avoided_t_per_yr"] == pytest.approx(9_980.0, rel=1e-7)
    assert lk["injection_electricity_mwh_per_yr"].sum() == 0.0
    assert res.summary["network_injection"]["electricity_mwh_per_yr"] == 0.0


def test_only_what_the_hub_puts_into_the_pipes_pays():
    """D takes 30,000 t/yr by truck, S 70,000 t/yr by the pipe at 50 EUR/t: 70,000 t/yr enter
    the pipes, 0.11 x 70,000 = 7,700 MWh/yr (main: 11,000), 616,000 EUR/yr at 80 EUR/MWh. A
    second solve without the compression (`injection_electricity_mwh_per_unit: 0`) builds the
    same plan and is worth 70,000 x (8.8 + 0.572) = 656,040 EUR/yr more (main: 937,200)."""
    res = _run(30_000.0, 70_000.0, 50.0)
    free = _run(30_000.0, 70_000.0, 50.0, {"co2": {"network": {"injection_electricity_mwh_per_unit": 0}}})
    lk = res.statistics.links().set_index("kind")
    assert lk.at["from_hub", "amount"] == pytest.approx(30_000.0, rel=1e-9)
    assert lk.at["from_net", "amount"] == pytest.approx(70_000.0, rel=1e-9)
    assert lk.at["to_hub", "injection_electricity_mwh_per_yr"] == pytest.approx(7_700.0, rel=1e-9)
    said = res.summary["network_injection"]
    assert said["electricity_mwh_per_yr"] == pytest.approx(7_700.0, rel=1e-9)
    assert said["electricity_eur_per_yr"] == pytest.approx(616_000.0, rel=1e-9)
    assert free.statistics.links()["amount"].sum() == pytest.approx(res.statistics.links()["amount"].sum())
    assert free.objective - res.objective == pytest.approx(656_040.0, rel=1e-7)
    tot, tot_free = res.summary["totals"], free.summary["totals"]
    assert tot_free["net_benefit_eur_per_yr"] - tot["net_benefit_eur_per_yr"] == pytest.approx(656_040.0, rel=1e-7)
    # its CO2: 70,000 x 0.00572 = 400.4 tCO2/yr
    assert tot_free["co2_avoided_t_per_yr"] - tot["co2_avoided_t_per_yr"] == pytest.approx(400.4, rel=1e-7)


def test_under_the_co2_objective_the_hub_spares_the_compressions_co2():
    """`objective: co2`, the split case: D 30,000 t/yr and S 70,000 t/yr avoid 0.1 t/t each,
    10,000 tCO2/yr; the trucks 100,000 x 0.0001 + 30,000 x 0.0001 = 13; the compression of the
    70,000 t piped 70,000 x 0.11 x 0.052 = 400.4: 10,000 - 13 - 400.4 = 9,586.6 tCO2/yr (main:
    572 of compression, 9,415). The money stage (`solve.lexico`) reads the same CO2 and finds a
    plan (it was infeasible with the refund left out of its row)."""
    res = _run(30_000.0, 70_000.0, 50.0, objective="co2")
    assert res.objective == pytest.approx(9_586.6, rel=1e-7)
    assert res.summary["totals"]["co2_avoided_t_per_yr"] == pytest.approx(9_586.6, rel=1e-7)
    assert res.solution.money_stage["status"] == "optimal"


def test_pareto_bounds_co2_with_what_the_hub_passes_through():
    """S pays -10 EUR/t (its carbon, +10, only evens it out), so the net-benefit optimum sends
    30,000 t/yr E -> H -> D by truck, all of it passed straight through: CO2 avoided 30,000 x
    (0.1 - 0.0001 - 0.0001) = 2,994 tCO2/yr, 30,000 x 59.98 = 1,799,400 EUR/yr. The most CO2 adds
    70,000 t/yr piped to S, each tonne 0.1 - 0.0001 (truck in) - 0.00572 (compression) = 0.09418
    t/t: 2,994 + 6,592.6 = 9,586.6 tCO2/yr. Three points: 2,994, 6,290.3 (35,000 t/yr to S) and
    9,586.6. comb2 bounded the links' CO2 alone (the refund of 30,000 x 0.00572 = 171.6 tCO2/yr
    left out): point 0's co2_min read 2,822.4 against its own 2,994 and the last point, needing
    9,586.6 of the links that reach only 9,415, was infeasible (NaN)."""
    from eitflow.analyses.pareto import pareto_front

    df = pareto_front(_scenario(30_000.0, 70_000.0, -10.0), n_points=3)
    assert list(df["status"]) == ["optimal"] * 3
    assert list(df["co2_min_t_per_yr"]) == pytest.approx([2_994.0, 6_290.3, 9_586.6], rel=1e-9)
    assert list(df["co2_avoided_t_per_yr"]) == pytest.approx([2_994.0, 6_290.3, 9_586.6], rel=1e-6)
    assert df["net_benefit_eur_per_yr"].iat[0] == pytest.approx(1_799_400.0, rel=1e-9)


def test_the_co2_row_counts_what_the_hub_passes_through():
    """`co2_row` bounds CO2 as the co2 objective counts it: capped at 2,994 tCO2/yr, the co2
    solve's objective, the plan's CO2 read back (`plan_co2_t_per_yr`) and the run's figure are
    all 2,994; then its money stage (`solve.lexico`, the same row from below) keeps the plan
    worth the most at that CO2, the trucks-only plan above: 1,799,400 EUR/yr."""
    from eitflow.model.netpass import co2_row, plan_co2_t_per_yr

    scen = _scenario(30_000.0, 70_000.0, -10.0, objective="co2")
    cand = eitflow.build_candidates(scen)
    res = eitflow.optimise(scen, candidates=cand, extra=[co2_row(scen, cand, hi=2_994.0)])
    assert res.objective == pytest.approx(2_994.0, rel=1e-7)
    assert plan_co2_t_per_yr(scen, res.candidates, res.solution.period_flow,
                             res.solution.flow) == pytest.approx(2_994.0, rel=1e-7)
    assert res.statistics.totals()["co2_avoided_t_per_yr"] == pytest.approx(2_994.0, rel=1e-7)
    assert res.summary["totals"]["net_benefit_eur_per_yr"] == pytest.approx(1_799_400.0, rel=1e-7)


@pytest.mark.parametrize("d_amount, s_amount, s_price, best, co2", [
    (100_000.0, 1_000.0, 0.0, 5_998_000.0, 9_980.0),
    (30_000.0, 70_000.0, -10.0, 1_799_400.0, 2_994.0),
])
def test_explain_refunds_the_compression_on_a_route_through_the_hub(d_amount, s_amount, s_price, best, co2):
    """`eitflow explain`'s route E -> H -> D through the hub on the CO2 network passes all it
    brings straight out: per tonne 60 (D's price 50 + its carbon 100 x 0.1) - 0.01 - 0.01 (the
    trucks' CO2) = 59.98 EUR/t, x 100,000 = 5,998,000 EUR/yr and 0.1 - 0.0002 = 0.0998 t/t x
    100,000 = 9,980 tCO2/yr (30,000 t/yr: 1,799,400 and 2,994), the run's own figures. comb2
    charged the leg in the compression (8.8 + 0.572 EUR/t, 0.00572 t/t): 5,060,800 EUR/yr and 9,408
    tCO2/yr (1,518,240 and 2,822.4)."""
    from eitflow.analyses.explain import explain

    res = _run(d_amount, s_amount, s_price)
    row = explain(res.scenario, res, flow_id="e").set_index("partner_flow_id").loc["d"]
    assert row["rule"] == "matched"
    assert row["best_case_eur_per_yr"] == pytest.approx(best, rel=1e-9)
    assert row["best_case_co2_t_per_yr"] == pytest.approx(co2, rel=1e-9)
    assert res.summary["totals"]["net_benefit_eur_per_yr"] == pytest.approx(best, rel=1e-7)


def test_explain_a_hub_on_a_co2_network_not_built_counts_the_refund():
    """The hub costs 6,000,000 EUR/yr: the route E -> H -> D brings 59.98 x 100,000 = 5,998,000
    EUR/yr (above), 2,000 short, so nothing is built and explain says hub_not_built, the route's
    value 5,998,000 its threshold (comb2: 5,060,800, the compression charged on all it brings)."""
    from eitflow.analyses.explain import explain

    res = eitflow.optimise(_scenario(100_000.0, 1_000.0, 0.0, hub_fixed=6_000_000.0))
    assert res.summary["totals"]["net_benefit_eur_per_yr"] == pytest.approx(0.0, abs=1e-6)
    row = explain(res.scenario, res, flow_id="e").set_index("partner_flow_id").loc["d"]
    assert row["rule"] == "hub_not_built"
    assert row["threshold"] == pytest.approx(5_998_000.0, rel=1e-9)
    assert row["best_case_eur_per_yr"] == pytest.approx(5_998_000.0 - 6_000_000.0, rel=1e-6)


@pytest.mark.parametrize("d_amount, s_amount, s_price, said", [
    (100_000.0, 1_000.0, 0.0, None),
    (30_000.0, 70_000.0, 50.0, "E puts 70,000 t/yr into the CO2 network through H"),
])
def test_explain_says_only_what_enters_the_pipes(d_amount, s_amount, s_price, said):
    """E trucks 100,000 t/yr into H; H trucks 100,000 (then 30,000) t/yr straight out to D: what
    enters the pipes is 100,000 - 100,000 = 0 (no such row) and 100,000 - 30,000 = 70,000 t/yr
    (S's 70,000 t/yr). comb2 said 'E puts 100,000 t/yr into the CO2 network' in both."""
    from eitflow.analyses.explain import explain

    res = _run(d_amount, s_amount, s_price)
    ex = explain(res.scenario, res, flow_id="e", lang="en")
    top = [str(d) for d in ex.loc[ex["rank"] == 0, "detail"]]
    into = [d for d in top if "into the CO2 network" in d]
    assert into == ([] if said is None else [said + ", which stands on it"])


def test_each_exchange_after_shares_keeps_the_pipes_compression_on_the_leg_in(tmp_path):
    """D 30,000 t/yr by truck, S 70,000 t/yr by the pipe (50 EUR/t). By hand, EUR/yr:
    the leg E -> H: its trucks' CO2 100,000 x 0.0001 t/t x 100 EUR/t = 1,000, and the compression
    of the 70,000 t the hub puts into the pipes, 70,000 x (8.8 + 0.572) = 656,040: -657,040.
    Of it, what goes with the 30,000 t H trucks straight out to D: 1,000 x 30,000 / 100,000 = 300.
    D's own: 30,000 x (50 + 100 x 0.1 - 0.01) = 1,799,700; its share of the network (the DN50,
    448 x 1,000 x 0.07 = 31,360): 0, as none of its 30,000 t/yr is in the pipes (trucked in and
    straight out; S draws all 70,000 of them: before 2026-12-07 D bore 30,000 / 100,000 of it, 9,408).
    D after shares: 1,799,700 - 0 - 300 = 1,799,400 (comb2: all of the leg's -657,040 passed
    to D, 1,133,252; then 1,789,992 with the 9,408); the leg keeps -657,040 + 300 = -656,740 (comb2: 0).
    CO2, tCO2/yr: the leg -(100,000 x 0.0001 + 70,000 x 0.11 x 0.052) = -10 - 400.4 = -410.4, of
    which 30,000 x 0.0001 = 3 goes to D: D 30,000 x (0.1 - 0.0001) - 3 = 2,994 (main: 2,586.6),
    the leg -407.4 (main: 0). The figures after shares still add up to the headline in
    matches.csv, companies.csv, summary.json, results.xlsx and the report."""
    from eitflow.report.html import render_html
    from eitflow.report.workbook import read_results_workbook, write_results_workbook
    from eitflow.results.rundir import read_run, write_run

    res = _run(30_000.0, 70_000.0, 50.0)
    lk = res.statistics.links().set_index("kind")
    assert lk.at["to_hub", "net_benefit_eur_per_yr"] == pytest.approx(-657_040.0, rel=1e-9)
    assert lk.at["from_hub", "network_cost_share_eur_per_yr"] == 0.0
    assert lk.at["from_net", "network_cost_share_eur_per_yr"] == pytest.approx(31_360.0, rel=1e-9)
    assert lk.at["from_hub", "net_benefit_after_shares_eur_per_yr"] == pytest.approx(1_799_400.0, rel=1e-9)
    assert lk.at["to_hub", "net_benefit_after_shares_eur_per_yr"] == pytest.approx(-656_740.0, rel=1e-9)
    assert lk.at["from_hub", "co2_avoided_after_shares_t_per_yr"] == pytest.approx(2_994.0, rel=1e-9)
    assert lk.at["to_hub", "co2_avoided_after_shares_t_per_yr"] == pytest.approx(-407.4, rel=1e-9)
    tot = res.summary["totals"]
    data = read_run(write_run(res, tmp_path / "run"))
    m = data.matches
    assert m["net_benefit_after_shares_eur_per_yr"].sum() == pytest.approx(tot["net_benefit_eur_per_yr"], rel=1e-12)
    assert m["co2_avoided_after_shares_t_per_yr"].sum() == pytest.approx(tot["co2_avoided_t_per_yr"], rel=1e-12)
    assert data.summary["totals"]["net_benefit_eur_per_yr"] == pytest.approx(tot["net_benefit_eur_per_yr"], rel=1e-12)
    assert data.companies["total_eur_per_yr"].sum() == pytest.approx(tot["net_benefit_eur_per_yr"], rel=1e-9)
    assert data.companies["co2_avoided_t_per_yr"].sum() == pytest.approx(tot["co2_avoided_t_per_yr"], rel=1e-9)
    book = read_results_workbook(write_results_workbook(res, tmp_path / "results.xlsx", lang="en"))
    after = book["matches"]["net_benefit_after_shares_eur_per_yr"].astype(float)
    assert sorted(after.round(6)) == pytest.approx(sorted([-656_740.0, 1_799_400.0, tot["net_benefit_eur_per_yr"]
                                                           - 1_799_400.0 + 656_740.0]), rel=1e-9)
    html = render_html(data, "en")
    assert "1,799,400" in html and "-656,740" in html.replace("\u2212", "-")
