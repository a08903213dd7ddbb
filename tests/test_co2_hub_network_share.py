"""Who bears a CO2 network's cost when a hub standing on it trucks CO2 out as well as feeding its
pipes (`results.netallocation`, `results.hubsplit`). The fixture of tests/test_co2_hub_pass_through.py:
E trucks 100,000 t/yr into hub H on the network, H trucks 30,000 t/yr straight out to D and puts
70,000 t/yr into the 1 km pipe to S. Only what the pipes carry is shared by the network's rule, and
the hub's own cost is split between its trucks and the pipes by tonnes. Before 2026-12-07 D bore
9,408 EUR/yr of the pipe's 31,360 for CO2 that never entered it, and the whole hub cost besides.

Values by hand (EUR/yr; no discounting over 20 years: a capital recovery factor of 1 / 20 = 0.05):

- the pipe, a DN50: 448 EUR/m x 1,000 m = 448,000 EUR, x (0.05 + 0.02 O&M) = 31,360 EUR/yr;
- the hub: 100,000 EUR x 0.05 + 5,000 fixed = 10,000 EUR/yr. It trucks out 30,000 t/yr and puts
  100,000 - 30,000 = 70,000 t/yr into the pipes: the trucks' part 10,000 x 30 / 100 = 3,000 EUR/yr
  (investment 30,000 EUR), the network's 7,000 EUR/yr (investment 70,000 EUR);
- D's own H -> D: 30,000 x (50 + 100 x 0.1 - 0.01 truck CO2) = 1,799,700; it draws nothing from the
  pipes (network share 0); it bears the trucks' 3,000 and the 300 of E's leg that goes with its
  30,000 t (1,000 of truck CO2 x 30,000 / 100,000): after shares 1,799,700 - 3,300 = 1,796,400
  (before: 9,408 of the pipe and the hub's whole 10,000, 1,799,700 - 9,408 - 10,300 = 1,779,992);
- S's own network -> S: 70,000 x (50 + 10) - its connection 80,000 EUR x 0.05 = 4,196,000; it draws
  all the pipes deliver, so it bears the pipe and the hub's network part, 31,360 + 7,000 = 38,360:
  after shares 4,157,640 (before: 31,360 x 0.7 = 21,952, after 4,174,048);
- E -> H: -(1,000 truck CO2 + 70,000 x (8.8 + 0.572) compression) = -657,040, less the 300 passed
  to D: -656,740.

The plan: 1,799,700 + 4,196,000 - 657,040 - 31,360 - 10,000 = 5,297,300 EUR/yr, and the figures
after shares 1,796,400 + 4,157,640 - 656,740 = 5,297,300.

The price bands (companies.csv's sides, `results.prices.network_bands`): the 30,000 t/yr trucked in
and straight out are a chain E -> H -> D worth -300 + 1,799,700 = 1,799,400, half to E and half to
D, 899,700 each; what the pipes carry is the network's, worth -656,740 + 4,196,000 - (31,360 +
7,000) = 3,500,900, half to its one injector E and half to its one user S, 1,750,450 each. So E
2,650,150, D 899,700 - its 3,000 of the hub = 896,700, S 1,750,450: 5,297,300. Before, the whole
surplus less the whole hub, 5,297,300, half to E (2,648,650) and half to the users by 30,000 and
70,000 t/yr: D 794,595, S 1,854,055.
"""

from __future__ import annotations

import html
import sys
from pathlib import Path

import pytest

import eitflow

sys.path.insert(0, str(Path(__file__).parent))
from test_co2_hub_pass_through import _scenario  # noqa: E402  (the 30,000 / 70,000 t/yr fixture)

PLAN = 5_297_300.0


@pytest.fixture(scope="module")
def res():
    """The fixture with a hub costing 10,000 EUR/yr (100,000 EUR invested, 5,000 EUR/yr fixed)."""
    r = eitflow.optimise(_scenario(30_000.0, 70_000.0, 50.0, hub_fixed=5_000.0, hub_investment=100_000.0))
    assert r.status == "optimal"
    return r


def test_the_plan_is_the_one_worked_by_hand(res):
    """The same plan as without the hub's cost (trucks 30,000, pipe 70,000), worth 5,297,300 EUR/yr."""
    lk = res.statistics.links().set_index("kind")
    assert lk.at["from_hub", "amount"] == pytest.approx(30_000.0, rel=1e-9)
    assert lk.at["from_net", "amount"] == pytest.approx(70_000.0, rel=1e-9)
    assert lk.at["from_net", "net_benefit_eur_per_yr"] == pytest.approx(4_196_000.0, rel=1e-9)
    assert res.statistics.totals()["network_cost_eur_per_yr"] == pytest.approx(31_360.0, rel=1e-9)
    assert res.objective == pytest.approx(PLAN, rel=1e-7)


