"""Scenario sweeps: many solves of one base scenario over a grid and/or Monte Carlo draws of
its parameters, run on Dask, collected in one tidy table, restartable.

A sweep file (YAML)::

    base: ../zae_example/scenario.yaml     # relative to the sweep file
    grid:                                  # every combination (cartesian product)
      carbon_price_eur_per_t: [50, 100, 200]        # EUR/tCO2
      discount_rate: [0.03, 0.08]                   # 1/yr
      prices: {heat: [0.8, 1.2]}                    # multiplier on price_eur_per_unit of every heat flow
      max_distance_km: {heat: [5, 10]}              # km, the radius of the flows of a resource
      availability: [0.8, 1.0]                      # multiplier on every supply amount
    monte_carlo:                           # n draws, combined with every grid point
      n: 50
      seed: 1
      parameters:
        carbon_price_eur_per_t: {dist: uniform, low: 50, high: 250}
        prices.heat: {dist: normal, mean: 1.0, sd: 0.1, min: 0.5}
        availability: {dist: triangular, low: 0.7, mode: 0.9, high: 1.0}

Parameter names: the scalar scenario parameters (carbon_price_eur_per_t, discount_rate,
lifetime_years, electricity_price_eur_per_mwh, electricity_co2_t_per_mwh where the
scenario has them), `prices.<resource>` (multiplier), `max_distance_km.<resource>` (km),
`availability` (multiplier on all supplies) and `availability.<resource>`. In the grid,
`prices`, `max_distance_km` and `availability` may also be written as mappings per resource.
Distributions: uniform (low, high), normal (mean, sd), triangular (low, mode, high), each
optionally clipped to [min, max]. Draws are made in sorted parameter order from
`numpy.random.default_rng(seed)`, so a sweep file always gives the same runs.

Every run has a deterministic id: a hash of its parameters and of the base scenario's input
files. Its outputs go to OUT/runs/<id>/ (`output.write_run`, with the run's parameters in
summary.json under `sweep`); a run whose summary.json exists is finished and is not redone
when the sweep is started again, so a killed sweep resumes where it stopped. OUT/results.csv
has one row per run: run_id, the parameters, status, objective, bound, gap, totals, seconds.

Runs go to a Dask cluster: a LocalCluster (2 worker processes, 1 thread each) by default,
or an existing scheduler by address. Workers must be able to import eitflow and to write
OUT (a shared filesystem on a multi-machine cluster).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from eitflow.scenario import Parameters, Scenario
from eitflow.sweep.spec import Sweep, SweepError, check_name, load_sweep

RESULT_COLUMNS = ["status", "objective", "objective_unit", "bound", "gap", "net_benefit_eur_per_yr",
                  "co2_avoided_t_per_yr", "investment_eur", "n_links", "seconds", "computed", "message"]


def inputs_digest(scen: Scenario) -> str:
    """sha256 of the base scenario's input files (empty string for an in-memory scenario)."""
    h = hashlib.sha256()
    for p in ([scen.source] if scen.source else []) + [scen.files[k] for k in sorted(scen.files)]:
        if p is not None and Path(p).exists():
            h.update(Path(p).read_bytes())
    return h.hexdigest() if scen.source else ""


def run_id(params: dict[str, float], digest: str = "") -> str:
    """Deterministic id of a run: 'r' + 12 hex digits of the hash of its parameters and inputs."""
    text = json.dumps({"parameters": {k: float(v) for k, v in sorted(params.items())}, "inputs": digest},
                      sort_keys=True, separators=(",", ":"))
    return "r" + hashlib.sha256(text.encode()).hexdigest()[:12]


