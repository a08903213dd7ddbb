"""Great-circle geometry with a KD-tree on unit vectors, so radius searches never
enumerate all pairs (a chord on the unit sphere is monotone in the great-circle angle).

Small problems (a business park: up to `BRUTE_MAX_PAIRS` pairs) are searched by brute force
with numpy instead: the same pairs, and no import of scipy.spatial (~0.25 s of start-up
for `eitflow validate`). Tests check that both paths agree."""
from __future__ import annotations

import numpy as np

BRUTE_MAX_PAIRS = 250_000  # a x b distances computed at once below this (2 MB of floats)

EARTH_RADIUS_KM = 6371.0088  # IUGG mean Earth radius


def unit_vectors(lat_deg: np.ndarray, lon_deg: np.ndarray) -> np.ndarray:
    """(n, 3) Cartesian unit vectors of WGS84 points (spherical Earth)."""
    lat, lon = np.radians(lat_deg), np.radians(lon_deg)
    c = np.cos(lat)
    return np.column_stack([c * np.cos(lon), c * np.sin(lon), np.sin(lat)])


def chord_of_km(km: float | np.ndarray) -> float | np.ndarray:
    """Unit-sphere chord length of a great-circle distance in km."""
    return 2.0 * np.sin(np.minimum(np.asarray(km, float) / EARTH_RADIUS_KM, np.pi) / 2.0)


def km_of_chord(chord: np.ndarray) -> np.ndarray:
    """Great-circle distance (km) of a unit-sphere chord length."""
    return 2.0 * EARTH_RADIUS_KM * np.arcsin(np.clip(np.asarray(chord, float) / 2.0, 0.0, 1.0))


def haversine_km(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Great-circle distance in km (vectorised)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dphi, dlmb = p2 - p1, np.radians(np.asarray(lon2) - np.asarray(lon1))
    a = np.sin(dphi / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def pairs_within(xyz_a: np.ndarray, xyz_b: np.ndarray, radius_km: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """All (i, j, great-circle km) with points a[i], b[j] within `radius_km`."""
    if len(xyz_a) == 0 or len(xyz_b) == 0:
        e = np.zeros(0, np.int64)
        return e, e, np.zeros(0)
    r = float(chord_of_km(radius_km))
    if len(xyz_a) * len(xyz_b) <= BRUTE_MAX_PAIRS:
        d = np.sqrt(((xyz_a[:, None, :] - xyz_b[None, :, :]) ** 2).sum(axis=2))
        i, j = np.nonzero(d <= r)  # row-major: already ordered by (i, j)
        return i.astype(np.int64), j.astype(np.int64), km_of_chord(d[i, j])
    from scipy.spatial import cKDTree

    ta, tb = cKDTree(xyz_a), cKDTree(xyz_b)
    res = ta.sparse_distance_matrix(tb, r, output_type="ndarray")
    i, j = res["i"].astype(np.int64), res["j"].astype(np.int64)
    order = np.lexsort((j, i))  # deterministic order whatever the tree's traversal
    return i[order], j[order], km_of_chord(res["v"][order])


def pair_counts(xyz_a: np.ndarray, xyz_b: np.ndarray, radius_km: float) -> np.ndarray:
    """For each point of a, the number of points of b within `radius_km` (memory: one
    integer per point, whatever the number of pairs)."""
    if len(xyz_a) == 0 or len(xyz_b) == 0:
        return np.zeros(len(xyz_a), np.int64)
    from scipy.spatial import cKDTree

    r = float(chord_of_km(radius_km))
    return np.asarray(cKDTree(xyz_b).query_ball_point(xyz_a, r, return_length=True), np.int64)


def nearest_km(xyz_from: np.ndarray, xyz_to: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each point of `xyz_from`, great-circle km to and index of the nearest `xyz_to`."""
    if len(xyz_to) == 0:
        return np.full(len(xyz_from), np.inf), np.full(len(xyz_from), -1)
    if len(xyz_from) * len(xyz_to) <= BRUTE_MAX_PAIRS:
        d = np.sqrt(((xyz_from[:, None, :] - xyz_to[None, :, :]) ** 2).sum(axis=2))
        j = d.argmin(axis=1) if len(xyz_from) else np.zeros(0, np.int64)
        return km_of_chord(d[np.arange(len(xyz_from)), j]), j
    from scipy.spatial import cKDTree

    d, j = cKDTree(xyz_to).query(xyz_from, k=1)
    return km_of_chord(d), j
