"""The report's map: frames (mainland and insets), basemap, zones, exchanges, sites and labels.

Positions are projected per frame, equirectangular scaled by cos(latitude) at the frame's
centre (at the scale of France the distortion is a few per cent; the scale bar is exact
at the centre). Sites are grouped by the detailed area of the basemap they fall in
(metropolitan France and neighbours, Antilles, Guyane, La Réunion, Mayotte): the largest
group gets the main frame and each other group an inset in a column on the left, so a
national run shows the mainland at full size. Labels are site names, placed without
overlap (`report.labels`), the sites with the largest exchanges first. The layout is
plain data in pixels, drawn as SVG for the HTML (`report.mapsvg`) and with matplotlib
for the static figures, so both always agree.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

import eitflow.i18n as i18n
from eitflow.report.arealabels import keep_area_names, zone_labels
from eitflow.report.basemap import Basemap, Shape, load_basemap
from eitflow.report.colocated import one_label_each_point, points
from eitflow.report.labelgeom import LINE_STEP, Label, Segments
from eitflow.report.labels import curve_segments, place_labels
from eitflow.report.names import corridor_ends, corridor_size, display_names, distinct_short, short_name, without_note
from eitflow.report.style import colours_of
from eitflow.report.tables import exchange_said
from eitflow.results.rundir import PLACED_SECTOR, RunData

KM_PER_DEG = 111.195  # great-circle km per degree of latitude (R = 6371.0 km)
INSET_W = 170.0
MAX_LABEL = 32  # characters of a site name on a crowded map (the tooltip has all of it)
MAX_LABEL_ROOM = 60  # ... and where the map has room for it
INSET_LABELS = 6  # names on an inset's map at most


@dataclass
class Frame:
    """A rectangle of the SVG (pixels) and the projection that fills it."""

    name: str
    x: float
    y: float
    w: float
    h: float
    lon0: float
    lat0: float
    coslat: float
    scale: float  # pixels per degree of latitude

    def proj(self, lon, lat):
        lon, lat = np.asarray(lon, float), np.asarray(lat, float)
        return (self.x + self.w / 2 + (lon - self.lon0) * self.coslat * self.scale,
                self.y + self.h / 2 - (lat - self.lat0) * self.scale)

    def lonlat_bbox(self) -> tuple[float, float, float, float]:
        dlon = self.w / 2 / (self.coslat * self.scale)
        dlat = self.h / 2 / self.scale
        return (self.lon0 - dlon, self.lat0 - dlat, self.lon0 + dlon, self.lat0 + dlat)

    @property
    def px_per_km(self) -> float:
        return self.scale / KM_PER_DEG


@dataclass
class BaseLayer:
    """Projected basemap of one frame: polygons as lists of pixel rings."""

    land: list[list[np.ndarray]] = field(default_factory=list)       # countries (fill; coast and borders)
    france: list[list[np.ndarray]] = field(default_factory=list)     # départements (fill + thin border)
    regions: list[list[np.ndarray]] = field(default_factory=list)    # région borders
    names: list[dict] = field(default_factory=list)                  # département or région labels


@dataclass
class MapLayout:
    width: float
    height: float
    frames: list[Frame]
    base: list[BaseLayer]
    sites: list[dict]
    edges: list[dict]
    zones: list[dict]
    labels: list[Label]
    scalebar: dict | None
    lang: str = "en"
    note: str = ""
    detailed: bool = True
    extra: dict = field(default_factory=dict)
    corridors: list[dict] = field(default_factory=list)   # shared networks' corridors built (straight lines)


def _nice_step(span: float, target: int) -> float:
    raw = span / max(target, 1)
    if raw <= 0:
        return 1.0
    mag = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if m * mag >= raw:
            return m * mag
    return 10 * mag


def _fit(name: str, lon: np.ndarray, lat: np.ndarray, x: float, y: float, w: float, h: float,
         pad: float, pad_y: float | None = None) -> Frame:
    """The frame filling (x, y, w, h) with every point inside, `pad` pixels from the edge
    (`pad_y` from the top and bottom, where given)."""
    lat0 = 0.5 * (lat.min() + lat.max())
    lon0 = 0.5 * (lon.min() + lon.max())
    coslat = max(math.cos(math.radians(lat0)), 0.05)
    min_span = 2.0 / KM_PER_DEG  # at least ~2 km, so one site or a tight cluster still gets a frame
    sx = max((lon.max() - lon.min()) * coslat, min_span)
    sy = max(lat.max() - lat.min(), min_span)
    scale = min((w - 2 * pad) / sx, (h - 2 * (pad if pad_y is None else pad_y)) / sy)
    return Frame(name, x, y, w, h, lon0, lat0, coslat, scale)


def _groups(bm: Basemap, lon: np.ndarray, lat: np.ndarray) -> list[tuple[str, np.ndarray]]:
    """Sites grouped by detailed area (outside them: one group), largest first."""
    keys = np.array([bm.area_of(a, b) or "" for a, b in zip(lon, lat)], dtype=object)
    out = [(k, np.flatnonzero(keys == k)) for k in dict.fromkeys(keys)]
    return sorted(out, key=lambda t: (-len(t[1]), t[0] == "", t[0]))


def _project_shapes(fr: Frame, shapes: list[Shape], bbox) -> list[list[np.ndarray]]:
    a, b, c, d = bbox
    out = []
    for sh in shapes:
        sa, sb, sc, sd = sh.bbox
        if sc < a or sa > c or sd < b or sb > d:
            continue
        for poly in sh.polys:
            rings = []
            for r in poly:
                x, y = fr.proj(r[:, 0], r[:, 1])
                ring = _clamp(np.c_[x, y], fr)
                if ring is not None:
                    rings.append(ring)
            if rings:
                out.append(rings)
    return out


def _clamp(xy: np.ndarray, fr: Frame) -> np.ndarray | None:
    """The ring with points far outside the frame pulled onto a margin box, so a coast of
    10,000 points seen through a 10 km window costs a few dozen. The margin exceeds the
    ring's longest edge, so every edge that crosses the visible frame keeps both ends."""
    seg = np.hypot(*np.diff(xy, axis=0).T)
    m = (float(seg.max()) if len(seg) else 0.0) + 8.0
    x0, y0, x1, y1 = fr.x - m, fr.y - m, fr.x + fr.w + m, fr.y + fr.h + m
    if xy[:, 0].max() < x0 or xy[:, 0].min() > x1 or xy[:, 1].max() < y0 or xy[:, 1].min() > y1:
        return None
    out = np.c_[np.clip(xy[:, 0], x0, x1), np.clip(xy[:, 1], y0, y1)]
    keep = np.r_[True, np.any(np.diff(out, axis=0) != 0, axis=1)]
    return out[keep]


