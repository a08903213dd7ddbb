"""A sweep's network temperature written in kelvins. `grid: networks: heat: temperature_c:
[90, 363.15]` ran the Ludres backbone at 363.15 degC (90 degC in K: no supply reaches it) without
a word, where scenario.yaml's `networks.heat.temperature_c: 363.15` is warned about
(tests/test_kelvin_network.py). The sweep now says it before it solves (and in its dry run),
by scenario.yaml's rule and in its words, naming the parameter: 363.15 - 273.15 = 90 degC by
hand. Its other unit slips too: an electricity price per kWh (0.08 x 1,000 = 80 EUR/MWh), and a price
or a percentage written for a factor."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import eitflow
from eitflow.cli.main import main

LUDRES = Path(__file__).resolve().parents[1] / "scenarios" / "ludres_backbone"


@pytest.fixture(scope="module")
def ludres():
    return eitflow.read_scenario(LUDRES / "scenario.yaml")


def test_a_swept_network_temperature_in_kelvins_is_said(ludres):
    runs = [{"networks.heat.temperature_c": t, "carbon_price_eur_per_t": c} for t in (90.0, 363.15) for c in (0, 100)]
    got = [str(p) for p in value_warnings(runs, {"ludres": ludres}, "sweep.yaml")]
    assert got == ["sweep.yaml: networks.heat.temperature_c: 363.15 degC: its decimals .15 are those of a temperature "
                   "in kelvins (0 degC = 273.15 K); 363.15 K would be 90 degC: write 90 if that is what you meant "
                   "(temperatures are in degC)"]


def test_values_said_once_and_at_most_five_per_parameter(ludres):
    # 343.15 ... 383.15 K: seven values ending in .15, five said and the two others counted
    runs = [{"networks.heat.temperature_c": 273.15 + c} for c in range(70, 140, 10)] * 2
    got = [p.say("fr") for p in value_warnings(runs, {"ludres": ludres}, "sweep.yaml")]
    assert len(got) == 6 and got[0].startswith("sweep.yaml : networks.heat.temperature_c : 343,15 °C"), got
    assert got[-1] == "sweep.yaml : networks.heat.temperature_c : et 2 autres de ses valeurs, comme ci-dessus"


def test_the_base_own_values_and_plain_degrees_are_not_said(ludres):
    assert value_warnings([{"networks.heat.temperature_c": 70.0}, {"networks.heat.max_length_km": 5.0}],
                          {"ludres": ludres}, "sweep.yaml") == []


def value_warnings(runs, scenarios, file):
    from eitflow.sweep.params import value_warnings as said  # imported here: the dry run's test runs on any version

    return said(runs, scenarios, file)


def test_the_dry_run_says_it_in_french(tmp_path):
    sweep = tmp_path / "sweep.yaml"
    sweep.write_text(f"base: {LUDRES / 'scenario.yaml'}\ngrid:\n  networks:\n    heat:\n"
                     "      temperature_c: [90, 363.15]\n  electricity_price_eur_per_mwh: [0.08]\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["sweep", str(sweep), "--out", str(tmp_path / "out"), "--dry-run", "--lang", "fr"])
    assert res.exit_code == 0, res.output
    said = [line for line in res.output.splitlines() if line.startswith("attention")]
    assert said == [
        "attention : sweep.yaml : electricity_price_eur_per_mwh : 0,08 €/MWh : très loin sous tout prix auquel "
        "s'achète l'électricité d'une année (des dizaines à des centaines d'€/MWh) ; 0,08 € par kWh feraient "
        "80 €/MWh : écrivez 80 si c'est ce que vous vouliez dire",
        "attention : sweep.yaml : networks.heat.temperature_c : 363,15 °C : ses décimales ,15 sont celles d'une "
        "température en kelvins (0 °C = 273,15 K) ; 363,15 K feraient 90 °C : écrivez 90 si c'est ce que vous "
        "vouliez dire (les températures sont en °C)"], res.output


def test_a_price_or_a_percentage_written_for_a_factor_is_said(tmp_path):
    """`prices.heat: [40, 60]` for 40 and 60 EUR/MWh multiplied every heat price by 40 and 60,
    `availability: [90]` for 90 % every supply by 90, without a word: a factor above 10 is said."""
    zae = eitflow.read_scenario(Path(__file__).resolve().parents[1] / "scenarios" / "zae_example" / "scenario.yaml")
    runs = [{"prices.heat": p, "availability": a} for p in (0.8, 40.0) for a in (0.9, 90.0)]
    got = [p.say("en") for p in value_warnings(runs, {"zae": zae}, "sweep.yaml")]
    assert got == [
        "sweep.yaml: availability: 90 is a factor: a run at this value multiplies the amount of every supply by 90 "
        "(1 keeps the base's); a price or a percentage written for a factor? (90 % would be 0.9)",
        "sweep.yaml: prices.heat: 40 is a factor: a run at this value multiplies the price of every flow of heat by "
        "40 (1 keeps the base's); a price or a percentage written for a factor? (40 % would be 0.4)"]
