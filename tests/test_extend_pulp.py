"""Extending the model with PuLP and reading the solution back as pandas
(`eitflow.pulp_problem`, `link_variables`, `result_from_pulp`): a forbidden exchange and a
cap on trucks (new integer variables), checked against a hand computation."""

from __future__ import annotations

import itertools
import pickle

import numpy as np
import pandas as pd
import pytest

import eitflow
from eitflow.geo import haversine_km

pulp = pytest.importorskip("pulp")

CRF_5PC_20Y = 0.05 / (1 - 1.05 ** -20)
SITES = pd.DataFrame({"site_id": ["UVE", "SERRES", "PISCINE", "LAITERIE"],
                      "lat": [50.28, 50.30, 50.29, 50.27], "lon": [3.97, 3.96, 3.99, 3.95]})
FLOWS = pd.DataFrame({"site_id": ["UVE", "SERRES", "PISCINE", "LAITERIE"],
                      "direction": ["supply", "demand", "demand", "demand"], "resource": "heat",
                      "amount": [30, 9000, 6000, 12000], "unit": ["GWh/yr", "MWh/yr", "MWh/yr", "MWh/yr"],
                      "temperature_c": [130, 60, 50, 80], "price_eur_per_unit": [0, 40, 45, 35]})


def _scenario():
    return eitflow.scenario_from_frames(SITES, FLOWS, carbon_price_eur_per_t=100, heat_pump={"enabled": False})


def _by_hand() -> dict[str, tuple[float, float, float]]:
    """Per demand: (value v in EUR per MWh sent, fixed cost F in EUR/yr, MWh/yr to send to
    meet it), from the catalogue's heat figures: route 1.3 x great circle, loss 0.2 %/km,
    transport 0.5 + 0.1 EUR/MWh per km, CO2 0.252 t/MWh at 100 EUR/t, pipe 150,000 EUR +
    800,000 EUR/km over 20 years at 5 %, plus 5,000 EUR/yr."""
    s = SITES.set_index("site_id")
    out = {}
    for d, price, need in (("SERRES", 40, 9000), ("PISCINE", 45, 6000), ("LAITERIE", 35, 12000)):
        route = 1.3 * haversine_km(s.lat["UVE"], s.lon["UVE"], s.lat[d], s.lon[d])
        yld = 1 - 0.002 * route
        v = yld * (price + 100 * 0.252) - (0.5 + 0.1 * route)
        F = CRF_5PC_20Y * (150_000 + 800_000 * route) + 5_000
        out[d] = (v, F, need / yld)
    return out


def test_forbid_an_exchange_in_pulp_and_read_it_back():
    hand = _by_hand()
    prob = eitflow.pulp_problem(_scenario())
    lv = eitflow.link_variables(prob)
    assert sorted(lv["sink_site"]) == ["LAITERIE", "PISCINE", "SERRES"]
    prob += lv.loc[lv["sink_site"] == "LAITERIE", "y"].iloc[0] == 0, "no_laiterie"
    prob.solve(pulp.PULP_CBC_CMD(msg=False))
    res = eitflow.result_from_pulp(prob)
    expected = sum(v * x - F for d, (v, F, x) in hand.items() if d != "LAITERIE")   # 616,816.6 EUR/yr
    assert res.status == "optimal"
    assert res.objective == pytest.approx(expected, rel=1e-6)
    assert res.statistics.totals()["net_benefit_eur_per_yr"] == pytest.approx(expected, rel=1e-6)
    m = res.matches.set_index("sink_site")
    assert sorted(m.index) == ["PISCINE", "SERRES"]
    assert m.loc["SERRES", "amount"] == pytest.approx(hand["SERRES"][2], rel=1e-6)
    assert res.summary["message"] == "solved in PuLP: 1 row and 0 variables added to eitflow's model"
    assert res.summary["duals"]["status"].startswith("skipped")


def _with_trucks():
    """The model with a truck count per link (1,000 MWh/yr each) and a fleet of 20 trucks."""
    prob = eitflow.pulp_problem(_scenario())
    lv = eitflow.link_variables(prob)
    trucks = {i: pulp.LpVariable(f"trucks_{i}", lowBound=0, cat="Integer") for i in lv.index}
    for i, x in zip(lv.index, lv["x"]):
        prob += 1000 * trucks[i] >= x, f"truck_load_{i}"      # a truck carries 1,000 MWh/yr
    prob += pulp.lpSum(trucks.values()) <= 20, "fleet"
    return prob, lv


def _trucks_by_brute_force() -> float:
    """Trucks per link, each link filled as far as its trucks and its demand allow (847,520 EUR/yr:
    SERRES 9 trucks, LAITERIE 11)."""
    hand = _by_hand()
    best = 0.0
    names = list(hand)
    for t in itertools.product(range(21), repeat=3):
        if sum(t) <= 20:
            best = max(best, sum(max(0.0, hand[d][0] * min(hand[d][2], 1000 * k) - hand[d][1]) for d, k in zip(names, t)))
    return best


def test_a_cap_on_trucks_with_new_integer_variables(tmp_path):
    prob, lv = _with_trucks()
    prob.solve(pulp.PULP_CBC_CMD(msg=False))
    res = eitflow.result_from_pulp(prob)
    best = _trucks_by_brute_force()
    assert res.status == "optimal"
    assert res.objective == pytest.approx(best, rel=1e-6)     # 847,520 EUR/yr: SERRES 9 trucks, LAITERIE 11
    assert res.summary["message"] == "solved in PuLP: 4 rows and 3 variables added to eitflow's model"
    # integer columns by hand: a build switch per link (each has a fixed cost) and a truck count per link
    assert len(lv) == 3 and res.summary["counts"]["binaries"] == 3 + 3
    out = eitflow.write_run(res, tmp_path / "run")
    assert (out / "matches.csv").exists()


