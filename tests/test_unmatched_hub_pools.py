"""unmatched.csv's reason for flows exchanged through a hub: the hub is a pool like a shared
network's piece (`results.unmatched._network_spent`): its legs have no room where the other
side has nothing left, in the year or in the months the flow needs (worked out by hand)."""

from __future__ import annotations

from pathlib import Path

import pytest

import eitflow
from conftest import ROOT
from eitflow.analyses.explain import explain
from eitflow.results.tables import period_usage

SOLAR = "0.02;0.04;0.08;0.12;0.14;0.15;0.15;0.13;0.09;0.05;0.02;0.01"


def _hub_line(tmp: Path) -> Path:
    """S, a hub H and a user C on a line 1.5 km apart (S-C 3 km, beyond the 2 km radius: no
    direct link, the hub's legs only); a hub at no cost."""
    (tmp / "sites.csv").write_text("site_id,name,lat,lon\nS,Supplier,47.0,5.00\nC,User,47.0,5.04\n")
    (tmp / "hubs.csv").write_text("hub_id,name,lat,lon,resources,capacity,unit,investment_eur,fixed_cost_eur_per_yr\n"
                                  "H,Station,47.0,5.02,hydrogen,5000,t/yr,0,0\n")
    (tmp / "flows.csv").write_text("flow_id,site_id,direction,resource,amount,unit,price_eur_per_unit,monthly_profile\n"
                                   f"s1,S,supply,hydrogen,1200,t/yr,0,{SOLAR}\n"
                                   "c1,C,demand,hydrogen,600,t/yr,6000,\n")
    (tmp / "scenario.yaml").write_text("name: hub line\nsites: sites.csv\nflows: flows.csv\nhubs: hubs.csv\n"
                                       "carbon_price_eur_per_t: 0\nmax_distance_km: {hydrogen: 2}\n"
                                       "solver: {time_limit_s: 20}\n")
    return tmp / "scenario.yaml"


def test_a_user_short_only_in_months_the_hub_has_nothing_is_told_the_months(tmp_path):
    """S makes 1,200 t/yr on a solar profile (24, 48, 96, 144, 168, 180, 180, 156, 108, 60, 24,
    12 t a month); C needs 50 t every month, through the hub. Each month the hub passes
    min(S's, 50): 24, 48, then 50 from March to October, 24, 12: 508 t/yr. C is short 26 + 2 +
    26 + 38 = 92 t, only in January, February, November and December, when S gives the hub all
    it makes; S keeps 1,200 - 508 = 692 t, only from March to October, when C is served. The
    months are the reason (timing), as over a network or a direct link; both read '1 viable
    partner with amount left, but no further exchange raises the objective', the hub's legs
    counted as having room whatever the months."""
    scen = eitflow.read_scenario(_hub_line(tmp_path))
    res = eitflow.optimise(scen)
    lk = res.candidates.links
    assert set(lk["kind"]) == {"to_hub", "from_hub"}   # no direct link: the hub is the only way
    um = res.unmatched.set_index("flow_id")
    assert abs(um.at["c1", "remaining"] - 92) < 1e-6 and abs(um.at["s1", "remaining"] - 692) < 1e-6
    assert um.at["c1", "reason"] == "timing" and um.at["s1", "reason"] == "timing"


def test_a_user_short_when_the_hub_is_spent_is_capacity_used(tmp_path):
    """The same line without profiles and S of 400 t/yr: the hub passes all 400 to C, which
    keeps 200 t/yr short. S has nothing left, so the hub's leg to C has no room: capacity_used
    (the leg's own bound, 600, was read as room: 'not_selected')."""
    p = _hub_line(tmp_path)
    (tmp_path / "flows.csv").write_text("flow_id,site_id,direction,resource,amount,unit,price_eur_per_unit\n"
                                        "s1,S,supply,hydrogen,400,t/yr,0\nc1,C,demand,hydrogen,600,t/yr,6000\n")
    res = eitflow.optimise(eitflow.read_scenario(p))
    um = res.unmatched.set_index("flow_id")
    assert list(um.index) == ["c1"] and abs(um.at["c1", "remaining"] - 200) < 1e-6
    assert um.at["c1", "reason"] == "capacity_used"


