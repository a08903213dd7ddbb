"""The fixed work of small plain networks made smaller without changing what is computed (issue
#15: FCNetLib's smallest instances, where eitflow's work around HiGHS was more than HiGHS's own).
Each short cut is checked against the way it was done before, on the same inputs: a network-only
run's links kept as their columns (`Candidates.of_columns`: the frame made when first read),
columns read without a Series (`scenario.frame_column`), the parameters checked once per dump,
the Highs object re-used (`solve.highs._spare`), the loop check of `solve.tidy._least_flows` by
union-find; and whole solves of FCNetLib instances against the same solves the way before, the
proven optima of OPTIMA.csv and plain HiGHS on the textbook model."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from scipy.optimize import linprog
from scipy.sparse.csgraph import connected_components

import eitflow.scenario as scenario_module
import eitflow.solve.highs as highs_module
from eitflow.bench.fcnetlib import FcNet, fcnet_scenario, read_fcnet, read_optima, solve_plain
from eitflow.candidates.generate import build_candidates
from eitflow.io.read import read_scenario
from eitflow.model.build import build_arrays
from eitflow.scenario import frame_column
from eitflow.solve.driver import solve
from eitflow.solve.tidy import _least_flows

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
FCNET = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "benchmarks" / "fcnetlib"


def _small() -> FcNet:
    """tests/test_fixed_work.py's network: n1 supplies 10, n2 needs 4, n3 needs 6, n4 a
    junction. By hand: all through n2, n1->n2 (fixed 10 + 10 x 1) and n2->n3 (1 + 6 x 1), 27;
    through n4, 13 + 13 + (1 + 4) = 31; split, 14 + 18 = 32. The optimum costs 27."""
    t, h = np.array([0, 0, 3, 1, 2]), np.array([1, 3, 2, 2, 1])
    return FcNet("small", ["n1", "n2", "n3", "n4"], np.array([-10.0, 4.0, 6.0, 0.0]), t, h, ["a1"] * 5,
                 np.array([10.0, 3.0, 3.0, 1.0, 1.0]), np.ones(5), np.full(5, 10.0), 10.0)


def _same(got: np.ndarray, want: np.ndarray) -> bool:
    """Equal dtype and values, NaN equal to NaN (pandas' `equals`)."""
    return got.dtype == want.dtype and got.shape == want.shape and pd.Series(got).equals(pd.Series(want))


@pytest.mark.parametrize("name", ["zae_example", "ludres_backbone", "redon_h2"])
def test_frame_column_is_the_series_array(name):
    # every column of every table, as `frame[name].to_numpy()` gives it; the frame stays writable
    scen = read_scenario(SCENARIOS / name / "scenario.yaml")
    cand = build_candidates(scen)
    frames = [getattr(scen, t) for t in ("sites", "flows", "links", "hubs", "corridors", "junctions")]
    for frame in [f for f in frames if f is not None] + [cand.links, cand.dropped]:
        for c in frame.columns:
            got = frame_column(frame, c)
            assert _same(got, frame[c].to_numpy()), (name, c)
            got.flags.writeable = False        # as `Scenario.column` leaves it: not the frame's own
        if len(frame):
            first = frame.columns[0]
            frame.loc[frame.index[0], first] = frame[first].iloc[0]    # still writable
    with pytest.raises(KeyError):
        frame_column(scen.flows, "no_such_column")
    twice = pd.DataFrame([[1, 2.5]], columns=["a", "a"])   # a name given twice: pandas' own reading
    assert np.array_equal(frame_column(twice, "a"), twice["a"].to_numpy())


def test_check_params_checks_each_new_dump():
    # checked once per dump, as text: a change in place after a passing check is still refused,
    # True after 1.0 too (equal as numbers: 1.0 == True)
    scen = read_scenario(SCENARIOS / "zae_example" / "scenario.yaml")
    scen.check_params()
    scen.params.max_distance_km["heat"] = 1.0
    scen.check_params()
    scen.params.max_distance_km["heat"] = True
    with pytest.raises(ValueError, match="yes/no"):
        scen.check_params()
    scen.params.max_distance_km["heat"] = -5.0
    with pytest.raises(ValueError, match="greater than 0"):
        scen.check_params()
    scen.params.max_distance_km["heat"] = 1.0
    scen.check_params()


def _least_flows_before(tail, head, ia, xa):
    """`solve.tidy._least_flows` as it was: the pairs as sorted rows, scipy's components."""
    if len(ia) < 2:
        return None
    t, h = np.asarray(tail, np.int64)[ia], np.asarray(head, np.int64)[ia]
    used, loc = np.unique(np.r_[t, h], return_inverse=True)
    lt, lh = loc[:len(ia)], loc[len(ia):]
    pairs = np.unique(np.sort(np.c_[lt, lh], axis=1), axis=0)
    n = len(used)
    ncomp = connected_components(sp.coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(n, n)),
                                 directed=False)[0]
    if len(pairs) <= n - ncomp:
        return None
    T = xa.shape[1]
    ub = xa[ia].ravel()
    col = np.arange(len(ia) * T)
    per, arc = col % T, col // T
    rows = np.r_[lt[arc] * T + per, lh[arc] * T + per]
    A = sp.csr_matrix((np.r_[np.ones(len(col)), -np.ones(len(col))], (rows, np.r_[col, col])), shape=(n * T, len(col)))
    sol = linprog(np.ones(len(col)), A_eq=A, b_eq=A @ ub, bounds=np.c_[np.zeros(len(col)), ub], method="highs")
    if sol.status != 0 or sol.x is None:
        return None
    out = xa.copy()
    out[ia] = np.clip(sol.x, 0.0, ub).reshape(len(ia), T)
    return out


