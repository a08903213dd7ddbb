"""k-best portfolios: the next best plans, found with no-good cuts over what each builds (links
and a shared network's corridors), and how each differs from the optimum (links added, removed
and changed, corridors added and removed, in rows that add up: `analyses.altdiffs`)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from eitflow.analyses.altdiffs import DIFF_COLUMNS, Plans, corridor_labels
from eitflow.analyses.common import (
    EPS_REL,
    _has_solution,
    corridor_twins,
    link_labels,
    named_link_labels,
    objective_row,
    totals_row,
)
from eitflow.candidates.generate import Candidates, build_candidates
from eitflow.model.arrays import LinearConstraint
from eitflow.pipeline import optimise
from eitflow.results.result import Result
from eitflow.scenario import Scenario

PORTFOLIO_COLUMNS = ["rank", "plan", "objective", "objective_unit", "share_of_optimum", "net_benefit_eur_per_yr",
                     "co2_avoided_t_per_yr", "investment_eur", "n_links", "n_added", "n_removed", "n_corridors",
                     "n_corridors_added", "n_corridors_removed", "status", "gap", "links", "corridors"]


def no_good_cut(built: np.ndarray, name: str = "nogood", corridors: np.ndarray | None = None) -> LinearConstraint:
    """Forbid the plan that builds the links `built` and the network corridors `corridors`
    (a mask over `Network.corridors`), and every plan building all of them and more:
    sum_{a in S} y_a + sum_{c in C} (c built) <= |S| + |C| - 1 (at least one of them is not
    built; a corridor is built with any of its sizes)."""
    b = np.asarray(built, bool)
    c = np.zeros(0, bool) if corridors is None else np.asarray(corridors, bool)
    return LinearConstraint(np.zeros(len(b)), b.astype(float), hi=float(b.sum() + c.sum()) - 1.0, name=name,
                            corridor_coef=c.astype(float) if c.any() else None)


def built_corridors(res: Result) -> np.ndarray:
    """Per candidate corridor (`Network.corridors`): whether the plan builds it and it carries
    flow (`Statistics.corridors`; an existing pipe is not built, a corridor built idle is not
    part of the plan: its cost only makes the plan worse)."""
    net = res.candidates.network
    if net is None:
        return np.zeros(0, bool)
    cor = res.statistics.corridors()
    used = set(cor.loc[~cor["existing"].astype(bool) & (cor["flow"] > 0), "corridor_id"].astype(str))
    return np.array([str(c) in used for c in net.corridors["corridor_id"]], bool)


def _objective_value(res: Result) -> float:
    """The objective of a solution from its statistics: net benefit with built hubs and
    supplies (EUR/yr), or CO2 avoided (tCO2/yr)."""
    t = res.statistics.totals()
    return float(t["co2_avoided_t_per_yr"] if res.scenario.params.objective == "co2" else t["net_benefit_eur_per_yr"])


def k_best(scen: Scenario, k: int = 5, within: float = 0.1, candidates: Candidates | None = None,
           lang: str | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The optimum and up to `k` next best portfolios (plans: the links and the shared
    networks' corridors they build), each with an objective >= optimum - within * |optimum|,
    found by no-good cuts on the link switches and the corridors' size switches. The optimum is
    the best plan found (rank 0): the run's own where its solve is exact, else possibly an
    alternative better than it (the floor rises as such a plan is found; the run's plan is listed
    wherever it falls).

    Each cut removes a plan found and all its supersets: a superset of a plan found earlier
    builds more for no more objective (it was available when that plan was chosen), so
    alternatives are genuinely different choices, not "the optimum plus an idle link".
    Plans are told apart by their links with flow and their corridors built that carry flow,
    so no two are the same: on a network, the same connections over other corridors are
    another plan (before, the cuts named links alone, so such a plan was never found and an
    alternative had to drop a connection). Hubs and built supplies are used only through their
    links, so plans with distinct links and corridors are distinct in those too. Twin corridors
    (one trench listed twice, `common.corridor_twins`) count by how many of each set a plan
    builds: the optimum over the other twin is the same network, not the next best plan (it was
    listed as one, at the optimum's objective), and a twin swapped for the other is neither added
    nor removed.

    Returns (portfolios, differences). portfolios: every plan found best first, the run's own
    plan among them (not in the order found: a solve within its gap may find a worse plan than
    the next, and the run's solve, within its gap too, a worse one than an alternative found
    after it); rank 0 = the best plan found, "the optimum" of the other columns; plan "run" for
    the plan `optimise` gives (what `eitflow run` writes; rank 0 unless an alternative is
    better, then it is that alternative's equal or below it), "alternative" for the others;
    objective in the scenario's unit (EUR/yr or tCO2/yr), share_of_optimum (of rank 0's, so
    never above 1), totals, n_added / n_removed links and n_corridors_added /
    n_corridors_removed against rank 0, n_corridors built, status and gap of that solve, and
    the links and corridors built. With every solve optimal (mip_gap 0) the run's plan is rank 0
    and rank r is the best plan that is not a superset of ranks < r; with a positive gap each
    solve is only within its gap of that, and the plans found are listed by objective,
    non-increasing. differences (`altdiffs.DIFF_COLUMNS`): per alternative, one row per link added,
    removed or changed (kept in both with another amount or figure) and per corridor added or
    removed against the optimum (`change`, `item`): a link's amounts and figure after the shares in
    the optimum and the alternative (EUR/yr, matches.csv's, as `compare` says it: a network's
    delivery after its share of the network's cost), a corridor's flow (base units/yr) and annual
    cost, pumping included (EUR/yr; borne by the deliveries, so its figure after the shares is 0);
    each row's part of the difference (net benefit, EUR/yr, and CO2 avoided, tCO2/yr, after the
    shares), and a row of other changes where anything is left: an alternative's rows add up to
    its totals less the optimum's (`altdiffs.reconcile`). Stops early when no further plan
    lies within the share (an infeasible solve, or the best plan left below it: the row
    bounding the links' objective leaves out hubs', supplies' and corridors' costs).
    ``portfolios.attrs["search"]`` says the search, for the command to state it: asked (k),
    found (alternatives listed), within, floor (rank 0's objective - within x |it|, in the objective's
    unit; before 2026-12-07 the run's, so a plan 25 % below rank 0 was listed "within 20 %" where the
    run's plan was 10 % below it), unit, and stop: "k" (all found), "within" (no other plan at or above the floor), or
    the status of the solve that ended without a plan (a time limit: unknown whether more lie
    within).
    When the optimum's solve finds no solution (an infeasible model), there are no plans: one
    row with its status, and ``portfolios.attrs["no_solution"]`` holds that solve's summary
    (status, message, for `results.summary.status_line`), as `pareto_front`'s ``no_front``.

    `lang` ('en', 'fr'): the links and corridors (`links`, `corridors`, `link`) as people read
    them in that language, by the names of their ends ("SAM Neuves-Maisons (aciérie) → Réseau
    de chaleur : chaleur, réseau"; `named_link_labels`); None: by their codes
    ("SAM_NM:sam_heat -> network:heat (heat, network)"), as the library's callers compare
    them. source_site and sink_site stay codes either way.
    """
    cand = build_candidates(scen) if candidates is None else candidates
    base = optimise(scen, candidates=cand, duals=False)
    unit = base.summary["objective_unit"]
    if not _has_solution(base):
        row = {c: np.nan for c in PORTFOLIO_COLUMNS} | {"rank": 0, "status": base.status, "objective_unit": unit,
                                                          "links": "", "corridors": ""}
        ports = pd.DataFrame([row], columns=PORTFOLIO_COLUMNS)
        ports.attrs["no_solution"] = {"summary": base.summary}   # no plan: its status and the reason, as `eitflow run` says it
        return ports, pd.DataFrame(columns=DIFF_COLUMNS)
    # twin corridors (one trench listed twice): a plan is told by how many of each set it
    # builds, the re-solves build a set's twins in order, and a cut names "at least k of it"
    sets = twin_sets(cand)
    order = twin_order_rows(len(cand.links), 0 if cand.network is None else len(cand.network.corridors), sets)
    found = [(base.solution.flow.copy(), built_corridors(base), base)]
    run_plan = base
    cuts = [no_good_cut(base.solution.built, corridors=_cut_corridors(found[0][1], sets))]
    stop = "k"
    # "within X of the optimum" is of the best plan found (rank 0), not of the run's: the run's
    # solve stops within its gap, and an alternative found after it may be better; the floor
    # rises with it, and a plan found under the old floor is no longer listed
    while _listed(found, run_plan, _low(found, within)) < k:
        low = _low(found, within)
        keep_within = objective_row(scen, cand, lo=low, name="within")
        r = optimise(scen, candidates=cand, extra=[keep_within, *order, *cuts], duals=False)
        if not _has_solution(r) or _objective_value(r) < low:
            # no plan left within the share, or a solve that ended without one (its status)
            stop = r.status if not _has_solution(r) and r.status != "infeasible" else "within"
            break
        b, c = r.solution.flow > 0, built_corridors(r)
        if any(np.array_equal(b, f > 0) and np.array_equal(_canonical(c, sets), _canonical(fc, sets))
               for f, fc, _ in found):  # not with exact cuts
            stop = "within"
            break
        found.append((r.solution.flow.copy(), c, r))
        cuts.append(no_good_cut(b, corridors=_cut_corridors(c, sets)))
    # best first: a solve stops within its gap of the best plan left, so a later one may find a
    # better plan than an earlier one did (tavaux_h2 at --mip-gap 0.01: the 8th found, 8,771,166
    # EUR/yr, above the 2nd, 8,751,735), and the run's own solve a worse plan than one found
    # after it (tavaux_h2 at --mip-gap 0.05: the run's 8,777,793, the next 8,779,140 EUR/yr, listed
    # below it at "100.02 % of the optimum"). The best found is rank 0, the plan the others differ
    # from; the run's keeps its place among them (stable: first of equals), marked "run"
    found = sorted(found, key=lambda t: -_objective_value(t[2]))
    opt = _objective_value(found[0][2])
    floor = opt - within * abs(opt)
    low = _low(found, within)   # the run's plan is listed wherever it falls: it is what the run wrote
    found = [t for t in found if t[2] is run_plan or _objective_value(t[2]) >= low]
    labels = link_labels(scen, cand) if lang is None else named_link_labels(scen, cand, lang)
    opt_built, opt_cor = found[0][0] > 0, found[0][1]
    cor_labels = corridor_labels(scen, cand, lang)[0]
    plans = Plans(scen, cand, found[0][2], labels, lang)
    rows, diffs = [], []
    for rank, (flow, cor, res) in enumerate(found):
        built = flow > 0
        added, removed = built & ~opt_built, opt_built & ~built
        c_added, c_removed = _corridor_changes(opt_cor, cor, sets)
        val = _objective_value(res)
        rows.append({"rank": rank, "plan": "run" if res is run_plan else "alternative", "objective": val, "objective_unit": unit,
                     "share_of_optimum": val / opt if opt else np.nan,
                     **totals_row(res),
                     "n_added": int(added.sum()), "n_removed": int(removed.sum()), "n_corridors": int(cor.sum()),
                     "n_corridors_added": int(c_added.sum()), "n_corridors_removed": int(c_removed.sum()),
                     "status": res.status, "gap": res.summary["gap"], "links": "; ".join(labels[built]),
                     "corridors": "; ".join(cor_labels[cor])})
        if rank:   # the rows that add up to its totals less the optimum's (`altdiffs`)
            diffs += plans.differences(rank, res, added, removed, c_added, c_removed)
    ports = pd.DataFrame(rows, columns=PORTFOLIO_COLUMNS)
    ports.attrs["search"] = {"asked": k, "found": len(found) - 1, "within": within, "floor": floor, "unit": unit,
                             "stop": stop}
    return ports, pd.DataFrame(diffs, columns=DIFF_COLUMNS)


