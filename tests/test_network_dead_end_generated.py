"""validate's 'corridor leads only to places where nothing enters or leaves' on a network that
generates its corridors: a junction that corridors.csv names once is no dead end there, the
generated corridors join it to the network's sites.

An existing main from an incinerator to a junction J1 (corridors.csv, its only row), and
`generate: delaunay` over the heat sites and the junction: the optimum sends the incinerator's
heat along the main to J1 and on by generated corridors to the users. validate warned that
the main 'can carry nothing: check its ends (a site_id mistyped?)', and --strict refused the
scenario; a corridor to a site with no heat flow (not among the generated network's places)
is still a dead end.
"""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

import eitflow
from eitflow.cli.main import main

DEAD = "leads only to places where nothing enters or leaves the heat network"


def _files(tmp_path: Path, extra_corridor: str = "", generate: str = "delaunay") -> Path:
    (tmp_path / "sites.csv").write_text(
        "site_id,name,lat,lon\nINC,Incinerator,48.000,2.000\nH1,Hospital,48.001,2.010\nL1,School,47.998,2.012\n"
        "OFF,Office without heat,48.003,1.996\n")
    (tmp_path / "flows.csv").write_text(
        "flow_id,site_id,direction,resource,amount,unit,temperature_c,price_eur_per_unit\n"
        "inc,INC,supply,heat,40000,MWh/yr,110,0\nh1,H1,demand,heat,9000,MWh/yr,70,60\n"
        "l1,L1,demand,heat,3000,MWh/yr,70,60\n")
    (tmp_path / "junctions.csv").write_text("junction_id,name,lat,lon,resources\nJ1,Crossroads,48.000,2.006,heat\n")
    (tmp_path / "corridors.csv").write_text(
        "corridor_id,resource,from,to,existing,size,length_km\nmain,heat,INC,J1,true,DN150,0.6\n" + extra_corridor)
    (tmp_path / "scenario.yaml").write_text(
        "name: generated\nsites: sites.csv\nflows: flows.csv\ncorridors: corridors.csv\njunctions: junctions.csv\n"
        f"max_distance_km: {{heat: 0.01}}\nnetworks: {{heat: {{temperature_c: 90, generate: {generate}}}}}\n")
    return tmp_path / "scenario.yaml"


def test_an_existing_main_to_a_junction_of_a_generated_network_is_no_dead_end(tmp_path):
    path = _files(tmp_path)
    r = CliRunner().invoke(main, ["validate", str(path), "--strict"])
    assert DEAD not in r.output, r.output
    assert r.exit_code == 0, r.output
    # and the main does carry the incinerator's heat in the optimum
    scen = eitflow.read_scenario(path)
    res = eitflow.optimise(scen)
    cor = res.statistics.corridors().set_index("corridor_id")
    assert cor.at["main", "flow"] > 0


def test_a_corridor_to_a_site_without_heat_is_still_a_dead_end(tmp_path):
    """OFF has no heat flow: the generated network does not take it, so a corridor to it leads
    nowhere, generated network or not."""
    r = CliRunner().invoke(main, ["validate", str(_files(tmp_path, "spur,heat,INC,OFF,,,0.6\n"))])
    lines = [x for x in r.output.splitlines() if DEAD in x]
    assert len(lines) == 1 and "'spur' (INC - OFF)" in lines[0], r.output


def test_without_generation_the_junction_is_a_dead_end(tmp_path):
    """generate: none: J1 is named by the main alone, nothing enters or leaves there: warned."""
    r = CliRunner().invoke(main, ["validate", str(_files(tmp_path, generate="none"))])
    assert any(DEAD in x and "'main' (INC - J1)" in x for x in r.output.splitlines()), r.output
