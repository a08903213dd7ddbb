"""One answer everywhere (hypothesis): on random small territories with hubs, supplies that
must be built, zones and two resources, every view of the optimum agrees.

- summary totals = sum of matches - built hubs' and supplies' annual costs, with those costs
  recomputed here from the scenario's own tables (CRF by hand);
- = sum over zones, under every allocation rule; = sum over companies;
- = the objective (net benefit), within the solver's tolerance;
- alternatives' rank 0, pareto's best point and resilience's base case report the run's totals.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eitflow import optimise, scenario_from_frames
from eitflow.analyses.alternatives import k_best
from eitflow.analyses.pareto import pareto_front
from eitflow.analyses.resilience import resilience
from eitflow.results.zones import ALLOCATIONS


def _resource(name: str, co2: float) -> dict:
    return {"description": f"test commodity {name}", "base_unit": "t/yr", "quality": "none", "max_distance_km": 60.0,
            "co2_factor_t_per_unit": co2,
            "transport": {"mode": "truck", "detour_factor": 1.3, "investment_eur": 2000.0, "investment_eur_per_km": 300.0,
                          "fixed_cost_eur_per_yr": 150.0, "var_cost_eur_per_unit": 0.5,
                          "var_cost_eur_per_unit_km": 0.08, "co2_t_per_unit_km": 0.0002},
            "source": "test (no physical meaning)"}


RESOURCES = {"good_a": _resource("a", 0.4), "good_b": _resource("b", 1.1)}
ZONES = ["Z1", "Z2", "Z3", ""]
DISCOUNT, LIFETIME = 0.05, 15.0
CRF = DISCOUNT / (1 - (1 + DISCOUNT) ** -LIFETIME)  # capital recovery factor, by hand
TOL = 1e-6


@st.composite
def territories(draw):
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    n_sites = draw(st.integers(3, 6))
    sites = pd.DataFrame({"site_id": [f"S{i}" for i in range(n_sites)],
                          "lat": 45.0 + rng.uniform(0, 0.2, n_sites), "lon": 4.0 + rng.uniform(0, 0.2, n_sites),
                          "zone": rng.choice(ZONES, n_sites)})
    rows = []
    for k in range(draw(st.integers(3, 7))):
        sup = k < 2 or rng.random() < 0.45
        built = sup and rng.random() < 0.4
        rows.append({"site_id": f"S{rng.integers(n_sites)}", "direction": "supply" if sup else "demand",
                     "resource": rng.choice(list(RESOURCES)), "amount": round(float(rng.uniform(50, 500)), 1),
                     "unit": "t/yr", "price_eur_per_unit": round(float(rng.uniform(-10, 5) if sup else rng.uniform(5, 60)), 2),
                     "investment_eur": round(float(rng.uniform(1e3, 3e4)), 0) if built else np.nan,
                     "fixed_cost_eur_per_yr": round(float(rng.uniform(0, 2e3)), 0) if built else np.nan})
    flows = pd.DataFrame(rows)
    flows.insert(0, "flow_id", [f"f{k}" for k in range(len(flows))])
    hubs = links = None
    if draw(st.booleans()):
        n_h = draw(st.integers(1, 2))
        hubs = pd.DataFrame({"hub_id": [f"H{i}" for i in range(n_h)], "lat": 45.0 + rng.uniform(0, 0.2, n_h),
                             "lon": 4.0 + rng.uniform(0, 0.2, n_h),
                             "resources": ["good_b"] + list(rng.choice(["good_a", "good_a;good_b"], n_h - 1)),
                             "capacity": rng.uniform(100, 800, n_h).round(0), "investment_eur": rng.uniform(0, 2e4, n_h).round(0),
                             "fixed_cost_eur_per_yr": rng.uniform(0, 1e3, n_h).round(0),
                             "var_cost_eur_per_unit": rng.uniform(0, 2, n_h).round(2), "zone": rng.choice(ZONES, n_h)})
        # good_b through links.csv: cheap legs to and from hub H0, a few dear direct links
        b = flows[flows["resource"] == "good_b"]
        sup, dem = b[b["direction"] == "supply"], b[b["direction"] == "demand"]
        rows = [("H0", r.site_id, "", r.flow_id) for r in dem.itertuples()]
        rows = [(r.site_id, "H0", r.flow_id, "") for r in sup.itertuples()] + rows
        rows += [(s.site_id, d.site_id, s.flow_id, d.flow_id) for s in sup.itertuples() for d in dem.itertuples()
                 if s.site_id != d.site_id and rng.random() < 0.5]
        if rows:
            hub_leg = np.array([a == "H0" or b == "H0" for a, b, _, _ in rows])
            links = pd.DataFrame(rows, columns=["source_site", "sink_site", "supply_flow_id", "demand_flow_id"]).assign(
                supply_resource="good_b", distance_km=rng.uniform(1, 8, len(rows)).round(2),
                var_cost_eur_per_unit=np.where(hub_leg, 0.2, 3.0), fixed_cost_eur_per_yr=np.where(hub_leg, 50.0, 800.0),
                investment_eur=np.where(hub_leg, 500.0, 5000.0))
    carbon = float(draw(st.sampled_from([0.0, 60.0])))
    return scenario_from_frames(sites, flows, links, RESOURCES, hubs=hubs, discount_rate=DISCOUNT,
                                lifetime_years=LIFETIME, carbon_price_eur_per_t=carbon, solver={"mip_gap": 0})


def _build_costs_by_hand(res) -> tuple[float, float]:
    """(annual cost, investment) of the hubs and supplies the matches use, from the scenario's tables."""
    scen, m = res.scenario, res.matches
    f = scen.flows
    inv = f["investment_eur"].fillna(0.0).to_numpy(float) if "investment_eur" in f else np.zeros(len(f))
    fix = f["fixed_cost_eur_per_yr"].fillna(0.0).to_numpy(float) if "fixed_cost_eur_per_yr" in f else np.zeros(len(f))
    used = f["flow_id"].isin(m["supply_flow_id"]).to_numpy() & ((inv > 0) | (fix > 0))
    cost, invest = float((CRF * inv + fix)[used].sum()), float(inv[used].sum())
    if scen.hubs is not None:
        h = scen.hubs[scen.hubs["hub_id"].isin(m["sink_site"])]
        cost += float((CRF * h["investment_eur"] + h["fixed_cost_eur_per_yr"]).sum())
        invest += float(h["investment_eur"].sum())
    return cost, invest


