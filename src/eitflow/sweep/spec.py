"""The sweep file: a grid and/or Monte Carlo draws over prices, carbon price, distances and
availability, parsed and checked before anything runs."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from eitflow.scenario import Parameters

MULTIPLIERS = ("prices", "availability")


PER_RESOURCE = ("prices", "max_distance_km", "availability")


DISTRIBUTIONS = {"uniform": ("low", "high"), "normal": ("mean", "sd"), "triangular": ("low", "mode", "high")}


class SweepError(ValueError):
    """An invalid sweep file (names the key and what was expected)."""


@dataclass
class Sweep:
    """A parsed sweep: the base scenario path and the parameters of every run, in order."""

    base: Path
    runs: list[dict[str, float]]
    source: Path | None = None


def _scalar_names() -> set[str]:
    return {n for n, f in Parameters.model_fields.items() if f.annotation in (float, "float")}


def check_name(name: str) -> None:
    """Raise `SweepError` unless `name` is a sweepable parameter (resource names are checked
    against the scenario's catalogue when the run is applied)."""
    head, _, res = name.partition(".")
    if head in _scalar_names() and not res:
        return
    if head in PER_RESOURCE and (res or head == "availability"):
        return
    raise SweepError(f"unknown sweep parameter '{name}': expected one of {sorted(_scalar_names())}, "
                     "prices.<resource>, max_distance_km.<resource>, availability or availability.<resource>")


def _flatten(tree: dict, what: str) -> dict[str, Any]:
    """{'prices': {'heat': v}} -> {'prices.heat': v}; leaves are lists (grid) or dist specs."""
    out = {}
    for key, val in (tree or {}).items():
        key = str(key)
        if isinstance(val, dict) and "dist" not in val and key in PER_RESOURCE:
            for res, v in val.items():
                out[f"{key}.{res}"] = v
        else:
            out[key] = val
    for name in out:
        check_name(name)
    return out


def grid_points(grid: dict | None) -> list[dict[str, float]]:
    """Every combination of the grid's value lists, in file order (last key varies fastest)."""
    flat = _flatten(grid or {}, "grid")
    for name, vals in flat.items():
        if not isinstance(vals, list) or not vals:
            raise SweepError(f"grid: '{name}' must be a non-empty list of numbers, got {vals!r}")
        for v in vals:
            if not isinstance(v, (int, float)) or isinstance(v, bool):
                raise SweepError(f"grid: '{name}' values must be numbers, got {v!r}")
    names = list(flat)
    return [dict(zip(names, map(float, combo))) for combo in itertools.product(*(flat[n] for n in names))]


def _draw(rng: np.random.Generator, name: str, spec: dict, n: int) -> np.ndarray:
    if not isinstance(spec, dict) or spec.get("dist") not in DISTRIBUTIONS:
        raise SweepError(f"monte_carlo.parameters.{name}: expected {{dist: uniform|normal|triangular, ...}}, "
                         f"got {spec!r}")
    dist = spec["dist"]
    need = DISTRIBUTIONS[dist]
    extra = set(spec) - {"dist", "min", "max", *need}
    missing = [k for k in need if k not in spec]
    if missing or extra:
        raise SweepError(f"monte_carlo.parameters.{name}: a {dist} distribution takes {', '.join(need)} "
                         f"(and optional min, max)" + (f"; missing {missing}" if missing else "")
                         + (f"; unknown {sorted(extra)}" if extra else ""))
    a = [float(spec[k]) for k in need]
    if dist == "uniform":
        v = rng.uniform(a[0], a[1], n)
    elif dist == "normal":
        v = rng.normal(a[0], a[1], n)
    else:
        if not a[0] <= a[1] <= a[2] or a[0] == a[2]:
            raise SweepError(f"monte_carlo.parameters.{name}: triangular needs low <= mode <= high, low < high")
        v = rng.triangular(a[0], a[1], a[2], n)
    return np.clip(v, float(spec.get("min", -np.inf)), float(spec.get("max", np.inf)))


def monte_carlo_points(mc: dict | None) -> list[dict[str, float]]:
    """`n` draws of the parameters, reproducible for a seed (parameters drawn in sorted order)."""
    if not mc:
        return []
    unknown = set(mc) - {"n", "seed", "parameters"}
    if unknown:
        raise SweepError(f"monte_carlo: unknown key(s) {sorted(unknown)} (expected n, seed, parameters)")
    n = mc.get("n")
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise SweepError(f"monte_carlo.n: expected a positive integer, got {n!r}")
    params = _flatten(mc.get("parameters") or {}, "monte_carlo")
    if not params:
        raise SweepError("monte_carlo.parameters: expected at least one parameter")
    rng = np.random.default_rng(int(mc.get("seed", 0)))
    draws = {name: _draw(rng, name, params[name], n) for name in sorted(params)}
    return [{name: float(draws[name][i]) for name in sorted(params)} for i in range(n)]


def parse_sweep(raw: dict, base_dir: Path = Path(".")) -> Sweep:
    """A sweep from its parsed YAML: grid x Monte Carlo (either alone, or one base run)."""
    if not isinstance(raw, dict):
        raise SweepError("a sweep file is a YAML mapping with keys base, grid, monte_carlo")
    unknown = set(raw) - {"base", "grid", "monte_carlo", "name", "description"}
    if unknown:
        raise SweepError(f"unknown key(s) {sorted(unknown)} (expected base, grid, monte_carlo)")
    if not raw.get("base"):
        raise SweepError("missing key 'base': path of the base scenario.yaml, relative to the sweep file")
    grid = grid_points(raw.get("grid")) or [{}]
    mc = monte_carlo_points(raw.get("monte_carlo")) or [{}]
    clash = set(grid[0]) & set(mc[0])
    if clash:
        raise SweepError(f"parameter(s) {sorted(clash)} are both in grid and monte_carlo")
    runs = [{**g, **m} for g in grid for m in mc]
    return Sweep(base=(base_dir / str(raw["base"])), runs=runs)


def load_sweep(path: str | Path) -> Sweep:
    """Read a sweep file (see the module documentation)."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise SweepError(f"{path}: YAML syntax error: {exc}") from None
    sw = parse_sweep(raw, path.parent)
    sw.source = path
    return sw