def test_the_redon_coaches_short_in_winter_are_told_the_months_by_unmatched_and_explain():
    """The bundled Redon scenario: the coaches (180 kg/d on a school calendar) and the refuse
    trucks (80 kg/d) are served through the shared station from the solar electrolyser. Month
    by month, the fleets are short only when the electrolyser has nothing left (October to
    March) and it has gas left only when they are served (April to September): the months are
    the reason for all three (unmatched.csv said '1 viable partner with amount left ...'), and
    explain's row for the coaches' only partner says the pair goes through the station (it read
    capacity_used, 'the partner's amount is taken by a hub', the hub being their own route)."""
    scen = eitflow.read_scenario(ROOT / "scenarios" / "redon_h2" / "scenario.yaml")
    res = eitflow.optimise(scen)
    amount_t, used_t = period_usage(scen, res.candidates, res.solution)
    left = (amount_t - used_t) > 1e-6 * amount_t.max(axis=1, keepdims=True)
    pos = {f: i for i, f in enumerate(scen.flows["flow_id"])}
    for fleet in ("cars_h2", "bom_h2"):   # never short in a month the electrolyser has gas left
        assert left[pos[fleet]].any() and not (left[pos[fleet]] & left[pos["elec_h2"]]).any()
    um = res.unmatched.set_index("flow_id")
    assert {um.at[f, "reason"] for f in ("cars_h2", "bom_h2", "elec_h2")} == {"timing"}
    ex = explain(scen, res, flow_id="cars_h2", lang="en").set_index("rank")
    assert ex.at[1, "partner_flow_id"] == "elec_h2" and ex.at[1, "rule"] == "matched"
    assert ex.at[1, "detail"].startswith("through hub Station hydrogène partagée de Redon (candidate ; nom fictif, "
                                         "HRS_REDON) (ELEC_H2 → HRS_REDON 0.2 km, HRS_REDON → DEPOT_CARS 1.8 km): "
                                         "the exchange goes through it")


def _hub_on_network(tmp: Path, e1_price: float, hub_t_per_yr: float = 1000) -> Path:
    """S -- B -- H on a hydrogen network (corridors of 1.5 km), a 350 bar station H standing on
    it at no cost, the bus depot E 1.5 km beyond H: E is served through the hub only (S-E 4.5 km
    and B-E 3 km, beyond the 2 km radius)."""
    (tmp / "sites.csv").write_text("site_id,name,lat,lon\nS,Supplier,47.0,5.00\nB,Buyer B,47.0,5.02\n"
                                   "E,Bus depot,47.0,5.06\n")
    (tmp / "hubs.csv").write_text("hub_id,name,lat,lon,resources,capacity,unit,investment_eur,fixed_cost_eur_per_yr,"
                                  f"pressure_bar,purity\nH,HRS station,47.0,5.04,hydrogen,{hub_t_per_yr},t/yr,0,0,350,0.99997\n")
    (tmp / "corridors.csv").write_text("corridor_id,resource,from,to,length_km\nc1,hydrogen,S,B,1.5\n"
                                       "c2,hydrogen,B,H,1.5\n")
    (tmp / "flows.csv").write_text("flow_id,site_id,direction,resource,amount,unit,price_eur_per_unit,purity,pressure_bar\n"
                                   "s1,S,supply,hydrogen,1000,t/yr,0,0.99999,30\n"
                                   "b1,B,demand,hydrogen,300,t/yr,2500,0.999,20\n"
                                   f"e1,E,demand,hydrogen,50,t/yr,{e1_price},0.99997,350\n")
    (tmp / "scenario.yaml").write_text("name: hub on a network\nsites: sites.csv\nflows: flows.csv\nhubs: hubs.csv\n"
                                       "corridors: corridors.csv\ncarbon_price_eur_per_t: 0\n"
                                       "max_distance_km: {hydrogen: 2}\nsolver: {time_limit_s: 20}\n"
                                       "networks:\n  hydrogen: {}\n")
    return tmp / "scenario.yaml"


