"""`eitflow resilience` names what a closure costs as people read it, by the sites' names
(sites.csv `name`, hubs.csv `name`), in the run's language, one list separator between the
items of a cell (`list_sep`: "; ", " ; " in French).

Before, in French: the stranded links by their codes ('UVE_LUDRES:uve_heat -> network:heat
(chaleur, réseau)'), then, once they had names, joined by an English "; "; the partners by their
codes ("FLEVILLE, HEILLECOURT, ..."); the shortfall as "FLEVILLE:fleville_heat chaleur 4 158 sur
4 158 MWh/an"; a stranded hub by its code ("HRS_REDON"). The library called without `lang`
keeps the codes, as `k_best` does, with the same separator in every list.

The Ludres backbone's plan (its matches below): the incinerator UVE_LUDRES feeds Heillecourt by
its own pipe and the heat network; the steelworks SAM_NM feeds Pont-Saint-Vincent by a pipe and
the network; the network delivers to the industrial zone ZAE_LF and the towns NEUVES, LUDRES,
FLEVILLE, HOUDEMONT and MESSEIN. The incinerator's partners are those at the other end of its
two exchanges and of the network's other chosen exchanges: HEILLECOURT and the seven network
parties, PSV not (the steelworks' pipe to it is not the incinerator's nor the network's).
Closed, the steelworks' heat (16,330 MWh/yr, 3,646 of it to Pont-Saint-Vincent) reaches
Neuves-Maisons alone over trunk_1 (the other corridors, and the other parties' connections, are
idle, tests/test_network_words.py):
Heillecourt and the five network parties other than Neuves-Maisons lose all their heat, each
its need in flows.csv (FLEVILLE 4,158; HEILLECOURT 10,462; HOUDEMONT 3,851; LUDRES 11,130;
MESSEIN 3,486; ZAE_LF 15,000 MWh/yr). Names from sites.csv; alphabetical order without regard
to accents."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import eitflow
from eitflow.analyses.resilience import _said_shared, resilience

ROOT = Path(__file__).resolve().parents[1]
LUDRES = ROOT / "scenarios" / "ludres_backbone"
UVE = "UVE Val'ERgie (Métropole du Grand Nancy)"
PARTNERS = ["Fléville-devant-Nancy (centre)", "Heillecourt (centre)", "Houdemont (centre)", "Ludres (centre)",
            "Messein (centre)", "Neuves-Maisons (centre)", "SAM Neuves-Maisons (aciérie)",
            "Zone industrielle Ludres-Fléville (entreprises raccordables)"]
# (name, need in MWh/yr as French and English write it), in alphabetical order
SHORT = [("Fléville-devant-Nancy (centre)", "4\u202f158", "4,158"), ("Heillecourt (centre)", "10\u202f462", "10,462"),
         ("Houdemont (centre)", "3\u202f851", "3,851"), ("Ludres (centre)", "11\u202f130", "11,130"),
         ("Messein (centre)", "3\u202f486", "3,486"),
         ("Zone industrielle Ludres-Fléville (entreprises raccordables)", "15\u202f000", "15,000")]


@pytest.fixture(scope="module")
def ludres():
    scen = eitflow.read_scenario(LUDRES / "scenario.yaml")
    m = eitflow.optimise(scen).matches
    pairs = sorted(zip(m["source_site"], m["sink_site"]))
    assert pairs == sorted([("UVE_LUDRES", "HEILLECOURT"), ("UVE_LUDRES", "network:heat"), ("SAM_NM", "PSV"),
                            ("SAM_NM", "network:heat")] + [("network:heat", t) for t in
                                                          ("ZAE_LF", "NEUVES", "LUDRES", "FLEVILLE", "HOUDEMONT",
                                                           "MESSEIN")])   # the plan worked out above
    names = pd.read_csv(LUDRES / "sites.csv").set_index("site_id")["name"]
    assert names["UVE_LUDRES"] == UVE and names["FLEVILLE"] == PARTNERS[0]   # the names written above
    return scen, {lang: resilience(scen, lang=lang).set_index("site_id") for lang in ("fr", "en")}


@pytest.mark.slow
def test_resilience_names_the_stranded_links_in_french(ludres):
    """The incinerator's two exchanges, by name, in the plan's order (its pipe, then its
    connection), then the other connections its closure leaves idle (the five network parties
    other than Neuves-Maisons get no heat, above: their deliveries carry nothing), with the
    French list separator between them. Before, the idle deliveries were left out of the list
    and of the stranded investment."""
    _, r = ludres
    idle = ["Fléville-devant-Nancy (centre)", "Houdemont (centre)", "Ludres (centre)", "Messein (centre)",
            "Zone industrielle Ludres-Fléville (entreprises raccordables)"]   # in the plan's order
    assert r["fr"].at["UVE_LUDRES", "stranded_links"] == " ; ".join(
        [f"{UVE} → Heillecourt (centre) : chaleur, canalisation", f"{UVE} → Réseau de chaleur : chaleur, réseau",
         *(f"Réseau de chaleur → {n} : chaleur, réseau" for n in idle)])
    assert r["en"].at["UVE_LUDRES", "stranded_links"] == "; ".join(
        [f"{UVE} → Heillecourt (centre): heat, pipe", f"{UVE} → Heat network: heat, network",
         *(f"Heat network → {n}: heat, network" for n in idle)])


def test_resilience_names_the_partners(ludres):
    _, r = ludres
    assert r["fr"].at["UVE_LUDRES", "partners"] == " ; ".join(PARTNERS)
    assert r["en"].at["UVE_LUDRES", "partners"] == "; ".join(PARTNERS)
    assert r["fr"].at["HEILLECOURT", "partners"] == UVE   # its one exchange, the incinerator's pipe


def test_resilience_says_who_is_short_by_name(ludres):
    """Each site by its name, what it lacks of what it had: each of these towns has one flow of
    heat, so no flow id is said."""
    _, r = ludres
    assert r["fr"].at["UVE_LUDRES", "shortfall"] == " ; ".join(
        f"{n} : chaleur {v} sur {v} MWh/an" for n, v, _ in SHORT)
    assert r["en"].at["UVE_LUDRES", "shortfall"] == "; ".join(f"{n}: heat {v} of {v} MWh/yr" for n, _, v in SHORT)


@pytest.mark.slow
def test_resilience_without_a_language_keeps_the_codes(ludres):
    """The library's callers compare codes; the partners, too, with the one list separator."""
    scen, _ = ludres
    r = resilience(scen).set_index("site_id")
    assert r.at["UVE_LUDRES", "partners"] == "FLEVILLE; HEILLECOURT; HOUDEMONT; LUDRES; MESSEIN; NEUVES; SAM_NM; ZAE_LF"
    assert r.at["UVE_LUDRES", "shortfall"].split("; ")[0] == "FLEVILLE:fleville_heat heat 4,158 of 4,158 MWh/yr"
    assert "UVE_LUDRES:uve_heat -> network:heat (heat, network)" in r.at["UVE_LUDRES", "stranded_links"].split("; ")


