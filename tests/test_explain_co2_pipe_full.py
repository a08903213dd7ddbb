"""`eitflow explain` of a CO2 emitter held back by a full pipe names the corridor, its capacity in
t/yr and that it is full (the hot-water case: tests/test_network_largest_size_full.py).

By hand. A cement works (Cimenterie, E) emits 4,000,000 t/yr of CO2; greenhouses (Serres, G) 1 km
away buy 3,600,000 t/yr at 60 EUR/t; the only way is the CO2 network along corridor c1 (a truck is
out of range: max_distance_km 0.01).
- c1 to build on the catalogue's sizes, rated in dense phase (800 kg/m3 at 2 m/s): the largest,
  DN300 (312.7 mm inside), carries pi x 0.3127^2 / 4 = 0.0767972 m2 x 800 x 2 = 122.876 kg/s =
  442.352 t/h rated, 442.352 x 8,760 x 0.7 (load factor) = 2,712,503 t/yr; the emitter has
  4,000,000 - 2,712,503 = 1,287,497 t/yr left.
- c1 an existing pipe of 500,000 t/yr rated: 500,000 x 0.7 = 350,000 t/yr; 3,650,000 left.
No CO2 pipe loses any (loss 0), so the greenhouses get what the emitter puts in."""

from __future__ import annotations

import pandas as pd
import pytest

import eitflow
from eitflow.analyses.explain import explain


def _result(existing: bool):
    sites = pd.DataFrame({"site_id": ["E", "G"], "name": ["Cimenterie", "Serres"], "lat": [48.0, 48.0],
                          "lon": [2.0, 2.01]})
    flows = pd.DataFrame({"flow_id": ["e", "g"], "site_id": ["E", "G"], "direction": ["supply", "demand"],
                          "resource": "co2", "amount": [4000000.0, 3600000.0], "unit": "t/yr",
                          "price_eur_per_unit": [0.0, 60.0]})
    cor = pd.DataFrame({"corridor_id": ["c1"], "resource": "co2", "from": ["E"], "to": ["G"], "length_km": [1.0]})
    if existing:
        cor = cor.assign(existing=True, capacity=500000.0, unit="t/yr")
    return eitflow.optimise(eitflow.scenario_from_frames(
        sites, flows, corridors=cor, carbon_price_eur_per_t=0.0, max_distance_km={"co2": 0.01},
        networks={"co2": {"sizing": "discrete"}}, solver={"mip_gap": 1e-6}))


@pytest.mark.parametrize("existing, left, said_en, said_fr", [
    (False, 4000000 - 800 * 2 * 3.141592653589793 * 0.3127 ** 2 / 4 * 3.6 * 8760 * 0.7,
     "the CO2 network's corridors out of Cimenterie (E) carry all they can, those to build at the largest size they "
     "may have (c1: 442.352 t/h rated, 2,712,503 t/yr at load factor 0.7)",
     "les tronçons du réseau de CO2 qui partent du site Cimenterie (E) transportent tout ce qu'ils peuvent, ceux à "
     "construire au plus gros diamètre qu'ils peuvent avoir (c1 : 442,352 t/h nominal, 2 712 503 t/an au facteur de "
     "charge 0,7)"),
    (True, 4000000 - 500000 * 0.7,
     "the CO2 network's existing pipes out of Cimenterie (E) carry their whole capacity (c1: 500,000 t/yr rated, "
     "350,000 t/yr at load factor 0.7)",
     "les canalisations existantes du réseau de CO2 qui partent du site Cimenterie (E) transportent toute leur "
     "capacité (c1 : 500 000 t/an nominal, 350 000 t/an au facteur de charge 0,7)"),
])
def test_explain_names_the_full_pipe_holding_back_a_co2_emitter(existing, left, said_en, said_fr):
    res = _result(existing)
    for lang, said in (("en", said_en), ("fr", said_fr)):
        ex = explain(res.scenario, res, flow_id="e", lang=lang)
        top = ex[ex["rank"] == 0]
        assert top["rule"].tolist() == ["capacity_used"], top[["rule", "detail"]].to_dict("records")
        assert top["remaining"].iat[0] == pytest.approx(left, abs=1e-3)
        detail = top["detail"].iat[0].replace("\u202f", " ").replace("\xa0", " ")
        assert detail.startswith(said), detail
