"""The measures of `eitflow bench sweep` (the command sits beside the harness's): how fast a
sweep runs on a local Dask cluster against a plain loop, what the client's memory does over
the sweep, and the cost of a run outside the solver; and one national scenario solved over
a 2-worker local cluster against `--workers 2`.

Every measure is repeated and interleaved (loop, sweep, loop, sweep...) because the machine
is shared: the load average is recorded before each measure and medians are reported.

* loop: a plain loop in this process over the same runs: `optimise(apply_parameters(...),
  duals=False)` and the same three files a sweep run directory holds (summary.json,
  matches.csv, unmatched.csv), written one after the other;
* sweep: `run_sweep` on a LocalCluster of `workers` processes (its start-up timed apart:
  `cluster_start_s`), and in this process (`--workers 0`: the sweep's own overhead);
* client memory: resident set of this process sampled every 0.2 s during the sweep;
* CPU per run (this process and its children: the LocalCluster's workers): on a machine
  shared with other work, runs/s measures what the others leave; the loop's CPU per run
  against the cluster's says what `workers` free cores would give (`projected_on_free_cores`);
* per run outside the solver: on the worker, the run's wall time less the solve stage
  (`seconds_run - seconds_solve`: parameters, candidates, model, result tables, files) and
  less `optimise` (what the sweep adds), and on the client, the in-process sweep's wall time
  less the runs' (writing the files and the tables).
"""

from __future__ import annotations

import os
import statistics
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]  # the repository (bench runs from a checkout)

SMALL = REPO / "scenarios" / "zae_example" / "scenario.yaml"


def _sweep_file(root: Path, runs: int, seed: int = 1) -> Path:
    """A Monte Carlo sweep of the bundled business park: `runs` draws of the carbon price,
    the heat price and the supplies' availability."""
    p = root / "sweep.yaml"
    p.write_text(f"name: bench sweep\nbase: {SMALL}\nmonte_carlo:\n  n: {runs}\n  seed: {seed}\n  parameters:\n"
                 "    carbon_price_eur_per_t: {dist: uniform, low: 30, high: 250}\n"
                 "    prices.heat: {dist: uniform, low: 0.6, high: 1.4}\n"
                 "    availability: {dist: triangular, low: 0.6, mode: 0.9, high: 1.0}\n", encoding="utf-8")
    return p


class _Memory:
    """Resident set of this process (MB), sampled in a thread."""

    def __init__(self, every: float = 0.2):
        import psutil

        self.proc, self.every, self.samples = psutil.Process(), every, []
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        t0 = time.monotonic()
        while not self._stop.is_set():
            self.samples.append((time.monotonic() - t0, self.proc.memory_info().rss / 2**20))
            self._stop.wait(self.every)

    def __enter__(self):
        self._t.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._t.join()

    def summary(self) -> dict:
        """Start, peak and end (MB), and the growth over the second half (MB per minute)."""
        if len(self.samples) < 4:
            return {}
        t = [s[0] for s in self.samples]
        m = [s[1] for s in self.samples]
        half = len(m) // 2
        slope = (m[-1] - m[half]) / max(t[-1] - t[half], 1e-9) * 60
        return {"start_mb": round(m[0], 1), "peak_mb": round(max(m), 1), "end_mb": round(m[-1], 1),
                "second_half_growth_mb_per_min": round(slope, 2), "samples": len(m)}


def _cpu_s() -> float:
    """CPU seconds (user + system) of this process and its living children (a LocalCluster's
    nannies and workers)."""
    import psutil

    me = psutil.Process()
    total = 0.0
    for p in [me, *me.children(recursive=True)]:
        try:
            t = p.cpu_times()
            total += t.user + t.system
        except psutil.Error:  # a child that just ended
            pass
    return total


def _loop(sweep, root: Path) -> dict:
    """The plain loop: each run solved and its three files written, one after the other."""
    from eitflow.io.read import read_scenario
    from eitflow.pipeline import optimise
    from eitflow.results.csvtext import FLOAT_FORMAT
    from eitflow.results.rundir import dumps
    from eitflow.sweep.params import apply_parameters

    scen = read_scenario(sweep.base)
    c0 = _cpu_s()
    t0 = time.perf_counter()
    solve = 0.0
    for i, p in enumerate(sweep.runs):
        res = optimise(apply_parameters(scen, p), duals=False)
        solve += res.summary["timings_s"]["solve"]
        d = root / f"r{i}"
        d.mkdir()
        (d / "summary.json").write_text(dumps(res.summary), encoding="utf-8")
        res.matches.to_csv(d / "matches.csv", index=False, float_format=FLOAT_FORMAT, lineterminator="\n")
        res.unmatched.to_csv(d / "unmatched.csv", index=False, float_format=FLOAT_FORMAT, lineterminator="\n")
    wall = time.perf_counter() - t0
    n = len(sweep.runs)
    return {"wall_s": round(wall, 3), "runs_per_s": round(n / wall, 3), "cpu_ms_per_run": round(1000 * (_cpu_s() - c0) / n, 2),
            "outside_solver_ms_per_run": round(1000 * (wall - solve) / n, 2)}


