"""A demand a shared network leaves short by its corridors' losses: the supplies on its piece of
network put in all they have, enough for what its users ask, but not for that and what the
pipes lose on the way. A steam or hot-water pipe loses heat by its size and temperature
(W/m, `candidates.network`), whatever it carries, so a dairy asking 10,000 MWh/yr of steam from
a boiler house offering 10,000 MWh/yr, 0.8 km away through a DN100 losing 55.5 W/m, gets
10,000 - 55.5 x 0.8 x 8.76 = 9,611.056 MWh/yr. unmatched.csv said of it 'every viable
partner's amount (or the link capacity) is used by the chosen exchanges' and `eitflow explain`
only what it withdraws: nothing named the 388.944 MWh/yr lost in the pipe as the reason.

The test, per piece of network (`candidates.network`'s components: pieces no corridor joins
are networks of their own), from the plan's figures (base units/yr):

    into    what the supplies put into the piece (their connections' flows x yield)
    asked   what its users would withdraw to be served in full (withdrawn + what they are short)
    losses  the corridors built or in use on the piece (corridors.csv's `loss`)

A user short of its amount is told so when every supply connected to the piece has nothing
left, into >= asked (the supplies would serve the users in full but for the losses) and
into < asked + losses; its users are then asked + losses - into short in all.

With monthly profiles the model holds each month apart (`model.build`), and so does the test:
per month, the supplies' and users' figures of that month (`results.tables.period_usage`, the
links' `period_flow`) and the losses of that month, what entered less what was withdrawn (the
piece's balance, in = withdrawn + losses, holds month by month: `results.netbalance`). The
sentence names the months it holds in and sums their figures. Before, the test was of the
year: a user short in winter only, its supply with heat left in summer, was never told of the
losses (`tests/test_network_losses_monthly.py`)."""

from __future__ import annotations

import numpy as np

from eitflow.candidates.generate import Candidates
from eitflow.i18n import Net, Phrase, Unit
from eitflow.scenario import Scenario
from eitflow.solve.status import Solution

__all__ = ["network_losses_short"]

NAMED = 3   # corridors named in a sentence; the others counted
TOL = 1e-6   # relative, of what the piece's users ask


def network_losses_short(scen: Scenario, cand: Candidates, sol: Solution, flows: np.ndarray) -> dict[int, Phrase]:
    """Of `flows` (positions in scen.flows), the demands connected to a shared network whose
    piece's supplies have nothing left and put in enough for what its users ask, but not for
    that and the corridors' losses (see the module docstring), each with the sentence saying
    so: what the supplies put in, what the users ask, the losses (the corridors that lose most
    named, with their size, length and loss) and how much the users are short in all.

    Parameters
    ----------
    scen, cand, sol : the scenario, its candidates and the solution (link flows in supply
        base units/yr).
    flows : the flows asked about (supplies among them are ignored).

    Returns
    -------
    dict: flow position -> Phrase (`um_net_losses_short`); flows not short so are absent.
    """
    net, lk = cand.network, cand.links
    if net is None or sol.objective is None or "kind" not in lk or not len(flows) or not len(lk):
        return {}
    from eitflow.results.netfull import leg_nodes
    from eitflow.results.network import corridors_built
    from eitflow.results.tables import REL_TOL, period_usage

    # connections, and the legs of a hub standing on the network (its node the network's), as `results.netfull`
    kind = lk["kind"].to_numpy().astype(str)
    nn = leg_nodes(net, lk, kind)
    conn = nn >= 0
    kind = np.where(kind == "to_hub", "to_net", np.where(kind == "from_hub", "from_net", kind))
    if not conn.any():
        return {}
    comp = np.asarray(net.node_arrays["component"], np.int64)
    piece = np.where(conn, comp[np.maximum(nn, 0)], -1)
    x = np.asarray(sol.flow, float)
    s, d = lk["supply"].to_numpy(np.int64), lk["demand"].to_numpy(np.int64)
    f = scen.flows
    # per period (the 12 months with monthly profiles, else the year): each flow's amount and
    # what it lacks, what enters the network (to_net) and what a user gets (from_net)
    amount, used = period_usage(scen, cand, sol)
    short = np.maximum(amount - used, 0.0)
    pf = sol.period_flow if amount.shape[1] > 1 and sol.period_flow is not None else x[:, None]
    got = np.asarray(pf, float) * lk["yield"].to_numpy(float)[:, None]
    is_dem = (f["direction"] == "demand").to_numpy()
    cor = corridors_built(scen, cand, sol)
    ca = net.corridor_arrays
    piece_of = dict(zip(zip(np.asarray(ca["resource"]).astype(str), np.asarray(ca["corridor_id"]).astype(str)),
                        comp[np.asarray(ca["a"], np.int64)].tolist()))
    cor_piece = np.array([piece_of.get((str(r), str(i)), -1) for r, i in zip(cor["resource"], cor["corridor_id"])],
                         np.int64)
    out: dict[int, Phrase] = {}
    said: dict[int, Phrase | None] = {}   # per piece, its sentence (None: not short by its losses)
    for k in (int(v) for v in flows):
        mine = np.flatnonzero(conn & (kind == "from_net") & (d == k))
        if not is_dem[k] or not (short[k] > REL_TOL * np.maximum(amount[k], 1.0)).any() or not len(mine):
            continue
        p = int(piece[mine[0]])
        if p not in said:
            said[p] = _piece_short(scen, p, piece, kind, s, d, got, short, amount, cor[cor_piece == p])
        if said[p] is not None:
            out[k] = said[p]   # type: ignore[assignment]
    return out


