"""A solver's plan whose flows break a row only once its binaries are rounded (`solve.refit`).

HiGHS accepts a binary within its integrality tolerance and the check (`solve.check`) took a
binary up to 1e-5 from 0 or 1, but it allows a row only INT_TOL = 1e-6 x its integer
coefficients for the rounding. A pipe's size switch at 9e-6 carrying 9e-6 of its capacity in
flow passed the first and, rounded to 0, broke its corridor's capacity row. (Both now take
INT_TOL: such a switch is refused as the solver returns it too, the same verdict as rounded.) On the 40-town
region benchmark (`eitflow bench run network --cases network-region`) a 300 s run failed at its
end for 2.7e-5 over on one corridor ("the solver returned a solution that violates the model").
Now the rounded plan's flows are re-solved (an LP, integers fixed) and the run ends with it.

The case is test_least_pipe_sizes' triangle: S feeds A and B (1 km each way); the optimum
lays sa and sb at DN80 and leaves ab unbuilt. The solver hands back that optimum with ab's
DN100 switch at 9e-6 and a flow of 9e-6 x its capacity (K) split over ab's two arcs, a loop
that moves no heat: capacity row 2 x (9e-6 K / 2) - 9e-6 K = 0 before rounding, 9e-6 K over after.
"""

from __future__ import annotations

import numpy as np
import pytest

import eitflow
from eitflow.errors import SolveError
from eitflow.solve.check import check_solution
from eitflow.solve.highs import solve_highs
from eitflow.solve.status import BatchResult, Status
from test_least_pipe_sizes import _scenario

SWITCH = 9e-6   # under the check's former 1e-5 for a binary, over its 1e-6 rounding slack


def _noisy_optimum(arr, cand, switch: float = SWITCH) -> tuple[np.ndarray, float]:
    """The batch's optimum (a HiGHS solve to gap 0) with ab's largest size switched to
    `switch` and a loop of switch x K over its two arcs; and the optimum's objective."""
    r = solve_highs(arr, eitflow.scenario.SolverOptions(mip_gap=0.0), 60.0)
    assert r.status == Status.OPTIMAL
    z = np.asarray(r.z, float).copy()
    net, nb = cand.network, arr.network
    cid = net.corridors["corridor_id"].to_numpy()
    opt_cor = net.options["corridor"].to_numpy()
    ab = [j for j, g in enumerate(nb.options) if cid[int(opt_cor[g])] == "ab"]
    assert ab and all(z[nb.opt_col0 + j] < 0.5 for j in ab)          # the optimum leaves ab unbuilt
    arc_cor = net.arcs["corridor"].to_numpy()
    arcs = [i for i, a in enumerate(nb.arcs) if cid[int(arc_cor[a])] == "ab"]
    assert len(arcs) == 2
    # the largest size of ab by its capacity row's own coefficient (A's entry, negative)
    row = next(k for k, n in enumerate(arr.row_names) if "ab" in n and "capacity" in n)
    coefs = {j: -float(arr.A[row, nb.opt_col0 + j]) for j in ab}
    j, K = max(coefs.items(), key=lambda kv: kv[1])
    assert K > 0
    z[nb.opt_col0 + j] = switch
    T = (nb.opt_col0 - nb.arc_col0) // len(nb.arcs)
    for i in arcs:
        z[nb.arc_col0 + i * T] = switch * K / 2
    return z, float(r.objective)


def _run(monkeypatch):
    import eitflow.solve.driver as driver
    from eitflow.candidates.generate import build_candidates

    scen = _scenario()
    cand = build_candidates(scen)
    seen = {}

    def returned(arrays, opts, deadline, executor, workers, bar, starts=None, done=None):
        (arr,) = arrays
        z, opt = _noisy_optimum(arr, cand)
        seen["check_before_rounding"] = check_solution(arr, z)
        seen["optimum"] = opt
        return [BatchResult(Status.OPTIMAL, float(arr.c @ z), opt, z, 0.0, "")]

    monkeypatch.setattr(driver, "_run_batches", returned)
    return eitflow.optimise(scen), seen


def test_a_plan_broken_only_by_rounding_its_switches_is_kept_with_its_flows_resolved(monkeypatch):
    res, seen = _run(monkeypatch)
    # the solver's values are refused as handed back too (before: passed, 9e-6 under the former
    # 1e-5), as once rounded: the run ends with the refit either way
    assert seen["check_before_rounding"] == ["1 binaries are fractional"]
    c = res.statistics.corridors()
    assert dict(zip(c["corridor_id"], c["size"])) == {"sa": "DN80", "sb": "DN80"}
    # the re-solved flows are the optimum's: its objective, to the LP's precision
    assert res.objective == pytest.approx(seen["optimum"], rel=1e-9)
    assert str(res.status.value) == "optimal"


def test_without_the_refit_the_same_plan_was_refused(monkeypatch):
    """What the run did before: the rounded values fail the check (so the test above tests
    the refit, not a looser check)."""
    import eitflow.solve.refit as refit

    monkeypatch.setattr(refit, "refit_flows", lambda arr, z, seconds=0.0: None)
    with pytest.raises(SolveError, match="violates the model: constraint .*ab.*capacity"):
        _run(monkeypatch)


@pytest.mark.parametrize("switch, refused", [(5e-6, True), (5e-7, False)])
def test_a_binary_accepted_as_returned_is_accepted_once_rounded(switch, refused):
    """ab's largest size switch (K = 8,541, its capacity row's coefficient) at `switch`, with
    switch x K of flow in a loop over ab's two arcs: the row reads 2 x switch K / 2 - switch K =
    0 as returned. Rounded to 0, it reads switch x K over, against a slack of 1e-6 x max(1, its
    terms) + INT_TOL x the row's integer coefficients (ab's eight sizes: 122.202 + 256.23 + 521.22
    + 770.88 + 1,436.64 + 2,816.34 + 4,292.4 + 8,541 = 18,756.912): 1e-6 x 18,756.912 = 0.018757
    (+ 1e-6 x the flows' terms, under 1e-6). At 5e-6 the row is 5e-6 x 8,541 = 0.042705 over:
    refused once rounded; at 5e-7, 0.0042705: accepted. Between the two former tolerances (1e-6
    for the rounding, 1e-5 for a binary) the 5e-6 switch passed as returned and failed once
    rounded; now a binary the check accepts as returned (within INT_TOL) is accepted rounded."""
    from eitflow.candidates.generate import build_candidates
    from eitflow.model.build import build_arrays
    from eitflow.solve.check import _clean

    scen = _scenario()
    cand = build_candidates(scen)
    arr = build_arrays(scen, cand)
    z, _ = _noisy_optimum(arr, cand, switch)
    raw, rounded = check_solution(arr, z), check_solution(arr, _clean(arr, z))
    assert bool(raw) == bool(rounded) == refused
    if refused:
        assert raw == ["1 binaries are fractional"]
        assert len(rounded) == 1 and "corridor_ab_capacity" in rounded[0]
