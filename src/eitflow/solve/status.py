"""The status of a solve, and the plain data a solve returns: one batch's result and the
assembled `Solution`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
import pandas as pd

__all__ = ["STATUS_ORDER", "BatchResult", "Duals", "IncumbentCallback", "Solution", "Status", "gap_defined",
           "relative_gap"]

#: called by a back-end with (objective, dual bound, full column vector) on each improving solution
IncumbentCallback = Callable[[float, float, np.ndarray], None]


def relative_gap(objective: float | None, bound: float | None) -> float | None:
    """The relative gap (bound - objective) / |objective|, a fraction, with 1 unit (EUR/yr or
    tCO2/yr) as the floor of the divisor near zero; None when unknown (no solution or no bound)
    or not defined: an objective below 1 unit with a bound 1 unit or more above it (a run that
    stopped with nothing built, objective 0) has no meaningful relative gap; dividing by the
    floor would read as millions of percent. The bound then says what a better solution may be
    worth (`gap_defined` tells the two Nones apart)."""
    if objective is None or bound is None:
        return None
    diff = bound - objective
    if abs(diff) <= 1e-9 * max(1.0, abs(objective)):
        return 0.0
    if abs(objective) < 1.0 and diff >= 1.0:
        return None
    return max(0.0, diff) / max(abs(objective), 1.0)


def gap_defined(objective: float | None, bound: float | None) -> bool:
    """False when a solution and a bound are known yet their relative gap is not defined
    (`relative_gap`: objective about 0, bound 1 unit or more above it); True otherwise."""
    return objective is None or bound is None or relative_gap(objective, bound) is not None


class Status(StrEnum):
    """Status of a solve. A `str` (summary.json, messages and comparisons keep the plain
    strings), ordered from best to worst: `worst()` of several batches is the whole model's."""

    OPTIMAL = "optimal"        # proven within the gap target
    FEASIBLE = "feasible"      # a solution, not proven within the gap target (time limit)
    TIME_LIMIT = "time_limit"  # the time limit came before any solution
    INFEASIBLE = "infeasible"  # no solution exists (the diagnosis says why)
    ERROR = "error"            # the solver failed

    @staticmethod
    def worst(statuses: list[Status] | list[str]) -> Status:
        """The worst of `statuses` (optimal when there are none)."""
        return max((Status(s) for s in statuses), key=STATUS_ORDER.index, default=Status.OPTIMAL)


STATUS_ORDER = list(Status)


@dataclass
class BatchResult:
    """One solver call: its status, objective and bound (in the model's objective units) and
    the full column vector `z` (None without a solution), in `MilpArrays` column order."""

    status: Status
    objective: float | None
    bound: float | None
    z: np.ndarray | None
    seconds: float
    message: str = ""


@dataclass
class Duals:
    """Shadow prices of a solution with its binaries fixed (a maximisation).

    supply_eur_per_unit: per flow (position in `scenario.flows`), the value of one more base
        unit/yr of that supply (EUR per base unit, >= 0); NaN for flows that are not the
        supply of a candidate link or when the LP was not solved.
    hub_node_eur_per_unit: per hub node (`candidates.hubs.hub_nodes`: hub x resource), the
        value of one more unit arriving at the hub (EUR per base unit); NaN when not solved.
    status: "optimal", or why there are no duals ("skipped", "no_time", "not_optimal: ...").
    seconds: wall time of the LP (s). With monthly profiles both are the mean over the 12
    months of the monthly values: an indication only.
    """

    supply_eur_per_unit: np.ndarray
    hub_node_eur_per_unit: np.ndarray
    status: str = "optimal"
    seconds: float = 0.0


@dataclass
class Solution:
    """The assembled solution of all components.

    flow: per candidate link (supply base units/yr); built: per link, whether it is used.
    objective/bound in EUR/yr (net_benefit) or tCO2/yr (co2); gap = (bound - obj) /
    max(|obj|, 1), a fraction (`relative_gap`: None when unknown or not defined).
    diagnosis: for an infeasible model, each required demand that cannot be met and why
    (`solve.diagnose`); None otherwise.
    """

    status: Status
    objective: float | None
    bound: float | None
    gap: float | None
    flow: np.ndarray
    built: np.ndarray
    n_components: int
    n_batches: int
    n_variables: int
    n_binaries: int
    n_constraints: int
    solver: str
    seconds_build: float
    seconds_solve: float
    message: str = ""
    batch_status: dict = field(default_factory=dict)
    peak_rate: np.ndarray | None = None  # per link: largest period's flow x periods (base unit/yr)
    hub_built: np.ndarray | None = None  # per scenario hub
    heat_levels: pd.DataFrame | None = None  # cascade: link, from_c, to_c (demand scale, degC), amount
    heat_level_step_k: float = 0.0  # largest rounding of heat levels used (0 = exact)
    supply_built: np.ndarray | None = None  # per flow: a supply with an investment that is built
    supply_size: np.ndarray | None = None  # per flow: capacity of a unit the model sizes (base units/yr; 0 elsewhere)
    placed: np.ndarray | None = None  # siting: per candidate placement (scenario.placements), placed or not
    # shared networks (`candidates.network`): per arc, the yearly flow and the busiest period's
    # flow at a yearly rate (network base units/yr); per pipe-size option, built or not
    arc_flow: np.ndarray | None = None
    arc_peak: np.ndarray | None = None
    # each period's flow (T = 12 with monthly profiles, else 1, the year): per link (links x T,
    # supply units per period) and per arc (arcs x T, network base units per period). Read by
    # results.netfull: a pipe full in winter only
    period_flow: np.ndarray | None = None
    arc_period_flow: np.ndarray | None = None
    option_built: np.ndarray | None = None
    option_capacity: np.ndarray | None = None  # per option with linear sizing: rated capacity K chosen (base units/yr)
    network_cuts: list | None = None  # per network batch: the probe or the rounds of cuts (`solve.netcuts`)
    # (MilpArrays, BatchResult) of every batch, kept when asked (siting ranks placements by re-solving them)
    batches: list | None = field(default=None, repr=False)
    duals: Duals | None = None  # shadow prices with the binaries fixed (`solve.duals`), set by `optimise`
    diagnosis: pd.DataFrame | None = None  # infeasible: flow, flow_id, shortfall, unit, reason, detail
    # objective co2: the money stage's status, gap, seconds, net benefit before and after (`solve.lexico`)
    money_stage: dict | None = None
    # the solve's time limit (s) when it was not the scenario's solver.time_limit_s: a model
    # solved in PuLP (`extend.result_from_pulp`) had the one given to PuLP's solver (inf: none
    # given or known). None: the scenario's (summary.json's time_limit_s, `summary.time_limit_of`)
    time_limit_s: float | None = None
