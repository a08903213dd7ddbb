"""The report's map without a browser: basemap, frames and insets, labels, zone outlines."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from conftest import write_scenario
from eitflow.errors import ScenarioError
from eitflow.io.read import read_scenario
from eitflow.report.basemap import load_basemap
from eitflow.report.labels import overlaps, place_labels


def test_basemap_has_every_departement_with_its_official_name():
    bm = load_basemap()
    codes = {d.code for d in bm.departements}
    assert len(codes) == 101 and {"2A", "2B", "971", "972", "973", "974", "976"} <= codes
    names = {d.code: d.name for d in bm.departements}
    assert names["77"] == "Seine-et-Marne" and names["68"] == "Haut-Rhin"  # Natural Earth's typos corrected
    assert len(bm.regions) == 18 and {r.name for r in bm.regions} >= {"Hauts-de-France", "Grand Est", "Corse"}
    # point in polygon: Maubeuge is in the Nord, Dunkerque too, Lyon in the Rhône, Saint-Denis in La Réunion
    lon = np.array([3.97, 2.37, 4.84, 55.45])
    lat = np.array([50.28, 51.03, 45.76, -20.88])
    assert bm.departement_at(lon, lat) == ["Nord", "Nord", "Rhône", "La Réunion"]


@pytest.mark.parametrize("n", [15, 5000])
def test_labels_never_overlap(n):
    rng = np.random.default_rng(n)
    xy = np.c_[rng.uniform(0, 960, n), rng.uniform(0, 700, n)]
    texts = [f"Site industriel numéro {k}" for k in range(n)]
    # a crowded map: labels may cover idle sites' dots but never an active site (the first 60 here)
    markers = None if n <= 60 else np.arange(60)
    labels = place_labels(xy, 3.0, texts, list(range(n)), (0, 0, 960, 700), limit=40 if n > 60 else None,
                          markers=markers)
    assert overlaps(labels) == 0
    assert len(labels) >= (12 if n == 15 else 30)
    for lb in labels:
        x0, y0, x1, y1 = lb.box
        assert 0 <= x0 and x1 <= 960 and 0 <= y0 and y1 <= 700


ZONES = {"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"zone": "ZAE Nord"},
     "geometry": {"type": "Polygon", "coordinates": [[[3.95, 50.27], [4.0, 50.27], [4.0, 50.31], [3.95, 50.31],
                                                      [3.95, 50.27]]]}}]}


def test_zone_outlines_are_read_and_checked(tmp_path):
    path = write_scenario(tmp_path / "ok")
    (path.parent / "zones.geojson").write_text(json.dumps(ZONES), encoding="utf-8")
    text = path.read_text(encoding="utf-8") + "zones: zones.geojson\n"
    path.write_text(text, encoding="utf-8")
    scen = read_scenario(path)
    assert scen.files["zones"].name == "zones.geojson"
    bad = json.loads(json.dumps(ZONES))
    bad["features"][0]["properties"]["zone"] = "ZAE Nrod"
    bad["features"].append({"type": "Feature", "properties": {"zone": "ZAE Sud"},
                            "geometry": {"type": "LineString", "coordinates": [[3.9, 50.2], [4.0, 50.3]]}})
    (path.parent / "zones.geojson").write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(ScenarioError) as exc:
        read_scenario(path)
    assert "zones.geojson, feature 2: geometry type 'LineString': expected Polygon or MultiPolygon" in str(exc.value)
    bad["features"].pop()
    (path.parent / "zones.geojson").write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(ScenarioError) as exc:
        read_scenario(path)
    assert "zone 'ZAE Nrod' is not the zone of any site in sites.csv (did you mean 'ZAE Nord'?)" in str(exc.value)


def test_national_frame_puts_overseas_sites_in_insets():
    from eitflow.report.map import map_layout
    from eitflow.results.rundir import RunData

    sites = pd.DataFrame({"site_id": ["P", "L", "M", "R"], "name": ["Paris", "Lyon", "Marseille", "Saint-Denis"],
                          "lat": [48.86, 45.76, 43.30, -20.88], "lon": [2.35, 4.84, 5.37, 55.45],
                          "kind": "site", "sector": "", "zone": ""})
    empty = pd.DataFrame(columns=["source_site", "sink_site", "supply_resource", "demand_resource", "amount",
                                  "net_benefit_eur_per_yr"])
    data = RunData(run_dir=None, summary={}, matches=empty, unmatched=pd.DataFrame(columns=["site_id", "resource"]),
                   companies=pd.DataFrame(), price_bands=pd.DataFrame(), zones=pd.DataFrame(),
                   zone_flows=pd.DataFrame(), sites=sites)
    lay = map_layout(data, "fr")
    assert [f.name for f in lay.frames] == ["", "La Réunion"]
    main = lay.frames[0]
    # the mainland fills the main frame: its three cities span most of its height
    ys = [s["y"] for s in lay.sites if s["frame"] == 0]
    assert (max(ys) - min(ys)) > 0.6 * main.h
    assert lay.base[0].france and lay.base[1].france  # départements drawn in both frames


def test_the_briefs_map_names_every_site_of_its_tables(tmp_path):
    """The bundled example's brief (560 px map): five of its 14 sites with an exchange had no
    name, among them the steelworks ACIER_RQ (twice in the brief's top 5) and the greenhouses
    SERRES_EL (in its top 5): the business park's cluster, 10 sites in 160 x 40 px, with the
    labels placed 32 px at most from their markers. Every site the two tables name is named on
    the map now: by its name, or by a number beside its marker that the key under the map names.

    The tables' sites are taken here from matches.csv (top 5 by net benefit and by CO2
    avoided), not from the brief's code."""
    import html as htmlmod
    import re

    from eitflow import run_file
    from eitflow.report.brief import render_brief
    from eitflow.results.rundir import read_run, write_run

    run = tmp_path / "run"
    write_run(run_file("scenarios/zae_example/scenario.yaml"), run)
    m = pd.read_csv(run / "matches.csv")
    tops = set()
    for col in ("net_benefit_eur_per_yr", "co2_avoided_t_per_yr"):
        top = m.sort_values(col, ascending=False).head(5)
        tops |= set(top["source_site"]) | set(top["sink_site"])
    assert {"ACIER_RQ", "SERRES_EL"} <= tops
    names = pd.read_csv("scenarios/zae_example/sites.csv").set_index("site_id")["name"]
    page = render_brief(read_run(run), "fr")
    svg = page.split('id="brief-map"')[1].split("</svg>")[0]
    labels = svg.split('<g class="site-labels">')[1].split("</g>")[0]
    said = {sid: htmlmod.unescape(text) for sid, text in re.findall(r'data-site="([^"]+)">([^<]*)</text>', labels)}
    key = re.search(r'id="brief-map-key">([^<]*)<', page)
    key_text = htmlmod.unescape(key.group(1)) if key else ""
    written = sum(not t.isdigit() for t in said.values())   # a number's name is in the key, not on the map
    if written < len(names):   # the brief says how many are named, as the report's map (it did not)
        assert f"Noms affichés pour {written} sites sur {len(names)}" in key_text, key_text
    for sid in sorted(tops):
        name = names[sid].replace(" (nom fictif)", "")
        assert sid in said, (sid, "unnamed on the brief's map", said)
        if said[sid].isdigit():   # numbered: the key says which site
            assert f"{said[sid]} {name}" in key_text, (sid, said[sid], key_text)
        else:   # its name, cut only where the map is crowded (MAX_LABEL, 32 characters: the brief's map gives
            # up the lines of its key to keep the page as laid out, and the bus depot's name is cut then)
            assert said[sid] == name or (said[sid].endswith("…") and len(said[sid]) >= 32
                                         and name.startswith(said[sid][:-1])), (sid, said[sid], name)


