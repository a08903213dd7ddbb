"""Each company's share of a shared network's result, for `results.statistics` (the one place
every figure is computed); the corridors built and their costs: `results.network`.

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
served through such a hub withdraws that (`withdrawals`). But only what the pipes carry is the
network's to share out: a leg out of a hub on a CO2 network withdraws only what the hub did not
take straight from its own legs in (``hub_passed_out``, `model.netpass.pass_columns`; `bearers`),
and a hub's cost, on a network of any resource, is the network's only for what it puts into the
pipes, the rest its legs out's (`results.hubsplit`). Before 2026-12-07 a company trucked 30,000 t/yr out of such a hub, none
of it ever in the pipes, bore 9,408 EUR/yr of a 31,360 EUR/yr pipe. So the network's own row
nets to zero, and companies and zones still add up to the run's totals.
"""

from __future__ import annotations

from functools import cached_property

import numpy as np
import pandas as pd

from eitflow.candidates.generate import Candidates
from eitflow.results.network import corridors_built, network_costs
from eitflow.scenario import Scenario
from eitflow.solve.status import Solution

__all__ = ["NETWORK_SHARE_COLUMNS", "NetworkStatistics", "bearers", "company_parts", "hub_network_costs", "network_build_rows",
           "network_investment",
           "network_shares", "split_parties", "with_cost_shares", "withdrawal_shares", "withdrawals", "zone_inputs"]

NETWORK_SHARE_COLUMNS = ["network", "resource", "site_id", "withdrawn", "unit", "share", "cost_share_eur_per_yr",
                         "corridors_cost_share_eur_per_yr", "hubs_cost_share_eur_per_yr", "investment_share_eur", "supplier_connections_share_eur", "heat_pumps_share_eur",
                         "hubs_share_eur"]


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
    w = w.assign(company=w["sink_site"].to_numpy(), amount=_from_pipes(w))
    # a leg out of a CO2 hub that took all it carries straight from the hub's legs in: never in the pipes
    w = w[(w["kind"].astype(str).to_numpy() != "from_hub") | (w["amount"].to_numpy(float) > 0)]
    inj = L[L["kind"].astype(str).to_numpy() == "to_net"] if len(L) else L.iloc[:0]
    lone = inj[~inj["sink_site"].astype(str).isin(set(w["party"]))]
    if not len(lone):
        return w
    lone = lone.assign(party=lone["sink_site"].astype(str).to_numpy(), company=lone["source_site"].to_numpy())
    return pd.concat([w, lone])


def _from_pipes(w: pd.DataFrame) -> np.ndarray:
    """Per withdrawal of `w` (`withdrawals`), what the network's pipes deliver to it (base units/yr):
    its amount, less on a leg out of a hub standing on a CO2 network what the hub handed it straight
    from its own legs in (``hub_passed_out``, `model.netpass.pass_columns`: trucked in, trucked out).
    30,000 t/yr trucked out of a hub that took 100,000 t/yr in by truck: 0."""
    amt = w["amount"].to_numpy(float)
    if "hub_passed_out" not in w or not len(w):
        return amt
    p = w["hub_passed_out"].to_numpy(float)
    return np.where(np.isnan(p), amt, np.maximum(amt - np.nan_to_num(p), 0.0))


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
                  hub_parts: pd.DataFrame | None = None, hub_trucks: pd.DataFrame | None = None) -> list[pd.DataFrame]:
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
    network's (`results.netparts.by_piece`). The trucks' part of a hub on a CO2 network
    (`hub_trucks`, `results.hubsplit.truck_rows`) is the build cost and investment of the
    companies its legs out deliver to."""
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
    return split_parties(out, sh) + _truck_build_rows(hub_trucks)


def _truck_build_rows(hub_trucks: pd.DataFrame | None) -> list[pd.DataFrame]:
    """`hub_trucks` (`results.hubsplit.truck_rows`) as build rows of the companies that bear them:
    site_id, kind (site), build_cost_eur_per_yr and annual_cost_eur_per_yr (EUR/yr), investment_eur (EUR)."""
    if hub_trucks is None or not len(hub_trucks):
        return []
    c = hub_trucks["cost_eur_per_yr"].to_numpy(float)
    return [pd.DataFrame({"site_id": hub_trucks["site_id"].to_numpy(), "kind": "site", "build_cost_eur_per_yr": c,
                          "annual_cost_eur_per_yr": c, "investment_eur": hub_trucks["investment_eur"].to_numpy(float)})]


_EXTENSIVE = ("amount", "demand_amount", "capacity_needed", "delivered", "investment_eur")


def _extensive(col: str) -> bool:
    """A column that adds up over parts of an exchange (EUR/yr, tCO2/yr, amounts, EUR), as
    opposed to a price or a value per unit."""
    return col.endswith("_per_yr") or col in _EXTENSIVE


def zone_inputs(L: pd.DataFrame, corridors: pd.DataFrame, supplies: pd.DataFrame,
                hub_parts: pd.DataFrame | None = None,
                hub_trucks: pd.DataFrame | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The links and the built-supply rows `results.zones.zone_table` reads, with the networks
    split over the companies they serve (their side of every connection and their cost, the
    hubs standing on them too: `hub_parts`), and the trucks' part of a hub on a CO2 network in the
    zone of the company that bears it (`hub_trucks`, as companies.csv: `company_parts`)."""
    from eitflow.candidates.network import PARTY_PREFIX

    sh = withdrawal_shares(L)
    # a network is a place of its own: its connections are never inside a zone, not even once
    # split over companies of one zone (`zone_table`'s `via_network`)
    via = L["source_site"].astype(str).str.startswith(PARTY_PREFIX) | L["sink_site"].astype(str).str.startswith(PARTY_PREFIX)
    Lz = pd.concat(split_parties(split_parties([L.assign(via_network=via.to_numpy(bool))], sh, "source_site"), sh,
                                 "sink_site"), ignore_index=True)
    sp = pd.concat(split_parties([supplies, network_build_rows(corridors, hub_parts)], sh) + _truck_build_rows(hub_trucks),
                   ignore_index=True)
    return Lz, sp


