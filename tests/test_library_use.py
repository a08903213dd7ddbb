"""eitflow used as a library (pandas in, pandas out): what a caller meets that the command
line never does -- typed DataFrames, wrong Python types, several runs in one process."""
from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

import eitflow


def _frames(site_ids=("UVE", "SERRES"), flow_site_ids=None):
    """One heat supply 2 km from one demand (the README's example)."""
    sites = pd.DataFrame({"site_id": list(site_ids), "lat": [50.28, 50.30], "lon": [3.97, 3.96]})
    flows = pd.DataFrame({"site_id": list(flow_site_ids or site_ids), "direction": ["supply", "demand"],
                          "resource": ["heat", "heat"], "amount": [30, 9000], "unit": ["GWh/yr", "MWh/yr"],
                          "temperature_c": [130, 60], "price_eur_per_unit": [0, 40]})
    return sites, flows


def test_integer_ids_keep_their_digits():
    # a SIRET (14 digits) and a small integer as site ids, integer flow ids: a CSV file
    # holding them gives '44229377500031', '2', '101'; the frames read them as '...0.0'
    siret = 44229377500031
    sites, flows = _frames(site_ids=(siret, 2))
    flows["flow_id"] = [101, 102]
    scen = eitflow.scenario_from_frames(sites, flows)
    assert list(scen.sites["site_id"]) == ["44229377500031", "2"]
    assert list(scen.flows["flow_id"]) == ["101", "102"]
    res = eitflow.optimise(scen)
    row = res.matches.iloc[0]
    assert (row["source_site"], row["sink_site"], row["supply_flow_id"]) == ("44229377500031", "2", "101")


def test_an_integer_id_matches_the_same_id_given_as_text_or_float():
    # sites' ids typed as integers, the flows' as text: the same sites
    sites, flows = _frames(site_ids=(1, 2), flow_site_ids=("1", "2"))
    assert len(eitflow.scenario_from_frames(sites, flows).flows) == 2
    # an integer column with a gap is float in pandas (1.0, NaN): 1.0 is site '1'
    sites, flows = _frames(site_ids=(1.0, 2.0), flow_site_ids=("1", "2"))
    assert list(eitflow.scenario_from_frames(sites, flows).sites["site_id"]) == ["1", "2"]


def test_a_column_given_twice_is_reported_not_crashed_on():
    sites, flows = _frames()
    flows = pd.concat([flows, flows[["amount"]]], axis=1)
    with pytest.raises(eitflow.ScenarioError) as e:
        eitflow.scenario_from_frames(sites, flows)
    (p,) = e.value.problems
    assert (p.file, p.row, p.column) == ("flows", 1, "amount")
    assert "more than once" in str(p)


def test_a_table_that_is_not_a_dataframe_is_named():
    sites, flows = _frames()
    with pytest.raises(TypeError, match=r"sites: expected a pandas DataFrame \(found dict\)"):
        eitflow.scenario_from_frames(sites.to_dict("list"), flows)


def test_the_callers_frames_are_not_modified():
    sites, flows = _frames(site_ids=(1, 2))
    before = sites.copy(deep=True), flows.copy(deep=True)
    eitflow.optimise(eitflow.scenario_from_frames(sites, flows))
    pd.testing.assert_frame_equal(sites, before[0])
    pd.testing.assert_frame_equal(flows, before[1])


def test_optimise_refuses_a_path_and_says_what_to_use():
    with pytest.raises(TypeError, match=r"expected a Scenario .*found str.*eitflow\.run_file"):
        eitflow.optimise("scenarios/zae_example/scenario.yaml")


