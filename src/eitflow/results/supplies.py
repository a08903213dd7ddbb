"""The units built for supplies (an electrolyser, a capture or treatment unit): the part of
`results.statistics.Statistics` that says what each costs and, where the model sizes it, its
capacity (a base class, so the figures stay in one place).

A supply with `investment_eur` or `fixed_cost_eur_per_yr` is used only once its unit is built:
CRF x investment_eur + fixed_cost_eur_per_yr a year. With `investment_eur_per_unit` the model
also sizes it: its capacity S (base units/yr, at most the flow's amount) is the least that
carries its busiest period (`solve.driver`), and it costs CRF x investment_eur_per_unit x S
more a year (`candidates.costs.supply_size_eur_per_unit`).
"""

from __future__ import annotations

from functools import cached_property

import numpy as np
import pandas as pd

from eitflow.candidates.costs import supply_fixed_eur_per_yr, supply_size_eur_per_unit
from eitflow.scenario import Scenario
from eitflow.solve.status import Solution

#: the columns of `Statistics.supplies` (supplies_built.csv)
SUPPLY_COLUMNS = ["flow_id", "site_id", "resource", "capacity", "max_capacity", "delivered", "unit", "sized",
                  "annual_cost_eur_per_yr", "investment_eur"]


def unit_flows(scen: Scenario) -> np.ndarray:
    """Per flow: whether it is a supply with a unit to build (a fixed part, a cost per unit of
    capacity, or both)."""
    return (supply_fixed_eur_per_yr(scen) > 0) | (supply_size_eur_per_unit(scen)[1] > 0)


def has_supply_units(scen: Scenario) -> bool:
    """Whether any supply of `scen` must be built to be used (supplies_built.csv is written)."""
    return bool(unit_flows(scen).any())


class SupplyStatistics:
    """The supply units of `Statistics`: built or not, capacity, annual cost, investment."""

    scenario: Scenario
    solution: Solution

    @cached_property
    def _supply_built(self) -> np.ndarray:
        n = len(self.scenario.flows)
        sb = self.solution.supply_built
        built = np.asarray(sb, bool) if getattr(self, "has_solution") and sb is not None and len(sb) == n else np.zeros(n, bool)
        # a supply that must be built and delivers is built, also where the model did not decide it (objective co2)
        return built | ((self._supply_cost[0] > 0) & (getattr(self, "_out_of_supply") > 0))

    @cached_property
    def _supply_size(self) -> np.ndarray:
        """Per flow: capacity of a unit the model sizes (base units/yr; 0 elsewhere)."""
        n = len(self.scenario.flows)
        ss = self.solution.supply_size
        return np.asarray(ss, float) if getattr(self, "has_solution") and ss is not None and len(ss) == n else np.zeros(n)

    @cached_property
    def _supply_cost(self) -> tuple[np.ndarray, np.ndarray]:
        """Per flow: (annual cost EUR/yr, investment EUR) of a supply that must be built: its
        unit's fixed part plus, where the model sizes it, its capacity's part."""
        f = self.scenario.flows
        inv = np.nan_to_num(f["investment_eur"].to_numpy(float)) if "investment_eur" in f else np.zeros(len(f))
        per_yr, per_inv = supply_size_eur_per_unit(self.scenario)
        size = self._supply_size
        return supply_fixed_eur_per_yr(self.scenario) + per_yr * size, inv + per_inv * size

    def supplies(self) -> pd.DataFrame:
        """One row per supply that must be built and is (an electrolyser, a capture unit):
        flow_id, site_id, resource, capacity (base unit/yr: the capacity the model chose where
        it sizes the unit, `investment_eur_per_unit`, else the flow's amount), max_capacity
        (the amount), delivered (base unit/yr), unit, sized (bool), annual_cost_eur_per_yr (CRF
        x investment + fixed cost), investment_eur (fixed part + per unit x capacity)."""
        f = self.scenario.flows
        k = np.flatnonzero(self._supply_built)
        cost, inv = self._supply_cost
        amount = f["amount"].to_numpy(float)[k]
        sized = supply_size_eur_per_unit(self.scenario)[1][k] > 0
        return pd.DataFrame({"flow_id": f["flow_id"].to_numpy()[k], "site_id": f["site_id"].to_numpy()[k],
                             "resource": f["resource"].to_numpy()[k],
                             "capacity": np.where(sized, self._supply_size[k], amount), "max_capacity": amount,
                             "delivered": getattr(self, "_out_of_supply")[k], "unit": f["unit"].to_numpy()[k], "sized": sized,
                             "annual_cost_eur_per_yr": cost[k], "investment_eur": inv[k]}, columns=SUPPLY_COLUMNS)
