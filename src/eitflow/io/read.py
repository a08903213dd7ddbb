"""Read a scenario from disk: scenario.yaml and the tables it names, or one workbook."""

from __future__ import annotations

from pathlib import Path

from eitflow.errors import Collector, Problem, ScenarioError
from eitflow.io.assemble import _SCENARIO_TABLE_KEYS, build_scenario, parse_parameters
from eitflow.io.tables import _load_yaml, read_table
from eitflow.scenario import Scenario


def read_scenario(path: str | Path) -> Scenario:
    """Read a scenario from disk: scenario.yaml and the tables it names, or one workbook.

    Parameters
    ----------
    path : str or Path
        scenario.yaml (or its directory), or a .xlsx/.xlsm workbook with sheets sites,
        flows, links, hubs and parameters. Table paths are relative to the YAML file.

    Returns
    -------
    Scenario
        Validated, every amount in its resource's base unit per year (MWh/yr, t/yr, m3/yr),
        distances in km, temperatures in degC, money in EUR.

    Raises
    ------
    ScenarioError
        Every problem found at once, each naming the file (or workbook sheet), the
        spreadsheet row (header = 1) and the column, and what was expected.
    """
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from eitflow.io.workbook import read_workbook
        return read_workbook(path)
    label = path.name
    if path.is_dir():
        path = path / "scenario.yaml"
        label = path.name
    raw = _load_yaml(path, label)
    if not isinstance(raw, dict):
        raise ScenarioError(Problem(label, "expected a YAML mapping with keys name, sites, flows, ..."))
    col = Collector()
    for key in ("sites", "flows"):
        if not raw.get(key):
            col.add(label, f"missing required key '{key}' (path of the {key} CSV, relative to this file)")
    if "name" not in raw:
        col.add(label, "missing required key 'name'")
    col.raise_if_any()
    params = parse_parameters(raw, label)
    base = path.parent
    files = {k: base / str(raw[k]) for k in _SCENARIO_TABLE_KEYS if raw.get(k)}
    res_over = None
    if "resources" in files:
        res_over = _load_yaml(files["resources"], raw["resources"])
        if res_over is not None and not isinstance(res_over, dict):
            raise ScenarioError(Problem(str(raw["resources"]), "expected a mapping of resource name to fields"))
    tables = {k: read_table(files[k], str(raw[k])) for k in ("sites", "flows", "links", "hubs") if k in files}
    scen = build_scenario(tables["sites"], tables["flows"], tables.get("links"), res_over, params,
                          labels={k: str(raw[k]) for k in files}, hubs=tables.get("hubs"))
    if "zones" in files:  # outlines for the report's map, checked now so a typo fails 'validate'
        from eitflow.io.zones import check_zone_names, read_zone_shapes

        check_zone_names(read_zone_shapes(files["zones"], str(raw["zones"])), scen.sites["zone"], str(raw["zones"]))
    scen.source = path
    scen.files = files
    return scen


