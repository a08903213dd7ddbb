"""A sweep's refusals name a resource as the user wrote it where it is the key they typed (the
parameter's own ``prices.heet``, a setting's path ``networks.co2.generate``), and by its name
where the sentence speaks of the resource itself (`i18n.Named`): "no base has a supply of
fgd_gypsum with a unit to build" read the key in English, and French said "aucune base n'a
d'offre de hydrogène" (no elision) where it now says "d'offre en hydrogène", as the network
sentences do ("une offre en hydrogène")."""

from __future__ import annotations

import pytest

import eitflow
from conftest import write_scenario
from eitflow.i18n import Named, Phrase, say
from eitflow.sweep.params import check_values
from eitflow.sweep.spec import SweepError
from test_netwhy_named_resource import _collector


@pytest.fixture(scope="module")
def park(tmp_path_factory):
    """tests/conftest.py's park: heat, fgd_gypsum (the power plant's 20 kt/yr, no unit to
    build: no investment column) and gypsum flows."""
    return eitflow.read_scenario(write_scenario(tmp_path_factory.mktemp("park")))


def _refusal(run: dict[str, float], scen) -> Phrase:
    with pytest.raises(SweepError) as got:
        check_values([run], {"base": scen})
    return got.value.args[0]


def test_a_unit_no_base_builds_is_said_by_the_resource_name(park):
    p = _refusal({"unit_investment.fgd_gypsum": 2.0}, park)
    assert str(p) == ("sweep parameter 'unit_investment.fgd_gypsum': no base has a supply of FGD gypsum with a unit "
                      "to build (investment_eur or investment_eur_per_unit on its row); a sweep varies a unit, it "
                      "does not add one")
    assert say(p, "fr") == ("paramètre de balayage 'unit_investment.fgd_gypsum' : aucune base n'a d'offre en gypse de "
                            "désulfuration avec une unité à construire (investment_eur ou investment_eur_per_unit sur "
                            "sa ligne) ; un balayage fait varier une unité, il n'en ajoute pas")
    # hydrogen, a vowel: French "de hydrogène" was wrong; "en" takes every name
    h2 = Phrase("sweep_e_no_unit", name="unit_investment.hydrogen", resource=Named("hydrogen")).say("fr")
    assert "aucune base n'a d'offre en hydrogène avec" in h2


def test_a_resource_the_user_mistyped_stays_the_key_they_typed(park):
    """prices.heet: 'heet' is no resource, it has no name; said as typed, beside the keys there
    are (the flows' resources, sorted) and the nearest one, in both languages."""
    p = _refusal({"prices.heet": 1.0}, park)
    assert str(p) == ("sweep parameter 'prices.heet': no base scenario has a flow of resource 'heet' (did you mean "
                      "'heat'?); their resources: fgd_gypsum, gypsum, heat")
    assert say(p, "fr") == ("paramètre de balayage 'prices.heet' : aucun scénario de base n'a de flux de la ressource "
                            "'heet' (vouliez-vous dire 'heat' ?) ; leurs ressources : fgd_gypsum, gypsum, heat")


@pytest.mark.parametrize("lang, said", [
    ("en", "sweep parameter 'networks.co2.max_length_km': no base generates corridors of its CO2 network "
           "(networks.co2.generate: none), and the corridors of corridors.csv are kept whatever their length; "
           "every run would be the same"),
    ("fr", "paramètre de balayage 'networks.co2.max_length_km' : aucune base ne génère de tronçons pour son réseau "
           "de CO2 (networks.co2.generate: none), et les tronçons de corridors.csv sont gardés quelle que soit leur "
           "longueur ; tous les calculs seraient identiques"),
])
def test_a_setting_path_keeps_the_key_and_the_network_its_name(lang, said):
    """The CO2 collector's corridor is given (generate: none): its longest generated corridor
    changes no run. The setting's path is scenario.yaml's (co2), the network is named (CO2)."""
    assert say(_refusal({"networks.co2.max_length_km": 1.0}, _collector()), lang) == said


@pytest.mark.parametrize("lang, said", [
    ("en", "sweep parameter 'networks.co2.temperature_c': the CO2 network's resource (co2) has no temperature "
           "(a heat or steam network's setting); every run would be the same"),
    ("fr", "paramètre de balayage 'networks.co2.temperature_c' : la ressource du réseau de CO2 (CO2) n'a pas de "
           "température (un réglage d'un réseau de chaleur ou de vapeur) ; tous les calculs seraient identiques"),
])
def test_a_temperature_of_a_network_without_one(lang, said):
    """Kept as it was: the English names the key beside the network's name (the parameter's
    co2), the French the resource (`Res`)."""
    assert say(_refusal({"networks.co2.temperature_c": 60.0}, _collector()), lang) == said
