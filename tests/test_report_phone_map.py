"""On a phone the full report's map shows as many of its sites as its box can (lead's brief
review, 2026-12-07: report.html's map on a phone was never checked). At 390 px its map, 800 px
wide at least (its names 9 px, `test_report_phone`) in a box of 298 px scrolling sideways, opened
on its median active site's x, its own rule: zae_example's showed 8 of its 15 markers where 11
fit. Now the page runs the brief's script (`report.phonemap.phone_map_js("map-svg", ...)`, the one
rule), which scrolls a map whose markers do not all fit to the window holding the most of them.

Measured in headless Chromium at 390 x 844 and 1,280 x 900 px, as `test_brief_phone_map` does
for the brief: each marker's box as laid out and the map's box. At 390 px the markers wholly in
the box are as many as the best scroll shows, worked out here by brute force (each marker's left
edge tried as the box's, within the map's extent); at 1,280 px every marker is in it, and the
phone's script leaves the map alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from brief_runs import SCENARIOS, bundled_run
from eitflow.report.html import write_report
from test_brief_phone_map import SEEN_JS, hidden


def most_seen(seen: dict) -> int:
    """The most markers wholly inside the map's box that any sideways scroll shows: the box's
    width `w` put with its left edge at each marker's left edge (kept within the map's extent,
    `svg`: its left and right as laid out), the markers whose left and right fall inside counted."""
    x0, x1 = seen["box"][0], seen["box"][2]
    w, lo, hi = x1 - x0, seen["svg"][0], seen["svg"][1]
    boxes = [mk["box"] for mk in seen["marks"]]
    best = 0
    for b in boxes:
        left = min(max(b[0], lo), max(lo, hi - w))
        best = max(best, sum(left - 0.5 <= c[0] and c[2] <= left + w + 0.5 for c in boxes))
    return best


def test_most_seen_by_hand():
    """A box 100 px wide over a map 400 px wide; markers 10 px wide at x 0, 50, 95, 200, 260, 290:
    from 0 the box holds 0 and 50 (95-105 runs past 100): 2; from 200, 200, 260 and 290 (300 is
    its edge): 3, the most. Seen now: the first two (hidden: the others)."""
    marks = [{"id": str(x), "box": [x, 0, x + 10, 10]} for x in (0, 50, 95, 200, 260, 290)]
    seen = {"box": [0, 0, 100, 300], "svg": [0, 400], "marks": marks}
    assert most_seen(seen) == 3
    assert len(seen["marks"]) - len(hidden(seen)) == 2


@pytest.mark.slow
@pytest.mark.parametrize("name", SCENARIOS)
def test_the_phone_sees_the_most_sites_of_the_report(browser, name, tmp_path):
    """Every bundled scenario's French report: at 390 px the most markers any scroll shows, in
    a box on the screen; at 1,280 px every marker, the map as it was. Before, zae_example at 390
    px: 8 of 15 markers where 11 fit, dunkerque_dh 9 of 12 where 11, redon_h2 7 of 10 where 8."""
    run = bundled_run(name, tmp_path / "run")
    html = Path(write_report(run, run / "report.html", "fr"))
    for width, height in ((390, 844), (1280, 900)):
        browser.events.clear()
        browser.open(html, width=width, height=height)
        seen = browser.js(SEEN_JS.replace("@ID@", "map-svg"))
        assert len(seen["marks"]) >= 2, (name, width)   # markers to see (else it proves nothing)
        assert seen["box"][2] <= seen["page"] + 0.5, (name, width, seen["box"])
        shown = len(seen["marks"]) - len(hidden(seen))
        if width < 600:
            assert shown == most_seen(seen), (name, shown, most_seen(seen), hidden(seen))
        else:
            assert hidden(seen) == [] and seen["phone"] is None, (name, width)
        assert browser.problems() == [], (name, width)
