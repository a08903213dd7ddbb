"""A ranking row whose forced solve was stopped by the time says so (`analyses.ranking`).

Before, a forced solve stopped at its time limit with a plan not proven best was labelled
`solved`, its plan's value taken for the best with the placement: a helper's two-path check
(seed 367) found A1@P0's loss said 495k EUR/yr where the best plan with it loses 168k. Now
such a row is `time limit`: its value is a plan's, its bound the solver's, its loss an upper
bound and `loss_min` (the plan's value less the bound) the lower end; a `value_created` whose
re-solve was not proven is left empty.

The case is test_siting's hand-worked one: a supplier of 300 t/yr (disposal 2 EUR/t) and an
activity needing 200 t/yr (paying 40 EUR/t), plot NEAR 5 km away, FAR 20 km; a solver stopped
by the time is stood in for by degrading each forced solve's answer as a time-limited one
would be (a plan worth 1,000 EUR/yr less than the optimum, a bound 200 above it).
"""
from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

import eitflow.analyses.ranking as ranking
from eitflow import scenario_from_frames
from eitflow.analyses.siting import site
from eitflow.solve.status import Status

DISCOUNT, LIFETIME = 0.05, 15.0
CRF = DISCOUNT / (1 - (1 + DISCOUNT) ** -LIFETIME)
KM = 6371.0088 * np.pi / 180
GOOD = {"good_a": {"description": "test commodity", "base_unit": "t/yr", "quality": "none", "max_distance_km": 40.0,
                   "co2_factor_t_per_unit": 0.4,
                   "transport": {"mode": "truck", "detour_factor": 1.3, "investment_eur": 2000.0,
                                 "investment_eur_per_km": 300.0, "fixed_cost_eur_per_yr": 150.0,
                                 "var_cost_eur_per_unit": 0.5, "var_cost_eur_per_unit_km": 0.08,
                                 "co2_t_per_unit_km": 0.0002},
                   "source": "test (no physical meaning)"}}
SHORT, ABOVE = 1000.0, 200.0   # EUR/yr: the stopped solve's plan below the optimum, its bound above


def _scenario():
    sites = pd.DataFrame({"site_id": ["SUP"], "lat": [45.0], "lon": [4.0]})
    flows = pd.DataFrame({"site_id": ["SUP"], "direction": ["supply"], "resource": ["good_a"], "amount": [300],
                          "unit": ["t/yr"], "price_eur_per_unit": [2.0]})
    plots = pd.DataFrame({"plot_id": ["NEAR", "FAR"], "lat": [45.0 + 5 / KM, 45.0 + 20 / KM], "lon": [4.0, 4.0],
                          "area_ha": [2.0, 2.0], "land_rent_eur_per_ha_yr": [500.0, 100.0]})
    acts = pd.DataFrame({"activity_id": ["ACT"], "land_ha": [1.0], "revenue_eur_per_yr": [-100.0]})
    aflows = pd.DataFrame({"activity_id": ["ACT"], "direction": ["demand"], "resource": ["good_a"], "amount": [200],
                           "unit": ["t/yr"], "price_eur_per_unit": [40.0]})
    return scenario_from_frames(sites, flows, resources=GOOD, plots=plots, activities=acts, activity_flows=aflows,
                                discount_rate=DISCOUNT, lifetime_years=LIFETIME, carbon_price_eur_per_t=0,
                                solver={"mip_gap": 0})


def plan(km: float, rent: float) -> float:
    """The plan with the activity on a plot `km` away (great circle) paying `rent`, by hand."""
    route = 1.3 * km
    v = 40 + 2 - (0.5 + 0.08 * route)
    return v * 200 - (CRF * (2000 + 300 * route) + 150) - (rent * 1.0 + 100.0)


def test_a_forced_solve_stopped_by_the_time_is_not_called_solved(monkeypatch):
    real = ranking._forced

    def stopped(arr, col, value, opts, limit, start):
        fr = real(arr, col, value, opts, limit, start)
        assert fr.status == Status.OPTIMAL and fr.objective is not None
        return dataclasses.replace(fr, status=Status.FEASIBLE, objective=fr.objective - SHORT,
                                   bound=fr.objective + ABOVE)

    monkeypatch.setattr(ranking, "_forced", stopped)
    sr = site(_scenario())
    best, far = plan(5, 500), plan(20, 100)
    assert best - far > ABOVE   # so FAR's bound is its own, below the plan's
    assert sr.solution.objective == pytest.approx(best, rel=1e-9)
    rk = sr.ranking.set_index("plot_id")
    assert rk.loc["NEAR", "method"] == "in the plan"
    assert rk.loc["FAR", "method"] == "time limit"
    assert rk.loc["FAR", "value_eur_per_yr"] == pytest.approx(far - SHORT, rel=1e-9)
    assert rk.loc["FAR", "bound_eur_per_yr"] == pytest.approx(far + ABOVE, rel=1e-9)
    # the true loss, best - far, lies between the two ends given
    assert rk.loc["FAR", "loss_eur_per_yr"] == pytest.approx(best - far + SHORT, rel=1e-9)
    assert rk.loc["FAR", "loss_min_eur_per_yr"] == pytest.approx(best - far - ABOVE, rel=1e-9)
    assert sr.summary()["ranking"]["methods"] == {"in the plan": 1, "time limit": 1}
    # NEAR's value over its next best choice came from a re-solve without it, stopped as well
    assert sr.placements["value_created_eur_per_yr"].isna().all()
    assert sr.placements["activity_value_eur_per_yr"].isna().all()


def test_proven_forced_solves_stay_solved():
    """Without the stand-in, FAR's forced solve is proven: `solved`, its loss exact (the two
    ends meet), and NEAR's value over FAR is the difference of the two plans."""
    sr = site(_scenario())
    best, far = plan(5, 500), plan(20, 100)
    rk = sr.ranking.set_index("plot_id")
    assert rk.loc["FAR", "method"] == "solved"
    assert rk.loc["FAR", "loss_eur_per_yr"] == pytest.approx(best - far, rel=1e-6)
    assert rk.loc["FAR", "loss_min_eur_per_yr"] == pytest.approx(best - far, rel=1e-6)
    assert sr.placements["value_created_eur_per_yr"].iat[0] == pytest.approx(best - far, rel=1e-6)
