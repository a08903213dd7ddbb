"""HiGHS through highspy: the model is handed over as arrays in one call (PuLP 3's HiGHS
interface adds rows one by one and grows quadratically)."""

from __future__ import annotations

import time

import numpy as np

from eitflow.model.arrays import MilpArrays
from eitflow.scenario import SolverOptions
from eitflow.solve.status import BatchResult


def highs_model(arr: MilpArrays, h=None):
    """A silent Highs object holding `arr` (a maximisation), passed as arrays in one call."""
    import highspy

    # the callback-enabled `Highs` wrapper prints a banner on creation; the core class does not
    h = h if h is not None else getattr(getattr(highspy, "_core", None), "_Highs", highspy.Highs)()
    h.setOptionValue("output_flag", False)
    lp = highspy.HighsLp()
    A = arr.A.tocsc()
    lp.num_col_, lp.num_row_ = A.shape[1], A.shape[0]
    lp.col_cost_ = arr.c
    lp.col_lower_, lp.col_upper_ = arr.lb, arr.ub
    lp.row_lower_ = np.where(np.isfinite(arr.row_lo), arr.row_lo, -highspy.kHighsInf)
    lp.row_upper_ = np.where(np.isfinite(arr.row_hi), arr.row_hi, highspy.kHighsInf)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = A.indptr.astype(np.int32)
    lp.a_matrix_.index_ = A.indices.astype(np.int32)
    lp.a_matrix_.value_ = A.data
    lp.sense_ = highspy.ObjSense.kMaximize
    if arr.integrality.any():
        lp.integrality_ = [highspy.HighsVarType.kInteger if v else highspy.HighsVarType.kContinuous
                           for v in arr.integrality]
    h.passModel(lp)
    return h


def solve_highs(arr: MilpArrays, opts: SolverOptions, time_limit: float, factory=None,
                start: np.ndarray | None = None) -> BatchResult:
    """HiGHS through highspy, model passed as arrays in one call. `factory` makes the
    Highs object (the watchdog passes one with an incumbent callback); `start` is a
    feasible point (all columns) to warm-start from."""
    import highspy

    t0 = time.perf_counter()
    h = highs_model(arr, factory() if factory else None)
    h.setOptionValue("time_limit", float(max(time_limit, 0.01)))
    h.setOptionValue("mip_rel_gap", float(opts.mip_gap))
    h.setOptionValue("threads", int(opts.threads))
    h.setOptionValue("random_seed", 0)
    if start is not None:
        h.setSolution(len(start), np.arange(len(start), dtype=np.int32), np.asarray(start, float))
    h.run()
    ms = h.getModelStatus()
    info = h.getInfo()
    has_sol = info.primal_solution_status == 2  # kSolutionStatusFeasible
    M = highspy.HighsModelStatus
    is_mip = bool(arr.integrality.any())
    obj = float(info.objective_function_value) if has_sol else None
    if is_mip:
        bound = float(info.mip_dual_bound) if np.isfinite(info.mip_dual_bound) else None
    else:
        bound = obj if ms == M.kOptimal else None
    if ms == M.kOptimal:
        status = "optimal"
    elif ms in (M.kInfeasible,):
        status = "infeasible"
    elif ms in (M.kUnboundedOrInfeasible, M.kUnbounded):
        status = "infeasible"
    elif ms in (M.kTimeLimit, M.kIterationLimit, M.kSolutionLimit, M.kInterrupt, M.kObjectiveBound,
                M.kObjectiveTarget, M.kMemoryLimit, M.kHighsInterrupt):
        status = "feasible" if has_sol else "time_limit"
    elif ms == M.kModelEmpty:
        status, obj, bound = "optimal", 0.0, 0.0
    else:
        status = "error"
    x = y = None
    if has_sol:
        z = np.asarray(h.getSolution().col_value)
        x, y = z[:arr.n_x], z[arr.n_x:]
    return BatchResult(status, obj, bound, x, y, time.perf_counter() - t0, h.modelStatusToString(ms))


