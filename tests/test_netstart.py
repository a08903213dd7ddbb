"""The spanning-tree start for large networks (`solve.netstart`) and the synthetic city and
region of the network benchmarks (`bench.netsynth`): by hand, against the brute force of
test_network, and against the generator's stated ranges."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from eitflow.candidates.generate import build_candidates
from eitflow.model.build import build_arrays
from eitflow.solve.check import check_solution
from eitflow.solve.netstart import choose_sizes, network_start, spanning_corridors
from test_network import _brute_force, _random_case, _scenario


def _arrays(scen):
    return build_arrays(scen, build_candidates(scen))


def test_spanning_corridors_by_hand():
    """A square 0-1-2-3 with a diagonal 0-2 and a parallel 0-1: the lightest tree is
    0-1 (the parallel one of weight 1), 1-2 (2) and 0-3 (0: a free corridor stays an edge)."""
    a = np.array([0, 1, 2, 3, 0, 0])
    b = np.array([1, 2, 3, 0, 2, 1])
    w = np.array([5.0, 2.0, 9.0, 0.0, 4.0, 1.0])
    assert spanning_corridors(4, a, b, w).tolist() == [False, True, False, True, False, True]


def test_choose_sizes_by_hand():
    """Sizes of capacity 1, 2, 5 costing 10, 15, 30 on corridor 0 (and 1): need 1.5 -> the
    second; need 6 -> none fits, the largest; nothing carried -> none; over two periods the
    busiest decides; corridor 2 has no size."""
    oc = np.array([0, 0, 0, 1, 1, 1])
    cap = np.array([1.0, 2.0, 5.0, 1.0, 2.0, 5.0])
    cost = np.array([10.0, 15.0, 30.0, 10.0, 15.0, 30.0])
    one = choose_sizes(np.array([[1.5], [6.0], [0.7]]), oc, cap[:, None], cost, 3)
    assert one.tolist() == [1, 5, -1]
    two = choose_sizes(np.array([[0.5, 1.8], [0.0, 0.0], [0.0, 0.0]]), oc, np.repeat(cap[:, None], 2, axis=1), cost, 3)
    assert two.tolist() == [1, -1, -1]


def test_start_on_a_line_is_the_hand_worked_optimum():
    """test_network's line A - B - C worked by hand (658,678.9 EUR/yr: A-B large, B-C small):
    on a tree the start's sizes, settled with their own losses, are that optimum's."""
    sites = {"site_id": ["A", "B", "C"], "lat": [45.0, 45.01, 45.02], "lon": [4.0, 4.0, 4.0]}
    flows = {"site_id": ["A", "B", "C"], "direction": ["supply", "demand", "demand"], "resource": "fluid",
             "amount": [30000.0, 8000.0, 6000.0], "unit": "MWh/yr", "price_eur_per_unit": [2.0, 90.0, 90.0]}
    corridors = {"resource": "fluid", "from": ["A", "B"], "to": ["B", "C"], "length_km": [1.0, 1.0]}
    scen = _scenario(sites, flows, corridors)
    arr = _arrays(scen)
    z, info = network_start(arr, scen.params.solver, 30.0)
    assert z is not None and check_solution(arr, z) == []
    assert float(arr.c @ z) == pytest.approx(658_678.9, rel=1e-9)
    assert info["built"] == 2 and info["tree_corridors"] == 2
    # A-B takes size L, B-C size S
    nb = arr.network
    opt = build_candidates(scen).network.options
    on = nb.options[z[nb.opt_col0: nb.opt_col0 + len(nb.options)] > 0.5]
    assert opt["size"].to_numpy()[on].tolist() == ["L", "S"]
    assert opt["corridor"].to_numpy()[on].tolist() == [0, 1]


@pytest.mark.parametrize("seed", range(8))
def test_start_is_feasible_and_no_better_than_the_brute_force(seed):
    """On test_network's random networks (every choice enumerated by its brute force): the
    start, when it finds one, satisfies every row of the model and is worth no more than the
    optimum; where a required demand cannot be met it finds none."""
    sites, flows, corridors, links, profiles = _random_case(seed)
    if links or profiles is not None:   # the brute force's own data: networks alone, one period
        links, profiles = [], None
    best = _brute_force(sites, flows, corridors, links, profiles)
    scen = _scenario(sites, flows, corridors)
    arr = _arrays(scen)
    z, _ = network_start(arr, scen.params.solver, 30.0)
    if not np.isfinite(best):
        assert z is None
        return
    assert z is not None and check_solution(arr, z) == []
    assert float(arr.c @ z) <= best + 1e-6 * max(1.0, abs(best))


# ------------------------------------------------------------------ the driver and the synthetic city
@pytest.mark.parametrize("sizing", ["discrete", "linear"])
@pytest.mark.slow
def test_a_large_network_batch_gets_a_feasible_start(sizing):
    """The driver gives each network batch of 5,000+ binaries, or 300+ linearly sized
    corridors, the spanning-tree start (a small synthetic city: 150 buildings, 5 sources,
    every building required): a point that satisfies every row, serves every building, and
    was not there before this start existed."""
    import time

    from eitflow.bench.netsynth import network_city
    from eitflow.solve.decompose import _batches, components
    from eitflow.solve.netlarge import is_large, large_networks

    scen = network_city(n_sinks=150, n_sources=5, seed=4)
    scen.params.networks["heat"] = scen.params.networks["heat"].model_copy(update={"sizing": sizing})
    cand = build_candidates(scen)
    ncomp, comp = components(scen, cand)
    arrays = [build_arrays(scen, cand, b) for b in _batches(comp, ncomp)]
    big = [k for k, a in enumerate(arrays) if is_large(a)]
    assert big
    mode = "large" if sizing == "linear" else "off"      # as the driver's `_large_mode`
    large, starts, bounds, _ = large_networks(arrays, [mode] * len(arrays), scen.params.solver,
                                              time.time() + 60.0, None, 1)
    assert large == set(big)
    assert sorted(starts) == sorted(bounds) == big
    for k in big:
        arr, z = arrays[k], starts[k]
        assert check_solution(arr, z) == []
        assert bounds[k] >= float(arr.c @ z) - 1e-6 * abs(float(arr.c @ z))   # the LP bounds its start
        # every building's demand (required) is withdrawn in full
        f = scen.flows
        wd = arr.network.wd_cols
        dem = cand.links["demand"].to_numpy()[arr.links[wd]]
        assert np.allclose(z[arr.cols["x"].start + wd], f["amount"].to_numpy(float)[dem], rtol=1e-6)


@pytest.mark.slow
def test_a_discrete_town_whose_probe_finds_no_network_gets_the_tree_start():
    """30 buildings and 2 sources, sized `discrete` (84 corridors, one binary per catalogue
    size): HiGHS's probe finds no network (none in 60 s without this start), so the driver
    hands it the spanning-tree start. The run has a network that serves every building,
    passes the solution check (`solve.driver` raises otherwise) and states its gap; the bound
    is above it."""
    from eitflow.bench.netsynth import network_city
    from eitflow.solve.driver import solve

    scen = network_city(n_sinks=30, n_sources=2, seed=0, time_limit_s=12.0)
    scen.params.networks["heat"] = scen.params.networks["heat"].model_copy(update={"sizing": "discrete"})
    cand = build_candidates(scen)
    sol = solve(scen, cand)
    assert sol.status in ("feasible", "optimal") and sol.objective is not None
    assert sol.bound >= sol.objective and sol.gap == pytest.approx((sol.bound - sol.objective) / abs(sol.objective))
    dem = scen.flows["direction"].to_numpy() == "demand"
    served = np.zeros(len(scen.flows))
    d = cand.links["demand"].to_numpy()      # -1: a supply's connection into the network
    np.add.at(served, d[d >= 0], sol.flow[d >= 0])
    assert np.allclose(served[dem], scen.flows["amount"].to_numpy(float)[dem], rtol=1e-6)


def test_synthetic_city_is_deterministic_and_within_its_stated_ranges():
    """bench.netsynth's city: same seed, same tables; 500 buildings of the five kinds by their
    shares (+-6 points), demands and temperatures within each kind's range; 20 sources
    offering twice the demand; eitflow's Delaunay corridors: about 1,500."""
    from eitflow.bench.netsynth import BUILDINGS, SOURCES, city_frames, network_city
    from eitflow.candidates.network import build_network

    s1, f1 = city_frames(seed=3)
    s2, f2 = city_frames(seed=3)
    assert s1.equals(s2) and f1.equals(f2)
    assert not city_frames(seed=4)[1].equals(f1)
    dem, sup = f1[f1["direction"] == "demand"], f1[f1["direction"] == "supply"]
    assert len(dem) == 500 and len(sup) == 20 and len(s1) == 520
    assert (dem["required"] == "true").all() and (dem["price_eur_per_unit"] == 0).all()
    for kind, (share, lo, hi, tlo, thi) in BUILDINGS.items():
        d = dem[dem["note"] == kind]
        assert abs(len(d) / 500 - share) <= 0.06
        assert d["amount"].between(lo - 0.5, hi + 0.5).all() and d["temperature_c"].between(tlo - 0.5, thi + 0.5).all()
    for kind, (_, _, _, tlo, thi, plo, phi) in SOURCES.items():
        s = sup[sup["note"] == kind]
        assert s["temperature_c"].between(tlo - 0.5, thi + 0.5).all()
        assert (-s["price_eur_per_unit"]).between(plo - 0.05, phi + 0.05).all()
    assert sup["amount"].sum() * 1000.0 == pytest.approx(2.0 * dem["amount"].sum(), rel=1e-3)   # GWh vs MWh
    net, _ = build_network(network_city())
    assert 1400 <= len(net.corridors) <= 1600
    assert (net.corridors["length_km"] <= 1.5 + 1e-9).all()


