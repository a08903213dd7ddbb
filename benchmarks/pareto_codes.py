"""The Pareto front (`analyses.pareto.pareto_front`, 7 points) on a bundled scenario, with the
points' plans told apart by Python tuples (`link_keys`, main's code) or by integer codes
(`link_codes`, `point_plans`). Per round, one process per side, alternating which goes first:
the front's wall time, and the time spent telling its points' plans apart (main's `_plan` over
its 7 calls; `point_plans`); both fronts must be equal. One JSON row per process, then the
medians.

    PYTHONPATH=src python benchmarks/pareto_codes.py OUT.json SCENARIO ROUNDS OLD_SRC
    (OLD_SRC: main's src, e.g. from `git archive main src`)"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ONE = r"""
import json, sys, time
import eitflow
import eitflow.analyses.pareto as pareto
spent = [0.0]
name = "point_plans" if hasattr(pareto, "point_plans") else "_plan"
real = getattr(pareto, name)
def timed(*a, **k):
    t = time.perf_counter()
    out = real(*a, **k)
    spent[0] += time.perf_counter() - t
    return out
setattr(pareto, name, timed)
scen = eitflow.read_scenario(sys.argv[1])
t = time.perf_counter()
df = pareto.pareto_front(scen)
wall = time.perf_counter() - t
print(json.dumps({"wall_s": wall, "plans_s": spent[0], "front": df.drop(columns=["gap"]).to_json()}))
"""


def run(src: str, scenario: str) -> dict:
    env = {**os.environ, "PYTHONPATH": src}
    out = subprocess.run([sys.executable, "-c", ONE, scenario], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(out: str, scenario: str, rounds: int, old_src: str) -> None:
    new_src = str(Path(__file__).resolve().parents[1] / "src")
    sides = [("tuples", old_src), ("codes", new_src)]
    rows = []
    for k in range(rounds):
        for name, src in (sides if k % 2 == 0 else sides[::-1]):
            r = run(src, scenario)
            rows.append({"round": k, "side": name, "wall_s": round(r["wall_s"], 3), "plans_s": round(r["plans_s"], 5),
                         "front": r["front"], "load": round(os.getloadavg()[0], 1)})
            print(json.dumps({k: v for k, v in rows[-1].items() if k != "front"}), flush=True)
    fronts = {r["front"] for r in rows}
    med = {f"{s}_{f}": statistics.median(r[f] for r in rows if r["side"] == s)
           for s in ("tuples", "codes") for f in ("wall_s", "plans_s")}
    print(json.dumps({"medians": med, "fronts_equal": len(fronts) == 1}))
    Path(out).write_text(json.dumps({"scenario": scenario, "rows": rows, "medians": med,
                                     "fronts_equal": len(fronts) == 1}, indent=1))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4])
