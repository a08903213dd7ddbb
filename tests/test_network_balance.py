"""A shared network's energy balance (`results.netbalance`, eitflow issue #15): what its supplies
inject, what heat pumps add at injection, what its corridors lose and what its users withdraw,
one figure in summary.json, results.xlsx, the report's network section and its Sankey diagram,
whose network node now balances (before: it received the supplies' 52,728 MWh/yr on the Ludres
backbone and delivered 49,952, the 2,776 MWh/yr lost along the corridors said nowhere; with a
heat pump at injection the node received the source's heat, before the pump). Expected values
worked out by hand; the outputs read back from the files."""

from __future__ import annotations

import copy
import json
import re
import shutil
from importlib import resources
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import yaml

import eitflow
from eitflow.report.html import write_report
from eitflow.report.workbook import write_results_workbook
from eitflow.results.netbalance import BALANCE_FIGURES
from eitflow.results.rundir import write_run
from test_network import FLUID, H, _scenario
from test_network_existing_loss import EXISTING  # three of the backbone's pipes in the ground

ROOT = Path(__file__).resolve().parents[1]
LUDRES = ROOT / "scenarios" / "ludres_backbone"


def _balance(res) -> dict:
    b = res.statistics.network_balance()
    assert len(b) == 1
    return b.iloc[0].to_dict()


def test_a_backbone_balances_by_hand():
    """A supplies B (8,000 MWh/yr) and C (6,000) along A - B - C (1 km each); A-B is size L
    (30 W/m), B-C size S (20 W/m) (tests/test_network.py::test_one_backbone_by_hand). Losses:
    30 x 1,000 m x 8,760 h = 262.8 MWh/yr + 20 x 1,000 x 8,760 = 175.2, 438.0 in all;
    withdrawn 8,000 + 6,000 = 14,000; so A injects 14,000 + 438.0 = 14,438.0, no heat pump."""
    sites = {"site_id": ["A", "B", "C"], "lat": [45.0, 45.01, 45.02], "lon": [4.0, 4.0, 4.0]}
    flows = {"site_id": ["A", "B", "C"], "direction": ["supply", "demand", "demand"], "resource": "fluid",
             "amount": [30000.0, 8000.0, 6000.0], "unit": "MWh/yr", "price_eur_per_unit": [2.0, 90.0, 90.0]}
    corridors = {"resource": "fluid", "from": ["A", "B"], "to": ["B", "C"], "length_km": [1.0, 1.0]}
    b = _balance(eitflow.optimise(_scenario(sites, flows, corridors)))
    losses = (30 + 20) * 1000 * H / 1e6
    assert losses == pytest.approx(438.0)
    assert b["resource"] == "fluid" and b["unit"] == "MWh/yr"
    assert b["withdrawn"] == pytest.approx(14_000.0, rel=1e-9)
    assert b["losses"] == pytest.approx(438.0, rel=1e-9)
    assert b["injected_by_supplies"] == pytest.approx(14_438.0, rel=1e-9)
    assert b["into_network"] == pytest.approx(14_438.0, rel=1e-9)
    # the test carrier has no temperature rule, so no heat pump: the figure is NaN, as
    # summary.json leaves it out (tests/test_gas_networks.py: the views agree)
    assert pd.isna(b["heat_pump_electricity"])
    assert b["closes"] and abs(b["unaccounted"]) < 1e-6


