"""What an exchange is worth after its shares (`results.shares`), in EUR/yr and in tCO2/yr, so
that the brief's top 5, the report's table of exchanges and results.xlsx add up to the
headlines, worked out by hand:

- CO2 through a hub: a delivery bears the CO2 of the legs into the hub in proportion to what
  it takes out (before, on redon_h2 the brief's CO2 top 5 showed "Station -> Dépôt de cars" at
  649 tCO2/yr while the electrolyser's leg into the station, -169, was nowhere: the top 5
  summed to 1,333 for a headline of 1,164);
- a built supply's annual cost (an electrolyser's investment) borne by the exchanges it feeds,
  by amount (before, the figures after shares summed to the headline plus that cost), and a
  placed activity's likewise.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import eitflow
from eitflow.bench.instances import GOOD_RESOURCE
from eitflow.report.brief import render_brief
from eitflow.report.html import render_html
from eitflow.report.workbook import read_results_workbook, write_results_workbook
from eitflow.results.rundir import read_run, write_run
from figures import by_pair, cells, top_cells

ROOT = Path(__file__).resolve().parents[1]

# By hand. A must be built to supply (500 EUR investment, r = 0 over 1 year, + 100 EUR/yr: 600
# EUR/yr) a good at 5 EUR/t of disposal avoided; the leg into hub H costs 25 EUR/t (links.csv) and
# the hub handles it at 1 EUR/t: A -> H is worth 5 - 25 - 1 = -21 EUR/t. B takes 60 t/yr at 60
# EUR/t over 4 (56 EUR/t), C 30 t/yr at 70 over 6 (64 EUR/t). Hub: 1,000 EUR + 600 EUR/yr = 1,600
# EUR/yr. Both users together pay (3,360 + 1,920 - 1,890 - 1,600 - 600 = 1,190 EUR/yr; B alone
# 60 x 35 - 2,200 < 0, C alone 30 x 43 - 2,200 < 0): 90 t/yr go through the hub.
# CO2 (carbon price 0, so the money above is unchanged): the leg in runs 10 km at 0.01 tCO2/t/km
# (-0.1 t/t, -9 tCO2/yr); B's good replaces 0.5 tCO2/t (30 tCO2/yr), C's 0.8 (24 tCO2/yr).
HUB, SUPPLY_COST, HUB_COST = "H", 500.0 + 100.0, 1_000.0 + 600.0
OWN = {("A", HUB): -21.0 * 90, (HUB, "B"): 56.0 * 60, (HUB, "C"): 64.0 * 30}   # -1,890 3,360 1,920 EUR/yr
OBJECTIVE = sum(OWN.values()) - HUB_COST - SUPPLY_COST                         # 1,190 EUR/yr
BUILD = {("A", HUB): SUPPLY_COST, (HUB, "B"): 0.0, (HUB, "C"): 0.0}             # A's 600 on all it delivers
# the deliveries bear the hub's cost and the leg in after A's cost, per tonne out: (1,600 + 2,490) / 90
POOL = HUB_COST - (OWN[("A", HUB)] - SUPPLY_COST)                              # 4,090 EUR/yr
AFTER = {("A", HUB): 0.0, (HUB, "B"): 3_360.0 - 4_090.0 * 60 / 90, (HUB, "C"): 1_920.0 - 4_090.0 * 30 / 90}
CO2 = {("A", HUB): -9.0, (HUB, "B"): 30.0, (HUB, "C"): 24.0}                  # headline 45 tCO2/yr
CO2_AFTER = {("A", HUB): 0.0, (HUB, "B"): 30.0 - 9.0 * 60 / 90, (HUB, "C"): 24.0 - 9.0 * 30 / 90}  # 0 24 21


def _scenario(built: bool = True, with_c: bool = True):
    """The scenario above; `built=False`: A's supply is there already (no investment),
    `with_c=False`: without user C."""
    good = {"good": {**GOOD_RESOURCE["good"], "transport": {**GOOD_RESOURCE["good"]["transport"],
                                                            "co2_t_per_unit_km": 0.01}}}
    sites = pd.DataFrame({"site_id": ["A", "B", "C"], "name": ["Électrolyseur A", "Usager B", "Usager C"],
                          "lat": [45.0, 45.05, 45.1], "lon": [4.0, 4.05, 4.1]})
    flows = pd.DataFrame({"site_id": ["A", "B", "C"], "direction": ["supply", "demand", "demand"], "resource": "good",
                          "amount": [100.0, 60.0, 30.0], "unit": "t/yr", "price_eur_per_unit": [5.0, 60.0, 70.0],
                          "co2_factor_t_per_unit": [float("nan"), 0.5, 0.8],
                          "investment_eur": [500.0 if built else float("nan"), float("nan"), float("nan")],
                          "fixed_cost_eur_per_yr": [100.0 if built else float("nan"), float("nan"), float("nan")]})
    links = pd.DataFrame({"source_site": ["A", HUB, HUB], "sink_site": [HUB, "B", "C"], "supply_resource": "good",
                          "distance_km": [10.0, 0.0, 0.0], "var_cost_eur_per_unit": [25.0, 4.0, 6.0],
                          "fixed_cost_eur_per_yr": 0.0})
    hubs = pd.DataFrame({"hub_id": [HUB], "name": ["Plateforme H"], "lat": [45.04], "lon": [4.04],
                         "resources": ["good"], "capacity": [200.0], "investment_eur": [1_000.0],
                         "fixed_cost_eur_per_yr": [600.0], "var_cost_eur_per_unit": [1.0]})
    if not with_c:
        sites, flows, links = sites.iloc[:2], flows.iloc[:2], links.iloc[:2]
    return eitflow.scenario_from_frames(sites, flows, links, good, hubs=hubs, discount_rate=0.0, lifetime_years=1.0,
                                        carbon_price_eur_per_t=0.0, name="plateforme", lang="fr",
                                        solver={"mip_gap": 0.0})


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    res = eitflow.optimise(_scenario())
    assert res.status == "optimal" and res.objective == pytest.approx(OBJECTIVE, rel=1e-9)
    return res, write_run(res, tmp_path_factory.mktemp("sharefig") / "run")


def test_a_built_supply_through_a_hub_by_hand(run):
    res, _ = run
    st = res.statistics
    L, t = st.links(), st.totals()
    assert t["supply_build_eur_per_yr"] == pytest.approx(SUPPLY_COST) and t["co2_avoided_t_per_yr"] == pytest.approx(45.0)
    assert by_pair(L, "net_benefit_eur_per_yr") == pytest.approx(OWN)
    assert by_pair(L, "co2_avoided_t_per_yr") == pytest.approx(CO2)
    assert by_pair(L, "build_cost_share_eur_per_yr") == pytest.approx(BUILD)
    # the same EUR per tonne as the supply's price floor (600 / 90 t)
    assert by_pair(L, "build_share_eur_per_unit")[("A", HUB)] == pytest.approx(SUPPLY_COST / 90)
    assert by_pair(L, "net_benefit_after_shares_eur_per_yr") == pytest.approx(AFTER)
    assert by_pair(L, "co2_avoided_after_shares_t_per_yr") == pytest.approx(CO2_AFTER)
    # both add up to the headlines (before, money summed to 1,790 = the headline + A's 600)
    assert L["net_benefit_after_shares_eur_per_yr"].sum() == pytest.approx(OBJECTIVE)
    assert sum(AFTER.values()) == pytest.approx(OBJECTIVE) and sum(CO2_AFTER.values()) == pytest.approx(45.0)
    assert L["co2_avoided_after_shares_t_per_yr"].sum() == pytest.approx(t["co2_avoided_t_per_yr"])


def test_brief_report_and_workbook_show_the_figures_after_shares(run, tmp_path):
    res, out = run
    data = read_run(out)
    brief = render_brief(data, "fr")
    net = cells(brief, "top-net")
    assert [r[1] for r in net] == pytest.approx([AFTER[(HUB, "B")], AFTER[(HUB, "C")], 0.0])
    assert sum(r[1] for r in net) == pytest.approx(OBJECTIVE)
    co2 = top_cells(brief, "top-co2")
    # ranked by CO2 after shares: B 24, C 21, the leg in 0 (before: B 30, C 24, the leg in -9: 45 + 9 shown)
    assert [r[2] for r in co2] == pytest.approx([24.0, 21.0, 0.0]) and [r[1] for r in co2] == pytest.approx(
        [AFTER[(HUB, "B")], AFTER[(HUB, "C")], 0.0])
    assert 'id="brief-build-note"' in brief and 'id="brief-hub-note"' in brief
    html = render_html(data, "fr")
    # from, to, resource, amount, unit, km, net benefit, after shares, CO2, CO2 after shares, investment
    rows = cells(html, "matches-table")
    assert all(len(r) == 11 for r in rows)
    got = sorted(r[6:10] for r in rows)
    assert [x for r in got for x in r] == pytest.approx(
        [x for k in sorted(OWN, key=OWN.get) for x in (OWN[k], AFTER[k], CO2[k], CO2_AFTER[k])])
    assert "CO2 après parts" in html and "il a fallu construire (un électrolyseur" in html
    m = read_results_workbook(write_results_workbook(res, tmp_path / "r.xlsx", "fr"))["matches"]
    assert sorted(m["co2_avoided_after_shares_t_per_yr"]) == pytest.approx(sorted(CO2_AFTER.values()))
    assert sorted(m["build_cost_share_eur_per_yr"]) == pytest.approx(sorted(BUILD.values()))
    assert sorted(m["net_benefit_after_shares_eur_per_yr"]) == pytest.approx(sorted(AFTER.values()))


def test_a_placed_activity_is_split_over_its_flows_then_by_amount():
    """Hand-made links: placed activity P (cost 900 EUR/yr) has a demand p_in, served by S1 (40
    t/yr) and S2 (20 t/yr), a supply p_out sent to U (10 t/yr), and a supply p_idle with no
    exchange: 450 EUR/yr per flow with an exchange, p_in's over 60 t: 300 and 150. A built supply
    E (200 EUR/yr) sends 30 t/yr to U2 and 10 to V: 150 and 50. A direct exchange bears none."""
    from eitflow.results.shares import built_costs, with_shares

    L = pd.DataFrame([("direct", "S1", "P", "s1", "p_in", 40.0, 40.0, 1_000.0), ("direct", "S2", "P", "s2", "p_in", 20.0, 20.0, 500.0),
                      ("direct", "P", "U", "p_out", "u", 10.0, 5.0, 700.0), ("direct", "E", "U2", "e", "u2", 30.0, 30.0, 400.0),
                      ("direct", "E", "V", "e", "v", 10.0, 10.0, 100.0), ("direct", "S1", "W", "s1", "w", 5.0, 5.0, 50.0)],
                     columns=["kind", "source_site", "sink_site", "supply_flow_id", "demand_flow_id", "amount",
                              "demand_amount", "net_benefit_eur_per_yr"]).assign(
        hub_id="", supply_resource="good", co2_avoided_t_per_yr=1.0)
    flows = pd.DataFrame({"flow_id": ["s1", "s2", "p_in", "p_out", "p_idle", "e", "u"], "site_id": ["S1", "S2", "P", "P", "P", "E", "U"],
                          "direction": ["supply", "supply", "demand", "supply", "supply", "supply", "demand"],
                          "placement": [-1, -1, 0, 0, 0, -1, -1]})
    built = built_costs(flows, [False, False, False, False, False, True, False], [0, 0, 0, 0, 0, 200.0, 0],
                        pd.DataFrame({"cost_eur_per_yr": [900.0]}), [True])
    out = with_shares(L, pd.DataFrame(columns=["resource", "size", "cost_eur_per_yr", "investment_eur", "flow", "existing"]),
                      pd.DataFrame(columns=["hub_id", "resources", "annual_cost_eur_per_yr", "investment_eur"]), built)
    assert out["build_cost_share_eur_per_yr"].tolist() == pytest.approx([300.0, 150.0, 450.0, 150.0, 50.0, 0.0])
    assert out["net_benefit_after_shares_eur_per_yr"].tolist() == pytest.approx([700.0, 350.0, 250.0, 250.0, 50.0, 50.0])
    assert out["co2_avoided_after_shares_t_per_yr"].tolist() == pytest.approx([1.0] * 6)


def test_redon_h2_co2_top_five_adds_up_to_the_headline(tmp_path):
    """The bundled hydrogen scenario: the depots' deliveries from the shared station bear, per
    tonne taken out, the CO2 of the electrolyser's leg into it, worked out here from the raw
    matches.csv: -169.11 tCO2/yr over 76.855 t; coaches 648.57 - 58.9795 t x 169.11 / 76.855 =
    518.79, refuse trucks 196.27 - 17.8755 x 169.11 / 76.855 = 156.94. The top 5 by CO2: coaches,
    pool, cooperative, refuse trucks, boiler = 1,163.97 tCO2/yr, the headline (before: 649, 255,
    196, 160, 73 = 1,333)."""
    res = eitflow.optimise(eitflow.read_scenario(ROOT / "scenarios" / "redon_h2" / "scenario.yaml"))
    out = write_run(res, tmp_path / "run")
    legs = pd.read_csv(out / "matches.csv").set_index(["source_site", "sink_site"])
    co2 = legs["co2_avoided_t_per_yr"]
    into, taken = co2[("ELEC_H2", "HRS_REDON")], legs.loc[("HRS_REDON", ["DEPOT_CARS", "DEPOT_BOM"]), "amount"].sum()
    assert (round(into, 2), taken) == (-169.11, pytest.approx(76.855))
    cars = co2[("HRS_REDON", "DEPOT_CARS")] + into * legs.at[("HRS_REDON", "DEPOT_CARS"), "amount"] / taken
    bom = co2[("HRS_REDON", "DEPOT_BOM")] + into * legs.at[("HRS_REDON", "DEPOT_BOM"), "amount"] / taken
    assert (round(cars, 2), round(bom, 2)) == (518.79, 156.94)
    expected = [cars, co2[("ELEC_H2", "PISCINE")], co2[("STEP_REDON", "COOP_ALL")], bom, co2[("SCIERIE_BO", "CHAUF_BOIS")]]
    headline = res.statistics.totals()["co2_avoided_t_per_yr"]
    assert headline == pytest.approx(1_163.97, abs=0.01) and sum(expected) == pytest.approx(headline)
    top = top_cells(render_brief(read_run(out), "fr"), "top-co2")
    # and the hub's supply, 0 after its share, sixth: one table lists all six (`test_brief_tables_differ`)
    assert [r[2] for r in top] == pytest.approx(expected + [0.0], abs=1e-6)


def test_an_older_run_reads_co2_on_hub_legs_as_unknown(run, tmp_path):
    """matches.csv written before these columns: CO2 after shares is the exchange's own off a
    hub (exact: only a hub passes CO2 on), unknown (a dash) on a hub's legs; the build share unknown."""
    import shutil

    _, out = run
    old = tmp_path / "old"
    shutil.copytree(out, old)
    pd.read_csv(old / "matches.csv").drop(columns=["build_cost_share_eur_per_yr", "co2_avoided_after_shares_t_per_yr"]) \
        .to_csv(old / "matches.csv", index=False)
    m = read_run(old).matches
    assert m["co2_avoided_after_shares_t_per_yr"].isna().all() and m["build_cost_share_eur_per_yr"].isna().all()
    assert [r[2] for r in top_cells(render_brief(read_run(old), "fr"), "top-co2")] == [None, None, None]


