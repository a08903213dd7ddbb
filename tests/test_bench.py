"""The benchmark harness (eitflow.bench) and the synthetic generator (eitflow.synthetic).

Fast: the `smoke` suite (two tiny synthetic cases, each in a spawned child) runs once for
the whole module; everything else is pure functions or tiny models.
"""
from __future__ import annotations

import copy
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from eitflow import optimise
from eitflow.bench.compare import compare_results
from eitflow.bench.harness import (
    FORMAT,
    STAGES,
    agreement,
    fit_power_law,
    objectives_differ,
    run_suite,
)
from eitflow.bench.naive import naive_model
from eitflow.bench.suites import SUITES, Context
from eitflow.bench.synthetic import FRANCE_BBOX, clustered_heat_instance, heat_scenario
from eitflow.candidates.radius import resource_radius_km
from eitflow.cli.bench import bench

CASE_FIELDS = {"name", "suite", "status", "objective", "bound", "gap", "sizes", "timings_s", "memory", "reference",
               "wall_s", "solver"}
SIZE_FIELDS = {"sites", "flows", "candidate_links", "components", "variables", "binaries", "constraints"}


@pytest.fixture(scope="module")
def smoke_file(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bench") / "smoke.json"
    res = CliRunner().invoke(bench, ["run", "smoke", "--out", str(out), "--shared", str(out.parent / "none")])
    assert res.exit_code == 0, res.output + repr(res.exception)
    assert res.output.count("smoke-") == 2  # one progress line per case
    return out


# ------------------------------------------------------------------ synthetic generator
def test_generator_is_deterministic_and_sized():
    a_sites, a_flows = clustered_heat_instance(n_sources=30, n_sinks=300, seed=7, n_clusters=5)
    b_sites, b_flows = clustered_heat_instance(n_sources=30, n_sinks=300, seed=7, n_clusters=5)
    pd.testing.assert_frame_equal(a_sites, b_sites)
    pd.testing.assert_frame_equal(a_flows, b_flows)
    c_sites, _ = clustered_heat_instance(n_sources=30, n_sinks=300, seed=8, n_clusters=5)
    assert not np.allclose(a_sites["lat"], c_sites["lat"])

    assert list(a_sites.columns) == ["site_id", "name", "lat", "lon", "sector", "zone"]
    assert list(a_flows.columns) == ["site_id", "direction", "resource", "amount", "unit", "temperature_c",
                                     "price_eur_per_unit"]
    assert len(a_sites) == len(a_flows) == 330 and a_sites["site_id"].is_unique
    sup = a_flows[a_flows.direction == "supply"]
    dem = a_flows[a_flows.direction == "demand"]
    assert len(sup) == 30 and len(dem) == 300
    assert (sup.unit == "GWh/yr").all() and (dem.unit == "MWh/yr").all() and (a_flows.resource == "heat").all()
    assert sup.amount.between(1, 200).all() and (sup.price_eur_per_unit == 0).all()
    assert sup.temperature_c.between(100, 500).all() and dem.temperature_c.between(60, 90).all()
    assert dem.price_eur_per_unit.between(40, 70).all() and (dem.amount > 0).all()
    lat0, lat1, lon0, lon1 = FRANCE_BBOX
    assert a_sites.lat.between(lat0, lat1).all() and a_sites.lon.between(lon0, lon1).all()
    assert a_sites.zone.nunique() <= 5


def test_generated_instance_is_a_valid_scenario():
    sites, flows = clustered_heat_instance(n_sources=10, n_sinks=60, seed=2, n_clusters=3)
    scen = heat_scenario(sites, flows, 15)
    assert resource_radius_km(scen, "heat") == 15   # the parameters' radius (the catalogue keeps its own)
    assert len(scen.flows) == 70


# ------------------------------------------------------------------ harness: run
def test_smoke_result_file_has_the_fields(smoke_file):
    data = json.loads(smoke_file.read_text())
    assert data["format"] == FORMAT and data["suite"] == "smoke"
    assert data["date"] and data["machine"]["cpu_count"] >= 1 and data["machine"]["platform"]
    for pkg in ("eitflow", "highspy", "pulp", "numpy", "scipy", "pandas", "python"):
        assert pkg in data["versions"]
    assert "commit" in data["git"]
    assert [c["name"] for c in data["cases"]] == [c.name for c in SUITES["smoke"](Context(shared=Path(".")))]
    for c in data["cases"]:
        assert CASE_FIELDS <= set(c), set(CASE_FIELDS) - set(c)
        assert SIZE_FIELDS <= set(c["sizes"])
        assert c["sizes"]["candidate_links"] > 0 and c["sizes"]["components"] >= 1
        assert set(STAGES) | {"total", "prepare"} <= set(c["timings_s"])
        assert c["timings_s"]["total"] == pytest.approx(sum(c["timings_s"][s] for s in STAGES), abs=1e-3)
        assert c["status"] == "optimal" and c["gap"] == pytest.approx(0.0, abs=1e-9)
        assert c["objective"] > 0 and c["bound"] >= c["objective"] * (1 - 1e-9)
        assert c["memory"]["peak_rss_mb"] > 10
        assert "error" not in c
    assert not smoke_file.with_name(smoke_file.name + ".partial").exists()


def test_refuses_to_overwrite_without_force(smoke_file):
    before = smoke_file.read_text()
    res = CliRunner().invoke(bench, ["run", "smoke", "--out", str(smoke_file)])
    assert res.exit_code != 0 and "exists" in res.output
    with pytest.raises(FileExistsError):
        run_suite("smoke", smoke_file, Context(shared=smoke_file.parent))
    assert smoke_file.read_text() == before


def test_missing_shared_files_are_skipped_with_a_message(tmp_path):
    out = tmp_path / "exact.json"
    lines: list[str] = []
    data = run_suite("exact", out, Context(shared=tmp_path / "nowhere"), patterns="bal8x12,theta0.5_1",
                     echo=lines.append)
    assert [c["status"] for c in data["cases"]] == ["skipped", "skipped"]
    assert all(c["skipped"].startswith("skipped: ") and "not found" in c["skipped"] for c in data["cases"])
    assert "bal8x12.txt" in data["cases"][0]["skipped"] and len(lines) == 2
    assert json.loads(out.read_text())["cases"][0]["status"] == "skipped"


# ------------------------------------------------------------------ harness: compare
def test_compare_reports_ratios_and_flags_an_altered_objective(smoke_file, tmp_path):
    a = json.loads(smoke_file.read_text())
    b = copy.deepcopy(a)
    for c in b["cases"]:
        c["timings_s"] = {k: 2 * v for k, v in c["timings_s"].items()}
    b["cases"][1]["objective"] *= 1.01  # beyond a zero gap
    lines, rows = compare_results(a, b)
    assert [r["name"] for r in rows] == [c["name"] for c in a["cases"]]
    for r in rows:
        for s in ("solve", "total"):
            assert r["ratios"][s] == pytest.approx(2.0, rel=1e-3)
    assert not rows[0]["flags"]
    assert any("objective" in f for f in rows[1]["flags"])
    text = "\n".join(lines)
    assert "slower" in text and "2.000x" in text

    pb = tmp_path / "b.json"
    pb.write_text(json.dumps(b))
    res = CliRunner().invoke(bench, ["compare", str(smoke_file), str(pb)])
    assert res.exit_code == 0, res.output
    assert "objective" in res.output and "slower" in res.output


def test_objective_change_within_gap_is_not_flagged():
    a = {"objective": 100.0, "gap": 0.02}
    assert not objectives_differ(a, {"objective": 101.5, "gap": 0.0})
    assert objectives_differ(a, {"objective": 103.0, "gap": 0.0})
    assert objectives_differ(a, {"objective": None, "gap": None})


# ------------------------------------------------------------------ pure helpers
def test_agreement_with_proven_and_unproven_references():
    proven = {"value": -10.0, "bound": None}
    assert agreement(-10.0, -10.0, proven) == "agrees"
    assert agreement(-10.5, -10.5, proven) == "DISAGREES"
    assert agreement(-10.5, -9.0, proven) == "within gap"          # ours not proven, contains it
    open_ref = {"value": -7753.0, "bound": -7617.0}                  # FCTP reference stopped at 120 s
    assert agreement(-7700.0, -7700.0, open_ref) == "within reference gap"
    assert agreement(-7891.0, -7095.0, open_ref) == "within both gaps"
    assert agreement(-7600.0, -7600.0, open_ref) == "DISAGREES"     # better than the reference's bound
    assert agreement(None, None, proven) == "no solution"
    assert agreement(-1.0, -1.0, None) is None
    # a reference printed to 2 decimals (FCNetLib's 4077.68 for h50x2450e's 4077.6842): it agrees
    # within half a cent, not within 1e-6 alone (0.0041 here)
    printed = {"value": -4077.68, "bound": None, "precision": 0.005}
    assert agreement(-4077.6842, -4077.6842, printed) == "agrees"
    assert agreement(-4077.6842, -4077.6842, {"value": -4077.68, "bound": None}) == "DISAGREES"
    assert agreement(-4077.69, -4077.69, printed) == "DISAGREES"


def test_fit_power_law_recovers_the_exponent():
    x = [10, 100, 1000, 10000]
    fit = fit_power_law(x, [2 * v ** 1.5 for v in x])
    assert fit["exponent"] == pytest.approx(1.5) and fit["coefficient"] == pytest.approx(2.0)
    assert fit["r2"] == pytest.approx(1.0) and fit["n"] == 4
    assert fit_power_law([5], [1.0]) is None


def test_naive_baseline_is_the_same_problem():
    sites, flows = clustered_heat_instance(n_sources=6, n_sinks=40, seed=4, n_clusters=2)
    scen = heat_scenario(sites, flows, 15, solver={"mip_gap": 0.0, "time_limit_s": 20})
    ours = optimise(scen).summary
    naive = naive_model(scen, time_limit_s=20, mip_gap=0.0)
    assert naive["sizes"]["pairs_examined"] == 6 * 40
    assert naive["sizes"]["pairs_in_range"] >= ours["counts"]["candidate_links"]
    assert naive["result"]["objective"] == pytest.approx(ours["objective"], rel=1e-6)


def test_siting_runner_interleaves_plain_highs_on_the_same_model(tmp_path):
    """The 'site' runner on the Fos siting scenario, two rounds with plain HiGHS: eitflow's
    plan (pruned, decomposed) and the whole model in one HiGHS call agree on the optimum (gap
    0 both), the medians are the medians of the rounds, and the record keeps every round."""
    import statistics

    from eitflow.bench.harness import _run_site
    from eitflow.bench.suites import CaseDef, Context, Prepared
    from eitflow.io.read import read_scenario

    scen = read_scenario(Path(__file__).resolve().parents[1] / "scenarios/fos_siting/scenario.yaml")
    case = CaseDef("fos", lambda *a, **k: None, {"repeats": 2, "plain": True}, runner="site",
                   solver={"time_limit_s": 30.0, "mip_gap": 0.0})
    rec = _run_site(case, Context(shared=tmp_path), Prepared(scen, {"read": 0.0}, {"repeats": 2, "plain": True}),
                    tmp_path)
    c = rec["comparison"]
    assert c["repeats"] == 2 and len(c["plain_s"]) == 2 and len(c["eitflow_plan_s"]) == 2
    assert c["median_plain_s"] == pytest.approx(statistics.median(c["plain_s"]))
    assert c["time_ratio_plain_over_eitflow_plan"] == pytest.approx(c["median_plain_s"] / c["median_eitflow_plan_s"])
    for ours, plain in zip(c["eitflow_objective"], c["plain_objective"]):
        assert plain == pytest.approx(ours, rel=1e-7)
    assert rec["plain"][0]["result"]["status"] == "optimal"
    assert rec["plain"][0]["sizes"]["candidate_placements"] == rec["sizes"]["candidate_placements"] == 12
    assert (tmp_path / "run0").is_dir() and (tmp_path / "run1").is_dir()


def test_ratio_runner_interleaves_plain_highs_on_the_same_model(tmp_path):
    """The 'ratio' runner (the synthetic suite's) on a small clustered instance at gap 0:
    eitflow and plain HiGHS on the monolithic model agree on the optimum in every run, the
    LP relaxation bounds it, the medians and the speed-up are those of the runs, and each run
    records its load."""
    import statistics

    from eitflow.bench.harness import _run_ratio
    from eitflow.bench.suites import CaseDef, Context, prepare_synthetic

    gen = {"radius_km": 15, "n_sources": 8, "n_sinks": 60, "seed": 4, "n_clusters": 2}
    case = CaseDef("r", prepare_synthetic, gen, runner="ratio", solver={"time_limit_s": 20.0, "mip_gap": 0.0})
    ctx = Context(shared=tmp_path)
    rec = _run_ratio(case, ctx, prepare_synthetic(ctx, tmp_path, **gen), tmp_path)
    c = rec["comparison"]
    ours, plain = c["eitflow"]["runs"], c["plain"]["runs"]
    assert len(ours) == len(plain) == 3 and c["plain"]["reached_gap_target"] and not c["speedup_is_lower_bound"]
    for r in ours + plain:
        assert r["status"] == "optimal" and r["objective"] == pytest.approx(rec["result"]["objective"], rel=1e-7)
        assert r["loadavg_1min"] >= 0
    assert c["lp_relaxation"]["bound"] >= rec["result"]["objective"] * (1 - 1e-9)
    assert c["eitflow"]["median_s"] == pytest.approx(statistics.median(r["seconds"] for r in ours))
    assert c["speedup"] == pytest.approx(c["plain"]["median_s"] / c["eitflow"]["median_s"])
    assert plain[0]["sizes"]["candidate_links"] == rec["sizes"]["candidate_links"]


def test_compare_reads_each_runs_ratio_against_plain_highs_and_says_where_the_code_came_from():
    """Two runs at different loads: their seconds move together, while each run's ratio eitflow /
    plain HiGHS (measured interleaved within the run) is what changed. By hand: case x went from
    CPU ratio 1.40 to 0.98 (0.98 / 1.40 = 0.70: gained), y from 0.50 to 0.52 (1.04: same), z has no
    plain side; A ran from a tree without git, B with uncommitted changes, at load 14-18 on 2 cores."""
    def case(name, total, cpu_ratio=None):
        c = {"name": name, "status": "optimal", "objective": 1.0, "gap": 0.0, "timings_s": {"total": total}}
        if cpu_ratio is not None:
            c["comparison"] = {"ratio": 9.9, "cpu_ratio": cpu_ratio}   # the CPU ratio wins where recorded
        return c

    a = {"suite": "fcnet", "date": "d1", "git": {"commit": None, "dirty": None},
         "machine": {"cpu_count": 2, "cpus_usable": 2, "loadavg_at_start": [14.1, 1, 1], "loadavg_at_end": [16.8, 1, 1]},
         "cases": [case("x", 1.0, 1.40), case("y", 1.0, 0.50), case("z", 1.0)]}
    b = {"suite": "fcnet", "date": "d2", "git": {"commit": "b5ef0279ceae3673", "dirty": True},
         "machine": {"cpu_count": 2, "cpus_usable": 2, "loadavg_at_start": [14.5, 1, 1], "loadavg_at_end": [17.8, 1, 1]},
         "cases": [case("x", 2.0, 0.98), case("y", 2.0, 0.52), case("z", 2.0)]}
    lines, rows = compare_results(a, b)
    by = {r["name"]: r for r in rows}
    assert by["x"]["plain_change"] == pytest.approx(0.70) and by["y"]["plain_change"] == pytest.approx(1.04)
    assert by["z"]["plain_change"] is None
    text = "\n".join(lines)
    assert "A: fcnet d1 commit unknown (not run from a git checkout), load 14.1-16.8" in text
    assert "B: fcnet d2 commit b5ef0279ceae with uncommitted changes, load 14.5-17.8" in text
    assert "1.40 -> 0.98" in text and "0.50 -> 0.52" in text
    assert "(2 cases): B gained on 1, lost on 0" in text
    assert "eitflow slower than plain HiGHS on 1 in A, 0 in B" in text
    assert "load up to 17.8 on 2 cores" in text and "steadier figure" in text
    # the same machine at the same quiet load, no plain side: neither the column nor the note
    for d in (a, b):
        d["machine"].update(loadavg_at_start=[1.0, 1, 1], loadavg_at_end=[1.2, 1, 1])
        d["cases"] = [case("z", 1.0)]
    text = "\n".join(compare_results(a, b)[0])
    assert "vs plain" not in text and "note:" not in text
