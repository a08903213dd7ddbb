"""Decision support over one scenario: trade-offs, alternatives, resilience, explanations,
zones, and the comparison of two runs. Each analysis is a function returning tidy pandas
DataFrames; the click commands at the end are a thin layer over them.

Units everywhere: money in EUR (investment) or EUR/yr (benefit, fixed costs), CO2 in
tCO2/yr, amounts in each resource's base unit per year (the `unit` column says which),
distances in km (great-circle unless a column says `route`).

Every re-solve goes through `pipeline.optimise` with the same candidates and, where the
analysis needs it, extra `model.LinearConstraint` rows (epsilon-constraint, no-good cuts,
dependence caps). Rows over all links couple the components of the candidate graph, so
those solves are monolithic: the Pareto front and k-best are meant for a business park
or an agglomeration (a few thousand candidate links), not a national run.
"""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import click
import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from .candidates import DROP_ORDER as _DROP_ORDER
from .candidates import Candidates, build_candidates
from .catalogue import substitution_pairs
from .geo import km_of_chord, unit_vectors
from .model import LinearConstraint, objective_coefficients
from .pipeline import optimise
from .results import REL_TOL, Result, flow_usage
from .scenario import Scenario
from .solve import components

NO_ZONE = "(no zone)"
EPS_REL = 1e-7  # relative slack on epsilon rows, so a point at an optimum's own value stays feasible


# =================================================================== small helpers
def with_objective(scen: Scenario, objective: str) -> Scenario:
    """The same scenario (tables shared, not copied) with another objective."""
    return dataclasses.replace(scen, params=scen.params.model_copy(update={"objective": objective}))


def subset_candidates(cand: Candidates, keep: np.ndarray) -> Candidates:
    """Candidates restricted to the links where `keep` is True (flow positions unchanged)."""
    return Candidates(links=cand.links[np.asarray(keep, bool)].reset_index(drop=True), dropped=cand.dropped,
                      nearest_km=cand.nearest_km, in_range=cand.in_range)


def link_keys(links: pd.DataFrame) -> list[tuple]:
    """What identifies a candidate link: its ends, and its transport mode and hub where present."""
    cols = [c for c in ("supply", "demand", "mode", "kind", "hub", "hub_node") if c in links]
    return list(zip(*(links[c].astype(str).to_numpy() for c in cols))) if len(links) else []


def both_objective_candidates(scen: Scenario) -> Candidates:
    """Candidate links valid for both objectives: the union of the links kept under the
    net-benefit pruning (v M - F > 0) and the CO2 pruning (CO2 per unit > 0).

    An epsilon-constraint point may need a link that loses money but avoids CO2, which the
    net-benefit candidates drop; coefficients do not depend on the objective, so the union
    is a valid candidate set for either objective.
    """
    a = build_candidates(with_objective(scen, "net_benefit"))
    b = build_candidates(with_objective(scen, "co2"))
    have = set(link_keys(a.links))
    add = b.links[[key not in have for key in link_keys(b.links)]]
    parts = [p for p in (a.links, add) if len(p)]
    links = (pd.concat(parts, ignore_index=True) if parts else a.links)
    if len(links):
        links = links.sort_values(["supply", "demand"], kind="stable").reset_index(drop=True)
    kept = set(zip(links["supply"].to_numpy(np.int64), links["demand"].to_numpy(np.int64)))
    dr = a.dropped
    dropped = dr[[(s, d) not in kept for s, d in zip(dr["supply"].to_numpy(np.int64),
                                                     dr["demand"].to_numpy(np.int64))]].reset_index(drop=True)
    return Candidates(links=links, dropped=dropped, nearest_km=a.nearest_km, in_range=a.in_range)


def objective_row(scen: Scenario, cand: Candidates) -> tuple[np.ndarray, np.ndarray | None]:
    """(x, y) coefficients of the scenario's objective over all links (y None when no fixed term)."""
    cx, fy = objective_coefficients(cand, scen)
    return cx, (-fy if np.any(fy != 0) else None)


def hub_costs(scen: Scenario) -> tuple[np.ndarray, np.ndarray]:
    """Per candidate hub: (fixed EUR/yr = CRF x investment + fixed cost, investment EUR); empty without hubs."""
    hubs = getattr(scen, "hubs", None)
    if hubs is None or not len(hubs):
        return np.zeros(0), np.zeros(0)
    from .hubs import hub_fixed_eur_per_yr

    return hub_fixed_eur_per_yr(scen), hubs["investment_eur"].to_numpy(float)


def _hub_built(res: Result) -> np.ndarray | None:
    return getattr(res.solution, "hub_built", None) if _has_solution(res) else None


def solution_totals(scen: Scenario, cand: Candidates, flow: np.ndarray | None, hub_built: np.ndarray | None = None,
                    mask: np.ndarray | None = None, hub_mask: np.ndarray | None = None) -> dict:
    """Net benefit (EUR/yr), CO2 avoided (tCO2/yr), investment (EUR) and number of links built
    (flow > 0), over the links where `mask` is True (all when None); built hubs (where
    `hub_mask`) add their fixed cost and investment. NaN without a solution."""
    if flow is None:
        return dict(net_benefit_eur_per_yr=np.nan, co2_avoided_t_per_yr=np.nan, investment_eur=np.nan,
                    n_links=np.nan)
    lk = cand.links
    m = np.ones(len(lk), bool) if mask is None else np.asarray(mask, bool)
    x = np.where(m, flow, 0.0)
    built = x > 0
    hf, hi = hub_costs(scen)
    hb = np.zeros(len(hf), bool) if hub_built is None or not len(hf) else np.asarray(hub_built, bool)
    if hub_mask is not None:
        hb = hb & hub_mask
    return dict(
        net_benefit_eur_per_yr=float(lk["value_eur_per_unit"].to_numpy(float) @ x
                                     - lk["fixed_eur_per_yr"].to_numpy(float)[built].sum() - hf[hb].sum()),
        co2_avoided_t_per_yr=float(lk["co2_t_per_unit"].to_numpy(float) @ x),
        investment_eur=float(lk["investment_eur"].to_numpy(float)[built].sum() + hi[hb].sum()),
        n_links=int(built.sum()))


def _has_solution(res: Result) -> bool:
    return res.summary["objective"] is not None


def _flows_of(res: Result) -> np.ndarray | None:
    return res.solution.flow if _has_solution(res) else None


def link_labels(scen: Scenario, cand: Candidates) -> np.ndarray:
    """One readable label per candidate link: 'SRC:flow -> SINK:flow (resource)'."""
    lk = cand.links
    fid = np.append(scen.flows["flow_id"].to_numpy().astype(object), "hub")  # position -1: a hub leg's end
    s, d = lk["supply"].to_numpy(np.int64), lk["demand"].to_numpy(np.int64)
    rs, rd = lk["supply_resource"].to_numpy().astype(object), lk["demand_resource"].to_numpy().astype(object)
    res = np.where(rs == rd, rs, rs + ">" + rd)
    if "mode" in lk:  # several transport modes may link the same flows
        mode = lk["mode"].astype(object).where(lk["mode"].notna(), "").astype(str).to_numpy().astype(object)
        res = np.where(mode != "", res + ", " + mode, res)
    return np.array([f"{a}:{fa} -> {b}:{fb} ({r})" for a, fa, b, fb, r in
                     zip(lk["source_site"].to_numpy(), fid[s], lk["sink_site"].to_numpy(), fid[d], res)], dtype=object)


