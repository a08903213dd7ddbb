"""Every town's spanning-tree start (`solve.netlarge.tree_start`) on the synthetic region, per seed:
its value (EUR/yr) or none, and its seconds; machine-readable, to compare two codes town by town.

    PYTHONPATH=src python benchmarks/tree_starts.py 0,1,2 60 out.json

(arguments: the seeds of `bench.netsynth.network_region`, each start's time limit in s, the output
file). Each town is taken as the run takes it: the region's batches in the driver's order, with
their required-node rows. About 40 s a seed on a quiet machine. Run it with PYTHONPATH set to each
code's src and compare the two files (HISTORY, "The region without a plan").
"""

from __future__ import annotations

import json
import os
import sys
import time

from eitflow.bench import netsynth
from eitflow.candidates.generate import build_candidates
from eitflow.model.build import build_arrays
from eitflow.solve.decompose import _batches, components
from eitflow.solve.netlarge import is_large, tree_start
from eitflow.solve.netnode import required_node_cuts


def seed_starts(seed: int, limit_s: float) -> list[dict]:
    """Per large batch of `network_region(seed=seed)`: its position, value (EUR/yr, or None) and seconds."""
    scen = netsynth.network_region(seed=seed)
    cand = build_candidates(scen)
    ncomp, comp = components(scen, cand)
    out = []
    for k, links in enumerate(_batches(comp, ncomp)):
        arr = build_arrays(scen, cand, links)
        if not is_large(arr):
            continue
        arr = required_node_cuts(arr)[0]
        t = time.perf_counter()
        z, _ = tree_start(arr, scen.params.solver, time.time() + limit_s)
        out.append({"town": k, "start_eur_per_yr": None if z is None else float(arr.c @ z),
                    "seconds": time.perf_counter() - t})
    return out


def main(argv: list[str]) -> None:
    seeds = [int(s) for s in argv[0].split(",")]
    limit, path = float(argv[1]), argv[2]
    runs = []
    for seed in seeds:
        towns = seed_starts(seed, limit)
        none = [t["town"] for t in towns if t["start_eur_per_yr"] is None]
        runs.append({"seed": seed, "load_before": os.getloadavg()[0], "towns": towns, "without_start": none})
        print(f"seed {seed}: {len(towns)} towns, without a start: {none}", flush=True)
    with open(path, "w") as f:
        json.dump({"limit_s": limit, "runs": runs}, f, indent=1)


if __name__ == "__main__":
    main(sys.argv[1:])
