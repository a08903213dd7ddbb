"""GeoJSON layers of a run, one geometry type per file (WGS84 longitude/latitude):

- sites.geojson (Point): every site, with name, sector, zone;
- hubs.geojson (Point): candidate hubs, built or not (only when the scenario has hubs);
- synergies.geojson (LineString): the chosen exchanges, with the matches.csv fields;
- candidates.geojson (LineString): candidate links left unbuilt, with not_chosen.csv's reason;
- unmatched.geojson (Point): each (partly) unmatched flow at its site, with unmatched.csv's fields;
- corridors.geojson (LineString): the network corridors built (or existing pipes in use), with
  corridors.csv's fields (only when the scenario has a network).

One type per file is what QGIS, ogr2ogr and most web maps expect; the same layers go into
the GeoPackage (`eitflow report RUN --gpkg`, `report.geo`).
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from eitflow.scenario import Scenario


def _props(table: pd.DataFrame) -> list[dict]:
    """Each row's properties, prepared column by column (floats rounded to 6 decimals, NaN
    and inf as null; numpy scalars as Python values), for one C-encoded dump of the layer."""
    cols = []
    for c in table.columns:
        s = table[c]
        if pd.api.types.is_float_dtype(s):
            v = s.to_numpy(float)
            vals = np.round(v, 6).tolist()
            for i in np.flatnonzero(~np.isfinite(v)).tolist():
                vals[i] = None
        elif pd.api.types.is_bool_dtype(s) or pd.api.types.is_integer_dtype(s):
            vals = s.tolist()
        else:
            o = s.astype(object)
            vals = o.where(o.notna(), None).tolist()
            if pd.api.types.infer_dtype(vals, skipna=True) not in ("string", "empty"):
                vals = [_clean(x) for x in vals]
        cols.append(vals)
    keys = [str(c) for c in table.columns]
    return [dict(zip(keys, row)) for row in zip(*cols)] if keys else [{} for _ in range(len(table))]


def _clean(v):
    """A value of a text column as JSON allows it (numbers stray in object columns)."""
    if v is None or isinstance(v, str):
        return v
    if isinstance(v, (np.floating, float)):
        return round(float(v), 6) if np.isfinite(v) else None
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, np.bool_):
        return bool(v)
    return str(v)


def _collection(features: list[dict]) -> str:
    """A FeatureCollection as compact JSON, in one call of the C encoder."""
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False,
                      separators=(",", ":"), allow_nan=False) + "\n"


def _points(lon, lat, props: list[dict]) -> list[dict]:
    lon = np.round(np.asarray(lon, float), 6).tolist()
    lat = np.round(np.asarray(lat, float), 6).tolist()
    return [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [x, y]}, "properties": p}
            for x, y, p in zip(lon, lat, props)]


def _positions(scen: Scenario) -> dict[str, tuple[float, float]]:
    pos = {str(s): (float(lo), float(la)) for s, la, lo in scen.sites[["site_id", "lat", "lon"]].itertuples(index=False)}
    if scen.hubs is not None:
        pos.update({str(h): (float(lo), float(la)) for h, la, lo in
                    scen.hubs[["hub_id", "lat", "lon"]].itertuples(index=False)})
    return pos


def _lines(table: pd.DataFrame, pos: dict) -> list[dict]:
    at = {k: [round(x, 6), round(y, 6)] for k, (x, y) in pos.items()}  # once per site, not per link
    a = [at.get(str(v)) for v in table["source_site"].tolist()]
    b = [at.get(str(v)) for v in table["sink_site"].tolist()]
    keep = np.array([x is not None and y is not None for x, y in zip(a, b)], bool)
    props = _props(table[keep] if not keep.all() else table)
    ends = [(x, y) for x, y, k in zip(a, b, keep) if k]
    return [{"type": "Feature", "geometry": {"type": "LineString", "coordinates": [x, y]}, "properties": p}
            for (x, y), p in zip(ends, props)]


def geo_layers(scen: Scenario, matches: pd.DataFrame, unmatched: pd.DataFrame | None = None,
               not_chosen: pd.DataFrame | None = None) -> dict[str, str]:
    """The run's layers as GeoJSON FeatureCollection text keyed by file stem (see the
    module), built column by column: 216,643 candidate links in about a second."""
    s = scen.sites
    out = {"sites": _collection(_points(s["lon"], s["lat"], _props(s[["site_id", "name", "sector", "zone"]])))}
    if scen.hubs is not None and len(scen.hubs):
        h = scen.hubs
        out["hubs"] = _collection(_points(h["lon"], h["lat"], _props(h[["hub_id", "name", "zone"]])))
    pos = _positions(scen)
    out["exchanges"] = _collection(_lines(matches, pos))
    if not_chosen is not None:
        out["candidates"] = _collection(_lines(not_chosen, pos))
    if unmatched is not None:
        where = [pos.get(str(v)) for v in unmatched["site_id"].tolist()] if len(unmatched) else []
        keep = np.array([w is not None for w in where], bool)
        um = unmatched[keep] if len(unmatched) else unmatched
        at = [w for w in where if w is not None]
        out["unmatched"] = _collection(_points([w[0] for w in at], [w[1] for w in at], _props(um)))
    return out


def corridor_layer(corridors: pd.DataFrame) -> str:
    """The network corridors built (`Statistics.corridors()`) as LineStrings from end to end
    (GeoJSON FeatureCollection text)."""
    props = [c for c in corridors.columns if c not in ("from_lat", "from_lon", "to_lat", "to_lon")]
    feats = []
    for rec in corridors.to_dict("records"):
        coords = [[round(float(rec["from_lon"]), 6), round(float(rec["from_lat"]), 6)],
                  [round(float(rec["to_lon"]), 6), round(float(rec["to_lat"]), 6)]]
        feats.append({"type": "Feature", "geometry": {"type": "LineString", "coordinates": coords},
                      "properties": {k: _clean(rec[k]) for k in props}})
    return _collection(feats)
