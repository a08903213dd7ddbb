"""Workbook and template inputs as a French territorial analyst fills them in: `eitflow init
--excel --network` filled with the slips people make, each said once, at its sheet, row and
column, in the workbook's language. Expected texts are written by hand."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from eitflow.errors import ScenarioError
from eitflow.io.read import read_scenario
from eitflow.io.template import write_template


def _template(tmp_path: Path, lang: str = "en") -> Path:
    return write_template(tmp_path / "t", excel=True, lang=lang, network=True)


def _problems(path: Path, lang: str = "en") -> list[str]:
    with pytest.raises(ScenarioError) as exc:
        read_scenario(path)
    return [p.say(lang) for p in exc.value.problems]


def test_a_junction_resource_in_french_is_said_once_not_again_at_every_corridor(tmp_path):
    """The template's junction J_NORD (sheet junctions, row 2) serves every network; typed
    'chaleur' in its resources cell, it is refused there with 'heat' as the code meant. The
    four corridors of the template that end at J_NORD (trunk: to, row 2; the three branches:
    from, rows 3-5) were each refused besides, saying the junction 'is on the chaleur network
    only, not on the heat network': four more problems, and wrong (chaleur is heat). One
    problem now."""
    path = _template(tmp_path)
    wb = load_workbook(path)
    wb["junctions"].cell(2, 5, "chaleur")
    wb.save(path)
    problems = _problems(path)
    assert len(problems) == 1, problems
    assert problems[0].startswith("scenario.xlsx:junctions, row 2, column 'resources': ")
    assert "'chaleur'" in problems[0] and "'heat'" in problems[0]


@pytest.mark.parametrize("lang, line", [
    ("en", "  Heat network: 5 places, 4 candidate corridors (from scenario.xlsx:corridors)"),
    ("fr", "  Réseau de chaleur : 5 lieux, 4 tronçons candidats (de scenario.xlsx:corridors)")])
def test_validate_names_the_corridors_sheet_of_a_workbook_not_a_csv_file(tmp_path, lang, line):
    """The template with a network as a workbook: its 4 corridors (trunk and three branches)
    join the incinerator, the junction and three users, 5 places. `validate` said they came
    'from corridors.csv', a file the user does not have; they come from the corridors sheet."""
    from click.testing import CliRunner

    from eitflow.cli.main import main

    path = write_template(tmp_path / "t", excel=True, lang=lang, network=True)
    res = CliRunner().invoke(main, ["validate", str(path)])
    assert res.exit_code == 0, res.output
    assert line in res.output.splitlines(), res.output


def test_a_percentage_in_a_french_workbook_is_explained_with_a_decimal_comma(tmp_path):
    """The French template, an amount typed as 50 % (the number 0.5 in a percent format) in
    the sheet flows, row 2, column E (amount). The message explains that 5 % is the number
    0.05, written '0.05': a French spreadsheet reads '0.05' typed in a cell as text (or a
    date); it is '0,05' there, as every other number of the French messages."""
    path = write_template(tmp_path / "t", excel=True, lang="fr", network=True)
    wb = load_workbook(path)
    wb["flows"].cell(2, 5, 0.5).number_format = "0%"
    wb.save(path)
    problems = _problems(path, "fr")
    assert len(problems) == 1, problems
    assert problems[0].startswith("scenario.xlsx:flows, ligne 2, colonne 'amount' : un pourcentage ")
    assert "(5 % est le nombre 0,05)" in problems[0], problems[0]


def test_flows_without_a_resource_column_beside_corridors_is_said_not_a_traceback(tmp_path):
    """The network template (a corridors sheet) with the flows sheet's resource column (D)
    deleted: `check_dead_ends` looked the column up and raised KeyError 'resource', a
    traceback. Now the one problem: the missing column, at the sheet's header row."""
    path = _template(tmp_path)
    wb = load_workbook(path)
    wb["flows"].delete_cols(4)
    wb.save(path)
    problems = _problems(path)
    assert len(problems) == 1, problems
    assert problems[0].startswith("scenario.xlsx:flows, row 1, column 'resource': missing required column")


