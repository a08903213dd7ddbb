"""The model eitflow hands HiGHS for a plain fixed-charge network (one size, no losses, one
period) is the textbook one of FCNetLib's `bchfcnet.gms`, counted by hand on a small
network, and HiGHS's presolve leaves it no larger than the textbook's on a real instance."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

import eitflow
from eitflow.bench.fcnetlib import FcNet, fcnet_scenario, read_fcnet, textbook_arrays
from eitflow.candidates.generate import build_candidates
from eitflow.model.build import build_arrays
from eitflow.solve.fold import fold_fixed

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "benchmarks" / "fcnetlib"


def _small(supply: float) -> FcNet:
    """n1 supplies `supply`; n2 needs 4, n3 needs 6; n4 is a junction. Arcs (fixed, unit cost):
    1-2 (10, 1), 1-4 (3, 1), 4-3 (3, 1), 2-3 (1, 1), 3-2 (1, 1), no bound but the supply."""
    t = np.array([0, 0, 3, 1, 2])
    h = np.array([1, 3, 2, 2, 1])
    return FcNet("small", ["n1", "n2", "n3", "n4"], np.array([-supply, 4.0, 6.0, 0.0]), t, h, ["a1"] * 5,
                 np.array([10.0, 3.0, 3.0, 1.0, 1.0]), np.ones(5), np.full(5, supply), supply)


def test_a_plain_fixed_charge_network_is_handed_over_as_the_textbook_model_by_hand():
    inst = _small(10.0)
    scen = fcnet_scenario(inst, time_limit_s=30.0)
    arr = build_arrays(scen, build_candidates(scen))
    # textbook: 5 arc flows + 5 switches; 4 balances + 5 forcing rows; 2 x (5 + 5) nonzeros
    c, lb, ub, integ, A, lo, hi = textbook_arrays(inst)
    assert (len(c), A.shape[0], A.nnz) == (10, 9, 20)
    # eitflow: the same 5 + 5, plus a connection column per flow (n1 in, n2 and n3 out) and
    # its row (supply n1, demands n2 and n3): 13 columns, 12 rows, 20 + 3 + 3 nonzeros
    # (no explicit zero for a lossless size's losses in the balance rows)
    assert (arr.shape[1], arr.shape[0], arr.A.nnz) == (13, 12, 26)
    assert len(arr.cols["arc"]) == 5 and len(arr.cols["size"]) == 5 and len(arr.cols["x"]) == 3
    # supplies 10 = demands 4 + 6: the injection is fixed at 10 (lower = upper), and each
    # withdrawal is fixed by its required demand's one-column equality row
    x = arr.cols["x"].slice
    fixed = np.flatnonzero(arr.lb[x] == arr.ub[x])
    assert len(fixed) == 1 and arr.lb[x][fixed[0]] == pytest.approx(10.0)
    d = arr.rows["demand"].slice
    assert np.all(arr.row_lo[d] == arr.row_hi[d]) and sorted(arr.row_hi[d]) == [4.0, 6.0]
    assert np.all(np.diff(arr.A[d].indptr) == 1)
    # so HiGHS has the textbook's 10 columns and 9 rows to decide, and the optimum by hand:
    # 1-2 carries 10 and 2-3 carries 6: 11 fixed + 16 = 27 (1-4-3 then 3-2: 7 + 24 = 31;
    # 1-2 and 1-4-3: 16 + 16 = 32)
    res = eitflow.optimise(scen)
    assert str(res.status) == "optimal" and -res.objective == pytest.approx(27.0)


def test_the_balance_rows_come_in_the_instances_node_order_by_hand():
    # n1..n4 in order, though the corridors name them n1, n4, n2, n3 (tails first): after the
    # fold, the balance rows are the textbook's row for row (in - out = d; n4 has no flow)
    inst = _small(10.0)
    scen = fcnet_scenario(inst, time_limit_s=30.0)
    cand = build_candidates(scen)
    assert cand.network.nodes["node_id"].tolist() == ["N1", "N2", "N3", "N4"]
    arr = build_arrays(scen, cand)
    fo = fold_fixed(arr.A, arr.c, arr.lb, arr.ub, arr.integrality, arr.row_lo, arr.row_hi)
    c, lb, ub, integ, A, lo, hi = textbook_arrays(inst)
    bal = fo.A.tocsr()[:4].toarray()
    assert bal.tolist() == A.tocsr()[:4].toarray().tolist()
    assert bal[:, :5].tolist() == [[-1, -1, 0, 0, 0], [1, 0, 0, -1, 1], [0, 0, 1, 1, -1], [0, 1, -1, 0, 0]]
    assert fo.row_lo[:4].tolist() == fo.row_hi[:4].tolist() == [-10.0, 4.0, 6.0, 0.0] == lo[:4].tolist()


@pytest.mark.skipif(not (SHARED / "k10x90.inc").exists(), reason="FCNetLib not in ../shared/data/benchmarks/fcnetlib")
@pytest.mark.parametrize("name", ["k10x90", "k15x210", "mc11"])
def test_a_plain_instance_is_handed_over_as_the_textbook_model_row_for_row(name):
    # the very model of bchfcnet.gms, in its order: no bound tightened, and the arcs into the
    # single source n1 (14 on k15x210, 2 on mc11) kept with the textbook's bound
    # (OWN_ZERO_IS_WEAK). HiGHS then takes the textbook's path (k10x90: 65 nodes, 6,402 LP
    # iterations on both; mc11: 436 nodes, 1,705 with those arcs folded out; HiGHS 1.16)
    inst = read_fcnet(SHARED / f"{name}.inc")
    scen = fcnet_scenario(inst)
    arr = build_arrays(scen, build_candidates(scen))
    fo = fold_fixed(arr.A, arr.c, arr.lb, arr.ub, arr.integrality, arr.row_lo, arr.row_hi)
    c, lb, ub, integ, A, lo, hi = textbook_arrays(inst)
    assert fo.A.shape == A.shape and (fo.A.tocsc() != A.tocsc()).nnz == 0
    assert np.array_equal(-fo.c, c) and np.array_equal(fo.lb, lb) and np.array_equal(fo.ub, ub)
    assert np.array_equal(fo.integrality, integ) and np.array_equal(fo.row_lo, lo) and np.array_equal(fo.row_hi, hi)


def test_an_unbalanced_network_fixes_no_injection():
    """With 12 to supply and 10 needed, n1 may inject anything up to 12: nothing is fixed and
    the optimum is still 27 (by hand, as above)."""
    scen = fcnet_scenario(_small(12.0), time_limit_s=30.0)
    arr = build_arrays(scen, build_candidates(scen))
    assert not np.any(arr.lb[arr.cols["x"].slice] > 0)
    assert -eitflow.optimise(scen).objective == pytest.approx(27.0)


def test_highs_presolve_leaves_eitflows_model_no_larger_than_the_textbooks():
    """sp50x100 (18 supplies, 21 demands, 100 arcs): with the supplies left free below their
    amounts, presolve kept 63 rows and 89 columns against the textbook's 28 and 41."""
    if not SHARED.is_dir():
        pytest.skip(f"FCNetLib is absent ({SHARED}): see ../shared/README.md")
    import highspy

    from eitflow.solve.highs import highs_model

    inst = read_fcnet(SHARED / "sp50x100.inc")
    scen = fcnet_scenario(inst)
    ours = highs_model(build_arrays(scen, build_candidates(scen)))
    c, lb, ub, integ, A, lo, hi = textbook_arrays(inst)
    tb = highspy.Highs()
    tb.setOptionValue("output_flag", False)
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = len(c), A.shape[0]
    lp.col_cost_, lp.col_lower_, lp.col_upper_ = c, lb, ub
    lp.row_lower_, lp.row_upper_ = np.where(np.isfinite(lo), lo, -highspy.kHighsInf), np.where(
        np.isfinite(hi), hi, highspy.kHighsInf)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_, lp.a_matrix_.index_, lp.a_matrix_.value_ = A.indptr, A.indices, A.data
    lp.integrality_ = [highspy.HighsVarType.kInteger if v else highspy.HighsVarType.kContinuous for v in integ]
    tb.passModel(lp)
    sizes = []
    for h in (ours, tb):
        h.presolve()
        p = h.getPresolvedLp()
        sizes.append((p.num_row_, p.num_col_))
    assert sizes[0][0] <= sizes[1][0] and sizes[0][1] <= sizes[1][1], sizes


