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

import fnmatch
import json
import math
import multiprocessing as mp
import os
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from eitflow.bench.command import run_command
from eitflow.bench.machine import _rss_mb, metadata
from eitflow.bench.naive import naive_model
from eitflow.bench.netbig import run_network
from eitflow.bench.suites import REPO_ROOT, SUITES, CaseDef, Context, Prepared, apply_solver
from eitflow.io.atomic import write_text

FORMAT = "eitflow-bench/1"
STAGES = ["read", "candidates", "build", "solve", "results", "write"]
REL_TOL = 1e-6              # agreement of two objective values that are both proven
HARD_LIMIT_FACTOR = 3.0     # a case is killed after factor x time limit + HARD_LIMIT_EXTRA_S
HARD_LIMIT_EXTRA_S = 600.0


def agreement(objective: float | None, bound: float | None, ref: dict | None) -> str | None:
    """How a maximised objective (with its bound) agrees with a reference.

    Both are intervals holding the true optimum: ours [objective, bound], the reference's
    [value, bound] (bound None: proven, a point). ``agrees`` when both are points and equal
    (relative 1e-6 plus ``ref["precision"]``, its own rounding: 0.005 for 4077.68); ``within reference gap`` when only ours is proven and it lies in the
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
    tol = REL_TOL * max(1.0, abs(r_lo), abs(o_lo)) + float(ref.get("precision") or 0.0)
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




def _sizes(summary: dict) -> dict:
    c = summary["counts"]
    return {k: c.get(k) for k in ("sites", "flows", "supplies", "demands", "candidate_links", "dropped_pairs",
                                   "components", "solver_batches", "variables", "binaries", "constraints",
                                   "chosen_links")}


def _run_optimise(case: CaseDef, ctx: Context, prep: Prepared, tmp: Path) -> dict:
    from eitflow.pipeline import optimise
    from eitflow.results.rundir import write_run

    scen = prep.scenario
    solver = apply_solver(scen, case, ctx)
    t = time.perf_counter()
    res = optimise(scen, {"read": prep.timings["read"]})
    t_opt = time.perf_counter() - t
    t = time.perf_counter()
    write_run(res, tmp / "run")
    t_write = time.perf_counter() - t
    s = res.summary
    timings = {k: float(s["timings_s"].get(k, 0.0)) for k in ("read", "candidates", "build", "solve", "duals")}
    # what optimise() spends outside its timed stages: statistics, matches, unmatched reasons, summary
    timings["results"] = max(0.0, t_opt - sum(timings[k] for k in ("candidates", "build", "solve", "duals")))
    timings["write"] = t_write
    return {"sizes": _sizes(s), "timings": timings, "solver": solver,
            "result": {"status": s["status"], "objective": s["objective"], "bound": s["bound"], "gap": s["gap"],
                       "mip_gap_target": s["mip_gap_target"], "objective_unit": s["objective_unit"],
                       "message": s["message"]}}


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
        "eitflow_s": t_ours, "naive_s": n_tot,
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


def _run_site(case: CaseDef, ctx: Context, prep: Prepared, tmp: Path) -> dict:
    """Siting and plain HiGHS on the same model, interleaved (`bench.siting.site_rounds`)."""
    from eitflow.bench.siting import site_rounds

    solver = apply_solver(prep.scenario, case, ctx)
    return {**site_rounds(prep.scenario, prep.timings["read"], prep.info, tmp), "solver": solver}


def _compared(prep: Prepared, solver: dict, out: dict) -> dict:
    """A runner's record from a comparison `out` holding eitflow's last summary."""
    s = out.pop("summary")
    return {"sizes": _sizes(s), "timings": {k: float(s["timings_s"].get(k, 0.0)) if k in ("candidates", "build", "solve")
                                            else prep.timings.get(k, 0.0) for k in STAGES},
            "solver": solver, "comparison": out,
            "result": {"status": s["status"], "objective": s["objective"], "bound": s["bound"], "gap": s["gap"],
                       "mip_gap_target": s["mip_gap_target"], "objective_unit": s["objective_unit"],
                       "message": s["message"]}}


def _run_fcnet(case: CaseDef, ctx: Context, prep: Prepared, tmp: Path) -> dict:
    """FCNetLib: eitflow and plain HiGHS on the textbook model, interleaved (`bench.fcnetlib`)."""
    from eitflow.bench.fcnetlib import run_fcnet

    solver = apply_solver(prep.scenario, case, ctx)
    return _compared(prep, solver, run_fcnet(prep.scenario, ctx.shared / prep.info["file"], solver["time_limit_s"],
                                             solver["threads"]))


def _run_ratio(case: CaseDef, ctx: Context, prep: Prepared, tmp: Path) -> dict:
    """eitflow and plain HiGHS on the same monolithic model, interleaved (`bench.ratio`)."""
    from eitflow.bench.ratio import compare
    solver = apply_solver(prep.scenario, case, ctx)
    return _compared(prep, solver, compare(prep.scenario, solver["time_limit_s"], solver["mip_gap"]))


RUNNERS = {"optimise": _run_optimise, "naive": _run_naive, "site": _run_site, "fcnet": _run_fcnet, "cli": run_command,
           "ratio": _run_ratio, "network": run_network}


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


def _hard_limit(case: CaseDef, ctx: Context) -> float:
    tl = ctx.time_limit_s if ctx.time_limit_s is not None else float(case.solver.get("time_limit_s", 300.0))
    factor = {"naive": 2, "fcnet": 2, "ratio": 6}.get(case.runner, 1)  # solves per case (fcnet: two solvers; ratio: 3 + 3)
    if case.runner == "site":  # eitflow's plan and ranking, and plain HiGHS, each round
        factor = 3 * int(case.kwargs.get("repeats", 1))
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
    if "siting" in raw:
        out["siting"] = raw["siting"]
    for key in ("command", "naive", "plain", "comparison"):   # the baselines' records and the comparison, as given
        if key in raw:
            out[key] = raw[key]
    if "error" in raw:
        out["error"] = raw["error"]
    return out


def missing_requirements(case: CaseDef, ctx: Context) -> list[str]:
    return [str(ctx.shared / p) for p in case.requires if not (ctx.shared / p).exists()]


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


def fcnet_analysis(cases: list[dict]) -> dict:
    """`bench.fcnetlib.fcnet_analysis` (imported when a result file is written)."""
    from eitflow.bench.fcnetlib import fcnet_analysis as analyse

    return analyse(cases)


ANALYSES = {"fr-heat": growth_analysis, "fcnet": fcnet_analysis}


def write_json_atomic(path: Path, data: dict, force: bool = False) -> None:
    path = Path(path)
    if path.exists() and not force:
        raise FileExistsError(f"{path} exists; choose another --out or pass --force")
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text(path, json.dumps(_clean_json(data), indent=2, ensure_ascii=False, allow_nan=False) + "\n")


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
    if rec.get("comparison") and "speedup_is_lower_bound" in rec["comparison"]:   # plain HiGHS / eitflow
        from eitflow.bench.ratio import progress_text as ratio_text
        line += ratio_text(rec["comparison"])
    elif rec.get("comparison") and "ratio" in rec["comparison"]:   # FCNetLib: eitflow / plain HiGHS, medians
        cmp_ = rec["comparison"]
        line += f"  plain {cmp_['plain']['median_s']:.2f} s vs {cmp_['eitflow']['median_s']:.2f} s = x{cmp_['ratio']:.2f}"
        if "cpu_ratio" in cmp_:
            line += (f" (CPU {cmp_['plain']['median_cpu_s']:.2f} s vs {cmp_['eitflow']['median_cpu_s']:.2f} s"
                     f" = x{cmp_['cpu_ratio']:.2f})")
    elif rec.get("comparison") and "median_plain_s" in rec["comparison"]:   # siting: eitflow / plain HiGHS
        from eitflow.bench.siting import progress_text
        line += progress_text(rec["comparison"])
    elif rec.get("comparison"):
        cmp_ = rec["comparison"]
        lower = "" if cmp_["naive_reached_gap_target"] else "≥"
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



__all__ = ["SUITES", "CaseDef", "Context", "agreement", "run_suite",
           "fit_power_law", "growth_analysis", "naive_model"]
