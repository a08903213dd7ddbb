"""A flow a shared network could take more of, held back by existing pipes that are full: a
network of pipes already in the ground (`existing: true`, no build decision) whose pipes into
a demand's place (out of a supply's) carry their whole capacity. unmatched.csv said of such a
town '1 viable partner with amount left, but no further exchange raises the objective (fixed
costs not covered by the volume left, or a better use elsewhere)', though nothing could be
built and heat was left over: the pipes are the limit. `analyses.explain` and unmatched.csv
say it alike (`network_pipes_full`)."""

from __future__ import annotations

import numpy as np

from eitflow.candidates.generate import Candidates
from eitflow.candidates.nettables import Network
from eitflow.i18n import Net, Phrase, Unit
from eitflow.ids import said_site
from eitflow.scenario import Scenario
from eitflow.solve.status import Solution

__all__ = ["network_pipes_full"]

FULL_TOL = 1e-6   # relative: a pipe carrying this close to its yearly capacity is full
NAMED = 3   # pipes named in a sentence; the others counted


def network_pipes_full(scen: Scenario, cand: Candidates, sol: Solution, flows: np.ndarray) -> dict[int, Phrase]:
    """Of `flows` (positions in scen.flows), those connected to a shared network whose every
    corridor into the connection's place (a demand's; out of it, a supply's) is an existing
    pipe carrying its whole yearly capacity (rated x load factor, both ways together, every
    period at capacity), with the sentence saying it: no more can reach (leave) the place, and
    no candidate corridor there could add a pipe.

    Parameters
    ----------
    scen, cand, sol : the scenario, its candidates and the solution (arc flows, base units/yr).
    flows : the flows asked about.

    Returns
    -------
    dict: flow position -> Phrase; flows not held back so are absent.
    """
    net = cand.network
    lk = cand.links
    if net is None or sol.arc_flow is None or sol.objective is None or "kind" not in lk or not len(flows):
        return {}
    from eitflow.results.network import arc_flows

    kind = lk["kind"].to_numpy().astype(str)
    s, d = lk["supply"].to_numpy(np.int64), lk["demand"].to_numpy(np.int64)
    nn = lk["net_node"].to_numpy(np.int64)
    c = net.corridor_arrays
    f_ab, f_ba, _ = arc_flows(cand, sol)
    # rated (base units/yr): corridors.csv's capacity, or an existing pipe's size (its one option)
    rated = np.asarray(c["capacity"], float).copy()
    o = net.option_arrays
    by_size = np.full(len(rated), np.nan)
    np.fmax.at(by_size, np.asarray(o["corridor"], np.int64), np.asarray(o["capacity"], float))
    rated = np.where(np.isfinite(rated), rated, by_size)
    cap = rated * np.asarray(c["load_factor"], float)   # what it carries in a year at most
    full = np.asarray(c["existing"], bool) & np.isfinite(cap) & (f_ab + f_ba >= cap * (1 - FULL_TOL))
    arcs = net.arc_arrays
    a_cor, tail, head = (np.asarray(arcs[x], np.int64) for x in ("corridor", "tail", "head"))
    out: dict[int, Phrase] = {}
    for k in (int(v) for v in flows):
        is_sup = scen.flows["direction"].iat[k] == "supply"
        legs = np.flatnonzero((kind == ("to_net" if is_sup else "from_net")) & ((s if is_sup else d) == k) & (nn >= 0))
        if not len(legs):
            continue
        nodes = np.unique(nn[legs])
        cors = np.unique(a_cor[np.isin(tail if is_sup else head, nodes)])
        if not len(cors) or not full[cors].all():
            continue
        r = str(lk["supply_resource"].iat[int(legs[0])])
        out[k] = Phrase("um_net_pipes_full_supply" if is_sup else "um_net_pipes_full_demand", net=Net(r),
                        site=said_site(scen.sites, scen.flows["site_id"].iat[k]), pipes=_pipes(scen, net, r, cors, rated))
    return out


def _pipes(scen: Scenario, net: Network, r: str, cors: np.ndarray, rated: np.ndarray) -> Phrase:
    """The pipes `cors` (corridor positions), each with its rated capacity (the catalogue's
    capacity unit, MW for heat) and what it carries in a year at the load factor (base
    units/yr); the first `NAMED`, then how many more."""
    from eitflow.units import conversion_factor

    c = net.corridor_arrays
    spec = scen.catalogue[r]
    assert spec.network is not None   # a resource with a shared network has its network block
    cu, base = spec.network.capacity_unit, spec.base_unit
    factor = conversion_factor(cu, base)
    lf = np.asarray(c["load_factor"], float)
    items = [Phrase("um_net_pipe", id=str(c["corridor_id"][i]), rated=float(rated[i]) / factor, cu=Unit(cu),
                    yearly=float(rated[i] * lf[i]), unit=Unit(base), lf=float(lf[i])) for i in cors[:NAMED]]
    said: Phrase = items[0]
    for it in items[1:]:
        said = Phrase("ex_net_names2", first=said, rest=it)
    return said if len(cors) <= NAMED else Phrase("ex_net_and_more", list=said, n=len(cors) - NAMED)
