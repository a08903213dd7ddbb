"""A temperature written in kelvins where degC are expected. A district-heating demand given as
353.15 (80 degC) was read as 353.15 degC without a word: no supply is that hot, so the demand
was left unmatched and `validate` said `ok`. It is now a warning naming the file, row and
column and giving the temperature in degC (t - 273.15, worked out by hand below)."""
from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner

import eitflow
from conftest import validate_warned
from eitflow.cli.main import main

SITES = pd.DataFrame({"site_id": ["S", "A", "B"], "lat": [45.0, 45.01, 45.02], "lon": [4.0, 4.0, 4.0]})


def _said(rows: list[tuple[str, str, str, float]]) -> list[str]:
    """The temperature warnings of flows (site, direction, resource, temperature_c), rows 2..."""
    flows = pd.DataFrame(rows, columns=["site_id", "direction", "resource", "temperature_c"])
    flows["amount"] = 9000.0
    flows["unit"] = "MWh/yr"
    flows["price_eur_per_unit"] = [0.0 if d == "supply" else 50.0 for d in flows["direction"]]
    scen = eitflow.scenario_from_frames(SITES, flows, name="t")
    return [f"row {w.row}, {w.column}: {w.message}" for w in scen.warnings if w.column == "temperature_c"]


def test_a_temperature_ending_in_point_15_is_said():
    # 413.15 K - 273.15 = 140 degC: a steam demand
    out = _said([("S", "supply", "steam", 200.0), ("A", "demand", "steam", 413.15)])
    assert out == ["row 3, temperature_c: 413.15 degC: its decimals .15 are those of a temperature in kelvins "
                   "(0 degC = 273.15 K); 413.15 K would be 140 degC: write 140 if that is what you meant "
                   "(temperatures are in degC)"], out


def test_a_hot_water_demand_at_273_or_more_is_said():
    # a district-heating demand at 353 (K): 353 - 273.15 = 79.85 degC
    out = _said([("S", "supply", "heat", 120.0), ("A", "demand", "heat", 353.0), ("B", "demand", "heat", 60.0)])
    assert len(out) == 1 and out[0].startswith("row 3, temperature_c: 353 degC: no hot-water demand needs that much"), out
    assert "353 K would be 79.85 degC: write 79.85" in out[0]


def test_a_whole_column_in_kelvins_is_said_row_by_row():
    # 393 - 273.15 = 119.85; 373 - 273.15 = 99.85; steam demand 403 - 273.15 = 129.85
    out = _said([("S", "supply", "heat", 393.0), ("A", "supply", "steam", 373.0), ("B", "demand", "steam", 403.0)])
    assert [o.split(": ")[0] for o in out] == ["row 2, temperature_c", "row 3, temperature_c", "row 4, temperature_c"]
    assert "every temperature of the table is 273 or more" in out[0] and "393 K would be 119.85 degC" in out[0]
    assert "373 K would be 99.85 degC" in out[1] and "403 K would be 129.85 degC" in out[2]


@pytest.mark.parametrize("rows", [
    # Hotmaps' bands (100, 200, 500 degC supplies) towards communes at 70 degC
    [("S", "supply", "heat", 500.0), ("A", "supply", "heat", 200.0), ("B", "demand", "heat", 70.0)],
    # a steam demand at 300 degC (high-pressure process steam), a hot-water one at 90
    [("S", "supply", "steam", 350.0), ("A", "demand", "steam", 300.0), ("B", "demand", "heat", 90.0)],
    # a hot-water demand at 200 degC: pressurised hot water, rare but real
    [("S", "supply", "steam", 250.0), ("A", "demand", "heat", 200.0)],
    # decimals that are not the kelvins' (.15 below -60 degC in K would be a cold store)
    [("S", "supply", "heat", 120.15), ("A", "demand", "heat", 60.5)],
])
def test_temperatures_in_degc_are_not_said(rows):
    assert _said(rows) == []


def test_the_warning_in_french_names_the_file_row_and_column(tmp_path):
    out = validate_warned(tmp_path, "site_id;direction;resource;amount;unit;temperature_c;price_eur_per_unit\n"
                                     "S;supply;heat;9000;MWh/yr;110;0\nA;demand;heat;5000;MWh/yr;333,15;45\n")
    # 333.15 - 273.15 = 60 degC
    assert ("attention : flows.csv, ligne 3, colonne 'temperature_c' : 333,15 °C : ses décimales ,15 sont celles "
            "d'une température en kelvins (0 °C = 273,15 K) ; 333,15 K feraient 60 °C : écrivez 60 si c'est ce que "
            "vous vouliez dire (les températures sont en °C)") in out, out
    strict = CliRunner().invoke(main, ["validate", str(tmp_path / "scenario.yaml"), "--strict"])
    assert strict.exit_code == 2, strict.output
