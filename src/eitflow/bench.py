"""Benchmark harness: `eitflow bench run SUITE` and `eitflow bench compare A B`.

A suite is a list of cases (`CaseDef`); each case builds a `Scenario` through the library
(FCTP reader, national importer, synthetic generator) and runs the whole path
(`eitflow.optimise` then the run-directory writer into a temporary directory). Every case
runs in a fresh child process started with ``spawn``, so its peak memory
(``getrusage(RUSAGE_SELF).ru_maxrss``) is its own and a crash or a runaway case cannot take
the harness down. Results go to one JSON file (written atomically; an existing file is
never overwritten without ``--force``); ``compare`` prints time ratios and objective
changes between two such files.

Result file (``format: eitflow-bench/1``), per case: name, status (the solver's, or
``skipped`` / ``failed``), sizes, timings_s per stage (prepare, read, candidates, build,
solve, write, total), objective / bound / gap, reference and agreement, memory (MB), and
error or skipped message. See benchmarks/README.md for every field.
"""
from __future__ import annotations

import csv
import datetime as _dt
import fnmatch
import inspect
import json
import math
import multiprocessing as mp
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import click

FORMAT = "eitflow-bench/1"
STAGES = ["read", "candidates", "build", "solve", "results", "write"]
REL_TOL = 1e-6              # agreement of two objective values that are both proven
REPO_ROOT = Path(__file__).resolve().parents[2]
HARD_LIMIT_FACTOR = 3.0     # a case is killed after factor x time limit + HARD_LIMIT_EXTRA_S
HARD_LIMIT_EXTRA_S = 600.0

HOTMAPS = "data/hotmaps/Industrial_Database.csv"
COMMUNES = "data/insee/communes_2024.csv"
FCTP = "data/benchmarks/fctp"
AA_REFERENCE = FCTP + "/agarwal_aneja/HIGHS_COMPUTED_VALUES_not_published.csv"
FCTP_REFERENCE = FCTP + "/REFERENCE_VALUES.csv"


# ====================================================================== case definitions
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
    runner: ``optimise`` (eitflow's path) or ``naive`` (the newcomer's PuLP model and
        eitflow, side by side).
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


# ---------------------------------------------------------------- prepare functions (child side)
def prepare_fctp(ctx: Context, tmp: Path, *, file: str) -> Prepared:
    from .instances import fctp_scenario

    t = time.perf_counter()
    scen = fctp_scenario(ctx.shared / file)
    return Prepared(scen, {"prepare": 0.0, "read": time.perf_counter() - t}, {"file": file})


def prepare_national_heat(ctx: Context, tmp: Path, *, radius_km: float, min_population: int | None = None) -> Prepared:
    from .importers.national import build_national_heat_scenario
    from .io import read_scenario

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
    from .synthetic import clustered_heat_instance, heat_scenario

    t = time.perf_counter()
    sites, flows = clustered_heat_instance(**gen)
    t1 = time.perf_counter()
    scen = heat_scenario(sites, flows, radius_km, name=f"synthetic clustered heat r{radius_km:g}", **(params or {}))
    t2 = time.perf_counter()
    return Prepared(scen, {"prepare": t1 - t, "read": t2 - t1},
                    {"radius_km": radius_km, "generator": gen, "params": params or {}})


def prepare_facility(ctx: Context, tmp: Path, *, file: str, kind: str, capacity: float | None = None) -> Prepared:
    from .instances import facility_scenario, read_holmberg, read_orlib_cap

    t = time.perf_counter()
    if kind == "orlib_cap":
        data = read_orlib_cap(ctx.shared / file, capacity=capacity)
    else:
        data = read_holmberg(ctx.shared / file)
    scen = facility_scenario(*data, single_source=kind == "holmberg", name=Path(file).name)
    return Prepared(scen, {"prepare": 0.0, "read": time.perf_counter() - t}, {"file": file, "capacity": capacity})


