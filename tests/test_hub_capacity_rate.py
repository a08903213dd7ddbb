"""A hub's capacity written as a rate per hour. hubs.csv's `capacity` is per year (in its
resources' base unit); 5 written for a 5-MW heat substation made a hub of 5 MWh/yr, never worth
building, without a word, where links.csv's capacity was already said
(`io.unitslips.warn_link_capacity`). It is now said where the capacity is below a hundredth of
what can pass through the hub: the smaller of the supplies and the demands of its resources
within its radius. Figures by hand: S supplies 9,000 MWh/yr, A demands 5,000, both about 0.6 km
from the hub (heat's radius is 10 km): 5,000 can pass, a hundredth is 50; 5 MW all year is
5 x 8,760 = 43,800 MWh/yr."""
from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner

import eitflow
from conftest import TWO_SITES_CSV, write_scenario
from eitflow.cli.main import main

SITES = pd.DataFrame({"site_id": ["S", "A"], "lat": [45.0, 45.01], "lon": [4.0, 4.0]})
FLOWS = pd.DataFrame({"site_id": ["S", "A"], "direction": ["supply", "demand"], "resource": "heat",
                      "amount": [9000.0, 5000.0], "unit": "MWh/yr", "temperature_c": [110.0, 60.0],
                      "price_eur_per_unit": [0.0, 40.0]})


def _said(capacity: float, unit: str = "", radius: float | None = None) -> list[str]:
    hubs = pd.DataFrame({"hub_id": ["H"], "lat": [45.005], "lon": [4.0], "resources": ["heat"],
                         "capacity": [capacity], "unit": [unit], "investment_eur": [1000.0],
                         "max_distance_km": [radius]})
    scen = eitflow.scenario_from_frames(SITES, FLOWS, hubs=hubs, name="t")
    return [f"row {w.row}, {w.column}: {w.message}" for w in scen.warnings if w.column == "capacity"]


def test_a_hub_capacity_written_per_hour_is_said():
    assert _said(5) == ["row 2, capacity: 5 MWh/yr: less than a hundredth of what the supplies and demands within "
                        "its reach can pass through it (5,000 MWh/yr), so the hub carries next to nothing; a "
                        "capacity is per year: if 5 MW was meant, it is 43,800 MWh/yr: write 43800"]


@pytest.mark.parametrize(("capacity", "unit", "radius"), [
    (60, "", None),          # above a hundredth of 5,000
    (5, "MW", None),         # a rate, said so in its unit: 43,800 MWh/yr
    (5, "MWh/an", 0.1),      # no flow within 100 m of the hub: nothing to compare with
])
def test_a_hub_sized_for_what_reaches_it_is_not_said(capacity, unit, radius):
    assert _said(capacity, unit, radius) == []


def test_said_in_french_at_its_row_of_hubs_csv(tmp_path):
    y = write_scenario(tmp_path, yaml_text="name: t\nsites: sites.csv\nflows: flows.csv\nhubs: hubs.csv\n",
                       sites=TWO_SITES_CSV,
                       flows="site_id,direction,resource,amount,unit,temperature_c,price_eur_per_unit\n"
                             "S,supply,heat,9000,MWh/yr,110,0\nA,demand,heat,5000,MWh/yr,60,40\n",
                       extra={"hubs.csv": "hub_id,lat,lon,resources,capacity,unit,investment_eur\n"
                                          "H1,45.005,4.0,heat,200,MWh/an,1000\n\nH2,45.005,4.0,heat,5,MWh/an,1000\n"})
    res = CliRunner().invoke(main, ["validate", str(y), "--lang", "fr"])
    assert res.exit_code == 0, res.output
    said = [line for line in res.output.splitlines() if "centième" in line]
    assert said == ["attention : hubs.csv, ligne 4, colonne 'capacity' : 5 MWh/an : moins d'un centième de ce que "
                    "les offres et demandes à sa portée peuvent y faire passer (5\u202f000 MWh/an), le hub ne "
                    "transporte presque rien ; une capacité est par an : si vous vouliez dire 5 MW, cela fait "
                    "43\u202f800 MWh/an : écrivez 43800"], res.output


def test_a_hub_radius_in_metres_is_said():
    # 5000 for 5 km: 500 times heat's 10 km; 5 km is 5000 / 1000
    hubs = pd.DataFrame({"hub_id": ["H"], "lat": [45.005], "lon": [4.0], "resources": ["heat"],
                         "capacity": [4000.0], "investment_eur": [1000.0], "max_distance_km": [5000.0]})
    scen = eitflow.scenario_from_frames(SITES, FLOWS, hubs=hubs, name="t")
    assert [f"row {w.row}, {w.column}: {w.message}" for w in scen.warnings] == [
        "row 2, max_distance_km: 5000 km: 500 times the catalogue's radius for heat (10 km); 5000 m would be 5 km: "
        "write 5 if that is what you meant (distances are in km)"]
