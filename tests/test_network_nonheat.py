"""Shared networks of a material (hydrogen, CO2) as a port-zone engineer writes them: heat-only
settings given to such a network must be said, not dropped without a word, and the sentences
of `explain` and unmatched.csv must name the network in proper French. Figures by hand in
each docstring."""

from __future__ import annotations

import itertools
import math

import networkx as nx
import pandas as pd
import pytest

import eitflow
from eitflow.candidates.generate import build_candidates

KM = 1 / 111.195   # degrees of latitude per km (haversine's Earth)


def _h2(resources: dict | None = None, corridors: dict | None = None, **params):
    """An electrolyser E (2,000 t/yr of H2) and a refinery R 2 km north (800 t/yr at 3,000
    EUR/t), one corridor E-R of 2 km; radii of 0.1 km rule out pipes of their own."""
    sites = pd.DataFrame({"site_id": ["E", "R"], "name": ["Electrolyser", "Refinery"],
                          "lat": [43.43, 43.43 + 2 * KM], "lon": [4.9, 4.9]})
    flows = pd.DataFrame({"flow_id": ["e_h2", "r_h2"], "site_id": ["E", "R"], "direction": ["supply", "demand"],
                          "resource": "hydrogen", "amount": [2000.0, 800.0], "unit": "t/yr",
                          "price_eur_per_unit": [0.0, 3000.0], "max_distance_km": 0.1})
    cor = corridors or {"corridor_id": ["c1"], "resource": ["hydrogen"], "from": ["E"], "to": ["R"], "length_km": ["2"]}
    return eitflow.scenario_from_frames(sites, flows, corridors=pd.DataFrame(cor), resources=resources,
                                        networks={"hydrogen": {}}, **params)


def test_heat_losses_and_temperatures_in_a_hydrogen_pipe_table_are_warned_about():
    """A hydrogen pipe table copied from the heat one keeps its loss_w_per_m (30 and 40 W/m)
    and reference_temperature_c: 90. A hydrogen pipe carries tonnes, not MWh, so eitflow
    counts no W/m loss on it (`costs.corridor_size_costs`, energy only) and no temperature:
    the figures were dropped without a word, and the analyst believed the losses modelled.
    By hand, the run confirms they change nothing: the DN100 (0.2 t/h x 8,760 h x load
    factor 0.7 = 1,226.4 t/yr) carries the 800 t/yr, losing 0 t/yr. Now one warning per
    setting, naming the resource, the sizes and the field."""
    res = {"hydrogen": {"network": {"reference_temperature_c": 90, "sizes": [
        {"name": "DN100", "capacity": 0.2, "investment_eur_per_m": 500, "loss_w_per_m": 30},
        {"name": "DN200", "capacity": 1.0, "investment_eur_per_m": 900, "loss_w_per_m": 40}]}}}
    scen = _h2(resources=res)
    w = [str(p) for p in scen.warnings if "heat and steam networks only" in str(p)]
    assert w == [
        "resources: resource 'hydrogen', network: reference_temperature_c applies to heat and steam networks only "
        "(the hydrogen network's pipes carry a material, in t/yr, and lose none of it as heat): it is ignored",
        "resources: resource 'hydrogen', network.sizes: loss_w_per_m (given for DN100, DN200) applies to heat and "
        "steam networks only (the hydrogen network's pipes carry a material, in t/yr, and lose none of it as heat): "
        "it is ignored"]
    fr = [p.say("fr") for p in scen.warnings if "loss_w_per_m" in str(p)]
    assert fr == [
        "resources : ressource 'hydrogen', network.sizes : loss_w_per_m (donné pour DN100, DN200) ne s'applique "
        "qu'aux réseaux de chaleur et de vapeur (les conduites du réseau d'hydrogène transportent une matière, en "
        "t/an, et n'en perdent rien en chaleur) : il est ignoré"]
    out = eitflow.optimise(scen)
    c = out.statistics.corridors().set_index("corridor_id")
    assert c.at["c1", "size"] == "DN100"
    assert c.at["c1", "loss"] == 0.0
    # the same table without the heat-only fields: nothing to say
    plain = {"hydrogen": {"network": {"sizes": [{"name": "DN100", "capacity": 0.2, "investment_eur_per_m": 500}]}}}
    assert not [p for p in _h2(resources=plain).warnings if "heat and steam" in str(p)]
    # a heat table's own losses are not warned about
    heat = {"heat": {"network": {"reference_temperature_c": 90}}}
    assert not [p for p in _h2(resources=heat).warnings if "heat and steam" in str(p)]


