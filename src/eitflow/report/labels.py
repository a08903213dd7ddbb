"""Map labels that never overlap: greedy placement around each marker, then with a leader line.

Labels are placed in priority order (the caller's: sites with the largest exchanges
first). Each tries 8 positions next to its marker, then 8 further out joined to the
marker by a leader line; a position is taken only if its box overlaps no label already
placed, no marker and stays inside the frame. A label with no free position is left out
(its site keeps its tooltip): at 5,000 sites the map shows the names that matter, never a
pile of text. Text width is estimated from a table of advance widths (`CHAR_WIDTHS`, those of
the report's bold sans-serif on Linux; a margin takes the halo), so the result does not
depend on fonts installed where the report is written.
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


def _callouts(x: float, y: float, r: float, fs: float, reach: float):
    """Further positions for a label of a site in a cluster, joined to its marker by a leader:
    rows stacked above and below it every line height out to `reach` px, the text centred on
    the marker or beside it, or shifted sideways (round a label below it); nearest first."""
    return [(x + dx, y + dy, anchor) for dx, dy, anchor in _callout_offsets(r, fs, reach)]


@functools.lru_cache(maxsize=64)
def _callout_offsets(r: float, fs: float, reach: float) -> tuple[tuple[float, float, str], ...]:
    """`_callouts`' positions from the marker (px), nearest first: the same for every marker of
    a map and every height of the brief's map (`report.brief._brief_map`), so sorted once."""
    step = fs + 4.0
    out = []
    for k in range(1, int(reach // step) + 1):
        for dy in (r + k * step + fs - 2, -r - k * step):
            for shift in range(-CALLOUT_SHIFT, CALLOUT_SHIFT + 1, 40):
                for dx, anchor in ((float(shift), "middle"), (shift - 12.0, "start"), (shift + 12.0, "end")):
                    out.append((math.hypot(dy, shift) + (0.0 if anchor == "middle" else 6.0), dx, dy, anchor))
    return tuple(c[1:] for c in sorted(out, key=lambda c: c[0]))


#: the furthest a stacked label goes from its marker (px): a cluster's names in the free space
#: beside it (the bundled business park on the 560 px brief left five of its sites unnamed)
CALLOUT_REACH = 150.0
CALLOUT_SHIFT = 120   # px sideways
#: px a leader moved off an arrow may grow by (`_uncross`)
LEADER_SLACK = 16.0
CALLOUTS = 15         # the first sites of the order searched for so far (slower: a few thousand spots)


def place_labels(xy: np.ndarray, radius: float, texts: list[str], order: list[int],
                 frame: tuple[float, float, float, float], fs: float = 11.0,
                 obstacles: list[tuple[float, float, float, float]] | None = None,
                 limit: int | None = None, markers: np.ndarray | None = None,
                 shorter: list[str] | None = None, must: int = 0,
                 lines: list[tuple[float, float, float, float]] | None = None,
                 arrows: list[tuple[float, float, float, float, float]] | Segments | None = None) -> list[Label]:
    """`_place` of the sites in `order`; where one of its first `must` is left unnamed (a site
    of the brief's tables in a cluster: the names placed before it close every way out), the
    placement is tried again with that site first, once for each of them at most, and the one
    naming most of them (then most sites) kept. A site of the `must` ones still unnamed (the
    `limit` reached, or past the CALLOUTS searched furthest) is tried once more, alone, after the
    others; one still unnamed then gets a number beside its marker (`Label.key`: its name, for the
    map's key). `lines`: boxes every `LINE_STEP` px along the pipes drawn (`_strikes`);
    `arrows`: the exchanges' curves and arrowheads as segments (`curve_segments`), which no
    label box touches (a name or a number where none is free goes further, on a leader), and
    which a leader crosses only where the label has no other place (`_place`)."""
    args = (xy, radius, texts, frame, fs, obstacles, limit, markers, shorter)
    # built once for every pass below
    avoid = {"lines": lines, "arrows": arrows if isinstance(arrows, Segments) else Segments(arrows or [])}
    wanted = set(order[:must])

    def score(labels: list[Label]) -> tuple[int, int]:
        return sum(lb.site in wanted for lb in labels), len(labels)

    best = got = _place(order, *args, **avoid)
    first = list(order[:must])
    for _ in range(must):
        named = {lb.site for lb in got}
        left = [i for i in first if i not in named]
        if not left or score(best)[0] == must:
            break
        first = [left[0]] + [i for i in first if i != left[0]]
        got = _place(first + list(order[must:]), *args, **avoid)
        if score(got) > score(best):
            best = got
    named = {lb.site for lb in best}
    left = [i for i in order[:must] if i not in named]
    if left:   # past the limit, or past the CALLOUTS searched furthest: the name tried once more, after the others
        best = best + _place(left, *args[:6], None, markers, shorter, before=best, **avoid)
        named = {lb.site for lb in best}
        left = [i for i in left if i not in named]
    if left:   # numbered: "1" beside the marker, its name in the map's key
        nums = list(texts)
        for k, i in enumerate(left, start=1):
            nums[i] = str(k)
        extra = _place(left, xy, radius, nums, frame, fs, obstacles, None, markers, None, before=best, **avoid)
        for k, lb in enumerate(extra, start=1):   # numbered as placed: 1, 2... (no digit wider than tried)
            lb.text, lb.key = str(k), texts[lb.site]
        best = best + extra
    return _uncross(best, xy, radius, frame, fs, obstacles, markers, **avoid)


def _uncross(labels: list[Label], xy: np.ndarray, radius: float, frame: tuple[float, float, float, float],
             fs: float, obstacles: list[tuple[float, float, float, float]] | None, markers: np.ndarray | None,
             lines: list[tuple[float, float, float, float]] | None, arrows: Segments) -> list[Label]:
    """`labels` with each whose leader crosses an exchange's arrow (it read as a branch of the
    arrow) moved, where it can be, to the first place (`_place`'s order: nearest first) whose
    leader crosses fewer and is at most LEADER_SLACK px longer, the others kept where they are: the
    same names, in the same words, on the same map; one with no such place stays (dunkerque_dh's
    'Serres de Loon-Plage', uncrossed 110 px down its arrow, read as the name of the site there)."""
    out = list(labels)
    for k, lb in enumerate(labels):
        crossed = arrows.cuts(lb.leader) if lb.leader is not None else 0
        if not crossed:
            continue
        texts = [lb.text if j == lb.site else "" for j in range(len(xy))]
        others = out[:k] + out[k + 1:]
        moved = _place([lb.site], xy, radius, texts, frame, fs, obstacles, None, markers, None,
                       before=others, lines=lines, arrows=arrows,
                       uncrossed=(crossed, math.hypot(lb.leader[2] - lb.leader[0], lb.leader[3] - lb.leader[1]) + LEADER_SLACK))
        if moved:
            moved[0].key = lb.key
            out[k] = moved[0]
    return out


def _place(order: list[int], xy: np.ndarray, radius: float, texts: list[str],
           frame: tuple[float, float, float, float], fs: float = 11.0,
           obstacles: list[tuple[float, float, float, float]] | None = None,
           limit: int | None = None, markers: np.ndarray | None = None,
           shorter: list[str] | None = None, before: list[Label] | None = None,
           lines: list[tuple[float, float, float, float]] | None = None,
           arrows: Segments | None = None, uncrossed: tuple[int, float] | None = None) -> list[Label]:
    """Labels for the sites in `order` (indices into `xy`/`texts`), at most `limit`, none
    overlapping another label, a marker (of `markers`, default all) or an obstacle, all inside
    `frame` (x0, y0, x1, y1). With `shorter` (a shorter text per site), a site whose text fits
    nowhere at a distance from its marker is tried with its shorter text there before
    going further out: names are cut only where the map is crowded. Last, a label is stacked
    further above or below its marker (`_callouts`). A leader line crosses no label, no other
    leader and no other marker: it could join a name to the wrong site; with `uncrossed` (n, px),
    fewer than n of the arrows' segments, and it is px long at most (`_uncross`)."""
    grid = _Grid()
    marker_grid = _Grid()
    dots = xy if markers is None else xy[markers]
    for x, y in dots:
        marker_grid.add((x - radius, y - radius, x + radius, y + radius))
    for o in obstacles or []:
        grid.add(o)
    pipes = _Grid(16.0)
    for o in lines or []:
        pipes.add(o)
    out: list[Label] = list(before or [])   # placed already: kept clear, not returned
    for lb in out:
        grid.add(lb.box)
    leaders = [lb.leader for lb in out if lb.leader]
    dot_grid = _Dots(dots)
    fx0, fy0, fx1, fy1 = frame
    for k, i in enumerate(order):
        if limit is not None and len(out) >= limit:
            break
        x, y = float(xy[i, 0]), float(xy[i, 1])
        if not (fx0 <= x <= fx1 and fy0 <= y <= fy1):
            continue
        variants = list(dict.fromkeys([texts[i]] + ([shorter[i]] if shorter is not None else [])))
        # the whole name beside its marker or a ring out, on a leader, before a cut one beside it: an
        # arrow into the marker takes the places beside it, and the PDF has no tooltip for the rest
        rings = [(0, t) for t in variants[:1]] + [(1, t) for t in variants[:1]] + [(ring, t) for ring in (0, 1)
                                                                                    for t in variants[1:]]
        tries = [(_candidates(x, y, radius, fs, ring), ring > 0, t) for ring, t in rings + [(2, t) for t in variants]]
        if k < CALLOUTS:   # the map's first names, searched further
            tries += [(_callouts(x, y, radius, fs, CALLOUT_REACH), True, t) for t in variants]
        placed = None
        for spots, far, text in tries:
            for lx, ly, anchor in spots:
                b = text_box(lx, ly, anchor, text, fs)
                if b[0] < fx0 or b[2] > fx1 or b[1] < fy0 or b[3] > fy1:
                    continue
                if uncrossed is not None and far and math.hypot(min(max(x, b[0]), b[2]) - x,
                                                                min(max(y, b[1]), b[3]) - y) > uncrossed[1]:
                    continue   # (`_uncross`: a leader no longer than the one it replaces and LEADER_SLACK)
                if grid.hits(b) or marker_grid.hits(b) or any(_crosses(ld, b) for ld in leaders) \
                        or _strikes(pipes, b) or (arrows is not None and arrows.hits(b)):
                    continue
                leader = None
                if far:
                    cx, cy = min(max(x, b[0]), b[2]), min(max(y, b[1]), b[3])
                    leader = (x, y, cx, cy)
                    if not _leader_clear(leader, out, dot_grid, radius):
                        continue
                    if uncrossed is not None and arrows is not None and arrows.cuts(leader) >= uncrossed[0]:
                        continue
                placed = Label(i, text, lx, ly, anchor, b, leader)
                break
            if placed is not None:
                grid.add(placed.box)
                out.append(placed)
                if placed.leader:
                    leaders.append(placed.leader)
                break
    return out[len(before or []):]


#: px kept between a label's box and an exchange's stroke, beyond its half width: the box is the
#: placer's estimate of the text (`text_box`), a glyph's ascent may reach 0.2 px above it
ARROW_CLEAR = 1.5
#: the longest chord (px) of an exchange's curve in its segments (its sagitta then stays < 0.1 px)
CURVE_STEP = 4.0


def curve_segments(p0: tuple[float, float], c: tuple[float, float], p1: tuple[float, float], width: float,
                   arrow: list[tuple[float, float]] | None = None) -> list[tuple[float, float, float, float, float]]:
    """An exchange as drawn on the map (`report.map._edges`: a quadratic curve from `p0` to
    `p1` bowed by `c`, `width` px wide, and its `arrow` head, a triangle) as straight segments
    (x0, y0, x1, y1, half width in px) for `place_labels`' `arrows`: chords of at most
    CURVE_STEP px, each half its stroke's width plus ARROW_CLEAR wide, and the head's edges."""
    (ax, ay), (cx, cy), (bx, by) = p0, c, p1
    rough = math.hypot(cx - ax, cy - ay) + math.hypot(bx - cx, by - cy)   # the control polygon: >= the curve's length
    t = np.linspace(0.0, 1.0, max(2, math.ceil(rough / CURVE_STEP) + 1))
    x = (1 - t) ** 2 * ax + 2 * (1 - t) * t * cx + t ** 2 * bx
    y = (1 - t) ** 2 * ay + 2 * (1 - t) * t * cy + t ** 2 * by
    half = width / 2 + ARROW_CLEAR
    out = [(float(x[k]), float(y[k]), float(x[k + 1]), float(y[k + 1]), half) for k in range(len(t) - 1)]
    for k in range(len(arrow or [])):   # the head is filled: its edges, and a box holding it is caught by its ends
        (px, py), (qx, qy) = arrow[k], arrow[(k + 1) % len(arrow)]   # type: ignore[index]
        out.append((float(px), float(py), float(qx), float(qy), ARROW_CLEAR))
    return out


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


def overlaps(labels: list[Label]) -> int:
    """Number of overlapping label pairs (0 for any placement above): for tests."""
    n = 0
    for a in range(len(labels)):
        for b in range(a + 1, len(labels)):
            p, q = labels[a].box, labels[b].box
            if p[0] < q[2] and q[0] < p[2] and p[1] < q[3] and q[1] < p[3]:
                n += 1
    return n
