"""Shadow prices of a solution: the LP with the chosen binaries fixed, solved once.

With every binary (link switches, hubs, supplies to build) fixed at its value in the
solution, what is left is a linear program whose row duals say what one more unit is worth
where it stands: a supply's dual is the value of one more unit of that supply (its rent:
zero when it is abundant), a hub node's dual the value of one more unit arriving at the hub.
`results.economics` turns these into suggested transfer prices. Solved once per `optimise`
within the run's time budget; the output writer only writes.
"""

from __future__ import annotations

import time

import numpy as np

from eitflow.candidates.generate import Candidates
from eitflow.scenario import Scenario
from eitflow.solve.status import Duals


def no_duals(scen: Scenario, status: str) -> Duals:
    """All-NaN duals with the reason in `status`."""
    n_nodes = 0 if scen.hubs is None else int(sum(len(r) for r in scen.hubs["resources"]))
    return Duals(np.full(len(scen.flows), np.nan), np.full(n_nodes, np.nan), status)


def fixed_binary_duals(scen: Scenario, cand: Candidates, flow: np.ndarray, built: np.ndarray,
                       hub_built: np.ndarray | None, supply_built: np.ndarray | None,
                       extra: list | None = None, time_limit_s: float = np.inf,
                       option_built: np.ndarray | None = None) -> Duals:
    """Solve the LP of `scen` over `cand` with every binary fixed at the solution's value.

    Parameters
    ----------
    flow, built : per candidate link, the solution's flow (supply base units/yr) and switch.
    hub_built, supply_built : per scenario hub and per flow, whether it is built.
    option_built : per network pipe-size option (`candidates.network`), whether it is built.
    extra : the analysis rows (`model.LinearConstraint`) the solution was found with.
    time_limit_s : wall-clock limit of the LP (s); without time left the duals are NaN.

    Returns
    -------
    Duals
        Per supply flow and per hub node, EUR per base unit (see `Duals`).
    """
    import highspy

    from eitflow.model.build import build_arrays
    from eitflow.solve.highs import highs_model, run, set_threads, set_time_limit

    t0 = time.perf_counter()
    out = no_duals(scen, "skipped")
    if len(cand.links) == 0:
        return out
    if not time_limit_s > 0:
        out.status = "no_time"
        return out
    arr = build_arrays(scen, cand, extra=extra, tighten=False)
    h = highs_model(arr.with_binaries_fixed(built, hub_built, supply_built, option_built))
    # the solver's threads, as every solve: HiGHS's default starts worker threads here, which a
    # process pool forked afterwards would inherit without the threads (`driver.worker_pool`)
    set_threads(h, scen.params.solver.threads)
    if np.isfinite(time_limit_s):
        set_time_limit(h, time_limit_s)
    run(h)
    status = h.getModelStatus()
    if status != highspy.HighsModelStatus.kOptimal:
        out.status = f"not_optimal: {h.modelStatusToString(status)}"
        out.seconds = time.perf_counter() - t0
        return out
    # HiGHS, maximising: row dual = d objective / d row bound (EUR per unit)
    y = np.asarray(h.getSolution().row_dual)
    T = arr.periods
    nf = len(scen.flows)
    sup = np.zeros(nf)
    seen = np.zeros(nf, bool)
    # a supply's value: its own row plus, when it had to be built, its build row (fixed at 1,
    # the two rows are parallel and the solver may price either); rows are labelled with the flow
    for name in ("supply", "supply_built"):
        rows = arr.rows[name]
        np.add.at(sup, rows.labels, np.abs(y[rows.slice]))
        seen[rows.labels] = True
    # a unit the model sizes, at its largest: one more unit of amount is one more of capacity
    # (its row holds for the year, where the two above hold per period: hence x T, /T below)
    rows = arr.rows["supply_size"]
    np.add.at(sup, rows.labels, T * np.abs(y[rows.slice]))
    # a hub node (inflow - outflow = 0): one more unit arriving lowers the row by one
    node = np.zeros(len(out.hub_node_eur_per_unit))
    node_seen = np.zeros(len(node), bool)
    rows = arr.rows["hub_node"]
    np.add.at(node, rows.labels, -y[rows.slice])
    node_seen[rows.labels] = True
    out.supply_eur_per_unit = np.where(seen, sup / T, np.nan)
    out.hub_node_eur_per_unit = np.where(node_seen, node / T, np.nan)
    out.status = "optimal"
    out.seconds = time.perf_counter() - t0
    return out
