"""Electricity an exchange uses per unit it carries, priced once: at the scenario's
`electricity_price_eur_per_mwh` (EUR/MWh) and charged at its `electricity_co2_t_per_mwh`
(tCO2/MWh). Hydrogen's compression between pressures, a heat pump's drive and a CO2
network's compression of what it injects into dense phase all go through `electricity_terms`,
so no price or CO2 factor of electricity is applied twice or forgotten. What enters a network,
by a connection or by a leg into a hub standing on it, pays its injection electricity by one
rule, `injection_mwh_per_unit`, which the costs and the run's figures both read."""

from __future__ import annotations

import numpy as np

from eitflow.catalogue import NetworkSpec
from eitflow.scenario import Parameters

__all__ = ["compression_mwh_per_unit", "compression_terms", "electricity_terms", "injection_mwh_per_unit"]

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


def compression_mwh_per_unit(mwh_per_unit_ln: float, p_from_bar: Array | float, p_to_bar: Array | float) -> Array:
    """Electricity to raise one base unit's pressure from `p_from_bar` to `p_to_bar` (bar).

    Parameters
    ----------
    mwh_per_unit_ln : float
        The catalogue's `compression_mwh_per_unit_ln` k (MWh/unit per unit of ln(p_to / p_from);
        hydrogen 0.67 MWh/t).
    p_from_bar, p_to_bar : array of float
        Absolute pressures (bar); NaN: none stated.

    Returns
    -------
    array of float
        k max(0, ln(p_to / p_from)) MWh/unit, 0 where no rise or no pressure is stated: the one
        rule of the costs (`compression_terms`) and of the run's figures (`results.injection`).
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        lnr = np.nan_to_num(np.log(np.asarray(p_to_bar, float) / np.asarray(p_from_bar, float)), nan=0.0)
    return mwh_per_unit_ln * np.clip(lnr, 0.0, None)


def compression_terms(params: Parameters, mwh_per_unit_ln: float, p_from_bar: Array,
                      p_to_bar: Array) -> tuple[Array, Array]:
    """(EUR per unit, tCO2 per unit) of raising the pressure from `p_from_bar` to
    `p_to_bar` (bar): `compression_mwh_per_unit` through `electricity_terms`."""
    return electricity_terms(params, compression_mwh_per_unit(mwh_per_unit_ln, p_from_bar, p_to_bar))


def injection_mwh_per_unit(spec: NetworkSpec | None, enters: Array | bool) -> Array:
    """Electricity to put one base unit into a network (MWh/unit): the network's
    `injection_electricity_mwh_per_unit` (a CO2 network's compression into dense phase, 0.11
    MWh/t; 0 for the others) where `enters`, else 0.

    Parameters
    ----------
    spec : NetworkSpec or None
        The resource's network block of the catalogue (None: no network, no charge).
    enters : array of bool
        Per exchange, whether what it carries enters the network: a connection into it
        (``to_net``), or a leg into a hub standing on it (``to_hub``, the hub's node is the
        network's). A hub on a CO2 network took CO2 in for nothing while a direct injection paid.

    Returns
    -------
    array of float
        MWh per unit carried; `electricity_terms` prices it.
    """
    mwh = 0.0 if spec is None else float(spec.injection_electricity_mwh_per_unit)
    return np.where(np.asarray(enters, bool), mwh, 0.0)
