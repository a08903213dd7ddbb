"""A delivery through a hub in the brief's top 5, the report's table of exchanges, results.xlsx
and `result.statistics`: its net benefit after its share of the hub's annual cost and of the
legs into the hub (the rule of `results.shares`), worked out by hand. Before, the brief ranked
and showed a hub's outbound leg alone: on redon_h2 "Station hydrogène partagée → Dépôt de cars"
at 743,121 EUR/yr while the hydrogen's leg into the station (-398,098) and the station's cost
(180,364) were nowhere, and the top 5 summed above the headline (670,814)."""

from __future__ import annotations

import re
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
from figures import by_pair, cells

ROOT = Path(__file__).resolve().parents[1]

# By hand. A supplies a good at 5 EUR/t of disposal avoided; the leg into hub H costs 25 EUR/t
# (links.csv) and the hub handles it at 1 EUR/t: A -> H is worth 5 - 25 - 1 = -21 EUR/t (a chain
# whose supply costs, as an electrolyser's hydrogen). B takes 60 t/yr at 60 EUR/t over 4 EUR/t
# (56 EUR/t), C 30 t/yr at 70 over 6 (64 EUR/t). Hub: 1,000 EUR investment (r = 0, 1 year) +
# 600 EUR/yr = 1,600 EUR/yr. Both users pay (B: 56 - 21 = 35 EUR/t, C: 43 EUR/t; 3,390 > 1,600):
# 90 t/yr go through the hub.
HUB = "H"
OWN = {("A", HUB): -21.0 * 90, (HUB, "B"): 56.0 * 60, (HUB, "C"): 64.0 * 30}   # v x - F: -1,890 3,360 1,920
HUB_COST = 1_000.0 + 600.0
OBJECTIVE = sum(OWN.values()) - HUB_COST                                        # 1,790 EUR/yr
# the deliveries bear the hub's cost and the leg in, per tonne taken out: (1,600 + 1,890) / 90 t
POOL = HUB_COST - OWN[("A", HUB)]                                               # 3,490 EUR/yr
SHARE = {("A", HUB): OWN[("A", HUB)], (HUB, "B"): POOL * 60 / 90, (HUB, "C"): POOL * 30 / 90}
AFTER = {("A", HUB): 0.0, (HUB, "B"): 3_360 - 2_326.0 - 2 / 3, (HUB, "C"): 1_920 - 1_163.0 - 1 / 3}


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    sites = pd.DataFrame({"site_id": ["A", "B", "C"], "name": ["Fournisseur A", "Usager B", "Usager C"],
                          "lat": [45.0, 45.05, 45.1], "lon": [4.0, 4.05, 4.1]})
    flows = pd.DataFrame({"site_id": ["A", "B", "C"], "direction": ["supply", "demand", "demand"], "resource": "good",
                          "amount": [100.0, 60.0, 30.0], "unit": "t/yr", "price_eur_per_unit": [5.0, 60.0, 70.0]})
    links = pd.DataFrame({"source_site": ["A", HUB, HUB], "sink_site": [HUB, "B", "C"], "supply_resource": "good",
                          "distance_km": 0.0, "var_cost_eur_per_unit": [25.0, 4.0, 6.0], "fixed_cost_eur_per_yr": 0.0})
    hubs = pd.DataFrame({"hub_id": [HUB], "name": ["Plateforme H"], "lat": [45.04], "lon": [4.04],
                         "resources": ["good"], "capacity": [200.0], "investment_eur": [1_000.0],
                         "fixed_cost_eur_per_yr": [600.0], "var_cost_eur_per_unit": [1.0]})
    scen = eitflow.scenario_from_frames(sites, flows, links, GOOD_RESOURCE, hubs=hubs, discount_rate=0.0,
                                        lifetime_years=1.0, name="plateforme", lang="fr", solver={"mip_gap": 0.0})
    res = eitflow.optimise(scen)
    assert res.status == "optimal" and res.objective == pytest.approx(OBJECTIVE, rel=1e-9)
    return res, write_run(res, tmp_path_factory.mktemp("hubfig") / "run")




