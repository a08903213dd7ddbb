"""The local search over hub openings (`solve.hubsearch`), checked against values worked out
independently: the transport cost of an open set by scipy's LP on the textbook model, and
every neighbour of a set by that LP too (brute force over the close, open and swap moves)."""

from __future__ import annotations

import time

import numpy as np
import pytest
from scipy.optimize import linprog

from eitflow.bench.instances import facility_scenario
from eitflow.candidates.generate import build_candidates
from eitflow.model.build import build_arrays
from eitflow.solve.facility import Lagrangian, hub_structure, lagrangian
from eitflow.solve.hubsearch import TransportLP, _descend, _moves


def _instance(seed: int, m: int = 7, n: int = 14):
    rng = np.random.default_rng(seed)
    demand = rng.integers(1, 20, n).astype(float)
    capacity = np.ceil(rng.integers(15, 60, m) * max(1.0, 1.3 * demand.sum() / 200))
    fixed = rng.integers(50, 400, m).astype(float)
    cost = rng.integers(1, 60, (m, n)).astype(float) * demand   # cost of serving all of customer j from i
    return capacity, fixed, demand, cost


def _cost(capacity, fixed, demand, cost, open_) -> float:
    """fixed + transport cost of the open set (scipy LP on the textbook model), inf if infeasible."""
    op = np.flatnonzero(open_)
    if capacity[op].sum() < demand.sum():
        return np.inf
    n, k = len(demand), len(op)
    a_eq = np.zeros((n, k * n))
    a_ub = np.zeros((k, k * n))
    for a in range(k):
        a_ub[a, a * n:(a + 1) * n] = 1
        a_eq[np.arange(n), a * n + np.arange(n)] = 1
    r = linprog((cost / demand)[op].ravel(), A_ub=a_ub, b_ub=capacity[op], A_eq=a_eq, b_eq=demand, bounds=(0, None))
    return float(r.fun + fixed[op].sum()) if r.status == 0 else np.inf


def _setup(seed):
    data = _instance(seed)
    scen = facility_scenario(*data)
    arr = build_arrays(scen, build_candidates(scen))
    hs = hub_structure(arr)
    assert hs is not None
    return data, arr, hs


def _neighbours(open_):
    m = len(open_)
    for h in range(m):
        yield [h]
    for a in np.flatnonzero(open_):
        for b in np.flatnonzero(~open_):
            yield [int(a), int(b)]
    assert m


@pytest.mark.parametrize("seed", range(4))
def test_transport_lp_prices_every_set_as_the_textbook_lp(seed):
    data, arr, hs = _setup(seed)
    tp = TransportLP(arr, hs, time.time() + 60)
    rng = np.random.default_rng(seed)
    for _ in range(12):               # random sets, one after the other: warm starts both ways
        open_ = rng.random(len(hs.cap)) < rng.uniform(0.3, 0.9)
        want = _cost(*data, open_)
        tp.seen.clear()                  # price it afresh, not from the cache
        got = tp.price(open_)
        if np.isfinite(want):
            assert -got == pytest.approx(want, rel=1e-7)
            z = tp.last[0]
            # the flows are feasible for the strong model (x <= M w), switches exactly 0/1
            assert np.all(arr.A @ z <= arr.row_hi + 1e-6) and np.all(arr.A @ z >= arr.row_lo - 1e-6)
            assert set(np.unique(z[hs.w_col])) <= {0.0, 1.0}
        else:
            assert got == -np.inf


@pytest.mark.parametrize("seed", range(4))
def test_skipped_moves_cannot_improve_and_the_descent_ends_in_a_local_optimum(seed):
    """The moves `_moves` leaves out are no better by brute force; the end of `_descend` has
    no better neighbour among the moves `_moves` proposes there (all priced by the LP)."""
    data, arr, hs = _setup(seed)
    lag = Lagrangian(hs)
    tp = TransportLP(arr, hs, time.time() + 60)
    rank = lag.evaluate(*lag.initial()).profit
    rng = np.random.default_rng(seed)
    checked = 0
    for _ in range(4):
        open_ = rng.random(len(hs.cap)) < 0.7
        base = _cost(*data, open_)
        if not np.isfinite(base):
            continue
        tp.seen.clear()
        tp.price(open_)
        profit = lag.evaluate(*tp.multipliers(tp.last[1])).profit
        # every move, whatever its rank: the filter alone (rank equal for all)
        kept = {tuple(sorted(mv)) for mv in _moves(profit, np.zeros(len(hs.cap)), open_, limit_all=True)}
        for mv in _neighbours(open_):
            cand = open_.copy()
            cand[mv] = ~cand[mv]
            if tuple(sorted(mv)) not in kept:
                assert _cost(*data, cand) >= base - 1e-6 * abs(base), f"skipped move {mv} improves"
                checked += 1
        end = _descend(tp, lag, rank, open_)
        assert end is not None and _cost(*data, end) <= base + 1e-6 * abs(base)
    assert checked > 0


@pytest.mark.parametrize("seed", range(3))
def test_lagrangian_primal_is_brute_force_optimal_on_small_instances(seed):
    """With the local search, the primal of the Lagrangian phase is the brute-force optimum
    (7 hubs: every open set priced by scipy's LP) and never below the bound."""
    data, arr, hs = _setup(seed)
    m = len(hs.cap)
    best = min(_cost(*data, np.array([(k >> i) & 1 for i in range(m)], bool)) for k in range(1, 2 ** m))
    res = lagrangian(arr, hs, 20.0)
    assert res.objective is not None and res.bound >= res.objective - 1e-6 * abs(res.objective)
    assert -res.objective == pytest.approx(best, rel=1e-6)