def test_extra_rows_must_have_one_coefficient_per_candidate_link():
    import numpy as np

    from eitflow.model.arrays import LinearConstraint

    scen = eitflow.scenario_from_frames(*_frames())
    cand = eitflow.build_candidates(scen)
    assert len(cand.links) == 1   # UVE -> SERRES, 2.3 km apart
    # three coefficients for one link: the old code read the first and dropped the rest
    with pytest.raises(ValueError, match=r"x_coef has shape \(3,\), expected \(1,\)"):
        eitflow.optimise(scen, candidates=cand, extra=[LinearConstraint(x_coef=np.ones(3), hi=1.0)])
    with pytest.raises(ValueError, match=r"y_coef holds NaN"):
        eitflow.optimise(scen, candidates=cand, extra=[LinearConstraint(np.zeros(1), np.array([np.nan]), hi=0.0)])
    with pytest.raises(TypeError, match=r"extra: expected a list of LinearConstraint"):
        eitflow.optimise(scen, candidates=cand, extra=LinearConstraint(x_coef=np.ones(1), hi=1.0))
    # a right one still binds: at most 8,000 MWh/yr sent, 9,000 asked. By hand, each MWh
    # sent earns 40 EUR x 0.99393 arriving - 0.80 EUR/MWh pumping = 38.95 EUR; 8,000 of them
    # (311,600 EUR/yr) pay for the pipe's 211,866 EUR/yr: built, at the cap
    res = eitflow.optimise(scen, candidates=cand, extra=[LinearConstraint(x_coef=np.ones(1), hi=8000.0)])
    assert res.matches["amount"].iloc[0] == pytest.approx(8000.0, rel=1e-6)
    assert res.statistics.totals()["net_benefit_eur_per_yr"] == pytest.approx(res.objective)


@pytest.mark.parametrize("lo, hi, says", [
    (0.0, float("nan"), r"extra\[0\] \(cap\): hi is NaN"),                 # was: no row at all
    (float("nan"), float("inf"), r"extra\[0\] \(cap\): lo is NaN"),
    (10.0, 5.0, r"extra\[0\] \(cap\): lo 10 > hi 5"),                       # was: "did not finish in time"
    (float("inf"), float("inf"), r"extra\[0\] \(cap\): lo is inf"),
    (float("-inf"), float("-inf"), r"extra\[0\] \(cap\): hi is -inf"),
    ("ten", 5.0, r"extra\[0\] \(cap\): lo must be a number \(found 'ten'\)"),
])
def test_extra_rows_bounds_that_bound_nothing_or_nothing_meets_are_refused(lo, hi, says):
    import numpy as np

    from eitflow.model.arrays import LinearConstraint
    from eitflow.model.build import build_arrays

    scen = eitflow.scenario_from_frames(*_frames())
    cand = eitflow.build_candidates(scen)
    bad = [LinearConstraint(x_coef=np.ones(1), lo=lo, hi=hi, name="cap")]
    with pytest.raises(ValueError, match=says):
        eitflow.optimise(scen, candidates=cand, extra=bad)
    with pytest.raises(ValueError, match=says):
        eitflow.pulp_problem(scen, candidates=cand, extra=bad)
    with pytest.raises(ValueError, match=says):   # the arrays of `to_pulp(build_arrays(...))` too
        build_arrays(scen, cand, extra=bad)


def test_extra_rows_infinite_bounds_are_no_bound():
    import numpy as np

    from eitflow.model.arrays import LinearConstraint

    scen = eitflow.scenario_from_frames(*_frames())
    cand = eitflow.build_candidates(scen)
    free = eitflow.optimise(scen, candidates=cand)
    # lo -inf and hi inf (the defaults, given): the same plan, the whole 9,000 MWh/yr delivered
    # (9,000 / 0.99393 = 9,055 MWh/yr sent)
    res = eitflow.optimise(scen, candidates=cand,
                           extra=[LinearConstraint(x_coef=np.ones(1), lo=-np.inf, hi=np.inf, name="free")])
    assert res.matches["amount"].iloc[0] == pytest.approx(9000.0 / 0.99393, rel=1e-5)
    assert res.objective == pytest.approx(free.objective, rel=1e-9)
    # lo = hi: an equality, 5,000 MWh/yr sent though it does not pay for the pipe (by hand,
    # 5,000 x 38.95 EUR = 194,750 EUR/yr against its 211,866 EUR/yr): lo = hi is no contradiction
    res = eitflow.optimise(scen, candidates=cand,
                           extra=[LinearConstraint(x_coef=np.ones(1), lo=5000.0, hi=5000.0, name="exactly")])
    assert res.status == "optimal"
    assert res.matches["amount"].iloc[0] == pytest.approx(5000.0, rel=1e-6)


def test_status_line_refuses_a_language_it_cannot_say():
    res = eitflow.optimise(eitflow.scenario_from_frames(*_frames()))
    assert res.status_line("FR") == res.status_line("fr")
    with pytest.raises(ValueError, match=r"unknown language 'de': expected one of en, fr"):
        res.status_line("de")


