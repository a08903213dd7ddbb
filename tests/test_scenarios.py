"""Every bundled scenario (each directory of scenarios/ with a scenario.yaml) runs to a
solution that is consistent with its inputs.

Checked from the result tables alone, as a user would read matches.csv and the scenario
files: status optimal or feasible; at least one exchange; a reason on every unmatched row;
totals equal to the sums of the matches (less the fixed cost of built hubs); no supply or
demand exceeded over the year; flow conserved at every hub; no link's busiest month
larger than what its two ends can carry in their own busiest months.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import eitflow
from eitflow.candidates.reasons import CAPACITY_USED, NO_COMPATIBLE, NOT_SELECTED, OUT_OF_RANGE

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = sorted(p.parent for p in (ROOT / "scenarios").glob("*/scenario.yaml"))
REASONS = {NO_COMPATIBLE, OUT_OF_RANGE, CAPACITY_USED, NOT_SELECTED,
           "quality", "timing", "min_amount", "uneconomic", "no_co2_gain", "same_site"}
TOL = 1e-6


def _close(a: float, b: float, rel: float = 1e-6, scale: float = 1.0) -> bool:
    return abs(a - b) <= rel * max(abs(a), abs(b), scale)


@pytest.fixture(scope="module", params=SCENARIOS, ids=[p.name for p in SCENARIOS])
def result(request):
    scen = eitflow.read_scenario(request.param / "scenario.yaml")
    if scen.siting is not None:  # a siting scenario (plots, activities): the plan `eitflow site` finds
        from eitflow.analyses.siting import site

        return site(scen, rank=False).result
    return eitflow.run_file(request.param / "scenario.yaml")


def test_scenarios_found():
    names = {p.name for p in SCENARIOS}
    assert {"zae_example", "redon_h2", "tavaux_h2", "dunkerque_dh"} <= names


def test_solved_with_matches(result):
    assert result.status in ("optimal", "feasible"), result.status_line()
    assert len(result.matches) >= 1
    assert (result.matches["amount"] > 0).all()


def test_every_unmatched_row_has_a_reason(result):
    um = result.unmatched
    assert um["reason"].notna().all() and (um["reason"].astype(str).str.len() > 0).all()
    assert set(um["reason"]) <= REASONS, set(um["reason"]) - REASONS
    assert (um["remaining"] > 0).all()
    assert (um["remaining"] <= um["amount"] * (1 + TOL)).all()


def _crf(result) -> float:
    """Capital recovery factor r / (1 - (1 + r)^-n), from the scenario's own parameters."""
    r, n = result.scenario.params.discount_rate, result.scenario.params.lifetime_years
    return 1.0 / n if r == 0 else r / (1.0 - (1.0 + r) ** -n)


def _built_hub_fixed(result) -> float:
    """CRF x investment + fixed cost of the hubs the matches pass through, from the scenario's
    hubs table (a hub is built when a chosen leg reaches it)."""
    scen, m = result.scenario, result.matches
    if scen.hubs is None:
        return 0.0
    h = scen.hubs
    used = h["hub_id"].isin(m["sink_site"]).to_numpy()
    return float((_crf(result) * h["investment_eur"].to_numpy(float) + h["fixed_cost_eur_per_yr"].to_numpy(float))
                 [used].sum())


def _built_supply_cost(result) -> tuple[float, float]:
    """(annual cost EUR/yr, investment EUR) of the supplies that must be built and deliver in
    the matches, from the scenario's flows table."""
    f, m = result.scenario.flows, result.matches
    inv = f["investment_eur"].fillna(0.0).to_numpy(float) if "investment_eur" in f else np.zeros(len(f))
    fix = f["fixed_cost_eur_per_yr"].fillna(0.0).to_numpy(float) if "fixed_cost_eur_per_yr" in f else np.zeros(len(f))
    used = f["flow_id"].isin(m.loc[m["amount"] > 0, "supply_flow_id"]).to_numpy() & ((inv > 0) | (fix > 0))
    return float((_crf(result) * inv + fix)[used].sum()), float(inv[used].sum())


def _placement_cost(result) -> tuple[float, float]:
    """(annual net cost EUR/yr, investment EUR) of the placed activities (siting), from the
    plots and activities tables: land x (CRF x (price + remediation) + rent), plus the
    activity's annuity and fixed cost less its revenue (break-even templates: exactly them)."""
    scen = result.scenario
    if scen.placements is None or scen.siting is None:
        return 0.0, 0.0
    crf = _crf(result)
    act = scen.siting.activities.set_index("activity_id")
    plots = scen.siting.plots.set_index("plot_id")
    cost = inv = 0.0
    for a_id, q_id in zip(scen.placements["activity_id"], scen.placements["plot_id"]):
        a, q = act.loc[a_id], plots.loc[q_id]
        land = a["land_ha"] * (q["land_price_eur_per_ha"] + q["remediation_eur_per_ha"])
        own = crf * a["investment_eur"] + a["fixed_cost_eur_per_yr"]
        cost += crf * land + a["land_ha"] * q["land_rent_eur_per_ha_yr"] + own - (
            own if a["break_even"] else a["revenue_eur_per_yr"])
        inv += land + a["investment_eur"]
    return cost, inv


