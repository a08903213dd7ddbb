"""A batch stopped before its first plan states a bound: each link at its best
(`solve.schedule._fallback`). A leg into a hub on a CO2 network pays the compression into dense
phase in its value, which the hub's refund (`model.netpass`) gives back on what it passes straight
through: before 2026-12-07 the bound left the refund out and fell below a plan the model holds
(7,066,800 against 7,998,000 EUR/yr). Values by hand and by a second solve."""

from __future__ import annotations

import dataclasses

import pytest

import eitflow
from eitflow.model.build import build_arrays
from eitflow.solve.schedule import _fallback
from eitflow.solve.status import BatchResult, Status
from test_co2_hub_pass_through import _scenario


@pytest.mark.parametrize("lp_seconds", [0.0, 5.0])
def test_the_bound_of_a_batch_without_a_plan_holds_what_the_hub_passes_through(lp_seconds):
    """E is paid 20 EUR/t to take its CO2 away (`_scenario`: 100,000 t/yr trucked 1 km to hub H on
    the CO2 network, 1 km on to D at 50 EUR/t). The plan: per tonne 20 - 0.01 (the truck's CO2 at
    100 EUR/t) + 60 (D's 50 and 0.1 t/t of carbon at 100) - 0.01 = 79.98, the compression (0.11 x
    80 + 0.11 x 0.052 x 100 = 9.372 EUR/t) refunded on all of it: 7,998,000 EUR/yr. The links at
    their best: H -> D 59.99 x 100,000 = 5,999,000; S's connection 10 x 1,000 - 4,000 = 6,000; E -> H
    (20 - 0.01 - 9.372) x 100,000 = 1,061,800; and the refund on the 100,000 t/yr the hub can pass,
    937,200: 8,004,000 (main: 7,066,800, below the plan; the LP, 7,998,000 or more, did not lift a
    min with it)."""
    scen = _scenario(100_000.0, 1_000.0, 0.0)
    f = scen.flows.copy()
    f.loc[f["flow_id"] == "e", "price_eur_per_unit"] = 20.0
    scen = dataclasses.replace(scen, flows=f)
    cand = eitflow.build_candidates(scen)
    res = eitflow.optimise(scen, candidates=cand)
    assert res.status == "optimal" and res.objective == pytest.approx(7_998_000.0, rel=1e-7)
    fb = _fallback(build_arrays(scen, cand), BatchResult(Status.TIME_LIMIT, None, None, None, 1.0), lp_seconds)
    assert fb.objective == 0.0
    assert fb.bound >= res.objective * (1 - 1e-9)
    if lp_seconds == 0.0:
        assert fb.bound == pytest.approx(8_004_000.0, rel=1e-9)
