"""Siting (`eitflow site`): activities placed on free plots in one MILP with the territory.

- exactness: on random small territories the siting optimum equals an independent
  enumeration of every feasible placement, each solved as the ordinary model with the placed
  activities' flows added as ordinary flows (built here from the tables, not by the
  expansion code), less the placements' costs worked out here (CRF by hand); placing
  nothing is always feasible and never worse than the territory alone;
- the ranking's values are plans (at most the enumerated best with that placement forced)
  and its bounds are sound (at least it); solved entries equal it;
- a hand-worked case: which plot, and the plan's value, by hand;
- the CNIG dialects of plots.csv are read as documented; bad input is located.
"""
from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from eitflow import optimise, scenario_from_frames
from eitflow.analyses.siting import site
from eitflow.errors import ScenarioError

DISCOUNT, LIFETIME = 0.05, 15.0
CRF = DISCOUNT / (1 - (1 + DISCOUNT) ** -LIFETIME)  # capital recovery factor, by hand


def _resource(co2: float) -> dict:
    return {"description": "test commodity", "base_unit": "t/yr", "quality": "none", "max_distance_km": 40.0,
            "co2_factor_t_per_unit": co2,
            "transport": {"mode": "truck", "detour_factor": 1.3, "investment_eur": 2000.0, "investment_eur_per_km": 300.0,
                          "fixed_cost_eur_per_yr": 150.0, "var_cost_eur_per_unit": 0.5,
                          "var_cost_eur_per_unit_km": 0.08, "co2_t_per_unit_km": 0.0002},
            "source": "test (no physical meaning)"}


RESOURCES = {"good_a": _resource(0.4), "good_b": _resource(1.1)}
PARAMS = dict(discount_rate=DISCOUNT, lifetime_years=LIFETIME, solver={"mip_gap": 0})


def random_instance(seed: int, n_act: int = 2, n_plots: int = 3):
    """A territory, its plots and activities (tables), at random but reproducible."""
    rng = np.random.default_rng(seed)
    n_sites = int(rng.integers(2, 5))
    sites = pd.DataFrame({"site_id": [f"S{i}" for i in range(n_sites)],
                          "lat": 45.0 + rng.uniform(0, 0.15, n_sites), "lon": 4.0 + rng.uniform(0, 0.15, n_sites),
                          "zone": rng.choice(["Z1", "Z2"], n_sites)})
    rows = []
    for k in range(int(rng.integers(2, 6))):
        sup = k == 0 or rng.random() < 0.5
        rows.append({"flow_id": f"f{k}", "site_id": f"S{rng.integers(n_sites)}", "direction": "supply" if sup else
                     "demand", "resource": str(rng.choice(list(RESOURCES))), "amount": round(float(rng.uniform(50, 400))),
                     "unit": "t/yr", "price_eur_per_unit": round(float(rng.uniform(-8, 3) if sup else rng.uniform(5, 50)), 1)})
    flows = pd.DataFrame(rows)
    plots = pd.DataFrame({"plot_id": [f"P{q}" for q in range(n_plots)],
                          "lat": 45.0 + rng.uniform(0, 0.15, n_plots), "lon": 4.0 + rng.uniform(0, 0.15, n_plots),
                          "area_ha": rng.choice([3.0, 5.0, 8.0], n_plots),
                          "allowed_uses": rng.choice(["", "", "industry", "agriculture"], n_plots),
                          "land_rent_eur_per_ha_yr": rng.uniform(0, 300, n_plots).round(0),
                          "land_price_eur_per_ha": rng.uniform(0, 5000, n_plots).round(0),
                          "zone": rng.choice(["Z1", "Z2", ""], n_plots)})
    acts, aflows = [], []
    for a in range(n_act):
        acts.append({"activity_id": f"A{a}", "uses": str(rng.choice(["industry", "agriculture", "industry;agriculture"])),
                     "land_ha": float(rng.choice([2.0, 4.0])), "max_count": int(rng.integers(1, 3)),
                     "investment_eur": round(float(rng.uniform(0, 3e4))), "fixed_cost_eur_per_yr": round(float(rng.uniform(0, 1e3))),
                     "revenue_eur_per_yr": round(float(rng.uniform(0, 3e3)))})
        for j in range(int(rng.integers(1, 3))):
            sup = rng.random() < 0.4
            aflows.append({"activity_id": f"A{a}", "flow_id": f"a{a}_{j}", "direction": "supply" if sup else "demand",
                           "resource": str(rng.choice(list(RESOURCES))), "amount": round(float(rng.uniform(50, 300))),
                           "unit": "t/yr",
                           "price_eur_per_unit": round(float(rng.uniform(-8, 3) if sup else rng.uniform(10, 60)), 1)})
    return sites, flows, plots, pd.DataFrame(acts), pd.DataFrame(aflows)


def _allowed(plot: pd.Series, act: pd.Series) -> bool:
    allow = [u for u in str(plot["allowed_uses"]).split(";") if u]
    uses = set(str(act["uses"]).split(";")) | {act["activity_id"].lower()}
    return (not allow or bool(uses & set(allow))) and act["land_ha"] <= plot["area_ha"]


def _cost(plot: pd.Series, act: pd.Series) -> float:
    """A placement's net cost per year, by hand."""
    return (act["land_ha"] * (CRF * plot["land_price_eur_per_ha"] + plot["land_rent_eur_per_ha_yr"])
            + CRF * act["investment_eur"] + act["fixed_cost_eur_per_yr"] - act["revenue_eur_per_yr"])


