"""Flow-cover inequalities for the fixed-charge link model, separated on its LP relaxation.

A supply's row (sum of its outgoing flows <= its amount b) with each link's switch row
(x_k <= u_k y_k, y_k binary) is a single-node flow set. Where the links the LP uses could
together carry more than b, a *cover* C (sum of u_k over C = b + lambda, lambda > 0) gives
the flow-cover inequality (Padberg, Van Roy & Wolsey 1985)

    sum_{k in C} a_k x_k + sum_{k in C} (u_k - lambda)^+ (1 - y_k) <= b,

valid for every integer solution: with all of C open it is the row itself; with a set T of
C closed, the open rest carries at most min(b, b + lambda - sum_T u_k) and each closed link
adds at most u_k - lambda. The same holds for a demand's row (sum of yield x incoming flows
<= the demand), with a_k the yield. The LP relaxation pays a fraction of a link's fixed cost
for a fraction of its capacity: where a supply is shared by sinks whose demands exceed it
(the clustered synthetic case: many sinks around few sources), the LP serves the last sink
in part at a part of its fixed cost, which no integer solution can. The cover cuts that off.

Measured on the synthetic 10 km case's largest component (2,459 links): the LP bound falls
from 862.8 to 858.3 MEUR/yr in 7 rounds (0.6 s), where HiGHS's own cuts reach 861.5 at its
root and 860.6 after 60 s of branching; with the covers HiGHS proves 1 % in 3.6 s instead
of not within 40 s. Only rows whose every term is a flow with a switch row or a bounded
flow (nonnegative, positive coefficient) are used, so rows that also hold a placement, a
hub or a network are left alone; dropping a flow without a switch from the cover keeps the
inequality valid (its term is nonnegative on the left of a <= row).

Separation: per row, the flows the LP uses, sorted by switch value (open first), then by
capacity; each prefix that covers b is a candidate and the most violated one is kept. The
rounds stop when no cut is violated, the bound stalls, or the budget is spent; the cuts
binding at the last LP point join the model as rows ``flow_cover`` (labels: the flow whose
row they strengthen). The integer solutions are unchanged.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from eitflow.model.arrays import MilpArrays

#: batches with at least this many link switches get the cut rounds (smaller ones close at once) ...
MIN_BINARIES = 50

#: ... and fewer than this: one LP round of the synthetic 30 km component (216,643 links) takes
#: seconds, and its LP bound alone already meets the 2 % target there
MAX_BINARIES = 20_000

#: rounds of LP and separation, at most
MAX_ROUNDS = 30

#: a cut is kept when violated by this share of its right-hand side (or 1 unit) or more
MIN_VIOLATION = 1e-6

#: stop when the last two rounds moved the bound by less than this share of it
STALL = 1e-5

#: of the time left, at most, for the cut rounds of all batches (split by their binaries)
CUT_SHARE = 0.2


@dataclass
class NodeRows:
    """The single-node flow rows of a model: per row, its flow columns, their coefficients
    a_k (> 0), capacities u_k (a_k x_k <= u_k y_k) and switch columns (-1: no switch, the
    flow only has its upper bound)."""

    rows: np.ndarray
    label: np.ndarray                  # flow position of each row (its block's label)
    ptr: np.ndarray                    # CSR-style: row r's terms are ptr[r]:ptr[r+1]
    col: np.ndarray
    a: np.ndarray
    u: np.ndarray
    ycol: np.ndarray
    rhs: np.ndarray


def _switches(arr: MilpArrays) -> tuple[np.ndarray, np.ndarray]:
    """Per column: the switch column y of its row x <= M y (-1 if none) and M."""
    n = arr.shape[1]
    ycol, big = np.full(n, -1, np.int64), np.zeros(n)
    if "link_max" not in arr.rows or not len(arr.rows["link_max"]):
        return ycol, big
    sub = arr.A.tocsr()[arr.rows["link_max"].slice].tocoo()
    pos, neg = sub.data > 0, sub.data < 0
    # each link_max row is x - M y <= 0: one positive term (x) and one negative (y)
    xr = np.full(sub.shape[0], -1, np.int64)
    yr = np.full(sub.shape[0], -1, np.int64)
    xv, yv = np.zeros(sub.shape[0]), np.zeros(sub.shape[0])
    xr[sub.row[pos]], xv[sub.row[pos]] = sub.col[pos], sub.data[pos]
    yr[sub.row[neg]], yv[sub.row[neg]] = sub.col[neg], -sub.data[neg]
    ok = (xr >= 0) & (yr >= 0) & (np.bincount(sub.row, minlength=sub.shape[0]) == 2)
    ok &= (arr.integrality[np.maximum(yr, 0)] == 1) & (arr.lb[np.maximum(yr, 0)] >= 0) \
        & (arr.ub[np.maximum(yr, 0)] <= 1)
    ycol[xr[ok]] = yr[ok]
    big[xr[ok]] = yv[ok] / xv[ok]
    return ycol, big


def node_rows(arr: MilpArrays) -> NodeRows:
    """The supply and demand rows that are single-node flow sets (see the module notes)."""
    ycol, big = _switches(arr)
    is_x = np.zeros(arr.shape[1], bool)
    is_x[arr.cols["x"].slice] = True
    blocks = [arr.rows[b] for b in ("supply", "demand") if b in arr.rows and len(arr.rows[b])]
    if not blocks:
        return NodeRows(*(np.zeros(0, t) for t in (np.int64, np.int64, np.int64, np.int64, float, float, np.int64)))
    cand = np.concatenate([b.indices for b in blocks])
    label = np.concatenate([b.labels for b in blocks]).astype(np.int64)
    sub = arr.A.tocsr()[cand].tocoo()
    nnz = np.bincount(sub.row, minlength=len(cand))
    bad = np.bincount(sub.row, weights=(~is_x[sub.col]) | (sub.data <= 0) | (arr.lb[sub.col] < 0),
                      minlength=len(cand))
    b = arr.row_hi[cand]
    ok = np.isfinite(b) & (b > 0) & (nnz >= 2) & (bad == 0)
    keep = ok[sub.row]
    r, c, v = sub.row[keep], sub.col[keep], sub.data[keep]
    order = np.lexsort((c, r))
    r, c, v = r[order], c[order], v[order]
    y = ycol[c]
    # a flow's capacity: its switch row's M, or its own bound if tighter
    u = v * np.where(y >= 0, np.minimum(big[c], arr.ub[c]), arr.ub[c])
    rows = np.flatnonzero(ok)
    ptr = np.concatenate([[0], np.cumsum(nnz[rows])]).astype(np.int64)
    return NodeRows(cand[rows].astype(np.int64), label[rows], ptr, c.astype(np.int64), v, u, y, b[rows])


#: pairs (cover term, candidate prefix) evaluated at once by `separate` (bounds its memory)
PAIR_CHUNK = 1 << 21


Cut = tuple[int, np.ndarray, np.ndarray, float]


def _prefix_sums(v: np.ndarray, start: np.ndarray, length: np.ndarray) -> np.ndarray:
    """Cumulative sums of `v` within each segment (`start`, `length`; segments contiguous and
    in order), added left to right as `numpy.cumsum` adds each segment alone: one vector
    step per position, over the segments that long (no global running sum, whose rounding
    would grow with the sum of every row before)."""
    out = v.copy()
    by_len = np.argsort(-length, kind="stable")
    s, L = start[by_len], length[by_len]
    for k in range(1, int(L[0]) if len(L) else 0):
        idx = s[:np.searchsorted(-L, -k, side="left")] + k    # segments longer than k
        out[idx] += out[idx - 1]
    return out


def separate(nr: NodeRows, z: np.ndarray) -> list[Cut]:
    """Violated flow covers at the point `z`: (node row index in `nr`, columns, coefficients,
    right-hand side) of each cut ``coefs . z[cols] <= rhs``, at most one per row, in row order.

    Per row, the flows the LP uses (switched ones only), sorted by switch value (open first),
    then by capacity (largest first); each prefix that covers the row's b is a candidate
    cover and the most violated one is kept (the first of equals). All rows in one numpy
    pass: the candidate prefixes' violations are sums over (prefix, term) pairs, taken in
    chunks of PAIR_CHUNK."""
    xv, yv = z[nr.col], np.where(nr.ycol >= 0, z[np.maximum(nr.ycol, 0)], 1.0)
    f = nr.a * xv                                           # each term's flow at z
    n = len(nr.rows)
    row = np.repeat(np.arange(n), np.diff(nr.ptr))
    act = (f > 1e-9 * np.maximum(nr.rhs, 1.0)[row]) & (nr.ycol >= 0)
    cnt = np.bincount(row[act], minlength=n)
    t = np.flatnonzero(act & (cnt >= 2)[row])
    if not len(t):
        return []
    # per row: open first, then the largest capacity, then the term's position (a stable sort)
    t = t[np.lexsort((t, -nr.u[t], -yv[t], row[t]))]
    r, u = row[t], nr.u[t]
    first = np.flatnonzero(np.r_[True, r[1:] != r[:-1]])
    length = np.diff(np.r_[first, len(t)])
    head = np.repeat(first, length)                          # each term's row start in `t`
    cum = _prefix_sums(u, first, length)
    b = nr.rhs[r]
    cand = np.flatnonzero(cum > b * (1 + 1e-9))              # prefixes that cover b: ... t[head:c+1]
    if not len(cand):
        return []
    lam = cum[cand] - b[cand]
    viol = np.empty(len(cand))
    size = cand - head[cand] + 1
    ends = np.cumsum(size)
    lo = 0
    while lo < len(cand):
        hi = max(lo + 1, int(np.searchsorted(ends, (ends[lo - 1] if lo else 0) + PAIR_CHUNK, side="right")))
        sz = size[lo:hi]
        pc = np.repeat(np.arange(hi - lo), sz)               # candidate of each pair
        pj = head[cand[lo:hi]][pc] + (np.arange(len(pc)) - np.repeat(np.cumsum(sz) - sz, sz))
        j = t[pj]
        val = f[j] + np.maximum(u[pj] - lam[lo:hi][pc], 0.0) * (1.0 - yv[j])
        viol[lo:hi] = np.bincount(pc, weights=val, minlength=hi - lo) - b[cand[lo:hi]]
        lo = hi
    ok = viol > MIN_VIOLATION * np.maximum(b[cand], 1.0)
    cand, lam, viol = cand[ok], lam[ok], viol[ok]
    if not len(cand):
        return []
    # the most violated prefix of each row, the shortest of equals
    best = np.lexsort((cand, -viol, r[cand]))
    best = best[np.r_[True, r[cand[best[1:]]] != r[cand[best[:-1]]]]]
    cuts = []
    for c, la in zip(cand[best], lam[best]):
        C = t[head[c]:c + 1]
        coef = np.maximum(nr.u[C] - la, 0.0)
        on = coef > 0
        # sum a x_C - sum coef y_C <= b - sum coef
        cuts.append((int(r[c]), np.concatenate([nr.col[C], nr.ycol[C][on]]),
                     np.concatenate([nr.a[C], -coef[on]]), float(nr.rhs[r[c]] - coef.sum())))
    return cuts


def applies(arr: MilpArrays) -> bool:
    """Whether `arr` is a link model worth the cut rounds: MIN_BINARIES to MAX_BINARIES link
    switches, no shared network (`solve.netcuts` strengthens those) and no candidate placements."""
    return (MIN_BINARIES <= len(arr.cols["y"]) < MAX_BINARIES and "link_max" in arr.rows and len(arr.rows["link_max"]) > 0
            and not any(b in arr.cols and len(arr.cols[b]) for b in ("arc", "size", "p")))


def add_flow_covers(arr: MilpArrays, budget_s: float, threads: int = 1) -> tuple[MilpArrays, dict]:
    """`arr` with flow-cover rows (block ``flow_cover``) from rounds of LP and separation
    within `budget_s` seconds, and a summary (rounds, cuts kept, LP bound before and after,
    seconds). Every cut is valid: the integer solutions are unchanged. `threads` must be the
    solver's (HiGHS keeps one thread pool per process)."""
    import highspy

    from eitflow.solve.highs import highs_model, lp_rounds, set_threads

    t0 = time.perf_counter()
    info: dict = {"rounds": 0, "cuts": 0, "lp_before": None, "lp_after": None, "seconds": 0.0}
    if budget_s <= 0 or not applies(arr):
        return arr, info
    nr = node_rows(arr)
    if not len(nr.rows):
        return arr, info
    h = highs_model(arr.relaxed())
    set_threads(h, threads)
    added: list[Cut] = []
    history: list[float] = []
    binding: list[bool] = []          # per cut in the last LP solved to optimality: binding there
    for r in lp_rounds(h, budget_s, t0, MAX_ROUNDS):
        z = np.asarray(h.getSolution().col_value)
        act = np.asarray(h.getSolution().row_value)[arr.shape[0]:]
        binding = [a >= c[3] - 1e-6 * max(1.0, abs(c[3])) for c, a in zip(added, act)]
        obj = float(h.getInfo().objective_function_value)
        history.append(obj)
        if info["lp_before"] is None:
            info["lp_before"] = obj
        info["lp_after"], info["rounds"] = obj, r + 1
        if len(history) > 2 and history[-3] - obj <= STALL * max(1.0, abs(obj)):
            break
        cuts = separate(nr, z)
        if not cuts:
            break
        # one call per round (the instance keeps its basis: the next LP starts from it)
        sizes = np.array([len(c[1]) for c in cuts])
        h.addRows(len(cuts), np.full(len(cuts), -highspy.kHighsInf), np.array([c[3] for c in cuts], float),
                  int(sizes.sum()), np.r_[0, np.cumsum(sizes)[:-1]].astype(np.int32),
                  np.concatenate([c[1] for c in cuts]).astype(np.int32), np.concatenate([c[2] for c in cuts]))
        added += cuts
    info["seconds"] = time.perf_counter() - t0
    # keep the cuts binding at the last LP point (the others only slow the node LPs), and those
    # separated from it but not yet in a solved LP (violated there)
    keep = [c for c, b in zip(added, binding + [True] * (len(added) - len(binding))) if b]
    info["cuts"] = len(keep)
    if not keep:
        return arr, info
    return with_cuts(arr, nr, keep), info


