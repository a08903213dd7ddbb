"""Sweeps: one row per run, results equal to scenarios edited by hand, deterministic ids and
draws, and a resumed sweep that redoes only what is missing. One in-process Dask cluster
(threads) for the module keeps it fast."""
from __future__ import annotations

import io
import json
import os
import shutil

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from conftest import SCENARIO_YAML, write_scenario
from eitflow import optimise, read_scenario
from eitflow.cli.sweep import sweep_cmd
from eitflow.sweep.params import apply_parameters
from eitflow.sweep.run import run_sweep
from eitflow.sweep.spec import SweepError, load_sweep, monte_carlo_points, parse_sweep

GRID = """\
base: scen/scenario.yaml
grid:
  carbon_price_eur_per_t: [0, 150]
  prices: {heat: [0.5, 1.0]}
"""


@pytest.fixture(scope="module")
def client():
    distributed = pytest.importorskip("dask.distributed")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None)
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()


@pytest.fixture
def sweep_file(tmp_path):
    write_scenario(tmp_path / "scen")
    p = tmp_path / "sweep.yaml"
    p.write_text(GRID, encoding="utf-8")
    return p


def test_grid_gives_one_row_per_point_equal_to_hand_edited_scenarios(sweep_file, tmp_path, client):
    df = run_sweep(sweep_file, tmp_path / "out", client=client, progress=False)
    assert len(df) == 4 and df["run_id"].is_unique
    pts = set(zip(df["carbon_price_eur_per_t"], df["prices.heat"]))
    assert pts == {(0.0, 0.5), (0.0, 1.0), (150.0, 0.5), (150.0, 1.0)}
    assert (df["status"] == "optimal").all() and df["computed"].all()
    assert pd.read_csv(tmp_path / "out" / "results.csv")["run_id"].tolist() == df["run_id"].tolist()
    # independently: the same scenario written with the parameter in scenario.yaml / flows.csv
    from conftest import FLOWS_CSV

    for row in df.to_dict("records"):
        rid = row["run_id"]
        yaml_text = SCENARIO_YAML.replace("carbon_price_eur_per_t: 100",
                                          f"carbon_price_eur_per_t: {row['carbon_price_eur_per_t']}")
        flows = pd.read_csv(io.StringIO(FLOWS_CSV))
        heat = flows["resource"] == "heat"
        flows["price_eur_per_unit"] = flows["price_eur_per_unit"].astype(float)
        flows.loc[heat, "price_eur_per_unit"] *= row["prices.heat"]
        by_hand = optimise(read_scenario(write_scenario(tmp_path / f"hand_{rid}", yaml_text=yaml_text,
                                                        flows=flows.to_csv(index=False))))
        assert row["objective"] == pytest.approx(by_hand.summary["objective"], rel=1e-9)
        s = json.loads((tmp_path / "out" / "runs" / rid / "summary.json").read_text())
        assert s["sweep"]["run_id"] == rid
        assert s["parameters"]["carbon_price_eur_per_t"] == row["carbon_price_eur_per_t"]
        assert (tmp_path / "out" / "runs" / rid / "matches.csv").exists()
    # prices matter: halving the heat price lowers the objective at either carbon price
    by = df.set_index(["carbon_price_eur_per_t", "prices.heat"])["objective"]
    assert by[(0.0, 0.5)] < by[(0.0, 1.0)] and by[(150.0, 0.5)] < by[(150.0, 1.0)]


def test_resume_redoes_only_the_missing_run(sweep_file, tmp_path, client):
    out = tmp_path / "out"
    first = run_sweep(sweep_file, out, client=client, progress=False)
    runs = out / "runs"
    mtimes = {r: os.stat(runs / r / "summary.json").st_mtime_ns for r in first["run_id"]}
    lost = first["run_id"].iat[2]
    shutil.rmtree(runs / lost)  # as if the sweep had been killed before this run finished
    again = run_sweep(sweep_file, out, client=client, progress=False)
    assert again["run_id"].tolist() == first["run_id"].tolist()
    assert again.set_index("run_id")["computed"].to_dict() == {r: r == lost for r in first["run_id"]}
    for r in first["run_id"]:
        if r != lost:
            assert os.stat(runs / r / "summary.json").st_mtime_ns == mtimes[r]
    assert (runs / lost / "summary.json").exists()
    np.testing.assert_allclose(again["objective"].astype(float), first["objective"].astype(float), rtol=1e-12)


