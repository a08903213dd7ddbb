"""CBC through PuLP. PuLP 3 reports "Optimal" for runs stopped at the time limit, so the
status comes from `sol_status` and the bound from CBC's log."""

from __future__ import annotations

import os
import re
import subprocess
import time

import numpy as np

from eitflow.i18n import Phrase
from eitflow.model.arrays import MilpArrays
from eitflow.scenario import SolverOptions
from eitflow.solve.status import BatchResult, Status

_CBC_BOUND = re.compile(r"(?:Lower|Upper) bound:\s*(-?[0-9.eE+-]+)")


def _cbc_command():
    """PuLP's CBC command class: PuLP 3 bundles CBC as PULP_CBC_CMD; PuLP 4 gets it from
    `pulp[cbc]` as COIN_CMD."""
    import pulp

    return pulp.PULP_CBC_CMD if int(pulp.__version__.split(".")[0]) < 4 else pulp.COIN_CMD


GRACE_S = 1.0  # CBC's own limit is honoured within this; past it the binary is killed


def _run_cbc(cmd, prob, stop_at: float, tmp: str) -> tuple[bool, str, bool]:
    """Run the CBC binary on `prob` ourselves (PuLP's own call cannot be stopped): write the
    MPS file, start CBC with `procs.spawn` (its own process group, killed with us), kill
    it at `stop_at` (perf_counter seconds) + GRACE_S, and read the solution back into
    `prob`. CBC is told to stop at `stop_at` less the time to read its solution. Returns
    (ran, log text, killed)."""
    import eitflow.procs as procs

    mps, sol, log = (os.path.join(tmp, f"model.{ext}") for ext in ("mps", "sol", "log"))
    vs, var_names, con_names, _ = prob.writeMPS(mps, rename=1)
    left = stop_at - time.perf_counter()
    args = [cmd.path, mps, "-max", "-sec", f"{max(0.9 * left - 0.1, 0.1):.2f}"]
    for o in cmd.options + cmd.getOptions():
        args += f"-{o}".split()  # as PuLP does: "ratio 0.001" is two arguments
    args += ["-solve" if cmd.mip else "-initialSolve", "-printingOptions", "all", "-solution", sol]
    with open(log, "wb") as out:
        proc = procs.spawn(args, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        killed = False
        try:
            proc.wait(timeout=max(stop_at - time.perf_counter(), 0.1) + GRACE_S / 2)
        except subprocess.TimeoutExpired:
            killed = True
        finally:
            procs.kill_group(proc)
    text = open(log, encoding="utf-8", errors="replace").read()
    if killed or not os.path.exists(sol):
        return False, text, killed
    status, values, dj, pi, slacks, sol_status = cmd.readsol_MPS(sol, prob, vs, var_names, con_names)
    prob.assignVarsVals(values)
    prob.assignStatus(status, sol_status)
    return True, text, False


def solve_cbc(arr: MilpArrays, opts: SolverOptions, time_limit: float) -> BatchResult:
    """CBC through PuLP's model and MPS writer, the binary run by us so that it can be
    stopped. PuLP reports "Optimal" for runs stopped at the time limit, so the status comes
    from `sol_status` and the bound from CBC's own log."""
    import pulp

    import eitflow.procs as procs
    from eitflow.model.pulp_model import to_pulp

    t0 = time.perf_counter()
    prob = to_pulp(arr)
    cmd = _cbc_command()(msg=False, gapRel=opts.mip_gap, threads=opts.threads,
                         options=["randomSeed 1", "randomCbcSeed 1", "timeMode elapsed"])
    cmd.mip = bool(arr.integrality.any())
    if not cmd.available():
        return BatchResult(Status.ERROR, None, None, None, time.perf_counter() - t0,
                           Phrase("sol_cbc_missing"))
    with procs.temp_dir("cbc") as tmp:
        ran, text, killed = _run_cbc(cmd, prob, t0 + time_limit, str(tmp))
    if not ran:
        secs = time.perf_counter() - t0
        if killed or "Stopped on time" in text or "time limit" in text.lower():
            return BatchResult(Status.TIME_LIMIT, None, None, None, secs,
                               Phrase("sol_cbc_killed" if killed else "sol_cbc_time_limit"))
        return BatchResult(Status.ERROR, None, None, None, secs, Phrase("sol_cbc_failed"))
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


