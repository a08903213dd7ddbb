"""FCNetLib: fixed-charge network flow instances (GAMS World, Ortega & Wolsey 2003) read
from their GAMS include files and entered through eitflow's scenario format.

The problem (`bchfcnet.gms`): nodes n with demand d_n (negative = supply), directed arcs
a = (m, n, s) (s: parallel sub-arcs) with fixed cost f_a and unit cost c_a, flow bounds u_a:

    minimise  sum_a c_a x_a + f_a y_a
    s.t.      sum_{a into n} x_a - sum_{a out of n} x_a = d_n      every node
              0 <= x_a <= u_a y_a,   y_a binary

`read_fcnet` interprets the statements the 65 files use (listed in `STATEMENTS`; any other
line is an error, so nothing is silently skipped): sets n1*nK and a1*aK, the parameter
blocks fcost, vcost, demand, xupp and exist, demand negation, fixed-cost scaling, u = total
supply, xupp = u on the arcs with a cost, negative fixed costs set to zero with the unit
cost (those arcs stay, free), and the Euclidean costs of the h50x2450 family. Arcs are
those with a nonzero cost or bound; self-loops (m = m, in the h family) are dropped: they
carry no net flow and cost f > 0, so no optimal solution uses them. `bchfcnet.gms` bounds
every arc by min(u, xupp). The optional `tree`, `tt1`, `tt2` rows of the GAMS model
(beavma, the h family) restrict the optimal solutions to trees; the published optima are
those of such solutions, which an uncapacitated single-source or single-sink network always
has, so eitflow's model without these rows has the same optimum (checked: every one of
these optima is reproduced).

`fcnet_scenario` maps an instance one to one: a site per node with a flow (a supply of -d,
or a required demand of d, price 0) on every node (n1..nK in order), a corridor per arc
(direction forward, its fixed cost as `fixed_cost_eur_per_yr` with no investment and no
annuity, its unit cost as `var_cost_eur_per_unit`, its bound as capacity where below the
total supply; an arc with no cost is an existing pipe of that capacity), on one resource
whose catalogue costs are all zero and whose flows are too far apart for any direct link.
eitflow's maximised net benefit is then exactly -(the minimum cost).
"""

from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from eitflow.bench.instances import GOOD_RESOURCE
from eitflow.io.assemble import scenario_from_frames
from eitflow.scenario import Scenario

__all__ = ["FCNET_RESOURCE", "FcNet", "STATEMENTS", "TIMED", "fcnet_frames", "fcnet_scenario", "read_fcnet", "read_optima",
           "textbook_arrays", "textbook_highs", "fcnet_analysis"]

#: the benchmark's commodity: no catalogue cost anywhere, every coefficient from corridors.csv
FCNET_RESOURCE = {"good": {
    **GOOD_RESOURCE["good"],
    "max_distance_km": 0.001,   # sites are >= 5 km apart: no direct (point-to-point) link
    "network": {"capacity_unit": "t/yr", "load_factor": 1.0, "max_length_km": 1.0,
                "sizes": [{"name": "unused", "capacity": 1.0, "investment_eur_per_m": 0.0}]},
}}

#: the statements of the include files that `read_fcnet` interprets (spaces removed)
STATEMENTS = (
    "yupp('n1','n1','a1')=0;", "demand(n)=-demand(n);", "fcost(m,n,s)=K*fcost(m,n,s);",
    "u=-sum(n$(demand(n)<0),demand(n));", "u=-demand('n1');", "xupp(m,n,s)$(fcost(m,n,s)orvcost(m,n,s))=u;",
    "xupp(m,n,s)$fcost(m,n,s)=u;", "vcost(m,n,s)=0;", "loop((m,n,s)$(fcost(m,n,s)<0),fcost=0;vcost=0;);",
    "loop((m,n)$exist(m,n),xupp(m,n,s)=u;);", "usetree=1;", "usett1=1;", "usett2=1;",
    "the h50x2450 block (Table pp, Scalar beta, vcr, vcost=sqrt(vcr+1), fcost=beta*vcost, round 6, yupp(np,np,s))",
)


@dataclass
class FcNet:
    """One instance: node names, demand per node (supply < 0), arcs (tail, head, sub-arc,
    fixed cost, unit cost, flow bound), the total supply u, and the GAMS flags set."""

    name: str
    nodes: list[str]
    demand: np.ndarray
    tail: np.ndarray
    head: np.ndarray
    sub: list[str]
    fixed: np.ndarray
    unit_cost: np.ndarray
    bound: np.ndarray
    u: float
    flags: dict = field(default_factory=dict)

    @property
    def n_arcs(self) -> int:
        return len(self.tail)


