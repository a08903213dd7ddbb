"""Figures of scenario.yaml and of electrolysers' and hubs' rows written in a unit 1,000 times
off, which were read without a word:

- `electricity_price_eur_per_mwh: 0.08` (EUR/kWh written): the heat pumps' and electrolysers'
  electricity nearly free; flows.csv's own column of that name likewise. Now a warning giving it
  per MWh (0.08 x 1,000 = 80).
- `heat_pump.investment_eur_per_kw: 0.7` (kEUR/kW written): heat pumps nearly free. A warning
  (0.7 x 1,000 = 700).
- `electricity_co2_t_per_mwh: 52` (gCO2/kWh written): 1,000 times the grid's CO2, where flows.csv's
  column refuses above 2 tCO2/MWh. Now refused by the same bound, saying 52 kg is 0.052 t.
- a hub's `temperature_c` in kelvins (353.15 for 80 degC), as flows.csv's are said.
- a link's `capacity` (per year) written as a rate per hour (5 for 5 MW: 5 MWh/yr, the link then
  dropped as worthless): said where below a hundredth of what its pair can exchange."""
from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner

import eitflow
from eitflow.cli.main import main

SITES = pd.DataFrame({"site_id": ["S", "A"], "lat": [45.0, 45.01], "lon": [4.0, 4.0]})
HEAT = pd.DataFrame({"site_id": ["S", "A"], "direction": ["supply", "demand"], "resource": "heat",
                     "amount": [9000.0, 5000.0], "unit": "MWh/yr", "temperature_c": [110.0, 60.0],
                     "price_eur_per_unit": [0.0, 50.0]})


def _warnings(flows: pd.DataFrame = HEAT, **kw) -> list[str]:
    scen = eitflow.scenario_from_frames(SITES, flows, name="t", **kw)
    return [f"{w.file}, row {w.row}, {w.column}: {w.message}" for w in scen.warnings]


def test_an_electricity_price_per_kwh_is_said(tmp_path):
    (tmp_path / "sites.csv").write_text("site_id,lat,lon\nS,45.0,4.0\nA,45.01,4.0\n", "utf-8")
    (tmp_path / "flows.csv").write_text("site_id,direction,resource,amount,unit,temperature_c,price_eur_per_unit\n"
                                        "S,supply,heat,9000,MWh/yr,110,0\nA,demand,heat,5000,MWh/yr,60,50\n", "utf-8")
    (tmp_path / "scenario.yaml").write_text("name: t\nsites: sites.csv\nflows: flows.csv\n"
                                            "electricity_price_eur_per_mwh: 0.08\n", "utf-8")
    res = CliRunner().invoke(main, ["validate", str(tmp_path / "scenario.yaml"), "--lang", "en"])
    assert res.exit_code == 0, res.output
    # 0.08 EUR/kWh x 1,000 kWh/MWh = 80 EUR/MWh
    assert ("warning: scenario.yaml: electricity_price_eur_per_mwh: 0.08 EUR/MWh: far below any price a year's "
            "electricity is bought at (tens to hundreds of EUR/MWh); 0.08 EUR per kWh would be 80 EUR/MWh: write 80 "
            "if that is what you meant") in res.output, res.output
    fr = CliRunner().invoke(main, ["validate", str(tmp_path / "scenario.yaml"), "--lang", "fr", "--strict"])
    assert fr.exit_code == 2 and "0,08 € par kWh feraient 80 €/MWh : écrivez 80" in fr.output, fr.output


def test_an_electrolysers_electricity_price_per_kwh_is_said():
    flows = pd.DataFrame({"site_id": ["S", "A"], "direction": ["supply", "demand"], "resource": "hydrogen",
                          "amount": [500.0, 200.0], "unit": "t/yr", "price_eur_per_unit": [-100.0, 6000.0],
                          "electrolyser_kwh_per_kg": [55.0, None], "electricity_price_eur_per_mwh": [0.065, None]})
    out = [o for o in _warnings(flows) if "electricity_price" in o]
    # 0.065 x 1,000 = 65
    assert out == ["flows, row 2, electricity_price_eur_per_mwh: 0.065 EUR/MWh: far below any price a year's "
                   "electricity is bought at (tens to hundreds of EUR/MWh); 0.065 EUR per kWh would be 65 EUR/MWh: "
                   "write 65 if that is what you meant"], out