def test_a_network_plain_highs_finishes_quickly_gets_no_cut_rounds():
    """k15x210: HiGHS proves the optimum of the plain model in about a second (0.4-0.9 s
    measured), inside the automatic rule's probe (5 % of 300 s), so no cuts are added: with
    the 0.25 s probe it went to the cut rounds and took about twice as long. The optimum is
    FCNetLib's (16,128)."""
    if not SHARED.is_dir():
        pytest.skip(f"FCNetLib is absent ({SHARED}): see ../shared/README.md")
    res = eitflow.optimise(fcnet_scenario(SHARED / "k15x210.inc", time_limit_s=300.0), duals=False)
    assert str(res.status) == "optimal" and -res.objective == pytest.approx(16128.0, abs=1e-6)
    cuts = res.solution.network_cuts
    assert len(cuts) == 1 and cuts[0]["solved_by_probe"] is True


def test_the_fcnet_bench_times_both_sides_interleaved_and_its_totals_add_up():
    """One instance through the bench's runner: both sides reach FCNetLib's optimum of
    sp50x100 (50,968), each three times (both under 20 s), the ratio is the medians' ratio,
    what is timed is stated, and the analysis's totals are the sums of the cases' medians."""
    if not SHARED.is_dir():
        pytest.skip(f"FCNetLib is absent ({SHARED}): see ../shared/README.md")
    from eitflow.bench.fcnetlib import TIMED, fcnet_analysis, run_fcnet

    path = SHARED / "sp50x100.inc"
    out = run_fcnet(fcnet_scenario(path, time_limit_s=60.0), path, 60.0)
    assert out["timed"] == TIMED and set(TIMED) == {"eitflow", "plain", "excluded", "cpu"}
    for side in ("eitflow", "plain"):
        runs = out[side]["runs"]
        assert len(runs) == 3 and all(r["cost"] == pytest.approx(50968.0) for r in runs)
        assert out[side]["median_s"] == pytest.approx(float(np.median([r["seconds"] for r in runs])))
    assert out["both_optimal"] and out["ratio"] == pytest.approx(out["eitflow"]["median_s"] / out["plain"]["median_s"])
    # each run's CPU seconds as well (one thread each side: at most its wall clock plus a little
    # bookkeeping, and well above nothing), their medians and ratio
    for side in ("eitflow", "plain"):
        runs = out[side]["runs"]
        assert all(0.0 < r["cpu_s"] <= 1.5 * r["seconds"] + 0.01 for r in runs)
        assert out[side]["median_cpu_s"] == pytest.approx(float(np.median([r["cpu_s"] for r in runs])))
    assert out["cpu_ratio"] == pytest.approx(out["eitflow"]["median_cpu_s"] / out["plain"]["median_cpu_s"])
    a = {"name": "a", "comparison": {"eitflow": {"median_s": 2.0}, "plain": {"median_s": 1.0}, "ratio": 2.0,
                                     "both_optimal": True}}
    b = {"name": "b", "comparison": {"eitflow": {"median_s": 3.0}, "plain": {"median_s": 9.0}, "ratio": 1 / 3,
                                     "both_optimal": False}}
    an = fcnet_analysis([a, b])
    assert (an["eitflow_total_s"], an["plain_total_s"], an["ratio_of_totals"]) == (5.0, 10.0, 0.5)
    assert an["both_optimal"]["cases"] == 1 and an["both_optimal"]["ratio_of_totals"] == 2.0
    assert an["slower"] == [("a", 2.0)] and an["slower_count"] == 1
    assert "cpu" not in an   # neither case was timed in CPU
    a["comparison"].update(cpu_ratio=0.5, eitflow={"median_s": 2.0, "median_cpu_s": 1.0},
                           plain={"median_s": 1.0, "median_cpu_s": 2.0})
    b["comparison"].update(cpu_ratio=1.5, eitflow={"median_s": 3.0, "median_cpu_s": 3.0},
                           plain={"median_s": 9.0, "median_cpu_s": 2.0})
    cpu = fcnet_analysis([a, b])["cpu"]
    assert (cpu["eitflow_total_s"], cpu["plain_total_s"], cpu["ratio_of_totals"]) == (4.0, 4.0, 1.0)
    assert cpu["slower"] == [("b", 1.5)] and cpu["both_optimal"]["ratio_of_totals"] == 0.5


