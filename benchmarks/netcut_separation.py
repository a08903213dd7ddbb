"""The directed cuts' separation (`solve.netcuts._cut_rows`) against another commit's, on the
same LP points: each town of the synthetic region (`bench.netsynth.network_region`) has its
LP relaxation solved once, then both separations run on it interleaved, `repeats` times,
CPU milliseconds (process time: steadier than wall clock on a shared machine). Writes
per-town medians, their ratio, and the cuts each found (count, and how many are violated at
the point: row . z < 0).

    git archive <commit> src | tar -x -C /tmp/old
    PYTHONPATH=src python benchmarks/netcut_separation.py /tmp/old/src 8 5 out.json

(arguments: the other commit's src, the number of towns, the repeats, the output file)."""

from __future__ import annotations

import importlib.util
import json
import os
import statistics
import sys
import time

import numpy as np

import eitflow.solve.netcuts as ours
from eitflow.bench import netsynth
from eitflow.candidates.generate import build_candidates
from eitflow.model.build import build_arrays
from eitflow.solve.highs import highs_model, run, set_threads


def _other(src: str):
    spec = importlib.util.spec_from_file_location("other_netcuts", os.path.join(src, "eitflow/solve/netcuts.py"))
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _towns(n_towns: int):
    """Each town's model alone (its own network: the region's batches), with its LP point."""
    for town in range(n_towns):
        scen = netsynth.network_region(n_towns=1, seed=town)
        arr = build_arrays(scen, build_candidates(scen))
        h = highs_model(arr.relaxed())
        set_threads(h, 1)
        run(h)
        yield town, arr, np.asarray(h.getSolution().col_value)


def main(other_src: str, n_towns: int, repeats: int, out: str) -> None:
    other = _other(other_src)
    rows = []
    for town, arr, z in _towns(n_towns):
        got: dict[str, list] = {"ours": [], "other": []}
        found: dict[str, list] = {}
        for _ in range(repeats):
            for tag, mod in (("ours", ours), ("other", other)):
                t = time.process_time()
                cuts = [c for rev in (False, True) for c in mod._cut_rows(arr, z, rev, ours.LARGE_MAX_FLOWS)]
                got[tag].append(1000 * (time.process_time() - t))
                found[tag] = [len(cuts), sum(float(v @ z[c]) < 0 for c, v in cuts)]
        med = {k: statistics.median(v) for k, v in got.items()}
        rows.append({"town": town, "columns": arr.shape[1], "ours_ms": med["ours"], "other_ms": med["other"],
                     "ratio": med["ours"] / med["other"], "cuts_ours": found["ours"], "cuts_other": found["other"]})
        print(json.dumps(rows[-1]), flush=True)
    total = {k: sum(r[f"{k}_ms"] for r in rows) for k in ("ours", "other")}
    with open(out, "w") as f:
        json.dump({"other_src": other_src, "repeats": repeats, "load": os.getloadavg(), "towns": rows,
                   "total_ms": total, "ratio_total": total["ours"] / total["other"]}, f, indent=1)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
