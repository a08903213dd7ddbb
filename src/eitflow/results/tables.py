"""The result tables of a solution: matches (chosen exchanges), built hubs, heat by
temperature level, and the amount each flow exchanges. Pure functions of (scenario,
candidates, solution)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from eitflow.candidates.generate import Candidates
from eitflow.scenario import Scenario
from eitflow.solve.status import Solution

MATCH_COLUMNS = ["source_site", "sink_site", "supply_resource", "demand_resource", "amount", "unit", "distance_km",
                 "great_circle_km", "net_benefit_eur_per_yr", "co2_avoided_t_per_yr", "investment_eur",
                 "supply_flow_id", "demand_flow_id", "demand_amount", "demand_unit", "fixed_eur_per_yr",
                 "value_eur_per_unit", "capacity_needed"]


REL_TOL = 1e-6


def matches_frame(scen: Scenario, cand: Candidates, sol: Solution) -> pd.DataFrame:
    """matches.csv: one row per chosen exchange (link or hub leg with flow). `distance_km`
    is the route length (km), `great_circle_km` the distance as the crow flies (km)."""
    lk = cand.links
    used = np.flatnonzero(sol.flow > 0)
    f = scen.flows
    x = sol.flow[used]
    sub = lk.iloc[used]
    yld = sub["yield"].to_numpy(float)
    cat = scen.catalogue
    si, di = sub["supply"].to_numpy(np.int64), sub["demand"].to_numpy(np.int64)
    fid = f["flow_id"].to_numpy()
    pick = lambda arr, idx: np.where(idx >= 0, arr[np.maximum(idx, 0)], "")  # noqa: E731  (hub legs: "")
    out = pd.DataFrame({
        "source_site": sub["source_site"].to_numpy(),
        "sink_site": sub["sink_site"].to_numpy(),
        "supply_resource": sub["supply_resource"].to_numpy(),
        "demand_resource": sub["demand_resource"].to_numpy(),
        "amount": x,
        "unit": [cat[r].base_unit for r in sub["supply_resource"]],
        # the spec's name: the route length (great circle x detour factor, or links.csv's)
        "distance_km": sub["distance_km"].to_numpy(float),
        "great_circle_km": sub["great_circle_km"].to_numpy(float),
        "net_benefit_eur_per_yr": sub["value_eur_per_unit"].to_numpy(float) * x - sub["fixed_eur_per_yr"].to_numpy(float),
        "co2_avoided_t_per_yr": sub["co2_t_per_unit"].to_numpy(float) * x,
        "investment_eur": sub["investment_eur"].to_numpy(float),
        "supply_flow_id": pick(fid, si),
        "demand_flow_id": pick(fid, di),
        "demand_amount": yld * x,
        "demand_unit": [cat[r].base_unit for r in sub["demand_resource"]],
        "fixed_eur_per_yr": sub["fixed_eur_per_yr"].to_numpy(float),
        "value_eur_per_unit": sub["value_eur_per_unit"].to_numpy(float),
        # the busiest period's flow at a yearly rate: what the link must be sized for
        "capacity_needed": (sol.peak_rate[used] if sol.peak_rate is not None else x),
    }, columns=MATCH_COLUMNS)
    return out.sort_values(["source_site", "sink_site", "supply_resource", "demand_resource",
                            "supply_flow_id", "demand_flow_id"], kind="stable").reset_index(drop=True)


def flow_usage(scen: Scenario, cand: Candidates, flow: np.ndarray) -> np.ndarray:
    """Per flow (position in scenario.flows), the amount exchanged in its own base unit/yr
    when the candidate links carry `flow` (supply units/yr)."""
    used = np.zeros(len(scen.flows))
    lk = cand.links
    if len(lk):
        s, d = lk["supply"].to_numpy(np.int64), lk["demand"].to_numpy(np.int64)
        np.add.at(used, s[s >= 0], flow[s >= 0])
        np.add.at(used, d[d >= 0], (flow * lk["yield"].to_numpy(float))[d >= 0])
    return used


def used_amounts(scen: Scenario, cand: Candidates, sol: Solution) -> np.ndarray:
    """Per flow, the amount exchanged in the solution (its own base unit/yr)."""
    return flow_usage(scen, cand, sol.flow)


def hubs_frame(scen: Scenario, cand: Candidates, sol: Solution) -> pd.DataFrame:
    """Built hubs: hub_id, name, throughput (base units/yr, per resource), fixed EUR/yr."""
    cols = ["hub_id", "name", "resource", "throughput", "unit", "capacity", "fixed_eur_per_yr"]
    if scen.hubs is None or sol.hub_built is None or not sol.hub_built.any():
        return pd.DataFrame(columns=cols)
    from eitflow.candidates.costs import hub_fixed_eur_per_yr
    lk = cand.links
    inb = (lk["kind"] == "to_hub").to_numpy()
    tp = pd.DataFrame({"hub": lk["hub"].to_numpy()[inb], "resource": lk["supply_resource"].to_numpy()[inb],
                       "x": sol.flow[inb]}).groupby(["hub", "resource"])["x"].sum().reset_index()
    tp = tp[sol.hub_built[tp["hub"].to_numpy()]]
    h = scen.hubs
    fixed = hub_fixed_eur_per_yr(scen)
    return pd.DataFrame({
        "hub_id": h["hub_id"].to_numpy()[tp["hub"]], "name": h["name"].to_numpy()[tp["hub"]],
        "resource": tp["resource"].to_numpy(), "throughput": tp["x"].to_numpy(),
        "unit": [scen.catalogue[r].base_unit for r in tp["resource"]],
        "capacity": h["capacity"].to_numpy(float)[tp["hub"]], "fixed_eur_per_yr": fixed[tp["hub"]],
    }, columns=cols)


HEAT_LEVEL_COLUMNS = ["source_site", "sink_site", "supply_flow_id", "demand_flow_id", "heat_pump", "from_c", "to_c",
                      "drawn_mwh_per_yr", "delivered_mwh_per_yr"]


def heat_levels_frame(scen: Scenario, cand: Candidates, sol: Solution) -> pd.DataFrame | None:
    """Chosen heat by temperature interval of each ranged demand (cascade.py): which source
    covers which part of the demand's range, from_c -> to_c (degC, demand side); None when
    no flow has a return temperature."""
    lv = sol.heat_levels
    if lv is None:
        return None
    lk = cand.links
    a = lv["link"].to_numpy(np.int64)
    fid = scen.flows["flow_id"].to_numpy()
    sup, dem = lk["supply"].to_numpy(np.int64)[a], lk["demand"].to_numpy(np.int64)[a]
    out = pd.DataFrame({
        "source_site": lk["source_site"].to_numpy()[a], "sink_site": lk["sink_site"].to_numpy()[a],
        "supply_flow_id": np.where(sup >= 0, fid[np.maximum(sup, 0)], ""),
        "demand_flow_id": fid[dem],
        "heat_pump": np.isfinite(lk["heat_pump_cop"].to_numpy(float)[a]),
        "from_c": lv["from_c"].to_numpy(), "to_c": lv["to_c"].to_numpy(),
        "drawn_mwh_per_yr": lv["amount"].to_numpy(),
        "delivered_mwh_per_yr": lv["amount"].to_numpy() * lk["yield"].to_numpy(float)[a],
    }, columns=HEAT_LEVEL_COLUMNS)
    return out.sort_values(["demand_flow_id", "from_c", "source_site", "supply_flow_id"], kind="stable") \
        .reset_index(drop=True)


