"""Workbooks saved by LibreOffice itself (tests/data/libreoffice, made by `soffice --headless
--convert-to ods`: see its README), where tests/test_workbook_ods.py writes its .ods files
with tests/odsfile.py as LibreOffice does. Before .ods files were read, all of these were
refused ("a .ods spreadsheet is not read")."""

from __future__ import annotations

import zipfile

import pandas as pd

from conftest import ROOT
from eitflow import read_scenario

DATA = ROOT / "tests" / "data" / "libreoffice"


def test_the_files_are_libreoffices():
    """A guard on the data: the .ods files carry LibreOffice's generator line."""
    for name in ("scenario.ods", "formula.ods"):
        with zipfile.ZipFile(DATA / name) as z:
            assert b"<meta:generator>LibreOffice/7.4" in z.read("meta.xml"), name


def test_a_workbook_converted_by_libreoffice_is_the_same_scenario():
    xlsx, ods = read_scenario(DATA / "scenario.xlsx"), read_scenario(DATA / "scenario.ods")
    for table in ("sites", "flows", "links", "hubs", "corridors", "junctions"):
        a, b = getattr(xlsx, table), getattr(ods, table)
        assert (a is None) == (b is None), table
        if a is not None:
            pd.testing.assert_frame_equal(a, b, obj=table)
    assert ods.params == xlsx.params
    assert len(xlsx.flows) == 10     # the template's flows, read at all


def test_a_formula_libreoffice_computed_is_read_for_its_value():
    """flows!E2 holds =2000*3 (uve_heat, GWh/yr): 6,000 GWh/yr = 6,000,000 MWh/yr; the other
    flows are the template's."""
    xlsx, ods = read_scenario(DATA / "scenario.xlsx"), read_scenario(DATA / "formula.ods")
    a, b = xlsx.flows.set_index("flow_id"), ods.flows.set_index("flow_id")
    assert b.at["uve_heat", "amount"] == 2000 * 3 * 1000.0
    assert a.at["uve_heat", "amount"] == 80 * 1000.0
    pd.testing.assert_frame_equal(a.drop(index="uve_heat"), b.drop(index="uve_heat"))


def test_a_workbook_that_unzips_past_the_input_limit_is_refused(monkeypatch):
    """A workbook is a zip of XML: a few kB can unzip to gigabytes, which were read cell by cell
    until the cell cap. Its members unzipped are capped as a CSV file is (1 GiB,
    `io.csvfile.MAX_FILE_BYTES`): here the cap is lowered under the LibreOffice files' own
    unzipped size (summed from the zip's directory by the test), and both kinds are refused
    by name before any sheet is read."""
    import pytest

    from eitflow.errors import ScenarioError
    from eitflow.io import csvfile

    for name in ("scenario.ods", "scenario.xlsx"):
        with zipfile.ZipFile(DATA / name) as z:
            size = sum(i.file_size for i in z.infolist())
        assert size > 100_000
        monkeypatch.setattr(csvfile, "MAX_FILE_BYTES", 100_000)
        with pytest.raises(ScenarioError) as exc:
            read_scenario(DATA / name)
        said = [str(p) for p in exc.value.problems]
        assert said == [f"{name}: the workbook unzips to {size / 2**30:.1f} GiB, above the 0 GiB limit for one "
                        "input table"], said
        monkeypatch.setattr(csvfile, "MAX_FILE_BYTES", size)
        assert len(read_scenario(DATA / name).flows) == 10