def test_a_share_lost_per_km_is_a_loss_of_the_corridor_by_hand():
    """The same carrier losing 5 % of what a corridor carries per km (`loss_share_per_km`)
    besides its 20 W/m: A serves B (8,000 MWh/yr) over 1 km of size S. What reaches B's end is
    0.95 x the flow sent from A, which must bring B's 8,000 and half of S's 175.2 MWh/yr:
    x = 8,087.6 / 0.95 = 8,513.263; A injects x + 87.6 = 8,600.863; the corridor loses
    175.2 + 0.05 x = 600.863 (corridors.csv said 175.2, and the balance was 425.7 short)."""
    fluid = copy.deepcopy(FLUID)
    fluid["fluid"]["network"]["loss_share_per_km"] = 0.05
    sites = {"site_id": ["A", "B"], "lat": [45.0, 45.01], "lon": [4.0, 4.0]}
    flows = {"site_id": ["A", "B"], "direction": ["supply", "demand"], "resource": "fluid",
             "amount": [30000.0, 8000.0], "unit": "MWh/yr", "price_eur_per_unit": [2.0, 90.0]}
    scen = eitflow.scenario_from_frames(
        pd.DataFrame(sites), pd.DataFrame(flows), resources=fluid,
        corridors=pd.DataFrame({"resource": "fluid", "from": ["A"], "to": ["B"], "length_km": [1.0]}),
        discount_rate=0.0, lifetime_years=1.0, carbon_price_eur_per_t=0.0, solver={"mip_gap": 0.0})
    res = eitflow.optimise(scen)
    x = (8000.0 + 87.6) / 0.95
    assert x == pytest.approx(8513.263, abs=1e-3)
    cor = res.statistics.corridors()
    assert cor["flow"].tolist() == pytest.approx([x], rel=1e-9)
    assert cor["loss"].tolist() == pytest.approx([175.2 + 0.05 * x], rel=1e-9)
    b = _balance(res)
    assert b["injected_by_supplies"] == pytest.approx(x + 87.6, rel=1e-9)
    assert b["losses"] == pytest.approx(600.863, abs=1e-3)
    assert b["withdrawn"] == pytest.approx(8000.0, rel=1e-9)
    assert b["closes"]


def _heat_sizes() -> dict:
    raw = yaml.safe_load(resources.files("eitflow.data").joinpath("resources.yaml").read_text(encoding="utf-8"))
    net = raw["heat"]["network"]
    assert net["reference_temperature_c"] == 90 and net["load_factor"] == 0.5   # no scaling at 90 degC
    return {s["name"]: (s["capacity"], s["loss_w_per_m"]) for s in net["sizes"]}


def _pump_scenario():
    """A data centre's 40 degC heat into a 90 degC network through a heat pump, 1 km of
    corridor to a district taking 3,000 MWh/yr at 60 degC (80 EUR/MWh); direct pipes out of
    reach (0.1 km)."""
    sites = pd.DataFrame({"site_id": ["DC", "VILLE"], "lat": [48.60, 48.609], "lon": [6.10, 6.10]})
    flows = pd.DataFrame({"flow_id": ["dc_heat", "ville_heat"], "site_id": ["DC", "VILLE"],
                          "direction": ["supply", "demand"], "resource": "heat", "amount": [10000.0, 3000.0],
                          "unit": "MWh/yr", "temperature_c": [40.0, 60.0], "price_eur_per_unit": [0.0, 80.0],
                          "max_distance_km": [0.1, 0.1]})
    corridors = pd.DataFrame({"corridor_id": ["c1"], "resource": "heat", "from": ["DC"], "to": ["VILLE"],
                              "length_km": [1.0]})
    return eitflow.scenario_from_frames(sites, flows, corridors=corridors, networks={"heat": {"temperature_c": 90.0}},
                                        solver={"mip_gap": 0.0})


@pytest.fixture(scope="module")
def pumped(tmp_path_factory):
    res = eitflow.optimise(_pump_scenario())
    out = write_run(res, tmp_path_factory.mktemp("pump") / "run")
    write_report(out, lang="en")
    return res, out


