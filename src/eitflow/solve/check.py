"""Every returned solution is checked against the constraints before anything is written."""

from __future__ import annotations

import numpy as np

from eitflow.model.arrays import MilpArrays

FEAS_TOL = 1e-6     # relative tolerance of the solution check
# how far from 0 or 1 a binary the solver returns may be and still count as one: HiGHS's
# mip_feasibility_tolerance. One constant for both of its uses below, the binaries taken as
# integral and the rows' slack for their rounding, because they describe the same thing: before,
# a binary was taken up to 1e-5 from an integer while its rounding was allowed only 1e-6 x its
# row coefficient, so a switch at 9e-6 carrying 9e-6 of its capacity passed the check as the
# solver returned it and broke its capacity row once rounded (the 300 s region run's failure,
# `tests/test_refit_rounded_plan.py`). Now the values and their rounding get the same verdict;
# a plan refused only for its rounding has its flows re-solved (`solve.refit`)
INT_TOL = 1e-6


def check_solution(arr: MilpArrays, z: np.ndarray) -> list[str]:
    """Constraint violations of the full column vector `z` in `arr`, with a tolerance
    relative to each row's scale; each names the row (its block and name)."""
    problems = []
    scale = np.maximum(1.0, np.abs(arr.ub))
    if np.any(z < arr.lb - FEAS_TOL * scale) or np.any(z > arr.ub + FEAS_TOL * scale):
        problems.append("a variable is outside its bounds")
    frac = np.where(arr.integrality == 1, np.abs(z - np.round(z)), 0.0)
    if np.any(frac > INT_TOL):
        problems.append(f"{int((frac > INT_TOL).sum())} binaries are fractional")
    act = arr.A @ z
    # a row's scale: its bounds, or the size of its terms where both sides are small (a hub
    # node's inflow - outflow = 0 over flows of hundreds of units; a placed activity's supply
    # row, sum x - s p <= 0): the solver's feasibility tolerance is relative to them
    # |A| @ v as sums over the entries of each row (scipy's abs(A) makes a new matrix: a tenth
    # of a millisecond a check, a thirtieth of HiGHS's whole solve on FCNetLib's smallest)
    R = arr.A.tocsr()
    nrow = R.shape[0]
    row_of = np.repeat(np.arange(nrow), np.diff(R.indptr))
    absd = np.abs(R.data)

    def abs_times(v: np.ndarray) -> np.ndarray:
        return np.bincount(row_of, weights=absd * v[R.indices], minlength=nrow)

    terms = abs_times(np.abs(z))
    rscale = np.maximum(np.maximum(1.0, terms), np.where(np.isfinite(arr.row_hi), np.abs(arr.row_hi), 0)
                        + np.where(np.isfinite(arr.row_lo), np.abs(arr.row_lo), 0))
    # rounding a binary the solver left within INT_TOL of 0 or 1 moves a row by up to INT_TOL
    # times its coefficient: a big-M row (flow <= M y, M in the thousands) then reads 1e-4 over
    # with y rounded to 0 (FCNetLib mc7), which is the solver's tolerance, not a wrong answer
    ints = (arr.integrality == 1).astype(float)
    slack = FEAS_TOL * rscale + (INT_TOL * abs_times(ints) if nrow else 0.0)
    over = act > arr.row_hi + slack
    under = act < arr.row_lo - slack
    for r in np.flatnonzero(over | under)[:5]:
        problems.append(f"constraint {arr.row_names[r]} ({arr.rows.name_of(int(r))}): {act[r]:.9g} not in "
                        f"[{arr.row_lo[r]:.9g}, {arr.row_hi[r]:.9g}]")
    return problems


def _clean(arr: MilpArrays, z: np.ndarray, tiny: float = FEAS_TOL) -> np.ndarray:
    """Round binaries, set flows at most `tiny` x their bound (at least 1) to 0, and keep the
    cascade's columns consistent with them."""
    z = np.where(arr.integrality == 1, np.round(z), np.maximum(z, 0.0))
    xs = arr.cols["x"].slice
    x = np.clip(z[xs], 0.0, arr.ub[xs])
    small = x <= tiny * np.maximum(1.0, arr.ub[xs])
    x[small] = 0.0
    z[xs] = x
    if arr.cascade is not None and small.any():
        arr.cascade.repair(z, arr.cols, arr.periods)
    return z
