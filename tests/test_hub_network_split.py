"""Who pays for a hub standing on a shared network, for every resource: one rule
(`results.hubsplit`), one figure in matches.csv, companies.csv, zones.csv, network_shares.csv,
summary.json, the brief and the report's Sankey. Values by hand in each test's docstring.

Before 2026-12-07 the rule held for CO2 hubs only: a hub on a heat or hydrogen network charged its
whole cost to its legs out in matches.csv while companies.csv and network_shares.csv pooled it
with the network's cost; summary.json's network cost left out the CO2 hub's network part that
network_shares.csv counted; and the network's balance, the Sankey and the brief counted CO2 trucked
straight through a hub as entering and leaving the pipes, and named nobody injecting through it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

import eitflow

sys.path.insert(0, str(Path(__file__).parent))
from test_co2_hub_pass_through import _scenario  # noqa: E402  (E -> H 100,000 t/yr; 30,000 to D, 70,000 piped to S)

NO_CORRIDORS = pd.DataFrame(columns=["resource", "size", "cost_eur_per_yr", "investment_eur", "flow", "existing"])


def _heat_legs() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Hub G on a heat network (cost 1,000 EUR/yr, 5,000 EUR invested): S1 brings 40 MWh/yr
    into it (worth 200 EUR/yr), it hands 60 MWh/yr out to U1 by its own leg (2,000 EUR/yr); the
    network delivers 100 MWh/yr to U2 (3,000) and S2 injects 120 (500). No corridor cost."""
    rows = [("to_hub", "S1", "G", "G", 40.0, 200.0, "network:heat"),
            ("from_hub", "G", "U1", "G", 60.0, 2_000.0, "network:heat"),
            ("from_net", "network:heat", "U2", "", 100.0, 3_000.0, ""),
            ("to_net", "S2", "network:heat", "", 120.0, 500.0, "")]
    L = pd.DataFrame(rows, columns=["kind", "source_site", "sink_site", "hub_id", "amount", "net_benefit_eur_per_yr",
                                    "network_party"]).assign(supply_resource="heat", unit="MWh",
                                                             co2_avoided_t_per_yr=0.0)
    hubs = pd.DataFrame({"hub_id": ["G"], "resources": [["heat"]], "annual_cost_eur_per_yr": [1_000.0],
                         "investment_eur": [5_000.0]})
    return L, hubs


def test_a_heat_hub_on_a_network_is_split_by_amounts_in_every_view():
    """The CO2 rule for heat: G puts 40 MWh/yr into the pipes (nothing passes straight through a
    heat hub) and hands 60 out: phi = 40 / (40 + 60) = 0.4. The network's part 0.4 x 1,000 = 400
    EUR/yr (2,000 EUR invested) is borne by what each user draws from the network: U2 100 and U1's
    leg 60 of 160 MWh/yr, 250 and 150; the legs' part 600 EUR/yr (3,000 EUR) by G's one leg out.
    S1's leg is an injection and keeps its 200. After shares: S1 200, U1 2,000 - 150 - 600 =
    1,250, U2 3,000 - 250 = 2,750, S2 500: 4,700 = 5,700 - 1,000. companies.csv reads the same
    split (`hub_parties`: 400 the network's; `truck_rows`: U1 600). Before: matches.csv charged
    the whole 1,000 and S1's 200 to U1 (1,200 after), companies.csv put all 1,000 in the network."""
    from eitflow.results.netparts import hub_parties
    from eitflow.results.shares import with_shares

    L, hubs = _heat_legs()
    out = with_shares(L, NO_CORRIDORS, hubs)
    assert out["hub_share_eur_per_yr"].tolist() == pytest.approx([0.0, 600.0, 0.0, 0.0])
    assert out["network_cost_share_eur_per_yr"].tolist() == pytest.approx([0.0, 150.0, 250.0, 0.0])
    assert out["net_benefit_after_shares_eur_per_yr"].tolist() == pytest.approx([200.0, 1_250.0, 2_750.0, 500.0])
    assert out["net_benefit_after_shares_eur_per_yr"].sum() == pytest.approx(5_700.0 - 1_000.0)
    parts = hub_parties(L, hubs)
    assert parts[["party", "cost_eur_per_yr", "investment_eur"]].values.tolist() == [["network:heat", 400.0, 2_000.0]]
    from eitflow.results.hubsplit import hub_split, truck_rows

    trucks = truck_rows(L, hub_split(L, hubs))
    assert trucks[["site_id", "cost_eur_per_yr", "investment_eur"]].values.tolist() == [["U1", 600.0, 3_000.0]]
    # one rule: the network's cost in matches.csv is the hub's network part, and the legs' part its hub share
    assert out["network_cost_share_eur_per_yr"].sum() == pytest.approx(float(parts["cost_eur_per_yr"].sum()))
    assert out["hub_share_eur_per_yr"].sum() == pytest.approx(float(trucks["cost_eur_per_yr"].sum()))


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory):
    """tests/test_hub_figures.py's hydrogen pipeline: ELY injects, station H on the pipeline hands
    200 t/yr out to D by its own leg, the network delivers 100 t/yr to E; H costs 50,000 EUR/yr."""
    from eitflow.results.rundir import read_run, write_run
    from test_hub_figures import h2_station_on_a_pipeline

    res = h2_station_on_a_pipeline()
    assert res.status == "optimal"
    return res, read_run(write_run(res, tmp_path_factory.mktemp("pipeline") / "run"))


