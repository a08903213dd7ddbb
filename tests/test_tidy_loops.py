"""`solve.tidy._least_flows` runs its LP only where the arcs carrying flow close a directed loop
in some period (`solve.tidy._loop_free`, `candidates.netdirected.has_cycle`): a loop that exists
is still taken out, two corridors between the same places carrying opposite ways included (an
undirected check read them as one edge, and left them); where none can exist the LP is not run
and the flows are the LP's own (a second solve)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import scipy.optimize
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

import eitflow.solve.tidy as tidy
from eitflow.bench.fcnetlib import fcnet_scenario, read_fcnet, read_optima
from eitflow.candidates.generate import build_candidates
from eitflow.candidates.netdirected import has_cycle
from eitflow.solve.driver import solve

FCNET = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "benchmarks" / "fcnetlib"


@pytest.fixture
def lp_calls(monkeypatch):
    """How many times scipy's linprog is called (`_least_flows` imports it when it runs)."""
    calls = []
    real = scipy.optimize.linprog

    def counted(*a, **k):
        calls.append(1)
        return real(*a, **k)

    monkeypatch.setattr(scipy.optimize, "linprog", counted)
    return calls


def _lp(tail, head, xa):
    """The least total flow keeping each node's net outflow, each arc within [0, its flow]: the
    LP written out again, one period (a second solve, not the code's)."""
    n, m = int(max(tail.max(), head.max())) + 1, len(tail)
    A = np.zeros((n, m))
    A[tail, np.arange(m)] += 1.0
    A[head, np.arange(m)] -= 1.0
    sol = scipy.optimize.linprog(np.ones(m), A_eq=A, b_eq=A @ xa, bounds=list(zip(np.zeros(m), xa)), method="highs")
    assert sol.status == 0
    return sol.x


@pytest.mark.parametrize("seed", range(3))
def test_has_cycle_as_strong_components(seed):
    # brute force: a directed cycle is a strong component of two nodes or more, or a loop a -> a
    rng = np.random.default_rng(seed)
    cyclic = 0
    for _ in range(200):
        n, m = int(rng.integers(1, 10)), int(rng.integers(0, 14))
        t, h = rng.integers(0, n, m), rng.integers(0, n, m)
        nc = connected_components(sp.coo_matrix((np.ones(m), (t, h)), shape=(n, n)), directed=True,
                                  connection="strong")[0]
        want = nc < n or bool((t == h).any())
        assert has_cycle(n, t, h) == want
        cyclic += want
    assert 20 <= cyclic <= 180   # both answers reached


def test_twin_corridors_carrying_opposite_ways_are_netted(lp_calls):
    # two corridors between places 0 and 1 (twins: one trench listed twice), 500 t/yr 0 -> 1 on
    # the first, 200 t/yr 1 -> 0 on the second. By hand: 0's net outflow is 500 - 200 = 300,
    # which 300 on the first carries alone: 300 and 0 (700 t/yr in all before, 300 after).
    # Before, the places' pair counted once made it a forest: the loop of 200 t/yr stayed
    tail, head = np.array([0, 1]), np.array([1, 0])
    xa = np.array([[500.0], [200.0]])
    got = tidy._least_flows(tail, head, np.array([0, 1]), xa)
    assert got is not None and len(lp_calls) == 1
    assert got[:, 0] == pytest.approx([300.0, 0.0], abs=1e-9)


def test_directed_ring_is_still_cleaned(lp_calls):
    # a ring 0 -> 1 (7), 1 -> 2 (5), 2 -> 0 (5). By hand: net outflows 0: 7 - 5 = 2, 1: 5 - 7 = -2,
    # 2: 5 - 5 = 0; the least flow is 2 on 0 -> 1 and nothing on the rest (17 -> 2)
    tail, head = np.array([0, 1, 2]), np.array([1, 2, 0])
    xa = np.array([[7.0], [5.0], [5.0]])
    got = tidy._least_flows(tail, head, np.arange(3), xa)
    assert got is not None and len(lp_calls) == 1
    assert got[:, 0] == pytest.approx([2.0, 0.0, 0.0], abs=1e-9)


def test_undirected_loop_without_a_directed_one_skips_the_lp(lp_calls):
    # 0 -> 1 (3), 1 -> 2 (3), 0 -> 2 (4): a loop undirected, none along the arcs. By hand nothing
    # can be taken out: 2 needs 7 from 0, and 0 -> 1 -> 2 carries 3 of them, 0 -> 2 the other 4;
    # the LP, written out again, gives back the same flows. Before, the LP ran (one call)
    tail, head = np.array([0, 1, 0]), np.array([1, 2, 2])
    xa = np.array([[3.0], [3.0], [4.0]])
    assert tidy._least_flows(tail, head, np.arange(3), xa) is None
    assert lp_calls == []
    assert _lp(tail, head, xa[:, 0]) == pytest.approx([3.0, 3.0, 4.0], abs=1e-9)


