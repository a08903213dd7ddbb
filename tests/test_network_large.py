"""Large shared networks spread over the workers (`solve.netlarge`): every network gets a
feasible network and a valid bound, even when the time limit is too short for the LPs."""

from __future__ import annotations

import time

import numpy as np
import pytest

from eitflow.candidates.generate import build_candidates
from eitflow.model.arrays import MilpArrays
from eitflow.model.build import build_arrays
from eitflow.solve.netnode import required_node_cuts
from test_network import _brute_force, _random_case, _scenario


@pytest.mark.parametrize("seed", range(12))
def test_cover_bound_is_never_below_the_brute_force(seed):
    """The bound from the required-node rows alone (`netlarge.cover_bound`) is at least the
    optimum of test_network's random networks with every demand required (each choice
    enumerated by its brute force), with corridors one way or both (a switch counted at
    both ends); and it is below the box bound (every column at its best) where rows exist."""
    from eitflow.solve.netlarge import cover_bound

    sites, flows, corridors, _, _ = _random_case(seed)
    flows["required"] = [d == "demand" for d in flows["direction"]]
    best = _brute_force(sites, flows, corridors, [], None)
    arr, n = required_node_cuts(build_arrays(scen := _scenario(sites, flows, corridors), build_candidates(scen)))
    b = cover_bound(arr)
    assert b is not None
    if np.isfinite(best):
        assert b >= best - 1e-6 * max(1.0, abs(best))
    if n:
        c = arr.c
        box = float(np.where(c > 0, c * arr.ub, c * arr.lb).sum())
        assert b < box


def _region(n_towns: int):
    """A small region: `n_towns` towns of 8 buildings and 2 sources (about 20 corridors each),
    sized linearly (as the synthetic region's towns), every building required."""
    from eitflow.bench.netsynth import network_region

    scen = network_region(n_towns=n_towns, n_sinks=8, n_sources=2, seed=3, time_limit_s=60.0, mip_gap=0.0)
    scen.params.networks["heat"] = scen.params.networks["heat"].model_copy(update={"sizing": "linear"})
    return scen


def test_every_town_gets_a_network_and_a_valid_bound_when_the_lps_do_not_fit(monkeypatch):
    """Three towns whose LPs take 1.2 s each (a loaded machine, simulated: the LP relaxation of a
    whole town is slowed) within a 3 s limit: not every LP fits, yet every town has a feasible
    network (each gets its spanning-tree start before any LP), the run's status is feasible
    with a bound and a gap, and that bound is at least the optimum HiGHS proves on the
    whole model without a time limit (and the objective at most it). Before `solve.netlarge`
    (the LP, then the start, town after town) the third town got neither: no solution."""
    import eitflow.solve.netlarge as nl
    from eitflow.solve.driver import solve
    from eitflow.solve.highs import solve_highs

    scen = _region(3)
    cand = build_candidates(scen)
    whole = build_arrays(scen, cand)
    opt = solve_highs(whole, scen.params.solver, 120.0)
    assert opt.objective is not None and opt.status == "optimal"
    import eitflow.solve.decompose as dec

    monkeypatch.setattr(nl, "NETSTART_MIN_LINEAR", 10)     # these towns are "large" ...
    monkeypatch.setattr(dec, "BATCH_LINKS", 1)             # ... and each its own batch (as the region's)
    relaxed = MilpArrays.relaxed

    def slow(self, *args, **kw):
        if not args and not kw:       # the whole LP relaxation (the starts' LPs on a tree stay fast)
            time.sleep(1.2)
        return relaxed(self, *args, **kw)

    monkeypatch.setattr(MilpArrays, "relaxed", slow)
    fast = scen.params.solver.model_copy(update={"time_limit_s": 3.0, "workers": 1})
    scen.params = scen.params.model_copy(update={"solver": fast})
    sol = solve(scen, cand)
    assert sol.n_components == sol.n_batches == 3
    assert sol.objective is not None and sol.bound is not None and sol.gap is not None, sol.message
    assert str(sol.status) in ("feasible", "optimal")
    tol = 1e-6 * abs(opt.objective)
    assert sol.objective <= opt.objective + tol
    assert sol.bound >= opt.objective - tol
    # every building served in full
    served = np.zeros(len(scen.flows))
    d = cand.links["demand"].to_numpy(np.int64)
    np.add.at(served, d[d >= 0], sol.flow[d >= 0])
    dem = (scen.flows["direction"] == "demand").to_numpy()
    assert np.allclose(served[dem], scen.flows["amount"].to_numpy(float)[dem], rtol=1e-6)


def test_support_mip_fallback_is_a_feasible_network():
    """The fallback of a network no tree start fits (`netlarge._support_mip`: HiGHS with the
    sizes the LP leaves at 0 held off): a point that satisfies every row, worth no more than
    the optimum HiGHS proves on the whole town."""
    from eitflow.solve.check import check_solution
    from eitflow.solve.highs import solve_highs
    from eitflow.solve.netlarge import _support_mip

    scen = _region(1)
    arr = required_node_cuts(build_arrays(scen, build_candidates(scen)))[0]
    lp = solve_highs(arr.relaxed(), scen.params.solver, 30.0)
    z = _support_mip(arr, scen.params.solver, lp.z, 30.0)
    opt = solve_highs(arr, scen.params.solver, 60.0)
    assert z is not None and check_solution(arr, z) == []
    assert opt.status == "optimal" and float(arr.c @ z) <= opt.objective + 1e-6 * abs(opt.objective)


def test_towns_without_a_tree_start_get_their_lp_first(monkeypatch):
    """A town whose tree start fails has only its LP's way to a network: its first job comes
    before the others' (at load 5-8 the region's jobs did not all fit in the limit and its
    town 38, last in line, was left without a network)."""
    import eitflow.solve.decompose as dec
    import eitflow.solve.netlarge as nl
    from eitflow.solve.decompose import _batches, components

    monkeypatch.setattr(nl, "NETSTART_MIN_LINEAR", 10)
    monkeypatch.setattr(dec, "BATCH_LINKS", 1)
    scen = _region(3)
    cand = build_candidates(scen)
    ncomp, comp = components(scen, cand)
    arrays = [build_arrays(scen, cand, b) for b in _batches(comp, ncomp)]
    tree = nl.tree_start   # the last town's fails (`arrays` holds it with its required-node rows by then)
    monkeypatch.setattr(nl, "tree_start", lambda a, *args: (None, 0.0) if a is arrays[-1] else tree(a, *args))
    order = []
    first = nl.network_first
    monkeypatch.setattr(nl, "network_first", lambda a, *args: (order.append(a is arrays[-1]), first(a, *args))[1])
    large, starts, bounds, _ = nl.large_networks(arrays, ["large"] * 3, scen.params.solver, time.time() + 60.0, None, 1)
    assert order == [True, False, False]
    assert sorted(starts) == sorted(bounds) == [0, 1, 2]
