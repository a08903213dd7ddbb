"""What each company's closure costs the territory (the optimum re-solved without it), and
the cost of capping each demand's dependence on a single supplier."""

from __future__ import annotations

import dataclasses
import sys

import numpy as np
import pandas as pd

import eitflow.i18n as i18n
from eitflow.analyses.closure import differs, fresh_closure, fresh_loss, fresh_sunk_bounds
from eitflow.analyses.common import _has_solution, subset_candidates, totals_row
from eitflow.analyses.resilheads import FRESH_COLUMNS  # with `fresh`, after these (`resilheads` heads them)
from eitflow.analyses.resilsay import SAID_COLUMNS, Sayer, _in_order, _partners  # noqa: F401
from eitflow.analyses.stranded import (  # noqa: F401
    EXACT,
    UPPER_BOUND,
    _said_shared,
    _unused,
    idle_shared,
    idle_supplies,
    pipes_reused,
)
from eitflow.analyses.sunk import Sunk, grow_rows, plan_annuity, relaxed_credit, sunk_plan
from eitflow.candidates.generate import Candidates, build_candidates
from eitflow.candidates.network import network_of
from eitflow.model.arrays import LinearConstraint
from eitflow.pipeline import optimise
from eitflow.progress import progress_bar
from eitflow.results.netparts import hub_leg_parties
from eitflow.results.result import Result
from eitflow.results.tables import flow_usage
from eitflow.results.zones import NO_ZONE
from eitflow.scenario import Scenario
from eitflow.solve.decompose import components

RESILIENCE_COLUMNS = ["site_id", "name", "zone", "n_chosen_links", "objective_lost", "objective_unit",
                      "net_benefit_lost_eur_per_yr", "co2_lost_t_per_yr", "stranded_links", "stranded_shared",
                      "stranded_investment_eur", "net_benefit_lost_sunk_eur_per_yr", "net_benefit_lost_sunk_figure",
                      "net_benefit_lost_sunk_low_eur_per_yr", "stranded_sunk_investment_eur",
                      "links_rearranged", "partners", "partners_left_short",
                      "shortfall", "outlets_lost", "status", "gap"]

CAP_COLUMNS = ["max_supplier_share", "n_cap_rows", "objective_uncapped", "objective_capped", "cap_cost",
               "objective_unit", "status_uncapped", "status_capped", "gap_uncapped", "gap_capped"]


def supplier_cap_rows(scen: Scenario, cand: Candidates, share: float) -> list[LinearConstraint]:
    """Cap every demand's dependence on one supplying party at `share` of its need (demand base
    units/yr). A party is a site, a hub or a shared network (one piece of infrastructure: a cut
    stops every delivery out of it). For each (party, demand j): the sum of yield_a x_a over
    the links from that party into j <= share * d_j.

    A site that feeds a hub or network also answers for what the others cannot have fed: of
    j's delivery out of intermediary N (in N's units), at least out_j - (what the other sites
    put into N) came from site s, since the others' whole input is all they can have sent. So
    for each site s with a leg into N: s's direct links into j + yield x (out_j - the others'
    input) <= share * d_j. Without it, a network that only s feeds let j take all its need
    from s, half directly and half through the pipe. Rows are made only where the links could
    exceed the cap."""
    if not 0 < share <= 1:
        raise ValueError(f"max_supplier_share must be in (0, 1], got {share}")
    lk = cand.links
    if not len(lk):
        return []
    amount = scen.flows["amount"].to_numpy(float)
    fid = scen.flows["flow_id"].to_numpy()
    yld = lk["yield"].to_numpy(float)
    reach = lk["upper"].to_numpy(float) * yld
    src = lk["source_site"].astype(str).to_numpy()
    dem = lk["demand"].to_numpy()
    legs_in = np.flatnonzero(dem < 0)   # a leg into a hub or network: its sink is the intermediary
    into = lk["sink_site"].astype(str).to_numpy()[legs_in]
    groups = lk.groupby(["source_site", "demand"], sort=True).indices
    rows = []
    for (site, j), idx in groups.items():
        if int(j) < 0:  # a leg into a hub: the cap applies to the hub's legs into demands
            continue
        cap = share * amount[int(j)]
        if reach[idx].sum() > cap * (1 + 1e-12):
            x = np.zeros(len(lk))
            x[idx] = yld[idx]
            rows.append(LinearConstraint(x, hi=cap, name=f"cap_{site}_{fid[int(j)]}"))
        mine = into == str(site)   # `site` is an intermediary: its feeders answer for j too
        if not mine.any() or len(idx) != 1 or share >= 1:   # at 1, j's own need implies the rows
            continue
        (o,) = idx
        feeders = legs_in[mine]
        for s_ in sorted(set(src[feeders])):
            own = groups.get((s_, j), np.zeros(0, np.int64))
            if reach[own].sum() + reach[o] <= cap * (1 + 1e-12):
                continue
            x = np.zeros(len(lk))
            x[own] = yld[own]
            x[o] = yld[o]
            others = feeders[src[feeders] != s_]
            x[others] = -yld[o] * yld[others]   # the others' input, in the intermediary's units
            rows.append(LinearConstraint(x, hi=cap, name=f"cap_{s_}_via_{site}_{fid[int(j)]}"))
    return rows


