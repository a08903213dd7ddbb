"""The sweep file: one or several base scenarios, a grid and/or Monte Carlo draws over prices,
carbon price, distances, availability, shared networks' settings and solver settings, parsed and
checked before anything runs. The format is documented in the README ("Sweeps") and in `eitflow.sweep.run`."""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from eitflow.i18n import Phrase
from eitflow.scenario import Parameters

MULTIPLIERS = ("prices", "availability", "unit_investment")


PER_RESOURCE = ("prices", "max_distance_km", "availability", "unit_investment")


# solver settings a sweep may vary: the wall-clock budget of each run (s) and the gap target
SOLVER_SETTINGS = ("time_limit_s", "mip_gap")


# a shared network's figures a sweep may vary, `networks.<resource>.<setting>` of a network
# the base scenario has (its temperature and return temperature in degC, its longest generated
# corridor in km, its purity in mol/mol, its pressure in bar)
NETWORK_SETTINGS = ("temperature_c", "return_temperature_c", "max_length_km", "purity", "pressure_bar")


# what each run directory holds: `tables` (summary.json, matches.csv, unmatched.csv) or `full`
# (every file `eitflow run` writes, inputs/ included, so `eitflow report` reads it)
OUTPUTS = ("tables", "full")


DISTRIBUTIONS = {"uniform": ("low", "high"), "normal": ("mean", "sd"), "triangular": ("low", "mode", "high")}


class SweepError(ValueError):
    """An invalid sweep file (names the key and what was expected). Its message is an
    `i18n.Phrase`: English as ``str``, said in the scenario's language by the command line."""


@dataclass
class Sweep:
    """A parsed sweep: the base scenarios (name -> absolute path of scenario.yaml, in file
    order), the parameters of every point (each point is run on every base), what each run
    directory holds (`OUTPUTS`) and the sweep's name."""

    bases: dict[str, Path]
    runs: list[dict[str, float]]
    outputs: str = "tables"
    name: str = ""
    source: Path | None = None

    @property
    def base(self) -> Path:
        """The first (often the only) base scenario."""
        return next(iter(self.bases.values()))


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
    if head == "solver" and res in SOLVER_SETTINGS:
        return
    if head == "networks" and res.count(".") == 1 and res.partition(".")[2] in NETWORK_SETTINGS \
            and res.partition(".")[0]:
        return
    raise SweepError(Phrase("sweep_e_unknown_parameter", name=name, names=str(sorted(_scalar_names()))))


def _flatten(tree: dict, what: str) -> dict[str, Any]:
    """{'prices': {'heat': v}} -> {'prices.heat': v}; leaves are lists (grid) or dist specs."""
    out = {}
    for key, val in (tree or {}).items():
        key = str(key)
        if isinstance(val, dict) and "dist" not in val and (key in PER_RESOURCE or key == "solver"):
            for res, v in val.items():
                out[f"{key}.{res}"] = v
        elif key == "networks" and isinstance(val, dict):   # networks: {heat: {temperature_c: [70, 90]}}
            for res, block in val.items():
                for setting, v in (block.items() if isinstance(block, dict) else [("", block)]):
                    out[f"networks.{res}.{setting}" if setting else f"networks.{res}"] = v
        else:
            out[key] = val
    for name in out:
        check_name(name)
    return out


def _one_or_many(key: str, names) -> str:
    """The message `key` for one name or for several ("unknown key", "unknown keys")."""
    return f"{key}_{'one' if len(names) == 1 else 'many'}"


def grid_points(grid: dict | None) -> list[dict[str, float]]:
    """Every combination of the grid's value lists, in file order (last key varies fastest)."""
    flat = _flatten(grid or {}, "grid")
    for name, vals in flat.items():
        if not isinstance(vals, list) or not vals:
            raise SweepError(Phrase("sweep_e_grid_list", name=name, got=repr(vals)))
        for v in vals:
            if not isinstance(v, (int, float)) or isinstance(v, bool) or not math.isfinite(v):
                raise SweepError(Phrase("sweep_e_grid_number", name=name, got=repr(v)))
    names = list(flat)
    return [dict(zip(names, map(float, combo))) for combo in itertools.product(*(flat[n] for n in names))]


def _draw(rng: np.random.Generator, name: str, spec: dict, n: int) -> np.ndarray:
    if not isinstance(spec, dict) or spec.get("dist") not in DISTRIBUTIONS:
        raise SweepError(Phrase("sweep_e_dist", name=name, got=repr(spec)))
    dist = spec["dist"]
    need = DISTRIBUTIONS[dist]
    extra = set(spec) - {"dist", "min", "max", *need}
    missing = [k for k in need if k not in spec]
    if missing or extra:
        more = (Phrase("sweep_e_dist_missing", missing=str(missing)) if missing else "",
                Phrase(_one_or_many("sweep_e_dist_unknown", extra), unknown=str(sorted(extra))) if extra else "")
        raise SweepError(Phrase("sweep_e_dist_args", name=name, dist=dist, need=", ".join(need),
                                missing=more[0], unknown=more[1]))
    a = [float(spec[k]) for k in need]
    if dist == "uniform":
        v = rng.uniform(a[0], a[1], n)
    elif dist == "normal":
        v = rng.normal(a[0], a[1], n)
    else:
        if not a[0] <= a[1] <= a[2] or a[0] == a[2]:
            raise SweepError(Phrase("sweep_e_triangular", name=name))
        v = rng.triangular(a[0], a[1], a[2], n)
    return np.clip(v, float(spec.get("min", -np.inf)), float(spec.get("max", np.inf)))


