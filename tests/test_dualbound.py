"""The Lagrangian bound at any row multipliers (`solve.dualbound`): worked by hand on a small LP,
and never below the optimum of test_network's random networks (enumerated by its brute force)
at the LP's duals, at those duals perturbed, and at the duals of an LP stopped early."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
import scipy.sparse as sp

from eitflow.candidates.generate import build_candidates
from eitflow.model.build import build_arrays
from eitflow.solve.dualbound import dual_bound
from test_network import _brute_force, _random_case, _scenario


def _lp():
    """max z1 + 2 z2 s.t. z1 + z2 <= 1 (row 0), z1 - z2 >= -0.5 (row 1), 0 <= z <= 1: optimum
    z = (0.25, 0.75), value 1.75 (the two rows binding), duals y = (1.5, -0.5)."""
    return SimpleNamespace(shape=(2, 2), c=np.array([1.0, 2.0]), lb=np.zeros(2), ub=np.ones(2),
                           A=sp.csr_matrix(np.array([[1.0, 1.0], [1.0, -1.0]])),
                           row_lo=np.array([-np.inf, -0.5]), row_hi=np.array([1.0, np.inf]))


@pytest.mark.parametrize(("y", "expected"), [
    # optimal duals: d = c - A'y = (1 - 1.5 + 0.5, 2 - 1.5 - 0.5) = (0, 0); rows 1.5 x 1 + (-0.5) x (-0.5)
    ((1.5, -0.5), 1.75),
    # no multiplier: every column at its best (1 + 2)
    ((0.0, 0.0), 3.0),
    # row 0 alone at 2: d = (-1, 0), so 2 x 1 + 0 + 0
    ((2.0, 0.0), 2.0),
    # row 1's multiplier pushes towards its infinite side (+inf): taken as 0, so y = (1, 0),
    # d = (0, 1): 1 x 1 + 1 x 1
    ((1.0, 3.0), 2.0),
])
def test_dual_bound_by_hand(y, expected):
    assert dual_bound(_lp(), np.array(y)) == pytest.approx(expected, abs=1e-12)


def test_dual_bound_refuses_what_is_not_a_bound():
    """An infinite column bound in the reduced cost's direction, or multipliers of the wrong
    length: no bound (None), never a number."""
    lp = _lp()
    lp.ub = np.array([1.0, np.inf])
    assert dual_bound(lp, np.zeros(2)) is None       # d_2 = 2 > 0 and z2 unbounded above
    assert dual_bound(lp, np.array([2.0, 0.0])) == pytest.approx(2.0)   # d_2 = 0: finite again
    assert dual_bound(_lp(), np.zeros(3)) is None


def _duals(arr, iterations: int | None = None):
    """HiGHS's row duals of `arr`'s LP relaxation without presolve, stopped after `iterations`
    simplex iterations (None: solved), and whether it finished."""
    import highspy

    from eitflow.solve.highs import highs_model, run, set_threads

    h = highs_model(arr.relaxed())
    set_threads(h, 1)
    h.setOptionValue("presolve", "off")
    if iterations is not None:
        h.setOptionValue("simplex_iteration_limit", iterations)
    run(h)
    return np.asarray(h.getSolution().row_dual, float), h.getModelStatus() == highspy.HighsModelStatus.kOptimal


@pytest.mark.parametrize("seed", range(12))
def test_dual_bound_is_never_below_the_brute_force(seed):
    """test_network's random networks (corridors one way or both, a direct link, monthly
    profiles, some demands required), with their required-node rows: at the LP's duals the bound
    is the LP's value (HiGHS's objective with presolve, a second solve), and at those duals
    perturbed or at the duals of the LP stopped after 3 iterations it is at least the best plan
    the brute force enumerates."""
    from eitflow.solve.highs import solve_highs
    from eitflow.solve.netnode import required_node_cuts
    from test_network import links_frame

    sites, flows, corridors, links, profiles = _random_case(seed)
    f = dict(flows)
    if profiles is not None:   # as test_network's brute-force test: the shares eitflow reads
        f["monthly_profile"] = [";".join(f"{v:.12f}" for v in p) if p is not None else "" for p in profiles]
        profiles = [np.array([float(v) for v in s.split(";")]) if s else None for s in f["monthly_profile"]]
    best = _brute_force(sites, flows, corridors, links, profiles)
    scen = _scenario(sites, f, corridors, links=links_frame(sites, links))
    arr = required_node_cuts(build_arrays(scen, build_candidates(scen)))[0]
    y, done = _duals(arr)
    lp = solve_highs(arr.relaxed(), scen.params.solver, 30.0)
    assert done == np.isfinite(best) and done == (lp.objective is not None)
    if not done:
        return
    b = dual_bound(arr, y)
    assert b is not None and b == pytest.approx(lp.objective, rel=1e-7, abs=1e-6)
    assert b >= best - 1e-6 * max(1.0, abs(best))
    rng = np.random.default_rng(seed)
    stopped, finished = _duals(arr, 3)
    assert not finished
    for yy in (y * rng.uniform(0.5, 1.5, len(y)), y + rng.normal(0.0, 10.0, len(y)), stopped):
        bb = dual_bound(arr, yy)
        assert bb is None or bb >= best - 1e-6 * max(1.0, abs(best))
