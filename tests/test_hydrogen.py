"""Hydrogen: purity rule, compression cost from pressures, truck or pipeline by distance and volume."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from eitflow import build_candidates, optimise, scenario_from_frames
from eitflow.candidates.rules import pair_details
from eitflow.geo import haversine_km


def _scen(dist_deg=0.05, amount=2000.0, purity=(0.99999, 0.99997), pressure=(30.0, 700.0)):
    sites = pd.DataFrame({"site_id": ["CA", "BUS"], "lat": [47.0, 47.0 + dist_deg], "lon": [5.4, 5.4]})
    flows = pd.DataFrame({"site_id": ["CA", "BUS"], "direction": ["supply", "demand"], "resource": "hydrogen",
                          "amount": [amount, amount], "unit": "t/yr", "price_eur_per_unit": [0.0, 9000.0],
                          "purity": list(purity), "pressure_bar": list(pressure)})
    return scenario_from_frames(sites, flows, carbon_price_eur_per_t=100, solver={"mip_gap": 0})


def test_purity_rule():
    cand = build_candidates(_scen(purity=(0.999, 0.99997)))
    assert len(cand.links) == 0 and set(cand.dropped["reason"]) == {"quality"}
    assert "purity 0.999 < 0.99997" in pair_details(cand.dropped)[0]   # the text is written when asked
    assert len(build_candidates(_scen(purity=(0.99999, 0.99997))).links) == 2  # truck and pipeline


def test_compression_cost_by_hand():
    scen = _scen()
    lk = build_candidates(scen).links.set_index("mode")
    route = 1.3 * haversine_km(47.0, 5.4, 47.05, 5.4)
    comp = 0.67 * np.log(700 / 30)  # MWh per t
    truck_vc = 500 + 15 * route + comp * 80
    assert lk.loc["truck", "var_cost_eur_per_unit"] == pytest.approx(truck_vc)
    co2 = 11.0 - 0.002 * route - comp * 0.052
    assert lk.loc["truck", "co2_t_per_unit"] == pytest.approx(co2)
    assert lk.loc["pipe", "var_cost_eur_per_unit"] == pytest.approx(50 + 0.5 * route + comp * 80)


def test_pipeline_for_short_large_flows_truck_for_small_or_far():
    big_near = optimise(_scen(dist_deg=0.05, amount=5000.0))
    assert list(big_near.matches["unit"]) == ["t/yr"]
    lk = big_near.candidates.links
    chosen = lk.iloc[np.flatnonzero(big_near.solution.flow > 0)]["mode"].tolist()
    assert chosen == ["pipe"]
    small = optimise(_scen(dist_deg=0.05, amount=50.0))
    assert small.candidates.links.iloc[np.flatnonzero(small.solution.flow > 0)]["mode"].tolist() == ["truck"]
    far = optimise(_scen(dist_deg=0.6, amount=5000.0))  # ~67 km: beyond the 30 km pipeline radius
    assert far.candidates.links["mode"].tolist() == ["truck"]


# ---------------------------------------------------------------- electrolysers
def _electrolyser(kwh=55.0, e_price=None, e_co2=None, other_cost=-500.0, price=9000.0, hub=False):
    sites = pd.DataFrame({"site_id": ["PV", "BUS"], "lat": [47.0, 47.05], "lon": [5.4, 5.4]})
    flows = pd.DataFrame({"site_id": ["PV", "BUS"], "direction": ["supply", "demand"], "resource": "hydrogen",
                          "amount": [100.0, 100.0], "unit": "t/yr", "price_eur_per_unit": [other_cost, price],
                          "pressure_bar": [30.0, 30.0], "electrolyser_kwh_per_kg": [kwh, np.nan],
                          "electricity_price_eur_per_mwh": [e_price, np.nan],
                          "electricity_co2_t_per_mwh": [e_co2, np.nan]})
    return scenario_from_frames(sites, flows, carbon_price_eur_per_t=100, electricity_price_eur_per_mwh=90,
                                electricity_co2_t_per_mwh=0.05, solver={"mip_gap": 0})


def test_electrolyser_pays_its_electricity_and_its_co2_by_hand():
    with_e = build_candidates(_electrolyser(e_price=60.0, e_co2=0.02)).links.set_index("mode")
    without = build_candidates(_electrolyser(kwh=np.nan)).links.set_index("mode")
    # 55 kWh/kg = 55 MWh/t: 55 x 60 EUR/MWh = 3300 EUR/t, 55 x 0.02 = 1.1 tCO2/t, valued at 100 EUR/t
    for mode in ("truck", "pipe"):
        assert with_e.loc[mode, "co2_t_per_unit"] == pytest.approx(without.loc[mode, "co2_t_per_unit"] - 1.1)
        assert with_e.loc[mode, "value_eur_per_unit"] == pytest.approx(
            without.loc[mode, "value_eur_per_unit"] - 3300.0 - 100 * 1.1)
    # without its own figures the scenario's electricity applies: 55 x 90 and 55 x 0.05
    dflt = build_candidates(_electrolyser()).links.set_index("mode")
    assert dflt.loc["truck", "value_eur_per_unit"] == pytest.approx(
        without.loc["truck", "value_eur_per_unit"] - 55 * 90 - 100 * 55 * 0.05)


def test_hydrogen_is_made_only_when_the_fleet_price_covers_the_electricity():
    # value per t by truck: 9000 - 500 (other costs) - 55 x price - 100 x 55 x 0.02 - transport
    # (500 + 15 x 7.2 km) + CO2 credit 100 x (11 - 0.002 x 7.2) ~ 8982 - 55 x price: it pays at
    # 60 EUR/MWh (5700 EUR/t left) and does not at 170 EUR/MWh (-368 EUR/t)
    cheap = optimise(_electrolyser(e_price=60.0, e_co2=0.02))
    dear = optimise(_electrolyser(e_price=170.0, e_co2=0.02))
    assert cheap.summary["status"] == dear.summary["status"] == "optimal"
    assert cheap.matches["amount"].sum() == pytest.approx(100.0)
    assert len(dear.matches) == 0
    assert dear.unmatched["reason"].eq("uneconomic").any()


def test_electrolyser_columns_are_validated():
    from eitflow.errors import ScenarioError

    with pytest.raises(ScenarioError) as e:
        _electrolyser(kwh=20.0)
    assert "electrolyser_kwh_per_kg" in str(e.value) and "HHV" in str(e.value)
    sites = pd.DataFrame({"site_id": ["A", "B"], "lat": [47.0, 47.05], "lon": [5.4, 5.4]})
    flows = pd.DataFrame({"site_id": ["A", "B"], "direction": ["supply", "demand"], "resource": ["heat", "heat"],
                          "amount": [10.0, 10.0], "unit": "MWh/yr", "temperature_c": [90, 60],
                          "electrolyser_kwh_per_kg": [50.0, np.nan], "electricity_price_eur_per_mwh": [50, 50]})
    with pytest.raises(ScenarioError) as e:
        scenario_from_frames(sites, flows)
    msg = str(e.value)
    assert "row 2" in msg and "hydrogen supplies only" in msg
    assert "row 3" in msg and "electrolysers only" in msg


CRF_5PC_20Y = 0.05 / (1 - 1.05 ** -20)   # 0.0802425872 per year, the scenario's default 5 % over 20 years


def _best_link_by_hand(e_price=60.0, e_co2=0.02) -> float:
    """The electrolyser's best link at full use (EUR/yr), from the catalogue's figures by hand:
    100 t/yr over a 1.3 x 5.56 km route, 9000 EUR/t paid by the fleet, -500 EUR/t other costs,
    55 MWh/t of electricity, grey hydrogen's 11 tCO2/t avoided at 100 EUR/t."""
    route = 1.3 * haversine_km(47.0, 5.4, 47.05, 5.4)
    elec_eur, elec_co2 = 55 * e_price, 55 * e_co2
    best = -np.inf
    # (var EUR/t, EUR/t/km, transport tCO2/t/km, investment EUR, EUR/km, fixed EUR/yr) of truck and pipe
    for vc0, vc1, tco2, inv0, inv1, fix in ((500, 15, 0.002, 50_000, 0, 20_000),
                                            (50, 0.5, 0.0, 100_000, 600_000, 10_000)):
        co2 = 11.0 - tco2 * route - elec_co2
        value = 9000 - 500 - elec_eur + 100 * co2 - (vc0 + vc1 * route)
        best = max(best, value * 100 - (CRF_5PC_20Y * (inv0 + inv1 * route) + fix))
    return best