def test_a_heat_pump_at_injection_adds_its_electricity_by_hand(pumped):
    """The district withdraws 3,000 MWh/yr. The corridor carries 3,000 + half its loss, more
    than DN65 carries at the catalogue's load factor (0.643 MW x 8,760 h x 0.5 = 2,816 MWh/yr):
    DN80 (0.98 MW: 4,292 MWh/yr), which loses 28.2 W/m x 1,000 m x 8,760 h = 247.032 MWh/yr.
    3,247.032 MWh/yr enter the network. The pump's COP is 0.5 x (90 + 10 + 273.15) /
    ((90 + 10) - (40 - 10)) = 2.665357: per MWh it puts in, 1/COP is electricity, so
    1,218.235 MWh/yr are the pump's and 2,028.797 the data centre's heat."""
    res, _ = pumped
    sizes = _heat_sizes()
    assert sizes["DN65"][0] * H * 0.5 < 3000 + 247.032 / 2 < sizes["DN80"][0] * H * 0.5
    loss = sizes["DN80"][1] * 1000 * H / 1e6
    assert loss == pytest.approx(247.032)
    cop = 0.5 * (90 + 10 + 273.15) / ((90 + 10) - (40 - 10))
    into = 3000.0 + loss
    elec = into / cop
    assert (round(cop, 6), round(elec, 3), round(into - elec, 3)) == (2.665357, 1218.235, 2028.797)
    b = _balance(res)
    assert b["withdrawn"] == pytest.approx(3000.0, rel=1e-9)
    assert b["losses"] == pytest.approx(loss, rel=1e-9)
    assert b["into_network"] == pytest.approx(into, rel=1e-9)
    assert b["heat_pump_electricity"] == pytest.approx(elec, rel=1e-9)
    assert b["injected_by_supplies"] == pytest.approx(into - elec, rel=1e-9)
    assert b["closes"]
    # the same electricity as matches.csv's heat-pump column says (`results.heatpumps`)
    assert res.matches["heat_pump_electricity_mwh_per_yr"].sum() == pytest.approx(elec, rel=1e-9)


def _bands(html: str) -> list[tuple[str, str, float]]:
    """The Sankey's bands of a report: (from, to, amount)."""
    return [(a, b, float(v)) for a, b, v in
            re.findall(r'class="sankey-link"[^>]*data-code="([^"]*) → ([^"]*)" data-amount="([^"]*)"', html)]


def _node_sums(html: str, node: str) -> tuple[float, float]:
    bands = _bands(html)
    return (sum(v for _, b, v in bands if b == node), sum(v for a, _, v in bands if a == node))


def test_the_sankey_draws_the_heat_pump_where_it_adds_its_electricity(pumped):
    """Into the network node: the data centre's 2,028.8 + the pumps' 1,218.2; out of it: the
    district's 3,000 + the losses' 247.0 (summary.json's balance, read from the file)."""
    _, out = pumped
    html = (out / "report.html").read_text(encoding="utf-8")
    bal = json.loads((out / "summary.json").read_text(encoding="utf-8"))["networks"]["by_resource"]["heat"]["balance"]
    into, leaves = _node_sums(html, "network:heat")
    assert into == pytest.approx(3000.0 + 247.032, rel=1e-6) and leaves == pytest.approx(into, rel=1e-6)
    pumps = [v for a, b, v in _bands(html) if a == "pumps|network:heat"]
    assert pumps == pytest.approx([bal["heat_pump_electricity"]], rel=1e-9)
    assert "Heat pumps&#x27; electricity" in html
    assert "Heat network: losses" in html


def test_a_heat_networks_library_balance_is_summary_jsons(pumped):
    """Statistics.network_balance (the library's table) and summary.json's balance (which
    results.xlsx and the report read) say the same figures, the pump's 1,218.235 MWh/yr of
    electricity among them (`test_a_heat_pump_at_injection_adds_its_electricity_by_hand`)."""
    res, out = pumped
    row = res.statistics.network_balance().set_index("resource").loc["heat"]
    bal = json.loads((out / "summary.json").read_text(encoding="utf-8"))["networks"]["by_resource"]["heat"]["balance"]
    assert row["heat_pump_electricity"] == pytest.approx(1218.235, abs=1e-3)
    assert {k: float(row[k]) for k in BALANCE_FIGURES if not pd.isna(row[k])} == pytest.approx(
        {k: v for k, v in bal.items() if k in BALANCE_FIGURES}, rel=1e-12)
    assert set(bal) == {"unit", "closes", *BALANCE_FIGURES}


