"""The fixed work of small plain networks cut again (issue #15: FCNetLib's smallest instances,
where eitflow's work around HiGHS's run was more than plain HiGHS's whole run), each short cut
checked against the way it was done before on the same inputs, with the old code kept here
as the reference."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

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
            assert all((a is b) or (a == b) or (a != a and b != b) for a, b in zip(got[k].tolist(), want[k].tolist())), k
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
