"""Solver back-ends behind one interface: a `Backend` takes a `MilpArrays` and returns a
`BatchResult` with a `Status`. HiGHS (highspy, arrays in one call) and CBC (through PuLP)
are registered; the scheduler, the watchdog and the analyses call them by name."""

from __future__ import annotations

from typing import Protocol

import numpy as np

from eitflow.model.arrays import MilpArrays
from eitflow.scenario import SolverOptions
from eitflow.solve.cbc import CbcBackend
from eitflow.solve.highs import HighsBackend
from eitflow.solve.status import BatchResult, IncumbentCallback

__all__ = ["BACKENDS", "Backend", "backend"]


class Backend(Protocol):
    """A MILP solver: `solve` must not raise on solver failures (status `error` instead)."""

    name: str

    def available(self) -> bool:
        """Whether the solver can run on this machine."""
        ...

    def solve(self, arr: MilpArrays, opts: SolverOptions, time_limit: float, start: np.ndarray | None = None,
              on_incumbent: IncumbentCallback | None = None) -> BatchResult:
        """Solve `arr` (a maximisation) within `time_limit` seconds with the gap and threads
        of `opts`. `start`: a feasible full column vector to warm-start from (ignored by
        back-ends that cannot); `on_incumbent`: called on each improving solution (ignored
        by back-ends without callbacks)."""
        ...


#: the registered back-ends by the name scenario.yaml's `solver.name` gives
BACKENDS: dict[str, Backend] = {"highs": HighsBackend(), "cbc": CbcBackend()}


def backend(name: str) -> Backend:
    """The back-end registered as `name` ("highs" or "cbc")."""
    if name not in BACKENDS:
        raise ValueError(f"unknown solver '{name}' (known: {', '.join(BACKENDS)})")
    return BACKENDS[name]
