"""Both objectives' candidates (`candidates.objectives.both_objective_candidates`, the co2 money
stage's union, `solve.lexico`) against one candidate build, on the clustered 2,000 x 20,000 heat
instance (`bench.synthetic`) under `objective: co2`. Per round, in one process: the run's own
build (co2), the other objective's build (net benefit), then the merge of the two link tables
by Python tuples (`link_keys`: the union as it was) and by integer codes (`link_codes`: now),
alternating which goes first; the two unions are checked equal link for link. The union's cost
is the other build plus its merge; one JSON row per round, and the medians.

With `--read LIMIT`, also one `eitflow.optimise` under `objective: co2` with that time limit
(s) and no money stage, then its plan's net benefit read `rounds` times as the money stage reads
it (`pipeline.plan_net_benefit`), each timed in wall and CPU seconds: what
`lexico.READ_PER_LINK_S` is set from.

    PYTHONPATH=src python benchmarks/co2_union_build.py OUT.json 20 3 [--read 25]
    (OUT, radius km, rounds)"""

from __future__ import annotations

import dataclasses
import json
import os
import statistics
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from eitflow.bench.synthetic import clustered_heat_instance, heat_scenario  # noqa: E402
from eitflow.candidates.generate import build_candidates  # noqa: E402
from eitflow.candidates.objectives import both_objective_candidates, with_objective  # noqa: E402
from tuplekeys import union_by_tuples  # noqa: E402  (the union as it was: tuples, sets)


def timed(f, *args, **kw):
    t = time.perf_counter()
    out = f(*args, **kw)
    return out, time.perf_counter() - t


def main(out: str, radius: float, rounds: int, read_limit: float | None) -> None:
    sites, flows = clustered_heat_instance(2000, 20000, 0)
    scen = heat_scenario(sites, flows, radius, objective="co2")
    rows = []
    for k in range(rounds):
        co2, build_s = timed(build_candidates, scen)
        nb, other_s = timed(build_candidates, with_objective(scen, "net_benefit"))
        sides = [("tuples", union_by_tuples, (nb, co2)),
                 ("codes", lambda a, b: both_objective_candidates(scen, net_benefit=a, co2=b), (nb, co2))]
        got = {}
        for name, f, args in (sides if k % 2 == 0 else sides[::-1]):
            got[name], got[name + "_s"] = timed(f, *args)
        pd.testing.assert_frame_equal(got["tuples"].links, got["codes"].links)
        pd.testing.assert_frame_equal(got["tuples"].dropped, got["codes"].dropped)
        row = {"round": k, "radius_km": radius, "links_co2": len(co2.links), "links_union": len(got["codes"].links),
               "build_s": round(build_s, 3), "other_build_s": round(other_s, 3),
               "merge_tuples_s": round(got["tuples_s"], 3), "merge_codes_s": round(got["codes_s"], 3),
               "union_before_builds": round((other_s + got["tuples_s"]) / build_s, 2),
               "union_now_builds": round((other_s + got["codes_s"]) / build_s, 2),
               "load": round(os.getloadavg()[0], 2)}
        print(row, flush=True)
        rows.append(row)
    summary = {c: statistics.median(r[c] for r in rows) for c in rows[0] if c not in ("round", "radius_km")}
    readings = []
    if read_limit is not None:
        import eitflow
        from eitflow.pipeline import plan_net_benefit

        s = dataclasses.replace(scen, params=scen.params.model_copy(update={"solver": scen.params.solver.model_copy(
            update={"time_limit_s": read_limit})}))
        res = eitflow.optimise(s, money=False, duals=False)
        for _ in range(rounds):
            t, cpu = time.perf_counter(), time.process_time()
            plan_net_benefit(s, res.candidates, res.solution)
            readings.append({"links": len(res.candidates.links), "seconds": round(time.perf_counter() - t, 3),
                             "cpu_s": round(time.process_time() - cpu, 3), "load": round(os.getloadavg()[0], 2)})
            print(readings[-1], flush=True)
    Path(out).write_text(json.dumps({"rounds": rows, "median": summary, "readings": readings}, indent=1),
                         encoding="utf-8")
    print("median", summary)


if __name__ == "__main__":
    args = sys.argv[1:]
    limit = None
    if "--read" in args:
        i = args.index("--read")
        limit = float(args[i + 1])
        del args[i:i + 2]
    main(args[0], float(args[1]), int(args[2]), limit)
