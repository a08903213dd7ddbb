"""`eitflow import hotmaps --lang fr` writes what French Excel opens in columns (';', decimal
commas, UTF-8 with a BOM, as `eitflow init --lang fr` writes its templates) and a French
README.md; the scenario reads back to the English import's numbers exactly, and runs to the same
objective. Values are worked out by hand from the synthetic rows below."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from click.testing import CliRunner

from eitflow.cli.main import main
from eitflow.io.csvfile import csv_cell
from eitflow.io.read import read_scenario
from eitflow.pipeline import optimise
from test_import_territory import BORDER_COMMUNES, BORDER_HOTMAPS
from test_importers import COMMUNES_HEADER, HOTMAPS_HEADER, OVERRIDE_HEADER, _hm_row, _write

# a small furnace in Nancy whose one band is 1.125 GWh/yr: French '1,125', a comma before exactly
# three digits, which `io.numbers` refuses as ambiguous (1.125 or 1125?) when nothing else in the
# column has a decimal comma; the other amounts below are whole numbers
FURNACE = _hm_row(900, "Four", "Nancy", "France", "SRID=4326;POINT(6.2125 48.695)", "Glass", 1, 0, 0).replace(
    ";1.00;0.00;0.00;1.00", ";1.125;0.00;0.00;1.125")
# by hand, territory 54 (test_import_territory: the Raon mill is in 88, its twin "Nowhere" in 54):
# supplies HM478 20, HM3396 10, HM900 1.125 GWh/yr (band 100-200 C -> 100 C); sinks = population
# x 7 MWh/inhabitant x 0.3: Nancy 104000 -> 218400, Saint-Voisin 2500 -> 5250 MWh/yr
AMOUNTS = {"HM478": 20.0, "HM3396": 10.0, "HM900": 1.125, "INSEE54395": 218400.0, "INSEE54519": 5250.0}
LATLON = {"HM478": (48.69, 6.18), "HM3396": (48.409913, 6.832162), "HM900": (48.695, 6.2125),
          "INSEE54395": (48.688, 6.175), "INSEE54519": (48.429, 6.815)}


def _imports(tmp_path: Path, *args: str) -> dict[str, Path]:
    hm = _write(tmp_path / "hm.csv", HOTMAPS_HEADER, [*BORDER_HOTMAPS, FURNACE])
    com = _write(tmp_path / "com.csv", COMMUNES_HEADER, BORDER_COMMUNES)
    out = {}
    for lang in ("en", "fr"):
        out[lang] = tmp_path / f"{lang}{abs(hash(args))}"
        r = CliRunner().invoke(main, ["import", "hotmaps", str(hm), "--communes", str(com), "--departements", "54",
                                      "--out", str(out[lang]), "--lang", lang, *args])
        assert r.exit_code == 0, r.output
    return out


def test_a_french_import_opens_in_columns_in_french_excel_and_reads_back_the_same(tmp_path):
    out = _imports(tmp_path)
    for name in ("sites.csv", "flows.csv", "skipped.csv"):
        raw = (out["fr"] / name).read_bytes()
        # the BOM and ';' of init's French templates; English as it always was
        assert raw.startswith(b"\xef\xbb\xbf") and b";" in raw.splitlines()[0] and b"," not in raw.splitlines()[0]
        assert not (out["en"] / name).read_bytes().startswith(b"\xef\xbb\xbf")
    # as French Excel reads them: ';' columns, decimal commas
    sites = pd.read_csv(out["fr"] / "sites.csv", sep=";", decimal=",", encoding="utf-8-sig").set_index("site_id")
    flows = pd.read_csv(out["fr"] / "flows.csv", sep=";", decimal=",", encoding="utf-8-sig")
    assert {s: (sites.at[s, "lat"], sites.at[s, "lon"]) for s in LATLON} == LATLON
    assert flows.groupby("site_id")["amount"].sum().to_dict() == AMOUNTS
    text = (out["fr"] / "flows.csv").read_text(encoding="utf-8-sig")
    assert ";1,1250;GWh/yr;" in text and ";218400;MWh/yr;" in text   # not '1,125' (ambiguous), not '1.125'
    # eitflow reads both to exactly the same numbers, every table and column
    en, fr = read_scenario(out["en"] / "scenario.yaml"), read_scenario(out["fr"] / "scenario.yaml")
    for table in ("sites", "flows"):
        a, b = getattr(en, table), getattr(fr, table)
        assert list(a.columns) == list(b.columns) and len(a) == len(b) == 5
        for c in a.columns:
            if pd.api.types.is_numeric_dtype(a[c]):
                assert ((a[c] == b[c]) | (a[c].isna() & b[c].isna())).all(), (table, c)
            elif c not in ("sector", "note"):   # said in the scenario's language
                assert a[c].astype(str).tolist() == b[c].astype(str).tolist(), (table, c)
    assert dict(zip(fr.flows["site_id"], fr.flows["amount"])) == {
        "HM478": 20000.0, "HM3396": 10000.0, "HM900": 1125.0, "INSEE54395": 218400.0, "INSEE54519": 5250.0}
    # and both run to the same plan
    ra, rb = optimise(en), optimise(fr)
    assert ra.summary["status"] == rb.summary["status"] == "optimal"
    assert ra.objective == rb.objective and ra.objective > 0


def test_a_french_import_writes_its_readme_in_french(tmp_path):
    out = _imports(tmp_path)
    fr = (out["fr"] / "README.md").read_text(encoding="utf-8")
    assert fr.startswith("# Scénario de chaleur fatale : Meurthe-et-Moselle (54) (produit par")
    assert "dans un rayon de 30 km (`max_distance_km: {heat: 30}`)" in fr
    assert "séparés par `;`, avec la virgule\ndécimale" in fr
    assert "population × 7 MWh/habitant × part raccordable 0,3" in fr
    # by hand: supply 20 + 10 + 1.125 = 31.125 GWh = 0.031 TWh; demand 218400 + 5250 MWh = 0.224 TWh
    assert "- offre de chaleur : 0,031 TWh/an en 3 flux" in fr
    assert "- besoin de chaleur : 0,224 TWh/an en 2 flux" in fr
    assert "- communes candidates : 2" in fr and "Hypothèses" in fr and "Assumptions" not in fr
    en = (out["en"] / "README.md").read_text(encoding="utf-8")
    assert en.startswith("# Excess-heat scenario of Meurthe-et-Moselle (54), generated by")
    assert "- heat supply: 0.031 TWh/yr in 3 flows" in en and "- candidate communes: 2" in en


def test_the_overrides_file_is_read_whichever_separator_it_was_saved_with(tmp_path):
    # the Nancy steelworks measured at 30.5 GWh/yr in its 100-200 C band: saved by French Excel
    # (';', '30,5', a BOM, cp1252 'mesuré') or by an English one (',', '30.5')
    fr = tmp_path / "surcharges.csv"
    fr.write_bytes(("\ufeff" + OVERRIDE_HEADER.replace(",", ";") + "\nHM478;;;;;;supply;heat;30,5;GWh/yr;100;;mesure\n")
                   .encode("utf-8"))
    en = _write(tmp_path / "overrides.csv", OVERRIDE_HEADER, ["HM478,,,,,,supply,heat,30.5,GWh/yr,100,,mesure"])
    amounts = []
    for path in (fr, en):
        out = _imports(tmp_path, "--overrides", str(path), "--force")["fr"]
        scen = read_scenario(out / "scenario.yaml")
        amounts.append(dict(zip(scen.flows["site_id"], scen.flows["amount"])))
    assert amounts[0] == amounts[1] and amounts[0]["HM478"] == 30500.0   # MWh/yr


def test_a_cell_is_written_as_the_language_writes_it():
    assert csv_cell(114.123, "fr", "%.10g") == "114,1230"   # '114,123' would be refused as ambiguous
    assert csv_cell(-114.123, "fr", "%.10g") == "-114,1230"
    assert csv_cell(1234.567, "fr", "%.10g") == "1234,567"   # four digits before: unambiguous
    assert csv_cell(0.125, "fr", "%.10g") == "0,125" and csv_cell(48.61, "fr") == "48,61"
    assert csv_cell(114.123, "en", "%.10g") == "114.123" and csv_cell(float("nan"), "fr") == ""
    assert csv_cell(7, "fr") == "7" and csv_cell("a.b", "fr") == "a.b"