# ---------------------------------------------------------------- suites (parent side)
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
    """Clustered 2,000 x 20,000 heat instance (seed 0) at 10 km (gap 1 %) and 30 km (gap 2 %)."""
    return [CaseDef(f"synthetic-2000x20000-r{r}", prepare_synthetic,
                    {"radius_km": r, "n_sources": 2000, "n_sinks": 20000, "seed": 0},
                    solver={"time_limit_s": 300.0, "mip_gap": gap}, group="synthetic")
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


SUITES: dict[str, Callable[[Context], list[CaseDef]]] = {
    "facility": suite_facility,
    "exact": suite_exact,
    "fr-heat": suite_fr_heat,
    "synthetic": suite_synthetic,
    "naive": suite_naive,
    "smoke": suite_smoke,
    "cascade": suite_cascade,
}
DEFAULT_TIME_LIMIT_S = {"facility": 120.0, "exact": 60.0, "fr-heat": 300.0, "synthetic": 300.0, "naive": 300.0, "smoke": 10.0,
                      "cascade": 300.0}


# ====================================================================== agreement
def agreement(objective: float | None, bound: float | None, ref: dict | None) -> str | None:
    """How a maximised objective (with its bound) agrees with a reference.

    Both are intervals holding the true optimum: ours [objective, bound], the reference's
    [value, bound] (bound None: proven, a point). ``agrees`` when both are points and equal
    (relative 1e-6); ``within reference gap`` when only ours is proven and it lies in the
    reference's interval; ``within gap`` when only the reference is proven and it lies in
    ours; ``within both gaps`` when neither is proven and they meet; ``DISAGREES``
    when they do not meet; ``no solution`` when we have none; None without a reference.
    """
    if ref is None:
        return None
    if objective is None:
        return "no solution"
    r_lo = float(ref["value"])
    r_hi = r_lo if ref.get("bound") is None else float(ref["bound"])
    o_lo = float(objective)
    o_hi = o_lo if bound is None else max(o_lo, float(bound))
    tol = REL_TOL * max(1.0, abs(r_lo), abs(o_lo))
    if o_lo > r_hi + tol or r_lo > o_hi + tol:
        return "DISAGREES"
    ref_point = r_hi - r_lo <= tol
    our_point = o_hi - o_lo <= tol
    if ref_point and our_point:
        return "agrees"
    if our_point:
        return "within reference gap"
    if ref_point:
        return "within gap"
    return "within both gaps"


def objectives_differ(a: dict, b: dict) -> bool:
    """True when two results' objectives differ by more than the larger of their gaps."""
    oa, ob = a.get("objective"), b.get("objective")
    if oa is None or ob is None:
        return (oa is None) != (ob is None)
    gap = max(a.get("gap") or 0.0, b.get("gap") or 0.0)
    scale = max(abs(oa), abs(ob), 1e-9)
    return abs(oa - ob) > gap * scale + REL_TOL * max(1.0, scale)


# ====================================================================== child side
def _rss_mb() -> tuple[float, float]:
    """Peak resident set of this process and of its finished children, in MB."""
    scale = 1024.0 * 1024.0 if sys.platform == "darwin" else 1024.0  # bytes on macOS, KiB on Linux
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / scale
    return round(own, 1), round(kids, 1)


def _apply_solver(scen, case: CaseDef, ctx: Context) -> dict:
    opts = dict(case.solver)
    if ctx.time_limit_s is not None:
        opts["time_limit_s"] = float(ctx.time_limit_s)
    opts["workers"] = int(ctx.workers)
    scen.params = scen.params.model_copy(update={"solver": scen.params.solver.model_copy(update=opts)})
    return scen.params.solver.model_dump()


def _sizes(summary: dict) -> dict:
    c = summary["counts"]
    return {k: c.get(k) for k in ("sites", "flows", "supplies", "demands", "candidate_links", "dropped_pairs",
                                   "components", "solver_batches", "variables", "binaries", "constraints",
                                   "chosen_links")}


def _run_optimise(case: CaseDef, ctx: Context, prep: Prepared, tmp: Path) -> dict:
    from .output import write_run
    from .pipeline import optimise

    scen = prep.scenario
    solver = _apply_solver(scen, case, ctx)
    t = time.perf_counter()
    res = optimise(scen, {"read": prep.timings["read"]})
    t_opt = time.perf_counter() - t
    t = time.perf_counter()
    write_run(res, tmp / "run")
    t_write = time.perf_counter() - t
    s = res.summary
    timings = {k: float(s["timings_s"].get(k, 0.0)) for k in ("read", "candidates", "build", "solve")}
    # what optimise() spends outside its timed stages: matches, unmatched reasons, summary
    timings["results"] = max(0.0, t_opt - timings["candidates"] - timings["build"] - timings["solve"])
    timings["write"] = t_write
    return {"sizes": _sizes(s), "timings": timings, "solver": solver,
            "result": {"status": s["status"], "objective": s["objective"], "bound": s["bound"], "gap": s["gap"],
                       "mip_gap_target": s["mip_gap_target"], "objective_unit": s["objective_unit"],
                       "message": s["message"]}}


def _haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, a)))


