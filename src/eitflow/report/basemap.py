"""The offline basemap: coastlines, national borders, French départements and régions.

The geometry ships with the package (``data/basemap.json.gz``, about 300 KiB, built by
``tools/basemap/build.py``): Natural Earth 1:10m admin-1 (public domain) for metropolitan
France, its neighbours and the five overseas départements, simplified as one coverage so
neighbours meet exactly, with the names and INSEE codes of départements and régions from
Etalab's ``decoupage-administratif`` (Licence Ouverte 2.0); Natural Earth 1:110m countries
elsewhere. Nothing is fetched at run time. Natural Earth at 1:10m places a border to about
a kilometre: right for a département or a country, approximate for a business park (whose
real outlines belong in the scenario's zones.geojson).
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

SOURCE_NOTE = {
    "en": "Basemap: Natural Earth 1:10m (public domain); départements and régions: names and codes from "
          "Etalab (Licence Ouverte 2.0); borders accurate to about 1 km.",
    "fr": "Fond de carte : Natural Earth 1:10m (domaine public) ; départements et régions : noms et codes "
          "Etalab (Licence Ouverte 2.0) ; limites précises à 1 km environ.",
}


@dataclass
class Shape:
    """One polygonal feature: its rings (arrays of lon, lat) and bounding box."""

    code: str
    name: str
    kind: str                     # departement, region, country, world
    polys: list[list[np.ndarray]]  # polygons, each a list of rings (n x 2: lon, lat), exterior first
    bbox: tuple[float, float, float, float]
    region: str = ""


def _shapes(items: list[dict], kind: str) -> list[Shape]:
    out = []
    for it in items:
        polys = [[np.asarray(r, dtype=float) for r in poly] for poly in it["rings"]]
        if not polys:
            continue
        allp = np.concatenate([p[0] for p in polys])
        bbox = (float(allp[:, 0].min()), float(allp[:, 1].min()), float(allp[:, 0].max()), float(allp[:, 1].max()))
        out.append(Shape(str(it.get("code", "")), str(it.get("name", "")), kind, polys, bbox,
                         str(it.get("region", ""))))
    return out


@dataclass
class Basemap:
    areas: list[tuple[str, tuple[float, float, float, float]]]
    departements: list[Shape]
    regions: list[Shape]
    countries: list[Shape]
    world: list[Shape]
    about: str

    def area_of(self, lon: float, lat: float) -> str | None:
        """Name of the detailed area holding (lon, lat), or None."""
        for name, (a, b, c, d) in self.areas:
            if a <= lon <= c and b <= lat <= d:
                return name
        return None

    def covered(self, bbox: tuple[float, float, float, float]) -> bool:
        """True when `bbox` (lon/lat) lies inside one detailed area."""
        a, b, c, d = bbox
        return any(a >= x0 and b >= y0 and c <= x1 and d <= y1 for _, (x0, y0, x1, y1) in self.areas)

    def departement_at(self, lon: np.ndarray, lat: np.ndarray) -> list[str]:
        """Name of the département holding each point ("" outside France): even-odd rule."""
        out = [""] * len(lon)
        for sh in self.departements:
            a, b, c, d = sh.bbox
            inb = np.flatnonzero((lon >= a) & (lon <= c) & (lat >= b) & (lat <= d))
            if len(inb) == 0:
                continue
            inside = np.zeros(len(inb), bool)
            px, py = lon[inb], lat[inb]
            for poly in sh.polys:
                for ring in poly:
                    inside ^= _crossings(ring, px, py)
            for k in inb[inside]:
                out[k] = sh.name
        return out


def _crossings(ring: np.ndarray, px: np.ndarray, py: np.ndarray) -> np.ndarray:
    """Ray casting: True where a ray to +x from (px, py) crosses `ring` an odd number of times."""
    x0, y0 = ring[:-1, 0], ring[:-1, 1]
    x1, y1 = ring[1:, 0], ring[1:, 1]
    res = np.zeros(len(px), bool)
    for k in range(0, len(px), 256):  # chunks bound the (points x edges) temporaries
        X, Y = px[k:k + 256, None], py[k:k + 256, None]
        cond = (y0 > Y) != (y1 > Y)
        with np.errstate(divide="ignore", invalid="ignore"):
            xi = x0 + (Y - y0) * (x1 - x0) / (y1 - y0)
        res[k:k + 256] = (np.count_nonzero(cond & (X < xi), axis=1) % 2) == 1
    return res


@lru_cache(maxsize=1)
def load_basemap() -> Basemap:
    """The shipped basemap (read once per process)."""
    with resources.files("eitflow").joinpath("data/basemap.json.gz").open("rb") as fh:
        data = json.loads(gzip.decompress(fh.read()).decode("utf-8"))
    areas = [(a["name"], tuple(a["bbox"])) for a in data["areas"]]
    return Basemap(areas, _shapes(data["departements"], "departement"), _shapes(data["regions"], "region"),
                   _shapes(data["countries"], "country"), _shapes(data["world"], "world"), data["about"])


def ring_path(xy: np.ndarray, min_px: float = 0.6) -> str:
    """SVG path data of one projected ring, dropping points closer than `min_px` to the
    last kept one (invisible at the drawn scale; a basemap of France fits in ~100 KB)."""
    if len(xy) < 3:
        return ""
    q = np.round(xy / min_px).astype(np.int64)
    keep = np.r_[True, np.any(np.diff(q, axis=0) != 0, axis=1)]
    pts = xy[keep]
    if len(pts) < 3:
        return ""
    body = "L".join(f"{x:.1f},{y:.1f}" for x, y in pts)
    return f"M{body}Z"
