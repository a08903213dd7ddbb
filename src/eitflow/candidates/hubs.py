"""Shared infrastructure: candidate hubs (a heat-network node, a hydrogen hub, a shared
treatment or storage site) through which flows may pass.

A hub handles a list of resources; each (hub, resource) is a transshipment node: what
enters equals what leaves. A supply reaches a hub by an inbound leg, a demand is served
by an outbound leg; a hub is built (binary w_h, fixed cost CRF * investment + fixed cost
per year) only if it pays, and its throughput is limited by its capacity. Facility
location (OR-Library) is the special case of one market supply, hubs as facilities and
customers as required demands.

Leg coefficients, per unit of the carried (supply) resource:
    inbound   v = disposal avoided by the supplier - transport - hub handling
    outbound  v = yield * (price + carbon price * CO2 factor) - transport
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from eitflow.candidates.costs import production_terms
from eitflow.catalogue import feeds_of
from eitflow.geo import haversine_km, pairs_within, unit_vectors
from eitflow.scenario import Scenario


def hub_nodes(scen: Scenario) -> pd.DataFrame:
    """One row per (hub, resource): node, hub (position in scen.hubs), hub_id, resource."""
    if scen.hubs is None or len(scen.hubs) == 0:
        return pd.DataFrame(columns=["node", "hub", "hub_id", "resource"])
    rows = [(h, hid, r) for h, (hid, rs) in enumerate(zip(scen.hubs["hub_id"], scen.hubs["resources"])) for r in rs]
    out = pd.DataFrame(rows, columns=["hub", "hub_id", "resource"])
    out.insert(0, "node", np.arange(len(out)))
    return out


def _leg_frame(scen, kind, flow_pos, node, nodes, dist_km, cap, var_cost=None, fixed=None, invest=None):
    """Coefficients of legs between flows `flow_pos` and hub nodes `node` (arrays aligned)."""
    f = scen.flows
    cat = scen.catalogue
    p = scen.params
    hubs = scen.hubs
    n = len(flow_pos)
    res_node = nodes["resource"].to_numpy()[node]
    hub = nodes["hub"].to_numpy()[node]
    fres = f["resource"].to_numpy()[flow_pos]
    amount = f["amount"].to_numpy(float)[flow_pos]
    price = f["price_eur_per_unit"].to_numpy(float)[flow_pos]
    out = {k: np.zeros(n) for k in ("yield", "var_cost_eur_per_unit", "investment_eur", "fixed_eur_per_yr",
                                    "co2_t_per_unit", "value_eur_per_unit", "upper", "lower")}
    hcap = hubs["capacity"].to_numpy(float)[hub]
    handling = hubs["var_cost_eur_per_unit"].to_numpy(float)[hub]
    mina = f["min_amount"].to_numpy(float)[flow_pos]
    co2_flow = f["co2_factor_t_per_unit"].to_numpy(float)[flow_pos]
    prod_cost, prod_co2 = (t[flow_pos] for t in production_terms(scen))  # electrolysers
    for r in np.unique(res_node):
        m = res_node == r
        tr = cat[r].transport
        route = dist_km[m]
        vc = tr.var_cost_eur_per_unit + tr.var_cost_eur_per_unit_km * route
        inv = tr.investment_eur + tr.investment_eur_per_km * route
        fc = np.full(m.sum(), tr.fixed_cost_eur_per_yr)
        if var_cost is not None:
            vc = np.where(np.isnan(var_cost[m]), vc, var_cost[m])
            inv = np.where(np.isnan(invest[m]), inv, invest[m])
            fc = np.where(np.isnan(fixed[m]), fc, fixed[m])
        tco2 = tr.co2_t_per_unit_km * route
        comp = cat[r].compression_mwh_per_unit_ln
        if comp > 0:
            # pressure raised from the supply to the hub, or from the hub to the demand
            hp = hubs["pressure_bar"].to_numpy(float)[hub[m]]
            fp = f["pressure_bar"].to_numpy(float)[flow_pos[m]]
            lnr = np.log(hp / fp) if kind == "to_hub" else np.log(fp / hp)
            lnr = np.nan_to_num(lnr, nan=0.0).clip(min=0.0)
            vc = vc + comp * lnr * p.electricity_price_eur_per_mwh
            tco2 = tco2 + comp * lnr * p.electricity_co2_t_per_mwh
        if kind == "to_hub":
            yld = np.ones(m.sum())
            co2 = -tco2 - prod_co2[m]
            value = price[m] - prod_cost[m] + p.carbon_price_eur_per_t * co2 - vc - handling[m]
            upper = np.minimum(np.minimum(amount[m], hcap[m]), cap[m])
            lower = mina[m]
        else:
            fr = fres[m]
            yld = np.array([feeds_of(r, cat[r]).get(x, 0.0) for x in fr])
            e = np.where(np.isnan(co2_flow[m]), [cat[x].co2_factor_t_per_unit for x in fr], co2_flow[m])
            co2 = yld * e - tco2
            value = yld * price[m] + p.carbon_price_eur_per_t * co2 - vc
            upper = np.minimum(np.minimum(amount[m] / np.maximum(yld, 1e-12), hcap[m]), cap[m])
            lower = mina[m] / np.maximum(yld, 1e-12)
        out["yield"][m] = yld
        out["var_cost_eur_per_unit"][m] = vc
        out["investment_eur"][m] = inv
        out["fixed_eur_per_yr"][m] = p.capital_recovery_factor * inv + fc
        out["co2_t_per_unit"][m] = co2
        out["value_eur_per_unit"][m] = value
        out["upper"][m] = upper
        out["lower"][m] = lower
    sites = f["site_id"].to_numpy()[flow_pos]
    hub_ids = nodes["hub_id"].to_numpy()[node]
    to_hub = kind == "to_hub"
    return pd.DataFrame({
        "supply": flow_pos if to_hub else np.full(n, -1), "demand": np.full(n, -1) if to_hub else flow_pos,
        "source_site": sites if to_hub else hub_ids, "sink_site": hub_ids if to_hub else sites,
        "supply_resource": res_node, "demand_resource": res_node if to_hub else fres,
        "distance_km": dist_km, "capacity": cap, **out,
        "user_link": False, "heat_pump_cop": np.nan, "kind": kind, "hub": hub, "hub_node": node,
    })


def _purity_ok(scen: Scenario, r: str, h: int, pos: np.ndarray, kind: str) -> np.ndarray:
    """Purity rule at hub h for resource r: what enters must reach the hub's purity; what
    leaves is as pure as the hub's purity (with none stated, the hub mixes anything and
    serves only demands that state no purity requirement)."""
    if scen.catalogue[r].quality != "purity":
        return np.ones(len(pos), bool)
    hpur = scen.hubs["purity"].to_numpy(float)[h]
    pur = scen.flows["purity"].to_numpy(float)[pos]
    if kind == "to_hub":
        return np.isnan(hpur) | np.isnan(pur) | (pur >= hpur)
    return np.isnan(pur) | (~np.isnan(hpur) & (pur <= hpur))


def hub_legs(scen: Scenario) -> pd.DataFrame:
    """Candidate legs between flows and hubs: from links.csv where it names a hub, else by
    radius search (the resource's max distance, or the hub's own) and the temperature rule
    (a heat supply must reach the hub's temperature; a heat demand needs it + approach)."""
    nodes = hub_nodes(scen)
    if len(nodes) == 0:
        return pd.DataFrame()
    f = scen.flows
    cat = scen.catalogue
    hubs = scen.hubs
    site_pos = pd.Series(np.arange(len(scen.sites)), index=scen.sites["site_id"])
    s_lat = scen.sites["lat"].to_numpy(float)[site_pos.reindex(f["site_id"]).to_numpy()]
    s_lon = scen.sites["lon"].to_numpy(float)[site_pos.reindex(f["site_id"]).to_numpy()]
    hub_lat, hub_lon = hubs["lat"].to_numpy(float), hubs["lon"].to_numpy(float)
    is_sup = (f["direction"] == "supply").to_numpy()
    res = f["resource"].to_numpy()
    temp = f["temperature_c"].to_numpy(float)
    htemp = hubs["temperature_c"].to_numpy(float)
    user = scen.links
    hub_ids = set(hubs["hub_id"])
    parts = []
    user_hub = None if user is None else user[user["source_site"].isin(hub_ids) | user["sink_site"].isin(hub_ids)]
    for node, h, hid, r in nodes.itertuples(index=False):
        feeds = feeds_of(r, cat[r])
        for kind, mask in (("to_hub", is_sup & (res == r)), ("from_hub", ~is_sup & np.isin(res, list(feeds)))):
            cand = np.flatnonzero(mask)
            if len(cand) == 0:
                continue
            col_hub, col_site = ("sink_site", "source_site") if kind == "to_hub" else ("source_site", "sink_site")
            if user is not None and (user["supply_resource"] == r).any():
                # links.csv covers this resource: its rows are the only legs
                if user_hub is None:
                    continue
                u = user_hub[(user_hub[col_hub] == hid) & (user_hub["supply_resource"] == r)]
                m = u.merge(pd.DataFrame({col_site: f["site_id"].to_numpy()[cand], "pos": cand}), on=col_site)
                if kind == "from_hub":
                    m = m[m["demand_resource"].to_numpy() == res[m["pos"].to_numpy()]]
                m = m[_purity_ok(scen, r, h, m["pos"].to_numpy(np.int64), kind)]
                pos = m["pos"].to_numpy(np.int64)
                gc = haversine_km(s_lat[pos], s_lon[pos], hub_lat[h], hub_lon[h])
                given = m["distance_km"].to_numpy(float)
                dist = np.where(np.isnan(given), gc * cat[r].transport.detour_factor, given)
                capv = m["capacity"].to_numpy(float)
                parts.append(_leg_frame(scen, kind, pos, np.full(len(pos), node), nodes, dist,
                                        np.where(np.isnan(capv), np.inf, capv),
                                        m["var_cost_eur_per_unit"].to_numpy(float),
                                        m["fixed_cost_eur_per_yr"].to_numpy(float),
                                        m["investment_eur"].to_numpy(float)))
                continue
            radius = hubs["max_distance_km"].to_numpy(float)[h]
            radius = cat[r].max_distance_km if np.isnan(radius) else radius
            i, _, gc = pairs_within(unit_vectors(s_lat[cand], s_lon[cand]),
                                    unit_vectors(np.array([hub_lat[h]]), np.array([hub_lon[h]])), radius)
            pos = cand[i]
            if not np.isnan(htemp[h]) and cat[r].quality == "temperature":
                ok = temp[pos] >= htemp[h] if kind == "to_hub" else temp[pos] + cat[r].min_delta_t_k <= htemp[h]
                pos, gc = pos[ok], gc[ok]
            ok = _purity_ok(scen, r, h, pos, kind)
            pos, gc = pos[ok], gc[ok]
            parts.append(_leg_frame(scen, kind, pos, np.full(len(pos), node), nodes,
                                    gc * cat[r].transport.detour_factor, np.full(len(pos), np.inf)))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


