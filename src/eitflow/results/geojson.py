"""GeoJSON layers of a run, one geometry type per file (WGS84 longitude/latitude):

- sites.geojson (Point): every site, with name, sector, zone;
- hubs.geojson (Point): candidate hubs, built or not (only when the scenario has hubs);
- synergies.geojson (LineString): the chosen exchanges, with the matches.csv fields (a shared
  network's connection: a line of no length at the company's site);
- candidates.geojson (LineString): candidate links left unbuilt, with not_chosen.csv's reason;
- unmatched.geojson (Point): each (partly) unmatched flow at its site, with unmatched.csv's fields
  (a detail that only repeats its reason empty, as the report's table: `results.unmatched.details_that_add`);
- corridors.geojson (LineString): the network corridors built (or existing pipes in use), with
  corridors.csv's fields (only when the scenario has a network).

One type per file is what QGIS, ogr2ogr and most web maps expect; the same layers go into
the GeoPackage (`eitflow report RUN --gpkg`, `report.geo`).
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from eitflow.scenario import Scenario


def _json_default(o):
    if isinstance(o, (np.integer,)):
        return int(o)
    if isinstance(o, (np.floating,)):
        return float(o)
    if isinstance(o, np.ndarray):
        return o.tolist()
    if isinstance(o, Path):
        return str(o)
    raise TypeError(f"not JSON serialisable: {type(o).__name__}")


def dumps_compact(obj) -> bytes:
    """Compact UTF-8 JSON for the GeoJSON layers, by orjson: a national run's layers (70,000
    features) took 0.5 s in the json module, a tenth of that here. Floats are written
    shortest-round-trip as by json (only exponents differ: 1e-5, not 1e-05); the layers carry
    no NaN (`results.geojson` writes null)."""
    import orjson

    return orjson.dumps(obj, default=_json_default,
                        option=orjson.OPT_SERIALIZE_NUMPY | orjson.OPT_APPEND_NEWLINE)


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


def _column(values: pd.Series) -> list:
    """A column as JSON-ready Python values, what `_clean` gives each cell, column at a time
    (a national run has 35,000 sites and 35,000 unmatched flows: cell by cell took seconds)."""
    if pd.api.types.is_bool_dtype(values.dtype) or pd.api.types.is_integer_dtype(values.dtype):
        return values.tolist()
    if pd.api.types.is_float_dtype(values.dtype):
        return [round(v, 6) if math.isfinite(v) else None for v in values.astype(float).tolist()]
    if pd.api.types.is_string_dtype(values.dtype):
        return [None if v is None or v != v else v for v in values.tolist()]  # NaN (missing) -> null
    return [_clean(v) for v in values.tolist()]


def _records(frame: pd.DataFrame) -> list[dict]:
    """The rows of `frame` as dicts of JSON-ready values (`_column`)."""
    cols = [str(c) for c in frame.columns]
    return [dict(zip(cols, row)) for row in zip(*(_column(frame[c]) for c in frame.columns))] if cols else []


def _points(lon, lat, frame: pd.DataFrame) -> list[dict]:
    """Point features at (lon, lat) (degrees) with the rows of `frame` as properties."""
    lons = [round(v, 6) for v in np.asarray(lon, float).tolist()]
    lats = [round(v, 6) for v in np.asarray(lat, float).tolist()]
    return [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [x, y]}, "properties": p}
            for x, y, p in zip(lons, lats, _records(frame))]


def _positions(scen: Scenario) -> dict[str, tuple[float, float]]:
    """Site and hub id -> (lon, lat), degrees; from column lists (itertuples made a named
    tuple per row: 35,000 of them on a national run)."""
    def table(frame: pd.DataFrame, key: str) -> dict[str, tuple[float, float]]:
        lon, lat = (frame[c].to_numpy(float).tolist() for c in ("lon", "lat"))
        return dict(zip(frame[key].astype(str).tolist(), zip(lon, lat)))

    pos = table(scen.sites, "site_id")
    if scen.hubs is not None:
        pos.update(table(scen.hubs, "hub_id"))
    return pos


def _names(scen: Scenario, *tables: pd.DataFrame | None) -> dict[str, str]:
    """Place id -> the name people read (`results.names.scenario_names`: a site by its name, a
    hub or junction by its, a network by its name in the scenario's language) for the ends of
    `tables` (source_site / sink_site, or from / to)."""
    from eitflow.results.names import scenario_names

    ends = [str(v) for t in tables if t is not None and len(t)
            for c in ("source_site", "sink_site", "from", "to") if c in t.columns for v in t[c].unique()]
    return scenario_names(scen, scen.params.lang or "en", ends)


def _lines(table: pd.DataFrame, pos: dict, names: dict[str, str]) -> list[dict]:
    """A LineString per row from its source to its sink. A shared network's end (``network:heat``)
    is the node the company connects at, its own site: a connection is a line of no length
    there, kept so that the layer holds every exchange of matches.csv (it left out the
    network's connections, 8 of ludres_backbone's 10 exchanges); the network is corridors.geojson.
    Each line also holds its ends' names (`source_name`, `sink_name`: what a map labels)."""
    from eitflow.candidates.network import network_of

    feats = []
    for rec in table.to_dict("records"):
        src, snk = str(rec["source_site"]), str(rec["sink_site"])
        a, b = pos.get(src), pos.get(snk)
        a = b if a is None and network_of(src) is not None else a
        b = a if b is None and network_of(snk) is not None else b
        if a is None or b is None:
            continue
        feats.append({"type": "Feature",
                      "geometry": {"type": "LineString", "coordinates": [[round(a[0], 6), round(a[1], 6)],
                                                                          [round(b[0], 6), round(b[1], 6)]]},
                      "properties": {**{k: _clean(v) for k, v in rec.items()},
                                     "source_name": names.get(src, src), "sink_name": names.get(snk, snk)}})
    return feats


def _layer_parts(scen: Scenario, matches: pd.DataFrame, unmatched: pd.DataFrame | None = None,
                 not_chosen: pd.DataFrame | None = None) -> dict[str, tuple]:
    """What each layer holds, keyed by file stem: ("points", lon, lat, frame) for the point
    layers of a site per row (their features are built only when asked for), or
    ("features", list of features)."""
    s = scen.sites
    out: dict[str, tuple] = {"sites": ("points", s["lon"], s["lat"], s[["site_id", "name", "sector", "zone"]])}
    if scen.hubs is not None and len(scen.hubs):
        out["hubs"] = ("features", [_point(lo, la, {"hub_id": hid, "name": nm, "zone": zn})
                                    for hid, nm, la, lo, zn in
                                    scen.hubs[["hub_id", "name", "lat", "lon", "zone"]].itertuples(index=False)])
    pos = _positions(scen)
    names = _names(scen, matches, not_chosen)
    out["exchanges"] = ("features", _lines(matches, pos, names))
    if not_chosen is not None:
        out["candidates"] = ("features", _lines(not_chosen, pos, names))
    if unmatched is not None:
        from eitflow.results.unmatched import details_that_add

        um = unmatched[unmatched["site_id"].astype(str).isin(pos.keys())] if len(unmatched) else unmatched
        um = details_that_add(um)   # a tooltip's detail says what its reason does not, as the report's table
        at = [pos[str(k)] for k in um["site_id"].tolist()] if len(um) else []
        out["unmatched"] = ("points", [a[0] for a in at], [a[1] for a in at], um)
    return out


def geo_layers(scen: Scenario, matches: pd.DataFrame, unmatched: pd.DataFrame | None = None,
               not_chosen: pd.DataFrame | None = None) -> dict[str, dict]:
    """The run's layers as GeoJSON FeatureCollections keyed by file stem (see the module)."""
    return {name: _collection(_points(*p[1:]) if p[0] == "points" else p[1])
            for name, p in _layer_parts(scen, matches, unmatched, not_chosen).items()}


def geo_layers_json(scen: Scenario, matches: pd.DataFrame, unmatched: pd.DataFrame | None = None,
                    not_chosen: pd.DataFrame | None = None) -> dict[str, bytes]:
    """`geo_layers` serialised, each layer byte for byte `dumps_compact(geo_layers(...)[name])`;
    the point layers (a national run: 35,000 sites and as many unmatched flows) are written
    from their columns without building a dict per feature (`points_json`)."""
    return {name: points_json(*p[1:]) if p[0] == "points" else dumps_compact(_collection(p[1]))
            for name, p in _layer_parts(scen, matches, unmatched, not_chosen).items()}


_CONTROLS = bytes(range(32))


def _plain(text: str) -> bool:
    """Whether orjson writes the strings joined in `text` unescaped: no quote, backslash or
    control character (no UTF-8 sequence of another character holds one of those bytes)."""
    b = text.encode()
    return b'"' not in b and b"\\" not in b and len(b.translate(None, _CONTROLS)) == len(b)


def _fragments(values: list, kind: str) -> tuple[list[bytes], bool]:
    """Each JSON-ready value (`_column`) as orjson writes it inside a document, one call for
    the column where the cuts are unambiguous; and whether the fragments are string contents
    whose quotes the caller writes. `kind`: "number" (numbers, booleans, nulls), "str"
    (strings only), "text" (strings and nulls) or anything else."""
    import orjson

    if kind == "number":
        # numbers, booleans and nulls hold no comma: one call for the column, then split
        return (orjson.dumps(values)[1:-1].split(b",") if values else []), False
    if (kind == "str" or kind == "text" and all(type(v) is str for v in values)) and _plain("".join(values)):
        # strings without a character orjson escapes: its only quotes are the delimiters
        return orjson.dumps(values)[2:-2].split(b'","'), True
    opt = orjson.OPT_SERIALIZE_NUMPY
    return [orjson.dumps(v, default=_json_default, option=opt) for v in values], False


def _column_kind(values: pd.Series) -> tuple[list, str]:
    """`_column(values)` and its kind for `_fragments`; a text column (pandas' string dtype)
    with no missing cell is its cells as they are, known to be strings without a check."""
    if isinstance(values.dtype, pd.StringDtype) and not values.isna().any():
        return values.to_numpy(object).tolist(), "str"
    return _column(values), _kind(values)


def _kind(values: pd.Series) -> str:
    t = values.dtype
    if pd.api.types.is_bool_dtype(t) or pd.api.types.is_integer_dtype(t) or pd.api.types.is_float_dtype(t):
        return "number"
    return "text" if pd.api.types.is_string_dtype(t) else "object"


def points_json(lon, lat, frame: pd.DataFrame) -> bytes:
    """`dumps_compact(_collection(_points(lon, lat, frame)))`, byte for byte, from the columns:
    each column is serialised once (orjson; a column of numbers in one call) and each feature
    is one bytes %-format of its fragments (building 35,000 nested dicts per layer and
    serialising them took 5-8 times as long)."""
    import orjson

    if len(frame.columns) == 0:  # as `_records`: no properties, no features
        return dumps_compact(_collection([]))
    lons, _ = _fragments([round(v, 6) for v in np.asarray(lon, float).tolist()], "number")
    lats, _ = _fragments([round(v, 6) for v in np.asarray(lat, float).tolist()], "number")
    cols, quoted = zip(*(_fragments(*_column_kind(frame[c])) for c in frame.columns))
    props = b",".join(orjson.dumps(str(c)).replace(b"%", b"%%") + (b':"%b"' if q else b":%b")
                      for c, q in zip(frame.columns, quoted))
    fmt = b'{"type":"Feature","geometry":{"type":"Point","coordinates":[%b,%b]},"properties":{' + props + b"}}"
    feats = [fmt % row for row in zip(lons, lats, *cols)]
    return b'{"type":"FeatureCollection","features":[' + b",".join(feats) + b"]}\n"


def corridor_layer(corridors: pd.DataFrame, scen: Scenario | None = None) -> dict:
    """The network corridors built (`Statistics.corridors()`) as LineStrings from end to end,
    with their ends' names (`from_name`, `to_name`) where `scen` is given."""
    props = [c for c in corridors.columns if c not in ("from_lat", "from_lon", "to_lat", "to_lon")]
    names = _names(scen, corridors) if scen is not None else {}
    feats = []
    for rec in corridors.to_dict("records"):
        coords = [[round(float(rec["from_lon"]), 6), round(float(rec["from_lat"]), 6)],
                  [round(float(rec["to_lon"]), 6), round(float(rec["to_lat"]), 6)]]
        said = {} if scen is None else {"from_name": names.get(str(rec["from"]), str(rec["from"])),
                                        "to_name": names.get(str(rec["to"]), str(rec["to"]))}
        feats.append({"type": "Feature", "geometry": {"type": "LineString", "coordinates": coords},
                      "properties": {**{k: _clean(rec[k]) for k in props}, **said}})
    return _collection(feats)
