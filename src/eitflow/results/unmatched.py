"""unmatched.csv: every flow left (partly) unmatched, with its remaining amount and the reason."""

from __future__ import annotations

import numpy as np
import pandas as pd

from eitflow.candidates.costs import supply_fixed_eur_per_yr, supply_size_eur_per_unit
from eitflow.candidates.generate import Candidates
from eitflow.candidates.netwhy import network_reason
from eitflow.candidates.radius import flow_radii
from eitflow.candidates.reasons import (
    CAPACITY_USED,
    MIN_AMOUNT,
    NO_COMPATIBLE,
    NO_SOLUTION,
    NOT_IN_LINKS,
    NOT_SELECTED,
    OUT_OF_RANGE,
    QUALITY,
    SAME_SITE,
    TIMING,
    UNIT_NOT_BUILT,
)
from eitflow.candidates.why import drop_index, why_no_candidates
from eitflow.i18n import Code, Count, Named, Net, Phrase, Unit, say
from eitflow.ids import said_hub, said_site
from eitflow.results.netfull import leg_nodes, network_min_too_large, network_pipes_full
from eitflow.results.netloss import network_losses_short
from eitflow.results.supplies import unit_flows
from eitflow.results.tables import REL_TOL, period_usage, used_amounts
from eitflow.scenario import Scenario
from eitflow.solve.status import Solution

UNMATCHED_COLUMNS = ["flow_id", "site_id", "direction", "resource", "amount", "remaining", "unit", "reason", "detail"]
#: the column of unmatched.csv holding `detail` said in French (the report's; the run directory only)
DETAIL_FR = "detail_fr"


def with_french_detail(um: pd.DataFrame) -> pd.DataFrame:
    """unmatched.csv as a run directory holds it: `um` with `detail` (a `Phrase`, its string
    the English) said in French beside it (`detail_fr`), for the French report; `detail` is
    kept as it is. A national run has 34,000 unmatched flows, mostly the same few sentences:
    each distinct sentence is said once."""
    if "detail" not in um:
        return um
    memo: dict[tuple, str] = {}

    def fr(d) -> str:
        k = (getattr(d, "key", None), str(d))
        if k not in memo:
            memo[k] = say(d, "fr")
        return memo[k]

    return um.assign(**{DETAIL_FR: [fr(d) for d in um["detail"].tolist()]})


def detail_adds(detail: object, direction: str, resource: str) -> bool:
    """Whether an unmatched flow's detail (unmatched.csv's `detail`, its English) says more than
    its row's reason, direction and resource: not one of the sentences the same on every row of
    a reason ('every viable partner's amount (or the link capacity) is used by the chosen
    exchanges', a timing's, 'no demand in the scenario can exchange with this sulphur'), which
    the reason's name and its legend under a table say already. The report's table wrote the
    legend and then that sentence in the same cell; its detail is now empty there.

    Parameters
    ----------
    detail : str
        The row's `detail` (English; a run's CSV or a `Phrase`); NaN or "" where there is none.
    direction, resource : str
        The row's direction (supply, demand) and resource id.

    Returns
    -------
    bool
        False where the detail says nothing the row does not.
    """
    if not isinstance(detail, str) or not detail.strip():
        return False
    other = "demand" if direction == "supply" else "supply"
    plain = (Phrase("um_capacity_used"), Phrase("um_timing"),
             Phrase(f"why_no_compatible_{other}", resource=Named(resource)))
    return str(detail) not in {str(p) for p in plain}


