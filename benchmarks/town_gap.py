"""Where a large network's gap lies, on towns small enough to solve exactly: for generated
towns (`bench.netsynth.network_city(n, sources, seed)`), the optimum (HiGHS on the whole
linear model, within a time limit: a proven optimum or HiGHS's bound), against what the first
job of a large network (`solve.netlarge.network_first`: tree starts, LP, rounds of directed
cuts, guided starts, local search) finds, and against two bounds: the LP after every round of
directed cuts and the multi-commodity LP (one flow per building, `city_bound.with_commodities`
for all of them; interior point, within a time limit).

    python benchmarks/town_gap.py OUT.json MIP_S MCF_S n,sources,seed [...]
    # e.g. 900 1800 40,2,1 60,3,2 100,4,0   (measured: README, Performance, "Towns solved exactly";
    # about 15 min there: the three optima took HiGHS 511 s; the limits are per town)

Each figure is a total annual cost (EUR/yr, the model's objective negated); the gaps are
relative to the optimum (or, where HiGHS did not prove one, to its best network).
"""

from __future__ import annotations

import json
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
from city_bound import parts, with_commodities  # noqa: E402

from eitflow.bench.netsynth import network_city  # noqa: E402
from eitflow.candidates.generate import build_candidates  # noqa: E402
from eitflow.model.build import build_arrays  # noqa: E402
from eitflow.scenario import SolverOptions  # noqa: E402
from eitflow.solve.highs import _passed  # noqa: E402
from eitflow.solve.netcuts import add_network_cuts  # noqa: E402
from eitflow.solve.netlarge import network_first  # noqa: E402
from eitflow.solve.netnode import required_node_cuts  # noqa: E402


def _run(A, c, lb, ub, integ, lo, hi, limit: float, solver: str = "choose") -> dict:
    h = _passed(A, c, lb, ub, integ, lo, hi)
    h.setOptionValue("solver", solver)
    # one thread, as eitflow's solves: HiGHS's thread pool is made once per process, and a
    # later solve asking for another count fails
    h.setOptionValue("threads", 1)
    h.setOptionValue("time_limit", float(limit))
    h.setOptionValue("mip_rel_gap", 1e-5)
    t = time.perf_counter()
    h.run()
    info = h.getInfo()
    z = np.asarray(h.getSolution().col_value)
    out = {"status": h.modelStatusToString(h.getModelStatus()), "seconds": round(time.perf_counter() - t, 2),
           "cost": -float(info.objective_function_value), "z": z}
    if integ.any():
        out["bound"] = -float(info.mip_dual_bound)
    return out


def town(n: int, sources: int, seed: int, mip_s: float, mcf_s: float) -> dict:
    """The figures of one town (module docstring)."""
    scen = network_city(n, sources, seed)
    arr, nreq = required_node_cuts(build_arrays(scen, build_candidates(scen)))
    res: dict = {"town": [n, sources, seed], "binaries": int(arr.integrality.sum()), "load_before": os.getloadavg()}
    mip = _run(arr.A, arr.c, arr.lb, arr.ub, arr.integrality.astype(bool), arr.row_lo, arr.row_hi, mip_s)
    res["optimum"] = {**{k: v for k, v in mip.items() if k != "z"}, "parts": parts(arr, -mip["z"])}
    t = time.time()
    _, best, bound, info = network_first(arr, SolverOptions(), t + 600.0, 30.0, True)
    res["first_job"] = {"cost": -float(arr.c @ best), "bound": -float(bound), "parts": parts(arr, -best),
                        "seconds": round(time.time() - t, 2), "local_moves": info.get("local_moves")}
    cut, ci = add_network_cuts(arr, 600.0, 1)
    lp = _run(cut.A, cut.c, cut.lb, cut.ub, np.zeros(cut.shape[1], bool), cut.row_lo, cut.row_hi, 600.0)
    res["cut_lp"] = {"cost": lp["cost"], "rounds": ci["rounds"], "cuts": ci["cuts"], "parts": parts(cut, -lp["z"])}
    A, c, lb, ub, lo, hi = with_commodities(cut, len(cut.network.wd_node))
    # interior point: HiGHS's dual simplex did not solve the 100-building town's in 1,200 s
    mc = _run(A, c, lb, ub, np.zeros(len(c), bool), lo, hi, mcf_s, "ipm")
    res["mcf_lp"] = {"cost": mc["cost"] if mc["status"] == "Optimal" else None, "status": mc["status"],
                     "seconds": mc["seconds"], "parts": parts(cut, -mc["z"][:cut.shape[1]])}
    ref = res["optimum"]["cost"]
    res["gaps_to_optimum"] = {"first_job_network": res["first_job"]["cost"] / ref - 1,
                              "first_job_bound": 1 - res["first_job"]["bound"] / ref,
                              "cut_lp": 1 - res["cut_lp"]["cost"] / ref,
                              "mcf_lp": None if res["mcf_lp"]["cost"] is None else 1 - res["mcf_lp"]["cost"] / ref,
                              "highs_bound": 1 - res["optimum"]["bound"] / ref}
    res["load_after"] = os.getloadavg()
    return res


def main(out: str, mip_s: float, mcf_s: float, towns: list[str]) -> None:
    rows = []
    for spec in towns:
        n, s, seed = (int(v) for v in spec.split(","))
        rows.append(town(n, s, seed, mip_s, mcf_s))
        print(json.dumps({k: rows[-1][k] for k in ("town", "gaps_to_optimum")}), flush=True)
        with open(out, "w", encoding="utf-8") as f:
            json.dump({"towns": rows, "mip_s": mip_s, "mcf_s": mcf_s}, f, indent=1)


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4:])
