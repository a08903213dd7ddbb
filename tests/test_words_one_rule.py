"""explain's and the report's wording, one rule each (words12).

Before:
1. `eitflow explain` marked some sites "(nom fictif)" and not others: its cells cut a name at 40
   characters, the trailing note going first, so "UVE Val-de-Sambre (nom fictif)" (30) kept it
   and "Brasserie des Hauts de Sambre (nom fictif)" (42) lost it. The map and the brief show
   every name short without its note; explain's cells now do the same (`report.names.without_note`).
2. explain's sentences wrote amounts at 6 significant digits ("5,357.09 MWh/yr exchanged",
   "24,769.1 MWh/yr") beside its received sentence and the report's tables' whole figures; the
   flow's head read "5,484.7 of 40,000". Every amount now at `i18n.amount`'s precision.
3. The French report's unmatched-flows table wrote in its "Détail" cell the reason's legend and,
   under it, the same in other words; a detail that only repeats the reason is now empty.
4. The report's cards read "15,1 M €/an" (a 4 px margin) and "670€/an" where the brief's decision
   line read "15,1 M€/an": one rule, `i18n.short_parts` / `i18n.money(short=True)`.
5. The French status line said "écart 0,0000 % <= cible 0,1000 %"; French texts say ≤ and ≥.
6. `eitflow run --excel`'s summary sheet was the in-memory summary, without the left-out files
   summary.json lists; it now reads summary.json as written.
"""
from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

import pandas as pd
import pytest

from conftest import SCENARIO_YAML, write_scenario

sys.path.insert(0, str(Path(__file__).parent))
from test_amounts_every_view import LOSSY_FLOWS, LOSSY_LINKS, LOSSY_SITES  # noqa: E402

ROOT = Path(__file__).parents[1]
ZAE = ROOT / "scenarios" / "zae_example" / "scenario.yaml"
NNBSP, NBSP = "\u202f", "\xa0"


@pytest.fixture(scope="module")
def zae():
    from eitflow import run_file

    return run_file(str(ZAE))


def _zae_names() -> dict[str, str]:
    return dict(pd.read_csv(ROOT / "scenarios" / "zae_example" / "sites.csv", dtype=str).set_index("site_id")["name"])


# -- 1. "(nom fictif)" said of every site or none ---------------------------------------------------

def test_a_trailing_note_goes_for_every_name_unless_it_tells_two_apart():
    from eitflow.report.names import without_note

    names = ["UVE Val-de-Sambre (nom fictif)", "Usine (Loon-Plage)", "Usine (Gravelines)", "Port",
             "Aluminerie (nom fictif ; inspirée de Loon-Plage)"]
    # by hand: the note off each, but the two plants that only their notes tell apart
    assert without_note(names) == ["UVE Val-de-Sambre", "Usine (Loon-Plage)", "Usine (Gravelines)", "Port",
                                   "Aluminerie"]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_explain_names_no_site_fictitious_and_every_site_alike(lang):
    """zae_example's 15 sites are all "(nom fictif)": explain's cells said it of the short names
    (UVE Val-de-Sambre, 30 characters with it) and not of the long (Brasserie des Hauts de
    Sambre, 42). Now none, and the CSV's frame keeps the full names."""
    from eitflow.cli import views

    names = _zae_names()
    assert all(n.endswith(" (nom fictif)") for n in names.values())
    df = pd.read_csv(ROOT / "tests" / "data" / "tables120" / f"explain_zae_example_{lang}.csv")
    before = df.copy()
    view = views.explained(df, lang, names)
    text = " | ".join(" | ".join(view[c]) for c in ("flow_said", "partner_said", "why_said"))
    assert "nom fictif" not in text
    # by hand: each name less its 13 characters " (nom fictif)", its code beside it
    assert "UVE Val-de-Sambre (UVE_VDS)" in text and "Brasserie des Hauts de Sambre (BRASS_HS)" in text
    pd.testing.assert_frame_equal(df, before)


# -- 2. explain's amounts as the report's tables' ---------------------------------------------------

