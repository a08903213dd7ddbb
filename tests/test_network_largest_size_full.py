"""unmatched.csv of a flow held back by a new corridor built at the catalogue's largest pipe size
and carrying all it can: its reason is the pipe, not 'no further exchange raises the objective'.

An incinerator (500,000 MWh/yr) and a heat user 1 km away wanting 400,000 MWh/yr at 50 EUR/MWh:
the only corridor is built DN400, the largest hot-water size, 58.9 MW rated, which carries
58.9 x 8,760 x 0.5 (load factor) = 257,982 MWh/yr. It loses 52.7 W/m x 1 km x 8.76 = 461.652
MWh/yr, half drawn at each end, so the user gets 257,982 - 230.826 = 257,751.174 MWh/yr and
142,248.826 are left; the incinerator injects 258,212.826 and has 241,787.174 left. Both were
said 'not_selected: 1 viable partner with amount left, but no further exchange raises the
objective (fixed costs not covered ...)', though each further MWh would bring 50 EUR.
"""
from __future__ import annotations

import pandas as pd
import pytest

import eitflow


def _scenario(demand: float = 400000.0, min_amount: float = 0.0):
    sites = pd.DataFrame({"site_id": ["INC", "A"], "name": ["Incinérateur", "Lycée"], "lat": [48.0, 48.0],
                          "lon": [2.0, 2.01]})
    flows = pd.DataFrame({"flow_id": ["inc", "a"], "site_id": ["INC", "A"], "direction": ["supply", "demand"],
                          "resource": "heat", "amount": [500000.0, demand], "unit": "MWh/yr",
                          "temperature_c": [110.0, 70.0], "price_eur_per_unit": [0.0, 50.0],
                          "min_amount": [0.0, min_amount]})
    corridors = pd.DataFrame({"corridor_id": ["c1"], "resource": "heat", "from": ["INC"], "to": ["A"],
                              "length_km": [1.0]})
    return eitflow.scenario_from_frames(
        sites, flows, corridors=corridors, carbon_price_eur_per_t=0.0, max_distance_km={"heat": 0.01},
        networks={"heat": {"temperature_c": 90.0, "sizing": "discrete"}}, solver={"mip_gap": 1e-6})


def test_a_user_behind_the_largest_pipe_is_told_the_pipe_is_full():
    res = eitflow.optimise(_scenario())
    cor = res.statistics.corridors().set_index("corridor_id")
    assert cor.at["c1", "size"] == "DN400"
    assert cor.at["c1", "flow"] == pytest.approx(58.9 * 8760 * 0.5, rel=1e-9)      # 257,982
    um = res.unmatched.set_index("flow_id")
    assert um.at["a", "remaining"] == pytest.approx(400000 - (257982 - 461.652 / 2), abs=1e-3)
    assert um.at["inc", "remaining"] == pytest.approx(500000 - (257982 + 461.652 / 2), abs=1e-3)
    assert um.at["a", "reason"] == "capacity_used", um.loc["a"].to_dict()
    assert ("the heat network's corridors into Lycée (A) carry all they can, those to build at the largest size "
            "they may have (c1: 58.9 MW rated, 257,982 MWh/yr at load factor 0.5)") in um.at["a", "detail"]
    assert um.at["inc", "reason"] == "capacity_used", um.loc["inc"].to_dict()
    assert "corridors out of Incinérateur (INC) carry all they can" in um.at["inc", "detail"]
    # in French, 'de' before a vowel would elide ('d'Incinérateur'): the site is said 'du site ...'
    from eitflow.results.unmatched import with_french_detail

    fr = with_french_detail(um.reset_index()).set_index("flow_id").at["inc", "detail_fr"]
    assert "les tronçons du réseau de chaleur qui partent du site Incinérateur (INC) transportent tout ce " \
           "qu'ils peuvent" in fr, fr


def test_a_user_the_pipe_serves_in_full_is_not_said_held():
    """300,000 MWh/yr wanted, the DN400 carries 257,982: held back likewise; 200,000: served in
    full (DN250 carries 20.5 x 4,380 = 89,790, DN300 141,474, DN350 181,770: DN400 again, with
    room), so the user has nothing left and the incinerator's heat is left for want of users."""
    um = eitflow.optimise(_scenario(200000.0)).unmatched.set_index("flow_id")
    assert "a" not in um.index
    assert "carry all they can" not in um.at["inc", "detail"]


