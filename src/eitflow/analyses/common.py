"""Decision support over one scenario: trade-offs, alternatives, resilience, explanations,
zones, and the comparison of two runs. Each analysis is a function returning tidy pandas
DataFrames (the click commands are in `eitflow.cli.analyses`). This module holds what
the analyses share.

Units everywhere: money in EUR (investment) or EUR/yr (benefit, fixed costs), CO2 in
tCO2/yr, amounts in each resource's base unit per year (the `unit` column says which),
distances in km (great-circle unless a column says `route`).

Every re-solve goes through `pipeline.optimise` with the same candidates and, where the
analysis needs it, extra `model.LinearConstraint` rows (epsilon-constraint, no-good cuts,
dependence caps). Rows over all links couple the components of the candidate graph, so
those solves are monolithic: the Pareto front and k-best are meant for a business park
or an agglomeration (a few thousand candidate links), not a national run.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

import eitflow.i18n as i18n
from eitflow.candidates.generate import Candidates
from eitflow.candidates.objectives import both_objective_candidates, link_keys, with_objective  # noqa: F401 (the analyses' names)
from eitflow.model.arrays import LinearConstraint
from eitflow.model.build import objective_coefficients
from eitflow.results.result import Result
from eitflow.scenario import Scenario

EPS_REL = 1e-7  # relative slack on epsilon rows, so a point at an optimum's own value stays feasible


def subset_candidates(cand: Candidates, keep: np.ndarray) -> Candidates:
    """Candidates restricted to the links where `keep` is True (flow positions unchanged)."""
    # dataclasses.replace keeps every other field: a shared network's nodes and corridors stay
    # (its connections are links, kept or left out like any other)
    return dataclasses.replace(cand, links=cand.links[np.asarray(keep, bool)].reset_index(drop=True))


def objective_row(scen: Scenario, cand: Candidates, lo: float = -np.inf, name: str = "objective") -> LinearConstraint:
    """The row lo <= a plan's objective over its links (EUR/yr under net_benefit, tCO2/yr under
    co2): each link's value (or CO2) per unit x flow, less its fixed cost where it has one, and
    what a CO2 hub on a CO2 network passes straight through (the ``hub_pass`` columns at their
    objective coefficient, `model.netpass`: 9.372 EUR/t at 80 EUR/MWh, 0.052 tCO2/MWh and 100
    EUR/tCO2). Without that refund a plan trucking 100,000 t/yr through such a hub read 937,200
    EUR/yr less than its own objective, and `alternatives`' floor left out plans within it.
    Hubs', supplies' and corridors' costs are left out (a relaxation: the row never cuts a plan
    whose objective is at least `lo`)."""
    cx, fy = objective_coefficients(cand, scen)
    return LinearConstraint(cx, -fy if np.any(fy != 0) else None, lo=lo, name=name, hub_pass="objective")


def corridor_twins(cand: Candidates) -> np.ndarray:
    """Per candidate corridor (`Network.corridors`, by position): the position of the first
    corridor identical to it, itself when none is before it. Twins are one trench listed twice
    (corridors.csv may: `validate` warns "both of which may be built"): the same resource and
    places (either order when both ways, with no size of one way), the same length, flags and
    figures, and the same sizes with the same costs, losses and capacities. A plan over one
    twin is the same network as the plan over the other: the analyses that compare plans count
    the trenches built per set of twins, not by id (`alternatives`, `resilience`)."""
    net = cand.network
    if net is None:
        return np.zeros(0, np.int64)
    ca, oa = net.corridor_arrays, net.option_arrays
    n = len(ca["corridor"])
    o_cor = np.asarray(oa["corridor"], np.int64)
    o_cols = [k for k in oa if k not in ("option", "corridor")]
    ways = np.asarray(oa["way"], np.int64) if "way" in oa else np.full(len(o_cor), -1, np.int64)
    skip = {"corridor", "corridor_id", "a", "b", "direction", "generated", "great_circle_km", "component"}
    c_cols = [k for k in ca if k not in skip]
    order = np.argsort(o_cor, kind="stable")
    cuts = np.searchsorted(o_cor[order], np.arange(n + 1))   # corridor c's options: order[cuts[c]:cuts[c + 1]]
    seen: dict[tuple, int] = {}
    out = np.arange(n, dtype=np.int64)
    for c in range(n):
        a, b, d = int(ca["a"][c]), int(ca["b"][c]), str(ca["direction"][c])
        mine = order[cuts[c]:cuts[c + 1]]
        ends = (min(a, b), max(a, b), d) if d == "both" and np.all(ways[mine] < 0) else (a, b, d)
        opts = tuple(sorted(tuple(repr(oa[k][i]) for k in o_cols) for i in mine))
        key = (ends, tuple(repr(ca[k][c]) for k in c_cols), opts)
        out[c] = seen.setdefault(key, c)
    return out


TOTAL_COLUMNS = ["net_benefit_eur_per_yr", "co2_avoided_t_per_yr", "investment_eur", "n_links"]


def totals_row(res: Result, links: np.ndarray | None = None) -> dict:
    """Net benefit (EUR/yr), CO2 avoided (tCO2/yr), investment (EUR) and number of chosen
    links of a result, read from `res.statistics.totals` (built hubs and supplies included;
    over the links where `links` is True and what they touch, all when None); NaN without
    a solution."""
    t = res.statistics.totals(links)
    return {k: (float(t[k]) if k != "n_links" or np.isnan(t[k]) else int(t[k])) for k in TOTAL_COLUMNS}


def _has_solution(res: Result) -> bool:
    return res.summary["objective"] is not None


def link_labels(scen: Scenario, cand: Candidates, lang: str = "en") -> np.ndarray:
    """One readable label per candidate link: 'SRC:flow -> SINK:flow (resource, mode)'; in
    English with the catalogue's keys (heat, pipe), in another language with the resource's
    and the mode's names ('chaleur, canalisation'), as the other cells of its tables."""
    lk = cand.links
    fid = np.append(scen.flows["flow_id"].to_numpy().astype(object), "hub")  # position -1: a hub leg's end
    s, d = lk["supply"].to_numpy(np.int64), lk["demand"].to_numpy(np.int64)
    res = _what(lk, lang)
    src = lk["source_site"].to_numpy().astype(str).astype(object) + np.where(s >= 0, ":", "") + np.where(s >= 0, fid[s], "")
    snk = lk["sink_site"].to_numpy().astype(str).astype(object) + np.where(d >= 0, ":", "") + np.where(d >= 0, fid[d], "")
    if "kind" in lk:   # a hub's leg keeps its ":hub"; a network's end is the network alone ("network:heat")
        hub = lk["kind"].isin(["to_hub", "from_hub"]).to_numpy()
        src = np.where(hub & (s < 0), src + ":hub", src)
        snk = np.where(hub & (d < 0), snk + ":hub", snk)
    else:
        src, snk = np.where(s < 0, src + ":hub", src), np.where(d < 0, snk + ":hub", snk)
    if lang != "en":   # a network's end by its name ("réseau de chaleur", not "network:heat")
        from eitflow.candidates.network import network_of

        def said(end: str) -> str:
            r = network_of(end)
            return end if r is None else i18n.network_label(r, lang)
        src, snk = [np.array([said(e) for e in v], dtype=object) for v in (src, snk)]
    return np.array([f"{a} -> {b} ({r})" for a, b, r in zip(src, snk, res)], dtype=object)


