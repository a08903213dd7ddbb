"""The neighbourhood start (`solve.neighbourhood`): the MIP over the links the LP relaxation
opens and the next best by reduced cost, a feasible warm start; the whole component still
reaches the optimum HiGHS proves on its own."""

import numpy as np
import pytest

from cluster import write_dense_heat
from eitflow.candidates.generate import build_candidates
from eitflow.io.read import read_scenario
from eitflow.model.build import build_arrays
from eitflow.scenario import SolverOptions
from eitflow.solve import neighbourhood as nbh
from eitflow.solve.check import check_solution
from eitflow.solve.highs import solve_highs


@pytest.fixture(scope="module")
def dense(tmp_path_factory):
    """One dense heat cluster: 18 x 18 = 324 candidate links in one component (over
    NEIGHBOURHOOD_MIN_BINARIES), no hubs, one period."""
    scen = read_scenario(write_dense_heat(tmp_path_factory.mktemp("dense"), n=18, gap=0.0, time_limit=120))
    cand = build_candidates(scen)
    arr = build_arrays(scen, cand)
    assert len(arr.cols["y"]) >= nbh.NEIGHBOURHOOD_MIN_BINARIES
    return scen, cand, arr


def test_the_neighbourhood_is_the_lp_support_and_the_best_reduced_costs(dense):
    _, _, arr = dense
    ys, xs = arr.cols["y"], arr.cols["x"]
    n = len(ys)
    z = np.zeros(arr.shape[1])
    z[ys.start + np.array([0, 2])] = [1.0, 0.25]                  # the LP opens switches 0 and 2
    rc = np.zeros(arr.shape[1])
    rc[ys.slice] = -np.arange(n, dtype=float) - 10.0              # closing costs grow with the position
    link = arr.local(ys.labels)
    rc[xs.start + link[7]] = 50.0 / arr.ub[xs.slice][link[7]]           # switch 7: worth +50 at full use
    got = np.flatnonzero(nbh.neighbourhood(arr, z, rc, extra=3))
    # the support {0, 2}; then by score: 7 (-17 + 50 = 33), 1 (-11), 3 (-13)
    assert got.tolist() == [0, 1, 2, 3, 7]


def test_neighbourhood_start_is_feasible_and_the_component_reaches_its_optimum(dense, monkeypatch):
    import eitflow.solve.driver as D

    scen, cand, arr = dense
    assert nbh.applies(arr, scen.params.solver)
    from eitflow.solve.schedule import _solve_one

    z, lp_bound = nbh.neighbourhood_start(arr, scen.params.solver, 1e12, 60.0, _solve_one)
    assert z is not None and check_solution(arr, z) == []
    alone = solve_highs(arr, SolverOptions(mip_gap=0.0), 120)        # HiGHS on the whole model
    assert alone.status == "optimal"
    assert float(arr.c @ z) <= alone.objective + 1e-6 <= lp_bound + 1e-3
    calls = []
    real = nbh.neighbourhood_start

    def spy(*a, **k):
        calls.append(1)
        return real(*a, **k)

    monkeypatch.setattr(nbh, "neighbourhood_start", spy)
    sol = D.solve(scen, cand)
    assert calls == [1]
    assert sol.status == "optimal"
    assert sol.objective == pytest.approx(alone.objective, rel=1e-9)
