"""A heat pump in the outputs (`results.heatpumps`): which exchanges need one, its COP, the
electricity it draws and what that costs, said the same in matches.csv, summary.json, the
terminal, the report and the brief; and a company's investment in a shared network counted on
one basis in network_shares.csv and companies.csv. Expected values worked out by hand from the
catalogue's rule (COP = Carnot share x T_cond / lift, the pump's capacity at EUR/kW over the
full-load hours, annualised)."""

from __future__ import annotations

import html as html_lib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import eitflow
from eitflow.results.rundir import read_run, write_run

ROOT = Path(__file__).resolve().parents[1]

#: the scenario's parameters, stated (they are also the defaults)
PRICE, CO2_ELEC, CARBON, R, N = 80.0, 0.052, 100.0, 0.05, 20.0
CRF = R / (1.0 - (1.0 + R) ** -N)                 # 0.0802425872 /yr
CAP_EUR_PER_MWH = CRF * 700.0 * 1000.0 / 6000.0   # the pump's annuity per MWh it delivers: 9.3616 EUR/MWh
CONNECTION = 60_000.0                             # the catalogue's heat network substation (EUR)


def _injection_scenario():
    """A data centre's 40 degC heat (10,000 MWh/yr) into a 70 degC heat network, 1 km of
    corridor to a district needing 8,000 MWh/yr at 60 degC (60 + 10 K approach = the network's
    70: it may withdraw) paying 80 EUR/MWh. Point-to-point links are out of reach (0.1 km)."""
    sites = pd.DataFrame({"site_id": ["DC", "VILLE"], "name": ["Centre de données", "Quartier Nord"],
                          "lat": [48.60, 48.609], "lon": [6.10, 6.10]})
    flows = pd.DataFrame({"flow_id": ["dc_heat", "ville_heat"], "site_id": ["DC", "VILLE"],
                          "direction": ["supply", "demand"], "resource": "heat", "amount": [10000.0, 8000.0],
                          "unit": "MWh/yr", "temperature_c": [40.0, 60.0], "price_eur_per_unit": [0.0, 80.0],
                          "max_distance_km": [0.1, 0.1]})
    corridors = pd.DataFrame({"corridor_id": ["c1"], "resource": "heat", "from": ["DC"], "to": ["VILLE"],
                              "length_km": [1.0]})
    return eitflow.scenario_from_frames(sites, flows, corridors=corridors, networks={"heat": {"temperature_c": 70.0}},
                                        name="Pompe à chaleur à l'injection", carbon_price_eur_per_t=CARBON,
                                        discount_rate=R, lifetime_years=N, electricity_price_eur_per_mwh=PRICE,
                                        electricity_co2_t_per_mwh=CO2_ELEC, solver={"mip_gap": 0.0})


def injection_files(tmp_path):
    """`_injection_scenario` as files (scenario.yaml, sites, flows, corridors) in `tmp_path`; the
    path of scenario.yaml."""
    scen = _injection_scenario()
    scen.sites.to_csv(tmp_path / "sites.csv", index=False)
    scen.flows[["flow_id", "site_id", "direction", "resource", "amount", "unit", "temperature_c",
                "price_eur_per_unit", "max_distance_km"]].to_csv(tmp_path / "flows.csv", index=False)
    scen.corridors[["corridor_id", "resource", "from", "to", "length_km"]].to_csv(tmp_path / "corridors.csv", index=False)
    (tmp_path / "scenario.yaml").write_text(
        "name: hp\nsites: sites.csv\nflows: flows.csv\ncorridors: corridors.csv\ncarbon_price_eur_per_t: 100\n"
        "networks:\n  heat: {temperature_c: 70}\nsolver: {mip_gap: 0}\n", encoding="utf-8")
    return tmp_path / "scenario.yaml"


@pytest.fixture(scope="module")
def injected(tmp_path_factory):
    res = eitflow.optimise(_injection_scenario())
    return res, write_run(res, tmp_path_factory.mktemp("hp") / "run")


