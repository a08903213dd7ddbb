"""The statistics layer by hand: one answer for the summary, zones, companies, pareto,
alternatives and resilience, with a supply that must be built; the zone allocation rules;
the identities for any transfer price; duals solved once, in `optimise`."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from eitflow import optimise, scenario_from_frames
from eitflow.analyses.alternatives import k_best
from eitflow.analyses.pareto import pareto_front
from eitflow.analyses.resilience import resilience
from eitflow.bench.instances import GOOD_RESOURCE
from eitflow.results.rundir import read_run, write_run
from eitflow.results.statistics import Statistics
from eitflow.results.zones import ALLOCATIONS

# S (zone Z1) supplies 100 t/yr and must be built: investment 500 EUR, fixed cost 100 EUR/yr;
# with discount rate 0 over 1 year its annuity is the investment, so it costs 600 EUR/yr.
# B1 (zone Z2) buys 60 t/yr at 30 EUR/t, B2 (zone Z1) 100 t/yr at 20 EUR/t; transport 1 EUR/t.
# CO2 factors of the inputs replaced: B1 0.5 t/t, B2 2 t/t; carbon price 0.
SITES = pd.DataFrame({"site_id": ["S", "B1", "B2"], "lat": [45.0, 45.01, 45.02], "lon": [4.0, 4.0, 4.0],
                      "zone": ["Z1", "Z2", "Z1"]})


def _scenario(invest=500.0, fixed=100.0):
    flows = pd.DataFrame({"site_id": ["S", "B1", "B2"], "direction": ["supply", "demand", "demand"],
                          "resource": "good", "amount": [100.0, 60.0, 100.0], "unit": "t/yr",
                          "price_eur_per_unit": [0.0, 30.0, 20.0], "co2_factor_t_per_unit": [np.nan, 0.5, 2.0],
                          "investment_eur": [invest, np.nan, np.nan], "fixed_cost_eur_per_yr": [fixed, np.nan, np.nan]})
    links = pd.DataFrame({"source_site": ["S", "S"], "sink_site": ["B1", "B2"], "supply_resource": "good",
                          "distance_km": 0.0, "var_cost_eur_per_unit": 1.0, "fixed_cost_eur_per_yr": 0.0})
    return scenario_from_frames(SITES, flows, links, GOOD_RESOURCE, discount_rate=0.0, lifetime_years=1.0,
                                carbon_price_eur_per_t=0.0, solver={"mip_gap": 0})


# The optimum, by hand: values 30 - 1 = 29 EUR/t (B1) and 20 - 1 = 19 EUR/t (B2); S fills B1
# (60 t) and sends the other 40 t to B2: 29 x 60 + 19 x 40 = 1740 + 760 = 2500 EUR/yr from the
# links, less S's 600 EUR/yr = 1900 EUR/yr (> 0, so S is built). Investment 500 EUR (S's);
# CO2 60 x 0.5 + 40 x 2 = 110 tCO2/yr.
NET, INVEST, CO2 = 1900.0, 500.0, 110.0


@pytest.fixture(scope="module")
def res():
    return optimise(_scenario())


def test_run_summary_counts_the_built_supply(res):
    t = res.summary["totals"]
    assert res.objective == pytest.approx(NET)
    assert t["net_benefit_eur_per_yr"] == pytest.approx(NET)
    assert t["investment_eur"] == pytest.approx(INVEST)
    assert t["supply_build_eur_per_yr"] == pytest.approx(600.0)
    assert t["co2_avoided_t_per_yr"] == pytest.approx(CO2)
    assert repr(res).startswith("<Result optimal: 1,900.00 EUR/yr, gap 0%; 2 links")


def test_alternatives_rank_0_pareto_and_resilience_agree_with_the_run(res):
    scen = res.scenario
    port, _ = k_best(scen, k=0)
    assert port.loc[0, "net_benefit_eur_per_yr"] == pytest.approx(NET)
    assert port.loc[0, "investment_eur"] == pytest.approx(INVEST)
    assert port.loc[0, "objective"] == pytest.approx(NET)
    front = pareto_front(scen, n_points=2)
    best = front.iloc[0]
    assert best["net_benefit_eur_per_yr"] == pytest.approx(NET)
    assert best["investment_eur"] == pytest.approx(INVEST)
    # a point's bound bounds its own objective
    assert (front["bound_eur_per_yr"] >= front["net_benefit_eur_per_yr"] - 1e-6).all()
    # resilience: its base case is the run's; closing B1 leaves S -> B2 with 100 t:
    # 19 x 100 - 600 = 1300 EUR/yr, so 1900 - 1300 = 600 EUR/yr are lost
    rs = resilience(scen)
    assert rs.attrs["base"]["net_benefit_eur_per_yr"] == pytest.approx(NET)
    assert rs.attrs["base"]["investment_eur"] == pytest.approx(INVEST)
    lost = rs.set_index("site_id")
    assert lost.at["B1", "objective_lost"] == pytest.approx(600.0)
    assert lost.at["B1", "net_benefit_lost_eur_per_yr"] == pytest.approx(600.0)
    assert lost.at["S", "objective_lost"] == pytest.approx(NET)


def test_suggested_prices_and_company_benefits_by_hand(res):
    # S is scarce: its last tonne goes to B2 at 19 EUR/t, its rent (the dual of its supply row).
    L = res.statistics.links().set_index("sink_site")
    assert L["rent_eur_per_unit"].tolist() == pytest.approx([19.0, 19.0])
    # the band: from S's annual cost per tonne delivered, 600 / 100 = 6 EUR/t, to what the buyer
    # can pay, 29 (B1) and 19 (B2) EUR/t; the suggested price is its middle: 17.5 and 12.5
    assert L["price_min_eur_per_unit"].tolist() == pytest.approx([6.0, 6.0])
    assert L["price_max_eur_per_unit"].tolist() == pytest.approx([29.0, 19.0])
    assert L["price_eur_per_unit"].tolist() == pytest.approx([17.5, 12.5])
    # S: 17.5 x 60 + 12.5 x 40 = 1550 as supplier, less 600 = 950;
    # B1: (29 - 17.5) x 60 = 690; B2: (19 - 12.5) x 40 = 260; 950 + 690 + 260 = 1900
    c = res.statistics.companies().set_index("site_id")
    assert c.at["S", "as_supplier_eur_per_yr"] == pytest.approx(1550.0)
    assert c.at["S", "build_cost_eur_per_yr"] == pytest.approx(600.0)
    assert c.at["S", "total_eur_per_yr"] == pytest.approx(950.0)
    assert c.at["B1", "total_eur_per_yr"] == pytest.approx(690.0)
    assert c.at["B2", "total_eur_per_yr"] == pytest.approx(260.0)
    assert c.at["S", "investment_eur"] == pytest.approx(500.0)


# Zone totals (Z1 = S + B2, Z2 = B1), net benefit / CO2 / investment, by hand:
#   company: Z1 = S 950 + B2 260 = 1210, Z2 = B1 690; CO2 where the input is replaced:
#            Z1 = 40 x 2 = 80, Z2 = 60 x 0.5 = 30; investment: S's 500 in Z1
#   sink:    link S->B1 (1740) in Z2, S->B2 (760) in Z1, S's 600 in Z1: Z1 = 160, Z2 = 1740
#   source:  both links in Z1: Z1 = 2500 - 600 = 1900, Z2 = 0; CO2 Z1 = 110
#   half:    S->B1 half each: Z1 = 760 + 870 - 600 = 1030, Z2 = 870; CO2 Z1 = 80 + 15 = 95, Z2 = 15
ZONES_BY_HAND = {
    "company": {"Z1": (1210.0, 80.0, 500.0), "Z2": (690.0, 30.0, 0.0)},
    "sink": {"Z1": (160.0, 80.0, 500.0), "Z2": (1740.0, 30.0, 0.0)},
    "source": {"Z1": (1900.0, 110.0, 500.0), "Z2": (0.0, 0.0, 0.0)},
    "half": {"Z1": (1030.0, 95.0, 500.0), "Z2": (870.0, 15.0, 0.0)},
}


@pytest.mark.parametrize("allocation", sorted(ALLOCATIONS))
def test_zone_totals_by_hand(res, allocation):
    z = res.statistics.zones(allocation).set_index("zone")
    for zone, (nb, co2, inv) in ZONES_BY_HAND[allocation].items():
        assert z.at[zone, "net_benefit_eur_per_yr"] == pytest.approx(nb, abs=1e-6), (allocation, zone)
        assert z.at[zone, "co2_avoided_t_per_yr"] == pytest.approx(co2, abs=1e-9), (allocation, zone)
        assert z.at[zone, "investment_eur"] == pytest.approx(inv, abs=1e-9), (allocation, zone)
    assert z.at["Z1", "build_cost_eur_per_yr"] == pytest.approx(600.0)
    assert (z.at["Z1", "links_inside"], z.at["Z1", "links_out"], z.at["Z2", "links_in"]) == (1, 1, 1)


def test_identities_hold_for_any_transfer_price(res, monkeypatch):
    """Whatever rule sets the price (inside the band or not), companies and zones add up."""
    import eitflow.results.statistics as st

    rng = np.random.default_rng(3)
    for _ in range(5):
        monkeypatch.setattr(st, "suggested_price", lambda lo, hi: rng.uniform(-50, 50, len(lo)))
        s = Statistics(res.scenario, res.candidates, res.solution)
        p = s.links()["price_eur_per_unit"].to_numpy()
        assert not np.allclose(p, [17.5, 12.5])
        c = s.companies()
        assert c["total_eur_per_yr"].sum() == pytest.approx(NET, rel=1e-12)
        for a in ALLOCATIONS:
            assert s.zones(a)["net_benefit_eur_per_yr"].sum() == pytest.approx(NET, rel=1e-12)
        # company allocation = companies summed by zone
        byz = c.groupby("zone")["total_eur_per_yr"].sum()
        z = s.zones("company").set_index("zone")["net_benefit_eur_per_yr"]
        assert np.allclose(byz.reindex(z.index, fill_value=0.0), z)


def test_duals_are_solved_in_optimise_not_in_the_writer(res, tmp_path, monkeypatch):
    import highspy

    assert res.solution.duals is not None and res.solution.duals.status == "optimal"
    assert "duals" in res.summary["timings_s"]

    def no_solver(*a, **k):
        raise AssertionError("the run directory writer must not solve anything")

    monkeypatch.setattr(highspy, "Highs", no_solver)
    if hasattr(highspy, "_core"):
        monkeypatch.setattr(highspy._core, "_Highs", no_solver, raising=False)
    run = write_run(res, tmp_path / "run")
    data = read_run(run)
    assert data.price_bands["price_suggested_eur_per_unit"].tolist() == pytest.approx([17.5, 12.5])
    assert data.zones.set_index("zone").at["Z1", "net_benefit_eur_per_yr"] == pytest.approx(1210.0)
    assert data.totals["net_benefit_eur_per_yr"] == pytest.approx(NET)


def test_without_time_left_the_duals_are_missing_and_nothing_else_changes():
    from eitflow.solve.duals import fixed_binary_duals

    r = optimise(_scenario())
    sol = r.solution
    d = fixed_binary_duals(r.scenario, r.candidates, sol.flow, sol.built, sol.hub_built, sol.supply_built,
                           time_limit_s=0.0)
    assert d.status == "no_time" and np.isnan(d.supply_eur_per_unit).all()
    sol.duals = d
    s = Statistics(r.scenario, r.candidates, sol)
    assert s.links()["rent_eur_per_unit"].isna().all()
    assert s.links()["price_eur_per_unit"].tolist() == pytest.approx([17.5, 12.5])
    assert s.companies()["total_eur_per_yr"].sum() == pytest.approx(NET)


def test_run_directory_round_trip(res, tmp_path):
    run = write_run(res, tmp_path / "run")
    data = read_run(run)
    assert data.has_solution and len(data.matches) == 2
    assert data.companies["total_eur_per_yr"].sum() == pytest.approx(NET)
    assert data.zones["net_benefit_eur_per_yr"].sum() == pytest.approx(NET)
    assert set(data.zones["allocation"]) == {"company"}
    assert data.zone_flows["inside"].tolist() == [True, False]
    with pytest.raises(FileExistsError):
        write_run(res, run)


def test_co2_objective_has_no_money_duals_but_the_same_identities():
    import dataclasses

    scen = _scenario()
    r = optimise(dataclasses.replace(scen, params=scen.params.model_copy(update={"objective": "co2"})))
    # maximising CO2: S is not "built" as a decision (the CO2 model has no build cost), all 100 t
    # go to B2 (2 t/t beats 0.5): 100 x 2 = 200 tCO2/yr; the shadow prices would be tCO2 per unit
    assert r.objective == pytest.approx(200.0)
    assert r.solution.duals.status == "skipped: objective co2"
    t = r.statistics.totals()
    assert t["co2_avoided_t_per_yr"] == pytest.approx(200.0)
    # S delivers, so it was built: its 600 EUR/yr count in the portfolio's net benefit,
    # 19 x 100 - 600 = 1300 EUR/yr, and its 500 EUR in the investment
    assert t["net_benefit_eur_per_yr"] == pytest.approx(1300.0)
    assert t["investment_eur"] == pytest.approx(500.0)
    assert r.summary["totals"]["supply_build_eur_per_yr"] == pytest.approx(600.0)
    assert r.statistics.companies()["total_eur_per_yr"].sum() == pytest.approx(t["net_benefit_eur_per_yr"])


def test_zones_command_names_its_rule(tmp_path):
    from click.testing import CliRunner

    from eitflow.cli.analyses import zones_cmd

    root = __import__("pathlib").Path(__file__).resolve().parents[1]
    runner = CliRunner()
    helptext = runner.invoke(zones_cmd, ["--help"]).output
    for rule in ALLOCATIONS:
        assert rule in helptext
    out = tmp_path / "z.csv"
    r = runner.invoke(zones_cmd, [str(root / "scenarios" / "zae_example" / "scenario.yaml"), "--allocation", "half",
                                  "--csv", str(out)])
    assert r.exit_code == 0, r.output
    z = pd.read_csv(out)
    assert set(z["allocation"]) == {"half"}
    bad = runner.invoke(zones_cmd, [str(root / "scenarios" / "zae_example" / "scenario.yaml"), "--allocation", "x"])
    assert bad.exit_code == 2
