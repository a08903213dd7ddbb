"""A user a steam network leaves short in winter only, by what its pipe loses then: `explain` and
unmatched.csv name the losses of those months (`results.netloss`, month by month).

By hand. The steam network of `test_network_losses_short` (a boiler house S, a dairy D 0.8 km
away along corridor c1, no direct link), now with monthly profiles. The boiler house offers
12,000 MWh/yr flat: 1,000 MWh a month. The dairy asks 2,000 MWh/yr, half in January and half in
December: 1,000 MWh in each, the boiler's whole month. At its busiest month the pipe carries
1,000 MWh, 12,000 MWh/yr at a yearly rate: DN80 (8,462.16 MWh/yr) is too small, DN100
(14,225.76) is built. A DN100 loses 55.5 W/m x 800 m x 8,760 h = 388.944 MWh/yr, 32.412 MWh a
month, in every month (the boiler can feed the pipe all year). In January and December the boiler
puts in its 1,000 MWh, the dairy gets 1,000 - 32.412 = 967.588: short by 32.412 in each, 64.824
MWh/yr in all. The boiler has heat left from February to November (the pipe's 32.412 a month
aside), so the year's test (its supplies have nothing left) never held: the dairy's shortfall
was not put down to the losses."""

from __future__ import annotations

import pandas as pd
import pytest

import eitflow
from eitflow.analyses.explain import explain
from eitflow.results.unmatched import with_french_detail

MONTH_LOSS = 55.5 * 0.8 * 8.76 / 12   # 388.944 / 12 = 32.412 MWh a month
FLAT = ";".join(["0.0833333333"] * 11 + ["0.0833333337"])
WINTER = ";".join(["0.5"] + ["0"] * 10 + ["0.5"])   # January and December


def _result():
    sites = pd.DataFrame({"site_id": ["S", "D"], "name": ["Chaufferie", "Laiterie"], "lat": [48.0, 48.0],
                          "lon": [2.0, 2.01]})
    flows = pd.DataFrame({"flow_id": ["s", "d"], "site_id": ["S", "D"], "direction": ["supply", "demand"],
                          "resource": "steam", "amount": [12000.0, 2000.0], "unit": "MWh/yr",
                          "temperature_c": [200.0, 150.0], "price_eur_per_unit": [0.0, 200.0],
                          "monthly_profile": [FLAT, WINTER]})
    corridors = pd.DataFrame({"corridor_id": ["c1"], "resource": "steam", "from": ["S"], "to": ["D"],
                              "length_km": [0.8]})
    scen = eitflow.scenario_from_frames(
        sites, flows, corridors=corridors, carbon_price_eur_per_t=0.0, max_distance_km={"steam": 0.01},
        networks={"steam": {"temperature_c": 180.0, "sizing": "discrete"}}, solver={"mip_gap": 1e-6})
    res = eitflow.optimise(scen)
    cor = res.statistics.corridors().set_index("corridor_id")
    assert cor.at["c1", "size"] == "DN100" and cor.at["c1", "loss"] == pytest.approx(12 * MONTH_LOSS, rel=1e-9)
    return res


def _plain(s: str) -> str:
    return s.replace("\u202f", " ").replace("\xa0", " ")


def test_a_user_short_in_winter_only_is_told_of_the_losses_of_those_months():
    res = _result()
    um = res.unmatched.set_index("flow_id")
    # said at the report tables' precision (`i18n.amount`, words12): 64.824 -> 64.8, 388.944 -> 389
    # 64.824, to the flat profile's rounding (its months are 0.0833333333 of the year, December
    # 0.0833333337: the boiler's 12,000 x 4e-10 x ... is 4.4e-6 MWh off in December)
    assert um.at["d", "remaining"] == pytest.approx(2 * MONTH_LOSS, abs=1e-5)
    assert um.at["d", "detail"] == (
        "in January and December, the steam network's supplies have nothing left and put 2,000 MWh into it, enough "
        "for what its users ask then (2,000 MWh), but its corridors lose 64.8 MWh on the way in those months, "
        "whatever they carry (c1: DN100, 0.8 km, 389 MWh/yr over the year): its users are 64.8 MWh short in "
        "those months"), um.at["d", "detail"]
    fr = _plain(with_french_detail(um.reset_index()).set_index("flow_id").at["d", "detail_fr"])
    assert fr.startswith("en janvier et décembre, les offres du réseau de vapeur n'ont plus rien et y injectent "
                         "2 000 MWh"), fr
    assert "il manque 64,8 MWh à ses utilisateurs ces mois-là" in fr, fr


def test_explain_says_the_months_and_their_losses():
    res = _result()
    ex = explain(res.scenario, res, flow_id="d", lang="en")
    said = " ".join(ex.loc[ex["rank"] == 0, "detail"].astype(str))
    assert "in January and December" in said and "lose 64.8 MWh on the way" in said, said
    # the boiler house has heat left over the year (what the year's test looked at): 12,000 -
    # 2,000 (January, December) - 10 x 32.412 (the pipe's loss the other months) = 9,675.88
    used = res.solution.flow[res.candidates.links["source_site"].to_numpy() == "S"].sum()
    assert 12000 - used == pytest.approx(12000 - 2000 - 10 * MONTH_LOSS, abs=1e-4)
