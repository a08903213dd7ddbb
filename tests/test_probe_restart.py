"""The cut rule's probe and restart (`solve.netcuts.strengthen`, `solve.driver`) when time runs
short: a run never shows a worse plan than one it found, a run that found none says so, and the
cut rounds after a probe that did not finish solve their LP."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import eitflow
from eitflow.solve.status import BatchResult, Status

DUNKERQUE_NET = Path(__file__).resolve().parents[1] / "scenarios" / "dunkerque_dh" / "network.yaml"
LUDRES = Path(__file__).resolve().parents[1] / "scenarios" / "ludres_backbone" / "scenario.yaml"   # one period


def _short(scen, seconds: float = 4.0):
    """`scen` with a short time limit (s): the patched solver returns at once, and the driver
    gives the batch without a solution the time left again and again."""
    scen.params = scen.params.model_copy(update={"solver": scen.params.solver.model_copy(
        update={"time_limit_s": seconds})})
    return scen


def _no_mip_solution(monkeypatch, keep=None):
    """HiGHS as it was under load 13 on 2 cores: every MIP stops at its limit before a first
    solution (the plan without new corridors, the probe, then the restart); LPs solve. `keep`:
    a result the first MIP whose pipe sizes may be built (the probe) returns instead."""
    import eitflow.solve.highs as highs

    real = highs.solve_highs
    calls: list[float] = []
    probes: list[float] = []

    def solve(arr, opts, limit, start=None, on_incumbent=None):
        if not arr.integrality.any():
            return real(arr, opts, limit, start, on_incumbent)
        calls.append(limit)
        if arr.ub[arr.cols["size"].slice].any():
            probes.append(limit)
        if keep is not None and len(probes) == 1 and arr.ub[arr.cols["size"].slice].any():
            return keep
        return BatchResult(Status.TIME_LIMIT, None, None, None, limit, "time limit reached")

    monkeypatch.setattr(highs, "solve_highs", solve)
    return calls


def test_a_run_whose_network_found_no_plan_in_time_says_so_not_a_plan_worth_0(monkeypatch, tmp_path):
    """Dunkerque's network (bundled, no required demand): the probe stops without a solution and
    the restart finds none. Before, the driver's fallback ("build nothing") made it a run
    "feasible, objective 0.00 EUR/yr": read as "nothing is worth building" of a network that a
    full solve values at about 109 M EUR/yr. Now: no solution, the time limit said, the bound
    kept (the same figure in the status line and summary.json)."""
    calls = _no_mip_solution(monkeypatch)
    res = eitflow.optimise(_short(eitflow.read_scenario(DUNKERQUE_NET)))
    assert calls and len(calls) >= 2          # the probe, then the restart: neither found a plan
    sol = res.solution
    assert sol.status == Status.TIME_LIMIT and sol.objective is None and sol.gap is None
    assert sol.bound is not None and sol.bound > 1e6   # the cut rounds' LP, the LP's or each link's best
    assert sol.batch_status == {"time_limit": 1}
    assert "no plan found before the time limit" in sol.message and "left off" not in sol.message
    line = res.status_line("en")
    assert line.startswith("status: time limit - no solution") and f"{sol.bound:,.2f} EUR/yr" in line
    fr = res.status_line("fr")
    assert fr.startswith("statut : temps écoulé - pas de solution") and "aucun plan trouvé" in fr
    assert "objective 0" not in line and "réalisable" not in fr
    eitflow.write_run(res, tmp_path / "run")   # the run directory takes a run without a plan
    import json
    s = json.loads((tmp_path / "run" / "summary.json").read_text())
    assert s["status"] == "time_limit" and s["objective"] is None and s["bound"] == pytest.approx(sol.bound)


def test_the_probes_plan_stands_when_the_restart_finds_none(monkeypatch):
    """The probe stops with a plan (here the optimum a full solve finds, as its incumbent), the
    restart with the cuts finds nothing: the run reports the probe's plan, feasible, never
    "build nothing"."""
    import eitflow.solve.highs as highs
    from eitflow.candidates.generate import build_candidates
    from eitflow.model.build import build_arrays

    scen = eitflow.read_scenario(DUNKERQUE_NET)
    arr = build_arrays(scen, build_candidates(scen))
    best = highs.solve_highs(arr, scen.params.solver, 30.0)
    assert best.status == Status.OPTIMAL and best.objective > 1e6
    # the probe stops at its limit with that plan and a bound 1 % above it
    probe = BatchResult(Status.FEASIBLE, best.objective, best.objective * 1.01, best.z, 25.0, "time limit reached")
    calls = _no_mip_solution(monkeypatch, keep=probe)
    sol = eitflow.optimise(_short(scen)).solution
    assert len(calls) >= 2
    assert sol.status == Status.FEASIBLE and sol.objective == pytest.approx(best.objective, rel=1e-9)
    # the probe's bound, (1.01 x - x) / x, or the way-cut rounds' last LP where tighter (monthly
    # profiles: `solve.netway`), never below the optimum
    assert 0.0 <= sol.gap <= 0.01 * (1 + 1e-3)
    assert best.objective * (1 - 1e-9) <= sol.bound <= best.objective * 1.01 * (1 + 1e-9)


def test_the_cut_rounds_after_a_probe_that_did_not_finish_solve_their_lp():
    """A discrete town of 30 buildings (HiGHS finds no network in 60 s): the probe stops at its
    1 s limit; the cut rounds that follow get half a second. HiGHS 1.16 counts an LP's time
    limit from its object's first run, and the rounds' LP got the probe's used object: it
    stopped at once, unsolved (0 rounds, no bound: after every probe that did not finish,
    whatever the limit). Now it solves (the LP alone: 0.08 s here) and its bound is the LP
    relaxation's, solved on its own."""
    import eitflow.solve.highs as highs
    from eitflow.bench.netsynth import network_city
    from eitflow.candidates.generate import build_candidates
    from eitflow.model.build import build_arrays
    from eitflow.solve.netcuts import add_network_cuts

    scen = network_city(n_sinks=30, n_sources=2, seed=0, time_limit_s=12.0)
    scen.params.networks["heat"] = scen.params.networks["heat"].model_copy(update={"sizing": "discrete"})
    arr = build_arrays(scen, build_candidates(scen))
    lp = highs.solve_highs(arr.relaxed(), scen.params.solver, 10.0)
    assert lp.status == Status.OPTIMAL
    probe = highs.solve_highs(arr, scen.params.solver, 1.0)
    assert probe.status != Status.OPTIMAL and probe.seconds >= 0.9
    _, info = add_network_cuts(arr, 0.5, scen.params.solver.threads)
    assert info["rounds"] >= 1 and info["lp_before"] == pytest.approx(lp.objective, rel=1e-6)
    assert info["lp_after"] <= info["lp_before"] + 1e-6 * abs(info["lp_before"])   # a maximisation: cuts lower it


