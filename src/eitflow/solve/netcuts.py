"""Directed-cut inequalities for shared networks, added at the root before branching.

The LP relaxation of a fixed-charge network opens a corridor only as much as its flow needs
(y = x / K), so it says little about which trenches to dig. For any set S of network nodes
and node k in S with most withdrawal D_k, and any partition of the corridors entering S
into C (counted by their switch) and the rest (counted by their flow):

    sum_{a into S, not in C} eta_a x_a + D_k sum_{a into S, in C} y_a + injections in S >= withdrawal at k

holds in every integer solution (if a corridor of C is built the left side is at least D_k;
if none is, the withdrawal at k must enter S through the others or come from inside it).
Symmetrically for a node i with most injection S_i and a set T around it:

    sum_{a out of T, not in C} x_a + S_i sum_{a out of T, in C} y_a + withdrawals and losses in T
        >= injection at i.

These are the dicut-collection inequalities of Ortega & Wolsey (2003) for the single-
commodity fixed-charge network flow problem, extended to optional withdrawals and
injections. They are separated exactly for each node by a maximum flow (scipy) on the
capacities min(eta x, D_k y) of the current LP point: a flow below the withdrawal gives a
violated cut; the set S taken is the one closest to k (nodes that still reach k in the
residual graph), which cuts deepest. Rounds of LP and separation stop when no cut is
violated, the bound stalls (below 0.01 % over three rounds) or the time share is used; cuts
slack at the last LP that finished are dropped, and the rest are handed to the MILP as rows ``net_cut``.
One period only (without monthly profiles), except where `solve.netway` asks for them per
period (`periods=True`): each period's cuts are separated on its own flows and bounds, the
switch of an arc of a corridor with a way column per period (`way_cols`) being its way's
sizes plus that column instead of the sizes carrying either way.
"""

from __future__ import annotations

import dataclasses
import time
from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp

from eitflow.model.arrays import MilpArrays
from eitflow.solve.netcutrows import CAP, SCALE, Graph, Rows, arc_ways, ways

if TYPE_CHECKING:
    from eitflow.candidates.generate import Candidates
    from eitflow.scenario import Scenario

__all__ = ["add_network_cuts", "cuts_mode", "large_mode", "probe_seconds", "restart_seconds", "strengthen"]

VIOLATION = 1e-4       # a cut is added when violated by this share of its right-hand side
STALL = 1e-4           # relative bound improvement over STALL_ROUNDS below which the rounds stop
STALL_ROUNDS = 2
TAIL = 0.01          # ... or below this share of what the cuts gained so far (tailing off)
MAX_ROUNDS = 100


NESTED = 3            # cuts per node and round: each next one beyond the last (its arcs made uncuttable)


