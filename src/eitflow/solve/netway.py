"""Sizes carrying either way, oriented per month, for the directed cuts of a network with
monthly profiles and one role per site (issue #15).

A linearly sized two-way corridor c = {a, b} with monthly profiles may have a size carrying
either way (`model.network`: its switch y_e, one way in summer, the other in winter). Its two
arcs are each bounded by that switch, so the LP relaxation counts y_e for both ways in the
same month: on `benchmarks/twoway_grid.py --one-role` its optimum sends heat both ways along
most corridors in every month, and a directed cut (`solve.netcuts`) into a set of nodes and
one into its neighbour both take D y_e from the same corridor. Here each arc ab of such a
corridor gets, per period t, a way column d_ab,t in [0, 1] (block ``net_way``) and the rows

    net_way_arc   x_ab,t - M_ab,t (y_ab + d_ab,t) <= 0        every arc and period
    net_way_one   d_ab,t + d_ba,t - y_e <= 0                  every corridor and period

(M_ab,t: the arc's column bound; y_ab: the corridor's sizes carrying that way only, y_e
those carrying either way), and the directed cuts, separated per period, count d_ab,t where
they counted y_e (`netcuts.add_network_cuts(way_cols=...)`).

Exactness (the MILP's optimum is unchanged). Take any feasible solution of the model without
these columns. On a corridor whose arcs lose nothing in proportion (eta = 1; only such
corridors get way columns), replace x_ab,t, x_ba,t by x_ab,t - m, x_ba,t - m with
m = min(x_ab,t, x_ba,t): every node balance is unchanged (m leaves and enters each end), the
capacity and arc-bound rows only loosen, and the objective does not fall (the arcs' columns
cost, `c <= 0`, or are free; batches where some arc column has a positive objective get no way
columns). Now at most one arc of c carries heat in t; set d_a,t = y_e for that arc, 0 for the
other (both 0 when neither carries). Since at most one size of c is built, every switch
y_ab + d_ab,t is 0 or 1 and bounds its arc's flow: net_way_arc and net_way_one hold, and the
directed-cut argument of `solve.netcuts` (a cut arc either has its switch at 1, or carries
nothing) holds with the switch y_ab + d_ab,t in place of y_ab + y_e. So every solution has one
at least as good satisfying the new rows and cuts. The way columns are continuous: an integer
point may leave them fractional, HiGHS branches only on the sizes. Batches with the same-site
rule's columns (`model.netsame`: sites with both roles, whose own_carry rows bound a site's
heat by the arcs' flows, which netting would lower) get none.

In the solve (`probe_then_cut`; not where the network's `cuts` is `off`, `solve.netprep`; with
`cuts: on` the cuts at once, without the probe, as `cuts: on` of one period), the plain model
gets a third of the time first: with the cuts HiGHS's bound falls but its own
heuristics found worse plans on two grids of three, so the probe's plan starts the model with
the way columns and the cuts (HISTORY, measured).

The rows alone do not move the LP bound (no LP optimum is lowered by them without the cuts:
the single-node cuts of a demand node and of its supply neighbour count a corridor in the same
way); with the cuts they do, measured in benchmarks/HISTORY.md ("Corridors used both ways by
season", one role per site).
"""

from __future__ import annotations

import dataclasses
import time

import numpy as np
import scipy.sparse as sp

from eitflow.model.arrays import MilpArrays
from eitflow.solve.status import BatchResult, Status

__all__ = ["WAY_CUT_SHARE", "WAY_FIRST_LP_SHARE", "WAY_PROBE_SHARE", "least_ways", "oriented_cuts", "probe_then_cut", "way_arcs",
           "with_way_columns"]

# of the time left, at most, for the rounds of directed cuts with way columns (they stop
# sooner when the bound stalls: 11 rounds, 6.5 s on the 4 x 4 one-role grid, load 9)
WAY_CUT_SHARE = 0.2
# ... counting their first LP, which may take up to WAY_FIRST_LP_SHARE of the time left, and
# at least one separation after it (its cuts kept: HiGHS's root re-solves the LP with them).
# Meurthe-et-Moselle's monthly network (8,098 x 8,574 with its way columns): first LP 2.3-4.6 s,
# the LP after a round 4.9-7.5 s and more at load 5-12, where the share was 3.3-3.9 s at 30 s:
# 0 rounds, no cut, and the final solve got the 2,832 way columns for nothing (benchmarks/HISTORY.md,
# "netway's rounds on a large network")
WAY_FIRST_LP_SHARE = 0.3
# of the time left, what the plain model (no way columns, no cuts) gets first, its incumbent
# then starting the model with them. Measured on `twoway_grid.py --one-role` (60 s, load
# 7-13, 2026-12-06): with the cuts alone HiGHS's bound fell (1.580 -> 1.443, 1.457 -> 1.294,
# 1.564 -> 1.373 MEUR/yr, seeds 0-2) but its plans too on seeds 1 and 2 (1,125,557 ->
# 1,039,636 and 1,179,165 -> 1,098,870 EUR/yr); a third of the time on the plain model first
# kept its plans (1,196,064, 1,125,557, 1,179,165) with the cuts' bounds (benchmarks/HISTORY.md)
WAY_PROBE_SHARE = 1 / 3


