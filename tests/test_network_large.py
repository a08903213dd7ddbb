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


@pytest.mark.slow
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


def _towns(monkeypatch, n: int):
    """`_region(n)`'s towns as the run takes them (each its own large batch), and its scenario."""
    import eitflow.solve.decompose as dec
    import eitflow.solve.netlarge as nl
    from eitflow.solve.decompose import _batches, components

    monkeypatch.setattr(nl, "NETSTART_MIN_LINEAR", 10)
    monkeypatch.setattr(dec, "BATCH_LINKS", 1)
    scen = _region(n)
    cand = build_candidates(scen)
    ncomp, comp = components(scen, cand)
    return scen, [build_arrays(scen, cand, b) for b in _batches(comp, ncomp)]


def _clock(monkeypatch):
    """`solve.netlarge`'s clock, which a test moves on (`ahead[0]` seconds): the machine loaded,
    simulated, without waiting."""
    import types

    import eitflow.solve.netlarge as nl

    ahead = [0.0]
    monkeypatch.setattr(nl, "time", types.SimpleNamespace(time=lambda: time.time() + ahead[0]))
    return ahead


def _optimum(arr, opts) -> tuple[float, float]:
    """(the MIP optimum HiGHS proves, the LP relaxation's value with presolve) of a town."""
    from eitflow.solve.highs import solve_highs

    opt = solve_highs(arr, opts.model_copy(update={"mip_gap": 0.0}), 120.0)
    lp = solve_highs(arr.relaxed(), opts, 60.0)
    assert opt.status == "optimal" and lp.status == "optimal"
    return opt.objective, lp.objective


def _slow_jobs(monkeypatch, ahead, took: float = 40.0, lp_s: float = 10.0, said: float = 40.0):
    """Each town's first job takes `took` s (40 of a 60 s limit), `lp_s` of them its LP (simulated:
    the clock moved on and the job's summary says `lp_s` and `said`): a loaded machine, where the
    region's jobs took 4-11 s against budgets of 0-4 s (load 6.5-9.7) and its last 5-6 towns never
    started."""
    import eitflow.solve.netlarge as nl

    first = nl.network_first

    def slow(*args):
        out = first(*args)
        ahead[0] += took
        out[3]["lp_s"], out[3]["seconds"] = lp_s, said
        return out

    monkeypatch.setattr(nl, "network_first", slow)


@pytest.mark.parametrize("margin", [0.0, 1.2])
def test_towns_left_without_a_job_are_bounded_by_their_lp(monkeypatch, margin):
    """After the first town's job, 20 s are left and the two others' LPs would take 2 x 10 s:
    they get their LPs alone, no job, and their LP's value is their bound (at least the optimum
    HiGHS proves on each, tighter than the required-node rows' bound). Before, the second town
    got its job and the third nothing: the required-node rows' bound alone (`cover_bound`, or
    its start's value where larger)."""
    import eitflow.solve.netlarge as nl

    # by default (0) the end comes when one more job (40 s) and the quick bounds no longer fit; at
    # 1.2 already when the two LPs no longer would (24 s)
    monkeypatch.setattr(nl, "LP_MARGIN", margin, raising=False)
    scen, arrays = _towns(monkeypatch, 3)
    opts = scen.params.solver
    _slow_jobs(monkeypatch, _clock(monkeypatch))
    covers = []    # the required-node rows' bound, looser than a finished LP: not computed (it was, every town)
    cover = nl.cover_bound
    monkeypatch.setattr(nl, "cover_bound", lambda a: (covers.append(a), cover(a))[1])
    large, starts, bounds, infos = nl.large_networks(arrays, ["large"] * 3, opts, time.time() + 60.0, None, 1)
    assert covers == []
    assert sorted(starts) == sorted(bounds) == [0, 1, 2]
    for k in (2, 1):
        arr = arrays[k]
        opt, lp = _optimum(arr, opts)
        tol = 1e-6 * abs(opt)
        assert opt - tol <= bounds[k] < nl.cover_bound(arr) - tol
        assert bounds[k] == pytest.approx(lp, rel=1e-7)
        assert float(arr.c @ starts[k]) <= opt + tol
    assert [e["batch"] for e in infos] == [0]


