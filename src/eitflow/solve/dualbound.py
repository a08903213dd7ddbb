"""A valid bound of a batch at any row multipliers: the Lagrangian function with every row
relaxed, which an LP stopped at its time limit still gives.

For the maximisation max c.z s.t. lo <= A z <= hi, lb <= z <= ub (the box finite, as every
eitflow column's), and any multipliers y, every feasible z satisfies

    c.z = y.(A z) + d.z,  d = c - A'y,
        <= sum_r max(y_r lo_r, y_r hi_r) + sum_j max(d_j lb_j, d_j ub_j)

(each term of y.(A z) at most its row's side in y's direction, each of d.z at most its column's
bound in d's). At an LP's optimal duals this is the LP's value; at the duals HiGHS's dual
simplex holds when it stops at its limit (without presolve: with presolve it hands back none),
it lies between the first bound it had and the LP's. Measured on the synthetic region's first
town (seed 0): -0.53, -2.29 and -4.52 MEUR/yr after 0.2, 0.5 and 1.0 s of its 1.3 s LP (-6.87 at
the end), where the required-node rows alone give -2.45 (`netlarge.cover_bound`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from eitflow.model.arrays import MilpArrays

__all__ = ["Lagrangian", "dual_bound", "lagrangian", "side_terms"]


@dataclass(frozen=True)
class Lagrangian:
    """The Lagrangian function of a batch at row multipliers y (module docstring): its value
    and what each column adds to it, so that the bound with a column fixed is read off it."""

    bound: float          #: sum_r max(y_r lo_r, y_r hi_r) + sum_j terms_j (EUR/yr)
    reduced: np.ndarray   #: d = c - A'y, per column (EUR per unit of the column)
    terms: np.ndarray     #: max(d_j lb_j, d_j ub_j), per column (EUR/yr)

    def fixed(self, cols, value: float) -> np.ndarray:
        """The bound (EUR/yr) with each column of `cols` alone fixed at `value` (its box
        [value, value]): the same multipliers bound the batch so restricted, its column's term
        becoming d_j value. Written as bound + (d_j value - term_j): a binary at 1 of box
        [0, 1] adds exactly min(0, d_j) (ranking's form before this was shared)."""
        return self.bound + (self.reduced[cols] * value - self.terms[cols])


def lagrangian(arr: MilpArrays, y: np.ndarray) -> Lagrangian | None:
    """The Lagrangian function of `arr` (a maximisation) at the row multipliers `y`: its value
    (`dual_bound`), reduced costs and column terms.

    Parameters
    ----------
    arr : MilpArrays
        The batch; its integrality is not used (the bound holds for its LP relaxation, so for it).
    y : array of float
        One multiplier per row of `arr` (EUR per unit of the row), any values: HiGHS's row duals
        of the maximisation, optimal or not. A multiplier pushing a row towards an infinite side
        is taken as 0 (still a bound: any y gives one).

    Returns
    -------
    Lagrangian or None
        None where the bound is infinite (a column with an infinite bound in its reduced cost's
        direction) or `y` has not one value per row.
    """
    y = np.asarray(y, float)
    if y.shape != (arr.shape[0],) or not np.all(np.isfinite(y)):
        return None
    lo, hi = arr.row_lo, arr.row_hi
    y = np.where(((y > 0) & ~np.isfinite(hi)) | ((y < 0) & ~np.isfinite(lo)), 0.0, y)
    d = arr.c - arr.A.T @ y
    rows = side_terms(y, lo, hi)
    cols = np.where(d > 0, d * np.where(d > 0, arr.ub, 0.0), d * np.where(d < 0, arr.lb, 0.0))
    bound = float(rows.sum() + cols.sum())
    return Lagrangian(bound, d, cols) if np.isfinite(bound) else None


def side_terms(y: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Per row, its multiplier times its side in the multiplier's direction (EUR/yr): y_r hi_r
    where y_r > 0, y_r lo_r where y_r < 0, 0 where y_r = 0 (no inf x 0): the y'b of every
    Lagrangian bound here (`lagrangian`'s, `solve.lagrange.count_lagrangian`'s). `y` must not push
    a row towards an infinite side (the callers set such multipliers to 0 first)."""
    return np.where(y > 0, y * np.where(y > 0, hi, 0.0), y * np.where(y < 0, lo, 0.0))


def dual_bound(arr: MilpArrays, y: np.ndarray) -> float | None:
    """The Lagrangian bound of `arr` (a maximisation, EUR/yr) at the row multipliers `y`.

    Parameters
    ----------
    arr : MilpArrays
        The batch; its integrality is not used (the bound holds for its LP relaxation, so for it).
    y : array of float
        One multiplier per row of `arr` (EUR per unit of the row), any values (`lagrangian`).

    Returns
    -------
    float or None
        sum_r max(y_r lo_r, y_r hi_r) + sum_j max(d_j lb_j, d_j ub_j), d = c - A'y (EUR/yr);
        None where it is infinite (a column with an infinite bound in its reduced cost's
        direction) or `y` has not one value per row.
    """
    lag = lagrangian(arr, y)
    return None if lag is None else lag.bound
