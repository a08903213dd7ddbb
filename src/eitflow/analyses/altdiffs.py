"""How a plan of `alternatives` differs from the optimum, in rows that add up: each exchange added,
removed or changed (kept in both plans with another amount or figure), each corridor added,
removed or changed (in both plans with another flow or annual cost), and where anything is left, one row of other changes, so that the rows' differences of
the net benefit after the shares (EUR/yr) add up to the plan's net benefit less the optimum's to
the cent, and their differences of the CO2 avoided after the shares (tCO2/yr) to its CO2 avoided
less the optimum's.

Every figure is `Statistics`' (`results.statistics`): an exchange's `links()` rows (amount sent,
`demand_amount` received, ``net_benefit_after_shares_eur_per_yr``,
``co2_avoided_after_shares_t_per_yr``: `results.shares`, what matches.csv, `compare` and the brief
say), a corridor's `corridors()` row, and the plans' `totals()`. Over a plan's exchanges the
figures after the shares add up to its totals, less only what was built with no exchange to bear
it (`results.shares`); that, and the changes too small to list, are the other changes.

Before 2026-12-07 the rows were the exchanges added and removed alone: zae_example's rank 1 listed
179,091 - 143,049 = +36,042 EUR/yr where its objective is 5,976 EUR/yr below the optimum's (the
shares of the exchanges kept in both moved by -42,018), and nothing said so.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from eitflow.candidates.generate import Candidates
from eitflow.results.result import Result
from eitflow.results.tables import REL_TOL
from eitflow.scenario import Scenario

#: the differences' columns: amounts sent in `unit` (the supply's base unit per year; a corridor's flow
#: in its resource's), and what the user receives in `demand_unit` (matches.csv's `demand_amount`:
#: a converted or lossy exchange's differs; none for a corridor); an exchange's figures after the
#: shares (`results.shares`, matches.csv's `net_benefit_after_shares_eur_per_yr`, what `compare`
#: and the brief say; 0 in a plan without it) in the optimum and the alternative, EUR/yr; a
#: corridor's annual cost (annuity, O&M, pumping; EUR/yr) in each, already borne by the network's
#: deliveries' figures, so a corridor's figure after the shares is 0; each row's part of the
#: difference between the plans (alternative less optimum): its net benefit after the shares
#: (EUR/yr) and its CO2 avoided after the shares (tCO2/yr), `compare`'s names. A plan's rows add up
#: to its totals less the optimum's (`reconcile`)
DIFF_COLUMNS = ["rank", "change", "link", "source_site", "sink_site", "supply_resource", "demand_resource",
                "amount_optimum", "amount_alternative", "unit", "demand_amount_optimum", "demand_amount_alternative",
                "demand_unit", "net_benefit_after_shares_optimum_eur_per_yr",
                "net_benefit_after_shares_alternative_eur_per_yr", "corridor_cost_optimum_eur_per_yr",
                "corridor_cost_alternative_eur_per_yr", "net_benefit_after_shares_delta_eur_per_yr",
                "co2_after_shares_delta_t_per_yr", "item"]
AFTER = "net_benefit_after_shares_eur_per_yr"
CO2_AFTER = "co2_avoided_after_shares_t_per_yr"
#: the totals the rows add up to, and the delta column that adds up to each (`reconcile`)
RECONCILED = {"net_benefit_eur_per_yr": "net_benefit_after_shares_delta_eur_per_yr",
              "co2_avoided_t_per_yr": "co2_after_shares_delta_t_per_yr"}
#: an exchange kept in both plans is listed as changed where its figure after the shares moves by
#: at least this much (EUR/yr, tCO2/yr: half the last digit the table shows, so a listed change never
#: reads 0), or what it sends or receives by more than the solver's noise (`REL_TOL`); smaller moves
#: are in the other changes
LISTED = {"net_benefit_after_shares_delta_eur_per_yr": 0.5, "co2_after_shares_delta_t_per_yr": 0.05}
#: the other changes' row is written where what is left is at least a cent (EUR/yr) or a kilogram
#: (tCO2/yr): below, the listed rows already add up to the difference at that precision
LEFT = {"net_benefit_after_shares_delta_eur_per_yr": 0.005, "co2_after_shares_delta_t_per_yr": 0.0005}


def link_figures(res: Result) -> pd.DataFrame:
    """Per candidate link with a row in `Statistics.links` (flow, or kept built without it), by its
    position in `candidates.links`: amount sent (supply base unit/yr), demand_amount received
    (demand base unit/yr), and its figures after the shares (EUR/yr, tCO2/yr), its rows added up."""
    lk = res.statistics.links()
    return lk.groupby("link")[["amount", "demand_amount", AFTER, CO2_AFTER]].sum()


def corridor_figures(res: Result) -> dict[str, tuple[float, float]]:
    """corridor id -> (flow, base units/yr; annual cost, pumping included, EUR/yr), from `Statistics.corridors`."""
    cor = res.statistics.corridors()
    return {str(i): (float(f), float(a)) for i, f, a in zip(cor["corridor_id"], cor["flow"], cor["annual_cost_eur_per_yr"])}


def corridor_labels(scen: Scenario, cand: Candidates, lang: str | None = None) -> tuple[np.ndarray, list[tuple]]:
    """Per candidate corridor: a label and (id, from, to, resource, base unit). The label by
    codes, 'corridor c1: A - B (heat)', with `lang` None; else in `lang` with its ends' names,
    'tronçon trunk_1 : SAM Neuves-Maisons (aciérie) – Neuves-Maisons (centre), chaleur' (the
    corridor's own id kept: corridors.csv gives it no name)."""
    net = cand.network
    if net is None:
        return np.zeros(0, object), []
    c, nodes = net.corridors, net.nodes["node_id"].to_numpy()
    rows = [(str(i), str(nodes[a]), str(nodes[b]), str(r), scen.catalogue[str(r)].base_unit)
            for i, a, b, r in zip(c["corridor_id"], c["a"].to_numpy(np.int64), c["b"].to_numpy(np.int64),
                                  c["resource"])]
    if lang is None:
        return np.array([f"corridor {i}: {a} - {b} ({r})" for i, a, b, r, _ in rows], object), rows
    import eitflow.i18n as i18n
    from eitflow.results.names import scenario_names

    names = scenario_names(scen, lang)
    return np.array([i18n.text("alt_corridor", lang, id=i, a=names.get(a, a), b=names.get(b, b),
                               res=i18n.resource_name(r, lang)) for i, a, b, r, _ in rows], object), rows


class Plans:
    """What the differences of every plan against the optimum read once: the candidates' labels
    and units, and the optimum's figures."""

    def __init__(self, scen: Scenario, cand: Candidates, optimum: Result, labels: np.ndarray, lang: str | None):
        lk = cand.links
        self.scen, self.lang, self.labels, self.optimum = scen, lang, labels, optimum
        self.cor_labels, self.cor_rows = corridor_labels(scen, cand, lang)
        self.ends = {c: lk[c].to_numpy() for c in ("source_site", "sink_site", "supply_resource", "demand_resource")}
        # the supply resource's base unit, as `Statistics.links` (a hub's or a network's leg has no
        # supply flow of its own to take it from), and the demand's
        self.unit = np.array([scen.catalogue[r].base_unit for r in lk["supply_resource"]], dtype=object)
        self.unit_d = np.array([scen.catalogue[r].base_unit for r in lk["demand_resource"]], dtype=object)
        self.links, self.cors = link_figures(optimum), corridor_figures(optimum)

    def differences(self, rank: int, res: Result, added: np.ndarray, removed: np.ndarray,
                    c_added: np.ndarray, c_removed: np.ndarray) -> list[dict]:
        """The rows of the plan `res` (rank `rank`): its links `added` and `removed` against the
        optimum, those kept in both whose figures moved ("changed"), its corridors added and
        removed (masks over `Network.corridors`) and those in both whose flow or cost moved
        ("changed"), and the other changes (`reconcile`)."""
        mine = link_figures(res)
        rows = [self._link_row(rank, change, a, mine) for change, idx in
                (("added", np.flatnonzero(added)), ("removed", np.flatnonzero(removed))) for a in idx]
        moved = self._changed(mine, set(np.flatnonzero(added | removed)))
        rows += [self._link_row(rank, "changed", a, mine) for a in moved]
        cors = corridor_figures(res)
        rows += [self._corridor_row(rank, change, c, cors) for change, idx in
                 (("added", np.flatnonzero(c_added)), ("removed", np.flatnonzero(c_removed))) for c in idx]
        rows += [self._corridor_row(rank, "changed", c, cors) for c in self._corridors_changed(cors, c_added | c_removed)]
        return rows + reconcile(rank, rows, self.optimum, res, self.lang)

    def _corridors_changed(self, cors: dict, listed: np.ndarray) -> list[int]:
        """The corridors in both plans (built, or an existing pipe in use) but not `listed` (added or
        removed) whose flow moved by more than the solver's noise (`REL_TOL`) or whose annual cost
        moved by `LISTED`'s half euro, the largest move of the flow first. ludres_backbone's rank 1
        sends no heat by trunk_1 and 12,514 MWh/yr less by the trunk it fed, and said only the
        first. Each row's part of the difference is 0, as an added corridor's: its cost is in its
        deliveries' figures after the shares (`results.shares`), counted once, there."""
        out = []
        for c, (cid, *_ends) in enumerate(self.cor_rows):
            if listed[c] or cid not in self.cors or cid not in cors:
                continue
            (f0, k0), (f1, k1) = self.cors[cid], cors[cid]
            if abs(f1 - f0) > REL_TOL * max(abs(f0), abs(f1), 1.0) or \
                    abs(k1 - k0) >= LISTED[RECONCILED["net_benefit_eur_per_yr"]]:
                out.append((-abs(f1 - f0), c))
        return [c for _, c in sorted(out)]

    def _changed(self, mine: pd.DataFrame, listed: set) -> list[int]:
        """The links kept in both plans (or built without flow in one) whose amount sent or received
        or figure after the shares moved (`LISTED`), the largest move of the net benefit first."""
        both = mine.index.union(self.links.index).difference(pd.Index(sorted(listed), dtype=mine.index.dtype))
        a, b = self.links.reindex(both).fillna(0.0), mine.reindex(both).fillna(0.0)
        d = b - a
        tol = REL_TOL * np.maximum(np.maximum(a[["amount", "demand_amount"]].abs(), b[["amount", "demand_amount"]].abs()), 1.0)
        moved = ((d[["amount", "demand_amount"]].abs() > tol).any(axis=1) | (d[AFTER].abs() >= LISTED[RECONCILED[
            "net_benefit_eur_per_yr"]]) | (d[CO2_AFTER].abs() >= LISTED[RECONCILED["co2_avoided_t_per_yr"]]))
        keep = d[moved]
        order = np.lexsort((keep.index.to_numpy(), -keep[AFTER].abs().to_numpy()))
        return [int(x) for x in keep.index.to_numpy()[order]]

    def _link_row(self, rank: int, change: str, a: int, mine: pd.DataFrame) -> dict:
        opt = self.links.loc[a] if a in self.links.index else None
        alt = mine.loc[a] if a in mine.index else None

        def fig(row, col: str) -> float:
            return 0.0 if row is None else float(row[col])

        return {"rank": rank, "change": change, "link": self.labels[a],
                **{c: v[a] for c, v in self.ends.items()},
                "amount_optimum": fig(opt, "amount"), "amount_alternative": fig(alt, "amount"), "unit": self.unit[a],
                "demand_amount_optimum": fig(opt, "demand_amount"), "demand_amount_alternative": fig(alt, "demand_amount"),
                "demand_unit": self.unit_d[a],
                "net_benefit_after_shares_optimum_eur_per_yr": fig(opt, AFTER),
                "net_benefit_after_shares_alternative_eur_per_yr": fig(alt, AFTER),
                "corridor_cost_optimum_eur_per_yr": np.nan, "corridor_cost_alternative_eur_per_yr": np.nan,
                "net_benefit_after_shares_delta_eur_per_yr": fig(alt, AFTER) - fig(opt, AFTER),
                "co2_after_shares_delta_t_per_yr": fig(alt, CO2_AFTER) - fig(opt, CO2_AFTER), "item": "link"}

    def _corridor_row(self, rank: int, change: str, c: int, cors: dict) -> dict:
        cid, a, b, rs, u = self.cor_rows[c]
        (f0, k0), (f1, k1) = self.cors.get(cid, (0.0, 0.0)), cors.get(cid, (0.0, 0.0))
        return {"rank": rank, "change": change, "link": self.cor_labels[c], "source_site": a, "sink_site": b,
                "supply_resource": rs, "demand_resource": rs, "amount_optimum": f0, "amount_alternative": f1,
                "unit": u,
                # a corridor is no exchange: its deliveries say what is received
                "demand_amount_optimum": np.nan, "demand_amount_alternative": np.nan, "demand_unit": None,
                # its cost is in the deliveries' figures after the shares: counted once, there
                "net_benefit_after_shares_optimum_eur_per_yr": 0.0,
                "net_benefit_after_shares_alternative_eur_per_yr": 0.0,
                "corridor_cost_optimum_eur_per_yr": k0, "corridor_cost_alternative_eur_per_yr": k1,
                "net_benefit_after_shares_delta_eur_per_yr": 0.0, "co2_after_shares_delta_t_per_yr": 0.0,
                "item": "corridor"}


def reconcile(rank: int, rows: list[dict], optimum: Result, res: Result, lang: str | None) -> list[dict]:
    """The other changes of the plan `res` against `optimum`: per total of `RECONCILED` (net benefit,
    EUR/yr; CO2 avoided, tCO2/yr; `Statistics.totals`), the plan's less the optimum's less what
    `rows` (its listed rows) already add up to. One row where either is at least `LEFT` (what was
    built with no exchange to bear it, and moves too small to list), none where the rows add up."""
    t0, t1 = optimum.statistics.totals(), res.statistics.totals()
    left = {col: float(t1[tot] - t0[tot]) - float(sum(r[col] for r in rows)) for tot, col in RECONCILED.items()}
    if all(abs(v) < LEFT[c] for c, v in left.items()):
        return []
    import eitflow.i18n as i18n

    blank = dict.fromkeys(DIFF_COLUMNS, np.nan)
    return [blank | {"rank": rank, "change": "other", "link": i18n.text("alt_other_changes", lang or "en"),
                     "source_site": None, "sink_site": None, "supply_resource": None, "demand_resource": None,
                     "unit": None, "demand_unit": None, **left, "item": "other"}]
