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
does not fall. The general path (`pipes_at_least`, the driver's, after every network batch)
maximises the model's own objective with the integer columns fixed; the co2 objective's cheapest
network (`solve.co2cost`) passes its own LP (money, the plan's deliveries and CO2 kept).
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from eitflow.model.arrays import MilpArrays
from eitflow.scenario import SolverOptions
from eitflow.solve.check import check_solution
from eitflow.solve.netway import least_ways

__all__ = ["LEAST_ROUNDS", "LEAST_S", "least_options", "least_pipe_sizes", "option_columns", "pipes_at_least"]

LEAST_ROUNDS = 3   # least sizes, then their flows' LP, again while a size falls (a smaller pipe loses less)
LEAST_S = 1.0      # the pass's LPs may run this long past the solve's deadline (s): each is quick (0.01 s a town)

# sizes, flows -> the LP's solution for those sizes from the best so far, or None (nothing kept)
Resolve = Callable[[np.ndarray, np.ndarray, float], "np.ndarray | None"]


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
    through = np.zeros((nC, T))
    np.add.at(through, nb.a_corridor, flow)
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
    if not len(J):
        return y
    # per size: whether it may replace its corridor's built one (of discrete sizing, left open by
    # the model, as a cut or fixing may rule some out; carrying the corridor's flows in every
    # period to the solver's tolerance: a pipe run full carries its capacity)
    fit = ~is_lin & (arr.ub[o] > 0.5) & np.all(nb.capacity_t >= through[oc] * (1 - 1e-9) - 1e-9, axis=1)
    # every (built size j, size q of j's corridor) pair at once (as one loop per corridor did,
    # each a dozen numpy calls: 1.5 ms of FCNetLib sp50x100's 29 corridors, half its HiGHS run)
    order = np.argsort(oc, kind="stable")
    cnt = np.bincount(oc, minlength=nC)
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
    (`least_options`), and the flows re-solved for them by `resolve(best, sizes, deadline)` (an
    LP: a smaller pipe loses less, so the same deliveries need no more of any arc or
    injection), again while a size falls, at most `LEAST_ROUNDS` times, until `deadline` (epoch
    s); `start` itself (the same object) where no size falls or `resolve` keeps nothing."""
    o, _ = option_columns(arr)
    best = start
    for _ in range(LEAST_ROUNDS):
        y = least_options(arr, best)
        if np.array_equal(y, (best[o] > 0.5).astype(float)) or deadline - time.time() <= 0.05:
            break
        zk = resolve(best, y, deadline)
        if zk is None:
            break
        best = zk
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
        Epoch seconds by which the pass ends (`LEAST_S` past the solve's is the driver's).

    Returns
    -------
    numpy.ndarray
        The column values kept.
    """
    nb = arr.network
    if nb is None or not len(nb.options):
        return z
    from eitflow.solve.highs import solve_highs

    o, _ = option_columns(arr)
    ints = arr.integrality != 0

    def resolve(best: np.ndarray, y: np.ndarray, end: float) -> np.ndarray | None:
        z1 = best.copy()
        z1[o] = y
        z1 = least_ways(arr, z1)   # a way column may not outlive its corridor's size
        lb, ub = arr.lb.copy(), arr.ub.copy()
        lb[ints] = ub[ints] = np.round(z1[ints])
        r = solve_highs(arr.relaxed(lb, ub), opts, end - time.time())
        if r.z is None:
            return None
        zk = np.where(ints, np.round(r.z), np.asarray(r.z, float))
        was = float(arr.c @ best)
        if check_solution(arr, zk) or float(arr.c @ zk) < was - 1e-9 * max(abs(was), 1.0):
            return None
        return zk

    return least_pipe_sizes(arr, z, resolve, deadline)
