"""The brief's top tables listing fewer than five rows for the page's height say how many more
there are, and where (lead's brief review, 2026-12-07): since a heat pump's row takes two lines
(its COP beside its amounts), dunkerque_dh's, tavaux_h2's and fos_siting's briefs listed 4 of
their 9, 9 and 5 exchanges per table and said nothing of the others. Five do not fit at zoom 1.0:
the heat pump's second line, 'chaleur, 19 839 MWh/an envoyés, 30 000 reçus · pompe à chaleur,
COP 2,87', is 416 px of text where 297 are free before the row's figure (no tighter line nor
narrower column frees 120 px), and its second line puts the column 8.4 px past the page.

Read in headless Chromium on the page as printed: the rows each table lists and the number its
last line says. The exchanges' count is matches.csv's rows, counted here (the scenarios below
have no shared network, whose connections the brief lists as one row)."""

from __future__ import annotations

import csv
import re

import pytest

import eitflow
from brief_runs import open_briefs
from conftest import ROOT
from eitflow.results.rundir import write_run

TOP_JS = """(() => ({rows: Array.from(document.querySelectorAll('.top')).map(t => t.querySelectorAll('tbody tr').length),
  more: Array.from(document.querySelectorAll('.note.more')).map(e => e.textContent),
  last: (document.querySelector('.top:last-child') || {lastElementChild: null}).lastElementChild?.className}))()"""
WORDS = {"une": 1, "one": 1}


def said_more(text: str) -> int:
    """The number of rows a table's last line says it leaves out ('… et 5 autres synergies
    retenues', '… and one more chosen synergy')."""
    m = re.search(r"(?:et|and) (\d+|une|one) ", text)
    assert m, text
    return WORDS.get(m.group(1)) or int(m.group(1))


def test_said_more_reads_the_words():
    assert said_more("… et 5 autres synergies retenues, dans le rapport complet (report.pdf)") == 5
    assert said_more("… and one more chosen synergy, in the full report (report.pdf)") == 1


@pytest.mark.slow
@pytest.mark.parametrize("name", ["dunkerque_dh", "tavaux_h2", "zae_example", "redon_h2"])
def test_a_shortened_top_table_says_how_many_more(browser, name, tmp_path):
    """French and English: tables listing other than five rows, and fewer than the exchanges,
    are followed by a line (once, under both) saying how many more, the rows listed and that
    number making up the exchanges (zae_example: one table of 7, its first seven by both figures
    the same, and '10 more' of 17; dunkerque_dh and tavaux_h2 listed 4 rows and '5 more' of 9,
    before, no such line); a table listing every exchange says nothing more (dunkerque_dh,
    tavaux_h2 and redon_h2 now: one table of all)."""
    run = write_run(eitflow.run_file(ROOT / "scenarios" / name / "scenario.yaml"), tmp_path / "run")
    with open(run / "matches.csv", newline="", encoding="utf-8") as f:
        exchanges = list(csv.DictReader(f))
    assert exchanges and all(r["mode"] != "network" for r in exchanges), name   # one row per exchange
    total = len(exchanges)
    for lang, _ in open_briefs(browser, run):
        got = browser.js(TOP_JS)
        rows = got["rows"]
        # the same number in each (one table where both would list the same rows: `test_brief_tables_differ`)
        assert len(rows) in (1, 2) and len(set(rows)) == 1, (name, lang, got)
        if rows[0] != 5 and rows[0] < total:   # one table of more than five (`test_brief_tables_differ`) too
            assert len(got["more"]) == 1 and got["last"] == "note more", (name, lang, got)   # once, under both
            assert rows[0] + said_more(got["more"][0]) == total, (name, lang, got, total)
            assert "report.pdf" in got["more"][0], (name, lang, got)
        else:
            assert got["more"] == [], (name, lang, got)
        if name in ("dunkerque_dh", "tavaux_h2"):   # 9 exchanges each (their README)
            # one table of all 9 (in the room of two: `test_brief_tables_differ`)
            assert total == 9 and rows == [9], (name, lang, got)
