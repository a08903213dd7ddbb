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
import math

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
    assert "valeur de l'activité (€/an)" not in res.output
    # the placements at 240 columns: a table (its unit on the line under the header, both right-aligned)
    # since a table may take its narrowest widths; a block's label says it in brackets
    lines = res.output.splitlines()
    k = next(i for i, x in enumerate(lines) if "valeur de l'activité" in x)
    end = lines[k].index("valeur de l'activité") + len("valeur de l'activité")
    assert "valeur de l'activité (tCO2/an)" in lines[k] or lines[k + 1][:end].endswith("tCO2/an"), res.output


#: S0's 2,000 t/yr of CO2 and the scenario of the small co2 sitings below (their plots and activities apart)
CO2_SITING = {
    "sites.csv": "site_id,lat,lon\nS0,45.0,5.0\n",
    "flows.csv": "site_id,direction,resource,amount,unit,price_eur_per_unit\nS0,supply,co2,2000,t/yr,0\n",
    "scenario.yaml": "name: co2 siting\nsites: sites.csv\nflows: flows.csv\nplots: plots.csv\n"
                     "activities: activities.csv\nactivity_flows: activity_flows.csv\nobjective: co2\n",
}
#: A0's CO2 bought 0.03 degrees of latitude from S0, by hand (resources.yaml: co2 replaces 0.1 tCO2/t
#: of merchant CO2, its truck emits 0.0001 t per t and route km, route = 1.3 x great circle)
A0_CO2 = 1000 * (0.1 - 0.0001 * 1.3 * 2 * 6371.0088 * math.asin(math.sin(math.radians(0.03) / 2)))


def _co2_site(d, plots: str, acts: str, aflows: str):
    """`site` of `CO2_SITING` with these plots, activities and activity flows, written in `d`."""
    for k, v in {**CO2_SITING, "plots.csv": plots, "activities.csv": acts, "activity_flows.csv": aflows}.items():
        (d / k).write_text(v, encoding="utf-8")
    return site(read_scenario(d / "scenario.yaml"))


def test_a_co2_siting_where_no_candidate_link_is_dropped(tmp_path):
    """`eitflow site` under co2 stopped on KeyError: 'supply' (206 of 260 random co2 sitings of a
    helper's brute force) whenever no candidate link was dropped: the union of both objectives'
    candidates selected the dropped table's rows with a list, and `df[[]]` of an empty frame
    selects no columns. By hand (resources.yaml: co2 replaces 0.1 tCO2/t of merchant CO2, its
    truck emits 0.0001 t per t and route km, route = 1.3 x great circle): A0 on P0, 0.03 degrees of
    latitude from S0, takes 1,000 t/yr and avoids 1,000 x (0.1 - 0.0001 x 1.3 x 3.3358) =
    99.566 tCO2/yr."""
    r = _co2_site(tmp_path, "plot_id,lat,lon,area_ha\nP0,45.03,5.0,5\n", "activity_id,land_ha,revenue_eur_per_yr\nA0,1,0\n",
                  "activity_id,direction,resource,amount,unit,price_eur_per_unit\nA0,demand,co2,1000,t/yr,100\n")
    assert str(r.status) == "optimal"
    assert r.solution.objective == pytest.approx(A0_CO2, rel=1e-6)
    res = CliRunner().invoke(main, ["site", str(tmp_path / "scenario.yaml"), "--out", str(tmp_path / "run"), "-q"])
    assert res.exit_code == 0 and "Traceback" not in res.output, res.output


def _co2_siting(tmp_path, with_a1: bool):
    """S0's CO2 (2,000 t/yr) and two activities: A0 buys 1,000 t/yr of CO2 (the crash test's),
    A1 trades nothing (100 t/yr of wood waste nobody takes) and earns 50,000 EUR/yr (its revenue;
    free plots, no land cost)."""
    acts = "activity_id,land_ha,revenue_eur_per_yr\nA0,1,0\n" + ("A1,1,50000\n" if with_a1 else "")
    files = {
        "sites.csv": "site_id,lat,lon\nS0,45.0,5.0\n",
        "flows.csv": "site_id,direction,resource,amount,unit,price_eur_per_unit\nS0,supply,co2,2000,t/yr,0\n",
        "plots.csv": "plot_id,lat,lon,area_ha\nP0,45.03,5.0,5\nP1,45.2,5.2,5\n",
        "activities.csv": acts,
        "activity_flows.csv": "activity_id,direction,resource,amount,unit,price_eur_per_unit\nA0,demand,co2,1000,t/yr,100\n"
                              + ("A1,supply,wood_waste,100,t/yr,0\n" if with_a1 else ""),   # nobody takes it
        "scenario.yaml": "name: co2 siting\nsites: sites.csv\nflows: flows.csv\nplots: plots.csv\n"
                         "activities: activities.csv\nactivity_flows: activity_flows.csv\nobjective: co2\n",
    }
    d = tmp_path / ("with" if with_a1 else "without")
    d.mkdir()
    for k, v in files.items():
        (d / k).write_text(v, encoding="utf-8")
    return site(read_scenario(d / "scenario.yaml"))


