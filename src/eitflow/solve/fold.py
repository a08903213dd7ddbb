"""Fixed columns folded out of a model before it is handed to HiGHS.

A column whose bounds are equal (a balanced network's injections, `model.network`), or
that a one-entry equality row pins (a required demand served by a single withdrawal link),
is a constant: its entries move into the row bounds and the column leaves the model; rows
left empty and satisfied leave too. HiGHS's presolve does the same, but it pays for the
extra columns and rows in every phase: measured on FCNetLib sp50x100 (HiGHS 1.16, one
thread, medians of 15), HiGHS's run takes 7.2 ms on eitflow's 189 x 239 model and 3.4 ms
on the folded 150 x 200 one, the size of the textbook model (3.4 ms); k10x90 1.19 -> 1.03 s,
beavma 0.37 -> 0.30 s (one run each). The fold is exact: every folded column takes its
fixed value back in `Folded.expand`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import scipy.sparse as sp

__all__ = ["Folded", "fold_fixed"]

# a value pinned by a row is used only where it is this close to an integer for an integer
# column and inside the column's bounds (else the model is left as it is: HiGHS decides)
_TOL = 1e-9


class _Columnwise(NamedTuple):
    """A matrix's column-wise (CSC) arrays and shape."""

    indptr: np.ndarray
    indices: np.ndarray
    data: np.ndarray
    shape: tuple[int, int]


@dataclass
class Folded:
    """The folded model (its matrix's column-wise arrays `columnwise`, or `A` as a scipy
    matrix, c, bounds, integrality, row bounds) and how to expand a solution of it back to
    every column (`keep`: the kept columns; `value`: every column's fixed value, used where
    `keep` is False)."""

    columnwise: _Columnwise
    c: np.ndarray
    lb: np.ndarray
    ub: np.ndarray
    integrality: np.ndarray
    row_lo: np.ndarray
    row_hi: np.ndarray
    keep: np.ndarray
    value: np.ndarray
    offset: float  # objective of the folded columns (c . value over them)

    @property
    def A(self) -> sp.csc_matrix:
        """The folded matrix as scipy's CSC (made when asked: `solve.highs` hands HiGHS the
        arrays, and scipy's checks of them cost 0.05 ms a solve)."""
        cw = self.columnwise
        return sp.csc_matrix((cw.data, cw.indices, cw.indptr), shape=cw.shape)

    def expand(self, zk: np.ndarray) -> np.ndarray:
        """The full column vector from a solution of the folded model."""
        z = self.value.copy()
        z[self.keep] = zk
        return z

    def reduce(self, z: np.ndarray) -> np.ndarray:
        """The folded model's columns of a full column vector (a start)."""
        return np.asarray(z, float)[self.keep]


def _columnwise(R: sp.csr_matrix) -> _Columnwise:
    """The CSC arrays of `R` as scipy's ``tocsc`` makes them (each column's entries in row
    order: a stable sort of the entries by column), without its checks and conversions (0.1 ms
    a model, where FCNetLib sp50x100's whole HiGHS run takes 2-3 ms)."""
    nrow, ncol = R.shape
    order = np.argsort(R.indices, kind="stable")
    rows = np.repeat(np.arange(nrow, dtype=R.indices.dtype), np.diff(R.indptr))
    indptr = np.zeros(ncol + 1, R.indptr.dtype)
    np.cumsum(np.bincount(R.indices, minlength=ncol), out=indptr[1:])
    return _Columnwise(indptr, rows[order], R.data[order], (nrow, ncol))


def fold_fixed(A: sp.spmatrix, c: np.ndarray, lb: np.ndarray, ub: np.ndarray, integrality: np.ndarray,
               row_lo: np.ndarray, row_hi: np.ndarray) -> Folded | None:
    """Fold out the fixed columns (see the module docstring). None when nothing is fixed."""
    lb, ub = np.asarray(lb, float).copy(), np.asarray(ub, float).copy()
    R = A.tocsr()
    count = np.diff(R.indptr)
    single = np.flatnonzero((count == 1) & (row_lo == row_hi) & np.isfinite(row_lo))
    if len(single):
        col = R.indices[R.indptr[single]]
        val = row_lo[single] / R.data[R.indptr[single]]
        ok = (val >= lb[col] - _TOL) & (val <= ub[col] + _TOL)
        ok &= (integrality[col] == 0) | (np.abs(val - np.round(val)) <= _TOL)
        # a column pinned by two rows is left to HiGHS (they may disagree)
        ok &= np.bincount(col, minlength=len(lb))[col] == 1
        lb[col[ok]] = ub[col[ok]] = np.clip(val[ok], lb[col[ok]], ub[col[ok]])
    fixed = lb == ub
    if not fixed.any():
        return None
    keep = ~fixed
    value = np.where(fixed, lb, 0.0)
    C = _columnwise(R)
    per_col = np.diff(C.indptr)
    # A @ value summed column by column, as scipy's column-wise product adds them
    shift = np.bincount(C.indices, weights=C.data * np.repeat(value, per_col), minlength=C.shape[0])
    # the kept columns' entries, straight from the column-wise arrays (scipy's column and row
    # slicing cost about 0.3 ms a model, a tenth of HiGHS's whole run on FCNetLib's smallest):
    # a row is kept when a kept column has an entry in it, so those entries are all of them
    mine = np.repeat(keep, per_col)
    row_of = C.indices[mine]
    left = np.bincount(row_of, minlength=C.shape[0]) > 0
    lo, hi = row_lo - shift, row_hi - shift
    tol = _TOL * np.maximum(1.0, np.abs(shift))
    if (~left & ((lo > tol) | (hi < -tol))).any():
        return None   # a constant row is broken: the model is infeasible, HiGHS says so on the original
    rows = left
    new_row = np.cumsum(rows) - 1
    Af = _Columnwise(np.r_[0, np.cumsum(per_col[keep])], new_row[row_of], C.data[mine],
                     (int(rows.sum()), int(keep.sum())))
    return Folded(Af, np.asarray(c)[keep], lb[keep], ub[keep], np.asarray(integrality)[keep],
                  lo[rows], hi[rows], keep, value, float(np.asarray(c) @ value))
