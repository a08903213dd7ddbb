"""`eitflow explain`'s rank-0 row `network_not_selected`: a flow whose site the network's
corridors reach (`candidates.netwhy.network_reason` finds nothing against it) and whose
connection the optimum leaves idle, with what limits it.

A demand: what its connection would bring at full use (v M - F) before the corridors to it, and
after the least its units cost at the network's supplies where they have a price (heat sold at
25 EUR/MWh: before, a demand held back by that price and what an existing pipe loses on the way
was told only that the corridors to it, free there, cost more).
A supply: its injection is worth nothing to the network by itself (the network buys at its
price, 0 for waste heat, and pays a heat pump where it is colder), so its own figure says
nothing; what limits it is the plan: the demands the network can take it to (along the
corridors' directions) and how much of them other supplies already serve, what it gives
its other exchanges, and the heat pump its injection would need."""

from __future__ import annotations

import numpy as np
import pandas as pd

from eitflow.candidates.generate import Candidates
from eitflow.candidates.netreach import reached_from
from eitflow.candidates.rules import per_unit
from eitflow.i18n import Named, Net, Phrase, Unit
from eitflow.ids import said_site
from eitflow.scenario import Scenario

__all__ = ["RULE_NETWORK_IDLE", "RULE_NETWORK_MATCHED", "network_idle"]

RULE_NETWORK_IDLE = "network_not_selected"  # the network's corridors reach the flow; the optimum does not extend it
RULE_NETWORK_MATCHED = "matched"   # connected: the network serves it (or takes its heat), as a pair exchanging
NAMED = 3   # demands and suppliers named in a sentence; the others counted


def network_idle(scen: Scenario, cand: Candidates, x: np.ndarray, k: int, head: dict, site: str,
                 base: str, too_large: dict | None = None) -> list[dict]:
    """A rank-0 row when flow k could connect to a shared network (a candidate connection:
    the corridors reach its site): `network_not_selected` when the optimum leaves that
    connection idle, `matched` with what it withdraws (or injects) when it is used; none
    otherwise (before, a flow the network served in full read only its direct partners,
    'not_selected').

    Parameters
    ----------
    scen, cand : the scenario and its candidates (links, networks).
    x : per candidate link, its flow in the solution (supply base units/yr).
    k : the flow's position in scen.flows.
    head : the row's first columns (the flow's own).
    site : the flow's site as people know it, its code beside it.
    base : flow k's unit (MWh/yr, t/yr), which the network's resource shares.
    too_large : the flows whose min_amount is more than the corridors at their place carry
        (`results.netfull.network_min_too_large`): a supply whose every demand downstream is one
        of them, none served, is told so (`min_amount`, unmatched.csv's words), not that what
        they would pay does not cover the corridors (an incinerator beside a DN400 user asking
        300,000 MWh/yr of 257,982).

    Returns
    -------
    list of dict: the row (detail, best_case_eur_per_yr = v M - F of the connection at full
    use, EUR/yr, and its CO2, t/yr), or none.
    """
    lk = cand.links
    if "kind" not in lk or not len(lk):
        return []
    kind = lk["kind"].to_numpy().astype(str)
    end = np.where(kind == "to_net", lk["supply"].to_numpy(np.int64), lk["demand"].to_numpy(np.int64))
    mine = np.flatnonzero(np.isin(kind, ["to_net", "from_net"]) & (end == k))
    if not len(mine):
        return []
    if (x[mine] > 0).any():   # connected: what it withdraws from (or injects into) the network
        a = int(mine[x[mine] > 0][0])
        r = str(lk["supply_resource"].iat[a])
        inj = kind[a] == "to_net"
        got = float(x[mine].sum()) if inj else float((lk["yield"].to_numpy(float)[mine] * x[mine]).sum())
        return [{**head, "rank": 0, "partner_site": str(lk["sink_site" if inj else "source_site"].iat[a]),
                 "partner_resource": r, "rule": RULE_NETWORK_MATCHED,
                 "detail": Phrase("ex_network_matched_supply" if inj else "ex_network_matched_demand",
                                  amount=got, unit=Unit(base), net=Net(r), site=site)}]
    a = int(mine[0])
    v, M, F = (float(lk[c].iat[a]) for c in ("value_eur_per_unit", "upper", "fixed_eur_per_yr"))
    party = str(lk["sink_site"].iat[a] if kind[a] == "to_net" else lk["source_site"].iat[a])
    r = str(lk["supply_resource"].iat[a])
    users = _min_bound_users(scen, cand, x, a, too_large or {}) if kind[a] == "to_net" else None
    if users:
        return [{**head, "rank": 0, "partner_site": party, "partner_resource": r, "rule": "min_amount",
                 "detail": Phrase("um_net_users_min", net=Net(r), users=users)}]
    if kind[a] == "to_net":
        detail = Phrase("ex_network_idle_supply", net=Net(r), site=site,
                        why=_supply_limits(scen, cand, x, k, a, base), pump=_pump(scen, lk, a, base))
    else:
        cost = _least_heat_cost(cand, a)
        heat = Phrase("ex_network_idle_heat", after=v * M - F - cost * M, cost=cost, res=Named(r), **per_unit(base)) \
            if cost > 0 else ""
        lose = Phrase("ex_network_idle_lose", res=Named(r)) if base == "MWh/yr" else ""   # heat and steam pipes lose
        detail = Phrase("ex_network_idle", net=Net(r), site=site, best=v * M - F, value=v, upper=M, fixed=F, res=Named(r),
                        heat=heat, lose=lose, **per_unit(base))
    return [{**head, "rank": 0, "partner_site": party, "partner_resource": r, "rule": RULE_NETWORK_IDLE,
             "detail": detail, "best_case_eur_per_yr": v * M - F,
             "best_case_co2_t_per_yr": float(lk["co2_t_per_unit"].iat[a]) * M}]


