"""The whole path in one call: scenario -> candidates -> solve -> result."""
from __future__ import annotations

import time
from concurrent.futures import Executor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eitflow.candidates.generate import build_candidates, check_reuse
from eitflow.io.assemble import with_solver_options
from eitflow.io.read import read_scenario
from eitflow.results.result import Result
from eitflow.results.statistics import Statistics
from eitflow.results.summary import summary_dict
from eitflow.results.supplies import has_supply_units
from eitflow.results.tables import heat_levels_frame
from eitflow.results.unmatched import unmatched_frame
from eitflow.scenario import Scenario
from eitflow.solve.driver import solve
from eitflow.solve.duals import fixed_binary_duals, no_duals

if TYPE_CHECKING:
    from eitflow.candidates.generate import Candidates
    from eitflow.model.arrays import LinearConstraint


def optimise(scen: Scenario, timings: dict | None = None, executor: Executor | None = None,
             candidates: Candidates | None = None,
             extra: list[LinearConstraint] | None = None, progress: bool = False, duals: bool = True,
             deadline: float | None = None, money: bool = True) -> Result:
    """Build candidates, solve, and assemble the result tables.

    Never raises on infeasibility or a time limit: the result's `status` says it. The
    scenario is not changed, so it can be solved again (with other candidates or `extra`
    rows) and results kept from earlier runs stay as they were.

    Parameters
    ----------
    scen : Scenario
        From `eitflow.read_scenario` or `eitflow.scenario_from_frames` (for a scenario.yaml
        path, use `eitflow.run_file`).
    timings : dict, optional
        Seconds already spent (e.g. ``{"read": 0.2}``), carried into summary["timings_s"].
    executor : concurrent.futures.Executor, optional
        Where the components are solved (a process pool, or a Dask cluster's
        ``client.get_executor(pure=False)``); by default `solver.workers` processes.
    candidates : Candidates, optional
        Candidates already built for this scenario (`eitflow.build_candidates`, or a result's
        `candidates`): analyses re-solve the same candidates many times. Candidates built
        for another scenario, or before a parameter they depend on changed (carbon price,
        discount rate...), are refused (`candidates.generate.check_reuse`); the solver
        options may change, and the objective unless its pruning left out pairs the new one
        may choose (`candidates.objectives.both_objective_candidates` serves both).
    extra : list of model.arrays.LinearConstraint, optional
        Rows added to the model, over the candidate links (`Candidates.links`, one
        coefficient per link: x per yearly flow in the supply's base unit, y per build
        switch): lo <= x_coef . x + y_coef . y <= hi. The model is then solved whole.
    progress : bool
        Show a progress bar over the solver batches.
    duals : bool
        Also solve the LP with the chosen binaries fixed, once, within what is left of the
        time limit (`solve.duals`), for the suggested transfer prices (EUR per unit); analyses
        that read only totals pass False.
    deadline : float, optional
        Epoch seconds when the whole job must be done, writing included (the command line
        passes its start + `time_limit_s`; default: now + `time_limit_s`). The solver gets
        what is left after the candidates, less `budget.reserve_s` for the duals and the
        result tables.
    money : bool
        With ``objective: co2``, re-solve for the plan worth the most among those avoiding the
        most CO2 (`solve.lexico`; `extra` rows kept), so that its money figures are those of the
        best such plan, as the Pareto front's last point: over both objectives' candidates, or
        over `candidates` where given (the result's candidates are then those). Analyses that
        read only the CO2 optimum pass False.

    Returns
    -------
    Result
        `matches`, `unmatched`, `summary`, `statistics` (every figure: EUR/yr, tCO2/yr, EUR,
        amounts in each resource's unit per year), `objective` (EUR/yr, or tCO2/yr with
        ``objective: co2``), `bound`, `gap`, `status`.

    Raises
    ------
    TypeError
        `scen` is not a `Scenario`, or `extra` not a list of `LinearConstraint`.
    ValueError
        An `extra` row's coefficients are not one per candidate link, or `candidates` were
        built for another scenario, other parameters or another objective's pruning.
    SolveError
        Only if a solution returned by the solver violates the model.
    """
    if not isinstance(scen, Scenario):
        hint = " (for a scenario.yaml, use eitflow.run_file)" if isinstance(scen, (str, Path)) else ""
        raise TypeError(f"optimise: expected a Scenario from eitflow.read_scenario or "
                        f"eitflow.scenario_from_frames (found {type(scen).__name__}){hint}")
    from eitflow.solve.budget import LEAST_S, co2_keep_s, duals_s, pace, reserve_s

    timings = dict(timings or {})
    deadline = time.time() + scen.params.solver.time_limit_s if deadline is None else deadline
    with scen.reading():   # each flow column read once in the whole run (`Scenario.reading`)
        t, cpu = time.perf_counter(), time.process_time()
        if candidates is not None:
            check_reuse(scen, candidates)
        cand = build_candidates(scen) if candidates is None else candidates
        timings["candidates"] = time.perf_counter() - t
        # a busy machine slows what follows the solve as much as it slowed the candidates
        slow = pace(timings["candidates"], time.process_time() - cpu)
        # the least-size pass after a network solve fits inside the time limit too (`solve.leastsize`)
        least = LEAST_S if cand.network is not None else 0.0
        # and under the co2 objective its cheapest network and money stage too (`solve.budget`)
        co2 = scen.params.objective == "co2"
        keep = co2_keep_s(co2, least > 0, money)
        reserve = reserve_s(len(scen.flows), len(cand.links), slow, network=least > 0, co2=co2, money=money)
        sol = solve(scen, cand, executor=executor, extra=extra, progress=progress, deadline=deadline - reserve)
        if money and co2 and sol.objective is not None:
            from eitflow.solve.lexico import money_of_co2_plan
            # over the caller's candidates where it passed them (its rows and its reading of
            # the plan are over those), else over both objectives'
            cand, sol = money_of_co2_plan(
                scen, cand, sol, plan_net_benefit,
                executor, deadline - reserve, extra=extra, union=candidates is None,
                candidates_s=timings["candidates"], pace=slow)
        if extra:   # a switch an extra row keeps on idle: named, as `result_from_pulp` names it
            from eitflow.results.idle import idle_message
            sol.message = idle_message(scen, cand, sol, sol.message, "extra")
        timings["build"] = sol.seconds_build
        timings["solve"] = sol.seconds_solve
        # the duals' time: up to the deadline less what follows them (the reserve without the
        # duals' share, and without the least-size pass's and the co2 stages', over by now)
        left = deadline - (reserve - least - keep - slow * duals_s(len(cand.links))) - time.time()
        attach_duals(scen, cand, sol, left, timings, extra, duals)
        return assemble_result(scen, cand, sol, timings)