def _what(lk: pd.DataFrame, lang: str, named: bool = False) -> np.ndarray:
    """Per candidate link, what it carries and how: 'heat, pipe' in English (the catalogue's
    keys), 'chaleur, canalisation' in another language; 'a → b' where it turns one resource
    into another (`i18n.resource_pair`, every view's rule: it read 'vapeur>chaleur' here alone).
    `named`: by the resources' and modes' names in every language, English too ('FGD gypsum →
    gypsum', where the keys read 'fgd_gypsum → gypsum'), as people read a label."""
    rs, rd = lk["supply_resource"].to_numpy().astype(str), lk["demand_resource"].to_numpy().astype(str)
    names = named or lang != "en"
    # `i18n.resource_name`, the one naming of a resource in every table and language; once per pair
    said = {p: i18n.resource_pair(p[0], p[1], lang, names) for p in set(zip(rs, rd))}
    res = np.array([said[p] for p in zip(rs, rd)], dtype=object)
    if "mode" in lk:  # several transport modes may link the same flows
        mode = lk["mode"].astype(object).where(lk["mode"].notna(), "").astype(str).to_numpy().astype(object)
        if names:
            mode = np.array([i18n.text(f"mode_{m}", lang) if i18n.has_text(f"mode_{m}") else m for m in mode],
                            dtype=object)
        res = np.where(mode != "", res + ", " + mode, res)
    return res


