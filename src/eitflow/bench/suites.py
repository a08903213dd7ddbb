"""Benchmark suites and their cases: exact optima (FCTP), national heat (Hotmaps x INSEE),
synthetic clustered territories, facility location, heat cascading, the naive baseline.
Each case prepares a scenario in a child process; reference data come from ../shared/."""

from __future__ import annotations

import csv
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: the project's root (the checkout holding pyproject.toml and src/): src/eitflow/bench/suites.py
REPO_ROOT = Path(__file__).resolve().parents[3]


HOTMAPS = "data/hotmaps/Industrial_Database.csv"


COMMUNES = "data/insee/communes_2024.csv"


FCTP = "data/benchmarks/fctp"


AA_REFERENCE = FCTP + "/agarwal_aneja/HIGHS_COMPUTED_VALUES_not_published.csv"


FCTP_REFERENCE = FCTP + "/REFERENCE_VALUES.csv"


@dataclass
class Context:
    """What every case may use: where ../shared is and the run's options."""

    shared: Path
    time_limit_s: float | None = None   # None: the suite's / case's default
    workers: int = 1


@dataclass
class CaseDef:
    """One benchmark case.

    prepare: module-level function ``prepare(ctx, tmpdir, **kwargs) -> Prepared`` run in the
        child; it builds the Scenario through the library (and times it).
    runner: ``optimise`` (eitflow's path), ``naive`` (the newcomer's PuLP model and
        eitflow, side by side) or ``ratio`` (eitflow and plain HiGHS interleaved, `bench.ratio`).
    requires: files (relative to ../shared) without which the case is skipped.
    solver: solver options applied to the scenario (time_limit_s, mip_gap, ...); the run's
        --time-limit and --workers override time_limit_s and workers.
    reference: optional known value in eitflow's sense (maximised objective): value,
        bound (None = proven, i.e. equal to value), source.
    group: label used by the suite's analysis (e.g. the growth fit's ladders).
    """

    name: str
    prepare: Callable[..., Prepared]
    kwargs: dict = field(default_factory=dict)
    runner: str = "optimise"
    requires: tuple[str, ...] = ()
    solver: dict = field(default_factory=dict)
    reference: dict | None = None
    group: str = ""


@dataclass
class Prepared:
    scenario: Any
    timings: dict                     # prepare (data generation/import) and read (Scenario) seconds
    info: dict = field(default_factory=dict)


def apply_solver(scen, case: CaseDef, ctx: Context) -> dict:
    """Set the case's solver options on `scen` (the run's --time-limit and --workers win);
    returns them as run."""
    opts = dict(case.solver)
    if ctx.time_limit_s is not None:
        opts["time_limit_s"] = float(ctx.time_limit_s)
    opts["workers"] = int(ctx.workers)
    scen.params = scen.params.model_copy(update={"solver": scen.params.solver.model_copy(update=opts)})
    return scen.params.solver.model_dump()


def prepare_fctp(ctx: Context, tmp: Path, *, file: str) -> Prepared:
    from eitflow.bench.instances import fctp_scenario

    t = time.perf_counter()
    scen = fctp_scenario(ctx.shared / file)
    return Prepared(scen, {"prepare": 0.0, "read": time.perf_counter() - t}, {"file": file})


def prepare_national_heat(ctx: Context, tmp: Path, *, radius_km: float, min_population: int | None = None) -> Prepared:
    from eitflow.importers.national import build_national_heat_scenario
    from eitflow.io.read import read_scenario

    model = {} if min_population is None else {"min_population": int(min_population)}
    t = time.perf_counter()
    path = build_national_heat_scenario(ctx.shared / HOTMAPS, ctx.shared / COMMUNES, tmp / "scenario",
                                        country="FR", radius_km=radius_km, **model)
    t1 = time.perf_counter()
    scen = read_scenario(path)
    t2 = time.perf_counter()
    return Prepared(scen, {"prepare": t1 - t, "read": t2 - t1},
                    {"radius_km": radius_km, "min_population": min_population})


