"""The radius rule: a pair is a candidate when its great-circle distance is within both
flows' radii (each flow: its own max_distance_km, else the scenario's per-resource value,
else the catalogue's) and within its transport mode's own cap. Every message states the
same limit."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from eitflow import build_candidates, optimise, scenario_from_frames
from eitflow.analyses.explain import explain
from eitflow.geo import haversine_km

KM_PER_DEG_LAT = np.pi * 6371.0088 / 180.0   # great-circle km per degree along a meridian


def _pair(resource: str, km: float, sup_radius=np.nan, dem_radius=np.nan, **params):
    """A supply and a demand `km` apart (great circle) along a meridian."""
    sites = pd.DataFrame({"site_id": ["S", "D"], "lat": [47.0, 47.0 + km / KM_PER_DEG_LAT], "lon": [5.0, 5.0]})
    temp = 120.0 if resource == "heat" else np.nan
    dtemp = 60.0 if resource == "heat" else np.nan
    unit = "MWh/yr" if resource == "heat" else "t/yr"
    flows = pd.DataFrame({"flow_id": ["s", "d"], "site_id": ["S", "D"], "direction": ["supply", "demand"],
                          "resource": resource, "amount": [50000.0, 50000.0], "unit": unit,
                          "temperature_c": [temp, dtemp], "price_eur_per_unit": [0.0, 9000.0],
                          "max_distance_km": [sup_radius, dem_radius]})
    return scenario_from_frames(sites, flows, carbon_price_eur_per_t=100, solver={"mip_gap": 0}, **params)


def test_the_distance_helper_is_right():
    s = _pair("heat", 15.0)
    la = s.sites["lat"].to_numpy()
    assert haversine_km(la[0], 5.0, la[1], 5.0) == pytest.approx(15.0, rel=1e-9)


def test_narrowing_a_supply_radius_never_enlarges_the_candidate_set():
    # hydrogen: truck (the catalogue radius, 150 km) and pipeline (its own 30 km cap); 40 km apart
    wide = build_candidates(_pair("hydrogen", 40.0))
    assert sorted(wide.links["mode"]) == ["truck"]
    narrow = build_candidates(_pair("hydrogen", 40.0, sup_radius=100.0))
    # the supply's 100 km is within the truck's reach but must not lift the pipeline's 30 km cap
    assert sorted(narrow.links["mode"]) == ["truck"]
    for r in (35.0, 45.0, 100.0, 149.0):
        modes = set(build_candidates(_pair("hydrogen", 40.0, sup_radius=r)).links["mode"])
        assert modes <= set(wide.links["mode"])
    assert len(build_candidates(_pair("hydrogen", 40.0, sup_radius=39.0)).links) == 0
    # within 30 km both modes are candidates
    assert sorted(build_candidates(_pair("hydrogen", 20.0)).links["mode"]) == ["pipe", "truck"]


@pytest.mark.parametrize("km,sup,dem,expect", [
    (15.0, 20.0, np.nan, False),   # the demand's radius is the catalogue's 10 km
    (15.0, np.nan, 20.0, False),   # mirror case: the same answer
    (15.0, 20.0, 20.0, True),      # both reach 15 km
    (8.0, 5.0, np.nan, False),     # a narrower supply radius binds
    (8.0, np.nan, 5.0, False),     # mirror
    (8.0, np.nan, np.nan, True),   # within the catalogue's 10 km
])
def test_rule_is_symmetric(km, sup, dem, expect):
    cand = build_candidates(_pair("heat", km, sup, dem))
    assert (len(cand.links) > 0) == expect


def test_scenario_radius_applies_to_both_ends():
    assert len(build_candidates(_pair("heat", 15.0, max_distance_km={"heat": 20})).links) > 0
    # a flow's own radius overrides the scenario's, in either direction
    assert len(build_candidates(_pair("heat", 15.0, dem_radius=12.0, max_distance_km={"heat": 20})).links) == 0
    assert len(build_candidates(_pair("heat", 15.0, sup_radius=12.0, max_distance_km={"heat": 20})).links) == 0


def _numbers(text: str, pattern: str) -> float:
    m = re.search(pattern, text)
    assert m, f"'{pattern}' not in: {text}"
    return float(m.group(1).replace(",", ""))


def test_unmatched_and_explain_state_the_pair_limit():
    # the supply reaches 20 km, the demand only 10 km; they are 15 km apart
    scen = _pair("heat", 15.0, sup_radius=20.0, dem_radius=10.0)
    res = optimise(scen)
    um = res.unmatched.set_index("flow_id")
    assert set(um["reason"]) == {"no_partner_in_range"}
    for fid in ("s", "d"):
        detail = um.at[fid, "detail"]
        at = _numbers(detail, r"at ([0-9.,]+) km great-circle")
        lim = _numbers(detail, r"limit ([0-9.,]+) km")
        assert at == pytest.approx(15.0, abs=0.05) and lim == 10.0 and at > lim
    ex = explain(scen, res)
    assert set(ex["rule"]) == {"radius"}
    assert (ex["limit_km"] == 10.0).all()
    assert ex["great_circle_km"].to_numpy() == pytest.approx([15.0, 15.0])


def test_hub_legs_follow_the_same_rule():
    # a hub 6 km from a supply whose own radius is 5 km: no leg (the hub's radius is the catalogue's 10 km)
    sites = pd.DataFrame({"site_id": ["S", "D"], "lat": [47.0, 47.0 + 12 / KM_PER_DEG_LAT], "lon": [5.0, 5.0]})
    flows = pd.DataFrame({"flow_id": ["s", "d"], "site_id": ["S", "D"], "direction": ["supply", "demand"],
                          "resource": "heat", "amount": [5e4, 5e4], "unit": "MWh/yr", "temperature_c": [120.0, 60.0],
                          "price_eur_per_unit": [0.0, 60.0], "max_distance_km": [5.0, np.nan]})
    hubs = pd.DataFrame({"hub_id": ["H"], "lat": [47.0 + 6 / KM_PER_DEG_LAT], "lon": [5.0], "resources": ["heat"],
                         "capacity": [1e5]})
    lk = build_candidates(scenario_from_frames(sites, flows, hubs=hubs)).links
    legs = lk[lk["kind"] != "direct"]
    assert list(legs["kind"]) == ["from_hub"]   # D (6 km, radius 10) reaches the hub; S (radius 5) does not


def test_matches_state_route_and_great_circle_km():
    # heat pipe: route = 1.3 x great circle (the catalogue's detour factor)
    res = optimise(_pair("heat", 6.0))
    m = res.matches.iloc[0]
    assert m["great_circle_km"] == pytest.approx(6.0, rel=1e-9)
    assert m["distance_km"] == pytest.approx(1.3 * 6.0, rel=1e-9)
    # a dropped pair's detail names both: steam at 100 degC cannot serve a 95 degC demand (+10 K approach)
    scen = _pair("heat", 6.0)
    scen.flows.loc[1, "temperature_c"] = 115.0
    scen.params = scen.params.model_copy(update={"heat_pump": scen.params.heat_pump.model_copy(
        update={"enabled": False})})
    um = optimise(scen).unmatched
    assert set(um["reason"]) == {"quality"}
    assert "at 6.0 km great-circle (7.8 km route)" in um["detail"].iloc[0]


def test_a_radius_deleted_after_reading_is_gone():
    """scenario_from_frames(..., max_distance_km={"heat": 5}) on a heat pair 8 km apart: out of
    reach (8 > 5). Deleting the key from Python afterwards leaves the catalogue's 10 km for heat
    (data/resources.yaml; the README: "max_distance_km, 10 km for heat"), so the pair is a
    candidate (8 <= 10): the 5 km merged into the scenario's catalogue when read stayed, and the
    pair stayed out."""
    from eitflow.candidates.radius import resource_radius_km

    scen = _pair("heat", 8.0, max_distance_km={"heat": 5.0})
    assert resource_radius_km(scen, "heat") == 5.0 and len(build_candidates(scen).links) == 0
    del scen.params.max_distance_km["heat"]
    assert resource_radius_km(scen, "heat") == 10.0
    assert len(build_candidates(scen).links) == 1
