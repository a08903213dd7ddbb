"""What an exchange is worth once the shared infrastructure it goes through and what was built
for it have been paid for, in EUR/yr and in tCO2/yr: the figures the one-page brief ranks by,
the report's table of exchanges and results.xlsx show (`Statistics.links`'
``net_benefit_after_shares_eur_per_yr`` and ``co2_avoided_after_shares_t_per_yr``). The one
rule, in one place, applied in this order:

**Things built for some flows** (`with_shares`, ``build_cost_share_eur_per_yr``): a built
supply (an electrolyser, a capture unit: `Statistics.supplies`) and a placed activity (siting:
`Statistics.placements`, its cost = land + activity - revenue, which may be negative) are
paid for whatever they exchange. Their annual cost is split evenly over their flows that have
an exchange (a built supply has one), then over each flow's exchanges in proportion to the
amount (the supply's base unit for a supply, the demand's for a demand): for a built supply
the same EUR per unit as its price floor (`per_unit`, `Statistics.links`'
``build_share_eur_per_unit``). One built with no exchange is borne by none.

**Shared networks** (`results.netallocation.with_cost_shares`): a network's delivery to a company
bears the network's annual cost (corridors' annuity, O&M, pumping) in proportion to what it
withdraws from the pipes (a leg out of a hub on a CO2 network: not what the hub trucked in and
straight out); injections bear none (``network_cost_share_eur_per_yr``) and keep their own figure.

**Hubs** (``hub_share_eur_per_yr``): per hub and resource, the hub's deliveries (legs out of
it, ``from_hub``) together bear the hub's annual cost for that resource and the result of the
legs into it for that resource (their net benefit after the shares above, which is negative
when the hub's supply costs more than it saves, as an electrolyser's hydrogen, or positive),
each in proportion to the amount it takes out of the hub (the resource's base unit, one unit
per hub and resource). A leg into the hub passes its whole figure on to those deliveries: its
hub share is its own figure, and its figure after shares 0. But a leg into a hub standing on a
CO2 network passes on only the part of it that goes with what the hub hands straight to its
legs out (`model.netpass.passed_part`, the rule the model's refund of the compression follows):
the compression of what the hub puts into the pipes, and that part's share of the rest, stay on
the leg, as an injection keeps its figure (100,000 t/yr trucked in, 30,000 trucked out to D, 70,000
piped: D bore all the leg's -657,040 EUR/yr, 656,040 of it the pipes' compression, and read
1,133,252; then -300, and 1,789,992, the leg -656,740); a leg into a hub standing on any other
network (heat, hydrogen: nothing passes straight through, `hubsplit.passed`) is an injection and
keeps its whole figure. A hub's annual cost is split
evenly over the resources it carries (`hub_cost_by_resource`, as `Statistics.resources`).
A hub on a shared network (of any resource) splits its cost for that resource between what it hands
out by its own legs and what it puts into the pipes, in proportion to the amounts
(`results.hubsplit`, as companies.csv and network_shares.csv read it): its legs out bear the legs' part,
and the pipes' part is the network's, in its cost that the network's withdrawals bear (above;
before 2026-12-07 the trucks bore all of it, and D, which draws nothing from the pipes, 9,408
EUR/yr of the corridor's 31,360: now 0, S's pipe delivery all 31,360). Where a hub resource has
legs in but none out (a hub on a shared network whose legs only feed the network), the legs in
bear that cost in proportion to what they bring and keep their own figure (a hub on a network:
the network's, as all it takes in goes into the pipes); a resource with legs out only (fed by the
network) has nothing to pass on (on a network its legs out bear its whole cost: a hydrogen
station on a pipeline, 50,000 EUR/yr on the depot it hands 200 t/yr to). Every other exchange bears no hub share.

**CO2 avoided** (``co2_avoided_after_shares_t_per_yr``): the same rule where there is CO2 to
pass on. Hubs, networks, built supplies and placed activities have no CO2 of their own (a
supply's production CO2, compression and heat-pump electricity are per unit, on its links;
a network's pumping is counted in EUR only; the headline CO2 is the links' sum), so the only
share is the hub's: its deliveries bear the CO2 of the legs into it (an electrolyser's
production CO2, negative) in proportion to what they take out, the legs in count 0, and legs
in with nothing out keep theirs (a hub on a CO2 network: the part passed straight out, as above;
the compression's CO2 of what goes into the pipes stays on the leg). A network's injections keep theirs (the money rule: they
bear none), its deliveries theirs, but on a network of captured CO2 (`CAPTURED`).

**Captured CO2** (`CAPTURED`, `stores`, `co2_by_end`): where the resource exchanged is the CO2
itself and its buyer keeps it out of the air (a terminal to storage, a mineralisation: the
buyer's flows.csv ``co2_use`` = storage, or where it says nothing a CO2 factor of at least
`STORED_T_PER_T` tCO2 per t delivered; ``co2_use`` = utilisation is never storage), what is
avoided is the emitter's emission, not an input of the buyer's. So a network or a hub of it
(`_to_emitters`, one rule per party: a network piece with the hubs standing on it, or a hub off
any network) passes such deliveries' CO2 to what brings it in, by what each brings (a collection
network's terminal read 21,000 tCO2/yr and each emitter 0; now each emitter its own tonnes, the
terminal 0), a hub's leg in keeping its own truck's CO2; and companies.csv and zones.csv count
such an exchange's CO2 at its source, as its flag ``co2_at_source`` says (the flag goes with a
network's rows when they are split over the companies it serves). The price bands follow the
same rule (`results.prices.stored_co2_shift`): the carbon value is the emitter's, who pays for
the storage. CO2 used where it is released again (greenhouses: 0.1 t/t, the merchant CO2
replaced) and every other exchange's CO2 count at the sink, where the current input is
replaced. Totals are unchanged.

So, over all exchanges, the figures after shares add up to the headline (net benefit and CO2
avoided), less only the annual cost of what was built without any exchange to bear it (a hub,
a supply or a placed activity). A chain site -> hub -> company is then worth what its figures
after shares say; its legs one by one (matches.csv's ``net_benefit_eur_per_yr``,
``co2_avoided_t_per_yr``) are the raw legs.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from eitflow.candidates.network import PIECE
from eitflow.catalogue import CAPTURED  # CO2 itself: stored, its CO2 avoided is the emitter's (module docstring)
from eitflow.model.netpass import passed_part
from eitflow.results import hubsplit
from eitflow.results import netallocation as alloc
from eitflow.results.hubsplit import built_hubs, hub_cost_by_resource  # the hubs' cost facts (re-exported)
from eitflow.results.netbalance import exchange_legs, piped_amounts
from eitflow.results.netparts import hub_parties
from eitflow.results.tables import SHARE_COLUMNS  # the columns `with_shares` adds

__all__ = ["CAPTURED", "SHARE_COLUMNS", "built_costs", "built_hubs", "co2_by_end", "hub_cost_by_resource",
           "network_lines", "per_unit", "stores", "stores_co2", "with_shares"]

#: tCO2 avoided per t of captured CO2 delivered from which the buyer is taken to keep it out of
#: the air where its flows.csv ``co2_use`` says nothing (storage: 1 t/t, less the transport's);
#: merchant CO2 replaced is 0.1 (the catalogue's)
STORED_T_PER_T = 0.5


#: `built_costs`' columns
BUILT_COLUMNS = ["built_id", "flow_id", "direction", "cost_eur_per_yr"]


def per_unit(cost: np.ndarray, amount: np.ndarray) -> np.ndarray:
    """`cost` (EUR/yr) spread over `amount` (units/yr): EUR per unit, 0 where nothing is delivered."""
    cost, amount = np.asarray(cost, float), np.asarray(amount, float)
    return np.where(amount > 0, cost / np.maximum(amount, 1e-300), 0.0)


def built_costs(flows: pd.DataFrame, supply_built: np.ndarray, supply_cost: np.ndarray,
                placements: pd.DataFrame | None, placed: np.ndarray) -> pd.DataFrame:
    """What was built for some flows, one row per thing built and each of its flows: built_id
    (the supply's flow_id, or the placed activity's site_id), flow_id, direction (of the flow)
    and cost_eur_per_yr (the thing's whole annual cost, repeated on each of its rows, EUR/yr).

    Parameters
    ----------
    flows : the scenario's flows (flow_id, site_id, direction; ``placement``, the position of
        the flow's placed activity in `placements`, -1 for a territory's flow, where siting).
    supply_built, supply_cost : per flow, whether it is a built supply and its annual cost (EUR/yr).
    placements : the scenario's placements (cost_eur_per_yr, EUR/yr), or None.
    placed : per placement, whether it is placed.
    """
    fid, dirn = flows["flow_id"].to_numpy().astype(str), flows["direction"].to_numpy().astype(str)
    k = np.flatnonzero(np.asarray(supply_built, bool))
    rows = [pd.DataFrame({"built_id": fid[k], "flow_id": fid[k], "direction": dirn[k],
                          "cost_eur_per_yr": np.asarray(supply_cost, float)[k]})]
    if placements is not None and len(placements) and "placement" in flows and np.any(placed):
        fp = flows["placement"].to_numpy(np.int64)
        on = (fp >= 0) & np.asarray(placed, bool)[np.maximum(fp, 0)]
        cost = placements["cost_eur_per_yr"].to_numpy(float)[fp[on]]
        rows.append(pd.DataFrame({"built_id": flows["site_id"].to_numpy().astype(str)[on], "flow_id": fid[on],
                                  "direction": dirn[on], "cost_eur_per_yr": cost}))
    return pd.concat(rows, ignore_index=True)[BUILT_COLUMNS]


def _build_shares(L: pd.DataFrame, built: pd.DataFrame) -> np.ndarray:
    """Per link of `L`, its share of the things built (`built_costs`; the rule of the module
    docstring, EUR/yr)."""
    share = np.zeros(len(L))
    if not len(L) or built is None or not len(built):
        return share
    sup, dem = L["supply_flow_id"].to_numpy().astype(str), L["demand_flow_id"].to_numpy().astype(str)
    amt, damt = L["amount"].to_numpy(float), L["demand_amount"].to_numpy(float)
    for _, b in built.groupby("built_id", sort=False):
        # its flows with an exchange, and per flow its exchanges and what each carries
        legs = [(sup == f, amt) if d == "supply" else (dem == f, damt) for f, d in zip(b["flow_id"], b["direction"])]
        legs = [(m, a) for m, a in legs if (a[m] > 0).any()]
        for m, a in legs:
            share[m] += float(b["cost_eur_per_yr"].iat[0]) / len(legs) * a[m] / a[m].sum()
    return share


def with_shares(L: pd.DataFrame, corridors: pd.DataFrame, hubs: pd.DataFrame,
                built: pd.DataFrame | None = None, split: hubsplit.HubSplit | None = None) -> pd.DataFrame:
    """`L` (`Statistics`' links, before these columns) with the shares of the module docstring.

    Parameters
    ----------
    L : the chosen links (kind, hub_id, supply_resource, supply_flow_id, demand_flow_id,
        amount in the supply resource's base unit/yr, demand_amount in the demand's,
        net_benefit_eur_per_yr = v x - F in EUR/yr, co2_avoided_t_per_yr in tCO2/yr).
    corridors : the corridors built (`results.network.corridors_built`).
    hubs : the built hubs (`built_hubs`).
    built : the supplies and placed activities built (`built_costs`), or None.
    split : the hubs' cost per resource and network fractions (`hubsplit.hub_split` of `L` and
        `hubs`, which `results.statistics` computes once); computed here if None.

    Returns
    -------
    pandas.DataFrame
        `L` with `SHARE_COLUMNS`: build_cost_share_eur_per_yr and network_cost_share_eur_per_yr
        (EUR/yr), hub_share_eur_per_yr (a delivery from a hub: its part of the hub's cost less
        the legs into it; a leg into a hub: its own figure after the other shares),
        net_benefit_after_shares_eur_per_yr = net_benefit_eur_per_yr - the three (EUR/yr),
        co2_avoided_after_shares_t_per_yr (tCO2/yr) and co2_at_source (bool: its CO2 counts at
        its supplier, `co2_by_end`).
    """
    build = _build_shares(L, built)
    split = hubsplit.hub_split(L, hubs) if split is None else split
    # a hub on a shared network: its cost for what it puts into the pipes is the network's, its legs'
    # part its legs out's (`results.hubsplit`); a hub off any network's cost stays on its deliveries, below
    phi = split.phi
    L = alloc.with_cost_shares(L, corridors, hub_parties(L, hubs, split) if phi else None)
    after_net = L["net_benefit_eur_per_yr"].to_numpy(float) - build - L["network_cost_share_eur_per_yr"].to_numpy(float)
    co2 = L["co2_avoided_t_per_yr"].to_numpy(float) if len(L) else np.zeros(0)
    share, co2_share = np.zeros(len(L)), np.zeros(len(L))
    if len(L):
        kind, hub = L["kind"].to_numpy().astype(str), L["hub_id"].to_numpy().astype(str)
        res, amt = L["supply_resource"].to_numpy().astype(str), L["amount"].to_numpy(float)
        cost = {(str(h), str(r)): c for h, r, c in split.rows[
            ["hub_id", "resource", "cost_eur_per_yr"]].itertuples(index=False)}
        trucks = hubsplit.truck_parts(L, split)[0]
        leg = np.isin(kind, ["to_hub", "from_hub"]) & (amt > 0)
        # what of a leg in's figures goes with what its hub passes to its legs out: all of them, but
        # at a hub on a CO2 network, whose compression of what it puts into the pipes stays on the leg
        eur_in, co2_in = _passed(L, after_net), _passed(L, co2, "pass_refund_t_per_unit")
        # every hub node with a cost or a leg: a leg's CO2 passes on even where a hub has no cost
        for h, r in sorted(set(cost) | set(zip(hub[leg], res[leg]))):
            node = (hub == h) & (res == r)
            into, out = node & (kind == "to_hub"), node & (kind == "from_hub")
            c = cost.get((h, r), 0.0) if (h, r) not in phi else 0.0   # a hub on a network: `trucks`
            if amt[out].sum() > 0:
                # the deliveries bear the hub's cost and the legs' into it, per unit taken out
                w = amt[out] / amt[out].sum()
                share[out], share[into] = (c - eur_in[into].sum()) * w + trucks[out], eur_in[into]
                co2_share[out], co2_share[into] = -co2_in[into].sum() * w, co2_in[into]
            elif amt[into].sum() > 0:
                # nothing taken out (the legs in feed a network): they bear the hub's cost
                share[into] = c * amt[into] / amt[into].sum()
        # captured CO2 sent to storage: the emitters' (the one place that says which exchanges count at the source)
        more, at_src = _to_emitters(L, co2_in, co2 - co2_share, amt)
        co2_share += more
    else:
        at_src = np.zeros(0, bool)
    return L.assign(build_cost_share_eur_per_yr=build + 0.0, hub_share_eur_per_yr=share + 0.0,
                    net_benefit_after_shares_eur_per_yr=after_net - share,
                    co2_avoided_after_shares_t_per_yr=co2 - co2_share, co2_at_source=at_src)


def _passed(L: pd.DataFrame, figure: np.ndarray, refund: str = "pass_refund_eur_per_unit") -> np.ndarray:
    """Per link of `L`, the part of `figure` (EUR/yr, or tCO2/yr with `refund` the tCO2 per unit)
    that a leg into a hub hands on with what the hub passes straight out: `model.netpass.passed_part`
    (the one rule) where `L` says what (``hub_passed``, `Statistics.links`; 0 at a hub on a network
    of another resource than CO2, whose legs in all inject: they keep their figure, as the price
    bands count them, `hubsplit.passed`), else all of it."""
    per_unit = L[refund].to_numpy(float) if refund in L else np.zeros(len(L))   # none: no compression refunded
    return passed_part(figure, L["amount"].to_numpy(float), hubsplit.passed(L), per_unit)


def _captured(L: pd.DataFrame) -> np.ndarray:
    """Which exchanges of `L` carry captured CO2 (`CAPTURED`), as a boolean array."""
    if not len(L) or "supply_resource" not in L:
        return np.zeros(len(L), bool)
    return L["supply_resource"].astype(str).isin(CAPTURED).to_numpy()


def stores(resource: pd.Series | np.ndarray, co2_per_unit: np.ndarray,
           use: pd.Series | np.ndarray | None = None) -> np.ndarray:
    """Which exchanges deliver captured CO2 (`CAPTURED`) to be kept out of the air: the one test,
    read by the CO2 figures here and the price bands (`results.prices`).

    Parameters
    ----------
    resource : per exchange, its supply resource.
    co2_per_unit : per exchange, its own CO2 avoided, tCO2 per t delivered.
    use : per exchange, its buyer's flows.csv ``co2_use`` (``storage``, ``utilisation``, or ""
        where not said: then storage when `co2_per_unit` >= `STORED_T_PER_T`); None: not said.

    Returns
    -------
    numpy.ndarray
        Per exchange, whether it sends captured CO2 to storage.
    """
    cap = np.isin(np.asarray(resource).astype(str), CAPTURED)
    by_rule = np.asarray(co2_per_unit, float) >= STORED_T_PER_T
    if use is None:
        return cap & by_rule
    u = pd.Series(np.asarray(use, object)).fillna("").astype(str).str.strip().str.lower().to_numpy()
    return cap & np.where(u == "storage", True, np.where(u == "utilisation", False, by_rule))


def stores_co2(matches: pd.DataFrame | None) -> bool:
    """Whether any exchange of `matches` (matches.csv) delivers captured CO2 to storage: its
    ``co2_at_source`` (`with_shares`), or for a run written before it, the rule (`stores`)."""
    if matches is None or not len(matches):
        return False
    if "co2_at_source" in matches:
        return bool(matches["co2_at_source"].astype(bool).any())
    return bool(_stored(matches).any())


def _stored(L: pd.DataFrame) -> np.ndarray:
    """`stores` for the links `L`: their ``co2_stored`` (`Statistics.links`, where the buyer's
    ``co2_use`` is read), else the rule on co2_avoided_t_per_yr (tCO2/yr) over `amount` (t/yr)."""
    if not len(L) or not {"supply_resource", "amount", "co2_avoided_t_per_yr"} <= set(L):
        return np.zeros(len(L), bool)
    amt, co2 = L["amount"].to_numpy(float), L["co2_avoided_t_per_yr"].to_numpy(float)
    if "co2_stored" in L:
        return L["co2_stored"].to_numpy(bool) & _captured(L) & (amt > 0)
    return stores(L["supply_resource"], np.divide(co2, amt, out=np.zeros(len(L)), where=amt > 0))


def _party(L: pd.DataFrame) -> np.ndarray:
    """Per link of `L`, the network (piece) or hub it enters or leaves (a hub standing on a network:
    the network's, ``network_piece``, as `results.prices.stored_co2_shift` reads it), "" for a
    direct exchange."""
    kind = L["kind"].to_numpy().astype(str)
    piece = L["network_piece"].fillna("").astype(str).to_numpy() if "network_piece" in L else np.full(len(L), "")
    net = np.where(kind == "to_net", L["sink_site"].to_numpy().astype(str),
                   np.where(kind == "from_net", L["source_site"].to_numpy().astype(str), ""))
    hub = np.where(np.isin(kind, ["to_hub", "from_hub"]), L["hub_id"].to_numpy().astype(str), "") \
        if "hub_id" in L else np.full(len(L), "")
    return np.where(piece != "", piece, np.where(net != "", net, hub))


def _to_emitters(L: pd.DataFrame, passed: np.ndarray, so_far: np.ndarray, amt: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The further CO2 shares (tCO2/yr, subtracted from the figures `so_far`) that give the CO2 of
    captured CO2 sent to storage to the emitters, and which exchanges count their CO2 at the source.

    Per party (`_party`: a network piece with the hubs standing on it, or a hub off any network)
    whose deliveries store some (`_stored`): those deliveries count 0, and what brings CO2 into the
    party (its injections and the legs into its hubs: the emitters) takes their figures, by what
    each brings (t/yr), except that a hub's leg in gets back, its own, the part of its truck's CO2
    the hub rule passed to the stored deliveries (a hub between three emitters and a terminal read
    20,985.05 tCO2/yr and the emitters 0; now 9,992.2, 7,994.8 and 2,998.05). A collection network
    where one emitter pipes in and another trucks to a hub standing on the network, which trucks
    to the terminal, credited the trucking emitter with all (17,989.6) and the piping one 0: each
    now its own tonnes. A delivery the CO2 is used at (a greenhouse, 0.1 t/t) keeps its figure; a
    party with nothing brought in keeps its figures. Sums are kept.

    Parameters
    ----------
    L : the links (kind, hub_id, network_piece, source_site, sink_site, supply_resource, ...).
    passed : per leg into a hub, the CO2 the hub rule hands on to its deliveries (`_passed`: its own
        CO2 avoided, but at a hub on a CO2 network that of what it passes straight out), tCO2/yr.
    so_far : each link's CO2 after the hub rule, tCO2/yr.
    amt : each link's amount, t/yr.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        The shares (tCO2/yr), and per link whether its CO2 is counted at its source
        (``co2_at_source``: a stored delivery, and what brings its CO2 to the party).
    """
    share, at_src = np.zeros(len(L)), _stored(L)
    if not at_src.any():
        return share, at_src
    kind, hub, party, cap = L["kind"].to_numpy().astype(str), L["hub_id"].to_numpy().astype(str), _party(L), _captured(L)
    into, out = np.isin(kind, ["to_net", "to_hub"]) & cap & (amt > 0), np.isin(kind, ["from_net", "from_hub"])
    for p in sorted(set(party[at_src & out & (party != "")])):
        ins, st = into & (party == p), at_src & out & (party == p)
        if amt[ins].sum() <= 0:
            continue
        back = np.zeros(len(L))   # a hub leg's own truck CO2 that the hub rule gave the stored deliveries
        for h in sorted(set(hub[ins & (kind == "to_hub")])):
            hin, hout = ins & (kind == "to_hub") & (hub == h), (kind == "from_hub") & (hub == h) & cap & (amt > 0)
            if amt[hout].sum() > 0:
                back[hin] = passed[hin] * amt[hout & st].sum() / amt[hout].sum()
        share[st] = so_far[st]   # now counts 0
        share[ins] = -(back[ins] + (so_far[st].sum() - back.sum()) * amt[ins] / amt[ins].sum())
        at_src |= ins
    return share, at_src


def co2_by_end(L: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Each exchange's CO2 avoided as companies.csv and zones.csv count it at its two ends.

    Parameters
    ----------
    L : `Statistics`' links (supply_resource, co2_avoided_t_per_yr and, after `with_shares`,
        co2_avoided_after_shares_t_per_yr, tCO2/yr, and co2_at_source), a network's connections
        possibly split over the companies it serves (`results.netallocation.zone_inputs`: the flag goes
        with each part).

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        tCO2/yr counted at the source and at the sink: where ``co2_at_source`` (`with_shares`: captured
        CO2 delivered to be stored, and what brings it to the network or hub that stores it) at its
        source, the emitter, by the figure after shares; other captured CO2 by that figure at its
        sink; any other exchange's raw figure at its sink, where the current input is replaced.
        Per exchange the two add up to what it counts; over all, to the headline.
    """
    raw = L["co2_avoided_t_per_yr"].to_numpy(float) if len(L) else np.zeros(0)
    after = L["co2_avoided_after_shares_t_per_yr"].to_numpy(float) if "co2_avoided_after_shares_t_per_yr" in L else raw
    cap = _captured(L)
    at_src = L["co2_at_source"].to_numpy(bool) if "co2_at_source" in L else _stored(L)
    return np.where(at_src, after, 0.0), np.where(at_src, 0.0, np.where(cap, after, raw))


#: `network_lines`' columns
NETWORK_LINE_COLUMNS = ["network", "resource", "piece", "injecting", "withdrawing", "amount", "unit",
                        "net_benefit_after_shares_eur_per_yr", "co2_avoided_after_shares_t_per_yr"]


def network_lines(matches: pd.DataFrame, hubs: dict[str, list[str]] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A shared network's connections taken together, as the brief shows a network: one row
    per network, or per piece of a network that no corridor joins (two incinerators each
    feeding its own town: matches.csv's ``network_piece``, `results.netparts.by_piece`), with
    its party id (``network:<resource>``, a piece's ``network:<resource>#<k>``), its resource,
    its piece's number (``piece``, "" for a network in one piece), the sites injecting and
    withdrawing (tuples of site ids, the largest amount first), what it delivers (the
    withdrawals' amount and unit) and the sums of its connections' figures after shares
    (EUR/yr, tCO2/yr; unknown, NaN, where one of them is). Under the postage-stamp rule above
    the withdrawals bear the corridors and the injections none, so one connection's figure is
    the rule's split, not the network's worth: a CO2 collection network's terminal bears its
    whole cost (a loss on its line) while the emitters' lines show the gain. Together they are
    the network's (each piece is run at cost on its own), and with the other exchanges they add
    up to the headline. A run written before ``network_piece`` has one row per resource. The legs
    of a hub standing on the network (`hubs`: resource -> the hubs on its network, summary.json's
    ``hubs_on_network``) put into it and draw from it too: their sites are named among those
    injecting and withdrawing, and its delivery counts them, for what goes through the pipes
    (`results.netbalance.piped_amounts`: not what a CO2 hub trucks straight through), as the
    network's balance does (an emitter trucking into a hub on a CO2 network was named nowhere).
    Returns (the exchanges that are no network connection, `mode` != network, as in `matches`;
    the networks' rows)."""
    if not len(matches) or "mode" not in matches:
        return matches, pd.DataFrame(columns=NETWORK_LINE_COLUMNS)
    src, snk = matches["source_site"].astype(str), matches["sink_site"].astype(str)
    conn = (matches["mode"].astype(str) == "network") & (src.str.startswith("network:") | snk.str.startswith("network:"))
    party = np.where(src.str.startswith("network:"), src, snk)
    piece = matches["network_piece"].fillna("").astype(str).to_numpy() if "network_piece" in matches \
        else np.full(len(matches), "")
    # the piece where matches.csv says it (a piece of the connection's own network), else the network
    key = np.where(np.char.startswith(piece.astype(str), party.astype(str)), piece, party)
    legs_in, legs_out = _hub_legs(matches, hubs)
    rows = []
    for p in dict.fromkeys(key[conn.to_numpy()]):
        m = matches[conn.to_numpy() & (key == p)]
        inj, out = m[m["sink_site"].astype(str).str.startswith("network:")], m[m["source_site"].astype(str).str.startswith("network:")]
        inj, out = (pd.concat([a, mine]) if len(mine := h[h["network_piece"].astype(str) == p]) else a
                    for a, h in ((inj, legs_in), (out, legs_out)))
        resource, _, number = p.split(":", 1)[1].partition(PIECE)
        rows.append({"network": p, "resource": resource, "piece": number,
                     "injecting": _by_amount(inj, "source_site"), "withdrawing": _by_amount(out, "sink_site"),
                     "amount": float(out["amount"].sum()), "unit": str(out["unit"].iat[0]) if len(out) else "",
                     **{c: float(m[c].sum(min_count=len(m))) if c in m else float("nan")
                        for c in NETWORK_LINE_COLUMNS[-2:]}})
    return matches[~conn.to_numpy()], pd.DataFrame(rows, columns=NETWORK_LINE_COLUMNS)


def _hub_legs(matches: pd.DataFrame, hubs: dict[str, list[str]] | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The legs into and out of the hubs standing on a network (`network_lines`' `hubs`) among
    `matches`, each at what it puts into or draws from the pipes (`piped_amounts`), those with some."""
    if not hubs or "network_piece" not in matches:
        return matches.iloc[:0], matches.iloc[:0]
    legs = piped_amounts(exchange_legs(matches, hubs))
    legs = legs[(legs["amount"].to_numpy(float) > 0) & (legs["network_piece"].fillna("").astype(str) != "")]
    kind = legs["kind"].astype(str)
    return legs[kind == "to_hub"][matches.columns], legs[kind == "from_hub"][matches.columns]


def _by_amount(m: pd.DataFrame, col: str) -> tuple[str, ...]:
    """The sites of `m`'s column `col`, the largest amount first (then by id)."""
    a = m.assign(_s=m[col].astype(str)).groupby("_s")["amount"].sum()
    return tuple(str(k) for k in sorted(a.index, key=lambda k: (-float(a[k]), k)))