@pytest.mark.parametrize("lang, said", [
    ("en", "scenario.xlsx: sheets 'flows', 'Flows ' are both the sheet 'flows' (eitflow reads its sheets by their "
           "English names, in any case and with spaces around): keep one, rename or delete the other"),
    ("fr", "scenario.xlsx : les feuilles 'flows', 'Flows ' sont toutes deux la feuille 'flows' (eitflow lit ses "
           "feuilles sous leur nom anglais, quelle que soit la casse et avec des espaces autour) : gardez-en une, "
           "renommez ou supprimez l'autre")])
def test_two_sheets_read_as_one_table_are_refused_not_one_silently_dropped(tmp_path, lang, said):
    """The template's flows sheet (13 flows) and a sheet 'Flows ' added after it (a copy
    begun, its header only): both are the flows sheet by name (any case, spaces around). The
    last one was read and the real one dropped without a word: 'flows, row 1, column amount:
    missing required column' of a sheet that has it, then 'no flows'. Now one problem naming
    both sheets."""
    path = _template(tmp_path)
    wb = load_workbook(path)
    wb.create_sheet("Flows ").append(["flow_id"])
    wb.save(path)
    assert _problems(path, lang) == [said]


def test_a_parameter_given_twice_leaves_the_other_parameters_read(tmp_path):
    """The network template's parameters sheet (header, 12 keys in rows 2-13; row 5
    carbon_price_eur_per_t, row 13 networks.heat.temperature_c 90) with two rows added: row
    14 carbon_price_eur_per_t again, row 15 'solver.time_limit' (for time_limit_s). The
    repeated key made the whole sheet be dropped: every parameter its default, so the heat
    network was said to lack its temperature (given in row 13) and the unknown key of row 15
    was not said. Now: the key given twice, and the unknown key, at their rows; nothing else."""
    path = _template(tmp_path)
    wb = load_workbook(path)
    ws = wb["parameters"]
    assert ws.cell(5, 1).value == "carbon_price_eur_per_t" and ws.max_row == 13
    ws.append(["carbon_price_eur_per_t", 50])
    ws.append(["solver.time_limit", 80])
    wb.save(path)
    problems = _problems(path)
    assert len(problems) == 2, problems
    assert problems[0].startswith("scenario.xlsx:parameters, row 14, column 'key': key 'carbon_price_eur_per_t' "
                                  "is given twice (first in row 5)")
    assert problems[1].startswith("scenario.xlsx:parameters, row 15: unknown key 'solver.time_limit'")


def test_an_unknown_activity_template_is_said_once_not_as_three_more_problems(tmp_path):
    """scenarios/fos_siting with its first activity SERRE (activities.csv row 2: template
    greenhouse, size 10) typed with the French word 'serre' as its template. Refused there,
    it was said three times more at the same row: 'size applies only to templated
    activities', 'land_ha missing', 'the activity has no flows', all of them the template's,
    not the user's. One problem now."""
    import shutil

    src = Path(__file__).resolve().parents[1] / "scenarios" / "fos_siting"
    d = tmp_path / "fos"
    shutil.copytree(src, d)
    act = d / "activities.csv"
    text = act.read_text(encoding="utf-8")
    assert "SERRE,Serre maraîchère chauffée (10 ha),greenhouse,10," in text
    act.write_text(text.replace(",greenhouse,10,", ",serre,10,", 1), encoding="utf-8")
    problems = _problems(d / "scenario.yaml")
    assert len(problems) == 1, problems
    assert problems[0].startswith("activities.csv, row 2, column 'template': ")
    assert "'serre'" in problems[0]


def test_a_language_written_in_capitals_is_read(tmp_path):
    """The parameters sheet's lang typed 'FR' (as a code is often written): the workbook's
    problems were said in French (its language read in any case) and then 'FR' itself was
    refused, in French, as not 'en' or 'fr'. It is fr."""
    path = _template(tmp_path)
    wb = load_workbook(path)
    wb["parameters"].append(["lang", "FR"])
    wb.save(path)
    assert read_scenario(path).params.lang == "fr"


def test_a_formula_with_no_value_is_said_once_at_its_cell(tmp_path):
    """flows E2 (uve_heat's amount) holds '=40+40' written by openpyxl, which saves no
    value: refused as such, and then again as 'missing value' at the same cell. Once now."""
    path = _template(tmp_path)
    wb = load_workbook(path)
    wb["flows"].cell(2, 5, "=40+40")
    wb.save(path)
    problems = _problems(path)
    assert len(problems) == 1, problems
    assert problems[0].startswith("scenario.xlsx:flows, row 2, column 'amount': a formula at E2 with no value saved")


