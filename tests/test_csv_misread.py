"""Input silently misread, found on the French template (`eitflow init --lang fr`: ';' and
decimal commas), whose run gives 6 306 035,86 EUR/yr.

- A first data row with more cells than the header was cut to the header's width, its values
  in the wrong columns (CHIMIE's price read as 0, its 0,45 as min_amount), with only pandas'
  ParserWarning in English on stderr, where the same row further down was refused. Every row
  is now held to the header's width, the first one too.
- An optional column named in another case (`Zone`), in French (`prix`, `montant_min`, `Nom`)
  was ignored without a word, even with --strict: every price 0, the objective 1 546 316
  EUR/yr. Such a header is refused naming the column meant; any other unknown column is a
  warning that it is ignored (an error with --strict).
"""
from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner

from eitflow.cli.main import main
from eitflow.errors import ScenarioError
from eitflow.io.csvfile import parse_table

ROOT = Path(__file__).resolve().parents[1]
OBJECTIVE = 6306035.86          # the French template's run, EUR/yr


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("tpl") / "parc"
    res = CliRunner().invoke(main, ["init", str(d), "--lang", "fr"])
    assert res.exit_code == 0, res.output
    return d


def _copy(template: Path, tmp_path: Path, links: bool = True) -> Path:
    d = tmp_path / "parc"
    shutil.copytree(template, d)
    if not links:
        y = d / "scenario.yaml"
        y.write_text("".join(line for line in y.read_text("utf-8").splitlines(True)
                             if not line.startswith("links:")), encoding="utf-8")
    return d


def _validate(d: Path, *args: str) -> tuple[int, str]:
    with warnings.catch_warnings():
        warnings.simplefilter("error")          # no pandas ParserWarning leaks any more
        res = CliRunner().invoke(main, ["validate", str(d / "scenario.yaml"), *args])
    assert "Traceback" not in res.output and not isinstance(res.exception, Warning), res.output
    return res.exit_code, res.output


def _edit(path: Path, row: int, old: str, new: str) -> None:
    """Replace `old` by `new` once in the file's row `row` (header = 1)."""
    lines = path.read_text("utf-8-sig").splitlines()
    assert old in lines[row - 1], (old, lines[row - 1])
    lines[row - 1] = lines[row - 1].replace(old, new, 1)
    path.write_text("\ufeff" + "\n".join(lines) + "\n", encoding="utf-8")


HEADER = "flow_id;site_id;direction;resource;amount;unit;temperature_c;price_eur_per_unit;min_amount;note"
CHIMIE_SLIP = "chimie_water;CHIMIE;demand;water;900000;m3/an;;;0,45;;eau d'appoint"   # one ';' too many
STEP = "step_water;STEP;supply;water;1500000;m3/an;;0;;eaux traitées"
ACIER = "acier_water;ACIER;demand;water;300000;m3/an;;0,6;;eau d'appoint"
SAID = "cette ligne a 11 cellules mais l'en-tête en a 10 : un point-virgule dans une valeur ?"


@pytest.mark.parametrize("rows, bad", [
    ([CHIMIE_SLIP, STEP, ACIER], 2),      # was read: CHIMIE's price 0, 0,45 its min_amount
    ([STEP, CHIMIE_SLIP, ACIER], 3),      # was already refused: the same rule for every row
    # the extra cell empty at the end of the row (no note): pandas allowed it without a warning
    ([CHIMIE_SLIP.replace(";eau d'appoint", ";"), STEP, ACIER], 2),
])
def test_a_row_with_a_cell_too_many_is_refused_wherever_it_is(template, tmp_path, rows, bad):
    d = _copy(template, tmp_path, links=False)
    (d / "flows.csv").write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    code, out = _validate(d, "--lang", "fr")
    assert code == 2
    assert f"flows.csv, ligne {bad} : {SAID}" in out, out
    assert "ParserWarning" not in out and out.count("flows.csv, ligne") == 1, out


def test_extra_cells_on_sites_row_2_as_on_row_3(template, tmp_path):
    """`sed -i '2s/$/;ZAE Nord;12/' sites.csv` was accepted where '3s/...' was refused; every
    such row is named, not only the first."""
    d = _copy(template, tmp_path)
    _edit(d / "sites.csv", 2, "Agglomération;", "Agglomération;;ZAE Nord;12")
    _edit(d / "sites.csv", 4, "Agglomération;", "Agglomération;;x")
    code, out = _validate(d, "--lang", "en")
    assert code == 2
    assert "sites.csv, row 2: this row has 9 cells but the header has 7: a semicolon inside a value?" in out, out
    assert "sites.csv, row 4: this row has 8 cells but the header has 7" in out, out


