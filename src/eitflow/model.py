"""The fixed-charge network-flow MILP, as arrays (fast path) and as PuLP (readable, exportable).

Variables, for candidate links a = (i -> j): flow x_a >= 0 (supply base units/yr) and,
where a fixed cost or a minimum amount makes it necessary, a binary y_a ("build a").

    maximise   sum_a c_a x_a - sum_a F_a y_a            (c = value EUR/unit, or tCO2/unit)
    s.t.       sum_{a out of i} x_a            <= s_i    every supply i
               sum_{a into j}  yield_a x_a     <= d_j    every demand j  (= d_j if required)
               x_a <= M_a y_a,   x_a >= L_a y_a          every link with a binary
               0 <= x_a <= M_a,  M_a = min(s_i, d_j / yield_a, capacity_a)

A link with no fixed cost and no minimum amount needs no binary (x_a <= M_a is a bound):
this is exact and removes binaries the solver would otherwise branch on.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .candidates import Candidates
from .scenario import Scenario


@dataclass
class MilpArrays:
    """A maximisation MILP over columns [x (n links), y (nb binaries)].

    `A` is CSR with rows [supplies, demands, link rows]; `row_lo <= A z <= row_hi`.
    `links` are the candidate positions (in Candidates.links) of the x columns and
    `ybin` the positions (within x) that have a binary.
    """

    c: np.ndarray
    lb: np.ndarray
    ub: np.ndarray
    integrality: np.ndarray  # 1 = integer
    A: sp.csr_matrix
    row_lo: np.ndarray
    row_hi: np.ndarray
    links: np.ndarray
    ybin: np.ndarray
    row_names: list[str]
    n_supply_rows: int
    n_demand_rows: int
    periods: int = 1

    @property
    def n_x(self) -> int:
        """Number of flow columns (links x periods)."""
        return len(self.links) * self.periods

    def link_flow(self, x: np.ndarray) -> np.ndarray:
        """Yearly flow per link from the flow columns."""
        return np.asarray(x).reshape(len(self.links), self.periods).sum(axis=1)

    @property
    def shape(self) -> tuple[int, int]:
        return self.A.shape


def objective_coefficients(cand: Candidates, scen: Scenario) -> tuple[np.ndarray, np.ndarray]:
    """(per-unit coefficient, per-link fixed term) of the chosen objective."""
    lk = cand.links
    if scen.params.objective == "co2":
        return lk["co2_t_per_unit"].to_numpy(float), np.zeros(len(lk))
    return lk["value_eur_per_unit"].to_numpy(float), lk["fixed_eur_per_yr"].to_numpy(float)


@dataclass
class LinearConstraint:
    """An extra row over all candidate links: lo <= x_coef . x + y_coef . y <= hi.

    For analyses (epsilon-constraint, no-good cuts, dependence caps). Coefficients are
    aligned with Candidates.links; a nonzero y coefficient gives that link a binary.
    """

    x_coef: np.ndarray
    y_coef: np.ndarray | None = None
    lo: float = -np.inf
    hi: float = np.inf
    name: str = "extra"


def period_amounts(scen: Scenario) -> np.ndarray:
    """(flows x periods) amounts in base units per period: one period (the year) without
    monthly profiles, else 12 months, flat (1/12) for flows without a profile."""
    amount = scen.flows["amount"].to_numpy(float)
    if scen.profiles is None:
        return amount[:, None]
    return amount[:, None] * scen.profiles


def build_arrays(scen: Scenario, cand: Candidates, subset: np.ndarray | None = None,
                 extra_demands: np.ndarray | None = None,
                 extra: list[LinearConstraint] | None = None) -> MilpArrays:
    """Vectorised formulation of the links `subset` (all when None).

    With T periods (12 with monthly profiles, else 1) each link has T flow columns
    (link-major: column a*T + t) and one binary; supplies and demands hold per period,
    a link's big-M is per period, its minimum amount per year.
    `extra_demands`: required demands with no link in the subset, added as rows so the
    model is (correctly) infeasible rather than silently dropping them.
    `extra`: additional rows (see `LinearConstraint`), applied to each link's yearly flow.
    """
    extra = extra or []
    lk = cand.links
    pos = np.arange(len(lk)) if subset is None else np.asarray(subset, np.int64)
    n = len(pos)
    per = period_amounts(scen)
    T = per.shape[1]
    sup = lk["supply"].to_numpy(np.int64)[pos]
    dem = lk["demand"].to_numpy(np.int64)[pos]
    yld = lk["yield"].to_numpy(float)[pos]
    cap = lk["capacity"].to_numpy(float)[pos]
    upper = lk["upper"].to_numpy(float)[pos]
    lower = lk["lower"].to_numpy(float)[pos]
    cx, fy = objective_coefficients(cand, scen)
    cx, fy = cx[pos], fy[pos]
    needs_y = (fy > 0) | (lower > 0)
    for ec in extra:
        if ec.y_coef is not None:
            needs_y |= np.asarray(ec.y_coef, float)[pos] != 0
    ybin = np.flatnonzero(needs_y)
    nb = len(ybin)
    nx = n * T

    # per-period big-M of each link (n, T); with one period this is `upper`
    if T == 1:
        mt = upper[:, None]
    else:
        mt = np.minimum(np.minimum(per[sup], per[dem] / yld[:, None]), (cap / T)[:, None])
    required = scen.flows["required"].to_numpy(bool)
    flow_ids = scen.flows["flow_id"].to_numpy()
    us, sup_row = np.unique(sup, return_inverse=True)
    dem_all = dem if extra_demands is None else np.concatenate([dem, extra_demands])
    ud, dem_row = np.unique(dem_all, return_inverse=True)
    dem_row = dem_row[:n]
    ns, nd = len(us), len(ud)
    tt = np.tile(np.arange(T), n)           # period of each x column
    aa = np.repeat(np.arange(n), T)         # link (within subset) of each x column
    xcols = np.arange(nx)

    # rows: supplies (i,t) | demands (j,t) | x_at - M_at y_a <= 0 | sum_t x_at - L_a y_a >= 0 (L > 0)
    has_l = lower[ybin] > 0
    nl = int(has_l.sum())
    yb_of = np.full(n, -1)
    yb_of[ybin] = np.arange(nb)
    xb = np.flatnonzero(yb_of[aa] >= 0)      # x columns whose link has a binary
    r0 = (ns + nd) * T
    lrows = r0 + np.arange(len(xb))
    lb_links = ybin[has_l]
    xl = np.flatnonzero(np.isin(aa, lb_links))
    lmap = np.full(n, -1)
    lmap[lb_links] = np.arange(nl)
    r1 = r0 + len(xb)
    rows = np.concatenate([sup_row[aa] * T + tt, ns * T + dem_row[aa] * T + tt,
                           lrows, lrows,
                           r1 + lmap[aa[xl]], r1 + np.arange(nl)])
    cols = np.concatenate([xcols, xcols, xb, nx + yb_of[aa[xb]], xl, nx + yb_of[lb_links]])
    vals = np.concatenate([np.ones(nx), yld[aa], np.ones(len(xb)), -mt.ravel()[xb], np.ones(len(xl)),
                           -lower[lb_links]])
    m = r1 + nl
    A = sp.csr_matrix((vals, (rows, cols)), shape=(m, nx + nb))
    inf = np.inf
    dem_amt = per[ud].ravel()
    row_lo = np.concatenate([np.full(ns * T, -inf), np.where(np.repeat(required[ud], T), dem_amt, -inf),
                             np.full(len(xb), -inf), np.zeros(nl)])
    row_hi = np.concatenate([per[us].ravel(), dem_amt, np.zeros(len(xb)), np.full(nl, inf)])
    if extra:
        dense = np.zeros((len(extra), nx + nb))
        for r, ec in enumerate(extra):
            dense[r, :nx] = np.asarray(ec.x_coef, float)[pos][aa]
            if ec.y_coef is not None:
                dense[r, nx:] = np.asarray(ec.y_coef, float)[pos][ybin]
        A = sp.vstack([A, sp.csr_matrix(dense)], format="csr")
        row_lo = np.concatenate([row_lo, [ec.lo for ec in extra]])
        row_hi = np.concatenate([row_hi, [ec.hi for ec in extra]])
    c = np.concatenate([cx[aa], -fy[ybin]])
    lb = np.zeros(nx + nb)
    ub = np.concatenate([mt.ravel(), np.ones(nb)])
    integrality = np.concatenate([np.zeros(nx, np.int8), np.ones(nb, np.int8)])
    sfx = (lambda t: "") if T == 1 else (lambda t: f"_m{t + 1}")
    names = ([f"supply_{flow_ids[i]}{sfx(t)}" for i in us for t in range(T)]
             + [f"demand_{flow_ids[j]}{sfx(t)}" for j in ud for t in range(T)]
             + [f"link_{pos[aa[k]]}_max{sfx(tt[k])}" for k in xb] + [f"link_{k}_min" for k in pos[lb_links]]
             + [f"{ec.name}_{r}" for r, ec in enumerate(extra)])
    return MilpArrays(c=c, lb=lb, ub=ub, integrality=integrality, A=A, row_lo=row_lo, row_hi=row_hi,
                      links=pos, ybin=ybin, row_names=names, n_supply_rows=ns * T, n_demand_rows=nd * T,
                      periods=T)


def to_pulp(arr: MilpArrays, name: str = "eitflow"):
    """The same model as a PuLP problem (for CBC, for LP/MPS export, and for reading).

    Built with `LpAffineExpression` from (variable, coefficient) pairs: built-in `sum()`
    over PuLP expressions is quadratic in PuLP 3.
    """
    import pulp

    prob = pulp.LpProblem(name, pulp.LpMaximize)
    # PuLP 4 attaches variables to the model; PuLP 3 (the only one on Python 3.11) builds them free
    new_var = getattr(prob, "add_variable", None) or (lambda n, **kw: pulp.LpVariable(n, **kw))
    T = arr.periods
    xs = [new_var(f"x_{arr.links[i // T]}" + (f"_m{i % T + 1}" if T > 1 else ""), lowBound=0,
                  upBound=float(arr.ub[i])) for i in range(arr.n_x)]
    ys = [new_var(f"y_{arr.links[b]}", lowBound=0, upBound=1, cat=pulp.LpBinary) for b in arr.ybin]
    allv = xs + ys
    prob += pulp.LpAffineExpression([(allv[i], float(arr.c[i])) for i in np.flatnonzero(arr.c)])
    A = arr.A
    for r in range(A.shape[0]):
        lo, hi = arr.row_lo[r], arr.row_hi[r]
        st, en = A.indptr[r], A.indptr[r + 1]
        expr = pulp.LpAffineExpression([(allv[j], float(v)) for j, v in zip(A.indices[st:en], A.data[st:en])])
        nm = arr.row_names[r]
        if np.isfinite(lo) and np.isfinite(hi) and lo == hi:
            prob += pulp.LpConstraint(expr, pulp.LpConstraintEQ, nm, float(hi))
        else:
            if np.isfinite(hi):
                prob += pulp.LpConstraint(expr, pulp.LpConstraintLE, nm if not np.isfinite(lo) else nm + "_hi", float(hi))
            if np.isfinite(lo):
                prob += pulp.LpConstraint(expr, pulp.LpConstraintGE, nm if not np.isfinite(hi) else nm + "_lo", float(lo))
    prob._eitflow_vars = allv  # column order of `arr`, for reading the solution back
    return prob


def links_frame(cand: Candidates) -> pd.DataFrame:
    """Candidate links as a tidy DataFrame (for users and for the graph)."""
    return cand.links.copy()
