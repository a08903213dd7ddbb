"""Candidates under either objective: the same scenario with another objective, and the union
of the links each objective's pruning keeps (an epsilon-constraint point, or the co2
objective's money stage `solve.lexico`, may need a link that loses money but avoids CO2)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from eitflow.candidates.generate import Candidates, build_candidates
from eitflow.scenario import Scenario


def with_objective(scen: Scenario, objective: str) -> Scenario:
    """The same scenario (tables shared, not copied) with another objective."""
    return dataclasses.replace(scen, params=scen.params.model_copy(update={"objective": objective}))


def link_keys(links: pd.DataFrame) -> list[tuple]:
    """What identifies a candidate link: its ends, its transport mode, hub and network node
    where present, and its heat pump's COP (one pair may have a direct pipe for the heat hot
    enough and a pipe through a heat pump for the rest, and a ranged supply two connections to
    a network node, its bands: with the same ends and mode, only the COP tells them apart)."""
    cols = [c for c in ("supply", "demand", "mode", "kind", "hub", "hub_node", "net_node") if c in links]
    if not len(links):
        return []
    cop = links["heat_pump_cop"].to_numpy(float).round(9).astype(str) if "heat_pump_cop" in links \
        else np.full(len(links), "nan")
    return list(zip(*(links[c].astype(str).to_numpy() for c in cols), cop))


def both_objective_candidates(scen: Scenario, net_benefit: Candidates | None = None,
                              co2: Candidates | None = None) -> Candidates:
    """Candidate links valid for both objectives: the union of the links kept under the
    net-benefit pruning (v M - F > 0) and the CO2 pruning (CO2 per unit > 0).

    An epsilon-constraint point may need a link that loses money but avoids CO2, which the
    net-benefit candidates drop; coefficients do not depend on the objective, so the union
    is a valid candidate set for either objective. `net_benefit`, `co2`: each objective's
    candidates if already built.
    """
    a = build_candidates(with_objective(scen, "net_benefit")) if net_benefit is None else net_benefit
    b = build_candidates(with_objective(scen, "co2")) if co2 is None else co2
    have = set(link_keys(a.links))
    # a boolean array, not a list: `df[[]]` of an empty frame selects no columns
    add = b.links[np.array([key not in have for key in link_keys(b.links)], bool)]
    parts = [p for p in (a.links, add) if len(p)]
    links = (pd.concat(parts, ignore_index=True) if parts else a.links)
    if len(links):
        links = links.sort_values(["supply", "demand"], kind="stable").reset_index(drop=True)
    kept = set(zip(links["supply"].to_numpy(np.int64), links["demand"].to_numpy(np.int64)))
    dr = a.dropped
    dropped = dr[np.array([(s, d) not in kept for s, d in zip(dr["supply"].to_numpy(np.int64),
                                                              dr["demand"].to_numpy(np.int64))], bool)].reset_index(drop=True)
    # the network's nodes and corridors do not depend on the objective: a's (its connections
    # are in the union like any other link)
    return dataclasses.replace(a, links=links, dropped=dropped, pruned_for=None)
