"""Issue #15, sizes carrying either way on a network whose sites have one role each: the LP
counted a corridor's size carrying either way in both ways of the same month, so directed cuts
(`solve.netcuts`, one period only before) could not be made per month. `solve.netway` gives each
arc of such a corridor a way column per month and separates the cuts per month over them. The
optimum must not move (the module's docstring proves it; checked here by a second solve of the
model without them) while the LP bound falls."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import eitflow
from eitflow.candidates.generate import build_candidates
from eitflow.model.build import build_arrays
from eitflow.solve.highs import relaxation, solve_highs
from eitflow.solve.netway import oriented_cuts, way_arcs, with_way_columns
from test_network_idle_months import SUMMER, WINTER


def _square():
    """A 1 km square A-B-C-D: A rejects 6,000 MWh/yr in summer, B in winter, C and D buy
    6,000 MWh/yr all year (one role each), four corridors with a linear size carrying either way."""
    flat = ";".join(["0.0833333333"] * 11 + ["0.0833333337"])
    sites = pd.DataFrame({"site_id": list("ABCD"), "lat": [48.0, 48.0, 48.009, 48.009],
                          "lon": [2.0, 2.0134, 2.0134, 2.0]})
    flows = pd.DataFrame({"flow_id": ["as", "bs", "cd", "dd"], "site_id": list("ABCD"),
                          "direction": ["supply", "supply", "demand", "demand"], "resource": "heat",
                          "amount": 6000.0, "unit": "MWh/yr", "temperature_c": [100.0, 100.0, 60.0, 60.0],
                          "price_eur_per_unit": [0.0, 0.0, 50.0, 50.0],
                          "monthly_profile": [SUMMER, WINTER, flat, flat]})
    corridors = pd.DataFrame({"corridor_id": ["ab", "bc", "cd", "da"], "resource": "heat", "from": list("ABCD"),
                              "to": list("BCDA"), "length_km": 1.0})
    return eitflow.scenario_from_frames(
        sites, flows, corridors=corridors, carbon_price_eur_per_t=0.0, discount_rate=0.05, lifetime_years=20.0,
        max_distance_km={"heat": 0.01}, networks={"heat": {"temperature_c": 80.0, "sizing": "linear"}},
        solver={"mip_gap": 1e-7})


def _one_role_mesh(seed: int, n: int, cuts: str = "auto"):
    """n sites (4-6) within about 2 km, each one role drawn: a 100 degC supply of the summer or
    the winter, or a 60 degC demand all year (at least one of each), a ring and two chords of
    corridors, linear sizing, monthly profiles; `cuts` the network's option."""
    rng = np.random.default_rng(seed)
    flat = ";".join(["0.0833333333"] * 11 + ["0.0833333337"])
    ids = [f"S{i}" for i in range(n)]
    sites = pd.DataFrame({"site_id": ids, "lat": 48.0 + rng.uniform(0, 0.018, n),
                          "lon": 2.0 + rng.uniform(0, 0.027, n)})
    roles = [0, 1, 2] + [int(r) for r in rng.integers(3, size=n - 3)]   # 0: summer supply, 1: winter, 2: demand
    rows = []
    for s, role in zip(ids, roles):
        if role < 2:
            rows.append((f"{s}s", s, "supply", float(rng.uniform(2000, 9000)), 100.0, 0.0, (SUMMER, WINTER)[role]))
        else:
            rows.append((f"{s}d", s, "demand", float(rng.uniform(2000, 9000)), 60.0, float(rng.uniform(30, 60)), flat))
    flows = pd.DataFrame(rows, columns=["flow_id", "site_id", "direction", "amount", "temperature_c",
                                        "price_eur_per_unit", "monthly_profile"])
    flows["resource"], flows["unit"] = "heat", "MWh/yr"
    pairs = [(i, (i + 1) % n) for i in range(n)] + [(0, 2), (1, n - 1)]
    corridors = pd.DataFrame({"corridor_id": [f"c{a}_{b}" for a, b in pairs], "resource": "heat",
                              "from": [ids[a] for a, _ in pairs], "to": [ids[b] for _, b in pairs],
                              "length_km": np.round(rng.uniform(0.3, 1.5, len(pairs)), 2)})
    return eitflow.scenario_from_frames(
        sites, flows, corridors=corridors, carbon_price_eur_per_t=0.0, discount_rate=0.05, lifetime_years=20.0,
        max_distance_km={"heat": 0.01}, networks={"heat": {"temperature_c": 80.0, "sizing": "linear", "cuts": cuts}},
        solver={"mip_gap": 1e-7})


