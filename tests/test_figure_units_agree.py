"""One figure, one unit and one rounding in every view (figaudit).

Found by reading every output of the bundled zae_example and ludres_backbone side by side, as a
territorial analyst does before handing figures to elected officials:

- CO2 columns (``*_t_per_yr``: every one is tonnes of CO2) were headed "CO2 évité (t/an)" in
  results.xlsx's sheets and the analyses' tables, while the report, the brief, the status line
  and the workbook's own summary sheet say the same figure in "tCO2/an".
- an objective in an analysis table (sizes' "objectif", resilience's "objectif perdu",
  alternatives' "objectif", pareto's "borne") was shown with one decimal (4 166 679,5) beside the
  same figure in whole euros (4 166 680 €/an in the sentence under sizes' table, the net benefit
  column of alternatives, the run's status line and report).
"""
from __future__ import annotations

import io

import openpyxl
import pandas as pd
from click.testing import CliRunner
from rich.console import Console

from conftest import ROOT
from eitflow.cli.main import main
from eitflow.cli.tables import print_table

SCEN = ROOT / "scenarios"
NB = "\u202f"   # French thousands separator


def _invoke(*args) -> str:
    r = CliRunner().invoke(main, [str(a) for a in args], env={"COLUMNS": "250"}, catch_exceptions=False)
    assert r.exit_code == 0, r.output
    return r.output


def _printed(df: pd.DataFrame, lang: str) -> str:
    buf = io.StringIO()
    print_table(df, lang, console=Console(file=buf, width=250, highlight=False))
    return buf.getvalue()


def test_a_co2_column_is_headed_in_tco2_as_the_report_says(tmp_path):
    """results.xlsx (French): the exchanges sheet's CO2 column, the zones and companies sheets'
    and the summary sheet's per-resource CO2 rows are headed in 'tCO2/an', the unit of the
    summary sheet's own 'CO2 évité (tCO2/an)' row and of the report's CO2 columns; the analyses'
    tables head the column 'CO2 évité' over 'tCO2/an'. Before: '(t/an)' in every sheet."""
    out = tmp_path / "run"
    _invoke("run", SCEN / "zae_example" / "scenario.yaml", "--out", out, "--excel", "--lang", "fr")
    wb = openpyxl.load_workbook(out / "results.xlsx", read_only=True)
    heads = {ws.title: [c.value for c in next(ws.iter_rows(max_row=1))] for ws in wb.worksheets}
    summary_rows = {r[2]: r[0] for r in wb["synthèse"].iter_rows(min_row=2, values_only=True)}
    assert summary_rows["totals.co2_avoided_t_per_yr"] == "CO2 évité (tCO2/an)"
    assert summary_rows["totals.amount_by_resource.heat.co2_avoided_t_per_yr"] == "chaleur : CO2 évité (tCO2/an)"
    for sheet in ("échanges", "zones", "entreprises"):
        assert "CO2 évité (tCO2/an)" in heads[sheet], (sheet, heads[sheet])
        assert not any("(t/an)" in str(h) for h in heads[sheet]), (sheet, heads[sheet])
    assert "CO2 évité, liaison seule (tCO2/an)" in heads["non retenus"]
    report_unit = "tCO2/an"   # the report's CO2 columns and cards (report.sections: col_co2, 'tCO2/yr')
    table = _printed(pd.DataFrame({"zone": ["A"], "co2_avoided_t_per_yr": [1500.0]}), "fr")
    assert report_unit in table and " t/an" not in table
    assert "tCO2/yr" in _printed(pd.DataFrame({"zone": ["A"], "co2_lost_t_per_yr": [1.0]}), "en")


