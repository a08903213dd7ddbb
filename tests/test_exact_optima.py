"""Published (and cross-checked) optima of fixed-charge transportation benchmarks,
reproduced through eitflow's own path: file -> scenario (links.csv form) -> optimise.

The maximised net benefit of an FCTP scenario is -(minimum cost) (see eitflow.instances).
Reads ../shared/data/benchmarks/fctp and skips where it is absent.

Measured on the project machine (HiGHS 1.16.0, 1 thread, gap 0): bal8x12 0.4 s (HiGHS)
and 0.3 s (CBC); theta0.0_3 6.7 s, theta0.2_9 4.1 s, theta0.5_2 5.3 s (marked slow).
"""
from __future__ import annotations

import csv
import itertools
from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import linprog

from eitflow import optimise
from eitflow.bench.instances import fctp_scenario, read_fctp

SHARED = Path(__file__).resolve().parents[2] / "shared"
FCTP = SHARED / "data" / "benchmarks" / "fctp"
BAL8X12 = FCTP / "balinski" / "bal8x12.txt"
AA_DIR = FCTP / "agarwal_aneja"
AA_REFERENCE = AA_DIR / "HIGHS_COMPUTED_VALUES_not_published.csv"

BAL8X12_OPTIMUM = 471.55  # Balinski; GLPK examples/fctp.mod; Mittelmann's MIP list
REL = 1e-6

# one proven-optimal instance per theta (the fastest of each in the reference run)
AA_SLOW_SUBSET = ["theta0.0_3", "theta0.2_9", "theta0.5_2"]

needs_shared = pytest.mark.skipif(
    not FCTP.is_dir(),
    reason=f"benchmark data not found: {FCTP} (the ../shared reference folder is absent)")


def _reference() -> dict[str, dict]:
    with open(AA_REFERENCE, newline="", encoding="utf-8") as fh:
        return {row["instance"]: row for row in csv.DictReader(fh)}


def _assert_optimum(summary: dict, expected_cost: float) -> None:
    assert summary["status"] == "optimal", summary
    assert summary["mip_gap_target"] == 0.0
    assert summary["gap"] is not None and summary["gap"] <= 1e-9, summary["gap"]
    assert summary["objective"] == pytest.approx(-expected_cost, rel=REL, abs=0.0)


@needs_shared
def test_bal8x12_highs_reproduces_published_optimum():
    res = optimise(fctp_scenario(BAL8X12, name="highs", mip_gap=0.0))
    _assert_optimum(res.summary, BAL8X12_OPTIMUM)
    # the chosen exchanges meet every demand exactly and use every supply (balanced file)
    m, n, a, b, f, c = read_fctp(BAL8X12)
    got = res.matches.groupby("sink_site")["amount"].sum()
    assert np.allclose([got.get(f"D{j + 1}", 0.0) for j in range(n)], b, rtol=1e-9, atol=1e-6)
    used = res.matches.groupby("source_site")["amount"].sum()
    assert np.allclose([used.get(f"S{i + 1}", 0.0) for i in range(m)], a, rtol=1e-9, atol=1e-6)
    # and the reported net benefit per match adds up to the objective
    assert res.matches["net_benefit_eur_per_yr"].sum() == pytest.approx(-BAL8X12_OPTIMUM, rel=REL)


@needs_shared
def test_bal8x12_cbc_second_solver():
    res = optimise(fctp_scenario(BAL8X12, name="cbc", mip_gap=0.0))
    assert res.summary["solver"] == "cbc"
    _assert_optimum(res.summary, BAL8X12_OPTIMUM)