def enumerate_plans(sites, flows, plots, acts, aflows, forced=None):
    """Every feasible placement (at most one instance per plot and activity, land per plot,
    counts per activity), each solved as the ordinary model with the placed activities' flows
    as ordinary flows; returns {frozenset of (activity, plot): plan value}."""
    pairs = [(a, q) for a in range(len(acts)) for q in range(len(plots)) if _allowed(plots.iloc[q], acts.iloc[a])]
    out = {}
    for r in range(len(pairs) + 1):
        for sub in itertools.combinations(pairs, r):
            if forced is not None and forced not in sub:
                continue
            land = np.zeros(len(plots))
            count = np.zeros(len(acts))
            for a, q in sub:
                land[q] += acts["land_ha"].iat[a]
                count[a] += 1
            if (land > plots["area_ha"].to_numpy() + 1e-9).any() or (count > acts["max_count"].to_numpy()).any() \
                    or (count < acts.get("min_count", pd.Series(0, index=acts.index)).fillna(0).to_numpy()).any():
                continue
            if "group" in acts:  # at most one activity of a (non-empty) group per plot
                per_plot = [(q, acts["group"].iat[a]) for a, q in sub if acts["group"].iat[a]]
                if len(per_plot) != len(set(per_plot)):
                    continue
            s_rows, f_rows = [sites], [flows]
            for a, q in sub:
                aid, pid = acts["activity_id"].iat[a], plots["plot_id"].iat[q]
                s_rows.append(pd.DataFrame({"site_id": [f"{aid}@{pid}"], "lat": [plots["lat"].iat[q]],
                                            "lon": [plots["lon"].iat[q]], "zone": [plots["zone"].iat[q]]}))
                af = aflows[aflows["activity_id"] == aid].drop(columns="activity_id").assign(site_id=f"{aid}@{pid}")
                af["flow_id"] = af["flow_id"] + "@" + pid
                f_rows.append(af)
            scen = scenario_from_frames(pd.concat(s_rows, ignore_index=True), pd.concat(f_rows, ignore_index=True),
                                        resources=RESOURCES, **PARAMS)
            res = optimise(scen, duals=False)
            assert res.status == "optimal"
            out[frozenset(sub)] = res.objective - sum(_cost(plots.iloc[q], acts.iloc[a]) for a, q in sub)
    return out


def _siting(sites, flows, plots, acts, aflows, **extra):
    return scenario_from_frames(sites, flows, resources=RESOURCES, plots=plots, activities=acts,
                                activity_flows=aflows, **{**PARAMS, **extra})


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.slow
def test_optimum_equals_enumeration_of_every_placement(seed):
    tables = random_instance(seed)
    plans = enumerate_plans(*tables)
    best = max(plans.values())
    r = site(_siting(*tables, siting={"rank_top": 10}))
    assert r.status == "optimal"
    assert r.solution.objective == pytest.approx(best, rel=1e-7, abs=1e-4)
    # placing nothing is feasible and the plan is never worse than the territory alone
    assert r.solution.objective >= plans[frozenset()] - 1e-6
    chosen = frozenset((int(a[1:]), int(q[1:])) for a, q in zip(r.placements["activity_id"], r.placements["plot_id"]))
    assert plans[chosen] == pytest.approx(best, rel=1e-7, abs=1e-4)
    # every view of the plan adds up, with the placements' costs by hand
    t = r.result.statistics.totals()
    sites, flows, plots, acts, aflows = tables
    by_hand = sum(_cost(plots.iloc[q], acts.iloc[a]) for a, q in chosen)
    assert t["placement_cost_eur_per_yr"] == pytest.approx(by_hand, abs=1e-6)
    assert t["net_benefit_eur_per_yr"] == pytest.approx(r.result.matches["net_benefit_eur_per_yr"].sum() - by_hand,
                                                        abs=1e-6)
    assert t["net_benefit_eur_per_yr"] == pytest.approx(r.solution.objective, rel=1e-7, abs=1e-4)
    st = r.result.statistics
    for a in ("company", "sink", "source", "half"):
        assert st.zones(a)["net_benefit_eur_per_yr"].sum() == pytest.approx(t["net_benefit_eur_per_yr"], abs=1e-5)
    assert st.companies()["total_eur_per_yr"].sum() == pytest.approx(t["net_benefit_eur_per_yr"], abs=1e-5)
    assert st.resources()["net_benefit_eur_per_yr"].sum() == pytest.approx(t["net_benefit_eur_per_yr"], abs=1e-5)
    # the exchanges after their shares (the placed activities' costs borne by their exchanges, by
    # amount: `results.shares`) add up to the headline, unless a placement has no exchange at all
    L = st.links()
    bare = sum(_cost(plots.iloc[q], acts.iloc[a]) for a, q in chosen
               if not any(L["supply_flow_id"].str.startswith(f"a{a}_") | L["demand_flow_id"].str.startswith(f"a{a}_")))
    assert L["build_cost_share_eur_per_yr"].sum() == pytest.approx(by_hand - bare, abs=1e-5)
    assert L["net_benefit_after_shares_eur_per_yr"].sum() - bare == pytest.approx(t["net_benefit_eur_per_yr"], abs=1e-5)


