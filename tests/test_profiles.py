"""Monthly profiles: flows decided per month; a summer-only surplus cannot feed a winter need."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from eitflow import optimise, scenario_from_frames

SITES = pd.DataFrame({"site_id": ["A", "B"], "lat": [45.0, 45.01], "lon": [4.0, 4.0]})
SUMMER = "0;0;0;0;0;0.3333;0.3333;0.3334;0;0;0;0"
WINTER = "0.1667;0.1667;0.1666;0;0;0;0;0;0;0.1667;0.1667;0.1666"


def _flows(sup_profile="", dem_profile="", sup=20000.0, dem=10000.0):
    return pd.DataFrame({"site_id": ["A", "B"], "direction": ["supply", "demand"], "resource": ["heat", "heat"],
                         "amount": [sup, dem], "unit": "MWh/yr", "temperature_c": [130.0, 70.0],
                         "price_eur_per_unit": [0.0, 60.0], "monthly_profile": [sup_profile, dem_profile]})


def _run(flows):
    return optimise(scenario_from_frames(SITES, flows, carbon_price_eur_per_t=100, solver={"mip_gap": 0}))


def test_summer_surplus_cannot_feed_winter_need():
    res = _run(_flows(SUMMER, WINTER))
    assert res.status == "optimal" and len(res.matches) == 0
    assert set(res.unmatched["reason"]) == {"timing"}


def test_flat_profiles_equal_the_annual_model():
    annual = _run(_flows().drop(columns="monthly_profile"))
    flat = ";".join(["0.083333333"] * 11 + [str(1 - 11 * 0.083333333)])
    monthly = _run(_flows(flat, flat))
    assert monthly.summary["objective"] == pytest.approx(annual.summary["objective"], rel=1e-7)
    assert monthly.matches["amount"].iloc[0] == pytest.approx(annual.matches["amount"].iloc[0], rel=1e-7)


def test_winter_supply_against_flat_demand_by_hand():
    # supply 20000 MWh/yr over 6 winter months (3333 per month); demand 10000 flat (833 per month)
    res = _run(_flows(WINTER, ""))
    lk = res.candidates.links.iloc[0]
    yld = lk["yield"]
    shares = np.array([float(v) for v in WINTER.split(";")])
    shares = shares / shares.sum()
    per_month = np.minimum(20000 * shares, 10000 / 12 / yld)
    assert res.matches["amount"].iloc[0] == pytest.approx(per_month.sum(), rel=1e-6)
    # the link is sized by its busiest month: 833/yld MWh per month, i.e. 10000/yld MWh/yr as a rate
    assert res.matches["capacity_needed"].iloc[0] == pytest.approx(10000 / yld, rel=1e-6)
    um = res.unmatched.set_index("site_id")
    assert um.loc["B", "remaining"] == pytest.approx(10000 / 2, rel=1e-4)  # summer months stay unserved


def test_bad_profile_is_an_input_error():
    from eitflow.errors import ScenarioError

    with pytest.raises(ScenarioError, match="row 2, column 'monthly_profile'"):
        _run(_flows("0.5;0.5", ""))


def test_partly_overlapping_months_are_explained_as_timing():
    res = _run(_flows(WINTER, ""))
    um = res.unmatched.set_index("site_id")
    assert um.loc["B", "reason"] == "timing"