def _label_point(fr: Frame, sh: Shape) -> tuple[float, float, float, float]:
    """Pixel centre and size of a shape's largest polygon (for its name)."""
    best = max(sh.polys, key=lambda p: len(p[0]))
    ring = best[0]
    x, y = fr.proj(ring[:, 0], ring[:, 1])
    # area-weighted centroid of the exterior ring (shoelace)
    cross = x[:-1] * y[1:] - x[1:] * y[:-1]
    area = cross.sum() / 2
    if abs(area) < 1e-9:
        return float(x.mean()), float(y.mean()), 0.0, 0.0
    cx = ((x[:-1] + x[1:]) * cross).sum() / (6 * area)
    cy = ((y[:-1] + y[1:]) * cross).sum() / (6 * area)
    return float(cx), float(cy), float(x.max() - x.min()), float(y.max() - y.min())


def _base(fr: Frame, bm: Basemap) -> tuple[BaseLayer, bool]:
    a, b, c, d = fr.lonlat_bbox()
    bbox = (a - 0.2, b - 0.2, c + 0.2, d + 0.2)
    lay = BaseLayer()
    detailed = bm.covered((a, b, c, d)) or any(bm.area_of(x, y) for x, y in ((a, b), (c, d), ((a + c) / 2, (b + d) / 2)))
    if detailed:
        lay.land = _project_shapes(fr, bm.countries, bbox)
        lay.france = _project_shapes(fr, bm.departements, bbox)
        lay.regions = _project_shapes(fr, bm.regions, bbox)
        # names of the départements seen whole enough to hold them (régions on a national map)
        shapes = bm.departements if fr.h / fr.scale < 4.5 else bm.regions
        for sh in shapes:
            sa, sb, sc, sd = sh.bbox
            if sc < a or sa > c or sd < b or sb > d:
                continue
            cx, cy, w, h = _label_point(fr, sh)
            if fr.x + 30 < cx < fr.x + fr.w - 30 and fr.y + 14 < cy < fr.y + fr.h - 14 and w > 90 and h > 40:
                lay.names.append({"text": sh.name, "x": cx, "y": cy})
    else:
        lay.land = _project_shapes(fr, bm.world, bbox)
    return lay, detailed