def test_a_site_the_pipeline_does_not_reach_is_told_so_in_proper_french():
    """The hydrogen corridor c1 runs one way from the refinery to the electrolyser (direction
    forward, R -> E): no gas can reach R. unmatched.csv (and explain) said 'le réseau
    (hydrogène) n'atteint aucune offre par ses tronçons', the resource in brackets where
    French names the network 'le réseau d'hydrogène', as the sentence of a site no corridor
    names does. A CO2 collector whose only corridor joins two emitters (E2-E3), away from the
    storage terminal, said 'le réseau (CO2) n'atteint aucune demande'; now 'le réseau de CO2'.
    Nothing is built: the objective is 0 EUR/yr in both."""
    one_way = {"corridor_id": ["c1"], "resource": ["hydrogen"], "from": ["R"], "to": ["E"], "length_km": ["2"],
               "direction": ["forward"]}
    scen = _h2(corridors=one_way)
    res = eitflow.optimise(scen)
    assert res.objective == 0.0
    um = res.unmatched.set_index("flow_id")
    assert um.at["r_h2", "reason"] == "network_unreachable"
    assert um.at["r_h2", "detail"].say("fr").startswith(
        "le réseau d'hydrogène n'atteint aucune offre par ses tronçons : ceux qui passent par Refinery (R) ne "
        "joignent une offre en hydrogène qu'à contre-sens de tronçons à sens unique (direction forward, de from "
        "vers to)")
    assert str(um.at["r_h2", "detail"]).startswith(
        "the hydrogen network does not reach a supply within its corridors: the corridors through Refinery (R) join "
        "a hydrogen supply only against the way of one-way corridors")

    sites = pd.DataFrame({"site_id": ["E2", "E3", "T"], "name": ["Steelworks", "Lime kiln", "Terminal"],
                          "lat": [51.03, 51.03 + KM, 51.03 + 3 * KM], "lon": [2.3, 2.3, 2.3]})
    flows = pd.DataFrame({"flow_id": ["e2", "e3", "t"], "site_id": ["E2", "E3", "T"],
                          "direction": ["supply", "supply", "demand"], "resource": "co2",
                          "amount": [10000.0, 3000.0, 50000.0], "unit": "t/yr", "price_eur_per_unit": [60.0, 60.0, 0.0],
                          "max_distance_km": 0.1})
    cor = pd.DataFrame({"corridor_id": ["k1"], "resource": ["co2"], "from": ["E2"], "to": ["E3"], "length_km": ["1.3"]})
    co2 = eitflow.optimise(eitflow.scenario_from_frames(sites, flows, corridors=cor, networks={"co2": {}}))
    assert co2.objective == 0.0
    um = co2.unmatched.set_index("flow_id")
    assert um.at["e2", "reason"] == "network_unreachable"
    assert um.at["e2", "detail"].say("fr").startswith(
        "le réseau de CO2 n'atteint aucune demande par ses tronçons : ceux qui passent par Steelworks (E2) ne "
        "raccordent aucune demande en CO2")


