"""An infeasible siting names the rule that makes it so (`analyses.sitingwhy`).

Before, an activity whose min_count the new land take budget could not hold (its only plot
greenfield, 4 ha against a 3 ha budget) was said to lack "the plots' land (or their groups)",
and the siting model's own status line said "no required demand was found short" (a helper's
random case, seed 252). The figures below are worked out by hand from the tables.
"""
from __future__ import annotations

import pandas as pd

import eitflow
from eitflow.analyses.siting import site

SITES = pd.DataFrame({"site_id": ["S"], "lat": [45.0], "lon": [4.0]})
FLOWS = pd.DataFrame({"flow_id": ["s"], "site_id": ["S"], "direction": ["supply"], "resource": "heat",
                      "amount": [1000.0], "unit": "MWh/yr", "temperature_c": [130.0], "price_eur_per_unit": [0.0]})
AFLOWS = pd.DataFrame({"activity_id": ["A", "B"], "flow_id": ["a", "b"], "direction": "demand", "resource": "heat",
                       "amount": [500.0, 500.0], "unit": "MWh/yr", "temperature_c": [70.0, 70.0],
                       "price_eur_per_unit": [40.0, 40.0]})


def _site(plots, acts, budget):
    scen = eitflow.scenario_from_frames(SITES, FLOWS, plots=plots, activities=acts,
                                        activity_flows=AFLOWS[AFLOWS["activity_id"].isin(acts["activity_id"])],
                                        siting={"max_new_land_take_ha": budget}, solver={"mip_gap": 0})
    return site(scen, rank=False)


def test_min_count_over_the_whole_budget_is_named_with_its_figures():
    """A (4 ha, at least 1) may go only on P0, greenfield: 4 ha against the 3 ha budget, so
    the budget lets it be placed 0 times."""
    plots = pd.DataFrame({"plot_id": ["P0"], "lat": [45.01], "lon": [4.0], "area_ha": [8.0], "greenfield": [True]})
    acts = pd.DataFrame({"activity_id": ["A"], "land_ha": [4.0], "min_count": [1]})
    sr = _site(plots, acts, 3.0)
    assert sr.status == "infeasible" and sr.solution.objective is None
    for msg in (sr.solution.message, sr.result.solution.message):
        assert "A has a min_count of 1" in msg
        assert "allows at most 0 of it" in msg
        assert "of its 1 candidate plot, 1 is greenfield, where one instance takes 4 ha" in msg
        assert "against a budget of 3 ha (siting.max_new_land_take_ha)" in msg
        assert "no required demand" not in msg and "lack the land" not in msg
    fr = sr.result.solution.message.say("fr")
    assert fr.startswith("infaisable : A a un min_count de 1") and "pour un budget de 3 ha" in fr
    # each count with its noun in its number (it said "of its 1 candidate plots, 1 are greenfield")
    assert ("en permet au plus 0 : sur 1 parcelle candidate, 1 est un espace naturel, agricole ou forestier, "
            "où une instance artificialise 4 ha") in fr


def test_min_count_over_a_territory_budget_names_that_territory():
    """A (2 ha, at least 2): a brownfield plot P0, and two greenfield plots of territory T1,
    whose budget is 1.5 ha: floor(1.5 / 2) = 0 of them, so 1 + 0 = 1 instance at most."""
    plots = pd.DataFrame({"plot_id": ["P0", "P1", "P2"], "lat": [45.01, 45.02, 45.03], "lon": [4.0, 4.0, 4.0],
                          "area_ha": [8.0, 8.0, 8.0], "greenfield": [False, True, True], "territory": ["T0", "T1", "T1"]})
    acts = pd.DataFrame({"activity_id": ["A"], "land_ha": [2.0], "min_count": [2], "max_count": [3]})
    sr = _site(plots, acts, {"T1": 1.5})
    msg = sr.result.solution.message
    assert sr.status == "infeasible"
    assert "A has a min_count of 2" in msg and "allows at most 1 of it" in msg
    assert "of its 3 candidate plots, 2 are greenfield, where one instance takes 2 ha" in msg
    assert "against a budget of 1.5 ha (siting.max_new_land_take_ha.T1)" in msg
    assert "budget de 1,5 ha" in msg.say("fr")
    assert ("sur 3 parcelles candidates, 2 sont des espaces naturels, agricoles ou forestiers, où une instance "
            "artificialise 2 ha") in msg.say("fr")


def test_min_counts_that_only_fail_together_name_the_budgets():
    """A and B (2 ha each, at least 1 each) on greenfield plots P0 and P1 under a 3 ha budget:
    each fits alone (2 <= 3), not both (4 > 3), so no single activity is named, and the
    message says the budgets are among the causes."""
    plots = pd.DataFrame({"plot_id": ["P0", "P1"], "lat": [45.01, 45.02], "lon": [4.0, 4.0], "area_ha": [8.0, 8.0],
                          "greenfield": [True, True]})
    acts = pd.DataFrame({"activity_id": ["A", "B"], "land_ha": [2.0, 2.0], "min_count": [1, 1]})
    sr = _site(plots, acts, 3.0)
    msg = sr.result.solution.message
    assert sr.status == "infeasible"
    assert "A (1), B (1)" in msg and "new land take budgets (siting.max_new_land_take_ha)" in msg
    assert "has a min_count" not in msg