def named_link_labels(scen: Scenario, cand: Candidates, lang: str = "en") -> np.ndarray:
    """One label per candidate link as people read it, in `lang`: its ends by name (sites.csv,
    hubs.csv `name`; a network by its name, "Réseau de chaleur") and what it carries,
    'SAM Neuves-Maisons (aciérie) → Réseau de chaleur : chaleur, réseau'. Where two links
    would read the same (a site with two flows of one resource), their flow ids are added
    in brackets, so each label still names one link."""
    from eitflow.results.names import scenario_names

    lk = cand.links
    a, b = lk["source_site"].astype(str).to_numpy(), lk["sink_site"].astype(str).to_numpy()
    names = scenario_names(scen, lang, {*a, *b})
    what = _what(lk, lang, named=True)   # by names in English too (it read 'steam>heat', French 'vapeur>chaleur': now 'vapeur → chaleur')
    na = [names.get(x, x) for x in a]
    nb = [names.get(x, x) for x in b]
    out = pd.Series([i18n.text("alt_link", lang, a=x, b=y, what=w) for x, y, w in zip(na, nb, what)])
    twice = out.duplicated(keep=False).to_numpy()
    if twice.any():   # a network's or a hub's end has no flow of its own (position -1)
        fid = scen.flows["flow_id"].to_numpy().astype(str)
        s, d = lk["supply"].to_numpy(np.int64), lk["demand"].to_numpy(np.int64)
        for i in np.flatnonzero(twice):
            x = na[i] + (f" [{fid[s[i]]}]" if s[i] >= 0 else "")
            y = nb[i] + (f" [{fid[d[i]]}]" if d[i] >= 0 else "")
            out.iat[i] = i18n.text("alt_link", lang, a=x, b=y, what=what[i])
    return out.to_numpy(dtype=object)


def named_flows(scen: Scenario, lang: str = "en") -> np.ndarray:
    """Per flow of `scen.flows` (by position), its site as people read it: the site's name
    (`results.names.scenario_names`, as `named_link_labels` names a link's ends; its code where
    sites.csv has no name). Where the site has another flow of the same resource (a supply and
    a demand of heat, two heat supplies), the flow id is added in brackets, as
    `named_link_labels` tells two such links apart ("Aciérie [heat_hot]"): a sentence then
    says "Aciérie [heat_hot] : chaleur ..." for one flow and never reads the same for two. The
    rule is over the whole scenario, so a flow reads the same in every row of a table."""
    from eitflow.results.names import scenario_names

    f = scen.flows
    site, res = f["site_id"].astype(str), f["resource"].astype(str)
    names = scenario_names(scen, lang)
    twice = pd.DataFrame({"s": site, "r": res}).duplicated(keep=False).to_numpy()
    fid = f["flow_id"].astype(str).to_numpy()
    return np.array([names.get(s, s) + (f" [{i}]" if t else "") for s, i, t in zip(site, fid, twice)], dtype=object)