def _with_plots(data: RunData, lon: np.ndarray, lat: np.ndarray, margin_deg: float = 0.5) -> tuple[np.ndarray,
                                                                                                  np.ndarray]:
    """(lon, lat) of the main group and of the plots (siting runs) within `margin_deg` of it."""
    p = getattr(data, "plots", None)
    if p is None or not len(p):
        return lon, lat
    plon, plat = p["lon"].to_numpy(float), p["lat"].to_numpy(float)
    near = ((plon >= lon.min() - margin_deg) & (plon <= lon.max() + margin_deg)
            & (plat >= lat.min() - margin_deg) & (plat <= lat.max() + margin_deg))
    return np.concatenate([lon, plon[near]]), np.concatenate([lat, plat[near]])


def names_at_most(data: RunData, label_limit: int, named: tuple[str, ...] = ()) -> tuple[int, int]:
    """The sites `map_layout(data, label_limit=..., named=...)` draws and the most it names,
    whatever its height: `label_limit` on the main map, INSET_LABELS on each inset, and the
    `named` ones tried again past the limit (`place_labels`' `must`). Where the first exceeds the
    second, the map's note ("Names shown for 14 sites out of 190") is certain at every height."""
    s = data.sites.dropna(subset=["lat", "lon"])
    if not len(s):
        return 0, 0
    insets = len(_groups(load_basemap(), s["lon"].to_numpy(float), s["lat"].to_numpy(float))) - 1
    return len(s), label_limit + INSET_LABELS * insets + len(set(named) & set(s["site_id"]))


