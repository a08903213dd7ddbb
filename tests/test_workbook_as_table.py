"""A table saved as a spreadsheet workbook where a CSV file is named. flows.csv saved from Excel
as .xlsx (or named flows.xlsx in scenario.yaml) was 'the file holds binary data, not text:
expected a CSV (or YAML) text file', which names no way out; an import's Hotmaps or overrides
file likewise. Each is now said to be a workbook, with what to do."""
from __future__ import annotations

import pandas as pd
from click.testing import CliRunner

from conftest import TWO_SITES_CSV
from eitflow.cli.main import main


def _scenario(tmp_path, flows_name: str):
    (tmp_path / "sites.csv").write_text(TWO_SITES_CSV, encoding="utf-8")
    pd.DataFrame({"site_id": ["S", "A"], "direction": ["supply", "demand"], "resource": "heat", "amount": [9000, 1000],
                  "unit": "MWh/yr", "temperature_c": [110, 60], "price_eur_per_unit": [0, 50]}).to_excel(
        tmp_path / "book.xlsx", index=False)
    (tmp_path / "book.xlsx").rename(tmp_path / flows_name)
    (tmp_path / "scenario.yaml").write_text(f"name: t\nlang: fr\nsites: sites.csv\nflows: {flows_name}\n",
                                            encoding="utf-8")
    return tmp_path / "scenario.yaml"


def test_a_workbook_named_as_a_table_is_said_with_the_ways_out(tmp_path):
    for name in ("flows.xlsx", "flows.csv"):   # named .xlsx, or Excel's workbook saved under the .csv name
        res = CliRunner().invoke(main, ["validate", str(_scenario(tmp_path, name))])
        assert res.exit_code == 2, res.output
        assert (f"  {name} : le fichier est un classeur de tableur (.xlsx, .xls ou .ods), pas un texte CSV : "
                "enregistrez cette feuille en CSV (UTF-8) et nommez le .csv, ou donnez le classeur entier comme "
                "scénario") in res.output, res.output


def test_an_excel_97_file_is_said_too(tmp_path):
    (tmp_path / "sites.csv").write_text(TWO_SITES_CSV, encoding="utf-8")
    (tmp_path / "flows.csv").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    (tmp_path / "scenario.yaml").write_text("name: t\nsites: sites.csv\nflows: flows.csv\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["validate", str(tmp_path / "scenario.yaml")])
    assert res.exit_code == 2 and "flows.csv: the file is a spreadsheet workbook (.xlsx, .xls or .ods)" in res.output


def test_an_imports_source_saved_as_a_workbook_is_said_as_a_source(tmp_path):
    pd.DataFrame({"SiteID": [1], "CompanyName": ["A"]}).to_excel(tmp_path / "hm.xlsx", index=False)
    (tmp_path / "communes.csv").write_text("code_insee,nom\n54395,Nancy\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["import", "hotmaps", str(tmp_path / "hm.xlsx"), "--communes",
                                    str(tmp_path / "communes.csv"), "--out", str(tmp_path / "o"), "--lang", "en"])
    assert res.exit_code == 2, res.output
    assert ("hm.xlsx: the file is a spreadsheet workbook (.xlsx, .xls or .ods), not CSV text: save its sheet as "
            "CSV (UTF-8) and give the .csv") in " ".join(res.output.split()), res.output
    assert "as the scenario" not in res.output
