"""Two commits' synthetic regions over several seeds, side by side: the way to tell two codes'
plans apart on a run whose path is deterministic on a quiet machine (HISTORY, "The region's
dearer plans since stop 51": one region run again gives the same plan to eight digits, so
repeating one seed compares one sample with itself).

For each seed of `bench.netsynth.network_region`, both codes run at once, each in its own
process (one core each on the 2-core machine, as the pairs of HISTORY), through
`pipeline.optimise`. Writes every run (plan, bound, gap, wall clock, load before it) and, per
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
from eitflow.bench import netsynth
from eitflow.pipeline import optimise
seed, limit, towns = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
scen = netsynth.network_region(n_towns=towns, seed=seed, time_limit_s=limit, mip_gap=0.02)
t = time.time()
try:
    s = optimise(scen, {}, duals=False).summary
    out = {"status": str(s["status"]), "objective": s.get("objective"), "bound": s.get("bound"), "gap": s.get("gap")}
except Exception as e:   # a failed run is a result too (stop 57's check failures)
    out = {"status": "error", "error": str(e)[:300]}
out["wall_s"] = time.time() - t
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
