"""The brief's status in plain words: what an elected official reads under the badge.

The brief said the full report's solver line: 'Optimal : aucune solution ne peut faire mieux que
celle-ci de plus que la tolérance demandée (écart 0,00 %, cible 0,01 %)' on every bundled French
brief. Now it says 'Plan optimal : aucun autre plan ne rapporte davantage.', or for a plan not
proven best 'Meilleur plan trouvé dans le temps de calcul imparti : au plus 3,20 % sous le
meilleur possible.'; the solver's line (gap, target, bound) stays in the full report
(`report.tables.status_words`). The gap is summary.json's, said by `results.summary.gap_text`:
not worked out again here.
"""

from __future__ import annotations

import eitflow.i18n as i18n
from eitflow.report.style import reason_counts, reason_name
from eitflow.report.tables import built_count, status_words
from eitflow.results.summary import gap_text, no_paying_plan, plan_status, time_limit_of

#: a solve without a solution: its plain sentence, by status code
NO_PLAN = {"infeasible": "brief_status_infeasible", "time_limit": "brief_status_time_limit",
           "error": "brief_status_error"}


def brief_status(s: dict, lang: str) -> str:
    """The brief's headline for a run's status, in plain words in `lang`.

    Parameters
    ----------
    s : dict
        The run's summary.json: its status, objective, gap (a fraction: 0.032 is 3.2 %), its
        objective's name (net_benefit, EUR/yr; co2, tCO2/yr) and counts.
    lang : str
        en or fr.

    Returns
    -------
    str
        Optimal: no other plan does better (to within its gap where that shows at 2 decimals of
        a percent); an optimal plan building nothing: the full report's 'nothing worth building'
        (`status_words`); a plan not proven best: at most its gap below the best possible, or
        that how much is not known (no bound); a plan building nothing under a higher bound:
        no paying plan found, and what may still be (`results.summary.no_paying_plan`); no plan:
        why, in a sentence.
    """
    st = s.get("status", "unknown")
    if s.get("objective") is None:   # the plain words of the status heading the sentence (`plan_status`)
        return i18n.text(NO_PLAN.get(st, "brief_status_no_solution"), lang, head=plan_status(st, lang, capital=True))
    if st == "optimal":
        if not built_count(s):   # nothing pays: the report's own plain headline
            return status_words(s, lang)[1]
        name = s.get("objective_name") if s.get("objective_name") == "co2" else "net_benefit"
        # a gap within the tolerance that shows at 2 decimals (0,01 %) is said, as every gap is written
        # (`i18n.gap_percent`: "à 0,1 % près", not "0,10 %"); one under that is not
        within = i18n.percent(s.get("gap") or 0.0, lang) != i18n.percent(0.0, lang)
        return i18n.text(f"brief_status_optimal_{name}" + ("_within" if within else ""), lang,
                         gap=i18n.gap_percent(s.get("gap") or 0.0, lang), head=plan_status("optimal", lang, capital=True))
    if said := no_paying_plan(s, lang, sentence=True):   # "build nothing" is no plan worth 0
        return said
    # not proven best: the time limit stopped it (the solve's, `time_limit_of`), or the solver
    when = "time" if time_limit_of(s) is not None else "stopped"
    head = plan_status("feasible", lang, capital=True)   # a plan, not proven the best
    if s.get("gap") is None:   # no bound, or a gap not defined for an objective of 0
        return i18n.text(f"brief_status_best_{when}_unknown", lang, head=head)
    return i18n.text(f"brief_status_best_{when}", lang, gap=gap_text(s, lang), head=head)


def siting_left_out(s: dict, placed: bool, lang: str) -> str:
    """The brief's line for a siting scenario run with `eitflow run`: its activities to place
    (summary.json's `activities_to_place`, the fact the terminal's note reads) were not placed;
    "" where there are none, or the run placed them (`placed`: placements.csv, `eitflow site`)."""
    n = s.get("activities_to_place")
    if not n or placed:
        return ""
    return i18n.counted(int(n), "brief_siting_left_out", lang)


def no_exchange_said(s: dict, reasons, lang: str) -> str:
    """The brief's one sentence where a run with a plan chose no exchange, in place of its two
    empty top tables: no exchange is worth building, the plan's status (`plan_status`), how many
    flows are left unmatched and the main reason, with its count (`reasons`: unmatched.csv's
    `reason` column, counted by `report.style.reason_counts`, as the report's chips).

    Parameters
    ----------
    s : dict
        The run's summary.json (its `status`).
    reasons : iterable of str
        Each unmatched flow's reason code.
    lang : str
        'fr' or 'en'.
    """
    counts = reason_counts(reasons)
    status = plan_status(s.get("status"), lang)
    if not counts:
        return i18n.text("brief_no_exchange_all_met", lang, status=status)
    reason, n = counts[0]
    return i18n.text("brief_no_exchange_why", lang, status=status, reason=reason_name(reason, lang),
                     n=i18n.number(n, lang),
                     unmatched=i18n.counted(sum(k for _, k in counts), "n_flows_left", lang))


__all__ = ["brief_status", "no_exchange_said", "siting_left_out"]
