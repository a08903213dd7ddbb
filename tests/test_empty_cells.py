"""Empty cells (and cells of only spaces) are never read silently as another value: each is a
documented default (the README's column tables say what empty means), refused naming file, row
and column, or warned about. Expected values are worked out by hand in each docstring."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from openpyxl import Workbook

import eitflow
from conftest import FLOWS_CSV, refused, write_scenario
from eitflow import build_candidates, read_scenario, scenario_from_frames
from eitflow.errors import ScenarioError

SITES = pd.DataFrame({"site_id": ["UVE", "SERRES"], "lat": [50.28, 50.30], "lon": [3.97, 3.96]})


def _flows(price: list) -> pd.DataFrame:
    return pd.DataFrame({"site_id": ["UVE", "SERRES"], "direction": ["supply", "demand"],
                         "resource": ["heat", "heat"], "amount": [30, 9000], "unit": ["GWh/yr", "MWh/yr"],
                         "temperature_c": [130, 60], "price_eur_per_unit": price})


# -- price_eur_per_unit ----------------------------------------------------------------------------

def test_an_empty_price_in_a_dataframe_is_refused_naming_its_row():
    """flows with prices [0, NaN]: the greenhouse's price was read as 0, so its 9,000 MWh/yr
    counted for their CO2 only, without a word. The NaN is the DataFrame's second row, row 3 as
    in a spreadsheet (header = row 1)."""
    with pytest.raises(ScenarioError) as exc:
        scenario_from_frames(SITES, _flows([0, np.nan]), carbon_price_eur_per_t=100)
    msg = str(exc.value)
    assert "flows, row 3, column 'price_eur_per_unit'" in msg and "0 if the flow has no value" in msg, msg
    assert "row 2" not in msg          # the supply's 0 is a price
    assert "donnez ce que le site paie aujourd'hui, 0 si le flux n'a pas de valeur" in exc.value.say("fr")


def test_an_explicit_zero_price_is_still_zero():
    """Prices [0, 40] as written: the supply's 0 EUR/MWh and the demand's 40 EUR/MWh."""
    scen = scenario_from_frames(SITES, _flows([0, 40]))
    assert scen.flows["price_eur_per_unit"].tolist() == [0.0, 40.0]
    assert scen.warnings == []


def test_an_empty_price_on_a_supply_is_zero():
    """Prices [NaN, 40]: a supply with no price pays nothing to get rid of its heat, 0 EUR/MWh
    (the convention tests/test_bruteforce.py's independent model reads); only a demand's empty
    price is taken for a forgotten one. The optimum by hand: 9,000 MWh/yr x 40 EUR/MWh less the
    link's costs, the same as with the supply's price written 0."""
    empty = eitflow.optimise(scenario_from_frames(SITES, _flows([np.nan, 40])))
    zero = eitflow.optimise(scenario_from_frames(SITES, _flows([0, 40])))
    assert empty.objective == pytest.approx(zero.objective, abs=1e-6) and zero.objective > 0


@pytest.mark.parametrize("cell", ["", "   "])
def test_an_empty_price_in_flows_csv_is_refused(tmp_path, cell):
    """conftest's flows.csv with GREEN's price (row 4: header 1, UVE 2, FOOD 3, GREEN 4)
    left empty, or holding only spaces."""
    flows = FLOWS_CSV.replace("GREEN,demand,heat,9000,MWh/yr,60,40", f"GREEN,demand,heat,9000,MWh/yr,60,{cell}")
    assert flows != FLOWS_CSV
    path = write_scenario(tmp_path, flows=flows)
    refused(path, "flows.csv, row 4, column 'price_eur_per_unit': price_eur_per_unit is empty")


def test_an_empty_price_in_a_workbook_is_refused(tmp_path):
    """A workbook whose flows sheet leaves FOOD's price cell empty (sheet row 3)."""
    wb = Workbook()
    wb.remove(wb.active)
    rows = {"sites": [("site_id", "lat", "lon"), ("UVE", 50.28, 3.97), ("FOOD", 50.29, 3.98)],
            "flows": [("site_id", "direction", "resource", "amount", "unit", "temperature_c", "price_eur_per_unit"),
                      ("UVE", "supply", "heat", 30, "GWh/yr", 130, 0),
                      ("FOOD", "demand", "heat", 12000, "MWh/yr", 90, None)],
            "parameters": [("key", "value"), ("name", "parc")]}
    for name, rs in rows.items():
        ws = wb.create_sheet(name)
        for r in rs:
            ws.append(list(r))
    wb.save(tmp_path / "s.xlsx")
    with pytest.raises(ScenarioError) as exc:
        read_scenario(tmp_path / "s.xlsx")
    assert "s.xlsx:flows, row 3, column 'price_eur_per_unit'" in str(exc.value), str(exc.value)


def test_an_empty_price_in_activity_flows_is_refused(tmp_path):
    """activity_flows.csv is read with flows.csv's columns: an empty price there is refused too."""
    path = write_scenario(tmp_path, yaml_text=open(write_scenario(tmp_path)).read()
                          + "plots: plots.csv\nactivities: activities.csv\nactivity_flows: activity_flows.csv\n",
                          extra={"plots.csv": "plot_id,lat,lon,area_ha\nP1,50.285,3.975,10\n",
                                 "activities.csv": "activity_id,land_ha\nSERRE,5\n",
                                 "activity_flows.csv": "activity_id,direction,resource,amount,unit,temperature_c,"
                                                       "price_eur_per_unit\nSERRE,demand,heat,5000,MWh/yr,50,\n"})
    refused(path, "activity_flows.csv, row 2, column 'price_eur_per_unit'")


def test_without_the_price_column_every_price_is_zero():
    """A table without the column (a CO2-only study) prices every flow at 0, as the README says."""
    scen = scenario_from_frames(SITES, _flows([0, 40]).drop(columns="price_eur_per_unit"))
    assert scen.flows["price_eur_per_unit"].tolist() == [0.0, 0.0]


# -- DataFrames: an empty table, a list in a cell ----------------------------------------------------

def test_an_empty_hubs_dataframe_says_the_columns_expected():
    """hubs=pd.DataFrame() has no header at all: the message was 'missing required column; the
    header has: ' followed by nothing, five times. Said once, with hubs.csv's required columns
    (hub_id, lat, lon, resources, capacity: the README's hubs table)."""
    with pytest.raises(ScenarioError) as exc:
        scenario_from_frames(SITES, _flows([0, 40]), hubs=pd.DataFrame())
    msg = str(exc.value)
    assert msg == "hubs, row 1: the table has no columns: expected at least hub_id, lat, lon, resources, capacity", msg
    assert "l'en-tête contient : \n" not in exc.value.say("fr") + "\n"


@pytest.mark.parametrize("cell", [[30], (30,), np.array([30]), []])
def test_a_list_in_an_amount_cell_is_refused_naming_its_row(cell):
    """A one-element list [30] as UVE's amount was read as 30 (and [] as an empty cell):
    only list columns (monthly_profile, a hub's resources...) take several values."""
    flows = _flows([0, 40])
    flows["amount"] = pd.Series([cell, 9000], dtype=object)
    with pytest.raises(ScenarioError) as exc:
        scenario_from_frames(SITES, flows)
    assert str(exc.value).startswith("flows, row 2, column 'amount': a list in a cell"), str(exc.value)


def test_a_list_in_a_list_column_is_still_its_items():
    """A hub's resources given as a list ['heat'] is the cell 'heat' (one resource)."""
    hubs = pd.DataFrame({"hub_id": ["H"], "lat": [50.29], "lon": [3.965], "resources": [["heat"]],
                         "capacity": [1000.0], "unit": ["MWh/yr"]})
    scen = scenario_from_frames(SITES, _flows([0, 40]), hubs=hubs)
    assert list(scen.hubs["resources"].iloc[0]) == ["heat"]


# -- purity ----------------------------------------------------------------------------------------

def test_an_empty_purity_on_a_hydrogen_supply_is_warned_about():
    """A by-product hydrogen supply (purity left empty) and two fuel-cell demands needing 0.999
    and 0.99999 mol/mol: the rule reads the empty cell as no requirement, so the supply served
    the fuel cells without a word. It still does (an empty purity is documented as passing), but
    a warning names the supply's row (row 2) and the purest need, 0.99999 (0,99999 in French)."""
    sites = pd.DataFrame({"site_id": ["CHLORE", "BUS", "TRUCK"], "lat": [47.0, 47.01, 47.02], "lon": [5.4, 5.4, 5.4]})
    flows = pd.DataFrame({"site_id": ["CHLORE", "BUS", "TRUCK"], "direction": ["supply", "demand", "demand"],
                          "resource": "hydrogen", "amount": [100, 30, 20], "unit": "t/yr",
                          "price_eur_per_unit": [0, 9000, 9000], "purity": [np.nan, 0.999, 0.99999]})
    scen = scenario_from_frames(sites, flows)
    assert [(w.row, w.column) for w in scen.warnings] == [(2, "purity")]
    assert "the purest needing 0.99999 mol/mol" in str(scen.warnings[0])
    assert "la plus exigeante demandant 0,99999 mol/mol" in scen.warnings[0].say("fr")
    flows.loc[0, "purity"] = 0.99999          # stated: nothing to say
    assert scenario_from_frames(sites, flows).warnings == []


# -- a workbook's parameters sheet ---------------------------------------------------------------

@pytest.mark.parametrize("value", [None, "   "])
def test_a_parameter_key_without_a_value_is_refused(tmp_path, value):
    """carbon_price_eur_per_t written in the parameters sheet (row 3: key header 1, name 2)
    with its value cell empty was the default, 0 EUR/t, without a word (scenario.yaml's
    `carbon_price_eur_per_t:` with nothing is refused): refused, naming the row."""
    wb = Workbook()
    wb.remove(wb.active)
    rows = {"sites": [("site_id", "lat", "lon"), ("UVE", 50.28, 3.97), ("FOOD", 50.29, 3.98)],
            "flows": [("site_id", "direction", "resource", "amount", "unit", "temperature_c", "price_eur_per_unit"),
                      ("UVE", "supply", "heat", 30, "GWh/yr", 130, 0), ("FOOD", "demand", "heat", 12000, "MWh/yr", 90, 45)],
            "parameters": [("key", "value"), ("name", "parc"), ("carbon_price_eur_per_t", value)]}
    for name, rs in rows.items():
        ws = wb.create_sheet(name)
        for r in rs:
            ws.append(list(r))
    wb.save(tmp_path / "p.xlsx")
    refused(tmp_path / "p.xlsx", "p.xlsx:parameters, row 3, column 'value': key 'carbon_price_eur_per_t' has no value")


# -- a heat hub's temperature ----------------------------------------------------------------------

def _hub_case(hub_t: float):
    sites = pd.DataFrame({"site_id": ["COLD", "HOT"], "lat": [50.28, 50.29], "lon": [3.97, 3.97]})
    flows = pd.DataFrame({"site_id": ["COLD", "HOT"], "direction": ["supply", "demand"], "resource": "heat",
                          "amount": [10000, 9000], "unit": "MWh/yr", "temperature_c": [40, 90],
                          "price_eur_per_unit": [0, 60]})
    hubs = pd.DataFrame({"hub_id": ["H"], "lat": [50.285], "lon": [3.97], "resources": ["heat"], "capacity": [1e5],
                         "fixed_cost_eur_per_yr": [0.0], "temperature_c": [hub_t]})   # free on purpose
    return scenario_from_frames(sites, flows, hubs=hubs, heat_pump={"enabled": False})


def test_an_empty_temperature_on_a_heat_hub_is_warned_about():
    """40 degC waste heat and a 90 degC demand 1.1 km apart, heat pumps off: no direct link can
    be (40 < 90 + approach). Through a heat hub whose temperature_c is empty the rule did not
    apply: the plan carried 9,000 MWh/yr of 40 degC heat to the 90 degC demand, without a word.
    A warning names the hub's row (2) and both temperatures; with the hub at 95 degC nothing
    passes (40 < 95) and nothing is said."""
    scen = _hub_case(np.nan)
    assert [(w.file, w.row, w.column) for w in scen.warnings] == [("hubs", 2, "temperature_c")]
    assert "heat offered at 40 degC may serve a demand needing 90 degC" in str(scen.warnings[0])
    assert "offerte à 40 °C peut servir une demande exigeant 90 °C" in scen.warnings[0].say("fr")
    warm = _hub_case(95.0)
    assert warm.warnings == [] and len(build_candidates(warm).links) == 0


def test_an_empty_pressure_on_a_hydrogen_supply_is_warned_about():
    """A hydrogen supply with pressure_bar left empty and a bus depot needing 350 bar: no
    compression is costed from it (ln(350 / p) is taken as 0 where p is unknown), as if it
    were delivered at 350 bar already: the candidate's value is the same as with the supply
    at 350 bar (ln(350 / 350) = 0), where at 30 bar it is lower. A warning names the row (2)
    and the highest need, 350 bar."""
    sites = pd.DataFrame({"site_id": ["H2", "BUS"], "lat": [47.0, 47.01], "lon": [5.4, 5.4]})

    def scen(p):
        flows = pd.DataFrame({"site_id": ["H2", "BUS"], "direction": ["supply", "demand"], "resource": "hydrogen",
                              "amount": [100, 30], "unit": "t/yr", "price_eur_per_unit": [0, 9000],
                              "pressure_bar": [p, 350.0]})
        return scenario_from_frames(sites, flows)

    empty, at350, at30 = scen(np.nan), scen(350.0), scen(30.0)
    assert [(w.row, w.column) for w in empty.warnings] == [(2, "pressure_bar")]
    assert "the highest demand needing 350 bar" in str(empty.warnings[0])
    assert at350.warnings == [] and at30.warnings == []
    value = {k: build_candidates(s).links["value_eur_per_unit"].iloc[0] for k, s in
             (("empty", empty), ("350", at350), ("30", at30))}
    assert value["empty"] == pytest.approx(value["350"]) and value["30"] < value["350"]
