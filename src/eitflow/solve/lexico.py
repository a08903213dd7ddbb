"""The co2 objective's money: among the plans that avoid the most CO2, the one worth the most.

Under `objective: co2` money weighs nothing, so the solver stops at any plan avoiding the most
CO2, and every money figure of the run (net benefit, investment, each company's share) described
that arbitrary plan. The Ludres backbone (`scenarios/ludres_backbone`) said 1,747,993 EUR/yr and
56.7 M EUR of investment (point-to-point pipes everywhere, the backbone unbuilt), where
`eitflow pareto`'s last point avoids the same 17,488.3 tCO2/yr for 4,136,609 EUR/yr and 18.6 M
EUR: two outputs of one scenario disagreed.

So, after the co2 solve, a second one (lexicographic: CO2 first, then money), the same as the
Pareto front's last point: maximise the net benefit subject to CO2 avoided >= the plan's (less a
relative 1e-7 for the solver's tolerances), over the candidates of both objectives (a link that
loses money may avoid CO2, one that avoids none may earn money). The run keeps the co2 solve's
status and bound (tCO2/yr), the objective the kept plan's CO2 (within 2e-7 of the co2 solve's)
and the gap against that bound; the plan and its money figures are the second solve's, kept
only where it is worth more than the co2 plan (which `solve.co2cost` has already given its
cheapest network). It runs for as long as the co2 solve took or a quarter of the time
limit, never past the limit + `budget.CO2_COST_S` (kept back by the run's budget with the cheapest
network's, `solve.budget`); its status and gap are stated
(`Solution.money_stage`).

Its whole work fits that end, not only its solve: the co2 plan's net benefit read first
(`Statistics`), only where that reading (expected to take `reading_s`: per link, at the run's
pace) leaves time for a solve and the kept plan's reading, and timed; both objectives'
candidates built only where that (expected to take `UNION_BUILDS` times the run's own build)
leaves the solve at least half of what is left (else the stage is over the co2 candidates:
`money_stage.both_objectives` says which), and the solve ending early enough for the kept
plan's net benefit to be read by the end (the first reading's time, per link). Before, the two
readings and the union's build ran outside any budget: with readings of 0.5 s and a build of
2.5 s (stand-ins, `tests/test_co2_money_budget.py`) a 7 s run's stage ended 0.79 s past its end
less the watchdog's grace, and the run 0.07 s past its limit; on the clustered 2,000 x 20,000
heat instance at 20 km the stage ended 3.37 s past the co2 solve's deadline + `CO2_COST_S`,
0.26 s now (within the watchdog's grace).
"""

from __future__ import annotations

import dataclasses
import time
from concurrent.futures import Executor

import numpy as np

from eitflow.candidates.generate import Candidates
from eitflow.candidates.objectives import both_objective_candidates, link_codes, with_objective
from eitflow.errors import SolveError
from eitflow.model.netpass import co2_row, plan_co2_t_per_yr
from eitflow.scenario import Scenario
from eitflow.solve.budget import CO2_COST_S
from eitflow.solve.driver import CO2_COST_SHARE, solve
from eitflow.solve.status import Solution, relative_gap

CO2_REL = 1e-7   # CO2 avoided may fall by this share of the plan's (solver tolerances), no more
START_FROM_PLAN = True   # the stage's solve starts from the co2 plan (`solve.planstart`); off: a benchmark's plain side
# both objectives' candidates are built where that takes at most this share of the stage's time
# left (the solve gets the rest), expected to take UNION_BUILDS times the run's own build: the other
# objective's build, then the merge of the two sets by their links' codes (`link_codes`). On the
# clustered 2,000 x 20,000 heat instance at 20 km (130,238 links), load 10 on 2 cores: 0.65 to 2.41
# times, median 1.89 (the merge 0.25-0.32 s); with Python tuples as keys it was 2.08 to 7.91, median
# 5.82 (the merge 1.6-2.3 s; 2.0 to 5.1 at 10 and 20 km on a less busy machine, when this was 3);
# with half the time left, the stage still ends in time up to twice this (benchmarks/HISTORY.md)
UNION_SHARE = 0.5
UNION_BUILDS = 2.5
MIN_STAGE_S = 0.05   # a solve shorter than this (s) is not started: the co2 plan stands
# a reading of a plan's net benefit (`results.statistics`) expected to take this long per candidate
# link (s) on an idle machine, times the run's pace, where nothing of it is measured yet: the stage's
# first reading is started only where it and the kept plan's fit with a solve before the stage's
# end. On the clustered 2,000 x 20,000 heat instance at 20 km (130,238 links), a co2 plan's reading
# took 0.05-0.07 s of CPU (0.16-0.23 s of wall time at load 10 on 2 cores): 4-5e-7 s per link;
# this is 3 times that, 0.2 s + 0.02 at 130,238 links, 0.66 s at the largest pace (3)
READ_PER_LINK_S = 1.5e-6
READ_BASE_S = 0.02
# `money_stage["reason"]`: no time for the first reading, a solve and the second (nothing read);
# read, but no time left for a solve; the solve failed (the co2 plan stands)
NO_TIME_TO_READ, NO_TIME_TO_SOLVE, SOLVER_ERROR = "no_time_to_read", "no_time_to_solve", "solver_error"


