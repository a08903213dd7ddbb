"""The synthetic city's bound after `solve.netlarge`'s first job: what reduced-cost fixing, HiGHS's
options and a Lagrangian bound by districts give (HISTORY.md, "Shared networks at scale",
2026-12-06 evening). Each step appends a JSON line to OUT.

    python benchmarks/city_final_phase.py prep CITY.pkl                  # first job as the solve runs it (60 s limit)
    python benchmarks/city_final_phase.py rcfix CITY.pkl OUT.jsonl       # ways reduced-cost fixing closes
    python benchmarks/city_final_phase.py highs CITY.pkl OUT.jsonl 20 [option=value ...]   # HiGHS's last phase
    python benchmarks/city_final_phase.py districts CITY.pkl OUT.jsonl 10 6   # 10 districts, 6 s a sub-MIP
    python benchmarks/city_final_phase.py city OUT.jsonl TAG              # a whole 60 s solve (driver.solve)
"""

from __future__ import annotations

import json
import os
import pickle
import sys
import time

import numpy as np


def _city():
    from eitflow.bench.netsynth import network_city
    from eitflow.candidates.generate import build_candidates

    scen = network_city(time_limit_s=60.0, mip_gap=0.01)
    return scen, build_candidates(scen)


def _write(out: str, rec: dict) -> None:
    print(json.dumps(rec, default=str))
    with open(out, "a") as f:
        f.write(json.dumps(rec, default=str) + "\n")


def prep(path: str) -> None:
    """The city with its required-node and cut rows, best start and bound after the first job
    (its share of a 60 s limit), and its cut LP re-solved (objective, point, reduced costs, duals)."""
    from eitflow.model.build import build_arrays
    from eitflow.solve.highs import relaxation
    from eitflow.solve.netlarge import FIRST_SHARE, network_first
    from eitflow.solve.netnode import required_node_cuts

    t0 = time.time()
    scen, cand = _city()
    opts = scen.params.solver
    arr = required_node_cuts(build_arrays(scen, cand))[0]
    deadline = t0 + 60.0
    new, z, bound, info = network_first(arr, opts, deadline, FIRST_SHARE * (deadline - time.time()), True)
    left = deadline - time.time()
    lp = relaxation(new, opts, 120.0)
    with open(path, "wb") as f:
        pickle.dump({"arr": new, "start": z, "bound": bound, "info": info, "lp": lp, "left": left}, f)
    print(json.dumps({"info": info, "left_s": left, "cut_lp": None if lp is None else lp[0]}, default=str))


def _load(path: str) -> dict:
    with open(path, "rb") as f:
        return pickle.load(f)


def rcfix(path: str, out: str) -> None:
    """Reduced-cost fixing at the cut LP's duals y (any y: c.z = y.Az + d.z with d = c - A'y, so
    every feasible z has c.z <= B = sum_r max(y_r lo_r, y_r hi_r) + sum_j max(d_j lb_j, d_j ub_j));
    a binary whose value v makes B - max(d_j lb_j, d_j ub_j) + d_j v fall below the incumbent
    takes the other value in every better network."""
    d = _load(path)
    arr, z, (obj, _, _, y) = d["arr"], d["start"], d["lp"]
    c, A = arr.c, arr.A.tocsr()
    inc = float(c @ z)
    y = np.where((~np.isfinite(arr.row_lo) & (y < 0)) | (~np.isfinite(arr.row_hi) & (y > 0)), 0.0, y)
    with np.errstate(invalid="ignore"):
        rows = np.where(y == 0, 0.0, np.maximum(np.where(np.isfinite(arr.row_lo), y * arr.row_lo, -np.inf),
                                                 np.where(np.isfinite(arr.row_hi), y * arr.row_hi, -np.inf)))
    dj = c - A.T @ y
    best = np.maximum(dj * arr.lb, dj * arr.ub)
    B = float(rows.sum() + best.sum())
    ints = np.flatnonzero(arr.integrality > 0)
    closed = ints[B - best[ints] + dj[ints] < inc]
    opened = ints[B - best[ints] < inc]
    nb = arr.network
    ways = nb.opt_col0 + np.arange(len(nb.options))
    _write(out, {"step": "rcfix", "cut_lp": obj, "safe_bound": B, "incumbent": inc, "gap_eur_yr": B - inc,
                 "ways": len(ways), "ways_closed": int(np.isin(closed, ways).sum()), "binaries_closed": len(closed),
                 "binaries_opened": len(opened), "way_reduced_cost_max": float(np.max(-dj[ways])),
                 "way_reduced_cost_p99": float(np.percentile(-dj[ways], 99)),
                 "way_annual_cost_max": float(np.max(-c[ways]))})