def _restrict(extra: list[LinearConstraint], keep: np.ndarray) -> list[LinearConstraint]:
    out = []
    for ec in extra:
        x = np.asarray(ec.x_coef, float)[keep]
        y = None if ec.y_coef is None else np.asarray(ec.y_coef, float)[keep]
        z = ec.corridor_coef   # aligned with the network's corridors, which a subset keeps whole
        if np.any(x != 0) or (y is not None and np.any(y != 0)) or (z is not None and np.any(z != 0)):
            out.append(LinearConstraint(x, y, lo=ec.lo, hi=ec.hi, name=ec.name, corridor_coef=z,
                                        hub_pass=ec.hub_pass))
    return out


def supplier_cap_cost(scen: Scenario, share: float, candidates: Candidates | None = None) -> pd.DataFrame:
    """One row: the objective without and with the single-supplier cap (see
    `supplier_cap_rows`), and its cost = uncapped - capped (EUR/yr or tCO2/yr)."""
    cand = build_candidates(scen) if candidates is None else candidates
    rows = supplier_cap_rows(scen, cand, share)
    free = optimise(scen, candidates=cand, duals=False)
    capped = optimise(scen, candidates=cand, extra=rows, duals=False) if rows else free
    a, b = free.summary["objective"], capped.summary["objective"]
    return pd.DataFrame([{"max_supplier_share": share, "n_cap_rows": len(rows), "objective_uncapped": a,
                          "objective_capped": b, "cap_cost": (a - b) if a is not None and b is not None else np.nan,
                          "objective_unit": free.summary["objective_unit"], "status_uncapped": free.status,
                          "status_capped": capped.status, "gap_uncapped": free.summary["gap"],
                          "gap_capped": capped.summary["gap"]}], columns=CAP_COLUMNS)


def _site_closed(scen: Scenario, cand: Candidates, comp: np.ndarray, site: str,
                 extra: list[LinearConstraint]) -> tuple[np.ndarray, Result, np.ndarray]:
    """Re-solve the components touching `site` without its links. Returns (mask of the
    affected components' links, result of the sub-problem, flows of the sub-problem aligned
    with all candidate links)."""
    lk = cand.links
    touch = (lk["source_site"].to_numpy() == site) | (lk["sink_site"].to_numpy() == site)
    affected = np.isin(comp, np.unique(comp[touch]))
    keep = affected & ~touch
    f = scen.flows
    in_scope = np.zeros(len(f), bool)
    ends = np.concatenate([lk["supply"].to_numpy(np.int64)[affected], lk["demand"].to_numpy(np.int64)[affected]])
    in_scope[ends[ends >= 0]] = True
    flows = f.copy()
    flows["required"] = f["required"].to_numpy(bool) & in_scope & (f["site_id"].to_numpy() != site)
    sub_scen = dataclasses.replace(scen, flows=flows)
    sub = optimise(sub_scen, candidates=subset_candidates(cand, keep), extra=_restrict(extra, keep) or None,
                   duals=False)
    full = np.zeros(len(lk))
    if _has_solution(sub):
        full[keep] = sub.solution.flow
    return affected, sub, full