def test_a_supply_on_a_network_whose_users_and_hub_outlets_are_all_served_is_capacity_used(tmp_path):
    """B takes 300 t/yr over the network, the depot E its 50 through the station standing on
    it (10,000 EUR/t): S keeps 1,000 - 350 = 650 t/yr because no user wants more, as on a
    network without a hub (capacity_used). It read 'not_selected: 1 viable partner with amount
    left', a network with a hub on it counted as having users with room whatever its outlets."""
    res = eitflow.optimise(eitflow.read_scenario(_hub_on_network(tmp_path, 10000)))
    got = res.matches.groupby("demand_flow_id")["amount"].sum()
    assert abs(got["b1"] - 300) < 1e-6 and abs(got["e1"] - 50) < 1e-6
    um = res.unmatched.set_index("flow_id")
    assert list(um.index) == ["s1"] and abs(um.at["s1", "remaining"] - 650) < 1e-6
    assert um.at["s1", "reason"] == "capacity_used"


def test_a_hub_outlet_still_short_keeps_the_network_open(tmp_path):
    """The depot pays only 100 EUR/t: compressing from the network's 30 bar to 350 costs
    0.67 x ln(350 / 30) = 1.646 MWh/t x 80 EUR/MWh = 132 EUR/t, more than it pays, so the hub
    hands it nothing. The hub's outlet is a user of the network with gas wanted: S's 700 t/yr
    left are not for want of users (not capacity_used) but of an exchange that pays."""
    res = eitflow.optimise(eitflow.read_scenario(_hub_on_network(tmp_path, 100)))
    um = res.unmatched.set_index("flow_id")
    assert abs(um.at["s1", "remaining"] - 700) < 1e-6 and abs(um.at["e1", "remaining"] - 50) < 1e-6
    assert um.at["s1", "reason"] == "not_selected"


def test_a_station_at_its_capacity_is_capacity_used_for_its_user_and_the_supply(tmp_path):
    """The same station capped at 20 t/yr: B takes its 300 t/yr over the network, E only the
    station's 20 of its 50 (E has no corridor; its one partner is the station, now full), and S
    keeps 1,000 - 320 = 680 t/yr with every user served or behind the full station. Both are
    capacity_used; E read network_unreachable (its only partner counted was the network, the
    station's truck leg left aside) and S not_selected (the full station's leg read as room)."""
    res = eitflow.optimise(eitflow.read_scenario(_hub_on_network(tmp_path, 10000, hub_t_per_yr=20)))
    got = res.matches.groupby("demand_flow_id")["amount"].sum()
    assert abs(got["b1"] - 300) < 1e-6 and abs(got["e1"] - 20) < 1e-6
    um = res.unmatched.set_index("flow_id")
    assert abs(um.at["e1", "remaining"] - 30) < 1e-6 and abs(um.at["s1", "remaining"] - 680) < 1e-6
    assert um.at["e1", "reason"] == "capacity_used" and um.at["s1", "reason"] == "capacity_used"


