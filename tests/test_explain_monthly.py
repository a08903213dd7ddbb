"""explain under monthly profiles: what a flow has left for another exchange is counted month
by month, as the model holds it (`results.tables.period_usage`)."""

from __future__ import annotations

import pandas as pd
import pytest

from eitflow import optimise, scenario_from_frames
from eitflow.analyses.explain import explain

FIRST_HALF = ";".join(["0.1666666667"] * 5 + ["0.1666666665"] + ["0"] * 6)   # January to June
FLAT = ";".join(["0.0833333333"] * 11 + ["0.0833333337"])
SITES = pd.DataFrame({"site_id": ["SAW", "MILL", "BOIL"], "lat": [48.0, 48.01, 48.0], "lon": [2.0, 2.0, 2.01]})


def _explained(boiler_price: float, boiler_profile: str):
    """A sawmill's 120 t/yr of wood waste, flat (10 t a month); a mill paying 200 EUR/t takes
    60 t/yr, all from January to June (10 t a month: the sawmill's whole output then); a boiler
    wants 60 t/yr at `boiler_price`. Each truck link costs 2,000 EUR/yr fixed."""
    flows = pd.DataFrame({"flow_id": ["saw", "mill", "boil"], "site_id": ["SAW", "MILL", "BOIL"],
                          "direction": ["supply", "demand", "demand"], "resource": "wood_waste",
                          "amount": [120.0, 60.0, 60.0], "unit": "t/yr",
                          "price_eur_per_unit": [0.0, 200.0, boiler_price],
                          "monthly_profile": [FLAT, FIRST_HALF, boiler_profile]})
    scen = scenario_from_frames(SITES, flows, solver={"mip_gap": 0.0})
    res = optimise(scen)
    lk = res.candidates.links.set_index("sink_site")
    assert lk.loc["BOIL", "fixed_eur_per_yr"] == 2000.0 and res.summary["status"] == "optimal"
    row = explain(scen, res, flow_id="boil", lang="en").iloc[0]
    return res, float(lk.loc["BOIL", "value_eur_per_unit"]), row


def test_an_idle_link_is_worth_what_both_ends_have_left_month_by_month():
    """The sawmill has 60 t/yr left, all from July to December; a flat boiler (5 t a month) can
    take 6 x 5 = 30 t/yr of it: the link then brings v x 30 - 2,000 EUR/yr, below zero, so the
    optimum (gap 0) rightly leaves it. explain counted the year's 60 t left at both ends and said
    it would bring v x 60 - 2,000 > 0 EUR/yr and was left idle 'or the solve stopped within its gap'."""
    res, v, row = _explained(50.0, FLAT)
    assert v * 60 - 2000 > 0 > v * 30 - 2000   # the year's figure would pay, the months' does not
    assert res.solution.flow[res.candidates.links["sink_site"].to_numpy() == "BOIL"].sum() == 0
    assert row["rule"] == "not_selected" and "left idle" not in row["detail"]
    assert "amounts left (30 t/yr)" in row["detail"]
    said = float(row["detail"].rsplit("give ", 1)[1].split(" EUR/yr")[0].replace(",", ""))
    assert said == pytest.approx(v * 30 - 2000, abs=0.5)
    assert row["threshold"] == pytest.approx(v * 30, abs=1e-6)   # passes if the fixed cost is at most this
    u = res.unmatched.set_index("flow_id")
    assert u.at["boil", "reason"] == "not_selected"


def test_a_partner_with_nothing_left_in_the_months_needed_is_used_up():
    """A boiler that burns from January to June only: the sawmill's 60 t/yr left are all from July
    to December, so for the boiler its amount is used up, by the mill (explain's rule and
    unmatched.csv's reason both say so); before, both said it had amount left for an exchange
    that would pay (explain: v x 60 - 2,000 EUR/yr 'left idle')."""
    res, v, row = _explained(50.0, FIRST_HALF)
    assert v * 60 - 2000 > 0
    assert row["rule"] == "capacity_used" and "MILL" in row["detail"], row["detail"]
    u = res.unmatched.set_index("flow_id")
    assert u.at["boil", "reason"] == "capacity_used" and u.at["boil", "remaining"] == pytest.approx(60.0)


def test_a_link_that_pays_in_the_months_left_is_taken():
    """The other side of the same count: at 100 EUR/t the boiler's link pays on the 30 t/yr the
    sawmill has left from July to December, and the optimum takes exactly that."""
    res, v, row = _explained(100.0, FLAT)
    assert v * 30 - 2000 > 0
    got = res.solution.flow[res.candidates.links["sink_site"].to_numpy() == "BOIL"].sum()
    assert got == pytest.approx(30.0, rel=1e-6) and row["rule"] == "matched"
