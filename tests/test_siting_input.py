"""`eitflow site` on the Fos scenario with the inputs a territorial analyst gets wrong: every
bad plot or activity is refused naming the file, row and column (exit 2, no traceback), and
what is plausible but odd is a warning; never a plan computed on a wrong reading.
"""
from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from eitflow.analyses.siting import site
from eitflow.cli.main import main
from test_siting import _siting, enumerate_plans, random_instance

FOS = Path(__file__).resolve().parents[1] / "scenarios" / "fos_siting"


def _fos(tmp_path: Path, edit) -> Path:
    """A copy of the Fos siting scenario with `edit(tables)` applied to its plots.csv and
    activities.csv (lists of dicts, keyed by the file name); returns scenario.yaml."""
    root = tmp_path / "fos"
    shutil.copytree(FOS, root)
    tables = {}
    for name in ("plots.csv", "activities.csv"):
        with open(root / name, encoding="utf-8", newline="") as fh:
            tables[name] = list(csv.DictReader(fh))
    edit(tables)
    for name, rows in tables.items():
        fields = list(dict.fromkeys(k for r in rows for k in r))
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
        (root / name).write_text(buf.getvalue(), encoding="utf-8")
    return root / "scenario.yaml"


def _site(yaml: Path, tmp_path: Path, *args: str):
    return CliRunner().invoke(main, ["site", str(yaml), "--out", str(tmp_path / "run"), "--lang", "en", "--no-rank",
                                     *args])


def _plot(tables: dict, plot_id: str) -> dict:
    return next(r for r in tables["plots.csv"] if r["plot_id"] == plot_id)


def test_an_at_sign_in_a_plot_or_activity_id_is_refused(tmp_path):
    # activity RCU on plot FOS@FEUILLANE and activity RCU@FOS on plot FEUILLANE were both the
    # placement 'RCU@FOS@FEUILLANE': the ranking gave RCU on the plot FOS@FEUILLANE the value
    # of the other placement (10,507,877 EUR/yr, the plan's, where it is 10,496,229 EUR/yr
    # once the plot is renamed)
    def edit(t):
        t["plots.csv"].append({**_plot(t, "FEUILLANE"), "plot_id": "FOS@FEUILLANE", "area_ha": "5"})
        t["activities.csv"] += [{"activity_id": "RCU", "template": "district_heating_plant", "size": "10"},
                                {"activity_id": "RCU@FOS", "template": "district_heating_plant", "size": "20"}]
    r = _site(_fos(tmp_path, edit), tmp_path)
    assert r.exit_code == 2 and "Traceback" not in r.output, r.output
    assert ("plots.csv, row 5, column 'plot_id': '@' is not allowed in plot_id" in r.output
            and "(found 'FOS@FEUILLANE')" in r.output), r.output
    assert "activities.csv, row 9, column 'activity_id': '@' is not allowed in activity_id" in r.output, r.output
    assert not (tmp_path / "run").exists()


def test_a_plot_with_swapped_or_projected_coordinates_is_refused(tmp_path):
    # FEUILLANE at lat 4.915, lon 43.465 (the Indian Ocean) was read as given: the glasshouse,
    # the data centre and the fish farm were placed there together, 8,100 km from the territory
    def edit(t):
        p = _plot(t, "FEUILLANE")
        p["lat"], p["lon"] = p["lon"], p["lat"]
        _plot(t, "INNOVEX").update(lat="6264000", lon="861000")   # Lambert-93 metres
        _plot(t, "PIICTO").update(lat="0", lon="0")
    r = _site(_fos(tmp_path, edit), tmp_path)
    assert r.exit_code == 2 and "Traceback" not in r.output, r.output
    assert ("plots.csv, row 4, column 'lat': plot 'FEUILLANE' at lat 4.915, lon 43.465 lies" in r.output
            and "lat and lon look swapped" in r.output), r.output
    assert "plots.csv, row 3, column 'lat': lat 6264000, lon 861000 are metres in Lambert-93" in r.output, r.output
    assert "plots.csv, row 2, column 'lat': lat = lon = 0 is a placeholder" in r.output, r.output