def _shared_hub(capacity: float, amount: float, b2_profile: str = ""):
    """Two supplies A1, A2 (10 and 9 EUR/t of disposal avoided) into a hub H, two users B1, B2
    (30 and 29 EUR/t) out of it, by links.csv legs only (2 EUR/t in, 3 out, no fixed cost, a hub
    at no cost): each flow `amount` t/yr, B2 on `b2_profile` (flat without)."""
    import pandas as pd

    from eitflow.bench.instances import GOOD_RESOURCE
    sites = pd.DataFrame({"site_id": ["A1", "A2", "B1", "B2"], "lat": [45.0, 45.0, 45.3, 45.3],
                          "lon": [4.0, 4.01, 4.3, 4.31]})
    flows = pd.DataFrame({"flow_id": ["a1", "a2", "b1", "b2"], "site_id": ["A1", "A2", "B1", "B2"],
                          "direction": ["supply", "supply", "demand", "demand"], "resource": "good",
                          "amount": amount, "unit": "t/yr", "price_eur_per_unit": [10.0, 9.0, 30.0, 29.0],
                          "monthly_profile": ["", "", "", b2_profile]})
    links = pd.DataFrame({"source_site": ["A1", "A2", "H", "H"], "sink_site": ["H", "H", "B1", "B2"],
                          "supply_resource": "good", "distance_km": 0.0, "var_cost_eur_per_unit": [2.0, 2.0, 3.0, 3.0],
                          "fixed_cost_eur_per_yr": 0.0})
    hubs = pd.DataFrame({"hub_id": ["H"], "lat": [45.1], "lon": [4.1], "resources": ["good"], "capacity": [capacity],
                         "fixed_cost_eur_per_yr": [0.0]})
    return eitflow.optimise(eitflow.scenario_from_frames(sites, flows, links, GOOD_RESOURCE, hubs=hubs, discount_rate=0.0,
                                                         lifetime_years=1.0, solver={"mip_gap": 0}))


def test_a_hub_whose_capacity_two_legs_share_is_full_for_the_supply_and_the_user_beside_it():
    """A hub of 80 t/yr, four flows of 50: each leg's bound is min(50, 80) = 50. The hub passes
    its 80 (in: 8 and 7 EUR/t, out: 27 and 26 EUR/t, every tonne pays): A1 all 50 and A2 30 in,
    B1 all 50 and B2 30 out. A2 keeps 20 t/yr and B2 is short 20, each behind the full hub
    (50 + 30 = 80): capacity_used. Both read 'not_selected: 1 viable partner with amount left',
    no leg being at its own bound (A2's 30 and B2's 30 of 50)."""
    res = _shared_hub(80.0, 50.0)
    got = res.matches.set_index(["source_site", "sink_site"])["amount"]
    assert got.to_dict() == {("A1", "H"): 50.0, ("A2", "H"): 30.0, ("H", "B1"): 50.0, ("H", "B2"): 30.0}
    um = res.unmatched.set_index("flow_id")
    assert list(um.index) == ["a2", "b2"]
    assert abs(um.at["a2", "remaining"] - 20) < 1e-6 and abs(um.at["b2", "remaining"] - 20) < 1e-6
    assert um.at["a2", "reason"] == "capacity_used" and um.at["b2", "reason"] == "capacity_used"


def test_a_hub_full_in_the_months_its_user_is_short_is_capacity_used():
    """The hub of 180 t/yr holds 15 t a month (the model's row, 180 / 12); the flows are 120 t/yr,
    flat (10 a month) but B2, which needs 15 % of it in each of January-March and October-December
    (18 t) and 1/60 in each other month (2 t). A1 gives its 10 a month, B1 takes its 10; in
    winter the hub passes 15 (A2 5, B2 5: full), in summer 12 (A2 2, B2 its 2: not full). B2 is
    short 13 x 6 = 78 t, only in winter, when the hub is full: capacity_used. A2 keeps 5 x 6 +
    8 x 6 = 78 t: in winter the hub is full, in summer no user wants more: capacity_used. Both
    read 'not_selected', A2's and B2's legs (42 of 120) not at their bounds."""
    res = _shared_hub(180.0, 120.0, ";".join(["0.15"] * 3 + [str(0.1 / 6)] * 6 + ["0.15"] * 3))
    got = res.matches.set_index(["source_site", "sink_site"])["amount"]
    assert abs(got[("A2", "H")] - 42) < 1e-6 and abs(got[("H", "B2")] - 42) < 1e-6
    assert abs(got[("A1", "H")] - 120) < 1e-6 and abs(got[("H", "B1")] - 120) < 1e-6
    um = res.unmatched.set_index("flow_id")
    assert abs(um.at["a2", "remaining"] - 78) < 1e-6 and abs(um.at["b2", "remaining"] - 78) < 1e-6
    assert um.at["a2", "reason"] == "capacity_used" and um.at["b2", "reason"] == "capacity_used"


