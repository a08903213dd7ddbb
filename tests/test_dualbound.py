"""The Lagrangian bound at any row multipliers (`solve.dualbound`): worked by hand on a small LP,
and never below the optimum of test_network's random networks (enumerated by its brute force)
at the LP's duals, at those duals perturbed, and at the duals of an LP stopped early."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
import scipy.sparse as sp

from eitflow.candidates.generate import build_candidates
from eitflow.model.build import build_arrays
from eitflow.solve.dualbound import dual_bound, lagrangian, side_terms
from test_network import _brute_force, _random_case, _scenario


def _lp():
    """max z1 + 2 z2 s.t. z1 + z2 <= 1 (row 0), z1 - z2 >= -0.5 (row 1), 0 <= z <= 1: optimum
    z = (0.25, 0.75), value 1.75 (the two rows binding), duals y = (1.5, -0.5)."""
    return SimpleNamespace(shape=(2, 2), c=np.array([1.0, 2.0]), lb=np.zeros(2), ub=np.ones(2),
                           A=sp.csr_matrix(np.array([[1.0, 1.0], [1.0, -1.0]])),
                           row_lo=np.array([-np.inf, -0.5]), row_hi=np.array([1.0, np.inf]))


@pytest.mark.parametrize(("y", "expected"), [
    # optimal duals: d = c - A'y = (1 - 1.5 + 0.5, 2 - 1.5 - 0.5) = (0, 0); rows 1.5 x 1 + (-0.5) x (-0.5)
    ((1.5, -0.5), 1.75),
    # no multiplier: every column at its best (1 + 2)
    ((0.0, 0.0), 3.0),
    # row 0 alone at 2: d = (-1, 0), so 2 x 1 + 0 + 0
    ((2.0, 0.0), 2.0),
    # row 1's multiplier pushes towards its infinite side (+inf): taken as 0, so y = (1, 0),
    # d = (0, 1): 1 x 1 + 1 x 1
    ((1.0, 3.0), 2.0),
])
def test_dual_bound_by_hand(y, expected):
    assert dual_bound(_lp(), np.array(y)) == pytest.approx(expected, abs=1e-12)


def test_dual_bound_refuses_what_is_not_a_bound():
    """An infinite column bound in the reduced cost's direction, or multipliers of the wrong
    length: no bound (None), never a number."""
    lp = _lp()
    lp.ub = np.array([1.0, np.inf])
    assert dual_bound(lp, np.zeros(2)) is None       # d_2 = 2 > 0 and z2 unbounded above
    assert dual_bound(lp, np.array([2.0, 0.0])) == pytest.approx(2.0)   # d_2 = 0: finite again
    assert dual_bound(_lp(), np.zeros(3)) is None


def _duals(arr, iterations: int | None = None):
    """HiGHS's row duals of `arr`'s LP relaxation without presolve, stopped after `iterations`
    simplex iterations (None: solved), and whether it finished."""
    import highspy

    from eitflow.solve.highs import highs_model, run, set_threads

    h = highs_model(arr.relaxed())
    set_threads(h, 1)
    h.setOptionValue("presolve", "off")
    if iterations is not None:
        h.setOptionValue("simplex_iteration_limit", iterations)
    run(h)
    return np.asarray(h.getSolution().row_dual, float), h.getModelStatus() == highspy.HighsModelStatus.kOptimal


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.slow
def test_dual_bound_is_never_below_the_brute_force(seed):
    """test_network's random networks (corridors one way or both, a direct link, monthly
    profiles, some demands required), with their required-node rows: at the LP's duals the bound
    is the LP's value (HiGHS's objective with presolve, a second solve), and at those duals
    perturbed or at the duals of the LP stopped after 3 iterations it is at least the best plan
    the brute force enumerates."""
    from eitflow.solve.highs import solve_highs
    from eitflow.solve.netnode import required_node_cuts
    from test_network import links_frame

    sites, flows, corridors, links, profiles = _random_case(seed)
    f = dict(flows)
    if profiles is not None:   # as test_network's brute-force test: the shares eitflow reads
        f["monthly_profile"] = [";".join(f"{v:.12f}" for v in p) if p is not None else "" for p in profiles]
        profiles = [np.array([float(v) for v in s.split(";")]) if s else None for s in f["monthly_profile"]]
    best = _brute_force(sites, flows, corridors, links, profiles)
    scen = _scenario(sites, f, corridors, links=links_frame(sites, links))
    arr = required_node_cuts(build_arrays(scen, build_candidates(scen)))[0]
    y, done = _duals(arr)
    lp = solve_highs(arr.relaxed(), scen.params.solver, 30.0)
    assert done == np.isfinite(best) and done == (lp.objective is not None)
    if not done:
        return
    b = dual_bound(arr, y)
    assert b is not None and b == pytest.approx(lp.objective, rel=1e-7, abs=1e-6)
    assert b >= best - 1e-6 * max(1.0, abs(best))
    rng = np.random.default_rng(seed)
    stopped, finished = _duals(arr, 3)
    assert not finished
    for yy in (y * rng.uniform(0.5, 1.5, len(y)), y + rng.normal(0.0, 10.0, len(y)), stopped):
        bb = dual_bound(arr, yy)
        assert bb is None or bb >= best - 1e-6 * max(1.0, abs(best))


@pytest.mark.parametrize(("y", "col", "value", "expected"), [
    # y = (2, 0): d = (-1, 0), terms (0, 0), bound 2; z1 fixed at 1 adds d_1 x 1 - 0 = -1: 1,
    # the LP with z1 = 1 (z2 <= 0 by row 0: value 1), so exact here
    ((2.0, 0.0), 0, 1.0, 1.0),
    # y = 0: d = c = (1, 2), terms (1, 2), bound 3; z2 fixed at 0: 3 - 2 = 1, the LP with z2 = 0 (z1 = 1)
    ((0.0, 0.0), 1, 0.0, 1.0),
    # the optimal duals: d = 0, so any column fixed anywhere keeps 1.75 (>= 1, the LP with z1 = 1)
    ((1.5, -0.5), 0, 1.0, 1.75),
])
def test_fixed_bound_by_hand(y, col, value, expected):
    """`Lagrangian.fixed`, the bound with a column fixed (ranking's forced placements), worked by
    hand on the small LP."""
    lag = lagrangian(_lp(), np.array(y))
    assert lag is not None and lag.bound == dual_bound(_lp(), np.array(y))
    assert lag.fixed(np.array([col]), value)[0] == pytest.approx(expected, abs=1e-12)


def test_fixed_bound_of_a_column_not_starting_at_zero():
    """A column of box [1, 3] with cost -1 beside z2 in [0, 1] of cost 2, at y = 0: terms
    max(-1, -3) = -1 and 2, bound 1; z1 fixed at 1 leaves -1 + 2 = 1 (z1 = 1, z2 = 1 meets both
    rows: 2 <= 1? no: at y = 0 the rows are relaxed, the bound is of the box alone). The form
    bound + min(0, d_j), right for a binary of box [0, 1] only, would say 0, below it."""
    lp = _lp()
    lp.c, lp.lb, lp.ub = np.array([-1.0, 2.0]), np.array([1.0, 0.0]), np.array([3.0, 1.0])
    lag = lagrangian(lp, np.zeros(2))
    assert lag is not None and lag.bound == pytest.approx(1.0)
    assert lag.fixed(np.array([0]), 1.0)[0] == pytest.approx(1.0)
    assert lag.fixed(np.array([0]), 3.0)[0] == pytest.approx(-1.0)   # -3 + 2


def _random_lp(seed: int):
    """A small LP (4-7 columns of boxes [0, 1] to [0, 5], 3-6 rows: <=, >=, = or ranged)
    feasible by construction (its rows' sides around a random point of the box)."""
    from eitflow.model.arrays import MilpArrays
    from eitflow.model.blocks import Blocks

    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(4, 8)), int(rng.integers(3, 7))
    ub = rng.choice([1.0, 2.0, 5.0], n)
    z0 = rng.uniform(0.0, 1.0, n) * ub
    A = rng.integers(-3, 4, (m, n)).astype(float)
    az = A @ z0
    kind = rng.integers(0, 4, m)   # 0 <=, 1 >=, 2 =, 3 ranged
    lo = np.where(kind == 0, -np.inf, np.where(kind == 2, az, az - rng.uniform(0.0, 2.0, m)))
    hi = np.where(kind == 1, np.inf, np.where(kind == 2, az, az + rng.uniform(0.0, 2.0, m)))
    cols, rows = Blocks(), Blocks()
    cols.add("p", n, np.arange(n))
    rows.add("land", m, np.arange(m))
    return MilpArrays(c=rng.normal(0.0, 10.0, n), lb=np.zeros(n), ub=ub, integrality=np.zeros(n, np.int8),
                      A=sp.csr_matrix(A), row_lo=lo, row_hi=hi, links=np.zeros(0, np.int64),
                      row_names=[f"r{i}" for i in range(m)], cols=cols, rows=rows)


def _cbc_lp(arr, fix: tuple[int, float] | None = None) -> float | None:
    """The LP's optimum by CBC (PuLP), a second solver; `fix`: (column, value) fixed. None where
    infeasible."""
    import pulp

    prob = pulp.LpProblem("lp", pulp.LpMaximize)
    z = [pulp.LpVariable(f"z{j}", arr.lb[j], arr.ub[j]) for j in range(len(arr.c))]
    prob += pulp.lpSum(float(arr.c[j]) * z[j] for j in range(len(z)))
    dense = arr.A.toarray()
    for i, row in enumerate(dense):
        expr = pulp.lpSum(float(a) * z[j] for j, a in enumerate(row) if a)
        if arr.row_lo[i] == arr.row_hi[i]:
            prob += expr == float(arr.row_lo[i])
            continue
        if np.isfinite(arr.row_lo[i]):
            prob += expr >= float(arr.row_lo[i])
        if np.isfinite(arr.row_hi[i]):
            prob += expr <= float(arr.row_hi[i])
    if fix is not None:
        prob += z[fix[0]] == fix[1]
    prob.solve(pulp.PULP_CBC_CMD(msg=False))
    return pulp.value(prob.objective) if pulp.LpStatus[prob.status] == "Optimal" else None


@pytest.mark.parametrize("seed", range(10))
def test_ranking_lagrangian_is_the_lp_optimum_and_bounds_each_fixed_column(seed):
    """Ranking's LP bound of a batch (`analyses.ranking._lagrangian`, now `dual_bound`'s function)
    on small random LPs: at the LP's duals it is the LP's optimum as CBC finds it (strong
    duality), `dual_bound` at the same duals says the same, and each column fixed at either end
    of its box (ranking fixes a placement at 1) is bounded: at least CBC's optimum so fixed."""
    from eitflow.analyses.ranking import _lagrangian

    arr = _random_lp(seed)
    opt = _cbc_lp(arr)
    assert opt is not None   # feasible by construction
    lag = _lagrangian(arr, None, 30.0)
    assert lag is not None and lag.bound == pytest.approx(opt, rel=1e-7, abs=1e-6)
    y, done = _duals(arr)   # netlarge's call: HiGHS's duals of the maximisation as they are
    assert done and dual_bound(arr, y) == pytest.approx(opt, rel=1e-7, abs=1e-6)
    for j in range(len(arr.c)):
        for v in (arr.lb[j], arr.ub[j]):
            fixed = _cbc_lp(arr, (j, float(v)))
            if fixed is not None:
                assert lag.fixed(np.array([j]), float(v))[0] >= fixed - 1e-6 * max(1.0, abs(fixed))


def test_side_terms_by_hand():
    """The y'b of every Lagrangian bound (`side_terms`, `dual_bound`'s and `count_lagrangian`'s):
    2 x 4 (upper side), -1 x -3 (lower side), 0 where the multiplier is 0 whatever the sides,
    infinite ones included (no inf x 0 = nan)."""
    inf = np.inf
    got = side_terms(np.array([2.0, -1.0, 0.0, 0.0]), np.array([-inf, -3.0, -5.0, -inf]), np.array([4.0, inf, 7.0, inf]))
    assert got.tolist() == [8.0, 3.0, 0.0, 0.0]
