"""Every returned solution is checked against the constraints before anything is written."""

from __future__ import annotations

import numpy as np

from eitflow.model.arrays import MilpArrays

FEAS_TOL = 1e-6     # relative tolerance of the solution check


def check_solution(arr: MilpArrays, x: np.ndarray, y: np.ndarray) -> list[str]:
    """Constraint violations of (x, y) in `arr`, with a tolerance relative to each row's scale."""
    z = np.concatenate([x, y])
    problems = []
    scale = np.maximum(1.0, np.abs(arr.ub))
    if np.any(z < arr.lb - FEAS_TOL * scale) or np.any(z > arr.ub + FEAS_TOL * scale):
        problems.append("a variable is outside its bounds")
    frac = np.where(arr.integer_cols, np.abs(y - np.round(y)), 0.0)
    if np.any(frac > 1e-5):
        problems.append(f"{int((frac > 1e-5).sum())} binaries are fractional")
    act = arr.A @ z
    rscale = np.maximum(1.0, np.where(np.isfinite(arr.row_hi), np.abs(arr.row_hi), 0) + np.where(np.isfinite(arr.row_lo), np.abs(arr.row_lo), 0))
    over = act > arr.row_hi + FEAS_TOL * rscale
    under = act < arr.row_lo - FEAS_TOL * rscale
    for r in np.flatnonzero(over | under)[:5]:
        problems.append(f"constraint {arr.row_names[r]}: {act[r]:.9g} not in [{arr.row_lo[r]:.9g}, {arr.row_hi[r]:.9g}]")
    return problems


def _clean(arr: MilpArrays, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Round binaries, clip tiny flows, and keep x consistent with its switch."""
    y = np.where(arr.integer_cols, np.round(y), np.maximum(y, 0.0))
    x = np.clip(x, 0.0, arr.ub[:arr.n_x])
    tiny = x <= FEAS_TOL * np.maximum(1.0, arr.ub[:arr.n_x])
    x[tiny] = 0.0
    if arr.cascade is not None and tiny.any():
        z = np.concatenate([x, y])
        arr.cascade.repair(z, arr.aux0, arr.periods, arr.n_x)
        y = z[arr.n_x:]
    return x, y