def _sweep(sweep, root: Path, workers: int) -> dict:
    from eitflow.sweep.cluster import make_client
    from eitflow.sweep.run import run_sweep

    t0 = time.perf_counter()
    client = cluster = None
    if workers > 0:
        client, cluster = make_client(None, workers)
        client.wait_for_workers(workers)
    started = time.perf_counter() - t0
    try:
        with _Memory() as mem:
            c0 = _cpu_s()
            t1 = time.perf_counter()
            df = run_sweep(sweep, root / "out", n_workers=workers, client=client, progress=False)
            wall = time.perf_counter() - t1
            cpu = _cpu_s() - c0
    finally:
        if client is not None:
            client.close()
            cluster.close()
    n = len(df)
    run_s, solve_s, opt_s = (df[c].astype(float) for c in ("seconds_run", "seconds_solve", "seconds_optimise"))
    out = {"wall_s": round(wall, 3), "runs_per_s": round(n / wall, 3), "cluster_start_s": round(started, 3),
           "runs_per_s_with_start": round(n / (wall + started), 3), "statuses": df["status"].value_counts().to_dict(),
           # client, scheduler (in the client's process for a LocalCluster) and workers together
           "cpu_ms_per_run": round(1000 * cpu / n, 2),
           "worker_run_ms_median": round(1000 * float(run_s.median()), 2),
           "worker_solve_ms_median": round(1000 * float(solve_s.median()), 2),
           # on the worker, outside the solve stage: parameters, candidates, model, result tables, files
           "worker_outside_solver_ms_median": round(1000 * float((run_s - solve_s).median()), 2),
           # on the worker, outside `optimise`: parameters, totals per resource, the run's files
           "worker_outside_optimise_ms_median": round(1000 * float((run_s - opt_s).median()), 2),
           "client_memory": mem.summary()}
    if workers == 0:  # every run solved here: what is left of the wall time is the client's work
        out["client_ms_per_run"] = round(1000 * (wall - float(run_s.sum())) / n, 2)
    else:  # the cluster's threads busy with runs, against the time they had
        out["workers_busy_share"] = round(float(run_s.sum()) / (wall * workers), 3)
    return out


def _median(rows: list[dict], key: str) -> float | None:
    vals = [r[key] for r in rows if r.get(key) is not None]
    return round(statistics.median(vals), 3) if vals else None


