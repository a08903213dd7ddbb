"""`eitflow explain` for a pair a hub joins (hubs.csv): a leg from the supply into a hub and
a leg from the same hub (and resource) out to the demand (`candidates.hubs`). Compared alone,
such a pair read `radius` when its sites are far apart, or what its direct link says, though
the hub carries it or could: the row now says the route through the hub, its legs' lengths,
and that the pair goes through it (`matched`) or what holds it back:

- `capacity_used`: the partner has nothing left in the months the pair needs, or the hub is
  at its capacity (what enters it a year, spread evenly over the months as the model holds
  it), said with who takes from it;
- `hub_not_built`: the hub is not built and what the route would bring with what it could
  carry (the amounts left, within the hub's capacity: v x - F of its two legs) does not cover
  the hub's annual cost (CRF x investment + fixed cost);
- `uneconomic`: the hub is not built and the route loses money even before the hub's cost;
- `not_selected`: the route would pay and the optimum leaves it idle (the amounts have a
  better use, or the solve stopped within its gap).

Its best case is the route alone at full use, paying for the hub: (v_in + y_in (v_out + r)) M -
F_in - F_out - the hub's annual cost, per unit the supply sends, with y_in what reaches the hub of it
(the leg's pipe losses, `candidates.pipeloss.leg_loss_shares`), M the least of the leg in's
bound, the leg out's / y_in and the hub's capacity, and r the compression a hub on a CO2 network
refunds on what it passes straight through (`model.netpass.leg_pass_refund`: v_in pays it on all
the leg brings, 9.372 EUR/t, though what the route brings leaves by its leg out); its CO2 likewise.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from eitflow.candidates.costs import hub_fixed_eur_per_yr
from eitflow.candidates.rules import per_unit
from eitflow.i18n import Amount, Phrase, Unit
from eitflow.ids import said_hub, said_site
from eitflow.model.build import hub_period_capacity
from eitflow.results.netfull import months_said
from eitflow.scenario import Scenario

__all__ = ["RULE_HUB_NOT_BUILT", "HubRoutes", "Via"]

RULE_HUB_NOT_BUILT = "hub_not_built"   # not_chosen.csv's name for a hub leg whose hub is not built
TINY = 1e-9


@dataclass
class Via:
    """A pair's explanation through a hub: explain's columns, and the route's length (km,
    the two legs), best case (EUR/yr) and CO2 at full use (t/yr)."""
    rule: str
    detail: Phrase
    why: Phrase   # the detail without the route: what holds the pair back
    cond: Phrase | str
    threshold: float
    route_km: float
    best: float
    co2: float


class HubRoutes:
    """The hubs' legs of a solved (or unsolved) plan, read once for every pair explained.

    x: per candidate link, its flow (supply base units/yr); period_flow: per link and period,
    or None; left_t: what each flow has left per period; built: per hub, whether it is built."""

    def __init__(self, scen: Scenario, lk: pd.DataFrame, x: np.ndarray, period_flow, left_t: np.ndarray,
                 built, on_net: np.ndarray | None = None, refund: tuple[np.ndarray, np.ndarray] | None = None) -> None:
        self.scen, self.lk, self.x, self.left_t = scen, lk, x, left_t
        n = len(lk)
        # per leg in: EUR and tCO2 per unit its hub passes straight out (`model.netpass.leg_pass_refund`)
        self.r_eur, self.r_co2 = (np.zeros(n), np.zeros(n)) if refund is None else refund
        kind = lk["kind"].to_numpy().astype(str) if "kind" in lk and n else np.full(n, "direct")
        self.ins, self.outs = np.flatnonzero(kind == "to_hub"), np.flatnonzero(kind == "from_hub")
        col = (lambda c: lk[c].to_numpy(np.int64) if c in lk else np.full(n, -1))   # noqa: E731
        self.s, self.d, self.node, self.hub = col("supply"), col("demand"), col("hub_node"), col("hub")
        nh = 0 if scen.hubs is None else len(scen.hubs)
        self.built = np.zeros(nh, bool) if built is None or len(built) != nh else np.asarray(built, bool)
        self.cost = hub_fixed_eur_per_yr(scen) if nh else np.zeros(0)
        self.on_net = np.zeros(nh, bool) if on_net is None else np.asarray(on_net, bool)   # per hub: on a network
        T = left_t.shape[1]
        pf = None if period_flow is None else np.asarray(period_flow, float)
        self.xt = pf if pf is not None and pf.ndim == 2 and pf.shape == (n, T) else np.repeat(x[:, None] / T, T, axis=1)

    def of(self, k: int, is_sup: bool) -> dict[int, list[tuple[int, int]]]:
        """Per partner of flow k, its routes (leg into a hub node, leg out of the same node)."""
        out: dict[int, list[tuple[int, int]]] = {}
        if is_sup:
            for a in self.ins[self.s[self.ins] == k]:
                for b in self.outs[self.node[self.outs] == self.node[a]]:
                    out.setdefault(int(self.d[b]), []).append((int(a), int(b)))
        else:
            for b in self.outs[self.d[self.outs] == k]:
                for a in self.ins[self.node[self.ins] == self.node[b]]:
                    out.setdefault(int(self.s[a]), []).append((int(a), int(b)))
        return out

    def used(self, routes: list[tuple[int, int]]) -> bool:
        return any(self.x[a] > 0 and self.x[b] > 0 for a, b in routes)

    def explain(self, si: int, di: int, routes: list[tuple[int, int]], is_sup: bool, takers: Callable[[], Phrase],
                no_solution: Phrase | None) -> Via:
        """The pair (supply si, demand di) through its `routes`: the one it goes through, else
        the one with the best case; see the module."""
        lk, x = self.lk, self.x
        v, M, F, y, c = ({a: float(lk[col].iat[a]) for pair in routes for a in pair}
                         for col in ("value_eur_per_unit", "upper", "fixed_eur_per_yr", "yield", "co2_t_per_unit"))
        hubs = self.scen.hubs
        assert hubs is not None
        cap = hubs["capacity"].to_numpy(float)

        def most(a: int, b: int) -> float:   # supply units: the leg out carries y_in of each
            return min(M[a], M[b] / max(y[a], 1e-12), cap[int(self.hub[a])])

        def route_value(a: int, b: int) -> float:   # EUR per unit sent: the legs' and the compression refunded on what passes
            return v[a] + y[a] * (v[b] + float(self.r_eur[a]))

        def full_use(r: tuple[int, int]) -> float:
            a, b = r
            return route_value(a, b) * most(a, b) - F[a] - F[b] - self.cost[int(self.hub[a])]

        on = [r for r in routes if x[r[0]] > 0 and x[r[1]] > 0]
        a, b = on[0] if on else max(routes, key=full_use)
        h = int(self.hub[a])
        unit = str(self.scen.flows["unit"].iat[si])
        U = Unit(unit)
        vr, Fr, yr, upper = route_value(a, b), F[a] + F[b], y[a] * y[b], most(a, b)
        km = float(lk["distance_km"].iat[a]) + float(lk["distance_km"].iat[b])
        via = Phrase("ex_hub_route", hub=said_hub(hubs, h),
                     src=str(lk["source_site"].iat[a]), hub_id=str(hubs["hub_id"].iat[h]), dst=str(lk["sink_site"].iat[b]),
                     km_in=float(lk["distance_km"].iat[a]), km_out=float(lk["distance_km"].iat[b]))
        nan = float("nan")

        def out(rule: str, why: Phrase, cond: Phrase | str = "", thr: float = nan) -> Via:
            return Via(rule, Phrase("ex_hub_via", via=via, why=why), why, cond, thr, km, full_use((a, b)),
                       (c[a] + y[a] * (c[b] + float(self.r_co2[a]))) * upper)

        if on:
            return out("matched", Phrase("ex_hub_served", into=x[a], out=x[b], unit=U))
        if no_solution is not None:
            return out("no_solution", no_solution)
        lt = self.left_t
        pair_t = np.minimum(lt[si], lt[di] / max(yr, 1e-12))
        T = len(pair_t)
        # the hub's room per period: its capacity row's figure less what enters (and, standing on a
        # network, less what leaves by its legs: `hub_capacity_out`)
        per = hub_period_capacity(cap[h:h + 1], T)[0]
        hub_t = per.copy()
        if self.built[h]:
            ins_h = self.ins[self.hub[self.ins] == h]
            hub_t = np.maximum(per - self.xt[ins_h].sum(axis=0), 0.0)
            if self.on_net[h]:
                outs_h = self.outs[self.hub[self.outs] == h]
                hub_t = np.minimum(hub_t, np.maximum(per - self.xt[outs_h].sum(axis=0), 0.0))
        m_ab = min(M[a], M[b] / max(y[a], 1e-12))
        room = min(float(np.minimum(pair_t, hub_t).sum()), m_ab)
        if min(float(pair_t.sum()), m_ab) <= TINY * max(upper, 1.0):   # the partner has nothing left
            return out("capacity_used", Phrase("ex_capacity_used", takers=takers()), Phrase("ex_if_more_at_partner"))
        if room <= TINY * max(upper, 1.0):   # built, and full in the months the pair has something
            # full in the months the pair has something; only some of the year's (a monthly
            # profile): said so, with what it passes a month, not as if full all year
            full_t = (hub_t <= TINY * max(upper, 1.0)) & (pair_t > TINY * max(upper, 1.0))
            full = (Phrase("ex_hub_full", cap=cap[h], unit=U, takers=self._hub_takers(h))
                    if T == 1 or (hub_t <= TINY * max(upper, 1.0)).all() else
                    Phrase("ex_hub_full_months", months=months_said(np.flatnonzero(full_t).tolist()), monthly=per[0],
                           month_unit=Unit(unit.removesuffix("/yr")), cap=cap[h], unit=U, takers=self._hub_takers(h)))
            return out("capacity_used", full, Phrase("ex_if_hub_capacity", cap=cap[h], unit=U), float(cap[h]))
        if not self.built[h]:
            value, cost = vr * room - Fr, float(self.cost[h])
            if value <= 0:
                return out("uneconomic", Phrase("ex_hub_loses", loss=-value, left=room, unit=U, cost=cost),
                           *self._price(si, di, is_sup, cost + Fr - vr * room, room, yr))
            if value < cost:
                return out(RULE_HUB_NOT_BUILT, Phrase("ex_hub_not_built", value=value, left=room, unit=U, cost=cost),
                           Phrase("ex_if_hub_cost", most=value), value)
            return out("not_selected", Phrase("ex_hub_not_built_idle", value=value, left=room, unit=U, cost=cost))
        # the hub is built: the legs not yet used still cost their own fixed part
        left = vr * room - F[a] * (x[a] <= 0) - F[b] * (x[b] <= 0)
        if left <= 0:
            return out("not_selected", Phrase("ex_too_small_left", best=vr * upper - Fr, left=Amount(room), unit=U,
                                              value=left), Phrase("ex_if_fixed_cost", most=vr * room), vr * room)
        return out("not_selected", Phrase("ex_idle", value=left))

    def _price(self, si: int, di: int, is_sup: bool, short: float, room: float, yr: float) -> tuple[Phrase, float]:
        """The target flow's price at which the route covers its legs and the hub (`short`
        EUR/yr missing on `room`)."""
        f = self.scen.flows
        k = si if is_sup else di
        price = float(f["price_eur_per_unit"].iat[k])
        thr = price + short / (room if is_sup else yr * room)
        return Phrase("ex_if_supply_price" if is_sup else "ex_if_demand_price", price=Amount(thr),
                      now=Amount(price), eu=per_unit(str(f["unit"].iat[k]))["eu"]), thr

    def _hub_takers(self, h: int) -> Phrase:
        """Who takes from hub h in the plan: each demand site (site:flow without a name) and
        what it takes, in the supply's units."""
        f, lk = self.scen.flows, self.lk
        got = [b for b in self.outs[self.hub[self.outs] == h] if self.x[b] > 0]
        items = [Phrase("ex_taker", who=said_site(self.scen.sites, f["site_id"].iat[self.d[b]],
                                                  f"{f['site_id'].iat[self.d[b]]}:{f['flow_id'].iat[self.d[b]]}"),
                        amount=float(self.x[b]), unit=Unit(self.scen.catalogue[str(lk["supply_resource"].iat[b])].base_unit))
                 for b in got]
        return _joined(items) if items else Phrase("ex_this_exchange")


def _joined(items: list) -> Phrase:
    return Phrase("ex_list", items=items[0]) if len(items) == 1 else \
        Phrase("ex_list2", first=items[0], rest=_joined(items[1:]))