def test_the_report_of_a_hydrogen_pipeline_has_no_temperature_column(tmp_path):
    """The report's table of networks gave a hydrogen pipeline a column 'Temperature degC'
    reading '–' (a heat network's setting: hydrogen has purity and pressure, said below the
    table). Of a run with a hydrogen network only, the column is left out, in both languages;
    the rest of the row stays: 1 candidate corridor, 1 built, 2.00 km, the DN50 (498 EUR/m x
    2,000 m = 996,000 EUR; x (annuity 0.0802426 at 5 % over 20 years + O&M 2 %) = 99,842
    EUR/yr)."""
    import html
    import re

    from eitflow.report.html import write_report
    from eitflow.results.rundir import write_run

    out = write_run(eitflow.optimise(_h2()), tmp_path / "run")
    for lang, word in (("en", "Temperature"), ("fr", "Température")):
        page = html.unescape(write_report(out, tmp_path / f"r_{lang}.html", lang=lang).read_text(encoding="utf-8"))
        tab = page[page.index('id="networks-table"'):]
        tab = tab[:tab.index("</table>")]
        assert word not in tab
        cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", tab, flags=re.S)]
        assert cells[1:] == (["1", "0", "1", "2.00", "99,842", "996,000"] if lang == "en" else
                             ["1", "0", "1", "2,00", "99\u202f842", "996\u202f000"])


def test_a_hydrogen_corridor_is_not_said_to_carry_gas_both_ways_at_once(tmp_path):
    """The Fos hydrogen scenario: an existing pipe ELY-J1 (1,000 t/yr rated, 700 t/yr at load
    factor 0.7) and corridors.csv's seven candidates of a Delaunay triangulation of the
    places (lengths left empty: great circle x 1.3). The refinery RAF (800 t/yr) and the
    chemical plant CHIM (300 t/yr) hang off the corridor ELY-RAF, and CHIM's only corridor
    built is CHIM-RAF. Hydrogen pipes cost nothing per tonne carried, so HiGHS returned
    CHIM-RAF carrying 500 t/yr CHIM -> RAF and 800 t/yr RAF -> CHIM: corridors.csv said flow
    1,300 t/yr and peak 1,300 (what its size is chosen for) and the report 'carried both
    ways'. By hand, what crosses it is CHIM's demand, 300 t/yr RAF -> CHIM (nothing else is
    on CHIM's side). Now each corridor carries one way: 300 t/yr, peak 300; the objective
    (the brute force's, 4,236,945.07 EUR/yr) and the deliveries (1,600 t/yr) as before."""
    sites = pd.DataFrame({"site_id": ["ELY", "RAF", "ACI", "CHIM"],
                          "name": ["Électrolyseur Fos", "Raffinerie", "Aciérie", "Chimie"],
                          "lat": [43.43, 43.44, 43.45, 43.47], "lon": [4.9, 4.93, 4.905, 4.96]})
    flows = pd.DataFrame({"flow_id": ["ely_h2", "raf_h2", "aci_h2", "chim_h2"], "site_id": ["ELY", "RAF", "ACI", "CHIM"],
                          "direction": ["supply", "demand", "demand", "demand"], "resource": "hydrogen",
                          "amount": [2000.0, 800.0, 500.0, 300.0], "unit": "t/yr",
                          "price_eur_per_unit": [0.0, 3000.0, 3000.0, 3000.0], "purity": [0.9999, 0.999, 0.999, 0.999],
                          "pressure_bar": 30.0})
    junctions = pd.DataFrame({"junction_id": ["J1"], "name": ["Nœud 1"], "lat": [43.438], "lon": [4.91]})
    pairs = [("ELY", "J1"), ("ELY", "ACI"), ("ELY", "RAF"), ("ACI", "CHIM"), ("ACI", "RAF"), ("ACI", "J1"),
             ("CHIM", "RAF"), ("RAF", "J1")]
    empty = [""] * 7
    corridors = pd.DataFrame({"corridor_id": [f"c{i}" for i in range(len(pairs))], "resource": "hydrogen",
                              "from": [a for a, _ in pairs], "to": [b for _, b in pairs], "length_km": ["2", *empty],
                              "existing": ["yes", *empty], "capacity": ["1000", *empty], "unit": ["t/yr", *empty]})
    scen = eitflow.scenario_from_frames(sites, flows, corridors=corridors, junctions=junctions,
                                        max_distance_km={"hydrogen": 0.1}, discount_rate=0.05, lifetime_years=20,
                                        networks={"hydrogen": {}},
                                        solver={"name": "highs", "time_limit_s": 30, "mip_gap": 0.0})
    res = eitflow.optimise(scen)
    m = res.matches
    assert m.loc[m["source_site"] == "network:hydrogen", "amount"].sum() == 1600.0
    assert res.objective == pytest.approx(_brute_force_h2(scen), abs=0.01)   # 4,236,945.07 EUR/yr
    c = res.statistics.corridors()
    assert (c[["flow_forward", "flow_backward"]].min(axis=1) == 0.0).all()
    chim = c[(c["from"] == "CHIM") | (c["to"] == "CHIM")].iloc[0]
    assert (chim["flow"], chim["peak"]) == (pytest.approx(300.0), pytest.approx(300.0))