@pytest.mark.parametrize("seed", range(2))
def test_ranking_values_are_plans_and_bounds_are_sound(seed):
    tables = random_instance(100 + seed)
    sites, flows, plots, acts, aflows = tables
    plans = enumerate_plans(*tables)
    r = site(_siting(*tables, siting={"rank_top": 1}))
    for row in r.ranking.itertuples(index=False):
        key = (int(row.activity_id[1:]), int(row.plot_id[1:]))
        best_forced = max(v for s, v in plans.items() if key in s)
        assert row.bound_eur_per_yr >= best_forced - 1e-6, row
        if np.isfinite(row.value_eur_per_yr):
            assert row.value_eur_per_yr <= best_forced + 1e-6, row
        if row.method in ("in the plan", "solved"):
            assert row.value_eur_per_yr == pytest.approx(best_forced, rel=1e-7, abs=1e-4), row
    # the value a placement creates: the plan less the best plan without it
    for p in r.placements.itertuples(index=False):
        key = (int(p.activity_id[1:]), int(p.plot_id[1:]))
        without = max(v for s, v in plans.items() if key not in s)
        assert p.value_created_eur_per_yr == pytest.approx(r.solution.objective - without, rel=1e-7, abs=1e-4)
        none = max(v for s, v in plans.items() if all(a != key[0] for a, _ in s))
        assert p.activity_value_eur_per_yr == pytest.approx(r.solution.objective - none, rel=1e-7, abs=1e-4)


@pytest.mark.parametrize("seed", [20, 22])
@pytest.mark.slow
def test_group_allows_one_alternative_per_plot(seed):
    # three activities, two of them sizes of one project (group "g"): never both on one plot
    sites, flows, plots, acts, aflows = random_instance(seed, n_act=3, n_plots=2)
    acts = acts.assign(group=["g", "g", ""], land_ha=2.0, max_count=2)
    plots = plots.assign(area_ha=8.0, allowed_uses="")
    plans = enumerate_plans(sites, flows, plots, acts, aflows)
    r = site(_siting(sites, flows, plots, acts, aflows), rank=False)
    assert r.solution.objective == pytest.approx(max(plans.values()), rel=1e-7, abs=1e-4)
    on = r.placements[r.placements["activity_id"].isin(["A0", "A1"])]
    assert not on["plot_id"].duplicated().any()
    # these seeds were picked where the group binds: without it both sizes go on one plot
    free = site(_siting(sites, flows, plots, acts.assign(group=""), aflows), rank=False)
    assert free.solution.objective > r.solution.objective + 1.0


def test_placements_that_never_pay_are_left_out_exactly():
    # A0 demands good_a from S0 (pays); A1 has no partner in range and costs money: left out
    # of the model, still in the ranking with a bound at most the plan's
    sites = pd.DataFrame({"site_id": ["S0"], "lat": [45.0], "lon": [4.0]})
    flows = pd.DataFrame({"flow_id": ["f0"], "site_id": ["S0"], "direction": ["supply"], "resource": ["good_a"],
                          "amount": [200.0], "unit": ["t/yr"], "price_eur_per_unit": [-5.0]})
    plots = pd.DataFrame({"plot_id": ["P0", "P1"], "lat": [45.01, 45.02], "lon": [4.0, 4.0], "area_ha": [5.0, 5.0],
                          "allowed_uses": ["", ""], "land_rent_eur_per_ha_yr": [0.0, 0.0],
                          "land_price_eur_per_ha": [0.0, 0.0], "zone": ["", ""]})
    acts = pd.DataFrame({"activity_id": ["A0", "A1"], "uses": ["", ""], "land_ha": [1.0, 1.0], "max_count": [1, 1],
                         "investment_eur": [0.0, 0.0], "fixed_cost_eur_per_yr": [10.0, 10.0],
                         "revenue_eur_per_yr": [0.0, 0.0]})
    aflows = pd.DataFrame({"activity_id": ["A0", "A1"], "flow_id": ["a0_in", "a1_in"], "direction": ["demand", "demand"],
                           "resource": ["good_a", "good_b"], "amount": [200.0, 100.0], "unit": ["t/yr", "t/yr"],
                           "price_eur_per_unit": [40.0, 40.0]})
    plans = enumerate_plans(sites, flows, plots, acts, aflows)
    r = site(_siting(sites, flows, plots, acts, aflows, siting={"rank_top": 2}))
    assert r.summary()["candidate_placements"] == 4 and r.summary()["modelled_placements"] == 2
    assert r.solution.objective == pytest.approx(max(plans.values()), rel=1e-7, abs=1e-4)
    a1 = r.ranking[r.ranking["activity_id"] == "A1"]
    assert len(a1) == 2
    for row in a1.itertuples(index=False):
        best_forced = max(v for s, v in plans.items() if (1, int(row.plot_id[1:])) in s)
        assert best_forced < r.solution.objective and row.bound_eur_per_yr >= best_forced - 1e-6
    assert r.activities.set_index("activity_id").loc["A1", "reason"] == "no_synergy_in_range"


@pytest.mark.parametrize("seed", [1, 3])
@pytest.mark.slow
def test_lp_support_first_keeps_the_optimum(seed, monkeypatch):
    # the path large siting batches take (LP, a MIP over the placements it uses and the next
    # ones by reduced cost, then the whole batch from that plan), forced onto small instances
    import eitflow.solve.batch as batch

    monkeypatch.setattr(batch, "SITING_LP_FIRST", 1)
    monkeypatch.setattr(batch, "SITING_SUPPORT_PER_ACTIVITY", 0)
    calls = []
    real = batch._solve_lp_support_first

    def spy(*args, **kwargs):
        calls.append(real(*args, **kwargs))
        return calls[-1]

    monkeypatch.setattr(batch, "_solve_lp_support_first", spy)
    tables = random_instance(seed, n_act=3)
    plans = enumerate_plans(*tables)
    r = site(_siting(*tables), rank=False)
    assert calls and all(c.message.startswith("LP support first") for c in calls)
    assert r.solution.objective == pytest.approx(max(plans.values()), rel=1e-7, abs=1e-4)
    assert r.solution.bound >= max(plans.values()) - 1e-4


