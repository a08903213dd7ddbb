"""One GeoPackage of a run for QGIS: layers sites, hubs, exchanges, candidates, unmatched, corridors
(shared networks), plots (a siting's, `eitflow site`: what was placed on each), zones.

The layers are the run directory's GeoJSON files (one geometry type each, `results.geojson`)
and the scenario's zone outlines (the run's copy in inputs/: one MultiPolygon per zone, its
outlines together, with the zone's totals of zones.csv, `results.rundir.read_zones`: the
report's and the CSV's figures, one place for each; before, the outlines alone), written through
pyogrio (GDAL's vector drivers, the optional ``geo`` extra: ``pip install 'eitflow[geo]'``)
in WGS84 (EPSG:4326). A layer with no feature (no hub, every link chosen) is left out:
GeoPackage has no empty layer of an unknown type.
"""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np

from eitflow.i18n import Phrase
from eitflow.io.atomic import replacing
from eitflow.io.runinputs import run_input
from eitflow.report.ourfiles import GPKG_METADATA
from eitflow.results.rundir import GEOJSON_FILES, read_zones
from eitflow.results.zones import ZONE_COLUMNS

LAYERS = ["sites", "hubs", "exchanges", "candidates", "unmatched", "corridors", "plots"]
#: the GeoPackage's name in a run directory
GPKG_NAME = "eitflow.gpkg"


class GeoExtraMissing(RuntimeError):
    """pyogrio is not installed (the optional `geo` extra)."""


def _pyogrio():
    try:
        import pyogrio
        import pyogrio.raw
    except ImportError:
        raise GeoExtraMissing(Phrase("gpkg_needs_geo")) from None
    return pyogrio


def _multipolygon_wkb(polys: list) -> bytes:
    """Well-known binary (little-endian) of a MultiPolygon: polygons of rings of [lon, lat]."""
    out = [struct.pack("<BII", 1, 6, len(polys))]
    for poly in polys:
        out.append(struct.pack("<BII", 1, 3, len(poly)))
        for ring in poly:
            out.append(struct.pack("<I", len(ring)) + b"".join(struct.pack("<dd", p[0], p[1]) for p in ring))
    return b"".join(out)


def _zone_layer(run_dir: Path, outlines: Path) -> tuple[np.ndarray, list[np.ndarray], list[str]]:
    """(geometries, field data, fields) of the zones layer: one feature per zone with an outline,
    its columns those of zones.csv (empty where the run has no solution, hence no zones.csv)."""
    from eitflow.io.zones import read_zone_shapes

    shapes = read_zone_shapes(outlines, str(outlines))
    per_zone = read_zones(run_dir).drop_duplicates("zone").set_index("zone")
    names = [z["name"] for z in shapes]
    geometry = np.array([_multipolygon_wkb(z["polys"]) for z in shapes], dtype=object)
    data = [np.array(names, dtype=object)]
    for c in ZONE_COLUMNS[1:]:
        col = per_zone[c].reindex(names) if c in per_zone else None
        if c == "allocation":
            data.append(np.full(len(names), "", object) if col is None else col.fillna("").to_numpy(object))
        elif col is None or col.isna().any():
            data.append(np.full(len(names), np.nan) if col is None else col.to_numpy(float))
        else:   # the counts as integers, the money and tonnes as reals, as in zones.csv
            data.append(col.to_numpy(np.int64 if c.startswith(("n_", "links_")) else float))
    return geometry, data, list(ZONE_COLUMNS)


def layer_names() -> list[str]:
    """Every layer a GeoPackage of eitflow's may hold: `LAYERS` and the zones."""
    return [*LAYERS, "zones"]


def write_geopackage(run_dir: str | Path, path: str | Path | None = None) -> Path:
    """Write `path` (default RUN_DIR/eitflow.gpkg, `GPKG_NAME`) with one layer per GeoJSON file of
    the run and a `zones` layer when the scenario has zone outlines, saying in its metadata that
    eitflow wrote it (`report.ourfiles.GPKG_METADATA`: the GeoPackage metadata extension, as
    GDAL writes a dataset's metadata); the file is replaced atomically."""
    pyogrio = _pyogrio()
    run_dir = Path(run_dir)
    out = Path(path) if path is not None else run_dir / GPKG_NAME
    sources = [(name, run_dir / f"{GEOJSON_FILES.get(name, name)}.geojson") for name in LAYERS]
    zones = run_input(run_dir, "zones")
    if zones is not None:
        sources.append(("zones", zones))
    with replacing(out, suffix=".gpkg") as tmp:   # GDAL wants the .gpkg extension
        written = 0
        for name, src in sources:
            if not src.exists():
                continue
            if name == "zones":  # Polygon and MultiPolygon outlines of a zone in one MultiPolygon
                geometry, field_data, fields = _zone_layer(run_dir, src)
                gtype = "MultiPolygon"
            else:
                meta, _, geometry, field_data = pyogrio.raw.read(src)
                gtype, fields = meta["geometry_type"], meta["fields"]
            if geometry is None or len(geometry) == 0:
                continue
            pyogrio.raw.write(tmp, geometry, field_data, fields=fields, layer=name, driver="GPKG",
                              geometry_type=gtype, crs="EPSG:4326", append=written > 0,
                              **({} if written else {"dataset_metadata": GPKG_METADATA}))
            written += 1
        if written == 0:
            raise ValueError(Phrase("gpkg_no_layer", run=str(run_dir)))
    return out