def test_a_hydrogen_station_on_a_pipeline_is_its_depots_in_every_view(pipeline):
    """H has no leg in: it hands out only what it draws from the pipeline, phi = 0 / (200 + 0) =
    0, so its whole 50,000 EUR/yr is borne by its one leg out, D's, in matches.csv (hub share
    50,000) and in companies.csv (D's build cost 50,000; before 0, the station pooled with the
    pipeline's cost in the price bands, split by what D and E draw). The pipeline's cost alone is
    shared by what each draws: D 200 and E 100 of 300 t/yr, in matches.csv and network_shares.csv
    alike, which sums to summary.json's network cost."""
    res, data = pipeline
    L = res.statistics.links().set_index(["source_site", "sink_site"])
    net_cost = res.statistics.totals()["network_cost_eur_per_yr"]
    assert L.at[("H", "D"), "hub_share_eur_per_yr"] == pytest.approx(50_000.0, rel=1e-12)
    c = data.companies.set_index("site_id")
    assert "H" not in c.index
    assert c.at["D", "build_cost_eur_per_yr"] == pytest.approx(L.at[("H", "D"), "hub_share_eur_per_yr"], abs=0.005)
    assert c.at["D", "build_cost_eur_per_yr"] == pytest.approx(50_000.0, rel=1e-12)
    sh = data.network_shares.set_index("site_id")
    assert sh["hubs_cost_share_eur_per_yr"].abs().max() == 0.0
    assert sh["cost_share_eur_per_yr"].sum() == pytest.approx(net_cost, rel=1e-9)
    assert sh.at["D", "cost_share_eur_per_yr"] == pytest.approx(net_cost * 200 / 300, rel=1e-9)
    assert sh.at["D", "cost_share_eur_per_yr"] == pytest.approx(L.at[("H", "D"), "network_cost_share_eur_per_yr"],
                                                                abs=0.005)
    assert data.summary["networks"]["by_resource"]["hydrogen"]["hubs_annual_cost_eur_per_yr"] == 0.0
    headline = data.summary["totals"]["net_benefit_eur_per_yr"]
    assert c["total_eur_per_yr"].sum() == pytest.approx(headline, rel=1e-9)
    assert data.zones["net_benefit_eur_per_yr"].sum() == pytest.approx(headline, rel=1e-9)
    assert data.matches["net_benefit_after_shares_eur_per_yr"].sum() == pytest.approx(headline, rel=1e-9)


@pytest.fixture(scope="module")
def co2(tmp_path_factory):
    """tests/test_co2_hub_network_share.py's fixture: H costs 10,000 EUR/yr (100,000 EUR)."""
    from eitflow.results.rundir import read_run, write_run

    res = eitflow.optimise(_scenario(30_000.0, 70_000.0, 50.0, hub_fixed=5_000.0, hub_investment=100_000.0))
    assert res.status == "optimal"
    return res, read_run(write_run(res, tmp_path_factory.mktemp("co2") / "run"))


