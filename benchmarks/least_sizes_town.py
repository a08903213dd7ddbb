"""Pipes above their least size, and idle, after a time-limited network solve
(`solve.leastsize`): a generated town (`bench.netsynth.network_city(30, 2, 0)`) with discrete
sizes under `objective: net_benefit`, at each time limit, a few runs each. One JSON row per run:
objective (EUR/yr), investment (EUR), corridors built, above their least size (the first
catalogue size whose capacity x load factor x 8,760 h carries the corridor's busiest period,
`peak`) and idle (no flow in any period), seconds, the load.

    PYTHONPATH=src python benchmarks/least_sizes_town.py OUT.json RUNS 5 10 20

Run it on two commits, interleaved (`git archive <commit> src | tar -x -C /tmp/old`, then
PYTHONPATH=/tmp/old/src), to compare."""

from __future__ import annotations

import dataclasses
import json
import os
import sys
import time
from pathlib import Path

import eitflow
from eitflow.bench.netsynth import network_city
from eitflow.catalogue import load_catalogue


def town(limit: float, objective: str = "net_benefit"):
    """The town with discrete sizes, `objective` and a time limit of `limit` s."""
    scen = network_city(30, 2, 0)
    nets = {"heat": scen.params.networks["heat"].model_copy(update={"sizing": "discrete"})}
    return dataclasses.replace(scen, params=scen.params.model_copy(update={
        "objective": objective, "networks": nets,
        "solver": scen.params.solver.model_copy(update={"time_limit_s": limit})}))


def above_least_and_idle(corridors) -> tuple[int, int]:
    """(corridors above their least size, corridors built carrying nothing) of
    `Statistics.corridors()`: the least size is the catalogue's first (by capacity) whose
    capacity x load factor x 8,760 h is at least the corridor's peak (MWh/yr)."""
    spec = load_catalogue()["heat"].network
    assert spec is not None
    sizes = sorted((s.capacity, s.name) for s in spec.sizes)
    rank = {name: i for i, (_, name) in enumerate(sizes)}
    lf = spec.load_factor
    above = sum(rank[str(s)] > next(i for i, (cap, _) in enumerate(sizes) if cap * lf * 8760 >= p * (1 - 1e-9))
                for s, p in zip(corridors["size"], corridors["peak"]) if p > 0)
    return int(above), int((corridors["flow"] <= 0).sum())


def main(out: str, runs: int, limits: list[float]) -> None:
    rows = []
    for _ in range(runs):
        for limit in limits:
            load = os.getloadavg()[0]
            t = time.perf_counter()
            res = eitflow.optimise(town(limit))
            sec = time.perf_counter() - t
            cor = res.statistics.corridors()
            above, idle = above_least_and_idle(cor)
            row = {"time_limit_s": limit, "status": str(res.status.value), "objective_eur_per_yr": res.objective,
                   "investment_eur": float(res.statistics.totals()["investment_eur"]), "corridors": len(cor),
                   "above_least": above, "idle": idle, "seconds": round(sec, 2), "load": round(load, 2)}
            print(json.dumps(row), flush=True)
            rows.append(row)
    Path(out).write_text(json.dumps(rows, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), [float(v) for v in sys.argv[3:]])
