"""`resilience`'s stranded investment: what was built for the plan and carries nothing once a
company has closed. It counted only the closed company's own exchanges; the shared network
corridors and the hubs left with nothing to carry were left out (ludres_backbone: closing the
incinerator left five of the six corridors idle, 5.85 M EUR, and said 3.0 M EUR in all).

The rule: a corridor or hub the re-solved plan no longer uses at all is stranded; one still
used, even partly or the other way round, is not."""
from __future__ import annotations

import pandas as pd
import pytest

import eitflow
from conftest import ROOT
from eitflow.analyses.resilience import resilience

# four places in a row about 0.94 km apart: an incinerator, firms A and B, and boilers S whose
# heat costs 30 EUR/MWh to make; no direct pipe (every partner beyond max_distance_km), so heat
# goes through the corridors, each with its own investment (no heat loss):
#   UVE --c_ua-- A --c_ab-- B --c_sb-- S
SITES = pd.DataFrame({"site_id": ["UVE", "A", "B", "S"], "name": ["Incinerator", "Firm A", "Firm B", "Boilers"],
                      "lat": [45.70] * 4, "lon": [4.800, 4.812, 4.824, 4.836], "zone": ["Z"] * 4})
FLOWS = pd.DataFrame({"site_id": ["UVE", "A", "B", "S"], "direction": ["supply", "demand", "demand", "supply"],
                      "resource": "heat", "amount": [20000, 4000, 4000, 10000], "unit": "MWh/yr",
                      "temperature_c": [120, 70, 70, 120], "price_eur_per_unit": [0, 60, 60, -30],
                      "max_distance_km": 0.5})
CORRIDORS = pd.DataFrame({"corridor_id": ["c_ua", "c_ab", "c_sb"], "resource": "heat", "from": ["UVE", "A", "S"],
                          "to": ["A", "B", "B"], "investment_eur": [100000, 200000, 300000],
                          "fixed_cost_eur_per_yr": [1000, 1000, 1000]})


@pytest.fixture(scope="module")
def scen():
    return eitflow.scenario_from_frames(SITES, FLOWS, corridors=CORRIDORS, carbon_price_eur_per_t=0,
                                        networks={"heat": {"temperature_c": 90.0}}, solver={"mip_gap": 0.0})


def test_corridors_left_idle_by_a_closure_are_stranded(scen):
    """The plan: UVE feeds A and B over c_ua and c_ab (S's heat costs more than the incinerator's).
    By hand, with the catalogue's 60,000 EUR per connection:
    UVE closes: S feeds A and B over c_sb and c_ab (the other way), c_ua is idle:
        its connection 60,000 + c_ua 100,000 = 160,000 EUR;
    A closes: UVE still feeds B over c_ua and c_ab: its connection alone, 60,000 EUR;
    B closes: c_ab is idle: 60,000 + 200,000 = 260,000 EUR."""
    base = eitflow.optimise(scen)
    built = base.statistics.corridors()
    assert sorted(built["corridor_id"]) == ["c_ab", "c_ua"]   # the case worked by hand
    assert sorted(base.matches["sink_site"]) == ["A", "B", "network:heat"]
    conn = scen.catalogue["heat"].network.connection_investment_eur
    assert conn == 60000
    r = resilience(scen).set_index("site_id")
    assert r.at["UVE", "stranded_investment_eur"] == pytest.approx(conn + 100000)
    assert r.at["UVE", "stranded_shared"] == "heat:c_ua"
    assert r.at["A", "stranded_investment_eur"] == pytest.approx(conn)
    assert r.at["A", "stranded_shared"] == ""
    assert r.at["B", "stranded_investment_eur"] == pytest.approx(conn + 200000)
    assert r.at["B", "stranded_shared"] == "heat:c_ab"


