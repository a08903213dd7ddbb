"""A heat pump is capital spent: its investment is in the exchange's and the plan's investment,
said the same in every output (`Statistics.links` adds it once; every view reads it there).

The case of `test_heat_pump_outputs`: a data centre's 40 degC heat injected through a heat pump
(COP 3.5315) into a 70 degC network, 1 km of corridor to a district taking 8,000 MWh/yr at 60
degC. Worked out by hand from the catalogue:

- the corridor is a DN100 (670 EUR/m: 670,000 EUR), losing 30 W/m at 90 degC, scaled to the
  network's 70 degC by the mean of supply and return (30 K drop) above the 10 degC ground:
  30 x 1,000 m x 8,760 h x (70 - 15 - 10) / (90 - 15 - 10) = 181.938 MWh/yr;
- so the pump puts 8,000 + 181.938 MWh/yr into the network: over 6,000 full-load hours a
  1.3637 MW pump, at 700 EUR/kW 954,559.49 EUR;
- the two substations (the injection's and the district's) are 60,000 EUR each.

Before, the plan's investment was 790,000 EUR (substations and corridor) and the pump's 954,559
EUR was said beside it, "hors investissement total"; now the plan's is 1,744,559 EUR, and nothing
else moves (the objective already paid the pump as an annuity per MWh).
"""

from __future__ import annotations

import html as html_lib
import json
import re

import pandas as pd
import pytest
from click.testing import CliRunner

import eitflow
from eitflow.cli.main import main
from eitflow.results.rundir import read_run, write_run
from test_heat_pump_outputs import CARBON, CO2_ELEC, CONNECTION, CRF, PRICE, _injection_scenario, injection_files

LOSS = 30.0 * 1000.0 * 8760.0 / 1e6 * (70.0 - 15.0 - 10.0) / (90.0 - 15.0 - 10.0)   # MWh/yr
PUMP_MW = (8000.0 + LOSS) / 6000.0
PUMP = PUMP_MW * 1000.0 * 700.0                                                    # EUR
CORRIDOR = 670.0 * 1000.0                                                          # EUR
BEFORE = 2 * CONNECTION + CORRIDOR                                                 # 790,000 EUR
PLAN = BEFORE + PUMP                                                               # 1,744,559 EUR
NET = "network:heat"


def test_the_figures_by_hand():
    assert round(LOSS, 3) == 181.938 and round(PUMP_MW, 2) == 1.36 and round(PUMP) == 954_559
    assert round(PLAN) == 1_744_559


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    res = eitflow.optimise(_injection_scenario())
    return res, write_run(res, tmp_path_factory.mktemp("hpinv") / "run")


def test_the_plans_investment_rises_by_the_pumps_and_nothing_else_moves(run):
    """The plan's investment is the substations, the corridor and the pump; the objective, the CO2
    and the network's figures are those of the model, which paid the pump as an annuity."""
    res, _ = run
    st = res.statistics
    t = st.totals()
    assert t["investment_eur"] == pytest.approx(PLAN, rel=1e-9)
    assert t["links_investment_eur"] == pytest.approx(2 * CONNECTION + PUMP, rel=1e-9)
    assert t["network_investment_eur"] == pytest.approx(CORRIDOR, rel=1e-12)
    assert (t["hub_investment_eur"], t["supply_investment_eur"], t["placement_investment_eur"]) == (0.0, 0.0, 0.0)
    L = st.links().set_index("sink_site")
    assert L.at[NET, "heat_pump_investment_eur"] == pytest.approx(PUMP, rel=1e-9)
    assert L.at[NET, "investment_eur"] == pytest.approx(CONNECTION + PUMP, rel=1e-9)   # its substation and its pump
    assert L.at["VILLE", "investment_eur"] == CONNECTION
    assert L.at[NET, "heat_pump_mw"] == pytest.approx(PUMP_MW, rel=1e-9)
    # nothing else moves: the objective by hand (as `test_heat_pump_outputs`), with the pump's annuity
    # CRF x its investment (the same rule as every investment), and the CO2
    elec = L.at[NET, "heat_pump_electricity_mwh_per_yr"]
    cor = st.corridors()
    assert float(cor["loss"].sum()) == pytest.approx(LOSS, rel=1e-9)
    corridor = float(cor["annual_cost_eur_per_yr"].sum())
    by_hand = (8000.0 * 80.0 + CARBON * (8000.0 * 0.252 - elec * CO2_ELEC) - elec * PRICE - CRF * PUMP
               - 2 * CRF * CONNECTION - corridor)
    assert res.objective == pytest.approx(by_hand, rel=1e-9)
    assert t["net_benefit_eur_per_yr"] == pytest.approx(by_hand, rel=1e-9)
    assert t["co2_avoided_t_per_yr"] == pytest.approx(8000.0 * 0.252 - elec * CO2_ELEC, rel=1e-9)
    assert res.summary["heat_pumps"]["investment_eur"] == pytest.approx(PUMP, rel=1e-9)


