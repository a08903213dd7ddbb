"""A mid-sized link component (18 x 18 dense heat cluster: 324 fixed-charge links, one
period, no hubs) is solved by HiGHS in one call on the whole component.

The neighbourhood start it used to get first (a restricted MIP over the LP's support) no
longer paid once flow covers tightened these components' LP: on the national FR heat run it
cost 0.5-0.9 s per component for a start HiGHS finds at its own root (benchmarks/HISTORY.md)."""

import pytest

from cluster import write_dense_heat
from eitflow.candidates.generate import build_candidates
from eitflow.io.read import read_scenario
from eitflow.model.build import build_arrays
from eitflow.scenario import SolverOptions
from eitflow.solve import highs
from eitflow.solve.check import check_solution


@pytest.fixture(scope="module")
def dense(tmp_path_factory):
    scen = read_scenario(write_dense_heat(tmp_path_factory.mktemp("dense"), n=18, gap=0.0, time_limit=120))
    cand = build_candidates(scen)
    return scen, cand, build_arrays(scen, cand)


def test_mid_sized_link_component_is_one_highs_call_and_reaches_the_optimum(dense, monkeypatch):
    import eitflow.solve.driver as D

    scen, cand, arr = dense
    assert len(arr.cols["y"]) == 324
    alone = highs.solve_highs(arr, SolverOptions(mip_gap=0.0), 120)   # HiGHS on the whole model, no cuts
    assert alone.status == "optimal"
    calls = []
    real = highs.solve_highs

    def spy(a, opts, limit, start=None, on_incumbent=None):
        r = real(a, opts, limit, start=start, on_incumbent=on_incumbent)
        calls.append((a.n_x, bool((a.ub[a.cols["y"].slice] == 0).any()), r.status))
        assert r.z is None or check_solution(a, r.z) == []
        return r

    monkeypatch.setattr(highs, "solve_highs", spy)
    sol = D.solve(scen, cand)
    # one MIP on all 324 links, none closed beforehand (a restricted MIP closes links)
    assert calls == [(324, False, "optimal")]
    assert sol.status == "optimal"
    assert sol.objective == pytest.approx(alone.objective, rel=1e-9)


def test_tight_target_on_a_plain_link_model_is_solved_without_sub_mip_heuristics(dense):
    """A plain link model (flows and switches only) with a gap target of 0.5 % or less goes to
    HiGHS without RINS, RENS and the root reduced-cost sub-MIP (the search tree proves such
    targets; the sub-MIPs cost more than they save: benchmarks/HISTORY.md) and still reaches
    the optimum of a separate HiGHS solve with every heuristic on; a loose target keeps them."""
    import highspy

    scen, cand, arr = dense
    assert highs.lean_heuristics(arr, SolverOptions(mip_gap=0.0))
    assert highs.lean_heuristics(arr, SolverOptions(mip_gap=0.005))
    assert not highs.lean_heuristics(arr, SolverOptions(mip_gap=0.01))
    lean = highs.solve_highs(arr, SolverOptions(mip_gap=0.0), 120)
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    highs.highs_model(arr, h)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.run()
    assert lean.status == "optimal"
    assert lean.objective == pytest.approx(h.getInfo().objective_function_value, rel=1e-9)


def test_models_with_hubs_keep_the_sub_mip_heuristics():
    from eitflow import scenario_from_frames
    from eitflow.bench.instances import GOOD_RESOURCE
    from test_hubs import FLOWS, LINKS, SITES, _hub

    scen = scenario_from_frames(SITES, FLOWS, LINKS, GOOD_RESOURCE, hubs=_hub(500.0), solver={"mip_gap": 0})
    arr = build_arrays(scen, build_candidates(scen))
    assert "w" in arr.cols
    assert not highs.lean_heuristics(arr, SolverOptions(mip_gap=0.0))