def details_that_add(um: pd.DataFrame) -> pd.DataFrame:
    """`um` (unmatched.csv's rows, with `detail` and maybe `detail_fr`) with each detail that only
    repeats its row's reason emptied (`detail_adds`), as the report's table says them: what
    unmatched.geojson's features carry, which a map's tooltip shows beside the reason.
    unmatched.geojson said "capacity_used" and, under it, "every viable partner's amount (or the
    link capacity) is used by the chosen exchanges" on 11 of zae_example's 13 flows. Each
    distinct (detail, direction, resource) is judged once: a national run's 34,000 rows hold a
    few sentences."""
    if "detail" not in um or not len(um):
        return um
    memo: dict[tuple, bool] = {}

    def adds(d, direction, resource) -> bool:
        k = (getattr(d, "key", None), str(d), direction, resource)
        if k not in memo:
            memo[k] = detail_adds(d if isinstance(d, str) or pd.isna(d) else str(d), direction, resource)
        return memo[k]

    keep = [adds(d, str(di), str(r)) for d, di, r in zip(um["detail"].tolist(), um["direction"].tolist(),
                                                         um["resource"].tolist())]
    return um.assign(**{c: [v if k else "" for v, k in zip(um[c].tolist(), keep)]
                        for c in ("detail", DETAIL_FR) if c in um})


