"""Zone and département names on the map are kept off the exchanges' arrows, as site names are
(`test_brief_labels_off_arrows`), and a leader line crosses an arrow only where its name has no
other place (lead's review, 2026-12-06).

Before: a zone's name went at its centroid wherever no marker was under it, an arrow running
across it (zae_example's report map: 'ZAE des Hauts de Sambre' over an exchange, its white halo
cutting it); a département's name ('Meuse') wherever no site's name or marker was, under the
arrows. A name leaving its marker on a leader took the first free place, its leader across an
arrow (zae_example's brief: 10 leaders, 5 across arrows), where another free place had none.

The geometry is the browser's (`getBBox` of each text, the arrows as Chromium draws them, by
`test_brief_labels_off_arrows.touching`), or, for the leaders, worked out here: a segment
crossing test written in this file, not the placer's."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import eitflow
from eitflow.report.brief import render_brief
from eitflow.report.labels import place_labels
from eitflow.results.rundir import read_run, write_run
from test_brief_labels_off_arrows import touching

NAMES_JS = """(() => { const svg = document.getElementById('brief-map');
  const box = t => { const b = t.getBBox(); return [b.x, b.y, b.x + b.width, b.y + b.height]; };
  const labels = Array.from(svg.querySelectorAll('.zone-labels text, .area-names text'))
    .map(t => ({text: t.textContent, box: box(t)}));
  const sample = p => { const L = p.getTotalLength(), n = Math.max(2, Math.ceil(L)), out = [];
    for (let i = 0; i <= n; i++) { const q = p.getPointAtLength(L * i / n); out.push([q.x, q.y]); } return out; };
  const arrows = Array.from(svg.querySelectorAll('.exchange-group')).map(g => {
    const line = g.querySelector('path.exchange'), head = g.querySelector('path.arrow');
    return {title: g.querySelector('title').textContent, line: sample(line),
            half: parseFloat(line.getAttribute('stroke-width')) / 2, head: sample(head)}; });
  return {labels, arrows, legend: document.querySelector('.legend').textContent}; })()"""

ZONE = "ZA du Val"


@pytest.fixture(scope="module")
def crossed(tmp_path_factory):
    """A territory of 29 sites on a 6 x 5 grid (48.30-49.55 degN, 5.59-7.47 degE, as
    `test_brief_map_territory`'s) and one heat exchange, its two sites then moved to 48.93 degN,
    5.95 and 4.80 degE. Its arrow runs west, bowed north (to its right) by 0.14 x its length at
    the control point: the curve's middle is 0.07 x 1.15 x cos(48.93 deg) = 0.053 deg north of
    the straight line, at 48.98 degN, across the Meuse's name (the département's label point,
    near 48.99 degN, 5.38 degE) and across a zone drawn as a square of 0.06 deg centred at
    48.98 degN, 5.30 degE (no site in it), whose name goes at its centroid where it is clear."""
    lat = np.repeat(np.linspace(48.30, 49.55, 6), 5)
    lon = np.tile(np.linspace(5.59, 7.47, 5), 6)
    ids = [f"S{k:02d}" for k in range(30)]
    lat = np.r_[lat, 48.80]
    lon = np.r_[lon, 6.53 + 3 / (111.195 * np.cos(np.radians(48.8)))]
    ids.append("DEM")
    sites = pd.DataFrame({"site_id": ids, "name": [f"Commune {i}" for i in ids], "lat": lat, "lon": lon})
    flows = pd.DataFrame({"site_id": ["S12", "DEM"], "direction": ["supply", "demand"], "resource": "heat",
                          "amount": [20.0, 20.0], "unit": "GWh/yr", "temperature_c": [120.0, 90.0],
                          "price_eur_per_unit": [0.0, 40.0], "max_distance_km": 30.0})
    scen = eitflow.scenario_from_frames(sites, flows, name="territoire", solver={"mip_gap": 0.0})
    data = read_run(write_run(eitflow.optimise(scen), tmp_path_factory.mktemp("names") / "run"))
    assert len(data.matches) == 1
    s = data.sites.set_index("site_id")
    s.loc["S12", ["lat", "lon"]] = 48.93, 5.95
    s.loc["DEM", ["lat", "lon"]] = 48.93, 4.80
    data.sites = s.reset_index()
    sq = [[5.27, 48.95], [5.33, 48.95], [5.33, 49.01], [5.27, 49.01], [5.27, 48.95]]
    data.zone_shapes = [{"name": ZONE, "polys": [[sq]]}]
    return data


def test_zone_and_departement_names_are_off_the_arrows(browser, crossed, tmp_path):
    """Measured in Chromium: no zone or département name's text box within an arrow's stroke.
    Before: both touched the arrow ('ZA du Val' at its centroid across it, 'Meuse' under it and
    under the zone's name). The zone is still named, in the legend under the map."""
    html = tmp_path / "brief.html"
    html.write_text(render_brief(crossed, "fr"), encoding="utf-8")
    browser.open(html, width=1054, height=794)
    geo = browser.js(NAMES_JS)
    assert len(geo["arrows"]) == 1
    hit = touching(geo)
    assert hit == [], hit
    assert ZONE in geo["legend"]


def _cross(p, q) -> bool:
    """Whether the segments p and q ((x0, y0), (x1, y1)) cross: each one's ends on either side
    of the other's line (cross products of opposite signs)."""
    def side(a, b, c):
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
    return side(*q, p[0]) * side(*q, p[1]) < 0 and side(*p, q[0]) * side(*p, q[1]) < 0


def test_a_leader_goes_where_it_crosses_no_arrow():
    """One marker at (100, 100), r = 5.5 px; a vertical arrow 10 px to its right (x = 110, from
    y = 0 to 200, 4 px wide); an obstacle just left of the marker (85-93 x 95-105 px). Beside the
    marker (3 px out) every place is taken: right, above, below and the right diagonals touch the
    arrow (a box from x = 105.5), the left ones the obstacle. A ring further out (16 px) the first
    place tried is the right one, x = 121.5: its box is clear of the arrow (from x = 118.5 > 110 +
    2 + 1.5) but its leader, from the marker's centre (100, 100) to the box's edge at x = 118.5,
    crosses x = 110. The left one of that ring (box ending at x = 100 - 21.5 + 3 = 81.5 < 85)
    is free, its leader going west. Before: the right place, across the arrow; now a place west of
    the arrow clear of the obstacle (since the leaders' search round the marker, `report.leaders`:
    below-left of it, its box from y = 106.75 under the obstacle's 105, an 11 px leader where the
    left one of the ring is 21.5 px)."""
    xy = np.array([[100.0, 100.0]])
    arrow = [(110.0, 0.0, 110.0, 200.0, 2.0 + 1.5)]
    got = place_labels(xy, 5.5, ["Chaufferie"], [0], (0.0, 0.0, 400.0, 200.0), fs=11.0,
                       obstacles=[(85.0, 95.0, 93.0, 105.0)], arrows=arrow)
    assert len(got) == 1 and got[0].leader is not None
    x0, y0, x1, y1 = got[0].leader
    assert not _cross(((x0, y0), (x1, y1)), ((110.0, 0.0), (110.0, 200.0)))
    b, (o0, o1, o2, o3) = got[0].box, (85.0, 95.0, 93.0, 105.0)
    assert b[2] <= 110.0 - 3.5 and not (b[0] < o2 and o0 < b[2] and b[1] < o3 and o1 < b[3]), b   # west of the arrow, off the obstacle
