"""Candidate links left unbuilt, and why (not_chosen.csv), by hand on three tiny territories.

Resource "good" (no catalogue cost, no CO2); each link costs 1 EUR/t to carry, so a link
into a buyer paying p EUR/t is worth v = p - 1 per tonne, less its fixed cost F per year.
"""
from __future__ import annotations

import pandas as pd
import pytest

from eitflow import optimise, scenario_from_frames
from eitflow.bench.instances import GOOD_RESOURCE
from eitflow.results.notchosen import not_chosen

SITES = pd.DataFrame({"site_id": ["S1", "S2", "B1", "B2"], "lat": [45.0, 45.0, 45.01, 45.02],
                      "lon": [4.0, 4.01, 4.0, 4.0]})


def _res(flows: list[tuple], links: list[tuple]):
    fl = pd.DataFrame(flows, columns=["site_id", "direction", "amount", "price_eur_per_unit"]).assign(
        resource="good", unit="t/yr")
    lk = pd.DataFrame(links, columns=["source_site", "sink_site", "fixed_cost_eur_per_yr"]).assign(
        supply_resource="good", distance_km=0.0, var_cost_eur_per_unit=1.0)
    return optimise(scenario_from_frames(SITES, fl, lk, GOOD_RESOURCE, discount_rate=0.0, lifetime_years=1.0,
                                         solver={"mip_gap": 0}))


def test_a_scarce_supply_goes_to_the_better_buyer():
    # 50 t for B1 (worth 29 EUR/t) and B2 (19 EUR/t): all to B1, the link to B2 is left with nothing
    res = _res([("S1", "supply", 50, 0), ("B1", "demand", 60, 30), ("B2", "demand", 100, 20)],
               [("S1", "B1", 0), ("S1", "B2", 0)])
    assert res.summary["objective"] == pytest.approx(29 * 50)
    nc = not_chosen(res).set_index("sink_site")
    assert list(nc.index) == ["B2"]
    assert nc.loc["B2", "reason"] == "supply_taken"
    assert nc.loc["B2", "amount_left"] == pytest.approx(0)
    assert nc.loc["B2", "value_alone_eur_per_yr"] == pytest.approx(19 * 50)  # alone: all 50 t at 19 EUR/t


def test_a_demand_served_by_the_cheaper_source():
    # B1 needs 60 t worth 29 EUR/t from S1, or 29 - 5 from S2 (its link costs 5 EUR/t more as a fixed 300 EUR/yr)
    res = _res([("S1", "supply", 100, 0), ("S2", "supply", 100, 0), ("B1", "demand", 60, 30)],
               [("S1", "B1", 0), ("S2", "B1", 300)])
    assert res.summary["objective"] == pytest.approx(29 * 60)
    nc = not_chosen(res).set_index("source_site")
    assert nc.loc["S2", "reason"] == "demand_met"
    assert nc.loc["S2", "value_alone_eur_per_yr"] == pytest.approx(29 * 60 - 300)


def test_what_is_left_would_not_pay_for_the_link():
    # S1 has 100 t: B1 takes 90 (29 EUR/t); the 10 t left are worth 19 x 10 = 190 < 500 EUR/yr, the link to B2's cost
    res = _res([("S1", "supply", 100, 0), ("B1", "demand", 90, 30), ("B2", "demand", 100, 20)],
               [("S1", "B1", 0), ("S1", "B2", 500)])
    assert res.summary["objective"] == pytest.approx(29 * 90)
    nc = not_chosen(res).set_index("sink_site")
    assert nc.loc["B2", "reason"] == "too_small_left"
    assert nc.loc["B2", "amount_left"] == pytest.approx(10)
    assert nc.loc["B2", "value_left_eur_per_yr"] == pytest.approx(19 * 10 - 500)
    assert nc.loc["B2", "value_alone_eur_per_yr"] == pytest.approx(19 * 100 - 500)


def test_what_is_left_in_other_months_is_not_left_for_the_link():
    """Monthly profiles: S1 has 120 t/yr, 10 t a month; B1 (29 EUR/t) takes 10 t a month from
    January to June (60 t/yr), B2 (19 EUR/t, link fixed cost 600 EUR/yr) 5 t every month (60
    t/yr). The optimum sends S1's January-June tonnes to B1 (29 x 60 = 1,740 EUR/yr); from July
    S1 has 10 t a month left and B2 needs 5: S1 -> B2 could carry 6 x 5 = 30 t, worth 19 x 30 -
    600 = -30 EUR/yr, so it is left unbuilt: too_small_left. not_chosen.csv took the year's
    remainders, min(60, 60) = 60 t worth 19 x 60 - 600 = +540 EUR/yr, and said 'not_selected'
    (it would pay, yet the optimum does not take it): explain, month by month, said 30 t."""
    jan_jun = ";".join(["0.1666666667"] * 5 + ["0.1666666665"] + ["0"] * 6)
    sites = SITES
    fl = pd.DataFrame([("S1", "supply", 120, 0, ""), ("B1", "demand", 60, 30, jan_jun), ("B2", "demand", 60, 20, "")],
                      columns=["site_id", "direction", "amount", "price_eur_per_unit", "monthly_profile"]).assign(
        resource="good", unit="t/yr")
    lk = pd.DataFrame([("S1", "B1", 0), ("S1", "B2", 600)], columns=["source_site", "sink_site", "fixed_cost_eur_per_yr"]
                      ).assign(supply_resource="good", distance_km=0.0, var_cost_eur_per_unit=1.0)
    res = optimise(scenario_from_frames(sites, fl, lk, GOOD_RESOURCE, discount_rate=0.0, lifetime_years=1.0,
                                        solver={"mip_gap": 0}))
    assert res.summary["objective"] == pytest.approx(29 * 60, abs=1e-4)
    nc = not_chosen(res).set_index("sink_site")
    assert list(nc.index) == ["B2"]
    assert nc.loc["B2", "amount_left"] == pytest.approx(30, abs=1e-4)
    assert nc.loc["B2", "value_left_eur_per_yr"] == pytest.approx(19 * 30 - 600, abs=1e-3)
    assert nc.loc["B2", "reason"] == "too_small_left"
