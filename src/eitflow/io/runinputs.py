"""A run directory's inputs/: the scenario's files, copied under their keys' names.

`eitflow run` copies scenario.yaml (or the workbook) and every file it names into RUN/inputs/
as `<key><suffix>` (inputs/sites.csv, inputs/zones.json), whatever the scenario called them,
and records each original's path in summary.json's `inputs`. This module is that convention's
one place: the writer names the copies by it, and the readers (the copied scenario read again,
the report's outline and places, the GeoPackage) find them by it.
"""

from __future__ import annotations

import json
from pathlib import Path

#: the folder of a run directory that holds the copies
INPUTS = "inputs"


def input_copy_name(key: str, original: str | Path) -> str:
    """The name of `key`'s copy (`scenario` for scenario.yaml or the workbook): the key and
    the original file's suffix."""
    return f"{key}{Path(original).suffix}"


def input_copies(inputs: Path, record: object) -> dict[str, Path]:
    """key -> its copy in a run directory's `inputs` folder, from `record`: summary.json's
    `inputs` (each key with its original's path); empty for anything else."""
    if not isinstance(record, dict):
        return {}
    return {str(k): inputs / input_copy_name(str(k), v["path"]) for k, v in record.items()
            if isinstance(v, dict) and isinstance(v.get("path"), str)}


def _summary(run_dir: Path) -> dict:
    """A run directory's summary.json as a mapping; empty where it is absent or unreadable."""
    try:
        found = json.loads((run_dir / "summary.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def run_input_copies(inputs: Path) -> dict[str, Path] | None:
    """`input_copies` of a run directory's `inputs` folder, its summary.json read here; None
    where `inputs` is not one (a scenario's own folder)."""
    found = _summary(inputs.parent) if inputs.name == INPUTS else {}
    return input_copies(inputs, found.get("inputs")) if found else None


def run_input(run_dir: str | Path, key: str) -> Path | None:
    """`key`'s copy in RUN_DIR/inputs/ (`zones`, `sites`...), None where the run has none."""
    p = (run_input_copies(Path(run_dir) / INPUTS) or {}).get(key)
    return p if p is not None and p.is_file() else None


def run_settings(run_dir: str | Path) -> dict:
    """What a run was solved with beyond its copied scenario: the `solver` and `siting`
    options (dicts) and the `lang` in summary.json's `parameters`. The command line's --solver,
    --time-limit, --mip-gap, --workers, --lang (and `site`'s --rank-top, --rank-time-limit)
    change these without changing the scenario's file, so
    the copy alone would solve with the file's settings, not the run's. Empty where
    summary.json says none (unreadable, or written before it kept them)."""
    params = _summary(Path(run_dir)).get("parameters")
    if not isinstance(params, dict):
        return {}
    out: dict = {k: params[k] for k in ("solver", "siting") if isinstance(params.get(k), dict)}
    if isinstance(params.get("lang"), str):
        out["lang"] = params["lang"]
    return out