def _least_heat_cost(cand: Candidates, a: int) -> float:
    """The least a unit of the network's resource costs at the supplies that can inject into the
    piece of network demand connection `a` draws from (EUR per network unit: what the network
    pays per unit of a supply, -v, over what it gives, the yield: a heat pump at injection gives
    more than it takes in; a leg into a hub on it, what reaches the hub): a lower bound on what
    the demand's units cost the network; 0 or less where some supply gives its heat away, or is
    paid to get rid of it. CO2 trucked into a hub on a CO2 network: 9.382 EUR/t (its compression
    into dense phase, 9.372 at 80 EUR/MWh and 100 EUR/tCO2, and its truck's CO2, 0.01)."""
    lk, net = cand.links, cand.network
    assert net is not None
    kind = lk["kind"].to_numpy().astype(str)
    nn = lk["net_node"].to_numpy(np.int64)
    comp = np.asarray(net.node_arrays["component"], np.int64)
    # a leg into a hub standing on the network puts in at the hub's node (`candidates.netreach`),
    # its value with the compression a CO2 network's injection pays (what goes on down the pipes)
    nh = np.asarray(net.node_arrays["hub_node"], np.int64)   # per network node, its hub's node or -1
    on = np.flatnonzero(nh >= 0)
    on = on[np.argsort(nh[on], kind="stable")]
    hn = lk["hub_node"].to_numpy(np.int64) if "hub_node" in lk else np.full(len(lk), -1)
    leg = (kind == "to_hub") & np.isin(hn, nh[on])
    at = np.where((kind == "to_net") & (nn >= 0), nn, -1)
    at[leg] = on[np.searchsorted(nh[on], hn[leg])]
    sup = np.flatnonzero(at >= 0)
    sup = sup[comp[at[sup]] == comp[nn[a]]]
    if not len(sup):
        return 0.0
    v, y = lk["value_eur_per_unit"].to_numpy(float)[sup], lk["yield"].to_numpy(float)[sup]
    return float(np.min(-v / np.maximum(y, 1e-12)))


def _min_bound_users(scen: Scenario, cand: Candidates, x: np.ndarray, a: int, too_large: dict) -> str | None:
    """The demands supply connection `a` can reach along the corridors, said as unmatched.csv
    says them, where each of them is in `too_large` and none is served; else None."""
    lk, net = cand.links, cand.network
    if not too_large or net is None:
        return None
    kind, nn = lk["kind"].to_numpy().astype(str), lk["net_node"].to_numpy(np.int64)
    arcs = net.arc_arrays
    down = reached_from(len(net.node_arrays["node"]), arcs["tail"], arcs["head"], np.array([nn[a]]))
    dem = np.flatnonzero((kind == "from_net") & (nn >= 0) & down[np.maximum(nn, 0)])
    who = lk["demand"].to_numpy(np.int64)[dem]
    if not len(dem) or (x[dem] > 0).any() or not np.isin(who, list(too_large)).all():
        return None
    return ", ".join(said_site(scen.sites, scen.flows["site_id"].iat[int(j)]) for j in np.unique(who))


