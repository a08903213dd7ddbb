"""A large network's first job (`solve.netlarge.network_first`) ends at its budget, on a loaded
machine simulated by a clock the test moves on: its LP counted in it (stopped at the deadline,
its duals bound the town), no round of separation started once the budget is spent, the start
along the cuts given what is left, and no job begun once the jobs' share is spent.
On the synthetic region at load 6.5-9.7 the jobs took 4-11 s against budgets of 0-4 s (the LP
allowed to finish, a separation round even at budget 0, each guided start at least a tree
start's time), so HiGHS's share of the time (`netlarge.FIRST_SHARE`) never came."""

from __future__ import annotations

import time
import types

import numpy as np
import pytest

from eitflow.solve.netnode import required_node_cuts
from test_network_large import _optimum, _slow_jobs, _towns


def _clock(monkeypatch) -> list[float]:
    """The clocks of the job's modules, which the test moves on (`ahead[0]` seconds)."""
    import eitflow.solve.highs as hs
    import eitflow.solve.netcuts as nc
    import eitflow.solve.netlarge as nl
    import eitflow.solve.netlocal as nlo
    import eitflow.solve.netstart as ns

    ahead = [0.0]
    clock = types.SimpleNamespace(time=lambda: time.time() + ahead[0],
                                  perf_counter=lambda: time.perf_counter() + ahead[0])
    for mod in (hs, nc, nl, nlo, ns):
        monkeypatch.setattr(mod, "time", clock)
    return ahead


def _spy(monkeypatch, arr, first_lp):
    """What the job does: its separations (`netcuts._cut_rows` calls), its guided starts' budgets
    (s), and the time limit its first LP (`arr`'s whole relaxation) got; `first_lp(h)` runs that LP."""
    import eitflow.solve.highs as hs
    import eitflow.solve.netcuts as nc
    import eitflow.solve.netstart as ns

    seen: dict = {"separations": 0, "guided": [], "lp_limit": None}
    cut_rows, start, run = nc._cut_rows, ns.network_start, hs.run

    def counted(*args, **kw):
        seen["separations"] += 1
        return cut_rows(*args, **kw)

    def guided(a, opts, budget_s, guide=None):
        if guide is not None:
            seen["guided"].append(budget_s)
        return start(a, opts, budget_s, guide)

    def spied(h):
        whole = seen["lp_limit"] is None and h.getNumCol() == arr.shape[1] and h.getNumRow() == arr.shape[0] \
            and not any(int(v) for v in h.getLp().integrality_) and np.array_equal(h.getLp().col_cost_, arr.c)
        if not whole:
            return run(h)
        seen["lp_limit"] = h.getOptionValue("time_limit")[1] - h.getRunTime()
        return first_lp(h, run)

    monkeypatch.setattr(nc, "_cut_rows", counted)
    monkeypatch.setattr(ns, "network_start", guided)
    monkeypatch.setattr(hs, "run", spied)
    return seen


def _town(monkeypatch):
    import eitflow.solve.netlarge as nl

    scen, arrays = _towns(monkeypatch, 1)
    arr = required_node_cuts(arrays[0])[0]
    opts = scen.params.solver
    tree = nl.tree_start(arr, opts, time.time() + 60.0)
    assert tree[0] is not None
    return arr, opts, tree


def test_a_job_whose_budget_is_spent_runs_its_lp_alone(monkeypatch):
    """Budget 0 (the jobs' share spent by the jobs before it), 60 s to the deadline: the job runs
    its LP (the town's bound: its value, worked out here by HiGHS with presolve) and the start
    along it (a tree start's time); no round of separation. Before: one round of separation ran
    after the LP."""
    import eitflow.solve.netlarge as nl

    arr, opts, tree = _town(monkeypatch)
    _clock(monkeypatch)
    seen = _spy(monkeypatch, arr, lambda h, run: run(h))
    _, best, bound, info = nl.network_first(arr, opts, time.time() + 60.0, 0.0, True, tree)
    assert seen["separations"] == 0 and seen["guided"] == [pytest.approx(max(tree[1], nl.GUIDED_MIN_S))]
    opt, lp = _optimum(arr, opts)
    assert bound == pytest.approx(lp, rel=1e-7)
    assert float(arr.c @ tree[0]) <= float(arr.c @ best) <= opt + 1e-6 * abs(opt)


