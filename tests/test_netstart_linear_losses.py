"""The spanning-tree start on networks whose sizes are linear (`solve.netstart`, step 3): a linear
size's losses grow with its capacity K, so the LPs that settle the sizes must keep the row tying K
to the flow. With it lifted, three towns of the synthetic region had no start at all (every try
infeasible once the rows were enforced), and with about one core the region's run on
`network_region(seed=2)` ended its 300 s with no plan (2026-12-07)."""

from __future__ import annotations

import numpy as np
import pytest

from eitflow.bench import netsynth
from eitflow.candidates.generate import build_candidates
from eitflow.model.build import build_arrays
from eitflow.solve.check import check_solution
from eitflow.solve.decompose import _batches, components
from eitflow.solve.highs import relaxation
from eitflow.solve.netnode import required_node_cuts
from eitflow.solve.netstart import network_start, settle_rows_hi
from test_network import _scenario


def _towns(seed: int, picks: list[int]):
    """Towns `picks` of the synthetic region of `seed`, as the run builds them (batches in the
    driver's order, with their required-node rows)."""
    scen = netsynth.network_region(seed=seed)
    cand = build_candidates(scen)
    ncomp, comp = components(scen, cand)
    batches = _batches(comp, ncomp)
    return scen.params.solver, [required_node_cuts(build_arrays(scen, cand, batches[k]))[0] for k in picks]


@pytest.mark.parametrize(("seed", "towns", "tree_mip"), [
    (2, [30, 39], False), (0, [38], False), (7, [11], False),
    pytest.param(5, [6], True, marks=pytest.mark.slow), pytest.param(7, [0, 37], True, marks=pytest.mark.slow)])
def test_tight_towns_get_a_tree_start(seed, towns, tree_mip):
    """Every demand of these towns is required. Before, `network_start` returned None on each:
    seed 2's towns 30 and 39 and seed 0's 38 at step 4 on every forest (the settling LPs ignored
    the losses that grow with a linear size), seed 7's town 11 at once (the LP on the first tree
    is infeasible, and no other forest was tried), seed 5's town 6 and seed 7's 0 and 37 on every
    forest even with those losses (sizes chosen from the LP's flows never carried them; HiGHS on
    the first tree does: `tree_mip`). Now a point that satisfies every row and bound of the
    town's model (`check_solution`, the run's own check against the arrays), whose value is
    within the LP relaxation's bound (a second, independent solve: the LP of the same arrays)."""
    opts, arrs = _towns(seed, towns)
    for arr in arrs:
        z, info = network_start(arr, opts, 60.0)
        assert z is not None, info
        assert info.get("tree_mip", False) == tree_mip
        assert check_solution(arr, z) == []
        lp = relaxation(arr, opts, 60.0)
        assert lp is not None
        assert float(arr.c @ z) <= lp[0] + 1e-6 * abs(lp[0])


def test_settle_rows_keep_linear_capacity_rows():
    """The line A - B - C with two sizes (test_network's FLUID): with discrete sizes both
    corridors' capacity rows are lifted for the settling LPs; with linear sizing (K a column,
    losses 15 + 5 K W/m) both are kept at their bound 0, since only they tie K to the flow."""
    sites = {"site_id": ["A", "B", "C"], "lat": [45.0, 45.01, 45.02], "lon": [4.0, 4.0, 4.0]}
    flows = {"site_id": ["A", "B", "C"], "direction": ["supply", "demand", "demand"], "resource": "fluid",
             "amount": [30000.0, 8000.0, 6000.0], "unit": "MWh/yr", "price_eur_per_unit": [2.0, 90.0, 90.0]}
    corridors = {"resource": "fluid", "from": ["A", "B"], "to": ["B", "C"], "length_km": [1.0, 1.0]}
    for extra, lifted in (({}, True), ({"networks": {"fluid": {"sizing": "linear"}}}, False)):
        scen = _scenario(sites, flows, corridors, **extra)
        arr = build_arrays(scen, build_candidates(scen))
        rows = arr.rows["net_capacity"]
        hi = settle_rows_hi(arr)
        assert len(rows) == 2
        assert np.all(np.isinf(hi[rows.start:rows.stop])) == lifted
        assert np.all(hi[rows.start:rows.stop] == 0.0) != lifted
        others = np.r_[0:rows.start, rows.stop:len(hi)]
        assert np.array_equal(hi[others], arr.row_hi[others])
