"""`eitflow site` with and without a generated heat network on a real territory: a département's
Hotmaps excess heat and INSEE communes (`eitflow import hotmaps --departements`), with
`n_plots` plots drawn (seeded) among its communes of 2,000 inhabitants or more (30 ha each, 1 km
north of the commune's point, rent 5,000 EUR/ha/yr: assumptions) and four catalogue activities
(a 10 ha glasshouse, a 1,000 t/yr fish farm, a 100 kt/yr pellet plant, a 20 MW data centre; at
most 2 of each). One JSON row per variant: status, objective (EUR/yr), gap, the solve's and the
ranking's seconds, the wall clock, the peak memory of the run, corridors built, placements.

    PYTHONPATH=src python benchmarks/siting_network_territory.py OUT.json 54 25
    PYTHONPATH=src python benchmarks/siting_network_territory.py OUT.json r44 60   # a region (Grand Est)

needs ../shared (Hotmaps, INSEE communes)."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


def main(out: str, dep: str, n_plots: int) -> None:
    region = dep.startswith("r")   # "r44": a region's code, not a département's
    work = Path(out).with_suffix("")
    work.mkdir(parents=True, exist_ok=True)
    terr = work / "territory"
    if not (terr / "scenario.yaml").exists():
        subprocess.run([sys.executable, "-m", "eitflow.cli", "import", "hotmaps",
                        str(SHARED / "hotmaps" / "Industrial_Database.csv"), "--communes",
                        str(SHARED / "insee" / "communes_2024.csv"), *(["--regions", dep[1:]] if region else
                                                                       ["--departements", dep]), "--margin-km", "10",
                        "--out", str(terr)], check=True)
    c = pd.read_csv(SHARED / "insee" / "communes_2024.csv", dtype={"insee_com": str}, low_memory=False)
    mine = c["insee_reg"].astype(str) == dep[1:] if region else c["insee_com"].str.startswith(dep)
    c = c[mine & (c["population_2021"] >= 2000)].reset_index(drop=True)
    pick = c.iloc[sorted(np.random.default_rng(0).choice(len(c), size=min(n_plots, len(c)), replace=False))]
    pd.DataFrame({"plot_id": ["P" + x for x in pick["insee_com"]], "name": "Terrain de " + pick["commune"],
                  "lat": pick["lat"].round(4) + 0.01, "lon": pick["lng"].round(4), "area_ha": 30.0,
                  "land_rent_eur_per_ha_yr": 5000.0}).to_csv(terr / "plots.csv", index=False)
    pd.DataFrame({"activity_id": ["SERRE", "AQUA", "GRANULES", "DC"],
                  "template": ["greenhouse", "fish_farm", "wood_pellet_plant", "data_centre"],
                  "size": [10, 1000, 100, 20], "max_count": 2}).to_csv(terr / "activities.csv", index=False)
    base = (terr / "scenario.yaml").read_text(encoding="utf-8").replace("time_limit_s: 300", "time_limit_s: 120")
    base += "plots: plots.csv\nactivities: activities.csv\nsiting:\n  rank_top: 2\n  rank_time_limit_s: 60\n"
    net = base + ("networks:\n  heat:\n    temperature_c: 90\n    return_temperature_c: 60\n"
                  "    generate: delaunay\n    max_length_km: 15\n")
    rows = []
    for name, text in (("plain", base), ("network", net)):
        y = terr / f"site_{name}.yaml"
        y.write_text(text, encoding="utf-8")
        run = work / f"run_{name}"
        load = os.getloadavg()[0]
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "eitflow.cli", "site", str(y), "--out", str(run), "--force", "-q",
                        "--lang", "en"], check=True, capture_output=True)
        wall = time.perf_counter() - t
        s = json.loads((run / "summary.json").read_text(encoding="utf-8"))
        nets = (s.get("networks") or {}).get("by_resource") or {}
        rows.append({"variant": name, "status": s["status"], "objective_eur_per_yr": s["objective"], "gap": s["gap"],
                     "solve_s": round(s["timings_s"]["solve"], 1),
                     "ranking_s": round(s["siting"]["ranking"]["seconds"], 1) if s["siting"]["ranking"] else None,
                     "wall_s": round(wall, 1),
                     "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
                     "corridors_built": sum(int(v.get("corridors_built") or 0) for v in nets.values()),
                     "placed": s["siting"]["placed"], "candidate_placements": s["siting"]["candidate_placements"],
                     "load": round(load, 2)})
        print(rows[-1], flush=True)
    Path(out).write_text(json.dumps(rows, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
