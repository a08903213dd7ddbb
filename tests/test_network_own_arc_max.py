"""Issue #15: a network whose sites feed each other in opposite seasons (each site both injects
and withdraws, so the same-site rule tracks each one's own heat f, `model.netsame`) had a weak
LP: a corridor had to be open only the share x / M of all the heat that could pass it. The rows
own_arc_max link each site's own heat to the corridor's switches, f_at <= S_st (switches of the
arc's way), S_st what the site can inject that month: the LP bound of benchmarks/twoway_grid.py's
4 x 4 grid falls from 4.14 to 3.71 MEUR/yr. They cut off no plan (module docstring of
`model.netsame`): the optima below are the same with and without them."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import eitflow
import eitflow.model.netsame as netsame
from eitflow.candidates.generate import build_candidates
from eitflow.model.build import build_arrays
from test_network_idle_months import SUMMER, WINTER, _two_seasons


def _row(arr, name: str) -> dict[str, list[float]]:
    """Coefficients of the row `name` by column block (their sum per block kept apart)."""
    i = list(arr.row_names).index(name)
    r = arr.A.getrow(i)
    out: dict[str, list[float]] = {}
    for c, v in zip(r.indices, r.data):
        blk = next(b for b in arr.cols if b.start <= c < b.start + len(b))
        out.setdefault(blk.name, []).append(float(v))
    return out


def test_a_sites_own_heat_on_a_corridor_is_at_most_what_it_injects_that_month():
    """X and Y 1 km apart (tests/test_network_idle_months.py): X rejects 6,000 MWh/yr from April
    to September (1,000 MWh a month, the month's share 0.1666666667 of 6,000 = 1,000.0000002)
    and buys in winter, Y the reverse; one corridor c1 X -> Y (arc 0, its one-way binary d_t:
    1 where it carries X -> Y in month t), three linear sizes (either way, X -> Y, Y -> X).
    By hand, X's own heat in June (m6) on X -> Y: f <= 1,000 d_6; on Y -> X: f <= 1,000 (the
    three sizes - d_6); in January (m1) X injects nothing: f <= 0. Before, no such row: X's heat
    was bounded only by the arc's flow (own_carry)."""
    arr = build_arrays(_two_seasons("linear"), build_candidates(_two_seasons("linear")))
    S = 6000 * 0.1666666667
    june = _row(arr, "site_X_own_arc_max_0_m6")
    assert june["own_arc"] == [1.0] and june["own_way"] == pytest.approx([-S], rel=1e-12) and "size" not in june
    back = _row(arr, "site_X_own_arc_max_1_m6")
    assert back["own_arc"] == [1.0] and back["own_way"] == pytest.approx([S], rel=1e-12)
    assert back["size"] == pytest.approx([-S] * 3, rel=1e-12)
    january = _row(arr, "site_X_own_arc_max_0_m1")
    assert january["own_arc"] == [1.0] and all(v == 0.0 for v in january.get("own_way", []))
    i = list(arr.row_names).index("site_X_own_arc_max_0_m1")
    assert arr.row_hi[i] == 0.0 and arr.row_lo[i] == -np.inf
    # the optimum worked out by hand in test_network_idle_months (510,327.90 EUR/yr) is kept
    assert eitflow.optimise(_two_seasons("linear")).objective == pytest.approx(510_327.90, abs=0.01)


def _count(arr) -> int:
    """Rows of the block own_arc_max."""
    return sum(len(b) for b in arr.rows if b.name == "own_arc_max")


def _mesh(seed: int, sizing: str, n: int):
    """n sites (4-6) within about 2 km, each rejecting 100 degC heat in one season and buying
    60 degC heat in the other (seasons drawn; S0 and S1 both roles, the others drawn), a random connected
    mesh of corridors (a ring and two chords), monthly profiles."""
    rng = np.random.default_rng(seed)
    ids = [f"S{i}" for i in range(n)]
    sites = pd.DataFrame({"site_id": ids, "lat": 48.0 + rng.uniform(0, 0.018, n),
                          "lon": 2.0 + rng.uniform(0, 0.027, n)})
    rows = []
    for k, s in enumerate(ids):
        summer = bool(rng.integers(2))
        role = int(rng.integers(3)) if k > 1 else 0     # 0: both (S0, S1 at least), 1: supply only, 2: demand only
        if role != 2:
            rows.append((f"{s}s", s, "supply", float(rng.uniform(2000, 9000)), 100.0, 0.0, SUMMER if summer else WINTER))
        if role != 1:
            rows.append((f"{s}d", s, "demand", float(rng.uniform(2000, 9000)), 60.0, float(rng.uniform(30, 60)),
                         WINTER if summer else SUMMER))
    flows = pd.DataFrame(rows, columns=["flow_id", "site_id", "direction", "amount", "temperature_c",
                                        "price_eur_per_unit", "monthly_profile"])
    flows["resource"], flows["unit"] = "heat", "MWh/yr"
    pairs = [(i, (i + 1) % n) for i in range(n)] + [(0, 2), (1, n - 1)]
    corridors = pd.DataFrame({"corridor_id": [f"c{a}_{b}" for a, b in pairs], "resource": "heat",
                              "from": [ids[a] for a, _ in pairs], "to": [ids[b] for _, b in pairs],
                              "length_km": np.round(rng.uniform(0.3, 1.5, len(pairs)), 2)})
    return eitflow.scenario_from_frames(
        sites, flows, corridors=corridors, carbon_price_eur_per_t=0.0, discount_rate=0.05, lifetime_years=20.0,
        max_distance_km={"heat": 0.01}, networks={"heat": {"temperature_c": 80.0, "sizing": sizing}},
        # the guard needs both optima proven: 15-18 s each quiet on the largest meshes, past the
        # default 60 s under load (two ended "feasible" on a loaded machine), hence no time pressure
        solver={"mip_gap": 1e-7, "time_limit_s": 900.0})


