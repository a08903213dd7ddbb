"""Transfer prices: the band within which both partners of an exchange gain, and the price
suggested inside it.

Every chosen link a carries x_a (supply base units/yr) from a *source party* (the site of a
supply, or a hub selling on) to a *sink party* (the site of a demand, or a hub buying in) at
a transfer price p_a (EUR per supply unit) paid by the sink to the source:

    source gain = (w_a + p_a - b_a) x_a          w_a: the source's own value of a unit it
                                                      gives away: disposal avoided q_i less
                                                      production cost (electrolyser); 0 for a hub
                                                 b_a: a built supply's annual cost per unit
                                                      it delivers (B_i / X_i); 0 otherwise
    sink gain   = (v_a - w_a - p_a) x_a - F_a    what the input is worth to the sink, less
                                                      transport, investment and fixed costs

Both gain when  b_a - w_a <= p_a <= v_a - w_a - F_a / x_a : that is the band. The two gains
sum to v_a x_a - F_a - b_a x_a whatever the price, so every total built from them (per
company, per zone) is exact for any price rule.

The rule for the suggested price lives here and only here (`suggested_price`): the middle
of the band, so that both partners gain the same (half the exchange's surplus each).

A shared network is one party between its suppliers and its users, run at cost
(`network_bands`): its connections' bands are drawn over the whole network, so that at their
middles the suppliers together gain half of the network's surplus (what all its connections
are worth less its own annual cost) and the users the other half, each side in proportion to
what it injects or withdraws, and the network nets to zero. A connection's band alone would
leave a supplier its floor whatever the users gain (its injection is worth only the costs
of reaching the network), as no direct exchange does. A hub standing on the network is part of
its party: its legs are the network's connections and its cost the network's. But what a hub on
a CO2 network hands from its legs in straight to its legs out never enters the pipes
(`model.netpass`): that part of its legs is a chain between them, its surplus shared half to the
legs in, by what each passes, and half to the legs out, by what each takes so, as a direct
exchange's; only the rest is the network's to share out (`network_bands`' `passing`).
"""

from __future__ import annotations

import numpy as np

from eitflow.model.netpass import passed_part


