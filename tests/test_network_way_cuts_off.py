"""`cuts: off` on a network with monthly profiles (`solve.netway`): before, the option was read
only by the cut rule of one period (`solve.netcuts.strengthen`), and netway's probe, its way
columns and its rounds of directed cuts per month ran whatever the scenario said. A network
whose cuts are off is now solved plainly (from the plan without new corridors, as `cuts: off`
of one period): no probe, no way column, no cut row, nothing in `Solution.network_cuts`, and the
same optimum as a second solve of the model without them."""
from __future__ import annotations

import pytest

import eitflow
from eitflow.candidates.generate import build_candidates
from eitflow.model.build import build_arrays
from eitflow.solve.highs import solve_highs
from eitflow.solve.netway import way_arcs
from eitflow.solve.status import BatchResult, Status
from test_network_way_cuts import _one_role_mesh


def _probe_stops_before_a_plan(monkeypatch) -> tuple[list[str], list[bool]]:
    """netway's probe as under load on Meurthe-et-Moselle: its MIP stops at its limit before a
    first plan (every other solve is HiGHS's own), so that where the probe runs the rounds of cuts
    follow it. Returns the probe MIPs run (a MIP whose sizes are free, solved inside
    `netway.probe_then_cut` before its rounds) and the calls of `netcuts.add_network_cuts`
    (whether per period)."""
    import eitflow.solve.highs as highs
    import eitflow.solve.netcuts as netcuts
    import eitflow.solve.netway as netway

    probes: list[str] = []
    rounds: list[bool] = []
    inside = [False]
    real_solve, real_probe, real_cuts = highs.solve_highs, netway.probe_then_cut, netcuts.add_network_cuts

    def solve(a, opts, limit, start=None, on_incumbent=None):
        if inside[0] and a.integrality.any() and a.ub[a.cols["size"].slice].any():
            probes.append("probe")
            return BatchResult(Status.TIME_LIMIT, None, None, None, 0.01, "time limit reached")
        return real_solve(a, opts, limit, start, on_incumbent)

    def probe(arr, opts, deadline, **kw):
        inside[0] = True
        try:
            return real_probe(arr, opts, deadline, **kw)
        finally:
            inside[0] = False

    def cuts(*args, **kw):
        rounds.append(bool(kw.get("periods", False)))
        inside[0] = False
        return real_cuts(*args, **kw)

    monkeypatch.setattr(highs, "solve_highs", solve)
    monkeypatch.setattr(netway, "probe_then_cut", probe)
    monkeypatch.setattr(netcuts, "add_network_cuts", cuts)
    return probes, rounds


@pytest.mark.parametrize("cuts", ["off", "auto", "on"])
def test_cuts_off_keeps_a_monthly_network_out_of_the_way_probe_and_its_cut_rounds(monkeypatch, cuts):
    """The 4-site one-role mesh (seed 0), monthly profiles, a size carrying either way on every
    corridor: the batch netway takes. With `cuts: auto` (the guard that the patched path is the
    one taken) the probe runs, then the rounds per month (`periods=True`), and the run records
    them (way columns, rounds); with `cuts: off` neither runs and nothing is recorded (before:
    the probe, 96+ way columns and the rounds, as with auto). With `cuts: on` the rounds run
    without the probe, as `cuts: on` of one period (README: "where there is no probe (`cuts: on`
    or `off`)"; before, the probe ran first, as with auto). Every way the optimum is the one
    of the plain model solved on its own (a second solve, gap 1e-7)."""
    scen = _one_role_mesh(0, 4, cuts)
    plain = build_arrays(scen, build_candidates(scen))
    assert len(way_arcs(plain)) > 0
    best = solve_highs(plain, scen.params.solver, 60)
    assert best.status == Status.OPTIMAL
    probes, rounds = _probe_stops_before_a_plan(monkeypatch)
    sol = eitflow.optimise(scen).solution
    assert sol.status == Status.OPTIMAL
    assert sol.objective == pytest.approx(best.objective, rel=1e-6, abs=0.01)
    said = sol.network_cuts or []
    if cuts == "off":
        assert probes == [] and rounds == []
        assert said == []
    else:
        assert probes == (["probe"] if cuts == "auto" else []) and rounds == [True]
        assert len(said) == 1 and said[0]["way_columns"] > 0 and said[0]["rounds"] >= 1
        assert ("probe_s" in said[0]) == (cuts == "auto")
