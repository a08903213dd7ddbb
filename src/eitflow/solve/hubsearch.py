"""Local search over hub openings for facility-location batches (`solve.facility`).

A primal solution of a hub batch is fixed by the set of open hubs: given it, the best flows
are a transport LP. Pricing an open set from scratch takes about 0.3 s at 100 x 1,000
(OR-Library capa); `TransportLP` keeps one HiGHS LP of the aggregated model (hub capacity
rows, legs bounded by their big-M, so every solution is feasible for the strong model too)
and only changes the hub switches' bounds between calls, so HiGHS re-optimises from the
previous basis: a flip costs a few simplex iterations, about 0.05 s.

`search` is a multi-start local search with it (after Beasley 1993, "Lagrangean heuristics
for location problems", and the add/drop/swap neighbourhoods of Kuehn and Hamburger 1963):
from each start (the open sets the Lagrangian subproblem proposed along the subgradient
iterates, best first), it repeatedly closes every hub the flows leave idle, then tries
close, open and swap moves, candidates ranked by the hubs' profit at the current LP's duals
(the Lagrangian subproblem's per-hub value at those multipliers: what opening a closed hub
would earn, what an open one contributes), and takes the first that improves. When a start
reaches a local optimum it perturbs the best solution (a random swap among the top-ranked
hubs) and searches again, until the time is out.
"""

from __future__ import annotations

import dataclasses
import time
from typing import Any

import numpy as np

from eitflow.model.arrays import MilpArrays

# `solve.facility` calls this module, so its types are not imported here (no import cycle):
# a HubStructure is `solve.facility.HubStructure`, a Lagrangian `solve.facility.Lagrangian`
HubStructure = Any
Lagrangian = Any

__all__ = ["TransportLP", "search"]

IDLE_TOL = 1e-7      # a hub whose inflow is below this share of its capacity is idle
CLOSE_TRIES = 10     # close moves tried per round (lowest rank first)
OPEN_TRIES = 10      # open moves tried per round (highest rank first)
SWAP_SIDE = 7        # swaps: the first SWAP_SIDE of each list, paired
KICKS = 8            # perturbations in a row without a better solution end the search


