"""Shared networks in the results: the corridors built (size, length, flow, cost) and each
company's share of a network's result, for `results.statistics` (the one place every figure
is computed).

**The allocation rule.** A network is a party of its exchanges, run at cost between its
suppliers and its users: it buys what suppliers inject (connections ``to_net``) and sells what
it delivers (``from_net``) at prices drawn over the whole network (`results.prices.network_bands`):
its surplus (its connections' worth less its corridors' annual cost: annuity, O&M, pumping)
goes half to the suppliers in proportion to what each injects, half to the users in proportion
to what each withdraws, and its margin pays the corridors. Whatever result R it has left (its
side of the connections less that cost: 0 but for rounding, or the part of a hub on the
network) is passed on to the companies it serves in proportion to what each withdraws (a
network that delivers nothing serves its suppliers, by what each injects: `bearers`). A hub
on the network shares its node, so what its legs hand out is drawn from the network: a company
served through such a hub withdraws that (`withdrawals`). So the network's own row nets to
zero, and companies and zones still add up to the run's totals.
"""

from __future__ import annotations

from functools import cached_property

import numpy as np
import pandas as pd

from eitflow.candidates.generate import Candidates
from eitflow.candidates.netreach import idle_option_periods
from eitflow.candidates.network import LINEAR
from eitflow.results.catalogueprices import catalogue_size, size_class
from eitflow.results.tables import REL_TOL, given_capacity
from eitflow.scenario import Scenario
from eitflow.solve.status import Solution

__all__ = ["CORRIDOR_COLUMNS", "company_parts", "NETWORK_SHARE_COLUMNS", "NetworkStatistics", "corridors_built", "network_build_rows",
           "network_costs", "network_investment", "network_shares", "network_totals", "resource_rows", "split_parties", "with_cost_shares",
           "withdrawal_shares", "withdrawals", "bearers", "zone_inputs"]

CORRIDOR_COLUMNS = ["corridor_id", "resource", "from", "to", "existing", "generated", "sizing", "size", "length_km",
                    "capacity", "capacity_rated", "capacity_unit", "capacity_given", "capacity_given_unit",
                    "flow_forward", "flow_backward", "flow", "peak", "unit", "loss", "pipe_cost_eur_per_yr", "pumping_eur_per_yr", "annual_cost_eur_per_yr",
                    "investment_eur",
                    "catalogue_size", "catalogue_annual_cost_eur_per_yr", "catalogue_investment_eur",
                    "from_lat", "from_lon", "to_lat", "to_lon"]

NETWORK_SHARE_COLUMNS = ["network", "resource", "site_id", "withdrawn", "unit", "share", "cost_share_eur_per_yr",
                         "investment_share_eur", "supplier_connections_share_eur", "heat_pumps_share_eur",
                         "hubs_share_eur"]


