"""Money figures of a network plan under `objective: co2` (`solve.co2cost`): generated towns
(`bench.netsynth.network_city(n, sources, 0)`), each solved with the co2 objective, then with the
net-benefit objective for reference (the cheapest plan known; same CO2 where both are optimal).
Writes one JSON row per town: CO2 avoided (tCO2/yr), net benefit (EUR/yr), investment (EUR),
pipes' rated MW, seconds, and the load.

    PYTHONPATH=src python benchmarks/co2_network_cost.py OUT.json 20 30,2 60,3 150,6

Run it on two commits to compare (`git archive <commit> src | tar -x -C /tmp/old`)."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import eitflow
from eitflow.bench.netsynth import network_city


def main(out: str, limit: float, towns: list[str]) -> None:
    rows = []
    for town in towns:
        n, s = (int(v) for v in town.split(","))
        for objective in ("co2", "net_benefit"):
            scen = network_city(n, s, 0)
            scen.params = scen.params.model_copy(update={"objective": objective, "solver": scen.params.solver.model_copy(
                update={"time_limit_s": limit, "mip_gap": 1e-3})})
            load = os.getloadavg()[0]
            t = time.perf_counter()
            res = eitflow.optimise(scen)
            sec = time.perf_counter() - t
            tot, cor = res.statistics.totals(), res.statistics.corridors()
            row = {"buildings": n, "sources": s, "objective": objective, "status": str(res.status.value),
                   "co2_avoided_t_per_yr": float(tot["co2_avoided_t_per_yr"]),
                   "net_benefit_eur_per_yr": float(tot["net_benefit_eur_per_yr"]),
                   "investment_eur": float(tot["investment_eur"]),
                   "pipes_mw": float(cor["capacity_rated"].sum()) if len(cor) else 0.0,
                   "seconds": round(sec, 2), "time_limit_s": limit, "load": round(load, 2)}
            print(row, flush=True)
            rows.append(row)
    Path(out).write_text(json.dumps(rows, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]), sys.argv[3:])
