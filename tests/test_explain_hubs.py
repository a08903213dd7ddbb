"""`explain` for a pair a hub connects (hubs.csv): a supply A and a demand B too far apart for
a direct link (radius) but both within reach of a hub H between them. The pair read `radius`
("too far") though the hub joins them; explain now says the route through H, its legs'
lengths, and whether the pair goes through it, or why not (the hub not built, at its capacity,
the route losing money), in English and in French. Values worked out by hand.

Geometry: on the equator, A at 1 deg E, H at 1.2, B at 1.4 (D 0.2 deg north of H); a great circle of 0.2 deg is
6371.0088 km x 0.2 x pi / 180 = 22.239 km (each leg), A-B 44.478 km, beyond the 30 km radius
of the resource; the hub's legs (22.2 km) are within it. The benchmark resource costs and
emits nothing by itself (detour factor 1, no transport cost), so a tonne through H is worth
A's price (disposal avoided) + B's price, less the hub's handling (none).
"""
from __future__ import annotations

import math

import pandas as pd
import pytest

from eitflow import optimise, scenario_from_frames
from eitflow.analyses.explain import explain
from eitflow.bench.instances import GOOD_RESOURCE

NB = "\u202f"   # the French thousands separator (CLDR): a narrow no-break space
LEG_KM = 6371.0088 * 0.2 * math.pi / 180   # 22.239 km
SITES = pd.DataFrame({"site_id": ["A", "B", "D"], "lat": [0.0, 0.0, 0.2], "lon": [1.0, 1.4, 1.2]})


def _scen(price_a=10.0, price_b=30.0, fixed=500.0, capacity=80.0, with_d=False):
    flows = pd.DataFrame({"flow_id": ["a", "b"], "site_id": ["A", "B"], "direction": ["supply", "demand"],
                          "resource": "good", "amount": [100.0, 100.0], "unit": "t/yr",
                          "price_eur_per_unit": [price_a, price_b]})
    if with_d:   # a second user D, 22.2 km north of H (31.4 km from A: no direct link), paying more
        flows = pd.concat([flows, pd.DataFrame({"flow_id": ["d"], "site_id": ["D"], "direction": ["demand"],
                                                "resource": "good", "amount": [100.0], "unit": "t/yr",
                                                "price_eur_per_unit": [50.0]})], ignore_index=True)
    hubs = pd.DataFrame({"hub_id": ["H"], "name": ["Plateforme"], "lat": [0.0], "lon": [1.2], "resources": ["good"],
                         "capacity": [capacity], "fixed_cost_eur_per_yr": [fixed]})
    return scenario_from_frames(SITES, flows, None, GOOD_RESOURCE, hubs=hubs, discount_rate=0.0, lifetime_years=1.0,
                                carbon_price_eur_per_t=0.0, max_distance_km={"good": 30},
                                solver={"mip_gap": 0})


def _row(res, flow_id, lang="en"):
    ex = explain(res.scenario, res, flow_id=flow_id, lang=lang)
    assert len(ex) == 1, ex   # one partner, no rank-0 row
    return ex.iloc[0]


def test_the_far_pair_has_no_direct_link_only_the_hubs_legs():
    res = optimise(_scen())
    lk = res.candidates.links
    assert set(lk["kind"]) == {"to_hub", "from_hub"}
    assert lk["distance_km"].to_numpy() == pytest.approx([LEG_KM, LEG_KM], rel=1e-6)


