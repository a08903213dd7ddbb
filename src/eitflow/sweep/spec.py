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

from eitflow.catalogue import yaml_text_number
from eitflow.errors import ScenarioError, excerpt
from eitflow.i18n import Phrase
from eitflow.io.swept import (  # noqa: F401 - the sweep file's names, said here
    MULTIPLIERS,
    NETWORK_SETTINGS,
    PER_RESOURCE,
    SOLVER_SETTINGS,
    SweepError,
    check_name,
)
from eitflow.io.yamlfile import load_yaml

# what each run directory holds: `tables` (summary.json, matches.csv, unmatched.csv) or `full`
# (every file `eitflow run` writes, inputs/ included, so `eitflow report` reads it)
OUTPUTS = ("tables", "full")


DISTRIBUTIONS = {"uniform": ("low", "high"), "normal": ("mean", "sd"), "triangular": ("low", "mode", "high")}


# the most runs of a sweep (points x bases): its plan, run ids and tables are held by the client
# and enumerated before the first solve (1,000,000 runs took 9 s and 700 MB for a dry run alone;
# `n: 1e9` never got there); a larger study is split into several sweep files
MAX_RUNS = 100_000


def _got(value: Any) -> str:
    """A value of the sweep file as its message shows it (repr, cut short: a list of 10,000)."""
    return excerpt(repr(value), 80)


