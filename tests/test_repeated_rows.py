"""A row given twice, cell for cell (a copy-paste slip in a spreadsheet), was read twice
without a word: a flow's amount counted twice.
It is now a warning naming both rows (the file's own rows, blank lines counted), since two
identical rows may be meant (two identical units); rows that differ in any cell (a note)
are not said. Row numbers worked out by hand from the files below. (corridors.csv and links.csv said so
already, in their own words.)"""
from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
from click.testing import CliRunner

import eitflow
from conftest import HEAT_FLOWS_CSV, TWO_SITES_CSV
from eitflow.cli.main import main

LUDRES = Path(__file__).resolve().parents[1] / "scenarios" / "ludres_backbone"


def _validate(d: Path, flows: str, lang: str = "en", extra: dict[str, str] | None = None) -> str:
    (d / "sites.csv").write_text(TWO_SITES_CSV, encoding="utf-8")
    (d / "flows.csv").write_text(flows, encoding="utf-8")
    for name, text in (extra or {}).items():
        (d / name).write_text(text, encoding="utf-8")
    keys = "".join(f"{Path(n).stem}: {n}\n" for n in extra or {})
    (d / "scenario.yaml").write_text(f"name: t\nsites: sites.csv\nflows: flows.csv\n{keys}", encoding="utf-8")
    res = CliRunner().invoke(main, ["validate", str(d / "scenario.yaml"), "--lang", lang])
    assert res.exit_code == 0, res.output
    return res.output


def test_a_flow_row_given_twice_is_said_with_both_rows_of_the_file(tmp_path):
    # header row 1, S row 2, A row 3, a blank row 4, A again row 5
    out = _validate(tmp_path, HEAT_FLOWS_CSV + "\nA,demand,heat,1000,MWh/yr,60\n")
    assert ("warning: flows.csv, row 5: the same row as row 3, cell for cell: both are read, so this flow counts "
            "twice (its amount doubled)") in out, out
    fr = _validate(tmp_path, HEAT_FLOWS_CSV + "\nA,demand,heat,1000,MWh/yr,60\n", lang="fr")
    assert "attention : flows.csv, ligne 5 : la même ligne que la ligne 3, cellule pour cellule" in fr, fr


def test_rows_that_differ_in_one_cell_are_two_flows_and_not_said(tmp_path):
    flows = HEAT_FLOWS_CSV.replace("temperature_c\n", "temperature_c,note\n").replace("60\n", "60,line 1\n")
    out = _validate(tmp_path, flows + "A,demand,heat,1000,MWh/yr,60,line 2\n")
    assert "the same row" not in out, out


def test_a_dataframe_row_given_twice_is_said_too(tmp_path):
    sites = pd.DataFrame({"site_id": ["S", "A"], "lat": [45.0, 45.01], "lon": [4.0, 4.0]})
    flows = pd.DataFrame({"site_id": ["S", "A", "A"], "direction": ["supply", "demand", "demand"],
                          "resource": "heat", "amount": [9000, 1000, 1000], "unit": "MWh/yr",
                          "temperature_c": [110, 60, 60]})
    scen = eitflow.scenario_from_frames(sites, flows, name="t")
    said = [(w.file, w.row, str(w)) for w in scen.warnings]
    assert [(f, r) for f, r, _ in said] == [("flows", 4)], said
    assert "the same row as row 3" in said[0][2]
    # read twice, as said: A's demand is 2,000 MWh/yr in all
    assert scen.flows.loc[scen.flows["site_id"] == "A", "amount"].sum() == 2000.0



def test_corridors_and_links_given_twice_keep_their_own_words(tmp_path):
    """corridors.csv and links.csv said a repeated row before (parallel corridors: a warning;
    a duplicate link: an error): they are not said twice."""
    d = tmp_path / "ludres"
    shutil.copytree(LUDRES, d)
    cor = pd.read_csv(d / "corridors.csv", dtype=str, keep_default_na=False).drop(columns="corridor_id")
    rows = cor.to_csv(index=False).splitlines()
    (d / "corridors.csv").write_text("\n".join(rows + [rows[2]]) + "\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["validate", str(d / "scenario.yaml"), "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert f"corridors.csv, row {len(rows) + 1}, column 'to': corridor 'c{len(rows) + 1}' joins the same places" \
        in res.output and "the same row as" not in res.output, res.output


def test_a_workbook_row_given_twice_names_the_sheets_rows(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in (("sites", [r.split(",") for r in TWO_SITES_CSV.splitlines()]),
                       ("flows", [r.split(",") for r in HEAT_FLOWS_CSV.splitlines()] + [[], HEAT_FLOWS_CSV.splitlines()[2]
                                                                                       .split(",")])):
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append([float(v) if v.replace(".", "").isdigit() else v for v in r])
    wb.save(tmp_path / "t.xlsx")
    said = [(w.file, w.row, str(w)) for w in eitflow.read_scenario(tmp_path / "t.xlsx").warnings]
    assert [(f, r) for f, r, _ in said] == [("t.xlsx:flows", 5)], said
    assert "the same row as row 3, cell for cell" in said[0][2]