def price_band(v: np.ndarray, w: np.ndarray, b: np.ndarray, fixed: np.ndarray,
               x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(lowest, highest) transfer price of each exchange at which both partners gain.

    Parameters
    ----------
    v : value of the link, EUR per supply unit.
    w : the source's own value of a unit (disposal avoided less production cost), EUR/unit.
    b : a built supply's annual cost per unit delivered, EUR/unit (0 when none).
    fixed : annual fixed cost of the link (annuity of its investment + fixed cost), EUR/yr.
    x : amount carried, supply base units/yr (> 0).

    Returns
    -------
    (price_min, price_max), EUR per supply unit. price_max < price_min when the exchange
    does not pay for both alone (possible for hub legs, whose sink is the hub).
    """
    pmin = b - w + 0.0  # + 0.0: no negative zeros in the tables
    pmax = v - w - fixed / x
    return pmin, pmax


def suggested_price(pmin: np.ndarray, pmax: np.ndarray) -> np.ndarray:
    """The transfer price the model suggests, EUR per supply unit: the middle of the band.

    At the midpoint the two partners share the exchange's surplus equally: each gains half
    of v x - F - b x (the Nash bargaining split with equal bargaining power, no one better
    off walking away). The band itself is what partners negotiate and is always shown
    beside it. Where the band is empty (pmax < pmin: a hub leg that does not pay alone),
    the price is its low end, pmin.

    The dual value of the source's resource (its scarcity rent, `rent_eur_per_unit` in
    `Statistics.links`) is not used: it is zero for every supply that is not used up, so
    the supplier would gain nothing from most exchanges (15 of 17 in the bundled example)
    and no supplier would sign.
    """
    return 0.5 * (pmin + np.maximum(pmin, pmax)) + 0.0


def network_bands(kind: np.ndarray, party: np.ndarray, v: np.ndarray, b: np.ndarray, fixed: np.ndarray,
                  x: np.ndarray, pmin: np.ndarray, pmax: np.ndarray, cost: dict, passing: dict | None = None,
                  hub: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The bands of the shared networks' connections, each network taken as one party run at cost.

    For a network P with injections i (``to_net``) and withdrawals j (``from_net``), its surplus
    T = sum over its connections of (v x - F - b x) - C_P (C_P its corridors' annual cost and
    pumping, and its part of the hubs standing on it, EUR/yr) is what the network adds over no exchange. A supplier's band runs from its
    floor (b - w, as alone) to its floor + T / X (X = what all suppliers inject): the supplier
    side taking the whole surplus; a user's from its ceiling (v - F / x, as alone) down by T / W
    (W = what the network delivers, in supply units). At the middles (`suggested_price`) each
    supplier gains T/2 x_i / X, each user T/2 x_j / W, and the network's margin pays C_P exactly.
    A network whose connections are all on one side (none injects, or none withdraws) keeps the
    connections' own bands; so does every other link.

    Parameters
    ----------
    kind : per link: ``to_net``, ``from_net`` (or ``to_hub``, ``from_hub``: a leg of a hub standing
        on the network), or another kind.
    party : per link: the network's party id at its network end (``network:heat``), else "" (a
        link given "" keeps its own band).
    v, b, fixed, x : as `price_band` (EUR/unit, EUR/unit, EUR/yr, supply base units/yr).
    pmin, pmax : the links' own bands (`price_band`), EUR/unit.
    cost : network party id -> its annual cost C_P, EUR/yr (`results.netparts.band_parties`).
    passing : dict or None
        `model.netpass.pass_columns` of the links (``hub_passed``, ``hub_passed_out``,
        ``pass_refund_eur_per_unit``): what the legs of a hub on a CO2 network pass straight
        through it. That part t of a leg (units/yr) and of its surplus (a leg in's:
        `model.netpass.passed_part`, the compression of what enters the pipes left out; a leg
        out's: t / x of it) is a chain between the hub's legs: per hub, its surplus S_h goes half
        to the legs in, by t, half to the legs out, by t; X, W and T count only the rest, what
        the pipes carry. 100,000 t/yr trucked in, 30,000 straight out to D, 70,000 piped to S: D
        gains half of the chain's 1,799,400 EUR/yr (its leg's 1,799,700 and the 300 of truck
        CO2 of the leg in that go with it) and none of what the pipe to S is worth. None: no
        such leg.
    hub : array of str or None
        Per link, its hub's id (`passing`'s chains are per hub; None: one per party).

    Returns
    -------
    (price_min, price_max), EUR per supply unit.
    """
    pmin, pmax = np.array(pmin, float), np.array(pmax, float)
    # a hub standing on a network is the network's (`results.netparts.by_piece`): its legs are
    # the network's connections, in (an injection) or out (a withdrawal)
    inj, wd = np.isin(kind, ["to_net", "to_hub"]), np.isin(kind, ["from_net", "from_hub"])
    surplus = v * x - fixed - b * x
    thru, chain = _through(kind, x, surplus, passing)
    # per unit of each link, the share of it straight through a hub (0 on every other link)
    f = np.where(x > 0, thru / np.where(x > 0, x, 1.0), 0.0)
    hub = party if hub is None else np.asarray(hub).astype(str)
    for p in np.unique(party[(inj | wd) & (party != "")]):   # "": a connection left out of this rule
        i, j = inj & (party == p), wd & (party == p)
        X, W = float((x - thru)[i].sum()), float((x - thru)[j].sum())
        if X > 0 and W > 0:
            T = float((surplus - chain)[i | j].sum()) - float(cost.get(p, 0.0))
            pmax[i] = pmin[i] + T / X * (1.0 - f[i])
            pmin[j] = pmax[j] - T / W * (1.0 - f[j])
        else:   # nothing through the pipes to share: a chained leg's band is its chain's alone (below)
            pmax[i & (thru > 0)], pmin[j & (thru > 0)] = pmin[i & (thru > 0)], pmax[j & (thru > 0)]
        for h in np.unique(hub[(i | j) & (thru > 0)]):   # a CO2 hub's chains, trucked in and straight out
            ii, jj = i & (hub == h), j & (hub == h)
            P_in, P_out = float(thru[ii].sum()), float(thru[jj].sum())
            if P_in > 0 and P_out > 0:
                S_h = float(chain[ii | jj].sum())
                pmax[ii] += S_h / P_in * f[ii]
                pmin[jj] -= S_h / P_out * f[jj]
    return pmin + 0.0, pmax + 0.0