def test_compare_gives_each_exchanges_co2_after_the_hubs_share(tmp_path):
    """`eitflow compare` from the hub serving B alone to B and C (A's supply there already: no
    build cost). By hand: alone, 60 t/yr through the hub (3,360 - 60 x 21 - 1,600 = 500 EUR/yr);
    the leg in -0.1 t/t x 60 = -6 tCO2/yr, B 0.5 x 60 = 30: headline 24, after the hub's share
    the leg 0 and B 24. With C: the figures above (leg -9, B 30, C 24: 45; after: 0, 24, 21). So
    the CO2 changes after shares are the leg 0, B 0, C +21 = 45 - 24 (before: the leg -3 and C +24,
    the leg's 3 more tCO2/yr of haulage charged to no delivery), as the money's: the leg 0, B
    +533.33 (3,360 - (1,600 + 1,260) = 500 alone, 3,360 - 3,490 x 60 / 90 = 1,033.33 with C), C
    1,920 - 3,490 x 30 / 90 = +756.67, summing to 1,790 - 500. An older run A (without the CO2
    column): the hub's legs unknown there, so their change unknown, never taken as 0; C, added, +21."""
    from click.testing import CliRunner

    from eitflow.cli.main import main

    alone, both = (eitflow.optimise(_scenario(built=False, with_c=w)) for w in (False, True))
    assert alone.objective == pytest.approx(3_360 - 21 * 60 - HUB_COST, rel=1e-9)
    assert both.objective == pytest.approx(sum(OWN.values()) - HUB_COST, rel=1e-9)
    run_a, run_b = write_run(alone, tmp_path / "A"), write_run(both, tmp_path / "B")
    headline = [r.statistics.totals()["co2_avoided_t_per_yr"] for r in (alone, both)]
    assert headline == pytest.approx([24.0, 45.0])

    def table(a) -> pd.DataFrame:
        out = CliRunner().invoke(main, ["compare", str(a), str(run_b), "--csv", str(tmp_path / "d.csv")])
        assert out.exit_code == 0, out.output
        return pd.read_csv(tmp_path / "d.csv")

    d = table(run_a)
    co2 = by_pair(d, "co2_after_shares_delta_t_per_yr")
    assert co2 == pytest.approx({("A", HUB): 0.0, (HUB, "B"): 0.0, (HUB, "C"): 21.0})
    assert sum(co2.values()) == pytest.approx(headline[1] - headline[0])
    assert by_pair(d, "co2_after_shares_a_t_per_yr") == pytest.approx({("A", HUB): 0.0, (HUB, "B"): 24.0, (HUB, "C"): 0.0})
    assert by_pair(d, "co2_after_shares_b_t_per_yr") == pytest.approx(CO2_AFTER)
    # each exchange's own CO2 stays beside it, as the money's own figure does
    assert by_pair(d, "co2_delta_t_per_yr") == pytest.approx({("A", HUB): -3.0, (HUB, "B"): 0.0, (HUB, "C"): 24.0})
    money = by_pair(d, "net_benefit_after_shares_delta_eur_per_yr")
    assert money == pytest.approx({("A", HUB): 0.0, (HUB, "B"): 3_360 - 3_490 * 60 / 90 - 500.0,
                                   (HUB, "C"): 1_920 - 3_490 * 30 / 90})
    assert sum(money.values()) == pytest.approx(both.objective - alone.objective)

    import shutil

    old = tmp_path / "old"
    shutil.copytree(run_a, old)
    pd.read_csv(old / "matches.csv").drop(columns=["co2_avoided_after_shares_t_per_yr"]).to_csv(
        old / "matches.csv", index=False)
    d = table(old)
    co2 = by_pair(d, "co2_after_shares_delta_t_per_yr")
    assert np.isnan(co2[("A", HUB)]) and np.isnan(co2[(HUB, "B")]) and co2[(HUB, "C")] == pytest.approx(21.0)
    assert np.isnan(by_pair(d, "co2_after_shares_a_t_per_yr")[(HUB, "B")])