def highs(path: str, out: str, seconds: float, options: list[str]) -> None:
    """HiGHS as the solve's last phase runs it (the cut rows, the start, 1 thread, gap 1 %) for
    `seconds`, with HiGHS options name=value."""
    from eitflow.solve.fold import fold_fixed
    from eitflow.solve.highs import _passed, run, set_threads, set_time_limit

    d = _load(path)
    arr, z = d["arr"], d["start"]
    fo = fold_fixed(arr.A, arr.c, arr.lb, arr.ub, arr.integrality, arr.row_lo, arr.row_hi)
    assert fo is not None
    h = _passed(fo.A, fo.c, fo.lb, fo.ub, fo.integrality, fo.row_lo, fo.row_hi, fo.offset)
    set_threads(h, 1)
    h.setOptionValue("mip_rel_gap", 0.01)
    h.setOptionValue("random_seed", 0)
    given = {}
    for kv in options:
        k, v = kv.split("=", 1)
        val: object = {"true": True, "false": False}.get(v, v)
        for cast in (int, float):
            try:
                val = cast(v)
                break
            except ValueError:
                pass
        h.setOptionValue(k, val)
        given[k] = val
    zs = fo.reduce(z)
    h.setSolution(len(zs), np.arange(len(zs), dtype=np.int32), zs)
    set_time_limit(h, seconds, mip=True)
    load0, t0 = os.getloadavg()[0], time.time()
    run(h)
    info = h.getInfo()
    _write(out, {"step": "highs", "options": given, "seconds": time.time() - t0, "objective": info.objective_function_value,
                 "bound": info.mip_dual_bound, "nodes": info.mip_node_count, "cut_lp": d["lp"][0],
                 "load": [load0, os.getloadavg()[0]]})


