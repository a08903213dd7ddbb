"""Required-node cuts for shared networks: a node that must withdraw and cannot inject needs
one of its corridors built.

If a demand is required (its row's lower bound D > 0) and every link that can serve it is
a connection from one network node k, and nothing can enter the network at k, heat must
reach k through a corridor: some arc into k carries flow, so its corridor has a size built
(its capacity row ties the flow to the size binaries; a size that carries one way only, of
a linearly sized corridor, counts where it leads into k). Hence, when every corridor at k has
size options (none is an existing pipe, which needs no binary),

    sum_{o: sizes of the corridors at k} y_o >= 1                               (row ``net_req``)

holds in every integer solution. The LP relaxation alone opens a corridor only as far as its
flow needs (y = x / K); these rows, one per such node, make it open each at least once:
on the synthetic city of `bench.netsynth` (500 required buildings) they lift the root LP
bound from -5.02 to -6.27 MEUR/yr (500 rows).
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from eitflow.model.arrays import MilpArrays

__all__ = ["required_node_cuts", "required_nodes"]


def required_nodes(arr: MilpArrays) -> np.ndarray:
    """Local network nodes of `arr` that must receive heat through a built corridor (see the
    module docstring), sorted."""
    nb = arr.network
    if nb is None or "demand" not in arr.rows or not len(nb.wd_cols) or not len(nb.options):
        return np.zeros(0, np.int64)
    T = nb.periods
    x0 = arr.cols["x"].start
    # every x column (all periods) of a connection out of the network -> its node
    node_of_col = np.full(arr.shape[1], -1, np.int64)
    cols = x0 + (nb.wd_cols[:, None] + np.arange(T)[None, :])
    node_of_col[cols] = np.repeat(nb.wd_node, T).reshape(cols.shape)
    blk = arr.rows["demand"]
    D = arr.A[blk.start:blk.stop].tocsr()
    lo = arr.row_lo[blk.start:blk.stop]
    rows = np.repeat(np.arange(D.shape[0]), np.diff(D.indptr))
    nodes = node_of_col[D.indices]
    # a row is pinned to node k when all its columns are connections out of k
    first = np.full(D.shape[0], -2, np.int64)
    has = np.diff(D.indptr) > 0
    first[has] = nodes[D.indptr[:-1][has]]
    same = np.ones(D.shape[0], bool)
    np.logical_and.at(same, rows, nodes == first[rows])
    pinned = has & same & (first >= 0) & (lo > 0)
    cand = np.unique(first[pinned])
    # no injection there, and every corridor at the node has sizes
    cand = cand[~np.isin(cand, nb.inj_node)]
    with_opt = np.zeros(int(nb.a_corridor.max(initial=-1)) + 1, bool)
    with_opt[nb.opt_corridor] = True
    bare = np.unique(np.concatenate([nb.a_tail[~with_opt[nb.a_corridor]], nb.a_head[~with_opt[nb.a_corridor]]]))
    return np.sort(cand[~np.isin(cand, bare)])


def required_node_cuts(arr: MilpArrays) -> tuple[MilpArrays, int]:
    """`arr` with a ``net_req`` row per `required_nodes` node (none: `arr` itself), and how many."""
    req = required_nodes(arr)
    if not len(req):
        return arr, 0
    nb = arr.network
    assert nb is not None
    row = np.full(len(nb.nodes), -1, np.int64)
    row[req] = np.arange(len(req))
    o = np.arange(len(nb.options))
    # a size carrying one way only counts at the end it carries heat into (way 0: a -> b)
    way = nb.opt_way if len(nb.opt_way) == len(o) else np.full(len(o), -1)
    into_a, into_b = way != 0, way != 1
    pairs = np.column_stack([np.r_[row[nb.opt_end_a[into_a]], row[nb.opt_end_b[into_b]]], np.r_[o[into_a], o[into_b]]])
    pairs = np.unique(pairs[pairs[:, 0] >= 0], axis=0)     # a corridor's option counted once per node
    extra = sp.csr_matrix((np.ones(len(pairs)), (pairs[:, 0], nb.opt_col0 + pairs[:, 1])),
                          shape=(len(req), arr.shape[1]))
    return arr.with_rows("net_req", extra, np.ones(len(req)), np.full(len(req), np.inf),
                         [f"node_{int(k)}_required" for k in nb.nodes[req]], nb.nodes[req]), len(req)
