"""Generated candidate corridors of a shared network (`networks.<resource>.generate`): the
edges of a Delaunay triangulation of the network's nodes, or each node with its k nearest
neighbours, on a local plane; `candidates.network` prunes them at the maximum length."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from eitflow.scenario import Scenario

__all__ = ["generate_pairs"]

EARTH_KM = 6371.0088


def _plane_km(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Points on a local equirectangular plane (km) around their mean latitude."""
    lat0 = np.radians(np.mean(lat)) if len(lat) else 0.0
    return np.column_stack([EARTH_KM * np.radians(lon) * np.cos(lat0), EARTH_KM * np.radians(lat)])


def generate_pairs(lat: np.ndarray, lon: np.ndarray, method: str, k: int) -> np.ndarray:
    """Undirected candidate pairs (i < j) among points: the edges of their Delaunay
    triangulation, or each point with its k nearest neighbours. Collinear or too few points
    (no triangulation) fall back from Delaunay to the k nearest neighbours.

    Points at one place (within a millimetre: two firms geocoded to one address or to their
    commune's centre) are one point for the triangulation and the neighbours, and each of
    the others is joined to the first of them by a corridor of length zero: a triangulation
    leaves such points out (qhull drops them) and their k nearest neighbours would be each
    other only, a piece no supply reaches."""
    n = len(lat)
    if n < 2:
        return np.zeros((0, 2), np.int64)
    xy = _plane_km(np.asarray(lat, float), np.asarray(lon, float))
    _, first, inv = np.unique(np.round(xy, 6), axis=0, return_index=True, return_inverse=True)
    inv = np.asarray(inv).reshape(n)
    rep = first[inv]                                   # each point's first point at its place
    twins = np.flatnonzero(rep != np.arange(n))
    joined = np.column_stack([rep[twins], twins])
    pairs = _pairs_of_distinct(xy[first], method, k)
    pairs = np.concatenate([first[pairs], joined]) if len(pairs) else joined
    pairs = np.sort(pairs, axis=1)
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    return np.unique(pairs, axis=0).astype(np.int64)


def _pairs_of_distinct(xy: np.ndarray, method: str, k: int) -> np.ndarray:
    """`generate_pairs` over points at distinct places (km on a plane)."""
    n = len(xy)
    if n < 2:
        return np.zeros((0, 2), np.int64)
    pairs = None
    centred = xy - xy.mean(axis=0)
    flat = n < 3 or np.linalg.svd(centred, compute_uv=False)[-1] <= 1e-9 * max(1.0, float(np.abs(centred).max()))
    if method == "delaunay" and not flat:
        from scipy.spatial import Delaunay, QhullError

        try:
            tri = Delaunay(xy)
            s = tri.simplices
            # points qhull leaves out for precision (coplanar) join their nearest vertex
            pairs = np.concatenate([s[:, [0, 1]], s[:, [1, 2]], s[:, [0, 2]], tri.coplanar[:, [0, 2]]])
        except QhullError:  # all points on a line: nearest neighbours join them as well
            pairs = None
    if pairs is None:
        from scipy.spatial import cKDTree

        kk = min(k, n - 1)
        _, idx = cKDTree(xy).query(xy, k=kk + 1)
        idx = np.asarray(idx).reshape(n, kk + 1)
        pairs = np.column_stack([np.repeat(np.arange(n), kk), idx[:, 1:].ravel()])
    return np.asarray(pairs, np.int64).reshape(-1, 2)


def max_length_km(scen: Scenario, resource: str) -> float:
    """The longest generated corridor of `resource`'s network (km, great circle x route
    factor): the scenario's ``networks.<resource>.max_length_km``, else the catalogue's; NaN
    for a resource without a network."""
    opts = scen.params.networks.get(resource)
    if opts is not None and opts.max_length_km is not None:
        return float(opts.max_length_km)
    spec = scen.catalogue[resource].network
    return float(spec.max_length_km) if spec is not None else float("nan")
