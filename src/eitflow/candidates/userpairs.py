"""Candidate pairs links.csv gives (`candidates.generate`: they replace the generated pairs of
the resource pairs it names)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from eitflow.scenario import Scenario


def user_pairs(scen: Scenario, S: np.ndarray, D: np.ndarray, rs: str, rd: str):
    """Candidate pairs given by links.csv for one substitution: each row joins one supply
    flow and one demand flow (validation asks for flow ids where a site has several)."""
    f = scen.flows
    lk = scen.links
    assert lk is not None  # called for the resource pairs links.csv covers
    if scen.hubs is not None:
        hub_ids = set(scen.hubs["hub_id"])
        lk = lk[~(lk["source_site"].isin(hub_ids) | lk["sink_site"].isin(hub_ids))]
    lk = lk[(lk["supply_resource"] == rs) & (lk["demand_resource"] == rd)]
    fid = f["flow_id"].to_numpy()
    sup = pd.DataFrame({"s": S, "source_site": f["site_id"].to_numpy()[S], "sfid": fid[S]})
    dem = pd.DataFrame({"d": D, "sink_site": f["site_id"].to_numpy()[D], "dfid": fid[D]})
    m = lk.merge(sup, on="source_site").merge(dem, on="sink_site")
    if "supply_flow_id" in m:
        m = m[((m["supply_flow_id"] == "") | (m["supply_flow_id"] == m["sfid"]))
              & ((m["demand_flow_id"] == "") | (m["demand_flow_id"] == m["dfid"]))]
    m = m.sort_values(["s", "d"], kind="stable")
    s, d = m["s"].to_numpy(np.int64), m["d"].to_numpy(np.int64)
    lat = scen.sites.set_index("site_id")["lat"]
    lon = scen.sites.set_index("site_id")["lon"]
    from eitflow.geo import haversine_km
    gc = haversine_km(lat.reindex(m["source_site"]).to_numpy(), lon.reindex(m["source_site"]).to_numpy(),
                      lat.reindex(m["sink_site"]).to_numpy(), lon.reindex(m["sink_site"]).to_numpy())
    given = m["distance_km"].to_numpy(float)
    dist = np.where(np.isnan(given), gc * scen.catalogue[rs].transport.detour_factor, given)
    cap = m["capacity"].to_numpy(float)
    extra = dict(distance_km=dist, great_circle_km=gc, capacity=np.where(np.isnan(cap), np.inf, cap),
                 var_cost=m["var_cost_eur_per_unit"].to_numpy(float),
                 fixed=m["fixed_cost_eur_per_yr"].to_numpy(float),
                 invest=m["investment_eur"].to_numpy(float))
    return s, d, gc, extra