def _cut_rows(arr: MilpArrays, z: np.ndarray, reverse: bool,
              max_flow_nodes: int | None = None, t: int = 0,
              way_cols: np.ndarray | None = None) -> list[tuple[np.ndarray, np.ndarray]]:
    """Violated cuts at the LP point `z` in period `t`, each as (columns, coefficients) of
    `row >= 0`. `max_flow_nodes`: None, a maximum flow per node; else the single-node cuts of
    every node at once first, and maximum flows for at most that many of the others (largest
    first)."""
    from scipy.sparse.csgraph import maximum_flow

    nb = arr.network
    assert nb is not None
    nN = len(nb.nodes)
    nA = len(nb.arcs)
    x = z[nb.arc_col0 + np.arange(nA) * nb.periods + t]
    opt_cols = nb.opt_col0 + np.arange(len(nb.options))
    # per arc, its corridor's switches that carry its way (`NetBlock.opt_way`)
    nC = int(nb.a_corridor.max()) + 1 if nA else 0
    ysum = np.zeros((nC, 3))                  # by way: either (-1), a -> b (0), b -> a (1)
    np.add.at(ysum, (nb.opt_corridor, ways(nb) + 1), z[opt_cols])
    has_y = np.zeros(nC, bool)
    has_y[nb.opt_corridor] = True
    a_way = arc_ways(nb)
    ay = np.where(has_y[nb.a_corridor], ysum[nb.a_corridor, 0] + ysum[nb.a_corridor, a_way + 1], np.inf)  # existing: no switch
    if way_cols is not None:   # an arc's way in the period (`solve.netway`) stands for the sizes carrying either way
        wc = way_cols[:, t]
        ay = np.where(wc >= 0, ysum[nb.a_corridor, a_way + 1] + z[np.maximum(wc, 0)], ay)
    inj = np.zeros(nN)
    np.add.at(inj, nb.inj_node, nb.inj_coef * z[nb.inj_cols + t])
    wd = np.zeros(nN)
    np.add.at(wd, nb.wd_node, z[nb.wd_cols + t])
    if reverse:
        tail, head, big = nb.a_head, nb.a_tail, nb.inj_max[:, t]
        flow = x
        lossv = np.zeros(nN)
        if len(nb.options):
            for end in (nb.opt_end_a, nb.opt_end_b):
                np.add.at(lossv, end, nb.loss_t[:, t] / 2 * z[opt_cols])
                np.add.at(lossv, end[nb.lin], nb.k_loss_t[:, t] / 2 * z[nb.k_col0 + np.arange(len(nb.lin))])
        src_val, snk_val = wd + lossv, inj   # reversed: withdrawals and losses are where flow goes
    else:
        tail, head, big = nb.a_tail, nb.a_head, nb.wd_max[:, t]
        flow = nb.a_yield * x
        src_val, snk_val = inj, wd
    graph = Graph(tail, head, nN)
    rows = Rows(nb, opt_cols, reverse, t, way_cols)
    sigma = nN
    out = []
    nodes = np.flatnonzero(snk_val > 1e-9 * max(1.0, float(snk_val.max(initial=0.0))))
    if max_flow_nodes is not None:
        # the cuts around one node, {k}, for every node at once (vectorised); then the maximum
        # flows for the largest nodes whose own cut holds, at most max_flow_nodes a round
        Dh = big[head]
        usey_all = Dh * ay <= flow + 1e-12
        into = np.zeros(nN)
        np.add.at(into, head, np.where(usey_all, Dh * ay, flow))
        single = nodes[(big[nodes] > 0) & (into[nodes] + src_val[nodes] < snk_val[nodes] * (1 - VIOLATION))]
        into_k = np.argsort(head, kind="stable")            # arcs, head by head
        at = np.searchsorted(head[into_k], np.arange(nN + 1))
        alone = np.zeros(nN, bool)
        for k in single:
            alone[k] = True
            out.append(rows.row(into_k[at[k]:at[k + 1]], usey_all, big[k], alone, int(k)))
            alone[k] = False
        rest = np.setdiff1d(nodes, single)
        nodes = rest[np.argsort(-snk_val[rest], kind="stable")][:max_flow_nodes]
    for k in nodes:
        D = big[k]
        if D <= 0:
            continue
        usey = D * ay <= flow + 1e-12
        cap = np.where(usey, D * ay, flow)
        scale = SCALE / snk_val[k]
        ci = np.floor(np.maximum(cap, 0) * scale + 1e-9)
        si = np.floor(np.maximum(src_val, 0) * scale + 1e-9)
        for _ in range(NESTED):
            res = maximum_flow(graph.matrix(np.concatenate([ci, si])), sigma, int(k))
            if res.flow_value >= SCALE * (1 - VIOLATION):
                break
            near = graph.reaching(res.flow, int(k))
            inS = np.zeros(nN + 1, bool)
            inS[near] = True
            if inS[sigma]:
                break
            cut = np.flatnonzero(~inS[tail] & inS[head])
            out.append(rows.row(cut, usey, D, inS[:nN], int(k)))
            ci = ci.copy()
            ci[cut] = CAP   # the next cut lies beyond this one
    return out


