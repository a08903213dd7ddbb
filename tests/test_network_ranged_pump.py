"""A supply spanning a range (flows.csv `return_temperature_c`) on a heat network, through a
heat pump at injection.

Before: such a supply gave the network only its heat above the network's return temperature
(`networks.heat.return_temperature_c`), the rest lost even with heat pumps at injection
allowed; and a ranged supply colder than the network was pumped with its COP taken at its top
temperature, though its heat leaves it all the way down to its return. Now its range is cut at
the network's floor (its return, or its temperature without one): the band above it injects
directly (or through a pump where the supply is colder than the network), the band below it
through a pump; a pump's evaporator sits below the coldest water it cools, so its COP is taken
at the band's outlet (`candidates.netattach.attachable`).

Figures by hand. Hot water: approach dT = 10 K, heat_pump.carnot_share 0.5, max_lift_k 70.
Into a 90 degC network the pump condenses at 90 + 10 = 100 degC (373.15 K), so with a lift L
its COP is 0.5 x 373.15 / L = 186.575 / L, and the electricity for Q MWh/yr of source heat is
Q / (COP - 1) = Q L / (186.575 - L).
"""

from __future__ import annotations

import pytest
from tests.test_network_return import _scenario as _return_scenario

import eitflow
from eitflow.analyses.explain import explain

# a source of 600 MWh/yr over a range and a district at 70 degC wanting 1,000 MWh/yr at 200
# EUR/MWh, 0.5 km apart on an existing pipe of 0 km (no loss: only the temperatures decide);
# direct pipes out of reach (max_distance_km 0.1): test_network_return's, the pump on


def _scenario(t_src=100.0, ret_src=40.0, ret_net=60.0, pump=True):
    return _return_scenario(t_src, ret_src, ret_net, pump=pump)


def _balance(res) -> tuple[float, float, float]:
    """(injected by the supply, heat-pump electricity, withdrawn), MWh/yr; the balance closes."""
    assert res.status.value == "optimal"
    b = res.statistics.network_balance()
    assert len(b) == 1 and bool(b["closes"].iat[0])
    return (float(b["injected_by_supplies"].iat[0]), float(b["heat_pump_electricity"].iat[0]),
            float(b["withdrawn"].iat[0]))


def _cops(res) -> list[float]:
    m = res.matches
    return sorted(float(c) for c in m["heat_pump_cop"].dropna())


def test_the_heat_below_the_networks_return_goes_through_a_pump():
    """100 -> 40 degC, 600 MWh/yr: 10 MWh/yr per K. On the 90/60 network its heat from 100 to
    60 degC goes in directly (400 MWh/yr, as before); the 200 MWh/yr between 60 and 40 degC
    (lost before) go through a pump taking them at 40 degC, the water's outlet: evaporation
    40 - 10 = 30 degC, lift 100 - 30 = 70 K (the maximum, allowed), COP 186.575 / 70 = 2.6654,
    electricity 200 x 70 / 116.575 = 120.094 MWh/yr. Into the network: 400 + 200 + 120.094 =
    720.094 MWh/yr, all withdrawn by the district (it wants 1,000)."""
    inj, elec, out = _balance(eitflow.optimise(_scenario()))
    assert inj == pytest.approx(600.0, rel=1e-9)
    assert elec == pytest.approx(200 * 70 / 116.575, rel=1e-9)
    assert out == pytest.approx(600.0 + 200 * 70 / 116.575, rel=1e-9)
    assert _cops(eitflow.optimise(_scenario())) == pytest.approx([186.575 / 70], rel=1e-9)


def test_without_pumps_at_injection_only_the_direct_part():
    """heat_pump_at_injection: false: 400 MWh/yr, no electricity (the rule before)."""
    assert _balance(eitflow.optimise(_scenario(pump=False))) == pytest.approx((400.0, 0.0, 400.0), rel=1e-9)


def test_a_ranged_supply_colder_than_the_network_is_pumped_from_where_its_heat_leaves():
    """80 -> 40 degC, 600 MWh/yr (15 MWh/yr per K), colder than the 90 degC network: before, all
    600 through one pump of COP taken at its top, 80 degC: lift 100 - 70 = 30 K, COP 6.22, 114.96
    MWh/yr of electricity. That pump cools the water down to 40 degC, so it cannot evaporate
    above 30. Now: the band 80 -> 60 (300 MWh/yr) through a pump taking it at 60 degC: lift
    100 - 50 = 50 K, COP 3.7315, electricity 300 x 50 / 136.575 = 109.830; the band 60 -> 40
    (300) at 40 degC: lift 70 K, COP 2.6654, 300 x 70 / 116.575 = 180.142. Electricity
    289.971 MWh/yr, into the network 889.971."""
    res = eitflow.optimise(_scenario(t_src=80.0))
    inj, elec, out = _balance(res)
    want = 300 * 50 / 136.575 + 300 * 70 / 116.575
    assert (inj, elec, out) == pytest.approx((600.0, want, 600.0 + want), rel=1e-9)
    assert _cops(res) == pytest.approx([186.575 / 70, 186.575 / 50], rel=1e-9)


def test_without_a_network_return_the_heat_below_its_temperature_is_pumped():
    """No return stated: the network is one level, 90 degC. 90 -> 40 degC, 600 MWh/yr: no heat
    above 90 (nothing before); now all of it through a pump at 40 degC: lift 70 K, electricity
    600 x 70 / 116.575 = 360.283 MWh/yr, into the network 960.283."""
    inj, elec, out = _balance(eitflow.optimise(_scenario(t_src=90.0, ret_net=None)))
    assert (inj, elec, out) == pytest.approx((600.0, 600 * 70 / 116.575, 600 + 600 * 70 / 116.575), rel=1e-9)


def test_explain_says_why_no_pump_takes_the_heat_below_the_return():
    """90 -> 30 degC on a 90 degC network without a return: nothing above 90, and a pump taking
    its heat at 30 degC (evaporating at 20) would lift it 100 - 20 = 80 K, above the 70 K
    maximum: no connection. explain said "(a heat pump at injection lifts only supplies colder
    than the network)"; it now says the lift from where the heat leaves the evaporator."""
    scen = _scenario(t_src=90.0, ret_src=30.0, ret_net=None)
    res = eitflow.optimise(scen)
    assert res.statistics.network_balance()["withdrawn"].sum() == pytest.approx(0.0, abs=1e-9)
    for lang, words in (("en", ("no heat pump at injection can take it", "80 K", "from 30 degC", "70 K")),
                        ("fr", ("aucune pompe à chaleur à l'injection ne peut la prendre", "80 K", "de 30 °C",
                                "70 K"))):
        why = explain(scen, res, flow_id="src_heat", lang=lang)
        text = " ".join(str(v) for v in why.astype(str).to_numpy().ravel())
        assert "lifts only supplies colder" not in text and "ne relève que" not in text
        for w in words:
            assert w in text, (lang, w, text)