def _grown_parts(scen: Scenario, cand: Candidates, base: Result, comp: np.ndarray, site: str,
                 extra: list[LinearConstraint], sunk: Sunk, sub_r: Result,
                 before: float) -> tuple[float, Result, np.ndarray] | None:
    """The exact loss with the plan already built (EUR/yr) where the relaxation leaves it
    between two figures (`sunk.relaxed_credit`): the closure re-solved once per non-empty set G
    of the sized units it can use, G's units priced as built anew and sending at least their
    built capacity S0 (`sunk.grow_rows`), the others held at S0; each part's net benefit at the
    sunk pricing is its own + the annuity of G's S0, and the held re-solve is the part where
    none grows. Returns (loss = `before` - the best part's net benefit, its result, its flows
    per candidate link) of the best part that grows, or None where that is not exact or too
    long: monthly profiles (a unit's capacity is then its busiest month's rate) or more than 3
    such units (2^n - 1 solves)."""
    s0 = sunk.sized[1]
    sup = sub_r.candidates.links["supply"].to_numpy(np.int64)
    usable = np.flatnonzero((s0 > 0) & np.isin(np.arange(len(s0)), sup))
    if scen.profiles is not None or not 0 < len(usable) <= 3:
        return None
    out = None
    for k in range(1, 2 ** len(usable)):
        grow = np.zeros(len(s0), bool)
        grow[usable[[b for b in range(len(usable)) if k >> b & 1]]] = True
        part = sunk_plan(scen, cand, base, relax=grow)
        _, res, x1 = _site_closed(part.scen, part.cand, comp, site, [*extra, *part.rows, *grow_rows(cand, s0, grow)])
        if not _has_solution(res):
            continue
        lost = before - totals_row(res)["net_benefit_eur_per_yr"] - float((sunk.supply_annuity - part.supply_annuity).sum())
        if out is None or lost < out[0]:
            out = (lost, res, x1)
    return out if out is not None else (np.inf, sub_r, np.zeros(0))


def _lost(before: float, after: float) -> float:
    """`before` - `after` (a total in EUR/yr or tCO2/yr with and without a company), 0 where they
    differ by the rounding of their sums alone (1e-9 of the larger): a CO2 network's serres closing
    sent their 5,000 t/yr to the terminal at the same 0.1 tCO2/t, and 'CO2 lost' read
    0,0000000000073 tCO2/an (7.3e-12 of summing 45,711.4 in another order)."""
    d = before - after
    return 0.0 if abs(d) <= 1e-9 * max(abs(before), abs(after), 1.0) else d


