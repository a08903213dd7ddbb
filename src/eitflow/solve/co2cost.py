"""The cheapest network of a CO2 plan (`objective: co2`).

Under the co2 objective a shared network's pipes cost nothing in the objective, so the solver
may lay any size that carries the plan: on a generated town of 30 buildings
(`bench.netsynth.network_city(30, 2, 0)`) it laid 108.6 MW of pipes where 38.2 MW carry the
same deliveries, and the run said -1,390,822 EUR/yr and 7.75 M EUR of investment where the
same CO2 is avoided for -988,316 and 4.41 M. Every money figure (net benefit, investment,
corridors.csv, each company's share of the network) described that arbitrary design.

So, after the co2 solve, a second solve over the network alone (lexicographic: CO2 first,
then money, for the plan's deliveries):

- the corridors, their sizes (or, with linear sizing, capacities) and the arc flows are free;
- the deliveries out of the network are the plan's, and the injections no more than the
  plan's (a pipe that loses less heat needs less of it; no supply is connected that the plan
  leaves out: the co2 model has no connection costs to weigh, `model.build`);
- every other column is the plan's, and CO2 avoided is no less than the plan's;
- maximise the network's part of the net benefit: minus its corridors' annual cost and
  pumping, plus what its injections are worth (`value_eur_per_unit`, as in the net-benefit
  model).

It is a network design MIP of its own, given the plan as its start and the time left (plus
`solve.driver.CO2_COST_S`); where it finds nothing better, the plan stands as solved. Which
supplies inject stays the plan's choice: on the town above the run now says -1,091,895
EUR/yr and 4.98 M EUR (two sources connected), against -988,316 and 4.41 M for the cheapest
plan with the same CO2 (one source).
"""

from __future__ import annotations

import dataclasses
import time

import numpy as np
import scipy.sparse as sp

from eitflow.candidates.generate import Candidates
from eitflow.model.arrays import MilpArrays
from eitflow.scenario import SolverOptions
from eitflow.solve.check import check_solution

CO2_TOL = 1e-7   # CO2 avoided may fall by this share of the plan's (solver tolerances), no more


def network_money(arr: MilpArrays, cand: Candidates) -> np.ndarray:
    """The net-benefit objective (EUR/yr) of the network's columns of `arr` and of its
    injections' flow columns, 0 elsewhere: what `model.network.network_block` counts under
    `objective: net_benefit` (pumping per unit on each arc, each size's annual cost, linear
    sizing's cost per unit of capacity) and each injection's value per unit."""
    nb, net = arr.network, cand.network
    c = np.zeros(len(arr.c))
    if nb is None or net is None:
        return c
    var = np.asarray(net.corridor_arrays["var_cost_eur_per_unit"], float)
    arc_cor = np.asarray(net.arc_arrays["corridor"], np.int64)[nb.arcs]
    T = arr.periods
    c[nb.arc_col0:nb.arc_col0 + len(nb.arcs) * T] = -np.repeat(var[arc_cor], T)
    opt = net.option_arrays
    c[nb.opt_col0:nb.opt_col0 + len(nb.options)] = -np.asarray(opt["fixed_eur_per_yr"], float)[nb.options]
    if len(nb.lin):
        c[nb.k_col0:nb.k_col0 + len(nb.lin)] = -np.asarray(opt["cap_fixed_eur_per_yr"], float)[nb.options[nb.lin]]
    inj = _injection_columns(arr)
    x0 = arr.cols["x"].start
    value = np.asarray(cand.column("value_eur_per_unit"), float)
    c[inj] = value[arr.links[(inj - x0) // T]]
    return c


def _injection_columns(arr: MilpArrays) -> np.ndarray:
    """Every period's flow column of the connections into the network (`NetBlock.inj_cols`
    holds period 0's)."""
    nb = arr.network
    assert nb is not None
    T = arr.periods
    return (np.asarray(nb.inj_cols, np.int64)[:, None] + np.arange(T)[None, :]).ravel()


def cheapest_network(arr: MilpArrays, z: np.ndarray, cand: Candidates, opts: SolverOptions,
                     deadline: float) -> np.ndarray:
    """`z` (a solution of `arr` under the co2 objective) with its network's sizes, arc flows
    and injections at least cost for the plan's deliveries and CO2 (see the module's
    docstring); `z` itself where the network is absent, nothing cheaper is found or no time
    is left."""
    from eitflow.solve.highs import solve_highs

    nb = arr.network
    left = deadline - time.time()
    if nb is None or left <= 0.05 or not len(nb.options):
        return z
    money = network_money(arr, cand)
    lb, ub = z.copy(), z.copy()   # every column as the plan's, but the network's free:
    net = np.r_[nb.arc_col0:nb.arc_col0 + len(nb.arcs) * arr.periods,
                nb.opt_col0:nb.opt_col0 + len(nb.options), nb.k_col0:nb.k_col0 + len(nb.lin)]
    lb[net], ub[net] = arr.lb[net], arr.ub[net]
    inj = _injection_columns(arr)
    lb[inj] = np.minimum(arr.lb[inj], z[inj])          # and injections no more than the plan's
    co2 = float(arr.c @ z)
    floor = co2 - CO2_TOL * max(abs(co2), 1.0)
    second = dataclasses.replace(arr, c=money, lb=lb, ub=ub).with_rows(
        "co2_kept", sp.csr_matrix(arr.c.reshape(1, -1)), np.array([floor]), np.array([np.inf]), ["co2_avoided_kept"])
    r = solve_highs(second, opts.model_copy(update={"mip_gap": min(opts.mip_gap, 1e-6)}), left, start=z)
    if r.z is None or check_solution(arr, r.z) or float(money @ r.z) <= float(money @ z) + 1e-9 * max(
            abs(float(money @ z)), 1.0) or float(arr.c @ r.z) < floor:
        return z
    return np.asarray(r.z, float)
