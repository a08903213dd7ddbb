"""What an exchange is worth once the shared infrastructure it goes through has been paid for:
the figure the one-page brief ranks by, the report's table of exchanges and results.xlsx show
(`Statistics.links`' ``net_benefit_after_shares_eur_per_yr``). The one rule, in one place:

**Shared networks** (`results.network.with_cost_shares`): a network's delivery to a company
bears the network's annual cost (corridors' annuity, O&M, pumping) in proportion to what it
withdraws; injections bear none (``network_cost_share_eur_per_yr``).

**Hubs** (`with_shares`, ``hub_share_eur_per_yr``): per built hub and resource, the hub's
deliveries (legs out of it, ``from_hub``) together bear the hub's annual cost for that resource
and the result of the legs into it for that resource (their net benefit after any network
share, which is negative when the hub's supply costs more than it saves, as an electrolyser's
hydrogen, or positive), each in proportion to the amount it takes out of the hub (the
resource's base unit, one unit per hub and resource). A leg into the hub passes its whole
figure on to those deliveries: its hub share is its own figure, and its figure after shares
0. A hub's annual cost is split evenly over the resources it carries (`hub_cost_by_resource`,
as `Statistics.resources`). Where a hub resource has legs in but none out (a hub on a shared
network whose legs only feed the network), the legs in bear that cost in proportion to what
they bring and keep their own figure; a resource with legs out only (fed by the network)
has nothing to pass on. Every other exchange bears no hub share.

So, over all exchanges, the figures after shares add up to the exchanges' total less the
networks' and the used hubs' annual costs: the headline plus the annual costs the rule does
not share out (built supplies, whose cost `results.prices` counts in the supplier's floor
price, placed activities, and a hub built without any exchange); without those, the headline. A chain site -> hub ->
company is then worth what its figures after shares say; its legs one by one (matches.csv's
``net_benefit_eur_per_yr``) are the raw legs.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from eitflow.results import network as net

__all__ = ["SHARE_COLUMNS", "built_hubs", "hub_cost_by_resource", "with_shares"]

#: the columns `with_shares` adds (EUR/yr)
SHARE_COLUMNS = ["network_cost_share_eur_per_yr", "hub_share_eur_per_yr", "net_benefit_after_shares_eur_per_yr"]


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


def with_shares(L: pd.DataFrame, corridors: pd.DataFrame, hubs: pd.DataFrame) -> pd.DataFrame:
    """`L` (`Statistics`' links, before these columns) with the shares of the module docstring.

    Parameters
    ----------
    L : the chosen links (kind, hub_id, supply_resource, amount in the supply resource's base
        unit/yr, net_benefit_eur_per_yr = v x - F in EUR/yr).
    corridors : the corridors built (`results.network.corridors_built`).
    hubs : the built hubs (`built_hubs`).

    Returns
    -------
    pandas.DataFrame
        `L` with network_cost_share_eur_per_yr (>= 0), hub_share_eur_per_yr (a delivery from
        a hub: its part of the hub's cost less the legs into it; a leg into a hub: its own
        figure after any network share) and net_benefit_after_shares_eur_per_yr =
        net_benefit_eur_per_yr - both (EUR/yr).
    """
    L = net.with_cost_shares(L, corridors)
    after_net = L["net_benefit_eur_per_yr"].to_numpy(float) - L["network_cost_share_eur_per_yr"].to_numpy(float)
    share = np.zeros(len(L))
    if len(L) and len(hubs):
        kind, hub = L["kind"].to_numpy().astype(str), L["hub_id"].to_numpy().astype(str)
        res, amt = L["supply_resource"].to_numpy().astype(str), L["amount"].to_numpy(float)
        for h, r, cost in hub_cost_by_resource(hubs, L)[["hub_id", "resource", "cost_eur_per_yr"]].itertuples(
                index=False):
            node = (hub == str(h)) & (res == r)
            into, out = node & (kind == "to_hub"), node & (kind == "from_hub")
            if amt[out].sum() > 0:
                # the deliveries bear the hub's cost and the legs' into it, per unit taken out
                share[out] = (cost - after_net[into].sum()) * amt[out] / amt[out].sum()
                share[into] = after_net[into]
            elif amt[into].sum() > 0:
                # nothing taken out (the legs in feed a network): they bear the hub's cost
                share[into] = cost * amt[into] / amt[into].sum()
    return L.assign(hub_share_eur_per_yr=share + 0.0, net_benefit_after_shares_eur_per_yr=after_net - share)
