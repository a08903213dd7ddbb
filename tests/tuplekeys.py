"""The union of both objectives' candidates and the co2 plan's switches over it as they were
before `candidates.objectives.link_codes`: links matched by Python tuples (`link_keys`) in sets
and a dict. The reference `tests/test_union_keys.py` checks the integer codes against, and the
"before" side of `benchmarks/co2_union_build.py`."""
from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from eitflow.candidates.generate import Candidates
from eitflow.candidates.objectives import link_keys


def union_by_tuples(a: Candidates, b: Candidates) -> Candidates:
    """both_objective_candidates as it was (tuples and sets), given both objectives' candidates."""
    have = set(link_keys(a.links))
    add = b.links[np.array([key not in have for key in link_keys(b.links)], bool)]
    parts = [p for p in (a.links, add) if len(p)]
    links = (pd.concat(parts, ignore_index=True) if parts else a.links)
    if len(links):
        links = links.sort_values(["supply", "demand"], kind="stable").reset_index(drop=True)
    kept = set(zip(links["supply"].to_numpy(np.int64), links["demand"].to_numpy(np.int64)))
    dr = a.dropped
    dropped = dr[np.array([(s, d) not in kept for s, d in zip(dr["supply"].to_numpy(np.int64),
                                                              dr["demand"].to_numpy(np.int64))], bool)]
    return dataclasses.replace(a, links=links, dropped=dropped.reset_index(drop=True), pruned_for=None)


def built_by_tuples(over: Candidates, cand: Candidates, built: np.ndarray) -> np.ndarray:
    """plan_over's switches as they were: a dict of keys to positions (the last wins)."""
    at = {k: i for i, k in enumerate(link_keys(over.links))}
    out = np.zeros(len(over.links), bool)
    keys = link_keys(cand.links)
    out[[at[keys[i]] for i in np.flatnonzero(built)]] = True
    return out


def point_plans_by_tuples(runs: list) -> list:
    """analyses.pareto's plans of its points as they were: {link_keys tuple: flow}, corridors."""
    out = []
    for r in runs:
        if r.summary["objective"] is None:
            out.append(None)
            continue
        keys = link_keys(r.candidates.links)
        flow = r.solution.flow
        cor = r.statistics.corridors()
        built = frozenset(zip(cor["corridor_id"].astype(str), cor["size"].astype(str))) if len(cor) else frozenset()
        out.append(({keys[a]: float(flow[a]) for a in np.flatnonzero(flow > 0)}, built))
    return out


def closure_keys_by_tuples(scen, cand) -> list[tuple]:
    """analyses.closure's keys of a scenario's candidate links as they were (Python tuples by ids)."""
    lk = cand.links
    fid = np.append(scen.flows["flow_id"].astype(str).to_numpy(), "")
    hub = np.append(scen.hubs["hub_id"].astype(str).to_numpy() if scen.hubs is not None else [], "")
    node = np.append(cand.network.nodes["node_id"].astype(str).to_numpy() if cand.network is not None else [], "")
    col = lambda c: lk[c].to_numpy(np.int64) if c in lk else np.full(len(lk), -1)  # noqa: E731
    pump = np.isfinite(lk["heat_pump_cop"].to_numpy(float)) if "heat_pump_cop" in lk else np.zeros(len(lk), bool)
    return list(zip(lk["source_site"].astype(str), lk["sink_site"].astype(str), fid[col("supply")],
                    fid[col("demand")], lk["kind"].astype(str) if "kind" in lk else [""] * len(lk),
                    lk["mode"].astype(str) if "mode" in lk else [""] * len(lk), pump, hub[col("hub")],
                    node[col("net_node")]))


def carried_by_tuples(old: list[tuple], plan: np.ndarray, new: list[tuple]) -> np.ndarray:
    """analyses.closure.carried's link switches as they were: a count per key, matched in order."""
    free: dict[tuple, int] = {}
    for j, k in enumerate(old):
        free[k] = free.get(k, 0) + int(plan[j])
    out = np.zeros(len(new), bool)
    for j, k in enumerate(new):
        if free.get(k, 0) > 0:
            out[j], free[k] = True, free[k] - 1
    return out
