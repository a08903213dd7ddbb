"""Why a model is infeasible: an elastic re-solve names each required demand that cannot be
met, by how much, and why.

The hard rows of a model are those a "build nothing" solution can break: required demands
(sum of yield x inflow = demand), the "exactly one source" rows of required single-sourced
demands, and the extra rows analyses add. The elastic model gives each of them a slack
column and minimises the slack, each required demand's counted as a share of its amount,
so the shortfalls it returns are a smallest set of unmet needs. Each short demand is then
classed by the first test it fails, in this order:

- `no_candidate`: no candidate link reaches it (why: `candidates.why`, and why a shared
  network does not: `candidates.netwhy`);
- `network_unreachable`: no supply reaches it: its only links are a network's, on a part
  of the corridors that connects no supply;
- `quality`: the part of its temperature range no partner can reach is what is missing;
- `single_source`: no single link can carry the whole demand;
- `not_enough_supply`: the supplies linked to it (through a network: those injecting into
  its part of the corridors) hold less than it needs (per month with monthly profiles), or,
  shared among several required demands, less than they need together;
- `capacity`: the supplies would do, but link or hub capacities let through less (a year, or
  in a month: a capacity is spread evenly over the months);
- `min_amount`: without the minimum amounts of links the shortfall disappears;
- `conflict`: none of the above alone; the hard rows cannot hold together.
"""

from __future__ import annotations

import dataclasses
import time

import numpy as np
import pandas as pd
import scipy.sparse as sp

from eitflow.candidates.generate import Candidates
from eitflow.candidates.netwhy import network_reason
from eitflow.candidates.radius import flow_radii
from eitflow.candidates.temperature import unreachable_share
from eitflow.candidates.why import drop_index, why_no_candidates
from eitflow.i18n import Code, Phrase, Sentences, Unit, say
from eitflow.ids import named, named_sites
from eitflow.model.arrays import MilpArrays
from eitflow.model.blocks import Blocks
from eitflow.scenario import Scenario, SolverOptions
from eitflow.solve.status import BatchResult, Status

__all__ = ["DIAGNOSIS_COLUMNS", "DIAGNOSIS_S", "diagnose", "diagnosis_message", "diagnosis_phrase", "elastic"]

DIAGNOSIS_S = 10.0   # the elastic re-solve may run this long past the run's own deadline (s)

DIAGNOSIS_COLUMNS = ["flow", "flow_id", "site_id", "shortfall", "unit", "reason", "detail"]

#: rows that may be broken, with the sign of the slack column that relaxes them
_HARD = (("demand", 1.0), ("one_source", 1.0), ("extra", 1.0), ("extra", -1.0))


def elastic(arr: MilpArrays, amount: np.ndarray, drop: tuple[str, ...] = ()) -> tuple[MilpArrays, list[tuple]]:
    """The elastic version of `arr`: a slack column on each hard row that has a lower bound
    (required demands, required single sourcing, extra rows both ways), the objective
    -sum(slack / scale) with scale the demand's amount (1 for other rows), and the row
    blocks in `drop` removed. Returns (model, [(row block, row label, slack column, period)])."""
    rows, keep = arr.rows, np.arange(arr.shape[0])
    for name in drop:
        rows, kept = rows.without(name)
        keep = keep[kept]
    A, lo, hi = arr.A[keep], arr.row_lo[keep], arr.row_hi[keep]
    every = list(arr.row_names)
    names = [every[i] for i in keep]
    slack_rows: list[int] = []
    signs: list[float] = []
    scales: list[float] = []
    what: list[tuple[str, int, int, int]] = []
    T = arr.periods
    for name, sign in _HARD:
        blk = rows[name]
        for r, lab in zip(blk.indices, blk.labels):
            period = (r - blk.start) % T if name == "demand" else 0
            bounded = np.isfinite(lo[r]) if sign > 0 else np.isfinite(hi[r])
            if name in ("demand", "one_source") and not np.isfinite(lo[r]):
                continue
            if not bounded:
                continue
            slack_rows.append(r)
            signs.append(sign)
            scales.append(max(float(amount[lab]), 1.0) if name == "demand" else 1.0)
            what.append((name, int(lab), arr.shape[1] + len(what), period))
    ns = len(slack_rows)
    S = sp.csr_matrix((np.array(signs, float), (np.array(slack_rows, np.int64), np.arange(ns))),
                      shape=(A.shape[0], ns))
    cols = Blocks()
    for b in arr.cols:
        cols.add(b.name, len(b), b.labels)
    cols.add("slack", ns, np.array([w[1] for w in what], np.int64))
    # a slack may cover the whole row (a demand with nothing, a row's full bound)
    cap = np.where(np.isfinite(lo[slack_rows]), np.abs(lo[slack_rows]), np.abs(hi[slack_rows])) + 1.0
    out = dataclasses.replace(
        arr, A=sp.hstack([A, S], format="csr"), row_lo=lo, row_hi=hi, row_names=names, rows=rows, cols=cols,
        c=np.concatenate([np.zeros(arr.shape[1]), -1.0 / np.array(scales, float)]),
        lb=np.concatenate([arr.lb, np.zeros(ns)]), ub=np.concatenate([arr.ub, cap]),
        integrality=np.concatenate([arr.integrality, np.zeros(ns, arr.integrality.dtype)]))
    return out, what