def test_the_network_hosts_its_injections_pump_and_passes_it_on(run):
    """The pump's costs are in the injection's value, the buyer's side, and the network buys the
    data centre's heat: the network hosts the pump, as it pays the injection's substation, and passes
    both on to the district it serves (its only customer: share 1). The data centre invests nothing."""
    res, _ = run
    st = res.statistics
    co = st.companies().set_index("site_id")
    assert co.at["DC", "investment_eur"] == 0.0
    assert co.at["VILLE", "investment_eur"] == pytest.approx(CONNECTION + CORRIDOR + CONNECTION + PUMP, rel=1e-9)
    assert co["investment_eur"].sum() == pytest.approx(PLAN, rel=1e-9)
    sh = st.network_shares().iloc[0]
    assert (sh["site_id"], sh["share"]) == ("VILLE", 1.0)
    assert sh["investment_share_eur"] == pytest.approx(CORRIDOR, rel=1e-12)
    assert sh["supplier_connections_share_eur"] == pytest.approx(CONNECTION, rel=1e-12)
    assert sh["heat_pumps_share_eur"] == pytest.approx(PUMP, rel=1e-9)
    for rule in ("company", "sink", "source", "half"):
        assert st.zones(rule)["investment_eur"].sum() == pytest.approx(PLAN, rel=1e-9), rule
    assert st.resources()["investment_eur"].sum() == pytest.approx(PLAN, rel=1e-9)


def _text(s: str) -> str:
    return html_lib.unescape(s).replace("\u202f", " ").replace("\xa0", " ")