def test_statistics_give_each_hub_delivery_its_share_by_hand(run):
    res, _ = run
    L = res.statistics.links()
    assert by_pair(L, "net_benefit_eur_per_yr") == pytest.approx(OWN)
    assert by_pair(L, "hub_share_eur_per_yr") == pytest.approx(SHARE)
    assert by_pair(L, "network_cost_share_eur_per_yr") == pytest.approx({k: 0.0 for k in OWN})
    assert by_pair(L, "net_benefit_after_shares_eur_per_yr") == pytest.approx(AFTER)
    # the hub column adds up to the hub's cost, the figures after shares to the headline
    assert L["hub_share_eur_per_yr"].sum() == pytest.approx(HUB_COST)
    assert L["net_benefit_after_shares_eur_per_yr"].sum() == pytest.approx(OBJECTIVE)
    assert sum(AFTER.values()) == pytest.approx(OBJECTIVE)
    # companies.csv keeps the hub as a party of its own (its legs at the suggested prices less its
    # cost): companies and exchanges add up to the same headline
    assert res.statistics.companies()["total_eur_per_yr"].sum() == pytest.approx(OBJECTIVE)
    assert res.statistics.companies().set_index("site_id").at[HUB, "build_cost_eur_per_yr"] == pytest.approx(HUB_COST)


def test_brief_top_five_shows_hub_deliveries_after_their_share(run):
    """B, C then the leg into the hub at 0 (before: 3,360 and 1,920 EUR/yr, the leg in at
    -1,890 and the hub's 1,600 nowhere in the top 5, which summed to 3,390 for a plan of 1,790)."""
    _, out = run
    html = render_brief(read_run(out), "fr")
    net = [r[1] for r in cells(html, "top-net")]
    assert net == pytest.approx([AFTER[(HUB, "B")], AFTER[(HUB, "C")], 0.0])
    assert sum(net) == pytest.approx(OBJECTIVE)
    assert 'id="brief-hub-note"' in html and "sa part du coût du hub et de son approvisionnement" in html
    assert 'id="brief-net-note"' not in html


def test_report_table_and_workbook_show_the_same_figure(run, tmp_path):
    res, out = run
    data = read_run(out)
    html = render_html(data, "fr")
    rows = cells(html, "matches-table")
    # columns: from, to, resource, amount, unit, km, net benefit, after shared costs, CO2, investment (no CO2
    # after shares: no CO2 to pass on through the hub)
    assert len(rows) == 3 and all(len(r) == 10 for r in rows)
    assert {round(r[6]): r[7] for r in rows} == pytest.approx({round(OWN[k]): AFTER[k] for k in OWN})
    assert "Après parts" in html and "Une livraison depuis un hub figure aussi" in html
    assert by_pair(data.matches, "net_benefit_after_shares_eur_per_yr") == pytest.approx(AFTER)
    book = read_results_workbook(write_results_workbook(res, tmp_path / "r.xlsx", "fr"))
    m = book["matches"]
    assert sorted(m["net_benefit_after_shares_eur_per_yr"]) == pytest.approx(sorted(AFTER.values()))
    assert sorted(m["hub_share_eur_per_yr"]) == pytest.approx(sorted(SHARE.values()))


def test_an_older_run_reads_hub_legs_as_unknown(run, tmp_path):
    """matches.csv of an older run (no share columns): a hub's legs read as unknown (a dash),
    never as their figure before the hub's cost; the other exchanges keep their own."""
    import shutil

    _, out = run
    old = tmp_path / "old"
    shutil.copytree(out, old)
    m = pd.read_csv(old / "matches.csv")
    m.drop(columns=["network_cost_share_eur_per_yr", "hub_share_eur_per_yr",
                    "net_benefit_after_shares_eur_per_yr"]).to_csv(old / "matches.csv", index=False)
    back = read_run(old).matches["net_benefit_after_shares_eur_per_yr"].to_numpy(float)
    assert np.isnan(back).all()
    assert [r[1] for r in cells(render_brief(read_run(old), "fr"), "top-net")] == [None, None, None]


