"""Names on leader lines kept off the exchanges' arrows and off each other's leaders.

A name placed on a leader (`report.labels._place`: the first free place, nearest first) whose
leader crosses an arrow or another leader is put, there and then, at the free place round its
marker whose leader crosses fewest (`Field.better`), then is shortest; after every name is placed,
each still crossing is moved again the same way, the others kept (`uncross`). A leader starting
inside a cluster of arrows (tavaux_h2's chlor-alkali platform: six arrows leave one marker,
others pass by its neighbours) crossed them wherever the first free place was, and the names
after it took the places it could have had: the nearest place crossing fewer, within 16 px of
its length, was often none. The places scored are many more (`around`: 24 directions at six
distances, beside the placer's rings). A leader may grow past LEADER_SLACK only where its name
then sits nearer its own marker than any other (a name moved 110 px down its arrow, beside
another site's marker, read as that site's: dunkerque_dh's 'Serres de Loon-Plage'). Last, two
leaders still crossing (a name moved off arrows onto another's leader, the two counted alike)
are undone: the names swapped, or one moved where it crosses no leader (`untangle`).
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

#: px a leader moved off an arrow may grow by, unless its name is then nearer its own marker than
#: any other (`Field.better`)
LEADER_SLACK = 16.0
#: passes of `uncross` over the names (each moved only to a place crossing fewer, so it ends)
PASSES = 3
#: the directions (a full turn in this many steps) and distances (px beyond the marker's edge) of
#: `around`'s places: 24 x 6 = 144 places
DIRECTIONS, DISTANCES = 24, (8.0, 16.0, 28.0, 44.0, 64.0, 90.0)


def around(x: float, y: float, r: float, fs: float) -> list[tuple[float, float, str]]:
    """Places (text x, baseline y, anchor) for a name all round its marker at (x, y) of radius r:
    at each of DIRECTIONS angles and DISTANCES px out, the text's nearest edge that far from the
    marker's edge (left of it on the right, centred above and below it, right of it on the left).

    Parameters
    ----------
    x, y : float
        The marker's centre (px).
    r : float
        The marker's radius (px).
    fs : float
        The label's font size (px).
    """
    out = []
    for d in DISTANCES:
        g = r + d
        for k in range(DIRECTIONS):
            a = 2 * math.pi * k / DIRECTIONS
            dx, dy = math.cos(a), math.sin(a)   # y downwards, as on the map
            px, py = x + g * dx, y + g * dy
            anchor = "start" if dx > 0.35 else ("end" if dx < -0.35 else "middle")
            # the baseline: the box's top at py below the marker, its bottom at py above it
            base = py + fs - 1 if dy > 0.35 else (py - 3.5 if dy < -0.35 else py + fs / 2 - 1)
            out.append((px, base, anchor))
    return out


def _nearer_own(b: tuple[float, float, float, float], x: float, y: float, dots: np.ndarray) -> bool:
    """Whether the box `b` is nearer (its nearest point) the marker at (x, y) than every other."""
    def dist(px: np.ndarray | float, py: np.ndarray | float):
        return np.hypot(np.clip(px, b[0], b[2]) - px, np.clip(py, b[1], b[3]) - py)
    own = float(dist(x, y))
    others = dist(dots[:, 0], dots[:, 1])
    mine = (np.abs(dots[:, 0] - x) < 1e-9) & (np.abs(dots[:, 1] - y) < 1e-9)
    return bool((others[~mine] > own).all())


class Field:
    """What a moved name must keep clear of, whatever the other names: the markers (`markers` of
    `xy`, default all), the frame, the obstacles, the pipes (`lines`) and the arrows."""

    def __init__(self, xy: np.ndarray, radius: float, frame: tuple[float, float, float, float], fs: float,
                 obstacles: list[tuple[float, float, float, float]] | None, markers: np.ndarray | None,
                 lines: list[tuple[float, float, float, float]] | None, arrows: Segments):
        self.xy, self.radius, self.frame, self.fs, self.arrows = xy, radius, frame, fs, arrows
        self.obstacles = list(obstacles or [])
        self.dots = xy if markers is None else xy[markers]
        self.dot_grid = _Dots(self.dots)
        self.marker_grid = _Grid()
        for x, y in self.dots:
            self.marker_grid.add((x - radius, y - radius, x + radius, y + radius))
        self.pipes = _Grid(16.0)
        for o in lines or []:
            self.pipes.add(o)

    def crossings(self, lb: Label, others: list[Label]) -> int:
        """How many arrows' segments and other leaders the leader of `lb` crosses (0: none)."""
        return 0 if lb.leader is None else sum(_crossings(lb.leader, self.arrows,
                                                          [o.leader for o in others if o.leader]))

    def better(self, lb: Label, others: list[Label], old: float, leaders_first: bool = False,
               own: bool = False, keep: bool = False) -> Label | None:
        """`lb`'s name at the free place (`fits`, of `_spot_offsets`) whose leader crosses fewest arrows and other
        leaders, fewer than its own, then is shortest; None where there is none. A place whose
        leader is more than LEADER_SLACK px longer than `old` (px) only where the name is nearer
        its own marker than any other. `leaders_first`: fewest other leaders first, then fewest
        arrows, then shortest (`untangle`). `own`: every place only where the name is nearer its own
        marker than any other (a number, `numbered`). `keep`: a leader crossing as many as its own
        is enough (a name moved to make room for a number, `_make_room`)."""
        x, y = float(self.xy[lb.site, 0]), float(self.xy[lb.site, 1])
        r = self.radius
        leaders = [o.leader for o in others if o.leader]

        def key(pair: tuple[int, int]) -> tuple[int, int]:
            return pair if leaders_first else (pair[0] + pair[1], 0)
        crossed = key(_crossings(lb.leader, self.arrows, leaders)) if lb.leader else (0, 0)
        grid = _Grid()
        for ob in self.obstacles:
            grid.add(ob)
        for o in others:
            grid.add(o.box)
        best: tuple[tuple[tuple[int, int], float], Label] | None = None
        for dx, dy, anchor, far in _spot_offsets(r, self.fs):
            lx, ly = x + dx, y + dy
            b = text_box(lx, ly, anchor, lb.text, self.fs)
            # the box tests first (most places are taken), the leader's crossings after
            if not self._room(b, grid):
                continue
            leader, cost = None, ((0, 0), 0.0)
            if far:
                cx, cy = min(max(x, b[0]), b[2]), min(max(y, b[1]), b[3])
                length = math.hypot(cx - x, cy - y)
                # the shortest of those crossing fewer than its own (`leaders_first`: the fewest)
                if best is not None and (best[0][0], length) >= best[0] \
                        and (not leaders_first or best[0][0] == (0, 0)):
                    continue
                leader = (*edge_start(x, y, r, cx, cy), cx, cy)
                cost = (key(_crossings(leader, self.arrows, leaders)), length)
                if (cost[0] > crossed if keep else cost[0] >= crossed) or (best is not None and cost >= best[0]):
                    continue
            if not self._clear(lb.site, b, far, others, leaders, old, own):
                continue
            best = (cost, Label(lb.site, lb.text, lx, ly, anchor, b, leader, lb.key))
        return None if best is None else best[1]

    def at(self, lb: Label, lx: float, ly: float, anchor: str, others: list[Label], old: float) -> Label | None:
        """`lb`'s name written at (lx, ly) with `anchor` on a leader from its marker, where that
        place is free (`better`'s tests, `_room` and `_clear`); None where it is not."""
        x, y = float(self.xy[lb.site, 0]), float(self.xy[lb.site, 1])
        b = text_box(lx, ly, anchor, lb.text, self.fs)
        if not self.fits(lb.site, b, True, others, old):
            return None
        cx, cy = min(max(x, b[0]), b[2]), min(max(y, b[1]), b[3])
        return Label(lb.site, lb.text, lx, ly, anchor, b, (*edge_start(x, y, self.radius, cx, cy), cx, cy), lb.key)

    def fits(self, site: int, b: tuple[float, float, float, float], far: bool, others: list[Label], old: float) -> bool:
        """Whether the name of `site` fits in the box `b` (px), on a leader from its marker where
        `far`, among the names `others`: the one test of a free place `better` and `at` both
        pass (`_room`, then `_clear`). `old`: the leader's length as placed (px)."""
        grid = _Grid()
        for ob in self.obstacles + [o.box for o in others]:
            grid.add(ob)
        return self._room(b, grid) and self._clear(site, b, far, others, [o.leader for o in others if o.leader], old)

    def _room(self, b: tuple[float, float, float, float], boxes: _Grid) -> bool:
        """Whether the box `b` is inside the frame, off the markers and off the `boxes` (the
        obstacles and the other names): the cheap half of `fits`, tried first."""
        frame = self.frame
        return not (b[0] < frame[0] or b[2] > frame[2] or b[1] < frame[1] or b[3] > frame[3]
                    or boxes.hits(b) or self.marker_grid.hits(b))

    def _clear(self, site: int, b: tuple[float, float, float, float], far: bool, others: list[Label],
               leaders: list[tuple[float, float, float, float]], old: float, own: bool = False) -> bool:
        """The rest of `fits`: the box `b` crosses no other leader, is not struck through by a pipe
        and touches no arrow; where `far`, its leader from the marker of `site` passes no other
        name nor marker, and grows past LEADER_SLACK px over `old` only where the name is then
        nearer its own marker than any other; where `own`, the box is nearer its own marker than
        any other, wherever it is."""
        if any(_crosses(ld, b) for ld in leaders) or _strikes(self.pipes, b) or self.arrows.hits(b):
            return False
        x, y = float(self.xy[site, 0]), float(self.xy[site, 1])
        if own and not _nearer_own(b, x, y, self.dots):
            return False
        if not far:
            return True
        cx, cy = min(max(x, b[0]), b[2]), min(max(y, b[1]), b[3])
        return not (math.hypot(cx - x, cy - y) > old + LEADER_SLACK and not _nearer_own(b, x, y, self.dots)
                    or not _leader_clear((x, y, cx, cy), others, self.dot_grid, self.radius))


