"""The cut rule's probe (`solve.netcuts.strengthen`) in a short time limit: a network that the
plain solve proves in 16 s (as a 60 s run of Meurthe-et-Moselle's discrete network did, where
the probe had 30 s) must be proven in a 30 s limit too. Before, the probe had half the limit
(15 s), stopped, and the cuts' restart from scratch in the other 15 s ended merely feasible."""
from __future__ import annotations

import time

import numpy as np
import pytest

from eitflow.bench.fcnetlib import FcNet, fcnet_scenario
from eitflow.candidates.generate import build_candidates
from eitflow.model.build import build_arrays

PROVEN_IN_S = 16.0   # what the plain solve needs to prove the optimum (the 60 s run's probe)


def _small() -> FcNet:
    """n1 supplies 10; n2 needs 4, n3 needs 6; n4 is a junction. Arcs (fixed, unit cost):
    1-2 (10, 1), 1-4 (3, 1), 4-3 (3, 1), 2-3 (1, 1), 3-2 (1, 1)."""
    t = np.array([0, 0, 3, 1, 2])
    h = np.array([1, 3, 2, 2, 1])
    return FcNet("small", ["n1", "n2", "n3", "n4"], np.array([-10.0, 4.0, 6.0, 0.0]), t, h, ["a1"] * 5,
                 np.array([10.0, 3.0, 3.0, 1.0, 1.0]), np.ones(5), np.full(5, 10.0), 10.0)


def _slow_highs(best, calls):
    """HiGHS as measured: optimal when given PROVEN_IN_S or more, else stopped at its limit
    with the same plan and a bound 5 above it (no sleep: the test stays fast)."""
    from eitflow.solve.status import BatchResult, Status

    def solve(a, opts, limit, start=None, on_incumbent=None):
        calls.append(limit)
        if limit >= PROVEN_IN_S:
            return BatchResult(Status.OPTIMAL, best.objective, best.objective, best.z, PROVEN_IN_S, "optimal")
        return BatchResult(Status.FEASIBLE, best.objective, best.objective + 5.0, best.z, limit, "time limit")
    return solve


def test_a_network_the_plain_solve_proves_in_16_s_is_proven_by_a_30_s_probe(monkeypatch):
    import eitflow.solve.highs as highs
    from eitflow.solve import netcuts
    from eitflow.solve.status import Status

    scen = fcnet_scenario(_small(), time_limit_s=30.0)
    arr = build_arrays(scen, build_candidates(scen))
    best = highs.solve_highs(arr, scen.params.solver, 30.0)
    # the optimum by hand: 1->2 carrying 10 (fixed 10, flow 10), 2->3 carrying 6 (fixed 1,
    # flow 6): cost 27
    assert best.status == Status.OPTIMAL and best.objective == pytest.approx(-27.0)
    calls: list[float] = []
    monkeypatch.setattr(highs, "solve_highs", _slow_highs(best, calls))
    out, done, probes, infos = netcuts.strengthen([arr], ["auto"], scen.params.solver, time.time() + 30.0)
    # the probe got more than 16 s of the 30 (main gave it 0.5 x 30 = 15 s, then cut rounds)
    assert calls[0] >= PROVEN_IN_S
    assert 0 in done and done[0].status == Status.OPTIMAL and not probes
    assert infos == [{"batch": 0, "probe_s": PROVEN_IN_S, "solved_by_probe": True}]


def test_a_small_network_batch_does_not_leave_the_hard_one_a_short_probe(monkeypatch):
    """Two network batches, the hard one first (as the components may come): the small one is
    probed first and closes at once, so the hard one's probe still gets more than 16 s of the 30
    (before: the hard one first, 0.5 x 30 = 15 s)."""
    import eitflow.solve.highs as highs
    from eitflow.solve import netcuts
    from eitflow.solve.status import BatchResult, Status

    scen = fcnet_scenario(_small(), time_limit_s=30.0)
    hard = build_arrays(scen, build_candidates(scen))
    best = highs.solve_highs(hard, scen.params.solver, 30.0)
    # n1 supplies 4 to n2 over one arc (fixed 2, unit cost 1): 6 by hand
    tiny = FcNet("tiny", ["n1", "n2"], np.array([-4.0, 4.0]), np.array([0]), np.array([1]), ["a1"],
                 np.array([2.0]), np.ones(1), np.full(1, 4.0), 4.0)
    s2 = fcnet_scenario(tiny, time_limit_s=30.0)
    small = build_arrays(s2, build_candidates(s2))
    assert small.shape[1] < hard.shape[1]
    calls: list[float] = []
    slow = _slow_highs(best, calls)

    def solve(a, opts, limit, start=None, on_incumbent=None):
        if a is small:
            return BatchResult(Status.OPTIMAL, -6.0, -6.0, np.zeros(a.shape[1]), 0.01, "optimal")
        return slow(a, opts, limit)

    monkeypatch.setattr(highs, "solve_highs", solve)
    out, done, probes, infos = netcuts.strengthen([hard, small], ["auto", "auto"], scen.params.solver,
                                                  time.time() + 30.0)
    assert calls and calls[0] >= PROVEN_IN_S
    assert set(done) == {0, 1} and done[0].status == Status.OPTIMAL and not probes
    assert [e["batch"] for e in infos] == [0, 1]   # said in the batches' order


def test_the_probe_keeps_half_of_a_long_limit_for_the_cuts():
    """Long limits keep their restart (it proved g150x1650 and mc7 on FCNetLib in 300 s):
    restart = 0.5 x (limit - 20 s), at least a sixth of the limit; probe = the time left but
    the restart."""
    from eitflow.solve.netcuts import probe_seconds, restart_seconds

    assert restart_seconds(30.0) == pytest.approx(5.0)      # 0.5 x (30 - 20)
    assert probe_seconds(30.0, 29.0) == pytest.approx(24.0)  # 29 left - 5
    assert restart_seconds(60.0) == pytest.approx(20.0)     # 0.5 x (60 - 20)
    assert probe_seconds(300.0, 300.0) == pytest.approx(160.0)  # 300 - 0.5 x 280 (main: 150)
    assert restart_seconds(12.0) == pytest.approx(2.0)      # 12 / 6 (0.5 x (12 - 20) < 0)
    assert probe_seconds(12.0, 11.5) == pytest.approx(9.5)   # 11.5 - 2
    assert probe_seconds(60.0, 10.0) == 0.0                 # no time left for a probe at all