@pytest.mark.slow
def test_synthetic_region_has_fifty_thousand_candidate_corridors():
    """The region: 40 towns of 440 buildings and 6 sources; 50,000 generated corridors or
    more (5 x topotherm's largest published case), each town its own network."""
    from eitflow.bench.netsynth import network_region
    from eitflow.candidates.network import build_network

    net, _ = build_network(network_region())
    assert len(net.nodes) == 40 * 446
    assert len(net.corridors) >= 50_000
    assert net.corridors["component"].nunique() >= 40


# ------------------------------------------------------------------ required-node cuts
def test_required_node_cut_makes_the_root_lp_pay_a_whole_pipe_by_hand():
    """Source A and a required sink B (5,000 MWh/yr) 1 km apart, sizes S (1 MW, 200 EUR/m,
    20 W/m) and L (3 MW, 420 EUR/m, 30 W/m), annuity = investment. With the cut y_S + y_L >= 1
    the LP relaxation builds a whole S, as the optimum does: B takes 5,000 + 87.6 (half the
    loss, at B), A injects 87.6 more; 2 x 5,175.2 + 90 x 5,000 - 0.5 x 5,087.6 - 200,000 =
    257,806.6 EUR/yr. Without it the LP opens S only 99 % (the flow bound 5,131.4 already
    caps its capacity) and is worth 259,540.7."""
    from eitflow.solve.highs import solve_highs
    from eitflow.solve.netnode import required_node_cuts, required_nodes

    sites = {"site_id": ["A", "B"], "lat": [45.0, 45.01], "lon": [4.0, 4.0]}
    flows = {"site_id": ["A", "B"], "direction": ["supply", "demand"], "resource": "fluid",
             "amount": [30000.0, 5000.0], "unit": "MWh/yr", "price_eur_per_unit": [2.0, 90.0], "required": [False, True]}
    corridors = {"resource": "fluid", "from": ["A"], "to": ["B"], "length_km": [1.0]}
    scen = _scenario(sites, flows, corridors)
    cand = build_candidates(scen)
    arr = build_arrays(scen, cand)
    nodes = cand.network.nodes["node_id"].to_numpy()
    assert nodes[arr.network.nodes[required_nodes(arr)]].tolist() == ["B"]
    cut, n = required_node_cuts(arr)
    assert n == 1
    hand = 2 * 5175.2 + 90 * 5000 - 0.5 * 5087.6 - 200_000
    assert hand == pytest.approx(257_806.6)
    opts = scen.params.solver
    assert solve_highs(cut.relaxed(), opts, 30).objective == pytest.approx(hand, rel=1e-9)
    assert solve_highs(arr.relaxed(), opts, 30).objective > hand + 1_000
    assert solve_highs(cut, opts, 30).objective == pytest.approx(hand, rel=1e-9)


