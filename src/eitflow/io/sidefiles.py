"""Files a scenario names beside its tables: resource overrides (a resources.yaml merged over
the catalogue) and the zones' real outlines (a zones.geojson for the report's map).

scenario.yaml and a workbook's parameters sheet name them alike, by a path relative to the
scenario's own file (`SIDE_FILE_KEYS`), and both readers check them here, so that a workbook's
outline is read and refused exactly as a YAML one is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from eitflow.errors import Problem, ScenarioError, excerpt
from eitflow.i18n import Phrase
from eitflow.io.tables import _load_yaml

#: the keys that name such a file (not a table, not a parameter), as a workbook's notes sheet
#: says them (scenario.yaml's words are `io.schema.TABLE_KEYS`')
WORKBOOK_FILE_KEYS = {
    "resources": "path of a resources.yaml from the workbook's folder, merged over the catalogue (optional)",
    "zones": "path of a zones.geojson from the workbook's folder: the zones' real outlines (Polygon or MultiPolygon "
             "features with a `zone` property naming a zone of the sites sheet), drawn on the report's map (optional)"}
SIDE_FILE_KEYS = tuple(WORKBOOK_FILE_KEYS)


def confined(path: Path, base: Path, key: str, label: str, row: int | None = None) -> Problem | None:
    """A problem when `path` (symlinks followed) lies outside the scenario's directory `base`."""
    try:
        inside = path.resolve().is_relative_to(base.resolve())
    except (OSError, RuntimeError):
        inside = False
    if inside:
        return None
    return Problem(label, Phrase("scen_outside", k=key, path=excerpt(path, 120)), row)


def not_a_path(key: str, value: Any, label: str, row: int | None = None) -> Problem:
    """`key`'s value is not a file path (a number, a list...)."""
    return Problem(label, Phrase("scen_not_path", k=key, type=type(value).__name__, value=excerpt(value)), row)


def load_resources(path: Path, label: str) -> tuple[dict | None, list[Problem]]:
    """The overrides of a resources.yaml (None when empty or unreadable) and its problems."""
    try:
        over = _load_yaml(path, label)
    except ScenarioError as exc:
        return None, list(exc.problems)
    if over is not None and not isinstance(over, dict):
        return None, [Problem(label, Phrase("res_not_mapping_top"))]
    return over, []


def zone_problems(path: Path, label: str, site_zones) -> list[Problem]:
    """The problems of a zones.geojson: unreadable, or an outline naming no zone of the sites
    (a typo would silently draw an orphan shape)."""
    from eitflow.io.zones import check_zone_names, read_zone_shapes

    try:
        check_zone_names(read_zone_shapes(path, label), site_zones, label)
    except ScenarioError as exc:
        return list(exc.problems)
    return []
