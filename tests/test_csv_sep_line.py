"""A CSV saved with Excel's first line `sep=,` (or `sep=;`) naming its separator: it was taken
for the header, and the table refused as having a title line above its header. The line now
sets the separator and is skipped; rows are numbered as Excel shows them (it hides the line:
the header is row 1)."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import eitflow
from conftest import bundled_copy
from eitflow.cli.main import main
from eitflow.errors import ScenarioError, problem_facts, problem_from_facts
from eitflow.io.csvfile import parse_table

ROOT = Path(__file__).resolve().parents[1]


def _excel(text: str, sep_line: str) -> bytes:
    """`text` as Excel writes it with a separator line: UTF-8 BOM, the line, CRLF line ends."""
    return ("\ufeff" + sep_line + "\r\n" + "\r\n".join(text.splitlines()) + "\r\n").encode("utf-8")


@pytest.mark.parametrize("sep_line", ["sep=,", '"sep=,"', "SEP=,", "sep=,,,,,,"])
def test_an_excel_sep_line_is_read_as_the_separator(tmp_path, sep_line):
    src = ROOT / "scenarios" / "zae_example"
    for name in ("sites.csv", "flows.csv"):
        plain = parse_table((src / name).read_bytes(), name)
        got = parse_table(_excel((src / name).read_text("utf-8"), sep_line), name)
        pd.testing.assert_frame_equal(got, plain)
        assert got.attrs["rows"] == plain.attrs["rows"] and got.attrs["decimal_comma"] is False


def test_a_semicolon_sep_line_reads_decimal_commas_and_wins_over_the_header():
    # the header alone has more commas (in its names' quotes) than semicolons
    data = _excel('"site_id";"name, long, full, x";amount\nS;Usine, Nord;1,5\nA;B;2\n', "sep=;")
    got = parse_table(data, "t.csv")
    assert list(got.columns) == ["site_id", "name, long, full, x", "amount"]
    assert got["name, long, full, x"].tolist() == ["Usine, Nord", "B"] and got.attrs["decimal_comma"] is True


def test_the_scenario_with_excel_files_validates_as_the_original(tmp_path):
    y = bundled_copy(tmp_path, "zae_example")
    for name in ("sites.csv", "flows.csv"):
        (y.parent / name).write_bytes(_excel((y.parent / name).read_text("utf-8"), "sep=,"))
    res = CliRunner().invoke(main, ["validate", str(y), "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert "15 sites, 14 supplies, 16 demands" in res.output, res.output


def test_rows_are_numbered_as_excel_and_libreoffice_show_them(tmp_path):
    # the second data row is row 3 in Excel, which hides the sep line, and row 4 in LibreOffice,
    # which shows it as row 1 (line 4 of the file): both said, by one rule (`errors.Problem.sep_line`)
    (tmp_path / "sites.csv").write_bytes(_excel("site_id,lat,lon\nS,45.0,4.0\nA,abc,4.0\n", "sep=,"))
    (tmp_path / "flows.csv").write_text("site_id,direction,resource,amount,unit\nS,supply,co2,5,t/yr\n", "utf-8")
    (tmp_path / "scenario.yaml").write_text("name: t\nsites: sites.csv\nflows: flows.csv\n", "utf-8")
    res = CliRunner().invoke(main, ["validate", str(tmp_path / "scenario.yaml"), "--lang", "en"])
    assert res.exit_code == 2 and ("sites.csv, row 3 in Excel (row 4 in LibreOffice, which shows the file's first "
                                   "line, sep=), column 'lat'") in res.output, res.output
    fr = CliRunner().invoke(main, ["validate", str(tmp_path / "scenario.yaml"), "--lang", "fr"])
    assert fr.exit_code == 2 and ("sites.csv, ligne 3 dans Excel (ligne 4 dans LibreOffice, qui affiche la première "
                                  "ligne du fichier, sep=), colonne 'lat'") in fr.output, fr.output


def test_a_problem_of_the_file_itself_and_a_warning_say_both_rows(tmp_path):
    # a row with a cell too many (parse_table's own problem) and a dotted thousands figure (a warning)
    with pytest.raises(ScenarioError) as e:
        parse_table(_excel("site_id,lat,lon\nS,45.0,4.0,9\n", "sep=,"), "sites.csv")
    assert [p.say("en") for p in e.value.problems] == [
        "sites.csv, row 2 in Excel (row 3 in LibreOffice, which shows the file's first line, sep=): this row has 4 "
        "cells but the header has 3: a comma inside a value? Put such values in double quotes, or remove the extra "
        "commas"]
    (tmp_path / "sites.csv").write_text("site_id,lat,lon\nS,45.0,4.0\nA,45.01,4.0\n", "utf-8")
    (tmp_path / "flows.csv").write_bytes(_excel("site_id,direction,resource,amount,unit,temperature_c\n"
                                                "S,supply,heat,450000,MWh/yr,110\nA,demand,heat,120.000,MWh/yr,60\n"
                                                "A,demand,heat,300000,MWh/yr,60\n", "sep=,"))
    (tmp_path / "scenario.yaml").write_text("name: t\nsites: sites.csv\nflows: flows.csv\n", "utf-8")
    (w,) = [w for w in eitflow.read_scenario(tmp_path / "scenario.yaml").warnings if w.column == "amount"]
    assert w.say("en").startswith("flows.csv, row 3 in Excel (row 4 in LibreOffice, which shows the file's first "
                                  "line, sep=), column 'amount': '120.000' is read as 120"), w.say("en")
    # kept so in summary.json: said the same when read back
    assert problem_from_facts(json.loads(json.dumps(problem_facts(w)))) == w


def test_a_file_without_a_sep_line_says_one_row():
    with pytest.raises(ScenarioError) as e:
        parse_table(b"site_id,lat,lon\nS,45.0,4.0,9\n", "sites.csv")
    assert e.value.problems[0].say("en").startswith("sites.csv, row 2: this row has 4 cells")


@pytest.mark.parametrize("sep_line", ["sep=|", "sep="])
def test_a_separator_eitflow_does_not_read_is_refused_naming_it(sep_line):
    with pytest.raises(ScenarioError) as e:
        parse_table(_excel("site_id|lat|lon\nS|45|4\n", sep_line), "sites.csv")
    (p,) = e.value.problems
    assert p.row == 1 and f"the first line '{sep_line}' declares a separator eitflow does not read" in str(p.message)