def test_an_objective_in_a_table_is_rounded_as_its_unit():
    """A net benefit objective of 15,063,908.64 EUR/yr is 15 063 909 in whole euros, as the
    net benefit column beside it; a CO2 objective of 50,167.49 tCO2/yr is 50 167,5 (one
    decimal, as every tCO2/yr figure). Before: '15 063 908,6' beside '15 063 909'."""
    df = pd.DataFrame({"rank": [0, 1], "objective": [15063908.64, 50167.49], "objective_unit": ["EUR/yr", "tCO2/yr"],
                       "net_benefit_eur_per_yr": [15063908.64, 15063908.64]})
    text = _printed(df, "fr")
    assert text.count(f"15{NB}063{NB}909") == 3 and "908,6" not in text, text
    assert f"50{NB}167,5" in text
    # pareto's bound is the net benefit it maximises: bound_eur_per_yr, in whole euros too
    text = _printed(pd.DataFrame({"point": [0], "net_benefit_eur_per_yr": [14377454.61],
                                  "bound_eur_per_yr": [14377454.61]}), "fr")
    assert text.count(f"14{NB}377{NB}455") == 2 and "454,6" not in text, text


def test_sizes_table_says_the_objective_as_its_sentence(tmp_path):
    """`eitflow sizes` on ludres_backbone: the table's objective (the run's net benefit,
    4,166,679.50 EUR/yr in its --csv) reads 4 166 680 as the sentence below it and the run's
    report; before, '4 166 679,5' in the table and '4 166 680 €/an' under it."""
    csv = tmp_path / "sizes.csv"
    path = SCEN / "ludres_backbone" / "scenario.yaml"
    _invoke("sizes", path, "--lang", "fr", "--csv", csv)
    raw = pd.read_csv(csv)
    run = raw.loc[raw["plan"] == "run", "objective"].iloc[0]
    whole = f"{round(run):,}".replace(",", NB)     # worked out here: whole euros, French separators
    text = _invoke("sizes", path, "--lang", "fr")
    one_decimal = f"{run:,.1f}".replace(",", NB).replace(".", ",")   # 4 166 679,5
    # the run's and the catalogue plan's objective and objective at catalogue sizes, and the sentence
    assert text.count(whole) == 5 and one_decimal not in text, text


def test_compare_says_the_co2_change_as_its_zone_line_and_status_lines(tmp_path):
    """ludres_backbone's point-to-point comparison (A) against its shared network (B): B avoids
    less CO2 than A, all of it in Moselle et Madon. compare's total line said '16 143 -> 16 133
    tCO2/an (-10)' while its zone line said '-10,2 tCO2/an' and the two status lines 16 143,1
    and 16 132,9: the same change shown two ways. Worked out here from the two summary.json
    files: the total line shows each run's CO2 and their difference to one decimal, as the zone
    line and the status lines do."""
    import json

    scen = SCEN / "ludres_backbone"
    a, b = tmp_path / "a", tmp_path / "b"
    _invoke("run", scen / "point_to_point.yaml", "--out", a, "--lang", "fr")
    _invoke("run", scen / "scenario.yaml", "--out", b, "--lang", "fr")
    co2 = [json.loads((d / "summary.json").read_text())["totals"]["co2_avoided_t_per_yr"] for d in (a, b)]
    said = [f"{v:,.1f}".replace(",", NB).replace(".", ",") for v in co2]        # 16 143,1 and 16 132,9
    delta = f"{co2[1] - co2[0]:.1f}".replace(".", ",")                          # -10,2
    assert delta.startswith("-") and delta != "-0,0"
    text = _invoke("compare", a, b, "--lang", "fr")
    assert f"CO2 évité : {said[0]} -> {said[1]} tCO2/an ({delta})" in text, text
    assert "zone Moselle et Madon : " in text and f"{delta} tCO2/an" in text.split("zone Moselle et Madon : ")[1]