def test_a_hub_left_idle_is_stranded():
    """redon_h2: the electrolyser is the shared station's only source. Closed, the station
    (1,500,000 EUR in hubs.csv) has nothing to hand out: stranded with the electrolyser's own
    exchanges (their investment in the run's matches)."""
    scen = eitflow.read_scenario(ROOT / "scenarios" / "redon_h2" / "scenario.yaml")
    run = eitflow.optimise(scen)
    hubs = pd.read_csv(ROOT / "scenarios" / "redon_h2" / "hubs.csv").set_index("hub_id")
    own = run.matches[(run.matches["source_site"] == "ELEC_H2") | (run.matches["sink_site"] == "ELEC_H2")]
    r = resilience(scen).set_index("site_id")
    assert r.at["ELEC_H2", "stranded_shared"] == "HRS_REDON"
    assert r.at["ELEC_H2", "stranded_investment_eur"] == pytest.approx(
        own["investment_eur"].sum() + hubs.at["HRS_REDON", "investment_eur"], rel=1e-9)
    # the sawmill's closure touches neither the station nor a network
    assert r.at["SCIERIE_BO", "stranded_shared"] == ""


def test_a_closure_leaves_short_the_users_behind_a_hub_standing_on_the_network(tmp_path):
    """S -- B -- H on a hydrogen network, the station H standing on it and the depot E served
    only through H (`test_unmatched_hub_pools._hub_on_network`): S feeds B its 300 t/yr and E its
    50. S closes: nothing feeds the network, so B and E are both left with nothing, and the
    station and both corridors carry nothing. E was not a partner (a hub's legs on the network
    were not counted among its connections), and the station was not stranded (it read 0 t/yr,
    its legs bringing nothing in)."""
    from test_unmatched_hub_pools import _hub_on_network

    scen = eitflow.read_scenario(_hub_on_network(tmp_path, 10000))
    base = eitflow.optimise(scen)
    got = base.matches.groupby("demand_flow_id")["amount"].sum()
    assert got["b1"] == pytest.approx(300) and got["e1"] == pytest.approx(50)
    r = resilience(scen).set_index("site_id")
    assert r.at["S", "partners"] == "B; E"
    assert r.at["S", "partners_left_short"] == 2
    assert r.at["S", "stranded_shared"] == "hydrogen:c1; hydrogen:c2; H"


def _line(n: int):
    """The first `n` places of SITES (UVE, A, B) on the heat network, over the corridors between them."""
    keep = ["UVE", "A", "B"][:n]
    return eitflow.scenario_from_frames(SITES[SITES["site_id"].isin(keep)], FLOWS.assign(flow_id=FLOWS["site_id"] + "_heat")[FLOWS["site_id"].isin(keep)],
                                        corridors=CORRIDORS[CORRIDORS["from"].isin(keep) & CORRIDORS["to"].isin(keep)],
                                        carbon_price_eur_per_t=0, networks={"heat": {"temperature_c": 90.0}},
                                        solver={"mip_gap": 0.0})


def test_other_companies_connections_left_idle_are_stranded():
    """UVE --c_ua-- A --c_ab-- B (no boilers S): the incinerator feeds A and B through the
    network, each of the three with a 60,000 EUR connection (the catalogue's). Before, only the
    closed site's own links and the idle corridors were counted, not the other companies'
    connections left idle, whereas a point-to-point plan's idle pipe counts whole.
    By hand:
    UVE closes: nothing feeds the network: UVE's injection, A's and B's deliveries, c_ua and
        c_ab are idle: 3 x 60,000 + 100,000 + 200,000 = 480,000 EUR (said 360,000 before);
    B closes: UVE still feeds A over c_ua: B's connection + c_ab = 260,000 EUR;
    and with UVE and A alone (c_ua), A closes: A's delivery, UVE's injection and c_ua are idle:
        2 x 60,000 + 100,000 = 220,000 EUR (said 160,000 before)."""
    scen = _line(3)
    base = eitflow.optimise(scen)
    assert sorted(base.statistics.corridors()["corridor_id"]) == ["c_ab", "c_ua"]   # the plan worked out above
    assert sorted(base.matches["sink_site"]) == ["A", "B", "network:heat"]
    assert scen.catalogue["heat"].network.connection_investment_eur == 60000
    r = resilience(scen).set_index("site_id")
    assert r.at["UVE", "stranded_investment_eur"] == pytest.approx(480000)
    assert r.at["UVE", "stranded_links"].split("; ") == [
        "UVE:UVE_heat -> network:heat (heat, network)", "network:heat -> A:A_heat (heat, network)",
        "network:heat -> B:B_heat (heat, network)"]
    assert r.at["B", "stranded_investment_eur"] == pytest.approx(260000)
    two = resilience(_line(2)).set_index("site_id")
    assert two.at["A", "stranded_investment_eur"] == pytest.approx(220000)
    assert two.at["A", "stranded_shared"] == "heat:c_ua"


