"""Hand-checked cases for the brute-force cascade reference solver.

Units: MWh/yr, degC, K, EUR/MWh drawn, EUR/yr fixed.
"""
import math

import pytest

from cascade_reference import cascade_lp_value, cascade_optimum


def src(amount, t_supply, t_return=None):
    return {"amount": amount, "t_supply": t_supply, "t_return": t_return}


def link(source, sink, value, fixed=0.0, yld=1.0, upper=math.inf, hp=False):
    return {"source": source, "sink": sink, "value": value, "fixed": fixed,
            "yield": yld, "upper": upper, "heat_pump": hp}


snk = src  # same shape


def test_point_to_point_feasible():
    # 90 degC shifted to 80 >= 70: deliver min(1000, 500) = 500 -> 500*20.
    v = cascade_optimum([src(1000, 90)], [snk(500, 70)], [link(0, 0, 20)], 10)
    assert v == pytest.approx(10000)


def test_point_to_point_too_cold():
    # 90 shifted to 80 < 85: no allowed transport -> 0.
    v = cascade_optimum([src(1000, 90)], [snk(500, 85)], [link(0, 0, 20)], 10)
    assert v == pytest.approx(0)


def test_point_source_into_range_sink():
    # Sink 40..70, 600 MWh = 20 MWh/K; source at 60-10 = 50 covers 40..50:
    # 10 K * 20 = 200 MWh -> 200*20 = 4000.
    v = cascade_optimum([src(1000, 60)], [snk(600, 70, 40)],
                        [link(0, 0, 20)], 10)
    assert v == pytest.approx(4000)


def test_two_sources_split_range_sink():
    # Cheap-temperature source (60 -> 50) takes 40..50 (200 MWh at 20),
    # hot source (90 -> 80) the remaining 50..70 (400 MWh at 10):
    # 4000 + 4000 = 8000.
    v = cascade_optimum([src(1000, 60), src(1000, 90)], [snk(600, 70, 40)],
                        [link(0, 0, 20), link(1, 0, 10)], 10)
    assert v == pytest.approx(8000)


def test_range_source_into_point_sink():
    # Source 100..40 (600 MWh, 10 MWh/K), shifted 90..30. Point sink at 70
    # is served only by shifted heat in 70..90: 20 K * 10 = 200 MWh -> 200.
    v = cascade_optimum([src(600, 100, 40)], [snk(1000, 70)],
                        [link(0, 0, 1)], 10)
    assert v == pytest.approx(200)


def test_fixed_cost_not_worth_it():
    # Link would earn 10000 but costs 20000/yr: the empty set (0) wins.
    links = [link(0, 0, 20, fixed=20000)]
    assert cascade_lp_value([src(1000, 90)], [snk(500, 70)], links, 10,
                            [0]) == pytest.approx(10000)
    assert cascade_optimum([src(1000, 90)], [snk(500, 70)], links, 10) \
        == pytest.approx(0)


def test_two_fixed_links_pick_one():
    # Both links serve the same 500 MWh sink at 20 EUR/MWh (LP 10000).
    # {A}: 10000-3000 = 7000, {B}: 10000-1000 = 9000,
    # {A,B}: 10000-4000 = 6000 (sink shared), {}: 0 -> best 9000.
    sources, sinks = [src(1000, 90)], [snk(500, 70)]
    links = [link(0, 0, 20, fixed=3000), link(0, 0, 20, fixed=1000)]
    assert cascade_lp_value(sources, sinks, links, 10, [0, 1]) \
        == pytest.approx(10000)
    assert cascade_lp_value(sources, sinks, links, 10, []) == 0
    assert cascade_optimum(sources, sinks, links, 10) == pytest.approx(9000)


def test_heat_pump_serves_hotter_sink():
    # Source 30 degC, sink 80 degC: a plain link cannot serve it (0).
    # Heat pump, yield 1.5: delivered 1.5*x <= 900 -> x = 600 drawn
    # (<= 1000 available) -> 600*10 = 6000.
    sources, sinks = [src(1000, 30)], [snk(900, 80)]
    assert cascade_optimum(sources, sinks, [link(0, 0, 10)], 10) == 0
    v = cascade_optimum(sources, sinks, [link(0, 0, 10, yld=1.5, hp=True)], 10)
    assert v == pytest.approx(6000)


def test_upper_bound_on_drawn_heat():
    # Same as test 1 but the link may draw at most 300 MWh -> 300*20.
    v = cascade_optimum([src(1000, 90)], [snk(500, 70)],
                        [link(0, 0, 20, upper=300)], 10)
    assert v == pytest.approx(6000)