def test_every_file_and_document_says_the_plans_investment(run, tmp_path):
    """summary.json, matches.csv (+ corridors.csv), companies.csv, zones.csv, network_shares.csv,
    results.xlsx, the report's card and tables and the brief: the same 1,744,559 EUR; no "hors
    investissement total" left."""
    from eitflow.report.brief import render_brief
    from eitflow.report.html import write_report
    from eitflow.report.workbook import read_results_workbook, write_results_workbook

    res, out = run
    s = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert s["totals"]["investment_eur"] == pytest.approx(PLAN, rel=1e-9)
    m, cor = pd.read_csv(out / "matches.csv"), pd.read_csv(out / "corridors.csv")
    assert float(m["investment_eur"].sum()) + float(cor["investment_eur"].sum()) == pytest.approx(PLAN, rel=1e-9)
    # a pump's investment is a part of its exchange's: the connections are what is left
    assert float((m["investment_eur"] - m["heat_pump_investment_eur"]).sum()) == pytest.approx(2 * CONNECTION)
    for f in ("companies.csv", "zones.csv"):
        assert pd.read_csv(out / f)["investment_eur"].sum() == pytest.approx(PLAN, rel=1e-9), f
    ns = pd.read_csv(out / "network_shares.csv")
    assert (ns["investment_share_eur"] + ns["supplier_connections_share_eur"] + ns["heat_pumps_share_eur"]).sum() \
        == pytest.approx(CORRIDOR + CONNECTION + PUMP, rel=1e-9)
    book = read_results_workbook(write_results_workbook(res, tmp_path / "results.xlsx", "fr"))
    for sheet in ("matches", "companies", "zones"):
        extra = float(book["corridors"]["investment_eur"].sum()) if sheet == "matches" else 0.0
        assert book[sheet]["investment_eur"].sum() + extra == pytest.approx(PLAN, rel=1e-9), sheet
    assert book["network_shares"]["heat_pumps_share_eur"].sum() == pytest.approx(PUMP, rel=1e-9)
    data = read_run(out)
    page = _text(write_report(out, tmp_path / "rapport.html", "fr").read_text(encoding="utf-8"))
    assert float(re.search(r'data-key="investment_eur" data-v="([^"]+)"', page).group(1)) == pytest.approx(PLAN, rel=1e-9)
    assert "1 744 559" in page and "hors investissement total" not in page and "hors total" not in page
    hp = page[page.index('id="heat-pumps-line"'):]
    assert "(investissement 954 559 €, compris dans l'investissement du plan)" in hp[:hp.index("</p>")]
    shares = page[page.index('id="network-shares-table"'):]
    shares = shares[:shares.index("</table>")]
    assert "Part des pompes à chaleur à l'injection" in shares and "954 559" in shares
    brief = _text(render_brief(data, "fr"))
    assert float(re.search(r'data-key="investment_eur" data-v="([^"]+)"', brief).group(1)) == pytest.approx(PLAN, rel=1e-9)
    en = _text(write_report(out, tmp_path / "report.html", "en").read_text(encoding="utf-8"))
    assert "not in the investment total" not in en and "(investment 954,559 EUR, in the plan's investment)" in en


def _invoke(*args) -> str:
    r = CliRunner().invoke(main, [str(a) for a in args], env={"COLUMNS": "250"}, catch_exceptions=False)
    assert r.exit_code == 0, r.output
    return _text(r.output)


def test_the_terminal_the_analyses_and_a_sweep_say_it(tmp_path):
    """`eitflow run` prints it; `pareto`'s first point, `alternatives`' first portfolio, `compare`
    of the run with itself and a sweep's results.csv give it; `resilience`, closing the data centre,
    strands its substation, its pump, the corridor and the district's substation, idle with nothing
    else feeding the network (60,000 + 954,559 + 670,000 + 60,000 EUR: the whole plan)."""
    path = injection_files(tmp_path)
    text = _invoke("run", path, "--out", tmp_path / "run", "--lang", "fr")
    assert "investissement 1 744 559 €" in text and "compris dans l'investissement du plan" in text
    _invoke("pareto", path, "--points", "1", "--csv", tmp_path / "pareto.csv", "--out", tmp_path)
    assert pd.read_csv(tmp_path / "pareto.csv").iloc[0]["investment_eur"] == pytest.approx(PLAN, rel=1e-6)
    _invoke("alternatives", path, "-k", "1", "--csv", tmp_path / "alt.csv")
    assert pd.read_csv(tmp_path / "alt.csv").iloc[0]["investment_eur"] == pytest.approx(PLAN, rel=1e-6)
    _invoke("resilience", path, "--csv", tmp_path / "resilience.csv")
    r = pd.read_csv(tmp_path / "resilience.csv").set_index("site_id")
    assert r.at["DC", "stranded_investment_eur"] == pytest.approx(2 * CONNECTION + PUMP + CORRIDOR, rel=1e-6)
    cmp = _invoke("compare", tmp_path / "run", tmp_path / "run", "--lang", "en")
    assert "1,744,559" in cmp
    (tmp_path / "sweep.yaml").write_text("name: hp\nbases:\n  hp: scenario.yaml\noutputs: tables\n"
                                         "grid:\n  carbon_price_eur_per_t: [100]\n", encoding="utf-8")
    _invoke("sweep", tmp_path / "sweep.yaml", "--out", tmp_path / "sweep", "--workers", "0", "-q")
    assert pd.read_csv(tmp_path / "sweep" / "results.csv").iloc[0]["investment_eur"] == pytest.approx(PLAN, rel=1e-6)
