"""The local search on a linearly sized network's incumbent (`solve.netlocal`): against a
brute force over every set of corridors (`test_network_linear._brute_force_linear`)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from test_network import _scenario
from test_network_linear import LINEAR, _brute_force_linear, _random_linear


def _arrays(sites, flows, corridors):
    from eitflow.candidates.generate import build_candidates
    from eitflow.model.build import build_arrays

    scen = _scenario(sites, flows, corridors, **LINEAR)
    cand = build_candidates(scen)
    return scen, cand, build_arrays(scen, cand)


def _with_ways(arr, opts, open_ways: np.ndarray) -> np.ndarray:
    """The best point of `arr` with exactly the ways `open_ways` (option positions) built."""
    from eitflow.solve.highs import solve_highs

    nb = arr.network
    ocol = nb.opt_col0 + np.arange(len(nb.options))
    lb, ub = arr.lb.copy(), arr.ub.copy()
    lb[ocol] = ub[ocol] = 0.0
    lb[ocol[open_ways]] = ub[ocol[open_ways]] = 1.0
    r = solve_highs(dataclasses.replace(arr, lb=lb, ub=ub), opts, 30)
    assert r.z is not None
    return r.z



def _three_sites(lat: list[float], demand_c: float, km: list[float]):
    """A supply A (30,000 MWh/yr) and demands B (8,000) and C (`demand_c`) at latitudes `lat`,
    corridors A-B, B-C, A-C of `km`: (the three tables, scenario, candidates, arrays,
    (from, to) -> way)."""
    from eitflow.solve.netlocal import _ways

    sites = {"site_id": ["A", "B", "C"], "lat": lat, "lon": [4.0, 4.0, 4.0]}
    flows = {"site_id": ["A", "B", "C"], "direction": ["supply", "demand", "demand"], "resource": "fluid",
             "amount": [30000.0, 8000.0, demand_c], "unit": "MWh/yr", "price_eur_per_unit": [2.0, 90.0, 90.0]}
    corridors = {"resource": "fluid", "from": ["A", "B", "A"], "to": ["B", "C", "C"], "length_km": km,
                 "direction": ["both"] * 3}
    scen, cand, arr = _arrays(sites, flows, corridors)
    ids = cand.network.nodes["node_id"].to_numpy()[arr.network.nodes]
    tail, head, _, _ = _ways(arr)
    way = {(str(ids[t]), str(ids[h])): o for o, (t, h) in enumerate(zip(tail, head))}
    return (sites, flows, corridors), scen, cand, arr, way

def test_a_star_is_re_parented_into_the_brute_force_optimum():
    """A supply A and two demands B, C on a line (1 km apart), corridors A-B, B-C (1 km) and
    A-C (2 km). Started from the star A -> B, A -> C (3 km of trench), the search closes
    A -> C and opens B -> C (one move): the path A -> B -> C, which the brute force over every
    set of corridors finds best."""
    from eitflow.solve.check import check_solution
    from eitflow.solve.netlocal import improve

    tables, scen, cand, arr, way = _three_sites([45.0, 45.01, 45.02], 6000.0, [1.0, 1.0, 2.0])
    nb = arr.network
    star = _with_ways(arr, scen.params.solver, np.array([way[("A", "B")], way[("A", "C")]]))
    best = _brute_force_linear(*tables)
    assert float(arr.c @ star) < best - 1000.0          # the star is worse (by the 1 km of trench at least)
    z, info = improve(arr, star, scen.params.solver, 30.0)
    assert float(arr.c @ z) == pytest.approx(best, rel=1e-7)
    assert info["moves"] == 1 and info["objective"] == pytest.approx(float(arr.c @ z))
    ocol = nb.opt_col0 + np.arange(len(nb.options))
    assert set(np.flatnonzero(z[ocol] > 0.5)) == {way[("A", "B")], way[("B", "C")]}
    assert check_solution(arr, z) == []


def test_random_networks_never_worse_never_past_the_brute_force():
    """From random sets of ways of the four random networks (each that serves a feasible
    network), the search returns a feasible point, no worse than its start and no better than
    the brute-force optimum; it improves some of them."""
    from eitflow.solve.check import check_solution
    from eitflow.solve.highs import solve_highs
    from eitflow.solve.netlocal import improve

    improved = tried = 0
    for seed in range(4):
        sites, flows, corridors = _random_linear(seed)
        scen, _, arr = _arrays(sites, flows, corridors)
        best = _brute_force_linear(sites, flows, corridors)
        nb = arr.network
        nO = len(nb.options)
        rng = np.random.default_rng(seed)
        for _ in range(6):
            ways = np.flatnonzero(rng.random(nO) < 0.5)
            ocol = nb.opt_col0 + np.arange(nO)
            lb, ub = arr.lb.copy(), arr.ub.copy()
            lb[ocol] = ub[ocol] = 0.0
            lb[ocol[ways]] = ub[ocol[ways]] = 1.0
            r = solve_highs(dataclasses.replace(arr, lb=lb, ub=ub), scen.params.solver, 30)
            if r.z is None:
                continue                                    # these ways serve no feasible network
            z, _ = improve(arr, r.z, scen.params.solver, 30.0)
            assert check_solution(arr, z) == []
            assert float(arr.c @ r.z) - 1e-6 <= float(arr.c @ z) <= best + 1e-6 * abs(best) + 1e-3
            improved += float(arr.c @ z) > float(arr.c @ r.z) + 1e-6
            tried += 1
    assert improved > 0, (improved, tried)


def test_a_subtree_is_re_rooted_where_re_parenting_alone_is_stuck(monkeypatch):
    """A supply A, demands B (8,000 MWh/yr) and C (1,000), corridors A-B 3 km, B-C 1 km,
    A-C 2 km; started from A -> B -> C (4 km). Re-parenting C onto A (5 km of trench, saving
    2 km x 0.11 MW of capacity: 25,000 EUR/yr against 90,000) is worse, and B cannot be fed
    from C (C is fed through B): with moves of depth 0 the search is stuck. One deeper move
    (A -> B closed, A -> C opened, B -> C turned round) gives A -> C -> B (3 km), the brute
    force's optimum."""
    import eitflow.solve.netlocal as nl
    from eitflow.solve.check import check_solution

    tables, scen, cand, arr, way = _three_sites([45.0, 45.027, 45.018], 1000.0, [3.0, 1.0, 2.0])
    nb = arr.network
    chain = _with_ways(arr, scen.params.solver, np.array([way[("A", "B")], way[("B", "C")]]))
    best = _brute_force_linear(*tables)
    assert float(arr.c @ chain) < best - 50_000.0
    monkeypatch.setattr(nl, "DEPTH", 0)
    stuck, info = nl.improve(arr, chain, scen.params.solver, 30.0)
    assert info["moves"] == 0 and float(arr.c @ stuck) == pytest.approx(float(arr.c @ chain), rel=1e-9)
    monkeypatch.undo()
    z, info = nl.improve(arr, chain, scen.params.solver, 30.0)
    assert float(arr.c @ z) == pytest.approx(best, rel=1e-7)
    ocol = nb.opt_col0 + np.arange(len(nb.options))
    assert set(np.flatnonzero(z[ocol] > 0.5)) == {way[("A", "C")], way[("C", "B")]}
    assert check_solution(arr, z) == []
