"""The withdrawals each node of a network can reach along its arcs' directions: the flow bounds
of a network with one-way corridors (`model.network`).

A flow with no circulation (an optimal solution without one exists where a circulation only
costs: `model.network`'s docstring) is a sum of paths from injecting to withdrawing nodes, so
an arc tail -> head carries no more than the withdrawals of the nodes reachable from its head.
On a network whose corridors all carry both ways that is its connected part, which the
bridges' bounds (`candidates.bridges`) already cover; with one-way corridors (FCNetLib's, a
heat main laid `direction: forward`) it can be far less. The injections from which the tail
can be reached bound it too, but were not taken: measured on FCNetLib's textbook model (HiGHS
1.16, CPU ms of its run, medians of 7, load 3-5), the withdrawals alone took sp80x160 from
14.4 to 8.3 ms, l61x114 18.0 to 11.8, l121x232 121 to 76, sp150x300d 54 to 44, with HiGHS's
presolved model never larger than the textbook's; both sides took sp150x300b 50 to 27 but
left sp50x100, sp90x250, sp90x180, sp150x300d and sp100x200 with 1-3 rows more after presolve
(the injections alone: l61x114 and l121x232 unchanged).
"""

from __future__ import annotations

import numpy as np

__all__ = ["has_cycle", "reachable_withdrawals", "strong_components"]

# plain Python over lists, as `candidates.bridges`: tens to thousands of arcs, where scipy's
# csgraph costs 0.1-0.2 ms a call in conversions and checks alone (FCNetLib's sp50x100 solves
# in 3 ms)


def strong_components(n_nodes: int, tail: np.ndarray, head: np.ndarray) -> tuple[int, np.ndarray]:
    """(number of components, component per node) of the directed graph with arcs tail -> head,
    numbered in a topological order of the condensation: an arc between two components goes
    from the lower number to the higher. Tarjan's algorithm, iterative (no recursion limit),
    linear time; it finds the components in reverse topological order."""
    n = int(n_nodes)
    out: list[list[int]] = [[] for _ in range(n)]
    for t, h in zip(np.asarray(tail, np.int64).tolist(), np.asarray(head, np.int64).tolist()):
        out[t].append(h)
    index = [-1] * n
    low = [0] * n
    comp = [-1] * n
    on = [False] * n
    stack: list[int] = []
    found = k = 0
    for root in range(n):
        if index[root] >= 0:
            continue
        index[root] = low[root] = k
        k += 1
        stack.append(root)
        on[root] = True
        work = [(root, iter(out[root]))]
        while work:
            v, it = work[-1]
            for w in it:
                if index[w] < 0:         # a tree arc: go down
                    index[w] = low[w] = k
                    k += 1
                    stack.append(w)
                    on[w] = True
                    work.append((w, iter(out[w])))
                    break
                if on[w] and index[w] < low[v]:
                    low[v] = index[w]
            else:                          # v done: back up to its parent
                work.pop()
                if work and low[v] < low[work[-1][0]]:
                    low[work[-1][0]] = low[v]
                if low[v] == index[v]:     # v roots a component: it is what the stack holds above v
                    while True:
                        w = stack.pop()
                        on[w] = False
                        comp[w] = found
                        if w == v:
                            break
                    found += 1
    return found, found - 1 - np.array(comp, np.int64).reshape(n)


def has_cycle(n_nodes: int, tail: np.ndarray, head: np.ndarray) -> bool:
    """Whether the directed graph with arcs tail -> head (nodes 0..n_nodes-1) has a directed
    cycle: two arcs a -> b and b -> a, parallel or not, and an arc a -> a are cycles; two
    arcs a -> b are not. Kahn's peeling: a node left once no arc enters it is on no cycle
    and its arcs go with it; a cycle is what never peels. Linear time."""
    n = int(n_nodes)
    tl, hl = np.asarray(tail, np.int64).tolist(), np.asarray(head, np.int64).tolist()
    into = [0] * n
    out: list[list[int]] = [[] for _ in range(n)]
    for t, h in zip(tl, hl):
        out[t].append(h)
        into[h] += 1
    free = [v for v in range(n) if not into[v]]
    peeled = 0
    while free:
        v = free.pop()
        peeled += 1
        for w in out[v]:
            into[w] -= 1
            if not into[w]:
                free.append(w)
    return peeled < n


def reachable_withdrawals(n_nodes: int, tail: np.ndarray, head: np.ndarray, wd: np.ndarray) -> np.ndarray | None:
    """Per node and period, the withdrawals it can reach along the arcs tail -> head (its own
    included); None where every arc's reverse is an arc too (the sums are then those of the
    node's connected part, which the caller has).

    Parameters
    ----------
    n_nodes : int
        Number of nodes (positions 0..n_nodes-1).
    tail, head : np.ndarray
        The arcs' ends (node positions).
    wd : np.ndarray
        Per node and period (nodes x T): the most that can be withdrawn there (network units
        per period, e.g. MWh per month or t/yr).

    Returns
    -------
    np.ndarray (nodes x T) or None
        Row v: the sum of `wd` over the nodes v can reach, each node once.
    """
    n = int(n_nodes)
    tail, head = np.asarray(tail, np.int64), np.asarray(head, np.int64)
    code = np.sort(tail * n + head)
    rev = head * n + tail
    if not len(code) or bool(np.all(code[np.minimum(np.searchsorted(code, rev), len(code) - 1)] == rev)):
        return None
    nc, comp = strong_components(n, tail, head)
    ct, ch = comp[tail], comp[head]
    cross = ct != ch          # the condensation's arcs, ct < ch
    ct, ch = ct[cross], ch[cross]
    wd = np.asarray(wd, float).reshape(n, -1)
    # the withdrawing nodes a component reaches, as a bit mask (a Python int: a node reached
    # along two paths counts once), from the last component in topological order to the first
    src = np.flatnonzero(wd.any(axis=1))
    bits = [0] * nc
    for j, c in enumerate(comp[src].tolist()):
        bits[c] |= 1 << j
    order = np.argsort(-ct, kind="stable")
    for t, h in zip(ct[order].tolist(), ch[order].tolist()):
        bits[t] |= bits[h]
    nb = max((len(src) + 7) // 8, 1)
    mask = np.unpackbits(np.frombuffer(b"".join(b.to_bytes(nb, "little") for b in bits), np.uint8).reshape(nc, nb),
                         axis=1, bitorder="little")[:, :len(src)]
    return (mask @ wd[src])[comp]
