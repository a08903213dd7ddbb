"""eitflow's optimum against an independent brute force on small random scenarios.

Each seeded instance has 2-3 supplies, 2-4 demands and 4-9 candidate links given in a
links table. Two custom resources: ``a`` (supplied) feeds ``a`` at yield 1 and ``b`` at
yield 0.5, so some links have yield != 1. Amounts, prices, disposal prices, variable and
fixed costs, investments, capacities, minimum amounts, CO2 factors (catalogue or per-flow
column), carbon price, discount rate and some required demands are drawn at random; some
link cells are left empty so the catalogue's transport costs apply.

The brute force does not use eitflow's candidates or model. From the raw numbers it
computes, per link a = (i -> j) with yield g:

    co2_a = g * co2_factor_j - co2_t_per_unit_km * distance
    var_a = link var cost, else  var_cost_eur_per_unit + var_cost_eur_per_unit_km * distance
    inv_a = link investment, else investment_eur + investment_eur_per_km * distance
    fix_a = link fixed cost, else fixed_cost_eur_per_yr
    v_a   = g * price_j + price_i + carbon_price * co2_a - var_a
    F_a   = CRF * inv_a + fix_a,   CRF = r / (1 - (1 + r)^-n)  (1/n if r = 0)
    M_a   = min(s_i, d_j / g, capacity_a),   L_a = max(min_amount_i, min_amount_j / g)

then enumerates every set O of opened links (2^k, the empty set included) and solves the
LP  max sum_{a in O} v_a x_a - sum_{a in O} F_a  with x_a in [L_a, M_a] for a in O and 0
otherwise, sum_out x <= s_i, sum_in g x <= d_j (= d_j when required), with
scipy.optimize.linprog (HiGHS). The best feasible set is the optimum; no feasible set
means the instance is infeasible. With objective "co2" the LP maximises sum co2_a x_a
and F = 0.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import linprog

from eitflow import optimise, scenario_from_frames

YIELD_AB = 0.5
# transport of the supplied resource `a` (used where a link cell is empty)
A_TRANSPORT = dict(mode="truck", detour_factor=1.0, investment_eur=3000.0, investment_eur_per_km=40.0,
                   fixed_cost_eur_per_yr=150.0, var_cost_eur_per_unit=1.5, var_cost_eur_per_unit_km=0.02,
                   co2_t_per_unit_km=0.001)
CO2_FACTOR = {"a": 0.4, "b": 1.1}
RESOURCES = {
    "a": {"base_unit": "t/yr", "quality": "none", "max_distance_km": 1e4, "co2_factor_t_per_unit": CO2_FACTOR["a"],
          "feeds": {"a": 1.0, "b": YIELD_AB}, "transport": A_TRANSPORT, "source": "test resource"},
    "b": {"base_unit": "t/yr", "quality": "none", "max_distance_km": 1e4, "co2_factor_t_per_unit": CO2_FACTOR["b"],
          "transport": {"mode": "truck"}, "source": "test resource"},
}
REL, ABS = 1e-6, 1e-6


@dataclass
class Instance:
    sites: pd.DataFrame
    flows: pd.DataFrame
    links: pd.DataFrame
    params: dict


def make_instance(seed: int, objective: str = "net_benefit") -> Instance:
    """A random scenario in which every demand resource present has at least one link
    (so links.csv replaces the generated candidates of each pair and nothing else exists)."""
    rng = np.random.default_rng(seed)
    while True:
        ns, nd = int(rng.integers(2, 4)), int(rng.integers(2, 5))
        k = int(rng.integers(4, 10))
        if k > ns * nd:
            continue
        dres = rng.choice(["a", "b"], size=nd, p=[0.55, 0.45])
        pairs = rng.choice(ns * nd, size=k, replace=False)
        si, dj = pairs // nd, pairs % nd
        # every demand resource present must appear among the links' demand resources
        if set(dres) <= set(dres[dj]):
            break
    sid = [f"S{i + 1}" for i in range(ns)] + [f"D{j + 1}" for j in range(nd)]
    sites = pd.DataFrame({"site_id": sid, "lat": 45.0 + rng.uniform(0, 1, ns + nd),
                          "lon": 4.0 + rng.uniform(0, 1, ns + nd)})

    def maybe(p, draw):
        return draw() if rng.random() < p else np.nan

    s_amt = np.round(rng.uniform(50, 500, ns), 1)
    d_amt = np.round(rng.uniform(30, 400, nd), 1)
    s_price = np.array([maybe(0.5, lambda: round(rng.uniform(0, 5), 2)) for _ in range(ns)])
    d_price = np.round(rng.uniform(0, 25, nd), 2)
    s_min = np.array([maybe(0.25, lambda: round(rng.uniform(10, 120), 1)) for _ in range(ns)])
    d_min = np.array([maybe(0.25, lambda: round(rng.uniform(10, 120), 1)) for _ in range(nd)])
    d_req = rng.random(nd) < 0.2
    d_co2 = np.array([maybe(0.3, lambda: round(rng.uniform(0, 2), 3)) for _ in range(nd)])
    flows = pd.DataFrame({
        "flow_id": [f"s{i + 1}" for i in range(ns)] + [f"d{j + 1}" for j in range(nd)],
        "site_id": sid,
        "direction": ["supply"] * ns + ["demand"] * nd,
        "resource": ["a"] * ns + list(dres),
        "amount": np.concatenate([s_amt, d_amt]),
        "unit": "t/yr",
        "price_eur_per_unit": np.concatenate([s_price, d_price]),
        "min_amount": np.concatenate([s_min, d_min]),
        "required": np.concatenate([np.zeros(ns, bool), d_req]),
        "co2_factor_t_per_unit": np.concatenate([np.full(ns, np.nan), d_co2]),
    })
    links = pd.DataFrame({
        "source_site": [f"S{i + 1}" for i in si],
        "sink_site": [f"D{j + 1}" for j in dj],
        "supply_resource": "a",
        "demand_resource": dres[dj],
        "distance_km": np.round(rng.uniform(0, 150, k), 1),
        "capacity": [maybe(0.3, lambda: round(rng.uniform(20, 300), 1)) for _ in range(k)],
        "var_cost_eur_per_unit": [maybe(0.8, lambda: round(rng.uniform(0, 15), 2)) for _ in range(k)],
        "fixed_cost_eur_per_yr": [maybe(0.8, lambda: round(rng.uniform(0, 1500), 0)) for _ in range(k)],
        "investment_eur": [maybe(0.8, lambda: round(rng.choice([0.0, rng.uniform(0, 15000)]), 0))
                           for _ in range(k)],
    })
    params = dict(objective=objective,
                  carbon_price_eur_per_t=float(rng.choice([0.0, 0.0, 60.0])),
                  discount_rate=float(rng.choice([0.0, 0.05, 0.08])),
                  lifetime_years=float(rng.choice([10.0, 20.0])),
                  solver={"name": "highs", "time_limit_s": 30, "mip_gap": 0.0})
    return Instance(sites, flows, links, params)


def brute_force(inst: Instance) -> float | None:
    """The optimum by enumerating opened-link sets; None when no set is feasible."""
    f = inst.flows.reset_index(drop=True)
    lk = inst.links.reset_index(drop=True)
    p = inst.params
    r, n = p["discount_rate"], p["lifetime_years"]
    crf = 1.0 / n if r == 0 else r / (1.0 - (1.0 + r) ** (-n))
    cp = p["carbon_price_eur_per_t"]
    sup = f[f.direction == "supply"].set_index("site_id")
    dem = f[f.direction == "demand"].set_index("site_id")
    k = len(lk)
    v = np.zeros(k)
    F = np.zeros(k)
    M = np.zeros(k)
    L = np.zeros(k)
    s_of = np.zeros(k, int)
    d_of = np.zeros(k, int)
    s_ids, d_ids = list(sup.index), list(dem.index)
    yld = np.where(lk["demand_resource"] == "b", YIELD_AB, 1.0)
    for a, row in lk.iterrows():
        si, dj = row.source_site, row.sink_site
        s_of[a], d_of[a] = s_ids.index(si), d_ids.index(dj)
        g = yld[a]
        dist = row.distance_km
        co2f = dem.at[dj, "co2_factor_t_per_unit"]
        if np.isnan(co2f):
            co2f = CO2_FACTOR[dem.at[dj, "resource"]]
        co2 = g * co2f - A_TRANSPORT["co2_t_per_unit_km"] * dist
        var = row.var_cost_eur_per_unit
        if np.isnan(var):
            var = A_TRANSPORT["var_cost_eur_per_unit"] + A_TRANSPORT["var_cost_eur_per_unit_km"] * dist
        inv = row.investment_eur
        if np.isnan(inv):
            inv = A_TRANSPORT["investment_eur"] + A_TRANSPORT["investment_eur_per_km"] * dist
        fix = row.fixed_cost_eur_per_yr
        if np.isnan(fix):
            fix = A_TRANSPORT["fixed_cost_eur_per_yr"]
        ps = sup.at[si, "price_eur_per_unit"]
        ps = 0.0 if np.isnan(ps) else ps
        if p["objective"] == "co2":
            v[a], F[a] = co2, 0.0
        else:
            v[a] = g * dem.at[dj, "price_eur_per_unit"] + ps + cp * co2 - var
            F[a] = crf * inv + fix
        cap = row.capacity
        M[a] = min(sup.at[si, "amount"], dem.at[dj, "amount"] / g, np.inf if np.isnan(cap) else cap)
        ms, md = sup.at[si, "min_amount"], dem.at[dj, "min_amount"]
        L[a] = max(0.0 if np.isnan(ms) else ms, 0.0 if np.isnan(md) else md / g)
    ns, nd = len(s_ids), len(d_ids)
    A_s = np.zeros((ns, k))
    A_d = np.zeros((nd, k))
    A_s[s_of, np.arange(k)] = 1.0
    A_d[d_of, np.arange(k)] = yld
    req = dem["required"].to_numpy(bool)
    d_amt = dem["amount"].to_numpy(float)
    s_amt = sup["amount"].to_numpy(float)
    A_ub = np.vstack([A_s, A_d[~req]])
    b_ub = np.concatenate([s_amt, d_amt[~req]])
    A_eq = A_d[req] if req.any() else None
    b_eq = d_amt[req] if req.any() else None
    best = None
    for mask in itertools.product([False, True], repeat=k):
        opened = np.array(mask)
        if np.any(opened & (L > M)):
            continue  # an opened link cannot carry its minimum amount
        lo = np.where(opened, L, 0.0)
        hi = np.where(opened, M, 0.0)
        res = linprog(-v, A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=b_eq, bounds=list(zip(lo, hi)), method="highs")
        if res.status == 2:
            continue
        assert res.status == 0, res.message
        val = -res.fun - F[opened].sum()
        if best is None or val > best:
            best = val
    return best


def _check(inst: Instance, solver: str = "highs") -> tuple[float | None, dict]:
    params = {**inst.params, "solver": {**inst.params["solver"], "name": solver}}
    scen = scenario_from_frames(inst.sites, inst.flows, inst.links, resources=RESOURCES, **params)
    res = optimise(scen)
    return brute_force(inst), res.summary


def _assert_agrees(expected: float | None, summary: dict, label: str) -> None:
    if expected is None:
        assert summary["status"] == "infeasible", f"{label}: brute force infeasible, eitflow {summary['status']} " \
                                                  f"objective {summary['objective']}"
        return
    assert summary["status"] == "optimal", f"{label}: expected optimum {expected!r}, eitflow {summary['status']}" \
                                           f" ({summary['message']})"
    got = summary["objective"]
    assert abs(got - expected) <= REL * abs(expected) + ABS, f"{label}: expected {expected!r}, got {got!r}"


SEEDS = list(range(40))


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.slow
def test_net_benefit_matches_brute_force(seed):
    inst = make_instance(seed)
    expected, summary = _check(inst)
    _assert_agrees(expected, summary, f"seed {seed} (net_benefit, highs)")


@pytest.mark.parametrize("seed", [100, 101, 102, 103])
def test_co2_objective_matches_brute_force(seed):
    inst = make_instance(seed, objective="co2")
    expected, summary = _check(inst)
    _assert_agrees(expected, summary, f"seed {seed} (co2, highs)")


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 4])
def test_cbc_matches_brute_force(seed):
    inst = make_instance(seed)
    expected, summary = _check(inst, solver="cbc")
    assert summary["solver"] == "cbc"
    _assert_agrees(expected, summary, f"seed {seed} (net_benefit, cbc)")


def test_instances_cover_the_features():
    """The seeds exercise what the brute force is meant to check."""
    insts = [make_instance(s) for s in SEEDS]
    links = pd.concat([i.links for i in insts])
    flows = pd.concat([i.flows for i in insts])
    assert (links["demand_resource"] == "b").sum() >= 20            # yield 0.5
    assert links["capacity"].notna().sum() >= 20
    assert links["var_cost_eur_per_unit"].isna().sum() >= 5       # catalogue fallbacks
    assert links["investment_eur"].isna().sum() >= 5
    assert links["fixed_cost_eur_per_yr"].isna().sum() >= 5
    assert flows["min_amount"].notna().sum() >= 20
    assert flows["required"].sum() >= 5
    assert flows["co2_factor_t_per_unit"].notna().sum() >= 10
    assert {i.params["discount_rate"] for i in insts} == {0.0, 0.05, 0.08}
    assert any(i.params["carbon_price_eur_per_t"] > 0 for i in insts)
