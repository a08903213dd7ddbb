"""Candidate generation: spatial search against brute force, rules, and coefficients by hand."""
from __future__ import annotations

import numpy as np
import pytest

from conftest import FLOWS_CSV
from eitflow import build_candidates, candidate_graph, read_scenario
from eitflow.geo import haversine_km, pairs_within, unit_vectors
from eitflow.units import conversion_factor

CRF_5PC_20Y = 0.05 / (1 - 1.05 ** -20)  # 0.0802425872...


def test_haversine_paris_lyon():
    # Paris (48.8566, 2.3522) - Lyon (45.7640, 4.8357): 391.5 km great-circle (independent reference values)
    assert haversine_km(48.8566, 2.3522, 45.7640, 4.8357) == pytest.approx(391.5, abs=1.0)


def test_pairs_within_equals_all_pairs_brute_force():
    rng = np.random.default_rng(7)
    la, lo = rng.uniform(43, 49, 300), rng.uniform(-1, 7, 300)
    lb, lob = rng.uniform(43, 49, 400), rng.uniform(-1, 7, 400)
    i, j, d = pairs_within(unit_vectors(la, lo), unit_vectors(lb, lob), 40.0)
    full = haversine_km(la[:, None], lo[:, None], lb[None, :], lob[None, :])
    bi, bj = np.nonzero(full <= 40.0)
    assert set(zip(i.tolist(), j.tolist())) == set(zip(bi.tolist(), bj.tolist()))
    np.testing.assert_allclose(d, full[i, j], rtol=1e-9)


@pytest.mark.parametrize("unit,base,factor", [("GWh/yr", "MWh/yr", 1000), ("kt/yr", "t/yr", 1000),
                                              ("kg/d", "t/yr", 0.365), ("kWh/yr", "MWh/yr", 0.001),
                                              ("MW", "MWh/yr", 8760), ("m3/yr", "m3/yr", 1)])
def test_unit_factors(unit, base, factor):
    assert conversion_factor(unit, base) == pytest.approx(factor)


# per day: a continuous rate, 365 days a year (as MW and t/h are 8,760 h); French "j", "jour"
@pytest.mark.parametrize("unit,base,factor", [("t/d", "t/yr", 365), ("t/j", "t/yr", 365), ("t/jour", "t/yr", 365),
                                              ("m3/j", "m3/yr", 365), ("m3/d", "m3/yr", 365),
                                              ("kg/j", "t/yr", 0.365), ("MWh/j", "MWh/yr", 365),
                                              ("GWh/an", "MWh/yr", 1000), ("t/h", "t/yr", 8760)])
def test_per_day_and_french_unit_factors(unit, base, factor):
    assert conversion_factor(unit, base) == pytest.approx(factor, rel=1e-12)


# 'year' spelled out is the same 365-day year as 'yr', and a month a twelfth of it (pint's
# own are Julian, 365.25 days: 'MWh/year' read x 0.99932, 'MWh/month' x 11.992)
@pytest.mark.parametrize("unit,base,factor", [("MWh/year", "MWh/yr", 1), ("GWh/years", "MWh/yr", 1000),
                                              ("MWh/month", "MWh/yr", 12), ("t/month", "t/yr", 12),
                                              ("m3/month", "m3/yr", 12), ("MWh/week", "MWh/yr", 365 / 7)])
def test_year_and_month_spelled_out(unit, base, factor):
    assert conversion_factor(unit, base) == pytest.approx(factor, rel=1e-12)


# the prefixes of industry stay accepted (1 W all year = 8,760 Wh = 0.00876 MWh; 1 TWh = 1e6 MWh)
@pytest.mark.parametrize("unit,factor", [("W", 0.00876), ("kW", 8.76), ("GW", 8.76e6), ("kWh/an", 1e-3),
                                         ("TWh/yr", 1e6), ("MJ/yr", 1 / 3600), ("Wh/yr", 1e-6)])
