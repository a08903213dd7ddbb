"""`eitflow resilience` on a CO2 collection network: the greenhouses closing send their 5,000
t/yr to the terminal instead, both at the catalogue's 0.1 tCO2 avoided per t of CO2 (merchant CO2
replaced), so no CO2 is lost: 5,000 x (0.1 - 0.1) = 0. It read 7.3e-12 tCO2/yr, the table
'0,0000000000073' (the two totals, 45,711.4 tCO2/yr, summed in another order)."""

from __future__ import annotations

from pathlib import Path

import pytest

import eitflow
from eitflow.analyses.resilience import resilience

SITES = """site_id,name,lat,lon,zone
CIM,Cimenterie,49.00,2.00,A
VERRE,Verrerie,49.01,2.02,A
CHAUX,Chaux,49.02,2.01,A
TERM,Terminal CO2,49.03,2.05,B
SERRE,Serres,49.005,2.03,B
"""
FLOWS = """flow_id,site_id,direction,resource,amount,unit,price_eur_per_unit
cim_co2,CIM,supply,co2,200000,t/yr,-20
verre_co2,VERRE,supply,co2,50000,t/yr,-20
chaux_co2,CHAUX,supply,co2,80000,t/yr,-20
term_co2,TERM,demand,co2,400000,t/yr,30
serre_co2,SERRE,demand,co2,5000,t/yr,80
"""


@pytest.mark.slow   # six solves: about 6 s of CPU, 30-40 s on a loaded machine
def test_no_co2_is_lost_where_a_closure_sends_the_same_co2_elsewhere(tmp_path: Path):
    (tmp_path / "sites.csv").write_text(SITES)
    (tmp_path / "flows.csv").write_text(FLOWS)
    # trucks priced out: the CO2 goes by the network only. Injections compress nothing here
    # (CO2 delivered already dense): with the catalogue's 0.11 MWh/t, the plan with SERRE leaves
    # 6,805 t of VERRE's CO2 out (a corridor full) and one without SERRE takes it all, a real
    # change of 641.6 tCO2/yr, not the rounding noise this test is about.
    (tmp_path / "resources.yaml").write_text("co2:\n  transport: {investment_eur: 50000000}\n"
                                             "  network: {injection_electricity_mwh_per_unit: 0}\n")
    (tmp_path / "scenario.yaml").write_text(
        "name: co2\nsites: sites.csv\nflows: flows.csv\nresources: resources.yaml\ncarbon_price_eur_per_t: 100\n"
        "networks:\n  co2: {generate: delaunay, max_length_km: 10}\nsolver: {time_limit_s: 30}\n")
    scen = eitflow.read_scenario(tmp_path / "scenario.yaml")
    base = eitflow.optimise(scen)
    served = base.matches.set_index("demand_flow_id")["amount"]
    assert served["serre_co2"] == 5000 and served["term_co2"] < 400000 - 5000   # room at the terminal
    t = resilience(scen, fresh=False).set_index("site_id")
    assert t.at["SERRE", "co2_lost_t_per_yr"] == 0.0
    # the terminal closing loses what it stored: 0.1 x what it took
    assert abs(t.at["TERM", "co2_lost_t_per_yr"] - 0.1 * served["term_co2"]) < 1e-6
