"""An analysis of a run directory with --mip-gap or --time-limit said the scenario "is solved as
that run was (solver highs, MIP gap 5 %, time limit 5 s)" of zae_example's run, solved at
0.1 % and 60 s (its scenario.yaml: mip_gap 0.001, time_limit_s 60): the command line's values
given as the run's. The run's own are said now, and what the command line replaces after them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import eitflow
from eitflow.cli.main import main
from eitflow.results.rundir import write_run

ZAE = Path(__file__).resolve().parents[1] / "scenarios" / "zae_example" / "scenario.yaml"


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    return write_run(eitflow.optimise(eitflow.read_scenario(ZAE)), tmp_path_factory.mktemp("ovr") / "run")


def _said(args: list[str]) -> str:
    r = CliRunner().invoke(main, args, env={"COLUMNS": "400"})
    assert r.exit_code == 0, r.output
    return re.sub(r"\s+", " ", r.output)


@pytest.mark.parametrize("lang, ran, given", [
    ("en", "(solver highs, MIP gap 0.1%, time limit 60 s)", "except what the command line gives: MIP gap 5%, time limit 5 s"),
    ("fr", "(solveur highs, écart cible 0,1 %, limite 60 s)", "sauf ce que donne la ligne de commande : écart cible 5 %, limite 5 s"),
])
def test_the_run_settings_are_the_runs_and_the_command_lines_said_apart(run_dir, lang, ran, given):
    said = _said(["zones", str(run_dir), "--mip-gap", "0.05", "--time-limit", "5", "--lang", lang])
    assert ran in said and given in said, said


def test_without_options_the_line_is_the_runs_alone(run_dir):
    said = _said(["zones", str(run_dir), "--lang", "en"])
    assert "(solver highs, MIP gap 0.1%, time limit 60 s)" in said and "command line" not in said, said