def test_loops_are_looked_for_period_by_period(lp_calls):
    # one corridor's two arcs 0 -> 1 and 1 -> 0: 4 one way in January, 3 the other in July, a
    # loop of the periods' union only: nothing to take out, no LP
    tail, head = np.array([0, 1]), np.array([1, 0])
    assert tidy._least_flows(tail, head, np.array([0, 1]), np.array([[4.0, 0.0], [0.0, 3.0]])) is None
    assert lp_calls == []
    # a third period carrying both ways, 2 and 1: by hand 1 on 0 -> 1 alone; the others unchanged
    got = tidy._least_flows(tail, head, np.array([0, 1]), np.array([[4.0, 0.0, 2.0], [0.0, 3.0, 1.0]]))
    assert got is not None and len(lp_calls) == 1
    assert got == pytest.approx(np.array([[4.0, 0.0, 1.0], [0.0, 3.0, 0.0]]), abs=1e-9)


@pytest.mark.parametrize("name", ["l61x114", "sp100x200", "l121x232"])
def test_fcnet_tidied_without_the_lp(name, lp_calls, monkeypatch):
    # one-way networks where HiGHS leaves flows of about 1e-13 on a few unbuilt arcs that close a
    # loop undirected, none directed: the LP is no longer run (it was, once a solve), and the flows
    # are those of the same solve with the LP forced (a second solve), the optimum OPTIMA.csv's
    if not (FCNET / f"{name}.inc").exists():
        pytest.skip(f"FCNetLib is absent ({FCNET}): see ../shared/README.md")
    scen = fcnet_scenario(read_fcnet(FCNET / f"{name}.inc"), time_limit_s=60.0)
    sol = solve(scen, build_candidates(scen))
    assert lp_calls == []
    monkeypatch.setattr(tidy, "_loop_free", lambda *a: False)
    forced = solve(scen, build_candidates(scen))
    assert len(lp_calls) == 1
    assert np.allclose(sol.arc_flow, forced.arc_flow, rtol=0.0, atol=1e-9)
    assert np.array_equal(sol.option_built, forced.option_built) and np.array_equal(sol.flow, forced.flow)
    value, proven = read_optima(FCNET / "OPTIMA.csv")[name]
    assert proven and -sol.objective == pytest.approx(value, abs=0.5)
    assert sol.objective == pytest.approx(forced.objective, abs=1e-6)


def _small():
    """tests/test_fcnet_fast.py's network (n1 supplies 10, n2 needs 4, n3 needs 6, n4 a junction;
    one-way corridors 1-2, 1-4, 4-3, 2-3, 3-2): the optimum, by hand there, builds 1-2 and 2-3."""
    from eitflow.bench.fcnetlib import FcNet
    t, h = np.array([0, 0, 3, 1, 2]), np.array([1, 3, 2, 2, 1])
    return FcNet("small", ["n1", "n2", "n3", "n4"], np.array([-10.0, 4.0, 6.0, 0.0]), t, h, ["a1"] * 5,
                 np.array([10.0, 3.0, 3.0, 1.0, 1.0]), np.ones(5), np.full(5, 10.0), 10.0)


def test_a_size_over_dust_is_turned_off_with_its_dust():
    # the optimum (1-2 and 2-3 built), then corridor 1-4's size switched on over a flow of 1e-12
    # on its arc (HiGHS's rounding, as l121x232's 4 sizes of no cost): that corridor carries
    # nothing, its size goes off and the 1e-12 with it; a flow of 1e-3 is a flow and stays.
    # Before, any flow above 0 kept the size on
    from eitflow.model.build import build_arrays
    from eitflow.solve.highs import solve_highs
    scen = fcnet_scenario(_small())
    arr = build_arrays(scen, build_candidates(scen))
    r = solve_highs(arr, scen.params.solver, 60.0)
    assert r.objective == pytest.approx(-27.0)
    nb, sb, ab = arr.network, arr.cols["size"], arr.cols["arc"]
    z = r.z.copy()
    off = [k for k in range(len(nb.options)) if z[sb.start + k] < 0.5]
    k = off[0]
    arcs = np.flatnonzero(nb.a_corridor == nb.opt_corridor[k])
    assert len(arcs) == 1 and z[ab.start + arcs[0]] <= 1e-12   # one-way: one arc, carrying (about) nothing
    z[sb.start + k] = 1.0
    z[ab.start + arcs[0]] = 1e-12
    got = tidy.unswitch_idle_options(arr, z)
    assert got[sb.start + k] == 0.0 and got[ab.start + arcs[0]] == 0.0
    on = [j for j in range(len(nb.options)) if r.z[sb.start + j] > 0.5]
    assert np.array_equal(got[sb.start + np.array(on)], np.ones(len(on)))   # the plan's sizes stay
    z[ab.start + arcs[0]] = 1e-3       # above DUST x its bound: carried
    assert tidy.unswitch_idle_options(arr, z)[sb.start + k] == 1.0
