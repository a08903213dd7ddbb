"""A misspelt header (`temprature_c`) is refused once and then read as the column it names
(`io.tables.check_columns`); a bad value in that column named the column by the name it was read
as (`temperature_c`), a header the user's file does not have. The problem names the header as
the file writes it, says which column it was read as, with file, row and column, in the CSV
files and in the workbooks (.xlsx, .ods) alike, in English and in French."""
from __future__ import annotations

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from conftest import FLOWS_CSV, write_scenario
from eitflow.cli.main import main


def _validate(path, lang: str) -> list[str]:
    res = CliRunner().invoke(main, ["validate", str(path), "--lang", lang])
    assert res.exit_code == 2, res.output
    assert "Traceback" not in res.output
    return [line.strip() for line in res.output.splitlines()]


EN_TEMP = ("flows.csv, row 2, column 'temprature_c': expected a temperature in degC (found 'abc') "
           "(column read as 'temperature_c')")
FR_TEMP = ("flows.csv, ligne 2, colonne 'temprature_c' : attendu une température en °C (trouvé : 'abc') "
           "(colonne lue comme 'temperature_c')")


@pytest.mark.parametrize("lang, said", [("en", EN_TEMP), ("fr", FR_TEMP)])
def test_a_bad_value_under_a_misspelt_optional_header(tmp_path, lang, said):
    flows = FLOWS_CSV.replace("temperature_c", "temprature_c").replace("heat,30,GWh/yr,130", "heat,30,GWh/yr,abc")
    lines = _validate(write_scenario(tmp_path, flows=flows), lang)
    assert said in lines, lines
    assert not [x for x in lines if "'temperature_c'" in x.split(":")[0]], lines   # never where the file has it not


def test_a_bad_value_under_a_misspelt_required_header(tmp_path):
    # 'amout' is said as the required column 'amount' missing (found 'amout'), then read as it
    flows = FLOWS_CSV.replace(",amount,", ",amout,").replace("heat,12000,MWh/yr", "heat,douze,MWh/yr")
    lines = _validate(write_scenario(tmp_path, flows=flows), "en")
    row3 = [x for x in lines if x.startswith("flows.csv, row 3")]
    assert len(row3) == 1, lines
    assert row3[0].startswith("flows.csv, row 3, column 'amout': "), row3
    assert "(found 'douze') (column read as 'amount')" in row3[0], row3


def _book(tmp_path):
    res = CliRunner().invoke(main, ["init", str(tmp_path / "x"), "--excel"])
    assert res.exit_code == 0, res.output
    book = tmp_path / "x" / "scenario.xlsx"
    wb = load_workbook(book)
    ws = wb["flows"]
    j = next(k for k, c in enumerate(ws[1], start=1) if c.value == "temperature_c")
    ws.cell(1, j).value = "temprature_c"
    row = next(r for r in range(2, ws.max_row + 1) if isinstance(ws.cell(r, j).value, (int, float)))
    ws.cell(row, j).value = "chaud"
    wb.save(book)
    return book, wb, row


def test_a_workbook_names_the_header_as_written(tmp_path):
    book, wb, row = _book(tmp_path)
    said = (f"scenario.xlsx:flows, row {row}, column 'temprature_c': expected a temperature in degC "
            "(found 'chaud') (column read as 'temperature_c')")
    assert said in _validate(book, "en")
    from odsfile import write_ods

    ods = write_ods(tmp_path / "scenario.ods", {ws.title: [list(r) for r in ws.iter_rows(values_only=True)]
                                                for ws in wb.worksheets})
    assert said.replace("scenario.xlsx", "scenario.ods") in _validate(ods, "en")