def test_rounds_of_lp_on_one_object_each_get_the_time_left():
    """`highs.lp_rounds` (the rounds of cuts): four LPs re-solved from scratch on one HiGHS
    object that has already run 60 of them, within 30 times what one takes: all four solve.
    HiGHS 1.16 compares an LP's limit with the object's run clock, which counts every run on it
    (here 60 solves' time before the first round): each round stopped at once."""
    import time

    import eitflow.solve.highs as highs
    from eitflow.bench.netsynth import network_city
    from eitflow.candidates.generate import build_candidates
    from eitflow.model.build import build_arrays

    scen = network_city(n_sinks=30, n_sources=2, seed=0)
    arr = build_arrays(scen, build_candidates(scen)).relaxed()
    h = highs.highs_model(arr)
    highs.set_threads(h, 1)
    h.setOptionValue("time_limit", 60.0)
    took = []
    for _ in range(60):    # what one solve from scratch takes, 60 times
        h.clearSolver()
        t = time.perf_counter()
        highs.run(h)
        took.append(time.perf_counter() - t)
    one = max(min(took), 0.002)
    assert h.getRunTime() >= 60 * one * 0.9
    # four rounds within 30 times a typical solve (the median: 12 times left a load spike no room,
    # and 3 rounds of 4 were seen under load), and below the object's run clock (0.6 of the 60
    # solves' time), so that a limit compared with that clock still stops the first round at once
    budget = min(30 * max(float(np.median(took)), 0.002), 0.6 * sum(took))
    done = []
    h.clearSolver()
    for r in highs.lp_rounds(h, budget, time.perf_counter(), 4):
        done.append(r)
        h.clearSolver()
    assert done == [0, 1, 2, 3]


