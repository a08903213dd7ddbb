"""CPU milliseconds per FCNetLib instance, medians of in-process repeats (deterministic enough
under load, unlike wall clock): eitflow's timed scope (`bench.fcnetlib.TIMED`: build_candidates +
solve.driver.solve), the part of it outside `solve_highs` (eitflow's fixed work), and plain
HiGHS's (textbook_arrays + passing + HiGHS's run); and on both sides HiGHS's own run (`Highs.run`:
highs_ms, plain_highs_ms), so eitflow_ms - highs_ms is all eitflow does around HiGHS (its fixed
work, the fold and the passing included: outside_run_ms).

    PYTHONPATH=src python benchmarks/fcnet_fixed_work.py sp50x100,l61x114 11 out.json

Run it once per commit to compare (e.g. `git archive <commit> src | tar -x -C /tmp/old` and
PYTHONPATH=/tmp/old/src), back to back, and record the load (written into the JSON)."""

from __future__ import annotations

import contextlib
import json
import os
import statistics
import sys
import time
from pathlib import Path

import eitflow.solve.driver as driver
import eitflow.solve.highs as highs
from eitflow.bench.fcnetlib import fcnet_scenario, read_fcnet, solve_plain
from eitflow.candidates.generate import build_candidates

SHARED = Path(os.environ.get("EITFLOW_SHARED", Path(__file__).resolve().parents[2] / "shared"))
FCNET = SHARED / "data" / "benchmarks" / "fcnetlib"


def main(names: list[str], repeats: int, out: str) -> None:
    in_highs = [0.0]
    solve_highs = highs.solve_highs

    def counted(*a, **k):
        t = time.process_time()
        try:
            return solve_highs(*a, **k)
        finally:
            in_highs[0] += time.process_time() - t

    highs.solve_highs = driver.solve_highs = counted   # the cut rule's probe imports it from highs
    import highspy

    in_run = [0.0]
    core = highspy._core._Highs   # both sides' Highs objects are of this class (or derive from it)
    run = core.run

    def timed_run(h):
        t = time.process_time()
        try:
            return run(h)
        finally:
            in_run[0] += time.process_time() - t

    core.run = timed_run
    res: dict = {"load_before": os.getloadavg()}
    for nm in names:
        inst = read_fcnet(FCNET / f"{nm}.inc")
        scen = fcnet_scenario(inst, time_limit_s=60.0)
        tot, fixed, plain, hrun, prun = [], [], [], [], []
        for _ in range(repeats):
            in_highs[0] = in_run[0] = 0.0
            t0 = time.process_time()
            # as `pipeline.optimise` and the bench: one `Scenario.reading` block over both stages
            # (none before it existed: the script also times older commits)
            with getattr(scen, "reading", contextlib.nullcontext)():
                sol = driver.solve(scen, build_candidates(scen))
            t = time.process_time() - t0
            tot.append(t)
            fixed.append(t - in_highs[0])
            hrun.append(in_run[0])
            in_run[0] = 0.0
            p0 = time.process_time()
            solve_plain(inst, 60.0)
            plain.append(time.process_time() - p0)
            prun.append(in_run[0])
        med = lambda v: round(1e3 * statistics.median(v), 2)  # noqa: E731
        res[nm] = {"eitflow_ms": med(tot), "fixed_ms": med(fixed), "plain_ms": med(plain), "highs_ms": med(hrun),
                   "plain_highs_ms": med(prun), "outside_run_ms": med([a - b for a, b in zip(tot, hrun)]),
                   "fixed_min_ms": round(1e3 * min(fixed), 2), "outside_run_min_ms": round(1e3 * min(a - b for a, b in zip(tot, hrun)), 2),
                   "status": str(sol.status)}
        print(nm, res[nm], flush=True)
    res["load_after"] = os.getloadavg()
    Path(out).write_text(json.dumps(res, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1].split(","), int(sys.argv[2]), sys.argv[3])
