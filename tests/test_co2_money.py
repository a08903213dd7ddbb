"""Under `objective: co2` the money figures are those of the plan worth the most among the plans
avoiding the most CO2 (`solve.lexico`), as the Pareto front's last point.

Before: the co2 solve stopped at any plan avoiding the most CO2 and every money figure described
it. The Ludres backbone run for CO2 said 1,747,993 EUR/yr and 56.7 M EUR of investment (the
backbone left unbuilt, point-to-point pipes instead), where `eitflow pareto`'s last point avoids
the same 17,488.3 tCO2/yr for 4,136,609 EUR/yr and 18.6 M EUR: two outputs of one scenario
disagreed."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

import eitflow
from eitflow.analyses.common import with_objective
from eitflow.analyses.pareto import pareto_front

LUDRES = Path(__file__).resolve().parents[1] / "scenarios" / "ludres_backbone" / "scenario.yaml"


@pytest.fixture(scope="module")
def ludres():
    scen = with_objective(eitflow.read_scenario(LUDRES), "co2")
    return scen, eitflow.optimise(scen)


def test_the_co2_run_and_the_pareto_fronts_last_point_agree(ludres):
    """The run's money figures are the epsilon-constraint point at the run's own CO2: the same
    net benefit (EUR/yr), investment (EUR) and CO2 avoided (tCO2/yr)."""
    scen, res = ludres
    assert res.status == "optimal" and res.summary["objective_name"] == "co2"
    front = pareto_front(with_objective(scen, "net_benefit"), n_points=2)
    last = front.iloc[-1]
    assert last["status"] == "optimal"
    tot = res.summary["totals"]
    assert tot["co2_avoided_t_per_yr"] == pytest.approx(last["co2_avoided_t_per_yr"], rel=1e-6)
    assert tot["co2_avoided_t_per_yr"] == pytest.approx(res.objective, rel=1e-6)
    assert tot["net_benefit_eur_per_yr"] == pytest.approx(last["net_benefit_eur_per_yr"], rel=1e-6)
    assert tot["investment_eur"] == pytest.approx(last["investment_eur"], rel=1e-6)


def test_the_run_states_what_the_money_stage_found(ludres):
    """summary.json's `money_stage`: the net benefit of the plan the co2 solve stopped at and of
    the one kept (the totals'), the stage's status and gap; the run's status and objective stay
    the co2 solve's (tCO2/yr)."""
    _, res = ludres
    ms = res.summary["money_stage"]
    assert ms["improved"] and ms["status"] == "optimal" and ms["gap"] == pytest.approx(0.0, abs=1e-4)
    assert ms["both_objectives"] is True   # over both objectives' candidates: the build fits its time
    assert ms["net_benefit_after_eur_per_yr"] == pytest.approx(res.summary["totals"]["net_benefit_eur_per_yr"],
                                                               rel=1e-12)
    assert ms["net_benefit_before_eur_per_yr"] < ms["net_benefit_after_eur_per_yr"]
    assert res.summary["objective_unit"] == "tCO2/yr"


# two free heat sources (2,000 MWh/yr at 110 degC each) 1 and 2 km (great circle) from a town that
# takes 1,000 MWh/yr at 70 degC and 50 EUR/MWh: either alone avoids the same CO2 (the town's need,
# 0.252 tCO2/MWh), the nearer is cheaper
SITES = pd.DataFrame({"site_id": ["NEAR", "FAR", "TOWN"], "lat": [48.609, 48.618, 48.60],
                      "lon": [6.10, 6.10, 6.10]})
FLOWS = pd.DataFrame({"flow_id": ["near_heat", "far_heat", "town_heat"], "site_id": ["NEAR", "FAR", "TOWN"],
                      "direction": ["supply", "supply", "demand"], "resource": "heat",
                      "amount": [2000.0, 2000.0, 1000.0], "unit": "MWh/yr", "temperature_c": [110.0, 110.0, 70.0],
                      "price_eur_per_unit": [0.0, 0.0, 50.0]})


def _km(lat1: float, lat2: float) -> float:
    return 6371.0088 * math.radians(abs(lat2 - lat1))   # same meridian


def test_two_sources_avoiding_the_same_co2_the_nearer_is_kept():
    """By hand (catalogue heat): the nearer source's pipe is d = 1.3 x its great-circle km; it
    delivers eta = 1 - 0.002 d per MWh sent, so the town's 1,000 MWh/yr take x = 1,000 / eta;
    each MWh sent is worth (50 + 100 x 0.252) eta - (0.5 + 0.1 d) EUR; the pipe costs
    150,000 + 800,000 d EUR at 5 % over 20 years, plus 5,000 EUR/yr. Both sources avoid 252
    tCO2/yr; only the nearer one is used."""
    scen = eitflow.scenario_from_frames(SITES, FLOWS, objective="co2", carbon_price_eur_per_t=100.0,
                                        solver={"mip_gap": 0.0})
    res = eitflow.optimise(scen)
    assert res.status == "optimal"
    assert res.objective == pytest.approx(252.0, rel=1e-9)
    m = res.matches
    assert list(m["source_site"]) == ["NEAR"]
    d = 1.3 * _km(48.60, 48.609)
    eta = 1 - 0.002 * d
    crf = 0.05 / (1 - 1.05 ** -20)
    x = 1000.0 / eta
    nb = ((50 + 100 * 0.252) * eta - (0.5 + 0.1 * d)) * x - (crf * (150_000 + 800_000 * d) + 5_000)
    assert res.summary["totals"]["net_benefit_eur_per_yr"] == pytest.approx(nb, rel=1e-6)


def test_results_xlsx_words_the_money_stage(ludres):
    """Every key of summary.json's `money_stage` has its words in the workbook's summary sheet,
    in English and in French (not the raw key)."""
    from eitflow.report.workbook import summary_rows

    _, res = ludres
    for lang in ("en", "fr"):
        labels = {k: label for label, _, k in summary_rows(res.summary, res.matches, lang)}
        keys = [k for k in labels if k.startswith("money_stage.")]
        # status, reason, gap, seconds, improved, net benefit before and after, both objectives, note
        assert len(keys) == 9
        assert all(labels[k] != k for k in keys)
    fr = {k: label for label, _, k in summary_rows(res.summary, res.matches, "fr")}
    assert fr["money_stage.net_benefit_after_eur_per_yr"].endswith("bénéfice net du plan retenu (€/an)")


DUNKERQUE = Path(__file__).resolve().parents[1] / "scenarios" / "dunkerque_dh" / "scenario.yaml"


def test_both_objectives_candidates_keep_a_direct_pipe_and_its_heat_pump_twin():
    """Dunkerque: the smelter's 75 -> 45 degC heat reaches Gravelines' 90/60 degC network by a
    direct pipe (its heat hot enough) and by a pipe through a heat pump (the rest), one pair, one
    mode. The union of both objectives' candidates told links by their ends and mode only, so it
    kept one of the two: 18 links where the co2 objective alone has 20. The Pareto front, over
    that union, ended at 717,039.95 tCO2/yr where the co2 run avoids 717,088.80, and the co2 run's
    money stage found its CO2 infeasible. Now every link of either objective is in the union,
    told apart by its heat pump's COP."""
    from eitflow.candidates.generate import build_candidates
    from eitflow.candidates.objectives import both_objective_candidates

    scen = eitflow.read_scenario(DUNKERQUE)
    union = both_objective_candidates(scen)
    cols = ["supply", "demand", "kind", "mode", "heat_pump_cop"]

    def rows(lk):
        return {tuple(r) for r in lk[cols].astype(str).to_numpy()}

    for objective in ("net_benefit", "co2"):
        own = build_candidates(with_objective(scen, objective)).links
        assert rows(own) <= rows(union.links)
    pair = union.links[(union.links["supply"] == 4) & (union.links["demand"] == 10)]
    assert pair["heat_pump_cop"].isna().sum() == 1 and pair["heat_pump_cop"].notna().sum() == 1


def test_dunkerque_for_co2_agrees_with_its_pareto_front():
    """The Dunkerque co2 run against the Pareto front's last point: both optimal, the same CO2
    avoided (tCO2/yr), net benefit (EUR/yr) and investment (EUR); the run's objective is the CO2
    avoided its tables give."""
    scen = eitflow.read_scenario(DUNKERQUE)
    res = eitflow.optimise(with_objective(scen, "co2"))
    last = pareto_front(scen, n_points=2).iloc[-1]
    assert last["status"] == "optimal" and res.status == "optimal"
    tot = res.summary["totals"]
    assert res.objective == pytest.approx(tot["co2_avoided_t_per_yr"], rel=1e-12)
    assert tot["co2_avoided_t_per_yr"] == pytest.approx(last["co2_avoided_t_per_yr"], rel=1e-6)
    assert tot["net_benefit_eur_per_yr"] == pytest.approx(last["net_benefit_eur_per_yr"], rel=1e-6)
    assert tot["investment_eur"] == pytest.approx(last["investment_eur"], rel=1e-6)


def test_the_report_says_which_plan_the_money_figures_describe(ludres, tmp_path):
    """The report's status block, read by officials, says it too (the same words as `eitflow
    run`'s line, `results.summary.money_stage_line`); a net-benefit run says nothing of it."""
    import re

    from eitflow.report.html import render_html
    from eitflow.results.rundir import read_run, write_run

    _, res = ludres
    html = render_html(read_run(write_run(res, tmp_path / "co2")), "fr")
    status = re.search(r'<div class="status.*?</div></div>', html, re.S).group(0)
    assert "Parmi les plans qui évitent le plus de CO2, celui qui rapporte le plus (optimal" in status
    nb = eitflow.optimise(eitflow.read_scenario(LUDRES))
    html = render_html(read_run(write_run(nb, tmp_path / "nb")), "fr")
    assert "Parmi les plans qui évitent le plus de CO2" not in html


@pytest.mark.slow
def test_analyses_under_co2_read_the_plan_over_their_own_candidates(ludres):
    """`eitflow resilience` under the co2 objective passes its candidates and reads each plan
    over them; the money stage handed back both objectives' candidates (28 links where the
    caller had 26) and resilience failed ('cannot assign 28 input values to the 26 output
    values'). Over the caller's candidates now, its rows kept: resilience runs, and
    `alternatives` ranks plans avoiding the same CO2 by money, its first the run's plan."""
    from eitflow.analyses.alternatives import k_best
    from eitflow.analyses.resilience import resilience

    scen, res = ludres
    table = resilience(scen)
    assert len(table) > 0 and set(table["status"]) == {"optimal"}
    portfolios, _ = k_best(scen, k=2)
    assert portfolios["co2_avoided_t_per_yr"].to_numpy() == pytest.approx(res.objective, rel=1e-6)
    nb = portfolios["net_benefit_eur_per_yr"].to_numpy()
    assert nb[0] == pytest.approx(res.summary["totals"]["net_benefit_eur_per_yr"], rel=1e-6)
    assert (nb[1:] <= nb[0] * (1 + 1e-9)).all()


def test_the_money_stage_starts_from_the_co2_plan():
    """The stage's start (`solve.planstart`): the money model (both objectives' candidates, CO2
    avoided no less than the co2 plan's) with the co2 plan's switches fixed, its flows the LP's
    best for money. It satisfies the model (checked row by row), keeps the plan's switches, and
    is worth no less than the co2 plan as the outputs price it: the stage, however short, can
    only start from there (a generated town of 300 buildings with a 3 s limit: no plan in the
    stage's 0.8 s before, -9.26 M EUR/yr kept; -8.30 M EUR/yr from the start,
    `benchmarks/co2_money_start.py`)."""
    import numpy as np

    from eitflow.candidates.generate import build_candidates
    from eitflow.candidates.objectives import both_objective_candidates
    from eitflow.model.arrays import LinearConstraint
    from eitflow.model.build import build_arrays
    from eitflow.pipeline import plan_net_benefit
    from eitflow.solve.check import check_solution
    from eitflow.solve.driver import solve
    from eitflow.solve.lexico import CO2_REL, plan_over
    from eitflow.solve.planstart import plan_start

    scen = with_objective(eitflow.read_scenario(LUDRES), "co2")
    cand = build_candidates(scen)
    sol = solve(scen, cand)
    over = both_objective_candidates(scen, co2=cand)
    assert over is not cand   # its links in another order: the plan's switches mapped by key (`plan_over`)
    co2 = over.links["co2_t_per_unit"].to_numpy(float)
    row = LinearConstraint(co2, lo=sol.objective * (1 - CO2_REL), name="co2_min")
    s_nb = with_objective(scen, "net_benefit")
    arr = build_arrays(s_nb, over, extra=[row])
    plan = plan_over(over, cand, sol)
    z = plan_start(arr, plan, s_nb.params.solver, deadline=__import__("time").time() + 30)
    assert z is not None and check_solution(arr, z) == []
    y = arr.cols["y"]
    assert np.array_equal(z[y.slice] > 0.5, np.asarray(plan.built, bool)[y.labels])
    assert float(arr.c @ z) >= plan_net_benefit(scen, cand, sol) - 1e-6 * abs(plan_net_benefit(scen, cand, sol))
