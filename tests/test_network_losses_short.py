"""A user a steam network leaves short by exactly what its pipe loses: `eitflow explain` and
unmatched.csv name the losses, with the figure.

By hand. A boiler house (Chaufferie, S) offers 10,000 MWh/yr of steam at 200 degC for nothing; a
dairy (Laiterie, D) 0.8 km away asks 10,000 MWh/yr at 150 degC and pays 50 EUR/MWh. The only way
is the steam network (180 degC) along corridor c1, 0.8 km: a direct link is out of range
(max_distance_km 0.01). The catalogue's steam sizes carry capacity x 8,760 x 0.7 (load factor):
DN80 1.38 MW -> 8,462.16 MWh/yr, too small for 10,000; DN100 2.32 MW -> 14,225.76, the size built.
A DN100 loses 55.5 W/m whatever it carries: 55.5 W/m x 800 m x 8,760 h = 388,944,000 Wh =
388.944 MWh/yr. The boiler house puts in all it has, 10,000 MWh/yr, as much as the dairy asks,
and the dairy gets 10,000 - 388.944 = 9,611.056: short by 388.944, the loss.

Before, unmatched.csv said 'capacity_used: every viable partner's amount (or the link capacity) is
used by the chosen exchanges' and explain only 'Laiterie (D) is connected to the steam network:
9,611.06 MWh/yr withdrawn from it'; nothing named the pipe's losses."""

from __future__ import annotations

import pandas as pd
import pytest

import eitflow
from eitflow.analyses.explain import explain
from eitflow.results.unmatched import with_french_detail

LOSS = 55.5 * 0.8 * 8.76   # W/m x km x 8.76 = MWh/yr: 388.944


def _result(supply: float):
    sites = pd.DataFrame({"site_id": ["S", "D"], "name": ["Chaufferie", "Laiterie"], "lat": [48.0, 48.0],
                          "lon": [2.0, 2.01]})
    flows = pd.DataFrame({"flow_id": ["s", "d"], "site_id": ["S", "D"], "direction": ["supply", "demand"],
                          "resource": "steam", "amount": [supply, 10000.0], "unit": "MWh/yr",
                          "temperature_c": [200.0, 150.0], "price_eur_per_unit": [0.0, 50.0]})
    corridors = pd.DataFrame({"corridor_id": ["c1"], "resource": "steam", "from": ["S"], "to": ["D"],
                              "length_km": [0.8]})
    scen = eitflow.scenario_from_frames(
        sites, flows, corridors=corridors, carbon_price_eur_per_t=0.0, max_distance_km={"steam": 0.01},
        networks={"steam": {"temperature_c": 180.0, "sizing": "discrete"}}, solver={"mip_gap": 1e-6})
    res = eitflow.optimise(scen)
    cor = res.statistics.corridors().set_index("corridor_id")
    assert cor.at["c1", "size"] == "DN100" and cor.at["c1", "loss"] == pytest.approx(LOSS, rel=1e-9)
    return res


def _plain(s: str) -> str:
    return s.replace("\u202f", " ").replace("\xa0", " ")


def test_unmatched_names_the_losses_of_a_user_short_by_exactly_them():
    res = _result(10000.0)
    um = res.unmatched.set_index("flow_id")
    assert list(um.index) == ["d"]   # the boiler house has nothing left
    assert um.at["d", "remaining"] == pytest.approx(LOSS, abs=1e-6)   # 10,000 - 9,611.056
    assert um.at["d", "reason"] == "capacity_used"
    # said at the report tables' precision (`i18n.amount`, words12): 388.944 -> 389
    assert um.at["d", "detail"] == (
        "the steam network's supplies have nothing left and put 10,000 MWh/yr into it, enough for what its users ask "
        "(10,000 MWh/yr), but its corridors lose 389 MWh/yr on the way, whatever they carry (c1: DN100, 0.8 km, "
        "389 MWh/yr): its users are 389 MWh/yr short in all")
    fr = _plain(with_french_detail(um.reset_index()).set_index("flow_id").at["d", "detail_fr"])
    assert fr == (
        "les offres du réseau de vapeur n'ont plus rien et y injectent 10 000 MWh/an, de quoi couvrir ce que "
        "demandent ses utilisateurs (10 000 MWh/an), mais ses tronçons perdent 389 MWh/an en chemin, quoi qu'ils "
        "transportent (c1 : DN100, 0,8 km, 389 MWh/an) : il manque 389 MWh/an à ses utilisateurs en tout"), fr


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_explain_names_the_losses_after_what_the_user_withdraws(lang):
    """10,200 MWh/yr offered: 200 more than asked, less than the 388.944 lost. The dairy gets
    10,200 - 388.944 = 9,811.056, short by 10,000 + 388.944 - 10,200 = 188.944."""
    res = _result(10200.0)
    ex = explain(res.scenario, res, flow_id="d", lang=lang)
    top = ex[ex["rank"] == 0]
    assert top["rule"].tolist() == ["matched", "capacity_used"], top[["rule", "detail"]].to_dict("records")
    assert top["remaining"].iat[0] == pytest.approx(188.944, abs=1e-6)
    said = _plain(top["detail"].iat[1])
    if lang == "en":
        assert said == (
            "the steam network's supplies have nothing left and put 10,200 MWh/yr into it, enough for what its users "
            "ask (10,000 MWh/yr), but its corridors lose 389 MWh/yr on the way, whatever they carry (c1: DN100, "
            "0.8 km, 389 MWh/yr): its users are 189 MWh/yr short in all"), said
    else:
        assert said == (
            "les offres du réseau de vapeur n'ont plus rien et y injectent 10 200 MWh/an, de quoi couvrir ce que "
            "demandent ses utilisateurs (10 000 MWh/an), mais ses tronçons perdent 389 MWh/an en chemin, quoi "
            "qu'ils transportent (c1 : DN100, 0,8 km, 389 MWh/an) : il manque 189 MWh/an à ses utilisateurs "
            "en tout"), said


def test_a_user_short_because_the_supply_is_short_is_not_told_of_losses():
    """9,000 MWh/yr offered, less than the 10,000 asked before any loss: the supply is the limit,
    not the pipe (the dairy gets 9,000 - 388.944 = 8,611.056; the losses are not its reason)."""
    res = _result(9000.0)
    um = res.unmatched.set_index("flow_id")
    assert um.at["d", "remaining"] == pytest.approx(10000 - (9000 - LOSS), abs=1e-6)
    assert "lose" not in um.at["d", "detail"], um.at["d", "detail"]
    ex = explain(res.scenario, res, flow_id="d")
    assert not ex["detail"].str.contains("on the way").any(), ex[["rule", "detail"]].to_dict("records")
