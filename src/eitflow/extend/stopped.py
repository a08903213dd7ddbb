"""How a solve of eitflow's model in PuLP stopped (`eitflow.extend.result_from_pulp`): the
highspy model PuLP's HiGHS left, the solver's bound, its time limit, a solution not proven
optimal (a time or node limit) and a solve that left none.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pulp

from eitflow.i18n import Count, Phrase, Sentences

__all__ = ["EitflowProblem", "count_limits", "highs_model", "no_solution", "solver_bound", "stopped", "time_limit"]

#: HiGHS's options that stop a MIP after so many nodes, leaves or improving solutions: its model
#: status is then kSolutionLimit, which PuLP 3.3.2's HiGHS does not know (KeyError)
COUNT_LIMITS = ("mip_max_nodes", "mip_max_leaves", "mip_max_improving_sols")
#: HiGHS's "no limit" for an integer option (kHighsIInf)
NO_LIMIT = 2**31 - 1


class EitflowProblem(pulp.LpProblem):
    """eitflow's model in PuLP (`eitflow.pulp_problem`): a `pulp.LpProblem` whose `solve` with
    PuLP's HiGHS reads a MIP stopped by HiGHS's node, leaf or solution count (`COUNT_LIMITS`)
    as PuLP reads one stopped by its iteration limit: a solution not proven optimal (status
    Optimal, solution "integer feasible"), or none. PuLP 3.3.2 raised ``KeyError:
    <HighsModelStatus.kSolutionLimit: 16>`` from `prob.solve`, and the solution HiGHS had found
    was read back as "not solved". Any other solver, or a PuLP that knows the status, solves as
    PuLP does. At module level, so that the problem pickles (a process pool) as PuLP's does."""

    def __iadd__(self, other: Any) -> Any:
        # a row Python evaluated to False (a switch given as None compared): said, not PuLP's
        # "A False object cannot be passed as a constraint" (`extend.rows`)
        from eitflow.extend.rows import check_row

        check_row(self, other)
        return super().__iadd__(other)

    def solve(self, solver: Any = None, **kwargs: Any) -> Any:
        s = solver or self.solver
        highs = getattr(pulp, "HiGHS", None)
        if highs is None or not isinstance(s, highs) or "findSolutionValues" in vars(s):
            return super().solve(solver, **kwargs)
        find = s.findSolutionValues

        def counted(lp: Any) -> Any:
            try:
                return find(lp)
            except KeyError as exc:
                h = getattr(lp, "solverModel", None)
                if h is None or h.getModelStatus().name != "kSolutionLimit" or exc.args[:1] != (h.getModelStatus(),):
                    raise
                if h.getInfo().primal_solution_status == 2:   # kSolutionStatusFeasible
                    return pulp.LpStatusOptimal, pulp.LpSolutionIntegerFeasible
                return pulp.LpStatusNotSolved, pulp.LpSolutionNoSolutionFound
        s.findSolutionValues = counted
        try:
            return super().solve(solver, **kwargs)
        finally:
            del s.findSolutionValues   # the class's own again


def count_limits(h: Any) -> str:
    """The count limits HiGHS model `h` was given (`COUNT_LIMITS`: "mip_max_nodes 1"), when it
    stopped at one (kSolutionLimit), else ""."""
    if h is None or h.getModelStatus().name != "kSolutionLimit":
        return ""
    given = []
    for name in COUNT_LIMITS:
        try:
            v = h.getOptionValue(name)
            v = int(v[1] if isinstance(v, tuple) else v)   # (status, value) in highspy 1.x
        except Exception:  # noqa: BLE001 - an option this HiGHS does not have
            continue
        if v < NO_LIMIT:
            given.append(f"{name} {v}")
    return ", ".join(given) or "mip_max_nodes"


def highs_model(prob: Any) -> Any:
    """The highspy model of the last solve when it was PuLP's HiGHS (`pulp.HiGHS`), else None
    (a model left by an earlier HiGHS solve is not the last solve's)."""
    import pulp

    highs = getattr(pulp, "HiGHS", None)
    solver = getattr(prob, "solver", None)
    if highs is None or not isinstance(solver, highs):
        return None
    return getattr(prob, "solverModel", None)