def test_energy_and_power_units_kept(unit, factor):
    assert conversion_factor(unit, "MWh/yr") == pytest.approx(factor, rel=1e-12)


# milli- and micro-prefixed energy or power converts in pint (mWh/yr = 1e-9 MWh/yr, 1 µWh/yr =
# 1e-12: pint reads the micro sign µ, the Greek mu μ and u as micro) but is refused, the mega
# unit named; 'mW/h', 'mWh' and 'µWh' have the wrong dimension and say so, as before
MILLI = ("thousandths (m is milli: mW is a milliwatt, MW a megawatt)",
         "millièmes (m pour milli : mW est un milliwatt, MW un mégawatt)")
MICRO = ("millionths (µ or u is micro: µW is a microwatt, MW a megawatt)",
         "millionièmes (µ ou u pour micro : µW est un microwatt, MW un mégawatt)")


@pytest.mark.parametrize("unit,hint,words", [
    ("mWh/yr", "MWh/yr", MILLI), ("mW", "MW", MILLI), ("mWh/an", "MWh/an", MILLI), ("mWh/j", "MWh/j", MILLI),
    ("mJ/yr", "MJ/yr", MILLI), ("mtoe/yr", "Mtoe/yr", MILLI), ("mW/h", None, MILLI), ("mWh", None, MILLI),
    ("µWh/yr", "MWh/yr", MICRO), ("uWh/yr", "MWh/yr", MICRO), ("μWh/yr", "MWh/yr", MICRO), ("µW", "MW", MICRO),
    ("uW", "MW", MICRO), ("uWh/an", "MWh/an", MICRO), ("µJ/yr", "MJ/yr", MICRO), ("microwatt", "megawatt", MICRO),
    ("µWh", None, MICRO)])
def test_small_energy_and_power_refused_with_the_mega_unit(unit, hint, words):
    from eitflow.units import UnitError

    with pytest.raises(UnitError) as err:
        conversion_factor(unit, "MWh/yr")
    msg = err.value.args[0]
    if hint is None:
        assert "wrong dimension" in msg and words[0].split(" ")[0] not in msg
        return
    assert msg == f"unit '{unit}' is in {words[0]}, never the unit of an industrial flow; did you mean '{hint}'?"
    assert msg.say("fr") == (f"l'unité '{unit}' compte en {words[1]}, jamais l'unité d'un flux industriel ; "
                             f"vouliez-vous dire '{hint}' ?")


def test_milli_units_of_other_dimensions_read_as_written():
    """m (metre), milligrams and micrograms are no slip: 1 m3/h = 8,760 m3/yr, 1 mg/h = 8,760 mg
    = 8.76e-6 t/yr, 1 ug/h = 8.76e-9 t/yr."""
    assert conversion_factor("m3/h", "m3/yr") == pytest.approx(8760.0)
    assert conversion_factor("mg/h", "t/yr") == pytest.approx(8.76e-6, rel=1e-12)
    assert conversion_factor("ug/h", "t/yr") == pytest.approx(8.76e-9, rel=1e-12)
    assert conversion_factor("µg/h", "t/yr") == pytest.approx(8.76e-9, rel=1e-12)


def test_per_day_amounts_read_from_flows_csv(tmp_path):
    """flows.csv in tonnes per day (French "t/j") and m3 per day: 40 t/j of FGD gypsum is
    40 x 365 = 14,600 t/yr; 15 t/d of gypsum 5,475 t/yr; 300 m3/j of water 109,500 m3/yr."""
    from conftest import SITES_CSV, write_scenario

    flows = FLOWS_CSV.replace("POWER,supply,fgd_gypsum,20,kt/yr,,15", "POWER,supply,fgd_gypsum,40,t/j,,15") \
        .replace("PLAST,demand,gypsum,15000,t/yr,,20", "PLAST,demand,gypsum,15,t/d,,20") + "FOOD,demand,water,300,m3/j,,2\n"
    scen = read_scenario(write_scenario(tmp_path, sites=SITES_CSV, flows=flows))
    got = scen.flows.set_index(["site_id", "resource"])["amount"]
    assert got[("POWER", "fgd_gypsum")] == pytest.approx(14600.0)
    assert got[("PLAST", "gypsum")] == pytest.approx(5475.0)
    assert got[("FOOD", "water")] == pytest.approx(109500.0)


