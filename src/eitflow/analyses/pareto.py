"""Net benefit against avoided CO2: the Pareto front by the epsilon-constraint method, each
point with its own status, bound and gap."""

from __future__ import annotations

import numpy as np
import pandas as pd

import eitflow.i18n as i18n
from eitflow.analyses.common import (
    EPS_REL,
    _has_solution,
    both_objective_candidates,
    totals_row,
    with_objective,
)
from eitflow.candidates.generate import Candidates, build_candidates
from eitflow.candidates.objectives import link_codes
from eitflow.model.netpass import co2_row, plan_co2_t_per_yr
from eitflow.pipeline import optimise
from eitflow.results.summary import status_word
from eitflow.scenario import Scenario

PARETO_COLUMNS = ["point", "co2_min_t_per_yr", "net_benefit_eur_per_yr", "co2_avoided_t_per_yr", "investment_eur",
                  "n_links", "same_plan_as", "status", "gap", "bound_eur_per_yr"]


def pareto_front(scen: Scenario, n_points: int = 7, candidates: Candidates | None = None) -> pd.DataFrame:
    """Net benefit (EUR/yr) against avoided CO2 (tCO2/yr) by the epsilon-constraint method.

    Solves max CO2 and max net benefit, then, for `n_points` values eps evenly spaced between
    the CO2 of the net-benefit optimum and the CO2 maximum, maximises net benefit subject to
    CO2 avoided >= eps (with a relative slack of 1e-7). Point 0 is therefore the net-benefit
    optimum and the last point the best net benefit among the CO2-maximal portfolios.

    Columns: point, co2_min_t_per_yr (eps, tCO2/yr), net_benefit_eur_per_yr,
    co2_avoided_t_per_yr, investment_eur, n_links, same_plan_as (the first other point whose plan
    this is, empty when none before it: `same_plans`), status, gap and bound_eur_per_yr (the
    bound on the net benefit that point maximises, EUR/yr) of that point's own solve. A point that was not solved to optimality is only a feasible trade-off
    (its status and gap say so). Each solve gets the scenario's full time limit.
    When the end points coincide, one point is returned (``df.attrs["one_point"]``: the
    net-benefit optimum already avoids the most CO2 there is, where the CO2 solve is optimal).
    Where the CO2 solve stopped short (its time limit), the front ends at the most CO2 it found,
    not proven the most: ``df.attrs["co2_end"]`` holds its status, that CO2 and its bound
    (tCO2/yr), which `front_notes` says.
    When an end point's solve finds no solution (an infeasible model), there is no front: one
    row with that solve's status, and ``df.attrs["no_front"]`` says which solve (``solve``:
    net_benefit or co2) and holds its summary (``summary``: status, message, for
    `results.summary.status_line`).

    Point 0 is the net-benefit optimum solved as `eitflow run` solves it (the scenario's own
    candidates, no added row), so that it is the run's plan: re-solved with the epsilon row
    over both objectives' candidates, HiGHS may stop at another plan within the gap target
    (the `init` template, gap target 0.1 %: 6,309,347 EUR/yr here, 6,306,036 in the run).
    """
    s_nb, s_co2 = with_objective(scen, "net_benefit"), with_objective(scen, "co2")
    own = build_candidates(s_nb) if candidates is None else candidates
    cand = both_objective_candidates(scen, own) if candidates is None else candidates
    r_nb = optimise(s_nb, candidates=own, duals=False)
    r_co2 = optimise(s_co2, candidates=cand, duals=False, money=False)   # its CO2 alone: the last point weighs money
    if not (_has_solution(r_nb) and _has_solution(r_co2)):
        bad = r_nb if not _has_solution(r_nb) else r_co2
        df = pd.DataFrame([{**{c: np.nan for c in PARETO_COLUMNS}, "point": 0, "status": bad.status,
                            "n_links": 0}], columns=PARETO_COLUMNS)
        # no front: the solve that found no solution and its summary (status, and the reason, as `eitflow run` says it)
        df.attrs["no_front"] = {"solve": "net_benefit" if bad is r_nb else "co2", "summary": bad.summary}
        return df
    # CO2 avoided as the co2 objective counts it, with what a CO2 hub passes through (`model.netpass`)
    lo = plan_co2_t_per_yr(s_nb, own, r_nb.solution.period_flow, r_nb.solution.flow)
    hi = max(float(r_co2.summary["objective"]), lo)
    same = hi - lo <= 1e-9 * max(1.0, abs(hi))
    grid = np.array([lo]) if same or n_points < 2 else np.linspace(lo, hi, int(n_points))
    rows, runs = [], []
    for i, eps in enumerate(grid):
        if i == 0:   # its own plan meets CO2 >= lo: no re-solve (docstring)
            r = r_nb
        else:
            slack = EPS_REL * max(1.0, abs(eps))
            r = optimise(s_nb, candidates=cand, extra=[co2_row(s_nb, cand, lo=float(eps) - slack)],
                         duals=False)
        runs.append(r)
        rows.append({"point": i, "co2_min_t_per_yr": float(eps), **totals_row(r), "same_plan_as": None,
                     "status": r.status, "gap": r.summary["gap"], "bound_eur_per_yr": r.summary["bound"]})
    df = pd.DataFrame(rows, columns=PARETO_COLUMNS)
    df["same_plan_as"] = pd.Series(same_plans(point_plans(runs)), index=df.index, dtype=float)   # empty: no other point
    # one point because no plan avoids more CO2 is a fact only where the CO2 solve proved it: one
    # stopped by its time limit with nothing better (dunkerque_dh's network at --time-limit 0.3:
    # 0 tCO2/yr found, bound 849,228) was said "the plan of best net benefit already avoids the
    # most CO2 there is"
    proven = str(r_co2.status) == "optimal"
    df.attrs["one_point"] = bool(same and proven)
    if not proven:
        df.attrs["co2_end"] = {"status": str(r_co2.status), "co2_t_per_yr": hi, "bound_t_per_yr": r_co2.summary["bound"]}
    return df


