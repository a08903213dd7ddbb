"""Values written in a unit a thousand times off. A price per kWh or per kg written where prices are per MWh or per t (the base unit,
whatever the unit column says) was read 1,000 times too small without a word: 0.05 for
50 EUR/MWh, 8 for 8,000 EUR/t of hydrogen. It is now a warning giving the price per base unit
it would be. Expected words and figures worked out by hand (0.05 x 1,000 = 50; 8 x 1,000 =
8,000); floors from the catalogue's _sources.price_floors. A CO2 factor in kgCO2 (ADEME's unit)
where tCO2 is expected counted the CO2 avoided 1,000 times over, also without a word."""
from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner

import eitflow
from conftest import TWO_SITES_CSV, validate_warned
from eitflow.cli.main import main

SITES = pd.DataFrame({"site_id": ["S", "A"], "lat": [45.0, 45.01], "lon": [4.0, 4.0]})


def _said(resource: str, unit: str, amount: float, price, temperature=None) -> list[str]:
    """The warnings on the flows of S supplying and A demanding `resource`, A's row given in
    `unit` at `price` (row 3 of the flows table)."""
    flows = pd.DataFrame({"site_id": ["S", "A"], "direction": ["supply", "demand"], "resource": resource,
                          "amount": [9000.0 if unit.startswith("MWh") else amount, amount], "unit": ["", unit],
                          "price_eur_per_unit": [0, price]})
    base = {"heat": "MWh/yr", "hydrogen": "t/yr", "slag": "t/yr", "water": "m3/yr"}[resource]
    flows.loc[0, "unit"] = base
    flows.loc[0, "amount"] = 9000.0
    if temperature is not None:
        flows["temperature_c"] = [110, temperature]
    scen = eitflow.scenario_from_frames(SITES, flows, name="t")
    return [f"row {w.row}, {w.column}: {w}" for w in scen.warnings if w.column == "price_eur_per_unit"]


@pytest.mark.parametrize("resource, unit, amount, price, temp, said", [
    # heat in kWh at 0.05: a price per kWh
    ("heat", "kWh/yr", 1_000_000, 0.05, 60, "0.05 EUR per MWh: prices are per MWh (the base unit), whatever the unit "
                                          "column says, and this one is far below the resource's market prices; "
                                          "0.05 EUR per kWh would be 50 EUR/MWh: write 50 if that is what you meant"),
    # heat in MWh at 0.045 (below heat's 1 EUR/MWh floor)
    ("heat", "MWh/yr", 1000, 0.045, 60, "0.045 EUR per kWh would be 45 EUR/MWh"),
    # hydrogen in t at 8 (below its 100 EUR/t floor): a price per kg
    ("hydrogen", "t/yr", 50, 8, None, "8 EUR per kg would be 8,000 EUR/t: write 8000"),
    # an electrolyser's running costs per kg, negative
    ("hydrogen", "t/yr", 50, -2, None, "-2 EUR per kg would be -2,000 EUR/t"),
    # slag has no floor, but a flow in kg at 0.5 EUR per t is a price per kg
    ("slag", "kg/yr", 2_000_000, 0.5, None, "0.5 EUR per kg would be 500 EUR/t"),
])
def test_a_price_per_kwh_or_per_kg_is_said(resource, unit, amount, price, temp, said):
    out = _said(resource, unit, amount, price, temp)
    assert len(out) == 1 and out[0].startswith("row 3, price_eur_per_unit: ") and said in out[0], out


@pytest.mark.parametrize("resource, unit, amount, price, temp", [
    ("heat", "kWh/yr", 1_000_000, 50, 60),      # a price per MWh in a flow given in kWh: right
    ("heat", "MWh/yr", 1000, 0, 60),            # no price
    ("heat", "MWh/yr", 1000, 1.0, 60),          # at the floor
    ("hydrogen", "t/yr", 50, 9000, None),
    ("slag", "t/yr", 2000, 0.5, None),           # a cheap by-product per t: no floor
    ("water", "m3/yr", 5000, 0.6, None),         # water at 0.60 EUR/m3 (the bundled example's)
])
def test_ordinary_prices_are_not_said(resource, unit, amount, price, temp):
    assert _said(resource, unit, amount, price, temp) == []


def test_the_warning_in_french_names_the_file_row_and_column(tmp_path):
    out = validate_warned(tmp_path, "site_id;direction;resource;amount;unit;temperature_c;price_eur_per_unit\n"
                                     "S;supply;heat;9000;MWh/yr;110;0\nA;demand;heat;1 000 000;kWh/an;60;0,05\n")
    assert ("attention : flows.csv, ligne 3, colonne 'price_eur_per_unit' : 0,05 € par MWh : les prix sont par MWh "
            "(l'unité de base), quelle que soit la colonne unit") in out, out
    assert "0,05 € par kWh feraient 50 €/MWh : écrivez 50 si c'est ce que vous vouliez dire" in out


def _co2_said(resource: str, factor, temperature=None) -> list[str]:
    flows = pd.DataFrame({"site_id": ["S", "A"], "direction": ["supply", "demand"], "resource": resource,
                          "amount": [9000.0, 1000.0], "unit": {"heat": "MWh/yr", "steam": "MWh/yr", "hydrogen": "t/yr"}[resource],
                          "price_eur_per_unit": [0, 9000 if resource == "hydrogen" else 60],
                          "co2_factor_t_per_unit": [None, factor]})
    if temperature is not None:
        flows["temperature_c"] = [max(110, temperature + 20), temperature]
    scen = eitflow.scenario_from_frames(SITES, flows, name="t")
    return [f"row {w.row}, {w.column}: {w}" for w in scen.warnings if w.column == "co2_factor_t_per_unit"]