def _supply_limits(scen: Scenario, cand: Candidates, x: np.ndarray, k: int, a: int, base: str) -> Phrase:
    """What keeps supply k's connection `a` idle in the plan: the demands the network can take
    its injection to (downstream of its node, one-way corridors included), their total (what
    their connections can withdraw at most, network units/yr) and how much other supplies'
    injections already give them, named with what each injects."""
    lk, net = cand.links, cand.network
    assert net is not None
    kind = lk["kind"].to_numpy().astype(str)
    nn = lk["net_node"].to_numpy(np.int64)
    arcs = net.arc_arrays
    down = reached_from(len(net.node_arrays["node"]), arcs["tail"], arcs["head"], np.array([nn[a]]))
    dem = np.flatnonzero((kind == "from_net") & (nn >= 0) & down[np.maximum(nn, 0)])
    need = float(lk["upper"].to_numpy(float)[dem].sum())
    served = float(x[dem].sum())
    comp = np.asarray(net.node_arrays["component"], np.int64)
    others = np.flatnonzero((kind == "to_net") & (nn >= 0) & (x > 0) & (lk["supply"].to_numpy(np.int64) != k))
    others = others[comp[nn[others]] == comp[nn[a]]]
    qu = per_unit(base)["qu"]
    sites = list(dict.fromkeys(lk["sink_site"].to_numpy(object)[dem].tolist()))
    demands = _listed([said_site(scen.sites, s) for s in sites])
    by = _listed([Phrase("ex_taker", who=said_site(scen.sites, lk["source_site"].iat[o]), amount=float(x[o]),
                         unit=Unit(base)) for o in others[np.argsort(-x[others], kind="stable")]])
    # what it already gives its other exchanges (direct links, a hub)
    s = lk["supply"].to_numpy(np.int64)
    used = float(x[(s == k) & (kind != "to_net")].sum())
    if not len(others):
        why = Phrase("ex_net_demands_unserved", demands=demands, need=need, qu=qu)
    elif served >= need * (1 - 1e-6):
        why = Phrase("ex_net_demands_served", demands=demands, need=need, served=served, by=by, qu=qu)
    else:
        # what it could bring them: the demands' room left, at most what is left of its own
        # amount (its connection's, less its other exchanges; in network units after its yield):
        # before, the room alone (a 3,000 t/yr emitter read 'what the 20,000 t/yr left would pay')
        own = max(float(lk["upper"].iat[a]) - used, 0.0) * float(lk["yield"].iat[a])
        why = Phrase("ex_net_demands_left", demands=demands, need=need, served=served, by=by, left=need - served,
                     bring=min(need - served, own), qu=qu)
    return Phrase("ex_net_supply_used", why=why, used=used, qu=qu) if used > 0 else why


def _pump(scen: Scenario, lk: pd.DataFrame, a: int, base: str) -> Phrase | str:
    """The heat pump an injection needs (a supply colder than the network): its COP and what
    its electricity and capacity cost at full use (EUR/yr, and per unit of the supply's heat),
    as matches.csv says them (`results.heatpumps`); "" without one."""
    from eitflow.results.heatpumps import heat_pump_columns

    cop = float(lk["heat_pump_cop"].iat[a]) if "heat_pump_cop" in lk else float("nan")
    if not np.isfinite(cop):
        return ""
    M = float(lk["upper"].iat[a])
    hp = heat_pump_columns(scen.params, np.array([cop]), np.array([float(lk["yield"].iat[a])]), np.array([M]))
    cost = float(hp["heat_pump_electricity_eur_per_yr"][0] + hp["heat_pump_capacity_eur_per_yr"][0])
    return Phrase("ex_net_supply_pump", cop=cop, cost=cost, per=cost / M if M > 0 else 0.0, eu=per_unit(base)["eu"])


def _listed(items: list) -> Phrase | str:
    """The first `NAMED` items, separated by commas, and how many more."""
    if not items:
        return ""
    first = Phrase("ex_net_names", items=items[0]) if len(items) == 1 else _joined(items[:NAMED])
    return first if len(items) <= NAMED else Phrase("ex_net_and_more", list=first, n=len(items) - NAMED)


def _joined(items: list) -> Phrase:
    return Phrase("ex_net_names", items=items[0]) if len(items) == 1 else \
        Phrase("ex_net_names2", first=items[0], rest=_joined(items[1:]))
