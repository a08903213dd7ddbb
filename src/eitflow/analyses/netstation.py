"""`eitflow explain`'s rank-0 row for a flow that reaches a shared network only through a hub
standing on it (a hydrogen station on the pipeline, a substation on a heat network): the
network's own reasons (`candidates.netwhy`) look at the flow's site, which the corridors do
not reach, and its pairs with the network's supplies read `radius` (a depot 3.9 km from the
electrolyser, 1.2 km from the station). The row says what the flow draws from (or puts into)
the network through the hub and, where the hub is full in a month the flow is short, that it
hands out (or takes in) its whole capacity (`results.unmatched.hub_full_per_period`: the
model's `hub_capacity` and `hub_capacity_out` rows)."""

from __future__ import annotations

import numpy as np

from eitflow.candidates.generate import Candidates
from eitflow.i18n import Net, Phrase, Unit
from eitflow.ids import said_hub
from eitflow.results.netfull import months_said
from eitflow.scenario import Scenario

__all__ = ["station_rows"]


def station_rows(scen: Scenario, cand: Candidates, x: np.ndarray, full_t: np.ndarray, left_k: np.ndarray, k: int,
                 head: dict, site: str, base: str, passed: np.ndarray | None = None) -> list[dict]:
    """The row (`matched` with what it draws or puts in; `capacity_used` when it has none and
    the hub is full) of flow k's legs to or from a hub standing on a network, or none.

    Parameters
    ----------
    x : per candidate link, its flow in the solution (supply base units/yr).
    full_t : per candidate link and period, whether its hub is full (`hub_full_per_period`).
    left_k : per period, what flow k has left (its unit).
    k, head, site, base : the flow's position, its row's first columns, its site as people
        know it and its unit.
    passed : per candidate link, what a hub on a CO2 network hands straight from its legs in
        to its legs out (`model.netpass.hub_passed` with `outs`): never in the pipes, not said
        as put into (or drawn from) the network.
    """
    from eitflow.model.network import merged_hub_nodes

    lk = cand.links
    if scen.hubs is None or "hub_node" not in lk or not len(lk):
        return []
    s, d = lk["supply"].to_numpy(np.int64), lk["demand"].to_numpy(np.int64)
    legs = np.flatnonzero(np.isin(lk["hub_node"].to_numpy(np.int64), merged_hub_nodes(cand)) & ((s == k) | (d == k)))
    if not len(legs):
        return []
    a = int(legs[np.argmax(x[legs])])
    h = int(lk["hub"].iat[a])
    hub = said_hub(scen.hubs, h)
    r, into = str(lk["supply_resource"].iat[a]), bool(s[a] == k)
    yl = lk["yield"].to_numpy(float)[legs]
    p = np.zeros(len(legs)) if passed is None else np.asarray(passed, float)[legs]
    # into: what leaves the site less what the hub trucks straight out (hub units / yield: the
    # site's); out: what reaches the site of what the leg draws from the pipes
    got = float((x[legs] - p / np.maximum(yl, 1e-12)).sum() if into else (yl * (x[legs] - p)).sum())
    got = got if got > 1e-9 * max(1.0, float(x[legs].sum())) else 0.0
    cap = float(scen.hubs["capacity"].iat[h])
    full_k = (full_t[legs] & (np.asarray(left_k) > 0)[None, :]).any(axis=0)   # per period
    full = bool(full_k.any())
    way = "in" if into else "out"
    T = len(full_k)
    # full only in some months (a monthly profile): said so, with what it passes a month (it
    # said 'hands out its whole capacity (8,000 MWh/yr)' of a substation handing out 6,908)
    said = (Phrase(f"ex_station_full_{way}", hub=hub, cap=cap, unit=Unit(base)) if T == 1 or full_k.all() or not full else
            Phrase(f"ex_station_full_{way}_months", hub=hub, months=months_said(np.flatnonzero(full_k).tolist()),
                   monthly=cap / T, month_unit=Unit(base.removesuffix("/yr")), cap=cap, unit=Unit(base)))
    common = {**head, "rank": 0, "partner_site": str(scen.hubs["hub_id"].iat[h]), "partner_resource": r}
    if got > 0:
        return [{**common, "rule": "matched",
                 "detail": Phrase(f"ex_station_matched_{way}", site=site, amount=got, unit=Unit(base), net=Net(r),
                                  hub=hub, full=Phrase("ex_station_and", why=said) if full else "")}]
    if full:
        return [{**common, "rule": "capacity_used",
                 "detail": Phrase("ex_station_only", site=site, net=Net(r), hub=hub, why=said)}]
    return []