def naive_model(scen, time_limit_s: float, mip_gap: float) -> dict:
    """The problem as a newcomer writes it: every (supply, demand) pair of the resource is
    looked at in a Python double loop with a haversine distance filter and the temperature
    rule (or a heat pump where the scenario allows one), every pair in range gets a flow
    and a binary, the model is built with `pulp.lpSum` and solved monolithically by PuLP's
    HiGHS interface (CBC if absent). Coefficients (value, fixed cost, yield after pipe
    losses, bounds) come from eitflow's catalogue formulas (candidates._economics) for the
    pairs the loop found, so both models have the same optimum (eitflow additionally drops
    pairs that can never pay, which is exact). Only heat -> heat by the resource's main
    transport mode, without monthly profiles: the national scenario has nothing else."""
    import numpy as np
    import pulp

    from . import candidates as C

    t0 = time.perf_counter()
    f = scen.flows
    cat = scen.catalogue
    res_name = "heat"
    rc = cat[res_name]
    radius = rc.max_distance_km
    dt = rc.min_delta_t_k
    hpp = getattr(scen.params, "heat_pump", None)
    hp_on = bool(hpp is not None and hpp.enabled and getattr(rc, "heat_pump", False))
    pos = {sid: (la, lo) for sid, la, lo in scen.sites[["site_id", "lat", "lon"]].itertuples(index=False)}
    rows = list(f[["site_id", "direction", "resource", "temperature_c"]].itertuples(index=True))
    sources = [r for r in rows if r.direction == "supply" and r.resource == res_name]
    sinks = [r for r in rows if r.direction == "demand" and r.resource == res_name]
    others = len(rows) - len(sources) - len(sinks)
    pairs, dist, cops = [], [], []
    for s in sources:
        la1, lo1 = pos[s.site_id]
        for d in sinks:
            la2, lo2 = pos[d.site_id]
            km = _haversine_km(la1, lo1, la2, lo2)
            if km > radius or s.site_id == d.site_id:
                continue
            cop = math.nan
            if not s.temperature_c >= d.temperature_c + dt:
                lift = (d.temperature_c + dt) - (s.temperature_c - dt)
                if not hp_on or lift > hpp.max_lift_k:
                    continue
                cop = hpp.carnot_share * (d.temperature_c + dt + 273.15) / max(lift, 1e-6)
                if cop <= 1.0:
                    continue
            pairs.append((s.Index, d.Index))
            dist.append(km)
            cops.append(cop)
    t_enum = time.perf_counter() - t0
    t = time.perf_counter()
    _, _, co2f = C._resource_arrays(scen)
    si = np.array([p[0] for p in pairs], np.int64)
    di = np.array([p[1] for p in pairs], np.int64)
    route = np.array(dist) * rc.transport.detour_factor
    yld = np.clip(1.0 - getattr(rc, "loss_share_per_km", 0.0) * route, 0.0, 1.0)
    # candidates._economics is private: its 6th argument was the resource name, then the transport mode
    sixth = list(inspect.signature(C._economics).parameters)[5]
    mode = rc.transport if sixth in ("tr", "transport") else res_name
    args = (scen, si, di, yld, route, mode, np.full(len(pairs), np.inf), None, None, None, co2f)
    eco = C._economics(*args, np.array(cops)) if hp_on else C._economics(*args)
    yld = np.asarray(eco.pop("yield_", yld), float)
    keep = yld > 0  # all heat lost on the way: not a pair at all
    pairs = [p for p, k in zip(pairs, keep) if k]
    v, F, M, L, Y = (eco["value_eur_per_unit"][keep].tolist(), eco["fixed_eur_per_yr"][keep].tolist(),
                     eco["upper"][keep].tolist(), eco["lower"][keep].tolist(), yld[keep].tolist())
    t_coef = time.perf_counter() - t

    t = time.perf_counter()
    amount = f["amount"].tolist()
    prob = pulp.LpProblem("naive", pulp.LpMaximize)
    x, y = {}, {}
    yk = {}
    for k, (i, j) in enumerate(pairs):
        x[i, j] = pulp.LpVariable(f"x_{i}_{j}", lowBound=0, upBound=M[k])
        y[i, j] = pulp.LpVariable(f"y_{i}_{j}", cat=pulp.LpBinary)
        yk[i, j] = Y[k]
    prob += pulp.lpSum(v[k] * x[i, j] - F[k] * y[i, j] for k, (i, j) in enumerate(pairs))
    for s in sources:
        prob += pulp.lpSum(x[s.Index, d.Index] for d in sinks if (s.Index, d.Index) in x) <= amount[s.Index]
    for d in sinks:
        prob += pulp.lpSum(yk[s.Index, d.Index] * x[s.Index, d.Index] for s in sources
                           if (s.Index, d.Index) in x) <= amount[d.Index]
    for k, (i, j) in enumerate(pairs):
        prob += x[i, j] <= M[k] * y[i, j]
        if L[k] > 0:
            prob += x[i, j] >= L[k] * y[i, j]
    t_build = time.perf_counter() - t

    t = time.perf_counter()
    highs = getattr(pulp, "HiGHS", None)
    if highs is not None and highs(msg=False).available():
        solver_name = "pulp.HiGHS"
        solver = highs(msg=False, timeLimit=time_limit_s, gapRel=mip_gap, threads=1)
    else:
        solver_name = "pulp.PULP_CBC_CMD"
        solver = pulp.PULP_CBC_CMD(msg=False, timeLimit=max(1, int(time_limit_s)), gapRel=mip_gap)
    prob.solve(solver)
    t_solve = time.perf_counter() - t
    objective = pulp.value(prob.objective) if prob.sol_status in (1, 2) else None
    bound = status = None
    hm = getattr(prob, "solverModel", None)
    if solver_name == "pulp.HiGHS" and hm is not None:
        info = hm.getInfo()
        # PuLP hands a maximisation to HiGHS as the minimisation of -objective
        bound = -float(info.mip_dual_bound) if math.isfinite(info.mip_dual_bound) else None
        status = hm.modelStatusToString(hm.getModelStatus())
    gap = None
    if objective is not None and bound is not None:
        gap = max(0.0, bound - objective) / max(abs(objective), 1e-9)
    return {"sizes": {"sources": len(sources), "sinks": len(sinks), "pairs_examined": len(sources) * len(sinks),
                      "pairs_in_range": len(pairs), "variables": 2 * len(pairs),
                      "binaries": len(pairs), "constraints": len(prob.constraints), "other_flows_ignored": others,
                      "transport_alternatives_ignored": len(getattr(rc, "alternatives", None) or [])},
            "timings": {"enumerate": t_enum, "coefficients": t_coef, "build": t_build, "solve": t_solve,
                        "total": t_enum + t_coef + t_build + t_solve},
            "result": {"status": status or pulp.LpStatus.get(prob.status, str(prob.status)),
                       "sol_status": pulp.LpSolution.get(prob.sol_status, str(prob.sol_status)),
                       "objective": objective, "bound": bound, "gap": gap, "mip_gap_target": mip_gap},
            "solver": solver_name, "pulp": getattr(pulp, "__version__", "unknown")}


