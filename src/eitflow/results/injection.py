"""The electricity a plan spends putting what it carries into its networks, in one place: a CO2
network's compression into dense phase (0.11 MWh/t, `_sources.co2_compression`) and a hydrogen
network's compression of a supply up to the network's pressure (0.67 MWh/t per unit of
ln(p_network / p_supply)), per exchange (`Statistics.links`' ``injection_electricity_mwh_per_yr``)
and for the whole run (summary.json's ``network_injection``, `Statistics.network_injection`).

The rules are the costs' (`candidates.electricity`: `injection_mwh_per_unit` and
`compression_mwh_per_unit`): what enters a network, by a connection into it (``to_net``) or by a
leg into a hub standing on it (``to_hub`` with a ``network_party``; the hub is at the network's
pressure, `candidates.hubs.hubs_on_networks`), uses that electricity per unit. CO2 trucked into
such a hub and straight out again by a leg out of it never enters the pipes and pays no
compression into dense phase (`model.netpass`: the model's refund; here `passed`, what each leg in
hands to the hub's legs out, `hub_passed`). Its cost and CO2 are in the exchange's value and CO2
(hence once in the net benefit, the objective and the totals); the figures here are those parts
of it said apart, not an extra cost. The run's figures are the sums of the exchanges' (MWh/yr,
EUR/yr, tCO2/yr).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from eitflow.candidates.electricity import compression_mwh_per_unit, electricity_terms, injection_mwh_per_unit
from eitflow.candidates.nettables import Network
from eitflow.model.netpass import hub_passed
from eitflow.scenario import Parameters, Scenario

__all__ = ["hub_passed", "injection_electricity", "injection_summary", "with_pass_refund"]


def with_pass_refund(scen: Scenario, links: pd.DataFrame, amount: np.ndarray, passed: np.ndarray) -> pd.DataFrame:
    """`links` (candidate rows carrying `amount`, base units/yr) with each leg's
    ``value_eur_per_unit`` and ``co2_t_per_unit`` refunded the compression of what it `passed`
    (`hub_passed`): the model's refund (`model.netpass.pass_refund`) per unit carried, so that
    value x amount sums to the objective's."""
    if not len(links) or not np.any(passed > 0):
        return links
    from eitflow.model.netpass import pass_refund

    res = links["supply_resource"].to_numpy().astype(str)
    terms = np.array([pass_refund(scen, r) if p > 0 else (0.0, 0.0) for r, p in zip(res, passed)], float)
    x = np.asarray(amount, float)
    per = np.where(x > 0, passed / np.where(x > 0, x, 1.0), 0.0)
    eur, co2 = terms[:, 0] * per, terms[:, 1] * per
    return links.assign(value_eur_per_unit=links["value_eur_per_unit"].to_numpy(float) + eur
                        + scen.params.carbon_price_eur_per_t * co2,
                        co2_t_per_unit=links["co2_t_per_unit"].to_numpy(float) + co2)


def injection_electricity(scen: Scenario, network: Network | None, kind: np.ndarray, network_party: np.ndarray,
                          resource: np.ndarray, supply: np.ndarray, amount: np.ndarray,
                          passed: np.ndarray | None = None) -> np.ndarray:
    """Per chosen exchange, the electricity its injection into a network uses (MWh/yr).

    Parameters
    ----------
    scen : Scenario
        Its catalogue (each resource's network block and compression) and flows' pressures (bar).
    network : Network or None
        The candidates' networks (`Network.pressure_bar`: a hydrogen network's pressure, bar).
    kind : array of str
        Per exchange: direct, to_net, from_net, to_hub, from_hub.
    network_party : array of str
        Per exchange, the network a hub leg's hub stands on ("" for none).
    resource : array of str
        Per exchange, the supply resource carried.
    supply : array of int
        Per exchange, its supply's position in `scen.flows` (-1 for none).
    amount : array of float
        Per exchange, what it carries (base units/yr, t/yr for CO2 and hydrogen).
    passed : array of float, optional
        Per exchange, what of `amount` a leg into a hub on a CO2 network hands straight to the
        hub's legs out (base units/yr, `hub_passed`): it pays no compression into dense phase.

    Returns
    -------
    array of float
        (`injection_mwh_per_unit` x (amount - passed) + `compression_mwh_per_unit`(supply's
        pressure, network's) x amount) MWh/yr; 0 where nothing enters a network.
    """
    kind = np.asarray(kind).astype(str)
    enters = (kind == "to_net") | ((kind == "to_hub") & (np.asarray(network_party).astype(str) != ""))
    x = np.asarray(amount, float)
    kept = x - (0.0 if passed is None else np.asarray(passed, float))
    out = np.zeros(len(x))
    res = np.asarray(resource).astype(str)
    sup = np.asarray(supply, np.int64)
    pres = scen.flows["pressure_bar"].to_numpy(float) if "pressure_bar" in scen.flows else np.full(len(scen.flows), np.nan)
    for r in np.unique(res[enters]):
        m = enters & (res == r)
        rc = scen.catalogue[r] if r in scen.catalogue else None
        out[m] = injection_mwh_per_unit(None if rc is None else rc.network, m[m]) * kept[m]
        bar = None if network is None else network.pressure_bar.get(r)
        if rc is not None and bar is not None and rc.compression_mwh_per_unit_ln > 0:
            p_from = np.where(sup[m] >= 0, pres[np.maximum(sup[m], 0)], np.nan)
            out[m] += compression_mwh_per_unit(rc.compression_mwh_per_unit_ln, p_from, float(bar)) * x[m]
    return out + 0.0


def injection_summary(links: pd.DataFrame, params: Parameters) -> dict:
    """summary.json's ``network_injection``: over `Statistics.links`, the exchanges whose injection
    uses electricity (``exchanges``), that electricity (``electricity_mwh_per_yr``, MWh/yr), its
    cost at the scenario's price (``electricity_eur_per_yr``, EUR/yr) and CO2 at its factor
    (``electricity_co2_t_per_yr``, tCO2/yr), each the sum of the exchanges'. All 0 without any."""
    col = "injection_electricity_mwh_per_yr"
    mwh = links[col].to_numpy(float) if col in links and len(links) else np.zeros(0)
    on = mwh > 0
    total = float(mwh[on].sum())
    eur, co2 = electricity_terms(params, total)
    return {"exchanges": int(on.sum()), "electricity_mwh_per_yr": total, "electricity_eur_per_yr": float(eur),
            "electricity_co2_t_per_yr": float(co2)}