def with_cuts(arr: MilpArrays, nr: NodeRows, cuts: list[Cut]) -> MilpArrays:
    """`arr` with `cuts` (from `separate` over `nr`) appended as the row block ``flow_cover``."""
    R = np.concatenate([np.full(len(c[1]), i) for i, c in enumerate(cuts)])
    extra = sp.csr_matrix((np.concatenate([c[2] for c in cuts]), (R, np.concatenate([c[1] for c in cuts]))),
                          shape=(len(cuts), arr.shape[1]))
    names = [f"flow_cover_{arr.row_names[nr.rows[c[0]]]}_{i}" for i, c in enumerate(cuts)]
    return arr.with_rows("flow_cover", extra, np.full(len(cuts), -np.inf), np.array([c[3] for c in cuts], float),
                         names, nr.label[[c[0] for c in cuts]])


def strengthen(arrays: list[MilpArrays], threads: int, deadline: float, skip=()) -> tuple[list[MilpArrays], list[dict]]:
    """Flow covers for every batch `applies` to (not those in `skip`), each within its share
    (by link switches) of CUT_SHARE of the time left before `deadline` (epoch s). Returns the
    arrays (strengthened where cuts were found) and one summary per batch strengthened."""
    todo = [k for k, a in enumerate(arrays) if k not in skip and applies(a)]
    total = float(sum(len(arrays[k].cols["y"]) for k in todo))
    out, infos = list(arrays), []
    budget = CUT_SHARE * max(deadline - time.time(), 0.0)
    for k in todo:
        share = budget * len(arrays[k].cols["y"]) / max(total, 1.0)
        new, info = add_flow_covers(arrays[k], min(share, deadline - time.time()), threads)
        out[k] = new
        if info["rounds"]:
            infos.append({"batch": k, **info})
    return out, infos
