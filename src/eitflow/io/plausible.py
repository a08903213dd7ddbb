"""Site locations checked against the cloud of the others: coordinates that look swapped
are errors, a site far from all the others is a warning (plausible, but worth a look). And
lengths given (a corridor's length_km, a link's distance_km) against the straight line
between their ends: shorter, or a hundred times longer (metres written for km), is a warning.

The cloud's centre is the component-wise median of the sites' unit vectors (robust to a few
outliers) and its size the median great-circle distance to that centre. A site is far when
it lies more than `FAR_FACTOR` times that size and more than `FAR_MIN_KM` from the centre.
Such a site whose swapped coordinates (lat <-> lon) land inside the cloud is an error. A
territory where every site lies in the mirror image of metropolitan France (latitude -5 to
10, longitude 41 to 51.5: the Indian Ocean off Somalia) has its coordinates swapped: also
an error, as France is this tool's territory and no industrial site lies there.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from eitflow.errors import Collector, excerpt
from eitflow.geo import EARTH_RADIUS_KM, unit_vectors
from eitflow.i18n import Phrase

FAR_FACTOR = 10.0      # x the cloud's median distance to its centre
FAR_MIN_KM = 200.0     # and at least this far from the centre
MIN_SITES = 4          # a cloud needs this many sites
#: metropolitan France and Corsica (deg): lat_min, lat_max, lon_min, lon_max
FRANCE = (41.3, 51.1, -5.2, 9.6)


def _km_to(xyz: np.ndarray, centre: np.ndarray) -> np.ndarray:
    return EARTH_RADIUS_KM * np.arccos(np.clip(xyz @ centre, -1.0, 1.0))


def _in_box(lat: np.ndarray, lon: np.ndarray, box: tuple[float, float, float, float]) -> np.ndarray:
    return (lat >= box[0]) & (lat <= box[1]) & (lon >= box[2]) & (lon <= box[3])


def check_locations(sites: pd.DataFrame, file: str, col: Collector, warn: Collector,
                    rows: np.ndarray | None = None, cloud: pd.DataFrame | None = None, kind: str = "site") -> None:
    """Swapped coordinates (errors in `col`) and sites far outside the cloud of the others
    (warnings in `warn`); `sites` has site_id, lat, lon (deg), NaN where invalid.

    `cloud`: places already checked (lat, lon) that the cloud is made of too, though only
    `sites` are reported: the territory's sites, when `sites` are the free plots (plots.csv),
    candidate hubs (hubs.csv) or junctions (junctions.csv), each said as such (`kind`: plot,
    hub, junction)."""
    n = len(sites)
    lat, lon = sites["lat"].to_numpy(float), sites["lon"].to_numpy(float)
    if cloud is not None:
        lat = np.concatenate([lat, cloud["lat"].to_numpy(float)])
        lon = np.concatenate([lon, cloud["lon"].to_numpy(float)])
    swapped_key, far_key = ("plaus_swapped", "plaus_far") if kind == "site" else (f"plaus_swapped_{kind}",
                                                                                   f"plaus_far_{kind}")
    ok = np.isfinite(lat) & np.isfinite(lon) & (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
    rows = np.arange(2, n + 2) if rows is None else rows
    ids = sites["site_id"].to_numpy()
    mirror = _in_box(lat, lon, (FRANCE[2], FRANCE[3], FRANCE[0], FRANCE[1])) & ok
    if ok.sum() and mirror[ok].all():
        for k in np.flatnonzero(mirror[:n])[:3]:
            col.add(file, Phrase("plaus_indian_ocean", lat=lat[k], lon=lon[k]), row=int(rows[k]), column="lat")
        return
    if ok.sum() < MIN_SITES:
        return
    xyz = unit_vectors(lat[ok], lon[ok])
    centre = np.median(xyz, axis=0)
    norm = np.linalg.norm(centre)
    if norm < 1e-9:
        return
    centre /= norm
    dist = np.full(len(lat), np.nan)
    dist[ok] = _km_to(xyz, centre)
    size = float(np.median(dist[ok]))
    limit = max(FAR_FACTOR * size, FAR_MIN_KM)
    far = np.flatnonzero(ok[:n] & (np.nan_to_num(dist[:n]) > limit))
    if len(far) == 0:
        return
    swapped_ok = (np.abs(lon[far]) <= 90)
    back = np.full(len(far), np.inf)
    back[swapped_ok] = _km_to(unit_vectors(lon[far][swapped_ok], lat[far][swapped_ok]), centre)
    is_swapped = back <= max(3.0 * size, 50.0)
    # the farthest first, ties by id: the same 20 warnings whatever the order of the rows
    order = np.lexsort((np.asarray(ids, dtype=str)[far], -np.round(dist[far], 3)))
    far, is_swapped = far[order], is_swapped[order]
    for k, sw in zip(far, is_swapped):
        d = float(dist[k])
        if sw:
            col.add(file, Phrase(swapped_key, site=excerpt(ids[k]), lat=lat[k], lon=lon[k], km=d),
                    row=int(rows[k]), column="lat")
        elif len(warn.problems) < 20:
            warn.add(file, Phrase(far_key, site=excerpt(ids[k]), km=d, size=size), row=int(rows[k]), column="lat")


SHORT_SHARE = 0.99   # a length shorter than this share of the straight line (less 10 m) is warned about
METRES_RATIO = 100.0  # ... and one this many times the straight line, and over 10 km: metres for km?


def place_coordinates(places: list[pd.DataFrame | None]) -> tuple[dict, dict]:
    """Latitude and longitude (degrees) by id of the tables of places, in the order sites,
    hubs, junctions, plots (their id columns); a table without coordinates is skipped."""
    lat: dict = {}
    lon: dict = {}
    for t, key in zip(places, ("site_id", "hub_id", "junction_id", "plot_id")):
        if t is not None and len(t) and "lat" in t:
            lat.update(zip(t[key], t["lat"]))
            lon.update(zip(t[key], t["lon"]))
    return lat, lon


def warn_lengths(ends_from: pd.Series, ends_to: pd.Series, length: np.ndarray, places: list[pd.DataFrame | None],
                 file: str, column: str, warn: Collector, keys: tuple[str, str, str | None],
                 priced: np.ndarray | None = None) -> None:
    """Lengths given between two places (ids of `places`: sites, hubs, junctions) against the
    straight line between them, in the messages `keys` (short, metres, zero): shorter (no
    route can be), a hundred times it and over 10 km (metres written for km?), and, where
    `keys` names one, 0 between places apart that are not `priced` otherwise (a corridor on
    the catalogue's sizes, priced per metre, would cost nothing). Warnings, since coordinates
    may be rough (a commune's centre) and a route may wind. Rows: positional (2 = first)."""
    from eitflow.geo import haversine_km

    lat, lon = place_coordinates(places)
    a, b = ends_from.map(lat).to_numpy(float), ends_to.map(lat).to_numpy(float)
    gc = haversine_km(a, ends_from.map(lon).to_numpy(float), b, ends_to.map(lon).to_numpy(float))
    short_key, metres_key, zero_key = keys

    def said(k: int) -> float:   # the straight line as said: three significant digits, never 7.33e+03
        return float(f"{gc[k]:.3g}")

    with np.errstate(invalid="ignore"):
        # (a length of 0 is deliberate where the thing is priced otherwise, whatever its ends)
        short = np.isfinite(length) & np.isfinite(gc) & (length > 0) & (length < SHORT_SHARE * gc - 0.01)
        long_ = np.isfinite(length) & np.isfinite(gc) & (length > METRES_RATIO * gc) & (length > 10.0)
        free = (length == 0) & np.isfinite(gc) & (gc > 0.01) & ~(
            np.zeros(len(length), bool) if priced is None else np.asarray(priced, bool))
    if zero_key is not None:
        for k in np.flatnonzero(free)[:5]:
            warn.add(file, Phrase(zero_key, gc=said(k)), row=int(k) + 2, column=column)
    for k in np.flatnonzero(short)[:5]:
        warn.add(file, Phrase(short_key, km=float(length[k]), gc=said(k)), row=int(k) + 2, column=column)
    for k in np.flatnonzero(long_)[:5]:
        warn.add(file, Phrase(metres_key, km=float(length[k]), ratio=float(length[k] / gc[k]), gc=said(k)),
                 row=int(k) + 2, column=column)
