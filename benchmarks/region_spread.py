"""Two commits' synthetic regions over several seeds, side by side: the way to tell two codes'
plans apart on a run whose path is deterministic on a quiet machine (HISTORY, "The region's
dearer plans since stop 51": one region run again gives the same plan to eight digits, so
repeating one seed compares one sample with itself).

For each seed of `bench.netsynth.network_region`, both codes run at once, each in its own
process (one core each on the 2-core machine, as the pairs of HISTORY), through
`pipeline.optimise`. Writes every run (plan, bound, gap, wall clock, load before it; the towns'
first jobs (`solve.netlarge.network_first`: how many, their seconds against their budgets) and the
time the batches' HiGHS solves had after them) and, per
seed, the second code's plan against the first's in percent of the first; the median of those.
A plan is a cost here (negative net benefit): a positive difference is a dearer plan.

    mkdir -p /tmp/a /tmp/b && git archive A src | tar -x -C /tmp/a && git archive B src | tar -x -C /tmp/b
    python benchmarks/region_spread.py /tmp/a/src /tmp/b/src 1,2,3 300 40 out.json

(arguments: the first and second code's src, the seeds, the time limit in s, the number of towns,
the output file). Five seeds of the full region take 25 minutes: run it with the machine to itself.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys

# one run in a child: the code is the child's PYTHONPATH, so each side imports only its own src
CHILD = """
import json, sys, time
import eitflow.solve.netlarge as nl
from eitflow.bench import netsynth
from eitflow.pipeline import optimise
seed, limit, towns = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
scen = netsynth.network_region(n_towns=towns, seed=seed, time_limit_s=limit, mip_gap=0.02)
jobs, large = [], {}
first, whole = nl.network_first, nl.large_networks

def timed_first(arr, opts, deadline, budget, *rest):
    t0 = time.time()
    out = first(arr, opts, deadline, budget, *rest)
    jobs.append({"budget_s": budget, "wall_s": time.time() - t0, "lp_stopped": out[3].get("lp_stopped"),
                 "rounds": out[3].get("rounds")})
    return out

def timed_large(arrays, modes, opts, deadline, *rest):
    t0 = time.time()
    out = whole(arrays, modes, opts, deadline, *rest)
    large.update(start_s=t0 - t, seconds=time.time() - t0, after_s=max(deadline - time.time(), 0.0))
    return out

nl.network_first, nl.large_networks = timed_first, timed_large
t = time.time()
try:
    s = optimise(scen, {}, duals=False).summary
    out = {"status": str(s["status"]), "objective": s.get("objective"), "bound": s.get("bound"), "gap": s.get("gap")}
except Exception as e:   # a failed run is a result too (stop 57's check failures)
    out = {"status": "error", "error": str(e)[:300]}
out["wall_s"] = time.time() - t
# the towns' first jobs (one process, no executor: they run here): how many, past their budget by how
# much; and what the batches' HiGHS solves had after them (the solve's deadline less their end)
over = sorted(j["wall_s"] - j["budget_s"] for j in jobs)
out.update(jobs=len(jobs), jobs_s=sum(j["wall_s"] for j in jobs), budgets_s=sum(j["budget_s"] for j in jobs),
           job_over_median_s=over[len(over) // 2] if over else None, job_over_max_s=over[-1] if over else None,
           lps_stopped=sum(bool(j["lp_stopped"]) for j in jobs), rounds=sum(j["rounds"] or 0 for j in jobs),
           large_start_s=large.get("start_s"), large_s=large.get("seconds"), highs_s=large.get("after_s"))
print(json.dumps(out))
"""


def _start(src: str, seed: int, limit: float, towns: int) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": src}
    return subprocess.Popen([sys.executable, "-c", CHILD, str(seed), str(limit), str(towns)], env=env,
                            stdout=subprocess.PIPE, text=True)


def _result(p: subprocess.Popen) -> dict:
    out, _ = p.communicate()
    lines = [ln for ln in out.splitlines() if ln.startswith("{")]
    return json.loads(lines[-1]) if lines else {"status": "error", "error": f"exit {p.returncode}, no result"}


def main(src_a: str, src_b: str, seeds: list[int], limit: float, towns: int, out: str) -> None:
    runs, diffs = [], []
    for seed in seeds:
        load = os.getloadavg()[0]
        pa, pb = _start(src_a, seed, limit, towns), _start(src_b, seed, limit, towns)
        ra, rb = _result(pa), _result(pb)
        runs.append({"seed": seed, "load_before": load, "a": ra, "b": rb})
        if ra.get("objective") is not None and rb.get("objective") is not None:
            # plans are net benefits (negative here); as costs, b's extra cost in % of a's
            diffs.append(100.0 * (ra["objective"] - rb["objective"]) / abs(ra["objective"]))
        print(json.dumps(runs[-1]), flush=True)
    res = {"a": src_a, "b": src_b, "time_limit_s": limit, "towns": towns, "runs": runs,
           "b_dearer_pct": diffs, "median_b_dearer_pct": statistics.median(diffs) if diffs else None}
    with open(out, "w") as f:
        json.dump(res, f, indent=1)
    print("b's plan dearer than a's by (%):", [round(d, 3) for d in diffs], "median",
          None if not diffs else round(statistics.median(diffs), 3))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], [int(s) for s in sys.argv[3].split(",")], float(sys.argv[4]), int(sys.argv[5]),
         sys.argv[6])