def test_monte_carlo_is_reproducible_and_combined_with_the_grid(tmp_path):
    mc = {"n": 6, "seed": 7, "parameters": {
        "availability": {"dist": "triangular", "low": 0.5, "mode": 0.8, "high": 1.0},
        "max_distance_km": {"heat": {"dist": "uniform", "low": 2, "high": 12}},
        "discount_rate": {"dist": "normal", "mean": 0.05, "sd": 0.05, "min": 0.0, "max": 0.2}}}
    a, b = monte_carlo_points(mc), monte_carlo_points(mc)
    assert a == b and len(a) == 6 and monte_carlo_points({**mc, "seed": 8}) != a
    av = np.array([p["availability"] for p in a])
    assert ((av >= 0.5) & (av <= 1.0)).all()
    assert all(0.0 <= p["discount_rate"] <= 0.2 for p in a)
    sw = parse_sweep({"base": "x.yaml", "grid": {"carbon_price_eur_per_t": [0, 50, 100]}, "monte_carlo": mc})
    assert len(sw.runs) == 18 and {"carbon_price_eur_per_t", "max_distance_km.heat"} <= set(sw.runs[0])


def test_apply_parameters_edits_a_copy(scenario_path):
    scen = read_scenario(scenario_path)
    before = scen.flows.copy()
    s2 = apply_parameters(scen, {"availability": 0.5, "max_distance_km.heat": 0.5, "carbon_price_eur_per_t": 7})
    pd.testing.assert_frame_equal(scen.flows, before)
    sup = (s2.flows["direction"] == "supply").to_numpy()
    np.testing.assert_allclose(s2.flows["amount"][sup], before["amount"][sup] * 0.5)
    np.testing.assert_allclose(s2.flows["amount"][~sup], before["amount"][~sup])
    assert s2.params.carbon_price_eur_per_t == 7 and s2.catalogue["heat"].max_distance_km == 0.5
    assert scen.catalogue["heat"].max_distance_km != 0.5
    # 0.5 km: the heat sinks are out of reach, only the gypsum exchange is left
    assert set(optimise(s2).matches["supply_resource"]) == {"fgd_gypsum"}


@pytest.mark.parametrize("raw, msg", [
    ({"grid": {"carbon_price_eur_per_t": [1]}}, "missing key 'base'"),
    ({"base": "s.yaml", "grid": {"carbon_prise": [1]}}, "unknown sweep parameter 'carbon_prise'"),
    ({"base": "s.yaml", "grid": {"discount_rate": 0.05}}, "non-empty list"),
    ({"base": "s.yaml", "monte_carlo": {"n": 2, "parameters": {"availability": {"dist": "beta"}}}}, "dist:"),
    ({"base": "s.yaml", "monte_carlo": {"n": 2, "parameters": {"availability": {"dist": "normal", "mean": 1}}}},
     "missing ['sd']"),
    ({"base": "s.yaml", "grid": {"availability": [1]},
      "monte_carlo": {"n": 2, "parameters": {"availability": {"dist": "uniform", "low": 0.5, "high": 1}}}}, "both"),
])
def test_bad_sweep_files_are_named(raw, msg):
    with pytest.raises(SweepError, match=msg.replace("[", r"\[").replace("]", r"\]")):
        parse_sweep(raw)


def test_cli_on_an_existing_scheduler_and_dry_run(sweep_file, tmp_path, client):
    runner = CliRunner()
    out = tmp_path / "out"
    r = runner.invoke(sweep_cmd, [str(sweep_file), "--out", str(out), "--dry-run"])
    assert r.exit_code == 0 and "4 runs, 0 finished" in r.output
    r = runner.invoke(sweep_cmd, [str(sweep_file), "--out", str(out), "--scheduler", client.scheduler.address, "-q"])
    assert r.exit_code == 0, r.output
    assert "4 runs (4 solved now, 0 resumed)" in r.output
    assert len(pd.read_csv(out / "results.csv")) == 4
    # the plot: net benefit and CO2 against each swept parameter, as PNG, SVG and an HTML page
    import matplotlib.image as mpimg

    img = mpimg.imread(out / "sweep.png")[..., :3]
    assert img.shape[1] > 800 and float(img.std()) > 0.05
    html = (out / "sweep.html").read_text(encoding="utf-8")
    assert "<svg" in html and "carbon price (EUR/t)" in (out / "sweep.svg").read_text(encoding="utf-8")
    assert html.count("<tr>") == 4 + 1
    r = runner.invoke(sweep_cmd, [str(sweep_file), "--out", str(out), "--dry-run"])
    assert "4 runs, 4 finished" in r.output
    assert load_sweep(sweep_file).base == sweep_file.parent / "scen" / "scenario.yaml"
