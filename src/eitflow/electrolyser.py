"""Electrolysers: the cost and CO2 of making hydrogen from electricity.

A hydrogen supply with `electrolyser_kwh_per_kg` (system consumption, kWh of electricity
per kg of H2, = MWh per t) is an electrolyser. Each tonne it delivers costs
`kwh_per_kg x electricity price` (EUR/MWh: the flow's `electricity_price_eur_per_mwh`,
else the scenario's) and emits `kwh_per_kg x electricity CO2 factor` (tCO2/MWh: the
flow's `electricity_co2_t_per_mwh`, else the scenario's). Both are charged on every link
or hub leg leaving the supply, on top of its `price_eur_per_unit` (for an electrolyser:
minus its other variable costs, water and stack wear, in EUR/t). Its `amount` (t/yr) is
what the power source allows over the year and its `monthly_profile` the solar or wind
shape, so hydrogen is only made when it is sold.
"""
from __future__ import annotations

import numpy as np

from .scenario import Scenario

#: kWh/kg below this is not an electrolyser: the HHV of hydrogen is 39.4 kWh/kg
MIN_KWH_PER_KG = 39.4


def electricity_mwh_per_unit(scen: Scenario) -> np.ndarray:
    """Per flow: electricity used to make one base unit (MWh/t for hydrogen); 0 elsewhere."""
    f = scen.flows
    if "electrolyser_kwh_per_kg" not in f:
        return np.zeros(len(f))
    return np.nan_to_num(f["electrolyser_kwh_per_kg"].to_numpy(float), nan=0.0)


def production_terms(scen: Scenario) -> tuple[np.ndarray, np.ndarray]:
    """Per flow: (production cost EUR per base unit, production CO2 tCO2 per base unit);
    zero for flows that are not electrolysers."""
    f = scen.flows
    p = scen.params
    mwh = electricity_mwh_per_unit(scen)
    price = f["electricity_price_eur_per_mwh"].to_numpy(float) if "electricity_price_eur_per_mwh" in f \
        else np.full(len(f), np.nan)
    co2 = f["electricity_co2_t_per_mwh"].to_numpy(float) if "electricity_co2_t_per_mwh" in f \
        else np.full(len(f), np.nan)
    price = np.where(np.isnan(price), p.electricity_price_eur_per_mwh, price)
    co2 = np.where(np.isnan(co2), p.electricity_co2_t_per_mwh, co2)
    return mwh * price, mwh * co2
