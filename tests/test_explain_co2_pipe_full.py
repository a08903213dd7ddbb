"""`eitflow explain` of a CO2 emitter held back by a full pipe names the corridor, its capacity in
t/yr and that it is full (the hot-water case: tests/test_network_largest_size_full.py).

By hand. A cement works (Cimenterie, E) emits 1,000,000 t/yr of CO2; greenhouses (Serres, G) 1 km
away buy 900,000 t/yr at 60 EUR/t; the only way is the CO2 network along corridor c1 (a truck is
out of range: max_distance_km 0.01).
- c1 to build on the catalogue's sizes: the largest, DN300, is 111 t/h rated, 111 x 8,760 x 0.7
  (load factor) = 680,652 t/yr; the emitter has 1,000,000 - 680,652 = 319,348 t/yr left.
- c1 an existing pipe of 500,000 t/yr rated: 500,000 x 0.7 = 350,000 t/yr; 650,000 left.
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
                          "resource": "co2", "amount": [1000000.0, 900000.0], "unit": "t/yr",
                          "price_eur_per_unit": [0.0, 60.0]})
    cor = pd.DataFrame({"corridor_id": ["c1"], "resource": "co2", "from": ["E"], "to": ["G"], "length_km": [1.0]})
    if existing:
        cor = cor.assign(existing=True, capacity=500000.0, unit="t/yr")
    return eitflow.optimise(eitflow.scenario_from_frames(
        sites, flows, corridors=cor, carbon_price_eur_per_t=0.0, max_distance_km={"co2": 0.01},
        networks={"co2": {"sizing": "discrete"}}, solver={"mip_gap": 1e-6}))


@pytest.mark.parametrize("existing, left, said_en, said_fr", [
    (False, 1000000 - 111 * 8760 * 0.7,
     "the CO2 network's corridors out of Cimenterie (E) carry all they can, those to build at the largest size they "
     "may have (c1: 111 t/h rated, 680,652 t/yr at load factor 0.7)",
     "les tronçons du réseau de CO2 qui partent du site Cimenterie (E) transportent tout ce qu'ils peuvent, ceux à "
     "construire au plus gros diamètre qu'ils peuvent avoir (c1 : 111 t/h nominal, 680 652 t/an au facteur de "
     "charge 0,7)"),
    (True, 1000000 - 500000 * 0.7,
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
