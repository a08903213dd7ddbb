"""OpenDocument spreadsheets (.ods, LibreOffice's own format, which French territorial analysts
and public administrations mostly use) are read as .xlsx workbooks are: same sheets and
French sheet names, cells as the sheet shows them, merged cells, hidden rows and columns,
formulas, every problem naming the file, sheet, row and column. Before, `eitflow run x.ods`
was refused ('a .ods spreadsheet is not read: save it as an Excel workbook').

The files are written by `odsfile.write_ods` as LibreOffice saves them (no LibreOffice on the
test machines nor in CI); expected values are worked out by hand from the cells, and the
bundled scenario against its own CSV run."""
from __future__ import annotations

import csv
import datetime
import zipfile
from pathlib import Path

import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

from conftest import ROOT, refused
from eitflow import read_scenario
from eitflow.cli.main import main
from odsfile import Formula, write_ods

FLOWS_HDR = ("site_id", "direction", "resource", "amount", "unit", "temperature_c", "price_eur_per_unit")
SITES = [("site_id", "lat", "lon", "zone"), ("UVE", 50.28, 3.97, "Z"), ("FOOD", 50.29, 3.98, "Z")]
FLOWS = [FLOWS_HDR, ("UVE", "supply", "heat", 30, "GWh/yr", 130, 0), ("FOOD", "demand", "heat", 12000, "MWh/yr", 90, 45)]


def _book(path: Path, sites=SITES, flows=FLOWS, params=(("name", "parc"),), names=("sites", "flows", "parameters"),
          **kw) -> Path:
    return write_ods(path, dict(zip(names, (list(sites), list(flows), [("key", "value"), *params]))), **kw)


def _flows(path) -> dict:
    fl = read_scenario(path).flows
    return {c: dict(zip(fl["site_id"], fl[c])) for c in fl.columns}


# -- a bundled scenario, frame for frame ---------------------------------------------------------

def _typed(field: str) -> object:
    """A CSV field as LibreOffice's CSV import types it: a number where it reads as one
    (47.669, -500, 100), else text; empty, an empty cell."""
    if field == "":
        return None
    try:
        v = float(field)
    except ValueError:
        return field
    return int(v) if v.is_integer() and "." not in field else v


def _flat(d: dict, prefix: str = "") -> list[tuple[str, object]]:
    """scenario.yaml's keys as the parameters sheet writes them (solver.time_limit_s)."""
    out = []
    for k, v in d.items():
        out += _flat(v, f"{prefix}{k}.") if isinstance(v, dict) else [(f"{prefix}{k}", v)]
    return out


