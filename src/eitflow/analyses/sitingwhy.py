"""Why a siting has no plan: the message of an infeasible siting model, naming the rule.

Placing nothing is feasible unless an activity must be placed (activities.csv `min_count`) or
a required demand cannot be met. When the diagnosis finds no required demand short, the
min_counts are the cause. Each activity fits on some plot (`candidates.placements` refuses a
min_count above the plots that can take it), so what keeps it out is the land of its plots,
their groups, or the new land take budgets (`siting.max_new_land_take_ha`): an activity whose
min_count exceeds what the budgets allow on their own is named with the figures (a helper's
random case, 2026-12-05: an activity of 4 ha to place once, whose one plot was greenfield under
a 3 ha budget, was said to lack the plots' land).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from eitflow.i18n import Count, Phrase
from eitflow.ids import TOTAL
from eitflow.model.landtake import budgets
from eitflow.scenario import Scenario
from eitflow.solve.status import Solution

__all__ = ["min_count_over_budget", "no_plan_message"]

_KEY = "siting.max_new_land_take_ha"


def min_count_over_budget(exp: Scenario) -> Phrase | None:
    """The first activity (activities.csv order) whose min_count is more than the land-take
    budgets let it place on its own, in words with its figures (ha); None when every one fits.

    One activity's instances all take its land_ha on a greenfield plot, and the budgets are
    the whole scenario's and disjoint territories' (`model.landtake`), so the most it can
    place is exact: its brownfield candidates, plus per territory with a budget
    min(greenfield candidates there, floor(budget / land_ha)) and its greenfield candidates
    elsewhere, the greenfield ones at most floor(total / land_ha)."""
    st, pl = exp.siting, exp.placements
    if st is None or pl is None or not len(pl):
        return None
    b = budgets(exp)
    if not len(b.labels):
        return None
    act = pl["activity"].to_numpy(np.int64)
    for a, row in enumerate(st.activities.itertuples(index=False)):
        need = int(row.min_count)
        ks = np.flatnonzero(act == a)
        if need <= 0 or not len(ks):
            continue
        green = ks[b.new[ks] > 0]
        if not len(green):
            continue
        land = float(b.new[green].max())
        fit = lambda cap: int(np.floor(cap / land + 1e-9))  # noqa: E731  (instances a budget takes)
        limit, per_fit = None, 0
        counted = np.zeros(len(b.new), bool)
        loss = -1
        for r, (lab, cap) in enumerate(zip(b.labels, b.caps)):
            if lab == TOTAL:
                continue
            mine = np.intersect1d(b.member[b.row == r], green)
            counted[mine] = True
            per_fit += min(len(mine), fit(cap))
            if len(mine) - fit(cap) > loss and fit(cap) < len(mine):
                loss, limit = len(mine) - fit(cap), r
        per_fit += int((~counted[green]).sum())
        total_fit = per_fit   # the whole scenario's budget, where tighter, caps the territories' sum
        if TOTAL in b.labels and fit(b.caps[b.labels.index(TOTAL)]) < per_fit:
            limit = b.labels.index(TOTAL)
            total_fit = fit(b.caps[limit])
        most = len(ks) - len(green) + total_fit
        if most >= need or limit is None:
            continue
        lab = b.labels[limit]
        return Phrase("sol_siting_min_count_land_take", activity=str(row.activity_id), min=need, most=most,
                      # "1 candidate plot, 1 is greenfield": each count with its noun in its number
                      plots=Count(len(ks), "n_candidate_plots"), green=Count(len(green), "n_greenfield_plots"),
                      land=land, cap=float(b.caps[limit]),
                      budget=_KEY if lab == TOTAL else f"{_KEY}.{lab}")
    return None


def no_plan_message(exp: Scenario, sol: Solution) -> tuple[str, pd.DataFrame | None]:
    """The message (and diagnosis, which says it in each language) of a siting model with no
    plan: an activity whose min_count the budgets cannot hold (`min_count_over_budget`), else
    the min_counts together (the plots' land, their groups, the budgets), which is said instead
    of 'no required demand was found short'."""
    st = exp.siting
    assert st is not None
    must = st.activities[st.activities["min_count"] > 0]
    diag = getattr(sol, "diagnosis", None)
    if str(sol.status) != "infeasible" or not len(must) or (diag is not None and len(diag)):
        return sol.message, diag
    over = min_count_over_budget(exp)
    if over is not None:
        return over, None
    names = ", ".join(f"{a} ({n})" for a, n in zip(must["activity_id"], must["min_count"]))
    key = "sol_siting_min_count_budget" if len(budgets(exp).labels) else "sol_siting_min_count"
    return Phrase(key, names=names), None
