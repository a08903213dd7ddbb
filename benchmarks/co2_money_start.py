"""The co2 objective's money stage (`solve.lexico`) started from the co2 plan (`solve.planstart`)
against the same stage without a start, on generated towns (`bench.netsynth.network_city(n,
sources, 0)`) under `objective: co2` with a time limit short enough that the co2 solve uses it
all and the stage has its last seconds. The two sides alternate, `rounds` times each, in one
process; one JSON row per run (the stage's status, seconds, the net benefit before and after,
EUR/yr) and the medians per town and side.

    PYTHONPATH=src python benchmarks/co2_money_start.py OUT.json 3 3 60,3 100,4 150,6
    (OUT, time limit s, rounds, towns as buildings,sources)"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

import eitflow
import eitflow.solve.lexico as lexico
from eitflow.bench.netsynth import network_city


def main(out: str, limit: float, rounds: int, towns: list[str]) -> None:
    rows = []
    for town in towns:
        n, s = (int(v) for v in town.split(","))
        for k in range(rounds):
            for start in (True, False):
                lexico.START_FROM_PLAN = start
                scen = network_city(n, s, 0)
                scen.params = scen.params.model_copy(update={"objective": "co2", "solver": scen.params.solver.model_copy(
                    update={"time_limit_s": limit, "mip_gap": 1e-3})})
                load = os.getloadavg()[0]
                t = time.perf_counter()
                res = eitflow.optimise(scen)
                ms = res.summary.get("money_stage") or {}
                row = {"buildings": n, "sources": s, "round": k, "start_from_plan": start,
                       "status": str(res.status.value), "co2_avoided_t_per_yr": float(res.statistics.totals()["co2_avoided_t_per_yr"]),
                       "stage_status": ms.get("status"), "stage_seconds": ms.get("seconds"),
                       "before_eur_per_yr": ms.get("net_benefit_before_eur_per_yr"),
                       "after_eur_per_yr": ms.get("net_benefit_after_eur_per_yr"), "improved": ms.get("improved"),
                       "seconds": round(time.perf_counter() - t, 2), "time_limit_s": limit, "load": round(load, 2)}
                print(row, flush=True)
                rows.append(row)
    lexico.START_FROM_PLAN = True
    summary = []
    for town in towns:
        n, s = (int(v) for v in town.split(","))
        for start in (True, False):
            mine = [r for r in rows if (r["buildings"], r["sources"], r["start_from_plan"]) == (n, s, start)]
            summary.append({"buildings": n, "sources": s, "start_from_plan": start,
                            "median_after_eur_per_yr": statistics.median(r["after_eur_per_yr"] for r in mine),
                            "median_before_eur_per_yr": statistics.median(r["before_eur_per_yr"] for r in mine),
                            "improved": sum(bool(r["improved"]) for r in mine), "runs": len(mine)})
    Path(out).write_text(json.dumps({"runs": rows, "summary": summary}, indent=1), encoding="utf-8")
    for r in summary:
        print(r)


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), sys.argv[4:])