def _mapping(value: Any, where: str, example: str) -> dict:
    """`value` if it is a YAML mapping (or empty: {}), else SweepError naming the key `where`
    and the shape expected (`example`)."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise SweepError(Phrase("sweep_e_mapping", where=where, example=example, got=_got(value)))
    return value


def _number(value: Any, where: str, text: bool = False) -> float:
    """`value` (at the key `where`) as a finite number, else SweepError; a number YAML reads as
    text for its decimal comma ('1,2') or its percent sign is said as such, as in scenario.yaml.
    With `text`, a number written as text ('0.8', quoted) is read, as a distribution's figures
    always were."""
    why = yaml_text_number({"type": "float_parsing", "input": value})
    if why is not None:
        raise SweepError(Phrase("sweep_e_at", where=where, why=why))
    try:
        num = float(value) if (text and isinstance(value, str)) or isinstance(value, int | float) else math.nan
    except (ValueError, OverflowError):   # not a number, or an integer of 400 digits
        num = math.nan
    if isinstance(value, bool) or not math.isfinite(num):
        raise SweepError(Phrase("sweep_e_number", where=where, got=_got(value)))
    return num


def _seed(value: Any) -> int:
    """monte_carlo.seed: a whole number >= 0 (numpy's generators take no other; 1.5 was cut to 1)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise SweepError(Phrase("sweep_e_mc_seed", got=_got(value)))
    return value


def _draws(value: Any) -> int:
    """monte_carlo.n: a whole number from 1 to `MAX_RUNS` (checked before anything is drawn)."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_RUNS:
        raise SweepError(Phrase("sweep_e_mc_n", most=MAX_RUNS, got=_got(value)))
    return value


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


def _flatten(tree: dict, what: str) -> dict[str, Any]:
    """{'prices': {'heat': v}} -> {'prices.heat': v}; leaves are lists (grid) or dist specs.
    `what` is the block's key (grid, monte_carlo.parameters)."""
    out: dict[str, Any] = {}

    def put(name: str, v: Any) -> None:
        # `prices.heat` beside `prices: {heat: ...}` is one parameter twice: the later replaced the earlier
        if name in out:
            raise SweepError(Phrase("sweep_e_param_twice", what=what, name=name, head=name.partition(".")[0]))
        out[name] = v

    for key, val in (tree or {}).items():
        key = str(key)
        if isinstance(val, dict) and "dist" not in val and (key in PER_RESOURCE or key == "solver"):
            for res, v in val.items():
                put(f"{key}.{res}", v)
        elif key == "networks" and isinstance(val, dict):   # networks: {heat: {temperature_c: [70, 90]}}
            for res, block in val.items():
                for setting, v in (block.items() if isinstance(block, dict) else [("", block)]):
                    put(f"networks.{res}.{setting}" if setting else f"networks.{res}", v)
        else:
            put(key, val)
    for name in out:
        check_name(name)
    return out


def _one_or_many(key: str, names) -> str:
    """The message `key` for one name or for several ("unknown key", "unknown keys")."""
    return f"{key}_{'one' if len(names) == 1 else 'many'}"


def _grid_lists(grid: Any) -> dict[str, list[float]]:
    """The grid's value list of each parameter, checked (not yet combined)."""
    flat = _flatten(_mapping(grid, "grid", "carbon_price_eur_per_t: [50, 100]"), "grid")
    for name, vals in flat.items():
        if not isinstance(vals, list) or not vals:
            raise SweepError(Phrase("sweep_e_grid_list", name=name, got=_got(vals)))
        flat[name] = [_number(v, f"grid.{name}") for v in vals]
    return flat


def _combine(lists: dict[str, list[float]]) -> list[dict[str, float]]:
    names = list(lists)
    return [dict(zip(names, combo)) for combo in itertools.product(*(lists[n] for n in names))]


def grid_points(grid: dict | None) -> list[dict[str, float]]:
    """Every combination of the grid's value lists, in file order (last key varies fastest)."""
    return _combine(_grid_lists(grid))


@dataclass
class _Dist:
    """One Monte Carlo parameter's distribution, checked: its figures in `DISTRIBUTIONS` order
    and the bounds its draws are clipped to."""

    dist: str
    args: list[float]
    low: float = -math.inf
    high: float = math.inf


def _distribution(name: str, spec: Any) -> _Dist:
    """monte_carlo.parameters.<name>, checked as numpy would draw from it: known keys, numbers,
    and the order of the figures (numpy raised on sd < 0 or low > high; min > max set every
    draw to max)."""
    if not isinstance(spec, dict) or spec.get("dist") not in DISTRIBUTIONS:
        raise SweepError(Phrase("sweep_e_dist", name=name, got=_got(spec)))
    dist = spec["dist"]
    need = DISTRIBUTIONS[dist]
    extra = set(spec) - {"dist", "min", "max", *need}
    missing = [k for k in need if k not in spec]
    if missing or extra:
        more = (Phrase("sweep_e_dist_missing", missing=str(missing)) if missing else "",
                Phrase(_one_or_many("sweep_e_dist_unknown", extra), unknown=str(sorted(extra))) if extra else "")
        raise SweepError(Phrase("sweep_e_dist_args", name=name, dist=dist, need=", ".join(need),
                                missing=more[0], unknown=more[1]))
    where = f"monte_carlo.parameters.{name}"
    fig = {k: _number(spec[k], f"{where}.{k}", text=True) for k in (*need, "min", "max") if k in spec}
    if dist == "normal" and fig["sd"] < 0:
        raise SweepError(Phrase("sweep_e_dist_sd", name=name, sd=fig["sd"]))
    if dist == "uniform" and fig["low"] > fig["high"]:
        raise SweepError(Phrase("sweep_e_dist_low_high", name=name, low=fig["low"], high=fig["high"]))
    if dist == "triangular" and (not fig["low"] <= fig["mode"] <= fig["high"] or fig["low"] == fig["high"]):
        raise SweepError(Phrase("sweep_e_triangular", name=name))
    lo, hi = fig.get("min", -math.inf), fig.get("max", math.inf)
    if lo > hi:
        raise SweepError(Phrase("sweep_e_dist_min_max", name=name, low=lo, high=hi))
    return _Dist(dist, [fig[k] for k in need], lo, hi)


def _draw(rng: np.random.Generator, d: _Dist, n: int) -> np.ndarray:
    a = d.args
    if d.dist == "uniform":
        v = rng.uniform(a[0], a[1], n)
    elif d.dist == "normal":
        v = rng.normal(a[0], a[1], n)
    else:
        v = rng.triangular(a[0], a[1], a[2], n)
    return np.clip(v, d.low, d.high)


@dataclass
class _MonteCarlo:
    """The monte_carlo block, checked and not yet drawn (its size is known first)."""

    n: int
    seed: int
    params: dict[str, _Dist]

    def points(self) -> list[dict[str, float]]:
        rng = np.random.default_rng(self.seed)
        names = sorted(self.params)
        draws = {name: _draw(rng, self.params[name], self.n) for name in names}
        return [{name: float(draws[name][i]) for name in names} for i in range(self.n)]


def _monte_carlo(mc: Any) -> _MonteCarlo | None:
    """The monte_carlo block checked (None when absent or empty)."""
    mc = _mapping(mc, "monte_carlo", "n: 20, seed: 1, parameters: ...")
    if not mc:
        return None
    unknown = set(mc) - {"n", "seed", "parameters"}
    if unknown:
        raise SweepError(Phrase(_one_or_many("sweep_e_mc_keys", unknown), keys=str(sorted(unknown))))
    n = _draws(mc.get("n"))
    params = _flatten(_mapping(mc.get("parameters"), "monte_carlo.parameters",
                               "prices.heat: {dist: normal, mean: 1, sd: 0.15}"), "monte_carlo.parameters")
    if not params:
        raise SweepError(Phrase("sweep_e_mc_none"))
    seed = _seed(mc.get("seed", 0))
    return _MonteCarlo(n, seed, {name: _distribution(name, params[name]) for name in sorted(params)})


def monte_carlo_points(mc: dict | None) -> list[dict[str, float]]:
    """`n` draws of the parameters, reproducible for a seed (parameters drawn in sorted order)."""
    spec = _monte_carlo(mc)
    return spec.points() if spec else []


def _refuse_too_many(points: int, draws: int, bases: int) -> None:
    """A sweep of more than `MAX_RUNS` runs, refused before any is enumerated."""
    if points * draws * bases > MAX_RUNS:
        raise SweepError(Phrase("sweep_e_too_many", n=points * draws * bases, points=points, draws=draws,
                                bases=bases, most=MAX_RUNS))


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
            raise SweepError(Phrase("sweep_e_base_path", where=f"base{'s.' + name if name else ''}", got=_got(val)))
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
    lists = _grid_lists(raw.get("grid"))
    draws = _monte_carlo(raw.get("monte_carlo"))
    _refuse_too_many(math.prod(len(v) for v in lists.values()), draws.n if draws else 1, len(bases))
    grid = _combine(lists)   # [{}] for no grid: one point
    mc = draws.points() if draws else [{}]
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
    try:   # scenario.yaml's reader: a key given twice is refused (YAML keeps the last one silently)
        raw = load_yaml(path, str(path))
    except ScenarioError as exc:
        p = exc.problems[0]
        where = Phrase("sweep_e_at_line", path=str(path), line=p.row) if p.row is not None else str(path)
        raise SweepError(Phrase("problem", where=where, message=p.message)) from None
    try:
        sw = parse_sweep(raw, path.parent)
    except SweepError as exc:
        raise SweepError(in_file(str(path), exc)) from None
    sw.source = path
    sw.name = sw.name or path.stem
    return sw