@pytest.mark.parametrize("flow_id, partner", [("b", "a"), ("a", "b")])
def test_a_pair_served_through_the_hub_is_matched_not_too_far(flow_id, partner):
    """Hub of 500 EUR/yr, capacity 80: 40 EUR/t x 80 t = 3,200 EUR/yr through it pays, so it is
    built and carries 80 t/yr from A to B. The pair read 'radius: 44.5 km great-circle, beyond
    the pair's 30 km'."""
    res = optimise(_scen())
    assert res.summary["objective"] == pytest.approx(40 * 80 - 500)
    r = _row(res, flow_id)
    assert r["partner_flow_id"] == partner and r["rule"] == "matched"
    assert r["great_circle_km"] == pytest.approx(2 * LEG_KM, rel=1e-6)
    assert r["route_km"] == pytest.approx(2 * LEG_KM, rel=1e-6)     # the two legs
    assert r["best_case_eur_per_yr"] == pytest.approx(40 * 80 - 500)
    assert r["detail"] == ("through hub Plateforme (H) (A → H 22.2 km, H → B 22.2 km): the exchange goes "
                           "through it: 80 t/yr enter the hub from the supply and 80 t/yr leave it for the demand")
    fr = _row(res, flow_id, "fr")
    assert fr["rule"] == "matched"
    assert fr["detail"] == ("par le hub Plateforme (H) (A → H 22,2 km, H → B 22,2 km) : l'échange passe par ce "
                            "hub : 80 t/an y entrent depuis l'offre et 80 t/an en sortent vers la demande")


def test_a_hub_whose_cost_the_route_does_not_cover_is_said_not_built():
    """Hub of 3,500 EUR/yr: the route brings at most 40 x 80 = 3,200 EUR/yr (the hub's capacity
    bounds it), less than the hub costs: not built, nothing exchanged. It would pass with a hub
    costing <= 3,200 EUR/yr; best case 3,200 - 3,500 = -300 EUR/yr."""
    res = optimise(_scen(fixed=3500.0))
    assert res.summary["counts"]["built_hubs"] == 0 and len(res.matches) == 0
    r = _row(res, "b")
    assert r["rule"] == "hub_not_built"
    assert r["detail"] == ("through hub Plateforme (H) (A → H 22.2 km, H → B 22.2 km): the hub is not built: with "
                           "what it could carry (80 t/yr) this route would bring 3,200 EUR/yr before the hub's annual "
                           "cost of 3,500 EUR/yr, which it does not cover")
    assert r["would_pass_if"] == "the hub's annual cost ≤ 3,200 EUR/yr"
    assert r["threshold"] == pytest.approx(3200)
    assert r["best_case_eur_per_yr"] == pytest.approx(-300)
    fr = _row(res, "b", "fr")
    assert fr["detail"] == ("par le hub Plateforme (H) (A → H 22,2 km, H → B 22,2 km) : le hub n'est pas construit : "
                            f"avec ce qu'il pourrait acheminer (80 t/an), ce trajet rapporterait 3{NB}200 €/an avant le coût "
                            f"annuel du hub, 3{NB}500 €/an, qu'il ne couvre pas")
    assert fr["would_pass_if"] == f"coût annuel du hub ≤ 3{NB}200 €/an"


def test_a_route_that_loses_money_even_without_the_hub_is_uneconomic():
    """A costs 20 EUR/t to take (price -20), B pays 15: -5 EUR/t through H, -400 EUR/yr on the 80
    t/yr the hub passes, before its 100 EUR/yr. B would need to pay 15 + (100 + 400) / 80 =
    21.25 EUR/t (then 1.25 x 80 = 100 covers the hub)."""
    res = optimise(_scen(price_a=-20.0, price_b=15.0, fixed=100.0))
    assert res.summary["counts"]["built_hubs"] == 0
    r = _row(res, "b")
    assert r["rule"] == "uneconomic"
    assert r["detail"] == ("through hub Plateforme (H) (A → H 22.2 km, H → B 22.2 km): the hub is not built, and "
                           "this route would lose 400 EUR/yr with what it could carry (80 t/yr) even before the hub's "
                           "annual cost of 100 EUR/yr")
    assert r["threshold"] == pytest.approx(21.25)
    assert r["would_pass_if"] == "this demand's price ≥ 21.2 EUR/t (now 15)"   # 3 significant digits