# ------------------------------------------------------------------ the Lagrangian bound
def _free_plans(tables) -> dict:
    """Every placement set with the counts free (each solved as the ordinary model)."""
    sites, flows, plots, acts, aflows = tables
    return enumerate_plans(sites, flows, plots, acts.assign(max_count=len(plots), min_count=0), aflows)


def _counts(s, n_acts: int) -> np.ndarray:
    return np.bincount([a for a, _ in s], minlength=n_acts)


def _lagrangian_by_enumeration(plans: dict, n_acts: int, lam, lo, hi, acts_of_rows) -> float:
    """max over placement sets S (counts free) of plan(S) - sum_a lam_a (|S_a| - side_a), the
    side the multiplier prices (max_count where lam > 0, min_count where lam < 0)."""
    side = np.where(lam > 0, hi, np.where(lam < 0, lo, 0.0))
    return max(v - float(lam @ (_counts(s, n_acts)[acts_of_rows] - side)) for s, v in plans.items())


@pytest.mark.parametrize("seed", [0, 1] + [pytest.param(s, marks=pytest.mark.slow) for s in (2, 3)])
def test_count_lagrangian_is_sound_and_equals_enumeration(seed, monkeypatch):
    """The Lagrangian bound over the count rows (`solve.lagrange`): sound (never below the
    optimum found by enumerating every placement), never above the LP, and equal to the
    Lagrangian function worked out by enumeration (every placement set with the counts free,
    each solved as the ordinary model, priced at the LP's count duals)."""
    import eitflow.solve.lagrange as lagrange
    from eitflow.scenario import SolverOptions
    from eitflow.solve.batch import _relaxation

    monkeypatch.setattr(lagrange, "SUB_GAP", 0.0)
    tables = random_instance(seed, n_act=3, n_plots=3)
    from eitflow.candidates.generate import build_candidates
    from eitflow.candidates.placements import expand_placements
    from eitflow.model.build import build_arrays

    exp = expand_placements(_siting(*tables))
    arr = build_arrays(exp, build_candidates(exp))
    lp = _relaxation(arr, SolverOptions(), 60.0)
    assert lp is not None
    lp_obj, z, _, row_dual = lp
    lag = lagrange.count_lagrangian(arr, z, row_dual, lp_obj, 60.0)
    plans = _free_plans(tables)
    acts = tables[3]
    opt = max(v for s, v in plans.items() if (_counts(s, len(acts)) <= acts["max_count"].to_numpy()).all())
    if lag is None:  # no count row can bind: nothing to relax
        assert "count" not in arr.rows or not len(arr.rows["count"])
        return
    assert lag.solved == lag.fractional
    assert opt <= lag.bound + 1e-6 * max(1.0, abs(opt))
    assert lag.bound <= lp_obj + 1e-9 * max(1.0, abs(lp_obj))
    cr = arr.rows["count"]
    lam = np.asarray(row_dual)[cr.slice]
    by_hand = _lagrangian_by_enumeration(plans, len(acts), lam, arr.row_lo[cr.slice], arr.row_hi[cr.slice],
                                         cr.labels)
    if seed == 1:  # the LP is 30 % above the optimum here; the Lagrangian bound is the optimum
        assert lp_obj > 1.2 * opt and lag.bound == pytest.approx(opt, rel=1e-6)
    # the component search from the empty plan (feasible: no min_count, no required demand)
    # keeps every row and only improves; with one component it is the exact optimum
    z0 = np.zeros(arr.A.shape[1])
    zs, obj, _ = lagrange.component_search(arr, z0, lag, 60.0, gap=0.0)
    ax = arr.A @ zs
    tol = 1e-6 * max(1.0, float(np.abs(zs).max()))
    assert (ax <= arr.row_hi + tol).all() and (ax >= arr.row_lo - tol).all()
    assert (zs >= arr.lb - tol).all() and (zs <= arr.ub + tol).all()
    ints = zs[arr.integrality.astype(bool)]
    assert np.allclose(ints, np.round(ints), atol=1e-6)
    assert obj == pytest.approx(float(arr.c @ zs)) and 0.0 <= obj <= opt + 1e-6 * max(1.0, abs(opt))
    if lag.components == 1:
        assert obj == pytest.approx(opt, rel=1e-6, abs=1e-4)
    assert lag.bound == pytest.approx(min(lp_obj, by_hand), rel=1e-6, abs=1e-4)


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(6, 12))
def test_optimum_equals_enumeration_more(seed):
    tables = random_instance(seed, n_act=3 if seed in (6, 9) else 2, n_plots=3)
    plans = enumerate_plans(*tables)
    r = site(_siting(*tables), rank=False)
    assert r.solution.objective == pytest.approx(max(plans.values()), rel=1e-7, abs=1e-4)


def test_min_count_forces_a_placement_and_required_demand_needs_a_partner():
    sites, flows, plots, acts, aflows = random_instance(7)
    acts["min_count"] = [1, 0]
    acts["max_count"] = [1, 1]
    plans = enumerate_plans(sites, flows, plots, acts, aflows)
    r = site(_siting(sites, flows, plots, acts, aflows), rank=False)
    assert r.solution.objective == pytest.approx(max(plans.values()), rel=1e-7, abs=1e-4)
    assert (r.placements["activity_id"] == "A0").sum() == 1


