"""Extending the model with PuLP, and reading the solution back as pandas.

`pulp_problem(scen)` gives eitflow's whole model as a `pulp.LpProblem`; add your own rows,
variables or both (a cap on total trucks, a minimum share of recovered heat, an exchange
forbidden), solve it with any solver PuLP drives, and `result_from_pulp(prob)` gives the same
`Result` as `eitflow.optimise`: `matches`, `unmatched`, `summary`, `statistics`, and a run
directory with `eitflow.write_run`. `link_variables(prob)` names each candidate link's
variables by its sites and resources, so a row is written without knowing the column order, and
`corridor_variables(prob)` a shared network's corridors (`extend.corridors`)::

    prob = eitflow.pulp_problem(scen)
    lv = eitflow.link_variables(prob)                # one row per candidate link: x, y
    prob += pulp.lpSum(lv["x"]) <= 20_000, "cap"      # supply base units/yr
    prob.solve(pulp.PULP_CBC_CMD(msg=False))
    res = eitflow.result_from_pulp(prob)

Rows written with `extra=[LinearConstraint(...)]` in `eitflow.optimise` need no PuLP; this
module is for what those cannot say (new variables, rows over single months).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from eitflow.candidates.generate import build_candidates, check_reuse
from eitflow.extend.corridors import corridor_variables
from eitflow.extend.stopped import model_of as _model
from eitflow.i18n import Count, Phrase, Sentences
from eitflow.scenario import Scenario

if TYPE_CHECKING:
    from eitflow.candidates.generate import Candidates
    from eitflow.model.arrays import LinearConstraint
    from eitflow.results.result import Result

__all__ = ["corridor_variables", "link_variables", "pulp_problem", "result_from_pulp"]

#: the columns of `link_variables` read from `Candidates.links`, naming each link
LINK_COLUMNS = ["source_site", "sink_site", "supply_resource", "demand_resource", "kind", "distance_km",
                "value_eur_per_unit", "fixed_eur_per_yr"]


def pulp_problem(scen: Scenario, candidates: Candidates | None = None,
                 extra: list[LinearConstraint] | None = None, name: str = "eitflow") -> Any:
    """eitflow's model of `scen` as one PuLP problem (maximise the objective), to extend and
    solve with PuLP, then read back with `result_from_pulp`.

    Parameters
    ----------
    scen : Scenario
        From `eitflow.read_scenario` or `eitflow.scenario_from_frames`.
    candidates : Candidates, optional
        Built for this scenario (`eitflow.build_candidates`); built here when not given.
    extra : list of model.arrays.LinearConstraint, optional
        Rows over the candidate links, as in `eitflow.optimise`.
    name : str
        The problem's name (LP and MPS files).

    Returns
    -------
    pulp.LpProblem
        Objective in EUR/yr (``objective: net_benefit``) or tCO2/yr (``co2``). Variables:
        ``x_<link>`` the yearly flow of candidate link `link` (its row in `Candidates.links`;
        ``x_<link>_m<month>`` per month with monthly profiles) in the supply's base unit per
        year, ``y_<link>`` its build switch, ``w_hub_<hub>``, ``v_supply_<flow>``, network
        columns; `link_variables` gives them per link.

    Raises
    ------
    TypeError
        `scen` is not a `Scenario`.
    ValueError
        `candidates` were built for another scenario or other parameters; an `extra` row does
        not fit them.
    """
    if not isinstance(scen, Scenario):
        raise TypeError(f"pulp_problem: expected a Scenario from eitflow.read_scenario or "
                        f"eitflow.scenario_from_frames (found {type(scen).__name__})")
    from eitflow.extend.stopped import EitflowProblem
    from eitflow.model.arrays import check_extra
    from eitflow.model.build import build_arrays
    from eitflow.model.pulp_model import to_pulp

    with scen.reading():
        if candidates is not None:
            check_reuse(scen, candidates)
        cand = build_candidates(scen) if candidates is None else candidates
        if extra is not None:
            net = cand.network
            check_extra(extra, len(cand.links), 0 if net is None else len(net.corridor_arrays["a"]))
        t = time.perf_counter()
        arr = build_arrays(scen, cand, extra=extra)
        prob = to_pulp(arr, name)
        # PuLP's HiGHS stopped by a node count reads as stopped, not as a KeyError (`extend.stopped`)
        prob.__class__ = EitflowProblem
    # what `result_from_pulp` reads the solution with; the scenario as it is now (a parameter
    # changed afterwards would price the tables differently from the model)
    prob._eitflow_model = {"scenario": scen, "candidates": cand, "arrays": arr,
                           "names": {v.name for v in prob._eitflow_vars}, "n_rows": len(prob.constraints),
                           "rows": set(prob.constraints),
                           "seconds_build": time.perf_counter() - t}
    return prob


def _objective_is_eitflows(prob: Any, arr: Any) -> bool:
    """Whether PuLP's objective is still eitflow's, as an expression: maximised, the same
    coefficient on each of eitflow's columns, none on another, no constant. Not by its value:
    the solution eitflow reads is tidied (`solve.tidy`: a link built idle turned off), worth
    more than the solver's, and HiGHS's bound on the objective still bounds it."""
    import pulp

    if prob.objective is None:   # none set: eitflow's only when it has none either
        return not np.any(arr.c)
    if prob.sense != pulp.LpMaximize or float(prob.objective.constant or 0.0) != 0.0:
        return False
    allv = prob._eitflow_vars
    own = {v.name: float(c) for v, c in prob.objective.items() if c != 0}
    want = {allv[i].name: float(arr.c[i]) for i in np.flatnonzero(arr.c)}
    return own.keys() == want.keys() and all(abs(own[k] - c) <= 1e-12 * max(1.0, abs(c)) for k, c in want.items())


def _pulp_rows_hold(prob: Any) -> Any:
    """`holds(before, after)` for `solve.tidy`: whether eitflow's columns moved from `before` to
    `after` (a link's switch turned off) keep every PuLP row they are in and their PuLP bounds,
    those the user added or changed included (``y == 1``: a pipe committed, left idle); other
    variables at their solution values. Tolerance as `solve.check`: relative to the row's terms."""
    from eitflow.solve.check import FEAS_TOL

    allv = prob._eitflow_vars
    rows_of: dict[str, list] = {}   # variable name -> its rows, made at the first change checked

    def holds(before: np.ndarray, after: np.ndarray) -> bool:
        moved = np.flatnonzero(before != after)
        if len(moved) and not rows_of:
            for c in prob.constraints.values():
                for v in c:
                    rows_of.setdefault(v.name, []).append(c)
        val = {allv[i].name: float(after[i]) for i in moved}   # the others at their solution values
        rows: dict[int, Any] = {}
        for i in moved:
            v, a = allv[i], float(after[i])
            if (v.lowBound is not None and a < v.lowBound - FEAS_TOL * max(1.0, abs(v.lowBound))) or \
               (v.upBound is not None and a > v.upBound + FEAS_TOL * max(1.0, abs(v.upBound))):
                return False
            rows.update((id(c), c) for c in rows_of.get(v.name, ()))
        return all(_row_holds(c, lambda v: val.get(v.name, v.varValue)) for c in rows.values())
    return holds


def _row_holds(c: Any, value: Any) -> bool:
    """Whether PuLP row `c` holds with each variable at `value(v)` (None: not in the solve, so
    not held); tolerance as `solve.check`: relative to the row's terms."""
    import pulp

    from eitflow.solve.check import FEAS_TOL

    vals = [value(v) for v in c]
    if any(x is None for x in vals):
        return False
    terms = [k * x for k, x in zip(c.values(), vals)]
    act = sum(terms) + c.constant
    tol = FEAS_TOL * max(1.0, sum(abs(t) for t in terms), abs(c.constant))
    return not ((c.sense != pulp.LpConstraintGE and act > tol) or (c.sense != pulp.LpConstraintLE and act < -tol))


def _check_added_rows(prob: Any, model: dict) -> None:
    """Raise SolveError when the solution breaks rows added in PuLP: a row added after the last
    solve (read back, it was said part of it, its plan breaking it)."""
    from eitflow.errors import SolveError

    broken = [k for k, c in prob.constraints.items() if k not in model["rows"] and not _row_holds(c, lambda v: v.varValue)]
    if broken:
        raise SolveError("error", Phrase("sol_pulp_rows_broken", names=", ".join(broken[:5]) + (", ..." if len(broken) > 5 else "")))


def _check_integral(prob: Any, arr: Any, vals: list) -> None:
    """Raise SolveError naming why binaries of eitflow's are fractional in the solution (beyond
    `solve.check.INT_TOL`, the check's own, so that what passes here is never blamed on the rows once
    rounded): the solver told ``mip=False`` (the linear relaxation, not a plan), a
    binary made continuous in PuLP, or the solver's own doing. Rounded, they broke eitflow's
    rows, which was blamed on rows changed in PuLP."""
    import pulp

    from eitflow.errors import SolveError
    from eitflow.solve.check import INT_TOL

    z = np.asarray(vals, float)
    frac = np.flatnonzero((arr.integrality == 1) & (np.abs(z - np.round(z)) > INT_TOL))
    if not len(frac):
        return
    allv = prob._eitflow_vars
    made = [i for i in frac if allv[i].cat != pulp.LpInteger]
    if getattr(prob.solver, "mip", True) is False:
        why: Phrase = Phrase("sol_pulp_mip_false")
    elif made:
        why = Phrase("sol_pulp_made_continuous", n=len(made))
    else:
        why = Phrase("sol_pulp_solver_fractional")
    raise SolveError("error", Phrase("sol_pulp_fractional", count=Count(len(frac), "n_pulp_fractional"),
                                     name=allv[frac[0]].name, value=float(z[frac[0]]), why=why))


def _infeasible_why(prob: Any, model: dict) -> tuple[Phrase, pd.DataFrame | None]:
    """Why an extended model has no solution: eitflow's own, when building nothing breaks its rows
    and its elastic re-solve names required demands that cannot be met (`solve.diagnose`, as
    `eitflow.optimise` says it; the diagnosis too); else the rows and bounds added or changed
    in PuLP, named (rows not of `pulp_problem`, eitflow's variables whose bounds differ)."""
    from eitflow.solve.check import check_solution
    from eitflow.solve.diagnose import diagnose, diagnosis_phrase

    scen, arr = model["scenario"], model["arrays"]
    if check_solution(arr, np.clip(0.0, arr.lb, arr.ub)):
        diag = diagnose(scen, model["candidates"], [arr])
        if len(diag):
            return diagnosis_phrase(diag, sites=scen.sites), diag
    names = [k for k in prob.constraints if k not in model["rows"]]
    names += [v.name for v, lo, hi in zip(prob._eitflow_vars, arr.lb, arr.ub)
              if (v.lowBound if v.lowBound is not None else -np.inf) != lo or
              (v.upBound if v.upBound is not None else np.inf) != hi]
    said = ", ".join(names[:5]) + (", ..." if len(names) > 5 else "")
    return Phrase("sol_pulp_infeasible_yours", names=said) if names else Phrase("sol_pulp_infeasible_changed"), None


def link_variables(prob: Any) -> pd.DataFrame:
    """The PuLP variables of each candidate link of a problem from `pulp_problem`.

    Parameters
    ----------
    prob : pulp.LpProblem
        From `pulp_problem` (else ValueError).

    Returns
    -------
    DataFrame
        One row per candidate link (index: its position in `Candidates.links`, the number in
        ``x_<link>``): source_site, sink_site, supply_resource, demand_resource, kind,
        distance_km (km), value_eur_per_unit (EUR per supply unit), fixed_eur_per_yr (EUR/yr);
        ``x``, the yearly flow (a `pulp.LpAffineExpression`, supply base units/yr: the sum of
        the months with monthly profiles); ``x_by_month``, the list of its month variables
        (one with a yearly model); ``y``, the build switch (binary), None for a link that
        has none (no fixed cost, no minimum: it costs nothing to leave it open; with
        ``objective: co2`` every link): ``prob += lv.y[k] == 1`` is then Python's
        ``None == 1``, and raises TypeError saying so (`extend.rows`); write it on ``x``.
    """
    import pulp

    model = _model(prob, "link_variables")
    arr, cand = model["arrays"], model["candidates"]
    allv = prob._eitflow_vars
    T = arr.periods
    xs, ys = arr.cols["x"], arr.cols["y"]
    months = [allv[xs.start + k * T: xs.start + (k + 1) * T] for k in range(len(arr.links))]
    out = cand.links[[c for c in LINK_COLUMNS if c in cand.links.columns]].copy()
    xcol: list[Any] = [None] * len(out)
    mcol: list[Any] = [[] for _ in range(len(out))]
    for k, a in enumerate(arr.links):
        xcol[a] = pulp.LpAffineExpression([(v, 1.0) for v in months[k]])
        mcol[a] = list(months[k])
    ycol: list[Any] = [None] * len(out)
    for j, a in enumerate(ys.labels):
        ycol[a] = allv[ys.start + j]
    return out.assign(x=xcol, x_by_month=mcol, y=ycol)


def result_from_pulp(prob: Any) -> Result:
    """The result tables of a problem from `pulp_problem` after `prob.solve(...)`: the same
    `Result` as `eitflow.optimise` gives (matches, unmatched, summary, statistics), read from
    eitflow's own variables; the rows and variables you added count through the solution they
    led to.

    The status is PuLP's: ``optimal`` (the solver proved it, within the scenario's
    ``solver.mip_gap``), ``feasible`` (a solution, not proven: a time limit, a solver told to
    stop at a wider gap; or optimal for an objective you set in PuLP, which eitflow's is
    not), ``time_limit`` (stopped before a first solution), ``infeasible``, or ``error`` (no
    solution, not solved yet, or HiGHS refusing to run). The objective is eitflow's (EUR/yr,
    or tCO2/yr) of that solution. The bound (same unit) is HiGHS's own dual bound with
    ``pulp.HiGHS()``; with CBC, whose bound PuLP does not report, the solution's objective
    for an optimum proven with CBC's default gaps and no option given, and None when it was
    given one (``gapRel``, ``gapAbs``, any of ``options``), with any other solver (its default
    gap may not be 0), or when the objective was changed (the message says why); the gap
    follows from it. A solve stopped with a solution not proven optimal says how it stopped
    (its time limit, or another limit), not "solved". With ``objective: co2`` the money figures are those of the solution
    found, not of the best-paying CO2 optimum `eitflow.optimise` re-solves for (`solve.lexico`).
    Each pipe of a shared network is laid at the least size carrying its flows, idle ones
    unbuilt, and the flows re-solved for them (`solve.leastsize`, as `eitflow.optimise` does),
    every column of eitflow's in a row you added (or whose bounds you changed) held at its
    solved value, so that your rows hold as solved (`extend.least`); with an objective set in
    PuLP this is not done (it would maximise eitflow's, not yours), and the message says how
    many corridors were left above their least size or idle.
    The shadow prices are not computed (summary ``duals.status``:
    skipped): they would ignore your rows, so the suggested transfer prices are those of the
    cost-based rule.

    Parameters
    ----------
    prob : pulp.LpProblem
        From `pulp_problem`, extended and solved (``prob.solve(...)``).

    Returns
    -------
    Result
        As `eitflow.optimise` returns it: ``matches``, ``unmatched``, ``summary``,
        ``statistics`` (EUR/yr, tCO2/yr, EUR; amounts in base units/yr).

    Raises
    ------
    ValueError
        `prob` was not made by `pulp_problem`, or a parameter of the scenario its candidates
        are priced with changed since (carbon price, discount rate, ...).
    SolveError
        The solution violates eitflow's rows or bounds (a row or bound of eitflow's was
        removed or loosened in PuLP; add rows, do not change them).
    """
    import pulp

    from eitflow.errors import SolveError
    from eitflow.extend.stopped import no_solution, solver_bound, stopped, time_limit
    from eitflow.pipeline import assemble_result
    from eitflow.results.idle import idle_message
    from eitflow.solve.decompose import components, placement_batches
    from eitflow.solve.duals import no_duals
    from eitflow.solve.readback import empty_columns, read_columns
    from eitflow.solve.status import Solution, Status, relative_gap

    model = _model(prob, "result_from_pulp")
    scen, cand, arr = model["scenario"], model["candidates"], model["arrays"]
    check_reuse(scen, cand)   # a parameter changed since would price the tables unlike the model
    vals = [v.varValue for v in prob._eitflow_vars]
    sol_status = getattr(prob, "sol_status", None)
    has = prob.status == pulp.LpStatusOptimal or sol_status in (pulp.LpSolutionOptimal,
                                                                  pulp.LpSolutionIntegerFeasible)
    if has and not any(v is None for v in vals):
        # CBC stopped by its time limit with a solution: status Optimal, solution "integer feasible"
        status = Status.FEASIBLE if sol_status == pulp.LpSolutionIntegerFeasible else Status.OPTIMAL
    else:
        status = Status.INFEASIBLE if prob.status == pulp.LpStatusInfeasible else Status.ERROR
    # PuLP's own __dummy (an empty problem, or a row without variables) is no variable of the user's
    added = [v for v in prob.variables() if v.name not in model["names"] and v.name != "__dummy"]
    new_vars = len(added)
    new_rows = len(prob.constraints) - model["n_rows"]
    rows, vars_ = Count(new_rows, "n_model_rows"), Count(new_vars, "n_model_vars")
    message: Phrase = Phrase("sol_pulp", rows=rows, vars=vars_)
    if status == Status.FEASIBLE:   # the solver stopped with a solution it had not proven: not "solved"
        message = stopped(prob, rows, vars_)
    cols = empty_columns(scen, cand, scen.placements is not None)
    levels: list = []
    obj = bound = diag = None
    if status in (Status.OPTIMAL, Status.FEASIBLE):
        _check_integral(prob, arr, vals)
        _check_added_rows(prob, model)
        # pipes at their least sizes, idle ones unbuilt, as `optimise` lays them; the columns in
        # the user's rows held (`extend.least`), not run for an objective set in PuLP (said)
        from eitflow.extend.least import pulp_at_least
        own_objective = _objective_is_eitflows(prob, arr)
        z0, least_note = pulp_at_least(prob, arr, np.asarray(vals, float), scen.params.solver, model["rows"],
                                       own_objective, _pulp_rows_hold(prob))
        try:
            z = read_columns(arr, z0, cols, levels, _pulp_rows_hold(prob))
        except SolveError as exc:   # the solver did as told: eitflow's model was changed in PuLP
            raise SolveError(exc.status, f"{exc.args[0].removeprefix(exc.status + ': ')} (in PuLP: a row or bound "
                             f"of eitflow's model removed or loosened? add rows, do not change eitflow's)") from None
        obj = float(arr.c @ z)
        # a bound on PuLP's objective bounds eitflow's only when the objective was left as it is
        if own_objective:
            found, gap_given = solver_bound(prob, status == Status.OPTIMAL, obj)
            bound = None if found is None else max(found, obj)
            gap = relative_gap(obj, bound)
            # optimal as eitflow says it: a bound within the scenario's gap target (PuLP's Optimal
            # is the solver's, within whatever gap it was given: 50 % if told so)
            if status == Status.OPTIMAL and (gap is None or gap > scen.params.solver.mip_gap):
                status = Status.FEASIBLE
            if gap_given is not None:
                message = Sentences([message, gap_given])
        else:   # optimal (or not) for the objective set in PuLP, only feasible for eitflow's: both said
            own = float((pulp.value(prob.objective) if prob.objective is not None else 0.0) or 0.0)
            key = "sol_pulp_objective" if status == Status.OPTIMAL else "sol_pulp_objective_stopped"
            status = Status.FEASIBLE
            message = Sentences([message, Phrase(key, own=own)])
        if least_note is not None:
            message = Sentences([message, least_note])
    elif status == Status.INFEASIBLE:
        why, diag = _infeasible_why(prob, model)
        message = Sentences([Phrase("sol_pulp_infeasible", rows=rows, vars=vars_), why])
    else:
        # no solution: not "solved" (a time limit before a first plan read "solved in PuLP: ...")
        status, message = no_solution(prob, status, Phrase("sol_pulp_none", rows=rows, vars=vars_))
    # every integer column: eitflow's (read from PuLP, where a column may have been made
    # integer) and those added in PuLP (a truck count); PuLP's binaries are integer columns
    n_bin = sum(v.cat == pulp.LpInteger for v in [*prob._eitflow_vars, *added])
    limit = time_limit(prob)   # the solve's, not the scenario's solver.time_limit_s (inf: none)
    # the scenario's independent components, as `eitflow.optimise` counts them (rows added or not)
    ncomp = (components(scen, cand) if scen.placements is None else placement_batches(scen, cand))[0]
    sol = Solution(status, obj, bound, relative_gap(obj, bound), cols.pop("flow"), cols.pop("built"), ncomp, 1,
                   arr.shape[1] + new_vars, n_bin, len(prob.constraints), "pulp", model["seconds_build"],
                   float(getattr(prob, "solutionTime", 0.0) or 0.0), message=message,
                   batch_status={str(status): 1},
                   heat_levels=pd.concat(levels, ignore_index=True) if levels else None,
                   time_limit_s=np.inf if limit is None else limit, diagnosis=diag, **cols)
    if obj is not None:
        # links and pipes a row of the user's keeps built idle, named as `optimise` names them
        sol.message = idle_message(scen, cand, sol, message, "pulp")
        sol.duals = no_duals(scen, "skipped: model extended in PuLP (its rows would be ignored)")
    return assemble_result(scen, cand, sol, {"build": sol.seconds_build, "solve": sol.seconds_solve})
