"""One self-contained HTML report of a run directory, and static figures for slides.

`write_report(run_dir)` reads what `eitflow run` wrote (summary.json, matches.csv,
unmatched.csv, synergies.geojson, inputs/) and writes `report.html`: key figures with an
honest status, a map of the sites and chosen exchanges, a Sankey diagram of the flows from
sources to uses, the tables of matches and unmatched flows with their reasons, and totals
per zone. Everything is inline (CSS, SVG, a few lines of script for sorting tables): the
file opens offline, from a USB stick or an e-mail, and loads nothing from the network.

The map is drawn from lon/lat with an equirectangular projection scaled by cos(latitude)
(no basemap); the Sankey is laid out here. Both layouts are plain data, drawn once as SVG
for the HTML and once with matplotlib for `write_figures` (PNG or SVG for slides), so the
two always agree. The same run directory gives the same report, byte for byte.
"""
from __future__ import annotations

import html
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import click
import numpy as np
import pandas as pd

from . import __version__

KM_PER_DEG = 111.195  # great-circle km per degree of latitude (R = 6371.0 km)
MAX_TABLE_ROWS = 1000  # rows shown per table in the HTML; the CSV files hold every row
SANKEY_MAX_NODES = 12  # per side and unit; the rest are merged into "N other sites"

# colour of each catalogue resource (colour-blind-aware choices where possible); others cycle
RESOURCE_COLOURS = {
    "heat": "#e8590c", "steam": "#c2255c", "hydrogen": "#0c8599", "co2": "#868e96", "water": "#1c7ed6",
    "fly_ash": "#d9a400", "slag": "#5f3dc4", "cement_additive": "#9c36b5", "fgd_gypsum": "#74b816",
    "gypsum": "#a9c23f", "sulphur": "#fcc419", "wood_waste": "#2b8a3e", "sludge": "#8b5a2b",
    "fertiliser": "#66a80f",
}
_EXTRA_COLOURS = ["#e64980", "#15aabf", "#fab005", "#40c057", "#4c6ef5", "#fd7e14", "#868e96", "#be4bdb",
                  "#12b886", "#f03e3e", "#228be6", "#82c91e"]
ZONE_FILLS = ["#4dabf7", "#ff922b", "#51cf66", "#cc5de8", "#fcc419", "#ff6b6b", "#20c997", "#845ef7",
              "#94d82d", "#f06595"]
ZONE_TEXT = ["#1864ab", "#c25400", "#2b8a3e", "#862e9c", "#a67c00", "#c92a2a", "#087f5b", "#5f3dc4",
             "#5c940d", "#a61e4d"]

REASON_TEXT = {
    "no_compatible_partner": "no site in the scenario can take (or give) this resource",
    "no_partner_in_range": "partners exist, but all are further than the resource's radius",
    "quality": "partners in range fail the quality rule (temperature)",
    "min_amount": "the smallest exchange worth a contract cannot flow",
    "uneconomic": "every link in range would cost more than it earns, even at full use",
    "no_co2_gain": "transport emissions would exceed the CO2 avoided",
    "same_site": "the only partner is on the same site (internal recovery is out of scope)",
    "capacity_used": "the partners' amounts are taken by the chosen exchanges",
    "not_selected": "viable links exist, but none raises the objective further",
}
STATUS_CLASS = {"optimal": "ok", "feasible": "warn", "time_limit": "bad", "infeasible": "bad", "error": "bad"}

MATCH_NUMERIC = ["amount", "distance_km", "net_benefit_eur_per_yr", "co2_avoided_t_per_yr", "investment_eur",
                 "demand_amount", "fixed_eur_per_yr", "value_eur_per_unit"]
UNMATCHED_NUMERIC = ["amount", "remaining"]


class RunDirError(ValueError):
    """The directory is not a readable eitflow run directory."""


# ================================================================ reading a run directory
@dataclass
class RunData:
    """What the report shows, read back from a run directory."""

    run_dir: Path
    summary: dict
    matches: pd.DataFrame
    unmatched: pd.DataFrame
    sites: pd.DataFrame  # site_id, name, lat, lon, sector, zone
    colours: dict[str, str] = field(default_factory=dict)
    heat_levels: pd.DataFrame | None = None  # heat_levels.csv when the run has heat cascading

    @property
    def has_solution(self) -> bool:
        return self.summary.get("objective") is not None


def _read_csv(path: Path, numeric: list[str]) -> pd.DataFrame:
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    for c in numeric:
        if c in df.columns:
            df[c] = pd.to_numeric(df[c], errors="coerce")
    return df


def _sites_from_geojson(path: Path) -> pd.DataFrame:
    data = json.loads(path.read_text(encoding="utf-8"))
    rows = []
    for feat in data.get("features", []):
        p = feat.get("properties", {})
        if p.get("kind") != "site":
            continue
        lon, lat = feat["geometry"]["coordinates"][:2]
        rows.append({"site_id": str(p.get("site_id", "")), "name": str(p.get("name") or p.get("site_id", "")),
                     "lat": float(lat), "lon": float(lon), "sector": str(p.get("sector") or ""),
                     "zone": str(p.get("zone") or "")})
    return pd.DataFrame(rows, columns=["site_id", "name", "lat", "lon", "sector", "zone"])


def _sites_from_inputs(inputs: Path) -> pd.DataFrame:
    """Sites of a run without a solution (no GeoJSON): the copied sites table or workbook."""
    df = None
    csvs = sorted(inputs.glob("sites.*"))
    if csvs:
        from .io import read_table

        df = read_table(csvs[0], csvs[0].name)
    else:
        books = sorted(p for p in inputs.glob("*.xlsx"))
        if books:
            from openpyxl import load_workbook

            wb = load_workbook(books[0], read_only=True, data_only=True)
            names = {s.strip().lower(): s for s in wb.sheetnames}
            if "sites" in names:
                rows = list(wb[names["sites"]].iter_rows(values_only=True))
                if rows:
                    head = [str(h).strip() if h is not None else "" for h in rows[0]]
                    df = pd.DataFrame([["" if v is None else str(v) for v in r] for r in rows[1:]],
                                      columns=head)
            wb.close()
    if df is None or not {"site_id", "lat", "lon"} <= set(df.columns):
        return pd.DataFrame(columns=["site_id", "name", "lat", "lon", "sector", "zone"])
    out = pd.DataFrame({
        "site_id": df["site_id"].astype(str),
        "lat": pd.to_numeric(df["lat"].astype(str).str.replace(",", "."), errors="coerce"),
        "lon": pd.to_numeric(df["lon"].astype(str).str.replace(",", "."), errors="coerce"),
    })
    for c in ("name", "sector", "zone"):
        out[c] = df[c].astype(str) if c in df.columns else ""
    out["name"] = out["name"].where(out["name"] != "", out["site_id"])
    out = out.dropna(subset=["lat", "lon"])
    return out[["site_id", "name", "lat", "lon", "sector", "zone"]].reset_index(drop=True)


def resource_colours(resources) -> dict[str, str]:
    """A stable colour per resource: the catalogue's own, then a fixed cycle in name order."""
    out, k = {}, 0
    for r in sorted(set(resources)):
        if r in RESOURCE_COLOURS:
            out[r] = RESOURCE_COLOURS[r]
        else:
            out[r] = _EXTRA_COLOURS[k % len(_EXTRA_COLOURS)]
            k += 1
    return out


