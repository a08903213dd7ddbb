"""Shared networks of resources other than hot water (hydrogen, CO2, steam, water), tried as a
user would: the rules that hold between two sites (purity, compression) hold through a
network too, units are the resource's own, and the costs add up. Expected values worked out
by hand from the catalogue's figures (data/resources.yaml)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import eitflow
from eitflow.candidates.network import build_network

#: hydrogen compression (catalogue): 0.67 MWh/t per unit of ln(p_to / p_from)
K_COMP = 0.67


def _h2(networks=None, purity=(0.99, 0.99997, 0.98), pressure=(1.0, 700.0, 30.0), given=True, **kw):
    """An electrolyser ELY (500 t/yr) and two users U1, U2 (200 t/yr each) on a hydrogen
    pipeline ELY - U1 - U2; no discounting, so an investment's annual cost is itself."""
    sites = pd.DataFrame({"site_id": ["ELY", "U1", "U2"], "lat": [47.00, 47.01, 47.02], "lon": [5.40, 5.41, 5.40]})
    flows = pd.DataFrame({"flow_id": ["h2", "u1", "u2"], "site_id": ["ELY", "U1", "U2"],
                          "direction": ["supply", "demand", "demand"], "resource": "hydrogen",
                          "amount": [500.0, 200.0, 200.0], "unit": "t/yr", "price_eur_per_unit": [0.0, 9000.0, 3000.0],
                          "purity": list(purity), "pressure_bar": list(pressure)})
    corridors = pd.DataFrame({"corridor_id": ["c1", "c2"], "resource": "hydrogen", "from": ["ELY", "U1"],
                              "to": ["U1", "U2"]})
    params = {"discount_rate": 0.0, "lifetime_years": 1.0, "carbon_price_eur_per_t": 0.0,
              "electricity_price_eur_per_mwh": 80.0, "networks": networks or {}, **kw}
    return eitflow.scenario_from_frames(sites, flows, corridors=corridors if given else None, **params)


def _legs(scen):
    net, legs = build_network(scen)
    f = scen.flows["flow_id"].to_numpy()
    pos = np.where(legs["kind"] == "to_net", legs["supply"], legs["demand"]).astype(int)
    return net, {f[p]: row for p, (_, row) in zip(pos, legs.iterrows())}


def test_a_hydrogen_network_carries_one_purity_its_lowest_supply_by_default():
    """One pipe carries one mixture: a 0.99 supply makes the network 0.99, so the user needing
    0.99997 (fuel cells) cannot withdraw from it, as it could not take the gas directly; the
    0.98 user can. (Before: both withdrew, U1 got 0.99 gas.)"""
    net, legs = _legs(_h2())
    assert net.purity["hydrogen"] == 0.99
    assert set(legs) == {"h2", "u2"}


def test_a_supply_off_the_network_sets_neither_its_purity_nor_its_pressure():
    """A 0.9 by-product stream at 200 bar at a fourth site that no corridor names cannot
    inject: the network stays at its electrolyser's 0.99 and 1 bar."""
    scen = _h2()
    extra = pd.DataFrame({"flow_id": ["far"], "site_id": ["FAR"], "direction": ["supply"], "resource": "hydrogen",
                          "amount": [100.0], "unit": "t/yr", "price_eur_per_unit": [0.0], "purity": [0.9],
                          "pressure_bar": [200.0]})
    sites = pd.concat([scen.sites[["site_id", "lat", "lon"]],
                       pd.DataFrame({"site_id": ["FAR"], "lat": [47.5], "lon": [5.9]})], ignore_index=True)
    flows = pd.concat([pd.DataFrame({"flow_id": ["h2", "u1", "u2"], "site_id": ["ELY", "U1", "U2"],
                                     "direction": ["supply", "demand", "demand"], "resource": "hydrogen",
                                     "amount": [500.0, 200.0, 200.0], "unit": "t/yr",
                                     "price_eur_per_unit": [0.0, 9000.0, 3000.0], "purity": [0.99, 0.99997, 0.98],
                                     "pressure_bar": [1.0, 700.0, 30.0]}), extra], ignore_index=True)
    scen = eitflow.scenario_from_frames(sites, flows, corridors=pd.DataFrame(
        {"corridor_id": ["c1", "c2"], "resource": "hydrogen", "from": ["ELY", "U1"], "to": ["U1", "U2"]}))
    net, legs = _legs(scen)
    assert (net.purity["hydrogen"], net.pressure_bar["hydrogen"]) == (0.99, 1.0)
    assert set(legs) == {"h2", "u2"}


