"""`eitflow bench endtoend`: the plain-HiGHS baseline solves the same model to the same
optimum, one run's profile adds up, medians and ratios are what they say. (Speed itself
is measured by the command, never timed here.)"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from eitflow.bench.endtoend import PROFILE, Variant, compare_variants, run_once, summarise
from eitflow.bench.plain import plain_highs
from eitflow.io.read import read_scenario
from eitflow.pipeline import optimise

EXAMPLE = Path(__file__).resolve().parents[1] / "scenarios" / "zae_example" / "scenario.yaml"


def test_plain_highs_reaches_eitflows_optimum_on_the_whole_model():
    # two independent solves of one model: eitflow (components, batches) and one HiGHS call
    plain = plain_highs(str(EXAMPLE), mip_gap=0.0)
    scen = read_scenario(EXAMPLE)
    scen.params = scen.params.model_copy(update={"solver": scen.params.solver.model_copy(update={"mip_gap": 0.0})})
    ours = optimise(scen).summary
    assert plain["result"]["status"] == "Optimal" and ours["status"] == "optimal"
    assert plain["result"]["objective"] == pytest.approx(ours["objective"], rel=1e-7, abs=1e-3)
    assert plain["sizes"]["candidate_links"] == ours["counts"]["candidate_links"]
    # the LP relaxation bounds the (maximised) optimum from above
    assert plain["lp_relaxation"]["bound"] >= plain["result"]["objective"] - 1e-6


def test_one_run_profile_adds_up_to_its_wall_time(tmp_path):
    scen_dir = tmp_path / "scen"
    shutil.copytree(EXAMPLE.parent, scen_dir)
    rec = run_once(Variant("eitflow@HEAD -w1", "eitflow", 1), scen_dir / "scenario.yaml", tmp_path, None)
    assert "error" not in rec, rec.get("error")
    prof = rec["profile_s"]
    assert set(PROFILE) | {"other"} == set(prof)
    assert prof["startup"] > 0 and prof["read"] > 0 and prof["write"] > 0
    # `other` is the rest (never negative); start-up is known to a clock tick (10 ms) of /proc
    assert prof["other"] >= 0 and sum(prof.values()) == pytest.approx(rec["wall_s"], abs=0.03)
    assert rec["cpu_s"] > 0 and rec["result"]["status"] == "optimal"
    assert not (tmp_path / "run").exists()  # each run's directory is removed


def _rec(wall, cpu, solve, obj=100.0, gap=0.0):
    prof = dict.fromkeys(PROFILE, 0.0) | {"solve": solve, "other": wall - solve}
    return {"wall_s": wall, "cpu_s": cpu, "profile_s": prof,
            "result": {"status": "optimal", "objective": obj, "bound": obj * (1 + gap), "gap": gap}}


def test_medians_and_ratios_by_hand():
    head = summarise([_rec(3.0, 2.0, 1.0), _rec(9.0, 2.5, 1.5), _rec(4.0, 3.0, 2.0), {"error": "x", "wall_s": 1}])
    assert head["runs"] == 4 and head["failed"] == 1
    assert head["wall_s"] == 4.0 and head["cpu_s"] == 2.5 and head["profile_s"]["solve"] == 1.5
    base = summarise([_rec(12.0, 10.0, 2.0), _rec(10.0, 7.5, 3.0), _rec(11.0, 8.0, 1.0)])
    plain = summarise([_rec(60.0, 40.0, 58.0, obj=99.0, gap=0.05)])
    r = compare_variants({"h": head, "b": base, "p": plain}, ["h"], ["b"], "p")
    assert r["b / h"]["wall"] == pytest.approx(11.0 / 4.0, abs=1e-3)
    assert r["b / h"]["cpu"] == pytest.approx(8.0 / 2.5, abs=1e-3)
    assert r["p / h"]["solve"] == pytest.approx(58.0 / 1.5, abs=1e-3)
    assert r["b / h"]["objectives_agree_within_gap"]
    assert r["p / h"]["objectives_agree_within_gap"]  # 99 lies within plain's 5 % gap of 100
    worse = summarise([_rec(60.0, 40.0, 58.0, obj=90.0, gap=0.01)])
    assert not compare_variants({"h": head, "p": worse}, ["h"], [], "p")["p / h"]["objectives_agree_within_gap"]


def test_baseline_source_is_the_commits_tree(tmp_path):
    import subprocess

    from eitflow.bench.endtoend import ROOT, baseline_source

    if not (ROOT / ".git").exists():
        pytest.skip(f"{ROOT} is not a git checkout")
    src = baseline_source("HEAD", tmp_path)
    committed = subprocess.run(["git", "-C", str(ROOT), "show", "HEAD:src/eitflow/pipeline.py"], capture_output=True,
                               text=True, check=True).stdout
    assert (src / "eitflow" / "pipeline.py").read_text(encoding="utf-8") == committed


def test_repo_root_is_the_project_root(monkeypatch, tmp_path):
    """bench.suites.REPO_ROOT named src/ (parents[2] of src/eitflow/bench/suites.py), so the
    default reference data were looked for in the checkout instead of next to it."""
    from eitflow.bench import endtoend, startup, suites
    from eitflow.bench.harness import default_shared

    project = Path(__file__).resolve().parents[1]   # tests/ sits in the project's root
    assert suites.REPO_ROOT == project
    assert (suites.REPO_ROOT / "pyproject.toml").is_file()
    assert startup.REPO_ROOT == endtoend.ROOT == project
    monkeypatch.delenv("EITFLOW_SHARED", raising=False)
    monkeypatch.chdir(tmp_path)                       # no ../shared from here
    assert default_shared() == project.parent / "shared"


def test_runs_use_cached_bytecode_compiled_before_timing(monkeypatch, tmp_path):
    """With PYTHONDONTWRITEBYTECODE set (as on this machine), every timed `eitflow run`
    recompiled eitflow's modules: 0.4-0.9 s charged to start-up that no installed package
    pays. The children may write bytecode, and every variant's tree is compiled first."""
    import subprocess
    import sys

    from eitflow.bench.endtoend import _env, compile_sources

    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    env = _env(tmp_path)
    assert "PYTHONDONTWRITEBYTECODE" not in env and env["PYTHONPATH"] == str(tmp_path)
    pkg = tmp_path / "pkgx"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("X = 1\n", encoding="utf-8")
    compile_sources([tmp_path])
    assert list((pkg / "__pycache__").glob("__init__.*.pyc"))
    # a child with that environment imports from the cache (no source compile): `-v` says so
    r = subprocess.run([sys.executable, "-v", "-c", "import pkgx"], env=env, capture_output=True, text=True,
                       check=True)
    assert "code object from" in r.stderr and str(pkg / "__pycache__") in r.stderr
