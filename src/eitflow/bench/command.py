"""The runner `cli` of the benchmark harness: `eitflow run` on scenario files, in a fresh
process timed from outside (the suite `time-limit`)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from eitflow.bench.suites import CaseDef, Context, Prepared


def _sizes(summary: dict) -> dict:
    c = summary["counts"]
    return {k: c.get(k) for k in ("sites", "flows", "supplies", "demands", "candidate_links", "dropped_pairs",
                                   "components", "solver_batches", "variables", "binaries", "constraints",
                                   "chosen_links")}


def _children_cpu_s() -> float:
    import resource

    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def run_command(case: CaseDef, ctx: Context, prep: Prepared, tmp: Path) -> dict:
    """`eitflow run` on the prepared files, in a fresh process timed from outside: the whole
    command against its time limit (README: everything after start-up within the limit +
    2 s; start-up measured apart, as `eitflow --version`). `cpu_share`, the command's CPU
    seconds over its wall seconds, says how busy the machine was: about 1 or more on a
    quiet one (the solver may run in a child beside the main process)."""

    limit = float(ctx.time_limit_s if ctx.time_limit_s is not None else case.solver.get("time_limit_s", 60.0))
    cli = [sys.executable, "-m", "eitflow.cli"]
    starts = []
    for _ in range(3):
        t = time.perf_counter()
        subprocess.run([*cli, "--version"], capture_output=True, timeout=120)
        starts.append(time.perf_counter() - t)
    startup = sorted(starts)[1]
    out = tmp / "run"
    args = [*cli, "run", str(prep.scenario), "--out", str(out), "-q", "--time-limit", f"{limit:g}",
            "--workers", str(ctx.workers)]
    if "mip_gap" in case.solver:
        args += ["--mip-gap", str(case.solver["mip_gap"])]
    cpu0 = _children_cpu_s()
    t = time.perf_counter()
    r = subprocess.run(args, capture_output=True, text=True, timeout=limit * 10 + 120)
    wall = time.perf_counter() - t
    cpu = _children_cpu_s() - cpu0  # the command's CPU seconds, its watchdog children's included
    if not (out / "summary.json").exists():
        raise RuntimeError(f"eitflow run exited {r.returncode}: {(r.stderr or r.stdout)[-800:]}")
    s = json.loads((out / "summary.json").read_text())
    timings = {k: float(s["timings_s"].get(k, 0.0)) for k in ("read", "candidates", "build", "solve", "duals",
                                                                "write")}
    # the rest of the command: result tables, printing (start-up apart)
    timings["results"] = max(0.0, wall - startup - sum(timings.values()))
    over = wall - startup - limit
    return {"sizes": _sizes(s), "timings": timings, "solver": {**case.solver, "time_limit_s": limit},
            "result": {"status": s["status"], "objective": s["objective"], "bound": s["bound"], "gap": s["gap"],
                       "mip_gap_target": s["mip_gap_target"], "objective_unit": s["objective_unit"],
                       "message": s["message"]},
            "command": {"wall_s": round(wall, 3), "startup_s": round(startup, 3), "time_limit_s": limit,
                        "over_limit_s": round(over, 3), "within_limit_plus_2s": over <= 2.0,
                        "cpu_s": round(cpu, 3), "cpu_share": round(cpu / wall, 3) if wall > 0 else None,
                        "omitted": sorted(s.get("omitted", {})), "exit_code": r.returncode}}