def _close(a, b, scale=1.0):
    return abs(a - b) <= TOL * max(abs(a), abs(b), scale)


def check_views_agree(scen, analyses: bool):
    res = optimise(scen)
    assert res.status == "optimal", res.status_line()
    t, m = res.summary["totals"], res.matches
    cost, invest = _build_costs_by_hand(res)
    nb = float(m["net_benefit_eur_per_yr"].sum()) - cost
    assert _close(t["net_benefit_eur_per_yr"], nb)
    assert _close(t["investment_eur"], float(m["investment_eur"].sum()) + invest)
    assert _close(t["co2_avoided_t_per_yr"], float(m["co2_avoided_t_per_yr"].sum()))
    assert _close(res.objective, nb, scale=1.0)
    stats = res.statistics
    for a in ALLOCATIONS:
        z = stats.zones(a)
        for col in ("net_benefit_eur_per_yr", "co2_avoided_t_per_yr", "investment_eur"):
            assert _close(float(z[col].sum()), t[col]), (a, col)
    c = stats.companies()
    assert _close(float(c["total_eur_per_yr"].sum()), t["net_benefit_eur_per_yr"])
    assert _close(float(c["co2_avoided_t_per_yr"].sum()), t["co2_avoided_t_per_yr"])
    assert _close(float(c["investment_eur"].sum()), t["investment_eur"])
    assert _close(float(stats.resources()["net_benefit_eur_per_yr"].sum()), t["net_benefit_eur_per_yr"])
    if not analyses:
        return
    port, _ = k_best(scen, k=0)
    for col in ("net_benefit_eur_per_yr", "co2_avoided_t_per_yr", "investment_eur"):
        assert _close(port.loc[0, col], t[col]), col
    base = resilience(scen).attrs["base"]
    assert _close(base["net_benefit_eur_per_yr"], t["net_benefit_eur_per_yr"])
    assert _close(base["investment_eur"], t["investment_eur"])
    front = pareto_front(scen, n_points=2)
    # the same optimum (several portfolios may tie on net benefit, so compare that only)
    assert _close(front.loc[0, "net_benefit_eur_per_yr"], t["net_benefit_eur_per_yr"])
    assert (front["bound_eur_per_yr"] >= front["net_benefit_eur_per_yr"] - TOL * front["net_benefit_eur_per_yr"].abs().clip(1)).all()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(territories())
@pytest.mark.slow
def test_every_view_agrees(scen):
    check_views_agree(scen, analyses=False)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(territories())
@pytest.mark.slow
def test_analyses_report_the_run(scen):
    check_views_agree(scen, analyses=True)


@pytest.mark.slow
# 20 more territories than the quick case's 6 (each runs k-best, resilience and a pareto
# front: ~0.35 s apiece), within the suite's 5-minute budget
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(territories())
def test_analyses_report_the_run_many(scen):
    check_views_agree(scen, analyses=True)
