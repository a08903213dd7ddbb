"""`Result`: what a run returns, the tables and the summary with the scenario, candidates
and solution they come from, and `statistics`, where every figure is computed."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from eitflow.candidates.generate import Candidates
from eitflow.i18n import resolve_lang
from eitflow.results.statistics import Statistics
from eitflow.results.summary import gap_text, no_paying_plan, status_line, summary_message
from eitflow.scenario import Scenario
from eitflow.solve.status import Solution


@dataclass(repr=False)
class Result:
    """What a run produces: matches, unmatched flows, summary (JSON-ready dict), and
    `statistics` (`results.statistics.Statistics`: every aggregate, computed once).

    `objective` (EUR/yr or tCO2/yr, `objective_unit`), `bound`, `gap` (relative) and
    `status` ("optimal", "feasible", "time_limit", "infeasible", "error") come from the solve.
    """

    matches: pd.DataFrame
    unmatched: pd.DataFrame
    summary: dict
    scenario: Scenario
    candidates: Candidates
    solution: Solution
    hubs: pd.DataFrame | None = None  # built hubs with their throughput (when hubs.csv is given)
    heat_levels: pd.DataFrame | None = None  # heat by temperature interval (flows with return temperatures)
    supplies: pd.DataFrame | None = None  # units built for supplies, with their capacity (when one must be built)
    statistics: Statistics = field(default=None)  # type: ignore[assignment]  # built from the solution if not given

    def __post_init__(self) -> None:
        if self.statistics is None:
            self.statistics = Statistics(self.scenario, self.candidates, self.solution)

    @property
    def status(self) -> str:
        """optimal | feasible | time_limit | infeasible | error."""
        return self.summary["status"]

    @property
    def objective(self) -> float | None:
        """The objective of the solution found (EUR/yr or tCO2/yr, see `objective_unit`); None without one."""
        return self.summary["objective"]

    @property
    def objective_unit(self) -> str:
        """EUR/yr (net_benefit) or tCO2/yr (co2)."""
        return self.summary["objective_unit"]

    @property
    def bound(self) -> float | None:
        """The solver's proven bound on the objective (same unit); None when unknown."""
        return self.summary["bound"]

    @property
    def gap(self) -> float | None:
        """(bound - objective) / max(|objective|, 1), a fraction; None when unknown, or not
        defined: an objective below 1 unit with the bound 1 unit or more above it (a run that
        stopped with nothing built); `summary["gap_note"]` then says so in words: no paying plan
        found, and `bound`, what a better solution may be worth (`eitflow.solve.status.relative_gap`,
        `eitflow.results.summary.no_paying_plan`)."""
        return self.summary["gap"]

    def status_line(self, lang: str | None = None) -> str:
        """One line: status, gap against its target, objective (EUR/yr or tCO2/yr), in
        `lang` ("en" or "fr"; another raises ValueError; default: the scenario's `lang:`, else
        English, as the command line)."""
        return status_line(self.summary, resolve_lang(lang, self.scenario.params.lang))

    def status_message(self, lang: str | None = None) -> str:
        """The solve's message (summary.json's, in English) in `lang`, said from the same
        facts (`results.summary.summary_message`: an infeasible run's diagnosis, a component
        left off, heat levels rounded; the solver's own words stay as they are); "en" or "fr",
        another raises ValueError; default: the scenario's `lang:`, else English."""
        return summary_message(self.summary, resolve_lang(lang, self.scenario.params.lang))

    def __repr__(self) -> str:
        s = self.summary
        if s["objective"] is None:
            return f"<Result {s['status']}: no solution>"
        c = s["counts"]
        said = no_paying_plan(s)
        figures = said or f"{s['objective']:,.2f} {s['objective_unit']}, gap {gap_text(s)}"
        return (f"<Result {s['status']}: {figures}; "
                f"{c['chosen_links']} links of {c['candidate_links']} candidates, {len(self.unmatched)} unmatched>")
