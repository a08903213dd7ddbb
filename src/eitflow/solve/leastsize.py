"""A network plan's pipes at the least sizes carrying its flows, idle ones unbuilt.

A MIP stopped at its time limit (or its gap target) returns its incumbent, and an incumbent may
lay a pipe larger than its flows need, or a pipe that carries nothing in any period: HiGHS found
it, had no time to find the same plan with less pipe, and every money figure (investment,
corridors.csv, each company's share of a network) then described pipes nobody needs. Seen on a
generated town of 30 buildings (`bench.netsynth.network_city(30, 2, 0)`, discrete sizes): the
co2 objective's money stage (`solve.lexico`) kept 2 corridors of 40 above their least size, and
`objective: net_benefit` at 20 s and less kept idle and oversized corridors.

So, after any solve (a proven optimum is left as it is: nothing falls), one pass:

- each built corridor of discrete sizes drops to its cheapest size (by its annual cost,
  `NetBlock.cost`, EUR/yr) whose capacity carries the sum of its arcs' flows in every period,
  as the capacity rows count them (`least_options`); a corridor carrying nothing in any period
  is unbuilt (every size, linear sizing's switch too); a corridor with two sizes laid side by
  side stays as solved;
- then an LP re-solves the flows for those sizes (a smaller pipe loses less: the same deliveries
  need no more injection), every other integer column as it was;
- again while a size falls, at most `LEAST_ROUNDS` times.

A round is kept only where the model accepts it (`solve.check.check_solution`) and the objective
does not fall; where it is refused, its resized corridors are split in two halves, each tried
from the best so far, and so on down to one corridor (a row of the caller's holding one pipe
idle, say, no longer keeps every other corridor above its least size: `_kept`). The general path (`pipes_at_least`, the driver's, after every network batch)
maximises the model's own objective with the integer columns fixed; the co2 objective's cheapest
network (`solve.co2cost`) passes its own LP (money, the plan's deliveries and CO2 kept).

Time: the driver's pass over all a run's network batches ends by the solver's deadline plus
`budget.LEAST_S` (1 s), which the run's budget keeps back for it (`budget.reserve_s`), so that
it fits inside the time limit; each batch gets an equal share of what is left of it
(`pass_deadline`), what a batch leaves unused going to the next.
"""

from __future__ import annotations

import time
from typing import Protocol

import numpy as np

from eitflow.model.arrays import MilpArrays
from eitflow.scenario import SolverOptions
from eitflow.solve.budget import LEAST_S
from eitflow.solve.netway import least_ways
from eitflow.solve.refit import refit_flows

__all__ = ["LEAST_ROUNDS", "LEAST_S", "least_options", "least_pipe_sizes", "option_columns", "pass_deadline",
           "pipes_at_least"]

LEAST_ROUNDS = 3   # least sizes, then their flows' LP, again while a size falls (a smaller pipe loses less)


class Resolve(Protocol):
    """The LP of a round: the solution for option columns `sizes` (0/1) from `start` (the best
    so far), by `deadline` (epoch s), or None where it is refused (nothing kept). Called with
    keywords, so that a solve taking more parameters is one `functools.partial` of it."""

    def __call__(self, *, start: np.ndarray, sizes: np.ndarray, deadline: float) -> np.ndarray | None: ...


def pass_deadline(end: float, batches_left: int, now: float | None = None) -> float:
    """The deadline (epoch s) of one network batch's pass when the pass over all of them ends
    by `end` (epoch s) and `batches_left` of them, this one included, are still to pass: an
    equal share of what is left from `now` (default: the clock), never past `end`.

    Parameters
    ----------
    end : float
        Epoch seconds by which every batch's pass is over (the solver's deadline + `LEAST_S`).
    batches_left : int
        Network batches still to pass, this one included (at least 1 is assumed).
    now : float, optional
        Epoch seconds now.

    Returns
    -------
    float
        Epoch seconds.
    """
    now = time.time() if now is None else now
    return now + max(end - now, 0.0) / max(batches_left, 1)


def option_columns(arr: MilpArrays) -> tuple[np.ndarray, np.ndarray]:
    """The network's option (size) columns of `arr` and which of them are linear sizing's."""
    nb = arr.network
    assert nb is not None
    is_lin = np.zeros(len(nb.options), bool)
    is_lin[nb.lin] = True
    return nb.opt_col0 + np.arange(len(nb.options)), is_lin