# ------------------------------------------------------------------ a case by hand
def test_hand_worked_case_picks_the_near_plot():
    """One supplier of good_a (300 t/yr, disposal 2 EUR/t) and an activity needing 200 t/yr
    (paying 40 EUR/t today, revenue covering its costs less 100 EUR/yr). Plot NEAR is 5 km
    from the supplier, FAR 20 km (great circle; route x 1.3)."""
    lat0, lon0 = 45.0, 4.0
    km_per_deg = 6371.0088 * np.pi / 180
    sites = pd.DataFrame({"site_id": ["SUP"], "lat": [lat0], "lon": [lon0]})
    flows = pd.DataFrame({"site_id": ["SUP"], "direction": ["supply"], "resource": ["good_a"], "amount": [300],
                          "unit": ["t/yr"], "price_eur_per_unit": [2.0]})
    plots = pd.DataFrame({"plot_id": ["NEAR", "FAR"], "lat": [lat0 + 5 / km_per_deg, lat0 + 20 / km_per_deg],
                          "lon": [lon0, lon0], "area_ha": [2.0, 2.0], "land_rent_eur_per_ha_yr": [500.0, 100.0]})
    acts = pd.DataFrame({"activity_id": ["ACT"], "land_ha": [1.0], "revenue_eur_per_yr": [-100.0]})
    aflows = pd.DataFrame({"activity_id": ["ACT"], "direction": ["demand"], "resource": ["good_a"], "amount": [200],
                           "unit": ["t/yr"], "price_eur_per_unit": [40.0]})
    r = site(_siting(sites, flows, plots, acts, aflows, carbon_price_eur_per_t=0))

    def plan(km: float, rent: float) -> float:
        route = 1.3 * km
        v = 40 + 2 - (0.5 + 0.08 * route)                     # EUR/t: price avoided + disposal avoided - transport
        F = CRF * (2000 + 300 * route) + 150                  # EUR/yr
        return v * 200 - F - (rent * 1.0 + 100.0)              # the activity's land and its shortfall

    assert plan(5, 500) > plan(20, 100) > 0
    assert list(r.placements["plot_id"]) == ["NEAR"]
    assert r.solution.objective == pytest.approx(plan(5, 500), rel=1e-6)
    rk = r.ranking.set_index("plot_id")
    assert rk.loc["FAR", "value_eur_per_yr"] == pytest.approx(plan(20, 100), rel=1e-6)
    assert rk.loc["FAR", "loss_eur_per_yr"] == pytest.approx(plan(5, 500) - plan(20, 100), rel=1e-6)
    assert list(rk.sort_values("rank").index) == ["NEAR", "FAR"]


def _unplaced():
    """Three activities, one per reason for not placing: BIG fits no plot (10 ha against 1
    and 5), LONELY has no partner for good_b, DEAR costs more than its exchange saves."""
    sites = pd.DataFrame({"site_id": ["SUP"], "lat": [45.0], "lon": [4.0]})
    flows = pd.DataFrame({"site_id": ["SUP"], "direction": ["supply"], "resource": ["good_a"], "amount": [300],
                          "unit": ["t/yr"], "price_eur_per_unit": [0.0]})
    plots = pd.DataFrame({"plot_id": ["P1", "P2"], "lat": [45.01, 45.02], "lon": [4.0, 4.0], "area_ha": [1.0, 5.0],
                          "allowed_uses": ["", "industry"], "land_rent_eur_per_ha_yr": [0.0, 0.0]})
    acts = pd.DataFrame({"activity_id": ["BIG", "LONELY", "DEAR"], "land_ha": [10.0, 0.5, 0.5],
                         "uses": ["industry", "industry", "industry"], "investment_eur": [0, 0, 1e7]})
    aflows = pd.DataFrame({"activity_id": ["BIG", "LONELY", "DEAR"], "direction": "demand",
                           "resource": ["good_a", "good_b", "good_a"], "amount": [100, 100, 100], "unit": "t/yr",
                           "price_eur_per_unit": [30.0, 30.0, 30.0]})
    return _siting(sites, flows, plots, acts, aflows)


def test_reasons_when_not_placed():
    r = site(_unplaced())
    why = r.activities.set_index("activity_id")
    assert why.loc["BIG", "reason"] == "no_plot_allowed" and "2 smaller than" in why.loc["BIG", "detail"]
    assert why.loc["LONELY", "reason"] == "no_synergy_in_range"
    assert why.loc["DEAR", "reason"] == "does_not_pay"
    assert len(r.placements) == 0 and r.solution.objective == pytest.approx(0.0, abs=1e-9)


