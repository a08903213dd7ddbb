"""Independent brute-force reference solver for the heat-cascade problem.

Deliberately naive: an explicit transport LP over elementary temperature
intervals (temperature-interval / transshipment model), solved with
scipy's HiGHS for every subset of the fixed-cost links.

Units: amounts in MWh/yr, temperatures in degC, delta_t_k in K,
link "value" in EUR per MWh drawn from the source, "fixed" in EUR/yr,
"yield" in delivered MWh per MWh drawn, "upper" in MWh/yr drawn.

Inputs are lists of dicts:
  sources: {"amount", "t_supply", "t_return" (or None for a point)}
  sinks:   {"amount", "t_supply", "t_return" (or None for a point)}
  links:   {"source", "sink", "value", "fixed", "yield", "upper", "heat_pump"}
"""
from __future__ import annotations

import itertools
import math

import numpy as np
from scipy.optimize import linprog

EPS = 1e-9
MAX_FIXED_LINKS = 16


def _pieces(amount, t_hi, t_lo, grid):
    """Split a stream into pieces (bottom, top, MWh/yr).

    A point stream (t_lo None, or t_lo == t_hi) is one piece with
    bottom == top. A range stream is split on the common grid with the
    amount spread uniformly per K.
    """
    if t_lo is None or abs(t_hi - t_lo) <= EPS:
        return [(t_hi, t_hi, amount)]
    lo, hi = min(t_lo, t_hi), max(t_lo, t_hi)
    per_k = amount / (hi - lo)
    out = []
    for a, b in zip(grid[:-1], grid[1:]):
        if a >= lo - EPS and b <= hi + EPS:
            out.append((a, b, per_k * (b - a)))
    return out


def _allowed(src_piece, snk_piece):
    """May source heat in src_piece (shifted scale) serve snk_piece?"""
    s_lo, s_hi = src_piece[0], src_piece[1]
    k_lo, k_hi = snk_piece[0], snk_piece[1]
    src_point = s_hi - s_lo <= EPS
    snk_point = k_hi - k_lo <= EPS
    if src_point and snk_point:          # theta >= tau
        return s_lo >= k_lo - EPS
    if src_point:                        # sink interval top <= theta
        return k_hi <= s_lo + EPS
    if snk_point:                        # source interval bottom >= tau
        return s_lo >= k_lo - EPS
    # Two elementary intervals of one grid: same or higher interval.
    return s_lo >= k_lo - EPS


def cascade_lp_value(sources, sinks, links, delta_t_k, open_links) -> float:
    """Optimal LP objective (EUR/yr, no fixed costs) for one link subset.

    open_links: indices of fixed-cost links that are open; links with
    fixed == 0 are always open. Returns -inf if the LP is infeasible.
    """
    open_set = set(open_links)
    temps = []
    for s in sources:
        temps.append(s["t_supply"] - delta_t_k)
        if s["t_return"] is not None:
            temps.append(s["t_return"] - delta_t_k)
    for k in sinks:
        temps.append(k["t_supply"])
        if k["t_return"] is not None:
            temps.append(k["t_return"])
    grid = sorted(set(round(t, 9) for t in temps))

    src_pieces = [
        _pieces(s["amount"], s["t_supply"] - delta_t_k,
                None if s["t_return"] is None else s["t_return"] - delta_t_k,
                grid)
        for s in sources
    ]
    snk_pieces = [
        _pieces(k["amount"], k["t_supply"], k["t_return"], grid) for k in sinks
    ]

    # Variables: (link index, source piece index m, sink piece index k).
    var = []
    for li, link in enumerate(links):
        if link["fixed"] > 0 and li not in open_set:
            continue  # closed link carries nothing
        sp, kp = src_pieces[link["source"]], snk_pieces[link["sink"]]
        for m, ps in enumerate(sp):
            for k, pk in enumerate(kp):
                if link["heat_pump"] or _allowed(ps, pk):
                    var.append((li, m, k))
    if not var:
        return 0.0

    c = np.array([-links[li]["value"] for li, _, _ in var], dtype=float)
    rows, rhs = [], []
    # Source availability per source piece.
    for si, pieces in enumerate(src_pieces):
        for m, p in enumerate(pieces):
            row = [1.0 if links[li]["source"] == si and mm == m else 0.0
                   for li, mm, _ in var]
            rows.append(row)
            rhs.append(p[2])
    # Sink need per sink piece (delivered = yield * drawn).
    for ki, pieces in enumerate(snk_pieces):
        for k, p in enumerate(pieces):
            row = [links[li]["yield"] if links[li]["sink"] == ki and kk == k
                   else 0.0 for li, _, kk in var]
            rows.append(row)
            rhs.append(p[2])
    # Link capacity on drawn heat.
    for li, link in enumerate(links):
        if math.isfinite(link["upper"]):
            rows.append([1.0 if l == li else 0.0 for l, _, _ in var])
            rhs.append(link["upper"])

    res = linprog(c, A_ub=np.array(rows), b_ub=np.array(rhs),
                  bounds=[(0, None)] * len(var), method="highs")
    if res.status == 2:
        return -math.inf
    if res.status != 0:
        raise RuntimeError(f"linprog failed: {res.message}")
    return float(-res.fun)


def cascade_optimum(sources, sinks, links, delta_t_k) -> float:
    """Best (LP value - fixed costs) in EUR/yr over all fixed-cost subsets."""
    fixed_idx = [i for i, l in enumerate(links) if l["fixed"] > 0]
    if len(fixed_idx) > MAX_FIXED_LINKS:
        raise ValueError(f"too many fixed-cost links: {len(fixed_idx)}")
    best = -math.inf
    for r in range(len(fixed_idx) + 1):
        for subset in itertools.combinations(fixed_idx, r):
            val = cascade_lp_value(sources, sinks, links, delta_t_k, subset)
            if val == -math.inf:
                continue
            best = max(best, val - sum(links[i]["fixed"] for i in subset))
    return best
