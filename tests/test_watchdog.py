"""Solver faults contained: the wall-clock limit holds even when the solver ignores its own,
the best incumbent is kept, and a crashing solver is an error, not a crash of eitflow."""
from __future__ import annotations

import time

import numpy as np
import pytest

import eitflow
from eitflow.bench.instances import fctp_frames
from eitflow.candidates.generate import build_candidates
from eitflow.model.build import build_arrays
from eitflow.scenario import SolverOptions
from eitflow.solve.check import check_solution
from eitflow.solve.watchdog import GRACE_S, solve_guarded


def _hard_fctp(seed=1, m=15, n=15):
    """A random 15x15 fixed-charge transportation instance HiGHS needs well over 10 s to close."""
    rng = np.random.default_rng(seed)
    s = rng.integers(10, 60, m).astype(float)
    d = rng.multinomial(int(s.sum()), np.ones(n) / n).astype(float)
    sites, flows, links = fctp_frames(m, n, s, d, rng.integers(100, 800, (m, n)), rng.integers(1, 10, (m, n)))
    res = {"good": {"base_unit": "t/yr", "max_distance_km": 1e4, "transport": {"mode": "truck"}}}
    scen = eitflow.scenario_from_frames(sites, flows, links, res, solver={"mip_gap": 0.0})
    return build_arrays(scen, build_candidates(scen))


@pytest.mark.slow
def test_wall_clock_limit_holds_when_the_solver_ignores_its_own():
    arr = _hard_fctp()
    t0 = time.time()
    # the solver is told 120 s; the watchdog's deadline is 2 s from now
    res = solve_guarded(arr, SolverOptions(mip_gap=0.0), t0 + 2.0, solver_limit=120)
    elapsed = time.time() - t0
    assert elapsed <= 2.0 + GRACE_S + 2.0
    assert res.status == "feasible", res.message
    assert res.bound is not None and res.bound >= res.objective - 1e-6
    z = np.where(arr.integrality == 1, np.round(res.z), res.z)
    assert check_solution(arr, z) == []
    assert float(arr.c @ z) == pytest.approx(res.objective, rel=1e-6)


_CRASH_MID_SOLVE = ("import os, eitflow.solve.highs as H\n"
                    "H.HighsBackend.solve = lambda *a, **k: os._exit(9)\n"
                    "from eitflow.solve._child import main\nmain()\n")


def test_solver_crash_is_reported_not_raised():
    """A child that dies in the solver, or before it could start, is status error with the
    reason; nothing is raised and nothing is left running."""
    import sys

    res = solve_guarded(_hard_fctp(), SolverOptions(), time.time() + 20,
                        child_argv=[sys.executable, "-c", _CRASH_MID_SOLVE])
    assert res.status == "error" and "died (exit code 9)" in res.message and res.z is None
    res = solve_guarded(_hard_fctp(), SolverOptions(), time.time() + 20,
                        child_argv=[sys.executable, "-c", "import sys; sys.exit('no solver here')"])
    assert res.status == "error" and "died" in res.message and "no solver here" in res.message


def _in_daemon(q) -> None:
    """Runs inside a daemonic multiprocessing process (as a Dask worker's tasks do)."""
    import multiprocessing as mp

    try:
        arr = _hard_fctp(m=25, n=25)
        t0 = time.time()
        res = solve_guarded(arr, SolverOptions(mip_gap=0.0), t0 + 3.0, solver_limit=120)
        z = None if res.z is None else np.where(arr.integrality == 1, np.round(res.z), res.z)
        q.put((mp.current_process().daemon, arr.n_x, time.time() - t0, str(res.status), res.objective, res.bound,
               None if z is None else check_solution(arr, z), None if z is None else float(arr.c @ z)))
    except BaseException as exc:  # noqa: BLE001 - reported to the test
        q.put(repr(exc))


@pytest.mark.slow
def test_watchdog_works_inside_a_daemonic_process():
    """Daemonic processes may not start multiprocessing children ("daemonic processes are
    not allowed to have children"): the watchdog's subprocess child works there, with the
    same guarantees -- a 625-link component, a solver told 120 s, stopped at 3 s + grace
    with its best incumbent (feasible, checked) and a valid bound."""
    import multiprocessing as mp

    ctx = mp.get_context("fork")
    q = ctx.Queue()
    p = ctx.Process(target=_in_daemon, args=(q,), daemon=True)
    p.start()
    got = q.get(timeout=60)
    p.join(10)
    assert not isinstance(got, str), got
    daemon, n_x, elapsed, status, obj, bound, viol, zobj = got
    assert daemon and n_x >= 500
    assert elapsed <= 3.0 + GRACE_S + 1.5
    assert status == "feasible" and viol == []
    assert zobj == pytest.approx(obj, rel=1e-6) and bound >= obj - 1e-6


def test_missing_solver_binary_is_a_clear_failure(tmp_path, monkeypatch, scenario_path):
    import pulp
    from click.testing import CliRunner

    from eitflow.cli.main import main

    cls = pulp.PULP_CBC_CMD if hasattr(pulp, "PULP_CBC_CMD") else pulp.COIN_CMD
    monkeypatch.setattr(cls, "path", str(tmp_path / "no-such-cbc"), raising=False)
    monkeypatch.setattr(cls, "available", lambda self: False, raising=False)
    out = tmp_path / "run"
    res = CliRunner().invoke(main, ["run", str(scenario_path), "--out", str(out), "--solver", "cbc"])
    assert res.exit_code == 1, res.output
    assert "Traceback" not in res.output and "error" in res.output.lower()
    assert not (out / "matches.csv").exists()
