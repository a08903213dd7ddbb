"""Electricity an exchange uses per unit it carries, priced once: at the scenario's
`electricity_price_eur_per_mwh` (EUR/MWh) and charged at its `electricity_co2_t_per_mwh`
(tCO2/MWh). Hydrogen's compression between pressures, a heat pump's drive and a CO2
network's compression of what it injects into dense phase all go through `electricity_terms`,
so no price or CO2 factor of electricity is applied twice or forgotten."""

from __future__ import annotations

import numpy as np

from eitflow.scenario import Parameters

__all__ = ["compression_terms", "electricity_terms"]

Array = np.ndarray


def electricity_terms(params: Parameters, mwh_per_unit: Array | float) -> tuple[Array, Array]:
    """Money and CO2 of electricity used per unit carried.

    Parameters
    ----------
    params : Parameters
        The scenario's parameters: electricity price (EUR/MWh) and its CO2 factor (tCO2/MWh).
    mwh_per_unit : array or float
        Electricity used per base unit carried (MWh/unit, e.g. MWh/t).

    Returns
    -------
    (array, array)
        EUR per unit and tCO2 per unit emitted by that electricity.
    """
    mwh = np.asarray(mwh_per_unit, float)
    return mwh * params.electricity_price_eur_per_mwh, mwh * params.electricity_co2_t_per_mwh


def compression_terms(params: Parameters, mwh_per_unit_ln: float, p_from_bar: Array,
                      p_to_bar: Array) -> tuple[Array, Array]:
    """(EUR per unit, tCO2 per unit) of raising the pressure from `p_from_bar` to
    `p_to_bar` (bar): k ln(p_to / p_from) MWh per unit (0 where no rise or no pressure is
    stated), through `electricity_terms`."""
    with np.errstate(divide="ignore", invalid="ignore"):
        lnr = np.nan_to_num(np.log(np.asarray(p_to_bar, float) / np.asarray(p_from_bar, float)), nan=0.0)
    return electricity_terms(params, mwh_per_unit_ln * np.clip(lnr, 0.0, None))