def test_reasons_detail_speaks_the_report_language(tmp_path):
    """activity_reasons.csv keeps its English sentence; the French report says the same
    figures in French (it used to show the English sentence)."""
    import re

    from eitflow.analyses.siting import siting_files
    from eitflow.report.html import write_report
    from eitflow.results.rundir import read_run, write_files, write_run

    sr = site(_unplaced())
    out = tmp_path / "run"
    write_run(sr.result, out, extras=lambda d: write_files(d, siting_files(sr)))
    why = read_run(out).activity_reasons.set_index("activity_id")
    # the CSV: English, with its figures beside it (2 plots, both smaller than 10 ha)
    assert why.loc["BIG", "detail"] == "of 2 plots: 2 smaller than its 10 ha"
    assert (why.loc["BIG", "plots"], why.loc["BIG", "plots_too_small"]) == (2, 2)
    assert why.loc["LONELY", "detail"].startswith("no partner for its flows")
    assert why.loc["DEAR", "detail"].startswith("partners in range of 2 allowed plots, ")
    html = write_report(out, lang="fr").read_text(encoding="utf-8")
    table = re.search(r'<table id="reasons-table">.*?</table>', html, re.S).group(0)
    cells = {m[0]: m[1] for m in re.findall(r"<tr><td>(\w+)</td>.*?<td>[^<]*</td><td>([^<]*)</td></tr>", table)}
    assert cells["BIG"] == "sur 2 parcelles : 2 plus petites que ses 10\xa0ha"   # a figure's unit glued: one line
    assert cells["LONELY"] == ("aucun partenaire pour ses flux à portée d&#x27;une parcelle autorisée "
                               "(aucun partenaire compatible nulle part)")
    assert cells["DEAR"].startswith("des partenaires à portée de 2 parcelles autorisées, ")
    for english in ("smaller than", "no partner", "partners in range", "lowers the plan", "EUR/yr"):
        assert english not in table, english
    if "réduit le plan" in cells["DEAR"]:  # forced onto its best plot: the loss in French figures
        loss = why.loc["DEAR", "best_loss_eur_per_yr"]
        assert f"{round(loss):,}".replace(",", "\u202f") in cells["DEAR"] and "€/an" in cells["DEAR"]


# ------------------------------------------------------------------ CNIG dialects
def _territory():
    return (pd.DataFrame({"site_id": ["S"], "lat": [43.4], "lon": [4.9]}),
            pd.DataFrame({"site_id": ["S"], "direction": ["supply"], "resource": ["good_a"], "amount": [10],
                          "unit": ["t/yr"]}))


ACTS = pd.DataFrame({"activity_id": ["A"], "land_ha": [1.0]})
AFLOWS = pd.DataFrame({"activity_id": ["A"], "direction": ["demand"], "resource": ["good_a"], "amount": [5],
                       "unit": ["t/yr"], "price_eur_per_unit": [10]})


def test_cnig_friches_columns_are_read():
    friches = pd.DataFrame({
        "site_id": ["13039_1", "13039_2"], "site_nom": ["Ancienne usine", "Dépôt"],
        "site_type": ["friche industrielle", "friche logistique"],
        "geompoint": ["POINT(43.4310 4.8790)", "POINT(4.95 43.46)"],      # lat lon (the standard's example), lon lat
        "unite_fonciere_surface": [125000, 30000], "comm_nom": ["Fos-sur-Mer", "Fos-sur-Mer"],
        "site_statut": ["friche sans projet", "friche reconvertie"],
        "sol_pollution_existe": ["pollution avérée", "pollution inexistante"],
        "sol_pollution_commentaire": ["hydrocarbures", ""], "urba_zone_type": ["U", ""], "urba_zone_lib": ["UEa", ""]})
    scen = scenario_from_frames(*_territory(), resources=RESOURCES, plots=friches, activities=ACTS,
                                activity_flows=AFLOWS)
    p = scen.siting.plots.set_index("plot_id")
    assert p.loc["13039_1", ["lat", "lon"]].tolist() == [43.431, 4.879]
    assert p.loc["13039_2", ["lat", "lon"]].tolist() == [43.46, 4.95]
    assert p.loc["13039_1", "area_ha"] == 12.5 and p.loc["13039_2", "area_ha"] == 3.0
    assert p.loc["13039_1", "available"] and not p.loc["13039_2", "available"]
    assert p.loc["13039_1", "excluded_uses"] == ["food"] and p.loc["13039_2", "excluded_uses"] == []
    assert p.loc["13039_1", "pollution"] == "pollution avérée; hydrocarbures"
    assert p.loc["13039_1", "zone"] == "Fos-sur-Mer" and p.loc["13039_1", "name"] == "Ancienne usine"
    assert p.loc["13039_1", "constraints"] == "PLU zone U UEa; friche industrielle"


def test_cnig_terrain_eco_columns_are_read():
    square = '{"type": "Polygon", "coordinates": [[[4.90, 43.40], [4.92, 43.40], [4.92, 43.44], [4.90, 43.44], ' \
             '[4.90, 43.40]]]}'
    lots = pd.DataFrame({"terr_id": ["T1", "T2"], "site_id": ["ZAC_A", "ZAC_A"], "terr_surf_brute": [9.9, 2.0],
                         "terr_geomsurf": [square, square], "terr_m2_prix": [5.35, ""],
                         "terr_etat_occup": ["vacant", "occupé"], "terr_stade_comm": ["en vente", "en vente"],
                         "terr_stade_amngt": ["viabilisé et aménagé", ""]})
    scen = scenario_from_frames(*_territory(), resources=RESOURCES, plots=lots, activities=ACTS,
                                activity_flows=AFLOWS)
    p = scen.siting.plots.set_index("plot_id")
    assert p.loc["T1", "lat"] == pytest.approx(43.42) and p.loc["T1", "lon"] == pytest.approx(4.91)
    assert p.loc["T1", "land_price_eur_per_ha"] == pytest.approx(53500.0)
    assert p.loc["T1", "available"] and not p.loc["T2", "available"]
    assert p.loc["T1", "zone"] == "ZAC_A" and p.loc["T1", "area_ha"] == 9.9