def test_a_co2_factor_in_kg_is_said():
    # ADEME's 227 kgCO2e/MWh of gas, for 0.227 t: 227 / 0.252 = 901 times heat's catalogue factor
    out = _co2_said("heat", 227, 60)
    assert out == ["row 3, co2_factor_t_per_unit: flows, row 3, column 'co2_factor_t_per_unit': 227 tCO2 per MWh is 901 times the catalogue's 0.252 for heat: a "
                   "factor in kgCO2 per MWh would be 0.227 tCO2/MWh: write 0.227 if that is what you meant"], out
    # a gas boiler's steam at 252 kg per MWh: 1,000 times the catalogue's 0.252
    assert "252 tCO2 per MWh is 1,000 times the catalogue's 0.252 for steam" in _co2_said("steam", 252, 150)[0]


@pytest.mark.parametrize("resource, factor, temp", [
    ("heat", 0.4, 60),          # heat from coal or fuel oil: above the gas reference, a real override
    ("heat", 5.0, 60),          # 19.8 times the reference: not said (the line is 20)
    ("hydrogen", 20, None),     # hydrogen from coal gasification, ~20 tCO2/t
    ("heat", None, 60),         # the catalogue's own
])
def test_plausible_co2_factors_are_not_said(resource, factor, temp):
    assert _co2_said(resource, factor, temp) == []


@pytest.mark.parametrize("per_unit, said", [
    # 1,400 EUR/kW written as EUR per t/yr: even 300 EUR/kW all year at 55 kWh/kg is
    # 300 x 55 x 1,000 / 8,760 = 1,884 EUR per t/yr; at 3,000 h/yr 1,400 EUR/kW is 25,667
    (1400.0, "investment_eur_per_unit 1,400 EUR per t/yr of hydrogen is less than even a 300-EUR/kW electrolyser "
             "running all year would cost (1,884 at 55 kWh/kg): is it a price per kW? Per t/yr it is EUR/kW x kWh/kg "
             "x 1,000 / full-load hours (25,667 at 3,000 h/yr)"),
    (45000.0, None),   # 900 EUR/kW at 1,100 h/yr: a price per t/yr, nothing said
])
def test_an_electrolyser_priced_per_kw_is_said(per_unit, said):
    flows = pd.DataFrame({"site_id": ["S", "A"], "direction": ["supply", "demand"], "resource": "hydrogen",
                          "amount": [100.0, 60.0], "unit": "t/yr", "price_eur_per_unit": [0, 12000],
                          "electrolyser_kwh_per_kg": [55.0, None], "investment_eur_per_unit": [per_unit, None]})
    scen = eitflow.scenario_from_frames(SITES, flows, name="t")
    got = [f"row {w.row}: {w}" for w in scen.warnings if w.column == "investment_eur_per_unit"]
    assert got == ([] if said is None else [f"row 2: flows, row 2, column 'investment_eur_per_unit': {said}"])


def test_activity_flows_are_said_as_flows_are(tmp_path):
    """activity_flows.csv has flows.csv's columns and read a price per kWh (0.045 for 45
    EUR/MWh) or a CO2 factor in kg without a word, where flows.csv warned: now the same warnings,
    naming activity_flows.csv's row (blank rows counted) and column; the catalogue's template
    flows, per base unit already, are not said."""
    (tmp_path / "sites.csv").write_text(TWO_SITES_CSV, encoding="utf-8")
    (tmp_path / "flows.csv").write_text("site_id,direction,resource,amount,unit,temperature_c\n"
                                        "S,supply,heat,9000,MWh/yr,110\nA,demand,heat,1000,MWh/yr,60\n", encoding="utf-8")
    (tmp_path / "plots.csv").write_text("plot_id,lat,lon,area_ha,land_rent_eur_per_ha_yr\nP1,45.005,4.0,5,0\n", encoding="utf-8")
    (tmp_path / "activities.csv").write_text("activity_id,land_ha,template,size\nDRY,1,,\nSERRE,,greenhouse,1\n",
                                             encoding="utf-8")
    (tmp_path / "activity_flows.csv").write_text(
        "activity_id,direction,resource,amount,unit,temperature_c,price_eur_per_unit,co2_factor_t_per_unit\n"
        "DRY,demand,heat,2000,MWh/yr,90,0.045,\n\nDRY,demand,heat,500,MWh/yr,80,45,227\n", encoding="utf-8")
    (tmp_path / "scenario.yaml").write_text("name: t\nsites: sites.csv\nflows: flows.csv\nplots: plots.csv\n"
                                            "activities: activities.csv\nactivity_flows: activity_flows.csv\n",
                                            encoding="utf-8")
    res = CliRunner().invoke(main, ["validate", str(tmp_path / "scenario.yaml")])
    assert res.exit_code == 0, res.output
    warnings = [line for line in res.output.splitlines() if line.startswith("warning")]
    assert len(warnings) == 2, res.output
    assert warnings[0].startswith("warning: activity_flows.csv, row 2, column 'price_eur_per_unit': 0.045 EUR per MWh")
    assert "0.045 EUR per kWh would be 45 EUR/MWh: write 45" in warnings[0]
    assert warnings[1].startswith("warning: activity_flows.csv, row 4, column 'co2_factor_t_per_unit': ")