class TransportLP:
    """One HiGHS LP of the aggregated model with every hub switch fixed by its bounds;
    `price(open_)` changes only the switches that differ from the last call and
    re-optimises. Keeps every priced set (`seen`) and the best (`best`)."""

    def __init__(self, arr: MilpArrays, hs: HubStructure, deadline: float):
        from eitflow.solve.highs import highs_model

        self.arr, self.hs, self.deadline = arr, hs, deadline
        agg = arr.aggregated()
        lb, ub = agg.lb.copy(), agg.ub.copy()
        xs = arr.cols["x"].indices
        ub[xs] = np.minimum(ub[xs], hs.leg_m)       # x <= M w with w = 1; w = 0 shuts the hub's legs
        self.cur = np.ones(len(hs.cap), bool)
        lb[hs.w_col] = ub[hs.w_col] = 1.0
        self.lp = dataclasses.replace(agg, lb=lb, ub=ub, integrality=np.zeros(len(agg.c), agg.integrality.dtype))
        self.h = highs_model(self.lp)
        self.h.setOptionValue("presolve", "off")      # re-solves start from the last basis
        self.h.setOptionValue("solver", "simplex")
        self.dem_rows = hs.dem_rows
        self.sup_rows = hs.sup_rows
        self.seen: dict[bytes, float] = {}
        self.best: tuple[float, np.ndarray, np.ndarray] | None = None   # (objective, z, open)
        self.last: tuple[np.ndarray, np.ndarray] | None = None           # (z, row duals) of the last optimum
        self.calls = 0
        self.lp_s = 0.0    # seconds in HiGHS

    @property
    def objective(self) -> float:
        return -np.inf if self.best is None else self.best[0]

    def price(self, open_: np.ndarray) -> float:
        """The best objective with the hubs `open_` built (-inf if infeasible or out of
        time); remembers it, and the flows and duals in `last` when freshly solved."""
        import highspy

        from eitflow.solve.highs import run as run_highs
        from eitflow.solve.highs import set_time_limit

        key = np.packbits(open_).tobytes()
        if key in self.seen:
            return self.seen[key]
        left = self.deadline - time.time()
        if left <= 0.05:
            return -np.inf
        diff = np.flatnonzero(open_ != self.cur)
        v = open_[diff].astype(float)
        self.h.changeColsBounds(len(diff), self.hs.w_col[diff].astype(np.int32), v, v)
        self.cur = open_.copy()
        set_time_limit(self.h, min(left, 10.0))   # past the object's earlier runs
        t = time.time()
        run_highs(self.h)
        self.lp_s += time.time() - t
        self.calls += 1
        self.last = None
        if self.h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            self.seen[key] = -np.inf
            return -np.inf
        sol = self.h.getSolution()
        z = np.asarray(sol.col_value, float)
        z[self.hs.w_col] = open_          # exact 0/1 on the switches
        val = float(self.arr.c @ z)
        self.seen[key] = val
        self.last = (z, np.asarray(sol.row_dual, float))
        if self.best is None or val > self.best[0]:
            self.best = (val, z, open_.copy())
        return val

    def multipliers(self, row_dual: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The LP's duals of the demand and supply rows as Lagrangian multipliers (value of
        one more unit of demand met, of supply available; EUR per base unit)."""
        # HiGHS reports a maximisation's row duals as the objective's change per unit of
        # right-hand side, the Lagrangian's multipliers as they are (checked: with every hub
        # fixed, L at these multipliers equals the LP's value)
        lam = row_dual[self.dem_rows].copy()
        mu = np.maximum(row_dual[self.sup_rows], 0.0)
        return lam, mu

    def idle(self, z: np.ndarray, open_: np.ndarray) -> np.ndarray:
        """Open hubs the flows z leave (almost) unused."""
        inflow = np.bincount(self.hs.in_hub, weights=z[self.hs.in_col], minlength=len(self.hs.cap))
        return open_ & (inflow <= IDLE_TOL * self.hs.cap)


def _moves(profit: np.ndarray, rank: np.ndarray, cur: np.ndarray, limit_all: bool = False) -> list[list[int]]:
    """Close, open and swap moves worth pricing, most promising first.

    Candidates come from `rank` (each hub's profit in the Lagrangian subproblem at the best
    multipliers: the hubs the bound wants open score high): the CLOSE_TRIES open hubs of
    lowest rank, the OPEN_TRIES closed hubs of highest rank, and swaps among the first
    SWAP_SIDE of each. They are then filtered by `profit` (each hub's profit at the current
    transport LP's duals): with those multipliers the Lagrangian function with the hubs of a
    set S open is const + sum_{h in S} profit_h, equal to the LP's value for the current set
    and an upper bound for any other, so a move can improve only if it raises that sum
    (opening h needs profit_h > 0, closing profit_h < 0, swapping a for b profit_b > profit_a);
    the others are skipped without loss. `limit_all`: every hub is a candidate (no top lists)."""
    opened, shut = np.flatnonzero(cur), np.flatnonzero(~cur)
    n = len(cur) if limit_all else None
    close = opened[np.argsort(rank[opened], kind="stable")][:n or CLOSE_TRIES]
    add = shut[np.argsort(-rank[shut], kind="stable")][:n or OPEN_TRIES]
    side = n or SWAP_SIDE
    tol = max(float(np.abs(profit).max()), 1.0) * 1e-9
    cand: list[tuple[float, list[int]]] = []
    cand += [(float(rank[h]), [int(h)]) for h in add if profit[h] > tol]
    cand += [(float(-rank[h]), [int(h)]) for h in close if profit[h] < -tol]
    cand += [(float(rank[b] - rank[a]), [int(a), int(b)]) for a in close[:side] for b in add[:side]
             if profit[b] - profit[a] > tol]
    cand.sort(key=lambda m: -m[0])
    return [mv for _, mv in cand]


def _descend(tp: TransportLP, lag: Lagrangian, rank: np.ndarray, open_: np.ndarray) -> np.ndarray | None:
    """First-improvement local search from `open_` to a local optimum (or the deadline);
    returns the local optimum's open set (None if `open_` is infeasible)."""
    cur = open_.copy()
    val = tp.price(cur)
    if not np.isfinite(val):
        return None
    while time.time() < tp.deadline:
        if tp.last is None:            # cached: re-solve to get flows and duals
            tp.seen.pop(np.packbits(cur).tobytes(), None)
            val = tp.price(cur)
            if tp.last is None:
                return cur
        z, dual = tp.last
        idle = tp.idle(z, cur)
        if idle.any():                  # an unused hub only costs its fixed cost
            cand = cur & ~idle
            v = tp.price(cand)
            if v > val + 1e-9 * abs(val):
                cur, val = cand, v
                continue
        lam, mu = tp.multipliers(dual)
        profit = lag.evaluate(lam, mu).profit
        improved = False
        for mv in _moves(profit, rank, cur):
            if time.time() >= tp.deadline:
                return cur
            cand = cur.copy()
            cand[mv] = ~cand[mv]
            v = tp.price(cand)
            if v > val + 1e-9 * abs(val):
                cur, val, improved = cand, v, True
                break
        if not improved:
            return cur
    return cur


def search(tp: TransportLP, lag: Lagrangian, rank: np.ndarray, starts: list[np.ndarray], target: float = np.inf,
           seed: int = 0) -> None:
    """Multi-start local search until `tp.deadline` (see the module's docstring): each start
    in turn (best priced first), then perturbations of the best local optimum, until
    KICKS perturbations in a row find nothing better or the incumbent reaches `target` (a
    bound). The best solution found is `tp.best`."""
    rng = np.random.default_rng(seed)
    for s in starts:
        if time.time() >= tp.deadline or tp.objective >= target:
            return
        _descend(tp, lag, rank, s)
    fails = 0
    while tp.best is not None and time.time() < tp.deadline and fails < KICKS and tp.objective < target:
        before = tp.objective
        base = tp.best[2]
        kick = base.copy()
        opened, shut = np.flatnonzero(base), np.flatnonzero(~base)
        k = int(rng.integers(1, 3))      # swap one or two hubs at random
        if len(opened) <= k or len(shut) < k:
            return
        # close among the open hubs the bound likes least, open among the closed it likes most
        kick[rng.choice(opened[np.argsort(rank[opened])][:max(k, 2 * SWAP_SIDE)], k, replace=False)] = False
        kick[rng.choice(shut[np.argsort(-rank[shut])][:max(k, 2 * SWAP_SIDE)], k, replace=False)] = True
        _descend(tp, lag, rank, kick)
        fails = 0 if tp.objective > before else fails + 1
