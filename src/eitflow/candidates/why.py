"""Why a flow has no candidate link: the pair in range that went furthest through the rules
and why it was dropped, or its nearest partner beyond the pair's limit (the radius rule), or
no compatible partner at all. One answer for unmatched.csv and the infeasibility diagnosis."""

from __future__ import annotations

import numpy as np
import pandas as pd

from eitflow.candidates.generate import Candidates
from eitflow.candidates.radius import Radii, describe_limit, flow_radii, pair_limit_one
from eitflow.candidates.reasons import DROP_ORDER, NO_COMPATIBLE, NOT_IN_LINKS, OUT_OF_RANGE, QUALITY
from eitflow.candidates.rules import pair_details
from eitflow.candidates.temperature import approach_k
from eitflow.i18n import Named, Phrase
from eitflow.ids import named, named_sites, said_hub
from eitflow.scenario import Scenario

__all__ = ["drop_index", "impure_hub_leg", "why_no_candidate", "why_no_candidates"]

_DROP_RANK = {r: i for i, r in enumerate(DROP_ORDER)}

#: per flow: (rank of its furthest drop reason, route km, great-circle km, reason, detail)
DropIndex = dict[int, tuple[int, float, float, str, str]]


def drop_index(cand: Candidates, base_units: np.ndarray | None = None) -> DropIndex:
    """Per flow, the dropped pair that went furthest through the rules (the closest among
    equals, then the first), from `cand.dropped`; vectorised (a national run drops 270,000
    pairs) and the detail written for the pairs chosen only (`rules.pair_details`, with the
    flows' `base_units`)."""
    dr = cand.dropped
    if not len(dr):
        return {}
    n = len(dr)
    km = dr["distance_km"].to_numpy(float)
    gcs = dr["great_circle_km"].to_numpy(float) if "great_circle_km" in dr else np.full(n, np.nan)
    why = dr["reason"].to_numpy(object)
    codes, names = pd.factorize(why)
    rank = np.array([_DROP_RANK.get(w, 0) for w in names], np.int64)[codes]
    flow = np.concatenate([dr["supply"].to_numpy(np.int64), dr["demand"].to_numpy(np.int64)])
    row = np.tile(np.arange(n), 2)
    ok = flow >= 0   # a flow's position (a hub's end of a pair has none)
    flow, row = flow[ok], row[ok]
    if not len(flow):
        return {}
    # per flow: highest rank first, then the shortest route, then the first row; three
    # reductions by flow (ufunc.at) instead of sorting the 540,000 entries of a national run
    # (two stable argsorts: 0.3 s). A route of unknown length comes last, as a sort puts NaN.
    nf = int(flow.max()) + 1
    r_e, km_e = rank[row], np.where(np.isnan(km), np.inf, km)[row]
    best = np.full(nf, -1, np.int64)
    np.maximum.at(best, flow, r_e)
    m = r_e == best[flow]
    shortest = np.full(nf, np.inf)
    np.minimum.at(shortest, flow[m], km_e[m])
    m &= km_e == shortest[flow]
    first = np.full(nf, n, np.int64)
    np.minimum.at(first, flow[m], row[m])
    pick_flow = np.flatnonzero(first < n)
    rows = first[pick_flow]
    det = pair_details(dr, rows, base_units)
    # Python values column by column (tolist), not a numpy scalar per cell: 33,000 flows
    return dict(zip(pick_flow.tolist(), zip(rank[rows].tolist(), km[rows].tolist(), gcs[rows].tolist(),
                                            [str(w) for w in why[rows].tolist()], det)))


def why_no_candidate(scen: Scenario, cand: Candidates, k: int, drops: DropIndex,
                     radii: Radii | None = None) -> tuple[str, str]:
    """(reason, detail) for flow `k` (position in `scen.flows`), which has no candidate link.
    `drops` is `drop_index(cand)`; `radii` reuses `radius.flow_radii(scen)` (callers asking
    about many flows compute both once, or call `why_no_candidates`)."""
    return why_no_candidates(scen, cand, [k], drops, radii)[0]


