"""A heat hub's legs lose heat as a point-to-point link does (`candidates.pipeloss`): the
catalogue's 0.2 %/km of what a leg carries by default, the W/m of the pipe size its flow needs
with `link_loss: pipe_size`. Before 2026-12-06 a hub's legs lost nothing at any distance, so a
hub beat a direct link partly because its pipes were lossless.

One plant 3 km (route) from a hub H, one user 2 km from it (links.csv: the only heat legs, no
investment, no fixed cost, so both are used whatever they lose). Every figure is worked by hand
from data/resources.yaml's heat block (loss_share_per_km 0.002; sizes DN100 1.95 MW, DN125
3.41 MW 35.1 W/m; load factor 0.5)."""

from __future__ import annotations

import pandas as pd
import pytest

from eitflow import optimise, scenario_from_frames

SITES = pd.DataFrame({"site_id": ["PLANT", "USER"], "name": ["Plant", "User"],
                      "lat": [49.0, 49.04], "lon": [6.0, 6.0]})
FLOWS = pd.DataFrame({
    "flow_id": ["waste_heat", "need"], "site_id": ["PLANT", "USER"], "direction": ["supply", "demand"],
    "resource": ["heat", "heat"], "amount": [10000.0, 30000.0], "unit": ["MWh/yr", "MWh/yr"],
    "temperature_c": [95.0, 70.0], "price_eur_per_unit": [0.0, 40.0]})
LEGS = pd.DataFrame({"source_site": ["PLANT", "H"], "sink_site": ["H", "USER"], "supply_resource": ["heat", "heat"],
                     "distance_km": [3.0, 2.0], "investment_eur": [0.0, 0.0], "fixed_cost_eur_per_yr": [0.0, 0.0]})


def _legs(resources: dict | None = None) -> pd.DataFrame:
    """matches.csv's two legs (to_hub then from_hub) of the plan through H (capacity 10,000 MWh/yr)."""
    hub = pd.DataFrame({"hub_id": ["H"], "lat": [49.02], "lon": [6.0], "resources": ["heat"],
                        "capacity": [10000.0], "fixed_cost_eur_per_yr": [0.0]})
    res = optimise(scenario_from_frames(SITES, FLOWS, LEGS, resources=resources, hubs=hub, solver={"mip_gap": 0.0}))
    assert res.status == "optimal"
    legs = res.statistics.links().set_index("kind")
    assert sorted(legs.index) == ["from_hub", "to_hub"]
    return legs


def test_a_heat_hubs_legs_lose_the_share_per_km_of_a_link():
    """0.2 %/km: the plant sends 10,000 MWh/yr; 10,000 x (1 - 0.002 x 3) = 9,940 reach the hub and
    leave it; 9,940 x (1 - 0.002 x 2) = 9,900.24 reach the user (main: 10,000, lossless)."""
    legs = _legs()
    assert legs.loc["to_hub", "amount"] == pytest.approx(10000.0, rel=1e-9)
    assert legs.loc["to_hub", "demand_amount"] == pytest.approx(9940.0, rel=1e-9)
    assert legs.loc["from_hub", "amount"] == pytest.approx(9940.0, rel=1e-9)
    assert legs.loc["from_hub", "demand_amount"] == pytest.approx(9900.24, rel=1e-9)


def test_a_heat_hubs_legs_lose_the_w_per_m_of_their_pipe_size():
    """`link_loss: pipe_size`: each leg can carry 10,000 MWh/yr (the plant's amount, the hub's
    capacity): DN100 carries 1.95 x 0.5 x 8,760 = 8,541 MWh/yr, too little; DN125 3.41 x 0.5 x 8,760
    = 14,935.8, enough; it loses 35.1 W/m x 8.76 = 307.476 MWh/yr per km, 3.07476 %/km of
    10,000. In: 10,000 x (1 - 0.0307476 x 3) = 9,077.572 reach the hub; out: 9,077.572 x
    (1 - 0.0307476 x 2) = 9,077.572 x 0.9385048 = 8,169.8148 + 349.5301 = 8,519.3449 reach the user."""
    legs = _legs({"heat": {"link_loss": "pipe_size"}})
    share = 35.1 * 8.76 / 10000.0
    assert legs.loc["to_hub", "amount"] == pytest.approx(10000.0, rel=1e-9)
    assert legs.loc["from_hub", "amount"] == pytest.approx(9077.572, rel=1e-9)
    assert legs.loc["from_hub", "demand_amount"] == pytest.approx(9077.572 * (1 - share * 2), rel=1e-9)
    assert legs.loc["from_hub", "demand_amount"] == pytest.approx(8519.3449, rel=1e-8)


def test_explain_counts_the_leg_ins_loss_on_the_route_through_the_hub():
    """The hub unbuilt (1,000,000 EUR/yr), no carbon price: `explain`'s route per MWh the plant
    sends is v_in + y_in v_out. In: 0 - (0.5 + 0.1 x 3) = -0.8 EUR/MWh, y_in = 0.994; out: 0.996 x
    40 - (0.5 + 0.1 x 2) = 39.14 EUR/MWh. -0.8 + 0.994 x 39.14 = 38.10516 EUR/MWh x 10,000 MWh/yr
    (the plant's amount and the hub's capacity; the leg out could take 10,000 / 0.994) =
    381,051.6 EUR/yr, short of the hub's 1,000,000: best case -618,948.4 (main, lossless legs:
    (-0.8 + 39.3) x 10,000 - 1,000,000 = -615,000)."""
    from eitflow.analyses.explain import explain

    hub = pd.DataFrame({"hub_id": ["H"], "lat": [49.02], "lon": [6.0], "resources": ["heat"],
                        "capacity": [10000.0], "fixed_cost_eur_per_yr": [1e6]})
    res = optimise(scenario_from_frames(SITES, FLOWS, LEGS, hubs=hub, carbon_price_eur_per_t=0.0,
                                        solver={"mip_gap": 0.0}))
    row = explain(res.scenario, res, flow_id="need").iloc[0]
    assert row["rule"] == "hub_not_built"
    assert row["threshold"] == pytest.approx(381_051.6, rel=1e-9)
    assert row["best_case_eur_per_yr"] == pytest.approx(381_051.6 - 1e6, rel=1e-9)