# =================================================================== Pareto front
PARETO_COLUMNS = ["point", "co2_min_t_per_yr", "net_benefit_eur_per_yr", "co2_avoided_t_per_yr", "investment_eur",
                  "n_links", "status", "gap", "bound"]


def pareto_front(scen: Scenario, n_points: int = 7, candidates: Candidates | None = None) -> pd.DataFrame:
    """Net benefit (EUR/yr) against avoided CO2 (tCO2/yr) by the epsilon-constraint method.

    Solves max CO2 and max net benefit, then, for `n_points` values eps evenly spaced between
    the CO2 of the net-benefit optimum and the CO2 maximum, maximises net benefit subject to
    CO2 avoided >= eps (with a relative slack of 1e-7). Point 0 is therefore the net-benefit
    optimum and the last point the best net benefit among the CO2-maximal portfolios.

    Columns: point, co2_min_t_per_yr (eps, tCO2/yr), net_benefit_eur_per_yr,
    co2_avoided_t_per_yr, investment_eur, n_links, status, gap and bound (EUR/yr) of that
    point's own solve. A point that was not solved to optimality is only a feasible trade-off
    (its status and gap say so). Each solve gets the scenario's full time limit.
    When the end points coincide, one point is returned.
    """
    cand = both_objective_candidates(scen) if candidates is None else candidates
    s_nb, s_co2 = with_objective(scen, "net_benefit"), with_objective(scen, "co2")
    r_nb = optimise(s_nb, candidates=cand)
    r_co2 = optimise(s_co2, candidates=cand)
    co2 = cand.links["co2_t_per_unit"].to_numpy(float)
    if not (_has_solution(r_nb) and _has_solution(r_co2)):
        bad = r_nb if not _has_solution(r_nb) else r_co2
        return pd.DataFrame([{**{c: np.nan for c in PARETO_COLUMNS}, "point": 0, "status": bad.status,
                              "n_links": 0}], columns=PARETO_COLUMNS)
    lo = float(co2 @ r_nb.solution.flow)
    hi = max(float(r_co2.summary["objective"]), lo)
    same = hi - lo <= 1e-9 * max(1.0, abs(hi))
    grid = np.array([lo]) if same or n_points < 2 else np.linspace(lo, hi, int(n_points))
    rows = []
    for i, eps in enumerate(grid):
        slack = EPS_REL * max(1.0, abs(eps))
        r = optimise(s_nb, candidates=cand, extra=[LinearConstraint(co2, lo=float(eps) - slack, name="co2_min")])
        rows.append({"point": i, "co2_min_t_per_yr": float(eps),
                     **solution_totals(scen, cand, _flows_of(r), _hub_built(r)),
                     "status": r.status, "gap": r.summary["gap"], "bound": r.summary["bound"]})
    return pd.DataFrame(rows, columns=PARETO_COLUMNS)


# =================================================================== k best portfolios
PORTFOLIO_COLUMNS = ["rank", "objective", "objective_unit", "share_of_optimum", "net_benefit_eur_per_yr",
                     "co2_avoided_t_per_yr", "investment_eur", "n_links", "n_added", "n_removed", "status", "gap",
                     "links"]
DIFF_COLUMNS = ["rank", "change", "link", "source_site", "sink_site", "supply_resource", "demand_resource",
                "amount_optimum", "amount_alternative", "unit", "net_benefit_alternative_eur_per_yr"]


def no_good_cut(built: np.ndarray, name: str = "nogood") -> LinearConstraint:
    """Forbid the set of links `built` and every superset of it: sum_{a in S} y_a <= |S| - 1
    (at least one link of S is not built)."""
    b = np.asarray(built, bool)
    return LinearConstraint(np.zeros(len(b)), b.astype(float), hi=float(b.sum()) - 1.0, name=name)


def _objective_value(scen: Scenario, cand: Candidates, flow: np.ndarray, hub_built: np.ndarray | None = None) -> float:
    """The objective of a solution: net benefit including built hubs (EUR/yr), or CO2 (tCO2/yr)."""
    if scen.params.objective == "co2":
        return float(cand.links["co2_t_per_unit"].to_numpy(float) @ flow)
    return solution_totals(scen, cand, flow, hub_built)["net_benefit_eur_per_yr"]


