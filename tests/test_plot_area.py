"""A plot's area in m² written where hectares are expected (20000 for a 2-ha brownfield, as
the cadastre measures land) made a 200-km² plot, whose rent and land take ruled it out without a
word (from 10 ha up, the m² figure already broke area_ha's bound of 100,000). It is now a warning
giving the area in ha it would be (20,000 m² / 10,000 = 2 ha, by hand)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from eitflow.cli.main import main

FOS = Path(__file__).resolve().parents[1] / "scenarios" / "fos_siting"


def _validate(tmp_path: Path, area: str) -> str:
    d = tmp_path / "fos"
    shutil.copytree(FOS, d)
    plots = pd.read_csv(d / "plots.csv", dtype=str, keep_default_na=False)
    plots.loc[1, "area_ha"] = area        # row 3 of plots.csv
    plots.to_csv(d / "plots.csv", index=False)
    res = CliRunner().invoke(main, ["validate", str(d / "scenario.yaml"), "--lang", "en"])
    assert res.exit_code == 0, res.output
    return res.output


def test_an_area_in_square_metres_is_said(tmp_path):
    out = _validate(tmp_path, "20000")
    assert ("warning: plots.csv, row 3, column 'area_ha': 20,000 ha is 200 km², more than any industrial plot (the "
            "largest land reserves are under 2,000 ha): an area in m² would be 2 ha; write 2 if that is what you "
            "meant") in out, out


@pytest.mark.parametrize("area", ["12", "600", "1200", "2000"])   # the bundled plots, PIICTO's whole reserve
def test_real_plots_are_not_said(tmp_path, area):
    assert "area_ha" not in _validate(tmp_path, area)


def _validate_cells(tmp_path: Path, **cells: str) -> str:
    """validate on fos_siting with plots.csv's row 3 (INNOVEX) given `cells`."""
    d = tmp_path / "fos"
    shutil.copytree(FOS, d)
    plots = pd.read_csv(d / "plots.csv", dtype=str, keep_default_na=False)
    for column, value in cells.items():
        plots.loc[1, column] = value
    plots.to_csv(d / "plots.csv", index=False)
    res = CliRunner().invoke(main, ["validate", str(d / "scenario.yaml"), "--lang", "en"])
    assert res.exit_code == 0, res.output
    return res.output


def test_a_land_price_per_m2_is_said(tmp_path):
    """French land is priced per m²: 30 (EUR/m², a business-park lot) written in
    land_price_eur_per_ha made the land 10,000 times too cheap (30 EUR/ha: 10 ha bought for
    300 EUR) and the plot won on it without a word. By hand: 30 EUR/m² x 10,000 m²/ha =
    300,000 EUR/ha; a remediation of 45 EUR/m² is 450,000 EUR/ha; a port lease of 1.5
    EUR/m²/yr is 15,000 EUR/ha/yr."""
    out = _validate_cells(tmp_path, land_price_eur_per_ha="30", remediation_eur_per_ha="45",
                          land_rent_eur_per_ha_yr="1.5")
    assert ("warning: plots.csv, row 3, column 'land_price_eur_per_ha': 30 EUR/ha is less than any land in France "
            "sells for (under 1,000 EUR/ha; farmland and forest sell for a few thousand): is it a price per m²? Per "
            "ha it would be 300,000 EUR/ha; write 300000 if that is what you meant") in out, out
    assert ("column 'remediation_eur_per_ha': 45 EUR/ha is less than any land in France sells for (under 1,000 "
            "EUR/ha; farmland and forest sell for a few thousand): is it a price per m²? Per ha it would be 450,000 "
            "EUR/ha") in out, out
    assert ("column 'land_rent_eur_per_ha_yr': 1.5 EUR/ha/yr is less than any land in France is let for (under 20 "
            "EUR/ha/yr; farm rents are tens to hundreds): is it a rent per m²? Per ha it would be 15,000 "
            "EUR/ha/yr") in out, out


def test_a_land_price_per_m2_is_said_in_french(tmp_path):
    d = tmp_path / "fos"
    shutil.copytree(FOS, d)
    (d / "plots.csv").write_text((d / "plots.csv").read_text(encoding="utf-8").replace(",300000,", ",30,"),
                                 encoding="utf-8")
    res = CliRunner().invoke(main, ["validate", str(d / "scenario.yaml"), "--lang", "fr"])
    assert res.exit_code == 0, res.output
    assert ("attention : plots.csv, ligne 4, colonne 'land_price_eur_per_ha' : 30 €/ha, c'est moins que le prix de "
            "toute terre en France") in res.output, res.output
    assert "À l'hectare, ce serait 300\u202f000 €/ha" in res.output, res.output   # a French thin space


@pytest.mark.parametrize("cells", [
    {"land_price_eur_per_ha": "6000"},            # farmland, a few thousand EUR/ha
    {"land_price_eur_per_ha": "300000"},          # La Feuillane's 30 EUR/m²
    {"land_price_eur_per_ha": "0", "remediation_eur_per_ha": "0", "land_rent_eur_per_ha_yr": "0"},   # given away
    {"land_rent_eur_per_ha_yr": "150"},           # a farm rent
    {"remediation_eur_per_ha": "500000"}])
def test_prices_per_ha_are_not_said(tmp_path, cells):
    out = _validate_cells(tmp_path, **cells)
    assert "per m²" not in out, out