def test_explain_says_its_amounts_as_the_tables(zae):
    """f2 (UVE_VDS's 40,000 MWh/yr of steam) sends 5,357.09 MWh/yr to the greenhouses and
    29,158.2 to the brewery (matches.csv); the report's tables say 5,357 and 29,158
    (`i18n.amount`: whole from 100 on). f6's greenhouses partner is taken by ACIER_RQ (24,769.1)
    and UVE_VDS (5,230.93): 24,769 and 5,231."""
    from eitflow.analyses.explain import explain

    m = zae.matches
    sent = m[(m["source_site"] == "UVE_VDS") & (m["supply_resource"] == "steam")].set_index("sink_site")["amount"]
    assert sent["SERRES_EL"] == pytest.approx(5357.09, abs=0.01)
    assert sent["BRASS_HS"] == pytest.approx(29158.2, abs=0.1)
    en = explain(zae.scenario, zae, "f2", lang="en")
    det = dict(zip(en["partner_site"], en["detail"]))
    assert det["SERRES_EL"].startswith("5,357 MWh/yr exchanged")
    assert det["BRASS_HS"].startswith("29,158 MWh/yr exchanged")
    fr = explain(zae.scenario, zae, "f2", lang="fr")
    assert dict(zip(fr["partner_site"], fr["detail"]))["SERRES_EL"].startswith(f"5{NNBSP}357 MWh/an échangés")
    f6 = explain(zae.scenario, zae, "f6", lang="en")
    taken = dict(zip(f6["partner_site"], f6["detail"]))["SERRES_EL"]
    assert "ACIER_RQ): 24,769 MWh/yr" in taken and "UVE_VDS): 5,231 MWh/yr" in taken, taken
    # no amount of 100 or more with decimals anywhere in explain's sentences (a km under 100 may have one)
    every = explain(zae.scenario, zae, lang="en")
    said = " | ".join(every["detail"].fillna("")) + " | ".join(every["would_pass_if"].fillna(""))
    assert not re.search(r"\d{3}\.\d", said), re.findall(r"[\d,]*\d{3}\.\d+", said)


def test_explain_heads_a_flow_with_its_amounts_as_the_tables(zae):
    """f2 has 40,000 - 5,357.09 - 29,158.18 = 5,484.73 MWh/yr left: '5,485 of 40,000'."""
    from eitflow.analyses.explain import explain
    from eitflow.cli import views

    view = views.explained(explain(zae.scenario, zae, "f2", lang="en"), "en", _zae_names())
    head = next(f for f in view["flow_said"] if f)
    assert "5,485 of 40,000 MWh/yr left" in head, head


# -- 3. the unmatched table's detail says what its reason does not ---------------------------------

def _unmatched_cells(report: str) -> list[tuple[str, str]]:
    import html

    table = report.split('id="unmatched-table"')[1].split("</table>")[0]
    out = []
    for row in re.findall(r"<tr>(.*?)</tr>", table, re.S):
        cell = re.search(r'<td class="detail"[^>]*>(.*?)</td>', row, re.S)
        reason = re.search(r'<span class="reason ([a-z_]+)"', row)
        if cell and reason:
            out.append((reason.group(1), html.unescape(re.sub(r"<[^>]+>", " ", cell.group(1))).strip()))
    return out


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_unmatched_detail_does_not_repeat_its_reason(zae, tmp_path, lang):
    """zae_example: 11 flows with capacity used (every viable partner's amount taken: the same
    sentence on each row), the sulphur no one takes, and RCU_AULN's heat demand whose nearest
    partner, the brewery, is 12.6 km away (by hand: 0.088 degrees of latitude x 111.195 = 9.785
    km, 0.112 of longitude x 111.195 x cos 50.245 = 7.964 km; hypot 12.62 km) beyond 10 km."""
    from eitflow.report.html import write_report
    from eitflow.results.rundir import write_run

    run = write_run(zae, tmp_path / "run")
    cells = _unmatched_cells(write_report(run, tmp_path / "r.html", lang=lang).read_text(encoding="utf-8"))
    assert len(cells) == 13
    by = {}
    for reason, cell in cells:
        by.setdefault(reason, []).append(cell)
    assert by["capacity_used"] and set(by["capacity_used"]) == {""}
    assert by["no_compatible_partner"] == [""]
    (far,) = by["no_partner_in_range"]
    km = "12,6" if lang == "fr" else "12.6"
    assert "BRASS_HS)" in far and f"{km}{NBSP}km" in far, far
    # the legend under the table still says each reason once
    import html

    from eitflow.report.style import reason_text

    legend = html.unescape(" ".join(re.findall(r"<dd>(.*?)</dd>", (tmp_path / "r.html").read_text(encoding="utf-8"))))
    assert reason_text("capacity_used", lang) in legend


# -- 4. abbreviated money: one rule ---------------------------------------------------------------

