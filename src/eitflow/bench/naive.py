"""The naive baseline: the same model written the plain way (PuLP over every pair in range,
distance filter in Python, one monolithic HiGHS solve), to measure what eitflow's
candidate pruning and decomposition buy."""

from __future__ import annotations

import math
import time


def _haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, a)))


def naive_model(scen, time_limit_s: float, mip_gap: float) -> dict:
    """The problem as a newcomer writes it: every (supply, demand) pair of the resource is
    looked at in a Python double loop with a haversine distance filter and the temperature
    rule (or a heat pump where the scenario allows one), every pair in range gets a flow
    and a binary, the model is built with `pulp.lpSum` and solved monolithically by PuLP's
    HiGHS interface (CBC if absent). Coefficients (value, fixed cost, yield after pipe
    losses, bounds) come from eitflow's cost model (candidates.costs.link_coefficients) for the
    pairs the loop found, so both models have the same optimum (eitflow additionally drops
    pairs that can never pay, which is exact). Only heat -> heat by the resource's main
    transport mode, without monthly profiles: the national scenario has nothing else."""
    import numpy as np
    import pulp

    import eitflow.candidates.costs as C
    import eitflow.candidates.generate as G

    t0 = time.perf_counter()
    f = scen.flows
    cat = scen.catalogue
    res_name = "heat"
    rc = cat[res_name]
    from eitflow.candidates.radius import resource_radius_km
    radius = resource_radius_km(scen, res_name)   # scenario.yaml's max_distance_km, else the catalogue's
    dt = rc.min_delta_t_k
    hpp = getattr(scen.params, "heat_pump", None)
    hp_on = bool(hpp is not None and hpp.enabled and getattr(rc, "heat_pump", False))
    pos = {sid: (la, lo) for sid, la, lo in scen.sites[["site_id", "lat", "lon"]].itertuples(index=False)}
    rows = list(f[["site_id", "direction", "resource", "temperature_c"]].itertuples(index=True))
    sources = [r for r in rows if r.direction == "supply" and r.resource == res_name]
    sinks = [r for r in rows if r.direction == "demand" and r.resource == res_name]
    others = len(rows) - len(sources) - len(sinks)
    pairs, dist, cops = [], [], []
    for s in sources:
        la1, lo1 = pos[s.site_id]
        for d in sinks:
            la2, lo2 = pos[d.site_id]
            km = _haversine_km(la1, lo1, la2, lo2)
            if km > radius or s.site_id == d.site_id:
                continue
            cop = math.nan
            if not s.temperature_c >= d.temperature_c + dt:
                lift = (d.temperature_c + dt) - (s.temperature_c - dt)
                if not hp_on or lift > hpp.max_lift_k:
                    continue
                cop = float(C.heat_pump_cop(s.temperature_c, d.temperature_c, dt, hpp.carnot_share))
                if cop <= 1.0:
                    continue
            pairs.append((s.Index, d.Index))
            dist.append(km)
            cops.append(cop)
    t_enum = time.perf_counter() - t0
    t = time.perf_counter()
    _, _, co2f = G._resource_arrays(scen)
    si = np.array([p[0] for p in pairs], np.int64)
    di = np.array([p[1] for p in pairs], np.int64)
    route = np.array(dist) * rc.transport.detour_factor
    from eitflow.candidates.pipeloss import link_loss_shares
    yld = C.pipe_yield(1.0, link_loss_shares(scen, res_name, si, di, 1.0, np.array(cops) if hp_on else None), route)
    eco = C.link_coefficients(scen, si, di, yld, route, rc.transport, np.full(len(pairs), np.inf), co2f=co2f,
                              cop=np.array(cops) if hp_on else None)
    yld = np.asarray(eco.pop("yield_", yld), float)
    keep = yld > 0  # all heat lost on the way: not a pair at all
    pairs = [p for p, k in zip(pairs, keep) if k]
    v, F, M, L, Y = (eco["value_eur_per_unit"][keep].tolist(), eco["fixed_eur_per_yr"][keep].tolist(),
                     eco["upper"][keep].tolist(), eco["lower"][keep].tolist(), yld[keep].tolist())
    t_coef = time.perf_counter() - t

    t = time.perf_counter()
    amount = f["amount"].tolist()
    prob = pulp.LpProblem("naive", pulp.LpMaximize)
    x, y = {}, {}
    yk = {}
    for k, (i, j) in enumerate(pairs):
        x[i, j] = pulp.LpVariable(f"x_{i}_{j}", lowBound=0, upBound=M[k])
        y[i, j] = pulp.LpVariable(f"y_{i}_{j}", cat=pulp.LpBinary)
        yk[i, j] = Y[k]
    prob += pulp.lpSum(v[k] * x[i, j] - F[k] * y[i, j] for k, (i, j) in enumerate(pairs))
    for s in sources:
        prob += pulp.lpSum(x[s.Index, d.Index] for d in sinks if (s.Index, d.Index) in x) <= amount[s.Index]
    for d in sinks:
        prob += pulp.lpSum(yk[s.Index, d.Index] * x[s.Index, d.Index] for s in sources
                           if (s.Index, d.Index) in x) <= amount[d.Index]
    for k, (i, j) in enumerate(pairs):
        prob += x[i, j] <= M[k] * y[i, j]
        if L[k] > 0:
            prob += x[i, j] >= L[k] * y[i, j]
    t_build = time.perf_counter() - t

    t = time.perf_counter()
    highs = getattr(pulp, "HiGHS", None)
    if highs is not None and highs(msg=False).available():
        solver_name = "pulp.HiGHS"
        solver = highs(msg=False, timeLimit=time_limit_s, gapRel=mip_gap, threads=1)
    else:
        solver_name = "pulp.PULP_CBC_CMD"
        solver = pulp.PULP_CBC_CMD(msg=False, timeLimit=max(1, int(time_limit_s)), gapRel=mip_gap)
    prob.solve(solver)
    t_solve = time.perf_counter() - t
    objective = pulp.value(prob.objective) if prob.sol_status in (1, 2) else None
    bound = status = None
    hm = getattr(prob, "solverModel", None)
    if solver_name == "pulp.HiGHS" and hm is not None:
        info = hm.getInfo()
        # PuLP hands a maximisation to HiGHS as the minimisation of -objective
        bound = -float(info.mip_dual_bound) if math.isfinite(info.mip_dual_bound) else None
        status = hm.modelStatusToString(hm.getModelStatus())
    gap = None
    if objective is not None and bound is not None:
        gap = max(0.0, bound - objective) / max(abs(objective), 1e-9)
    return {"sizes": {"sources": len(sources), "sinks": len(sinks), "pairs_examined": len(sources) * len(sinks),
                      "pairs_in_range": len(pairs), "variables": 2 * len(pairs),
                      "binaries": len(pairs), "constraints": len(prob.constraints), "other_flows_ignored": others,
                      "transport_alternatives_ignored": len(getattr(rc, "alternatives", None) or [])},
            "timings": {"enumerate": t_enum, "coefficients": t_coef, "build": t_build, "solve": t_solve,
                        "total": t_enum + t_coef + t_build + t_solve},
            "result": {"status": status or pulp.LpStatus.get(prob.status, str(prob.status)),
                       "sol_status": pulp.LpSolution.get(prob.sol_status, str(prob.sol_status)),
                       "objective": objective, "bound": bound, "gap": gap, "mip_gap_target": mip_gap},
            "solver": solver_name, "pulp": getattr(pulp, "__version__", "unknown")}


