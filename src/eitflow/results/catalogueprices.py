"""A shared network at the catalogue's prices: a corridor sized linearly (a fitted fixed +
variable cost, `candidates.costs.linear_pipe_cost`) carries a capacity no catalogue pipe has,
so each is also priced at the smallest catalogue size that carries it (corridors.csv's
`catalogue_*` columns), and the network's total at those prices is said beside the estimate
(the terminal, the report, the brief)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from eitflow.candidates.network import LINEAR_SIZINGS, carrying_size
from eitflow.scenario import Scenario


def catalogue_size(scen: Scenario, resource: str, length_km: np.ndarray,
                   capacity: np.ndarray, pressure_bar: float | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per corridor of `length_km` (km) carrying `capacity` (rated, base units/yr) of
    `resource`: the smallest catalogue pipe size whose rated capacity carries it (the largest
    where none does), its annual cost (EUR/yr) and investment (EUR), priced as a discrete size
    is (`costs.corridor_size_costs`), at the network's operating `pressure_bar` (bar, a gas's:
    `Network.pressure_bar`, which the model's sizes were rated at)."""
    from eitflow.candidates.costs import corridor_size_costs
    from eitflow.scenario import NetworkOptions
    from eitflow.units import conversion_factor

    r = scen.catalogue[resource]
    spec = r.network
    assert spec is not None
    opts = scen.params.networks.get(resource, NetworkOptions())
    cc = corridor_size_costs(scen.params, spec, np.asarray(length_km, float), conversion_factor(spec.capacity_unit, r.base_unit),
                             spec.rating(opts.temperature_c, opts.return_temperature_c, pressure_bar),
                             r.base_unit == "MWh/yr")
    j = carrying_size(cc.capacity, capacity)
    n = np.arange(len(j))
    names = np.array([s.name for s in spec.sizes], object)
    return names[j], cc.fixed_eur_per_yr[n, j], cc.investment_eur[n, j]


def linear_costs(networks: dict, corridors: pd.DataFrame | None) -> list[tuple[str, float, float, float, str]]:
    """Per linearly sized network whose catalogue price differs from its estimate: (resource,
    annual cost at the catalogue's prices EUR/yr, annual cost as estimated EUR/yr, investment
    at the catalogue's prices EUR, the sizing), pumping in both annual costs; each corridor rounded up to
    the catalogue size that carries it (corridors.csv's catalogue_* columns), which the terminal,
    the report and the brief say (a "DN200" shown for 38 % less than it costs, on département 54).

    Parameters
    ----------
    networks : dict
        summary.json's ``networks.by_resource``.
    corridors : pandas.DataFrame or None
        The corridors built (`Statistics.corridors`, corridors.csv).
    """
    c = corridors
    out: list[tuple[str, float, float, float, str]] = []
    if c is None or "catalogue_annual_cost_eur_per_yr" not in c.columns or "sizing" not in c.columns:
        return out
    for r, nw in sorted(networks.items()):
        mine = c[(c["resource"] == r) & c["sizing"].isin(LINEAR_SIZINGS)]
        if nw.get("sizing") not in LINEAR_SIZINGS or not len(mine):
            continue
        cost = float(mine["catalogue_annual_cost_eur_per_yr"].sum())
        est = float(mine["annual_cost_eur_per_yr"].sum())
        if est <= 0 or abs(cost - est) < 0.5:
            continue
        out.append((r, cost, est, float(mine["catalogue_investment_eur"].sum()), str(nw["sizing"])))
    return out


def size_class(scen: Scenario, resource: np.ndarray, sizing: np.ndarray, rated: np.ndarray) -> np.ndarray:
    """Per corridor sized with `sizing: classes` (where `sizing` says so; "" elsewhere), the
    catalogue sizes of the line it was priced on, 'DN65-DN150' (`costs.linear_pipe_costs`' class
    `sizes`): corridors.csv said 'linear' for it. The class is the one whose largest size is
    nearest (in ratio) to its option's capacity `rated` (the sizes' capacity unit), the line's
    k_max as the network's rating scales it."""
    from eitflow.candidates.costs import SIZE_CLASSES, linear_pipe_costs

    out = np.full(len(resource), "", object)
    for r in np.unique(resource[sizing == "classes"]):
        i = np.flatnonzero((resource == r) & (sizing == "classes"))
        spec = scen.catalogue[str(r)].network
        assert spec is not None
        lines = linear_pipe_costs(spec, SIZE_CLASSES)
        kmax = np.array([lp.k_max for lp in lines], float)
        j = np.abs(np.log(np.maximum(rated[i], 1e-300)[:, None] / kmax[None, :])).argmin(axis=1)
        out[i] = np.array([lines[x].sizes for x in j], object)
    return out
