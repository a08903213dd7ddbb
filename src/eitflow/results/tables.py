"""Result tables that are not aggregates: the columns of matches.csv, heat by temperature
level, the amount each flow exchanges, and a corridor's capacity as corridors.csv gave it. Pure functions of (scenario, candidates,
solution); matches.csv and hubs.csv themselves are views of `Statistics`."""

from __future__ import annotations

import numpy as np
import pandas as pd

from eitflow.candidates.generate import Candidates
from eitflow.results.heatpumps import HEAT_PUMP_COLUMNS
from eitflow.scenario import Scenario
from eitflow.solve.status import Solution

#: what an exchange is worth after what was built for it and the shared networks and hubs it goes
#: through: the columns `results.shares.with_shares` adds (EUR/yr, and tCO2/yr for
#: co2_avoided_after_shares); co2_at_source: its CO2 is its supplier's, captured CO2 sent to
#: storage and what brings it to the network or hub that stores it (`results.shares.co2_by_end`)
SHARE_COLUMNS = ["build_cost_share_eur_per_yr", "network_cost_share_eur_per_yr", "hub_share_eur_per_yr",
                 "net_benefit_after_shares_eur_per_yr", "co2_avoided_after_shares_t_per_yr", "co2_at_source"]

#: `mode`: how the link carries (`link_modes`): two links of one pair by truck and by pipe are two rows
MATCH_COLUMNS = ["source_site", "sink_site", "supply_resource", "demand_resource", "mode", "amount", "unit",
                 "distance_km",
                 "great_circle_km", "net_benefit_eur_per_yr", "co2_avoided_t_per_yr", "investment_eur",
                 "supply_flow_id", "demand_flow_id", "demand_amount", "demand_unit", "fixed_eur_per_yr",
                 "value_eur_per_unit", "capacity_needed",
                 *SHARE_COLUMNS,
                 # the heat pump an exchange goes through, if any (`results.heatpumps.HEAT_PUMP_COLUMNS`)
                 *HEAT_PUMP_COLUMNS,
                 # a network's connection (or a leg of a hub standing on it): the network's party id,
                 # "network:heat", a network in pieces no corridor joins by piece, "network:heat#2"
                 # (`results.netparts.by_piece`); "" for every other exchange
                 "network_piece",
                 # a leg of a hub on a CO2 network: what of its amount the hub passed straight between its
                 # legs in and out, truck to truck, never in the pipes (supply unit/yr; 0 elsewhere:
                 # `model.netpass.hub_passed`, `results.netbalance.piped_amounts`)
                 "passed_through_hub",
                 # built without flow, kept on by a row or bound of the user's (`built_idle`)
                 "built_idle"]


REL_TOL = 1e-6


def link_modes(scen: Scenario, links: pd.DataFrame) -> np.ndarray:
    """Per row of `links` (rows of candidates.links), how it carries: its own `mode` (pipe or
    truck, from the catalogue's transports; `network` for a connection to a shared network), and
    for a hub's leg, which has none of its own, the transport of its resource in the catalogue,
    whose costs it bears (`candidates.costs.leg_coefficients`)."""
    n = len(links)
    given = (links["mode"].astype(object).where(links["mode"].notna(), "").astype(str).to_numpy(object)
             if "mode" in links else np.full(n, "", object))
    cat = scen.catalogue
    own = {r: cat[r].transport.mode if r in cat else "" for r in set(links["supply_resource"].tolist())} if n else {}
    return np.where(given != "", given, np.array([own[r] for r in links["supply_resource"].tolist()], object))


def built_idle(cand: Candidates, flow: np.ndarray, built: np.ndarray | None) -> np.ndarray:
    """Per candidate link: built without flow and paying its fixed cost (EUR/yr) in the
    objective: a switch kept on by a row or bound of the user's (``y == 1`` in PuLP, an `extra`
    row) that `solve.tidy` may not turn off. Such a link is a chosen link of the tables (amount
    0, its fixed cost and investment), so that they add up to the objective. A switch a flowing
    rider holds costs nothing of its own (`model.build.paid_connections`): not one.

    Parameters
    ----------
    cand : Candidates
    flow : ndarray
        Per candidate link, its yearly flow (supply base units/yr).
    built : ndarray of bool, optional
        Per candidate link, its switch on or its flow above 0 (`Solution.built`).
    """
    from eitflow.model.build import paid_connections

    flow = np.asarray(flow, float)
    if built is None or len(built) != len(flow):
        return np.zeros(len(flow), bool)
    fixed, _ = paid_connections(cand, flow)
    return np.asarray(built, bool) & (flow <= 0) & (fixed > 0)


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


