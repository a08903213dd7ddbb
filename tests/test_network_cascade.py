"""A ranged supply that feeds a heat network and, directly, a hotter need: both draw on the heat
at the top of its range, which it has only once.

Before: the network's connection stood outside the temperature-level (cascade) rows, bounded by
its band's share alone. A 120 -> 40 degC source has 600 MWh/yr above a 60 degC network return;
the network took all 600 and a 100 degC process took the 100 MWh/yr above 110 degC as well: 700
MWh/yr out of heat above 60 degC that holds 600. Now the network's band draws its heat above the
network's floor, in the same rows as the direct links. Every figure is worked out by hand below.

The source: 800 MWh/yr over 120 -> 40 degC, 10 MWh/yr per K. The network: 90/60 degC, an existing
pipe of 0 km to the town (no loss), the town takes up to 1,000 MWh/yr at 200 EUR/MWh. The
process sits 11 m from the source (a direct pipe, 10 K approach), at 1,000 EUR/MWh: it is worth
serving first, so the optimum gives it all it can take and the network the rest."""

from __future__ import annotations

import pandas as pd
import pytest

import eitflow

SITES = pd.DataFrame({"site_id": ["SRC", "VILLE", "PROC"], "lat": [48.60, 48.6045, 48.6001],
                      "lon": [6.10, 6.10, 6.10]})


def _scenario(proc_t: float, proc_ret: float, proc_amount: float, pump: bool = False, profile: str = ""):
    """`proc_amount` 0: no process. `profile`: the town's monthly profile (12 shares)."""
    flows = pd.DataFrame({
        "flow_id": ["src_heat", "ville_heat", "proc_heat"], "site_id": ["SRC", "VILLE", "PROC"],
        "direction": ["supply", "demand", "demand"], "resource": "heat",
        "amount": [800.0, 1000.0, proc_amount], "unit": "MWh/yr", "temperature_c": [120.0, 70.0, proc_t],
        "return_temperature_c": [40.0, float("nan"), proc_ret], "price_eur_per_unit": [0.0, 200.0, 1000.0],
        "max_distance_km": [0.1, 0.1, 0.1], "monthly_profile": ["", profile, ""]})
    flows = flows[flows["amount"] > 0]
    corridors = pd.DataFrame({"corridor_id": ["c1"], "resource": "heat", "from": ["SRC"], "to": ["VILLE"],
                              "length_km": [0.0], "existing": [True], "capacity": [5.0], "unit": ["MW"]})
    net = {"temperature_c": 90.0, "return_temperature_c": 60.0, "heat_pump_at_injection": pump}
    return eitflow.scenario_from_frames(SITES, flows, corridors=corridors, networks={"heat": net},
                                        solver={"mip_gap": 0.0})


def _legs(res) -> pd.DataFrame:
    lk = res.statistics.links()
    return lk[lk["kind"].isin(["direct", "to_net"])]


def test_a_hotter_direct_need_and_the_networks_band_share_the_top_of_the_range():
    """A process at 100 degC (a point need of 500 MWh/yr) needs heat above 110 degC: the source's
    10 K x 10 = 100 MWh/yr there. The network's band is the heat from 120 down to its 60 degC
    return, 60 K x 10 = 600 MWh/yr, of which the process took 100: 500 are left for the network
    (before: 600, the 100 MWh/yr above 110 degC counted twice)."""
    res = eitflow.optimise(_scenario(100.0, float("nan"), 500.0))
    assert res.status.value == "optimal"
    legs = _legs(res)
    direct = legs.loc[legs["kind"] == "direct", "amount"].sum()
    into_net = legs.loc[legs["kind"] == "to_net", "amount"].sum()
    assert direct == pytest.approx(100.0, rel=1e-6)
    assert into_net == pytest.approx(500.0, rel=1e-6)
    b = res.statistics.network_balance()
    assert float(b["injected_by_supplies"].iat[0]) == pytest.approx(500.0, rel=1e-6)


