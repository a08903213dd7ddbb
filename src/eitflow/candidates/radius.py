"""The radius rule, in one place: which pairs of flows are close enough to be candidates.

A supply i and a demand j, carried by transport mode m, form a candidate pair when their
great-circle distance is at most

    limit(i, j, m) = min(radius_i, radius_j, cap_m)

where a flow's radius is its own `max_distance_km`, else the scenario's per-resource value
(`max_distance_km: {heat: 30}` in scenario.yaml), else the catalogue's default for its
resource; and cap_m is the transport mode's own physical reach (the catalogue's
`max_distance_km` of an alternative mode, e.g. 30 km for a hydrogen pipeline; none for a
resource's main mode). The rule is symmetric (mirror cases give the same answer), and
narrowing any radius can only remove candidates. A hub leg follows the same rule with the
hub's `max_distance_km` (else its resource's) as the hub's radius.

Candidate generation (`generate.py`, `hubs.py`), unmatched.csv and `explain` all use the
functions below, so every message states the limit the generator applied.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from eitflow.catalogue import Transport
from eitflow.i18n import Named, Phrase, Res
from eitflow.scenario import Scenario

__all__ = ["Radii", "describe_limit", "flow_radii", "flow_radius_km", "hub_radius_km", "mode_cap_km", "pair_limit_km",
           "pair_limit_one"]


@dataclass(frozen=True)
class Radii:
    """The radius of every flow, computed once for messages about many flows: `km` (great
    circle), `origin` (where it comes from, in words), `resource` (per flow) and `cap_km`
    (per resource, the largest reach over its transport modes; inf when unlimited)."""

    km: np.ndarray
    origin: np.ndarray
    resource: np.ndarray
    cap_km: dict[str, float]


def flow_radii(scen: Scenario) -> Radii:
    """`Radii` of every flow of `scen` (see `flow_radius_km` for the rule)."""
    own, res, names, km = _radii_km(scen)
    # max_distance_km.<key> is what the user typed (Res: the key in English); the catalogue's
    # radius is prose, the resource by its name ("the catalogue's CO2 radius", Named)
    where = {r: (Phrase("why_radius_scenario", resource=Res(r)) if r in scen.params.max_distance_km
                 else Phrase("why_radius_catalogue", resource=Named(r))) for r in names}
    mine = Phrase("why_radius_own")
    origin = np.empty(len(res), dtype=object)   # filled one by one: np.where would turn a Phrase into a plain str
    origin[:] = [where[r] if np.isnan(o) else mine for r, o in zip(res, own)]
    return Radii(km, origin, res, {r: _resource_cap_km(scen, r) for r in names})


def flow_radius_km(scen: Scenario) -> np.ndarray:
    """Radius of every flow (great-circle km), aligned with `scen.flows`.

    Its own `max_distance_km`, else its resource's radius (`resource_radius_km`).
    """
    return _radii_km(scen)[3]   # the figures alone: the phrases of `flow_radii` are for explanations


def _radii_km(scen: Scenario) -> tuple[np.ndarray, np.ndarray, list[str], np.ndarray]:
    """(each flow's own max_distance_km or NaN, its resource, the resources named once and
    sorted, its radius in km by `flow_radius_km`'s rule)."""
    f = scen.flows
    own = np.asarray(scen.column("flows", "max_distance_km"), float) if "max_distance_km" in f \
        else np.full(len(f), np.nan)
    res = scen.column("flows", "resource")
    names = sorted(set(res))
    default = {r: resource_radius_km(scen, r) for r in names}
    km = np.where(np.isnan(own), np.array([default[r] for r in res], float).reshape(len(f)), own)
    return own, res, names, km


def resource_radius_km(scen: Scenario, resource: str) -> float:
    """The radius of a resource's flows (great-circle km): the scenario's `max_distance_km`
    for it as the parameters say now (merged into the catalogue when read, and a value set
    from Python since), else the catalogue's."""
    own = scen.params.max_distance_km.get(resource)
    return float(own) if own is not None else scen.catalogue[resource].max_distance_km


def hub_radius_km(scen: Scenario, hub: int, resource: str) -> float:
    """Radius of hub `hub` (position in `scen.hubs`) for `resource` (great-circle km): the
    hub's own `max_distance_km`, else the resource's radius."""
    assert scen.hubs is not None
    own = float(scen.hubs["max_distance_km"].to_numpy(float)[hub])
    return resource_radius_km(scen, resource) if np.isnan(own) else own


def mode_cap_km(transport: Transport) -> float:
    """The physical reach of a transport mode (km, great circle); inf for a resource's
    main mode, which has no cap of its own beyond the flows' radii."""
    return float(transport.max_distance_km) if transport.max_distance_km is not None else np.inf


def _resource_cap_km(scen: Scenario, resource: str) -> float:
    """The largest cap over a resource's transport modes (inf when its main mode has none)."""
    res = scen.catalogue[resource]
    return max(mode_cap_km(t) for t in [res.transport, *res.alternatives])


def pair_limit_km(scen: Scenario, supply: np.ndarray, demand: np.ndarray, transport: Transport | None = None,
                  radius: np.ndarray | None = None) -> np.ndarray:
    """The radius rule: the largest great-circle distance at which pairs are candidates.

    Parameters
    ----------
    scen : Scenario
    supply, demand : array of int
        Positions in `scen.flows` of the supplies and demands of the pairs (aligned).
    transport : Transport, optional
        The mode carrying the pairs; with None, the largest limit over the supply
        resource's transport modes (the pair is a candidate by some mode within it).
    radius : array of float, optional
        `flow_radius_km(scen)`, when the caller has it already.

    Returns
    -------
    array of float
        Per pair, min(radius of the supply, radius of the demand, cap of the mode), in km.
    """
    s, d = np.asarray(supply, np.int64), np.asarray(demand, np.int64)
    r = flow_radius_km(scen) if radius is None else radius
    lim = np.minimum(r[s], r[d])
    if transport is not None:
        return np.minimum(lim, mode_cap_km(transport))
    res = scen.flows["resource"].to_numpy()[s]
    caps = {x: _resource_cap_km(scen, x) for x in set(res)}
    return np.minimum(lim, np.array([caps[x] for x in res], float).reshape(len(s)))


def pair_limit_one(radii: Radii, supply: int, demand: int, transport: Transport | None = None) -> float:
    """`pair_limit_km` of one pair, in plain floats (for messages about many single flows)."""
    cap = mode_cap_km(transport) if transport is not None else radii.cap_km[str(radii.resource[supply])]
    return min(float(radii.km[supply]), float(radii.km[demand]), cap)


def describe_limit(scen: Scenario, supply: int, demand: int, transport: Transport | None = None,
                   radii: Radii | None = None) -> Phrase:
    """The limit of one pair in words, naming the term that binds, e.g.
    "limit 10 km: the demand's radius (its max_distance_km); the supply's is 20 km".
    `radii` reuses `flow_radii(scen)`."""
    r = flow_radii(scen) if radii is None else radii
    lim = pair_limit_one(r, supply, demand, transport)
    rs, rd = float(r.km[supply]), float(r.km[demand])
    return _limit_phrase(float(lim), rs, rd, r.origin[supply] if rs <= rd else r.origin[demand])


@lru_cache(maxsize=4096)
def _limit_phrase(lim: float, rs: float, rd: float, origin: Phrase) -> Phrase:
    """`describe_limit`'s words, once per distinct limit: most pairs of a territory share a
    few (unmatched.csv asks for 34,000 flows nationally)."""
    if lim < min(rs, rd):
        why = Phrase("why_limit_mode", supply=rs, demand=rd)
    elif rs <= rd:
        why = Phrase("why_limit_supply", origin=origin, demand=rd)
    else:
        why = Phrase("why_limit_demand", origin=origin, supply=rs)
    return Phrase("why_limit", limit=lim, why=why)