@pytest.mark.parametrize("seed", range(8))
def test_required_node_cuts_keep_the_brute_force_optimum(seed):
    """test_network's random networks with every demand required: the model with the cuts
    has the brute force's optimum (or is infeasible where it is)."""
    from eitflow.solve.highs import solve_highs
    from eitflow.solve.netnode import required_node_cuts

    sites, flows, corridors, _, _ = _random_case(seed)
    flows = {**flows, "required": [d == "demand" for d in flows["direction"]]}
    best = _brute_force(sites, flows, corridors, [], None)
    scen = _scenario(sites, flows, corridors)
    arr = build_arrays(scen, build_candidates(scen))
    cut, _ = required_node_cuts(arr)
    r = solve_highs(cut, scen.params.solver, 30)
    if not np.isfinite(best):
        assert r.objective is None
    else:
        assert r.objective == pytest.approx(best, rel=1e-7, abs=1e-3)


@pytest.mark.slow
def test_network_bench_sides_agree_on_a_small_city():
    """The bench's two sides (`bench.netbig.solve_side`) on a 4-building city at gap 0:
    eitflow's path and plain HiGHS on the whole model reach the same optimum; each run
    records its seconds, peak memory and load. The suite holds the city and the region."""
    from eitflow.bench.netbig import solve_side
    from eitflow.bench.suites import SUITES, Context

    solver = {"time_limit_s": 60.0, "mip_gap": 0.0, "threads": 1, "workers": 1}
    kw = {"n_sinks": 4, "n_sources": 2, "seed": 1}
    ours = solve_side("eitflow", "network_city", kw, solver)
    plain = solve_side("plain", "network_city", kw, solver)
    assert ours["status"] == "optimal" and plain["status"] == "Optimal"
    assert ours["objective"] == pytest.approx(plain["objective"], rel=1e-6)
    assert ours["objective"] < 0   # a cost: every building served at price 0
    for r in (ours, plain):
        assert r["seconds"] > 0 and r["peak_rss_mb"] > 0 and r["load_before"] >= 0
    cases = SUITES["network"](Context(shared=Path(".")))
    assert [c.name for c in cases] == ["network-city", "network-region"]
