"""A hub handling two resources standing on a network of one of them: a substation taking heat
and steam (hubs.csv `heat;steam`) on a heat network. Its heat node is the network's (a hub on a
network, `model.network`), its steam node keeps a balance of its own; the hub is built once and
its capacity counts what enters it of both. Before, the model stopped on an IndexError
(`model/network.py`, the steam node looked up in the table of the network's hub nodes).

Worked out by hand on the scenario of tests/test_network_hub_sankey.py (an incinerator S and a
lycée B at the ends of a heat network S - H - B, a pool D and a data centre X beside the hub H)
with a steam supplier V (2,000 MWh/yr at 200 degC, whose disposal costs it 10 EUR/MWh) and a
steam user U (500 MWh/yr at 180 degC, paying 40 EUR/MWh, its CO2 factor 0) beside H, out of D's
reach; links.csv gives the steam legs V -> H and H -> U at no cost and 0 km. The steam path is
then worth 500 x (10 + 40) = 25,000 EUR/yr and touches nothing of the heat: the optimum is the
heat-only scenario's plus 25,000, with the hub's cost paid once. The hub's annual cost C is
split evenly over the two resources its legs carry (README, "A delivery through a hub"): the
steam legs bear C / 2, and the heat half is split by the amounts between the network's party
and the pool's leg out of the hub (`results.hubsplit`, below)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import eitflow
from eitflow.results.rundir import write_run
from test_network_hub_sankey import D_OUT, INJ_S, KM, X_IN, _hub_scenario

STEAM_PATH = 500 * (10 + 40)   # EUR/yr


def _two_resource_hub(hub_investment: float):
    west = 4.0 - 0.085 * KM / math.cos(math.radians(45.0))   # V and U 0.085 km west of H, 0.14 km from D
    de = 0.05 * KM / math.cos(math.radians(45.0))
    sites = pd.DataFrame({"site_id": ["S", "B", "D", "X", "V", "U"],
                          "lat": [45.0, 45.0 + 2 * KM, 45.0 + KM, 45.0 + KM, 45.0 + 1.02 * KM, 45.0 + 0.98 * KM],
                          "lon": [4.0, 4.0, 4.0 + de, 4.0 - de, west, west]})
    flows = pd.DataFrame({"site_id": ["S", "B", "D", "X", "V", "U"],
                          "direction": ["supply", "demand", "demand", "supply", "supply", "demand"],
                          "resource": ["heat"] * 4 + ["steam"] * 2,
                          "amount": [20000.0, 3000.0, 1500.0, 1000.0, 2000.0, 500.0], "unit": "MWh/yr",
                          "temperature_c": [120.0, 70.0, 70.0, 120.0, 200.0, 180.0],
                          "price_eur_per_unit": [0.0, 60.0, 60.0, 20.0, 10.0, 40.0], "max_distance_km": 0.1,
                          "co2_factor_t_per_unit": [None] * 5 + [0.0]})
    hubs = pd.DataFrame({"hub_id": ["H"], "name": ["Sous-station"], "lat": [45.0 + KM], "lon": [4.0],
                         "resources": ["heat;steam"], "capacity": [1e6], "investment_eur": [hub_investment]})
    links = pd.DataFrame({"source_site": ["V", "H"], "sink_site": ["H", "U"], "supply_resource": "steam",
                          "distance_km": 0.0, "var_cost_eur_per_unit": 0.0, "fixed_cost_eur_per_yr": 0.0,
                          "investment_eur": 0.0})
    corridors = pd.DataFrame({"corridor_id": ["c1", "c2"], "resource": "heat", "from": ["S", "H"], "to": ["H", "B"],
                              "length_km": [1.0, 1.0]})
    return eitflow.scenario_from_frames(sites, flows, links, hubs=hubs, corridors=corridors,
                                        networks={"heat": {"temperature_c": 90.0}}, solver={"mip_gap": 0.0})


@pytest.mark.parametrize("hub_investment", [0.0, 150_000.0])
def test_a_heat_and_steam_hub_on_a_heat_network_by_hand(tmp_path, hub_investment):
    heat_only = eitflow.optimise(_hub_scenario(hub_investment))
    res = eitflow.optimise(_two_resource_hub(hub_investment))
    assert res.objective == pytest.approx(heat_only.objective + STEAM_PATH, rel=1e-9)
    m = res.matches.set_index(["source_site", "sink_site"])
    assert m.at[("V", "H"), "amount"] == pytest.approx(500.0) and m.at[("H", "U"), "amount"] == pytest.approx(500.0)
    assert m.at[("V", "H"), "net_benefit_eur_per_yr"] == pytest.approx(5000.0)     # 500 x 10
    assert m.at[("H", "U"), "net_benefit_eur_per_yr"] == pytest.approx(20000.0)    # 500 x 40
    # the heat is exchanged as without the steam (hand-worked in test_network_hub_sankey.py)
    # (its legs losing 0.2 %/km: S injects 3,994.389, D's leg draws 1,500.195 for D to get 1,500)
    assert m.at[("S", "network:heat"), "amount"] == pytest.approx(INJ_S, rel=1e-9)
    assert m.at[("X", "H"), "amount"] == pytest.approx(1000.0) and m.at[("H", "D"), "amount"] == pytest.approx(D_OUT)

    st = res.statistics
    C = float(st.hubs()["annual_cost_eur_per_yr"].sum())
    assert (C > 0) == (hub_investment > 0)
    # the hub's heat half C / 2 is split by the amounts (`results.hubsplit`): X's leg brings X_IN =
    # 999.87 MWh/yr into the pipes, D's leg takes D_OUT = 1,500.195 out: phi = X_IN / (X_IN + D_OUT),
    # the network's part C / 2 x phi, D's build cost C / 2 x (1 - phi). The network's party (S, X,
    # B, D) holds its heat links' worth less the corridors' and that part: heat_only.objective + C -
    # C / 2 x phi, shared as there: half to the suppliers by injection, half to the users by withdrawal
    phi = X_IN / (X_IN + D_OUT)
    T = heat_only.objective + C - C / 2 * phi
    c = st.companies().set_index("site_id")["total_eur_per_yr"]
    want = {"S": T / 2 * INJ_S / (INJ_S + 1000), "X": T / 2 * 1000 / (INJ_S + 1000),
            "B": T / 2 * 3000 / (3000 + D_OUT), "D": T / 2 * D_OUT / (3000 + D_OUT) - C / 2 * (1 - phi)}
    assert {k: c[k] for k in want} == pytest.approx(want, rel=1e-6)
    # the steam side: U, V and the hub as a party of its own (as a hub on no network) hold the
    # path's 25,000 less the other half of C
    assert c["U"] + c["V"] + c["H"] == pytest.approx(STEAM_PATH - C / 2, rel=1e-6)
    assert c.sum() == pytest.approx(res.objective, rel=1e-9)
    sh = st.network_shares().set_index("site_id")
    # half the hub's investment is the heat's, phi of it the network's, shared by withdrawal (B 3,000,
    # D's leg 1,500.195)
    half = hub_investment / 2 * phi
    assert sh["hubs_share_eur"].to_dict() == pytest.approx(
        {"B": half * 3000 / (3000 + D_OUT), "D": half * D_OUT / (3000 + D_OUT)}, rel=1e-9, abs=1e-6)
    comp = st.companies()
    assert comp["investment_eur"].sum() == pytest.approx(st.totals()["investment_eur"], rel=1e-9)
    # the run's files: every exchange's figure after its shares adds up to the headline
    out = write_run(res, tmp_path / "run")
    after = pd.read_csv(out / "matches.csv")["net_benefit_after_shares_eur_per_yr"].sum()
    assert after == pytest.approx(res.objective, rel=1e-9)
    assert bool(st.network_balance().iloc[0]["closes"])