def map_layout(data: RunData, lang: str = "en", width: float = 960.0, max_height: float = 760.0,
               label_limit: int | None = None, named: tuple[str, ...] = (), pad_y: float = 40.0) -> MapLayout:
    """Frames, basemap, zone shapes, exchange curves, site markers and labels, in pixels.
    `named`: sites whose names come first and are placed hardest (the brief's tables' sites);
    `pad_y`: px kept free above and below the sites (the brief's short map keeps less)."""
    s = data.sites.dropna(subset=["lat", "lon"]).reset_index(drop=True)
    m = data.matches
    if len(s) == 0:
        return MapLayout(width, 200.0, [], [], [], [], [], [], None, lang, i18n.text("map_no_coordinates", lang))
    bm = load_basemap()
    lon, lat = s["lon"].to_numpy(float), s["lat"].to_numpy(float)
    groups = _groups(bm, lon, lat)
    main_idx = groups[0][1]
    insets = groups[1:]
    pad = 40.0
    x0 = INSET_W + 14 if insets else 0.0
    mw = width - x0
    # height from the main group's aspect, within bounds
    # the free plots of a siting run near the main group are drawn too: fit them in
    flon, flat = _with_plots(data, lon[main_idx], lat[main_idx])
    probe = _fit("", flon, flat, 0, 0, mw, 10_000, pad)
    span_y = max(flat.max() - flat.min(), 2.0 / KM_PER_DEG) * probe.scale
    height = float(min(max(span_y + 2 * pad_y, 360.0, 150.0 * len(insets) + 20), max_height))
    frames = [_fit("", flon, flat, x0, 0.0, mw, height, pad, pad_y)]
    frame_of = np.zeros(len(s), dtype=np.int64)
    if insets:
        ih = min(140.0, (height - 10 * (len(insets) + 1)) / len(insets))
        for k, (name, idx) in enumerate(insets):
            fy = 10 + k * (ih + 10)
            title = i18n.text("map_other_sites", lang) if not name else name
            frames.append(_fit(title, lon[idx], lat[idx], 6.0, fy, INSET_W, ih, 16.0))
            frame_of[idx] = k + 1
    base, detailed = [], True
    for fr in frames:
        b, det = _base(fr, bm)
        base.append(b)
        detailed = detailed and det
    xy = np.zeros((len(s), 2))
    for k, fr in enumerate(frames):
        idx = np.flatnonzero(frame_of == k)
        px, py = fr.proj(lon[idx], lat[idx])
        xy[idx, 0], xy[idx, 1] = px, py
    n = len(s)
    names = display_names(s)
    pos = {sid: i for i, sid in enumerate(s["site_id"])}
    active = set(m["source_site"]) | set(m["sink_site"]) if len(m) else set()
    r_site = 5.5 if n <= 200 else (3.2 if n <= 1500 else 1.6)

    # scale bar of the main frame: bottom right, else the first corner, then a bar half as long,
    # where it covers no site (a map keeping less than 40 px under its sites may have some there)
    fr0, main_xy, bars = frames[0], xy[frame_of == 0], []
    for km in dict.fromkeys((_nice_step(110 / fr0.px_per_km, 1), _nice_step(55 / fr0.px_per_km, 1))):
        length = km * fr0.px_per_km
        said = f"{i18n.number(km, lang)} km" if km >= 1 else f"{i18n.number(km * 1000, lang)} m"
        bars += [{"x": sx, "y": sy, "length": length, "label": said} for sx, sy in (
            (fr0.x + fr0.w - 30 - length, height - 22), (fr0.x + 30, height - 22), (fr0.x + fr0.w - 30 - length, 40.0),
            (fr0.x + 30, 40.0))]
    scalebar = next((sb for sb in bars if not _covers(_sb_box(sb), main_xy, r_site)), bars[0])

    zones = []
    for k, z in enumerate(data.zone_shapes or []):
        rings = []
        for poly in z["polys"]:
            arr = [np.asarray(r, float) for r in poly]
            rings.append([np.c_[fr0.proj(r[:, 0], r[:, 1])] for r in arr])
        zones.append({"name": z["name"], "polys": rings, "k": k})
    edges = _edges(data, m, pos, xy, frame_of, r_site, names, lang)
    # a name over an exchange's arrow hides it under its halo (zae_example's cluster): no site's,
    # zone's or département's name touches one
    arrows = Segments([sg for e in edges for sg in curve_segments(e["p0"], e["c"], e["p1"], e["width"], e["arrow"])])
    zone_spots, zone_boxes = zone_labels(zones, xy[frame_of == 0], r_site, fr0, arrows)
    corridors = _corridors(data, frames, frame_of, pos, names, lang)
    sites = []
    for i, rec in enumerate(s.to_dict("records")):
        title = names[i] + f" ({rec['site_id']})"
        if rec.get("zone"):
            title += f" · {rec['zone']}"
        if rec.get("sector"):
            title += "\n" + (i18n.text("sector_placed_activity", lang) if rec["sector"] == PLACED_SECTOR
                             else str(rec["sector"]))
        sites.append({"x": xy[i, 0], "y": xy[i, 1], "r": r_site, "id": rec["site_id"], "name": names[i],
                      "active": rec["site_id"] in active, "title": title, "frame": int(frame_of[i])})

    # labels: the sites with the largest exchanges first, then the others (small maps only)
    weight = np.zeros(n)
    if len(m):
        w = m.groupby("source_site")["net_benefit_eur_per_yr"].sum().add(
            m.groupby("sink_site")["net_benefit_eur_per_yr"].sum(), fill_value=0.0)
        for sid, v in w.items():
            if sid in pos:
                weight[pos[sid]] = abs(float(v)) + 1.0
    order = [int(i) for i in np.lexsort((np.arange(n), -weight)) if weight[i] > 0 or n <= 60]
    first = {pos[sid] for sid in named if sid in pos}
    order = [i for i in order if i in first] + [i for i in order if i not in first]
    if label_limit is None:
        label_limit = n if n <= 60 else 40
    # where there is room, the whole name but a trailing note ("(nom fictif)"); else cut
    bare = without_note(names)
    # two sites never look the same: "Compagnie Industrielle du Nord, unité d…" twice read as one
    # company's two dots; each is cut in its middle instead, keeping where they differ (`distinct_short`)
    texts = distinct_short(names, [short_name(t, MAX_LABEL_ROOM, True) for t in bare])
    shorter = distinct_short(names, [short_name(t, MAX_LABEL, True) for t in names])
    # sites at one point (a plot's activities) have one label, not a pile of names round one marker
    pl = data.placements
    plot_of = dict(zip(pl["site_id"].astype(str), pl["plot"].astype(str))) if pl is not None and len(pl) else {}
    at_points = points(xy, frame_of)
    for g in at_points:   # a marker drawn several times: its tooltip names every site there
        said = "\n".join(sites[i]["title"] for i in g)
        for i in g:
            sites[i]["title"] = said
    order, texts, shorter, point_n = one_label_each_point(
        at_points, order, texts, shorter, names, [plot_of.get(str(sid)) for sid in s["site_id"]], lang,
        (MAX_LABEL_ROOM, MAX_LABEL))
    labels: list[Label] = []
    # a label may cover an idle site of a crowded map (its dot shows through the halo), never an active one
    pipes = _line_boxes(corridors)   # a name along a pipe is struck through: placed elsewhere
    marker_idx = np.arange(n) if n <= 200 else np.array(sorted(pos[a] for a in active if a in pos), dtype=np.int64)
    for k, fr in enumerate(frames):
        idx = [i for i in order if frame_of[i] == k]
        fs = 11.0 if k == 0 else 10.0
        lim = label_limit if k == 0 else INSET_LABELS
        labels += place_labels(xy, r_site, texts, idx, (fr.x + 2, fr.y + 2, fr.x + fr.w - 2, fr.y + fr.h - 2),
                               markers=marker_idx, fs=fs, limit=lim, lines=pipes if k == 0 else None, arrows=arrows,
                               obstacles=[_sb_box(scalebar), *zone_boxes] if k == 0 else [],
                               shorter=shorter, must=sum(i in first for i in idx))
    # département / région names only where no site's or zone's name is
    placed = [lb.box for lb in labels] + zone_boxes
    for b in base:
        b.names = keep_area_names(b.names, placed, xy, arrows)
    note = ""
    # a numbered site's name is in the key, not on the map; a point's label names its sites
    named_n = sum(point_n.get(lb.site, 1) for lb in labels if lb.key is None)
    if named_n < n:
        note = i18n.text("map_labels_some", lang, shown=i18n.number(named_n, lang), n=i18n.number(n, lang))
    return MapLayout(width, height, frames, base, sites, edges, zones, labels, scalebar, lang, note, detailed,
                     extra={"zone_labels": zone_spots, "keys": sorted(((lb.text, lb.key) for lb in labels if lb.key),
                                                                          key=lambda p: int(p[0]))},
                     corridors=corridors)


