"""Flow-cover cuts (`solve.flowcover`): a hand-worked bound, validity by enumeration, and the
same optimum with and without them."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import scipy.sparse as sp
from scipy.optimize import linprog

from eitflow.model.arrays import MilpArrays
from eitflow.model.blocks import Blocks
from eitflow.solve import flowcover
from eitflow.solve.highs import highs_model


def fctp(S, D, margin, fixed, yld=None) -> MilpArrays:
    """Fixed-charge transportation, every source to every sink: maximise
    sum margin_ij x_ij - fixed_ij y_ij s.t. sum_j x_ij <= S_i, sum_i yld_ij x_ij <= D_j,
    x_ij <= min(S_i, D_j / yld_ij) y_ij (the layout `model.build` gives)."""
    S, D = np.asarray(S, float), np.asarray(D, float)
    m, n = len(S), len(D)
    L = m * n
    yld = np.ones((m, n)) if yld is None else np.asarray(yld, float)
    src, snk = np.repeat(np.arange(m), n), np.tile(np.arange(n), m)
    M = np.minimum(S[src], D[snk] / yld.ravel())
    cols, rows = Blocks(), Blocks()
    cols.add("x", L, np.arange(L))
    cols.add("y", L, np.arange(L))
    rows.add("supply", m, np.arange(m))
    rows.add("demand", n, m + np.arange(n))
    rows.add("link_max", L, np.arange(L))
    R = np.concatenate([src, m + snk, m + n + np.arange(L), m + n + np.arange(L)])
    C = np.concatenate([np.arange(L), np.arange(L), np.arange(L), L + np.arange(L)])
    V = np.concatenate([np.ones(L), yld.ravel(), np.ones(L), -M])
    A = sp.csr_matrix((V, (R, C)), shape=(m + n + L, 2 * L))
    return MilpArrays(c=np.concatenate([np.asarray(margin, float).ravel(), -np.asarray(fixed, float).ravel()]),
                      lb=np.zeros(2 * L), ub=np.concatenate([M, np.ones(L)]),
                      integrality=np.r_[np.zeros(L, np.int8), np.ones(L, np.int8)], A=A,
                      row_lo=np.full(m + n + L, -np.inf), row_hi=np.concatenate([S, D, np.zeros(L)]),
                      links=np.arange(L), row_names=[f"r{i}" for i in range(m + n + L)], cols=cols, rows=rows)


def lp_bound(arr: MilpArrays) -> float:
    h = highs_model(arr.relaxed())
    h.setOptionValue("threads", 1)
    h.run()
    return float(h.getInfo().objective_function_value)


def mip_optimum(arr: MilpArrays) -> float:
    h = highs_model(arr)
    h.setOptionValue("threads", 1)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.run()
    return float(h.getInfo().objective_function_value)


def test_hand_worked_bound(monkeypatch):
    """One source of 80 and two sinks of 60, margin 10 per unit, fixed cost 300 a link.
    LP without cuts: each unit pays 300/60 = 5 of fixed cost, so all 80 units: 80 x 5 = 400.
    Integer optimum: one sink in full, 600 - 300 = 300 (both: 800 - 600 = 200). The cover
    {1, 2} (120 = 80 + lambda, lambda 40) gives x1 + x2 + 20 (1 - y1) + 20 (1 - y2) <= 80;
    with it the LP's best symmetric point is x = 30, y = 1/2 each: 600 - 300 = 300, the
    integer optimum (by symmetry and concavity, a symmetric optimum exists)."""
    monkeypatch.setattr(flowcover, "MIN_BINARIES", 1)
    arr = fctp([80.0], [60.0, 60.0], [[10.0, 10.0]], [[300.0, 300.0]])
    assert lp_bound(arr) == pytest.approx(400.0, rel=1e-9)
    strong, info = flowcover.add_flow_covers(arr, budget_s=10.0)
    assert info["lp_before"] == pytest.approx(400.0, rel=1e-9)
    assert info["lp_after"] == pytest.approx(300.0, rel=1e-7)
    assert lp_bound(strong) == pytest.approx(300.0, rel=1e-7)
    assert len(strong.rows["flow_cover"]) == 1 and strong.rows["flow_cover"].labels[0] == 0
    cut = strong.A.tocsr()[strong.rows["flow_cover"].start].toarray().ravel()
    # x1 + x2 - 20 y1 - 20 y2 <= 80 - 40
    assert cut == pytest.approx([1, 1, -20, -20])
    assert strong.row_hi[-1] == pytest.approx(40.0)
    assert mip_optimum(strong) == pytest.approx(300.0, rel=1e-9) == mip_optimum(arr)


def _max_over_integer_points(arr: MilpArrays, obj: np.ndarray) -> float:
    """max obj . x over the integer-feasible set of `arr` (no cut rows), by enumerating every
    switch pattern and solving the LP in the flows (scipy's HiGHS)."""
    xs, ys = arr.cols["x"].slice, arr.cols["y"].slice
    L = len(arr.cols["y"])
    A = arr.A.tocsr()
    best = -np.inf
    for pattern in itertools.product((0.0, 1.0), repeat=L):
        y = np.asarray(pattern)
        # rows in x with y fixed: A_x x <= row_hi - A_y y
        rhs = arr.row_hi - A[:, ys] @ y
        res = linprog(-obj[xs], A_ub=A[:, xs].toarray(), b_ub=rhs, bounds=list(zip(arr.lb[xs], arr.ub[xs])),
                      method="highs")
        if res.status == 0:
            best = max(best, -res.fun + float(obj[ys] @ y))
    return best


def test_random_cuts_valid_and_optimum_unchanged(monkeypatch):
    """Random 2 x 3 instances (shared supplies, high fixed costs, yields): every cut row is
    valid for every integer point (its left side maximised over each of the 64 switch
    patterns is within its right side), and the MIP optimum with the cuts equals the
    enumerated optimum without them."""
    monkeypatch.setattr(flowcover, "MIN_BINARIES", 1)
    rng = np.random.default_rng(7)
    n_cuts = tightened = 0
    for _ in range(8):
        S = rng.uniform(40, 120, 2)
        D = rng.uniform(30, 90, 3)
        yld = rng.uniform(0.7, 1.0, (2, 3))
        margin = rng.uniform(5, 15, (2, 3))
        fixed = rng.uniform(100, 600, (2, 3))
        arr = fctp(S, D, margin, fixed, yld)
        strong, info = flowcover.add_flow_covers(arr, budget_s=10.0)
        if "flow_cover" not in strong.rows:
            continue
        blk = strong.rows["flow_cover"]
        A = strong.A.tocsr()
        for r in range(blk.start, blk.stop):
            n_cuts += 1
            lhs_max = _max_over_integer_points(arr, A[r].toarray().ravel())
            assert lhs_max <= strong.row_hi[r] + 1e-6 * max(1.0, abs(strong.row_hi[r]))
        opt = _max_over_integer_points(arr, arr.c)
        assert mip_optimum(strong) == pytest.approx(opt, rel=1e-7)
        assert lp_bound(strong) >= opt - 1e-6 * abs(opt)
        tightened += info["lp_after"] < info["lp_before"] - 1e-9
    assert n_cuts >= 5 and tightened >= 3, (n_cuts, tightened)   # the test exercised real cuts


def _separate_per_row(nr: flowcover.NodeRows, z: np.ndarray) -> list:
    """The reference separation, one row at a time in plain Python and numpy (the rule of
    `flowcover.separate`, written out directly): per row, the active switched flows sorted
    open first, then by capacity; every prefix covering b is tried and the most violated
    (first of equals) is kept."""
    cuts = []
    yv_all = np.where(nr.ycol >= 0, z[np.maximum(nr.ycol, 0)], 1.0)
    for i in range(len(nr.rows)):
        s, e, b = nr.ptr[i], nr.ptr[i + 1], nr.rhs[i]
        terms = [k for k in range(s, e) if nr.a[k] * z[nr.col[k]] > 1e-9 * max(b, 1.0) and nr.ycol[k] >= 0]
        if len(terms) < 2:
            continue
        terms.sort(key=lambda k: (-yv_all[k], -nr.u[k], k))
        best = None
        cum = 0.0
        for p, k in enumerate(terms):
            cum += nr.u[k]
            if cum <= b * (1 + 1e-9):
                continue
            lam = cum - b
            C = terms[:p + 1]
            viol = sum(nr.a[j] * z[nr.col[j]] + max(nr.u[j] - lam, 0.0) * (1 - yv_all[j]) for j in C) - b
            if viol > flowcover.MIN_VIOLATION * max(b, 1.0) and (best is None or viol > best[0]):
                best = (viol, C, lam)
        if best is None:
            continue
        _, C, lam = best
        coef = {j: max(nr.u[j] - lam, 0.0) for j in C}
        cols = [nr.col[j] for j in C] + [nr.ycol[j] for j in C if coef[j] > 0]
        vals = [nr.a[j] for j in C] + [-coef[j] for j in C if coef[j] > 0]
        cuts.append((i, cols, vals, b - sum(coef.values())))
    return cuts


def _random_node_rows(rng, n_rows: int, n_cols: int) -> tuple[flowcover.NodeRows, np.ndarray]:
    """Random single-node rows (0 to 25 terms, some without a switch) and a random point
    with fractional, closed and open switches, shared columns between rows."""
    lengths = rng.integers(0, 26, n_rows)
    ptr = np.r_[0, np.cumsum(lengths)]
    m = int(ptr[-1])
    col = rng.integers(0, n_cols, m)
    ycol = np.where(rng.random(m) < 0.85, n_cols + rng.integers(0, n_cols, m), -1)
    a = rng.uniform(0.5, 1.5, m)
    u = rng.uniform(1.0, 100.0, m)
    rhs = rng.uniform(10.0, 400.0, n_rows)
    z = np.r_[rng.uniform(0.0, 60.0, n_cols) * (rng.random(n_cols) < 0.7),
              np.choose(rng.integers(0, 3, n_cols), [rng.random(n_cols), np.zeros(n_cols), np.ones(n_cols)])]
    nr = flowcover.NodeRows(np.arange(n_rows), np.arange(n_rows), ptr.astype(np.int64), col.astype(np.int64),
                            a, u, ycol.astype(np.int64), rhs)
    return nr, z


def _assert_same_cuts(got, want):
    assert [c[0] for c in got] == [c[0] for c in want]
    for (_, cols, vals, rhs), (_, cols_w, vals_w, rhs_w) in zip(got, want):
        assert list(cols) == list(cols_w)
        assert np.asarray(vals) == pytest.approx(np.asarray(vals_w), rel=1e-12, abs=1e-9)
        assert rhs == pytest.approx(rhs_w, rel=1e-12, abs=1e-9)


@pytest.mark.parametrize("seed", range(6))
def test_vectorised_separation_matches_the_per_row_rule(seed, monkeypatch):
    """`separate` (one numpy pass over all rows) returns the cuts of the per-row reference
    on random rows and points: the same rows, columns, coefficients and right-hand sides;
    with pair chunks small enough that every call is split, too."""
    rng = np.random.default_rng(seed)
    nr, z = _random_node_rows(rng, 300, 400)
    want = _separate_per_row(nr, z)
    assert len(want) >= 20                                    # the instances do have violated covers
    _assert_same_cuts(flowcover.separate(nr, z), want)
    monkeypatch.setattr(flowcover, "PAIR_CHUNK", 7)
    _assert_same_cuts(flowcover.separate(nr, z), want)


def test_vectorised_separation_on_lp_points_of_real_layouts():
    """At the LP optimum of random fixed-charge transportation instances (the layout
    `model.build` gives, through `node_rows`), the vectorised and per-row separations agree."""
    rng = np.random.default_rng(3)
    n = 0
    for _ in range(5):
        m, k = 4, 9
        arr = fctp(rng.uniform(40, 200, m), rng.uniform(20, 90, k), rng.uniform(5, 15, (m, k)),
                   rng.uniform(100, 900, (m, k)), rng.uniform(0.7, 1.0, (m, k)))
        h = highs_model(arr.relaxed())
        h.setOptionValue("threads", 1)
        h.run()
        z = np.asarray(h.getSolution().col_value)
        nr = flowcover.node_rows(arr)
        want = _separate_per_row(nr, z)
        n += len(want)
        _assert_same_cuts(flowcover.separate(nr, z), want)
    assert n >= 5


def test_rows_with_other_terms_left_alone():
    """A supply row that also holds another kind of column (here: a supply switch, as a
    placement or a supply to build would be) is not a single-node flow row."""
    arr = fctp([80.0, 70.0], [60.0, 60.0], np.full((2, 2), 10.0), np.full((2, 2), 300.0))
    A = arr.A.tolil()
    A[0, 4] = -1.0   # a switch column in the first supply's row
    other = MilpArrays(**{**arr.__dict__, "A": A.tocsr()})
    assert list(flowcover.node_rows(other).rows) == [1, 2, 3]   # the other supply, the two demands
    assert list(flowcover.node_rows(arr).rows) == [0, 1, 2, 3]


def test_same_optimum_through_the_solver_with_and_without_covers(tmp_path, monkeypatch):
    """A dense heat cluster (12 x 12 links, one component) solved to optimality by `solve`
    with the cut rounds and without them: the same objective; the covers did cut."""
    from cluster import write_dense_heat
    from eitflow.candidates.generate import build_candidates
    from eitflow.io.read import read_scenario
    from eitflow.model.build import build_arrays
    from eitflow.solve.driver import solve

    scen = read_scenario(write_dense_heat(tmp_path, n=12, gap=0.0, time_limit=120))
    cand = build_candidates(scen)
    monkeypatch.setattr(flowcover, "MIN_BINARIES", 1)
    _, info = flowcover.add_flow_covers(build_arrays(scen, cand), budget_s=30.0)
    assert info["cuts"] >= 1 and info["lp_after"] < info["lp_before"]
    with_cuts = solve(scen, cand)
    monkeypatch.setattr(flowcover, "MIN_BINARIES", 10**9)
    without = solve(scen, cand)
    assert with_cuts.status == without.status == "optimal"
    assert with_cuts.objective == pytest.approx(without.objective, rel=1e-6)
    assert with_cuts.n_constraints > without.n_constraints     # the cut rows were in the model


def test_a_batch_solved_to_the_looser_first_pass_gap_is_not_optimal():
    """The first pass solves several batches to FIRST_PASS_GAP_FACTOR x the target; a batch
    whose gap is then above the target is only feasible (the second pass may tighten it, and
    the run's status is not claimed optimal from it)."""
    from eitflow.scenario import SolverOptions
    from eitflow.solve.schedule import _loose
    from eitflow.solve.status import BatchResult, Status

    opts = SolverOptions(mip_gap=0.01)
    wide = BatchResult(Status.OPTIMAL, 100.0, 101.5, np.zeros(1), 0.1, "Optimal")      # 1.5 %
    close = BatchResult(Status.OPTIMAL, 100.0, 100.5, np.zeros(1), 0.1, "Optimal")     # 0.5 %
    out = _loose([wide, close, wide], opts, [True, True, False])
    # the third was solved to the target itself: HiGHS's own verdict stands
    assert [r.status for r in out] == [Status.FEASIBLE, Status.OPTIMAL, Status.OPTIMAL]


def test_mid_sized_solves_ending_well_before_the_deadline_run_in_process():
    import time

    from eitflow.scenario import SolverOptions
    from eitflow.solve import batch

    class Arr:   # only the size matters to the rule
        def __init__(self, n):
            self.n_x = n

    auto, now = SolverOptions(), time.time()
    assert not batch.isolated(Arr(2_000), auto, now + 100, 10)        # ends 90 s before the deadline
    assert batch.isolated(Arr(2_000), auto, now + 100, 98)            # ends 2 s before it
    assert not batch.isolated(Arr(100), auto, now + 100, 98)          # small: never
    assert batch.isolated(Arr(50_000), auto, now + 100, 10)           # large: always
    assert batch.isolated(Arr(100), SolverOptions(isolate="always"), now + 100, 10)
    assert not batch.isolated(Arr(50_000), SolverOptions(isolate="never"), now + 100, 98)
