"""Site locations checked against the cloud of the others: coordinates that look swapped
are errors, a site far from all the others is a warning (plausible, but worth a look).

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
                    rows: np.ndarray | None = None, cloud: pd.DataFrame | None = None) -> None:
    """Swapped coordinates (errors in `col`) and sites far outside the cloud of the others
    (warnings in `warn`); `sites` has site_id, lat, lon (deg), NaN where invalid.

    `cloud`: places already checked (lat, lon) that the cloud is made of too, though only
    `sites` are reported: the territory's sites, when `sites` are the free plots (plots.csv),
    which are said to be plots."""
    n = len(sites)
    lat, lon = sites["lat"].to_numpy(float), sites["lon"].to_numpy(float)
    if cloud is not None:
        lat = np.concatenate([lat, cloud["lat"].to_numpy(float)])
        lon = np.concatenate([lon, cloud["lon"].to_numpy(float)])
    swapped_key, far_key = ("plaus_swapped", "plaus_far") if cloud is None else ("plaus_swapped_plot", "plaus_far_plot")
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
