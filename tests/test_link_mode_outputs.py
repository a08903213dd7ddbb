"""The transport mode in every output: matches.csv, not_chosen.csv, results.xlsx, the GeoJSON
layers and the report's two tables of links. Before, it was dropped everywhere, so on
zae_example CHIMIE_JM -> BUS_H2 (f22 -> f11, 13.5 km) showed up both chosen (1,785,607 EUR/yr)
and "not chosen" (worth 1,235,844 alone, supply taken) with nothing to tell them apart: the
truck link and the parallel pipe link. A run directory written before the column reads back
and is reported and compared as it was; a hub's leg (no mode of its own) says its resource's
transport."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

import eitflow
from eitflow import optimise, read_scenario
from eitflow.analyses.compare import compare_runs
from eitflow.bench.instances import GOOD_RESOURCE
from eitflow.report.html import render_html
from eitflow.report.workbook import read_results_workbook, write_results_workbook
from eitflow.results.rundir import read_run, write_run

EXAMPLE = Path(__file__).resolve().parents[1] / "scenarios" / "zae_example" / "scenario.yaml"
PAIR = ("CHIMIE_JM", "BUS_H2")


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    res = optimise(read_scenario(EXAMPLE))
    return res, write_run(res, tmp_path_factory.mktemp("modes") / "run")


def _pair(df: pd.DataFrame) -> pd.DataFrame:
    return df[(df["source_site"] == PAIR[0]) & (df["sink_site"] == PAIR[1])]


def test_the_chosen_truck_and_the_pipe_left_are_told_apart(run):
    res, out = run
    m, nc = pd.read_csv(out / "matches.csv"), pd.read_csv(out / "not_chosen.csv")
    chosen, left = _pair(m), _pair(nc)
    assert list(chosen["mode"]) == ["truck"] and list(left["mode"]) == ["pipe"]
    assert chosen["net_benefit_eur_per_yr"].iloc[0] == pytest.approx(1_785_607, abs=1)
    assert left["value_alone_eur_per_yr"].iloc[0] == pytest.approx(1_235_844, abs=1)
    assert left["reason"].iloc[0] == "supply_taken"
    # every link has its mode: the candidate's, as `Statistics.links()` says it
    assert set(m["mode"]) <= {"truck", "pipe"} and set(nc["mode"]) <= {"truck", "pipe"}
    assert list(m["mode"]) == list(res.statistics.links()["mode"])
    # the map layers carry it (the GeoPackage is built from them)
    for layer, want in (("synergies", "truck"), ("candidates", "pipe")):
        feats = json.loads((out / f"{layer}.geojson").read_text(encoding="utf-8"))["features"]
        got = [f["properties"]["mode"] for f in feats
               if (f["properties"]["source_site"], f["properties"]["sink_site"]) == PAIR]
        assert got == [want], layer


def test_report_and_workbook_say_the_mode_in_their_language(run, tmp_path):
    res, out = run
    data = read_run(out)
    for lang, truck, pipe, head in (("en", "truck", "pipe", "Resource, transport"),
                                    ("fr", "camion", "canalisation", "Ressource, transport")):
        html = render_html(data, lang)
        for tid, word in (("matches-table", truck), ("notchosen-table", pipe)):
            table = re.search(rf'<table id="{tid}".*?</table>', html, re.S).group(0)
            assert f">{head}<" in table.split("</thead>")[0]
            rows = [tr for tr in table.split("<tr>")
                    if f'data-code="{PAIR[0]}"' in tr and f'data-code="{PAIR[1]}"' in tr]
            assert len(rows) == 1 and f'<small class="mode">{word}</small>' in rows[0], (lang, tid)
    book = read_results_workbook(write_results_workbook(res, tmp_path / "r.xlsx", "fr"))
    assert list(_pair(book["matches"])["mode"]) == ["camion"]
    assert list(_pair(book["not_chosen"])["mode"]) == ["canalisation"]


def test_a_run_written_before_the_mode_reads_reports_and_compares(run, tmp_path):
    _, out = run
    old = tmp_path / "old"
    shutil.copytree(out, old)
    for name in ("matches.csv", "not_chosen.csv", "price_bands.csv"):
        pd.read_csv(old / name, dtype=str, keep_default_na=False).drop(columns="mode").to_csv(old / name, index=False)
    data = read_run(old)
    assert "mode" not in data.matches and len(data.matches) == len(read_run(out).matches)
    html = render_html(data, "en")
    assert 'class="mode"' not in html and html.count('id="matches-table"') == 1
    assert "Resource, transport" not in html and ">Resource<" in html
    for a, b in ((old, out), (out, old)):
        table, text = compare_runs(a, b)
        assert set(table["change"]) == {"unchanged"} and "links added: 0, removed: 0" in text


def test_a_hubs_leg_says_its_resources_transport(tmp_path):
    sites = pd.DataFrame({"site_id": ["A", "B"], "lat": [45.0, 45.05], "lon": [4.0, 4.05]})
    flows = pd.DataFrame({"site_id": ["A", "B"], "direction": ["supply", "demand"], "resource": "good",
                          "amount": [100.0, 60.0], "unit": "t/yr", "price_eur_per_unit": [5.0, 60.0]})
    links = pd.DataFrame({"source_site": ["A", "H"], "sink_site": ["H", "B"], "supply_resource": "good",
                          "distance_km": 0.0, "var_cost_eur_per_unit": [1.0, 1.0], "fixed_cost_eur_per_yr": 0.0})
    hubs = pd.DataFrame({"hub_id": ["H"], "name": ["Plateforme"], "lat": [45.02], "lon": [4.02], "resources": ["good"],
                         "capacity": [200.0], "investment_eur": [0.0], "fixed_cost_eur_per_yr": [10.0],
                         "var_cost_eur_per_unit": [1.0]})
    res = optimise(eitflow.scenario_from_frames(sites, flows, links, GOOD_RESOURCE, hubs=hubs, discount_rate=0.0,
                                                lifetime_years=1.0, solver={"mip_gap": 0.0}))
    m = res.statistics.links()
    assert set(m["kind"]) == {"to_hub", "from_hub"}
    assert list(m["mode"]) == [res.scenario.catalogue["good"].transport.mode] * 2 == ["truck", "truck"]
    assert list(pd.read_csv(write_run(res, tmp_path / "run") / "matches.csv")["mode"]) == ["truck", "truck"]