def apply_parameters(scen: Scenario, params: dict[str, float]) -> Scenario:
    """A copy of `scen` with the sweep parameters applied (the base is not modified).

    Scalars replace the scenario parameter; `prices.<r>` multiplies price_eur_per_unit of
    every flow of resource r; `max_distance_km.<r>` sets the radius of the flows of r (km; a flow's own max_distance_km wins);
    `availability[.<r>]` multiplies supply amounts (and their amount_input).
    """
    flows = scen.flows.copy()
    cat = dict(scen.catalogue)
    upd: dict[str, Any] = {}
    maxd = dict(scen.params.max_distance_km)
    is_sup = (flows["direction"] == "supply").to_numpy()
    res = flows["resource"].to_numpy()
    for name, val in params.items():
        check_name(name)
        head, _, r = name.partition(".")
        if r and r not in cat:
            raise SweepError(f"sweep parameter '{name}': unknown resource '{r}'")
        if head == "prices":
            m = res == r
            flows.loc[m, "price_eur_per_unit"] = flows.loc[m, "price_eur_per_unit"].to_numpy(float) * val
        elif head == "availability":
            if not val > 0:
                raise SweepError(f"sweep parameter '{name}' must be > 0, got {val}")
            m = is_sup & ((res == r) if r else True)
            for col in ("amount", "amount_input"):
                if col in flows:
                    flows.loc[m, col] = flows.loc[m, col].to_numpy(float) * val
        elif head == "max_distance_km":
            if not val > 0:
                raise SweepError(f"sweep parameter '{name}' must be > 0 km, got {val}")
            maxd[r] = float(val)
            cat[r] = cat[r].model_copy(update={"max_distance_km": float(val)})
        else:
            upd[head] = float(val)
    if maxd != scen.params.max_distance_km:
        upd["max_distance_km"] = maxd
    try:
        new_params = Parameters.model_validate({**scen.params.model_dump(), **upd})
    except Exception as exc:  # pydantic ValidationError: out-of-range value
        raise SweepError(f"sweep parameters {params}: {exc}") from None
    return dataclasses.replace(scen, flows=flows, catalogue=cat, params=new_params)


def row_from_summary(summary: dict, computed: bool) -> dict:
    """The results-table fields of a run's summary.json."""
    tot = summary.get("totals") or {}
    counts = summary.get("counts") or {}
    secs = sum(v for v in (summary.get("timings_s") or {}).values() if isinstance(v, (int, float)))
    return {"status": summary.get("status"), "objective": summary.get("objective"),
            "objective_unit": summary.get("objective_unit"), "bound": summary.get("bound"),
            "gap": summary.get("gap"), "net_benefit_eur_per_yr": tot.get("net_benefit_eur_per_yr"),
            "co2_avoided_t_per_yr": tot.get("co2_avoided_t_per_yr"), "investment_eur": tot.get("investment_eur"),
            "n_links": counts.get("chosen_links"), "seconds": round(secs, 4), "computed": computed,
            "message": summary.get("message", "")}


def run_one(scen: Scenario, params: dict[str, float], out_dir: str | Path, rid: str) -> dict:
    """Solve one run and write its directory; never raises (errors become status 'error',
    with no summary.json, so a resumed sweep tries the run again)."""
    from eitflow.pipeline import optimise
    from eitflow.results.rundir import write_run

    t0 = time.perf_counter()
    try:
        res = optimise(apply_parameters(scen, params))
        res.summary["sweep"] = {"run_id": rid, "parameters": params}
        write_run(res, out_dir, force=True)
        return row_from_summary(res.summary, computed=True)
    except Exception as exc:  # reported in the table; the sweep goes on
        return {**{c: None for c in RESULT_COLUMNS}, "status": "error", "computed": True,
                "seconds": round(time.perf_counter() - t0, 4), "message": f"{type(exc).__name__}: {exc}"}


def finished(run_dir: Path) -> dict | None:
    """summary.json of a finished run directory (`results.rundir.read_summary`), or None."""
    from eitflow.results.rundir import RunDirError, read_summary

    try:
        return read_summary(run_dir)
    except (RunDirError, OSError):
        return None


def plan(sweep: Sweep, scen: Scenario) -> pd.DataFrame:
    """One row per run: run_id and its parameters, in sweep order."""
    digest = inputs_digest(scen)
    names = sorted({k for r in sweep.runs for k in r})
    rows = [{"run_id": run_id(p, digest), **{n: p.get(n, np.nan) for n in names}} for p in sweep.runs]
    df = pd.DataFrame(rows, columns=["run_id", *names])
    dup = df["run_id"].duplicated()
    return df[~dup].reset_index(drop=True)