@pytest.mark.parametrize("seed, sizing, n", [(0, "linear", 4), (1, "linear", 5), (2, "linear", 6),
                                             (7, "discrete", 4), (4, "discrete", 5), (5, "linear", 5)])
@pytest.mark.slow
def test_the_rows_keep_the_optimum_of_random_two_season_meshes(monkeypatch, seed, sizing, n):
    """The exactness guard: each mesh solved to optimality (gap 1e-7) with the rows and without
    them (the model as before, a second route) has the same optimum; the LP bound with them is no
    looser, and no lower than that optimum."""
    from eitflow.solve.highs import relaxation

    scen = _mesh(seed, sizing, n)
    arr = build_arrays(scen, build_candidates(scen))
    assert _count(arr) > 0
    with_rows = eitflow.optimise(_mesh(seed, sizing, n))
    lp_with = relaxation(arr, scen.params.solver, 60)[0]
    monkeypatch.setattr(netsame, "OWN_ARC_MAX", False)
    scen = _mesh(seed, sizing, n)
    plain = build_arrays(scen, build_candidates(scen))
    assert _count(plain) == 0
    without = eitflow.optimise(_mesh(seed, sizing, n))
    lp_without = relaxation(plain, scen.params.solver, 60)[0]
    assert with_rows.status == without.status == "optimal"
    assert with_rows.objective == pytest.approx(without.objective, rel=1e-6, abs=0.01)
    assert with_rows.objective <= lp_with + 1e-6 * abs(lp_with) + 0.01
    assert lp_with <= lp_without + 1e-6 * abs(lp_without)


def test_a_network_with_a_size_carrying_either_way_gets_an_lp_guided_start():
    """Such networks (monthly profiles, linear sizing, heat entering each end from other sites)
    get, before HiGHS, their LP and a spanning-tree start guided by it (`solve.netstart.
    either_way_start`): on benchmarks/twoway_grid.py's 4 x 4 grid HiGHS spent its 60 s in the
    root's cut rounds and found 0-3.11 MEUR/yr, the start 3.24-3.39. On X and Y the start is
    the optimum worked out by hand (510,327.90 EUR/yr, tests/test_network_idle_months.py), a
    feasible point of the model, and the LP is no lower; an annual model (no size carrying
    either way) gets none."""
    from eitflow.solve.check import check_solution
    from eitflow.solve.netstart import either_way, either_way_start

    scen = _two_seasons("linear")
    arr = build_arrays(scen, build_candidates(scen))
    assert either_way(arr)
    z, lp = either_way_start(arr, scen.params.solver, 30.0)
    assert z is not None and check_solution(arr, z) == []
    assert float(arr.c @ z) == pytest.approx(510_327.90, abs=0.01)
    assert lp is not None and lp >= 510_327.90 - 0.01
    annual = _two_seasons("linear", monthly=False)
    assert not either_way(build_arrays(annual, build_candidates(annual)))


def test_no_start_where_no_site_has_both_roles():
    """A square A-B-C-D (1 km sides): A rejects heat in summer, B in winter, C buys in summer, D
    in winter, one role each; its corridors carry one way in summer and the other in winter
    (sizes carrying either way), but no site has both roles, and there HiGHS alone found the
    better plans (benchmarks/HISTORY.md, `twoway_grid.py --one-role`): no start."""
    from eitflow.solve.netstart import either_way

    sites = pd.DataFrame({"site_id": list("ABCD"), "lat": [48.0, 48.0, 48.009, 48.009],
                          "lon": [2.0, 2.0134, 2.0134, 2.0]})
    flows = pd.DataFrame({"flow_id": ["as", "bs", "cd", "dd"], "site_id": list("ABCD"),
                          "direction": ["supply", "supply", "demand", "demand"], "resource": "heat",
                          "amount": 6000.0, "unit": "MWh/yr", "temperature_c": [100.0, 100.0, 60.0, 60.0],
                          "price_eur_per_unit": [0.0, 0.0, 50.0, 50.0],
                          "monthly_profile": [SUMMER, WINTER, SUMMER, WINTER]})
    corridors = pd.DataFrame({"corridor_id": ["ab", "bc", "cd", "da"], "resource": "heat", "from": list("ABCD"),
                              "to": list("BCDA"), "length_km": 1.0})
    scen = eitflow.scenario_from_frames(
        sites, flows, corridors=corridors, carbon_price_eur_per_t=0.0, discount_rate=0.05, lifetime_years=20.0,
        max_distance_km={"heat": 0.01}, networks={"heat": {"temperature_c": 80.0, "sizing": "linear"}})
    arr = build_arrays(scen, build_candidates(scen))
    nb = arr.network
    assert (nb.opt_way < 0).any() and arr.periods == 12
    assert not either_way(arr)
