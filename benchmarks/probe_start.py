"""The cut rule's probe on a network in a short limit (`solve.netcuts.strengthen`): one run of a
scenario per variant, interleaved, each in a fresh interpreter, one JSON line per run (status,
objective, bound and gap in EUR/yr, wall seconds, load before and after, the probe's summary).

    PYTHONPATH=src python benchmarks/probe_start.py SCENARIO.yaml SECONDS REPEATS \
        main=/work/main/src branch=src [branch_start=src:PROBE_START=1]

A variant is NAME=SRC (the `src` directory to import eitflow from), optionally followed by
:PROBE_START=0 or :PROBE_START=1 (`solve.netcuts.PROBE_START`, the probe's incumbent as the
restart's start). Meurthe-et-Moselle's network (benchmarks/HISTORY.md, "The cut rule's probe
under load"), made from ../shared:

    eitflow import hotmaps ../shared/data/hotmaps/Industrial_Database.csv \
        --communes ../shared/data/insee/communes_2024.csv --departements 54 --out m54 --lang en
    # then in m54/scenario.yaml: time_limit_s: 30, and
    # networks: {heat: {temperature_c: 90, generate: delaunay, max_length_km: 15, sizing: discrete}}
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

ONE = """
import json, os, sys, time
import eitflow.solve.netcuts as nc
if os.environ.get("PROBE_START") in ("0", "1"):
    nc.PROBE_START = os.environ["PROBE_START"] == "1"
from eitflow.pipeline import run_file
l0 = os.getloadavg()[0]
t = time.time()
s = run_file(sys.argv[1], time_limit_s=float(sys.argv[2])).solution
cuts = [{k: v for k, v in e.items() if not k.startswith("point")} for e in (s.network_cuts or [])]
print(json.dumps({"status": str(s.status), "objective": s.objective, "bound": s.bound, "gap": s.gap,
                  "wall_s": round(time.time() - t, 1), "load": [round(l0, 1), round(os.getloadavg()[0], 1)],
                  "cuts": cuts}, default=float))
"""


def main(argv: list[str]) -> None:
    scenario, seconds, repeats = argv[0], argv[1], int(argv[2])
    variants = []
    for v in argv[3:]:
        name, _, rest = v.partition("=")
        src, _, probe = rest.partition(":PROBE_START=")
        variants.append((name, src, probe))
    for _ in range(repeats):
        for name, src, probe in variants:
            env = {**os.environ, "PYTHONPATH": os.path.abspath(src)}
            if probe:
                env["PROBE_START"] = probe
            out = subprocess.run([sys.executable, "-c", ONE, scenario, seconds], env=env, capture_output=True,
                                 text=True, check=False)
            line = out.stdout.strip().splitlines()[-1] if out.stdout.strip() else json.dumps({"error": out.stderr[-500:]})
            print(json.dumps({"variant": name, **json.loads(line)}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
