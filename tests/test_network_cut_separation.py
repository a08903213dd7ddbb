"""Issue #15, the directed cuts' separation (`solve.netcuts`, `solve.netcutrows`): a cut is
reported only where the LP point violates it. Before, a maximum-flow capacity scaled past
2^31 (a pipe carrying 3 units/yr into a node that withdraws 0.001 in the LP: 3 x 10^6 /
0.001 = 3 x 10^9) was handed to scipy as a 64-bit integer, which cast it to 32 bits: the
capacity wrapped round to a negative number, the flow found was 0, and a cut the point
satisfies was added (a row the LP did not need, and up to two more beyond it)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import eitflow
from eitflow.candidates.generate import build_candidates
from eitflow.model.build import build_arrays
from eitflow.solve.netcuts import VIOLATION, _cut_rows


def _line() -> tuple:
    """S (a supply of 30,000 MWh/yr) - A - B (demands of 20,000 MWh/yr each), two corridors
    of 1 km, discrete sizes."""
    sites = pd.DataFrame({"site_id": list("SAB"), "lat": [48.0, 48.009, 48.018], "lon": [2.0, 2.0, 2.0]})
    flows = pd.DataFrame({"flow_id": ["s", "a", "b"], "site_id": list("SAB"),
                          "direction": ["supply", "demand", "demand"], "resource": "heat",
                          "amount": [30000.0, 20000.0, 20000.0], "unit": "MWh/yr",
                          "temperature_c": [100.0, 60.0, 60.0], "price_eur_per_unit": [0.0, 50.0, 50.0]})
    corridors = pd.DataFrame({"corridor_id": ["sa", "ab"], "resource": "heat", "from": ["S", "A"],
                              "to": ["A", "B"], "length_km": 1.0})
    scen = eitflow.scenario_from_frames(
        sites, flows, corridors=corridors, carbon_price_eur_per_t=0.0, discount_rate=0.05, lifetime_years=20.0,
        max_distance_km={"heat": 0.01}, networks={"heat": {"temperature_c": 80.0}})
    cand = build_candidates(scen)
    arr = build_arrays(scen, cand)
    return arr, list(np.asarray(cand.network.node_arrays["node_id"], object)[arr.network.nodes])   # local node -> site


def _point(arr, ids: list, inj_s: float, wd_a: float, x_sa: float, y_sa: float) -> tuple[np.ndarray, int]:
    """An LP point: S injects `inj_s`, A withdraws `wd_a`, arc S -> A carries `x_sa` and the
    largest size of corridor sa is built to `y_sa`; A's node."""
    nb = arr.network
    z = np.zeros(arr.shape[1])
    s, a = ids.index("S"), ids.index("A")
    z[nb.inj_cols[nb.inj_node == s]] = inj_s / nb.inj_coef[nb.inj_node == s]
    z[nb.wd_cols[nb.wd_node == a]] = wd_a
    arc = int(np.flatnonzero((nb.a_tail == s) & (nb.a_head == a))[0])
    z[nb.arc_col0 + arc * nb.periods] = x_sa
    sa = nb.a_corridor[arc]
    opts = np.flatnonzero(nb.opt_corridor == sa)
    z[nb.opt_col0 + opts[np.argmax(nb.capacity_t[opts, 0])]] = y_sa
    return z, a


@pytest.mark.parametrize("max_flow_nodes", [None, 60])
def test_a_violated_cut_behind_a_wide_pipe_is_found(max_flow_nodes):
    """A withdraws 0.001 MWh/yr and S injects 0.0005; the arc S -> A carries 3 MWh/yr with its
    largest size built (D y = 20,000 > 3: the cut counts that arc by its flow). At most 0.0005
    reaches A: the set {S, A} is cut off from the rest (B -> A unbuilt, y = 0), so the row
    20,000 y_ab (ab's sizes) + S's injection - A's withdrawal >= 0 is violated by 0.0005 - 0.001.
    Before, the arc's scaled capacity, 3 x 10^9 (between 2^31 and 2^32), wrapped to a negative
    32-bit number in scipy, the maximum flow came out 0, the residual graph (64-bit) then joined
    the source to A, and the violated cut was not reported."""
    arr, ids = _line()
    nb = arr.network
    z, a = _point(arr, ids, 0.0005, 0.001, 3.0, 1.0)
    assert 2**31 < 3.0 * nb.a_yield.min() * 1e9 < 2**32    # the case: wraps to a negative int32
    rows = _cut_rows(arr, z, False, max_flow_nodes)
    assert rows, "the violated cut around {S, A} was missed"
    cols, vals = rows[0]
    s = ids.index("S")
    ab = nb.a_corridor[np.flatnonzero((nb.a_tail == ids.index("B")) & (nb.a_head == a))[0]]
    want = {**{int(c): 20000.0 for c in nb.opt_col0 + np.flatnonzero(nb.opt_corridor == ab)},
            **{int(c): float(k) for c, k in zip(nb.inj_cols[nb.inj_node == s], nb.inj_coef[nb.inj_node == s])},
            **{int(c): -1.0 for c in nb.wd_cols[nb.wd_node == a]}}
    assert dict(zip(cols.tolist(), vals.tolist())) == pytest.approx(want)
    assert float(vals @ z[cols]) == pytest.approx(0.0005 - 0.001)


