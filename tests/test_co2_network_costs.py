"""Under `objective: co2` a shared network's pipes cost nothing in the objective, so the
solver could lay any pipes that carry the plan, and every money figure (net benefit,
investment, corridors.csv) described that arbitrary design: a generated town of 30 buildings
said -1,390,822 EUR/yr and 7.75 M EUR of investment for 108.6 MW of pipes, where 38.2 MW
carry the same deliveries. A second solve now lays the cheapest network for the plan's
deliveries, CO2 kept (`solve.co2cost`). Expected designs worked out by hand from
resources.yaml's hot-water table (DN65 0.643 MW, DN80 0.98 MW at 602 EUR/m, DN100 1.95 MW
at 670 EUR/m; load factor 0.5) and its gas factor (0.252 tCO2/MWh)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import eitflow
from eitflow.catalogue import load_catalogue

# a source S and two districts A and B, 1 km apart each way (an equilateral triangle)
SITES = pd.DataFrame({"site_id": ["S", "A", "B"], "lat": [48.60, 48.609, 48.6045],
                      "lon": [6.10, 6.10, 6.10 + 0.009 * np.sqrt(3) / 2 / np.cos(np.radians(48.6045))]})


def _run(objective: str, sizing: str, corridors: pd.DataFrame, b_required: bool = True):
    flows = pd.DataFrame({"flow_id": ["s_heat", "a_heat", "b_heat"], "site_id": ["S", "A", "B"],
                          "direction": ["supply", "demand", "demand"], "resource": "heat",
                          "amount": [50_000.0, 3_000.0, 3_000.0], "unit": "MWh/yr", "temperature_c": [120.0, 60.0, 60.0],
                          "price_eur_per_unit": [0.0, 80.0, 80.0], "max_distance_km": [0.1, 0.1, 0.1],
                          "required": [False, True, b_required]})
    scen = eitflow.scenario_from_frames(SITES, flows, corridors=corridors, objective=objective,
                                        networks={"heat": {"temperature_c": 90.0, "sizing": sizing}},
                                        solver={"mip_gap": 0.0})
    res = eitflow.optimise(scen)
    assert res.status.value == "optimal"
    return res


TRIANGLE = pd.DataFrame({"corridor_id": ["sa", "ab", "sb"], "resource": "heat", "from": ["S", "A", "S"],
                         "to": ["A", "B", "B"], "length_km": [1.0, 1.0, 1.0]})


def test_the_co2_plan_lays_the_cheapest_pipes_for_its_deliveries():
    """3,000 MWh/yr each at A and B. A DN65 carries 0.643 x 0.5 x 8,760 = 2,816 MWh/yr, too
    little; a DN80 4,292. From S straight to each: two DN80, 2 x 602,000 EUR; through A, a
    DN100 (8,541 MWh/yr) to A and a DN80 on: 670,000 + 602,000 = 1,272,000. So sa and sb, DN80
    each, 1,204,000 EUR; CO2 avoided 6,000 x 0.252 = 1,512 tCO2/yr either way."""
    res = _run("co2", "discrete", TRIANGLE)
    assert res.objective == pytest.approx(6_000 * 0.252, rel=1e-6)
    c = res.statistics.corridors().set_index("corridor_id")
    assert set(c.index) == {"sa", "sb"}
    assert set(c["size"]) == {"DN80"}
    assert float(c["investment_eur"].sum()) == pytest.approx(2 * 602_000, rel=1e-9)


def test_linear_sizing_takes_the_least_capacity_carrying_the_plan():
    """One corridor S -> A, 1 km, sized linearly: the line through the table's (capacity,
    EUR/m) and (capacity, W/m) points (least squares over the whole table: `sizing: linear`),
    investment a + b K per metre, loss (c + e K) W/m (B has no corridor and is left out). A
    needs 3,000 MWh/yr; the arc carries it
    plus half the loss (drawn half at each end): K x 0.5 x 8,760 = 3,000 + (c + e K) x 8.76 / 2,
    so K = (3,000 + 4.38 c) / (4,380 - 4.38 e) MW, and the investment (a + b K) x 1,000 EUR."""
    spec = load_catalogue()["heat"].network
    assert spec is not None
    cap = np.array([s.capacity for s in spec.sizes])
    b, a = np.polyfit(cap, [s.investment_eur_per_m for s in spec.sizes], 1)
    e, c = np.polyfit(cap, [s.loss_w_per_m for s in spec.sizes], 1)
    k = (3_000 + 4.38 * c) / (4_380 - 4.38 * e)
    res = _run("co2", "linear", TRIANGLE.iloc[[0]], b_required=False)   # B out of reach
    row = res.statistics.corridors().iloc[0]
    assert float(row["capacity_rated"]) == pytest.approx(k, rel=1e-6)
    assert float(row["investment_eur"]) == pytest.approx((a + b * k) * 1000, rel=1e-6)


def test_the_money_figures_match_the_cheapest_plan_with_the_same_co2():
    """The triangle's co2 plan and its net-benefit plan deliver the same heat from the same
    source (all of it required, one supply), so their money figures agree to the cent."""
    co2, money = _run("co2", "discrete", TRIANGLE), _run("net_benefit", "discrete", TRIANGLE)
    t1, t2 = co2.statistics.totals(), money.statistics.totals()
    assert float(t1["co2_avoided_t_per_yr"]) == pytest.approx(float(t2["co2_avoided_t_per_yr"]), rel=1e-9)
    for k in ("net_benefit_eur_per_yr", "investment_eur", "network_cost_eur_per_yr"):
        assert float(t1[k]) == pytest.approx(float(t2[k]), rel=1e-9), k


@pytest.mark.slow
def test_discrete_sizes_are_the_least_that_carry_the_flows_when_the_cost_solve_runs_out_of_time(monkeypatch):
    """A generated town of 30 buildings (`network_city(30, 2, 0)`, 40 corridors built) with
    discrete sizes: the cost MIP over sizes runs out of its 5 s, and its incumbent left DN250s
    (20.5 MW) where a DN80 carries the busiest period (heat_g39: 4,250 MWh/yr; DN80: 0.98 MW x
    0.5 x 8,760 = 4,292), 101.4 MW of pipes in all. Each corridor's least size is looked up here
    in resources.yaml's table (the first whose capacity x load factor 0.5 x 8,760 h is at least
    its peak flow); every corridor laid must be laid at it. CO2 avoided is the co2 optimum's
    (4,631.5 tCO2/yr), solved again here with the cost solve left out.

    What is checked is this stage's own result: the money stage after it (`solve.lexico`) is held
    back, its plan kept as this stage leaves it. That stage re-solves the whole model to the time
    limit and its incumbent may lay a size above the least (2 corridors of 40 on this town once
    LPs got their time limit, 2026-12-06); the driver's least-size pass (`solve.leastsize`) now
    puts that stage's pipes at their least too (tests/test_least_pipe_sizes.py). The test passed
    with it only while an LP on a used HiGHS object stopped at once: with a new object per solve,
    main's own code left 10 corridors above their least size."""
    import dataclasses

    from eitflow.bench.netsynth import network_city
    scen = network_city(30, 2, 0)
    nets = {"heat": scen.params.networks["heat"].model_copy(update={"sizing": "discrete"})}
    scen = dataclasses.replace(scen, params=scen.params.model_copy(update={
        "objective": "co2", "networks": nets,
        "solver": scen.params.solver.model_copy(update={"time_limit_s": 20.0})}))
    import eitflow.solve.lexico as lexico
    with monkeypatch.context() as m:
        m.setattr(lexico, "money_of_co2_plan", lambda scen, cand, sol, *a, **k: (cand, sol))
        res = eitflow.optimise(scen)
    with monkeypatch.context() as m:
        import eitflow.solve.co2cost as co2cost
        m.setattr(co2cost, "cheapest_network", lambda arr, z, *a: z)
        optimum = eitflow.optimise(scen).statistics.totals()["co2_avoided_t_per_yr"]
    assert float(res.statistics.totals()["co2_avoided_t_per_yr"]) >= float(optimum) * (1 - 1e-7)
    spec = load_catalogue()["heat"].network
    assert spec is not None
    sizes = sorted((s.capacity, s.name) for s in spec.sizes)
    rank = {name: i for i, (_, name) in enumerate(sizes)}
    c = res.statistics.corridors()
    least = [next(i for i, (cap, _) in enumerate(sizes) if cap * 0.5 * 8760 >= peak * (1 - 1e-9))
             for peak in c["peak"]]
    assert [rank[s] for s in c["size"]] == least
