"""The same-site rule on a shared network (`model.netsame`): a site's heat does not come back
to it through its own network node.

A supply and a demand of one site are never paired (README, "The model": `same_site`; an
activity of a siting does not feed itself). Before, a network paired them in disguise: a site
with a 130 degC supply and a 70 degC demand injected into the heat network at its node and
withdrew from it at the same node, no pipe laid, and its demand's price (6,000 MWh/yr x 60
EUR/MWh) counted as an exchange: 350,371 EUR/yr in an ordinary run, 349,371 in a siting
(found by a helper's two-path check). Other companies' heat, carried to the site by a pipe,
still counts.
"""
from __future__ import annotations

import pandas as pd
import pytest

import eitflow
from eitflow.analyses.siting import site

NET = {"heat": {"temperature_c": 90.0, "return_temperature_c": 60.0, "generate": "delaunay", "max_length_km": 10,
                "sizing": "discrete"}}
PARAMS = dict(networks=NET, carbon_price_eur_per_t=0.0, solver={"mip_gap": 0})


def _flows(rows):
    return pd.DataFrame([dict(zip(("flow_id", "site_id", "direction", "amount", "temperature_c", "price_eur_per_unit"),
                                  r)) for r in rows]).assign(resource="heat", unit="MWh/yr")


def test_a_site_does_not_feed_itself_through_its_node():
    """X's own heat could serve its demand only through the network at its node: nothing else
    pays (FAR buys 100 MWh/yr at 1 EUR/MWh, 2.2 km away: 100 EUR/yr, less than any pipe), so the
    plan is worth 0 and has no exchange."""
    sites = pd.DataFrame({"site_id": ["X", "FAR"], "lat": [45.0, 45.02], "lon": [4.0, 4.0]})
    flows = _flows([("xs", "X", "supply", 8000.0, 130.0, 0.0), ("xd", "X", "demand", 6000.0, 70.0, 60.0),
                    ("far", "FAR", "demand", 100.0, 70.0, 1.0)])
    res = eitflow.optimise(eitflow.scenario_from_frames(sites, flows, **PARAMS))
    assert str(res.status) == "optimal"
    assert res.objective == pytest.approx(0.0, abs=1e-6)
    assert len(res.statistics.links()) == 0


def test_a_placed_activity_does_not_feed_itself_through_its_plot():
    """The same activity to place on plot P (fixed cost 1,000 EUR/yr), FAR the only other
    company: placing it earns nothing, so the plan places nothing and is worth 0."""
    sites = pd.DataFrame({"site_id": ["FAR"], "lat": [45.02], "lon": [4.0]})
    flows = _flows([("far", "FAR", "demand", 100.0, 70.0, 1.0)])
    plots = pd.DataFrame({"plot_id": ["P"], "lat": [45.0], "lon": [4.0], "area_ha": [5.0]})
    acts = pd.DataFrame({"activity_id": ["A"], "land_ha": [1.0], "fixed_cost_eur_per_yr": [1000.0]})
    aflows = _flows([("as", "A", "supply", 8000.0, 130.0, 0.0), ("ad", "A", "demand", 6000.0, 70.0, 60.0)]) \
        .rename(columns={"site_id": "activity_id"})
    sr = site(eitflow.scenario_from_frames(sites, flows, plots=plots, activities=acts, activity_flows=aflows,
                                           **PARAMS), rank=False)
    assert sr.solution.objective == pytest.approx(0.0, abs=1e-6)
    assert len(sr.placements) == 0


def test_heat_carried_from_another_site_still_counts():
    """X (8,000 MWh/yr at 130 degC, a 6,000 MWh/yr demand at 70 degC) and Y (3,000 MWh/yr at
    130 degC) 1.0 km apart, no direct pipe: what X takes from the network is Y's heat carried by
    the corridor, at most Y's 3,000 MWh/yr (before, X took its whole 6,000 from its own
    injection). Y's heat pays its pipe (3,000 x 60 = 180,000 EUR/yr against about 75,000), so
    it is carried: X withdraws more than nothing, no more than what the corridor brings it."""
    sites = pd.DataFrame({"site_id": ["X", "Y"], "lat": [45.0, 45.009], "lon": [4.0, 4.0]})
    flows = _flows([("xs", "X", "supply", 8000.0, 130.0, 0.0), ("xd", "X", "demand", 6000.0, 70.0, 60.0),
                    ("ys", "Y", "supply", 3000.0, 130.0, 0.0)])
    res = eitflow.optimise(eitflow.scenario_from_frames(sites, flows, max_distance_km={"heat": 0.001}, **PARAMS))
    st = res.statistics
    links = st.links()
    took = float(links.loc[(links["kind"] == "from_net") & (links["sink_site"] == "X"), "demand_amount"].sum())
    cor = st.corridors()
    assert len(cor) == 1
    into_x = float(cor["flow_backward" if cor["from"].iat[0] == "X" else "flow_forward"].iat[0])
    assert 0.0 < took <= 3000.0 + 1e-6
    assert took <= into_x + 1e-6
    # the pipe carries one way: X sending heat to Y's end while Y's comes back along the same
    # pipe would net out to X feeding itself (`model.netsame._one_way`)
    assert min(float(cor["flow_forward"].iat[0]), float(cor["flow_backward"].iat[0])) == 0.0


def test_the_rule_holds_in_every_month():
    """With monthly profiles the rows are per month: X's demand falls in six winter months only
    (January-March, October-December) and Y's 3,000 MWh/yr is flat, 250 a month, so what the
    corridor can bring X in those months is at most 6 x 250 = 1,500 MWh/yr (before, X took 4,000
    of its own heat: its flat 8,000 MWh/yr gives 667 a month against its need)."""
    shares = [0.2, 0.2, 0.2] + [0.0] * 6 + [0.4 / 3] * 3
    shares[-2] = 1.0 - sum(shares[:-2]) - shares[-1]   # sums to 1 exactly, as validate asks
    sites = pd.DataFrame({"site_id": ["X", "Y"], "lat": [45.0, 45.009], "lon": [4.0, 4.0]})
    flows = _flows([("xs", "X", "supply", 8000.0, 130.0, 0.0), ("xd", "X", "demand", 6000.0, 70.0, 60.0),
                    ("ys", "Y", "supply", 3000.0, 130.0, 0.0)])
    flows["monthly_profile"] = ["", ";".join(repr(x) for x in shares), ""]
    res = eitflow.optimise(eitflow.scenario_from_frames(sites, flows, max_distance_km={"heat": 0.001}, **PARAMS))
    links = res.statistics.links()
    took = float(links.loc[(links["kind"] == "from_net") & (links["sink_site"] == "X"), "demand_amount"].sum())
    assert 0.0 < took <= 1500.0 + 1e-6