def _run_naive(case: CaseDef, ctx: Context, prep: Prepared, tmp: Path) -> dict:
    rec = _run_optimise(case, ctx, prep, tmp)
    rss_eitflow = _rss_mb()
    solver = rec["solver"]
    naive = naive_model(prep.scenario, solver["time_limit_s"], solver["mip_gap"])
    ours = rec["result"]
    t_ours = sum(rec["timings"][k] for k in ("candidates", "build", "solve"))
    n_tot = naive["timings"]["total"]
    differ = objectives_differ(ours, naive["result"])
    rec["naive"] = naive
    rec["comparison"] = {
        "eitflow_s": t_ours,
        "naive_s": n_tot,
        "speedup": n_tot / t_ours if t_ours > 0 else None,
        "build_speedup": ((naive["timings"]["enumerate"] + naive["timings"]["coefficients"] + naive["timings"]["build"])
                          / max(rec["timings"]["candidates"] + rec["timings"]["build"], 1e-9)),
        "objective_eitflow": ours["objective"],
        "objective_naive": naive["result"]["objective"],
        "objectives_agree_within_gap": not differ,
        # the naive solve stopped before its gap target: the speed-up is a lower bound
        "naive_reached_gap_target": (naive["result"]["gap"] is not None
                                     and naive["result"]["gap"] <= naive["result"]["mip_gap_target"] + 1e-12),
        "peak_rss_mb_after_eitflow": rss_eitflow[0],
        "eitflow_children_peak_rss_mb": rss_eitflow[1],
        "note": "eitflow_s = candidates + build + solve; naive_s = enumerate + coefficients + build + solve "
                "(both from the same read Scenario)",
    }
    return rec


RUNNERS = {"optimise": _run_optimise, "naive": _run_naive}


def run_case_in_child(case: CaseDef, ctx: Context) -> dict:
    """Run one case here (the child process): prepare, run, time, measure; never raises."""
    rec: dict[str, Any] = {"name": case.name}
    t0 = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix=f"eitflow-bench-{case.name}-"))
    log = tmp / "child.log"
    # silence C-level output (solver banners) of the case; keep it for the error report
    saved = [os.dup(1), os.dup(2)]
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    sys.stdout.flush(), sys.stderr.flush()
    os.dup2(fd, 1), os.dup2(fd, 2)
    try:
        prep = case.prepare(ctx, tmp, **case.kwargs)
        rec.update(RUNNERS[case.runner](case, ctx, prep, tmp))
        rec["timings"] = {"prepare": prep.timings.get("prepare", 0.0), **rec["timings"]}
        rec["info"] = prep.info
    except BaseException as exc:  # noqa: BLE001 - a benchmark records every failure
        rec["error"] = f"{type(exc).__name__}: {exc}"
        rec["traceback"] = traceback.format_exc(limit=8)
    finally:
        sys.stdout.flush(), sys.stderr.flush()
        os.dup2(saved[0], 1), os.dup2(saved[1], 2)
        os.close(fd), os.close(saved[0]), os.close(saved[1])
    if "error" in rec:
        try:
            rec["log_tail"] = log.read_text(errors="replace")[-2000:]
        except OSError:
            pass
    shutil.rmtree(tmp, ignore_errors=True)
    rec["wall_s"] = time.perf_counter() - t0
    rec["peak_rss_mb"], rec["children_peak_rss_mb"] = _rss_mb()
    return rec


def _child_main(conn, case: CaseDef, ctx: Context) -> None:
    try:
        conn.send(run_case_in_child(case, ctx))
    finally:
        conn.close()


# ====================================================================== parent side
def _hard_limit(case: CaseDef, ctx: Context) -> float:
    tl = ctx.time_limit_s if ctx.time_limit_s is not None else float(case.solver.get("time_limit_s", 300.0))
    factor = 2 if case.runner == "naive" else 1  # the naive case solves twice
    return factor * HARD_LIMIT_FACTOR * tl + HARD_LIMIT_EXTRA_S


