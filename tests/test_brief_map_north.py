"""The brief's map shows where north is (lead's brief review, 2026-12-07: every bundled brief's
map had a scale bar and its sources under it, no north; a map for elected officials carries
all three). The north mark, an arrow and "N", sits at the left of the scale bar's label row,
inside the box the names already keep clear of, so no name moves.

Measured in headless Chromium on the page as printed (1,054 px): the mark's box, the scale
bar's box and its label's box as the browser lays them out (`getBBox`); inside and apart
checked here by hand."""

from __future__ import annotations

import pytest

import eitflow
from brief_runs import open_briefs
from conftest import ROOT
from eitflow.results.rundir import write_run

SCENARIOS = sorted(p.parent.name for p in (ROOT / "scenarios").glob("*/scenario.yaml"))

NORTH_JS = """(() => { const g = document.querySelector('#brief-map .scalebar'); if (!g) return null;
  const box = e => { if (!e) return null; const b = e.getBBox(); return [b.x, b.y, b.x + b.width, b.y + b.height]; };
  const n = g.querySelector('.north'), tip = n && n.querySelector('path');
  return {north: box(n), text: n ? n.textContent : null, frame: box(g.querySelector(':scope > rect')),
          label: box(g.querySelector(':scope > text')), path: tip ? tip.getAttribute('d') : null}; })()"""


def inside(a, b) -> bool:
    """Whether the box a (x0, y0, x1, y1) lies within the box b."""
    return b[0] <= a[0] and b[1] <= a[1] and a[2] <= b[2] and a[3] <= b[3]


def apart(a, b) -> bool:
    """Whether the boxes a and b do not overlap (touching edges allowed)."""
    return a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]


def test_boxes_by_hand():
    assert inside((1, 1, 2, 2), (0, 0, 3, 3)) and not inside((1, 1, 4, 2), (0, 0, 3, 3))
    assert apart((0, 0, 1, 1), (1, 0, 2, 1)) and not apart((0, 0, 2, 2), (1, 1, 3, 3))


@pytest.mark.slow
@pytest.mark.parametrize("name", SCENARIOS)
def test_the_brief_map_shows_north(browser, name, tmp_path):
    """French and English: a north mark "N" with an arrow pointing up (its tip above its base),
    inside the scale bar's box, clear of the bar's label; before, none on any bundled brief."""
    run = write_run(eitflow.run_file(ROOT / "scenarios" / name / "scenario.yaml"), tmp_path / "run")
    for lang, _ in open_briefs(browser, run):
        got = browser.js(NORTH_JS)
        assert got is not None, (name, lang)   # a scale bar (else it proves nothing)
        assert got["north"] is not None and got["text"] == "N", (name, lang, got)
        assert inside(got["north"], got["frame"]) and apart(got["north"], got["label"]), (name, lang, got)
        # the arrow "M tip L base-right H base-left Z": its tip above its base (y grows downwards)
        tip_y = float(got["path"].split("L")[0].split(",")[1])
        base_y = float(got["path"].split("L")[1].split("H")[0].split(",")[1])
        assert tip_y < base_y, (name, lang, got)