def test_another_objective_or_no_solve_is_said_honestly():
    prob = eitflow.pulp_problem(_scenario())
    res = eitflow.result_from_pulp(prob)
    assert res.status == "error" and res.objective is None
    assert res.summary["message"] == "not solved: call prob.solve(...) before eitflow.result_from_pulp(prob)"
    lv = eitflow.link_variables(prob)
    prob.setObjective(pulp.lpSum(lv["x"]))            # the most heat sent, whatever it earns
    prob.solve(pulp.PULP_CBC_CMD(msg=False))
    res = eitflow.result_from_pulp(prob)
    assert res.status == "feasible" and res.bound is None and res.gap is None
    assert "bound unknown)" in res.status_line("en") and "EUR/yr)" not in res.status_line("en")
    assert "borne inconnue)" in res.status_line("fr")
    # no objective at all (prob.objective = None: any feasible plan): was an AttributeError traceback
    prob = eitflow.pulp_problem(_scenario())
    prob.objective = None
    prob.solve(pulp.HiGHS(msg=False))
    res = eitflow.result_from_pulp(prob)
    assert res.status == "feasible" and res.bound is None and "the objective was changed in PuLP" in res.summary["message"]
    with pytest.raises(ValueError, match="not made by eitflow.pulp_problem"):
        eitflow.result_from_pulp(pulp.LpProblem("mine"))


def test_monthly_links_have_a_variable_per_month():
    flows = FLOWS.assign(monthly_profile=[";".join([str(1 / 12)] * 12)] + [""] * 3)
    prob = eitflow.pulp_problem(eitflow.scenario_from_frames(SITES, flows))
    lv = eitflow.link_variables(prob)
    assert all(len(m) == 12 for m in lv["x_by_month"])
    assert set(lv["x"].iloc[0].keys()) == set(lv["x_by_month"].iloc[0])
    assert np.all([y is not None for y in lv["y"]])


def test_no_candidate_link_reads_back_as_optimise_says():
    far = SITES.assign(lat=[40.0, 50.0, 60.0, 70.0])       # 1,100 km apart: no candidate link
    scen = eitflow.scenario_from_frames(far, FLOWS)
    prob = eitflow.pulp_problem(scen)
    prob.solve(pulp.PULP_CBC_CMD(msg=False))
    res = eitflow.result_from_pulp(prob)
    ref = eitflow.optimise(scen)
    assert (res.status, res.objective, res.bound, len(res.matches)) == (ref.status, 0.0, 0.0, 0) == ("optimal", 0.0, 0.0, 0)
    assert len(res.unmatched) == len(ref.unmatched) == 4
    # PuLP gives an empty problem a variable of its own (__dummy) to solve it: none was added
    assert res.summary["message"] == "solved in PuLP: 0 rows and 0 variables added to eitflow's model"
    assert res.summary["counts"]["variables"] == ref.summary["counts"]["variables"] == 0


def test_every_integer_column_is_counted_hubs_and_pulp_alike():
    """A hub is a binary of its own (w): with links of no fixed cost (no switch y) the model's
    only integer column; `optimise` and `result_from_pulp` both count it, and an integer
    variable added in PuLP besides."""
    from eitflow.bench.instances import GOOD_RESOURCE
    from test_hubs import FLOWS as HF
    from test_hubs import LINKS as HL
    from test_hubs import SITES as HS
    from test_hubs import _hub
    scen = eitflow.scenario_from_frames(HS, HF, HL, GOOD_RESOURCE, hubs=_hub(500.0), discount_rate=0.0,
                                        lifetime_years=1.0, solver={"mip_gap": 0})
    assert eitflow.optimise(scen).summary["counts"]["binaries"] == 1
    prob = eitflow.pulp_problem(scen)
    assert eitflow.link_variables(prob)["y"].isna().all()     # no link switch: the hub's w only
    lorries = pulp.LpVariable("lorries", lowBound=0, cat="Integer")
    prob += 40 * lorries >= pulp.lpSum(eitflow.link_variables(prob)["x"]), "lorry_load"   # 40 t/yr a lorry
    prob.solve(pulp.PULP_CBC_CMD(msg=False))
    res = eitflow.result_from_pulp(prob)
    assert res.status == "optimal" and res.summary["counts"]["binaries"] == 1 + 1


def test_a_solver_stopped_at_its_own_gap_does_not_give_its_solution_as_the_bound():
    """PuLP's status `Optimal` means optimal within the gap the solver was given. HiGHS told to
    stop at a 50 % gap stops at 626,732 EUR/yr, well below the optimum, 847,520 EUR/yr (brute
    force over the truck counts): the run was reported "optimal, gap 0.00 %" with that solution
    as its bound, a bound below the optimum. HiGHS's own bound (872,829 EUR/yr here) is read
    instead: any bound of a maximum is at least the optimum, and the gap follows from it;
    above the scenario's target (0.1 %) the solution is only `feasible`."""
    best = _trucks_by_brute_force()
    prob, _ = _with_trucks()
    prob.solve(pulp.HiGHS(msg=False, gapRel=0.5))
    res = eitflow.result_from_pulp(prob)
    assert res.objective < best - 1000        # HiGHS did stop short (else this test tests nothing)
    assert res.bound >= best * (1 - 1e-9)
    assert res.gap == pytest.approx((res.bound - res.objective) / res.objective, rel=1e-9)
    assert res.status == "feasible"
    assert res.summary["bound"] == res.bound and res.summary["gap"] == res.gap
    # CBC told to stop at a gap: PuLP does not say CBC's bound, so none is claimed
    prob, _ = _with_trucks()
    prob.solve(pulp.PULP_CBC_CMD(msg=False, gapRel=0.5))
    res = eitflow.result_from_pulp(prob)
    assert res.objective <= best * (1 + 1e-9)
    assert (res.status, res.bound, res.gap) == ("feasible", None, None)
    assert "gapRel 0.5" in res.summary["message"] and "gapRel 0,5" in res.status_message("fr")
    # HiGHS left at its defaults proves the optimum (within its 0.01 %): optimal, its bound read
    prob, _ = _with_trucks()
    prob.solve(pulp.HiGHS(msg=False))
    res = eitflow.result_from_pulp(prob)
    assert res.status == "optimal" and res.objective == pytest.approx(best, rel=1e-6)
    assert res.bound >= best * (1 - 1e-9) and res.gap <= 1e-4


