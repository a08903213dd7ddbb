"""Where to put new activities: `site(scenario)` places activities on free plots so that they
use the waste heat, CO2 or by-products already there (`eitflow site`).

One MILP: the territory's model with a binary per candidate placement (activity x plot,
`candidates.placements`, `model.siting`), solved by the ordinary driver (its decomposition
keeps together what a placement, a plot's land and an activity's count couple). The plan
found is then read as an ordinary solution of the territory with the placed activities
(`results.placements`), so every ordinary output (matches, unmatched, companies, zones, the
report) describes it, and the siting outputs add:

- placements: which activity on which plot, its costs, the exchanges it enables and the
  value it creates (the plan's value less the best plan without that placement, the activity
  free to go elsewhere; and less the best plan without the activity at all);
- ranking: for each activity, its plots by the value of the best plan with it placed there
  (`analyses.ranking`: solved for the best plots, a sound bound for the others);
- activities: how many of each were placed, and why not where none was (no plot allowed,
  no synergy in range, does not pay).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

import eitflow.i18n as i18n
from eitflow.analyses.landtake import hectares
from eitflow.analyses.plotwhy import PLOT_WHY_COLUMNS, plot_detail, plot_reasons
from eitflow.analyses.ranking import (
    RANK_COLUMNS,
    Ranking,
    figure_column,
    in_objective_unit,
    objective_column,
    rank_placements,
)
from eitflow.analyses.sitingwhy import no_plan_message
from eitflow.candidates.generate import Candidates, build_candidates
from eitflow.candidates.network import network_of
from eitflow.candidates.objectives import both_objective_candidates
from eitflow.candidates.placements import (
    excluded_pairs,
    expand_placements,
    greenfield,
    prune_placements,
    restrict_placements,
)
from eitflow.ids import TOTAL
from eitflow.model.landtake import USE_COLUMNS, land_take_use, placement_caps, plot_territories
from eitflow.model.siting import flow_placement
from eitflow.pipeline import assemble_result, attach_duals, plan_net_benefit
from eitflow.results.names import network_name
from eitflow.results.placements import PLACEMENT_TABLE_COLUMNS, placed_scenario, transfer_solution
from eitflow.results.result import Result
from eitflow.results.shares import co2_by_end
from eitflow.scenario import Scenario
from eitflow.solve.driver import solve
from eitflow.solve.lexico import money_of_co2_plan
from eitflow.solve.status import Solution

__all__ = ["ACTIVITY_COLUMNS", "PLACEMENT_COLUMNS", "SitingResult", "plan", "reason_detail", "site"]

PLACEMENT_COLUMNS = PLACEMENT_TABLE_COLUMNS + ["exchanges_net_benefit_eur_per_yr", "own_gain_eur_per_yr",
                                               "value_created_eur_per_yr", "activity_value_eur_per_yr",
                                               "co2_avoided_t_per_yr", "n_exchanges", "exchanges"]
ACTIVITY_COLUMNS = ["activity_id", "name", "placed", "min_count", "max_count", "candidate_plots", "best_plot",
                    "best_value_eur_per_yr", "reason", "detail", "land_ha", "plots", "plots_unavailable",
                    "plots_use_not_allowed", "plots_too_small", "plots_with_partners", "candidate_exchanges",
                    "nearest_partner_km", "best_loss_eur_per_yr", "best_cost_eur_per_yr", "least_new_land_take_ha",
                    "max_new_land_take_ha", "land_take_territories"]
#: the figures of activity_reasons.csv that `reason_detail` puts in words
DETAIL_FIELDS = ACTIVITY_COLUMNS[ACTIVITY_COLUMNS.index("land_ha"):]


@dataclass
class SitingResult:
    """What `site` returns.

    result: the plan as an ordinary `Result` of the territory with the placed activities
    (its statistics add up with the placements' costs). placements, ranking, activities:
    the siting tables (`PLACEMENT_COLUMNS`, `analyses.ranking.RANK_COLUMNS`,
    `ACTIVITY_COLUMNS`), money in EUR/yr and EUR. expanded, candidates, solution: the
    siting model (every candidate placement) and its solution. land_take: the new land take
    (ha) of the whole plan and of each territory against its budget (`model.landtake`)."""

    result: Result
    placements: pd.DataFrame
    ranking: pd.DataFrame
    activities: pd.DataFrame
    rank: Ranking | None
    expanded: Scenario
    candidates: Candidates
    solution: Solution
    timings: dict = field(default_factory=dict)
    #: the plan's new land take per territory against its budget (`model.landtake.land_take_use`)
    land_take: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=USE_COLUMNS))

    @property
    def status(self) -> str:
        return str(self.solution.status)

    def summary(self) -> dict:
        """The siting figures for summary.json (`siting` block)."""
        r, obj = self.rank, self.expanded.params.objective
        fig = lambda col: objective_column(col, obj)  # noqa: E731
        return {"candidate_placements": 0 if self.expanded.placements is None else len(self.expanded.placements),
                "modelled_placements": int(len(self.solution.placed)) if self.solution.placed is not None else 0,
                "placed": int(len(self.placements)),
                # new land take (ZAN): the land the plan takes on greenfield plots, the budget over the
                # whole scenario, and the take of each territory against its budget (land_take.csv)
                "new_land_take_ha": float(self.placements["new_land_take_ha"].sum()) if len(self.placements) else 0.0,
                "max_new_land_take_ha": self.expanded.params.siting.land_take_budgets()[0],
                "land_take": _records(self.land_take),
                # the objective's figures: EUR/yr, or tCO2/yr under co2 (`ranking.objective_column`)
                fig("plan_value_eur_per_yr"): self.solution.objective, fig("plan_bound_eur_per_yr"): self.solution.bound,
                "ranking": None if r is None else {
                    "forced_solves": r.n_forced_solves, "seconds": r.seconds,
                    fig("tolerance_eur_per_yr"): r.tolerance_eur_per_yr,
                    "activities_certified": int((r.certified["certified_top"] > 0).sum()),
                    "methods": {str(k): int(v) for k, v in self.ranking["method"].value_counts().items()}},
                "timings_s": self.timings}


def _records(use: pd.DataFrame) -> list[dict]:
    """land_take.csv's rows for summary.json (NaN, no budget, as null)."""
    return [{k: (None if isinstance(v, float) and not np.isfinite(v) else v.item() if hasattr(v, "item") else v)
             for k, v in r.items()} for r in use.to_dict("records")]


def site(scen: Scenario, timings: dict | None = None, rank: bool = True) -> SitingResult:
    """Place the activities of `scen.siting` on its plots, in one MILP with the territory.

    Parameters
    ----------
    scen : Scenario
        With plots and activities (`scenario_from_frames(..., plots=, activities=,
        activity_flows=)` or a scenario.yaml naming plots.csv and activities.csv).
    timings : dict, optional
        Seconds already spent (reading), carried into the summary.
    rank : bool
        Rank the plots of every activity (`analyses.ranking`; `siting.rank_top` plots per
        activity solved, within `siting.rank_time_limit_s`).

    Returns
    -------
    SitingResult
        The plan (status, value in EUR/yr with its bound), the placements, the ranking and
        the reasons, and the plan as an ordinary `Result`.
    """
    timings = dict(timings or {})
    t = time.perf_counter()
    exp = expand_placements(scen)
    timings["placements"] = time.perf_counter() - t
    t = time.perf_counter()
    cand = build_candidates(exp)
    co2 = exp.params.objective == "co2"
    if co2:   # the money stage below may need a link that earns money and avoids no CO2
        cand = both_objective_candidates(exp, co2=cand)
    # placements that can never pay are left out of the model, exactly (`prune_placements`)
    modelled = np.flatnonzero(prune_placements(exp, cand))
    model, mcand, _ = restrict_placements(exp, np.isin(np.arange(len(exp.placements)), modelled), cand)  # type: ignore[arg-type]
    assert mcand is not None
    timings["candidates"] = time.perf_counter() - t
    sol = solve(model, mcand, keep_batches=True)
    if co2 and sol.objective is not None:
        # among the plans placing activities for the most CO2, the one worth the most: its
        # placements and money figures (`solve.lexico`); the ranking reads the co2 solve's
        # batches (the plots by the CO2 of the best plan with each, tCO2/yr)
        batches = sol.batches
        _, sol = money_of_co2_plan(model, mcand, sol, plan_net_benefit, union=False)
        sol.batches = batches
    timings["build"], timings["solve"] = sol.seconds_build, sol.seconds_solve
    if sol.objective is not None and sol.placed is not None:
        sol.placed = sol.placed & ~_idle(model, mcand, sol, sol.placed)  # ties left out
    placed = np.zeros(len(exp.placements), bool)  # type: ignore[arg-type]
    if sol.objective is not None and sol.placed is not None:
        placed[modelled] = sol.placed
    t = time.perf_counter()
    final = placed_scenario(exp, placed)
    final_cand = build_candidates(final)
    if co2:   # the money stage's plan may use a link that earns money and avoids no CO2, as above
        final_cand = both_objective_candidates(final, co2=final_cand)
    if sol.objective is not None:
        fsol = transfer_solution(model, mcand, sol, final, final_cand)
    else:  # no plan: the territory alone, with the status and message of the siting model
        message, diagnosis = no_plan_message(exp, sol)
        sol.message = message   # the siting model's own status line says the same (`SitingResult.solution`)
        fsol = Solution(sol.status, None, sol.bound, None, np.zeros(len(final_cand.links)),
                        np.zeros(len(final_cand.links), bool), sol.n_components, sol.n_batches, sol.n_variables,
                        sol.n_binaries, sol.n_constraints, sol.solver, sol.seconds_build, sol.seconds_solve,
                        message=message, placed=np.zeros(0, bool), diagnosis=diagnosis)
    attach_duals(final, final_cand, fsol, max(1.0, scen.params.solver.time_limit_s / 4), timings)
    timings["plan"] = time.perf_counter() - t
    result = assemble_result(final, final_cand, fsol, timings)
    ranking = None
    if rank and sol.objective is not None and len(exp.placements):  # type: ignore[arg-type]
        t = time.perf_counter()
        ranking = rank_placements(exp, cand, sol, modelled, scen.params.siting.rank_time_limit_s,
                                  scen.params.siting.rank_top)
        timings["ranking"] = time.perf_counter() - t
    could = np.zeros(len(placed), bool)
    could[modelled] = True   # the placements the model could place (the others never pay)
    # the objective's figures named in its unit (tCO2/yr under co2); `ranking` keeps its names
    obj = exp.params.objective
    out = SitingResult(result, in_objective_unit(_placements(result, ranking), obj),
                       in_objective_unit(ranking.table if ranking is not None else pd.DataFrame(columns=RANK_COLUMNS),
                                         obj, cost=True),
                       _activities(exp, cand, placed, ranking), ranking, exp, cand, sol, timings,
                       land_take_use(exp, placed, could))
    result.summary["siting"] = out.summary()
    return out


def plan(scen: Scenario) -> Result:
    """The plan `site` finds (no ranking), as a Result of the territory with its placed
    activities (`Result.scenario`): what the analyses of a siting scenario work on."""
    return site(scen, rank=False).result


def _idle(exp: Scenario, cand: Candidates, sol: Solution, placed: np.ndarray) -> np.ndarray:
    """Placed activities with no exchange, no term in the objective (no net cost; under co2, one
    that earns no money: the money stage's plan, or the co2 plan where that stage did not run)
    and no min_count: the solver may place them or not at the same objective; the plan leaves
    them out. (`exp`, `cand`: the model's scenario and candidates.)"""
    pl, st = exp.placements, exp.siting
    assert pl is not None and st is not None
    fp = flow_placement(exp)
    busy = np.zeros(len(pl), bool)
    if len(cand.links) and sol.objective is not None:
        used = sol.flow > 0
        for end in ("supply", "demand"):
            e = cand.links[end].to_numpy(np.int64)[used]
            k = fp[e[e >= 0]]
            busy[k[k >= 0]] = True
    cost = pl["cost_eur_per_yr"].to_numpy(float)
    free = cost >= -1e-9 if exp.params.objective == "co2" else np.abs(cost) <= 1e-9
    optional = st.activities["min_count"].to_numpy(int)[pl["activity"].to_numpy(np.int64)] == 0
    return placed & ~busy & free & optional


def _placements(result: Result, ranking: Ranking | None) -> pd.DataFrame:
    """placements.csv: each placed activity, its costs, the exchanges it enables and the value
    it creates, every figure from the plan's statistics."""
    st = result.statistics
    pl = st.placements()
    if not len(pl):
        return pd.DataFrame(columns=PLACEMENT_COLUMNS)
    L = st.links()
    comp = st.companies().set_index("site_id")
    nb, co2, n, text = [], [], [], []
    for sid in pl["site_id"]:
        mine = L[(L["source_site"] == sid) | (L["sink_site"] == sid)]
        nb.append(float(mine["net_benefit_eur_per_yr"].sum()))
        at_src, at_snk = co2_by_end(mine)   # companies.csv's rule: captured CO2 is its emitter's
        co2.append(float(at_src[(mine["source_site"] == sid).to_numpy()].sum()
                         + at_snk[(mine["sink_site"] == sid).to_numpy()].sum()))
        n.append(len(mine))
        text.append(exchanges_detail(mine, sid))
    out = pl.assign(exchanges_net_benefit_eur_per_yr=nb,
                    own_gain_eur_per_yr=comp["total_eur_per_yr"].reindex(pl["site_id"]).fillna(0.0).to_numpy()
                    if len(comp) else 0.0,
                    value_created_eur_per_yr=(ranking.value_created.reindex(pl["site_id"]).to_numpy()
                                              if ranking is not None else np.nan),
                    activity_value_eur_per_yr=(ranking.activity_value.reindex(pl["activity_id"]).to_numpy()
                                               if ranking is not None else np.nan),
                    co2_avoided_t_per_yr=co2, n_exchanges=n, exchanges=text)
    return out[PLACEMENT_COLUMNS]


def exchanges_detail(links: pd.DataFrame, site_id: str, lang: str = "en", names: dict | None = None) -> str:
    """The exchanges a placed activity's site takes part in, in words in `lang` ("heat from
    UVE (15,000 MWh/yr); CO2 from ..."), from the chosen links (`statistics.links()`, or the
    run's matches.csv read back: the same rows). placements.csv keeps the English and the
    partners' codes; the report writes it in its own language, with `names` (code -> the
    name people read) where it has them. An exchange whose user receives another amount than is
    sent (heat losing some in its pipe, a by-product converted) says both, sent first
    (`results.sentgot`): "from UVE: heat, 15,000 MWh/yr sent, 14,925 received"."""
    from eitflow.results.sentgot import received_differs, sent_received_phrase

    mine = links[(links["source_site"] == site_id) | (links["sink_site"] == site_id)]
    out = []
    for r in mine.itertuples(index=False):
        res = i18n.resource_name(r.supply_resource, lang)
        gives = r.source_site == site_id
        other = r.sink_site if gives else r.source_site
        net = network_of(str(other))   # a shared network by its name ("Réseau de chaleur"), never its id
        site = network_name(net, lang) if net else (names or {}).get(other, other)
        got, unit_got = getattr(r, "demand_amount", None), getattr(r, "demand_unit", None)
        if received_differs(float(r.amount), str(r.unit), got, unit_got):   # lossy or converted: both, as every view
            said = sent_received_phrase(str(r.supply_resource), float(r.amount), str(r.unit),
                                        str(getattr(r, "demand_resource", r.supply_resource)),
                                        float(got), str(unit_got)).say(lang)
            out.append(i18n.text("siting_exchange_out_said" if gives else "siting_exchange_in_said", lang, site=site,
                                 de=i18n.de(site, lang), said=said))
            continue
        out.append(i18n.text("siting_exchange_out" if gives else "siting_exchange_in", lang, resource=res, site=site,
                             de=i18n.de(site, lang), amount=i18n.number(r.amount, lang), unit=i18n.unit(r.unit, lang)))
    return ("\u202f; " if lang == "fr" else "; ").join(out)  # French sets a thin space before ';'


def _activities(exp: Scenario, cand: Candidates, placed: np.ndarray, ranking: Ranking | None) -> pd.DataFrame:
    """Per activity: placed count, bounds, best plot, and the reason when none was placed."""
    st, pl = exp.siting, exp.placements
    assert st is not None and pl is not None
    ex = excluded_pairs(st).set_index("activity_id")
    fp = flow_placement(exp)
    # per placement: partners in range of any of its flows, and candidate links
    in_range = np.zeros(len(pl))
    np.add.at(in_range, fp[fp >= 0], cand.in_range[fp >= 0])
    nlinks = np.zeros(len(pl))
    for end in ("supply", "demand"):
        e = cand.links[end].to_numpy(np.int64) if len(cand.links) else np.zeros(0, np.int64)
        k = np.where(e >= 0, fp[np.maximum(e, 0)], -1)
        np.add.at(nlinks, k[k >= 0], 1)
    nearest = np.full(len(pl), np.inf)
    np.minimum.at(nearest, fp[fp >= 0], cand.nearest_km[fp >= 0])
    tab = ranking.table if ranking is not None else None
    total = exp.params.siting.land_take_budgets()[0]
    caps, cap_of = placement_caps(exp)   # the tightest budget counting each placement (ha; inf: none)
    new_land = pl["new_land_take_ha"].to_numpy(float)
    rows = []
    for a in st.activities.itertuples(index=False):
        ks = np.flatnonzero(pl["activity_id"].to_numpy() == a.activity_id)
        n_placed = int(placed[ks].sum()) if len(ks) else 0
        best_plot, best_val = "", np.nan
        if tab is not None and len(ks):
            top = tab[tab["activity_id"] == a.activity_id].iloc[0]
            if top["method"] != "impossible":   # no plot is best where no allowed plan can place it
                best_plot, best_val = top["plot_id"], top["value_eur_per_yr"]
        e = ex.loc[a.activity_id]
        loss = cost = np.nan
        finite = caps[ks][np.isfinite(caps[ks])]
        cap = float(finite.max()) if len(finite) else (np.nan if total is None else total)
        over = new_land[ks] > caps[ks] * (1 + 1e-9) + 1e-9
        if n_placed:
            reason = "placed"
        elif not len(ks):
            reason = "no_plot_allowed"
        elif in_range[ks].sum() == 0 and nlinks[ks].sum() == 0:   # (a network's connection is a synergy too)
            reason = "no_synergy_in_range"
        elif over.all():
            reason = "land_take_budget"   # greenfield plots only, each over its ZAN budget alone
        else:   # under co2 a placement costs nothing: it is left out for avoiding no more CO2
            reason = "does_not_pay" if exp.params.objective == "net_benefit" else "no_co2_gain"
            if tab is not None:
                top = tab[tab["activity_id"] == a.activity_id].iloc[0]
                if top["method"] == "solved" and np.isfinite(top["loss_eur_per_yr"]):
                    loss, cost = float(top["loss_eur_per_yr"]), float(top["cost_eur_per_yr"])
        near = float(nearest[ks].min()) if len(ks) else np.inf
        rec = {"activity_id": a.activity_id, "name": a.name, "placed": n_placed, "min_count": a.min_count,
               "max_count": a.max_count, "candidate_plots": len(ks), "best_plot": best_plot,
               "best_value_eur_per_yr": best_val, "reason": reason, "land_ha": float(a.land_ha),
               "plots": int(e["plots"]), "plots_unavailable": int(e["plot_unavailable"]),
               "plots_use_not_allowed": int(e["use_not_allowed"]), "plots_too_small": int(e["plot_too_small"]),
               "plots_with_partners": int(((in_range[ks] > 0) | (nlinks[ks] > 0)).sum()),
               "candidate_exchanges": int(nlinks[ks].sum()),
               "nearest_partner_km": near if np.isfinite(near) else np.nan,
               "best_loss_eur_per_yr": loss, "best_cost_eur_per_yr": cost,
               "least_new_land_take_ha": float(new_land[ks].min()) if len(ks) else np.nan, "max_new_land_take_ha": cap,
               # the territories whose budgets keep it out (none: the whole scenario's)
               "land_take_territories": ";".join(dict.fromkeys(t for t in cap_of[ks] if t != TOTAL))
               if reason == "land_take_budget" else ""}
        rows.append(rec)
    out = in_objective_unit(pd.DataFrame(rows, columns=ACTIVITY_COLUMNS), exp.params.objective)
    out["detail"] = [reason_detail(r, "en") for r in out.to_dict("records")]
    return out


def has_detail_fields(columns) -> bool:
    """Whether a table has the figures `reason_detail` words (`DETAIL_FIELDS`, the objective's
    under either unit's name): a run directory written before they existed has not."""
    return all(figure_column(c, columns) in columns for c in DETAIL_FIELDS)


def reason_detail(rec, lang: str = "en") -> str:
    """The `detail` of an activity_reasons.csv row in words, in `lang`, from its figures
    (`DETAIL_FIELDS`): the CSV holds the English sentence, the report says it in its own
    language from the same figures (one sentence, two languages, no second copy)."""
    t, reason = i18n.text, str(rec["reason"])

    def num(c: str, digits: int = 0) -> str:
        return i18n.number(rec[c], lang, digits)

    def said(c: str) -> str:   # an objective's figure (EUR/yr, or tCO2/yr under co2) with its unit
        _, u, digits = i18n.column_parts(figure_column(c, rec))
        return f"{num(figure_column(c, rec), digits or 0)} {i18n.unit(u, lang)}"

    if reason == "placed":
        return t("siting_detail_placed", lang, placed=num("placed"), max_count=num("max_count"))
    if reason == "no_plot_allowed":
        land = hectares(rec["land_ha"], lang)
        why = [i18n.counted(int(rec[c]), key, lang, land=land)   # "1 plus petit", "2 plus petits"
               for c, key in (("plots_unavailable", "siting_detail_unavailable"),
                              ("plots_use_not_allowed", "siting_detail_use_not_allowed"),
                              ("plots_too_small", "siting_detail_too_small")) if rec[c]]
        if not why:   # no plot to refuse it: none at all, or max_count 0
            return t("siting_detail_no_plots" if not rec["plots"] else "siting_detail_max_count_0", lang)
        return t("siting_detail_no_plot", lang, plots=i18n.counted(int(rec["plots"]), "n_plots", lang),
                 why=", ".join(why))
    if reason == "land_take_budget":
        where = rec.get("land_take_territories")
        if isinstance(where, str) and where:
            return t("siting_detail_land_take_territory", lang, land=hectares(rec["least_new_land_take_ha"], lang),
                     cap=hectares(rec["max_new_land_take_ha"], lang), territories=where.replace(";", ", "))
        return t("siting_detail_land_take_budget", lang, land=hectares(rec["least_new_land_take_ha"], lang),
                 cap=hectares(rec["max_new_land_take_ha"], lang))
    if reason == "no_synergy_in_range":
        d = rec["nearest_partner_km"]
        return (t("siting_detail_no_partner", lang, km=num("nearest_partner_km", 1)) if pd.notna(d)
                else t("siting_detail_no_partner_anywhere", lang))
    out = t(f"siting_detail_{reason}", lang,
            plots=i18n.counted(int(rec["plots_with_partners"]), "n_allowed_plots", lang),
            links=i18n.counted(int(rec["candidate_exchanges"]), "n_candidate_exchanges", lang))
    loss_col = figure_column("best_loss_eur_per_yr", rec)
    loss = rec.get(loss_col)
    # a loss that rounds to nothing is a tie (under co2, the plot avoids as much without it)
    if pd.notna(loss) and round(float(loss), i18n.column_parts(loss_col)[2] or 0) != 0:
        if reason == "no_co2_gain":   # a placement costs nothing in CO2
            out += t("siting_detail_loss_co2", lang, plot=rec["best_plot"], loss=said("best_loss_eur_per_yr"))
        else:
            out += t("siting_detail_loss", lang, plot=rec["best_plot"], loss=said("best_loss_eur_per_yr"),
                     cost=said("best_cost_eur_per_yr"))
    return out


PLOT_COLUMNS = ["plot_id", "name", "lat", "lon", "area_ha", "zone", "territory", "available", "greenfield",
                "land_used_ha",
                "placed_activities",
                "candidate_activities", "allowed_uses", "excluded_uses", "pollution", "constraints",
                *PLOT_WHY_COLUMNS]


def plots_table(sr: SitingResult) -> pd.DataFrame:
    """plots.csv of a siting run: every plot (location in deg, area and land used in ha), what
    was placed on it, how many activities could go there, and its constraints as given."""
    st, pl = sr.expanded.siting, sr.expanded.placements
    assert st is not None and pl is not None
    p = st.plots
    placed = sr.placements.groupby("plot_id")["activity_id"].agg(";".join) if len(sr.placements) else pd.Series(
        dtype=object)
    used = sr.placements.groupby("plot_id")["land_ha"].sum() if len(sr.placements) else pd.Series(dtype=float)
    cands = pl.groupby("plot_id").size()
    out = pd.DataFrame({
        "plot_id": p["plot_id"], "name": p["name"], "lat": p["lat"], "lon": p["lon"], "area_ha": p["area_ha"],
        "zone": p["zone"], "territory": plot_territories(st), "available": p["available"], "greenfield": greenfield(p),
        "land_used_ha": used.reindex(p["plot_id"]).fillna(0.0).to_numpy(),
        "placed_activities": placed.reindex(p["plot_id"]).fillna("").to_numpy(),
        "candidate_activities": cands.reindex(p["plot_id"]).fillna(0).astype(int).to_numpy(),
        "allowed_uses": [";".join(u) for u in p["allowed_uses"]],
        "excluded_uses": [";".join(u) for u in p["excluded_uses"]],
        "pollution": p["pollution"], "constraints": p["constraints"]})
    # why each plot got what it got (`analyses.plotwhy`): placed, not free, refused, or not chosen
    why = plot_reasons(st, sr.expanded.params.siting.year, pd.Series(out["placed_activities"].to_numpy(), index=out[
        "plot_id"].astype(str).to_numpy()), sr.ranking, sr.expanded.params.objective)
    out = pd.concat([out.reset_index(drop=True), why], axis=1)
    out["detail"] = [plot_detail(r, "en") for r in out.to_dict("records")]
    return out[[objective_column(c, sr.expanded.params.objective) for c in PLOT_COLUMNS]]


def plots_geojson(plots: pd.DataFrame) -> dict:
    """plots.csv as a GeoJSON FeatureCollection of points (WGS84), for QGIS and the report."""
    feats = []
    for r in plots.itertuples(index=False):
        props = {k: (v.item() if hasattr(v, "item") else v) for k, v in r._asdict().items() if k not in ("lat", "lon")}
        props = {k: None if isinstance(v, float) and not np.isfinite(v) else v for k, v in props.items()}   # JSON: null
        feats.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [float(r.lon), float(r.lat)]},
                      "properties": props})
    return {"type": "FeatureCollection", "features": feats}


def siting_files(sr: SitingResult) -> dict:
    """The siting files of a run directory (`results.rundir.write_files`, in `write_run(..., extras=)`):
    placements.csv, ranking.csv, activity_reasons.csv, land_take.csv, plots.csv and plots.geojson."""
    plots = plots_table(sr)
    return {"placements.csv": sr.placements, "ranking.csv": sr.ranking, "activity_reasons.csv": sr.activities,
            "land_take.csv": sr.land_take, "plots.csv": plots, "plots.geojson": plots_geojson(plots)}