def _shortfalls(arr: MilpArrays, amount: np.ndarray, deadline: float,
                drop: tuple[str, ...] = ()) -> tuple[dict[int, np.ndarray], dict[int, float]] | BatchResult:
    """Per required demand (flow position): its shortfall per period (base units), and per
    extra row its violation; the elastic re-solve's result when it found no solution: out of
    time (`Status.TIME_LIMIT`), infeasible itself (`Status.INFEASIBLE`: what contradicts is
    not a required demand) or failed (`Status.ERROR`), each said differently (`_unsolved`)."""
    from eitflow.solve.highs import solve_highs

    el, what = elastic(arr, amount, drop)
    if not what:
        return {}, {}
    res = solve_highs(el, SolverOptions(mip_gap=1e-6), max(deadline - time.time(), 1.0))
    if res.z is None:
        return res
    dem: dict[int, np.ndarray] = {}
    extra: dict[int, float] = {}
    T = arr.periods
    for name, lab, col, t in what:
        v = float(res.z[col])
        if v <= 1e-7 * max(1.0, float(el.ub[col])):
            continue
        if name == "demand":
            dem.setdefault(lab, np.zeros(T))
            dem[lab][t] += v
        elif name == "one_source":
            continue  # its demand row's slack already measures what is missing
        else:
            extra[lab] = extra.get(lab, 0.0) + v
    return dem, extra


def _demand_links(cand: Candidates, j: int) -> np.ndarray:
    """Positions of the candidate links delivering to demand j (direct links and hub legs)."""
    return np.flatnonzero(cand.links["demand"].to_numpy(np.int64) == j)


def _supply_in_reach(scen: Scenario, cand: Candidates, per: np.ndarray, links: np.ndarray) -> tuple[np.ndarray, set]:
    """What the supplies reaching `links` hold, in the demand's units per period (each supply
    counted once, at its best yield), and the set of those supplies; a hub leg brings the
    supplies that reach its hub, a network's leg those injecting into its part of the
    corridors (at their legs' yields: the corridors' losses left out, so what they hold is
    never under-counted)."""
    lk = cand.links
    sup, yld = lk["supply"].to_numpy(np.int64), lk["yield"].to_numpy(float)
    node = lk["hub_node"].to_numpy(np.int64)
    nn_ = lk["net_node"].to_numpy(np.int64) if "net_node" in lk else np.full(len(lk), -1)
    # the part of a network a leg joins: its own node's, or that of the node its hub shares
    comp = np.full(len(lk), -1, np.int64)
    if cand.network is not None and len(cand.network.node_arrays["node"]):
        nd = cand.network.node_arrays
        ncomp, hn = np.asarray(nd["component"], np.int64), np.asarray(nd["hub_node"], np.int64)
        comp[nn_ >= 0] = ncomp[nn_[nn_ >= 0]]
        at_hub = dict(zip(hn[hn >= 0].tolist(), ncomp[hn >= 0].tolist()))
        for a in np.flatnonzero((nn_ < 0) & (node >= 0)):
            comp[a] = at_hub.get(int(node[a]), -1)
    best: dict[int, float] = {}
    for a in links:
        if sup[a] >= 0:
            srcs, ys = np.array([sup[a]]), np.array([1.0])
        else:   # the supplies into its network's part, else into its hub
            into = ((comp == comp[a]) if comp[a] >= 0 else (node == node[a])) & (sup >= 0)
            srcs, ys = sup[into], np.where(comp[into] >= 0, yld[into], 1.0)
        for i, y in zip(srcs.tolist(), ys.tolist()):
            best[i] = max(best.get(i, 0.0), float(yld[a]) * y)
    total = np.zeros(per.shape[1])
    for i, y in best.items():
        total += per[i] * y
    return total, set(best)


