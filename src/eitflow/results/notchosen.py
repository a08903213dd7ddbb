"""Candidate links the optimum leaves unbuilt, each with the reason read from the solution.

For each direct candidate link a = (supply i -> demand j) with no flow, what is left at its
two ends in the solution (`Statistics.flows`: amount less amount used) bounds what it could
still carry, x_left = min(sum_t min(s_it - used_it, (d_jt - used_jt) / eta_a), capacity_a) in
supply units, t the months where flows have monthly profiles (else the year; `results.tables.
room_left`, as `explain` reads it):

- ``supply_taken``: the supply is used in full by the chosen exchanges (x_left = 0 at i);
- ``demand_met``: the demand is served in full (x_left = 0 at j);
- ``too_small_left``: what is left would not pay for the link, v_a x_left - F_a <= 0 (or is
  below its minimum amount): the link was worth building only for amounts now taken;
- ``not_selected``: it would pay on what is left, yet the optimum (within its gap
  tolerance, with monthly profiles, single sourcing or a hub) does not take it.

``value_alone_eur_per_yr`` = v_a M_a - F_a is what the link would earn alone with its whole
upper bound M_a (positive under the net_benefit objective, or the rules would have dropped it);
``value_left_eur_per_yr`` = v_a x_left - F_a: money (EUR/yr) whatever the objective, as every
``_eur_per_yr`` column. ``co2_alone_t_per_yr`` = c_a M_a and ``co2_left_t_per_yr`` = c_a x_left
are the CO2 it would avoid (tCO2/yr). The reason reads the objective's figure: under the co2
objective a link is ``too_small_left`` when c_a x_left <= 0 (no fixed cost there). Before, under
the co2 objective the two EUR/yr columns held the tCO2/yr figures (`older_not_chosen` reads such
a file back). `mode`: how the link carries (pipe, truck; `results.tables.link_modes`): a pair
linked by truck and by pipe is two candidates, one of which may be chosen.

A leg into or out of a candidate hub (hubs.csv) without flow is listed too, its hub in
`source_site` or `sink_site` and only its flow's end to check: ``hub_not_built`` (the plan
does better without the hub: its annual cost, said in `detail`, direct links...), else
``supply_taken``, ``demand_met`` or ``not_selected`` as above. A leg earns nothing alone (its
value is that of the exchange through the hub): its values (EUR/yr, tCO2/yr) are NaN.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from eitflow.i18n import Phrase
from eitflow.results.result import Result
from eitflow.results.tables import built_idle, left_per_period, link_modes, room_left

NOT_CHOSEN_COLUMNS = ["source_site", "sink_site", "supply_resource", "demand_resource", "mode", "supply_flow_id",
                      "demand_flow_id", "distance_km", "amount_left", "unit", "value_alone_eur_per_yr",
                      "value_left_eur_per_yr", "co2_alone_t_per_yr", "co2_left_t_per_yr", "reason", "detail"]
#: the columns in tCO2/yr, each beside its EUR/yr one (`older_not_chosen`)
CO2_OF = {"value_alone_eur_per_yr": "co2_alone_t_per_yr", "value_left_eur_per_yr": "co2_left_t_per_yr"}

#: each reason's sentence (not_chosen.csv's `detail`, English): `Phrase`s, so results.xlsx and
#: the report can say them in the reader's language (data/messages.csv)
REASONS = {
    "supply_taken": Phrase("reasonx_supply_taken"),    # the supply is used in full by the chosen exchanges
    "demand_met": Phrase("reasonx_demand_met"),        # the demand is served in full by the chosen exchanges
    "too_small_left": Phrase("reasonx_too_small_left"),  # what is left at both ends would not pay for this link
    "not_selected": Phrase("nc_not_selected"),         # it would pay on what is left, but the optimum ... does not take it
}
LEGS = ("to_hub", "from_hub")


def not_chosen(result: Result) -> pd.DataFrame:
    """One row per direct candidate link without flow in the solution (see the module)."""
    scen, cand, sol = result.scenario, result.candidates, result.solution
    lk = cand.links
    if sol.objective is None or len(lk) == 0:
        return pd.DataFrame(columns=NOT_CHOSEN_COLUMNS)
    kind = lk["kind"].to_numpy().astype(str) if "kind" in lk else np.full(len(lk), "direct")
    # a link built idle (kept on by the user's rows) is chosen: matches.csv lists it (`built_idle`)
    left_out = (sol.flow <= 0) & ~built_idle(cand, sol.flow, sol.built)
    idx = np.flatnonzero(left_out & (kind == "direct"))
    legs = np.flatnonzero(left_out & np.isin(kind, LEGS))
    if len(idx) + len(legs) == 0:
        return pd.DataFrame(columns=NOT_CHOSEN_COLUMNS)
    fl = result.statistics.flows()
    amount = fl["amount"].to_numpy(float)
    tol = 1e-6
    left = np.maximum(fl["amount"].to_numpy(float) - fl["amount_used"].to_numpy(float), 0.0)
    # a flow used up to the solver's tolerance has nothing left (not 9e-13 MWh/yr in the report)
    left = np.where(left <= tol * np.maximum(amount, 1.0), 0.0, left)
    sub = lk.iloc[idx]
    s, d = sub["supply"].to_numpy(np.int64), sub["demand"].to_numpy(np.int64)
    eta = sub["yield"].to_numpy(float)
    cap = sub["capacity"].to_numpy(float)
    ls = left[s]
    # month by month where flows have profiles (`room_left`): the year's remainders at its two
    # ends may fall in different months (heat left in summer, a need left in winter), which the
    # year's min counted as room: 'not_selected' for a link that could carry nothing that pays
    x_left = np.minimum(room_left(left_per_period(scen, cand, sol), s, d, eta), cap)
    v, F = sub["value_eur_per_unit"].to_numpy(float), sub["fixed_eur_per_yr"].to_numpy(float)
    c, upper = sub["co2_t_per_unit"].to_numpy(float), sub["upper"].to_numpy(float)
    value_left, co2_left = v * x_left - F, c * x_left
    # the reason reads the objective's figure: tCO2/yr (no fixed cost) under the co2 objective
    obj_left = co2_left if scen.params.objective == "co2" else value_left
    lower = sub["lower"].to_numpy(float)
    reason = np.where(ls <= tol * np.maximum(amount[s], 1.0), "supply_taken",
                      np.where(left[d] <= tol * np.maximum(amount[d], 1.0), "demand_met",
                               np.where((obj_left <= 0) | (x_left < lower - tol), "too_small_left",
                                        "not_selected")))
    fid = scen.flows["flow_id"].to_numpy()
    out = pd.DataFrame({
        "source_site": sub["source_site"].to_numpy(), "sink_site": sub["sink_site"].to_numpy(),
        "supply_resource": sub["supply_resource"].to_numpy(), "demand_resource": sub["demand_resource"].to_numpy(),
        "mode": link_modes(scen, sub), "supply_flow_id": fid[s], "demand_flow_id": fid[d],
        "distance_km": sub["distance_km"].to_numpy(float), "amount_left": x_left + 0.0,
        "unit": [scen.catalogue[r].base_unit for r in sub["supply_resource"]],
        "value_alone_eur_per_yr": v * upper - F, "value_left_eur_per_yr": value_left + 0.0,
        "co2_alone_t_per_yr": c * upper + 0.0, "co2_left_t_per_yr": co2_left + 0.0, "reason": reason,
        "detail": [REASONS[r] for r in reason]}, columns=NOT_CHOSEN_COLUMNS)
    out = pd.concat([t for t in (out, _legs(result, lk.iloc[legs], left, amount, tol)) if len(t)], ignore_index=True)
    return out.sort_values(["reason", "source_site", "sink_site", "supply_flow_id", "demand_flow_id"],
                           kind="stable").reset_index(drop=True)


def _legs(result: Result, sub: pd.DataFrame, left: np.ndarray, amount: np.ndarray, tol: float) -> pd.DataFrame:
    """The rows of the hub legs without flow (`sub`): the reason at their flow's end, or their
    hub not built (see the module)."""
    from eitflow.candidates.costs import hub_fixed_eur_per_yr

    scen, sol = result.scenario, result.solution
    if not len(sub):
        return pd.DataFrame(columns=NOT_CHOSEN_COLUMNS)
    to_hub = sub["kind"].to_numpy() == "to_hub"
    k = np.where(to_hub, sub["supply"].to_numpy(np.int64), sub["demand"].to_numpy(np.int64))   # the flow's end
    hub = sub["hub"].to_numpy(np.int64)
    built = np.asarray(sol.hub_built, bool)[hub] if sol.hub_built is not None else np.zeros(len(sub), bool)
    eta = sub["yield"].to_numpy(float)
    x_left = np.minimum(np.where(to_hub, left[k], left[k] / np.maximum(eta, 1e-12)), sub["capacity"].to_numpy(float))
    reason = np.where(~built, "hub_not_built", np.where(left[k] <= tol * np.maximum(amount[k], 1.0),
                                                         np.where(to_hub, "supply_taken", "demand_met"), "not_selected"))
    cost = hub_fixed_eur_per_yr(scen)[hub]
    fid = scen.flows["flow_id"].to_numpy()
    return pd.DataFrame({
        "source_site": sub["source_site"].to_numpy(), "sink_site": sub["sink_site"].to_numpy(),
        "supply_resource": sub["supply_resource"].to_numpy(), "demand_resource": sub["demand_resource"].to_numpy(),
        "mode": link_modes(scen, sub),
        "supply_flow_id": np.where(to_hub, fid[k], ""), "demand_flow_id": np.where(to_hub, "", fid[k]),
        "distance_km": sub["distance_km"].to_numpy(float), "amount_left": x_left + 0.0,
        "unit": [scen.catalogue[r].base_unit for r in sub["supply_resource"]],
        "value_alone_eur_per_yr": np.nan, "value_left_eur_per_yr": np.nan, "co2_alone_t_per_yr": np.nan,
        "co2_left_t_per_yr": np.nan, "reason": reason,
        "detail": [Phrase("nc_hub_not_built", cost=float(c)) if r == "hub_not_built" else REASONS[r]
                   for r, c in zip(reason, cost)]}, columns=NOT_CHOSEN_COLUMNS)


def older_not_chosen(nc: pd.DataFrame, summary: dict) -> pd.DataFrame:
    """not_chosen.csv as `read_run` reads it back: from a run written before eitflow gave the CO2
    figures their own columns, under the co2 objective the ``value_*_eur_per_yr`` columns held
    tCO2/yr (c_a M_a, c_a x_left): they move to ``co2_*_t_per_yr`` and the money is unknown (NaN);
    under net_benefit, the money as written and the CO2 unknown. A current file as it is."""
    if not len(nc.columns) or all(c in nc for c in CO2_OF.values()):
        return nc
    objective = summary.get("objective_name") or (summary.get("parameters") or {}).get("objective")
    out = nc.copy()
    for eur, co2 in CO2_OF.items():
        if eur in out and co2 not in out:
            out[co2] = out[eur] if objective == "co2" else np.nan
            if objective == "co2":
                out[eur] = np.nan
    return out
