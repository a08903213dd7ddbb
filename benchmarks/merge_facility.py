"""Merge the runs of `benchmarks/facility_capabc.sh` into one reference JSON: per case the
published optimum, eitflow's repeats and plain HiGHS's (weak and strong formulations), each
with its distance to the optimum (share of it, + = worse), proven gap, wall time and load;
medians over the repeats; and the counts the issue's target reads (within 1 % of the
optimum, proven gap under 3 %).

    python benchmarks/merge_facility.py OUT.json DIR [DIR...]
"""

import json
import statistics
import sys
from pathlib import Path

from eitflow.bench.machine import metadata

out, dirs = Path(sys.argv[1]), [Path(d) for d in sys.argv[2:]]


def _eitflow(path: Path, published: float) -> dict:
    c = json.loads(path.read_text())["cases"][0]
    obj, bound = c.get("objective"), c.get("bound")
    return {"run": path.stem.rsplit("-", 1)[1], "status": c["status"], "objective": obj, "bound": bound,
            "above_optimum": None if obj is None else (published - obj) / abs(published),
            "gap": c.get("gap"), "wall_s": c.get("wall_s"), "solve_s": c["timings_s"].get("solve"),
            "candidates_s": c["timings_s"].get("candidates"), "loadavg_at_start": c.get("loadavg_at_start")}


def _med(xs: list) -> float | None:
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


plain: dict[str, dict[str, list]] = {}
for d in dirs:
    f = d / "plain.jsonl"
    for line in f.read_text().splitlines() if f.exists() else []:
        r = json.loads(line)
        plain.setdefault(r["case"], {}).setdefault(r["form"], []).append(
            {"status": r["status"], "objective": r["objective"], "bound": r["bound"],
             "above_optimum": r["primal_vs_opt"], "gap": r["gap"], "seconds": r["seconds"],
             "loadavg_at_start": r["loadavg_start"]})
cases: dict[str, dict] = {}
for d in dirs:
    for p in sorted(d.glob("*-e[0-9].json")):
        name = p.stem.rsplit("-", 1)[0]
        # the published optimum, as the plain runs carry it (eitflow's maximised objective)
        lines = (d / "plain.jsonl").read_text().splitlines() if (d / "plain.jsonl").exists() else []
        published = next((json.loads(line)["published"] for line in lines if json.loads(line)["case"] == name), None)
        if published is None:
            ref = json.loads(p.read_text())["cases"][0].get("reference") or {}
            published = ref.get("value")
        case = cases.setdefault(name, {"published_optimum": published, "eitflow": []})
        case["eitflow"].append(_eitflow(p, published))
summary = {"cases": len(cases), "eitflow_runs": 0, "runs_within_1pct": 0, "runs_gap_under_3pct": 0}
for name, case in cases.items():
    runs = case["eitflow"]
    case["plain_highs"] = plain.get(name, {})
    case["median"] = {"eitflow_above_optimum": _med([r["above_optimum"] for r in runs]),
                      "eitflow_gap": _med([r["gap"] for r in runs]),
                      "eitflow_worst_above_optimum": max((r["above_optimum"] for r in runs
                                                          if r["above_optimum"] is not None), default=None)}
    for form, rs in case["plain_highs"].items():
        case["median"][f"plain_{form}_above_optimum"] = _med([r["above_optimum"] for r in rs])
        case["median"][f"plain_{form}_gap"] = _med([r["gap"] for r in rs])
    summary["eitflow_runs"] += len(runs)
    summary["runs_within_1pct"] += sum(r["above_optimum"] is not None and r["above_optimum"] <= 0.01 for r in runs)
    summary["runs_gap_under_3pct"] += sum(r["gap"] is not None and r["gap"] < 0.03 for r in runs)
data = {"format": "eitflow-bench-facility-capabc/1", **metadata(),
        "options": {"time_limit_s": 60,
                    "order_per_case": ("eitflow, weak, eitflow, strong, eitflow" if plain else
                                       "eitflow only (STEPS=e1: no plain HiGHS runs in these directories)"),
                    "command": "benchmarks/facility_capabc.sh DIR [CASES]; python benchmarks/merge_facility.py OUT DIR..."},
        "summary": summary, "cases": cases}
out.write_text(json.dumps(data, indent=2) + "\n")
print(json.dumps(summary))
