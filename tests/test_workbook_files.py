"""A workbook's parameters sheet names the files scenario.yaml names beside its tables (the
zones' outlines, resource overrides), and refuses table paths, whose tables are its sheets.
Before, `zones` and every table key but sites/flows/links were dropped without a word (a park's
outline never reached the map) and `resources` was refused as if it were a table."""
from __future__ import annotations

import json

import pytest
from openpyxl import Workbook

from conftest import refused
from eitflow import read_scenario
from eitflow.errors import ScenarioError

SITES = [("site_id", "lat", "lon", "zone"), ("UVE", 50.28, 3.97, "ZAE Nord"), ("FOOD", 50.29, 3.98, "ZAE Nord")]
FLOWS = [("site_id", "direction", "resource", "amount", "unit", "temperature_c", "price_eur_per_unit"),
         ("UVE", "supply", "heat", 30, "GWh/yr", 130, 0), ("FOOD", "demand", "heat", 12000, "MWh/yr", 90, 45)]
# a square around both sites (lon, lat), the zone sites.csv names
OUTLINE = {"type": "FeatureCollection", "features": [{
    "type": "Feature", "properties": {"zone": "ZAE Nord"},
    "geometry": {"type": "Polygon", "coordinates": [[[3.96, 50.27], [3.99, 50.27], [3.99, 50.30], [3.96, 50.30],
                                                     [3.96, 50.27]]]}}]}


def _book(path, params):
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in (("sites", SITES), ("flows", FLOWS), ("parameters", [("key", "value"), ("name", "parc"),
                                                                           *params])):
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(list(r))
    wb.save(path)
    return path


def _outline(path, zone="ZAE Nord"):
    data = json.loads(json.dumps(OUTLINE))
    data["features"][0]["properties"]["zone"] = zone
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_the_zones_outline_a_workbook_names_reaches_the_run_directory_and_its_map(tmp_path):
    """The report's map reads inputs/zones.geojson of the run directory: the outline is there
    and read back with its zone's name (before: `scen.files` empty, no inputs/zones.geojson)."""
    import eitflow

    _outline(tmp_path / "contour.geojson")
    scen = read_scenario(_book(tmp_path / "parc.xlsx", [("zones", "contour.geojson")]))
    assert scen.files == {"zones": tmp_path / "contour.geojson"}
    res = eitflow.optimise(scen)
    eitflow.write_run(res, tmp_path / "run")
    assert (tmp_path / "run" / "inputs" / "zones.geojson").read_bytes() == (tmp_path / "contour.geojson").read_bytes()
    shapes = eitflow.read_run(tmp_path / "run").zone_shapes
    assert [z["name"] for z in shapes] == ["ZAE Nord"]


def test_a_workbook_outline_is_checked_as_a_yaml_one(tmp_path):
    """An outline naming no zone of the sites sheet, a missing file: refused, naming the file."""
    _outline(tmp_path / "contour.geojson", zone="ZAE Nrd")
    refused(_book(tmp_path / "a.xlsx", [("zones", "contour.geojson")]), "contour.geojson", "ZAE Nrd")
    # with its path, as a missing CSV file is said (it was 'absent.geojson: file not found' alone)
    refused(_book(tmp_path / "b.xlsx", [("zones", "absent.geojson")]), "absent.geojson",
            f"file not found: {tmp_path / 'absent.geojson'}")
    refused(_book(tmp_path / "c.xlsx", [("zones", 12)]), "c.xlsx:parameters, row 3", "key 'zones'",
            "expected a file path")


def test_resource_overrides_a_workbook_names_are_merged_over_the_catalogue(tmp_path):
    """heat's max_distance_km 0.5 in res.yaml: the two sites, 1.3 km apart, are no longer in
    range (before: refused, 'tables come from the workbook's sheets')."""
    import eitflow

    (tmp_path / "res.yaml").write_text("heat:\n  max_distance_km: 0.5\n", encoding="utf-8")
    plain = read_scenario(_book(tmp_path / "plain.xlsx", []))
    scen = read_scenario(_book(tmp_path / "parc.xlsx", [("resources", "res.yaml")]))
    assert scen.files == {"resources": tmp_path / "res.yaml"}
    assert (plain.catalogue["heat"].max_distance_km, scen.catalogue["heat"].max_distance_km) == (10.0, 0.5)
    assert len(eitflow.build_candidates(plain).links) == 1
    assert len(eitflow.build_candidates(scen).links) == 0
    (tmp_path / "bad.yaml").write_text("heat:\n  max_distnce_km: 5\n", encoding="utf-8")
    refused(_book(tmp_path / "bad.xlsx", [("resources", "bad.yaml")]), "bad.yaml", "did you mean 'max_distance_km'")


@pytest.mark.parametrize("key", ["links", "hubs", "corridors", "junctions", "plots", "activities", "activity_flows"])
def test_a_table_path_in_the_parameters_sheet_is_refused_not_dropped(tmp_path, key):
    """`corridors | corridors.csv` in the parameters sheet was silently dropped: the network a
    user meant to give never entered the model."""
    refused(_book(tmp_path / "t.xlsx", [(key, f"{key}.csv")]), "t.xlsx:parameters, row 3", f"key '{key}'",
            "sheets")


def test_a_workbook_file_outside_its_folder_is_refused_where_the_caller_confines_it(tmp_path):
    """A service reading the workbooks it is sent does not read other files of its machine
    (as scenario.yaml's paths); the command line reads any of its user's files."""
    (tmp_path / "d").mkdir()
    _outline(tmp_path / "contour.geojson")
    path = _book(tmp_path / "d" / "parc.xlsx", [("zones", "../contour.geojson")])
    with pytest.raises(ScenarioError, match="outside"):
        read_scenario(path)
    assert read_scenario(path, confine_to_scenario_dir=False).files["zones"].name == "contour.geojson"


def test_the_templates_notes_list_the_file_keys_a_workbook_reads_and_no_table_path(tmp_path):
    """The notes sheet of `init --excel` listed scenario.yaml's table paths ('sites: path of
    sites.csv (required)') as parameters: a workbook refuses every one of them."""
    from openpyxl import load_workbook

    from eitflow.io.template import write_template

    write_template(tmp_path / "t", excel=True, lang="fr")
    notes = {r[1]: r[4] for r in load_workbook(tmp_path / "t" / "scenario.xlsx")["notes"].iter_rows(values_only=True)
             if r[0] == "parameters"}
    assert {"zones", "resources", "carbon_price_eur_per_t"} <= set(notes)
    assert not set(notes) & {"sites", "flows", "links", "hubs", "corridors", "junctions", "plots", "activities",
                             "activity_flows"}
    assert "depuis le dossier du classeur" in notes["zones"] and "feuille sites" in notes["zones"]
