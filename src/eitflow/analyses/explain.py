"""Why a flow is unmatched: its nearest compatible partners and, for each, the rule that
stops the exchange (radius, temperature, minimum amount, economics, capacity, choice)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from eitflow.analyses.common import _has_solution
from eitflow.analyses.hubroute import HubRoutes
from eitflow.analyses.netidle import RULE_NETWORK_IDLE as RULE_NETWORK_IDLE  # the rule's code, as the others here
from eitflow.analyses.netidle import network_idle
from eitflow.analyses.netstation import station_rows
from eitflow.candidates.generate import build_candidates
from eitflow.candidates.netwhy import network_reason
from eitflow.candidates.radius import Radii, describe_limit, flow_radii, pair_limit_one
from eitflow.candidates.reasons import DROP_ORDER as _DROP_ORDER
from eitflow.candidates.reasons import SAME_SITE, UNIT_NOT_BUILT
from eitflow.candidates.rules import pair_details, per_unit
from eitflow.candidates.why import impure_hub_leg
from eitflow.catalogue import substitution_pairs
from eitflow.geo import km_of_chord, unit_vectors
from eitflow.i18n import Amount, Code, Named, Net, Phrase, Unit, say
from eitflow.ids import named, named_sites, said_site
from eitflow.model.netpass import hub_passed, leg_pass_refund
from eitflow.results.netfull import network_min_too_large, network_pipes_full
from eitflow.results.netloss import network_losses_short
from eitflow.results.result import Result
from eitflow.results.sentgot import received_differs, sent_received_phrase
from eitflow.results.tables import REL_TOL, flow_usage, left_per_period, room_left
from eitflow.results.unmatched import hub_full_per_period
from eitflow.scenario import Scenario

EXPLAIN_COLUMNS = ["flow_id", "site_id", "direction", "resource", "amount", "remaining", "unit", "rank",
                   "partner_flow_id", "partner_site", "partner_resource", "great_circle_km", "route_km", "limit_km", "rule",
                   "detail", "best_case_eur_per_yr", "best_case_co2_t_per_yr", "would_pass_if", "threshold"]


# rules, in the order a pair meets them; "matched" when the pair exchanges in the result
RULE_RADIUS = "radius"


RULE_NOT_IN_LINKS = "not_in_links_csv"


RULE_CAPACITY = "capacity_used"


RULE_NOT_SELECTED = "not_selected"


RULE_MATCHED = "matched"


RULE_NONE = "no_compatible_partner"


RULE_NO_SOLUTION = "no_solution"  # a viable link, but the model has no solution (infeasible: see rank 0)


# among the reasons a pair was dropped (one per transport mode), the one furthest through the rules explains best
FAR_KM = 25000.0  # more than half the Earth's circumference: no radius


def check_flow_id(scen: Scenario, flow_id: str) -> None:
    """Raise KeyError (its message an `i18n.Phrase`: the id, how many flows there are and the
    closest id) unless `flow_id` is one of the scenario's flows: before a solve, not after it."""
    import difflib

    have = scen.flows["flow_id"].astype(str)
    if flow_id in set(have):
        return
    close = difflib.get_close_matches(flow_id, list(have), n=1)
    raise KeyError(Phrase("explain_unknown_flow", flow=flow_id, n=len(have),
                          close=Phrase("val_did_you_mean", close=close[0]) if close else ""))


def _min_delta_t(scen: Scenario, rs: str, rd: str) -> float | None:
    """Temperature approach (K) of the quality rule between two resources, None without rule."""
    a, b = scen.catalogue[rs], scen.catalogue[rd]
    if a.quality != "temperature" and b.quality != "temperature":
        return None
    return max(a.min_delta_t_k if a.quality == "temperature" else 0.0,
               b.min_delta_t_k if b.quality == "temperature" else 0.0)


