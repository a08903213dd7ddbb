"""A co2-objective run with a shared network ends within its time limit: the run's budget keeps
back the time its stages after the co2 solve may take past the solver's deadline (`solve.budget`:
`CO2_COST_S` for the cheapest network, `solve.co2cost`, and the money stage, `solve.lexico`, and
`LEAST_S` for the least-size pass after either). Before, it kept back only `LEAST_S`, and those
stages could end `CO2_COST_S` (2 s) past the limit. Stand-ins for the solves take all the time
they are given (they sleep until their deadline); what is asserted is the deadlines handed to each
stage, not the clock of a real solve. The run's clock is the CPU's (`cpuclock`): at load 17 the real
work around the stand-ins took the money stage's time on the wall clock (the stage was not run)."""

from __future__ import annotations

import time

import pytest

import eitflow
from cpuclock import cpu_clock
from test_co2_hub_pass_through import _scenario


def _direct(**params):
    """E (100,000 t/yr of CO2) 2 km from D (30,000 t/yr at 50 EUR/t): no network, one truck link."""
    import pandas as pd

    sites = pd.DataFrame({"site_id": ["E", "D"], "lat": [45.0, 45.0], "lon": [4.80, 4.82]})
    flows = pd.DataFrame({"flow_id": ["e", "d"], "site_id": ["E", "D"], "direction": ["supply", "demand"],
                          "resource": "co2", "amount": [100_000.0, 30_000.0], "unit": "t/yr",
                          "price_eur_per_unit": [0.0, 50.0]})
    return eitflow.scenario_from_frames(sites, flows, **params)


@pytest.mark.parametrize("stage", ["cheapest_network", "money_stage", "no_network"])
def test_a_co2_network_runs_stages_end_within_its_time_limit(monkeypatch, stage):
    """The hub case of `test_co2_hub_pass_through` (a CO2 network, D 30,000 t/yr by truck, S
    70,000 t/yr by the pipe) under `objective: co2`, 6 s. Every solve of the driver's batches
    takes until its deadline. `cheapest_network`: the co2 stage's cheapest network takes until
    its deadline and its least-size pass's, deadline + LEAST_S (the money stage has no time
    left); `money_stage`: the cheapest network returns at once, and the money stage's solve and
    its least-size pass take all theirs. Each stage's end (what it was handed, + LEAST_S for the
    cheapest network's own pass) leaves the watchdog's grace GRACE_S (1 s) before the run's end,
    as a net-benefit run's least-size pass does (`test_least_pipe_sizes`). Before: the co2
    solve's deadline d was GRACE_S + LEAST_S + about 0.4 s of results before the end, and the
    stage's end d + CO2_COST_S + LEAST_S = d + 3 about 0.6 s past the run's end. `no_network`:
    E trucks its CO2 to D, no network; the money stage's solve takes all its time: d was
    GRACE_S + about 0.3 s before the end, and the stage's end d + CO2_COST_S 0.7 s past it."""
    import eitflow.solve.co2cost as co2cost
    import eitflow.solve.driver as driver
    import eitflow.solve.leastsize as leastsize
    from eitflow.solve.budget import GRACE_S, LEAST_S

    def until(t: float) -> None:
        time.sleep(max(0.0, t - time.time()))

    real_run, real_cheap, real_least = driver._run_batches, co2cost.cheapest_network, leastsize.pipes_at_least
    ends: dict[str, list[float]] = {"batches": [], "cheapest": [], "least": []}

    def run(arrays, opts, deadline, *args, **kw):
        out = real_run(arrays, opts, deadline, *args, **kw)
        ends["batches"].append(deadline)
        until(deadline)
        return out

    def cheap(arr, z, cand, opts, deadline):
        out = real_cheap(arr, z, cand, opts, deadline)
        ends["cheapest"].append(deadline + LEAST_S)   # its own least-size pass: to deadline + LEAST_S
        if stage == "cheapest_network":
            until(deadline + LEAST_S)
        return out

    def least(arr, z, opts, deadline):
        out = real_least(arr, z, opts, deadline)
        ends["least"].append(deadline)
        until(deadline)
        return out

    monkeypatch.setattr(driver, "_run_batches", run)
    monkeypatch.setattr(co2cost, "cheapest_network", cheap)
    monkeypatch.setattr(leastsize, "pipes_at_least", least)
    limit = 6.0
    params = dict(objective="co2", solver={"mip_gap": 0.0, "time_limit_s": limit})
    scen = _direct(**params) if stage == "no_network" else _scenario(30_000.0, 70_000.0, 50.0, **params)
    cpu_clock(monkeypatch)
    start = time.time()
    res = eitflow.optimise(scen, deadline=start + limit)
    monkeypatch.undo()
    assert res.objective is not None
    assert len(ends["cheapest"]) == (stage != "no_network")
    ran = res.solution.money_stage["status"] != "not_run"
    assert ran == (stage != "cheapest_network")
    if ran:   # the money stage's solve (and on a network its pass), after the co2 solve's
        assert len(ends["batches"]) == 2 and len(ends["least"]) == (stage == "money_stage")
    last = max(e for v in ends.values() for e in v)
    assert last <= start + limit - GRACE_S
