"""Does a linearly sized network still pay at the catalogue's pipe sizes?

Linear sizing (`networks.<resource>.sizing: linear`, or `auto` above 15 candidate corridors)
prices a corridor on one straight line through the catalogue's sizes, and a corridor is
charged, once built, the size above what it carries. On Hotmaps' Grand Est with a generated
heat network the run said its network added 1.81 M EUR/yr over point-to-point links; at
catalogue prices the same plan was 0.50 M EUR/yr worse than them (`benchmarks/HISTORY.md`,
"Linear sizing's line"). The report states the catalogue price, not whether the network pays
at it. This analysis answers that with three plans of the same scenario:

1. the run itself (its networks' sizing: linear, discrete, or both), its objective as the model prices it and with every built
   corridor at the catalogue size that carries it (corridors.csv's catalogue_* columns): the
   scenario solved again on those corridors, each built with that one size (before, the solve
   could leave out one no longer paying at its size, and priced a smaller plan as the run's:
   `tests/test_sizes_run_plan.py`), so that the plan loses
   the heat those sizes lose (the line loses less: 27.1 W/m where a DN125 loses 35.1) and
   pumps what they carry; before 2026-12-06 only the pipes' prices were swapped, and a plan
   whose lost heat has a price read better than the best plan at catalogue sizes (2);
2. the best plan with the catalogue's discrete sizes on the corridors the run builds (each
   may be built or not, with any size; existing pipes stay; links and hubs as in the run):
   exact prices, and a plan at least as good at them as the run's, up to the solver's gap;
3. the best plan with no new corridor (existing pipes stay): point-to-point links and hubs.

Objectives in the scenario's unit (EUR/yr for net benefit, tCO2/yr for CO2); the network's
annual cost in EUR/yr (annuity, O&M and pumping).
"""

from __future__ import annotations

import dataclasses
import time

import numpy as np
import pandas as pd

from eitflow.candidates.generate import build_candidates
from eitflow.candidates.network import LINEAR_SIZINGS, network_resources
from eitflow.model.arrays import LinearConstraint
from eitflow.pipeline import optimise
from eitflow.results.result import Result
from eitflow.scenario import NetworkOptions, Scenario

__all__ = ["AT_RUN_MAX_CORRIDORS", "SIZES_COLUMNS", "NoNetworkError", "catalogue_sizes", "note_plan_at_catalogue"]


class NoNetworkError(ValueError):
    """The scenario has no shared network to size: the one error `eitflow sizes` says as
    'no shared network to size' (a ValueError, as it was; any other is not that)."""

SIZES_COLUMNS = ["plan", "sizing", "status", "gap", "corridors_built", "network_cost_eur_per_yr",
                 "network_cost_at_catalogue_eur_per_yr", "objective", "objective_at_catalogue", "objective_unit"]

#: what the three rows are (`plan`)
PLANS = ("run", "catalogue_sizes", "no_new_corridor")


def _corridor_row(cid: str, resource: str, a: str, b: str, length_km: float, size: str = "") -> dict:
    """A corridors.csv row (the validated table's columns) for a corridor eitflow generated."""
    return {"corridor_id": cid, "resource": resource, "from": a, "to": b, "length_km": float(length_km),
            "direction": "both", "existing": False, "capacity": np.nan, "size": size, "investment_eur": np.nan,
            "fixed_cost_eur_per_yr": np.nan, "var_cost_eur_per_unit": np.nan, "row": 0}


def _with_corridors(scen: Scenario, keep: set[str], built: pd.DataFrame | None,
                    sizes: dict[str, str] | None = None) -> Scenario:
    """`scen` with only the corridors of corridors.csv named in `keep` and the existing ones,
    plus `built`'s generated corridors (as given corridors of their built length), nothing
    generated, and every network sized with the catalogue's discrete sizes; `sizes` (corridor
    id -> a catalogue size) holds those corridors to that one size (corridors.csv's `size`)."""
    sizes = sizes or {}
    given = scen.corridors
    parts = []
    if given is not None and len(given):
        ids = given["corridor_id"].astype(str)
        mine = given[ids.isin(keep) | given["existing"].astype(bool)]
        if sizes:
            mine = mine.copy()
            at = mine["corridor_id"].astype(str).map(sizes)
            mine.loc[at.notna(), "size"] = at[at.notna()]
        parts.append(mine)
    if built is not None and len(built):
        gen = built[built["generated"].astype(bool)]
        if len(gen):
            cols = parts[0].columns if parts else None
            rows = pd.DataFrame([_corridor_row(str(r["corridor_id"]), str(r["resource"]), str(r["from"]), str(r["to"]),
                                               r["length_km"], sizes.get(str(r["corridor_id"]), ""))
                                 for r in gen.to_dict("records")])
            parts.append(rows if cols is None else rows.reindex(columns=cols))
    corridors = pd.concat(parts, ignore_index=True) if parts else None
    if corridors is not None and given is not None:
        corridors = corridors.astype(given.dtypes.to_dict())
    nets = {r: (scen.params.networks.get(r) or NetworkOptions()).model_copy(update={"generate": "none",
                                                                                  "sizing": "discrete"})
            for r in network_resources(scen)}
    return dataclasses.replace(scen, corridors=corridors if corridors is not None and len(corridors) else None,
                               params=scen.params.model_copy(update={"networks": nets}))


