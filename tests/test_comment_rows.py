"""A comment row in a table: its first cell begins with '#', as people annotate CSVs
(`# from the 2024 survey`, `#S3,48.8,2.3` for a site left out). It was read as a site '#...'
without coordinates and refused; a comment with commas was 'a row with more cells than the
header'. Every table, CSV file or workbook sheet, now skips it (`io.csvfile.is_comment`, one
rule) and says so, naming the file and the rows; the other rows keep their numbers; a '#'
anywhere else ('Usine #2', 'S#1') is data."""
from __future__ import annotations

from click.testing import CliRunner

import eitflow
from conftest import write_scenario
from eitflow.cli.main import main

FLOWS = ("site_id,direction,resource,amount,unit,temperature_c,price_eur_per_unit\n"
         "S#1,supply,heat,9000,MWh/yr,110,0\n#A,demand,heat,1,MWh/yr\nA,demand,heat,2000,MWh/yr,60,40\n")


def _scenario(d, sites: str, flows: str = FLOWS):
    return write_scenario(d, yaml_text="name: t\nsites: sites.csv\nflows: flows.csv\n", sites=sites, flows=flows)


def test_comment_rows_are_skipped_and_said(tmp_path):
    y = _scenario(tmp_path, "site_id,name,lat,lon\n# the park's sites, from the 2024 survey, checked\n"
                            "S#1,Usine #2,45.0,4.0\n#S3,Serres,48.8,2.3\nA,B,45.01,4.0\n")
    res = CliRunner().invoke(main, ["validate", str(y), "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert [line for line in res.output.splitlines() if line.startswith("warning")] == [
        "warning: sites.csv: 2 comment rows skipped (rows 2, 4): their first cell begins with '#', which marks a "
        "comment; remove the '#' to read such a row",
        "warning: flows.csv: comment row skipped (row 3): its first cell begins with '#', which marks a comment; "
        "remove the '#' to read it"], res.output
    scen = eitflow.read_scenario(y)
    assert dict(zip(scen.sites["site_id"], scen.sites["name"])) == {"S#1": "Usine #2", "A": "B"}
    assert sorted(scen.flows["amount"]) == [2000.0, 9000.0]
    fr = CliRunner().invoke(main, ["validate", str(y), "--lang", "fr"])
    assert ("attention : flows.csv : ligne de commentaire ignorée (ligne 3) : sa première cellule commence par « # », "
            "qui marque un commentaire ; retirez le « # » pour la lire") in fr.output, fr.output


def test_the_other_rows_keep_their_numbers(tmp_path):
    # a quoted comment over two lines and a ';' file: the bad latitude is still row 5
    y = _scenario(tmp_path, 'site_id;lat;lon\nS#1;45,0;4,0\n"# a note\non two lines";;\n  # another\nA;abc;4,0\n')
    res = CliRunner().invoke(main, ["validate", str(y), "--lang", "en"])
    assert res.exit_code == 2, res.output
    assert "invalid scenario (1 problem)" in res.output and "sites.csv, row 5, column 'lat'" in res.output, res.output


def test_a_comment_row_of_a_workbook_sheet(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in (("sites", [("site_id", "lat", "lon"), ("S", 45.0, 4.0), ("# A, moved to 2027", None, None),
                                  ("A", 45.01, 4.0)]),
                       ("flows", [tuple(FLOWS.splitlines()[0].split(",")),
                                  ("S", "supply", "heat", 9000, "MWh/yr", 110, 0),
                                  ("A", "demand", "heat", 2000, "MWh/yr", 60, 40)]),
                       ("parameters", [("key", "value"), ("name", "parc")])):
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(list(r))
    wb.save(tmp_path / "parc.xlsx")
    scen = eitflow.read_scenario(tmp_path / "parc.xlsx")
    assert sorted(scen.sites["site_id"]) == ["A", "S"]
    assert [(w.file, str(w.message)) for w in scen.warnings] == [
        ("parc.xlsx:sites", "comment row skipped (row 3): its first cell begins with '#', which marks a comment; remove the '#' "
                  "to read it")]
