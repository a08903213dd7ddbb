"""A hot-water network's pipes at its own supply and return temperatures
(`networks.<r>.return_temperature_c`, `NetworkSpec.rating`).

The catalogue's hot-water sizes are rated at 90/60 degC (30 K: resources.yaml, `_sources.
heat_network`): each size's capacity is the mass flow its pressure drop allows times cp times
30 K. Before, a network stating its return temperature kept those capacities whatever its
difference (a 90/40 degC network's DN80 carried the 0.98 MW of 30 K, not 0.98 x 50 / 30), and
its losses took a return of supply - 30 K (a mean of 75 degC on a 90/40 network, against 65).
Expected values worked out by hand below from resources.yaml's table (DN80: 0.98 MW, 602 EUR/m,
28.2 W/m; DN100: 1.95 MW, 670 EUR/m; DN300: 32.3 MW), its load factor 0.5 and a 10 degC
ground."""

from __future__ import annotations

import pandas as pd
import pytest

import eitflow
from eitflow.catalogue import load_catalogue

# a source and a district 1 km apart along a given corridor (length 1 km); direct pipes out of
# reach, so the district is served through the network or not at all (it must be: required)
SITES = pd.DataFrame({"site_id": ["SRC", "VILLE"], "lat": [48.60, 48.609], "lon": [6.10, 6.10]})


def _scenario(ret_net: float | None):
    flows = pd.DataFrame({"flow_id": ["src_heat", "ville_heat"], "site_id": ["SRC", "VILLE"],
                          "direction": ["supply", "demand"], "resource": "heat", "amount": [50_000.0, 6_500.0],
                          "unit": "MWh/yr", "temperature_c": [120.0, 35.0], "price_eur_per_unit": [0.0, 80.0],
                          "max_distance_km": [0.1, 0.1], "required": [False, True]})
    corridors = pd.DataFrame({"corridor_id": ["c1"], "resource": "heat", "from": ["SRC"], "to": ["VILLE"],
                              "length_km": [1.0]})
    net = {"temperature_c": 90.0, "sizing": "discrete"} | ({} if ret_net is None else {"return_temperature_c": ret_net})
    return eitflow.scenario_from_frames(SITES, flows, corridors=corridors, networks={"heat": net},
                                        solver={"mip_gap": 0.0})


def _corridor(res) -> pd.Series:
    c = res.statistics.corridors()
    assert len(c) == 1
    return c.iloc[0]


def test_a_wider_difference_carries_more_heat_in_the_same_pipe():
    """90/40 degC (50 K). DN80 carries 0.98 x 50 / 30 = 1.6333 MW; over the year at load factor
    0.5: 1.6333 x 0.5 x 8,760 = 7,154.0 MWh/yr. It loses 28.2 W/m x 1,000 m x 8,760 h x
    ((90 + 40) / 2 - 10) / ((90 + 60) / 2 - 10) = 247.03 x 55 / 65 = 209.03 MWh/yr, so the source
    sends 6,500 + 209.03 = 6,709.03 MWh/yr through it: it fits, and DN80 (602 EUR/m) is the
    cheapest size that does. Before, DN80 carried 0.98 x 0.5 x 8,760 = 4,292.4 MWh/yr and the
    model laid a DN100 (670 EUR/m)."""
    res = eitflow.optimise(_scenario(40.0))
    assert res.status.value == "optimal"
    c = _corridor(res)
    assert c["size"] == "DN80"
    assert float(c["capacity_rated"]) == pytest.approx(0.98 * 50 / 30, rel=1e-9)
    assert float(c["loss"]) == pytest.approx(28.2 * 1000 * 8760 / 1e6 * 55 / 65, rel=1e-9)
    b = res.statistics.network_balance().iloc[0]
    assert float(b["withdrawn"]) == pytest.approx(6_500, rel=1e-9)
    assert float(b["injected_by_supplies"]) == pytest.approx(6_500 + 28.2 * 1000 * 8760 / 1e6 * 55 / 65, rel=1e-9)
    assert float(c["investment_eur"]) == pytest.approx(602 * 1000, rel=1e-9)
    # pumping: the table's 0.05 EUR/MWh/km is at 30 K; at 50 K a MWh moves 30/50 of the water
    carried = float(c["flow_forward"]) + float(c["flow_backward"])
    assert float(c["pumping_eur_per_yr"]) == pytest.approx(0.05 * 30 / 50 * 1.0 * carried, rel=1e-9)


