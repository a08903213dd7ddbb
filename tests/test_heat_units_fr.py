"""Heat energy written the French ways. `MWh th/an` (and `MWh_th/an`, `MWh-th`, `MWh (th)`,
`MWh thermique/an`) was refused as a 'wrong dimension' or an unknown unit: pint read `th` as a
thou (a thousandth of an inch), MWh x length per year. Each is now read as MWh of heat per year,
as `MWhth/an` and `MWth` already were; an energy with no year (`MWh`, `MWh_th`, a yearly
consumption's header) is refused naming the unit per year meant; `tep` (tonne équivalent
pétrole, SDES's balances) is pint's toe. Factors by hand: 1 GWh = 1,000 MWh, 1 kWh = 0.001 MWh,
a rate of 1 MW all year = 8,760 MWh, 1 tep = 41.868 GJ = 41,868 / 3,600 = 11.63 MWh."""
from __future__ import annotations

import pytest

from conftest import validate_warned
from eitflow.i18n import say
from eitflow.units import UnitError, conversion_factor


@pytest.mark.parametrize(("unit", "factor"), [
    ("MWh th/an", 1.0), ("MWh th/yr", 1.0), ("MWhth/an", 1.0), ("MWh_th/an", 1.0), ("MWh-th/an", 1.0),
    ("MWh.th/an", 1.0), ("MWh (th)/an", 1.0), ("MWh(th)/an", 1.0), ("MWh thermique/an", 1.0),
    ("MWh thermiques / an", 1.0), ("GWh th/an", 1000.0), ("kWh_th/an", 0.001), ("MW th", 8760.0),
    ("MW_th", 8760.0), ("kW th", 8.76), ("tep/an", 11.63), ("ktep/an", 11630.0),
])
def test_heat_energy_written_the_french_ways(unit, factor):
    assert conversion_factor(unit, "MWh/yr") == pytest.approx(factor, rel=1e-12)


@pytest.mark.parametrize(("unit", "meant"), [("MWh", "MWh/an"), ("MWh_th", "MWh_th/an"), ("GWh th", "GWh th/an")])
def test_an_energy_without_its_year_is_refused_naming_it(unit, meant):
    with pytest.raises(UnitError) as e:
        conversion_factor(unit, "MWh/yr")
    assert say(e.value.args[0], "en") == (f"unit '{unit}' cannot be converted to MWh/yr (wrong dimension; "
                                          f"did you mean '{meant}'?)")
    assert say(e.value.args[0], "fr") == (f"l'unité '{unit}' ne se convertit pas en MWh/an (mauvaise dimension ; "
                                          f"vouliez-vous dire '{meant}' ?)")


def test_a_word_beginning_with_th_is_not_thermal():
    with pytest.raises(UnitError):
        conversion_factor("MWh thousand/an", "MWh/yr")


def test_a_heat_flow_in_mwh_th_per_year_validates(tmp_path):
    out = validate_warned(tmp_path, "site_id,direction,resource,amount,unit,temperature_c,price_eur_per_unit\n"
                                    "S,supply,heat,9000,MWh th/an,110,0\nA,demand,heat,2000,MWh_th/an,60,40\n")
    assert "attention" not in out, out   # read as MWh/yr: valid, nothing odd
