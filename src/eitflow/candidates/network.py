"""Shared networks: the nodes, candidate corridors, pipe-size options and connections of
every network of a scenario (a heat backbone, a steam header, a hydrogen, CO2 or water
pipeline), ready for the model (`model.network`).

A network of resource r has a node per site, hub or junction that a corridor of r names
(corridors.csv) or, with ``networks.r.generate``, per site with a flow that can use r, per
junction of r and per hub handling r. Candidate corridors come from corridors.csv and, when
asked, from a Delaunay triangulation or the k nearest neighbours of those nodes (projected
on a local plane), kept when no longer than ``max_length_km`` after the route factor.

Each corridor is a trench between two nodes; it carries flow either way (or from -> to
only) and is built with ONE pipe size of the catalogue (the model picks it: a binary per
size, at most one per corridor), or with its own costs (corridors.csv investment / fixed
cost), or exists already (no investment, its capacity). Per size the cost module gives the
investment, annual cost, rated capacity and the heat lost while the pipe exists
(`costs.corridor_size_costs`). An existing pipe that loses heat (that of its size, or of the
smallest size carrying its capacity) has one option at no cost: its switch says whether it
is in service, losing that heat.

A flow reaches the network at its own site through a connection (a candidate link of kind
``to_net`` or ``from_net``, costed by `costs.network_leg_coefficients`): a supply injects if
it is at least as hot as the network (or through a heat pump at injection, which lifts it),
a demand withdraws if the network is at least its temperature plus the approach.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np
import pandas as pd

from eitflow.candidates.bridges import bridge_sides, bridges, undirected_components
from eitflow.candidates.costs import (
    SIZE_CLASSES,
    annual_fixed_eur_per_yr,
    corridor_size_costs,
    linear_pipe_costs,
    mwh_per_yr,
    network_leg_coefficients,
)
from eitflow.candidates.netattach import attachable
from eitflow.candidates.netgas import network_gas
from eitflow.candidates.netgen import generate_pairs, max_length_km
from eitflow.candidates.netplots import flow_nodes, is_siting, plot_points
from eitflow.candidates.nettables import Network, stack_columns
from eitflow.geo import haversine_km
from eitflow.ids import positions
from eitflow.scenario import NetworkOptions, Scenario
from eitflow.units import conversion_factor

__all__ = ["LINEAR", "LINEAR_ABOVE", "LINEAR_SIZINGS", "Network", "build_network", "carrying_size", "network_and_legs", "bridge_sides", "bridges", "generate_pairs", "network_gas", "network_of", "network_resources", "party_id"]

# sizing "auto": linear above this many candidate corridors of a resource. One binary per
# catalogue size (15 for hot water) and a switch that carries either way give an LP so weak
# that HiGHS finds no network at all for a generated town of 30 to 100 buildings within 60 s
# (84-298 corridors, 1,000-4,300 binaries); measured on `bench.netsynth.network_city`
# (2026-12-01, one process, load 2-4), discrete against linear: 8 buildings, 19 corridors:
# 11.7 s against 0.9 s to 1 % (objectives 0.1 % apart); 12 and 15 buildings (31, 39
# corridors): 13.1 % and 9.6 % left after 30 s against 1 % in 2.0 s and 2.1 s; 50 buildings
# (140 corridors): none in 60 s against 1 % in 20 s
LINEAR_ABOVE = 15
LINEAR = "linear"    # the size name of a linear-sizing option
MEASURED = "measured"   # the size name of an existing pipe's option whose loss was measured (loss_w_per_m)
LINEAR_SIZINGS = ("linear", "classes")   # sizings whose options are lines (one, or one per class of sizes)
PARTY_PREFIX = "network:"  # a network's id as the party of its connections
#: between a network's party id and its piece's number, in the allocation's keys ("network:heat#2")
PIECE = "#"


def party_id(resource: str) -> str:
    """The id of a network as a party of its exchanges (it buys what enters, sells what leaves)."""
    return f"{PARTY_PREFIX}{resource}"


def network_of(party: str) -> str | None:
    """The resource of a network's party id (`party_id`; a piece's, "network:heat#2", is its
    resource's network: `results.netparts.by_piece`), None for any other id (a site's)."""
    return party[len(PARTY_PREFIX):].split(PIECE, 1)[0] if isinstance(party, str) and party.startswith(PARTY_PREFIX) \
        else None


def network_resources(scen: Scenario) -> list[str]:
    """Resources with a network: those of corridors.csv and of the `networks:` block."""
    rs = set(scen.params.networks)
    if scen.corridors is not None:
        rs |= set(scen.column("corridors", "resource").tolist())
    return sorted(rs)


# ------------------------------------------------------------------ the networks
class _Places(NamedTuple):
    """Every place a corridor may join, as arrays: id, kind (site | hub | junction), lat, lon
    (deg), hub (position in scen.hubs, or -1)."""

    ids: np.ndarray
    kind: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    hub: np.ndarray


def _places(scen: Scenario) -> _Places:
    """Every place a corridor may join (ids are unique over sites, hubs and junctions: validated).
    Plain arrays, not a DataFrame: built on every run, FCNetLib's smallest cases included."""
    # the sites' columns as `Scenario.column` keeps them within a run (read once)
    sid = np.asarray(scen.column("sites", "site_id"), object)
    parts = [(sid, "site", np.asarray(scen.column("sites", "lat"), float), np.asarray(scen.column("sites", "lon"), float),
              np.full(len(sid), -1, np.int64))]
    if scen.hubs is not None and len(scen.hubs):
        h = scen.hubs
        parts.append((h["hub_id"].to_numpy(object), "hub", h["lat"].to_numpy(float), h["lon"].to_numpy(float),
                      np.arange(len(h), dtype=np.int64)))
    if scen.junctions is not None and len(scen.junctions):
        j = scen.junctions
        parts.append((j["junction_id"].to_numpy(object), "junction", j["lat"].to_numpy(float),
                      j["lon"].to_numpy(float), np.full(len(j), -1, np.int64)))
    if scen.siting is not None:   # a siting's plots: where its placed activities join a network
        # (and places corridors.csv may name in a run of the territory alone, without activities)
        q = scen.siting.plots
        parts.append((q["plot_id"].to_numpy(object), "plot", q["lat"].to_numpy(float), q["lon"].to_numpy(float),
                      np.full(len(q), -1, np.int64)))
    ids = np.concatenate([p[0] for p in parts])
    return _Places(ids, np.concatenate([np.full(len(p[0]), p[1], object) for p in parts]),
                   np.concatenate([p[2] for p in parts]), np.concatenate([p[3] for p in parts]),
                   np.concatenate([p[4] for p in parts]))


