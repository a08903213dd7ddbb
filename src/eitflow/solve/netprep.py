"""The batches with a shared network before the solve: their cuts, probes, starts and bounds.

The large ones get required-node cuts, a spanning-tree start each (a feasible network), then
their LP bound, rounds of cuts and LP-guided starts, on every worker (`solve.netlarge`); the
others directed cuts at the root where they pay, after the cut rule's probe (`solve.netcuts`);
those with sizes carrying either way and one role per site a probe, then way columns and cuts
per month (`solve.netway`; none of these with `cuts: off`, no probe with `cuts: on`); those with sizes carrying either way an LP-guided start
(`solve.netstart`); and every other one without a required demand the plan without new
corridors as its start (`solve.netbare`), so that no path leaves HiGHS to start from "build
nothing" where the point-to-point links alone are worth something.
"""

from __future__ import annotations

import dataclasses
import time
from concurrent.futures import Executor
from typing import TYPE_CHECKING

import numpy as np

from eitflow.model.arrays import MilpArrays
from eitflow.scenario import SolverOptions
from eitflow.solve.status import BatchResult

if TYPE_CHECKING:
    from eitflow.candidates.generate import Candidates
    from eitflow.scenario import Scenario

__all__ = ["NetPrep", "prepare_networks"]


@dataclasses.dataclass
class NetPrep:
    """What `prepare_networks` hands the solve: the batches (with their cut rows and way
    columns), the starts HiGHS gets, the incumbents that stand where it finds none better
    (`fallback`), bounds (EUR/yr, or tCO2/yr), the batches already solved and a summary per
    batch (`Solution.network_cuts`)."""

    arrays: list[MilpArrays]
    starts: dict[int, np.ndarray]
    fallback: dict[int, np.ndarray]
    lp_bounds: dict[int, float]
    done: dict[int, BatchResult]
    infos: list[dict]


def prepare_networks(scen: Scenario, cand: Candidates, arrays: list[MilpArrays], opts: SolverOptions,
                     deadline: float, executor: Executor | None, late: set[int], planned: set[int]) -> NetPrep:
    """The network batches of `arrays` prepared for the solve (module docstring).

    Parameters
    ----------
    scen, cand : Scenario, Candidates
        What `arrays` were built from.
    arrays : list of MilpArrays
        Every batch of the run (those without a network are left as they are).
    opts : SolverOptions
        The solver's options.
    deadline : float
        Epoch seconds by which the run's solving must be over.
    executor : Executor or None
        Where the large networks' first jobs run.
    late : set of int
        Batches built past the deadline (left alone).
    planned : set of int
        Batches with a start from a given plan (`solve.planstart`): no way probe.

    Returns
    -------
    NetPrep
    """
    from eitflow.solve.batch import MIN_SLICE_S
    from eitflow.solve.executors import executor_slots
    from eitflow.solve.netbare import bare_starts
    from eitflow.solve.netcuts import PROBE_START, cuts_mode, large_mode, strengthen
    from eitflow.solve.netlarge import is_large, large_networks
    from eitflow.solve.netstart import EITHER_START_SHARE, either_way, either_way_start
    from eitflow.solve.netway import probe_then_cut
    from eitflow.solve.schedule import _has_required

    fallback: dict[int, np.ndarray] = {}
    modes = [large_mode(a, scen, cand) if is_large(a) else cuts_mode(scen, cand, a) for a in arrays]
    large, starts, lp_bounds, net_cuts = large_networks(arrays, modes, opts, deadline, executor,
                                                        executor_slots(executor, opts.workers))
    arrays, done, probes, more = strengthen(arrays, ["off" if k in large else m for k, m in enumerate(modes)],
                                            opts, deadline)
    net_cuts += more
    for k, r in probes.items():  # a probe that did not finish: its bound and incumbent stand
        if r.bound is not None:
            lp_bounds[k] = min(lp_bounds.get(k, np.inf), r.bound)
        if r.z is not None:
            (starts if PROBE_START else fallback)[k] = r.z
        elif _has_required(arrays[k]) and deadline - time.time() >= MIN_SLICE_S:
            # HiGHS found no network in its probe (discrete sizes on a generated town: 30
            # buildings or more, none in 60 s): the spanning-tree start is one, and HiGHS
            # goes on from it
            from eitflow.solve.netlarge import tree_start
            z0, _ = tree_start(arrays[k], opts, deadline)
            if z0 is not None:
                starts[k] = z0
    way_probed: set[int] = set()
    for k, arr in enumerate(arrays):   # sizes carrying either way, one role per site: ways, cuts per month
        # (not with `cuts: off`: the probe only serves the cuts; such a batch is solved plainly below;
        # with `cuts: on` the cuts without the probe, as `cuts: on` of one period: README's option table)
        if k not in large and k not in done and k not in late and k not in planned and modes[k] != "off":
            probe = modes[k] == "auto"
            arrays[k], fin, z, b, info = probe_then_cut(arr, opts, deadline, probe=probe)
            done.update({} if fin is None else {k: fin})
            starts.update({} if z is None else {k: z})
            lp_bounds.update({} if b is None else {k: min(lp_bounds.get(k, np.inf), b)})
            net_cuts += [] if info is None else [{"batch": k, **info}]
            way_probed |= set() if info is None or not probe else {k}   # `cuts: on`: the bare start below
    for k, arr in enumerate(arrays):   # sizes carrying either way (issue #15): an LP-guided start
        if k not in large and k not in done and k not in late and k not in starts and either_way(arr) \
                and deadline - time.time() >= MIN_SLICE_S:
            z, lpb = either_way_start(arr, opts, EITHER_START_SHARE * (deadline - time.time()))
            if z is not None:
                starts[k] = z
            if lpb is not None:
                lp_bounds[k] = min(lp_bounds.get(k, np.inf), lpb)
    # the rest (`cuts: on` or `off`, monthly profiles without way columns): the plan without new
    # corridors, where it is worth more than their start so far (the probes above began from it)
    rest = [k for k, a in enumerate(arrays) if a.network is not None and k not in large and k not in done
            and k not in late and k not in probes and k not in way_probed]
    for k, r in bare_starts(arrays, rest, opts, deadline).items():
        assert r.z is not None and r.objective is not None
        if k not in starts or r.objective > float(arrays[k].c @ starts[k]):
            starts[k] = r.z
        for e in net_cuts:   # said beside a batch's cuts (`cuts: on`); a batch without cuts gets no entry
            if e.get("batch") == k:
                e.update({"bare_s": r.seconds, "bare_objective": r.objective})
    return NetPrep(arrays, starts, fallback, lp_bounds, done, net_cuts)
