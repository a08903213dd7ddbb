"""Connected components of the candidate graph share no constraint: solving them apart is
exact. Small components are batched so the solver is not started thousands of times."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from eitflow.candidates.generate import Candidates
from eitflow.scenario import Scenario

BATCH_LINKS = 32  # tiny components are grouped up to this many links per solver call (HiGHS is much


def components(scen: Scenario, cand: Candidates) -> tuple[int, np.ndarray]:
    """(number of components, component label per candidate link)."""
    lk = cand.links
    nf = len(scen.flows)
    if len(lk) == 0:
        return 0, np.zeros(0, np.int64)
    # nodes: flows, then hubs (all resources of a hub share its capacity, so one node each)
    nh = 0 if scen.hubs is None else len(scen.hubs)
    n = nf + nh
    s, d = lk["supply"].to_numpy(np.int64), lk["demand"].to_numpy(np.int64)
    if "hub" in lk:
        h = lk["hub"].to_numpy(np.int64)
        s = np.where(s >= 0, s, nf + h)
        d = np.where(d >= 0, d, nf + h)
    g = sp.coo_matrix((np.ones(len(s)), (s, d)), shape=(n, n))
    _, lab = connected_components(g, directed=False)
    comp_of_link = lab[s]
    uniq, inv = np.unique(comp_of_link, return_inverse=True)
    return len(uniq), inv


def _batches(comp: np.ndarray, ncomp: int) -> list[np.ndarray]:
    """Group link positions by component; big components alone, small ones batched; largest first."""
    if ncomp == 0:
        return []
    order = np.argsort(comp, kind="stable")
    sizes = np.bincount(comp, minlength=ncomp)
    groups = np.split(order, np.cumsum(sizes)[:-1])
    groups.sort(key=len, reverse=True)
    out: list[np.ndarray] = []
    cur: list[np.ndarray] = []
    cur_n = 0
    for g in groups:
        if len(g) >= BATCH_LINKS:
            out.append(g)
            continue
        if cur_n + len(g) > BATCH_LINKS:
            out.append(np.concatenate(cur))
            cur, cur_n = [], 0
        cur.append(g)
        cur_n += len(g)
    if cur:
        out.append(np.concatenate(cur))
    return [np.sort(b) for b in out]


