"""A shared network's connection in the brief's top 5, the report's table of exchanges and
results.xlsx: its net benefit after its share of the network's cost (the allocation rule of
`results.netallocation`: in proportion to what each company withdraws), one figure from
`result.statistics` in every view, worked out by hand. Before, the brief ranked and showed a
connection's v x - F before the corridors' cost: a town on the network looked worth more than
it is and the top 5 did not add up to the headline."""

from __future__ import annotations

import pandas as pd
import pytest

import eitflow
from eitflow.report.brief import render_brief
from eitflow.report.html import render_html
from eitflow.report.workbook import read_results_workbook, write_results_workbook
from eitflow.results.rundir import read_run, write_run
from figures import by_pair, cells, top_cells
from test_network import FLUID  # MWh/yr, two pipe sizes with heat loss, pumping 0.5 EUR/MWh/km, no CO2

NET = "network:fluid"


# By hand (tests/test_network.py::test_one_backbone_by_hand): A supplies at 2 EUR/MWh of disposal
# avoided, B takes 8,000 and C 6,000 MWh/yr at 90 EUR/MWh over A-B (size L) and B-C (size S), 1 km
# each, annuity = investment (r = 0, 1 year). A injects 14,438.0 MWh/yr; A-B carries 14,306.6, B-C
# 6,087.6.
COST = 420_000 + 200_000 + 0.5 * 14_306.6 + 0.5 * 6_087.6       # corridors + pumping: 630,197.1 EUR/yr
OWN = {("A", NET): 2.0 * 14_438.0, (NET, "B"): 90.0 * 8_000, (NET, "C"): 90.0 * 6_000}   # v x - F
SHARE = {("A", NET): 0.0, (NET, "B"): COST * 8 / 14, (NET, "C"): COST * 6 / 14}          # postage stamp
AFTER = {k: OWN[k] - SHARE[k] for k in OWN}     # B 359,887.37, C 269,915.53, A 28,876
OBJECTIVE = 658_678.9


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    sites = {"site_id": ["A", "B", "C"], "name": ["Chaufferie A", "Bourg B", "Bourg C"],
             "lat": [45.0, 45.01, 45.02], "lon": [4.0, 4.0, 4.0]}
    flows = {"site_id": ["A", "B", "C"], "direction": ["supply", "demand", "demand"], "resource": "fluid",
             "amount": [30000.0, 8000.0, 6000.0], "unit": "MWh/yr", "price_eur_per_unit": [2.0, 90.0, 90.0]}
    corridors = {"resource": "fluid", "from": ["A", "B"], "to": ["B", "C"], "length_km": [1.0, 1.0]}
    scen = eitflow.scenario_from_frames(pd.DataFrame(sites), pd.DataFrame(flows), resources=FLUID,
                                        corridors=pd.DataFrame(corridors), discount_rate=0.0, lifetime_years=1.0,
                                        carbon_price_eur_per_t=0.0, name="dorsale", lang="fr",
                                        solver={"mip_gap": 0.0, "time_limit_s": 60.0})
    res = eitflow.optimise(scen)
    assert res.objective == pytest.approx(OBJECTIVE, rel=1e-9)
    out = write_run(res, tmp_path_factory.mktemp("netfig") / "run")
    return res, out



def test_statistics_give_each_connection_its_share_by_hand(run):
    res, _ = run
    L = res.statistics.links()
    assert by_pair(L, "net_benefit_eur_per_yr") == pytest.approx(OWN)
    assert by_pair(L, "network_cost_share_eur_per_yr") == pytest.approx(SHARE)
    assert by_pair(L, "net_benefit_after_shares_eur_per_yr") == pytest.approx(AFTER)
    # the figures after the network add up to the headline (no hub or built supply here)
    assert sum(AFTER.values()) == pytest.approx(OBJECTIVE)
    # one rule: a company's connections bear its cost share of network_shares.csv
    sh = res.statistics.network_shares().set_index("site_id")["cost_share_eur_per_yr"]
    assert sh.to_dict() == pytest.approx({"B": SHARE[(NET, "B")], "C": SHARE[(NET, "C")]})