def _expand(spec: str) -> list[str]:
    m = re.fullmatch(r"([a-z]+)(\d+)\*[a-z]+(\d+)", spec.strip())
    if m is None:
        return [spec.strip()]
    return [f"{m.group(1)}{k}" for k in range(int(m.group(2)), int(m.group(3)) + 1)]


def _parse(text: str, where: str):
    lines = text.splitlines()
    sets: dict[str, list[str]] = {}
    params: dict[str, dict] = {k: {} for k in ("fcost", "vcost", "demand", "xupp", "exist")}
    table: dict[str, tuple[float, float]] = {}
    scalars: dict[str, float] = {}
    stmts: list[str] = []
    i = 0
    while i < len(lines):
        ln = lines[i].strip()
        i += 1
        if not ln or ln.startswith("*") or ln in ("$ondelim", "$offdelim"):
            continue
        m = re.match(r"(?:Sets?\s+)?(\w+)\s*/\s*([^/]+)/", ln)
        if m and (ln.startswith("Set") or m.group(1) in ("s", "ss")):
            sets[m.group(1)] = _expand(m.group(2))
            continue
        m = re.match(r"Parameter\s+(\w+)\([^)]*\)\s*/$", ln)
        if m:
            name = m.group(1)
            if name not in params:
                raise ValueError(f"{where}: unknown parameter block {name}")
            while True:
                t = lines[i].strip()
                i += 1
                if t.startswith("/"):
                    break
                if not t or t.startswith("$"):
                    continue
                tok = t.split()
                params[name][tuple(tok[:-1])] = float(tok[-1])
            continue
        if ln.startswith("Table pp"):
            i += 1  # the column header (c1 c2)
            while True:
                t = lines[i].strip()
                i += 1
                if t.startswith(";"):
                    break
                if t:
                    tok = t.split()
                    table[tok[0]] = (float(tok[1]), float(tok[2]))
            continue
        m = re.match(r"Scalar\s+(\w+)\s*/\s*([-\d.]+)\s*/;", ln)
        if m:
            scalars[m.group(1)] = float(m.group(2))
            continue
        stmts.append(ln)
    return sets, params, table, scalars, stmts