def test_the_catalogues_own_difference_changes_nothing():
    """90/60 degC is the table's basis: DN80's 4,292.4 MWh/yr cannot carry 6,500, so DN100
    (1.95 MW: 8,541 MWh/yr; loss 30.0 W/m x 8.76 = 262.8 MWh/yr at a mean of 75 degC); the same
    without a return temperature (taken as 90 - 30)."""
    for ret in (60.0, None):
        c = _corridor(eitflow.optimise(_scenario(ret)))
        assert c["size"] == "DN100"
        assert float(c["capacity_rated"]) == pytest.approx(1.95, rel=1e-9)
        assert float(c["loss"]) == pytest.approx(30.0 * 8.76, rel=1e-9)


def test_rating_by_resource():
    """Hot water scales with supply - return; steam's capacity is latent heat and a hydrogen
    pipe's a mass flow, whatever the temperatures. Losses follow the mean temperature above the
    10 degC ground: steam's table is at 180/80 degC (mean 130); a 180/100 header's mean is 140,
    so 130 / 120 of it."""
    cat = load_catalogue()
    heat, steam = cat["heat"].network, cat["steam"].network
    assert heat is not None and steam is not None
    assert heat.rating(115.0, 65.0).capacity == pytest.approx(50 / 30)
    assert heat.rating(115.0, 65.0).loss == pytest.approx((90 - 10) / (75 - 10))
    assert heat.rating(115.0, None) == pytest.approx((1.0, (100 - 10) / (75 - 10)))
    assert steam.rating(180.0, 100.0) == pytest.approx((1.0, (140 - 10) / (130 - 10)))
    h2 = cat["hydrogen"].network
    assert h2 is not None and h2.rating(None, None) == (1.0, 1.0)


def test_an_existing_pipe_is_checked_against_its_size_at_the_networks_difference():
    """An existing DN300 given 70 MW on a 115/65 degC network: DN300 carries 32.3 x 50 / 30 =
    53.8 MW there, 70 / 53.8 = 1.3 times: plausible (an old pipe run harder), no warning. Before,
    it was compared with the table's 32.3 MW (2.17 times, above the 2x rule) and warned about."""
    flows = pd.DataFrame({"flow_id": ["src_heat", "ville_heat"], "site_id": ["SRC", "VILLE"],
                          "direction": ["supply", "demand"], "resource": "heat", "amount": [50_000.0, 6_500.0],
                          "unit": "MWh/yr", "temperature_c": [120.0, 35.0], "price_eur_per_unit": [0.0, 80.0]})
    corridors = pd.DataFrame({"corridor_id": ["c1"], "resource": "heat", "from": ["SRC"], "to": ["VILLE"],
                              "existing": [True], "size": ["DN300"], "capacity": [70.0], "unit": ["MW"]})

    def warned(net: dict) -> bool:
        scen = eitflow.scenario_from_frames(SITES, flows, corridors=corridors, networks={"heat": net})
        return any("DN300" in str(w) for w in scen.warnings)

    assert not warned({"temperature_c": 115.0, "return_temperature_c": 65.0})
    assert warned({"temperature_c": 115.0})   # the table's 30 K: 70 / 32.3 = 2.17 times


def test_a_capacity_warning_states_the_sizes_capacity_on_its_network():
    """An existing DN300 given 120 MW on a 115/65 degC network: DN300 carries 32.3 x 50 / 30 =
    53.833 MW there, and 120 / 53.833 = 2.229 times it is above the 2x rule: warned, naming
    53.8333 MW (format :g) and 2.23 times. Before, the ratio was reckoned against 53.8 but the
    warning named the table's 32.3 MW (which 120 is 3.7 times, not the 2.23 it stated). A
    capacity of 0.004 MW on the same network is less than a tenth of the smallest size, DN20:
    0.0279 x 50 / 30 = 0.0465 MW there."""
    flows = pd.DataFrame({"flow_id": ["src_heat", "ville_heat"], "site_id": ["SRC", "VILLE"],
                          "direction": ["supply", "demand"], "resource": "heat", "amount": [50_000.0, 6_500.0],
                          "unit": "MWh/yr", "temperature_c": [120.0, 35.0], "price_eur_per_unit": [0.0, 80.0]})

    def warnings(size: str, mw: float) -> str:
        corridors = pd.DataFrame({"corridor_id": ["c1"], "resource": "heat", "from": ["SRC"], "to": ["VILLE"],
                                  "existing": [True], "size": [size], "capacity": [mw], "unit": ["MW"]})
        scen = eitflow.scenario_from_frames(SITES, flows, corridors=corridors,
                                            networks={"heat": {"temperature_c": 115.0, "return_temperature_c": 65.0}})
        return " | ".join(str(w) for w in scen.warnings)

    text = warnings("DN300", 120.0)
    assert f"{32.3 * 50 / 30:g} MW" in text and "2.23 times" in text
    assert "32.3 MW" not in text
    small = warnings("", 0.004)
    assert f"DN20: {0.0279 * 50 / 30:g} MW" in small, small