def _legs(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["kind", "source_site", "sink_site", "hub_id", "supply_resource", "amount",
                                       "net_benefit_eur_per_yr"]).assign(co2_avoided_t_per_yr=0.0)


NO_CORRIDORS = pd.DataFrame(columns=["resource", "size", "cost_eur_per_yr", "investment_eur", "flow", "existing"])


def test_several_suppliers_and_resources_and_an_unmatched_side_by_hand():
    """The rule on hand-made legs: hub G (cost 1,000 EUR/yr) carries heat and steam, 500 EUR/yr
    each; heat: two suppliers bring 40 and 60 MWh/yr worth +200 and -700 EUR/yr (net -500), two
    users take 70 and 30 (worth 2,000 and 900): per MWh out (500 + 500) / 100 = 10 EUR. Steam:
    a supplier brings 10 t/yr worth 300 and nothing leaves (the hub sits on a network that takes
    it): the leg in bears the 500 EUR/yr itself, -200 after. A direct exchange bears nothing."""
    from eitflow.results.shares import with_shares

    L = _legs([("to_hub", "S1", "G", "G", "heat", 40.0, 200.0), ("to_hub", "S2", "G", "G", "heat", 60.0, -700.0),
               ("from_hub", "G", "U1", "G", "heat", 70.0, 2_000.0), ("from_hub", "G", "U2", "G", "heat", 30.0, 900.0),
               ("to_hub", "S3", "G", "G", "steam", 10.0, 300.0), ("direct", "S1", "U3", "", "heat", 5.0, 50.0)])
    hubs = pd.DataFrame({"hub_id": ["G"], "resources": [["heat", "steam"]], "annual_cost_eur_per_yr": [1_000.0],
                         "investment_eur": [0.0]})
    out = with_shares(L, NO_CORRIDORS, hubs)
    assert out["hub_share_eur_per_yr"].tolist() == pytest.approx([200.0, -700.0, 700.0, 300.0, 500.0, 0.0])
    assert out["net_benefit_after_shares_eur_per_yr"].tolist() == pytest.approx([0.0, 0.0, 1_300.0, 600.0, -200.0, 50.0])
    assert out["net_benefit_after_shares_eur_per_yr"].sum() == pytest.approx(L["net_benefit_eur_per_yr"].sum() - 1_000.0)


def test_redon_h2_top_five_is_what_the_chain_is_worth(tmp_path):
    """The bundled hydrogen scenario: the depots' deliveries from the shared station bear, per
    tonne taken out, the station's cost (hubs.csv) and the electrolyser's leg into it
    (matches.csv), worked out here from those raw files; the top 5 adds up to the headline and no
    figure exceeds it. By hand: (180,363.88 + 398,097.54) / 76.855 t = 7,526.67 EUR/t; coaches
    743,120.76 - 58.9795 t x 7,526.67 = 299,202; refuse trucks 159,056.20 - 17.8755 t x 7,526.67
    = 24,513."""
    res = eitflow.optimise(eitflow.read_scenario(ROOT / "scenarios" / "redon_h2" / "scenario.yaml"))
    out = write_run(res, tmp_path / "run")
    raw, hub = pd.read_csv(out / "matches.csv"), pd.read_csv(out / "hubs.csv")
    legs = raw.set_index(["source_site", "sink_site"])
    per_t = (hub["fixed_eur_per_yr"].iloc[0] - legs.at[("ELEC_H2", "HRS_REDON"), "net_benefit_eur_per_yr"]) \
        / hub["throughput"].iloc[0]
    assert per_t == pytest.approx((180_363.88 + 398_097.54) / 76.855, rel=1e-6)
    cars = legs.at[("HRS_REDON", "DEPOT_CARS"), "net_benefit_eur_per_yr"] - legs.at[("HRS_REDON", "DEPOT_CARS"), "amount"] * per_t
    bom = legs.at[("HRS_REDON", "DEPOT_BOM"), "net_benefit_eur_per_yr"] - legs.at[("HRS_REDON", "DEPOT_BOM"), "amount"] * per_t
    assert (round(cars), round(bom)) == (299_202, 24_513)
    html = render_brief(read_run(out), "fr")
    top = cells(html, "top-net")
    net = [r[1] for r in top]
    headline = res.summary["objective"]
    assert headline == pytest.approx(670_814.09, abs=0.01)
    # and the hub's supply, 0 after its share, sixth: one table lists all six (`test_brief_tables_differ`)
    assert net == pytest.approx([cars, 182_906.78, 134_191.58, 30_000.19, bom, 0.0], abs=0.01)
    assert max(net) <= headline and sum(net) == pytest.approx(headline)
    assert "743" not in re.sub(r"\s", "", "".join(re.findall(r'<table id="top-net".*?</table>', html, re.S)))


