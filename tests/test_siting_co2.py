"""`eitflow site` under the co2 objective: the plan worth the most among those avoiding the
most CO2, and every figure of the objective named in tCO2/yr.

Run on scenarios/fos_siting with `objective: co2`, the siting solved once for CO2 and read that
arbitrary plan: 64,831.2 tCO2/yr avoided for **-185,760 EUR/yr** and 101.6 M EUR of
investment (the electrolyser, the pellet plant and the district-heating plant at PIICTO),
where other plans avoid the same CO2 and earn money. Its ranking and placements.csv wrote
the plan's CO2 (tCO2/yr) in columns named ``..._eur_per_yr`` ("valeur de l'activité (€/an)
7 709" in the terminal: 7,709 tCO2/yr), and an activity left out "did not pay" where a
placement costs nothing in CO2.

The independent check: the same scenario under net_benefit with the carbon price raised by
10,000 EUR/tCO2 (one weighted solve, `carbon_price_eur_per_t`, no lexicographic stage): above
a threshold such a price makes every tonne avoided outweigh any money, so its optimum avoids
the most CO2 and, among those plans, earns the most at the original price (net benefit at
the raised price less 10,000 x the CO2 avoided).
"""
from __future__ import annotations

import json

import pandas as pd
import pytest
from click.testing import CliRunner

from conftest import ROOT
from eitflow.analyses.siting import site, siting_files
from eitflow.cli.main import main
from eitflow.io.read import read_scenario
from eitflow.report.html import write_report
from eitflow.results.rundir import write_files, write_run

SCEN = ROOT / "scenarios" / "fos_siting" / "scenario.yaml"
RAISE = 1e4   # EUR/tCO2 added to the carbon price: the weighted check


def _scenario(objective: str, raise_by: float = 0.0):
    scen = read_scenario(SCEN)
    scen.params.objective = objective
    scen.params.carbon_price_eur_per_t += raise_by
    scen.params.solver.mip_gap = 1e-9
    return scen


@pytest.fixture(scope="module")
def co2_run():
    return site(_scenario("co2"))


def test_the_co2_plan_earns_the_most_among_those_avoiding_the_most_co2(co2_run):
    weighted = site(_scenario("net_benefit", RAISE), rank=False)
    w = weighted.result.statistics.totals()
    t = co2_run.result.statistics.totals()
    # the same CO2 (the stage may give up 1e-7 of it for the solver's tolerance)
    assert t["co2_avoided_t_per_yr"] == pytest.approx(w["co2_avoided_t_per_yr"], rel=2e-7)
    best = w["net_benefit_eur_per_yr"] - RAISE * w["co2_avoided_t_per_yr"]   # at the scenario's own price
    # 1e-7 of 64,831 tCO2/yr at 100 EUR/t is 0.65 EUR/yr; before, -185,760 against 618,654
    assert t["net_benefit_eur_per_yr"] == pytest.approx(best, abs=5.0)
    assert sorted(co2_run.placements["site_id"]) == sorted(weighted.placements["site_id"])
    ms = co2_run.result.summary["money_stage"]
    assert ms["improved"] and ms["net_benefit_after_eur_per_yr"] == pytest.approx(t["net_benefit_eur_per_yr"])
    assert ms["net_benefit_before_eur_per_yr"] < best - 100_000


def test_a_co2_siting_states_its_figures_in_tco2(co2_run, tmp_path):
    sr = co2_run
    v = sr.result.summary["objective"]   # tCO2/yr avoided by the plan
    for df in (sr.ranking, sr.placements, sr.activities):
        assert not [c for c in df.columns if c.endswith("_eur_per_yr") and c not in (
            "cost_eur_per_yr", "land_eur_per_yr", "activity_eur_per_yr", "revenue_eur_per_yr",
            "exchanges_net_benefit_eur_per_yr", "own_gain_eur_per_yr")], list(df.columns)
    assert list(sr.ranking.loc[sr.ranking["in_plan"], "value_t_co2_per_yr"]) == pytest.approx([v] * len(sr.placements))
    # a plot's value is a plan's CO2: none above the proven ceiling
    assert (sr.ranking["value_t_co2_per_yr"] <= sr.ranking["bound_t_co2_per_yr"] + 1e-6 * v).all()
    s = sr.result.summary["siting"]
    assert s["plan_value_t_co2_per_yr"] == pytest.approx(v) and "plan_value_eur_per_yr" not in s
    # the activity of highest value is worth its CO2, not euros: less than the plan's CO2
    assert 0 < sr.placements["activity_value_t_co2_per_yr"].max() <= v
    # left out because placing it avoids no more CO2 (placing it costs nothing in CO2)
    left = sr.activities[sr.activities["placed"] == 0]
    assert len(left) and set(left["reason"]) == {"no_co2_gain"}
    assert all("avoids more CO2" in d and "EUR" not in d for d in left["detail"])

    run = write_run(sr.result, tmp_path / "run", extras=lambda d: write_files(d, siting_files(sr)))
    assert "value_t_co2_per_yr" in pd.read_csv(run / "ranking.csv").columns
    page = write_report(run, tmp_path / "fr.html", lang="fr").read_text(encoding="utf-8")
    for table in ("placements-table", "ranking-table"):
        head = page.split(f'id="{table}"')[1].split("</thead>")[0]
        assert "tCO2/an" in head, head


def test_site_says_which_plan_its_money_figures_describe(tmp_path):
    d = tmp_path / "fos"
    d.mkdir()
    for f in SCEN.parent.iterdir():
        if f.suffix in (".csv", ".yaml"):
            (d / f.name).write_bytes(f.read_bytes())
    y = d / "scenario.yaml"
    y.write_text(y.read_text(encoding="utf-8").replace("objective: net_benefit", "objective: co2"), encoding="utf-8")
    res = CliRunner().invoke(main, ["site", str(y), "--out", str(tmp_path / "run"), "--lang", "fr", "--no-rank"],
                             env={"COLUMNS": "240"}, catch_exceptions=False)
    assert res.exit_code == 0, res.output
    s = json.loads((tmp_path / "run" / "summary.json").read_text(encoding="utf-8"))
    before = round(s["money_stage"]["net_benefit_before_eur_per_yr"])
    assert "Parmi les plans qui évitent le plus de CO2, celui qui rapporte le plus" in res.output
    assert f"{before:,}".replace(",", "\u202f") in res.output, res.output
    assert "valeur de l'activité (tCO2/an)" in res.output and "valeur de l'activité (€/an)" not in res.output