def test_a_station_on_a_network_fed_full_by_two_trucks_is_capacity_used(tmp_path):
    """The station H (80 t/yr) on the network S -- B -- H, fed by two trucked supplies T and U
    (50 t/yr each, 3,000 and 2,900 EUR/t of disposal avoided, each with the station as only
    partner); S gives 200 t/yr, B needs 300, the depot E 60 (through the station only). The
    station takes T's 50 and U's 30 (its 80: full, no leg at its own bound of 50), hands E its
    60 and B the other 20 by its truck leg; B gets S's 200 over the network and is short 80, S
    having nothing left and U's gas held by the full station. U (20 t/yr left) and B are
    capacity_used; both read 'not_selected' (U's leg, 30 of 50, read as room)."""
    p = _hub_on_network(tmp_path, 10000, hub_t_per_yr=80)
    (tmp_path / "sites.csv").write_text((tmp_path / "sites.csv").read_text().replace("47.0,5.06", "46.992,5.055")
                                        + "T,Trucker T,47.012,5.045\nU,Trucker U,47.013,5.044\n")
    (tmp_path / "flows.csv").write_text("flow_id,site_id,direction,resource,amount,unit,price_eur_per_unit,purity,pressure_bar\n"
                                        "s1,S,supply,hydrogen,200,t/yr,0,0.99999,30\n"
                                        "t1,T,supply,hydrogen,50,t/yr,3000,0.99999,350\n"
                                        "u1,U,supply,hydrogen,50,t/yr,2900,0.99999,350\n"
                                        "b1,B,demand,hydrogen,300,t/yr,2500,0.999,20\n"
                                        "e1,E,demand,hydrogen,60,t/yr,10000,0.99997,350\n")
    res = eitflow.optimise(eitflow.read_scenario(p))
    lk = res.candidates.links
    fid = res.scenario.flows["flow_id"].to_numpy()
    u_links = lk[lk["supply"] == list(fid).index("u1")]
    assert list(u_links["kind"]) == ["to_hub"]   # the station is U's only partner
    m = res.matches
    into = m[m["sink_site"] == "H"].set_index("supply_flow_id")["amount"]
    assert abs(into["t1"] - 50) < 1e-6 and abs(into["u1"] - 30) < 1e-6
    got = m.groupby("demand_flow_id")["amount"].sum()
    assert abs(got["b1"] - 220) < 1e-6 and abs(got["e1"] - 60) < 1e-6
    um = res.unmatched.set_index("flow_id")
    assert sorted(um.index) == ["b1", "u1"]
    assert abs(um.at["u1", "remaining"] - 20) < 1e-6 and abs(um.at["b1", "remaining"] - 80) < 1e-6
    assert um.at["u1", "reason"] == "capacity_used" and um.at["b1", "reason"] == "capacity_used"


def _two_depots(tmp_path, capacity):
    p = _hub_on_network(tmp_path, 10000, hub_t_per_yr=capacity)
    (tmp_path / "sites.csv").write_text((tmp_path / "sites.csv").read_text() + "F,Depot F,47.008,5.05\n")
    (tmp_path / "flows.csv").write_text((tmp_path / "flows.csv").read_text()
                                        + "f1,F,demand,hydrogen,50,t/yr,9000,0.99997,350\n")
    return eitflow.optimise(eitflow.read_scenario(p))


