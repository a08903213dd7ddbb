"""The Pareto front (`analyses.pareto.pareto_front`, 7 points) on a bundled scenario, with the
points' plans told apart by Python tuples (`link_keys`, main's code) or by integer codes
(`link_codes`, `point_plans`). Per round, one process per side, alternating which goes first:
the front's wall time, and the time spent telling its points' plans apart (main's `_plan` over
its 7 calls; `point_plans`); both fronts must be equal. One JSON row per process, then the
medians.

    PYTHONPATH=src python benchmarks/pareto_codes.py OUT.json SCENARIO ROUNDS OLD_SRC
    (OLD_SRC: main's src, e.g. from `git archive main src`)

With `--tables N` instead of SCENARIO and OLD_SRC, the plans alone, in one process: 7 points
over two random candidate tables of N links (point 0 over its own, the rest over the union, as
`pareto_front` has them), by tuples (`tuplekeys.point_plans_by_tuples`, main's `_plan`) and by
codes (`point_plans`), alternating which goes first, `same_plans` checked equal:

    PYTHONPATH=src python benchmarks/pareto_codes.py OUT.json --tables 130000 ROUNDS"""

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


def tables(out: str, n: int, rounds: int) -> None:
    import time
    from types import SimpleNamespace

    import numpy as np
    import pandas as pd

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from eitflow.analyses.pareto import point_plans, same_plans
    from tuplekeys import point_plans_by_tuples

    rng = np.random.default_rng(0)

    def links(k: int) -> pd.DataFrame:   # as a build's: positions, kinds, modes, hubs, nodes, COPs
        return pd.DataFrame({"supply": rng.integers(0, 2000, k), "demand": rng.integers(2000, 22000, k),
                             "mode": rng.choice(["pipe", "truck"], k), "kind": rng.choice(["direct", "hub_leg"], k),
                             "hub": rng.integers(-1, 3, k), "hub_node": rng.integers(-1, 3, k),
                             "net_node": rng.integers(-1, 3, k), "heat_pump_cop": rng.choice([np.nan, 3.2], k)})

    own, union = links(n // 2), links(n)
    cor = pd.DataFrame({"corridor_id": [], "size": []})
    runs = [SimpleNamespace(summary={"objective": 1.0}, candidates=SimpleNamespace(links=lk),
                            solution=SimpleNamespace(flow=np.where(rng.random(len(lk)) < 0.02, 1.0, 0.0)),
                            statistics=SimpleNamespace(corridors=lambda: cor))
            for lk in [own, *[union] * 6]]
    rows = []
    sides = [("tuples", point_plans_by_tuples), ("codes", point_plans)]
    for k in range(rounds):
        got = {}
        for name, f in (sides if k % 2 == 0 else sides[::-1]):
            t = time.perf_counter()
            got[name] = same_plans(f(runs))
            got[name + "_s"] = time.perf_counter() - t
        assert got["tuples"] == got["codes"]
        rows.append({"round": k, "links": n, "tuples_s": round(got["tuples_s"], 4), "codes_s": round(got["codes_s"], 4),
                     "load": round(os.getloadavg()[0], 1)})
        print(json.dumps(rows[-1]), flush=True)
    med = {f: statistics.median(r[f] for r in rows) for f in ("tuples_s", "codes_s")}
    print(json.dumps({"medians": med}))
    Path(out).write_text(json.dumps({"rows": rows, "medians": med}, indent=1))


if __name__ == "__main__":
    if sys.argv[2] == "--tables":
        tables(sys.argv[1], int(sys.argv[3]), int(sys.argv[4]))
    else:
        main(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4])