@pytest.mark.parametrize("seed", range(3))
def test_least_flows_loop_check_as_before(seed):
    # forests, loops, parallel arcs and both ways of a corridor, on up to 12 nodes: where the LP
    # runs, the same flows as before; where it no longer runs (no directed loop in any period:
    # `solve.tidy._loop_free`), the LP as before gives back the flows unchanged (a second solve);
    # where only it runs now (two arcs between the same places carrying opposite ways, read as one
    # edge before), it takes flow out and keeps every node's balance
    rng = np.random.default_rng(seed)
    loops = skipped = 0
    for _ in range(60):
        n, m, T = int(rng.integers(2, 12)), int(rng.integers(0, 16)), int(rng.integers(1, 3))
        tail, head = rng.integers(0, n, m), rng.integers(0, n, m)
        keep = tail != head
        tail, head = tail[keep], head[keep]
        xa = np.round(rng.uniform(0, 5, (len(tail), T)), 3)
        ia = np.flatnonzero(rng.random(len(tail)) < 0.8)
        got, want = _least_flows(tail, head, ia, xa), _least_flows_before(tail, head, ia, xa)
        if got is not None and want is not None:
            loops += 1
            assert np.array_equal(got, want)
        elif want is not None:
            skipped += 1
            assert np.allclose(want, xa, rtol=0.0, atol=1e-9)
        elif got is not None:
            assert got[ia].sum() < xa[ia].sum() - 1e-6
            net = lambda x: np.array([np.bincount(tail[ia], x[ia, p], n) - np.bincount(head[ia], x[ia, p], n)  # noqa: E731
                                      for p in range(T)])
            assert np.allclose(net(got), net(xa), atol=1e-9)
    assert loops >= 5 and skipped >= 3   # the LP was reached too, not only the forests


def _solve_the_way_before(scen, monkeypatch):
    """The candidates and the solution as before: the links a frame (every column read from
    pandas), columns read as Series, a new Highs object per solve."""
    with monkeypatch.context() as mp:
        mp.setattr(scenario_module, "frame_column", lambda frame, name: frame[name].to_numpy())
        mp.setattr(highs_module, "_keep_spare", lambda h: None)
        cand = build_candidates(scen)
        cand = dataclasses.replace(cand, links=cand.links.copy())
        assert cand._link_cols is None
        return cand, solve(scen, cand)