def with_cost_shares(L: pd.DataFrame, corridors: pd.DataFrame, hub_parts: pd.DataFrame | None = None) -> pd.DataFrame:
    """`L` (`Statistics`' links) with each exchange's share of a network's cost, the first part
    of the figure the report, the brief and results.xlsx show for an exchange
    (`results.shares.with_shares`, which adds the hubs' part and the figure after both).

    **The rule** (the module docstring's, per connection): a delivery connection (network ->
    company, ``from_net``, or a leg out of a hub on the network: `withdrawals`) bears its network's annual cost (corridors' annuity + O&M + pumping,
    EUR/yr) in proportion to what it withdraws (a postage stamp: the same EUR per unit
    delivered), so a company's connections together bear its `cost_share_eur_per_yr` of
    network_shares.csv. Injections and every other exchange bear none: they keep their own
    v x - F (but the injections into a network that delivers nothing, which bear its cost by
    what each injects: `bearers`). A withdrawal counts what the pipes deliver to it (`bearers`: a
    leg out of a hub on a CO2 network, not what the hub trucked in and straight out), and the
    network's cost holds the parts of the hubs standing on it (`hub_parts`,
    `results.netparts.hub_parties`: a hub on a CO2 network, its cost for the tonnes it puts into
    the pipes, `results.hubsplit`). Column added: network_cost_share_eur_per_yr (>= 0, EUR/yr), which sums over all
    exchanges to the networks' cost and those hub parts."""
    from eitflow.candidates.network import party_id

    nc = network_costs(corridors)
    cost = dict(zip((party_id(r) for r in nc["resource"]), nc["cost_eur_per_yr"].astype(float)))
    if hub_parts is not None and len(hub_parts):
        for p, c in hub_parts.groupby("party")["cost_eur_per_yr"].sum().items():
            cost[str(p)] = cost.get(str(p), 0.0) + float(c)
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
    (a network that delivers nothing: its suppliers', by what each injects, `bearers`).
    ``cost_share_eur_per_yr`` (what matches.csv's ``network_cost_share_eur_per_yr`` of the
    company's connections sums to) is the sum of two labelled parts: ``corridors_cost_share_eur_per_yr``,
    of its corridors and pumping (summing to summary.json's network cost, ``totals.network_cost_eur_per_yr``
    and ``networks.by_resource.<r>.annual_cost_eur_per_yr``), and ``hubs_cost_share_eur_per_yr``, of the
    hubs standing on it (`hub_parts`: summing to ``networks.by_resource.<r>.hubs_annual_cost_eur_per_yr``,
    `hub_network_costs`). A CO2 hub's 7,000 EUR/yr of network part: 31,360 + 7,000 = 38,360, where
    summary.json said 31,360 beside a column of 38,360 without a word of the hub's."""
    sh = withdrawal_shares(L)
    if not len(sh):
        return pd.DataFrame(columns=NETWORK_SHARE_COLUMNS)
    if "network_cost_share_eur_per_yr" not in L:
        L = with_cost_shares(L, corridors, hub_parts)
    d = bearers(L)
    took = np.where(d["kind"].astype(str).to_numpy() == "to_net", 0.0, d["amount"].to_numpy(float))
    amt = d.assign(took=took).groupby(["party", "company"], sort=True)["took"].sum()
    # a company's share of the cost: its connections' shares (`with_cost_shares`, one rule)
    cs = d.groupby(["party", "company"], sort=True)["network_cost_share_eur_per_yr"].sum()
    hub_of = _hub_fraction(corridors, hub_parts)   # per party: its hubs' part of its cost (the same stamp)
    unit = d.groupby("party", sort=True)["unit"].first()
    res = d.groupby("party", sort=True)["supply_resource"].first()
    inv = network_investment(L, corridors, hub_parts).set_index("party")
    party, site, share = sh["party"].to_numpy(), sh["site_id"].to_numpy(), sh["share"].to_numpy(float)
    cost = np.array([float(cs[(p, s_)]) for p, s_ in zip(party, site)], float)
    hub_cost = cost * np.array([hub_of.get(str(p), 0.0) for p in party], float)
    out = pd.DataFrame({
        "network": party, "resource": res.reindex(party).to_numpy(), "site_id": site,
        "withdrawn": [float(amt[(p, s_)]) for p, s_ in zip(party, site)], "unit": unit.reindex(party).to_numpy(),
        "share": share, "cost_share_eur_per_yr": cost, "corridors_cost_share_eur_per_yr": cost - hub_cost + 0.0,
        "hubs_cost_share_eur_per_yr": hub_cost + 0.0,
        "investment_share_eur": share * inv["corridors_eur"].reindex(party).fillna(0.0).to_numpy(float),
        **{f"{k[:-4]}_share_eur": share * inv[k].reindex(party).fillna(0.0).to_numpy(float)
           for k in ("supplier_connections_eur", "heat_pumps_eur", "hubs_eur")}}, columns=NETWORK_SHARE_COLUMNS)
    return out.sort_values(["network", "cost_share_eur_per_yr", "site_id"], ascending=[True, False, True],
                           kind="stable").reset_index(drop=True)


def _hub_fraction(corridors: pd.DataFrame, hub_parts: pd.DataFrame | None) -> dict[str, float]:
    """Per network party: the share of its cost (`with_cost_shares`' C) that is its hubs' parts
    (`hub_parts`), the rest its corridors'; parties without a hub part are left out (0)."""
    from eitflow.candidates.network import party_id

    if hub_parts is None or not len(hub_parts):
        return {}
    nc = network_costs(corridors)
    cor = dict(zip((party_id(r) for r in nc["resource"]), nc["cost_eur_per_yr"].astype(float)))
    out = {}
    for p, c in hub_parts.groupby("party")["cost_eur_per_yr"].sum().items():
        tot = cor.get(str(p), 0.0) + float(c)
        out[str(p)] = float(c) / tot if tot != 0 else 0.0
    return out


def hub_network_costs(hub_parts: pd.DataFrame | None) -> dict[str, float]:
    """Per network resource: the annual cost (EUR/yr) of the parts of the hubs standing on it
    (`hub_parts`, `results.netparts.hub_parties`; all its pieces together), summary.json's
    ``networks.by_resource.<r>.hubs_annual_cost_eur_per_yr``: what network_shares.csv's
    ``hubs_cost_share_eur_per_yr`` sums to, beside the corridors' ``annual_cost_eur_per_yr``."""
    from eitflow.candidates.network import network_of

    if hub_parts is None or not len(hub_parts):
        return {}
    res = [network_of(str(p)) or str(p) for p in hub_parts["party"]]
    return {str(r): float(c) for r, c in hub_parts.assign(_r=res).groupby("_r")["cost_eur_per_yr"].sum().items()}


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

    def network_hub_costs(self) -> dict[str, float]:
        """Per network resource, its hubs' part of its annual cost, EUR/yr (`hub_network_costs`)."""
        return hub_network_costs(getattr(self, "_hub_parts"))
