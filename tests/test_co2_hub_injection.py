"""CO2 entering a CO2 network through a hub standing on it pays the network's injection (its
compression into dense phase, 0.11 MWh/t at the electricity price, charged its CO2 factor), as a
direct connection into the network does: one rule, `candidates.electricity.injection_mwh_per_unit`.
Before 2026-12-06 the hub's leg took CO2 into the network for nothing. Values by hand."""

from __future__ import annotations

import pandas as pd
import pytest

import eitflow

PARAMS = dict(carbon_price_eur_per_t=100.0, discount_rate=0.0, lifetime_years=20.0,
              electricity_price_eur_per_mwh=80.0, electricity_co2_t_per_mwh=0.052, solver={"mip_gap": 0.0})


def _via_hub(resources: dict | None = None, second: bool = False):
    """An emitter E (100,000 t/yr, no price) trucks its CO2 1 km (links.csv: no investment, no
    fixed or variable cost) to a hub H standing on a CO2 network (free to build); one 1 km
    corridor H - S; the terminal S buys at 50 EUR/t. `second`: an emitter F (20,000 t/yr) on the
    network too, by its own connection (corridor F - S, 1 km), the terminal taking 150,000 t/yr."""
    sites = pd.DataFrame({"site_id": ["E", "S", "F"], "lat": [45.0, 45.02, 45.03], "lon": [4.80, 4.80, 4.80]})
    flows = pd.DataFrame({"flow_id": ["e", "s", "f"], "site_id": ["E", "S", "F"],
                          "direction": ["supply", "demand", "supply"], "resource": "co2",
                          "amount": [100_000.0, 150_000.0 if second else 100_000.0, 20_000.0], "unit": "t/yr",
                          "price_eur_per_unit": [0.0, 50.0, 0.0]})
    if not second:
        sites, flows = sites.iloc[:2], flows.iloc[:2]
    links = pd.DataFrame({"source_site": ["E"], "sink_site": ["H"], "supply_resource": ["co2"], "distance_km": [1.0],
                          "investment_eur": [0.0], "fixed_cost_eur_per_yr": [0.0], "var_cost_eur_per_unit": [0.0]})
    hubs = pd.DataFrame({"hub_id": ["H"], "lat": [45.01], "lon": [4.80], "resources": ["co2"], "capacity": [1e6],
                         "investment_eur": [0.0], "fixed_cost_eur_per_yr": [0.0]})
    cor = pd.DataFrame({"corridor_id": ["k", "m"], "resource": ["co2"] * 2, "from": ["H", "F"], "to": ["S", "S"],
                        "length_km": ["1", "1"]}).iloc[:2 if second else 1]
    res = eitflow.optimise(eitflow.scenario_from_frames(sites, flows, links, hubs=hubs, corridors=cor,
                                                        networks={"co2": {}}, resources=resources, **PARAMS))
    assert res.status == "optimal"
    return res


def test_co2_entering_a_network_through_a_hub_pays_its_compression():
    """Per tonne: the truck's CO2 0.0001 t/t.km x 1 km = 0.0001 t/t (x 100 EUR/t = 0.01
    EUR/t); the compression 0.11 MWh/t x 80 EUR/MWh = 8.8 EUR/t and 0.11 x 0.052 = 0.00572 t/t
    (0.572 EUR/t at 100 EUR/t); the terminal 50 + 100 x 0.1 = 60 EUR/t. 60 - 0.01 - 8.8 - 0.572 =
    50.618 EUR/t x 100,000 = 5,061,800 EUR/yr. Pipe (as tests/test_co2_network_compression.py):
    DN80, 542 EUR/m x 1,000 m x (0.05 + 0.02) = 37,940 EUR/yr; S's connection 80,000 x 0.05 =
    4,000 EUR/yr (the hub's node is the network's: no connection). Objective 5,019,860 EUR/yr
    (main: 5,999,000 - 41,940 = 5,957,060). CO2 avoided 100,000 x (0.1 - 0.0001 - 0.00572) =
    9,418 tCO2/yr; the compression's electricity 0.11 x 100,000 = 11,000 MWh/yr."""
    res = _via_hub()
    assert res.matches["amount"].sum() == pytest.approx(200_000.0, rel=1e-9)   # E -> H, network -> S
    assert res.objective == pytest.approx(5_019_860.0, rel=1e-7)
    assert res.statistics.totals()["co2_avoided_t_per_yr"] == pytest.approx(9_418.0, rel=1e-7)
    legs = res.statistics.links().set_index("kind")
    assert legs.loc["to_hub", "injection_electricity_mwh_per_yr"] == pytest.approx(11_000.0, rel=1e-9)
    assert legs.loc["from_net", "injection_electricity_mwh_per_yr"] == 0.0


def test_the_same_hub_without_compression_gets_the_old_objective():
    """`injection_electricity_mwh_per_unit: 0`: 59.99 x 100,000 - 41,940 = 5,957,060 EUR/yr."""
    res = _via_hub({"co2": {"network": {"injection_electricity_mwh_per_unit": 0}}})
    assert res.objective == pytest.approx(5_957_060.0, rel=1e-7)


def test_the_compression_electricity_is_said_apart_and_sums_its_parts():
    """E through the hub (100,000 t/yr) and F by its own connection (20,000 t/yr): 0.11 x 100,000
    = 11,000 MWh/yr and 0.11 x 20,000 = 2,200 MWh/yr, 13,200 in all; at 80 EUR/MWh 1,056,000
    EUR/yr, at 0.052 tCO2/MWh 686.4 tCO2/yr. summary.json's network_injection is that sum."""
    res = _via_hub(second=True)
    lk = res.statistics.links()
    by_flow = lk.groupby("supply_flow_id")["injection_electricity_mwh_per_yr"].sum()
    assert by_flow["e"] == pytest.approx(11_000.0, rel=1e-9)
    assert by_flow["f"] == pytest.approx(2_200.0, rel=1e-9)
    said = res.summary["network_injection"]
    assert said == res.statistics.network_injection()
    assert said["exchanges"] == 2
    assert said["electricity_mwh_per_yr"] == pytest.approx(lk["injection_electricity_mwh_per_yr"].sum(), rel=1e-12)
    assert said["electricity_mwh_per_yr"] == pytest.approx(13_200.0, rel=1e-9)
    assert said["electricity_eur_per_yr"] == pytest.approx(1_056_000.0, rel=1e-9)
    assert said["electricity_co2_t_per_yr"] == pytest.approx(686.4, rel=1e-9)