def test_the_package_docstring_names_only_importable_functions():
    # help(eitflow) shows the data path; 'io.read_scenario', 'model.to_pulp', 'solve.solve'
    # were not attributes of those packages
    import importlib
    import re

    names = set()
    for line in eitflow.__doc__.splitlines():
        if "->" in line and "." in line.split("->")[0]:
            names |= set(re.findall(r"\b[a-z_]+(?:\.[A-Za-z_]+)+", line.split("->")[0]))
    assert len(names) >= 7
    for dotted in sorted(names):
        mod, attr = dotted.rsplit(".", 1)
        assert hasattr(importlib.import_module(f"eitflow.{mod}"), attr), dotted


def test_a_nullable_boolean_with_a_gap_reads_as_an_empty_cell():
    # pandas' "boolean" dtype holds NA where a CSV file has an empty cell (not required)
    sites, flows = _frames()
    flows["required"] = pd.array([pd.NA, True], dtype="boolean")
    scen = eitflow.scenario_from_frames(sites, flows)
    assert list(scen.flows["required"]) == [False, True]


def test_candidates_built_for_other_parameters_are_refused():
    # the carbon price is in each link's value (EUR/unit): candidates built at 100 EUR/t and
    # re-used at 0 kept the 100's objective under a summary saying 0
    scen = eitflow.scenario_from_frames(*_frames(), carbon_price_eur_per_t=100)
    cand = eitflow.build_candidates(scen)
    at_zero = scen.params.model_copy(update={"carbon_price_eur_per_t": 0.0})
    with pytest.raises(ValueError, match=r"carbon_price_eur_per_t: 100\.0 then, 0\.0 now.*build_candidates"):
        eitflow.optimise(dataclasses.replace(scen, params=at_zero), candidates=cand)
    # positions of flows of another scenario (one more flow): refused, not an IndexError
    sites, flows = _frames()
    flows = pd.concat([flows, flows.iloc[[1]]], ignore_index=True)
    with pytest.raises(ValueError, match=r"\(flows: 2 then, 3 now\)"):
        eitflow.optimise(eitflow.scenario_from_frames(sites, flows, carbon_price_eur_per_t=100), candidates=cand)
    # the objective and the solver options may change (the coefficients do not depend on them)
    co2 = scen.params.model_copy(update={"objective": "co2",
                                         "solver": scen.params.solver.model_copy(update={"time_limit_s": 30.0})})
    assert eitflow.optimise(dataclasses.replace(scen, params=co2), candidates=cand).status == "optimal"


def test_candidates_pruned_for_one_objective_are_refused_for_the_other():
    """The README re-used candidates "with another objective"; but each objective prunes its
    own: a heat link to a demand paying 5 EUR/MWh loses money and is dropped as uneconomic,
    yet avoids CO2. By hand (catalogue heat: route 1.3 x 2.33 km = 3.04 km, loss 0.2 %/km, so
    yield 0.99393; transport 0.5 + 0.1 EUR/MWh per km; pipe 150,000 EUR + 800,000 EUR/km over
    20 years at 5 %, + 5,000 EUR/yr): v = 0.99393 x 5 - 0.80 = 4.17 EUR per MWh sent, on
    9,000 / 0.99393 = 9,055 MWh/yr 37,720 EUR/yr against F = 211,866 EUR/yr: uneconomic. Its
    CO2: the 9,000 MWh/yr delivered x 0.252 tCO2/MWh (gas boiler) = 2,268 tCO2/yr, the CO2
    optimum. The net-benefit candidates re-used for the CO2 objective gave "optimal: 0.00
    tCO2/yr, gap 0.00%": they are refused, and the union of both objectives' candidates gives
    the optimum."""
    from eitflow.candidates.objectives import both_objective_candidates

    sites, flows = _frames()
    scen = eitflow.scenario_from_frames(sites, flows.assign(price_eur_per_unit=[0, 5]))
    cand = eitflow.build_candidates(scen)
    assert len(cand.links) == 0 and list(cand.dropped["reason"]) == ["uneconomic"]
    co2 = dataclasses.replace(scen, params=scen.params.model_copy(update={"objective": "co2"}))
    with pytest.raises(ValueError, match=r"objective 'net_benefit'.*1 pair.*uneconomic.*'co2'.*both_objective_candidates"):
        eitflow.optimise(co2, candidates=cand)
    with pytest.raises(ValueError, match=r"objective 'net_benefit'"):
        eitflow.pulp_problem(co2, candidates=cand)
    res = eitflow.optimise(co2, candidates=both_objective_candidates(co2))
    assert res.status == "optimal" and res.objective == pytest.approx(9000 * 0.252, rel=1e-9)
    # and the other way: CO2 candidates leave out a link that pays but avoids no CO2 (a CO2
    # factor of 0): refused for the net benefit
    scen0 = eitflow.scenario_from_frames(sites, flows.assign(co2_factor_t_per_unit=[None, 0.0]), objective="co2")
    cand0 = eitflow.build_candidates(scen0)
    assert list(cand0.dropped["reason"]) == ["no_co2_gain"]
    money = dataclasses.replace(scen0, params=scen0.params.model_copy(update={"objective": "net_benefit"}))
    with pytest.raises(ValueError, match=r"objective 'co2'.*1 pair.*no CO2 gain.*'net_benefit'"):
        eitflow.optimise(money, candidates=cand0)