def point_plans(runs: list) -> list[tuple[dict, frozenset] | None]:
    """What each point builds: the flow (base units/yr) of each link with flow, by its link's
    code (`link_codes`, the one identity of a link: point 0 is solved over other candidates than
    the rest, so the codes are made over every point's table together and agree across points),
    and the corridors built with their size; None for a solve that found no plan (a time limit),
    the same plan as none other.

    Parameters
    ----------
    runs : list of Result
        The points' runs, in order.

    Returns
    -------
    list
        Per point, ({link code: flow in base units/yr}, frozenset of (corridor_id, size)) or None.
    """
    tables: dict[int, pd.DataFrame] = {}   # each candidate table once (the points share one)
    for r in runs:
        if _has_solution(r):
            tables.setdefault(id(r.candidates.links), r.candidates.links)
    codes = dict(zip(tables, link_codes(*tables.values())))
    out: list[tuple[dict, frozenset] | None] = []
    for r in runs:
        if not _has_solution(r):
            out.append(None)
            continue
        flow, code = np.asarray(r.solution.flow, float), codes[id(r.candidates.links)]
        on = np.flatnonzero(flow > 0)
        cor = r.statistics.corridors()
        built = frozenset(zip(cor["corridor_id"].astype(str), cor["size"].astype(str))) if len(cor) else frozenset()
        out.append((dict(zip(code[on].tolist(), flow[on].tolist())), built))
    return out


def same_plans(plans: list[tuple[dict, frozenset] | None], rtol: float = 1e-6) -> list[int | None]:
    """Per point, the first other point with the same plan (None when none before it: the column
    said a point was the same plan as itself, "1" beside point 1): the same links
    with flow, each carrying the same amount (within `rtol`), and the same corridors built at the
    same sizes. The epsilon grid often meets one plan several times (ludres_backbone's points 1
    to 6, all 17,488.3 tCO2/yr: a CO2 floor anywhere below what that plan avoids gives it). A
    point without a plan (None) is no other's."""
    out: list[int | None] = []
    for i, p in enumerate(plans):
        out.append(None if p is None else next(
            (j for j, q in enumerate(plans[:i]) if q is not None and q[1] == p[1] and q[0].keys() == p[0].keys()
             and all(abs(q[0][k] - v) <= rtol * max(1.0, abs(v)) for k, v in p[0].items())), None))
    return out


def points_said(points: list[int], lang: str = "en") -> str:
    """Point numbers as a reader says them: '1 to 6' (fr '1 à 6') for three or more in a row,
    else listed ('1, 2', '1, 3, 5'); one text for the command's sentences and the plot's labels."""
    if len(points) > 2 and points == list(range(points[0], points[-1] + 1)):
        return i18n.text("pareto_points_range", lang, a=points[0], b=points[-1])
    return ", ".join(str(p) for p in points)


def plan_points(df: pd.DataFrame) -> list[tuple[int, list[int]]]:
    """Each plan of a `pareto_front` table once: (its first point, every point that gives it, the
    first included), in the order of the first points; a point without same_plan_as (the first of
    its plan; an older table's column, which named the point itself there, reads the same) is its
    own plan."""
    first = df["same_plan_as"].fillna(df["point"]) if "same_plan_as" in df else df["point"]
    groups: dict[int, list[int]] = {}
    for p, f in zip(df["point"].astype(int), first.astype(int)):
        groups.setdefault(int(f), []).append(int(p))
    return sorted(groups.items())


def front_notes(df: pd.DataFrame, lang: str = "en") -> list[str]:
    """What the front does not prove, for the command and pareto.html: where the CO2 solve
    stopped short of its optimum, the front's CO2 end is only the most it found, with its bound."""
    end = df.attrs.get("co2_end")
    if not end:
        return []
    bound = end.get("bound_t_per_yr")
    return [i18n.text("pareto_co2_not_proven", lang, status=status_word(end["status"], lang),
                      co2=i18n.number(end["co2_t_per_yr"], lang, 1),
                      bound=i18n.number(bound, lang, 1) if isinstance(bound, (int, float)) else "–",
                      unit=i18n.unit("tCO2/yr", lang))]


def same_plan_lines(df: pd.DataFrame, lang: str = "en") -> list[str]:
    """One sentence per plan that several points give ('points 2 to 6: the same plan as point
    1 ...'), for the command and pareto.html; none when every point is its own plan."""
    if "same_plan_as" not in df or df["same_plan_as"].isna().all():
        return []
    out = []
    for first, points in plan_points(df):
        others = [p for p in points if p != first]
        if not others:
            continue
        key = "pareto_same_plan_one" if len(others) == 1 else "pareto_same_plan"
        out.append(i18n.text(key, lang, points=points_said(others, lang), first=first))
    return out