def test_cnig_site_eco_columns_are_read():
    parks = pd.DataFrame({"site_id": ["80024_SITE-ECO_00001"], "site_nom": ["ZAC Les Bornes du Temps"],
                          "site_geompoint": ["3.9815, 49.2527"], "site_surf_comm_dispo": [5.7],
                          "site_epci_nom": ["CC Nièvre et Somme"], "site_voca_industrielle": ["oui"],
                          "site_voca_commerciale": ["non"], "site_voca_tertiaire": ["oui"]})
    scen = scenario_from_frames(*_territory(), resources=RESOURCES, plots=parks, activities=ACTS,
                                activity_flows=AFLOWS)
    p = scen.siting.plots.iloc[0]
    assert (p["lat"], p["lon"], p["area_ha"]) == (49.2527, 3.9815, 5.7)
    assert p["allowed_uses"] == ["industry", "tertiary"] and p["zone"] == "CC Nièvre et Somme"


def test_bad_siting_input_is_located():
    sites, flows = _territory()
    plots = pd.DataFrame({"plot_id": ["S", "P2"], "lat": [43.4, 43.5], "lon": [4.9, 4.9], "area_ha": [2, -1]})
    acts = pd.DataFrame({"activity_id": ["A", "B", "C"], "template": ["", "greenhous", ""], "land_ha": [1, "", 1],
                         "min_count": [2, 0, 0], "max_count": [1, 1, 1]})
    aflows = pd.DataFrame({"activity_id": ["A", "Z"], "direction": ["demand", "demand"], "resource": ["good_a"] * 2,
                           "amount": [5, 5], "unit": ["t/yr"] * 2})
    with pytest.raises(ScenarioError) as e:
        scenario_from_frames(sites, flows, resources=RESOURCES, plots=plots, activities=acts, activity_flows=aflows)
    msgs = [str(p) for p in e.value.problems]
    assert any("plots, row 2, column 'plot_id'" in m and "differ from every site id" in m for m in msgs), msgs
    assert any("plots, row 3, column 'area_ha'" in m for m in msgs), msgs
    assert any("activities, row 3, column 'template'" in m and "did you mean 'greenhouse'" in m for m in msgs), msgs
    assert any("activities, row 2, column 'min_count'" in m and "exceeds max_count" in m for m in msgs), msgs
    assert any("activity_flows, row 3, column 'activity_id'" in m and "(not in the activities DataFrame)" in m
               for m in msgs), msgs
    assert any("activities, row 4, column 'activity_id'" in m and "no flows" in m for m in msgs), msgs


def test_templates_fill_activities_from_the_catalogue():
    sites, flows = _territory()
    acts = pd.DataFrame({"activity_id": ["SERRE"], "template": ["greenhouse"], "size": [4]})
    plots = pd.DataFrame({"plot_id": ["P"], "lat": [43.4], "lon": [4.9], "area_ha": [10]})
    scen = scenario_from_frames(sites, flows, resources=RESOURCES, plots=plots, activities=acts)
    a = scen.siting.activities.iloc[0]
    assert a["land_ha"] == pytest.approx(5.0) and a["investment_eur"] == pytest.approx(4.8e6) and a["break_even"]
    f = scen.siting.flows.set_index("flow_id")
    assert f.loc["SERRE_heat", "amount"] == pytest.approx(12000.0)   # 3.0 GWh/yr per ha x 4 ha, in MWh/yr
    assert f.loc["SERRE_co2", "amount"] == pytest.approx(600.0)


# ------------------------------------------------------------------ the command, the run directory, the report
def test_site_command_on_the_fos_scenario(tmp_path):
    """`eitflow site` writes the ordinary outputs of the plan and the siting tables; they agree
    with each other and with the statistics; the report shows the plots and the section."""
    import json
    from pathlib import Path

    from click.testing import CliRunner

    from eitflow.cli.main import main
    from eitflow.report.html import write_report
    from eitflow.results.rundir import read_run

    scen = Path(__file__).resolve().parents[1] / "scenarios" / "fos_siting" / "scenario.yaml"
    out = tmp_path / "fos"
    res = CliRunner().invoke(main, ["site", str(scen), "--out", str(out), "-q", "--lang", "en"])
    assert res.exit_code == 0, res.output
    for f in ("placements.csv", "ranking.csv", "activity_reasons.csv", "plots.csv", "plots.geojson", "matches.csv",
              "summary.json"):
        assert (out / f).exists(), f
    s = json.loads((out / "summary.json").read_text())
    data = read_run(out)
    pl, m, t = data.placements, data.matches, s["totals"]
    # totals = exchanges - placements' net costs; every placed site is a site of the plan's map
    assert t["net_benefit_eur_per_yr"] == pytest.approx(m["net_benefit_eur_per_yr"].sum()
                                                        - pl["cost_eur_per_yr"].sum(), rel=1e-9)
    assert t["placement_cost_eur_per_yr"] == pytest.approx(pl["cost_eur_per_yr"].sum(), rel=1e-9)
    assert set(pl["site_id"]) <= set(data.sites["site_id"])
    assert s["siting"]["placed"] == len(pl) and s["siting"]["candidate_placements"] == len(data.ranking)
    # the ranking's best plot of each placed activity is where it was placed, at the plan's value
    best = data.ranking[data.ranking["rank"] == 1].set_index("activity_id")
    for r in pl.itertuples(index=False):
        assert best.loc[r.activity_id, "plot_id"] == r.plot_id
        assert best.loc[r.activity_id, "value_eur_per_yr"] == pytest.approx(s["objective"], rel=1e-9)
    why = data.activity_reasons.set_index("activity_id")
    assert why.loc["ELECTROLYSEUR", "reason"] == "does_not_pay" and why.loc["ELECTROLYSEUR", "placed"] == 0
    html = write_report(out, lang="en").read_text(encoding="utf-8")
    for pid in data.plots["plot_id"]:
        assert f'data-plot="{pid}"' in html
    assert 'id="siting"' in html and 'id="ranking-table"' in html
    # the French report says why the electrolyser is not placed in French, with the CSV's figures
    fr = write_report(out, lang="fr").read_text(encoding="utf-8")
    e = why.loc["ELECTROLYSEUR"]
    money = [f"{round(e[c]):,}".replace(",", "\u202f") + "\xa0€/an" for c in ("best_loss_eur_per_yr",   # one line
                                                                          "best_cost_eur_per_yr")]
    assert f"elle réduit le plan de {money[0]} (coût net {money[1]})" in fr
    assert "lowers the plan" in e["detail"] and "lowers the plan" not in fr