def resilience(scen: Scenario, max_supplier_share: float | None = None,
               candidates: Candidates | None = None, lang: str | None = None,
               fresh: bool | None = None, progress: bool = False, langs: tuple[str, ...] = ()) -> pd.DataFrame:
    """For each site with at least one chosen exchange: what is lost if it closes.

    The site's flows are removed (its links deleted, its required demands waived) and the
    components of the candidate graph it touches are re-solved; the others cannot change.
    Columns: objective_lost (optimum - re-solved optimum, in objective_unit), net benefit
    (EUR/yr) and CO2 (tCO2/yr) lost, stranded_links (chosen links at the site, then
    the other chosen links the re-solve leaves idle: a town's network connection, a supplier's
    injection, a pipe, as a point-to-point plan's idle pipe is counted whole; less a pipe the
    re-solve still runs through its twin link, `pipes_reused`), stranded_shared
    (the shared network corridors and hubs built for the plan that carry nothing once the site
    has closed, `idle_shared`: "heat:trunk_4", a hub_id; one still used, even partly, is not),
    stranded_investment_eur (EUR: those links' investment, heat pumps included, that shared
    infrastructure's, and the supply units the plan built that deliver nothing once the site has
    closed, `stranded.idle_supplies`, named last in stranded_shared; an upper bound, this
    re-solve building anew what it keeps),
    net_benefit_lost_sunk_eur_per_yr and stranded_sunk_investment_eur (EUR/yr, EUR: the same
    closure with the plan already built, its annuities paid whatever happens and what the
    re-solve keeps of it at its O&M alone, `analyses.sunk`: a pipe or corridor it would
    replace by another partner or route when building anew runs on; net_benefit_lost_sunk_figure
    'exact' or 'upper_bound', and net_benefit_lost_sunk_low_eur_per_yr the least loss, EUR/yr,
    the figure itself where exact: `df.attrs["sunk_bounds"]`),
    links_rearranged (other chosen links whose flow changes), partners
    (sites exchanging with it), partners_left_short (partner flows that lose amount), what each
    loses (base units/yr): shortfall for a buyer's flow (what it lacks), outlets_lost for a
    seller's (what it can no longer sell: its buyer closed), status and gap of the re-solve. A partner
    through a hub or a shared network is a company at the other end of the hub's or network's
    other chosen exchanges (the towns a closed incinerator's network delivered to).

    `lang` ('en', 'fr'): the cells listing things (stranded_links, stranded_shared, partners,
    shortfall, outlets_lost) as people read them in that language, by the names of the sites, hubs and
    networks (`named_link_labels`, `named_flows`: sites.csv `name`), `list_sep` between the
    items ("; ", " ; " in French): partners "Fléville-devant-Nancy (centre) ; Heillecourt
    (centre)", shortfall "Fléville-devant-Nancy (centre) : chaleur 4 158 sur 4 158 MWh/an"
    ("Fléville-devant-Nancy (centre): heat 4,158 of 4,158 MWh/yr"). None: by their codes, in
    English ("FLEVILLE; HEILLECOURT", "FLEVILLE:fleville_heat heat 4,158 of 4,158 MWh/yr"),
    as the library's callers compare them (as `alternatives.k_best`). site_id is the code either
    way, name the site's name.

    Generated corridors (`networks.<resource>.generate`): each closure is re-solved over the
    plan's candidate corridors, those through the closed site's place included (a territory's
    candidate routes do not move because a company closes), not over those a run without the
    site would generate anew; `df.attrs["generated_corridors"]` (their count per resource) is
    then set, and `closure.generated_note` says so. `fresh`: each closure is also solved as a run
    of the scenario without the company would solve it (`closure.fresh_closure`: its candidates,
    a generated network's corridors included, built anew, the whole scenario solved): columns
    objective_lost_fresh (the plan's optimum - that run's, objective unit), status_fresh,
    net_benefit_lost_sunk_fresh_eur_per_yr (that run with the plan already built, what it built
    carried onto the run's candidates, `closure.fresh_sunk_bounds`; EUR/yr) with its
    net_benefit_lost_sunk_fresh_figure and net_benefit_lost_sunk_fresh_low_eur_per_yr, and
    `df.attrs["fresh_differs"]` the site_ids whose two losses differ by more than the solver's
    gap (`closure.differs`); one more solve of the whole scenario per company. None (default):
    where eitflow generated corridors, the only case where the two can differ.

    `max_supplier_share`: the optimum and every re-solve also cap each demand's dependence on
    one supplying site (`supplier_cap_rows`); the cap's cost is in `df.attrs["supplier_cap"]`
    (see `supplier_cap_cost`). `df.attrs["base"]` holds the base status, objective and gap.
    With no plan (an infeasible model, or one the cap makes infeasible) the table is empty and
    `df.attrs["no_solution"]` holds the solve's summary, as `alternatives.k_best`'s.
    `progress`: a line on stderr counting the closures done, with the time taken and left.
    `langs`: languages ('en', 'fr') in which the list cells (`resilsay.SAID_COLUMNS`) are also
    said, `df.attrs["said"][lang]` a frame of them aligned with the table's rows: the run
    directory's resilience.csv keeps each (`results.spreadsheet.write_table`), so its report reads in its
    own language whatever the language `resilience` ran in.
    """
    cand = build_candidates(scen) if candidates is None else candidates
    extra = supplier_cap_rows(scen, cand, max_supplier_share) if max_supplier_share else []
    base = optimise(scen, candidates=cand, extra=extra or None, duals=False)
    unit = base.summary["objective_unit"]
    net = cand.network
    generated = {str(r): int(n) for r, n in (net.generated if net is not None else {}).items() if n}
    fresh = bool(generated) if fresh is None else fresh
    columns = RESILIENCE_COLUMNS + (FRESH_COLUMNS if fresh else [])
    out = pd.DataFrame(columns=columns)
    out.attrs["base"] = {**{k: base.summary[k] for k in ("status", "objective", "bound", "gap", "objective_unit")},
                         **totals_row(base)}
    if generated:   # the re-solves keep the plan's candidate corridors: `generated_note` says so
        out.attrs["generated_corridors"] = generated
    if max_supplier_share:
        free = optimise(scen, candidates=cand, duals=False)
        a, b = free.summary["objective"], base.summary["objective"]
        out.attrs["supplier_cap"] = {"max_supplier_share": max_supplier_share, "n_cap_rows": len(extra),
                                     "objective_uncapped": a, "objective_capped": b,
                                     "cap_cost": (a - b) if a is not None and b is not None else None}
    if not _has_solution(base):
        out.attrs["no_solution"] = {"summary": base.summary}   # no plan: its status and reason, as `eitflow run` says it
        return out
    lk = cand.links
    x0 = base.solution.flow
    # each chosen link's investment as the plan counts it (connection and heat pump: `Statistics.links`)
    L0, inv0 = base.statistics.links(), np.zeros(len(lk))
    inv0[L0["link"].to_numpy(np.int64)] = L0["investment_eur"].to_numpy(float)
    built0 = x0 > 0
    _, comp = components(scen, cand)
    sunk = sunk_plan(scen, cand, base)
    # a sized supply's capacity built: held at most at it (a plan the closure can run), and
    # priced as built anew, its S0's annuity sunk (`sunk.relaxed_credit`): the loss between
    # the two, exact where they agree (a linear corridor's growth is exact: `sunk._growth`)
    relaxed = sunk_plan(scen, cand, base, relax=True) if sunk.sized[1].any() else None
    bounds: dict[str, tuple[float, float]] = {}   # per site whose sunk loss is a bound: (lower, upper)
    used0 = flow_usage(scen, cand, x0)
    fsite = scen.flows["site_id"].to_numpy()
    src, snk = lk["source_site"].to_numpy(), lk["sink_site"].to_numpy()
    s_pos, d_pos = lk["supply"].to_numpy(np.int64), lk["demand"].to_numpy(np.int64)
    sites = scen.sites.set_index("site_id")
    say = lang or "en"
    sayer = Sayer(scen, cand, lang)   # the list cells: codes without `lang`, else names (`resilsay`)
    others = {g: Sayer(scen, cand, g) for g in langs}   # the same cells in each of `langs`
    rows: list[dict] = []
    said: list[dict] = []   # per row, per language of `langs`: its list cells
    hub_of = lk["hub"].to_numpy(np.int64) if "hub" in lk else np.full(len(lk), -1)
    on_net = (hub_leg_parties(cand, lk["hub_node"].to_numpy(np.int64), lk["supply_resource"].to_numpy())
              if "hub_node" in lk else np.full(len(lk), "", dtype=object))   # a leg of a hub standing on a network: its party
    key = "co2_avoided_t_per_yr" if scen.params.objective == "co2" else "net_benefit_eur_per_yr"
    closing = sorted((set(src[built0]) | set(snk[built0])) & set(sites.index))  # companies, not hubs
    # each closure is two or three solves (26 took 20 min on Hotmaps Lorraine): say how far it is;
    # the last count stays, on a line of its own, above the table
    bar = progress_bar(len(closing), i18n.text("resil_progress", say), enabled=progress)
    for site in closing:
        touch = (src == site) | (snk == site)
        stranded = built0 & touch
        affected, sub, x1 = _site_closed(scen, cand, comp, site, extra)
        solved = _has_solution(sub)
        # corridors and hubs left with nothing to carry (unknown, so none, when the re-solve failed)
        shared, shared_inv = idle_shared(base, sub, affected) if solved else ([], 0.0)
        # the affected components' part of the optimum: their links, hubs and built supplies
        t0 = totals_row(base, affected)
        t1 = totals_row(sub)
        before = t0[key]
        used1 = flow_usage(scen, cand, x1)
        via = [b for a in np.flatnonzero(stranded) if hub_of[a] >= 0  # through a hub: its other chosen legs
               for b in np.flatnonzero((hub_of == hub_of[a]) & built0 & ~touch)]
        # through a shared network: its other chosen connections in the re-solved part (an
        # incinerator's closure leaves short the towns the network delivered to, not the network;
        # a part of the network beyond it has no re-solved flow here, so is left out)
        # (a hub standing on the network is part of it: its legs are connections too, either way)
        nets = {p for a in np.flatnonzero(stranded) for p in (src[a], snk[a], on_net[a]) if network_of(str(p)) is not None}
        via += [b for b in np.flatnonzero(np.isin(src, list(nets)) | np.isin(snk, list(nets)) | np.isin(on_net, list(nets)))
                if built0[b] and affected[b] and not touch[b]] if nets else []
        partner_flows = sorted({int(p) for a in [*np.flatnonzero(stranded), *via]
                                for p in (s_pos[a], d_pos[a]) if p >= 0 and fsite[p] != site})
        short = [p for p in partner_flows if used1[p] < used0[p] * (1 - 1e-6) - 1e-9]
        moved = affected & ~touch & (built0 | (x1 > 0)) & ~np.isclose(x0, x1, rtol=1e-6, atol=1e-9)
        # the other companies' chosen exchanges the re-solve leaves idle (a town's network
        # connection, a supplier's injection, a pipe) are stranded too, as the site's own are
        # (unknown, so none, when the re-solve failed)
        # ...less the pipes the re-solve still runs through a twin link (a direct pipe now with
        # a heat pump): only what it no longer uses is stranded
        idle, lost = _unused(cand, inv0, built0, stranded, affected, x1, solved)
        # the same closure with the plan already built: what it keeps of the plan runs at its O&M
        _, sub_s, x1s = _site_closed(sunk.scen, sunk.cand, comp, site, [*extra, *sunk.rows])
        annuity = plan_annuity(base, sunk, affected)   # paid whatever the territory does (EUR/yr)
        before_s = t0["net_benefit_eur_per_yr"] + annuity
        lost_sunk = before_s - totals_row(sub_s)["net_benefit_eur_per_yr"] if _has_solution(sub_s) else np.nan
        own = s_pos[affected & ~touch]
        grows = relaxed is not None and bool(relaxed.sized[1][own[own >= 0]].any())   # a sized unit it can use
        if grows and relaxed is not None:   # sized supplies that may need to grow: the relaxation bounds the loss
            _, sub_r, x1r = _site_closed(relaxed.scen, relaxed.cand, comp, site, [*extra, *relaxed.rows])
            if _has_solution(sub_r):
                gain, most = relaxed_credit(sunk, relaxed, sub_r)
                nb_r = totals_row(sub_r)["net_benefit_eur_per_yr"]
                if not before_s - nb_r - gain >= lost_sunk:   # the relaxed plan is the better one (or the only)
                    sub_s, x1s, lost_sunk = sub_r, x1r, before_s - nb_r - gain
                if lost_sunk - (before_s - nb_r - most) > 0.5:   # no plan certified best: each part of the plans
                    best = _grown_parts(scen, cand, base, comp, site, [*extra], sunk, sub_r, before_s)
                    if best is not None:   # exact: the best over every set of units that grows
                        if best[0] < lost_sunk:
                            lost_sunk, sub_s, x1s = best
                    else:
                        bounds[site] = (before_s - nb_r - most, lost_sunk)
        solved_s = _has_solution(sub_s)
        idle_s, lost_s = _unused(cand, inv0, built0, stranded, affected, x1s, solved_s)
        shared_s = idle_shared(base, sub_s, affected)[1] if solved_s else 0.0
        # the supply units the plan built (a boiler, an electrolyser) the re-solves leave idle
        units, units_inv = idle_supplies(base, affected, used1) if solved else ([], 0.0)
        units_s = idle_supplies(base, affected, flow_usage(scen, cand, x1s))[1] if solved_s else 0.0
        # the cells listing things, in `lang` and in each of `langs`
        told = (list(map(int, [*np.flatnonzero(stranded), *np.flatnonzero(idle & ~stranded)])), shared, units,
                partner_flows, short, used0, used1)
        said.append({g: o.cells(*told) for g, o in others.items()})
        cells = sayer.cells(*told)
        rows.append({
            "site_id": site, "name": sites.at[site, "name"], "zone": sites.at[site, "zone"] or NO_ZONE,
            "n_chosen_links": int(stranded.sum()),
            "objective_lost": before - sub.summary["objective"] if solved else np.nan, "objective_unit": unit,
            "net_benefit_lost_eur_per_yr": _lost(t0["net_benefit_eur_per_yr"], t1["net_benefit_eur_per_yr"]),
            "co2_lost_t_per_yr": _lost(t0["co2_avoided_t_per_yr"], t1["co2_avoided_t_per_yr"]),
            # the site's own first, then the others the re-solve leaves idle
            "stranded_links": cells["stranded_links"], "stranded_shared": cells["stranded_shared"],
            "stranded_investment_eur": float(lost[idle].sum()) + shared_inv + units_inv,
            "net_benefit_lost_sunk_eur_per_yr": lost_sunk if solved_s else np.nan,
            # exact, or an upper bound with the least loss beside it (the same as the command's note)
            "net_benefit_lost_sunk_figure": (UPPER_BOUND if site in bounds else EXACT) if solved_s else "",
            "net_benefit_lost_sunk_low_eur_per_yr": (bounds[site][0] if site in bounds else lost_sunk) if solved_s else np.nan,
            "stranded_sunk_investment_eur": float(lost_s[idle_s].sum()) + shared_s + units_s if solved_s else np.nan,
            "links_rearranged": int(moved.sum()),
            "partners": cells["partners"],
            "partners_left_short": len(short),
            "shortfall": cells["shortfall"], "outlets_lost": cells["outlets_lost"],
            "status": sub.status, "gap": sub.summary["gap"]})
        if fresh:   # a run without the company: its corridors generated anew, the whole scenario solved
            cap = (lambda s_, c_: supplier_cap_rows(s_, c_, max_supplier_share)) if max_supplier_share else None
            run = fresh_closure(scen, site, cap)
            hi, lo = fresh_sunk_bounds(base, run, site, cap)
            rows[-1] |= {"objective_lost_fresh": fresh_loss(base.summary["objective"], run), "status_fresh": run.status,
                         "net_benefit_lost_sunk_fresh_eur_per_yr": hi, "net_benefit_lost_sunk_fresh_low_eur_per_yr": lo,
                         "net_benefit_lost_sunk_fresh_figure": "" if hi != hi else EXACT if lo == hi else UPPER_BOUND}
        bar.update()
    bar.close()
    sys.stderr.flush()   # tqdm leaves its line's newline unflushed: the table would follow on that line
    df = pd.DataFrame(rows, columns=columns)
    order = df.sort_values(["objective_lost", "site_id"], ascending=[False, True], kind="stable",
                           na_position="first").index.to_numpy()
    df = df.iloc[order].reset_index(drop=True)
    df.attrs = out.attrs
    if langs:
        df.attrs["said"] = {g: pd.DataFrame([said[i][g] for i in order], columns=list(SAID_COLUMNS)) for g in langs}
    df.attrs["sunk_bounds"] = bounds
    if fresh:
        df.attrs["fresh_differs"] = differs(df, base.summary["objective"], scen.params.solver.mip_gap)
        df.attrs["mip_gap"] = scen.params.solver.mip_gap
    return df


