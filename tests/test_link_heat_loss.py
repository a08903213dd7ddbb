"""A point-to-point hot-water link with `link_loss: pipe_size` loses heat as a network pipe of
the size its flow needs: the W/m of the smallest catalogue size whose capacity x load factor
(0.5) x 8,760 h carries the link's most over the year, x route km x 8.76 MWh/yr per (W/m . km).
Before 2026-12-06 a link could only lose a share per km of what it carried whatever its size
(the catalogue's 0.2 %/km, kept by default): 7 times less than a DN150 at its load factor, 42
times less than a DN65, loses in a network (`candidates.pipeloss`, `_sources.heat_link_losses`).

Every expected figure is worked out by hand from the catalogue's hot-water sizes
(data/resources.yaml, heat.network.sizes: DN50 0.328 MW 22.7 W/m, DN65 0.643 MW 27.1 W/m,
DN125 3.41 MW 35.1 W/m, DN150 5.62 MW 41.5 W/m; load factor 0.5)."""

from __future__ import annotations

import pandas as pd
import pytest

from eitflow import optimise, scenario_from_frames

SITES = pd.DataFrame({"site_id": ["PLANT", "USER"], "name": ["Plant", "User"],
                      "lat": [49.0, 49.01], "lon": [6.0, 6.0]})


PIPE_SIZE = {"heat": {"link_loss": "pipe_size"}}


def _delivered(supply_mwh: float, route_km: float, profile: str | None = None,
               resources: dict | None = None) -> tuple[float, float]:
    """(heat leaving the plant, heat arriving at the user), MWh/yr, of the one link PLANT -> USER
    (links.csv: `route_km`, no investment, no fixed cost, so it is built whatever it loses)."""
    flows = pd.DataFrame({
        "flow_id": ["waste_heat", "need"], "site_id": ["PLANT", "USER"], "direction": ["supply", "demand"],
        "resource": ["heat", "heat"], "amount": [supply_mwh, 30000.0], "unit": ["MWh/yr", "MWh/yr"],
        "temperature_c": [95.0, 70.0], "price_eur_per_unit": [0.0, 40.0]})
    if profile is not None:
        flows["monthly_profile"] = [profile, ""]
    links = pd.DataFrame({"source_site": ["PLANT"], "sink_site": ["USER"], "supply_resource": ["heat"],
                          "distance_km": [route_km], "investment_eur": [0.0], "fixed_cost_eur_per_yr": [0.0]})
    res = optimise(scenario_from_frames(SITES, flows, links, resources=PIPE_SIZE if resources is None else resources,
                                        solver={"mip_gap": 0.0}))
    assert res.status == "optimal"
    m = res.matches
    assert len(m) == 1
    return float(m["amount"].iloc[0]), float(m["demand_amount"].iloc[0])


def test_a_hot_water_link_loses_the_w_per_m_of_the_size_its_flow_needs():
    """20,000 MWh/yr over 2.6 km: DN125 carries 3.41 MW x 0.5 x 8,760 h = 14,935.8 MWh/yr, too
    little; DN150 5.62 x 0.5 x 8,760 = 24,615.6, enough. Its pair loses 41.5 W/m x 8.76 =
    363.54 MWh/yr per km, x 2.6 km = 945.204 MWh/yr: 20,000 - 945.204 = 19,054.796 MWh/yr
    arrive (0.2 %/km said 20,000 x (1 - 0.002 x 2.6) = 19,896)."""
    sent, arrived = _delivered(20000.0, 2.6)
    assert sent == pytest.approx(20000.0, rel=1e-9)
    assert arrived == pytest.approx(20000.0 - 41.5 * 8.76 * 2.6, rel=1e-9)
    assert arrived == pytest.approx(19054.796, rel=1e-9)


def test_a_small_link_loses_a_larger_share_as_a_small_network_pipe_does():
    """2,000 MWh/yr over 1 km: DN50 carries 0.328 x 0.5 x 8,760 = 1,436.64 MWh/yr, too little;
    DN65 0.643 x 0.5 x 8,760 = 2,816.34, enough: 27.1 W/m x 8.76 = 237.396 MWh/yr lost, 11.9 %
    of what it carries (0.2 %/km said 1,996)."""
    sent, arrived = _delivered(2000.0, 1.0)
    assert sent == pytest.approx(2000.0, rel=1e-9)
    assert arrived == pytest.approx(2000.0 - 237.396, rel=1e-9)


