"""Map labels that never overlap: greedy placement around each marker, then with a leader line.

Labels are placed in priority order (the caller's: sites with the largest exchanges
first). Each tries 8 positions next to its marker, then 8 further out joined to the
marker by a leader line; a position is taken only if its box overlaps no label already
placed, no marker and stays inside the frame. A label with no free position is left out
(its site keeps its tooltip): at 5,000 sites the map shows the names that matter, never a
pile of text. Widths, boxes and the geometry's tests: `report.labelgeom`.
"""

from __future__ import annotations

import functools
import math

import numpy as np

from eitflow.report.labelgeom import (
    Label,
    Segments,
    _candidates,
    _crosses,
    _cut,
    _Dots,
    _Grid,
    _leader_clear,
    _strikes,
    edge_start,
    text_box,
)
from eitflow.report.leaders import Field, numbered, uncross


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
    which a leader crosses only where the label has no other place (`_place`); then each leader
    still across an arrow or another leader is moved where it crosses fewer
    (`report.leaders.uncross`)."""
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
    field = Field(xy, radius, frame, fs, obstacles, markers, lines, avoid["arrows"])
    return numbered(uncross(best, field), field, shorter)


def _place(order: list[int], xy: np.ndarray, radius: float, texts: list[str],
           frame: tuple[float, float, float, float], fs: float = 11.0,
           obstacles: list[tuple[float, float, float, float]] | None = None,
           limit: int | None = None, markers: np.ndarray | None = None,
           shorter: list[str] | None = None, before: list[Label] | None = None,
           lines: list[tuple[float, float, float, float]] | None = None,
           arrows: Segments | None = None) -> list[Label]:
    """Labels for the sites in `order` (indices into `xy`/`texts`), at most `limit`, none
    overlapping another label, a marker (of `markers`, default all) or an obstacle, all inside
    `frame` (x0, y0, x1, y1). With `shorter` (a shorter text per site), a site whose text fits
    nowhere at a distance from its marker is tried with its shorter text there before
    going further out: names are cut only where the map is crowded. Last, a label is stacked
    further above or below its marker (`_callouts`). A leader line crosses no label, no other
    leader (drawn from its marker's edge, `edge_start`) and no other marker: it could join a
    name to the wrong site. A place whose leader crosses an arrow is traded for the free place
    whose leader crosses fewest, then is shortest (`report.leaders.Field.better`), before the
    names after it are placed."""
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
    field = Field(xy, radius, frame, fs, obstacles, markers, lines, arrows) if arrows is not None and len(arrows.arr) else None
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
                if grid.hits(b) or marker_grid.hits(b) or any(_crosses(ld, b) for ld in leaders) \
                        or _strikes(pipes, b) or (arrows is not None and arrows.hits(b)):
                    continue
                leader = None
                if far:
                    cx, cy = min(max(x, b[0]), b[2]), min(max(y, b[1]), b[3])
                    leader = (*edge_start(x, y, radius, cx, cy), cx, cy)
                    if not _leader_clear((x, y, cx, cy), out, dot_grid, radius) \
                            or any(_cut(leader, ld) for ld in leaders):
                        continue
                placed = Label(i, text, lx, ly, anchor, b, leader)
                break
            if placed is not None and placed.leader is not None and field is not None \
                    and field.crossings(placed, out):   # across an arrow: the place crossing fewest, now (the
                # names after it then go round it: tavaux_h2's, moved once all were placed, found no better place)
                placed = field.better(placed, out, math.hypot(placed.leader[2] - x, placed.leader[3] - y)) or placed
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


def overlaps(labels: list[Label]) -> int:
    """Number of overlapping label pairs (0 for any placement above): for tests."""
    n = 0
    for a in range(len(labels)):
        for b in range(a + 1, len(labels)):
            p, q = labels[a].box, labels[b].box
            if p[0] < q[2] and q[0] < p[2] and p[1] < q[3] and q[1] < p[3]:
                n += 1
    return n


__all__ = ["curve_segments", "overlaps", "place_labels"]
