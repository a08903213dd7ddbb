"""Why a shared network cannot serve a flow (`candidates.netwhy`) names the network's resource
as people read it, `i18n.Named` (messages.csv's ``res_<id>``: 'CO2'), in English as in French:
unmatched.csv and explain said "the corridors through Steelworks (E2) connect no co2 demand",
and `eitflow validate` / `run` warned "none of its 2 places has a co2 supply", the resource's
key where the sentence names the gas."""

from __future__ import annotations

import pandas as pd
import pytest

import eitflow
from eitflow.candidates.generate import build_candidates
from eitflow.candidates.netwhy import idle_networks
from eitflow.results.rundir import read_run, write_run

KM = 1 / 111.195   # degrees of latitude per km (haversine's Earth)


def _collector(corridor: tuple[str, str] = ("E2", "E3"), km: str = "1.3", direction: str = ""):
    """Two emitters E2 (10,000 t/yr) and E3 (3,000 t/yr) 1 km apart and a storage terminal T
    3 km north of E2 (50,000 t/yr); one CO2 corridor `corridor`; radii of 0.1 km rule out
    trucks. With E2-E3, the corridor joins the two emitters and no demand: nothing can be
    carried, the objective is 0 EUR/yr (`test_network_nonheat`)."""
    sites = pd.DataFrame({"site_id": ["E2", "E3", "T", "T2"], "name": ["Steelworks", "Lime kiln", "Terminal", "Quay"],
                          "lat": [51.03, 51.03 + KM, 51.03 + 3 * KM, 51.03 + 4 * KM], "lon": [2.3, 2.3, 2.3, 2.3]})
    flows = pd.DataFrame({"flow_id": ["e2", "e3", "t", "t2"], "site_id": ["E2", "E3", "T", "T2"],
                          "direction": ["supply", "supply", "demand", "demand"], "resource": "co2",
                          "amount": [10000.0, 3000.0, 50000.0, 1000.0], "unit": "t/yr",
                          "price_eur_per_unit": [60.0, 60.0, 0.0, 0.0], "max_distance_km": 0.1})
    cor = pd.DataFrame({"corridor_id": ["k1"], "resource": ["co2"], "from": [corridor[0]], "to": [corridor[1]],
                        "length_km": [km], "direction": [direction]})
    return eitflow.scenario_from_frames(sites, flows, corridors=cor, networks={"co2": {}})


@pytest.fixture(scope="module")
def run():
    res = eitflow.optimise(_collector())
    assert res.objective == 0.0   # nothing can reach the terminal: nothing built
    return res


EN = ("the CO2 network does not reach a demand within its corridors: the corridors through Steelworks (E2) "
      "connect no CO2 demand")
FR = ("le réseau de CO2 n'atteint aucune demande par ses tronçons : ceux qui passent par Steelworks (E2) ne "
      "raccordent aucune demande en CO2")


def test_unmatched_names_the_gas_the_backbone_does_not_reach(run, tmp_path):
    """unmatched.csv (English `detail`, French `detail_fr`) of emitter e2: its network's
    corridors join only the two emitters (`net_backbone_no_demand`)."""
    um = run.unmatched.set_index("flow_id")
    assert um.at["e2", "reason"] == "network_unreachable"
    assert str(um.at["e2", "detail"]) == EN
    assert um.at["e2", "detail"].say("fr") == FR
    csv = read_run(write_run(run, tmp_path / "run")).unmatched.set_index("flow_id")
    assert csv.at["e2", "detail"] == EN and "co2 demand" not in csv.at["e2", "detail"]
    assert csv.at["e2", "detail_fr"] == FR


@pytest.mark.parametrize("lang, said", [("en", EN), ("fr", FR)])
def test_explain_names_the_gas_the_backbone_does_not_reach(run, lang, said):
    from eitflow.analyses.explain import explain

    ex = explain(run.scenario, run, flow_id="e3", lang=lang)
    details = [str(d) for d in ex["detail"]]
    # E3's sentence is E2's with its own site
    want = said.replace("Steelworks (E2)", "Lime kiln (E3)")
    assert want in details, details
    assert not any("co2 demand" in d for d in details)


@pytest.mark.parametrize("lang, said", [
    ("en", "the CO2 network can carry nothing: none of its 2 places has a CO2 supply"),
    ("fr", "le réseau de CO2 ne peut rien transporter : aucun de ses 2 lieux n'a d'offre en CO2"),
])
def test_an_idle_network_names_the_gas_it_lacks(lang, said):
    """The corridor joins the terminal T and the quay T2, two demands: the network's 2 places
    have no supply (`net_idle_no_supply`, `eitflow validate`'s and `run`'s warning)."""
    scen = _collector(("T", "T2"))
    idle = idle_networks(scen, build_candidates(scen))
    assert idle["co2"].say(lang) == said


@pytest.mark.parametrize("lang, said", [
    ("en", "the CO2 network does not reach a demand within its corridors: the corridors through Steelworks (E2) "
           "join a CO2 demand only against the way of one-way corridors (direction forward, from -> to)"),
    ("fr", "le réseau de CO2 n'atteint aucune demande par ses tronçons : ceux qui passent par Steelworks (E2) ne "
           "joignent une demande en CO2 qu'à contre-sens de tronçons à sens unique (direction forward, de from vers "
           "to)"),
])
def test_a_one_way_corridor_against_the_emitter_names_the_gas(lang, said):
    """The only corridor runs one way from the terminal T to the emitter E2 (3 km as the crow
    flies, 3.5 km given): E2's CO2 cannot flow to T (`net_oneway_no_demand`); nothing is built."""
    res = eitflow.optimise(_collector(("T", "E2"), km="3.5", direction="forward"))
    assert res.objective == 0.0
    um = res.unmatched.set_index("flow_id")
    assert um.at["e2", "reason"] == "network_unreachable"
    assert um.at["e2", "detail"].say(lang) == said
