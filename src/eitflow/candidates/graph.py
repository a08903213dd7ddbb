"""The candidate exchanges as a networkx MultiDiGraph: sites and hubs as nodes, candidate links
as edges carrying every link field."""

from __future__ import annotations

import networkx as nx

from eitflow.candidates.generate import Candidates
from eitflow.scenario import Scenario


def candidate_graph(scen: Scenario, cand: Candidates) -> nx.MultiDiGraph:
    """The territory as a networkx graph, for network analysis or drawing.

    Parameters
    ----------
    scen : Scenario
    cand : Candidates
        Built for `scen` (`eitflow.build_candidates`, or a result's `candidates`).

    Returns
    -------
    networkx.MultiDiGraph
        A node per site (and hub) id with name, lat and lon (degrees), sector and zone (hubs:
        kind "hub"); an edge source -> sink per candidate link with every column of
        `cand.links` (distance_km, value_eur_per_unit, fixed_eur_per_yr, co2_t_per_unit, ...).

    Raises
    ------
    TypeError
        `cand` is not `Candidates`.
    """
    from eitflow.candidates.generate import Candidates

    if not isinstance(cand, Candidates):
        raise TypeError(f"cand: expected Candidates from eitflow.build_candidates (found {type(cand).__name__})")
    g = nx.MultiDiGraph()
    for row in scen.sites.itertuples(index=False):
        g.add_node(row.site_id, name=row.name, lat=row.lat, lon=row.lon, sector=row.sector, zone=row.zone)
    if scen.hubs is not None:
        for row in scen.hubs.itertuples(index=False):
            g.add_node(row.hub_id, name=row.name, lat=row.lat, lon=row.lon, kind="hub", zone=row.zone)
    for rec in cand.links.to_dict("records"):
        g.add_edge(rec["source_site"], rec["sink_site"], **rec)
    return g