def test_a_probe_that_finds_only_build_nothing_keeps_the_plan_without_new_corridors(monkeypatch):
    """Ludres's backbone (a network, one period, nothing required): HiGHS, as under load 10 on
    Meurthe-et-Moselle's network, finds no plan but "build nothing" (its first incumbent,
    objective 0) in the probe or the restart; the model with every pipe size off is easy (0.1 s
    here). Before: "feasible, 0 EUR/yr". Now the probe starts from that plan (`solve.netbare`)
    and the run keeps it: its value is a second solve of the same model with every size held at
    0, to optimality."""
    import dataclasses

    import eitflow.solve.highs as highs
    from eitflow.candidates.generate import build_candidates
    from eitflow.model.build import build_arrays

    scen = _short(eitflow.read_scenario(LUDRES), 6.0)
    arr = build_arrays(scen, build_candidates(scen))
    assert arr.periods == 1 and arr.network is not None
    ub = arr.ub.copy()
    ub[arr.cols["size"].slice] = 0.0
    bare = highs.solve_highs(dataclasses.replace(arr, ub=ub), scen.params.solver, 30.0)
    lp = highs.solve_highs(arr.relaxed(), scen.params.solver, 30.0)
    assert bare.status == Status.OPTIMAL and bare.objective > 0
    assert lp.objective > bare.objective   # the corridors may be worth something
    real = highs.solve_highs
    probes: list[bool] = []

    def solve(a, opts, limit, start=None, on_incumbent=None):
        sizes = a.cols["size"].slice
        if not a.integrality.any() or not a.ub[sizes].any():   # LPs, and the model without sizes
            return real(a, opts, limit, start, on_incumbent)
        probes.append(start is not None)
        if start is not None:    # HiGHS keeps its start, finds nothing better
            return BatchResult(Status.FEASIBLE, float(a.c @ start), lp.objective, start, limit, "time limit")
        return BatchResult(Status.FEASIBLE, 0.0, lp.objective, np.zeros(a.shape[1]), limit, "time limit")

    monkeypatch.setattr(highs, "solve_highs", solve)
    sol = eitflow.optimise(scen).solution
    assert probes and probes[0]                      # the probe started from the plan without new corridors
    assert sol.status == Status.FEASIBLE and sol.objective == pytest.approx(bare.objective, rel=1e-7)
    assert sol.network_cuts[0]["bare_objective"] == pytest.approx(bare.objective, rel=1e-7)


def test_shadow_prices_after_a_long_solve_in_the_same_thread():
    """The shadow prices' LP (`solve.duals`) after a MIP of 1 s in the same thread, with half a
    second: before, it got that MIP's HiGHS object, whose run clock was past its limit, and
    said "not_optimal: Time limit reached" (Meurthe-et-Moselle at 20 s: no shadow prices).
    Now the same prices as the run's own, solved before on a new object (the README's two
    sites: the greenhouses' 9,000 MWh/yr from the incinerator's 30 GWh/yr, whose supply row is
    slack: 0 EUR/MWh)."""
    import pandas as pd

    import eitflow.solve.highs as highs
    from eitflow.bench.netsynth import network_city
    from eitflow.candidates.generate import build_candidates
    from eitflow.model.build import build_arrays
    from eitflow.solve.duals import fixed_binary_duals

    sites = pd.DataFrame({"site_id": ["UVE", "SERRES"], "lat": [50.28, 50.30], "lon": [3.97, 3.96]})
    flows = pd.DataFrame({"site_id": ["UVE", "SERRES"], "direction": ["supply", "demand"],
                          "resource": ["heat", "heat"], "amount": [30, 9000], "unit": ["GWh/yr", "MWh/yr"],
                          "temperature_c": [130, 60], "price_eur_per_unit": [0, 40]})
    res = eitflow.optimise(eitflow.scenario_from_frames(sites, flows, carbon_price_eur_per_t=100))
    sol = res.solution
    assert sol.duals.status == "optimal" and sol.duals.supply_eur_per_unit[0] == pytest.approx(0.0, abs=1e-9)
    town = network_city(n_sinks=30, n_sources=2, seed=0)
    town.params.networks["heat"] = town.params.networks["heat"].model_copy(update={"sizing": "discrete"})
    mip = highs.solve_highs(build_arrays(town, build_candidates(town)), town.params.solver, 1.0)
    assert mip.status != Status.OPTIMAL and mip.seconds >= 0.9   # stopped at its limit
    again = fixed_binary_duals(res.scenario, res.candidates, sol.flow, sol.built, sol.hub_built, sol.supply_built,
                               None, 0.5, option_built=sol.option_built)
    assert again.status == "optimal"
    assert np.allclose(again.supply_eur_per_unit, sol.duals.supply_eur_per_unit, equal_nan=True)
