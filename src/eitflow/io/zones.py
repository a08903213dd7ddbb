"""zones.geojson: the real outlines of the scenario's zones (business parks, intercommunalities).

Optional, named in scenario.yaml as ``zones: zones.geojson``. A FeatureCollection of Polygon
or MultiPolygon features in WGS84 longitude/latitude, each with a ``zone`` property (or
``name``) equal to a zone of sites.csv. The report draws these shapes; without the file it
draws no zone outline at all (a hull around a zone's sites would pass for a territory it
is not). Problems are reported with the file, the feature number (1 = first) and the field.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from eitflow.errors import Collector, Problem, ScenarioError, excerpt
from eitflow.i18n import Phrase


def _ring_ok(ring) -> Phrase | None:
    if not isinstance(ring, list) or len(ring) < 4:
        return Phrase("zones_ring_short")
    for p in ring:
        if not (isinstance(p, list) and len(p) >= 2 and all(isinstance(v, (int, float)) for v in p[:2])):
            return Phrase("zones_position")
        lon, lat = p[0], p[1]
        if not (math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90):
            # the numbers as the file writes them, in every language
            return Phrase("zones_not_wgs84", lon=str(lon), lat=str(lat))
    return None


def read_zone_shapes(path: str | Path, label: str | None = None) -> list[dict]:
    """Zone outlines: a list of {"name", "polys"} with polys a list of polygons, each a list
    of rings of [lon, lat]. Raises `ScenarioError` naming the file, feature and field."""
    path = Path(path)
    label = label or path.name
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        # its path, as a missing CSV file's (`io.csvfile`): which directory it was looked for in
        raise ScenarioError(Problem(label, Phrase("file_not_found", path=excerpt(str(path), 200)))) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ScenarioError(Problem(label, Phrase("zones_not_geojson", error=str(exc)))) from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" or \
            not isinstance(data.get("features"), list):
        raise ScenarioError(Problem(label, Phrase("zones_not_collection")))
    col = Collector()
    by_name: dict[str, list] = {}
    for k, feat in enumerate(data["features"], start=1):
        where = Phrase("zones_feature", label=label, k=str(k))
        props = (feat or {}).get("properties") or {}
        name = props.get("zone", props.get("name"))
        if name is None or str(name).strip() == "":
            col.add(where, Phrase("zones_no_name"))
            continue
        geom = (feat or {}).get("geometry") or {}
        gt = geom.get("type")
        coords = geom.get("coordinates")
        polys: list = []
        if gt == "Polygon":
            polys = [coords]
        elif gt == "MultiPolygon":
            polys = coords if isinstance(coords, list) else []
        else:
            col.add(where, Phrase("zones_geometry_type", type=repr(gt)))
            continue
        bad: Phrase | None = None
        if not isinstance(polys, list) or not polys:
            bad = Phrase("zones_empty")
        else:
            for poly in polys:
                if not isinstance(poly, list) or not poly:
                    bad = Phrase("zones_no_ring")
                    break
                for ring in poly:
                    bad = _ring_ok(ring)
                    if bad:
                        break
                if bad:
                    break
        if bad:
            col.add(where, Phrase("zones_geometry", why=bad))
            continue
        by_name.setdefault(str(name).strip(), []).extend(
            [[[[float(p[0]), float(p[1])] for p in ring] for ring in poly] for poly in polys])
    col.raise_if_any()
    return [{"name": n, "polys": p} for n, p in by_name.items()]


def check_zone_names(shapes: list[dict], site_zones, label: str) -> None:
    """Every outline names a zone of sites.csv (a typo would silently draw an orphan shape)."""
    known = {str(z) for z in site_zones if str(z)}
    col = Collector()
    for z in shapes:
        if z["name"] not in known:
            import difflib

            close = difflib.get_close_matches(z["name"], sorted(known), n=1)
            hint = Phrase("val_did_you_mean", close=close[0]) if close else ""
            col.add(label, Phrase("zones_unknown", zone=z["name"], hint=hint))
    col.raise_if_any()