def test_a_supply_whose_only_user_asks_more_than_the_pipes_carry():
    """The user asks at least 300,000 MWh/yr (min_amount) of a corridor whose largest size carries
    257,982: it cannot connect (min_amount, said of it), and nothing is exchanged at all. The
    incinerator read 'capacity_used: every viable partner's amount (or the link capacity) is used
    by the chosen exchanges', though no exchange was chosen; it is told its network's only user
    asks more than the corridors carry."""
    res = eitflow.optimise(_scenario(min_amount=300000.0))
    assert res.objective == pytest.approx(0.0, abs=1e-6) and not len(res.matches)
    um = res.unmatched.set_index("flow_id")
    assert um.at["a", "reason"] == "min_amount", um.loc["a"].to_dict()
    assert um.at["inc", "reason"] == "min_amount", um.loc["inc"].to_dict()
    assert ("the heat network's only users cannot take from it: their minimum amount is more than its corridors "
            "can carry (Lycée (A))") in um.at["inc", "detail"], um.at["inc", "detail"]


def test_a_minimum_above_what_the_pipes_carry_month_by_month():
    """The same user with a monthly profile, a tenth of its 400,000 MWh/yr in eight months
    (40,000) and a twentieth in four (20,000), and a minimum of 300,000. A DN400 carries 58.9 x
    8,760 x 0.5 / 12 = 21,498.5 MWh a month: at most 8 x 21,498.5 + 4 x 20,000 = 251,988 MWh/yr
    reach it (the year's 257,982 would not say so). Both read 'not_selected: ... no further
    exchange raises the objective' (the check was the year's only)."""
    prof = ";".join(["0.1"] * 5 + ["0.05"] * 4 + ["0.1"] * 3)
    scen = _scenario(min_amount=300000.0)
    flows = scen.flows.copy()
    sc = eitflow.scenario_from_frames(
        scen.sites, flows.assign(monthly_profile=["", prof]), corridors=scen.corridors,
        carbon_price_eur_per_t=0.0, max_distance_km={"heat": 0.01},
        networks={"heat": {"temperature_c": 90.0, "sizing": "discrete"}}, solver={"mip_gap": 1e-6})
    res = eitflow.optimise(sc)
    assert res.objective == pytest.approx(0.0, abs=1e-6) and not len(res.matches)
    um = res.unmatched.set_index("flow_id")
    assert um.at["a", "reason"] == "min_amount", um.loc["a"].to_dict()
    assert ("its minimum amount, 300,000 MWh/yr, is more than all the heat network's corridors at Lycée (A) can "
            "carry in a year, month by month as its profile has some (251,988 MWh/yr; c1: 58.9 MW rated, "
            f"{58.9 * 8760 * 0.5 / 12:,.0f} MWh a month at load factor 0.5)") in um.at["a", "detail"], um.at["a", "detail"]
    assert um.at["inc", "reason"] == "min_amount", um.loc["inc"].to_dict()
    from eitflow.results.unmatched import with_french_detail

    fr = with_french_detail(um.reset_index()).set_index("flow_id").at["a", "detail_fr"]
    assert "dépasse ce que peuvent transporter en un an, mois par mois selon son profil" in fr, fr
    assert "(251 988 MWh/an ; c1 : 58,9 MW nominal" in fr.replace("\u202f", " ").replace("\xa0", " "), fr


@pytest.mark.parametrize("monthly", [False, True])
def test_explain_says_the_supplys_only_user_asks_more_than_the_pipes_carry(monthly):
    """`eitflow explain` of the incinerator (the user asks at least 300,000 MWh/yr, the DN400
    carries 257,982 in a year, 251,988 with the monthly profile above) said 'network_not_selected:
    ... what they would pay does not cover its connection and the corridors to them', where
    unmatched.csv says its network's only user asks more than the corridors carry: now both."""
    from eitflow.analyses.explain import explain

    scen = _scenario(min_amount=300000.0)
    if monthly:
        prof = ";".join(["0.1"] * 5 + ["0.05"] * 4 + ["0.1"] * 3)
        scen = eitflow.scenario_from_frames(
            scen.sites, scen.flows.assign(monthly_profile=["", prof]), corridors=scen.corridors,
            carbon_price_eur_per_t=0.0, max_distance_km={"heat": 0.01},
            networks={"heat": {"temperature_c": 90.0, "sizing": "discrete"}}, solver={"mip_gap": 1e-6})
    res = eitflow.optimise(scen)
    ex = explain(res.scenario, res, flow_id="inc")
    top = ex[ex["rank"] == 0]
    assert "network_not_selected" not in top["rule"].tolist(), top[["rule", "detail"]].to_dict("records")
    said = top.loc[top["rule"] == "min_amount", "detail"].astype(str).tolist()
    assert ["the heat network's only users cannot take from it: their minimum amount is more than its corridors "
            "can carry (Lycée (A))"] == said, top[["rule", "detail"]].to_dict("records")
