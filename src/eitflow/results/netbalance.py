"""A shared network's energy (or matter) balance, the one figure summary.json's
``networks.by_resource.<r>.balance``, results.xlsx, the report's network section and its
Sankey diagram show (read through `results.statistics.Statistics.network_balance`).

Per network resource, in its base unit per year (MWh/yr for heat, t/yr for hydrogen...):

    injected_by_supplies   what the supplies give (the injections' ``amount``: the source's own
                           heat, before a heat pump at injection)
    heat_pump_electricity  what the heat pumps at injection add (their electricity: the pump puts
                           source heat + electricity into the network; 0 without any); a heat or
                           steam network's figure only (`HEAT_ONLY`): NaN for another network
    into_network           what enters the network (the injections' ``demand_amount``)
    losses                 lost along the corridors (the sum of corridors.csv's ``loss``)
    withdrawn              taken by its users (`results.netallocation.withdrawals`: network_shares.csv's
                           ``withdrawn``)
    unaccounted            into_network - withdrawn - losses: 0 to the solver's tolerance (the
                           identity in = withdrawn + losses; `closes` says whether it holds)

A to_net injection without a heat pump has demand_amount = amount; through one (COP c), the
pump's yield is c/(c-1) = 1 + 1/(c-1), the electricity it draws per unit of source heat, so
injected_by_supplies + heat_pump_electricity = into_network.

A hub standing on a CO2 network hands what its legs in bring straight to its legs out where it
can (`model.netpass`): that CO2 never enters the pipes, so the legs count only the rest
(`piped_amounts`: matches.csv's ``passed_through_hub``). Emitter E trucking 100,000 t/yr into
such a hub, which trucks 30,000 straight out to D and puts 70,000 into the pipe to S: into the
network 70,000 t/yr, withdrawn 70,000 (before: 100,000 and 100,000, D's 30,000 among them).
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
import pandas as pd

from eitflow.catalogue import Catalogue
from eitflow.results.netallocation import withdrawals
from eitflow.results.tables import REL_TOL

__all__ = ["BALANCE_FIGURES", "BALANCE_TOL", "HEAT_ONLY", "balances", "exchange_legs", "heat_networks", "network_balance",
           "network_sides", "piped_amounts"]

#: the figures of a balance, in the order they are said (base units/yr)
BALANCE_FIGURES = ["injected_by_supplies", "heat_pump_electricity", "into_network", "losses", "withdrawn",
                   "unaccounted"]
#: the figures only a heat network's balance has: NaN in `network_balance`'s row of another
#: network, left out of summary.json's keys for it (`balances`), so of results.xlsx and the report
HEAT_ONLY = ("heat_pump_electricity",)
#: the identity in = withdrawn + losses holds to this share of what enters (the solver's tolerance)
BALANCE_TOL = 1e-6


def heat_networks(cat: Catalogue) -> set[str]:
    """The resources of `cat` whose network's balance has `HEAT_ONLY`'s
    figures: those with a temperature rule whose catalogue allows heat pumps (`heat_pump`: hot
    water), the only ones with heat pumps at injection (`candidates.netattach`). A heat pump's
    electricity is in MWh, and a hydrogen network (t/yr) has no heat pump; nor has a steam
    header, whose balance read 'heat pumps 0 MWh/yr' under a sentence on heat pumps."""
    return {r for r, c in cat.items() if c.quality == "temperature" and c.heat_pump}


def piped_amounts(L: pd.DataFrame) -> pd.DataFrame:
    """`L` (`Statistics`' links, or matches.csv through `exchange_legs`) with a leg of a hub on a
    CO2 network counting only what goes through the pipes: its ``amount`` (and ``demand_amount``)
    less what its hub passed straight between its legs (``passed_through_hub``, in the leg's
    ``amount`` unit; `results.statistics.Statistics.links`). Every other row as it is."""
    if not len(L) or "passed_through_hub" not in L:
        return L
    amt = L["amount"].to_numpy(float)
    p = np.clip(np.nan_to_num(L["passed_through_hub"].to_numpy(float)), 0.0, np.maximum(amt, 0.0))
    keep = np.where(amt > 0, 1.0 - p / np.where(amt > 0, amt, 1.0), 1.0)
    out = {"amount": amt - p}
    if "demand_amount" in L:
        out["demand_amount"] = L["demand_amount"].to_numpy(float) * keep
    return L.assign(**out)


def _injections(L: pd.DataFrame) -> pd.DataFrame:
    """The rows of `L` that put something into a network, with its party in `party`: the
    injections (``to_net``) and the legs into a hub that sits on the network (its node is the
    network's, so what enters it enters the network; `results.netallocation.withdrawals`' mirror),
    these for what goes into the pipes (`piped_amounts`)."""
    kind = L["kind"].to_numpy().astype(str) if len(L) else np.zeros(0, str)
    on = L["network_party"].to_numpy().astype(str) if "network_party" in L else np.full(len(L), "")
    party = np.where(kind == "to_net", L["sink_site"].to_numpy().astype(str), np.where(kind == "to_hub", on, ""))
    L = piped_amounts(L)
    return L.assign(party=party)[(party != "") & ((kind == "to_net") | (L["amount"].to_numpy(float) > 0))]


def _withdrawals(L: pd.DataFrame) -> pd.DataFrame:
    """`results.netallocation.withdrawals` for what the pipes deliver (`piped_amounts`): a leg out
    of a CO2 hub that took all it carries straight from the hub's legs in draws nothing."""
    w = withdrawals(piped_amounts(L))
    return w[(w["kind"].astype(str).to_numpy() != "from_hub") | (w["amount"].to_numpy(float) > 0)]


def exchange_legs(m: pd.DataFrame, hubs: dict[str, list[str]]) -> pd.DataFrame:
    """matches.csv's rows (a run directory read back, which has no kind and no network_party)
    with the two columns `network_balance` selects its rows by, as `Statistics.links` gives them:
    kind (to_net into a network's party, from_net out of it, to_hub / from_hub a leg of a hub
    standing on a network, else direct) and network_party (such a leg's network). `hubs`:
    resource -> ids of the hubs on its network (summary.json's ``networks.by_resource.<r>.
    hubs_on_network``, `results.netparts.hubs_on_network`); a leg carries its hub's resource."""
    from eitflow.candidates.network import PARTY_PREFIX, party_id

    src, snk = m["source_site"].astype(str).to_numpy(), m["sink_site"].astype(str).to_numpy()
    res = m["supply_resource"].astype(str).to_numpy()
    on = {(str(h), str(r)) for r, ids in (hubs or {}).items() for h in ids}
    hub_in = np.array([(s, r) in on for s, r in zip(snk, res)], bool)
    hub_out = np.array([(s, r) in on for s, r in zip(src, res)], bool)
    kind = np.where(np.char.startswith(snk.astype(str), PARTY_PREFIX), "to_net",
                    np.where(np.char.startswith(src.astype(str), PARTY_PREFIX), "from_net",
                             np.where(hub_in, "to_hub", np.where(hub_out, "from_hub", "direct"))))
    party = np.array([party_id(r) if a or b else "" for r, a, b in zip(res, hub_in, hub_out)], dtype=object)
    return m.assign(kind=kind, network_party=party)


def network_sides(L: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Per row of `L` (`Statistics.links`, or matches.csv through `exchange_legs`): the network
    party it puts something into and the one it takes from ("" for none), the rows
    `network_balance` counts in into_network and in withdrawn (the report's Sankey draws them
    into and out of the network's node)."""
    L = L.reset_index(drop=True)
    into, out = np.full(len(L), "", object), np.full(len(L), "", object)
    inj, wd = _injections(L), _withdrawals(L)
    into[inj.index.to_numpy()] = inj["party"].to_numpy()
    out[wd.index.to_numpy()] = wd["party"].to_numpy()
    return into, out


def network_balance(L: pd.DataFrame, corridors: pd.DataFrame, heat: Collection[str] | None = None) -> pd.DataFrame:
    """Per network resource, its balance (the module docstring's figures).

    Parameters
    ----------
    L : `Statistics`' links (kind, source_site, sink_site, network_party, supply_resource,
        amount and demand_amount in base units/yr).
    corridors : `results.network.corridors_built` (resource, loss in base units/yr).
    heat : the resources whose balance has `HEAT_ONLY`'s figures (`heat_networks`; None: every
        resource, for a caller without the catalogue).

    Returns
    -------
    DataFrame, one row per resource with a corridor in use or a connection: resource, unit,
    `BALANCE_FIGURES` (base units/yr) and closes (bool: |unaccounted| <= `BALANCE_TOL` x what
    enters, at least 1e-6 units). `HEAT_ONLY`'s figures are NaN in the row of a resource not in
    `heat` (a hydrogen, CO2 or water network): not 0 (it said 0 t/yr of heat pumps' electricity
    where summary.json, results.xlsx and the report leave the figure out), and not a column
    left out, as a frame of a heat network and a hydrogen one has it for the first only.
    """
    from eitflow.candidates.network import network_of

    cols = ["resource", "unit", *BALANCE_FIGURES, "closes"]
    inj, wd = _injections(L), _withdrawals(L)
    res_of = lambda parties: [network_of(str(p)) for p in parties]  # noqa: E731
    inj = inj.assign(resource=res_of(inj["party"]))
    wd = wd.assign(resource=res_of(wd["party"]))
    res = sorted(set(inj["resource"]) | set(wd["resource"])
                 | set(corridors["resource"] if len(corridors) else []))
    if not res:
        return pd.DataFrame(columns=cols)
    # a heat pump at injection: the heat its yield adds (= its electricity, see the module docstring)
    hp = inj["heat_pump"].to_numpy(bool) if "heat_pump" in inj else np.zeros(len(inj), bool)
    inj = inj.assign(elec=np.where(hp & (inj["kind"].to_numpy() == "to_net"),
                                   inj["demand_amount"].to_numpy(float) - inj["amount"].to_numpy(float), 0.0))
    by = lambda f, col: f.groupby("resource")[col].sum().reindex(res, fill_value=0.0).to_numpy(float)  # noqa: E731
    loss = (corridors.groupby("resource")["loss"].sum().reindex(res, fill_value=0.0).to_numpy(float)
            if len(corridors) else np.zeros(len(res)))
    unit = pd.concat([inj[["resource", "unit"]], wd[["resource", "unit"]],
                      corridors[["resource", "unit"]] if len(corridors) else None]).drop_duplicates("resource")
    into, taken = by(inj, "demand_amount"), by(wd, "amount")
    gap = into - taken - loss
    elec = np.where([heat is None or r in heat for r in res], by(inj, "elec"), np.nan)   # HEAT_ONLY
    return pd.DataFrame({"resource": res, "unit": unit.set_index("resource")["unit"].reindex(res).to_numpy(),
                         "injected_by_supplies": by(inj, "amount"), "heat_pump_electricity": elec,
                         "into_network": into, "losses": loss, "withdrawn": taken, "unaccounted": gap + 0.0,
                         "closes": np.abs(gap) <= np.maximum(BALANCE_TOL * np.abs(into), max(REL_TOL, 1e-6))},
                        columns=cols)


def balances(balance: pd.DataFrame) -> dict[str, dict]:
    """`network_balance`'s rows as summary.json's ``networks.by_resource.<r>.balance``:
    resource -> {unit (the resource's base unit per year), `BALANCE_FIGURES` in it, closes}.
    A figure the row has not (`HEAT_ONLY`'s, NaN outside heat networks: `network_balance`'s
    `heat`) is left out: results.xlsx said "heat-pump electricity at injection (t/yr)", 0, for
    a hydrogen network (the report's balance table and its Sankey read this too)."""
    out = {}
    for r in balance.to_dict("records"):
        said = [k for k in BALANCE_FIGURES if k not in HEAT_ONLY or not pd.isna(r[k])]
        out[str(r["resource"])] = {"unit": str(r["unit"]), **{k: float(r[k]) for k in said}, "closes": bool(r["closes"])}
    return out
