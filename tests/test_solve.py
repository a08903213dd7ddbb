"""Solve stage: decomposition and parallel workers against optima worked out by hand, extra
rows against a hand-solved trade-off, the solution check, the back-ends, and the PuLP model."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from eitflow import build_candidates, optimise, scenario_from_frames
from eitflow.geo import haversine_km
from eitflow.model.arrays import LinearConstraint
from eitflow.model.build import build_arrays
from eitflow.model.pulp_model import to_pulp
from eitflow.scenario import SolverOptions
from eitflow.solve.backends import backend
from eitflow.solve.check import check_solution
from eitflow.solve.decompose import BATCH_LINKS, _batches, components
from eitflow.solve.highs import solve_highs
from eitflow.solve.status import Status

CRF_5PC_20Y = 0.05 / (1 - 1.05 ** -20)


# ------------------------------------------------------------------ many independent pairs
def _pairs(k: int = 40):
    """k heat pairs 0.5 deg of latitude apart (56 km: no link between pairs), each one supply
    and one demand 1-5 km apart along a parallel, so each pair is a component of one link."""
    rng = np.random.default_rng(5)
    lat = 40.0 + np.arange(k) * 0.5
    km = rng.uniform(1.0, 5.0, k)
    dlon = km / (111.19492664 * np.cos(np.radians(lat)))  # km per degree of longitude at each latitude
    sites = pd.DataFrame({"site_id": [f"{a}{i}" for i in range(k) for a in "SD"],
                          "lat": np.repeat(lat, 2), "lon": np.ravel(np.column_stack([np.full(k, 4.0), 4.0 + dlon]))})
    s_amt = rng.integers(5, 40, k) * 1000.0
    d_amt = rng.integers(5, 40, k) * 1000.0
    price = rng.integers(30, 80, k).astype(float)
    flows = pd.DataFrame({"site_id": sites["site_id"], "direction": ["supply", "demand"] * k, "resource": "heat",
                          "amount": np.ravel(np.column_stack([s_amt, d_amt])), "unit": "MWh/yr",
                          "temperature_c": [120.0, 70.0] * k,
                          "price_eur_per_unit": np.ravel(np.column_stack([np.zeros(k), price]))})
    scen = scenario_from_frames(sites, flows, carbon_price_eur_per_t=100, heat_pump={"enabled": False},
                                solver={"mip_gap": 0.0, "time_limit_s": 60})
    # each pair's optimum by hand, from the catalogue's heat figures (pipe, 1.3 detour, 0.2 %/km)
    best = 0.0
    for i in range(k):
        route = 1.3 * haversine_km(lat[i], 4.0, lat[i], 4.0 + dlon[i])
        yld = 1 - 0.002 * route
        v = yld * (price[i] + 100 * 0.252) - (0.5 + 0.1 * route)
        F = CRF_5PC_20Y * (150_000 + 800_000 * route) + 5_000
        best += max(0.0, v * min(s_amt[i], d_amt[i] / yld) - F)
    return scen, best


def test_decomposition_equals_the_hand_optimum_and_the_monolithic_model():
    scen, best = _pairs()
    cand = build_candidates(scen)
    ncomp, comp = components(scen, cand)
    assert ncomp == 40 and len(cand.links) == 40
    assert len(_batches(comp, ncomp)) == 2  # 32 + 8 single-link components
    res = optimise(scen)
    assert res.status == "optimal"
    assert res.summary["objective"] == pytest.approx(best, rel=1e-9)
    mono = solve_highs(build_arrays(scen, cand), SolverOptions(mip_gap=0.0), 30)
    assert mono.objective == pytest.approx(best, rel=1e-9)


def _count_pools(monkeypatch) -> list:
    """The max_workers of every process pool the driver makes from now on."""
    import eitflow.solve.driver as D

    made: list = []

    class Spy(D.ProcessPoolExecutor):
        def __init__(self, *a, **k):
            made.append(k.get("max_workers"))
            super().__init__(*a, **k)

    monkeypatch.setattr(D, "ProcessPoolExecutor", Spy)
    return made


def _two_tiny_batches(workers: int = 1):
    """Two batches of 32 and 20 one-link components, and their optimum."""
    scen, best = _pairs(k=BATCH_LINKS + 20)
    scen.params = scen.params.model_copy(update={"solver": scen.params.solver.model_copy(update={"workers": workers})})
    return scen, best


def test_a_pool_only_when_two_batches_are_worth_a_worker(monkeypatch):
    """--workers 2 started a process pool for any two batches, however small: the fork and
    the pickling cost more than tiny batches take (the national run's 10 small batches solve
    in 0.1 s). Now a pool only with two batches of POOL_MIN_BINARIES binaries or more; the
    optimum is the same either way."""
    import eitflow.solve.schedule as S

    made = _count_pools(monkeypatch)
    scen, best = _two_tiny_batches(workers=2)
    res = optimise(scen)
    assert made == []
    assert res.summary["counts"]["solver_batches"] == 2
    assert res.summary["objective"] == pytest.approx(best, rel=1e-9)
    monkeypatch.setattr(S, "POOL_MIN_BINARIES", 20)   # both batches now count as worth a worker
    assert optimise(scen).summary["objective"] == pytest.approx(best, rel=1e-9)
    assert made == [2]


def test_parallel_workers_really_run_in_a_pool(monkeypatch):
    import eitflow.solve.schedule as S

    made = _count_pools(monkeypatch)
    monkeypatch.setattr(S, "POOL_MIN_BINARIES", 1)  # these batches are tiny: a pool would not pay
    scen, best = _two_tiny_batches(workers=2)
    res = optimise(scen)
    assert made == [2]  # the pool was created, with two workers
    assert res.summary["counts"]["solver_batches"] == 2
    assert res.summary["objective"] == pytest.approx(best, rel=1e-9)


def test_a_pool_forked_after_highs_ran_here_with_threads_still_solves(tmp_path, monkeypatch):
    """HiGHS keeps one global thread scheduler per process; a pool forked after HiGHS ran
    here with worker threads (the duals LP did, with HiGHS's default threads) inherited it
    without its threads, and every solve there ended "error: Not Set". An LP solved here
    with two threads, then three runs in a row with a pool of two: the hand optimum each time."""
    import highspy

    import eitflow.solve.schedule as S
    from cluster import write_dense_heat
    from eitflow import read_scenario
    from eitflow.solve.highs import highs_model

    monkeypatch.setattr(S, "POOL_MIN_BINARIES", 1)  # a pool even for these tiny batches
    dense = read_scenario(write_dense_heat(tmp_path / "dense", n=16))
    h = highs_model(build_arrays(dense, build_candidates(dense)).relaxed())
    h.setOptionValue("threads", 2)
    # this process's scheduler may have been started with one thread by an earlier test:
    # HiGHS refuses another thread count until it is reset (and the next tests want one)
    highspy.Highs.resetGlobalScheduler(True)
    try:
        h.run()
        assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal
        scen, best = _pairs(k=BATCH_LINKS + 20)
        scen.params = scen.params.model_copy(update={"solver": scen.params.solver.model_copy(update={"workers": 2})})
        for _ in range(3):
            res = optimise(scen)
            assert res.status == "optimal", res.summary.get("message")
            assert res.summary["objective"] == pytest.approx(best, rel=1e-9)
    finally:
        highspy.Highs.resetGlobalScheduler(True)


# ------------------------------------------------------------------ extra rows, by hand
def _two_buyers():
    """One supply of 1000 t/yr; buyer A pays 60 EUR/t and avoids 0.1 tCO2/t, buyer B pays 40
    and avoids 0.3. Each link costs 100 EUR/yr; B takes at least 200 t. No carbon price."""
    good = {"good": {"base_unit": "t/yr", "max_distance_km": 1e4, "transport": {"mode": "truck"}}}
    sites = pd.DataFrame({"site_id": ["S", "A", "B"], "lat": [45.0, 45.01, 45.02], "lon": [4.0, 4.0, 4.0]})
    flows = pd.DataFrame({"site_id": ["S", "A", "B"], "direction": ["supply", "demand", "demand"],
                          "resource": "good", "amount": 1000.0, "unit": "t/yr",
                          "price_eur_per_unit": [0.0, 60.0, 40.0], "co2_factor_t_per_unit": [np.nan, 0.1, 0.3],
                          "min_amount": [0.0, 0.0, 200.0]})
    links = pd.DataFrame({"source_site": ["S", "S"], "sink_site": ["A", "B"], "supply_resource": "good",
                          "fixed_cost_eur_per_yr": [100.0, 100.0]})
    return scenario_from_frames(sites, flows, links, good, solver={"mip_gap": 0.0})


def test_extra_rows_epsilon_co2_and_no_good_cut_by_hand():
    scen = _two_buyers()
    cand = build_candidates(scen)
    base = optimise(scen, candidates=cand)
    # all 1000 t to A: 60,000 - 100 EUR/yr, 100 tCO2/yr
    assert base.summary["objective"] == pytest.approx(59_900)
    co2 = cand.links["co2_t_per_unit"].to_numpy()
    assert float(co2 @ base.solution.flow) == pytest.approx(100.0)
    # at least 105 tCO2: B must take 25 t, but its minimum is 200 t: 800 to A, 200 to B,
    # 48,000 + 8,000 - 200 = 55,800 EUR/yr and 80 + 60 = 140 tCO2/yr
    more = optimise(scen, candidates=cand, extra=[LinearConstraint(co2, lo=105.0)])
    assert more.status == "optimal"
    assert more.summary["objective"] == pytest.approx(55_800)
    assert float(co2 @ more.solution.flow) == pytest.approx(140.0)
    # a no-good cut on {A}: the next portfolio is {A, B} at 55,800, not {B} at 39,900
    chosen = base.solution.built
    cut = LinearConstraint(np.zeros(len(chosen)), np.where(chosen, 1.0, -1.0), hi=chosen.sum() - 1, name="nogood")
    alt = optimise(scen, candidates=cand, extra=[cut])
    assert alt.summary["objective"] == pytest.approx(55_800)
    assert alt.solution.built.all()
    # asking for more CO2 than the supply can ever avoid (300 t) is infeasible, and said so
    none = optimise(scen, candidates=cand, extra=[LinearConstraint(co2, lo=301.0, name="co2_floor")])
    assert none.status == "infeasible"
    assert "extra" in set(none.solution.diagnosis["reason"])


# ------------------------------------------------------------------ check, back-ends, PuLP
def test_check_solution_finds_violations():
    scen = _two_buyers()
    arr = build_arrays(scen, build_candidates(scen))
    res = solve_highs(arr, SolverOptions(mip_gap=0.0), 30)
    assert res.status == Status.OPTIMAL and check_solution(arr, res.z) == []
    z = res.z.copy()
    z[arr.cols["x"].start] *= 3  # 3000 t out of a 1000 t supply
    assert any("supply_" in p for p in check_solution(arr, z))
    z = res.z.copy()
    z[arr.cols["y"].slice] = 0  # every switch off while the flow stays on
    assert any("link_" in p for p in check_solution(arr, z))


def test_check_solution_allows_a_binary_rounded_within_the_solvers_tolerance():
    """A switch the solver left at 5e-7 (within its 1e-6 integrality tolerance) lets a flow of
    5e-7 x M through its link's row x - M y <= 0; rounded to 0 that row reads 5e-7 M over,
    which is the solver's tolerance, not a wrong answer (FCNetLib mc7 was refused for it). Ten
    times that is still refused."""
    import scipy.sparse as sp

    scen = _two_buyers()
    arr = build_arrays(scen, build_candidates(scen))
    res = solve_highs(arr, SolverOptions(mip_gap=0.0), 30)
    A = sp.csr_matrix(arr.A)
    ycols = set(range(arr.cols["y"].start, arr.cols["y"].start + len(arr.cols["y"])))
    # a link row: its flow column (coefficient 1) and its switch (coefficient -M)
    r = next(i for i, nm in enumerate(arr.row_names) if nm.startswith("link_")
             and any(c in ycols for c in A.indices[A.indptr[i]:A.indptr[i + 1]]))
    cols, vals = A.indices[A.indptr[r]:A.indptr[r + 1]], A.data[A.indptr[r]:A.indptr[r + 1]]
    y = next(c for c in cols if c in ycols)
    x = next(c for c in cols if c not in ycols)
    big_m = -float(vals[list(cols).index(y)]) / float(vals[list(cols).index(x)])
    assert big_m > 100  # a real big-M row
    for share, ok in ((0.5, True), (10.0, False)):
        z = np.zeros_like(res.z)
        z[x] = share * 1e-6 * big_m
        assert (check_solution(arr, z) == []) == ok, (share, check_solution(arr, z))


@pytest.mark.parametrize("name", ["highs", "cbc"])
def test_backends_reach_the_hand_optimum(name):
    scen = _two_buyers()
    arr = build_arrays(scen, build_candidates(scen))
    b = backend(name)
    assert b.name == name and b.available()
    res = b.solve(arr, SolverOptions(mip_gap=0.0), 30)
    assert res.status == Status.OPTIMAL and res.status == "optimal"
    assert res.objective == pytest.approx(59_900)
    assert float(arr.c @ res.z) == pytest.approx(59_900)


def test_status_is_a_string_and_orders_the_worst():
    import json

    assert json.dumps({"s": Status.TIME_LIMIT}) == '{"s": "time_limit"}'
    assert f"{Status.INFEASIBLE}" == "infeasible"
    assert Status.worst(["optimal", "feasible"]) == Status.FEASIBLE
    assert Status.worst([Status.OPTIMAL, Status.ERROR, Status.INFEASIBLE]) == "error"
    assert Status.worst([]) == "optimal"


def test_pulp_model_exports_and_has_the_hand_optimum(tmp_path):
    pulp = pytest.importorskip("pulp")
    scen = _two_buyers()
    arr = build_arrays(scen, build_candidates(scen))
    prob = to_pulp(arr)
    prob.writeLP(str(tmp_path / "m.lp"))
    text = (tmp_path / "m.lp").read_text()
    assert "supply_f2" in text and "y_0" in text and "link_1_min" in text
    prob.solve(pulp.PULP_CBC_CMD(msg=False, gapRel=0) if hasattr(pulp, "PULP_CBC_CMD") else pulp.COIN_CMD(msg=False))
    assert pulp.LpStatus[prob.status] == "Optimal"
    assert pulp.value(prob.objective) == pytest.approx(59_900)


def test_fallback_without_incumbent_is_feasible_with_a_valid_bound():
    from eitflow.solve.schedule import _fallback
    from eitflow.solve.status import BatchResult

    scen, best = _pairs(k=5)
    arr = build_arrays(scen, build_candidates(scen))
    fb = _fallback(arr, BatchResult(Status.TIME_LIMIT, None, None, None, 1.0))
    assert fb.status == "feasible" and fb.objective == 0.0
    assert check_solution(arr, fb.z) == []
    assert fb.bound >= best - 1e-6


def test_the_second_pass_spreads_the_widest_gaps_over_the_executor(tmp_path):
    """Three components of 576 links start from 'everything off' with their LP bounds (as a
    first pass that ran out of time would leave them); the second pass on a 2-slot executor
    re-solves two at once and brings each within the gap target of its own optimum."""
    import threading
    import time
    from concurrent.futures import ThreadPoolExecutor

    import cluster
    from eitflow.io.read import read_scenario
    from eitflow.solve.schedule import _second_pass
    from eitflow.solve.status import BatchResult

    scen = read_scenario(cluster.write_dense_heat(tmp_path, clusters=3, n=24))
    cand = build_candidates(scen)
    ncomp, comp = components(scen, cand)
    arrays = [build_arrays(scen, cand, np.flatnonzero(comp == c)) for c in range(ncomp)]
    assert len(arrays) == 3 and all(a.n_x == 576 for a in arrays)
    opts = SolverOptions(mip_gap=0.001)
    alone = [solve_highs(a, opts, 60) for a in arrays]  # each component solved on its own
    start = [BatchResult(Status.FEASIBLE, 0.0, solve_highs(a.relaxed(), opts, 60).objective, np.zeros(a.shape[1]),
                         0.1, "first pass out of time") for a in arrays]
    in_flight, peak, lock = [0], [0], threading.Lock()

    class Counting(ThreadPoolExecutor):
        def submit(self, fn, *args, **kwargs):
            def run():
                with lock:
                    in_flight[0] += 1
                    peak[0] = max(peak[0], in_flight[0])
                try:
                    time.sleep(0.05)  # make two solves overlap for sure
                    return fn(*args, **kwargs)
                finally:
                    with lock:
                        in_flight[0] -= 1
            return super().submit(run)

    with Counting(max_workers=2) as ex:
        done = _second_pass(arrays, list(start), opts, time.time() + 60, ex, slots=2)
    assert peak[0] == 2
    for got, ref in zip(done, alone):
        assert got.objective == pytest.approx(ref.objective, rel=2 * opts.mip_gap)
        assert got.bound is not None and got.bound - got.objective <= opts.mip_gap * got.objective + 1e-6


@pytest.mark.parametrize("slots", [1, 2])
def test_the_second_pass_solves_a_batch_the_first_pass_left_without_a_solution(slots):
    """A batch with no solution after the first pass has an unknown gap, not a zero one: the
    second pass must give it time even when the other batches already meet the gap target
    (it used to stop at once, leaving the batch's links off and a bound 2,000 times the plan)."""
    import time
    from concurrent.futures import ThreadPoolExecutor

    from eitflow.solve.schedule import _second_pass
    from eitflow.solve.status import BatchResult

    scen, best = _pairs(k=5)
    arr = build_arrays(scen, build_candidates(scen))
    solved = solve_highs(arr, SolverOptions(mip_gap=0.0), 60)
    assert solved.objective == pytest.approx(best)
    first = [solved, BatchResult(Status.TIME_LIMIT, None, None, None, 0.5, "time limit reached")]
    opts = SolverOptions(mip_gap=0.01)
    with ThreadPoolExecutor(max_workers=2) as ex:
        done = _second_pass([arr, arr], list(first), opts, time.time() + 30, ex if slots > 1 else None, slots=slots)
    assert done[1].objective == pytest.approx(best, rel=opts.mip_gap)
    assert done[1].bound is not None and done[1].bound >= best - 1e-6


def test_tiny_batches_stay_here_with_an_executor(monkeypatch):
    """With an executor (a pool, a Dask cluster), every batch was shipped to it, however
    small: a national run's dozens of tiny components each paid a round trip larger than
    their solve. Batches under POOL_MIN_BINARIES are now solved here while the executor
    takes the others; the optimum is the same either way."""
    from concurrent.futures import ThreadPoolExecutor

    import eitflow.solve.schedule as S

    sent = []

    class Spy(ThreadPoolExecutor):
        def submit(self, fn, *a, **k):
            sent.append(fn.__name__)
            return super().submit(fn, *a, **k)

    scen, best = _two_tiny_batches()
    with Spy(max_workers=2) as exe:
        res = optimise(scen, executor=exe)
        assert res.summary["counts"]["solver_batches"] == 2 and sent == []
        assert res.summary["objective"] == pytest.approx(best, rel=1e-9)
        monkeypatch.setattr(S, "POOL_MIN_BINARIES", 1)  # now both are worth a worker
        assert optimise(scen, executor=exe).summary["objective"] == pytest.approx(best, rel=1e-9)
        assert sent.count("_solve_batch") == 2


@pytest.mark.parametrize("target, first_gap", [(0.001, 0.001), (0.004, 0.004), (0.01, 0.02)])
def test_the_first_pass_loosens_only_a_loose_gap_target(tmp_path, monkeypatch, target, first_gap):
    """Several batches worth a worker: the first pass solved each to twice the gap target,
    and a second pass restarted the widest from the root. For a tight target (below 0.5 %)
    HiGHS's search costs about the same at either gap, so each batch is solved to the target
    at once; a loose target is still loosened (benchmarks/HISTORY.md, national run)."""
    import time

    from tqdm import tqdm

    import cluster
    import eitflow.solve.schedule as S
    from eitflow.io.read import read_scenario

    scen = read_scenario(cluster.write_dense_heat(tmp_path, clusters=2, n=12))
    cand = build_candidates(scen)
    ncomp, comp = components(scen, cand)
    arrays = [build_arrays(scen, cand, np.flatnonzero(comp == c)) for c in range(ncomp)]
    assert len(arrays) == 2 and all(a.n_x >= S.POOL_MIN_BINARIES for a in arrays)
    gaps = []
    real = S._solve_batch

    def spy(arr, opts, deadline, budget=None, start=None):
        gaps.append(opts.mip_gap)
        return real(arr, opts, deadline, budget, start)

    monkeypatch.setattr(S, "_solve_batch", spy)
    opts = SolverOptions(mip_gap=target)
    out = S._run_batches(arrays, opts, time.time() + 60, None, 1, tqdm(disable=True))
    assert gaps[:2] == [pytest.approx(first_gap)] * 2
    alone = [solve_highs(a, SolverOptions(mip_gap=0.0), 60).objective for a in arrays]
    assert sum(r.objective for r in out) == pytest.approx(sum(alone), rel=target)