def test_a_depot_behind_a_station_full_with_another_is_told_so_by_explain(tmp_path):
    """The station of 50 t/yr hands its whole capacity to E (10,000 EUR/t against F's 9,000):
    F gets nothing, and explain's first row says F reaches the network only through the
    station, which hands out its whole capacity (it read 'network_unreachable')."""
    res = _two_depots(tmp_path, 50)
    got = res.matches.groupby("demand_flow_id")["amount"].sum()
    assert abs(got["e1"] - 50) < 1e-6 and "f1" not in got
    ex = explain(res.scenario, res, flow_id="f1", lang="en")
    first = ex[ex["rank"] == 0].iloc[0]
    assert first["rule"] == "capacity_used"
    assert str(first["detail"]).replace("\u202f", " ") == (
        "Depot F (F) reaches the hydrogen network only through HRS station (H), which stands on it: "
        "HRS station (H) hands out its whole capacity (50 t/yr)")
    assert res.unmatched.set_index("flow_id").at["f1", "reason"] == "capacity_used"


def test_a_station_on_a_network_hands_out_no_more_than_its_capacity(tmp_path):
    """The station of 80 t/yr on the network S -- B -- H, two depots beside it (E and F, each
    50 t/yr at 10,000 EUR/t, reached only through it): it handed out 50 + 50 = 100 t/yr, the
    gas drawn from the network's node held by no capacity (only what its legs bring in was).
    What leaves by its legs is now held too: E and F get 80 between them, S keeps 1,000 - 300
    - 80 = 620 t/yr, and the depot left short is behind a full station (capacity_used)."""
    res = _two_depots(tmp_path, 80)
    got = res.matches.groupby("demand_flow_id")["amount"].sum()
    assert abs(got["b1"] - 300) < 1e-6
    assert abs(got.get("e1", 0.0) + got.get("f1", 0.0) - 80) < 1e-6
    assert abs(got["e1"] - 50) < 1e-6          # E pays more: served first
    um = res.unmatched.set_index("flow_id")
    assert abs(um.at["s1", "remaining"] - 620) < 1e-6
    assert abs(um.at["f1", "remaining"] - 20) < 1e-6 and um.at["f1", "reason"] == "capacity_used"
    # explain's first row for F says it: it draws from the network through the full station
    # (it read 'network_unreachable: no corridor names its site', then only the 3.9 km pair)
    for lang, words in (("en", ("draws 30 t/yr from the hydrogen network through HRS station (H)",
                                "; HRS station (H) hands out its whole capacity (80 t/yr)")),
                        ("fr", ("prélève 30 t/an sur le réseau d'hydrogène par HRS station (H)",
                                " ; HRS station (H) délivre toute sa capacité (80 t/an)"))):
        ex = explain(res.scenario, res, flow_id="f1", lang=lang)
        first = ex[ex["rank"] == 0].iloc[0]
        said = str(first["detail"]).replace("\u202f", " ").replace("\xa0", " ")
        assert first["rule"] == "matched" and all(w in said for w in words), said


def test_explain_reads_a_station_on_a_network_full_by_what_it_hands_out(tmp_path):
    """The 80 t/yr station hands E 50 and F 30 t/yr of the network's gas; a trucker T (50 t/yr,
    1.8 km from the station, beyond 2 km of the depots) could reach F only through it. The route
    T -> H -> F is held by the station's capacity (what leaves by its legs, `hub_capacity_out`):
    explain said 'viable link (132,357 EUR/yr with the amounts left) left idle', reading only
    what enters the station (nothing from its legs)."""
    p = _hub_on_network(tmp_path, 10000, hub_t_per_yr=80)
    (tmp_path / "sites.csv").write_text((tmp_path / "sites.csv").read_text()
                                        + "F,Depot F,47.008,5.05\nT,Trucker,46.988,5.035\n")
    (tmp_path / "flows.csv").write_text((tmp_path / "flows.csv").read_text()
                                        + "f1,F,demand,hydrogen,50,t/yr,9000,0.99997,350\n"
                                        + "t1,T,supply,hydrogen,50,t/yr,0,0.99999,350\n")
    res = eitflow.optimise(eitflow.read_scenario(p))
    got = res.matches.groupby("demand_flow_id")["amount"].sum()
    assert abs(got["e1"] - 50) < 1e-6 and abs(got["f1"] - 30) < 1e-6
    row = explain(res.scenario, res, flow_id="t1", lang="en").set_index("partner_flow_id").loc["f1"]
    assert row["rule"] == "capacity_used"
    assert "the hub is at its capacity (80 t/yr)" in str(row["detail"]).replace("\u202f", " ")


