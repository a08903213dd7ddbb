"""A CO2 network's pipes rated in the phase and at the pressure the catalogue states: a
transport network runs dense (80-150 bar, ~800 kg/m3), not as the gas at 20 bar (40 kg/m3)
every CO2 size was rated as until 2026-12-06, four times too small for the same pipe. Values
by hand: capacity = density x velocity x pi d^2 / 4 (kg/s, x 3.6 for t/h, x 8,760 for t/yr)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import eitflow
from eitflow.catalogue import load_catalogue

GAS_20_BAR = {"phase": "gas", "design_pressure_bar": 20, "design_density_kg_per_m3": 40, "design_velocity_m_per_s": 10}


def test_the_catalogue_rates_co2_pipes_in_dense_phase():
    """DN100, 107.1 mm: 0.1071^2 = 0.01147041 m2; x pi / 4 = 0.0090088 m2; x 800 kg/m3 x 2 m/s
    = 14.414 kg/s; x 3.6 = 51.89 t/h; x 8,760 h = 454,560 t/yr rated. Before: 13 t/h (the gas
    at 20 bar: 40 x 10 x 0.0090088 x 3.6 = 12.97)."""
    spec = load_catalogue()["co2"].network
    assert spec is not None and spec.phase == "dense" and 80 <= (spec.design_pressure_bar or 0) <= 150
    dn100 = {s.name: s for s in spec.sizes}["DN100"]
    assert dn100.capacity == pytest.approx(51.89, rel=1e-3)
    assert dn100.capacity * 8760 == pytest.approx(454_560, rel=1e-3)
    # a dense phase's density does not follow its pressure: no pressure scales its sizes
    assert spec.model_copy(update={"reference_pressure_bar": 110.0}).rating(None, None, 55.0).capacity == 1.0


def _line(resources: dict | None = None):
    """An emitter E (300,000 t/yr, at no price) piping to a storage terminal S (50 EUR/t) over
    one 2 km corridor; trucks kept out by S's radius."""
    sites = pd.DataFrame({"site_id": ["E", "S"], "lat": [45.0, 45.01], "lon": [4.80, 4.80]})
    flows = pd.DataFrame({"flow_id": ["e", "s"], "site_id": ["E", "S"], "direction": ["supply", "demand"],
                          "resource": "co2", "amount": [300_000.0, 300_000.0], "unit": "t/yr",
                          "price_eur_per_unit": [0.0, 50.0], "max_distance_km": [np.nan, 0.1]})
    cor = pd.DataFrame({"corridor_id": ["k"], "resource": ["co2"], "from": ["E"], "to": ["S"], "length_km": ["2"]})
    return eitflow.optimise(eitflow.scenario_from_frames(sites, flows, corridors=cor, networks={"co2": {}},
                                                         carbon_price_eur_per_t=0.0, resources=resources))


def test_a_300_kt_collection_line_is_a_dn100_in_dense_phase_and_a_dn200_as_a_gas():
    """300,000 t/yr at the load factor 0.7 needs 300,000 / (0.7 x 8,760) = 48.92 t/h rated.
    Dense (800 kg/m3, 2 m/s): DN80 (82.5 mm) 1,600 x pi x 0.0825^2 / 4 x 3.6 = 30.79 t/h is
    short, DN100 51.89 t/h carries it. Gas at 20 bar (40 kg/m3, 10 m/s, stated in resources.yaml):
    DN150 (160.3 mm) 400 x pi x 0.1603^2 / 4 x 3.6 = 29.06 t/h is short, DN200 (210.1 mm) 49.92
    t/h carries it. Before, the catalogue gave the gas's sizes to every CO2 network: DN200."""
    need = 300_000 / (0.7 * 8760)
    assert need == pytest.approx(48.92, rel=1e-3)
    for resources, size, rho_v, d in ((None, "DN100", 1600.0, 0.1071), ({"co2": {"network": GAS_20_BAR}}, "DN200",
                                                                        400.0, 0.2101)):
        res = _line(resources)
        cor = res.statistics.corridors().set_index("corridor_id")
        assert cor.at["k", "size"] == size
        assert cor.at["k", "capacity_rated"] == pytest.approx(rho_v * math.pi * d * d / 4 * 3.6, rel=1e-9)
        assert res.matches.loc[res.matches["demand_flow_id"] == "s", "amount"].sum() == pytest.approx(300_000, rel=1e-9)


