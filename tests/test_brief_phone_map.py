"""On a phone the brief's map shows its sites (lead's brief review, 2026-12-07: at 390 px wide
the map, 560 px wide in a box scrolling sideways, opened at its left edge, and zae_example's
cluster of sites, right of its middle, was cut at the right). Now the page's script draws the
map just small enough and scrolls it to its sites (`report.phonemap`).

Measured in headless Chromium at 390 x 844 px (a phone) and 1,280 x 900 px: every site's marker
(its circle's box as the browser lays it out) and every plot of a siting run lies wholly inside
the map's box as seen (the box's rectangle: what its scrolling shows), and the map is drawn at
60 % of its width at least (its names 6.6 px). The full report's map, the same
(`test_report_phone_map.py`, `seen_on`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from brief_runs import SCENARIOS, bundled_run
from eitflow.report.brief import write_brief

SEEN_JS = """(() => { const m = document.getElementById('@ID@'), box = m.parentNode.getBoundingClientRect();
  const out = [];
  for (const e of m.querySelectorAll('.sites circle, .plots rect')) { const b = e.getBoundingClientRect();
    out.push({id: e.getAttribute('data-site') || e.getAttribute('data-plot'), box: [b.left, b.top, b.right, b.bottom]}); }
  const svg = m.getBoundingClientRect();
  return {box: [box.left, box.top, box.right, box.bottom], marks: out, page: document.documentElement.clientWidth,
          svg: [svg.left, svg.right],
          phone: m.getAttribute('data-phone'), scale: m.getBoundingClientRect().width / m.viewBox.baseVal.width}; })()"""


def seen_on(browser, html: Path, svg_id: str, name: str, least: float = 0.6) -> None:
    """The page `html` at 390 x 844 and 1,280 x 900 px: its map <svg id=`svg_id`> shows every
    marker inside its box, on the screen; at 390 px drawn at `least` of its units at least (the
    brief's names 6.6 px), at 1,280 px left as it was by the phone's script; no console error."""
    for width, height in ((390, 844), (1280, 900)):
        browser.events.clear()
        browser.open(html, width=width, height=height)
        seen = browser.js(SEEN_JS.replace("@ID@", svg_id))
        assert len(seen["marks"]) >= 2, (name, width)   # markers to see (else it proves nothing)
        assert seen["box"][2] <= seen["page"] + 0.5, (name, width, seen["box"])   # the box itself on the screen
        assert hidden(seen) == [], (name, width)
        if width < 600:
            assert seen["scale"] >= least - 1e-3, (name, width, seen["scale"])
        else:   # the map fits its box: the phone's script leaves it as it was
            assert seen["phone"] is None, (name, width, seen["phone"])
        assert browser.problems() == [], (name, width)


def hidden(seen: dict) -> list[str]:
    """The markers not wholly inside the map's box (x0, y0, x1, y1 as laid out, 0.5 px tolerance)."""
    x0, y0, x1, y1 = seen["box"]
    return [mk["id"] for mk in seen["marks"]
            if not (mk["box"][0] >= x0 - 0.5 and mk["box"][2] <= x1 + 0.5 and mk["box"][1] >= y0 - 0.5 and mk["box"][3] <= y1 + 0.5)]


def test_hidden_by_hand():
    """A box (10, 0)-(380, 300): a marker (300, 100)-(311, 111) is in it; one (375, 100)-(386, 111)
    runs 6 px past its right edge."""
    seen = {"box": [10, 0, 380, 300], "marks": [{"id": "A", "box": [300, 100, 311, 111]},
                                                 {"id": "B", "box": [375, 100, 386, 111]}]}
    assert hidden(seen) == ["B"]


@pytest.mark.slow
@pytest.mark.parametrize("name", SCENARIOS)
def test_the_phone_sees_every_site(browser, name, tmp_path):
    """Every bundled brief (French), at 390 and 1,280 px: no marker outside the map's box, the
    map's scale at least 0.6 (names 6.6 px); at 1,280 px the phone's script leaves it alone. Before,
    zae_example at 390 px: 'CHIM', 'VERRE', 'SERRE'... past the box's right edge."""
    run = bundled_run(name, tmp_path / "run")
    seen_on(browser, Path(write_brief(run, run / "brief.html", "fr")), "brief-map", name)
