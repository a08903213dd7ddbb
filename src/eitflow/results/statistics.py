"""Every figure of a solution, computed once: `result.statistics`, in the manner of PyPSA's
`n.statistics`.

`Statistics` reads the labelled solution (flow per candidate link, built hubs, built
supplies, shadow prices) and returns tidy DataFrames with the unit in every column name:
per chosen link, per flow, per built supply, per built hub, per company (party), per zone,
per resource, and the totals. Every output (summary.json, matches.csv, companies.csv,
price_bands.csv, zones, the report, results.xlsx, pareto, alternatives, resilience,
compare) reads its figures from here, so they agree by construction:

    net benefit = sum over chosen links (v_a x_a - F_a) - the annual cost of the hubs, supplies,
                  placed activities and network corridors built  (EUR/yr; the net_benefit objective)
    investment  = links (connections, heat pumps) + hubs + supplies + placements + corridors  (EUR)
    CO2 avoided = sum over chosen links c_a x_a                     (tCO2/yr)

Zones: `results.zones`; networks: `results.network`, and their split over the companies they serve: `results.netallocation`.
"""

from __future__ import annotations

from functools import cached_property

import numpy as np
import pandas as pd

from eitflow.candidates.costs import production_terms
from eitflow.candidates.generate import Candidates
from eitflow.model.build import paid_connections
from eitflow.model.netpass import pass_columns
from eitflow.results import netallocation as alloc
from eitflow.results import netparts, shares
from eitflow.results import network as net
from eitflow.results.heatpumps import heat_pump_columns
from eitflow.results.hubstats import HubStatistics
from eitflow.results.injection import hub_passed, injection_electricity, injection_summary, with_pass_refund
from eitflow.results.netbalance import heat_networks, network_balance
from eitflow.results.placements import placement_table
from eitflow.results.prices import network_bands, price_band, stored_co2_shift, suggested_price
from eitflow.results.resources import resource_table
from eitflow.results.supplies import SupplyStatistics
from eitflow.results.tables import MATCH_COLUMNS, built_idle, flow_usage, link_modes, names_of
from eitflow.results.zones import DEFAULT_ALLOCATION, NO_ZONE, party_zones, zone_amounts, zone_flows, zone_table
from eitflow.scenario import Scenario
from eitflow.solve.status import Solution

LINK_ORDER = ["source_site", "sink_site", "supply_resource", "demand_resource", "supply_flow_id", "demand_flow_id"]

TOTAL_KEYS = ["net_benefit_eur_per_yr", "co2_avoided_t_per_yr", "investment_eur", "links_net_benefit_eur_per_yr",
              "hub_fixed_eur_per_yr", "supply_build_eur_per_yr", "links_investment_eur", "hub_investment_eur",
              "supply_investment_eur", "placement_cost_eur_per_yr", "placement_investment_eur", "n_links", "n_hubs_built",
              "n_supplies_built", "n_placements", "network_cost_eur_per_yr", "network_investment_eur", "n_corridors"]

COMPANY_COLUMNS = ["site_id", "kind", "name", "zone", "as_supplier_eur_per_yr", "as_buyer_eur_per_yr",
                   "network_result_eur_per_yr", "build_cost_eur_per_yr", "total_eur_per_yr", "co2_avoided_t_per_yr", "investment_eur",
                   "n_links"]