def test_a_time_limit_before_any_solution_is_said_so_not_not_solved():
    """A solve stopped by its time limit before a first solution was reported as an error,
    "not solved: call prob.solve(...)", although prob.solve was called: it is `time_limit`, as
    `eitflow.optimise` says it, and the message names the limit."""
    prob = eitflow.pulp_problem(_scenario())
    prob.solve(pulp.PULP_CBC_CMD(msg=False, timeLimit=0))
    res = eitflow.result_from_pulp(prob)
    assert res.status == "time_limit" and res.objective is None
    assert "call prob.solve" not in res.summary["message"]
    assert "time limit" in res.summary["message"] and "limite de temps" in res.status_message("fr")
    # and not "solved": it read "solved in PuLP: 0 rows and 0 variables added ...; the solver's time limit (0 s)
    # came before any solution"
    assert res.summary["message"] == ("no solution in PuLP (0 rows and 0 variables added to eitflow's model); the "
                                      "solver's time limit (0 s) came before any solution")
    assert res.status_message("fr").startswith("pas de solution dans PuLP (0 ligne et 0 variable ajoutées")


def test_a_solution_breaking_eitflows_rows_says_they_were_changed_in_pulp():
    """Removing eitflow's demand and link rows in PuLP lets the solver send all 30,000 MWh/yr to
    each demand: `result_from_pulp` refuses it (SolveError, as the README says) but said "the
    solver returned a solution that violates the model", as if the solver were wrong; it names
    the likely cause, eitflow's rows changed in PuLP."""
    prob = eitflow.pulp_problem(_scenario())
    for k in [k for k in prob.constraints if k.startswith(("demand", "link"))]:
        del prob.constraints[k]
    prob.solve(pulp.PULP_CBC_CMD(msg=False))
    with pytest.raises(eitflow.SolveError, match=r"violates the model: .* \(in PuLP: a row or bound of "
                                                 r"eitflow's model removed or loosened\?"):
        eitflow.result_from_pulp(prob)


def _fctp_4x10():
    """A fixed-charge transport of 4 sources and 10 sinks (seed 0 of numpy's default_rng,
    whose stream is fixed): big enough that CBC told to stop at a 50 % gap stops short."""
    from eitflow.bench.instances import GOOD_RESOURCE, fctp_frames

    rng = np.random.default_rng(0)
    m, n = 4, 10
    sup = rng.integers(20, 60, m).astype(float)
    dem = rng.integers(5, 15, n).astype(float)
    dem *= sup.sum() / dem.sum() * 0.9
    f = rng.integers(50, 400, (m, n)).astype(float)
    c = rng.integers(1, 20, (m, n)).astype(float)
    s, fl, links = fctp_frames(m, n, sup, dem, f, c)
    return eitflow.scenario_from_frames(s, fl, links, resources=GOOD_RESOURCE, objective="net_benefit",
                                        carbon_price_eur_per_t=0.0, discount_rate=0.0, lifetime_years=1.0,
                                        solver={"name": "highs", "time_limit_s": 60.0, "mip_gap": 0.0})


def test_a_solver_option_pulp_does_not_name_as_a_gap_gives_no_bound():
    """CBC reads `ratio 0.5` as its ratioGap (its log: "ratioGap was changed from 0 to 0.5")
    and stops at -2,840.38 EUR/yr, reporting "Optimal"; the second solver, HiGHS with a gap of
    0 (`eitflow.optimise`), proves the optimum -2,790.25 EUR/yr, better. The run was said
    "optimal, gap 0.00 %" with -2,840.38 as its bound, a bound below the optimum: an option
    PuLP does not name (not gapRel, not "gap" in its text) left CBC's default gap assumed.
    Any option given to CBC may stop it short: feasible, bound unknown, the options named."""
    scen = _fctp_4x10()
    best = eitflow.optimise(scen)
    assert best.status == "optimal" and best.gap == 0.0
    prob = eitflow.pulp_problem(scen)
    prob.solve(pulp.PULP_CBC_CMD(msg=False, options=["ratio 0.5"]))
    res = eitflow.result_from_pulp(prob)
    assert res.objective < best.objective - 10      # CBC did stop short (else this tests nothing)
    assert (res.status, res.bound, res.gap) == ("feasible", None, None)
    assert "ratio 0.5" in res.summary["message"] and "ratio 0.5" in res.status_message("fr")
    # CBC without options proves the optimum: its default gaps are 0 (ratioGap) and 1e-10 (allowableGap)
    prob = eitflow.pulp_problem(scen)
    prob.solve(pulp.PULP_CBC_CMD(msg=False))
    res = eitflow.result_from_pulp(prob)
    assert res.status == "optimal" and res.objective == pytest.approx(best.objective, rel=1e-6)


def test_another_solver_whose_bound_pulp_does_not_report_is_not_said_optimal():
    """A solver other than CBC and pulp.HiGHS() stops at its own default gap (HiGHS_CMD 0.01 %,
    Gurobi and CPLEX 0.01 %, ...), which PuLP does not pass on, nor the solver's bound. Here a
    solver of the user's own, stopping at 50 % (CBC inside, gapRel 0.5 not shown to eitflow):
    it stopped at -2,840.38 EUR/yr below HiGHS's proven optimum -2,790.25, and was said
    optimal with gap 0.00 %. Unknown solver: feasible, bound unknown, the solver named."""

    class TheirSolver(pulp.LpSolver):
        def available(self):
            return True

        def actualSolve(self, lp, **kw):
            return pulp.PULP_CBC_CMD(msg=False, gapRel=0.5).actualSolve(lp, **kw)

    scen = _fctp_4x10()
    best = eitflow.optimise(scen)
    prob = eitflow.pulp_problem(scen)
    prob.solve(TheirSolver())
    res = eitflow.result_from_pulp(prob)
    assert res.objective < best.objective - 10
    assert (res.status, res.bound, res.gap) == ("feasible", None, None)
    assert "TheirSolver" in res.summary["message"] and "TheirSolver" in res.status_message("fr")


