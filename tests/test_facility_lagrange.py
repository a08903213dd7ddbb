"""The Lagrangian bound and primal of facility-location batches (`solve.facility`), checked
against optima found independently: brute force over every set of open facilities with
scipy's LP for the flows (the textbook model, not eitflow's arrays), and OR-Library's
published optima."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from scipy.optimize import linprog

from eitflow import optimise
from eitflow.bench.instances import facility_scenario, read_orlib_cap
from eitflow.candidates.generate import build_candidates
from eitflow.model.build import build_arrays
from eitflow.solve.facility import Lagrangian, _cover_knapsack, hub_structure, lagrangian


def _instance(seed: int, m: int = 6, n: int = 12):
    rng = np.random.default_rng(seed)
    demand = rng.integers(1, 20, n).astype(float)
    capacity = rng.integers(15, 60, m).astype(float)
    while capacity.sum() < demand.sum() * 1.2:
        capacity *= 1.3
    capacity = np.ceil(capacity)
    fixed = rng.integers(50, 400, m).astype(float)
    cost = rng.integers(1, 60, (m, n)).astype(float) * demand   # cost of serving all of customer j from i
    return capacity, fixed, demand, cost


def _brute_force_min_cost(capacity, fixed, demand, cost) -> float:
    """min fixed + transport cost over every set of open facilities (scipy LP for the flows)."""
    m, n = cost.shape
    unit = cost / demand                              # per unit of demand, as eitflow's legs
    best = np.inf
    for open_ in itertools.product([0, 1], repeat=m):
        op = np.flatnonzero(open_)
        if capacity[op].sum() < demand.sum():
            continue
        k = len(op)
        # x[i, j] for i in op: sum_i x_ij = d_j, sum_j x_ij <= cap_i
        a_eq = np.zeros((n, k * n))
        a_ub = np.zeros((k, k * n))
        for a in range(k):
            a_ub[a, a * n:(a + 1) * n] = 1
            a_eq[np.arange(n), a * n + np.arange(n)] = 1
        r = linprog(unit[op].ravel(), A_ub=a_ub, b_ub=capacity[op], A_eq=a_eq, b_eq=demand, bounds=(0, None))
        if r.status == 0:
            best = min(best, r.fun + fixed[op].sum())
    return float(best)


def _arrays(capacity, fixed, demand, cost):
    scen = facility_scenario(capacity, fixed, demand, cost)
    return build_arrays(scen, build_candidates(scen))


def _feasible(arr, z, tol=1e-6) -> bool:
    az = arr.A @ z
    return bool(np.all(az >= arr.row_lo - tol) and np.all(az <= arr.row_hi + tol)
                and np.all(z >= arr.lb - tol) and np.all(z <= arr.ub + tol)
                and np.allclose(z[arr.integrality == 1], np.round(z[arr.integrality == 1])))


@pytest.mark.parametrize("seed", range(6))
def test_bound_and_primal_bracket_the_brute_force_optimum(seed):
    data = _instance(seed)
    best = -_brute_force_min_cost(*data)              # eitflow maximises -cost
    arr = _arrays(*data)
    hs = hub_structure(arr)
    assert hs is not None
    lag = Lagrangian(hs)
    rng = np.random.default_rng(100 + seed)
    lam0, mu0 = lag.initial()
    # the bound is valid at *any* multipliers (free on required demands, >= 0 on supplies)
    for _ in range(20):
        lam = lam0 + rng.normal(0, 30, len(lam0))
        mu = np.abs(rng.normal(0, 5, len(mu0)))
        assert lag.evaluate(lam, mu).value >= best - 1e-6 * abs(best)
    res = lagrangian(arr, hs, seconds=20.0)
    assert res.bound >= best - 1e-6 * abs(best)
    assert res.objective is not None and res.objective <= best + 1e-6 * abs(best)
    assert _feasible(arr, res.z) and float(arr.c @ res.z) == pytest.approx(res.objective, rel=1e-9)
    # on instances this small the subgradient closes most of the gap
    assert res.bound - best <= 0.05 * abs(best)


@pytest.mark.parametrize("seed,aggregated", [(0, False), (1, False), (2, False), (3, False), (0, True), (1, True)])
def test_through_the_solver_the_brute_force_optimum(seed, aggregated, monkeypatch):
    # the Lagrangian path forced on small batches (fixing, then HiGHS on the rest, on the
    # strong model or, as when many hubs stay free, the aggregated one): same optimum
    import eitflow.solve.batch as S

    monkeypatch.setattr(S, "LAGRANGE_MIN_LEGS", 1)
    if aggregated:
        monkeypatch.setattr(S, "AGGREGATED_FIRST_LEGS", 1)
    data = _instance(seed)
    res = optimise(facility_scenario(*data))
    assert res.status == "optimal"
    assert -res.summary["objective"] == pytest.approx(_brute_force_min_cost(*data), rel=1e-7)
    assert res.summary["bound"] >= res.summary["objective"] - 1e-6


def _check_cover_knapsack(profit: np.ndarray, q: np.ndarray, target: int) -> None:
    """`_cover_knapsack` against the enumeration of every subset of the items."""
    val, w = _cover_knapsack(profit, q, target)
    sets = [np.array(s, bool) for s in itertools.product([0, 1], repeat=len(q))]
    ok = [profit[s].sum() for s in sets if q[s].sum() >= target]
    if not ok:
        assert val == -np.inf
        return
    assert val == pytest.approx(max(ok))
    assert q[w].sum() >= target and profit[w].sum() == pytest.approx(val)


def test_cover_knapsack_against_enumeration():
    rng = np.random.default_rng(3)
    for _ in range(30):
        k = 7
        profit = rng.normal(0, 10, k)
        q = rng.integers(1, 9, k)
        target = int(rng.integers(0, q.sum() + 3))
        _check_cover_knapsack(profit, q, target)


def test_cover_knapsack_with_equal_sizes_against_enumeration():
    """Equal item sizes (OR-Library capa/b/c) take the cheapest-items path: same optimum."""
    rng = np.random.default_rng(4)
    for _ in range(30):
        k = 7
        profit = rng.normal(-5, 10, k)
        q = np.full(k, int(rng.integers(1, 9)))
        target = int(rng.integers(0, q.sum() + 3))
        _check_cover_knapsack(profit, q, target)


def _scenario(sites, flows, links, hubs):
    from eitflow import scenario_from_frames
    from eitflow.bench.instances import GOOD_RESOURCE

    return scenario_from_frames(sites, flows, links, resources=GOOD_RESOURCE, hubs=hubs, name="t",
                                carbon_price_eur_per_t=0.0, discount_rate=0.0, lifetime_years=1.0)


def test_structure_only_where_the_batch_is_facility_location():
    import pandas as pd

    from eitflow.bench.instances import facility_frames

    frames = facility_frames(*_instance(0))
    scen = _scenario(*frames)
    assert hub_structure(build_arrays(scen, build_candidates(scen))) is not None
    sites, flows, links, hubs = frames
    fixed = links.copy()
    fixed.loc[len(fixed) - 1, "fixed_cost_eur_per_yr"] = 10.0       # a link with a switch
    scen = _scenario(sites, flows, fixed, hubs)
    assert hub_structure(build_arrays(scen, build_candidates(scen))) is None
    direct = pd.concat([links, links.iloc[[-1]].assign(source_site="MARKET")], ignore_index=True)  # past the hubs
    scen = _scenario(sites, flows, direct, hubs)
    assert hub_structure(build_arrays(scen, build_candidates(scen))) is None


def _capopt(shared) -> dict[str, float]:
    lines = (shared / "data/benchmarks/orlib_cap/capopt.txt").read_text().splitlines()[1:]
    return {p[0]: float(p[1]) for p in (ln.split() for ln in lines) if len(p) == 2}


@pytest.mark.parametrize("name", ["cap41", pytest.param("cap131", marks=pytest.mark.slow)])
def test_orlib_bound_and_primal_bracket_the_published_optimum(shared, name, monkeypatch):
    import eitflow.solve.batch as S

    opt = -_capopt(shared)[name]
    scen = facility_scenario(*read_orlib_cap(shared / f"data/benchmarks/orlib_cap/{name}.txt"))
    arr = build_arrays(scen, build_candidates(scen))
    hs = hub_structure(arr)
    res = lagrangian(arr, hs, seconds=5.0)
    assert res.bound >= opt - 1e-7 * abs(opt) and res.objective <= opt + 1e-7 * abs(opt)
    assert res.bound - opt <= 0.01 * abs(opt)        # close to the optimum, as in the literature
    monkeypatch.setattr(S, "LAGRANGE_MIN_LEGS", 1)
    got = optimise(scen)
    assert got.status == "optimal"
    assert got.summary["objective"] == pytest.approx(opt, rel=1e-8, abs=2e-3)
