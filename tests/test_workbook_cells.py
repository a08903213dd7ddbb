"""Workbooks as French analysts hand them over (Excel-France, LibreOffice, pandas' to_excel
with xlsxwriter): each cell is read as the sheet shows it, or refused naming the workbook,
sheet, row and column and what was expected -- never read silently as another scenario.
Expected values are worked out by hand from the cells."""
from __future__ import annotations

import zipfile

import pytest
from openpyxl import Workbook

from conftest import refused
from eitflow import read_scenario
from eitflow.errors import ScenarioError

FLOWS_HDR = ("site_id", "direction", "resource", "amount", "unit", "temperature_c", "price_eur_per_unit")
SITES = [("site_id", "lat", "lon", "zone"), ("UVE", 50.28, 3.97, "Z"), ("FOOD", 50.29, 3.98, "Z")]
FLOWS = [FLOWS_HDR, ("UVE", "supply", "heat", 30, "GWh/yr", 130, 0), ("FOOD", "demand", "heat", 12000, "MWh/yr", 90, 45)]


def _book(path, sites=SITES, flows=FLOWS, params=(("name", "parc"),), formats=None, edit=None,
          names=("sites", "flows", "parameters")):
    """A workbook of sheets sites, flows and parameters (`names`), `formats`: sheet -> cell ->
    number format, `edit`: sheet -> a function given the worksheet (merge, hide...)."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in zip(names, (sites, flows, [("key", "value"), *params])):
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(list(r))
        for cell, fmt in ((formats or {}).get(name) or {}).items():
            ws[cell].number_format = fmt
        if edit and name in edit:
            edit[name](ws)
    wb.save(path)
    return path


def _flows(path) -> dict:
    fl = read_scenario(path).flows
    return {c: dict(zip(fl["site_id"], fl[c])) for c in fl.columns}


# -- codes stored as numbers ---------------------------------------------------------------------

def test_a_code_in_a_zero_padding_format_is_read_as_the_sheet_shows_it(tmp_path):
    """An INSEE code typed 01001 in a cell formatted 00000 is stored as the number 1001: it
    was read 1001, another commune (and another site than the flows' '01001' typed as text).
    A SIRET in a grouped format (000 000 000 00000) is its 14 digits; a code in General
    format stays an integer (75056, never 75056.0); a text cell ('@') is its text."""
    siret = "000 000 000 00000"
    sites = [("site_id", "lat", "lon", "zone"), (1001, 50.28, 3.97, 1001), (1234567800012, 50.29, 3.98, 75056),
             ("2A004", 50.30, 3.96, "01001")]
    flows = [FLOWS_HDR, ("01001", "supply", "heat", 30, "GWh/yr", 130, 0),
             (1234567800012, "demand", "heat", 12000, "MWh/yr", 90, 45),
             ("2A004", "demand", "heat", 9000, "MWh/yr", 60, 40)]
    path = _book(tmp_path / "codes.xlsx", sites, flows,
                 formats={"sites": {"A2": "00000", "D2": "00000", "A3": siret, "D4": "@"}, "flows": {"B3": siret,
                                                                                                 "A3": siret}})
    scen = read_scenario(path)
    zones = dict(zip(scen.sites["site_id"], scen.sites["zone"]))
    assert zones == {"01001": "01001", "01234567800012": "75056", "2A004": "01001"}
    assert set(scen.flows["site_id"]) == {"01001", "01234567800012", "2A004"}
    # a NACE code typed 10.1 in a cell formatted 00.00 shows 10.10
    sites[1] = ("01001", 50.28, 3.97, "01001", 10.1)
    sites[0] = ("site_id", "lat", "lon", "zone", "sector")
    scen = read_scenario(_book(tmp_path / "nace.xlsx", sites, flows, formats={"sites": {"E2": "00.00", "A3": siret},
                                                                            "flows": {"A3": siret}}))
    assert dict(zip(scen.sites["site_id"], scen.sites["sector"]))["01001"] == "10.10"
    # the same number in a column of numbers is its value (an amount formatted 00000 is 30)
    flows[1] = ("01001", "supply", "heat", 30, "GWh/yr", 130, 0)
    path = _book(tmp_path / "n.xlsx", sites, flows, formats={"sites": {"A2": "00000"}, "flows": {"D2": "00000"}})
    assert _flows(path)["amount_input"]["01001"] == 30.0


# -- formulas whose saved value is not the formula's -------------------------------------------

def _xlsxwriter_like(path):
    """A workbook as xlsxwriter (and pandas' to_excel with it) writes one: every formula
    saved with the value 0, and fullCalcOnLoad="1" in workbook.xml (openpyxl, which wrote the
    file, puts it there too), asking the spreadsheet to compute the formulas when opened."""
    out = path.with_name("xw_" + path.name)
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            data = data.replace(b"</f><v />", b"</f><v>0</v>")
            if item.filename == "xl/workbook.xml":
                assert b'fullCalcOnLoad="1"' in data
            dst.writestr(item, data)
    return out


def test_a_formula_saved_with_0_by_xlsxwriter_is_refused_not_read_as_0(tmp_path):
    """FOOD's price =40+5 saved with the value 0 (xlsxwriter's way) was read as 0 EUR/MWh: a
    silently different scenario. The cell is named, and what to do."""
    flows = [FLOWS_HDR, ("UVE", "supply", "heat", 30, "GWh/yr", 130, 0),
             ("FOOD", "demand", "heat", 12000, "MWh/yr", 90, "=40+5")]
    path = _xlsxwriter_like(_book(tmp_path / "p.xlsx", flows=flows, params=(("name", "parc"),
                                                                            ("carbon_price_eur_per_t", "=50*2"))))
    out = refused(path, "xw_p.xlsx:flows, row 3, column 'price_eur_per_unit': a formula at G3 whose saved value "
                        "cannot be trusted", "open and save it in Excel or LibreOffice, or type the value",
                  "xw_p.xlsx:parameters, row 3, column 'value': a formula at B3")
    assert "classeur demande à être recalculé" in refused(path, lang="fr")
    assert out.count("formula at") == 2
    with pytest.raises(ScenarioError, match="formula at G3"):
        read_scenario(path)


# -- percentages ---------------------------------------------------------------------------------

def test_a_percentage_cell_is_a_share_where_a_share_is_expected_and_refused_elsewhere(tmp_path):
    """5 % in a cell is stored 0.05. An amount shown '5 %' was read as 0.05 MWh/yr and a
    price shown '4500 %' as 45 EUR/MWh: neither is what the sheet shows. A purity (a share,
    mol/mol) shown 99.97 % is 0.9997, and the discount rate shown 5 % is 0.05."""
    flows = [FLOWS_HDR + ("purity",), ("UVE", "supply", "hydrogen", 30, "t/yr", None, 0, 0.9997),
             ("FOOD", "demand", "hydrogen", 20, "t/yr", None, 45, 0.99)]
    params = (("name", "parc"), ("discount_rate", 0.05))
    ok = _book(tmp_path / "ok.xlsx", flows=flows, params=params,
               formats={"flows": {"H2": "0.00%", "H3": "0%"}, "parameters": {"B3": "0%"}})
    scen = read_scenario(ok)
    assert dict(zip(scen.flows["site_id"], scen.flows["purity"])) == {"UVE": 0.9997, "FOOD": 0.99}
    assert scen.params.discount_rate == 0.05
    flows[2] = ("FOOD", "demand", "hydrogen", 0.05, "t/yr", None, 45, 0.99)
    bad = _book(tmp_path / "bad.xlsx", flows=flows, params=(*params, ("carbon_price_eur_per_t", 1)),
                formats={"flows": {"D3": "0%", "G3": "0%"}, "parameters": {"B4": "0%"}})
    refused(bad, "bad.xlsx:flows, row 3, column 'amount': a percentage where a positive amount per year is "
                 "expected (5 % is the number 0.05): type the number in a cell formatted as a number (found '5 %')",
            "bad.xlsx:flows, row 3, column 'price_eur_per_unit': a percentage where a price in EUR per base unit is "
            "expected", "(found '4500 %')",
            "bad.xlsx:parameters, row 4: key 'carbon_price_eur_per_t': '100 %' is a percentage")
    refused(bad, "colonne 'amount' : un pourcentage là où la colonne attend", lang="fr")


# -- merged cells, hidden rows, a title above the header -----------------------------------------

def test_merged_cells_give_each_row_a_label_and_are_refused_over_numbers(tmp_path):
    """A zone merged over two sites' rows (D2:D3, 'ZAE') was read for the first site only:
    the second had no zone. A site_id merged over its two flows' rows: both flows are the
    site's. A price merged over two rows (each row's, or their total?) and a cell merged
    across two columns are refused, naming the range."""
    sites = [("site_id", "lat", "lon", "zone"), ("UVE", 50.28, 3.97, "ZAE"), ("FOOD", 50.29, 3.98, None)]
    flows = [FLOWS_HDR, ("UVE", "supply", "heat", 30, "GWh/yr", 130, 0),
             ("FOOD", "demand", "heat", 12000, "MWh/yr", 90, 45), (None, "demand", "heat", 3000, "MWh/yr", 60, 30)]

    def merge(*refs):
        return lambda ws: [ws.merge_cells(r) for r in refs]
    path = _book(tmp_path / "m.xlsx", sites, flows, edit={"sites": merge("D2:D3"), "flows": merge("A3:A4")})
    scen = read_scenario(path)
    assert dict(zip(scen.sites["site_id"], scen.sites["zone"])) == {"UVE": "ZAE", "FOOD": "ZAE"}
    assert sorted(zip(scen.flows["site_id"], scen.flows["amount_input"])) == [("FOOD", 3000.0), ("FOOD", 12000.0),
                                                                               ("UVE", 30.0)]
    flows[3] = ("FOOD", "demand", "heat", 3000, "MWh/yr", 60, None)
    bad = _book(tmp_path / "b.xlsx", sites, flows, edit={"flows": merge("G3:G4"), "sites": merge("B3:C3")})
    refused(bad, "b.xlsx:flows, row 3, column 'price_eur_per_unit': cells G3:G4 are merged over several rows of "
                 "numbers", "b.xlsx:sites, row 3, column 'lat': cells B3:C3 are merged across columns")


def test_hidden_rows_are_read_and_said(tmp_path):
    """A row hidden (or filtered out) in the sheet is read, as a CSV export of the sheet
    holds it; it is now said, since the analyst does not see it."""
    flows = [*FLOWS, ("FOOD", "demand", "heat", 500, "MWh/yr", 60, 30)]

    def hide(ws):
        ws.row_dimensions[4].hidden = True
    scen = read_scenario(_book(tmp_path / "h.xlsx", flows=flows, edit={"flows": hide}))
    assert sorted(scen.flows["amount_input"]) == [30.0, 500.0, 12000.0]
    said = [w.say("en") for w in scen.warnings]
    assert "h.xlsx:flows: 1 hidden row read all the same (rows 4): a hidden or filtered-out row is still " \
           "data; delete the rows to leave them out" in said


def test_a_title_above_the_header_is_named(tmp_path):
    """A title in row 1 and the header in row 2 gave 'a value at B2, outside the table' and
    'missing required column' for each column; now the cause, as for a CSV file."""
    sites = [("Sites du parc",), *SITES]
    out = refused(_book(tmp_path / "t.xlsx", sites=sites), "t.xlsx:sites, row 1: a title or comment line, not the "
                  "header: the header (site_id, lat, lon, zone, ...) is on row 2")
    assert "outside the table" not in out and "missing required column" not in out


# -- sheet names, cells of spaces, booleans ------------------------------------------------------

def test_a_sheet_named_in_french_is_named_not_left_out(tmp_path):
    """A 'Paramètres' sheet was silently left out (every parameter its default: here a
    carbon price of 0 instead of 100); 'flux' gave 'missing sheet flows'. Each is named with
    the sheet meant. 'Sites ' (a capital, a trailing space) is the sites sheet."""
    params = (("name", "parc"), ("carbon_price_eur_per_t", 100))
    path = _book(tmp_path / "fr.xlsx", params=params, names=("Sites ", "flows", "Paramètres"))
    refused(path, "fr.xlsx: sheet 'Paramètres' is not read: is it the sheet 'parameters'? name it 'parameters'")
    path = _book(tmp_path / "flux.xlsx", params=params, names=("Sites ", "flux", "parameters"))
    out = refused(path, "flux.xlsx: sheet 'flux' is not read: is it the sheet 'flows'? name it 'flows'")
    assert "missing sheet" not in out
    assert "la feuille « flux » n'est pas lue" in refused(path, lang="fr")
    path = _book(tmp_path / "ok.xlsx", params=params, names=("Sites ", "Flows", "parameters"))
    assert read_scenario(path).params.carbon_price_eur_per_t == 100


@pytest.mark.parametrize("cell,meant", [("VRAI", True), ("FAUX", False), ("oui", True), ("Non ", False),
                                        (True, True), (False, False), (1, True), ("  ", False)])
def test_booleans_as_french_spreadsheets_write_them(tmp_path, cell, meant):
    """`required` written VRAI/FAUX (Excel-France's words), oui/non, a boolean cell, 1, or a
    cell of spaces (empty: the default, false)."""
    flows = [FLOWS_HDR + ("required",), ("UVE", "supply", "heat", 30, "GWh/yr", 130, 0, None),
             ("FOOD", "demand", "heat", 12000, "MWh/yr", 90, 45, cell)]
    assert _flows(_book(tmp_path / "b.xlsx", flows=flows))["required"]["FOOD"] is meant


def test_a_cross_for_true_is_refused_with_the_words_expected(tmp_path):
    flows = [FLOWS_HDR + ("required",), ("UVE", "supply", "heat", 30, "GWh/yr", 130, 0, None),
             ("FOOD", "demand", "heat", 12000, "MWh/yr", 90, 45, "x")]
    refused(_book(tmp_path / "x.xlsx", flows=flows), "x.xlsx:flows, row 3, column 'required': expected true or "
            "false (found 'x')")


def test_cells_of_spaces_are_empty_and_dates_in_numbers_refused(tmp_path):
    """A zone of spaces is no zone; a demand's price of no-break spaces is an empty price, refused as one
    (it was read as 0 without a word); a date or a time where a number is expected is refused,
    naming the cell."""
    import datetime

    sites = [("site_id", "lat", "lon", "zone"), ("UVE", 50.28, 3.97, "   "), ("FOOD", 50.29, 3.98, "Z")]
    flows = [FLOWS_HDR, ("UVE", "supply", "heat", 30, "GWh/yr", 130, 0),
             ("FOOD", "demand", "heat", 12000, "MWh/yr", 90, "\u00a0 ")]
    refused(_book(tmp_path / "p.xlsx", sites, flows), "p.xlsx:flows, row 3, column 'price_eur_per_unit': "
            "price_eur_per_unit is empty")
    flows[2] = ("FOOD", "demand", "heat", 12000, "MWh/yr", 90, 45)
    scen = read_scenario(_book(tmp_path / "s.xlsx", sites, flows))
    assert dict(zip(scen.sites["site_id"], scen.sites["zone"]))["UVE"] == ""
    flows[2] = ("FOOD", "demand", "heat", datetime.datetime(2026, 5, 12), "MWh/yr", 90, 45)
    refused(_book(tmp_path / "d.xlsx", sites, flows), "d.xlsx:flows, row 3, column 'amount': a date where a positive "
            "amount per year is expected")


def test_a_time_or_a_duration_where_a_number_is_expected_says_so(tmp_path):
    """A temperature in a cell formatted as a time (0.5 shows 12:00:00) was 'expected a
    temperature'; a price in a duration cell ([h]:mm:ss, 1.25 shows 30:00:00) was "'day,
    6:00:00' after the number ... (found '1 day, 6:00:00')". Both now say what the cell is."""
    import datetime

    flows = [FLOWS_HDR, ("UVE", "supply", "heat", 30, "GWh/yr", datetime.time(12, 30), 0),
             ("FOOD", "demand", "heat", 12000, "MWh/yr", 90, datetime.timedelta(hours=30))]
    refused(_book(tmp_path / "t.xlsx", flows=flows),
            "t.xlsx:flows, row 2, column 'temperature_c': a time or a duration where a temperature in degC is "
            "expected", "(found '12:30:00')",
            "t.xlsx:flows, row 3, column 'price_eur_per_unit': a time or a duration where a price", "(found '30:00:00')")


@pytest.mark.parametrize("suffix", [".fods", ".xls"])
def test_a_spreadsheet_in_another_format_says_to_save_it_as_xlsx(tmp_path, suffix):
    """A flat OpenDocument (LibreOffice's .fods) or Excel 97 file was 'binary data, not text:
    expected a CSV (or YAML) text file'. (An .ods is read: test_workbook_ods.)"""
    path = tmp_path / f"parc{suffix}"
    path.write_bytes(b"PK\x03\x04 not read")
    refused(path, f"parc{suffix}: a {suffix} spreadsheet is not read: save it as an Excel workbook (.xlsx) or an "
                  "OpenDocument spreadsheet (.ods)")


def test_a_warning_names_the_sheets_row_below_a_blank_row(tmp_path):
    """Errors in a workbook named the sheet's row (blank rows counted); warnings named the
    table's: FAR, in sheet row 7 under a blank row 3, was said to be in row 6."""
    sites = [("site_id", "lat", "lon"), ("UVE", 50.28, 3.97), (None, None, None), ("FOOD", 50.29, 3.98),
             ("A", 50.30, 3.99), ("B", 50.27, 3.96), ("FAR", 43.3, 5.4)]
    flows = [FLOWS_HDR[:6], ("UVE", "supply", "heat", 30, "GWh/yr", 130), ("FAR", "demand", "heat", 100, "MWh/yr", 90)]
    said = [str(w) for w in read_scenario(_book(tmp_path / "w.xlsx", sites, flows)).warnings]
    assert len(said) == 1 and said[0].startswith("w.xlsx:sites, row 7, column 'lat': site 'FAR' lies"), said


@pytest.mark.parametrize("cell,meant", [("VRAI", True), ("faux", False), ("oui", True), ("Non", False)])
def test_the_parameters_sheet_reads_yes_and_no_as_the_tables_do(tmp_path, cell, meant):
    """heat_pump.enabled written VRAI or oui was refused ('Input should be a valid boolean'),
    where a table's `required` column reads them; a name 'Non' stays the text it is."""
    params = (("name", "Non"), ("heat_pump.enabled", cell))
    scen = read_scenario(_book(tmp_path / "p.xlsx", params=params))
    assert scen.params.heat_pump.enabled is meant and scen.params.name == "Non"


def test_a_share_parameter_given_as_a_percentage_says_so(tmp_path):
    """discount_rate 5 (meaning 5 %) was refused as 'Input should be less than 1' alone; the
    refusal now says what 5 means as a share, in the workbook and in scenario.yaml (as a
    sweep already did)."""
    from conftest import SCENARIO_YAML, write_scenario

    path = _book(tmp_path / "p.xlsx", params=(("name", "parc"), ("discount_rate", 5)))
    refused(path, "p.xlsx:parameters, row 3: key 'discount_rate': Input should be less than 1 (a share: 0.05 means "
                  "5 %)")
    yaml = write_scenario(tmp_path / "y", yaml_text=SCENARIO_YAML.replace("discount_rate: 0.05", "discount_rate: 5"))
    refused(yaml, "key 'discount_rate': Input should be less than 1 (a share: 0.05 means 5 %)")
    refused(yaml, "clé 'discount_rate' : la valeur doit être inférieure à 1 (une part : 0,05 veut dire 5 %)", lang="fr")


def test_hidden_columns_with_values_are_read_and_said(tmp_path):
    """A hidden column (here FOOD's price, 45) is read, as a CSV export holds it; the analyst
    does not see it, so it is said. A hidden column without values is not."""
    flows = [FLOWS_HDR + ("note",), ("UVE", "supply", "heat", 30, "GWh/yr", 130, 0, None),
             ("FOOD", "demand", "heat", 12000, "MWh/yr", 90, 45, None)]

    def hide(ws):
        ws.column_dimensions["G"].hidden = True
        ws.column_dimensions["H"].hidden = True
    scen = read_scenario(_book(tmp_path / "c.xlsx", flows=flows, edit={"flows": hide}))
    assert _flows(tmp_path / "c.xlsx")["price_eur_per_unit"]["FOOD"] == 45.0
    said = [w.say("en") for w in scen.warnings]
    assert said == ["c.xlsx:flows: hidden column read all the same: price_eur_per_unit (G); a hidden column is "
                    "still data: delete it to leave it out"], said
    assert [w.say("fr") for w in scen.warnings][0].startswith("c.xlsx:flows : colonne masquée lue quand même : "
                                                               "price_eur_per_unit (G) ;")