class _Lines:
    """Progress as one line per finished run on stderr (when tqdm is not installed)."""

    def __init__(self, total: int, done: int):
        self.total, self.n = total, done

    def update(self, k: int) -> None:
        self.n += k

    def set_postfix_str(self, text: str) -> None:
        print(f"sweep: {self.n}/{self.total} {text}", file=sys.stderr, flush=True)

    def close(self) -> None:
        pass


def _progress(total: int, done: int, enabled: bool):
    """A tqdm bar when tqdm is installed, else one line per finished run on stderr."""
    if not enabled:
        return None
    try:
        from tqdm import tqdm
    except ImportError:  # pragma: no cover
        return _Lines(total, done)
    return tqdm(total=total, initial=done, desc="sweep", unit="run", file=sys.stderr)


def _client(scheduler: str | None, n_workers: int, processes: bool):
    from dask.distributed import Client, LocalCluster

    if scheduler:
        return Client(scheduler), None
    cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=processes, dashboard_address=None)
    return Client(cluster), cluster


def run_sweep(sweep: Sweep | str | Path, out: str | Path, scheduler: str | None = None, n_workers: int = 2,
              processes: bool = True, client=None, progress: bool = True) -> pd.DataFrame:
    """Run every run of `sweep` not yet finished in `out` and return (and write to
    out/results.csv) the table of all runs, in sweep order.

    `client`: an existing dask.distributed Client (else one is made: `scheduler` address, or
    a LocalCluster of `n_workers` processes, or threads when `processes` is False).
    Column `computed` is True for runs solved now, False for runs read back from a previous
    attempt. Scenario errors in the base raise `ScenarioError` before anything runs.
    """
    from eitflow.io.read import read_scenario

    sw = load_sweep(sweep) if not isinstance(sweep, Sweep) else sweep
    out = Path(out)
    scen = read_scenario(sw.base)
    table = plan(sw, scen)
    params_of = {rid: {k: float(v) for k, v in row.items() if k != "run_id" and pd.notna(v)}
                 for rid, row in zip(table["run_id"], table.to_dict("records"))}
    runs_dir = out / "runs"
    runs_dir.mkdir(parents=True, exist_ok=True)
    results: dict[str, dict] = {}
    todo = []
    for rid in table["run_id"]:
        s = finished(runs_dir / rid)
        if s is not None:
            results[rid] = row_from_summary(s, computed=False)
        else:
            todo.append(rid)
    bar = _progress(len(table), len(results), progress)
    if todo:
        own_client = own_cluster = None
        if client is None:
            client, own_cluster = _client(scheduler, n_workers, processes)
            own_client = client
        try:
            from dask.distributed import as_completed

            base = client.scatter(scen, broadcast=True)
            futs = {client.submit(run_one, base, params_of[rid], str(runs_dir / rid), rid, key=f"eitflow-run-{rid}",
                                  pure=False): rid for rid in todo}
            for fut in as_completed(futs):
                rid = futs[fut]
                try:
                    results[rid] = fut.result()
                except Exception as exc:  # a worker died: the run is retried on resume
                    results[rid] = {**{c: None for c in RESULT_COLUMNS}, "status": "error", "computed": True,
                                    "message": f"{type(exc).__name__}: {exc}"}
                if bar is not None:
                    bar.update(1)
                    bar.set_postfix_str(f"{rid} {results[rid]['status']}")
        finally:
            if own_client is not None:
                own_client.close()
            if own_cluster is not None:
                own_cluster.close()
    if bar is not None:
        bar.close()
    res = pd.DataFrame([results[rid] for rid in table["run_id"]], columns=RESULT_COLUMNS)
    df = pd.concat([table, res], axis=1)
    tmp = out / ".results.csv.tmp"
    from eitflow.results.spreadsheet import neutralise_frame

    neutralise_frame(df).to_csv(tmp, index=False, float_format="%.10g", lineterminator="\n")
    tmp.replace(out / "results.csv")
    return df


