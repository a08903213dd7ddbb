"""Why a flow has no candidate (`candidates.why`: unmatched.csv, the diagnosis) and explain's
rows name its resource as people read it (`i18n.Named`: 'CO2', 'fly ash'), not its key:
"no demand in the scenario can exchange with this fly_ash", "the supply's radius (the
catalogue's co2 radius)", "no flow in the scenario can exchange with this fly_ash supply".
A key the user typed stays a key: "the scenario's max_distance_km.co2"."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import eitflow
from eitflow.results.rundir import read_run, write_run

KM = 1 / 111.195   # degrees of latitude per km (haversine's Earth: 6,371 km x pi / 180)


def _scenario(**params):
    """A CO2 emitter S, a greenhouse G 120 km north of it asking 500 t/yr (its own radius 200
    km; S keeps the catalogue's 100 km), and a fly-ash silo F beside S with no demand of fly
    ash or cement additive anywhere."""
    sites = pd.DataFrame({"site_id": ["S", "G", "F"], "name": ["Steelworks", "Greenhouse", "Ash silo"],
                          "lat": [50.0, 50.0 + 120 * KM, 50.0], "lon": [3.0, 3.0, 3.01]})
    flows = pd.DataFrame({"flow_id": ["s", "g", "f"], "site_id": ["S", "G", "F"],
                          "direction": ["supply", "demand", "supply"], "resource": ["co2", "co2", "fly_ash"],
                          "amount": [1000.0, 500.0, 2000.0], "unit": "t/yr", "price_eur_per_unit": [0.0, 80.0, 0.0],
                          "max_distance_km": [np.nan, 200.0, np.nan]})
    return eitflow.scenario_from_frames(sites, flows, **params)


@pytest.fixture(scope="module")
def run():
    res = eitflow.optimise(_scenario())
    assert res.objective == 0.0   # nothing in range: nothing built
    return res


# by hand: S-G is 120 km along a meridian (120.0 km great-circle); the pair's limit is the
# smaller radius, S's catalogue 100 km (co2: max_distance_km 100) against G's own 200 km
NEAREST_EN = ("nearest compatible partner Greenhouse (G) at 120.0 km great-circle, beyond the pair's limit 100 km: "
              "the supply's radius (the catalogue's CO2 radius); the demand's is 200 km")
NEAREST_FR = ("partenaire compatible le plus proche : Greenhouse (G) à 120,0 km à vol d'oiseau, hors de portée de la "
              "paire (limite de 100 km : le rayon de l'offre (la valeur du catalogue pour la ressource CO2) ; celui "
              "de la demande est de 200 km)")
NONE_EN = "no demand in the scenario can exchange with this fly ash"
NONE_FR = "aucune demande du scénario ne peut échanger avec ce flux (cendres volantes)"


def test_unmatched_names_the_resource(run, tmp_path):
    um = run.unmatched.set_index("flow_id")
    assert um.at["s", "reason"] == "no_partner_in_range"
    assert str(um.at["s", "detail"]) == NEAREST_EN
    assert um.at["s", "detail"].say("fr") == NEAREST_FR
    assert um.at["f", "reason"] == "no_compatible_partner"
    assert str(um.at["f", "detail"]) == NONE_EN
    assert um.at["f", "detail"].say("fr") == NONE_FR
    csv = read_run(write_run(run, tmp_path / "run")).unmatched.set_index("flow_id")
    assert (csv.at["s", "detail"], csv.at["s", "detail_fr"]) == (NEAREST_EN, NEAREST_FR)
    assert (csv.at["f", "detail"], csv.at["f", "detail_fr"]) == (NONE_EN, NONE_FR)


def test_a_radius_the_user_typed_keeps_its_key():
    """`max_distance_km: {co2: 100}` in scenario.yaml: the limit is the scenario's, named by the
    key the user typed (max_distance_km.co2), in English; French names the resource."""
    res = eitflow.optimise(_scenario(max_distance_km={"co2": 100.0}))
    d = res.unmatched.set_index("flow_id").at["s", "detail"]
    assert "the supply's radius (the scenario's max_distance_km.co2)" in str(d)
    assert "(le rayon fixé par le scénario pour la ressource CO2)" in d.say("fr")


@pytest.mark.parametrize("lang, said", [
    ("en", "no flow in the scenario can exchange with this fly ash supply"),
    ("fr", "aucun flux du scénario ne peut échanger avec cette offre (cendres volantes)"),
])
def test_explain_names_the_resource_of_a_flow_without_partner(run, lang, said):
    from eitflow.analyses.explain import explain

    ex = explain(run.scenario, run, flow_id="f", lang=lang)
    assert ex["rule"].tolist() == ["no_compatible_partner"]
    assert ex["detail"].tolist() == [said]
