"""A hub standing on a network puts into it what its legs in bring and draws from it what its
legs out take, at its node (`candidates.netreach`): a demand the network serves through such a
hub has a supply that reaches it. Before 2026-12-07 `eitflow explain` told S, served 70,000 t/yr
of CO2 through the pipes from hub H, 'the CO2 network does not reach a supply within its
corridors'. And what a demand connected to a CO2 network would cost at its supplies counts the
legs into such a hub with the compression what they put into the pipes pays (`analyses.netidle`).
The fixture of `test_co2_hub_pass_through`; values by hand."""

from __future__ import annotations

import pytest

from eitflow.analyses.explain import explain
from test_co2_hub_pass_through import _run


def _top(res, flow_id: str):
    ex = explain(res.scenario, res, flow_id=flow_id, lang="en")
    return ex.loc[ex["rank"] == 0].iloc[0]


def test_a_demand_served_through_a_hub_on_the_network_is_said_served():
    """E trucks 100,000 t/yr into H, D takes 30,000 t/yr by truck out of H, the rest goes down
    the pipes to S: 100,000 - 30,000 = 70,000 t/yr withdrawn (main: 'network_unreachable')."""
    row = _top(_run(30_000.0, 70_000.0, 50.0), "s")
    assert row["rule"] == "matched"
    assert row["detail"] == "S is connected to the CO2 network: 70,000 t/yr withdrawn from it"


def test_an_idle_connection_reads_what_the_co2_costs_through_the_hub():
    """S (1,000 t/yr, price 0) is not connected: its connection would bring 10 EUR/t of carbon
    (100 EUR/t x 0.1 t/t) x 1,000 - 4,000 (80,000 EUR / 20 years) = 6,000 EUR/yr; the CO2 reaches
    the pipes only by E's truck into H, 0.11 MWh/t x 80 EUR/MWh = 8.8 + 0.11 x 0.052 x 100 = 0.572
    of compression + 0.0001 t/t x 1 km x 100 = 0.01 of the truck's CO2 = 9.382 EUR/t: 6,000 -
    9,382 = -3,382 EUR/yr after it (main: 'network_unreachable', no supply seen). The CO2 said by
    its name, 'CO2' (it read 'the co2', the resource's key: `test_netidle_resource_name`)."""
    row = _top(_run(100_000.0, 1_000.0, 0.0), "s")
    assert row["rule"] == "network_not_selected"
    assert row["best_case_eur_per_yr"] == pytest.approx(6_000.0, rel=1e-9)
    assert ("it would bring 6,000 EUR/yr at full use (value 10.00 EUR/t x 1,000 t/yr, connection 4,000 EUR/yr), "
            "-3,382 EUR/yr after the CO2 it would take from the network, which costs at least 9.38 EUR/t at its "
            "supplies") in row["detail"]


def test_unmatched_says_the_supply_is_used_not_unreachable():
    """S asks 80,000 t/yr: E's 100,000 go 30,000 to D and 70,000 down the pipes to S, 10,000 t/yr
    short, E used in full: unmatched.csv says capacity_used (main: network_unreachable, 'the
    corridors through S connect no co2 supply')."""
    u = _run(30_000.0, 80_000.0, 50.0).unmatched.set_index("flow_id")
    assert u.at["s", "remaining"] == pytest.approx(10_000.0, rel=1e-9)
    assert u.at["s", "reason"] == "capacity_used"