def untangle(labels: list[Label], field: Field, olds: list[float]) -> list[Label]:
    """`labels` with each pair of crossing leaders undone, where it can be (two leaders crossed
    leave either name readable as the other site's: zae_example's brief, 'Serres maraîchères
    d'Élesmes' moved off six arrow segments onto the leader of 'Brasserie des Hauts de Sambre',
    as `Field.better` counts a leader and an arrow's segment alike): the two names swapped, each
    written where the other was (the classic cure: two leaders to swapped ends no longer cross),
    or either moved to the free place crossing no leader and fewest arrows
    (`Field.better(..., leaders_first=True)`); of these, the layout crossing fewest leaders, then
    fewest arrows' segments, if fewer than before. `olds`: each leader's length (px) as placed."""
    out = list(labels)

    def total(ls: list[Label]) -> tuple[int, int]:
        lead = [lb.leader for lb in ls if lb.leader]
        pairs = sum(_cut(p, q) for k, p in enumerate(lead) for q in lead[k + 1:])
        return pairs, sum(field.arrows.cuts(ld) for ld in lead)

    tried: set[tuple[int, int]] = set()
    for _ in range(len(out)):   # each pair tried once: it ends
        pair = next(((i, j) for i in range(len(out)) for j in range(i + 1, len(out))
                     if (i, j) not in tried and out[i].leader and out[j].leader
                     and _cut(out[i].leader, out[j].leader)), None)   # type: ignore[arg-type]
        if pair is None:
            break
        tried.add(pair)
        i, j = pair
        rest = [lb for k, lb in enumerate(out) if k not in pair]
        options: list[dict[int, Label]] = []
        a = field.at(out[i], out[j].x, out[j].y, out[j].anchor, rest, olds[i])
        b = None if a is None else field.at(out[j], out[i].x, out[i].y, out[i].anchor, rest + [a], olds[j])
        if a is not None and b is not None and not _crosses(a.leader, b.box):   # type: ignore[arg-type]
            options.append({i: a, j: b})
        for k in pair:
            got = field.better(out[k], out[:k] + out[k + 1:], olds[k], leaders_first=True)
            if got is not None:
                options.append({k: got})
        base, now = out, total(out)
        for opt in options:
            cand = [opt.get(k, lb) for k, lb in enumerate(base)]
            if total(cand) < now:
                out, now = cand, total(cand)
    return out