@pytest.fixture(scope="module")
def ludres(tmp_path_factory):
    d = tmp_path_factory.mktemp("ludres")
    shutil.copytree(LUDRES, d / "scen")
    (d / "scen" / "corridors.csv").write_text(EXISTING, encoding="utf-8")
    res = eitflow.optimise(eitflow.read_scenario(d / "scen"))
    out = write_run(res, d / "run")
    write_report(out)
    write_results_workbook(res, out / "results.xlsx")
    return out


def test_the_ludres_backbone_says_one_balance_everywhere(ludres):
    """On the Ludres backbone with three existing pipes that lose heat: the Sankey's network
    node takes in what it gives out plus the network losses, the losses are corridors.csv's, what
    enters is matches.csv's injections and what leaves its deliveries; summary.json, results.xlsx
    and the report's network section say the same figures (each read from its file)."""
    out = ludres
    m = pd.read_csv(out / "matches.csv")
    cor = pd.read_csv(out / "corridors.csv")
    bal = json.loads((out / "summary.json").read_text(encoding="utf-8"))["networks"]["by_resource"]["heat"]["balance"]
    inj = m.loc[m["sink_site"] == "network:heat", "amount"].sum()
    wd = m.loc[m["source_site"] == "network:heat", "amount"].sum()
    assert bal["unit"] == "MWh/yr" and bal["closes"]
    assert bal["losses"] == pytest.approx(cor["loss"].sum(), rel=1e-9)
    assert cor["existing"].sum() == 3 and cor.loc[cor["existing"], "loss"].min() > 200   # they lose heat
    assert bal["injected_by_supplies"] == pytest.approx(inj, rel=1e-9)
    assert bal["withdrawn"] == pytest.approx(wd, rel=1e-9)
    assert inj == pytest.approx(wd + cor["loss"].sum(), rel=1e-9)   # in = withdrawn + losses

    html = (out / "report.html").read_text(encoding="utf-8")
    into, leaves = _node_sums(html, "network:heat")
    losses = [v for a, b, v in _bands(html) if b == "losses|network:heat"]
    assert losses == pytest.approx([cor["loss"].sum()], rel=1e-9)
    assert into == pytest.approx(leaves, rel=1e-9)                       # in = out, losses included
    assert into - losses[0] == pytest.approx(wd, rel=1e-9)
    # the node's tooltip says its balance (the scenario's language: French), rounded as shown
    # (no heat pump at injection here: no term for its electricity, where it said "0 d'électricité")
    tip = re.search(r'data-side="right"><title>Réseau de chaleur — reçu : chaleur ([\d\u202f\xa0 ]+) MWh/an\. '
                    r'entrées = sorties : ([\d\u202f\xa0 ]+) MWh/an y entrent des fournisseurs = ([\d\u202f\xa0 ]+) '
                    r'prélevés par ses usagers \+ ([\d\u202f\xa0 ]+) de pertes du réseau le long des tronçons</title>', html)
    assert tip is not None and bal["heat_pump_electricity"] == 0
    said = [float(re.sub(r"\D", "", g)) for g in tip.groups()]
    assert said == [round(inj), round(inj), round(wd), round(cor["loss"].sum())]

    # the report's network section: its balance table, rounded as shown
    sec = re.search(r'<table id="network-balance-table".*?</table>', html, re.S)
    assert sec is not None
    shown = [float(v) for v in re.findall(r'<td class="n" data-v="([^"]*)"', sec.group(0))]
    assert shown == pytest.approx([bal[k] for k in ("injected_by_supplies", "heat_pump_electricity",
                                                    "into_network", "losses", "withdrawn")], rel=1e-9)

    wb = openpyxl.load_workbook(out / "results.xlsx", read_only=True)
    rows = {r[-1]: r[1] for r in wb[[s for s in wb.sheetnames if s in ("summary", "synthèse")][0]].iter_rows(
        values_only=True) if r and isinstance(r[-1], str)}
    for k in ("injected_by_supplies", "heat_pump_electricity", "into_network", "losses", "withdrawn"):
        assert rows[f"networks.by_resource.heat.balance.{k}"] == pytest.approx(bal[k], rel=1e-9)
