"""Time of `render_brief` (the one-page brief's HTML, its map laid out at each height tried) on
runs of the bundled scenarios: the median of 3 renders after one warm-up (wall clock, and the
process's CPU time, which a loaded machine inflates less), and how many map layouts it took.

Usage: PYTHONPATH=src python benchmarks/brief_render_time.py RUNS_DIR [NAME ...]
(RUNS_DIR holds run directories named after the scenarios: `eitflow run scenarios/NAME/scenario.yaml
--out RUNS_DIR/NAME`, `eitflow site` for fos_siting).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import eitflow.report.brief as brief
from eitflow.results.rundir import read_run


def main(runs: Path, names: list[str]) -> None:
    calls = [0]
    layout = brief.map_layout

    def counted(*a, **k):
        calls[0] += 1
        return layout(*a, **k)

    brief.map_layout = counted
    for name in names:
        data = read_run(runs / name)
        brief.render_brief(data, "fr")
        calls[0], times, cpu = 0, [], []
        for _ in range(3):
            t, c = time.perf_counter(), time.process_time()
            brief.render_brief(data, "fr")
            times.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
        print(f"{name}: {statistics.median(times):.2f} s ({statistics.median(cpu):.2f} s CPU), "
              f"{calls[0] // 3} map layouts")


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2:] or ["zae_example", "tavaux_h2", "fos_siting"])