def load_run(run_dir: str | Path) -> RunData:
    """Read a run directory written by `eitflow run` (or `output.write_run`)."""
    run_dir = Path(run_dir)
    if not run_dir.is_dir():
        raise RunDirError(f"{run_dir}: not a directory (expected a run directory written by 'eitflow run')")
    sp = run_dir / "summary.json"
    if not sp.exists():
        raise RunDirError(f"{run_dir}: no summary.json (expected a run directory written by 'eitflow run')")
    try:
        summary = json.loads(sp.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise RunDirError(f"{sp}: not valid JSON ({exc})") from None
    from .results import MATCH_COLUMNS, UNMATCHED_COLUMNS

    mp, up = run_dir / "matches.csv", run_dir / "unmatched.csv"
    matches = _read_csv(mp, MATCH_NUMERIC) if mp.exists() else pd.DataFrame(columns=MATCH_COLUMNS)
    unmatched = _read_csv(up, UNMATCHED_NUMERIC) if up.exists() else pd.DataFrame(columns=UNMATCHED_COLUMNS)
    gp = run_dir / "synergies.geojson"
    sites = _sites_from_geojson(gp) if gp.exists() else _sites_from_inputs(run_dir / "inputs")
    res = list(matches.get("supply_resource", [])) + list(matches.get("demand_resource", [])) + \
        list(unmatched.get("resource", []))
    hp = run_dir / "heat_levels.csv"
    levels = _read_csv(hp, ["from_c", "to_c", "drawn_mwh_per_yr", "delivered_mwh_per_yr"]) if hp.exists() else None
    return RunData(run_dir=run_dir, summary=summary, matches=matches, unmatched=unmatched, sites=sites,
                   colours=resource_colours(res), heat_levels=levels)


# ================================================================ number formatting
def _num(v, digits: int = 0) -> str:
    if v is None or (isinstance(v, float) and not math.isfinite(v)):
        return "–"
    return f"{v:,.{digits}f}"


def _amount(v) -> str:
    if v is None or (isinstance(v, float) and not math.isfinite(v)):
        return "–"
    if abs(v) >= 100 or v == 0:
        return f"{v:,.0f}"
    return f"{v:.3g}"


def _compact(v) -> str:
    """15119199 -> '15.1 M' (for the key-figure cards; the exact value is printed beside)."""
    if v is None or (isinstance(v, float) and not math.isfinite(v)):
        return "–"
    a = abs(v)
    for div, suf in ((1e9, " bn"), (1e6, " M"), (1e3, " k")):
        if a >= div:
            return f"{v / div:,.{1 if a / div < 100 else 0}f}{suf}"
    return f"{v:,.0f}"


def _pct(v) -> str:
    return "unknown" if v is None else f"{100 * v:.2f} %"


def _short_unit(u: str) -> str:
    return u.replace("/yr", "")


# ================================================================ map layout
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
                          "colour": data.colours.get(res, "#555"), "title": title, "source": a, "sink": b})
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


# ================================================================ sankey layout
@dataclass
class SankeyPanel:
    unit: str
    width: float
    height: float
    total: float
    nodes: list[dict]   # side, label, title, x, y, h, amount
    bands: list[dict]   # x0, y0a, y0b, x1, y1a, y1b, resource, colour, title, amount
    merged: bool = False  # some sites were merged into an "N other sites" node


def _unit_rank(unit: str) -> tuple:
    u = unit.lower()
    if "wh" in u or u.startswith("gj") or u.startswith("mw"):
        return (0, u)
    if u.startswith("t") or u.startswith("kt") or u.startswith("kg"):
        return (1, u)
    if "m3" in u:
        return (2, u)
    return (3, u)


def sankey_layout(data: RunData, width: float = 960.0, max_nodes: int = SANKEY_MAX_NODES) -> list[SankeyPanel]:
    """One two-column Sankey per supply unit (amounts in different units are never added):
    sources on the left, uses on the right, one band per (source, use, resource)."""
    m = data.matches
    if len(m) == 0:
        return []
    panels = []
    names = dict(zip(data.sites["site_id"], data.sites["name"]))
    for unit in sorted(set(m["unit"]), key=_unit_rank):
        sub = m[m["unit"] == unit]
        g = (sub.groupby(["source_site", "sink_site", "supply_resource", "demand_resource"], sort=True)["amount"]
             .sum().reset_index())
        g = g[g["amount"] > 0]
        if len(g) == 0:
            continue
        # keep the largest nodes; merge the rest into one "other" node per side
        merged = False
        others: set[str] = set()
        for col, other in (("source_site", "other sources"), ("sink_site", "other uses")):
            tot = g.groupby(col)["amount"].sum().sort_values(ascending=False, kind="stable")
            if len(tot) > max_nodes:
                keep = set(tot.index[:max_nodes - 1])
                n_other = len(tot) - len(keep)
                g[col] = g[col].where(g[col].isin(keep), f"{n_other} {other}")
                others.add(f"{n_other} {other}")
                merged = True
        g = (g.groupby(["source_site", "sink_site", "supply_resource", "demand_resource"], sort=True)["amount"]
             .sum().reset_index())
        total = float(g["amount"].sum())
        left = g.groupby("source_site")["amount"].sum()
        right = g.groupby("sink_site")["amount"].sum()
        # order: sources by their main resource then size; uses by the mean position of their sources
        main_res = g.sort_values("amount", ascending=False, kind="stable").drop_duplicates("source_site") \
            .set_index("source_site")["supply_resource"]
        lorder = sorted(left.index, key=lambda k: (k in others, main_res[k], -left[k], k))
        lpos = {k: i for i, k in enumerate(lorder)}
        bary = {k: float(np.average([lpos[a] for a in grp["source_site"]], weights=grp["amount"]))
                for k, grp in g.groupby("sink_site")}
        rorder = sorted(right.index, key=lambda k: (k in others, bary[k], -right[k], k))
        rpos = {k: i for i, k in enumerate(rorder)}
        bary_l = {k: float(np.average([rpos[b] for b in grp["sink_site"]], weights=grp["amount"]))
                  for k, grp in g.groupby("source_site")}
        lorder = sorted(left.index, key=lambda k: (k in others, bary_l[k], main_res[k], k))
        lpos = {k: i for i, k in enumerate(lorder)}

        nmax = max(len(lorder), len(rorder))
        gap = 10.0
        content = max(150.0, 34.0 * nmax)
        min_band = 1.0
        k_scale = (content - gap * (nmax - 1)) / total
        g["t"] = np.maximum(g["amount"].to_numpy(float) * k_scale, min_band)
        top_pad = 14.0
        node_w = 14.0
        xl, xr = 200.0, width - 200.0 - node_w
        nodes, node_y = [], {}
        heights = {}
        slot = 16.0  # a node takes at least this height, so its label never collides with the next one
        hs_all = {side: [float(g.loc[g[col] == k, "t"].sum()) for k in order]
                  for side, order, col in (("left", lorder, "source_site"), ("right", rorder, "sink_site"))}
        content = max(content, *(sum(max(h, slot) for h in hs) + gap * (len(hs) - 1) for hs in hs_all.values()))
        for side, order, col in (("left", lorder, "source_site"), ("right", rorder, "sink_site")):
            hs = hs_all[side]
            span = sum(max(h, slot) for h in hs) + gap * (len(order) - 1)
            y = top_pad + (content - span) / 2
            for k, h in zip(order, hs):
                y += (max(h, slot) - h) / 2
                amt = float((left if side == "left" else right)[k])
                nm = names.get(k, k)
                nodes.append({"side": side, "key": k, "label": k, "x": xl if side == "left" else xr, "y": y, "h": h,
                              "amount": amt, "title": f"{k}{': ' + nm if nm != k else ''}: "
                                                      f"{_amount(amt)} {unit} {'supplied' if side == 'left' else 'received'}"})
                node_y[(side, k)] = y
                heights[(side, k)] = h
                y += h + (max(h, slot) - h) / 2 + gap
        # band offsets: at a source, ordered by the use's position; at a use, by the source's position
        off = {key: 0.0 for key in node_y}
        bands = []
        g["lp"] = g["source_site"].map(lpos)
        g["rp"] = g["sink_site"].map(rpos)
        y0s, y1s = {}, {}
        for idx, rec in g.sort_values(["lp", "rp", "supply_resource"], kind="stable").iterrows():
            kk = ("left", rec["source_site"])
            y0s[idx] = node_y[kk] + off[kk]
            off[kk] += rec["t"]
        for idx, rec in g.sort_values(["rp", "lp", "supply_resource"], kind="stable").iterrows():
            kk = ("right", rec["sink_site"])
            y1s[idx] = node_y[kk] + off[kk]
            off[kk] += rec["t"]
        for idx, rec in g.sort_values("amount", ascending=False, kind="stable").iterrows():
            t = rec["t"]
            rs, rd = rec["supply_resource"], rec["demand_resource"]
            what = rs if rs == rd else f"{rs} → {rd}"
            bands.append({"x0": xl + node_w, "y0a": y0s[idx], "y0b": y0s[idx] + t, "x1": xr, "y1a": y1s[idx],
                          "y1b": y1s[idx] + t, "resource": rs, "colour": data.colours.get(rs, "#555"),
                          "amount": float(rec["amount"]),
                          "title": f"{rec['source_site']} → {rec['sink_site']}: {what}, {_amount(rec['amount'])} {unit}"})
        panels.append(SankeyPanel(unit, width, content + 2 * top_pad, total, nodes, bands, merged))
    return panels


