"""The plain, typed data model that every stage after reading works on.

All amounts are in each resource's base unit per year (see the catalogue); distances in
km, temperatures in degC, money in EUR.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from eitflow.catalogue import Catalogue


class SolverOptions(BaseModel):
    """`solver:` block of scenario.yaml."""

    model_config = ConfigDict(extra="forbid")
    name: Literal["highs", "cbc"] = "highs"
    time_limit_s: float = Field(60.0, gt=0)
    mip_gap: float = Field(1e-3, ge=0, le=1)
    threads: int = Field(1, ge=1, description="threads per solve (HiGHS)")
    workers: int = Field(1, ge=1, description="parallel processes over independent components")
    isolate: Literal["auto", "always", "never"] = Field(
        "auto", description="run solves in a child process under a wall-clock watchdog (auto: large components)")


class HeatPumpOptions(BaseModel):
    """`heat_pump:` block of scenario.yaml: links through a heat pump when a source is too cold.

    Defaults are assumptions: 50 % of the Carnot COP is typical of industrial heat pumps
    (IEA HPT Annex 58 reports 40-60 %); 700 EUR/kW_th installed and 6,000 full-load hours
    per year are orders of magnitude for large industrial units; lifts above 70 K are rare.
    """

    model_config = ConfigDict(extra="forbid")
    enabled: bool = True
    carnot_share: float = Field(0.5, gt=0, le=1)
    max_lift_k: float = Field(70.0, gt=0)
    investment_eur_per_kw: float = Field(700.0, ge=0)
    full_load_hours: float = Field(6000.0, gt=0, le=8760)


class Parameters(BaseModel):
    """Everything in scenario.yaml except the table paths."""

    model_config = ConfigDict(extra="forbid")
    name: str
    description: str = ""
    lang: Literal["en", "fr"] | None = Field(None, description="language of the report and messages (--lang wins)")
    objective: Literal["net_benefit", "co2"] = "net_benefit"
    carbon_price_eur_per_t: float = Field(0.0, ge=0)
    discount_rate: float = Field(0.05, ge=0, lt=1)
    lifetime_years: float = Field(20.0, gt=0)
    electricity_price_eur_per_mwh: float = Field(
        80.0, ge=0, description="assumption: French industrial electricity, order of magnitude 2024-25")
    electricity_co2_t_per_mwh: float = Field(
        0.052, ge=0, description="ADEME Base Empreinte, French grid average (~52 gCO2e/kWh)")
    heat_pump: HeatPumpOptions = Field(default_factory=HeatPumpOptions)
    heat_level_step_k: float = Field(
        0.0, ge=0, le=50, description="heat cascading: round temperature levels to this step (K), supplies down "
                                      "and demands up (0 = exact levels)")
    heat_level_max_columns: int = Field(
        100_000, ge=0, description="heat cascading: a component whose exact levels need more interval columns "
                                   "than this has its levels rounded (0.5, 1, 2, 5, 10, 20 K) until it fits, "
                                   "and the summary says so; 0 = never round")
    max_distance_km: dict[str, float] = Field(default_factory=dict,
                                              description="per-resource override of the catalogue radius (km)")
    solver: SolverOptions = Field(default_factory=SolverOptions)


SITE_COLUMNS = ["site_id", "name", "lat", "lon", "sector", "zone"]
FLOW_COLUMNS = ["flow_id", "site_id", "direction", "resource", "amount", "unit", "temperature_c",
                "price_eur_per_unit", "min_amount", "max_distance_km", "required", "co2_factor_t_per_unit",
                "monthly_profile", "single_source", "purity", "pressure_bar", "return_temperature_c",
                "electrolyser_kwh_per_kg", "electricity_price_eur_per_mwh", "electricity_co2_t_per_mwh",
                "investment_eur", "fixed_cost_eur_per_yr"]
LINK_COLUMNS = ["source_site", "sink_site", "supply_resource", "demand_resource", "distance_km", "capacity",
                "var_cost_eur_per_unit", "fixed_cost_eur_per_yr", "investment_eur", "supply_flow_id",
                "demand_flow_id"]

HUB_COLUMNS = ["hub_id", "name", "lat", "lon", "resources", "capacity", "investment_eur",
               "fixed_cost_eur_per_yr", "var_cost_eur_per_unit", "max_distance_km", "temperature_c",
               "purity", "pressure_bar", "zone"]


@dataclass
class Scenario:
    """A validated scenario in base units.

    sites: site_id, name, lat, lon (deg WGS84), sector, zone.
    flows: flow_id, site_id, direction, resource, amount (base unit/yr), unit (base unit),
        amount_input, unit_input (as given), temperature_c (degC or NaN),
        price_eur_per_unit (EUR per base unit), min_amount (base unit/yr, 0 = none),
        max_distance_km (NaN = catalogue), required (demand must be fully met),
        co2_factor_t_per_unit (NaN = catalogue), return_temperature_c (degC, NaN = all the heat
        at temperature_c), electrolyser_kwh_per_kg (MWh/t, NaN = not an electrolyser),
        electricity_price_eur_per_mwh / electricity_co2_t_per_mwh (electrolyser overrides, NaN =
        scenario's), investment_eur / fixed_cost_eur_per_yr (EUR, EUR/yr: a supply that must be
        built to be used, 0 = none), row (spreadsheet row in the source file).
    links: optional user candidates (LINK_COLUMNS; NaN where not given).
    """

    sites: pd.DataFrame
    flows: pd.DataFrame
    catalogue: Catalogue
    params: Parameters
    links: pd.DataFrame | None = None
    profiles: np.ndarray | None = None  # (flows x 12) monthly shares, None = annual model
    hubs: pd.DataFrame | None = None    # candidate hubs (hubs.HUB_COLUMNS; resources as lists)
    source: Path | None = None
    files: dict[str, Path] = field(default_factory=dict)