def test_a_hub_at_its_capacity_is_capacity_used_for_the_pair_it_leaves_out():
    """D pays 50 EUR/t, B 30: the hub's 80 t/yr all go A -> H -> D (60 x 80 - 500 = 4,300
    EUR/yr). A keeps 20 t/yr and B wants 100, but the hub is full: capacity_used, and the pair
    would pass with a hub of more than 80 t/yr."""
    res = optimise(_scen(with_d=True))
    got = res.matches.groupby("sink_site")["amount"].sum()
    assert got["H"] == pytest.approx(80) and got["D"] == pytest.approx(80) and "B" not in got
    r = _row(res, "b")
    assert r["rule"] == "capacity_used"
    assert r["detail"] == ("through hub Plateforme (H) (A → H 22.2 km, H → B 22.2 km): the hub is at its capacity "
                           "(80 t/yr), taken by D:d: 80 t/yr")
    assert r["would_pass_if"] == "the hub's capacity > 80 t/yr"
    assert r["threshold"] == pytest.approx(80)
    fr = _row(res, "b", "fr")
    assert fr["detail"].endswith("le hub est à sa capacité (80 t/an), prise par D:d : 80 t/an")


def _with_links(direct_fixed=3000.0):
    """links.csv gives the candidates: a direct link A -> B with a fixed cost of `direct_fixed`
    EUR/yr and the hub's legs A -> H, H -> B, H -> D (lengths computed: 22.2 km each)."""
    links = pd.DataFrame({"source_site": ["A", "A", "H", "H"], "sink_site": ["B", "H", "B", "D"],
                          "supply_resource": "good", "distance_km": float("nan"), "var_cost_eur_per_unit": 0.0,
                          "fixed_cost_eur_per_yr": [direct_fixed, 0.0, 0.0, 0.0]})
    scen = _scen(with_d=True)
    return scenario_from_frames(SITES, scen.flows.assign(amount=[100.0, 100.0, 100.0]), links, GOOD_RESOURCE,
                                hubs=scen.hubs.assign(resources="good"), discount_rate=0.0, lifetime_years=1.0,
                                carbon_price_eur_per_t=0.0, solver={"mip_gap": 0})


def test_a_pair_with_an_idle_direct_link_says_its_reason_and_the_hubs():
    """The direct link A -> B alone: 40 x 100 - 3,000 = 1,000 EUR/yr. The hub's 80 t/yr go A -> H
    -> D (60 x 80 - 500 = 4,300 EUR/yr); on A's 20 t/yr left the direct link would give 40 x 20 -
    3,000 = -2,200 EUR/yr (it would pass with a fixed cost <= 800), and the hub is full."""
    res = optimise(_with_links())
    assert res.summary["objective"] == pytest.approx(4300)
    r = _row(res, "b")
    assert r["rule"] == "not_selected"
    assert r["detail"] == ("viable link (best case 1,000 EUR/yr at full use), but with the amounts left (20 t/yr) it "
                           "would give -2,200 EUR/yr; and through hub Plateforme (H) (A → H 22.2 km, H → B 22.2 km): "
                           "the hub is at its capacity (80 t/yr), taken by D:d: 80 t/yr")
    assert r["threshold"] == pytest.approx(800)
    assert r["route_km"] == pytest.approx(2 * LEG_KM, rel=1e-6)   # the direct link's, A-B
    fr = _row(res, "b", "fr")
    assert " ; et par le hub Plateforme (H) (A → H 22,2 km, H → B 22,2 km) : le hub est à sa capacité" in fr["detail"]


def test_a_sites_own_pair_through_a_hub_is_same_site():
    """A (100 t/yr out, 100 t/yr in) and C (50 t/yr out) send to hub H, which serves only A:
    A takes out of H only what C put in (50 t/yr, `tests/test_hub_same_site.py`). A's own
    pair, joined by H's legs, read 'viable link left idle' (2,300 EUR/yr best case); it is one
    site's, so `same_site`; C's pair is matched through H."""
    sites = pd.DataFrame({"site_id": ["A", "C"], "lat": [45.0, 45.3], "lon": [4.0, 4.3]})
    flows = pd.DataFrame({"flow_id": ["as", "ad", "cs"], "site_id": ["A", "A", "C"],
                          "direction": ["supply", "demand", "supply"], "resource": "good",
                          "amount": [100.0, 100.0, 50.0], "unit": "t/yr", "price_eur_per_unit": [10.0, 30.0, 10.0]})
    links = pd.DataFrame({"source_site": ["A", "C", "H"], "sink_site": ["H", "H", "A"], "supply_resource": "good",
                          "distance_km": 0.0, "var_cost_eur_per_unit": [2.0, 2.0, 3.0], "fixed_cost_eur_per_yr": 0.0})
    hubs = pd.DataFrame({"hub_id": ["H"], "lat": [45.1], "lon": [4.1], "resources": ["good"], "capacity": [80.0],
                         "fixed_cost_eur_per_yr": [500.0]})
    scen = scenario_from_frames(sites, flows, links, GOOD_RESOURCE, hubs=hubs, discount_rate=0.0,
                                lifetime_years=1.0, solver={"mip_gap": 0})
    res = optimise(scen)
    assert res.objective == pytest.approx(35.0 * 50.0 - 500.0)
    for me, partner in (("ad", "as"), ("as", "ad")):
        e = explain(scen, res, flow_id=me).set_index("partner_flow_id")
        assert e.loc[partner, "rule"] == "same_site"
    assert explain(scen, res, flow_id="ad").set_index("partner_flow_id").loc["cs", "rule"] == "matched"


