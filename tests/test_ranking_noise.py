"""The siting ranking's sheet said "perte au moins -1,86e-09" for the plot of the plan itself: the
bound of that plot, the plan's value rounded by the solver, less the plan's value. A loss within a
relative 1e-9 of the plan's value is 0; a real difference either way is kept."""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd

from eitflow.analyses.ranking import _table


def test_a_loss_of_the_solvers_rounding_is_none_and_a_real_one_is_kept():
    V = 12_345_678.9
    scen = SimpleNamespace(placements=pd.DataFrame({
        "activity_id": ["A", "A", "A"], "plot_id": ["P1", "P2", "P3"], "site_id": ["new_P1", "new_P2", "new_P3"],
        "placement": ["A@P1", "A@P2", "A@P3"]}))
    lower = np.array([V - 2e-9, V - 10.0, -np.inf])          # P1 is the plan: its value V to the rounding
    upper = np.array([V + 1.86e-9, V - 5.0, V + 40.0])       # P3: a bound above the plan, a real possible gain
    df = _table(scen, np.array([True, False, False]), lower, upper, np.array(["in the plan", "solved", "bound"]),
                np.zeros(3), np.zeros(3), V).set_index("plot_id")
    assert df.at["P1", "loss_eur_per_yr"] == 0.0 and df.at["P1", "loss_min_eur_per_yr"] == 0.0
    assert df.at["P2", "loss_eur_per_yr"] == 10.0 and df.at["P2", "loss_min_eur_per_yr"] == 5.0
    assert np.isnan(df.at["P3", "loss_eur_per_yr"]) and df.at["P3", "loss_min_eur_per_yr"] == -40.0
