"""The pieces of one round of directed-cut separation (`solve.netcuts`): the maximum-flow
graph of the round, refilled per node (`Graph`), and the cut rows read off a node set
(`Rows`). Made once a separation and read by every node's flow and row: a matrix made,
subtracted, transposed and checked by scipy per flow, and each row's `np.isin` over every
option and connection, took 67 s of the 40-town region's 300 s (2026-12-07, cProfile).
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import breadth_first_order

__all__ = ["CAP", "SCALE", "Graph", "Rows", "arc_ways", "ways"]

SCALE = 10**6          # max-flow capacities are integers: a cut's flow value scaled to this
CAP = 4 * SCALE        # a capacity above the withdrawal (SCALE) is as good as infinite


class Graph:
    """The max-flow graph of one round: arcs, then a super-source sigma joined to every node;
    parallel arcs merged, CSR pattern computed once and refilled per node. Built once a round
    and read by every node's maximum flow: a matrix made, subtracted, transposed and checked
    by scipy per flow cost 2 ms a flow on a town of 2,600 arcs, five times the flow itself."""

    def __init__(self, tail: np.ndarray, head: np.ndarray, n_nodes: int):
        self.n = n = n_nodes + 1
        rows = np.concatenate([tail, np.full(n_nodes, n_nodes)])
        cols = np.concatenate([head, np.arange(n_nodes)])
        key = rows.astype(np.int64) * n + cols
        uk, self.edge = np.unique(key, return_inverse=True)
        self.indices = (uk % n).astype(np.int32)
        self.indptr = np.searchsorted(uk // n, np.arange(n + 1)).astype(np.int32)
        self.m = len(uk)
        self.G = sp.csr_matrix((np.zeros(self.m, np.int32), self.indices, self.indptr), shape=(n, n))
        # the residual graph's pattern: every arc and its reverse (scipy's flow has this
        # pattern, sorted); where each arc's capacity lies in it; the transpose's order
        pk = np.unique(np.concatenate([uk, (uk % n) * n + uk // n]))
        self.p_rows, self.p_cols = pk // n, (pk % n).astype(np.int32)
        self.p_indptr = np.searchsorted(self.p_rows, np.arange(n + 1)).astype(np.int32)
        self.p_of_edge = np.searchsorted(pk, uk)
        self.p_t = np.searchsorted(pk, (pk % n) * n + pk // n)

    def matrix(self, cap: np.ndarray) -> sp.csr_matrix:
        """The graph with capacities `cap` (arcs, then sigma's), each at most CAP: an arc that
        can carry the whole withdrawal never lies in a minimum cut below it, so the maximum
        flow's test, its minimum cuts and the nodes reaching k are those of the uncapped graph;
        and scipy's capacities are 32-bit integers (a larger one wrapped round)."""
        data = np.minimum(np.bincount(self.edge, weights=cap, minlength=self.m), CAP)
        self.G.data = data.astype(np.int32)
        return self.G

    def reaching(self, flow: sp.csr_matrix, k: int) -> np.ndarray:
        """The nodes from which `k` is reached in the residual graph of `flow` (a maximum
        flow of the last `matrix`), k included."""
        if flow.nnz == len(self.p_cols) and np.array_equal(flow.indices, self.p_cols) and \
                np.array_equal(flow.indptr, self.p_indptr):
            cap = np.zeros(len(self.p_cols), np.int64)
            cap[self.p_of_edge] = self.G.data
            resid_t = (cap - flow.data)[self.p_t] > 0          # residual of (v, u), at (u, v)
            keep = np.flatnonzero(resid_t)
            back = sp.csr_matrix((np.ones(len(keep), np.int8), self.p_cols[keep],
                                  np.searchsorted(keep, self.p_indptr).astype(np.int32)), shape=(self.n, self.n))
        else:   # another pattern (another scipy): the residual by sparse algebra
            resid = self.G - flow
            resid.data = (resid.data > 0).astype(np.int8)
            resid.eliminate_zeros()
            back = resid.T.tocsr()
        return breadth_first_order(back, k, directed=True, return_predecessors=False)


def ways(nb) -> np.ndarray:
    """Per option, the way it carries (-1: either; `NetBlock.opt_way`)."""
    return nb.opt_way if len(nb.opt_way) == len(nb.options) else np.full(len(nb.options), -1, np.int64)


def arc_ways(nb) -> np.ndarray:
    """Per arc, its way (0: a -> b, 1: b -> a; `NetBlock.a_way`)."""
    return nb.a_way if len(nb.a_way) == len(nb.arcs) else np.zeros(len(nb.arcs), np.int64)


class Rows:
    """What the cut rows of one separation (one LP point, one direction, period `t`) read,
    made once: each row then gathers its arcs' switches by corridor and its nodes' columns by a
    node mask. A row looked them up by `np.isin` over every option and connection before:
    0.4 ms a row, 21 s of the 40-town region's 300 s."""

    def __init__(self, nb, opt_cols: np.ndarray, reverse: bool, t: int = 0, way_cols: np.ndarray | None = None):
        self.nb, self.opt_cols, self.reverse, self.t, self.way_cols = nb, opt_cols, reverse, t, way_cols
        self.ow, self.aw = ways(nb), arc_ways(nb)
        nC = int(nb.a_corridor.max()) + 1 if len(nb.a_corridor) else 0
        self.by_corridor = np.argsort(nb.opt_corridor, kind="stable")        # options, corridor by corridor
        self.first = np.searchsorted(nb.opt_corridor[self.by_corridor], np.arange(nC + 1))

    def row(self, cut: np.ndarray, usey: np.ndarray, D: float, inside: np.ndarray, k: int
            ) -> tuple[np.ndarray, np.ndarray]:
        """The cut through arcs `cut` around the nodes `inside` (a mask over the nodes) of node
        k, as (columns, coefficients) of a row >= 0 (see the module docstring)."""
        nb, t = self.nb, self.t
        cols, vals = [], []
        xc = cut[~usey[cut]]
        cols.append(nb.arc_col0 + xc * nb.periods + t)
        vals.append(np.ones(len(xc)) if self.reverse else nb.a_yield[xc])
        yc = cut[usey[cut]]
        if len(yc):
            # the switches of each cut arc's corridor that carry its way (a corridor has one
            # arc in a cut); an arc with a way column in the period (`solve.netway`): its way's
            # sizes and that column, which stands for the sizes carrying either way
            wy = np.full(len(yc), -1, np.int64) if self.way_cols is None else self.way_cols[yc, t]
            c = nb.a_corridor[yc]
            lo, n = self.first[c], self.first[c + 1] - self.first[c]
            arc = np.repeat(np.arange(len(yc)), n)
            opt = self.by_corridor[np.repeat(lo - np.cumsum(n) + n, n) + np.arange(int(n.sum()))]
            ow = self.ow[opt]
            sel = opt[((ow < 0) & (wy[arc] < 0)) | (ow == self.aw[yc][arc])]
            cols.append(np.concatenate([self.opt_cols[sel], wy[wy >= 0]]))
            vals.append(np.full(len(sel) + int((wy >= 0).sum()), D))
        if self.reverse:
            m = inside[nb.wd_node]
            cols.append(nb.wd_cols[m] + t)
            vals.append(np.ones(int(m.sum())))
            if len(nb.options):
                for end in (nb.opt_end_a, nb.opt_end_b):
                    mo = inside[end]
                    cols.append(self.opt_cols[mo])
                    vals.append(nb.loss_t[mo, t] / 2)
                    ml = mo[nb.lin]        # linear sizing: the loss per unit of capacity K
                    cols.append(nb.k_col0 + np.flatnonzero(ml))
                    vals.append(nb.k_loss_t[ml, t] / 2)
            m = nb.inj_node == k
            cols.append(nb.inj_cols[m] + t)
            vals.append(-nb.inj_coef[m])
        else:
            m = inside[nb.inj_node]
            cols.append(nb.inj_cols[m] + t)
            vals.append(nb.inj_coef[m])
            m = nb.wd_node == k
            cols.append(nb.wd_cols[m] + t)
            vals.append(-np.ones(int(m.sum())))
        c_ = np.concatenate(cols)
        v_ = np.concatenate(vals)
        uc, inv = np.unique(c_, return_inverse=True)
        uv = np.bincount(inv, weights=v_, minlength=len(uc))
        keep = uv != 0
        return uc[keep], uv[keep]