def run_case(case: CaseDef, ctx: Context) -> dict:
    """Run `case` in a fresh spawned child process and return its raw record."""
    spawn = mp.get_context("spawn")
    recv, send = spawn.Pipe(duplex=False)
    proc = spawn.Process(target=_child_main, args=(send, case, ctx), name=f"bench-{case.name}")
    t0 = time.perf_counter()
    proc.start()
    send.close()
    limit = _hard_limit(case, ctx)
    rec = None
    try:
        if recv.poll(limit):
            try:
                rec = recv.recv()
            except EOFError:
                rec = None
        else:
            proc.kill()
            rec = {"name": case.name, "error": f"killed after the harness's hard limit of {limit:.0f} s wall"}
    finally:
        proc.join(30)
        if proc.is_alive():
            proc.kill()
            proc.join()
        recv.close()
    if rec is None:
        code = proc.exitcode
        why = " (killed by signal 9: out of memory?)" if code == -9 else ""
        rec = {"name": case.name, "error": f"the case's process died with exit code {code}{why}"}
    rec.setdefault("wall_s", time.perf_counter() - t0)
    return rec


def _finite(v):
    if isinstance(v, float) and not math.isfinite(v):
        return None
    return v


def _clean_json(o):
    if isinstance(o, dict):
        return {str(k): _clean_json(v) for k, v in o.items()}
    if isinstance(o, (list, tuple)):
        return [_clean_json(v) for v in o]
    if isinstance(o, Path):
        return str(o)
    if hasattr(o, "item") and not isinstance(o, (str, bytes)):  # numpy scalars
        try:
            o = o.item()
        except (TypeError, ValueError):
            pass
    return _finite(o)


def finalise_record(case: CaseDef, raw: dict, suite: str) -> dict:
    """The case's entry of the result file, from the child's raw record."""
    out: dict[str, Any] = {"name": case.name, "suite": suite, "group": case.group, "runner": case.runner}
    if "error" in raw and "result" not in raw:
        out.update(status="failed", error=raw["error"])
        for k in ("traceback", "log_tail", "wall_s", "peak_rss_mb", "children_peak_rss_mb"):
            if k in raw:
                out[k] = raw[k]
        out["reference"] = case.reference
        return out
    r = raw["result"]
    t = dict(raw["timings"])
    t["total"] = sum(t.get(k, 0.0) for k in STAGES)
    out.update(status=r["status"], objective=r["objective"], bound=r["bound"], gap=r["gap"],
               mip_gap_target=r["mip_gap_target"], objective_unit=r.get("objective_unit"),
               message=r.get("message", ""), sizes=raw["sizes"],
               timings_s={k: round(v, 4) for k, v in t.items()},
               shares={k: round(t[k] / t["total"], 4) if t["total"] > 0 else None for k in STAGES},
               memory={"peak_rss_mb": raw.get("peak_rss_mb"), "children_peak_rss_mb": raw.get("children_peak_rss_mb")},
               wall_s=round(raw.get("wall_s", 0.0), 3), solver=raw.get("solver"), info=raw.get("info"))
    if case.reference is not None:
        out["reference"] = {**case.reference, "agreement": agreement(r["objective"], r["bound"], case.reference)}
    else:
        out["reference"] = None
    if "naive" in raw:
        out["naive"] = raw["naive"]
        out["comparison"] = raw["comparison"]
    if "error" in raw:
        out["error"] = raw["error"]
    return out


def missing_requirements(case: CaseDef, ctx: Context) -> list[str]:
    return [str(ctx.shared / p) for p in case.requires if not (ctx.shared / p).exists()]


# ---------------------------------------------------------------- analysis
def fit_power_law(x: list[float], y: list[float]) -> dict | None:
    """Least squares on logs: y = a x^b. Returns exponent b, coefficient a, r2, n."""
    import numpy as np

    pts = [(a, b) for a, b in zip(x, y) if a and b and a > 0 and b > 0]
    if len(pts) < 2 or len({p[0] for p in pts}) < 2:
        return None
    lx, ly = np.log([p[0] for p in pts]), np.log([p[1] for p in pts])
    b, a = np.polyfit(lx, ly, 1)
    pred = a + b * lx
    ss = float(((ly - ly.mean()) ** 2).sum())
    r2 = 1.0 - float(((ly - pred) ** 2).sum()) / ss if ss > 0 else None
    return {"exponent": round(float(b), 4), "coefficient": float(math.exp(a)), "r2": None if r2 is None else round(r2, 4),
            "n": len(pts), "x_range": [min(p[0] for p in pts), max(p[0] for p in pts)]}


