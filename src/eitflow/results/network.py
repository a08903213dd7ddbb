"""Shared networks in the results: the corridors built (size, length, flow, cost; `corridors_built`),
their costs per network resource, and summary.json's `networks` block. What each company bears
of a network and takes of its result (the allocation rule): `results.netallocation`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from eitflow.candidates.generate import Candidates
from eitflow.candidates.netreach import idle_option_periods
from eitflow.candidates.network import LINEAR
from eitflow.results.catalogueprices import catalogue_size, size_class
from eitflow.results.tables import REL_TOL, given_capacity
from eitflow.scenario import Scenario
from eitflow.solve.status import Solution

__all__ = ["CORRIDOR_COLUMNS", "arc_flows", "corridors_built", "network_costs", "network_summary", "network_totals",
           "resource_rows"]

CORRIDOR_COLUMNS = ["corridor_id", "resource", "from", "to", "existing", "generated", "sizing", "size", "length_km",
                    "capacity", "capacity_rated", "capacity_unit", "capacity_given", "capacity_given_unit",
                    "flow_forward", "flow_backward", "flow", "peak", "unit", "loss", "pipe_cost_eur_per_yr", "pumping_eur_per_yr", "annual_cost_eur_per_yr",
                    "investment_eur",
                    "catalogue_size", "catalogue_annual_cost_eur_per_yr", "catalogue_investment_eur",
                    "from_lat", "from_lon", "to_lat", "to_lon"]


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


def network_summary(cand: Candidates, corridors: pd.DataFrame, sol: Solution,
                    balance: dict[str, dict] | None = None, hubs: dict[str, list[str]] | None = None,
                    hub_costs: dict[str, float] | None = None) -> dict | None:
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
    (resource -> `hubs_on_network`): each network's ``hubs_on_network``, the hubs standing on it;
    `hub_costs` (resource -> EUR/yr, `results.netallocation.hub_network_costs`): its
    ``hubs_annual_cost_eur_per_yr``, the part of those hubs' cost its users bear with the
    corridors' ``annual_cost_eur_per_yr`` (network_shares.csv's two parts of each user's share)."""

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
                  "hubs_annual_cost_eur_per_yr": float((hub_costs or {}).get(r, 0.0)),
                  "investment_eur": float(built.at[r, "investment_eur"]) if r in built.index else 0.0,
                  "sizing": net.sizing.get(r, "discrete"),
                  # the same corridors at the catalogue sizes that carry them (linear sizing: the real cost)
                  "catalogue_annual_cost_eur_per_yr": float(corridors["catalogue_annual_cost_eur_per_yr"][
                      corridors["resource"] == r].sum()) if len(corridors) else 0.0,
                  "balance": (balance or {}).get(r), "hubs_on_network": (hubs or {}).get(r, [])}
    cuts = [{k: float(v) if isinstance(v, (float, np.floating)) else v for k, v in d.items()}
            for d in (sol.network_cuts or [])]
    return {"by_resource": out, "cuts": cuts}