def _piece_short(scen: Scenario, p: int, piece: np.ndarray, kind: np.ndarray, s: np.ndarray, d: np.ndarray,
                 got: np.ndarray, short: np.ndarray, amount: np.ndarray, cor) -> Phrase | None:
    """The sentence of piece `p` when its users are short by its corridors' losses, else None.
    `got`, `short`, `amount`: per link or flow and period (one column: the year)."""
    inj = np.flatnonzero((piece == p) & (kind == "to_net"))
    wd = np.flatnonzero((piece == p) & (kind == "from_net"))
    sups, users = np.unique(s[inj]), np.unique(d[wd])
    loss_year = float(cor["loss"].sum()) if len(cor) else 0.0
    if not len(sups) or not len(users) or loss_year <= 0:
        return None
    into, drawn = got[inj].sum(axis=0), got[wd].sum(axis=0)
    asked = drawn + short[users].sum(axis=0)
    # a month's losses: what entered less what was withdrawn (the balance holds month by month);
    # the year's: the corridors' own figure, as before
    loss = np.array([loss_year]) if into.shape[0] == 1 else np.maximum(into - drawn, 0.0)
    # per period: the supplies have nothing left (each all used), the users are short, and the
    # supplies would serve them in full but for the losses
    held = ((short[sups] <= TOL * np.maximum(amount[sups], 1.0)).all(axis=0) & (into >= asked * (1 - TOL))
            & (into < (asked + loss) * (1 - TOL)) & (short[users].sum(axis=0) > TOL * np.maximum(asked, 1.0)))
    if not held.any():
        return None
    r = str(cor["resource"].iat[0])
    unit = Unit(str(cor["unit"].iat[0]))
    top = cor.sort_values("loss", ascending=False, kind="stable")
    items = [Phrase("um_net_loss_pipe", id=str(c.corridor_id), size=str(c.size), km=float(c.length_km),
                    loss=float(c.loss), unit=unit) for c in top.head(NAMED).itertuples(index=False)]
    pipes: Phrase = items[-1]
    for it in reversed(items[:-1]):
        pipes = Phrase("ex_net_names2", first=it, rest=pipes)
    if len(top) > NAMED:
        pipes = Phrase("ex_net_and_more", list=pipes, n=len(top) - NAMED)
    a, q, lo = (float(v[held].sum()) for v in (into, asked, loss))
    if into.shape[0] == 1:
        return Phrase("um_net_losses_short", net=Net(r), into=a, asked=q, loss=lo, unit=unit, pipes=pipes,
                      short=q + lo - a)
    from eitflow.results.netfull import months_said

    # the months' sums: amounts (MWh), not rates (MWh/yr); the pipes' losses stay the year's
    return Phrase("um_net_losses_short_months", months=months_said(np.flatnonzero(held).tolist()), net=Net(r),
                  into=a, asked=q, loss=lo, unit=Unit(str(unit).removesuffix("/yr")), pipes=pipes, short=q + lo - a)