def _through(kind: np.ndarray, x: np.ndarray, surplus: np.ndarray,
             passing: dict | None) -> tuple[np.ndarray, np.ndarray]:
    """Per link: what of it a hub on a CO2 network passes straight from its legs in to its legs
    out (units/yr; `network_bands`' `passing`), and that part of its surplus (EUR/yr): a leg in's
    by `model.netpass.passed_part` (the one rule), a leg out's in proportion; 0, 0 elsewhere."""
    n = len(x)
    if passing is None:
        return np.zeros(n), np.zeros(n)
    p_in, p_out = np.asarray(passing["hub_passed"], float), np.asarray(passing["hub_passed_out"], float)
    legs_in, legs_out = (kind == "to_hub") & ~np.isnan(p_in), (kind == "from_hub") & ~np.isnan(p_out)
    thru = np.where(legs_in, np.nan_to_num(p_in), np.where(legs_out, np.nan_to_num(p_out), 0.0))
    thru = np.clip(thru, 0.0, np.maximum(x, 0.0))
    part_in = passed_part(surplus, x, np.where(legs_in, p_in, np.nan), passing["pass_refund_eur_per_unit"])
    part_out = surplus * np.where(x > 0, thru / np.where(x > 0, x, 1.0), 0.0)
    return thru, np.where(legs_in & (thru > 0), part_in, np.where(legs_out, part_out, 0.0))


def stored_co2_shift(kind: np.ndarray, party: np.ndarray, stored: np.ndarray, carbon: np.ndarray,
                     x: np.ndarray) -> np.ndarray:
    """How far (EUR per supply unit) the band of each exchange moves down, and the source's own
    value `w` up, where the carbon value of captured CO2 sent to storage is the emitter's.

    The model puts the carbon value (carbon price x tCO2 avoided per t) of CO2 sent to storage
    on the terminal's demand, as every exchange's value sits at its sink. But the emission the
    storage avoids is the emitter's: the emitter keeps the carbon value (the allowances it no
    longer buys) and pays for the storage. So that value counts in the source's `w`, and the
    band moves down by as much: a negative price is what the emitter pays. Each partner's gain,
    (w + p - b) x and (v - w - p) x - F, is unchanged, and so is every total.

    A stored delivery (``direct``, ``from_net``, ``from_hub``) moves by its own carbon value; the
    legs into the network or hub it comes from (``to_net``, ``to_hub``, same `party`) by the
    party's stored carbon value over what they bring in, so the network or hub still nets what
    it did. Every other exchange: 0.

    Parameters
    ----------
    kind : per link: ``direct``, ``to_net``, ``from_net``, ``to_hub``, ``from_hub``.
    party : per link: the network (piece) or hub at its network or hub end, "" for a direct one.
    stored : per link: whether it delivers captured CO2 to storage (`results.shares`' rule).
    carbon : per link: its carbon value, carbon price x CO2 avoided, EUR per supply unit.
    x : amount carried, supply base units/yr.

    Returns
    -------
    numpy.ndarray
        The shift, EUR per supply unit (>= 0).
    """
    c = np.where(stored, np.asarray(carbon, float), 0.0)
    into, out = np.isin(kind, ["to_net", "to_hub"]), np.isin(kind, ["from_net", "from_hub"])
    k = np.where(into, 0.0, c)
    for p in np.unique(party[(into | out) & (party != "")]):
        i, j = into & (party == p), out & (party == p)
        X = float(x[i].sum())
        # nothing brought in (no emitter to pass the value to): the party's bands stay as they are
        k[i], k[j] = (float((c[j] * x[j]).sum()) / X, c[j]) if X > 0 else (0.0, 0.0)
    return k + 0.0
