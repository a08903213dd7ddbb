"""`eitflow validate`'s and `run`'s warnings and errors about a resource name it as people read
it where the sentence speaks of the resource (`i18n.Named`: 'CO2'), and keep the key where it is
a path the user typed (``networks.co2.heat_pump_at_injection``). Before, English read "the
catalogue has no heat pump for co2 (hot water has them, not steam, hydrogen or CO2)", "no flow
of co2 there", "the 100 km reach of co2", "co2 has no temperature rule", "the catalogue's 0.1
for co2", "A has 2 supply flows of co2", and French "2 offres de co2", "une offre de co2" (the
key, no elision before a vowel: "de hydrogène")."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import eitflow
from eitflow.errors import ScenarioError

KM = 1 / 111.195   # degrees of latitude per km (haversine's Earth)


def _scenario(sites=None, flows=None, corridors=None, **params):
    """An emitter E (10,000 t/yr of CO2) and a terminal T 3 km north (50,000 t/yr)."""
    sites = sites if sites is not None else pd.DataFrame(
        {"site_id": ["E", "T"], "name": ["Steelworks", "Terminal"], "lat": [51.03, 51.03 + 3 * KM], "lon": [2.3, 2.3]})
    flows = flows if flows is not None else pd.DataFrame(
        {"flow_id": ["e", "t"], "site_id": ["E", "T"], "direction": ["supply", "demand"], "resource": "co2",
         "amount": [10000.0, 50000.0], "unit": "t/yr", "price_eur_per_unit": [60.0, 0.0]})
    return eitflow.scenario_from_frames(sites, flows, corridors=corridors, **params)


def _said(problems, key: str, lang: str) -> list[str]:
    """The problems whose message (or the message a `key_at` wraps) has message key `key`, said
    in `lang`."""
    out = []
    for p in problems:
        m = p.message
        inner = m.fields.get("message") if getattr(m, "key", None) == "key_at" else m
        if getattr(inner, "key", None) == key:
            out.append(p.say(lang))
    return out


@pytest.mark.parametrize("lang, said", [
    ("en", "networks.co2.heat_pump_at_injection: the catalogue has no heat pump for CO2 (hot water has them, not "
           "steam, hydrogen or CO2)"),
    ("fr", "networks.co2.heat_pump_at_injection : le catalogue ne prévoit pas de pompe à chaleur pour la ressource "
           "CO2 (l'eau chaude en a"),
])
def test_a_heat_pump_on_a_co2_network_names_the_gas(lang, said):
    scen = _scenario(networks={"co2": {"heat_pump_at_injection": True}})
    got = _said(scen.warnings, "net_hp_injection_unused", lang)
    assert len(got) == 1 and said in got[0], got


@pytest.mark.parametrize("lang, said", [
    ("en", "leads only to places where nothing enters or leaves the CO2 network (no flow of CO2 there, nor of a "
           "resource it feeds"),
    ("fr", "(aucun flux de la ressource CO2 ni d'une ressource qu'elle alimente"),
])
def test_a_dead_end_corridor_names_the_gas(lang, said):
    """Corridor k1 runs from the emitter E to a warehouse W, which has no flow: it carries
    nothing (`io.netwarn.check_dead_ends`)."""
    sites = pd.DataFrame({"site_id": ["E", "T", "W"], "name": ["Steelworks", "Terminal", "Warehouse"],
                          "lat": [51.03, 51.03 + 3 * KM, 51.03 + KM], "lon": [2.3, 2.3, 2.3]})
    cor = pd.DataFrame({"corridor_id": ["k1"], "resource": ["co2"], "from": ["E"], "to": ["W"], "length_km": ["1"]})
    scen = _scenario(sites=sites, corridors=cor, networks={"co2": {}})
    got = _said(scen.warnings, "net_corridor_dead_end", lang)
    assert len(got) == 1 and said in got[0], got


@pytest.mark.parametrize("lang, said", [
    ("en", "beyond the 100 km reach of CO2 (max_distance_km)"),
    ("fr", "au-delà de la portée de la ressource CO2 (100 km, max_distance_km)"),
])
def test_a_corridor_beyond_the_reach_names_the_gas(lang, said):
    """A corridor E-F without its length, F 150 km north: beyond CO2's 100 km (resources.yaml)
    even as the crow flies."""
    sites = pd.DataFrame({"site_id": ["E", "T", "F"], "name": ["Steelworks", "Terminal", "Far terminal"],
                          "lat": [51.03, 51.03 + 3 * KM, 51.03 + 150 * KM], "lon": [2.3, 2.3, 2.3]})
    flows = pd.DataFrame({"flow_id": ["e", "t", "f"], "site_id": ["E", "T", "F"],
                          "direction": ["supply", "demand", "demand"], "resource": "co2",
                          "amount": [10000.0, 50000.0, 1000.0], "unit": "t/yr", "price_eur_per_unit": [60.0, 0.0, 0.0]})
    cor = pd.DataFrame({"corridor_id": ["k1"], "resource": ["co2"], "from": ["E"], "to": ["F"], "length_km": [""]})
    scen = _scenario(sites=sites, flows=flows, corridors=cor, networks={"co2": {}})
    got = _said(scen.warnings, "net_corridor_far", lang)
    assert len(got) == 1 and said in got[0], got


@pytest.mark.parametrize("lang, said", [
    ("en", "networks.co2.temperature_c: CO2 has no temperature rule (hydrogen has purity and pressure"),
    ("fr", "networks.co2.temperature_c : la ressource CO2 n'a pas de règle de température"),
])
def test_a_temperature_on_a_co2_network_names_the_gas(lang, said):
    with pytest.raises(ScenarioError) as got:
        _scenario(networks={"co2": {"temperature_c": 60.0}})
    msgs = _said(got.value.problems, "net_no_temperature_rule", lang)
    assert len(msgs) == 1 and said in msgs[0], msgs


@pytest.mark.parametrize("lang, said", [
    ("en", "is 1,000 times the catalogue's 0.1 for CO2: a factor in kgCO2 per t"),
    ("fr", "c'est 1 000 fois les 0,1 du catalogue pour CO2"),
])
def test_a_co2_factor_in_kg_names_the_gas(lang, said):
    """E's CO2 factor of 100 tCO2/t: 100 / 0.1 (resources.yaml's co2) = 1,000 times, kg meant."""
    flows = pd.DataFrame({"flow_id": ["e", "t"], "site_id": ["E", "T"], "direction": ["supply", "demand"],
                          "resource": "co2", "amount": [10000.0, 50000.0], "unit": "t/yr",
                          "price_eur_per_unit": [60.0, 0.0], "co2_factor_t_per_unit": [100.0, np.nan]})
    got = _said(_scenario(flows=flows).warnings, "val_co2_in_kg", lang)
    assert len(got) == 1 and said in got[0].replace("\u202f", " ").replace("\xa0", " "), got


@pytest.mark.parametrize("lang, several, wrong", [
    ("en", "E has 2 supply flows of CO2: say which one", "'t' is not a supply flow of CO2 at E"),
    ("fr", "E a 2 offres en CO2 : indiquez laquelle", "'t' n'est pas une offre en CO2 sur E"),
])
def test_links_csv_names_the_gas_of_a_site_with_two_flows(lang, several, wrong):
    """E has two CO2 supplies (e1, e2): a links.csv row from E without supply_flow_id does not
    say which (`link_several_supply`), a row naming the terminal's flow t names no supply of E
    (`link_not_supply`)."""
    flows = pd.DataFrame({"flow_id": ["e1", "e2", "t"], "site_id": ["E", "E", "T"],
                          "direction": ["supply", "supply", "demand"], "resource": "co2",
                          "amount": [10000.0, 5000.0, 50000.0], "unit": "t/yr", "price_eur_per_unit": [60.0, 60.0, 0.0]})
    links = pd.DataFrame({"source_site": ["E", "E"], "sink_site": ["T", "T"], "supply_resource": ["co2", "co2"],
                          "supply_flow_id": ["", "t"]})
    with pytest.raises(ScenarioError) as got:
        eitflow.scenario_from_frames(pd.DataFrame({"site_id": ["E", "T"], "name": ["Steelworks", "Terminal"],
                                                   "lat": [51.03, 51.03 + 3 * KM], "lon": [2.3, 2.3]}), flows, links=links)
    probs = got.value.problems
    assert [s for s in _said(probs, "link_several_supply", lang) if several in s]
    assert [s for s in _said(probs, "link_not_supply", lang) if wrong in s]