def test_arc_bounds_keep_strong_cuts_and_drop_weak_ones_by_hand(monkeypatch):
    # a triangle 0-1-2 with a tail 2-3-4, one arc per edge a -> b; 10 injected at node 0.
    # Worked by hand (module docstring of model.network): 0->1 passes at most 10; 2->0 nothing
    # in an optimal solution (nothing is injected but at 0), but that zero is not used
    # (OWN_ZERO_IS_WEAK: the textbook's bound, the total 10, stays); 1->2 at most the
    # withdrawals beyond node 1; the bridges 2->3 and 3->4 at most what is withdrawn at 3 and 4.
    import eitflow.model.network as mn
    from eitflow.model.network import _arc_bounds

    ca, cb = np.array([0, 1, 2, 2, 3]), np.array([1, 2, 0, 3, 4])
    inj = np.array([[10.0], [0.0], [0.0], [0.0], [0.0]])
    args = (5, ca, cb, np.arange(5), ca, np.ones(5), inj)
    # withdrawals 7 at node 1 and 3 at node 4: the bounds 3 are at most half the total 10 and stay
    strong = _arc_bounds(*args, np.array([[0.0], [7.0], [0.0], [0.0], [3.0]]))
    assert strong[:, 0].tolist() == [10.0, 3.0, 10.0, 3.0, 3.0]
    # withdrawals 4 and 6: the bounds 6 are more than half the total and give way to it (10)
    weak = _arc_bounds(*args, np.array([[0.0], [4.0], [0.0], [0.0], [6.0]]))
    assert weak[:, 0].tolist() == [10.0, 10.0, 10.0, 10.0, 10.0]
    # with the zero used, 2->0 carries nothing
    monkeypatch.setattr(mn, "OWN_ZERO_IS_WEAK", False)
    assert _arc_bounds(*args, np.array([[0.0], [7.0], [0.0], [0.0], [3.0]]))[:, 0].tolist() == [10.0, 3.0, 0.0, 3.0, 3.0]
    # a bridge with nothing to inject beyond it keeps its zero: 3->2 (tail side {3, 4})
    monkeypatch.setattr(mn, "OWN_ZERO_IS_WEAK", True)
    back = _arc_bounds(5, ca, cb, np.arange(5), cb, np.ones(5), inj, np.array([[0.0], [7.0], [0.0], [0.0], [3.0]]))
    assert back[3, 0] == 0.0 and back[4, 0] == 0.0


