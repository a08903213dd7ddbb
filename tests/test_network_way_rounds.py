"""netway's rounds of directed cuts per month (`solve.netway.probe_then_cut`) on a network whose
LP takes longer than the rounds' share of the time (Meurthe-et-Moselle with monthly heating
profiles at 30 s: its first LP 2.3-4.6 s, the share 3.3-3.9 s). Before, the rounds then ran 0
times, the final solve got the way columns without a cut (a larger model, the same bound), and
the rounds' bound was never handed on. Now the first LP may take up to WAY_FIRST_LP_SHARE of the
time left and one separation at least follows it; where no cut is kept the plain model goes on;
and the rounds' last LP bounds the batch."""
from __future__ import annotations

import time

import numpy as np
import pytest

from eitflow.candidates.generate import build_candidates
from eitflow.model.build import build_arrays
from eitflow.solve.highs import relaxation, solve_highs
from eitflow.solve.netway import oriented_cuts
from eitflow.solve.status import BatchResult, Status
from test_network_way_cuts import _square


def test_rounds_that_keep_no_cut_hand_back_the_plain_model():
    """No time for the rounds (budget 0 s, no first LP of their own): no cut, so no way column
    either (alone they do not move the bound: `solve.netway`); before, the model came back with
    the square's 96 way columns and 144 rows and nothing else."""
    scen = _square()
    plain = build_arrays(scen, build_candidates(scen))
    out, info = oriented_cuts(plain, 0.0)
    assert out is plain and "net_way" not in out.cols
    assert info["rounds"] == 0 and info["cuts"] == 0 and info["way_columns"] == 0


def test_the_rounds_hand_on_their_bound(monkeypatch):
    """The square, its probe stopped before a plan or a bound (as under load): the rounds run
    (WAY_CUT_SHARE of 20 s), and the batch's bound handed on is their last LP: below the plain
    LP by more than 0.1 % (`relaxation` of the model alone, a second solve) and not below the
    optimum (`solve_highs` of the model alone, gap 1e-7). Before, only the probe's bound was
    handed on: here none."""
    import eitflow.solve.highs as highs
    import eitflow.solve.netway as netway

    scen = _square()
    opts = scen.params.solver
    plain = build_arrays(scen, build_candidates(scen))
    best = solve_highs(plain, opts, 60)
    lp = relaxation(plain, opts, 60)
    assert best.status == Status.OPTIMAL and lp is not None
    real = highs.solve_highs

    def solve(a, o, limit, start=None, on_incumbent=None):
        if a.integrality.any() and a.ub[a.cols["size"].slice].any():   # the probe: nothing found in time
            return BatchResult(Status.TIME_LIMIT, None, None, None, 0.01, "time limit reached")
        return real(a, o, limit, start, on_incumbent)

    monkeypatch.setattr(highs, "solve_highs", solve)
    new, fin, z, bound, info = netway.probe_then_cut(plain, opts, time.time() + 20.0)
    assert fin is None
    assert info["rounds"] >= 2 and info["cuts"] > 0 and "net_way" in new.cols
    assert bound is not None and bound == pytest.approx(info["lp_after"], rel=1e-12)
    assert bound < lp[0] * (1 - 1e-3)
    assert bound >= best.objective - 1e-6 * abs(best.objective)


def test_a_first_lp_longer_than_the_share_still_gets_one_separation(monkeypatch):
    """Every LP made to take 0.3 s more (HiGHS's `run`, then a sleep), the rounds' budget 0.1 s
    counting the first LP (`first_counts`): the first LP (0.3 s or more) is over the budget, yet
    one separation follows it and its cuts are kept (no second LP: the LP bound after them is
    the first's), where before the budget ended the rounds before any (0 rounds, no cut)."""
    import eitflow.solve.highs as highs
    from eitflow.solve.netcuts import add_network_cuts
    from eitflow.solve.netway import with_way_columns

    scen = _square()
    new, dcol = with_way_columns(build_arrays(scen, build_candidates(scen)))
    real = highs.run

    def slow(h):
        out = real(h)
        time.sleep(0.3)
        return out

    monkeypatch.setattr(highs, "run", slow)
    out, info = add_network_cuts(new, 0.1, 1, None, 10.0, periods=True, way_cols=dcol, first_counts=True)
    assert info["first_lp_s"] >= 0.3 and "skipped" not in info
    assert info["rounds"] == 1 and info["cuts"] > 0 and "net_cut" in out.rows
    assert info["lp_after"] == info["lp_before"]


@pytest.mark.parametrize("stop_at, iterations", [(3, 20), (4, 2), (4, 5)])
def test_cuts_are_never_judged_on_an_lp_stopped_at_its_limit(monkeypatch, stop_at, iterations):
    """The square's rounds (way columns, cuts per month), the LP after the last round stood in for
    by HiGHS stopped at a simplex iteration limit (`iterations`), as the LP after a round stops at
    the rounds' time limit on Meurthe-et-Moselle's monthly network (`stop_at`: HiGHS's 3rd run, the
    LP after round 1, or its 4th, after round 2). Before, the cuts kept were those binding at that
    unfinished iterate: 21 of round 1's 24 cuts, 38 and 42 of the 48 of two rounds, by chance.
    Now every cut is judged at the last LP that finished (``point_last``): kept where binding or
    violated there. Worked out here from every cut separated (recorded from `_cut_rows`) and that
    point: each of the last round's cuts is violated at it (it was separated from it), and the
    model handed to the MIP holds exactly the cuts binding or violated there, none other."""
    import highspy

    import eitflow.solve.highs as highs
    import eitflow.solve.netcuts as netcuts
    from eitflow.solve.netway import with_way_columns

    scen = _square()
    new, dcol = with_way_columns(build_arrays(scen, build_candidates(scen)))
    real_run, real_rows = highs.run, netcuts._cut_rows
    runs: list = []
    separated: list[tuple[int, tuple]] = []   # (HiGHS runs before it, cut)

    def stopping(h):
        h.setOptionValue("simplex_iteration_limit", iterations if len(runs) + 1 == stop_at else 10**9)
        out = real_run(h)
        runs.append(h.getModelStatus())
        return out

    def recorded(*a, **kw):
        out = real_rows(*a, **kw)
        separated.extend((len(runs), c) for c in out)
        return out

    monkeypatch.setattr(highs, "run", stopping)
    monkeypatch.setattr(netcuts, "_cut_rows", recorded)
    out, info = netcuts.add_network_cuts(new, 10.0, 1, None, 10.0, periods=True, way_cols=dcol, first_counts=True)
    assert len(runs) == stop_at and runs[-1] == highspy.HighsModelStatus.kIterationLimit   # the stand-in stopped
    assert info["rounds"] == stop_at - 2    # the first LP, then one re-solve per round that finished
    z = info["point_last"]                  # the last LP that finished
    tol = [1e-6 * max(1.0, float(abs(v).max())) for _, (c, v) in separated]
    act = [float(v @ z[c]) for _, (c, v) in separated]
    last = [k for k, (n, _) in enumerate(separated) if n == stop_at - 1]
    assert last and all(act[k] < -tol[k] for k in last)      # separated from z: each cuts it off
    expected = sorted((tuple(c), tuple(np.round(v, 9))) for a, t, (_, (c, v)) in zip(act, tol, separated) if a <= t)
    assert "net_cut" in out.rows
    rows = out.A[out.rows["net_cut"].slice].tocsr()
    got = sorted((tuple(rows[i].indices), tuple(np.round(rows[i].data, 9))) for i in range(rows.shape[0]))
    assert info["cuts"] == len(got) == len(expected) and got == expected
