"""The map layers a GIS user opens (the run's GeoJSON files and the GeoPackage made of them) in
the words the CSVs and the report use: each exchange's and each corridor's ends by their names,
and unmatched.geojson's reason in French beside the English, as unmatched.csv has it.

Before: synergies.geojson and corridors.geojson named their ends by code only (UVE_LUDRES,
network:heat), and unmatched.geojson gave its `detail` in English alone where unmatched.csv has
`detail_fr`: a French analyst labelling the map in QGIS read codes and English."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import eitflow
from eitflow.results.rundir import write_run

LUDRES = Path(__file__).resolve().parents[1] / "scenarios" / "ludres_backbone"


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    res = eitflow.run_file(LUDRES / "scenario.yaml")
    return write_run(res, tmp_path_factory.mktemp("geo") / "run")


def _props(path: Path) -> list[dict]:
    return [f["properties"] for f in json.loads(path.read_text(encoding="utf-8"))["features"]]


def test_exchange_and_corridor_lines_carry_their_ends_names(run):
    """The names are sites.csv's `name` (read here from the file), and the heat network's end
    is 'Réseau de chaleur' (the scenario writes French, `lang: fr`)."""
    names = dict(pd.read_csv(LUDRES / "sites.csv")[["site_id", "name"]].itertuples(index=False))
    names["network:heat"] = "Réseau de chaleur"
    for p in _props(run / "synergies.geojson"):
        assert p["source_name"] == names[p["source_site"]] and p["sink_name"] == names[p["sink_site"]]
    cor = _props(run / "corridors.geojson")
    assert cor
    for p in cor:
        for end in ("from", "to"):
            assert p[f"{end}_name"] == names.get(p[end], p[end])   # a junction without a name keeps its code
    assert any(p["from_name"] == "UVE Val'ERgie (Métropole du Grand Nancy)" for p in cor)


def test_unmatched_layer_says_its_reason_in_french_as_the_csv(run):
    csv = pd.read_csv(run / "unmatched.csv").set_index("flow_id")
    layer = _props(run / "unmatched.geojson")
    assert layer
    for p in layer:
        # a detail that only repeats its reason is empty in both languages (words13), else the CSV's
        assert (p["detail"], p["detail_fr"]) in {("", ""), (csv.at[p["flow_id"], "detail"], csv.at[p["flow_id"], "detail_fr"])}


def test_the_geopackage_has_the_same_fields(run):
    pyogrio = pytest.importorskip("pyogrio", reason="the optional geo extra (pyogrio) is not installed")
    from eitflow.report.geopackage import write_geopackage

    gpkg = write_geopackage(run)
    fields = {layer: set(pyogrio.read_info(gpkg, layer=layer)["fields"]) for layer in ("exchanges", "unmatched")}
    assert {"source_name", "sink_name"} <= fields["exchanges"]
    assert "detail_fr" in fields["unmatched"]


def test_the_candidates_layer_says_its_reason_in_french_as_unmatched_does(run):
    """candidates.geojson (and the GeoPackage's 'candidates' layer) gave its `detail` in English
    only, where the unmatched layer has `detail_fr`: a French analyst labelling the links left
    unbuilt read English. Each reason's French, written here by hand (messages.csv's sentences
    for the reasons ludres_backbone's 12 links have: 6 supply_taken, 6 demand_met)."""
    french = {"supply_taken": "l'offre est entièrement utilisée par les échanges retenus",
              "demand_met": "la demande est entièrement couverte par les échanges retenus"}
    english = {"supply_taken": "the supply is used in full by the chosen exchanges",
               "demand_met": "the demand is served in full by the chosen exchanges"}
    layer = _props(run / "candidates.geojson")
    assert sorted(p["reason"] for p in layer) == ["demand_met"] * 6 + ["supply_taken"] * 6
    for p in layer:
        assert p["detail_fr"] == french[p["reason"]] and p["detail"] == english[p["reason"]], p
    csv = pd.read_csv(run / "not_chosen.csv")
    assert sorted(csv["detail_fr"]) == sorted(french[r] for r in csv["reason"])
    pyogrio = pytest.importorskip("pyogrio", reason="the optional geo extra (pyogrio) is not installed")
    from eitflow.report.geopackage import write_geopackage

    gpkg = write_geopackage(run, run.parent / "candidates_test.gpkg")
    assert "detail_fr" in pyogrio.read_info(gpkg, layer="candidates")["fields"]
    import sqlite3  # a GeoPackage is an SQLite database, a table per layer

    with sqlite3.connect(gpkg) as db:
        got = db.execute("SELECT reason, detail_fr FROM candidates").fetchall()
    assert len(got) == 12 and all(fr == french[r] for r, fr in got), got
