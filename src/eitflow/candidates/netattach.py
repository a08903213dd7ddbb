"""Which flows can connect to a shared network at their own site, by temperature (heat and
steam): supplies inject directly where at least as hot as the network (a supply spanning a
range gives the heat of its range above the network's return temperature), or through a heat
pump at injection (a ranged supply's heat below that return too, its pump evaporating at the
temperature the heat leaves it at); demands withdraw where the network is hot enough for them
plus the approach.
Purity and pressure (hydrogen) are `candidates.netgas`'s."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from eitflow.candidates.heatpump import heat_pump_test
from eitflow.catalogue import feeds_of
from eitflow.scenario import NetworkOptions, Scenario


def heat_floor_c(opts: NetworkOptions) -> float | None:
    """The temperature (degC) down to which a supply spanning a range can give heat to the
    network `opts` describes: its return temperature where stated, else its supply
    temperature (None: not a heat or steam network)."""
    return opts.return_temperature_c if opts.return_temperature_c is not None else opts.temperature_c


class InjectionPump(NamedTuple):
    """Heat pumps at injection for supplies at given temperatures (`injection_pump`)."""

    cop: np.ndarray    # per supply, the COP where a pump can lift it, else NaN
    why: str           # the first test failed (a message key), "" where none is
    lift: np.ndarray   # per supply, K between evaporation and condensation
    raw_cop: np.ndarray   # per supply, the COP the cost module gives, allowed or not (NaN: not tried)


def injection_pump(scen: Scenario, r: str, opts: NetworkOptions | None, ts: np.ndarray,
                   t_net: float) -> InjectionPump:
    """A heat pump at injection lifting supplies at `ts` degC into the network of `r` at
    `t_net` degC, and the first test that fails for some of them, as a message key: heat pumps
    at injection off (`net_hp_off_injection`), heat pumps off (`net_hp_off`), none in the
    catalogue for the resource (`net_hp_none`; hot water has them, steam not: a 150 degC steam
    supply into a 180 degC header), the lift above the maximum (`net_hp_lift`), a COP not above
    1 (`net_hp_cop`). `attachable` keeps the pumps it allows; `candidates.netwhy` says why not."""
    hp, dT = scen.params.heat_pump, scen.catalogue[r].min_delta_t_k
    pump = heat_pump_test(hp, ts, t_net, dT)   # the rule of links between two sites too
    lift = pump.lift
    none = np.full(len(ts), np.nan)
    if opts is not None and not opts.heat_pump_at_injection:
        return InjectionPump(none, "net_hp_off_injection", lift, none)
    if not hp.enabled:
        return InjectionPump(none, "net_hp_off", lift, none)
    if not scen.catalogue[r].heat_pump:
        return InjectionPump(none, "net_hp_none", lift, none)
    why = "" if np.isfinite(pump.cop).all() else ("net_hp_lift" if (lift > hp.max_lift_k).any() else "net_hp_cop")
    return InjectionPump(pump.cop, why, lift, pump.raw)


def attachable(scen: Scenario, r: str, t_net: float | None, opts: NetworkOptions) -> tuple[np.ndarray, ...]:
    """The flows that can connect to a network of `r` at their own site: (injecting supplies,
    their heat-pump COP (NaN = direct), the share of each one's amount usable, withdrawing
    demands). Temperature rule (heat and steam): a supply at least as hot as the network
    injects directly, a colder one through a heat pump at injection within the maximum lift
    where the catalogue allows heat pumps for the resource (`heat_pump`: hot water);
    a demand needs the network at its temperature plus the approach.

    A supply spanning a range (top T, return R_s, its heat spread evenly) is cut at the
    network's floor F (`heat_floor_c`) into two bands, each a connection of its own (a supply
    may appear twice, band A then band B, bounded by its share of the amount; the supply's
    row bounds their sum): band A, from T down to max(R_s, F), direct where T >= the
    network's temperature, else through a pump taking its heat at max(R_s, F); band B, from
    min(T, F) down to R_s, through a pump taking its heat at R_s. A pump's evaporator sits at
    one temperature below the coldest water it cools (the band's outlet, less the approach):
    the sound and conservative choice, where the supply's top overstated its COP. E.g. 600
    MWh/yr over 100 -> 40 degC on a 90/60 degC network: 400 MWh/yr direct, 200 through a pump
    of COP 0.5 x 373.15 / 70 = 2.67 (10 K approach)."""
    f = scen.flows
    cat = scen.catalogue
    sup_m, dem_m = connectable(scen.column("flows", "direction") == "supply", scen.column("flows", "resource"), r, cat)
    sup, dem = np.flatnonzero(sup_m), np.flatnonzero(dem_m)
    cop = np.full(len(sup), np.nan)
    share = np.ones(len(sup))
    if t_net is not None and cat[r].quality == "temperature":
        dT = cat[r].min_delta_t_k
        temp = f["temperature_c"].to_numpy(float)
        ret = f["return_temperature_c"].to_numpy(float) if "return_temperature_c" in f else np.full(len(f), np.nan)
        ts = temp[sup]
        rs = ret[sup]
        floor = heat_floor_c(opts)
        assert floor is not None   # the network has a temperature here
        # a ranged supply (cooled down to its return temperature, its heat spread evenly over
        # the range) heats the network's returning water up to the network's temperature: in
        # a counter-flow exchanger it can cool down to that return temperature, no further
        # (both profiles are straight lines, so the ends decide: ts >= t_net and the outlet
        # >= the water's inlet). So its range is cut at the network's floor (its return, or
        # its temperature where no return is stated): the band above it injects directly
        # where ts >= t_net, the band below it only through a heat pump at injection
        ranged = np.isfinite(rs) & (ts > rs)
        span = np.where(ranged, ts - rs, 1.0)
        out_a = np.where(ranged, np.maximum(rs, float(floor)), ts)   # where band A leaves
        share_a = np.where(ranged, np.clip((ts - out_a) / span, 0.0, 1.0), 1.0)
        share_b = np.where(ranged, np.clip((np.minimum(ts, float(floor)) - rs) / span, 0.0, 1.0), 0.0)
        direct = ts >= t_net
        # a pump's evaporator is at one temperature, below the coldest water it cools: it
        # takes its heat at the band's outlet (out_a; rs for band B), not at the supply's top
        # (a 100 -> 40 degC source's heat below a 60 degC return evaporates at 40 - dT)
        cop_a = np.where(direct, np.nan, injection_pump(scen, r, opts, out_a, t_net).cop)
        cop_b = injection_pump(scen, r, opts, rs, t_net).cop
        keep_a = (direct | np.isfinite(cop_a)) & (share_a > 0)
        keep_b = ranged & np.isfinite(cop_b) & (share_b > 0)
        # per supply band A then band B, in flow order (as `candidates.generate` sorts links)
        both = np.r_[np.flatnonzero(keep_a), np.flatnonzero(keep_b)]
        band = np.r_[np.zeros(int(keep_a.sum()), np.int64), np.ones(int(keep_b.sum()), np.int64)]
        order = np.lexsort([band, both])
        both, band = both[order], band[order]
        cop = np.where(band == 0, cop_a[both], cop_b[both])
        share = np.where(band == 0, share_a[both], share_b[both])
        sup = sup[both]
        dem = dem[temp[dem] + dT <= t_net]
    return sup, cop, share, dem


def connectable(is_sup: np.ndarray, resource: np.ndarray, r: str, cat) -> tuple[np.ndarray, np.ndarray]:
    """(supplies, demands) masks of the flows (`is_sup`, `resource`: per flow) a network of `r`
    could connect, by resource alone: a supply of `r`, a demand `r` feeds (a steam network, a
    heat demand). `attachable` filters them by temperature; a siting's plots are the network's
    nodes where such an activity may go (`candidates.netplots.plot_points`), the same rule; the
    reasons a network serves a flow or not read it too (`candidates.netwhy`, `candidates.netreach`)."""
    is_sup = np.asarray(is_sup, bool)
    return is_sup & (resource == r), ~is_sup & np.isin(resource, list(feeds_of(r, cat[r])))


def first_connection(sup: np.ndarray) -> np.ndarray:
    """Per connection into a network (its supply's position in scenario.flows, in link order):
    whether it is its supply's first. `attachable` gives a ranged supply's bands in order, band A
    then band B: the first is band A, which carries the flow's one substation and minimum amount
    (`costs.network_leg_coefficients`, which this module imports, writes the same two lines),
    on whose switch band B rides (`model.build`)."""
    first = np.zeros(len(sup), bool)
    first[np.unique(np.asarray(sup), return_index=True)[1]] = True
    return first


def band_levels(scen: Scenario, kind: np.ndarray, sup: np.ndarray, supply_resource: np.ndarray, heat: np.ndarray,
                ret: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Per candidate link: the level (degC, the supply's scale) above which a ranged supply's
    connection to a network draws its heat, NaN for other links; and whether it is band A.
    `attachable` cuts such a supply at the network's floor F (`heat_floor_c`): band A, first of
    its connections, takes its heat above max(R_s, F); band B, the heat below, from R_s (through
    a pump). `kind`, `sup`, `supply_resource`: the links' columns; `heat`: where the temperature
    rule applies. Bands are told from the exact temperatures, as `attachable` cut them; the
    levels follow `ret` where given (the return as the cascade rounds it, `model.cascade`)."""
    f = scen.flows
    n = len(kind)
    level, band_a = np.full(n, np.nan), np.zeros(n, bool)
    to = np.flatnonzero((kind == "to_net") & heat & (sup >= 0))
    if not len(to) or "return_temperature_c" not in f:
        return level, band_a
    temp0 = f["temperature_c"].to_numpy(float)
    ret0 = f["return_temperature_c"].to_numpy(float)
    ret = ret0 if ret is None else ret
    s = sup[to]
    ranged = np.isfinite(ret0[s]) & (temp0[s] > ret0[s])
    first = first_connection(s)
    fl = {r: heat_floor_c(scen.params.networks.get(r, NetworkOptions())) for r in set(supply_resource[to])}
    floor = np.array([np.nan if (v := fl[r]) is None else v for r in supply_resource[to]], float).reshape(len(to))
    a = ranged & first & (temp0[s] > floor)
    level[to[a]] = np.maximum(ret[s[a]], floor[a])
    band_a[to[a]] = True
    b = ranged & ~a & np.isfinite(floor)
    level[to[b]] = ret[s[b]]
    return level, band_a