def _low(found: list[tuple], within: float) -> float:
    """The least objective a plan may have to be listed: the best found (rank 0) less `within` of
    it, less a rounding tolerance (`EPS_REL`)."""
    best = max(_objective_value(t[2]) for t in found)
    floor = best - within * abs(best)
    return floor - EPS_REL * max(1.0, abs(floor))


def _listed(found: list[tuple], run_plan: Result, low: float) -> int:
    """How many of the plans `found`, the run's own aside, are at or above `low`: the alternatives
    the command lists."""
    return sum(t[2] is not run_plan and _objective_value(t[2]) >= low for t in found)


def twin_sets(cand: Candidates) -> list[np.ndarray]:
    """The sets of twin corridors (`common.corridor_twins`) of more than one new corridor, each
    a sorted array of positions in `Network.corridors` (an existing pipe is never built)."""
    net = cand.network
    if net is None:
        return []
    tw = corridor_twins(cand)
    new = ~net.corridors["existing"].to_numpy(bool)
    return [m for t in np.unique(tw[new]) if len(m := np.flatnonzero((tw == t) & new)) > 1]


def twin_order_rows(n_links: int, n_corridors: int, sets: list[np.ndarray]) -> list[LinearConstraint]:
    """Rows building each set's twins in order (the next one only with the one before it): a plan
    over a later twin is the same network as over the first, so none is lost."""
    rows = []
    for m in sets:
        for i, j in zip(m[:-1], m[1:]):
            c = np.zeros(n_corridors)
            c[j], c[i] = 1.0, -1.0
            rows.append(LinearConstraint(np.zeros(n_links), hi=0.0, name="twin_order", corridor_coef=c))
    return rows