def test_a_stated_network_purity_keeps_less_pure_supplies_out():
    net, legs = _legs(_h2({"hydrogen": {"purity": 0.999}}))
    assert net.purity["hydrogen"] == 0.999
    assert set(legs) == {"u2"}                      # the 0.99 electrolyser may not inject
    net, legs = _legs(_h2({"hydrogen": {"purity": 0.999}}, purity=(0.99999, 0.99997, 0.98)))
    assert set(legs) == {"h2", "u2"}                # 0.99999 injects; U1 needs more than 0.999


def test_compression_into_and_out_of_a_hydrogen_network_is_costed_by_hand():
    """Network pressure: the highest its supplies state (1 bar here), or the one stated.
    Compression work 0.67 MWh/t x ln(p_to / p_from) at 80 EUR/MWh: U2 at 30 bar pays
    0.67 ln 30 x 80 = 182.30 EUR/t out of a 1-bar network; with the network at 40 bar the
    1-bar supply pays 0.67 ln 40 x 80 = 197.72 EUR/t into it and U2 nothing. (Before: none.)"""
    _, legs = _legs(_h2(purity=(0.99999, 0.99997, 0.98)))
    assert legs["h2"]["var_cost_eur_per_unit"] == pytest.approx(0.0)
    assert legs["u1"]["var_cost_eur_per_unit"] == pytest.approx(K_COMP * math.log(700.0) * 80.0)   # 351.14
    assert legs["u2"]["var_cost_eur_per_unit"] == pytest.approx(182.30, abs=0.01)
    assert legs["u2"]["value_eur_per_unit"] == pytest.approx(3000.0 + 11.0 * 0.0 - 182.30, abs=0.01)
    net, legs = _legs(_h2({"hydrogen": {"pressure_bar": 40.0}}, purity=(0.99999, 0.99997, 0.98)))
    assert net.pressure_bar["hydrogen"] == 40.0
    assert legs["h2"]["var_cost_eur_per_unit"] == pytest.approx(197.72, abs=0.01)
    assert legs["u2"]["var_cost_eur_per_unit"] == pytest.approx(0.0)
    assert legs["u1"]["var_cost_eur_per_unit"] == pytest.approx(K_COMP * math.log(700.0 / 40.0) * 80.0)


def test_unmatched_says_the_network_is_not_pure_enough():
    scen = _h2()
    scen.flows.loc[scen.flows["flow_id"] == "u1", "max_distance_km"] = 0.1   # no truck: only the network
    res = eitflow.optimise(scen)
    um = res.unmatched.set_index("flow_id")
    assert um.at["u1", "reason"] == "quality"
    assert um.at["u1", "detail"].startswith("the hydrogen network carries purity 0.99 (the lowest its supplies "
                                            "state; networks.hydrogen.purity sets it), below the 0.99997 it requires")
    s = res.summary["networks"]["by_resource"]["hydrogen"]
    assert (s["purity"], s["pressure_bar"], s["temperature_c"]) == (0.99, 1.0, None)


def _co2(corridors, flows=None, **kw):
    """A CO2 collector: an ethanol plant E2 (30,000 t/yr) to a storage terminal S (200 EUR/t)
    through a valve station J1; trucks are kept out (S's radius) so only the pipes carry."""
    sites = pd.DataFrame({"site_id": ["E2", "S"], "lat": [45.02, 45.05], "lon": [4.82, 4.90]})
    flows = flows if flows is not None else pd.DataFrame({
        "flow_id": ["e2", "s"], "site_id": ["E2", "S"], "direction": ["supply", "demand"], "resource": "co2",
        "amount": [30000.0, 40000.0], "unit": "t/yr", "price_eur_per_unit": [0.0, 200.0],
        "max_distance_km": [np.nan, 0.1]})
    junctions = pd.DataFrame({"junction_id": ["J1"], "lat": [45.015], "lon": [4.83]})
    params = {"discount_rate": 0.0, "lifetime_years": 1.0, "carbon_price_eur_per_t": 0.0, **kw}
    return eitflow.scenario_from_frames(sites, flows, corridors=pd.DataFrame(corridors), junctions=junctions,
                                        **params)


