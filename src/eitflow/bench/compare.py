"""Compare two benchmark result files: time ratios per stage and flags where an objective
changed beyond the larger of the two gaps (a result file is the harness's JSON).

Two runs on a shared machine are rarely at the same load, so their seconds move by 30 % or more
between runs. Where both ran plain HiGHS interleaved with eitflow (the `comparison` of suites
such as fcnet, synthetic, network), each run's ratio eitflow / plain HiGHS was measured at one
load, and comparing those ratios is the steadier verdict: it is shown beside the seconds."""
from __future__ import annotations

import json
from pathlib import Path

from eitflow.bench.harness import FORMAT, STAGES, _fmt, objectives_differ


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


def _against_plain(case: dict) -> float | None:
    """eitflow / plain HiGHS measured in one run: the CPU ratio when recorded (steadier), else
    the wall-clock one; None when the case ran no plain side."""
    cmp = case.get("comparison")
    if not isinstance(cmp, dict):
        return None
    r = cmp.get("cpu_ratio", cmp.get("ratio"))
    return float(r) if isinstance(r, (int, float)) and r > 0 else None


def _verdict(r: float | None, threshold: float) -> str:
    if r is None:
        return "-"
    return "faster" if r < 1 - threshold else "slower" if r > 1 + threshold else "same"


def _origin(data: dict) -> str:
    """`suite date commit`, saying when the code had uncommitted changes or no git checkout."""
    git = data.get("git") or {}
    commit = git.get("commit")
    code = (f"commit {commit[:12]}" + (" with uncommitted changes" if git.get("dirty") else "")) if commit \
        else "commit unknown (not run from a git checkout)"
    lo = _loads(data)
    at = "" if not lo else f", load {lo[0]:.1f}" if lo[0] == lo[1] else f", load {lo[0]:.1f}-{lo[1]:.1f}"
    return f"{data.get('suite')} {data.get('date')} {code}{at}"


def _loads(data: dict) -> tuple[float, float] | None:
    """(lowest, highest) one-minute load average recorded over a run (at its start and end)."""
    m = data.get("machine") or {}
    vals = [float(v[0]) for v in (m.get("loadavg_at_start"), m.get("loadavg_at_end")) if isinstance(v, list) and v]
    return (min(vals), max(vals)) if vals else None


def _loaded(a: dict, b: dict) -> str | None:
    """Why seconds between the runs `a` and `b` are loose, or None: a load above the machine's
    usable cores in either run, or loads more than one apart."""
    la, lb = _loads(a), _loads(b)
    if la is None or lb is None:
        return None
    cores = min(float((d.get("machine") or {}).get("cpus_usable") or (d.get("machine") or {}).get("cpu_count") or 1)
                for d in (a, b))
    if max(la[1], lb[1]) > cores:
        return f"the machine was loaded (load up to {max(la[1], lb[1]):.1f} on {cores:g} cores)"
    if abs(la[0] - lb[0]) > 1.0 or abs(la[1] - lb[1]) > 1.0:
        return f"the machine's load differed (A {la[0]:.1f}-{la[1]:.1f}, B {lb[0]:.1f}-{lb[1]:.1f})"
    return None


def compare_results(a: dict, b: dict, threshold: float = 0.1) -> tuple[list[str], list[dict]]:
    """Lines to print and one row per common case: ratios B/A per stage and total, flags, and
    where both runs timed plain HiGHS interleaved, each run's eitflow / plain HiGHS ratio
    (`plain_a`, `plain_b`) and their quotient (`plain_change`, < 1: B gained on plain HiGHS)."""
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
        row["plain_a"], row["plain_b"] = _against_plain(ca), _against_plain(cb)
        row["plain_change"] = _ratio(row["plain_a"], row["plain_b"])
        ra, rb = (ca.get("reference") or {}).get("agreement"), (cb.get("reference") or {}).get("agreement")
        if ra != rb and (ra or rb):
            row["flags"].append(f"reference agreement {ra} -> {rb}")
        rows.append(row)
    w = max([len(n) for n in common] + [4])
    lines.append(f"A: {_origin(a)}")
    lines.append(f"B: {_origin(b)}")
    plain = any(r["plain_change"] is not None for r in rows)
    lines.append("time ratios B/A (< 1: B faster)" + ("; vs plain: eitflow / plain HiGHS within each run "
                                                       "(CPU where recorded), A -> B" if plain else ""))
    lines.append(f"{'case':<{w}}  " + " ".join(f"{s:>10}" for s in stages) + "  verdict"
                 + ("  vs plain A -> B   verdict" if plain else ""))
    faster = slower = gained = lost = 0
    fmt = lambda v: "-" if v is None else format(v, ".2f")  # noqa: E731
    for row in rows:
        r = row["ratios"]
        cells = " ".join(f"{'-' if r.get(s) is None else format(r[s], '.3f') + 'x':>10}" for s in stages)
        verdict = _verdict(r.get("total"), threshold)
        faster, slower = faster + (verdict == "faster"), slower + (verdict == "slower")
        extra = ""
        if plain:
            pv = _verdict(row["plain_change"], threshold)
            gained, lost = gained + (pv == "faster"), lost + (pv == "slower")
            extra = f"  {fmt(row['plain_a']):>6} -> {fmt(row['plain_b']):<6}   {pv}"
        lines.append(f"{row['name']:<{w}}  {cells}  {verdict:<7}{extra}"
                     + "".join(f"\n{'':<{w}}  ! {f}" for f in row["flags"]))
    only_a = [n for n in by_a if n not in by_b]
    only_b = [n for n in by_b if n not in by_a]
    flagged = sum(1 for r in rows if r["flags"])
    lines.append(f"{len(common)} common cases: {faster} faster, {slower} slower (total time beyond "
                 f"+-{threshold:.0%}); {flagged} with status/objective changes")
    if plain:
        both = [r for r in rows if r["plain_change"] is not None]
        slow_a = sum(1 for r in both if r["plain_a"] > 1)
        slow_b = sum(1 for r in both if r["plain_b"] > 1)
        lines.append(f"against plain HiGHS in the same run ({len(both)} cases): B gained on {gained}, lost on {lost} "
                     f"(beyond +-{threshold:.0%}); eitflow slower than plain HiGHS on {slow_a} in A, {slow_b} in B")
    why = _loaded(a, b)
    if why:
        lines.append(f"note: {why}: seconds between the two runs are loose"
                     + ("; the ratios against plain HiGHS, each measured within one run, are the steadier figure"
                        if plain else ""))
    if only_a:
        lines.append(f"only in A: {', '.join(only_a)}")
    if only_b:
        lines.append(f"only in B: {', '.join(only_b)}")
    return lines, rows


