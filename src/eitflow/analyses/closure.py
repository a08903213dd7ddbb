"""A company's closure as a fresh run would see it: the scenario without the company (its row
and flows gone), its candidates built anew, so a generated network's corridors are generated
again without the company's place, and solved whole (`resilience(..., fresh=True)`).

`resilience` itself re-solves each closure over the plan's candidates (a territory's candidate
routes do not move because a company closes); where eitflow generates the corridors, a run of
the scenario without the company may find other routes and another loss (ludres_backbone with
Delaunay corridors: the steelworks' closure loses 70,961 EUR/yr over the plan's corridors,
58,034 EUR/yr in a run without it). This module gives that second figure.

Units: objectives in the scenario's objective unit (EUR/yr or tCO2/yr).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import numpy as np
import pandas as pd

import eitflow.i18n as i18n
from eitflow.analyses.common import totals_row
from eitflow.analyses.resilheads import short_label
from eitflow.analyses.sunk import Built, built_of, grow_rows, relaxed_credit, sunk_plan
from eitflow.candidates.generate import Candidates, build_candidates
from eitflow.candidates.objectives import link_codes
from eitflow.model.arrays import LinearConstraint
from eitflow.pipeline import optimise
from eitflow.results.result import Result
from eitflow.scenario import Scenario


def without_site(scen: Scenario, site: str) -> Scenario:
    """`scen` as its user would write it with `site` closed: its flows (and their monthly
    profiles) and the links.csv rows naming it removed, and its row of sites.csv too, unless a
    given corridor ends there (a trench's end is a place on the territory, whoever
    stands there). Candidates must be built anew from the returned scenario.

    Parameters
    ----------
    scen : Scenario
        The scenario (amounts in base units/yr).
    site : str
        The closed company's site_id.

    Returns
    -------
    Scenario
        A copy; `scen` is not changed.
    """
    f = scen.flows
    keep = f["site_id"].astype(str).to_numpy() != site
    over: dict = {"flows": f[keep].reset_index(drop=True)}
    if scen.profiles is not None:
        over["profiles"] = np.asarray(scen.profiles)[keep]
    if scen.links is not None and len(scen.links):
        lk = scen.links
        mine = (lk["source_site"].astype(str) == site) | (lk["sink_site"].astype(str) == site)
        over["links"] = lk[~mine.to_numpy()].reset_index(drop=True)
    named = set()
    if scen.corridors is not None and len(scen.corridors):
        named |= set(scen.corridors["from"].astype(str)) | set(scen.corridors["to"].astype(str))
    if site not in named:
        over["sites"] = scen.sites[scen.sites["site_id"].astype(str) != site].reset_index(drop=True)
    return dataclasses.replace(scen, **over)


def fresh_closure(scen: Scenario, site: str,
                  rows: Callable[[Scenario, Candidates], list[LinearConstraint]] | None = None) -> Result:
    """The optimum of the scenario without `site` (`without_site`), solved as `eitflow run`
    solves it: candidates built anew (a generated network's corridors generated again without
    the site's place), every component solved.

    Parameters
    ----------
    scen : Scenario
        The scenario whose plan `resilience` analyses.
    site : str
        The closed company's site_id.
    rows : callable, optional
        Extra rows over the new candidates, as the plan's solve has them (`resilience`'s
        single-supplier cap, `supplier_cap_rows` at its share).

    Returns
    -------
    Result
        Its `summary["objective"]` (objective unit, EUR/yr or tCO2/yr; None without a plan),
        status and gap.
    """
    closed = without_site(scen, site)
    cand = build_candidates(closed)
    extra = rows(closed, cand) if rows is not None else []
    return optimise(closed, candidates=cand, extra=extra or None, duals=False)


def fresh_loss(objective: float, run: Result) -> float:
    """The plan's `objective` less a fresh run's (`fresh_closure`), in the objective's unit
    (EUR/yr or tCO2/yr); NaN when the run has no plan. Two sums of a whole scenario's components
    in different orders differ by their rounding, a billionth of the objective: a closure that
    loses nothing read "-0,0000000019 €/an" (fos_siting, Kerneos). Within 1e-9 of the objective
    it is 0."""
    obj = run.summary["objective"]
    if obj is None:
        return float("nan")
    lost = float(objective) - float(obj)
    return 0.0 if abs(lost) <= 1e-9 * max(abs(float(objective)), 1.0) else lost


def _link_ids(scen: Scenario, cand: Candidates) -> pd.DataFrame:
    """Per candidate link, what it is whatever the candidates' numbering, as the columns
    `link_codes` reads (the one identity of a link): its ends with their flows (site and flow_id),
    kind, mode, hub and network node (by their ids), and whether through a heat pump (COP 1 for
    any pump, NaN for none: a closure's run tells its pumps apart by nothing else)."""
    lk = cand.links
    fid = np.append(scen.flows["flow_id"].astype(str).to_numpy(), "")   # position -1: none
    hub = np.append(scen.hubs["hub_id"].astype(str).to_numpy() if scen.hubs is not None else [], "")
    node = np.append(cand.network.nodes["node_id"].astype(str).to_numpy() if cand.network is not None else [], "")
    col = lambda c: lk[c].to_numpy(np.int64) if c in lk else np.full(len(lk), -1)  # noqa: E731
    pump = np.isfinite(lk["heat_pump_cop"].to_numpy(float)) if "heat_pump_cop" in lk else np.zeros(len(lk), bool)
    text = lambda c: lk[c].astype(str).to_numpy(object) if c in lk else np.full(len(lk), "", object)  # noqa: E731
    # a site and a flow joined by a character no id has (ids are stripped text, `io.tables`)
    return pd.DataFrame({"supply": text("source_site") + "\x1f" + fid[col("supply")].astype(object),
                         "demand": text("sink_site") + "\x1f" + fid[col("demand")].astype(object),
                         "mode": text("mode"), "kind": text("kind"), "hub": hub[col("hub")],
                         "net_node": node[col("net_node")], "heat_pump_cop": np.where(pump, 1.0, np.nan)})


def carried_links(old: pd.DataFrame, plan: np.ndarray, new: pd.DataFrame) -> np.ndarray:
    """The links of `new` built where `plan` built `old`'s (both tables as `_link_ids` makes
    them): per link code (`link_codes`), as many of `new`'s links with it as `plan` built of
    `old`'s, the first ones in `new`'s order.

    Parameters
    ----------
    old, new : pandas.DataFrame
        The plan's links and another scenario's, by their ids (`_link_ids`).
    plan : numpy.ndarray
        Per link of `old`, built (1) or not (0).

    Returns
    -------
    numpy.ndarray of bool
        Per link of `new`, built.
    """
    ko, kn = link_codes(old, new)
    n = int(max(ko.max(initial=-1), kn.max(initial=-1))) + 1
    free = np.bincount(ko, weights=np.asarray(plan).astype(np.int64), minlength=n).astype(np.int64)
    order = np.argsort(kn, kind="stable")
    ks = kn[order]
    first = np.searchsorted(ks, ks, side="left")   # where each code's run starts among the sorted
    out = np.zeros(len(new), bool)
    out[order] = np.arange(len(ks)) - first < free[ks]
    return out


def _option_keys(cand: Candidates) -> list[tuple]:
    """Per network option: its corridor's resource and ends (node ids, in the way it carries;
    sorted with "both" for either way), size and length (km)."""
    net = cand.network
    if net is None:
        return []
    o, c = net.option_arrays, net.corridors
    ids = net.nodes["node_id"].astype(str).to_numpy()
    a, b = ids[c["a"].to_numpy(np.int64)], ids[c["b"].to_numpy(np.int64)]
    way = np.asarray(o["way"], np.int64) if "way" in o else np.full(len(o["option"]), -1)
    out = []
    for k, (co, size) in enumerate(zip(np.asarray(o["corridor"], np.int64), np.asarray(o["size"], object))):
        ends = (a[co], b[co]) if way[k] == 0 else (b[co], a[co]) if way[k] == 1 else (*sorted((a[co], b[co])), "both")
        out.append((str(c["resource"].iat[co]), *ends, str(size), round(float(c["length_km"].iat[co]), 6)))
    return out


def carried(base: Result, scen: Scenario, cand: Candidates) -> Built:
    """What the plan `base` built (`sunk.built_of`), carried onto another scenario's candidates
    (a run without a company, `fresh_closure`): the same links, corridor sizes (the same ends,
    size and length: a corridor generated anew between the same places is the same trench),
    supplies (flow_id) and hubs (hub_id); what has no match there (the closed company's) is not
    carried."""
    b0 = built_of(base.scenario, base.candidates, base)
    plan = carried_links(_link_ids(base.scenario, base.candidates), b0.plan, _link_ids(scen, cand))
    okeys = _option_keys(base.candidates)
    opts: dict[tuple, list[float]] = {}
    for j in np.flatnonzero(b0.option_built):
        opts.setdefault(okeys[j], []).append(float(b0.option_capacity[j]))
    nk = _option_keys(cand)
    ob, oc = np.zeros(len(nk), bool), np.zeros(len(nk))
    for j, k in enumerate(nk):
        if opts.get(k):
            ob[j], oc[j] = True, opts[k].pop()
    f0 = dict(zip(base.scenario.flows["flow_id"].astype(str), zip(b0.supply_built, b0.supply_size)))
    sf = [f0.get(i, (False, 0.0)) for i in scen.flows["flow_id"].astype(str)]
    h0 = {} if base.scenario.hubs is None else dict(zip(base.scenario.hubs["hub_id"].astype(str), b0.hub_built))
    hb = np.array([] if scen.hubs is None else [h0.get(h, False) for h in scen.hubs["hub_id"].astype(str)], bool)
    return Built(plan, ob, oc, np.array([b for b, _ in sf], bool), np.array([z for _, z in sf], float), hb)


def _keep_place(base: Result, closed: Scenario, site: str) -> Scenario:
    """`closed` (the scenario without `site`) with the site's place kept as a junction of the
    networks whose built corridors (in the plan `base`) end there: the trench runs on once the
    company has closed, and a generated network has it only where the place is one of its
    points. `closed` itself where no built corridor ends there, or its row is kept anyway
    (`without_site`: a given corridor ends there)."""
    net = base.candidates.network
    if net is None or site in set(closed.sites["site_id"].astype(str)):
        return closed
    built = np.asarray(base.solution.option_built, bool) if base.solution.option_built is not None else []
    cors = np.unique(np.asarray(net.option_arrays["corridor"], np.int64)[built]) if len(built) else []
    ids = net.nodes["node_id"].astype(str).to_numpy()
    c = net.corridors
    res = sorted({str(c["resource"].iat[k]) for k in cors
                  if site in (ids[int(c["a"].iat[k])], ids[int(c["b"].iat[k])])})
    if not res:
        return closed
    s = base.scenario.sites.set_index(base.scenario.sites["site_id"].astype(str))
    row = {"junction_id": site, "name": s.at[site, "name"], "lat": float(s.at[site, "lat"]),
           "lon": float(s.at[site, "lon"]), "resources": tuple(res)}
    j = closed.junctions
    add = pd.DataFrame([row])
    return dataclasses.replace(closed, junctions=add if j is None or not len(j) else
                               pd.concat([j, add.reindex(columns=j.columns)], ignore_index=True))


def fresh_sunk_loss(base: Result, run: Result, site: str,
                    rows: Callable[[Scenario, Candidates], list[LinearConstraint]] | None = None) -> float:
    """`fresh_sunk_bounds`'s loss alone (EUR/yr): exact, or an upper bound."""
    return fresh_sunk_bounds(base, run, site, rows)[0]


def fresh_sunk_bounds(base: Result, run: Result, site: str,
                      rows: Callable[[Scenario, Candidates], list[LinearConstraint]] | None = None
                      ) -> tuple[float, float]:
    """A fresh run's loss with the plan already built (EUR/yr): the scenario without `site`
    (`run`, `fresh_closure`) solved again with what `base` built carried onto its candidates
    (`carried`) at its O&M alone (`sunk.sunk_plan`), and loss = (the plan's net benefit + the
    annuities of all it built) - that re-solve's net benefit, as `resilience`'s sunk loss over
    the whole scenario. The closed company's place stays a point of the networks whose built
    corridors end there (`_keep_place`): the trench is in the ground, so corridors generated
    anew still reach it.

    Returns
    -------
    (float, float)
        (loss, least loss), EUR/yr: equal where the loss is exact (no sized supply, or at most 3
        and no monthly profiles: each set that grows solved); else the loss is that of the better
        plan the closure can run, an upper bound, and the least loss the relaxation's lower
        bound (`sunk.relaxed_credit`'s second figure). (NaN, NaN) without a plan.
    """
    if run.summary["objective"] is None:
        return float("nan"), float("nan")
    scen = _keep_place(base, run.scenario, site)
    cand = run.candidates if scen is run.scenario else build_candidates(scen)
    kept = carried(base, scen, cand)
    whole = sunk_plan(base.scenario, base.candidates, base)
    # every annuity of what the plan built, the closed company's included: paid whatever happens
    before = totals_row(base)["net_benefit_eur_per_yr"] + sum(
        float(a.sum()) for a in (whole.link_annuity, whole.option_annuity, whole.hub_annuity, whole.supply_annuity))
    held = sunk_plan(scen, cand, kept)
    s0 = held.sized[1]
    sup = cand.links["supply"].to_numpy(np.int64)
    usable = np.flatnonzero((s0 > 0) & np.isin(np.arange(len(s0)), sup))
    # as `resilience`: held at the sized supplies' built capacity, then each set of usable units
    # that grows (`sunk.grow_rows`: exact), or, with monthly profiles or more than 3, relaxed
    # (`sunk.relaxed_credit`: the better plan, an upper bound)
    exact = scen.profiles is None and len(usable) <= 3
    parts: list = [None]
    if exact:
        parts += [usable[[b for b in range(len(usable)) if k >> b & 1]] for k in range(1, 2 ** len(usable))]
    elif len(usable):
        parts.append("relaxed")
    best, low = float("nan"), float("nan")
    for part in parts:
        grow = np.zeros(len(s0), bool)
        if part is not None:
            grow[part if not isinstance(part, str) else usable] = True
        s = sunk_plan(scen, cand, kept, relax=grow) if part is not None else held
        more = grow_rows(cand, s0, grow) if exact else []
        extra = [*(rows(s.scen, s.cand) if rows is not None else []), *s.rows, *more]   # a twin's pipe paid once
        res = optimise(s.scen, candidates=s.cand, extra=extra or None, duals=False)
        if res.summary["objective"] is None:
            continue
        credit = (float((held.supply_annuity - s.supply_annuity).sum()),) * 2 if exact else relaxed_credit(held, s, res)
        nb = totals_row(res)["net_benefit_eur_per_yr"]
        lost = before - nb - credit[0]
        best = lost if not best <= lost else best
        if isinstance(part, str):   # the relaxation: no plan loses less than with every unit's S0 credited
            low = before - nb - credit[1]
    # exact where each set that grows was solved, or the relaxed plan reaches its own bound
    # (within half a euro, the table's rounding: as `resilience`)
    return best, (best if not low < best - 0.5 else low)


def differs(df: pd.DataFrame, objective: float, mip_gap: float) -> list[str]:
    """The site_ids of `resilience`'s table (with its fresh columns) whose loss over the plan's
    candidates and loss in a fresh run differ by more than the solves' tolerance: the relative
    gap `mip_gap` of the plan's `objective` (each solve may stop that far from its optimum),
    and half a unit (the table's rounding). A fresh run without a plan differs."""
    tol = mip_gap * abs(objective or 0.0) + 0.5
    a = df["objective_lost"].to_numpy(float)
    b = df["objective_lost_fresh"].to_numpy(float)
    out = ~(np.abs(a - b) <= tol)   # NaN on either side (no plan) differs
    return [str(s) for s in df["site_id"][out]]


def generated_note(df: pd.DataFrame, lang: str = "en") -> str:
    """What `resilience`'s table `df` re-solves on where eitflow generated corridors
    (`df.attrs["generated_corridors"]`, their count per resource): the plan's candidate
    corridors, those through the closed company's place included; and, with the fresh run's
    columns, whether a run without the company, its corridors generated anew, loses the same
    (within the solver's gap) or, company by company, what each loses ("SAM Neuves-Maisons
    (aciérie) : 70 961 €/an sur les tronçons du plan, 58 034 €/an dans un calcul sans
    l'entreprise"). Where the corridors are given, only companies whose two losses differ are
    said; "" when none does, or without corridors generated nor fresh runs."""
    generated = df.attrs.get("generated_corridors") or {}
    nets = i18n.text("list_sep", lang).join(
        i18n.text("resil_generated_net", lang, n=i18n.number(n, lang), net=i18n.network_label(r, lang))
        for r, n in sorted(generated.items()))
    if "fresh_differs" not in df.attrs:
        return i18n.text("resil_generated_note", lang, nets=nets) if generated else ""
    odd = df[df["site_id"].astype(str).isin(df.attrs["fresh_differs"])]
    if not generated and not len(odd):   # corridors given: the fresh runs agree, as they should
        return ""
    # the two losses by their columns' headers: "objectif perdu", "objectif perdu ³" (`resilheads`)
    plan, fresh = (short_label(c, lang) or i18n.column_label(c, lang, with_unit=False)
                   for c in ("objective_lost", "objective_lost_fresh"))
    head = f"{i18n.text('resil_fresh_note', lang, nets=nets, plan=plan, fresh=fresh)} " if generated else ""
    if not len(odd):
        gap = df.attrs.get("mip_gap", 0.0)
        return head + i18n.text("resil_fresh_same", lang, gap=i18n.gap_percent(gap, lang))
    unit = str(df.attrs["base"]["objective_unit"])
    # as the table says them: the objective unit's decimals (EUR/yr 0, tCO2/yr 1), "–" without a plan
    dec = next((d for _, u, d in i18n.COLUMN_UNITS if u == unit), None) or 0
    num = lambda v: "–" if not np.isfinite(v) else i18n.number(float(v), lang, dec)  # noqa: E731
    said = [i18n.text("resil_fresh_item", lang, name=name, unit=i18n.unit(unit, lang), plan=num(a), fresh=num(b))
            for name, a, b in zip(odd["name"], odd["objective_lost"], odd["objective_lost_fresh"])]
    return head + i18n.text("resil_fresh_differ", lang, items=i18n.text("list_sep", lang).join(said))