def way_arcs(arr: MilpArrays) -> np.ndarray:
    """Local arcs of `arr`'s network that get a way column per period (see the module
    docstring): both arcs of a lossless two-way corridor with a size carrying either way, in a
    model with monthly profiles, no same-site columns and no arc earning from its flow.
    Empty when the batch does not qualify."""
    nb = arr.network
    none = np.zeros(0, np.int64)
    if nb is None or arr.periods == 1 or not len(nb.options) or len(nb.opt_way) != len(nb.options) \
            or len(nb.a_way) != len(nb.arcs) or ("own_arc" in arr.cols and len(arr.cols["own_arc"])):
        return none
    T = nb.periods
    if np.any(arr.c[nb.arc_col0:nb.arc_col0 + len(nb.arcs) * T] > 0):
        return none
    nC = int(max(nb.a_corridor.max(initial=-1), nb.opt_corridor.max(initial=-1))) + 1
    two = np.bincount(nb.a_corridor, minlength=nC) == 2
    either = np.zeros(nC, bool)
    either[nb.opt_corridor[nb.opt_way < 0]] = True
    lossless = np.ones(nC, bool)
    np.logical_and.at(lossless, nb.a_corridor, nb.a_yield >= 1.0)
    return np.flatnonzero((two & either & lossless)[nb.a_corridor])


def with_way_columns(arr: MilpArrays) -> tuple[MilpArrays, np.ndarray | None]:
    """`arr` with the way columns (block ``net_way``, continuous in [0, 1]) and the rows
    ``net_way_arc`` and ``net_way_one`` (see the module docstring), and per local arc and
    period the way column (-1: none; arcs x periods). (`arr`, None) when no arc qualifies."""
    oa = way_arcs(arr)
    if not len(oa):
        return arr, None
    nb = arr.network
    assert nb is not None
    T, nA, n0 = nb.periods, len(nb.arcs), arr.shape[1]
    nd = len(oa) * T
    dcol = np.full((nA, T), -1, np.int64)
    dcol[oa] = n0 + np.arange(nd).reshape(len(oa), T)
    xcol = nb.arc_col0 + oa[:, None] * T + np.arange(T)[None, :]              # (way arcs, T)
    M = arr.ub[xcol]
    # net_way_arc: x - M d - M (sizes of the arc's own way) <= 0, one row per (way arc, t)
    own = (nb.opt_corridor[None, :] == nb.a_corridor[oa][:, None]) & (nb.opt_way[None, :] == nb.a_way[oa][:, None])
    ai, oi = np.nonzero(own)                                                  # (way arc, option) pairs
    r_arc = np.arange(nd).reshape(len(oa), T)
    R = [r_arc.ravel(), r_arc.ravel(), np.repeat(r_arc[ai], 1, axis=0).ravel()]
    C = [xcol.ravel(), dcol[oa].ravel(), np.repeat(nb.opt_col0 + oi, T)]
    V = [np.ones(nd), -M.ravel(), -M[ai].ravel()]
    # net_way_one: d_ab + d_ba - y_e <= 0, one row per (corridor, t)
    cors = np.unique(nb.a_corridor[oa])
    rc = np.full(int(nb.a_corridor.max()) + 1, -1, np.int64)
    rc[cors] = np.arange(len(cors))
    r_one = nd + rc[nb.a_corridor[oa]][:, None] * T + np.arange(T)[None, :]
    eo = np.flatnonzero((nb.opt_way < 0) & np.isin(nb.opt_corridor, cors))
    r_e = nd + rc[nb.opt_corridor[eo]][:, None] * T + np.arange(T)[None, :]
    R += [r_one.ravel(), r_e.ravel()]
    C += [dcol[oa].ravel(), np.repeat(nb.opt_col0 + eo, T)]
    V += [np.ones(nd), -np.ones(len(eo) * T)]
    nr = nd + len(cors) * T
    E = sp.csr_matrix((np.concatenate(V), (np.concatenate(R), np.concatenate(C))), shape=(nr, n0 + nd))
    cols = arr.cols.__class__()
    for b in arr.cols:
        cols.add(b.name, len(b), b.labels)
    cols.add("net_way", nd, np.repeat(nb.arcs[oa], T))
    rows = arr.rows.__class__()
    for b in arr.rows:
        rows.add(b.name, len(b), b.labels)
    rows.add("net_way_arc", nd, np.repeat(nb.arcs[oa], T))
    rows.add("net_way_one", len(cors) * T, np.repeat(cors, T))
    A = sp.vstack([sp.hstack([arr.A, sp.csr_matrix((arr.shape[0], nd))]), E]).tocsr()
    names = [f"arc_{a}_way{t}" for a in nb.arcs[oa] for t in range(T)] + [
        f"corridor_{c}_one_way{t}" for c in cors for t in range(T)]
    new = dataclasses.replace(
        arr, A=A, c=np.concatenate([arr.c, np.zeros(nd)]), lb=np.concatenate([arr.lb, np.zeros(nd)]),
        ub=np.concatenate([arr.ub, np.ones(nd)]), integrality=np.concatenate([arr.integrality, np.zeros(nd, arr.integrality.dtype)]),
        row_lo=np.concatenate([arr.row_lo, np.full(nr, -np.inf)]), row_hi=np.concatenate([arr.row_hi, np.zeros(nr)]),
        row_names=list(arr.row_names) + names, cols=cols, rows=rows)
    return new, dcol


