"""Candidate generation under a memory budget.

The radius search of a large territory can yield far more pairs than memory holds (a
1M-row flows.csv at 10 km: about 170 million pairs). Pairs are therefore materialised in
chunks of at most `PAIR_CHUNK` (each chunk goes through the rules, which keep the links
and the dropped pairs, before the next one is searched), and the generation stops early,
with a message saying what to change, as soon as the process's memory plus what the links
kept so far will need downstream (model, solver, result tables) would pass
`MEMORY_BUDGET_BYTES`: never a MemoryError hours later.
"""

from __future__ import annotations

import os

import numpy as np

from eitflow.errors import Problem, ScenarioError
from eitflow.i18n import Phrase

MEMORY_BUDGET_BYTES = 4 << 30        # the peak of a whole run, its solver's child included
PAIR_CHUNK = 1_000_000               # pairs searched and ruled at once (~0.3 GB of temporaries)
# downstream memory per candidate link: links table, model arrays, HiGHS in the watchdog's
# child, result tables (measured: 216,643 links take about 0.55 GB over start-up)
BYTES_PER_LINK = 2_600
BYTES_PER_DROPPED = 400              # a dropped pair kept with its reason and detail


class CandidateBudgetError(ScenarioError):
    """The candidates would not fit in the memory budget (exit 2, before any solve)."""


def rss_bytes() -> int:
    """The process's resident memory now (Linux /proc; elsewhere its peak so far)."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):  # pragma: no cover - not Linux
        import resource
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def chunks(counts: np.ndarray, limit: int = PAIR_CHUNK) -> list[tuple[int, int]]:
    """Consecutive [start, stop) ranges of points whose pair `counts` sum to at most
    `limit` each (one point alone may exceed it)."""
    n = len(counts)
    if n == 0:
        return []
    bounds, start, total = [], 0, 0
    for k, c in enumerate(np.asarray(counts, np.int64).tolist()):
        if total + c > limit and k > start:
            bounds.append((start, k))
            start, total = k, 0
        total += c
    bounds.append((start, n))
    return bounds


def check(n_links: int, n_dropped: int, resources: str, pairs_done: int, pairs_total: int,
          budget: int | None = None) -> None:
    """Raise `CandidateBudgetError` when the memory now plus what the candidates kept so far
    will need downstream passes `budget` (bytes; default `MEMORY_BUDGET_BYTES`)."""
    budget = MEMORY_BUDGET_BYTES if budget is None else budget
    need = rss_bytes() + n_links * BYTES_PER_LINK + n_dropped * BYTES_PER_DROPPED
    if need <= budget:
        return
    # a Phrase, said in the run's language (a French user read this one in English)
    raise CandidateBudgetError(Problem(
        "scenario.yaml", Phrase("cand_memory_budget", budget=budget / 2**30, links=n_links, dropped=n_dropped,
                                done=pairs_done, total=pairs_total, res=resources, need=need / 2**30),
        column="max_distance_km"))