def test_a_network_of_existing_pipes_alone_carries_their_capacity_times_the_load_factor():
    """Two pipes already in the ground, E2-J1 rated 20,000 t/yr and J1-S rated 3 t/h
    (26,280 t/yr): at the catalogue's CO2 load factor 0.7 they carry 14,000 t/yr on average.
    No pipe to build: the run used to stop on an IndexError; the summary now counts them as
    existing pipes in use, not as corridors built."""
    res = eitflow.optimise(_co2({"corridor_id": ["old2", "old6"], "resource": "co2", "from": ["E2", "J1"],
                                 "to": ["J1", "S"], "existing": [True, True], "capacity": [20000.0, 3.0],
                                 "unit": ["t/yr", "t/h"]}))
    cor = res.statistics.corridors().set_index("corridor_id")
    assert cor["capacity"].tolist() == pytest.approx([20000.0, 26280.0])
    assert cor["capacity_rated"].tolist() == pytest.approx([20000.0 / 8760.0, 3.0])
    assert cor["flow"].tolist() == pytest.approx([14000.0, 14000.0], rel=1e-6)
    assert (cor["unit"] == "t/yr").all() and (cor["capacity_unit"] == "t/h").all()
    assert cor["investment_eur"].tolist() == [0.0, 0.0]
    nw = res.summary["networks"]["by_resource"]["co2"]
    assert (nw["corridors_built"], nw["length_built_km"], nw["existing_in_use"]) == (0, 0.0, 2)
    assert nw["length_existing_km"] == pytest.approx(float(cor["length_km"].sum()))
    # S pays 200 EUR/t for 14,000 t, less E2's compression into dense phase, 0.11 MWh/t x 80 EUR/MWh
    # = 8.8 EUR/t (123,200 EUR/yr); two connections of 80,000 EUR each (annual cost = investment here)
    assert res.objective == pytest.approx((200.0 - 0.11 * 80) * 14000 - 2 * 80_000, rel=1e-9)


def _steam(t_supply: float, resources=None):
    """A 180 degC steam header A - B - C - D: steam from A at `t_supply` for a chemical plant
    B (160 degC), a dairy C (120 degC) and housing D (hot water, 70 degC)."""
    sites = pd.DataFrame({"site_id": list("ABCD"), "lat": [45.0, 45.005, 45.01, 45.012],
                          "lon": [4.80, 4.805, 4.80, 4.81]})
    flows = pd.DataFrame({"flow_id": list("abcd"), "site_id": list("ABCD"),
                          "direction": ["supply", "demand", "demand", "demand"],
                          "resource": ["steam", "steam", "steam", "heat"], "amount": [50000.0, 20000, 10000, 8000],
                          "unit": "MWh/yr", "temperature_c": [t_supply, 160.0, 120.0, 70.0],
                          "price_eur_per_unit": [0.0, 50.0, 50.0, 50.0]})
    corridors = pd.DataFrame({"corridor_id": ["s1", "s2", "s3"], "resource": "steam", "from": ["A", "B", "C"],
                              "to": ["B", "C", "D"]})
    return eitflow.scenario_from_frames(sites, flows, corridors=corridors, resources=resources,
                                        networks={"steam": {"temperature_c": 180.0}})


def test_a_steam_header_takes_no_heat_pump_at_injection_as_between_two_sites():
    """The catalogue offers heat pumps for hot water only (steam: heat_pump false): a 150 degC
    steam supply cannot reach a 180 degC header, as it cannot reach B's 160 degC directly.
    (Before: it injected 'through a heat pump' and served B.) At 190 degC it injects and every
    demand the header's temperature suits withdraws: steam for B (160 + 10 K <= 180) and C,
    and hot water for D (steam feeds heat)."""
    _, legs = _legs(_steam(150.0))
    assert set(legs) == {"b", "c", "d"}
    _, legs = _legs(_steam(190.0))
    assert set(legs) == {"a", "b", "c", "d"} and np.isnan(legs["a"]["heat_pump_cop"])
    # a catalogue that allows heat pumps for steam gets one at injection, within the lift
    _, legs = _legs(_steam(150.0, resources={"steam": {"heat_pump": True}}))
    assert legs["a"]["heat_pump_cop"] > 1.0


def test_unmatched_says_no_supply_can_inject_into_the_header():
    scen = _steam(150.0)
    scen.flows.loc[scen.flows["flow_id"] == "b", "max_distance_km"] = 0.1   # only the network could serve B
    res = eitflow.optimise(scen)
    um = res.unmatched.set_index("flow_id")
    assert um.at["b", "reason"] == "quality"
    assert um.at["b", "detail"].startswith("the corridors through B reach a steam supply, but none that can inject "
                                           "into the steam network at 180 degC")