def oriented_cuts(arr: MilpArrays, budget_s: float, threads: int = 1,
                  first_lp_s: float | None = None) -> tuple[MilpArrays, dict]:
    """`arr` with way columns (`with_way_columns`) and directed cuts separated per period
    over them (`netcuts.add_network_cuts`), within about `budget_s` seconds, and the cuts'
    summary (``way_columns``: how many were added). `arr` itself when no arc qualifies, or when
    no cut is kept (the way columns alone do not move the bound: a larger model for nothing).
    `first_lp_s`: the first LP may take this long, `budget_s` counting it, and at least one
    separation follows it (`add_network_cuts(first_counts=True)`). A network of more than
    LARGE_MAX_FLOWS nodes gets the single-node cuts at once and that many maximum flows a round
    (`netcuts._cut_rows`; forced on Meurthe-et-Moselle's monthly network, whose heat network has
    fewer nodes: its separation 0.5 s against 2.2 s, the LP after it 12,841,386 against 12,791,213
    EUR/yr)."""
    from eitflow.solve.netcuts import LARGE_MAX_FLOWS, add_network_cuts

    new, dcol = with_way_columns(arr)
    if dcol is None:
        return arr, {"way_columns": 0}
    assert new.network is not None
    flows = LARGE_MAX_FLOWS if len(new.network.nodes) > LARGE_MAX_FLOWS else None
    out, info = add_network_cuts(new, budget_s, threads, flows, first_lp_s, periods=True, way_cols=dcol,
                                 first_counts=first_lp_s is not None)
    info = {k: v for k, v in info.items() if not k.startswith("point")}
    if out is new:   # no cut kept
        info["way_columns"] = 0
        return arr, info
    info["way_columns"] = int((dcol >= 0).sum())
    return out, info


def least_ways(arr: MilpArrays, z: np.ndarray) -> np.ndarray:
    """`z` with each way column (`with_way_columns`) set as the module docstring's proof does:
    d_a,t = y_e (the corridor's sizes carrying either way) where the arc carries heat in t, else
    0 (where both carry, the one carrying more). A tidied solution (`solve.tidy`: a size turned off where its corridor carries nothing,
    flows both ways netted) would otherwise keep the way columns the solver left, which may no
    longer fit the sizes; set so, they fit every row and cut wherever at most one arc of each
    corridor carries in a period (else a row refuses the point, as it should). `z` itself
    without way columns."""
    if "net_way" not in arr.cols or not len(arr.cols["net_way"]):
        return z
    nb = arr.network
    assert nb is not None
    oa = way_arcs(arr)
    T = nb.periods
    cb = arr.cols["net_way"]
    assert len(cb) == len(oa) * T
    ye = np.zeros(int(nb.opt_corridor.max()) + 1)
    either = np.flatnonzero(nb.opt_way < 0)
    np.add.at(ye, nb.opt_corridor[either], z[nb.opt_col0 + either])
    x = z[nb.arc_col0 + oa[:, None] * T + np.arange(T)[None, :]]
    # the way carrying more (a solver's point may leave 1e-9 the other way, within the rows' tolerance)
    most = np.zeros((len(ye), T))
    np.maximum.at(most, nb.a_corridor[oa], x)
    out = np.array(z, float, copy=True)
    out[cb.slice] = np.where((x > 0) & (x >= most[nb.a_corridor[oa]]), ye[nb.a_corridor[oa]][:, None], 0.0).ravel()
    return out


