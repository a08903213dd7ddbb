"""A territory's brief: its map fills the room it has (lead's review, 2026-12-06). A study of
two départements, Meurthe-et-Moselle and Moselle (`import hotmaps --departements 54,57
--margin-km 10`: 190 sites over 48.30-49.55 degN, 5.59-7.47 degE, 139 x 137 km), drew its
territory 250 px tall and 250 px wide on a map of 560 x 330 px: the territory is as tall as it
is wide and the map short, so its height bounds it, and 80 of its 330 px were the margins kept
above and below the sites (40 px each, the report's, for names stacked above a cluster). Not an
outlier (the margin's Vosges sites add 0.15 deg of the 1.25), nor the key (one line, the note).
A map with more sites than it names keeps 20 px: 290 px."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import eitflow
from eitflow.report import brief
from eitflow.results.rundir import read_run, write_run


@pytest.fixture(scope="module")
def territory(tmp_path_factory):
    """26 sites on a 6 x 5 grid over 48.30-49.55 degN and 5.59-7.47 degE (the 54-57 study's
    extent) but its four corners, a waste-heat supply at one and a heat demand 3 km east of it
    (one exchange)."""
    lat = np.repeat(np.linspace(48.30, 49.55, 6), 5)
    lon = np.tile(np.linspace(5.59, 7.47, 5), 6)
    keep = np.ones(30, dtype=bool)
    keep[[0, 4, 25, 29]] = False
    lat, lon = lat[keep], lon[keep]
    ids = [f"S{k:02d}" for k in np.flatnonzero(keep)]
    lat = np.r_[lat, 48.80]
    lon = np.r_[lon, 6.53 + 3 / (111.195 * np.cos(np.radians(48.8)))]
    ids.append("DEM")
    sites = pd.DataFrame({"site_id": ids, "name": [f"Commune {i}" for i in ids], "lat": lat, "lon": lon})
    flows = pd.DataFrame({"site_id": ["S12", "DEM"], "direction": ["supply", "demand"], "resource": "heat",
                          "amount": [20.0, 20.0], "unit": "GWh/yr", "temperature_c": [120.0, 90.0],
                          "price_eur_per_unit": [0.0, 40.0], "max_distance_km": 30.0})
    scen = eitflow.scenario_from_frames(sites, flows, name="territoire", solver={"mip_gap": 0.0})
    return read_run(write_run(eitflow.optimise(scen), tmp_path_factory.mktemp("terr") / "run"))


def test_a_territory_fills_the_brief_map(territory):
    """27 sites, 14 names at most and the 2 of the tables': the note takes a line at every
    height, so the map is 350 - 20 = 330 px tall (the room less the note's line). The territory
    is 1.25 deg of latitude and 1.88 x cos(48.925 deg) = 1.236 deg wide: height-bound (560 - 80
    = 480 px for 1.236 deg is 388 px/deg; 330 - 2 x 20 = 290 px for 1.25 deg is 232 px/deg), so
    the sites span 290 px of the 330, and 1.236 x 232 = 287 px of the width. Before: 330 - 80 =
    250 px of height and 247 px of width. The scale bar covers no site's marker: 100 km (209 px,
    its box 229) does not fit in a corner, the bottom row's sites 72 px apart; 50 km does, to the
    right of the bottom row's last site."""
    assert len(territory.matches) == 1
    lay = brief._brief_map(territory, "fr", 350.0)
    xs = np.array([st["x"] for st in lay.sites])
    ys = np.array([st["y"] for st in lay.sites])
    assert lay.height == 330.0
    assert ys.max() - ys.min() == pytest.approx(290.0, abs=0.5)
    assert xs.max() - xs.min() == pytest.approx(1.236 * 290.0 / 1.25, rel=0.005)
    sb = lay.scalebar
    box = (sb["x"] - 10, sb["y"] - 20, sb["x"] + sb["length"] + 10, sb["y"] + 12)   # its drawn box, 2 px more
    r = lay.sites[0]["r"]
    assert not any(box[0] - r < x < box[2] + r and box[1] - r < y < box[3] + r for x, y in zip(xs, ys))


def test_a_business_park_keeps_its_margins(territory, monkeypatch):
    """A map naming all its sites (here: 40 names allowed for 27 sites) keeps 40 px above and
    below them, for names stacked over a cluster: 330 - 80 = 250 px, as before."""
    monkeypatch.setattr(brief, "BRIEF_LABELS", 40, raising=False)   # 14 was written in the call before
    lay = brief._brief_map(territory, "fr", 350.0)
    ys = np.array([st["y"] for st in lay.sites])
    assert ys.max() - ys.min() == pytest.approx(lay.height - 80.0, abs=0.5)