def test_a_heat_pump_cost_in_keur_per_kw_is_said():
    out = _warnings(heat_pump={"investment_eur_per_kw": 0.7})
    # 0.7 kEUR/kW = 700 EUR/kW
    assert len(out) == 1 and out[0].startswith("parameters, row None, None: heat_pump.investment_eur_per_kw: 0.7 "
                                               "EUR/kW: below any heat pump's installed cost"), out
    assert "0.7 kEUR/kW would be 700 EUR/kW: write 700" in out[0]


@pytest.mark.parametrize("kw", [{}, {"electricity_price_eur_per_mwh": 0.0}, {"electricity_price_eur_per_mwh": 1.0},
                                {"electricity_price_eur_per_mwh": 350.0}, {"heat_pump": {"investment_eur_per_kw": 0}},
                                {"heat_pump": {"investment_eur_per_kw": 300}}, {"electricity_co2_t_per_mwh": 1.2}])
def test_figures_in_their_units_are_not_said(kw):
    assert _warnings(**kw) == []


def test_an_electricity_co2_factor_in_kg_is_refused_saying_so():
    with pytest.raises(eitflow.ScenarioError) as e:
        _warnings(electricity_co2_t_per_mwh=52)
    (p,) = e.value.problems
    # 52 kg = 0.052 t
    assert "'electricity_co2_t_per_mwh'" in str(p) and "less than or equal to 2 (in tCO2/MWh: 52 kgCO2/MWh, or " \
           "gCO2/kWh, is 0.052)" in str(p), str(p)


def test_a_hub_temperature_in_kelvins_is_said():
    hubs = pd.DataFrame({"hub_id": ["H"], "lat": [45.005], "lon": [4.0], "resources": ["heat"], "capacity": [9000.0],
                         "temperature_c": [353.15], "investment_eur": [1e5]})
    out = [o for o in _warnings(hubs=hubs) if "temperature_c" in o]
    # 353.15 - 273.15 = 80
    assert out == ["hubs, row 2, temperature_c: 353.15 degC: its decimals .15 are those of a temperature in kelvins "
                   "(0 degC = 273.15 K); 353.15 K would be 80 degC: write 80 if that is what you meant (temperatures "
                   "are in degC)"], out


def test_a_link_capacity_written_as_a_rate_is_said():
    flows = pd.concat([HEAT, pd.DataFrame({"site_id": ["B"], "direction": ["demand"], "resource": ["heat"],
                                           "amount": [1200.0], "unit": ["MWh/yr"], "temperature_c": [70.0],
                                           "price_eur_per_unit": [50.0]})], ignore_index=True)
    sites = pd.concat([SITES, pd.DataFrame({"site_id": ["B"], "lat": [45.02], "lon": [4.0]})], ignore_index=True)
    links = pd.DataFrame({"source_site": ["S", "S"], "sink_site": ["A", "B"], "supply_resource": "heat",
                          "capacity": [5.0, 1000.0]})
    scen = eitflow.scenario_from_frames(sites, flows, links=links, name="t")
    out = [f"{w.file}, row {w.row}, {w.column}: {w.message}" for w in scen.warnings]
    # S-A can exchange min(9000, 5000) = 5000 MWh/yr, 5 < 1 % of it; 5 MW x 8,760 h = 43,800 MWh/yr.
    # S-B: 1000 is not below 1 % of min(9000, 1200) = 12
    assert out == ["links, row 2, capacity: 5 MWh/yr: less than a hundredth of what the pair can exchange (5,000 "
                   "MWh/yr), so the link carries next to nothing; a capacity is per year: if 5 MW was meant, it is "
                   "43,800 MWh/yr: write 43800"], out


def test_a_radius_in_metres_is_said():
    flows = HEAT.assign(max_distance_km=[2000.0, 8.0])
    out = _warnings(flows, max_distance_km={"heat": 5000.0, "steam": 200.0})
    # heat's catalogue radius is 10 km: 5000 / 10 = 500 times, 5000 m = 5 km; 2000 / 10 = 200, 2 km.
    # steam's is 5 km: 200 km is 40 times, not said; a flow's 8 km is not said
    assert out == ["parameters, row None, None: max_distance_km.heat: 5000 km: 500 times the catalogue's radius for "
                   "heat (10 km); 5000 m would be 5 km: write 5 if that is what you meant (distances are in km)",
                   "flows, row 2, max_distance_km: 2000 km: 200 times the catalogue's radius for heat (10 km); 2000 m "
                   "would be 2 km: write 2 if that is what you meant (distances are in km)"], out