def diagnose(scen: Scenario, cand: Candidates, arrays: list[MilpArrays], orphans: np.ndarray | None = None,
             deadline: float | None = None) -> pd.DataFrame:
    """The required demands that cannot be met, how much is missing and why.

    Parameters
    ----------
    scen : Scenario
    cand : Candidates
    arrays : list of MilpArrays
        Infeasible models (batches), each re-solved elastically (`elastic`).
    orphans : array of int, optional
        Required demands (flow positions) with no candidate link at all.
    deadline : float, optional
        Epoch seconds by which the elastic re-solves must end (default: DIAGNOSIS_S from now).

    Returns
    -------
    DataFrame
        DIAGNOSIS_COLUMNS: flow (position, -1 for an analysis row that cannot hold),
        flow_id, site_id, shortfall (the demand's base unit per year), unit, reason
        (no_candidate, network_unreachable, quality, single_source, not_enough_supply,
        capacity, min_amount, conflict, extra; for a model as a whole, flow -1: contradiction
        when even the elastic model is infeasible, unknown when it did not solve) and detail.
    """
    from eitflow.model.build import period_amounts

    f = scen.flows
    amount = f["amount"].to_numpy(float)
    per = period_amounts(scen)
    deadline = time.time() + DIAGNOSIS_S if deadline is None else deadline
    rows: list[dict] = []
    drops = drop_index(cand, scen.flows["unit"].to_numpy())
    radii = flow_radii(scen)
    orph = [] if orphans is None else [int(j) for j in orphans]
    for j, (why, det) in zip(orph, why_no_candidates(scen, cand, orph, drops, radii)):
        nr = network_reason(scen, cand, int(j))   # and why a shared network of its resource cannot serve it
        if nr is not None:
            det = Phrase("diag_and_network", why=det, network=nr[1])
        rows.append(_row(scen, int(j), amount[j], "no_candidate", Phrase("diag_no_candidate", reason=Code(why), why=det)))
    for arr in arrays:
        got = _shortfalls(arr, amount, deadline)
        if isinstance(got, BatchResult):
            rows.append(_unsolved(got))
            continue
        short, extra = got
        unexplained = []
        unreach = unreachable_share(scen, cand.links) * amount
        for j, s_t in short.items():
            reason, detail = _classify(scen, cand, per, j, s_t, unreach)
            if reason == "":
                unexplained.append(j)
            else:
                rows.append(_row(scen, j, float(s_t.sum()), reason, detail))
        if unexplained and "link_min" in arr.rows:
            relaxed = _shortfalls(arr, amount, deadline, drop=("link_min",))
            fixed = set(unexplained) - (set(unexplained) if isinstance(relaxed, BatchResult) else set(relaxed[0]))
        else:
            fixed = set()
        for j in unexplained:
            total = float(short[j].sum())
            if j in fixed:
                rows.append(_row(scen, j, total, "min_amount", Phrase("diag_min_amount")))
            else:
                rows.append(_row(scen, j, total, "conflict", Phrase("diag_conflict")))
        for r, v in extra.items():
            rows.append({"flow": -1, "flow_id": "", "site_id": "", "shortfall": v, "unit": "", "reason": "extra",
                         "detail": Phrase("diag_extra", row=r, name=_extra_name(arr, r), off=v)})
    out = pd.DataFrame(rows, columns=DIAGNOSIS_COLUMNS)
    return out.sort_values(["flow_id", "reason"], kind="stable").reset_index(drop=True)


def _extra_name(arr: MilpArrays, r: int) -> str:
    """The name the caller gave `extra[r]` (`LinearConstraint.name`; its model row is
    ``<name>_<r>``)."""
    blk = arr.rows["extra"]
    i = blk.slice.start + int(np.flatnonzero(np.asarray(blk.labels) == r)[0])
    return str(arr.row_names[i]).removesuffix(f"_{r}")