def _given(scen: Scenario, r: str) -> Callable[[str, type], np.ndarray] | None:
    """The columns of the corridors of corridors.csv on resource `r` (None without
    corridors.csv): column name, dtype -> array, read as `Scenario.column` keeps them (once a
    run; no frame of the selected rows), NaN for a column the table does not have."""
    c = scen.corridors
    if c is None:
        return None
    on = scen.column("corridors", "resource") == r
    rows = None if on.all() else np.flatnonzero(on)

    def column(name: str, dtype: type) -> np.ndarray:
        if name not in c:
            return np.full(len(on) if rows is None else len(rows), np.nan)
        v: np.ndarray = np.asarray(scen.column("corridors", name), dtype)
        return v if rows is None else v[rows]
    return column


def build_network(scen: Scenario) -> tuple[Network, pd.DataFrame]:
    """The networks of `scen` and the connections of its flows to them.

    Returns
    -------
    (Network, legs)
        legs: candidate links (`candidates.linkorder.LINK_FIELDS` plus `net_node`) of kind
        to_net (a supply into the network node at its site) and from_net (the node to a demand).
    """
    network, legs = network_and_legs(scen)
    return network, pd.DataFrame(legs) if legs else pd.DataFrame()


def network_and_legs(scen: Scenario) -> tuple[Network, dict[str, np.ndarray]]:
    """`build_network` with the connections as columns (name -> array, in the order of
    `candidates.linkorder.LINK_FIELDS`; empty without any), the arrays their frame is made of:
    `candidates.generate` hands them to `Candidates.column` when the links are these alone."""
    places = _places(scen)
    cat = scen.catalogue
    site_of = scen.column("flows", "site_id")
    node_of = flow_nodes(scen, site_of)
    node_parts, cor_parts, opt_parts, leg_parts = [], [], [], []
    generated: dict[str, int] = {}
    too_long: dict[str, int] = {}
    temps: dict[str, float | None] = {}
    returns: dict[str, float | None] = {}
    sizing: dict[str, str] = {}
    purity: dict[str, float | None] = {}
    bar: dict[str, float | None] = {}
    n0 = c0 = comp0 = 0
    for r in network_resources(scen):
        spec = cat[r].network
        assert spec is not None  # validated
        opts = scen.params.networks.get(r, NetworkOptions())
        t_net = opts.temperature_c
        temps[r], returns[r] = t_net, opts.return_temperature_c
        rf = cat[r].route_factor
        given = _given(scen, r)
        # the ids corridors.csv names, each once in the order first named (as pd.unique)
        g_from = given("from", object) if given is not None else np.zeros(0, object)
        g_to = given("to", object) if given is not None else np.zeros(0, object)
        ids: list[str] = list(dict.fromkeys(g_from.tolist() + g_to.tolist()))
        sup, cop, share, dem = attachable(scen, r, t_net, opts)
        on_net = None if opts.generate != "none" or given is None else positions(ids, node_of[sup]) >= 0
        purity[r], bar[r], kept, dem = network_gas(scen, r, opts, sup, dem, on_net)
        if kept is not sup:   # a purity rule left some supplies out
            still = np.isin(sup, kept)
            cop, share = cop[still], share[still]
        sup = kept
        gen_ids: list[str] = []
        if opts.generate != "none":
            gen_ids = list(dict.fromkeys(node_of[np.concatenate([sup, dem])].tolist()))
            if scen.junctions is not None:
                jr = scen.junctions["resources"]
                gen_ids += [j for j, rs in zip(scen.junctions["junction_id"], jr) if not rs or r in rs]
            if scen.hubs is not None:
                gen_ids += [h for h, rs in zip(scen.hubs["hub_id"], scen.hubs["resources"]) if r in rs]
            if is_siting(scen):   # a placement's flows join at its plot: named once
                gen_ids = list(dict.fromkeys(gen_ids + plot_points(scen, r)))
        ids = list(dict.fromkeys(ids + gen_ids))
        if not ids:
            generated[r] = 0
            continue
        # the nodes in the order of the places (sites, hubs, junctions as given), not of the
        # corridors naming them: the balance rows follow it, and HiGHS's path depends on the
        # rows' order (FCNetLib, its nodes as sites n1..nK: the textbook model row for row,
        # the same search: k10x90 65 nodes and 6,402 LP iterations on both, 209 and 8,564
        # with the nodes in the corridors' order)
        at_place = positions(places.ids, ids)           # the network's nodes among the places
        order = np.argsort(at_place, kind="stable")
        ids, at_place = [ids[k] for k in order], at_place[order]
        lat, lon = places.lat[at_place], places.lon[at_place]
        pl_kind = places.kind[at_place]
        # corridors given (a node's position in this network: its position in `ids`)
        A, B = positions(ids, g_from), positions(ids, g_to)
        gc = haversine_km(lat[A], lon[A], lat[B], lon[B])
        if given is not None:
            ln = given("length_km", float)
            length = np.where(np.isnan(ln), gc * rf, ln)
            cid = given("corridor_id", object)
            direction = given("direction", object)
            existing = given("existing", bool)
            capacity = given("capacity", float)
            size = given("size", object)
            inv = given("investment_eur", float)
            fix = given("fixed_cost_eur_per_yr", float)
            vcost = given("var_cost_eur_per_unit", float)
            lw = given("loss_w_per_m", float)
        else:
            length = cid = direction = existing = capacity = size = inv = fix = vcost = lw = np.zeros(0)
        gen = np.zeros(len(A), bool)
        if opts.generate != "none":
            gidx = positions(ids, gen_ids)
            if is_siting(scen):   # in the places' order: the same corridors, numbered alike, model and plan
                gidx = np.sort(gidx)
            pr = gidx[generate_pairs(lat[gidx], lon[gidx], opts.generate, opts.k)]
            ggc = haversine_km(lat[pr[:, 0]], lon[pr[:, 0]], lat[pr[:, 1]], lon[pr[:, 1]])
            glen = ggc * rf
            limit = max_length_km(scen, r)
            # a pair corridors.csv gives a new corridor is not generated again; one it gives an
            # existing pipe is: a new pipe beside it is a candidate, as a given one would be (a
            # full existing pipe left a refinery short of 300 t/yr of hydrogen worth 791,757 EUR/yr)
            new_ = ~np.asarray(existing, bool)
            seen = set(zip(np.minimum(A, B)[new_].tolist(), np.maximum(A, B)[new_].tolist()))
            fresh = np.array([(int(a), int(b)) not in seen for a, b in pr], bool).reshape(len(pr))
            keep = (glen <= limit) & fresh
            too_long[r] = int(((glen > limit) & fresh).sum())
            pr, ggc, glen = pr[keep], ggc[keep], glen[keep]
            m = len(pr)
            A, B = np.concatenate([A, pr[:, 0]]), np.concatenate([B, pr[:, 1]])
            gc, length = np.concatenate([gc, ggc]), np.concatenate([length, glen])
            nan = np.full(m, np.nan)
            cid = np.concatenate([cid, _fresh_ids(f"{r}_g", m, set(cid))]).astype(object)
            direction = np.concatenate([direction, np.full(m, "both", object)])
            existing = np.concatenate([existing, np.zeros(m, bool)]).astype(bool)
            capacity, inv, fix, vcost, lw = (np.concatenate([v, nan]) for v in (capacity, inv, fix, vcost, lw))
            size = np.concatenate([size, np.full(m, "", object)])
            gen = np.concatenate([gen, np.ones(m, bool)])
            generated[r] = m
        else:
            generated[r] = 0
        nc = len(A)
        # a node no corridor ends at carries nothing: no connection there (its flows would
        # trade with the network's party under no balance row at all)
        ends = np.zeros(len(ids), bool)
        ends[A] = True
        ends[B] = True
        # components of the corridor graph (numbered over every network)
        ncomp, lab = undirected_components(len(ids), A, B)
        node_parts.append({
            "node": n0 + np.arange(len(ids)), "node_id": np.asarray(ids, object), "kind": pl_kind,
            "resource": r, "lat": lat, "lon": lon, "component": comp0 + lab, "hub": places.hub[at_place]})
        # options: pipe sizes, or the corridor's own costs; an existing pipe's below (where it loses heat)
        base = cat[r].base_unit
        # the sizes at this network's temperatures: a 115/65 degC hot-water network carries 50/30
        # of the table's (90/60) heat in the same pipe; a hydrogen one at 15 bar 15/40 of the table's (40 bar) gas
        rating = spec.rating(t_net, opts.return_temperature_c, bar[r])
        per_unit = conversion_factor(spec.capacity_unit, base)
        capf = per_unit * rating.capacity   # base units/yr this network carries per unit of the table's capacity
        cc = corridor_size_costs(scen.params, spec, length, per_unit, rating, base == "MWh/yr")
        # a loss measured (corridors.csv loss_w_per_m: existing pipes, own costs), MWh/yr as it stands
        measured = mwh_per_yr(lw * 1000.0 * length) if base == "MWh/yr" else np.full(nc, np.nan)
        names = np.array([s.name for s in spec.sizes], object)
        custom = ~existing & (np.isfinite(inv) | np.isfinite(fix))
        sized = ~existing & ~custom
        sizing[r] = opts.sizing if opts.sizing != "auto" else ("linear" if nc > LINEAR_ABOVE else "discrete")
        linear = sized & (size == "") if sizing[r] in LINEAR_SIZINGS else np.zeros(nc, bool)
        sized &= ~linear
        oc: list[np.ndarray] = []
        os_: list[np.ndarray] = []
        ocap: list[np.ndarray] = []
        oinv: list[np.ndarray] = []
        ofix: list[np.ndarray] = []
        oloss: list[np.ndarray] = []
        per_cap: list[np.ndarray] = []       # linear sizing: investment, annual cost, loss per unit of capacity
        ways: list[np.ndarray] = []          # -1: either way; linear sizing: also 0 a -> b, 1 b -> a
        lk = np.flatnonzero(linear)
        if len(lk):
            # a two-way corridor gets one option per way (the way is chosen with the build),
            # per line: one, or one per class of sizes (`classes`); with monthly profiles also
            # one carrying either way (one way in summer, the other in winter), which the model
            # keeps only where heat enters each end from other sites (`netreach.needless_options`)
            two = direction[lk] == "both"
            both = two & (scen.profiles is not None and np.shape(scen.profiles)[1] > 1)
            way = np.r_[np.where(two, 0, -1), np.ones(int(two.sum()), np.int64), np.full(int(both.sum()), -1)]
            lk = np.r_[lk, lk[two], lk[both]]
            metres = 1000.0 * length[lk]
            w = mwh_per_yr(rating.loss) if base == "MWh/yr" else 0.0
        for lp in linear_pipe_costs(spec, SIZE_CLASSES if sizing[r] == "classes" else 1) if len(lk) else ():
            ways.append(way)
            oc.append(lk)
            os_.append(np.full(len(lk), LINEAR, object))
            ocap.append(np.full(len(lk), lp.k_max * capf))
            oinv.append(lp.a_eur_per_m * metres)
            ofix.append(annual_fixed_eur_per_yr(scen.params, lp.a_eur_per_m * metres, spec.fixed_cost_share_per_yr * lp.a_eur_per_m * metres))
            oloss.append(lp.c_w_per_m * metres * w)
            bi = lp.b_eur_per_m_per_cap * metres / capf
            per_cap.append(np.column_stack([bi, annual_fixed_eur_per_yr(scen.params, bi, spec.fixed_cost_share_per_yr * bi),
                                            lp.e_w_per_m_per_cap * metres * w / capf]))
        for k in np.flatnonzero(sized):
            pick = np.arange(len(names)) if not size[k] else np.flatnonzero(names == size[k])
            oc.append(np.full(len(pick), k))
            os_.append(names[pick])
            ocap.append(cc.capacity[k, pick])
            oinv.append(cc.investment_eur[k, pick])
            ofix.append(cc.fixed_eur_per_yr[k, pick])
            oloss.append(cc.loss[k, pick])
            per_cap.append(np.zeros((len(pick), 3)))
            ways.append(np.full(len(pick), -1))
        ck = np.flatnonzero(custom)
        if len(ck):
            # its own costs; with a `size` (and a fixed cost: an investment and a size are
            # refused together), that size's investment, capacity (unless given) and heat loss,
            # the fixed cost replacing its O&M (a DN80 with its O&M stated was free and unbounded)
            at = _size_at(names, size[ck])
            sz = at >= 0
            ci = np.where(np.isnan(inv[ck]) & sz, cc.investment_eur[ck, np.maximum(at, 0)], np.nan_to_num(inv[ck]))
            cf = np.nan_to_num(fix[ck])
            oc.append(ck)
            os_.append(np.full(len(ck), "custom", object))
            ocap.append(np.where(np.isfinite(capacity[ck]), capacity[ck],
                                 np.where(sz, cc.capacity[ck, np.maximum(at, 0)], np.inf)))
            oinv.append(ci)
            ofix.append(annual_fixed_eur_per_yr(scen.params, ci, cf))
            oloss.append(np.where(np.isfinite(measured[ck]), measured[ck], np.where(sz, cc.loss[ck, np.maximum(at, 0)], 0.0)))
            per_cap.append(np.zeros((len(ck), 3)))
            ways.append(np.full(len(ck), -1))
        # an existing pipe's capacity: given, or its size's; its loss, that of its size (or of
        # the smallest size carrying its capacity, `carrying_size`): where it loses heat, one
        # option with no cost, switched on while the pipe is in service (out of service it
        # loses nothing), as a new pipe's size is while it exists
        ek = np.flatnonzero(existing)
        at = _size_at(names, size[ek])
        ex_cap = capacity.copy()
        ex_cap[ek] = np.where(np.isnan(capacity[ek]), cc.capacity[ek, np.maximum(at, 0)], capacity[ek])
        at = np.where(at >= 0, at, carrying_size(cc.capacity[ek], ex_cap[ek]))
        ex_loss = np.where(np.isfinite(measured[ek]), measured[ek], cc.loss[ek, at])
        lossy = ex_loss > 0
        if lossy.any():
            ek, at, ex_loss = ek[lossy], at[lossy], ex_loss[lossy]
            oc.append(ek)
            os_.append(np.where(np.isfinite(measured[ek]), MEASURED, names[at]))   # what its loss is from
            ocap.append(ex_cap[ek])
            oinv.append(np.zeros(len(ek)))
            ofix.append(np.zeros(len(ek)))
            oloss.append(ex_loss)
            per_cap.append(np.zeros((len(ek), 3)))
            ways.append(np.full(len(ek), -1))
        if oc:
            oc_ = np.concatenate(oc)
            pc = np.concatenate(per_cap)
            opt_parts.append({"corridor": c0 + oc_, "size": np.concatenate(os_),
                              "capacity": np.concatenate(ocap), "investment_eur": np.concatenate(oinv),
                              "fixed_eur_per_yr": np.concatenate(ofix),
                              "loss": np.concatenate(oloss), "cap_investment_eur": pc[:, 0],
                              "cap_fixed_eur_per_yr": pc[:, 1], "cap_loss": pc[:, 2],
                              "way": np.concatenate(ways).astype(np.int64)})
        cap = np.where(existing, ex_cap, np.inf)
        # pumping moves water: per unit of heat, (table's difference) / (network's) as much
        var = np.where(np.isfinite(vcost), vcost, spec.var_cost_eur_per_unit_km * length
                       / spec.rating(t_net, opts.return_temperature_c).capacity)
        cor_parts.append({
            "corridor_id": np.asarray(cid, object), "resource": r, "a": n0 + A, "b": n0 + B, "length_km": length,
            "great_circle_km": gc, "direction": direction, "existing": existing, "generated": gen,
            "capacity": cap, "var_cost_eur_per_unit": var,
            "yield": np.clip(1.0 - spec.loss_share_per_km * length, 0.0, 1.0),
            "component": comp0 + lab[A], "load_factor": float(spec.load_factor)})
        # connections of the flows at the network's sites (a node of kind site, or a siting's plot)
        at_site = (pl_kind == "site") | (pl_kind == "plot")
        # from_net before to_net and each in flow order: the order `candidates.generate` sorts
        # the links in, so a run whose only links are these makes no sorted copy
        for kind, pos, extra in (("from_net", dem, (None, None)), ("to_net", sup, (cop, share))):
            node = positions(ids, node_of[pos])
            at = ((node >= 0) & at_site[np.maximum(node, 0)] & ends[np.maximum(node, 0)]
                  if len(ids)
                  else np.zeros(len(pos), bool))
            pos, node = pos[at], node[at]
            if not len(pos):
                continue
            hp = None if extra[0] is None else extra[0][at]
            sh = None if extra[1] is None else extra[1][at]
            coef = network_leg_coefficients(scen, kind, r, pos, hp, sh, bar[r])
            sites = site_of[pos]
            to = kind == "to_net"
            leg_parts.append({   # the columns in the order of `candidates.linkorder.LINK_FIELDS`
                "supply": pos if to else -1, "demand": -1 if to else pos,
                "source_site": sites if to else party_id(r), "sink_site": party_id(r) if to else sites,
                "supply_resource": r, "demand_resource": r if to else scen.column("flows", "resource")[pos],
                "yield": coef["yield"], "distance_km": 0.0, "great_circle_km": 0.0, "capacity": np.inf,
                **{k: coef[k] for k in ("lower", "upper", "var_cost_eur_per_unit", "value_eur_per_unit",
                                        "co2_t_per_unit", "investment_eur", "fixed_eur_per_yr")},
                "user_link": False, "heat_pump_cop": hp if hp is not None else np.nan, "kind": kind,
                "hub": -1, "hub_node": -1, "mode": "network", "timing_limited": False,
                "net_node": n0 + node.astype(np.int64)})
        n0 += len(ids)
        c0 += nc
        comp0 += ncomp
    # each table's columns concatenated once from the parts' arrays; its frame is made only
    # when asked for (`Network`: a solve reads the arrays)
    nodes = stack_columns(node_parts, ["node", "node_id", "kind", "resource", "lat", "lon", "component", "hub"])
    corridors = stack_columns(cor_parts, ["corridor_id", "resource", "a", "b", "length_km", "great_circle_km", "direction",
                                   "existing", "generated", "capacity", "var_cost_eur_per_unit", "yield", "component",
                                   "load_factor"])
    corridors = {"corridor": np.arange(len(corridors["a"])), **corridors}
    options = stack_columns(opt_parts, ["corridor", "size", "capacity", "investment_eur", "fixed_eur_per_yr", "loss",
                                 "cap_investment_eur", "cap_fixed_eur_per_yr", "cap_loss", "way"])
    o_cor = options["corridor"]
    if len(o_cor) and np.any(np.diff(o_cor.astype(np.int64)) < 0):   # a corridor's sizes together
        order = np.argsort(o_cor, kind="stable")
        options = {k: v[order] for k, v in options.items()}
    options = {"option": np.arange(len(o_cor)), **options}
    nodes["hub_node"] = _hub_nodes(scen, nodes, corridors)
    legs = stack_columns(leg_parts, []) if leg_parts else {}
    return Network(nodes, corridors, options, generated, temps, sizing, purity, bar, too_long, returns), legs


