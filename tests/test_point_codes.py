"""The Pareto front's points (`analyses.pareto.point_plans`: which points give the same plan) and a
closure's plan carried onto a run without the company (`analyses.closure.carried_links`) tell
links apart by `candidates.objectives.link_codes`, the one identity of a link the co2 money
stage uses too, where they made a Python tuple per link (`link_keys`, closure's own
`_link_keys`). The result must be the same: here by hand on small cases, and against the tuple
versions (kept in `tuplekeys`) on random tables."""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from eitflow.analyses.closure import _link_ids, carried_links
from eitflow.analyses.pareto import point_plans, same_plans
from tuplekeys import carried_by_tuples, closure_keys_by_tuples, point_plans_by_tuples

NO_CORRIDORS = pd.DataFrame({"corridor_id": [], "size": []})


def _run(links: pd.DataFrame, flow, corridors: pd.DataFrame = NO_CORRIDORS, solved: bool = True):
    """What point_plans reads of a point's run."""
    return SimpleNamespace(summary={"objective": 1.0 if solved else None}, candidates=SimpleNamespace(links=links),
                           solution=SimpleNamespace(flow=np.asarray(flow, float)),
                           statistics=SimpleNamespace(corridors=lambda: corridors))


def test_point_zero_over_its_own_candidates_and_a_point_over_the_union_are_one_plan():
    """By hand: point 0's candidates are (0->1 pipe, 0->2 truck), the union's (0->1 truck,
    0->2 truck, 0->1 pipe): point 0 sends 5 on 0->1 pipe (its link 0), point 1 the same 5 on the
    union's link 2, the same link: one plan. Point 2 sends 5 on 0->1 by truck: another. Point 3
    has no plan; point 4 the same links as point 1 but a corridor built: another plan."""
    own = pd.DataFrame({"supply": [0, 0], "demand": [1, 2], "mode": ["pipe", "truck"]})
    union = pd.DataFrame({"supply": [0, 0, 0], "demand": [1, 2, 1], "mode": ["truck", "truck", "pipe"]})
    cor = pd.DataFrame({"corridor_id": ["c1"], "size": ["DN100"]})
    runs = [_run(own, [5, 0]), _run(union, [0, 0, 5]), _run(union, [5, 0, 0]), _run(union, [0, 0, 0], solved=False),
            _run(union, [0, 0, 5], cor)]
    assert same_plans(point_plans(runs)) == [None, 0, None, None, None]
    runs[1] = _run(union, [0, 0, 5.001])   # 2e-4 apart, over the 1e-6 tolerance: another plan
    assert same_plans(point_plans(runs)) == [None, None, None, None, None]


@pytest.mark.parametrize("seed", range(30))
def test_the_points_plans_are_those_of_the_tuple_keys(seed):
    rng = np.random.default_rng(seed)

    def links(n: int) -> pd.DataFrame:
        return pd.DataFrame({"supply": rng.integers(0, 4, n), "demand": rng.integers(0, 4, n),
                             "mode": rng.choice(["pipe", "truck"], n), "kind": rng.choice(["direct", "hub_leg"], n),
                             "hub": rng.integers(-1, 2, n), "heat_pump_cop": rng.choice([np.nan, 3.0, 3.0 + 4e-10, 4.5], n)})

    own, union = links(int(rng.integers(0, 12))), links(int(rng.integers(1, 30)))
    runs = []
    for i in range(8):
        lk = own if i == 0 else union
        # few distinct flows, often the same on the same links: plans repeat
        flow = np.where(rng.random(len(lk)) < 0.3, rng.choice([1.0, 2.0], len(lk)), 0.0) if i % 3 else \
            np.where(np.arange(len(lk)) < 3, 1.0, 0.0)
        runs.append(_run(lk, flow, solved=bool(rng.random() > 0.1)))
    got, want = point_plans(runs), point_plans_by_tuples(runs)
    assert same_plans(got) == same_plans(want)
    for g, w in zip(got, want):
        assert (g is None) == (w is None)
        if g is not None:
            assert sorted(g[0].values()) == sorted(w[0].values()) and len(g[0]) == len(w[0]) and g[1] == w[1]