def test_coefficients_by_hand(scenario_path):
    scen = read_scenario(scenario_path)
    cand = build_candidates(scen)
    lk = cand.links.set_index(["source_site", "sink_site"])
    # UVE -> FOOD heat: supply 30 GWh/yr = 30000 MWh/yr, demand 12000 MWh/yr at 45 EUR/MWh
    gc = haversine_km(50.28, 3.97, 50.29, 3.98)
    route = 1.3 * gc  # catalogue detour factor for pipes
    row = lk.loc[("UVE", "FOOD")]
    assert row["distance_km"] == pytest.approx(route, rel=1e-9)
    co2 = 0.252  # tCO2/MWh, gas heat replaced
    yld = 1 - 0.002 * route  # pipe losses, 0.2 % per km
    value = yld * (45 + 100 * co2) - (0.5 + 0.1 * route)
    assert row["yield"] == pytest.approx(yld, rel=1e-12)
    assert row["value_eur_per_unit"] == pytest.approx(value, rel=1e-9)
    assert row["co2_t_per_unit"] == pytest.approx(yld * co2)
    invest = 150000 + 800000 * route
    assert row["investment_eur"] == pytest.approx(invest, rel=1e-9)
    assert row["fixed_eur_per_yr"] == pytest.approx(CRF_5PC_20Y * invest + 5000, rel=1e-9)
    assert row["upper"] == pytest.approx(12000 / yld)
    # FGD gypsum feeds gypsum: 20 kt/yr supply, 15 kt/yr demand, truck
    g = lk.loc[("POWER", "PLAST")]
    assert g["supply_resource"] == "fgd_gypsum" and g["demand_resource"] == "gypsum"
    route = 1.3 * haversine_km(50.20, 3.90, 50.27, 3.99)
    assert g["value_eur_per_unit"] == pytest.approx(20 + 15 + 100 * (0.005 - 0.0001 * route) - (3 + 0.12 * route))
    assert g["fixed_eur_per_yr"] == pytest.approx(2000)
    assert g["upper"] == pytest.approx(15000)
    assert len(cand.links) == 3 and len(cand.dropped) == 0


def test_quality_radius_and_reasons(tmp_path):
    from conftest import write_scenario
    flows = FLOWS_CSV.replace("GREEN,demand,heat,9000,MWh/yr,60,40", "GREEN,demand,heat,9000,MWh/yr,125,40")
    flows = flows.replace("price_eur_per_unit\n", "price_eur_per_unit,max_distance_km\n")
    flows = flows.replace("PLAST,demand,gypsum,15000,t/yr,,20", "PLAST,demand,gypsum,15000,t/yr,,20,5")
    yaml_text = __import__("conftest").SCENARIO_YAML + "heat_pump: {enabled: false}\n"
    scen = read_scenario(write_scenario(tmp_path / "s", flows=flows, yaml_text=yaml_text))
    cand = build_candidates(scen)
    pairs = set(zip(cand.links["source_site"], cand.links["sink_site"]))
    assert pairs == {("UVE", "FOOD")}
    dr = cand.dropped
    assert list(dr["reason"]) == ["quality"]  # 130 degC < 125 + 10 K
    # POWER-PLAST is ~9.6 km apart, beyond the demand's own 5 km limit: not a candidate, not "in range"
    plast = int(np.flatnonzero(scen.flows["site_id"] == "PLAST")[0])
    assert cand.in_range[plast] == 0
    assert cand.nearest_km[plast] == pytest.approx(haversine_km(50.20, 3.90, 50.27, 3.99))


