"""A plan as the solver's start: the LP of a batch with the plan's binaries fixed.

The co2 objective's money stage (`solve.lexico`) re-solves the model for money with CO2 avoided
no less than the co2 plan's, which is itself feasible there. Where the co2 solve used the whole
time limit, the stage has its last seconds (`budget.CO2_COST_S`) and HiGHS may find no plan in
them at all, let alone a better one. Started from the co2 plan (its switches, hubs, built
supplies, pipe sizes and placements fixed, the flows the LP's best for money), HiGHS searches
from a plan worth at least the co2 plan's money, and the stage's result is never worse than it.
"""

from __future__ import annotations

import time

import numpy as np

from eitflow.model.arrays import MilpArrays
from eitflow.scenario import SolverOptions
from eitflow.solve.check import _clean, check_solution
from eitflow.solve.status import Solution

__all__ = ["PLAN_LP_SHARE", "plan_start"]

PLAN_LP_SHARE = 0.3   # of the time left, at most, for the LP that completes a plan's flows


def plan_start(arr: MilpArrays, plan: Solution, opts: SolverOptions, deadline: float) -> np.ndarray | None:
    """A start for `arr` (its column values): the LP with `plan`'s binaries fixed, solved within
    `PLAN_LP_SHARE` of the time to `deadline` (epoch s); None where it has no solution in that
    time (a binary of the plan fixed outside the batch's bounds, a row the plan breaks) or what
    it returns breaks the model (`check_solution`). `plan`'s arrays are over the candidates
    and scenario `arr` was built from."""
    from eitflow.solve.highs import solve_highs

    left = deadline - time.time()
    if left < 0.05:
        return None
    lp = arr.with_binaries_fixed(plan.built, plan.hub_built, plan.supply_built, plan.option_built, plan.placed)
    r = solve_highs(lp, opts, PLAN_LP_SHARE * left)
    if r.z is None:
        return None
    z = _clean(arr, r.z)
    return None if check_solution(arr, z) else z