def test_a_plot_far_from_the_territory_is_a_warning(tmp_path):
    # a plot of Lille (810 km away) in the Fos scenario: plausible, so the run goes on, but said
    yaml = _fos(tmp_path, lambda t: _plot(t, "FEUILLANE").update(lat="50.63", lon="3.06"))
    r = _site(yaml, tmp_path)
    assert r.exit_code == 0, r.output
    assert ("warning: plots.csv, row 4, column 'lat': plot 'FEUILLANE' lies 810 km from the centre of the "
            "territory's sites and plots" in r.output), r.output


def test_an_area_in_m2_is_converted_to_hectares(tmp_path):
    # '200000 m2' was refused with 'write the number alone', which the column in ha then read as
    # 200,000 ha; the plan with the areas in m2 is the plan with them in ha (8,810,328.65 EUR/yr)
    def edit(t):
        _plot(t, "FEUILLANE")["area_ha"] = "200000 m2"
        _plot(t, "INNOVEX")["area_ha"] = "120 000 m²"
        _plot(t, "PIICTO")["area_ha"] = "6 km2"
    r = _site(_fos(tmp_path, edit), tmp_path)
    assert r.exit_code == 0, r.output
    with open(tmp_path / "run" / "plots.csv", encoding="utf-8") as fh:
        area = {p["plot_id"]: float(p["area_ha"]) for p in csv.DictReader(fh)}
    assert area == {"FEUILLANE": pytest.approx(20.0), "INNOVEX": pytest.approx(12.0), "PIICTO": pytest.approx(600.0)}
    assert "objective 8,810,328.65 EUR/yr" in r.output


def _lonely(tmp_path, direction_column: str):
    """fos_siting with one activity to place, LONELY: a demand for 300 degC steam no partner
    can serve; activity_flows.csv's direction column named `direction_column`."""
    yaml = _fos(tmp_path, lambda t: None)
    root = yaml.parent
    (root / "activity_flows.csv").write_text(f"activity_id,flow_id,{direction_column},resource,amount,unit,"
                                             "temperature_c\nLONELY,steam,demand,steam,1000,MWh/yr,300\n",
                                             encoding="utf-8")
    (root / "activities.csv").write_text("activity_id,land_ha\nLONELY,2\n", encoding="utf-8")
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("activities: activities.csv\n",
                                                             "activities: activities.csv\n"
                                                             "activity_flows: activity_flows.csv\n"), encoding="utf-8")
    return yaml


def test_activity_flows_with_a_missing_column_name_the_files_own_header(tmp_path):
    # the header was said as 'site_id, flow_id, kind, ...' (the file has activity_id), and a
    # second error said that no activity had flows
    r = _site(_lonely(tmp_path, "kind"), tmp_path)
    assert r.exit_code == 2 and "Traceback" not in r.output, r.output
    assert ("activity_flows.csv, row 1, column 'direction': missing required column; the header has: "
            "activity_id, flow_id, kind," in r.output), r.output
    assert "site_id" not in r.output and "no activity has flows" not in r.output, r.output
    assert "1 problem" in r.output


def _min_counts(t: dict, counts: dict) -> None:
    for r in t["activities.csv"]:
        r["min_count"] = str(counts.get(r["activity_id"], ""))