def test_pareto_page_says_the_bound_as_the_net_benefit(tmp_path):
    """pareto.html's table: a point proven optimal (gap 0) has its bound equal to its net
    benefit, so the two cells must read alike, in whole euros as the net benefit column and the
    run's report (14 377 455, not '14 377 454,61' beside '14 377 455')."""
    import html as html_lib
    import re

    from eitflow.report.plots import write_pareto

    df = pd.DataFrame({"point": [0], "co2_min_t_per_yr": [50171.59869], "net_benefit_eur_per_yr": [14377454.61],
                       "co2_avoided_t_per_yr": [50171.59869], "investment_eur": [31310378.65], "n_links": [17],
                       "status": ["optimal"], "gap": [0.0], "bound_eur_per_yr": [14377454.61]})
    page = next(p for p in write_pareto(df, tmp_path, "fr") if p.suffix == ".html").read_text(encoding="utf-8")
    cells = [html_lib.unescape(c) for c in re.findall(r'<td class="n">([^<]*)</td>', page)]
    whole = f"14{NB}377{NB}455"   # 14,377,454.61 to the euro, worked out by hand
    assert cells.count(whole) == 2 and not any("454,61" in c for c in cells), cells
    # the gap's cell carries its "%", as in `eitflow pareto`'s table: the header says it once
    heads = [html_lib.unescape(h) for h in re.findall(r"<th>([^<]*)</th>", page)]
    assert "0,00 %" in cells or "0,00 %" in [c.replace(" ", " ") for c in cells], cells
    assert "écart" in heads and "écart (%)" not in heads, heads


def test_pareto_page_says_which_points_are_one_plan_and_the_bounds_unit(tmp_path):
    """pareto.html of ludres_backbone's front (points 1 to 6 one plan: 17,488.3 tCO2/yr, 11
    exchanges) said neither that the six rows were one plan nor the bound's unit ('borne' beside
    'bénéfice net (€/an)'). Here three points, 1 and 2 one plan: the page says 'point 2 : le même
    plan que le point 1', has a 'même plan que le point' column and 'borne (€/an)'."""
    import html as html_lib
    import re

    from eitflow.report.plots import write_pareto

    df = pd.DataFrame({"point": [0, 1, 2], "co2_min_t_per_yr": [16132.9, 16810.6, 17488.3],
                       "net_benefit_eur_per_yr": [4166679.5, 4136609.2, 4136609.2],
                       "co2_avoided_t_per_yr": [16132.9, 17488.3, 17488.3], "investment_eur": [1.29e7, 1.86e7, 1.86e7],
                       "n_links": [10, 11, 11], "same_plan_as": [0, 1, 1], "status": "optimal", "gap": 0.0,
                       "bound_eur_per_yr": [4166679.5, 4136609.2, 4136609.2]})
    page = html_lib.unescape(next(p for p in write_pareto(df, tmp_path, "fr") if p.suffix == ".html")
                             .read_text(encoding="utf-8"))
    heads = re.findall(r"<th>([^<]*)</th>", page)
    assert "borne (€/an)" in [h.replace(NB, " ").replace("\u202f", " ") for h in heads], heads
    assert "même plan que le point" in heads, heads
    assert "Point 2 : le même plan que le point 1 (mêmes échanges, mêmes quantités) ; ce plan" in page


def test_the_maps_tooltip_says_co2_in_tco2(tmp_path):
    """report.html's map: each exchange's tooltip ended 'CO2 évité 149,2 t/an' right after the
    exchange's own amount of CO2 ('CO2, 1 500 t/an'): tonnes of CO2 avoided are said in
    'tCO2/an', as the report's tables and cards say them. The figure is matches.csv's, to one
    decimal (read here from the CSV)."""
    import html as html_lib
    import re

    out = tmp_path / "run"
    _invoke("run", SCEN / "zae_example" / "scenario.yaml", "--out", out, "--report", "--lang", "fr")
    titles = [html_lib.unescape(t) for t in re.findall(r"<title>([^<]*→[^<]*)</title>",
                                                       (out / "report.html").read_text(encoding="utf-8"))]
    titles = [t for t in titles if "CO2 évité" in t]   # the map's exchanges (the Sankey's bands say amounts)
    m = pd.read_csv(out / "matches.csv")
    assert len(titles) == len(m) and not any(t.endswith(" t/an") for t in titles), titles
    for co2 in m["co2_avoided_t_per_yr"]:
        said = f"{co2:,.1f}".replace(",", NB).replace(".", ",")
        assert any(t.endswith(f"CO2 évité {said}\u00a0tCO2/an") or t.endswith(f"CO2 évité {said} tCO2/an")
                   for t in titles), (said, titles)


