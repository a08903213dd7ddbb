"""The report's map: layout of sites and exchanges in a projected frame, and its SVG."""

from __future__ import annotations

import math
from dataclasses import dataclass

from eitflow.report.style import ZONE_FILLS, ZONE_TEXT, _amount, _e, _num, colours_of
from eitflow.results.rundir import RunData

KM_PER_DEG = 111.195  # great-circle km per degree of latitude (R = 6371.0 km)


@dataclass
class MapLayout:
    width: float
    height: float
    sites: list[dict]
    edges: list[dict]
    zones: list[dict]
    grid: list[dict]
    scalebar: dict | None
    note: str = ""


def _nice_step(span: float, target: int) -> float:
    raw = span / max(target, 1)
    if raw <= 0:
        return 1.0
    mag = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if m * mag >= raw:
            return m * mag
    return 10 * mag


def _hull(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    pts = sorted(set(points))
    if len(pts) <= 2:
        return pts

    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower, upper = [], []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def _overlap(a, b) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def map_layout(data: RunData, width: float = 960.0, max_height: float = 800.0) -> MapLayout:
    """Pixel positions of sites, exchange curves, zone hulls, graticule and scale bar."""
    s = data.sites.dropna(subset=["lat", "lon"]).reset_index(drop=True)
    m = data.matches
    margin = 46.0
    if len(s) == 0:
        return MapLayout(width, 200.0, [], [], [], [], None, "no site coordinates in this run directory")
    lat, lon = s["lat"].to_numpy(float), s["lon"].to_numpy(float)
    lat0 = 0.5 * (lat.min() + lat.max())
    coslat = max(math.cos(math.radians(lat0)), 0.05)
    px, py = lon * coslat, -lat
    # at least ~2 km of extent, so a single site or a tight cluster still gets a frame
    min_span = 2.0 / KM_PER_DEG
    cx, cy = 0.5 * (px.min() + px.max()), 0.5 * (py.min() + py.max())
    sx, sy = max(px.max() - px.min(), min_span), max(py.max() - py.min(), min_span)
    scale = (width - 2 * margin) / sx
    height = sy * scale + 2 * margin
    if height > max_height:
        scale = (max_height - 2 * margin) / sy
        height = max_height
    height = max(height, 260.0)

    def proj(lo, la):
        return (width / 2 + (lo * coslat - cx) * scale, height / 2 + (-la - cy) * scale)

    xy = [proj(a, b) for a, b in zip(lon, lat)]
    pos = {sid: p for sid, p in zip(s["site_id"], xy)}
    n = len(s)
    active = set(m["source_site"]) | set(m["sink_site"]) if len(m) else set()
    r_site = 5.5 if n <= 200 else (3.5 if n <= 2000 else 2.0)

    # graticule: a few meridians and parallels with degree labels
    grid = []
    lon_lo, lon_hi = cx / coslat - (width / 2) / scale / coslat, cx / coslat + (width / 2) / scale / coslat
    lat_hi, lat_lo = -(cy - (height / 2) / scale), -(cy + (height / 2) / scale)
    for kind, lo_, hi_ in (("lon", lon_lo, lon_hi), ("lat", lat_lo, lat_hi)):
        step = _nice_step(hi_ - lo_, 5)
        v = math.ceil(lo_ / step) * step
        mag = math.floor(math.log10(step))
        dec = max(0, -mag + (1 if step / 10 ** mag == 2.5 else 0))
        while v <= hi_ + 1e-12:
            if kind == "lon":
                x = proj(v, lat0)[0]
                lab = f"{abs(v):.{dec}f}°{'E' if v >= 0 else 'W'}"
                grid.append({"kind": "lon", "x1": x, "y1": 0.0, "x2": x, "y2": height, "label": lab,
                             "lx": min(max(x, 22.0), width - 24.0), "ly": height - 6})
            else:
                y = proj(lon_lo, v)[1]
                lab = f"{abs(v):.{dec}f}°{'N' if v >= 0 else 'S'}"
                grid.append({"kind": "lat", "x1": 0.0, "y1": y, "x2": width, "y2": y, "label": lab,
                             "lx": 6, "ly": y - 4})
            v += step

    # scale bar (bottom right)
    px_per_km = scale / KM_PER_DEG
    km = _nice_step(110 / px_per_km, 1)
    length = km * px_per_km
    scalebar = {"x": width - margin - length, "y": height - 24, "length": length,
                "label": f"{km:g} km" if km >= 1 else f"{km * 1000:g} m"}

    # zones: padded convex hull of each zone's sites
    zones = []
    zone_names = sorted(z for z in set(s["zone"]) if z)
    if 0 < len(zone_names) <= len(ZONE_FILLS) and n <= 2000:
        for k, z in enumerate(zone_names):
            pts = [p for p, zz in zip(xy, s["zone"]) if zz == z]
            hull = _hull(pts)
            top = min(hull, key=lambda p: (p[1], p[0]))
            zones.append({"name": z, "points": hull, "fill": ZONE_FILLS[k], "dark": ZONE_TEXT[k],
                          "lx": top[0], "ly": top[1] - 22})

    # exchanges: quadratic curves bowing to the right of their direction, arrow at the sink
    edges = []
    if len(m):
        amax = m.groupby("supply_resource")["amount"].max().to_dict()
        pair_count: dict[tuple, int] = {}
        order = m.sort_values("amount", ascending=False, kind="stable")
        for rec in order.to_dict("records"):
            a, b = rec["source_site"], rec["sink_site"]
            if a not in pos or b not in pos:
                continue
            (x0, y0), (x1, y1) = pos[a], pos[b]
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
            w = min(w, max(1.0, free / 5))        # short exchanges (a national map) stay thin...
            # start just outside the source marker; the arrow tip touches the sink marker
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
            rd = rec["demand_resource"]
            what = res if rd == res else f"{res} → {rd}"
            title = (f"{a} → {b}: {what}, {_amount(rec['amount'])} {rec['unit']}, {_num(rec['distance_km'], 1)} km; "
                     f"net benefit {_num(rec['net_benefit_eur_per_yr'])} EUR/yr, "
                     f"CO2 avoided {_num(rec['co2_avoided_t_per_yr'], 1)} t/yr")
            edges.append({"p0": start, "c": c, "p1": end, "arrow": arrow, "width": w, "resource": res,
                          "colour": colours_of(data).get(res, "#555"), "title": title, "source": a, "sink": b})
        edges.reverse()  # small ones drawn last, on top

    # sites and labels (greedy placement avoiding markers and labels already placed)
    label_all = n <= 60  # beyond, only sites with an exchange are labelled (and none beyond 400 sites)
    obstacles = [(x - r_site, y - r_site, x + r_site, y + r_site) for x, y in xy]
    sites = []
    fs = 11.0
    for i, rec in enumerate(s.to_dict("records")):
        x, y = xy[i]
        sites.append({"x": x, "y": y, "r": r_site, "id": rec["site_id"], "active": rec["site_id"] in active,
                      "title": f"{rec['site_id']}: {rec['name']}" + (f" ({rec['zone']})" if rec["zone"] else "")
                               + (f"\n{rec['sector']}" if rec["sector"] else ""),
                      "label": None})
    if n <= 400:
        to_label = [i for i in range(n) if label_all or sites[i]["active"]]
        # place labels of crowded sites first, so they get the free spots
        crowd = [sum(1 for j in range(n) if abs(xy[j][0] - xy[i][0]) < 60 and abs(xy[j][1] - xy[i][1]) < 30)
                 for i in to_label]
        for _, i in sorted(zip(crowd, to_label), key=lambda t: -t[0]):
            x, y = xy[i]
            text = sites[i]["id"]
            tw, th = 0.68 * fs * len(text), fs
            g = r_site + 3
            cands = [(x + g, y + th / 2 - 1, "start"), (x - g, y + th / 2 - 1, "end"),
                     (x, y - g - 2, "middle"), (x, y + g + th - 1, "middle"),
                     (x + g - 2, y - g, "start"), (x + g - 2, y + g + th - 3, "start"),
                     (x - g + 2, y - g, "end"), (x - g + 2, y + g + th - 3, "end")]
            best, best_score = None, None
            for rank, (lx, ly, anchor) in enumerate(cands):
                x0 = lx if anchor == "start" else (lx - tw if anchor == "end" else lx - tw / 2)
                box = (x0 - 1, ly - th + 1, x0 + tw + 1, ly + 3)
                score = sum(_overlap(box, o) for o in obstacles)
                if box[0] < 0 or box[2] > width or box[1] < 0 or box[3] > height:
                    score += 1e4
                score += rank * 0.5
                if best_score is None or score < best_score:
                    best, best_score = (lx, ly, anchor, box), score
            lx, ly, anchor, box = best
            obstacles.append(box)
            sites[i]["label"] = {"x": lx, "y": ly, "anchor": anchor, "text": text}
    note = "" if n <= 60 else ("labels on sites with an exchange only" if n <= 400 else "no labels: too many sites")
    return MapLayout(width, height, sites, edges, zones, grid, scalebar, note)


def _hull_path(points) -> str:
    if len(points) == 1:
        (x, y), = points
        return f"M{x:.1f},{y:.1f}L{x + 0.01:.1f},{y:.1f}"
    return "M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in points) + "Z"


def map_svg(lay: MapLayout) -> str:
    out = [f'<svg id="map-svg" class="map" viewBox="0 0 {lay.width:.0f} {lay.height:.0f}" '
           f'xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="map-title">',
           '<title id="map-title">Map of the sites and the chosen exchanges</title>',
           f'<rect class="map-bg" x="0" y="0" width="{lay.width:.0f}" height="{lay.height:.0f}"/>']
    out.append('<g class="graticule">')
    for gl in lay.grid:
        anchor = "middle" if gl["kind"] == "lon" else "start"
        out.append(f'<line x1="{gl["x1"]:.1f}" y1="{gl["y1"]:.1f}" x2="{gl["x2"]:.1f}" y2="{gl["y2"]:.1f}"/>'
                   f'<text x="{gl["lx"]:.1f}" y="{gl["ly"]:.1f}" text-anchor="{anchor}">{_e(gl["label"])}</text>')
    out.append("</g>")
    if lay.zones:
        out.append('<g class="zones">')
        for z in lay.zones:
            out.append(f'<path class="zone" d="{_hull_path(z["points"])}" fill="{z["fill"]}" stroke="{z["fill"]}">'
                       f'<title>{_e(z["name"])}</title></path>')
        out.append("</g>")
    out.append('<g class="exchanges">')
    for ed in lay.edges:
        (x0, y0), (cx, cy), (x1, y1) = ed["p0"], ed["c"], ed["p1"]
        a = ed["arrow"]
        out.append(f'<g class="exchange-group" data-resource="{_e(ed["resource"])}"><title>{_e(ed["title"])}</title>'
                   f'<path class="exchange" d="M{x0:.1f},{y0:.1f}Q{cx:.1f},{cy:.1f} {x1:.1f},{y1:.1f}" '
                   f'stroke="{ed["colour"]}" stroke-width="{ed["width"]:.2f}"/>'
                   f'<path class="arrow" d="M{a[0][0]:.1f},{a[0][1]:.1f}L{a[1][0]:.1f},{a[1][1]:.1f}'
                   f'L{a[2][0]:.1f},{a[2][1]:.1f}Z" fill="{ed["colour"]}"/></g>')
    out.append("</g>")
    out.append('<g class="sites">')
    for st in sorted(lay.sites, key=lambda st: st["active"]):  # sites with an exchange on top
        cls = "site active" if st["active"] else "site"
        out.append(f'<circle class="{cls}" cx="{st["x"]:.1f}" cy="{st["y"]:.1f}" r="{st["r"]:.1f}" '
                   f'data-site="{_e(st["id"])}"><title>{_e(st["title"])}</title></circle>')
    out.append("</g>")
    out.append('<g class="zone-labels">')
    for z in lay.zones:
        out.append(f'<text class="zone-label" x="{z["lx"]:.1f}" y="{z["ly"]:.1f}" text-anchor="middle" '
                   f'fill="{z["dark"]}">{_e(z["name"])}</text>')
    out.append("</g>")
    out.append('<g class="site-labels">')
    for st in lay.sites:
        lb = st["label"]
        if lb:
            out.append(f'<text x="{lb["x"]:.1f}" y="{lb["y"]:.1f}" text-anchor="{lb["anchor"]}">{_e(lb["text"])}</text>')
    out.append("</g>")
    if lay.scalebar:
        sb = lay.scalebar
        x, y, L = sb["x"], sb["y"], sb["length"]
        out.append(f'<g class="scalebar"><rect x="{x - 8:.1f}" y="{y - 18:.1f}" width="{L + 16:.1f}" height="28" rx="4"/>'
                   f'<path d="M{x:.1f},{y - 4:.1f}V{y + 2:.1f}H{x + L:.1f}V{y - 4:.1f}"/>'
                   f'<text x="{x + L / 2:.1f}" y="{y - 6:.1f}" text-anchor="middle">{_e(sb["label"])}</text></g>')
    if lay.note and not lay.sites:
        out.append(f'<text x="{lay.width / 2:.0f}" y="{lay.height / 2:.0f}" text-anchor="middle">{_e(lay.note)}</text>')
    out.append("</svg>")
    return "".join(out)


