"""The injections a balanced network forces to their bound (`network_block`'s
`NetBlock.x_at_max`): fixed there, HiGHS's presolve reduces a balanced fixed-charge network
(supplies = demands, as FCNetLib's) to the textbook model."""

from __future__ import annotations

import numpy as np

from eitflow.candidates.generate import Candidates
from eitflow.scenario import Scenario

__all__ = ["forced_injections"]


def forced_injections(cand: Candidates, scen: Scenario, pos: np.ndarray, aa: np.ndarray, tt: np.ndarray,
                      xl: np.ndarray, into: np.ndarray, coef: np.ndarray, lmt: np.ndarray, comp: np.ndarray,
                      per: np.ndarray) -> np.ndarray:
    """The injection columns (of `xl`, model x positions) that every feasible solution uses at
    their bound.

    Summing a network component's node balances in a period, the arcs cancel out up to their
    losses: injections = withdrawals + losses + sum (1 - eta) x >= withdrawals. A required
    demand whose every link of the model withdraws from one component draws at least
    d_jt / (its links' largest yield) from it. When these least withdrawals reach the most
    that can be injected (sum of coef x bound), every injection is at its bound: fixing it
    there (lower = upper) is exact, and it lets HiGHS's presolve reduce the model to the
    textbook's (a balanced fixed-charge network, supplies = demands, as in FCNetLib). Only
    where the two are equal within 1e-9: more withdrawal than injection is infeasible anyway,
    and its diagnosis (an elastic re-solve) is left as it was.

    `aa`, `tt`: link (of `pos`) and period of every x column; `into`, `coef`, `lmt`, `comp`:
    per column of `xl`, injection or not, its coefficient, bound and network component;
    `per`: the flows' amounts per period.
    """
    if not len(xl) or not into.any():
        return np.zeros(0, np.int64)
    T = per.shape[1]
    ucomp, cidx = np.unique(comp, return_inverse=True)
    inj = np.zeros((len(ucomp), T))
    np.add.at(inj, (cidx[into], tt[xl[into]]), coef[into] * lmt[into])
    dem_l = np.asarray(cand.column("demand"), np.int64)[pos]
    yld = np.asarray(cand.column("yield"), float)[pos]
    flows = scen.flows
    req = scen.required_demands()
    # per required demand of the model: its x columns, those withdrawing, their component(s)
    dcol = np.flatnonzero(dem_l[aa] >= 0)
    j_all = dem_l[aa[dcol]]
    wcol = xl[~into]
    wj = dem_l[aa[wcol]]
    ok = wj >= 0
    wcol, wj, wc = wcol[ok], wj[ok], cidx[~into][ok]
    nF = len(flows)
    n_all = np.bincount(j_all, minlength=nF)
    n_wd = np.bincount(wj, minlength=nF)
    cmin = np.full(nF, len(ucomp), np.int64)
    cmax = np.full(nF, -1, np.int64)
    np.minimum.at(cmin, wj, wc)
    np.maximum.at(cmax, wj, wc)
    ymax = np.zeros(nF)
    np.maximum.at(ymax, dem_l[dem_l >= 0], yld[dem_l >= 0])
    good = np.flatnonzero(req & (n_wd > 0) & (n_wd == n_all) & (cmin == cmax))
    wmin = np.zeros((len(ucomp), T))
    np.add.at(wmin, cmin[good], per[good] / ymax[good][:, None])
    tol = 1e-9 * np.maximum(inj, 1.0)
    balanced = (inj > 0) & (np.abs(wmin - inj) <= tol)
    return xl[into][balanced[cidx[into], tt[xl[into]]]]
