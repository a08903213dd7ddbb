"""unmatched.csv of a flow whose nearest partner is at its own site and whose network cannot
serve it: the network's reason first, as for a flow whose partners are out of range.

A firm (B) both buys heat and rejects some at 85 degC. On a 90 degC network with heat pumps at
injection off, its reject cannot go into the network (colder than it, nothing to lift it);
its only other partner is B's own demand (internal recovery is out of scope) and the demand
of A, which needs 85 + 10 K = 95 degC. unmatched.csv said 'same_site: supply and demand at
the same site' and nothing of the network, where `eitflow explain` (rank 0) says the network
is too warm for it.
"""
from __future__ import annotations

import pandas as pd

import eitflow
from eitflow.analyses.explain import explain
from eitflow.results.unmatched import with_french_detail


def _scenario(corridors_to_b: bool = True):
    """INC (110 degC, 20,000 MWh/yr), a junction J, A (85 degC) and B (70 degC demand, 85 degC
    reject); corridors INC-J, J-A and, unless told not to, J-B. No direct link (radius 10 m)."""
    sites = pd.DataFrame({"site_id": ["INC", "A", "B"], "name": ["Incinérateur", "Entreprise A", "Entreprise B"],
                          "lat": [48.0, 48.0036, 47.9964], "lon": [2.0, 2.0135, 2.0135]})
    flows = pd.DataFrame({"flow_id": ["inc", "a", "b", "b_reject"], "site_id": ["INC", "A", "B", "B"],
                          "direction": ["supply", "demand", "demand", "supply"], "resource": "heat",
                          "amount": [20000.0, 8760.0, 4380.0, 3000.0], "unit": "MWh/yr",
                          "temperature_c": [110.0, 85.0, 70.0, 85.0], "price_eur_per_unit": [0.0, 50.0, 50.0, 0.0]})
    junctions = pd.DataFrame({"junction_id": ["J"], "lat": [48.0], "lon": [2.0135], "resources": ["heat"]})
    ends = [("INC", "J"), ("J", "A")] + ([("J", "B")] if corridors_to_b else [])
    corridors = pd.DataFrame({"resource": "heat", "from": [a for a, _ in ends], "to": [b for _, b in ends],
                              "length_km": [1.2, 0.5, 0.5][:len(ends)]})
    return eitflow.scenario_from_frames(
        sites, flows, corridors=corridors, junctions=junctions, carbon_price_eur_per_t=0.0,
        max_distance_km={"heat": 0.01},
        networks={"heat": {"temperature_c": 90.0, "sizing": "discrete", "heat_pump_at_injection": False}})


def _unmatched(scen, flow_id: str) -> pd.Series:
    um = with_french_detail(eitflow.optimise(scen).unmatched).set_index("flow_id")   # as unmatched.csv
    return um.loc[flow_id]


def test_a_reject_too_cold_for_the_network_says_so_not_same_site():
    """B's reject at 85 degC on the 90 degC network, heat pumps at injection off: the network
    cannot take it (85 < 90), so its reason is the network's temperature (quality), as
    explain's rank-0 row says; the same-site partner comes after, as the point-to-point part."""
    scen = _scenario()
    row = _unmatched(scen, "b_reject")
    assert row["reason"] == "quality", row.to_dict()
    assert "colder than the heat network (90 degC)" in row["detail"], row["detail"]
    assert "heat_pump_at_injection" in row["detail"], row["detail"]
    assert "point to point" in row["detail"] and "same site" in row["detail"], row["detail"]
    assert "plus froid que le réseau de chaleur (90 °C)" in row["detail_fr"], row["detail_fr"]
    ex = explain(scen, eitflow.optimise(scen), flow_id="b_reject")
    assert ex.loc[ex["rank"] == 0, "rule"].tolist() == ["quality"]


def test_a_demand_the_network_does_not_reach_says_so_not_same_site():
    """Without the corridor J-B, no corridor reaches B: B's demand is told the network does
    not reach it (network_unreachable), not only that its nearest partner is its own reject."""
    row = _unmatched(_scenario(corridors_to_b=False), "b")
    assert row["reason"] == "network_unreachable", row.to_dict()
    assert "does not reach Entreprise B (B)" in row["detail"], row["detail"]
    assert "same site" in row["detail"], row["detail"]
