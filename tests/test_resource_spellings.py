"""A resource written as people name it ('chaleur', 'H2', 'Cendres-volantes') where the tables
take the catalogue's code ('heat', 'hydrogen', 'fly_ash'): the problem names file, row and
column, the code to write and the catalogue's resources. Before, flows.csv and links.csv said
only "unknown resource 'chaleur'" (no code, no list: 'chaleur' is too far from 'heat' for a
spelling match), and corridors.csv, junctions.csv, hubs.csv and `networks:` no code either.
The codes expected here are written by hand, from the catalogue's documentation."""
from __future__ import annotations

import pytest

from conftest import TWO_SITES_CSV, validate_output

CATALOGUE = ("cement_additive, co2, fertiliser, fgd_gypsum, fly_ash, gypsum, heat, hydrogen, slag, sludge, steam, "
             "sulphur, water, wood_waste")

# written as a French or English user would -> the code it stands for
SPELLINGS = [("chaleur", "heat"), ("Vapeur", "steam"), ("hydrogène", "hydrogen"), ("H2", "hydrogen"),
             ("Cendres-volantes", "fly_ash"), ("fly ash", "fly_ash"), ("laitier", "slag"), ("Déchets de bois", "wood_waste"),
             ("gypse de désulfuration", "fgd_gypsum"), ("EAU", "water")]


def _flows(rows: list[tuple[str, str]]) -> str:
    lines = ["site_id,direction,resource,amount,unit,temperature_c"]
    lines += [f"S,supply,{r},100,{'MWh/yr' if code in ('heat', 'steam') else 't/yr'},110" for r, code in rows]
    return "\n".join(lines) + "\nA,demand,heat,10,MWh/yr,60\n"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_resource_named_in_words_gets_its_code_and_the_list(tmp_path, lang):
    out = validate_output(tmp_path, lang, {"scenario.yaml": "name: t\nsites: sites.csv\nflows: flows.csv\n",
                                           "sites.csv": TWO_SITES_CSV, "flows.csv": _flows(SPELLINGS)})
    for k, (written, code) in enumerate(SPELLINGS):
        if lang == "en":
            want = (f"flows.csv, row {k + 2}, column 'resource': unknown resource '{written}' (did you mean "
                    f"'{code}'?); expected a resource of the catalogue ({CATALOGUE})")
        else:
            want = (f"flows.csv, ligne {k + 2}, colonne 'resource' : ressource inconnue : '{written}' (vouliez-vous "
                    f"dire '{code}' ?) ; attendu : une ressource du catalogue ({CATALOGUE})")
        # five problems per column are listed (the rest counted)
        assert want in out or k >= 5, (want, out)


def test_links_corridors_junctions_hubs_and_networks_say_the_code(tmp_path):
    files = {"sites.csv": TWO_SITES_CSV,
             "flows.csv": "site_id,direction,resource,amount,unit,temperature_c\nS,supply,heat,900,MWh/yr,110\n"
                          "A,demand,heat,100,MWh/yr,60\n",
             "links.csv": "source_site,sink_site,supply_resource,demand_resource\nS,A,chaleur,Chaleur\n",
             "hubs.csv": "hub_id,lat,lon,resources,capacity\nH,45.005,4.0,heat;vapeur,1000\n",
             "corridors.csv": "from,to,resource\nS,A,Vapeur\n",
             "junctions.csv": "junction_id,lat,lon,resources\nJ,45.002,4.0,Chaleur\n",
             "scenario.yaml": "name: t\nsites: sites.csv\nflows: flows.csv\nlinks: links.csv\nhubs: hubs.csv\n"
                              "corridors: corridors.csv\njunctions: junctions.csv\n"
                              "networks:\n  chaleur:\n    temperature_c: 90\n"}
    out = validate_output(tmp_path, "en", files)
    assert (f"links.csv, row 2, column 'supply_resource': unknown resource 'chaleur' (did you mean 'heat'?); "
            f"expected a resource of the catalogue ({CATALOGUE})") in out, out
    assert "links.csv, row 2, column 'demand_resource': unknown resource 'Chaleur' (did you mean 'heat'?)" in out
    assert "hubs.csv, row 2, column 'resources': expected resources from the catalogue separated by ';' (found " \
           "'heat;vapeur') (did you mean 'steam'?)" in out
    assert "corridors.csv, row 2, column 'resource': unknown resource 'Vapeur' (did you mean 'steam'?); " \
           "expected a resource with pipe sizes (co2, heat, hydrogen, steam, water)" in out
    assert "junctions.csv, row 2, column 'resources': unknown network resource 'Chaleur' (did you mean 'heat'?)" in out
    assert "networks: unknown resource 'chaleur' (did you mean 'heat'?)" in out


def test_a_code_close_to_another_still_gets_the_spelling_match(tmp_path):
    """The names do not replace the spelling match nor the letter-case one."""
    out = validate_output(tmp_path, "en", {"scenario.yaml": "name: t\nsites: sites.csv\nflows: flows.csv\n",
                                           "sites.csv": TWO_SITES_CSV,
                                           "flows.csv": _flows([("hydrogn", "hydrogen"), ("Heat", "heat")])})
    assert "row 2, column 'resource': unknown resource 'hydrogn' (did you mean 'hydrogen'?)" in out
    assert "row 3, column 'resource': unknown resource 'Heat': it differs from 'heat' only by letter case" in out