def test_a_ranged_need_served_directly_leaves_the_network_what_is_left_above_its_return():
    """A process heating 40 -> 80 degC (400 MWh/yr, 10 per K) needs, with the 10 K approach,
    the source's heat from 50 to 90 degC: all 400 MWh/yr, 300 of them above 60 degC. The network's
    band holds 600 above 60: 300 are left for it (before: 400, the process's heat from 60 to 90
    degC counted twice). The process's heat by level: 100 MWh/yr for 40-50 degC, 300 for 50-80."""
    res = eitflow.optimise(_scenario(80.0, 40.0, 400.0))
    assert res.status.value == "optimal"
    legs = _legs(res)
    # the 11 m pipe loses a little (yield 0.99997): the process gets its 400 at its end
    assert legs.loc[legs["kind"] == "direct", "demand_amount"].sum() == pytest.approx(400.0, rel=1e-6)
    direct = legs.loc[legs["kind"] == "direct", "amount"].sum()
    into_net = legs.loc[legs["kind"] == "to_net", "amount"].sum()
    assert direct + into_net == pytest.approx(700.0, rel=1e-6)   # 300 above 60 + 400 above 50
    assert into_net == pytest.approx(300.0, abs=0.05)


def test_with_a_pump_the_heat_below_the_return_still_goes_in_through_it():
    """The same hot process, and a heat pump at injection: the network's first band (direct, heat
    above 60 degC) gets the 500 MWh/yr left there; the second (the 200 MWh/yr from 60 down to 40
    degC, through the pump) is untouched by the process's claim, which lies above 110 degC."""
    res = eitflow.optimise(_scenario(100.0, float("nan"), 500.0, pump=True))
    assert res.status.value == "optimal"
    legs = _legs(res)
    net = legs[legs["kind"] == "to_net"]
    assert legs.loc[legs["kind"] == "direct", "amount"].sum() == pytest.approx(100.0, rel=1e-6)
    assert net.loc[net["heat_pump_cop"].isna(), "amount"].sum() == pytest.approx(500.0, rel=1e-6)
    assert net.loc[net["heat_pump_cop"].notna(), "amount"].sum() == pytest.approx(200.0, rel=1e-6)


#: a district-heating demand's monthly shares (the Dunkerque network's, scenarios/dunkerque_dh)
WINTER = [0.1520, 0.1320, 0.1187, 0.0889, 0.0557, 0.0324, 0.0208, 0.0208, 0.0357, 0.0789, 0.1187, 0.1454]


def test_with_monthly_profiles_the_band_holds_its_share_of_every_month():
    """No process; the town's need follows a winter profile, the source is steady (800 / 12 =
    66.67 MWh a month, of which 60/80 = 75 % above the network's 60 degC return: 50 MWh a
    month). The network gets, month by month, the least of 50 and the town's need: 50 in the
    eight months needing more, 32.4 + 20.8 + 20.8 + 35.7 from June to September, 509.7 MWh/yr.
    Before, a month's injection was bounded by the source's whole heat that month (66.67 MWh,
    its heat below the return included) and the band's annual 600 MWh/yr not at all: 7 x 66.67
    + 55.7 + 32.4 + 20.8 + 20.8 + 35.7 = 632.1 MWh/yr."""
    res = eitflow.optimise(_scenario(0.0, float("nan"), 0.0, profile=";".join(f"{p:.4f}" for p in WINTER)))
    assert res.status.value == "optimal"
    want = sum(min(50.0, 1000.0 * p) for p in WINTER)
    assert want == pytest.approx(8 * 50 + 32.4 + 20.8 + 20.8 + 35.7, rel=1e-9)
    b = res.statistics.network_balance()
    assert float(b["withdrawn"].iat[0]) == pytest.approx(want, rel=1e-6)


