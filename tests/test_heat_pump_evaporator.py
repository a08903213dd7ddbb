"""Where a heat pump's evaporator takes a ranged supply's heat (flows.csv `return_temperature_c`).

Before: a link between two sites through a heat pump drew the supply's whole range (cooled
from its top down to its return) but took its COP at the top less the approach, as if the
water never got colder than that; a pump at injection into a network already took it where
the water leaves (its band's outlet). One rule now (`candidates.heatpump.heat_pump_test`):
the evaporator sits below the coldest water it cools. Expected values worked out by hand from
the documented formula COP = carnot_share x T_cond / (T_cond - T_evap), in kelvin, with
T_evap = outlet - approach and T_cond = need + approach (heat: 10 K approach, 50 % of Carnot,
70 K largest lift: the catalogue's and the defaults)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import eitflow
from eitflow.candidates.generate import build_candidates
from eitflow.candidates.rules import pair_details

# 80 -> 50 degC process water for a 100/70 degC need: evaporation at 50 - 10 = 40 degC,
# condensation at 100 + 10 = 110 degC = 383.15 K, lift 70 K (= the largest allowed):
# COP = 0.5 x 383.15 / 70 = 2.736786 (before: evaporation at 80 - 10 = 70 degC, lift 40 K,
# 0.5 x 383.15 / 40 = 4.789375)
COP = 0.5 * 383.15 / 70.0
OLD_COP = 0.5 * 383.15 / 40.0

SITES = pd.DataFrame({"site_id": ["INDUS", "HOSP"], "lat": [48.600, 48.601], "lon": [6.10, 6.10]})


def _flows(t_ret_supply: float, t_need: float = 100.0, ret_need: float | None = 70.0,
           t_supply: float = 80.0) -> pd.DataFrame:
    return pd.DataFrame({"flow_id": ["indus_heat", "hosp_heat"], "site_id": ["INDUS", "HOSP"],
                         "direction": ["supply", "demand"], "resource": "heat", "amount": [20000.0, 8000.0],
                         "unit": "MWh/yr", "temperature_c": [t_supply, t_need],
                         "return_temperature_c": [t_ret_supply, np.nan if ret_need is None else ret_need],
                         "price_eur_per_unit": [0.0, 80.0]})


def test_a_pump_between_two_sites_evaporates_below_the_supplys_return():
    """INDUS 80/50 degC -> hospital 100/70 degC, 111 m apart: no direct pipe (the supply's top
    less the approach, 70 degC, is no hotter than the hospital's return), a heat-pump link of
    COP 2.7368. The hospital is served in full (8,000 MWh/yr): the pump draws 8,000 / COP =
    2,923.14 MWh/yr of electricity (before: 8,000 / 4.789375 = 1,670.36), 233,851 EUR/yr at
    80 EUR/MWh."""
    scen = eitflow.scenario_from_frames(SITES, _flows(50.0), solver={"mip_gap": 0.0})
    cand = build_candidates(scen)
    assert len(cand.links) == 1
    assert float(cand.links["heat_pump_cop"].iat[0]) == pytest.approx(COP, rel=1e-9)
    res = eitflow.optimise(scen, candidates=cand)
    m = res.matches
    assert len(m) == 1 and bool(m["heat_pump"].iat[0])
    assert float(m["heat_pump_cop"].iat[0]) == pytest.approx(COP, rel=1e-9)
    assert res.solution.flow[0] * float(cand.links["yield"].iat[0]) == pytest.approx(8000.0, rel=1e-6)
    assert float(m["heat_pump_electricity_mwh_per_yr"].iat[0]) == pytest.approx(8000.0 / COP, rel=1e-6)
    assert 8000.0 / COP == pytest.approx(2923.14, abs=0.01)
    assert float(m["heat_pump_electricity_eur_per_yr"].iat[0]) == pytest.approx(80.0 * 8000.0 / COP, rel=1e-6)


def test_a_point_supply_keeps_its_temperature():
    """Without a return temperature the heat is all at 80 degC: evaporation at 70 degC, COP
    0.5 x 383.15 / 40 = 4.789375 (unchanged)."""
    scen = eitflow.scenario_from_frames(SITES, _flows(np.nan), solver={"mip_gap": 0.0})
    cand = build_candidates(scen)
    assert float(cand.links["heat_pump_cop"].iat[0]) == pytest.approx(OLD_COP, rel=1e-9)


def test_a_pump_whose_lift_from_the_return_is_too_large_is_no_link():
    """80 -> 45 degC for the 100 degC need: the lift from the outlet is 110 - 35 = 75 K > 70 K,
    so no pump (before: 40 K from the top, COP 4.79). The pair is dropped on the temperature
    rule and says the lift."""
    scen = eitflow.scenario_from_frames(SITES, _flows(45.0), solver={"mip_gap": 0.0})
    cand = build_candidates(scen)
    assert len(cand.links) == 0
    d = cand.dropped
    assert list(d["reason"]) == ["quality"]
    said = pair_details(d)[0]
    assert str(said) == ("supply heat above 70 + 10 K: none (range 45-80 degC) (heat pump lift > 70 K, from its "
                         "return at 45 degC less the approach)")
    assert said.say("fr") == ("chaleur de l'offre au-dessus de 70 + 10 K : aucune (plage 45-80 °C) (élévation par "
                              "pompe à chaleur > 70 K, depuis son retour à 45 °C moins le pincement)")


def test_a_pump_at_injection_and_a_pump_between_sites_agree():
    """The same 80 -> 50 degC supply into a 100 degC network (no return stated: its floor is
    100 degC, so all the supply's heat is below it, the second band, pumped from 50 degC) and
    to a 100 degC need between two sites: the same COP, 0.5 x 383.15 / 70 = 2.7368, both."""
    sites = pd.DataFrame({"site_id": ["INDUS", "HOSP", "VILLE"], "lat": [48.600, 48.601, 48.6045],
                          "lon": [6.10, 6.10, 6.10]})
    flows = pd.concat([_flows(50.0, ret_need=None), pd.DataFrame(
        {"flow_id": ["ville_heat"], "site_id": ["VILLE"], "direction": ["demand"], "resource": "heat",
         "amount": [1000.0], "unit": "MWh/yr", "temperature_c": [90.0], "return_temperature_c": [np.nan],
         "price_eur_per_unit": [80.0], "max_distance_km": [0.1]})], ignore_index=True)
    corridors = pd.DataFrame({"corridor_id": ["c1"], "resource": "heat", "from": ["INDUS"], "to": ["VILLE"],
                              "length_km": [0.5]})
    scen = eitflow.scenario_from_frames(sites, flows, corridors=corridors,
                                        networks={"heat": {"temperature_c": 100.0}}, solver={"mip_gap": 0.0})
    lk = build_candidates(scen).links
    direct = lk[(lk["kind"] == "direct") & (lk["demand"] == 1)]
    inject = lk[lk["kind"] == "to_net"]
    assert len(direct) == 1 and len(inject) == 1
    assert float(direct["heat_pump_cop"].iat[0]) == pytest.approx(COP, rel=1e-9)
    assert float(inject["heat_pump_cop"].iat[0]) == pytest.approx(COP, rel=1e-9)


def test_a_twin_the_pump_cannot_make_is_not_a_dropped_pair():
    """60 -> 15 degC heat for a 70/40 degC need: a direct pipe reaches the need from 40 up to
    60 - 10 = 50 degC (a third of it); its heat-pump twin would lift from 15 - 10 = 5 degC to
    70 + 10 = 80 degC, 75 K > 70 K: no twin, and the pair, which has its direct link, is not
    listed as dropped on the temperature rule (before: a twin of COP 0.5 x 353.15 / 30 = 5.89,
    evaporating at the top, 50 degC)."""
    flows = _flows(15.0, t_need=70.0, ret_need=40.0, t_supply=60.0)
    scen = eitflow.scenario_from_frames(SITES, flows, solver={"mip_gap": 0.0})
    cand = build_candidates(scen)
    assert len(cand.links) == 1 and not np.isfinite(cand.links["heat_pump_cop"]).any()
    assert len(cand.dropped) == 0
