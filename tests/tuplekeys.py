"""The union of both objectives' candidates and the co2 plan's switches over it as they were
before `candidates.objectives.link_codes`: links matched by Python tuples (`link_keys`) in sets
and a dict. The reference `tests/test_union_keys.py` checks the integer codes against, and the
"before" side of `benchmarks/co2_union_build.py`."""
from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from eitflow.candidates.generate import Candidates
from eitflow.candidates.objectives import link_keys


def union_by_tuples(a: Candidates, b: Candidates) -> Candidates:
    """both_objective_candidates as it was (tuples and sets), given both objectives' candidates."""
    have = set(link_keys(a.links))
    add = b.links[np.array([key not in have for key in link_keys(b.links)], bool)]
    parts = [p for p in (a.links, add) if len(p)]
    links = (pd.concat(parts, ignore_index=True) if parts else a.links)
    if len(links):
        links = links.sort_values(["supply", "demand"], kind="stable").reset_index(drop=True)
    kept = set(zip(links["supply"].to_numpy(np.int64), links["demand"].to_numpy(np.int64)))
    dr = a.dropped
    dropped = dr[np.array([(s, d) not in kept for s, d in zip(dr["supply"].to_numpy(np.int64),
                                                              dr["demand"].to_numpy(np.int64))], bool)]
    return dataclasses.replace(a, links=links, dropped=dropped.reset_index(drop=True), pruned_for=None)


def built_by_tuples(over: Candidates, cand: Candidates, built: np.ndarray) -> np.ndarray:
    """plan_over's switches as they were: a dict of keys to positions (the last wins)."""
    at = {k: i for i, k in enumerate(link_keys(over.links))}
    out = np.zeros(len(over.links), bool)
    keys = link_keys(cand.links)
    out[[at[keys[i]] for i in np.flatnonzero(built)]] = True
    return out