def _band_path(b: dict) -> str:
    xm = (b["x0"] + b["x1"]) / 2
    return (f"M{b['x0']:.1f},{b['y0a']:.1f}C{xm:.1f},{b['y0a']:.1f} {xm:.1f},{b['y1a']:.1f} {b['x1']:.1f},{b['y1a']:.1f}"
            f"L{b['x1']:.1f},{b['y1b']:.1f}C{xm:.1f},{b['y1b']:.1f} {xm:.1f},{b['y0b']:.1f} {b['x0']:.1f},{b['y0b']:.1f}Z")


# ================================================================ SVG rendering
def _e(s) -> str:
    return html.escape(str(s), quote=True)


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


def sankey_svg(panels: list[SankeyPanel]) -> str:
    if not panels:
        return '<p class="empty">No exchange was chosen: nothing to draw.</p>'
    out = []
    for i, p in enumerate(panels):
        out.append(f'<figure class="sankey-panel"><figcaption>Amounts in <b>{_e(p.unit)}</b> '
                   f'(total {_amount(p.total)} {_e(p.unit)})</figcaption>')
        out.append(f'<svg id="sankey-svg-{i}" class="sankey" viewBox="0 0 {p.width:.0f} {p.height:.0f}" '
                   f'xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Sankey diagram, {_e(p.unit)}">')
        out.append('<g class="bands">')
        for b in p.bands:
            out.append(f'<path class="sankey-link" d="{_band_path(b)}" fill="{b["colour"]}" '
                       f'data-resource="{_e(b["resource"])}"><title>{_e(b["title"])}</title></path>')
        out.append('</g><g class="nodes">')
        for nd in p.nodes:
            x, y, h = nd["x"], nd["y"], nd["h"]
            tx = x - 8 if nd["side"] == "left" else x + 22
            anchor = "end" if nd["side"] == "left" else "start"
            out.append(f'<g class="sankey-node" data-side="{nd["side"]}"><title>{_e(nd["title"])}</title>'
                       f'<rect x="{x:.1f}" y="{y:.1f}" width="14" height="{max(h, 1.0):.1f}" rx="2"/>'
                       f'<text x="{tx:.1f}" y="{y + h / 2 + 4:.1f}" text-anchor="{anchor}">{_e(nd["label"])}'
                       f'<tspan class="amt"> {_e(_amount(nd["amount"]))}</tspan></text></g>')
        out.append("</g></svg></figure>")
    return "".join(out)


# ================================================================ HTML
CSS = """
:root{--ink:#1d2433;--muted:#5f6b7a;--line:#e3e7ee;--bg:#f6f7fb;--card:#fff;--accent:#0b7285;
--ok:#2b8a3e;--okbg:#ebfbee;--warn:#b35c00;--warnbg:#fff4e6;--bad:#c92a2a;--badbg:#fff5f5}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);
font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans","DejaVu Sans",sans-serif}
header.top{background:linear-gradient(120deg,#0b3d4f,#0b7285);color:#fff;padding:28px 0 24px}
.wrap{max-width:1180px;margin:0 auto;padding:0 24px}
header.top h1{margin:0 0 4px;font-size:26px;font-weight:650;letter-spacing:-.01em}
header.top p{margin:0;opacity:.9;max-width:900px;font-size:14px}
header.top .meta{margin-top:10px;font-size:12.5px;opacity:.75}
.status{margin:22px 0 0;padding:14px 18px;border-radius:10px;border:1px solid;display:flex;gap:14px;align-items:flex-start}
.status .badge{font-weight:700;text-transform:uppercase;font-size:12px;letter-spacing:.06em;padding:3px 9px;
border-radius:20px;color:#fff;white-space:nowrap;margin-top:2px}
.status.ok{background:var(--okbg);border-color:#b2f2bb}.status.ok .badge{background:var(--ok)}
.status.warn{background:var(--warnbg);border-color:#ffd8a8}.status.warn .badge{background:var(--warn)}
.status.bad{background:var(--badbg);border-color:#ffc9c9}.status.bad .badge{background:var(--bad)}
.status p{margin:0}.status .small{color:var(--muted);font-size:13px;margin-top:3px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(200px,1fr));gap:14px;margin:18px 0 6px}
.card{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:14px 16px;
box-shadow:0 1px 2px rgba(16,24,40,.04)}
.card .label{font-size:12.5px;color:var(--muted);text-transform:uppercase;letter-spacing:.05em;font-weight:600}
.card .value{font-size:28px;font-weight:700;margin:2px 0 0;letter-spacing:-.02em;font-variant-numeric:tabular-nums}
.card .value .u{font-size:14px;font-weight:500;color:var(--muted);margin-left:4px;letter-spacing:0}
.card .sub{font-size:12.5px;color:var(--muted);font-variant-numeric:tabular-nums}
section{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:18px 20px 20px;margin:18px 0}
section h2{margin:0 0 4px;font-size:19px;font-weight:650}
section .lead{margin:0 0 12px;color:var(--muted);font-size:13.5px;max-width:900px}
svg{display:block;width:100%;height:auto}
svg text{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,"DejaVu Sans",sans-serif}
.map-bg{fill:#f8fafc}
.mapbox{border:1px solid var(--line);border-radius:8px;overflow:hidden}
#map-svg{cursor:grab}#map-svg.dragging{cursor:grabbing}
.mapbar{display:flex;justify-content:space-between;align-items:flex-start;gap:16px}
.zoom{display:flex;gap:4px;margin-top:8px;flex:none}
.zoom button{width:30px;height:30px;border:1px solid #ced4da;border-radius:6px;background:#fff;color:var(--ink);
font-size:17px;line-height:1;cursor:pointer;box-shadow:0 1px 2px rgba(0,0,0,.08)}.zoom button:hover{background:#f1f3f5}
@media print{.zoom{display:none}}
.graticule line{stroke:#dde3ea;stroke-width:1}.graticule text{font-size:10px;fill:#8a94a3}
.zone{opacity:.13;stroke-width:34;stroke-linejoin:round;stroke-linecap:round}
.zone-label{font-size:11.5px;font-weight:650;opacity:.95;paint-order:stroke;stroke:#f8fafc;stroke-width:3px}
.exchange{fill:none;stroke-linecap:round;stroke-opacity:.85}
.exchange-group:hover .exchange{stroke-opacity:1}.exchange-group:hover .arrow{opacity:1}
.arrow{opacity:.9}
.site{fill:#fff;stroke:#8a94a3;stroke-width:1.3}.site.active{fill:#1d2433;stroke:#fff;stroke-width:1.5}
.site-labels text{font-size:11px;font-weight:600;fill:#1d2433;paint-order:stroke;stroke:#f8fafc;stroke-width:3px;
stroke-linejoin:round}
.scalebar rect{fill:#fff;fill-opacity:.85;stroke:#dde3ea}.scalebar path{fill:none;stroke:#1d2433;stroke-width:1.5}
.scalebar text{font-size:11px;fill:#1d2433}
.legend{display:flex;flex-wrap:wrap;gap:6px 16px;margin:10px 0 0;font-size:13px;color:var(--ink)}
.legend span{display:inline-flex;align-items:center;gap:6px}
.sw{display:inline-block;width:18px;height:6px;border-radius:3px}
.dot{display:inline-block;width:10px;height:10px;border-radius:50%;border:1.5px solid #5f6b7a;background:#fff}
.dot.active{background:#1d2433;border-color:#1d2433}
.sankey-panel{margin:10px 0 18px}.sankey-panel figcaption{font-size:13px;color:var(--muted);margin-bottom:4px}
.sankey-link{fill-opacity:.45}.sankey-link:hover{fill-opacity:.8}
.sankey-node rect{fill:#1d2433}.sankey-node text{font-size:12px;font-weight:600;fill:#1d2433}
.sankey-node .amt{font-weight:400;fill:#5f6b7a}
.tablewrap{overflow-x:auto;border:1px solid var(--line);border-radius:8px}
table{border-collapse:collapse;width:100%;font-size:13.5px;font-variant-numeric:tabular-nums}
th,td{padding:7px 10px;text-align:left;border-bottom:1px solid var(--line);vertical-align:top}
th{background:#f1f3f7;font-weight:650;font-size:12.5px;color:#3b4556;white-space:nowrap;position:sticky;top:0;
vertical-align:bottom}
th small{display:block;font-weight:400;color:var(--muted);font-size:11.5px}
th.sortable{cursor:pointer;user-select:none}th.sortable:hover{background:#e7ebf2}
th.sortable .lab::after{content:" \\2195";color:#adb5bd;font-weight:400}
th.asc .lab::after{content:" \\2191";color:var(--accent)}th.desc .lab::after{content:" \\2193";color:var(--accent)}
td.n,th.n{text-align:right;white-space:nowrap}
tbody tr:nth-child(even){background:#fafbfd}tbody tr:hover{background:#eef6f8}
tfoot td{font-weight:700;background:#f1f3f7;border-top:2px solid #d5dbe4}
.res{display:inline-flex;align-items:center;gap:6px;white-space:nowrap}
.res i{display:inline-block;width:10px;height:10px;border-radius:2px}
.reason{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;white-space:nowrap;
background:#edf2ff;color:#364fc7}
.reason.no_compatible_partner,.reason.no_partner_in_range{background:#fff0f6;color:#a61e4d}
.reason.quality,.reason.min_amount,.reason.uneconomic,.reason.no_co2_gain,.reason.same_site{background:#fff4e6;color:#b35c00}
.reason.capacity_used,.reason.not_selected{background:#e6fcf5;color:#087f5b}
td.detail{color:var(--muted);font-size:12.5px;min-width:260px}
#zones-table td:first-child,#zone-pairs-table td{min-width:170px}
.chips{display:flex;flex-wrap:wrap;gap:8px;margin:0 0 10px}
dl.reasons{display:grid;grid-template-columns:max-content 1fr;gap:4px 14px;font-size:13px;margin:12px 0 0}
dl.reasons dt{margin:0}dl.reasons dd{margin:0;color:var(--muted)}
.grid2{display:grid;grid-template-columns:1fr 1fr;gap:18px}
@media (max-width:900px){.grid2{grid-template-columns:1fr}}
.muted{color:var(--muted)}.empty{color:var(--muted);font-style:italic}
footer{color:var(--muted);font-size:12.5px;padding:6px 0 40px}
footer table{font-size:12.5px;width:auto}footer td{padding:3px 14px 3px 0;border:0}
footer tr,footer tr:nth-child(even),footer tr:hover{background:none}footer td:first-child{font-weight:600}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:.92em}
@media print{body{background:#fff}section{break-inside:avoid;border:0;padding:0}header.top{color:#000;background:none}
th{position:static}}
"""

