"""The MILP as arrays: `MilpArrays` (columns, rows, bounds, integrality, named blocks) and
`LinearConstraint`, the extra rows analyses add."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from eitflow.model.blocks import Blocks
from eitflow.model.cascade import CascadeBlock
from eitflow.model.network import NetBlock

__all__ = ["LinearConstraint", "MilpArrays"]

#: column blocks, in model order, and what their labels are
COLUMN_BLOCKS = {
    "x": "flow of a link in a period (supply base units): candidate-link position, repeated per period",
    "y": "link switch (binary): candidate-link position",
    "w": "hub built (binary): hub position in scenario.hubs",
    "v": "supply built (binary): flow position in scenario.flows",
    "p": "activity placed on a plot (binary, siting): placement position in scenario.placements",
    "size_supply": "yearly capacity of a supply's unit sized by the model (base units/yr, investment_eur_per_unit): "
                   "flow position",
    "level": "heat of a link by temperature interval (cascade): candidate-link position",
    "arc": "flow on an arc of a shared network in a period (network base units): arc position (Network.arcs), "
           "repeated per period",
    "size": "pipe size of a corridor built (binary): option position (Network.options)",
    "size_cap": "rated capacity of a corridor with linear sizing (base units/yr): option position",
    "chain": "cumulative heat of a ranged supply above a level (cascade): flow position",
    "own_arc": "a site's own heat on an arc of a network in a period (`model.netsame`): arc position, repeated per "
               "period",
    "own_out": "a site's own heat leaving a network at a node in a period (`model.netsame`): node position, "
               "repeated per period",
    "own_way": "the way a two-way corridor carries in a period, where a site has both roles (binary, "
               "`model.netsame`): its forward arc's position, repeated per period",
    "hub_pass": "CO2 a hub on a CO2 network hands from its legs in straight to its legs out in a period, refunded "
                "its compression (`model.netpass`): hub node, repeated per period",
    "net_way": "the share of a size carrying either way that an arc uses in a period (`solve.netway`, added "
               "before solving): arc position, repeated per period",
}

#: row blocks and what their labels are
ROW_BLOCKS = {
    "supply": "sum of a supply's outgoing flows <= its amount: flow position",
    "demand": "sum of yield x incoming flows <= (= if required) the demand: flow position",
    "hub_node": "inflow = outflow per hub and resource: hub node",
    "hub_capacity": "inflow <= capacity x w: hub position",
    "hub_capacity_out": "a hub on a network: what leaves by its legs <= capacity x w: hub position",
    "hub_leg": "leg flow <= M x w (the strong facility-location rows): candidate-link position",
    "link_max": "x <= M y: candidate-link position",
    "link_single": "yield x x = demand x y (single sourcing): candidate-link position",
    "one_source": "sum of a single-sourced demand's switches = 1 (<= 1 if not required): flow position",
    "link_min": "x >= L y: candidate-link position",
    "supply_built": "outgoing flows <= amount x v: flow position",
    "supply_use": "outgoing flows in a period <= the period's share x capacity S (sized supplies): flow position",
    "supply_size": "capacity S <= amount x v (sized supplies that must be built): flow position",
    "land": "land of a plot's placements <= its area (siting): plot position in scenario.siting.plots",
    "count": "min_count <= placements of an activity <= max_count (siting): activity position",
    "group": "at most one activity of a group on a plot (siting): (plot, group) key",
    "land_take": "land taken on greenfield plots <= siting.max_new_land_take_ha (siting, ZAN): budget position "
                 "(`model.landtake.budgets`: the total or a territory)",
    "cascade_link": "sum of a link's heat by interval = its flow: candidate-link position",
    "cascade_demand": "heat into a ranged demand's interval <= its need there: flow position",
    "cascade_supply": "a ranged supply's heat above a level (chain): flow position",
    "net_node": "flow balance of a network node in a period: node position (Network.nodes)",
    "net_capacity": "flow on a corridor <= capacity of its size (or of the existing pipe): corridor position",
    "net_size": "at most one size per corridor: corridor position",
    "net_cap_max": "rated capacity <= its largest x corridor built (linear sizing): corridor position",
    "net_arc_max": "flow on an arc <= what can pass it x corridor built: arc position",
    "own_balance": "a site's own heat in a network is conserved at a node (`model.netsame`): site position",
    "own_carry": "a site's own heat on an arc <= the arc's flow (`model.netsame`): site position",
    "own_sink": "a site's own heat leaves a node only to another company or the pipes' loss (`model.netsame`): site position",
    "own_way": "an arc carries only in its corridor's way (`model.netsame`): arc position",
    "own_way_built": "a corridor's way is 0 unless it is built (`model.netsame`): its forward arc's position",
    "hub_own": "a site takes out of a hub no more than the other companies put in (`model.netsame`): site position",
    "hub_pass_in": "what a hub passes through <= what its legs in bring (`model.netpass`): hub node",
    "hub_pass_out": "what a hub passes through <= what its legs out take (`model.netpass`): hub node",
    "co2_kept": "under objective co2, the cheapest network of the plan (`solve.co2cost`): CO2 avoided no less than the plan's",
    "net_cut": "directed-cut inequalities strengthening a network (`solve.netcuts`): node position",
    "flow_cover": "flow-cover inequalities on a supply's or demand's row (`solve.flowcover`): flow position",
    "net_req": "a node that must withdraw and cannot inject has a corridor built (`solve.netnode`): node position",
    "net_way_arc": "flow on an arc <= what can pass it x (its way's sizes + its way column) (`solve.netway`): arc position",
    "net_way_one": "a corridor's two way columns <= its sizes carrying either way (`solve.netway`): corridor position",
    "extra": "`LinearConstraint` rows of analyses: their order",
}


@dataclass
class MilpArrays:
    """A maximisation MILP: maximise c.z s.t. row_lo <= A z <= row_hi, lb <= z <= ub, the
    columns with integrality 1 integer (binaries).

    Columns and rows are laid out in named blocks (`cols`, `rows`: see COLUMN_BLOCKS and
    ROW_BLOCKS for their meaning and labels); `links` are the candidate positions (in
    `Candidates.links`) of the model's links, in the order of the x columns (link-major:
    the column of link a in period t is cols["x"].start + a * periods + t).
    """

    c: np.ndarray
    lb: np.ndarray
    ub: np.ndarray
    integrality: np.ndarray  # 1 = integer
    A: sp.csr_matrix
    row_lo: np.ndarray
    row_hi: np.ndarray
    links: np.ndarray
    row_names: Sequence[str]   # `model.blocks.RowNames` from `model.build` (made when first read)
    cols: Blocks
    rows: Blocks
    periods: int = 1
    cascade: CascadeBlock | None = None  # the heat cascade's columns and rows, when modelled
    network: NetBlock | None = None      # shared networks' columns and rows, when modelled
    # the hub_pass columns' net benefit (EUR per unit, `model.netpass`), whatever the objective
    pass_money: np.ndarray = dataclasses.field(default_factory=lambda: np.zeros(0))

    # ------------------------------------------------------------- reading a column vector
    def x(self, z: np.ndarray) -> np.ndarray:
        """Flow columns of the full column vector `z` (links x periods)."""
        return np.asarray(z)[self.cols["x"].slice]

    def link_flow(self, z: np.ndarray) -> np.ndarray:
        """Yearly flow per model link (supply base units/yr) from the full column vector `z`."""
        return self.x(z).reshape(len(self.links), self.periods).sum(axis=1)

    def local(self, link_positions: np.ndarray) -> np.ndarray:
        """Positions within `links` (the model's link order) of candidate-link positions."""
        order = np.argsort(self.links, kind="stable")
        return order[np.searchsorted(self.links, link_positions, sorter=order)]

    @property
    def n_x(self) -> int:
        """Number of flow columns (links x periods)."""
        return len(self.cols["x"])

    @property
    def n_integer(self) -> int:
        """Number of integer columns (every binary: link switches, hubs, supplies built,
        placements, pipe sizes): what a run's ``counts.binaries`` says."""
        return int(np.count_nonzero(self.integrality))

    @property
    def shape(self) -> tuple[int, int]:
        return self.A.shape

    # ------------------------------------------------------------- variants of the model
    def relaxed(self, lb: np.ndarray | None = None, ub: np.ndarray | None = None) -> MilpArrays:
        """The LP relaxation (no integer columns), optionally with other column bounds."""
        return dataclasses.replace(self, integrality=np.zeros_like(self.integrality),
                                   lb=self.lb if lb is None else lb, ub=self.ub if ub is None else ub)

    def with_binaries_fixed(self, link_built: np.ndarray, hub_built: np.ndarray | None = None,
                            supply_built: np.ndarray | None = None,
                            option_built: np.ndarray | None = None,
                            placed: np.ndarray | None = None) -> MilpArrays:
        """The LP with every binary fixed: link switches to `link_built` (per candidate link),
        hub switches to `hub_built` (per scenario hub), supply builds to `supply_built` (per
        flow), pipe sizes to `option_built` (per network option) and placements to `placed` (per
        placement of the model). What the dual prices of a solution are read from, and a plan's
        start (`solve.planstart`)."""
        lb, ub = self.lb.copy(), self.ub.copy()
        for name, val in (("y", link_built), ("w", hub_built), ("v", supply_built), ("size", option_built),
                          ("p", placed)):
            blk = self.cols[name]
            if len(blk) and val is not None:
                lb[blk.slice] = ub[blk.slice] = np.asarray(val, float)[blk.labels]
        return self.relaxed(lb, ub)

    def with_integers_at(self, z: np.ndarray) -> MilpArrays:
        """The LP of the model with every integer column fixed at its value in `z` rounded to
        the nearest integer (and held within its bounds): the best continuous columns (flows,
        capacities) of exactly the plan `z` builds. One place for it: the refit of a rounded plan
        (`solve.refit`) and the local search's LP (`solve.netlocal`).

        Parameters
        ----------
        z : numpy.ndarray
            A value per column (units of each column: the module docstring); the integer
            columns' may be off an integer by a solver's tolerance.

        Returns
        -------
        MilpArrays
            The relaxation (`relaxed`) with lb = ub = round(z) on the integer columns.
        """
        ints = self.integrality != 0
        lb, ub = self.lb.copy(), self.ub.copy()
        lb[ints] = ub[ints] = np.clip(np.round(z[ints]), self.lb[ints], self.ub[ints])
        return self.relaxed(lb, ub)

    def with_rows(self, name: str, A: sp.spmatrix, lo: np.ndarray, hi: np.ndarray, names: list[str],
                  labels: np.ndarray | None = None) -> MilpArrays:
        """The model with the rows `lo <= A z <= hi` appended as the row block `name` (cuts:
        `solve.flowcover`, `solve.netcuts`, `solve.netnode`); `names` one per row."""
        rows = self.rows.__class__()
        for b in self.rows:
            rows.add(b.name, len(b), b.labels)
        rows.add(name, A.shape[0], labels)
        return dataclasses.replace(
            self, A=sp.vstack([self.A, A]).tocsr(), row_lo=np.concatenate([self.row_lo, lo]),
            row_hi=np.concatenate([self.row_hi, hi]), row_names=list(self.row_names) + list(names), rows=rows)

    @property
    def n_leg_rows(self) -> int:
        """Rows x_leg <= M w_hub (the strong facility-location inequalities)."""
        return len(self.rows["hub_leg"])

    def aggregated(self) -> MilpArrays:
        """The same model without the strong leg rows: the hub capacity rows already force a
        closed hub's legs to 0, so the integer solutions are the same; only the LP
        relaxation is weaker (and much faster to solve)."""
        rows, keep = self.rows.without("hub_leg")
        return dataclasses.replace(self, A=self.A[keep], row_lo=self.row_lo[keep], row_hi=self.row_hi[keep],
                                   row_names=[self.row_names[i] for i in keep], rows=rows)


@dataclass
class LinearConstraint:
    """An extra row over all candidate links: lo <= x_coef . x + y_coef . y
    + corridor_coef . (size switches) <= hi.

    For analyses (epsilon-constraint, no-good cuts, dependence caps). x and y coefficients are
    aligned with Candidates.links; a nonzero y coefficient gives that link a binary.
    `corridor_coef` (optional) is aligned with the network's corridors (`Network.corridors`):
    corridor c's coefficient multiplies each of its size switches in the model, so it
    multiplies "c is built" (at most one size per corridor; an existing pipe has none).
    `lo` and `hi` are in the row's units (those of its terms: supply base units/yr for x, the
    coefficient's own for a switch); -inf and inf (the defaults) are no bound on that side. NaN,
    lo > hi, lo = inf and hi = -inf are refused (`check_bounds`).
    `hub_pass` (optional): the model's ``hub_pass`` columns (`model.netpass`) enter the row too,
    "co2" with the CO2 their refund spares (tCO2 per unit), "objective" with their objective
    coefficient: a row over a plan's CO2 avoided (`model.netpass.co2_row`) or its objective
    holds what a CO2 hub passes through, as the objective does.
    """

    x_coef: np.ndarray
    y_coef: np.ndarray | None = None
    lo: float = -np.inf
    hi: float = np.inf
    name: str = "extra"
    corridor_coef: np.ndarray | None = None
    hub_pass: str | None = None


def check_extra(extra: object, n_links: int, n_corridors: int) -> None:
    """Refuse extra rows that do not fit the candidates, before the model is built (where
    a wrong length surfaced as an IndexError deep inside `build_arrays`, or a shorter
    array of the right type was read silently as another link's coefficients).

    Raises
    ------
    TypeError
        `extra` is not a list of `LinearConstraint`.
    ValueError
        A coefficient array is not one value per candidate link (`Candidates.links`) or per
        corridor (`Network.corridors`), or holds NaN or an infinite value; or a bound is not
        one (`check_bounds`).
    """
    if isinstance(extra, LinearConstraint) or not isinstance(extra, Sequence):
        raise TypeError(f"extra: expected a list of LinearConstraint (found {type(extra).__name__})")
    for i, ec in enumerate(extra):
        if not isinstance(ec, LinearConstraint):
            raise TypeError(f"extra[{i}]: expected a LinearConstraint (found {type(ec).__name__})")
        check_bounds(ec, f"extra[{i}] ({ec.name})")
        if ec.hub_pass not in (None, "co2", "objective"):
            raise ValueError(f"extra[{i}] ({ec.name}): hub_pass must be None, 'co2' or 'objective' "
                             f"(found {ec.hub_pass!r})")
        for field, n, what in (("x_coef", n_links, "candidate link"), ("y_coef", n_links, "candidate link"),
                               ("corridor_coef", n_corridors, "candidate corridor")):
            v = getattr(ec, field)
            if v is None:
                continue
            try:
                a = np.asarray(v, float)
            except (TypeError, ValueError):   # numpy's "could not convert string to float", naming no row
                raise ValueError(f"extra[{i}] ({ec.name}): {field} must be numbers, one per {what} "
                                 f"(found {type(v).__name__} of {np.asarray(v).dtype})") from None
            if a.shape != (n,):
                raise ValueError(f"extra[{i}] ({ec.name}): {field} has shape {a.shape}, expected ({n},): "
                                 f"one coefficient per {what}")
            if not np.isfinite(a).all():
                raise ValueError(f"extra[{i}] ({ec.name}): {field} holds NaN or an infinite value "
                                 f"(position {int(np.flatnonzero(~np.isfinite(a))[0])})")


def check_bounds(ec: LinearConstraint, where: str) -> None:
    """Refuse bounds of `ec` that bound nothing or nothing can meet: NaN (read as no bound, so
    the row silently did nothing), lo above hi (the run ended infeasible and its diagnosis said
    "did not finish in time"), lo = +inf or hi = -inf. An infinite lo
    or hi of the right sign is no bound on that side (the defaults). `where` names the row in
    the message (its position in `extra` and its name).

    Raises
    ------
    ValueError
        A bound is NaN, or not a number; lo > hi; lo = +inf; hi = -inf.
    """
    b = {}
    for side in ("lo", "hi"):
        v = getattr(ec, side)
        try:
            b[side] = float(v)
        except (TypeError, ValueError):
            raise ValueError(f"{where}: {side} must be a number (found {v!r})") from None
        if np.isnan(b[side]):
            raise ValueError(f"{where}: {side} is NaN (give a number, or leave it out for no bound on that side)")
    lo, hi = b["lo"], b["hi"]
    if lo == np.inf or hi == -np.inf:
        side, v = ("lo", lo) if lo == np.inf else ("hi", hi)
        raise ValueError(f"{where}: {side} is {v:g}, which no value can meet (leave it out for no bound "
                         f"on that side)")
    if lo > hi:
        raise ValueError(f"{where}: lo {lo:.12g} > hi {hi:.12g}: no solution can hold it")
