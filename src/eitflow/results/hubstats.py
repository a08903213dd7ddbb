"""The hubs of `results.statistics.Statistics` (a base class, so the figures stay in one place):
the hubs built and their cost, what passes through each, and who bears each one's cost, computed
once: `_hub_split` (`results.hubsplit.hub_split`: per hub and resource its cost and, standing on a
shared network, the network's fraction of it) is the one value the exchanges' shares
(`results.shares.with_shares`), the price bands (`results.netparts.band_parties`), companies.csv
and zones.csv (`_hub_parts`, `_hub_trucks`) and network_shares.csv read."""

from __future__ import annotations

from functools import cached_property

import numpy as np
import pandas as pd

from eitflow.candidates.costs import hub_fixed_eur_per_yr
from eitflow.candidates.generate import Candidates
from eitflow.results.hubsplit import HubSplit, built_hubs, hub_split, truck_rows
from eitflow.results.netparts import hub_parties, hub_passing
from eitflow.scenario import Scenario
from eitflow.solve.status import Solution

__all__ = ["HubStatistics"]


class HubStatistics:
    """The hubs' part of `Statistics`: reads its ``_flow``, ``_chosen``, ``_links``, ``_by_piece``
    and ``zone_of``."""

    scenario: Scenario
    candidates: Candidates
    solution: Solution

    @cached_property
    def _hub_built(self) -> np.ndarray:
        n = 0 if self.scenario.hubs is None else len(self.scenario.hubs)
        hb = self.solution.hub_built
        solved = self.solution.objective is not None
        return np.asarray(hb, bool) if solved and hb is not None and len(hb) == n else np.zeros(n, bool)

    @cached_property
    def _hub_cost(self) -> tuple[np.ndarray, np.ndarray]:
        """Per candidate hub: (annual cost EUR/yr, investment EUR)."""
        h = self.scenario.hubs
        if h is None or not len(h):
            return np.zeros(0), np.zeros(0)
        return hub_fixed_eur_per_yr(self.scenario), h["investment_eur"].to_numpy(float)

    @cached_property
    def _built_hubs(self) -> pd.DataFrame:
        return built_hubs(self.scenario.hubs, self._hub_built, *self._hub_cost)

    @cached_property
    def _hub_split(self) -> HubSplit:
        """The built hubs' cost per resource and, standing on a network, the network's fraction of
        it (`results.hubsplit.hub_split`), over the chosen links (`Statistics._chosen`): computed
        once; before, the fractions were worked out three times and the cost per resource twice."""
        c = getattr(self, "_chosen")
        legs = pd.DataFrame({"kind": c["kind"], "hub_id": c["hub_id"], "supply_resource": c["sub"]["supply_resource"].to_numpy(),
                             "amount": c["x"], "demand_amount": c["x"] * c["sub"]["yield"].to_numpy(float),
                             "network_party": c["on_hub"],
                             "hub_passed": c["pc"]["hub_passed"], "hub_passed_out": c["pc"]["hub_passed_out"]})
        return hub_split(legs, self._built_hubs)

    @cached_property
    def _hub_parts(self) -> pd.DataFrame:
        """The parts of the built hubs standing on a shared network, its party's (`hub_parties`)."""
        return hub_parties(getattr(self, "_by_piece")[0], self._built_hubs, self._hub_split)

    @cached_property
    def _hub_trucks(self) -> pd.DataFrame:
        """The legs' parts of the hubs standing on a shared network, per company their legs out
        deliver to (`results.hubsplit.truck_rows`)."""
        return truck_rows(getattr(self, "_by_piece")[0], self._hub_split)

    @cached_property
    def _hub_taken(self) -> pd.DataFrame:
        """All the parts of the built hubs that others bear (`_hub_parts`, `_hub_trucks`): what
        `results.netparts.hubs_off_networks` takes off each hub's own cost and investment."""
        cols = ["hub_id", "cost_eur_per_yr", "investment_eur"]
        parts = [p.reindex(columns=cols) for p in (self._hub_parts, self._hub_trucks) if len(p)]
        return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=cols)

    def hubs(self) -> pd.DataFrame:
        """One row per built hub: hub_id, name, zone, capacity (throughput, base units/yr),
        throughput (all that passes through it, base units/yr, summed over its resources: `netparts.hub_passing`),
        annual_cost_eur_per_yr (CRF x investment + fixed cost), investment_eur, n_legs."""
        cols = ["hub_id", "name", "zone", "capacity", "throughput", "annual_cost_eur_per_yr", "investment_eur", "n_legs"]
        h = self.scenario.hubs
        k = np.flatnonzero(self._hub_built)
        if h is None or not len(k):
            return pd.DataFrame(columns=cols)
        L = getattr(self, "_links")
        ids = h["hub_id"].to_numpy()[k]
        inflow = self._hub_passing.groupby("hub")["x"].sum().reindex(k, fill_value=0.0)
        legs = L[L["hub_id"] != ""].groupby("hub_id").size()
        cost, inv = self._hub_cost
        return pd.DataFrame({"hub_id": ids, "name": h["name"].to_numpy()[k],
                             "zone": getattr(self, "zone_of")().reindex(ids).to_numpy(),
                             "capacity": h["capacity"].to_numpy(float)[k], "throughput": inflow.to_numpy(float),
                             "annual_cost_eur_per_yr": cost[k], "investment_eur": inv[k],
                             "n_legs": legs.reindex(ids, fill_value=0).to_numpy(int)}, columns=cols)

    @cached_property
    def _hub_passing(self) -> pd.DataFrame:   # per hub and resource: what passes through it
        return hub_passing(self.candidates, self.solution, getattr(self, "_flow"))

    def hub_throughput(self) -> pd.DataFrame:
        """Per built hub and resource (hubs.csv): hub_id, name, resource, throughput (what enters,
        by its legs and, standing on a network, from it: `netparts.hub_passing`; base units/yr),
        unit, capacity, fixed_eur_per_yr (the hub's annual cost, repeated on each of its resource
        rows: sum `hubs()` for totals)."""
        cols = ["hub_id", "name", "resource", "throughput", "unit", "capacity", "fixed_eur_per_yr"]
        h = self.scenario.hubs
        if h is None or not self._hub_built.any():
            return pd.DataFrame(columns=cols)
        tp = self._hub_passing
        tp = tp[self._hub_built[tp["hub"].to_numpy(np.int64)]]
        cost, _ = self._hub_cost
        k = tp["hub"].to_numpy()
        return pd.DataFrame({"hub_id": h["hub_id"].to_numpy()[k], "name": h["name"].to_numpy()[k],
                             "resource": tp["resource"].to_numpy(), "throughput": tp["x"].to_numpy(),
                             "unit": [self.scenario.catalogue[r].base_unit for r in tp["resource"]],
                             "capacity": h["capacity"].to_numpy(float)[k], "fixed_eur_per_yr": cost[k]}, columns=cols)