def _transport(m: int = 12, n: int = 40, **params):
    """An m x n fixed-charge transport: at 12 x 40 (480 links) CBC takes longer than 0.5 s; at
    20 x 60 HiGHS too (3.4 s to its optimum here, 1.25 s at 12 x 40: too close to 0.5 s on a
    faster machine), with a solution found within 0.5 s."""
    from eitflow.bench.instances import GOOD_RESOURCE, fctp_frames

    rng = np.random.default_rng(1)
    sup = rng.integers(20, 60, m).astype(float)
    dem = rng.integers(5, 15, n).astype(float)
    dem *= sup.sum() / dem.sum() * 0.9
    s, fl, links = fctp_frames(m, n, sup, dem, rng.integers(50, 400, (m, n)).astype(float),
                               rng.integers(1, 20, (m, n)).astype(float))
    return eitflow.scenario_from_frames(s, fl, links, resources=GOOD_RESOURCE, carbon_price_eur_per_t=0.0,
                                        discount_rate=0.0, lifetime_years=1.0, **params)


def test_a_stop_at_the_time_limit_with_a_solution_says_so_not_solved():
    """CBC stopped by its time limit with a solution (PuLP: status Optimal, solution "integer
    feasible"): the message began "solved in PuLP", read as if solved. It says the solver
    stopped at its time limit with the best solution found, not proven optimal, in English and
    French; the status line says the bound is unknown. The limit is reached by making CBC take
    longer than 0.01 s (a 12 x 40 transport, 480 links: CBC's log says "Stopped on time")."""
    prob = eitflow.pulp_problem(_transport())
    prob.solve(pulp.PULP_CBC_CMD(msg=False, timeLimit=0.5))
    assert prob.sol_status == pulp.LpSolutionIntegerFeasible   # CBC stopped on time with a solution
    res = eitflow.result_from_pulp(prob)
    assert (res.status, res.bound) == ("feasible", None)
    msg, fr = res.summary["message"], res.status_message("fr")
    assert not msg.startswith("solved") and not fr.startswith("résolu")
    assert msg.startswith("stopped in PuLP at the solver's time limit (0.5 s): the best solution found, not proven optimal")
    assert fr.startswith("arrêté dans PuLP à la limite de temps du solveur (0,5 s) : la meilleure solution trouvée, "
                         "sans preuve d'optimalité")
    assert "bound unknown" in res.status_line("en") and "borne inconnue" in res.status_line("fr")


def _report_says(res, tmp_path) -> dict:
    """Per language: (the report's status headline, its footer's Solver row), from the run
    directory as `eitflow report` reads it."""
    import re

    from eitflow.report.html import render_html
    from eitflow.report.tables import status_words

    eitflow.write_run(res, tmp_path / "run")
    data = eitflow.read_run(tmp_path / "run")
    out = {}
    for lang, word in (("en", "Solver"), ("fr", "Solveur")):
        row = re.search(rf"<tr><td>{word}</td><td>([^<]*)</td></tr>", render_html(data, lang))
        out[lang] = (status_words(data.summary, lang)[1], row.group(1))
    return out


@pytest.mark.parametrize("solver", ["highs", "highs_own_option", "cbc"])
@pytest.mark.slow
def test_the_report_says_the_time_limit_given_to_pulp_not_the_scenario_s(tmp_path, solver):
    """A model solved in PuLP with a 0.5 s time limit, its scenario's solver.time_limit_s 60 s:
    the report's status block said "(time limit 60 s)" and its footer "time limit 60 s", the
    scenario's, a limit that solve never had; with HiGHS's own option name (`time_limit=0.5`,
    passed through to HiGHS by PuLP) the message said "the solver's time limit (0 s)". All say
    0.5 s (0,5 s in French): the limit read from the solver PuLP ran (HiGHS's own option, else
    the solver's timeLimit); summary.json's time_limit_s is 0.5. Expected wording from
    messages.csv (status_time_limit_of, f_solver_v, sol_pulp_stopped_time)."""
    prob = eitflow.pulp_problem(_transport(20, 60, solver={"time_limit_s": 60}))
    prob.solve({"highs": lambda: pulp.HiGHS(msg=False, timeLimit=0.5),
                "highs_own_option": lambda: pulp.HiGHS(msg=False, time_limit=0.5),
                "cbc": lambda: pulp.PULP_CBC_CMD(msg=False, timeLimit=0.5)}[solver]())
    res = eitflow.result_from_pulp(prob)
    assert res.status == "feasible"    # stopped by the 0.5 s with a solution (else this tests nothing)
    assert res.summary["message"].startswith("stopped in PuLP at the solver's time limit (0.5 s): ")
    assert res.status_message("fr").startswith("arrêté dans PuLP à la limite de temps du solveur (0,5 s) : ")
    said = _report_says(res, tmp_path)
    head, foot = said["en"]
    assert "when the solver stopped (time limit 0.5 s)." in head and "60 s" not in head   # the bound may hold 60: -8,460
    assert foot == "pulp; gap target 0.1%; time limit 0.5\xa0s"   # the page's: its unit glued, one line
    head, foot = said["fr"]
    assert "à l'arrêt du solveur (limite de temps : 0,5 s)." in head and "60 s" not in head   # the bound may hold 60: -8,460
    assert foot == "pulp ; écart cible 0,1\xa0% ; limite de temps 0,5\xa0s"   # Babel: a no-break space before %
    assert res.summary["time_limit_s"] == 0.5


