"""Every bundled scenario's one-page brief, French and English, printed as Chromium prints it:
one A4 page, unscaled, with a real margin under its lowest line. scenarios/redon_h2's French
brief fitted with 3.1 px to spare (its hub note on three lines where the map's height allowed
for 28 px a note): a font's rounding away from a brief scaled down, or cut. The margin is
measured in the browser at the print window's 1,054 px (`FIT_JS` keeps BRIEF_MARGIN_PX = 8 px
free in the map's column), and the PDF counted by pdfinfo."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

import eitflow
from brief_runs import open_briefs
from conftest import ROOT
from eitflow.results.rundir import write_run

#: the least free height under a brief's lowest box (CSS px); redon_h2 (French) had 3.1 before
MARGIN_PX = 8.0
SCENARIOS = sorted(p.parent.name for p in (ROOT / "scenarios").glob("*/scenario.yaml"))

FREE_JS = """(() => { const p = document.querySelector('.brief-page');
  const low = Array.from(p.querySelectorAll('*')).filter(e => !(e instanceof SVGElement) || e.tagName === 'svg')
    .reduce((a, e) => Math.max(a, e.getBoundingClientRect().bottom), 0);
  return {free: p.getBoundingClientRect().bottom - low, zoom: p.getAttribute('data-zoom')}; })()"""


def test_the_bundled_scenarios_are_all_here():
    """The list below is every bundled scenario (a new one is checked too)."""
    assert {"zae_example", "dunkerque_dh", "ludres_backbone", "redon_h2", "tavaux_h2", "fos_siting"} <= set(SCENARIOS)


@pytest.mark.slow
@pytest.mark.parametrize("name", SCENARIOS)
def test_each_bundled_brief_is_one_page_with_a_margin(browser, name, tmp_path):
    """French and English: zoom 1.000 (not scaled down), at least 8 px free under the lowest
    box of the page (before: redon_h2 in French 3.1 px), and one page in the PDF."""
    from eitflow.report.pdf import html_to_pdf

    run = write_run(eitflow.run_file(ROOT / "scenarios" / name / "scenario.yaml"), tmp_path / "run")
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo is None and os.environ.get("EITFLOW_REQUIRE_BROWSER") == "1":
        pytest.fail("pdfinfo not found: install poppler-utils")
    for lang, html in open_briefs(browser, run):
        got = browser.js(FREE_JS)
        assert got["zoom"] == "1.000", (name, lang, got)
        assert got["free"] >= MARGIN_PX, (name, lang, got)
        if pdfinfo is not None:
            pdf = html_to_pdf(html, tmp_path / f"brief.{lang}.pdf")
            out = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True, check=True).stdout
            assert re.search(r"^Pages:\s+1$", out, re.M), (name, lang, out)