def _canonical(mask: np.ndarray, sets: list[np.ndarray]) -> np.ndarray:
    """`mask` (corridors built) with each set of twins' count built on its first members: two
    plans over the same trenches compare equal whichever twin each built."""
    out = np.array(mask, bool)
    for m in sets:
        k = int(out[m].sum())
        out[m] = False
        out[m[:k]] = True
    return out


def _cut_corridors(mask: np.ndarray, sets: list[np.ndarray]) -> np.ndarray:
    """The corridors a no-good cut names for a plan building `mask`: each built corridor without a
    twin, and of a set the plan builds k of, its k-th (under `twin_order_rows`: "at least k of
    the set built"), so the cut forbids the plan over any of the twins and every plan building more."""
    out = np.array(mask, bool)
    for m in sets:
        k = int(out[m].sum())
        out[m] = False
        if k:
            out[m[k - 1]] = True
    return out


def _corridor_changes(opt: np.ndarray, alt: np.ndarray, sets: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Corridors added and removed from the plan `opt` to `alt` (masks), a set of twins counted by
    how many of it each builds: the twin `alt` builds instead of the one `opt` built is neither
    added nor removed."""
    added, removed = alt & ~opt, opt & ~alt
    for m in sets:
        k0, k1 = int(opt[m].sum()), int(alt[m].sum())
        a_m, r_m = m[added[m]], m[removed[m]]
        added[m], removed[m] = False, False
        added[a_m[:max(0, k1 - k0)]] = True
        removed[r_m[:max(0, k0 - k1)]] = True
    return added, removed