def test_a_probe_that_does_not_finish_hands_its_incumbent_and_bound_on(monkeypatch):
    """The cut rule's probe stopped by its time limit (simulated: it returns the network's
    optimum, 27 by hand — 1->2 carrying 10, 2->3 carrying 6: fixed 10 + 1, flow 10 + 6 — as
    "feasible" with a bound 5 above it), then the solve with the cuts stopped without any
    solution (simulated): the run ends with the probe's incumbent and bound, not with nothing."""
    import time

    import eitflow.solve.highs as highs
    from eitflow.solve import netcuts
    from eitflow.solve.driver import solve
    from eitflow.solve.status import BatchResult, Status

    scen = fcnet_scenario(_small(10.0), time_limit_s=2.0)
    cand = build_candidates(scen)
    arr = build_arrays(scen, cand, np.arange(len(cand.links)))
    best = highs.solve_highs(arr, scen.params.solver, 30.0)
    assert best.status == Status.OPTIMAL and best.objective == pytest.approx(-27.0)
    calls = []

    def probe_then_nothing(a, opts, limit, start=None, on_incumbent=None):
        calls.append(start)
        if len(calls) == 1:   # the probe
            return BatchResult(Status.FEASIBLE, best.objective, best.objective + 5.0, best.z, limit, "time limit")
        time.sleep(limit)     # the solve with the cuts uses its time and finds nothing
        return BatchResult(Status.TIME_LIMIT, None, None, None, limit, "time limit")

    monkeypatch.setattr(highs, "solve_highs", probe_then_nothing)
    out, done, probes, infos = netcuts.strengthen([arr], ["auto"], scen.params.solver, time.time() + 2.0)
    assert not done and probes[0].objective == best.objective and "rounds" in infos[0]
    calls.clear()
    sol = solve(scen, cand)
    assert len(calls) >= 2 and calls[1] is None    # the solve with the cuts starts afresh (PROBE_START)
    assert str(sol.status) == "feasible"
    assert sol.objective == pytest.approx(-27.0) and sol.bound == pytest.approx(-22.0)