def test_a_company_trucked_out_of_the_hub_bears_none_of_the_pipes(res):
    """matches.csv's shares: D 0 of the network and the hub's trucks' part, S the pipe and the
    hub's network part (module docstring); the figures after shares add up to the plan."""
    lk = res.statistics.links().set_index("kind")
    assert lk.at["from_hub", "network_cost_share_eur_per_yr"] == 0.0
    assert lk.at["from_hub", "hub_share_eur_per_yr"] == pytest.approx(3_300.0, rel=1e-9)
    assert lk.at["from_hub", "net_benefit_after_shares_eur_per_yr"] == pytest.approx(1_796_400.0, rel=1e-9)
    assert lk.at["from_net", "network_cost_share_eur_per_yr"] == pytest.approx(38_360.0, rel=1e-9)
    assert lk.at["from_net", "net_benefit_after_shares_eur_per_yr"] == pytest.approx(4_157_640.0, rel=1e-9)
    assert lk.at["to_hub", "net_benefit_after_shares_eur_per_yr"] == pytest.approx(-656_740.0, rel=1e-9)
    assert lk["net_benefit_after_shares_eur_per_yr"].sum() == pytest.approx(PLAN, rel=1e-9)
    # the shares are the pipe's and the hub's costs, each once
    assert lk["network_cost_share_eur_per_yr"].sum() + lk["hub_share_eur_per_yr"].sum() == pytest.approx(
        31_360.0 + 10_000.0, rel=1e-9)


def test_network_shares_count_only_what_the_pipes_deliver(res):
    """network_shares.csv: S alone, 70,000 t/yr, share 1, the pipe and the hub's network part
    (38,360 EUR/yr), the pipe's 448,000 EUR and the hub's 70,000 EUR of investment (before: D with
    30,000 t/yr, 9,408 EUR/yr and 30,000 EUR of the hub)."""
    sh = res.statistics.network_shares().set_index("site_id")
    assert list(sh.index) == ["S"]
    assert sh.at["S", "withdrawn"] == pytest.approx(70_000.0, rel=1e-9)
    assert sh.at["S", "share"] == pytest.approx(1.0, rel=1e-12)
    assert sh.at["S", "cost_share_eur_per_yr"] == pytest.approx(38_360.0, rel=1e-9)
    assert sh.at["S", "investment_share_eur"] == pytest.approx(448_000.0, rel=1e-9)
    assert sh.at["S", "hubs_share_eur"] == pytest.approx(70_000.0, rel=1e-9)


def test_companies_and_zones_split_the_hub_by_tonnes(res, tmp_path):
    """companies.csv: E, D and S gain by the price bands worked out above; D builds the hub's trucks' part (3,000 EUR/yr, 30,000 EUR), S invests its
    connection 80,000 + the pipe 448,000 + the hub's network part 70,000 = 598,000 EUR (before: D
    0.3 x (448,000 + 100,000) = 164,400 EUR, S 80,000 + 0.7 x 548,000 = 463,600); the hub has no
    row of its own, all of it borne. companies.csv, zones.csv, summary.json, results.xlsx and the
    report add up to the plan."""
    from eitflow.report.html import render_html
    from eitflow.report.workbook import read_results_workbook, write_results_workbook
    from eitflow.results.rundir import read_run, write_run

    data = read_run(write_run(res, tmp_path / "run"))
    c = data.companies.set_index("site_id")
    assert "H" not in c.index
    assert c.at["E", "as_supplier_eur_per_yr"] == pytest.approx(2_650_150.0, rel=1e-9)
    assert c.at["D", "as_buyer_eur_per_yr"] == pytest.approx(899_700.0, rel=1e-9)
    assert c.at["D", "total_eur_per_yr"] == pytest.approx(896_700.0, rel=1e-9)
    assert c.at["S", "as_buyer_eur_per_yr"] == pytest.approx(1_750_450.0, rel=1e-9)
    assert c["network_result_eur_per_yr"].abs().max() < 1e-6
    assert c.at["D", "build_cost_eur_per_yr"] == pytest.approx(3_000.0, rel=1e-9)
    assert c.at["D", "investment_eur"] == pytest.approx(30_000.0, rel=1e-9)
    assert c.at["S", "investment_eur"] == pytest.approx(598_000.0, rel=1e-9)
    assert c["investment_eur"].sum() == pytest.approx(80_000.0 + 448_000.0 + 100_000.0, rel=1e-9)
    assert c["total_eur_per_yr"].sum() == pytest.approx(PLAN, rel=1e-9)
    assert data.zones["net_benefit_eur_per_yr"].sum() == pytest.approx(PLAN, rel=1e-9)
    assert data.summary["totals"]["net_benefit_eur_per_yr"] == pytest.approx(PLAN, rel=1e-9)
    m = data.matches
    assert m["net_benefit_after_shares_eur_per_yr"].sum() == pytest.approx(PLAN, rel=1e-9)
    ns = data.network_shares.set_index("site_id")
    assert ns.at["S", "cost_share_eur_per_yr"] == pytest.approx(38_360.0, rel=1e-9)
    book = read_results_workbook(write_results_workbook(res, tmp_path / "results.xlsx", lang="en"))
    after = book["matches"]["net_benefit_after_shares_eur_per_yr"].astype(float)
    assert sorted(after.round(6)) == pytest.approx(sorted([1_796_400.0, 4_157_640.0, -656_740.0]), rel=1e-9)
    html = render_html(data, "en")
    assert "1,796,400" in html and "4,157,640" in html


