"""The electricity a plan spends putting what it carries into its networks, in one place: a CO2
network's compression into dense phase (0.11 MWh/t, `_sources.co2_compression`), per exchange
(`Statistics.links`' ``injection_electricity_mwh_per_yr``) and for the whole run (summary.json's
``network_injection``, `Statistics.network_injection`).

The rule is the costs' (`candidates.electricity.injection_mwh_per_unit`): what enters a network,
by a connection into it (``to_net``) or by a leg into a hub standing on it (``to_hub`` with a
``network_party``), uses the network's ``injection_electricity_mwh_per_unit`` per unit. Its cost
and CO2 are in the exchange's value and CO2 (hence once in the net benefit, the objective and the
totals); the figures here are those parts of it said apart, not an extra cost. The run's figures
are the sums of the exchanges' (MWh/yr, EUR/yr, tCO2/yr).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from eitflow.candidates.electricity import electricity_terms, injection_mwh_per_unit
from eitflow.catalogue import Catalogue
from eitflow.scenario import Parameters

__all__ = ["injection_electricity", "injection_summary"]


def injection_electricity(cat: Catalogue, kind: np.ndarray, network_party: np.ndarray, resource: np.ndarray,
                          amount: np.ndarray) -> np.ndarray:
    """Per chosen exchange, the electricity its injection into a network uses (MWh/yr).

    Parameters
    ----------
    cat : the catalogue (each resource's network block).
    kind : per exchange: direct, to_net, from_net, to_hub, from_hub.
    network_party : per exchange, the network a hub leg's hub stands on ("" for none).
    resource : per exchange, the supply resource carried.
    amount : per exchange, what it carries (base units/yr, t/yr for CO2).

    Returns
    -------
    array of float
        `injection_mwh_per_unit` x amount (MWh/yr); 0 where nothing enters a network.
    """
    kind = np.asarray(kind).astype(str)
    enters = (kind == "to_net") | ((kind == "to_hub") & (np.asarray(network_party).astype(str) != ""))
    x = np.asarray(amount, float)
    out = np.zeros(len(x))
    res = np.asarray(resource).astype(str)
    for r in np.unique(res[enters]):
        m = enters & (res == r)
        out[m] = injection_mwh_per_unit(cat[r].network if r in cat else None, m[m]) * x[m]
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
