"""A junction (or hub) that corridors.csv joins for a resource it is not on, and a junction's
resources cell holding a word that is no network resource: `eitflow validate --lang fr` listed the
resources as their ids, 'la jonction 'J1' ne sert qu'aux ressources heat, steam (...), pas à co2',
an English word list in a French error. The French now names each resource in French with the id
the cell takes beside it ('chaleur ('heat'), vapeur ('steam')'); the English is as it was.

Hand case: junction J1 is on heat and steam (junctions.csv row 2); corridors c1 E -> J1 and c2
J1 -> G carry co2 (corridors.csv rows 2 and 3); J2's cell says 'chaleur' (row 3), the French
word, which the column does not take; hub H handles hydrogen only and a co2 corridor ends at it."""

from __future__ import annotations

from conftest import validate_output

SITES = "site_id,name,lat,lon\nE,Cimenterie,48.0,2.0\nG,Serres,48.0,2.01\n"
FLOWS = ("flow_id,site_id,direction,resource,amount,unit,price_eur_per_unit\n"
         "e,E,supply,co2,1000,t/yr,0\ng,G,demand,co2,900,t/yr,60\n")
JUNCTIONS = "junction_id,lat,lon,resources\nJ1,48.0,2.005,heat;steam\nJ2,48.0,2.006,heat;chaleur\n"
CORRIDORS = "corridor_id,resource,from,to,length_km\nc1,co2,E,J1,0.5\nc2,co2,J1,G,0.5\nc3,co2,E,H,0.5\n"
HUBS = "hub_id,lat,lon,resources,capacity,unit\nH,48.0,2.007,hydrogen,100,t/yr\n"
YAML = ("name: junctions\nsites: sites.csv\nflows: flows.csv\ncorridors: corridors.csv\njunctions: junctions.csv\n"
        "hubs: hubs.csv\nnetworks:\n  co2: {sizing: discrete}\n")
FILES = {"sites.csv": SITES, "flows.csv": FLOWS, "junctions.csv": JUNCTIONS, "corridors.csv": CORRIDORS,
         "hubs.csv": HUBS, "scenario.yaml": YAML}


def test_a_junction_error_in_french_names_the_resources_in_french(tmp_path):
    out = validate_output(tmp_path, "fr", FILES)
    assert ("corridors.csv, ligne 2, colonne 'to' : la jonction 'J1' ne sert qu'aux ressources chaleur ('heat'), "
            "vapeur ('steam') selon junctions.csv, colonne 'resources', pas à CO2 ('co2') : ajoutez 'co2' à ses "
            "ressources ou reliez un autre lieu") in out, out
    assert "corridors.csv, ligne 3, colonne 'from' : la jonction 'J1' ne sert qu'aux ressources chaleur ('heat')" in out
    assert ("corridors.csv, ligne 4, colonne 'to' : le hub 'H' ne traite que hydrogène ('hydrogen') selon hubs.csv, "
            "colonne 'resources', pas CO2 ('co2') : ajoutez 'co2' à ses ressources") in out, out
    # what the cell may hold: the ids, each with its French name
    assert ("junctions.csv, ligne 3, colonne 'resources' : ressource de réseau inconnue 'chaleur' (vouliez-vous dire "
            "'heat' ?) ; attendu des ressources dotées de diamètres de conduite (CO2 ('co2'), chaleur ('heat'), "
            "hydrogène ('hydrogen'), vapeur ('steam'), eau ('water')) séparées par ';'") in out, out
    # no resource id said alone, as an English word, outside its quotes
    assert "heat, steam" not in out and "pas à co2" not in out, out


def test_a_junction_error_in_english_is_as_it_was(tmp_path):
    out = validate_output(tmp_path, "en", FILES)
    assert ("corridors.csv, row 2, column 'to': junction 'J1' is on the heat, steam network only (junctions.csv, "
            "column 'resources'), not on the co2 network: add co2 to its resources or join another place") in out, out
    assert ("corridors.csv, row 4, column 'to': hub 'H' handles hydrogen only (hubs.csv, column 'resources'), not "
            "co2: add co2 to its resources or join another place") in out, out
    assert ("junctions.csv, row 3, column 'resources': unknown network resource 'chaleur' (did you mean 'heat'?); "
            "expected resources with pipe sizes (co2, heat, hydrogen, steam, water) separated by ';'") in out, out