def test_a_co2_siting_places_an_activity_that_earns_money_and_avoids_no_co2(tmp_path):
    """Under co2 the plan is, among those avoiding the most CO2, the one worth the most (README).
    An activity that trades nothing but earns money (A1: 50,000 EUR/yr of revenue on a free plot)
    was never placed ("no_co2_gain"): the siting left out of its model every placement whose
    exchanges avoid no CO2, and took a placement with no exchange for a tie under co2. A helper's
    brute force found it on 8 of 54 random co2 sitings. By hand: A1 adds exactly its revenue to
    the plan's money and nothing to its CO2."""
    a, b = _co2_siting(tmp_path, True), _co2_siting(tmp_path, False)
    assert a.solution.objective == pytest.approx(b.solution.objective, rel=1e-9)
    assert sorted(a.placements["activity_id"]) == ["A0", "A1"] and list(b.placements["activity_id"]) == ["A0"]
    money = [float(r.result.statistics.totals()["net_benefit_eur_per_yr"]) for r in (a, b)]
    assert money[0] - money[1] == pytest.approx(50_000.0, rel=1e-9)


def test_a_co2_siting_whose_money_stage_uses_a_link_that_avoids_no_co2(tmp_path):
    """Under co2 the money stage may add an exchange that avoids no CO2 and costs none: here A1
    hands 1,000 t/yr of FGD gypsum to A2 on the same plot (0 km: no transport CO2), worth money to
    A2. The siting stopped on "1 chosen link(s) of the siting model are not candidates of the
    placed territory" (3 of 260 random co2 sitings): the placed territory's candidates were the co2
    objective's alone, without the links only money keeps. By hand: the CO2 is A0's exchange alone,
    1,000 x (0.1 - 0.0001 x 1.3 x 3.3358) tCO2/yr, and A1 and A2 are placed beside A0."""
    r = _co2_site(tmp_path, "plot_id,lat,lon,area_ha\nP0,45.03,5.0,10\n", "activity_id,land_ha\nA0,1\nA1,1\nA2,1\n",
                  "activity_id,direction,resource,amount,unit,price_eur_per_unit\n"
                  "A0,demand,co2,1000,t/yr,100\nA1,supply,fgd_gypsum,1000,t/yr,0\nA2,demand,fgd_gypsum,1000,t/yr,30\n")
    assert r.solution.objective == pytest.approx(A0_CO2, rel=1e-6)
    assert sorted(r.placements["activity_id"]) == ["A0", "A1", "A2"]
    m = r.result.matches
    assert ((m["supply_resource"] == "fgd_gypsum") & (m["amount"] > 0)).any()


def test_a_co2_siting_whose_solver_hands_back_its_start():
    """tests/data/siting_co2_start: a random territory of a helper's brute force (seed 230) where
    the co2 siting's money stage, started from the co2 plan, got from HiGHS 1.16 the objective of
    the better plan (720,656.31 EUR/yr: A0, which earns 300,000 EUR/yr, placed too) with the start's
    own column values (420,656.31, A0 left out), and kept the latter. The brute force (every
    allowed placement set, each exchange problem a scipy MILP written from the README's formulas):
    2,600.985 tCO2/yr at most, and among the plans avoiding that much the best is worth
    720,656.31 EUR/yr, with A0 on P1 and A1 on P1 and P2."""
    r = site(read_scenario(ROOT / "tests" / "data" / "siting_co2_start" / "scenario.yaml"))
    assert r.solution.objective == pytest.approx(2600.985378661204, rel=1e-7)
    assert float(r.result.statistics.totals()["net_benefit_eur_per_yr"]) == pytest.approx(720656.3057988142, rel=1e-7)
    assert sorted(r.placements["site_id"]) == ["A0@P1", "A1@P1", "A1@P2"]