def _network_cost(res: Result) -> float:
    """A plan's networks' annual cost (EUR/yr, pumping included), as summary.json states it."""
    nets = ((res.summary.get("networks") or {}).get("by_resource")) or {}
    return float(sum(float(nw.get("annual_cost_eur_per_yr") or 0.0) for nw in nets.values()))


def _row(plan: str, res: Result, unit: str, at: Result | None = None) -> dict:
    """One plan's row: its networks' figures as summary.json states them (corridors built, annual
    cost with pumping), and at catalogue sizes those of `at`, the plan solved again with its
    corridors at those sizes (`_at_catalogue`; None: the plan is at catalogue prices already)."""
    nets = ((res.summary.get("networks") or {}).get("by_resource")) or {}
    # the sizing of the networks it builds on (none: no new corridor to size)
    sizing = "/".join(sorted({str(nw.get("sizing")) for nw in nets.values()})) or None if plan != PLANS[2] else None
    obj = res.objective
    cost = _network_cost(res)
    return {"plan": plan, "sizing": sizing, "status": str(res.status), "gap": res.gap,
            "corridors_built": int(sum(int(nw.get("corridors_built") or 0) for nw in nets.values())),
            "network_cost_eur_per_yr": cost,
            "network_cost_at_catalogue_eur_per_yr": cost if at is None else _network_cost(at),
            "objective": obj, "objective_at_catalogue": obj if at is None else at.objective,
            "objective_unit": unit}


def _built(res: Result) -> pd.DataFrame:
    """The corridors a plan builds (its statistics' corridors less the existing pipes: summary.json's)."""
    cor = res.statistics.corridors()
    return cor[~cor["existing"].astype(bool)] if len(cor) else cor


def _at_catalogue(scen: Scenario, res: Result, built: pd.DataFrame) -> Result | None:
    """The run's plan at the catalogue's sizes: the scenario solved on the corridors it builds,
    each built and held to the catalogue size that carries what it carries (corridors.csv's
    `catalogue_size`; a discretely sized one to its own size), existing pipes as they are.
    None where no built corridor is sized on a line (its figures are the catalogue's already).

    Swapping the pipes' prices alone kept the line's heat losses and the flows they need:
    the line loses less than the sizes it rounds to (hot water: 25.9 + 0.60 x MW W/m, 27.1 at
    2 MW, where a DN125 loses 35.1), so where heat has a price, or a heat pump lifts it in,
    the plan read better than the best one at catalogue sizes."""
    if not len(built) or "sizing" not in built or not built["sizing"].isin(LINEAR_SIZINGS).any():
        return None
    sized = built[built["sizing"].isin((*LINEAR_SIZINGS, "discrete"))]
    sizes = dict(zip(sized["corridor_id"].astype(str), sized["catalogue_size"].astype(str)))
    ids = set(built["corridor_id"].astype(str))
    at = _with_corridors(scen, ids, built, sizes)
    cand = build_candidates(at)
    # every corridor of the plan built (free, the re-solve left out those no longer paying at
    # their size, and the row priced a smaller plan under the run's name)
    cor = cand.network.corridors if cand.network is not None else None
    rows = []
    if cor is not None:
        must = cor["corridor_id"].astype(str).isin(ids).to_numpy() & ~cor["existing"].to_numpy(bool)
        for c in np.flatnonzero(must):
            coef = np.zeros(len(cor))
            coef[c] = 1.0
            rows.append(LinearConstraint(np.zeros(len(cand.links)), lo=1.0, name=f"built_{cor['corridor_id'].iat[c]}",
                                         corridor_coef=coef))
    return optimise(at, candidates=cand, extra=rows or None)


