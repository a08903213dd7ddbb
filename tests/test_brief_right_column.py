"""The brief's right column (the two top tables) keeps to its box, measured in headless Chromium
at the print window's 1,054 px as the PDF is printed.

Its height is estimated nowhere (the map's column is: the map gives up its overflow), and the
page's script zoomed the page only when its lowest box ran past the page's end: a right column
ending 0 to 8 px above it was printed so, under the margin every other brief keeps
(`test_brief_margin`). And a row's second line (what it carries, its amount, its heat pump)
did not wrap: a long one ran under the row's figure, and past the page's right edge, which
crops it.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import eitflow
from conftest import ROOT
from eitflow.report.brief import write_brief
from eitflow.results.rundir import write_run

MARGIN_PX = 8.0

FREE_JS = """(() => { const p = document.querySelector('.brief-page');
  const low = Array.from(p.querySelectorAll('*')).filter(e => !(e instanceof SVGElement) || e.tagName === 'svg')
    .reduce((a, e) => Math.max(a, e.getBoundingClientRect().bottom), 0);
  const right = document.querySelector('.brief .cols').children[1].getBoundingClientRect();
  return {free: p.getBoundingClientRect().bottom - low, pageBottom: p.getBoundingClientRect().bottom,
          rightBottom: right.bottom, zoom: p.getAttribute('data-zoom')}; })()"""

ROWS_JS = """(() => { const col = document.querySelector('.brief .cols').children[1].getBoundingClientRect();
  const ink = e => { const r = document.createRange(); r.selectNodeContents(e); return r.getBoundingClientRect(); };
  return Array.from(document.querySelectorAll('.brief td.ex small')).map(s => {
    const fig = s.closest('td').nextElementSibling;   // the row's net benefit, right-aligned
    return {text: s.textContent, textRight: ink(s).right, figLeft: ink(fig).left, colRight: col.right,
            lines: ink(s).height > 20}; }); })()"""


@pytest.mark.slow
def test_a_right_column_near_the_page_end_keeps_the_margin(browser, tmp_path):
    """scenarios/redon_h2's French brief with its right column lowered (a spacer above its first
    table, as a taller table would) to end 3 px above the page's end, below the map's column.
    Before: printed so, zoom 1.000 and 3 px free. Now: zoomed until 8 px are free."""
    run = write_run(eitflow.run_file(ROOT / "scenarios" / "redon_h2" / "scenario.yaml"), tmp_path / "run")
    html = write_brief(run, tmp_path / "brief.html", "fr")
    browser.open(Path(html), width=1054, height=794)
    got = browser.js(FREE_JS)
    assert got["zoom"] == "1.000" and got["free"] >= MARGIN_PX, got
    # the spacer that brings the right column's end 3 px above the page's end
    pad = got["pageBottom"] - 3.0 - got["rightBottom"]
    assert pad > 0, got
    text = Path(html).read_text(encoding="utf-8")
    start = '<div><div class="top">'
    assert text.count(start) == 1
    low = tmp_path / "low.html"
    low.write_text(text.replace(start, f'<div><div style="height:{pad:.2f}px"></div><div class="top">'), encoding="utf-8")
    browser.events.clear()
    browser.open(low, width=1054, height=794)
    got = browser.js(FREE_JS)
    assert got["free"] >= MARGIN_PX - 0.5, got
    assert float(got["zoom"]) < 1.0, got


@pytest.mark.slow
def test_a_long_second_line_wraps_before_the_figures(browser, tmp_path):
    """scenarios/dunkerque_dh's largest exchange (the steelworks' slag to the port's grinder, first
    in both tables) at 990,000,000,000,000,000,000 t/yr sent and received: its second line
    "laitier → ajout cimentaire, 990 000 000 000 000 000 000 t/an" runs past where the row's
    figure starts. Before: the line ran on under the figure. Now: it wraps, its text at least 4
    px left of the figure's, in both languages, and the right column's height counts the line it
    wraps into (`report.briefroutes.said_small`): the page keeps its size (zoom 1). As run, no row
    wraps but the heat pump's exchange, said sent and received with its COP."""
    run = write_run(eitflow.run_file(ROOT / "scenarios" / "dunkerque_dh" / "scenario.yaml"), tmp_path / "run")
    html = write_brief(run, tmp_path / "brief.asrun.html", "fr")
    browser.open(Path(html), width=1054, height=794)
    rows = browser.js(ROWS_JS)
    # (but the heat pump's exchange, its second line saying sent, received and its COP: the brief
    # lists all nine exchanges in one table, `test_brief_tables_differ`)
    assert not any(r["lines"] for r in rows if "pompe à chaleur" not in r["text"]), rows
    m = pd.read_csv(run / "matches.csv")
    big = m["net_benefit_after_shares_eur_per_yr"].idxmax()
    assert m.at[big, "supply_resource"] == "slag"
    m.loc[big, ["amount", "demand_amount"]] = 9.9e20
    m.to_csv(run / "matches.csv", index=False)
    for lang, said in (("fr", "990 000 000 000 000 000 000"), ("en", "990,000,000,000,000,000,000")):
        html = write_brief(run, tmp_path / f"brief.{lang}.html", lang)
        browser.events.clear()
        browser.open(Path(html), width=1054, height=794)
        rows = browser.js(ROWS_JS)
        long = [r for r in rows if said in r["text"].replace("\u202f", " ").replace("\xa0", " ")]
        assert long and all(r["lines"] for r in long), (lang, rows)
        for r in rows:
            assert r["textRight"] <= r["figLeft"] - 4.0, (lang, r)
            assert r["textRight"] <= r["colRight"] + 0.5, (lang, r)
        assert browser.js(FREE_JS)["zoom"] == "1.000", lang
