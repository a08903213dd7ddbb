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
    """scenarios/dunkerque_dh's heat through a heat pump (Aluminerie de Loon-Plage -> Réseau de
    chaleur de Gravelines, in the CO2 top 5, net benefit 422,409 EUR/yr) at 987,654,321,987
    MWh/yr: its second line "chaleur, 987 654 321 987 MWh/an · pompe à chaleur, COP 2,87" is
    57 characters, about 320 px at 10.5 px, where the route's cell is 58 % of the 464 px column
    (269 px) and the figure, right-aligned in the next 97 px, starts about 320 px from the
    cell's left. Before: the line ran on under the figure. Now: it wraps, its text at least
    4 px left of the figure's, in both languages (English's shorter words fit on one line); and the line as run (19,839 MWh/yr) stays
    on one line, as it fits beside its figure (the page's height unchanged)."""
    run = write_run(eitflow.run_file(ROOT / "scenarios" / "dunkerque_dh" / "scenario.yaml"), tmp_path / "run")
    html = write_brief(run, tmp_path / "brief.asrun.html", "fr")
    browser.open(Path(html), width=1054, height=794)
    rows = browser.js(ROWS_JS)
    assert not any(r["lines"] for r in rows), rows
    m = pd.read_csv(run / "matches.csv")
    hp = m["heat_pump"].astype(str).str.lower() == "true"
    assert hp.sum() == 1, m["heat_pump"]
    m.loc[hp, "amount"] = 987_654_321_987.0
    m.to_csv(run / "matches.csv", index=False)
    for lang, said in (("fr", "987 654 321 987"), ("en", "987,654,321,987")):
        html = write_brief(run, tmp_path / f"brief.{lang}.html", lang)
        browser.events.clear()
        browser.open(Path(html), width=1054, height=794)
        rows = browser.js(ROWS_JS)
        long = [r for r in rows if said in r["text"].replace("\u202f", " ").replace("\xa0", " ")]
        assert long, (lang, rows)
        # French's longer words wrap it (English's "heat, ... heat pump, COP 2.87" fits beside)
        assert long[0]["lines"] == (lang == "fr"), (lang, long)
        for r in rows:
            assert r["textRight"] <= r["figLeft"] - 4.0, (lang, r)
            assert r["textRight"] <= r["colRight"] + 0.5, (lang, r)
