"""`MilpArrays.with_integers_at`: the one place that fixes a model's integer columns at a plan's
values, used by the refit of a rounded plan (`solve.refit`) and the local search's LP
(`solve.netlocal`), which each wrote it out before (refit clipped to the bounds, netlocal did
not). The same bounds arrays as both former expressions, written out here, on a small network
model and a point a solver might return (binaries off 0 and 1 by its tolerance)."""
from __future__ import annotations

import numpy as np

from eitflow.candidates.generate import build_candidates
from eitflow.model.build import build_arrays
from eitflow.solve.highs import solve_highs
from eitflow.solve.status import Status
from test_network_way_cuts import _square


def test_with_integers_at_fixes_the_same_bounds_as_refit_and_netlocal_did():
    scen = _square()
    arr = build_arrays(scen, build_candidates(scen))
    best = solve_highs(arr, scen.params.solver, 60)
    assert best.status == Status.OPTIMAL and best.z is not None
    ints = np.flatnonzero(arr.integrality)
    assert len(ints) > 1
    z = np.asarray(best.z, float).copy()
    # as a solver may leave them: within 1e-6 of 0 or 1, either side
    rng = np.random.default_rng(0)
    z[ints] += rng.uniform(-9e-7, 9e-7, len(ints))
    # refit's former expression (clipped to the bounds)
    m = arr.integrality != 0
    lb_r, ub_r = arr.lb.copy(), arr.ub.copy()
    lb_r[m] = ub_r[m] = np.clip(np.round(z[m]), arr.lb[m], arr.ub[m])
    # netlocal's former expression (not clipped)
    lb_n, ub_n = arr.lb.copy(), arr.ub.copy()
    lb_n[ints] = ub_n[ints] = np.round(z[ints])
    got = arr.with_integers_at(z)
    for lb, ub in ((lb_r, ub_r), (lb_n, ub_n)):
        assert np.array_equal(got.lb, lb) and np.array_equal(got.ub, ub)
    assert not got.integrality.any() and got.A is arr.A and np.array_equal(got.c, arr.c)
    # the plan's own values, 0 or 1, on every integer column; the others' bounds untouched
    assert set(np.unique(got.lb[ints])) <= {0.0, 1.0}
    rest = np.setdiff1d(np.arange(arr.shape[1]), ints)
    assert np.array_equal(got.lb[rest], arr.lb[rest]) and np.array_equal(got.ub[rest], arr.ub[rest])
    # the LP of the fixed plan: the plan's own optimum (a second solve of the MIP above)
    lp = solve_highs(got, scen.params.solver, 60)
    assert lp.status == Status.OPTIMAL
    assert abs(lp.objective - best.objective) <= 1e-6 * max(1.0, abs(best.objective))