def test_brief_top_five_shows_connections_after_the_network_share(run):
    """The brief shows the network as one row, its connections together after the network
    (before the network share: 720,000 and 540,000 EUR/yr, the corridors' 630,197 EUR/yr
    nowhere; then B, C and A's injection one by one, the postage stamp's split, issue #15):
    B 359,887.37 + C 269,915.53 + A 28,876 = the headline 658,678.9 EUR/yr."""
    _, out = run
    html = render_brief(read_run(out), "fr")
    net = [r[1] for r in cells(html, "top-net")]
    assert net == pytest.approx([sum(AFTER.values())])
    assert sum(net) == pytest.approx(OBJECTIVE)
    assert [r[1] for r in top_cells(html, "top-co2")] == pytest.approx([OBJECTIVE])
    assert 'id="brief-netline-note"' in html and "après le coût de ses tronçons" in html


def test_report_table_and_workbook_show_the_same_figure(run, tmp_path):
    """report.html's table of exchanges gives both figures (the exchange's own and after the
    network's share, the brief's); results.xlsx's matches sheet and matches.csv the same."""
    res, out = run
    data = read_run(out)
    html = render_html(data, "fr")
    rows = cells(html, "matches-table")
    # columns: from, to, resource, amount, unit, km, net benefit, after the network, CO2, investment
    assert len(rows) == 3 and all(len(r) == 10 for r in rows)
    got = {round(r[6]): r[7] for r in rows}
    assert got == pytest.approx({round(OWN[k]): AFTER[k] for k in OWN})
    assert "Après parts" in html and "Une livraison depuis un hub" not in html
    assert by_pair(data.matches, "net_benefit_after_shares_eur_per_yr") == pytest.approx(AFTER)
    book = read_results_workbook(write_results_workbook(res, tmp_path / "r.xlsx", "fr"))
    m = book["matches"]
    assert sorted(m["net_benefit_after_shares_eur_per_yr"]) == pytest.approx(sorted(AFTER.values()))
    assert sorted(m["network_cost_share_eur_per_yr"]) == pytest.approx(sorted(SHARE.values()))


def test_a_run_written_before_the_share_reads_back_without_a_wrong_figure(run, tmp_path):
    """matches.csv of an older run (no such columns): the injection keeps its own figure (it
    bears no share), a delivery's is unknown (a dash in the brief), not its figure before the
    network's cost."""
    import shutil

    _, out = run
    old = tmp_path / "old"
    shutil.copytree(out, old)
    m = pd.read_csv(old / "matches.csv")
    m.drop(columns=["network_cost_share_eur_per_yr", "hub_share_eur_per_yr",
                    "net_benefit_after_shares_eur_per_yr"]).to_csv(old / "matches.csv", index=False)
    back = by_pair(read_run(old).matches, "net_benefit_after_shares_eur_per_yr")
    assert back[("A", NET)] == pytest.approx(OWN[("A", NET)])
    assert back[(NET, "B")] != back[(NET, "B")] and back[(NET, "C")] != back[(NET, "C")]   # NaN
    html = render_brief(read_run(old), "fr")
    # the network's row sums its connections: two of them unknown, so is it (a dash)
    assert [r[1] for r in cells(html, "top-net")] == [None]


def test_a_run_written_with_the_network_share_only_reads_back_its_figure(run, tmp_path):
    """matches.csv written by the eitflow that gave a network's delivery its share but knew no
    hub's (`net_benefit_after_network_eur_per_yr`): without a hub, its figure is the same."""
    import shutil

    _, out = run
    old = tmp_path / "netonly"
    shutil.copytree(out, old)
    m = pd.read_csv(old / "matches.csv")
    m.drop(columns=["hub_share_eur_per_yr"]).rename(columns={
        "net_benefit_after_shares_eur_per_yr": "net_benefit_after_network_eur_per_yr"}).to_csv(
        old / "matches.csv", index=False)
    back = read_run(old).matches
    assert by_pair(back, "net_benefit_after_shares_eur_per_yr") == pytest.approx(AFTER)
    assert "net_benefit_after_network_eur_per_yr" not in back