def test_a_site_of_the_tables_is_numbered_only_where_its_name_has_no_room():
    """The brief's map names at most 14 sites (`label_limit`), and its tables may list up to 20:
    a site of the tables past the limit was numbered ("1" and the key) on an empty map where its
    name had all the room it needs. Three markers 150 px apart in a 400 x 300 px frame, names of
    five letters (about 40 px at 11 px), one name allowed: all three sites are the tables', so
    the three are named, none numbered."""
    xy = np.array([[50.0, 50.0], [200.0, 150.0], [350.0, 250.0]])
    texts = ["Alpha", "Bravo", "Gamma"]
    labels = place_labels(xy, 5.5, texts, [0, 1, 2], (0, 0, 400, 300), limit=1, must=3)
    assert sorted((lb.site, lb.text, lb.key) for lb in labels) == [(0, "Alpha", None), (1, "Bravo", None),
                                                                   (2, "Gamma", None)]
    assert overlaps(labels) == 0
    # the others of the order stay within the limit: a fourth site, not the tables', is not named
    xy4 = np.vstack([xy, [[200.0, 50.0]]])
    labels = place_labels(xy4, 5.5, texts + ["Delta"], [0, 1, 2, 3], (0, 0, 400, 300), limit=1, must=3)
    assert sorted(lb.site for lb in labels) == [0, 1, 2] and not any(lb.key for lb in labels)
