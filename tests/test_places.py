"""The names of départements and régions (`eitflow.places`, data/cog_2024.csv: INSEE's Code
officiel géographique 2024). Checked three ways: names known by heart (Meurthe-et-Moselle is 54,
the Grand Est 44), the INSEE communes file of ../shared (every département and région code it
uses has a name, and each commune's région is its département's), and the names the basemap
ships (Etalab's decoupage-administratif, another copy of the COG, read from the GeoJSON)."""

from __future__ import annotations

import gzip
import json
from importlib import resources
from pathlib import Path

import pandas as pd
import pytest

from eitflow.places import area, areas, territory_name

COMMUNES_REAL = Path(__file__).parents[2] / "shared" / "data" / "insee" / "communes_2024.csv"


def _level(level: str) -> dict[str, str]:
    return {a.code: a.name for a in areas().values() if a.level == level}


def test_the_table_holds_101_departements_and_18_regions():
    deps, regs = _level("departement"), _level("region")
    assert len(deps) == 101 and len(regs) == 18
    # metropolitan 01-95 without 20 (2A, 2B instead), and the five overseas départements
    metro = {f"{i:02d}" for i in range(1, 96) if i != 20} | {"2A", "2B"}
    assert set(deps) == metro | {"971", "972", "973", "974", "976"}
    assert set(regs) == {"01", "02", "03", "04", "06", "11", "24", "27", "28", "32", "44", "52", "53", "75", "76",
                         "84", "93", "94"}
    assert {a.region for a in areas().values() if a.level == "departement"} == set(regs)


@pytest.mark.parametrize("level, code, name", [
    ("departement", "54", "Meurthe-et-Moselle"), ("departement", "57", "Moselle"), ("departement", "2A", "Corse-du-Sud"),
    ("departement", "2B", "Haute-Corse"), ("departement", "22", "Côtes-d'Armor"), ("departement", "90",
                                                                                   "Territoire de Belfort"),
    ("departement", "974", "La Réunion"), ("departement", "976", "Mayotte"), ("region", "44", "Grand Est"),
    ("region", "11", "Île-de-France"), ("region", "93", "Provence-Alpes-Côte d'Azur"),
    ("region", "24", "Centre-Val de Loire"),
])
def test_names_known_by_heart(level, code, name):
    assert area(level, code).name == name


def test_a_territory_is_named_by_its_names_and_codes():
    assert territory_name(["54"]) == "Meurthe-et-Moselle (54)"
    assert territory_name(["54", "2a"], ["44"]) == "Meurthe-et-Moselle (54), Corse-du-Sud (2A), Grand Est (44)"
    # département 44 is the Loire-Atlantique, région 44 the Grand Est
    assert territory_name(["44"]) == "Loire-Atlantique (44)" and territory_name(regions=["44"]) == "Grand Est (44)"
    # a code of a newer communes file than the table: its level and code
    assert territory_name(["977"], ["07"]) == "département 977, région 07"


@pytest.mark.skipif(not COMMUNES_REAL.exists(),
                    reason=f"{COMMUNES_REAL} absent (../shared/data/insee): the table is not checked against it")
def test_every_code_of_the_insee_communes_file_has_a_name():
    com = pd.read_csv(COMMUNES_REAL, dtype=str, usecols=["insee_com", "insee_dep", "insee_reg"])
    deps, regs = _level("departement"), _level("region")
    assert sorted(set(com["insee_dep"]) - set(deps)) == []
    assert sorted(set(com["insee_reg"]) - set(regs)) == []
    # and each commune lies in the région of its département
    region_of = {a.code: a.region for a in areas().values() if a.level == "departement"}
    wrong = com[com["insee_dep"].map(region_of) != com["insee_reg"]]
    assert wrong.empty, wrong.head()
    # the file uses them all: none is a typo that no commune has
    assert set(com["insee_dep"]) == set(deps) and set(com["insee_reg"]) == set(regs)


def test_the_basemap_names_them_alike():
    with resources.files("eitflow").joinpath("data/basemap.json.gz").open("rb") as fh:
        bm = json.loads(gzip.decompress(fh.read()))
    assert {d["code"]: (d["name"], d["region"]) for d in bm["departements"]} == \
        {a.code: (a.name, a.region) for a in areas().values() if a.level == "departement"}
    assert {r["code"]: r["name"] for r in bm["regions"]} == _level("region")
