"""The GeoPackage's `zones` layer carries each zone's totals, those of zones.csv (one place for
each figure: both read `results.rundir.read_zones`), one feature per zone.

Before: the layer was the scenario's zones.geojson copied as it stands, its `zone` and `note`
only, one feature per outline: a QGIS user colouring the zones by net benefit had no figure to
colour by, and a zone drawn in two outlines would have counted twice had the totals been joined
per feature.

Hand computation (carbon price 0, so the CO2 of the trucks costs nothing; links.csv gives each
link's costs): Zone A: fly ash 1,000 t/yr, (20 + 10 - 5) EUR/t x 1,000 - 100 EUR/yr = 24,900
EUR/yr, no investment. Zone B: 2,000 t/yr, (30 + 5 - 2) x 2,000 - 300 - 20,000 x 0.05 / (1 -
1.05^-20) = 66,000 - 300 - 1,604.85 = 64,095.15 EUR/yr, investment 20,000 EUR. Each link lies
inside its zone, so under any allocation rule it counts there in full."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pandas as pd
import pytest

import eitflow
from eitflow.results.rundir import write_run
from eitflow.results.zones import ZONE_COLUMNS

SITES = """site_id,name,lat,lon,zone
SA,Centrale A,49.000,6.000,Zone A
DA,Cimenterie A,49.001,6.001,Zone A
SB,Centrale B,49.100,6.100,Zone B
DB,Cimenterie B,49.101,6.101,Zone B
"""
FLOWS = """flow_id,site_id,direction,resource,amount,unit,price_eur_per_unit,co2_factor_t_per_unit
sa,SA,supply,fly_ash,1000,t/yr,10,
da,DA,demand,fly_ash,1000,t/yr,20,0
sb,SB,supply,fly_ash,2000,t/yr,5,
db,DB,demand,fly_ash,2000,t/yr,30,0
"""
LINKS = """source_site,sink_site,supply_resource,var_cost_eur_per_unit,fixed_cost_eur_per_yr,investment_eur
SA,DA,fly_ash,5,100,0
SB,DB,fly_ash,2,300,20000
"""
SCENARIO = """name: zones
lang: fr
sites: sites.csv
flows: flows.csv
links: links.csv
zones: zones.geojson
objective: net_benefit
carbon_price_eur_per_t: 0
discount_rate: 0.05
lifetime_years: 20
"""


def _square(x: float, y: float, d: float) -> list:
    return [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]]


def _feature(zone: str, kind: str, coordinates: list) -> dict:
    return {"type": "Feature", "properties": {"zone": zone}, "geometry": {"type": kind, "coordinates": coordinates}}


# Zone B drawn in two outlines (a Polygon and a MultiPolygon): one feature of the layer
ZONES = json.dumps({"type": "FeatureCollection", "features": [
    _feature("Zone A", "Polygon", _square(5.99, 48.99, 0.02)), _feature("Zone B", "Polygon", _square(6.09, 49.09, 0.02)),
    _feature("Zone B", "MultiPolygon", [_square(6.2, 49.2, 0.01)])]})


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    d = tmp_path_factory.mktemp("gpkgzones")
    for name, text in (("sites.csv", SITES), ("flows.csv", FLOWS), ("links.csv", LINKS),
                       ("scenario.yaml", SCENARIO), ("zones.geojson", ZONES)):
        (d / name).write_text(text, encoding="utf-8")
    return write_run(eitflow.run_file(d / "scenario.yaml"), d / "run")


def test_the_zones_layer_has_each_zone_s_totals_as_zones_csv(run: Path):
    pytest.importorskip("pyogrio", reason="the optional geo extra (pyogrio) is not installed")
    from eitflow.report.geopackage import write_geopackage

    gpkg = write_geopackage(run)
    with sqlite3.connect(gpkg) as db:
        cols = [r[1] for r in db.execute("PRAGMA table_info(zones)")]
        rows = db.execute("SELECT zone, net_benefit_eur_per_yr, investment_eur, n_sites, links_inside, allocation "
                          "FROM zones ORDER BY zone").fetchall()
    assert set(ZONE_COLUMNS) <= set(cols)
    annuity = 20000 * 0.05 / (1 - 1.05 ** -20)     # 1,604.85 EUR/yr
    assert [r[0] for r in rows] == ["Zone A", "Zone B"]      # one feature per zone, its two outlines in one
    assert rows[0][1] == pytest.approx(24900.0, abs=1e-3) and rows[0][2] == 0.0
    assert rows[1][1] == pytest.approx(66000 - 300 - annuity, abs=1e-3) and rows[1][2] == pytest.approx(20000.0)
    assert [r[3:] for r in rows] == [(2, 1, "company"), (2, 1, "company")]
    # the same figures as zones.csv, and the zones add up to the run's total
    csv = pd.read_csv(run / "zones.csv").set_index("zone")
    for z, nb, inv, *_ in rows:
        assert nb == pytest.approx(csv.at[z, "net_benefit_eur_per_yr"], rel=1e-12)
        assert inv == pytest.approx(csv.at[z, "investment_eur"], rel=1e-12)
    assert sum(r[1] for r in rows) == pytest.approx(24900 + 66000 - 300 - annuity, abs=1e-3)