# `eitflow run` solves its plan at catalogue sizes (`_at_catalogue`) once, for the brief, up to
# this many corridors built on a line, within this share of the run's time limit: measured
# (synthetic towns, `bench.netsynth`, 2 shared cores) 0.15 s for 8 corridors, 0.21 s for 50,
# 0.75 s for 497 where the run took 0.4, 1.6 and 12.8 s. Above it (or not proven optimal in its
# time), summary.json says so and the brief names `eitflow sizes` instead of a figure.
AT_RUN_MAX_CORRIDORS = 500
AT_RUN_TIME_SHARE = 0.25


def note_plan_at_catalogue(scen: Scenario, res: Result, left_s: float | None = None) -> dict | None:
    """The run's plan at catalogue sizes (`_at_catalogue`, as `catalogue_sizes`' first row),
    kept in `res.summary["networks"]["plan_at_catalogue"]`: its net benefit and objective
    (None where not solved: more than AT_RUN_MAX_CORRIDORS corridors built on a line, or no
    proven optimum within AT_RUN_TIME_SHARE of the time limit), status and corridors. The
    brief states that net benefit: it subtracted the pipes' price difference alone, keeping
    the line's heat losses (145,765 EUR/yr where the plan at catalogue sizes is worth
    142,566.75, `eitflow sizes`' figure). None, and nothing kept, without such a corridor.
    `left_s`: the run's time left (s); the solve takes at most half of it."""
    nets = res.summary.get("networks")
    if res.objective is None or not nets or not any(
            nw.get("sizing") in LINEAR_SIZINGS for nw in (nets.get("by_resource") or {}).values()):
        return None
    built = _built(res)
    n = int(built["sizing"].isin(LINEAR_SIZINGS).sum()) if len(built) and "sizing" in built else 0
    if not n:
        return None
    out: dict = {"corridors_on_a_line": n, "limit": AT_RUN_MAX_CORRIDORS, "status": "not_solved",
                 "net_benefit_eur_per_yr": None, "objective": None}
    limit = scen.params.solver.time_limit_s * AT_RUN_TIME_SHARE
    limit = limit if left_s is None else min(limit, left_s / 2)
    if n <= AT_RUN_MAX_CORRIDORS and limit >= 1.0:
        solver = scen.params.solver.model_copy(update={"time_limit_s": limit})
        t = time.perf_counter()
        at = _at_catalogue(dataclasses.replace(scen, params=scen.params.model_copy(update={"solver": solver})), res, built)
        res.summary.setdefault("timings_s", {})["plan_at_catalogue"] = round(time.perf_counter() - t, 4)
        if at is not None:
            proven = str(at.status) == "optimal" and at.objective is not None
            out.update(status=str(at.status), objective=at.objective if proven else None,
                       net_benefit_eur_per_yr=(at.summary.get("totals") or {}).get("net_benefit_eur_per_yr") if proven else None,
                       network_cost_eur_per_yr=_network_cost(at))
    nets["plan_at_catalogue"] = out
    return out


def catalogue_sizes(scen: Scenario, run: Result | None = None) -> pd.DataFrame:
    """The run's plan, the best plan with catalogue sizes on its corridors, and the best with
    no new corridor (see the module docstring), each solved within the scenario's time limit.

    Parameters
    ----------
    scen : Scenario
        A scenario with a shared network (corridors.csv or `networks:`).
    run : Result, optional
        `pipeline.optimise(scen)` if already solved.

    Returns
    -------
    pandas.DataFrame
        One row per plan (`SIZES_COLUMNS`): status, gap, corridors built (new ones, as
        summary.json counts them), the networks' annual cost as the plan's model prices it and
        at catalogue sizes (EUR/yr, pumping included: summary.json's and the run's note's), the objective and the objective at catalogue sizes (the
        scenario's unit: EUR/yr, or tCO2/yr where prices do not matter).

    Raises
    ------
    NoNetworkError
        The scenario has no shared network (a ValueError).
    """
    if not network_resources(scen):
        raise NoNetworkError("catalogue_sizes: the scenario has no shared network (corridors.csv or networks:)")
    res = run if run is not None else optimise(scen)
    unit = "tCO2/yr" if scen.params.objective == "co2" else "EUR/yr"
    built = _built(res)
    rows = [_row(PLANS[0], res, unit, _at_catalogue(scen, res, built))]
    keep = set(built["corridor_id"].astype(str)) if len(built) else set()
    rows.append(_row(PLANS[1], optimise(_with_corridors(scen, keep, built)), unit))
    rows.append(_row(PLANS[2], optimise(_with_corridors(scen, set(), None)), unit))
    return pd.DataFrame(rows, columns=SIZES_COLUMNS)
