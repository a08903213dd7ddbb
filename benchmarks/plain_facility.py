"""Plain HiGHS on eitflow's own monolithic model of an OR-Library capacitated facility case
(one thread, HiGHS's defaults, no Lagrangian, no batching): the baseline of the capa/capb/capc
figures in README's Performance section (every run: benchmarks/HISTORY.md), run interleaved with `eitflow bench run facility`.

    python benchmarks/plain_facility.py capa 8000 -19240822.449 strong 60 >> plain.jsonl

Arguments: file stem, capacity, published optimum (eitflow's maximised objective, EUR/yr),
formulation (strong: with the leg rows x <= M w; weak: the aggregated model), time limit (s).
Prints one JSON object: status, objective, bound, distance to the optimum, gap, load.
"""

import json
import os
import sys

from eitflow.bench.instances import facility_scenario, read_orlib_cap
from eitflow.candidates.generate import build_candidates
from eitflow.model.build import build_arrays
from eitflow.scenario import SolverOptions
from eitflow.solve.highs import solve_highs

SHARED = os.environ.get("EITFLOW_SHARED", "../shared")

name, capv, opt, form, lim = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4], float(sys.argv[5])
scen = facility_scenario(*read_orlib_cap(f"{SHARED}/data/benchmarks/orlib_cap/{name}.txt", capacity=capv))
arr = build_arrays(scen, build_candidates(scen))
if form == "weak":
    arr = arr.aggregated()
load0 = os.getloadavg()
r = solve_highs(arr, SolverOptions(time_limit_s=lim, mip_gap=0.0), lim)
print(json.dumps({
    "case": f"{name}-{capv:g}", "form": form, "status": str(r.status), "objective": r.objective, "bound": r.bound,
    "seconds": r.seconds, "published": opt,
    "primal_vs_opt": None if r.objective is None else (opt - r.objective) / abs(opt),
    "gap": None if r.objective is None or r.bound is None else (r.bound - r.objective) / abs(r.objective),
    "loadavg_start": load0, "loadavg_end": os.getloadavg()}))
