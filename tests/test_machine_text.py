"""What a machine file holds and what people read, one rule each.

Before 2026-12-08:
- summary.json's `omitted` held an English sentence ("left out: writing its N candidate links
  would overrun the time limit (30 s)...") whatever the run's language, and `eitflow run` said
  nothing of the files it had left out;
- English `i18n.money` put a plain space before "EUR" ("15,063,909 EUR") in the terminal and
  results.xlsx, where the pages glue it (U+00A0) and French money has Babel's U+00A0 before
  "€"; a machine file's text (summary.json's money-stage note) now keeps a plain space, so that
  English stays ASCII there, and every text for people a no-break one (`i18n.MONEY_SPACE`).
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pytest

from conftest import SCENARIO_YAML, write_scenario

sys.path.insert(0, str(Path(__file__).parent))
from test_amounts_every_view import LOSSY_FLOWS, LOSSY_LINKS, LOSSY_SITES  # noqa: E402

NNBSP, NBSP = "\u202f", "\xa0"

#: Loon-Plage's 20,000 MWh/yr of heat and two users of 30,000 MWh/yr at 40 EUR/MWh, both by
#: links.csv's routes of no cost: Gravelines 2.5 km away, Dunkerque 3.5 km. The pipe loses 0.2
#: %/km, so all the heat goes to Gravelines (20,000 x (1 - 0.002 x 2.5) = 19,900 received there,
#: 20,000 x (1 - 0.002 x 3.5) = 19,860 at Dunkerque): 2 candidate links, 1 chosen, 1 left for
#: not_chosen.csv
TWO_SITES = LOSSY_SITES + "DUNK,Dunkerque,51.030,2.200\n"
TWO_FLOWS = LOSSY_FLOWS + "DUNK,demand,heat,30000,MWh/yr,70,40\n"
TWO_LINKS = LOSSY_LINKS + "LOON,DUNK,heat,3.5,0,0\n"


#: why, by hand: 1 candidate link left (singular), the scenario's time_limit_s of 30 s
WHY = {"en": "left out: writing 1 candidate link would overrun the time limit (30 s)",
       "fr": "omis : l'écriture de 1 liaison candidate dépasserait la limite de temps (30 s)"}
SEP = {"en": ": ", "fr": " : "}


@pytest.fixture(scope="module")
def two(tmp_path_factory):
    return write_scenario(tmp_path_factory.mktemp("two") / "s", yaml_text=SCENARIO_YAML + "links: links.csv\n",
                          sites=TWO_SITES, flows=TWO_FLOWS, extra={"links.csv": TWO_LINKS})


def test_summary_json_says_an_omitted_file_by_code_and_figures(two, tmp_path):
    from eitflow import run_file
    from eitflow.results.rundir import write_run

    res = run_file(str(two))
    assert len(res.candidates.links) == 2 and len(res.matches) == 1   # by hand, above
    write_run(res, tmp_path / "short", deadline=time.time() - 1)
    omitted = json.loads((tmp_path / "short" / "summary.json").read_text())["omitted"]
    facts = {"what": "candidate_links", "count": 1, "reason": "time_limit", "time_limit_s": 30.0}
    assert omitted == {"not_chosen.csv": facts, "candidates.geojson": facts}


def test_an_omitted_file_said_in_each_language():
    """From the facts, in the reader's language; a run written before them kept the English
    sentence, read as it is."""
    from eitflow.results.summary import omitted_said

    facts = {"what": "candidate_links", "count": 12345, "reason": "time_limit", "time_limit_s": 5.0}
    assert omitted_said(facts, "en") == ("left out: writing 12,345 candidate links would overrun the time limit "
                                         "(5 s); give a longer --time-limit to have it")
    assert omitted_said(facts, "fr").replace(NNBSP, " ") == (
        "omis : l'écriture de 12 345 liaisons candidates dépasserait la limite de temps (5 s) ; donnez un "
        "--time-limit plus long pour l'obtenir")
    old = "left out: writing its 7 candidate links would overrun the time limit (30 s); give a longer --time-limit"
    assert omitted_said(old, "fr") == old


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_terminal_says_it_in_the_runs_language(two, tmp_path, monkeypatch, lang):
    """`eitflow run`'s last lines: the files it left out and why, in `lang` (it said nothing)."""
    from click.testing import CliRunner

    import eitflow.solve.budget as budget
    from eitflow.cli.main import main

    monkeypatch.setattr(budget, "heavy_s", lambda n_rows: 1e9)   # writing them would never end in time
    r = CliRunner().invoke(main, ["run", str(two), "--out", str(tmp_path / "run"), "--lang", lang])
    assert r.exit_code == 0, r.output
    assert f"  not_chosen.csv, candidates.geojson{SEP[lang]}{WHY[lang]}" in r.output, r.output


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_workbooks_summary_sheet_says_it_in_one_row(lang):
    """results.xlsx's summary rows of a summary.json with the facts: one row per file, in `lang`
    (flattened, the facts read as four rows of codes per file)."""
    import pandas as pd

    from eitflow.report.workbook import summary_rows

    facts = {"what": "candidate_links", "count": 1, "reason": "time_limit", "time_limit_s": 30.0}
    rows = {k: (label, v) for label, v, k in summary_rows({"omitted": {"not_chosen.csv": facts}}, pd.DataFrame(), lang)}
    assert list(rows) == ["omitted.not_chosen.csv"], rows
    label, v = rows["omitted.not_chosen.csv"]
    assert label == {"en": "output left out: not_chosen.csv", "fr": "sortie omise : not_chosen.csv"}[lang]
    assert v.startswith(WHY[lang]), v


# -- money: one rule per output -------------------------------------------------------------------

@pytest.mark.parametrize("lang,people,machine", [
    ("en", "15,063,909\xa0EUR", "15,063,909 EUR"),
    ("fr", "15\u202f063\u202f909\xa0€", "15\u202f063\u202f909 €"),
])
def test_money_glues_its_currency_for_people_and_not_in_machine_files(lang, people, machine):
    """zae_example's net benefit, 15,063,908.64 EUR/yr, to the euro."""
    from eitflow.i18n import money

    assert money(15_063_908.64, lang) == people
    assert money(15_063_908.64, lang, machine=True) == machine
    assert money(-1234.5, lang, 2, per_year=True) == ("-1,234.50\xa0EUR/yr" if lang == "en" else "-1\u202f234,50\xa0€/an")


def test_the_terminal_says_money_as_the_pages_do(two):
    """`eitflow run`'s totals line: the net benefit and investment glued to EUR, as the report's
    pages (`report.style.unbroken_html`) and French money."""
    from eitflow import run_file
    from eitflow.results.terminal import run_lines

    line = run_lines(run_file(str(two)), "en")[0]
    assert "\xa0EUR/yr" in line and "investment 0\xa0EUR" in line, line


def test_summary_json_money_stage_note_stays_ascii_in_english():
    """The money stage's note summary.json keeps (`machine`): 1,234,567 EUR/yr with a plain space;
    the report's and the terminal's the same sentence with a no-break one."""
    from eitflow.results.summary import money_stage_note

    ms = {"status": "not_run", "reason": "no_time_to_solve", "net_benefit_before_eur_per_yr": 1_234_567.0}
    note = money_stage_note(ms, "en", machine=True)
    assert note is not None and "1,234,567 EUR/yr" in note and note.isascii()
    assert "1,234,567\xa0EUR/yr" in (money_stage_note(ms, "en") or "")