def test_an_unquoted_monthly_profile_on_row_2_names_its_cells(template, tmp_path):
    """12 shares separated by ';' without quotes in flows.csv's first row: 11 cells too many
    (25 + 11 = 36; 25 columns since co2_use), said as such where the shifted values gave misleading errors."""
    d = _copy(template, tmp_path)
    row = (d / "flows.csv").read_text("utf-8-sig").splitlines()[1]
    cells = row.split(";")
    assert cells[12] == ""                    # monthly_profile, the 13th column
    _edit(d / "flows.csv", 2, ";".join(cells[:13]), ";".join(cells[:12] + ["0,1;0,1;0,1;0,1;0,05;0,05;"
                                                                             "0,05;0,05;0,1;0,1;0,1;0,1"]))
    code, out = _validate(d, "--lang", "fr")
    assert code == 2
    assert "flows.csv, ligne 2 : cette ligne a 36 cellules mais l'en-tête en a 25" in out, out


def test_parse_table_rows_and_what_is_still_read():
    """The reader itself: row numbers (a blank line counted), quoted separators, a header's
    trailing separators (a spreadsheet's wider range) and short rows are read as before."""
    with pytest.raises(ScenarioError) as exc:
        parse_table(b"a;b;c\n\n1;2;3;4\n5;6;7\n8;9;10;;\n", "t.csv")
    assert [(p.row, str(p.message)[:34]) for p in exc.value.problems] == [
        (3, "this row has 4 cells but the heade"), (5, "this row has 5 cells but the heade")]
    df = parse_table(b'a;b;c;;\n1;"2;x";3;;\n4;5\n\n6;7;8\n', "t.csv")
    assert list(df.columns) == ["a", "b", "c"]
    assert df.values.tolist() == [["1", "2;x", "3"], ["4", "5", ""], ["6", "7", "8"]]
    assert list(df.attrs["rows"]) == [2, 3, 5]


# (file, header written, column meant): each was read as nothing before, silently
MISNAMED = [
    ("flows.csv", "price_eur_per_unit", "prix", "price_eur_per_unit"),   # every price 0: 1 546 316 EUR/yr
    ("flows.csv", "min_amount", "montant_min", "min_amount"),
    ("flows.csv", "note", "Note", "note"),
    ("sites.csv", "zone", "Zone", "zone"),                             # every site '(no zone)'
    ("sites.csv", "name", "Name", "name"),
    ("sites.csv", "name", "Nom", "name"),
    ("sites.csv", "sector", "secteur", "sector"),
    ("sites.csv", "note", "commentaire", "note"),
    ("flows.csv", "temperature_c", "Température", "temperature_c"),
]


@pytest.mark.parametrize("file, old, new, meant", MISNAMED, ids=[m[2] for m in MISNAMED])
def test_a_known_column_misnamed_is_refused_naming_it(template, tmp_path, file, old, new, meant):
    d = _copy(template, tmp_path)
    _edit(d / file, 1, f";{old}", f";{new}")
    code, out = _validate(d, "--lang", "fr")
    assert code == 2
    assert f"{file}, ligne 1, colonne '{new}' : colonne inconnue (vouliez-vous dire '{meant}' ?)" in out, out


def test_a_required_column_in_french_says_which(template, tmp_path):
    """amount named 'quantité': the missing required column, naming the header found, once
    (it was said again at 'quantité' as an unknown column meaning amount: one slip, two problems)."""
    d = _copy(template, tmp_path)
    _edit(d / "flows.csv", 1, ";amount;", ";quantité;")
    code, out = _validate(d, "--lang", "en")
    assert code == 2
    assert "flows.csv, row 1, column 'amount': missing required column (found 'quantité': misspelt?)" in out, out
    assert "error: invalid scenario (1 problem)" in out and "'quantité': unknown column" not in out, out