def _brute_force_h2(scen) -> float:
    """The best plan over every set of new corridors (2^7 here), each a DN50 (0.269 t/h x
    8,760 h x 0.7 = 1,649.5 t/yr carries the 1,600 t/yr of demand: a larger size only costs
    more): the most the supply can deliver along them (a maximum flow, networkx; the existing
    pipe 700 t/yr) x 3,000 EUR/t, less each corridor's 498 EUR/m x length x (annuity 0.0802426
    + O&M 0.02) and 100,000 EUR x 0.0802426 per connection used (the supply and each demand
    served). Every demand pays the same, so delivering the most is the best for a set."""
    net = build_candidates(scen).network
    ids = net.nodes["node_id"].tolist()
    crf = 0.05 / (1 - 1.05 ** -20)
    demand = {"RAF": 800.0, "ACI": 500.0, "CHIM": 300.0}
    cors = [(ids[r.a], ids[r.b], r.length_km, bool(r.existing)) for r in net.corridors.itertuples()]
    new = [i for i, x in enumerate(cors) if not x[3]]
    best = 0.0
    for k in range(len(new) + 1):
        for sub in itertools.combinations(new, k):
            g = nx.DiGraph()
            for i in [*sub, *(i for i, x in enumerate(cors) if x[3])]:
                u, v, _, ex = cors[i]
                g.add_edge(u, v, capacity=700.0 if ex else 0.269 * 8760 * 0.7)
                g.add_edge(v, u, capacity=700.0 if ex else 0.269 * 8760 * 0.7)
            for d, amt in demand.items():
                g.add_edge(d, "T", capacity=amt)
            if "ELY" not in g:
                continue
            f, fl = nx.maximum_flow(g, "ELY", "T")
            served = sum(1 for d in demand if fl.get(d, {}).get("T", 0.0) > 1e-9)
            cost = sum(498 * 1000 * cors[i][2] * (crf + 0.02) for i in sub)
            best = max(best, 3000 * f - (served + (f > 0)) * 100000 * crf - cost)
    return best


def test_a_ring_of_existing_hydrogen_pipes_does_not_carry_gas_round_it():
    """Existing pipes (5,000 t/yr rated each, 3,500 at load factor 0.7, free) join the
    electrolyser E, a junction J and the refinery R, the steelworks A and the chemical plant C
    in rings: E-J, J-R, R-E, J-A, A-R, A-C, C-R. Nothing costs per tonne carried, and HiGHS
    returned 800 t/yr going round R -> A -> J -> R and more round R -> C -> A: 6 pipes 'in
    use', 5,300 t/yr of arc flow (as in the Fos ring of 22 km said in use for 12), where R (800 t/yr), A (500) and C (300) are served
    with E -> R (1 pipe) and two pipes to each of A and C: 800 x 1 + 500 x 2 + 300 x 2 =
    2,400 t/yr, the least (each tonne crosses at least the pipes between E and its user).
    Now 2,400, each pipe one way; the deliveries (1,600 t/yr) and the objective (connections
    only: 3,000 x 1,600 - 4 x 100,000 x 0.0802426 = 4,767,902.97 EUR/yr) as before."""
    ring = [("E", "J"), ("J", "R"), ("R", "E"), ("J", "A"), ("A", "R"), ("A", "C"), ("C", "R")]
    sites = pd.DataFrame({"site_id": ["E", "R", "A", "C"], "lat": [43.43, 43.44, 43.45, 43.47],
                          "lon": [4.9, 4.93, 4.905, 4.96]})
    flows = pd.DataFrame({"site_id": ["E", "R", "A", "C"], "direction": ["supply", "demand", "demand", "demand"],
                          "resource": "hydrogen", "amount": [2000.0, 800.0, 500.0, 300.0], "unit": "t/yr",
                          "price_eur_per_unit": [0.0, 3000.0, 3000.0, 3000.0], "max_distance_km": 0.1})
    corridors = pd.DataFrame({"corridor_id": [f"c{i + 1}" for i in range(len(ring))], "resource": "hydrogen",
                              "from": [a for a, _ in ring], "to": [b for _, b in ring], "length_km": "",
                              "existing": "yes", "capacity": "5000", "unit": "t/yr"})
    junctions = pd.DataFrame({"junction_id": ["J"], "lat": [43.438], "lon": [4.91]})
    res = eitflow.optimise(eitflow.scenario_from_frames(sites, flows, corridors=corridors, junctions=junctions,
                                                        networks={"hydrogen": {}}, discount_rate=0.05,
                                                        lifetime_years=20))
    assert res.objective == pytest.approx(3000 * 1600 - 4 * 100000 * 0.05 / (1 - 1.05 ** -20), abs=0.01)
    c = res.statistics.corridors()
    assert (c[["flow_forward", "flow_backward"]].min(axis=1) == 0.0).all()
    assert c["flow"].sum() == pytest.approx(2400.0)