def test_a_pulp_solve_given_no_time_limit_is_said_with_none(tmp_path):
    """HiGHS in PuLP given no time limit, stopped at the 50 % gap it was told: the report said
    "(time limit 60 s)" (the scenario's default, which that solve never had). It says no limit:
    summary.json's time_limit_s is null, the status block says only that the solver stopped, the
    footer names the solver and the gap target."""
    prob, _ = _with_trucks()
    prob.solve(pulp.HiGHS(msg=False, gapRel=0.5))
    res = eitflow.result_from_pulp(prob)
    assert res.status == "feasible" and res.scenario.params.solver.time_limit_s == 60
    said = _report_says(res, tmp_path)
    head, foot = said["en"]
    assert "when the solver stopped. A better one may exist" in head and "time limit" not in head
    assert foot == "pulp; gap target 0.1%"
    head, foot = said["fr"]
    assert "à l'arrêt du solveur. Une meilleure peut exister" in head and "limite" not in head
    assert foot == "pulp ; écart cible 0,1\xa0%"
    assert res.summary["time_limit_s"] is None


def test_a_solution_with_an_idle_switch_keeps_highs_bound():
    """HiGHS told to stop at a 10 % gap on a 5 x 12 transport leaves one link built idle (its
    y at 1, its flow 0, its fixed cost 93 EUR/yr in PuLP's objective, -3,353.58 EUR/yr):
    eitflow turns that switch off (`solve.tidy`: same plan, 93 EUR/yr more, -3,260.58) and then
    read the two objectives differing as "the objective was changed in PuLP", dropping HiGHS's
    bound (-3,021.07): "gap unknown, bound unknown" for a solve whose bound was known. The
    objective is eitflow's when its expression is (same coefficients, no constant), whatever
    the two values. Checked by hand from the solution's values and the links' coefficients:
    PuLP's objective = sum(value x) - sum(fixed y); eitflow's = the same without the idle
    link's fixed cost; bound = minus HiGHS's dual bound (it minimises minus the objective)."""
    prob = eitflow.pulp_problem(_transport(5, 12))
    prob.solve(pulp.HiGHS(msg=False, gapRel=0.1))
    lv = eitflow.link_variables(prob)
    x = np.array([pulp.value(e) for e in lv["x"]])
    y = np.array([v.varValue for v in lv["y"]])
    idle = (y > 0.5) & (x <= 0)
    assert idle.sum() == 1       # HiGHS left one switch on idle (else this tests nothing)
    by_hand = float(lv["value_eur_per_unit"] @ x - lv["fixed_eur_per_yr"] @ y)
    assert pulp.value(prob.objective) == pytest.approx(by_hand, rel=1e-9)   # -3,353.58
    tidied = by_hand + float(lv["fixed_eur_per_yr"][idle].sum())            # -3,260.58
    bound = -prob.solverModel.getInfo().mip_dual_bound                     # -3,021.07
    res = eitflow.result_from_pulp(prob)
    assert res.objective == pytest.approx(tidied, rel=1e-9)
    assert res.statistics.totals()["net_benefit_eur_per_yr"] == pytest.approx(tidied, rel=1e-9)
    assert res.bound == pytest.approx(bound, rel=1e-9)
    assert res.gap == pytest.approx((bound - tidied) / abs(tidied), rel=1e-9)   # 7.3 %
    assert res.status == "feasible" and "objective was changed" not in res.summary["message"]


def test_a_switch_the_user_forced_on_is_not_turned_off(tmp_path):
    """A pipe committed in PuLP, ``y == 1`` for S2 -> D10 (fixed 352 EUR/yr), which the optimum
    leaves idle: HiGHS proves -3,142.25 EUR/yr, the optimum without it (-2,790.25, `optimise`:
    a second solve) less its 352 EUR/yr. eitflow turned the idle switch off (`solve.tidy` checks
    eitflow's rows, not the user's) and reported -2,790.25, a plan that breaks the user's row.
    A switch is turned off only where the PuLP problem's rows and bounds still hold.

    Then the tables left the idle pipe out: objective -3,142.25, statistics' total -2,790.25, a
    user reconciling them could not. Every view lists it, amount 0, its 352 EUR/yr, built_idle:
    by hand, total = -2,790.25 - 352 = -3,142.25 = objective = sum of matches.csv's rows (no hub,
    network or supply here) = sum of companies = of zones = of resources; not_chosen.csv does not
    list it; matches.csv written and read back keeps it."""
    from eitflow.results.notchosen import not_chosen

    scen = _fctp_4x10()
    free = eitflow.optimise(scen)
    assert free.status == "optimal"
    want = free.objective - 352                                  # -2,790.25 - 352 = -3,142.25 EUR/yr
    for force in ("row", "bound"):
        prob = eitflow.pulp_problem(scen)
        lv = eitflow.link_variables(prob)
        k = lv.index[(lv["source_site"] == "S2") & (lv["sink_site"] == "D10")][0]
        assert lv["fixed_eur_per_yr"][k] == 352
        if force == "row":
            prob += lv["y"][k] == 1, "committed_pipe"
        else:
            lv["y"][k].lowBound = 1
        prob.solve(pulp.HiGHS(msg=False))
        assert pulp.value(lv["x"][k]) == 0          # left idle (else this tests nothing)
        res = eitflow.result_from_pulp(prob)
        assert res.objective == pytest.approx(want, rel=1e-9)
        assert res.status == "optimal" and res.bound == pytest.approx(want, rel=1e-6)
        st = res.statistics
        assert st.totals()["net_benefit_eur_per_yr"] == pytest.approx(want, rel=1e-9)
        assert st.totals()["n_links"] == len(free.matches) + 1
        m = res.matches
        idle = m[(m["source_site"] == "S2") & (m["sink_site"] == "D10")]
        assert len(idle) == 1 and m["built_idle"].sum() == 1
        row = idle.iloc[0]
        assert (row["amount"], row["fixed_eur_per_yr"], row["net_benefit_eur_per_yr"], row["built_idle"]) == \
            (0.0, 352.0, -352.0, True)
        assert m["net_benefit_eur_per_yr"].sum() == pytest.approx(want, rel=1e-9)
        links = st.links().set_index("link")
        assert np.isnan(links.loc[k, "price_eur_per_unit"])        # nothing exchanged: no price
        assert (links.loc[k, "source_benefit_eur_per_yr"], links.loc[k, "sink_benefit_eur_per_yr"]) == (0.0, -352.0)
        assert st.companies()["total_eur_per_yr"].sum() == pytest.approx(want, rel=1e-9)
        for rule in ("company", "sink", "source", "half"):
            assert st.zones(rule)["net_benefit_eur_per_yr"].sum() == pytest.approx(want, rel=1e-9)
        assert st.resources()["net_benefit_eur_per_yr"].sum() == pytest.approx(want, rel=1e-9)
        nc = not_chosen(res)
        assert not ((nc["source_site"] == "S2") & (nc["sink_site"] == "D10")).any()
        assert "links built without flow, kept on by your rows or bounds in PuLP: S2 → D10 (352 EUR/yr" \
            in res.summary["message"] and "listed with amount 0" in res.summary["message"]
        assert "liaisons construites sans flux" in res.status_message("fr") and "(352 €/an" in res.status_message("fr")
    eitflow.write_run(res, tmp_path / "run")
    back = eitflow.read_run(tmp_path / "run").matches
    assert back["built_idle"].tolist().count(True) == 1
    assert back["net_benefit_eur_per_yr"].sum() == pytest.approx(want, rel=1e-6)
    # the report's price band: it carries nothing (its band NaN was said "costs more than it brings")
    from eitflow.report.html import write_report

    text = write_report(tmp_path / "run", lang="en").read_text(encoding="utf-8")
    assert text.count("none: the link carries nothing, kept built by a row or bound of yours") == 1


