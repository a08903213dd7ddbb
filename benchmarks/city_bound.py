"""Where the synthetic city's gap is: its LP after rounds of directed cuts, split by column
block, against a network found by `eitflow.solve.driver.solve`; and the LP with multi-commodity
rows added for the m largest buildings (one flow f_k per building k from the sources: f_k on
arc a <= d_k x the switch of a's way, the sum of the f_k on a <= the arc's flow, the sum of
what they draw from a source <= its injection: valid for every network, since its flow splits
into paths from the sources to each building).

    python benchmarks/city_bound.py OUT.json [m ...]      # e.g. 0 20 (measured: README)

Slow: the cut rounds take about a minute, the LP with 20 commodities several (interior point).
"""

from __future__ import annotations

import json
import os
import sys
import time

import numpy as np
import scipy.sparse as sp

from eitflow.bench.netsynth import network_city
from eitflow.candidates.generate import build_candidates
from eitflow.model.arrays import COLUMN_BLOCKS, MilpArrays
from eitflow.model.build import build_arrays
from eitflow.solve.driver import solve
from eitflow.solve.highs import _passed
from eitflow.solve.netcuts import add_network_cuts


def parts(arr: MilpArrays, z: np.ndarray) -> dict[str, float]:
    """The objective by column block (EUR/yr)."""
    return {k: float(arr.c[arr.cols[k].slice] @ z[arr.cols[k].slice]) for k in COLUMN_BLOCKS if len(arr.cols[k])}


def with_commodities(arr: MilpArrays, m: int) -> tuple[sp.csr_matrix, np.ndarray, np.ndarray, np.ndarray, np.ndarray,
                                                        np.ndarray]:
    """(A, c, lb, ub, row_lo, row_hi) of `arr`'s LP with the commodity rows of its m largest
    withdrawals (one period, one switch per arc's way: linear sizing)."""
    nb = arr.network
    assert nb is not None and arr.periods == 1
    nA, nI, n0 = len(nb.arcs), len(nb.inj_cols), arr.shape[1]
    d = nb.wd_max[nb.wd_node, 0]
    big = np.argsort(-d)[:m]
    way = {(int(c), int(w)): i for i, (c, w) in enumerate(zip(nb.opt_corridor, nb.opt_way))}
    ycol = nb.opt_col0 + np.array([way[(int(c), int(w))] for c, w in zip(nb.a_corridor, nb.a_way)])
    R, C, V, lo, hi = [], [], [], [], []
    agg = [(np.arange(nA), nb.arc_col0 + np.arange(nA), -np.ones(nA))]
    inj = [(np.arange(nI), nb.inj_cols, -nb.inj_coef)]
    r = 0
    for j, k in enumerate(big):
        f0 = n0 + j * (nA + nI)
        g0 = f0 + nA
        # balance at every node: in - out + drawn from a source = withdrawal at k's node
        R += [nb.a_head + r, nb.a_tail + r, nb.inj_node + r, [nb.wd_node[k] + r]]
        C += [f0 + np.arange(nA), f0 + np.arange(nA), g0 + np.arange(nI), [nb.wd_cols[k]]]
        V += [np.ones(nA), -np.ones(nA), nb.inj_coef, [-1.0]]
        lo.append(np.zeros(len(nb.nodes)))
        hi.append(np.zeros(len(nb.nodes)))
        r += len(nb.nodes)
        # f_k <= d_k y
        R += [np.arange(nA) + r, np.arange(nA) + r]
        C += [f0 + np.arange(nA), ycol]
        V += [np.ones(nA), np.full(nA, -d[k])]
        lo.append(np.full(nA, -np.inf))
        hi.append(np.zeros(nA))
        r += nA
        agg.append((np.arange(nA), f0 + np.arange(nA), np.ones(nA)))
        inj.append((np.arange(nI), g0 + np.arange(nI), nb.inj_coef))
    for rows, n in ((agg, nA), (inj, nI)):
        R += [q[0] + r for q in rows]
        C += [q[1] for q in rows]
        V += [q[2] for q in rows]
        lo.append(np.full(n, -np.inf))
        hi.append(np.zeros(n))
        r += n
    ncols = n0 + len(big) * (nA + nI)
    E = sp.csr_matrix((np.concatenate(V), (np.concatenate(R), np.concatenate(C))), shape=(r, ncols))
    A = sp.vstack([sp.hstack([arr.A, sp.csr_matrix((arr.shape[0], ncols - n0))]), E]).tocsr()
    extra = ncols - n0
    return (A, np.concatenate([arr.c, np.zeros(extra)]), np.concatenate([arr.lb, np.zeros(extra)]),
            np.concatenate([arr.ub, np.full(extra, np.inf)]), np.concatenate([arr.row_lo, *lo]),
            np.concatenate([arr.row_hi, *hi]))


def main(out: str, ms: list[int]) -> None:
    scen = network_city()
    cand = build_candidates(scen)
    res: dict = {"load_before": os.getloadavg()}
    sol = solve(scen, cand, keep_batches=True)
    arr, found = sol.batches[0]
    res["network"] = {"objective": found.objective, "parts": parts(arr, found.z), "status": str(sol.status)}
    cut, info = add_network_cuts(build_arrays(scen, cand), 300.0, 1)
    res["cuts"] = {k: v for k, v in info.items() if not k.startswith("point")}
    for m in ms:
        A, c, lb, ub, lo, hi = with_commodities(cut, m)
        h = _passed(A, c, lb, ub, np.zeros(len(c), bool), lo, hi)
        h.setOptionValue("solver", "ipm" if m else "simplex")
        h.setOptionValue("time_limit", 1800.0)
        t = time.perf_counter()
        h.run()
        z = np.asarray(h.getSolution().col_value)
        d = cut.network.wd_max[cut.network.wd_node, 0]
        res[f"lp_{m}"] = {"objective": h.getInfo().objective_function_value, "status": str(h.getModelStatus()),
                          "seconds": time.perf_counter() - t, "demand_share": float(np.sort(d)[::-1][:m].sum() / d.sum()),
                          "parts": parts(cut, z[:cut.shape[1]])}
        print(m, res[f"lp_{m}"]["objective"], res[f"lp_{m}"]["status"], round(res[f"lp_{m}"]["seconds"], 1), flush=True)
    res["load_after"] = os.getloadavg()
    with open(out, "w", encoding="utf-8") as f:
        json.dump(res, f, indent=1)


if __name__ == "__main__":
    main(sys.argv[1], [int(v) for v in sys.argv[2:]] or [0, 20])