def test_a_co2_objective_is_said_alike_in_the_status_block_and_the_cards(tmp_path):
    """zae_example with `objective: co2`: the report's and brief's status block said 'Objectif
    50 172 tCO2/an ; borne 50 172 tCO2/an' under the card '50 171,6 tCO2/an', the same figure
    rounded two ways. Worked out here from summary.json: the objective and bound to one decimal,
    as every tCO2/yr figure of the report."""
    import json
    import shutil

    src = tmp_path / "scen"
    shutil.copytree(SCEN / "zae_example", src)
    yaml = (src / "scenario.yaml").read_text(encoding="utf-8")
    assert "objective: net_benefit" in yaml
    (src / "scenario.yaml").write_text(yaml.replace("objective: net_benefit", "objective: co2"), encoding="utf-8")
    out = tmp_path / "run"
    _invoke("run", src / "scenario.yaml", "--out", out, "--report", "--lang", "fr")
    s = json.loads((out / "summary.json").read_text())
    assert s["objective_unit"] == "tCO2/yr" and s["status"] == "optimal"
    one = lambda v: f"{v:,.1f}".replace(",", NB).replace(".", ",")   # noqa: E731
    said = f"Objectif {one(s['objective'])}\u00a0tCO2/an ; borne {one(s['bound'])}\u00a0tCO2/an."
    from eitflow.report.brief import write_brief

    for page in (out / "report.html", write_brief(out, tmp_path / "brief.html", "fr")):
        text = page.read_text(encoding="utf-8")
        if page.name == "brief.html":   # the brief says what to decide there: the card's big figure, 50,2 k
            k = f"{s['totals']['co2_avoided_t_per_yr'] / 1000:.1f}".replace(".", ",")
            assert f"{k}\u00a0ktCO2/an évitées" in text.replace(" k", "\u00a0k"), (page, k)
        else:
            assert said.replace("\u00a0", " ") in text.replace("\u00a0", " "), (page, said)
        assert f"{one(s['totals']['co2_avoided_t_per_yr'])}" in text   # the card's figure, the same


def test_compare_names_a_new_networks_return_temperature_with_its_unit(tmp_path):
    """fos_siting without and with its heat network (network.yaml, 90/60 °C): compare's
    parameters line said 'heat network added (temperature 90 degC, return_temperature_c 60, ...)'
    in English and '... return_temperature_c 60 ...' in French: the raw key, without its unit.
    Both temperatures are network.yaml's (90 and 60 °C), said by name with their unit (degC in
    English, as every English message says it)."""
    a, b = tmp_path / "a", tmp_path / "b"
    _invoke("site", SCEN / "fos_siting" / "scenario.yaml", "--out", a, "--no-rank")
    _invoke("site", SCEN / "fos_siting" / "network.yaml", "--out", b, "--no-rank")
    def parameters(lang: str) -> str:
        """compare's parameters line, with the lines it wraps into at 250 columns (two spaces in)."""
        lines = _invoke("compare", a, b, "--lang", lang).splitlines()
        i = next(k for k, ln in enumerate(lines) if ln.startswith(("parameters", "paramètres")))
        j = next((k for k in range(i + 1, len(lines)) if not lines[k].startswith("  ")), len(lines))
        return " ".join(ln.strip() for ln in lines[i:j])

    said = {lang: parameters(lang) for lang in ("en", "fr")}
    assert "heat network added (temperature 90 degC, return temperature 60 degC, " in said["en"], said["en"]
    assert "réseau de chaleur ajouté (température 90 °C, température de retour 60 °C, " in said["fr"], said["fr"]
    assert "_" not in said["en"] + said["fr"]