def test_a_generated_network_may_lay_a_new_pipe_beside_a_full_existing_one():
    """An existing hydrogen pipe from the electrolyser E to the refinery R (1,000 t/yr rated,
    700 t/yr at load factor 0.7) and `generate: delaunay`: the refinery wants 1,000 t/yr at
    3,000 EUR/t. The generator left out every pair corridors.csv names, the existing pipe's
    too, so no new pipe could join it: 700 t/yr delivered, 2,083,951 EUR/yr, and the refinery
    told 'no candidate corridor to it could add one'. A new pipe beside an existing one is
    meant (README), and a generated one is a candidate there as a given one is. By hand:
    E-R is 0.015 deg x 111.19508 km = 1.66793 km, x route factor 1.3 = 2.16830 km; a DN50
    (1,649.5 t/yr) at 498 EUR/m costs 1,079,815 EUR, x (0.0802426 + 0.02) = 108,243.49
    EUR/yr, and carries the other 300 t/yr: 3,000 x 1,000 - 2 x 100,000 x 0.0802426 -
    108,243.49 = 2,875,707.99 EUR/yr."""
    sites = pd.DataFrame({"site_id": ["E", "R"], "lat": [43.43, 43.445], "lon": [4.9, 4.9]})
    flows = pd.DataFrame({"site_id": ["E", "R"], "direction": ["supply", "demand"], "resource": "hydrogen",
                          "amount": [2000.0, 1000.0], "unit": "t/yr", "price_eur_per_unit": [0.0, 3000.0],
                          "max_distance_km": 0.1})
    corridors = pd.DataFrame({"corridor_id": ["c1"], "resource": ["hydrogen"], "from": ["E"], "to": ["R"],
                              "existing": ["yes"], "capacity": ["1000"], "unit": ["t/yr"]})
    res = eitflow.optimise(eitflow.scenario_from_frames(sites, flows, corridors=corridors,
                                                        networks={"hydrogen": {"generate": "delaunay"}},
                                                        discount_rate=0.05, lifetime_years=20))
    crf = 0.05 / (1 - 1.05 ** -20)
    length = 0.015 * 6371.0088 * math.pi / 180 * 1.3   # haversine along a meridian, x route factor
    assert res.objective == pytest.approx(3000 * 1000 - 2 * 100000 * crf - 498 * 1000 * length * (crf + 0.02), abs=0.05)
    c = res.statistics.corridors().set_index("corridor_id")
    assert c.at["c1", "flow"] == pytest.approx(700.0)
    new = c[c["generated"]]
    assert len(new) == 1 and new["flow"].iloc[0] == pytest.approx(300.0)
    assert new["length_km"].iloc[0] == pytest.approx(length, rel=1e-4)
