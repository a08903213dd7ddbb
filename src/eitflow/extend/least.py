"""A model extended in PuLP gets the least-size pass too (`solve.leastsize`): a solve stopped
at its limit (or its gap) may lay a pipe larger than its flows need, or one carrying nothing,
as `eitflow.optimise`'s may, and every money figure then describes pipes nobody needs.

The pass's LP sees eitflow's rows, not the user's. So every column of eitflow's that a row
added in PuLP holds (its terms), or whose PuLP bounds differ from eitflow's (a pipe committed
with ``y == 1``), stays at its solved value in that LP; the user's own variables keep theirs.
Each row the user added then holds as solved, and `holds` (`extend._pulp_rows_hold`) checks it
again on what the pass keeps. A corridor so held keeps its size; the others drop to their least.

The pass maximises eitflow's objective: with an objective set in PuLP it would trade the
user's for eitflow's, so it is not run, and the result says how many corridors were left above
their least size or idle (`sol_pulp_least_skipped`).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from eitflow.i18n import Count, Phrase
from eitflow.model.arrays import MilpArrays
from eitflow.scenario import SolverOptions
from eitflow.solve.leastsize import LEAST_S, least_options, option_columns, pipes_at_least

__all__ = ["held_columns", "pulp_at_least"]


def held_columns(prob: Any, arr: MilpArrays, rows: set[str]) -> np.ndarray:
    """Which of eitflow's columns (`prob._eitflow_vars`, aligned with `arr`'s) are in a row of
    `prob` not among `rows` (those of `pulp_problem`) or have PuLP bounds other than `arr`'s."""
    allv = prob._eitflow_vars
    at = {v.name: i for i, v in enumerate(allv)}
    held = np.zeros(len(allv), bool)
    for name, c in prob.constraints.items():
        if name not in rows:
            held[[at[v.name] for v in c if v.name in at]] = True
    lo = np.array([-np.inf if v.lowBound is None else v.lowBound for v in allv], float)
    hi = np.array([np.inf if v.upBound is None else v.upBound for v in allv], float)
    return held | (lo != arr.lb) | (hi != arr.ub)


def pulp_at_least(prob: Any, arr: MilpArrays, z: np.ndarray, opts: SolverOptions, rows: set[str], own: bool,
                  holds: Callable[[np.ndarray, np.ndarray], bool]) -> tuple[np.ndarray, Phrase | None]:
    """`z` (eitflow's column values of `prob`'s solution) with its pipes at their least sizes
    and idle ones unbuilt (`solve.leastsize.pipes_at_least`), the columns `held_columns` names
    at their values, within `budget.LEAST_S` (s); and what the result should say.

    Parameters
    ----------
    prob : pulp.LpProblem
        From `eitflow.pulp_problem`, solved.
    arr : MilpArrays
        Its model.
    z : numpy.ndarray
        eitflow's column values of the solution.
    opts : SolverOptions
        The scenario's solver options (threads).
    rows : set of str
        The names of `pulp_problem`'s own rows.
    own : bool
        Whether `prob`'s objective is still eitflow's (`extend._objective_is_eitflows`).
    holds : callable
        ``holds(before, after)``: whether PuLP's rows and bounds hold after the move.

    Returns
    -------
    (numpy.ndarray, Phrase or None)
        The column values kept (`z` itself where nothing falls); with an objective set in PuLP
        `z`, and a phrase naming the corridors above their least size or idle (None if none).
    """
    nb = arr.network
    if nb is None or not len(nb.options):
        return z, None
    if not own:   # the pass would maximise eitflow's objective, not the one set in PuLP
        o, _ = option_columns(arr)
        n = len(np.unique(nb.opt_corridor[(z[o] > 0.5) != (least_options(arr, z) > 0.5)]))
        return z, (Phrase("sol_pulp_least_skipped", n=Count(n, "n_corridors_above_least")) if n else None)
    held = held_columns(prob, arr, rows)
    fixed = dataclasses.replace(arr, lb=np.where(held, z, arr.lb), ub=np.where(held, z, arr.ub))
    zk = pipes_at_least(fixed, z, opts, time.time() + LEAST_S)
    if zk is not z and not holds(z, zk):
        return z, None   # the user's rows before the pass (not seen: their columns are held)
    return zk, None
