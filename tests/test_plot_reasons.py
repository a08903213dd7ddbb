"""plots.csv said what was placed on each plot but not why a plot was left empty: PIICTO, 600 ha
of fos_siting, read `placed_activities` empty and `candidate_activities` 3, nothing more; a
plot not free by `siting.year`, one marked unavailable and one too small for every activity
read alike. Each plot now has its reason, figures and detail (`analyses.plotwhy`), and the
report a table of them, in French under --lang fr.

Expected values from scenarios/fos_siting's README (its ranking table, checked against an
enumeration in tests/test_siting.py), and by hand for the plots added here:
- PIICTO: 3 candidate activities (pellet plant, heat-network plant, electrolyser: the others
  need food or tertiary uses PIICTO excludes or does not allow), none placed; the best there is
  the pellet plant, 165,153 EUR/yr below the plan (README: "PIICTO, -165,153").
- INNOVEX: the pellet plant; La Feuillane: glasshouse, data centre, fish farm, heat-network plant.
- TINY (0.1 ha, every use allowed): the six activities each need more land (12.5, 4, 2, 2, 8
  and 0.4 ha), so none may go there.
- LATER (available_from 2031, siting.year 2030): left out. CLOSED (available false): not free.
"""
from __future__ import annotations

import csv
import shutil

import pytest
from click.testing import CliRunner

from conftest import ROOT
from eitflow.cli.main import main

SCEN = ROOT / "scenarios" / "fos_siting"


def _run(tmp_path, lang: str = "en"):
    d = tmp_path / "fos"
    shutil.copytree(SCEN, d)
    with open(d / "plots.csv", "a", encoding="utf-8", newline="") as fh:
        fh.write("TINY,Petit lot,43.44,4.88,0.1,ZIP Fos,,,true,,,,,\n"
                 "CLOSED,Lot vendu,43.44,4.89,30,ZIP Fos,,,false,,,,,\n")
    text = (d / "plots.csv").read_text(encoding="utf-8").splitlines()
    text[0] += ",available_from"
    text = [line + (",2031" if i == len(text) else "") for i, line in enumerate(text)]
    text.append("LATER,Lot libre en 2031,43.44,4.87,30,ZIP Fos,,,true,,,,,,2031")
    (d / "plots.csv").write_text("\n".join(text) + "\n", encoding="utf-8")
    (d / "scenario.yaml").write_text((d / "scenario.yaml").read_text(encoding="utf-8").replace(
        "siting:\n", "siting:\n  year: 2030\n"), encoding="utf-8")
    out = tmp_path / "run"
    r = CliRunner().invoke(main, ["site", str(d / "scenario.yaml"), "--out", str(out), "--report", "--lang", lang, "-q"])
    assert r.exit_code == 0, r.output
    with open(out / "plots.csv", encoding="utf-8") as fh:
        return {p["plot_id"]: p for p in csv.DictReader(fh)}, out


def test_every_plot_says_why(tmp_path):
    plots, _ = _run(tmp_path)
    assert {k: p["reason"] for k, p in plots.items()} == {
        "PIICTO": "not_chosen", "INNOVEX": "placed", "FEUILLANE": "placed", "TINY": "no_candidate",
        "CLOSED": "unavailable", "LATER": "not_free_yet"}
    p = plots["PIICTO"]
    assert (p["best_activity"], p["best_method"]) == ("GRANULES", "solved")
    assert float(p["best_loss_eur_per_yr"]) == pytest.approx(165153, abs=1.0)
    assert p["detail"] == ("3 candidate activities here, none placed; the best here, GRANULES, would lower the plan "
                           "by 165,153 EUR/yr")
    assert plots["INNOVEX"]["detail"] == "GRANULES placed here"
    assert set(plots["FEUILLANE"]["detail"].removesuffix(" placed here").split(", ")) == {
        "SERRE", "DATACENTRE", "AQUACULTURE", "RCU_FOS"}
    assert (plots["TINY"]["activities_too_big"], plots["TINY"]["activities_use_not_allowed"]) == ("6", "0")
    assert plots["TINY"]["detail"] == "6 activities needing more than its 0.1 ha"
    assert plots["LATER"]["detail"] == "free from 2031 only, after the siting year (siting.year): left out"
    assert plots["CLOSED"]["detail"] == "not free: marked unavailable in plots.csv"