def test_an_lp_the_deadline_stops_bounds_the_town_at_its_duals(monkeypatch):
    """Budget 2 s, 5 s to the deadline; the town's LP would take longer (simulated: it stops after
    3/4 of its simplex iterations, the clock then past the deadline). The LP may run past the
    budget, to the deadline (stopped at the budget, the region's LPs' duals widened its gap), and
    its bound is the one its duals give (`solve.dualbound`): at least the optimum HiGHS proves,
    tighter than the required-node rows' (`cover_bound`); no separation and no guided start
    follow. Before: no bound at all (the LP was solved again, with presolve, in no time), a round
    of separation and a guided start of at least a tree start's time."""
    import highspy

    import eitflow.solve.netlarge as nl
    from eitflow.solve.highs import highs_model

    arr, opts, tree = _town(monkeypatch)
    opt, _ = _optimum(arr, opts)
    full = highs_model(arr.relaxed())
    full.setOptionValue("presolve", "off")
    full.run()
    iters = full.getInfo().simplex_iteration_count
    assert iters > 10
    ahead = _clock(monkeypatch)

    def stopped(h, run):
        h.setOptionValue("simplex_iteration_limit", iters * 3 // 4)
        out = run(h)
        h.setOptionValue("simplex_iteration_limit", 2**31 - 1)
        assert h.getModelStatus() == highspy.HighsModelStatus.kIterationLimit
        ahead[0] += 6.0
        return out

    seen = _spy(monkeypatch, arr, stopped)
    _, best, bound, info = nl.network_first(arr, opts, time.time() + 5.0, 2.0, True, tree)
    assert seen["lp_limit"] == pytest.approx(5.0, abs=0.5)
    assert seen["separations"] == 0 and seen["guided"] == []
    tol = 1e-6 * abs(opt)
    assert bound is not None and opt - tol <= bound < nl.cover_bound(arr) - tol
    assert best is not None and float(arr.c @ best) <= opt + tol


def test_no_round_after_an_lp_that_took_the_budget(monkeypatch):
    """Budget 10 s, a tree start of 3 s, the LP taking 8 s (simulated): the rounds of cuts get what
    the LP and the guided starts (2 x 3 s) leave, nothing, so no separation; the start along the LP
    gets a tree start's time. Before: the rounds got their share after the LP, and a separation
    ran."""
    import eitflow.solve.netlarge as nl

    arr, opts, tree = _town(monkeypatch)
    ahead = _clock(monkeypatch)

    def slow(h, run):
        out = run(h)
        ahead[0] += 8.0
        return out

    seen = _spy(monkeypatch, arr, slow)
    _, best, bound, info = nl.network_first(arr, opts, time.time() + 60.0, 10.0, True, (tree[0], 3.0))
    assert seen["separations"] == 0 and seen["guided"] == [pytest.approx(3.0)]
    opt, lp = _optimum(arr, opts)
    assert bound == pytest.approx(lp, rel=1e-7)
    assert float(arr.c @ best) <= opt + 1e-6 * abs(opt)


def test_the_start_along_the_cuts_gets_what_the_job_has_left(monkeypatch):
    """Budget 20 s, a tree start of 3 s: the LP and its rounds of cuts run (in moments here), then
    the start along the first LP takes the job to 1 s before its budget's end (simulated). The
    start along the last LP (with the cuts) gets that 1 s at most. Before: at least the tree
    start's 3 s, past the budget."""
    import eitflow.solve.netlarge as nl
    import eitflow.solve.netstart as ns

    arr, opts, tree = _town(monkeypatch)
    ahead = _clock(monkeypatch)
    seen = _spy(monkeypatch, arr, lambda h, run: run(h))
    spied = ns.network_start
    t0 = time.time()

    def first_takes_all(a, o, budget_s, guide=None):
        out = spied(a, o, budget_s, guide)
        if guide is not None and len(seen["guided"]) == 1:
            ahead[0] = t0 + 19.0 - time.time() + ahead[0]
        return out

    monkeypatch.setattr(ns, "network_start", first_takes_all)
    _, best, bound, info = nl.network_first(arr, opts, t0 + 60.0, 20.0, True, (tree[0], 3.0))
    assert info["rounds"] >= 2 and info["cuts"] > 0 and seen["separations"] > 0
    assert len(seen["guided"]) == 2 and seen["guided"][0] >= 3.0 and 0.0 < seen["guided"][1] <= 1.5
    opt, _ = _optimum(arr, opts)
    assert bound is not None and bound >= opt - 1e-6 * abs(opt) and float(arr.c @ best) <= opt + 1e-6 * abs(opt)


def test_towns_past_the_jobs_share_get_their_lps_alone(monkeypatch):
    """Three towns, 100 s to the deadline: the first job runs past the jobs' share (FIRST_SHARE of
    it, 70 s; simulated: the clock 71 s on, the job saying 1 s). The two others get their LPs
    alone (`network_lp`, their value their bound), not jobs without a budget. Before: both got a
    job of budget 0, which ran its LP, a round of separation and the guided starts."""
    import eitflow.solve.netlarge as nl

    scen, arrays = _towns(monkeypatch, 3)
    opts = scen.params.solver
    _slow_jobs(monkeypatch, _clock(monkeypatch), took=71.0, lp_s=1.0, said=1.0)
    large, starts, bounds, infos = nl.large_networks(arrays, ["large"] * 3, opts, time.time() + 100.0, None, 1)
    assert [e["batch"] for e in infos] == [0]
    assert sorted(starts) == sorted(bounds) == [0, 1, 2]
    for k in (1, 2):
        opt, lp = _optimum(arrays[k], opts)
        assert bounds[k] == pytest.approx(lp, rel=1e-7)
        assert float(arrays[k].c @ starts[k]) <= opt + 1e-6 * abs(opt)
