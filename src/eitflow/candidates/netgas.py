"""The gas of a shared network of a resource with a purity rule (hydrogen): one pipe carries
one mixture at one pressure, so the network has one purity and one operating pressure, and
the purity rule that holds between two sites holds at its connections (`candidates.network`)
and at a hub standing on it (`candidates.hubs.network_purity_ok`, `hubs_on_networks`)."""

from __future__ import annotations

import numpy as np

from eitflow.scenario import NetworkOptions, Scenario

__all__ = ["network_gas"]


def network_gas(scen: Scenario, r: str, opts: NetworkOptions, sup: np.ndarray, dem: np.ndarray,
                on_net: np.ndarray | None = None) -> tuple[float | None, float | None, np.ndarray, np.ndarray]:
    """Purity rule of a network of `r` (hydrogen; any resource whose quality is purity):
    (purity in mol/mol, operating pressure in bar, the supplies and demands kept). One pipe
    carries one mixture: the stated `networks.r.purity`, else the lowest purity its supplies
    state; a supply less pure than it cannot inject, a demand needing more cannot withdraw
    (a flow stating none passes, as between two sites). Pressure: the stated
    `networks.r.pressure_bar`, else the highest its supplies state (compression to and from
    it is costed at the connections, `costs.network_leg_coefficients`). `on_net`: which of
    `sup` stand at a node of the network (the defaults are theirs; default all)."""
    if scen.catalogue[r].quality != "purity":
        return None, None, sup, dem
    f = scen.flows
    pur, pres = f["purity"].to_numpy(float), f["pressure_bar"].to_numpy(float)   # validated: always there
    mine = sup if on_net is None else sup[on_net]      # a supply off the network sets nothing
    stated = pur[mine][np.isfinite(pur[mine])]
    p_net = opts.purity if opts.purity is not None else (float(stated.min()) if len(stated) else None)
    if p_net is not None:
        sup = sup[~(pur[sup] < p_net)]
        dem = dem[~(pur[dem] > p_net)]
    mine = sup if on_net is None else sup[np.isin(sup, mine)]
    ps = pres[mine][np.isfinite(pres[mine])]
    bar = opts.pressure_bar if opts.pressure_bar is not None else (float(ps.max()) if len(ps) else None)
    return p_net, bar, sup, dem
