"""The fixed work of small plain networks cut again (issue #15: FCNetLib's smallest instances,
where eitflow's work around HiGHS's run was more than plain HiGHS's whole run), each short cut
checked against the way it was done before on the same inputs, with the old code kept here
as the reference."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from eitflow.bench.fcnetlib import FcNet, fcnet_scenario
from eitflow.solve.leastsize import least_options


def _least_options_before(arr, z):
    """`solve.leastsize.least_options` as it was: one loop step per built corridor."""
    nb = arr.network
    T = arr.periods
    o = nb.opt_col0 + np.arange(len(nb.options))
    is_lin = np.zeros(len(nb.options), bool)
    is_lin[nb.lin] = True
    y = (z[o] > 0.5).astype(float)
    flow = z[nb.arc_col0:nb.arc_col0 + len(nb.arcs) * T].reshape(len(nb.arcs), T)
    nC = int(max(nb.opt_corridor.max(), nb.a_corridor.max(initial=-1))) + 1
    through = np.zeros((nC, T))
    np.add.at(through, nb.a_corridor, flow)
    carried = np.zeros(nC, bool)
    np.logical_or.at(carried, nb.a_corridor, (flow > 0.0).any(axis=1))
    held = np.zeros(nC, bool)
    held[nb.opt_corridor[arr.lb[o] > 0.5]] = True
    y[~carried[nb.opt_corridor] & ~held[nb.opt_corridor]] = 0.0
    cost = -nb.cost[o - nb.arc_col0]
    for j in np.flatnonzero((y > 0.5) & ~is_lin & ~held[nb.opt_corridor]):
        k = nb.opt_corridor[j]
        if int(((y > 0.5) & (nb.opt_corridor == k)).sum()) != 1:
            continue
        same = np.flatnonzero((nb.opt_corridor == k) & ~is_lin & (nb.opt_way == nb.opt_way[j]) & (arr.ub[o] > 0.5))
        fits = np.union1d(same[np.all(nb.capacity_t[same] >= through[k] * (1 - 1e-9) - 1e-9, axis=1)], [j])
        y[j] = 0.0
        y[fits[np.argmin(cost[fits])]] = 1.0
    return y


def _random_network(rng: np.random.Generator):
    """A network block as `least_options` reads it: C corridors with 1-5 sizes each (shuffled
    so a corridor's sizes are not always together), one or two arcs each, T periods, some
    sizes linear, some of one way, some ruled out (ub 0) or held on (lb 1), costs with ties,
    and a solution z with 0-3 sizes built per corridor and flows of either size."""
    C = int(rng.integers(1, 12))
    T = int(rng.choice([1, 1, 3, 12]))
    per = rng.integers(1, 6, C)
    oc = np.repeat(np.arange(C), per)
    if rng.random() < 0.5:
        oc = rng.permutation(oc)
    nO = len(oc)
    two = rng.random(C) < 0.5
    a_cor = np.r_[np.arange(C), np.flatnonzero(two)]
    nA = len(a_cor)
    lin = np.flatnonzero(rng.random(nO) < 0.15)
    way = np.where(rng.random(nO) < 0.3, rng.integers(0, 2, nO), -1)
    cap = np.round(rng.uniform(0, 10, (nO, 1)) * np.ones((1, T)), 0)   # integers: ties and exact fits
    cost = -np.round(rng.uniform(0, 5, nO), 0)                          # the net benefit: costs negated
    arc_col0, opt_col0 = 0, nA * T
    nb = SimpleNamespace(options=np.arange(nO), opt_corridor=oc, a_corridor=a_cor, arcs=np.arange(nA),
                         arc_col0=arc_col0, opt_col0=opt_col0, lin=lin, opt_way=way, capacity_t=cap,
                         cost=np.r_[np.zeros(nA * T), cost])
    n = opt_col0 + nO
    lb, ub = np.zeros(n), np.full(n, 1e9)
    ub[opt_col0:] = (rng.random(nO) > 0.1).astype(float)
    lb[opt_col0:] = ((rng.random(nO) < 0.05) & (ub[opt_col0:] > 0)).astype(float)
    z = np.zeros(n)
    z[:opt_col0] = np.where(rng.random(nA * T) < 0.6, np.round(rng.uniform(0, 6, nA * T), 0), 0.0)
    z[opt_col0:] = (rng.random(nO) < 0.4).astype(float) * rng.choice([1.0, 0.9999999, 0.6], nO)
    return SimpleNamespace(network=nb, periods=T, lb=lb, ub=ub), z


@pytest.mark.parametrize("seed", range(2))
def test_least_options_as_before(seed):
    # 400 random networks a seed: the same sizes as the loop over corridors gave, bit for bit
    rng = np.random.default_rng(seed)
    changed = 0
    for _ in range(400):
        arr, z = _random_network(rng)
        got, want = least_options(arr, z), _least_options_before(arr, z)
        assert np.array_equal(got, want)
        changed += not np.array_equal(want, (z[arr.network.opt_col0:] > 0.5).astype(float))
    assert changed > 80   # the cases move sizes: not only plans left as they are


def _stack_before(parts, columns):
    """`candidates.network._stack` as it was: every part's scalar made an array, then concatenated."""
    if not parts:
        return {c: np.zeros(0, object) for c in columns}
    out = {}
    sizes = [next(len(v) for v in p.values() if isinstance(v, np.ndarray)) for p in parts]
    for key in parts[0]:
        vals = []
        for p, n in zip(parts, sizes):
            v = p[key]
            vals.append(v if isinstance(v, np.ndarray) else np.full(n, v, object if isinstance(v, str) else None))
        out[key] = np.concatenate(vals) if len(vals) > 1 else vals[0]
    return out


@pytest.mark.parametrize("seed", range(3))
def test_stack_columns_as_before(seed):
    # scalars the same in every part or not (strings, ints, floats, inf, NaN, bools, None), arrays
    # of several dtypes, one to four parts: the same columns, dtypes and values
    from eitflow.candidates.nettables import stack_columns

    rng = np.random.default_rng(seed)
    scalars = ["to_net", "from_net", -1, 0, 1.0, 0.0, np.inf, np.nan, False, True, None, np.int64(-1), "network:heat"]
    for _ in range(300):
        keys = [f"c{i}" for i in range(int(rng.integers(1, 8)))]
        parts = []
        for _p in range(int(rng.integers(1, 5))):
            n = int(rng.integers(0, 6))
            part = {"first": np.arange(n)}
            for k in keys:
                r = rng.random()
                if r < 0.3:
                    part[k] = rng.choice([np.arange(n, dtype=np.int64), rng.random(n), np.full(n, "s", object),
                                          rng.random(n) < 0.5])
                elif r < 0.6 and parts:
                    part[k] = parts[0][k]   # the same as the first part's
                else:
                    part[k] = scalars[int(rng.integers(len(scalars)))]
            parts.append(part)
        got, want = stack_columns(parts, []), _stack_before(parts, [])
        assert list(got) == list(want)
        for k in want:
            assert got[k].dtype == want[k].dtype and got[k].shape == want[k].shape, k
            assert all(type(a) is type(b) and ((a is b) or (a == b) or (a != a and b != b))
                       for a, b in zip(got[k].tolist(), want[k].tolist())), k
    assert stack_columns([], ["a"])["a"].dtype == object


def test_folded_arrays_handed_to_highs_as_the_matrix_was():
    # the fold's column-wise arrays passed straight to HiGHS (no scipy matrix made of them): the
    # model HiGHS holds is the one the scipy matrix `Folded.A` gave, entry for entry (explicit
    # zeros included), on 200 random models with fixed columns
    import scipy.sparse as sp

    from eitflow.solve.fold import fold_fixed
    from eitflow.solve.highs import _passed

    rng = np.random.default_rng(7)
    compared = 0
    for _ in range(200):
        m, n = (int(k) for k in rng.integers(1, 9, 2))
        A = sp.random(m, n, density=float(rng.uniform(0.1, 0.6)), random_state=int(rng.integers(1 << 30)),
                      format="csr")
        if A.nnz and rng.random() < 0.3:
            A.data[int(rng.integers(0, A.nnz))] = 0.0
        ub = rng.uniform(1.0, 5.0, n)
        lb = np.where(rng.random(n) < 0.3, ub, 0.0)
        fo = fold_fixed(A, rng.random(n), lb, ub, (rng.random(n) < 0.5).astype(np.int8), np.full(m, -np.inf),
                        np.full(m, 1e6))
        if fo is None:
            continue
        got, want = (_passed(a, fo.c, fo.lb, fo.ub, fo.integrality, fo.row_lo, fo.row_hi, fo.offset).getLp()
                     for a in (fo.columnwise, fo.A))
        for part in ("start_", "index_", "value_"):
            assert np.array_equal(getattr(got.a_matrix_, part), getattr(want.a_matrix_, part)), part
        assert (got.num_row_, got.num_col_) == (want.num_row_, want.num_col_) == fo.A.shape
        compared += 1
    assert compared > 100


def test_useful_options_one_a_corridor_all_kept():
    # a corridor with one option (own costs: FCNetLib's, corridors.csv's) has none to be
    # dominated by: all kept, as the comparison of every pair gave (`_useful_options` before
    # the short cut: the same function on a model where one corridor has two options, then
    # that corridor's second option dropped)
    from eitflow.model.network import _useful_options

    rng = np.random.default_rng(3)
    for _ in range(200):
        nC = int(rng.integers(1, 20))
        o_cor = np.sort(rng.permutation(nC)[:int(rng.integers(1, nC + 1))])
        nO = len(o_cor)
        cap, F, L = rng.uniform(0, 10, nO), rng.uniform(0, 5, nO), rng.uniform(0, 1, nO)
        a_cor = np.r_[np.arange(nC), rng.integers(0, nC, int(rng.integers(0, nC + 1)))]
        m = rng.uniform(0, 12, len(a_cor))
        assert _useful_options(o_cor, cap, F, L, m, a_cor, nC).all()
        # the general comparison on the same options plus a twin of the first (dominated: same
        # capacity, dearer), whose own options keep their verdict
        o2 = np.sort(np.r_[o_cor, o_cor[0]], kind="stable")
        at = int(np.searchsorted(o2, o_cor[0], side="right")) - 1
        ins = lambda v, x: np.insert(v, at, x)   # noqa: E731
        keep = _useful_options(o2, ins(cap, cap[0]), ins(F, F[0] + 1.0), ins(L, L[0]), m, a_cor, nC)
        assert keep.sum() == nO and not keep[at]


# ------------------------------------------------------------------ branch fcpath's short cuts
def _positions_before(keys, values):
    """`ids.positions` as it was: a dict comprehension and a generator per value."""
    from eitflow.ids import _as_list

    at = {k: i for i, k in enumerate(_as_list(keys))}
    vals = _as_list(values)
    return np.fromiter((at.get(v, -1) for v in vals), np.int64, len(vals))


def test_positions_as_before():
    # ids as object arrays, lists and int arrays; values missing, repeated, NaN and None among
    # them; keys repeated (a later one shadows, as the comprehension did): the same positions
    from eitflow.ids import positions

    rng = np.random.default_rng(11)
    pool = [f"n{i}" for i in range(30)] + [7, 7.0, None, float("nan"), "", "Fléville"]
    for _ in range(500):
        keys = [pool[int(k)] for k in rng.integers(0, len(pool), int(rng.integers(0, 25)))]
        values = [pool[int(k)] for k in rng.integers(0, len(pool), int(rng.integers(0, 40)))]
        for kk, vv in ((keys, values), (np.asarray(keys, object), np.asarray(values, object)),
                       (np.arange(len(keys)), rng.integers(-2, len(keys) + 2, len(values)))):
            got, want = positions(kk, vv), _positions_before(kk, vv)
            assert got.dtype == want.dtype == np.int64 and np.array_equal(got, want)


def _as_built_before(cols):
    """`candidates.linkorder.as_built` as it was: `link_order`'s lexsort compared with 0..n-1."""
    from eitflow.candidates.linkorder import LINK_FIELDS
    from eitflow.candidates.linkorder import link_order as _link_order

    if list(cols) != LINK_FIELDS or any(cols[c].dtype != np.int64 for c in ("supply", "demand", "hub", "hub_node",
                                                                            "net_node")):
        return False
    order = _link_order(cols.__getitem__)
    return order is not None and bool(np.array_equal(order, np.arange(len(order))))


def test_as_built_as_before():
    # link columns sorted, nearly sorted (one pair swapped) and shuffled, with ties, kinds that
    # are strings or not, float or int keys: the same verdict as the sort gave, both ways often
    from eitflow.candidates.linkorder import LINK_FIELDS
    from eitflow.candidates.linkorder import as_built as _as_built

    rng = np.random.default_rng(5)
    verdicts = []
    for _ in range(600):
        n = int(rng.integers(0, 12))
        kinds = rng.choice(["from_net", "to_net", "direct", "hub_in"], n).astype(object)
        cols = {c: np.zeros(n, np.int64) for c in LINK_FIELDS}
        cols["kind"] = kinds
        for c in ("hub_node", "supply", "demand"):
            cols[c] = rng.integers(-1, 3, n).astype(np.int64)
        if rng.random() < 0.6:   # sorted by (kind, hub_node, supply, demand), ties kept
            order = np.lexsort([cols["demand"], cols["supply"], cols["hub_node"], np.unique(kinds.astype(str),
                                                                                           return_inverse=True)[1]])
            cols = {c: v[order] for c, v in cols.items()}
            if n > 1 and rng.random() < 0.3:
                i = int(rng.integers(0, n - 1))
                swap = np.r_[np.arange(i), i + 1, i, np.arange(i + 2, n)]
                cols = {c: v[swap] for c, v in cols.items()}
        if n and rng.random() < 0.05:
            cols["kind"] = cols["kind"].copy()
            cols["kind"][0] = 3   # not a string: pandas' sort decides, never as built
        if rng.random() < 0.05:
            cols["supply"] = cols["supply"].astype(float)
        got = _as_built(cols)
        assert got == _as_built_before(cols)
        verdicts.append(got)
    assert 100 < sum(verdicts) < 500


def test_as_built_sorts_nothing(monkeypatch):
    # a network's connections in order are found so without `_link_order`'s sort and np.unique
    # of their kinds (before: both, 35 us of FCNetLib sp50x100's run, whose HiGHS run is 3 ms)
    import eitflow.candidates.linkorder as linkorder

    def refused(*a, **k):
        raise AssertionError("sorted")

    monkeypatch.setattr(linkorder, "link_order", refused)
    cols = {c: np.zeros(3, np.int64) for c in linkorder.LINK_FIELDS}
    cols["kind"] = np.array(["from_net", "from_net", "to_net"], object)
    cols["demand"] = np.array([1, 2, -1], np.int64)
    cols["supply"] = np.array([-1, -1, 0], np.int64)
    assert linkorder.as_built(cols)
    cols["demand"] = np.array([2, 1, -1], np.int64)   # two connections swapped: not as built
    assert not linkorder.as_built(cols)


def _one_option_network(rng: np.random.Generator):
    """`_random_network` with one size a corridor (own costs, as FCNetLib's every corridor)."""
    while True:
        arr, z = _random_network(rng)
        nb = arr.network
        first = np.r_[True, np.diff(np.sort(nb.opt_corridor)) != 0]
        if first.all():
            return arr, z


def test_least_options_one_option_a_corridor_compares_nothing(monkeypatch):
    # every built size its corridor's only option: nothing to compare, the sizes as the pairs
    # gave them (`_least_options_before`, the loop), without the pairs' sort (before: one lexsort
    # and an argsort a solve, 0.14 ms of FCNetLib sp50x100's fixed work)
    rng = np.random.default_rng(9)
    cases = [_one_option_network(rng) for _ in range(60)]
    want = [_least_options_before(arr, z) for arr, z in cases]

    def refused(*a, **k):
        raise AssertionError("sorted")

    monkeypatch.setattr(np, "lexsort", refused)
    unbuilt = 0
    for (arr, z), w in zip(cases, want):
        got = least_options(arr, z)
        assert np.array_equal(got, w)
        unbuilt += int(((z[arr.network.opt_col0:] > 0.5) & (got < 0.5)).sum())
    assert unbuilt > 3   # idle corridors are still unbuilt on this path


def test_leg_first_connections_without_unique(monkeypatch):
    # connections of flows each once and in order: every one is its flow's first (pays the
    # substation, keeps the minimum amount), found without np.unique's sort; a supply in two
    # bands still pays once (its first band). By hand on the 4-node network (tests'
    # `_small`): n1's supply 10 t/yr; with a substation of 1,000 EUR and min_amount 2 t/yr
    from eitflow.candidates.costs import network_leg_coefficients

    t, h = np.array([0, 0, 3, 1, 2]), np.array([1, 3, 2, 2, 1])
    inst = FcNet("small", ["n1", "n2", "n3", "n4"], np.array([-10.0, 4.0, 6.0, 0.0]), t, h, ["a1"] * 5,
                 np.array([10.0, 3.0, 3.0, 1.0, 1.0]), np.ones(5), np.full(5, 10.0), 10.0)
    scen = fcnet_scenario(inst)
    scen.catalogue["good"].network.connection_investment_eur = 1000.0
    scen.flows["min_amount"] = 2.0
    twice = network_leg_coefficients(scen, "to_net", "good", np.array([0, 0]), None, np.array([0.5, 0.5]))
    assert twice["investment_eur"].tolist() == [1000.0, 0.0] and twice["lower"].tolist() == [2.0, 0.0]

    def refused(*a, **k):
        raise AssertionError("sorted")

    monkeypatch.setattr(np, "unique", refused)
    once = network_leg_coefficients(scen, "from_net", "good", np.array([1, 2]))   # n2's and n3's demands
    assert once["investment_eur"].tolist() == [1000.0] * 2 and once["lower"].tolist() == [2.0] * 2


def _run_arrays(scen):
    """The models handed to HiGHS in a run of `scen` and its solution's columns."""
    import eitflow.solve.driver as driver
    import eitflow.solve.highs as highs
    from eitflow.candidates.generate import build_candidates

    seen = []
    solve_highs = highs.solve_highs

    def kept(arr, *a, **k):
        seen.append([arr.A.indptr, arr.A.indices, arr.A.data, arr.c, arr.lb, arr.ub, arr.integrality, arr.row_lo,
                     arr.row_hi])
        return solve_highs(arr, *a, **k)

    highs.solve_highs = driver.solve_highs = kept
    try:
        with scen.reading():
            cand = build_candidates(scen)
            sol = driver.solve(scen, cand)
    finally:
        highs.solve_highs = driver.solve_highs = solve_highs
    cols = [v for _, v in sorted(vars(sol).items()) if isinstance(v, np.ndarray)]
    return seen, cols + [np.asarray(v) for v in cand.network.option_arrays.values()], sol.objective


@pytest.mark.parametrize("name", ["sp50x100", "l61x114", "sp90x250", "ludres_backbone", "dunkerque_dh"])
def test_runs_as_before(monkeypatch, name):
    # whole runs with the short cuts and with the code before them (kept above: `ids.positions`
    # in every module that imported it, `as_built`, `least_options`): the same models handed to
    # HiGHS (matrix, costs, bounds, row bounds, integrality), solutions, sizes and objective,
    # bit for bit, on FCNetLib instances and the bundled network scenarios
    import sys
    from pathlib import Path

    import eitflow.candidates.generate as generate
    import eitflow.ids as ids
    import eitflow.solve.leastsize as leastsize
    from eitflow.bench.fcnetlib import read_fcnet
    from eitflow.io.read import read_scenario

    root = Path(__file__).resolve().parents[1]
    if name.startswith(("sp", "l6")):
        path = root.parent / "shared" / "data" / "benchmarks" / "fcnetlib" / f"{name}.inc"
        if not path.exists():
            pytest.skip(f"{path} not found")
        scen = fcnet_scenario(read_fcnet(path), time_limit_s=60.0)
    else:
        scen = read_scenario(root / "scenarios" / name / ("scenario.yaml" if name == "ludres_backbone"
                                                          else "network.yaml"))
    got = _run_arrays(scen)
    for m in list(sys.modules.values()):
        if getattr(m, "positions", None) is ids.positions:
            monkeypatch.setattr(m, "positions", _positions_before)
    monkeypatch.setattr(generate, "as_built", _as_built_before)
    monkeypatch.setattr(leastsize, "least_options", _least_options_before)
    want = _run_arrays(scen)
    assert len(got[0]) == len(want[0]) >= 1 and got[2] == want[2]
    for g, w in zip(got[0] + [got[1]], want[0] + [want[1]]):
        assert len(g) == len(w)
        for a, b in zip(g, w):
            assert a.dtype == b.dtype and a.shape == b.shape
            assert np.array_equal(a, b, equal_nan=a.dtype.kind == "f") if a.dtype != object \
                else a.tolist() == b.tolist()