def k_best(scen: Scenario, k: int = 5, within: float = 0.1,
           candidates: Candidates | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The optimum and up to `k` next best portfolios (sets of built links), each with an
    objective >= optimum - within * |optimum|, found by no-good cuts on the link switches.

    Each cut removes a portfolio found and all its supersets: a superset of a portfolio found
    earlier builds more links for no more objective (it was available when that portfolio
    was chosen), so alternatives are genuinely different choices, not "the optimum plus an
    idle link". Portfolios are told apart by their links with flow, so no two are the same.

    Returns (portfolios, differences). portfolios: rank 0 = the optimum, then in the order
    found; objective in the scenario's unit (EUR/yr or tCO2/yr), share_of_optimum, totals,
    n_added / n_removed links against the optimum, status and gap of that solve, and the
    links. With every solve optimal (mip_gap 0) the objectives are non-increasing and rank r
    is the best portfolio that is not a superset of ranks < r; with a positive gap each is
    only within its gap of that. differences: one row per link added or removed against the
    optimum. Stops early when no further portfolio lies within the share (an infeasible solve).
    """
    cand = build_candidates(scen) if candidates is None else candidates
    base = optimise(scen, candidates=cand)
    unit = base.summary["objective_unit"]
    if not _has_solution(base):
        row = {c: np.nan for c in PORTFOLIO_COLUMNS} | {"rank": 0, "status": base.status, "objective_unit": unit,
                                                          "links": ""}
        return pd.DataFrame([row], columns=PORTFOLIO_COLUMNS), pd.DataFrame(columns=DIFF_COLUMNS)
    opt = _objective_value(scen, cand, base.solution.flow, _hub_built(base))
    cx, cy = objective_row(scen, cand)
    floor = opt - within * abs(opt)
    keep_within = LinearConstraint(cx, cy, lo=floor - EPS_REL * max(1.0, abs(floor)), name="within")
    found = [(base.solution.flow.copy(), base)]
    cuts = [no_good_cut(base.solution.built)]
    while len(found) <= k:
        r = optimise(scen, candidates=cand, extra=[keep_within, *cuts])
        if not _has_solution(r):
            break
        b = r.solution.built
        if any(np.array_equal(b, f > 0) for f, _ in found):  # impossible with exact cuts; never loop
            break
        found.append((r.solution.flow.copy(), r))
        cuts.append(no_good_cut(b))
    labels = link_labels(scen, cand)
    opt_built = found[0][0] > 0
    rows, diffs = [], []
    lk = cand.links
    unit_of = np.append(scen.flows["unit"].to_numpy().astype(object), "")[lk["supply"].to_numpy(np.int64)]
    for rank, (flow, res) in enumerate(found):
        built = flow > 0
        added, removed = built & ~opt_built, opt_built & ~built
        val = _objective_value(scen, cand, flow, _hub_built(res))
        rows.append({"rank": rank, "objective": val, "objective_unit": unit,
                     "share_of_optimum": val / opt if opt else np.nan,
                     **solution_totals(scen, cand, flow, _hub_built(res)),
                     "n_added": int(added.sum()), "n_removed": int(removed.sum()), "status": res.status,
                     "gap": res.summary["gap"], "links": "; ".join(labels[built])})
        for change, idx in (("added", np.flatnonzero(added)), ("removed", np.flatnonzero(removed))):
            for a in idx:
                diffs.append({"rank": rank, "change": change, "link": labels[a],
                              "source_site": lk["source_site"].iat[a], "sink_site": lk["sink_site"].iat[a],
                              "supply_resource": lk["supply_resource"].iat[a],
                              "demand_resource": lk["demand_resource"].iat[a],
                              "amount_optimum": float(found[0][0][a]), "amount_alternative": float(flow[a]),
                              "unit": unit_of[a],
                              "net_benefit_alternative_eur_per_yr": float(lk["value_eur_per_unit"].iat[a] * flow[a]
                                                                          - lk["fixed_eur_per_yr"].iat[a] * built[a])})
    return pd.DataFrame(rows, columns=PORTFOLIO_COLUMNS), pd.DataFrame(diffs, columns=DIFF_COLUMNS)


# =================================================================== resilience
RESILIENCE_COLUMNS = ["site_id", "name", "zone", "n_chosen_links", "objective_lost", "objective_unit",
                      "net_benefit_lost_eur_per_yr", "co2_lost_t_per_yr", "stranded_links",
                      "stranded_investment_eur", "links_rearranged", "partners", "partners_left_short",
                      "shortfall", "status", "gap"]
CAP_COLUMNS = ["max_supplier_share", "n_cap_rows", "objective_uncapped", "objective_capped", "cap_cost",
               "objective_unit", "status_uncapped", "status_capped", "gap_uncapped", "gap_capped"]


def supplier_cap_rows(scen: Scenario, cand: Candidates, share: float) -> list[LinearConstraint]:
    """Cap every demand's dependence on one supplying site: for each (supplier site, demand j),
    sum of yield_a x_a over the links from that site into j <= share * d_j (demand base units/yr).
    Rows are made only where the links could exceed the cap."""
    if not 0 < share <= 1:
        raise ValueError(f"max_supplier_share must be in (0, 1], got {share}")
    lk = cand.links
    if not len(lk):
        return []
    amount = scen.flows["amount"].to_numpy(float)
    fid = scen.flows["flow_id"].to_numpy()
    yld = lk["yield"].to_numpy(float)
    reach = lk["upper"].to_numpy(float) * yld
    rows = []
    for (site, j), idx in lk.groupby(["source_site", "demand"], sort=True).indices.items():
        if int(j) < 0:  # a leg into a hub: the cap applies to the hub's legs into demands
            continue
        cap = share * amount[int(j)]
        if reach[idx].sum() <= cap * (1 + 1e-12):
            continue
        x = np.zeros(len(lk))
        x[idx] = yld[idx]
        rows.append(LinearConstraint(x, hi=cap, name=f"cap_{site}_{fid[int(j)]}"))
    return rows


def _restrict(extra: list[LinearConstraint], keep: np.ndarray) -> list[LinearConstraint]:
    out = []
    for ec in extra:
        x = np.asarray(ec.x_coef, float)[keep]
        y = None if ec.y_coef is None else np.asarray(ec.y_coef, float)[keep]
        if np.any(x != 0) or (y is not None and np.any(y != 0)):
            out.append(LinearConstraint(x, y, lo=ec.lo, hi=ec.hi, name=ec.name))
    return out


def supplier_cap_cost(scen: Scenario, share: float, candidates: Candidates | None = None) -> pd.DataFrame:
    """One row: the objective without and with the single-supplier cap (see
    `supplier_cap_rows`), and its cost = uncapped - capped (EUR/yr or tCO2/yr)."""
    cand = build_candidates(scen) if candidates is None else candidates
    rows = supplier_cap_rows(scen, cand, share)
    free = optimise(scen, candidates=cand)
    capped = optimise(scen, candidates=cand, extra=rows) if rows else free
    a, b = free.summary["objective"], capped.summary["objective"]
    return pd.DataFrame([{"max_supplier_share": share, "n_cap_rows": len(rows), "objective_uncapped": a,
                          "objective_capped": b, "cap_cost": (a - b) if a is not None and b is not None else np.nan,
                          "objective_unit": free.summary["objective_unit"], "status_uncapped": free.status,
                          "status_capped": capped.status, "gap_uncapped": free.summary["gap"],
                          "gap_capped": capped.summary["gap"]}], columns=CAP_COLUMNS)


def _site_closed(scen: Scenario, cand: Candidates, comp: np.ndarray, site: str,
                 extra: list[LinearConstraint]) -> tuple[np.ndarray, Result, np.ndarray]:
    """Re-solve the components touching `site` without its links. Returns (mask of the
    affected components' links, result of the sub-problem, flows of the sub-problem aligned
    with all candidate links)."""
    lk = cand.links
    touch = (lk["source_site"].to_numpy() == site) | (lk["sink_site"].to_numpy() == site)
    affected = np.isin(comp, np.unique(comp[touch]))
    keep = affected & ~touch
    f = scen.flows
    in_scope = np.zeros(len(f), bool)
    ends = np.concatenate([lk["supply"].to_numpy(np.int64)[affected], lk["demand"].to_numpy(np.int64)[affected]])
    in_scope[ends[ends >= 0]] = True
    flows = f.copy()
    flows["required"] = f["required"].to_numpy(bool) & in_scope & (f["site_id"].to_numpy() != site)
    sub_scen = dataclasses.replace(scen, flows=flows)
    sub = optimise(sub_scen, candidates=subset_candidates(cand, keep), extra=_restrict(extra, keep) or None)
    full = np.zeros(len(lk))
    if _has_solution(sub):
        full[keep] = sub.solution.flow
    return affected, sub, full


def resilience(scen: Scenario, max_supplier_share: float | None = None,
               candidates: Candidates | None = None) -> pd.DataFrame:
    """For each site with at least one chosen exchange: what is lost if it closes.

    The site's flows are removed (its links deleted, its required demands waived) and the
    components of the candidate graph it touches are re-solved; the others cannot change.
    Columns: objective_lost (optimum - re-solved optimum, in objective_unit), net benefit
    (EUR/yr) and CO2 (tCO2/yr) lost, stranded_links (chosen links at the site) and their
    investment (EUR), links_rearranged (other chosen links whose flow changes), partners
    (sites exchanging with it), partners_left_short (partner flows that lose amount) and the
    shortfall per partner flow (base units/yr), status and gap of the re-solve.

    `max_supplier_share`: the optimum and every re-solve also cap each demand's dependence on
    one supplying site (`supplier_cap_rows`); the cap's cost is in `df.attrs["supplier_cap"]`
    (see `supplier_cap_cost`). `df.attrs["base"]` holds the base status, objective and gap.
    """
    cand = build_candidates(scen) if candidates is None else candidates
    extra = supplier_cap_rows(scen, cand, max_supplier_share) if max_supplier_share else []
    base = optimise(scen, candidates=cand, extra=extra or None)
    unit = base.summary["objective_unit"]
    out = pd.DataFrame(columns=RESILIENCE_COLUMNS)
    out.attrs["base"] = {k: base.summary[k] for k in ("status", "objective", "bound", "gap", "objective_unit")}
    if max_supplier_share:
        free = optimise(scen, candidates=cand)
        a, b = free.summary["objective"], base.summary["objective"]
        out.attrs["supplier_cap"] = {"max_supplier_share": max_supplier_share, "n_cap_rows": len(extra),
                                     "objective_uncapped": a, "objective_capped": b,
                                     "cap_cost": (a - b) if a is not None and b is not None else None}
    if not _has_solution(base):
        return out
    lk = cand.links
    x0 = base.solution.flow
    built0 = x0 > 0
    _, comp = components(scen, cand)
    cx, fy = objective_coefficients(cand, scen)
    used0 = flow_usage(scen, cand, x0)
    f = scen.flows
    fid, fsite, fres, funit = (f[c].to_numpy() for c in ("flow_id", "site_id", "resource", "unit"))
    src, snk = lk["source_site"].to_numpy(), lk["sink_site"].to_numpy()
    s_pos, d_pos = lk["supply"].to_numpy(np.int64), lk["demand"].to_numpy(np.int64)
    sites = scen.sites.set_index("site_id")
    labels = link_labels(scen, cand)
    rows = []
    hub_of = lk["hub"].to_numpy(np.int64) if "hub" in lk else np.full(len(lk), -1)
    hub_fixed, _ = hub_costs(scen)
    hb0 = _hub_built(base)
    for site in sorted((set(src[built0]) | set(snk[built0])) & set(sites.index)):  # companies, not hubs
        touch = (src == site) | (snk == site)
        stranded = built0 & touch
        affected, sub, x1 = _site_closed(scen, cand, comp, site, extra)
        solved = _has_solution(sub)
        hubs_in = np.zeros(len(hub_fixed), bool)
        hubs_in[np.unique(hub_of[affected & (hub_of >= 0)])] = True
        before = float(cx[affected] @ x0[affected] - fy[affected & built0].sum())
        if scen.params.objective == "net_benefit" and hb0 is not None and len(hub_fixed):
            before -= float(hub_fixed[hubs_in & hb0].sum())
        t0 = solution_totals(scen, cand, x0, hb0, affected, hubs_in)
        t1 = solution_totals(scen, cand, x1 if solved else None, _hub_built(sub), affected, hubs_in)
        used1 = flow_usage(scen, cand, x1)
        via = [b for a in np.flatnonzero(stranded) if hub_of[a] >= 0  # through a hub: its other chosen legs
               for b in np.flatnonzero((hub_of == hub_of[a]) & built0 & ~touch)]
        partner_flows = sorted({int(p) for a in [*np.flatnonzero(stranded), *via]
                                for p in (s_pos[a], d_pos[a]) if p >= 0 and fsite[p] != site})
        short = [p for p in partner_flows if used1[p] < used0[p] * (1 - 1e-6) - 1e-9]
        moved = affected & ~touch & (built0 | (x1 > 0)) & ~np.isclose(x0, x1, rtol=1e-6, atol=1e-9)
        rows.append({
            "site_id": site, "name": sites.at[site, "name"], "zone": sites.at[site, "zone"] or NO_ZONE,
            "n_chosen_links": int(stranded.sum()),
            "objective_lost": before - sub.summary["objective"] if solved else np.nan, "objective_unit": unit,
            "net_benefit_lost_eur_per_yr": t0["net_benefit_eur_per_yr"] - t1["net_benefit_eur_per_yr"],
            "co2_lost_t_per_yr": t0["co2_avoided_t_per_yr"] - t1["co2_avoided_t_per_yr"],
            "stranded_links": "; ".join(labels[stranded]),
            "stranded_investment_eur": float(lk["investment_eur"].to_numpy(float)[stranded].sum()),
            "links_rearranged": int(moved.sum()),
            "partners": ", ".join(sorted({fsite[p] for p in partner_flows})),
            "partners_left_short": len(short),
            "shortfall": "; ".join(f"{fsite[p]}:{fid[p]} {fres[p]} {used0[p] - used1[p]:,.6g} of {used0[p]:,.6g} "
                                   f"{funit[p]}" for p in short),
            "status": sub.status, "gap": sub.summary["gap"]})
    df = pd.DataFrame(rows, columns=RESILIENCE_COLUMNS)
    df.attrs = out.attrs
    return df.sort_values(["objective_lost", "site_id"], ascending=[False, True], kind="stable",
                          na_position="first").reset_index(drop=True)


# =================================================================== explanations
EXPLAIN_COLUMNS = ["flow_id", "site_id", "direction", "resource", "amount", "remaining", "unit", "rank",
                   "partner_flow_id", "partner_site", "partner_resource", "distance_km", "limit_km", "rule",
                   "detail", "best_case_eur_per_yr", "best_case_co2_t_per_yr", "would_pass_if", "threshold"]
# rules, in the order a pair meets them; "matched" when the pair exchanges in the result
RULE_RADIUS = "radius"
RULE_NOT_IN_LINKS = "not_in_links_csv"
RULE_CAPACITY = "capacity_used"
RULE_NOT_SELECTED = "not_selected"
RULE_MATCHED = "matched"
RULE_NONE = "no_compatible_partner"
# among the reasons a pair was dropped (one per transport mode), the one furthest through the rules explains best
FAR_KM = 25000.0  # more than half the Earth's circumference: no radius


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


def _radius_km(scen: Scenario, si: int, di: int, rs: str) -> float:
    """Largest distance (great-circle km) at which supply si and demand di are paired: the
    supply's own radius or its resource's (largest over transport modes), capped by the demand's."""
    f = scen.flows["max_distance_km"].to_numpy(float)
    res = scen.catalogue[rs]
    modes = [res.max_distance_km] + [getattr(t, "max_distance_km", None) or res.max_distance_km
                                     for t in getattr(res, "alternatives", [])]
    lim = f[si] if np.isfinite(f[si]) else max(modes)
    return float(min(lim, f[di] if np.isfinite(f[di]) else np.inf))


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
    lk = build_candidates(dataclasses.replace(scen, **over)).links.copy()
    lk["supply"] = idx[lk["supply"].to_numpy(np.int64)]
    lk["demand"] = idx[lk["demand"].to_numpy(np.int64)]
    return lk


def explain(scen: Scenario, result: Result, flow_id: str | None = None, n_nearest: int = 5) -> pd.DataFrame:
    """Why each unmatched or partly matched flow (or only `flow_id`, matched or not) is not
    matched further: its `n_nearest` compatible partners by great-circle distance (KD-tree
    over all partners, any distance) plus every partner it exchanges with, each with the
    rule that stops the pair:

    radius (distance_km > limit_km), quality (temperatures), timing, min_amount, uneconomic or
    no_co2_gain (best case at full use), same_site, not_in_links_csv, capacity_used (the
    partner's amount is taken, by whom), not_selected (a viable link the optimum leaves
    idle), matched (the pair exchanges in the result).

    best_case_eur_per_yr / best_case_co2_t_per_yr: the pair's best transport mode at full
    use, v M - F and CO2 x M, as if distance and temperature did not stop it
    (`hypothetical_links`). would_pass_if: the value at which the pair would pass the rule
    that stops it (distance limit in km, supply temperature in degC, this flow's price in EUR
    per base unit or the carbon price at break-even, fixed cost for not_selected), with the
    number alone in `threshold`: a necessary condition for entering the solution, not a
    sufficient one. Partners reached through a hub are not listed.
    """
    f = scen.flows
    cand, sol = result.candidates, result.solution
    fid = f["flow_id"].to_numpy()
    if flow_id is not None:
        targets = np.flatnonzero(fid == flow_id)
        if not len(targets):
            raise KeyError(f"unknown flow_id '{flow_id}'")
    else:
        pos_of = pd.Series(np.arange(len(f)), index=fid)
        targets = pos_of.reindex(result.unmatched["flow_id"]).to_numpy(np.int64)
    lk, dr = cand.links, cand.dropped
    x = sol.flow if _has_solution(result) else np.zeros(len(lk))
    amount = f["amount"].to_numpy(float)
    remaining = np.maximum(amount - flow_usage(scen, cand, x), 0.0)
    full = remaining <= REL_TOL * np.maximum(amount, 1.0)
    links_of: dict[tuple[int, int], list[int]] = {}
    for a, (s, d) in enumerate(zip(lk["supply"].to_numpy(np.int64), lk["demand"].to_numpy(np.int64))):
        links_of.setdefault((int(s), int(d)), []).append(a)
    drop_of: dict[tuple[int, int], tuple[str, str]] = {}
    rank = {r: i for i, r in enumerate(_DROP_ORDER)}
    for s, d, r, det in zip(dr["supply"].to_numpy(np.int64), dr["demand"].to_numpy(np.int64), dr["reason"],
                            dr["detail"]):
        cur = drop_of.get((int(s), int(d)))
        if cur is None or rank.get(r, -1) > rank.get(cur[0], -1):
            drop_of[(int(s), int(d))] = (r, det)
    user_pairs = set() if scen.links is None else set(zip(scen.links["supply_resource"], scen.links["demand_resource"]))
    site_pos = pd.Series(np.arange(len(scen.sites)), index=scen.sites["site_id"])
    xyz = unit_vectors(scen.sites["lat"].to_numpy(float), scen.sites["lon"].to_numpy(float))[
        site_pos.reindex(f["site_id"]).to_numpy(np.int64)]
    site, res, direction, unit = (f[c].to_numpy() for c in ("site_id", "resource", "direction", "unit"))
    rows = []
    for k in (int(t) for t in targets):
        head = {"flow_id": fid[k], "site_id": site[k], "direction": direction[k], "resource": res[k],
                "amount": amount[k], "remaining": remaining[k], "unit": unit[k]}
        part, rsl = _partners(scen, k)
        if not len(part):
            rows.append({**head, "rank": 0, "rule": RULE_NONE,
                         "detail": f"no flow in the scenario can exchange with this {res[k]} {direction[k]}"})
            continue
        is_sup = direction[k] == "supply"
        _, j = cKDTree(xyz[part]).query(xyz[k], k=min(n_nearest, len(part)))
        pick = set(np.atleast_1d(j).tolist())
        for i, p in enumerate(part):  # always show the partners it exchanges with
            pair = (k, int(p)) if is_sup else (int(p), k)
            if any(x[a] > 0 for a in links_of.get(pair, [])):
                pick.add(i)
        pick = np.array(sorted(pick), np.int64)
        pp, prs = part[pick], rsl[pick]
        gc = km_of_chord(np.linalg.norm(xyz[pp] - xyz[k], axis=1))
        hyp = hypothetical_links(scen, k, pp)
        for r, i in enumerate(np.argsort(gc, kind="stable"), start=1):
            p = int(pp[i])
            si, di = (k, p) if is_sup else (p, k)
            lim = _radius_km(scen, si, di, prs[i])
            real = lk.iloc[links_of.get((si, di), [])]
            h = hyp[(hyp["supply"] == si).to_numpy() & (hyp["demand"] == di).to_numpy()]
            opts = real if len(real) else h
            best = co2 = np.nan
            if len(opts):
                bc = opts["value_eur_per_unit"].to_numpy(float) * opts["upper"].to_numpy(float) \
                    - opts["fixed_eur_per_yr"].to_numpy(float)
                b = int(np.argmax(bc))
                best, co2 = float(bc[b]), float(opts["co2_t_per_unit"].iat[b] * opts["upper"].iat[b])
            rule, detail, cond, thr = _classify(scen, k, p, si, di, prs[i], gc[i], lim, real, h, x, remaining, full,
                                                drop_of, user_pairs, lk, is_sup)
            if rule == RULE_RADIUS and scen.params.objective == "net_benefit" and best <= 0:
                detail += f"; within range it would still lose {-best:,.0f} EUR/yr at full use"
            rows.append({**head, "rank": r, "partner_flow_id": fid[p], "partner_site": site[p],
                         "partner_resource": res[p], "distance_km": float(gc[i]), "limit_km": lim, "rule": rule,
                         "detail": detail, "best_case_eur_per_yr": best, "best_case_co2_t_per_yr": co2,
                         "would_pass_if": cond, "threshold": thr})
    return pd.DataFrame(rows, columns=EXPLAIN_COLUMNS)


def _takers(scen: Scenario, lk: pd.DataFrame, x: np.ndarray, p: int, k: int) -> str:
    """Who uses flow p's amount: the other ends of its chosen links (except flow k)."""
    f = scen.flows
    s, d = lk["supply"].to_numpy(np.int64), lk["demand"].to_numpy(np.int64)
    out = []
    for a in np.flatnonzero(((s == p) | (d == p)) & (x > 0)):
        other = int(d[a] if s[a] == p else s[a])
        if other == k:
            continue
        who = "a hub" if other < 0 else f"{f['site_id'].iat[other]}:{f['flow_id'].iat[other]}"
        amt = x[a] if s[a] == p else x[a] * float(lk["yield"].iat[a])
        out.append(f"{who} {amt:,.6g} {f['unit'].iat[p]}")
    return "; ".join(out) or "the exchange with this flow"


def _classify(scen: Scenario, k: int, p: int, si: int, di: int, rs: str, gc: float, lim: float,
              real: pd.DataFrame, hyp: pd.DataFrame, x: np.ndarray, remaining: np.ndarray, full: np.ndarray,
              drop_of: dict, user_pairs: set, lk: pd.DataFrame, is_sup: bool) -> tuple[str, str, str, float]:
    """(rule, detail, would_pass_if, threshold) of the pair (supply si, demand di) for target
    flow k; threshold is the number in would_pass_if (km, degC, EUR per unit of flow k, EUR/yr
    or an amount), NaN when there is none. `real`: its candidate links (one per transport
    mode); `hyp`: its hypothetical links."""
    f = scen.flows
    unit_s = f["unit"].iat[si]
    nan = float("nan")
    if len(real):
        xs = x[real.index.to_numpy()]
        if xs.sum() > 0:
            up = real["upper"].to_numpy(float)[xs > 0].sum()
            return RULE_MATCHED, f"{xs.sum():,.6g} {unit_s} exchanged ({xs.sum() / up:.0%} of the link's capacity)", \
                "", nan
        if full[p]:
            return (RULE_CAPACITY, f"the partner's amount is taken by {_takers(scen, lk, x, p, k)}",
                    "more amount at the partner", nan)
        v, M, F, y = (real[c].to_numpy(float) for c in ("value_eur_per_unit", "upper", "fixed_eur_per_yr", "yield"))
        room = np.minimum(np.minimum(remaining[si], remaining[di] / y), M)
        left = v * room - F
        b = int(np.argmax(left))
        if left[b] <= 0:
            return (RULE_NOT_SELECTED, f"viable link (best case {float(np.max(v * M - F)):,.0f} EUR/yr at full use), "
                    f"but with the amounts left ({room[b]:,.6g} {unit_s}) it would give {left[b]:,.0f} EUR/yr",
                    f"fixed cost <= {v[b] * room[b]:,.0f} EUR/yr", float(v[b] * room[b]))
        return (RULE_NOT_SELECTED, f"viable link ({left[b]:,.0f} EUR/yr with the amounts left) left idle: the "
                "amounts have a better use in the chosen portfolio, or the solve stopped within its gap", "", nan)
    drop = drop_of.get((si, di))
    if drop is not None:
        why, det = drop
        rd = f["resource"].iat[di]
        if why == "quality":
            # a demand with a return temperature can take part of its heat from anything above
            # its return (+ approach): the pair passes as soon as the supply exceeds that
            ret = f["return_temperature_c"].iat[di] if "return_temperature_c" in f else np.nan
            low = float(f["temperature_c"].iat[di] if np.isnan(ret) else ret)
            need = low + float(_min_delta_t(scen, rs, rd) or 0.0)
            op = ">=" if np.isnan(ret) else ">"
            return why, det, f"supply temperature {op} {need:g} degC (now {f['temperature_c'].iat[si]:g})", need
        if why == "min_amount" and len(hyp):
            M = float(hyp["upper"].max())
            return why, det, f"minimum amounts <= {M:,.6g} {unit_s}", M
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
                cond = f"this supply's price (disposal cost avoided) >= {thr:.6g} EUR/unit (now {price[si]:g})"
            else:
                thr = float(np.min(price[di] + short[ok] / (y[ok] * M[ok])))
                cond = f"this demand's price >= {thr:.6g} EUR/unit (now {price[di]:g})"
            cc = ok & (c > 0)
            if cc.any():
                pc = float(np.min(scen.params.carbon_price_eur_per_t + short[cc] / (c[cc] * M[cc])))
                cond += f"; or carbon price >= {pc:.6g} EUR/t"
            return why, det, cond, thr
        return why, det, "", nan
    if (rs, f["resource"].iat[di]) in user_pairs:
        return (RULE_NOT_IN_LINKS, "links.csv gives this resource pair's candidates and has no row for these sites",
                "a row in links.csv", nan)
    return (RULE_RADIUS, f"{gc:,.1f} km great-circle > limit {lim:g} km",
            f"max_distance_km >= {gc:.6g} (now {lim:g})", float(gc))


# =================================================================== zones
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


# =================================================================== compare two runs
LINK_KEY = ["source_site", "sink_site", "supply_resource", "demand_resource", "supply_flow_id", "demand_flow_id"]
COMPARE_COLUMNS = ["change", *LINK_KEY, "unit", "amount_a", "amount_b", "amount_delta", "net_benefit_a_eur_per_yr",
                   "net_benefit_b_eur_per_yr", "net_benefit_delta_eur_per_yr", "co2_a_t_per_yr", "co2_b_t_per_yr",
                   "co2_delta_t_per_yr", "source_zone", "sink_zone"]
_MATCH_NUMERIC = ["amount", "net_benefit_eur_per_yr", "co2_avoided_t_per_yr", "investment_eur", "demand_amount"]


def read_run(run_dir: str | Path) -> tuple[dict, pd.DataFrame, pd.DataFrame | None]:
    """(summary.json, matches.csv (empty when the run has no solution), sites of inputs/ or None)."""
    run_dir = Path(run_dir)
    summ_path = run_dir / "summary.json"
    if not summ_path.exists():
        raise FileNotFoundError(f"{run_dir} is not a run directory (no summary.json)")
    summary = json.loads(summ_path.read_text(encoding="utf-8"))
    mp = run_dir / "matches.csv"
    if mp.exists():
        matches = pd.read_csv(mp, dtype={c: str for c in LINK_KEY + ["unit", "demand_unit", "mode"]},
                              keep_default_na=False)
        for c in _MATCH_NUMERIC:
            matches[c] = pd.to_numeric(matches[c])
    else:
        matches = pd.DataFrame(columns=LINK_KEY + ["unit", "demand_unit"] + _MATCH_NUMERIC)
    sites = None
    sp = run_dir / "inputs" / "sites.csv"
    if sp.exists():
        from .io import read_table

        sites = read_table(sp)
        if "zone" not in sites:
            sites["zone"] = ""
    return summary, matches, sites


def _zone_lookup(*site_tables: pd.DataFrame | None) -> pd.Series:
    parts = [site_zones(s) for s in site_tables if s is not None]
    if not parts:
        return pd.Series(dtype=object)
    z = pd.concat(parts[::-1])  # run B's zones win
    return z[~z.index.duplicated(keep="first")]


def compare_matches(a: pd.DataFrame, b: pd.DataFrame, zone_of: pd.Series | None = None) -> pd.DataFrame:
    """Links of two match tables side by side: change (added | removed | changed | unchanged),
    amounts (supply base unit/yr), net benefit (EUR/yr), CO2 (tCO2/yr), and zones."""
    key = LINK_KEY + (["mode"] if "mode" in a and "mode" in b else [])  # one link per transport mode
    cols = key + ["unit", "amount", "net_benefit_eur_per_yr", "co2_avoided_t_per_yr"]
    m = a[cols].merge(b[cols], on=key, how="outer", suffixes=("_a", "_b"), indicator=True)
    m["unit"] = m["unit_a"].where(m["unit_a"].notna(), m["unit_b"])
    for c in ("amount", "net_benefit_eur_per_yr", "co2_avoided_t_per_yr"):
        m[c + "_a"] = m[c + "_a"].astype(float).fillna(0.0)
        m[c + "_b"] = m[c + "_b"].astype(float).fillna(0.0)
    out = pd.DataFrame({c: m[c] for c in key})
    out["unit"] = m["unit"]
    out["amount_a"], out["amount_b"] = m["amount_a"], m["amount_b"]
    out["amount_delta"] = m["amount_b"] - m["amount_a"]
    out["net_benefit_a_eur_per_yr"] = m["net_benefit_eur_per_yr_a"]
    out["net_benefit_b_eur_per_yr"] = m["net_benefit_eur_per_yr_b"]
    out["net_benefit_delta_eur_per_yr"] = m["net_benefit_eur_per_yr_b"] - m["net_benefit_eur_per_yr_a"]
    out["co2_a_t_per_yr"] = m["co2_avoided_t_per_yr_a"]
    out["co2_b_t_per_yr"] = m["co2_avoided_t_per_yr_b"]
    out["co2_delta_t_per_yr"] = m["co2_avoided_t_per_yr_b"] - m["co2_avoided_t_per_yr_a"]
    ind = m["_merge"].astype(str).to_numpy()
    moved = ~np.isclose(out["amount_a"].to_numpy(float), out["amount_b"].to_numpy(float), rtol=1e-9, atol=1e-9)
    out["change"] = np.select([ind == "right_only", ind == "left_only", moved], ["added", "removed", "changed"],
                              "unchanged")
    zl = zone_of if zone_of is not None else pd.Series(dtype=object)
    out["source_zone"] = zl.reindex(out["source_site"]).fillna(NO_ZONE).to_numpy()
    out["sink_zone"] = zl.reindex(out["sink_site"]).fillna(NO_ZONE).to_numpy()
    order = {"added": 0, "removed": 1, "changed": 2, "unchanged": 3}
    out["_o"] = out["change"].map(order)
    out["_b"] = -out["net_benefit_delta_eur_per_yr"].abs()
    out = out.sort_values(["_o", "_b", *key], kind="stable").drop(columns=["_o", "_b"])
    return out.reset_index(drop=True)[COMPARE_COLUMNS + key[len(LINK_KEY):]]


def zone_deltas(table: pd.DataFrame) -> pd.DataFrame:
    """Per zone, the change in net benefit (EUR/yr) and CO2 (tCO2/yr) from a `compare_matches`
    table, a link between two zones counting half in each (as in `zones_from_matches`)."""
    cols = ["net_benefit_delta_eur_per_yr", "co2_delta_t_per_yr"]
    same = table["source_zone"] == table["sink_zone"]
    halves = pd.concat([
        table.loc[same, ["source_zone", *cols]].rename(columns={"source_zone": "zone"}),
        table.loc[~same, ["source_zone", *cols]].rename(columns={"source_zone": "zone"}).assign(
            **{c: lambda d, c=c: d[c] * 0.5 for c in cols}),
        table.loc[~same, ["sink_zone", *cols]].rename(columns={"sink_zone": "zone"}).assign(
            **{c: lambda d, c=c: d[c] * 0.5 for c in cols}),
    ])
    if not len(halves):
        return pd.DataFrame(columns=["zone", *cols])
    return halves.groupby("zone", sort=True)[cols].sum().reset_index()


def _param_changes(pa: dict, pb: dict, prefix: str = "") -> list[str]:
    out = []
    for key in sorted(set(pa) | set(pb)):
        a, b = pa.get(key), pb.get(key)
        if isinstance(a, dict) and isinstance(b, dict):
            out += _param_changes(a, b, f"{prefix}{key}.")
        elif a != b:
            out.append(f"{prefix}{key}: {a} -> {b}")
    return out


def compare_runs(run_a_dir: str | Path, run_b_dir: str | Path) -> tuple[pd.DataFrame, str]:
    """What changed from run A to run B (two run directories written by `output.write_run`).

    Returns (table, text): the `compare_matches` table (one row per link in either run) and a
    short summary: statuses and objectives, parameter changes, links added / removed /
    changed, totals and their change, per-zone changes (zones from the runs' inputs/sites.csv).
    """
    sa, ma, za = read_run(run_a_dir)
    sb, mb, zb = read_run(run_b_dir)
    table = compare_matches(ma, mb, _zone_lookup(za, zb))
    n = table["change"].value_counts()

    def tot(s: dict, key: str) -> float:
        return float((s.get("totals") or {}).get(key, 0.0) or 0.0)

    def line(label: str, key: str, unit: str) -> str:
        a, b = tot(sa, key), tot(sb, key)
        return f"{label}: {a:,.0f} -> {b:,.0f} {unit} ({b - a:+,.0f})"

    lines = [f"A: {run_a_dir} - {sa.get('status')}, objective {sa.get('objective')} {sa.get('objective_unit', '')}",
             f"B: {run_b_dir} - {sb.get('status')}, objective {sb.get('objective')} {sb.get('objective_unit', '')}"]
    changes = _param_changes(sa.get("parameters") or {}, sb.get("parameters") or {})
    if changes:
        lines.append("parameters: " + "; ".join(changes))
    lines.append(f"links: {int(n.get('added', 0))} added, {int(n.get('removed', 0))} removed, "
                 f"{int(n.get('changed', 0))} changed amount, {int(n.get('unchanged', 0))} unchanged")
    lines += [line("net benefit", "net_benefit_eur_per_yr", "EUR/yr"),
              line("CO2 avoided", "co2_avoided_t_per_yr", "tCO2/yr"), line("investment", "investment_eur", "EUR")]
    zd = zone_deltas(table[table["change"] != "unchanged"])
    zd = zd[(zd["net_benefit_delta_eur_per_yr"].abs() > 0.5) | (zd["co2_delta_t_per_yr"].abs() > 1e-3)]
    for z, nb, co2 in zd.itertuples(index=False):
        lines.append(f"  zone {z}: {nb:+,.0f} EUR/yr, {co2:+,.1f} tCO2/yr")
    top = table[table["change"] != "unchanged"].head(5)
    for r in top.itertuples(index=False):
        lines.append(f"  {r.change}: {r.source_site} -> {r.sink_site} ({r.supply_resource}) "
                     f"{r.amount_a:,.6g} -> {r.amount_b:,.6g} {r.unit}, {r.net_benefit_delta_eur_per_yr:+,.0f} EUR/yr")
    return table, "\n".join(lines)


# =================================================================== command line
def _load_scenario(path: Path, time_limit: float | None, mip_gap: float | None) -> Scenario:
    """Read a scenario for a command (exit 2 on invalid input) and apply solver overrides."""
    from .cli import _fail_input
    from .errors import ScenarioError
    from .io import read_scenario

    try:
        scen = read_scenario(path)
    except (ScenarioError, OSError) as exc:
        _fail_input(exc)
    over = {k: v for k, v in dict(time_limit_s=time_limit, mip_gap=mip_gap).items() if v is not None}
    if over:
        scen.params = scen.params.model_copy(update={"solver": scen.params.solver.model_copy(update=over)})
    return scen


def _emit(df: pd.DataFrame, csv: Path | None, title: str | None = None) -> None:
    if title:
        click.echo(title)
    if csv is not None:
        csv.parent.mkdir(parents=True, exist_ok=True)
        df.to_csv(csv, index=False, float_format="%.10g", lineterminator="\n")
        click.echo(f"wrote {csv} ({len(df)} rows)")
    else:
        with pd.option_context("display.width", 200, "display.max_columns", 30, "display.max_colwidth", 60):
            click.echo(df.to_string(index=False) if len(df) else "(no rows)")


def _build_commands():
    scenario_arg = click.argument("scenario", type=click.Path(path_type=Path))
    csv_opt = click.option("--csv", "csv", type=click.Path(path_type=Path), help="write the table to this CSV")

    def solver_opts(fn):
        fn = click.option("--time-limit", type=float, help="override the time limit of each solve (s)")(fn)
        return click.option("--mip-gap", type=float, help="override the relative MIP gap")(fn)

    @click.command("pareto")
    @scenario_arg
    @click.option("--points", type=click.IntRange(1, 200), default=7, show_default=True)
    @csv_opt
    @solver_opts
    def pareto_cmd(scenario, points, csv, time_limit, mip_gap):
        """Net benefit vs avoided CO2 (epsilon-constraint), each point with its status and gap.

        \b
        Example:
          eitflow pareto scenarios/zae_example/scenario.yaml --points 7 --csv runs/pareto.csv
        """
        df = pareto_front(_load_scenario(scenario, time_limit, mip_gap), n_points=points)
        _emit(df, csv)
        if df["net_benefit_eur_per_yr"].isna().all():
            raise SystemExit(1)

    @click.command("alternatives")
    @scenario_arg
    @click.option("-k", "k", type=click.IntRange(1, 100), default=5, show_default=True, help="alternatives to find")
    @click.option("--within", type=click.FloatRange(0, None), default=0.1, show_default=True,
                  help="largest shortfall from the optimum, as a share of it")
    @csv_opt
    @click.option("--diff-csv", type=click.Path(path_type=Path), help="write the links added/removed to this CSV")
    @solver_opts
    def alternatives_cmd(scenario, k, within, csv, diff_csv, time_limit, mip_gap):
        """The next best portfolios of links (no-good cuts) and how each differs from the optimum.

        \b
        Example:
          eitflow alternatives scenarios/zae_example/scenario.yaml -k 5 --within 0.1
        """
        ports, diffs = k_best(_load_scenario(scenario, time_limit, mip_gap), k=k, within=within)
        _emit(ports.drop(columns=["links"]) if csv is None else ports, csv)
        _emit(diffs, diff_csv, None if diff_csv else "\nlinks added/removed against the optimum:")
        if ports["objective"].isna().all():
            raise SystemExit(1)

    @click.command("resilience")
    @scenario_arg
    @click.option("--max-supplier-share", type=click.FloatRange(0, 1, min_open=True),
                  help="cap each demand's dependence on one supplying site (share of its amount)")
    @csv_opt
    @solver_opts
    def resilience_cmd(scenario, max_supplier_share, csv, time_limit, mip_gap):
        """For each company with a chosen exchange: what is lost if it closes.

        \b
        Example:
          eitflow resilience scenarios/zae_example/scenario.yaml --max-supplier-share 0.6
        """
        df = resilience(_load_scenario(scenario, time_limit, mip_gap), max_supplier_share=max_supplier_share)
        cap = df.attrs.get("supplier_cap")
        if cap:
            num = lambda v: "no solution" if v is None else f"{v:,.2f}"  # noqa: E731
            unit = df.attrs["base"]["objective_unit"]
            click.echo(f"supplier cap {cap['max_supplier_share']:g} ({cap['n_cap_rows']} rows): objective "
                       f"{num(cap['objective_uncapped'])} -> {num(cap['objective_capped'])} {unit}, "
                       f"cost of the cap {num(cap['cap_cost'])} {unit}")
        _emit(df, csv)
        if df.attrs["base"]["objective"] is None:
            raise SystemExit(1)

    @click.command("explain")
    @scenario_arg
    @click.option("--flow", "flow_id", help="explain only this flow_id (matched or not)")
    @click.option("--nearest", type=click.IntRange(1, 100), default=5, show_default=True,
                  help="nearest compatible partners shown per flow")
    @csv_opt
    @solver_opts
    def explain_cmd(scenario, flow_id, nearest, csv, time_limit, mip_gap):
        """Why each unmatched flow is unmatched: its nearest partners and the rule stopping each.

        \b
        Example:
          eitflow explain scenarios/zae_example/scenario.yaml --flow f31
        """
        scen = _load_scenario(scenario, time_limit, mip_gap)
        res = optimise(scen)
        click.echo(res.status_line())
        try:
            df = explain(scen, res, flow_id=flow_id, n_nearest=nearest)
        except KeyError as exc:
            from .cli import _fail_input
            _fail_input(ValueError(exc.args[0]))
        _emit(df, csv)

    @click.command("zones")
    @scenario_arg
    @csv_opt
    @click.option("--flows-csv", type=click.Path(path_type=Path), help="write exchanges between zones to this CSV")
    @click.option("--amounts-csv", type=click.Path(path_type=Path), help="write amounts per zone and resource")
    @solver_opts
    def zones_cmd(scenario, csv, flows_csv, amounts_csv, time_limit, mip_gap):
        """The optimum rolled up by zone: exchanges inside and between zones, totals per zone.

        \b
        Example:
          eitflow zones scenarios/zae_example/scenario.yaml
        """
        scen = _load_scenario(scenario, time_limit, mip_gap)
        res = optimise(scen)
        click.echo(res.status_line())
        _emit(zones(scen, res), csv)
        _emit(zone_flows(scen, res), flows_csv, None if flows_csv else "\nexchanges by zone pair:")
        _emit(zone_amounts(scen, res), amounts_csv, None if amounts_csv else "\namounts by zone and resource:")
        if res.summary["objective"] is None:
            raise SystemExit(1)

    @click.command("compare")
    @click.argument("run_a", type=click.Path(exists=True, file_okay=False, path_type=Path))
    @click.argument("run_b", type=click.Path(exists=True, file_okay=False, path_type=Path))
    @csv_opt
    def compare_cmd(run_a, run_b, csv):
        """What changed between two run directories: links, amounts, benefit, CO2, per zone.

        \b
        Example:
          eitflow compare runs/base runs/carbon200 --csv runs/diff.csv
        """
        try:
            table, text = compare_runs(run_a, run_b)
        except (FileNotFoundError, ValueError, KeyError) as exc:
            from .cli import _fail_input
            _fail_input(exc)
        click.echo(text)
        if csv is not None:
            _emit(table, csv)

    return pareto_cmd, alternatives_cmd, resilience_cmd, explain_cmd, zones_cmd, compare_cmd


pareto_cmd, alternatives_cmd, resilience_cmd, explain_cmd, zones_cmd, compare_cmd = _build_commands()
#: every analysis command, for `for c in COMMANDS: cli.main.add_command(c)`
COMMANDS = [pareto_cmd, alternatives_cmd, resilience_cmd, explain_cmd, zones_cmd, compare_cmd]
