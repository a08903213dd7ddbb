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

import numpy as np
import pandas as pd

from eitflow.scenario import Scenario


def _clean(v):
    if isinstance(v, (np.floating, float)):
        v = float(v)
        return round(v, 6) if np.isfinite(v) else None
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, np.bool_):
        return bool(v)
    return v


def _collection(feats: list[dict]) -> dict:
    return {"type": "FeatureCollection", "features": feats}


def _point(lon, lat, props: dict) -> dict:
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [round(float(lon), 6), round(float(lat), 6)]},
            "properties": {k: _clean(v) for k, v in props.items()}}


def _positions(scen: Scenario) -> dict[str, tuple[float, float]]:
    pos = {str(s): (float(lo), float(la)) for s, la, lo in scen.sites[["site_id", "lat", "lon"]].itertuples(index=False)}
    if scen.hubs is not None:
        pos.update({str(h): (float(lo), float(la)) for h, la, lo in
                    scen.hubs[["hub_id", "lat", "lon"]].itertuples(index=False)})
    return pos


def _lines(table: pd.DataFrame, pos: dict) -> list[dict]:
    feats = []
    for rec in table.to_dict("records"):
        a, b = pos.get(str(rec["source_site"])), pos.get(str(rec["sink_site"]))
        if a is None or b is None:
            continue
        feats.append({"type": "Feature",
                      "geometry": {"type": "LineString", "coordinates": [[round(a[0], 6), round(a[1], 6)],
                                                                          [round(b[0], 6), round(b[1], 6)]]},
                      "properties": {k: _clean(v) for k, v in rec.items()}})
    return feats


def geo_layers(scen: Scenario, matches: pd.DataFrame, unmatched: pd.DataFrame | None = None,
               not_chosen: pd.DataFrame | None = None) -> dict[str, dict]:
    """The run's layers as GeoJSON FeatureCollections keyed by file stem (see the module)."""
    s = scen.sites
    out = {"sites": _collection([_point(lo, la, {"site_id": sid, "name": nm, "sector": sec, "zone": zn})
                                 for sid, nm, la, lo, sec, zn in
                                 s[["site_id", "name", "lat", "lon", "sector", "zone"]].itertuples(index=False)])}
    if scen.hubs is not None and len(scen.hubs):
        out["hubs"] = _collection([_point(lo, la, {"hub_id": hid, "name": nm, "zone": zn})
                                   for hid, nm, la, lo, zn in
                                   scen.hubs[["hub_id", "name", "lat", "lon", "zone"]].itertuples(index=False)])
    pos = _positions(scen)
    out["exchanges"] = _collection(_lines(matches, pos))
    if not_chosen is not None:
        out["candidates"] = _collection(_lines(not_chosen, pos))
    if unmatched is not None:
        out["unmatched"] = _collection([_point(*pos[str(rec["site_id"])], rec) for rec in unmatched.to_dict("records")
                                        if str(rec["site_id"]) in pos])
    return out


def corridor_layer(corridors: pd.DataFrame) -> dict:
    """The network corridors built (`Statistics.corridors()`) as LineStrings from end to end."""
    props = [c for c in corridors.columns if c not in ("from_lat", "from_lon", "to_lat", "to_lon")]
    feats = []
    for rec in corridors.to_dict("records"):
        coords = [[round(float(rec["from_lon"]), 6), round(float(rec["from_lat"]), 6)],
                  [round(float(rec["to_lon"]), 6), round(float(rec["to_lat"]), 6)]]
        feats.append({"type": "Feature", "geometry": {"type": "LineString", "coordinates": coords},
                      "properties": {k: _clean(rec[k]) for k in props}})
    return _collection(feats)