@pytest.mark.parametrize("excel", [False, True])
def test_a_required_header_in_another_case_is_one_problem(tmp_path, excel):
    """The English template's sites header 'Site_ID' (for site_id): headers are read as written
    but for spaces around (`Zone` is refused naming zone, above), so site_id is missing, and it
    was said twice: missing required column (found 'Site_ID') at site_id, and unknown column
    (did you mean 'site_id'?) at Site_ID. Once now, naming both. 'SITE_ID' and 'Lat' together:
    two problems, one per column."""
    import openpyxl

    res = CliRunner().invoke(main, ["init", str(tmp_path / "x"), "--lang", "en", *(["--excel"] if excel else [])])
    assert res.exit_code == 0, res.output
    target = tmp_path / "x" / ("scenario.xlsx" if excel else "scenario.yaml")
    where = "scenario.xlsx:sites" if excel else "sites.csv"

    def rename(new: dict[str, str]) -> str:
        if excel:
            wb = openpyxl.load_workbook(target)
            for cell in wb["sites"][1]:
                cell.value = new.get(cell.value, cell.value)
            wb.save(target)
        else:
            f = tmp_path / "x" / "sites.csv"
            lines = f.read_text("utf-8").splitlines(True)
            lines[0] = ",".join(new.get(h, h) for h in lines[0].rstrip("\n").split(",")) + "\n"
            f.write_text("".join(lines), encoding="utf-8")
        r = CliRunner().invoke(main, ["validate", str(target), "--lang", "en"])
        assert r.exit_code == 2 and "Traceback" not in r.output, r.output
        return r.output

    out = rename({"site_id": "Site_ID"})
    assert "error: invalid scenario (1 problem)" in out, out
    assert (f"{where}, row 1, column 'site_id': missing required column (found 'Site_ID': misspelt?); the header "
            "has: Site_ID, name, lat, lon, sector, zone, note") in out, out
    out = rename({"Site_ID": "SITE_ID", "lat": "Lat"})
    assert "error: invalid scenario (2 problems)" in out, out
    assert f"{where}, row 1, column 'site_id': missing required column (found 'SITE_ID': misspelt?)" in out, out
    assert f"{where}, row 1, column 'lat': missing required column (found 'Lat': misspelt?)" in out, out


def test_a_column_of_ones_own_is_a_warning_and_strict_refuses_it(template, tmp_path):
    """A deliberate extra column is still read past, with a warning naming file, column and
    what the table reads; the result is the template's; --strict exits 2."""
    d = _copy(template, tmp_path)
    _edit(d / "sites.csv", 1, ";note", ";note;contact")
    code, out = _validate(d, "--lang", "fr")
    assert code == 0
    assert ("attention : sites.csv, ligne 1, colonne 'contact' : colonne inconnue, ignorée : ses valeurs ne sont "
            "pas lues") in out, out
    assert "cette table lit : site_id, name, lat, lon, sector, zone, note" in out, out
    code, out = _validate(d, "--strict", "--lang", "en")
    assert code == 2 and "sites.csv, row 1, column 'contact': unknown column, ignored" in out, out
    res = CliRunner().invoke(main, ["run", str(d / "scenario.yaml"), "--out", str(tmp_path / "run")])
    assert res.exit_code == 0, res.output
    import json

    summary = json.loads((tmp_path / "run" / "summary.json").read_text("utf-8"))
    assert summary["objective"] == pytest.approx(OBJECTIVE, abs=0.01)


def test_workbook_headers_are_held_to_the_same_rules(tmp_path):
    import openpyxl

    res = CliRunner().invoke(main, ["init", str(tmp_path / "x"), "--lang", "fr", "--excel"])
    assert res.exit_code == 0, res.output
    book = tmp_path / "x" / "scenario.xlsx"
    wb = openpyxl.load_workbook(book)
    for sheet, old, new in (("sites", "zone", "Zone"), ("sites", "sector", " sector "), ("flows", "note", "contact"),
                            ("flows", "price_eur_per_unit", "prix")):
        cell = next(c for c in wb[sheet][1] if c.value == old)
        cell.value = new
    wb.save(book)
    res = CliRunner().invoke(main, ["validate", str(book), "--lang", "en"])
    assert res.exit_code == 2, res.output
    assert "scenario.xlsx:sites, row 1, column 'Zone': unknown column (did you mean 'zone'?)" in res.output
    assert "scenario.xlsx:flows, row 1, column 'prix': unknown column (did you mean 'price_eur_per_unit'?)" in res.output
    assert "sector" not in res.output       # spaces about a name are not a difference, as for sheets
    wb = openpyxl.load_workbook(book)
    for sheet, old, new in (("sites", "Zone", "zone"), ("flows", "prix", "price_eur_per_unit")):
        next(c for c in wb[sheet][1] if c.value == old).value = new
    wb.save(book)
    res = CliRunner().invoke(main, ["validate", str(book), "--lang", "en", "--strict"])
    assert res.exit_code == 2
    assert "scenario.xlsx:flows, row 1, column 'contact': unknown column, ignored" in res.output, res.output


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("excel", [False, True])
def test_templates_and_bundled_scenarios_give_no_column_warning(tmp_path, lang, excel):
    from eitflow.io.read import read_scenario

    res = CliRunner().invoke(main, ["init", str(tmp_path / "t"), "--lang", lang] + (["--excel"] if excel else []))
    assert res.exit_code == 0, res.output
    paths = [tmp_path / "t" / ("scenario.xlsx" if excel else "scenario.yaml")]
    if lang == "en" and not excel:
        paths += sorted((ROOT / "scenarios").glob("*/scenario.yaml"))
    for p in paths:
        said = [str(w) for w in read_scenario(p).warnings]
        assert not [w for w in said if "unknown column" in w], (p, said)
