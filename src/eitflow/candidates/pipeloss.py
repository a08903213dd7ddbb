"""A hot-water pipe pair's heat loss, one physical model for a point-to-point link and a
network corridor.

A buried pipe pair loses heat through its insulation at a rate set by its size and its
temperatures, whatever it carries: W per metre of trench (the catalogue's sizes,
`data/resources.yaml`, `_sources.heat_network`, within about 10 % of Brugg's PREMANT
insulation class 2 table, see `_sources.heat_link_losses`). A corridor of a shared network
loses that many MWh/yr while it exists (`costs.corridor_size_costs`); a link, which has no
pipe size of its own in the model, loses the same W/m of the size its flow needs: the
smallest size whose rated capacity x the network's load factor carries the link's most
over the year, the network's capacity rule. A link's loss is kept as a share of what it
carries per route km (the model's yield), worked out at that flow: a link used below it
loses less in the model than its pipe would (stated in the catalogue's source).
"""

from __future__ import annotations

import numpy as np

from eitflow.catalogue import NetworkSpec, PipeRating
from eitflow.scenario import Scenario
from eitflow.units import conversion_factor

Array = np.ndarray

HOURS_PER_YEAR = 8760.0


def pair_loss_mwh_per_yr(w_per_m: Array | float, length_km: Array | float, rating_loss: float = 1.0) -> Array:
    """Heat lost over the year by a pipe pair (MWh/yr).

    Parameters
    ----------
    w_per_m : array of float
        The pair's loss at the table's temperatures (W per metre of trench).
    length_km : array of float
        Trench or route length (km).
    rating_loss : float
        The loss at the pipe's own temperatures as a multiple of the table's
        (`NetworkSpec.rating`; 1 at the table's 90/60 degC).

    Returns
    -------
    array of float
        W/m x rating x 1,000 m/km x km x 8,760 h / 1e6 (MWh/yr): a DN150 pair of 41.5 W/m
        loses 363.54 MWh/yr per km.
    """
    return np.asarray(w_per_m, float) * rating_loss * 1000.0 * np.asarray(length_km, float) * HOURS_PER_YEAR / 1e6


def link_sizes(spec: NetworkSpec, base_unit: str, flow_per_yr: Array,
               rating: PipeRating = PipeRating(1.0, 1.0)) -> Array:
    """Per link, the position in `spec.sizes` of the smallest size carrying `flow_per_yr`
    (base units/yr) at the network's load factor (rated capacity x load factor x 8,760 h, the
    capacity rule of a network's corridor over the year), the largest where none does."""
    cap = np.array([s.capacity for s in spec.sizes], float) * conversion_factor(spec.capacity_unit, base_unit)
    carries = cap * rating.capacity * spec.load_factor
    flow = np.asarray(flow_per_yr, float)
    fits = carries[None, :] >= flow[:, None] * (1 - 1e-9)
    masked = np.where(fits, carries[None, :], np.inf)
    return np.where(fits.any(axis=1), np.argmin(masked, axis=1), int(np.argmax(carries)))


