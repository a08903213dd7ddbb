"""What a hub on a CO2 network passes straight through is credited per month, min(in, out) of its
own legs, as the model's rows ``hub_pass_in`` and ``hub_pass_out`` allow (`model.netpass`), never
the year's min(in, out): a hub filled by truck in one half of the year and by the pipes in the other
passes nothing in the second. A check that the run's figures credit no more than the rows allow
(true on main too). Values by hand."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

import eitflow
from eitflow.model.netpass import hub_passed
from test_co2_hub_pass_through import PARAMS


def test_the_pass_through_is_credited_month_by_month():
    """E trucks 60,000 t/yr into hub H from January to June (10,000 t a month); F puts 60,000
    t/yr into the pipes from July to December (1 km DN80 into H); D (by truck out of H) and S (1
    km DN50 out of H) each take 5,000 t a month at 50 EUR/t. January-June: 10,000 in, 5,000 out to
    D, passed 5,000; July-December nothing in by truck, passed 0: 30,000 t/yr (the year's min
    would be 60,000). Per year, EUR: D 60,000 x (60 - 0.01) = 3,599,400; S 60,000 x 60 - 4,000 (its
    connection) = 3,596,000; E's leg 60,000 x (-0.01 - 9.372) + 30,000 x 9.372 = -281,760; F's
    connection 60,000 x -9.372 - 4,000 = -566,320; the pipes 542 + 448 EUR/m x 1,000 m x 0.07 =
    69,300: 6,278,020 EUR/yr (with the year's min, 281,160 more: 6,559,180). Compression
    30,000 x 0.11 + 60,000 x 0.11 = 9,900 MWh/yr."""
    sites = pd.DataFrame({"site_id": ["E", "S", "D", "F"], "lat": [45.0, 45.02, 45.0, 45.02],
                          "lon": [4.80, 4.80, 4.82, 4.81]})
    flows = pd.DataFrame({"flow_id": ["e", "s", "d", "f"], "site_id": ["E", "S", "D", "F"],
                          "direction": ["supply", "demand", "demand", "supply"], "resource": "co2",
                          "amount": [60_000.0] * 4, "unit": "t/yr", "price_eur_per_unit": [0.0, 50.0, 50.0, 0.0]})
    links = pd.DataFrame({"source_site": ["E", "H"], "sink_site": ["H", "D"], "supply_resource": ["co2"] * 2,
                          "demand_resource": ["co2"] * 2, "distance_km": [1.0, 1.0], "investment_eur": [0.0, 0.0],
                          "fixed_cost_eur_per_yr": [0.0, 0.0], "var_cost_eur_per_unit": [0.0, 0.0]})
    hubs = pd.DataFrame({"hub_id": ["H"], "lat": [45.01], "lon": [4.80], "resources": ["co2"], "capacity": [1e6],
                         "investment_eur": [0.0], "fixed_cost_eur_per_yr": [0.0]})
    cor = pd.DataFrame({"corridor_id": ["k", "m"], "resource": ["co2"] * 2, "from": ["H", "F"], "to": ["S", "H"],
                        "length_km": ["1", "1"]})
    scen = eitflow.scenario_from_frames(sites, flows, links, hubs=hubs, corridors=cor, networks={"co2": {}}, **PARAMS)
    prof = np.full((4, 12), 1 / 12)
    prof[0] = np.r_[np.full(6, 1 / 6), np.zeros(6)]   # E: January to June
    prof[3] = np.r_[np.zeros(6), np.full(6, 1 / 6)]   # F: July to December
    res = eitflow.optimise(dataclasses.replace(scen, profiles=prof))
    assert res.status == "optimal"
    sol = res.solution
    assert hub_passed(res.scenario, res.candidates, sol.period_flow, sol.flow).sum() == pytest.approx(30_000.0)
    assert res.objective == pytest.approx(6_278_020.0, rel=1e-7)
    assert res.summary["totals"]["net_benefit_eur_per_yr"] == pytest.approx(6_278_020.0, rel=1e-7)
    assert res.summary["network_injection"]["electricity_mwh_per_yr"] == pytest.approx(9_900.0, rel=1e-7)