def test_plots_geojson_is_strict_json(tmp_path):
    """The reasons' empty figures (no loss, no available_from) were written NaN, which is not
    JSON (QGIS and browsers refuse the layer): null."""
    import json

    _, out = _run(tmp_path)

    def refuse(name):
        raise ValueError(f"{name} in plots.geojson")

    layer = json.loads((out / "plots.geojson").read_text(encoding="utf-8"), parse_constant=refuse)
    props = {f["properties"]["plot_id"]: f["properties"] for f in layer["features"]}
    assert props["TINY"]["best_loss_eur_per_yr"] is None and props["LATER"]["available_from"] == 2031
    assert props["PIICTO"]["reason"] == "not_chosen"


def test_the_french_report_says_why(tmp_path):
    _, out = _run(tmp_path, "fr")
    html = (out / "report.html").read_text(encoding="utf-8").replace("\u202f", " ").replace("&#x27;", "'")
    assert '<table id="plots-table">' in html
    assert ("3 activités candidates ici, aucune implantée ; la meilleure ici, GRANULES, réduirait le plan de "
            "165 153 €/an") in html
    assert "6 activités demandant plus que ses 0,1 ha" in html
    assert "libre à partir de 2031 seulement, après l'année d'implantation (siting.year) : écartée" in html
    assert "GRANULES implantée ici" in html