def add_network_cuts(arr: MilpArrays, budget_s: float, threads: int = 1,
                     max_flow_nodes: int | None = None, first_lp_s: float | None = None,
                     periods: bool = False, way_cols: np.ndarray | None = None,
                     first_counts: bool = False, strict: bool = False) -> tuple[MilpArrays, dict]:
    """`arr` with directed-cut rows (block ``net_cut``) from rounds of LP and separation
    within `budget_s` seconds, and a summary (rounds, cuts kept, LP bound before and after,
    seconds). The integer solutions are unchanged: every cut is valid. `threads` must be the
    solver's (HiGHS keeps one thread pool per process: a run with another count fails).
    `max_flow_nodes`: see `_cut_rows` (a large network: the single-node cuts of every node at
    once, then that many maximum flows a round; measured on the synthetic city, a round's
    separation from 8.5 s to about 1 s). `first_lp_s`: the first LP (the plain relaxation's
    bound) may take this long whatever `budget_s`, which then counts the rounds after it
    (`solve.netlarge`: a town's bound must not be lost to a short share). The summary also
    holds the first and last LP points (``point_first``, ``point_last``: column vectors), when
    `first_lp_s` is given. `first_counts`, with `first_lp_s`: `budget_s` counts the first LP
    too (its seconds: ``first_lp_s`` in the summary) and the rounds get what is left, at least
    one separation (its cuts checked on the LP they were separated from, where the LP after
    them does not finish: every cut is valid, and HiGHS's root re-solves the LP with them); where
    the first LP did not finish, no round (``skipped``; `solve.netway`). Every cut kept is
    binding or violated at the last LP that finished (``point_last``), never judged on an LP
    stopped at its limit. `strict`, with `first_counts`: nothing past `budget_s` (`solve.netlarge`'s
    jobs, which overran theirs under load): no separation once it is spent, not even the one above;
    the first LP without presolve, so that stopped at `first_lp_s` it still bounds the batch at its
    duals (``dual_bound`` in the summary, `solve.dualbound`); where it finished, its value and point
    are in the summary (``lp_before``, ``point_first``) whether or not a round follows."""
    from eitflow.solve.highs import highs_model, lp_rounds, run, set_threads, set_time_limit

    t0 = time.perf_counter()
    info: dict = {"rounds": 0, "cuts": 0, "lp_before": None, "lp_after": None, "seconds": 0.0}
    nb = arr.network
    if nb is None or (arr.periods != 1 and not periods) or not len(nb.options) or (
            budget_s <= 0 and first_lp_s is None):
        return arr, info
    h = highs_model(arr.relaxed())
    set_threads(h, threads)
    if first_lp_s is not None:
        import highspy

        if strict:   # stopped at its limit, HiGHS then hands back the duals of the whole model (`netlarge.network_lp`)
            h.setOptionValue("presolve", "off")
        set_time_limit(h, first_lp_s)
        run(h)
        first = info["first_lp_s"] = time.perf_counter() - t0
        t0 = time.perf_counter()   # the rounds re-solve it from its basis at once
        if first_counts:
            if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
                if strict and h.getSolution().dual_valid:
                    from eitflow.solve.dualbound import dual_bound
                    info["dual_bound"] = dual_bound(arr, np.asarray(h.getSolution().row_dual, float))
                info.update({"skipped": True, "seconds": first})
                return arr, info
            budget_s -= first
        if strict:   # the first LP's bound and point, whether a round follows or not
            z0 = np.asarray(h.getSolution().col_value)
            info["lp_before"] = info["lp_after"] = float(h.getInfo().objective_function_value)
            info["point_first"] = info["point_last"] = z0
        else:
            budget_s = max(budget_s, 0.05)
    set_time_limit(h, budget_s)
    added: list[tuple[np.ndarray, np.ndarray]] = []
    history: list[float] = []
    z = None
    act, in_lp = np.zeros(0), 0   # the row values of the last LP that finished, and the cuts it held
    for r in lp_rounds(h, budget_s, t0, MAX_ROUNDS):
        z = np.asarray(h.getSolution().col_value)
        act, in_lp = np.asarray(h.getSolution().row_value), len(added)
        obj = float(h.getInfo().objective_function_value)
        history.append(obj)
        if info["lp_before"] is None:
            info["lp_before"] = obj
        info["lp_after"] = obj
        info["rounds"] = r + 1
        if first_lp_s is not None:
            info.setdefault("point_first", z)
            info["point_last"] = z
        if len(history) > STALL_ROUNDS:
            gained = history[0] - obj
            recent = history[-1 - STALL_ROUNDS] - obj
            if recent <= STALL * max(1.0, abs(obj)) or recent <= TAIL * gained:
                break
        if strict and time.perf_counter() - t0 >= budget_s:
            break   # the budget is spent: no separation started (it took 4-11 s jobs past their 0-4 s at load 6.5-9.7)
        cuts = [c for t in range(arr.periods) for c in (_cut_rows(arr, z, False, max_flow_nodes, t, way_cols)
                                                        + _cut_rows(arr, z, True, max_flow_nodes, t, way_cols))]
        if not cuts:
            break
        for cols, vals in cuts:
            h.addRow(0.0, np.inf, len(cols), cols.astype(np.int32), vals)
        added += cuts
    if not added or z is None:
        info["seconds"] = time.perf_counter() - t0
        return arr, info
    # keep the cuts binding or violated at the last LP point that finished, `z` (the others only
    # slow the node LPs): those it held binding, and those separated from it, which cut it off. The
    # LP after them may have stopped at its limit (or not run: no time left): its point is an
    # unfinished iterate, on which a cut may read slack or binding by chance (the square's one
    # round: 21 of 24 cuts kept), so nothing is decided on it
    base_rows = arr.shape[0]

    def activity(i: int, c: tuple[np.ndarray, np.ndarray]) -> float:
        # HiGHS's row value where the cut was in that LP, else the cut at its point
        return float(act[base_rows + i]) if i < in_lp else float(c[1] @ z[c[0]])

    keep = [c for i, c in enumerate(added) if activity(i, c) <= 1e-6 * max(1.0, float(np.abs(c[1]).max()))]
    info["cuts"] = len(keep)
    info["seconds"] = time.perf_counter() - t0
    if not keep:
        return arr, info
    R = np.concatenate([np.full(len(c), i) for i, (c, _) in enumerate(keep)])
    C = np.concatenate([c for c, _ in keep])
    V = np.concatenate([v for _, v in keep])
    extra = sp.csr_matrix((V, (R, C)), shape=(len(keep), arr.shape[1]))
    return arr.with_rows("net_cut", extra, np.zeros(len(keep)), np.full(len(keep), np.inf),
                         [f"net_cut_{i}" for i in range(len(keep))]), info