def _distinct_pairs(a: np.ndarray, b: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The distinct pairs (a[i], b[i]) of non-negative integers, `a` below `n`."""
    key = np.unique(b.astype(np.int64) * n + a.astype(np.int64))
    return key % n, key // n


def _pools(cand: Candidates, kind: np.ndarray) -> np.ndarray:
    """Per candidate link, the pool its leg feeds or draws from (-1: a direct link): a shared
    network's piece (its component), or a hub's (hub, resource) node, numbered after the
    pieces; a hub standing on a network shares the network's node (`results.netfull.leg_nodes`),
    so its legs are the piece's."""
    lk = cand.links
    pool = np.full(len(lk), -1, np.int64)
    net = cand.network
    n_comp = 0
    if net is not None and len(net.node_arrays["node"]) and "net_node" in lk:
        comp = np.asarray(net.node_arrays["component"], np.int64)
        n_comp = int(comp.max()) + 1
        nn = leg_nodes(net, lk, kind)
        pool[nn >= 0] = comp[nn[nn >= 0]]
    if "hub_node" in lk:
        h = lk["hub_node"].to_numpy(np.int64)
        own = np.isin(kind, ["to_hub", "from_hub"]) & (h >= 0) & (pool < 0)
        pool[own] = n_comp + h[own]
    return pool


def _own_only_legs(scen: Scenario, cand: Candidates, kind: np.ndarray, s: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Per candidate link, whether it is a leg of a hub off the networks whose legs the other way
    all serve the leg's own site: a site takes out of a hub only what others put in
    (`model.netsame.hub_own_rows`), so such a leg is no partner (a lone site's supply and
    demand beside a hub read 'not_selected: 1 viable partner with amount left')."""
    from eitflow.model.netsame import flow_sites
    from eitflow.model.network import merged_hub_nodes

    hn = cand.links["hub_node"].to_numpy(np.int64) if "hub_node" in cand.links else np.full(len(s), -1)
    legs = np.flatnonzero(np.isin(kind, ["to_hub", "from_hub"]) & (hn >= 0) & ~np.isin(hn, merged_hub_nodes(cand)))
    out = np.zeros(len(s), bool)
    if not len(legs):
        return out
    site = flow_sites(scen)
    into = s[legs] >= 0
    who = site[np.where(into, s[legs], d[legs])]
    for node in np.unique(hn[legs]):
        at = hn[legs] == node
        for way in (True, False):
            mine, other = at & (into == way), at & (into != way)
            others = np.unique(who[other])
            if len(others) == 1:      # one site on the other side: its own legs are no partner
                out[legs[mine & (who == others[0])]] = True
    return out


def hub_full_per_period(scen: Scenario, cand: Candidates, sol: Solution, T: int) -> np.ndarray:
    """Per candidate link and period (links x T, T those of `left_t`: the months, or the year),
    whether its hub's inflow (its legs in, as the model's capacity row counts them) reaches its
    capacity in the period (`model.build.hub_period_capacity`, the row's figure where it can
    bind: a row at what the supplies hold is reached only when they are spent, which
    `_network_spent` says, by the months), the leg being one the row holds: a hub's legs in,
    and a hub off a network's legs out too (what leaves it is what entered); a hub on a network's
    legs out when what leaves by them reaches it (the gas drawn from the network's node included). A hub of 80 t/yr fed 50 + 30 by two supplies
    (or handing 50 + 30 to two users) is full with no leg at its own bound (50): the supply and
    the user short beside it read 'not_selected'."""
    lk = cand.links
    out = np.zeros((len(lk), T), bool)
    if sol.objective is None or scen.hubs is None or "hub" not in lk or "kind" not in lk:
        return out
    from eitflow.model.build import hub_period_capacity
    from eitflow.model.network import merged_hub_nodes

    pf = sol.period_flow
    # each period's flows, or the year's (monthly profiles without them: full when it took its year's)
    flow = (np.asarray(pf, float) if T > 1 and pf is not None and np.shape(pf) == (len(lk), T)
            else np.asarray(sol.flow, float)[:, None])
    cap = hub_period_capacity(scen.hubs["capacity"].to_numpy(float), flow.shape[1])
    hub, hnode = lk["hub"].to_numpy(np.int64), lk["hub_node"].to_numpy(np.int64)
    legs_in = (hub >= 0) & (hnode >= 0) & (lk["supply"].to_numpy(np.int64) >= 0)
    inflow, outflow = np.zeros(cap.shape), np.zeros(cap.shape)
    np.add.at(inflow, hub[legs_in], flow[legs_in])
    on_net = np.isin(hnode, merged_hub_nodes(cand))
    held = (hub >= 0) & (legs_in | ~on_net)
    out[held] = (inflow >= cap * (1 - REL_TOL))[hub[held]]
    # a hub on a network: its legs out are held by what leaves by them (the model's
    # `hub_capacity_out`), the gas its node draws from the network included
    legs_out = (hub >= 0) & (hnode >= 0) & ~legs_in & on_net
    np.add.at(outflow, hub[legs_out], flow[legs_out])
    out[legs_out] = (outflow >= cap * (1 - REL_TOL))[hub[legs_out]]
    return out


def _network_spent(cand: Candidates, s: np.ndarray, d: np.ndarray, reachable: np.ndarray,
                   amount: np.ndarray, left_t: np.ndarray, full: np.ndarray,
                   hub_full: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per candidate link: a connection out of a network none of whose supplies has heat left
    that can enter it (`reachable`: per flow, what is left of it less what no partner can use
    by temperature, `unreachable_share`), or into a network none of whose users needs more.
    Its legs then have no room, whatever their own bound: a town short of heat whose network's
    source has only heat below the return left read '1 viable partner with amount left, but no
    further exchange raises the objective', and so did a hydrogen supply with gas left whose
    network's users were all served (the one still short needing a purer gas than the
    network's, so without a connection). With monthly profiles (`left_t`: per flow and period,
    whether it has some left), a leg whose flow has some left only in periods in which the
    other side has none has no room either, and is the second array (the months are the
    reason): an electrolyser's summer surplus beside a user served in summer and short in
    winter read the same sentence.

    A hub is such a pool too (its legs in and out balance each month, `model.build`), and one
    standing on a network is the network's: its legs in are injections, its legs out
    withdrawals, counted with the connections. Before, a hub's legs had room whatever the
    months (the Redon coaches, short only in months the electrolyser gives the station all it
    makes, read '1 viable partner with amount left'), and a network with a hub on it was never
    spent (a hydrogen supply whose users, the hub's included, were all served read the same).
    A leg at its own bound (`full`: a hub's leg out at the hub's capacity) gives its pool no
    room either: a supply beside a station whose 20 t/yr were all taken read 'not_selected'.
    Nor does a leg in a period its hub is full (`hub_full`, links x periods: `hub_full_per_period`): a
    leg so held in every period its flow is short is no room (the caller's), not the months."""
    lk = cand.links
    out, timed = np.zeros(len(lk), bool), np.zeros(len(lk), bool)
    # (a network without a corridor has no node: `eitflow sizes`'s plan with no new corridor)
    if not len(lk) or "kind" not in lk:
        return out, timed
    kind = lk["kind"].to_numpy().astype(str)
    pool = _pools(cand, kind)
    if not (pool >= 0).any():
        return out, timed
    has_t = left_t & (reachable > REL_TOL * np.maximum(amount, 1.0))[:, None]
    # a pool with no supply (no user) at all able to connect is `network_reason`'s (e.g. too cold)
    for into, ends, other_ends in ((True, s, d), (False, d, s)):
        legs = np.flatnonzero(np.isin(kind, ["to_net", "to_hub"] if into else ["from_net", "from_hub"])
                              & (pool >= 0) & (ends >= 0))
        side_t = np.zeros((int(pool.max()) + 1, left_t.shape[1]), np.int64)   # per pool and period
        np.add.at(side_t, pool[legs], (has_t[ends[legs]] & ~full[legs, None] & ~hub_full[legs]).astype(np.int64))
        side = side_t > 0
        seen = np.zeros(len(side), bool)
        seen[pool[legs]] = True
        spent = seen & ~side.any(axis=1)
        other = np.flatnonzero(np.isin(kind, ["from_net", "from_hub"] if into else ["to_net", "to_hub"])
                               & (pool >= 0))
        c = pool[other]
        out[other] = spent[c]
        own = left_t[np.maximum(other_ends[other], 0)] & ~hub_full[other]   # the leg's own flow, each period
        tm = seen[c] & ~spent[c] & own.any(axis=1) & ~(own & side[c]).any(axis=1)
        out[other] |= tm
        timed[other] = tm
    return out, timed


def _held_by_minimums(scen: Scenario, cand: Candidates, by_min: np.ndarray, too_large: dict,
                      used: np.ndarray) -> dict[int, Phrase]:
    """Per flow every link of which is a leg `by_min` marks (its network's partners on the other
    side all ask, as their min_amount, more than the corridors at their place carry:
    `network_min_too_large`), the sentence naming them. Such an incinerator read 'every viable
    partner's amount ... is used by the chosen exchanges' with no exchange chosen at all. A flow
    that exchanges some of its amount (`used`, per flow) keeps its reason: its network has a user
    that takes from it, so 'only users cannot take' would be false."""
    lk = cand.links
    s, d = lk["supply"].to_numpy(np.int64), lk["demand"].to_numpy(np.int64)
    end = np.where(s >= 0, s, d)
    pool = _pools(cand, lk["kind"].to_numpy().astype(str))
    out: dict[int, Phrase] = {}
    for k in np.unique(end[by_min]):
        mine = end == k
        if not by_min[mine].all() or used[k] > REL_TOL * max(1.0, abs(float(scen.flows["amount"].iat[int(k)]))):
            continue
        r = str(lk["supply_resource"].to_numpy()[mine][0])
        others = np.isin(end, list(too_large)) & np.isin(pool, pool[mine]) & (pool >= 0)
        users = [said_site(scen.sites, scen.flows["site_id"].iat[int(j)]) for j in np.unique(end[others])]
        out[int(k)] = Phrase("um_net_users_min", net=Net(r), users=", ".join(users))
    return out


def unmatched_frame(scen: Scenario, cand: Candidates, sol: Solution) -> pd.DataFrame:
    """Every flow left (partly) unmatched with its remaining amount and why."""
    f = scen.flows
    amount = f["amount"].to_numpy(float)
    used = used_amounts(scen, cand, sol)
    remaining = np.maximum(amount - used, 0.0)
    left = remaining > REL_TOL * np.maximum(amount, 1.0)
    # and period by period (the months, with profiles): a partner with amount left only in months
    # the flow does not need has none for it (the model holds each month apart)
    amount_t, used_t = period_usage(scen, cand, sol) if sol.objective is not None else (amount[:, None], used[:, None])
    left_t = amount_t - used_t > REL_TOL * np.maximum(amount_t, 1.0)
    lk = cand.links
    # per flow (vectorised: 10^5 links): whether it has a candidate link, how many partners
    # with amount left it has (a hub counts while its leg is not full), whether every link it
    # is on carries its full capacity, whether those were limited by the months
    n = len(f)
    from eitflow.candidates.temperature import unreachable_share
    unreachable = unreachable_share(scen, lk) * amount  # ranged flows: out of every partner's temperatures
    has_link = np.zeros(n, bool)
    n_room = np.zeros(n, np.int64)
    cap_full = np.zeros(n, bool)
    n_direct = np.zeros(n, np.int64)  # links to a partner flow (not through a hub or a network)
    n_off_net = np.zeros(n, np.int64)  # links that are no network connection (direct, a hub's legs)
    n_net_room = np.zeros(n, np.int64)   # of n_room, the shared networks (a partner each)
    cap_full_off_net = np.zeros(n, bool)  # cap_full, a network's legs left aside
    timing = np.zeros(n, bool)
    solved = sol.objective is not None
    # supplies whose unit must be built (an electrolyser) and is not, where the model decides it
    unit_fixed, unit_per = supply_fixed_eur_per_yr(scen), supply_size_eur_per_unit(scen)[0]
    unbuilt = np.zeros(n, bool)
    if solved and sol.supply_built is not None and scen.params.objective == "net_benefit":
        unbuilt = unit_flows(scen) & ~np.asarray(sol.supply_built, bool) & (used <= 0)
    served_net = np.zeros(n, bool)
    too_large: dict = {}
    only_own, own_hub = np.zeros(n, bool), np.full(n, -1, np.int64)   # see `_own_only_legs`
    only_units = np.zeros(n, bool)   # a demand whose partners with room all need such a unit
    room_unit = np.zeros(n, np.int64)   # of a demand's partners with room, those needing such a unit
    if len(lk):
        s, d = lk["supply"].to_numpy(np.int64), lk["demand"].to_numpy(np.int64)
        at_cap = sol.flow >= lk["upper"].to_numpy(float) * (1 - REL_TOL)
        # a hub at its capacity row: its legs have no room in those periods (no leg at its own
        # bound where several share the capacity), none where it is full whenever their flow is short
        hub_full = hub_full_per_period(scen, cand, sol, left_t.shape[1])
        at_cap |= hub_full.any(axis=1) & ~(left_t[np.where(s >= 0, s, np.maximum(d, 0))] & ~hub_full).any(axis=1)
        kind = lk["kind"].to_numpy().astype(str) if "kind" in lk else np.full(len(lk), "direct")
        # a hub's leg whose other side is only its own site is no room (nor a partner, below)
        own_only = _own_only_legs(scen, cand, kind, s, d)
        at_cap |= own_only
        # a flow whose minimum is more than its network's pipes there carry takes nothing from it
        too_large = network_min_too_large(scen, cand, np.flatnonzero(left & (used <= 0))) if solved else {}
        gone = np.isin(np.arange(n), list(too_large))
        spent, timed = _network_spent(cand, s, d, np.where(gone, 0.0, remaining - unreachable), amount, left_t,
                                      at_cap, hub_full)
        # legs spent only because their pool's users (suppliers) all ask more than its pipes carry
        by_min = spent & ~_network_spent(cand, s, d, remaining - unreachable, amount, left_t, at_cap, hub_full)[0] \
            if gone.any() else np.zeros(len(lk), bool)
        at_cap |= spent
        timing[np.where(s >= 0, s, d)[timed]] = True
        # supplies whose network has no user left wanting more: a network that cannot carry
        # their gas or heat at all (`network_reason`) is still the reason said first
        served_net = np.bincount(s[spent & (kind == "to_net") & (s >= 0)], minlength=n) > 0
        if "timing_limited" in lk:
            tl = at_cap & (lk["timing_limited"].to_numpy(dtype=object) == True)  # noqa: E712 (NaN for links without months)
            ends = np.concatenate([s[tl], d[tl]])
            timing[ends[ends >= 0]] = True
        direct = (s >= 0) & (d >= 0)
        hub = ~direct & ((s >= 0) | (d >= 0))  # a hub leg: the hub is the partner
        k_hub = np.where(s >= 0, s, d)[hub]
        n_direct = np.bincount(s[direct], minlength=n) + np.bincount(d[direct], minlength=n)
        ends = np.concatenate([s[direct], d[direct], k_hub])
        has_link[ends] = True
        not_cap = np.concatenate([~at_cap[direct], ~at_cap[direct], ~at_cap[hub]])
        cap_full = has_link & (np.bincount(ends[not_cap], minlength=n) == 0)
        # a shared network's legs, apart: where the network cannot serve the flow (no user can
        # withdraw what it would inject, no supply reaches it: `network_reason`) they are no
        # partner, and an idle one was counted '1 viable partner ... no further exchange
        # raises the objective' beside explain's 'none that can withdraw from the heat network'
        on_net = np.isin(kind, ["to_net", "from_net"])[hub]
        open_net = np.bincount(k_hub[on_net & ~at_cap[hub]], minlength=n)
        # a hub's leg that is no network connection is a partner of its own (a station's truck)
        n_off_net = n_direct + np.bincount(k_hub[~on_net], minlength=n)
        cap_full_off_net = has_link & (np.bincount(ends[not_cap], minlength=n) == open_net)
        # each partner counted once: a pair linked by pipe and by truck is one partner, and so
        # is a hub or a network reached by several legs (its id at the leg's other end)
        sup, dem = _distinct_pairs(s[direct], d[direct], n)
        other = np.where(s >= 0, lk["sink_site"].to_numpy(), lk["source_site"].to_numpy())[hub]
        oid = pd.factorize(other)[0]
        kh, oh = _distinct_pairs(k_hub[~at_cap[hub]], oid[~at_cap[hub]], n)
        both = (left_t[sup] & left_t[dem]).any(axis=1)   # some month in which both ends have some left
        n_room = (np.bincount(sup, weights=both & left[dem], minlength=n)
                  + np.bincount(dem, weights=both & left[sup], minlength=n) + np.bincount(kh, minlength=n)).astype(np.int64)
        net_ids = np.unique(oid[on_net])   # the networks among the hub legs' other ends
        n_net_room = np.bincount(kh[np.isin(oh, net_ids)], minlength=n).astype(np.int64)
        room_unit = np.bincount(dem, weights=both & (left & unbuilt)[sup], minlength=n).astype(np.int64)
        only_units = (room_unit > 0) & (room_unit == n_room)
        # flows whose every link is such a leg: their only partner through the hub is their own site
        n_links = np.bincount(ends, minlength=n)
        n_own = np.bincount(k_hub[own_only[hub]], minlength=n)
        own_hub = np.full(n, -1, np.int64)
        own_hub[k_hub[own_only[hub]]] = lk["hub"].to_numpy(np.int64)[hub][own_only[hub]]
        only_own = has_link & (n_own == n_links)
    drops = drop_index(cand, f["unit"].to_numpy())
    radii = flow_radii(scen)
    reasons, details = [], []
    idx = np.flatnonzero(left)
    diag = sol.diagnosis
    unmet = {} if diag is None else {int(r.flow): r for r in diag.itertuples(index=False) if r.flow >= 0}
    # the flows without any candidate link, answered together (their columns read once)
    no_link = idx[~has_link[idx]]
    why_none = dict(zip(no_link.tolist(), why_no_candidates(scen, cand, no_link, drops, radii)))
    pipes_full = network_pipes_full(scen, cand, sol, idx[has_link[idx]])
    lost = network_losses_short(scen, cand, sol, idx[has_link[idx]])   # short by its network's losses
    min_held = _held_by_minimums(scen, cand, by_min, too_large, used) if len(lk) else {}
    for kk in idx:
        k = int(kk)
        if k in unmet:  # an infeasible model: a required demand the diagnosis names
            reasons.append(str(unmet[k].reason))
            details.append(Phrase("ex_required", short=unmet[k].shortfall, unit=Unit(unmet[k].unit),
                                  why=unmet[k].detail))
        elif has_link[k] and not solved:
            reasons.append(NO_SOLUTION)
            details.append(Phrase("um_no_solution", status=Code(sol.status), message=sol.message))
        elif has_link[k]:
            if unreachable[k] > 0 and remaining[k] <= unreachable[k] * (1 + 1e-6) + REL_TOL * amount[k]:
                reasons.append(QUALITY)
                details.append(Phrase("um_quality", amount=float(unreachable[k]), unit=Unit(f["unit"].iat[k])))
            elif only_own[k]:
                reasons.append(SAME_SITE)
                assert scen.hubs is not None   # only_own: a hub's legs
                details.append(Phrase("um_hub_own_site", hub=said_hub(scen.hubs, int(own_hub[k]))))
            elif timing[k] and (cap_full[k] or n_room[k] == 0) and k not in lost:
                # the months held some exchange of it back and no partner has room in its months:
                # an idle direct link beside its full hub leg is no room (the Redon coaches); not
                # where its network's losses in those months say why (`results.netloss`: a dairy
                # short in winter only read "supply and demand overlap only in part of the year")
                reasons.append(TIMING)
                details.append(Phrase("um_timing"))
            elif (nr := network_reason(scen, cand, k)) is not None and n_off_net[k] == 0:
                reasons.append(nr[0])   # only network connections, and the network cannot serve it
                details.append(nr[1])
            elif (nr is not None and (n_net_room[k] > 0 or served_net[k])
                  and (n_room[k] == n_net_room[k] or cap_full_off_net[k])):
                # its only partners with room are networks that cannot serve it: their reason
                # (explain's rank 0), then what its direct partners are at (a flow no network
                # reaches keeps capacity_used: no network was counted among its partners)
                reasons.append(nr[0])
                details.append(Phrase("um_network_then_p2p", net=nr[1], p2p=Phrase("um_capacity_used")))
            elif k in min_held:   # its network's only partners ask more than its pipes carry
                reasons.append(MIN_AMOUNT)
                details.append(min_held[k])
            elif k in pipes_full:   # a network of existing pipes, those to its place full
                reasons.append(CAPACITY_USED)
                details.append(pipes_full[k])
            elif k in too_large and n_direct[k] == 0:   # its minimum is more than its pipes carry
                reasons.append(MIN_AMOUNT)
                details.append(too_large[k])
            elif k in lost and (n_room[k] == 0 or cap_full[k]):   # its partners' amounts used, some lost on the way
                reasons.append(CAPACITY_USED)
                details.append(lost[k])
            elif n_room[k] == 0 or cap_full[k]:
                reasons.append(CAPACITY_USED)
                details.append(Phrase("um_capacity_used"))
            elif unbuilt[k]:   # its partners have room: the unit it needs is what does not pay
                reasons.append(UNIT_NOT_BUILT)
                details.append(Phrase("um_unit_not_built", fixed=float(unit_fixed[k]),
                                      per=Phrase("um_unit_per", eur=float(unit_per[k]), unit=Unit(f["unit"].iat[k]))
                                      if unit_per[k] > 0 else ""))
            elif only_units[k] or nr is not None and room_unit[k] > 0 and room_unit[k] == n_room[k] - n_net_room[k]:
                reasons.append(UNIT_NOT_BUILT)
                details.append(Phrase("um_partner_unit_not_built", n=Count(int(room_unit[k]), "n_viable_partners")))
            else:   # the partners counted: a network that cannot serve it is none
                viable = int(n_room[k] - (n_net_room[k] if nr is not None else 0))
                reasons.append(NOT_SELECTED)
                details.append(Phrase("um_not_selected", n=Count(viable, "n_viable_partners")))
        else:
            why, det = why_none[k]
            nr = network_reason(scen, cand, k)
            # the network says more; so where the nearest partner is at the flow's own site (a firm
            # that buys heat and rejects some: 'same_site' said nothing of a network too warm for
            # its reject, which explain's rank 0 says)
            if nr is not None and why in (NO_COMPATIBLE, OUT_OF_RANGE, NOT_IN_LINKS, SAME_SITE):
                why, det = nr[0], Phrase("um_network_then_p2p", net=nr[1], p2p=det)
            reasons.append(why)
            details.append(det)
    out = pd.DataFrame({
        "flow_id": f["flow_id"].to_numpy()[idx],
        "site_id": f["site_id"].to_numpy()[idx],
        "direction": f["direction"].to_numpy()[idx],
        "resource": f["resource"].to_numpy()[idx],
        "amount": amount[idx],
        "remaining": remaining[idx],
        "unit": f["unit"].to_numpy()[idx],
        "reason": reasons,
        "detail": details,
    }, columns=UNMATCHED_COLUMNS)
    return out


