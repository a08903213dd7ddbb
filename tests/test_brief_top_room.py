"""The top tables give up rows where the brief's header grows (lead's review, 2026-12-06): with what
to decide on three lines (two more, 2 x 18 = 36 px) the map's room was cut (`report.briefhead`),
but the right column kept five rows in each table and ran past the page: zae_example, redon_h2,
tavaux_h2 and dunkerque_dh printed at zoom 0.952. Their right column (measured in Chromium: 445 px
from 254.8 px under the page's top, the page 712 px high, 8 px kept free) had 4.2 px to spare; 36
px more take a row off each table (63 px), the headings then say 4, and a line under the tables
says how many more (`tests/test_brief_top_more.py`). tavaux_h2 lists 4 rows without it since its
heat pump's row takes two lines: zae_example, five rows, is the case now."""
from __future__ import annotations

import re

import pytest

from brief_runs import open_briefs
from eitflow.report.brief import top_column_px
from test_brief_header import _run


def test_the_column_by_hand():
    """Five rows in each table: 2 x 61.5 + 7 + 10 x 31.5 = 445 px; a network's row naming its sites on
    two lines 2 x 12.6 = 25.2 px more."""
    row = '<tr><td class="ex"><span class="route">a → b</span><small>x</small></td></tr>'
    assert top_column_px(row * 10) == pytest.approx(445.0)
    sites = '<span class="route sites">Injectent : a</span><span class="route sites">Prélèvent : b</span>'
    net = row.replace("</span><small>", "</span>" + sites + "<small>")
    assert top_column_px(net + row * 9) == pytest.approx(445.0 + 25.2)


ZOOM_JS = """(() => { const p = document.querySelector('.brief-page');
  return {zoom: p.getAttribute('data-zoom'), rows: document.querySelectorAll('#top-net tbody tr').length,
          co2: document.querySelectorAll('#top-co2 tbody tr').length,
          h2: Array.from(document.querySelectorAll('.top h2')).map(h => h.textContent),
          more: Array.from(document.querySelectorAll('.note.more')).map(e => e.textContent)}; })()"""


@pytest.mark.slow
def test_a_three_line_decision_takes_a_row_off_each_table(browser, tmp_path, monkeypatch):
    import eitflow.report.brief as brief

    run = _run(tmp_path, "zae_example")
    said = brief.decision
    more = ("Les montants sont ceux du plan qui rapporte le plus parmi ceux qui évitent le plus de CO2 ; le détail de "
            "chaque échange, sa fourchette de prix et le motif de chaque flux resté sans partenaire sont dans le "
            "rapport complet.")
    monkeypatch.setattr(brief, "decision", lambda data, lang: said(data, lang) + " " + more)
    _, html = next(open_briefs(browser, run, ("fr",)))
    assert re.search(r'<p class="small">[^<]*rapport complet\.</p>', html.read_text(encoding="utf-8"))
    got = browser.js(ZOOM_JS)
    assert got["zoom"] == "1.000", got
    # its first seven by net benefit are its first seven by CO2 avoided: one table (`test_brief_tables_differ`),
    # as many rows as fit with the decision's two lines more
    n = got["rows"]
    assert got["co2"] == 0 and 4 <= n <= 7, got
    assert got["h2"] == [f"Les {n} synergies au plus fort bénéfice net, aussi celles qui évitent le plus de CO2"], got
    # 17 exchanges (README: "the bundled example's 17 exchanges"), 4 listed
    assert got["more"] == [f"… et {17 - n} autres synergies retenues, dans le rapport complet (report.pdf)"], got
