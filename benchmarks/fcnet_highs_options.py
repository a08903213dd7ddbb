"""HiGHS's own run (CPU ms of `Highs.run`) on FCNetLib's textbook model under option sets,
interleaved per repeat in one process: what `solve.highs.lean_network_root` was measured with
(`benchmarks/reference/fcnet-highs-options.json`).

    PYTHONPATH=src python benchmarks/fcnet_highs_options.py sp50x100,k20x380e 5 default,norrc,lean out.json
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

import highspy

from eitflow.bench.fcnetlib import read_fcnet, textbook_highs

SHARED = Path(os.environ.get("EITFLOW_SHARED", Path(__file__).resolve().parents[2] / "shared"))
FCNET = SHARED / "data" / "benchmarks" / "fcnetlib"
_SUB = ("mip_heuristic_run_rins", "mip_heuristic_run_rens", "mip_heuristic_run_root_reduced_cost")
SETS = {"default": {}, "norrc": {"mip_heuristic_run_root_reduced_cost": False},
        "cur": {"mip_heuristic_run_root_reduced_cost": False},
        "cur_nofj": {"mip_heuristic_run_root_reduced_cost": False, "mip_heuristic_run_feasibility_jump": False},
        "lean": dict.fromkeys(_SUB, False), "norins": {"mip_heuristic_run_rins": False},
        "norens": {"mip_heuristic_run_rens": False}, "nosym": {"mip_detect_symmetry": False},
        "heur0": {"mip_heuristic_effort": 0.0}}


def run(inst, opts: dict, limit: float) -> tuple[float, float, int, bool]:
    """(CPU s of HiGHS's run, objective, B&B nodes, optimal) as `solve_plain` passes the model."""
    h = textbook_highs(inst, limit, 1, opts)
    t = time.process_time()
    h.run()
    dt = time.process_time() - t
    info = h.getInfo()
    return dt, info.objective_function_value, info.mip_node_count, h.getModelStatus() == highspy.HighsModelStatus.kOptimal


def main(names: list[str], repeats: int, sets: list[str], out: str, limit: float = 300.0) -> None:
    res: dict = {"load_before": os.getloadavg()}
    for nm in names:
        inst = read_fcnet(FCNET / f"{nm}.inc")
        secs: dict[str, list[float]] = {k: [] for k in sets}
        info = {}
        for _ in range(repeats):
            for k in sets:
                dt, obj, nodes, ok = run(inst, SETS[k], limit)
                secs[k].append(dt)
                info[k] = (round(obj, 3), nodes, ok)
        res[nm] = {"ms": {k: round(1e3 * statistics.median(v), 2) for k, v in secs.items()}, "info": info}
        print(nm, res[nm], flush=True)
    res["load_after"] = os.getloadavg()
    Path(out).write_text(json.dumps(res, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1].split(","), int(sys.argv[2]), sys.argv[3].split(","), sys.argv[4])
