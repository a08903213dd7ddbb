"""Ranking the plots for each activity: V(k), the value of the best plan with placement k
(activity a on plot q) forced, bracketed by a feasible value below and a sound bound above.

The siting model decomposes into batches that share no constraint (`solve.decompose`), so
forcing k changes only its batch b: V(k) = sum over the other batches of their optimum +
V_b(k). With obj_b, bound_b the batch's solution and bound and V*, B* their sums:

- a placement of the plan: V(k) in [V*, B*];
- upper bounds, each sound, the smallest kept:
  * B* (forcing only restricts);
  * the batch's LP relaxation with Lagrange multipliers y (its optimal row duals): for any
    y, c.z <= sum_j max over [lb_j, ub_j] of r_j z_j + sum_r y_r (hi_r or lo_r), r = c - A'y;
    forcing p_k = 1 replaces its term max(0, r_k) by r_k, so V_b(k) <= LP_b + min(0, r_k)
    (`solve.dualbound.Lagrangian.fixed`, the function every Lagrangian bound of a batch is);
  * removal: a plan with k placed, less k (its links set to 0), is a plan without k; so
    V(k) <= B* + D_k, D_k = sum over k's links of max(0, v M - F) - C_k (when removing k
    keeps the plan feasible: no min_count for its activity, no hub leg or required demand
    of the territory among its links);
- lower bounds: a forced solve of the batch (p_k >= 1) gives a plan and its value; without
  one, placing k with no exchange at all is a plan worth V* - C_k when the plot's land and
  the activity's count leave room for it (and k has no required demand).

Forced solves go, per activity, to the plots of highest upper bound first (`top` of them,
then more while time is left and the order is not yet certified: the top entries' values
at least every other plot's bound, within the gap target). `value_created` of a placement
of the plan is V* less the best plan with that placement forbidden (a forced p_k = 0 solve:
the activity may then go to another plot), and `activity_value` of a placed activity V* less
the best plan without it anywhere (every p of the activity forced to 0).
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass

import numpy as np
import pandas as pd

from eitflow.candidates.generate import Candidates
from eitflow.candidates.placements import exchange_bounds
from eitflow.model.arrays import MilpArrays
from eitflow.model.siting import flow_placement
from eitflow.scenario import Scenario
from eitflow.solve.dualbound import Lagrangian, lagrangian
from eitflow.solve.highs import highs_model, run, set_time_limit
from eitflow.solve.status import BatchResult, Solution, Status

__all__ = ["OBJECTIVE_FIGURES", "RANK_COLUMNS", "Ranking", "figure_column", "in_objective_unit", "objective_column",
           "rank_placements"]

RANK_COLUMNS = ["activity_id", "rank", "plot_id", "site_id", "in_plan", "method", "value_eur_per_yr",
                "bound_eur_per_yr", "loss_eur_per_yr", "loss_min_eur_per_yr", "cost_eur_per_yr", "exchange_bound_eur_per_yr", "placement"]

#: figures of the ranking and siting tables (and summary.json's siting block) that are the
#: objective's own: EUR/yr under net_benefit, tCO2/yr under co2, where each is named
#: ``..._t_co2_per_yr`` (`objective_column`). The ranking's cost_eur_per_yr (the placement's
#: term in the objective) is one too; placements.csv's is money under either objective.
OBJECTIVE_FIGURES = frozenset({
    "value_eur_per_yr", "bound_eur_per_yr", "loss_eur_per_yr", "loss_min_eur_per_yr", "exchange_bound_eur_per_yr",
    "value_created_eur_per_yr", "activity_value_eur_per_yr", "best_value_eur_per_yr", "best_loss_eur_per_yr",
    "best_cost_eur_per_yr", "plan_value_eur_per_yr", "plan_bound_eur_per_yr", "tolerance_eur_per_yr"})


def objective_column(col: str, objective: str) -> str:
    """The name of an objective's figure (`OBJECTIVE_FIGURES`) under `objective`:
    'value_eur_per_yr' under net_benefit, 'value_t_co2_per_yr' under co2 (a plan's value is
    then the CO2 it avoids); any other column as it is."""
    if objective == "co2" and col in OBJECTIVE_FIGURES | {"cost_eur_per_yr"}:
        return col[: -len("_eur_per_yr")] + "_t_co2_per_yr"
    return col


def figure_column(col: str, columns) -> str:
    """The name an objective's figure `col` (its EUR/yr name) has among `columns` (a table's,
    a record's keys): `col` itself, or its tCO2/yr name where the run's objective was co2."""
    return col if col in columns else objective_column(col, "co2")


def in_objective_unit(df: pd.DataFrame, objective: str, cost: bool = False) -> pd.DataFrame:
    """`df` with its objective figures named in the objective's unit (`objective_column`);
    `cost`: its cost_eur_per_yr is the objective's term too (the ranking's)."""
    names = {c: objective_column(c, objective) for c in df.columns if c in OBJECTIVE_FIGURES
             or (cost and c == "cost_eur_per_yr")}
    return df.rename(columns=names)


@dataclass
class Ranking:
    """Per candidate placement (`RANK_COLUMNS`): value = the best plan found with it forced
    (EUR/yr; NaN where no plan was found or sought), bound = a sound upper bound on the best
    such plan, loss = V* - value, loss_min = V* - bound (the loss lies between them); method:
    'in the plan', 'solved' (a forced solve proven within the gap target), 'time limit' (a
    forced solve stopped by the ranking's time with a plan not proven best: its value is a
    plan's, below the best with it by at most bound - value, so its loss is an upper bound),
    'no exchange' (value of placing it with no exchange), 'bound' (an upper bound only),
    'impossible' (no plan can place it). Per activity (`certified`): whether its listed top
    plots are proven in order (values at least every other plot's bound, within `tolerance`)."""

    table: pd.DataFrame
    certified: pd.DataFrame
    value_created: pd.Series        # per placement of the plan: V* - best plan without it (EUR/yr)
    activity_value: pd.Series       # per placed activity: V* - best plan without the activity anywhere (EUR/yr)
    tolerance_eur_per_yr: float
    seconds: float
    n_forced_solves: int


def _lagrangian(arr: MilpArrays, opts, limit: float) -> Lagrangian | None:
    """The Lagrangian function (`solve.dualbound.lagrangian`, the one place it is computed) of
    the batch's LP relaxation at its optimal duals y, checked to reproduce the LP optimum
    (strong duality; else None). Its `fixed(cols, 1.0)` bounds the batch with a placement forced."""
    lp = arr.relaxed()
    h = highs_model(lp)
    set_time_limit(h, max(limit, 0.05))
    run(h)
    import highspy
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    z_lp = float(h.getInfo().objective_function_value)
    y0 = np.asarray(h.getSolution().row_dual, float)
    for y in (y0, -y0):   # either sign convention of the duals: the one that reproduces the LP's value
        lag = lagrangian(arr, y)
        if lag is not None and abs(lag.bound - z_lp) <= 1e-6 * max(1.0, abs(z_lp)):
            return lag
    return None


def _forced(arr: MilpArrays, col, value: float, opts, limit: float, start: np.ndarray | None) -> BatchResult:
    """The batch re-solved with column(s) `col` fixed at `value`."""
    from eitflow.solve.backends import backend

    lb, ub = arr.lb.copy(), arr.ub.copy()
    lb[col] = ub[col] = value
    forced = dataclasses.replace(arr, lb=lb, ub=ub)
    return backend(opts.name).solve(forced, opts, max(limit, 0.05), start=start)


def rank_placements(scen: Scenario, cand: Candidates, sol: Solution, modelled: np.ndarray, time_limit_s: float,
                    top: int) -> Ranking:
    """Rank every candidate placement of `scen` (expanded, with `cand` its candidates) against
    the plan `sol`, solved with `keep_batches=True` on the placements `modelled` (their
    positions in `scen.placements`; the others were left out as never paying,
    `candidates.placements.prune_placements`). See the module for what is computed and why
    it is sound.

    Parameters
    ----------
    time_limit_s : float
        Wall-clock budget for the LP bounds and forced solves (s).
    top : int
        Plots per activity to settle by forced solves first.
    """
    t0 = time.perf_counter()
    deadline = time.time() + time_limit_s
    pl = scen.placements
    st = scen.siting
    assert pl is not None and st is not None and sol.batches is not None
    opts = scen.params.solver
    n = len(pl)
    V = float(sol.objective or 0.0)
    B = float(sol.bound) if sol.bound is not None else np.inf
    tol = opts.mip_gap * max(abs(V), 1.0)
    modelled = np.asarray(modelled, np.int64)
    batch_of, col_of = np.full(n, -1), np.full(n, -1)
    for b, (arr, _) in enumerate(sol.batches):
        blk = arr.cols["p"]
        batch_of[modelled[blk.labels]], col_of[modelled[blk.labels]] = b, blk.indices
    res = [r for _, r in sol.batches]
    obj_b = np.array([r.objective if r.objective is not None else 0.0 for r in res])
    bnd_b = np.array([max(r.bound, r.objective or -np.inf) if r.bound is not None else np.inf for r in res])
    placed = np.zeros(n, bool)
    if sol.placed is not None:
        placed[modelled] = np.asarray(sol.placed, bool)
    cost = pl["cost_eur_per_yr"].to_numpy(float) if scen.params.objective == "net_benefit" else np.zeros(n)
    xbest, removable = exchange_bounds(scen, cand)
    upper = np.full(n, B)
    upper[removable] = np.minimum(B, B + xbest[removable] - cost[removable])
    lower = np.full(n, -np.inf)
    method = np.array(["bound"] * n, dtype=object)
    lower[placed], method[placed] = V, "in the plan"
    impossible = np.zeros(n, bool)
    for b, (arr, r) in enumerate(sol.batches):  # LP bounds per batch (placements left out have none)
        k = np.flatnonzero(batch_of == b)
        if not len(k):
            continue
        impossible[k] = arr.ub[col_of[k]] < 0.5
        if time.time() > deadline or r.objective is None:
            continue
        lag = _lagrangian(arr, opts, deadline - time.time())
        if lag is not None:   # the batch's bound with k placed (p_k fixed at 1)
            upper[k] = np.minimum(upper[k], B - bnd_b[b] + lag.fixed(col_of[k], 1.0))
    # placing k with no exchange: feasible where its plot and activity have room in the plan
    lower = np.where(~placed & ~impossible & _room(scen, placed) & ~_has_required(scen), V - cost, lower)
    method[(method == "bound") & np.isfinite(lower)] = "no exchange"
    upper[impossible], lower[impossible], method[impossible] = -np.inf, -np.inf, "impossible"
    solves = 0
    act = pl["activity"].to_numpy(np.int64)
    done = ("in the plan", "solved", "impossible")
    for a in range(len(st.activities)):
        ks = np.flatnonzero(act == a)
        order = ks[np.argsort(-upper[ks], kind="stable")]
        queue = [k for k in order if method[k] not in done and batch_of[k] >= 0][:3 * max(top, 1)]
        for k in queue:
            if time.time() > deadline:
                break
            sk = ks[np.isin(method[ks], done[:2])]
            rest = ks[~np.isin(method[ks], done)]  # (a placement left out is bounded below V*)
            settled = np.sort(lower[sk])[::-1]
            if len(settled) >= min(top, len(ks)) and (not len(rest) or (top == 0)
                                                        or settled[min(top, len(settled)) - 1]
                                                        >= upper[rest].max() - tol):
                break  # the top plots are proven in order
            b = batch_of[k]
            left = deadline - time.time()
            fr = _forced(sol.batches[b][0], col_of[k], 1.0, opts, min(left, max(1.0, left / 4)), None)
            solves += 1
            if fr.status == Status.INFEASIBLE:
                upper[k] = lower[k] = -np.inf
                method[k] = "impossible"
            elif fr.objective is not None:
                lower[k] = max(lower[k], V - obj_b[b] + fr.objective)
                if fr.bound is not None:
                    upper[k] = min(upper[k], B - bnd_b[b] + max(fr.bound, fr.objective))
                method[k] = _settled(fr.status)
    created, worth = {}, {}
    for k in np.flatnonzero(placed):  # what each placement of the plan adds: forbid it and re-solve
        if time.time() > deadline:
            break
        b = batch_of[k]
        fr = _forced(sol.batches[b][0], col_of[k], 0.0, opts, max(0.05, min(deadline - time.time(), 10.0)), None)
        solves += 1
        created[pl["site_id"].iat[k]] = _drop(obj_b[b], fr)
    for a in np.unique(act[placed]):  # what each placed activity adds: forbid it everywhere
        if time.time() > deadline:
            break
        total = 0.0
        for b in np.unique(batch_of[placed & (act == a)]):
            ks = np.flatnonzero((act == a) & (batch_of == b))
            fr = _forced(sol.batches[b][0], col_of[ks], 0.0, opts, max(0.05, min(deadline - time.time(), 10.0)),
                         None)
            solves += 1
            total += _drop(obj_b[b], fr)
        worth[st.activities["activity_id"].iat[a]] = total
    # a solve of the whole model is built before its deadline is looked at: started only with
    # the time the plan itself took left
    solves += _solve_left_out(scen, cand, modelled, lower, upper, method, top, tol, deadline,
                              sol.seconds_build + sol.seconds_solve)
    table = _table(scen, placed, lower, upper, method, cost, xbest, V)
    cert = _certified(table, top, tol)
    return Ranking(table, cert, pd.Series(created, dtype=float), pd.Series(worth, dtype=float), tol,
                   time.perf_counter() - t0, solves)


def _solve_left_out(scen: Scenario, cand: Candidates, modelled: np.ndarray, lower: np.ndarray, upper: np.ndarray,
                    method: np.ndarray, top: int, tol: float, deadline: float, plan_s: float) -> int:
    """Placements left out of the model as never paying (`prune_placements`) have no batch to
    re-solve, so an activity that pays nowhere got no solved plot: its best plot showed the
    value of placing it with no exchange (the plan less its whole net cost), which could
    overstate the loss fourfold, and `does_not_pay` gave no loss. With the time left, the
    `top` of them by bound of each activity, while one may beat the activity's best plan found,
    are solved as the whole siting model with that placement forced in: the best plan with it
    placed (value and bound, in place), each started only with `plan_s` (what the plan took, s)
    left before the deadline. Returns the number of solves."""
    pl, st = scen.placements, scen.siting
    assert pl is not None and st is not None
    act = pl["activity"].to_numpy(np.int64)
    in_model = np.zeros(len(pl), bool)
    in_model[np.asarray(modelled, np.int64)] = True
    solves = 0
    for a in range(len(st.activities)):
        ks = np.flatnonzero(act == a)
        left = ks[~in_model[ks] & (method[ks] != "impossible")]
        for k in left[np.argsort(-upper[left], kind="stable")][:max(top, 1)]:
            settled = lower[ks][np.isin(method[ks], ("in the plan", "solved"))]
            if (len(settled) and settled.max() >= upper[k] - tol) or time.time() + plan_s > deadline:
                break
            fr = _solve_with(scen, cand, in_model, k, deadline)
            solves += 1
            if fr.status == Status.INFEASIBLE:
                upper[k] = lower[k] = -np.inf
                method[k] = "impossible"
            elif fr.objective is not None:
                lower[k] = max(lower[k], fr.objective)
                if fr.bound is not None:
                    upper[k] = min(upper[k], max(fr.bound, fr.objective))
                method[k] = _settled(fr.status)
    return solves


def _solve_with(scen: Scenario, cand: Candidates, in_model: np.ndarray, k: int, deadline: float) -> Solution:
    """The siting model of the placements `in_model` and `k`, with k forced: k made the one
    placement of an activity of its own (min and max count 1) and its activity's counts
    lowered by one (max_count - 1, min_count - 1 at least 0), so the plan places k and as
    many of the others as before."""
    from eitflow.candidates.placements import restrict_placements
    from eitflow.solve.driver import solve

    pl, st = scen.placements, scen.siting
    assert pl is not None and st is not None
    a = int(pl["activity"].iat[k])
    acts = st.activities.copy()
    own = acts.iloc[[a]].assign(activity_id=f"{acts['activity_id'].iat[a]}@{pl['plot_id'].iat[k]}", min_count=1,
                                max_count=1)
    acts.iloc[a, acts.columns.get_loc("max_count")] -= 1
    acts.iloc[a, acts.columns.get_loc("min_count")] = max(0, int(acts["min_count"].iat[a]) - 1)
    acts = pd.concat([acts, own], ignore_index=True)
    places = pl.copy()
    places.iloc[k, places.columns.get_loc("activity")] = len(acts) - 1
    forced = dataclasses.replace(scen, placements=places, siting=dataclasses.replace(st, activities=acts))
    keep = in_model.copy()
    keep[k] = True
    model, mcand, _ = restrict_placements(forced, keep, cand)
    assert mcand is not None
    return solve(model, mcand, deadline=deadline)


def _settled(status: str) -> str:
    """The method of a forced solve that found a plan: 'solved' when proven within the gap
    target, else 'time limit'. Until 2026-12-05 a solve stopped by the time was 'solved' too,
    its plan's value taken for the best: a helper's two-path check found a loss of 495k EUR/yr
    said where the best plan with the placement loses 168k."""
    return "solved" if status == Status.OPTIMAL else "time limit"


def _drop(obj: float, fr: BatchResult) -> float:
    """What a batch loses when something is forbidden: its objective less the re-solve's; nan
    where the re-solve has no plan (the batch cannot do without it: a min_count), or none in
    time, or none proven (a plan found then, not the best, would overstate the loss): the
    README's empty cell. A min_count's was inf, written 'inf' in placements.csv's EUR/yr."""
    if fr.objective is not None and fr.status == Status.OPTIMAL:
        return obj - fr.objective
    return np.nan


def _room(scen: Scenario, placed: np.ndarray) -> np.ndarray:
    """Per placement: every rule of the siting model leaves room for it beside the plan: its
    plot's land, its activity's count, its group on its plot (one activity of a group per plot)
    and each land-take budget counting it. Before, the last two were not looked at: a "no
    exchange" value was given for placements no allowed plan can make (a greenfield plot over a
    used-up budget, an activity beside one of its group), above the ranking's own bound."""
    from eitflow.model.landtake import budgets
    from eitflow.model.siting import group_keys

    pl, st = scen.placements, scen.siting
    assert pl is not None and st is not None
    placed = np.asarray(placed, bool)
    q, a = pl["plot"].to_numpy(np.int64), pl["activity"].to_numpy(np.int64)
    used = np.bincount(q[placed], weights=pl["land_ha"].to_numpy(float)[placed], minlength=len(st.plots))
    land_ok = used[q] + pl["land_ha"].to_numpy(float) <= st.plots["area_ha"].to_numpy(float)[q] * (1 + 1e-9)
    count = np.bincount(a[placed], minlength=len(st.activities))
    count_ok = count[a] < st.activities["max_count"].to_numpy(int)[a]
    gk = group_keys(scen)
    group_ok = (gk < 0) | ~np.isin(gk, gk[placed & (gk >= 0)])
    lt = budgets(scen)
    left = lt.caps - lt.taken(placed)
    over = lt.new[lt.member] > left[lt.row] * (1 + 1e-9) + 1e-9   # per (budget, placement) entry
    budget_ok = np.ones(len(pl), bool)
    budget_ok[lt.member[over]] = False
    return land_ok & count_ok & group_ok & budget_ok


def _has_required(scen: Scenario) -> np.ndarray:
    """Per placement: whether one of its flows is a required demand."""
    pl = scen.placements
    assert pl is not None
    fp = flow_placement(scen)
    req = scen.flows["required"].to_numpy(bool) & (fp >= 0)
    out = np.zeros(len(pl), bool)
    out[fp[req]] = True
    return out


def _table(scen: Scenario, placed, lower, upper, method, cost, xbest, V) -> pd.DataFrame:
    pl = scen.placements
    assert pl is not None
    df = pd.DataFrame({"activity_id": pl["activity_id"].to_numpy(), "plot_id": pl["plot_id"].to_numpy(),
                       "site_id": pl["site_id"].to_numpy(), "in_plan": placed, "method": method,
                       "value_eur_per_yr": np.where(np.isfinite(lower), lower, np.nan),
                       "bound_eur_per_yr": np.where(np.isfinite(upper), upper, np.nan),
                       "cost_eur_per_yr": cost, "exchange_bound_eur_per_yr": xbest,
                       "placement": pl["placement"].to_numpy()})
    # the solver's rounding left "perte au moins -1,86e-09" in the ranking sheet where a plot's bound is
    # the plan's value: a difference within a relative 1e-9 of V is none (a real gain, a bound above a
    # plan not proven best, stays negative)
    noise = 1e-9 * max(1.0, abs(float(V)))
    for col, other in (("loss_eur_per_yr", "value_eur_per_yr"), ("loss_min_eur_per_yr", "bound_eur_per_yr")):
        d = V - df[other]
        df[col] = d.mask(d.abs() <= noise, 0.0)
    # within an activity: plans found first, by value, then the others by bound
    df["_k"] = np.where(df["value_eur_per_yr"].notna(), df["value_eur_per_yr"], -np.inf)
    df["_b"] = df["bound_eur_per_yr"].fillna(-np.inf)
    df["_m"] = (~df["method"].isin(["in the plan", "solved"])).astype(int)
    # of plots tied, the plan's first (under co2 many plots may avoid as much)
    df = df.sort_values(["activity_id", "_m", "_k", "_b", "in_plan", "plot_id"],
                        ascending=[True, True, False, False, False, True], kind="stable")
    df["rank"] = df.groupby("activity_id").cumcount() + 1
    return df[RANK_COLUMNS].reset_index(drop=True)


def _certified(table: pd.DataFrame, top: int, tol: float) -> pd.DataFrame:
    rows = []
    for a, g in table.groupby("activity_id", sort=True):
        settled = g[g["method"].isin(["in the plan", "solved"])]
        rest = g[~g["method"].isin(["in the plan", "solved", "impossible"])]
        k = min(top, len(g))
        ok = len(settled) >= k and (not len(rest) or (k == 0) or
                                    settled["value_eur_per_yr"].nlargest(k).min() >= rest["bound_eur_per_yr"].max() - tol)
        rows.append({"activity_id": a, "plots": len(g), "settled": len(settled), "certified_top": k if ok else 0})
    return pd.DataFrame(rows, columns=["activity_id", "plots", "settled", "certified_top"])
