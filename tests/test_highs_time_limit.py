"""HiGHS 1.16 compares its ``time_limit`` with the run time its object has accumulated over all
its runs (HiGHS issue #1477; ``clear`` does not reset it), and eitflow re-uses one object per
thread (`solve.highs._spare`) and re-runs one object per round of cuts (`solve.highs.lp_rounds`):
an LP's limit is set past what the object has run already (`solve.highs.set_time_limit`) where
the budget must be whole: `relaxation`, the large networks' rounds of cuts, the local search.

Before the fix, after 18.6 s of LP on a thread, a solve given 5 s stopped in 0.05 s without a
solution, and the synthetic city's rounds of directed cuts stopped once their LPs had used the
time left to the rounds (6 rounds and 13.8 s of a 25 s budget)."""

import time

import numpy as np
import scipy.sparse as sp

from eitflow.model.arrays import MilpArrays
from eitflow.model.blocks import Blocks
from eitflow.scenario import SolverOptions
from eitflow.solve.highs import _keep_spare, _passed, highs_model, lp_rounds, relaxation, run, set_threads, solve_highs
from eitflow.solve.status import Status

BUSY_S = 0.6      # run time the thread's HiGHS object has behind it before the solve under test
LIMIT_S = 0.3     # the solve under test's limit: below BUSY_S, far above what the tiny model needs (ms)


def _tiny(integer: bool) -> MilpArrays:
    """max 3a + 2b s.t. a + b <= 4, 0 <= a <= 3, 0 <= b <= 10: a = 3, b = 1, objective 3 x 3 + 2 x 1 = 11."""
    cols, rows = Blocks(), Blocks()
    cols.add("x", 2, np.array([0, 1]))
    rows.add("link_max", 1, np.array([0]))
    return MilpArrays(c=np.array([3.0, 2.0]), lb=np.zeros(2), ub=np.array([3.0, 10.0]),
                      integrality=np.full(2, 1 if integer else 0, np.int8), A=sp.csr_matrix(np.array([[1.0, 1.0]])),
                      row_lo=np.array([-np.inf]), row_hi=np.array([4.0]), links=np.array([0, 1]),
                      row_names=["link_max_0"], cols=cols, rows=rows)


def _busy_spare() -> None:
    """Leave this thread's spare HiGHS object with at least BUSY_S of run time: a transportation
    LP (60 x 60) solved again from scratch until then."""
    rng = np.random.default_rng(0)
    n = 60
    i, j = np.divmod(np.arange(n * n), n)
    A = sp.csr_matrix((np.ones(2 * n * n), (np.r_[i, n + j], np.r_[np.arange(n * n), np.arange(n * n)])),
                      shape=(2 * n, n * n))
    supply, demand = rng.uniform(50, 100, n), rng.uniform(10, 40, n)
    h = _passed(A, -rng.uniform(1, 10, n * n), np.zeros(n * n), np.full(n * n, np.inf), np.zeros(n * n),
                np.r_[np.full(n, -np.inf), demand], np.r_[supply, np.full(n, np.inf)])
    set_threads(h, 1)
    t0 = time.perf_counter()
    while h.getRunTime() < BUSY_S and time.perf_counter() - t0 < 60:
        h.clearSolver()   # from scratch again
        run(h)
    assert h.getRunTime() >= BUSY_S
    _keep_spare(h)


def test_an_lp_relaxation_after_others_on_the_thread_solves():
    _busy_spare()
    got = relaxation(_tiny(False), SolverOptions(threads=1), LIMIT_S)
    assert got is not None   # before the fix: None (not optimal: time limit)
    assert abs(got[0] - 11.0) < 1e-9


def test_rounds_of_lp_get_their_budget_whatever_the_object_has_run():
    _busy_spare()
    h = highs_model(_tiny(False))   # the spare, BUSY_S of run time behind it
    set_threads(h, 1)
    # three rounds of a tiny LP take milliseconds of a LIMIT_S budget; before the fix none ran
    assert list(lp_rounds(h, LIMIT_S, time.perf_counter(), 3)) == [0, 1, 2]
    assert abs(h.getInfo().objective_function_value - 11.0) < 1e-9


def _knapsack() -> MilpArrays:
    """A multi-dimensional knapsack (80 items, 6 capacities, each a third of its row's weights)
    that HiGHS does not prove within seconds (more than 30 s, measured)."""
    rng = np.random.default_rng(3)
    n, m = 80, 6
    W = rng.integers(5, 60, (m, n)).astype(float)
    cols, rows = Blocks(), Blocks()
    cols.add("x", n, np.arange(n))
    rows.add("link_max", m, np.arange(m))
    return MilpArrays(c=W.sum(0) / m + rng.integers(0, 20, n), lb=np.zeros(n), ub=np.ones(n),
                      integrality=np.ones(n, np.int8), A=sp.csr_matrix(W), row_lo=np.full(m, -np.inf),
                      row_hi=W.sum(1) / 3, links=np.arange(n), row_names=[f"link_max_{i}" for i in range(m)],
                      cols=cols, rows=rows)


def test_a_mip_after_others_on_the_thread_stops_at_its_own_limit():
    # HiGHS's MIP solver counts its own time, not the object's: a MIP's limit is not moved past
    # the run time (it ran 32.6 s of a 2.5 s limit after 30 s of run time when it was)
    _busy_spare()
    r = solve_highs(_knapsack(), SolverOptions(threads=1, mip_gap=0.0), LIMIT_S)
    assert r.status == Status.FEASIBLE
    assert r.seconds < BUSY_S + LIMIT_S    # the limit alone, with room for a loaded machine