def _line_boxes(corridors: list[dict], step: float = LINE_STEP) -> list[tuple[float, float, float, float]]:
    """Boxes (px) every `step` px along the corridors drawn, each as wide as its line, for the
    label placer (`report.labels`' `lines`): no site name runs along a pipe (the report's map
    wrote 'Chaufferie biomasse du port' along the steam header leaving it, struck through)."""
    out = []
    for c in corridors:
        (x0, y0), (x1, y1), h = c["p0"], c["p1"], c["width"] / 2
        for t in np.linspace(0.0, 1.0, max(1, int(math.hypot(x1 - x0, y1 - y0) // step)) + 1):
            x, y = x0 + t * (x1 - x0), y0 + t * (y1 - y0)
            out.append((x - h, y - h, x + h, y + h))
    return out


def _covers(b: tuple[float, float, float, float], xy: np.ndarray, r: float) -> bool:
    """Whether the box `b` covers a marker (of radius `r`) centred at a row of `xy`."""
    return bool(((xy[:, 0] > b[0] - r) & (xy[:, 0] < b[2] + r) & (xy[:, 1] > b[1] - r) & (xy[:, 1] < b[3] + r)).any())


def _sb_box(sb: dict) -> tuple[float, float, float, float]:
    return (sb["x"] - 10, sb["y"] - 20, sb["x"] + sb["length"] + 10, sb["y"] + 12)


def _edges(data: RunData, m: pd.DataFrame, pos: dict, xy: np.ndarray, frame_of: np.ndarray, r_site: float,
           names: list[str], lang: str) -> list[dict]:
    """Exchanges as quadratic curves bowing to the right of their direction, arrow at the sink."""
    edges: list[dict] = []
    if len(m) == 0:
        return edges
    amax = m.groupby("supply_resource")["amount"].max().to_dict()
    pair_count: dict[tuple, int] = {}
    order = m.sort_values("amount", ascending=False, kind="stable")
    for rec in order.to_dict("records"):
        a, b = rec["source_site"], rec["sink_site"]
        if a not in pos or b not in pos or frame_of[pos[a]] != frame_of[pos[b]]:
            continue
        (x0, y0), (x1, y1) = xy[pos[a]], xy[pos[b]]
        key = tuple(sorted((a, b)))
        k = pair_count.get(key, 0)
        pair_count[key] = k + 1
        dx, dy = x1 - x0, y1 - y0
        dist = math.hypot(dx, dy) or 1.0
        nx_, ny_ = -dy / dist, dx / dist
        bow = dist * (0.14 + 0.10 * k)
        c = ((x0 + x1) / 2 + nx_ * bow, (y0 + y1) / 2 + ny_ * bow)
        res = rec["supply_resource"]
        rel = rec["amount"] / amax[res] if amax.get(res) else 1.0
        w = 1.6 + 6.4 * math.sqrt(max(rel, 0.0))
        free = max(dist - 2 * r_site, 0.0)  # visible length between the two markers
        w = min(w, max(1.0, free / 5))  # short exchanges (a national map) stay thin...
        ux, uy = x1 - c[0], y1 - c[1]
        ul = math.hypot(ux, uy) or 1.0
        ux, uy = ux / ul, uy / ul
        tip = (x1 - ux * (r_site + 1.5), y1 - uy * (r_site + 1.5))
        alen = min(7 + 1.1 * w, 0.45 * free)  # ...with arrowheads in proportion
        ahw = min(3.5 + 0.8 * w, 0.6 * alen)
        base = (tip[0] - ux * alen, tip[1] - uy * alen)
        arrow = [tip, (base[0] - uy * ahw, base[1] + ux * ahw), (base[0] + uy * ahw, base[1] - ux * ahw)]
        end = (tip[0] - ux * alen * 0.7, tip[1] - uy * alen * 0.7)
        vx, vy = c[0] - x0, c[1] - y0
        vl = math.hypot(vx, vy) or 1.0
        start = (x0 + vx / vl * r_site, y0 + vy / vl * r_site)
        # a converted exchange or one losing heat in its pipe: what is sent and what is received, not
        # the sludge's amount beside "boues → fertilisant" alone (`exchange_said`, as the brief's rows)
        said = exchange_said(rec, lang)
        title = i18n.text("map_edge_title", lang, src=names[pos[a]], dst=names[pos[b]], said=said,
                          km=i18n.number(rec["distance_km"], lang, 1),
                          net=i18n.money(rec["net_benefit_eur_per_yr"], lang),
                          co2=i18n.number(rec["co2_avoided_t_per_yr"], lang, 1))
        edges.append({"p0": start, "c": c, "p1": end, "arrow": arrow, "width": w, "resource": res,
                      "colour": colours_of(data).get(res, "#555"), "title": title, "source": a, "sink": b})
    edges.reverse()  # small ones drawn last, on top
    return edges


def _corridors(data: RunData, frames: list[Frame], frame_of: np.ndarray, pos: dict, names: list[str],
               lang: str) -> list[dict]:
    """The corridors of shared networks built (corridors.csv) as straight lines between their
    ends, in the frame of their first end that is a site (junctions are only coordinates);
    width grows with the rated capacity (square root, relative to the largest of the resource)."""
    c = data.corridors
    if c is None or not len(c):
        return []
    cmax = c.groupby("resource")["capacity_rated"].max().to_dict()
    out = []
    for rec in c.sort_values("capacity_rated", ascending=False, kind="stable").to_dict("records"):
        a, b = str(rec["from"]), str(rec["to"])
        k = int(frame_of[pos[a]]) if a in pos else (int(frame_of[pos[b]]) if b in pos else 0)
        if (a in pos and int(frame_of[pos[a]]) != k) or (b in pos and int(frame_of[pos[b]]) != k):
            continue
        fr = frames[k]
        x0, y0 = fr.proj(rec["from_lon"], rec["from_lat"])
        x1, y1 = fr.proj(rec["to_lon"], rec["to_lat"])
        res = rec["resource"]
        top = cmax.get(res) or 0.0
        rel = rec["capacity_rated"] / top if top > 0 and np.isfinite(rec["capacity_rated"]) else 1.0
        up, down, both = corridor_ends(rec)   # said the way the flow runs
        ends = i18n.text("map_corridor_both_ways" if both else "map_corridor_one_way", lang,
                         a=names[pos[up]] if up in pos else data.junction_names.get(up, up),
                         b=names[pos[down]] if down in pos else data.junction_names.get(down, down))
        title = i18n.text("map_corridor_title", lang, net=i18n.network_label(res, lang), id=rec["corridor_id"],
                          ends=ends, size=corridor_size(rec, lang),
                          km=i18n.number(rec["length_km"], lang, 2), flow=i18n.amount(rec["flow"], lang),
                          loss=i18n.amount(rec["loss"], lang),
                          unit=i18n.unit(rec["unit"], lang),
                          cost=i18n.money(rec["annual_cost_eur_per_yr"], lang))
        out.append({"p0": (float(x0), float(y0)), "p1": (float(x1), float(y1)), "width": 2.5 + 5.0 * math.sqrt(max(rel, 0.0)),
                    "colour": colours_of(data).get(res, "#555"), "resource": res, "existing": bool(rec["existing"]),
                    "title": title, "id": str(rec["corridor_id"])})
    return out
