"""A co2 run on a heat network whose money stage (the best net benefit among the plans avoiding
the most CO2, `solve.lexico`) ends with flows of a few thousandths of a MWh that a network
node's monthly balance needs: setting them to 0 as noise broke the balance and the run stopped
on "the solver returned a solution that violates the model". The case (tests/data/
co2_network_tiny_flows.json: four sites, a junction, five corridors, monthly profiles, a
network at 90/50 degC, a supply with a temperature range) is seed 151 of a random brute force
written from the README (every choice of corridors and sizes, one scipy LP each, the CO2 first
and then the money among the CO2-maximal plans), which found 863.5857 tCO2/yr and 170,922.68
EUR/yr."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import eitflow

DATA = Path(__file__).resolve().parent / "data" / "co2_network_tiny_flows.json"


def test_a_co2_run_whose_plan_needs_tiny_flows_equals_the_brute_force():
    d = json.loads(DATA.read_text(encoding="utf-8"))
    case = d["case"]
    flows = pd.DataFrame(case["flows"]).rename(columns={"return_c": "return_temperature_c"})
    flows["monthly_profile"] = flows["monthly_profile"].fillna("")
    scen = eitflow.scenario_from_frames(
        pd.DataFrame(case["sites"]), flows, resources=d["resources"], corridors=pd.DataFrame(case["corridors"]),
        junctions=pd.DataFrame({"junction_id": ["J"], "lat": [case["junction"][0]], "lon": [case["junction"][1]]}),
        discount_rate=0.0, lifetime_years=d["life"], carbon_price_eur_per_t=0.0, objective="co2",
        solver={"mip_gap": 0.0, "time_limit_s": 60.0},
        networks={"heat": {"temperature_c": d["tnet"], "sizing": case["sizing"], "return_temperature_c": case["ret"]}})
    res = eitflow.optimise(scen)
    assert str(res.status) == "optimal"
    assert res.objective == pytest.approx(863.5857381, rel=1e-6)                      # tCO2/yr
    assert res.statistics.totals()["net_benefit_eur_per_yr"] == pytest.approx(170_922.68, rel=1e-6)   # EUR/yr
    assert res.solution.money_stage["improved"]