JS = """
(function(){
  function key(td){var v=td.getAttribute('data-v');if(v!==null&&v!==''){var x=parseFloat(v);if(!isNaN(x))return x;}
    return td.textContent.trim().toLowerCase();}
  document.querySelectorAll('table.sortable').forEach(function(t){
    var ths=t.querySelectorAll('thead th');
    ths.forEach(function(th,i){th.classList.add('sortable');th.addEventListener('click',function(){
      var asc=!th.classList.contains('asc');ths.forEach(function(h){h.classList.remove('asc','desc');});
      th.classList.add(asc?'asc':'desc');var tb=t.tBodies[0];var rows=Array.prototype.slice.call(tb.rows);
      rows.sort(function(a,b){var x=key(a.cells[i]),y=key(b.cells[i]);
        if(typeof x==='number'&&typeof y==='number')return asc?x-y:y-x;
        return asc?String(x).localeCompare(String(y)):String(y).localeCompare(String(x));});
      rows.forEach(function(r){tb.appendChild(r);});});});
  });
  var svg=document.getElementById('map-svg');
  if(svg){
    var vb0=svg.getAttribute('viewBox').split(' ').map(Number),vb=vb0.slice(),drag=null;
    function set(){svg.setAttribute('viewBox',vb.map(function(v){return v.toFixed(1);}).join(' '));}
    function zoom(f,cx,cy){var w=vb[2]*f,h=vb[3]*f;if(w>vb0[2]){vb=vb0.slice();set();return;}
      if(w<vb0[2]/40)return;if(cx===undefined){cx=vb[0]+vb[2]/2;cy=vb[1]+vb[3]/2;}
      vb=[cx-(cx-vb[0])*f,cy-(cy-vb[1])*f,w,h];set();}
    function pt(e){var r=svg.getBoundingClientRect();return [vb[0]+(e.clientX-r.left)/r.width*vb[2],
      vb[1]+(e.clientY-r.top)/r.height*vb[3]];}
    document.querySelectorAll('.zoom button').forEach(function(b){b.addEventListener('click',function(){
      var z=b.getAttribute('data-zoom');if(z==='in')zoom(0.6);else if(z==='out')zoom(1/0.6);else{vb=vb0.slice();set();}});});
    svg.addEventListener('dblclick',function(e){var p=pt(e);zoom(0.5,p[0],p[1]);});
    svg.addEventListener('pointerdown',function(e){drag=[e.clientX,e.clientY,vb[0],vb[1]];svg.classList.add('dragging');});
    window.addEventListener('pointerup',function(){drag=null;svg.classList.remove('dragging');});
    svg.addEventListener('pointermove',function(e){if(!drag||vb[2]>=vb0[2])return;var r=svg.getBoundingClientRect();
      vb[0]=drag[2]-(e.clientX-drag[0])/r.width*vb[2];vb[1]=drag[3]-(e.clientY-drag[1])/r.height*vb[3];set();});
  }
  document.documentElement.setAttribute('data-ready','1');
})();
"""


def _res_cell(data: RunData, rs: str, rd: str | None = None) -> str:
    c = data.colours.get(rs, "#555")
    txt = rs if not rd or rd == rs else f"{rs} → {rd}"
    return f'<span class="res"><i style="background:{c}"></i>{_e(txt)}</span>'


def _td_num(v, digits=0, text=None) -> str:
    val = "" if v is None or (isinstance(v, float) and not math.isfinite(v)) else f"{float(v):.10g}"
    return f'<td class="n" data-v="{val}">{text if text is not None else _num(v, digits)}</td>'


def _td_amt(v) -> str:
    return _td_num(v, text=_amount(v))


def _thead(cols: list[tuple[str, str]]) -> str:
    """Header row; a unit other than "" or "#" goes on a second line; "#" or a unit marks a numeric column."""
    cells = []
    for label, unit in cols:
        cls = ' class="n"' if unit else ""
        sub = f"<small>{_e(unit)}</small>" if unit and unit != "#" else ""
        cells.append(f'<th{cls}><span class="lab">{_e(label)}</span>{sub}</th>')
    return f"<thead><tr>{''.join(cells)}</tr></thead>"