def link_loss_share_per_km(spec: NetworkSpec, base_unit: str, flow_per_yr: Array, peak_per_yr: Array | None = None,
                           in_service: Array | float = 1.0,
                           rating: PipeRating = PipeRating(1.0, 1.0)) -> Array:
    """Share of what a link carries lost per route km (1/km), from the W/m of the pipe size
    its flow needs (`link_sizes`): what the pair loses in the part of the year it is in
    service over what it carries in the year.

    Parameters
    ----------
    spec : NetworkSpec
        The resource's network block of the catalogue (its sizes' W/m and load factor).
    base_unit : str
        The resource's base unit (MWh/yr).
    flow_per_yr : array of float
        Per link, the most it carries over the year (MWh/yr); a link that can carry nothing
        loses nothing (the timing or minimum-amount rule drops it, with its own reason).
    peak_per_yr : array of float, optional
        Per link, its busiest month's flow x 12 (MWh/yr), which the size must carry (with
        monthly profiles, as a corridor); None: `flow_per_yr`.
    in_service : array of float
        Per link, the share of the year heat can flow in it (months with something at both
        ends over 12): an idle pipe is cold and loses nothing, as a corridor's
        (`candidates.netreach.idle_option_periods`).
    rating : PipeRating
        The sizes' capacity and loss at the pipe's temperatures (the table's by default).

    Returns
    -------
    array of float
        pair_loss_mwh_per_yr(W/m, 1 km) / flow (1/km): 20,000 MWh/yr needs a DN150 at load
        factor 0.5 (DN125 carries 3.41 MW x 0.5 x 8,760 h = 14,936 MWh/yr, DN150 24,616), which
        loses 363.54 MWh/yr per km: 1.82 %/km.
    """
    flow = np.asarray(flow_per_yr, float)
    peak = flow if peak_per_yr is None else np.maximum(np.asarray(peak_per_yr, float), flow)
    w = np.array([s.loss_w_per_m for s in spec.sizes], float)[link_sizes(spec, base_unit, peak, rating)]
    per_km = pair_loss_mwh_per_yr(w, 1.0, rating.loss) * np.asarray(in_service, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(flow > 0, per_km / np.where(flow > 0, flow, 1.0), 0.0)


def sizes_lose_heat(spec: NetworkSpec | None, base_unit: str) -> bool:
    """Whether a resource's links lose heat as its network's pipes: an energy carried (MWh/yr)
    whose sizes state a W/m loss."""
    return spec is not None and base_unit == "MWh/yr" and any(s.loss_w_per_m > 0 for s in spec.sizes)


def link_loss_shares(scen: Scenario, resource: str, s: Array, d: Array, base_yield: Array | float,
                     cop: Array | None = None, s_share: Array | None = None, d_share: Array | None = None,
                     capacity: Array | None = None) -> Array:
    """Per direct link s -> d of `resource`, the share of what it carries lost per route km
    (1/km): with the resource's `link_loss: pipe_size` and network sizes that lose W/m,
    `link_loss_share_per_km` at the most the link can carry; else its `loss_share_per_km`
    (hot water 0.2 %/km, steam 1 %/km: `_sources.heat_link_losses`, `_sources.steam_losses`).

    Parameters
    ----------
    scen : Scenario
    resource : str
        The supply resource carried.
    s, d : array of int
        Positions in `scen.flows` of each link's supply and demand.
    base_yield : array of float
        Demand units per supply unit before losses (the feeds yield).
    cop : array of float, optional
        Heat-pump COP per link (NaN where none): the pipe carries the heat the pump's
        evaporator takes, (COP - 1) / COP of what the demand gets.
    s_share, d_share : array of float, optional
        Shares of the supply and of the demand the link can reach (heat cascading).
    capacity : array of float, optional
        links.csv's capacity (supply units/yr; inf or NaN = none).

    Returns
    -------
    array of float
        Share lost per route km (1/km).
    """
    rc = scen.catalogue[resource]
    n = len(s)
    if rc.link_loss != "pipe_size" or not sizes_lose_heat(rc.network, rc.base_unit):
        return np.full(n, rc.loss_share_per_km)
    amount = np.asarray(scen.column("flows", "amount"), float)
    ss = np.ones(n) if s_share is None else np.asarray(s_share, float)
    ds = np.ones(n) if d_share is None else np.asarray(d_share, float)
    # the heat the pipe carries per unit the demand gets: a pump at the demand adds its electricity
    c = np.full(n, np.nan) if cop is None else np.asarray(cop, float)
    piped = np.where(np.isfinite(c), (c - 1.0) / np.where(np.isfinite(c), c, 1.0), 1.0)
    by = np.maximum(np.broadcast_to(np.asarray(base_yield, float), (n,)), 1e-12)
    cap = np.full(n, np.inf) if capacity is None else np.nan_to_num(np.asarray(capacity, float), nan=np.inf)
    return _carried_shares(scen, resource, [(amount[s] * ss, s), (amount[d] * ds * piped / by, d)], cap)


def leg_loss_shares(scen: Scenario, resource: str, kind: str, flow_pos: Array, base_yield: Array | float,
                    capacity: Array) -> Array:
    """Per hub leg of `resource` between flow `flow_pos` and a hub, the share of what it carries
    lost per route km (1/km), by the rule of a direct link (`link_loss_shares`): the resource's
    `loss_share_per_km`, or with `link_loss: pipe_size` the W/m of the size carrying the most the
    leg can carry (its flow's amount, in hub units, within `capacity`). A hub's pipes lost
    nothing before, so a heat hub beat a direct link partly by having lossless pipes.

    Parameters
    ----------
    scen : Scenario
    resource : str
        The hub resource the leg carries.
    kind : str
        "to_hub" (a supply's leg into the hub) or "from_hub" (the hub's leg to a demand).
    flow_pos : array of int
        Position in `scen.flows` of each leg's flow.
    base_yield : array of float
        Demand units per hub unit before losses (the feeds yield; 1 into the hub).
    capacity : array of float
        The most the leg may carry (hub units/yr: links.csv's capacity and the hub's; inf = none).

    Returns
    -------
    array of float
        Share lost per route km (1/km).
    """
    rc = scen.catalogue[resource]
    pos = np.asarray(flow_pos, np.int64)
    if rc.link_loss != "pipe_size" or not sizes_lose_heat(rc.network, rc.base_unit):
        return np.full(len(pos), rc.loss_share_per_km)
    amount = np.asarray(scen.column("flows", "amount"), float)[pos]
    by = 1.0 if kind == "to_hub" else np.maximum(np.broadcast_to(np.asarray(base_yield, float), (len(pos),)), 1e-12)
    cap = np.nan_to_num(np.asarray(capacity, float), nan=np.inf)
    return _carried_shares(scen, resource, [(amount / by, pos)], cap)


def _carried_shares(scen: Scenario, resource: str, ends: list[tuple[Array, Array]], cap: Array) -> Array:
    """`link_loss_share_per_km` of a pipe carrying the least its `ends` allow (each: the most
    that end takes or gives over the year, supply units/yr, and its flow's position for the
    months of `scen.profiles`), within `cap` (supply units/yr; inf = none)."""
    rc = scen.catalogue[resource]
    assert rc.network is not None
    if scen.profiles is None:
        most = cap
        for amt, _ in ends:
            most = np.minimum(most, amt)
        return link_loss_share_per_km(rc.network, rc.base_unit, most)
    per = scen.profiles
    month = (cap / 12.0)[:, None]
    for amt, pos in ends:
        month = np.minimum(month, amt[:, None] * per[pos])
    live = (month > 1e-9 * np.maximum(1.0, ends[0][0])[:, None]).sum(axis=1) / 12.0
    return link_loss_share_per_km(rc.network, rc.base_unit, month.sum(axis=1), month.max(axis=1) * 12.0, live)
