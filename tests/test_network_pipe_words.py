"""Words of hydrogen and CO2 pipelines (issue #15) a colleague found wrong: the figures of
`explain` and unmatched.csv about a network's emitters and pipes, the size of an existing pipe,
a flow put at a junction, a heat pump refused for its COP. Figures by hand in each docstring."""

from __future__ import annotations

import pandas as pd

import eitflow
from eitflow.analyses.explain import explain

KM = 1 / 111.195   # degrees of latitude per km (haversine's Earth)


def test_an_idle_co2_emitter_is_told_what_its_own_tonnes_would_bring():
    """A CO2 collection network: the steelworks E1 (30,000 t/yr) 1 km from the storage
    terminal T (50,000 t/yr, paid 20 EUR/t), the lime kiln E2 (3,000 t/yr) 19 km away on its
    own corridor k2. The plan builds k1 only: E2's 3,000 t/yr x 20 EUR/t = 60,000 EUR/yr do
    not cover 19 km of pipe (the smallest, DN50, alone costs 19,000 m x several hundred EUR/m
    x ~0.1/yr, over 500,000 EUR/yr). explain said of E2 'what the 20,000 t/yr left would pay',
    the terminal's room left (50,000 - 30,000), as if the kiln had it; the kiln has 3,000 t/yr,
    nothing of it used elsewhere: it could bring min(20,000, 3,000) = 3,000 t/yr."""
    sites = pd.DataFrame({"site_id": ["E1", "E2", "T"], "name": ["Steelworks", "Lime kiln", "Terminal"],
                          "lat": [51.03, 51.03 + 20 * KM, 51.03 + KM], "lon": [2.3, 2.3, 2.3]})
    flows = pd.DataFrame({"flow_id": ["e1", "e2", "t"], "site_id": ["E1", "E2", "T"],
                          "direction": ["supply", "supply", "demand"], "resource": "co2",
                          "amount": [30000.0, 3000.0, 50000.0], "unit": "t/yr",
                          "price_eur_per_unit": [0.0, 0.0, 20.0], "max_distance_km": 0.1})
    cor = pd.DataFrame({"corridor_id": ["k1", "k2"], "resource": ["co2"] * 2, "from": ["E1", "E2"], "to": ["T", "T"],
                        "length_km": ["1", "19"]})
    scen = eitflow.scenario_from_frames(sites, flows, corridors=cor, networks={"co2": {}})
    res = eitflow.optimise(scen)
    assert res.statistics.corridors()["corridor_id"].tolist() == ["k1"]
    for lang, said in (("en", "other supplies in the plan serve 30,000 t/yr (Steelworks (E1) 30,000 t/yr); what "
                               "they would pay for the 3,000 t/yr it could bring them (of the 20,000 t/yr they have "
                               "left) does not cover its connection"),
                       ("fr", "d'autres offres du plan servent 30\u202f000 t/an (Steelworks (E1) 30\u202f000 t/an) ; "
                              "ce qu'elles paieraient pour les 3\u202f000 t/an qu'il pourrait leur apporter (sur les "
                              "20\u202f000 t/an qui leur restent) ne couvre pas son raccordement")):
        ex = explain(scen, res, "e2", lang=lang)
        row = ex[ex["rank"] == 0].iloc[0]
        assert row["rule"] == "network_not_selected"
        assert said in str(row["detail"]), str(row["detail"])