def test_a_min_count_above_the_plots_that_can_take_it_is_located(tmp_path):
    # the glasshouse (food) is allowed on La Feuillane only, one instance per plot: two cannot be
    # placed; the run said 'infeasible - no solution (... no required demand was found short)'
    yaml = _fos(tmp_path, lambda t: (_min_counts(t, {"SERRE": 2}),
                                     next(r for r in t["activities.csv"] if r["activity_id"] == "SERRE").update(
                                         max_count="3")))
    r = _site(yaml, tmp_path)
    assert r.exit_code == 2 and "Traceback" not in r.output, r.output
    assert ("activities.csv, row 2, column 'min_count': min_count is 2, but only one of the 3 plots can take it (one "
            "instance per plot at most): 0 not available, 2 do not allow its uses, 0 smaller than its 12.5 ha"
            in r.output), r.output
    fr = CliRunner().invoke(main, ["site", str(yaml), "--out", str(tmp_path / "fr"), "--lang", "fr", "--no-rank"])
    # one plot: 'une seule des 3 parcelles peut' (it read 'seules 1 des 3 parcelles peuvent'); 0 and 1
    # take the singular in French ('0 plus petite'), as every count of the project's French
    said = " ".join(fr.output.split())
    assert ("min_count vaut 2, mais une seule des 3 parcelles peut l'accueillir (une instance par parcelle au "
            "plus) : 0 non disponible, 2 n'autorisent pas ses usages, 0 plus petite que ses 12,5 ha") in said, said


def _only_feuillane(t: dict) -> None:
    for p in t["plots.csv"]:
        if p["plot_id"] != "FEUILLANE":
            p["excluded_uses"] = "food;wood_pellet_plant"


def test_min_counts_that_cannot_hold_together_are_named_in_the_runs_language(tmp_path):
    # the glasshouse (12.5 ha) and the pellet plant (8 ha), both to be placed and both allowed on
    # La Feuillane only (20 ha): 20.5 ha do not fit. The status said 'no required demand was
    # found short', in English in a French run
    yaml = _fos(tmp_path, lambda t: (_min_counts(t, {"SERRE": 1, "GRANULES": 1}), _only_feuillane(t)))
    r = _site(yaml, tmp_path)
    assert r.exit_code == 1, r.output
    assert ("status: infeasible - no solution (the activities to place at least once cannot all be placed together "
            "(min_count): SERRE (1), GRANULES (1);" in r.output), r.output
    assert "required demand" not in r.output
    fr = CliRunner().invoke(main, ["site", str(yaml), "--out", str(tmp_path / "fr"), "--no-rank"])   # lang: fr
    assert fr.exit_code == 1, fr.output
    assert ("statut : infaisable - pas de solution (les activités à implanter au moins une fois ne peuvent pas l'être "
            "toutes ensemble (min_count) : SERRE (1), GRANULES (1) ;" in fr.output), fr.output