def _status_block(s: dict) -> tuple[str, str]:
    st = s.get("status", "unknown")
    unit = s.get("objective_unit", "")
    cls = STATUS_CLASS.get(st, "bad")
    gap, target, bound, obj = s.get("gap"), s.get("mip_gap_target"), s.get("bound"), s.get("objective")
    msg = s.get("message") or ""
    if obj is None:
        head = {"infeasible": "No feasible solution: the model cannot be satisfied as stated.",
                "time_limit": "No solution was found within the time limit.",
                "error": "The solver failed; no solution."}.get(st, "No solution.")
        small = (f"Reason given: {msg}. " if msg else "") + \
            "Nothing in this report is a result; the tables below are empty on purpose."
    elif st == "optimal":
        head = (f"Optimal: no solution can beat this one by more than the requested tolerance "
                f"(gap {_pct(gap or 0.0)}, target {_pct(target)}).")
        small = f"Objective {_num(obj)} {unit}; bound {_num(bound)} {unit}." + (f" {msg}" if msg else "")
    else:
        head = (f"Feasible, not proven optimal: the best solution found when the solver stopped. A better one may "
                f"exist, worth at most {_num(bound)} {unit} (gap {_pct(gap)}).")
        small = f"Objective {_num(obj)} {unit}." + (f" Solver: {msg}" if msg else "")
    return cls, (f'<div class="status {cls}" id="status"><span class="badge">{_e(st)}</span><div>'
                 f'<p>{_e(head)}</p><p class="small">{_e(small)}</p></div></div>')


def _cards(data: RunData) -> str:
    s = data.summary
    if not data.has_solution:
        return ""
    tot = s.get("totals", {})
    cnt = s.get("counts", {})
    par = s.get("parameters", {})
    nb, co2, inv = tot.get("net_benefit_eur_per_yr"), tot.get("co2_avoided_t_per_yr"), tot.get("investment_eur")
    cp = par.get("carbon_price_eur_per_t")
    nb_sub = "after annualised investment and fixed costs" + (f"; CO2 valued at {cp:g} EUR/t" if cp else "")
    inv_sub = (f"annualised at {100 * par['discount_rate']:g} % over {par['lifetime_years']:g} years"
               if "discount_rate" in par and "lifetime_years" in par else "")
    cards = [
        ("Net benefit", _compact(nb), "EUR/yr", f"{_num(nb)} EUR/yr, {nb_sub}", "card-net"),
        ("CO2 avoided", _compact(co2), "tCO2/yr", f"{_num(co2, 1)} tCO2/yr, net of transport", "card-co2"),
        ("Investment", _compact(inv), "EUR", f"{_num(inv)} EUR, {inv_sub}", "card-inv"),
        ("Exchanges", f"{len(data.matches):,}", "", f"chosen among {cnt.get('candidate_links', 0):,} candidate links "
                                                    f"between {cnt.get('sites', 0):,} sites", "card-n"),
    ]
    out = ['<div class="cards">']
    for label, val, unit, sub, cid in cards:
        out.append(f'<div class="card" id="{cid}"><div class="label">{_e(label)}</div>'
                   f'<div class="value">{_e(val)}<span class="u">{_e(unit)}</span></div>'
                   f'<div class="sub">{_e(sub)}</div></div>')
    out.append("</div>")
    return "".join(out)


def _legend(data: RunData, sites: bool = True) -> str:
    res = sorted(set(data.matches["supply_resource"])) if len(data.matches) else []
    parts = [f'<span><i class="sw" style="background:{data.colours[r]}"></i>{_e(r)}</span>' for r in res]
    if sites:
        parts.append('<span><i class="dot active"></i>site with an exchange</span>')
        parts.append('<span><i class="dot"></i>other site</span>')
    return f'<div class="legend">{"".join(parts)}</div>'


def _truncation_note(n: int, file: str) -> str:
    if n <= MAX_TABLE_ROWS:
        return ""
    return (f'<p class="muted">Showing the first {MAX_TABLE_ROWS:,} of {n:,} rows; '
            f'<code>{_e(file)}</code> holds them all.</p>')


def _matches_table(data: RunData) -> str:
    m = data.matches
    if len(m) == 0:
        return '<p class="empty">No exchange was chosen.</p>'
    names = dict(zip(data.sites["site_id"], data.sites["name"]))
    m = m.sort_values(["net_benefit_eur_per_yr", "source_site", "sink_site"], ascending=[False, True, True],
                      kind="stable")
    rows = []
    for rec in m.head(MAX_TABLE_ROWS).to_dict("records"):
        rows.append(
            "<tr>"
            f'<td title="{_e(names.get(rec["source_site"], ""))}">{_e(rec["source_site"])}</td>'
            f'<td title="{_e(names.get(rec["sink_site"], ""))}">{_e(rec["sink_site"])}</td>'
            f'<td>{_res_cell(data, rec["supply_resource"], rec["demand_resource"])}</td>'
            + _td_amt(rec["amount"])
            + f'<td>{_e(rec["unit"])}</td>'
            + _td_num(rec["distance_km"], 1) + _td_num(rec["net_benefit_eur_per_yr"])
            + _td_amt(rec["co2_avoided_t_per_yr"]) + _td_num(rec["investment_eur"]) + "</tr>")
    foot = (f'<tfoot><tr><td colspan="5">Total ({len(m):,} exchanges)</td><td></td>'
            f'<td class="n">{_num(m["net_benefit_eur_per_yr"].sum())}</td>'
            f'<td class="n">{_amount(m["co2_avoided_t_per_yr"].sum())}</td>'
            f'<td class="n">{_num(m["investment_eur"].sum())}</td></tr></tfoot>')
    head = _thead([("From", ""), ("To", ""), ("Resource", ""), ("Amount", "#"), ("Unit", ""), ("Distance", "km"),
                   ("Net benefit", "EUR/yr"), ("CO2 avoided", "tCO2/yr"), ("Investment", "EUR")])
    return (f'{_truncation_note(len(m), "matches.csv")}<div class="tablewrap"><table id="matches-table" '
            f'class="sortable">{head}<tbody>{"".join(rows)}</tbody>{foot}</table></div>')


def _levels_section(data: RunData) -> str:
    """Heat cascading: which source covers which temperature band of each ranged demand."""
    lv = data.heat_levels
    if lv is None or len(lv) == 0:
        return ""
    rows = []
    for rec in lv.head(MAX_TABLE_ROWS).to_dict("records"):
        rows.append(f'<tr><td>{_e(rec["demand_flow_id"])}</td><td>{_e(rec["sink_site"])}</td>'
                    f'<td>{_e(rec["source_site"])}</td><td>{_e(rec["supply_flow_id"])}</td>'
                    f'<td>{"heat pump" if str(rec["heat_pump"]).lower() == "true" else "direct"}</td>'
                    + _td_num(rec["from_c"], 1) + _td_num(rec["to_c"], 1) + _td_amt(rec["delivered_mwh_per_yr"])
                    + "</tr>")
    head = _thead([("Demand", ""), ("Site", ""), ("From site", ""), ("Supply", ""), ("How", ""), ("From", "degC"),
                   ("To", "degC"), ("Delivered", "MWh/yr")])
    return ('<section id="levels"><h2>Heat by temperature level</h2><p class="lead">For each demand with a '
            'return temperature, the part of its range (from its return up to its supply temperature) each '
            'source covers; heat serves a level only from the approach above it.</p>'
            f'{_truncation_note(len(lv), "heat_levels.csv")}<div class="tablewrap"><table id="levels-table" '
            f'class="sortable">{head}<tbody>{"".join(rows)}</tbody></table></div></section>')


