"""A siting's plots as nodes of the shared networks (`eitflow site` with `networks:`).

A placement's site `a@q` is not a place of the territory and exists only while placed; its plot
is, in the siting's model of every candidate placement and in the plan of the placed ones alike.
So the plots are the networks' nodes (generated corridors reach those where an activity using
the network may go; corridors.csv may end at any), a placed activity's flows connect at its
plot, and the model and the plan have the same network (`candidates.network`)."""

from __future__ import annotations

import numpy as np

from eitflow.candidates.netattach import connectable
from eitflow.scenario import Scenario, allowed_matrix

__all__ = ["flow_node", "flow_nodes", "is_siting", "plot_points"]


def is_siting(scen: Scenario) -> bool:
    """Whether `scen` is a siting's model (`candidates.placements.expand_placements`) or its plan
    (`results.placements.placed_scenario`): its plots are network nodes, the same in both."""
    return scen.placements is not None and scen.siting is not None and "placement" in scen.flows


def flow_nodes(scen: Scenario, site_of: np.ndarray) -> np.ndarray:
    """Per flow, the place where it joins a network: its site, or a placed activity's plot (a
    placement's site `a@q` is not a place of the territory; its plot is, in the siting's model
    and in its plan alike, so both have the same network)."""
    if not is_siting(scen):
        return site_of
    fp = scen.column("flows", "placement").astype(np.int64)
    at = fp >= 0
    out = site_of.copy()
    out[at] = scen.placements["plot_id"].to_numpy(object)[fp[at]]   # type: ignore[index]
    return out


def flow_node(scen: Scenario, k: int) -> str:
    """`flow_nodes` of the one flow `k` (a sentence about one flow: no column read whole)."""
    sid = str(scen.flows["site_id"].iat[k])
    if not is_siting(scen):
        return sid
    p = int(scen.flows["placement"].iat[k])
    return sid if p < 0 else str(scen.placements["plot_id"].iat[p])   # type: ignore[index]


def plot_points(scen: Scenario, r: str) -> list[str]:
    """The plots where an activity with a flow the `r` network could connect may go (a supply
    of `r`, a demand `r` feeds: a steam network feeds a greenhouse's heat; `allowed_matrix`), in
    plots.csv's order: generation points of `r`'s network, from the siting alone (the same for
    the model of every candidate placement and for the plan of the placed ones; a steam network
    generated over the heat demands of all Fos's candidate placements and of the placed ones
    only had 4 and 2 corridors, and the plan's figures crashed)."""
    st = scen.siting
    assert st is not None
    f = st.flows
    sup, dem = connectable(f["direction"].to_numpy() == "supply", f["resource"].to_numpy(), r, scen.catalogue)
    has_r = st.activities["activity_id"].isin(f.loc[sup | dem, "activity_id"]).to_numpy()
    may = allowed_matrix(st)["candidate"][has_r].any(axis=0)
    return st.plots["plot_id"].to_numpy(object)[may].tolist()
