"""The optimum rolled up by zone (business park, intercommunality): totals per zone under
one documented allocation rule (`results.zones`; default "company"), exchanges inside and
between zones, amounts per zone. Every figure is read from `Result.statistics`."""

from __future__ import annotations

import pandas as pd

from eitflow.results.result import Result
from eitflow.results.zones import ALLOCATIONS, DEFAULT_ALLOCATION, NO_ZONE
from eitflow.scenario import Scenario

__all__ = ["ALLOCATIONS", "DEFAULT_ALLOCATION", "NO_ZONE", "zone_amounts", "zone_flows", "zones"]


def zones(scen: Scenario, result: Result, allocation: str = DEFAULT_ALLOCATION) -> pd.DataFrame:
    """Totals per zone (EUR/yr, tCO2/yr, EUR) under `allocation` (one of `ALLOCATIONS`);
    they sum to the run's totals. See `results.zones.zone_table` for the columns."""
    return result.statistics.zones(allocation)


def zone_flows(scen: Scenario, result: Result) -> pd.DataFrame:
    """Exchanges inside and between zones, each link in full (`results.zones.zone_flows`)."""
    return result.statistics.zone_flows()


def zone_amounts(scen: Scenario, result: Result) -> pd.DataFrame:
    """Amounts per zone and resource, base unit/yr (`results.zones.zone_amounts`)."""
    return result.statistics.zone_amounts()