def test_a_sized_corridor_with_its_own_fixed_cost_keeps_its_size():
    """E2 - S direct, DN50 with its O&M stated (10,000 EUR/yr): CO2's DN50 is rated in dense
    phase (catalogue: 800 kg/m3, 2 m/s, 54.5 mm): 1,600 x pi x 0.0545^2 / 4 = 3.73253 kg/s
    = 13.4371 t/h, so it carries 13.4371 x 8,760 x 0.7 = 82,396 t/yr of the 100,000 on offer,
    and costs its catalogue investment (448 EUR/m) plus that O&M. Before: the fixed cost dropped
    the size, the pipe was free to build and had no bound."""
    flows = pd.DataFrame({"flow_id": ["e2", "s"], "site_id": ["E2", "S"], "direction": ["supply", "demand"],
                          "resource": "co2", "amount": [100_000.0, 120_000.0], "unit": "t/yr",
                          "price_eur_per_unit": [0.0, 200.0], "max_distance_km": [np.nan, 0.1]})
    scen = _co2({"corridor_id": ["d"], "resource": "co2", "from": ["E2"], "to": ["S"], "size": ["DN50"],
                 "fixed_cost_eur_per_yr": [10_000.0]}, flows=flows, lifetime_years=20.0)
    res = eitflow.optimise(scen)
    cor = res.statistics.corridors().set_index("corridor_id")
    inv = 448.0 * 1000 * cor.at["d", "length_km"]          # no discounting, 20 years: annual = investment / 20
    rated = 800.0 * 2.0 * math.pi * 0.0545 ** 2 / 4 * 3.6   # t/h: density x velocity x area, kg/s x 3.6
    assert rated == pytest.approx(13.4371, rel=1e-5)
    assert cor.at["d", "capacity_rated"] == pytest.approx(rated, rel=1e-9)
    assert cor.at["d", "flow"] == pytest.approx(rated * 8760 * 0.7, rel=1e-6)
    assert cor.at["d", "investment_eur"] == pytest.approx(inv)
    assert cor.at["d", "annual_cost_eur_per_yr"] == pytest.approx(inv / 20 + 10_000.0)
    # 200 EUR/t less the compression into dense phase, 0.11 MWh/t x 80 EUR/MWh = 8.8 EUR/t
    assert res.objective == pytest.approx((200.0 - 0.11 * 80) * rated * 8760 * 0.7 - inv / 20 - 10_000 - 2 * 80_000 / 20,
                                          rel=1e-9)


@pytest.mark.parametrize("resource, key, value, name", [("hydrogen", "temperature_c", 90.0, "hydrogen"),
                                                        ("co2", "purity", 0.99, "CO2"),
                                                        ("steam", "pressure_bar", 10.0, "steam")])
def test_a_network_rule_the_resource_does_not_have_is_refused(resource, key, value, name):
    from eitflow.errors import ScenarioError

    opts = {"temperature_c": 180.0} if resource == "steam" else {}
    with pytest.raises(ScenarioError, match=rf"parameters: networks\.{resource}\.{key}: {name} has no"):
        _h2({resource: {**opts, key: value}})


def _hub_on_network(ely_purity: float, optimise: bool = True, hub_bar: float = np.nan, depot_bar: float = 350.0):
    """An electrolyser ELY on a hydrogen pipeline to a refuelling hub H (0.99999, free to
    build) that serves a fuel-cell depot D (0.99997) 0.1 km away; D takes nothing directly."""
    sites = pd.DataFrame({"site_id": ["ELY", "D"], "lat": [47.00, 47.02], "lon": [5.40, 5.401]})
    flows = pd.DataFrame({"flow_id": ["h2", "d"], "site_id": ["ELY", "D"], "direction": ["supply", "demand"],
                          "resource": "hydrogen", "amount": [500.0, 200.0], "unit": "t/yr",
                          "price_eur_per_unit": [0.0, 12000.0], "purity": [ely_purity, 0.99997],
                          "max_distance_km": [np.nan, 0.5], "pressure_bar": [30.0, depot_bar]})
    hubs = pd.DataFrame({"hub_id": ["H"], "lat": [47.021], "lon": [5.40], "resources": ["hydrogen"],
                         "purity": [0.99999], "capacity": [1000.0], "investment_eur": [0.0],
                         "fixed_cost_eur_per_yr": [0.0], "var_cost_eur_per_unit": [0.0], "pressure_bar": [hub_bar]})
    corridors = pd.DataFrame({"corridor_id": ["c"], "resource": "hydrogen", "from": ["ELY"], "to": ["H"]})
    scen = eitflow.scenario_from_frames(sites, flows, hubs=hubs, corridors=corridors,
                                        electricity_price_eur_per_mwh=80.0)
    return eitflow.optimise(scen) if optimise else scen