def plan_net_benefit(scen: Scenario, cand, sol) -> float:
    """A plan's net benefit (EUR/yr) as every output reads it (`Statistics.totals`): what the
    co2 objective's money stage (`solve.lexico`) compares, for a run and for a siting plan."""
    return float(Statistics(scen, cand, sol).totals()["net_benefit_eur_per_yr"])


def attach_duals(scen: Scenario, cand, sol, left_s: float, timings: dict, extra: list | None = None,
                 duals: bool = True) -> None:
    """Set `sol.duals`: the shadow prices of the LP with the chosen binaries fixed
    (`solve.duals`), solved within `left_s` seconds; skipped without a solution, when not
    asked, or for the co2 objective (whose duals are tCO2 per unit, not a price)."""
    if sol.objective is None:
        return
    if not duals:
        sol.duals = no_duals(scen, "skipped")
    elif scen.params.objective != "net_benefit":
        sol.duals = no_duals(scen, "skipped: objective co2")
    else:
        sol.duals = fixed_binary_duals(scen, cand, sol.flow, sol.built, sol.hub_built, sol.supply_built, extra,
                                       left_s, option_built=sol.option_built)
        timings["duals"] = sol.duals.seconds


def assemble_result(scen: Scenario, cand, sol, timings: dict) -> Result:
    """The result tables of a solved scenario (statistics, matches, unmatched, summary, hubs,
    heat levels, supply units), every figure from `Statistics`."""
    has_solution = sol.objective is not None
    t = time.perf_counter()
    stats = Statistics(scen, cand, sol)
    matches = stats.matches()
    unmatched = unmatched_frame(scen, cand, sol)
    # the tables and their reasons (unmatched.csv asks why of every flow left: 34,000 nationally)
    timings = {**timings, "results": round(time.perf_counter() - t, 4)}
    summary = summary_dict(scen, cand, sol, stats, timings)
    hubs = stats.hub_throughput() if scen.hubs is not None else None
    levels = heat_levels_frame(scen, cand, sol) if has_solution else None
    supplies = stats.supplies() if has_supply_units(scen) else None   # an electrolyser's capacity, cost
    return Result(matches=matches, unmatched=unmatched, summary=summary, scenario=scen, candidates=cand, solution=sol,
                  hubs=hubs, heat_levels=levels, supplies=supplies, statistics=stats)


def run_file(path: str | Path, **overrides: Any) -> Result:
    """Read a scenario.yaml and optimise it (`read_scenario` then `optimise`).

    Parameters
    ----------
    path : str or Path
        The scenario.yaml (its tables are read from beside it).
    **overrides
        Solver options replacing the file's `solver:` block: name ("highs" or "cbc"),
        time_limit_s (s), mip_gap (fraction), threads, workers, isolate. Other scenario
        keys are set on the Scenario, checked as in the file: ``scen = read_scenario(path)``,
        ``scen.params.carbon_price_eur_per_t = 200.0`` (a bad value raises pydantic's
        ValidationError, a ValueError), then `optimise`.

    Returns
    -------
    Result
        As `optimise`.

    Raises
    ------
    ScenarioError
        Invalid files or options, every problem with file, row and column.
    """
    t = time.perf_counter()
    scen = read_scenario(path)
    scen.params = with_solver_options(scen.params, overrides, source="run_file")
    return optimise(scen, {"read": time.perf_counter() - t})
