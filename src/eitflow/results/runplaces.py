"""The places of a run directory read back (`results.rundir.read_run`): its sites, candidate hubs
and a network's junctions from the copied inputs (tables or workbook), or from sites.geojson and
hubs.geojson for a scenario built in memory; a place without a location is left out."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

__all__ = ["SITE_COLUMNS", "places_from_geojson", "places_from_inputs"]

SITE_COLUMNS = ["site_id", "kind", "name", "lat", "lon", "sector", "zone"]


def _frame_of_rows(rows: list, kind: str) -> pd.DataFrame:
    head = [str(h).strip() if h is not None else "" for h in rows[0]]
    # a row is as long as its last cell with a value (an .ods row, an empty row between two)
    df = pd.DataFrame([["" if v is None else str(v) for v in (*r[:len(head)], *[None] * (len(head) - len(r)))]
                       for r in rows[1:]], columns=head)
    return df.assign(kind=kind)


# the tables of places a run's inputs may hold: sites, candidate hubs and a network's junctions
_PLACE_TABLES = (("site", "sites"), ("hub", "hubs"), ("junction", "junctions"))


def places_from_inputs(inputs: Path, copies: dict[str, Path]) -> pd.DataFrame | None:
    """Sites, candidate hubs and junctions (kind site | hub | junction) of the copied
    scenario tables (`copies`: `io.runinputs.input_copies`) or workbook, or None."""
    parts = []
    for kind, stem in _PLACE_TABLES:
        csv = copies.get(stem, inputs / f"{stem}.csv")
        if csv.exists():
            from eitflow.io.tables import read_table

            parts.append(read_table(csv, csv.name).assign(kind=kind))
    from eitflow.io.workbook import is_workbook, open_book

    books = sorted(p for p in inputs.iterdir() if is_workbook(p)) if inputs.is_dir() else []
    if not parts and books:
        wb = open_book(books[0], books[0].name)
        names = {n.strip().lower(): n for n in wb.sheetnames}
        for kind, stem in _PLACE_TABLES:
            rows = list(wb[names[stem]].iter_rows(values_only=True)) if stem in names else []
            if rows:
                parts.append(_frame_of_rows(rows, kind))
        wb.close()
    parts = [p.rename(columns={"hub_id": "site_id", "junction_id": "site_id"}) for p in parts]
    parts = [p for p in parts if {"site_id", "lat", "lon"} <= set(p.columns)]
    if not parts:
        return None
    df = pd.concat(parts, ignore_index=True)
    out = pd.DataFrame({"site_id": df["site_id"].astype(str), "kind": df["kind"],
                        "lat": pd.to_numeric(df["lat"].astype(str).str.replace(",", "."), errors="coerce"),
                        "lon": pd.to_numeric(df["lon"].astype(str).str.replace(",", "."), errors="coerce")})
    for c in ("name", "sector", "zone"):
        out[c] = df[c].fillna("").astype(str) if c in df.columns else ""
    out["name"] = out["name"].where(out["name"] != "", out["site_id"])
    out.loc[(out["kind"] == "hub") & (out["sector"] == ""), "sector"] = "hub"
    return out.dropna(subset=["lat", "lon"])[SITE_COLUMNS].reset_index(drop=True)


def places_from_geojson(run_dir: Path) -> pd.DataFrame:
    """Sites (sites.geojson) and hubs (hubs.geojson) of a run whose scenario was built in memory."""
    rows = []
    for stem, kind, key in (("sites", "site", "site_id"), ("hubs", "hub", "hub_id")):
        path = run_dir / f"{stem}.geojson"
        if not path.exists():
            continue
        for feat in json.loads(path.read_text(encoding="utf-8")).get("features", []):
            p = feat.get("properties", {})
            lon, lat = feat["geometry"]["coordinates"][:2]
            rows.append({"site_id": str(p.get(key, "")), "kind": kind,
                         "name": str(p.get("name") or p.get(key, "")), "lat": float(lat), "lon": float(lon),
                         "sector": str(p.get("sector") or ("hub" if kind == "hub" else "")),
                         "zone": str(p.get("zone") or "")})
    return pd.DataFrame(rows, columns=SITE_COLUMNS)
