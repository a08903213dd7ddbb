"""Hydrogen and CO2 given in standard cubic metres (Sm3: 15 degC, 1.01325 bar, ISO 13443), as
gas traders and CO2 shippers state volumes: weighed at the standard density, the normal one
(0 degC) x 273.15 / 288.15 (ideal gas at the same pressure). Before, 'Sm3/h' was refused as an
unknown unit."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import eitflow

SITES = "site_id,name,lat,lon,zone\nS,Emitter,47.0,5.00,Z1\nB,Greenhouse,47.0,5.02,Z1\n"
HEAD = "flow_id,site_id,direction,resource,amount,unit,price_eur_per_unit\n"


def _scenario(tmp: Path, rows: list[str]) -> Path:
    (tmp / "sites.csv").write_text(SITES)
    (tmp / "flows.csv").write_text(HEAD + "\n".join(rows) + "\n")
    (tmp / "scenario.yaml").write_text("name: gas units\nsites: sites.csv\nflows: flows.csv\n"
                                       "carbon_price_eur_per_t: 0\nsolver: {time_limit_s: 20}\n")
    return tmp / "scenario.yaml"


def test_co2_and_hydrogen_in_standard_cubic_metres_are_weighed_at_15_degc(tmp_path):
    """By hand, the published standard densities (15 degC, 1.01325 bar): CO2 1.874 kg/Sm3,
    hydrogen 0.0852 kg/Sm3 (1.977 x 273.15 / 288.15 = 1.87408; 0.08988 x 273.15 / 288.15 =
    0.085201). CO2: 1,000 Sm3/h x 8,760 h = 8,760,000 Sm3/yr x 1.874 kg = 16,416,240 kg =
    16,416.24 t/yr (to the 4 digits of 1.874). Hydrogen: 100,000 Sm3/yr x 0.0852 kg = 8,520 kg
    = 8.52 t/yr; 'Sm³/an' reads as 'Sm3/yr'. A thousand: 24 kSm3/d of CO2 = 24,000 x 365 x
    1.874 kg = 16,416.24 t/yr as well."""
    scen = eitflow.read_scenario(_scenario(tmp_path, [
        "c1,S,supply,co2,1000,Sm3/h,0", "c2,S,supply,co2,24,kSm3/d,0", "c3,B,demand,co2,100,t/yr,100",
        "h1,S,supply,hydrogen,100000,Sm³/an,0", "h2,B,demand,hydrogen,1,t/yr,5000"]))
    got = dict(zip(scen.flows["flow_id"], scen.flows["amount"].astype(float)))
    assert got["c1"] == pytest.approx(16_416.24, rel=1e-4)
    assert got["c2"] == pytest.approx(16_416.24, rel=1e-4)
    assert got["h1"] == pytest.approx(8.52, rel=1e-4)
    # and exactly the ideal-gas ratio of the normal densities
    assert got["c1"] == pytest.approx(8_760 * 1.977 * 273.15 / 288.15, rel=1e-12)


@pytest.mark.parametrize("lang,want", [
    ("en", "flows.csv, row 2, column 'unit': unit 'Sm3/h' is a volume of gas at 15 degC and 1.01325 bar"),
    ("fr", "flows.csv, ligne 2, colonne 'unit' : l'unité 'Sm3/h' est un volume de gaz à 15 °C et 1,01325 bar"),
])
def test_standard_cubic_metres_of_water_are_refused_by_file_row_and_column(tmp_path, lang, want):
    """Water has no normal density (no gas): Sm3 is refused, naming file, row, column and the
    15 degC reference (not the normal cubic metre's 0 degC)."""
    from eitflow.cli.main import main

    p = _scenario(tmp_path, ["w1,S,supply,water,10,Sm3/h,0", "w2,B,demand,water,10,m3/h,1"])
    res = CliRunner().invoke(main, ["validate", str(p), "--lang", lang])
    assert res.exit_code == 2 and "Traceback" not in res.output
    assert want in res.output, res.output
