"""Where eitflow's CPU goes on an FCNetLib instance, function by function: each function of SPANS
wrapped (inclusive CPU time, `time.process_time`), the timed scope of `fcnet_fixed_work.py`
(build_candidates + solve.driver.solve in one `Scenario.reading`) run 3 times to warm up, then
`repeats` times; medians in ms, and plain HiGHS's whole run beside it ("plain").

    PYTHONPATH=src python benchmarks/fcnet_spans.py sp50x100,l61x114 41 out.json

Nested spans are inclusive (solve_highs holds fold_fixed and run). Run it once per commit to
compare (PYTHONPATH=/tmp/old/src for an older one), back to back; a span a commit does not have
reads 0."""

from __future__ import annotations

import importlib
import json
import os
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

SHARED = Path(os.environ.get("EITFLOW_SHARED", Path(__file__).resolve().parents[2] / "shared"))
FCNET = SHARED / "data" / "benchmarks" / "fcnetlib"
SPANS = """eitflow.candidates.generate:build_candidates
eitflow.candidates.network:network_and_legs
eitflow.solve.driver:_solve
eitflow.solve.decompose:components
eitflow.model.build:build_arrays
eitflow.model.network:network_block
eitflow.model.netplain:is_plain
eitflow.model.netplain:plain_arrays
eitflow.model.network:_arc_bounds
eitflow.candidates.netdirected:reachable_withdrawals
eitflow.candidates.bridges:bridge_sides
eitflow.solve.netcuts:strengthen
eitflow.solve.highs:solve_highs
eitflow.solve.fold:fold_fixed
eitflow.solve.highs:_passed
eitflow.solve.highs:run
eitflow.solve.readback:read_columns
eitflow.solve.check:check_solution
eitflow.solve.check:_clean
eitflow.solve.tidy:unswitch_idle
eitflow.solve.tidy:cancel_circulation
eitflow.solve.tidy:_least_flows
eitflow.solve.tidy:unswitch_idle_options
eitflow.solve.tidy:least_sizes""".split()
acc: dict[str, float] = defaultdict(float)


def _wrap(key, f):
    def timed(*a, **k):
        t = time.process_time()
        try:
            return f(*a, **k)
        finally:
            acc[key] += time.process_time() - t
    return timed


def _install(span: str) -> None:
    """Wrap the function of `span` ("module:name") wherever a module holds it (imported by name)."""
    mod, name = span.split(":")
    try:
        f = getattr(importlib.import_module(mod), name, None)
    except ModuleNotFoundError:   # a module an older commit does not have: its span reads 0
        return
    if f is None:
        return
    w = _wrap(span, f)
    for m in list(sys.modules.values()):
        d = getattr(m, "__dict__", None)
        if d is None or getattr(m, "__name__", "") == "__main__":
            continue
        for k, v in list(d.items()):
            if v is f:
                setattr(m, k, w)


def main(names: list[str], repeats: int, out: str | None) -> None:
    for s in SPANS:
        _install(s)
    import eitflow.candidates.generate as gen
    import eitflow.solve.driver as driver
    from eitflow.bench.fcnetlib import fcnet_scenario, read_fcnet, solve_plain

    res: dict = {"load_before": os.getloadavg()}
    for nm in names:
        inst = read_fcnet(FCNET / f"{nm}.inc")
        scen = fcnet_scenario(inst, time_limit_s=60.0)
        rows = defaultdict(list)
        for _ in range(repeats + 3):
            acc.clear()
            t = time.process_time()
            with scen.reading():
                driver.solve(scen, gen.build_candidates(scen))
            rows["TOTAL"].append(time.process_time() - t)
            t = time.process_time()
            solve_plain(inst, 60.0)
            rows["plain"].append(time.process_time() - t)
            for s in SPANS:
                rows[s].append(acc.get(s, 0.0))
        res[nm] = {k: round(1e3 * statistics.median(v[3:]), 3) for k, v in rows.items()}
        print(nm)
        for k, v in res[nm].items():
            print(f"  {v:8.3f}  {k}")
    res["load_after"] = os.getloadavg()
    if out:
        Path(out).write_text(json.dumps(res, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1].split(","), int(sys.argv[2]), sys.argv[3] if len(sys.argv) > 3 else None)
