"""eitflow against plain HiGHS on the same monolithic model, interleaved in one process.

For a benchmark case whose scenario is built in memory (the synthetic suite): eitflow's
`optimise` (candidates, build, solve; no dual prices, no output) and `bench.plain`'s
textbook solve of the same model (eitflow's candidates and MILP in one HiGHS call, one
thread, same gap target and time limit) alternate: plain, eitflow, eitflow, plain, eitflow...
Each figure is candidates + build + solve (s). eitflow runs REPEATS times; plain HiGHS too,
unless its first run stopped at the time limit without the gap target (its time is then a
floor, the speed-up a lower bound, reported with its gap at the limit: a second 300 s run
says nothing new). The LP relaxation of the whole model is solved once (its time and bound
say how hard the instance is). The load average and the process's CPU share are recorded
for every run: on a shared machine a figure is read against them.
"""

from __future__ import annotations

import os
import time

import numpy as np

try:
    import resource
except ImportError:  # Windows
    resource = None  # type: ignore[assignment]

REPEATS = 3


def cpu_clock() -> float:
    """CPU seconds (user + system) of this process and of its children that have ended and
    been waited for. Differences of it time one side of a comparison in CPU: on a shared
    machine whose load changes from run to run, a single-threaded solve's CPU seconds stay
    what the solve needed where its wall clock doubles."""
    # process_time and getrusage count in microseconds; os.times counts clock ticks (10 ms),
    # too coarse for FCNetLib's millisecond instances
    if resource is None:   # Windows: this process only
        return time.process_time()
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + ru.ru_utime + ru.ru_stime


def _load() -> float:
    return round(os.getloadavg()[0], 2)


def eitflow_once(scen) -> dict:
    """One `optimise` of `scen` (no dual prices): seconds (candidates + build + solve), status,
    objective, bound, gap, the load at its start and its CPU share, and its summary."""
    from eitflow.pipeline import optimise

    load, c0, w0 = _load(), cpu_clock(), time.perf_counter()
    s = optimise(scen, {}, duals=False).summary
    wall = time.perf_counter() - w0
    t = s["timings_s"]
    return {"seconds": float(t.get("candidates", 0.0) + t.get("build", 0.0) + t.get("solve", 0.0)),
            "solve_s": float(t.get("solve", 0.0)), "status": str(s["status"]), "objective": s["objective"],
            "bound": s["bound"], "gap": s["gap"], "loadavg_1min": load,
            "cpu_share": round((cpu_clock() - c0) / wall, 3) if wall > 0 else None, "summary": s}


def plain_once(scen, time_limit_s: float, mip_gap: float, lp: bool) -> dict:
    """One plain-HiGHS solve of `scen`'s whole model (`bench.plain.plain_highs_scenario`)."""
    from eitflow.bench.plain import plain_highs_scenario

    load, c0, w0 = _load(), cpu_clock(), time.perf_counter()
    out = plain_highs_scenario(scen, time_limit_s, mip_gap, lp=lp)
    wall = time.perf_counter() - w0
    t, r = out["timings_s"], out["result"]
    run = {"seconds": float(t["candidates"] + t["build"] + t["solve"]), "solve_s": float(t["solve"]),
           "status": "optimal" if r["status"] == "Optimal" else r["status"], "objective": r["objective"],
           "bound": r["bound"], "gap": r["gap"], "reached_gap_target": reached(r["gap"], mip_gap),
           "loadavg_1min": load, "cpu_share": round((cpu_clock() - c0) / wall, 3) if wall > 0 else None,
           "sizes": out["sizes"]}
    if "lp_relaxation" in out:
        run["lp_relaxation"] = out["lp_relaxation"]
    return run


def sides(ours: list[dict], plain: list[dict]) -> dict:
    """The two sides of a comparison: each side's runs and the median of their `seconds`
    (a run without seconds, one that failed, counts as NaN), and ``ratio`` eitflow / plain
    of the medians. Where every run has its CPU seconds (`cpu_s`, from `cpu_clock`), each
    side's median of them and ``cpu_ratio`` as well. One record for every runner that
    compares (synthetic, fcnet, network)."""
    def med(runs: list[dict], key: str) -> float:
        return float(np.median([r.get(key, np.nan) for r in runs]))

    mo, mp = med(ours, "seconds"), med(plain, "seconds")
    out = {"eitflow": {"runs": ours, "median_s": mo}, "plain": {"runs": plain, "median_s": mp},
           "ratio": mo / max(mp, 1e-9)}
    if all("cpu_s" in r for r in ours + plain):
        co, cp = med(ours, "cpu_s"), med(plain, "cpu_s")
        out["eitflow"]["median_cpu_s"], out["plain"]["median_cpu_s"] = co, cp
        out["cpu_ratio"] = co / max(cp, 1e-9)
    return out


def reached(gap: float | None, target: float) -> bool:
    """Whether a run's proven gap meets the target (within rounding)."""
    return gap is not None and gap <= target + 1e-12


def compare(scen, time_limit_s: float, mip_gap: float, repeats: int = REPEATS) -> dict:
    """eitflow and plain HiGHS on `scen`, interleaved (see the module notes). Returns both
    sides' runs and medians (s), the speed-up plain / eitflow of the medians (a lower bound
    when plain HiGHS did not reach the gap target: ``speedup_is_lower_bound``), ``ratio``
    (eitflow / plain, as the other suites give it), the LP relaxation, and eitflow's last
    summary."""
    ours: list[dict] = []
    plain: list[dict] = []
    for k in range(repeats):
        if k == 0 or plain[-1]["reached_gap_target"]:
            plain.append(plain_once(scen, time_limit_s, mip_gap, lp=(k == 0)))
        ours.append(eitflow_once(scen))
    lp = plain[0].pop("lp_relaxation", None)
    summary = ours[-1]["summary"]
    for r in ours:
        r.pop("summary")
    lower = not all(r["reached_gap_target"] for r in plain)
    two = sides(ours, plain)
    two["eitflow"]["reached_gap_target"] = all(reached(r["gap"], mip_gap) for r in ours)
    two["plain"].update(reached_gap_target=not lower, gap_at_limit=max(
        (r["gap"] for r in plain if r["gap"] is not None), default=None) if lower else None)
    return {"summary": summary, **two,
            "speedup": two["plain"]["median_s"] / max(two["eitflow"]["median_s"], 1e-9),
            "speedup_is_lower_bound": lower,
            "lp_relaxation": lp, "time_limit_s": time_limit_s, "mip_gap": mip_gap,
            "note": "seconds = candidates + build + solve, each side; plain HiGHS = eitflow's candidates and "
                    "MILP in one HiGHS call (one thread); runs interleaved in one process"}


def progress_text(cmp_: dict) -> str:
    """The comparison on a progress line: medians and the speed-up (≥ when a floor)."""
    ge = "≥" if cmp_["speedup_is_lower_bound"] else ""
    gap = cmp_["plain"]["gap_at_limit"]
    at = f", plain gap {gap:.2%} at the limit" if gap is not None else ""
    return (f"  plain {cmp_['plain']['median_s']:.1f} s vs eitflow {cmp_['eitflow']['median_s']:.1f} s "
            f"(median of {len(cmp_['eitflow']['runs'])}) = {ge}x{cmp_['speedup']:.1f}{at}")