def test_an_extra_row_forcing_a_switch_on_lists_the_idle_link():
    """The same commitment written as `extra` in `eitflow.optimise` (y of S2 -> D10 >= 1): the
    objective was -3,142.25 EUR/yr and every table -2,790.25, with no word of the 352 EUR/yr
    between them. By hand: -2,790.25 (the free optimum, a second solve) - 352 = -3,142.25, the
    objective, the total and the sum of matches.csv, whose S2 -> D10 row carries 0."""
    from eitflow.model.arrays import LinearConstraint

    scen = _fctp_4x10()
    want = eitflow.optimise(scen).objective - 352
    cand = eitflow.build_candidates(scen)
    lk = cand.links
    k = np.flatnonzero((lk["source_site"] == "S2") & (lk["sink_site"] == "D10"))[0]
    y = np.zeros(len(lk))
    y[k] = 1.0
    res = eitflow.optimise(scen, candidates=cand, extra=[LinearConstraint(x_coef=np.zeros(len(lk)), y_coef=y, lo=1.0)])
    assert res.objective == pytest.approx(want, rel=1e-9)
    assert res.statistics.totals()["net_benefit_eur_per_yr"] == pytest.approx(want, rel=1e-9)
    assert res.matches["net_benefit_eur_per_yr"].sum() == pytest.approx(want, rel=1e-9)
    idle = res.matches[res.matches["built_idle"]]
    assert idle[["source_site", "sink_site", "amount", "net_benefit_eur_per_yr"]].values.tolist() == \
        [["S2", "D10", 0.0, -352.0]]


@pytest.mark.parametrize("solver", ["cbc", "highs"])
def test_a_relaxation_solved_with_mip_false_is_named_not_blamed_on_changed_rows(solver):
    """``mip=False`` makes PuLP's solvers solve the LP relaxation: on the 4 x 10 transport links
    carry flow on fractional switches (HiGHS: y_18 = 0.15; worth -2,633.77 EUR/yr, above the
    optimum -2,790.25: not a plan). eitflow rounded the switches to 0 and raised "violates the
    model: constraint link_18_max ... (in PuLP: a row or bound of eitflow's model removed or
    loosened?)", although no row was touched. It names the cause: binaries left fractional,
    mip=False; and a binary made continuous in PuLP, where that is the cause."""
    prob = eitflow.pulp_problem(_fctp_4x10())
    prob.solve({"cbc": lambda: pulp.PULP_CBC_CMD(msg=False, mip=False),
                "highs": lambda: pulp.HiGHS(msg=False, mip=False)}[solver]())
    ys = [v.varValue for v in eitflow.link_variables(prob)["y"]]
    frac = [v for v in ys if 1e-5 < v < 1 - 1e-5]
    assert frac                                   # the relaxation left switches fractional
    with pytest.raises(eitflow.SolveError) as err:
        eitflow.result_from_pulp(prob)
    msg = str(err.value)
    assert f"{len(frac)} binary variables of eitflow's model are fractional" in msg and "mip=False" in msg
    assert "removed or loosened" not in msg
    # a switch made continuous in PuLP (cat), solved as a MILP: that is named instead
    prob = eitflow.pulp_problem(_fctp_4x10())
    for v in eitflow.link_variables(prob)["y"]:
        v.cat = pulp.LpContinuous
    prob.solve({"cbc": lambda: pulp.PULP_CBC_CMD(msg=False), "highs": lambda: pulp.HiGHS(msg=False)}[solver]())
    with pytest.raises(eitflow.SolveError, match="of them made continuous in PuLP"):
        eitflow.result_from_pulp(prob)


