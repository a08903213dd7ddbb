"""The one-page brief as an elected official sees it, measured in headless Chromium.

Each row of the two top-5 tables must name both sites of its exchange in full enough to tell
it from the others: on scenarios/dunkerque_dh the steelworks sends heat to three district-
heating networks, and the brief showed "Usine sidérurgique inté… → Réseau de ch…" three times
(names cut to 24 characters, then clipped by the cell), with three different figures. The
expected names come from the scenario's sites.csv and the ranking from matches.csv, not from
the brief's code; the rendered text must not be clipped and everything must fit the page.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

import eitflow
from conftest import ROOT
from eitflow.report.brief import write_brief
from eitflow.results.rundir import write_run

SCEN = ROOT / "scenarios" / "dunkerque_dh"

ROWS_JS = """(() => {
  const out = {};
  for (const id of ['top-net', 'top-co2']) {
    out[id] = Array.from(document.querySelectorAll('#' + id + ' tbody td.ex')).map(td => {
      const r = td.querySelector('.route') || td;
      const b = r.getBoundingClientRect(), t = td.closest('table').getBoundingClientRect();
      return {text: (r.childNodes.length ? Array.from(r.childNodes).map(n => n.textContent).join('')
                     : r.textContent).replace(td.querySelector('small') ? td.querySelector('small').textContent : '', ''),
              clipped: r.scrollWidth > r.clientWidth + 1, right: b.right, tableRight: t.right};
    });
  }
  const p = document.querySelector('.brief-page');
  // margins may run past the page's bottom; no element's box may (the page crops what does)
  const pr = p.getBoundingClientRect();
  const low = Array.from(p.querySelectorAll('*')).filter(e => !(e instanceof SVGElement) || e.tagName === 'svg').reduce((a, e) => Math.max(a, e.getBoundingClientRect().bottom), 0);
  out.page = {bottom: pr.bottom, lowest: low};
  return out;
})()"""


def _bare(name: str) -> str:
    """A site's name without a trailing "(...)" note (what may be dropped to save room)."""
    return name[:name.rindex(" (")] if name.endswith(")") and " (" in name else name


@pytest.fixture(scope="module")
def dk_run(tmp_path_factory) -> Path:
    return write_run(eitflow.run_file(SCEN / "scenario.yaml"), tmp_path_factory.mktemp("brief") / "dk")


def test_brief_rows_name_both_sites(browser, dk_run):
    run = dk_run
    html = write_brief(run, lang="fr")
    browser.open(Path(html), width=1040, height=794)
    info = browser.js(ROWS_JS)
    names = dict(pd.read_csv(SCEN / "sites.csv", dtype=str).set_index("site_id")["name"])
    m = pd.read_csv(run / "matches.csv")
    for tid, col in (("top-net", "net_benefit_after_shares_eur_per_yr"), ("top-co2", "co2_avoided_after_shares_t_per_yr")):
        rows = info[tid]
        top = m.sort_values(col, ascending=False).head(5)
        assert len(rows) == len(top)
        for row, (src, snk) in zip(rows, zip(top["source_site"], top["sink_site"])):
            assert not row["clipped"], f"{tid}: the route is clipped on the page: {row['text']!r}"
            assert row["right"] <= row["tableRight"] + 1, row
            left, _, right = row["text"].strip().partition(" → ")
            for shown, code in ((left, src), (right, snk)):
                stem = shown.rstrip("…")
                assert _bare(names[code]).startswith(stem), (tid, shown, names[code])
                # at least 30 characters, or the whole name: enough to tell the networks apart
                assert len(stem) >= min(30, len(_bare(names[code]))), (tid, shown, names[code])
        shown = [r["text"] for r in rows]
        pairs = list(zip(top["source_site"], top["sink_site"]))
        assert len(set(shown)) == len(set(pairs)), f"{tid}: two different exchanges look the same: {shown}"
    assert info["page"]["lowest"] <= info["page"]["bottom"], f"the brief overflows its page: {info['page']}"
    # it fits as laid out: not scaled
    assert browser.js("document.querySelector('.brief-page').getAttribute('data-zoom')") == "1.000"


def test_a_brief_taller_than_its_page_is_scaled_to_fit(browser, dk_run, tmp_path):
    """The page crops what runs past it, and the layout only estimates heights: the brief of a
    region (Hotmaps 84 with a generated network: four-line cards, a three-line note) lost its last
    note and half a table row; a generated town of 40 buildings ran 10 px past it. Here the
    Dunkerque brief gets 120 px more notes under its map, as such a run has: everything must
    still be on the page, scaled as a whole, in the window Chromium prints it from (1,054 px)."""
    html = Path(write_brief(dk_run, lang="fr"))
    extra = "".join(f'<p class="note" id="extra-{k}">{"Une note de plus. " * 12}Note{k}fin.</p>' for k in range(4))
    text = html.read_text(encoding="utf-8")
    anchor = '<div class="top">'
    assert anchor in text
    # under the map's column: the notes come just before the right column's first table
    tall = html.with_name("tall.html")
    tall.write_text(text.replace("</div><div>" + anchor, extra + "</div><div>" + anchor, 1), encoding="utf-8")
    browser.open(tall, width=1054, height=794)
    info = browser.js(ROWS_JS)
    assert browser.js("document.querySelectorAll('.brief-page .note[id^=extra-]').length") == 4
    zoom = float(browser.js("document.querySelector('.brief-page').getAttribute('data-zoom')"))
    assert zoom < 1, "the taller brief was not scaled"
    assert info["page"]["lowest"] <= info["page"]["bottom"], f"the brief overflows its page: {info['page']}"
    last = browser.js("document.getElementById('extra-3').getBoundingClientRect().bottom")
    assert last <= info["page"]["bottom"]
    # and printed as Chromium prints it (`report.pdf`): one page with the last note on it (a
    # cropped line is not painted, so pdftotext would not find it)
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        if os.environ.get("EITFLOW_REQUIRE_BROWSER") == "1":
            pytest.fail("pdftotext not found: install poppler-utils")
        pytest.skip("pdftotext not found: install poppler-utils")
    from eitflow.report.pdf import html_to_pdf

    pdf = html_to_pdf(tall, tmp_path / "tall.pdf")
    text = subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert text.count("\f") == 1 and "Note3fin." in text


@pytest.mark.parametrize(("a", "b"), [("A" * 10, "B" * 10), ("Usine sidérurgique intégrée du port (fictitious name)",
                                                               "Réseau de chaleur de Dunkerque - Saint-Pol (demand side)")])
def test_route_names_fit(a, b):
    from eitflow.report.brief import ROUTE_CHARS, route_names

    x, y = route_names(a, b)
    assert len(x) + len(y) <= max(ROUTE_CHARS, len(a) + len(b) if len(a) + len(b) <= ROUTE_CHARS else 0)
    assert _bare(a).startswith(x.rstrip("…")) and _bare(b).startswith(y.rstrip("…"))
