"""The brief's header counted in its map's room, and a long title on two lines (lead's review,
2026-12-06: the map's height budget did not count the header, so a long decision line drew the
map smaller, `data-shrink` 0.890 on zae_example, and a long title was cut with an ellipsis).

The sizes are worked out by hand from the advance widths of `labelgeom.CHAR_WIDTHS` ('m' is
1.04 em, 'O' 0.85, 'K' 0.78, a space 0.35) and the page's 1,040 px; the pages are measured in
headless Chromium and counted by pdfinfo."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

import eitflow
from brief_runs import open_briefs
from conftest import ROOT
from eitflow.report.briefhead import header_extra_px, status_lines, title_size

LONG_FR = ("Plateforme chimique de Tavaux et agglomération du Grand Dole : hydrogène coproduit, chaleur fatale "
           "et vapeur partagées entre industriels voisins")


def test_the_title_size_by_hand():
    """The title may take 0.97 x 1,040 = 1,008.8 px. 44 'm' at 22 px: 44 x 1.04 x 22 = 1,006.7 px,
    one line at 22 px. 50: 1,144 px, one line at 22 x 1,008.8 / 1,144 = 19.4 px. 70: 1,601.6 px, one
    line would be 13.86 px, under 15: two lines at 15 px."""
    assert title_size("m" * 44) == (22.0, 1)
    px, lines = title_size("m" * 50)
    assert lines == 1 and px == pytest.approx(19.4, abs=0.01)
    assert title_size("m" * 70) == (15.0, 2)


def test_the_status_lines_by_hand():
    """Beside an 'OK' badge ((0.85 + 0.78) x 12 = 19.56 px, 2 x 0.72 px of letter spacing, 18 px of
    padding: 39.0 px) the text has 1,040 - 26 - 39 - 14 = 961 px. A word 'mmmm' at 13 px (regular:
    0.93 of the bold) is 4 x 1.04 x 13 x 0.93 = 50.29 px, a space 4.23 px: n words take 54.53 n - 4.23
    px, so 17 fit a line (922.7), 18 do not (977.3). At 12 px (what to decide) 'mmmm' is 46.43 px, a
    space 3.91: 19 a line (952.4), 20 not (1,002.7): 40 words take 3 lines."""
    head17, head18 = " ".join(["mmmm"] * 17), " ".join(["mmmm"] * 18)
    small40 = " ".join(["mmmm"] * 40)
    assert status_lines("ok", head17, "x") == (1, 1)
    assert status_lines("ok", head18, small40) == (2, 3)
    # the map's room gives up the lines past one each: 19.5 px of status, 2 x 18 px of decision;
    # a sweep's line 12 x 1.5 + 2 + 8 = 28 px; a title on two lines of 16.5 px nothing (33 px, as one at 22)
    assert header_extra_px("Titre", "ok", head17, "x", False) == 0.0
    assert header_extra_px("Titre", "ok", head18, small40, False) == pytest.approx(19.5 + 36.0)
    assert header_extra_px("m" * 70, "ok", head17, small40, True) == pytest.approx(36.0 + 28.0)


FIT_JS = """(() => { const p = document.querySelector('.brief-page'), h = p.querySelector('h1');
  const low = r => Array.from(r.querySelectorAll('*')).filter(e => !(e instanceof SVGElement) || e.tagName === 'svg')
    .reduce((a, e) => Math.max(a, e.getBoundingClientRect().bottom), 0);
  const m = document.getElementById('brief-map');
  return {zoom: p.getAttribute('data-zoom'), shrink: m.getAttribute('data-shrink'),
          left: p.getBoundingClientRect().bottom - low(document.querySelector('.cols > div')),
          h1: {text: h.textContent, height: h.getBoundingClientRect().height, clipped: h.scrollHeight > h.clientHeight + 1
               || h.scrollWidth > h.clientWidth + 1, line: parseFloat(getComputedStyle(h).lineHeight)}}; })()"""


def _run(tmp_path: Path, name: str, title: str | None = None) -> Path:
    from eitflow.results.rundir import write_run

    scen = tmp_path / "scen"
    shutil.copytree(ROOT / "scenarios" / name, scen)
    if title is not None:
        y = yaml.safe_load((scen / "scenario.yaml").read_text(encoding="utf-8"))
        y["name"] = title
        (scen / "scenario.yaml").write_text(yaml.safe_dump(y, allow_unicode=True), encoding="utf-8")
    return write_run(eitflow.run_file(scen / "scenario.yaml"), tmp_path / "run")


@pytest.mark.slow
def test_a_long_french_title_on_two_lines_keeps_the_page(browser, tmp_path):
    """tavaux_h2 (its top tables leave 12 px under them: the tightest column) named with 137
    characters: the title whole on two lines of 16.5 px (33 px, as one line at 22 px), the page
    at zoom 1.000 and one page in the PDF. Before: one line at 15 px cut with an ellipsis
    ('... vapeur partagées entre…')."""
    from eitflow.report.pdf import html_to_pdf

    run = _run(tmp_path, "tavaux_h2", LONG_FR)
    _, html = next(open_briefs(browser, run, ("fr",)))
    got = browser.js(FIT_JS)
    h1 = got["h1"]
    assert h1["text"] == LONG_FR and not h1["clipped"], h1
    assert round(h1["height"] / h1["line"]) == 2 and h1["height"] <= 33.5, h1
    assert got["zoom"] == "1.000" and got["shrink"] is None, got
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo is None and os.environ.get("EITFLOW_REQUIRE_BROWSER") == "1":
        pytest.fail("pdfinfo not found: install poppler-utils")
    if pdfinfo is not None:
        pdf = html_to_pdf(html, tmp_path / "brief.pdf")
        out = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True, check=True).stdout
        assert re.search(r"^Pages:\s+1$", out, re.M), out


@pytest.mark.slow
def test_a_long_decision_line_comes_off_the_map(browser, tmp_path, monkeypatch):
    """zae_example with what to decide on three lines (two more, 2 x 18 = 36 px): the map is laid
    out 36 px shorter, so its column fits with at least 8 px free under it without the page's
    script drawing the map smaller (before: `data-shrink` 0.890, its names 11 % smaller)."""
    import eitflow.report.brief as brief

    run = _run(tmp_path, "zae_example")
    said = brief.decision
    more = ("Les montants sont ceux du plan qui rapporte le plus parmi ceux qui évitent le plus de CO2 ; le détail de "
            "chaque échange, sa fourchette de prix et le motif de chaque flux resté sans partenaire sont dans le "
            "rapport complet.")
    monkeypatch.setattr(brief, "decision", lambda data, lang: said(data, lang) + " " + more)
    next(open_briefs(browser, run, ("fr",)))
    got = browser.js(FIT_JS)
    assert got["shrink"] is None, got
    assert got["left"] >= 8.0, got
