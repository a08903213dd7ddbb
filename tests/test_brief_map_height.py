"""The brief's map is the tallest whose key fits under it, in the room the notes leave.

A map's key (the sites of the top tables numbered on the map, "1 Aciérie ; 2 ...") does not
get shorter as the map grows, nor longer: which sites a map names depends on where their
labels land. The search assumed it did: from a map's key it took the height left by it and
stopped where that repeated. On scenarios/zae_example (room 350 px; the key takes 2 lines at
330 to 350 px, 1 line at 320 px) it kept a map of 314 px where one of 320 px fitted; where
each lower map had a longer key it kept, after four tries, a map whose key ran past the room.
The expected heights here are worked out by brute force over every height, not by the search.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

import eitflow
from conftest import ROOT
from eitflow.report import brief
from eitflow.results.rundir import read_run, write_run

#: a key's lines -> the height (px) it takes under the map: 16 px a line and 4 px of space
KEY = {0: 0.0, 1: 20.0, 2: 36.0, 3: 52.0, 4: 68.0}
#: the search tries heights this far apart (brief.MAP_STEP_PX at most): the tallest it finds is
#: within this of the brute force's
STEP = 4.0


def _fake(monkeypatch, lines_at, sites: tuple[int, int] = (0, 0)) -> list[float]:
    """`brief._brief_map` on a fake map: a layout of height `max_height` whose key has
    `lines_at(height)` lines (what map.map_layout and _map_key measure on a real map), of
    `sites` = (sites drawn, most it names: map.names_at_most's); the heights laid out, in order."""
    calls: list[float] = []

    def layout(data, lang, width, max_height, **kw):
        calls.append(max_height)
        return SimpleNamespace(height=max_height)

    monkeypatch.setattr(brief, "_top_sites", lambda data: ())
    monkeypatch.setattr(brief, "_names_at_most", lambda data, limit, named=(): sites, raising=False)
    monkeypatch.setattr(brief, "map_layout", layout)
    monkeypatch.setattr(brief, "_map_key", lambda lay, lang: ("key", lines_at(lay.height)))
    return calls


def test_a_map_naming_fewer_sites_than_it_has_is_laid_out_once(monkeypatch):
    """190 sites, 24 names at most (14, and 10 of the tables' sites tried again): the note
    ("Noms affichés pour 9 sites sur 190") is a line at every height, 16 + 4 = 20 px. Brute
    force: 350 - 20 = 330 px is the tallest (330 + 20 = 350 <= 350). Before, the search laid
    out and labelled 350, 346, 342, 338, 334 and 330 px (Meurthe-et-Moselle and Moselle: 4 s of
    CPU for the brief); now 330 px alone. With as many names as sites the note is not certain:
    350 px is tried first, as before."""
    lines_at = lambda h: 1  # noqa: E731
    calls = _fake(monkeypatch, lines_at, sites=(190, 24))
    assert _tallest(lines_at, 350.0) == 330
    lay = brief._brief_map(None, "fr", 350.0)
    assert lay.height == 330.0 and calls == [330.0]
    calls = _fake(monkeypatch, lines_at, sites=(15, 24))
    assert brief._brief_map(None, "fr", 350.0).height == 330.0 and calls[0] == 350.0


def _tallest(lines_at, room: float) -> float:
    """Brute force: every whole height from `room` down to the least map's; the first whose map
    and key fit the room."""
    return next(h for h in range(int(room), int(brief.MAP_MIN_PX) - 1, -1) if h + KEY[lines_at(h)] <= room)


def test_a_longer_key_on_a_taller_map_does_not_hide_a_taller_fit(monkeypatch):
    """2 lines above 324 px, 1 line down to 301 px, 3 below (as zae_example's, rounded).
    Brute force: above 324 px a map needs h + 36 <= 350, h <= 314: none; at 324 px, 324 + 20 =
    344 <= 350: 324 px is the tallest that fits. The search measured 350 (2 lines -> 314), 314
    (1 line: fits), 330 (2 lines -> 314, tried) and kept 314 px: 10 px of map given away."""
    lines_at = lambda h: 2 if h > 324 else (1 if h > 300 else 3)  # noqa: E731
    _fake(monkeypatch, lines_at)
    assert _tallest(lines_at, 350.0) == 324
    lay = brief._brief_map(None, "fr", 350.0)
    assert lay.height + KEY[lines_at(lay.height)] <= 350.0
    # the tallest on the search's grid: within one step of the brute force's
    assert lay.height >= 324 - STEP


def test_a_key_longer_on_each_lower_map_never_runs_past_the_room(monkeypatch):
    """1 line above 340 px, 2 to 321, 3 to 301, 4 to 281, none below. Brute force: a map of
    281 to 300 px with 4 lines needs h + 68 <= 350, h <= 282: 282 px fits (282 + 68 = 350); no
    taller one does (341-350: h <= 330; 321-340: h <= 314; 301-320: h <= 298). The search
    tried 350, 330, 314, 298 (each's key longer than the last's) and kept 298 px with 4 lines:
    298 + 68 = 366 px, 16 px past its room (the page's script then shrank the map)."""
    lines_at = lambda h: 1 if h > 340 else 2 if h > 320 else 3 if h > 300 else 4 if h > 280 else 0  # noqa: E731
    _fake(monkeypatch, lines_at)
    assert _tallest(lines_at, 350.0) == 282
    lay = brief._brief_map(None, "fr", 350.0)
    assert lay.height + KEY[lines_at(lay.height)] <= 350.0
    assert lay.height >= 282 - STEP


@pytest.mark.slow
def test_zae_example_brief_map_is_the_tallest_that_fits(tmp_path):
    """The real case: scenarios/zae_example's French brief (room 350 px). Its maps measured
    one by one, every 2 px from 350 px down (the search's own figures not used): the tallest
    whose key fits. Before: 314 px, where 320 px (1 line: 320 + 20 = 340 <= 350) fitted."""
    run = write_run(eitflow.run_file(ROOT / "scenarios" / "zae_example" / "scenario.yaml"), tmp_path / "run")
    data = read_run(run)
    named = brief._top_sites(data)
    best = None
    for h in range(350, 313, -2):
        lay = brief.map_layout(data, "fr", width=560.0, max_height=float(h), label_limit=14, named=named)
        lines = brief._map_key(lay, "fr")[1]
        if lay.height + (16.0 * lines + 4.0 if lines else 0.0) <= 350.0:
            best = lay.height
            break
    # (314 px now: its key names two sites numbered where their leaders crossed arrows, on two lines)
    assert best is not None and best >= 314.0
    got = brief._brief_map(data, "fr", 350.0)
    lines = brief._map_key(got, "fr")[1]
    assert got.height + (16.0 * lines + 4.0 if lines else 0.0) <= 350.0
    assert got.height >= best - STEP
