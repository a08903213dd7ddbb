"""explain of a demand the network reaches but does not serve, where what holds it back is
the heat, not the corridors.

An incinerator sells its heat at 25 EUR/MWh (price -25: it is paid for it); a firm A 1 km away
takes 4,000 MWh/yr at 60 EUR/MWh; a farm F 3 km beyond A wants 300 MWh/yr at 60 EUR/MWh,
along an existing DN50 pipe (no investment), which loses 22.7 W/m x 3 km x 8.76 = 596.6 MWh/yr
while in service. The optimum leaves F out: its 300 MWh/yr and the 596.6 lost on the way cost
25 x 896.6 = 22,414 EUR/yr, more than F's 18,000. explain said 'connected, it would bring
13,185 EUR/yr ... before the corridors to it, which cost more': the corridor to F costs
nothing, and the heat's price was said nowhere.
"""
from __future__ import annotations

import pandas as pd
import pytest

import eitflow
from eitflow.analyses.explain import explain

CRF = 0.05 / (1 - 1.05 ** -20)


def _scenario(heat_price: float):
    sites = pd.DataFrame({"site_id": ["INC", "A", "F"], "name": ["Incinérateur", "Entreprise A", "Ferme"],
                          "lat": [48.0, 48.0, 48.0], "lon": [2.0, 2.01, 2.04]})
    flows = pd.DataFrame({"flow_id": ["inc", "a", "f"], "site_id": ["INC", "A", "F"],
                          "direction": ["supply", "demand", "demand"], "resource": "heat",
                          "amount": [20000.0, 4000.0, 300.0], "unit": "MWh/yr", "temperature_c": [110.0, 70.0, 70.0],
                          "price_eur_per_unit": [-heat_price, 60.0, 60.0]})
    corridors = pd.DataFrame({"corridor_id": ["ia", "af"], "resource": "heat", "from": ["INC", "A"], "to": ["A", "F"],
                              "length_km": [1.0, 3.0], "existing": [False, True], "size": ["", "DN50"]})
    return eitflow.scenario_from_frames(
        sites, flows, corridors=corridors, carbon_price_eur_per_t=0.0, discount_rate=0.05, lifetime_years=20.0,
        max_distance_km={"heat": 0.01}, networks={"heat": {"temperature_c": 90.0, "sizing": "discrete"}},
        solver={"mip_gap": 1e-6})


def _row(scen, lang="en"):
    res = eitflow.optimise(scen)
    assert res.matches["sink_site"].tolist().count("F") == 0   # F is left out
    e = explain(scen, res, flow_id="f", lang=lang)
    row = e[e["rule"] == "network_not_selected"]
    assert len(row) == 1
    return row.iloc[0]


def test_the_heat_s_price_is_said_where_it_holds_a_demand_back():
    """By hand: F's connection alone brings 60 x 300 - 60,000 x CRF = 13,185.44 EUR/yr; the
    network's heat costs at least 25 EUR/MWh (the incinerator's price, its only supply), so
    after the 300 MWh/yr it takes, 13,185.44 - 7,500 = 5,685.44 EUR/yr, before the heat the pipe
    to it loses."""
    row = _row(_scenario(25.0))
    best = 60 * 300 - 60000 * CRF
    assert best == pytest.approx(13_185.44, abs=0.01)
    assert row["best_case_eur_per_yr"] == pytest.approx(best, abs=0.01)
    d = row["detail"]
    assert "13,185 EUR/yr at full use" in d, d
    assert "5,685 EUR/yr after the heat it would take from the network, which costs at least 25.00 EUR/MWh " \
           "at its supplies" in d, d
    assert "the heat they lose on the way" in d, d
    fr = _row(_scenario(25.0), "fr")["detail"]
    assert "5\u202f685 €/an après ce qu'il prendrait au réseau (chaleur), qui coûte au moins 25,00 €/MWh chez ses " \
           "fournisseurs, avant les tronçons pour y aller et ce qu'ils perdent en chemin (chaleur)" in fr, fr


def test_free_heat_is_not_said_to_cost():
    """Heat the incinerator gives away (price 0) costs the network nothing: no such clause, and
    F (whose 3 km DN50 loses 596.6 MWh/yr, free) is then served."""
    res = eitflow.optimise(_scenario(0.0))
    assert "F" in res.matches["sink_site"].tolist()
