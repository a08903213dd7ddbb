"""`Result`: what a run returns, the tables and the summary with the scenario, candidates
and solution they come from."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from eitflow.candidates.generate import Candidates
from eitflow.results.summary import status_line
from eitflow.scenario import Scenario
from eitflow.solve.status import Solution


@dataclass
class Result:
    """What a run produces: matches, unmatched flows, summary (JSON-ready dict)."""

    matches: pd.DataFrame
    unmatched: pd.DataFrame
    summary: dict
    scenario: Scenario = field(repr=False)
    candidates: Candidates = field(repr=False)
    solution: Solution = field(repr=False)
    hubs: pd.DataFrame | None = None  # built hubs with their throughput (when hubs.csv is given)
    heat_levels: pd.DataFrame | None = None  # heat by temperature interval (flows with return temperatures)

    @property
    def status(self) -> str:
        return self.summary["status"]

    def status_line(self) -> str:
        return status_line(self.summary)