def test_a_small_network_is_solved_without_the_root_reduced_cost_sub_mip(monkeypatch):
    """A network model of few binaries at a tight gap target goes to HiGHS without the root
    reduced-cost sub-MIP and feasibility jump (`solve.highs.NETWORK_ROOT_RRC_OFF`; RINS and RENS
    stay on), and
    still reaches plain HiGHS's optimum on the textbook model (every setting HiGHS's own);
    a loose target, too many binaries or a model with no network keep it."""
    from eitflow.bench.fcnetlib import solve_plain
    from eitflow.scenario import SolverOptions
    from eitflow.solve import highs

    inst = _small(10.0)
    arr = build_arrays(fcnet_scenario(inst), build_candidates(fcnet_scenario(inst)))
    assert highs.lean_network_root(arr, SolverOptions(mip_gap=0.0))
    assert not highs.lean_network_root(arr, SolverOptions(mip_gap=0.01))
    assert not highs.lean_heuristics(arr, SolverOptions(mip_gap=0.0))   # RINS and RENS stay
    made = []
    passed = highs._passed

    def keep(*a, **k):
        made.append(passed(*a, **k))
        return made[-1]

    monkeypatch.setattr(highs, "_passed", keep)
    r = highs.solve_highs(arr, SolverOptions(mip_gap=0.0), 60)
    monkeypatch.undo()
    set_to = {"rrc": made[0].getOptionValue("mip_heuristic_run_root_reduced_cost")[1],
              "fj": made[0].getOptionValue("mip_heuristic_run_feasibility_jump")[1],
              "rins": made[0].getOptionValue("mip_heuristic_run_rins")[1]}
    assert set_to == {"rrc": False, "fj": False, "rins": True}
    # by hand: n1 -> n2 -> n3 (fixed 10 + 1, 10 + 6 units) costs 27; n1 -> n4 -> n3 -> n2
    # 3 + 3 + 1 + 20 + 4 = 31; both ways from n1 10 + 3 + 3 + 4 + 12 = 32
    plain = solve_plain(inst, 60)
    assert plain["cost"] == pytest.approx(27.0) and r.objective == pytest.approx(-27.0)
    monkeypatch.setattr(highs, "LEAN_HEURISTICS_MAX_BINARIES", int(arr.integrality.sum()) - 1)
    assert not highs.lean_network_root(arr, SolverOptions(mip_gap=0.0))
    monkeypatch.setattr(highs, "LEAN_HEURISTICS_MAX_BINARIES", 1500)
    no_net = dataclasses.replace(arr, cols=type(arr.cols)())
    assert not highs.lean_network_root(no_net, SolverOptions(mip_gap=0.0))
