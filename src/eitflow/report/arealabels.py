"""Names of areas on the map: the scenario's zones and the basemap's départements (or régions).

Each is written where it covers no site marker and touches no exchange's arrow (its curve and
its head, `report.labels.curve_segments`, the obstacles the site names avoid): a zone's name
drawn over an arrow cut it with its white halo, a département's name lay under it, half hidden.
A name with no such place is left out: the legend names the zones (`report.html.legend`), and
a département's name is the basemap's, not the plan's.
"""

from __future__ import annotations

import numpy as np

from eitflow.report.labelgeom import MARGIN_X, Segments, text_width

#: px of the zones' names (`.zone-label`, bold) and of the départements' (`.area-names`, italic)
ZONE_FS, AREA_FS = 11.5, 10.5


def zone_box(x: float, y: float, name: str) -> tuple[float, float, float, float]:
    """The box (px) of a zone's name centred at `x` on the baseline `y`: its text's advance
    (`text_width`, of the bold face it is drawn in) and its halo, MARGIN_X each side."""
    w = text_width(name, ZONE_FS) + 2 * MARGIN_X
    return (x - w / 2, y - 11.0, x + w / 2, y + 3.0)


def _zone_spot(ring: np.ndarray, cx: float, cy: float, name: str, pts: np.ndarray, r: float,
               frame, arrows: Segments) -> tuple[float, float] | None:
    """Where a zone's name goes (text centre, baseline; px): at the zone's centroid unless a
    site's marker or an arrow is under it there (a business park's zone holds its sites, and its
    name covered them), else just above the zone's outline, else just below it (a site on the
    outline keeps its marker clear); None where none is clear: the legend names the zone, and a
    name moved further would read as a site's."""
    top, bottom = float(ring[:, 1].min()), float(ring[:, 1].max())
    for x, y in ((cx, cy), (cx, top - r - 4.0), (cx, bottom + r + 12.0)):
        x0, y0, x1, y1 = b = zone_box(x, y, name)
        inside = frame.x <= x0 and x1 <= frame.x + frame.w and frame.y <= y0 and y1 <= frame.y + frame.h
        clear = not len(pts) or not bool(((pts[:, 0] > x0 - r) & (pts[:, 0] < x1 + r) &
                                          (pts[:, 1] > y0 - r) & (pts[:, 1] < y1 + r)).any())
        if inside and clear and not arrows.hits(b):
            return x, y
    return None


def zone_labels(zones: list[dict], pts: np.ndarray, r: float, frame,
                arrows: Segments) -> tuple[list[tuple[float, float] | None], list[tuple[float, float, float, float]]]:
    """Each zone's name's place (`_zone_spot`; None: unnamed on the map) and the boxes of those
    placed (obstacles for the site names). `zones`: their outlines projected (px, `map_layout`'s),
    `pts`: the main frame's markers (px) of radius `r`."""
    spots: list[tuple[float, float] | None] = []
    boxes = []
    for z in zones:
        best = max(z["polys"], key=lambda p: float(np.ptp(p[0][:, 0]) * np.ptp(p[0][:, 1])))[0]
        cross = best[:-1, 0] * best[1:, 1] - best[1:, 0] * best[:-1, 1]
        area = cross.sum() / 2
        if abs(area) < 1e-6:
            spots.append(None)
            continue
        cx = float(((best[:-1, 0] + best[1:, 0]) * cross).sum() / (6 * area))
        cy = float(((best[:-1, 1] + best[1:, 1]) * cross).sum() / (6 * area))
        spot = _zone_spot(best, cx, cy, z["name"], pts, r, frame, arrows)
        spots.append(spot)
        if spot is not None:
            boxes.append(zone_box(*spot, z["name"]))
    return spots, boxes


def keep_area_names(names: list[dict], placed: list[tuple[float, float, float, float]], xy: np.ndarray,
                    arrows: Segments) -> list[dict]:
    """The département (or région) names of a frame (`BaseLayer.names`) that overlap no label
    already `placed` (boxes, px; each name kept is added to them), pass by no site (`xy`, px)
    and touch no arrow. Width: `text_width` of the bold face, generous for the italic drawn."""
    keep = []
    for nm in names:
        w = text_width(nm["text"], AREA_FS)
        box = (nm["x"] - w / 2, nm["y"] - 9, nm["x"] + w / 2, nm["y"] + 3)
        if any(box[0] < o[2] and o[0] < box[2] and box[1] < o[3] and o[1] < box[3] for o in placed):
            continue
        if len(xy) and bool(((np.abs(xy[:, 0] - nm["x"]) < w / 2 + 4) & (np.abs(xy[:, 1] - nm["y"]) < 10)).any()):
            continue
        if arrows.hits(box):
            continue
        keep.append(nm)
        placed.append(box)
    return keep
