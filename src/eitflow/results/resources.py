"""A solution's figures per supply resource: `Statistics.resources` (a part of
`results.statistics`, which reads every aggregate once; the rule of what each resource bears is
`results.shares`'s).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from eitflow.results import network as net
from eitflow.results import shares
from eitflow.scenario import Scenario

#: the columns of `Statistics.resources`
RESOURCE_COLUMNS = ["resource", "unit", "supplied", "n_links", "net_benefit_eur_per_yr", "co2_avoided_t_per_yr",
                    "investment_eur"]


def resource_table(scen: Scenario, L: pd.DataFrame, sp: pd.DataFrame, pl: pd.DataFrame, supply_built: np.ndarray,
                   hub_built: np.ndarray, hub_cost: tuple[np.ndarray, np.ndarray],
                   corridors: pd.DataFrame) -> pd.DataFrame:
    """One row per supply resource with a chosen link.

    Parameters
    ----------
    scen : Scenario
    L : DataFrame
        `Statistics.links()`, with its shares (`results.shares`).
    sp, pl : DataFrame
        `Statistics.supplies()` and `Statistics.placements()`.
    supply_built, hub_built : ndarray of bool
        Per flow, per scenario hub: built.
    hub_cost : (ndarray, ndarray)
        Per scenario hub: annual cost (EUR/yr), investment (EUR).
    corridors : DataFrame
        The network corridors built (`results.network.corridors_built`).

    Returns
    -------
    DataFrame
        Columns `RESOURCE_COLUMNS`: resource, unit; supplied = what leaves the supplies of this
        resource (direct links and legs into hubs, not counting hub outflows twice; base
        unit/yr); n_links; net_benefit_eur_per_yr = its links' v x - F less their
        build_cost_share (the supplies and placed activities built for them, `results.shares`),
        less the cost of the hubs carrying it (split evenly over their resources with flow) and
        of its network (EUR/yr); co2_avoided_t_per_yr (tCO2/yr); investment_eur (links, built
        supplies, hubs split as their cost; EUR). A row "(placed activities)" holds their
        investment and any annual cost no exchange bears. Sums to the totals.
    """
    cols = RESOURCE_COLUMNS
    if not len(L) and not supply_built.any() and not hub_built.any() and not len(pl) and not len(corridors):
        return pd.DataFrame(columns=cols)
    leaving = L[~L["kind"].isin(["from_hub", "from_net"])]  # what entered a hub or network, once
    # what was built for the exchanges (supplies, placed activities) goes with the resources of
    # the exchanges bearing its annual cost (their build_cost_share, `results.shares`)
    parts = [pd.DataFrame({"resource": L["supply_resource"], "n_links": 1, "net_benefit_eur_per_yr":
                           L["net_benefit_eur_per_yr"] - L["build_cost_share_eur_per_yr"],
                           "co2_avoided_t_per_yr": L["co2_avoided_t_per_yr"], "investment_eur": L["investment_eur"]}),
             pd.DataFrame({"resource": leaving["supply_resource"], "supplied": leaving["amount"]})]
    parts += [pd.DataFrame({"resource": sp["resource"], "investment_eur": sp["investment_eur"]})] if len(sp) else []
    # a hub's cost split evenly over the resources it carries: the split of `results.shares`
    hc = shares.hub_cost_by_resource(shares.built_hubs(scen.hubs, hub_built, *hub_cost), L)
    parts.append(pd.DataFrame({"resource": hc["resource"], "net_benefit_eur_per_yr": -hc["cost_eur_per_yr"],
                               "investment_eur": hc["investment_eur"]}))
    built = float(sp["annual_cost_eur_per_yr"].sum() + pl["cost_eur_per_yr"].sum())
    left = built - float(L["build_cost_share_eur_per_yr"].sum())   # a cost no exchange bears
    if len(pl) or abs(left) > 1e-9 * max(1.0, built):  # no resource of their own: one row
        parts.append(pd.DataFrame({"resource": ["(placed activities)"], "net_benefit_eur_per_yr": [-left],
                                   "investment_eur": [pl["investment_eur"].sum()]}))
    allp = pd.concat(parts + [net.resource_rows(corridors)], ignore_index=True)
    num = cols[2:]
    for c in num:
        allp[c] = allp[c].astype(float).fillna(0.0)
    g = allp.groupby("resource", sort=True)[num].sum().reset_index()
    g["n_links"] = g["n_links"].astype(int)
    g["unit"] = [scen.catalogue[r].base_unit if r in scen.catalogue else "" for r in g["resource"]]
    return g[cols]
