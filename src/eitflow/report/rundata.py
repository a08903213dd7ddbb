"""What the report reads from a run directory: summary, matches, unmatched, sites."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from eitflow.report.style import resource_colours

MATCH_NUMERIC = ["amount", "distance_km", "net_benefit_eur_per_yr", "co2_avoided_t_per_yr", "investment_eur",
                 "demand_amount", "fixed_eur_per_yr", "value_eur_per_unit"]


UNMATCHED_NUMERIC = ["amount", "remaining"]


class RunDirError(ValueError):
    """The directory is not a readable eitflow run directory."""


@dataclass
class RunData:
    """What the report shows, read back from a run directory."""

    run_dir: Path
    summary: dict
    matches: pd.DataFrame
    unmatched: pd.DataFrame
    sites: pd.DataFrame  # site_id, name, lat, lon, sector, zone
    colours: dict[str, str] = field(default_factory=dict)
    heat_levels: pd.DataFrame | None = None  # heat_levels.csv when the run has heat cascading

    @property
    def has_solution(self) -> bool:
        return self.summary.get("objective") is not None


def _read_csv(path: Path, numeric: list[str]) -> pd.DataFrame:
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    for c in numeric:
        if c in df.columns:
            df[c] = pd.to_numeric(df[c], errors="coerce")
    return df


def _sites_from_geojson(path: Path) -> pd.DataFrame:
    data = json.loads(path.read_text(encoding="utf-8"))
    rows = []
    for feat in data.get("features", []):
        p = feat.get("properties", {})
        if p.get("kind") != "site":
            continue
        lon, lat = feat["geometry"]["coordinates"][:2]
        rows.append({"site_id": str(p.get("site_id", "")), "name": str(p.get("name") or p.get("site_id", "")),
                     "lat": float(lat), "lon": float(lon), "sector": str(p.get("sector") or ""),
                     "zone": str(p.get("zone") or "")})
    return pd.DataFrame(rows, columns=["site_id", "name", "lat", "lon", "sector", "zone"])


def _sites_from_inputs(inputs: Path) -> pd.DataFrame:
    """Sites of a run without a solution (no GeoJSON): the copied sites table or workbook."""
    df = None
    csvs = sorted(inputs.glob("sites.*"))
    if csvs:
        from eitflow.io.tables import read_table

        df = read_table(csvs[0], csvs[0].name)
    else:
        books = sorted(p for p in inputs.glob("*.xlsx"))
        if books:
            from openpyxl import load_workbook

            wb = load_workbook(books[0], read_only=True, data_only=True)
            names = {s.strip().lower(): s for s in wb.sheetnames}
            if "sites" in names:
                rows = list(wb[names["sites"]].iter_rows(values_only=True))
                if rows:
                    head = [str(h).strip() if h is not None else "" for h in rows[0]]
                    df = pd.DataFrame([["" if v is None else str(v) for v in r] for r in rows[1:]],
                                      columns=head)
            wb.close()
    if df is None or not {"site_id", "lat", "lon"} <= set(df.columns):
        return pd.DataFrame(columns=["site_id", "name", "lat", "lon", "sector", "zone"])
    out = pd.DataFrame({
        "site_id": df["site_id"].astype(str),
        "lat": pd.to_numeric(df["lat"].astype(str).str.replace(",", "."), errors="coerce"),
        "lon": pd.to_numeric(df["lon"].astype(str).str.replace(",", "."), errors="coerce"),
    })
    for c in ("name", "sector", "zone"):
        out[c] = df[c].astype(str) if c in df.columns else ""
    out["name"] = out["name"].where(out["name"] != "", out["site_id"])
    out = out.dropna(subset=["lat", "lon"])
    return out[["site_id", "name", "lat", "lon", "sector", "zone"]].reset_index(drop=True)


def load_run(run_dir: str | Path) -> RunData:
    """Read a run directory written by `eitflow run` (or `output.write_run`)."""
    run_dir = Path(run_dir)
    if not run_dir.is_dir():
        raise RunDirError(f"{run_dir}: not a directory (expected a run directory written by 'eitflow run')")
    sp = run_dir / "summary.json"
    if not sp.exists():
        raise RunDirError(f"{run_dir}: no summary.json (expected a run directory written by 'eitflow run')")
    try:
        summary = json.loads(sp.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise RunDirError(f"{sp}: not valid JSON ({exc})") from None
    from eitflow.results.tables import MATCH_COLUMNS
    from eitflow.results.unmatched import UNMATCHED_COLUMNS

    mp, up = run_dir / "matches.csv", run_dir / "unmatched.csv"
    matches = _read_csv(mp, MATCH_NUMERIC) if mp.exists() else pd.DataFrame(columns=MATCH_COLUMNS)
    unmatched = _read_csv(up, UNMATCHED_NUMERIC) if up.exists() else pd.DataFrame(columns=UNMATCHED_COLUMNS)
    gp = run_dir / "synergies.geojson"
    sites = _sites_from_geojson(gp) if gp.exists() else _sites_from_inputs(run_dir / "inputs")
    res = list(matches.get("supply_resource", [])) + list(matches.get("demand_resource", [])) + \
        list(unmatched.get("resource", []))
    hp = run_dir / "heat_levels.csv"
    levels = _read_csv(hp, ["from_c", "to_c", "drawn_mwh_per_yr", "delivered_mwh_per_yr"]) if hp.exists() else None
    return RunData(run_dir=run_dir, summary=summary, matches=matches, unmatched=unmatched, sites=sites,
                   colours=resource_colours(res), heat_levels=levels)