def plan_over(over: Candidates, cand: Candidates, sol: Solution) -> Solution:
    """`sol` (over `cand`'s links) with its link switches over `over`'s (a superset: both
    objectives' candidates, `candidates.objectives`), matched by `link_codes`; the rest is per
    hub, flow, network option or placement and stays as it is."""
    if over is cand:
        return sol
    ko, kc = link_codes(over.links, cand.links)
    on = kc[np.asarray(sol.built, bool)]
    # each built link at the last of `over`'s links with its key (a stable sort keeps equal keys
    # in their order): as the dict of keys to positions did
    order = np.argsort(ko, kind="stable")
    at = np.searchsorted(ko[order], on, side="right") - 1
    if len(on) and (at.min() < 0 or np.any(ko[order[np.maximum(at, 0)]] != on)):
        raise KeyError("plan_over: a built link of the co2 plan is not among the candidates it is mapped onto")
    built = np.zeros(len(over.links), bool)
    built[order[at]] = True
    return dataclasses.replace(sol, built=built)


def reading_s(n_links: int, pace: float = 1.0) -> float:
    """Seconds a reading of a plan's net benefit (`results.statistics`) is expected to take over
    `n_links` candidate links at `pace` (`solve.budget.pace`: 1 on an idle machine)."""
    return pace * (READ_BASE_S + READ_PER_LINK_S * n_links)


