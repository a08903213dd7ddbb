"""Thermal power written as the French write it: MWth, kWth (megawatt thermique)."""

from __future__ import annotations

import pytest

import eitflow
from conftest import SCENARIO_YAML, TWO_SITES_CSV, write_scenario
from eitflow.units import conversion_factor


@pytest.mark.parametrize(("unit", "factor"), [
    ("MWth", 8760.0), ("kWth", 8.76), ("GWth", 8_760_000.0), ("MWhth/an", 1.0), ("GWhth/yr", 1000.0),
])
def test_a_thermal_unit_is_its_power_or_energy(unit, factor):
    """'MWth' (mégawatt thermique, how heat networks and ADEME's Fonds Chaleur write a
    boiler's or a recovery unit's power) was refused as an unknown unit: it is 1 MW of heat,
    8,760 MWh/yr at full load (1 x 8,760 h); kWth a thousandth of it, GWth a thousand times;
    MWhth an MWh of heat."""
    assert conversion_factor(unit, "MWh/yr") == pytest.approx(factor, rel=1e-12)


def test_a_flow_in_mwth_reads_as_the_same_flow_in_mw(tmp_path):
    """A supply of 1 MWth is 1 x 8,760 = 8,760 MWh/yr, as 1 MW is: all of it goes to a demand
    of 9,000 MWh/yr 1.1 km away (a pipe pays at 60 EUR/MWh), and the run gives the same
    objective with either unit."""
    flows = ("site_id,direction,resource,amount,unit,temperature_c,price_eur_per_unit\n"
             "S,supply,heat,{amount},{unit},110,0\nA,demand,heat,9000,MWh/yr,60,60\n")
    th = eitflow.run_file(write_scenario(tmp_path / "th", sites=TWO_SITES_CSV,
                                         flows=flows.format(amount=1, unit="MWth"), yaml_text=SCENARIO_YAML))
    mw = eitflow.run_file(write_scenario(tmp_path / "mw", sites=TWO_SITES_CSV,
                                         flows=flows.format(amount=1, unit="MW"), yaml_text=SCENARIO_YAML))
    assert th.scenario.flows.loc[th.scenario.flows["site_id"] == "S", "amount"].iloc[0] == pytest.approx(8_760.0)
    assert th.statistics.matches()["amount"].sum() == pytest.approx(8_760.0)
    assert th.summary["objective"] == pytest.approx(mw.summary["objective"], rel=1e-12)
