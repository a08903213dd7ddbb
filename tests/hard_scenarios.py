"""Scenarios on disk that keep a solver busy: random fixed-charge transportation instances
(HiGHS needs well over 10 s to close a 15 x 15 one), for the tests that stop, kill or time
eitflow from outside."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from eitflow.bench.instances import fctp_frames

RESOURCES = "good:\n  base_unit: t/yr\n  max_distance_km: 10000\n  transport: {mode: truck}\n"


def write_hard_scenario(root: Path, *, m: int = 15, n: int = 15, copies: int = 1, solver: str = "highs",
                        isolate: str = "auto", time_limit_s: float = 60, seed: int = 1,
                        price: float | None = None) -> Path:
    """`copies` independent m x n FCTP instances (one component each) as scenario files;
    returns the path of scenario.yaml. With `price` (EUR/t paid by the demands), demands are
    not required: a net-benefit model where "build nothing" is feasible."""
    rng = np.random.default_rng(seed)
    parts = []
    for c in range(copies):
        s = rng.integers(10, 60, m).astype(float)
        d = rng.multinomial(int(s.sum()), np.ones(n) / n).astype(float)
        sites, flows, links = fctp_frames(m, n, s, d, rng.integers(100, 800, (m, n)), rng.integers(1, 10, (m, n)))
        if price is not None:
            flows.loc[flows.direction == "demand", "price_eur_per_unit"] = price
            flows["required"] = False
        tag = f"_{c}"
        sites["site_id"] += tag
        flows["site_id"] += tag
        flows["flow_id"] += tag
        links["source_site"] += tag
        links["sink_site"] += tag
        parts.append((sites, flows, links))
    root.mkdir(parents=True, exist_ok=True)
    for k, name in enumerate(("sites", "flows", "links")):
        pd.concat([p[k] for p in parts]).to_csv(root / f"{name}.csv", index=False)
    (root / "resources.yaml").write_text(RESOURCES)
    (root / "scenario.yaml").write_text(
        "name: hard\nsites: sites.csv\nflows: flows.csv\nlinks: links.csv\nresources: resources.yaml\n"
        f"solver:\n  name: {solver}\n  time_limit_s: {time_limit_s}\n  mip_gap: 0.0\n  isolate: {isolate}\n")
    return root / "scenario.yaml"
