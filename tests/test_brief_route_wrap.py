"""A row's route in the brief's top tables ("source → sink") wraps where it is wider than its
line, measured in headless Chromium at the print window's 1,054 px.

The route was kept on one line and cut to 62 characters (`report.briefroutes.ROUTE_CHARS`), a
count that fits the bundled names (4 px to spare on the widest) but not names in capitals, as
registers such as SIRENE write them: "SOCIÉTÉ MÉTALLURGIQUE DU LITTORAL…" → "RÉSEAU DE CHALEUR
URBAIN DE DUN…" is 62 characters and about 490 px of the 441 px a route has (the table's 464 px
less its padding and the resource's swatch); the page's style hid its end behind an ellipsis,
so the sink's name lost its last 6 characters or so. Now the route wraps at its spaces: no route
is wider than its column, none is clipped, its whole text is painted, and the right column's
height counts its second line (`data-lines`, `report.brief.top_column_px`): the page still fits.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

import eitflow
from conftest import ROOT
from eitflow.report.brief import top_column_px, write_brief
from eitflow.report.briefroutes import ROUTE_PX, text_lines
from eitflow.results.rundir import write_run

LONG = {"ACIERIE": "SOCIÉTÉ MÉTALLURGIQUE DU LITTORAL DUNKERQUOIS MARDYCK",
        "RCU_DK": "RÉSEAU DE CHALEUR URBAIN DE DUNKERQUE SAINT POL SUR MER"}

ROUTES_JS = """(() => Array.from(document.querySelectorAll('.brief td.ex .route')).map(r => {
  const ink = document.createRange(); ink.selectNodeContents(r);
  const t = r.closest('table').getBoundingClientRect(), b = ink.getBoundingClientRect();
  return {text: r.textContent, clipped: r.scrollWidth > r.clientWidth + 1, inkRight: b.right,
          tableRight: t.right - 5, height: r.getBoundingClientRect().height,
          lines: Number(r.getAttribute('data-lines') || 1), sites: r.classList.contains('sites')}; }))()"""

PAGE_JS = """(() => { const p = document.querySelector('.brief-page'); const pr = p.getBoundingClientRect();
  const low = Array.from(p.querySelectorAll('*')).filter(e => !(e instanceof SVGElement) || e.tagName === 'svg')
    .reduce((a, e) => Math.max(a, e.getBoundingClientRect().bottom), 0);
  return {bottom: pr.bottom, lowest: low, zoom: p.getAttribute('data-zoom')}; })()"""


def test_the_lines_of_a_route_by_hand():
    """`text_lines` lays words greedily: "MM MM" at 10 px is 2 x 0.99 x 2 x 10 = 39.6 px of bold
    letters and 3.5 px of space, x 0.93 for regular text: 36.83 + 3.26 = 40.08 px; in 40.1 px one
    line, in 40 px two; one word "MMMM", 36.83 px, in 20 px breaks into two lines."""
    assert text_lines("MM MM", 10.0, 40.1) == 1
    assert text_lines("MM MM", 10.0, 40.0) == 2
    assert text_lines("MMMM", 10.0, 20.0) == 2
    assert text_lines("", 11.5, ROUTE_PX) == 1


def test_the_column_counts_a_wrapped_route():
    """Ten rows of two lines and one route on two lines: 445 px (`test_brief_top_room`) + 15 px."""
    row = '<tr><td class="ex"><span class="route">a → b</span><small>x</small></td></tr>'
    wrapped = row.replace('class="route"', 'class="route" data-lines="2"')
    assert top_column_px(wrapped + row * 9) == pytest.approx(445.0 + 15.0)


@pytest.mark.slow
def test_a_long_name_in_capitals_wraps_in_its_column(browser, tmp_path):
    scen = tmp_path / "dk"
    shutil.copytree(ROOT / "scenarios" / "dunkerque_dh", scen)
    sites = pd.read_csv(scen / "sites.csv", dtype=str, keep_default_na=False)
    sites["name"] = [LONG.get(i, n) for i, n in zip(sites["site_id"], sites["name"])]
    sites.to_csv(scen / "sites.csv", index=False)
    run = write_run(eitflow.run_file(scen / "scenario.yaml"), tmp_path / "run")
    html = Path(write_brief(run, tmp_path / "brief.html", "fr"))
    browser.open(html, width=1054, height=794)
    routes = browser.js(ROUTES_JS)
    long = [r for r in routes if r["text"].startswith("SOCIÉTÉ MÉTALLURGIQUE") and "RÉSEAU DE CHALEUR URBAIN" in r["text"]]
    assert long, [r["text"] for r in routes]
    for r in routes:
        assert not r["clipped"], r
        assert r["inkRight"] <= r["tableRight"] + 0.5, r   # within the column, its padding kept
    line = min(r["height"] for r in routes if not r["sites"])   # a route on one line (px)
    for r in long:
        # wider than its line: on two lines, as the height counted (`data-lines`) says
        assert r["height"] == pytest.approx(2 * line, abs=1.0) and r["lines"] == 2, r
    for r in routes:   # no route takes more lines than the column's height counted
        assert r["height"] <= r["lines"] * line + 1.0, r
    page = browser.js(PAGE_JS)
    assert page["lowest"] <= page["bottom"], page