def test_a_radius_set_from_python_is_the_one_used():
    """`scen.params.max_distance_km` set after the scenario was made was checked, then ignored:
    the radius merged into the catalogue when the scenario was read stayed. UVE and SERRES are
    2.33 km apart (great circle): within 5 km the link is a candidate, within 1 km not, as
    `scenario_from_frames(..., max_distance_km={"heat": 1})` says. By hand with 5 km (catalogue
    heat: route 1.3 x 2.33 km, loss 0.2 %/km, transport 0.5 + 0.1 EUR/MWh per km, pipe
    150,000 EUR + 800,000 EUR/km over 20 years at 5 % + 5,000 EUR/yr, demand 9,000 MWh/yr at
    40 EUR/MWh): v x - F."""
    from eitflow.geo import haversine_km

    gc = haversine_km(50.28, 3.97, 50.30, 3.96)
    assert 1 < gc < 5
    route = 1.3 * gc
    yld = 1 - 0.002 * route
    crf = 0.05 / (1 - 1.05 ** -20)
    by_hand = (yld * 40 - (0.5 + 0.1 * route)) * 9000 / yld - (crf * (150_000 + 800_000 * route) + 5_000)
    scen = eitflow.scenario_from_frames(*_frames())
    scen.params.max_distance_km = {"heat": 1.0}
    res = eitflow.optimise(scen)
    assert res.objective == 0 and len(res.candidates.links) == 0
    assert list(res.candidates.dropped["reason"]) == [] and res.summary["parameters"]["max_distance_km"] == {"heat": 1.0}
    scen = eitflow.scenario_from_frames(*_frames(), max_distance_km={"heat": 1})
    scen.params.max_distance_km = {"heat": 5.0}
    assert eitflow.optimise(scen).objective == pytest.approx(by_hand, rel=1e-9)
    # changed in place (no assignment for pydantic to check): checked when used, as in scenario.yaml
    scen.params.max_distance_km["heat"] = -5.0
    with pytest.raises(ValueError, match=r"max_distance_km\.heat"):
        eitflow.optimise(scen)
    scen.params.max_distance_km = {"heet": 5.0}
    with pytest.raises(ValueError, match=r"max_distance_km.*'heet'.*not a resource"):
        eitflow.optimise(scen)


@pytest.mark.parametrize("km", [-1.0, 0.0])
def test_a_radius_that_is_not_positive_is_refused(km):
    # the catalogue refuses such a radius; the scenario's override replaced it unchecked and
    # every pair fell out of range, silently (0 candidates, every flow unmatched)
    with pytest.raises(eitflow.ScenarioError) as e:
        eitflow.scenario_from_frames(*_frames(), max_distance_km={"heat": km})
    (p,) = e.value.problems
    assert p.file == "parameters" and "'max_distance_km.heat'" in str(p) and "greater than 0" in str(p)


def test_a_parameter_problem_names_the_parameters_not_a_scenario_yaml():
    # frames have no scenario.yaml: their keyword parameters are 'parameters'
    with pytest.raises(eitflow.ScenarioError) as e:
        eitflow.scenario_from_frames(*_frames(), max_distance_km={"hot": 5.0})
    (p,) = e.value.problems
    assert p.file == "parameters" and "unknown resource 'hot'" in str(p)


