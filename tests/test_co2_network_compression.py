"""A CO2 network's injection pays the electricity to compress the CO2 it takes in to dense
phase (110 bar): the catalogue's `injection_electricity_mwh_per_unit` (0.11 MWh/t,
`_sources.co2_compression`) at the scenario's electricity price, charged its CO2 factor, as
hydrogen's compression and heat pumps are (`candidates.electricity.electricity_terms`). Until
then a CO2 network was rated dense but injected for free. Values worked out by hand below."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import eitflow
from eitflow.catalogue import load_catalogue

PARAMS = dict(carbon_price_eur_per_t=100.0, discount_rate=0.0, lifetime_years=20.0,
              electricity_price_eur_per_mwh=80.0, electricity_co2_t_per_mwh=0.052)


def _line(resources: dict | None = None):
    """An emitter E (100,000 t/yr of CO2, no price) and a terminal S buying it at 50 EUR/t,
    one corridor of 1 km between them; trucks kept out by S's radius (0.1 km)."""
    sites = pd.DataFrame({"site_id": ["E", "S"], "lat": [45.0, 45.01], "lon": [4.80, 4.80]})
    flows = pd.DataFrame({"flow_id": ["e", "s"], "site_id": ["E", "S"], "direction": ["supply", "demand"],
                          "resource": "co2", "amount": [100_000.0, 100_000.0], "unit": "t/yr",
                          "price_eur_per_unit": [0.0, 50.0], "max_distance_km": [np.nan, 0.1]})
    cor = pd.DataFrame({"corridor_id": ["k"], "resource": ["co2"], "from": ["E"], "to": ["S"], "length_km": ["1"]})
    return eitflow.optimise(eitflow.scenario_from_frames(sites, flows, corridors=cor, networks={"co2": {}},
                                                         resources=resources, **PARAMS))


def test_the_catalogue_charges_co2_injection_its_compression():
    """0.11 MWh/t, within the published 0.08-0.13 MWh/t for about 1.5 to 150 bar."""
    spec = load_catalogue()["co2"].network
    assert spec is not None
    assert 0.08 <= spec.injection_electricity_mwh_per_unit <= 0.13


def test_one_emitter_one_terminal_one_km_pays_the_compression():
    """By hand (CRF = 1 / 20 = 0.05 at a discount rate of 0):

    per tonne: terminal's price 50 + carbon 100 x 0.1 tCO2/t (catalogue co2_factor) = 60 EUR/t;
    compression 0.11 MWh/t x 80 EUR/MWh = 8.8 EUR/t, its CO2 0.11 x 0.052 = 0.00572 t/t, x 100
    = 0.572 EUR/t; net 60 - 8.8 - 0.572 = 50.628 EUR/t, x 100,000 t/yr = 5,062,800 EUR/yr.
    Pipe: 100,000 / (0.7 x 8,760) = 16.31 t/h rated; DN50 (54.5 mm) carries 800 x 2 x pi x
    0.0545^2 / 4 x 3.6 = 13.44 t/h (short), DN80 (82.5 mm) 30.79 t/h: 542 EUR/m x 1,000 m =
    542,000 EUR, annual 0.05 x 542,000 + 0.02 x 542,000 (O&M) = 37,940 EUR/yr.
    Connections: 2 x 80,000 EUR x 0.05 = 8,000 EUR/yr.
    Objective 5,062,800 - 37,940 - 8,000 = 5,016,860 EUR/yr (main, without the compression:
    6,000,000 - 45,940 = 5,954,060). CO2 avoided 100,000 x (0.1 - 0.00572) = 9,428 tCO2/yr."""
    res = _line()
    assert res.objective == pytest.approx(5_016_860.0, rel=1e-7)
    assert res.statistics.corridors().set_index("corridor_id").at["k", "size"] == "DN80"
    assert res.matches.loc[res.matches["demand_flow_id"] == "s", "amount"].sum() == pytest.approx(100_000, rel=1e-9)
    assert res.statistics.totals()["co2_avoided_t_per_yr"] == pytest.approx(9_428.0, rel=1e-7)


def test_a_resources_yaml_without_compression_gets_the_old_objective():
    """A network whose CO2 arrives already compressed (`injection_electricity_mwh_per_unit: 0`):
    60 EUR/t x 100,000 - 37,940 - 8,000 = 5,954,060 EUR/yr, the figure before the charge."""
    res = _line({"co2": {"network": {"injection_electricity_mwh_per_unit": 0}}})
    assert res.objective == pytest.approx(5_954_060.0, rel=1e-7)