def test_a_bundled_scenario_as_ods_gives_the_csv_runs_frames(tmp_path):
    """redon_h2 (sites, flows, links, hubs; numbers typed as numbers, scenario.yaml's keys in
    the parameters sheet) saved as one .ods: `eitflow run` gives its CSV run's tables, frame
    for frame, and the report's places are read back from the copied .ods."""
    from eitflow.io.read import run_dir_scenarios
    from eitflow.results.rundir import read_run

    src = ROOT / "scenarios" / "redon_h2"
    conf = yaml.safe_load((src / "scenario.yaml").read_text(encoding="utf-8"))
    sheets = {}
    for table in ("sites", "flows", "links", "hubs"):
        with open(src / conf[table], encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        sheets[table] = [rows[0]] + [[_typed(f) for f in r] for r in rows[1:]]
    sheets["parameters"] = [("key", "value")] + [(k, v) for k, v in _flat(conf) if k not in sheets]
    book = write_ods(tmp_path / "redon.ods", sheets)
    runs = {}
    for kind, scen in (("csv", src / "scenario.yaml"), ("ods", book)):
        runs[kind] = tmp_path / kind
        res = CliRunner().invoke(main, ["run", str(scen), "--out", str(runs[kind]), "-q"])
        assert res.exit_code == 0, res.output
    assert (runs["ods"] / "inputs" / "scenario.ods").is_file()
    assert run_dir_scenarios(runs["ods"]) == [runs["ods"] / "inputs" / "scenario.ods"]
    tables = sorted(p.name for p in runs["csv"].glob("*.csv"))
    assert sorted(p.name for p in runs["ods"].glob("*.csv")) == tables
    assert {"matches.csv", "hubs.csv", "unmatched.csv", "companies.csv"} <= set(tables)
    for name in tables:
        pd.testing.assert_frame_equal(pd.read_csv(runs["ods"] / name), pd.read_csv(runs["csv"] / name), obj=name)
    a, b = read_run(runs["ods"]), read_run(runs["csv"])
    assert len(a.matches) == 6 and a.summary["objective"] == b.summary["objective"]
    assert a.totals == b.totals
    pd.testing.assert_frame_equal(a.sites, b.sites)   # the report's map: sites and the hub, named


# -- cells as the sheet shows them ---------------------------------------------------------------

def test_a_code_in_a_zero_padding_format_is_read_as_the_sheet_shows_it(tmp_path):
    """An INSEE code typed 01001 in a cell formatted 00000 is stored as the number 1001 (the
    sheet shows 01001): read 01001, as the flows' '01001' typed as text. The format may be the
    cell's, its column's (LibreOffice then names no style on the cell), a named style's of
    styles.xml, or one with a red negative section. A SIRET in a grouped format is its 14
    digits; a NACE code 10.1 in 00.00 is 10.10; an amount formatted 00000 is its value."""
    siret = "000 000 000 00000"
    sites = [("site_id", "lat", "lon", "zone", "sector"), (1001, 50.28, 3.97, 1001, 10.1),
             (1234567800012, 50.29, 3.98, 75056, None), ("2A004", 50.30, 3.96, "01001", None),
             (6088, 50.31, 3.95, 6088, None)]
    flows = [FLOWS_HDR, ("01001", "supply", "heat", 30, "GWh/yr", 130, 0),
             (1234567800012, "demand", "heat", 12000, "MWh/yr", 90, 45),
             ("2A004", "demand", "heat", 9000, "MWh/yr", 60, 40), ("06088", "demand", "heat", 500, "MWh/yr", 60, 40)]
    path = _book(tmp_path / "codes.ods", sites, flows, named_styles={"Code": "00000"},
                 formats={"sites": {"A2": "00000", "D": "00000", "A3": siret, "E2": "00.00",
                                    "A5": "00000;[RED]-00000", "D5": "@Code"},
                          "flows": {"A3": siret, "D2": "00000"}})
    scen = read_scenario(path)
    assert dict(zip(scen.sites["site_id"], scen.sites["zone"])) == {
        "01001": "01001", "01234567800012": "75056", "2A004": "01001", "06088": "06088"}
    assert dict(zip(scen.sites["site_id"], scen.sites["sector"]))["01001"] == "10.10"
    assert set(scen.flows["site_id"]) == {"01001", "01234567800012", "2A004", "06088"}
    assert _flows(path)["amount_input"]["01001"] == 30.0   # 30 (GWh/yr, as typed), not '00030'


def test_a_percentage_cell_is_a_share_where_a_share_is_expected_and_refused_elsewhere(tmp_path):
    """A purity shown 99.97 % is 0.9997 and discount_rate shown 5 % is 0.05; an amount shown
    '5 %', a price shown '4500 %' and a carbon price shown '100 %' are refused as percentages,
    as in an .xlsx, rather than read 0.05, 45 and 1."""
    flows = [FLOWS_HDR + ("purity",), ("UVE", "supply", "hydrogen", 30, "t/yr", None, 0, 0.9997),
             ("FOOD", "demand", "hydrogen", 20, "t/yr", None, 45, 0.99)]
    params = (("name", "parc"), ("discount_rate", 0.05))
    ok = _book(tmp_path / "ok.ods", flows=flows, params=params,
               formats={"flows": {"H2": "0.00%", "H3": "0%"}, "parameters": {"B3": "0%"}})
    scen = read_scenario(ok)
    assert dict(zip(scen.flows["site_id"], scen.flows["purity"])) == {"UVE": 0.9997, "FOOD": 0.99}
    assert scen.params.discount_rate == 0.05
    flows[2] = ("FOOD", "demand", "hydrogen", 0.05, "t/yr", None, 45, 0.99)
    bad = _book(tmp_path / "bad.ods", flows=flows, params=(*params, ("carbon_price_eur_per_t", 1)),
                formats={"flows": {"D3": "0%", "G3": "0%"}, "parameters": {"B4": "0%"}})
    refused(bad, "bad.ods:flows, row 3, column 'amount': a percentage where a positive amount per year is "
                 "expected (5 % is the number 0.05)", "(found '5 %')",
            "bad.ods:flows, row 3, column 'price_eur_per_unit': a percentage where a price in EUR per base unit is "
            "expected", "(found '4500 %')",
            "bad.ods:parameters, row 4: key 'carbon_price_eur_per_t': '100 %' is a percentage")


def test_a_formula_is_read_for_its_saved_value_and_refused_without_one(tmp_path):
    """LibreOffice saves what a formula computed (office:value): FOOD's price =40+5 is 45, a
    carbon price =50*2 is 100, a zone =CONCATENATE("Z";"1") is Z1. A formula saved with no
    value (a program that writes formulas without computing them) is refused, naming the
    cell; it was an empty cell, a price of 0."""
    sites = [SITES[0], ("UVE", 50.28, 3.97, Formula('of:=CONCATENATE("Z";"1")', "Z1")), SITES[2]]
    flows = [FLOWS_HDR, FLOWS[1], ("FOOD", "demand", "heat", 12000, "MWh/yr", 90, Formula("of:=40+5", 45))]
    params = (("name", "parc"), ("carbon_price_eur_per_t", Formula("of:=50*2", 100)))
    scen = read_scenario(_book(tmp_path / "ok.ods", sites, flows, params))
    assert dict(zip(scen.flows["site_id"], scen.flows["price_eur_per_unit"]))["FOOD"] == 45
    assert scen.params.carbon_price_eur_per_t == 100
    assert dict(zip(scen.sites["site_id"], scen.sites["zone"]))["UVE"] == "Z1"
    flows[2] = ("FOOD", "demand", "heat", 12000, "MWh/yr", 90, Formula("of:=40+5"))
    path = _book(tmp_path / "p.ods", flows=flows, params=(("name", "parc"), ("carbon_price_eur_per_t",
                                                                             Formula("of:=50*2"))))
    out = refused(path, "p.ods:flows, row 3, column 'price_eur_per_unit': a formula at G3 with no value saved",
                  "open and save it in Excel or LibreOffice, or type the value",
                  "p.ods:parameters, row 3, column 'value': a formula at B3 with no value saved")
    assert out.count("formula at") == 2


def test_merged_cells_give_each_row_a_label_and_are_refused_over_numbers(tmp_path):
    """A zone merged over two sites' rows (D2:D3, 'ZAE') gives both sites the zone; a site_id
    merged over its two flows' rows makes both flows the site's. A price merged over two rows
    and a cell merged across two columns are refused, naming the range."""
    sites = [("site_id", "lat", "lon", "zone"), ("UVE", 50.28, 3.97, "ZAE"), ("FOOD", 50.29, 3.98, None)]
    flows = [FLOWS_HDR, ("UVE", "supply", "heat", 30, "GWh/yr", 130, 0),
             ("FOOD", "demand", "heat", 12000, "MWh/yr", 90, 45), (None, "demand", "heat", 3000, "MWh/yr", 60, 30)]
    scen = read_scenario(_book(tmp_path / "m.ods", sites, flows, merges={"sites": ["D2:D3"], "flows": ["A3:A4"]}))
    assert dict(zip(scen.sites["site_id"], scen.sites["zone"])) == {"UVE": "ZAE", "FOOD": "ZAE"}
    assert sorted(zip(scen.flows["site_id"], scen.flows["amount_input"])) == [("FOOD", 3000.0), ("FOOD", 12000.0),
                                                                               ("UVE", 30.0)]
    flows[3] = ("FOOD", "demand", "heat", 3000, "MWh/yr", 60, None)
    bad = _book(tmp_path / "b.ods", sites, flows, merges={"flows": ["G3:G4"], "sites": ["B3:C3"]})
    refused(bad, "b.ods:flows, row 3, column 'price_eur_per_unit': cells G3:G4 are merged over several rows of "
                 "numbers", "b.ods:sites, row 3, column 'lat': cells B3:C3 are merged across columns")


def test_hidden_and_filtered_rows_and_hidden_columns_are_read_and_said(tmp_path):
    """A hidden row (4) and a filtered-out one (5) are read, as a CSV export holds them, and
    said; so is a hidden column with values (G, FOOD's price 45), not a hidden empty one (H)."""
    flows = [FLOWS_HDR + ("note",), *[r + (None,) for r in FLOWS[1:]], ("FOOD", "demand", "heat", 500, "MWh/yr", 60,
                                                                       30, None),
             ("FOOD", "demand", "heat", 700, "MWh/yr", 50, 20, None)]
    path = _book(tmp_path / "h.ods", flows=flows, hidden={"flows": [4, "G", "H"]}, filtered={"flows": [5]})
    scen = read_scenario(path)
    assert sorted(scen.flows["amount_input"]) == [30.0, 500.0, 700.0, 12000.0]
    assert _flows(path)["price_eur_per_unit"]["UVE"] == 0
    said = [w.say("en") for w in scen.warnings]
    assert "h.ods:flows: 2 hidden rows read all the same (rows 4, 5): a hidden or filtered-out row is still " \
           "data; delete the rows to leave them out" in said, said
    assert "h.ods:flows: hidden column read all the same: price_eur_per_unit (G); a hidden column is still " \
           "data: delete it to leave it out" in said, said


def test_libreoffice_cells_spaces_booleans_dates_and_blank_rows(tmp_path):
    """A zone of spaces (<text:s text:c="3"/>) is no zone; `required` as VRAI or a boolean cell
    is true; a date where an amount is expected is refused as a date, a time as a time; a
    temperature repeated in the price's cell (LibreOffice writes the two equal neighbours
    once, repeated) is read in both; a site under two blank rows (written once, repeated) is
    named by its sheet row."""
    sites = [("site_id", "lat", "lon", "zone"), ("UVE", 50.28, 3.97, "   "), (None, None, None, None),
             (None, None, None, None), ("FOOD", 50.29, 3.98, "Z"), ("A", 50.30, 3.99), ("B", 50.27, 3.96),
             ("FAR", 43.3, 5.4)]
    flows = [FLOWS_HDR + ("required",), ("UVE", "supply", "heat", 30, "GWh/yr", 130, 130, None),
             ("FOOD", "demand", "heat", 12000, "MWh/yr", 90, 45, "VRAI"),
             ("FAR", "demand", "heat", 100, "MWh/yr", 90, 40, True)]
    scen = read_scenario(_book(tmp_path / "s.ods", sites, flows))
    assert dict(zip(scen.sites["site_id"], scen.sites["zone"]))["UVE"] == ""
    fl = _flows(tmp_path / "s.ods")
    assert fl["required"] == {"UVE": False, "FOOD": True, "FAR": True}
    assert fl["price_eur_per_unit"]["UVE"] == 130 and fl["temperature_c"]["UVE"] == 130
    said = [str(w) for w in scen.warnings]
    assert any(w.startswith("s.ods:sites, row 8, column 'lat': site 'FAR' lies") for w in said), said
    flows[2] = ("FOOD", "demand", "heat", datetime.datetime(2026, 5, 12), "MWh/yr", datetime.time(12, 30), 45, None)
    refused(_book(tmp_path / "d.ods", flows=flows[:3]),
            "d.ods:flows, row 3, column 'amount': a date where a positive amount per year is expected",
            "d.ods:flows, row 3, column 'temperature_c': a time or a duration where a temperature in degC is "
            "expected", "(found '12:30:00')")


# -- sheets and files ----------------------------------------------------------------------------

def test_a_sheet_named_in_french_is_named_and_a_french_book_speaks_french(tmp_path):
    """'Paramètres' and 'flux' are named with the sheet meant, as in an .xlsx ('Sites ', with
    a capital and a space, is the sites sheet; a 'notes' sheet is left alone). A workbook
    whose parameters say lang fr has its problems said in French."""
    params = (("name", "parc"), ("carbon_price_eur_per_t", 100))
    path = _book(tmp_path / "fr.ods", params=params, names=("Sites ", "flows", "Paramètres"))
    refused(path, "fr.ods: sheet 'Paramètres' is not read: is it the sheet 'parameters'? name it 'parameters'")
    path = _book(tmp_path / "flux.ods", params=params, names=("Sites ", "flux", "parameters"))
    out = refused(path, "flux.ods: sheet 'flux' is not read: is it the sheet 'flows'? name it 'flows'")
    assert "missing sheet" not in out
    path = write_ods(tmp_path / "ok.ods", {"notes": [("à lire",)], "Sites ": SITES, "Flows": FLOWS,
                                           "parameters": [("key", "value"), *params]})
    assert read_scenario(path).params.carbon_price_eur_per_t == 100
    path = write_ods(tmp_path / "none.ods", {"notes": [("à lire",)], "flows": FLOWS})
    refused(path, "none.ods: missing sheet 'sites' (sheets found: notes, flows)")
    flows = [FLOWS_HDR, FLOWS[1], ("FOOD", "demand", "heat", 12000, "MWh/yr", 90, Formula("of:=40+5"))]
    path = _book(tmp_path / "lang.ods", flows=flows, params=(("name", "parc"), ("lang", "fr")))
    refused(path, "lang.ods:flows, ligne 3, colonne 'price_eur_per_unit' : une formule en G3 sans valeur enregistrée")


@pytest.mark.parametrize("content,said", [
    (b"not a zip at all", "bad.ods: cannot open as an OpenDocument spreadsheet (.ods): File is not a zip file"),
    ("xlsx", "bad.ods: cannot open as an OpenDocument spreadsheet (.ods): it is an Excel workbook named .ods: "
             "rename it .xlsx"),
    ("odt", "bad.ods: cannot open as an OpenDocument spreadsheet (.ods): it is an OpenDocument file of type "
            "application/vnd.oasis.opendocument.text, not a spreadsheet"),
    ("broken", "bad.ods: cannot open as an OpenDocument spreadsheet (.ods): its content.xml is damaged (no element "
               "found: line 2, column 4961): open it in LibreOffice and save it again"),
    ("empty zip", "bad.ods: cannot open as an OpenDocument spreadsheet (.ods): the file holds no content.xml"),
    ("encrypted", "bad.ods: cannot open as an OpenDocument spreadsheet (.ods): it is protected by a password")])
def test_a_file_that_is_not_an_ods_is_said_so(tmp_path, content, said):
    """A file named .ods that is not one: a clear refusal (exit 2), never a traceback."""
    path = tmp_path / "bad.ods"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content == "xlsx":
        from openpyxl import Workbook

        Workbook().save(path)
    else:
        with zipfile.ZipFile(path, "w") as zf:
            if content == "odt":
                zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
                zf.writestr("content.xml", "<office:document-content/>")
            elif content == "encrypted":   # LibreOffice's 'Save with password': content.xml ciphered
                zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
                zf.writestr("content.xml", bytes(range(256)))
                zf.writestr("META-INF/manifest.xml", '<manifest:file-entry manifest:full-path="content.xml">'
                                                     "<manifest:encryption-data/></manifest:file-entry>")
            elif content == "broken":
                write_ods(tmp_path / "ok.ods", {"sites": SITES, "flows": FLOWS})
                with zipfile.ZipFile(tmp_path / "ok.ods") as ok:
                    zf.writestr("content.xml", ok.read("content.xml")[:5000])
    assert refused(path, said).count("cannot open") == 1


def test_the_same_cells_saved_as_xlsx_and_as_ods_are_the_same_scenario(tmp_path):
    """One set of cells (codes in zero-padding formats, a share as a percentage, booleans,
    a merged zone, a hidden row, a blank row) saved by openpyxl as .xlsx and as LibreOffice
    saves an .ods: the same sites, flows and parameters, and the same warnings but for the
    file's name."""
    from openpyxl import Workbook

    siret = "000 000 000 00000"
    sites = [("site_id", "lat", "lon", "zone", "sector"), (1001, 50.28, 3.97, "ZAE", 10.1),
             (1234567800012, 50.29, 3.98, None, "Agro"), (None, None, None, None, None), ("FAR", 43.3, 5.4, "Z", None)]
    flows = [FLOWS_HDR + ("purity", "required"), ("01001", "supply", "hydrogen", 30, "t/yr", None, 0, 0.9997, None),
             ("01234567800012", "demand", "hydrogen", 20, "t/yr", None, 9000, 0.99, "oui"),
             ("FAR", "demand", "hydrogen", 5, "t/yr", None, 9000, 0.99, True)]
    params = [("key", "value"), ("name", "parc"), ("discount_rate", 0.05), ("carbon_price_eur_per_t", 80)]
    formats = {"sites": {"A2": "00000", "A3": siret, "E2": "00.00"}, "flows": {"H2": "0.00%", "H3": "0%"},
               "parameters": {"B3": "0%"}}
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in (("sites", sites), ("flows", flows), ("parameters", params)):
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(list(r))
        for cell, fmt in formats[name].items():
            ws[cell].number_format = fmt
    wb["sites"].merge_cells("D2:D3")
    wb["flows"].row_dimensions[3].hidden = True
    wb.save(tmp_path / "parc.xlsx")
    write_ods(tmp_path / "parc.ods", {"sites": sites, "flows": flows, "parameters": params}, formats=formats,
              merges={"sites": ["D2:D3"]}, hidden={"flows": [3]})
    a, b = read_scenario(tmp_path / "parc.ods"), read_scenario(tmp_path / "parc.xlsx")
    assert dict(zip(a.sites["site_id"], a.sites["zone"])) == {"01001": "ZAE", "01234567800012": "ZAE", "FAR": "Z"}
    for frame in ("sites", "flows"):
        pd.testing.assert_frame_equal(getattr(a, frame), getattr(b, frame), obj=frame)
    assert a.params == b.params
    assert [w.say("en").replace("parc.ods", "parc.xlsx") for w in a.warnings] == [w.say("en") for w in b.warnings]
    assert len(a.warnings) == 1   # row 3 hidden