def why_no_candidates(scen: Scenario, cand: Candidates, flows, drops: DropIndex,
                      radii: Radii | None = None) -> list[tuple[str, Phrase]]:
    """`why_no_candidate` of each flow of `flows` (positions in `scen.flows`): the flows'
    columns are read once, not once per flow (a national run asks about 34,000 flows)."""
    f = scen.flows
    direction, resource = f["direction"].to_numpy(object), f["resource"].to_numpy(object)
    site, fid = f["site_id"].to_numpy(object), f["flow_id"].to_numpy(object)
    # a partner is named as people know it, its code beside it ("Brasserie des Hauts de Sambre
    # (BRASS_HS)"); a site without a name by its site and flow ids, as before
    names = named_sites(scen.sites)
    # the nearest partner is found by resource only (`generate`): one whose purity fails the
    # rule (a supply less pure than the demand needs) was called 'compatible'
    pur = f["purity"].to_numpy(float) if "purity" in f else np.full(len(f), np.nan)
    cat = scen.catalogue

    def impure(s: int, d: int) -> bool:
        return bool(resource[s] in cat and cat[resource[s]].quality == "purity" and pur[s] < pur[d])

    # so was a steam supply too cold for the steam demand (no heat pump for steam; point flows)
    temp = f["temperature_c"].to_numpy(float)
    ret = f["return_temperature_c"].to_numpy(float) if "return_temperature_c" in f else np.full(len(f), np.nan)

    def cold(s: int, d: int) -> float | None:   # the temperature needed, where no pump nor range helps
        if not (resource[s] in cat and resource[d] in cat and cat[resource[d]].quality == "temperature"):
            return None
        need = temp[d] + approach_k(scen, resource[s], resource[d])
        pump = scen.params.heat_pump.enabled and cat[resource[d]].heat_pump
        ok = pump or np.isfinite(ret[s]) or np.isfinite(ret[d]) or not temp[s] < need
        return None if ok else float(need)

    out: list[tuple[str, Phrase]] = []
    for kk in flows:
        k = int(kk)
        if (leg := impure_hub_leg(scen, k)) is not None:   # links.csv's leg, left out by the purity rule
            out.append((QUALITY, leg))
            continue
        if k in drops:
            _, km, gc, why, det = drops[k]
            out.append((why, Phrase("why_closest_detail", km=gc, route=km, detail=det) if det else
                        Phrase("why_closest", km=gc, route=km)))
            continue
        if not np.isfinite(cand.nearest_km[k]):
            other = "demand" if direction[k] == "supply" else "supply"
            out.append((NO_COMPATIBLE, Phrase(f"why_no_compatible_{other}", resource=Named(resource[k]))))
            continue
        p = -1 if cand.nearest_partner is None else int(cand.nearest_partner[k])
        gc = float(cand.nearest_km[k])
        if p < 0:
            out.append((OUT_OF_RANGE, Phrase("why_nearest", km=gc)))
            continue
        s, d = (k, p) if direction[k] == "supply" else (p, k)
        radii = flow_radii(scen) if radii is None else radii
        lim = pair_limit_one(radii, s, d)
        who = named(names, site[p], f"{site[p]}:{fid[p]}")
        if gc <= lim:  # in range, so its pair was never formed: links.csv gives the candidates
            out.append((NOT_IN_LINKS, Phrase("why_not_in_links", who=who, km=gc)))
        elif impure(s, d):   # the nearest partner is of the resource, but its gas not pure enough
            out.append((OUT_OF_RANGE, Phrase("why_nearest_beyond_impure", who=who, km=gc,
                                             limit=describe_limit(scen, s, d, radii=radii),
                                             supply=float(pur[s]), need=float(pur[d]))))
        elif (need := cold(s, d)) is not None:
            out.append((OUT_OF_RANGE, Phrase("why_nearest_beyond_cold", who=who, km=gc,
                                             limit=describe_limit(scen, s, d, radii=radii),
                                             supply=float(temp[s]), need=need)))
        else:
            out.append((OUT_OF_RANGE, Phrase("why_nearest_beyond", who=who, km=gc,
                                             limit=describe_limit(scen, s, d, radii=radii))))
    return out


def impure_hub_leg(scen: Scenario, k: int) -> Phrase | None:
    """Where flow k's only way in links.csv is a leg to or from a hub that the purity rule
    leaves out (`candidates.hubs._purity_ok`: a demand needing purer gas than the hub hands
    out, a supply less pure than the hub takes), that leg and the two purities; None otherwise.
    Before, such a depot read 'links.csv ... names none for this flow', its row beside it."""
    lk, hubs, f = scen.links, scen.hubs, scen.flows
    if lk is None or hubs is None or not len(lk) or "purity" not in f or "purity" not in hubs:
        return None
    res, site, pur = str(f["resource"].iat[k]), str(f["site_id"].iat[k]), float(f["purity"].iat[k])
    if res not in scen.catalogue or scen.catalogue[res].quality != "purity":
        return None
    supply = f["direction"].iat[k] == "supply"
    mine, other = ("source_site", "sink_site") if supply else ("sink_site", "source_site")
    ids = hubs["hub_id"].astype(str).tolist()
    rows = lk[(lk[mine].astype(str) == site) & lk[other].astype(str).isin(ids) & (lk["supply_resource"] == res)]
    for hid in rows[other].astype(str):
        hp = float(hubs["purity"].iat[ids.index(hid)])
        bad = (not np.isnan(hp) and not np.isnan(pur) and pur < hp) if supply else \
            (not np.isnan(pur) and (np.isnan(hp) or pur > hp))
        if bad:
            return Phrase("why_hub_leg_impure_in" if supply else "why_hub_leg_impure_out", hub=said_hub(hubs, ids.index(hid)),
                          hub_purity=hp, purity=pur)
    return None