def uncross(labels: list[Label], field: Field) -> list[Label]:
    """`labels` with each whose leader crosses an exchange's arrow (it read as a branch of the
    arrow) or another leader moved, the others kept, where `Field.better` finds a place; passes
    over them until none moves (PASSES at most): the same names, in the same words, on the same
    map.

    Parameters
    ----------
    labels : list of Label
        The names placed (`place_labels`), in their order.
    field : Field
        The map's markers, frame, obstacles, pipes and arrows.
    """
    out = list(labels)
    # the bound on a leader's growth is from where the placer put it, whatever the passes moved
    olds = _lengths(labels, field)
    for _ in range(PASSES):   # a name moved may free the way for one before it
        moved = False
        for k, lb in enumerate(out):
            others = out[:k] + out[k + 1:]
            if not field.crossings(lb, others):
                continue
            got = field.better(lb, others, olds[k])
            if got is not None:
                out[k], moved = got, True
        if not moved:
            break
    return untangle(out, field, olds)


def _span(b: tuple[float, float, float, float],
          leader: tuple[float, float, float, float] | None) -> tuple[float, float, float, float]:
    """The box (x0, y0, x1, y1, px) holding the box `b` and the `leader` (where there is one)."""
    if leader is None:
        return b
    return (min(b[0], leader[0], leader[2]), min(b[1], leader[1], leader[3]),
            max(b[2], leader[0], leader[2]), max(b[3], leader[1], leader[3]))


