"""Write a run directory atomically and reproducibly.

Everything is written into a hidden sibling temporary directory, which then replaces
the target with one rename: a crash never leaves a half-written run behind, and an
existing run is never overwritten unless `force=True`. Files are byte-identical for the
same inputs (stable row order, fixed float formatting), except the `timings_s` block of
summary.json.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from eitflow.results.geojson import geojson
from eitflow.results.result import Result

FLOAT_FORMAT = "%.10g"
LINK_KEY = ["source_site", "sink_site", "supply_resource", "demand_resource", "supply_flow_id", "demand_flow_id"]
_MATCH_NUMERIC = ["amount", "net_benefit_eur_per_yr", "co2_avoided_t_per_yr", "investment_eur", "demand_amount"]


class RunExistsError(FileExistsError):
    """The output directory exists and is not empty; pass force=True to replace it."""


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


def dumps(obj) -> str:
    return json.dumps(obj, indent=2, sort_keys=False, ensure_ascii=False, default=_json_default) + "\n"


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def check_target(out: Path, force: bool) -> None:
    if out.exists() and (not out.is_dir() or any(out.iterdir())) and not force:
        raise RunExistsError(f"{out} already exists and is not empty; choose another --out or pass --force")


def write_run(result: Result, out: str | Path, force: bool = False) -> Path:
    """Write matches.csv, unmatched.csv, summary.json, synergies.geojson and inputs/ into `out`.

    When the solve produced no solution, only summary.json (status and reason) and the
    inputs are written: no table is presented as a result.
    """
    out = Path(out)
    check_target(out, force)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    t0 = time.perf_counter()
    try:
        summary = dict(result.summary)
        has_solution = summary.get("objective") is not None
        if has_solution:
            result.matches.to_csv(tmp / "matches.csv", index=False, float_format=FLOAT_FORMAT, lineterminator="\n")
            result.unmatched.to_csv(tmp / "unmatched.csv", index=False, float_format=FLOAT_FORMAT,
                                    lineterminator="\n")
            (tmp / "synergies.geojson").write_text(dumps(geojson(result.scenario, result.matches)), encoding="utf-8")
            from eitflow.results.economics import company_benefits, price_bands
            price_bands(result).to_csv(tmp / "price_bands.csv", index=False, float_format=FLOAT_FORMAT,
                                       lineterminator="\n")
            company_benefits(result).to_csv(tmp / "companies.csv", index=False, float_format=FLOAT_FORMAT,
                                            lineterminator="\n")
            if result.hubs is not None:
                result.hubs.to_csv(tmp / "hubs.csv", index=False, float_format=FLOAT_FORMAT, lineterminator="\n")
            if result.heat_levels is not None:
                result.heat_levels.to_csv(tmp / "heat_levels.csv", index=False, float_format=FLOAT_FORMAT,
                                          lineterminator="\n")
        inputs = {}
        scen = result.scenario
        if scen.source is not None:
            (tmp / "inputs").mkdir()
            for key, p in [("scenario", scen.source), *sorted(scen.files.items())]:
                if p.exists():
                    shutil.copy2(p, tmp / "inputs" / f"{key}{p.suffix}")
                    inputs[key] = {"path": str(p), "sha256": sha256(p)}
        summary["inputs"] = inputs
        summary["timings_s"] = {**summary.get("timings_s", {}), "write": round(time.perf_counter() - t0, 4)}
        (tmp / "summary.json").write_text(dumps(summary), encoding="utf-8")
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
            os.replace(out, old / "run")
            os.replace(tmp, out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out


def read_run(run_dir: str | Path) -> tuple[dict, pd.DataFrame, pd.DataFrame | None]:
    """(summary.json, matches.csv (empty when the run has no solution), sites of inputs/ or None)."""
    run_dir = Path(run_dir)
    summ_path = run_dir / "summary.json"
    if not summ_path.exists():
        raise FileNotFoundError(f"{run_dir} is not a run directory (no summary.json)")
    summary = json.loads(summ_path.read_text(encoding="utf-8"))
    mp = run_dir / "matches.csv"
    if mp.exists():
        matches = pd.read_csv(mp, dtype={c: str for c in LINK_KEY + ["unit", "demand_unit", "mode"]},
                              keep_default_na=False)
        for c in _MATCH_NUMERIC:
            matches[c] = pd.to_numeric(matches[c])
    else:
        matches = pd.DataFrame(columns=LINK_KEY + ["unit", "demand_unit"] + _MATCH_NUMERIC)
    sites = None
    sp = run_dir / "inputs" / "sites.csv"
    if sp.exists():
        from eitflow.io.tables import read_table

        sites = read_table(sp)
        if "zone" not in sites:
            sites["zone"] = ""
    return summary, matches, sites


