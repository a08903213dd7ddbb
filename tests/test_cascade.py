"""Heat cascading across temperature levels (flows with return_temperature_c).

Hand-worked cases through the whole pipeline, and random instances checked against an
independent brute force with an explicit interval-to-interval transport LP
(tests/cascade_reference.py), which shares nothing with eitflow's cascade rows.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cascade_reference import cascade_optimum
from eitflow import optimise, scenario_from_frames
from eitflow.candidates.generate import build_candidates

LAT, LON = 45.0, 5.0


def _sites(n: int) -> pd.DataFrame:
    # sites ~100-300 m apart: pipes are short, losses small but not zero
    return pd.DataFrame({"site_id": [f"S{k}" for k in range(n)], "lat": LAT + 0.001 * np.arange(n),
                         "lon": LON + 0.0005 * (np.arange(n) % 3)})


def _flow(fid, site, direction, amount, t, ret=None, price=0.0, required=False):
    return {"flow_id": fid, "site_id": site, "direction": direction, "resource": "heat", "amount": amount,
            "unit": "MWh/yr", "temperature_c": t, "return_temperature_c": np.nan if ret is None else ret,
            "price_eur_per_unit": price, "required": required}


def _links(rows):
    """links.csv rows (source, sink, var cost) with ~zero distance and no fixed cost, so
    amounts are decided by temperatures alone."""
    return pd.DataFrame([{"source_site": a, "sink_site": b, "supply_resource": "heat", "distance_km": 1e-6,
                          "var_cost_eur_per_unit": vc, "fixed_cost_eur_per_yr": 0.0, "investment_eur": 0.0}
                         for a, b, vc in rows])


def _amounts(res) -> dict:
    m = res.matches
    return {(a, b): round(x, 3) for a, b, x in m[["source_site", "sink_site", "amount"]].itertuples(index=False)}


def test_cold_source_preheats_the_return_and_a_hot_one_tops_up():
    # 70/40 degC network, 600 MWh/yr spread evenly over 30 K (20 MWh/K). A 60 degC reject
    # (approach 10 K) reaches up to 50 degC: 10 K x 20 = 200 MWh/yr. The 90 degC source
    # covers the other 400. Values: cold 50 - 5 = 45, hot 50 - 20 = 30 EUR/MWh.
    flows = pd.DataFrame([_flow("cold", "S0", "supply", 1000, 60), _flow("hot", "S1", "supply", 1000, 90),
                          _flow("dh", "S2", "demand", 600, 70, ret=40, price=50)])
    scen = scenario_from_frames(_sites(3), flows, _links([("S0", "S2", 5.0), ("S1", "S2", 20.0)]),
                                heat_pump={"enabled": False})
    res = optimise(scen)
    assert res.summary["status"] == "optimal"
    assert _amounts(res) == {("S0", "S2"): 200.0, ("S1", "S2"): 400.0}
    assert res.summary["objective"] == pytest.approx(200 * 45 + 400 * 30, rel=1e-9)
    lv = res.solution.heat_levels
    cold = lv[lv["link"] == 0]
    assert cold["from_c"].min() == pytest.approx(40) and cold["to_c"].max() == pytest.approx(50)
    assert cold["amount"].sum() == pytest.approx(200)


def test_without_the_return_temperature_the_cold_source_is_useless():
    flows = pd.DataFrame([_flow("cold", "S0", "supply", 1000, 60), _flow("hot", "S1", "supply", 1000, 90),
                          _flow("dh", "S2", "demand", 600, 70, price=50)])
    scen = scenario_from_frames(_sites(3), flows, _links([("S0", "S2", 5.0), ("S1", "S2", 20.0)]),
                                heat_pump={"enabled": False})
    res = optimise(scen)
    assert _amounts(res) == {("S1", "S2"): 600.0}
    dropped = res.candidates.dropped
    assert (dropped["reason"] == "quality").sum() == 1


def test_flue_gas_range_gives_only_its_heat_above_the_process_temperature():
    # flue gas 150 -> 60 degC, 900 MWh/yr (10 MWh/K); an 80 degC process needs 1000. Only
    # heat above 80 + 10 = 90 degC serves it: 60 K x 10 = 600 MWh/yr.
    flows = pd.DataFrame([_flow("gas", "S0", "supply", 900, 150, ret=60), _flow("proc", "S1", "demand", 1000, 80,
                                                                                  price=40)])
    scen = scenario_from_frames(_sites(2), flows, _links([("S0", "S1", 0.0)]), heat_pump={"enabled": False})
    res = optimise(scen)
    assert _amounts(res) == {("S0", "S1"): 600.0}
    # and the candidate's big-M already knows it
    assert res.candidates.links["upper"].iat[0] == pytest.approx(600.0)
    # the 300 MWh/yr below 90 degC are unused for a stated reason
    un = res.unmatched.set_index("flow_id")
    assert un.loc["gas", "reason"] == "quality" and un.loc["gas", "remaining"] == pytest.approx(300.0, rel=1e-6)


def test_required_network_that_only_cold_heat_can_reach_is_infeasible():
    flows = pd.DataFrame([_flow("cold", "S0", "supply", 5000, 60),
                          _flow("dh", "S1", "demand", 600, 70, ret=40, price=50, required=True)])
    scen = scenario_from_frames(_sites(2), flows, _links([("S0", "S1", 0.0)]), heat_pump={"enabled": False})
    res = optimise(scen)
    assert res.summary["status"] == "infeasible"


def test_heat_pump_twin_covers_what_the_direct_pipe_cannot():
    # a 60 degC source can preheat a 6000 MWh/yr 70/40 network directly (a third, 2000 MWh/yr);
    # its heat-pump twin may lift the rest. Both candidates exist for the pair.
    flows = pd.DataFrame([_flow("cold", "S0", "supply", 50000, 60), _flow("dh", "S1", "demand", 6000, 70, ret=40,
                                                                           price=80)])
    scen = scenario_from_frames(_sites(2), flows, heat_pump={"enabled": True})
    cand = build_candidates(scen)
    assert len(cand.links) == 2
    assert np.isfinite(cand.links["heat_pump_cop"]).sum() == 1
    direct = int(np.flatnonzero(~np.isfinite(cand.links["heat_pump_cop"]))[0])
    assert cand.links["upper"].iat[direct] * cand.links["yield"].iat[direct] == pytest.approx(2000.0)
    res = optimise(scen)
    delivered = res.solution.flow * cand.links["yield"].to_numpy()
    assert delivered.sum() == pytest.approx(6000.0, rel=1e-6)  # everything served at 80 EUR/MWh
    assert delivered[direct] <= 2000.0 * (1 + 1e-9)


def test_flat_monthly_profiles_give_the_annual_cascade():
    flows = pd.DataFrame([_flow("cold", "S0", "supply", 1200, 60), _flow("hot", "S1", "supply", 1200, 95, ret=50),
                          _flow("dh", "S2", "demand", 600, 70, ret=40, price=50),
                          _flow("proc", "S3", "demand", 300, 75, price=60)])
    base = scenario_from_frames(_sites(4), flows, heat_pump={"enabled": False})
    flat = flows.assign(monthly_profile=";".join(["0.083333333333"] * 11 + ["0.083333333337"]))
    monthly = scenario_from_frames(_sites(4), flat, heat_pump={"enabled": False})
    a, b = optimise(base), optimise(monthly)
    assert b.solution.n_variables > a.solution.n_variables  # 12 periods really were modelled
    assert b.summary["objective"] == pytest.approx(a.summary["objective"], rel=1e-6)


# ---------------------------------------------------------------- against the brute force
def _random_instance(seed: int):
    rng = np.random.default_rng(seed)
    ns, nd = rng.integers(2, 4), rng.integers(2, 4)
    rows = []
    for k in range(ns):
        t = float(rng.integers(45, 160))
        ret = float(t - rng.integers(10, 70)) if rng.random() < 0.6 else None
        rows.append(_flow(f"s{k}", f"S{k}", "supply", float(rng.integers(1000, 20000)), t, ret,
                          price=float(rng.integers(0, 5))))
    for k in range(nd):
        t = float(rng.integers(40, 100))
        ret = float(t - rng.integers(10, 45)) if rng.random() < 0.7 else None
        rows.append(_flow(f"d{k}", f"S{ns + k}", "demand", float(rng.integers(1000, 20000)), t, ret,
                          price=float(rng.integers(30, 80))))
    hp = bool(rng.random() < 0.5)
    return pd.DataFrame(rows), int(ns + nd), hp


@pytest.mark.parametrize("seed", range(30))
@pytest.mark.slow
def test_random_cascades_match_the_brute_force(seed):
    flows, nsites, hp = _random_instance(seed)
    scen = scenario_from_frames(_sites(nsites), flows, heat_pump={"enabled": hp},
                                solver={"mip_gap": 0.0, "time_limit_s": 30})
    cand = build_candidates(scen)
    lk = cand.links
    if len(lk) > 14:
        pytest.skip("too many links for the brute force")
    f = scen.flows
    sup = np.flatnonzero((f["direction"] == "supply").to_numpy())
    dem = np.flatnonzero((f["direction"] == "demand").to_numpy())
    pt = lambda v: None if np.isnan(v) else float(v)  # noqa: E731
    sources = [{"amount": f["amount"].iat[i], "t_supply": f["temperature_c"].iat[i],
                "t_return": pt(f["return_temperature_c"].iat[i])} for i in sup]
    sinks = [{"amount": f["amount"].iat[j], "t_supply": f["temperature_c"].iat[j],
              "t_return": pt(f["return_temperature_c"].iat[j])} for j in dem]
    links = [{"source": int(np.searchsorted(sup, a)), "sink": int(np.searchsorted(dem, b)), "value": v,
              "fixed": F, "yield": g, "upper": np.inf, "heat_pump": bool(np.isfinite(c))}
             for a, b, v, F, g, c in lk[["supply", "demand", "value_eur_per_unit", "fixed_eur_per_yr", "yield",
                                         "heat_pump_cop"]].itertuples(index=False)]
    ref = cascade_optimum(sources, sinks, links, scen.catalogue["heat"].min_delta_t_k)
    res = optimise(scen, candidates=cand)
    assert res.summary["status"] == "optimal"
    assert res.summary["objective"] == pytest.approx(ref, rel=1e-6, abs=1e-3)
    # each direct link's big-M (which also decides the "uneconomic" drop) is the most heat the
    # link alone can carry under the interval model
    dT = scen.catalogue["heat"].min_delta_t_k
    for k, ln in enumerate(links):
        if not ln["heat_pump"]:
            alone = cascade_optimum(sources, sinks, [{**ln, "value": 1.0, "fixed": 0.0}], dT)
            assert lk["upper"].iat[k] == pytest.approx(alone, rel=1e-9, abs=1e-6)
    # a pair dropped on quality really cannot exchange heat: opened alone, free, at value 1
    for a, b in cand.dropped.loc[cand.dropped["reason"] == "quality", ["supply", "demand"]].itertuples(index=False):
        one = [{"source": int(np.searchsorted(sup, a)), "sink": int(np.searchsorted(dem, b)), "value": 1.0,
                "fixed": 0.0, "yield": 1.0, "upper": np.inf, "heat_pump": False}]
        assert cascade_optimum(sources, sinks, one, scen.catalogue["heat"].min_delta_t_k) == pytest.approx(0.0)


def test_level_step_rounds_the_safe_way():
    # a 63 degC reject preheats a 70/40 network (600 MWh/yr, 20 MWh/K) up to 53 degC:
    # 13 K x 20 = 260 MWh/yr. With levels rounded to 5 K the supply counts as 60 degC
    # (down) and the network as 70/40 (up, already round): 10 K x 20 = 200 MWh/yr.
    flows = pd.DataFrame([_flow("warm", "S0", "supply", 1000, 63), _flow("dh", "S1", "demand", 600, 70, ret=40,
                                                                          price=50)])
    links = _links([("S0", "S1", 0.0)])
    exact = optimise(scenario_from_frames(_sites(2), flows, links, heat_pump={"enabled": False}))
    rounded = optimise(scenario_from_frames(_sites(2), flows, links, heat_pump={"enabled": False},
                                            heat_level_step_k=5))
    assert exact.matches["amount"].sum() == pytest.approx(260.0, rel=1e-6)
    assert rounded.matches["amount"].sum() == pytest.approx(200.0, rel=1e-6)


@pytest.mark.parametrize("seed", range(0, 30, 3))
def test_rounded_levels_never_beat_the_exact_optimum(seed):
    flows, nsites, hp = _random_instance(seed)
    base = dict(heat_pump={"enabled": hp}, solver={"mip_gap": 0.0, "time_limit_s": 30})
    exact = optimise(scenario_from_frames(_sites(nsites), flows, **base))
    rounded = optimise(scenario_from_frames(_sites(nsites), flows, heat_level_step_k=5, **base))
    assert rounded.summary["objective"] <= exact.summary["objective"] * (1 + 1e-9) + 1e-6


def test_levels_are_rounded_when_the_exact_model_is_too_large_and_the_summary_says_so():
    flows, nsites, hp = _random_instance(1)
    base = dict(heat_pump={"enabled": hp}, solver={"mip_gap": 0.0, "time_limit_s": 30})
    exact = optimise(scenario_from_frames(_sites(nsites), flows, **base))
    small = optimise(scenario_from_frames(_sites(nsites), flows, heat_level_max_columns=5, **base))
    assert exact.summary["heat_level_step_k"] == 0.0 and "rounded" not in exact.summary["message"]
    assert small.summary["heat_level_step_k"] > 0
    assert "heat levels rounded to" in small.summary["message"]
    assert small.summary["objective"] <= exact.summary["objective"] * (1 + 1e-9) + 1e-6


@pytest.mark.parametrize("seed", range(6))
def test_monthly_cascade_is_the_sum_of_the_months(seed):
    # with free links (no fixed cost, no minimum) the 12-period model decomposes by month:
    # its optimum is the sum of 12 independent interval-transport LPs (the brute force's LP
    # with each month's amounts)
    rng = np.random.default_rng(100 + seed)
    flows, nsites, _ = _random_instance(seed)
    prof = rng.dirichlet(np.full(12, 2.0), size=len(flows))
    flows = flows.assign(monthly_profile=[";".join(f"{v:.6f}" for v in p / p.sum()) for p in np.round(prof, 6)])
    sup = flows.index[flows["direction"] == "supply"]
    dem = flows.index[flows["direction"] == "demand"]
    links = _links([(flows.at[a, "site_id"], flows.at[b, "site_id"], 1.0) for a in sup for b in dem])
    scen = scenario_from_frames(_sites(nsites), flows, links, heat_pump={"enabled": False},
                                solver={"mip_gap": 0.0, "time_limit_s": 30})
    res = optimise(scen)
    assert res.summary["status"] == "optimal"
    f, lk, per = scen.flows, res.candidates.links, scen.profiles
    pt = lambda v: None if np.isnan(v) else float(v)  # noqa: E731
    s_pos, d_pos = np.flatnonzero(f["direction"] == "supply"), np.flatnonzero(f["direction"] == "demand")
    links_ref = [{"source": int(np.searchsorted(s_pos, a)), "sink": int(np.searchsorted(d_pos, b)), "value": v,
                  "fixed": 0.0, "yield": g, "upper": np.inf, "heat_pump": False}
                 for a, b, v, g in lk[["supply", "demand", "value_eur_per_unit", "yield"]].itertuples(index=False)]
    from cascade_reference import cascade_lp_value

    total = 0.0
    for t in range(12):
        sources = [{"amount": f["amount"].iat[i] * per[i, t], "t_supply": f["temperature_c"].iat[i],
                    "t_return": pt(f["return_temperature_c"].iat[i])} for i in s_pos]
        sinks = [{"amount": f["amount"].iat[j] * per[j, t], "t_supply": f["temperature_c"].iat[j],
                  "t_return": pt(f["return_temperature_c"].iat[j])} for j in d_pos]
        total += cascade_lp_value(sources, sinks, links_ref, scen.catalogue["heat"].min_delta_t_k, [])
    assert res.summary["objective"] == pytest.approx(total, rel=1e-6, abs=1e-3)
