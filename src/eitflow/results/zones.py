"""Totals per zone (business park, intercommunality), under one documented allocation rule.

A chosen link joins two parties (sites, or a hub), each in a zone (sites.csv / hubs.csv
`zone`; `(no zone)` when blank). A link inside one zone counts there in full. A link
between two zones is allocated by one rule, the same in summary-level views, `zones`, the
report and `compare`:

``company`` (the default)
    Each partner's gain at the suggested transfer price p (`results.prices`) counts in its
    own zone: the source's (w + p) x in the source's zone, the sink's (v - w - p) x - F in
    the sink's zone (they sum to the link's v x - F whatever the price). CO2 avoided and the
    link's investment count in the sink's zone: the input is replaced there and, in this
    model, the buyer pays the connection; but captured CO2 sent to storage (a CO2 network's injections too)
    counts in the emitter's zone, the source's (`results.shares.co2_by_end`). So a zone's total
    is the sum of its companies' totals (`Statistics.companies`).
``sink``
    Each link wholly in the sink's zone (net benefit, CO2, investment).
``source``
    Each link wholly in the source's zone.
``half``
    Half in each end's zone.

Under every rule the annual cost and investment of a built supply count in its site's zone,
and those of a built hub in the hub's zone; so the zones always sum exactly to the run's
totals.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from eitflow.results.shares import co2_by_end
from eitflow.scenario import Scenario

NO_ZONE = "(no zone)"

ALLOCATIONS = {
    "company": "each partner's gain at the suggested transfer price in its own zone; CO2 (captured CO2 stored: in "
               "the source's) and the link's investment in the sink's zone",
    "sink": "each link wholly in the sink's zone (where the input is replaced)",
    "source": "each link wholly in the source's zone",
    "half": "each link half in each end's zone",
}
DEFAULT_ALLOCATION = "company"

ZONE_COLUMNS = ["zone", "n_sites", "n_hubs_built", "links_inside", "links_out", "links_in", "net_benefit_eur_per_yr",
                "co2_avoided_t_per_yr", "investment_eur", "net_benefit_inside_eur_per_yr",
                "net_benefit_between_eur_per_yr", "build_cost_eur_per_yr", "allocation"]

ZONE_FLOW_COLUMNS = ["source_zone", "sink_zone", "inside", "supply_resource", "demand_resource", "n_links", "amount",
                     "unit", "demand_amount", "demand_unit", "net_benefit_eur_per_yr", "co2_avoided_t_per_yr",
                     "investment_eur"]

ZONE_AMOUNT_COLUMNS = ["zone", "resource", "unit", "supplied", "received", "exchanged_inside"]


def _labels(z: pd.Series) -> np.ndarray:
    z = z.astype(object)
    # blank after stripping, cell by cell over a Python list (pandas' .str.strip maps a lambda
    # per cell: three times the time on 35,000 sites)
    filled = np.fromiter((str(v).strip() != "" for v in z.to_numpy(object).tolist()), bool, len(z))
    return z.where(z.notna().to_numpy() & filled, NO_ZONE).astype(str).to_numpy()


def site_zones(sites: pd.DataFrame) -> pd.Series:
    """site_id -> zone label (`(no zone)` where blank) of a sites table."""
    z = _labels(sites["zone"]) if "zone" in sites else np.full(len(sites), NO_ZONE)
    return pd.Series(z, index=sites["site_id"].to_numpy(), dtype=object)


def party_zones(scen: Scenario) -> pd.Series:
    """site_id or hub_id -> zone label (`(no zone)` where blank), for sites and candidate hubs."""
    s = scen.sites
    z = pd.Series(_labels(s["zone"]) if "zone" in s else NO_ZONE, index=s["site_id"].to_numpy(), dtype=object)
    h = scen.hubs
    if h is not None and len(h):
        hz = pd.Series(_labels(h["zone"]) if "zone" in h else NO_ZONE, index=h["hub_id"].to_numpy(), dtype=object)
        z = pd.concat([z, hz[~hz.index.isin(z.index)]])
    return z


def check_allocation(allocation: str) -> str:
    """The allocation name, or ValueError naming the known ones."""
    if allocation not in ALLOCATIONS:
        raise ValueError(f"unknown zone allocation '{allocation}'; expected one of: {', '.join(ALLOCATIONS)}")
    return allocation


def _shares(L: pd.DataFrame, allocation: str) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per link and measure: (share counted in the source's zone, share in the sink's zone)."""
    nb = L["net_benefit_eur_per_yr"].to_numpy(float)
    co2_src, co2_snk = co2_by_end(L)   # captured CO2 is the emitter's: a CO2 network's, on its injections
    co2 = co2_src + co2_snk
    inv = L["investment_eur"].to_numpy(float)
    if allocation == "company":
        src_nb = (L["source_benefit_eur_per_yr"] + L["build_share_eur_per_unit"] * L["amount"]).to_numpy(float)
        return {"nb": (src_nb, nb - src_nb), "co2": (co2_src, co2_snk), "inv": (0.0 * inv, inv)}
    k = {"sink": 0.0, "source": 1.0, "half": 0.5}[allocation]
    return {m: (k * a, a - k * a) for m, a in (("nb", nb), ("co2", co2), ("inv", inv))}


