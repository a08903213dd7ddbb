"""A network's pipes lose heat only in the months something can enter it.

A cannery X rejects 6,000 MWh/yr of 100 degC heat from April to September (a sixth a month); a
pool Y 1 km away needs 6,000 MWh/yr at 60 degC in the same months, at 50 EUR/MWh; an 80 degC
network. A pipe's heat loss was drawn in every month, and from October to March nothing can
enter the network to cover it: no corridor could exist, not even an existing pipe, and the run
said 0 EUR/yr ('not_selected: fixed costs not covered'). A pipe no heat can enter is cold: it
loses nothing then.

By hand (5 %, 20 years: CRF = 0.0802426): DN125 loses 35.1 W/m x 55/65 (80 degC network: mean
55 K above the ground, the table's 65) x 8.76 = 260.172 MWh/yr in service all year, 21.681 a
month, half at each end. In each summer month X injects its 1,000 MWh, the pipe carries
1,000 - 10.8405 = 989.1595 (DN125 carries 3.41 x 8,760 x 0.5 / 12 = 1,244.65 a month, DN100
711.75) and Y gets 978.319: 5,869.914 MWh/yr. Existing pipe: 50 x 5,869.914 - 2 x 60,000 x CRF -
0.05 x 6 x 989.1595 = 283,569.84 EUR/yr. New DN125 (754 EUR/m, 1.5 % O&M): 211,756.93 EUR/yr.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import eitflow

CRF = 0.05 / (1 - 1.05 ** -20)
SUMMER = ";".join(["0"] * 3 + ["0.1666666667"] * 5 + ["0.1666666665"] + ["0"] * 3)


def _scenario(existing: bool, sizing: str = "discrete", profile: str = SUMMER):
    sites = pd.DataFrame({"site_id": ["X", "Y"], "name": ["Conserverie", "Piscine"], "lat": [48.0, 48.0],
                          "lon": [2.0, 2.01]})
    flows = pd.DataFrame({"flow_id": ["xs", "yd"], "site_id": ["X", "Y"], "direction": ["supply", "demand"],
                          "resource": "heat", "amount": [6000.0, 6000.0], "unit": "MWh/yr",
                          "temperature_c": [100.0, 60.0], "price_eur_per_unit": [0.0, 50.0],
                          "monthly_profile": [profile, profile]})
    corridors = pd.DataFrame({"corridor_id": ["c1"], "resource": "heat", "from": ["X"], "to": ["Y"],
                              "length_km": [1.0], "existing": [existing], "size": ["DN125" if existing else ""]})
    return eitflow.scenario_from_frames(
        sites, flows, corridors=corridors, carbon_price_eur_per_t=0.0, discount_rate=0.05, lifetime_years=20.0,
        max_distance_km={"heat": 0.01}, networks={"heat": {"temperature_c": 80.0, "sizing": sizing}},
        solver={"mip_gap": 1e-7})


LOSS = 35.1 * 55 / 65 * 8.76          # MWh/yr in service all year
DELIVERED = 6 * (1000 - LOSS / 12)     # 5,869.914
CARRIED = 6 * (1000 - LOSS / 24)


@pytest.mark.parametrize("existing, expected", [(True, 283_569.84), (False, 211_756.93)])
def test_a_summer_exchange_uses_the_network(existing, expected):
    value = 50 * DELIVERED - 2 * 60000 * CRF - 0.05 * CARRIED - (0 if existing else 754_000 * (CRF + 0.015))
    assert value == pytest.approx(expected, abs=0.01)
    res = eitflow.optimise(_scenario(existing))
    assert res.objective == pytest.approx(value, abs=0.01)
    cor = res.statistics.corridors().set_index("corridor_id")
    # it lost heat in the six months it carried some: half a year's
    assert cor.at["c1", "loss"] == pytest.approx(LOSS / 2, rel=1e-9)
    assert cor.at["c1", "flow"] == pytest.approx(CARRIED, rel=1e-9)
    bal = res.summary["networks"]["by_resource"]["heat"]["balance"]
    assert bal["closes"] and bal["losses"] == pytest.approx(LOSS / 2, rel=1e-9)
    assert bal["withdrawn"] == pytest.approx(DELIVERED, rel=1e-9)


WINTER = ";".join(["0.1666666667"] * 3 + ["0"] * 6 + ["0.1666666667"] * 2 + ["0.1666666665"])


CAP = np.array([0.0279, 0.0585, 0.119, 0.176, 0.328, 0.643, 0.98, 1.95, 3.41, 5.62, 11.4, 20.5, 32.3, 41.5, 58.9])
INV = np.array([390, 400, 430, 464, 498, 537, 602, 670, 754, 886, 1171, 1184, 1197, 1401, 1755.0])
WPM = np.array([13.4, 16.5, 17.5, 20.1, 22.7, 27.1, 28.2, 30.0, 35.1, 41.5, 45.5, 44.3, 50.8, 49.8, 52.7])


def _two_seasons(sizing: str, resources: dict | None = None, monthly: bool = True):
    """X and Y 1 km apart, each rejecting 6,000 MWh/yr of 100 degC heat in one season and buying
    6,000 at 60 degC (50 EUR/MWh) in the other (annual: `monthly` False, no profiles)."""
    sites = pd.DataFrame({"site_id": ["X", "Y"], "lat": [48.0, 48.0], "lon": [2.0, 2.01]})
    flows = pd.DataFrame({"flow_id": ["xs", "xd", "ys", "yd"], "site_id": ["X", "X", "Y", "Y"],
                          "direction": ["supply", "demand", "supply", "demand"], "resource": "heat",
                          "amount": 6000.0, "unit": "MWh/yr", "temperature_c": [100.0, 60.0, 100.0, 60.0],
                          "price_eur_per_unit": [0.0, 50.0, 0.0, 50.0]})
    if monthly:
        flows["monthly_profile"] = [SUMMER, WINTER, WINTER, SUMMER]
    corridors = pd.DataFrame({"corridor_id": ["c1"], "resource": "heat", "from": ["X"], "to": ["Y"],
                              "length_km": [1.0]})
    return eitflow.scenario_from_frames(
        sites, flows, corridors=corridors, resources=resources, carbon_price_eur_per_t=0.0, discount_rate=0.05,
        lifetime_years=20.0, max_distance_km={"heat": 0.01},
        networks={"heat": {"temperature_c": 80.0, "sizing": sizing}}, solver={"mip_gap": 1e-7})


def test_a_linear_corridor_serves_the_season_its_way_runs():
    """X and Y each reject 6,000 MWh/yr of 100 degC heat in one season (X April-September, Y
    October-March) and buy 6,000 at 60 degC, 50 EUR/MWh, in the other; `sizing: linear`. A
    linear corridor kept one way all year (one size per way), X -> Y say: 225,354.71 EUR/yr, the
    winter's exchange lost, where discrete sizing builds it, both ways, for 495,326.77 (50 x
    11,739.828 - 0.05 x 11,869.914 - 754,000 (CRF + 1.5 %) - 4 x 60,000 CRF). With monthly
    profiles and heat entering each end from another site, the corridor has a third size carrying
    either way: X -> Y in summer, Y -> X in winter.

    By hand: the least-squares lines through the catalogue's 15 hot-water sizes (DN20 ... DN400,
    W/m x 55/65 at 80 degC): 567.5518 + 21.5034 K EUR/m and 21.9088 + 0.50802 K W/m (K in MW).
    Heat enters the pipe every month (X in summer, Y in winter), so it loses (c + e K) x 8.76 /
    12 MWh every month, half at each end. Each month the supplying end injects its 1,000 MWh, of
    which the pipe carries x = 365 K (K x 8,760 x load factor 0.5 / 12; both seasons alike, so
    either sets K) and half the loss is drawn there: 365 K + 0.365 (c + e K) = 1,000, K =
    2.716437 MW (a larger K finds no heat to carry, a smaller one forgoes 12 x 18,240 EUR/yr of
    sales per MW for 2,048 of pipe). The buying end gets x - half the loss; 50 EUR/MWh on it,
    12 months, less 0.05 EUR/MWh/km pumping on x, four substations (4 x 60,000 EUR) and the
    pipe, (a + b K) x 1,000 m x (CRF + 1.5 %): 510,327.90 EUR/yr. Checked by a second route
    below: discrete sizing over a table of sizes lying on the fitted lines."""
    b, a = np.polyfit(CAP, INV, 1)
    e, c = np.polyfit(CAP, WPM * 55 / 65, 1)
    K = (1000 - 0.365 * c) / (365 + 0.365 * e)
    loss_month = (c + e * K) * 8.76 / 12
    x = 365 * K
    value = 12 * (50 * (x - loss_month / 2) - 0.05 * x) - 4 * 60000 * CRF - (a + b * K) * 1000 * (CRF + 0.015)
    assert (K, value) == pytest.approx((2.716437, 510_327.90), abs=1e-2)
    res = eitflow.optimise(_two_seasons("linear"))
    assert res.objective == pytest.approx(value, abs=0.01)
    cor = res.statistics.corridors().set_index("corridor_id")
    # it carried X -> Y in summer and Y -> X in winter, and lost heat in all 12 months, at its size K
    assert cor.at["c1", "capacity"] == pytest.approx(K * 8760, rel=1e-6)
    assert (cor.at["c1", "flow_forward"], cor.at["c1", "flow_backward"]) == pytest.approx((6 * x, 6 * x), rel=1e-6)
    assert cor.at["c1", "loss"] == pytest.approx(12 * loss_month, rel=1e-6)
    bal = res.summary["networks"]["by_resource"]["heat"]["balance"]
    assert bal["closes"] and bal["losses"] == pytest.approx(12 * loss_month, rel=1e-6)
    assert bal["injected_by_supplies"] == pytest.approx(12_000, rel=1e-6)


def test_the_two_season_corridor_priced_by_discrete_sizes_on_the_fitted_lines():
    """The second route for the test above: `sizing: discrete` (one binary per size, carrying
    either way), the catalogue replaced by sizes lying on the fitted lines (investment a + b K
    EUR/m, loss (c + e K) W/m at the table's 90/60 degC, i.e. x 65/55 of the 80 degC line) at K*
    = 2.716437 MW and around it. The best of them is K* and the run's optimum is the hand value,
    510,327.90 EUR/yr: a smaller size carries less than X's or Y's month, a larger one only
    costs."""
    b, a = np.polyfit(CAP, INV, 1)
    e, c = np.polyfit(CAP, WPM * 55 / 65, 1)
    K = (1000 - 0.365 * c) / (365 + 0.365 * e)
    ks = K * np.array([0.5, 0.9, 0.99, 1.0, 1.01, 1.1, 2.0])
    sizes = [{"name": f"S{i}", "capacity": float(k), "investment_eur_per_m": float(a + b * k),
              "loss_w_per_m": float((c + e * k) * 65 / 55)} for i, k in enumerate(ks)]
    res = eitflow.optimise(_two_seasons("discrete", {"heat": {"network": {"sizes": sizes}}}))
    assert res.objective == pytest.approx(510_327.90, abs=0.01)
    cor = res.statistics.corridors().set_index("corridor_id")
    assert cor.at["c1", "size"] == "S3"


def test_an_annual_model_keeps_two_directed_sizes_per_linear_corridor():
    """Without monthly profiles a linear two-way corridor keeps its two directed sizes (a -> b,
    b -> a) and gets none carrying either way: one period, so one way per corridor is optimal,
    and the directed LP stays as tight as before (FCNetLib's handover, tests/test_network_lean.py).
    With profiles it has the third (way -1); where heat can enter it from one end only (the
    cannery's summer exchange above, X -> Y: Y is fed only through the pipe), the model leaves
    that third out (`netreach.needless_options`), and so where X supplies every month (the
    same nodes feed every month: the pipe's loss follows its component, but Y -> X is still never
    entered but through X -> Y)."""
    from eitflow.candidates.generate import build_candidates
    from eitflow.candidates.netreach import needless_options
    from eitflow.model.build import build_arrays

    annual = _two_seasons("linear", monthly=False)
    cand = build_candidates(annual)
    assert sorted(cand.network.option_arrays["way"].tolist()) == [0, 1]
    monthly = _two_seasons("linear")
    cand = build_candidates(monthly)
    assert sorted(cand.network.option_arrays["way"].tolist()) == [-1, 0, 1]
    assert not needless_options(monthly, cand).any()
    one_end = _scenario(False, "linear")
    cand = build_candidates(one_end)
    ways = cand.network.option_arrays["way"]
    assert needless_options(one_end, cand).tolist() == (ways == -1).tolist()
    arr = build_arrays(one_end, cand)
    assert sorted(ways[arr.network.options].tolist()) == [0, 1]
    all_year = _scenario(False, "linear", ";".join(["0.1"] * 6 + ["0.0666666667"] * 5 + ["0.0666666665"]))
    cand = build_candidates(all_year)
    ways = cand.network.option_arrays["way"]
    assert needless_options(all_year, cand).tolist() == (ways == -1).tolist()


def test_the_spanning_tree_start_builds_the_two_season_corridor_either_way():
    """The large networks' start (`solve.netstart`) sizes each corridor of the tree for the flow
    of the LP's point; the two-season corridor's flow runs X -> Y in summer and Y -> X in winter,
    so it takes the size carrying either way (before, one way's size: the other season's
    exchange was lost, 225,354.71 EUR/yr at best), and the start is the optimum worked out by
    hand above, 510,327.90 EUR/yr."""
    from eitflow.candidates.generate import build_candidates
    from eitflow.model.build import build_arrays
    from eitflow.solve.check import check_solution
    from eitflow.solve.netstart import network_start

    scen = _two_seasons("linear")
    arr = build_arrays(scen, build_candidates(scen))
    z, _ = network_start(arr, scen.params.solver, 30.0)
    assert z is not None and check_solution(arr, z) == []
    assert float(arr.c @ z) == pytest.approx(510_327.90, abs=0.01)


def _triangle(keep: list[str] | None = None):
    """The two-season X and Y with Z, 1 km from each, rejecting 3,000 MWh/yr of 100 degC heat
    evenly over the year; corridors X-Y, Y-Z, Z-X, linear. `keep`: only those flows."""
    sites = pd.DataFrame({"site_id": ["X", "Y", "Z"], "lat": [48.0, 48.0, 48.0078], "lon": [2.0, 2.0134, 2.0067]})
    flat = ";".join(["0.0833333333"] * 11 + ["0.0833333337"])
    flows = pd.DataFrame({"flow_id": ["xs", "xd", "ys", "yd", "zs"], "site_id": ["X", "X", "Y", "Y", "Z"],
                          "direction": ["supply", "demand", "supply", "demand", "supply"], "resource": "heat",
                          "amount": [6000.0, 6000.0, 6000.0, 6000.0, 3000.0], "unit": "MWh/yr", "temperature_c":
                          [100.0, 60.0, 100.0, 60.0, 100.0], "price_eur_per_unit": [0.0, 50.0, 0.0, 50.0, 0.0],
                          "monthly_profile": [SUMMER, WINTER, WINTER, SUMMER, flat]})
    flows = flows if keep is None else flows[flows["flow_id"].isin(keep)]
    corridors = pd.DataFrame({"corridor_id": ["xy", "yz", "zx"], "resource": "heat", "from": ["X", "Y", "Z"],
                              "to": ["Y", "Z", "X"], "length_km": [1.0, 1.0, 1.0]})
    return eitflow.scenario_from_frames(
        sites, flows, corridors=corridors, carbon_price_eur_per_t=0.0, discount_rate=0.05, lifetime_years=20.0,
        max_distance_km={"heat": 0.01}, networks={"heat": {"temperature_c": 80.0, "sizing": "linear"}},
        solver={"mip_gap": 1e-7})


def test_a_way_idle_in_the_months_the_either_way_size_is_is_left_out(monkeypatch):
    """On the triangle every way of every corridor is entered in all 12 months (X -> Y: X in
    summer, from Z in winter; Y -> X: Y in winter, from Z in summer; Z's ways: Z all year; the
    others from X or Y, or through them): each way's size is the either-way size's twin (the same
    lines, the same 12 months of loss) carrying one way only, and the model keeps only the
    either-way sizes (kept, HiGHS branched between twins tied on every one-way plan). Exact:
    the optimum is the one with the twins kept."""
    from eitflow.candidates.generate import build_candidates
    from eitflow.candidates.netreach import needless_options
    from eitflow.model.build import build_arrays

    scen = _triangle()
    cand = build_candidates(scen)
    ways = cand.network.option_arrays["way"]
    assert sorted(ways.tolist()) == [
        -1, -1, -1, 0, 0, 0, 1, 1, 1]
    assert needless_options(scen, cand).tolist() == (ways >= 0).tolist()
    assert ways[build_arrays(scen, cand).network.options].tolist() == [-1, -1, -1]
    best = eitflow.optimise(_triangle()).objective
    # Z's heat is not worth a corridor (>= 567.55 EUR/m x 1,000 m x (CRF + 1.5 %) = 54,000 EUR/yr for the
    # 17 MWh a month X and Y miss): the two-season corridor alone, worked out by hand above
    assert best == pytest.approx(510_327.90, abs=0.01)
    import eitflow.model.network as mn

    real = mn.needless_options
    monkeypatch.setattr(mn, "needless_options", lambda s, c: real(s, c) & (c.network.option_arrays["way"] < 0))
    scen = _triangle()
    assert sorted(ways[build_arrays(scen, build_candidates(scen)).network.options].tolist()) == [
        -1, -1, -1, 0, 0, 0, 1, 1, 1]
    assert eitflow.optimise(scen).objective == pytest.approx(best, rel=1e-7)


def test_a_meshed_network_fed_by_the_same_sites_all_year_keeps_its_directed_sizes():
    """Z alone supplies, every month; X and Y buy. Heat can enter each corridor of the triangle at
    either end (round the loop), but always from Z: no either-way size (a town's plant on a
    meshed network kept them all, and took over 60 s at 25-35 % gap where it took 7-14 s to
    optimal), and the directed sizes stay."""
    from eitflow.candidates.generate import build_candidates
    from eitflow.candidates.netreach import needless_options
    from eitflow.model.build import build_arrays

    scen = _triangle(["xd", "yd", "zs"])
    cand = build_candidates(scen)
    ways = cand.network.option_arrays["way"]
    assert needless_options(scen, cand).tolist() == (ways < 0).tolist()
    assert sorted(ways[build_arrays(scen, cand).network.options].tolist()) == [0, 0, 0, 1, 1, 1]
