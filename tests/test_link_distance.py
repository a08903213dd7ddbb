"""A link's distance_km is checked against the straight line between its ends, as a
corridor's length_km was: metres written for km (1500 for 1.5 km) priced the link a thousand
times too long, and a distance shorter than the crow flies is no route; both were read
without a word. S (45.00 N, 4.00 E) and A (45.01 N, 4.00 E) are 0.01 degree of latitude apart:
6,371 km x 0.01 x pi / 180 = 1.112 km, so 1500 km is 1,349 times it (worked by hand)."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from conftest import HEAT_FLOWS_CSV, TWO_SITES_CSV
from eitflow.cli.main import main


def _validate(tmp_path, distance: str, lang: str = "en") -> str:
    (tmp_path / "sites.csv").write_text(TWO_SITES_CSV, encoding="utf-8")
    (tmp_path / "flows.csv").write_text(HEAT_FLOWS_CSV, encoding="utf-8")
    (tmp_path / "links.csv").write_text("source_site,sink_site,supply_resource,demand_resource,distance_km\n"
                                        f"S,A,heat,heat,{distance}\n", encoding="utf-8")
    (tmp_path / "scenario.yaml").write_text("name: t\nsites: sites.csv\nflows: flows.csv\nlinks: links.csv\n",
                                            encoding="utf-8")
    res = CliRunner().invoke(main, ["validate", str(tmp_path / "scenario.yaml"), "--lang", lang])
    assert res.exit_code == 0, res.output
    return res.output


def test_metres_written_for_km_are_said(tmp_path):
    out = _validate(tmp_path, "1500")
    assert ("warning: links.csv, row 2, column 'distance_km': distance_km 1500 is 1,349 times the straight line "
            "between its ends (1.11 km): metres written for km?") in out, out
    fr = _validate(tmp_path, "1500", "fr")
    assert "distance_km 1 500 vaut 1 349 fois la ligne droite entre ses extrémités (1,11 km)" in fr.replace("\u202f", " ")


def test_a_distance_shorter_than_the_straight_line_is_said(tmp_path):
    out = _validate(tmp_path, "0.5")
    assert ("warning: links.csv, row 2, column 'distance_km': distance_km 0.5 is shorter than the straight line "
            "between its ends (1.11 km): no route can be") in out, out


@pytest.mark.parametrize("distance", ["1.5", "", "12"])   # a winding route, the default, 11 times
def test_plausible_distances_are_not_said(tmp_path, distance):
    assert "distance_km" not in _validate(tmp_path, distance)
