"""No site name written across a shared network's pipe on the report's map (usertrial,
2026-12-06): a biomass boiler at the west end of a steam header had its name placed to the
right of its marker, along the pipe leaving it, the red line struck through 'Chaufferie
biomasse du port'. Checked by exact segment-against-box geometry, not the placer's own test.
A pipe crossing a name (steeply) may stay: it hides a letter; moving every such name onto a
leader line made the brief's crowded map read the names beside the wrong markers."""

from __future__ import annotations

import pandas as pd
import pytest

import eitflow
from eitflow.results.rundir import read_run, write_run

KM_LON = 1 / (111.195 * 0.6293)   # degrees of longitude per km at 51.0 degN (cos 51.0 = 0.6293)


def _along(seg: tuple[float, float, float, float], half: float, box: tuple[float, float, float, float]) -> float:
    """How far (px, across the text) the line from (x0, y0) to (x1, y1), `half` px either side,
    runs inside `box` (x0, y0, x1, y1): the segment clipped to the box grown by `half`
    (Liang-Barsky), by hand; 0 where it misses."""
    x0, y0, x1, y1 = seg
    bx0, by0, bx1, by1 = box[0] - half, box[1] - half, box[2] + half, box[3] + half
    dx, dy = x1 - x0, y1 - y0
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, x0 - bx0), (dx, bx1 - x0), (-dy, y0 - by0), (dy, by1 - y0)):
        if p == 0:
            if q < 0:
                return 0.0
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return 0.0
    return min(abs(dx) * (t1 - t0), box[2] - box[0])


def test_the_segment_check_itself():
    """A horizontal line through a 20 px box runs its whole width; one passing 5 px above, 1 px
    wide, misses; a vertical one crosses it over its own width only (2 px)."""
    assert _along((0, 10, 100, 10), 1.0, (40, 5, 60, 15)) == pytest.approx(20.0)
    assert _along((0, 0, 100, 0), 0.5, (40, 5, 60, 15)) == 0.0
    assert _along((50, 0, 50, 100), 1.0, (40, 5, 60, 15)) == 0.0   # no run across the text: dx = 0


@pytest.fixture(scope="module")
def header(tmp_path_factory):
    """A boiler BOI and three steam users 1.2 km apart due east of it, on one line at 51.0 degN,
    a header along them (corridors BOI-USA-USB-USC); 40 GWh/yr of steam at 220 degC."""
    ids = ["BOI", "USA", "USB", "USC"]
    sites = pd.DataFrame({"site_id": ids, "name": ["Chaufferie biomasse du port", "Laiterie", "Papeterie", "Chimie"],
                          "lat": [51.0] * 4, "lon": [2.25 + 1.2 * i * KM_LON for i in range(4)]})
    flows = pd.DataFrame({"site_id": ids, "direction": ["supply"] + ["demand"] * 3, "resource": "steam",
                          "amount": [40.0, 10.0, 10.0, 10.0], "unit": "GWh/yr", "temperature_c": [220.0, 160, 160, 160],
                          "price_eur_per_unit": [0.0, 60.0, 60.0, 60.0], "max_distance_km": 0.1})
    cor = pd.DataFrame({"corridor_id": ["v1", "v2", "v3"], "resource": "steam", "from": ids[:3], "to": ids[1:],
                        "length_km": ["1.2", "1.2", "1.2"]})
    scen = eitflow.scenario_from_frames(sites, flows, corridors=cor, networks={"steam": {"temperature_c": 200}},
                                        name="vapeur", solver={"mip_gap": 0.0})
    return read_run(write_run(eitflow.optimise(scen), tmp_path_factory.mktemp("hdr") / "run"))


@pytest.mark.parametrize("width", [960.0, 560.0])   # the report's map and the brief's
def test_no_label_runs_along_a_pipe(header, width):
    """No pipe runs inside a name over half its width (a pipe may cross a name, hiding a
    letter, not strike it through); before, 'Laiterie' lay along the pipe to the next user."""
    from eitflow.report.map import map_layout

    assert len(header.corridors) == 3   # the header is built (else the test proves nothing)
    lay = map_layout(header, "fr", width=width)
    assert {lb.site for lb in lay.labels} == {0, 1, 2, 3}   # every site named
    for lb in lay.labels:
        for c in lay.corridors:
            seg = (*c["p0"], *c["p1"])
            assert _along(seg, c["width"] / 2, lb.box) < 0.5 * (lb.box[2] - lb.box[0]), (lb.text, c["id"])