def money_of_co2_plan(scen: Scenario, cand: Candidates, sol: Solution, money_of, executor: Executor | None = None,
                      deadline: float | None = None, extra: list | None = None,
                      union: bool = True, candidates_s: float | None = None,
                      pace: float = 1.0) -> tuple[Candidates, Solution]:
    """The plan worth the most (EUR/yr) among those avoiding the co2 solve's CO2 (tCO2/yr).

    Parameters
    ----------
    scen : Scenario
        With ``objective: co2``.
    cand, sol : Candidates, Solution
        The co2 solve's candidates and solution (with a plan).
    money_of : callable
        ``money_of(scen, cand, sol)``: a plan's net benefit (EUR/yr), as every output reads it
        (`results.statistics`; passed in, the results stage being above this one).
    executor : Executor, optional
        Where the re-solve's batches run.
    deadline : float, optional
        Epoch seconds the co2 solve had to end by; this stage ends by it + `CO2_COST_S`.
    extra : list of LinearConstraint, optional
        The co2 solve's own extra rows (an analysis's: no-good cuts, dependence caps), kept.
    union : bool
        Solve over both objectives' candidates (a run); False keeps `cand` (a caller that
        passed its candidates reads the plan over them, and `extra` rows are over them).
    candidates_s : float, optional
        Seconds the run took to build `cand`; the union is expected to take `UNION_BUILDS`
        times as long, and is built only where that is at most `UNION_SHARE` of the stage's
        time left (else the stage is over `cand`); None builds it.
    pace : float
        How many times slower than on an idle machine work goes (`solve.budget.pace`): the
        first reading of a plan's net benefit is expected to take `reading_s` and is started
        only where it, a solve of `MIN_STAGE_S` and a second reading fit before the stage's end
        (else the stage is not run, and no net benefit is read: `money_stage`'s two are None).

    Returns
    -------
    (Candidates, Solution)
        The candidates the plan is over and the solution: the co2 solve's status and bound,
        the plan worth the most found, its CO2 as the objective and the gap against that
        bound; `money_stage` says what the stage found (status, gap, seconds, the net benefit
        before and after, whether over both objectives' candidates, and `reason`: why it was not
        run or failed, `NO_TIME_TO_READ`, `NO_TIME_TO_SOLVE`, `SOLVER_ERROR`, else None). Where it
        found nothing better, `cand` and the co2 solve's own.
    """
    opts = scen.params.solver
    now = time.time()
    end = min((now + opts.time_limit_s if deadline is None else deadline) + CO2_COST_S,
              now + max(sol.seconds_solve, CO2_COST_SHARE * opts.time_limit_s))
    # `reason`: why the stage was not run or did not finish (a code, `results.summary.money_stage_note`
    # says it): its net benefits are None where they were not read, and every output says why
    stage = {"net_benefit_before_eur_per_yr": None, "net_benefit_after_eur_per_yr": None, "improved": False,
             "status": "not_run", "reason": NO_TIME_TO_READ, "gap": None, "seconds": 0.0, "both_objectives": False}
    # the first reading is bounded as the rest: started only where it, a solve and the kept plan's
    # reading fit before `end` (before, a reading longer than the time left ran past it, timed)
    if end - now - 2 * reading_s(len(cand), pace) < MIN_STAGE_S:
        return cand, dataclasses.replace(sol, money_stage=stage)
    t_read = time.perf_counter()
    before = float(money_of(scen, cand, sol))
    # one reading of a plan's net benefit (s, `results.statistics`): the kept plan's is read again
    # after the solve, as long per link, and must end by `end` too (before, it ran past it)
    read_s = time.perf_counter() - t_read
    stage.update(net_benefit_before_eur_per_yr=before, net_benefit_after_eur_per_yr=before, reason=NO_TIME_TO_SOLVE)
    assert sol.objective is not None
    target = float(sol.objective)
    if end - time.time() - read_s < MIN_STAGE_S:
        return cand, dataclasses.replace(sol, money_stage=stage)
    t = time.perf_counter()
    s_nb = with_objective(scen, "net_benefit")
    # both objectives' candidates where building them leaves the solve at least as long; a large
    # run's build outlasted its stage (`solve.budget`)
    both = union and not extra and (candidates_s is None or UNION_BUILDS * candidates_s <= UNION_SHARE * (
        end - time.time() - read_s))
    over = both_objective_candidates(scen, co2=cand) if both else cand
    stage["both_objectives"] = bool(both)
    solve_end = end - read_s * max(1.0, len(over) / max(len(cand), 1))
    if solve_end - time.time() < MIN_STAGE_S:
        return cand, dataclasses.replace(sol, money_stage=stage)
    # a plan's CO2 is its links' and the compression a CO2 hub on a network spares (`model.netpass`):
    # the row holds both, as the co2 objective does
    co2 = lambda c, s: plan_co2_t_per_yr(scen, c, s.period_flow, np.asarray(s.flow, float))  # noqa: E731
    row = co2_row(scen, over, lo=target - CO2_REL * max(1.0, abs(target)))
    # from the co2 plan (feasible here): the stage starts from a plan, whatever time it has
    try:
        second = solve(s_nb, over, executor=executor, extra=[*(extra or []), row], deadline=solve_end,
                       plan=plan_over(over, cand, sol) if START_FROM_PLAN else None)
    except SolveError as e:   # the stage is kept only where it finds better: the co2 plan stands
        stage.update(status="error", reason=SOLVER_ERROR, message=str(e)[:300],
                     seconds=round(time.perf_counter() - t, 3))
        return cand, dataclasses.replace(sol, money_stage=stage)
    stage.update(status=str(second.status), reason=None, gap=second.gap, seconds=round(time.perf_counter() - t, 3))
    # the row holds to the solver's tolerance: a plan below it by as much again is refused
    if second.objective is None or co2(over, second) < target - 2 * CO2_REL * max(
            1.0, abs(target)):
        return cand, dataclasses.replace(sol, money_stage=stage)
    after = float(money_of(scen, over, second))
    if after <= before + 1e-9 * max(1.0, abs(before)):
        return cand, dataclasses.replace(sol, money_stage=stage)
    stage.update(improved=True, net_benefit_after_eur_per_yr=after)
    # the objective is the kept plan's CO2 (within 2e-7 of the co2 solve's: what every figure
    # reads), against the co2 solve's bound
    obj = co2(over, second)
    gap = None if sol.bound is None else relative_gap(obj, sol.bound)
    kept = dataclasses.replace(second, status=sol.status, objective=obj, bound=sol.bound, gap=gap,
                               message=sol.message, seconds_build=sol.seconds_build + second.seconds_build,
                               seconds_solve=sol.seconds_solve + second.seconds_solve, money_stage=stage)
    return over, kept

