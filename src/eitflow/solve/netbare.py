"""The plan without new corridors: a network batch solved with every pipe size off (its
point-to-point links and existing pipes only), the start of the cut rule's probe
(`solve.netcuts.strengthen`).

Under load HiGHS's probe may find no plan but "build nothing" (HiGHS's first incumbent) on a
network of some size. Meurthe-et-Moselle's discrete Delaunay network (`eitflow import hotmaps
--departements 54`, 15 km corridors: 2,192 columns, 1,860 binaries) in a 30 s limit ended at 0
EUR/yr in 1 run of 3 at load 8-10 and 2 of 3 at load 12-17 (bound 16.7 M EUR/yr), where the same
model with every size off solves in 0.07-0.28 s to 14,537,816 EUR/yr, 0.7 % below the network's
optimum (14,640,350: the corridors add 102,534); from it, 14,537,816 in 3 runs of 3. Its plan
is feasible for the whole model (only bounds are tightened), so it starts the probe, whose
incumbent is then never worse (benchmarks/HISTORY.md, "The cut rule's probe under load").
Batches with a required demand get the spanning-tree start instead (`solve.netstart`): there
the plan without new corridors is rarely feasible (FCNetLib's demands are reached through the network).
"""

from __future__ import annotations

import dataclasses

from eitflow.model.arrays import MilpArrays
from eitflow.scenario import SolverOptions
from eitflow.solve.status import BatchResult

__all__ = ["BARE_SHARE", "bare_plan"]

BARE_SHARE = 0.1   # of the probe's time, at most, for the plan without new corridors


def bare_plan(arr: MilpArrays, opts: SolverOptions, limit_s: float) -> BatchResult | None:
    """`arr` solved within `limit_s` seconds with every pipe size (block ``size``, and a linear
    size's capacity ``size_cap``) held at 0.

    Parameters
    ----------
    arr : MilpArrays
        A batch with a network.
    opts : SolverOptions
        The solver's options (threads, gap target).
    limit_s : float
        Its time limit (s).

    Returns
    -------
    BatchResult or None
        Its result, whose `z` is a feasible point of `arr` worth `objective` (EUR/yr, or
        tCO2/yr), or None without a plan worth more than building nothing.
    """
    from eitflow.solve.highs import solve_highs

    ub = arr.ub.copy()
    for block in ("size", "size_cap"):
        if block in arr.cols:
            ub[arr.cols[block].slice] = 0.0
    r = solve_highs(dataclasses.replace(arr, ub=ub), opts, max(limit_s, 0.01))
    if r.z is None or r.objective is None or r.objective <= 0.0:
        return None
    return r
