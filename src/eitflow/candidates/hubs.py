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

from eitflow.candidates.costs import leg_coefficients
from eitflow.candidates.electricity import electricity_terms, injection_mwh_per_unit
from eitflow.candidates.nettables import Network
from eitflow.candidates.radius import flow_radius_km, hub_radius_km
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


def _leg_frame(scen, kind, flow_pos, node, nodes, dist_km, gc_km, cap, var_cost=None, fixed=None, invest=None):
    """Legs between flows `flow_pos` and hub nodes `node` (arrays aligned): coefficients
    from the cost model (`costs.leg_coefficients`), one resource at a time."""
    f = scen.flows
    n = len(flow_pos)
    res_node = nodes["resource"].to_numpy()[node]
    hub = nodes["hub"].to_numpy()[node]
    fres = f["resource"].to_numpy()[flow_pos]
    out = {k: np.zeros(n) for k in ("yield", "var_cost_eur_per_unit", "investment_eur", "fixed_eur_per_yr",
                                    "co2_t_per_unit", "value_eur_per_unit", "upper", "lower")}
    for r in np.unique(res_node):
        m = res_node == r
        given = [None if v is None else v[m] for v in (var_cost, fixed, invest)]
        coef = leg_coefficients(scen, kind, str(r), flow_pos[m], hub[m], dist_km[m], cap[m], *given)
        for k, v in coef.items():
            out[k][m] = v
    sites = f["site_id"].to_numpy()[flow_pos]
    hub_ids = nodes["hub_id"].to_numpy()[node]
    to_hub = kind == "to_hub"
    return pd.DataFrame({
        "supply": flow_pos if to_hub else np.full(n, -1), "demand": np.full(n, -1) if to_hub else flow_pos,
        "source_site": sites if to_hub else hub_ids, "sink_site": hub_ids if to_hub else sites,
        "supply_resource": res_node, "demand_resource": res_node if to_hub else fres,
        "distance_km": dist_km, "great_circle_km": gc_km, "capacity": cap, **out,
        "user_link": False, "heat_pump_cop": np.nan, "kind": kind, "hub": hub, "hub_node": node,
    })


def _purity_ok(scen: Scenario, r: str, h: int, pos: np.ndarray, kind: str) -> np.ndarray:
    """Purity rule at hub h for resource r: what enters must reach the hub's purity; what
    leaves is as pure as the hub's purity (with none stated, the hub mixes anything and
    serves only demands that state no purity requirement)."""
    if scen.catalogue[r].quality != "purity":
        return np.ones(len(pos), bool)
    assert scen.hubs is not None
    hpur = scen.hubs["purity"].to_numpy(float)[h]
    pur = scen.flows["purity"].to_numpy(float)[pos]
    if kind == "to_hub":
        return np.isnan(hpur) | np.isnan(pur) | (pur >= hpur)
    return np.isnan(pur) | (~np.isnan(hpur) & (pur <= hpur))


def hubs_on_networks(scen: Scenario, network: Network | None) -> Scenario:
    """`scen` with each hub standing on a network of a resource with a pressure (hydrogen,
    `candidates.network.network_gas`) at that network's pressure: its node shares the
    network's balance, so gas reaches it at the network's pressure and the compression to a
    demand's is paid on its leg out (and a supply's into it, up to the network's). A hub
    stated at 350 bar on a 30 bar pipeline otherwise served 350 bar users with no compression
    from the pipeline. `scen` itself when no hub is on such a network."""
    if network is None or not network.pressure_bar or scen.hubs is None:
        return scen
    na = network.node_arrays
    bar = {int(h): network.pressure_bar.get(str(r)) for h, hn, r in zip(na["hub"], na["hub_node"], na["resource"])
           if hn >= 0}
    bar = {h: p for h, p in bar.items() if p is not None}
    if not bar:
        return scen
    import dataclasses

    hubs = scen.hubs.copy()
    p_col = hubs["pressure_bar"].to_numpy(float).copy()
    p_col[list(bar)] = list(bar.values())
    hubs["pressure_bar"] = p_col
    return dataclasses.replace(scen, hubs=hubs)