def prepare_synthetic(ctx: Context, tmp: Path, *, radius_km: float, params: dict | None = None, **gen) -> Prepared:
    from eitflow.bench.synthetic import clustered_heat_instance, heat_scenario

    t = time.perf_counter()
    sites, flows = clustered_heat_instance(**gen)
    t1 = time.perf_counter()
    scen = heat_scenario(sites, flows, radius_km, name=f"synthetic clustered heat r{radius_km:g}", **(params or {}))
    t2 = time.perf_counter()
    return Prepared(scen, {"prepare": t1 - t, "read": t2 - t1},
                    {"radius_km": radius_km, "generator": gen, "params": params or {}})


def prepare_facility(ctx: Context, tmp: Path, *, file: str, kind: str, capacity: float | None = None) -> Prepared:
    from eitflow.bench.instances import facility_scenario, read_holmberg, read_orlib_cap

    t = time.perf_counter()
    if kind == "orlib_cap":
        data = read_orlib_cap(ctx.shared / file, capacity=capacity)
    else:
        data = read_holmberg(ctx.shared / file)
    scen = facility_scenario(*data, single_source=kind == "holmberg", name=Path(file).name)
    return Prepared(scen, {"prepare": 0.0, "read": time.perf_counter() - t}, {"file": file, "capacity": capacity})


def prepare_files(ctx: Context, tmp: Path, *, kind: str, radius_km: float = 30, params: dict | None = None,
                  file: str = "", capacity: float | None = None, **gen) -> Prepared:
    """An instance written as scenario files (for the runner `cli`, which times `eitflow run`
    on them from outside): kind "synthetic" (the clustered heat instance, `gen` its
    generator's keywords), "facility" (an OR-Library capacitated file) or "fr-heat"."""
    from eitflow.bench.tofiles import write_frames

    t = time.perf_counter()
    root = tmp / "scenario"
    if kind == "synthetic":
        from eitflow.bench.synthetic import clustered_heat_instance

        sites, flows = clustered_heat_instance(**gen)
        path = write_frames(root, sites, flows, name=f"synthetic r{radius_km:g}", carbon_price_eur_per_t=100,
                            max_distance_km={"heat": float(radius_km)}, **(params or {}))
    elif kind == "facility":
        from eitflow.bench.instances import GOOD_RESOURCE, facility_frames, read_orlib_cap

        sites, flows, links, hubs = facility_frames(*read_orlib_cap(ctx.shared / file, capacity=capacity))
        path = write_frames(root, sites, flows, links, hubs, GOOD_RESOURCE, name=Path(file).name,
                            carbon_price_eur_per_t=0.0, discount_rate=0.0, lifetime_years=1.0,
                            solver={"mip_gap": 0.0})
    else:
        from eitflow.importers.national import build_national_heat_scenario

        path = build_national_heat_scenario(ctx.shared / HOTMAPS, ctx.shared / COMMUNES, root, country="FR",
                                            radius_km=radius_km)
    return Prepared(path, {"prepare": time.perf_counter() - t, "read": 0.0}, {"kind": kind, "radius_km": radius_km})


TIME_LIMITS_S = (5.0, 10.0)


def suite_time_limit(ctx: Context) -> list[CaseDef]:
    """The whole command within `time_limit_s` + 2 s (README, "Time limits"): `eitflow run`
    timed from outside on the heaviest instances of the other suites, at 5 and 10 s."""
    insts = [("synthetic-r30", {"kind": "synthetic", "radius_km": 30, "n_sources": 2000, "n_sinks": 20000,
                                "seed": 0}, ()),
             ("cascade-auto-r10", {"kind": "synthetic", "radius_km": 10, **CASCADE_GEN, **CASCADE_RANGES}, ()),
             ("facility-capa-8000", {"kind": "facility", "file": f"{ORLIB}/capa.txt", "capacity": 8000.0},
              (f"{ORLIB}/capa.txt",)),
             ("fr-heat-r50", {"kind": "fr-heat", "radius_km": 50}, (HOTMAPS, COMMUNES))]
    return [CaseDef(f"{name}-t{t:g}", prepare_files, kw, runner="cli", requires=req,
                    solver={"time_limit_s": t, "mip_gap": 0.01}, group="time-limit")
            for name, kw, req in insts for t in TIME_LIMITS_S]


