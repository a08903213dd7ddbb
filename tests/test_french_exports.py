"""Tables as French users' tools write them (Excel-France, Excel for Mac, LibreOffice, web
pages pasted into a workbook, workbooks written by scripts): each is read as the
spreadsheet shows it, or refused with a message naming the file, row and column -- never
read silently as another scenario. Expected values are worked out by hand from the cells."""
from __future__ import annotations

import unicodedata
import zipfile

import numpy as np
import pytest

from conftest import FLOWS_CSV, SCENARIO_YAML, SITES_CSV, refused, write_scenario
from eitflow import read_scenario
from eitflow.errors import ScenarioError

S, F, Y = SITES_CSV, FLOWS_CSV, SCENARIO_YAML
S_SEMI, F_SEMI = S.replace(",", ";"), F.replace(",", ";")


def _amounts(path) -> dict[str, float]:
    """amount as written (before unit conversion), by site."""
    fl = read_scenario(path).flows
    return dict(zip(fl["site_id"], fl["amount_input"]))


# -- numbers ------------------------------------------------------------------------------------

def test_english_thousands_in_a_semicolon_file_are_refused_not_divided_by_a_thousand(tmp_path):
    """A ';'-separated file whose amounts were written the English way: 12,000 is 12000 to
    its author and 12 in a decimal-comma file. Read before as 12 and 9 MWh/yr (the plan was
    solved on a thousandth of the demand); now refused as ambiguous, cell by cell."""
    flows = F_SEMI.replace(";12000;", ";12,000;").replace(";9000;", ";9,000;")
    path = write_scenario(tmp_path / "a", sites=S_SEMI, flows=flows)
    out = refused(path, "flows.csv, row 3, column 'amount': ambiguous number: is the comma a decimal comma",
                   "(found '12,000')", "flows.csv, row 4, column 'amount'")
    assert "row 2" not in out   # 30 is not in doubt
    # in French
    refused(path, "flows.csv, ligne 3, colonne 'amount' : nombre ambigu : la virgule est-elle décimale",
             lang="fr")
    # 1,234.5 and 1,000,000 can only be English: said so
    flows = F_SEMI.replace(";12000;", ";1,234.5;").replace(";9000;", ";1,000,000;")
    refused(write_scenario(tmp_path / "b", sites=S_SEMI, flows=flows),
             "flows.csv, row 3, column 'amount': number written the English way", "(found '1,234.5')",
             "flows.csv, row 4, column 'amount': number written the English way")


def test_a_comma_with_three_decimals_is_read_where_the_column_says_how(tmp_path):
    """12,000 beside a decimal comma of the same column (9000,5) is 12; a latitude of 50,280
    or 50.280 cannot be 50280 (no coordinate is above 180 degrees): 50.28, also where every
    coordinate of the file has three decimals (the dots were refused as ambiguous); 0.125
    cannot group thousands: 0.125 (it was refused as ambiguous in a ';' file)."""
    flows = F_SEMI.replace(";12000;", ";12,000;").replace(";9000;", ";9000,5;").replace(";45\n", ";0.125\n")
    sites = S_SEMI.replace("50.2800;3.9700", "50,280;3,970")
    path = write_scenario(tmp_path / "a", sites=sites, flows=flows)
    assert _amounts(path) == {"UVE": 30.0, "FOOD": 12.0, "GREEN": 9000.5, "POWER": 20.0, "PLAST": 15000.0}
    scen = read_scenario(path)
    assert scen.sites.set_index("site_id").at["UVE", "lat"] == pytest.approx(50.28)
    assert scen.flows.set_index("site_id").at["FOOD", "price_eur_per_unit"] == 0.125
    coords = {"UVE": ("50{}280", "3{}970"), "FOOD": ("50{}290", "3{}980"), "GREEN": ("50{}300", "3{}960"),
              "PLAST": ("50{}270", "3{}990"), "POWER": ("50{}200", "3{}900")}
    for sep in (",", "."):
        sites = "site_id;lat;lon\n" + "".join(f"{k};{a.format(sep)};{b.format(sep)}\n" for k, (a, b) in coords.items())
        scen = read_scenario(write_scenario(tmp_path / f"t{sep}", sites=sites, flows=F_SEMI))
        got = scen.sites.set_index("site_id")
        assert dict(got["lat"]) == pytest.approx({"UVE": 50.28, "FOOD": 50.29, "GREEN": 50.3, "PLAST": 50.27,
                                                  "POWER": 50.2}), sep
        assert got.at["POWER", "lon"] == pytest.approx(3.9), sep


def test_a_typographic_minus_is_a_minus(tmp_path):
    """'−5' (U+2212, as word processors and typeset tables write it) was refused as not a
    number: it is -5."""
    path = write_scenario(tmp_path / "a", flows=F.replace(",,15\n", ",,\u22125\n"))
    assert read_scenario(path).flows.set_index("site_id").at["POWER", "price_eur_per_unit"] == -5.0
    path = write_scenario(tmp_path / "b", sites=S_SEMI, flows=F_SEMI.replace(";;15\n", ";;\u22125,5\n"))
    assert read_scenario(path).flows.set_index("site_id").at["POWER", "price_eur_per_unit"] == -5.5


