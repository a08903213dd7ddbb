"""eitflow: find the industrial-ecology exchanges worth building on a territory.

The data path, one module per stage (each name is importable as written, from ``eitflow.``)::

    io.read.read_scenario / io.assemble.scenario_from_frames  -> Scenario    (validated, base units)
    candidates.generate.build_candidates                      -> Candidates  (spatial search, costs, rules, reasons)
    model.build.build_arrays / model.pulp_model.to_pulp       -> MilpArrays  (named blocks; PuLP for CBC and export)
    extend.pulp_problem / extend.result_from_pulp             -> the model in PuLP, extended by you, read back as a Result
    solve.driver.solve                                        -> Solution    (components, back-ends, status, checked)
    results.result.Result, results.statistics.Statistics      -> Result      (every figure computed once)
    results.rundir.write_run                                  -> run directory (atomic, never silently overwritten)
    analyses / sweep / report                                 -> trade-offs, sweeps, HTML and figures over the core

`optimise(scenario)` runs the whole path and returns a `Result` of pandas DataFrames.
Public names are imported lazily, so `import eitflow` (and the command line's start-up)
does not pay for pandas, scipy and the solvers until they are used.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# public name -> module that defines it
_EXPORTS = {
    # lazy too: reading the installed metadata imports importlib.metadata (email, socket, zipfile:
    # 57 of the 77 ms of `import eitflow`), and a Ctrl-C in that window, before the command line's
    # stop handlers exist, printed a KeyboardInterrupt traceback (a test at 0.2 s under load)
    "__version__": "eitflow._version",
    "optimise": "eitflow.pipeline",
    "run_file": "eitflow.pipeline",
    "read_scenario": "eitflow.io.read",
    "scenario_from_frames": "eitflow.io.assemble",
    "build_candidates": "eitflow.candidates.generate",
    "candidate_graph": "eitflow.candidates.graph",
    "Candidates": "eitflow.candidates.generate",
    "Scenario": "eitflow.scenario",
    "Parameters": "eitflow.scenario",
    "SolverOptions": "eitflow.scenario",
    "Solution": "eitflow.solve.status",
    "Status": "eitflow.solve.status",
    "Result": "eitflow.results.result",
    "ScenarioError": "eitflow.errors",
    "SolveError": "eitflow.errors",
    "load_catalogue": "eitflow.catalogue",
    "write_run": "eitflow.results.rundir",
    "read_run": "eitflow.results.rundir",
    "RunData": "eitflow.results.rundir",
    "Statistics": "eitflow.results.statistics",
    "pulp_problem": "eitflow.extend",
    "link_variables": "eitflow.extend",
    "corridor_variables": "eitflow.extend",
    "result_from_pulp": "eitflow.extend",
}

__all__ = [
    "Candidates", "Parameters", "Result", "RunData", "Scenario", "ScenarioError", "Solution", "SolveError",
    "SolverOptions", "Statistics", "Status", "__version__", "build_candidates", "candidate_graph", "corridor_variables",
    "link_variables",
    "load_catalogue", "optimise", "pulp_problem", "read_run", "read_scenario", "result_from_pulp", "run_file",
    "scenario_from_frames", "write_run",
]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs
    from eitflow._version import __version__
    from eitflow.candidates.generate import Candidates, build_candidates
    from eitflow.candidates.graph import candidate_graph
    from eitflow.catalogue import load_catalogue
    from eitflow.errors import ScenarioError, SolveError
    from eitflow.extend import corridor_variables, link_variables, pulp_problem, result_from_pulp
    from eitflow.io.assemble import scenario_from_frames
    from eitflow.io.read import read_scenario
    from eitflow.pipeline import optimise, run_file
    from eitflow.results.result import Result
    from eitflow.results.rundir import RunData, read_run, write_run
    from eitflow.results.statistics import Statistics
    from eitflow.scenario import Parameters, Scenario, SolverOptions
    from eitflow.solve.status import Solution, Status


def __getattr__(name: str) -> Any:
    mod = _EXPORTS.get(name)
    if mod is None:
        raise AttributeError(f"module 'eitflow' has no attribute {name!r}")
    value = getattr(importlib.import_module(mod), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