def test_a_hub_full_only_in_winter_is_said_full_in_those_months():
    """Hub H of 180 t/yr holds 15 t a month; A1, A3 and A4 (10, 8 and 7 EUR/t) may send into it,
    B1 and B2 (30 and 29 EUR/t) take from it, 120 t/yr each, flat but B2's 18 t a month in
    January-March and October-December and 2 t otherwise. H takes A1's 10 a month and A3's 5 in
    winter (full), 2 in summer; A4 sends nothing. B2 is short only in winter, when H is full:
    the route A4 -> H -> B2 is held by H in those months, 15 t a month of its 180 t/yr. It said
    'the hub is at its capacity (180 t/yr)' of a hub passing 6 x 15 + 6 x 12 = 162 t/yr."""
    sites = pd.DataFrame({"site_id": ["A1", "A3", "A4", "B1", "B2"], "lat": [45.0, 45.0, 45.0, 45.3, 45.3],
                          "lon": [4.0, 4.01, 4.02, 4.3, 4.31]})
    winter, summer = "0.15", str(0.1 / 6)
    flows = pd.DataFrame({"flow_id": ["a1", "a3", "a4", "b1", "b2"], "site_id": ["A1", "A3", "A4", "B1", "B2"],
                          "direction": ["supply", "supply", "supply", "demand", "demand"], "resource": "good",
                          "amount": 120.0, "unit": "t/yr", "price_eur_per_unit": [10.0, 8.0, 7.0, 30.0, 29.0],
                          "monthly_profile": ["", "", "", "", ";".join([winter] * 3 + [summer] * 6 + [winter] * 3)]})
    links = pd.DataFrame({"source_site": ["A1", "A3", "A4", "H", "H"], "sink_site": ["H", "H", "H", "B1", "B2"],
                          "supply_resource": "good", "distance_km": 0.0,
                          "var_cost_eur_per_unit": [2.0, 2.0, 2.0, 3.0, 3.0], "fixed_cost_eur_per_yr": 0.0})
    hubs = pd.DataFrame({"hub_id": ["H"], "lat": [45.1], "lon": [4.1], "resources": ["good"], "capacity": [180.0],
                         "fixed_cost_eur_per_yr": [0.0]})
    scen = scenario_from_frames(sites, flows, links, GOOD_RESOURCE, hubs=hubs, discount_rate=0.0, lifetime_years=1.0,
                                solver={"mip_gap": 0})
    res = optimise(scen)
    got = res.matches.set_index(["source_site", "sink_site"])["amount"]
    assert got[("A1", "H")] == pytest.approx(120.0) and got[("A3", "H")] == pytest.approx(6 * 5 + 6 * 2)
    assert ("A4", "H") not in got.index or got[("A4", "H")] == pytest.approx(0.0)
    for lang, words in (("en", "at its capacity in January, February, March, October, November and December "
                               "(15 t a month of its 180 t/yr)"),
                        ("fr", "à sa capacité en janvier, février, mars, octobre, novembre et décembre "
                               "(15 t par mois de ses 180 t/an)")):
        row = explain(scen, res, flow_id="b2", lang=lang).set_index("partner_flow_id").loc["a4"]
        said = str(row["detail"]).replace("\u202f", " ").replace("\xa0", " ")
        assert row["rule"] == "capacity_used" and words in said, said
