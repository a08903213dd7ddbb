"""k-best portfolios: the next best sets of links, found with no-good cuts, and how each
differs from the optimum (links added and removed)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from eitflow.analyses.common import EPS_REL, _has_solution, link_labels, objective_row, totals_row
from eitflow.candidates.generate import Candidates, build_candidates
from eitflow.model.arrays import LinearConstraint
from eitflow.pipeline import optimise
from eitflow.results.result import Result
from eitflow.scenario import Scenario

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


def _objective_value(res: Result) -> float:
    """The objective of a solution from its statistics: net benefit with built hubs and
    supplies (EUR/yr), or CO2 avoided (tCO2/yr)."""
    t = res.statistics.totals()
    return float(t["co2_avoided_t_per_yr"] if res.scenario.params.objective == "co2" else t["net_benefit_eur_per_yr"])


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
    base = optimise(scen, candidates=cand, duals=False)
    unit = base.summary["objective_unit"]
    if not _has_solution(base):
        row = {c: np.nan for c in PORTFOLIO_COLUMNS} | {"rank": 0, "status": base.status, "objective_unit": unit,
                                                          "links": ""}
        return pd.DataFrame([row], columns=PORTFOLIO_COLUMNS), pd.DataFrame(columns=DIFF_COLUMNS)
    opt = _objective_value(base)
    cx, cy = objective_row(scen, cand)
    floor = opt - within * abs(opt)
    keep_within = LinearConstraint(cx, cy, lo=floor - EPS_REL * max(1.0, abs(floor)), name="within")
    found = [(base.solution.flow.copy(), base)]
    cuts = [no_good_cut(base.solution.built)]
    while len(found) <= k:
        r = optimise(scen, candidates=cand, extra=[keep_within, *cuts], duals=False)
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
    # the supply resource's base unit, as `Statistics.links` (a hub's or a network's leg has no
    # supply flow of its own to take it from)
    unit_of = np.array([scen.catalogue[r].base_unit for r in lk["supply_resource"]], dtype=object)
    for rank, (flow, res) in enumerate(found):
        built = flow > 0
        added, removed = built & ~opt_built, opt_built & ~built
        val = _objective_value(res)
        rows.append({"rank": rank, "objective": val, "objective_unit": unit,
                     "share_of_optimum": val / opt if opt else np.nan,
                     **totals_row(res),
                     "n_added": int(added.sum()), "n_removed": int(removed.sum()), "status": res.status,
                     "gap": res.summary["gap"], "links": "; ".join(labels[built])})
        nb_alt = res.statistics.links().set_index("link")["net_benefit_eur_per_yr"]   # v x - F, computed once
        for change, idx in (("added", np.flatnonzero(added)), ("removed", np.flatnonzero(removed))):
            for a in idx:
                diffs.append({"rank": rank, "change": change, "link": labels[a],
                              "source_site": lk["source_site"].iat[a], "sink_site": lk["sink_site"].iat[a],
                              "supply_resource": lk["supply_resource"].iat[a],
                              "demand_resource": lk["demand_resource"].iat[a],
                              "amount_optimum": float(found[0][0][a]), "amount_alternative": float(flow[a]),
                              "unit": unit_of[a],
                              "net_benefit_alternative_eur_per_yr": float(nb_alt.get(a, 0.0))})
    return pd.DataFrame(rows, columns=PORTFOLIO_COLUMNS), pd.DataFrame(diffs, columns=DIFF_COLUMNS)