def test_an_injection_through_a_heat_pump_says_its_cop_electricity_and_cost_by_hand(injected):
    """COP = 0.5 x (70 + 10 + 273.15) / ((70 + 10) - (40 - 10)) = 0.5 x 353.15 / 50 = 3.5315;
    per MWh of the data centre's heat the pump puts 3.5315 / 2.5315 = 1.39502 MWh into the
    network and draws 1 / 2.5315 = 0.39502 MWh of electricity. The district takes its 8,000
    MWh/yr, so the data centre injects (8,000 + the corridor's loss) / 1.39502. Before, matches.csv
    had no heat-pump column: the injection read as a loss of 278,806 EUR/yr, nothing said why."""
    res, _ = injected
    m = res.matches
    inj = m[m["sink_site"] == "network:heat"].iloc[0]
    out = m[m["sink_site"] == "VILLE"].iloc[0]
    cop = 0.5 * 353.15 / 50.0
    eta = cop / (cop - 1.0)
    loss = float(res.statistics.corridors()["loss"].sum())
    x = (8000.0 + loss) / eta
    assert cop == pytest.approx(3.5315)
    assert inj["amount"] == pytest.approx(x, rel=1e-6)
    elec = x / (cop - 1.0)
    assert bool(inj["heat_pump"]) and not bool(out["heat_pump"]) and np.isnan(out["heat_pump_cop"])
    assert inj["heat_pump_cop"] == pytest.approx(cop, rel=1e-12)
    assert inj["heat_pump_electricity_mwh_per_yr"] == pytest.approx(elec, rel=1e-6)
    assert inj["heat_pump_electricity_eur_per_yr"] == pytest.approx(elec * PRICE, rel=1e-6)
    assert inj["heat_pump_capacity_eur_per_yr"] == pytest.approx(x * eta * CAP_EUR_PER_MWH, rel=1e-6)
    assert inj["heat_pump_mw"] == pytest.approx(x * eta / 6000.0, rel=1e-6)
    assert inj["heat_pump_investment_eur"] == pytest.approx(x * eta / 6000.0 * 1000.0 * 700.0, rel=1e-6)
    assert (out["heat_pump_electricity_mwh_per_yr"], out["heat_pump_electricity_eur_per_yr"]) == (0.0, 0.0)
    # rounded, as the report says them: 2,317 MWh/yr, 185,348 EUR/yr, 76,596 EUR/yr of annuity
    assert (round(elec), round(elec * PRICE), round(x * eta * CAP_EUR_PER_MWH)) == (2317, 185348, 76596)


def test_the_heat_pump_is_counted_once_in_the_objective_and_the_totals(injected):
    """The objective by hand: the district's 8,000 MWh at 80 EUR and its gas CO2 (0.252 t/MWh)
    at 100 EUR/t, less the pump's electricity (price and its CO2), less its annuity, less two
    substations' annuity and the corridor's cost. The pump's parts appear in the injection's own
    net benefit and nowhere else: the exchanges after shares, the companies and the totals add
    up to the same objective (one pump counted twice would be 262,000 EUR/yr off)."""
    res, _ = injected
    st = res.statistics
    inj = st.links().set_index("sink_site").loc["network:heat"]
    elec, cap = inj["heat_pump_electricity_mwh_per_yr"], inj["heat_pump_capacity_eur_per_yr"]
    cor = st.corridors()
    corridor = float(cor["annual_cost_eur_per_yr"].sum())
    by_hand = (8000.0 * 80.0 + CARBON * (8000.0 * 0.252 - elec * CO2_ELEC) - elec * PRICE - cap
               - 2 * CRF * CONNECTION - corridor)
    assert res.objective == pytest.approx(by_hand, rel=1e-9)
    assert st.totals()["net_benefit_eur_per_yr"] == pytest.approx(by_hand, rel=1e-9)
    assert inj["net_benefit_eur_per_yr"] == pytest.approx(
        -elec * PRICE - cap - CARBON * elec * CO2_ELEC - CRF * CONNECTION, rel=1e-9)
    assert st.links()["net_benefit_after_shares_eur_per_yr"].sum() == pytest.approx(by_hand, rel=1e-9)
    assert st.companies()["total_eur_per_yr"].sum() == pytest.approx(by_hand, rel=1e-9)
    hp = res.summary["heat_pumps"]
    assert (hp["exchanges"], hp["at_injection"]) == (1, 1)
    assert hp["cop_min"] == hp["cop_max"] == pytest.approx(3.5315)
    assert hp["electricity_mwh_per_yr"] == pytest.approx(elec) and hp["capacity_eur_per_yr"] == pytest.approx(cap)
    assert hp["electricity_eur_per_yr"] == pytest.approx(elec * PRICE)


def test_matches_csv_the_report_and_the_brief_say_the_heat_pump(injected):
    """matches.csv has the columns; the French report lists the pump (where, COP, electricity,
    cost) and marks the exchange; the brief marks the row and says the electricity and its cost."""
    from eitflow.report.brief import render_brief
    from eitflow.report.html import write_report

    _, out = injected
    data = read_run(out)
    csv = pd.read_csv(out / "matches.csv")
    assert {"heat_pump", "heat_pump_cop", "heat_pump_electricity_mwh_per_yr",
            "heat_pump_electricity_eur_per_yr"} <= set(csv.columns)
    page = html_lib.unescape(write_report(out, out / "rapport.html", "fr").read_text(encoding="utf-8"))
    table = page[page.index('id="heat-pumps-table"'):]
    table = table[:table.index("</table>")]
    for said in ("Centre de données", "à l'injection dans le réseau", "3,53", "2\u202f317", "185\u202f348", "76\u202f596"):
        assert said.replace("\u202f", " ") in table.replace("\u202f", " ").replace("\xa0", " "), said
    assert "pompe à chaleur, COP 3,53" in page
    brief = html_lib.unescape(render_brief(data, "fr")).replace("\u202f", " ").replace("\xa0", " ")
    assert "pompe à chaleur, COP 3,53" in brief
    note = brief[brief.index('id="brief-hp-note"'):]
    assert "2 317 MWh/an d'électricité (185 348 €/an)" in note[:note.index("</p>")]
    en = html_lib.unescape(render_brief(data, "en")).replace("\xa0", " ")   # a figure's unit glued: one line
    assert "heat pump, COP 3.53" in en and "2,317 MWh/yr of electricity (185,348 EUR/yr)" in en


