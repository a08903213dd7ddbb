"""Why a shared network cannot serve a flow (`network_reason`): its corridors do not reach
the flow's site, the network's temperature does not suit it, or no supply (no demand) can
reach it along the corridors, their directions included (`candidates.netreach`).
unmatched.csv, `eitflow explain` and the diagnosis of an infeasible run (a required demand
no link reaches) give the same words."""

from __future__ import annotations

import numpy as np

from eitflow.candidates.generate import Candidates
from eitflow.candidates.netattach import connectable
from eitflow.candidates.netgen import max_length_km
from eitflow.candidates.netplots import flow_node, flow_nodes
from eitflow.candidates.nettables import Network
from eitflow.i18n import Named, Net, Phrase, Res
from eitflow.ids import said_site
from eitflow.scenario import NetworkOptions, Scenario

__all__ = ["idle_networks", "network_outline", "network_reason"]


def network_reason(scen: Scenario, cand: Candidates, k: int) -> tuple[str, Phrase] | None:
    """Why flow `k` is not served by a network of a resource it could use, in words, or None
    when it is connected to one whose corridors also join the other side, along their directions
    (then the ordinary reasons apply: not selected, capacity used). Reasons: the corridors do
    not reach its site (`network_unreachable`), the network's temperature does not suit it
    (`quality`), or no supply (no demand) can reach it (be reached from it) along the
    corridors, their directions included (`network_unreachable`: "the network does not reach
    ... within its corridors"; `candidates.netreach`: a one-way corridor carries from -> to
    only, and a town joined to the supplies only against one is not served)."""
    net = cand.network
    if net is None:  # before the imports: unmatched.csv asks this of every flow (34,000 nationally)
        return None
    from eitflow.candidates.netreach import network_reach
    from eitflow.candidates.network import network_resources
    from eitflow.candidates.reasons import NETWORK_UNREACHABLE, QUALITY

    f = scen.flows
    # the site is named as people know it, its code beside it (`said_site`), looked up only
    # for the sentence returned: unmatched.csv asks about every flow
    sid, res = f["site_id"].iat[k], f["resource"].iat[k]
    is_sup = f["direction"].iat[k] == "supply"
    lk = cand.links
    nn_ = lk["net_node"].to_numpy(np.int64) if "net_node" in lk else np.full(len(lk), -1)
    mine = np.flatnonzero((lk["supply"].to_numpy(np.int64) == k) | (lk["demand"].to_numpy(np.int64) == k))
    mine = mine[nn_[mine] >= 0]
    # a network that can serve it (its corridors join the other side) is enough: the reasons
    # of the others (a steam network no supply reaches, beside a heat one that serves it) do not hold
    node_id = flow_node(scen, k)   # a placed activity's flows join at its plot

    # a leg of its own to or from a hub standing on the network joins it at the hub's node
    hn_ = lk["hub_node"].to_numpy(np.int64) if "hub_node" in lk else np.full(len(lk), -1)
    via = np.unique(hn_[(hn_ >= 0) & ((lk["supply"].to_numpy(np.int64) == k) | (lk["demand"].to_numpy(np.int64) == k))])

    def one(r: str) -> tuple[str, Phrase] | None:
        pos = net.node_at.get((r, node_id))
        at = net.nodes.iloc[:0] if pos is None else net.nodes.iloc[[pos]]
        legs_via: list = []
        if not len(at) and len(via):
            at = net.nodes[(net.nodes["resource"] == r) & np.isin(np.asarray(net.node_arrays["hub_node"], np.int64), via)]
            legs_via = [a for a in np.flatnonzero(np.isin(hn_, at["hub_node"].to_numpy(np.int64)) & (
                (lk["supply"].to_numpy(np.int64) == k) | (lk["demand"].to_numpy(np.int64) == k)))]
        generating = scen.params.networks.get(r) is not None and scen.params.networks[r].generate != "none"
        if not len(at) and generating:   # every site of a flow that can connect is a node then
            return _quality(scen, net, r, k, is_sup)
        if not len(at):
            gen = net.generated.get(r, 0)
            return NETWORK_UNREACHABLE, Phrase("net_no_corridor_gen" if gen else "net_no_corridor", net=Net(r),
                                               site=said_site(scen.sites, sid))
        node = int(at["node"].iat[0])
        if not net.reached[node]:
            # a node of the generated network whose every generated corridor was too long
            limit = max_length_km(scen, r)
            why = Phrase("net_too_long", km=limit, resource=Res(r)) if (net.nodes["resource"] == r).sum() > 1 else \
                Phrase("net_only_place")
            if scen.corridors is not None:
                why = Phrase("net_none_given_and", why=why)
            return NETWORK_UNREACHABLE, Phrase("net_not_reached", net=Net(r), site=said_site(scen.sites, sid), why=why)
        legs = [a for a in mine if lk["supply_resource"].iat[a] == r] + legs_via
        if not legs:
            return _quality(scen, net, r, k, is_sup)
        # along the corridors' directions (a one-way corridor carries from -> to only): a
        # supply must reach a demand's connection, a demand be reached from a supply's
        reach = network_reach(scen, cand)
        if (reach.drains if is_sup else reach.fed)[node]:
            return None
        what = "demand" if is_sup else "supply"
        if (reach.drains_to_site if is_sup else reach.fed_by_site)[node]:
            # a flow of the other side on a path, none of them connected (too cold, too impure)
            t = net.temperature_c.get(r)
            at = Phrase("net_at_temperature", t=t) if t is not None else (
                Phrase("net_at_purity", purity=net.purity[r]) if net.purity.get(r) is not None else "")
            return QUALITY, Phrase(f"net_reach_{what}_none_fits", site=said_site(scen.sites, sid), resource=Named(r),
                                   net=Net(r), at=at)
        if is_sup and (reach.part_drains[node] or reach.part_drains_to_site[node]) or \
                not is_sup and (reach.part_fed[node] or reach.part_fed_by_site[node]):
            # its part of the network holds the other side, only against a one-way corridor
            return NETWORK_UNREACHABLE, Phrase(f"net_oneway_no_{what}", site=said_site(scen.sites, sid),
                                               resource=Named(r), net=Net(r))
        # the resource by its name ("no CO2 demand"), not its key ("no co2 demand"), in English too
        return NETWORK_UNREACHABLE, Phrase(f"net_backbone_no_{what}", site=said_site(scen.sites, sid),
                                           resource=Named(r), net=Net(r))
        return None

    first = None
    for r in network_resources(scen):
        # the masks hold the direction: the flow's is true in one of them at most
        if not np.logical_or(*connectable(np.array([is_sup]), np.array([res], object), r, scen.catalogue))[0]:
            continue
        why = one(r)
        if why is None:
            return None
        first = first or why
    return first