def test_best_link_by_hand_is_the_truck():
    lk = build_candidates(_with_capex(0.0)).links.set_index("mode")
    route = 1.3 * haversine_km(47.0, 5.4, 47.05, 5.4)
    assert lk.loc["truck", "value_eur_per_unit"] == pytest.approx(
        9000 - 500 - 3300 + 100 * (11 - 0.002 * route - 1.1) - (500 + 15 * route), rel=1e-12)
    assert lk.loc["truck", "fixed_eur_per_yr"] == pytest.approx(CRF_5PC_20Y * 50_000 + 20_000, rel=1e-12)
    assert _best_link_by_hand() == pytest.approx(534_003, abs=5)  # the truck: 558,015 - 24,012 EUR/yr


def _with_capex(invest: float, fixed: float = 0.0):
    scen = _electrolyser(e_price=60.0, e_co2=0.02)
    f = scen.flows.copy()
    f.loc[0, "investment_eur"] = invest
    f.loc[0, "fixed_cost_eur_per_yr"] = fixed
    import dataclasses
    return dataclasses.replace(scen, flows=f)


def test_electrolyser_is_built_only_if_it_pays_for_itself():
    best, crf = _best_link_by_hand(), CRF_5PC_20Y
    assert optimise(_with_capex(0.0)).summary["objective"] == pytest.approx(best, rel=1e-9)
    # an investment whose annuity (+ fixed cost) is 1 % below that: built, objective = best - annuity
    inv = 0.99 * best / crf - 1000.0 / crf
    res = optimise(_with_capex(inv, 1000.0))
    assert res.summary["counts"]["built_supplies"] == 1
    assert res.summary["objective"] == pytest.approx(0.01 * best, rel=1e-6)
    assert res.summary["totals"]["net_benefit_eur_per_yr"] == pytest.approx(res.summary["objective"], rel=1e-9)
    assert res.summary["totals"]["investment_eur"] >= inv
    # 1 % above: not built, nothing flows
    res = optimise(_with_capex(1.01 * best / crf))
    assert res.summary["counts"]["built_supplies"] == 0 and len(res.matches) == 0
    assert res.summary["objective"] == pytest.approx(0.0, abs=1e-6)