def _network_cost(result) -> tuple[float, float]:
    """(annual cost + pumping EUR/yr, investment EUR) of the shared-network corridors built
    (each corridor's figures are worked out from the pipe table in test_backbone_scenario)."""
    if result.candidates.network is None:
        return 0.0, 0.0
    from eitflow.results.network import corridors_built

    c = corridors_built(result.scenario, result.candidates, result.solution)
    return float(c["annual_cost_eur_per_yr"].sum()), float(c["investment_eur"].sum())


def test_totals_are_sums_of_matches(result):
    m, s = result.matches, result.summary
    tot = s["totals"]
    build, build_inv = _built_supply_cost(result)
    place, place_inv = _placement_cost(result)
    net_cost, net_inv = _network_cost(result)
    build, build_inv = build + place, build_inv + place_inv
    fixed = _built_hub_fixed(result) + build + net_cost
    net = float(m["net_benefit_eur_per_yr"].sum())
    # each match's net benefit is its own value less its own fixed cost
    assert np.allclose(m["net_benefit_eur_per_yr"], m["value_eur_per_unit"] * m["amount"] - m["fixed_eur_per_yr"],
                       rtol=1e-9, atol=1e-6)
    assert _close(tot["net_benefit_eur_per_yr"], net - fixed, scale=1.0)
    assert _close(tot["supply_build_eur_per_yr"] + tot["placement_cost_eur_per_yr"], build, scale=1.0)
    assert _close(tot["co2_avoided_t_per_yr"], float(m["co2_avoided_t_per_yr"].sum()), scale=1e-3)
    h = result.scenario.hubs
    hub_inv = 0.0 if h is None else float(h.loc[h["hub_id"].isin(m["sink_site"]), "investment_eur"].sum())
    assert _close(tot["investment_eur"], float(m["investment_eur"].sum()) + hub_inv + build_inv + net_inv, scale=1.0)
    if s["objective_name"] == "net_benefit":
        assert _close(s["objective"], net - fixed, rel=1e-6, scale=1.0)
    # amounts by resource: what leaves the supplies (a hub's outflow is not counted again)
    out_of_supplies = m[m["supply_flow_id"].astype(str) != ""]
    assert set(tot["amount_by_resource"]) == set(out_of_supplies["supply_resource"])
    for res, v in tot["amount_by_resource"].items():
        assert _close(v["amount"], float(out_of_supplies.loc[out_of_supplies["supply_resource"] == res, "amount"].sum()),
                      scale=1e-6)


def test_supplies_demands_and_hubs_respected(result):
    scen, m = result.scenario, result.matches
    f = scen.flows.set_index("flow_id")
    used_s = m[m["supply_flow_id"].astype(str) != ""].groupby("supply_flow_id")["amount"].sum()
    used_d = m[m["demand_flow_id"].astype(str) != ""].groupby("demand_flow_id")["demand_amount"].sum()
    for fid, used in used_s.items():
        assert f.loc[fid, "direction"] == "supply"
        assert used <= f.loc[fid, "amount"] * (1 + TOL) + TOL, (fid, used, f.loc[fid, "amount"])
    for fid, used in used_d.items():
        assert f.loc[fid, "direction"] == "demand"
        assert used <= f.loc[fid, "amount"] * (1 + TOL) + TOL, (fid, used, f.loc[fid, "amount"])
    # required demands are met in full
    for fid in f.index[f["required"].to_numpy(bool)]:
        assert _close(float(used_d.get(fid, 0.0)), float(f.loc[fid, "amount"]), scale=1e-6)
    # the unmatched table agrees with what the matches leave over
    left = f["amount"] - used_s.reindex(f.index, fill_value=0.0) - used_d.reindex(f.index, fill_value=0.0)
    um = result.unmatched.set_index("flow_id")["remaining"]
    for fid, rem in left.items():
        if rem > 1e-6 * max(1.0, f.loc[fid, "amount"]):
            assert fid in um.index, fid
            assert _close(um[fid], rem, rel=1e-6, scale=1e-6)
    # hubs: what enters (per hub and resource) leaves, and stays within capacity
    if scen.hubs is not None and len(scen.hubs):
        for hid, cap in zip(scen.hubs["hub_id"], scen.hubs["capacity"]):
            inflow = m[m["sink_site"] == hid].groupby("supply_resource")["amount"].sum()
            outflow = m[m["source_site"] == hid].groupby("supply_resource")["amount"].sum()
            assert inflow.index.equals(outflow.index) or (inflow.sum() == 0 and outflow.sum() == 0)
            for res in inflow.index:
                assert _close(inflow[res], outflow[res], scale=1e-6), (hid, res)
            assert inflow.sum() <= cap * (1 + TOL)


def test_busiest_month_within_both_ends(result):
    """With monthly profiles, a link's busiest month cannot exceed what its supply offers
    in the supply's own busiest month (nor the demand in its busiest month)."""
    scen, m = result.scenario, result.matches
    prof = scen.profiles
    f = scen.flows
    peak = f["amount"].to_numpy(float) * (12.0 * prof.max(axis=1) if prof is not None else 1.0)
    peak = pd.Series(peak, index=f["flow_id"])
    for rec in m.itertuples(index=False):
        need = rec.capacity_needed  # busiest month's flow at a yearly rate (supply units)
        assert need >= rec.amount * (1 - TOL)
        if rec.supply_flow_id:
            assert need <= peak[rec.supply_flow_id] * (1 + TOL) + TOL
        if rec.demand_flow_id:
            yld = rec.demand_amount / rec.amount
            assert need * yld <= peak[rec.demand_flow_id] * (1 + TOL) + TOL