def _quality(scen: Scenario, net: Network, r: str, k: int, is_sup: bool) -> tuple[str, Phrase] | None:
    """(quality, why): flow `k` cannot connect to the network of `r` at its purity (hydrogen)
    or temperature (heat, steam). None where the network has neither (CO2, water: no level to
    miss; a flow whose links were taken away, as `analyses.resilience` closes a site): the
    network gives no reason, the point-to-point one stands. Before, a network without a level
    made the phrase fail (`eitflow resilience` of a CO2 pipeline: a traceback)."""
    from eitflow.candidates.reasons import QUALITY

    f = scen.flows
    if net.purity.get(r) is None and net.temperature_c.get(r) is None:
        return None
    if net.purity.get(r) is not None:
        pk, pn = f["purity"].iat[k], net.purity[r]
        how = "" if scen.params.networks.get(r) and scen.params.networks[r].purity is not None else \
            Phrase("net_purity_lowest", resource=r)
        if is_sup:
            return QUALITY, Phrase("net_supply_impure", purity=pk, net=Net(r), network=pn, how=how)
        return QUALITY, Phrase("net_demand_purer", purity=pk, net=Net(r), network=pn, how=how)
    t = net.temperature_c.get(r)
    dT = scen.catalogue[r].min_delta_t_k
    tk = f["temperature_c"].iat[k] if "temperature_c" in f else np.nan
    if is_sup:
        rk = f["return_temperature_c"].iat[k] if "return_temperature_c" in f else np.nan
        from eitflow.candidates.netattach import heat_floor_c

        opts = scen.params.networks.get(r, NetworkOptions())
        floor = heat_floor_c(opts)
        t_net = float("nan") if t is None else float(t)
        if t is not None and tk >= t and rk < tk:
            # hot enough, but its range lies below what the network's water comes back at, and
            # no heat pump at injection takes that heat (at its outlet, `netattach.attachable`)
            how = Phrase("net_return_given", resource=r) if opts.return_temperature_c is not None else \
                Phrase("net_return_default", resource=r)
            return QUALITY, Phrase("net_supply_below_return", t=tk, ret=rk, net=Net(r), floor=floor, how=how,
                                   why=_no_pump(scen, r, float(rk), t_net, ranged=True))
        ranged = bool(rk < tk) and floor is not None
        # a ranged supply's pump takes its heat where its warmer band leaves (`netattach.attachable`)
        src = float(tk)
        if ranged and floor is not None:
            src = max(float(rk), floor) if tk > floor else float(rk)
        why = _no_pump(scen, r, src, t_net, ranged=ranged)
        return QUALITY, Phrase("net_supply_too_cold", t=tk, net=Net(r), network=t, why=why)
    return QUALITY, Phrase("net_too_cold", net=Net(r), network=t, need=tk + dT, t=tk, approach=dT)


