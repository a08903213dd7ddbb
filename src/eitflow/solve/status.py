"""The status of a solve, and the plain data a solve returns: one batch's result and the
assembled `Solution`."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

STATUS_ORDER = ["optimal", "feasible", "time_limit", "infeasible", "error"]


@dataclass
class BatchResult:
    status: str                 # optimal | feasible | time_limit | infeasible | error
    objective: float | None
    bound: float | None
    x: np.ndarray | None        # flows, aligned with MilpArrays.links
    y: np.ndarray | None        # binaries, aligned with MilpArrays.ybin
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
    objective/bound in EUR/yr (net_benefit) or tCO2/yr (co2); gap = (bound - obj)/|obj|.
    """

    status: str
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
    duals: Duals | None = None  # shadow prices with the binaries fixed (`solve.duals`), set by `optimise`


