"""Price bands and company benefits, by hand."""
from __future__ import annotations

import pandas as pd
import pytest

from eitflow import optimise, scenario_from_frames
from eitflow.bench.instances import GOOD_RESOURCE
from eitflow.results.economics import company_benefits, price_bands

SITES = pd.DataFrame({"site_id": ["S", "B1", "B2"], "lat": [45.0, 45.01, 45.02], "lon": [4.0, 4.0, 4.0]})


def _res(supply=100.0, disposal=0.0):
    flows = pd.DataFrame({"site_id": ["S", "B1", "B2"], "direction": ["supply", "demand", "demand"],
                          "resource": "good", "amount": [supply, 60.0, 100.0], "unit": "t/yr",
                          "price_eur_per_unit": [disposal, 30.0, 20.0]})
    links = pd.DataFrame({"source_site": ["S", "S"], "sink_site": ["B1", "B2"], "supply_resource": "good",
                          "distance_km": 0.0, "var_cost_eur_per_unit": 1.0, "fixed_cost_eur_per_yr": 0.0})
    return optimise(scenario_from_frames(SITES, flows, links, GOOD_RESOURCE, discount_rate=0.0, lifetime_years=1.0,
                                         solver={"mip_gap": 0}))


def test_scarce_supply_earns_its_marginal_value():
    res = _res()
    assert res.summary["objective"] == pytest.approx(29 * 60 + 19 * 40)
    b = price_bands(res).set_index("sink_site")
    assert b.loc["B1", "price_min_eur_per_unit"] == pytest.approx(0) and b.loc["B1", "price_max_eur_per_unit"] == pytest.approx(29)
    assert b.loc["B2", "price_max_eur_per_unit"] == pytest.approx(19)
    # the last unit goes to B2 at a value of 19 EUR/t: that is the supply's rent and the suggested price
    assert b["price_suggested_eur_per_unit"].tolist() == pytest.approx([19, 19])
    c = company_benefits(res).set_index("site_id")
    assert c.loc["S", "total_eur_per_yr"] == pytest.approx(19 * 100)
    assert c.loc["B1", "total_eur_per_yr"] == pytest.approx(10 * 60)
    assert c.loc["B2", "total_eur_per_yr"] == pytest.approx(0, abs=1e-6)
    assert c["total_eur_per_yr"].sum() == pytest.approx(res.summary["objective"])


def test_abundant_supply_is_paid_its_break_even():
    res = _res(supply=500.0, disposal=5.0)  # enough for both buyers: no rent, supplier just avoids disposal
    b = price_bands(res)
    assert b["price_suggested_eur_per_unit"].tolist() == pytest.approx([-5, -5])
    assert b["price_min_eur_per_unit"].tolist() == pytest.approx([-5, -5])
    c = company_benefits(res).set_index("site_id")
    assert c.loc["S", "total_eur_per_yr"] == pytest.approx(0, abs=1e-6)
    assert c["total_eur_per_yr"].sum() == pytest.approx(res.summary["objective"])
