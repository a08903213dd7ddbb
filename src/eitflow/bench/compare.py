"""Compare two benchmark result files: time ratios per stage and flags where an objective
changed beyond the larger of the two gaps (a result file is the harness's JSON)."""
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



