"""Where the candidate pairs of one substitution (supply resource -> demand resource) come from:
a KD-tree search of the supplies and demands within reach (`searched_pairs`, in chunks under the
memory budget, `candidates.budget`), or the rows of links.csv that cover it (`given_pairs`).
Distances in km; the rules and prices are applied to the pairs after (`candidates.rules`)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from eitflow.candidates import budget
from eitflow.candidates.radius import pair_limit_km
from eitflow.geo import pair_counts, pairs_within
from eitflow.scenario import Scenario


def searched_pairs(scen: Scenario, S: np.ndarray, D: np.ndarray, xs: np.ndarray, xd: np.ndarray, far: float,
              modes: list, radius: np.ndarray):
    """The pairs within `far` km, in chunks of supplies of at most `budget.PAIR_CHUNK` pairs
    each, split by transport mode: (an iterator of (s, d, extra, mode, main mode?, pairs
    searched so far), the number of pairs, estimated when under `budget.PAIR_CHUNK` / 2). Chunks follow the supplies' order and each is ordered by (supply,
    demand): the pairs come in the order of one whole search."""
    ranges, total = [(0, len(S))], len(S) * len(D)
    if total > budget.PAIR_CHUNK:
        # evenly spaced supplies tell whether one search fits; if not, count every supply's
        # pairs (one integer each) to cut the search into chunks
        sample = np.unique(np.linspace(0, len(S) - 1, min(len(S), 2000)).astype(np.int64))
        total = int(pair_counts(xs[sample], xd, far).mean() * len(S))
        if total > budget.PAIR_CHUNK // 2:
            counts = pair_counts(xs, xd, far)
            ranges, total = budget.chunks(counts), int(counts.sum())

    def gen():
        done = 0
        for a, b in ranges:
            i, j, gc = pairs_within(xs[a:b], xd, far)
            done += len(i)
            s, d = S[i + a], D[j]
            for k, tr in enumerate(modes):
                keep = gc <= pair_limit_km(scen, s, d, tr, radius)
                yield (s[keep], d[keep], dict(distance_km=gc[keep] * tr.detour_factor, great_circle_km=gc[keep],
                                              capacity=np.full(int(keep.sum()), np.inf),
                                              var_cost=None, fixed=None, invest=None), tr, k == 0, done)

    return gen(), total


def given_pairs(scen: Scenario, S: np.ndarray, D: np.ndarray, rs: str, rd: str):
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