def test_each_arc_of_a_corridor_carrying_either_way_gets_a_way_per_month():
    """On the square every corridor has one size, carrying either way (its switch y_e): 4
    corridors x 2 arcs x 12 months = 96 way columns d in [0, 1]; per arc and month the row
    x - M d <= 0 (M: the arc's column bound, no size of one way only), per corridor and month
    d_ab + d_ba - y_e <= 0: 96 and 48 rows, all <= 0."""
    scen = _square()
    arr = build_arrays(scen, build_candidates(scen))
    assert len(way_arcs(arr)) == 8
    new, dcol = with_way_columns(arr)
    assert dcol is not None and len(new.cols["net_way"]) == 96 == int((dcol >= 0).sum())
    assert len(new.rows["net_way_arc"]) == 96 and len(new.rows["net_way_one"]) == 48
    nb = arr.network
    T = 12
    blk = new.rows["net_way_arc"]
    for i in range(blk.start, blk.stop):
        r = new.A.getrow(i)
        x = [c for c in r.indices if nb.arc_col0 <= c < nb.arc_col0 + len(nb.arcs) * T]
        d = [c for c in r.indices if c >= arr.shape[1]]
        assert len(x) == 1 and len(d) == 1 and len(r.indices) == 2
        assert r[0, x[0]] == 1.0 and r[0, d[0]] == pytest.approx(-arr.ub[x[0]], rel=1e-12)
    blk = new.rows["net_way_one"]
    ycols = set(nb.opt_col0 + np.arange(len(nb.options)))
    for i in range(blk.start, blk.stop):
        r = new.A.getrow(i)
        vals = dict(zip(r.indices, r.data))
        assert sorted(v for c, v in vals.items() if c >= arr.shape[1]) == [1.0, 1.0]
        assert [v for c, v in vals.items() if c in ycols] == [-1.0]
    assert np.all(new.row_hi[arr.shape[0]:] == 0.0) and np.all(new.row_lo[arr.shape[0]:] == -np.inf)
    assert np.all(new.ub[arr.shape[1]:] == 1.0) and np.all(new.integrality[arr.shape[1]:] == 0)


@pytest.mark.parametrize("seed, n", [(0, 4), (1, 5), (2, 6), (3, 5), (4, 6)])
@pytest.mark.slow
def test_way_columns_and_cuts_keep_the_optimum_of_random_one_role_meshes(seed, n):
    """The exactness guard: each mesh solved to optimality (gap 1e-7) with the way columns and
    the cuts per month, and without them (the model as before, a second solve), has the same
    optimum; the LP bound with them is no looser, and no lower than that optimum."""
    scen = _one_role_mesh(seed, n)
    opts = scen.params.solver
    plain = build_arrays(scen, build_candidates(scen))
    assert len(way_arcs(plain)) > 0
    cut, info = oriented_cuts(plain, 10.0)
    assert info["way_columns"] > 0
    a = solve_highs(plain, opts, 60)
    b = solve_highs(cut, opts, 60)
    assert a.status == b.status == eitflow.solve.status.Status.OPTIMAL
    assert b.objective == pytest.approx(a.objective, rel=1e-6, abs=0.01)
    lp_plain = relaxation(plain, opts, 60)[0]
    lp_cut = relaxation(cut, opts, 60)[0]
    assert lp_cut <= lp_plain + 1e-6 * abs(lp_plain)
    assert a.objective <= lp_cut + 1e-6 * abs(lp_cut) + 0.01