def _closure_case(rng: np.random.Generator, flows: list[str], nodes: list[str] | None, hubs: list[str] | None, n: int):
    scen = SimpleNamespace(flows=pd.DataFrame({"flow_id": flows}),
                           hubs=None if hubs is None else pd.DataFrame({"hub_id": hubs}))
    cand = SimpleNamespace(network=None if nodes is None else SimpleNamespace(nodes=pd.DataFrame({"node_id": nodes})),
                           links=pd.DataFrame({
                               "source_site": rng.choice(["A", "B"], n), "sink_site": rng.choice(["C", "D"], n),
                               "supply": rng.integers(0, len(flows), n), "demand": rng.integers(0, len(flows), n),
                               "kind": rng.choice(["direct", "hub_leg"], n), "mode": rng.choice(["pipe", "truck"], n),
                               "hub": rng.integers(-1, len(hubs or []), n),
                               "net_node": rng.integers(-1, len(nodes or []), n),
                               "heat_pump_cop": rng.choice([np.nan, 3.0, 4.5], n)}))
    return scen, cand


@pytest.mark.parametrize("seed", range(30))
def test_a_closures_carried_links_are_those_of_the_tuple_keys(seed):
    """The plan's scenario has flows f0..f5; the run without the company has them in another order
    with some gone (their links then match none), and its own node and hub numbering."""
    rng = np.random.default_rng(seed)
    flows = [f"f{k}" for k in range(6)]
    nodes, hubs = (["n0", "n1", "n2"], ["H0", "H1"]) if seed % 3 else (None, None)
    s0, c0 = _closure_case(rng, flows, nodes, hubs, int(rng.integers(0, 60)))
    kept = [f for f in rng.permutation(flows) if rng.random() > 0.2]
    s1, c1 = _closure_case(rng, kept or ["f0"], None if nodes is None else list(rng.permutation(nodes)),
                           None if hubs is None else list(rng.permutation(hubs)), int(rng.integers(0, 80)))
    plan = rng.random(len(c0.links)) < 0.5
    got = carried_links(_link_ids(s0, c0), plan, _link_ids(s1, c1))
    want = carried_by_tuples(closure_keys_by_tuples(s0, c0), plan, closure_keys_by_tuples(s1, c1))
    assert np.array_equal(got, want)


def test_a_closures_link_is_carried_once_per_time_the_plan_built_it():
    """By hand: the plan built A:f0 -> C:f1 by pipe twice (two candidates, same identity) and by
    truck not at all; the run without the company has that pipe link three times, the truck one
    once, and a pipe from A:f2 (a flow the plan's scenario numbered otherwise: f2 is its position
    0 there). The first two pipes are built, the third not, the truck not; A:f2's pipe is built
    (the plan built the link of f2 at its own position 2)."""
    s0 = SimpleNamespace(flows=pd.DataFrame({"flow_id": ["f0", "f1", "f2"]}), hubs=None)
    c0 = SimpleNamespace(network=None, links=pd.DataFrame({
        "source_site": ["A", "A", "A", "A"], "sink_site": ["C", "C", "C", "C"], "supply": [0, 0, 0, 2],
        "demand": [1, 1, 1, 1], "mode": ["pipe", "pipe", "truck", "pipe"]}))
    s1 = SimpleNamespace(flows=pd.DataFrame({"flow_id": ["f2", "f0", "f1"]}), hubs=None)
    c1 = SimpleNamespace(network=None, links=pd.DataFrame({
        "source_site": ["A"] * 5, "sink_site": ["C"] * 5, "supply": [1, 1, 1, 1, 0], "demand": [2, 2, 2, 2, 2],
        "mode": ["pipe", "truck", "pipe", "pipe", "pipe"]}))
    plan = np.array([True, True, False, True])
    assert carried_links(_link_ids(s0, c0), plan, _link_ids(s1, c1)).tolist() == [True, False, True, False, True]