def _free_of_names(lb: Label, field: Field, old: float) -> list[tuple[float, float, float, float]]:
    """The spans (`_span`) of `lb`'s places (`_spot_offsets`) that `Field.better(..., own=True)`
    could give it whatever the other names: inside the frame, off the markers and obstacles, nearer
    its own marker than any other, touching no arrow nor struck by a pipe, its leader crossing no
    arrow and growing past LEADER_SLACK over `old` only where nearer its own marker (it always
    is). A place off all of them is off every name too; the names' tests are `better`'s."""
    x, y = float(field.xy[lb.site, 0]), float(field.xy[lb.site, 1])
    out = []
    empty = _Grid()
    for dx, dy, anchor, far in _spot_offsets(field.radius, field.fs):
        b = text_box(x + dx, y + dy, anchor, lb.text, field.fs)
        if not field._room(b, empty) or any(_hit(ob, b) for ob in field.obstacles) \
                or not _nearer_own(b, x, y, field.dots) or _strikes(field.pipes, b) or field.arrows.hits(b):
            continue
        leader = None
        if far:
            cx, cy = min(max(x, b[0]), b[2]), min(max(y, b[1]), b[3])
            leader = (*edge_start(x, y, field.radius, cx, cy), cx, cy)
            if field.arrows.cuts(leader):
                continue
        out.append(_span(b, leader))
    return out