def network_outline(scen: Scenario, net: Network) -> dict[str, dict]:
    """Per network resource, what the candidate network is before any solve (`eitflow
    validate` prints it): places (nodes), candidate corridors, those of corridors.csv and
    those generated, generated pairs left out as longer than `max_length_km` (km), and the
    places no corridor reaches (`unreached`, their ids in the places' order)."""
    nd, cor = net.node_arrays, net.corridor_arrays
    ends = net.reached
    out = {}
    for r in sorted(set(np.asarray(nd["resource"], object).tolist())):
        mine = np.asarray(nd["resource"], object) == r
        on = np.asarray(cor["resource"], object) == r
        gen = int(np.asarray(cor["generated"], bool)[on].sum())
        limit = max_length_km(scen, r)
        out[r] = {"places": int(mine.sum()), "corridors": int(on.sum()), "given": int(on.sum()) - gen,
                  "generated": gen, "too_long": int(net.too_long.get(r, 0)), "max_length_km": float(limit),
                  "unreached": [str(v) for v in np.asarray(nd["node_id"], object)[mine & ~ends]]}
    return out


def idle_networks(scen: Scenario, cand: Candidates) -> dict[str, Phrase]:
    """Per network resource that can carry nothing, why (`eitflow validate` warns of it; the
    run builds nothing of it): none of its places has a supply or a demand of its resource
    (a hydrogen corridor in a park without hydrogen), or none of those there can connect to
    it: no supply can inject at its temperature or purity (too cold, no heat pump), no
    demand can withdraw (a 20 degC network for demands at 80 degC), or no supply's connection
    reaches a demand's along the corridors' directions (`candidates.netreach`).

    Its places are the sites a corridor reaches and, for a generated network, every site
    (a flow the rules leave out is no node). A network with a hub on it is left alone: the
    hub's legs may feed it or draw from it whatever is at its sites. Read from the
    candidate network and its connections, the rules `candidates.network` applies."""
    from eitflow.candidates.netreach import network_reach
    from eitflow.i18n import Count

    net = cand.network
    if net is None:
        return {}
    nd = net.node_arrays
    nres, nid = np.asarray(nd["resource"], object), np.asarray(nd["node_id"], object)
    kind, hub = np.asarray(nd["kind"], object), np.asarray(nd["hub_node"], np.int64)
    f = scen.flows
    fres, fsite = f["resource"].to_numpy(), flow_nodes(scen, f["site_id"].to_numpy(object))   # at its plot: a placement
    is_sup = f["direction"].to_numpy() == "supply"
    lk = cand.links
    lkind = lk["kind"].to_numpy().astype(str) if "kind" in lk else np.zeros(len(lk), str)
    lres = lk["supply_resource"].to_numpy() if len(lk) else np.zeros(0, object)
    lnode = lk["net_node"].to_numpy(np.int64) if "net_node" in lk else np.full(len(lk), -1)
    reach = network_reach(scen, cand)
    out: dict[str, Phrase] = {}
    for r in sorted(set(nres.tolist())):
        mine = nres == r
        if (hub[mine & net.reached] >= 0).any():
            continue
        opts = scen.params.networks.get(r)
        generated = opts is not None and opts.generate != "none"
        at = np.isin(fsite, nid[mine & net.reached & np.isin(kind, ("site", "plot"))])
        if generated:
            at |= ~np.isin(fsite, nid[mine])
        can_sup, can_dem = connectable(is_sup, fres, r, scen.catalogue)
        sup, dem = at & can_sup, at & can_dem
        places = Count(int(mine.sum()), "n_places")
        t = net.temperature_c.get(r)
        at_net = Phrase("net_at_temperature", t=t) if t is not None else (
            Phrase("net_at_purity", purity=net.purity[r]) if net.purity.get(r) is not None else "")
        temp = f["temperature_c"].to_numpy(float) if "temperature_c" in f else np.full(len(f), np.nan)
        dT = scen.catalogue[r].min_delta_t_k
        # flows of the resource at places no corridor reaches (every generated pair from them
        # too long): what is missing is a corridor, not a flow (a knn network whose 15 pairs were
        # all longer than 0.5 km was said to have 'no heat supply or demand' at 11 places with both)
        off = np.isin(fsite, nid[mine & ~net.reached])
        sup_off, dem_off = off & can_sup, off & can_dem
        lone_sup, lone_dem = not sup.any() and sup_off.any(), not dem.any() and dem_off.any()
        if lone_sup or lone_dem:
            out[r] = _unreached(scen, net, r, sup_off if lone_sup else np.zeros(len(f), bool),
                                dem_off if lone_dem else np.zeros(len(f), bool))
        elif not sup.any() or not dem.any():
            key = "net_idle_nothing" if not sup.any() and not dem.any() else (
                "net_idle_no_supply" if not sup.any() else "net_idle_no_demand")
            out[r] = Phrase(key, net=Net(r), places=places, resource=Named(r))
        elif not ((lkind == "to_net") & (lres == r)).any():
            hot = np.nanmax(temp[sup]) if t is not None and np.isfinite(temp[sup]).any() else np.nan
            why = Phrase("net_idle_hottest", t=float(hot)) if np.isfinite(hot) else ""
            out[r] = Phrase("net_idle_no_supply_fits", net=Net(r), at=at_net, why=why)
        elif not ((lkind == "from_net") & (lres == r)).any():
            low = np.nanmin(temp[dem]) if t is not None and np.isfinite(temp[dem]).any() else np.nan
            why = Phrase("net_idle_least", need=float(low + dT), t=float(low), approach=dT) if np.isfinite(low) else ""
            out[r] = Phrase("net_idle_no_demand_fits", net=Net(r), at=at_net, why=why)
        elif not reach.fed[lnode[(lkind == "from_net") & (lres == r) & (lnode >= 0)]].any():
            out[r] = Phrase("net_idle_oneway", net=Net(r))   # every path runs the wrong way
    return out