@pytest.mark.parametrize("excel", [True, False])
def test_a_total_row_is_named_as_such_and_its_empty_cells_not_listed(tmp_path, excel):
    """A 'Total' row under the template's 13 flows (row 15 of the sheet; row 15 of flows.csv
    too: header, 13 flows), only its amount filled (999). It was named as a row of totals,
    then its site_id, direction, resource and unit listed as missing: four more problems of
    a row the first one says to delete."""
    d = write_template(tmp_path / "t", excel=excel, network=True)
    if excel:
        wb = load_workbook(d)
        ws = wb["flows"]
        assert ws.max_row == 14
        ws.cell(15, 1, "Total")
        ws.cell(15, 5, 999)
        wb.save(d)
        path, where = d, "scenario.xlsx:flows"
    else:
        flows = d.parent / "flows.csv"
        lines = flows.read_text(encoding="utf-8").splitlines()
        assert len(lines) == 14
        n = lines[0].count(",")
        flows.write_text("\n".join([*lines, "Total,,,,999" + "," * (n - 4)]) + "\n", encoding="utf-8")
        path, where = d, "flows.csv"
    problems = _problems(path)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{where}, row 15, column 'flow_id': 'Total': a row of totals")


def _fos_workbook(path: Path, activities_sheet: str = "activities") -> Path:
    """scenarios/fos_siting's tables as one workbook (its activities sheet named as given) with a
    parameters sheet naming it."""
    import pandas as pd
    from openpyxl import Workbook

    src = Path(__file__).resolve().parents[1] / "scenarios" / "fos_siting"
    wb = Workbook()
    wb.remove(wb.active)
    for name, sheet in (("sites", "sites"), ("flows", "flows"), ("plots", "plots"), ("activities", activities_sheet)):
        df = pd.read_csv(src / f"{name}.csv", dtype=str, keep_default_na=False)
        ws = wb.create_sheet(sheet)
        ws.append(list(df.columns))
        for row in df.itertuples(index=False):
            ws.append([v or None for v in row])
    ws = wb.create_sheet("parameters")
    ws.append(["key", "value"])
    ws.append(["name", "Fos"])
    wb.save(path)
    return path


def test_a_misnamed_activities_sheet_is_said_once_not_again_as_missing(tmp_path):
    """scenarios/fos_siting as a workbook (sheets sites, flows, plots, activities,
    parameters), its activities sheet named in French, 'Activités'. Refused as not read,
    with the name expected; it was also said that the siting 'needs both plots and
    activities', of a sheet 'activities' the workbook does not have. Once now."""

    path = _fos_workbook(tmp_path / "fos.xlsx", activities_sheet="Activités")
    problems = _problems(path)
    assert problems == ["fos.xlsx: sheet 'Activités' is not read: is it the sheet 'activities'? name it 'activities' "
                        "(eitflow reads its sheets by their English names)"]


def test_cells_merged_over_rows_of_numbers_are_said_once(tmp_path):
    """flows E2:E3 (the amounts of uve_heat and acier_heat) merged: refused at row 2, naming
    E2:E3, then row 3's amount was said 'missing value' besides, the cell being covered by
    the merge. One problem now (corridors' length_km merged likewise never said it: its
    column is optional)."""
    path = _template(tmp_path)
    wb = load_workbook(path)
    wb["flows"].merge_cells("E2:E3")
    wb.save(path)
    problems = _problems(path)
    assert len(problems) == 1, problems
    assert problems[0].startswith("scenario.xlsx:flows, row 2, column 'amount': cells E2:E3 are merged over several rows")


def test_run_of_a_siting_workbook_names_its_sheets_not_csv_files(tmp_path):
    """`eitflow run` of a workbook with plots and activities sheets notes that it solves the
    territory without the activities; it named them '(activities.csv, plots.csv)', files the
    user does not have. Now the sheets: (siting.xlsx:activities, siting.xlsx:plots)."""
    from click.testing import CliRunner

    from eitflow.cli.main import main

    path = _fos_workbook(tmp_path / "siting.xlsx")
    res = CliRunner().invoke(main, ["run", str(path), "--out", str(tmp_path / "run")])
    assert res.exit_code == 0, res.output
    assert ("note: this scenario has activities to place on free plots (siting.xlsx:activities, siting.xlsx:plots)"
            in res.output), res.output