def _hit(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    """Whether the boxes a and b (x0, y0, x1, y1) overlap."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _lengths(labels: list[Label], field: Field) -> list[float]:
    """Each label's leader's length (px) from its marker's centre (0 without a leader)."""
    return [math.hypot(lb.leader[2] - field.xy[lb.site, 0], lb.leader[3] - field.xy[lb.site, 1]) if lb.leader
            else 0.0 for lb in labels]


def _crossings(leader: tuple[float, float, float, float], arrows: Segments,
               leaders: list[tuple[float, float, float, float]]) -> tuple[int, int]:
    """How many of the other `leaders`, and of the arrows' segments, the `leader` crosses."""
    return sum(_cut(leader, ld) for ld in leaders), arrows.cuts(leader)


@functools.lru_cache(maxsize=64)
def _spot_offsets(r: float, fs: float) -> tuple[tuple[float, float, str, bool], ...]:
    """Every place `Field.better` tries for a name, from its marker (dx, dy px, anchor, on a
    leader): beside it (no leader), the placer's two rings out and `around` (not the placer's
    stacks, `_callouts`: 420 more places, the brief's map 2.6 s of CPU to lay out on zae_example
    where 1.3 s without them, for the same names and crossings on every bundled brief); the same
    for every marker of a map, so made once."""
    out = [(lx, ly, a, False) for lx, ly, a in _candidates(0.0, 0.0, r, fs, 0)]
    for ring in (1, 2):
        out += [(lx, ly, a, True) for lx, ly, a in _candidates(0.0, 0.0, r, fs, ring)]
    out += [(lx, ly, a, True) for lx, ly, a in around(0.0, 0.0, r, fs)]
    return tuple(out)


def numbered(labels: list[Label], field: Field, shorter: list[str] | None = None) -> list[Label]:
    """`labels` with each name whose leader still crosses an exchange's arrow or another leader
    (`uncross` and `untangle` found no place crossing fewer: zae_example's 'Verrerie float de
    Boussois', 74 px down across two arrows, read as their branch) written where its leader
    crosses neither: its shorter text
    (`shorter`, per site) where that has such a place, else a number beside its marker or on a
    leader crossing nothing, its name then in the map's key (`Label.key`, as
    `report.labels.place_labels` numbers a site of the brief's tables for which no place is free),
    the numbers after those given already. A number goes only where it is nearer its own marker
    than any other (`Field.better(..., own=True)`), else where one other name moved leaves it room
    (`_make_room`). Where neither has a place (a marker inside a cluster of arrows: zae_example's
    'Brasserie des Hauts de Sambre'), the name stays as it was."""
    out = list(labels)
    n = sum(lb.key is not None for lb in out)
    olds = _lengths(out, field)
    for k, lb in enumerate(out):
        others = out[:k] + out[k + 1:]
        if lb.leader is None or lb.key is not None or not field.crossings(lb, others):
            continue
        tries = ([Label(lb.site, shorter[lb.site], lb.x, lb.y, lb.anchor, lb.box, lb.leader)]
                 if shorter is not None and shorter[lb.site] != lb.text else [])
        tries.append(Label(lb.site, str(n + 1), lb.x, lb.y, lb.anchor, lb.box, lb.leader, lb.text))
        for t in tries:
            # a number reads as the marker it is nearest (its leader a hair): zae_example's '1' of
            # 'Serres maraîchères d'Élesmes' ended a 66 px leader 10 px from Chimie de Jeumont's marker
            got = field.better(t, others, olds[k], own=t.key is not None)
            if got is not None and (got.leader is None or not field.crossings(got, others)):
                out[k] = got
                n += got.key is not None
                break
        else:
            # none free: another name moved to where it crosses no more, the number in its room
            room = _make_room(out, k, tries[-1], field, olds)
            if room is not None:
                out, n = room, n + 1
    return out


def _make_room(labels: list[Label], k: int, number: Label, field: Field, olds: list[float]) -> list[Label] | None:
    """`labels` with the name of `labels[k]` written as `number` nearer its own marker than any
    other on a leader crossing nothing (or none), where one other name, moved to a place whose
    leader crosses no more leaders nor arrows than its own (`Field.better(..., keep=True)`),
    leaves it room: the other names tried nearest the marker first (zae_example's 'Brasserie des
    Hauts de Sambre', written above the marker of the Serres, whose number '1' went on a 66 px
    leader beside Chimie de Jeumont's marker). None where no one name's move makes room.

    Only the names touching one of the number's places free of everything but the names
    (`_free_of_names`: the box of its box and leader and theirs overlapping) are tried: another
    leaves every such place as it was, so `Field.better` would find none (the same names moved
    as when all were tried; zae_example's brief spent 2.2 s of its 10 s of CPU, profiled, trying all)."""
    x, y = float(field.xy[number.site, 0]), float(field.xy[number.site, 1])
    spans = _free_of_names(number, field, olds[k])

    def gap(lb: Label) -> float:
        b = lb.box
        return math.hypot(min(max(x, b[0]), b[2]) - x, min(max(y, b[1]), b[3]) - y)

    def touches(lb: Label) -> bool:
        a = _span(lb.box, lb.leader)
        return any(a[0] <= q[2] + 1 and q[0] <= a[2] + 1 and a[1] <= q[3] + 1 and q[1] <= a[3] + 1 for q in spans)
    for j in sorted((j for j in range(len(labels)) if j != k and touches(labels[j])), key=lambda j: gap(labels[j])):
        rest = [lb for i, lb in enumerate(labels) if i not in (j, k)]
        got = field.better(number, rest, olds[k], own=True)
        if got is None or (got.leader is not None and field.crossings(got, rest)):
            continue
        moved = field.better(labels[j], rest + [got], olds[j], leaders_first=True, keep=True)
        if moved is None or field.crossings(got, rest + [moved]):
            continue
        out = list(labels)
        out[j], out[k] = moved, got
        return out
    return None
