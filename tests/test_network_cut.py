"""A flow a network of existing pipes holds back further away than its own connection: a cut
of full existing pipes between a town and the supplies that have heat left (issue #15). The
scenario of test_network_why (a data centre 30,000 MWh/yr through a heat pump, a factory
8,000 at 95 degC, a town 20,000 and a hospital 6,000 at 55 degC, around junction J1, load
factor 0.5). Which pipes, and what they carry, are worked out by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

import eitflow
from eitflow.results.network import corridors_built
from test_network_why import _both_say, _hp, _rank0

HEAD = "corridor_id,resource,from,to,direction,existing,capacity,size,fixed_cost_eur_per_yr"
# the data centre's and the factory's existing pipes to J1, each rated 1 MW: 1 MW x 8,760 h x
# 0.5 = 4,380 MWh/yr, 8,760 into J1 in all, the supplies' only way to the town and hospital
UPSTREAM = ["c1,heat,DC,J1,,true,1,DN100,", "c4,heat,IND,J1,,true,1,DN100,", "c2,heat,J1,TOWN,,,,,",
            "c3,heat,J1,HOSP,,true,,DN200,"]
NB = "\u202f"   # French thousands separator


def _run(tmp_path: Path, corridors: list[str], junctions: tuple[str, ...] = ()):
    p = _hp(tmp_path)
    (tmp_path / "corridors.csv").write_text("\n".join([HEAD, *corridors]) + "\n")
    if junctions:
        (tmp_path / "junctions.csv").write_text("\n".join(["junction_id,name,lat,lon,resources",
                                                           "J1,Crossroads,48.6040,6.1180,heat", *junctions]) + "\n")
    scen = eitflow.read_scenario(p)
    res = eitflow.optimise(scen)
    flow = corridors_built(scen, res.candidates, res.solution).set_index("corridor_id")["flow"]
    got = res.matches.groupby("sink_site")["amount"].sum()
    return scen, res, flow, got, res.unmatched.set_index("flow_id")


def test_a_town_held_back_by_full_existing_pipes_upstream_of_its_own_corridor(tmp_path):
    """c1 and c4 carry their 4,380 MWh/yr each; the town's own corridor c2 is a candidate
    (built, a size larger than what reaches it) and the hospital's c3 an existing DN200, so
    the limit is upstream. At most 8,760 MWh/yr reach J1 for 26,000 of demand, while the
    supplies hold 38,000: the data centre keeps heat left (30,000 less what it injects, at
    most 4,380). unmatched.csv said of the town and of the hospital (whose existing pipe
    stays idle) '1 viable partner ... no further exchange raises the objective (fixed costs
    not covered by the volume left, or a better use elsewhere)', and explain of the hospital
    'would bring 567,297 EUR/yr ... before the corridors to it, which cost more': its
    corridor costs nothing, and no more heat can reach either. Now capacity_used, naming c1
    and c4 (1 MW rated, 4,380 MWh/yr each)."""
    scen, res, flow, got, um = _run(tmp_path, UPSTREAM)
    assert flow["c1"] == pytest.approx(4380.0, rel=1e-6) and flow["c4"] == pytest.approx(4380.0, rel=1e-6)
    assert got.get("TOWN", 0.0) + got.get("HOSP", 0.0) < 8760.0
    assert um.at["town_heat", "remaining"] > 20000.0 - 8760.0
    assert um.at["dc_heat", "remaining"] >= 30000.0 - 4380.0
    pipes = "c1: 1 MW rated, 4,380 MWh/yr at load factor 0.5, c4: 1 MW rated, 4,380 MWh/yr at load factor 0.5"
    town = (f"the heat network's existing pipes between Town (TOWN) and the supplies that have some left carry their "
            f"whole capacity ({pipes}), and no candidate corridor could go round them")
    assert (um.at["town_heat", "reason"], str(um.at["town_heat", "detail"])) == ("capacity_used", town)
    row = _rank0(scen, res, "town_heat")
    assert (row["rule"], row["detail"]) == ("capacity_used", town)
    hosp_fr = ("les canalisations existantes du réseau de chaleur entre Hospital (HOSP) et les offres qui ont encore "
               f"de quoi fournir transportent toute leur capacité (c1 : 1 MW nominal, 4{NB}380 MWh/an au facteur de "
               f"charge 0,5, c4 : 1 MW nominal, 4{NB}380 MWh/an au facteur de charge 0,5), et aucun tronçon candidat "
               "ne pourrait les contourner")
    assert um.at["hosp_heat", "reason"] == "capacity_used"
    assert um.at["hosp_heat", "detail"].say("fr") == hosp_fr
    row = _rank0(scen, res, "hosp_heat", "fr")
    assert (row["rule"], row["detail"]) == ("capacity_used", hosp_fr)


def test_a_town_fed_by_a_full_pipe_and_one_that_is_not(tmp_path):
    """Every pipe existing. The town has two: c2 from J1 (1 MW: 4,380 MWh/yr) and c6 from J2
    (DN200, 11.4 MW); J2's only feed is c7 from J1, rated 0.5 MW: 0.5 x 8,760 x 0.5 = 2,190
    MWh/yr, all c6 can bring. The town gets at most 4,380 + 2,190 = 6,570 of its 20,000
    MWh/yr; the hospital's 6,000 come by c3 (DN200) and the factory gives its 8,000, so the data
    centre keeps heat left. unmatched.csv said '1 viable partner ... no further exchange raises
    the objective (fixed costs not covered ...)' of the town (c6, into it, is not full) and of
    the data centre (its own pipe c1, DN200, is not full). Now capacity_used for both, naming
    c2 and c7: the cut between the data centre (and the factory) and the town."""
    scen, res, flow, got, um = _run(
        tmp_path, ["c1,heat,DC,J1,,true,,DN200,", "c4,heat,IND,J1,,true,,DN200,", "c3,heat,J1,HOSP,,true,,DN200,",
                   "c2,heat,J1,TOWN,,true,1,DN100,", "c7,heat,J1,J2,,true,0.5,DN80,", "c6,heat,J2,TOWN,,true,,DN200,"],
        junctions=("J2,Town east,48.6080,6.1220,heat",))
    assert flow["c2"] == pytest.approx(4380.0, rel=1e-6) and flow["c7"] == pytest.approx(2190.0, rel=1e-6)
    assert 0 < flow["c6"] <= 2190.0
    assert 6000.0 < got["TOWN"] < 6570.0 and got["HOSP"] == pytest.approx(6000.0)
    assert um.at["dc_heat", "remaining"] > 0
    pipes = "c2: 1 MW rated, 4,380 MWh/yr at load factor 0.5, c7: 0.5 MW rated, 2,190 MWh/yr at load factor 0.5"
    town = (f"the heat network's existing pipes between Town (TOWN) and the supplies that have some left carry their "
            f"whole capacity ({pipes}), and no candidate corridor could go round them")
    dc = (f"the heat network's existing pipes between Data centre (DC) and the demands still short carry their whole "
          f"capacity ({pipes}), and no candidate corridor could go round them")
    _both_say(scen, res, {"town_heat": town, "dc_heat": dc})
    assert um.at["dc_heat", "detail"].say("fr") == (
        "les canalisations existantes du réseau de chaleur entre Data centre (DC) et les demandes encore à couvrir "
        f"transportent toute leur capacité (c2 : 1 MW nominal, 4{NB}380 MWh/an au facteur de charge 0,5, c7 : 0,5 MW "
        f"nominal, 2{NB}190 MWh/an au facteur de charge 0,5), et aucun tronçon candidat ne pourrait les contourner")


def test_full_existing_pipes_a_candidate_could_go_round_are_not_the_reason(tmp_path):
    """The first scenario and a candidate corridor c8 beside c1 (data centre -> J1, its own
    fixed cost 10,000,000 EUR/yr, left unbuilt): c1 and c4 are full as before, but c8 could
    carry the data centre's heat round them, so the town is held back by c8's cost, not by
    the pipes: its reason stays not_selected, and the factory's (its own pipe c4 full, no
    candidate out of it) capacity_used."""
    scen, res, flow, got, um = _run(tmp_path, [*UPSTREAM, "c8,heat,DC,J1,,,,,10000000"])
    assert "c8" not in flow.index
    assert flow["c1"] == pytest.approx(4380.0, rel=1e-6) and flow["c4"] == pytest.approx(4380.0, rel=1e-6)
    assert {f: um.at[f, "reason"] for f in ("town_heat", "hosp_heat", "dc_heat")} == dict.fromkeys(
        ("town_heat", "hosp_heat", "dc_heat"), "not_selected")
    assert um.at["ind_heat", "reason"] == "capacity_used"
    assert str(um.at["ind_heat", "detail"]).startswith("the heat network's existing pipes out of Factory (IND)")
