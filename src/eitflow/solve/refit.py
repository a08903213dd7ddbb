"""A solver's plan whose flows break a row once its binaries are rounded, re-solved for the
flows (an LP with every integer column fixed at its rounded value).

HiGHS accepts a binary within its integrality tolerance of 0 or 1 and a row within its
feasibility tolerance, both on its scaled model. A corridor's size switch left at a few 1e-6
then still carries a few 1e-5 of flow: rounded to 0 (the plan does not build it), the corridor's
capacity row reads that flow over a capacity of 0. The check (`solve.check`) rightly refuses
it, and before 2026-12-07 a 300 s regional run failed at its end for 2.7e-5 MWh/yr on a pipe it
did not build. The rounded plan is what the run reports, so its flows are re-solved for it:
the LP gives the best flows of exactly that plan, which the check then accepts or not. The
least-size pass (`solve.leastsize`) re-solves each round's flows by the same function.
"""

from __future__ import annotations

import numpy as np

from eitflow.model.arrays import MilpArrays
from eitflow.scenario import SolverOptions
from eitflow.solve.check import check_solution

__all__ = ["REFIT_S", "refit_flows"]

REFIT_S = 10.0   # the LP's time limit (s): one LP over the batch's continuous columns


def refit_flows(arr: MilpArrays, z: np.ndarray, seconds: float = REFIT_S,
                opts: SolverOptions | None = None) -> np.ndarray | None:
    """The column values of the plan `z` (its integer columns rounded) with the continuous
    columns re-solved by the LP of `arr`'s own objective (maximised) with every integer
    column fixed, or None where that LP has no solution within `seconds` or its solution does
    not pass `check_solution` either.

    Parameters
    ----------
    arr : MilpArrays
        The batch's model, its cuts and extra rows included (the LP keeps them).
    z : numpy.ndarray
        The solver's column values (units of each column: `model.arrays`).
    seconds : float
        Time limit of the LP (s).
    opts : SolverOptions, optional
        The run's solver options (threads); the defaults without.

    Returns
    -------
    numpy.ndarray or None
        The column values of the same plan that satisfy the model.
    """
    from eitflow.solve.highs import solve_highs

    ints = arr.integrality != 0
    r = solve_highs(arr.with_integers_at(z), opts or SolverOptions(), max(seconds, 0.01))
    if r.z is None:
        return None
    zk = np.where(ints, np.round(r.z), np.maximum(np.asarray(r.z, float), arr.lb))
    return None if check_solution(arr, zk) else zk