def _unreached(scen: Scenario, net: Network, r: str, sup: np.ndarray, dem: np.ndarray) -> Phrase:
    """Why the `r` network is idle when the places of its supplies (flows `sup`) or demands
    (`dem`) are nodes no corridor reaches: those places (as people know them, at most 5),
    and the generated pairs left out as longer than `max_length_km` (km), if any."""
    from eitflow.ids import named, named_sites

    f = scen.flows
    sites = list(dict.fromkeys(f["site_id"].to_numpy()[sup | dem].tolist()))
    names = named_sites(scen.sites)
    said = ", ".join(named(names, s) for s in sites[:5]) + (", ..." if len(sites) > 5 else "")
    what = "net_idle_what_both" if sup.any() and dem.any() else (
        "net_idle_what_supply" if sup.any() else "net_idle_what_demand")
    n = int(net.too_long.get(r, 0))
    why: Phrase | str = ""
    if n:
        why = Phrase("net_idle_too_long", n=n, km=max_length_km(scen, r), res=r)
    return Phrase("net_idle_unreached", net=Net(r), what=Phrase(what, resource=Named(r)), sites=said, why=why)


def _no_pump(scen: Scenario, r: str, t_supply: float, t_network: float, ranged: bool = False) -> Phrase:
    """Why no heat pump at injection lifts a supply at `t_supply` degC into the network of `r`
    at `t_network`: the first of the tests of `candidates.netattach.injection_pump` that it fails (heat pumps
    at injection off, heat pumps off, none in the catalogue for `r`, the lift above the maximum,
    a COP not above 1). `ranged`: `t_supply` is where a ranged supply's heat leaves the pump's
    evaporator (its outlet), said as such."""
    from eitflow.candidates.netattach import injection_pump

    p = injection_pump(scen, r, scen.params.networks.get(r), np.array([t_supply]), t_network)
    if p.why == "net_hp_lift":
        if ranged:
            return Phrase("net_hp_lift_outlet", lift=float(p.lift[0]), src=t_supply,
                          max=scen.params.heat_pump.max_lift_k)
        return Phrase(p.why, lift=float(p.lift[0]), max=scen.params.heat_pump.max_lift_k)
    if p.why in ("net_hp_cop", ""):   # no test failed: said by its COP, as the last test
        return Phrase("net_hp_cop", cop=float(p.raw_cop[0]))
    return Phrase(p.why, network=r) if p.why == "net_hp_off_injection" else (
        Phrase(p.why, resource=Named(r)) if p.why == "net_hp_none" else Phrase(p.why))