def test_a_pumped_second_band_alone_pays_the_substation_in_every_figure():
    """A process at 50 degC (600 MWh/yr at 1,000 EUR/MWh, 10 K approach: heat above 60 degC)
    takes all 600 MWh/yr of the source's heat above the network's 60 degC return, so the
    network's first band carries nothing; the second (60 -> 40 degC, 200 MWh/yr) goes in through
    the pump. The one substation (60,000 EUR, at 5 % over 20 years 4,814.56 EUR/yr) sits on the
    first band's switch, on which the second rides: the model pays it, and so must the figures.
    Before, the objective said 623,503 EUR/yr and the net benefit 628,318 (the substation in
    neither the exchanges' investment nor their fixed costs)."""
    res = eitflow.optimise(_scenario(50.0, float("nan"), 600.0, pump=True))
    assert res.status.value == "optimal"
    legs = _legs(res)
    assert legs.loc[legs["kind"] == "direct", "amount"].sum() == pytest.approx(600.0, rel=1e-6)
    net = legs[legs["kind"] == "to_net"]
    assert len(net) == 1 and net["heat_pump_cop"].notna().all()
    assert float(net["amount"].iat[0]) == pytest.approx(200.0, rel=1e-6)
    crf = 0.05 / (1 - 1.05 ** -20)
    assert float(net["fixed_eur_per_yr"].iat[0]) == pytest.approx(60_000 * crf, rel=1e-9)
    assert float(net["investment_eur"].iat[0]) == pytest.approx(60_000 + float(net["heat_pump_investment_eur"].iat[0]),
                                                                rel=1e-9)
    assert res.summary["totals"]["net_benefit_eur_per_yr"] == pytest.approx(res.objective, rel=1e-9)
    # the first band's switch is on (the second rides on it): built, as the duals' LP fixes it
    lk = res.candidates.links
    first = lk.index[(lk["kind"] == "to_net")][0]
    assert res.solution.built[first] and res.solution.flow[first] == 0


def test_unmatched_says_the_heat_left_lies_below_the_networks_return():
    """The hot process case without a pump: the source keeps 200 MWh/yr, its heat from 60 down
    to 40 degC (20 K x 10), below the network's return and below the process's 110 degC; the
    town keeps 500 MWh/yr of its 1,000 unserved. unmatched.csv said of both '... viable
    partner(s) with amount left, but no further exchange raises the objective'. Now the source's
    200 MWh/yr are out of every partner's temperature reach (`quality`), and the town's partner,
    the network, has no heat left it can take (`capacity_used`)."""
    res = eitflow.optimise(_scenario(100.0, float("nan"), 500.0))
    um = res.unmatched.set_index("flow_id")
    assert um.at["src_heat", "remaining"] == pytest.approx(200.0, rel=1e-6)
    assert um.at["src_heat", "reason"] == "quality"
    assert "200 MWh/yr" in str(um.at["src_heat", "detail"])
    assert um.at["ville_heat", "remaining"] == pytest.approx(500.0, rel=1e-6)
    assert um.at["ville_heat", "reason"] == "capacity_used"


def test_explain_says_what_a_connected_flow_takes_from_the_network():
    """explain gave a flow the network serves only its direct partners ('not_selected', '... it
    would give -94,042 EUR/yr' for a Ludres town served in full), as if it had nothing. It now
    opens with the network: the town withdraws the 500 MWh/yr worked out above, the source
    injects 500."""
    from eitflow.analyses.explain import explain

    scen = _scenario(100.0, float("nan"), 500.0)
    res = eitflow.optimise(scen)
    for fid, words in (("ville_heat", "500 MWh/yr withdrawn from it"), ("src_heat", "500 MWh/yr injected into it")):
        top = explain(scen, res, flow_id=fid).iloc[0]
        assert top["rank"] == 0 and top["rule"] == "matched"
        assert "connected to the heat network" in str(top["detail"]) and words in str(top["detail"])