def _free_heat_run(root, with_c: bool):
    """The network above with A's heat worth nothing to A (price 0, as an incinerator's on the
    Ludres backbone), serving B alone or B and C."""
    sites = {"site_id": ["A", "B", "C"], "name": ["Chaufferie A", "Bourg B", "Bourg C"],
             "lat": [45.0, 45.01, 45.02], "lon": [4.0, 4.0, 4.0]}
    flows = pd.DataFrame({"site_id": ["A", "B", "C"], "direction": ["supply", "demand", "demand"], "resource": "fluid",
                          "amount": [30000.0, 8000.0, 6000.0], "unit": "MWh/yr", "price_eur_per_unit": [0.0, 90.0, 90.0]})
    corridors = {"resource": "fluid", "from": ["A", "B"], "to": ["B", "C"], "length_km": [1.0, 1.0]}
    scen = eitflow.scenario_from_frames(pd.DataFrame(sites), flows if with_c else flows.iloc[:2], resources=FLUID,
                                        corridors=pd.DataFrame(corridors), discount_rate=0.0, lifetime_years=1.0,
                                        carbon_price_eur_per_t=0.0, name="dorsale", lang="fr",
                                        solver={"mip_gap": 0.0, "time_limit_s": 60.0})
    res = eitflow.optimise(scen)
    return res, write_run(res, root)


def test_compare_shows_a_network_leg_after_its_share_and_no_empty_figure(tmp_path):
    """`eitflow compare` from the network serving B alone to B and C. By hand: alone, B's
    8,000 MWh/yr go over A-B (size S: 1 MW = 8,760 MWh/yr, 20 W/m x 1 km x 8,760 h = 175.2 MWh/yr
    lost), A injects 8,175.2, the corridor carries 8,000 + 175.2 / 2 = 8,087.6 (pumping
    0.5 EUR/MWh: 4,043.8); the network costs 204,043.8 EUR/yr, all B's: B 720,000 - 204,043.8 =
    515,956.2. With C: the figures above (COST 630,197.1; B 359,887.37, C 269,915.53), A injects
    14,438. A's heat is worth 0 to A: its injection's figure is 0 in both runs. compare says C's
    connection after its share (+269,916 EUR/yr; before: its 540,000 before the network's cost)
    and A's injection without a figure (before: "+0 EUR/yr")."""
    from click.testing import CliRunner

    from eitflow.cli.main import main

    alone, run_a = _free_heat_run(tmp_path / "A", with_c=False)
    both, run_b = _free_heat_run(tmp_path / "B", with_c=True)
    b_alone = 720_000 - (200_000 + 0.5 * 8_087.6)
    assert alone.objective == pytest.approx(b_alone, rel=1e-9)
    assert both.objective == pytest.approx(720_000 + 540_000 - COST, rel=1e-9)
    out = CliRunner().invoke(main, ["compare", str(run_a), str(run_b)], catch_exceptions=False).output
    nb = "\u202f"
    assert f"  ajoutée : Réseau de fluid -> Bourg C, 0 -> 6{nb}000 MWh/an, +269{nb}916 €/an\n" in out, out
    assert f"  modifiée : Chaufferie A -> Réseau de fluid, 8{nb}175 -> 14{nb}438 MWh/an\n" in out, out
    assert "+0 €/an" not in out and "540" not in out
    en = CliRunner().invoke(main, ["compare", str(run_a), str(run_b), "--lang", "en"], catch_exceptions=False).output
    assert "  added: Fluid network -> Bourg C, 0 -> 6,000 MWh/yr, +269,916 EUR/yr\n" in en, en
    assert "  changed: Chaufferie A -> Fluid network, 8,175 -> 14,438 MWh/yr\n" in en, en
    # the table (--csv): every leg's change after the network's share; they add up to the headline's
    assert CliRunner().invoke(main, ["compare", str(run_a), str(run_b), "--csv", str(tmp_path / "d.csv")]).exit_code == 0
    d = by_pair(pd.read_csv(tmp_path / "d.csv"), "net_benefit_after_shares_delta_eur_per_yr")
    assert d == pytest.approx({("A", NET): 0.0, (NET, "B"): AFTER[(NET, "B")] - b_alone,
                               (NET, "C"): AFTER[(NET, "C")]})
    assert sum(d.values()) == pytest.approx(both.objective - alone.objective)