def least_options(arr: MilpArrays, z: np.ndarray) -> np.ndarray:
    """The option columns of `z` (0/1, one per option of `arr.network`) with each built
    corridor of discrete sizes at its cheapest size (annual cost, EUR/yr: `NetBlock.cost`, the
    net-benefit objective under either objective) carrying `z`'s arc flows (the sum of its arcs'
    flows in each period, network units per period, as the capacity rows count them), never a
    dearer size than `z`'s; every option of a built corridor that carries nothing in any period
    0 (linear sizing's switch too); a corridor laid with two sizes, or with a size the model
    holds on (its lower bound 1), otherwise as in `z`."""
    nb = arr.network
    assert nb is not None
    T = arr.periods
    o, is_lin = option_columns(arr)
    y = (z[o] > 0.5).astype(float)
    flow = z[nb.arc_col0:nb.arc_col0 + len(nb.arcs) * T].reshape(len(nb.arcs), T)
    nC = int(max(nb.opt_corridor.max(), nb.a_corridor.max(initial=-1))) + 1
    # carried as `solve.tidy.unswitch_idle_options` counts it: any flow on any arc in any period
    carried = np.zeros(nC, bool)
    np.logical_or.at(carried, nb.a_corridor, (flow > 0.0).any(axis=1))
    # a corridor with a size the model holds on (an existing pipe in service) stays as solved
    held = np.zeros(nC, bool)
    held[nb.opt_corridor[arr.lb[o] > 0.5]] = True
    y[~carried[nb.opt_corridor] & ~held[nb.opt_corridor]] = 0.0
    cost = -nb.cost[o - nb.arc_col0]   # annual cost (EUR/yr) of each size
    oc = nb.opt_corridor
    on = y > 0.5
    # a corridor with two sizes laid side by side stays as solved: only those with one size built
    alone = np.bincount(oc[on], minlength=nC) == 1
    J = np.flatnonzero(on & ~is_lin & ~held[oc] & alone[oc])
    cnt = np.bincount(oc, minlength=nC)
    if not len(J) or bool((cnt[oc[J]] == 1).all()):
        # nothing to compare: a built size that is its corridor's only option (own costs, as
        # FCNetLib's every corridor) can only stay, which the pairs below would find at 0.1 ms
        return y
    through = np.zeros((nC, T))   # each corridor's flows per period (not needed above: FCNetLib's every run)
    np.add.at(through, nb.a_corridor, flow)
    # per size: whether it may replace its corridor's built one (of discrete sizing, left open by
    # the model, as a cut or fixing may rule some out; carrying the corridor's flows in every
    # period to the solver's tolerance: a pipe run full carries its capacity)
    fit = ~is_lin & (arr.ub[o] > 0.5) & np.all(nb.capacity_t >= through[oc] * (1 - 1e-9) - 1e-9, axis=1)
    # every (built size j, size q of j's corridor) pair at once (as one loop per corridor did,
    # each a dozen numpy calls: 1.5 ms of FCNetLib sp50x100's 29 corridors, half its HiGHS run)
    order = np.argsort(oc, kind="stable")
    k = oc[J]
    n = cnt[k]
    grp = np.repeat(np.arange(len(J)), n)
    q = order[np.repeat(np.cumsum(cnt)[k] - n, n) + np.arange(int(n.sum())) - np.repeat(np.cumsum(n) - n, n)]
    jq = J[grp]
    ok = (q == jq) | (fit[q] & (nb.opt_way[q] == nb.opt_way[jq]))   # its own size, or one of its way
    grp, q = grp[ok], q[ok]
    # the cheapest of each, ties to the first size (as `np.argmin` over them in order; a NaN cost,
    # which `np.argmin` would take first, sorts first too); never a dearer size than its own
    ck = cost[q]
    pick = np.lexsort((q, np.where(np.isnan(ck), -np.inf, ck), grp))
    first = np.r_[True, grp[pick][1:] != grp[pick][:-1]]
    y[J] = 0.0
    y[q[pick][first]] = 1.0
    return y