# auto: a plain solve first, for half the time limit; only a network it does not finish gets
# the rounds of cuts and a solve from scratch in the other half. Measured on FCNetLib
# (2026-12-01, one process, the lean model of `model.network`): HiGHS's own root cuts match
# or beat these on most instances, and the cut rows slow its node LPs: with the cuts, k10x90
# took 4.8 s against 2.8 s without, l121x232 8.9 against 0.6, p200x1188c 6.7 against 2.7,
# g50x170 9.2 against 5.8, l451x885b 9.1 against 5.1, h50x2450e 11.2 against 6.8; they paid
# on beasleyC3 (15.6 against 53.8 s) and a little on g55x188c, g40x132, k15x420, h50x2450
# (0.7-0.9x). A short probe (0.25 s, then 15 s) sent the medium instances to the cuts and a
# restart: a loaded machine made a 15 s probe fail on fixnet6 or g180x666 (5-15 s alone),
# which then took twice as long. Any probe is wall-clock time lost when it fails, so it is
# spent only where the plain solve has proven slow.
# A restart from scratch in a short window rarely finishes what the plain solve did not: in a
# 30 s limit the probe stopped at 15 s a Meurthe-et-Moselle network (`import hotmaps
# --departements 54`, discrete sizes) that the plain solve proves in 16-27 s, and the cuts'
# restart ended at a 6.9 % gap; the cuts' best measured gain is 3.4x (beasleyC3, 15.6 s). So
# the first PROBE_ALONE_S of the limit all go to the probe, and only the rest is shared:
# restart = (1 - PROBE_SHARE) x (limit - PROBE_ALONE_S): 5 s of a 30 s limit (the probe 25 s),
# 20 s of 60 s, 140 s of 300 s (150 s before: long runs nearly unchanged); and at least
# RESTART_MIN_SHARE of the limit (the two meet at 30 s), so that a probe finding no network
# leaves the spanning-tree start its time (a discrete town of 30 buildings in 12 s: 2 s)
PROBE_SHARE, PROBE_MAX_S, PROBE_ALONE_S, RESTART_MIN_SHARE = 0.5, float("inf"), 20.0, 1 / 6
CUT_SHARE = 0.2                       # of the time left, at most, for the rounds of cuts
# kept out of the rounds' share where a probe found no plan and a demand is required: the driver's
# spanning-tree start (`solve.netlarge.tree_start`) comes after them and is then the only plan
# (a discrete town of 30 buildings in 12 s at load 15: the rounds took 0.8 s of the 2 s left and
# the tree start none was left: no solution; 0.2-0.4 s a town on a quiet machine)
TREE_FIRST_S = 2.0
LARGE_MAX_FLOWS = 60                  # a large network's rounds (`solve.netlarge`) separate single-node cuts at
                                      # once, then this many max flows