def test_the_cuts_per_month_lower_the_square_lp_bound_and_keep_its_optimum():
    """On the square the LP counted each corridor's size carrying either way in both ways of a
    month; with a way per month and the cuts the LP bound falls, by more than 0.1 %, and the
    optimum found by the full solve (`eitflow.optimise`: the plain model first for a third of the
    time, `netway.probe_then_cut`, which here finishes it) is the one of the model without them."""
    scen = _square()
    plain = build_arrays(scen, build_candidates(scen))
    cut, info = oriented_cuts(plain, 10.0)
    assert info["cuts"] > 0 and info["lp_after"] < info["lp_before"] * (1 - 1e-3)
    best = solve_highs(plain, scen.params.solver, 60)
    res = eitflow.optimise(_square())
    assert res.summary["status"] == "optimal"
    assert res.objective == pytest.approx(best.objective, rel=1e-6, abs=0.01)



def test_a_tidied_point_gets_its_way_columns_at_their_least():
    """`solve.tidy` keeps a change (a size turned off, flows netted) only where the model still
    holds; the way columns the solver left may then no longer fit. Each is set as `solve.netway`'s
    proof does, d_a,t = y_e where the arc carries heat in t (more than the other way: HiGHS leaves
    1e-9 the other way in some months), else 0 (worked out here from the point's flows and
    sizes), so a change is not refused for them: a point whose ways are all at
    1 (d_ab + d_ba = 2 > y_e) is accepted with them so, and is feasible and worth the same."""
    from eitflow.solve.check import check_solution
    from eitflow.solve.tidy import _kept

    scen = _one_role_mesh(0, 4)
    cut, _ = oriented_cuts(build_arrays(scen, build_candidates(scen)), 10.0)
    best = solve_highs(cut, scen.params.solver, 60)
    nb, T = cut.network, cut.periods
    assert not (nb.opt_way >= 0).any()
    oa = way_arcs(cut)
    xcol = nb.arc_col0 + oa[:, None] * T + np.arange(T)[None, :]
    ye = {c: best.z[nb.opt_col0 + np.flatnonzero(nb.opt_corridor == c)].sum() for c in np.unique(nb.opt_corridor)}
    other = {(nb.a_corridor[a], nb.a_way[a]): i for i, a in enumerate(oa)}
    x = best.z[xcol]
    least = np.array([[ye[nb.a_corridor[a]] if x[i, t] > 0 and x[i, t] >= x[other[nb.a_corridor[a], 1 - nb.a_way[a]], t]
                       else 0.0 for t in range(T)] for i, a in enumerate(oa)]).ravel()
    assert 0 < least.sum() < len(least)
    stale = best.z.copy()
    stale[cut.cols["net_way"].slice] = 1.0
    assert check_solution(cut, stale) != []
    got = _kept(cut, best.z, stale, None)
    assert got[cut.cols["net_way"].slice] == pytest.approx(least, abs=1e-9)
    assert check_solution(cut, got) == []
    assert float(cut.c @ got) == pytest.approx(float(cut.c @ best.z), rel=1e-12)



def test_a_probe_that_does_not_finish_hands_on_its_plan_and_bound():
    """`probe_then_cut` with 3 s left (a third, 1 s, for the plain model): unless HiGHS finishes
    the 6-site mesh in that second (its result then stands, on the plain model), the model
    returned has the way columns (where a cut was kept), its start (the probe's plan with the way columns set by
    `least_ways`) is a feasible point of it and no better than the probe's bound, handed on.
    With less than 1 s left nothing is done."""
    import time

    from eitflow.solve.check import check_solution
    from eitflow.solve.netway import probe_then_cut

    scen = _one_role_mesh(2, 6)
    arr = build_arrays(scen, build_candidates(scen))
    new, fin, z, bound, info = probe_then_cut(arr, scen.params.solver, time.time() + 3.0)
    if fin is not None:
        assert new is arr and info["solved_by_probe"] and fin.z is not None and len(fin.z) == arr.shape[1]
    else:   # the way columns where a cut was kept (`oriented_cuts`), else the plain model
        assert ("net_way" in new.cols) == (info["cuts"] > 0) and (info["way_columns"] > 0) == (info["cuts"] > 0)
        assert bound is not None
        if z is not None:
            assert check_solution(new, z) == []
            assert float(new.c @ z) <= bound + 1e-6 * abs(bound)
    new, *rest = probe_then_cut(arr, scen.params.solver, time.time() + 0.5)
    assert new is arr and rest == [None, None, None, None]
