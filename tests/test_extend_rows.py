"""A row on a switch `link_variables` gives as None (with ``objective: co2`` no link has one):
``prob += lv.y[k] == 1`` is Python's ``None == 1``, False, which PuLP refused with "A False
object cannot be passed as a constraint"; the error now names the row, why y is None and what
to write instead, and that row on the flow works."""

from __future__ import annotations

import numpy as np
import pytest

import eitflow
from test_extend_pulp import FLOWS, SITES

pulp = pytest.importorskip("pulp")


def _co2():
    return eitflow.scenario_from_frames(SITES, FLOWS, carbon_price_eur_per_t=100, heat_pump={"enabled": False},
                                        objective="co2")


def test_a_row_on_a_missing_switch_says_why_and_the_flow_row_works():
    scen = _co2()
    prob = eitflow.pulp_problem(scen)
    lv = eitflow.link_variables(prob)
    assert lv["y"].isna().all() and len(lv) == 3      # co2: no fixed cost counts, no link has a switch
    k = lv.index[lv["sink_site"] == "LAITERIE"][0]
    with pytest.raises(TypeError, match=r"row 'no_laiterie' added to the PuLP problem is False") as exc:
        prob += lv["y"][k] == 0, "no_laiterie"
    said = str(exc.value)
    assert "link_variables gives y None" in said and "3 of this model's 3 links" in said and "objective co2" in said
    assert "lv.x[k] == 0 forbids link k" in said
    with pytest.raises(TypeError, match=r"row \(no name\) added"):
        prob += lv["y"][k] == 1
    # what it says to write: forbidding the link by its flow, against `optimise` with an extra
    # row x <= 0 on that link (a second solve, another path)
    prob += lv["x"][k] == 0, "no_laiterie"
    prob.solve(pulp.HiGHS(msg=False))
    res = eitflow.result_from_pulp(prob)
    cand = prob._eitflow_model["candidates"]
    x = np.zeros(len(cand.links))
    x[k] = 1
    from eitflow.model.arrays import LinearConstraint

    ref = eitflow.optimise(scen, candidates=cand, extra=[LinearConstraint(x, hi=0.0, name="no_laiterie")], money=False)
    assert res.status == ref.status == "optimal"
    assert "LAITERIE" not in set(res.matches["sink_site"]) and "LAITERIE" not in set(ref.matches["sink_site"])
    assert res.objective == pytest.approx(ref.objective, rel=1e-6)   # tCO2/yr
    assert res.objective < eitflow.optimise(scen, candidates=cand, money=False).objective


def test_other_rows_are_added_as_pulp_adds_them():
    prob = eitflow.pulp_problem(_co2())
    lv = eitflow.link_variables(prob)
    n = len(prob.constraints)
    prob += lv["x"].iloc[0] <= 100, "cap"
    prob += True                                 # PuLP's own: a row that always holds, ignored
    assert len(prob.constraints) == n + 1
