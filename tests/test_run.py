"""End to end: CLI and library on a small scenario whose optimum is worked out by hand."""
from __future__ import annotations

import json

import pandas as pd
import pytest
from click.testing import CliRunner

from conftest import FLOWS_CSV, SITES_CSV, write_scenario
from eitflow import optimise, read_scenario, scenario_from_frames
from eitflow.cli.main import main
from eitflow.geo import haversine_km
from eitflow.results.tables import MATCH_COLUMNS
from eitflow.results.unmatched import DETAIL_FR, UNMATCHED_COLUMNS

CRF = 0.05 / (1 - 1.05 ** -20)


def _heat_link(lat1, lon1, lat2, lon2, amount, price):
    route = 1.3 * haversine_km(lat1, lon1, lat2, lon2)
    yld = 1 - 0.002 * route  # pipe losses: the demand gets `amount`, the source sends amount / yld
    value = yld * (price + 100 * 0.252) - (0.5 + 0.1 * route)
    return value * amount / yld - (CRF * (150000 + 800000 * route) + 5000)


def _hand_optimum():
    # each of the three links pays on its own and they share no scarce amount
    food = _heat_link(50.28, 3.97, 50.29, 3.98, 12000, 45)
    green = _heat_link(50.28, 3.97, 50.30, 3.96, 9000, 40)
    route = 1.3 * haversine_km(50.20, 3.90, 50.27, 3.99)
    gyps = (20 + 15 + 100 * (0.005 - 0.0001 * route) - (3 + 0.12 * route)) * 15000 - 2000
    assert min(food, green, gyps) > 0
    return food + green + gyps


def test_cli_run_writes_the_spec_outputs(scenario_path, tmp_path):
    out = tmp_path / "run1"
    res = CliRunner().invoke(main, ["run", str(scenario_path), "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert res.output.startswith("status: optimal")
    m = pd.read_csv(out / "matches.csv")
    assert list(m.columns) == MATCH_COLUMNS
    assert len(m) == 3
    assert list(pd.read_csv(out / "unmatched.csv").columns) == UNMATCHED_COLUMNS + [DETAIL_FR]   # + the French detail
    s = json.loads((out / "summary.json").read_text())
    assert s["status"] == "optimal"
    assert s["objective"] == pytest.approx(_hand_optimum(), rel=1e-9)
    assert s["bound"] >= s["objective"] - 1e-6 and s["gap"] == pytest.approx(0, abs=1e-9)
    assert s["totals"]["net_benefit_eur_per_yr"] == pytest.approx(_hand_optimum(), rel=1e-9)
    assert s["counts"]["candidate_links"] == 3 and s["counts"]["chosen_links"] == 3
    assert set(s["inputs"]) == {"scenario", "sites", "flows"}
    # GeoJSON: one geometry type per file
    layers = {stem: json.loads((out / f"{stem}.geojson").read_text())["features"]
              for stem in ("sites", "synergies", "candidates", "unmatched")}
    assert {f["geometry"]["type"] for f in layers["sites"]} == {"Point"} and len(layers["sites"]) == 5
    assert {f["geometry"]["type"] for f in layers["synergies"]} == {"LineString"} and len(layers["synergies"]) == 3
    assert layers["candidates"] == []  # every candidate link is used
    assert {f["geometry"]["type"] for f in layers["unmatched"]} == {"Point"}
    assert len(layers["unmatched"]) == len(pd.read_csv(out / "unmatched.csv"))
    assert not (out / "hubs.geojson").exists()
    # unmatched: UVE keeps 30000 - 21000 MWh/yr with nobody else to take it; FGD gypsum 5 kt/yr left
    um = pd.read_csv(out / "unmatched.csv").set_index("site_id")
    sent = sum(a / (1 - 0.002 * 1.3 * haversine_km(50.28, 3.97, la, lo))
               for a, la, lo in ((12000, 50.29, 3.98), (9000, 50.30, 3.96)))
    assert um.loc["UVE", "remaining"] == pytest.approx(30000 - sent)
    assert um.loc["UVE", "reason"] == "capacity_used"
    assert um.loc["POWER", "remaining"] == pytest.approx(5000)


def test_existing_run_is_never_overwritten_silently(scenario_path, tmp_path):
    out = tmp_path / "run"
    assert CliRunner().invoke(main, ["run", str(scenario_path), "--out", str(out)]).exit_code == 0
    before = (out / "matches.csv").read_bytes()
    res = CliRunner().invoke(main, ["run", str(scenario_path), "--out", str(out)])
    assert res.exit_code == 2 and "already exists" in res.output
    assert (out / "matches.csv").read_bytes() == before
    res = CliRunner().invoke(main, ["run", str(scenario_path), "--out", str(out), "--force"])
    assert res.exit_code == 0
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".run")]  # no temporary left behind


def test_same_inputs_give_byte_identical_outputs(scenario_path, tmp_path):
    for name in ("a", "b"):
        assert CliRunner().invoke(main, ["run", str(scenario_path), "--out", str(tmp_path / name)]).exit_code == 0
    for f in ("matches.csv", "unmatched.csv", "sites.geojson", "synergies.geojson", "not_chosen.csv"):
        assert (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes(), f
    sa, sb = (json.loads((tmp_path / n / "summary.json").read_text()) for n in ("a", "b"))
    sa.pop("timings_s"), sb.pop("timings_s")
    assert sa == sb


def test_required_demand_without_partner_is_infeasible(tmp_path):
    flows = FLOWS_CSV.replace("price_eur_per_unit\n", "price_eur_per_unit,required\n") + \
        "GREEN,demand,hydrogen,5,t/yr,,3000,true\n"
    path = write_scenario(tmp_path / "s", flows=flows)
    out = tmp_path / "run"
    res = CliRunner().invoke(main, ["run", str(path), "--out", str(out)])
    assert res.exit_code == 1, res.output
    assert "infeasible" in res.output and "no candidate link" in res.output
    assert not (out / "matches.csv").exists()  # no partial result presented as a result
    assert json.loads((out / "summary.json").read_text())["status"] == "infeasible"


def test_library_round_trip_with_dataframes():
    sites = pd.read_csv(__import__("io").StringIO(SITES_CSV))
    flows = pd.read_csv(__import__("io").StringIO(FLOWS_CSV))
    scen = scenario_from_frames(sites, flows, carbon_price_eur_per_t=100, solver={"mip_gap": 0})
    res = optimise(scen)
    assert res.status == "optimal"
    assert res.summary["objective"] == pytest.approx(_hand_optimum(), rel=1e-9)
    assert isinstance(res.matches, pd.DataFrame) and isinstance(res.unmatched, pd.DataFrame)


def test_co2_objective(scenario_path):
    scen = read_scenario(scenario_path)
    scen.params = scen.params.model_copy(update={"objective": "co2"})
    res = optimise(scen)
    route = 1.3 * haversine_km(50.20, 3.90, 50.27, 3.99)
    expected = 0.252 * 21000 + (0.005 - 0.0001 * route) * 15000  # heat delivered is 21000 MWh whatever the losses
    assert res.summary["objective_unit"] == "tCO2/yr"
    assert res.summary["objective"] == pytest.approx(expected, rel=1e-9)


def test_cbc_agrees_with_highs(scenario_path):
    scen = read_scenario(scenario_path)
    scen.params = scen.params.model_copy(update={"solver": scen.params.solver.model_copy(update={"name": "cbc"})})
    res = optimise(scen)
    assert res.status == "optimal"
    assert res.summary["objective"] == pytest.approx(_hand_optimum(), rel=1e-7)
