"""Candidate hubs and junctions have their coordinates checked as sites' and plots' are:
lat and lon swapped (a hub 7,000 km off in the Indian Ocean, each of its legs then too long to
pay) is an error, a hub far from the whole territory a warning. Before, both were read without
a word. And a straight line of a thousand km or more is said in full ('1,260 km'), not
'1.26e+03 km'. Distances worked out by hand: 16 degrees of longitude at 45 N are
6,371 x cos 45 deg x 16 x pi / 180 = 1,258 km (great circle 1,257 km)."""
from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
from click.testing import CliRunner

from eitflow.cli.main import main
from eitflow.errors import Collector
from eitflow.io.plausible import warn_lengths

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"


def _validate(path: Path) -> tuple[int, str]:
    res = CliRunner().invoke(main, ["validate", str(path), "--lang", "en"])
    return res.exit_code, res.output


def _redon_with_hub_at(tmp_path: Path, where) -> tuple[int, str]:
    """Validate the bundled Redon scenario with its hub's (lat, lon) set by `where(hubs)`."""
    d = tmp_path / "redon"
    shutil.copytree(SCENARIOS / "redon_h2", d)
    hubs = pd.read_csv(d / "hubs.csv", dtype=str, keep_default_na=False)
    hubs[["lat", "lon"]] = where(hubs)
    hubs.to_csv(d / "hubs.csv", index=False)
    return _validate(d / "scenario.yaml")


def test_a_hub_with_lat_and_lon_swapped_is_refused(tmp_path):
    code, out = _redon_with_hub_at(tmp_path, lambda hubs: hubs[["lon", "lat"]].to_numpy())
    assert code == 2 and "hubs.csv, row 2, column 'lat': hub 'HRS_REDON' at lat -2.0757, lon 47.6684 lies" in out \
        and "with lat and lon swapped it lies among them: lat and lon look swapped" in out, out


def test_a_hub_far_from_the_territory_is_said(tmp_path):
    code, out = _redon_with_hub_at(tmp_path, lambda hubs: [["43.30", "5.40"]])   # Marseille, for Redon's station
    assert code == 0 and "warning: hubs.csv, row 2, column 'lat': hub 'HRS_REDON' lies" in out \
        and "from the centre of the territory's sites" in out, out


def test_a_junction_with_lat_and_lon_swapped_is_refused(tmp_path):
    d = tmp_path / "ludres"
    shutil.copytree(SCENARIOS / "ludres_backbone", d)
    (d / "junctions.csv").write_text("junction_id,lat,lon\nJ1,6.15,48.62\n", encoding="utf-8")
    with open(d / "scenario.yaml", "a", encoding="utf-8") as f:
        f.write("junctions: junctions.csv\n")
    code, out = _validate(d / "scenario.yaml")
    assert code == 2 and "junctions.csv, row 2, column 'lat': junction 'J1' at lat 6.15, lon 48.62 lies" in out \
        and "lat and lon look swapped" in out, out


def test_a_straight_line_of_a_thousand_km_is_said_in_full():
    places = pd.DataFrame({"site_id": ["S", "B"], "lat": [45.0, 45.0], "lon": [4.0, 20.0]})
    warn = Collector()
    warn_lengths(pd.Series(["S"]), pd.Series(["B"]), np.array([0.5]), [places], "links.csv", "distance_km", warn,
                 ("link_length_short", "link_length_metres", None))
    said = [str(p) for p in warn.problems]
    assert said == ["links.csv, row 2, column 'distance_km': distance_km 0.5 is shorter than the straight line "
                    "between its ends (1,260 km): no route can be; check the distance or the ends' coordinates"], said
    assert "1 260 km" in warn.problems[0].say("fr").replace("\u202f", " ")


def test_a_hub_in_lambert93_metres_is_said_so(tmp_path):
    # Redon's station in Lambert-93 (x 321600, y 6738500, a GIS export) gave 'expected a
    # latitude <= 90 (found 6738500)' only, where the same cells in sites.csv are named Lambert-93
    code, out = _redon_with_hub_at(tmp_path, lambda hubs: [["6738500", "321600"]])
    assert code == 2 and "hubs.csv, row 2, column 'lat': lat 6738500, lon 321600 are metres in Lambert-93" in out, out
    assert "expected a latitude" not in out, out


def test_a_junction_in_lambert93_metres_is_said_so(tmp_path):
    d = tmp_path / "ludres"
    shutil.copytree(SCENARIOS / "ludres_backbone", d)
    (d / "junctions.csv").write_text("junction_id,lat,lon\nJ1,6841002,934958\n", encoding="utf-8")   # Ludres
    with open(d / "scenario.yaml", "a", encoding="utf-8") as f:
        f.write("junctions: junctions.csv\n")
    code, out = _validate(d / "scenario.yaml")
    assert code == 2 and "junctions.csv, row 2, column 'lat': lat 6841002, lon 934958 are metres in Lambert-93" in out, \
        out
    assert "expected a latitude" not in out, out