def test_abbreviated_money_one_rule():
    """zae_example's net benefit, 15,063,908.64 EUR/yr, at a card's 3 significant digits."""
    from eitflow.i18n import money, short_parts

    assert money(15_063_908.64, "fr", per_year=True, short=True) == f"15,1{NBSP}M€/an"
    assert money(15_063_908.64, "en", per_year=True, short=True) == f"15.1M{NBSP}EUR/yr"
    assert money(670.0, "fr", per_year=True, short=True) == f"670{NBSP}€/an"
    assert short_parts(50_167.5, "tCO2/yr", "fr") == (f"50,2{NBSP}k", "tCO2/an")
    assert short_parts(50_167.5, "tCO2/yr", "en") == ("50.2K", f"{NBSP}tCO2/yr")   # CLDR English: K


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_cards_and_the_decision_line_say_money_alike(zae, tmp_path, lang):
    """The report's and the brief's cards: the figure, then in the small span the rest of
    '15,1 M€/an' (fr) with no margin that reads as a space; the brief's decision line the same."""
    from eitflow.report.briefnotes import decision
    from eitflow.report.css import CSS
    from eitflow.report.tables import cards
    from eitflow.results.rundir import read_run, write_run

    data = read_run(write_run(zae, tmp_path / "run"))
    page = cards(data, lang)
    net = re.search(r'id="card-net".*?<div class="value">(.*?)</div>', page, re.S).group(1)
    shown = re.sub(r"<[^>]+>", "", net)
    want = {"fr": f"15,1{NBSP}M€/an", "en": f"15.1M{NBSP}EUR/yr"}[lang]
    assert shown == want, net
    assert want in decision(data, lang)
    rule = re.search(r"\.card \.value \.u\{([^}]*)\}", CSS).group(1)
    assert "margin" not in rule, rule


# -- 5. ≤ and ≥ in French, and in the status line ---------------------------------------------------

def test_french_texts_say_comparisons_typographically():
    from importlib import resources

    text = resources.files("eitflow").joinpath("data/messages.csv").read_text("utf-8")
    rows = list(csv.DictReader(text.splitlines(True)))
    # pulp_row_false quotes Python the user writes (lv.x[k] >= an amount)
    ascii_left = [r["key"] for r in rows if ("<=" in r["fr"] or ">=" in r["fr"]) and r["key"] != "pulp_row_false"]
    assert ascii_left == []
    # in English too, but the column descriptions, keyed by their English (`io.schema`, the README's tables)
    english = [r["key"] for r in rows if ("<=" in r["en"] or ">=" in r["en"])
               and r["key"] != "pulp_row_false" and not r["key"].startswith("gloss__")]
    assert english == []


@pytest.mark.parametrize("lang,said", [("fr", f"écart 0{NBSP}% ≤ cible 0,1{NBSP}%"),
                                       ("en", "gap 0% ≤ target 0.1%")])
def test_the_status_line_says_at_most(lang, said):
    from eitflow.results.summary import status_line

    s = {"status": "optimal", "objective": 15_063_908.64, "objective_unit": "EUR/yr", "gap": 0.0,
         "mip_gap_target": 0.001, "bound": 15_063_908.64}
    assert said in status_line(s, lang), status_line(s, lang)


# -- 6. results.xlsx's summary sheet from summary.json ---------------------------------------------

@pytest.fixture(scope="module")
def lossy(tmp_path_factory):
    return write_scenario(tmp_path_factory.mktemp("lossy") / "s", yaml_text=SCENARIO_YAML + "links: links.csv\n",
                          sites=LOSSY_SITES, flows=LOSSY_FLOWS, extra={"links.csv": LOSSY_LINKS})


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_run_excel_lists_the_files_summary_json_left_out(lossy, tmp_path, monkeypatch, lang):
    """Writing not_chosen.csv would overrun the time limit (heavy_s made endless): summary.json
    lists it and candidates.geojson under `omitted`; the workbook's summary sheet now has one row
    each, and no not_chosen sheet (it is not made either); the input files' checksums too."""
    import json

    from click.testing import CliRunner

    import eitflow.i18n as i18n
    import eitflow.solve.budget as budget
    from eitflow.cli.main import main

    monkeypatch.setattr(budget, "heavy_s", lambda n_rows: 1e9)
    out = tmp_path / "run"
    r = CliRunner().invoke(main, ["run", str(lossy), "--out", str(out), "--excel", "--lang", lang])
    assert r.exit_code == 0, r.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert set(summary["omitted"]) == {"not_chosen.csv", "candidates.geojson"}
    book = pd.read_excel(out / "results.xlsx", sheet_name=None, engine="openpyxl")
    sheet = book[i18n.text("sheet_summary", lang)]
    keys = set(sheet.iloc[:, 2].astype(str))
    assert {"omitted.not_chosen.csv", "omitted.candidates.geojson"} <= keys, keys
    assert any(k.startswith("inputs.") for k in keys), keys
    assert i18n.text("sheet_not_chosen", lang) not in book
