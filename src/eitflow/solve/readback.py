"""A solve's values read back: each batch's column values checked against its model, tidied
(`solve.tidy`) and read into the solution's per-link, per-hub, per-flow, per-placement and
per-arc arrays (`empty_columns`, filled by `read_columns`), its heat levels as a table; for
`solve.driver` and the model in PuLP read back (`extend`)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from eitflow.candidates.generate import Candidates
from eitflow.errors import SolveError
from eitflow.model.arrays import MilpArrays
from eitflow.scenario import Scenario
from eitflow.solve.check import FEAS_TOL, _clean, check_solution
from eitflow.solve.tidy import Holds, cancel_circulation, least_sizes, unswitch_idle, unswitch_idle_options

__all__ = ["builds", "empty_columns", "read_columns"]


def builds(cols: dict[str, Any]) -> bool:
    """Whether the solution's arrays (`empty_columns`, filled) build anything: a link, hub,
    supply unit, placement or pipe size."""
    return any(cols[k] is not None and bool(np.any(cols[k]))
               for k in ("built", "hub_built", "supply_built", "placed", "option_built"))


def empty_columns(scen: Scenario, cand: Candidates, siting: bool) -> dict[str, Any]:
    """The solution's per-link, per-hub, per-flow, per-placement and per-arc arrays, all off
    (`read_columns` fills them batch by batch)."""
    net, n = cand.network, len(cand)
    n_arcs, n_opt = (0, 0) if net is None else (len(net.arc_arrays["arc"]), len(net.option_arrays["option"]))
    T = 1 if scen.profiles is None else int(np.shape(scen.profiles)[1])   # each month's flows kept (results.netfull)
    return {"flow": np.zeros(n), "built": np.zeros(n, bool), "peak_rate": np.zeros(n),
            "hub_built": np.zeros(0 if scen.hubs is None else len(scen.hubs), bool),
            "supply_built": np.zeros(len(scen.flows), bool), "supply_size": np.zeros(len(scen.flows)),
            "placed": np.zeros(len(scen.placements) if scen.placements is not None else 0, bool) if siting else None,
            "arc_flow": np.zeros(n_arcs), "arc_peak": np.zeros(n_arcs),
            "option_built": np.zeros(n_opt, bool), "option_capacity": np.zeros(n_opt),
            "period_flow": np.zeros((n, T)), "arc_period_flow": np.zeros((n_arcs, T))}


def read_columns(arr: MilpArrays, z: np.ndarray, cols: dict, levels: list, holds: Holds = None) -> np.ndarray:
    """Read one batch's column values `z` into the solution's arrays `cols` (`empty_columns`):
    flow per link (supply base units/yr), what is built, peaks, network arcs and sizes; its
    heat levels appended to `levels`. Returns `z` cleaned (binaries rounded, tiny flows 0) and
    tidied (`solve.tidy`; a step kept where `holds`, the caller's own rows, allows it).

    Raises
    ------
    SolveError
        The values violate the model (`solve.check.check_solution`).
    """
    raw, z = z, _clean(arr, z)
    viol = check_solution(arr, z)
    for tiny in (1e-9, 0.0):
        # a tiny flow set to 0 can break an equality row (a network node's balance in a month:
        # 1.7e-4 MWh of a link bounded at 2,222, in a co2 run's money stage): clean less
        if viol and not check_solution(arr, kept := _clean(arr, raw, tiny)):
            z, viol = kept, []
    if viol and holds is None:
        # the solver's flows within its tolerances, broken by rounding its binaries: the same
        # plan's flows re-solved (`solve.refit`); a caller's own rows (`holds`) are not in `arr`
        from eitflow.solve.refit import refit_flows
        if (fixed := refit_flows(arr, raw)) is not None:
            z, viol = fixed, []
    if viol:
        raise SolveError("error", "the solver returned a solution that violates the model: " + "; ".join(viol))
    flow = cols["flow"]
    flow[arr.links] = arr.link_flow(z)
    z = unswitch_idle_options(arr, cancel_circulation(arr, unswitch_idle(arr, z, flow, holds), holds), holds)
    z = least_sizes(arr, z, holds)
    for name, key in (("w", "hub_built"), ("v", "supply_built"), ("p", "placed")):
        blk, out = arr.cols[name], cols[key]
        if out is not None:
            out[blk.labels] = z[blk.slice] > 0.5
    cols["supply_size"][arr.cols["size_supply"].labels] = z[arr.cols["size_supply"].slice]
    if arr.cascade is not None and arr.cascade.n_z:
        levels.append(_levels_frame(arr, z))
    cols["peak_rate"][arr.links] = (xt := arr.x(z).reshape(len(arr.links), arr.periods)).max(axis=1) * arr.periods
    cols["period_flow"][arr.links] = xt
    nb_ = arr.network
    if nb_ is not None:
        xa = z[arr.cols["arc"].slice].reshape(len(nb_.arcs), arr.periods)
        cols["arc_flow"][nb_.arcs] = xa.sum(axis=1)
        cols["arc_peak"][nb_.arcs] = xa.max(axis=1) * arr.periods
        cols["arc_period_flow"][nb_.arcs] = xa
        cols["option_built"][nb_.options] = z[arr.cols["size"].slice] > 0.5
        cols["option_capacity"][nb_.options[nb_.lin]] = z[arr.cols["size_cap"].slice]   # linear sizing: K chosen
    # and a switch on without flow, which carries a rider's (`model.build._riders_switch`)
    cols["built"][arr.links] = flow[arr.links] > 0
    cols["built"][arr.cols["y"].labels] |= z[arr.cols["y"].slice] > 0.5
    return z


def _levels_frame(arr: MilpArrays, z: np.ndarray) -> pd.DataFrame:
    """Per link into a ranged demand and per temperature interval of the demand: heat drawn
    (supply units/yr, summed over periods); intervals with no heat are left out."""
    cb = arr.cascade
    assert cb is not None
    lv = z[arr.cols["level"].slice].reshape(len(cb.z_link), arr.periods).sum(axis=1)
    keep = lv > FEAS_TOL * max(1.0, float(lv.max(initial=0.0)))
    return pd.DataFrame({"link": arr.links[cb.z_link[keep]], "from_c": cb.z_lo_c[keep], "to_c": cb.z_hi_c[keep],
                         "amount": lv[keep]})