class Statistics(alloc.NetworkStatistics, HubStatistics, SupplyStatistics):
    """Aggregates of one solution; build with `Statistics(scenario, candidates, solution)` or
    read `result.statistics` (cached).

    Units: money in EUR (investment) and EUR/yr (benefits, annual costs), CO2 in tCO2/yr,
    amounts in each resource's base unit per year (the `unit` columns say which), prices
    in EUR per supply base unit. All tables are empty (totals NaN) without a solution.
    """

    def __init__(self, scenario: Scenario, candidates: Candidates, solution: Solution):
        self.scenario, self.candidates, self.solution = scenario, candidates, solution

    # ------------------------------------------------------------------ basics
    @property
    def has_solution(self) -> bool:
        """Whether the solve returned a solution (else every table is empty)."""
        return self.solution.objective is not None

    @cached_property
    def _flow(self) -> np.ndarray:
        sol = self.solution
        return np.asarray(sol.flow, float) if self.has_solution else np.zeros(len(self.candidates.links))

    @cached_property
    def _out_of_supply(self) -> np.ndarray:
        """Per flow: amount leaving it over all chosen links (supply base units/yr)."""
        out = np.zeros(len(self.scenario.flows))
        s = self.candidates.links["supply"].to_numpy(np.int64) if len(self.candidates.links) else np.zeros(0, int)
        np.add.at(out, s[s >= 0], self._flow[s >= 0])
        return out

    @cached_property
    def _placed(self) -> np.ndarray:
        n = 0 if self.scenario.placements is None else len(self.scenario.placements)
        p = self.solution.placed
        return np.asarray(p, bool) if self.has_solution and p is not None and len(p) == n else np.zeros(n, bool)

    def placements(self) -> pd.DataFrame:
        """One row per placed activity (siting; `results.placements.placement_table`): its
        cost_eur_per_yr = land + activity - revenue (EUR/yr) is paid whatever its exchanges."""
        return placement_table(self.scenario, self._placed)

    def zone_of(self) -> pd.Series:
        """Party id (site_id or hub_id) -> zone label (`(no zone)` where blank)."""
        return party_zones(self.scenario)

    # ------------------------------------------------------------------ per link
    @cached_property
    def _chosen(self) -> dict:
        """The chosen links, what `_links` and the hubs' split (`HubStatistics._hub_split`) read:
        used (positions in candidates.links), sub (their rows, a CO2 hub's legs in with their
        refund), x (flow, supply base units/yr), kind, node (hub node), hub_id, on_hub (the network
        party of a leg of a hub standing on one) and pc (`model.netpass.pass_columns`)."""
        scen, lk = self.scenario, self.candidates.links
        # a link kept built without flow by the user's rows pays its fixed cost: listed, amount 0
        idle = built_idle(self.candidates, self._flow, self.solution.built if self.has_solution else None)
        used = np.flatnonzero((self._flow > 0) | idle)
        # a CO2 hub on a network: per leg in what it passes straight out, per leg out what it took so
        pc = pass_columns(scen, self.candidates, used, hub_passed(
            scen, self.candidates, getattr(self.solution, "period_flow", None), self._flow, outs=True)[used])
        passed = np.nan_to_num(pc["hub_passed"])   # its legs in's: their refund (`results.injection`)
        sub, x = with_pass_refund(scen, lk.iloc[used], self._flow[used], passed), self._flow[used]
        kind = sub["kind"].to_numpy().astype(str) if "kind" in sub else np.full(len(sub), "direct")
        node = sub["hub_node"].to_numpy(np.int64) if "hub_node" in sub else np.full(len(sub), -1)
        hub_pos = sub["hub"].to_numpy(np.int64) if "hub" in sub else np.full(len(sub), -1)
        hub_ids = scen.hubs["hub_id"].to_numpy() if scen.hubs is not None else np.zeros(0, object)
        hid = np.where(hub_pos >= 0, hub_ids[np.maximum(hub_pos, 0)], "") if len(hub_ids) else np.full(len(sub), "")
        on_hub = netparts.hub_leg_parties(self.candidates, node, sub["supply_resource"].to_numpy())
        return {"used": used, "sub": sub, "x": x, "kind": kind, "node": node, "hub_id": hid, "on_hub": on_hub,
                "pc": pc, "passed": passed}

    @cached_property
    def _links(self) -> pd.DataFrame:
        scen, cat, f = self.scenario, self.scenario.catalogue, self.scenario.flows
        ch = self._chosen
        used, sub, x, kind, node, hid, on_hub, pc, passed = (ch[k] for k in ("used", "sub", "x", "kind", "node", "hub_id",
                                                                               "on_hub", "pc", "passed"))
        none = x <= 0   # nothing exchanged: no price, the buyer bears the connection (its zone, its CO2)
        s, d = sub["supply"].to_numpy(np.int64), sub["demand"].to_numpy(np.int64)
        v, yld = (sub[c].to_numpy(float) for c in ("value_eur_per_unit", "yield"))
        F, inv = (a[used] for a in paid_connections(self.candidates, self._flow))   # one substation per flow
        fid = f["flow_id"].to_numpy()
        pick = lambda arr, idx, blank: np.where(idx >= 0, arr[np.maximum(idx, 0)], blank)  # noqa: E731
        # the source's own value of a unit: disposal avoided less production cost; 0 for a hub
        prod_cost, _ = production_terms(scen)
        w = pick(f["price_eur_per_unit"].to_numpy(float) - prod_cost, s, 0.0)
        # a built supply's annual cost, spread over all it delivers (EUR per unit; `results.shares`)
        b = pick(shares.per_unit(np.where(self._supply_built, self._supply_cost[0], 0.0), self._out_of_supply), s, 0.0)
        duals = getattr(self.solution, "duals", None)
        sup_rent = duals.supply_eur_per_unit if duals is not None else np.full(len(f), np.nan)
        node_rent = duals.hub_node_eur_per_unit if duals is not None else np.zeros(0)
        rent = np.full(len(sub), np.nan)
        rent[s >= 0] = sup_rent[s[s >= 0]]
        if len(node_rent):
            rent[s < 0] = node_rent[node[s < 0]]
        pmin, pmax = price_band(v, w, b, F, np.where(none, np.inf, x))   # no F / 0: NaN below
        # a shared network's connections, the legs of a hub standing on it too: one band over the
        # whole network (each piece that no corridor joins to another a network of its own), run
        # at cost with its hubs (`results.prices`, `results.netparts`)
        party, cost = netparts.band_parties(self.candidates, used, kind, sub.assign(
            hub_id=hid, amount=x, **pc), on_hub, self._corridors, self._built_hubs, self._hub_split)
        pmin, pmax = network_bands(kind, party, v, b, F, x, pmin, pmax, cost, pc, hid)   # CO2 hubs' chains: `pc`
        # CO2 sent to storage: its carbon value is the emitter's, who pays for the storage (`results.prices`)
        co2pu = sub["co2_t_per_unit"].to_numpy(float)
        # the buyer's flows.csv co2_use says whether it stores (else the rule): the one test, `shares.stores`
        use = pick(f["co2_use"].to_numpy(object), d, "") if "co2_use" in f else None
        stored = shares.stores(sub["supply_resource"], co2pu, use)
        k = stored_co2_shift(kind, np.where(party != "", party, hid), stored,
                             scen.params.carbon_price_eur_per_t * co2pu, np.where(none, 0.0, x))
        w, pmin, pmax = w + k, pmin - k, pmax - k
        pmin, pmax = np.where(none, np.nan, pmin), np.where(none, np.nan, pmax)
        p = suggested_price(pmin, pmax)
        peak = self.solution.peak_rate
        hp = heat_pump_columns(scen.params, sub["heat_pump_cop"].to_numpy(float), yld, x)  # `results.heatpumps`
        out = pd.DataFrame({
            "link": used, "kind": kind,
            "source_site": sub["source_site"].to_numpy(), "sink_site": sub["sink_site"].to_numpy(),
            "source_kind": np.where(kind == "from_hub", "hub", np.where(kind == "from_net", "network", "site")),
            "sink_kind": np.where(kind == "to_hub", "hub", np.where(kind == "to_net", "network", "site")),
            "hub_id": hid,
            # a leg of a hub on a shared network (its node is the network's): the network's party; the
            "network_party": on_hub, "network_piece": party,   # network (by piece) it or a connection is on
            "supply_resource": sub["supply_resource"].to_numpy(), "demand_resource": sub["demand_resource"].to_numpy(),
            "mode": link_modes(scen, sub),   # a hub's leg: its resource's transport (`results.tables`)
            "amount": x, "unit": [cat[r].base_unit for r in sub["supply_resource"]],
            # the spec's name: the route length (great circle x detour factor, or links.csv's)
            "distance_km": sub["distance_km"].to_numpy(float),
            "great_circle_km": sub["great_circle_km"].to_numpy(float),
            "net_benefit_eur_per_yr": v * x - F,
            "co2_avoided_t_per_yr": sub["co2_t_per_unit"].to_numpy(float) * x,
            # its connection and its heat pump (paid as an annuity per MWh, built all the same)
            "investment_eur": inv + hp["heat_pump_investment_eur"],
            "supply_flow_id": pick(fid, s, ""), "demand_flow_id": pick(fid, d, ""),
            "demand_amount": yld * x, "demand_unit": [cat[r].base_unit for r in sub["demand_resource"]],
            "fixed_eur_per_yr": F, "value_eur_per_unit": v,
            # the busiest period's flow at a yearly rate: what the link must be sized for
            "capacity_needed": peak[used] if peak is not None else x,
            **hp,
            # a CO2 network's compression of what enters it (`results.injection`), part of v
            "injection_electricity_mwh_per_yr": injection_electricity(scen, self.candidates.network, kind, on_hub,
                                                                      sub["supply_resource"].to_numpy(), s, x, passed),
            "source_value_eur_per_unit": w + 0.0, "build_share_eur_per_unit": b + 0.0,
            "rent_eur_per_unit": rent,
            "price_min_eur_per_unit": pmin, "price_max_eur_per_unit": pmax, "price_eur_per_unit": p,
            "source_benefit_eur_per_yr": np.where(none, 0.0, (w + p - b) * x),
            "sink_benefit_eur_per_yr": np.where(none, -F, (v - w - p) * x - F),
            "built_idle": none, "co2_stored": stored & ~none,
            **pc,   # a CO2 hub's legs: what `shares` and the network's allocation split
            # matches.csv's: what of `amount` a CO2 hub passed straight between its legs, never in the pipes
            "passed_through_hub": np.where(kind == "to_hub", np.nan_to_num(pc["hub_passed"]) / np.where(yld > 0, yld, 1.0),
                                           np.where(kind == "from_hub", np.nan_to_num(pc["hub_passed_out"]), 0.0)),
        })
        # what each exchange is worth after what was built for it, the networks and hubs (`results.shares`)
        out = out.sort_values(LINK_ORDER, kind="stable").reset_index(drop=True)
        ends = ["source_site", "sink_site", "source_kind", "sink_kind", "network_party"]   # as chosen, not as shared
        return shares.with_shares(*netparts.by_piece(self.candidates, out, self._corridors), self._built_hubs,
                                  shares.built_costs(f, self._supply_built, self._supply_cost[0], scen.placements,
                                                     self._placed), self._hub_split).assign(**{k: out[k] for k in ends})

    @cached_property
    def _by_piece(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """(links, corridors) with a network in pieces named by piece, as the allocation reads them."""
        return netparts.by_piece(self.candidates, self._links, self._corridors)

    def links(self) -> pd.DataFrame:
        """One row per chosen link (flow > 0; direct exchanges and hub legs), and per link a row or
        bound of the user's keeps built without flow (`built_idle` True: amount 0, its fixed cost
        and investment, no price, the buyer bearing it; `results.tables.built_idle`).

        Columns: link (position in candidates.links), kind (direct | to_hub | from_hub),
        source_site / sink_site (site or hub ids) and their kind (site | hub), hub_id, network_piece
        (`results.tables.MATCH_COLUMNS`), resources, mode (pipe | truck | network; a hub's leg: its resource's transport,
        `results.tables.link_modes`); amount (supply base unit/yr, `unit`), demand_amount (`demand_unit`),
        distance_km (route length, km), great_circle_km (as the crow flies, km); value_eur_per_unit v, fixed_eur_per_yr F,
        net_benefit_eur_per_yr = v x - F, co2_avoided_t_per_yr, investment_eur (connection + heat pump);
        capacity_needed (busiest period at a yearly rate, supply units/yr); the price band
        (`results.prices`): source_value_eur_per_unit w, build_share_eur_per_unit b,
        rent_eur_per_unit (shadow price at the source; NaN when not solved),
        price_min/max_eur_per_unit, price_eur_per_unit (suggested), and each party's gain at
        that price, source_benefit_eur_per_yr = (w + p - b) x and
        sink_benefit_eur_per_yr = (v - w - p) x - F (EUR/yr); co2_stored, captured CO2 sent to storage
        (`results.shares.stores`, the buyer's flows.csv co2_use); `results.shares.SHARE_COLUMNS`, what the
        exchange is worth after the costs of the supplies and activities built for it, of the shared
        networks and hubs (EUR/yr) and its CO2 after the hubs' (tCO2/yr): the rule of `results.shares`;
        hub_passed, hub_passed_out, pass_refund_eur_per_unit, pass_refund_t_per_unit (`model.netpass.pass_columns`),
        and passed_through_hub, what of `amount` a leg of a hub on a CO2 network went truck to truck through
        it, never in the pipes (supply base units/yr; 0 elsewhere: `results.netbalance.piped_amounts`).
        """
        return self._links.copy()

    def network_balance(self) -> pd.DataFrame:
        """Per shared network, what its supplies inject, its heat pumps add (NaN but on heat networks),
        its corridors lose and its users withdraw (base units/yr; `results.netbalance.network_balance`)."""
        return network_balance(self._links, self._corridors, heat_networks(self.scenario.catalogue))

    def network_injection(self) -> dict:
        """The electricity spent putting what the plan carries into its networks (a CO2 network's
        compression into dense phase): MWh/yr, EUR/yr, tCO2/yr, the sums of `links()`'
        ``injection_electricity_mwh_per_yr`` (`results.injection.injection_summary`)."""
        return injection_summary(self._links, self.scenario.params)

    def matches(self) -> pd.DataFrame:
        """matches.csv: `links()` restricted to the columns of `results.tables.MATCH_COLUMNS`."""
        return self._links[MATCH_COLUMNS].copy()

    # ------------------------------------------------------------------ per flow, supply, hub
    def flows(self) -> pd.DataFrame:
        """One row per flow of the scenario: flow_id, site_id, direction, resource, amount,
        amount_used (exchanged in the solution) and unit (the flow's base unit/yr)."""
        f = self.scenario.flows
        return pd.DataFrame({"flow_id": f["flow_id"].to_numpy(), "site_id": f["site_id"].to_numpy(),
                             "direction": f["direction"].to_numpy(), "resource": f["resource"].to_numpy(),
                             "amount": f["amount"].to_numpy(float),
                             "amount_used": flow_usage(self.scenario, self.candidates, self._flow),
                             "unit": f["unit"].to_numpy()})

    # ------------------------------------------------------------------ per party (company)
    def companies(self) -> pd.DataFrame:
        """One row per party with a chosen link, a built supply or a built hub.

        Columns: site_id (a site, or a hub's id), kind (site | hub), name, zone;
        as_supplier_eur_per_yr = sum of (w + p) x over the links it sources (what it gains
        by giving its resource away at the suggested prices, before any build cost);
        as_buyer_eur_per_yr = sum of (v - w - p) x - F over the links it receives;
        network_result_eur_per_yr = its share of the networks' result (`results.netallocation.company_parts`);
        build_cost_eur_per_yr = its built supplies' annual cost, or the hub's (off a network: `netparts`);
        total_eur_per_yr = as_supplier + as_buyer + network - build_cost. co2_avoided_t_per_yr: CO2 of
        the links it receives (where the input is replaced; captured CO2: those it sources,
        `results.shares.co2_by_end`); investment_eur: the links it receives (the buyer pays the connection and hosts the heat pump: a network's
        injections are passed on, `results.netallocation.network_investment`) plus its built supplies or hub.
        n_links: chosen links at either end. The totals sum exactly to the run's totals,
        whatever the transfer prices.
        """
        L, cor = self._by_piece   # a network in pieces: each its own party
        scen, (co2_src, co2_snk) = self.scenario, shares.co2_by_end(L)   # captured CO2: the emitter's
        src = pd.DataFrame({"site_id": L["source_site"], "kind": L["source_kind"], "co2_avoided_t_per_yr": co2_src,
                            "as_supplier_eur_per_yr": L["source_benefit_eur_per_yr"] + L["build_share_eur_per_unit"]
                            * L["amount"], "n_links": 1})
        snk = pd.DataFrame({"site_id": L["sink_site"], "kind": L["sink_kind"],
                            "as_buyer_eur_per_yr": L["sink_benefit_eur_per_yr"],
                            "co2_avoided_t_per_yr": co2_snk, "investment_eur": L["investment_eur"],
                            "n_links": 1})
        parts = [src, snk]
        sp = self.supplies()
        if len(sp):
            parts.append(pd.DataFrame({"site_id": sp["site_id"], "kind": "site",
                                       "build_cost_eur_per_yr": sp["annual_cost_eur_per_yr"],
                                       "investment_eur": sp["investment_eur"]}))
        hb = netparts.hubs_off_networks(self.hubs(), self._hub_taken, False)   # on a network: its party's
        if len(hb):
            parts.append(pd.DataFrame({"site_id": hb["hub_id"], "kind": "hub",
                                       "build_cost_eur_per_yr": hb["annual_cost_eur_per_yr"],
                                       "investment_eur": hb["investment_eur"]}))
        pl = self.placements()  # a placed activity's net cost is its build cost
        if len(pl):
            parts.append(pd.DataFrame({"site_id": pl["site_id"], "kind": "site", "build_cost_eur_per_yr":
                                       pl["cost_eur_per_yr"], "investment_eur": pl["investment_eur"]}))
        parts = alloc.company_parts(parts, L, cor, self._hub_parts, self._hub_trucks)
        allp = pd.concat([p for p in parts if len(p)], ignore_index=True) if any(len(p) for p in parts) else None
        if allp is None:
            return pd.DataFrame(columns=COMPANY_COLUMNS)
        num = ["as_supplier_eur_per_yr", "as_buyer_eur_per_yr", "network_result_eur_per_yr", "build_cost_eur_per_yr",
               "co2_avoided_t_per_yr", "investment_eur", "n_links"]
        for c in num:
            allp[c] = allp[c].astype(float).fillna(0.0) if c in allp else 0.0
        g = allp.groupby(["site_id", "kind"], sort=True)[num].sum().reset_index()
        # a network run at cost (`prices.network_bands`) passes on only its rounding: shown as 0
        nr = g["network_result_eur_per_yr"]
        g["network_result_eur_per_yr"] = nr.where(nr.abs() > 1e-6, 0.0)
        g["total_eur_per_yr"] = g[num[:3]].sum(axis=1) - g["build_cost_eur_per_yr"]  # supplier + buyer + network
        g["n_links"] = g["n_links"].astype(int)
        names = names_of(scen.sites, "site_id") if "name" in scen.sites else {}
        if scen.hubs is not None and len(scen.hubs):
            names.update(names_of(scen.hubs, "hub_id"))
        g["name"] = [str(names.get(i) or i) for i in g["site_id"]]
        g["zone"] = self.zone_of().reindex(g["site_id"]).fillna(NO_ZONE).to_numpy()
        for c in num[:-1] + ["total_eur_per_yr"]:
            g[c] = g[c] + 0.0
        return g[COMPANY_COLUMNS]

    # ------------------------------------------------------------------ per zone, per resource
    def zones(self, allocation: str = DEFAULT_ALLOCATION) -> pd.DataFrame:
        """Totals per zone under one allocation rule.

        Parameters
        ----------
        allocation : "company" (default: each partner's gain at the suggested transfer price
            in its own zone; CO2 and link investment in the sink's zone), "sink", "source" or
            "half" (`results.zones.ALLOCATIONS`). Built supplies and hubs always count in
            their own zone.

        Returns
        -------
        pandas.DataFrame
            One row per zone: net_benefit_eur_per_yr (EUR/yr), co2_avoided_t_per_yr
            (tCO2/yr), investment_eur (EUR), their inside / between / build-cost parts and
            link counts (`results.zones.zone_table`). Sums to `totals()` under every rule.

        Raises
        ------
        ValueError
            For an unknown allocation name (the message lists the known ones).
        """
        pl = self.placements()  # placed activities count in their plot's zone, like a built supply
        sp = pd.concat([self.supplies(), pd.DataFrame({"site_id": pl["site_id"], "annual_cost_eur_per_yr":
                                                       pl["cost_eur_per_yr"], "investment_eur": pl["investment_eur"]})],
                       ignore_index=True) if len(pl) else self.supplies()
        return zone_table(self.scenario, *alloc.zone_inputs(*self._by_piece, sp, self._hub_parts, self._hub_trucks),
                          netparts.hubs_off_networks(self.hubs(), self._hub_taken), allocation, counted=self._links)

    def zone_flows(self) -> pd.DataFrame:
        """Chosen links rolled up by (source zone, sink zone, resources); see `results.zones.zone_flows`."""
        return zone_flows(self.scenario, self._links)

    def zone_amounts(self) -> pd.DataFrame:
        """Amounts per zone and resource; see `results.zones.zone_amounts`."""
        return zone_amounts(self.scenario, self._links)

    def resources(self) -> pd.DataFrame:
        """One row per supply resource with a chosen link (`results.resources.resource_table`):
        resource, unit, supplied (base unit/yr), n_links, net_benefit_eur_per_yr (EUR/yr),
        co2_avoided_t_per_yr (tCO2/yr), investment_eur (EUR). Sums to the totals."""
        return resource_table(self.scenario, self._links, self.supplies(), self.placements(), self._supply_built,
                              self._hub_built, self._hub_cost, self._corridors)

    # ------------------------------------------------------------------ totals
    def _totals_of(self, keep: np.ndarray | None) -> pd.Series:
        if not self.has_solution:
            return pd.Series({k: np.nan for k in TOTAL_KEYS}, dtype=float)
        L = self._links
        hb, sb, pb = self._hub_built, self._supply_built, self._placed
        if keep is not None:
            # the links kept, and the hubs and supplies they touch
            keep = np.asarray(keep, bool)
            lk = self.candidates.links
            L = L[keep[L["link"].to_numpy()]]
            touch_h = np.zeros(len(hb), bool)
            if "hub" in lk and len(hb):
                h = lk["hub"].to_numpy(np.int64)[keep]
                touch_h[h[h >= 0]] = True
            touch_s = np.zeros(len(sb), bool)
            s = lk["supply"].to_numpy(np.int64)[keep]
            touch_s[s[s >= 0]] = True
            hb, sb = hb & touch_h, sb & touch_s
            fp = self.scenario.flows["placement"].to_numpy(np.int64) if "placement" in self.scenario.flows else None
            if fp is not None and len(pb):  # the placements whose flows the kept links touch
                ends = np.concatenate([s, lk["demand"].to_numpy(np.int64)[keep]])
                touch_p = np.zeros(len(pb), bool)
                k = fp[ends[ends >= 0]]
                touch_p[k[k >= 0]] = True
                pb = pb & touch_p
        (hc, hi), (sc, si) = self._hub_cost, self._supply_cost
        links_nb = float(L["net_benefit_eur_per_yr"].sum())
        hub_fixed, sup_fixed = float(hc[hb].sum()), float(sc[sb].sum())
        links_inv = float(L["investment_eur"].sum())
        hub_inv, sup_inv = float(hi[hb].sum()), float(si[sb].sum())
        pl = self.scenario.placements
        pl_cost = float(pl["cost_eur_per_yr"].to_numpy(float)[pb].sum()) if pl is not None else 0.0
        pl_inv = float(pl["investment_eur"].to_numpy(float)[pb].sum()) if pl is not None else 0.0
        # a subset counts the corridors of the network pieces its links reach (`results.netparts`)
        cor = self._corridors if keep is None else netparts.corridors_reached(self.candidates, self._corridors, keep)
        net_cost, net_inv, n_cor = net.network_totals(cor, None if keep is None else L)
        return pd.Series({
            "net_benefit_eur_per_yr": links_nb - hub_fixed - sup_fixed - pl_cost - net_cost,
            "co2_avoided_t_per_yr": float(L["co2_avoided_t_per_yr"].sum()),
            "investment_eur": links_inv + hub_inv + sup_inv + pl_inv + net_inv,
            "links_net_benefit_eur_per_yr": links_nb, "hub_fixed_eur_per_yr": hub_fixed,
            "supply_build_eur_per_yr": sup_fixed, "links_investment_eur": links_inv, "hub_investment_eur": hub_inv,
            "supply_investment_eur": sup_inv, "placement_cost_eur_per_yr": pl_cost, "placement_investment_eur": pl_inv,
            "n_links": float(len(L)), "n_hubs_built": float(hb.sum()), "n_supplies_built": float(sb.sum()),
            "n_placements": float(pb.sum()), "network_cost_eur_per_yr": net_cost, "network_investment_eur": net_inv,
            "n_corridors": n_cor}, dtype=float)

    @cached_property
    def _totals(self) -> pd.Series:
        return self._totals_of(None)

    def totals(self, links: np.ndarray | None = None) -> pd.Series:
        """The run's totals.

        net_benefit_eur_per_yr = links_net_benefit - hub_fixed - supply_build - placement_cost
        (EUR/yr; the objective when it is net_benefit); co2_avoided_t_per_yr (tCO2/yr);
        investment_eur = links_investment (connections and heat pumps, `links()`) + hub_investment
        + supply_investment + placement_investment + network_investment (EUR); the parts; n_links (chosen links, hub legs included),
        n_hubs_built, n_supplies_built, n_placements (placed activities, siting).

        Parameters
        ----------
        links : optional boolean mask over `candidates.links`: totals over those links and
            the built hubs and supplies they touch (e.g. some components of the candidate
            graph); all when None.

        Returns
        -------
        pandas.Series
            Indexed by `TOTAL_KEYS`, units in the names; NaN without a solution.
        """
        return (self._totals if links is None else self._totals_of(links)).copy()

    def __repr__(self) -> str:
        t = self._totals
        if not self.has_solution:
            return "Statistics(no solution)"
        return (f"Statistics(net benefit {t['net_benefit_eur_per_yr']:,.0f} EUR/yr, CO2 avoided "
                f"{t['co2_avoided_t_per_yr']:,.1f} tCO2/yr, investment {t['investment_eur']:,.0f} EUR, "
                f"{int(t['n_links'])} links)")
