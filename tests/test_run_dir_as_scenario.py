"""A run directory given where a scenario is expected (`explain RUN`, `zones RUN`, `run RUN`...)
is the scenario copied into it, solved as that run was: with the solver options and language
the run's command line gave (kept in its summary.json), not the copy's own; so `zones RUN`
shows the run's zones.csv, and `run RUN` gives the run again."""

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from conftest import HEAT_FLOWS_CSV, TWO_SITES_CSV
from eitflow.cli.main import main
from eitflow.io.read import read_scenario

ZAE = Path(__file__).resolve().parents[1] / "scenarios" / "zae_example" / "scenario.yaml"


def _invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def _run_dir(tmp_path, lang_line: str = "", *options):
    """A two-site scenario (scenario.yaml with `lang_line`, its own solver block) run into
    tmp_path/runs/r1 with the command-line `options`."""
    scen = tmp_path / "territoire"
    scen.mkdir()
    (scen / "sites.csv").write_text(TWO_SITES_CSV, encoding="utf-8")
    (scen / "flows.csv").write_text(HEAT_FLOWS_CSV, encoding="utf-8")
    (scen / "scenario.yaml").write_text(f"name: t\n{lang_line}sites: sites.csv\nflows: flows.csv\n"
                                        "solver:\n  time_limit_s: 30\n  mip_gap: 0.001\n", encoding="utf-8")
    run = tmp_path / "runs" / "r1"
    res = _invoke("run", scen / "scenario.yaml", "--out", run, *options)
    assert res.exit_code == 0, res.output
    return run


def test_a_run_directory_reads_as_its_scenario_with_the_run_s_command_line(tmp_path):
    run = _run_dir(tmp_path, "", "--mip-gap", "0.05", "--time-limit", "7", "--lang", "fr")
    copied = run / "inputs" / "scenario.yaml"
    # the copy alone is the file as written: its own gap and time limit, no language
    own = read_scenario(copied)
    assert (own.params.solver.mip_gap, own.params.solver.time_limit_s, own.params.lang) == (0.001, 30, None)
    # the run directory is the run: the options given on its command line
    scen = read_scenario(run)
    assert (scen.params.solver.mip_gap, scen.params.solver.time_limit_s, scen.params.lang) == (0.05, 7, "fr")
    assert scen.source == copied
    # said so on the command line, in the run's language (--lang fr, which the copy does not hold)
    res = _invoke("validate", run)
    assert res.exit_code == 0, res.output
    flat = " ".join(res.output.split())
    assert (f"{run} est un dossier de résultats : son scénario {copied} est résolu comme ce calcul l'a été "
            "(solveur highs, écart cible 5 %, limite 7 s)") in flat, res.output
    # a command-line option still overrides the run's
    res = _invoke("run", run, "--out", tmp_path / "r2", "--mip-gap", "0.02", "-q")
    assert res.exit_code == 0, res.output
    again = json.loads((tmp_path / "r2" / "summary.json").read_text(encoding="utf-8"))["parameters"]
    assert (again["solver"]["mip_gap"], again["solver"]["time_limit_s"], again["lang"]) == (0.02, 7, "fr")


def test_zones_and_explain_of_a_run_directory_are_the_run_s(tmp_path):
    run = tmp_path / "zae"
    res = _invoke("run", ZAE, "--out", run, "--mip-gap", "0.05", "--lang", "fr", "-q")
    assert res.exit_code == 0, res.output
    # zones RUN: the run's zones.csv, figure for figure, said in the run's French
    res = _invoke("zones", run, "--csv", tmp_path / "z.csv")
    assert res.exit_code == 0, res.output
    assert "écrit" in res.output and "note :" not in res.output, res.output
    mine = pd.read_csv(tmp_path / "z.csv").sort_values("zone").reset_index(drop=True)
    theirs = pd.read_csv(run / "zones.csv").sort_values("zone").reset_index(drop=True)
    pd.testing.assert_frame_equal(mine, theirs, check_exact=False, rtol=1e-9)
    totals = json.loads((run / "summary.json").read_text(encoding="utf-8"))
    assert mine["net_benefit_eur_per_yr"].sum() == pytest.approx(totals["objective"], rel=1e-9)
    # explain RUN: the run's unmatched flows, in French
    res = _invoke("explain", run, "--csv", tmp_path / "e.csv")
    assert res.exit_code == 0, res.output
    explained = set(pd.read_csv(tmp_path / "e.csv")["flow_id"])
    assert explained == set(pd.read_csv(run / "unmatched.csv")["flow_id"])
    # run RUN --out NEW: the same plan again
    res = _invoke("run", run, "--out", tmp_path / "again", "-q")
    assert res.exit_code == 0, res.output
    again = json.loads((tmp_path / "again" / "summary.json").read_text(encoding="utf-8"))
    assert again["objective"] == pytest.approx(totals["objective"], rel=1e-9)
    assert again["parameters"]["solver"] == totals["parameters"]["solver"]
    # a summary.json whose objective is not what a solve finds: said, not passed off as the run's
    edited = dict(totals, objective=1_000_000.0)
    (run / "summary.json").write_text(json.dumps(edited), encoding="utf-8")
    res = _invoke("zones", run)
    assert res.exit_code == 0, res.output
    flat = " ".join(res.output.split())
    assert f"n'est pas celui du dossier {run} (1 000 000,00 €/an, son summary.json)" in flat, res.output


def test_a_run_is_never_written_over_the_run_it_reads(tmp_path):
    run = _run_dir(tmp_path)
    before = (run / "summary.json").read_bytes()
    res = _invoke("run", run, "--out", run, "--force")
    assert res.exit_code == 2 and "Traceback" not in res.output, res.output
    assert f"{run} holds the scenario's input {run / 'inputs' / 'scenario.yaml'}" in " ".join(res.output.split())
    assert (run / "summary.json").read_bytes() == before


def test_a_run_directory_without_its_copy_says_so(tmp_path):
    run = _run_dir(tmp_path, "lang: fr\n")
    for p in (run / "inputs").iterdir():
        p.unlink()
    (run / "inputs").rmdir()
    for cmd in ("explain", "zones", "run"):
        res = _invoke(cmd, run, *(["--out", tmp_path / "x"] if cmd == "run" else []))
        assert res.exit_code == 2 and "Traceback" not in res.output, res.output
        flat = " ".join(res.output.split())
        assert (f"{run} est un dossier de résultats (écrit par eitflow run) sans copie de son scénario "
                "(pas de dossier inputs/)") in flat, res.output
        assert "introuvable" not in flat


def test_a_folder_holding_a_scenario_and_a_run_stays_a_scenario(tmp_path):
    run = _run_dir(tmp_path)
    copied = run / "inputs" / "scenario.yaml"
    # the same run directory is still read as a run by the commands that take one
    assert _invoke("report", run).exit_code == 0
    (run / "scenario.yaml").write_text(copied.read_text(encoding="utf-8").replace("sites.csv", "inputs/sites.csv")
                                       .replace("flows.csv", "inputs/flows.csv").replace("0.001", "0.002"),
                                       encoding="utf-8")
    res = _invoke("validate", run)
    assert res.exit_code == 0, res.output
    assert "run directory" not in res.output
    assert read_scenario(run).params.solver.mip_gap == 0.002   # its own scenario.yaml, not the run's settings
