"""Hydrogen: purity rule, compression cost from pressures, truck or pipeline by distance and volume."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from eitflow import build_candidates, optimise, scenario_from_frames
from eitflow.geo import haversine_km


def _scen(dist_deg=0.05, amount=2000.0, purity=(0.99999, 0.99997), pressure=(30.0, 700.0)):
    sites = pd.DataFrame({"site_id": ["CA", "BUS"], "lat": [47.0, 47.0 + dist_deg], "lon": [5.4, 5.4]})
    flows = pd.DataFrame({"site_id": ["CA", "BUS"], "direction": ["supply", "demand"], "resource": "hydrogen",
                          "amount": [amount, amount], "unit": "t/yr", "price_eur_per_unit": [0.0, 9000.0],
                          "purity": list(purity), "pressure_bar": list(pressure)})
    return scenario_from_frames(sites, flows, carbon_price_eur_per_t=100, solver={"mip_gap": 0})


def test_purity_rule():
    cand = build_candidates(_scen(purity=(0.999, 0.99997)))
    assert len(cand.links) == 0 and set(cand.dropped["reason"]) == {"quality"}
    assert "purity 0.999 < 0.99997" in cand.dropped["detail"].iloc[0]
    assert len(build_candidates(_scen(purity=(0.99999, 0.99997))).links) == 2  # truck and pipeline


def test_compression_cost_by_hand():
    scen = _scen()
    lk = build_candidates(scen).links.set_index("mode")
    route = 1.3 * haversine_km(47.0, 5.4, 47.05, 5.4)
    comp = 0.67 * np.log(700 / 30)  # MWh per t
    truck_vc = 500 + 15 * route + comp * 80
    assert lk.loc["truck", "var_cost_eur_per_unit"] == pytest.approx(truck_vc)
    co2 = 11.0 - 0.002 * route - comp * 0.052
    assert lk.loc["truck", "co2_t_per_unit"] == pytest.approx(co2)
    assert lk.loc["pipe", "var_cost_eur_per_unit"] == pytest.approx(50 + 0.5 * route + comp * 80)


def test_pipeline_for_short_large_flows_truck_for_small_or_far():
    big_near = optimise(_scen(dist_deg=0.05, amount=5000.0))
    assert list(big_near.matches["unit"]) == ["t/yr"]
    lk = big_near.candidates.links
    chosen = lk.iloc[np.flatnonzero(big_near.solution.flow > 0)]["mode"].tolist()
    assert chosen == ["pipe"]
    small = optimise(_scen(dist_deg=0.05, amount=50.0))
    assert small.candidates.links.iloc[np.flatnonzero(small.solution.flow > 0)]["mode"].tolist() == ["truck"]
    far = optimise(_scen(dist_deg=0.6, amount=5000.0))  # ~67 km: beyond the 30 km pipeline radius
    assert far.candidates.links["mode"].tolist() == ["truck"]