def _unmatched_table(data: RunData) -> str:
    u = data.unmatched
    if len(u) == 0:
        if not data.has_solution:
            return '<p class="empty">No solution, so no flow is reported as matched or unmatched.</p>'
        return '<p class="empty">Every supply and demand is fully matched.</p>'
    counts = u["reason"].value_counts()
    chips = "".join(f'<span class="reason {_e(r)}">{_e(r)} × {int(counts[r])}</span>' for r in
                    sorted(counts.index, key=lambda r: (-int(counts[r]), r)))
    order = {r: i for i, r in enumerate(REASON_TEXT)}
    u = u.assign(_o=u["reason"].map(lambda r: order.get(r, 99))).sort_values(["_o", "site_id", "flow_id"],
                                                                             kind="stable")
    rows = []
    for rec in u.head(MAX_TABLE_ROWS).to_dict("records"):
        rows.append(
            f'<tr><td>{_e(rec["site_id"])}</td><td>{_e(rec["direction"])}</td>'
            f'<td>{_res_cell(data, rec["resource"])}</td>'
            + _td_amt(rec["remaining"])
            + _td_amt(rec["amount"])
            + f'<td>{_e(rec["unit"])}</td><td><span class="reason {_e(rec["reason"])}">{_e(rec["reason"])}</span></td>'
            f'<td class="detail">{_e(rec["detail"])}</td></tr>')
    head = _thead([("Site", ""), ("Direction", ""), ("Resource", ""), ("Left over", "#"), ("Of", "#"), ("Unit", ""),
                   ("Reason", ""), ("Detail", "")])
    used = [r for r in REASON_TEXT if r in set(u["reason"])] + sorted(set(u["reason"]) - set(REASON_TEXT))
    gloss = "".join(f'<dt><span class="reason {_e(r)}">{_e(r)}</span></dt><dd>{_e(REASON_TEXT.get(r, ""))}</dd>'
                    for r in used)
    return (f'<div class="chips">{chips}</div>{_truncation_note(len(u), "unmatched.csv")}'
            f'<div class="tablewrap"><table id="unmatched-table" class="sortable">{head}<tbody>{"".join(rows)}'
            f'</tbody></table></div><dl class="reasons">{gloss}</dl>')


