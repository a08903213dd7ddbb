"""A supply spanning a range (flows.csv `return_temperature_c`) on a heat network, and the
network's own return temperature (scenario.yaml `networks.heat.return_temperature_c`).

Before: such a supply gave the network only its heat above the network's supply temperature,
as if the network's water came back at that temperature: a steelworks' 115 -> 60 degC water on
a 115 degC network gave nothing, and explain said it was "colder than the heat network (115
degC)". In a counter-flow exchanger heating the network's returning water up to its
temperature, the supply cools down to that return temperature (both temperature profiles are
straight lines: the ends decide). Expected amounts worked out by hand below."""

from __future__ import annotations

import pandas as pd
import pytest

import eitflow
from eitflow.analyses.explain import explain
from eitflow.errors import ScenarioError

# a source 100 -> 40 degC (600 MWh/yr spread evenly over 60 K) and a district at 70 degC, 0.5 km
# apart on an existing pipe of 0 km (no loss: only the temperatures decide); direct pipes out of
# reach (max_distance_km 0.1)
SITES = pd.DataFrame({"site_id": ["SRC", "VILLE"], "lat": [48.60, 48.6045], "lon": [6.10, 6.10]})


def _scenario(t_src=100.0, ret_src=40.0, ret_net=60.0, t_net=90.0, pump=False):
    """The heat pump at injection is off here: these tests are on the direct exchange (the heat
    below the network's floor through a pump, `pump`: tests/test_network_ranged_pump.py)."""
    flows = pd.DataFrame({"flow_id": ["src_heat", "ville_heat"], "site_id": ["SRC", "VILLE"],
                          "direction": ["supply", "demand"], "resource": "heat", "amount": [600.0, 1000.0],
                          "unit": "MWh/yr", "temperature_c": [t_src, 70.0],
                          "return_temperature_c": [ret_src, float("nan")], "price_eur_per_unit": [0.0, 200.0],
                          "max_distance_km": [0.1, 0.1]})
    corridors = pd.DataFrame({"corridor_id": ["c1"], "resource": "heat", "from": ["SRC"], "to": ["VILLE"],
                              "length_km": [0.0], "existing": [True], "capacity": [5.0], "unit": ["MW"]})
    net = {"temperature_c": t_net, "heat_pump_at_injection": pump} | ({} if ret_net is None else {"return_temperature_c": ret_net})
    return eitflow.scenario_from_frames(SITES, flows, corridors=corridors, networks={"heat": net},
                                        solver={"mip_gap": 0.0})


def _withdrawn(res) -> float:
    b = res.statistics.network_balance()
    assert len(b) == 1 and bool(b["closes"].iat[0])
    return float(b["withdrawn"].iat[0])


def test_a_ranged_supply_gives_its_heat_down_to_the_networks_return():
    """600 MWh/yr over 100 -> 40 degC is 10 MWh/yr per K. On a 90/60 degC network it heats the
    water coming back at 60 degC: its heat from 100 down to 60 degC, 40 K x 10 = 400 MWh/yr
    (before: only its heat above 90 degC, 10 K x 10 = 100). The district takes all 400."""
    res = eitflow.optimise(_scenario())
    assert res.status.value == "optimal"
    assert _withdrawn(res) == pytest.approx(400.0, rel=1e-9)


def test_its_own_return_warmer_than_the_networks_bounds_it():
    """The same source cooled only to 75 degC (100 -> 75: 600 MWh/yr over 25 K): on the 90/60
    network its outlet cannot go below its own 75 degC, so all 600 MWh/yr go in."""
    res = eitflow.optimise(_scenario(ret_src=75.0))
    assert _withdrawn(res) == pytest.approx(600.0, rel=1e-9)


def test_without_a_network_return_only_the_heat_above_the_network():
    """No `return_temperature_c` on the network: it is taken as one level (its supply
    temperature, as documented), so 100 -> 40 degC gives 10 K x 10 = 100 MWh/yr."""
    res = eitflow.optimise(_scenario(ret_net=None))
    assert _withdrawn(res) == pytest.approx(100.0, rel=1e-9)


def test_a_source_at_the_networks_temperature_is_not_said_colder(tmp_path):
    """A 90 -> 40 degC source on a 90 degC network without a return temperature has no heat
    above 90 degC. It is as hot as the network: explain said "at 90 degC it is colder than the
    heat network (90 degC)"; it now says its heat lies below what the water comes back at and
    names the setting. With the network's return at 60 degC it gives 30 K x 12 = 360 MWh/yr."""
    scen = _scenario(t_src=90.0, ret_net=None)
    res = eitflow.optimise(scen)
    why = explain(scen, res, flow_id="src_heat")
    text = " ".join(str(v) for v in why.astype(str).to_numpy().ravel())
    assert "it is colder than" not in text
    assert "return_temperature_c" in text and "comes back" in text
    assert _withdrawn(eitflow.optimise(_scenario(t_src=90.0))) == pytest.approx(360.0, rel=1e-9)


def test_a_return_not_below_the_networks_temperature_is_refused():
    with pytest.raises(ScenarioError) as e:
        _scenario(ret_net=95.0)
    assert "return_temperature_c" in str(e.value) and "95" in str(e.value)


def test_summary_and_report_state_the_return(tmp_path):
    """summary.json gives the network's return temperature and the report's network table reads
    it as heat networks are named, supply/return: "90/60"."""
    import json

    from eitflow.report.html import write_report
    from eitflow.results.rundir import write_run

    out = write_run(eitflow.optimise(_scenario()), tmp_path / "run")
    heat = json.loads((out / "summary.json").read_text(encoding="utf-8"))["networks"]["by_resource"]["heat"]
    assert (heat["temperature_c"], heat["return_temperature_c"]) == (90.0, 60.0)
    html = write_report(out, lang="fr").read_text(encoding="utf-8")
    table = html[html.index('id="networks-table"'):]
    assert ">90/60</td>" in table[:table.index("</table>")]
