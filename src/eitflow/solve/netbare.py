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

The same plan starts the other network solves that have no probe of the cut rule
(`bare_starts`, from `solve.netprep`): `cuts: on` and `off`, and networks with monthly
profiles; `solve.netway`'s probe starts from it as the cut rule's does.
"""

from __future__ import annotations

import dataclasses
import time

from eitflow.model.arrays import MilpArrays
from eitflow.scenario import SolverOptions
from eitflow.solve.status import BatchResult

__all__ = ["BARE_SHARE", "bare_plan", "bare_starts"]

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


def bare_starts(arrays: list[MilpArrays], batches: list[int], opts: SolverOptions,
                deadline: float) -> dict[int, BatchResult]:
    """The plan without new corridors (`bare_plan`) of each of `batches` (indices into
    `arrays`) that has pipe sizes and no required demand, each within BARE_SHARE of the time
    left to `deadline` (epoch s) shared among those still to solve.

    Returns
    -------
    dict of int to BatchResult
        Per batch with such a plan worth more than building nothing (EUR/yr, or tCO2/yr):
        its result, whose `z` is a feasible point of the batch.
    """
    from eitflow.solve.schedule import _has_required

    todo = [k for k in batches if (nb := arrays[k].network) is not None and len(nb.options)
            and not _has_required(arrays[k])]
    out = {}
    for i, k in enumerate(todo):
        left = deadline - time.time()
        if left <= 0.05:
            break
        r = bare_plan(arrays[k], opts, BARE_SHARE * left / (len(todo) - i))
        if r is not None:
            out[k] = r
    return out