def test_a_station_on_a_network_states_what_it_hands_out_as_its_throughput(tmp_path):
    """The 80 t/yr station hands E 50 and F 30 t/yr drawn from the network, and nothing comes
    in by its legs: its throughput is 80 t/yr (the larger of what enters and what leaves by its
    legs, the figure its capacity holds), in Statistics.hubs(), hub_throughput() and the run's
    hubs.csv. It read 0, and hubs.csv left the station out."""
    from eitflow.results.rundir import write_run

    res = _two_depots(tmp_path, 80)
    st = res.statistics
    assert float(st.hubs().set_index("hub_id").at["H", "throughput"]) == pytest.approx(80.0)
    tp = st.hub_throughput()
    assert list(tp["hub_id"]) == ["H"] and float(tp["throughput"].iat[0]) == pytest.approx(80.0)
    import pandas as pd

    csv = pd.read_csv(write_run(res, tmp_path / "run") / "hubs.csv")
    assert list(csv["hub_id"]) == ["H"] and float(csv["throughput"].iat[0]) == pytest.approx(80.0)
def test_a_station_full_only_in_winter_is_said_full_in_those_months(tmp_path):
    """The station of 24 t/yr (2 t a month) and the depot E needing 36 t/yr, 5.4 t a month from
    October to March and 0.6 t from April to September: E gets 2 t a month in winter and its
    0.6 in summer, 6 x 2 + 6 x 0.6 = 15.6 t/yr, short in the winter months only. explain said
    'HRS station (H) hands out its whole capacity (24 t/yr)' of a station handing out 15.6: it
    names the months and what it passes a month."""
    p = _hub_on_network(tmp_path, 10000, hub_t_per_yr=24)
    winter, summer = "0.15", "0.0166666666666667"
    profile = ";".join([winter] * 3 + [summer] * 6 + [winter] * 3)
    text = (tmp_path / "flows.csv").read_text()
    (tmp_path / "flows.csv").write_text(
        text.replace("pressure_bar\n", "pressure_bar,monthly_profile\n")
            .replace("0.99999,30\n", "0.99999,30,\n").replace("0.999,20\n", "0.999,20,\n")
            .replace("e1,E,demand,hydrogen,50,t/yr,10000,0.99997,350\n",
                     f"e1,E,demand,hydrogen,36,t/yr,10000,0.99997,350,{profile}\n"))
    res = eitflow.optimise(eitflow.read_scenario(p))
    assert abs(res.matches.groupby("demand_flow_id")["amount"].sum()["e1"] - 15.6) < 1e-6
    for lang, words in (("en", "; HRS station (H) hands out its whole capacity in January, February, March, "
                               "October, November and December (2 t a month of its 24 t/yr)"),
                        ("fr", " ; HRS station (H) délivre toute sa capacité en janvier, février, mars, "
                               "octobre, novembre et décembre (2 t par mois de ses 24 t/an)")):
        ex = explain(res.scenario, res, flow_id="e1", lang=lang)
        said = str(ex[ex["rank"] == 0].iloc[0]["detail"]).replace("\u202f", " ").replace("\xa0", " ")
        assert words in said, said
    # a station that is never full (1,000 t/yr) is not said full, in no month (with the months'
    # profiles this read no month at all: an IndexError)
    (tmp_path / "hubs.csv").write_text((tmp_path / "hubs.csv").read_text().replace(",24,t/yr,", ",1000,t/yr,"))
    res = eitflow.optimise(eitflow.read_scenario(p))
    assert abs(res.matches.groupby("demand_flow_id")["amount"].sum()["e1"] - 36) < 1e-6
    ex = explain(res.scenario, res, flow_id="e1", lang="en")
    said = str(ex[ex["rank"] == 0].iloc[0]["detail"])
    assert said.endswith("through HRS station (H), which stands on it"), said