def growth_analysis(cases: list[dict]) -> dict:
    """Growth exponents of candidate-generation time and of total time vs candidate links
    (after pruning), and of candidate-generation time vs pairs in range (links + pairs
    dropped by the rules: the work the spatial search and the rules actually do)."""
    ok = [c for c in cases if c.get("sizes") and c.get("timings_s")]
    out = {"model": "time_s = coefficient * size ** exponent (least squares on logs); size = candidate_links, "
                    "or pairs_in_range = candidate_links + dropped_pairs"}
    for label, sel in (("all", ok), ("radius_ladder", [c for c in ok if c["group"] == "radius"]
                                      + [c for c in ok if c["name"] == "fr-heat-r30-pop2000"]),
                       ("sink_ladder", [c for c in ok if c["group"] == "sinks"])):
        x = [c["sizes"]["candidate_links"] for c in sel]
        pairs = [c["sizes"]["candidate_links"] + (c["sizes"].get("dropped_pairs") or 0) for c in sel]
        out[label] = {"candidates_s": fit_power_law(x, [c["timings_s"]["candidates"] for c in sel]),
                      "total_s": fit_power_law(x, [c["timings_s"]["total"] for c in sel]),
                      "candidates_s_vs_pairs_in_range": fit_power_law(pairs, [c["timings_s"]["candidates"]
                                                                              for c in sel]),
                      "cases": [c["name"] for c in sel]}
    return out


ANALYSES = {"fr-heat": growth_analysis}


