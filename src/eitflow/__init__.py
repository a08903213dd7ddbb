"""eitflow: find the industrial-ecology exchanges worth building on a territory.

The data path, one module per stage::

    io.read_scenario / io.scenario_from_frames  -> Scenario        (validated, base units)
    candidates.build_candidates                 -> Candidates      (spatial index, rules, reasons)
    model.build_arrays / model.to_pulp          -> MILP            (arrays for HiGHS, PuLP for CBC/export)
    solve.solve                                 -> Solution        (components, status, checked)
    results.*                                   -> Result          (matches, unmatched, summary, GeoJSON)
    output.write_run                            -> run directory   (atomic, never silently overwritten)

`optimise(scenario)` runs the whole path and returns a `Result` of pandas DataFrames.
"""
from __future__ import annotations

__version__ = "0.1.0"

from eitflow.candidates.generate import build_candidates
from eitflow.candidates.graph import candidate_graph
from eitflow.catalogue import load_catalogue
from eitflow.errors import ScenarioError, SolveError
from eitflow.io.assemble import scenario_from_frames
from eitflow.io.read import read_scenario
from eitflow.pipeline import optimise, run_file

__all__ = ["optimise", "run_file", "read_scenario", "scenario_from_frames", "build_candidates", "candidate_graph",
           "ScenarioError", "SolveError", "load_catalogue", "__version__"]