def network_injection(scen: Scenario, legs: pd.DataFrame, node_hub: np.ndarray) -> pd.DataFrame:
    """`legs` with each leg into a hub standing on a network (its node shares the network's,
    `node_hub`: per network node, its hub node or -1) paying what a connection into that network
    pays for what it puts in (`electricity.injection_mwh_per_unit`: a CO2 network's compression
    into dense phase, 0.11 MWh/t at the electricity price and charged its CO2 factor). A supply
    reaching a CO2 network through a hub injected for free where its own connection paid. What
    the hub hands straight to its own legs out never enters the pipes: the model refunds it
    (`model.netpass`)."""
    if not len(legs):
        return legs
    on = np.unique(np.asarray(node_hub, np.int64)[np.asarray(node_hub, np.int64) >= 0])
    into = (legs["kind"].to_numpy() == "to_hub") & np.isin(legs["hub_node"].to_numpy(np.int64), on)
    res = legs["supply_resource"].to_numpy()
    if not into.any():
        return legs
    p = scen.params
    vc, co2, val = (legs[c].to_numpy(float).copy() for c in ("var_cost_eur_per_unit", "co2_t_per_unit",
                                                             "value_eur_per_unit"))
    for r in np.unique(res[into]):
        m = into & (res == r)
        eur, t = electricity_terms(p, injection_mwh_per_unit(scen.catalogue[str(r)].network, m[m]))
        vc[m] += eur
        co2[m] -= t
        val[m] -= eur + p.carbon_price_eur_per_t * t   # v = revenue + carbon price x CO2 - costs
    return legs.assign(var_cost_eur_per_unit=vc, co2_t_per_unit=co2, value_eur_per_unit=val)


