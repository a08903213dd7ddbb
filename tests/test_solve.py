"""Solve stage: decomposition is exact, parallel equals sequential, the solution check bites,
and the PuLP model equals the array model."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from eitflow import build_candidates, optimise, scenario_from_frames
from eitflow.model.build import build_arrays
from eitflow.model.pulp_model import to_pulp
from eitflow.scenario import SolverOptions
from eitflow.solve.check import check_solution
from eitflow.solve.decompose import components
from eitflow.solve.driver import solve
from eitflow.solve.highs import solve_highs


def _two_clusters(seed: int = 3):
    """Two groups of sites 100 km apart, so the candidate graph has >= 2 components."""
    rng = np.random.default_rng(seed)
    n = 16
    lat = np.r_[45.0 + rng.uniform(0, 0.05, n // 2), 46.0 + rng.uniform(0, 0.05, n // 2)]
    lon = 4.0 + rng.uniform(0, 0.05, n)
    sites = pd.DataFrame({"site_id": [f"S{i}" for i in range(n)], "lat": lat, "lon": lon})
    flows = pd.DataFrame({
        "site_id": [f"S{i}" for i in range(n)],
        "direction": ["supply" if i % 3 == 0 else "demand" for i in range(n)],
        "resource": "heat",
        "amount": rng.integers(2, 30, n) * 1000.0,
        "unit": "MWh/yr",
        "temperature_c": [150.0 if i % 3 == 0 else 70.0 for i in range(n)],
        "price_eur_per_unit": rng.integers(30, 70, n).astype(float),
    })
    return scenario_from_frames(sites, flows, carbon_price_eur_per_t=50,
                                solver={"mip_gap": 0.0, "time_limit_s": 30})


def test_decomposition_equals_monolithic_model():
    scen = _two_clusters()
    cand = build_candidates(scen)
    ncomp, _ = components(scen, cand)
    assert ncomp >= 2
    sol = solve(scen, cand)
    mono = solve_highs(build_arrays(scen, cand), SolverOptions(mip_gap=0.0), 30)
    assert sol.status == mono.status == "optimal"
    assert sol.objective == pytest.approx(mono.objective, rel=1e-9)


def test_parallel_workers_equal_sequential():
    scen = _two_clusters()
    seq = optimise(scen).summary["objective"]
    scen.params = scen.params.model_copy(update={"solver": scen.params.solver.model_copy(update={"workers": 2})})
    par = optimise(scen)
    assert par.summary["counts"]["solver_batches"] >= 1
    assert par.summary["objective"] == pytest.approx(seq, rel=1e-9)


def test_check_solution_finds_violations():
    scen = _two_clusters()
    cand = build_candidates(scen)
    arr = build_arrays(scen, cand)
    res = solve_highs(arr, SolverOptions(mip_gap=0.0), 30)
    assert check_solution(arr, res.x, np.round(res.y)) == []
    x = res.x.copy()
    x[np.argmax(x)] *= 3  # over a supply or a link bound
    assert check_solution(arr, x, np.round(res.y))
    y = np.zeros_like(res.y)  # every switch off while flows stay on
    if len(y) and res.x[arr.ybin].max() > 0:
        assert any("link_" in p or "bounds" in p for p in check_solution(arr, res.x, y))


def test_pulp_model_has_the_same_optimum_and_exports(tmp_path):
    pulp = pytest.importorskip("pulp")
    scen = _two_clusters()
    cand = build_candidates(scen)
    arr = build_arrays(scen, cand)
    prob = to_pulp(arr)
    prob.writeLP(str(tmp_path / "m.lp"))
    assert (tmp_path / "m.lp").stat().st_size > 0
    prob.solve(pulp.PULP_CBC_CMD(msg=False, gapRel=0) if hasattr(pulp, "PULP_CBC_CMD") else pulp.COIN_CMD(msg=False))
    assert pulp.LpStatus[prob.status] == "Optimal"
    ref = solve_highs(arr, SolverOptions(mip_gap=0.0), 30).objective
    assert pulp.value(prob.objective) == pytest.approx(ref, rel=1e-7)


def test_fallback_without_incumbent_is_feasible_with_a_valid_bound():
    from eitflow.solve.schedule import _fallback
    from eitflow.solve.status import BatchResult

    scen = _two_clusters()
    cand = build_candidates(scen)
    arr = build_arrays(scen, cand)
    fb = _fallback(arr, BatchResult("time_limit", None, None, None, None, 1.0))
    assert fb.status == "feasible" and fb.objective == 0.0
    assert check_solution(arr, fb.x, fb.y) == []
    opt = solve_highs(arr, SolverOptions(mip_gap=0.0), 30).objective
    assert fb.bound >= opt - 1e-6


def test_extra_constraint_epsilon_co2_and_no_good_cut():
    from eitflow.model.arrays import LinearConstraint

    scen = _two_clusters()
    cand = build_candidates(scen)
    base = optimise(scen, candidates=cand)
    co2 = cand.links["co2_t_per_unit"].to_numpy()
    achieved = float(co2 @ base.solution.flow)
    # asking for at least the CO2 already achieved changes nothing; asking for more cannot raise the benefit
    same = optimise(scen, candidates=cand, extra=[LinearConstraint(co2, lo=achieved * (1 - 1e-9))])
    assert same.summary["objective"] == pytest.approx(base.summary["objective"], rel=1e-9)
    more = optimise(scen, candidates=cand, extra=[LinearConstraint(co2, lo=achieved * 1.05)])
    if more.summary["objective"] is not None:
        assert more.summary["objective"] <= base.summary["objective"] + 1e-6
        assert float(co2 @ more.solution.flow) >= achieved * 1.05 * (1 - 1e-7)
    # a no-good cut on the chosen set of links gives a different portfolio, no better
    chosen = base.solution.built
    y = np.where(chosen, 1.0, -1.0)
    cut = LinearConstraint(np.zeros(len(chosen)), y, hi=chosen.sum() - 1, name="nogood")
    alt = optimise(scen, candidates=cand, extra=[cut])
    assert alt.summary["objective"] <= base.summary["objective"] + 1e-6
    assert not np.array_equal(alt.solution.built, chosen)
