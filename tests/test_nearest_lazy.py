"""Each flow's nearest partner is found when an output reads it (`candidates.nearest`), not
on every run: the values, and the unmatched reasons and explanations that read them, are
those of a search over every compatible pair (brute force here), on a scenario with direct
links (zae_example) and on one with a network alone (FCNetLib-like, a demand off the network
left unmatched); a solve never asks for them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import eitflow
from eitflow.bench.fcnetlib import FCNET_RESOURCE
from eitflow.candidates.generate import build_candidates
from eitflow.candidates.nearest import NearestWork
from eitflow.catalogue import substitution_pairs
from eitflow.io.assemble import scenario_from_frames
from eitflow.pipeline import optimise
from eitflow.results.unmatched import unmatched_frame
from eitflow.solve.driver import solve

ROOT = Path(__file__).resolve().parents[1]


def _km(lat1, lon1, lat2, lon2) -> float:
    """Great-circle km (haversine, the IUGG mean radius), written out here."""
    p1, p2, dl = np.radians(lat1), np.radians(lat2), np.radians(lon2 - lon1)
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return float(2 * 6371.0088 * np.arcsin(np.sqrt(a)))


def _brute(scen) -> tuple[np.ndarray, np.ndarray]:
    """Per flow the km to its nearest compatible flow and that flow (every pair tried, the
    catalogue's substitution pairs in order, the first met winning a tie)."""
    f = scen.flows
    xy = scen.sites.set_index("site_id")[["lat", "lon"]]
    res, dirn, site = f["resource"].tolist(), f["direction"].tolist(), f["site_id"].tolist()
    near, part = np.full(len(f), np.inf), np.full(len(f), -1)
    for rs, rd, _ in substitution_pairs(scen.catalogue):
        S = [k for k in range(len(f)) if dirn[k] == "supply" and res[k] == rs]
        D = [k for k in range(len(f)) if dirn[k] == "demand" and res[k] == rd]
        if not S or not D:
            continue
        for A, B in ((S, D), (D, S)):
            for a in A:
                km = [_km(*xy.loc[site[a]], *xy.loc[site[b]]) for b in B]
                j = int(np.argmin(km))
                if km[j] < near[a] - 1e-9:
                    near[a], part[a] = km[j], B[j]
    return near, part


def _network_only():
    """Three sites 11 km apart on a line of longitude; a corridor joins A and B (a supply of
    10 t/yr at A, a required demand of 6 at B); C's demand of 4 has no corridor and no direct
    link (the resource's radius is 1 m): unmatched, its nearest partner A's supply, 22 km away."""
    sites = pd.DataFrame({"site_id": ["A", "B", "C"], "lat": [44.0, 44.1, 44.2], "lon": [2.0, 2.0, 2.0]})
    flows = pd.DataFrame({"flow_id": ["fa", "fb", "fc"], "site_id": ["A", "B", "C"],
                          "direction": ["supply", "demand", "demand"], "resource": "good", "amount": [10.0, 6.0, 4.0],
                          "unit": "t/yr", "price_eur_per_unit": [0.0, 0.0, 5.0], "required": ["", "true", ""]})
    corridors = pd.DataFrame({"corridor_id": ["ab"], "resource": "good", "from": ["A"], "to": ["B"], "length_km": 0.0,
                              "direction": "forward", "existing": "false", "capacity": np.nan, "unit": "t/yr",
                              "fixed_cost_eur_per_yr": [3.0], "var_cost_eur_per_unit": [1.0]})
    return scenario_from_frames(sites, flows, resources=FCNET_RESOURCE, corridors=corridors, name="network only",
                                objective="net_benefit", carbon_price_eur_per_t=0.0, discount_rate=0.0,
                                lifetime_years=1.0, solver={"name": "highs", "time_limit_s": 30.0, "mip_gap": 0.0})


@pytest.mark.parametrize("which", ["network_only", "zae_example"])
def test_nearest_partners_as_every_pair_gives(which):
    scen = _network_only() if which == "network_only" else eitflow.read_scenario(
        ROOT / "scenarios" / "zae_example" / "scenario.yaml")
    cand = build_candidates(scen)
    work = cand._near["nearest_km"]
    assert isinstance(work, NearestWork) and work._result is None
    with scen.reading():
        solve(scen, cand)
    assert work._result is None   # the solve never reads them
    near, part = _brute(scen)
    np.testing.assert_allclose(cand.nearest_km, near, rtol=1e-9)
    np.testing.assert_array_equal(cand.nearest_partner, part)
    if which == "network_only":   # C (22.24 km from A as the crow flies) and A's nearest demand B (11.12 km)
        assert cand.nearest_km[2] == pytest.approx(_km(44.2, 2.0, 44.0, 2.0)) and 22.2 < cand.nearest_km[2] < 22.3
        assert list(cand.nearest_partner) == [1, 0, 0]


def test_unmatched_reason_reads_the_nearest_partner():
    """C's reason (no corridor reaches it) names its nearest partner point to point, A's supply
    22.2 km away, as with the values set from every pair."""
    scen = _network_only()
    res = optimise(scen)
    um = unmatched_frame(scen, res.candidates, res.solution)
    row = um[um["flow_id"] == "fc"].iloc[0]
    assert row["reason"] == "network_unreachable"
    assert "nearest compatible partner A:fa at 22.2 km" in str(row["detail"])
    # the same table from candidates whose nearest partners are given, not found lazily
    given = res.candidates
    near, part = _brute(scen)
    given.nearest_km, given.nearest_partner = near, part
    again = unmatched_frame(scen, given, res.solution)
    pd.testing.assert_frame_equal(um, again)