def _min_cut(arr, ids: list, z: np.ndarray, a: int) -> float:
    """By brute force over the node sets around A (A in, every subset of the others): the
    least of what can enter the set (each arc into it at min-capacity: D y where D y <= its
    flow, else its flow; D = A's largest withdrawal) plus the injections inside it."""
    nb = arr.network
    D = float(nb.wd_max[a, 0])
    x = nb.a_yield * z[nb.arc_col0 + np.arange(len(nb.a_tail)) * nb.periods]
    y = np.array([z[nb.opt_col0 + np.flatnonzero(nb.opt_corridor == c)].sum() for c in nb.a_corridor])
    cap = np.where(D * y <= x + 1e-12, D * y, x)
    inj = np.zeros(len(ids))
    np.add.at(inj, nb.inj_node, nb.inj_coef * z[nb.inj_cols])
    others = [n for n in range(len(ids)) if n != a]
    best = np.inf
    for mask in range(2 ** len(others)):
        inside = {a} | {n for i, n in enumerate(others) if mask >> i & 1}
        into = sum(cap[e] for e in range(len(cap)) if nb.a_tail[e] not in inside and nb.a_head[e] in inside)
        best = min(best, into + sum(inj[n] for n in inside))
    return best


@pytest.mark.parametrize("seed", range(4))
def test_a_cut_is_reported_exactly_where_the_point_is_cut_off(seed):
    """Random LP points on the line (A's withdrawal from 10^-4 to 10^4 MWh/yr, every arc's
    flow and S's injection from 10^-4 to 10^4, sizes built 0 to 1: scaled capacities up to
    10^14): a cut around A is reported if and only if the brute-force minimum cut is below A's
    withdrawal by more than VIOLATION (points within 2 % of that line are not asked); every row
    reported is violated at the point."""
    arr, ids = _line()
    nb = arr.network
    rng = np.random.default_rng(seed)
    asked = found = 0
    for _ in range(40):
        wd = 10.0 ** rng.uniform(-4, 4)
        z, a = _point(arr, ids, 10.0 ** rng.uniform(-4, 4), wd, 10.0 ** rng.uniform(-4, 4), rng.uniform(0, 1))
        z[nb.arc_col0 + np.arange(len(nb.a_tail)) * nb.periods] = 10.0 ** rng.uniform(-4, 4, len(nb.a_tail))
        z[nb.opt_col0 + np.arange(len(nb.opt_corridor))] *= rng.uniform(0, 1)
        cut = _min_cut(arr, ids, z, a)
        if abs(cut - wd * (1 - VIOLATION)) < 0.02 * wd:
            continue
        asked += 1
        rows = _cut_rows(arr, z, False, None)
        assert bool(rows) == (cut < wd * (1 - VIOLATION)), (wd, cut)
        found += bool(rows)
        for cols, vals in rows:
            assert float(vals @ z[cols]) < 0.0
    assert asked > 20 and 0 < found < asked      # both answers occur


@pytest.mark.parametrize("seed", range(5))
def test_the_nodes_reaching_k_in_the_residual_graph(seed):
    """`Graph.reaching` against networkx on the residual graph worked out edge by edge
    (capacity minus flow, both ways of every arc), on random graphs with parallel arcs and a
    maximum flow from the super-source: the same node set from scipy's flow as returned (the
    fast path: its pattern is every arc and its reverse) and from that flow with its zeros
    dropped (another pattern: the sparse-algebra path)."""
    import networkx as nx
    from scipy.sparse.csgraph import maximum_flow

    from eitflow.solve.netcutrows import Graph

    rng = np.random.default_rng(seed)
    n = 12
    tail, head = rng.integers(0, n, 40), rng.integers(0, n, 40)
    keep = tail != head
    tail, head = tail[keep], head[keep]
    g = Graph(tail, head, n)
    k = int(head[0])
    G = g.matrix(np.concatenate([rng.integers(0, 5, len(tail)) * 1.0, rng.integers(0, 3, n) * 1.0]))
    flow = maximum_flow(G, n, k).flow
    D, F = G.toarray().astype(np.int64), flow.toarray().astype(np.int64)
    R = nx.DiGraph()
    R.add_nodes_from(range(n + 1))
    R.add_edges_from((u, v) for u in range(n + 1) for v in range(n + 1) if u != v and D[u, v] - F[u, v] > 0)
    want = set(nx.ancestors(R, k)) | {k}
    assert set(g.reaching(flow, k).tolist()) == want
    pruned = flow.copy()
    pruned.eliminate_zeros()
    if pruned.nnz != flow.nnz:
        assert set(g.reaching(pruned, k).tolist()) == want