def test_a_hub_on_a_hydrogen_network_keeps_the_network_purity():
    """The hub's node shares the network's balance, so the gas there is the network's: a 0.99
    electrolyser's gas must not reach the 0.99997 depot through the 0.99999 hub (before: it
    did, 200 t/yr); a 0.99999 electrolyser's does."""
    res = _hub_on_network(0.99)
    assert res.objective == pytest.approx(0.0, abs=1e-6) and not len(res.matches)
    res = _hub_on_network(0.99999)
    m = res.matches.set_index("sink_site")
    assert m.at["D", "amount"] == pytest.approx(200.0) and m.at["D", "source_site"] == "H"


def test_a_hub_on_a_hydrogen_network_is_at_the_network_pressure():
    """The pipeline runs at 30 bar (its supply's); a hub on it stated at 350 bar still gets
    its gas at 30 bar, so its leg to the 350 bar depot pays 0.67 ln(350 / 30) x 80 =
    131.68 EUR/t of compression (before: none, from the hub's 350 bar)."""
    from eitflow.candidates.generate import build_candidates

    def leg_cost(hub_bar, depot_bar):
        links = build_candidates(_hub_on_network(0.99999, False, hub_bar, depot_bar)).links
        leg = links[links["kind"] == "from_hub"]
        assert len(leg) == 1
        return float(leg["var_cost_eur_per_unit"].iat[0])   # the truck's cost + the compression

    truck = leg_cost(30.0, 30.0)                             # no compression: the truck alone
    for hub_bar in (350.0, np.nan):
        assert leg_cost(hub_bar, 350.0) - truck == pytest.approx(K_COMP * math.log(350.0 / 30.0) * 80.0)
        assert leg_cost(hub_bar, 350.0) - truck == pytest.approx(131.68, abs=0.01)


def test_explain_says_what_purity_would_pass():
    """A hydrogen pair refused on purity: explain says which purity would pass (before:
    'supply temperature >= nan degC (now nan)')."""
    from eitflow.analyses.explain import explain

    scen = _h2()
    res = eitflow.optimise(scen)
    ex = explain(scen, res, flow_id="u1")
    row = ex[(ex["rule"] == "quality") & (ex["partner_flow_id"] == "h2")].iloc[0]
    assert row["would_pass_if"] == "supply purity ≥ 0.99997 (now 0.99)"
    assert row["threshold"] == pytest.approx(0.99997)


def test_unmatched_says_purity_on_a_generated_network_too():
    """With generated corridors the 0.99997 user is not even a node of the 0.99 network: the
    reason is still the purity (before: 'the hydrogen network does not reach U1')."""
    scen = _h2({"hydrogen": {"generate": "delaunay", "max_length_km": 10.0}}, given=False)
    scen.flows.loc[scen.flows["flow_id"] == "u1", "max_distance_km"] = 0.1
    um = eitflow.optimise(scen).unmatched.set_index("flow_id")
    assert um.at["u1", "reason"] == "quality"
    assert um.at["u1", "detail"].startswith("the hydrogen network carries purity 0.99 (the lowest")


def test_explain_of_an_idle_hydrogen_connection_names_hydrogen_not_heat():
    """U2 is in reach of the pipeline's corridors and not connected to it: explain's rank 0 said
    '... or the heat has a better use' (and 'la chaleur' in French) of a hydrogen network."""
    from eitflow.analyses.explain import explain

    scen = _h2()
    res = eitflow.optimise(scen)
    for lang, said, wrong in (("en", "or the hydrogen has a better use elsewhere", "heat"),
                              ("fr", "ou la ressource (hydrogène) a un meilleur emploi ailleurs", "chaleur")):
        row = explain(scen, res, flow_id="u2", lang=lang).set_index("rule").loc["network_not_selected"]
        assert row["detail"].endswith(said) and wrong not in row["detail"], row["detail"]