def measure_sweep(runs: int = 1000, workers: int = 2, repeats: int = 3, echo=print, in_process: bool = True) -> dict:
    """Interleaved repeats of the loop, the in-process sweep and the sweep on `workers` local
    worker processes over the same `runs` runs; medians and the ratio sweep / loop. Without
    `in_process` the in-process sweep (which gives the per-run cost outside the solver) is
    left out: the ratio alone, in two thirds of the time, for a short quiet window."""
    from eitflow.sweep.spec import load_sweep

    rows: dict[str, list[dict]] = {"loop": [], "sweep_in_process": [], "sweep_cluster": []}
    with tempfile.TemporaryDirectory(prefix="eitflow-bench-sweep-") as tmp:
        sweep = load_sweep(_sweep_file(Path(tmp), runs))
        for k in range(repeats):
            variants = [("loop", lambda d: _loop(sweep, d)), ("sweep_cluster", lambda d: _sweep(sweep, d, workers))]
            if in_process:
                variants.append(("sweep_in_process", lambda d: _sweep(sweep, d, 0)))
            for name, fn in variants:
                d = Path(tempfile.mkdtemp(dir=tmp))
                load = os.getloadavg()[0]
                r = fn(d)
                r["loadavg_before"] = round(load, 2)
                rows[name].append(r)
                echo(f"  {name} #{k + 1}: {r['runs_per_s']:.2f} runs/s, {r['wall_s']:.1f} s (load {load:.1f})")
    med = {name: {"runs_per_s": _median(rs, "runs_per_s"), "wall_s": _median(rs, "wall_s")} for name, rs in rows.items()}
    med["sweep_cluster"]["runs_per_s_with_start"] = _median(rows["sweep_cluster"], "runs_per_s_with_start")
    med["sweep_cluster"]["cluster_start_s"] = _median(rows["sweep_cluster"], "cluster_start_s")
    for name, rs in rows.items():
        med[name]["cpu_ms_per_run"] = _median(rs, "cpu_ms_per_run")
    loop = med["loop"]["runs_per_s"] or float("nan")
    ratio = {"sweep_cluster_over_loop": round(med["sweep_cluster"]["runs_per_s"] / loop, 3),
             "sweep_cluster_with_start_over_loop": round(med["sweep_cluster"]["runs_per_s_with_start"] / loop, 3),
             "sweep_in_process_over_loop": (round(med["sweep_in_process"]["runs_per_s"] / loop, 3)
                                            if in_process else None),
             # the CPU a run costs in the loop against on the cluster: the speed-up `workers` free
             # cores would give (the shared machine's measured runs/s is bounded by what others leave)
             "cpu_loop_over_cpu_cluster": round(med["loop"]["cpu_ms_per_run"] / med["sweep_cluster"]["cpu_ms_per_run"], 3)}
    ratio["projected_on_free_cores"] = round(workers * ratio["cpu_loop_over_cpu_cluster"], 3)
    ip = rows["sweep_in_process"]
    outside = {"worker_outside_solver_ms": _median(ip, "worker_outside_solver_ms_median"),
               "worker_outside_optimise_ms": _median(ip, "worker_outside_optimise_ms_median"),
               "client_ms": _median(ip, "client_ms_per_run"),
               "loop_outside_solver_ms": _median(rows["loop"], "outside_solver_ms_per_run")}
    # what a sweep adds to a run: the worker's work outside optimise and the client's
    outside["sweep_machinery_ms"] = round((outside["worker_outside_optimise_ms"] or 0) + (outside["client_ms"] or 0), 2)
    # everything but the solve stage (candidates and the result tables included)
    outside["outside_solver_ms"] = round((outside["worker_outside_solver_ms"] or 0) + (outside["client_ms"] or 0), 2)
    if not in_process:  # not measured: no figure rather than a zero
        outside = None
    return {"runs": runs, "workers": workers, "repeats": repeats, "scenario": str(SMALL.relative_to(REPO)),
            "medians": med, "ratios": ratio, "outside_solver_per_run": outside, "repeats_detail": rows,
            "targets": {"sweep_cluster_over_loop": "≥ 1.5", "outside_solver_ms": "≤ 20",
                        "client_memory": "flat"}}


def measure_national(shared: Path, repeats: int = 3, workers: int = 2, radius_km: float = 30.0, echo=print) -> dict:
    """FR heat (Hotmaps FR x communes, as `eitflow import hotmaps`) solved with `workers`
    local processes (`solver.workers`) and over a LocalCluster of as many worker processes
    (`optimise(executor=...)`), interleaved; wall times and objectives."""
    from eitflow.importers.national import build_national_heat_scenario
    from eitflow.io.read import read_scenario
    from eitflow.pipeline import optimise
    from eitflow.sweep.cluster import make_client

    rows: dict[str, list[dict]] = {"workers": [], "cluster": []}
    with tempfile.TemporaryDirectory(prefix="eitflow-bench-national-") as tmp:
        path = build_national_heat_scenario(shared / "data/hotmaps/Industrial_Database.csv",
                                            shared / "data/insee/communes_2024.csv", Path(tmp) / "fr",
                                            country="FR", radius_km=radius_km)
        scen = read_scenario(path)
        scen.params = scen.params.model_copy(update={"solver": scen.params.solver.model_copy(
            update={"workers": workers})})
        client, cluster = make_client(None, workers)
        client.wait_for_workers(workers)
        try:
            executor = client.get_executor(pure=False)
            for k in range(repeats):
                for name in ("workers", "cluster"):
                    load = os.getloadavg()[0]
                    t = time.perf_counter()
                    res = optimise(scen, executor=executor if name == "cluster" else None)
                    wall = time.perf_counter() - t
                    s = res.summary
                    rows[name].append({"wall_s": round(wall, 3), "solve_s": s["timings_s"]["solve"],
                                       "status": s["status"], "objective": s["objective"], "gap": s["gap"],
                                       "components": s["counts"]["components"], "loadavg_before": round(load, 2)})
                    echo(f"  national {name} #{k + 1}: {wall:.1f} s, {s['status']} (load {load:.1f})")
        finally:
            client.close()
            cluster.close()
    med = {name: {"wall_s": _median(rs, "wall_s"), "solve_s": _median(rs, "solve_s")} for name, rs in rows.items()}
    # a time means something only for a run that solved: every run the same status and objective
    same = len({(r["status"], r["objective"]) for rs in rows.values() for r in rs}) == 1
    return {"radius_km": radius_km, "workers": workers, "repeats": repeats, "medians": med, "all_runs_agree": same,
            "ratio_cluster_over_workers_wall": round(med["cluster"]["wall_s"] / med["workers"]["wall_s"], 3),
            "components": rows["workers"][0]["components"] if rows["workers"] else None, "repeats_detail": rows}
