"""The printed report (report.pdf: A4, 210 mm less two 12 mm margins = 186 mm = 703 CSS px) keeps
the resilience table within the page: on ludres_backbone the table with its three lists beside
the figures was 926 px wide, its last columns cut at the page's edge (and Chromium printed the
whole report shrunk to fit it). On paper the lists are a table of their own under the figures,
each company's name then its lists, as the terminal prints a view too wide for one table in parts
(`cli.tables.split_parts`); on screen the table is as it was."""
from __future__ import annotations

from pathlib import Path

import pytest

import eitflow
from eitflow.analyses.resilfile import RESILIENCE_FILE, read_resilience, run_table
from eitflow.analyses.resilience import resilience
from eitflow.i18n import LANGS, unbroken
from eitflow.report.html import write_report
from eitflow.results.rundir import write_run
from eitflow.results.spreadsheet import write_table
from test_resilience_deliverables import run_dir  # noqa: F401  (its fixture: a run with resilience.csv)

A4_CONTENT_PX = 703
LUDRES = Path(__file__).resolve().parents[1] / "scenarios" / "ludres_backbone" / "scenario.yaml"

#: every visible table's width against its box and the page, and the text of each list cell
LAYOUT_JS = """(() => { const seen = el => el && el.offsetParent !== null && getComputedStyle(el).display !== 'none';
  const tabs = ['resilience-table', 'resilience-lists-table'].map(id => document.getElementById(id));
  const fit = tabs.filter(seen).map(t => { const w = t.closest('.tablewrap');
    return {id: t.id, right: t.getBoundingClientRect().right, sw: w.scrollWidth, cw: w.clientWidth}; });
  const lists = tabs.filter(seen).map(t => Array.from(t.querySelectorAll('tbody tr')).map(tr =>
    [tr.querySelector('td.site-cell').getAttribute('data-code'),
     Array.from(tr.querySelectorAll('td.detail')).filter(seen).map(td => td.textContent)]));
  return {fit, lists}; })()"""


def _layout(browser, page: Path, media: str) -> dict:
    browser.open(page, width=A4_CONTENT_PX if media == "print" else 1280, height=1000)
    browser.call("Emulation.setEmulatedMedia", media=media)
    return browser.js(LAYOUT_JS)


def _check(browser, run: Path, lang: str) -> None:
    page = write_report(run, run / f"report_{lang}.html", lang)
    csv = read_resilience(run, lang).set_index("site_id")
    lists = [c for c in ("partners", "shortfall", "outlets_lost") if c in csv]
    # as the page prints them: ';' and ':' and a figure's unit glued to what comes before
    want = {code: [unbroken(str(csv.at[code, c]).replace(" ;", "\u00a0;").replace(" :", "\u00a0:")) for c in lists]
            for code in csv.index}
    printed = _layout(browser, page, "print")
    # printed: the figures' table and the lists' table, each within the page and its box
    for t in printed["fit"]:
        assert t["right"] <= A4_CONTENT_PX + 1 and t["sw"] <= t["cw"] + 1, (lang, t)
    assert [t["id"] for t in printed["fit"]] == ["resilience-table", "resilience-lists-table"]
    figures, table_lists = printed["lists"]
    assert all(cells == [] for _, cells in figures)   # no list beside the figures on paper
    assert {code: cells for code, cells in table_lists} == want   # each list once, under them
    # on screen: one table, its lists beside the figures, as before
    screen = _layout(browser, page, "screen")
    assert [t["id"] for t in screen["fit"]] == ["resilience-table"]
    assert {code: cells for code, cells in screen["lists"][0]} == want


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.slow
def test_the_printed_resilience_table_keeps_its_lists_apart(run_dir, browser, lang):  # noqa: F811
    """The two-suppliers territory of test_resilience_deliverables (four companies)."""
    _check(browser, run_dir[1], lang)


@pytest.mark.slow
def test_ludres_backbones_resilience_table_fits_the_a4_page(browser, tmp_path):
    """ludres_backbone's ten closures, as `eitflow resilience ... --fresh --out RUN` writes them
    (the widest table: a fresh run's columns after the others'): printed, the table without them
    took 926 px of the page's 703 (its 'ce que les fournisseurs ne vendent plus' and 'statut'
    columns past the edge); with them, its lists apart, 707 px at 3 px of padding a side."""
    scen = eitflow.read_scenario(LUDRES)
    run = write_run(eitflow.optimise(scen), tmp_path / "run")
    write_table(run_table(resilience(scen, fresh=True, langs=LANGS)), run / RESILIENCE_FILE)
    for lang in LANGS:
        _check(browser, run, lang)