def period_usage(scen: Scenario, cand: Candidates, sol: Solution) -> tuple[np.ndarray, np.ndarray]:
    """Per flow (rows) and period (columns: the 12 months with monthly profiles, else one, the
    year): its amount and what `sol` exchanges of it, in its own base unit per period.

    With monthly profiles the model holds each supply and demand month by month
    (`model.build`), so what a flow has left for another exchange is a month's amount less
    that month's use: a supply with half its year left may have nothing left in the months a
    partner needs it."""
    from eitflow.model.build import period_amounts

    pf = sol.period_flow
    if scen.profiles is None or pf is None or np.ndim(pf) != 2 or np.shape(pf)[1] == 1:
        return scen.flows["amount"].to_numpy(float)[:, None], flow_usage(scen, cand, np.asarray(sol.flow, float))[:, None]
    pf = np.asarray(pf, float)
    return period_amounts(scen), np.column_stack([flow_usage(scen, cand, pf[:, t]) for t in range(pf.shape[1])])


def left_per_period(scen: Scenario, cand: Candidates, sol: Solution) -> np.ndarray:
    """Per flow and period (`period_usage`'s), what it has left after `sol` in its own base unit,
    0 where within `REL_TOL` of its amount: the most a new link can take from it or bring it."""
    amount_t, used_t = period_usage(scen, cand, sol)
    return np.where(amount_t - used_t > REL_TOL * np.maximum(amount_t, 1.0), amount_t - used_t, 0.0)


def room_left(left_t: np.ndarray, supply: np.ndarray, demand: np.ndarray, yield_: np.ndarray) -> np.ndarray:
    """Per link (its supply and demand positions, its yield), what it could still carry (supply
    units/yr): in every period the least of what its supply has left and what its demand has
    left over its yield, summed over the periods (the model holds each month apart, so heat left
    in July does not serve a need left in January). `explain` and not_chosen.csv read it."""
    return np.minimum(left_t[supply], left_t[demand] / np.maximum(yield_, 1e-12)[:, None]).sum(axis=1)


def used_amounts(scen: Scenario, cand: Candidates, sol: Solution) -> np.ndarray:
    """Per flow, the amount exchanged in the solution (its own base unit/yr)."""
    return flow_usage(scen, cand, sol.flow)


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


def names_of(table: pd.DataFrame, key: str) -> dict:
    """id -> name of a sites or hubs table, from Python lists (zipping two text Series walks
    them cell by cell: 35,000 sites)."""
    return dict(zip(table[key].to_numpy(object).tolist(), table["name"].to_numpy(object).tolist()))


def given_capacity(scen: Scenario, ids: np.ndarray, capacity: np.ndarray, base) -> tuple[np.ndarray, np.ndarray]:
    """Per corridor (`ids`), its rated capacity (`capacity`, `base` units/yr: one unit or one per
    corridor) in the unit corridors.csv gave it in, and that unit (1 kt/yr for 1,000 t/yr); NaN
    and "" for a corridor whose capacity it did not give (a size of the catalogue, generated)."""
    from eitflow.units import gas_conversion_factor

    t = scen.corridors
    given: dict[str, str] = {}
    gas: dict[str, float | None] = {}   # a gas's normal density (kg/Nm3): a capacity given in Nm3/h
    if t is not None and len(t) and "capacity_unit" in t:   # an existing pipe's, one with its own costs
        ok = np.isfinite(np.asarray(t["capacity"], float)) & (t["capacity_unit"].astype(str) != "").to_numpy()
        given = dict(zip(t["corridor_id"].astype(str)[ok], t["capacity_unit"].astype(str)[ok]))
        cat = scen.catalogue
        gas = {i: cat[r].normal_density_kg_per_nm3 if r in cat else None
               for i, r in zip(t["corridor_id"].astype(str)[ok], t["resource"].astype(str)[ok])}
    unit = np.array([given.get(str(i), "") for i in ids], object)
    bases = np.broadcast_to(np.asarray(base, object), unit.shape)
    value = np.array([float(v) / gas_conversion_factor(u, b, gas.get(str(i))) if u else np.nan
                      for i, v, u, b in zip(ids, np.asarray(capacity, float), unit, bases)], float)
    return value, unit