def test_a_decimal_comma_in_a_comma_separated_file_says_so(tmp_path):
    sites = S.replace("50.2800,3.9700", '"50,28",3.9700')
    refused(write_scenario(tmp_path / "a", sites=sites),
             "sites.csv, row 2, column 'lat': a comma in a number of a file separated by commas",
             "(found '50,28')")


# -- text ---------------------------------------------------------------------------------------

def test_mac_roman_accents_are_read(tmp_path):
    """Excel for Mac's "CSV (Macintosh)" is Mac Roman: its é was read as cp1252's Ž
    ('Serres de FlŽville'), its è (a byte cp1252 leaves undefined) as U+FFFD."""
    sites = S_SEMI.replace("Greenhouses", "Serres de Fléville-lès-Nancy").replace("ZAE Nord", "Zone économique")
    path = write_scenario(tmp_path / "a", sites=sites.encode("mac_roman").replace(b"\n", b"\r"), flows=F_SEMI)
    scen = read_scenario(path)
    assert "Serres de Fléville-lès-Nancy" in set(scen.sites["name"])
    assert "Zone économique" in set(scen.sites["zone"])
    # cp1252 (Excel on Windows) is still read as cp1252
    path = write_scenario(tmp_path / "b", sites=sites.encode("cp1252"), flows=F_SEMI)
    assert "Serres de Fléville-lès-Nancy" in set(read_scenario(path).sites["name"])


def test_an_id_with_a_decomposed_accent_is_the_same_id(tmp_path):
    """FLÉVILLE typed (one character É) in sites.csv and pasted from a PDF (E + U+0301) in
    flows.csv look the same and are the same text: they were an unknown site 'FLÉVILLE'
    ('did you mean FLÉVILLE?')."""
    nfc, nfd = unicodedata.normalize("NFC", "FLÉVILLE"), unicodedata.normalize("NFD", "FLÉVILLE")
    assert nfc != nfd
    path = write_scenario(tmp_path / "a", sites=S.replace("GREEN,", f"{nfc},"), flows=F.replace("GREEN,", f"{nfd},"))
    scen = read_scenario(path)
    assert set(scen.flows["site_id"]) <= set(scen.sites["site_id"]) and nfc in set(scen.sites["site_id"])


# -- workbooks ----------------------------------------------------------------------------------

def _workbook(path, sites_rows, flows_rows, params=(("name", "parc"),)):
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in (("sites", sites_rows), ("flows", flows_rows), ("parameters", [("key", "value"), *params])):
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(list(r))
    wb.save(path)
    return path


SITES_ROWS = [("site_id", "lat", "lon"), ("UVE", 50.28, 3.97), ("FOOD", 50.29, 3.98)]
FLOWS_HDR = ("site_id", "direction", "resource", "amount", "unit", "temperature_c", "price_eur_per_unit")


def test_a_formula_the_workbook_never_computed_isrefused(tmp_path):
    """A workbook written by a script (openpyxl) holds formulas without their values; read for
    values, the cell was empty and FOOD's price 0 (a different scenario, silently). Now the
    cell is named. A formula with its value saved (Excel, LibreOffice) is read as its value."""
    flows = [FLOWS_HDR, ("UVE", "supply", "heat", 30, "GWh/yr", 130, 0),
             ("FOOD", "demand", "heat", 12000, "MWh/yr", 90, "=40+5")]
    path = _workbook(tmp_path / "p.xlsx", SITES_ROWS, flows)
    refused(path, "p.xlsx:flows, row 3, column 'price_eur_per_unit': a formula at G3 with no value saved")
    with pytest.raises(ScenarioError, match="formula at G3"):
        read_scenario(path)
    # the same cell with the value Excel saves beside the formula: 45 (and Excel's calcPr,
    # without openpyxl's fullCalcOnLoad="1", which says the saved values are not to be trusted)
    saved = tmp_path / "saved.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(saved, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if b"<f>40+5</f>" in data:
                data = data.replace(b"<f>40+5</f><v />", b"<f>40+5</f><v>45</v>")
                assert b"<v>45</v>" in data
            if item.filename == "xl/workbook.xml":
                data = data.replace(b' fullCalcOnLoad="1"', b"")
            dst.writestr(item, data)
    assert read_scenario(saved).flows.set_index("site_id").at["FOOD", "price_eur_per_unit"] == 45.0