def least_pipe_sizes(arr: MilpArrays, start: np.ndarray, resolve: Resolve, deadline: float) -> np.ndarray:
    """`start` with each corridor at its least size for its flows, idle ones unbuilt
    (`least_options`), and the flows re-solved for them by `resolve` (an LP: a smaller pipe
    loses less, so the same deliveries need no more of any arc or injection), again while a
    size falls, at most `LEAST_ROUNDS` times, until `deadline` (epoch s); a round refused
    kept where its parts are accepted (`_kept`); `start` itself (the same object) where no size
    falls or `resolve` keeps nothing."""
    best = start
    refused: set[int] = set()   # corridors refused alone: not tried again in the next rounds
    for _ in range(LEAST_ROUNDS):
        moved = _moved(arr, best, least_options(arr, best))   # sorted, each once (`np.unique`)
        if refused:   # (none refused: `setdiff1d` would give `moved` back)
            moved = np.setdiff1d(moved, np.array(sorted(refused), np.int64))
        if not len(moved) or deadline - time.time() <= 0.05:
            break
        zk = _kept(arr, best, moved, resolve, deadline, refused)
        if zk is best:
            break
        best = zk
    return best


def _moved(arr: MilpArrays, z: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The corridors (`NetBlock.opt_corridor`'s numbers) whose option columns differ between
    `z` and `y` (0/1, one per option)."""
    o, _ = option_columns(arr)
    nb = arr.network
    assert nb is not None
    return np.unique(nb.opt_corridor[(z[o] > 0.5) != (y > 0.5)])


def _kept(arr: MilpArrays, best: np.ndarray, moved: np.ndarray, resolve: Resolve, deadline: float,
          refused: set[int]) -> np.ndarray:
    """`best` with the corridors `moved` at their least sizes, as many of them as `resolve`
    accepts: all at once first (one LP, the usual case); where refused, each half in turn, from
    the best so far (its least sizes read again from those flows), and so on down to single
    corridors, a refused one left as it was (added to `refused`), until `deadline` (epoch s).
    One corridor refused among m costs about 2 log2(m) LPs more; `best` itself where none is
    kept."""
    o, _ = option_columns(arr)
    nb = arr.network
    assert nb is not None
    groups = [moved]
    while groups and deadline - time.time() > 0.05:
        g = groups.pop(0)
        part = np.isin(nb.opt_corridor, g)
        y = np.where(part, least_options(arr, best), (best[o] > 0.5).astype(float))
        if np.array_equal(y, (best[o] > 0.5).astype(float)):
            continue   # the flows of a half kept before already fit these corridors as they are
        zk = resolve(start=best, sizes=y, deadline=deadline)
        if zk is not None:
            best = zk
        elif len(g) > 1:   # refused: each half on its own, before the groups still to try
            groups[:0] = [g[:len(g) // 2], g[len(g) // 2:]]
        else:
            refused.add(int(g[0]))
    return best


def pipes_at_least(arr: MilpArrays, z: np.ndarray, opts: SolverOptions, deadline: float) -> np.ndarray:
    """`z` (a solution of `arr`) with its network's pipes at the least sizes carrying its flows
    and idle ones unbuilt (`least_pipe_sizes`), each round's flows the LP of `arr`'s own
    objective (EUR/yr or tCO2/yr, maximised) with every integer column fixed (the way columns of
    `solve.netway` at their least for the new sizes); a round kept where the model accepts it
    and the objective does not fall. `z` itself without a network of sizes, or where nothing
    falls before `deadline` (epoch s).

    Parameters
    ----------
    arr : MilpArrays
        The batch's model (its cuts and extra rows included: the LP keeps them).
    z : numpy.ndarray
        The solver's column values.
    opts : SolverOptions
        The run's solver options (threads).
    deadline : float
        Epoch seconds by which the pass ends (the driver's: its share of the `LEAST_S` past the
        solver's deadline, `pass_deadline`).

    Returns
    -------
    numpy.ndarray
        The column values kept.
    """
    nb = arr.network
    if nb is None or not len(nb.options):
        return z
    o, _ = option_columns(arr)

    def resolve(*, start: np.ndarray, sizes: np.ndarray, deadline: float) -> np.ndarray | None:
        z1 = start.copy()
        z1[o] = sizes
        z1 = least_ways(arr, z1)   # a way column may not outlive its corridor's size
        zk = refit_flows(arr, z1, deadline - time.time(), opts)
        was = float(arr.c @ start)
        if zk is None or float(arr.c @ zk) < was - 1e-9 * max(abs(was), 1.0):
            return None
        return zk

    return least_pipe_sizes(arr, z, resolve, deadline)