def test_a_seasonal_link_is_sized_by_its_busiest_month_and_cold_when_idle():
    """12,000 MWh/yr in January-June only (2,000 MWh a month; the user takes 2,500 a month) over
    2.6 km: its busiest month x 12 = 24,000 MWh/yr needs a DN150 (DN125's 14,935.8 is too
    little, DN150's 24,615.6 enough), which loses 363.54 MWh/yr per km over the half year it is
    warm: 363.54 x 0.5 x 2.6 = 472.602 MWh/yr; 12,000 - 472.602 = 11,527.398 arrive. (The same
    12,000 spread over the year would need only a DN125: 35.1 x 8.76 x 2.6 = 799.4 lost.)"""
    sent, arrived = _delivered(12000.0, 2.6, profile=";".join(["0.16666666666666666"] * 6 + ["0"] * 6))
    assert sent == pytest.approx(12000.0, rel=1e-9)
    assert arrived == pytest.approx(12000.0 - 41.5 * 8.76 * 0.5 * 2.6, rel=1e-9)


def test_a_heat_pump_link_is_sized_for_the_heat_its_evaporator_takes():
    """A 40 degC supply (100,000 MWh/yr) for a 70 degC need of 5,000 MWh/yr, 1 km: a heat pump at
    the user, COP = 0.5 x (70 + 10 + 273.15) / ((70 + 10) - (40 - 10)) = 0.5 x 353.15 / 50 =
    3.5315. The pipe carries what the evaporator takes, 5,000 x 2.5315 / 3.5315 = 3,584.17
    MWh/yr: a DN80 (DN65 carries 2,816.34, DN80 0.98 x 0.5 x 8,760 = 4,292.4), 28.2 W/m x 8.76 =
    247.032 MWh/yr per km, 247.032 / 3,584.17 = 6.892 % lost per km. The user gets all 5,000;
    the plant sends 5,000 / ((1 - 247.032 / F) x COP / (COP - 1)) = F^2 / (F - 247.032) with
    F = 3,584.172: 3,849.49 MWh/yr (sized on the user's whole 5,000, a DN100, it would send
    3,783.7)."""
    flows = pd.DataFrame({
        "flow_id": ["waste_heat", "need"], "site_id": ["PLANT", "USER"], "direction": ["supply", "demand"],
        "resource": ["heat", "heat"], "amount": [100000.0, 5000.0], "unit": ["MWh/yr", "MWh/yr"],
        "temperature_c": [40.0, 70.0], "price_eur_per_unit": [0.0, 100.0]})
    links = pd.DataFrame({"source_site": ["PLANT"], "sink_site": ["USER"], "supply_resource": ["heat"],
                          "distance_km": [1.0], "investment_eur": [0.0], "fixed_cost_eur_per_yr": [0.0]})
    res = optimise(scenario_from_frames(SITES, flows, links, resources=PIPE_SIZE, solver={"mip_gap": 0.0}))
    m = res.matches
    assert len(m) == 1 and float(m["heat_pump_cop"].iloc[0]) == pytest.approx(0.5 * 353.15 / 50, rel=1e-9)
    cop = 0.5 * 353.15 / 50
    f = 5000.0 * (cop - 1) / cop
    assert f == pytest.approx(3584.17, abs=0.01)
    assert float(m["demand_amount"].iloc[0]) == pytest.approx(5000.0, rel=1e-9)
    assert float(m["amount"].iloc[0]) == pytest.approx(f * f / (f - 28.2 * 8.76), rel=1e-9)
    assert float(m["amount"].iloc[0]) == pytest.approx(3849.49, abs=0.01)


def test_the_catalogue_share_is_kept_by_default():
    """Without `link_loss: pipe_size` a hot-water link loses the catalogue's 0.2 %/km:
    20,000 x (1 - 0.002 x 2.6) = 19,896 MWh/yr arrive."""
    assert _delivered(20000.0, 2.6, resources={})[1] == pytest.approx(19896.0, rel=1e-9)


def test_the_network_corridor_and_the_link_lose_the_same_heat():
    """One function for both: a DN150 corridor of 2.6 km at the table's 90/60 degC loses
    41.5 x 8.76 x 2.6 = 945.204 MWh/yr (`costs.corridor_size_costs`), what the 20,000 MWh/yr
    link of the first test loses."""
    import numpy as np

    from eitflow.candidates.costs import corridor_size_costs
    from eitflow.catalogue import PipeRating, load_catalogue
    from eitflow.scenario import Parameters

    spec = load_catalogue()["heat"].network
    cc = corridor_size_costs(Parameters(name="t"), spec, np.array([2.6]), 8760.0, PipeRating(1.0, 1.0), True)
    dn150 = [s.name for s in spec.sizes].index("DN150")
    assert cc.loss[0, dn150] == pytest.approx(945.204, rel=1e-9)
    sent, arrived = _delivered(20000.0, 2.6)
    assert sent - arrived == pytest.approx(945.204, rel=1e-9)