def test_an_infeasible_extension_says_why():
    """A row of the user's that cannot hold (at least 10^9 MWh/yr sent, the UVE holds 30,000)
    or a bound (x_0 >= 10^9): the result said "solved in PuLP: 1 row and 0 variables added
    to eitflow's model; PuLP status Infeasible: no solution", no reason. No demand of this
    scenario is required, so building nothing satisfies eitflow's model (worked out: every row
    holds at 0): the rows or bounds added in PuLP are the cause, and are named."""
    # CBC refuses a lower bound above the upper one (PuLP raises PulpSolverError): HiGHS only there
    for change, solver in (("row", pulp.PULP_CBC_CMD(msg=False)), ("row", pulp.HiGHS(msg=False)),
                           ("bound", pulp.HiGHS(msg=False))):
        prob = eitflow.pulp_problem(_scenario())
        lv = eitflow.link_variables(prob)
        if change == "row":
            prob += pulp.lpSum(lv["x"]) >= 1e9, "ten_to_the_nine"
        else:
            lv["x_by_month"][0][0].lowBound = 1e9
        prob.solve(solver)
        res = eitflow.result_from_pulp(prob)
        msg, fr = res.summary["message"], res.status_message("fr")
        assert res.status == "infeasible" and not msg.startswith("solved")
        named = "ten_to_the_nine" if change == "row" else "x_0"   # the variable whose bound changed
        assert ("eitflow's model alone has a solution (building nothing): the rows and bounds added or changed "
                f"in PuLP cannot all hold with it: {named}") in msg
        assert ("le modèle d'eitflow seul a une solution (ne rien construire) : les contraintes et bornes "
                f"ajoutées ou changées dans PuLP ne peuvent pas toutes tenir avec lui : {named}") in fr


def test_an_infeasible_extension_of_an_infeasible_model_says_eitflows_reason():
    """SERRES required, 90,000 MWh/yr, where the UVE holds 30,000 (29,817.9 after the pipe's
    losses: 60,182.1 short): eitflow's model itself is infeasible, whatever was added in PuLP.
    The PuLP result gave no reason; it gives `eitflow.optimise`'s diagnosis (not_enough_supply,
    the shortfall worked out as 90,000 - 30,000 x yield)."""
    hand = _by_hand()
    need = 90_000
    short = need - 30_000 * (need / hand["SERRES"][2] / 10)   # yield = 9,000 / (MWh to send for 9,000)
    fl = FLOWS.assign(required=[False, True, False, False])
    fl.loc[1, "amount"] = need
    scen = eitflow.scenario_from_frames(SITES, fl, carbon_price_eur_per_t=100, heat_pump={"enabled": False})
    prob = eitflow.pulp_problem(scen)
    prob.solve(pulp.HiGHS(msg=False))
    res = eitflow.result_from_pulp(prob)
    assert res.status == "infeasible"
    fid = scen.flows.set_index("site_id")["flow_id"]["SERRES"]
    assert f"required demand {fid} (SERRES) cannot be met, {short:,.1f} MWh/yr short - not_enough_supply" \
        in res.summary["message"]
    assert list(res.unmatched.loc[res.unmatched["flow_id"] == fid, "reason"]) == ["not_enough_supply"]


def test_a_cost_of_the_users_in_the_objective_is_said_apart():
    """Trucks at 5,000 EUR/yr each put in PuLP's objective: the result said "the objective was
    changed in PuLP" and gave eitflow's objective (trucks not counted) with no trace of PuLP's,
    the one the solver maximised. PuLP's value is said beside eitflow's. Worked out by brute
    force over the truck counts: max over (k_SERRES, k_PISCINE, k_LAITERIE), sum <= 20, of
    sum(max(0, v min(need, 1,000 k) - F) - 5,000 k); eitflow's objective is that plus 5,000
    per truck of the optimum. A solve stopped short (CBC, 0.5 s, a 12 x 40 transport with a
    variable of the user's in its objective) said nothing of the change: it says it too."""
    hand, names = _by_hand(), ["SERRES", "PISCINE", "LAITERIE"]

    def worth(t):
        return sum(max(0.0, hand[d][0] * min(hand[d][2], 1000 * k) - hand[d][1]) - 5000 * k for d, k in zip(names, t))

    best_t = max((t for t in itertools.product(range(21), repeat=3) if sum(t) <= 20), key=worth)
    prob, lv = _with_trucks()
    trucks = [v for v in prob.variables() if v.name.startswith("trucks_")]
    prob.setObjective(prob.objective - 5000 * pulp.lpSum(trucks))
    prob.solve(pulp.PULP_CBC_CMD(msg=False))
    res = eitflow.result_from_pulp(prob)
    assert res.status == "feasible" and res.bound is None
    assert res.objective == pytest.approx(worth(best_t) + 5000 * sum(best_t), rel=1e-6)
    assert f"the objective was changed in PuLP (PuLP's value {worth(best_t):,.2f}, your terms included)" \
        in res.summary["message"]
    said = f"{worth(best_t):,.2f}".replace(",", "\u202f").replace(".", ",")
    assert f"l'objectif a été changé dans PuLP (valeur dans PuLP {said}, vos termes compris)" in res.status_message("fr")
    prob = eitflow.pulp_problem(_transport())
    mine = pulp.LpVariable("mine", lowBound=0, upBound=1)
    prob.setObjective(prob.objective + mine)
    prob.solve(pulp.PULP_CBC_CMD(msg=False, timeLimit=0.5))
    assert prob.sol_status == pulp.LpSolutionIntegerFeasible   # stopped short (else this tests nothing)
    res = eitflow.result_from_pulp(prob)
    assert res.status == "feasible" and "the objective was changed in PuLP" in res.summary["message"]


def test_the_components_counted_are_the_models_as_optimise_counts_them():
    """Two pairs of sites 700 km apart (a heat source and a greenhouse near Valenciennes, the
    same near Marseille): two independent components by hand, as `eitflow.optimise` says
    (summary counts.components, the report's "2 independent components"); read back from
    PuLP it said 1, a figure of the scenario that does not depend on the solver."""
    sites = pd.DataFrame({"site_id": ["UVE", "SERRES", "UVE2", "SERRES2"],
                          "lat": [50.28, 50.30, 43.30, 43.32], "lon": [3.97, 3.96, 5.40, 5.41]})
    flows = pd.DataFrame({"site_id": ["UVE", "SERRES", "UVE2", "SERRES2"],
                          "direction": ["supply", "demand", "supply", "demand"], "resource": "heat",
                          "amount": [30, 9000, 30, 9000], "unit": ["GWh/yr", "MWh/yr", "GWh/yr", "MWh/yr"],
                          "temperature_c": [130, 60, 130, 60], "price_eur_per_unit": [0, 40, 0, 40]})
    scen = eitflow.scenario_from_frames(sites, flows, carbon_price_eur_per_t=100, heat_pump={"enabled": False})
    prob = eitflow.pulp_problem(scen)
    assert len(eitflow.link_variables(prob)) == 2          # one link in each pair
    prob.solve(pulp.HiGHS(msg=False))
    res = eitflow.result_from_pulp(prob)
    assert res.summary["counts"]["components"] == eitflow.optimise(scen).summary["counts"]["components"] == 2


