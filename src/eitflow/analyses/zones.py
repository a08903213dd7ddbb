"""The optimum rolled up by zone (business park, intercommunality): exchanges inside and
between zones, totals and amounts per zone."""

from __future__ import annotations

import numpy as np
import pandas as pd

from eitflow.results.result import Result
from eitflow.scenario import Scenario

NO_ZONE = "(no zone)"


ZONE_COLUMNS = ["zone", "n_sites", "links_inside", "links_out", "links_in", "net_benefit_eur_per_yr",
                "co2_avoided_t_per_yr", "investment_eur", "net_benefit_inside_eur_per_yr",
                "net_benefit_between_eur_per_yr"]


ZONE_FLOW_COLUMNS = ["source_zone", "sink_zone", "inside", "supply_resource", "demand_resource", "n_links", "amount",
                     "unit", "demand_amount", "demand_unit", "net_benefit_eur_per_yr", "co2_avoided_t_per_yr",
                     "investment_eur"]


ZONE_AMOUNT_COLUMNS = ["zone", "resource", "unit", "supplied", "received", "exchanged_inside"]


def site_zones(sites: pd.DataFrame) -> pd.Series:
    """site_id -> zone label (`(no zone)` where empty)."""
    z = sites["zone"] if "zone" in sites else pd.Series("", index=sites.index)
    z = z.astype(object).where(z.notna() & (z.astype(str) != ""), NO_ZONE)
    return pd.Series(z.to_numpy(), index=sites["site_id"].to_numpy())


def _with_zones(matches: pd.DataFrame, zone_of: pd.Series) -> pd.DataFrame:
    m = matches.copy()
    m["source_zone"] = zone_of.reindex(m["source_site"]).fillna(NO_ZONE).to_numpy()
    m["sink_zone"] = zone_of.reindex(m["sink_site"]).fillna(NO_ZONE).to_numpy()
    return m


def zone_flows_from_matches(matches: pd.DataFrame, sites: pd.DataFrame) -> pd.DataFrame:
    """Matches rolled up by (source zone, sink zone, resources): n_links, amounts (supply and
    demand base units/yr), net benefit (EUR/yr), CO2 (tCO2/yr), investment (EUR)."""
    m = _with_zones(matches, site_zones(sites))
    if not len(m):
        return pd.DataFrame(columns=ZONE_FLOW_COLUMNS)
    g = (m.groupby(["source_zone", "sink_zone", "supply_resource", "demand_resource", "unit", "demand_unit"],
                   sort=True, dropna=False)
         .agg(n_links=("amount", "size"), amount=("amount", "sum"), demand_amount=("demand_amount", "sum"),
              net_benefit_eur_per_yr=("net_benefit_eur_per_yr", "sum"),
              co2_avoided_t_per_yr=("co2_avoided_t_per_yr", "sum"), investment_eur=("investment_eur", "sum"))
         .reset_index())
    g["inside"] = g["source_zone"] == g["sink_zone"]
    return g[ZONE_FLOW_COLUMNS]


def zones_from_matches(matches: pd.DataFrame, sites: pd.DataFrame) -> pd.DataFrame:
    """One row per zone (every zone of `sites`, exchanges or not): n_sites (rows of `sites`
    not flagged `is_hub`), links inside it, going out,
    coming in; net benefit (EUR/yr), CO2 avoided (tCO2/yr) and investment (EUR), where a link
    between two zones counts half in each, so the zone totals add up to the run's totals."""
    zone_of = site_zones(sites)
    is_hub = sites["is_hub"].to_numpy(bool) if "is_hub" in sites else np.zeros(len(sites), bool)
    m = _with_zones(matches, zone_of)
    inside = m["source_zone"] == m["sink_zone"]
    all_zones = sorted(set(zone_of.to_numpy()) | set(m["source_zone"]) | set(m["sink_zone"]))
    rows = []
    for z in all_zones:
        ins = m[inside & (m["source_zone"] == z)]
        out = m[~inside & (m["source_zone"] == z)]
        inn = m[~inside & (m["sink_zone"] == z)]

        def share(col: str) -> float:
            return float(ins[col].sum() + 0.5 * out[col].sum() + 0.5 * inn[col].sum())

        rows.append({"zone": z, "n_sites": int(((zone_of == z).to_numpy() & ~is_hub).sum()), "links_inside": len(ins),
                     "links_out": len(out), "links_in": len(inn),
                     "net_benefit_eur_per_yr": share("net_benefit_eur_per_yr"),
                     "co2_avoided_t_per_yr": share("co2_avoided_t_per_yr"), "investment_eur": share("investment_eur"),
                     "net_benefit_inside_eur_per_yr": float(ins["net_benefit_eur_per_yr"].sum()),
                     "net_benefit_between_eur_per_yr": float(0.5 * (out["net_benefit_eur_per_yr"].sum()
                                                                    + inn["net_benefit_eur_per_yr"].sum()))})
    return pd.DataFrame(rows, columns=ZONE_COLUMNS)


def zone_amounts_from_matches(matches: pd.DataFrame, sites: pd.DataFrame) -> pd.DataFrame:
    """Per zone and resource (base unit/yr): amount supplied by the zone's sites (supply
    resource), received by them (demand resource, demand units), and exchanged inside the zone."""
    m = _with_zones(matches, site_zones(sites))
    sup = m.groupby(["source_zone", "supply_resource", "unit"])["amount"].sum().rename("supplied")
    sup.index.names = ["zone", "resource", "unit"]
    rec = m.groupby(["sink_zone", "demand_resource", "demand_unit"])["demand_amount"].sum().rename("received")
    rec.index.names = ["zone", "resource", "unit"]
    ins = m[m["source_zone"] == m["sink_zone"]]
    inside = ins.groupby(["source_zone", "supply_resource", "unit"])["amount"].sum().rename("exchanged_inside")
    inside.index.names = ["zone", "resource", "unit"]
    if not len(m):
        return pd.DataFrame(columns=ZONE_AMOUNT_COLUMNS)
    out = pd.concat([sup, rec, inside], axis=1).fillna(0.0).reset_index()
    return out.sort_values(["zone", "resource"], kind="stable").reset_index(drop=True)[ZONE_AMOUNT_COLUMNS]


def _places(scen: Scenario) -> pd.DataFrame:
    """site_id and zone of every site and candidate hub (hubs appear as link ends in matches)."""
    parts = [scen.sites[["site_id", "zone"]].assign(is_hub=False)]
    hubs = getattr(scen, "hubs", None)
    if hubs is not None and len(hubs):
        parts.append(pd.DataFrame({"site_id": hubs["hub_id"].to_numpy(),
                                   "zone": hubs["zone"].to_numpy() if "zone" in hubs else "", "is_hub": True}))
    return pd.concat(parts, ignore_index=True)


def zones(scen: Scenario, result: Result) -> pd.DataFrame:
    """`zones_from_matches` of a result: totals per zone (see there; hub fixed costs, which
    are not in matches, are not counted)."""
    return zones_from_matches(result.matches, _places(scen))


def zone_flows(scen: Scenario, result: Result) -> pd.DataFrame:
    """`zone_flows_from_matches` of a result: exchanges inside and between zones."""
    return zone_flows_from_matches(result.matches, _places(scen))


def zone_amounts(scen: Scenario, result: Result) -> pd.DataFrame:
    """`zone_amounts_from_matches` of a result: amounts per zone and resource."""
    return zone_amounts_from_matches(result.matches, _places(scen))