def test_a_scenario_file_names_itself_in_its_parameter_problems(tmp_path):
    sites, flows = _frames()
    sites.to_csv(tmp_path / "sites.csv", index=False)
    flows.to_csv(tmp_path / "flows.csv", index=False)
    (tmp_path / "variant.yaml").write_text("name: v\nsites: sites.csv\nflows: flows.csv\n"
                                           "max_distance_km:\n  hot: 5\n", encoding="utf-8")
    with pytest.raises(eitflow.ScenarioError) as e:
        eitflow.read_scenario(tmp_path / "variant.yaml")
    assert [p.file for p in e.value.problems] == ["variant.yaml"]


def test_resources_that_are_not_a_mapping_are_reported():
    with pytest.raises(eitflow.ScenarioError, match=r"resources: expected a mapping of resource name to fields"):
        eitflow.scenario_from_frames(*_frames(), resources=["heat"])


def test_run_file_names_the_option_meant_by_a_misspelt_one():
    from pathlib import Path

    example = Path(__file__).parents[1] / "scenarios" / "zae_example" / "scenario.yaml"
    with pytest.raises(eitflow.ScenarioError, match=r"run_file: unknown key 'solver\.time_limit' "
                                                    r"\(did you mean 'time_limit_s'\?\)"):
        eitflow.run_file(example, time_limit=5)


def test_a_monthly_profile_may_be_a_numpy_array():
    # a heating demand: 3, 3, 2, 1, 0.5, 0, 0, 0, 0.5, 1, 2, 3 parts of 16 (January 3/16 = 0.1875)
    import numpy as np

    sites, flows = _frames()
    parts = np.array([3, 3, 2, 1, 0.5, 0, 0, 0, 0.5, 1, 2, 3])
    flows["monthly_profile"] = [None, parts / 16]
    scen = eitflow.scenario_from_frames(sites, flows)
    np.testing.assert_allclose(scen.profiles[1], parts / 16)
    np.testing.assert_allclose(scen.profiles[0], np.full(12, 1 / 12))   # no profile: flat


def test_a_parameter_set_from_python_is_checked_as_in_the_file():
    # unchecked, objective 'profit' ran as the co2 objective (its EUR/yr figure labelled tCO2/yr)
    # and a negative carbon price or a 500 % discount rate were solved with
    scen = eitflow.scenario_from_frames(*_frames())
    for key, bad in (("objective", "profit"), ("carbon_price_eur_per_t", -50.0), ("discount_rate", 5.0)):
        with pytest.raises(ValueError, match=key):
            setattr(scen.params, key, bad)
    with pytest.raises(ValueError, match="time_limit_s"):
        scen.params.solver.time_limit_s = -1.0
    scen.params.carbon_price_eur_per_t = 100.0   # a good value is taken
    assert eitflow.optimise(scen).summary["parameters"]["carbon_price_eur_per_t"] == 100.0


def test_the_status_line_follows_the_scenarios_language():
    """A scenario with `lang: fr` solved from Python: status_line() said its line in English
    (the command line follows lang:, the library did not). Now the scenario's language, unless
    one is asked for."""
    sites = pd.DataFrame({"site_id": ["S", "D"], "lat": [45.0, 45.01], "lon": [4.0, 4.0]})
    flows = pd.DataFrame({"site_id": ["S", "D"], "direction": ["supply", "demand"], "resource": ["heat", "heat"],
                          "amount": [1000.0, 800.0], "unit": ["MWh/yr", "MWh/yr"], "temperature_c": [90.0, 60.0]})
    fr = eitflow.optimise(eitflow.scenario_from_frames(sites, flows, name="t", lang="fr"))
    assert fr.status_line().startswith("statut : "), fr.status_line()
    assert fr.status_line("en").startswith("status: ")
    en = eitflow.optimise(eitflow.scenario_from_frames(sites, flows, name="t"))
    assert en.status_line().startswith("status: ")


def test_candidates_that_are_not_candidates_are_a_type_error():
    """`optimise(scen, candidates="x")` failed deep inside with "'str' object has no attribute
    'built_for'" (an AttributeError from the reuse check); `candidate_graph(scen, None)` with
    "'NoneType' object has no attribute 'links'"."""
    scen = eitflow.scenario_from_frames(*_frames())
    with pytest.raises(TypeError, match=r"candidates: expected Candidates from eitflow.build_candidates \(found str\)"):
        eitflow.optimise(scen, candidates="x")
    with pytest.raises(TypeError, match=r"candidates: expected Candidates .*\(found int\)"):
        eitflow.pulp_problem(scen, candidates=5)
    with pytest.raises(TypeError, match=r"cand: expected Candidates .*\(found NoneType\)"):
        eitflow.candidate_graph(scen, None)


