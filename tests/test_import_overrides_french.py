"""`eitflow import hotmaps --overrides` with an overrides file saved by French Excel (`;`,
decimal commas, a BOM), then the import's scenario read back. Uses ../shared/data; skips
where it is absent. Expected values by hand from the files."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from eitflow.cli.main import main
from eitflow.io.read import read_scenario

SHARED = Path(__file__).parents[2] / "shared" / "data"
HOTMAPS = SHARED / "hotmaps" / "Industrial_Database.csv"
COMMUNES = SHARED / "insee" / "communes_2024.csv"

pytestmark = pytest.mark.skipif(not (HOTMAPS.is_file() and COMMUNES.is_file()),
                                reason="../shared/data (Hotmaps, INSEE communes) is absent")


def _import(tmp_path: Path, overrides: str) -> Path:
    ov = tmp_path / "overrides.csv"
    ov.write_bytes(overrides.encode("utf-8-sig"))
    out = tmp_path / "nord"
    res = CliRunner().invoke(main, ["import", "hotmaps", str(HOTMAPS), "--communes", str(COMMUNES),
                                    "--departements", "59", "--overrides", str(ov), "--lang", "fr", "--out", str(out)])
    assert res.exit_code == 0, res.output
    return out


def test_a_french_number_in_an_extra_flow_column_of_the_overrides_is_read_as_a_number(tmp_path):
    """ArcelorMittal Dunkerque (Hotmaps SiteID 553) shows 0 GWh/yr of excess heat; the analyst
    gives it 150 GWh/yr at 150,5 degC with a radius max_distance_km of 20,5 km, in a French
    overrides file. temperature_c (a column the importer knows) was read as 150.5, but
    max_distance_km (a flows.csv column it passes on) was written as the text "20,5" into the
    comma-separated flows.csv: the import's own scenario was then refused by `run`. Now 20.5."""
    out = _import(tmp_path, "site_id;direction;resource;amount;unit;temperature_c;price_eur_per_unit;max_distance_km\n"
                            "HM553;supply;heat;150;GWh/an;150,5;0;20,5\n")
    scen = read_scenario(out / "scenario.yaml")
    f = scen.flows[scen.flows["site_id"] == "HM553"]
    assert len(f) == 1
    assert f["temperature_c"].iat[0] == 150.5
    assert f["max_distance_km"].iat[0] == 20.5
    assert f["amount"].iat[0] == pytest.approx(150_000.0)   # 150 GWh/an in MWh/yr


def test_a_hotmaps_site_an_override_adds_is_zoned_by_its_departement(tmp_path):
    """ArcelorMittal Dunkerque (SiteID 553, POINT(2.36 51.03), city 'Dunkerque   ') has no
    excess heat in Hotmaps, so the Nord import leaves it out; an override gives it 150
    GWh/yr. Every imported site's zone is its département, 'Nord (59)', but this one's was
    Hotmaps' city, 'Dunkerque': a zone of one site in the report's totals per zone. A zone
    the override gives stays as given (a second site, Kerneos HM545, zone 'CUD')."""
    out = _import(tmp_path, "site_id;zone;direction;resource;amount;unit;temperature_c\n"
                            "HM553;;supply;heat;150;GWh/an;150\n"
                            "HM545;CUD;;;;;\n")
    scen = read_scenario(out / "scenario.yaml")
    zone = scen.sites.set_index("site_id")["zone"]
    assert zone["HM553"] == "Nord (59)"
    assert zone["HM545"] == "CUD"


def test_a_demand_override_without_a_price_stops_the_import_not_the_run(tmp_path):
    """A glasshouse added as a demand of 20 GWh/an with no price: the import wrote it and said
    nothing, then `validate` refused the imported scenario at flows.csv, row 251 (a generated
    file). The import refuses it (exit 2), naming the overrides file's row 2 and its column, in
    French, and writes no scenario."""
    ov = tmp_path / "overrides.csv"
    ov.write_bytes("site_id;name;lat;lon;direction;resource;amount;unit;temperature_c\n"
                   "SERRES_X;Serres;50,95;2,30;demand;heat;20;GWh/an;60\n".encode("utf-8-sig"))
    out = tmp_path / "nord"
    res = CliRunner().invoke(main, ["import", "hotmaps", str(HOTMAPS), "--communes", str(COMMUNES),
                                    "--departements", "59", "--overrides", str(ov), "--lang", "fr", "--out", str(out)])
    assert res.exit_code == 2, res.output
    assert "overrides.csv, ligne 2, colonne 'price_eur_per_unit' : price_eur_per_unit est vide sur une demande" in res.output
    assert not (out / "scenario.yaml").exists()
