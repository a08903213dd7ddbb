"""A network temperature of scenario.yaml written in kelvins. `networks: heat: temperature_c:
363.15` (90 degC in K) was read as 363.15 degC: `validate` said only that the network can carry
nothing (no supply reaches 363 degC), without the kelvin hint flows.csv's temperatures get. The
same rule (`io.unitslips.kelvin_reasons`) now says it of the network's keys, naming each key and
giving the temperature in degC (t - 273.15, worked out by hand below)."""
from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner

import eitflow
from conftest import bundled_copy
from eitflow.cli.main import main

SITES = pd.DataFrame({"site_id": ["S", "A"], "lat": [45.0, 45.01], "lon": [4.0, 4.0]})


def _said(networks: dict) -> list[str]:
    """The warnings naming a networks key, for a steam and a heat flow pair and these networks."""
    flows = pd.DataFrame({"site_id": ["S", "A", "S", "A"], "direction": ["supply", "demand"] * 2,
                          "resource": ["steam", "steam", "heat", "heat"], "amount": [9000.0, 5000.0] * 2,
                          "unit": "MWh/yr", "temperature_c": [200.0, 150.0, 110.0, 60.0],
                          "price_eur_per_unit": [0.0, 50.0] * 2})
    corridors = pd.DataFrame({"resource": list(networks), "from": "S", "to": "A"})
    scen = eitflow.scenario_from_frames(SITES, flows, corridors=corridors, name="t", networks=networks)
    return [str(w.message) for w in scen.warnings if str(w.message).startswith("networks.") and " K would be " in str(w.message)]


def test_a_network_temperature_ending_in_point_15_is_said(tmp_path):
    y = bundled_copy(tmp_path, "ludres_backbone", "temperature_c: 90 ", "temperature_c: 363.15 ")
    res = CliRunner().invoke(main, ["validate", str(y), "--lang", "en"])
    assert res.exit_code == 0, res.output
    # 363.15 K - 273.15 = 90 degC
    assert ("warning: scenario.yaml: networks.heat.temperature_c: 363.15 degC: its decimals .15 are those of a "
            "temperature in kelvins (0 degC = 273.15 K); 363.15 K would be 90 degC: write 90 if that is what you "
            "meant (temperatures are in degC)") in res.output, res.output
    fr = CliRunner().invoke(main, ["validate", str(y), "--lang", "fr"])
    assert ("attention : scenario.yaml : networks.heat.temperature_c : 363,15 °C : ses décimales ,15 sont celles "
            "d'une température en kelvins (0 °C = 273,15 K) ; 363,15 K feraient 90 °C") in fr.output, fr.output
    strict = CliRunner().invoke(main, ["validate", str(y), "--strict"])
    assert strict.exit_code == 2, strict.output


def test_a_hot_water_network_at_273_or_more_is_said():
    # 353 K - 273.15 = 79.85 degC; its return 60 is in degC and not said
    out = _said({"heat": {"temperature_c": 353, "return_temperature_c": 60}})
    assert len(out) == 1, out
    assert out[0].startswith("networks.heat.temperature_c: 353 degC: no hot-water network runs that hot"), out
    assert "353 K would be 79.85 degC: write 79.85" in out[0]


def test_both_temperatures_of_a_steam_network_in_kelvins_are_said():
    # steam can be 453 degC, but not with a return of 393: 453 - 273.15 = 179.85, 393 - 273.15 = 119.85
    out = _said({"steam": {"temperature_c": 453, "return_temperature_c": 393}})
    assert [o.split(":")[0] for o in out] == ["networks.steam.temperature_c", "networks.steam.return_temperature_c"]
    assert "both temperatures of the network are 273 or more" in out[0] and "453 K would be 179.85 degC" in out[0]
    assert "393 K would be 119.85 degC" in out[1]


@pytest.mark.parametrize("networks", [
    {"heat": {"temperature_c": 90, "return_temperature_c": 60}},
    {"steam": {"temperature_c": 300, "return_temperature_c": 120}},   # process steam, return as condensate
    {"steam": {"temperature_c": 180}},
    {"heat": {"temperature_c": 120.15}},   # decimals, but 120.15 K would be -153 degC
])
def test_network_temperatures_in_degc_are_not_said(networks):
    assert _said(networks) == []
