"""A clock for tests of time budgets that a loaded machine does not move: the process's CPU
seconds plus the seconds the test's stand-ins sleep (which pass at once).

A test of a run's time budget (`solve.budget`) puts stand-ins that sleep in place of the slow
parts (a candidate build, a reading, a solve until its deadline) and checks where the run's
stages end against its time limit; the real work around them (HiGHS on a two-link model, the
statistics, the result tables) takes milliseconds of CPU. On the wall clock that real work
took seconds at load 17 on the 2-core machine: `test_co2_money_budget[reading]` saw its run
end 6.25 s after its start against a 6 s limit, `test_co2_run_budget[money_stage]` its money
stage left without time (both reproduced with the test under `nice -n 10` at load 7). On this
clock the real work counts its CPU seconds, whatever else the machine runs, and the stand-ins'
sleeps their full length, so a stage that ends past its budget still ends past it here.
"""

from __future__ import annotations

import time


def cpu_clock(monkeypatch) -> list[float]:
    """Make `time.time`, `time.perf_counter` and `time.sleep` run on CPU seconds plus the
    seconds slept (module docstring) until `monkeypatch` is undone; returns the seconds slept
    so far (a one-item list). The eitflow code under test reads `time.time()` and
    `time.perf_counter()` through the `time` module, so it sees this clock; HiGHS keeps its
    own (a stand-in ends each solve at its deadline on this clock).

    Parameters
    ----------
    monkeypatch : pytest.MonkeyPatch
        The test's.

    Returns
    -------
    list of float
        [seconds slept], updated by each sleep.
    """
    cpu = time.process_time
    wall0, perf0, cpu0 = time.time(), time.perf_counter(), cpu()
    slept = [0.0]

    def sleep(seconds: float) -> None:
        slept[0] += max(0.0, float(seconds))

    monkeypatch.setattr(time, "time", lambda: wall0 + cpu() - cpu0 + slept[0])
    monkeypatch.setattr(time, "perf_counter", lambda: perf0 + cpu() - cpu0 + slept[0])
    monkeypatch.setattr(time, "sleep", sleep)
    return slept
