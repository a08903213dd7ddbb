"""The end phase of `solve.netlarge.large_networks` on the synthetic region's towns: main's bound
per town no job reached (the least of its LP's, its quick bound and `cover_bound`, the last
computed for every town) against `netlarge.end_bound` (`cover_bound` only where neither the LP
nor the quick bound finished), interleaved, same bounds asserted.

    PYTHONPATH=src python benchmarks/end_cover.py 40 21

(arguments: the number of towns, seed 0, and the rounds). Each town is given a finished LP and a
quick bound below its cover bound (as a run's are: both are relaxations the cover bound bounds).
"""

from __future__ import annotations

import os
import statistics
import sys
import time

from eitflow.bench.netsynth import network_region
from eitflow.candidates.generate import build_candidates
from eitflow.model.build import build_arrays
from eitflow.solve import netlarge as nl
from eitflow.solve.decompose import _batches, components
from eitflow.solve.netnode import required_node_cuts


def main(n_towns: int, rounds: int) -> None:
    scen = network_region(n_towns=n_towns, seed=0)
    cand = build_candidates(scen)
    ncomp, comp = components(scen, cand)
    towns = [required_node_cuts(a)[0] for a in (build_arrays(scen, cand, b) for b in _batches(comp, ncomp))
             if nl.is_large(a)]
    vals = []
    for a in towns:
        cover = nl.cover_bound(a)
        assert cover is not None
        vals.append((cover - 4e6, cover - 3e6))   # (finished LP, quick bound), EUR/yr

    def before() -> list[float]:   # main's expression, every town's cover bound computed
        out = []
        for a, (lp, quick) in zip(towns, vals):
            got = [b for b in (lp, quick, nl.cover_bound(a)) if b is not None]
            out.append(min(got))
        return out

    def after() -> list[float]:
        return [b for a, (lp, quick) in zip(towns, vals)
                if (b := nl.end_bound(a, nl.TownLp(lp, True, 1.0), quick)) is not None]

    assert before() == after()
    load = os.getloadavg()[0]
    tb, ta = [], []
    for _ in range(rounds):
        t = time.perf_counter()
        before()
        tb.append(time.perf_counter() - t)
        t = time.perf_counter()
        after()
        ta.append(time.perf_counter() - t)
    print(f"{len(towns)} towns, {rounds} rounds, load {load:.1f}-{os.getloadavg()[0]:.1f}: every cover bound "
          f"{1e3 * statistics.median(tb):.2f} ms (quartiles {1e3 * statistics.quantiles(tb)[0]:.2f}-"
          f"{1e3 * statistics.quantiles(tb)[2]:.2f}), only where needed {1e3 * statistics.median(ta):.3f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
