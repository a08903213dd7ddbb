"""Corridors used both ways in different seasons (issue #15): a 4 x 4 grid of sites 1 km
apart (24 corridors), each site rejecting 100 degC heat in one season and buying 60 degC heat
in the other (checkerboard: half supply April-September and buy October-March, half the
reverse), amounts drawn per seed, monthly profiles, `sizing: linear`. Each run solves it
within a time limit in a child process with the given source tree first on PYTHONPATH, the
trees alternated run by run (same machine, same load), and writes one JSON: per tree, each
run's objective, bound, gap, status and seconds, and their medians.

    python benchmarks/twoway_grid.py OUT.json LIMIT_S RUNS NAME=SRC [NAME=SRC ...] [--seeds 0,1,2] [--n N] [--one-role]
    # e.g. /tmp/grid.json 60 3 main=/work/main/src branch=$PWD/src

Per seed (a grid of its own), RUNS runs of each tree; medians per tree and seed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import numpy as np

SUMMER = ";".join(["0"] * 3 + ["0.1666666667"] * 5 + ["0.1666666665"] + ["0"] * 3)
WINTER = ";".join(["0.1666666667"] * 3 + ["0"] * 6 + ["0.1666666667"] * 2 + ["0.1666666665"])


def grid(n: int = 4, seed: int = 0, time_limit_s: float = 60.0, mip_gap: float = 1e-4, one_role: bool = False):
    """The n x n two-season grid (an eitflow Scenario). `one_role`: each site one flow instead
    (on even squares a supply, of the summer or the winter in turn; on odd ones a demand all year),
    so that no site has both roles (no same-site rows)."""
    import pandas as pd

    import eitflow

    rng = np.random.default_rng(seed)
    ids = [f"S{i}{j}" for i in range(n) for j in range(n)]
    lat = [48.0 + i * 1 / 111.2 for i in range(n) for _ in range(n)]
    lon = [2.0 + j * 1 / (111.2 * np.cos(np.radians(48.0))) for _ in range(n) for j in range(n)]
    summer = [(i + j) % 2 == 0 for i in range(n) for j in range(n)]
    sup = np.round(rng.uniform(2000, 9000, n * n))
    dem = np.round(rng.uniform(2000, 9000, n * n))
    rows = []
    flat = ";".join(["0.0833333333"] * 11 + ["0.0833333337"])
    for k, s in enumerate(ids):
        if one_role:
            i, j = divmod(k, n)
            if (i + j) % 2:
                rows.append((f"{s}d", s, "demand", float(dem[k]), 60.0, 50.0, flat))
            else:
                rows.append((f"{s}s", s, "supply", float(sup[k]), 100.0, 0.0, SUMMER if (i + j) % 4 == 0 else WINTER))
            continue
        rows.append((f"{s}s", s, "supply", float(sup[k]), 100.0, 0.0, SUMMER if summer[k] else WINTER))
        rows.append((f"{s}d", s, "demand", float(dem[k]), 60.0, 50.0, WINTER if summer[k] else SUMMER))
    flows = pd.DataFrame(rows, columns=["flow_id", "site_id", "direction", "amount", "temperature_c",
                                        "price_eur_per_unit", "monthly_profile"])
    flows["resource"], flows["unit"] = "heat", "MWh/yr"
    sites = pd.DataFrame({"site_id": ids, "lat": lat, "lon": lon})
    pairs = [(i * n + j, i * n + j + 1) for i in range(n) for j in range(n - 1)] + \
            [(i * n + j, (i + 1) * n + j) for i in range(n - 1) for j in range(n)]
    corridors = pd.DataFrame({"corridor_id": [f"c{a}_{b}" for a, b in pairs], "resource": "heat",
                              "from": [ids[a] for a, _ in pairs], "to": [ids[b] for _, b in pairs],
                              "length_km": 1.0})
    return eitflow.scenario_from_frames(
        sites, flows, corridors=corridors, carbon_price_eur_per_t=0.0, discount_rate=0.05, lifetime_years=20.0,
        max_distance_km={"heat": 0.01}, networks={"heat": {"temperature_c": 80.0, "sizing": "linear"}},
        solver={"mip_gap": mip_gap, "time_limit_s": time_limit_s})


def _one(limit: float, seed: int, n: int, one_role: bool) -> dict:
    import eitflow

    t0 = time.perf_counter()
    res = eitflow.optimise(grid(n, seed, limit, one_role=one_role))
    s = res.summary
    return {"objective": s["objective"], "bound": s["bound"], "gap": s["gap"], "status": s["status"],
            "seconds": round(time.perf_counter() - t0, 2)}


def main(argv: list[str]) -> None:
    if argv and argv[0] == "--child":
        print(json.dumps(_one(float(argv[1]), int(argv[2]), int(argv[3]), argv[4] == "1")))
        return
    seeds = [int(v) for v in argv[argv.index("--seeds") + 1].split(",")] if "--seeds" in argv else [0]
    n = int(argv[argv.index("--n") + 1]) if "--n" in argv else 4
    one_role = "--one-role" in argv
    out, limit, runs = argv[0], float(argv[1]), int(argv[2])
    trees = dict(a.split("=", 1) for a in argv[3:] if "=" in a)
    got: dict = {str(sd): {k: {"src": v, "runs": []} for k, v in trees.items()} for sd in seeds}
    for seed in seeds:
        for r in range(runs):
            for name in (list(trees) if r % 2 == 0 else list(trees)[::-1]):
                env = dict(os.environ, PYTHONPATH=trees[name])
                p = subprocess.run([sys.executable, __file__, "--child", str(limit), str(seed), str(n),
                                    "1" if one_role else "0"], env=env,
                                   capture_output=True, text=True, check=True)
                row = json.loads(p.stdout.strip().splitlines()[-1])
                row["load"] = os.getloadavg()[0]
                got[str(seed)][name]["runs"].append(row)
                print(seed, name, row, flush=True)
        for v in got[str(seed)].values():
            for key in ("objective", "bound", "gap", "seconds"):
                vals = [x[key] for x in v["runs"] if x[key] is not None]
                v[f"median_{key}"] = float(np.median(vals)) if vals else None
    info = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "limit_s": limit, "runs": runs,
            "seeds": seeds, "n": n, "one_role": one_role, "by_seed": got}
    with open(out, "w") as f:
        json.dump(info, f, indent=1)


if __name__ == "__main__":
    main(sys.argv[1:])
