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


def test_the_surplus_of_each_exchange_is_shared_equally():
    res = _res()
    assert res.summary["objective"] == pytest.approx(29 * 60 + 19 * 40)
    b = price_bands(res).set_index("sink_site")
    assert b.loc["B1", "price_min_eur_per_unit"] == pytest.approx(0) and b.loc["B1", "price_max_eur_per_unit"] == pytest.approx(29)
    assert b.loc["B2", "price_max_eur_per_unit"] == pytest.approx(19)
    # the suggested price is the middle of each band: 14.5 and 9.5 EUR/t
    assert b.loc[["B1", "B2"], "price_suggested_eur_per_unit"].tolist() == pytest.approx([14.5, 9.5])
    assert b.loc["B1", "supplier_benefit_eur_per_yr"] == pytest.approx(14.5 * 60)
    assert b.loc["B1", "buyer_benefit_eur_per_yr"] == pytest.approx(14.5 * 60)
    c = company_benefits(res).set_index("site_id")
    assert c.loc["S", "total_eur_per_yr"] == pytest.approx(14.5 * 60 + 9.5 * 40)
    assert c.loc["B1", "total_eur_per_yr"] == pytest.approx(14.5 * 60)
    assert c.loc["B2", "total_eur_per_yr"] == pytest.approx(9.5 * 40)
    assert c["total_eur_per_yr"].sum() == pytest.approx(res.summary["objective"])
    # the supply's scarcity rent (the last unit goes to B2 at 19 EUR/t) is still reported, not used as the price
    rent = res.statistics.links().set_index("sink_site")["rent_eur_per_unit"]
    assert rent.tolist() == pytest.approx([19, 19])


def test_abundant_supply_still_shares_the_surplus():
    res = _res(supply=500.0, disposal=5.0)  # enough for both buyers: no rent, yet the supplier gains half
    b = price_bands(res).set_index("sink_site")
    # v = 30 + 5 - 1 = 34 (B1) and 20 + 5 - 1 = 24 (B2); band [-5, v - 5]; middle 12 and 7 EUR/t
    assert b.loc[["B1", "B2"], "price_min_eur_per_unit"].tolist() == pytest.approx([-5, -5])
    assert b.loc[["B1", "B2"], "price_max_eur_per_unit"].tolist() == pytest.approx([29, 19])
    assert b.loc[["B1", "B2"], "price_suggested_eur_per_unit"].tolist() == pytest.approx([12, 7])
    c = company_benefits(res).set_index("site_id")
    assert c.loc["S", "total_eur_per_yr"] == pytest.approx((5 + 12) * 60 + (5 + 7) * 100)
    assert c.loc["B1", "total_eur_per_yr"] == pytest.approx(17 * 60)
    assert c.loc["B2", "total_eur_per_yr"] == pytest.approx(12 * 100)
    assert c["total_eur_per_yr"].sum() == pytest.approx(res.summary["objective"])