def test_the_diagnosis_of_a_siting_run_with_no_plan_is_in_the_runs_language(tmp_path):
    # Esso's 5,000 t/yr of hydrogen made required: the electrolyser (2,900 t/yr at most) cannot
    # meet it. The French run said the diagnosis in English
    yaml = _fos(tmp_path, lambda t: None)
    flows = yaml.parent / "flows.csv"
    with open(flows, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for f in rows:
        f["required"] = "true" if f["flow_id"] == "esso_h2" else ""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    flows.write_text(buf.getvalue(), encoding="utf-8")
    fr = CliRunner().invoke(main, ["site", str(yaml), "--out", str(tmp_path / "fr"), "--no-rank"])   # lang: fr
    assert fr.exit_code == 1, fr.output
    assert "la demande obligatoire du site Esso raffinerie de Fos (ESSO_FOS) ne peut pas être satisfaite" in fr.output, fr.output
    assert "required demand" not in fr.output


def test_uses_in_french_are_the_catalogues_uses(tmp_path):
    # a French analyst writes 'industrie;énergie' and 'alimentaire': no activity had those uses,
    # so PIICTO and INNOVEX allowed nothing (the plan silently fell to 7,098,759 EUR/yr) and
    # La Feuillane's 'alimentaire' (no food on a polluted soil) excluded nothing
    def french(t):
        _plot(t, "PIICTO").update(allowed_uses="Industrie;énergie", excluded_uses="alimentaire")
        _plot(t, "INNOVEX").update(allowed_uses="energie;hydrogène;industrie", excluded_uses="Alimentaire")
    r = _site(_fos(tmp_path / "a", french), tmp_path / "a")
    assert r.exit_code == 0 and "objective 8,810,328.65 EUR/yr" in r.output, r.output   # the README's plan
    assert "warning" not in r.output
    r = _site(_fos(tmp_path / "b", lambda t: _plot(t, "FEUILLANE").update(excluded_uses="alimentaire")),
              tmp_path / "b")
    with open(tmp_path / "b" / "run" / "placements.csv", encoding="utf-8") as fh:
        placed = {p["activity_id"] for p in csv.DictReader(fh)}
    assert not placed & {"SERRE", "AQUACULTURE"}, placed   # food: La Feuillane was their only plot


def test_a_use_no_activity_has_is_a_warning(tmp_path):
    yaml = _fos(tmp_path, lambda t: _plot(t, "INNOVEX").update(allowed_uses="energie;industri;logistique",
                                                               excluded_uses="alimentare"))
    r = _site(yaml, tmp_path)
    assert r.exit_code == 0, r.output
    assert ("warning: plots.csv, row 3, column 'allowed_uses': no activity has the use 'industri' (did you mean "
            "'industrie'?): it allows none of them" in r.output), r.output
    assert "no activity has the use 'logistique': it allows none of them" in r.output
    assert ("column 'excluded_uses': no activity has the use 'alimentare' (did you mean 'alimentaire'?): it excludes "
            "none of them" in r.output), r.output


def test_a_run_placing_nothing_says_so_under_its_title(tmp_path):
    # an activity no partner can serve (300 degC steam): the terminal printed a bare '(no rows)'
    # where the placements' title belongs
    r = _site(_lonely(tmp_path, "direction"), tmp_path)
    assert r.exit_code == 0, r.output
    assert "placements (0)\n(no rows)\n" in r.output, r.output
    assert "no_synergy_in_range" in (tmp_path / "run" / "activity_reasons.csv").read_text(encoding="utf-8")


def test_a_plot_given_twice_is_named_with_its_first_row(tmp_path):
    # 'duplicate plot_id' did not say where the first was, and 'Feuillane' beside 'FEUILLANE' (the
    # same plot typed twice: its land counted twice) was read as a second plot; sites.csv says both
    def edit(t):
        t["plots.csv"].append({**_plot(t, "FEUILLANE")})
        t["plots.csv"].append({**_plot(t, "FEUILLANE"), "plot_id": "Feuillane"})
        t["activities.csv"].append({**t["activities.csv"][0]})
    r = _site(_fos(tmp_path, edit), tmp_path)
    assert r.exit_code == 2 and "Traceback" not in r.output, r.output
    assert "plots.csv, row 5, column 'plot_id': duplicate plot_id 'FEUILLANE' (first at row 4)" in r.output, r.output
    assert ("plots.csv, row 6, column 'plot_id': plot_id 'Feuillane' differs from 'FEUILLANE' (row 4) only by letter "
            "case" in r.output), r.output
    assert "activities.csv, row 8, column 'activity_id': duplicate activity_id 'SERRE' (first at row 2)" in r.output


@pytest.mark.parametrize("seed", [200, 202, 204])
def test_the_best_plot_of_an_activity_that_pays_nowhere_is_solved(seed):
    # every placement of A0 was left out of the model as never paying (exact pruning), so none
    # was solved: its best plot showed the plan less its whole net cost (seed 202: -1,087.86
    # EUR/yr, where the best plan with it placed is worth -247.43 by enumeration) and
    # does_not_pay said no loss. The top plot by bound is now solved with it forced in
    tables = random_instance(seed)
    plans = enumerate_plans(*tables)
    r = site(_siting(*tables, siting={"rank_top": 1}))
    assert r.solution.objective == pytest.approx(max(plans.values()), abs=1e-4)
    assert r.summary()["modelled_placements"] < r.summary()["candidate_placements"]   # some left out
    for a in r.activities.itertuples(index=False):
        ai = int(a.activity_id[1:])
        best_with = max(v for s, v in plans.items() if any(x == ai for x, _ in s))
        top = r.ranking[r.ranking["activity_id"] == a.activity_id].iloc[0]
        assert top["method"] in ("in the plan", "solved"), top
        assert top["value_eur_per_yr"] == pytest.approx(best_with, abs=1e-4), top
        assert a.best_value_eur_per_yr == pytest.approx(best_with, abs=1e-4)
        if a.reason == "does_not_pay":
            assert a.best_loss_eur_per_yr == pytest.approx(r.solution.objective - best_with, abs=1e-4)
            assert "it lowers the plan by" in a.detail


def test_siting_from_a_workbook_gives_the_csv_plan(tmp_path):
    """A workbook had no plots, activities or activity_flows sheets: an analyst working in Excel
    (the tutorial's way) could not place an activity. fos_siting written as one workbook (each
    CSV a sheet, scenario.yaml's keys in the parameters sheet) gives the CSV run's plan and
    figures; a sheet named in French ('parcelles') is named as the one expected."""
    import pandas as pd
    from openpyxl import Workbook

    def book(path: Path, sheets: dict[str, str], params: bool) -> Path:
        wb = Workbook()
        wb.remove(wb.active)
        for name, sheet in sheets.items():
            ws = wb.create_sheet(sheet)
            with open(FOS / f"{name}.csv", encoding="utf-8") as fh:
                for row in csv.reader(fh):
                    ws.append(row)   # text cells, read as the CSV's
        if params:
            ws = wb.create_sheet("parameters")
            for row in (("key", "value"), ("name", "Fos (classeur)"), ("lang", "fr"), ("objective", "net_benefit"),
                        ("carbon_price_eur_per_t", 100), ("discount_rate", 0.05), ("lifetime_years", 20),
                        ("siting.rank_top", 3), ("siting.rank_time_limit_s", 60), ("solver.time_limit_s", 60),
                        ("solver.mip_gap", 0.0001)):
                ws.append(row)
        wb.save(path)
        return path

    wb = book(tmp_path / "fos.xlsx", {n: n for n in ("sites", "flows", "plots", "activities")}, True)
    r = _site(wb, tmp_path / "wb")
    assert r.exit_code == 0, r.output
    r_csv = _site(_fos(tmp_path / "csv", lambda t: None), tmp_path / "csv")
    assert r_csv.exit_code == 0, r_csv.output
    assert "objective 8,810,328.65 EUR/yr" in r.output and "objective 8,810,328.65 EUR/yr" in r_csv.output
    a, b = (pd.read_csv(d / "run" / "placements.csv").sort_values("site_id").reset_index(drop=True)
            for d in (tmp_path / "wb", tmp_path / "csv"))
    assert len(a) == 5
    pd.testing.assert_frame_equal(a, b)
    fr = book(tmp_path / "fr.xlsx", {"sites": "sites", "flows": "flows", "plots": "parcelles"}, False)
    r = CliRunner().invoke(main, ["validate", str(fr), "--lang", "en"])
    assert r.exit_code == 2 and "parcelles" in r.output and "plots" in r.output, r.output


@pytest.mark.parametrize("args, said", [
    (["--rank-top", "-1"], "--rank-top -1: Input should be greater than or equal to 0"),
    (["--rank-time-limit", "nan"], "--rank-time-limit nan: expected a finite number (not inf or nan)"),
    (["--rank-time-limit", "0"], "--rank-time-limit 0.0: Input should be greater than 0"),
])
def test_a_bad_ranking_option_is_named_as_the_command_line_gave_it(tmp_path, args, said):
    # `--rank-top -1` printed pydantic's own four lines ('1 validation error for SitingOptions',
    # 'rank_top', 'Input should be...', a web address), in English in a French run, and exit 2
    # without naming the option; --mip-gap 5 was already said as the scenario's problems are
    r = _site(FOS / "scenario.yaml", tmp_path, *args)
    assert r.exit_code == 2, r.output
    assert f"command line: {said}" in r.output, r.output
    assert "validation error" not in r.output and "pydantic" not in r.output
    assert not (tmp_path / "run").exists()


def test_a_bad_ranking_option_is_said_in_french(tmp_path):
    r = CliRunner().invoke(main, ["site", str(FOS / "scenario.yaml"), "--out", str(tmp_path / "run"), "--no-rank",
                                  "--rank-top", "-1"])   # lang: fr
    assert r.exit_code == 2, r.output
    assert "ligne de commande : --rank-top -1 : la valeur doit être supérieure ou égale à 0" in r.output, r.output


def test_a_flow_id_twice_in_activity_flows_is_said_once_without_blaming_a_template(tmp_path):
    """Two activities without a template whose flows share the id 'h2': said at row 3 (the
    second), and a second time as "duplicate flow_id 'h2' (also a template flow's id)" though no
    activity had a template. An id of the file that a template's flow has too is still said."""
    yaml = _lonely(tmp_path, "direction")
    root = yaml.parent
    (root / "activities.csv").write_text("activity_id,land_ha\nA1,1\nA2,1\n", encoding="utf-8")
    (root / "activity_flows.csv").write_text("activity_id,flow_id,direction,resource,amount,unit\n"
                                             "A1,h2,demand,hydrogen,20,t/yr\nA2,h2,demand,hydrogen,15,t/yr\n",
                                             encoding="utf-8")
    r = _site(yaml, tmp_path)
    assert r.exit_code == 2 and "Traceback" not in r.output, r.output
    assert "activity_flows.csv, row 3, column 'flow_id': duplicate flow_id (found 'h2')" in r.output, r.output
    assert "template" not in r.output and "1 problem" in r.output, r.output
    # A2 with the greenhouse template (its flows 'A2_heat', 'A2_co2'), A1's flow named as one of them
    (root / "activities.csv").write_text("activity_id,land_ha,template,size\nA1,1,,\nA2,,greenhouse,1\n",
                                         encoding="utf-8")
    (root / "activity_flows.csv").write_text("activity_id,flow_id,direction,resource,amount,unit\n"
                                             "A1,A2_co2,demand,co2,20,t/yr\n", encoding="utf-8")
    r = _site(yaml, tmp_path)
    assert r.exit_code == 2, r.output
    assert "duplicate flow_id 'A2_co2' (also a template flow's id)" in r.output, r.output


def test_an_activity_the_plan_cannot_do_without_has_an_empty_value(tmp_path):
    """A greenhouse with min_count 1 on the one plot beside an incinerator: the best plan
    without it does not exist, so its activity value (and the value its placement creates) is
    empty in placements.csv, as the README says of a re-solve with no plan; it read 'inf'
    (EUR/yr), where the terminal, the report and the workbook showed nothing."""
    (tmp_path / "sites.csv").write_text("site_id,name,lat,lon\nUVE,Incinérateur,47.0,5.0\n", encoding="utf-8")
    (tmp_path / "flows.csv").write_text("site_id,direction,resource,amount,unit,temperature_c,price_eur_per_unit\n"
                                        "UVE,supply,heat,20,GWh/yr,90,0\n", encoding="utf-8")
    (tmp_path / "plots.csv").write_text("plot_id,name,lat,lon,area_ha\nP,Lot,47.0,5.0,10\n", encoding="utf-8")
    (tmp_path / "activities.csv").write_text("activity_id,template,size,min_count\nSERRE,greenhouse,1,1\n",
                                             encoding="utf-8")
    (tmp_path / "scenario.yaml").write_text("name: serre\nsites: sites.csv\nflows: flows.csv\nplots: plots.csv\n"
                                            "activities: activities.csv\nsolver: {time_limit_s: 20}\n",
                                            encoding="utf-8")
    r = CliRunner().invoke(main, ["site", str(tmp_path / "scenario.yaml"), "--out", str(tmp_path / "run"),
                                  "--lang", "en"])
    assert r.exit_code == 0, r.output
    text = (tmp_path / "run" / "placements.csv").read_text(encoding="utf-8")
    assert "inf" not in text, text
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["site_id"] == "SERRE@P" and row["activity_value_eur_per_yr"] == "" and row["value_created_eur_per_yr"] == ""