def carrying_size(capacities: np.ndarray, capacity: np.ndarray) -> np.ndarray:
    """Per row of `capacities` (rated capacity of each catalogue size, smallest first) and its
    `capacity`: the position of the smallest size carrying it, the largest where none does."""
    fits = capacities >= np.asarray(capacity, float)[:, None] * (1 - 1e-9)
    return np.where(fits.any(axis=1), np.argmin(np.where(fits, capacities, np.inf), axis=1),
                    np.argmax(capacities, axis=1)) if len(fits) else np.zeros(0, np.int64)


def _size_at(names: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Per row, the position among the catalogue's size `names` of the size `sizes` gives it (the
    first of that name), -1 where it gives none (""): one dict, not a comparison with every name
    per corridor (0.1 ms a run on FCNetLib sp50x100's 100 corridors of their own costs)."""
    first: dict = {}
    for i, nm in enumerate(names.tolist()):
        first.setdefault(nm, i)
    return np.fromiter((first[v] if v else -1 for v in sizes.tolist()), np.int64, len(sizes))


def _fresh_ids(prefix: str, m: int, taken: set) -> list[str]:
    """`m` ids prefix1, prefix2... skipping those `taken` (corridors.csv may already use one)."""
    out: list[str] = []
    k = 0
    while len(out) < m:
        k += 1
        if f"{prefix}{k}" not in taken:
            out.append(f"{prefix}{k}")
    return out


def _hub_nodes(scen: Scenario, nodes: dict[str, np.ndarray], corridors: dict[str, np.ndarray]) -> np.ndarray:
    """Per network node (`nodes`: the nodes' columns): the (hub, resource) node of
    `candidates.hubs.hub_nodes` it merges with (a hub on the network of one of its
    resources, at a node some corridor of `corridors` ends at: else the hub keeps its own
    balance), else -1."""
    out = np.full(len(nodes["node"]), -1, np.int64)
    if scen.hubs is None or not len(out):
        return out
    ends = np.zeros(len(out), bool)
    ends[np.asarray(corridors["a"], np.int64)] = True
    ends[np.asarray(corridors["b"], np.int64)] = True
    from eitflow.candidates.hubs import hub_nodes

    hn = hub_nodes(scen)
    key = {(int(h), str(r)): int(k) for k, h, r in zip(hn["node"], hn["hub"], hn["resource"])}
    for i, (h, r) in enumerate(zip(nodes["hub"].astype(np.int64), nodes["resource"])):
        if h >= 0 and ends[i]:
            out[i] = key.get((int(h), str(r)), -1)
    return out