def test_readme_documents_the_siting_tables_and_the_cnig_mapping():
    from pathlib import Path

    from eitflow.io.schema import update_readme

    text = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for name in ("plots", "activities", "cnig"):
        assert f"<!-- schema:{name} -->" in text, name
    assert update_readme(text) == text, "README is stale: run python -m eitflow.io.schema README.md"


def test_placement_exchanges_speak_the_report_language(tmp_path):
    """placements.csv's `exchanges` stays English (partners by code); the French report
    writes the same exchanges in French, partners by name, from the run's chosen links (it
    used to show the English)."""
    import re

    from eitflow.analyses.siting import siting_files
    from eitflow.report.html import write_report
    from eitflow.results.rundir import read_run, write_files, write_run

    sites = pd.DataFrame({"site_id": ["CENTRALE"], "name": ["Centrale de Gardanne"], "lat": [45.0], "lon": [4.0]})
    flows = pd.DataFrame({"site_id": ["CENTRALE"], "direction": ["supply"], "resource": ["fly_ash"],
                          "amount": [5000], "unit": ["t/yr"], "price_eur_per_unit": [0.0]})
    plots = pd.DataFrame({"plot_id": ["P1"], "lat": [45.01], "lon": [4.0], "area_ha": [2.0],
                          "allowed_uses": ["industry"], "land_rent_eur_per_ha_yr": [0.0]})
    acts = pd.DataFrame({"activity_id": ["CIMENT"], "land_ha": [1.0], "uses": ["industry"], "investment_eur": [0]})
    aflows = pd.DataFrame({"activity_id": ["CIMENT"], "direction": "demand", "resource": ["fly_ash"],
                           "amount": [1200], "unit": "t/yr", "price_eur_per_unit": [40.0]})
    sr = site(_siting(sites, flows, plots, acts, aflows))
    out = tmp_path / "run"
    write_run(sr.result, out, extras=lambda d: write_files(d, siting_files(sr)))
    pl = read_run(out).placements
    assert len(pl) == 1  # 1,200 t/yr at 40 EUR/t saved, 1.1 km away, nothing to build
    assert pl.loc[0, "exchanges"] == "fly ash from CENTRALE (1,200 t/yr)"
    html = write_report(out, lang="fr").read_text(encoding="utf-8")
    table = re.search(r'<table id="placements-table">.*?</table>', html, re.S).group(0)
    assert "cendres volantes venant de Centrale de Gardanne (1\u202f200\xa0t/an)" in table   # one line
    assert "fly ash" not in table and " from " not in table


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
@pytest.mark.slow
def test_new_land_take_cap_equals_enumeration(seed):
    """France's zero net land take: `siting.max_new_land_take_ha` caps the land placements take
    on greenfield plots (plots `greenfield`). Every plan enumerated, those over the cap dropped:
    the best is the site plan, for a cap of 0, 2 and 4 ha and none; the land taken is counted by
    hand. Before, `greenfield` was an unknown column and nothing counted or capped it."""
    tables = random_instance(seed)
    sites, flows, plots, acts, aflows = tables
    plans = enumerate_plans(*tables)
    free_best = max(plans.values())
    # the plots of the free optimum are the greenfield ones: the cap bites there
    best_plots = {q for a, q in max(plans, key=plans.get)}
    green = np.array([q in best_plots for q in range(len(plots))])
    plots = plots.assign(greenfield=["yes" if g else "" for g in green])

    def taken(plan) -> float:
        return sum(acts["land_ha"].iat[a] for a, q in plan if green[q])

    bit = False
    for cap in (0.0, 2.0, 4.0, None):
        ok = {p: v for p, v in plans.items() if cap is None or taken(p) <= cap + 1e-9}
        best = max(ok.values())
        bit |= best < free_best - 1e-6
        extra = {} if cap is None else {"max_new_land_take_ha": cap}
        r = site(_siting(sites, flows, plots, acts, aflows, siting={"rank_top": 10, **extra}))
        assert r.status == "optimal"
        assert r.solution.objective == pytest.approx(best, rel=1e-7, abs=1e-4), cap
        chosen = frozenset((int(a[1:]), int(q[1:])) for a, q in zip(r.placements["activity_id"],
                                                                     r.placements["plot_id"]))
        assert r.result.summary["siting"]["new_land_take_ha"] == pytest.approx(taken(chosen), abs=1e-9)
        assert r.placements["new_land_take_ha"].sum() == pytest.approx(taken(chosen), abs=1e-9)
        assert r.result.summary["siting"]["max_new_land_take_ha"] == cap
        assert cap is None or taken(chosen) <= cap + 1e-9
    assert bit == bool(best_plots)   # where the free optimum places something, a cap of 0 ha moves it
