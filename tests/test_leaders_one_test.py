"""`report.leaders.Field.better` and `Field.at` ask one predicate whether a place is free
(`Field.fits`; review, 2026-12-07: `at` repeated `better`'s tests of the frame, the markers, the
other names and leaders, the pipes, the arrows and the leader's length, and the two could drift
apart). A scene worked out by hand checks what `fits` says, and that both callers obey it."""

from __future__ import annotations

import numpy as np
import pytest

from eitflow.report.labelgeom import Label, Segments, text_box
from eitflow.report.leaders import Field

XY = np.array([[100.0, 100.0], [300.0, 100.0]])
R, FS = 5.5, 11.0


def _field(arrows: list | None = None) -> Field:
    """Two markers (r = 5.5 px) at (100, 100) and (300, 100) in a 400 x 200 px frame."""
    return Field(XY, R, (0.0, 0.0, 400.0, 200.0), FS, None, None, None, Segments(arrows or []))


def test_fits_by_hand():
    """'Site A' written from x = 130 on baseline 70 (box x 127 to ~174, y 60 to 73.5): free,
    its leader from (100, 100) to the box's nearest corner (127, 73.5) about 38 px long, within
    the 40 px it had plus LEADER_SLACK. Out of the frame (baseline 5: the box's top at -5), over
    another name's box, or touched by an arrow (a vertical one at x = 150, 2 px either side): not
    free. Written 180 px further right (box from x = 307), nearer the other marker (300, 100)
    than its own, its leader 200 px long where it had 40: not free."""
    field = _field()
    b = text_box(130.0, 70.0, "start", "Site A", FS)
    assert b[0] == pytest.approx(127.0) and b[1] == pytest.approx(60.0) and b[3] == pytest.approx(73.5)
    assert field.fits(0, b, True, [], 40.0)
    assert not field.fits(0, text_box(130.0, 5.0, "start", "Site A", FS), True, [], 40.0)
    other = Label(1, "Site B", 140.0, 72.0, "start", text_box(140.0, 72.0, "start", "Site B", FS))
    assert not field.fits(0, b, True, [other], 40.0)
    assert not _field([(150.0, 0.0, 150.0, 200.0, 2.0)]).fits(0, b, True, [], 40.0)
    assert not field.fits(0, text_box(310.0, 70.0, "start", "Site A", FS), True, [], 40.0)


def test_better_and_at_ask_fits(monkeypatch):
    """With `fits` saying no place is free, neither `better` nor `at` returns a place; with it
    saying every place is, `at` returns the place asked for."""
    field = _field([(0.0, 80.0, 400.0, 80.0, 2.0)])   # an arrow across the leader of...
    lb = Label(0, "Site A", 100.0, 40.0, "middle", text_box(100.0, 40.0, "middle", "Site A", FS),
               (100.0, 94.5, 100.0, 43.5))   # ...a name above its marker: crossing it
    assert field.crossings(lb, []) == 1
    monkeypatch.setattr(Field, "fits", lambda self, *a, **k: False)
    monkeypatch.setattr(Field, "_clear", lambda self, *a, **k: False)
    assert field.at(lb, 130.0, 130.0, "start", [], 40.0) is None
    assert field.better(lb, [], 40.0) is None
    monkeypatch.setattr(Field, "fits", lambda self, *a, **k: True)
    got = field.at(lb, 130.0, 130.0, "start", [], 40.0)
    assert got is not None and (got.x, got.y, got.anchor) == (130.0, 130.0, "start")
