"""A plain network's model straight from its arrays (`model.netplain`, issue #15): the fast path's
MilpArrays equal the general path's, array for array (columns, their bounds, objective and
integrality, the matrix, row bounds, the named blocks and their labels, the row names, the network
block), on every FCNetLib instance at hand and on random networks (two-way and one-way corridors,
existing pipes, several components, unbalanced supplies, optional demands, prices); and the
predicate sends every other model the general way."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

import eitflow.model.build as build_module
from eitflow.bench.fcnetlib import FCNET_RESOURCE, FcNet, fcnet_frames, fcnet_scenario, read_fcnet
from eitflow.candidates.generate import build_candidates
from eitflow.io.assemble import scenario_from_frames
from eitflow.io.read import read_scenario
from eitflow.model.arrays import LinearConstraint, MilpArrays
from eitflow.model.blocks import Blocks, RowNames
from eitflow.model.netplain import _csr, _unique, is_plain
from eitflow.solve.decompose import _batches, components
from eitflow.solve.driver import solve

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
FCNET = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "benchmarks" / "fcnetlib"
INSTANCES = sorted(p.stem for p in FCNET.glob("*.inc")) if FCNET.is_dir() else []


def _equal(a, b, path: str = "arrays") -> None:
    """Assert `a` and `b` (MilpArrays and what they hold) equal: arrays in dtype, shape and every
    value bit for bit (NaN equal to NaN), sparse matrices entry for entry in their stored order,
    blocks by name, range and labels, row names one by one."""
    if isinstance(a, np.ndarray):
        assert isinstance(b, np.ndarray), path
        assert (a.shape, a.dtype) == (b.shape, b.dtype), (path, a.shape, b.shape, a.dtype, b.dtype)
        assert np.array_equal(a, b, equal_nan=a.dtype.kind == "f"), path
    elif sp.issparse(a):   # as made, entry order too: what HiGHS is handed
        assert (a.format, b.format, a.shape) == ("csr", "csr", b.shape), path
        for f in ("indptr", "indices", "data"):
            _equal(getattr(a, f), getattr(b, f), f"{path}.{f}")
    elif isinstance(a, Blocks):
        assert [(x.name, x.start, x.stop) for x in a] == [(x.name, x.start, x.stop) for x in b], (path, a, b)
        for x, y in zip(a, b):
            assert np.array_equal(x.labels, y.labels), (path, x.name)
    elif isinstance(a, RowNames) or isinstance(b, RowNames):
        assert list(a) == list(b), path
    elif dataclasses.is_dataclass(a):
        assert type(a) is type(b), path
        for f in dataclasses.fields(a):
            _equal(getattr(a, f.name), getattr(b, f.name), f"{path}.{f.name}")
    else:
        assert a == b, (path, a, b)


def _both_ways(scen, monkeypatch, pieces: list | None = None, **kw) -> list[tuple[MilpArrays, MilpArrays, bool]]:
    """Per batch of `scen`'s decomposition: (fast path's arrays, general path's, plain or not);
    `pieces`, if given, gets the number of the network's components appended; `kw`: more arguments
    of `build_arrays` (tighten)."""
    out = []
    with scen.reading():
        cand = build_candidates(scen)
        if pieces is not None and cand.network is not None:
            pieces.append(len(np.unique(np.asarray(cand.network.node_arrays["component"]))))
        ncomp, comp = components(scen, cand)
        for b in _batches(comp, ncomp):
            plain = is_plain(scen, cand, np.asarray(b, np.int64), None, [], None, True)
            fast = build_module.build_arrays(scen, cand, b, **kw)
            with monkeypatch.context() as m:
                m.setattr(build_module, "is_plain", lambda *a: False)
                general = build_module.build_arrays(scen, cand, b, **kw)
            out.append((fast, general, plain))
    return out


@pytest.mark.parametrize("name", INSTANCES or ["(none)"])
@pytest.mark.slow
def test_fcnet_arrays_equal_general_path(name, monkeypatch):
    if not INSTANCES:
        pytest.skip(f"FCNetLib is absent ({FCNET}): see ../shared/README.md")
    got = _both_ways(fcnet_scenario(read_fcnet(FCNET / f"{name}.inc"), time_limit_s=60.0), monkeypatch)
    assert got
    for fast, general, plain in got:
        assert plain      # every FCNetLib instance is a plain network: the fast path is taken
        _equal(fast, general)


def _random_instance(rng: np.random.Generator, parts: int) -> FcNet:
    """`parts` separate networks of 4-12 nodes: node 0 of each supplies, a few others need,
    the rest are junctions; a spanning path (so every demand can be served) plus random arcs,
    some parallel (sub-arcs), fixed costs 0-50 (0 with no unit cost: an existing pipe),
    unit costs 0-3, bounds below the supply on some (a capacity)."""
    nodes, dem, t, h, fixed, unit, bound = [], [], [], [], [], [], []
    for _ in range(parts):
        k = int(rng.integers(4, 13))
        base = len(nodes)
        nodes += [f"n{base + i + 1}" for i in range(k)]
        d = np.where(rng.random(k) < 0.5, rng.integers(1, 20, k), 0).astype(float)
        d[0] = 0.0
        supply = d.sum() * (1.0 if rng.random() < 0.5 else 1.5) + (1.0 if d.sum() == 0 else 0.0)
        d[0] = -supply
        dem += d.tolist()
        order = np.concatenate([[0], rng.permutation(np.arange(1, k))])
        pairs = list(zip(order[:-1], order[1:])) + [tuple(rng.choice(k, 2, replace=False)) for _ in range(k)]
        for a, b in pairs:
            t.append(base + int(a))
            h.append(base + int(b))
            free = rng.random() < 0.15
            fixed.append(0.0 if free else float(rng.integers(1, 50)))
            unit.append(0.0 if free else float(rng.integers(0, 4)))
            bound.append(float(supply) if rng.random() < 0.6 else float(rng.integers(1, int(supply) + 2)))
    u = float(-sum(x for x in dem if x < 0))
    return FcNet("random", nodes, np.array(dem), np.array(t), np.array(h), ["a1"] * len(t), np.array(fixed),
                 np.array(unit), np.array(bound), u)


def _random_scenario(seed: int):
    """A random plain network scenario (`_random_instance`), with some corridors two-way, some
    demands optional and priced, some supplies priced."""
    rng = np.random.default_rng(seed)
    f = fcnet_frames(_random_instance(rng, int(rng.integers(1, 4))))
    cor = f["corridors"]
    cor["corridor_id"] = [f"c{i}" for i in range(len(cor))]    # sub-arcs all "a1": ids made unique
    cor["direction"] = np.where(rng.random(len(cor)) < 0.4, "both", "forward")
    flows = f["flows"]
    dem = (flows["direction"] == "demand").to_numpy()
    optional = dem & (rng.random(len(flows)) < 0.3)
    flows["required"] = np.where(dem & ~optional, "true", "")
    flows["price_eur_per_unit"] = np.where(optional | ~dem, rng.integers(0, 40, len(flows)), 0).astype(float)
    return scenario_from_frames(f["sites"], flows, resources=FCNET_RESOURCE, corridors=cor,
                                name=f"random plain network {seed}", objective="net_benefit",
                                carbon_price_eur_per_t=0.0, discount_rate=0.0, lifetime_years=1.0,
                                solver={"name": "highs", "time_limit_s": 30.0, "mip_gap": 0.0})


def test_random_networks_arrays_equal_general_path(monkeypatch):
    batches = two_way = several = arc_max = capacity_rows = forced = 0
    for seed in range(30):
        scen = _random_scenario(seed)
        pieces: list[int] = []
        got = _both_ways(scen, monkeypatch, pieces)
        several += pieces[0] > 1
        two_way += bool((scen.corridors["direction"] == "both").any())
        # without the forced injections too (`build_arrays(tighten=False)`: the dual prices' model)
        for fast, general, _ in _both_ways(scen, monkeypatch, tighten=False):
            _equal(fast, general, f"seed {seed}, not tightened")
            assert fast.network is None or not len(fast.network.x_at_max)
        for fast, general, plain in got:
            assert plain, seed
            _equal(fast, general, f"seed {seed}")
            batches += 1
            arc_max += len(fast.rows["net_arc_max"]) > 0
            capacity_rows += len(fast.rows["net_capacity"]) > 0
            forced += fast.network is not None and len(fast.network.x_at_max) > 0
    # the cases the fast path has branches for were all met
    assert batches >= 30 and several >= 8 and two_way >= 25 and arc_max >= 5 and capacity_rows >= 25 and forced >= 5


def test_random_networks_solve_to_the_general_optimum(monkeypatch):
    # whole solves, the fast path against the general one: the same objective (EUR/yr) and flows
    for seed in range(6):
        scen = _random_scenario(100 + seed)
        fast = solve(scen, build_candidates(scen))
        with monkeypatch.context() as m:
            m.setattr(build_module, "is_plain", lambda *a: False)
            general = solve(scen, build_candidates(scen))
        assert fast.status == general.status, seed
        assert fast.objective == general.objective, seed
        assert np.array_equal(fast.flow, general.flow), seed


def test_other_models_go_the_general_way():
    scen = _random_scenario(7)
    with scen.reading():
        cand = build_candidates(scen)
        pos = np.arange(len(cand))
        assert is_plain(scen, cand, pos, None, [], None, True)
        # an analysis's row, a required demand added, placements, another objective: general
        row = LinearConstraint(x_coef=np.ones(len(cand)), hi=1.0)
        assert not is_plain(scen, cand, pos, None, [row], None, True)
        assert not is_plain(scen, cand, pos, np.array([0]), [], None, True)
        assert not is_plain(scen, cand, pos, None, [], np.array([0]), True)
    co2 = dataclasses.replace(scen, params=scen.params.model_copy(update={"objective": "co2"}))
    with co2.reading():
        assert not is_plain(co2, build_candidates(co2), pos, None, [], None, True)
    # a supply whose unit must be built (a binary v): general
    flows = scen.flows.copy()
    flows["investment_eur"] = np.where(flows["direction"] == "supply", 1000.0, 0.0)
    built = dataclasses.replace(scen, flows=flows)
    with built.reading():
        assert not is_plain(built, build_candidates(built), pos, None, [], None, True)


@pytest.mark.parametrize("name", ["zae_example", "ludres_backbone", "dunkerque_dh"])
def test_bundled_scenarios_are_not_plain(name):
    # links between sites, heat networks with losses, hubs: none is a plain network's model
    scen = read_scenario(SCENARIOS / name / "scenario.yaml")
    with scen.reading():
        cand = build_candidates(scen)
        ncomp, comp = components(scen, cand)
        assert not any(is_plain(scen, cand, np.asarray(b, np.int64), None, [], None, True)
                       for b in _batches(comp, ncomp))


def test_frame_of_flows_unchanged_by_the_predicate():
    # the predicate reads columns only (no frame written)
    scen = _random_scenario(3)
    before = scen.flows.copy()
    with scen.reading():
        cand = build_candidates(scen)
        is_plain(scen, cand, np.arange(len(cand)), None, [], None, True)
    pd.testing.assert_frame_equal(scen.flows, before)


def test_csr_and_unique_as_scipys_and_numpys():
    # the short cuts against what they replace, on random entries: pairs given once, and twice
    # (scipy sums them); increasing, repeated and unsorted ids
    rng = np.random.default_rng(5)
    for k in range(300):
        nr, nc = int(rng.integers(1, 40)), int(rng.integers(1, 40))
        m = int(rng.integers(0, 120))
        R, C, V = rng.integers(0, nr, m), rng.integers(0, nc, m), rng.normal(size=m)
        if k % 2:   # each pair once
            _, first = np.unique(R * nc + C, return_index=True)
            R, C, V = R[first], C[first], V[first]
            p = rng.permutation(len(R))
            R, C, V = R[p], C[p], V[p]
        got = _csr(R, C, V, (nr, nc))
        want = sp.csr_matrix((V, (R, C)), shape=(nr, nc))
        for f in ("indptr", "indices", "data"):   # as made, before any sort: what HiGHS is handed
            _equal(getattr(got, f), getattr(want, f), f"csr {k} {f}")
        ids = np.sort(rng.choice(60, int(rng.integers(0, 30)), replace=bool(k % 3 == 0)))
        if k % 5 == 0:
            ids = rng.permutation(ids)
        for g, w in zip(_unique(ids), np.unique(ids, return_inverse=True)):
            assert g.dtype == w.dtype and np.array_equal(g, w), k