def test_the_run_command_prints_the_heat_pumps(tmp_path):
    """`eitflow run` says the pumps under the network's line, in the run's language."""
    from click.testing import CliRunner

    from eitflow.cli.main import main

    path = injection_files(tmp_path)
    fr = CliRunner().invoke(main, ["run", str(path), "--out", str(tmp_path / "fr"), "--lang", "fr"])
    assert fr.exit_code == 0, fr.output
    line = [ln for ln in fr.output.replace("\u202f", " ").replace("\xa0", " ").splitlines()
            if ln.startswith("  Pompes à chaleur : ")]
    assert len(line) == 1
    assert ("1 échange, dont 1 à l'injection d'un réseau partagé, COP 3,53 : 2 317 MWh/an d'électricité "
            "(185 348 €/an) et 76 596 €/an d'annuité") in line[0]


def test_a_point_to_point_heat_pump_reads_the_same_rule():
    """Without a network: the 40 degC heat reaches the 60 degC district through a pump at the
    district, COP = 0.5 x (60 + 10 + 273.15) / ((60 + 10) - (40 - 10)) = 4.289375; the pipe's
    route is 1.3 x the distance and loses 0.2 %/km, so h = 1 - 0.002 x route km of each MWh
    reaches the pump, which draws h / (COP - 1) MWh of electricity."""
    scen = _injection_scenario()
    scen = eitflow.scenario_from_frames(scen.sites, scen.flows.drop(columns=["max_distance_km"]),
                                        carbon_price_eur_per_t=CARBON, solver={"mip_gap": 0.0})
    res = eitflow.optimise(scen)
    row = res.matches.iloc[0]
    cop = 0.5 * 343.15 / 40.0
    h = 1.0 - 0.002 * row["distance_km"]
    assert row["distance_km"] == pytest.approx(1.3 * row["great_circle_km"])
    assert bool(row["heat_pump"]) and row["heat_pump_cop"] == pytest.approx(cop, rel=1e-12)
    assert row["heat_pump_electricity_mwh_per_yr"] == pytest.approx(row["amount"] * h / (cop - 1.0), rel=1e-9)
    assert row["demand_amount"] == pytest.approx(row["amount"] * h * cop / (cop - 1.0), rel=1e-9)
    assert res.summary["heat_pumps"]["at_injection"] == 0


def test_a_companys_network_investment_is_one_figure_in_both_files(tmp_path):
    """Ludres backbone: companies.csv's investment of a company served by the network is its
    own connection(s) plus its share of the network's corridors and of the connections of the
    two supplies injecting into it (UVE, SAM: 60,000 EUR each, which the network pays as their
    buyer). network_shares.csv said only the corridors' share (Fléville: 563,611 EUR, against
    573,599 in companies.csv besides its own 60,000): it now gives both parts, and the totals
    are the sums of the parts across both files."""
    res = eitflow.run_file(ROOT / "scenarios" / "ludres_backbone" / "scenario.yaml")
    data = read_run(write_run(res, tmp_path / "run"))
    sh, co, m = data.network_shares, data.companies.set_index("site_id"), data.matches
    corridors = data.summary["networks"]["by_resource"]["heat"]["investment_eur"]
    withdrawn = {"ZAE_LF": 15000, "NEUVES": 12327, "LUDRES": 11130, "FLEVILLE": 4158, "HOUDEMONT": 3851, "MESSEIN": 3486}
    total = sum(withdrawn.values())
    assert set(sh["site_id"]) == set(withdrawn)
    for rec in sh.to_dict("records"):
        s = rec["site_id"]
        assert rec["share"] == pytest.approx(withdrawn[s] / total)
        assert rec["investment_share_eur"] == pytest.approx(corridors * withdrawn[s] / total)
        assert rec["supplier_connections_share_eur"] == pytest.approx(2 * CONNECTION * withdrawn[s] / total)
        own = float(m.loc[m["sink_site"] == s, "investment_eur"].sum())     # its own connection(s): 60,000
        assert own == CONNECTION
        assert co.at[s, "investment_eur"] == pytest.approx(own + rec["investment_share_eur"]
                                                           + rec["supplier_connections_share_eur"])
    assert co.at["FLEVILLE", "investment_eur"] == pytest.approx(60_000 + 4158 / total * (corridors + 120_000))
    assert sh["investment_share_eur"].sum() == pytest.approx(corridors)
    assert sh["supplier_connections_share_eur"].sum() == pytest.approx(2 * CONNECTION)
    assert co["investment_eur"].sum() == pytest.approx(data.totals["investment_eur"])
    assert data.totals["investment_eur"] == pytest.approx(float(m["investment_eur"].sum()) + corridors)
    page = html_lib.unescape((Path(__import__("eitflow.report.html", fromlist=["write_report"]).write_report(
        tmp_path / "run", tmp_path / "rapport.html", "fr"))).read_text(encoding="utf-8"))
    assert "Part des raccordements des fournisseurs" in page and "Part de l'investissement des tronçons" in page