# ---------------------------------------------------------------- metadata
def _git(*args: str) -> str | None:
    try:
        r = subprocess.run(["git", "-C", str(REPO_ROOT), *args], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return r.stdout.strip() if r.returncode == 0 else None


def _mem_total_gb() -> float | None:
    try:
        with open("/proc/meminfo") as fh:
            for line in fh:
                if line.startswith("MemTotal:"):
                    return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        return None
    return None


def metadata() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    from . import __version__

    versions = {"eitflow": __version__, "python": platform.python_version()}
    for pkg in ("highspy", "pulp", "numpy", "scipy", "pandas", "networkx", "pydantic", "click"):
        try:
            versions[pkg] = version(pkg)
        except PackageNotFoundError:
            versions[pkg] = None
    commit = _git("rev-parse", "HEAD")
    dirty = _git("status", "--porcelain", "--untracked-files=no")
    try:
        affinity = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        affinity = None
    return {
        "date": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "machine": {"hostname": platform.node(), "platform": platform.platform(), "machine": platform.machine(),
                    "processor": platform.processor(), "cpu_count": os.cpu_count(), "cpus_usable": affinity,
                    "memory_gb": _mem_total_gb(), "python": sys.version.split()[0],
                    "loadavg_at_start": [round(v, 2) for v in os.getloadavg()]},
        "versions": versions,
        "git": {"commit": commit, "dirty": None if dirty is None else bool(dirty)},
    }


# ---------------------------------------------------------------- writing
def write_json_atomic(path: Path, data: dict, force: bool = False) -> None:
    path = Path(path)
    if path.exists() and not force:
        raise FileExistsError(f"{path} exists; choose another --out or pass --force")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(_clean_json(data), fh, indent=2, ensure_ascii=False, allow_nan=False)
            fh.write("\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def select_cases(cases: list[CaseDef], patterns: str | None) -> list[CaseDef]:
    if not patterns:
        return cases
    pats = [p.strip() for p in patterns.split(",") if p.strip()]
    return [c for c in cases if any(fnmatch.fnmatchcase(c.name, p) for p in pats)]


def default_shared() -> Path:
    env = os.environ.get("EITFLOW_SHARED")
    if env:
        return Path(env)
    here = Path("../shared")
    return here if here.is_dir() else REPO_ROOT.parent / "shared"


def _fmt(v: float | None, spec: str = ",.6g") -> str:
    return "-" if v is None else format(v, spec)


def progress_line(i: int, n: int, rec: dict) -> str:
    head = f"[{i:>2}/{n}] {rec['name']:<28}"
    if rec["status"] == "skipped":
        return f"{head} {rec['skipped']}"
    if rec["status"] == "failed":
        return f"{head} FAILED: {rec['error']} ({rec.get('wall_s', 0):.1f} s)"
    t = rec["timings_s"]
    sz = rec["sizes"]
    gap = "-" if rec["gap"] is None else f"{rec['gap']:.3%}"
    line = (f"{head} {rec['status']:<9} obj {_fmt(rec['objective'], ',.10g')} gap {gap}  "
            f"links {sz['candidate_links']} comps {sz['components']}  "
            f"total {t['total']:.2f} s (cand {t['candidates']:.2f} build {t['build']:.2f} solve {t['solve']:.2f})  "
            f"mem {rec['memory']['peak_rss_mb']:.0f} MB")
    if rec.get("reference"):
        line += f"  ref {rec['reference']['agreement']}"
    if rec.get("comparison"):
        cmp_ = rec["comparison"]
        lower = "" if cmp_["naive_reached_gap_target"] else ">="
        line += (f"  naive {cmp_['naive_s']:.2f} s vs {cmp_['eitflow_s']:.2f} s = {lower}x{_fmt(cmp_['speedup'], '.1f')}"
                 f" (objectives {'agree' if cmp_['objectives_agree_within_gap'] else 'DIFFER'})")
    return line


def run_suite(suite: str, out: Path, ctx: Context, patterns: str | None = None, force: bool = False,
              echo: Callable[[str], None] = print) -> dict:
    """Run a suite case by case (each in a fresh process) and write the result file."""
    if suite not in SUITES:
        raise KeyError(f"unknown suite {suite!r}; known: {', '.join(SUITES)}")
    out = Path(out)
    if out.exists() and not force:
        raise FileExistsError(f"{out} exists; choose another --out or pass --force")
    cases = select_cases(SUITES[suite](ctx), patterns)
    if not cases:
        raise ValueError(f"no case of suite {suite!r} matches {patterns!r}")
    data = {"format": FORMAT, "suite": suite, **metadata(),
            "options": {"shared": str(ctx.shared), "time_limit_s": ctx.time_limit_s, "workers": ctx.workers,
                        "cases": patterns, "command": " ".join(sys.argv)},
            "cases": []}
    partial = out.with_name(out.name + ".partial")
    t0 = time.perf_counter()
    for i, case in enumerate(cases, 1):
        missing = missing_requirements(case, ctx)
        if missing:
            rec = {"name": case.name, "suite": suite, "group": case.group, "status": "skipped",
                   "skipped": f"skipped: {', '.join(missing)} not found"}
        else:
            load = [round(v, 2) for v in os.getloadavg()]
            rec = finalise_record(case, run_case(case, ctx), suite)
            rec["loadavg_at_start"] = load
        data["cases"].append(rec)
        echo(progress_line(i, len(cases), rec))
        write_json_atomic(partial, data, force=True)
    data["wall_s"] = round(time.perf_counter() - t0, 2)
    data["machine"]["loadavg_at_end"] = [round(v, 2) for v in os.getloadavg()]
    analysis = ANALYSES.get(suite)
    if analysis is not None:
        data["analysis"] = analysis([c for c in data["cases"] if c["status"] not in ("skipped", "failed")])
    write_json_atomic(out, data, force=force)
    partial.unlink(missing_ok=True)
    return data


# ---------------------------------------------------------------- compare
def load_results(path: Path) -> dict:
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    if data.get("format") != FORMAT:
        raise ValueError(f"{path}: not an eitflow bench result (format {data.get('format')!r}, expected {FORMAT!r})")
    return data


def _ratio(a: float | None, b: float | None) -> float | None:
    if a is None or b is None or a <= 0:
        return None
    return b / a


def compare_results(a: dict, b: dict, threshold: float = 0.1) -> tuple[list[str], list[dict]]:
    """Lines to print and one row per common case: ratios B/A per stage and total, flags."""
    stages = ["prepare", *STAGES, "total"]
    by_a = {c["name"]: c for c in a["cases"]}
    by_b = {c["name"]: c for c in b["cases"]}
    common = [n for n in by_a if n in by_b]
    rows, lines = [], []
    for name in common:
        ca, cb = by_a[name], by_b[name]
        row = {"name": name, "ratios": {}, "flags": []}
        if ca["status"] != cb["status"]:
            row["flags"].append(f"status {ca['status']} -> {cb['status']}")
        if "timings_s" in ca and "timings_s" in cb:
            row["ratios"] = {s: _ratio(ca["timings_s"].get(s), cb["timings_s"].get(s)) for s in stages}
        if ca.get("timings_s") and cb.get("timings_s") and objectives_differ(ca, cb):
            row["flags"].append(f"objective {_fmt(ca.get('objective'), ',.10g')} -> {_fmt(cb.get('objective'), ',.10g')}"
                                f" (beyond the larger gap {max(ca.get('gap') or 0, cb.get('gap') or 0):.3%})")
        ra, rb = (ca.get("reference") or {}).get("agreement"), (cb.get("reference") or {}).get("agreement")
        if ra != rb and (ra or rb):
            row["flags"].append(f"reference agreement {ra} -> {rb}")
        rows.append(row)
    w = max([len(n) for n in common] + [4])
    lines.append(f"A: {a.get('suite')} {a.get('date')} commit {(a.get('git') or {}).get('commit')}")
    lines.append(f"B: {b.get('suite')} {b.get('date')} commit {(b.get('git') or {}).get('commit')}")
    lines.append("time ratios B/A (< 1: B faster)")
    lines.append(f"{'case':<{w}}  " + " ".join(f"{s:>10}" for s in stages) + "  verdict")
    faster = slower = 0
    for row in rows:
        r = row["ratios"]
        cells = " ".join(f"{'-' if r.get(s) is None else format(r[s], '.3f') + 'x':>10}" for s in stages)
        tot = r.get("total")
        verdict = "-"
        if tot is not None:
            if tot < 1 - threshold:
                verdict, faster = "faster", faster + 1
            elif tot > 1 + threshold:
                verdict, slower = "slower", slower + 1
            else:
                verdict = "same"
        lines.append(f"{row['name']:<{w}}  {cells}  {verdict}" + "".join(f"\n{'':<{w}}  ! {f}" for f in row["flags"]))
    only_a = [n for n in by_a if n not in by_b]
    only_b = [n for n in by_b if n not in by_a]
    flagged = sum(1 for r in rows if r["flags"])
    lines.append(f"{len(common)} common cases: {faster} faster, {slower} slower (total time beyond "
                 f"+-{threshold:.0%}); {flagged} with status/objective changes")
    if only_a:
        lines.append(f"only in A: {', '.join(only_a)}")
    if only_b:
        lines.append(f"only in B: {', '.join(only_b)}")
    return lines, rows


# ====================================================================== command line
@click.group("bench", context_settings={"help_option_names": ["-h", "--help"]})
def bench() -> None:
    """Benchmark suites of the matching core, and comparison of two result files.

    \b
    Examples:
      eitflow bench list
      eitflow bench run exact --out benchmarks/results/exact.json --time-limit 60
      eitflow bench compare old.json new.json
    """


@bench.command("list")
@click.argument("suite", required=False)
def list_(suite: str | None) -> None:
    """List the suites, or the cases of SUITE."""
    ctx = Context(shared=default_shared())
    for name, fn in SUITES.items():
        if suite and name != suite:
            continue
        cases = fn(ctx)
        click.echo(f"{name}: {len(cases)} cases - {(fn.__doc__ or '').strip().splitlines()[0]}")
        if suite:
            for c in cases:
                miss = missing_requirements(c, ctx)
                click.echo(f"  {c.name}" + (f"  (skipped: {', '.join(miss)} not found)" if miss else ""))


@bench.command("run")
@click.argument("suite", type=click.Choice(list(SUITES)))
@click.option("--shared", type=click.Path(path_type=Path), default=None,
              help="the shared reference folder [default: ../shared, or $EITFLOW_SHARED]")
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="result JSON [default: benchmarks/results/SUITE-<date>.json]")
@click.option("--force", is_flag=True, help="overwrite an existing result file")
@click.option("--time-limit", type=float, default=None, help="solver time limit per case (s) [default: per suite]")
@click.option("--workers", type=int, default=1, show_default=True,
              help="parallel processes over independent components (eitflow's solver.workers)")
@click.option("--cases", "patterns", default=None, help="only cases matching these glob patterns (comma-separated)")
def run_cmd(suite: str, shared: Path | None, out: Path | None, force: bool, time_limit: float | None,
            workers: int, patterns: str | None) -> None:
    """Run SUITE (facility, exact, fr-heat, synthetic, naive, smoke, cascade) and write a result JSON.

    Each case runs in a fresh process; one progress line per case.
    """
    if out is None:
        out = Path("benchmarks/results") / f"{suite}-{_dt.datetime.now().strftime('%Y%m%d-%H%M%S')}.json"
    if out.exists() and not force:
        raise click.ClickException(f"{out} exists; choose another --out or pass --force")
    if workers < 1:
        raise click.BadParameter("must be >= 1", param_hint="--workers")
    ctx = Context(shared=shared or default_shared(), time_limit_s=time_limit, workers=workers)
    if time_limit is None:
        click.echo(f"suite {suite}: per-case time limits (suite default {DEFAULT_TIME_LIMIT_S[suite]:g} s)")
    try:
        data = run_suite(suite, out, ctx, patterns, force, echo=lambda s: click.echo(s))
    except (FileExistsError, ValueError, KeyError) as exc:
        raise click.ClickException(str(exc)) from None
    if "analysis" in data:
        for label, fit in data["analysis"].items():
            if isinstance(fit, dict) and "candidates_s" in fit:
                c, t = fit["candidates_s"], fit["total_s"]
                p = fit["candidates_s_vs_pairs_in_range"]
                click.echo(f"growth ({label}): candidates ~ links^{_fmt(c and c['exponent'], '.2f')}, "
                           f"total ~ links^{_fmt(t and t['exponent'], '.2f')}, candidates ~ "
                           f"pairs_in_range^{_fmt(p and p['exponent'], '.2f')} ({len(fit['cases'])} cases)")
    n_fail = sum(c["status"] == "failed" for c in data["cases"])
    n_skip = sum(c["status"] == "skipped" for c in data["cases"])
    click.echo(f"wrote {out} ({len(data['cases'])} cases, {n_fail} failed, {n_skip} skipped, {data['wall_s']:.0f} s)")


@bench.command("compare")
@click.argument("a", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("b", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--threshold", type=float, default=0.1, show_default=True,
              help="relative change of total time reported as faster/slower")
def compare_cmd(a: Path, b: Path, threshold: float) -> None:
    """Print time ratios B/A per stage and flag objective/status changes beyond the gap."""
    try:
        lines, _ = compare_results(load_results(a), load_results(b), threshold)
    except (ValueError, json.JSONDecodeError) as exc:
        raise click.ClickException(str(exc)) from None
    for line in lines:
        click.echo(line)


__all__ = ["SUITES", "CaseDef", "Context", "agreement", "compare_results", "run_suite", "bench",
           "fit_power_law", "growth_analysis", "naive_model"]


if __name__ == "__main__":  # pragma: no cover - `python -m eitflow.bench run SUITE ...`
    bench()
