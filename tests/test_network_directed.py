"""A one-way corridor's flow bound: no more than the withdrawals its head can reach
(`candidates.netdirected`, `model.network._arc_bounds`). Checked by hand on a triangle, the
graph routines against breadth-first searches on random graphs, and FCNetLib's one-way
instances solved with and without the bound: the same plans, OPTIMA.csv's optima."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import eitflow.model.network as network_module
from eitflow.bench.fcnetlib import FcNet, fcnet_scenario, read_fcnet, read_optima
from eitflow.candidates.generate import build_candidates
from eitflow.candidates.netdirected import reachable_withdrawals, strong_components
from eitflow.candidates.netreach import reached_from
from eitflow.model.build import build_arrays
from eitflow.solve.driver import solve

FCNET = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "benchmarks" / "fcnetlib"


def _triangle() -> FcNet:
    """n1 supplies 10, n2 needs 4, n3 needs 6; one-way arcs a: n1->n2 (fixed 1, unit 1),
    b: n1->n3 (fixed 10, unit 1), c: n2->n3 (fixed 1, unit 1)."""
    return FcNet("triangle", ["n1", "n2", "n3"], np.array([-10.0, 4.0, 6.0]), np.array([0, 0, 1]),
                 np.array([1, 2, 2]), ["a1"] * 3, np.array([1.0, 10.0, 1.0]), np.ones(3), np.full(3, 10.0), 10.0)


def test_one_way_arc_bound_is_what_its_head_can_pass_on_by_hand():
    # No bridge (a triangle), so the bounds before: an arc carries at most the total less the
    # head's own injection and less the tail's own withdrawal, kept only at most half the
    # total 10 (`WEAK_BOUND_SHARE`): a 10 - 0 = 10, b 10, c min(10 - 0, 10 - 4) = 6 > 5 -> 10.
    # Along the arcs' directions n3 reaches only itself: b carries at most n3's 6; c's 6 is
    # the bound the weak rule dropped, not a tighter one, and stays dropped (10); n2 reaches
    # n2 and n3 (4 + 6 = 10): a keeps 10.
    scen = fcnet_scenario(_triangle())
    arr = build_arrays(scen, build_candidates(scen))
    assert arr.ub[arr.cols["arc"].slice].tolist() == [10.0, 6.0, 10.0]
    # the optimum by hand: all through n2, a carries 10 (1 + 10), c carries 6 (1 + 6): 18;
    # b direct (a 4: 1 + 4, b 6: 10 + 6) 21
    assert solve(scen, build_candidates(scen)).objective == pytest.approx(-18.0)


def test_reachable_withdrawals_by_hand():
    # 0 -> 1 -> 2 -> 1 (1 and 2 one strong component), 2 -> 3, 4 -> 3; withdrawals per node
    # (two periods): 1: (1, 10), 2: (2, 20), 3: (4, 40), 4: (8, 80)
    tail, head = np.array([0, 1, 2, 2, 4]), np.array([1, 2, 1, 3, 3])
    wd = np.array([[0, 0], [1, 10], [2, 20], [4, 40], [8, 80]], float)
    nc, comp = strong_components(5, tail, head)
    assert nc == 4 and comp[1] == comp[2] and len(set(comp.tolist())) == 4
    assert all(comp[t] <= comp[h] for t, h in zip(tail, head))    # topological numbering
    got = reachable_withdrawals(5, tail, head, wd)
    # 0 reaches 1, 2, 3: 1 + 2 + 4 = 7; 1 and 2 reach 1, 2, 3: 7; 3 itself: 4; 4 reaches 3: 12
    assert got.tolist() == [[7, 70], [7, 70], [7, 70], [4, 40], [12, 120]]
    # every arc's reverse an arc too: the connected parts' sums, which the caller has
    assert reachable_withdrawals(3, np.array([0, 1, 1, 2]), np.array([1, 0, 2, 1]), wd[:3]) is None


@pytest.mark.parametrize("seed", range(3))
def test_reachable_withdrawals_against_breadth_first_searches(seed):
    # random directed graphs with cycles, parallel arcs and unreached nodes: each node's sum
    # as one breadth-first search per node gives it (`netreach.reached_from`)
    rng = np.random.default_rng(seed)
    for _ in range(40):
        n, m = int(rng.integers(1, 30)), int(rng.integers(1, 60))
        tail, head = rng.integers(0, n, m), rng.integers(0, n, m)
        wd = np.where(rng.random((n, 2)) < 0.4, rng.integers(1, 50, (n, 2)), 0).astype(float)
        got = reachable_withdrawals(n, tail, head, wd)
        want = np.array([wd[reached_from(n, tail, head, [v])].sum(axis=0) for v in range(n)])
        if got is None:
            assert set(zip(tail.tolist(), head.tolist())) == set(zip(head.tolist(), tail.tolist()))
        else:
            assert np.array_equal(got, want)


@pytest.mark.parametrize("name", ["sp50x100", "sp80x160", "l61x114"])
def test_fcnet_one_way_bounds_keep_the_plan(name, monkeypatch):
    # the same network built and the same flows (up to HiGHS's tolerances) with the bound and
    # without it (a second solve), at OPTIMA.csv's proven optimum; tighter arcs in the model
    if not (FCNET / f"{name}.inc").exists():
        pytest.skip(f"FCNetLib is absent ({FCNET}): see ../shared/README.md")
    scen = fcnet_scenario(read_fcnet(FCNET / f"{name}.inc"), time_limit_s=60.0)
    cand = build_candidates(scen)
    arr, sol = build_arrays(scen, cand), solve(scen, cand)
    with monkeypatch.context() as mp:
        mp.setattr(network_module, "reachable_withdrawals", lambda *a: None)
        before = build_arrays(scen, cand)
        old = solve(scen, cand)
    sl = arr.cols["arc"].slice
    assert (arr.ub[sl] <= before.ub[sl]).all() and (arr.ub[sl] < before.ub[sl]).sum() > 0.2 * (sl.stop - sl.start)
    value, proven = read_optima(FCNET / "OPTIMA.csv")[name]
    assert proven and -sol.objective == pytest.approx(value, abs=1e-6) and -old.objective == pytest.approx(value, abs=1e-6)
    assert np.array_equal(sol.built, old.built) and np.array_equal(sol.flow, old.flow)
    assert np.array_equal(sol.option_built, old.option_built)
    assert np.allclose(sol.arc_flow, old.arc_flow, rtol=0, atol=1e-6)