def test_a_town_whose_lp_the_deadline_stops_is_bounded_by_its_duals(monkeypatch):
    """As above, but the second town's LP stops at the deadline (simulated: after 3/4 of its
    simplex iterations, then the clock past the deadline): its bound comes from the duals it had
    (`solve.dualbound`: -459,974 EUR/yr against the LP's -470,190), at least the optimum HiGHS
    proves, and tighter than the LP without the size rows (`netlarge.flow_bound`, -384,592) and
    than the required-node rows' bound it had before (`cover_bound`, -92,165, or its start's
    value where larger). The third town, never reached, keeps `flow_bound`'s."""
    import highspy

    import eitflow.solve.highs as hs
    import eitflow.solve.netlarge as nl

    monkeypatch.setattr(nl, "LP_MARGIN", 1.2, raising=False)
    scen, arrays = _towns(monkeypatch, 3)
    opts = scen.params.solver
    ahead = _clock(monkeypatch)
    _slow_jobs(monkeypatch, ahead)
    arr = required_node_cuts(arrays[1])[0]
    opt, lp = _optimum(arr, opts)
    full = hs.highs_model(arr.relaxed())
    full.setOptionValue("presolve", "off")
    hs.run(full)
    iters = full.getInfo().simplex_iteration_count
    assert iters > 10
    run = hs.run

    def stopped(h):
        # the second town's whole LP: 3/4 of its iterations; then no solve gets any (the deadline
        # has passed)
        whole = h.getNumCol() == arr.shape[1] and h.getNumRow() == arr.shape[0] \
            and not any(int(v) for v in h.getLp().integrality_) and np.array_equal(h.getLp().col_cost_, arr.c)
        late = ahead[0] > 60.0
        if whole or late:
            h.setOptionValue("simplex_iteration_limit", 0 if late else iters * 3 // 4)
        out = run(h)
        if whole and not late:
            assert h.getModelStatus() == highspy.HighsModelStatus.kIterationLimit
            ahead[0] = 3600.0
        return out

    monkeypatch.setattr(hs, "run", stopped)
    _, starts, bounds, _ = nl.large_networks(arrays, ["large"] * 3, opts, time.time() + 60.0, None, 1)
    tol = 1e-6 * abs(opt)
    assert opt - tol <= bounds[1] < nl.cover_bound(arr) - tol
    assert ahead[0] == 3600.0     # no job after the LP-only stretch
    ahead[0] = 0.0
    assert bounds[1] < nl.flow_bound(arr, opts, time.time() + 60.0) - tol
    third = required_node_cuts(arrays[2])[0]
    assert bounds[2] == pytest.approx(nl.flow_bound(third, opts, time.time() + 60.0), rel=1e-9)


@pytest.mark.parametrize("n", [1, 3])
def test_flow_bound_lies_between_the_lp_and_the_cover_bound(monkeypatch, n):
    """The LP without the size rows (`netlarge.flow_bound`): a relaxation of the LP, so at least
    its value and the optimum HiGHS proves; it keeps the required-node rows, so at most
    `cover_bound` (their Lagrangian at one choice of multipliers)."""
    import eitflow.solve.netlarge as nl

    scen, arrays = _towns(monkeypatch, n)
    opts = scen.params.solver
    for arr in arrays:
        arr = required_node_cuts(arr)[0]
        opt, lp = _optimum(arr, opts)
        b = nl.flow_bound(arr, opts, time.time() + 60.0)
        tol = 1e-6 * abs(opt)
        assert b is not None and lp - tol <= b <= nl.cover_bound(arr) + tol and opt - tol <= b


def test_end_bound_takes_the_cover_bound_only_where_nothing_tighter_finished(monkeypatch):
    """A town no job reached (`netlarge.end_bound`): a finished LP or a quick bound is never
    above the required-node rows' bound (`cover_bound`, a Lagrangian of a relaxation of both),
    so it is not computed there; an LP the deadline stopped (its duals' bound may be looser,
    above it), or nothing at all, still gets it. The bounds are the least of what it has, as
    before, when the cover bound was computed for every town."""
    import eitflow.solve.netlarge as nl

    scen = _region(1)
    arr = required_node_cuts(build_arrays(scen, build_candidates(scen)))[0]
    cov = nl.cover_bound(arr)
    _, lp = _optimum(arr, scen.params.solver)
    quick = nl.flow_bound(arr, scen.params.solver, time.time() + 60.0)
    assert cov is not None and quick is not None and lp - 1e-6 * abs(lp) <= quick <= cov   # the order argued
    calls = []
    monkeypatch.setattr(nl, "cover_bound", lambda a: (calls.append(1), cov)[1])
    done = nl.TownLp(lp, True, 1.0)
    assert nl.end_bound(arr, done, None) == lp and nl.end_bound(arr, done, quick) == min(lp, quick)
    assert nl.end_bound(arr, None, quick) == quick
    assert calls == []
    # a stopped LP's bound above the cover bound, below it, or none: the least with the cover bound
    assert nl.end_bound(arr, nl.TownLp(cov + 1000.0, False, 1.0), None) == cov
    assert nl.end_bound(arr, nl.TownLp(cov - 1000.0, False, 1.0), None) == cov - 1000.0
    assert nl.end_bound(arr, nl.TownLp(None, False, 0.0), None) == cov
    assert nl.end_bound(arr, None, None) == cov
    assert len(calls) == 4
