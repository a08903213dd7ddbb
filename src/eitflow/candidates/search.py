"""The direct-link search of `candidates.generate`: the supply-demand pairs of one
substitution within the radius rule (`candidates.radius`), by transport mode, in chunks under
the memory budget (`candidates.budget`)."""

from __future__ import annotations

import numpy as np

from eitflow.candidates import budget
from eitflow.candidates.radius import pair_limit_km
from eitflow.geo import pair_counts, pairs_within
from eitflow.scenario import Scenario


def searched_pairs(scen: Scenario, S: np.ndarray, D: np.ndarray, xs: np.ndarray, xd: np.ndarray, far: float,
                   modes: list, radius: np.ndarray):
    """The pairs within `far` km, in chunks of supplies of at most `budget.PAIR_CHUNK` pairs
    each, split by transport mode: (an iterator of (s, d, extra, mode, main mode?, pairs
    searched so far), the number of pairs, estimated when under `budget.PAIR_CHUNK` / 2). Chunks
    follow the supplies' order and each is ordered by (supply, demand): the pairs come in the
    order of one whole search. `S`, `D`: the supplies' and demands' positions in the flows, `xs`,
    `xd` their sites' unit vectors; `far`: the widest radius any of these pairs has (km);
    `radius`: per flow its radius (km, `radius.flow_radius_km`)."""
    ranges, total = [(0, len(S))], len(S) * len(D)
    if total > budget.PAIR_CHUNK:
        # evenly spaced supplies tell whether one search fits; if not, count every supply's
        # pairs (one integer each) to cut the search into chunks
        sample = np.unique(np.linspace(0, len(S) - 1, min(len(S), 2000)).astype(np.int64))
        total = int(pair_counts(xs[sample], xd, far).mean() * len(S))
        if total > budget.PAIR_CHUNK // 2:
            counts = pair_counts(xs, xd, far)
            ranges, total = budget.chunks(counts), int(counts.sum())

    def gen():
        done = 0
        for a, b in ranges:
            i, j, gc = pairs_within(xs[a:b], xd, far)
            done += len(i)
            if not len(i):   # nothing in range (a network-only scenario): no mode's rule to run
                continue
            s, d = S[i + a], D[j]
            for k, tr in enumerate(modes):
                keep = gc <= pair_limit_km(scen, s, d, tr, radius)
                yield (s[keep], d[keep], dict(distance_km=gc[keep] * tr.detour_factor, great_circle_km=gc[keep],
                                              capacity=np.full(int(keep.sum()), np.inf),
                                              var_cost=None, fixed=None, invest=None), tr, k == 0, done)

    return gen(), total
