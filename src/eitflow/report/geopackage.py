"""One GeoPackage of a run for QGIS: layers sites, hubs, exchanges, candidates, unmatched, corridors
(shared networks), plots (a siting's, `eitflow site`: what was placed on each), zones.

The layers are the run directory's GeoJSON files (one geometry type each, `results.geojson`)
and the scenario's zone outlines (the run's copy in inputs/, as MultiPolygon), written through
pyogrio (GDAL's vector drivers, the optional ``geo`` extra: ``pip install 'eitflow[geo]'``)
in WGS84 (EPSG:4326). A layer with no feature (no hub, every link chosen) is left out:
GeoPackage has no empty layer of an unknown type.
"""

from __future__ import annotations

from pathlib import Path

from eitflow.i18n import Phrase
from eitflow.io.runinputs import run_input
from eitflow.results.rundir import GEOJSON_FILES

LAYERS = ["sites", "hubs", "exchanges", "candidates", "unmatched", "corridors", "plots"]


class GeoExtraMissing(RuntimeError):
    """pyogrio is not installed (the optional `geo` extra)."""


def _pyogrio():
    try:
        import pyogrio
        import pyogrio.raw
    except ImportError:
        raise GeoExtraMissing(Phrase("gpkg_needs_geo")) from None
    return pyogrio


def write_geopackage(run_dir: str | Path, path: str | Path | None = None) -> Path:
    """Write `path` (default RUN_DIR/eitflow.gpkg) with one layer per GeoJSON file of the run
    and a `zones` layer when the scenario has zone outlines; the file is replaced atomically."""
    pyogrio = _pyogrio()
    run_dir = Path(run_dir)
    out = Path(path) if path is not None else run_dir / "eitflow.gpkg"
    sources = [(name, run_dir / f"{GEOJSON_FILES.get(name, name)}.geojson") for name in LAYERS]
    zones = run_input(run_dir, "zones")
    if zones is not None:
        sources.append(("zones", zones))
    tmp = out.with_name(f".{out.stem}.tmp.gpkg")  # GDAL wants the .gpkg extension
    tmp.unlink(missing_ok=True)
    written = 0
    for name, src in sources:
        if not src.exists():
            continue
        meta, _, geometry, field_data = pyogrio.raw.read(src)
        if geometry is None or len(geometry) == 0:
            continue
        gtype = meta["geometry_type"]
        if name == "zones":  # Polygon and MultiPolygon features in one layer: all MultiPolygon
            gtype = "MultiPolygon"
        pyogrio.raw.write(tmp, geometry, field_data, fields=meta["fields"], layer=name, driver="GPKG",
                          geometry_type=gtype, crs="EPSG:4326", append=written > 0,
                          promote_to_multi=name == "zones")
        written += 1
    if written == 0:
        raise ValueError(Phrase("gpkg_no_layer", run=str(run_dir)))
    tmp.replace(out)
    return out