def _unsolved(res: BatchResult) -> dict:
    """The diagnosis row of a model whose elastic re-solve found no solution: `contradiction`
    when it is infeasible itself (every required demand and added row may fall short there, so
    what contradicts is a bound or a row that has no slack), else `unknown`, with why: out of
    time, or the solver's failure. Infeasible was said "did not finish in time" (an added row
    with lo above hi, refused since by `model.arrays.check_bounds`)."""
    if res.status == Status.INFEASIBLE:
        reason, detail = "contradiction", Phrase("diag_contradiction")
    elif res.status == Status.ERROR:
        reason, detail = "unknown", Phrase("diag_elastic_error", why=res.message)
    else:
        reason, detail = "unknown", Phrase("diag_unknown")
    return {"flow": -1, "flow_id": "", "site_id": "", "shortfall": np.nan, "unit": "", "reason": reason,
            "detail": detail}


def _row(scen: Scenario, j: int, shortfall: float, reason: str, detail: Phrase | str) -> dict:
    f = scen.flows
    return {"flow": j, "flow_id": f["flow_id"].iat[j], "site_id": f["site_id"].iat[j], "shortfall": shortfall,
            "unit": f["unit"].iat[j], "reason": reason, "detail": detail}


def _period_capacity(scen: Scenario, cand: Candidates, links: np.ndarray, yld: np.ndarray, T: int) -> float:
    """What the capacities of `links` (a demand's links, their yields `yld`) let through in one
    of T periods, in the demand's unit: a link's capacity and a hub's spread evenly over the
    periods, as the model holds them (`model.build`: cap / T; `hub_period_capacity`), the legs
    of one hub together no more than the hub; inf where none has a capacity."""
    lk = cand.links
    cap = lk["capacity"].to_numpy(float)[links] if "capacity" in lk else np.full(len(links), np.inf)
    each = yld * np.where(np.isnan(cap), np.inf, cap) / T
    hub = lk["hub"].to_numpy(np.int64)[links] if "hub" in lk else np.full(len(links), -1)
    total = float(each[hub < 0].sum())
    hubs = scen.hubs
    for h in np.unique(hub[hub >= 0]):
        mine = hub == h
        hub_cap = float(hubs["capacity"].iat[int(h)]) if hubs is not None else np.inf
        total += min(float(each[mine].sum()), float(yld[mine].max()) * hub_cap / T)
    return total


def _months(mask: np.ndarray) -> str:
    return ", ".join(str(t + 1) for t in np.flatnonzero(mask))