KM = 1 / 111.195   # degrees of latitude per km (haversine's Earth)
LON = KM / 0.7071067811865476   # degrees of longitude per km at 45 degN
# a glassworks S, a town hall M just off the straight line S-D (50 m), a school D 2 km from S,
# and a farm X 1 km to the west (100 MWh/yr at 1 EUR/MWh: not worth its 60,000 EUR connection);
# no pipe of their own (0.1 km radius): only a generated network can serve them
GEN_SITES = pd.DataFrame({"site_id": ["S", "M", "D", "X"], "name": ["Verrerie", "Mairie", "Collège", "Ferme"],
                          "lat": [45.0, 45.0 + KM, 45.0 + 2 * KM, 45.0 + KM],
                          "lon": [4.0, 4.0 + 0.05 * LON, 4.0, 4.0 - LON]})
GEN_FLOWS = pd.DataFrame({"flow_id": ["s", "m", "d", "x"], "site_id": ["S", "M", "D", "X"],
                          "direction": ["supply", "demand", "demand", "demand"], "resource": "heat",
                          "amount": [20000.0, 4000.0, 4000.0, 100.0], "unit": "MWh/yr",
                          "temperature_c": [110.0, 60.0, 60.0, 60.0], "price_eur_per_unit": [0.0, 60.0, 60.0, 1.0],
                          "max_distance_km": 0.1})
GEN_NET = {"heat": {"temperature_c": 90.0, "generate": "delaunay", "max_length_km": 5}}


def _pairs(res) -> set[frozenset]:
    c = res.statistics.corridors()
    return {frozenset(p) for p in zip(c["from"], c["to"])}


def test_a_closure_is_re_solved_over_the_plans_generated_corridors_and_says_so(tmp_path):
    """Delaunay over S, M, D, X (km, x east, y north): S (0, 0), M (0.05, 1), D (0, 2), X (-1, 1).
    The triangle S-M-D is flat: its circumcircle (centre (-9.975, 1), radius 10.02) holds X, so
    the triangulation is S-M, M-D (hull), S-X, X-D (hull), M-X, and no S-D. Without M, three
    places make one triangle: S-D is a corridor. So the plan brings S's heat to M and D over S-M
    and M-D. M closes: resilience keeps the plan's corridors (a territory's candidate routes do
    not move because a firm closes), S-M and M-D still carry S's heat to D: nothing shared is
    stranded, only M's connection (the catalogue's 60,000 EUR); a fresh run without M builds S-D.
    The output says so, since the fresh run's loss differs; a scenario whose corridors are all
    given (test above) has no such note."""
    scen = eitflow.scenario_from_frames(GEN_SITES, GEN_FLOWS, carbon_price_eur_per_t=0, solver={"mip_gap": 0.0},
                                        networks=GEN_NET)
    base = eitflow.optimise(scen)
    assert _pairs(base) == {frozenset("SM"), frozenset("MD")}   # worked out above
    assert sorted(base.matches["sink_site"]) == ["D", "M", "network:heat"]
    r = resilience(scen, fresh=False)
    assert r.attrs["generated_corridors"] == {"heat": 5}   # the five edges above
    row = r.set_index("site_id").loc["M"]
    assert row["stranded_shared"] == "" and row["stranded_investment_eur"] == pytest.approx(60000)
    keep = GEN_SITES["site_id"] != "M"
    fresh = eitflow.optimise(eitflow.scenario_from_frames(
        GEN_SITES[keep], GEN_FLOWS[GEN_FLOWS["site_id"] != "M"], carbon_price_eur_per_t=0, solver={"mip_gap": 0.0},
        networks=GEN_NET))
    assert _pairs(fresh) == {frozenset("SD")}   # a fresh run's own triangle
    assert "generated_corridors" not in resilience(_line(2)).attrs
    # the command says it after the table, in the run's language
    from click.testing import CliRunner

    from eitflow.cli.main import main

    GEN_SITES.to_csv(tmp_path / "sites.csv", index=False)
    GEN_FLOWS.to_csv(tmp_path / "flows.csv", index=False)
    (tmp_path / "scenario.yaml").write_text(
        "name: t\nsites: sites.csv\nflows: flows.csv\ncarbon_price_eur_per_t: 0\nsolver: {mip_gap: 0.0}\n"
        "networks:\n  heat: {temperature_c: 90, generate: delaunay, max_length_km: 5}\n", encoding="utf-8")
    out = CliRunner().invoke(main, ["resilience", str(tmp_path / "scenario.yaml"), "--lang", "fr", "--no-fresh"],
                             env={"COLUMNS": "200"}, catch_exceptions=False).output
    flat = " ".join(out.split())
    assert ("Tronçons générés par eitflow (5 pour le réseau de chaleur) : chaque fermeture est recalculée sur les "
            "tronçons candidats du plan, y compris ceux qui passent par le site fermé") in flat, out
    assert "sa perte peut alors différer (`--fresh` la calcule)." in flat   # test_resilience_fresh: the default