def test_the_briefs_hub_note_says_the_rule(res, tmp_path):
    """The brief lists the hub's legs after their shares and says how they are read, in French too:
    the hub's supply counts 0 but for what goes into a shared network's pipes (before: 'compte pour 0')."""
    from eitflow.report.brief import render_brief
    from eitflow.results.rundir import read_run, write_run

    data = read_run(write_run(res, tmp_path / "run"))
    fr, en = (html.unescape(render_brief(data, lang)) for lang in ("fr", "en"))
    assert 'id="brief-hub-note"' in fr and "sauf ce qu'un hub injecte dans un réseau partagé" in fr
    assert "but for what a hub puts into a shared network" in en


def test_a_co2_hub_that_only_feeds_the_pipes_is_wholly_the_networks():
    """tests/test_co2_hub_injection.py's case (E trucks 100,000 t/yr 1 km into hub H, all of it
    piped 1 km to S at 50 EUR/t) with H costing 10,000 EUR/yr: it trucks nothing out, so all of its
    cost is the network's (phi = 100,000 / (0 + 100,000) = 1), borne with the pipe by S, the only
    user: the DN80 542 EUR/m x 1,000 m x 0.07 = 37,940 + 10,000 = 47,940 EUR/yr (before: 37,940,
    and E's leg bore the hub). E's leg: -(100,000 x 0.0001 x 100 + 100,000 x 0.11 x (80 + 0.052
    x 100)) = -(1,000 + 937,200) = -938,200, no hub share (before -948,200 after it). S: 100,000 x
    (50 + 100 x 0.1) - its connection 80,000 x 0.05 = 5,996,000, after shares 5,948,060. Plan
    5,996,000 - 938,200 - 37,940 - 10,000 = 5,009,860 EUR/yr."""
    import pandas as pd

    from test_co2_hub_pass_through import PARAMS

    sites = pd.DataFrame({"site_id": ["E", "S"], "lat": [45.0, 45.02], "lon": [4.80, 4.80]})
    flows = pd.DataFrame({"flow_id": ["e", "s"], "site_id": ["E", "S"], "direction": ["supply", "demand"],
                          "resource": "co2", "amount": [100_000.0, 100_000.0], "unit": "t/yr",
                          "price_eur_per_unit": [0.0, 50.0]})
    links = pd.DataFrame({"source_site": ["E"], "sink_site": ["H"], "supply_resource": ["co2"], "distance_km": [1.0],
                          "investment_eur": [0.0], "fixed_cost_eur_per_yr": [0.0], "var_cost_eur_per_unit": [0.0]})
    hubs = pd.DataFrame({"hub_id": ["H"], "lat": [45.01], "lon": [4.80], "resources": ["co2"], "capacity": [1e6],
                         "investment_eur": [0.0], "fixed_cost_eur_per_yr": [10_000.0]})
    cor = pd.DataFrame({"corridor_id": ["k"], "resource": ["co2"], "from": ["H"], "to": ["S"], "length_km": ["1"]})
    r = eitflow.optimise(eitflow.scenario_from_frames(sites, flows, links, hubs=hubs, corridors=cor,
                                                      networks={"co2": {}}, **PARAMS))
    assert r.objective == pytest.approx(5_009_860.0, rel=1e-7)
    lk = r.statistics.links().set_index("kind")
    assert lk.at["to_hub", "hub_share_eur_per_yr"] == 0.0
    assert lk.at["to_hub", "net_benefit_after_shares_eur_per_yr"] == pytest.approx(-938_200.0, rel=1e-9)
    assert lk.at["from_net", "network_cost_share_eur_per_yr"] == pytest.approx(47_940.0, rel=1e-9)
    assert lk.at["from_net", "net_benefit_after_shares_eur_per_yr"] == pytest.approx(5_948_060.0, rel=1e-9)
    assert r.statistics.network_shares()["cost_share_eur_per_yr"].tolist() == pytest.approx([47_940.0], rel=1e-9)
    assert r.statistics.companies()["total_eur_per_yr"].sum() == pytest.approx(5_009_860.0, rel=1e-9)
