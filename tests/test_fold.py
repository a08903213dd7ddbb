"""Fixed columns folded out before HiGHS (`solve.fold`): checked against models worked out by hand."""

import numpy as np
import scipy.sparse as sp

from eitflow.solve.fold import fold_fixed
from eitflow.solve.highs import _passed


def _model():
    # max 2 x0 + 3 x1 + x2  s.t.  x0 + x1 + x2 <= 10,  x2 = 4 (one-entry equality row),
    # x0 in [1, 1] (fixed), x1 in [0, 20]: by hand x = (1, 5, 4), objective 2 + 15 + 4 = 21
    A = sp.csr_matrix(np.array([[1.0, 1.0, 1.0], [0.0, 0.0, 2.0]]))
    return A, np.array([2.0, 3.0, 1.0]), np.array([1.0, 0.0, 0.0]), np.array([1.0, 20.0, 50.0]), \
        np.zeros(3, np.int8), np.array([-np.inf, 8.0]), np.array([10.0, 8.0])


def test_fold_keeps_the_free_column_and_the_shifted_row():
    fo = fold_fixed(*_model())
    assert fo is not None
    assert fo.keep.tolist() == [False, True, False]
    assert fo.A.shape == (1, 1)                 # x1 <= 10 - 1 - 4 = 5; the pinning row is gone
    assert fo.row_hi.tolist() == [5.0]
    assert fo.offset == 2.0 * 1 + 1.0 * 4
    assert fo.expand(np.array([5.0])).tolist() == [1.0, 5.0, 4.0]


def test_folded_model_solves_to_the_hand_optimum():
    fo = fold_fixed(*_model())
    h = _passed(fo.A, fo.c, fo.lb, fo.ub, fo.integrality, fo.row_lo, fo.row_hi, fo.offset)
    h.run()
    assert abs(h.getInfo().objective_function_value - 21.0) < 1e-9
    assert fo.expand(np.asarray(h.getSolution().col_value)).tolist() == [1.0, 5.0, 4.0]


def test_integer_column_pinned_off_integer_is_left_to_the_solver():
    A, c, lb, ub, integ, lo, hi = _model()
    integ = np.array([0, 0, 1], np.int8)
    lo[1] = hi[1] = 5.0                          # 2 x2 = 5: x2 = 2.5, not an integer
    fo = fold_fixed(A, c, lb, ub, integ, lo, hi)
    assert fo is not None and fo.keep.tolist() == [False, True, True]


def test_broken_constant_row_is_not_folded():
    # x0 fixed at 1 and a row 0 <= x0 <= 0.5 holding nothing else: infeasible; the fold
    # leaves the model whole so HiGHS reports it (an emptied model would read "empty, optimal")
    A = sp.csr_matrix(np.array([[1.0]]))
    assert fold_fixed(A, np.ones(1), np.ones(1), np.ones(1), np.zeros(1, np.int8), np.zeros(1), np.array([0.5])) is None


def test_nothing_fixed_gives_none():
    A = sp.csr_matrix(np.array([[1.0, 1.0]]))
    assert fold_fixed(A, np.ones(2), np.zeros(2), np.ones(2), np.zeros(2, np.int8), np.array([-np.inf]),
                      np.array([1.0])) is None


def _scipy_fold(A, lb, ub, row_lo, row_hi):
    """The folded matrix and rows by scipy's slicing (the way the fold took before it read the
    column-wise arrays): kept columns, then the rows with an entry in them."""
    keep = lb != ub
    C = sp.csc_matrix(A)
    shift = C @ np.where(keep, 0.0, lb)
    Ck = C[:, keep]
    rows = np.diff(sp.csr_matrix(Ck).indptr) > 0
    return sp.csc_matrix(Ck[rows]), (row_lo - shift)[rows], (row_hi - shift)[rows], keep


def test_the_folded_model_equals_scipys_slicing_on_random_models():
    # fixed columns by their bounds only (no row pins one: every row is an inequality), so
    # the fold's choice is known; its matrix, entry for entry (explicit zeros included), and
    # its rows against scipy's column and row slicing
    rng = np.random.default_rng(5)
    compared = 0
    for _ in range(400):
        m, n = (int(k) for k in rng.integers(1, 10, 2))
        A = sp.random(m, n, density=float(rng.uniform(0.1, 0.6)), random_state=int(rng.integers(1 << 30)),
                      format="csr")
        if A.nnz and rng.random() < 0.3:
            A.data[int(rng.integers(0, A.nnz))] = 0.0   # a stored zero stays stored
        ub = rng.uniform(1.0, 5.0, n)
        lb = np.where(rng.random(n) < 0.3, ub, 0.0)
        lo, hi = np.full(m, -np.inf), np.full(m, 1e6)
        fo = fold_fixed(A, np.ones(n), lb, ub, np.zeros(n, np.int8), lo, hi)
        if not (lb == ub).any():
            assert fo is None
            continue
        Aw, low, hiw, keep = _scipy_fold(A, lb, ub, lo, hi)
        assert fo is not None and np.array_equal(fo.keep, keep)
        assert fo.A.shape == Aw.shape
        for part in ("indptr", "indices", "data"):
            assert np.array_equal(getattr(fo.A, part), getattr(Aw, part))
        assert np.array_equal(fo.row_lo, low) and np.array_equal(fo.row_hi, hiw)
        compared += 1
    assert compared > 200