# a dairy S (70 degC waste heat, plenty), a town's network D (80/40 degC: a direct pipe from S
# reaches only the half of its need below 70 - 10 K) and a glassworks H (120 degC, 20,000 MWh/yr)
# in a row, 5 km apart; heat pumps pay their electricity at 40 EUR/MWh
TWIN_SITES = pd.DataFrame({"site_id": ["S", "D", "H"], "name": ["Laiterie", "Réseau", "Verrerie"],
                           "lat": [45.0, 45.0 + 5 * KM, 45.0 + 10 * KM], "lon": [4.0, 4.0, 4.0]})
TWIN_FLOWS = pd.DataFrame({"flow_id": ["s", "d", "h"], "site_id": ["S", "D", "H"],
                           "direction": ["supply", "demand", "supply"], "resource": "heat",
                           "amount": [100000.0, 40000.0, 20000.0], "unit": "MWh/yr",
                           "temperature_c": [70.0, 80.0, 120.0], "return_temperature_c": [None, 40.0, None],
                           "price_eur_per_unit": [0.0, 60.0, 0.0]})


def test_a_pipe_the_re_solve_runs_with_a_heat_pump_is_not_stranded():
    """S -> D has two candidate links over one pipe: direct (the cooler half of D's need) and
    with a heat pump (all of it). The plan: S direct and H for the hot half. H closes: the
    re-solve (checked by a second solve of the scenario without H) runs S -> D with a heat pump,
    over the pipe already built, so only H's pipe is stranded. By hand (catalogue: 150,000 EUR
    + 800,000 EUR/km, detour 1.3): H -> D is 5 km, 150,000 + 800,000 x 5 x 1.3 = 5,350,000 EUR.
    Before, the direct link left idle counted its pipe as well: 10,700,000 EUR."""
    tf = TWIN_FLOWS.assign(return_temperature_c=TWIN_FLOWS["return_temperature_c"].astype(float))
    scen = eitflow.scenario_from_frames(TWIN_SITES, tf, carbon_price_eur_per_t=0, solver={"mip_gap": 0.0},
                                        electricity_price_eur_per_mwh=40)
    base = eitflow.optimise(scen).matches.set_index("source_site")
    assert sorted(base.index) == ["H", "S"] and base["heat_pump_cop"].isna().all()   # the plan described
    alone = eitflow.optimise(eitflow.scenario_from_frames(
        TWIN_SITES[TWIN_SITES["site_id"] != "H"], tf[tf["site_id"] != "H"], carbon_price_eur_per_t=0,
        solver={"mip_gap": 0.0}, electricity_price_eur_per_mwh=40)).matches
    assert list(alone["source_site"]) == ["S"] and alone["heat_pump_cop"].notna().all()   # the pump twin
    r = resilience(scen).set_index("site_id")
    assert r.at["H", "stranded_investment_eur"] == pytest.approx(150000 + 800000 * 5 * 1.3, rel=1e-6)
    assert r.at["H", "stranded_links"] == "H:h -> D:d (heat, pipe)"