# a probe that does not finish hands on its work (`strengthen`): its bound, and its incumbent
# where the solve with the cuts finds none better. Whether that incumbent also starts the solve
# with the cuts: measured on mc11 (HiGHS 1.16, one thread, load 5-7, the probe stopped at
# 150 s), the solve with the cuts took 29 s from the probe's incumbent and 19 s without it
# (one run each); the previous measurement on FCNetLib found it slower more often than not
PROBE_START = False


def restart_seconds(time_limit_s: float) -> float:
    """Seconds of a time limit kept for the cuts and the restart after a probe that does not
    finish (`strengthen`).

    Parameters
    ----------
    time_limit_s : float
        The solve's time limit (s).

    Returns
    -------
    float
        (1 - PROBE_SHARE) x (time_limit_s - PROBE_ALONE_S), at least RESTART_MIN_SHARE x
        time_limit_s (s): 2 for a 12 s limit, 5 for 30 s, 20 for 60 s, 140 for 300 s.
    """
    return max(RESTART_MIN_SHARE * time_limit_s, (1.0 - PROBE_SHARE) * (time_limit_s - PROBE_ALONE_S))


def probe_seconds(time_limit_s: float, left_s: float) -> float:
    """Seconds the cut rule's probe (the plain model) gets: the time left but what
    `restart_seconds` keeps, at most PROBE_MAX_S.

    Parameters
    ----------
    time_limit_s : float
        The solve's time limit (s).
    left_s : float
        Time left before the solve's deadline when the probe starts (s).

    Returns
    -------
    float
        The probe's time limit (s), at least 0.
    """
    return max(0.0, min(PROBE_MAX_S, left_s - restart_seconds(time_limit_s)))


