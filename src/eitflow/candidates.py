"""Candidate exchanges: spatial search, quality rule, economics, and a reason for every
pair that was in range but dropped.

For each (supply resource -> demand resource) substitution of the catalogue, supply and
demand flows are matched with a KD-tree radius search (never all pairs). Each surviving
pair is a candidate link with its coefficients, all per unit of *supply* base unit:

    value_eur_per_unit  v = yield * price_demand + disposal_supply - production_cost_supply
                            + carbon_price * co2 - var_cost
    co2_t_per_unit        = yield * co2_factor_demand - transport_co2_per_unit_km * distance
                            - production_co2_supply        (electrolysers: electrolyser.py)
    fixed_eur_per_yr    F = CRF * investment + fixed_cost
    upper               M = min(supply, demand / yield, capacity)     (tightest big-M)
    lower               L = max(min_amount_supply, min_amount_demand / yield)

A pair is dropped (with its reason) when it fails the quality rule, when L > M, or when
it can never pay: v * M - F <= 0 (net_benefit) or co2 <= 0 (co2 objective). Dropping
these is exact for demands that are not `required`: such a link is never strictly
better used than left idle.
"""
from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd

from .cascade import approach_k, heat_share_above, need_share_below
from .catalogue import substitution_pairs
from .electrolyser import production_terms
from .geo import nearest_km, pairs_within, unit_vectors
from .scenario import Scenario

LINK_FIELDS = ["supply", "demand", "source_site", "sink_site", "supply_resource", "demand_resource", "yield",
               "distance_km", "capacity", "lower", "upper", "var_cost_eur_per_unit", "value_eur_per_unit",
               "co2_t_per_unit", "investment_eur", "fixed_eur_per_yr", "user_link", "heat_pump_cop",
               "kind", "hub", "hub_node", "mode", "timing_limited"]

# reasons, in the order a pair meets the rules
SAME_SITE = "same_site"
QUALITY = "quality"
MIN_AMOUNT = "min_amount"
TIMING = "timing"
UNECONOMIC = "uneconomic"
NO_CO2_GAIN = "no_co2_gain"
# the order in which a pair meets the rules: among several reasons for one flow, the one
# furthest along explains best (results.unmatched_frame, analyses.explain)
DROP_ORDER = [SAME_SITE, QUALITY, TIMING, MIN_AMOUNT, UNECONOMIC, NO_CO2_GAIN]


@dataclass
class Candidates:
    """Candidate links and the pairs dropped on the way.

    links: one row per candidate (LINK_FIELDS); `supply`/`demand` are row positions in
        scenario.flows; amounts in supply base units per year, money in EUR, km.
    dropped: pairs that were in range but dropped: supply, demand, distance_km, reason, detail.
    nearest_km: per flow (position in scenario.flows), great-circle km to the nearest
        flow it could exchange with (any distance); inf when none exists.
    """

    links: pd.DataFrame
    dropped: pd.DataFrame
    nearest_km: np.ndarray
    in_range: np.ndarray  # per flow: number of partners in range before the rules

    def __len__(self) -> int:
        return len(self.links)


def _resource_arrays(scen: Scenario):
    f = scen.flows
    cat = scen.catalogue
    site_pos = pd.Series(np.arange(len(scen.sites)), index=scen.sites["site_id"])
    sidx = site_pos.reindex(f["site_id"]).to_numpy()
    xyz_sites = unit_vectors(scen.sites["lat"].to_numpy(), scen.sites["lon"].to_numpy())
    co2f = f["co2_factor_t_per_unit"].to_numpy(float).copy()
    miss = np.isnan(co2f)
    co2f[miss] = f["resource"][miss].map(lambda r: cat[r].co2_factor_t_per_unit).to_numpy(float)
    return sidx, xyz_sites, co2f


def heat_pump_cop(t_source_c: np.ndarray, t_sink_c: np.ndarray, approach_k: float, carnot_share: float) -> np.ndarray:
    """COP of a heat pump lifting heat from a source at `t_source_c` to a sink needing `t_sink_c`
    (degC): a share of the Carnot COP between evaporation (source - approach) and
    condensation (sink + approach) temperatures."""
    t_cond = t_sink_c + approach_k + 273.15
    lift = np.maximum((t_sink_c + approach_k) - (t_source_c - approach_k), 1e-6)
    return carnot_share * t_cond / lift


