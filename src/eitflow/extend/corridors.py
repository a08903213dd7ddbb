"""The PuLP variables of each shared-network corridor of a problem from `eitflow.pulp_problem`
(`corridor_variables`), as `link_variables` gives a link's: to forbid or force a pipe, or cap
what a corridor carries, without reading eitflow's column blocks (``prob._eitflow_model``)::

    cv = eitflow.corridor_variables(prob)                   # one row per corridor of the model
    prob += cv.at["north_1", "built"] == 0, "no_north_1"    # forbid a pipe
    prob += cv.at["trunk_1", "flow"] <= 5_000, "cap_trunk"  # MWh/yr, both ways, the whole year
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

__all__ = ["CORRIDOR_COLUMNS", "corridor_variables"]

#: the columns of `corridor_variables`, in order (index: corridor_id)
CORRIDOR_COLUMNS = ["resource", "from", "to", "direction", "existing", "length_km", "sizing", "unit", "sizes",
                    "built", "capacity", "flow_ab", "flow_ba", "flow"]
#: a linear size's way (`Network.options`' way: -1 either way, 0 a -> b, 1 b -> a) as its name's suffix
_WAY = {-1: "", 0: "_ab", 1: "_ba"}


def corridor_variables(prob: Any) -> pd.DataFrame:
    """The PuLP variables of each network corridor of a problem from `pulp_problem`.

    Parameters
    ----------
    prob : pulp.LpProblem
        From `pulp_problem` (else ValueError).

    Returns
    -------
    DataFrame
        One row per corridor of the model (index: its corridor_id as corridors.csv or eitflow
        named it; a corridor of a network no candidate link reaches is not in the model, nor
        in the frame), in `Network.corridors` order: resource, from, to (node ids: a site, hub
        or junction), direction (both | forward), existing, length_km (km), sizing (the
        network's: discrete | linear | classes; "existing" for an existing pipe, which has no
        size to choose), unit (the network's base unit, MWh/yr for heat); ``sizes``, a dict of the
        corridor's size switches (binary) by size name (a catalogue size, "DN80"; with linear
        sizing "linear", or "linear_ab" and "linear_ba" for a size carrying one way), those
        the model keeps (a size that cannot matter is dropped, `model.network`); ``built``,
        the sum of the switches (`pulp.LpAffineExpression`, 0 or 1: at most one size a
        corridor), ``== 0`` forbids the pipe, ``== 1`` commits it; ``capacity``, its rated
        capacity (`pulp.LpAffineExpression`, unit/yr: each size's capacity x its switch, or
        with linear sizing the capacity columns); ``flow_ab`` and ``flow_ba``, the flow
        variables sent from -> to and to -> from, one per period (a list of T: 1 in a yearly
        model, 12 with monthly profiles; the unit's amount in that period; ``flow_ba`` empty
        for a one-way corridor); ``flow``, their sum over both ways and the periods
        (`pulp.LpAffineExpression`, unit/yr: what corridors.csv's ``flow`` reports). ``built``
        is None for an existing pipe that loses no heat (always in service: no switch), and its
        ``capacity`` a number, its rated capacity (unit/yr, corridors.csv's ``capacity``); an
        existing pipe that loses heat has one switch (in service or not), named after what its
        loss is from (its size, or "measured"), and its capacity times that switch.
    """
    import pulp

    from eitflow.extend.stopped import model_of as _model

    model = _model(prob, "corridor_variables")
    arr, cand, scen = model["arrays"], model["candidates"], model["scenario"]
    nb, net = arr.network, cand.network
    if nb is None or net is None:
        return pd.DataFrame(columns=CORRIDOR_COLUMNS, index=pd.Index([], name="corridor_id"))
    allv = prob._eitflow_vars
    T = nb.periods
    cor, opt, arcs, nodes = net.corridor_arrays, net.option_arrays, net.arc_arrays, net.node_arrays
    a_cor = np.asarray(arcs["corridor"], np.int64)[nb.arcs]
    mine = np.unique(a_cor)            # the model's corridors, global positions in order
    at = {int(c): k for k, c in enumerate(mine)}
    n = len(mine)
    ab: list[list] = [[] for _ in range(n)]
    ba: list[list] = [[] for _ in range(n)]
    ends_a = np.asarray(cor["a"], np.int64)
    for i, (arc, c) in enumerate(zip(nb.arcs, a_cor)):
        vs = allv[nb.arc_col0 + i * T: nb.arc_col0 + (i + 1) * T]
        # the arc's way from its tail: a two-way corridor has one arc each way
        (ab if int(np.asarray(arcs["tail"])[arc]) == ends_a[c] else ba)[at[int(c)]].extend(vs)
    sizes: list[dict] = [{} for _ in range(n)]
    cap_terms: list[list] = [[] for _ in range(n)]
    lin_at = {int(j): k for k, j in enumerate(nb.lin)}   # option (of the model) -> its capacity column
    for j, o in enumerate(nb.options):
        k = at[int(opt["corridor"][o])]
        way = int(opt["way"][o]) if "way" in opt else -1
        y = allv[nb.opt_col0 + j]
        sizes[k][f"{opt['size'][o]}{_WAY[way]}"] = y
        # rated capacity (unit/yr): a linear size's is its column K (0 unless built), a catalogue size's K y
        cap_terms[k].append((allv[nb.k_col0 + lin_at[j]], 1.0) if j in lin_at else (y, float(opt["capacity"][o])))
    node_id = np.asarray(nodes["node_id"], object)
    cat = scen.catalogue
    res = np.asarray(cor["resource"], object)[mine]
    existing = np.asarray(cor["existing"], bool)[mine]
    capacity = np.asarray(cor["capacity"], float)[mine]   # unit/yr; inf for a new corridor (its sizes say it)
    out = pd.DataFrame({
        "resource": res, "from": node_id[ends_a[mine]], "to": node_id[np.asarray(cor["b"], np.int64)[mine]],
        "direction": np.asarray(cor["direction"], object)[mine], "existing": existing,
        "length_km": np.asarray(cor["length_km"], float)[mine],
        # an existing pipe's sizing is not the network's: it has no size to choose (it said "discrete")
        "sizing": ["existing" if e else net.sizing.get(r, "discrete") for r, e in zip(res, existing)],
        "unit": [cat[r].base_unit for r in res],
        "sizes": sizes,
        "built": [pulp.LpAffineExpression([(v, 1.0) for v in s.values()]) if s else None for s in sizes],
        # without a switch, an existing pipe's capacity is a number (unit/yr): it said None
        "capacity": [pulp.LpAffineExpression(t) if t else float(c) for t, c in zip(cap_terms, capacity)],
        "flow_ab": ab, "flow_ba": ba,
        "flow": [pulp.LpAffineExpression([(v, 1.0) for v in f + b]) for f, b in zip(ab, ba)],
    }, index=pd.Index(np.asarray(cor["corridor_id"], object)[mine], name="corridor_id"))
    return out