def test_supply_build_decision_agrees_with_cbc_and_by_hand():
    # 2 MEUR: annuity 160,485 EUR/yr < the truck link's 534,003: built, 373,518 EUR/yr
    expect = _best_link_by_hand() - CRF_5PC_20Y * 2.0e6
    assert expect == pytest.approx(373_518, abs=5)
    scen = _with_capex(2.0e6)
    a = optimise(scen)
    import dataclasses
    b = optimise(dataclasses.replace(scen, params=scen.params.model_copy(
        update={"solver": scen.params.solver.model_copy(update={"name": "cbc"})})))
    assert a.summary["objective"] == pytest.approx(expect, rel=1e-9)
    assert b.summary["objective"] == pytest.approx(expect, rel=1e-6)
    assert a.summary["counts"]["built_supplies"] == b.summary["counts"]["built_supplies"] == 1


def test_price_band_of_a_built_electrolyser_recovers_its_annuity():
    from eitflow.results.economics import company_benefits, price_bands

    inv = 0.5 * _best_link_by_hand() / CRF_5PC_20Y
    res = optimise(_with_capex(inv))
    band = price_bands(res)
    assert len(band) == 1
    x = band["amount"].iat[0]
    assert x == pytest.approx(100.0)
    q = -500.0  # the electrolyser's own price column (its other running costs)
    # its floor covers what it pays per tonne: other costs 500, electricity 55 MWh/t x 60 EUR/MWh
    # = 3,300, and its annuity spread over what it sells
    assert band["price_min_eur_per_unit"].iat[0] == pytest.approx(-q + 55 * 60.0 + CRF_5PC_20Y * inv / x, rel=1e-9)
    assert band["supplier_benefit_eur_per_yr"].iat[0] >= -1e-6
    assert band["buyer_benefit_eur_per_yr"].iat[0] >= -1e-6
    # both partners' benefits add up to the whole objective: half the best link's, by hand
    total = float(company_benefits(res)["total_eur_per_yr"].sum())
    assert total == pytest.approx(0.5 * _best_link_by_hand(), rel=1e-9)