def _validate(tmp_path, year: str | None, dates: dict[str, str]) -> str:
    d = tmp_path / "fos"
    shutil.copytree(SCEN, d)
    rows = list(csv.DictReader(open(d / "plots.csv", encoding="utf-8", newline="")))
    for r in rows:
        r["available_from"] = dates.get(r["plot_id"], "")
    with open(d / "plots.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    if year:
        (d / "scenario.yaml").write_text((d / "scenario.yaml").read_text(encoding="utf-8").replace(
            "siting:\n", f"siting:\n  year: {year}\n"), encoding="utf-8")
    r = CliRunner().invoke(main, ["validate", str(d / "scenario.yaml"), "--lang", "fr"])
    assert r.exit_code == 0, r.output
    return r.output


def test_available_from_without_a_siting_year_is_said(tmp_path):
    """plots.csv's available_from is read only against siting.year: without it, a plot free in
    2031 (INNOVEX, row 3; PIICTO, row 2, in 2028) was placed on as if free now, without a word.
    The warning names the first such row and the latest year (2031, by reading the two cells)."""
    out = _validate(tmp_path, None, {"PIICTO": "2028", "INNOVEX": "2031"})
    assert ("attention : plots.csv, ligne 2, colonne 'available_from' : 2 parcelles donnent l'année à partir de "
            "laquelle elles sont libres (2028 ici, 2031 au plus tard), mais scenario.yaml n'a pas de siting.year : ces "
            "dates ne sont pas lues et toutes les parcelles comptent comme libres dès maintenant") in out, out
    assert "siting.year" not in _validate(tmp_path / "y", "2030", {"INNOVEX": "2031"})
    assert "siting.year" not in _validate(tmp_path / "n", None, {})


def test_validate_says_the_siting_it_read(tmp_path):
    """`eitflow validate` of a siting scenario said 'ok: ... 4 sites, 3 supplies, 1 demand, 0
    candidate links' and nothing of its plots and activities: a plots.csv left out of
    scenario.yaml, or read, looked the same. It says what it read; fos_siting has 3 plots, 6
    activities and 12 candidate placements (its README: '12 candidate placements')."""
    r = CliRunner().invoke(main, ["validate", str(SCEN / "scenario.yaml"), "--lang", "fr"])
    assert r.exit_code == 0, r.output
    assert "  implantation : 3 parcelles, 6 activités, 12 implantations candidates (eitflow site les implante)" \
        in r.output, r.output
    r = CliRunner().invoke(main, ["validate", str(ROOT / "scenarios" / "zae_example" / "scenario.yaml")])
    assert r.exit_code == 0 and "siting" not in r.output and "implantation" not in r.output, r.output


def test_the_workbooks_ranking_names_every_placement(tmp_path):
    """results.xlsx of `eitflow site --excel` named a ranked placement outside the plan by its
    code ('site (nom)': ELECTROLYSEUR@PIICTO) where the plan's had their names: every row has
    the name people read, activities.csv's name, ' – ', plots.csv's name (by hand from
    fos_siting's files: 'Électrolyseur PEM (20 MW) – PIICTO - réserve foncière de Caban-Tonkin
    (Port de Marseille Fos)')."""
    import openpyxl

    out = tmp_path / "run"
    r = CliRunner().invoke(main, ["site", str(SCEN / "scenario.yaml"), "--out", str(out), "--excel", "-q",
                                  "--lang", "fr"])
    assert r.exit_code == 0, r.output
    ws = openpyxl.load_workbook(out / "results.xlsx")["classement des parcelles"]
    rows = list(ws.iter_rows(values_only=True))
    head = rows[0]
    named = {row[head.index("site")]: row[head.index("site (nom)")] for row in rows[1:] if row[0]}
    assert len(named) == 12   # the README's 12 candidate placements
    assert named["ELECTROLYSEUR@PIICTO"] == ("Électrolyseur PEM (20 MW) – PIICTO - réserve foncière de Caban-Tonkin "
                                             "(Port de Marseille Fos)")
    assert all(name != code for code, name in named.items()), named


def test_a_plan_placing_nothing_says_no_more_than_it_knows(tmp_path):
    """fos_siting with every plot greenfield and a 0.1 ha budget places nothing: each activity
    takes more (RCU_FOS, the smallest, 40 GWh/yr x 0.01 ha = 0.4 ha), so activity_reasons.csv
    says land_take_budget for all six. The report said 'Aucune activité n'est rentable sur
    aucune parcelle' (none pays) and gave each a 'meilleure parcelle', and, the territory alone having no candidate link (validate:
    '0 candidate links'), 'Toutes les liaisons candidates sont utilisées' (every one of none used)."""
    d = tmp_path / "fos"
    shutil.copytree(SCEN, d)
    lines = (d / "plots.csv").read_text(encoding="utf-8").splitlines()
    (d / "plots.csv").write_text("\n".join([lines[0] + ",greenfield"] + [x + ",true" for x in lines[1:]]) + "\n",
                                 encoding="utf-8")
    (d / "scenario.yaml").write_text((d / "scenario.yaml").read_text(encoding="utf-8").replace(
        "siting:\n", "siting:\n  max_new_land_take_ha: 0.1\n"), encoding="utf-8")
    out = tmp_path / "run"
    r = CliRunner().invoke(main, ["site", str(d / "scenario.yaml"), "--out", str(out), "--report", "-q", "--lang", "fr"])
    assert r.exit_code == 0, r.output
    with open(out / "activity_reasons.csv", encoding="utf-8") as fh:
        why = list(csv.DictReader(fh))
    assert {a["reason"] for a in why} == {"land_take_budget"}
    # no plot is 'best' where none can take it (it said La Feuillane, the first of the impossible ones)
    assert {a["best_plot"] for a in why} == {""}, why
    html = (out / "report.html").read_text(encoding="utf-8").replace("&#x27;", "'")
    assert "n'est rentable sur aucune parcelle" not in html
    assert "Aucune activité n'est implantée : pourquoi, pour chacune, dans le tableau des activités ci-dessous." in html
    assert "Toutes les liaisons candidates sont utilisées" not in html
    assert "Aucune liaison candidate : les flux non appariés ci-dessous disent pourquoi" in html


def test_the_maps_plot_says_why_it_is_empty(tmp_path):
    """The map's square of an empty plot said its name, area and '–' placed: its tooltip now
    says why (PIICTO: the pellet plant would lower the plan by 165,153 EUR/yr, the README's)."""
    import re

    _, out = _run(tmp_path, "fr")
    html = (out / "report.html").read_text(encoding="utf-8").replace("\u202f", " ").replace("&#x27;", "'")
    tip = re.search(r'data-plot="PIICTO"><title>([^<]*)</title>', html).group(1)
    assert tip.endswith("3 activités candidates ici, aucune implantée ; la meilleure ici, GRANULES, réduirait le "
                        "plan de 165 153 €/an"), tip