def h2_station_on_a_pipeline():
    """A refuelling hub H on a hydrogen pipeline (its node is the network's): ELY injects, H hands
    200 t/yr out to D by its own leg, the network delivers 100 t/yr to E; H costs 50,000 EUR/yr.
    The solved result (also tests/test_hub_network_split.py's case)."""
    sites = pd.DataFrame({"site_id": ["ELY", "D", "E"], "lat": [47.00, 47.02, 47.005], "lon": [5.40, 5.401, 5.40]})
    flows = pd.DataFrame({"flow_id": ["h2", "d", "e"], "site_id": ["ELY", "D", "E"],
                          "direction": ["supply", "demand", "demand"], "resource": "hydrogen",
                          "amount": [500.0, 200.0, 100.0], "unit": "t/yr", "price_eur_per_unit": [0.0, 12000.0, 11000.0],
                          "purity": [0.99999, 0.99997, 0.99997], "max_distance_km": 0.5, "pressure_bar": [30.0, 350.0, 350.0]})
    hubs = pd.DataFrame({"hub_id": ["H"], "lat": [47.021], "lon": [5.40], "resources": ["hydrogen"], "purity": [0.99999],
                         "capacity": [1000.0], "investment_eur": [0.0], "fixed_cost_eur_per_yr": [50_000.0],
                         "var_cost_eur_per_unit": [0.0]})
    corridors = pd.DataFrame({"corridor_id": ["c", "c2"], "resource": "hydrogen", "from": ["ELY", "ELY"], "to": ["H", "E"]})
    return eitflow.optimise(eitflow.scenario_from_frames(sites, flows, hubs=hubs, corridors=corridors,
                                                        electricity_price_eur_per_mwh=80.0))


def test_a_hub_on_a_network_shares_the_network_and_its_own_cost():
    """A refuelling hub H on a hydrogen pipeline (its node is the network's): ELY injects, H hands
    200 t/yr out to D and the network delivers 100 t/yr to E. What H hands out is drawn from the
    network, so D bears 200/300 of the corridors' cost and E 100/300 (before: E bore it all, and
    with no E nobody did: the figures did not add up), and D bears the hub's 50,000 EUR/yr."""
    res = h2_station_on_a_pipeline()
    L = res.statistics.links().set_index(["source_site", "sink_site"])
    t = res.statistics.totals()
    assert L.at[("H", "D"), "amount"] == pytest.approx(200.0) and t["network_cost_eur_per_yr"] > 0
    net_d, net_e = L.at[("H", "D"), "network_cost_share_eur_per_yr"], L.at[("network:hydrogen", "E"), "network_cost_share_eur_per_yr"]
    assert (net_d, net_e) == pytest.approx((t["network_cost_eur_per_yr"] * 2 / 3, t["network_cost_eur_per_yr"] / 3))
    assert L.at[("H", "D"), "hub_share_eur_per_yr"] == pytest.approx(50_000.0)
    assert L["net_benefit_after_shares_eur_per_yr"].sum() == pytest.approx(res.objective)
    sh = res.statistics.network_shares().set_index("site_id")
    assert sh["cost_share_eur_per_yr"].to_dict() == pytest.approx({"D": net_d, "E": net_e})
    assert res.statistics.companies()["total_eur_per_yr"].sum() == pytest.approx(res.objective)