def test_resilience_names_a_stranded_hub():
    """redon_h2: the electrolyser closed, the shared hydrogen station (hubs.csv HRS_REDON) has
    nothing to hand out; French says it by its hubs.csv name."""
    scen = eitflow.read_scenario(ROOT / "scenarios" / "redon_h2" / "scenario.yaml")
    hub = pd.read_csv(ROOT / "scenarios" / "redon_h2" / "hubs.csv").set_index("hub_id").at["HRS_REDON", "name"]
    assert hub == "Station hydrogène partagée de Redon (candidate ; nom fictif)"
    r = resilience(scen, lang="fr").set_index("site_id")
    assert r.at["ELEC_H2", "stranded_shared"] == hub


def test_the_stranded_shared_cell_uses_the_list_separator():
    """A network's corridors (", " between them: a list inside the list) and a hub, said in
    French: " ; " between the network and the hub, as between any items (was "; ")."""
    said = _said_shared(["heat:trunk_4", "heat:trunk_5", "HUB1"], "fr", {"HUB1": "Station de Redon"})
    assert said == "réseau de chaleur : trunk_4, trunk_5 ; Station de Redon"
    assert _said_shared(["heat:trunk_4", "HUB1"], None) == "heat:trunk_4; HUB1"


def test_a_site_with_two_flows_of_one_resource_is_told_apart_by_flow_id():
    """Firm A has two heat demands (space heat at 70 degC, process heat at 90 degC), Firm B one;
    an incinerator 1 km away can feed all three (20,000 MWh/yr for 9,000 wanted, heat sold at
    60 EUR/MWh). Closed, each loses its whole need: Firm A twice, each with its flow id in
    brackets (two "Firm A: heat" would not say which), Firm B by its name alone."""
    sites = pd.DataFrame({"site_id": ["UVE", "A", "B"], "name": ["Incinerator", "Firm A", "Firm B"],
                          "lat": [45.70, 45.709, 45.709], "lon": [4.80, 4.80, 4.801], "zone": "Z"})
    flows = pd.DataFrame({"flow_id": ["uve", "a_space", "a_process", "b_heat"], "site_id": ["UVE", "A", "A", "B"],
                          "direction": ["supply", "demand", "demand", "demand"], "resource": "heat",
                          "amount": [20000, 3000, 2000, 4000], "unit": "MWh/yr", "temperature_c": [120, 70, 90, 70],
                          "price_eur_per_unit": [0, 60, 60, 60]})
    scen = eitflow.scenario_from_frames(sites, flows, carbon_price_eur_per_t=0, solver={"mip_gap": 0.0})
    m = eitflow.optimise(scen).matches
    got = dict(zip(m["demand_flow_id"], m["demand_amount"]))
    assert got == pytest.approx({"a_process": 2000, "a_space": 3000, "b_heat": 4000})   # each fed in full
    fr = resilience(scen, lang="fr").set_index("site_id")
    assert fr.at["UVE", "shortfall"] == (
        "Firm A [a_process] : chaleur 2\u202f000 sur 2\u202f000 MWh/an ; Firm A [a_space] : chaleur 3\u202f000 sur "
        "3\u202f000 MWh/an ; Firm B : chaleur 4\u202f000 sur 4\u202f000 MWh/an")
    assert fr.at["UVE", "partners"] == "Firm A ; Firm B"
    assert fr.at["B", "partners"] == "Incinerator" and fr.at["B", "outlets_lost"].startswith("Incinerator : chaleur ")
    assert fr.at["B", "shortfall"] == ""   # the incinerator sells less: it lacks nothing


def test_the_stranded_shared_header_says_it_lists_built_units_too():
    """`stranded_shared` lists corridors, hubs and, last, the supply units the plan built that a
    closure leaves idle ("Chaufferie B (unité construite)", `stranded.idle_supplies`); its header
    said "tronçons et hubs" ("corridors and hubs") alone."""
    from eitflow.i18n import column_label

    fr, en = column_label("stranded_shared", "fr"), column_label("stranded_shared", "en")
    assert fr.startswith("tronçons, hubs et unités de production construites sans usage")
    assert en.startswith("stranded corridors, hubs and built supply units")