def read_fcnet(path: str | Path) -> FcNet:
    """Read one FCNetLib include file (see the module docstring for what it interprets)."""
    path = Path(path)
    sets, p, pp, sc, stmts = _parse(path.read_text(encoding="ascii"), str(path))
    nodes = sets.get("n") or sets.get("nn") or []
    subs = sets.get("s") or sets.get("ss") or []
    fc, vc, xu = dict(p["fcost"]), dict(p["vcost"]), dict(p["xupp"])
    dem = {k[0]: v for k, v in p["demand"].items()}
    flags: dict[str, int] = {}
    u: float | None = None
    yupp_loops = False
    vcr: dict[tuple[str, str], float] = {}
    k = 0
    while k < len(stmts):
        s = stmts[k].replace(" ", "")
        k += 1
        if s in ("yupp('n1','n1','a1')=0;", ";") or s.startswith(("c1", "Parametervcr", "Setmp(m),np(n)", "mp(m)=",
                                                                   "np(n)=", "vcr(mp,np)=")):
            continue
        m = re.fullmatch(r"fcost\(m,n,s\)=(\d+)\*fcost\(m,n,s\);", s)
        if m:
            fc = {key: float(m.group(1)) * v for key, v in fc.items()}
        elif s == "demand(n)=-demand(n);":
            dem = {key: -v for key, v in dem.items()}
        elif s == "u=-sum(n$(demand(n)<0),demand(n));":
            u = -sum(v for v in dem.values() if v < 0)
        elif s == "u=-demand('n1');":
            u = -dem["n1"]
        elif s == "xupp(m,n,s)$(fcost(m,n,s)orvcost(m,n,s))=u;":
            xu.update({key: u for key in set(fc) | set(vc) if fc.get(key, 0) or vc.get(key, 0)})
        elif s == "xupp(m,n,s)$fcost(m,n,s)=u;":
            xu.update({key: u for key, v in fc.items() if v})
        elif s == "vcost(m,n,s)=0;":
            vc = {}
        elif s == "loop((m,n,s)$(fcost(m,n,s)<0),":
            body = [x.replace(" ", "") for x in stmts[k:k + 3]]
            if body != ["fcost(m,n,s)=0;", "vcost(m,n,s)=0;", ");"]:
                raise ValueError(f"{path}: unexpected loop body {body}")
            k += 3
            for key, v in list(fc.items()):
                if v < 0:
                    fc[key], vc[key] = 0.0, 0.0
        elif s == "loop((m,n)$exist(m,n),":
            body = [x.replace(" ", "") for x in stmts[k:k + 2]]
            if body != ["xupp(m,n,s)=u;", ");"]:
                raise ValueError(f"{path}: unexpected loop body {body}")
            k += 2
            for (a, b), v in p["exist"].items():
                if v:
                    xu.update({(a, b, x): u for x in subs})
        elif s in ("usetree=1;", "usett1=1;", "usett2=1;"):
            flags[s[:-3]] = 1
        elif s.startswith("vcr('n1',np(n))"):
            # the h family: arcs from n1 to every other node (cost from n1 to the node's
            # predecessor, as the file writes it) and between all other nodes
            for j in range(1, len(nodes)):
                a, b = pp["n1"], pp[nodes[j - 1]]
                vcr[("n1", nodes[j])] = (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2
            for a_ in nodes[1:]:
                for b_ in nodes[1:]:
                    vcr[(a_, b_)] = (pp[b_][0] - pp[a_][0]) ** 2 + (pp[b_][1] - pp[a_][1]) ** 2
        elif s == "vcost(m,np,s)=sqrt(vcr(m,np)+1);":
            vc = {(a, b, x): math.sqrt(v + 1) for (a, b), v in vcr.items() for x in subs}
        elif s == "fcost(m,n,s)=beta*vcost(m,n,s);":
            fc = {key: sc["beta"] * v for key, v in vc.items()}
        elif s == "fcost(m,n,s)=round(fcost(m,n,s),6);":
            fc = {key: round(v, 6) for key, v in fc.items()}
        elif s == "vcost(m,n,s)=round(vcost(m,n,s),6);":
            vc = {key: round(v, 6) for key, v in vc.items()}
        elif s == "yupp(np,np,s)=1;":
            yupp_loops = True   # self-loops n -> n only: dropped below
        else:
            raise ValueError(f"{path}: statement not understood: {stmts[k - 1]!r}")
    if u is None:
        raise ValueError(f"{path}: no total supply u")
    del yupp_loops
    keys = sorted(key for key in set(fc) | set(vc) | set(xu) if fc.get(key, 0) or vc.get(key, 0) or xu.get(key, 0))
    keys = [key for key in keys if key[0] != key[1]]
    idx = {nm: j for j, nm in enumerate(nodes)}
    return FcNet(path.stem, list(nodes), np.array([dem.get(nm, 0.0) for nm in nodes], float),
                 np.array([idx[a] for a, _, _ in keys], np.int64), np.array([idx[b] for _, b, _ in keys], np.int64),
                 [x for _, _, x in keys], np.array([fc.get(key, 0.0) for key in keys], float),
                 np.array([vc.get(key, 0.0) for key in keys], float),
                 np.array([min(u, xu.get(key, 0.0)) for key in keys], float), float(u), flags)


def read_optima(path: str | Path) -> dict[str, tuple[float, bool]]:
    """OPTIMA.csv: instance -> (value, proven)."""
    df = pd.read_csv(path)
    return {r.instance: (float(r.value), str(r.kind).startswith("proven")) for r in df.itertuples(index=False)}


def fcnet_frames(inst: FcNet) -> dict[str, pd.DataFrame]:
    """The instance as scenario tables: sites, flows, corridors."""
    n = len(inst.nodes)
    ids = np.array([f"N{nm[1:]}" for nm in inst.nodes], object)
    lat = 44.0 + (np.arange(n) // 25) * 0.1   # a grid ~8-11 km apart: never within a direct link's reach
    lon = 2.0 + (np.arange(n) % 25) * 0.1
    d = inst.demand
    has = d != 0
    # every node a site, n1..nK in order (those without a flow too: on a network a site
    # without a flow is a junction): the network's nodes, hence its balance rows, come in the
    # instance's order, as the textbook model's (`candidates.network`)
    sites = pd.DataFrame({"site_id": ids, "lat": lat, "lon": lon})
    flows = pd.DataFrame({"flow_id": [f"f_{i}" for i in ids[has]], "site_id": ids[has],
                          "direction": np.where(d[has] < 0, "supply", "demand"), "resource": "good",
                          "amount": np.abs(d[has]), "unit": "t/yr", "price_eur_per_unit": 0.0,
                          "required": np.where(d[has] > 0, "true", "")})
    free = (inst.fixed == 0) & (inst.unit_cost == 0)
    capped = inst.bound < inst.u * (1 - 1e-12)
    corridors = pd.DataFrame({
        "corridor_id": [f"{inst.nodes[a]}_{inst.nodes[b]}_{s}" for a, b, s in zip(inst.tail, inst.head, inst.sub)],
        "resource": "good", "from": ids[inst.tail], "to": ids[inst.head], "length_km": 0.0,
        "direction": "forward", "existing": np.where(free, "true", "false"),
        "capacity": np.where(free | capped, inst.bound, np.nan), "unit": "t/yr",
        "fixed_cost_eur_per_yr": np.where(free, np.nan, inst.fixed),
        "var_cost_eur_per_unit": inst.unit_cost})
    return {"sites": sites, "flows": flows, "corridors": corridors}


def fcnet_scenario(path: str | Path | FcNet, **solver) -> Scenario:
    """An FCNetLib file (or an instance already read) as an eitflow `Scenario` whose maximised
    net benefit is -(minimum cost). `solver`: keys of the scenario's ``solver:`` block
    (defaults: HiGHS, mip_gap 0, 600 s)."""
    inst = path if isinstance(path, FcNet) else read_fcnet(path)
    t = fcnet_frames(inst)
    opts = {"name": "highs", "time_limit_s": 600.0, "mip_gap": 0.0, **solver}
    return scenario_from_frames(t["sites"], t["flows"], resources=FCNET_RESOURCE, corridors=t["corridors"],
                                name=f"FCNetLib {inst.name}", objective="net_benefit", carbon_price_eur_per_t=0.0,
                                discount_rate=0.0, lifetime_years=1.0, solver=opts)


def textbook_arrays(inst: FcNet):
    """The textbook formulation of `bchfcnet.gms` as arrays (minimise c.z; cols x then y;
    rows: balance (= d), forcing x - u y <= 0, and the tree / tt1 / tt2 rows the file asks
    for): (c, lb, ub, integrality, A (csc), row_lo, row_hi). The plain-HiGHS baseline."""
    import scipy.sparse as sp

    na, nn = inst.n_arcs, len(inst.nodes)
    t, h, d, u = inst.tail, inst.head, inst.demand, inst.bound
    ar = np.arange(na)
    R, C, V = [h, t, nn + ar, nn + ar], [ar, ar, ar, na + ar], [np.ones(na), -np.ones(na), np.ones(na), -u]
    lo, hi = [d, np.full(na, -np.inf)], [d, np.zeros(na)]
    nr = nn + na
    if inst.flags.get("usetree"):        # at most one arc out of a node
        R.append(nr + t)
        C.append(na + ar)
        V.append(np.ones(na))
        lo.append(np.full(nn, -np.inf))
        hi.append(np.ones(nn))
        nr += nn
    for flag, want, eq in (("usett1", d > 0, True), ("usett2", d == 0, False)):
        if inst.flags.get(flag):          # demand nodes fed by exactly one arc; others by at most one
            pos = np.flatnonzero(want)
            row = np.full(nn, -1)
            row[pos] = np.arange(len(pos))
            sel = np.flatnonzero(want[h])
            R.append(nr + row[h[sel]])
            C.append(na + sel)
            V.append(np.ones(len(sel)))
            lo.append(np.ones(len(pos)) if eq else np.full(len(pos), -np.inf))
            hi.append(np.ones(len(pos)))
            nr += len(pos)
    A = sp.csc_matrix((np.concatenate(V), (np.concatenate(R), np.concatenate(C))), shape=(nr, 2 * na))
    c = np.concatenate([inst.unit_cost, inst.fixed])
    integ = np.concatenate([np.zeros(na, np.int8), np.ones(na, np.int8)])
    return c, np.zeros(2 * na), np.concatenate([u, np.ones(na)]), integ, A, np.concatenate(lo), np.concatenate(hi)


# ------------------------------------------------------------------ the bench runner
REPEAT_UNDER_S = 20.0   # a case whose first runs both finish faster than this is run REPEATS times,
REPEAT_WITHIN = 0.2     # ... and so is one whose first runs both reach the optimum within 20 % of each other
REPEATS = 3


#: what each side's seconds cover (written into the bench's JSON and the README): the same
#: scope, from the instance's data in memory to a solution in hand, reading files excluded
TIMED = {
    "eitflow": "wall clock of build_candidates + solve.driver.solve on the Scenario already in memory, in one "
               "Scenario.reading block as pipeline.optimise runs them: candidates, model arrays, the cut rule "
               "(probe, cuts), HiGHS, the solution check; not the result tables, no dual prices",
    "plain": "wall clock of textbook_arrays on the FcNet already in memory + passing the arrays to highspy + "
             "HiGHS's run",
    "excluded": "reading the .inc file (both) and turning it into eitflow's scenario tables (eitflow)",
    "cpu": "cpu_s: CPU seconds (user + system, this process and its ended children) over each side's scope; "
           "both sides run HiGHS on one thread, so on a shared machine whose load changes between the "
           "interleaved runs the CPU ratio is the steadier one",
}


def textbook_highs(inst: FcNet, time_limit_s: float, threads: int = 1, options: dict | None = None):
    """A silent HiGHS object holding `textbook_arrays(inst)` (minimised costs), with HiGHS's own
    settings except threads, time limit, gap 0, the seed and `options` (name: value)."""
    import highspy

    from eitflow.solve.highs import set_threads

    c, lb, ub, integ, A, lo, hi = textbook_arrays(inst)
    h = getattr(getattr(highspy, "_core", None), "_Highs", highspy.Highs)()   # no banner
    h.setOptionValue("output_flag", False)
    set_threads(h, threads)
    for k, v in (("time_limit", float(time_limit_s)), ("mip_rel_gap", 0.0),
                 ("random_seed", 0), *(options or {}).items()):
        h.setOptionValue(k, v)
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = len(c), A.shape[0]
    lp.col_cost_, lp.col_lower_, lp.col_upper_ = c, lb, ub
    lp.row_lower_ = np.where(np.isfinite(lo), lo, -highspy.kHighsInf)
    lp.row_upper_ = np.where(np.isfinite(hi), hi, highspy.kHighsInf)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_, lp.a_matrix_.index_, lp.a_matrix_.value_ = A.indptr, A.indices, A.data
    lp.integrality_ = [highspy.HighsVarType.kInteger if v else highspy.HighsVarType.kContinuous for v in integ]
    h.passModel(lp)
    return h


def solve_plain(inst: FcNet, time_limit_s: float, threads: int = 1) -> dict:
    """Plain HiGHS (highspy) on `textbook_arrays(inst)`: seconds (`TIMED["plain"]`), status,
    objective and bound (minimised costs), HiGHS's own settings except threads, time limit,
    gap 0 and the seed (`textbook_highs`); cpu_s: CPU seconds over the same scope."""
    import highspy

    from eitflow.bench.ratio import cpu_clock

    t0, c0 = time.perf_counter(), cpu_clock()
    h = textbook_highs(inst, time_limit_s, threads)
    h.run()
    seconds, cpu = time.perf_counter() - t0, cpu_clock() - c0
    info = h.getInfo()
    ok = h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    has = info.primal_solution_status == 2
    return {"seconds": seconds, "cpu_s": cpu, "status": "optimal" if ok else ("feasible" if has else "no_solution"),
            "cost": float(info.objective_function_value) if has else None,
            "bound": float(info.mip_dual_bound) if np.isfinite(info.mip_dual_bound) else None}


def _eitflow_once(scen: Scenario) -> dict:
    """One eitflow run, timed as `TIMED["eitflow"]`; the result tables are assembled after the
    clock stops (for the summary), without dual prices."""
    from eitflow.bench.ratio import cpu_clock
    from eitflow.candidates.generate import build_candidates
    from eitflow.pipeline import assemble_result, attach_duals
    from eitflow.solve.driver import solve

    t0, c0 = time.perf_counter(), cpu_clock()
    with scen.reading():   # as `pipeline.optimise`: the run's columns read once for both stages
        cand = build_candidates(scen)
        t1 = time.perf_counter()
        sol = solve(scen, cand)
    seconds, cpu = time.perf_counter() - t0, cpu_clock() - c0
    timings = {"candidates": t1 - t0, "build": sol.seconds_build, "solve": sol.seconds_solve}
    attach_duals(scen, cand, sol, 0.0, timings, duals=False)
    s = assemble_result(scen, cand, sol, timings).summary
    return {"seconds": seconds, "cpu_s": cpu, "status": str(s["status"]), "cost": None if s["objective"] is None else -s["objective"],
            "bound": None if s["bound"] is None else -s["bound"], "cuts": sol.network_cuts, "summary": s}


def _repeat(plain: dict, ours: dict) -> bool:
    """Whether a case is worth REPEATS runs: both first runs under REPEAT_UNDER_S, or both
    optimal within REPEAT_WITHIN of each other (a time-limited run times the limit only)."""
    a, b = plain["seconds"], ours["seconds"]
    if max(a, b) < REPEAT_UNDER_S:
        return True
    both = plain["status"] == "optimal" and ours["status"] == "optimal"
    return both and abs(a - b) <= REPEAT_WITHIN * min(a, b)


def run_fcnet(scen: Scenario, path: str | Path, time_limit_s: float, threads: int = 1) -> dict:
    """One FCNetLib case, eitflow and plain HiGHS interleaved in this process (plain, eitflow,
    plain, eitflow...): REPEATS times each when `_repeat` says so (both first runs under
    REPEAT_UNDER_S, or both optimal within REPEAT_WITHIN of each other), else once. Seconds: see `TIMED` (the same scope on both sides). Returns both runs' medians,
    their ratio (eitflow / plain) and eitflow's last summary."""
    import os

    inst = read_fcnet(path)
    plain, ours = [], []
    for k in range(REPEATS):
        plain.append(solve_plain(inst, time_limit_s, threads))
        ours.append(_eitflow_once(scen))
        if k == 0 and not _repeat(plain[0], ours[0]):
            break
    from eitflow.bench.ratio import sides

    last = ours[-1]
    return {"summary": last.pop("summary"), "timed": TIMED,
            **sides([{k: v for k, v in r.items() if k != "summary"} for r in ours], plain),
            "both_optimal": all(r["status"] == "optimal" for r in ours + plain),
            "loadavg_at_end": [round(v, 2) for v in os.getloadavg()]}


def fcnet_analysis(cases: list[dict]) -> dict:
    """eitflow against plain HiGHS over the FCNetLib cases: totals of the medians and their
    ratio (all cases, and those both solved to optimality), the cases where eitflow is slower
    (ratio above 1), the median ratio, optima reproduced, and what each side's seconds cover;
    under ``cpu``, the same in CPU seconds over the cases timed in CPU as well."""
    cmp = [c for c in cases if c.get("comparison")]
    both = [c for c in cmp if c["comparison"].get("both_optimal")]

    def totals(cs: list[dict], key: str = "median_s", rkey: str = "ratio") -> dict:
        te = sum(c["comparison"]["eitflow"][key] for c in cs)
        tp = sum(c["comparison"]["plain"][key] for c in cs)
        ratios = [c["comparison"][rkey] for c in cs]
        return {"cases": len(cs), "eitflow_total_s": te, "plain_total_s": tp, "ratio_of_totals": te / tp if tp else None,
                "median_ratio": float(np.median(ratios)) if ratios else None,
                "slower_count": sum(1 for r in ratios if r > 1)}

    ref = [c for c in cmp if c.get("reference")]
    timed_cpu = [c for c in cmp if "cpu_ratio" in c["comparison"]]
    cpu = {} if not timed_cpu else {"cpu": {
        **totals(timed_cpu, "median_cpu_s", "cpu_ratio"),
        "both_optimal": totals([c for c in timed_cpu if c["comparison"].get("both_optimal")], "median_cpu_s",
                               "cpu_ratio"),
        "slower": sorted((c["name"], round(c["comparison"]["cpu_ratio"], 3)) for c in timed_cpu
                         if c["comparison"]["cpu_ratio"] > 1)}}
    return {**totals(cmp), "both_optimal": totals(both), "timed": TIMED, **cpu,
            "slower": sorted((c["name"], round(c["comparison"]["ratio"], 3)) for c in cmp if c["comparison"]["ratio"] > 1),
            "proven_optima": sum(1 for c in ref if c["reference"].get("bound") is None),
            "proven_optima_reproduced": sum(1 for c in ref if c["reference"].get("bound") is None
                                            and c["reference"].get("agreement") == "agrees"),
            "disagreements": sorted(c["name"] for c in ref if c["reference"].get("agreement") == "DISAGREES")}