def districts(path: str, out: str, k: int, seconds: float) -> None:
    """A Lagrangian bound by `k` districts (k-means of the nodes' positions): a column belongs to
    its node's district (a corridor's columns to its end a's), a row to the district holding most
    of its columns; a foreign column in a row is a copy x_j^D, tied to x_j by a relaxed row
    x_j - x_j^D = 0 priced lambda_jD = sum of a_rj y_r over D's rows (y: the cut LP's duals), so
    that the districts' LPs add up to the cut LP. Each district's sub-MIP gets `seconds`; the sum
    of their dual bounds (each no weaker than its LP) bounds the city."""
    from scipy.cluster.vq import kmeans2

    from eitflow.solve.highs import _passed, run, set_threads, set_time_limit

    d = _load(path)
    arr, (obj, _, _, y) = d["arr"], d["lp"]
    nb = arr.network
    _, cand = _city()
    na = cand.network.node_arrays
    lat, lon = np.asarray(na["lat"], float)[nb.nodes], np.asarray(na["lon"], float)[nb.nodes]
    _, lab = kmeans2(np.c_[lat, lon * np.cos(np.radians(lat.mean()))], k, minit="++", seed=0)
    own = np.full(arr.shape[1], -1)
    own[nb.inj_cols], own[nb.wd_cols] = lab[nb.inj_node], lab[nb.wd_node]
    xs, ys = arr.cols["x"].start, arr.cols["y"].start
    own[ys:ys + len(arr.cols["y"])] = own[xs:xs + len(arr.cols["x"])]
    end_a = np.zeros(int(nb.a_corridor.max()) + 1, np.int64)
    end_a[nb.opt_corridor] = nb.opt_end_a
    own[nb.arc_col0 + np.arange(len(nb.arcs))] = lab[end_a[nb.a_corridor]]
    own[nb.opt_col0 + np.arange(len(nb.options))] = lab[nb.opt_end_a]
    own[nb.k_col0 + np.arange(len(nb.lin))] = lab[nb.opt_end_a[nb.lin]]
    assert (own >= 0).all()
    A = arr.A.tocsr()
    row_of = np.repeat(np.arange(A.shape[0]), np.diff(A.indptr))
    count = np.zeros((A.shape[0], k))
    np.add.at(count, (row_of, own[A.indices]), 1)
    rd = count.argmax(1)
    foreign = own[A.indices] != rd[row_of]
    lam: dict[tuple[int, int], float] = {}
    for r, j, a in zip(row_of[foreign], A.indices[foreign], A.data[foreign]):
        lam[(int(j), int(rd[r]))] = lam.get((int(j), int(rd[r])), 0.0) + a * y[r]
    c_own = arr.c.copy()
    for (j, _), v in lam.items():
        c_own[j] -= v
    total, lp_total, parts = 0.0, 0.0, []
    load0, t0 = os.getloadavg()[0], time.time()
    for D in range(k):
        R = np.flatnonzero(rd == D)
        copies = sorted(j for (j, DD) in lam if DD == D)
        cols = np.r_[np.flatnonzero(own == D), np.array(copies, np.int64)]
        cost = np.r_[c_own[own == D], np.array([lam[(j, D)] for j in copies])]
        sub = A[R][:, cols]
        got = []
        for integer, limit in ((False, 120.0), (True, seconds)):
            h = _passed(sub, cost, arr.lb[cols], arr.ub[cols], arr.integrality[cols] if integer else np.zeros(len(cols)),
                        arr.row_lo[R], arr.row_hi[R])
            set_threads(h, 1)
            h.setOptionValue("mip_rel_gap", 1e-4)
            set_time_limit(h, limit, mip=integer)
            run(h)
            info = h.getInfo()
            got.append((info.mip_dual_bound if integer else info.objective_function_value,
                        h.modelStatusToString(h.getModelStatus())))
        total += min(got[0][0], got[1][0])
        lp_total += got[0][0]
        parts.append({"nodes": int((lab == D).sum()), "copies": len(copies), "lp": got[0][0], "mip_bound": got[1][0],
                      "mip_status": got[1][1]})
    _write(out, {"step": "districts", "k": k, "seconds_each": seconds, "cut_lp": obj, "districts_lp": lp_total,
                 "bound": total, "gain_pct": (obj - total) / abs(obj) * 100, "seconds": time.time() - t0,
                 "load": [load0, os.getloadavg()[0]], "parts": parts})


def city(out: str, tag: str) -> None:
    """One whole 60 s solve of the city (`solve.driver.solve`, as the benchmark's eitflow side
    without the result tables)."""
    from eitflow.solve.driver import solve

    load0, t0 = os.getloadavg()[0], time.perf_counter()
    scen, cand = _city()
    sol = solve(scen, cand)
    _write(out, {"step": "city", "tag": tag, "objective": sol.objective, "bound": sol.bound, "gap": sol.gap,
                 "seconds": time.perf_counter() - t0, "load": [load0, os.getloadavg()[0]],
                 "first_job": [{k: v for k, v in e.items() if not hasattr(v, "shape")} for e in sol.network_cuts]})


if __name__ == "__main__":
    step, args = sys.argv[1], sys.argv[2:]
    if step == "prep":
        prep(args[0])
    elif step == "rcfix":
        rcfix(args[0], args[1])
    elif step == "highs":
        highs(args[0], args[1], float(args[2]), args[3:])
    elif step == "districts":
        districts(args[0], args[1], int(args[2]), float(args[3]))
    else:
        city(args[0], args[1])
