"""The whole path in one call: scenario -> candidates -> solve -> result."""
from __future__ import annotations

import time
from pathlib import Path

from eitflow.candidates.generate import build_candidates
from eitflow.io.read import read_scenario
from eitflow.results.result import Result
from eitflow.results.summary import summary_dict
from eitflow.results.tables import heat_levels_frame, hubs_frame, matches_frame
from eitflow.results.unmatched import unmatched_frame
from eitflow.scenario import Scenario
from eitflow.solve.driver import solve


def optimise(scen: Scenario, timings: dict | None = None, executor=None, candidates=None,
             extra: list | None = None, progress: bool = False) -> Result:
    """Build candidates, solve, and assemble the result tables (never raises on infeasibility:
    the status says it; raises `SolveError` only if a returned solution violates the model).

    `candidates`: reuse candidates already built for this scenario (analyses re-solve the
    same candidates many times); `extra`: `model.LinearConstraint` rows added to the model.
    """
    timings = dict(timings or {})
    t = time.perf_counter()
    cand = build_candidates(scen) if candidates is None else candidates
    timings["candidates"] = time.perf_counter() - t
    sol = solve(scen, cand, executor=executor, extra=extra, progress=progress)
    timings["build"] = sol.seconds_build
    timings["solve"] = sol.seconds_solve
    has_solution = sol.objective is not None
    matches = matches_frame(scen, cand, sol) if has_solution else matches_frame(scen, cand, sol).iloc[0:0]
    unmatched = unmatched_frame(scen, cand, sol)
    summary = summary_dict(scen, cand, sol, matches, timings)
    hubs = hubs_frame(scen, cand, sol) if scen.hubs is not None else None
    levels = heat_levels_frame(scen, cand, sol) if has_solution else None
    return Result(matches=matches, unmatched=unmatched, summary=summary, scenario=scen, candidates=cand, solution=sol,
                  hubs=hubs, heat_levels=levels)


def run_file(path: str | Path, **overrides) -> Result:
    """Read a scenario.yaml and optimise it. `overrides` replace solver options (time_limit_s, ...)."""
    t = time.perf_counter()
    scen = read_scenario(path)
    if overrides:
        scen.params = scen.params.model_copy(update={"solver": scen.params.solver.model_copy(update=overrides)})
    return optimise(scen, {"read": time.perf_counter() - t})
