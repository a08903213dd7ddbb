"""What a company's closure leaves stranded: the plan's links, shared infrastructure
(corridors, hubs) and built supply units that a re-solve (`resilience`'s, built anew or with
the plan already built) leaves carrying nothing, and their investment (EUR).

One still used, even partly, is not stranded; nor is a pipe the re-solve still runs through a
twin link over it (`pipes_reused`). Units: EUR; amounts in each flow's base units/yr.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

import eitflow.i18n as i18n
from eitflow.analyses.common import corridor_twins
from eitflow.analyses.resilgain import loss_between
from eitflow.analyses.sunk import pipe_keys, plan_scope
from eitflow.candidates.generate import Candidates
from eitflow.results.netparts import corridors_reached
from eitflow.results.result import Result

#: a `_figure` column's codes (`resilience`): the loss beside it is exact, or an upper bound whose
#: least value is its `_low_eur_per_yr` column (monthly profiles, or more than 3 sized units)
EXACT, UPPER_BOUND = "exact", "upper_bound"


def idle_shared(base: Result, sub: Result, affected: np.ndarray) -> tuple[list[str], float]:
    """The shared infrastructure of `base` that carries nothing in `sub` (the affected
    components re-solved without a site): network corridors built (not existing pipes) and hubs
    built, of the networks and hubs that `affected` (a mask over the candidate links) reaches.
    A corridor or hub still used, even partly, is not idle; twin corridors (one trench listed
    twice, `common.corridor_twins`) count by how many of them carry flow, so the twin `sub` routes
    through instead of the one `base` built is no idle trench. Returns (their ids, "heat:trunk_4"
    for a corridor and the hub_id for a hub; their investment, EUR). Figures from both results'
    `statistics` (`corridors()`, `hubs()`, `links()`)."""
    nets, hubs = plan_scope(base, affected)
    ids, inv = [], 0.0
    # the built corridors of the network pieces the re-solved part reaches: a piece no corridor
    # joins to them (another town's network of the same resource) is not re-solved, so carries
    # nothing in `sub` though it runs on (closing one town's user stranded the other's trench)
    cb = corridors_reached(base.candidates, base.statistics.corridors(), affected & (base.solution.flow > 0))
    cs = sub.statistics.corridors()
    live = cs[cs["flow"] > 0] if len(cs) else cs   # a corridor built without flow (co2 objective) carries nothing
    used = set(zip(live["resource"], live["corridor_id"].astype(str)))
    net = base.candidates.network
    twin = ({} if net is None else
            dict(zip(zip(net.corridors["resource"], net.corridors["corridor_id"].astype(str)),
                     corridor_twins(base.candidates))))
    spare: dict[int, int] = {}   # per set of twins: its corridors used in `sub` that `base` did not build
    for key in used - set(zip(cb["resource"], cb["corridor_id"].astype(str))):
        if key in twin:
            spare[twin[key]] = spare.get(twin[key], 0) + 1
    for r, cid, ex, i in zip(cb["resource"], cb["corridor_id"].astype(str), cb["existing"], cb["investment_eur"]):
        if r in nets and not ex and (r, cid) not in used:
            t = twin.get((r, cid))
            if spare.get(t, 0) > 0:   # its twin carries the flow instead
                spare[t] -= 1
                continue
            ids.append(f"{r}:{cid}")
            inv += float(i)
    hb, hs = base.statistics.hubs(), sub.statistics.hubs()
    busy = set(hs.loc[hs["throughput"] > 0, "hub_id"].astype(str)) if len(hs) else set()
    for h, i, t in zip(hb["hub_id"].astype(str), hb["investment_eur"], hb["throughput"]):
        if h in hubs and t > 0 and h not in busy:
            ids.append(h)
            inv += float(i)
    return ids, inv


def _said_shared(ids: list[str], lang: str | None, names: dict[str, str] | None = None,
                 units: list[str] | tuple[str, ...] = ()) -> str:
    """`idle_shared`'s ids in one cell, `list_sep` between them: by their ids with `lang` None
    ("heat:trunk_4; HUB1"), in a language each network by its name, its corridors after it
    (", " between them: a list inside the list), and each hub by its name in `names`
    (`results.names.scenario_names`) ("réseau de chaleur : north_1, trunk_3 ; Station de
    Redon"); then `units`, the built supplies' units left idle, by their flows' labels
    (`idle_supplies`; "B:boiler_heat" with `lang` None, else "Chaufferie B (unité construite)")."""
    if lang is None:   # a built supply's unit by its flow, "B:boiler_heat"
        return i18n.text("list_sep", "en").join([*ids, *units])
    by_net: dict[str, list[str]] = {}
    hubs = []
    for i in ids:
        r, sep, cid = i.partition(":")
        if sep:
            by_net.setdefault(r, []).append(cid)
        else:
            hubs.append((names or {}).get(i, i))
    nets = [i18n.text("resil_idle_corridors", lang, net=i18n.network_label(r, lang), ids=", ".join(c))
            for r, c in by_net.items()]
    said = [i18n.text("resil_idle_unit", lang, who=u) for u in units]   # "Chaufferie B : unité construite"
    return i18n.text("list_sep", lang).join([*nets, *hubs, *said])


def pipes_reused(cand: Candidates, idle: np.ndarray, new: np.ndarray) -> np.ndarray:
    """Per candidate link, the investment (EUR) of its pipe or connection that a re-solve reuses:
    a link of the plan left idle (`idle`) whose twin, a link over the same pipe (the same supply
    and demand flows, ends, mode, hub and network node: a heat pump's link and the direct one of
    the same pair), carries flow in the re-solve without being in the plan (`new`). Each twin
    reuses one pipe; the part reused is the smaller of the two pipes' `investment_eur` (the
    candidates' own, heat pump aside: a pump the re-solve drops stays stranded). 0 elsewhere.
    Without this, a re-solve swapping a direct link for its heat-pump twin stranded a pipe it
    still ran."""
    lk = cand.links
    keys = pipe_keys(lk)
    pipe = lk["investment_eur"].to_numpy(float)
    free: dict[tuple, list[int]] = {}
    for b in np.flatnonzero(new):
        free.setdefault(keys[b], []).append(int(b))
    out = np.zeros(len(lk))
    for a in np.flatnonzero(idle):
        if free.get(keys[a]):
            b = free[keys[a]].pop(0)
            out[a] = min(pipe[a], pipe[b])
    return out


def _unused(cand: Candidates, inv0: np.ndarray, built0: np.ndarray, stranded: np.ndarray, affected: np.ndarray,
            x1: np.ndarray, solved: bool) -> tuple[np.ndarray, np.ndarray]:
    """The plan's links a re-solve (flows `x1`) leaves idle, and per link the investment (EUR)
    that stays unused: the closed site's own (`stranded`), then the other chosen links the
    re-solve leaves idle (none known when it failed), less the pipes it still runs through a
    twin link (`pipes_reused`); one wholly reused is not idle."""
    idle = stranded | (built0 & affected & ~stranded & ~(x1 > 1e-9) & solved)
    kept = pipes_reused(cand, idle & ~stranded, ~built0 & (x1 > 1e-9))
    lost = np.where(idle, inv0 - kept, 0.0)
    idle &= ~((kept > 0) & (lost <= 1e-6 * np.maximum(inv0, 1.0)))   # wholly reused: not stranded
    return idle, lost


def idle_supplies(base: Result, affected: np.ndarray, used1: np.ndarray) -> tuple[list[int], float]:
    """The supply units the plan `base` built (a boiler, an electrolyser: `Statistics.supplies`,
    flows.csv `investment_eur` or a capacity sized by the model) for its chosen links within
    `affected` (a mask over the candidate links, the closure's re-solved part, the closed
    company's own included) that a re-solve leaves delivering nothing: `used1`, per flow, what
    it exchanges (base units/yr, `results.tables.flow_usage`). One still delivering, even
    below its built capacity, is not idle. Returns (their flow positions, their investment as
    the plan counts it, EUR). Before, such a unit was stranded in no figure: a 5,000,000 EUR
    boiler left idle read 200,000 EUR stranded, its two pipes alone."""
    S = base.statistics.supplies()
    if not len(S):
        return [], 0.0
    lk = base.candidates.links
    s = lk["supply"].to_numpy(np.int64)[affected & (base.solution.flow > 0)]
    mine = np.zeros(len(base.scenario.flows), bool)
    mine[s[s >= 0]] = True
    at = {f: i for i, f in enumerate(base.scenario.flows["flow_id"].astype(str))}   # flow_id -> position
    out, inv = [], 0.0
    for f, i in zip(S["flow_id"].astype(str), S["investment_eur"].to_numpy(float)):
        p = at[f]
        if mine[p] and used1[p] <= 0:
            out.append(int(p))
            inv += float(i)
    return out, inv


def sunk_notes(df: pd.DataFrame, lang: str = "en") -> list[str]:
    """The notes after `resilience`'s table `df` (as printed, or read back from a run directory's
    resilience.csv) on its losses with the plan already built that are only upper bounds: one for
    the re-solve over the plan's candidates (`net_benefit_lost_sunk_figure`, else
    `df.attrs["sunk_bounds"]`: a sized supply unit the re-solve would keep below its built capacity
    while another grows, `sunk.relaxed_credit`), one for the fresh runs
    (`net_benefit_lost_sunk_fresh_figure`, `closure.fresh_sunk_bounds`); each names the companies
    with the interval the least loss lies in, in EUR/yr ("Plan déjà construit : ... X : entre
    509 000 et 609 000 €/an."). None where every figure is exact."""
    names = dict(zip(df["site_id"].astype(str), df["name"].astype(str))) if len(df) else {}
    out = []
    for key, stem in (("resil_sunk_bound", "net_benefit_lost_sunk"), ("resil_sunk_fresh_bound", "net_benefit_lost_sunk_fresh")):
        kind, low, high = f"{stem}_figure", f"{stem}_low_eur_per_yr", f"{stem}_eur_per_yr"
        if kind in df.columns:   # the table's own columns: the printed frame or the run's file
            on = (df[kind].astype(str) == UPPER_BOUND).to_numpy()
            bounds = {str(s): (float(lo), float(hi)) for s, lo, hi in zip(df["site_id"][on], df[low][on], df[high][on])}
        else:
            bounds = (df.attrs.get("sunk_bounds") or {}) if stem == "net_benefit_lost_sunk" else {}
        if bounds:
            items = [i18n.text("resil_sunk_bound_item", lang, name=names.get(s, s), between=loss_between(lo, hi, lang))
                     for s, (lo, hi) in bounds.items()]
            out.append(i18n.text(key, lang, items=i18n.text("list_sep", lang).join(items)))
    return out


def sunk_note(df: pd.DataFrame, lang: str = "en") -> str:
    """`sunk_notes` as the command prints them, a line each; "" when every figure is exact."""
    return "\n".join(sunk_notes(df, lang))
