"""zones.geojson's checks are said in the scenario's language (lang: fr), as every other
input check; the English stays as it was."""

from __future__ import annotations

import json

import pytest

from conftest import write_scenario
from eitflow.errors import ScenarioError
from eitflow.io.read import read_scenario

RING = [[3.95, 50.27], [4.0, 50.27], [4.0, 50.31], [3.95, 50.31], [3.95, 50.27]]


def _problems(tmp_path, features) -> list:
    path = write_scenario(tmp_path / "s")
    (path.parent / "zones.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": features}),
                                               encoding="utf-8")
    path.write_text(path.read_text(encoding="utf-8") + "zones: zones.geojson\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as exc:
        read_scenario(path)
    return exc.value.problems


def _feature(zone, gtype="Polygon", coords=None):
    return {"type": "Feature", "properties": {} if zone is None else {"zone": zone},
            "geometry": {"type": gtype, "coordinates": [RING] if coords is None else coords}}


def test_zone_checks_in_french_and_english(tmp_path):
    probs = _problems(tmp_path, [_feature(None), _feature("A", "LineString", RING),
                                 _feature("B", coords=[[[3.9, 50.2], [4.0, 50.3]]]),
                                 _feature("C", coords=[[[3.9, 50.2], [4.0, 50.3], [200, 50.3], [3.9, 50.2]]]),
                                 _feature("D", "MultiPolygon", coords=[]), _feature("E", coords=[])])
    en = [str(p) for p in probs]
    assert en == [
        "zones.geojson, feature 1: property 'zone' (or 'name') is missing: it must name a zone of sites.csv",
        "zones.geojson, feature 2: geometry type 'LineString': expected Polygon or MultiPolygon",
        "zones.geojson, feature 3: geometry: a ring needs at least 4 positions (the first repeated at the end)",
        "zones.geojson, feature 4: geometry: position [200, 50.3] is not a WGS84 longitude/latitude",
        "zones.geojson, feature 5: geometry: empty coordinates",
        "zones.geojson, feature 6: geometry: a polygon needs at least one ring"]
    fr = [p.say("fr") for p in probs]
    assert fr == [
        "zones.geojson, entité 1 : propriété 'zone' (ou 'name') absente : elle doit nommer une zone de sites.csv",
        "zones.geojson, entité 2 : type de géométrie 'LineString' : attendu Polygon ou MultiPolygon",
        "zones.geojson, entité 3 : géométrie : un anneau doit avoir au moins 4 positions (la première répétée à "
        "la fin)",
        "zones.geojson, entité 4 : géométrie : la position [200, 50.3] n'est pas une longitude/latitude WGS84",
        "zones.geojson, entité 5 : géométrie : coordonnées vides",
        "zones.geojson, entité 6 : géométrie : un polygone doit avoir au moins un anneau"]


def test_an_unknown_zone_in_french(tmp_path):
    probs = _problems(tmp_path, [_feature("ZAE Nrod")])
    assert [str(p) for p in probs] == ["zones.geojson: zone 'ZAE Nrod' is not the zone of any site in sites.csv "
                                       "(did you mean 'ZAE Nord'?)"]
    assert [p.say("fr") for p in probs] == ["zones.geojson : la zone 'ZAE Nrod' n'est la zone d'aucun site de "
                                            "sites.csv (vouliez-vous dire 'ZAE Nord' ?)"]