def test_a_row_added_after_the_solve_is_not_said_part_of_it():
    """A row added after `prob.solve` (LAITERIE forbidden) and the solution read back: it said
    "optimal ... 1 row added to eitflow's model" with LAITERIE served (the plan of the solve
    before the row, 1,162,726.62 EUR/yr), a plan that breaks it. The solution is checked against
    the rows added in PuLP: it raises SolveError naming the row and the likely cause."""
    prob = eitflow.pulp_problem(_scenario())
    lv = eitflow.link_variables(prob)
    prob.solve(pulp.HiGHS(msg=False))
    assert lv.loc[lv["sink_site"] == "LAITERIE", "y"].iloc[0].varValue == 1   # LAITERIE served
    prob += lv.loc[lv["sink_site"] == "LAITERIE", "y"].iloc[0] == 0, "no_laiterie"
    with pytest.raises(eitflow.SolveError, match=r"the solution breaks rows added in PuLP: no_laiterie \(added "
                                                 r"after the last solve\? call prob.solve\(\.\.\.\) again\)"):
        eitflow.result_from_pulp(prob)
    prob.solve(pulp.HiGHS(msg=False))          # solved again: read back, LAITERIE not served
    assert sorted(eitflow.result_from_pulp(prob).matches["sink_site"]) == ["PISCINE", "SERRES"]


def test_highs_stopped_by_its_node_or_solution_count_reads_as_stopped():
    """PuLP 3.3.2's HiGHS knows no kSolutionLimit, the status HiGHS stops with at a
    ``mip_max_nodes``, ``mip_max_leaves`` or ``mip_max_improving_sols`` limit: `prob.solve`
    raised ``KeyError: <HighsModelStatus.kSolutionLimit: 16>``, and `result_from_pulp` then said
    "not solved: call prob.solve(...)" of a problem HiGHS had solved to a first plan. On eitflow's
    problem it reads as a stop: `feasible`, the limit named, HiGHS's bound and the gap.
    Checked by hand from the solution: eitflow's objective = sum(v x) - sum(F y) over the links
    (an idle switch turned off: its F back), the bound minus HiGHS's dual bound (it minimises
    minus the objective), and the optimum of a second solve (`optimise`) between the two."""
    scen = _fctp_4x10()
    best = eitflow.optimise(scen).objective                                # -2,790.25 EUR/yr
    prob = eitflow.pulp_problem(scen)
    prob.solve(pulp.HiGHS(msg=False, mip_max_improving_sols=1))              # stops at its first plan
    assert prob.solverModel.getModelStatus().name == "kSolutionLimit"
    lv = eitflow.link_variables(prob)
    x = np.array([pulp.value(e) for e in lv["x"]])
    y = np.array([v.varValue for v in lv["y"]])
    idle = (y > 0.5) & (x <= 0)
    by_hand = float(lv["value_eur_per_unit"] @ x - lv["fixed_eur_per_yr"] @ y) + float(lv["fixed_eur_per_yr"][idle].sum())
    bound = -prob.solverModel.getInfo().mip_dual_bound
    res = eitflow.result_from_pulp(prob)
    assert res.status == "feasible"
    assert res.objective == pytest.approx(by_hand, rel=1e-9) and res.objective < best - 1.0   # -2,957.70: short of it
    assert res.bound == pytest.approx(bound, rel=1e-9) and bound >= best - 1e-6               # -2,633.77
    assert res.gap == pytest.approx((bound - by_hand) / abs(by_hand), rel=1e-9)
    assert res.summary["message"].startswith("stopped in PuLP at HiGHS's limit (mip_max_improving_sols 1): the best "
                                             "solution found, not proven optimal")
    assert res.status_message("fr").startswith("arrêté dans PuLP à la limite de HiGHS (mip_max_improving_sols 1)")
    # a node limit before a first plan (mip_max_nodes 0): no solution, the limit named, not "not solved";
    # the problem pickles (a process pool) as PuLP's own does
    prob = pickle.loads(pickle.dumps(eitflow.pulp_problem(scen)))
    prob.solve(pulp.HiGHS(msg=False, mip_max_nodes=0))
    res = eitflow.result_from_pulp(prob)
    assert (res.status, res.objective) == ("error", None)
    assert res.summary["message"] == ("no solution in PuLP (0 rows and 0 variables added to eitflow's model); HiGHS "
                                      "stopped at its limit (mip_max_nodes 0) before a first solution: raise it, or give "
                                      "a time limit instead")
    assert "avant une première solution" in res.status_message("fr")


@pytest.mark.slow
def test_highs_stopped_by_its_node_limit_with_a_plan():
    """``mip_max_nodes=1`` on a 10 x 30 transport (HiGHS needs more nodes): the KeyError of PuLP
    3.3.2 gone, a plan stopped at the node limit, its bound and gap HiGHS's, the optimum of a
    second solve (`optimise`) between the two."""
    scen = _transport(10, 30)
    best = eitflow.optimise(scen).objective
    prob = eitflow.pulp_problem(scen)
    prob.solve(pulp.HiGHS(msg=False, mip_max_nodes=1))
    res = eitflow.result_from_pulp(prob)
    assert res.status == "feasible" and res.objective <= best + 1e-6 <= res.bound + 2e-6
    assert res.bound == pytest.approx(-prob.solverModel.getInfo().mip_dual_bound, rel=1e-9)
    assert res.summary["message"].startswith("stopped in PuLP at HiGHS's limit (mip_max_nodes 1)")
