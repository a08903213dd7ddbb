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
                       extra: list | None = None, time_limit_s: float = np.inf) -> Duals:
    """Solve the LP of `scen` over `cand` with every binary fixed at the solution's value.

    Parameters
    ----------
    flow, built : per candidate link, the solution's flow (supply base units/yr) and switch.
    hub_built, supply_built : per scenario hub and per flow, whether it is built.
    extra : the analysis rows (`model.LinearConstraint`) the solution was found with.
    time_limit_s : wall-clock limit of the LP (s); without time left the duals are NaN.

    Returns
    -------
    Duals
        Per supply flow and per hub node, EUR per base unit (see `Duals`).
    """
    import highspy

    from eitflow.model.build import build_arrays
    from eitflow.solve.highs import highs_model

    t0 = time.perf_counter()
    out = no_duals(scen, "skipped")
    if len(cand.links) == 0:
        return out
    if not time_limit_s > 0:
        out.status = "no_time"
        return out
    arr = build_arrays(scen, cand, extra=extra)
    n = arr.n_x
    lb, ub = arr.lb.copy(), arr.ub.copy()
    fixed = np.zeros(arr.A.shape[1] - n)
    nb, nh, nv = len(arr.ybin), len(arr.hubs), len(arr.builds)
    fixed[:nb] = built[arr.links[arr.ybin]]
    if nh and hub_built is not None:
        fixed[nb:nb + nh] = hub_built[arr.hubs]
    if nv and supply_built is not None:
        fixed[nb + nh:nb + nh + nv] = supply_built[arr.builds]
    cols = n + np.flatnonzero(arr.integer_cols)
    lb[cols] = ub[cols] = fixed[cols - n]
    h = highs_model(arr.relaxed(lb, ub))
    if np.isfinite(time_limit_s):
        h.setOptionValue("time_limit", float(max(time_limit_s, 0.01)))
    h.run()
    status = h.getModelStatus()
    if status != highspy.HighsModelStatus.kOptimal:
        out.status = f"not_optimal: {h.modelStatusToString(status)}"
        out.seconds = time.perf_counter() - t0
        return out
    # HiGHS, maximising: row dual = d objective / d row bound (EUR per unit)
    y = np.asarray(h.getSolution().row_dual)
    T = arr.periods
    fid = scen.flows["flow_id"].to_numpy()
    pos = {f: k for k, f in enumerate(fid)}
    sup = np.zeros(len(fid))
    seen = np.zeros(len(fid), bool)
    node = np.zeros(len(out.hub_node_eur_per_unit))
    node_seen = np.zeros(len(node), bool)
    for r, name in enumerate(arr.row_names):
        base = name.rsplit("_m", 1)[0] if T > 1 and "_m" in name else name
        if r < arr.n_supply_rows or (base.startswith("supply_") and base.endswith("_built")):
            # a supply's value: its own row plus, when it had to be built, its build row
            # (fixed at 1, the two rows are parallel and the solver may price either)
            fid_r = base[len("supply_"):] if r < arr.n_supply_rows else base[len("supply_"):-len("_built")]
            k = pos[fid_r]
            sup[k] += abs(y[r])
            seen[k] = True
        elif base.startswith("hub_node_"):
            # inflow - outflow = 0: one more unit arriving lowers the row by one
            k = int(base[len("hub_node_"):])
            node[k] -= y[r]
            node_seen[k] = True
    out.supply_eur_per_unit = np.where(seen, sup / T, np.nan)
    out.hub_node_eur_per_unit = np.where(node_seen, node / T, np.nan)
    out.status = "optimal"
    out.seconds = time.perf_counter() - t0
    return out