def solver_bound(prob: Any, optimal: bool, own: float) -> tuple[float | None, Phrase | None]:
    """(the solver's bound on PuLP's objective, or None; why it is unknown for a solve PuLP
    says optimal). PuLP's HiGHS: HiGHS's own dual bound (it minimises minus the objective,
    without its constant). CBC (PuLP reports no bound): the solution's objective for an optimum
    proven with CBC's default gaps (ratioGap 0, allowableGap 1e-10) and no option of the
    user's (gapRel, gapAbs, or any of CBC's own, "ratio 0.5" is its ratioGap: each may stop it
    short); another solver: none (its default gap may not be 0: HiGHS_CMD's 0.01 %)."""
    import pulp

    h = highs_model(prob)
    if h is not None:
        info = h.getInfo()
        mip = prob.solver.mip and any(v.cat == pulp.LpInteger for v in prob.variables())
        if not mip:
            return (own if optimal else None), None
        b = float(info.mip_dual_bound)
        return (-b + float(prob.objective.constant) if np.isfinite(b) else None), None
    if not optimal:
        return None, None
    if not isinstance(prob.solver, pulp.COIN_CMD):
        return None, Phrase("sol_pulp_no_bound", solver=type(prob.solver).__name__)
    opts = getattr(prob.solver, "optionsDict", None) or {}
    given: list[Any] = [Phrase(key, value=float(opts[k])) for k, key in (("gapRel", "sol_pulp_gap_rel"),
                                                                          ("gapAbs", "sol_pulp_gap_abs")) if opts.get(k)]
    given += [str(o) for o in getattr(prob.solver, "options", None) or []]
    return (own, None) if not given else (None, Phrase("sol_pulp_gap", gap=Sentences(given)))


def time_limit(prob: Any) -> float | None:
    """The time limit (s) of the last solve, as the solver PuLP ran had it: PuLP's HiGHS, HiGHS's
    own `time_limit` option (set by ``timeLimit=`` or by ``time_limit=``, passed through to
    HiGHS); another solver, its ``timeLimit``. None: none given (HiGHS's is infinite) or known."""
    h = highs_model(prob)
    if h is not None:
        try:
            v = h.getOptionValue("time_limit")
            v = float(v[1] if isinstance(v, tuple) else v)   # (status, value) in highspy 1.x
            return v if np.isfinite(v) else None
        except Exception:  # noqa: BLE001 - an older highspy: PuLP's own setting below
            pass
    limit = getattr(getattr(prob, "solver", None), "timeLimit", None)
    return None if limit is None else float(limit)


def stopped(prob: Any, rows: Count, added: Count) -> Phrase:
    """What a solve that left a solution not proven optimal did: stopped at its time limit
    (PuLP's HiGHS says so; another solver, CBC, stopped as long as its limit or longer), or
    stopped before proving it (a node or solution limit)."""
    h = highs_model(prob)
    limit = time_limit(prob)
    took = float(getattr(prob, "solutionTime", 0.0) or 0.0)
    if limit is not None and ((h is not None and h.getModelStatus().name == "kTimeLimit") or
                              (h is None and took >= limit)):
        return Phrase("sol_pulp_stopped_time", seconds=limit, rows=rows, vars=added)
    if counts := count_limits(h):   # HiGHS's node, leaf or solution count
        return Phrase("sol_pulp_stopped_count", limits=counts, rows=rows, vars=added)
    return Phrase("sol_pulp_stopped", rows=rows, vars=added)


def no_solution(prob: Any, status: Any, message: Phrase) -> tuple[Any, Phrase]:
    """The status and message of a solve that left no solution: not solved at all, stopped by
    its time limit before a first solution (`time_limit`, as `eitflow.optimise` says it), or a
    HiGHS run that did not start (a thread count HiGHS refuses)."""
    import pulp

    from eitflow.solve.status import Status

    solver = getattr(prob, "solver", None)
    if prob.status != pulp.LpStatusNotSolved:
        return status, Sentences([message, Phrase("sol_pulp_status", status=str(pulp.LpStatus.get(prob.status, prob.status)))])
    if solver is None:
        return status, Phrase("sol_pulp_not_solved")
    h = highs_model(prob)
    ms = None if h is None else h.getModelStatus().name
    limit = time_limit(prob)
    if limit is not None and (ms == "kTimeLimit" or h is None):
        return Status.TIME_LIMIT, Sentences([message, Phrase("sol_pulp_time_limit", seconds=limit)])
    if ms == "kNotset":
        return status, Sentences([message, Phrase("sol_pulp_highs_not_run")])
    if counts := count_limits(h):   # stopped by a node count before a first solution
        return status, Sentences([message, Phrase("sol_pulp_count_no_solution", limits=counts)])
    return status, Sentences([message, Phrase("sol_pulp_status", status=str(pulp.LpStatus[prob.status]))])


def model_of(prob: Any, fn: str) -> dict:
    """What `pulp_problem` attached to its problem (scenario, candidates, arrays, ...); a
    ValueError naming `fn` for a PuLP problem eitflow did not make. Here, below both
    `extend` and `extend.corridors`, so that neither imports the other's caller."""
    model = getattr(prob, "_eitflow_model", None)
    if model is None:
        raise ValueError(f"{fn}: this PuLP problem was not made by eitflow.pulp_problem")
    return model