def monte_carlo_points(mc: dict | None) -> list[dict[str, float]]:
    """`n` draws of the parameters, reproducible for a seed (parameters drawn in sorted order)."""
    if not mc:
        return []
    unknown = set(mc) - {"n", "seed", "parameters"}
    if unknown:
        raise SweepError(Phrase(_one_or_many("sweep_e_mc_keys", unknown), keys=str(sorted(unknown))))
    n = mc.get("n")
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise SweepError(Phrase("sweep_e_mc_n", got=repr(n)))
    params = _flatten(mc.get("parameters") or {}, "monte_carlo")
    if not params:
        raise SweepError(Phrase("sweep_e_mc_none"))
    rng = np.random.default_rng(int(mc.get("seed", 0)))
    draws = {name: _draw(rng, name, params[name], n) for name in sorted(params)}
    return [{name: float(draws[name][i]) for name in sorted(params)} for i in range(n)]


def _bases(raw: dict, base_dir: Path) -> dict[str, Path]:
    """name -> absolute path of each base scenario: `base: PATH`, or `bases:` as a mapping
    (name: path) or a list of paths (named by their folder). Relative paths are taken from the
    sweep file's folder and resolved here, before anything is sent to a worker."""
    if ("base" in raw) == ("bases" in raw):
        raise SweepError(Phrase("sweep_e_base_or_bases"))
    given = raw.get("bases") if "bases" in raw else [raw["base"]]
    if isinstance(given, dict):
        pairs = [(str(k), v) for k, v in given.items()]
    elif isinstance(given, list):
        pairs = [(None, v) for v in given]
    else:
        raise SweepError(Phrase("sweep_e_bases_type", got=repr(given)))
    if not pairs:
        raise SweepError(Phrase("sweep_e_bases_none"))
    out: dict[str, Path] = {}
    for name, val in pairs:
        if not isinstance(val, str) or not val.strip():
            raise SweepError(Phrase("sweep_e_base_path", key=f"base{'s.' + name if name else ''}", got=repr(val)))
        path = (base_dir / val).resolve()
        key = name or (path.parent.name if path.name in ("scenario.yaml", "scenario.yml") else path.stem)
        if key in out:
            raise SweepError(Phrase("sweep_e_bases_twice", name=key))
        out[key] = path
    return out


def parse_sweep(raw: dict, base_dir: Path = Path(".")) -> Sweep:
    """A sweep from its parsed YAML: grid x Monte Carlo (either alone, or one run) on every base."""
    if not isinstance(raw, dict):
        raise SweepError(Phrase("sweep_e_not_mapping"))
    unknown = set(raw) - {"base", "bases", "grid", "monte_carlo", "name", "description", "outputs"}
    if unknown:
        raise SweepError(Phrase(_one_or_many("sweep_e_keys", unknown), keys=str(sorted(unknown))))
    bases = _bases(raw, Path(base_dir))
    outputs = raw.get("outputs", "tables")
    if outputs not in OUTPUTS:
        raise SweepError(Phrase("sweep_e_outputs", expected=str(list(OUTPUTS)), got=repr(outputs)))
    grid = grid_points(raw.get("grid")) or [{}]
    mc = monte_carlo_points(raw.get("monte_carlo")) or [{}]
    clash = set(grid[0]) & set(mc[0])
    if clash:
        raise SweepError(Phrase(_one_or_many("sweep_e_both", clash), names=str(sorted(clash))))
    runs = [{**g, **m} for g in grid for m in mc]
    return Sweep(bases=bases, runs=runs, outputs=outputs, name=str(raw.get("name") or ""))


def in_file(where: str, exc: Exception) -> Phrase:
    """`exc`'s message after the file (or sweep directory) it is about: "FILE: message"."""
    return Phrase("problem", where=where, message=exc.args[0] if exc.args else str(exc))


def load_sweep(path: str | Path) -> Sweep:
    """Read a sweep file (the format: the README's "Sweeps" section)."""
    path = Path(path).resolve()
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise SweepError(Phrase("sweep_e_yaml", path=str(path), error=str(exc))) from None
    try:
        sw = parse_sweep(raw, path.parent)
    except SweepError as exc:
        raise SweepError(in_file(str(path), exc)) from None
    sw.source = path
    sw.name = sw.name or path.stem
    return sw
