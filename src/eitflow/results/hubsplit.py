"""A built hub's cost and how it is split: the built hubs (`built_hubs`), each one's cost spread
evenly over the resources its legs carry (`hub_cost_by_resource`), and, for a hub standing on a
shared network (of any resource: heat, hydrogen, CO2...), its cost split between what it hands
out by its own legs and what it puts into the pipes, in proportion to the amounts (below). Here,
not in `results.shares`, so that `results.netparts` reads these facts without importing
`results.shares`, which imports it (no import cycle).

Per such hub h and resource r (its legs say so in ``network_party``, `results.netparts.by_piece`),
over the year, in the resource's base unit:

    handed out  = what its legs out carry (units/yr)
    piped       = what its legs in bring (what reaches the hub) less what it passes straight to its legs out
                  (``hub_passed``): what it puts into the pipes (units/yr)
    network fraction  phi = piped / (handed out + piped)

Only a hub on a CO2 network passes anything straight through (the model's refund of the
compression, `model.netpass`: ``hub_passed``, ``hub_passed_out``); a hub on any other network
passes nothing (`passed`: 0), its legs in all inject and its legs out all draw from the pipes, as
the network's allocation and price bands count them. The network's part, phi x the hub's cost
for r (`hub_cost_by_resource`), is the network's party's (`results.netparts.hub_parties`): it
joins the corridors' cost and is borne by the network's rule, by what each user draws from the
pipes (`results.netallocation`). The legs' part, (1 - phi) x that cost, is borne by the legs out
in proportion to what each carries (`truck_parts`: matches.csv's ``hub_share_eur_per_yr``, and in
companies.csv and zones.csv the build cost of the company each leg out delivers to). A hub with
no leg out puts all it takes in into the pipes (phi = 1); one with no leg in hands out only what
it draws from them (phi = 0: a hydrogen station on a pipeline, 200 t/yr to a depot, bears its
whole cost on the depot's leg). A hub off any network has no fraction here: its cost is its
own, borne by its deliveries (`results.shares`). Before 2026-12-07 every hub on a network
charged its whole cost to its legs out in matches.csv, and to the network in companies.csv (the
station above: 50,000 EUR/yr on the depot in matches.csv, pooled with the pipeline's cost and
split between the depot and the pipeline's other user in companies.csv and network_shares.csv).

`hub_split` computes the split once (`HubSplit`); `results.statistics` keeps it and every
output reads that one value.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

__all__ = ["HubSplit", "built_hubs", "hub_cost_by_resource", "hub_split", "network_fractions", "passed",
           "truck_parts", "truck_rows"]

#: `truck_rows`' columns
TRUCK_COLUMNS = ["site_id", "hub_id", "resource", "cost_eur_per_yr", "investment_eur"]
#: `hub_cost_by_resource`'s columns
COST_COLUMNS = ["hub_id", "resource", "cost_eur_per_yr", "investment_eur"]


@dataclass(frozen=True)
class HubSplit:
    """The built hubs' cost per resource (`rows`: `hub_cost_by_resource`) and, per (hub_id,
    resource) standing on a shared network, the network's fraction of it (`phi`:
    `network_fractions`): computed once (`hub_split`), read by the exchanges' shares, the price
    bands, companies.csv, zones.csv and network_shares.csv."""

    rows: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=COST_COLUMNS))
    phi: dict[tuple[str, str], float] = field(default_factory=dict)


def hub_split(L: pd.DataFrame, hubs: pd.DataFrame | None) -> HubSplit:
    """`HubSplit` of the built `hubs` (`built_hubs`) over the links `L` (`Statistics`' links, or
    the chosen links with kind, hub_id, supply_resource, amount, network_party and hub_passed)."""
    if hubs is None or not len(hubs) or not len(L):
        return HubSplit()
    return HubSplit(hub_cost_by_resource(hubs, L), network_fractions(L))


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
    legs = L[L["kind"].isin(["to_hub", "from_hub"]) & (L["amount"] > 0)] if len(L) else L
    rows = []
    for h in hubs.itertuples(index=False):
        carried = sorted(set(legs.loc[legs["hub_id"] == h.hub_id, "supply_resource"].astype(str)))
        carried = carried or [str(r) for r in h.resources]
        n = len(carried)
        rows += [(h.hub_id, r, h.annual_cost_eur_per_yr / n, h.investment_eur / n) for r in carried]
    return pd.DataFrame(rows, columns=COST_COLUMNS)


def _on_network(L: pd.DataFrame) -> np.ndarray:
    """Per link of `L`: a leg of a hub standing on a shared network (its ``network_party``)."""
    if not len(L) or "network_party" not in L or "kind" not in L:
        return np.zeros(len(L), bool)
    return (L["network_party"].fillna("").astype(str).to_numpy() != "") & L["kind"].isin(["to_hub", "from_hub"]).to_numpy()


def passed(L: pd.DataFrame, column: str = "hub_passed") -> np.ndarray:
    """Per link of `L`, what a leg of a hub standing on a shared network passes straight through
    the hub (`column`: ``hub_passed`` for a leg in, ``hub_passed_out`` for a leg out; base
    units/yr): the model's figure at a hub on a CO2 network (`model.netpass.pass_columns`), 0 at
    a hub on any other network (nothing passes by the pipes' side there: its legs in inject, its
    legs out draw), NaN for every other link."""
    p = L[column].to_numpy(float) if column in L else np.full(len(L), np.nan)
    return np.where(_on_network(L), np.nan_to_num(p), p)


def network_fractions(L: pd.DataFrame) -> dict[tuple[str, str], float]:
    """Per (hub_id, resource) of a hub standing on a shared network (`L`: `Statistics`' links with
    kind, hub_id, supply_resource, amount in base units/yr, network_party and, at a CO2 hub,
    hub_passed), the share phi of its cost that is the network's (the module docstring): 70,000
    t/yr put into the pipes of 100,000 trucked in, 30,000 trucked out: 70,000 / (30,000 + 70,000)
    = 0.7; a hydrogen station with no leg in handing 200 t/yr out: 0 / 200 = 0. A hub whose legs
    carry nothing: 1 (the network's)."""
    on = _on_network(L)
    if not on.any():
        return {}
    kind, amt = L["kind"].to_numpy().astype(str), L["amount"].to_numpy(float)
    # what a leg in brings to the hub: what reaches it (after a heat leg's losses), in which
    # ``hub_passed`` is counted (`model.netpass.hub_passed`)
    brings = L["demand_amount"].to_numpy(float) if "demand_amount" in L else amt
    into, out = on & (kind == "to_hub"), on & (kind == "from_hub")
    g = pd.DataFrame({"hub": L["hub_id"].astype(str).to_numpy(), "res": L["supply_resource"].astype(str).to_numpy(),
                      # what enters the pipes: never below 0 (a solver's rounding)
                      "piped": np.where(into, np.maximum(brings - np.nan_to_num(passed(L)), 0.0), 0.0),
                      "trucked": np.where(out, amt, 0.0)})[on].groupby(["hub", "res"], sort=True).sum()
    tot = (g["piped"] + g["trucked"]).to_numpy(float)
    phi = np.where(tot > 0, g["piped"].to_numpy(float) / np.where(tot > 0, tot, 1.0), 1.0)
    return {(str(h), str(r)): float(f) for (h, r), f in zip(g.index, phi)}


def truck_parts(L: pd.DataFrame, split: HubSplit) -> tuple[np.ndarray, np.ndarray]:
    """Per link of `L` (`network_fractions`' columns), its part of the legs' part of a hub
    standing on a shared network: (EUR/yr, EUR), the (1 - phi) share of the hub's cost and
    investment for the leg's resource (`split`: `hub_split`) borne by its legs out in proportion
    to what each carries; 0 on every other link. A hub costing 10,000 EUR/yr that trucks 30,000
    t/yr out to one company and puts 70,000 into the pipes: that leg out 3,000 EUR/yr."""
    cost, inv = np.zeros(len(L)), np.zeros(len(L))
    phi, rows = split.phi, split.rows
    if not phi or not len(rows):
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


def truck_rows(L: pd.DataFrame, split: HubSplit) -> pd.DataFrame:
    """`truck_parts` per company (the sink of each leg out) and hub: site_id, hub_id, resource,
    cost_eur_per_yr (EUR/yr) and investment_eur (EUR), what companies.csv and zones.csv count as
    that company's build cost and investment (`L`: links as `results.netparts.by_piece` gives them)."""
    cost, inv = truck_parts(L, split)
    on = (cost != 0) | (inv != 0)
    if not on.any():
        return pd.DataFrame(columns=TRUCK_COLUMNS)
    return pd.DataFrame({"site_id": L["sink_site"].astype(str).to_numpy()[on], "hub_id": L["hub_id"].astype(str).to_numpy()[on],
                         "resource": L["supply_resource"].astype(str).to_numpy()[on], "cost_eur_per_yr": cost[on],
                         "investment_eur": inv[on]}, columns=TRUCK_COLUMNS).groupby(
        ["site_id", "hub_id", "resource"], sort=True, as_index=False).sum()[TRUCK_COLUMNS]