def _assert_same_solution(scen, fast, slow):
    (cf, sf), (cs, ss) = fast, slow
    a, b = build_arrays(scen, cf), build_arrays(scen, cs)
    assert a.A.shape == b.A.shape and (a.A != b.A).nnz == 0
    for f in ("c", "lb", "ub", "row_lo", "row_hi", "integrality"):
        assert np.array_equal(getattr(a, f), getattr(b, f)), f
    assert sf.status == ss.status and sf.objective == ss.objective and sf.bound == ss.bound
    for f in ("flow", "built", "arc_flow", "option_built", "option_capacity"):
        assert np.array_equal(getattr(sf, f), getattr(ss, f)), f
    assert cf.links.equals(cs.links)


def test_hand_network_fast_and_before_agree(monkeypatch):
    scen = fcnet_scenario(_small())
    cand = build_candidates(scen)
    assert cand._link_cols is not None and cand._frame is None    # the links as their columns
    sol = solve(scen, cand)
    assert cand._frame is None                                     # a solve makes no frame of them
    assert sol.objective == pytest.approx(-27.0)                   # by hand (`_small`)
    _assert_same_solution(scen, (cand, sol), _solve_the_way_before(scen, monkeypatch))


@pytest.mark.parametrize("name", ["sp50x100", "sp80x160", "sp90x250", "l61x114"])
def test_fcnet_fast_and_before_agree(name, monkeypatch):
    # the same model and solution both ways, the proven optimum of OPTIMA.csv, and plain HiGHS's
    # on the textbook model (a second solve)
    if not (FCNET / f"{name}.inc").exists():
        pytest.skip(f"FCNetLib is absent ({FCNET}): see ../shared/README.md")
    inst = read_fcnet(FCNET / f"{name}.inc")
    scen = fcnet_scenario(inst, time_limit_s=60.0)
    cand = build_candidates(scen)
    sol = solve(scen, cand)
    assert cand._frame is None
    fast = (cand, sol)
    slow = _solve_the_way_before(scen, monkeypatch)
    _assert_same_solution(scen, fast, slow)
    value, proven = read_optima(FCNET / "OPTIMA.csv")[name]
    plain = solve_plain(inst, 60.0)
    assert proven and plain["status"] == "optimal"
    assert -sol.objective == pytest.approx(value, abs=0.5) == plain["cost"]
    again = solve(scen, cand)     # the Highs object re-used: the same solution again
    assert again.objective == sol.objective and np.array_equal(again.flow, sol.flow)


def _fold_shift_before(A, value):
    """What `solve.fold` took before as the column-wise matrix and the fixed columns' shift."""
    C = A.tocsc()
    return C, C @ value


@pytest.mark.parametrize("seed", range(3))
def test_fold_columnwise_arrays_as_scipys(seed):
    # the fold's column-wise arrays and shift as scipy's tocsc and product gave them, bit for bit,
    # on random matrices (duplicate-free, rows in any order of columns) with columns fixed
    from eitflow.solve.fold import _columnwise, fold_fixed
    rng = np.random.default_rng(seed)
    for _ in range(100):
        m, n = (int(v) for v in rng.integers(1, 25, 2))
        A = sp.random(m, n, density=float(rng.uniform(0.05, 0.6)), format="csr",
                      random_state=int(rng.integers(1 << 30)), data_rvs=lambda k: rng.normal(size=k) * 10 ** rng.uniform(-3, 3, k))
        value = np.where(rng.random(n) < 0.4, rng.normal(size=n) * 100, 0.0)
        C, shift = _fold_shift_before(A, value)
        D = _columnwise(A)
        assert all(np.array_equal(getattr(C, f), getattr(D, f)) for f in ("indptr", "indices", "data")) and C.shape == D.shape
        assert np.array_equal(np.bincount(D.indices, weights=D.data * np.repeat(value, np.diff(D.indptr)),
                                          minlength=m), shift)
        lb = np.where(value != 0, value, 0.0)
        ub = np.where(value != 0, value, 10.0)
        fo = fold_fixed(A, np.ones(n), lb, ub, np.zeros(n, np.int8), np.full(m, -np.inf), np.full(m, np.inf))
        if fo is not None:
            lo = np.full(m, -np.inf) - shift
            kept = np.bincount(C.indices[np.repeat(value == 0, np.diff(C.indptr))], minlength=m) > 0
            assert (fo.A != C[:, value == 0][kept]).nnz == 0 and np.array_equal(fo.row_lo, lo[kept])