def test_numbers_held_as_text_in_a_workbook_read_as_in_a_french_export(tmp_path):
    """Text cells pasted from a French page or export ('50,28', '12 000,5' with a narrow
    no-break space) were refused in a workbook; typed numbers are read as they are (700.125
    typed is 700.125, not an ambiguous 700.125 as text would be)."""
    sites = [("site_id", "lat", "lon"), ("UVE", "50,28", "3,97"), ("FOOD", 50.29, 3.98)]
    flows = [FLOWS_HDR, ("UVE", "supply", "heat", 700.125, "MWh/yr", 130, 0),
             ("FOOD", "demand", "heat", "12\u202f000,5", "MWh/yr", 90, "\u221245")]
    path = _workbook(tmp_path / "p.xlsx", sites, flows)
    scen = read_scenario(path)
    assert scen.sites.set_index("site_id").at["UVE", "lat"] == pytest.approx(50.28)
    assert _amounts(path) == {"UVE": 700.125, "FOOD": 12000.5}
    assert scen.flows.set_index("site_id").at["FOOD", "price_eur_per_unit"] == -45.0
    # text that could be read two ways is refused, as in a CSV file
    flows[2] = ("FOOD", "demand", "heat", "12,000", "MWh/yr", 90, 45)
    refused(_workbook(tmp_path / "q.xlsx", sites, flows), "q.xlsx:flows, row 3, column 'amount': ambiguous number")


def test_a_french_workbooks_problems_are_said_in_french(tmp_path):
    """lang: fr in the parameters sheet: its problems were said in English."""
    flows = [FLOWS_HDR, ("UVE", "supply", "heat", 30, "GWh/yr", 130, 0), ("FOOD", "demand", "heat", "beaucoup",
                                                                         "MWh/yr", 90, 45)]
    path = _workbook(tmp_path / "p.xlsx", SITES_ROWS, flows, params=(("name", "parc"), ("lang", "fr")))
    refused(path, "erreur : scénario invalide", "p.xlsx:flows, ligne 3, colonne 'amount' : attendu")
    refused(path, "error: invalid scenario", lang="en")


def test_the_ludres_scenario_read_from_a_french_export_is_the_same(tmp_path):
    """ludres_backbone's tables as Excel-France writes them (';', decimal comma, cp1252, CRLF)
    and as Excel for Mac does (Mac Roman, CR): the same validated tables as the original."""
    import csv
    import io
    import shutil

    from conftest import ROOT

    src = ROOT / "scenarios" / "ludres_backbone"
    ref = read_scenario(src / "scenario.yaml")
    for enc, eol in (("cp1252", "\r\n"), ("mac_roman", "\r")):
        d = tmp_path / enc
        d.mkdir()
        shutil.copy(src / "scenario.yaml", d / "scenario.yaml")
        for name in ("sites.csv", "flows.csv", "corridors.csv"):
            rows = list(csv.reader((src / name).open(encoding="utf-8", newline="")))
            numeric = {rows[0].index(c) for c in ("lat", "lon", "amount", "temperature_c", "price_eur_per_unit")
                       if c in rows[0]}
            rows = [rows[0]] + [[v.replace(".", ",") if k in numeric else v for k, v in enumerate(r)] for r in rows[1:]]
            buf = io.StringIO()
            csv.writer(buf, delimiter=";", lineterminator=eol).writerows(rows)
            (d / name).write_bytes(buf.getvalue().encode(enc))
        scen = read_scenario(d / "scenario.yaml")
        assert scen.sites.equals(ref.sites), enc
        cols = ["flow_id", "site_id", "amount", "temperature_c", "price_eur_per_unit"]
        assert scen.flows[cols].equals(ref.flows[cols]), enc
        assert np.array_equal(scen.corridors["from"], ref.corridors["from"])


def test_a_french_csv_read_by_pandas_without_decimal_comma_gives_the_same_scenario():
    """scenario_from_frames given a French CSV read by pandas as it comes (pd.read_csv(sep=';'),
    numbers left as text '48,6265') refused every coordinate ('a comma in a number of a file
    separated by commas'); the text is now read as in a ';' file, numbers given as numbers as
    they are (700.125 in an object column is not an ambiguous '700.125')."""
    import io

    import pandas as pd

    from eitflow import scenario_from_frames

    sites = S_SEMI.replace("50.2800;3.9700", "50,28;3,97")
    flows = F_SEMI.replace(";12000;", ";12 000,5;").replace(";45\n", ";\u221245\n")
    as_text = [pd.read_csv(io.StringIO(t), sep=";", dtype=str) for t in (sites, flows)]
    scen = scenario_from_frames(*as_text)
    assert scen.sites.set_index("site_id").at["UVE", "lat"] == pytest.approx(50.28)
    fl = scen.flows.set_index("site_id")
    assert fl.at["FOOD", "amount_input"] == 12000.5 and fl.at["FOOD", "price_eur_per_unit"] == -45.0
    mixed = as_text[1].astype(object)
    mixed.loc[0, "amount"] = 700.125
    assert scenario_from_frames(as_text[0], mixed).flows.set_index("site_id").at["UVE", "amount_input"] == 700.125
