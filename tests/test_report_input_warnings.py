"""A run's input warnings reach its report, in the report's language: the analyst who hands
the report on sees that the figures rest on a value read as given (a price per kWh, a far-off
site). Before, summary.json kept them as English text only and the report showed none.
The scenario: S offers heat to A 1.1 km away; A's price 0.05 in a row given in kWh/yr (a price
per kWh written where prices are per MWh: 0.05 x 1,000 = 50 EUR/MWh, by hand)."""
from __future__ import annotations

import json

import pandas as pd
import pytest

import eitflow
from eitflow.errors import problem_facts, problem_from_facts
from eitflow.report.html import write_report

SITES = pd.DataFrame({"site_id": ["S", "A"], "lat": [45.0, 45.01], "lon": [4.0, 4.0]})


def _run(tmp_path, price: float):
    flows = pd.DataFrame({"site_id": ["S", "A"], "direction": ["supply", "demand"], "resource": "heat",
                          "amount": [30000, 20_000_000], "unit": ["MWh/yr", "kWh/yr"], "temperature_c": [110, 60],
                          "price_eur_per_unit": [0, price]})
    scen = eitflow.scenario_from_frames(SITES, flows, name="t")
    return eitflow.write_run(eitflow.optimise(scen), tmp_path / f"run{price}"), scen


def test_the_warnings_facts_say_the_same_problem_in_every_language(tmp_path):
    run, scen = _run(tmp_path, 0.05)
    facts = json.loads((run / "summary.json").read_text(encoding="utf-8"))["warning_facts"]
    assert len(facts) == len(scen.warnings) == 1
    back = problem_from_facts(facts[0])
    for lang in ("en", "fr"):
        assert back.say(lang) == scen.warnings[0].say(lang)
    assert problem_from_facts(problem_facts(back)) == back


@pytest.mark.parametrize("lang, heading, words", [
    ("fr", "Données d&#x27;entrée à vérifier", "0,05 € par kWh feraient 50 €/MWh"),
    ("en", "Input data to check", "0.05 EUR per kWh would be 50 EUR/MWh"),
])
def test_the_report_shows_them_in_its_language(tmp_path, lang, heading, words):
    run, _ = _run(tmp_path, 0.05)
    html = write_report(run, lang=lang).read_text(encoding="utf-8")
    section = html[html.index('<section id="inputs">'):]
    section = section[:section.index("</section>")].replace("\xa0", " ")   # a figure's unit glued: one line
    assert heading in section and words in section and "flows, " in section


def test_no_section_without_warnings_and_old_runs_show_their_english_words(tmp_path):
    run, _ = _run(tmp_path, 50)
    assert 'id="inputs"' not in write_report(run, lang="fr").read_text(encoding="utf-8")
    old, _ = _run(tmp_path, 0.05)
    s = json.loads((old / "summary.json").read_text(encoding="utf-8"))
    del s["warning_facts"]   # as a run of the version before wrote it
    (old / "summary.json").write_text(json.dumps(s), encoding="utf-8")
    html = write_report(old, lang="fr").read_text(encoding="utf-8").replace("\xa0", " ")
    assert "Données d&#x27;entrée à vérifier" in html and "0.05 EUR per kWh would be 50 EUR/MWh" in html


def test_the_section_is_seen_in_chromium(tmp_path, browser):
    run, _ = _run(tmp_path, 0.05)
    browser.open(write_report(run, lang="fr"))
    box = browser.js("(function(){var s=document.getElementById('inputs');var r=s.getBoundingClientRect();"
                     "return [r.width, r.height, getComputedStyle(s).display, s.querySelectorAll('li').length];})()")
    assert box[0] > 300 and box[1] > 60 and box[2] != "none" and box[3] == 1, box


def test_results_xlsx_says_them_in_its_language_too(tmp_path):
    """results.xlsx's summary sheet showed the warnings as a JSON list of English sentences;
    it now says them, one per line, as the report does (`results.summary.summary_warnings`)."""
    from openpyxl import load_workbook

    from eitflow import i18n
    from eitflow.report.workbook import write_results_workbook
    from eitflow.results.summary import summary_warnings

    flows = pd.DataFrame({"site_id": ["S", "A"], "direction": ["supply", "demand"], "resource": "heat",
                          "amount": [30000, 20_000_000], "unit": ["MWh/yr", "kWh/yr"], "temperature_c": [110, 60],
                          "price_eur_per_unit": [0, 0.05]})
    res = eitflow.optimise(eitflow.scenario_from_frames(SITES, flows, name="t"))
    for lang, words in (("fr", "0,05 € par kWh feraient 50 €/MWh"), ("en", "0.05 EUR per kWh would be 50 EUR/MWh")):
        wb = load_workbook(write_results_workbook(res, tmp_path / f"r_{lang}.xlsx", lang=lang))
        ws = wb[i18n.text("sheet_summary", lang)]
        cell = next(r[1] for r in ws.iter_rows(min_row=2, values_only=True) if r[2] == "warnings")
        assert words in cell and cell == "\n".join(summary_warnings(res.summary, lang)), cell
