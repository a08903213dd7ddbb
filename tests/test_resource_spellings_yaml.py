"""A resource named in French (or by its formula) in scenario.yaml. `max_distance_km: {chaleur: 5}`
was refused as an unknown resource without the code meant, where the tables' resource columns say
"did you mean 'heat'?" (tests/test_resource_spellings.py). French names are not taken as aliases:
the catalogue's codes are what every output file, links.csv and a sweep name, so one spelling
must be written; the refusal now names the code, as the tables' does, in scenario.yaml's
`max_distance_km`, in a sweep's parameters, and `networks: {chaleur: ...}` is said once (not
again as a heat network without a temperature). A resources.yaml keyed `chaleur:` was refused as
a new resource lacking its base_unit and transport: it is said to be heat's other name."""
from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner

import eitflow
from conftest import bundled_copy
from eitflow.cli.main import main
from eitflow.io.swept import SweepError, apply_parameters

SITES = pd.DataFrame({"site_id": ["S", "A"], "lat": [45.0, 45.01], "lon": [4.0, 4.0]})
FLOWS = pd.DataFrame({"site_id": ["S", "A"], "direction": ["supply", "demand"], "resource": "heat",
                      "amount": [9000.0, 5000.0], "unit": "MWh/yr", "temperature_c": [110.0, 60.0],
                      "price_eur_per_unit": [0.0, 50.0]})


@pytest.mark.parametrize(("written", "code"), [("chaleur", "heat"), ("Vapeur", "steam"), ("hydrogène", "hydrogen"),
                                               ("eau", "water"), ("H2", "hydrogen"), ("cendres volantes", "fly_ash")])
def test_max_distance_km_in_french_names_the_code(written, code):
    with pytest.raises(eitflow.ScenarioError) as e:
        eitflow.scenario_from_frames(SITES, FLOWS, name="t", max_distance_km={written: 5.0})
    (p,) = e.value.problems
    assert f"max_distance_km: unknown resource '{written}' (did you mean '{code}'?); expected a catalogue " \
           "resource (cement_additive, co2, " in str(p), str(p)


def test_the_french_message_of_the_command_line(tmp_path):
    y = bundled_copy(tmp_path, "zae_example")
    with open(y, "a", encoding="utf-8") as fh:
        fh.write("max_distance_km:\n  chaleur: 5\n")
    res = CliRunner().invoke(main, ["validate", str(y), "--lang", "fr"])
    assert res.exit_code == 2, res.output
    assert "scenario.yaml : max_distance_km : ressource inconnue 'chaleur' (vouliez-vous dire 'heat' ?) ; " \
           "attendu : une ressource du catalogue (" in res.output, res.output


def test_a_french_network_key_is_said_once(tmp_path):
    y = bundled_copy(tmp_path, "ludres_backbone", "\n  heat:\n", "\n  chaleur:\n")
    res = CliRunner().invoke(main, ["validate", str(y), "--lang", "en"])
    assert res.exit_code == 2, res.output
    assert "invalid scenario (1 problem)" in res.output and "networks: unknown resource 'chaleur' (did you mean " \
           "'heat'?)" in res.output, res.output


def test_a_sweep_parameter_in_french_names_the_code():
    scen = eitflow.scenario_from_frames(SITES, FLOWS, name="t")
    with pytest.raises(SweepError) as e:
        apply_parameters(scen, {"prices.chaleur": 1.2})
    assert "sweep parameter 'prices.chaleur': unknown resource 'chaleur' (did you mean 'heat'?)" in str(e.value)


def test_a_resources_yaml_keyed_in_french_names_the_code(tmp_path):
    y = bundled_copy(tmp_path, "zae_example")
    with open(y, "a", encoding="utf-8") as fh:
        fh.write("resources: resources.yaml\n")
    (y.parent / "resources.yaml").write_text("chaleur:\n  max_distance_km: 5\nfly_ash:\n  feeds:\n    Vapeur: 1\n", "utf-8")
    res = CliRunner().invoke(main, ["validate", str(y), "--lang", "en"])
    assert res.exit_code == 2, res.output
    assert "resources.yaml: resource 'chaleur': another name of the catalogue's 'heat' (resources are keyed by their " \
           "codes): key it 'heat' to change its settings" in res.output, res.output
    assert "base_unit" not in res.output, res.output
    # the feeds are checked once the resources are read: alone, after the key is fixed
    (y.parent / "resources.yaml").write_text("heat:\n  max_distance_km: 5\nfly_ash:\n  feeds:\n    Vapeur: 1\n", "utf-8")
    res = CliRunner().invoke(main, ["validate", str(y), "--lang", "en"])
    assert "resources.yaml: resource 'fly_ash' feeds unknown resource 'Vapeur' (did you mean 'steam'?)" in res.output, \
        res.output