@pytest.mark.parametrize("name", ["Jonctions", "nodes"])
def test_a_misnamed_junctions_sheet_is_said_once_not_again_at_every_corridor(tmp_path, name):
    """The network template's junctions sheet (one junction, J_NORD) renamed 'Jonctions' (French)
    or 'nodes'. Its four corridors end at J_NORD (trunk: to, row 2; the three branches: from,
    rows 3-5): besides the misnamed sheet (not said at all for 'nodes'), each was refused as an
    unknown site, hub or junction 'J_NORD', four more problems of the one slip. One now; a
    corridor's end that the misnamed sheet does not hold either (the trunk's from, 'UVE_X' for
    UVE, row 2) is still said."""
    path = _template(tmp_path)
    wb = load_workbook(path)
    assert [c.value for c in wb["corridors"]["C"][1:]] == ["UVE", "J_NORD", "J_NORD", "J_NORD"]
    assert [c.value for c in wb["corridors"]["D"][1:]] == ["J_NORD", "HOPITAL", "LYCEE", "LOGTS"]
    wb["junctions"].title = name
    wb.save(path)
    sheet = (f"scenario.xlsx: sheet '{name}' is not read: is it the sheet 'junctions'? name it 'junctions' "
             "(eitflow reads its sheets by their English names)")
    assert _problems(path) == [sheet]
    # the same cells as LibreOffice saves them (.ods, whose reader reads only the sheets it knows)
    from odsfile import write_ods

    ods = write_ods(tmp_path / "scenario.ods", {ws.title: [list(r) for r in ws.iter_rows(values_only=True)]
                                                for ws in wb.worksheets})
    assert _problems(ods) == [sheet.replace("scenario.xlsx", "scenario.ods")]
    wb["corridors"].cell(2, 3, "UVE_X")
    wb.save(path)
    problems = _problems(path)
    assert len(problems) == 2 and problems[0] == sheet, problems
    assert problems[1].startswith("scenario.xlsx:corridors, row 2, column 'from': unknown site, hub or junction "), problems
    assert "'UVE_X'" in problems[1]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_decimal_comma_in_the_parameters_sheet_is_read_as_in_the_tables(tmp_path, lang):
    """The parameters sheet refused '60,5' typed as the carbon price ("has a decimal comma and is
    read as text here: write 60.5") where a table's cell takes it (flows E2 '40,5' is 40.5): the
    value cells read numbers as the tables' cells do. Typed as text: carbon price '60,5' (60.5
    EUR/t), discount rate '0,04' (0.04), the heat network's temperature '1 085,5' with a
    grouping space (1085.5 degC, as a table cell reads it), the time limit '1 200' (1200 s),
    lifetime '25' (25)."""
    path = write_template(tmp_path / "t", excel=True, lang=lang, network=True)
    wb = load_workbook(path)
    ws = wb["parameters"]
    row = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    for key, typed in (("carbon_price_eur_per_t", "60,5"), ("discount_rate", "0,04"),
                       ("networks.heat.temperature_c", "1\u00a0085,5"), ("lifetime_years", "25"),
                       ("solver.time_limit_s", "1 200")):
        ws.cell(row[key], 2, typed)
    assert wb["flows"].cell(1, 5).value == "amount"
    wb["flows"].cell(2, 5, "40,5")
    wb.save(path)
    scen = read_scenario(path)
    p = scen.params
    assert (p.carbon_price_eur_per_t, p.discount_rate, p.networks["heat"].temperature_c, p.lifetime_years,
            p.solver.time_limit_s) == (60.5, 0.04, 1085.5, 25, 1200)
    assert scen.flows.set_index("flow_id").at[wb["flows"].cell(2, 1).value, "amount"] == pytest.approx(
        40.5 * (1000 if wb["flows"].cell(2, 6).value.startswith("GWh") else 1))
    # '12,000' is 12 or 12000: refused as a table's cell is, not said to be YAML's text
    ws.cell(row["carbon_price_eur_per_t"], 2, "12,000")
    wb.save(path)
    assert _problems(path) == [f"scenario.xlsx:parameters, row {row['carbon_price_eur_per_t']}, column 'value': "
                               "ambiguous number: is the comma a decimal comma or a thousands separator? Write it "
                               "without the comma (1500), or with other than three decimals (1,5 or 1,50)"]