def _partners(scen: Scenario, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Flows that could exchange with flow `k` at any distance: (positions, supply resource of each pair)."""
    f = scen.flows
    res = f["resource"].to_numpy()
    is_sup = (f["direction"] == "supply").to_numpy()
    pos, rsl = [], []
    for rs, rd, _ in substitution_pairs(scen.catalogue):
        if is_sup[k] and rs == res[k]:
            p = np.flatnonzero(~is_sup & (res == rd))
        elif not is_sup[k] and rd == res[k]:
            p = np.flatnonzero(is_sup & (res == rs))
        else:
            continue
        pos.append(p)
        rsl.append(np.full(len(p), rs, dtype=object))
    if not pos:
        return np.zeros(0, np.int64), np.zeros(0, dtype=object)
    return np.concatenate(pos), np.concatenate(rsl)


def hypothetical_links(scen: Scenario, k: int, partners: np.ndarray) -> pd.DataFrame:
    """Candidate links (every transport mode) between flow `k` and `partners` as if no rule
    stopped them: `build_candidates` on these flows alone with no radius, no minimum amounts,
    supplies hot enough for every demand, and demands marked required (so never pruned as
    uneconomic). Coefficients are those the real candidates would have; supply and demand
    are positions in scen.flows. Pairs that cannot be formed at all (links.csv pairs without a
    row, months that never overlap) are absent."""
    idx = np.unique(np.r_[int(k), np.asarray(partners, np.int64)])
    f = scen.flows.iloc[idx].reset_index(drop=True).copy()
    demand = (f["direction"] == "demand").to_numpy()
    temp = f["temperature_c"].to_numpy(float)
    hottest = np.nanmax(np.where(demand, temp, np.nan)) if np.isfinite(temp[demand]).any() else 0.0
    f["temperature_c"] = np.where(~demand & np.isfinite(temp), np.maximum(temp, hottest + 1000.0), temp)
    f["max_distance_km"] = FAR_KM
    f["min_amount"] = 0.0
    f["required"] = demand
    prof = getattr(scen, "profiles", None)
    over = {"flows": f}
    if prof is not None:
        over["profiles"] = prof[idx]
    if getattr(scen, "hubs", None) is not None:
        over["hubs"] = None
    lk = build_candidates(dataclasses.replace(scen, **over)).links
    # pairs only: a shared network's connections (one end -1) are not a link of the pair, and
    # idx[-1] would make them one of the last flow's
    lk = lk[(lk["supply"].to_numpy(np.int64) >= 0) & (lk["demand"].to_numpy(np.int64) >= 0)].copy()
    lk["supply"] = idx[lk["supply"].to_numpy(np.int64)]
    lk["demand"] = idx[lk["demand"].to_numpy(np.int64)]
    return lk


def explain(scen: Scenario, result: Result, flow_id: str | None = None, n_nearest: int = 5,
            lang: str = "en") -> pd.DataFrame:
    """Why each unmatched or partly matched flow (or only `flow_id`, matched or not) is not
    matched further: its `n_nearest` compatible partners by great-circle distance (KD-tree
    over all partners, any distance) plus every partner it exchanges with, each with the
    rule that stops the pair:

    radius (great_circle_km > limit_km, the pair's limit by the radius rule of
    `candidates.radius`: both flows' radii and the transport mode's reach), quality
    (temperatures), timing, min_amount, uneconomic or no_co2_gain (best case at full use), same_site, not_in_links_csv, capacity_used (the
    partner's amount is taken, by whom), not_selected (a viable link the optimum leaves
    idle), matched (the pair exchanges in the result), no_solution (a viable link of a model
    without a solution). An infeasible model's required demands that cannot be met get a
    rank-0 row whose rule is the diagnosis (`solve.diagnose`: no_candidate, quality,
    single_source, not_enough_supply, capacity, min_amount or conflict) and whose detail
    says by how much and why. A flow a shared network could serve gets a rank-0 row when the
    network cannot (`candidates.netwhy.network_reason`): network_unreachable (no corridor
    reaches its site, or its part of the corridors connects no supply / no demand) or
    quality (the network's temperature); when the corridors reach it and the optimum leaves
    its connection idle, a rank-0 row network_not_selected says what limits it
    (`analyses.netidle`: a demand, what it would bring; a supply, the demands it could reach
    and what other supplies already give them, and the heat pump it would need); when existing
    pipes that carry their whole capacity hold it back (a cut of them between it and the
    supplies with some left; a supply's, the demands still short), its connection used or
    not, a rank-0 row capacity_used names them instead (`results.netfull`, unmatched.csv's
    words); a connected demand short by what the corridors lose on the way (its piece's supplies
    all used, enough for what the users ask but for the losses) gets a rank-0 capacity_used row
    after its `matched` one, naming the losses in base units/yr (`results.netloss`).

    great_circle_km: distance as the crow flies (km); route_km: the route length of the
    pair's shortest link (great circle x detour factor, or links.csv's), NaN when the pair
    has no link even hypothetically; limit_km: the pair's limit on great-circle km.

    best_case_eur_per_yr / best_case_co2_t_per_yr: the pair's best transport mode at full
    use, v M - F and CO2 x M, as if distance and temperature did not stop it
    (`hypothetical_links`). would_pass_if: the value at which the pair would pass the rule
    that stops it (distance limit in km, supply temperature in degC, this flow's price in EUR
    per base unit or the carbon price at break-even, fixed cost for not_selected), with the
    number alone in `threshold`: a necessary condition for entering the solution, not a
    sufficient one. A pair a hub joins (a leg into a hub node from the supply, one out of it to
    the demand) is said through the hub (`analyses.hubroute`): matched, capacity_used (the hub
    at its capacity), hub_not_built, uneconomic or not_selected, its route_km the two legs and its
    best case the route alone paying for the hub; with a direct link too, that link's reason
    first and the hub's after it. Partners it exchanges with through a hub are always listed.

    `detail` and `would_pass_if` are written in `lang` (en, fr: figures in the locale's
    way, through `i18n`); `rule` and every other column are codes and numbers, the same in
    every language.
    """
    f = scen.flows
    cand, sol = result.candidates, result.solution
    fid = f["flow_id"].to_numpy()
    if flow_id is not None:
        check_flow_id(scen, flow_id)
        targets = np.flatnonzero(fid == flow_id)
    else:
        pos_of = pd.Series(np.arange(len(f)), index=fid)
        targets = pos_of.reindex(result.unmatched["flow_id"]).to_numpy(np.int64)
    lk, dr = cand.links, cand.dropped
    solved = _has_solution(result)
    x = sol.flow if solved else np.zeros(len(lk))
    diag = getattr(sol, "diagnosis", None)
    unmet = {} if diag is None else {int(r.flow): r for r in diag.itertuples(index=False) if r.flow >= 0}
    amount = f["amount"].to_numpy(float)
    remaining = np.maximum(amount - flow_usage(scen, cand, x), 0.0)
    # what each flow has left period by period (months with profiles): the most a new link can carry
    left_t = left_per_period(scen, cand, sol) if solved else remaining[:, None]
    full = remaining <= REL_TOL * np.maximum(amount, 1.0)
    # supplies whose unit (an electrolyser) is not built: unmatched.csv's reason, with its costs
    um = result.unmatched
    is_unit = (um["reason"] == UNIT_NOT_BUILT).to_numpy(bool)
    unit_why = dict(zip(pd.Index(fid).get_indexer(um["flow_id"][is_unit]).tolist(), um["detail"][is_unit]))
    links_of: dict[tuple[int, int], list[int]] = {}
    for a, (s, d) in enumerate(zip(lk["supply"].to_numpy(np.int64), lk["demand"].to_numpy(np.int64))):
        links_of.setdefault((int(s), int(d)), []).append(a)
    drop_of: dict[tuple[int, int], tuple[str, str]] = {}
    rank = {r: i for i, r in enumerate(_DROP_ORDER)}
    # only the pairs of the flows explained (their detail text is written when asked)
    mine = np.flatnonzero(np.isin(dr["supply"].to_numpy(np.int64), targets)
                          | np.isin(dr["demand"].to_numpy(np.int64), targets))
    for s, d, r, det in zip(dr["supply"].to_numpy(np.int64)[mine], dr["demand"].to_numpy(np.int64)[mine],
                            dr["reason"].to_numpy(object)[mine], pair_details(dr, mine, f["unit"].to_numpy())):
        cur = drop_of.get((int(s), int(d)))
        if cur is None or rank.get(r, -1) > rank.get(cur[0], -1):
            drop_of[(int(s), int(d))] = (r, det)
    user_pairs = set() if scen.links is None else set(zip(scen.links["supply_resource"], scen.links["demand_resource"]))
    radii = flow_radii(scen)
    site_pos = pd.Series(np.arange(len(scen.sites)), index=scen.sites["site_id"])
    xyz = unit_vectors(scen.sites["lat"].to_numpy(float), scen.sites["lon"].to_numpy(float))[
        site_pos.reindex(f["site_id"]).to_numpy(np.int64)]
    site, res, direction, unit = (f[c].to_numpy() for c in ("site_id", "resource", "direction", "unit"))
    names = named_sites(scen.sites)   # a site named as people know it, its code beside it
    # flows held back by existing pipes that are full (unmatched.csv's words), found once: the
    # arc flows and the pipes' capacities are the same for every flow explained
    held = network_pipes_full(scen, cand, sol, targets[remaining[targets] > 0]) if solved else {}
    # demands a network leaves short by what its corridors lose (its supplies all used, enough but for the losses)
    lost = network_losses_short(scen, cand, sol, targets[remaining[targets] > 0]) if solved else {}
    too_large = network_min_too_large(scen, cand, targets[remaining[targets] >= amount[targets]]) if solved else {}
    # and of every flow with a minimum: a supply whose network users are all such is told so
    low = f["min_amount"].to_numpy(float) if "min_amount" in f else np.zeros(len(f))
    users_min = network_min_too_large(scen, cand, np.flatnonzero((remaining >= amount) & (low > 0))) if solved else {}
    # what hubs on a CO2 network hand straight from their legs in to their legs out (`model.netpass`)
    passed = hub_passed(scen, cand, sol.period_flow if solved else None, x, outs=True)
    station_full = hub_full_per_period(scen, cand, sol, left_t.shape[1]) if solved else np.zeros((len(lk), 1), bool)
    # pairs a hub joins (a leg in, a leg out of the same node): said through the hub, not alone
    hubs = None
    if getattr(scen, "hubs", None) is not None:
        from eitflow.model.network import merged_hub_nodes
        on_net = np.zeros(len(scen.hubs), bool)
        if "hub_node" in lk and len(lk):
            at = np.isin(lk["hub_node"].to_numpy(np.int64), merged_hub_nodes(cand))
            on_net[lk["hub"].to_numpy(np.int64)[at]] = True
        hubs = HubRoutes(scen, lk, x, sol.period_flow if solved else None, left_t, sol.hub_built if solved else None,
                         on_net, leg_pass_refund(scen, cand))
    no_sol = None if solved else Phrase("ex_no_solution", status=Code(result.summary["status"]),
                                        message=result.status_message(lang))
    rows = []
    for k in (int(t) for t in targets):
        head = {"flow_id": fid[k], "site_id": site[k], "direction": direction[k], "resource": res[k],
                "amount": amount[k], "remaining": remaining[k], "unit": unit[k]}
        if k in unmet:  # infeasible: this required demand is one the diagnosis names (rank 0)
            d = unmet[k]
            rows.append({**head, "rank": 0, "rule": d.reason,
                         "detail": Phrase("ex_required", short=d.shortfall, unit=Unit(d.unit), why=d.detail)})
        if (leg := impure_hub_leg(scen, k)) is not None:   # its links.csv leg, left out by the purity rule
            rows.append({**head, "rank": 0, "rule": "quality", "detail": leg})
        nr = network_reason(scen, cand, k)   # shared networks: why its network cannot serve it
        if nr is not None and not (k in unmet and nr[1] in unmet[k].detail):   # (not twice: the diagnosis says it)
            rows.append({**head, "rank": 0, "rule": nr[0], "detail": nr[1]})
        elif solved:
            who = named(names, site[k])
            if k in held:   # no more can reach it (leave it) through existing pipes that are full,
                # its connection used or not: what its connection would bring is then beside the point
                rows.append({**head, "rank": 0, "rule": RULE_CAPACITY, "detail": held[k]})
            elif k in too_large:   # its minimum is more than the pipes at its place carry
                rows.append({**head, "rank": 0, "rule": "min_amount", "detail": too_large[k]})
            else:
                rows += network_idle(scen, cand, x, k, head, who, str(f["unit"].iat[k]), users_min)
                if k in lost:   # connected, and short by the corridors' losses: said after what it withdraws
                    rows.append({**head, "rank": 0, "rule": RULE_CAPACITY, "detail": lost[k]})
            # reached only through a hub standing on a network (a station on the pipeline)
            rows += station_rows(scen, cand, x, station_full, left_t[k], k, head, who, str(f["unit"].iat[k]),
                                 passed)
        part, rsl = _partners(scen, k)
        if not len(part):
            rows.append({**head, "rank": 0, "rule": RULE_NONE,
                         "detail": Phrase(f"ex_no_partner_{direction[k]}", resource=Named(res[k]))})
            continue
        is_sup = direction[k] == "supply"
        _, j = cKDTree(xyz[part]).query(xyz[k], k=min(n_nearest, len(part)))
        pick = set(np.atleast_1d(j).tolist())
        routes = {} if hubs is None else hubs.of(k, is_sup)
        for i, p in enumerate(part):  # always show the partners it exchanges with (directly or through a hub)
            pair = (k, int(p)) if is_sup else (int(p), k)
            if any(x[a] > 0 for a in links_of.get(pair, [])) or (hubs is not None and hubs.used(routes.get(int(p), []))):
                pick.add(i)
        pick = np.array(sorted(pick), np.int64)
        pp, prs = part[pick], rsl[pick]
        gc = km_of_chord(np.linalg.norm(xyz[pp] - xyz[k], axis=1))
        hyp = hypothetical_links(scen, k, pp)
        for r, i in enumerate(np.argsort(gc, kind="stable"), start=1):
            p = int(pp[i])
            si, di = (k, p) if is_sup else (p, k)
            lim = pair_limit_one(radii, si, di)
            real = lk.iloc[links_of.get((si, di), [])]
            h = hyp[(hyp["supply"] == si).to_numpy() & (hyp["demand"] == di).to_numpy()]
            opts = real if len(real) else h
            # route length: the shortest of the pair's links (one per transport mode)
            route = float(opts["distance_km"].min()) if len(opts) else np.nan
            best = co2 = np.nan
            if len(opts):
                bc = opts["value_eur_per_unit"].to_numpy(float) * opts["upper"].to_numpy(float) \
                    - opts["fixed_eur_per_yr"].to_numpy(float)
                b = int(np.argmax(bc))
                best, co2 = float(bc[b]), float(opts["co2_t_per_unit"].iat[b] * opts["upper"].iat[b])
            rule, detail, cond, thr = _classify(scen, k, p, si, di, prs[i], gc[i], lim, real, h, x, left_t, full,
                                                drop_of, user_pairs, lk, is_sup, radii)
            if site[p] == site[k] and rule != RULE_MATCHED:
                # one site's pair, whichever way it could go: not through a hub either (a site takes
                # out of a hub only what others put in, `model.netsame.hub_own_rows`), nor by a
                # links.csv row (`candidates.rules`)
                rule, detail, cond, thr = SAME_SITE, Phrase("why_same_site"), "", np.nan
            elif routes.get(p) and rule != RULE_MATCHED:   # a hub joins them (see analyses.hubroute)
                assert hubs is not None
                via = hubs.explain(si, di, routes[p], is_sup, lambda: _takers(scen, lk, x, p, k), no_sol)
                if via.rule == RULE_MATCHED or not len(real):   # through the hub: the pair's own story
                    rule, detail, cond, thr, route, best, co2 = (via.rule, via.detail, via.cond, via.threshold,
                                                                 via.route_km, via.best, via.co2)
                elif via.why != detail:   # its direct link's reason, and the hub's beside it (unless the same)
                    detail = Phrase("ex_hub_also", why=detail, via=via.detail)
            if rule == RULE_NOT_SELECTED and si in unit_why:   # the link would pay, not the unit it needs
                rule, detail, cond, thr = UNIT_NOT_BUILT, unit_why[si], "", np.nan
            if not solved and rule == RULE_NOT_SELECTED:
                rule, detail, cond, thr = RULE_NO_SOLUTION, no_sol, "", np.nan
            if rule == RULE_RADIUS and scen.params.objective == "net_benefit" and best <= 0:
                detail = Phrase("ex_radius_and_loss", why=detail, loss=-best)
            rows.append({**head, "rank": r, "partner_flow_id": fid[p], "partner_site": site[p],
                         "partner_resource": res[p], "great_circle_km": float(gc[i]), "route_km": route,
                         "limit_km": lim, "rule": rule,
                         "detail": detail, "best_case_eur_per_yr": best, "best_case_co2_t_per_yr": co2,
                         "would_pass_if": cond, "threshold": thr})
    out = pd.DataFrame(rows, columns=EXPLAIN_COLUMNS)
    for c in ("detail", "would_pass_if"):   # the English phrases said in `lang`
        out[c] = [v if not isinstance(v, str) else say(v, lang) for v in out[c]]
    return out


def _takers(scen: Scenario, lk: pd.DataFrame, x: np.ndarray, p: int, k: int) -> str:
    """Who uses flow p's amount: the other ends of its chosen links (except flow k), each site
    as sites.csv names it, its code beside it (a site without a name: site:flow)."""
    f = scen.flows
    s, d = lk["supply"].to_numpy(np.int64), lk["demand"].to_numpy(np.int64)
    out = []
    for a in np.flatnonzero(((s == p) | (d == p)) & (x > 0)):
        other = int(d[a] if s[a] == p else s[a])
        if other == k:
            continue
        who = (_network_party(lk, a) or Phrase("ex_a_hub")) if other < 0 else said_site(
            scen.sites, f["site_id"].iat[other], f"{f['site_id'].iat[other]}:{f['flow_id'].iat[other]}")
        amt = x[a] if s[a] == p else x[a] * float(lk["yield"].iat[a])
        out.append(Phrase("ex_taker", who=who, amount=amt, unit=Unit(f["unit"].iat[p])))
    if not out:
        return Phrase("ex_this_exchange")
    return Phrase("ex_list", items=out[0]) if len(out) == 1 else Phrase("ex_list2", first=out[0], rest=_takers_rest(out[1:]))


def _takers_rest(out: list) -> Phrase:
    return Phrase("ex_list", items=out[0]) if len(out) == 1 else Phrase("ex_list2", first=out[0], rest=_takers_rest(out[1:]))


def _network_party(lk: pd.DataFrame, a: int) -> Phrase | None:
    """'the heat network' when link `a` is a connection to or from a shared network, else None."""
    if "kind" in lk and lk["kind"].iat[a] in ("to_net", "from_net"):
        return Phrase("ex_the_network", net=Net(lk["supply_resource"].iat[a]))
    return None


def _classify(scen: Scenario, k: int, p: int, si: int, di: int, rs: str, gc: float, lim: float,
              real: pd.DataFrame, hyp: pd.DataFrame, x: np.ndarray, left_t: np.ndarray, full: np.ndarray,
              drop_of: dict, user_pairs: set, lk: pd.DataFrame, is_sup: bool,
              radii: Radii | None = None) -> tuple[str, str, str, float]:
    """(rule, detail, would_pass_if, threshold) of the pair (supply si, demand di) for target
    flow k; threshold is the number in would_pass_if (km, degC, EUR per unit of flow k, EUR/yr
    or an amount), NaN when there is none. `real`: its candidate links (one per transport
    mode); `hyp`: its hypothetical links; `left_t`: what each flow has left per period (flows x
    periods, base units)."""
    f = scen.flows
    unit_s = Unit(f["unit"].iat[si])
    nan = float("nan")
    if len(real):
        xs = x[real.index.to_numpy()]
        if xs.sum() > 0:
            up = real["upper"].to_numpy(float)[xs > 0].sum()
            got = float((xs * real["yield"].to_numpy(float)).sum())   # matches.csv's demand_amount
            unit_d = str(f["unit"].iat[di])
            if not is_sup and received_differs(float(xs.sum()), str(unit_s), got, unit_d):
                # a demand is told what it receives, in its own unit: a brewery asking 28,000 MWh/yr
                # read '29,158.2 MWh/yr exchanged' (the steam sent, before the pipe's loss), a farm
                # cooperative asking 1,800 t/yr of fertiliser '2,500 t/yr' (the sludge sent); what
                # is sent first, then what is received, as every view says it (`results.sentgot`)
                said = sent_received_phrase(str(f["resource"].iat[si]), float(xs.sum()), str(unit_s),
                                            str(f["resource"].iat[di]), got, unit_d)
                return RULE_MATCHED, Phrase("ex_matched_received", said=said, share=xs.sum() / up), "", nan
            return RULE_MATCHED, Phrase("ex_matched", amount=xs.sum(), unit=unit_s, share=xs.sum() / up), "", nan
        v, M, F, y = (real[c].to_numpy(float) for c in ("value_eur_per_unit", "upper", "fixed_eur_per_yr", "yield"))
        # in every period, what both ends have left (the model's rows hold each month apart)
        room = np.minimum(room_left(left_t, np.full(len(y), si), np.full(len(y), di), y), M)
        if full[p] or not (room > 0).any():   # nothing left at the partner, or none in the months needed
            return (RULE_CAPACITY, Phrase("ex_capacity_used", takers=_takers(scen, lk, x, p, k)),
                    Phrase("ex_if_more_at_partner"), nan)
        left = v * room - F
        b = int(np.argmax(left))
        if left[b] <= 0:
            return (RULE_NOT_SELECTED, Phrase("ex_too_small_left", best=float(np.max(v * M - F)), left=Amount(room[b]),
                                              unit=unit_s, value=left[b]),
                    Phrase("ex_if_fixed_cost", most=v[b] * room[b]), float(v[b] * room[b]))
        return (RULE_NOT_SELECTED, Phrase("ex_idle", value=left[b]), "", nan)
    drop = drop_of.get((si, di))
    if drop is not None:
        why, det = drop
        rd = f["resource"].iat[di]
        if why == "quality" and "purity" in (scen.catalogue[rs].quality, scen.catalogue[rd].quality):
            need = float(f["purity"].iat[di])     # the purity rule (hydrogen), not a temperature
            return why, det, Phrase("ex_if_purity", need=need, now=f["purity"].iat[si]), need
        if why == "quality":
            # a demand with a return temperature can take part of its heat from anything above
            # its return (+ approach): the pair passes as soon as the supply exceeds that
            ret = f["return_temperature_c"].iat[di] if "return_temperature_c" in f else np.nan
            low = float(f["temperature_c"].iat[di] if np.isnan(ret) else ret)
            need = low + float(_min_delta_t(scen, rs, rd) or 0.0)
            key = "ex_if_temperature" if np.isnan(ret) else "ex_if_temperature_above"
            return why, det, Phrase(key, need=need, now=f["temperature_c"].iat[si]), need
        if why == "min_amount" and len(hyp):
            M = float(hyp["upper"].max())
            return why, det, Phrase("ex_if_min_amount", most=M, unit=unit_s), M
        if why == "uneconomic" and len(hyp):
            v, M, F, y, c = (hyp[col].to_numpy(float) for col in
                             ("value_eur_per_unit", "upper", "fixed_eur_per_yr", "yield", "co2_t_per_unit"))
            short = F - v * M  # EUR/yr missing at full use, per transport mode
            price = f["price_eur_per_unit"].to_numpy(float)
            ok = M > 0
            if not ok.any():
                return why, det, "", nan
            if is_sup:
                thr = float(np.min(price[si] + short[ok] / M[ok]))
                cond = Phrase("ex_if_supply_price", price=Amount(thr), now=Amount(price[si]),
                              eu=per_unit(str(f["unit"].iat[si]))["eu"])
            else:
                thr = float(np.min(price[di] + short[ok] / (y[ok] * M[ok])))
                cond = Phrase("ex_if_demand_price", price=Amount(thr), now=Amount(price[di]),
                              eu=per_unit(str(f["unit"].iat[di]))["eu"])
            cc = ok & (c > 0)
            if cc.any():
                pc = float(np.min(scen.params.carbon_price_eur_per_t + short[cc] / (c[cc] * M[cc])))
                cond = Phrase("ex_if_or_carbon", cond=cond, carbon=Amount(pc))
            return why, det, cond, thr
        return why, det, "", nan
    if (rs, f["resource"].iat[di]) in user_pairs:
        return (RULE_NOT_IN_LINKS, Phrase("ex_not_in_links"), Phrase("ex_if_links_row"), nan)
    return (RULE_RADIUS, Phrase("ex_radius", km=gc, limit=describe_limit(scen, si, di, radii=radii)),
            Phrase("ex_if_radius", km=Amount(gc), now=Amount(lim)), float(gc))