@pytest.mark.parametrize("over, en, fr", [
    ({"phase": "dense", "design_density_kg_per_m3": 40},
     "resource 'co2', network.design_density_kg_per_m3: 40 kg/m3 is no dense phase at 110 bar: even an ideal gas "
     "of 1.977 kg/Nm3 weighs 214.6 kg/m3 there",
     "ressource 'co2', network.design_density_kg_per_m3 : 40 kg/m3 n'est pas une phase dense à 110 bar : même un "
     "gaz parfait de 1,977 kg/Nm3 y pèse 214,6 kg/m3"),
    ({"phase": "gas", "design_pressure_bar": 20},     # 1.977 x 20 / 1.01325 = 39.02 kg/m3, not 800
     "800 kg/m3 is no gas at 20 bar: an ideal gas of 1.977 kg/Nm3 weighs 39.0 kg/m3 there",
     "800 kg/m3 n'est pas un gaz à 20 bar : un gaz parfait de 1,977 kg/Nm3 y pèse 39,0 kg/m3"),
    ({"sizes": [{"name": "DN100", "inner_diameter_mm": 107.1, "capacity": 13, "investment_eur_per_m": 603}]},
     "network.sizes no. 1, capacity: size 'DN100' is given a capacity of 13 t/h, but 800 kg/m3 x 2 m/s through "
     "its 107.1 mm carry 51.89 t/h",
     "network.sizes n° 1, capacity : le diamètre 'DN100' a une capacité donnée de 13 t/h, mais 800 kg/m3 × 2 m/s "
     "dans ses 107,1 mm portent 51,89 t/h"),
])
def test_a_rating_that_does_not_fit_its_phase_and_pressure_is_refused(over, en, fr):
    """A density that is no dense phase (the gas's 40 kg/m3 said dense), a gas at 20 bar said
    to weigh the dense 800 kg/m3, a capacity given beside a diameter that does not carry it:
    each refused, naming the file, the resource and the field, in English and French."""
    with pytest.raises(eitflow.ScenarioError) as e:
        load_catalogue({"co2": {"network": over}})
    (p,) = e.value.problems
    assert p.file == "resources.yaml"
    assert en in str(p.message) and fr in p.message.say("fr")


def test_a_gas_network_loses_nothing_unless_resources_yaml_says_so():
    """README ("No leakage on gas networks"): a hydrogen corridor delivers what enters it; with
    `network.loss_share_per_km: 0.01` a 2 km corridor delivers 1 - 0.01 x 2 = 98 % of it: 100
    t/yr in, 98 out. (A guard of what the README says: it holds on the old code too.)"""
    sites = pd.DataFrame({"site_id": ["E", "S"], "lat": [45.0, 45.01], "lon": [4.80, 4.80]})
    flows = pd.DataFrame({"flow_id": ["e", "s"], "site_id": ["E", "S"], "direction": ["supply", "demand"],
                          "resource": "hydrogen", "amount": [100.0, 1000.0], "unit": "t/yr",
                          "price_eur_per_unit": [0.0, 6000.0], "max_distance_km": [np.nan, 0.1]})
    cor = pd.DataFrame({"corridor_id": ["k"], "resource": ["hydrogen"], "from": ["E"], "to": ["S"], "length_km": ["2"]})
    for over, want in ((None, 100.0), ({"hydrogen": {"network": {"loss_share_per_km": 0.01}}}, 98.0)):
        res = eitflow.optimise(eitflow.scenario_from_frames(sites, flows, corridors=cor, networks={"hydrogen": {}},
                                                             carbon_price_eur_per_t=0.0, resources=over))
        assert res.matches.loc[res.matches["demand_flow_id"] == "s", "amount"].sum() == pytest.approx(want, rel=1e-9)