def _economics(scen: Scenario, s: np.ndarray, d: np.ndarray, yld: np.ndarray, dist_km: np.ndarray,
               tr, cap: np.ndarray, var_cost: np.ndarray | None, fixed: np.ndarray | None,
               invest: np.ndarray | None, co2f: np.ndarray, cop: np.ndarray | None = None,
               s_share: np.ndarray | None = None, d_share: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """Coefficients of links s->d (positions in flows) of one supply resource.

    `yld` already includes pipe losses; `cop` (NaN where no heat pump) adds the heat
    pump: delivered heat = yld * COP/(COP-1) per unit of source heat, electricity
    1/(COP-1) MWh per unit of source heat, capacity cost per MWh delivered. `s_share` and
    `d_share` are the shares of the supply and of the demand a link can reach across
    temperature levels (cascade.py); None is all."""
    f = scen.flows
    p = scen.params
    amount = f["amount"].to_numpy(float)
    price = f["price_eur_per_unit"].to_numpy(float)
    mina = f["min_amount"].to_numpy(float)
    route = dist_km
    vc = tr.var_cost_eur_per_unit + tr.var_cost_eur_per_unit_km * route
    if var_cost is not None:
        vc = np.where(np.isnan(var_cost), vc, var_cost)
    inv = tr.investment_eur + tr.investment_eur_per_km * route
    if invest is not None:
        inv = np.where(np.isnan(invest), inv, invest)
    fc = np.full(len(s), tr.fixed_cost_eur_per_yr)
    if fixed is not None:
        fc = np.where(np.isnan(fixed), fc, fixed)
    co2 = yld * co2f[d] - tr.co2_t_per_unit_km * route
    comp = scen.catalogue[f["resource"].iat[s[0]]].compression_mwh_per_unit_ln if len(s) else 0.0
    if comp > 0:
        pr = f["pressure_bar"].to_numpy(float)
        lnr = np.nan_to_num(np.log(pr[d] / pr[s]), nan=0.0).clip(min=0.0)  # only when pressure must rise
        vc = vc + comp * lnr * p.electricity_price_eur_per_mwh
        co2 = co2 - comp * lnr * p.electricity_co2_t_per_mwh
    if cop is not None and np.isfinite(cop).any():
        hp = np.isfinite(cop)
        elec = np.where(hp, 1.0 / (np.where(hp, cop, 2.0) - 1.0), 0.0)  # MWh_el per MWh of source heat
        boost = 1.0 + elec  # delivered / source heat, before losses
        hpp = p.heat_pump
        cap_cost = p.capital_recovery_factor * hpp.investment_eur_per_kw * 1000.0 / hpp.full_load_hours
        yld = np.where(hp, yld * boost, yld)
        vc = vc + elec * p.electricity_price_eur_per_mwh + np.where(hp, yld * cap_cost, 0.0)
        co2 = yld * co2f[d] - tr.co2_t_per_unit_km * route - elec * p.electricity_co2_t_per_mwh
    # an electrolyser pays for its electricity and emits its CO2 per unit it delivers
    prod_cost, prod_co2 = production_terms(scen)
    co2 = co2 - prod_co2[s]
    value = yld * price[d] + price[s] - prod_cost[s] + p.carbon_price_eur_per_t * co2 - vc
    ss = 1.0 if s_share is None else s_share
    ds = 1.0 if d_share is None else d_share
    upper = np.minimum(np.minimum(amount[s] * ss, amount[d] * ds / yld), cap)
    lower = np.maximum(mina[s], mina[d] / yld)
    return dict(yield_=yld, var_cost_eur_per_unit=vc, investment_eur=inv,
                fixed_eur_per_yr=p.capital_recovery_factor * inv + fc,
                co2_t_per_unit=co2, value_eur_per_unit=value, upper=upper, lower=lower)


def build_candidates(scen: Scenario) -> Candidates:
    """Generate candidate links for every substitution pair of the catalogue."""
    f = scen.flows
    cat = scen.catalogue
    nflows = len(f)
    sidx, xyz_sites, co2f = _resource_arrays(scen)
    res = f["resource"].to_numpy()
    is_sup = (f["direction"] == "supply").to_numpy()
    maxd = f["max_distance_km"].to_numpy(float)
    nearest = np.full(nflows, np.inf)
    in_range = np.zeros(nflows, np.int64)
    user = scen.links
    # links.csv replaces every generated candidate (direct or through a hub) of the resource
    # pairs it names; its rows naming a hub are hub legs (hubs.py), the others direct links
    user_pairs = set() if user is None else set(zip(user["supply_resource"], user["demand_resource"]))

    link_parts: list[pd.DataFrame] = []
    drop_parts: list[pd.DataFrame] = []
    for rs, rd, yld in substitution_pairs(cat):
        S = np.flatnonzero(is_sup & (res == rs))
        D = np.flatnonzero(~is_sup & (res == rd))
        if len(S) == 0 or len(D) == 0:
            continue
        xs, xd = xyz_sites[sidx[S]], xyz_sites[sidx[D]]
        # nearest partner at any distance, to explain "no partner in range"
        nk, _ = nearest_km(xs, xd)
        nearest[S] = np.minimum(nearest[S], nk)
        nk, _ = nearest_km(xd, xs)
        nearest[D] = np.minimum(nearest[D], nk)
        modes = [(cat[rs].transport, cat[rs].max_distance_km)] + \
            [(t, t.max_distance_km or cat[rs].max_distance_km) for t in cat[rs].alternatives]
        if (rs, rd) in user_pairs:
            s, d, gc, extra = _user_pairs(scen, S, D, rs, rd)
            batches = [(s, d, extra, cat[rs].transport)]
        else:
            far = max(r for _, r in modes)
            radius_s = np.where(np.isnan(maxd[S]), far, maxd[S])
            i, j, gc = pairs_within(xs, xd, float(radius_s.max()))
            batches = []
            for tr, r_mode in modes:
                rad = np.where(np.isnan(maxd[S]), r_mode, maxd[S])
                s, d = S[i], D[j]
                lim = np.minimum(rad[i], np.where(np.isnan(maxd[d]), np.inf, maxd[d]))
                keep = gc <= lim
                batches.append((s[keep], d[keep], dict(distance_km=gc[keep] * tr.detour_factor,
                                                       capacity=np.full(int(keep.sum()), np.inf),
                                                       var_cost=None, fixed=None, invest=None), tr))
        for k, (s, d, extra, tr) in enumerate(batches):
            if k == 0:
                np.add.at(in_range, s, 1)
                np.add.at(in_range, d, 1)
            lp, dp = _apply_rules(scen, s, d, extra, tr, rs, rd, yld, sidx, co2f, (rs, rd) in user_pairs)
            link_parts.append(lp)
            drop_parts.append(dp)
    if scen.hubs is not None and len(scen.hubs):
        from .hubs import hub_legs
        legs = hub_legs(scen)
        if len(legs):
            link_parts.append(legs)
    link_parts = [p for p in link_parts if len(p)]
    links = pd.concat(link_parts, ignore_index=True) if link_parts else pd.DataFrame(columns=LINK_FIELDS)
    links = links.reindex(columns=LINK_FIELDS)
    if len(links):
        links = links.sort_values(["kind", "hub_node", "supply", "demand"], kind="stable").reset_index(drop=True)
        for c in ("supply", "demand", "hub", "hub_node"):
            links[c] = links[c].astype(np.int64)
    dropped = (pd.concat(drop_parts, ignore_index=True) if drop_parts
               else pd.DataFrame(columns=["supply", "demand", "distance_km", "reason", "detail"]))
    return Candidates(links=links, dropped=dropped, nearest_km=nearest, in_range=in_range)




def _apply_rules(scen: Scenario, s: np.ndarray, d: np.ndarray, extra: dict, tr, rs: str, rd: str, yld: float,
                 sidx: np.ndarray, co2f: np.ndarray, user_link: bool) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Quality, timing, minimum-amount and economic rules for pairs s -> d carried by `tr`:
    (candidate links, dropped pairs with their reason)."""
    f = scen.flows
    cat = scen.catalogue
    temp = f["temperature_c"].to_numpy(float)
    ret = f["return_temperature_c"].to_numpy(float) if "return_temperature_c" in f else np.full(len(f), np.nan)
    q_rule = cat[rs].quality == "temperature" or cat[rd].quality == "temperature"
    hpp = scen.params.heat_pump
    hp_ok = q_rule and hpp.enabled and cat[rd].heat_pump
    s_share = d_share = None
    if q_rule:
        dt = approach_k(scen, rs, rd)
        # shares of each side a direct pipe can use (cascade.py): the supply's heat above the
        # demand's lowest need (+ approach) and the demand's need below the supply (- approach);
        # both are 1 or 0 for flows without a return temperature
        low = np.where(np.isfinite(ret[d]), ret[d], temp[d])
        s_share = heat_share_above(temp[s], ret[s], low + dt)
        d_share = need_share_below(temp[d], ret[d], temp[s] - dt)
        direct_ok = (s_share > 0) & (d_share > 0)
        if hp_ok:
            # a demand only partly reachable also gets a heat-pump twin of its link
            twin = np.flatnonzero(direct_ok & (temp[s] < temp[d] + dt))
            if len(twin):
                idx = np.concatenate([np.arange(len(s)), twin])
                s, d = s[idx], d[idx]
                extra = {k: (None if v is None else np.asarray(v)[idx]) for k, v in extra.items()}
                s_share, d_share, direct_ok, low = s_share[idx], d_share[idx], direct_ok[idx], low[idx]
                direct_ok[len(idx) - len(twin):] = False
    reason = np.full(len(s), "", dtype=object)
    detail = np.full(len(s), "", dtype=object)
    same = sidx[s] == sidx[d]
    reason[same] = SAME_SITE
    detail[same] = "supply and demand at the same site (internal recovery is out of scope)"
    cop = np.full(len(s), np.nan)
    if q_rule:
        bad_t = (reason == "") & ~direct_ok
        if hp_ok:
            lift = (temp[d] + dt) - (temp[s] - dt)
            c = heat_pump_cop(temp[s], temp[d], dt, hpp.carnot_share)
            ok_hp = bad_t & (lift <= hpp.max_lift_k) & (c > 1.0)
            cop[ok_hp] = c[ok_hp]
            bad_t &= ~ok_hp
        s_share = np.where(np.isfinite(cop), 1.0, s_share)
        d_share = np.where(np.isfinite(cop), 1.0, d_share)
        reason[bad_t] = QUALITY
        detail[bad_t] = [(f"supply at {a:g} degC < {b:g} degC required + {dt:g} K approach" if np.isnan(r) else
                          f"supply heat above {b:g} + {dt:g} K: none (range {r:g}-{a:g} degC)")
                         + (f" (heat pump lift > {hpp.max_lift_k:g} K)" if hp_ok else "")
                         for a, b, r in zip(temp[s][bad_t], low[bad_t], ret[s][bad_t])]
    if cat[rs].quality == "purity" or cat[rd].quality == "purity":
        pur = f["purity"].to_numpy(float)
        bad_p = (reason == "") & (pur[s] < pur[d])  # NaN on either side: no requirement stated
        reason[bad_p] = QUALITY
        detail[bad_p] = [f"purity {a:g} < {b:g} required" for a, b in zip(pur[s][bad_p], pur[d][bad_p])]
    loss = cat[rs].loss_share_per_km * extra["distance_km"]
    yv = yld * np.clip(1.0 - loss, 0.0, 1.0)
    eco = _economics(scen, s, d, yv, extra["distance_km"], tr, extra["capacity"],
                     extra["var_cost"], extra["fixed"], extra["invest"], co2f, cop, s_share, d_share)
    yv = eco["yield_"]
    too_lossy = (reason == "") & (yv <= 0)
    reason[too_lossy] = QUALITY
    detail[too_lossy] = "all heat lost on the way"
    if scen.profiles is not None:
        # the most a link can carry over the year when supply and demand follow their months
        per = scen.profiles
        amount = f["amount"].to_numpy(float)
        ss = np.ones(len(s)) if s_share is None else s_share
        ds = np.ones(len(s)) if d_share is None else d_share
        yr = np.minimum(np.minimum((amount[s] * ss)[:, None] * per[s],
                                   (amount[d] * ds)[:, None] * per[d] / np.maximum(eco["yield_"], 1e-12)[:, None]),
                        (extra["capacity"] / 12.0)[:, None]).sum(axis=1)
        eco["timing_limited"] = yr < eco["upper"] * (1 - 1e-9)
        eco["upper"] = np.minimum(eco["upper"], yr)
        no_overlap = (reason == "") & (yr <= 1e-9 * np.maximum(1.0, amount[s]))
        reason[no_overlap] = TIMING
        detail[no_overlap] = "supply and demand are never available in the same month"
    yv = eco.pop("yield_")
    bad_min = (reason == "") & (eco["lower"] > eco["upper"])
    reason[bad_min] = MIN_AMOUNT
    detail[bad_min] = [f"minimum exchange {lo:.6g} > {up:.6g} possible" for lo, up in
                       zip(eco["lower"][bad_min], eco["upper"][bad_min])]
    required = f["required"].to_numpy(bool)[d]
    if scen.params.objective == "net_benefit":
        best = eco["value_eur_per_unit"] * eco["upper"] - eco["fixed_eur_per_yr"]
        bad_eco = (reason == "") & (best <= 0) & ~required
        reason[bad_eco] = UNECONOMIC
        detail[bad_eco] = [f"at full use {b:,.0f} EUR/yr (value {v:.4g} EUR/unit x {u:.6g}, fixed {c:,.0f} EUR/yr)"
                           for b, v, u, c in zip(best[bad_eco], eco["value_eur_per_unit"][bad_eco],
                                                 eco["upper"][bad_eco], eco["fixed_eur_per_yr"][bad_eco])]
    else:
        bad_eco = (reason == "") & (eco["co2_t_per_unit"] <= 0) & ~required
        reason[bad_eco] = NO_CO2_GAIN
        detail[bad_eco] = "transport emissions exceed the CO2 avoided"
    ok = reason == ""
    links = pd.DataFrame({
        "supply": s[ok], "demand": d[ok],
        "source_site": f["site_id"].to_numpy()[s[ok]], "sink_site": f["site_id"].to_numpy()[d[ok]],
        "supply_resource": rs, "demand_resource": rd, "yield": yv[ok],
        "distance_km": extra["distance_km"][ok], "capacity": extra["capacity"][ok],
        "heat_pump_cop": cop[ok], "kind": "direct", "hub": -1, "hub_node": -1,
        **{k: v[ok] for k, v in eco.items()},
        "user_link": user_link, "mode": tr.mode,
    })
    return links, pd.DataFrame({"supply": s[~ok], "demand": d[~ok], "distance_km": extra["distance_km"][~ok],
                                "reason": reason[~ok], "detail": detail[~ok]})


def _user_pairs(scen: Scenario, S: np.ndarray, D: np.ndarray, rs: str, rd: str):
    """Candidate pairs given by links.csv for one substitution: each row joins one supply
    flow and one demand flow (validation asks for flow ids where a site has several)."""
    f = scen.flows
    lk = scen.links
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
    from .geo import haversine_km
    gc = haversine_km(lat.reindex(m["source_site"]).to_numpy(), lon.reindex(m["source_site"]).to_numpy(),
                      lat.reindex(m["sink_site"]).to_numpy(), lon.reindex(m["sink_site"]).to_numpy())
    given = m["distance_km"].to_numpy(float)
    dist = np.where(np.isnan(given), gc * scen.catalogue[rs].transport.detour_factor, given)
    cap = m["capacity"].to_numpy(float)
    extra = dict(distance_km=dist, capacity=np.where(np.isnan(cap), np.inf, cap),
                 var_cost=m["var_cost_eur_per_unit"].to_numpy(float),
                 fixed=m["fixed_cost_eur_per_yr"].to_numpy(float),
                 invest=m["investment_eur"].to_numpy(float))
    return s, d, gc, extra


def candidate_graph(scen: Scenario, cand: Candidates) -> nx.MultiDiGraph:
    """Sites as nodes (lat, lon, name, zone) and candidate links as edges (all link fields)."""
    g = nx.MultiDiGraph()
    for row in scen.sites.itertuples(index=False):
        g.add_node(row.site_id, name=row.name, lat=row.lat, lon=row.lon, sector=row.sector, zone=row.zone)
    if scen.hubs is not None:
        for row in scen.hubs.itertuples(index=False):
            g.add_node(row.hub_id, name=row.name, lat=row.lat, lon=row.lon, kind="hub", zone=row.zone)
    for rec in cand.links.to_dict("records"):
        g.add_edge(rec["source_site"], rec["sink_site"], **rec)
    return g
