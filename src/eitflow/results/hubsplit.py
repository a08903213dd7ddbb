"""A built hub's cost and how it is split: the built hubs (`built_hubs`), each one's cost spread
evenly over the resources its legs carry (`hub_cost_by_resource`), and, for a hub standing on a
CO2 network that both trucks CO2 out and puts CO2 into the pipes, its cost split between the two
in proportion to the tonnes (below). Here, not in `results.shares`, so that `results.netparts`
reads these facts without importing `results.shares`, which imports it (no import cycle).

Per such hub h and resource r (a hub of `model.netpass.pass_hubs`: its legs say so in
``hub_passed`` and ``hub_passed_out``, `model.netpass.pass_columns`), over the year:

    trucked  = what its legs out carry (t/yr)
    piped    = what its legs in bring less what it passes straight to its legs out
               (``hub_passed``): what it puts into the pipes (t/yr)
    network fraction  phi = piped / (trucked + piped)

The network's part, phi x the hub's cost for r (`hub_cost_by_resource`), is the
network's party's (`results.netparts.hub_parties`): it joins the corridors' cost and is borne by
the network's rule, by what each user draws from the pipes (`results.netallocation`). The
trucks' part, (1 - phi) x that cost, is borne by the legs out in proportion to what each carries
(`truck_parts`: matches.csv's ``hub_share_eur_per_yr``, and in companies.csv and zones.csv the
build cost of the company each leg out delivers to). A hub with no leg out puts all it takes in
into the pipes (phi = 1); one with no leg in trucks out only what it draws from them (phi = 0).
Any other hub has no fraction here (one standing on another network is wholly the network's, one
off any network its own). Before 2026-12-07 such a hub charged its whole cost to its trucks in
matches.csv, and to the network (every leg out a withdrawal) in companies.csv.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["built_hubs", "hub_cost_by_resource", "network_fractions", "truck_parts", "truck_rows"]

#: `truck_rows`' columns
TRUCK_COLUMNS = ["site_id", "hub_id", "resource", "cost_eur_per_yr", "investment_eur"]


def built_hubs(hubs: pd.DataFrame | None, built: np.ndarray, cost: np.ndarray, investment: np.ndarray) -> pd.DataFrame:
    """The built hubs: hub_id, resources (list, as the scenario's), annual_cost_eur_per_yr
    (CRF x investment + fixed cost, EUR/yr) and investment_eur (EUR), from the scenario's hubs
    and per candidate hub whether it is built and its cost and investment."""
    cols = ["hub_id", "resources", "annual_cost_eur_per_yr", "investment_eur"]
    if hubs is None or not len(hubs) or not np.any(built):
        return pd.DataFrame(columns=cols)
    k = np.flatnonzero(built)
    return pd.DataFrame({"hub_id": hubs["hub_id"].to_numpy()[k], "resources": hubs["resources"].to_numpy()[k],
                         "annual_cost_eur_per_yr": np.asarray(cost, float)[k],
                         "investment_eur": np.asarray(investment, float)[k]}, columns=cols)


def hub_cost_by_resource(hubs: pd.DataFrame, L: pd.DataFrame) -> pd.DataFrame:
    """Per built hub (`built_hubs`) and resource it carries: hub_id, resource, cost_eur_per_yr
    and investment_eur, the hub's split evenly over the resources of its legs with flow in `L`
    (`Statistics`' links; in or out), or over all its resources where it has none. Sums to
    the hubs' cost and investment."""
    cols = ["hub_id", "resource", "cost_eur_per_yr", "investment_eur"]
    legs = L[L["kind"].isin(["to_hub", "from_hub"]) & (L["amount"] > 0)] if len(L) else L
    rows = []
    for h in hubs.itertuples(index=False):
        carried = sorted(set(legs.loc[legs["hub_id"] == h.hub_id, "supply_resource"].astype(str)))
        carried = carried or [str(r) for r in h.resources]
        n = len(carried)
        rows += [(h.hub_id, r, h.annual_cost_eur_per_yr / n, h.investment_eur / n) for r in carried]
    return pd.DataFrame(rows, columns=cols)


def network_fractions(L: pd.DataFrame) -> dict[tuple[str, str], float]:
    """Per (hub_id, resource) of a hub standing on a CO2 network (`L`: `Statistics`' links with
    kind, hub_id, supply_resource, amount in t/yr, hub_passed and hub_passed_out), the share phi
    of its cost that is the network's (the module docstring): 70,000 t/yr put into the pipes of
    100,000 trucked in, 30,000 trucked out: 70,000 / (30,000 + 70,000) = 0.7. A hub whose legs
    carry nothing: 1 (the network's, as a hub on any other network)."""
    if not len(L) or not {"hub_passed", "hub_passed_out", "kind", "hub_id"} <= set(L):
        return {}
    kind, amt = L["kind"].to_numpy().astype(str), L["amount"].to_numpy(float)
    p_in, p_out = L["hub_passed"].to_numpy(float), L["hub_passed_out"].to_numpy(float)
    into, out = (kind == "to_hub") & ~np.isnan(p_in), (kind == "from_hub") & ~np.isnan(p_out)
    if not (into | out).any():
        return {}
    g = pd.DataFrame({"hub": L["hub_id"].astype(str).to_numpy(), "res": L["supply_resource"].astype(str).to_numpy(),
                      # what enters the pipes: never below 0 (a solver's rounding)
                      "piped": np.where(into, np.maximum(amt - np.nan_to_num(p_in), 0.0), 0.0),
                      "trucked": np.where(out, amt, 0.0)})[into | out].groupby(["hub", "res"], sort=True).sum()
    tot = (g["piped"] + g["trucked"]).to_numpy(float)
    phi = np.where(tot > 0, g["piped"].to_numpy(float) / np.where(tot > 0, tot, 1.0), 1.0)
    return {(str(h), str(r)): float(f) for (h, r), f in zip(g.index, phi)}


def truck_parts(L: pd.DataFrame, rows: pd.DataFrame | None) -> tuple[np.ndarray, np.ndarray]:
    """Per link of `L` (`network_fractions`' columns), its part of the trucks' part of a hub
    standing on a CO2 network: (EUR/yr, EUR), the (1 - phi) share of the hub's cost and investment
    for the leg's resource (`rows`: `hub_cost_by_resource`) borne by its legs out in
    proportion to what each carries; 0 on every other link. A hub costing 10,000 EUR/yr that trucks
    30,000 t/yr out to one company and puts 70,000 into the pipes: that leg out 3,000 EUR/yr."""
    cost, inv = np.zeros(len(L)), np.zeros(len(L))
    phi = network_fractions(L)
    if not phi or rows is None or not len(rows):
        return cost, inv
    kind, amt = L["kind"].to_numpy().astype(str), L["amount"].to_numpy(float)
    hub, res = L["hub_id"].astype(str).to_numpy(), L["supply_resource"].astype(str).to_numpy()
    for h, r, c, i in rows[["hub_id", "resource", "cost_eur_per_yr", "investment_eur"]].itertuples(index=False):
        f = phi.get((str(h), str(r)))
        out = (kind == "from_hub") & (hub == str(h)) & (res == str(r)) & (amt > 0)
        if f is None or f >= 1.0 or amt[out].sum() <= 0:
            continue
        w = amt[out] / amt[out].sum()
        cost[out] += (1.0 - f) * float(c) * w
        inv[out] += (1.0 - f) * float(i) * w
    return cost, inv


def truck_rows(L: pd.DataFrame, rows: pd.DataFrame | None) -> pd.DataFrame:
    """`truck_parts` per company (the sink of each leg out) and hub: site_id, hub_id, resource,
    cost_eur_per_yr (EUR/yr) and investment_eur (EUR), what companies.csv and zones.csv count as
    that company's build cost and investment (`L`: links as `results.netparts.by_piece` gives them)."""
    cost, inv = truck_parts(L, rows)
    on = (cost != 0) | (inv != 0)
    if not on.any():
        return pd.DataFrame(columns=TRUCK_COLUMNS)
    return pd.DataFrame({"site_id": L["sink_site"].astype(str).to_numpy()[on], "hub_id": L["hub_id"].astype(str).to_numpy()[on],
                         "resource": L["supply_resource"].astype(str).to_numpy()[on], "cost_eur_per_yr": cost[on],
                         "investment_eur": inv[on]}, columns=TRUCK_COLUMNS).groupby(
        ["site_id", "hub_id", "resource"], sort=True, as_index=False).sum()[TRUCK_COLUMNS]
