"""Why a plot got what it got: plots.csv's `reason`, its figures and its `detail`.

An analyst reads plots.csv (and the report's table of plots) plot by plot: a brownfield the
plan leaves empty must say why, or it reads as ignored. The first that holds is given:

- `placed`: activities placed on it (their ids, the land they use of its area);
- `not_free_yet`: `available_from` after `siting.year` (the plot was read, and left out);
- `unavailable`: plots.csv's `available` is false;
- `no_candidate`: every activity is refused there: its uses are not allowed (allowed_uses,
  excluded_uses) or it needs more land than the plot's area (`allowed_matrix`, the rules the
  model's candidates come from);
- `not_chosen`: some activities may go there, none was placed; the best of them by the
  ranking (ranking.csv: the value of the best plan with it placed there) and what it would
  cost the plan: its `loss` where a plan with it was found (`solved`, `no exchange`; at most
  that where the ranking's time stopped it, `time limit`), its `loss_min` where only a bound is
  known (`bound`: at least that), none where no allowed plan can place it (`impossible`: a
  land-take budget, a group, a count).

The figures are columns of plots.csv (`PLOT_WHY_COLUMNS`); `plot_detail` says them in either
language, for the CSV's English `detail` and the French report, from the same figures.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

import eitflow.i18n as i18n
from eitflow.analyses.landtake import hectares
from eitflow.analyses.ranking import figure_column, objective_column
from eitflow.scenario import Siting, allowed_matrix

__all__ = ["PLOT_WHY_COLUMNS", "plot_detail", "plot_reasons"]

#: plots.csv's columns of the reason (best_loss_eur_per_yr in the objective's unit: tCO2/yr under co2)
PLOT_WHY_COLUMNS = ["reason", "available_from", "activities_use_not_allowed", "activities_too_big",
                    "best_activity", "best_method", "best_loss_eur_per_yr", "detail"]
#: the ranking's methods, best first, for the plot's best activity (`impossible` never is one)
_FOUND = ("solved", "no exchange", "time limit", "bound")


def plot_reasons(siting: Siting, year: int | None, placed: pd.Series, ranking: pd.DataFrame | None,
                 objective: str = "net_benefit") -> pd.DataFrame:
    """Per plot of `siting.plots`, in order: its reason and figures (`PLOT_WHY_COLUMNS` but
    `detail`, which `plot_detail` says from the whole row; the loss in the objective's unit). `placed`: the activities placed per plot id (';'
    joined); `ranking`: ranking.csv's table (None: not ranked)."""
    p = siting.plots
    m = allowed_matrix(siting)
    counts = siting.activities["max_count"].to_numpy(int)[:, None] >= 1
    use_no = (~m["use_allowed"] & counts).sum(axis=0)
    big = (m["use_allowed"] & ~m["fits"] & counts).sum(axis=0)
    cand = m["candidate"].sum(axis=0)
    frm = p["available_from"].to_numpy(float) if "available_from" in p else np.full(len(p), np.nan)
    best = _best_per_plot(ranking)   # plot id -> (activity, method, loss), found once for all plots
    rows = []
    for q, rec in enumerate(p.to_dict("records")):
        pid = str(rec["plot_id"])
        out = {"reason": "", "available_from": frm[q], "activities_use_not_allowed": int(use_no[q]),
               "activities_too_big": int(big[q]), "best_activity": "", "best_method": "", "best_loss_eur_per_yr": np.nan}
        if placed.get(pid, ""):
            out["reason"] = "placed"
        elif not bool(rec["available"]):
            late = year is not None and np.isfinite(frm[q]) and frm[q] > year
            out["reason"] = "not_free_yet" if late else "unavailable"
        elif not cand[q]:
            out["reason"] = "no_candidate"
        else:
            out["reason"] = "not_chosen"
            if pid in best:
                out.update(zip(("best_activity", "best_method", "best_loss_eur_per_yr"), best[pid]))
        rows.append(out)
    df = pd.DataFrame(rows, columns=PLOT_WHY_COLUMNS[:-1])
    return df.rename(columns={"best_loss_eur_per_yr": objective_column("best_loss_eur_per_yr", objective)})


