"""The map labels' geometry: a name's width and box, the places beside its marker, the grids the
placer asks whether a box is free in, the exchanges' arrows as segments, and the tests a leader
line passes (`report.labels` places the names, `report.leaders` moves those whose leaders cross).

Text width is estimated from a table of advance widths (`CHAR_WIDTHS`, those of the report's
bold sans-serif on Linux; a margin takes the halo), so the result does not depend on fonts
installed where the report is written.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

CHAR_W = 0.62  # average advance of the report's sans-serif, in em (bold, mixed case): the fallback

# advance widths in em of DejaVu Sans Bold (the sans-serif of a Linux box, where reports and
# PDFs are written; Arial and Helvetica are narrower, so boxes are then a little generous), by
# character; an accented letter counts as its base letter. The average above fitted words
# but not codes: "Bâtiment B0002" is 9.06 em, not 8.68, and such labels ran into each other.
_WIDTHS = {w: chars for w, chars in (
    (0.31, "'"), (0.34, "ijl"), (0.35, " "), (0.36, "/\\|"), (0.37, "IJ"), (0.38, ",."), (0.40, ":;"), (0.41, "-"),
    (0.43, "f"), (0.46, "!()[]"), (0.48, "t"), (0.49, "r"), (0.50, "_`"), (0.52, '"*'), (0.58, "?z"), (0.59, "cs"),
    (0.64, "L"), (0.65, "vxy"), (0.67, "k"), (0.68, "EFTae"), (0.69, "o"), (0.70, "$0123456789"), (0.71, "hnu{}"),
    (0.72, "SYZbdgpq"), (0.73, "CP"), (0.76, "B"), (0.77, "ARVX"), (0.78, "K"), (0.81, "U"), (0.82, "G"),
    (0.83, "D"), (0.84, "#+<=>HN^~"), (0.85, "OQ"), (0.87, "&"), (0.92, "w"), (0.99, "M"), (1.0, "%@…"),
    (1.04, "m"), (1.10, "W"))}
CHAR_WIDTHS = {ch: w for w, chars in _WIDTHS.items() for ch in chars}
MARGIN_X = 3.0  # px each side: the labels' white halo (3 px stroke) and a visible gap


@functools.lru_cache(maxsize=65536)
def text_width(text: str, fs: float) -> float:
    """Estimated advance of `text` at `fs` px (see CHAR_WIDTHS). Cached: placing a map's labels
    measures the same few names tens of thousands of times, and the brief lays out its map at
    several heights (`report.brief._brief_map`)."""
    import unicodedata

    em = 0.0
    for ch in text:
        w = CHAR_WIDTHS.get(ch)
        if w is None:
            w = CHAR_WIDTHS.get(unicodedata.normalize("NFD", ch)[:1], CHAR_W)
        em += w
    return em * fs


@dataclass
class Label:
    site: int
    text: str
    x: float
    y: float            # baseline
    anchor: str         # start, middle, end
    box: tuple[float, float, float, float]
    leader: tuple[float, float, float, float] | None = None  # x0, y0, x1, y1
    key: str | None = None   # a number's site name (the map's key), where its name found no room


def edge_start(x: float, y: float, r: float, cx: float, cy: float) -> tuple[float, float]:
    """Where a leader from the marker at (x, y) of radius r (px) to (cx, cy) leaves the marker's
    edge, where it is drawn from: an arrow under the marker's disc crosses nothing one sees (its
    centre where (cx, cy) is on the disc)."""
    d = math.hypot(cx - x, cy - y)
    return (x, y) if d <= r else (x + (cx - x) * r / d, y + (cy - y) * r / d)


def text_box(x: float, y: float, anchor: str, text: str, fs: float) -> tuple[float, float, float, float]:
    tw = text_width(text, fs)
    x0 = x if anchor == "start" else (x - tw if anchor == "end" else x - tw / 2)
    return (x0 - MARGIN_X, y - fs + 1, x0 + tw + MARGIN_X, y + 3.5)


def _candidates(x: float, y: float, r: float, fs: float, ring: int):
    g = r + (3, 16, 32)[ring]
    d = 0.7 * g
    up, down = y - g, y + g + fs - 2
    mid = y + fs / 2 - 1
    return [(x + g, mid, "start"), (x - g, mid, "end"), (x, up - 1, "middle"), (x, down, "middle"),
            (x + d, y - d, "start"), (x + d, y + d + fs - 3, "start"), (x - d, y - d, "end"),
            (x - d, y + d + fs - 3, "end")]


class _Grid:
    """Boxes in a uniform grid of cells, for overlap queries in near-constant time."""

    def __init__(self, cell: float = 64.0):
        self.cell = cell
        self.cells: dict[tuple[int, int], list[tuple[float, float, float, float]]] = {}

    def _keys(self, b):
        c = self.cell
        for i in range(int(b[0] // c), int(b[2] // c) + 1):
            for j in range(int(b[1] // c), int(b[3] // c) + 1):
                yield (i, j)

    def add(self, b) -> None:
        for k in self._keys(b):
            self.cells.setdefault(k, []).append(b)

    def count(self, b) -> int:
        """How many distinct boxes overlap `b`."""
        seen = set()
        for k in self._keys(b):
            for o in self.cells.get(k, ()):
                if b[0] < o[2] and o[0] < b[2] and b[1] < o[3] and o[1] < b[3]:
                    seen.add(id(o))
        return len(seen)

    def hits(self, b) -> bool:
        # the cells' loops written out (not `_keys`): the placer asks this ~10^5 times a map
        c, cells = self.cell, self.cells
        b0, b1, b2, b3 = b
        for i in range(int(b0 // c), int(b2 // c) + 1):
            for j in range(int(b1 // c), int(b3 // c) + 1):
                for o in cells.get((i, j), ()):
                    if b0 < o[2] and o[0] < b2 and b1 < o[3] and o[1] < b3:
                        return True
        return False


class Segments:
    """Segments (x0, y0, x1, y1, half width) in a uniform grid of cells: does a box touch one,
    the segment grown by its half width (exactly: the box grown by it, `_crosses`)."""

    def __init__(self, segs: list[tuple[float, float, float, float, float]], cell: float = 32.0):
        self.grid = _Grid(cell)
        self.arr = np.asarray([sg[:4] for sg in segs], dtype=float).reshape(-1, 4)
        self.cells: dict[tuple[int, int], list[tuple[float, float, float, float, float]]] = {}
        for sg in segs:
            h = sg[4]
            for k in self.grid._keys((min(sg[0], sg[2]) - h, min(sg[1], sg[3]) - h,
                                      max(sg[0], sg[2]) + h, max(sg[1], sg[3]) + h)):
                self.cells.setdefault(k, []).append(sg)

    def cuts(self, seg: tuple[float, float, float, float]) -> int:
        """How many of the segments' centre lines (an exchange's curve's chords, its head's edges)
        the segment `seg` (x0, y0, x1, y1: a leader line) crosses."""
        q = self.arr
        if not len(q):
            return 0
        x0, y0, x1, y1 = seg
        # `_cut` on every segment at once (a leader's few cells hold most of a cluster's arrows)
        d1 = (q[:, 2] - q[:, 0]) * (y0 - q[:, 1]) - (q[:, 3] - q[:, 1]) * (x0 - q[:, 0])
        d2 = (q[:, 2] - q[:, 0]) * (y1 - q[:, 1]) - (q[:, 3] - q[:, 1]) * (x1 - q[:, 0])
        d3 = (x1 - x0) * (q[:, 1] - y0) - (y1 - y0) * (q[:, 0] - x0)
        d4 = (x1 - x0) * (q[:, 3] - y0) - (y1 - y0) * (q[:, 2] - x0)
        return int(np.count_nonzero((d1 * d2 < 0) & (d3 * d4 < 0)))

    def hits(self, b: tuple[float, float, float, float]) -> bool:
        if not self.cells:
            return False
        for k in self.grid._keys(b):
            for sg in self.cells.get(k, ()):
                h = sg[4]
                if _crosses(sg[:4], (b[0] - h, b[1] - h, b[2] + h, b[3] + h)):
                    return True
        return False


#: the spacing (px) of `lines`' boxes along a pipe, and the share of a label's width a pipe may
#: run inside it: a pipe across a name hides a letter or two, one along it strikes it through
LINE_STEP, STRIKE = 4.0, 0.4


def _strikes(pipes: _Grid, b: tuple[float, float, float, float]) -> bool:
    """Whether the pipes' boxes (`lines`, one every LINE_STEP px) inside the label box `b` run
    along more than STRIKE of its width: a name struck through (a steam header leaving the
    boiler's marker sideways), rather than crossed."""
    if not pipes.cells:
        return False
    return pipes.count(b) * LINE_STEP > STRIKE * (b[2] - b[0])


class _Dots:
    """Markers' centres in a uniform grid of cells (`cell` px), for the leaders' test."""

    def __init__(self, dots: np.ndarray, cell: float = 32.0):
        self.cell, self.cells = cell, {}
        for x, y in dots:
            self.cells.setdefault((int(x // cell), int(y // cell)), []).append((float(x), float(y)))

    def near(self, x0: float, y0: float, x1: float, y1: float):
        """The centres in the cells over the box (x0, y0, x1, y1)."""
        c = self.cell
        for i in range(int(x0 // c), int(x1 // c) + 1):
            for j in range(int(y0 // c), int(y1 // c) + 1):
                yield from self.cells.get((i, j), ())


def _leader_clear(seg: tuple[float, float, float, float], out: list[Label], dots: _Dots, r: float) -> bool:
    """Whether a leader line `seg` (from its marker) crosses no placed label nor leader, and
    passes by no other marker (within its radius)."""
    (x0, y0), (x1, y1) = seg[:2], seg[2:]
    lo_x, hi_x, lo_y, hi_y = min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1)
    for o in out:   # a box wholly to one side of the segment's own box is passed by (the cheap test first)
        b = o.box
        if hi_x > b[0] and lo_x < b[2] and hi_y > b[1] and lo_y < b[3] and _crosses(seg, b):
            return False
    dx, dy = x1 - x0, y1 - y0
    ll = dx * dx + dy * dy
    if ll == 0:
        return True
    r2 = r * r
    for px, py in dots.near(lo_x - r, lo_y - r, hi_x + r, hi_y + r):
        if (px - x0) ** 2 + (py - y0) ** 2 < r2:   # its own dot, and any lying on it
            continue
        t = min(1.0, max(0.0, ((px - x0) * dx + (py - y0) * dy) / ll))
        if (px - x0 - t * dx) ** 2 + (py - y0 - t * dy) ** 2 < r2:
            return False
    return True


def _cut(p: tuple[float, float, float, float], q: tuple[float, float, float, float]) -> bool:
    """Whether the segments p and q (x0, y0, x1, y1) cross."""
    def side(ax: float, ay: float, bx: float, by: float, cx: float, cy: float) -> float:
        return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax)
    d1, d2 = side(*q, *p[:2]), side(*q, *p[2:])
    d3, d4 = side(*p, *q[:2]), side(*p, *q[2:])
    return d1 * d2 < 0 and d3 * d4 < 0


def _crosses(seg: tuple[float, float, float, float], box: tuple[float, float, float, float]) -> bool:
    """Whether the segment `seg` passes through `box` (an end inside it, or across an edge)."""
    x0, y0, x1, y1 = box
    # a segment wholly on one side of the box neither ends in it nor crosses an edge (both
    # tests are strict): the cheap test first, as most boxes tested are far from the segment
    if (max(seg[0], seg[2]) <= x0 or min(seg[0], seg[2]) >= x1
            or max(seg[1], seg[3]) <= y0 or min(seg[1], seg[3]) >= y1):
        return False
    if any(x0 < px < x1 and y0 < py < y1 for px, py in (seg[:2], seg[2:])):
        return True
    return any(_cut(seg, e) for e in ((x0, y0, x1, y0), (x1, y0, x1, y1), (x1, y1, x0, y1), (x0, y1, x0, y0)))