def probe_then_cut(arr: MilpArrays, opts, deadline: float, probe: bool = True) -> tuple[
        MilpArrays, BatchResult | None, np.ndarray | None, float | None, dict | None]:
    """For a batch with way arcs (`way_arcs`; else `arr` and Nones): with `probe` (`cuts:
    auto`), the plain model solved for WAY_PROBE_SHARE of the time left, from the plan without new corridors where nothing is
    required (`solve.netbare`; that plan is its incumbent where HiGHS finds none better; where a
    demand is required and the probe finds no plan, the spanning-tree start is its incumbent);
    finished (optimal or infeasible), its result stands and `arr` is kept; else the model with way columns and the cuts per month
    (`oriented_cuts`, WAY_CUT_SHARE of the time then left), the probe's incumbent as its start
    (way columns set by `least_ways`: a feasible point of it, every cut holding) and the
    probe's bound (valid for both models). Without `probe` (`cuts: on`: the cuts always, no
    probe, as the cut rule of one period, `netcuts.strengthen`) the way columns and the cuts at
    once, WAY_CUT_SHARE of the time left, no start (`solve.netprep` gives the plan without new
    corridors) and the rounds' last LP as the bound. Returns (model to solve, finished result,
    start, bound, the cuts' summary with the probe's seconds)."""
    from eitflow.solve.batch import MIN_SLICE_S
    from eitflow.solve.highs import solve_highs
    from eitflow.solve.netbare import BARE_SHARE, bare_plan
    from eitflow.solve.schedule import _has_required

    left = deadline - time.time()
    if not len(way_arcs(arr)) or left < 1.0:
        return arr, None, None, None, None
    if not probe:
        new, info = oriented_cuts(arr, WAY_CUT_SHARE * left, opts.threads, WAY_FIRST_LP_SHARE * left)
        return new, None, None, info.get("lp_after"), info
    limit = WAY_PROBE_SHARE * left
    # the plan without new corridors starts the probe, as the cut rule's (`solve.netbare`): HiGHS's
    # own first incumbent may be "build nothing" and, under load, its only one
    bare = None if _has_required(arr) else bare_plan(arr, opts, BARE_SHARE * limit)
    seen = {} if bare is None else {"bare_s": bare.seconds, "bare_objective": bare.objective}
    r = solve_highs(arr, opts, max(limit - (0.0 if bare is None else bare.seconds), 0.01),
                    start=None if bare is None else bare.z)
    if r.status in (Status.OPTIMAL, Status.INFEASIBLE):
        return arr, r, None, None, {**seen, "probe_s": r.seconds, "solved_by_probe": True}
    if bare is not None and bare.objective is not None and (r.objective is None or r.objective < bare.objective):
        r = dataclasses.replace(r, status=Status.FEASIBLE, objective=bare.objective, z=bare.z)
    elif r.z is None and _has_required(arr) and deadline - time.time() >= MIN_SLICE_S:
        # no network in the probe where a demand is required: the spanning-tree start, as after
        # the cut rule's probe (`solve.netprep`)
        from eitflow.solve.netlarge import tree_start
        z0, _ = tree_start(arr, opts, deadline)
        if z0 is not None:
            r = dataclasses.replace(r, status=Status.FEASIBLE, objective=float(arr.c @ z0), z=z0)
    left = max(deadline - time.time(), 0.0)
    new, info = oriented_cuts(arr, WAY_CUT_SHARE * left, opts.threads, WAY_FIRST_LP_SHARE * left)
    z = None
    if r.z is not None:
        z = least_ways(new, np.concatenate([r.z, np.zeros(new.shape[1] - arr.shape[1])]))
    # the rounds' last LP (every cut valid for the integer plans) bounds the batch too: the
    # final solve may stop before its own root LP with the cuts is through
    bounds = [b for b in (r.bound, info.get("lp_after")) if b is not None]
    return new, None, z, min(bounds) if bounds else None, {**info, **seen, "probe_s": r.seconds}