def _classify(scen: Scenario, cand: Candidates, per: np.ndarray, j: int, short_t: np.ndarray,
              unreach: np.ndarray) -> tuple[str, Phrase | str]:
    """(reason, detail) of required demand j short by `short_t` per period; ("", "") when
    the arithmetic tests do not explain it (then min_amount or conflict, by re-solving)."""
    f = scen.flows
    lk = cand.links
    u = Unit(f["unit"].iat[j])
    uy = u if str(u).endswith("/yr") else Unit(f"{u}/yr")   # the flows' unit is a base unit per year already
    need = per[j]
    T = len(need)
    links = _demand_links(cand, j)
    total = float(short_t.sum())
    if unreach[j] > 0 and total <= unreach[j] * (1 + 1e-6) + 1e-9 * need.sum():
        return "quality", Phrase("diag_quality", hot=unreach[j], unit=u, short=total)
    yld, upper = lk["yield"].to_numpy(float)[links], lk["upper"].to_numpy(float)[links]
    single = "single_source" in f and bool(f["single_source"].iat[j])
    if single:
        best = float((yld * upper).max()) if len(links) else 0.0
        if best < need.sum() * (1 - 1e-9):
            return "single_source", Phrase("diag_single_source", best=best, need=need.sum(), unit=u)
    held, sources = _supply_in_reach(scen, cand, per, links)
    if not sources and (nr := network_reason(scen, cand, j)) is not None:
        return nr   # on a part of a network that no supply reaches, or off its corridors
    low = held < need * (1 - 1e-9)
    if low.any():
        # "in month 3", "in months 1, 2": the months short, in the number they are
        when = "" if T == 1 else Phrase("diag_in_month" if low.sum() == 1 else "diag_in_months", months=_months(low))
        return "not_enough_supply", Phrase("diag_not_enough_supply" if len(sources) != 1 else "diag_one_supply",
                                           n=len(sources), held=held.sum(), unit=uy,
                                           when=when, need=need.sum())
    if T > 1:   # a capacity holds a period to its share of the year: short in winter (said first:
        # a hub of 8,000 MWh/yr before a need of 10,462 read '2,462 short a year' of 4,121 short)
        month = _period_capacity(scen, cand, links, yld, T)
        low = need > month * (1 + 1e-9)
        if low.any():
            return "capacity", Phrase("diag_capacity_months", most=month, unit=Unit(str(uy).removesuffix("/yr")),
                                      when=Phrase("diag_in_month" if low.sum() == 1 else "diag_in_months",
                                                  months=_months(low)), peak=float(need.max()))
    deliver = float((yld * upper).sum())
    if deliver < need.sum() * (1 - 1e-9):
        return "capacity", Phrase("diag_capacity", most=deliver, need=need.sum(), unit=uy)
    # shared supplies: the required demands drawing on the same supplies need more than they hold
    req = np.flatnonzero(scen.required_demands())
    group = [j] + [int(k) for k in req if k != j
                   and _supply_in_reach(scen, cand, per, _demand_links(cand, int(k)))[1] & sources]
    if len(group) > 1:
        # every supply any of them can draw on (at its best yield): all they can get together
        held, _ = _supply_in_reach(scen, cand, per, np.concatenate([_demand_links(cand, k) for k in group]))
        held_all = float(held.sum())
        need_all = sum(float(per[k].sum()) for k in group)
        if held_all < need_all * (1 - 1e-9):
            by_id = named_sites(scen.sites)   # a site as sites.csv names it, its code beside it
            names = ", ".join(named(by_id, f["site_id"].iat[k], str(f["flow_id"].iat[k])) for k in group)
            return "not_enough_supply", Phrase("diag_shared_supply", names=names, held=held_all, unit=uy,
                                               need=need_all)
    return "", ""


# reasons whose detail already names them ("no candidate link (radius): ..."): the sentence
# gives the detail alone, not "no candidate: no candidate link (...)"
_NAMED_BY_DETAIL = frozenset({"no_candidate"})


def diagnosis_phrase(diag: pd.DataFrame, most: int = 3, sites: pd.DataFrame | None = None) -> Phrase:
    """One sentence per unmet required demand (the first `most`), for the status line: a
    `Phrase` (its figures and reason codes kept, said in any language; reason codes stay as
    they are in English, as in unmatched.csv). A demand of a site that `sites` (sites.csv)
    names is said by that name with its code beside it, else by its flow and site ids."""
    by_id = named_sites(sites) if sites is not None else {}
    if diag is None or not len(diag):
        return Phrase("diag_none")
    parts = []
    for r in diag.head(most).itertuples(index=False):
        if r.flow >= 0 and r.reason in _NAMED_BY_DETAIL:
            parts.append(Phrase("diag_required_detail", who=_who(r, by_id), short=r.shortfall,
                                unit=Unit(r.unit), why=r.detail))
        elif r.flow >= 0:
            parts.append(Phrase("diag_required", who=_who(r, by_id), short=r.shortfall,
                                unit=Unit(r.unit), reason=Code(r.reason), why=r.detail))
        else:
            parts.append(Phrase("diag_other", reason=Code(r.reason), why=r.detail))
    if len(diag) > most:
        return Phrase("diag_more", list=Sentences(parts), n=len(diag) - most)
    return Sentences(parts)


def diagnosis_message(diag: pd.DataFrame, most: int = 3, lang: str = "en", sites: pd.DataFrame | None = None) -> str:
    """`diagnosis_phrase` said in `lang`."""
    return say(diagnosis_phrase(diag, most, sites), lang)


def _who(r, names: dict[str, str]) -> Phrase:
    s = str(r.site_id)
    # its name with its code beside it, one bracket with a note (`ids.named`)
    return Phrase("diag_who_named", name=named(names, s), site=s) if s in names else Phrase("diag_who", flow=r.flow_id, site=s)
