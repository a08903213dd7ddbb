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

First, each built corridor of discrete sizes at the least size carrying its flows (idle ones
unbuilt), and an LP over the flows for those sizes (a smaller pipe loses less: the same
deliveries need no more flow), again while a size falls (`solve.leastsize`, with this stage's
LP: `_least_sizes`); after the solves below, the same again. The
MIPs below may run out of time with sizes to spare: on that town with discrete sizes its kept
solve's incumbent at 5 s laid a DN250 (20.5 MW) where a DN80 carries 4,250 MWh/yr, 101.4 MW of
pipes, -1,510,008 EUR/yr and 8.91 M EUR; with the LPs (0.01 s), every size the least for its
flows, 19.5 MW, -1,414,842 and 7.89 M.

Then two solves, each from the best so far: the plan's own corridors and ways with their sizes free
(linear sizing: an LP, the least capacities), then every corridor free, a network design MIP
of its own. Together they take as long as the co2 solve took or a quarter of the time limit
(`solve.driver.CO2_COST_SHARE`), never more than `CO2_COST_S` past the limit (kept back by the run's
budget, `solve.budget`); where they find
nothing better, the plan stands as solved. On generated towns (time limit 20 s) the free
solve is where the money is: 60 buildings, -2,012,711 EUR/yr and 16.6 M EUR said before,
-1,351,526 and 10.0 M after (5.8 s in all, against 1.3); 150 buildings, -4,514,978 said before
and after in its 5 s, -3,380,042 with the whole 20 s. Which
supplies inject stays the plan's choice here: on the town above this stage gives -1,091,895
EUR/yr and 4.98 M EUR (two sources connected), against -988,316 and 4.41 M for the cheapest
plan with the same CO2 (one source), which `solve.lexico`'s re-solve of the whole model then
finds (the run's figures).
"""

from __future__ import annotations

import dataclasses
import time
from functools import partial

import numpy as np
import scipy.sparse as sp

from eitflow.candidates.generate import Candidates
from eitflow.model.arrays import MilpArrays
from eitflow.scenario import SolverOptions
from eitflow.solve.check import check_solution
from eitflow.solve.leastsize import LEAST_S, least_pipe_sizes, option_columns
from eitflow.solve.netway import least_ways
from eitflow.solve.refit import refit_flows

CO2_TOL = 1e-7   # CO2 avoided may fall by this share of the plan's (solver tolerances), no more


def network_money(arr: MilpArrays, cand: Candidates) -> np.ndarray:
    """The net-benefit objective (EUR/yr) of the network's columns of `arr` (`NetBlock.cost`,
    what `model.network.network_block` counts under `objective: net_benefit`: pumping per
    unit on each arc, each size's annual cost, linear sizing's cost per unit of capacity) and
    each injection's value per unit on its flow columns, 0 elsewhere."""
    nb = arr.network
    c = np.zeros(len(arr.c))
    if nb is None:
        return c
    c[nb.arc_col0:nb.arc_col0 + len(nb.cost)] = nb.cost   # arcs, sizes, linear capacities: contiguous
    inj = _injection_columns(arr)
    c[inj] = np.asarray(cand.column("value_eur_per_unit"), float)[arr.links[(inj - arr.cols["x"].start) // arr.periods]]
    if "hub_pass" in arr.cols:   # a CO2 hub's compression refunded on what it passes through (`model.netpass`)
        c[arr.cols["hub_pass"].slice] = arr.pass_money
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
    docstring): first on the plan's own corridors and ways (with linear sizing an LP: the
    least capacities; with discrete sizing each built corridor any one size), then with the
    corridors free, from there, until `deadline` (s since the epoch); `z` itself where the
    network is absent or nothing cheaper is found in the time."""
    nb = arr.network
    if nb is None or not len(nb.options) or deadline - time.time() <= 0.05:
        return z
    money = network_money(arr, cand)
    best = _least_sizes(arr, z, z, money, opts, deadline)
    for topology in ("kept", "free"):
        if deadline - time.time() <= 0.05:
            break
        # a refit after it may take from the least-size pass's LEAST_S (which ends there anyway)
        zk = _second_solve(arr, best, z, money, opts, deadline, topology == "kept", refit_by=deadline + LEAST_S)
        if zk is not None:
            best = zk
    return _least_sizes(arr, best, z, money, opts, deadline + LEAST_S)


def _least_sizes(arr: MilpArrays, start: np.ndarray, plan: np.ndarray, money: np.ndarray, opts: SolverOptions,
                 deadline: float) -> np.ndarray:
    """`start` with each corridor at its least size for its flows and idle ones unbuilt
    (`solve.leastsize`, the one pass), each round's flows, injections and linear capacities
    re-solved for those sizes by this stage's LP (`_second_solve` on the plan's corridors with
    the sizes given: money, `plan`'s deliveries and CO2 kept); `start` where no size falls or
    the LP finds nothing cheaper."""
    return least_pipe_sizes(arr, start, partial(_second_solve, arr, plan=plan, money=money, opts=opts, kept=True),
                            deadline)


def _second_solve(arr: MilpArrays, start: np.ndarray, plan: np.ndarray, money: np.ndarray, opts: SolverOptions,
                  deadline: float, kept: bool, sizes: np.ndarray | None = None,
                  refit_by: float | None = None) -> np.ndarray | None:
    """One solve of the cheapest network for `plan`'s deliveries and CO2, from `start`: the
    corridors and ways `plan` builds `kept` (their sizes free, or `sizes`: every option column
    fixed, an LP) or all of them free; None where it finds nothing cheaper than `start`. A
    solution the check refuses as returned has its integer columns rounded and its flows
    re-solved (`solve.refit.refit_flows` over this solve's model) by `refit_by` (epoch s;
    default `deadline`), and is kept where that passes."""
    from eitflow.solve.highs import solve_highs

    nb = arr.network
    assert nb is not None
    lb, ub = plan.copy(), plan.copy()   # every column as the plan's, but the network's free
    net = slice(nb.arc_col0, nb.arc_col0 + len(nb.cost))   # (arcs, sizes, linear capacities)
    lb[net], ub[net] = arr.lb[net], arr.ub[net]
    o, is_lin = option_columns(arr)
    inj = _injection_columns(arr)
    lb[inj] = np.minimum(arr.lb[inj], plan[inj])          # and injections no more than the plan's
    if "hub_pass" in arr.cols:   # and what a CO2 hub passes through, which follows its legs (`model.netpass`)
        hp = arr.cols["hub_pass"].slice
        lb[hp], ub[hp] = arr.lb[hp], arr.ub[hp]
    co2 = float(arr.c @ plan)
    floor = co2 - CO2_TOL * max(abs(co2), 1.0)
    A, lo, hi, names = [sp.csr_matrix(arr.c.reshape(1, -1))], [floor], [np.inf], ["co2_avoided_kept"]
    if sizes is not None:
        lb[o], ub[o] = sizes, sizes
        if "net_way" in arr.cols:   # the ways (`solve.netway`) at their least for those sizes
            zw, w = start.copy(), arr.cols["net_way"].slice
            zw[o] = sizes
            lb[w] = ub[w] = least_ways(arr, zw)[w]
    elif kept:
        # the plan's corridors and ways: linear sizing's switches as the plan's, a built corridor
        # with a table of sizes any one of them, the others none
        lb[o], ub[o] = plan[o], plan[o]
        nC = int(nb.opt_corridor.max()) + 1
        built = np.zeros(nC, bool)
        built[nb.opt_corridor[plan[o] > 0.5]] = True
        free = built[nb.opt_corridor] & ~is_lin
        lb[o[free]], ub[o[free]] = 0.0, 1.0
        rows = np.unique(nb.opt_corridor[free])
        if len(rows):
            A.append(sp.csr_matrix((np.ones(int(free.sum())), (np.searchsorted(rows, nb.opt_corridor[free]), o[free])),
                                   shape=(len(rows), len(plan))))
            lo += [1.0] * len(rows)
            hi += [1.0] * len(rows)
            names += [f"corridor_{k}_one_size" for k in rows]
    second = dataclasses.replace(arr, c=money, lb=lb, ub=ub).with_rows(
        "co2_kept", sp.vstack(A).tocsr(), np.array(lo), np.array(hi), names)
    r = solve_highs(second, opts, deadline - time.time(), start=start)   # to the run's own gap target
    if r.z is None:
        return None
    zk: np.ndarray | None = np.asarray(r.z, float)
    if check_solution(arr, r.z):
        # HiGHS takes a binary within its own tolerance of 0 or 1 (a switch at 5e-6), the check
        # only within INT_TOL (1e-6): the plan's integer columns rounded and its flows re-solved
        # (`solve.refit`, as the main solve's), by the end of this stage's least-size pass at most,
        # then checked. Before, that plan was refused and its cheaper network thrown away
        zk = refit_flows(second, r.z, (deadline if refit_by is None else refit_by) - time.time(), opts)
    if zk is None or float(money @ zk) <= float(money @ start) + 1e-9 * max(
            abs(float(money @ start)), 1.0) or float(arr.c @ zk) < floor:
        return None
    return zk
