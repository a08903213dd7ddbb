"""Whether eitflow's HiGHS search on an FCNetLib instance is the plain textbook one: eitflow's
solve (the model it hands to HiGHS captured at its first MIP solve, after `solve.fold`)
against `bench.fcnetlib.textbook_highs`, once each, interleaved. Deterministic counts (B&B
nodes, simplex iterations) and CPU seconds: what a loaded machine's wall clock cannot say
(`benchmarks/reference/fcnet-same-model.json`).

    PYTHONPATH=src python benchmarks/fcnet_same_model.py mc11,g55x188,r30x160 out.json
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import highspy
import numpy as np

import eitflow.solve.highs as eh
from eitflow.bench.fcnetlib import fcnet_scenario, read_fcnet, textbook_arrays, textbook_highs
from eitflow.candidates.generate import build_candidates
from eitflow.solve.driver import solve

SHARED = Path(os.environ.get("EITFLOW_SHARED", Path(__file__).resolve().parents[2] / "shared"))
FCNET = SHARED / "data" / "benchmarks" / "fcnetlib"
LIMIT_S = 600.0


def eitflow_run(path: Path) -> tuple[dict, list[int]]:
    """eitflow's solve of the instance (600 s, gap 0): the CPU seconds of the whole `solve`
    call, and the nodes and iterations of the HiGHS object it built for its first MIP solve
    (the cut rule's probe, which solves these); and that model's shape (rows, columns,
    nonzeros, after `solve.fold`)."""
    caught: list = []
    passed = eh._passed

    def spy(A, c, lb, ub, integ, lo, hi, offset=0.0, h=None):
        h = passed(A, c, lb, ub, integ, lo, hi, offset, h)
        if np.asarray(integ).any() and not caught:
            caught.append((h, [int(A.shape[0]), int(A.shape[1]), int(A.nnz)]))
        return h

    scen = fcnet_scenario(path, time_limit_s=LIMIT_S)
    eh._passed = spy
    try:
        t = time.process_time()
        sol = solve(scen, build_candidates(scen))
        cpu = time.process_time() - t
    finally:
        eh._passed = passed
    h, shape = caught[0]
    return {**_counts(h, cpu), "solved_by_probe": bool(sol.network_cuts and sol.network_cuts[0].get("solved_by_probe")),
            "objective": abs(float(sol.objective)) if sol.objective is not None else None}, shape


def _counts(h, cpu: float) -> dict:
    info = h.getInfo()
    return {"cpu_s": round(cpu, 3), "nodes": int(info.mip_node_count), "simplex_iterations": int(info.simplex_iteration_count),
            "objective": abs(float(info.objective_function_value)),
            "optimal": h.getModelStatus() == highspy.HighsModelStatus.kOptimal}


def main(names: list[str], out: str) -> None:
    rows = {}
    for name in names:
        path = FCNET / f"{name}.inc"
        inst = read_fcnet(path)
        c, lb, ub, integ, A, lo, hi = textbook_arrays(inst)
        h = textbook_highs(inst, LIMIT_S, 1)
        t = time.process_time()
        h.run()
        plain = _counts(h, time.process_time() - t)
        ours, shape = eitflow_run(path)
        rows[name] = {"textbook_shape": [int(A.shape[0]), int(A.shape[1]), int(A.nnz)],
                      "eitflow_shape": shape,
                      "plain": plain, "eitflow": ours}
        print(name, rows[name], flush=True)
    Path(out).write_text(json.dumps({
        "what": "once per side, one thread, gap 0, seed 0, interleaved: plain HiGHS on the textbook model (its own "
                "settings; CPU s of Highs.run) and eitflow's solve (CPU s of solve.driver.solve: candidates excluded; "
                "nodes and iterations of the HiGHS run it made first, with eitflow's options: solve.highs, the root "
                "reduced-cost sub-MIP off on these); shapes: rows, columns, nonzeros of each side's model",
        "script": "benchmarks/fcnet_same_model.py NAMES OUT",
        "loadavg_at_end": [round(v, 2) for v in os.getloadavg()], "cases": rows}, indent=1))


if __name__ == "__main__":
    main(sys.argv[1].split(","), sys.argv[2])