def strengthen(arrays: list[MilpArrays], cuts: list[str], opts, deadline: float) -> tuple[
        list[MilpArrays], dict, dict, list[dict]]:
    """Directed cuts for the batches with a network (one period), per `cuts` ("auto", "on" or
    "off" per batch; a large network gets its rounds in `solve.netlarge`, and "off" here).
    "auto" first solves the plain model for a probe (`probe_seconds`: all of a limit up to
    PROBE_ALONE_S, then PROBE_SHARE of the rest; at most PROBE_MAX_S; shared equally among the
    batches still to probe, smallest first): a network solved within the gap target then is
    done; otherwise
    the cuts are added and the strengthened model is solved again; the probe's result is kept
    (its incumbent is valid there: the cuts hold for every integer solution). Returns
    (arrays, done results, the probes that did not finish (their results), infos)."""
    from eitflow.solve.highs import solve_highs
    from eitflow.solve.netbare import BARE_SHARE, bare_plan
    from eitflow.solve.schedule import _has_required
    from eitflow.solve.status import Status

    done, infos = {}, []
    kept: dict[int, object] = {}
    out = list(arrays)
    todo = [k for k, (arr, mode) in enumerate(zip(arrays, cuts)) if mode != "off" and arr.network is not None
            and arr.periods == 1 and len(arr.network.options)]
    # smallest first, each probe an equal share of the probes' time left: the small networks
    # close at once and the hard one gets the rest (its probe took all of it before the others)
    todo.sort(key=lambda k: arrays[k].shape[1])
    probing = sum(cuts[k] == "auto" for k in todo)
    for k in todo:
        arr, mode = arrays[k], cuts[k]
        left = deadline - time.time()
        seen: dict = {}
        if mode == "auto":
            limit = probe_seconds(opts.time_limit_s, left) / max(probing, 1)
            # the plan without new corridors starts the probe (`solve.netbare`)
            bare = None if _has_required(arr) else bare_plan(arr, opts, BARE_SHARE * limit)
            if bare is not None:
                seen = {"bare_s": bare.seconds, "bare_objective": bare.objective}
                limit -= bare.seconds
            r = solve_highs(arr, opts, limit, start=None if bare is None else bare.z)
            probing -= 1
            if r.status == Status.OPTIMAL or (r.status == Status.INFEASIBLE):
                done[k] = r
                infos.append({"batch": k, "probe_s": r.seconds, "solved_by_probe": True, **seen})
                continue
            if bare is not None and bare.objective is not None and (r.objective is None
                                                                     or r.objective < bare.objective):
                r = dataclasses.replace(r, status=Status.FEASIBLE, objective=bare.objective, z=bare.z)
            kept[k] = r
            left = deadline - time.time()
            if r.z is None and _has_required(arr):   # the driver's spanning-tree start first
                left -= TREE_FIRST_S
        new, info = add_network_cuts(arr, CUT_SHARE * max(left, 0.0), opts.threads)
        out[k] = new
        infos.append({"batch": k, **seen, **info})
    return out, done, kept, sorted(infos, key=lambda e: e["batch"])


def cuts_mode(scen: Scenario, cand: Candidates, arr: MilpArrays) -> str:
    """The `networks.<resource>.cuts` option for a batch: "off" when every network it holds
    says so, "on" when one does, else "auto"."""
    if arr.network is None or cand.network is None:
        return "off"
    from eitflow.scenario import NetworkOptions

    res = set(cand.network.node_arrays["resource"][arr.network.nodes])
    modes = {scen.params.networks.get(r, NetworkOptions()).cuts for r in res}
    return "on" if "on" in modes else ("off" if modes == {"off"} else "auto")


def large_mode(arr: MilpArrays, scen: Scenario, cand: Candidates) -> str:
    """Directed cuts for a large network batch (`solve.netlarge`): with linear sizing, where
    the switches carry one way and the cuts are directed, as the scenario says ("auto": on);
    otherwise off (with a switch for both ways the rounds cost more than they gain). Measured
    on the synthetic city (load 6-8): one round (a fifth of the time left) ended at a 6.0 %
    gap, two (half of it) at 4.5 %."""
    if arr.network is None or not len(arr.network.lin):
        return "off"
    mode = cuts_mode(scen, cand, arr)
    return "off" if mode == "off" else "large"
