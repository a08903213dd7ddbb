"""The siting benchmark: activity templates on plots over the national FR heat scenario.

The territory is the national excess-heat scenario (Hotmaps FR supplies x INSEE commune
sinks, `importers.national`) at a heat radius of 10 km (the catalogue's: longer heat mains
rarely pay). The plots are **generated**, not real: `n_plots` communes of at least 2,000
inhabitants drawn uniformly at random (seeded), each plot within 3 km of its commune's
centre, 1-100 ha (log-uniform), of four kinds (industrial zone, business park, periurban
land, unrestricted) that allow different uses, 20 % of them polluted (no food), 10 %
unavailable, bought at 5-60 EUR/m2. The `n_templates` activities are the six catalogue
templates at distinct sizes (`TEMPLATE_SIZES`: mostly users of heat, a few data centres and
electrolysers; each with its catalogue figures scaled), each allowed 1 to 10 instances.
Everything is reproducible from the seed.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

__all__ = ["TEMPLATE_SIZES", "national_siting_scenario", "plain_highs", "progress_text", "run_site", "site_rounds"]

#: catalogue template -> sizes (in its size unit), cycled until n_templates activities
TEMPLATE_SIZES = {
    "greenhouse": [1, 2, 3, 5, 8, 10, 12, 15, 20, 30, 50],
    "fish_farm": [100, 200, 500, 1000, 1500, 2000, 3000, 5000],
    "wood_pellet_plant": [10, 20, 30, 50, 80, 100, 150, 200, 300],
    "district_heating_plant": [5, 10, 15, 20, 30, 40, 50, 80, 100, 120, 150, 200],
    "data_centre": [1, 2, 5, 10, 20, 30, 50, 100],
    "electrolyser": [5, 20],
}

MIN_POPULATION = 2000   # plots are drawn among the communes of this many inhabitants or more, uniformly


PLOT_KINDS = {  # kind -> (share, allowed uses)
    "industrial_zone": (0.35, "electrolyser;wood_pellet_plant;district_heating_plant"),
    "business_park": (0.25, "data_centre;district_heating_plant"),
    "periurban": (0.25, "greenhouse;fish_farm"),
    "eco_industrial_park": (0.15, "data_centre;greenhouse;fish_farm"),
}


def _activities(n: int, rng: np.random.Generator) -> pd.DataFrame:
    pairs = [(t, s) for t, sizes in TEMPLATE_SIZES.items() for s in sizes]
    pick = sorted(rng.choice(len(pairs), size=min(n, len(pairs)), replace=False))
    return pd.DataFrame([{"activity_id": f"{pairs[k][0]}_{pairs[k][1]:g}", "template": pairs[k][0],
                          "size": pairs[k][1], "group": pairs[k][0],
                          "max_count": int(rng.choice([1, 2, 3, 5, 10]))} for k in pick])


def _plots(communes: Path, n: int, rng: np.random.Generator) -> pd.DataFrame:
    c = pd.read_csv(communes, dtype={"insee_com": str}, usecols=["insee_com", "commune", "lat", "lng",
                                                                 "population_2021"], low_memory=False)
    c = c.rename(columns={"commune": "name", "lng": "lon", "population_2021": "population"})
    c = c[(c["population"] >= MIN_POPULATION) & c["lat"].notna() & c["lon"].notna()].reset_index(drop=True)
    pick = rng.choice(len(c), size=n, replace=n > len(c))
    r_km, ang = 3.0 * np.sqrt(rng.random(n)), rng.uniform(0, 2 * np.pi, n)
    lat = c["lat"].to_numpy(float)[pick] + r_km * np.sin(ang) / 111.2
    lon = c["lon"].to_numpy(float)[pick] + r_km * np.cos(ang) / (111.2 * np.cos(np.radians(lat)))
    kinds = list(PLOT_KINDS)
    kind = rng.choice(len(kinds), size=n, p=[PLOT_KINDS[k][0] for k in kinds])
    polluted = rng.random(n) < 0.2
    return pd.DataFrame({
        "plot_id": [f"P{i:05d}" for i in range(n)],
        "name": [f"{c['name'].iat[j]} plot {i}" for i, j in enumerate(pick)],
        "lat": lat.round(5), "lon": lon.round(5),
        "area_ha": np.exp(rng.uniform(0, np.log(100), n)).round(1),
        "zone": c["name"].to_numpy()[pick],
        "allowed_uses": [PLOT_KINDS[kinds[k]][1] for k in kind],
        "excluded_uses": np.where(polluted, "food", ""),
        "available": np.where(rng.random(n) < 0.9, "true", "false"),
        "land_price_eur_per_ha": (rng.uniform(5, 60, n) * 1e4).round(0),
        "pollution": np.where(polluted, "generated: polluted", ""),
    })


def national_siting_scenario(hotmaps: Path, communes: Path, out: Path, n_templates: int = 50, n_plots: int = 2000,
                             seed: int = 0, radius_km: float = 10.0) -> Path:
    """Write the benchmark scenario (the national heat scenario plus plots.csv and
    activities.csv) into `out` and return its scenario.yaml."""
    from eitflow.importers.national import build_national_heat_scenario

    rng = np.random.default_rng(seed)
    path = build_national_heat_scenario(hotmaps, communes, out, country="FR", radius_km=radius_km)
    _plots(communes, n_plots, rng).to_csv(out / "plots.csv", index=False)
    _activities(n_templates, rng).to_csv(out / "activities.csv", index=False)
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    raw.update({"plots": "plots.csv", "activities": "activities.csv",
                "name": f"{raw['name']} + {n_templates} activity templates on {n_plots} generated plots"})
    path.write_text(yaml.safe_dump(raw, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def run_site(scen, timings: dict, out: Path) -> tuple[dict, dict, dict, dict]:
    """Run `site` on a read scenario and write its run directory into `out`, as the command
    does; (timings in the harness's stages, sizes, siting figures, result)."""
    from eitflow.analyses.siting import site, siting_files
    from eitflow.results.rundir import write_files, write_run

    t = time.perf_counter()
    sr = site(scen, timings)
    wall = time.perf_counter() - t
    t = time.perf_counter()
    has = sr.solution.objective is not None
    write_run(sr.result, out, extras=lambda d: write_files(d, siting_files(sr)) if has else None)
    t_write = time.perf_counter() - t
    tm = sr.timings
    stages = {"read": float(tm.get("read", 0.0)),
              "candidates": float(tm.get("placements", 0.0) + tm.get("candidates", 0.0)),
              "build": float(tm.get("build", 0.0)), "solve": float(tm.get("solve", 0.0))}
    stages["results"] = max(0.0, wall - stages["candidates"] - stages["build"] - stages["solve"])
    stages["write"] = t_write
    sol, rk = sr.solution, sr.rank
    sizes = {"sites": int(len(sr.expanded.sites)), "flows": int(len(sr.expanded.flows)),
             "candidate_links": int(len(sr.candidates.links)), "components": int(sol.n_components),
             "solver_batches": int(sol.n_batches), "variables": int(sol.n_variables),
             "constraints": int(sol.n_constraints), "chosen_links": int((sol.flow > 0).sum()),
             "candidate_placements": int(len(sr.expanded.placements)), "placed": int(len(sr.placements))}
    info = {"ranking_s": None if rk is None else rk.seconds,
            "forced_solves": None if rk is None else rk.n_forced_solves,
            "rank_methods": {str(k): int(v) for k, v in sr.ranking["method"].value_counts().items()}
            if len(sr.ranking) else {},
            "activities_certified": None if rk is None else int((rk.certified["certified_top"] > 0).sum()),
            "activities": int(len(sr.activities)),
            "reasons": {str(k): int(v) for k, v in sr.activities["reason"].value_counts().items()},
            "plan_s": float(tm.get("plan", 0.0)), "largest_batch_placements": _largest(sol)}
    s = sr.result.summary
    result = {"status": str(sol.status), "objective": sol.objective, "bound": sol.bound, "gap": sol.gap,
              "mip_gap_target": scen.params.solver.mip_gap, "objective_unit": s.get("objective_unit"),
              "message": sol.message}
    return stages, sizes, info, result


def _largest(sol) -> int:
    return max((len(a.cols["p"]) for a, _ in (sol.batches or [])), default=0)


def plain_highs(scen) -> dict:
    """The same siting model solved the plain way: every candidate placement and link in one
    MILP (no exact pruning, no decomposition, no LP-guided start), passed to HiGHS as arrays
    with the scenario's gap target and time limit. Timed from the same read Scenario as
    `run_site`: (placements + candidates, build, solve) seconds, the status, objective, bound
    and gap."""
    from eitflow.candidates.generate import build_candidates
    from eitflow.candidates.placements import expand_placements
    from eitflow.model.build import build_arrays
    from eitflow.solve.highs import solve_highs

    opts = scen.params.solver
    t = time.perf_counter()
    exp = expand_placements(scen)
    cand = build_candidates(exp)
    t_cand = time.perf_counter() - t
    t = time.perf_counter()
    arr = build_arrays(exp, cand)
    t_build = time.perf_counter() - t
    r = solve_highs(arr, opts, opts.time_limit_s)
    gap = (None if r.objective is None or r.bound is None
           else max(0.0, r.bound - r.objective) / max(abs(r.objective), 1.0))
    return {"timings": {"candidates": t_cand, "build": t_build, "solve": r.seconds,
                        "total": t_cand + t_build + r.seconds},
            "result": {"status": str(r.status), "objective": r.objective, "bound": r.bound, "gap": gap,
                       "mip_gap_target": opts.mip_gap, "message": r.message},
            "sizes": {"variables": int(arr.shape[1]), "constraints": int(arr.shape[0]),
                      "binaries": arr.n_integer, "candidate_placements": int(len(exp.placements))}}


def site_rounds(scen, read_s: float, case_info: dict, tmp: Path) -> dict:
    """`run_site` and, with case_info['plain'], `plain_highs` on the same read Scenario,
    interleaved case_info['repeats'] times (eitflow first in even rounds, plain first in odd ones,
    so the machine's load falls on both alike): the harness's raw record, stage timings the
    medians of the rounds, every round and the medians and ratios in `comparison`."""
    import statistics

    repeats = int(case_info.get("repeats", 1))
    plain = bool(case_info.get("plain", False))
    ours: list[tuple] = []
    theirs: list[dict] = []
    for i in range(repeats):
        order = ("eitflow", "plain") if i % 2 == 0 else ("plain", "eitflow")
        for who in order:
            if who == "eitflow":
                ours.append(run_site(scen, {"read": read_s}, tmp / f"run{i}"))
            elif plain:
                theirs.append(plain_highs(scen))
    stages, sizes, info, result = ours[0]
    med = {k: statistics.median(o[0][k] for o in ours) for k in stages}
    rec = {"sizes": sizes, "timings": med, "result": result, "siting": info}
    if plain:
        e_plan = [sum(o[0][k] for k in ("candidates", "build", "solve")) for o in ours]
        e_total = [sum(o[0].values()) for o in ours]
        e_gap = [o[3]["gap"] for o in ours]
        p_tot = [t["timings"]["total"] for t in theirs]
        p_gap = [t["result"]["gap"] for t in theirs]

        def median(xs):
            xs = [x for x in xs if x is not None]
            return statistics.median(xs) if xs else None

        rec["plain"] = theirs
        rec["comparison"] = {
            "repeats": repeats,
            "eitflow_plan_s": e_plan, "eitflow_ranked_s": e_total, "plain_s": p_tot,
            "eitflow_gap": e_gap, "plain_gap": p_gap,
            "eitflow_objective": [o[3]["objective"] for o in ours],
            "plain_objective": [t["result"]["objective"] for t in theirs],
            "median_eitflow_plan_s": median(e_plan), "median_eitflow_ranked_s": median(e_total),
            "median_plain_s": median(p_tot),
            "median_eitflow_gap": median(e_gap), "median_plain_gap": median(p_gap),
            "time_ratio_plain_over_eitflow_plan": (median(p_tot) / median(e_plan)) if median(e_plan) else None,
            "gap_ratio_plain_over_eitflow": ((median(p_gap) / median(e_gap)) if median(e_gap) and
                                             median(p_gap) is not None else None),
            "note": "eitflow_plan_s = placements + candidates + pruning + build + solve; eitflow_ranked_s adds "
                    "read, the ranking, the results and the run directory; plain_s = placements + candidates + "
                    "build + solve of the whole model in one HiGHS call; both with the case's gap target and "
                    "time limit, from the same read Scenario",
        }
    return rec


def progress_text(c: dict) -> str:
    """The siting case's part of the harness's progress line, from its `comparison`."""
    def f(v, spec: str) -> str:
        return "-" if v is None else format(v, spec)

    return (f"  x{c['repeats']}: eitflow plan {f(c['median_eitflow_plan_s'], '.1f')} s gap "
            f"{f(c['median_eitflow_gap'], '.3%')}, ranked {f(c['median_eitflow_ranked_s'], '.1f')} s; "
            f"plain HiGHS {f(c['median_plain_s'], '.1f')} s gap {f(c['median_plain_gap'], '.3%')}")
