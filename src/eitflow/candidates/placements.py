"""Candidate placements: every (activity, plot) pair that is allowed and fits, expanded once
into the scenario as ordinary sites and flows, so the candidate links of all placements come
from one vectorised search (`candidates.generate.build_candidates`).

A placement k of activity a on plot q becomes a site `a@q` at the plot's location, in the
plot's zone, with a copy of a's flows (one instance), whose flow ids are `flow_id@q`; these
rows carry `placement` = k (the territory's flows carry -1). The model scales their supply
and demand rows by the placement's binary (`model.siting`), so an unplaced activity's flows
are switched off; a placed one's join the territory's flows as ordinary flows.

A pair is a candidate when the plot is available (and free by `siting.year`), the activity's
land need fits the plot's area, the plot allows one of the activity's uses (its type,
classes or id; an empty allowed_uses allows every use) and excludes none of them, and the
activity may be placed at all (max_count >= 1). `excluded_pairs` says why the others are not.

Once their candidate links are known, placements that can never pay are left out of the
model exactly (`prune_placements`: their exchanges can earn no more than their net cost, so
any plan placing one is worth no more without it), and `restrict_placements` gives the
scenario and candidates of the placements kept.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from eitflow.candidates.costs import placement_costs
from eitflow.candidates.generate import Candidates
from eitflow.errors import Problem, ScenarioError
from eitflow.i18n import Count, Phrase
from eitflow.scenario import Scenario, Siting, allowed_matrix

__all__ = ["PLACEMENT_COLUMNS", "greenfield", "exchange_bounds", "expand_placements", "excluded_pairs",
           "prune_placements", "restrict_placements"]

PLACEMENT_COLUMNS = ["placement", "activity", "activity_id", "plot", "plot_id", "site_id", "land_ha",
                     "new_land_take_ha", "land_eur_per_yr", "activity_eur_per_yr", "revenue_eur_per_yr", "cost_eur_per_yr",
                     "investment_eur"]

#: why an (activity, plot) pair is not a candidate, in the order they are tested
EXCLUSIONS = ("plot_unavailable", "use_not_allowed", "plot_too_small", "max_count_zero")

#: between an activity's name and its plot's in the name of a placed activity ("Serre maraîchère
#: chauffée (10 ha) – La Feuillane"): read in any language (" @ " read as an e-mail address)
PLACED_NAME_SEP = " – "


def greenfield(plots: pd.DataFrame) -> np.ndarray:
    """Per plot: natural, agricultural or forest land, where a placement is new land take
    (plots.csv `greenfield`; false where the column is absent)."""
    return plots["greenfield"].to_numpy(bool) if "greenfield" in plots else np.zeros(len(plots), bool)


def excluded_pairs(siting: Siting) -> pd.DataFrame:
    """Per activity: plots in all and how many are left out for each reason of `EXCLUSIONS`
    (a pair counts under its first failing test)."""
    m = allowed_matrix(siting)
    left = np.ones_like(m["candidate"])
    out = {"activity_id": siting.activities["activity_id"].to_numpy(), "plots": np.full(len(siting.activities),
                                                                                          len(siting.plots))}
    can = (siting.activities["max_count"].to_numpy(int) >= 1)[:, None] & np.ones_like(left)
    for reason, ok in zip(EXCLUSIONS, (m["available"], m["use_allowed"], m["fits"], can)):
        out[reason] = (left & ~ok).sum(axis=1)
        left &= ok
    out["candidates"] = left.sum(axis=1)
    return pd.DataFrame(out)


def expand_placements(scen: Scenario) -> Scenario:
    """The scenario with every candidate placement's site and flows added (see the module).

    Parameters
    ----------
    scen : Scenario
        With `siting` (plots and activities); amounts in base units.

    Returns
    -------
    Scenario
        A copy whose sites and flows have a `placement` column (-1: the territory's), with
        the virtual sites and flows appended, monthly profiles extended, and `placements`:
        one row per candidate (`PLACEMENT_COLUMNS`: activity and plot positions and ids, the
        virtual site, land need in ha, and the annual cost terms in EUR/yr of
        `candidates.costs.placement_costs`).

    Raises
    ------
    ScenarioError
        When a virtual site or flow id would collide with one of the territory's, or an
        activity's min_count exceeds the plots that can take it.
    """
    st = scen.siting
    if st is None:
        raise ValueError("the scenario has no plots and activities (siting)")
    act, pl, af = st.activities, st.plots, st.flows
    _check_min_counts(scen)
    m = allowed_matrix(st)
    a_idx, q_idx = np.nonzero(m["candidate"])               # activity-major order
    n = len(a_idx)
    aid, pid = act["activity_id"].to_numpy()[a_idx], pl["plot_id"].to_numpy()[q_idx]
    site_ids = np.char.add(np.char.add(aid.astype(str), "@"), pid.astype(str)).astype(object)
    cost = placement_costs(scen.params, act["land_ha"].to_numpy(float)[a_idx],
                           act["investment_eur"].to_numpy(float)[a_idx],
                           act["fixed_cost_eur_per_yr"].to_numpy(float)[a_idx],
                           act["revenue_eur_per_yr"].to_numpy(float)[a_idx], act["break_even"].to_numpy(bool)[a_idx],
                           pl["land_price_eur_per_ha"].to_numpy(float)[q_idx],
                           pl["remediation_eur_per_ha"].to_numpy(float)[q_idx],
                           pl["land_rent_eur_per_ha_yr"].to_numpy(float)[q_idx])
    placements = pd.DataFrame({"placement": np.arange(n), "activity": a_idx, "activity_id": aid, "plot": q_idx,
                               "plot_id": pid, "site_id": site_ids, "land_ha": act["land_ha"].to_numpy(float)[a_idx],
                               # the land it takes on a greenfield plot: new land take (ZAN)
                               "new_land_take_ha": np.where(greenfield(pl)[q_idx], act["land_ha"].to_numpy(float)[a_idx],
                                                            0.0),
                               "land_eur_per_yr": cost.land_eur_per_yr,
                               "activity_eur_per_yr": cost.activity_eur_per_yr,
                               "revenue_eur_per_yr": cost.revenue_eur_per_yr, "cost_eur_per_yr": cost.cost_eur_per_yr,
                               "investment_eur": cost.investment_eur}, columns=PLACEMENT_COLUMNS)
    names = act["name"].to_numpy().astype(str)[a_idx]
    vsites = pd.DataFrame({"site_id": site_ids,
                           "name": np.char.add(np.char.add(names, PLACED_NAME_SEP), pl["name"].to_numpy().astype(str)[q_idx]),
                           "lat": pl["lat"].to_numpy(float)[q_idx], "lon": pl["lon"].to_numpy(float)[q_idx],
                           "sector": act["template"].to_numpy().astype(str)[a_idx],
                           "zone": pl["zone"].to_numpy()[q_idx], "placement": np.arange(n)})
    # the flows of each placement: its activity's rows, repeated per placement (vectorised per activity)
    owner = pd.Series(np.arange(len(af)), index=af["activity_id"].to_numpy()) if len(af) else pd.Series(dtype=int)
    rows, plc = [], []
    flows_of = {a: np.atleast_1d(owner.loc[[a]].to_numpy()) for a in act["activity_id"] if a in owner.index}
    for a in np.unique(a_idx):
        ks = np.flatnonzero(a_idx == a)
        fr = flows_of.get(act["activity_id"].iat[a], np.zeros(0, np.int64))
        rows.append(np.tile(fr, len(ks)))
        plc.append(np.repeat(ks, len(fr)))
    rows_a = np.concatenate(rows) if rows else np.zeros(0, np.int64)
    plc_a = np.concatenate(plc) if plc else np.zeros(0, np.int64)
    vflows = af.iloc[rows_a].drop(columns=["activity_id"]).reset_index(drop=True)
    vflows.insert(1, "site_id", site_ids[plc_a])
    vflows["flow_id"] = np.char.add(np.char.add(vflows["flow_id"].to_numpy().astype(str), "@"),
                                    pid[plc_a].astype(str)).astype(object)
    vflows["placement"] = plc_a
    _check_ids(scen, site_ids, vflows["flow_id"].to_numpy())
    sites = pd.concat([scen.sites.assign(placement=-1), vsites], ignore_index=True)
    flows = pd.concat([scen.flows.assign(placement=-1), vflows], ignore_index=True)
    profiles = None
    if scen.profiles is not None or st.profiles is not None:
        tp = scen.profiles if scen.profiles is not None else np.full((len(scen.flows), 12), 1 / 12)
        ap = st.profiles if st.profiles is not None else np.full((len(af), 12), 1 / 12)
        profiles = np.vstack([tp, ap[rows_a]])
    return dataclasses.replace(scen, sites=sites, flows=flows, profiles=profiles, placements=placements)


def _check_min_counts(scen: Scenario) -> None:
    """An activity whose min_count exceeds the plots that can take it (one instance per plot)
    makes every plan infeasible: said here, on its row of activities.csv, with why the other
    plots cannot take it, rather than by the solver ('no solution', diagnosed as a demand
    found short)."""
    st = scen.siting
    assert st is not None
    ex = excluded_pairs(st)
    short = st.activities["min_count"].to_numpy(int) > ex["candidates"].to_numpy(int)
    if not short.any():
        return
    path = scen.files.get("activities")
    label = path.name if path is not None else "activities"
    problems = []
    for k in np.flatnonzero(short):
        a, e = st.activities.iloc[k], ex.iloc[k]
        n = int(e["candidates"])   # 'une seule des 3 parcelles peut', 'seules 2 des 3 parcelles peuvent'
        counts = {"unavailable": Count(int(e["plot_unavailable"]), "siting_detail_unavailable"),
                  "use": Count(int(e["use_not_allowed"]), "siting_detail_use_not_allowed"),
                  "small": Count(int(e["plot_too_small"]), "sit_mc_smaller")}
        said = (Phrase("sit_min_count_plots", min=int(a["min_count"]), only=Count(n, "sit_mc_only"),
                       can=Count(n, "sit_mc_can"), plots=int(e["plots"]), land=float(a["land_ha"]), **counts) if n
                else Phrase("sit_min_count_no_plot", min=int(a["min_count"]), plots=int(e["plots"]),
                            land=float(a["land_ha"]), **counts))
        problems.append(Problem(label, said, row=int(a["row"]), column="min_count"))
    raise ScenarioError(problems)


def _check_ids(scen: Scenario, site_ids: np.ndarray, flow_ids: np.ndarray) -> None:
    problems = []
    clash = np.intersect1d(site_ids.astype(str), scen.sites["site_id"].to_numpy().astype(str))
    if len(clash):
        problems.append(Problem("sites", Phrase("sit_site_clash", id=clash[0]), column="site_id"))
    clash = np.intersect1d(flow_ids.astype(str), scen.flows["flow_id"].to_numpy().astype(str))
    if len(clash):
        problems.append(Problem("flows", Phrase("sit_flow_clash", id=clash[0]), column="flow_id"))
    if problems:
        raise ScenarioError(problems)


def restrict_placements(scen: Scenario, keep: np.ndarray, cand: Candidates | None = None
                        ) -> tuple[Scenario, Candidates | None, np.ndarray]:
    """The expanded scenario (and its candidates) with only the placements in `keep` (boolean
    per candidate placement): the others' sites, flows and links are dropped, the kept ones
    renumbered 0..m-1 (`placements.candidate` holds their position before). Returns
    (scenario, candidates or None, new position of each old flow, -1 where dropped)."""
    pl = scen.placements
    assert pl is not None
    keep = np.asarray(keep, bool)
    new_pl = np.full(len(pl) + 1, -1, np.int64)   # the last entry maps the territory's -1 to -1
    new_pl[:-1][keep] = np.arange(int(keep.sum()))
    fp = scen.flows["placement"].to_numpy(np.int64)
    sp_ = scen.sites["placement"].to_numpy(np.int64)
    on = np.flatnonzero(keep)
    keep_f, keep_s = (fp < 0) | np.isin(fp, on), (sp_ < 0) | np.isin(sp_, on)
    flow_map = np.full(len(fp), -1, np.int64)
    flow_map[keep_f] = np.arange(int(keep_f.sum()))
    flows = scen.flows[keep_f].reset_index(drop=True)
    flows["placement"] = new_pl[flows["placement"].to_numpy(np.int64)]
    sites = scen.sites[keep_s].reset_index(drop=True)
    sites["placement"] = new_pl[sites["placement"].to_numpy(np.int64)]
    places = pl[keep].reset_index(drop=True)
    if "candidate" in places:      # already restricted once: keep the first numbering
        places["placement"] = np.arange(len(places))
    else:
        places = places.rename(columns={"placement": "candidate"})
        places.insert(0, "placement", np.arange(len(places)))
    prof = None if scen.profiles is None else scen.profiles[keep_f]
    out = dataclasses.replace(scen, sites=sites, flows=flows, profiles=prof, placements=places)
    if cand is None:
        return out, None, flow_map
    fm = np.append(flow_map, -1)                  # index -1 (a hub end) stays -1

    def ends_kept(df: pd.DataFrame) -> np.ndarray:
        s, d = df["supply"].to_numpy(np.int64), df["demand"].to_numpy(np.int64)
        return ((s < 0) | (fm[s] >= 0)) & ((d < 0) | (fm[d] >= 0))

    def remap(df: pd.DataFrame) -> pd.DataFrame:
        df = df[ends_kept(df)].reset_index(drop=True)
        for c in ("supply", "demand"):
            df[c] = fm[df[c].to_numpy(np.int64)]
        return df

    partner = cand.nearest_partner
    if partner is not None:
        partner = fm[np.asarray(partner, np.int64)][keep_f]
    # a network (its nodes are the plots, not the placements' sites) is the same for any placements kept
    return out, dataclasses.replace(cand, links=remap(cand.links), dropped=remap(cand.dropped),
                                    nearest_km=cand.nearest_km[keep_f], in_range=cand.in_range[keep_f],
                                    nearest_partner=partner, built_for=None), flow_map


def exchange_bounds(scen: Scenario, cand: Candidates) -> tuple[np.ndarray, np.ndarray]:
    """Per candidate placement: (the most its exchanges could earn, sum over its links of
    max(0, c M - F) in the objective's unit per year; whether removing it from any plan keeps
    the plan feasible: no min_count for its activity, no hub leg and no required demand of the
    territory among its links).

    A removable placement whose exchanges can earn no more than its net cost is never needed:
    any plan placing it is worth no more without it (its links set to 0; land and counts only
    loosen), so fixing it to 0 is exact (`prune_placements`)."""
    pl, st = scen.placements, scen.siting
    assert pl is not None and st is not None
    n = len(pl)
    lk = cand.links
    fp = scen.flows["placement"].to_numpy(np.int64)
    best = np.zeros(n)
    ok = np.ones(n, bool)
    if len(lk):
        obj_co2 = scen.params.objective == "co2"
        c = lk["co2_t_per_unit" if obj_co2 else "value_eur_per_unit"].to_numpy(float)
        F = np.zeros(len(lk)) if obj_co2 else lk["fixed_eur_per_yr"].to_numpy(float)
        gain = np.maximum(0.0, c * lk["upper"].to_numpy(float) - F)
        s, d = lk["supply"].to_numpy(np.int64), lk["demand"].to_numpy(np.int64)
        req = scen.flows["required"].to_numpy(bool)
        hub = (lk["hub"].to_numpy(np.int64) >= 0) if "hub" in lk else np.zeros(len(lk), bool)
        for end, other in ((s, d), (d, s)):
            k = np.where(end >= 0, fp[np.maximum(end, 0)], -1)
            m = k >= 0
            np.add.at(best, k[m], gain[m])
            bad = m & (hub | ((other >= 0) & req[np.maximum(other, 0)] & (fp[np.maximum(other, 0)] < 0)))
            ok[k[bad]] = False
        if "kind" in lk:
            # a shared network's connection: what it enables (deliveries to and from other
            # users, the network's costs) is not on its own link, so its links bound nothing;
            # such a placement is always modelled and its bound is the plan's
            on_net = lk["kind"].isin(["to_net", "from_net"]).to_numpy()
            for end in (s, d):
                k = np.where(on_net & (end >= 0), fp[np.maximum(end, 0)], -1)
                best[k[k >= 0]] = np.nan
                ok[k[k >= 0]] = False
    must = st.activities["min_count"].to_numpy(int) > 0
    ok &= ~must[pl["activity"].to_numpy(np.int64)]
    return best, ok


def prune_placements(scen: Scenario, cand: Candidates) -> np.ndarray:
    """Mask of the candidate placements worth modelling: all but those `exchange_bounds`
    proves never needed (removable, and exchanges earning at most their net cost; for the
    co2 objective, whose placements cost nothing in it, those whose exchanges avoid no CO2 and
    that can add no money either: the plan is, among those avoiding the most CO2, the one worth
    the most, so an activity that earns money and avoids nothing belongs in it)."""
    from eitflow.candidates.objectives import with_objective

    best, ok = exchange_bounds(scen, cand)
    pl = scen.placements
    assert pl is not None
    cost = pl["cost_eur_per_yr"].to_numpy(float)
    if scen.params.objective == "net_benefit":
        return ~(ok & (best - cost <= 0))
    money, _ = exchange_bounds(with_objective(scen, "net_benefit"), cand)
    return ~(ok & (best <= 0) & (money - cost <= 0))