@needs_shared
def test_read_all_agarwal_aneja_files():
    files = sorted(AA_DIR.glob("theta*.txt"))
    assert len(files) == 30
    ref = _reference()
    assert len(ref) == 30
    for p in files:
        m, n, a, b, f, c = read_fctp(p)
        assert (m, n) == (15, 15), p.name
        assert a.shape == (15,) and b.shape == (15,) and f.shape == (15, 15) and c.shape == (15, 15)
        assert (int(ref[p.stem]["m"]), int(ref[p.stem]["n"])) == (m, n)
        # every file is balanced: with required (equality) demands all supply is used
        assert a.sum() == pytest.approx(b.sum()), p.name
        assert np.all(a > 0) and np.all(b > 0) and np.all(f >= 0) and np.all(c >= 0)
        # the token count matches the header exactly (read_fctp checks it; re-check here)
        assert len(p.read_text().split()) == 2 + m + n + 2 * m * n
        theta = float(p.stem.split("_")[0].removeprefix("theta"))
        if theta == 0.0:
            assert np.all(c == 0), p.name  # pure fixed-charge instances
        else:
            assert np.all(c > 0), p.name
    # the scenario built from one file has the right tables
    scen = fctp_scenario(files[0])
    assert len(scen.sites) == 30 and len(scen.flows) == 30 and len(scen.links) == 225
    assert scen.flows.loc[scen.flows.direction == "demand", "required"].all()
    m, n, a, b, f, c = read_fctp(files[0])
    assert scen.flows.loc[scen.flows.direction == "supply", "amount"].sum() == pytest.approx(a.sum())
    assert scen.flows.loc[scen.flows.direction == "demand", "amount"].sum() == pytest.approx(b.sum())
    assert np.allclose(scen.links["fixed_cost_eur_per_yr"].to_numpy(), f.ravel())
    assert np.allclose(scen.links["var_cost_eur_per_unit"].to_numpy(), c.ravel())


def test_read_fctp_rejects_truncated_file(tmp_path):
    p = tmp_path / "bad.txt"
    p.write_text("2 2\n1 1\n1 1\n1 2 3 4\n1 2 3\n")
    with pytest.raises(ValueError, match="expected 12 numbers"):
        read_fctp(p)


def test_read_fctp_small_known_instance(tmp_path):
    # 2 x 2, supplies 3 3, demands 2 4, trailing NUL bytes. Every demand needs an arc and
    # (balanced) every supply ships all it has: S1D1 + S2D2 or S1D2 + S2D1 alone cannot
    # carry 4 to D2, so the optimum opens S1D1 (2), S1D2 (1), S2D2 (3): 30 + 2 + 2 + 3 = 37.
    p = tmp_path / "tiny.txt"
    p.write_text("2 2\n3 3\n2 4\n10 10\n50 10\n1 2\n1 1\n\x00\x00")
    m, n, a, b, f, c = read_fctp(p)
    assert (m, n) == (2, 2) and a.tolist() == [3, 3] and b.tolist() == [2, 4]
    res = optimise(fctp_scenario(p))
    # the same by brute force over the 15 non-empty sets of opened arcs
    best = np.inf
    for k in range(1, 5):
        for subset in itertools.combinations(range(4), k):
            ub = [min(a[i // 2], b[i % 2]) if i in subset else 0 for i in range(4)]
            A_ub = [[1, 1, 0, 0], [0, 0, 1, 1]]
            A_eq = [[1, 0, 1, 0], [0, 1, 0, 1]]
            r = linprog(c.ravel(), A_ub=A_ub, b_ub=a, A_eq=A_eq, b_eq=b, bounds=list(zip([0] * 4, ub)),
                        method="highs")
            if r.status == 0:
                best = min(best, r.fun + sum(f.ravel()[i] for i in subset))
    assert best == pytest.approx(37.0)
    _assert_optimum(res.summary, best)


@needs_shared
@pytest.mark.slow
@pytest.mark.parametrize("instance", AA_SLOW_SUBSET)
def test_agarwal_aneja_matches_highs_reference(instance):
    ref = _reference()[instance]
    assert ref["status"] == "optimal", f"{instance} is not a proven optimum in the reference file"
    res = optimise(fctp_scenario(AA_DIR / f"{instance}.txt", name="highs", mip_gap=0.0, time_limit_s=300))
    _assert_optimum(res.summary, float(ref["obj"]))