def _best_per_plot(ranking: pd.DataFrame | None) -> dict[str, tuple[str, str, float]]:
    """Per plot id of ranking.csv's table: (activity, method, loss) of its best placement: the
    smallest loss found (exact, or at most it where the ranking's time stopped), else the
    smallest bound (`bound`: at least it), else ('', 'impossible', NaN) where no allowed plan can
    place any of its candidates. Grouped once: a national siting ranks 29,127 placements."""
    if ranking is None or not len(ranking):
        return {}
    rk = ranking.assign(plot_key=ranking["plot_id"].astype(str))
    loss_c, lo_c = (figure_column(c, rk.columns) for c in ("loss_eur_per_yr", "loss_min_eur_per_yr"))
    out: dict[str, tuple[str, str, float]] = {}
    impossible = rk.groupby("plot_key")["method"].agg(lambda m: bool((m == "impossible").all()))
    out.update({k: ("", "impossible", np.nan) for k, v in impossible.items() if v})
    for rows, col in ((rk[(rk["method"] == "bound") & rk[lo_c].notna()], lo_c),   # overwritten by a loss found
                      (rk[rk["method"].isin(_FOUND[:3]) & rk[loss_c].notna()], loss_c)):
        if len(rows):
            top = rows.loc[rows.groupby("plot_key")[col].idxmin()]
            out.update({k: (str(a), str(m), float(v)) for k, a, m, v in
                        zip(top["plot_key"], top["activity_id"], top["method"], top[col])})
    return out


def plot_detail(rec: dict, lang: str = "en") -> str:
    """A plot's reason in words, in `lang`, from its figures (a row of plots.csv: the CSV's
    English `detail`, the report's French, one sentence)."""
    t, reason = i18n.text, str(rec.get("reason") or "")
    if reason == "placed":
        ids = [a for a in str(rec.get("placed_activities") or "").split(";") if a]
        return t(f"plot_detail_placed_{'one' if len(ids) == 1 else 'many'}", lang, placed=", ".join(ids))
    if reason == "not_free_yet":
        return t("plot_detail_not_free_yet", lang, start=f'{float(rec["available_from"]):.0f}')   # a year: no grouping
    if reason == "unavailable":
        return t("plot_detail_unavailable", lang)
    if reason == "no_candidate":
        why = [i18n.counted(int(rec[c]), key, lang, area=hectares(float(rec["area_ha"]), lang))
               for c, key in (("activities_use_not_allowed", "plot_detail_use"),
                              ("activities_too_big", "plot_detail_big")) if int(rec[c] or 0)]
        return ", ".join(why) if why else t("plot_detail_no_activity", lang)
    if reason != "not_chosen":
        return ""
    how = str(rec.get("best_method") or "")
    n = rec.get("candidate_activities")
    out = t("plot_detail_not_chosen", lang) if n is None or pd.isna(n) else \
        t("plot_detail_not_chosen_n", lang, candidates=i18n.counted(int(n), "n_candidate_activities", lang))
    if how == "impossible":
        return out + t("plot_detail_impossible", lang)
    col = figure_column("best_loss_eur_per_yr", rec)
    loss = rec.get(col)
    if how and loss is not None and pd.notna(loss):
        _, unit, digits = i18n.column_parts(col)
        said = f"{i18n.number(loss, lang, digits or 0)} {i18n.unit(unit, lang)}"
        key = {"time limit": "plot_detail_best_at_most", "bound": "plot_detail_best_at_least"}.get(how, "plot_detail_best")
        if key == "plot_detail_best" and round(float(loss), digits or 0) == 0:   # a tie: the plan leaves it out
            key = "plot_detail_best_tie"
        out += t(key, lang, activity=rec.get("best_activity"), loss=said)
    return out