def test_a_table_given_as_the_scenario_says_what_a_scenario_is(tmp_path):
    """`eitflow run flows.csv` (or `run_file`) read the CSV table as YAML: "flows.csv, row 2:
    YAML syntax error: mapping values are not allowed here". A table is not a scenario: the
    message says which file to give, in the run's language."""
    from conftest import refused

    sites, flows = _frames()
    flows.to_csv(tmp_path / "flows.csv", index=False)
    with pytest.raises(eitflow.ScenarioError, match=r"flows.csv: a table, not a scenario: give the scenario.yaml "
                                                    r"that names it \(or its folder\), or a workbook"):
        eitflow.run_file(tmp_path / "flows.csv")
    out = refused(tmp_path / "flows.csv", "flows.csv : une table, pas un scénario : donnez le scenario.yaml qui la "
                  "nomme (ou son dossier), ou un classeur", lang="fr")
    assert "YAML" not in out


def test_extra_coefficients_that_are_not_numbers_name_their_row():
    """`x_coef` of text failed with numpy's "could not convert string to float: np.str_('a')",
    naming neither the row nor the field."""
    import numpy as np

    from eitflow.model.arrays import LinearConstraint

    scen = eitflow.scenario_from_frames(*_frames())
    row = LinearConstraint(x_coef=np.array(["a"]), hi=5.0, name="cap")
    with pytest.raises(ValueError, match=r"extra\[0\] \(cap\): x_coef must be numbers, one per candidate link"):
        eitflow.optimise(scen, extra=[row])


def test_a_scenario_error_is_said_in_french_from_python():
    """The README says a reference to another table names "la table sites (DataFrame)" in
    French: from Python there was no way to say it so but joining each problem's `say("fr")`;
    and errors.py's docstring called the row the 1-based data row, header excluded, where the
    first data row is row 2, as in the spreadsheet (row 3 here: the second flow)."""
    sites, flows = _frames()
    with pytest.raises(eitflow.ScenarioError) as err:
        eitflow.scenario_from_frames(sites, flows.assign(site_id=["UVE", "SERREZ"]))
    assert str(err.value) == err.value.say("en") == ("flows, row 3, column 'site_id': unknown site (not in the sites "
                                                     "DataFrame) 'SERREZ' (did you mean 'SERRES'?)")
    fr = err.value.say("fr")
    assert fr.startswith("flows, ligne 3, colonne 'site_id' : ") and "la table sites (DataFrame)" in fr, fr
    from eitflow import errors
    assert "header excluded" not in (errors.__doc__ or "")


def test_an_extra_row_that_cannot_hold_is_named_as_it_was_given():
    """The diagnosis of an infeasible `extra` row said "the added constraint #0", neither the
    name given to the row nor `extra[0]` as every other message of `extra` says it. By hand:
    the flows can add up to at most the demand's 9,000 MWh/yr sent over a yield of
    1 - 0.002 x 1.3 x 2.33 km = 0.99393, 9,054.96 MWh/yr; asking 1e9 is off by 999,990,945,
    said to 6 digits."""
    import numpy as np

    from eitflow.geo import haversine_km
    from eitflow.model.arrays import LinearConstraint

    scen = eitflow.scenario_from_frames(*_frames())
    cand = eitflow.build_candidates(scen)
    res = eitflow.optimise(scen, candidates=cand,
                           extra=[LinearConstraint(x_coef=np.ones(len(cand.links)), lo=1e9, name="too_much")])
    yld = 1 - 0.002 * 1.3 * haversine_km(50.28, 3.97, 50.30, 3.96)
    off = 1e9 - 9000 / yld
    assert round(off, -3) == 999_991_000   # 6 significant digits
    assert res.status == "infeasible"
    assert "the added constraint extra[0] (too_much) cannot hold (off by 999,991,000)" in res.status_message("en")
    assert "la contrainte ajoutée extra[0] (too_much) ne peut pas être respectée (écart 999 991 000)" in \
        res.status_message("fr").replace("\u202f", " ").replace("\xa0", " ")
