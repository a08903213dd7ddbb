"""A min_amount above the flow's own amount (in the row's unit) left the flow without any
exchange, said only later as an unmatched flow: it is now a warning when the scenario is read.
Figures by hand: S offers 30,000 MWh/yr of heat at 110 degC 1.1 km from A, which buys 20 GWh/yr at
45 EUR/MWh (900,000 EUR/yr, well above the pipe's cost); min_amount 25 GWh/yr on A's row (in
GWh/yr, its own unit) is above its 20 GWh/yr."""
from __future__ import annotations

import pandas as pd

import eitflow

SITES = pd.DataFrame({"site_id": ["S", "A"], "lat": [45.0, 45.01], "lon": [4.0, 4.0]})


def _scenario(min_amount):
    flows = pd.DataFrame({"site_id": ["S", "A"], "direction": ["supply", "demand"], "resource": "heat",
                          "amount": [30000, 20], "unit": ["MWh/yr", "GWh/yr"], "temperature_c": [110, 60],
                          "price_eur_per_unit": [0, 45], "min_amount": [None, min_amount]})
    return eitflow.scenario_from_frames(SITES, flows, name="t")


def test_a_min_amount_above_the_amount_is_said_in_the_rows_unit_and_leaves_the_flow_unmatched():
    scen = _scenario(25)
    said = [str(w) for w in scen.warnings if w.column == "min_amount"]
    assert said == ["flows, row 3, column 'min_amount': min_amount 25 GWh/yr is more than the flow's amount, "
                    "20 GWh/yr: no exchange of this flow can carry that much, so it will have none; give at most "
                    "the amount (the smallest exchange worth a contract)"], said
    # what the warning says: no exchange, and the reason given later is min_amount
    res = eitflow.optimise(scen)
    assert res.statistics.totals()["n_links"] == 0
    assert "min_amount" in set(res.unmatched.loc[res.unmatched["site_id"] == "A", "reason"])


def test_a_min_amount_up_to_the_amount_is_not_said_and_the_exchange_is_made():
    scen = _scenario(20)
    assert not [w for w in scen.warnings if w.column == "min_amount"]
    assert eitflow.optimise(scen).statistics.totals()["n_links"] == 1