def _read_csv(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def suite_exact(ctx: Context) -> list[CaseDef]:
    """bal8x12 (published optimum) and the 30 Agarwal-Aneja 15x15 FCTP instances."""
    solver = {"time_limit_s": 60.0, "mip_gap": 0.0}
    cases = []
    ref = None
    p = ctx.shared / FCTP_REFERENCE
    if p.exists():
        row = next((r for r in _read_csv(p) if r["instance"] == "bal8x12"), None)
        if row is not None:
            ref = {"value": -float(row["obj"]), "bound": None, "source": f"{FCTP_REFERENCE}: {row['status']}"}
    if ref is None:  # the published optimum (Balinski; GLPK examples/fctp.mod; Mittelmann)
        ref = {"value": -471.55, "bound": None, "source": "published optimum 471.55 (Balinski)"}
    cases.append(CaseDef("bal8x12", prepare_fctp, {"file": f"{FCTP}/balinski/bal8x12.txt"},
                         requires=(f"{FCTP}/balinski/bal8x12.txt",), solver=solver, reference=ref, group="fctp"))
    refs = {}
    p = ctx.shared / AA_REFERENCE
    if p.exists():
        refs = {r["instance"]: r for r in _read_csv(p)}
    for theta in ("0.0", "0.2", "0.5"):
        for k in range(1, 11):
            name = f"theta{theta}_{k}"
            r = refs.get(name)
            reference = None
            if r is not None:
                proven = r["status"] == "optimal"
                reference = {"value": -float(r["obj"]), "bound": None if proven else -float(r["dual_bound"]),
                             "source": f"{AA_REFERENCE}: {r['status']} ({r['solver']})"}
            cases.append(CaseDef(name, prepare_fctp, {"file": f"{FCTP}/agarwal_aneja/{name}.txt"},
                                 requires=(f"{FCTP}/agarwal_aneja/{name}.txt", AA_REFERENCE), solver=solver,
                                 reference=reference, group="fctp"))
    return cases


FR_RADII_KM = (10, 20, 50)  # 30 km is fr-heat-r30-pop2000 (the default min_population) of the sink ladder


FR_SINK_LADDER = (20000, 10000, 5000, 2000, 1000, 500, 0)  # 0: every commune with inhabitants


def suite_fr_heat(ctx: Context) -> list[CaseDef]:
    """National FR heat: radius ladder (default min_population) and a sink ladder at 30 km."""
    req = (HOTMAPS, COMMUNES)
    solver = {"time_limit_s": 300.0}  # mip_gap: the scenario's own (0.001)
    cases = [CaseDef(f"fr-heat-r{r}", prepare_national_heat, {"radius_km": r}, requires=req, solver=solver,
                     group="radius") for r in FR_RADII_KM]
    cases += [CaseDef(f"fr-heat-r30-pop{p}", prepare_national_heat, {"radius_km": 30, "min_population": p},
                      requires=req, solver=solver, group="sinks") for p in FR_SINK_LADDER]
    return cases


def suite_synthetic(ctx: Context) -> list[CaseDef]:
    """Clustered 2,000 x 20,000 heat instance (seed 0) at 10 km (gap 1 %) and 30 km (gap 2 %),
    eitflow and plain HiGHS on the same monolithic model interleaved (`bench.ratio`)."""
    return [CaseDef(f"synthetic-2000x20000-r{r}", prepare_synthetic,
                    {"radius_km": r, "n_sources": 2000, "n_sinks": 20000, "seed": 0},
                    solver={"time_limit_s": 300.0, "mip_gap": gap}, group="synthetic", runner="ratio")
            for r, gap in ((10, 0.01), (30, 0.02))]


CASCADE_GEN = {"n_sources": 2000, "n_sinks": 20000, "seed": 0, "source_temperature_c": (60.0, 200.0),
               "sink_temperature_c": (60.0, 90.0)}


CASCADE_RANGES = {"source_drop_k": (30.0, 80.0), "sink_drop_k": (20.0, 35.0)}


def suite_cascade(ctx: Context) -> list[CaseDef]:
    """Heat cascading at scale: the clustered 2,000 x 20,000 instance at 5 km with sources at
    60-200 degC (so many only partly reach a network), as point flows, then with return
    temperatures at exact levels and at levels rounded to 1, 2 and 5 K; and at 10 km, where
    the largest component is rounded automatically (gap 1 %)."""
    solver = {"time_limit_s": 300.0, "mip_gap": 0.01}
    cases = [CaseDef("cascade-points-r5", prepare_synthetic, {"radius_km": 5, **CASCADE_GEN}, solver=solver,
                     group="cascade")]
    for step in (0.0, 1.0, 2.0, 5.0):
        name = "cascade-exact-r5" if step == 0 else f"cascade-step{step:g}K-r5"
        cases.append(CaseDef(name, prepare_synthetic, {"radius_km": 5, **CASCADE_GEN, **CASCADE_RANGES,
                                                       "params": {"heat_level_step_k": step}},
                             solver=solver, group="cascade"))
    # 10 km: the largest component's exact levels exceed heat_level_max_columns (auto rounding)
    cases.append(CaseDef("cascade-points-r10", prepare_synthetic, {"radius_km": 10, **CASCADE_GEN}, solver=solver,
                         group="cascade"))
    cases.append(CaseDef("cascade-auto-r10", prepare_synthetic, {"radius_km": 10, **CASCADE_GEN, **CASCADE_RANGES},
                         solver=solver, group="cascade"))
    cases.append(CaseDef("cascade-step5K-r10", prepare_synthetic,
                         {"radius_km": 10, **CASCADE_GEN, **CASCADE_RANGES, "params": {"heat_level_step_k": 5.0}},
                         solver=solver, group="cascade"))
    return cases


def suite_naive(ctx: Context) -> list[CaseDef]:
    """The FR heat problem at 30 km written the naive way (PuLP, all pairs) vs eitflow."""
    return [CaseDef("naive-fr-heat-r30", prepare_national_heat, {"radius_km": 30}, runner="naive",
                    requires=(HOTMAPS, COMMUNES), solver={"time_limit_s": 300.0}, group="naive")]


def suite_smoke(ctx: Context) -> list[CaseDef]:
    """Two tiny synthetic cases (seconds): for tests of the harness itself."""
    return [CaseDef("smoke-20x200-r10", prepare_synthetic,
                    {"radius_km": 10, "n_sources": 20, "n_sinks": 200, "seed": 1, "n_clusters": 6},
                    solver={"time_limit_s": 10.0, "mip_gap": 0.0}, group="smoke"),
            CaseDef("smoke-10x80-r20", prepare_synthetic,
                    {"radius_km": 20, "n_sources": 10, "n_sinks": 80, "seed": 2, "n_clusters": 3},
                    solver={"time_limit_s": 10.0, "mip_gap": 0.0}, group="smoke")]


def prepare_national_siting(ctx: Context, tmp: Path, *, n_templates: int, n_plots: int, seed: int = 0,
                            rank_top: int = 5, rank_time_limit_s: float = 40.0, repeats: int = 1,
                            plain: bool = False) -> Prepared:
    from eitflow.bench.siting import national_siting_scenario
    from eitflow.io.read import read_scenario

    t = time.perf_counter()
    path = national_siting_scenario(ctx.shared / HOTMAPS, ctx.shared / COMMUNES, tmp / "scenario",
                                    n_templates=n_templates, n_plots=n_plots, seed=seed)
    t1 = time.perf_counter()
    scen = read_scenario(path)
    scen.params.siting = scen.params.siting.model_copy(update={"rank_top": rank_top,
                                                               "rank_time_limit_s": rank_time_limit_s})
    t2 = time.perf_counter()
    return Prepared(scen, {"prepare": t1 - t, "read": t2 - t1},
                    {"n_templates": n_templates, "n_plots": n_plots, "seed": seed, "rank_top": rank_top,
                     "rank_time_limit_s": rank_time_limit_s, "plots": "generated near INSEE communes "
                     "(bench.siting)", "repeats": repeats, "plain": plain})


def suite_siting(ctx: Context) -> list[CaseDef]:
    """Siting on the national FR heat scenario: 50 activity templates x 2,000 generated plots
    (plan at 1 % within 60 s, ranking within 40 s; three rounds interleaved with plain HiGHS
    on the same model), and a smaller 10 x 200 case."""
    req = (HOTMAPS, COMMUNES)
    return [CaseDef("siting-fr-50x2000", prepare_national_siting,
                    {"n_templates": 50, "n_plots": 2000, "repeats": 3, "plain": True},
                    runner="site", requires=req, solver={"time_limit_s": 60.0, "mip_gap": 0.01}, group="siting"),
            CaseDef("siting-fr-10x200", prepare_national_siting, {"n_templates": 10, "n_plots": 200, "plain": True},
                    runner="site", requires=req, solver={"time_limit_s": 60.0, "mip_gap": 0.01}, group="siting")]


#: suite name -> function of the run context giving its cases
ORLIB = "data/benchmarks/orlib_cap"


HOLMBERG = "data/benchmarks/sscflp_holmberg"


def suite_facility(ctx: Context) -> list[CaseDef]:
    """Facility location through eitflow's hubs: OR-Library capacitated (37 + capa/b/c at each
    published capacity) and Holmberg single-source (p1..p71), against the published optima."""
    solver = {"time_limit_s": 120.0, "mip_gap": 0.0}
    cases = []
    opt = ctx.shared / ORLIB / "capopt.txt"
    if opt.exists():
        name = None
        for line in opt.read_text().splitlines()[1:]:
            parts = line.split()
            if not parts:
                continue
            if parts[0].startswith("cap"):
                name = parts[0]
                parts = parts[1:]
            try:
                value = float(parts[0])
            except (ValueError, IndexError):  # trailing notes of the file
                continue
            cap = None
            if len(parts) >= 3 and parts[1].startswith("(capacity"):
                cap = float(parts[2].rstrip(")"))
            label = name if cap is None else f"{name}-{cap:g}"
            cases.append(CaseDef(label, prepare_facility, {"file": f"{ORLIB}/{name}.txt", "kind": "orlib_cap",
                                                           "capacity": cap},
                                 requires=(f"{ORLIB}/{name}.txt",), solver=solver, group="orlib_cap",
                                 reference={"value": -value, "bound": None, "source": "OR-Library capopt.txt"}))
    osf = ctx.shared / HOLMBERG / "os"
    if osf.exists():
        for k, v in enumerate(osf.read_text().split(), start=1):
            cases.append(CaseDef(f"holmberg-p{k}", prepare_facility, {"file": f"{HOLMBERG}/p{k}", "kind": "holmberg"},
                                 requires=(f"{HOLMBERG}/p{k}",), solver=solver, group="holmberg",
                                 reference={"value": -float(v), "bound": None, "source": "Holmberg optima (os)"}))
    return cases


FCNETLIB = "data/benchmarks/fcnetlib"


def prepare_fcnet(ctx: Context, tmp: Path, *, file: str) -> Prepared:
    from eitflow.bench.fcnetlib import fcnet_scenario

    t = time.perf_counter()
    scen = fcnet_scenario(ctx.shared / file)
    return Prepared(scen, {"prepare": 0.0, "read": time.perf_counter() - t}, {"file": file})


def suite_fcnet(ctx: Context) -> list[CaseDef]:
    """FCNetLib's 65 fixed-charge network flow instances through the scenario format, each
    against plain HiGHS on the textbook model of bchfcnet.gms, interleaved in one process;
    references from OPTIMA.csv (62 proven optima, 3 best known: costs, so a maximised eitflow
    objective of -cost, and a best known cost only bounds the optimum from one side)."""
    opt = ctx.shared / FCNETLIB / "OPTIMA.csv"
    if not opt.exists():
        return []
    cases = []
    for row in _read_csv(opt):
        proven = row["kind"].startswith("proven")
        # the file prints 2 decimals (4077.68 for 4077.6842): the reference is that value +- half a cent
        decimals = len(row["value"].split(".")[1]) if "." in row["value"] else 0
        ref = {"value": -float(row["value"]), "bound": None if proven else float("inf"),
               "precision": 0.5 * 10.0 ** -decimals, "source": f"FCNetLib OPTIMA.csv ({row['kind']})"}
        cases.append(CaseDef(f"fcnet-{row['instance']}", prepare_fcnet, {"file": f"{FCNETLIB}/{row['instance']}.inc"},
                             runner="fcnet", requires=(f"{FCNETLIB}/{row['instance']}.inc",),
                             solver={"time_limit_s": 300.0, "mip_gap": 0.0}, reference=ref, group="fcnet"))
    return cases


#: the large shared networks: case -> (generator in bench.netsynth, its keyword arguments, solver, target)
NETWORK_CASES = {
    "network-city": ("network_city", {}, {"time_limit_s": 60.0, "mip_gap": 0.01},
                     "500 buildings, 20 sources, ~1,500 candidate corridors: 1 % gap in 60 s"),
    "network-region": ("network_region", {}, {"time_limit_s": 300.0, "mip_gap": 0.02},
                       "40 towns, ≥ 50,000 candidate corridors: 2 % gap in 300 s, 4 GB, 2 cores"),
}


def prepare_network(ctx: Context, tmp: Path, *, generator: str, kwargs: dict, solver: dict) -> Prepared:
    from eitflow.bench import netsynth

    t = time.perf_counter()
    scen = getattr(netsynth, generator)(**kwargs, **solver)
    return Prepared(scen, {"prepare": time.perf_counter() - t, "read": 0.0}, {"generator": generator, "kwargs": kwargs})


def suite_network(ctx: Context) -> list[CaseDef]:
    """The synthetic heat-network city and region (`bench.netsynth`), each against plain HiGHS
    on the whole model (runner ``network``: `bench.netbig`); no reference optimum."""
    return [CaseDef(name, prepare_network, {"generator": g, "kwargs": kw, "solver": solver}, runner="network",
                    solver=dict(solver), group=target) for name, (g, kw, solver, target) in NETWORK_CASES.items()]


SUITES: dict[str, Callable[[Context], list[CaseDef]]] = {
    "time-limit": suite_time_limit,
    "facility": suite_facility,
    "fcnet": suite_fcnet,
    "network": suite_network,
    "exact": suite_exact,
    "fr-heat": suite_fr_heat,
    "synthetic": suite_synthetic,
    "naive": suite_naive,
    "smoke": suite_smoke,
    "cascade": suite_cascade,
    "siting": suite_siting,
}


DEFAULT_TIME_LIMIT_S = {"facility": 120.0, "exact": 60.0, "fr-heat": 300.0, "synthetic": 300.0, "naive": 300.0, "smoke": 10.0,
                      "cascade": 300.0, "siting": 60.0, "fcnet": 300.0, "time-limit": 10.0,
                      "network": 300.0}