def zone_totals(data: RunData) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per zone (each exchange counted once, at the zone of its sink, where the current input
    is replaced) and per (source zone, sink zone) pair."""
    s = data.sites
    zone = dict(zip(s["site_id"], s["zone"].replace("", "(no zone)")))
    zones = sorted(set(zone.values())) if len(s) else []
    m = data.matches.copy()
    m["src_zone"] = m["source_site"].map(zone).fillna("(unknown)")
    m["snk_zone"] = m["sink_site"].map(zone).fillna("(unknown)")
    u = data.unmatched
    uz = u["site_id"].map(zone).fillna("(unknown)") if len(u) else pd.Series(dtype=str)
    rows = []
    for z in sorted(set(zones) | set(m["snk_zone"]) | set(m["src_zone"])):
        into = m[m["snk_zone"] == z]
        rows.append({"zone": z, "sites": sum(1 for v in zone.values() if v == z),
                     "exchanges_in": len(into), "exchanges_out": int((m["src_zone"] == z).sum()),
                     "net_benefit_eur_per_yr": float(into["net_benefit_eur_per_yr"].sum()),
                     "co2_avoided_t_per_yr": float(into["co2_avoided_t_per_yr"].sum()),
                     "investment_eur": float(into["investment_eur"].sum()),
                     "unmatched_flows": int((uz == z).sum()) if len(u) else 0})
    per_zone = pd.DataFrame(rows, columns=["zone", "sites", "exchanges_in", "exchanges_out", "net_benefit_eur_per_yr",
                                           "co2_avoided_t_per_yr", "investment_eur", "unmatched_flows"])
    pairs = (m.groupby(["src_zone", "snk_zone"]).agg(exchanges=("amount", "size"),
                                                     net_benefit_eur_per_yr=("net_benefit_eur_per_yr", "sum"),
                                                     co2_avoided_t_per_yr=("co2_avoided_t_per_yr", "sum"))
             .reset_index().sort_values(["net_benefit_eur_per_yr", "src_zone"], ascending=[False, True], kind="stable")
             if len(m) else pd.DataFrame(columns=["src_zone", "snk_zone", "exchanges", "net_benefit_eur_per_yr",
                                                  "co2_avoided_t_per_yr"]))
    return per_zone, pairs


def _zone_tables(data: RunData) -> str:
    per_zone, pairs = zone_totals(data)
    if len(per_zone) == 0:
        return '<p class="empty">No sites.</p>'
    rows = []
    for r in per_zone.head(MAX_TABLE_ROWS).to_dict("records"):
        rows.append(f'<tr><td>{_e(r["zone"])}</td>' + _td_num(r["sites"]) + _td_num(r["exchanges_in"])
                    + _td_num(r["exchanges_out"]) + _td_num(r["net_benefit_eur_per_yr"])
                    + _td_amt(r["co2_avoided_t_per_yr"]) + _td_num(r["investment_eur"])
                    + _td_num(r["unmatched_flows"]) + "</tr>")
    foot = (f'<tfoot><tr><td>Total</td><td class="n">{_num(per_zone["sites"].sum())}</td>'
            f'<td class="n">{_num(per_zone["exchanges_in"].sum())}</td>'
            f'<td class="n">{_num(per_zone["exchanges_out"].sum())}</td>'
            f'<td class="n">{_num(per_zone["net_benefit_eur_per_yr"].sum())}</td>'
            f'<td class="n">{_amount(per_zone["co2_avoided_t_per_yr"].sum())}</td>'
            f'<td class="n">{_num(per_zone["investment_eur"].sum())}</td>'
            f'<td class="n">{_num(per_zone["unmatched_flows"].sum())}</td></tr></tfoot>')
    head = _thead([("Zone", ""), ("Sites", "#"), ("Exchanges in", "#"), ("Exchanges out", "#"),
                   ("Net benefit", "EUR/yr"), ("CO2 avoided", "tCO2/yr"), ("Investment", "EUR"),
                   ("Unmatched flows", "#")])
    t1 = ('<div class="tablewrap"><table id="zones-table" class="sortable">'
          f'{head}<tbody>{"".join(rows)}</tbody>{foot}</table></div>')
    if len(pairs) == 0:
        return t1
    prow = []
    for r in pairs.head(MAX_TABLE_ROWS).to_dict("records"):
        prow.append(f'<tr><td>{_e(r["src_zone"])}</td><td>{_e(r["snk_zone"])}</td>' + _td_num(r["exchanges"])
                    + _td_num(r["net_benefit_eur_per_yr"]) + _td_amt(r["co2_avoided_t_per_yr"]) + "</tr>")
    t2 = ('<h3 class="muted" style="font-size:14px;margin:18px 0 8px">Between zones</h3>'
          '<div class="tablewrap"><table id="zone-pairs-table" class="sortable">'
          + _thead([("From zone", ""), ("To zone", ""), ("Exchanges", "#"), ("Net benefit", "EUR/yr"),
                    ("CO2 avoided", "tCO2/yr")])
          + f'<tbody>{"".join(prow)}</tbody></table></div>')
    return t1 + t2


def _footer(data: RunData) -> str:
    s = data.summary
    par = s.get("parameters", {})
    sol = par.get("solver", {}) if isinstance(par.get("solver"), dict) else {}
    cnt = s.get("counts", {})
    ver = s.get("versions", {})
    rows = [
        ("Objective", f"{s.get('objective_name', '')} ({s.get('objective_unit', '')})"),
        ("Carbon price", f"{par.get('carbon_price_eur_per_t', 0):g} EUR/tCO2" if par else "–"),
        ("Annuity", f"{100 * par['discount_rate']:g} % over {par['lifetime_years']:g} years"
         if "discount_rate" in par else "–"),
        ("Solver", f"{s.get('solver', sol.get('name', ''))}; gap target {_pct(s.get('mip_gap_target'))}; "
                   f"time limit {sol.get('time_limit_s', '–')} s"),
        ("Model", f"{cnt.get('sites', 0):,} sites, {cnt.get('flows', 0):,} flows, {cnt.get('candidate_links', 0):,} "
                  f"candidate links ({cnt.get('dropped_pairs', 0):,} pairs dropped by the rules), "
                  f"{cnt.get('components', 0):,} independent components"),
        ("Inputs", ", ".join(f"{k}: {Path(v.get('path', '')).name}" for k, v in (s.get("inputs") or {}).items())
         or "–"),
        ("Versions", ", ".join(f"{k} {v}" for k, v in ver.items()) or "–"),
    ]
    body = "".join(f"<tr><td>{_e(a)}</td><td>{_e(b)}</td></tr>" for a, b in rows)
    return (f'<footer><div class="wrap"><table>{body}</table><p>Report written by eitflow {_e(__version__)} from '
            f'<code>{_e(data.run_dir.name)}</code>. Files beside it: matches.csv, unmatched.csv, summary.json, '
            f'synergies.geojson (open it in QGIS).</p></div></footer>')


def render_html(data: RunData) -> str:
    """The whole report as one HTML string (no external resource of any kind)."""
    s = data.summary
    title = s.get("scenario") or data.run_dir.name
    desc = (s.get("parameters") or {}).get("description", "")
    _, status = _status_block(s)
    lay = map_layout(data)
    panels = sankey_layout(data)
    has = data.has_solution
    map_lead = ("Sites (dots) and chosen exchanges (arrows from source to use), coloured by the resource supplied. "
                "Line width grows with the amount (square root), relative to the largest exchange of the same "
                "resource. Shaded areas group the sites of each zone. Hover for details; zoom with the buttons or a "
                "double click, drag to pan. No basemap: positions are "
                "longitude and latitude, scaled by cos(latitude).")
    if lay.note and lay.sites:
        map_lead += f" ({lay.note}.)"
    sankey_lead = ("Flows from sources (left) to uses (right), one diagram per unit so that amounts in different "
                   "units are never added. Band width is the amount supplied; colours are the resources "
                   "of the map." + (f" Beyond {SANKEY_MAX_NODES} sites per side, the smallest are merged." if
                                    any(p.merged for p in panels) else ""))
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="eitflow {_e(__version__)}">',
        '<link rel="icon" href="data:,">',
        f"<title>{_e(title)} — eitflow report</title>",
        f"<style>{CSS}</style></head><body>",
        f'<header class="top"><div class="wrap"><h1>{_e(title)}</h1>'
        + (f"<p>{_e(desc)}</p>" if desc else "")
        + f'<div class="meta">eitflow report · objective: {_e(s.get("objective_name", ""))} · '
          f'run directory <code>{_e(data.run_dir.name)}</code></div></div></header>',
        f'<main class="wrap">{status}{_cards(data)}',
        f'<section id="map"><h2>Map</h2><p class="lead">{_e(map_lead)}</p>'
        f'<div class="mapbox">{map_svg(lay)}</div><div class="mapbar">{_legend(data)}'
        f'<div class="zoom" aria-label="zoom"><button type="button" data-zoom="in" title="zoom in">+</button>'
        f'<button type="button" data-zoom="out" title="zoom out">&#8722;</button>'
        f'<button type="button" data-zoom="reset" title="whole territory">&#8634;</button></div></div></section>',
        f'<section id="sankey"><h2>Flows from sources to uses</h2><p class="lead">{_e(sankey_lead)}</p>'
        + (sankey_svg(panels) + _legend(data, sites=False) if has else
           '<p class="empty">No solution: nothing to draw.</p>') + "</section>",
        f'<section id="matches"><h2>Chosen exchanges</h2><p class="lead">Sorted by net benefit; click a column '
        f'header to sort. Amounts are in the supplier\'s unit. Net benefit is after the annualised investment and '
        f'fixed costs of each link.</p>{_matches_table(data)}</section>',
        f'<section id="unmatched"><h2>Unmatched flows and why</h2><p class="lead">Every supply and demand left '
        f'(partly) unmatched, with the amount left over and the reason.</p>{_unmatched_table(data)}</section>',
        _levels_section(data),
        f'<section id="zones"><h2>Per zone</h2><p class="lead">Each exchange is counted once, in the zone of its '
        f'use (where the current input is replaced); "exchanges out" counts those leaving the zone\'s sources. '
        f'Net benefit is the exchange\'s whole benefit, not a split between the partners.</p>'
        f"{_zone_tables(data)}</section>",
        "</main>",
        _footer(data),
        f"<script>{JS}</script>",
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def write_report(run_dir: str | Path, out_html: str | Path | None = None) -> Path:
    """Write the self-contained HTML report of `run_dir` (default: run_dir/report.html)."""
    data = load_run(run_dir)
    out = Path(out_html) if out_html is not None else Path(run_dir) / "report.html"
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_text(render_html(data), encoding="utf-8")
    tmp.replace(out)
    return out


# ================================================================ static figures (matplotlib)
def _figure(width_px: float, height_px: float, dpi: int = 100):
    """A matplotlib Figure without pyplot: no global state, no display, Agg for PNG."""
    from matplotlib.figure import Figure

    return Figure(figsize=(width_px / dpi, height_px / dpi), dpi=dpi)


def _fig_map(data: RunData, path: Path, fmt: str) -> Path:
    from matplotlib.patches import PathPatch, Polygon
    from matplotlib.path import Path as MPath

    lay = map_layout(data)
    dpi = 100
    fig = _figure(lay.width, lay.height + 60, dpi)
    ax = fig.add_axes((0, 60 / (lay.height + 60), 1, lay.height / (lay.height + 60)))
    ax.set_xlim(0, lay.width)
    ax.set_ylim(lay.height, 0)
    ax.set_axis_off()
    pt = 72.0 / dpi  # points per pixel
    # a light box behind labels (not a path effect, so labels stay editable text in SVG)
    halo = {"boxstyle": "round,pad=0.12", "fc": "#f8fafc", "ec": "none", "alpha": 0.75}
    ax.add_patch(Polygon([(0, 0), (lay.width, 0), (lay.width, lay.height), (0, lay.height)], closed=True,
                         facecolor="#f8fafc", edgecolor="none", zorder=0))
    for gl in lay.grid:
        ax.plot([gl["x1"], gl["x2"]], [gl["y1"], gl["y2"]], color="#dde3ea", lw=1 * pt, zorder=1)
        ax.text(gl["lx"], gl["ly"], gl["label"], fontsize=10 * pt, color="#8a94a3",
                ha="center" if gl["kind"] == "lon" else "left", va="baseline", zorder=1)
    for z in lay.zones:
        pts = z["points"]
        tint = _blend(z["fill"], "#f8fafc", 0.13)  # opaque tint: face and padded edge shade alike
        if len(pts) == 1:
            ax.plot([pts[0][0]], [pts[0][1]], "o", ms=34 * pt, color=tint, zorder=2, mec="none")
        else:
            ax.add_patch(Polygon(pts, closed=True, facecolor=tint, edgecolor=tint, lw=34 * pt, joinstyle="round",
                                 zorder=2))
        ax.text(z["lx"], z["ly"], z["name"], fontsize=11.5 * pt, color=z["dark"], ha="center", va="baseline",
                fontweight="bold", zorder=6, bbox=halo)
    for ed in lay.edges:
        p = MPath([ed["p0"], ed["c"], ed["p1"]], [MPath.MOVETO, MPath.CURVE3, MPath.CURVE3])
        ax.add_patch(PathPatch(p, facecolor="none", edgecolor=ed["colour"], lw=ed["width"] * pt, alpha=0.85,
                               capstyle="round", zorder=3))
        ax.add_patch(Polygon(ed["arrow"], closed=True, facecolor=ed["colour"], edgecolor="none", alpha=0.9, zorder=3))
    for active, fc, ec in ((False, "#ffffff", "#8a94a3"), (True, "#1d2433", "#ffffff")):
        pts = [(st["x"], st["y"]) for st in lay.sites if st["active"] == active]
        if pts:
            r = lay.sites[0]["r"]
            ax.scatter(*zip(*pts), s=(2 * r * pt * 1.1) ** 2, c=fc, edgecolors=ec, linewidths=1.5 * pt, zorder=4)
    for st in lay.sites:
        lb = st["label"]
        if lb:
            ax.text(lb["x"], lb["y"], lb["text"], fontsize=11 * pt, fontweight="bold", color="#1d2433",
                    ha={"start": "left", "end": "right", "middle": "center"}[lb["anchor"]], va="baseline", zorder=5,
                    bbox=halo)
    if lay.scalebar:
        sb = lay.scalebar
        x, y, L = sb["x"], sb["y"], sb["length"]
        ax.plot([x, x, x + L, x + L], [y - 4, y + 2, y + 2, y - 4], color="#1d2433", lw=1.5 * pt, zorder=5)
        ax.text(x + L / 2, y - 6, sb["label"], fontsize=11 * pt, ha="center", va="baseline", zorder=5)
    _legend_strip(fig, data, (0, 0, 1, 60 / (lay.height + 60)), lay.width,
                  "arrow width: square root of the amount, relative within each resource")
    title = data.summary.get("scenario") or data.run_dir.name
    fig.text(0.01, 0.995, title, fontsize=12 * pt, fontweight="bold", va="top", color="#1d2433")
    out = path / f"map.{fmt}"
    _savefig(fig, out, fmt)
    return out


def _blend(c1: str, c2: str, a: float) -> str:
    """Colour c1 at opacity a over c2, as an opaque hex colour."""
    x = [int(c1[i:i + 2], 16) for i in (1, 3, 5)]
    y = [int(c2[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(a * p + (1 - a) * q):02x}" for p, q in zip(x, y))


def _legend_strip(fig, data: RunData, rect, width: float, note: str = "") -> None:
    """A row of resource swatches along the bottom of a figure (pixel units)."""
    pt = 72.0 / fig.dpi
    lax = fig.add_axes(rect)
    lax.set_axis_off()
    lax.set_xlim(0, width)
    lax.set_ylim(60, 0)
    x = 16.0
    res = sorted(set(data.matches["supply_resource"])) if len(data.matches) else []
    for r in res:
        lax.plot([x, x + 18], [24, 24], color=data.colours[r], lw=6 * pt, solid_capstyle="round")
        lax.text(x + 24, 28, r, fontsize=12 * pt, va="baseline", color="#1d2433")
        x += 34 + 7.2 * len(r)
    if note:
        lax.text(16, 50, note, fontsize=10.5 * pt, va="baseline", color="#5f6b7a")


def _fig_sankey(data: RunData, path: Path, fmt: str) -> Path:
    from matplotlib.patches import PathPatch, Rectangle
    from matplotlib.path import Path as MPath

    panels = sankey_layout(data)
    dpi = 100
    width = 960.0
    head, top, foot = 30.0, 34.0, 60.0
    total_h = (sum(p.height + head for p in panels) if panels else 120.0) + top + foot
    fig = _figure(width, total_h, dpi)
    pt = 72.0 / dpi
    if not panels:
        fig.text(0.5, 0.5, "No exchange was chosen: nothing to draw.", ha="center", va="center", fontsize=14 * pt)
    title = data.summary.get("scenario") or data.run_dir.name
    fig.text(12 / width, 1 - 8 / total_h, f"{title}: flows from sources (left) to uses (right)", fontsize=12 * pt,
             fontweight="bold", va="top", color="#1d2433")
    _legend_strip(fig, data, (0, 0, 1, foot / total_h), width, "band width: amount supplied, one diagram per unit")
    y_top = top
    for p in panels:
        h = p.height + head
        ax = fig.add_axes((0, 1 - (y_top + h) / total_h, 1, h / total_h))
        ax.set_xlim(0, width)
        ax.set_ylim(p.height, -head)
        ax.set_axis_off()
        ax.text(12, -10, f"Amounts in {p.unit} (total {_amount(p.total)})", fontsize=12 * pt, color="#5f6b7a",
                va="baseline")
        for b in p.bands:
            xm = (b["x0"] + b["x1"]) / 2
            verts = [(b["x0"], b["y0a"]), (xm, b["y0a"]), (xm, b["y1a"]), (b["x1"], b["y1a"]), (b["x1"], b["y1b"]),
                     (xm, b["y1b"]), (xm, b["y0b"]), (b["x0"], b["y0b"]), (b["x0"], b["y0a"])]
            codes = [MPath.MOVETO, MPath.CURVE4, MPath.CURVE4, MPath.CURVE4, MPath.LINETO, MPath.CURVE4, MPath.CURVE4,
                     MPath.CURVE4, MPath.CLOSEPOLY]
            ax.add_patch(PathPatch(MPath(verts, codes), facecolor=b["colour"], edgecolor="none", alpha=0.5))
        for nd in p.nodes:
            ax.add_patch(Rectangle((nd["x"], nd["y"]), 14, max(nd["h"], 1.0), facecolor="#1d2433", edgecolor="none"))
            left = nd["side"] == "left"
            ax.text(nd["x"] - 8 if left else nd["x"] + 22, nd["y"] + nd["h"] / 2,
                    f"{nd['label']}  {_amount(nd['amount'])}", fontsize=12 * pt, fontweight="bold",
                    color="#1d2433", ha="right" if left else "left", va="center")
        y_top += h
    out = path / f"sankey.{fmt}"
    _savefig(fig, out, fmt)
    return out


def _savefig(fig, out: Path, fmt: str) -> None:
    import matplotlib

    if fmt == "svg":
        with matplotlib.rc_context({"svg.hashsalt": "eitflow", "svg.fonttype": "none"}):
            fig.savefig(out, format="svg", metadata={"Date": None})
    else:
        fig.savefig(out, format="png", dpi=fig.dpi * 2, metadata={"Software": None}, facecolor="white")


def write_figures(run_dir: str | Path, fmt: str = "png", out_dir: str | Path | None = None) -> list[Path]:
    """Write map.<fmt> and sankey.<fmt> (png or svg) with matplotlib, for slides."""
    fmt = fmt.lower()
    if fmt not in ("png", "svg"):
        raise ValueError(f"figure format must be png or svg, not {fmt!r}")
    data = load_run(run_dir)
    out = Path(out_dir) if out_dir is not None else Path(run_dir)
    out.mkdir(parents=True, exist_ok=True)
    return [_fig_map(data, out, fmt), _fig_sankey(data, out, fmt)]


# ================================================================ command line
@click.command("report")
@click.argument("run_dir", type=click.Path(path_type=Path))
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="HTML file to write (default: RUN_DIR/report.html)")
@click.option("--figures", type=click.Choice(["png", "svg"]),
              help="also write map.<fmt> and sankey.<fmt> beside the report, for slides")
def report_command(run_dir: Path, out: Path | None, figures: str | None) -> None:
    """Write a self-contained HTML report of RUN_DIR (opens offline, in any browser).

    Key figures and status, a map of sites and exchanges, a Sankey of the flows, the
    tables of matches and unmatched flows with reasons, and totals per zone.

    \b
    Examples:
      eitflow run scenarios/zae_example/scenario.yaml --out runs/example
      eitflow report runs/example                      # writes runs/example/report.html
      eitflow report runs/example --out zae.html --figures png   # + map.png, sankey.png
    """
    import sys

    try:
        path = write_report(run_dir, out)
    except (RunDirError, OSError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    click.echo(f"wrote {path}")
    if figures:
        for p in write_figures(run_dir, figures, out_dir=path.parent):
            click.echo(f"wrote {p}")
