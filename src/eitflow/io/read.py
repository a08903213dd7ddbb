"""Read a scenario from disk: scenario.yaml and the tables it names, or one workbook."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from eitflow.errors import Collector, Problem, ScenarioError, excerpt, said_once
from eitflow.i18n import LANGS, Phrase
from eitflow.io.assemble import (
    _SCENARIO_TABLE_KEYS,
    build_scenario,
    parse_parameters,
    with_options,
    with_solver_options,
)
from eitflow.io.csvfile import remap_rows
from eitflow.io.runinputs import run_input_copies, run_settings
from eitflow.io.schema import SITING_TABLES, TABLES
from eitflow.io.sidefiles import confined, load_resources, not_a_path, zone_problems
from eitflow.io.swept import BLOCK, apply_carried
from eitflow.io.tables import _load_yaml, read_table
from eitflow.io.workbook import WORKBOOK_SUFFIXES
from eitflow.scenario import Parameters, Scenario, SitingOptions, SolverOptions

#: spreadsheets eitflow does not read (Excel 97-2003 and binary, Apple Numbers, flat OpenDocument)
OTHER_SPREADSHEETS = (".xls", ".xlsb", ".numbers", ".fods")
#: a table given where a scenario is expected (`eitflow run flows.csv`)
TABLE_SUFFIXES = (".csv", ".tsv")


def run_dir_scenarios(path: Path) -> list[Path] | None:
    """Where `path` is a run directory (what `eitflow run` writes: summary.json and a copy of
    the scenario in inputs/) rather than a scenario's: the scenario files copied into it
    (scenario.yaml, else workbooks; maybe none); None for any other path."""
    if not path.is_dir() or (path / "scenario.yaml").exists() or not (path / "summary.json").is_file():
        return None
    inputs = path / "inputs"
    if not inputs.is_dir():
        return []
    return sorted(inputs.glob("scenario.yaml")) + sorted(p for p in inputs.iterdir()
                                                          if p.suffix.lower() in WORKBOOK_SUFFIXES)


def _sweep_of(run_dir: Path) -> tuple[str, dict] | None:
    """(base, parameters) of a sweep's run directory (summary.json's `sweep` block), None for
    any other directory."""
    try:
        sweep = json.loads((run_dir / "summary.json").read_text(encoding="utf-8")).get("sweep")
    except (OSError, ValueError, AttributeError):
        sweep = None
    if not isinstance(sweep, dict) or "base" not in sweep:
        return None
    params = sweep.get("parameters")
    return str(sweep["base"]), params if isinstance(params, dict) else {}


def _said(params: dict) -> str:
    return ", ".join(f"{k}: {v:.6g}" if isinstance(v, float) else f"{k}: {v}" for k, v in params.items()) or "–"


def _run_dir_copy(path: Path) -> Path | None:
    """The scenario copied into `path` where it is a run directory (its scenario.yaml, else its
    workbook), None where it is not one; a run directory without a copy is refused."""
    found = run_dir_scenarios(path)
    if found is None or found:
        return found[0] if found else None
    sweep = _sweep_of(path)
    if sweep is not None:   # kept as tables (it read 'written by eitflow run': give the scenario it was run from)
        raise ScenarioError(Problem(path.name, Phrase("scen_run_dir_sweep_tables", path=excerpt(path, 200),
                                                      base=sweep[0], params=_said(sweep[1]))))
    raise ScenarioError(Problem(path.name, Phrase("scen_run_dir_no_copy", path=excerpt(path, 200))))


def _refuse_uncarried(path: Path, carried: bool) -> None:
    """A copy of a scenario in a sweep run's inputs/ (`path`) that does not carry the sweep's
    values (a run written before copies carried them, a workbook base) is refused: solved, it
    would be the base, not the run. A sweep of solver settings only is solved as it was
    (`with_run_settings`)."""
    if carried or path.parent.name != "inputs":
        return
    sweep = _sweep_of(path.parent.parent)
    if sweep is not None and any(not str(k).startswith("solver.") for k in sweep[1]):
        raise ScenarioError(Problem(path.name, Phrase("scen_run_dir_sweep_full", path=excerpt(path.parent.parent, 200),
                                                      base=sweep[0], params=_said(sweep[1]))))


def with_run_settings(scen: Scenario, run_dir: Path) -> Scenario:
    """`scen`, the scenario copied into `run_dir`, with the run's solver and siting options and
    its language (`io.runinputs.run_settings`): read again, a run solves as it did, whatever the command
    line changed. Options this version does not know (a newer run's) are left out; the others
    are validated as scenario.yaml's `solver:` block is."""
    settings = run_settings(run_dir)
    solver = {k: v for k, v in settings.get("solver", {}).items() if k in SolverOptions.model_fields}
    scen.params = with_solver_options(scen.params, solver, source=f"{excerpt(run_dir, 200)}/summary.json")
    siting = {k: v for k, v in settings.get("siting", {}).items() if k in SitingOptions.model_fields}
    scen.params = with_options(scen.params, "siting", siting, source=f"{excerpt(run_dir, 200)}/summary.json")
    if settings.get("lang") in LANGS:
        scen.params = scen.params.model_copy(update={"lang": settings["lang"]})
    return scen


def read_scenario(path: str | Path, confine_to_scenario_dir: bool = True) -> Scenario:
    """Read a scenario from disk: scenario.yaml and the tables it names, or one workbook.

    Parameters
    ----------
    path : str or Path
        scenario.yaml (or its directory), or a .xlsx/.xlsm/.ods workbook with sheets sites,
        flows, links, hubs and parameters. Table paths are relative to the YAML file. Or a
        run directory (what `eitflow run` wrote): the scenario copied into its inputs/, with
        the solver options and language the run had (`with_run_settings`), so that the
        analyses of a run and a run again solve what that run solved.
    confine_to_scenario_dir : bool
        Refuse table paths that lead outside the directory of scenario.yaml (absolute
        paths, `..`, symlinks out of it): a service reading scenarios it is sent must
        not read other files of its machine. On by default; the command line turns it
        off (its user may read any of their files).

    Returns
    -------
    Scenario
        Validated, every amount in its resource's base unit per year (MWh/yr, t/yr, m3/yr),
        distances in km, temperatures in degC, money in EUR; `warnings` lists plausible
        but odd data (a site far from all the others...).

    Raises
    ------
    ScenarioError
        Every problem found at once, in every file (a problem in scenario.yaml or in one
        table's header does not hide the others), each naming the file (or workbook
        sheet), the spreadsheet row (header = 1) and the column, and what was expected.
    """
    path = Path(path)
    run_dir = None
    if path.is_dir() and (copy := _run_dir_copy(path)) is not None:
        run_dir, path = path, copy   # a run directory: the scenario copied into it, solved as the run was
    scen = _read_scenario_file(path, confine_to_scenario_dir)
    return scen if run_dir is None else with_run_settings(scen, run_dir)


def _read_scenario_file(path: Path, confine_to_scenario_dir: bool) -> Scenario:
    """`read_scenario` of a scenario.yaml (or its folder) or a workbook."""
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        from eitflow.io.workbook import read_workbook
        _refuse_uncarried(path, False)   # a workbook carries no sweep block
        return read_workbook(path, confine_to_scenario_dir)
    if path.suffix.lower() in OTHER_SPREADSHEETS:   # said as such, not as "binary data, not text"
        raise ScenarioError(Problem(path.name, Phrase("wb_other_format", suffix=path.suffix)))
    if path.suffix.lower() in TABLE_SUFFIXES:   # said as such, not as a YAML syntax error on row 2
        raise ScenarioError(Problem(path.name, Phrase("scen_table_given")))
    if path.is_dir():
        path = path / "scenario.yaml"
    label = path.name
    raw = _load_yaml(path, label)
    if not isinstance(raw, dict):
        raise ScenarioError(Problem(label, Phrase("scen_not_mapping")))
    carried = raw.pop(BLOCK, None)   # a sweep run's copy: the values it was solved with
    _refuse_uncarried(path, carried is not None)
    col = Collector()
    for key in ("sites", "flows"):
        if not raw.get(key):
            col.add(label, Phrase("scen_missing_table", k=key))
    if "name" not in raw:
        col.add(label, Phrase("scen_missing_name"))
    for key in _SCENARIO_TABLE_KEYS:
        if raw.get(key) is not None and not isinstance(raw[key], str):
            col.problems.append(not_a_path(key, raw[key], label))
    try:
        params = parse_parameters({"name": "scenario", **raw} if "name" not in raw else raw, label)
    except ScenarioError as exc:
        col.problems += exc.problems
        from eitflow.io.network import networks_named

        # still check the tables, against the networks scenario.yaml names
        params = Parameters(name=str(raw.get("name") or path.stem), networks=networks_named(raw.get("networks")))
    base = path.parent
    files = {k: base / raw[k] for k in _SCENARIO_TABLE_KEYS if isinstance(raw.get(k), str) and raw[k]}
    copies = run_input_copies(base)
    if copies:   # a run's copy of the scenario: its files are the run's copies, named by their keys
        files = {k: copies.get(k, p) for k, p in files.items()}
    labels = {k: excerpt(raw[k], 80) for k in files}
    labels["parameters"] = label   # problems of the scenario's own keys name its file
    if confine_to_scenario_dir:
        for k, p in list(files.items()):
            prob = confined(p, base, k, label)
            if prob is not None:
                col.problems.append(prob)
                del files[k]
    res_over = None
    if "resources" in files:
        res_over, probs = load_resources(files["resources"], labels["resources"])
        col.problems += probs
    tables: dict[str, pd.DataFrame | None] = {}
    for k in ("sites", "flows", "links", "hubs", "corridors", "junctions", "plots", "activities", "activity_flows"):
        if k not in files:
            continue
        # plots.csv may come in a CNIG standard's columns (`io.plots`): no expected header
        names = None if k == "plots" else {**TABLES, **SITING_TABLES}[k].names
        try:
            tables[k] = read_table(files[k], labels[k], expected=names, comments=True)
        except ScenarioError as exc:
            col.problems += exc.problems
            tables[k] = None  # unreadable: the other tables are still checked
    rowmaps = {labels[k]: t.attrs["rows"] for k, t in tables.items() if t is not None and "rows" in t.attrs}
    scen = None
    if tables.get("sites") is not None and tables.get("flows") is not None:
        try:
            scen = build_scenario(tables["sites"], tables["flows"], tables.get("links"), res_over, params,
                                  labels=labels, hubs=tables.get("hubs"), plots=tables.get("plots"),
                                  activities=tables.get("activities"), activity_flows=tables.get("activity_flows"),
                                  corridors=tables.get("corridors"), junctions=tables.get("junctions"),
                                  canonical=True)
        except ScenarioError as exc:
            col.problems += remap_rows(exc, rowmaps).problems
    else:
        # a table is missing or unreadable: check what can be checked of the others alone
        col.problems += _check_alone(tables, res_over, params, labels, rowmaps)
    if scen is not None and "zones" in files:  # outlines for the report's map, checked now
        col.problems += zone_problems(files["zones"], labels["zones"], scen.sites["zone"])
    col.problems = said_once(col.problems)
    col.raise_if_any()
    assert scen is not None
    rm = rowmaps.get(labels["flows"])
    if rm is not None and len(rm) == len(scen.flows):
        # "row" is the table's row (2 = first data row), also once the flows are in canonical order
        scen.flows["row"] = np.asarray(rm)[scen.flows["row"].to_numpy(np.int64) - 2]
    scen.warnings = [_remap_one(w, rowmaps) for w in scen.warnings]
    scen.source = path
    scen.files = files
    return scen if carried is None else apply_carried(scen, carried, label)


def _remap_one(p: Problem, rowmaps: dict[str, list[int]]) -> Problem:
    return remap_rows(ScenarioError(p), rowmaps).problems[0]


def _check_alone(tables: dict, res_over, params: Parameters, labels: dict[str, str],
                 rowmaps: dict[str, list[int]]) -> list[Problem]:
    """Problems of the readable tables when sites or flows could not be read: each is
    validated on its own (references to the missing table are not checked)."""
    from eitflow.io.schema import FLOWS, SITES
    sites, flows = tables.get("sites"), tables.get("flows")
    probs: list[Problem] = []
    try:
        if sites is not None:
            stub = pd.DataFrame({c: pd.Series(dtype=str) for c in FLOWS.required})
            build_scenario(sites, stub, None, res_over, params, labels=labels, skip_refs=True)
        elif flows is not None:
            stub = pd.DataFrame({c: pd.Series(dtype=str) for c in SITES.required})
            build_scenario(stub, flows, None, res_over, params, labels=labels, skip_refs=True)
    except ScenarioError as exc:
        probs += [p for p in remap_rows(exc, rowmaps).problems if not p.message.startswith("no ")]
    return probs
