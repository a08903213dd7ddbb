"""The fixed work of a run made smaller without changing what it computes: ids looked up by a
dict (`ids.positions`), connected components by union-find, each column of a table read once
per run (`Scenario.reading`, `Candidates.column`), a network-only run's links read from the
arrays their frame was made of, the model handed to HiGHS in one call. Each is checked against
the way it was done before (pandas, scipy, the frame itself) on the same inputs."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

import eitflow.scenario as scenario_module
from eitflow.bench.fcnetlib import FcNet, fcnet_scenario
from eitflow.candidates.bridges import bridge_sides, undirected_components
from eitflow.candidates.generate import LINK_FIELDS, build_candidates
from eitflow.ids import positions
from eitflow.io.read import read_scenario
from eitflow.model.build import build_arrays
from eitflow.solve.driver import solve


def _small() -> FcNet:
    """n1 supplies 10; n2 needs 4, n3 needs 6; n4 is a junction; five arcs (as
    tests/test_network_overhead.py's). By hand (fixed + unit cost x flow): all through n2,
    n1->n2 (10 + 10) and n2->n3 (1 + 6), 27; all through n4, n1->n4->n3 (13 + 13) and n3->n2
    (1 + 4), 31; split, n1->n2 (10 + 4) and n1->n4->n3 (9 + 9), 32. The optimum costs 27."""
    t, h = np.array([0, 0, 3, 1, 2]), np.array([1, 3, 2, 2, 1])
    return FcNet("small", ["n1", "n2", "n3", "n4"], np.array([-10.0, 4.0, 6.0, 0.0]), t, h, ["a1"] * 5,
                 np.array([10.0, 3.0, 3.0, 1.0, 1.0]), np.ones(5), np.full(5, 10.0), 10.0)


@pytest.mark.parametrize("seed", range(3))
def test_positions_equal_pandas_get_indexer(seed):
    rng = np.random.default_rng(seed)
    for _ in range(50):
        keys = np.array([f"s{k}" for k in rng.permutation(int(rng.integers(0, 40)))], object)
        values = np.array([f"s{k}" for k in rng.integers(0, 50, int(rng.integers(0, 60)))], object)
        want = pd.Index(keys, dtype=object).get_indexer(values)
        got = positions(keys, values)
        assert got.dtype == np.int64 and got.tolist() == want.tolist()
    # lists, pandas string columns and missing values (-1, as pandas)
    sites = pd.Series(["A", "B", "C"], dtype="str")
    assert positions(sites, pd.Series(["C", "x", "A"], dtype="str")).tolist() == [2, -1, 0]
    assert positions(["A", "B"], [np.nan, "B"]).tolist() == [-1, 1]


@pytest.mark.parametrize("seed", range(3))
def test_union_find_components_equal_scipys_labels(seed):
    rng = np.random.default_rng(seed)
    for _ in range(200):
        n = int(rng.integers(1, 40))
        m = int(rng.integers(0, 60))
        a, b = rng.integers(0, n, m), rng.integers(0, n, m)       # loops, parallels, isolated nodes
        k, lab = connected_components(sp.coo_matrix((np.ones(m), (a, b)), shape=(n, n)), directed=False)
        k2, lab2 = undirected_components(n, a, b)
        assert k2 == k and lab2.dtype == lab.dtype and lab2.tolist() == lab.tolist()


def test_union_find_components_by_hand():
    # 0-2, 2-4 and 3-1: {0, 2, 4} first (label 0), {1, 3} (label 1), 5 alone (label 2)
    k, lab = undirected_components(6, np.array([2, 4, 3]), np.array([0, 2, 1]))
    assert k == 3 and lab.tolist() == [0, 1, 0, 1, 0, 2]


def test_bridge_sides_with_the_callers_components_equal_its_own():
    rng = np.random.default_rng(5)
    for _ in range(100):
        n = int(rng.integers(2, 20))
        a = np.arange(1, n)
        b = rng.integers(0, a)                       # a tree, so bridges, plus a few edges
        k = int(rng.integers(0, 4))
        a, b = np.r_[a, rng.integers(0, n, k)], np.r_[b, rng.integers(0, n, k)]
        vals = rng.random((n, 2))
        _, comp = undirected_components(n, a, b)
        for x, y in zip(bridge_sides(n, a, b, vals), bridge_sides(n, a, b, vals, comp)):
            assert np.array_equal(x, y)


def test_reading_reads_a_column_once_and_fresh_after():
    scen = fcnet_scenario(_small())
    first = scen.column("flows", "amount")
    assert scen.column("flows", "amount") is not first          # outside reading(): read each time
    with scen.reading():
        a = scen.column("flows", "amount")
        with scen.reading():                                   # nested: the same read
            assert scen.column("flows", "amount") is a
        assert scen.column("flows", "amount") is a and not a.flags.writeable
    assert scen._read == {} and scen._reading == 0
    # another frame in its place is read anew, even within the block
    with scen.reading():
        a = scen.column("flows", "amount")
        scen.flows = scen.flows.assign(amount=scen.flows["amount"] * 2)
        assert scen.column("flows", "amount").tolist() == (2 * a).tolist()


def test_a_frame_changed_between_two_runs_is_read_anew():
    # n1's supply raised in place from 10 to 12 after a first run: the second run's
    # connection of n1 can inject 12 (each run reads the flows afresh)
    scen = fcnet_scenario(_small())
    cand = build_candidates(scen)
    up = lambda c: c.links.loc[c.links["kind"] == "to_net", "upper"].tolist()  # noqa: E731
    assert up(cand) == [10.0]
    scen.flows.loc[scen.flows["site_id"] == "N1", "amount"] = 12.0
    assert up(build_candidates(scen)) == [12.0]


def test_a_solve_reads_no_column_twice(monkeypatch):
    # within one solve each column of flows is read from pandas once (the model, the forced
    # injections, the orphan check and the decomposition share it)
    scen = fcnet_scenario(_small())
    cand = build_candidates(scen)
    reads: list = []
    get, read = pd.DataFrame.__getitem__, scenario_module.frame_column

    def counting(self, key):
        if self is scen.flows:
            reads.append(key)
        return get(self, key)

    def counting_read(frame, key):   # `Scenario.column`'s read, without a Series
        if frame is scen.flows:
            reads.append(key)
        return read(frame, key)

    monkeypatch.setattr(pd.DataFrame, "__getitem__", counting)
    monkeypatch.setattr(scenario_module, "frame_column", counting_read)
    sol = solve(scen, cand)
    assert sorted(reads) == sorted(set(reads)) and "required" in reads
    assert sol.objective == pytest.approx(-27.0)


SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"


def _scenarios():
    yield fcnet_scenario(_small())
    for name in ("ludres_backbone", "redon_h2"):     # a network with hubs and links; hubs on links
        yield read_scenario(SCENARIOS / name / "scenario.yaml")


@pytest.mark.parametrize("k", range(3))
def test_columns_read_once_equal_the_frames(k):
    # Candidates.column (a network-only run: the arrays the frame was made of; else read from
    # the frame once) gives the frame's own arrays, and the model built from them is the model
    # built from a copy of the frame whose columns are all read from pandas
    scen = list(_scenarios())[k]
    cand = build_candidates(scen)
    for c in cand.links.columns:
        got, want = cand.column(c), cand.links[c].to_numpy()
        assert got.dtype == want.dtype and not got.flags.writeable
        assert np.array_equal(got, want) if want.dtype.kind in "biu" else \
            pd.Series(got).equals(pd.Series(want)), c
    fresh = dataclasses.replace(cand, links=cand.links.copy())
    assert fresh._columns == {}
    a, b = build_arrays(scen, cand), build_arrays(scen, fresh)
    assert (a.A != b.A).nnz == 0 and a.row_names == b.row_names
    for x, y in ((a.c, b.c), (a.lb, b.lb), (a.ub, b.ub), (a.row_lo, b.row_lo), (a.row_hi, b.row_hi),
                 (a.integrality, b.integrality)):
        assert np.array_equal(x, y)


def test_network_only_links_take_their_arrays_and_others_not():
    only = build_candidates(fcnet_scenario(_small()))
    # every column read is the connections' own array (read-only), no frame made (speed10: each
    # taken when first asked, no longer all 25 up front)
    assert only._link_cols is not None and list(only._link_cols) == LINK_FIELDS
    for name in LINK_FIELDS:
        got = only.column(name)
        assert np.shares_memory(got, only._link_cols[name]) and not got.flags.writeable
    assert only._frame is None
    mixed = build_candidates(read_scenario(SCENARIOS / "redon_h2" / "scenario.yaml"))
    assert mixed._columns == {}


def test_an_lp_and_a_mip_passed_in_one_call():
    # max x0 + x1 s.t. x0 + x1 <= 1.5, 0 <= x <= 1: the LP reaches 1.5 with a row dual of 1;
    # with x0 integer the MIP reaches 1.5 as well (x0 = 1, x1 = 0.5), x0 integral
    from eitflow.solve.highs import _passed

    A = sp.csr_matrix(np.array([[1.0, 1.0]]))
    args = (A, np.ones(2), np.zeros(2), np.ones(2))
    h = _passed(*args, np.zeros(2, np.int8), np.array([-np.inf]), np.array([1.5]))
    h.run()
    assert h.getInfo().objective_function_value == pytest.approx(1.5)
    assert h.getSolution().dual_valid and h.getSolution().row_dual[0] == pytest.approx(1.0)
    h = _passed(*args, np.array([1, 0], np.int8), np.array([-np.inf]), np.array([1.5]))
    h.run()
    x = h.getSolution().col_value
    assert h.getInfo().objective_function_value == pytest.approx(1.5) and x[0] == pytest.approx(1.0)
    assert not h.getSolution().dual_valid          # a MIP: no duals


def test_row_names_are_made_when_first_read_as_they_were():
    # a pair A -> B with monthly profiles (12 periods): every row named as by hand, the same
    # after a trip through pickle (a plain list there), and the lazy blocks bound to their rows
    import pickle

    from eitflow import scenario_from_frames
    from eitflow.model.blocks import RowNames

    sites = pd.DataFrame({"site_id": ["A", "B"], "lat": [45.0, 45.01], "lon": [4.0, 4.0]})
    flows = pd.DataFrame({"flow_id": ["s", "d"], "site_id": ["A", "B"], "direction": ["supply", "demand"],
                          "resource": ["heat", "heat"], "amount": [20000.0, 10000.0], "unit": "MWh/yr",
                          "temperature_c": [130.0, 70.0], "price_eur_per_unit": [0.0, 60.0],
                          "monthly_profile": ["", "0.1667;0.1667;0.1666;0;0;0;0;0;0;0.1667;0.1667;0.1666"]})
    scen = scenario_from_frames(sites, flows)
    arr = build_arrays(scen, build_candidates(scen))
    assert isinstance(arr.row_names, RowNames) and len(arr.row_names) == arr.A.shape[0]
    months = [f"_m{t}" for t in range(1, 13)]
    want = [f"supply_s{m}" for m in months] + [f"demand_d{m}" for m in months] + [f"link_0_max{m}" for m in months]
    assert list(arr.row_names) == want and arr.row_names[13] == "demand_d_m2"
    assert pickle.loads(pickle.dumps(arr.row_names)) == want
    names = RowNames()
    names.add(["a"])
    names.add(lambda: ["b", "c"], 2)
    assert len(names) == 3 and names + ["d"] == ["a", "b", "c", "d"] and names == ["a", "b", "c"]
    bad = RowNames()
    bad.add(lambda: ["x"], 2)
    with pytest.raises(ValueError, match="1 row names made for 2 rows"):
        list(bad)
