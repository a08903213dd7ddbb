"""CBC through PuLP. PuLP 3 reports "Optimal" for runs stopped at the time limit, so the
status comes from `sol_status` and the bound from CBC's log."""

from __future__ import annotations

import os
import re
import tempfile
import time

import numpy as np

from eitflow.model.arrays import MilpArrays
from eitflow.scenario import SolverOptions
from eitflow.solve.status import BatchResult, Status

_CBC_BOUND = re.compile(r"(?:Lower|Upper) bound:\s*(-?[0-9.eE+-]+)")


def _cbc_command():
    """PuLP's CBC command class: PuLP 3 bundles CBC as PULP_CBC_CMD; PuLP 4 gets it from
    `pulp[cbc]` as COIN_CMD."""
    import pulp

    return pulp.PULP_CBC_CMD if int(pulp.__version__.split(".")[0]) < 4 else pulp.COIN_CMD


def solve_cbc(arr: MilpArrays, opts: SolverOptions, time_limit: float) -> BatchResult:
    """CBC through PuLP. PuLP reports "Optimal" for runs stopped at the time limit, so the
    status comes from `sol_status` and the bound from CBC's own log."""
    import pulp

    from eitflow.model.pulp_model import to_pulp

    t0 = time.perf_counter()
    prob = to_pulp(arr)
    with tempfile.TemporaryDirectory(prefix="eitflow-cbc-") as tmp:
        log = os.path.join(tmp, "cbc.log")
        cmd = _cbc_command()(msg=False, timeLimit=max(1, int(np.ceil(time_limit))), gapRel=opts.mip_gap,
                                threads=opts.threads, logPath=log, options=["randomSeed 1", "randomCbcSeed 1"])
        if not cmd.available():
            return BatchResult(Status.ERROR, None, None, None, time.perf_counter() - t0,
                               "the CBC solver binary was not found (install it with: pip install 'pulp[cbc]', "
                               "or use solver name highs)")
        try:
            prob.solve(cmd)
        except pulp.PulpSolverError as exc:
            return BatchResult(Status.ERROR, None, None, None, time.perf_counter() - t0, f"CBC failed: {exc}")
        text = open(log, encoding="utf-8", errors="replace").read() if os.path.exists(log) else ""
    ss = prob.sol_status
    allv = prob._eitflow_vars
    z = np.array([v.varValue if v.varValue is not None else 0.0 for v in allv], float)
    obj = float(arr.c @ z) if ss in (1, 2) else None
    m = _CBC_BOUND.findall(text)
    bound = None
    if m:
        # CBC minimises the negated objective for a maximisation problem
        bound = abs(float(m[-1])) * (1 if (obj or 0) >= 0 else -1)
    if ss == 1 and "Stopped on time" not in text and obj is not None:
        status = Status.OPTIMAL
        bound = obj if bound is None else max(bound, obj)
    elif ss in (1, 2):
        status = Status.FEASIBLE
    elif prob.status == -1 or ss == -1:
        status = Status.INFEASIBLE
    elif ss == 0 or "Stopped on time" in text:
        status = Status.TIME_LIMIT
    else:
        status = Status.ERROR
    return BatchResult(status, obj, bound, z if ss in (1, 2) else None, time.perf_counter() - t0,
                       pulp.LpStatus.get(prob.status, ""))


class CbcBackend:
    """CBC through PuLP (`Backend`); no warm start, no incumbent callback."""

    name = "cbc"

    def available(self) -> bool:
        return bool(_cbc_command()(msg=False).available())

    def solve(self, arr: MilpArrays, opts: SolverOptions, time_limit: float, start: np.ndarray | None = None,
              on_incumbent=None) -> BatchResult:
        return solve_cbc(arr, opts, time_limit)


