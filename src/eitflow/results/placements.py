"""A siting solution as an ordinary one: the territory with the placed activities as ordinary
sites and flows (`placed_scenario`), the solution carried onto its candidate links
(`transfer_solution`), and the figures of each placement (`placement_table`).

Every ordinary output (matches, unmatched, companies, zones, the report) then describes the
territory as the siting model chose it, and adds up with the placements' own costs
(`results.statistics`: net benefit = links - hubs - built supplies - placements).
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from eitflow.candidates.generate import Candidates
from eitflow.candidates.placements import restrict_placements
from eitflow.errors import SolveError
from eitflow.scenario import Scenario
from eitflow.solve.status import Solution

__all__ = ["PLACEMENT_TABLE_COLUMNS", "placed_scenario", "placement_table", "transfer_solution"]

PLACEMENT_TABLE_COLUMNS = ["site_id", "activity_id", "activity", "plot_id", "plot", "zone", "lat", "lon", "land_ha",
                           "new_land_take_ha", "land_eur_per_yr", "activity_eur_per_yr", "revenue_eur_per_yr", "cost_eur_per_yr",
                           "investment_eur"]


def placed_scenario(scen: Scenario, placed: np.ndarray) -> Scenario:
    """The expanded scenario restricted to the territory and the placements in `placed`
    (boolean per candidate placement): unplaced activities' sites and flows are dropped, the
    kept placements renumbered 0..m-1 (`placements.candidate` keeps the old position;
    `candidates.placements.restrict_placements`)."""
    return restrict_placements(scen, placed)[0]


def _link_keys(scen: Scenario, cand: Candidates) -> pd.Series:
    lk = cand.links
    fid = scen.flows["flow_id"].to_numpy().astype(str)
    s, d = lk["supply"].to_numpy(np.int64), lk["demand"].to_numpy(np.int64)
    # a hub's leg has no mode (NaN, which pandas' string columns keep as a float through astype(str))
    text = [lk[c].astype(object).fillna("").astype(str).to_numpy() for c in ("kind", "hub", "hub_node", "mode")]
    parts = [np.where(s >= 0, fid[np.maximum(s, 0)], ""), np.where(d >= 0, fid[np.maximum(d, 0)], ""), *text,
             np.isfinite(lk["heat_pump_cop"].to_numpy(float)).astype(str)]
    key = parts[0].astype(object)
    for p in parts[1:]:
        key = key + "|" + p.astype(object)
    return pd.Series(np.arange(len(lk)), index=key)


def transfer_solution(scen: Scenario, cand: Candidates, sol: Solution, final: Scenario,
                      final_cand: Candidates) -> Solution:
    """`sol` (of the expanded scenario) on the candidate links of `final` (`placed_scenario`).

    The generator is deterministic per pair, so `final_cand` holds exactly the links of
    `cand` between flows that remain; each is matched by (supply flow, demand flow, kind, hub,
    mode, heat pump). A chosen link with no match is an error (it would mean the two
    candidate sets differ)."""
    old, new = _link_keys(scen, cand), _link_keys(final, final_cand)
    if old.index.has_duplicates or new.index.has_duplicates:
        raise SolveError("error", "candidate links are not identified uniquely by their flows, kind and mode")
    pos = new.reindex(old.index).to_numpy()
    used = np.flatnonzero(sol.flow > 0)
    lost = used[~np.isfinite(pos[used].astype(float))]
    if len(lost):
        raise SolveError("error", f"{len(lost)} chosen link(s) of the siting model are not candidates of the placed "
                                  f"territory (first: {old.index[lost[0]]})")
    ok = np.isfinite(pos.astype(float))
    src, dst = np.flatnonzero(ok), pos[ok].astype(np.int64)
    n = len(final_cand.links)

    def carry(a: np.ndarray, fill: float = 0.0) -> np.ndarray:
        out = np.full((n, *np.shape(a)[1:]), fill, dtype=np.asarray(a).dtype)   # (links x periods: per row)
        out[dst] = np.asarray(a)[src]
        return out

    fp = scen.flows["placement"].to_numpy(np.int64)
    placed = sol.placed if sol.placed is not None else np.zeros(0, bool)
    keep_f = (fp < 0) | np.isin(fp, np.flatnonzero(placed))
    levels = sol.heat_levels
    if levels is not None and len(levels):
        lmap = np.full(len(cand.links), -1, np.int64)
        lmap[src] = dst
        levels = levels.assign(link=lmap[levels["link"].to_numpy(np.int64)])
        levels = levels[levels["link"] >= 0].reset_index(drop=True)
    return dataclasses.replace(
        sol, flow=carry(sol.flow), built=carry(sol.built, False),
        peak_rate=None if sol.peak_rate is None else carry(sol.peak_rate),
        period_flow=None if sol.period_flow is None else carry(sol.period_flow),
        supply_built=None if sol.supply_built is None else np.asarray(sol.supply_built)[keep_f],
        supply_size=None if sol.supply_size is None else np.asarray(sol.supply_size)[keep_f],
        placed=np.ones(int(placed.sum()), bool), heat_levels=levels, duals=None)


def placement_table(scen: Scenario, placed: np.ndarray | None = None) -> pd.DataFrame:
    """One row per placement of `scen.placements` (those placed when `placed` is given): its
    site, activity and plot (ids and names), zone, location (deg), land (ha; new_land_take_ha:
    that land where the plot is greenfield, new land take under ZAN) and annual
    cost terms (EUR/yr: land, activity annuity + fixed cost, revenue, and the net cost =
    land + activity - revenue) and investment (EUR: the activity's plus land bought and
    remediated)."""
    pl = scen.placements
    if pl is None or scen.siting is None:
        return pd.DataFrame(columns=PLACEMENT_TABLE_COLUMNS)
    k = np.arange(len(pl)) if placed is None else np.flatnonzero(np.asarray(placed, bool))
    sub = pl.iloc[k]
    st = scen.siting
    q, a = sub["plot"].to_numpy(np.int64), sub["activity"].to_numpy(np.int64)
    return pd.DataFrame({
        "site_id": sub["site_id"].to_numpy(), "activity_id": sub["activity_id"].to_numpy(),
        "activity": st.activities["name"].to_numpy()[a], "plot_id": sub["plot_id"].to_numpy(),
        "plot": st.plots["name"].to_numpy()[q], "zone": st.plots["zone"].to_numpy()[q],
        "lat": st.plots["lat"].to_numpy(float)[q], "lon": st.plots["lon"].to_numpy(float)[q],
        "land_ha": sub["land_ha"].to_numpy(float),
        "new_land_take_ha": (sub["new_land_take_ha"].to_numpy(float) if "new_land_take_ha" in sub
                             else np.zeros(len(sub))),
        "land_eur_per_yr": sub["land_eur_per_yr"].to_numpy(float),
        "activity_eur_per_yr": sub["activity_eur_per_yr"].to_numpy(float),
        "revenue_eur_per_yr": sub["revenue_eur_per_yr"].to_numpy(float),
        "cost_eur_per_yr": sub["cost_eur_per_yr"].to_numpy(float),
        "investment_eur": sub["investment_eur"].to_numpy(float)}, columns=PLACEMENT_TABLE_COLUMNS)
