"""A solver's solution tidied where the model allows, before any output reads it: switches on
that carry nothing turned off (links: `unswitch_idle`; network pipe sizes: `unswitch_idle_options`),
sized supplies' capacities at the least that carries their deliveries (`least_sizes`) and a
lossless corridor's flows both ways in one period netted (`cancel_circulation`). Each
keeps the plan, can only raise its objective, and is kept only when the solution still satisfies
the model (`solve.check.check_solution`), so the objective and every table say one figure. `holds`
(before, after): rows of the caller's beyond `arr` (a model extended in PuLP: a switch the user
forced on stays on), a change kept only when it says True."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from eitflow.candidates.netdirected import has_cycle
from eitflow.model.arrays import MilpArrays
from eitflow.solve.check import check_solution
from eitflow.solve.netway import least_ways

Holds = Callable[[np.ndarray, np.ndarray], bool] | None

__all__ = ["cancel_circulation", "least_sizes", "unswitch_idle", "unswitch_idle_options"]


def unswitch_idle(arr: MilpArrays, z: np.ndarray, flow: np.ndarray, holds: Holds = None) -> np.ndarray:
    """`z` with the switch of every link that carries nothing turned off, where the model
    allows it (`check_solution`): a solver stopped at its time limit or its gap target may
    return a link built idle, whose fixed cost was in the objective while the results, which
    count a link as built when it carries something, left it out (a run said an objective of
    471,863 EUR/yr and a net benefit of 472,155). Off, the plan is the same and worth its fixed
    cost more; the objective and every table then say one figure. `flow`: per candidate link,
    its yearly flow in `z` (read_columns' own, not computed again)."""
    yb = arr.cols["y"]
    if not len(yb):
        return z
    idle = (z[yb.slice] > 0.5) & (flow[yb.labels] <= 0.0)
    if not idle.any():
        return z
    z2 = z.copy()
    z2[np.arange(yb.slice.start, yb.slice.stop)[idle]] = 0.0
    return _kept(arr, z, z2, holds)


def least_sizes(arr: MilpArrays, z: np.ndarray, holds: Holds = None) -> np.ndarray:
    """`z` with each sized supply's capacity S_i at the least that carries its deliveries,
    max over periods of (outgoing flow / the period's share): a solver stopped at its gap, or
    the co2 objective (where capacity costs nothing), may leave it larger; the plan is the
    same, its objective can only rise, and every output then reads one capacity (`supply_use`
    rows: outgoing - share x S_i <= 0)."""
    zb = arr.cols["size_supply"]
    if not len(zb):
        return z
    rb = arr.rows["supply_use"]
    k = np.searchsorted(zb.labels, rb.labels)   # each row's capacity column (labels: sorted flow positions)
    sub = arr.A[rb.slice]
    share = -np.asarray(sub[np.arange(len(k)), zb.start + k]).ravel()
    out = sub @ z + share * z[zb.start + k]      # the supply's outgoing flow in the row's period
    need = np.where(share > 0, np.maximum(out, 0.0) / np.maximum(share, 1e-300), 0.0)
    least = np.zeros(len(zb))
    np.maximum.at(least, k, need)
    z2 = z.copy()
    z2[zb.slice] = np.minimum(least, z[zb.slice])
    return _kept(arr, z, z2, holds)


#: an arc's flow at most this share of its bound (at least 1) is a solver's rounding, not a flow
#: (`unswitch_idle_options`): HiGHS leaves 1e-13 to 1e-11 on arcs it did not mean to use
DUST = 1e-9


def unswitch_idle_options(arr: MilpArrays, z: np.ndarray, holds: Holds = None) -> np.ndarray:
    """`z` with every pipe size (a network's option) whose corridor carries nothing in any
    period turned off, where the model allows it: a size that costs nothing (a corridor of 0
    km between two sites at one address; an existing pipe's loss while in service) may be left
    on by the solver, and corridors.csv, the map and the count of corridors built then listed a
    pipe that carries nothing (Fos with a generated network: 2 corridors built, one of 0 km and
    no flow). A corridor whose arcs carry at most DUST x their bound carries nothing: those
    flows go to 0 with its sizes (FCNetLib's l121x232 kept 4 sizes of no cost on, over flows of
    1e-12, once `_least_flows`' LP, which took them out, was no longer run where no loop can
    be). A lossy size's heat is drawn at its ends: turned off, the balance rows may refuse it,
    and `z` is kept as it was."""
    nb = arr.network
    if nb is None or not len(nb.options):
        return z
    sl = arr.cols["arc"].slice
    xa = z[sl].reshape(len(nb.arcs), arr.periods)
    ub = arr.ub[sl].reshape(xa.shape)
    dust = xa <= DUST * np.maximum(1.0, np.where(np.isfinite(ub), ub, 1.0))
    ncor = int(max(nb.opt_corridor.max(initial=-1), nb.a_corridor.max(initial=-1))) + 1
    carried = np.zeros(ncor, bool)
    np.logical_or.at(carried, nb.a_corridor, ~dust.all(axis=1))
    sb = arr.cols["size"]
    on = z[sb.slice] > 0.5
    idle = on & ~carried[nb.opt_corridor]
    if not idle.any():
        return z
    z2 = z.copy()
    z2[sb.start + np.flatnonzero(idle)] = 0.0
    if len(nb.lin):   # a linearly sized option's capacity goes with it
        kb = arr.cols["size_cap"]
        z2[kb.start + np.flatnonzero(idle[nb.lin])] = 0.0
    off = np.zeros(ncor, bool)
    off[nb.opt_corridor[idle]] = True
    if (xa[off[nb.a_corridor]] > 0.0).any():   # the dust on the corridors turned off
        x2 = xa.copy()
        x2[off[nb.a_corridor]] = 0.0
        z2[sl] = x2.ravel()
    return _kept(arr, z, z2, holds)


def _kept(arr: MilpArrays, z: np.ndarray, z2: np.ndarray, holds: Holds) -> np.ndarray:
    """`z2` where it satisfies the model and the caller's `holds`, else `z`; its way columns
    (`solve.netway`) at their least first, since a change of flows or sizes moves them."""
    z2 = least_ways(arr, z2)
    return z2 if not check_solution(arr, z2) and (holds is None or holds(z, z2)) else z


def cancel_circulation(arr: MilpArrays, z: np.ndarray, holds: Holds = None) -> np.ndarray:
    """`z` with the loops of flow on a network's lossless corridors (yield 1 each way) taken
    out: a corridor's flows both ways in one period netted (x_ab - d, x_ba - d, d = min), then,
    where the arcs carrying something in a period close a directed loop (twin corridors carrying
    opposite ways included), the least total flow on those arcs that leaves every node's balance
    in every period as it was, no arc carrying more than it did (an LP, `_least_flows`). On a network whose pipes cost nothing per unit carried
    (hydrogen, CO2: no pumping in the catalogue; existing pipes) the solver may return such a
    loop at no cost: a generated hydrogen network said a corridor carried 500 t/yr one way and
    800 t/yr the other (flow and peak 1,300 t/yr, 'carried both ways' in the report) where 300
    t/yr crossed it, and a ring of existing pipes listed 6 pipes and 22 km in use for 3 and 12
    km. The plan is the same and its objective can only rise (less pumping); each step is kept
    only where the model accepts it (`check_solution`)."""
    nb = arr.network
    if nb is None or not len(nb.arcs):
        return z
    sl = arr.cols["arc"].slice
    xa = z[sl].reshape(len(nb.arcs), arr.periods)
    free = np.abs(np.asarray(nb.a_yield, float) - 1.0) <= 1e-12
    ab = np.flatnonzero((nb.a_way == 0) & free)
    back = np.full(int(nb.a_corridor.max(initial=-1)) + 1, -1, np.int64)
    ba_ = np.flatnonzero((nb.a_way == 1) & free)
    back[nb.a_corridor[ba_]] = ba_
    ab = ab[back[nb.a_corridor[ab]] >= 0]
    ba = back[nb.a_corridor[ab]]
    d = np.minimum(xa[ab], xa[ba])
    if (d > 0.0).any():
        x2 = xa.copy()
        x2[ab] -= d
        x2[ba] -= d
        z2 = z.copy()
        z2[sl] = x2.ravel()
        if _kept(arr, z, z2, holds) is z2:
            z, xa = z2, x2
    least = _least_flows(nb.a_tail, nb.a_head, np.flatnonzero(free & (xa > 0.0).any(axis=1)), xa)
    if least is None:
        return z
    z2 = z.copy()
    z2[sl] = least.ravel()
    return _kept(arr, z, z2, holds)


def _least_flows(tail: np.ndarray, head: np.ndarray, ia: np.ndarray, xa: np.ndarray) -> np.ndarray | None:
    """`xa` (arcs x periods) with the arcs `ia` at the least total flow that keeps each node's
    net outflow along them in every period, each arc at most its flow in `xa`; None where, in
    every period, the arcs of `ia` carrying flow close no directed loop (`_loop_free`: nothing
    to take out), or the LP fails."""
    if len(ia) < 2:
        return None
    t, h = np.asarray(tail, np.int64)[ia], np.asarray(head, np.int64)[ia]
    # the places the arcs touch, numbered 0.. in the order of their ids (np.unique's inverse,
    # without its sort: 70 us of the 0.1 ms this check costs every network solve)
    seen = np.zeros(int(max(t.max(), h.max())) + 1, bool)
    seen[t] = seen[h] = True
    loc = np.cumsum(seen) - 1
    lt, lh = loc[t], loc[h]
    n = int(loc[-1]) + 1
    if _loop_free(n, lt, lh, xa[ia] > 0.0):
        return None
    import scipy.sparse as sp
    from scipy.optimize import linprog

    T = xa.shape[1]
    ub = xa[ia].ravel()   # column k * T + p: arc ia[k], period p
    col = np.arange(len(ia) * T)
    per = col % T
    arc = col // T
    rows = np.r_[lt[arc] * T + per, lh[arc] * T + per]
    A = sp.csr_matrix((np.r_[np.ones(len(col)), -np.ones(len(col))], (rows, np.r_[col, col])), shape=(n * T, len(col)))
    sol = linprog(np.ones(len(col)), A_eq=A, b_eq=A @ ub, bounds=np.c_[np.zeros(len(col)), ub], method="highs")
    if sol.status != 0 or sol.x is None:
        return None
    out = xa.copy()
    out[ia] = np.clip(sol.x, 0.0, ub).reshape(len(ia), T)
    return out


def _loop_free(n: int, lt: np.ndarray, lh: np.ndarray, carries: np.ndarray) -> bool:
    """Whether no period's arcs carrying flow (`carries`: arcs x periods) close a directed loop
    among the `n` nodes (arcs lt -> lh): then `_least_flows`' LP can take nothing out, and is
    not run (on FCNetLib's one-way networks HiGHS leaves flows of 1e-13 on a few unbuilt arcs
    that close a loop only undirected; the LP took 3.5 ms of CPU to give back the same flows).

    Why: the LP's points are x - c with 0 <= x - c <= x and every node's net outflow kept in
    every period, so c >= 0 is, period by period, a circulation on the arcs carrying flow in
    that period. A non-zero circulation c >= 0 is a sum of directed cycles with positive flow
    (flow decomposition: from an arc with c > 0, conservation gives an arc with c > 0 out of its
    head, and so on until a node repeats). Without a directed cycle among them c = 0: the
    optimum is x itself. With one, eps > 0 around it is feasible and lowers the total, so the
    LP runs. Two corridors between the same places carrying opposite ways are such a cycle (an
    undirected check on the places' pairs counted them as one edge, and left them). The periods'
    union first: a subgraph of a graph without a directed cycle has none."""
    if not has_cycle(n, lt, lh):          # every arc of `ia` carries flow in some period
        return True
    if carries.shape[1] == 1:
        return False
    return not any(has_cycle(n, lt[c], lh[c]) for c in carries.T)
