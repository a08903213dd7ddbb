"""The siting ranking's "no exchange" value (placing a plot's activity with no exchange beside the
plan: the plan less its net cost) was given wherever the plot's land and the activity's count
left room, without the two other rules of the model: a land-take budget and one activity of a
group per plot. So placements that no allowed plan can make got a value, above the ranking's own
bound (a helper's brute force over 1,300 random sitings: about 35 rows against a budget, 42
against a group). Expected values by hand: no allowed plan places them, so no value."""

from __future__ import annotations

import numpy as np
import pytest

from eitflow.analyses.siting import site
from eitflow.io.read import read_scenario

SITES = "site_id,lat,lon\nS0,45.0,5.0\n"
FLOWS = "site_id,direction,resource,amount,unit,price_eur_per_unit\nS0,supply,co2,5000,t/yr,0\n"


def _write(tmp_path, plots: str, acts: str, aflows: str, extra: str = "", flows: str = FLOWS):
    files = {"sites.csv": SITES, "flows.csv": flows, "plots.csv": plots, "activities.csv": acts,
             "activity_flows.csv": aflows,
             "scenario.yaml": "name: ranking rules\nsites: sites.csv\nflows: flows.csv\nplots: plots.csv\n"
                              "activities: activities.csv\nactivity_flows: activity_flows.csv\n" + extra}
    for k, v in files.items():
        (tmp_path / k).write_text(v, encoding="utf-8")
    return site(read_scenario(tmp_path / "scenario.yaml"))


def _row(r, sid):
    t = r.ranking.table if hasattr(r.ranking, "table") else r.ranking
    return t.set_index("site_id").loc[sid]


def test_no_value_for_a_greenfield_placement_over_a_used_up_budget(tmp_path):
    """A0 (5 ha, 10,000 EUR/yr of fixed cost, its CO2 demand 50 km from S0, whose CO2 goes 5 km at most: out of reach) pays
    nowhere; the budget of new land is 0 ha. Placed with no exchange on the brownfield plot P0 it
    is worth the plan (nothing) less its cost, -10,000 EUR/yr; on the greenfield plot P1 no
    allowed plan places it, so it has no value (it was given -10,000 too)."""
    r = _write(tmp_path, "plot_id,lat,lon,area_ha,greenfield\nP0,45.45,5.0,10,false\nP1,45.45,5.01,10,true\n",
               "activity_id,land_ha,fixed_cost_eur_per_yr\nA0,5,10000\n",
               "activity_id,direction,resource,amount,unit,price_eur_per_unit\nA0,demand,co2,1000,t/yr,100\n",
               "siting:\n  max_new_land_take_ha: 0\n",
               "site_id,direction,resource,amount,unit,price_eur_per_unit,max_distance_km\nS0,supply,co2,5000,t/yr,0,5\n")
    assert not len(r.placements)
    assert _row(r, "A0@P0")["value_eur_per_yr"] == pytest.approx(-10_000.0, rel=1e-9)
    row = _row(r, "A0@P1")
    assert np.isnan(row["value_eur_per_yr"]) or row["method"] == "impossible", row.to_dict()


def test_the_value_of_a_placement_beside_one_of_its_group_is_a_plan_without_the_other(tmp_path):
    """A0 and A1, both of group G, both buying CO2: the one plot, P0, takes one of them only; the
    plan places A1 (it buys more). With A0 forced on P0, A1 must leave: the best such plan is the
    scenario with A0 alone (solved apart, by hand the same territory without A1). The ranking
    gave it the plan's value (A1 kept beside it: its "no exchange" value), above its own bound."""
    acts = "activity_id,land_ha,group\nA0,1,G\nA1,1,G\n"
    af = "activity_id,direction,resource,amount,unit,price_eur_per_unit\nA0,demand,co2,500,t/yr,100\n"
    plots = "plot_id,lat,lon,area_ha\nP0,45.03,5.0,10\n"
    (tmp_path / "both").mkdir()
    (tmp_path / "alone").mkdir()
    r = _write(tmp_path / "both", plots, acts, af + "A1,demand,co2,2000,t/yr,100\n")
    alone = _write(tmp_path / "alone", plots, "activity_id,land_ha,group\nA0,1,G\n", af)
    assert list(r.placements["site_id"]) == ["A1@P0"] and list(alone.placements["site_id"]) == ["A0@P0"]
    row = _row(r, "A0@P0")
    assert row["value_eur_per_yr"] == pytest.approx(alone.solution.objective, rel=1e-9)
    assert row["value_eur_per_yr"] <= row["bound_eur_per_yr"] + 1e-6