def test_uneconomic_link_dropped_with_reason(tmp_path):
    from conftest import write_scenario
    # a 50 MWh/yr heat demand cannot pay for a 150 kEUR connection
    flows = FLOWS_CSV.replace("GREEN,demand,heat,9000,MWh/yr,60,40", "GREEN,demand,heat,50,MWh/yr,60,40")
    cand = build_candidates(read_scenario(write_scenario(tmp_path / "s", flows=flows)))
    dr = cand.dropped
    assert list(dr["reason"]) == ["uneconomic"]
    # the text is written when asked, from the pair's best case at full use (a loss)
    from eitflow.candidates.rules import pair_details
    text = pair_details(dr)[0]
    assert text.startswith("at full use -") and "EUR/yr" in text
    best, v, m, fixed = (float(dr[c].iloc[0]) for c in
                         ("best_case_eur_per_yr", "value_eur_per_unit", "upper", "fixed_eur_per_yr"))
    assert best == pytest.approx(v * m - fixed) and best < 0


def test_graph_has_sites_and_links(scenario_path):
    scen = read_scenario(scenario_path)
    cand = build_candidates(scen)
    g = candidate_graph(scen, cand)
    assert g.number_of_nodes() == 5 and g.number_of_edges() == 3
    assert g.nodes["UVE"]["zone"] == "ZAE Nord"
    assert {(u, v) for u, v, _ in g.edges(keys=True)} == {("UVE", "FOOD"), ("UVE", "GREEN"), ("POWER", "PLAST")}


def test_heat_pump_link_by_hand(tmp_path):
    """The heat pump sits at the demand: the source heat travels the pipe (losing 0.2 %/km),
    what arrives enters the evaporator, and the pump delivers it plus its electricity. Both
    the electricity and the capacity are costed for that one placement."""
    from conftest import write_scenario
    # GREEN needs 125 degC; UVE offers 130 degC: 130 < 125 + 10 K, so only a heat pump can do it
    flows = FLOWS_CSV.replace("GREEN,demand,heat,9000,MWh/yr,60,40", "GREEN,demand,heat,9000,MWh/yr,125,40")
    scen = read_scenario(write_scenario(tmp_path / "s", flows=flows))
    cand = build_candidates(scen)
    row = cand.links.set_index(["source_site", "sink_site"]).loc[("UVE", "GREEN")]
    # Carnot between evaporation 130 - 10 = 120 degC and condensation 125 + 10 = 135 degC:
    # COP = 0.5 x 408.15 / 15 = 13.605
    cop = 0.5 * (135 + 273.15) / (135 - 120)
    assert row["heat_pump_cop"] == pytest.approx(13.605)
    route = 1.3 * haversine_km(50.28, 3.97, 50.30, 3.96)   # 2.875 km of pipe
    arrives = 1 - 0.002 * route                  # MWh reaching the pump per MWh leaving UVE
    elec = arrives / (cop - 1)                   # MWh of electricity the pump draws
    delivered = arrives + elec                   # first law: heat out = heat in + work
    assert delivered == pytest.approx(arrives * cop / (cop - 1))
    cap_cost = CRF_5PC_20Y * 700 * 1000 / 6000   # EUR per MWh delivered (700 EUR/kW_th, 6,000 h)
    var = 0.5 + 0.1 * route + elec * 80 + delivered * cap_cost
    co2 = delivered * 0.252 - elec * 0.052
    assert row["yield"] == pytest.approx(delivered, rel=1e-12)
    assert row["var_cost_eur_per_unit"] == pytest.approx(var, rel=1e-12)
    assert row["co2_t_per_unit"] == pytest.approx(co2, rel=1e-12)
    assert row["value_eur_per_unit"] == pytest.approx(delivered * 40 + 100 * co2 - var, rel=1e-12)
    assert row["upper"] == pytest.approx(min(30000, 9000 / delivered))
