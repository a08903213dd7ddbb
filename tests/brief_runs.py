"""The bundled scenarios' run directories as their briefs are written: `eitflow run`, and for
fos_siting `eitflow site` (its activities placed on its plots), for the brief's browser tests."""

from __future__ import annotations

from pathlib import Path

import eitflow
from conftest import ROOT
from eitflow.analyses.siting import site, siting_files
from eitflow.io.read import read_scenario
from eitflow.results.rundir import write_files, write_run

SCENARIOS = sorted(p.parent.name for p in (ROOT / "scenarios").glob("*/scenario.yaml"))


def bundled_run(name: str, out: Path) -> Path:
    """The run directory `out` of the bundled scenario `name`, as its brief is written."""
    path = ROOT / "scenarios" / name / "scenario.yaml"
    if name == "fos_siting":
        sr = site(read_scenario(path, confine_to_scenario_dir=False))
        return write_run(sr.result, out, extras=lambda d: write_files(d, siting_files(sr)))
    return write_run(eitflow.run_file(path), out)
