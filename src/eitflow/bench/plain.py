"""The plain-solver baseline: eitflow's own model of a scenario, handed whole to HiGHS.

Same data, same candidate links, same MILP (`model.build.build_arrays` without a subset),
same gap target and time limit as eitflow's run, but one monolithic solve with HiGHS's
defaults: no decomposition, no batching, no LP-guided incumbent, no second pass. Each
benchmark figure of eitflow is read as a ratio to this one, measured interleaved on the
same machine. The LP relaxation of the same model is solved too (its time and bound say how
hard the instance is).

Run as ``python -m eitflow.bench.plain SCENARIO.yaml [--time-limit S] [--mip-gap G]``: it
prints one JSON object (timings in s, objective and bound in the scenario's unit, maximised).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time


def plain_highs(scenario: str, time_limit_s: float | None = None, mip_gap: float | None = None,
                lp: bool = True) -> dict:
    """Read `scenario`, build its candidates and its whole model, solve it with HiGHS in one
    piece (one thread), and return timings (s), sizes, status, objective and bound.

    Objective and bound are eitflow's maximised objective (EUR/yr for net benefit), so they
    compare directly with summary.json's. `time_limit_s` / `mip_gap`: the scenario's own
    solver settings when None."""
    t0 = time.perf_counter()
    from eitflow.io.read import read_scenario

    scen = read_scenario(scenario)
    t_read = time.perf_counter() - t0
    out = plain_highs_scenario(scen, time_limit_s, mip_gap, lp)
    out["timings_s"]["read"] = t_read
    return out


def plain_highs_scenario(scen, time_limit_s: float | None = None, mip_gap: float | None = None,
                         lp: bool = True) -> dict:
    """`plain_highs` for a `Scenario` already read (built in memory: the synthetic suite).
    Timings (s): imports, candidates, build, solve; no reading."""
    t0 = time.perf_counter()
    import highspy
    import numpy as np

    from eitflow.candidates.generate import build_candidates
    from eitflow.model.build import build_arrays
    from eitflow.solve.highs import highs_model, set_threads

    t_imp = t_read = time.perf_counter()
    opts = scen.params.solver
    limit = float(opts.time_limit_s if time_limit_s is None else time_limit_s)
    gap = float(opts.mip_gap if mip_gap is None else mip_gap)
    cand = build_candidates(scen)
    t_cand = time.perf_counter()
    arr = build_arrays(scen, cand)
    h = highs_model(arr)
    t_build = time.perf_counter()
    out: dict = {"sizes": {"candidate_links": len(cand.links), "columns": int(arr.A.shape[1]),
                           "rows": int(arr.A.shape[0]), "binaries": arr.n_integer,
                           "nonzeros": int(arr.A.nnz)}}
    h.setOptionValue("time_limit", limit)
    h.setOptionValue("mip_rel_gap", gap)
    set_threads(h, 1)
    h.setOptionValue("random_seed", 0)
    h.run()
    t_solve = time.perf_counter()
    info = h.getInfo()
    has_sol = info.primal_solution_status == 2
    ms = h.getModelStatus()
    out["result"] = {
        "status": h.modelStatusToString(ms),
        "objective": float(info.objective_function_value) if has_sol else None,
        "bound": float(info.mip_dual_bound) if np.isfinite(info.mip_dual_bound) else None,
        "gap": float(info.mip_gap) if has_sol and np.isfinite(info.mip_gap) else None,
        "mip_gap_target": gap, "time_limit_s": limit}
    out["timings_s"] = {"imports": t_imp - t0, "candidates": t_cand - t_read,
                        "build": t_build - t_cand, "solve": t_solve - t_build}
    if lp:
        # the LP relaxation of the same model: how hard the instance is, and its bound
        relaxed = highs_model(dataclasses.replace(arr, integrality=np.zeros_like(arr.integrality)))
        relaxed.setOptionValue("time_limit", limit)
        set_threads(relaxed, 1)
        t = time.perf_counter()
        relaxed.run()
        lp_s = time.perf_counter() - t
        ok = relaxed.getModelStatus() == highspy.HighsModelStatus.kOptimal
        out["lp_relaxation"] = {"seconds": lp_s, "bound": float(relaxed.getInfo().objective_function_value)
                                if ok else None, "status": relaxed.modelStatusToString(relaxed.getModelStatus())}
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m eitflow.bench.plain", description=__doc__.splitlines()[0])
    ap.add_argument("scenario")
    ap.add_argument("--time-limit", type=float, default=None)
    ap.add_argument("--mip-gap", type=float, default=None)
    ap.add_argument("--no-lp", action="store_true", help="skip the LP relaxation")
    a = ap.parse_args(argv)
    json.dump(plain_highs(a.scenario, a.time_limit, a.mip_gap, lp=not a.no_lp), sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
