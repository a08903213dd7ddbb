"""No company name on the brief's map is written over an exchange's arrow (lead's review,
2026-12-06): on zae_example, redon_h2 and dunkerque_dh the names of the sites in a cluster sat
on the arrows leaving them, their white halo cutting the arrow ('Chimie de Jeumont' across the
slag arrow to Cimenterie de l'Avesnois, 'Station hydrogène partagée de Redon' across the
hydrogen arrow to the bus depot). A name that finds no free place goes further on a leader line,
or, for a site of the brief's tables, is a number in the key under the map.

Measured in headless Chromium, in the SVG's own units: each label's text box as the browser lays
it out (`getBBox`), each arrow's curve as the browser draws it (`getPointAtLength` every pixel
or less) with half its stroke's width on each side, and its head (the filled triangle). The
distance from a segment to a box is worked out here by hand (not the placer's test)."""

from __future__ import annotations

import math

import pytest

import eitflow
from brief_runs import open_briefs
from conftest import ROOT
from eitflow.results.rundir import write_run

GEOMETRY_JS = """(() => { const svg = document.getElementById('brief-map');
  const labels = Array.from(svg.querySelectorAll('.site-labels text')).map(t => { const b = t.getBBox();
    return {text: t.textContent, box: [b.x, b.y, b.x + b.width, b.y + b.height]}; });
  const sample = p => { const L = p.getTotalLength(), n = Math.max(2, Math.ceil(L)), out = [];
    for (let i = 0; i <= n; i++) { const q = p.getPointAtLength(L * i / n); out.push([q.x, q.y]); } return out; };
  const arrows = Array.from(svg.querySelectorAll('.exchange-group')).map(g => {
    const line = g.querySelector('path.exchange'), head = g.querySelector('path.arrow');
    return {title: g.querySelector('title').textContent, line: sample(line),
            half: parseFloat(line.getAttribute('stroke-width')) / 2, head: sample(head)}; });
  return {labels, arrows}; })()"""


def _point_box(px: float, py: float, box) -> float:
    """Distance (px) from a point to a box (x0, y0, x1, y1); 0 inside it."""
    dx = max(box[0] - px, 0.0, px - box[2])
    dy = max(box[1] - py, 0.0, py - box[3])
    return math.hypot(dx, dy)


def _point_seg(px: float, py: float, a, b) -> float:
    """Distance (px) from a point to the segment a-b."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    ll = dx * dx + dy * dy
    t = 0.0 if ll == 0 else min(1.0, max(0.0, ((px - a[0]) * dx + (py - a[1]) * dy) / ll))
    return math.hypot(px - a[0] - t * dx, py - a[1] - t * dy)


def _seg_crosses_edge(a, b, c, d) -> bool:
    """Whether the segments a-b and c-d cross (strictly, by the sign of the cross products)."""
    def side(p, q, r):
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])
    return side(a, b, c) * side(a, b, d) < 0 and side(c, d, a) * side(c, d, b) < 0


def seg_box(a, b, box) -> float:
    """Distance (px) from the segment a-b to a box: 0 where it enters the box (an end in it, or
    across an edge), else the least of its ends' distances to the box and the box corners'
    distances to it (the nearest points of two disjoint convex shapes: one is a vertex)."""
    corners = [(box[0], box[1]), (box[2], box[1]), (box[2], box[3]), (box[0], box[3])]
    if _point_box(*a, box) == 0.0 or _point_box(*b, box) == 0.0:
        return 0.0
    if any(_seg_crosses_edge(a, b, corners[k], corners[(k + 1) % 4]) for k in range(4)):
        return 0.0
    return min(_point_box(*a, box), _point_box(*b, box), *(_point_seg(*c, a, b) for c in corners))


def _inside(p, poly) -> bool:
    """Whether the point p is inside the polygon `poly` (even-odd rule)."""
    n, inside = len(poly), False
    for k in range(n):
        (x0, y0), (x1, y1) = poly[k], poly[(k + 1) % n]
        if (y0 > p[1]) != (y1 > p[1]) and p[0] < x0 + (p[1] - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def touching(geo: dict) -> list[tuple[str, str, float]]:
    """(label, exchange, distance) for every label whose box comes within an arrow's stroke:
    its curve's segments nearer than half the stroke's width, or its head's outline in or on it
    (or the box's corner inside the head)."""
    out = []
    for lb in geo["labels"]:
        box = lb["box"]
        for ar in geo["arrows"]:
            line, head = ar["line"], ar["head"]
            d = min(seg_box(line[k], line[k + 1], box) for k in range(len(line) - 1))
            if d < ar["half"]:
                out.append((lb["text"], ar["title"].split(":")[0].strip(), round(d, 2)))
                continue
            dh = min(seg_box(head[k], head[k + 1], box) for k in range(len(head) - 1))
            corners = [(box[0], box[1]), (box[2], box[1]), (box[2], box[3]), (box[0], box[3])]
            if dh == 0.0 or any(_inside(c, head) for c in corners):
                out.append((lb["text"], ar["title"].split(":")[0].strip() + " (head)", 0.0))
    return out


def test_the_distance_itself():
    """By hand: a box (10, 10)-(20, 20); a horizontal segment at y = 5 from x = 0 to 30 is 5 px
    above it; one at y = 15 crosses it (0); one from (25, 25) to (35, 35) is sqrt(5² + 5²) =
    7.07 px from its corner (20, 20); one ending inside it is 0. The even-odd test: (1, 1) is
    inside the triangle (0, 0), (4, 0), (0, 4), (3, 3) is not."""
    box = (10.0, 10.0, 20.0, 20.0)
    assert seg_box((0, 5), (30, 5), box) == pytest.approx(5.0)
    assert seg_box((0, 15), (30, 15), box) == 0.0
    assert seg_box((25, 25), (35, 35), box) == pytest.approx(math.hypot(5, 5))
    assert seg_box((15, 15), (40, 40), box) == 0.0
    assert seg_box((0, 0), (30, 0), (10, 10, 20, 20)) == pytest.approx(10.0)
    tri = [(0, 0), (4, 0), (0, 4)]
    assert _inside((1, 1), tri) and not _inside((3, 3), tri)
    # a label 2 px from a 6-px-wide curve touches it (2 < 3), one 4 px away does not
    geo = {"labels": [{"text": "A", "box": [0, 0, 10, 10]}, {"text": "B", "box": [0, 20, 10, 30]}],
           "arrows": [{"title": "x", "line": [[-5, 12], [50, 12]], "half": 3.0, "head": [[60, 0], [70, 5], [60, 10]]}]}
    assert touching(geo) == [("A", "x", 2.0)]


@pytest.mark.slow
@pytest.mark.parametrize("name", ["zae_example", "redon_h2", "dunkerque_dh"])
def test_no_site_name_over_an_arrow(browser, name, tmp_path):
    """French and English briefs: no label's text box within an arrow's stroke. Before, in
    French: 6 labels touched arrows on zae_example ('Aciérie électrique de Recquignies' over the
    fly-ash arrow to Cimenterie de l'Avesnois...), 6 on redon_h2 and 3 on dunkerque_dh."""
    run = write_run(eitflow.run_file(ROOT / "scenarios" / name / "scenario.yaml"), tmp_path / "run")
    for lang, _ in open_briefs(browser, run):
        geo = browser.js(GEOMETRY_JS)
        assert geo["arrows"] and geo["labels"], (name, lang)   # a map with arrows and names (else it proves nothing)
        hit = touching(geo)
        assert hit == [], (name, lang, len(hit), hit)