def network_purity_ok(scen: Scenario, legs: pd.DataFrame, node_hub: np.ndarray, node_res: np.ndarray,
                      purity: dict[str, float | None]) -> np.ndarray:
    """Which hub `legs` keep the purity of a network their hub stands on (its node shares the
    network's balance, `candidates.network`): per network node, `node_hub` (the hub's node in
    `hub_nodes`, -1 for none), `node_res` (its resource) and `purity` (per resource, the
    network's; `candidates.network.network_gas`). Gas at such a hub is the network's mixture,
    so what enters must reach the network's purity and what leaves serves only demands needing
    no more (as at the hub itself, `_purity_ok`; a flow stating none passes). Without this a
    0.99 electrolyser fed a 0.99997 fuel-cell user through the network and a 0.99999 hub."""
    keep = np.ones(len(legs), bool)
    at = {int(h): purity.get(str(r)) for h, r in zip(node_hub, node_res) if h >= 0}
    at = {h: p for h, p in at.items() if p is not None}
    if not at or not len(legs):
        return keep
    hn = legs["hub_node"].to_numpy(np.int64)
    p_net = np.array([at.get(int(h), np.nan) for h in hn], float)
    pur = scen.flows["purity"].to_numpy(float)
    to_hub = legs["kind"].to_numpy() == "to_hub"
    pos = np.where(to_hub, legs["supply"].to_numpy(np.int64), legs["demand"].to_numpy(np.int64))
    pf = pur[np.maximum(pos, 0)]
    keep &= ~(to_hub & (pf < p_net)) & ~(~to_hub & (pf > p_net))   # NaN on either side: no rule
    return keep


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
    assert hubs is not None  # hub_nodes is empty without hubs
    site_pos = pd.Series(np.arange(len(scen.sites)), index=scen.sites["site_id"])
    s_lat = scen.sites["lat"].to_numpy(float)[site_pos.reindex(f["site_id"]).to_numpy()]
    s_lon = scen.sites["lon"].to_numpy(float)[site_pos.reindex(f["site_id"]).to_numpy()]
    hub_lat, hub_lon = hubs["lat"].to_numpy(float), hubs["lon"].to_numpy(float)
    is_sup = (f["direction"].to_numpy() == "supply")
    res = f["resource"].to_numpy()
    temp = f["temperature_c"].to_numpy(float)
    htemp = hubs["temperature_c"].to_numpy(float)
    user = scen.links
    hub_ids = set(hubs["hub_id"])
    parts = []
    flow_radius = flow_radius_km(scen)
    user_hub = None if user is None else user[user["source_site"].isin(hub_ids) | user["sink_site"].isin(hub_ids)]
    # the rows of each (hub, resource), found once: selecting them per hub in the loop took 4 s
    # for 100 hubs x 1,000 demands
    by_key: dict = {}
    user_res = set() if user is None else set(user["supply_resource"].tolist())
    if user_hub is not None:
        for c in ("sink_site", "source_site"):
            for key, idx in user_hub.groupby([c, "supply_resource"]).indices.items():
                by_key[(c, *key)] = user_hub.iloc[idx]
    for node, h, hid, r in nodes.itertuples(index=False):
        feeds = feeds_of(r, cat[r])
        for kind, mask in (("to_hub", is_sup & (res == r)), ("from_hub", ~is_sup & np.isin(res, list(feeds)))):
            cand = np.flatnonzero(mask)
            if len(cand) == 0:
                continue
            col_hub, col_site = ("sink_site", "source_site") if kind == "to_hub" else ("source_site", "sink_site")
            if r in user_res:
                # links.csv covers this resource: its rows are the only legs
                if user_hub is None:
                    continue
                u = by_key.get((col_hub, hid, r), user_hub.iloc[0:0])
                m = u.merge(pd.DataFrame({col_site: f["site_id"].to_numpy()[cand], "pos": cand}), on=col_site)
                if kind == "from_hub":
                    m = m[m["demand_resource"].to_numpy() == res[m["pos"].to_numpy()]]
                # a row naming one flow of its site (supply_flow_id, demand_flow_id) serves that one
                fid_col = "supply_flow_id" if kind == "to_hub" else "demand_flow_id"
                if fid_col in m:
                    named = m[fid_col].fillna("").astype(str).to_numpy()
                    m = m[(named == "") | (named == f["flow_id"].to_numpy().astype(str)[m["pos"].to_numpy()])]
                m = m[_purity_ok(scen, r, h, m["pos"].to_numpy(np.int64), kind)]
                pos = m["pos"].to_numpy(np.int64)
                gc = haversine_km(s_lat[pos], s_lon[pos], hub_lat[h], hub_lon[h])
                given = m["distance_km"].to_numpy(float)
                dist = np.where(np.isnan(given), gc * cat[r].transport.detour_factor, given)
                capv = m["capacity"].to_numpy(float)
                parts.append(_leg_frame(scen, kind, pos, np.full(len(pos), node), nodes, dist, gc,
                                        np.where(np.isnan(capv), np.inf, capv),
                                        m["var_cost_eur_per_unit"].to_numpy(float),
                                        m["fixed_cost_eur_per_yr"].to_numpy(float),
                                        m["investment_eur"].to_numpy(float)))
                continue
            # the radius rule (radius.py): within the flow's radius and the hub's
            radius = np.minimum(flow_radius[cand], hub_radius_km(scen, h, r))
            i, _, gc = pairs_within(unit_vectors(s_lat[cand], s_lon[cand]),
                                    unit_vectors(np.array([hub_lat[h]]), np.array([hub_lon[h]])), float(radius.max()))
            keep = gc <= radius[i]
            pos, gc = cand[i[keep]], gc[keep]
            if not np.isnan(htemp[h]) and cat[r].quality == "temperature":
                ok = temp[pos] >= htemp[h] if kind == "to_hub" else temp[pos] + cat[r].min_delta_t_k <= htemp[h]
                pos, gc = pos[ok], gc[ok]
            ok = _purity_ok(scen, r, h, pos, kind)
            pos, gc = pos[ok], gc[ok]
            parts.append(_leg_frame(scen, kind, pos, np.full(len(pos), node), nodes,
                                    gc * cat[r].transport.detour_factor, gc, np.full(len(pos), np.inf)))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