def test_network_shares_say_the_hubs_part_summary_json_adds_up(co2):
    """network_shares.csv: S's cost share 38,360 EUR/yr = the pipe's 31,360 (448 EUR/m x 1,000 m x
    0.07) + the hub's network part 7,000 (10,000 x 70,000 / 100,000), each in a labelled column:
    the first sums to summary.json's network cost (31,360), the second to its
    ``hubs_annual_cost_eur_per_yr`` (7,000). Before: one column of 38,360 beside 31,360."""
    _, data = co2
    sh = data.network_shares.set_index("site_id")
    assert sh.at["S", "cost_share_eur_per_yr"] == pytest.approx(38_360.0, rel=1e-9)
    assert sh.at["S", "corridors_cost_share_eur_per_yr"] == pytest.approx(31_360.0, rel=1e-9)
    assert sh.at["S", "hubs_cost_share_eur_per_yr"] == pytest.approx(7_000.0, rel=1e-9)
    net = data.summary["networks"]["by_resource"]["co2"]
    assert sh["corridors_cost_share_eur_per_yr"].sum() == pytest.approx(data.summary["totals"]["network_cost_eur_per_yr"])
    assert sh["corridors_cost_share_eur_per_yr"].sum() == pytest.approx(net["annual_cost_eur_per_yr"])
    assert sh["hubs_cost_share_eur_per_yr"].sum() == pytest.approx(net["hubs_annual_cost_eur_per_yr"])
    assert net["hubs_annual_cost_eur_per_yr"] == pytest.approx(7_000.0, rel=1e-9)
    # the report's table of shares says the two parts where a hub has one
    import html

    from eitflow.report.html import render_html

    page = html.unescape(render_html(data, "en"))
    assert "Share of the corridors' cost" in page and "Share of the hubs' cost" in page


def test_co2_trucked_through_the_hub_never_enters_the_networks_balance(co2):
    """The pipes carry 70,000 t/yr (E's 100,000 less the 30,000 H trucks straight to D): into the
    network 70,000, withdrawn 70,000 (S), in summary.json and `network_balance` (before: 100,000 and
    100,000). matches.csv says what each leg passed straight through: E -> H and H -> D 30,000."""
    res, data = co2
    b = data.summary["networks"]["by_resource"]["co2"]["balance"]
    assert (b["injected_by_supplies"], b["into_network"], b["withdrawn"]) == pytest.approx((70_000.0,) * 3, rel=1e-9)
    assert b["closes"]
    m = data.matches.set_index(["source_site", "sink_site"])
    assert m.at[("E", "H"), "passed_through_hub"] == pytest.approx(30_000.0, rel=1e-9)
    assert m.at[("H", "D"), "passed_through_hub"] == pytest.approx(30_000.0, rel=1e-9)
    assert m.at[("network:co2", "S"), "passed_through_hub"] == 0.0
    bal = res.statistics.network_balance().set_index("resource")
    assert bal.at["co2", "into_network"] == pytest.approx(70_000.0, rel=1e-9)


def test_the_sankey_draws_only_the_piped_co2_through_the_network(co2):
    """Bands: E -> network 70,000 t/yr (the piped part of E's leg), E -> H 30,000 and H -> D 30,000
    (trucked straight through, at the hub's node), network -> S 70,000: the network's node takes in
    what it gives out (before: E -> network 100,000, network -> D 30,000, as if piped)."""
    from eitflow.report.sankey import sankey_layout

    _, data = co2
    [panel] = sankey_layout(data, lang="en")
    bands: dict[tuple[str, str], float] = {}
    for b in panel.bands:
        bands[(b["source"], b["sink"])] = bands.get((b["source"], b["sink"]), 0.0) + b["amount"]
    assert bands == pytest.approx({("E", "network:co2"): 70_000.0, ("E", "H"): 30_000.0, ("H", "D"): 30_000.0,
                                   ("network:co2", "S"): 70_000.0}, rel=1e-9)


def test_the_briefs_network_row_names_the_emitter_injecting_through_the_hub(co2):
    """The network's row in the brief: E injects (70,000 t/yr, through H's leg), S withdraws; D,
    served by truck straight through H, is not the network's (before: injecting named nobody)."""
    from eitflow.report.brief import _brief_rows

    _, data = co2
    nets = _brief_rows(data).dropna(subset=["network"]).set_index("network")
    assert nets.at["network:co2", "injecting"] == ("E",)
    assert nets.at["network:co2", "withdrawing"] == ("S",)
    assert nets.at["network:co2", "amount"] == pytest.approx(70_000.0, rel=1e-9)