def arc_flows(cand: Candidates, sol: Solution) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per corridor: yearly flow from -> to, to -> from, and the busiest period's flow at a
    yearly rate (both directions), in network base units/yr."""
    net = cand.network
    assert net is not None
    nc = len(net.corridors)
    arcs = net.arcs
    cor = arcs["corridor"].to_numpy(np.int64)
    fwd = arcs["arc"].to_numpy(np.int64) < nc
    af = np.zeros(len(arcs)) if sol.arc_flow is None else np.asarray(sol.arc_flow, float)
    f_ab, f_ba = np.zeros(nc), np.zeros(nc)
    np.add.at(f_ab, cor[fwd], af[fwd])
    np.add.at(f_ba, cor[~fwd], af[~fwd])
    # both ways in one month, as the capacity rows hold them (not each way's own busiest month)
    apf = np.zeros((len(arcs), 1)) if sol.arc_period_flow is None else np.asarray(sol.arc_period_flow, float)
    apf = apf * apf.shape[1] if apf.ndim == 2 and len(apf) == len(arcs) else np.zeros((len(arcs), 1))
    both = np.zeros((nc, apf.shape[1]))
    np.add.at(both, cor, apf)
    return f_ab, f_ba, both.max(axis=1, initial=0.0)


def corridors_built(scen: Scenario, cand: Candidates, sol: Solution) -> pd.DataFrame:
    """One row per corridor built (a size chosen) or existing pipe in use: its ends, size,
    length (km), capacity (rated: `capacity`, network base units/yr; `capacity_rated` in the
    catalogue's `capacity_unit`; `capacity_given` in the `capacity_given_unit` corridors.csv gave
    it in, empty for a catalogue size: 1 kt/yr, not only 0.114155 t/h), yearly flow each way and in all (base units/yr), the busiest period's flow at a yearly rate
    (`peak`, what it is sized for), heat lost (base units/yr), annual cost = annuity + O&M
    (EUR/yr), pumping = unit cost x flow (EUR/yr), investment (EUR), and the ends' coordinates.

    `sizing`: discrete (a catalogue size chosen by the model), linear (`networks.<resource>.
    sizing`: capacity, cost and loss on the fitted lines, what the objective counted), given
    (corridors.csv's own costs) or existing. `catalogue_size` and its `catalogue_annual_cost_
    eur_per_yr` and `catalogue_investment_eur`: the smallest catalogue size whose rated capacity
    carries the capacity the model gave the corridor (a linear one's busiest period / load
    factor), priced from the catalogue as a discrete size is: what building it would cost,
    beside the linear estimate (discrete and given corridors: the same figures; an existing
    pipe that loses heat: the size its loss is reckoned from, at no cost)."""
    net = cand.network
    if net is None or not len(net.corridors) or sol.objective is None:
        return pd.DataFrame(columns=CORRIDOR_COLUMNS)
    from eitflow.units import conversion_factor

    c = net.corridors
    o = net.options
    built = np.zeros(len(o), bool) if sol.option_built is None else np.asarray(sol.option_built, bool)
    chosen = np.full(len(c), -1, np.int64)
    ob = np.flatnonzero(built)
    chosen[o["corridor"].to_numpy(np.int64)[ob]] = ob
    f_ab, f_ba, peak = arc_flows(cand, sol)
    existing = c["existing"].to_numpy(bool)
    flow = f_ab + f_ba
    # an existing pipe is in use when it carries more than the solver's noise (8e-13 t/yr was listed as in use)
    keep = (chosen >= 0) | (existing & (flow > REL_TOL * max(1.0, float(flow.max(initial=0.0)))))
    k = np.flatnonzero(keep)
    ch = chosen[k]
    has = ch >= 0
    ci = np.maximum(ch, 0)
    # the chosen option's value (a network of existing pipes alone has no option to index)
    take = lambda v: v[ci] if len(v) else np.zeros(len(ci), v.dtype)  # noqa: E731
    pick = lambda col, default: np.where(has, take(o[col].to_numpy()), default)  # noqa: E731
    nodes = net.nodes
    a, b = c["a"].to_numpy(np.int64)[k], c["b"].to_numpy(np.int64)[k]
    res = c["resource"].to_numpy()[k]
    cat = scen.catalogue
    unit, base = (np.array([cat[r].network.capacity_unit for r in res], object),  # type: ignore[union-attr, type-var]
                  np.array([cat[r].base_unit for r in res], object))
    factor = np.array([conversion_factor(cat[r].network.capacity_unit, cat[r].base_unit)  # type: ignore[union-attr, type-var]
                       for r in res], float)
    cap = pick("capacity", c["capacity"].to_numpy(float)[k])
    var = c["var_cost_eur_per_unit"].to_numpy(float)[k]
    ex = existing[k]   # an existing pipe that loses heat has an option: the size its loss is reckoned from
    size = np.where(ex, "existing", pick("size", "existing")).astype(object)
    lin = has & (size == LINEAR)
    K = np.zeros(len(o)) if sol.option_capacity is None else np.asarray(sol.option_capacity, float)
    K = np.where(lin, take(K), 0.0)
    per_cap = {col: np.where(lin, take(o[col].to_numpy(float)) * K, 0.0) if col in o else np.zeros(len(k))
               for col in ("cap_investment_eur", "cap_fixed_eur_per_yr", "cap_loss")}
    # a pipe loses heat only in the periods something can enter it (`netreach.idle_option_periods`)
    live = np.where(has, 1.0 - take(idle_option_periods(scen, cand).mean(axis=1)), 1.0)
    cap = np.where(lin, K, cap)
    annual = pick("fixed_eur_per_yr", 0.0).astype(float) + per_cap["cap_fixed_eur_per_yr"]
    invest = pick("investment_eur", 0.0).astype(float) + per_cap["cap_investment_eur"]
    lin_as = np.array(["classes" if net.sizing.get(str(r)) == "classes" else LINEAR for r in res], object)  # or a class
    sizing = np.where(~has | ex, "existing", np.where(lin, lin_as, np.where(size == "custom", "given", "discrete")))
    size = np.where(sizing == "classes", size_class(scen, res, sizing, take(o["capacity"].to_numpy(float)) / factor), size)
    if scen.corridors is not None and len(scen.corridors):
        # a corridor with its own costs on a size it was given (DN150 and a fixed cost) is that size, not
        # "custom" (it was costed with it); so is an existing pipe given its size (a DN50 read 'existing')
        given = dict(zip(scen.corridors["corridor_id"].astype(str), scen.corridors["size"].astype(str)))
        named = np.array([given.get(str(i), "") for i in c["corridor_id"].to_numpy()[k]], object)
        size = np.where(((sizing == "given") | ex) & (named != "") & (named != "nan"), named, size)
    cat_size, cat_annual, cat_inv = np.where(ex & has, pick("size", ""), size), annual.copy(), invest.copy()
    for r in np.unique(res[lin]):
        i = np.flatnonzero(lin & (res == r))
        cat_size[i], cat_annual[i], cat_inv[i] = catalogue_size(scen, str(r), c["length_km"].to_numpy(float)[k[i]], K[i],
                                                                  net.pressure_bar.get(str(r)))
    pump = var * flow[k]
    out = pd.DataFrame({
        "corridor_id": c["corridor_id"].to_numpy()[k], "resource": res,
        "from": nodes["node_id"].to_numpy()[a], "to": nodes["node_id"].to_numpy()[b],
        "existing": existing[k], "generated": c["generated"].to_numpy(bool)[k],
        "sizing": sizing, "size": size, "length_km": c["length_km"].to_numpy(float)[k],
        "capacity": cap, "capacity_rated": cap / factor, "capacity_unit": unit, **dict(zip(  # as corridors.csv gave it
            ("capacity_given", "capacity_given_unit"), given_capacity(scen, c["corridor_id"].to_numpy()[k], cap, base))),
        "flow_forward": f_ab[k], "flow_backward": f_ba[k], "flow": flow[k], "peak": peak[k],
        # all it loses: its size's W/m (half at each end) and the share lost per km (`networks.<r>.loss_share_per_km`)
        "unit": base, "loss": (pick("loss", 0.0).astype(float) + per_cap["cap_loss"]) * live
        + (1.0 - c["yield"].to_numpy(float)[k]) * flow[k],
        # annual cost: the pipe's (annuity + O&M) and its pumping, summed into summary.json's networks (report, map)
        "pipe_cost_eur_per_yr": annual, "pumping_eur_per_yr": pump, "annual_cost_eur_per_yr": annual + pump,
        "investment_eur": invest, "catalogue_size": cat_size,
        "catalogue_annual_cost_eur_per_yr": cat_annual + pump, "catalogue_investment_eur": cat_inv,
        "from_lat": nodes["lat"].to_numpy(float)[a], "from_lon": nodes["lon"].to_numpy(float)[a],
        "to_lat": nodes["lat"].to_numpy(float)[b], "to_lon": nodes["lon"].to_numpy(float)[b]},
        columns=CORRIDOR_COLUMNS)
    if scen.params.objective == "co2":   # build switches are free for CO2: a built corridor without flow is not built
        out = out[out["flow"] > 0]
    return out.sort_values(["resource", "corridor_id"], kind="stable").reset_index(drop=True)


def network_costs(corridors: pd.DataFrame) -> pd.DataFrame:
    """Per network resource: cost_eur_per_yr (corridors' annual cost, pumping and existing pipes'
    pumping included, EUR/yr), investment_eur (EUR), n_corridors and length_km (the corridors
    built: new ones), n_existing and length_existing_km (existing pipes in use)."""
    cols = ["resource", "cost_eur_per_yr", "investment_eur", "n_corridors", "length_km", "n_existing",
            "length_existing_km"]
    if not len(corridors):
        return pd.DataFrame(columns=cols)
    ex = corridors["existing"].to_numpy(bool)
    km = corridors["length_km"].to_numpy(float)
    g = corridors.assign(cost=corridors["annual_cost_eur_per_yr"], new=~ex,
                         old=ex, new_km=np.where(ex, 0.0, km), old_km=np.where(ex, km, 0.0)).groupby(
        "resource", sort=True).agg(cost_eur_per_yr=("cost", "sum"), investment_eur=("investment_eur", "sum"),
                                   n_corridors=("new", "sum"), length_km=("new_km", "sum"),
                                   n_existing=("old", "sum"), length_existing_km=("old_km", "sum"))
    return g.reset_index()[cols]


def withdrawals(L: pd.DataFrame) -> pd.DataFrame:
    """The rows of `L` (`Statistics`' links) that take from a network, with its party id in
    column `party`: the network's deliveries (`from_net`) and the legs out of a hub that sits on
    the network (`Statistics.links`' `network_party`: its node is the network's, so what it
    hands out is drawn from the network)."""
    kind = L["kind"].to_numpy().astype(str) if len(L) else np.zeros(0, str)
    on = L["network_party"].to_numpy().astype(str) if "network_party" in L else np.full(len(L), "")
    party = np.where(kind == "from_net", L["source_site"].to_numpy().astype(str), np.where(kind == "from_hub", on, ""))
    return L.assign(party=party)[party != ""]


def bearers(L: pd.DataFrame) -> pd.DataFrame:
    """The rows of `L` (`Statistics`' links) that bear a network's cost and take its result
    (`party`: the network; `company`: who they stand for): its withdrawals, or, for a network
    that delivers nothing (its suppliers' heat all lost along existing pipes kept in service,
    which pays where their disposal avoided is worth more than the pumping), its injections."""
    w = withdrawals(L)
    w = w.assign(company=w["sink_site"].to_numpy())
    inj = L[L["kind"].astype(str).to_numpy() == "to_net"] if len(L) else L.iloc[:0]
    lone = inj[~inj["sink_site"].astype(str).isin(set(w["party"]))]
    if not len(lone):
        return w
    lone = lone.assign(party=lone["sink_site"].astype(str).to_numpy(), company=lone["source_site"].to_numpy())
    return pd.concat([w, lone])


def withdrawal_shares(L: pd.DataFrame) -> pd.DataFrame:
    """Per network party and company it serves: the share of the network's deliveries that
    company takes (`withdrawals`' amounts; the shares of a network sum to 1); for a network that
    delivers nothing, each supplier's share of what is injected (`bearers`)."""
    d = bearers(L)
    if not len(d):
        return pd.DataFrame(columns=["party", "site_id", "share"])
    g = d.groupby(["party", "company"], sort=True)["amount"].sum().reset_index()
    g["share"] = g["amount"] / g.groupby("party")["amount"].transform("sum")
    return g.rename(columns={"company": "site_id"})[["party", "site_id", "share"]]


def split_parties(frames: list[pd.DataFrame], shares: pd.DataFrame, col: str = "site_id") -> list[pd.DataFrame]:
    """`frames` with every row of a network party (its `col`) replaced by one row per company
    the network serves, its numbers times that company's share (`withdrawal_shares`): the
    allocation rule of the module docstring. Rows of other parties are unchanged; sums are
    kept (a network that serves nobody keeps its rows)."""
    if not len(shares):
        return frames
    parties = set(shares["party"])
    out = []
    for f in frames:
        mine = f[col].isin(parties).to_numpy() if len(f) and col in f else np.zeros(len(f), bool)
        if not mine.any():
            out.append(f)
            continue
        m = f[mine].merge(shares.rename(columns={"site_id": "_to"}), left_on=col, right_on="party", how="left")
        served = m["_to"].notna().to_numpy()
        num = [c for c in f.columns if c != col and _extensive(c) and pd.api.types.is_numeric_dtype(f[c])]
        m.loc[served, num] = m.loc[served, num].mul(m.loc[served, "share"], axis=0)
        m.loc[served, col] = m.loc[served, "_to"]
        if "kind" in m:
            m.loc[served, "kind"] = "site"
        out += [f[~mine], m[f.columns]]
    return out


def network_build_rows(corridors: pd.DataFrame, hub_parts: pd.DataFrame | None = None) -> pd.DataFrame:
    """The networks' annual cost and investment as rows of their party (site_id = the network's
    party id), to be split over the companies they serve (`split_parties`): their corridors' and
    the parts of the hubs standing on them (`hub_parts`, `results.netparts.hub_parties`)."""
    from eitflow.candidates.network import party_id

    c = network_costs(corridors)
    h = hub_parts if hub_parts is not None and len(hub_parts) else None
    cost = np.r_[c["cost_eur_per_yr"].to_numpy(float), [] if h is None else h["cost_eur_per_yr"].to_numpy(float)]
    return pd.DataFrame({"site_id": [party_id(r) for r in c["resource"]] + ([] if h is None else list(h["party"])),
                         "kind": "network", "build_cost_eur_per_yr": cost, "annual_cost_eur_per_yr": cost,
                         "investment_eur": np.r_[c["investment_eur"].to_numpy(float),
                                                 [] if h is None else h["investment_eur"].to_numpy(float)]})


def network_investment(L: pd.DataFrame, corridors: pd.DataFrame, hub_parts: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per network party (`party`): what it invests (EUR), passed on to the companies it serves
    (`withdrawal_shares`): ``corridors_eur`` (summary.json's network investment),
    ``supplier_connections_eur`` (its injections' connections, the legs into a hub standing on
    it too: it buys their heat and, as every buyer, pays the connection), ``heat_pumps_eur`` (the
    pumps at those injections, whose costs are in the injection's value, the buyer's side;
    `results.heatpumps`) and ``hubs_eur`` (the hubs standing on it, `hub_parts`)."""
    from eitflow.candidates.network import PARTY_PREFIX, party_id

    nc = network_costs(corridors)
    cor = pd.Series(nc["investment_eur"].to_numpy(float), index=[party_id(r) for r in nc["resource"]], dtype=float)
    into = L[L["sink_site"].astype(str).str.startswith(PARTY_PREFIX)] if len(L) else L
    into = into.assign(hp=into["heat_pump_investment_eur"] if "heat_pump_investment_eur" in into else 0.0)
    g = into.groupby("sink_site")[["investment_eur", "hp"]].sum().astype(float)
    hubs = (hub_parts.groupby("party")["investment_eur"].sum().astype(float) if hub_parts is not None
            and len(hub_parts) else pd.Series(dtype=float))
    party = sorted(set(cor.index) | set(g.index) | set(hubs.index))
    g = g.reindex(party).fillna(0.0)
    return pd.DataFrame({"party": party, "corridors_eur": cor.reindex(party).fillna(0.0).to_numpy(float),
                         "supplier_connections_eur": (g["investment_eur"] - g["hp"]).to_numpy(float),
                         "heat_pumps_eur": g["hp"].to_numpy(float),
                         "hubs_eur": hubs.reindex(party).fillna(0.0).to_numpy(float)})


def company_parts(parts: list[pd.DataFrame], L: pd.DataFrame, corridors: pd.DataFrame,
                  hub_parts: pd.DataFrame | None = None) -> list[pd.DataFrame]:
    """`Statistics.companies`' rows (site_id, as_supplier/as_buyer/build_cost EUR/yr, co2,
    investment, n_links) with each network passed on to the companies it serves (the
    allocation rule): the network's side of its connections less its cost becomes, times each
    company's share, that company's `network_result_eur_per_yr` (never its gain as a supplier or a
    buyer: a town that only buys heat does not supply the network's margin), the CO2 of the
    network's connections goes to the company's own column, its investment (`network_investment`:
    corridors, the suppliers' connections and their heat pumps, as network_shares.csv gives them) to its
    `investment_eur`, and a network's connections are not the company's links (n_links 0). The
    parts of the hubs standing on a network (`hub_parts`, `results.netparts.hub_parties`) are
    its party's: their cost and investment as the corridors'; `L` has their legs' hub end as the
    network's (`results.netparts.by_piece`)."""
    from eitflow.candidates.network import PARTY_PREFIX

    sh = withdrawal_shares(L)
    nets = set(sh["party"])
    out = []
    for p in parts:
        m = p["site_id"].isin(nets).to_numpy() if len(p) and nets else np.zeros(len(p), bool)
        mine = p["site_id"].astype(str).str.startswith(PARTY_PREFIX) if len(p) else None
        if mine is not None and "investment_eur" in p and mine.any():
            # a network's investment comes once, from `network_investment` (below)
            p = p.assign(investment_eur=p["investment_eur"].where(~mine, 0.0))
        if m.any():
            p = p.copy()
            sides = [c for c in ("as_supplier_eur_per_yr", "as_buyer_eur_per_yr") if c in p]
            p["network_result_eur_per_yr"] = np.where(m, p[sides].fillna(0.0).sum(axis=1), 0.0)
            p.loc[m, sides] = 0.0
            if "n_links" in p:
                p.loc[m, "n_links"] = 0
        out.append(p)
    b, inv = network_build_rows(corridors, hub_parts), network_investment(L, corridors, hub_parts)
    out.append(pd.DataFrame({"site_id": b["site_id"], "kind": "network", "network_result_eur_per_yr": -b["build_cost_eur_per_yr"]}))
    out.append(pd.DataFrame({"site_id": inv["party"], "kind": "network",
                             "investment_eur": inv.drop(columns="party").sum(axis=1)}))   # all it invests
    return split_parties(out, sh)


_EXTENSIVE = ("amount", "demand_amount", "capacity_needed", "delivered", "investment_eur")


def _extensive(col: str) -> bool:
    """A column that adds up over parts of an exchange (EUR/yr, tCO2/yr, amounts, EUR), as
    opposed to a price or a value per unit."""
    return col.endswith("_per_yr") or col in _EXTENSIVE


def zone_inputs(L: pd.DataFrame, corridors: pd.DataFrame, supplies: pd.DataFrame,
                hub_parts: pd.DataFrame | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The links and the built-supply rows `results.zones.zone_table` reads, with the networks
    split over the companies they serve (their side of every connection and their cost, the
    hubs standing on them too: `hub_parts`)."""
    from eitflow.candidates.network import PARTY_PREFIX

    sh = withdrawal_shares(L)
    # a network is a place of its own: its connections are never inside a zone, not even once
    # split over companies of one zone (`zone_table`'s `via_network`)
    via = L["source_site"].astype(str).str.startswith(PARTY_PREFIX) | L["sink_site"].astype(str).str.startswith(PARTY_PREFIX)
    Lz = pd.concat(split_parties(split_parties([L.assign(via_network=via.to_numpy(bool))], sh, "source_site"), sh,
                                 "sink_site"), ignore_index=True)
    sp = pd.concat(split_parties([supplies, network_build_rows(corridors, hub_parts)], sh), ignore_index=True)
    return Lz, sp


def resource_rows(corridors: pd.DataFrame) -> pd.DataFrame:
    """Per network resource: its cost as a negative net benefit and its investment (for
    `Statistics.resources`)."""
    nc = network_costs(corridors)
    return pd.DataFrame({"resource": nc["resource"], "net_benefit_eur_per_yr": -nc["cost_eur_per_yr"].astype(float),
                         "investment_eur": nc["investment_eur"].astype(float)})


def network_totals(corridors: pd.DataFrame, L: pd.DataFrame | None) -> tuple[float, float, float]:
    """(annual cost EUR/yr, investment EUR, corridors) of the networks whose connections are in
    `L`; None: all the corridors built, the whole run's (a pipe a user's row keeps built idle too)."""
    nc = network_costs(corridors)
    on = L["network_party"].astype(str).ne("") if L is not None and "network_party" in L else False  # legs of a hub on one
    nc = nc if L is None else nc[nc["resource"].isin(set(L.loc[L["kind"].isin(["to_net", "from_net"]) | on, "supply_resource"]))]
    return float(nc["cost_eur_per_yr"].sum()), float(nc["investment_eur"].sum()), float(nc["n_corridors"].sum())


def with_cost_shares(L: pd.DataFrame, corridors: pd.DataFrame) -> pd.DataFrame:
    """`L` (`Statistics`' links) with each exchange's share of a network's cost, the first part
    of the figure the report, the brief and results.xlsx show for an exchange
    (`results.shares.with_shares`, which adds the hubs' part and the figure after both).

    **The rule** (the module docstring's, per connection): a delivery connection (network ->
    company, ``from_net``, or a leg out of a hub on the network: `withdrawals`) bears its network's annual cost (corridors' annuity + O&M + pumping,
    EUR/yr) in proportion to what it withdraws (a postage stamp: the same EUR per unit
    delivered), so a company's connections together bear its `cost_share_eur_per_yr` of
    network_shares.csv. Injections and every other exchange bear none: they keep their own
    v x - F (but the injections into a network that delivers nothing, which bear its cost by
    what each injects: `bearers`). Column added: network_cost_share_eur_per_yr (>= 0, EUR/yr), which sums over all
    exchanges to the networks' cost."""
    from eitflow.candidates.network import party_id

    nc = network_costs(corridors)
    cost = dict(zip((party_id(r) for r in nc["resource"]), nc["cost_eur_per_yr"].astype(float)))
    w = bearers(L.reset_index(drop=True))   # a network that delivers nothing: its injections
    d, src, amt = w.index.to_numpy(), w["party"].to_numpy(), w["amount"].to_numpy(float)
    share = np.zeros(len(L))
    if len(d):
        # one network's deliveries share one unit (its resource's base unit)
        total = pd.Series(amt).groupby(src).transform("sum").to_numpy(float)
        share[d] = amt / total * np.array([cost.get(p, 0.0) for p in src])
    return L.assign(network_cost_share_eur_per_yr=share + 0.0)


def network_shares(L: pd.DataFrame, corridors: pd.DataFrame, hub_parts: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each company's share of a network (the allocation rule of the module docstring): per
    network and company it serves, what it withdraws (`withdrawals`: its connections, and its
    legs from a hub on the network; base units/yr),
    its share of the deliveries, and that share of the network's annual cost (corridors'
    annuity + O&M + pumping, EUR/yr) and of its investment (`network_investment`, EUR): its
    corridors' (`investment_share_eur`), its suppliers' connections'
    (`supplier_connections_share_eur`) and the heat pumps at their injections'
    (`heat_pumps_share_eur`); companies.csv's `investment_eur` of a company holds all three,
    besides its own connections. The shares of a network sum to 1, its cost shares to its cost
    (a network that delivers nothing: its suppliers', by what each injects, `bearers`)."""
    sh = withdrawal_shares(L)
    if not len(sh):
        return pd.DataFrame(columns=NETWORK_SHARE_COLUMNS)
    if "network_cost_share_eur_per_yr" not in L:
        L = with_cost_shares(L, corridors)
    d = bearers(L)
    took = np.where(d["kind"].astype(str).to_numpy() == "to_net", 0.0, d["amount"].to_numpy(float))
    amt = d.assign(took=took).groupby(["party", "company"], sort=True)["took"].sum()
    # a company's share of the cost: its connections' shares (`with_cost_shares`, one rule)
    cs = d.groupby(["party", "company"], sort=True)["network_cost_share_eur_per_yr"].sum()
    unit = d.groupby("party", sort=True)["unit"].first()
    res = d.groupby("party", sort=True)["supply_resource"].first()
    inv = network_investment(L, corridors, hub_parts).set_index("party")
    party, site, share = sh["party"].to_numpy(), sh["site_id"].to_numpy(), sh["share"].to_numpy(float)
    out = pd.DataFrame({
        "network": party, "resource": res.reindex(party).to_numpy(), "site_id": site,
        "withdrawn": [float(amt[(p, s_)]) for p, s_ in zip(party, site)], "unit": unit.reindex(party).to_numpy(),
        "share": share, "cost_share_eur_per_yr": [float(cs[(p, s_)]) for p, s_ in zip(party, site)],
        "investment_share_eur": share * inv["corridors_eur"].reindex(party).fillna(0.0).to_numpy(float),
        **{f"{k[:-4]}_share_eur": share * inv[k].reindex(party).fillna(0.0).to_numpy(float)
           for k in ("supplier_connections_eur", "heat_pumps_eur", "hubs_eur")}}, columns=NETWORK_SHARE_COLUMNS)
    return out.sort_values(["network", "cost_share_eur_per_yr", "site_id"], ascending=[True, False, True],
                           kind="stable").reset_index(drop=True)


class NetworkStatistics:
    """The network part of `results.statistics.Statistics` (a base class, so the figures stay
    in one place): the corridors built, computed once."""

    scenario: Scenario
    candidates: Candidates
    solution: Solution

    @cached_property
    def _corridors(self) -> pd.DataFrame:
        return corridors_built(self.scenario, self.candidates, self.solution)

    def corridors(self) -> pd.DataFrame:
        """One row per network corridor built or existing pipe in use (`corridors_built`):
        size, length (km), capacity, flows (base units/yr), annual cost and pumping (EUR/yr),
        investment (EUR)."""
        return self._corridors.copy()

    def network_shares(self) -> pd.DataFrame:
        """Each company's share of each network's cost and investment (`network_shares`)."""
        L, cor = getattr(self, "_by_piece")   # by piece, with the hubs standing on each
        return network_shares(L, cor, getattr(self, "_hub_parts"))


def network_summary(cand: Candidates, corridors: pd.DataFrame, sol: Solution,
                    balance: dict[str, dict] | None = None, hubs: dict[str, list[str]] | None = None) -> dict | None:
    """summary.json's `networks` block: per resource, the nodes, the candidate corridors (given
    in corridors.csv and generated by eitflow), temperature and return temperature (degC; heat and steam), purity (mol/mol)
    and pressure (bar; hydrogen), the corridors built and their length (km), the existing pipes
    in use and theirs, the annual
    cost (EUR/yr, as the objective counts it) and investment (EUR), the pipe sizing used
    (discrete | linear) and the annual cost of the same corridors at the catalogue sizes that
    carry them (`corridors_built`; with linear sizing, beside the fitted estimate); and what
    the directed cuts did (`solve.netcuts`). `balance` (resource -> `results.netbalance.balances`):
    each network's ``balance``, what its supplies inject, its heat pumps add, its corridors lose
    and its users withdraw (in ``balance.unit``, the resource's base unit per year). `hubs`
    (resource -> `hubs_on_network`): each network's ``hubs_on_network``, the hubs standing on it."""

    net = cand.network
    if net is None:
        return None
    c = net.corridors
    built = network_costs(corridors).set_index("resource")
    out: dict = {}
    for r in sorted(set(c["resource"]) | set(net.generated)):
        mine = c["resource"] == r
        gen = int(net.generated.get(r, 0))
        out[r] = {"nodes": int((net.nodes["resource"] == r).sum()), "candidate_corridors": int(mine.sum()),
                  "generated_corridors": gen, "given_corridors": int(mine.sum()) - gen,
                  "temperature_c": net.temperature_c.get(r),
                  "return_temperature_c": net.return_temperature_c.get(r),
                  "purity": net.purity.get(r), "pressure_bar": net.pressure_bar.get(r),
                  "corridors_built": int(built.at[r, "n_corridors"]) if r in built.index else 0,
                  "length_built_km": float(built.at[r, "length_km"]) if r in built.index else 0.0,
                  "existing_in_use": int(built.at[r, "n_existing"]) if r in built.index else 0,
                  "length_existing_km": float(built.at[r, "length_existing_km"]) if r in built.index else 0.0,
                  "annual_cost_eur_per_yr": float(built.at[r, "cost_eur_per_yr"]) if r in built.index else 0.0,
                  "investment_eur": float(built.at[r, "investment_eur"]) if r in built.index else 0.0,
                  "sizing": net.sizing.get(r, "discrete"),
                  # the same corridors at the catalogue sizes that carry them (linear sizing: the real cost)
                  "catalogue_annual_cost_eur_per_yr": float(corridors["catalogue_annual_cost_eur_per_yr"][
                      corridors["resource"] == r].sum()) if len(corridors) else 0.0,
                  "balance": (balance or {}).get(r), "hubs_on_network": (hubs or {}).get(r, [])}
    cuts = [{k: float(v) if isinstance(v, (float, np.floating)) else v for k, v in d.items()}
            for d in (sol.network_cuts or [])]
    return {"by_resource": out, "cuts": cuts}