def zone_table(scen: Scenario, L: pd.DataFrame, supplies: pd.DataFrame, hubs: pd.DataFrame,
               allocation: str = DEFAULT_ALLOCATION, counted: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per zone (every zone of the sites, and of built hubs).

    Columns: zone; n_sites (sites of the scenario in it); n_hubs_built; links_inside,
    links_out, links_in (chosen links, hub legs included); net_benefit_eur_per_yr =
    net_benefit_inside + net_benefit_between - build_cost (EUR/yr); co2_avoided_t_per_yr;
    investment_eur; net_benefit_inside_eur_per_yr (links inside the zone, in full);
    net_benefit_between_eur_per_yr (the zone's share of links to or from other zones, by
    the rule); build_cost_eur_per_yr (annual cost of the supplies and hubs built in the
    zone, and the zone's companies' shares of the shared networks' corridors, `results.netallocation.
    zone_inputs`: Moselle et Madon on the Ludres backbone, 172,859 EUR/yr = Neuves-Maisons'
    134,752 + Messein's 38,107, where companies.csv nets them against the network's side of its
    connections, run at cost: `network_result` 0 and a build cost of 0); allocation (the rule, see the module docstring). Sums to the run's totals.

    `L`, `supplies`, `hubs`: `Statistics.links()`, `.supplies()`, `.hubs()`. `counted`: the
    chosen links as they are, when `L` has a shared network's connections split over the
    companies it serves (`results.netallocation.zone_inputs`): each link counts once, a network's
    end being a place of its own as in `zone_flows` (default: `L`).
    """
    check_allocation(allocation)
    zone_of = party_zones(scen)
    zs = zone_of.reindex(L["source_site"]).fillna(NO_ZONE).to_numpy()
    zk = zone_of.reindex(L["sink_site"]).fillna(NO_ZONE).to_numpy()
    # a shared network's connection (`results.netallocation.zone_inputs`' `via_network`) joins the network,
    # a place of its own, to a zone: never inside one, once split over the companies it serves too
    inside = (zs == zk) & ~(L["via_network"].to_numpy(bool) if "via_network" in L else np.zeros(len(L), bool))
    sh = _shares(L, allocation)
    # each link adds its source share to the source's zone and its sink share to the sink's
    # zone; a link inside one zone thus counts there in full
    c = pd.DataFrame({"zone": np.concatenate([zs, zk]), "inside": np.concatenate([inside, inside]),
                      **{m: np.concatenate([a, b]) for m, (a, b) in sh.items()}})
    c["nb_in"] = np.where(c["inside"], c["nb"], 0.0)
    c["nb_between"] = np.where(c["inside"], 0.0, c["nb"])
    sp, hb = supplies, hubs
    build = pd.DataFrame({
        "zone": np.concatenate([zone_of.reindex(sp["site_id"]).fillna(NO_ZONE).to_numpy(object),
                                hb["zone"].to_numpy(object)]),
        "cost": np.concatenate([sp["annual_cost_eur_per_yr"].to_numpy(float), hb["annual_cost_eur_per_yr"].to_numpy(float)]),
        "binv": np.concatenate([sp["investment_eur"].to_numpy(float), hb["investment_eur"].to_numpy(float)]),
        "hubs": np.concatenate([np.zeros(len(sp)), np.ones(len(hb))])})
    site_z = _labels(scen.sites["zone"]) if "zone" in scen.sites else np.full(len(scen.sites), NO_ZONE)
    all_zones = sorted(set(site_z) | set(zs) | set(zk) | set(build["zone"]))
    g = c.groupby("zone")[["nb_in", "nb_between", "co2", "inv"]].sum().reindex(all_zones, fill_value=0.0)
    bg = build.groupby("zone")[["cost", "binv", "hubs"]].sum().reindex(all_zones, fill_value=0.0)
    # each chosen link counts once, between the places of its two ends (a network is a place
    # of its own there, so a connection is a link out of or into a zone, never inside one)
    lc = L if counted is None else counted
    cs, ck = flow_places(zone_of, lc["source_site"]), flow_places(zone_of, lc["sink_site"])
    c_in = cs == ck
    count = lambda mask, z: pd.Series(z[mask]).value_counts().reindex(all_zones, fill_value=0).to_numpy(int)  # noqa: E731
    out = pd.DataFrame({
        "zone": all_zones,
        "n_sites": pd.Series(site_z).value_counts().reindex(all_zones, fill_value=0).to_numpy(int),
        "n_hubs_built": bg["hubs"].to_numpy().astype(int),
        "links_inside": count(c_in, cs), "links_out": count(~c_in, cs), "links_in": count(~c_in, ck),
        "net_benefit_eur_per_yr": (g["nb_in"] + g["nb_between"] - bg["cost"]).to_numpy(float),
        "co2_avoided_t_per_yr": g["co2"].to_numpy(float),
        "investment_eur": (g["inv"] + bg["binv"]).to_numpy(float),
        "net_benefit_inside_eur_per_yr": g["nb_in"].to_numpy(float),
        "net_benefit_between_eur_per_yr": g["nb_between"].to_numpy(float),
        "build_cost_eur_per_yr": bg["cost"].to_numpy(float), "allocation": allocation}, columns=ZONE_COLUMNS)
    for col in ZONE_COLUMNS[6:-1]:
        out[col] = out[col] + 0.0  # no negative zeros in the tables
    return out


def flow_places(zone_of: pd.Series, parties: pd.Series) -> np.ndarray:
    """The place of each party in the flow tables: its zone, or for a shared network's party
    (``network:heat``) the network itself, which belongs to no one zone: a supplier's heat
    goes into the network, and the network delivers it to the zones it reaches."""
    from eitflow.candidates.network import network_of

    ids = parties.astype(str).to_numpy(object)
    z = zone_of.reindex(ids).to_numpy(object, copy=True)
    net = np.fromiter((network_of(p) is not None for p in ids), bool, len(ids))
    z[net] = ids[net]
    return np.where(pd.isna(z), NO_ZONE, z)


def _zoned_links(scen: Scenario, L: pd.DataFrame) -> pd.DataFrame:
    zone_of = party_zones(scen)
    L = L.copy()
    L["source_zone"] = flow_places(zone_of, L["source_site"])
    L["sink_zone"] = flow_places(zone_of, L["sink_site"])
    return L


def zone_flows(scen: Scenario, L: pd.DataFrame) -> pd.DataFrame:
    """Chosen links rolled up by (source zone, sink zone, resources), each link in full (no
    allocation): n_links, amount (supply base unit/yr), demand_amount (demand base unit/yr),
    net benefit (EUR/yr), CO2 (tCO2/yr), investment (EUR). A shared network's connections
    have the network's id (``network:heat``) as their zone at the network's end."""
    m = _zoned_links(scen, L)
    if not len(m):
        return pd.DataFrame(columns=ZONE_FLOW_COLUMNS)
    g = (m.groupby(["source_zone", "sink_zone", "supply_resource", "demand_resource", "unit", "demand_unit"],
                   sort=True, dropna=False)
         .agg(n_links=("amount", "size"), amount=("amount", "sum"), demand_amount=("demand_amount", "sum"),
              net_benefit_eur_per_yr=("net_benefit_eur_per_yr", "sum"),
              co2_avoided_t_per_yr=("co2_avoided_t_per_yr", "sum"), investment_eur=("investment_eur", "sum"))
         .reset_index())
    g["inside"] = g["source_zone"] == g["sink_zone"]
    return g[ZONE_FLOW_COLUMNS]


def zone_amounts(scen: Scenario, L: pd.DataFrame) -> pd.DataFrame:
    """Per zone and resource (base unit/yr): supplied by the zone's parties (supply resource:
    what leaves their supplies, directly or into a hub or a network), received by them (demand
    resource, demand units: what reaches their demands, directly or out of a hub or a network),
    exchanged inside the zone (direct links inside it, and a hub's deliveries inside its zone in
    the share of its inflow that came from there; a network is a place of its own, never inside a
    zone). A hub or a network passes on what it takes in: it neither supplies nor receives, so the
    zones' supplies add up to what the territory supplies (`Statistics.resources`, summary.json's
    amount per resource; they counted a hub's or network's throughput a second time)."""
    m = _zoned_links(scen, L)
    if not len(m):
        return pd.DataFrame(columns=ZONE_AMOUNT_COLUMNS)
    kind = m["kind"].astype(str) if "kind" in m else pd.Series("direct", index=m.index)
    into, out_of = kind.isin(["to_hub", "to_net"]), kind.isin(["from_hub", "from_net"])
    sup = m[~out_of].groupby(["source_zone", "supply_resource", "unit"])["amount"].sum().rename("supplied")
    sup.index.names = ["zone", "resource", "unit"]
    rec = m[~into].groupby(["sink_zone", "demand_resource", "demand_unit"])["demand_amount"].sum().rename("received")
    rec.index.names = ["zone", "resource", "unit"]
    ins = m[(m["source_zone"] == m["sink_zone"]) & ~into & ~out_of][["source_zone", "supply_resource", "unit", "amount"]]
    hub_in, hub_out = m[kind == "to_hub"], m[kind == "from_hub"]
    if len(hub_out) and len(hub_in):
        # the hub's mix: the share of what entered it that came from each zone
        came = hub_in.groupby(["hub_id", "source_zone"])["amount"].sum()
        mix = came / came.groupby(level="hub_id").transform("sum")
        share = mix.reindex(pd.MultiIndex.from_arrays([hub_out["hub_id"], hub_out["sink_zone"]])).fillna(0.0)
        ins = pd.concat([ins, hub_out.assign(source_zone=hub_out["sink_zone"],
                                             amount=hub_out["amount"].to_numpy(float) * share.to_numpy(float))[
            ["source_zone", "supply_resource", "unit", "amount"]]], ignore_index=True)
    inside = ins.groupby(["source_zone", "supply_resource", "unit"])["amount"].sum().rename("exchanged_inside")
    inside.index.names = ["zone", "resource", "unit"]
    out = pd.concat([sup, rec, inside], axis=1).fillna(0.0).reset_index()
    return out.sort_values(["zone", "resource"], kind="stable").reset_index(drop=True)[ZONE_AMOUNT_COLUMNS]
