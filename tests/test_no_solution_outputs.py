"""What a run without a solution says of the outputs asked for and not written."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from conftest import SCENARIO_YAML, write_scenario
from eitflow.cli.main import main

# a required heat demand no supply can serve (the only supply is gypsum): infeasible
INFEASIBLE_FLOWS = ("site_id,direction,resource,amount,unit,temperature_c,price_eur_per_unit,required\n"
                    "FOOD,demand,heat,12000,MWh/yr,90,45,true\n"
                    "POWER,supply,fgd_gypsum,20,kt/yr,,15,\n")


def test_run_with_gpkg_and_no_solution_says_there_is_no_geopackage(tmp_path):
    """`eitflow run SCENARIO --gpkg` on an infeasible scenario wrote no eitflow.gpkg and said
    nothing of it (where --pdf says there is no PDF); `eitflow report RUN --gpkg` then said, in a
    French run, "erreur : RUN: no GeoJSON layer to write (...)", in English. Both now say, in the
    run's language, that there is nothing to map."""
    pytest.importorskip("pyogrio", reason="--gpkg needs the geo extra (pyogrio)")
    scen = write_scenario(tmp_path / "scen", yaml_text=SCENARIO_YAML + "lang: fr\n", flows=INFEASIBLE_FLOWS)
    out = tmp_path / "run"
    res = CliRunner().invoke(main, ["run", str(scen), "--out", str(out), "--gpkg"])
    assert res.exit_code == 1, res.output
    assert not (out / "eitflow.gpkg").exists()
    assert "pas d'eitflow.gpkg : pas de solution à cartographier" in res.output, res.output
    res = CliRunner().invoke(main, ["report", str(out), "--gpkg"])
    assert res.exit_code == 2, res.output
    assert "pas de solution à cartographier" in res.output and "no GeoJSON" not in res.output, res.output
    res = CliRunner().invoke(main, ["report", str(out), "--gpkg", "--lang", "en"])
    assert "no eitflow.gpkg: there is no solution to map" in res.output, res.output
