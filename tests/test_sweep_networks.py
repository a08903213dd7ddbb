"""A sweep over a shared network's settings (`networks.<resource>.<setting>`): the network's
temperature, its longest generated corridor, a hydrogen network's purity and pressure. They
were refused ('unknown sweep parameter'), where the network's temperature is the first thing
a heat network's study varies."""

from __future__ import annotations

from pathlib import Path

import pytest

import eitflow
from eitflow.report.sweep import param_label
from eitflow.sweep.params import apply_parameters, check_values
from eitflow.sweep.spec import SweepError, parse_sweep

LUDRES = Path(__file__).resolve().parents[1] / "scenarios" / "ludres_backbone"


@pytest.fixture(scope="module")
def ludres():
    return eitflow.read_scenario(LUDRES / "scenario.yaml")


def test_a_grid_over_the_network_temperature(ludres):
    """Ludres's backbone at 70, 90 and 110 degC. At 70 degC no town can withdraw (70 degC
    demands need the network at 70 + the catalogue's 10 K approach), so the plan is the
    point-to-point one: the optimum of point_to_point.yaml, solved on its own (4,002,108
    EUR/yr in the scenario's README). At 90 degC it is the scenario's own (4,166,680)."""
    sw = parse_sweep({"base": str(LUDRES / "scenario.yaml"),
                      "grid": {"networks": {"heat": {"temperature_c": [70, 90, 110]}}}})
    assert sw.runs == [{"networks.heat.temperature_c": t} for t in (70.0, 90.0, 110.0)]
    check_values(sw.runs, {"ludres": ludres})
    cold = apply_parameters(ludres, sw.runs[0])
    assert cold.params.networks["heat"].temperature_c == 70.0
    assert ludres.params.networks["heat"].temperature_c == 90.0          # the base is not changed
    p2p = eitflow.optimise(eitflow.read_scenario(LUDRES / "point_to_point.yaml"))
    assert p2p.objective == pytest.approx(4_002_108, abs=1)
    assert eitflow.optimise(cold).objective == pytest.approx(p2p.objective, rel=1e-6)
    assert eitflow.optimise(apply_parameters(ludres, sw.runs[1])).objective == pytest.approx(4_166_680, abs=1)
    # the flat key works as well, and the other settings of the block stay
    hot = apply_parameters(ludres, {"networks.heat.max_length_km": 5.0})
    assert hot.params.networks["heat"].max_length_km == 5.0 and hot.params.networks["heat"].temperature_c == 90.0


def test_network_parameters_are_named_in_the_sweep_report():
    assert param_label("networks.heat.temperature_c", "fr") == "température du réseau de chaleur (°C)"
    assert param_label("networks.hydrogen.purity", "fr") == "pureté du réseau d'hydrogène"


@pytest.mark.parametrize("params, msg", [
    ({"networks.steam.temperature_c": 180.0}, "the base scenario has no networks.steam block"),
    ({"networks.heat.temperature_c": 2000.0}, "sweep parameter 'networks.heat.temperature_c' = 2000"),
])
def test_a_network_the_base_has_not_or_a_bad_value_is_refused(ludres, params, msg):
    with pytest.raises(SweepError, match=msg):
        apply_parameters(ludres, params)


@pytest.mark.parametrize("grid", [{"networks": {"heat": {"colour": [1]}}}, {"networks.heat": [1]},
                                  {"networks": {"heat": {"generate": [1]}}}])
def test_an_unknown_network_setting_is_refused(grid):
    with pytest.raises(SweepError, match="unknown sweep parameter 'networks.heat"):
        parse_sweep({"base": "s.yaml", "grid": grid})


def test_every_resource_parameter_is_named_in_both_languages():
    """`unit_investment.hydrogen` read 'unit investment.hydrogen' in the dry run, the sweep
    report's lines and its plots' axes, in French too; and the French elides "de" before a
    vowel or a mute h ('disponibilité de hydrogène')."""
    assert param_label("unit_investment.hydrogen", "en") == "hydrogen units' investment (× base)"
    assert param_label("unit_investment.hydrogen", "fr") == "investissement des unités d'hydrogène (× base)"
    assert param_label("availability.hydrogen", "fr") == "disponibilité de l'hydrogène (× offres)"
    assert param_label("prices.heat", "fr") == "prix de la chaleur (× base)"
    assert param_label("max_distance_km.heat", "fr") == "rayon de la chaleur (km)"


def test_a_resources_parameter_says_it_with_its_article_in_french():
    """'prix de chaleur', 'prix d'hydrogène', 'disponibilité de chaleur' (the sweep report, its
    dry run, a sweep run's footer and brief) are not idiomatic: a price is the resource's, 'prix
    de la chaleur', 'prix de l'hydrogène', 'disponibilité de la chaleur', 'prix du laitier',
    'prix des boues' (de + le, de + les contracted). The English is unchanged."""
    assert param_label("prices.heat", "fr") == "prix de la chaleur (× base)"
    assert param_label("prices.hydrogen", "fr") == "prix de l'hydrogène (× base)"
    assert param_label("availability.heat", "fr") == "disponibilité de la chaleur (× offres)"
    assert param_label("prices.slag", "fr") == "prix du laitier (× base)"
    assert param_label("prices.sludge", "fr") == "prix des boues (× base)"
    assert param_label("prices.heat", "en") == "heat price (× base)"
