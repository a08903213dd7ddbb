"""A model extended in PuLP gets the least-size pass (`extend.least`): `result_from_pulp` read a
stopped solve's oversized and idle pipes as they were, where `eitflow.optimise` lays the least.
The solve stopped at its limit is the hand incumbent of tests/test_least_pipe_sizes.py
(sa DN100, sb DN80, ab DN65 idle) given to PuLP's variables, as a solver stopped with it would
leave them (status Optimal, solution "integer feasible": PuLP's reading of a stopped CBC)."""

from __future__ import annotations

import pulp
import pytest

import eitflow
from test_least_pipe_sizes import ANNUAL, _hand_incumbent, _scenario


def _stopped_with_incumbent(prob) -> float:
    """`prob`'s variables at the hand incumbent, as a stopped solve leaves them; its objective
    (EUR/yr)."""
    model = prob._eitflow_model
    arr = model["arrays"]
    z = _hand_incumbent(arr, model["candidates"])
    for v, val in zip(prob._eitflow_vars, z):
        v.varValue = float(val)
    prob.status, prob.sol_status = pulp.LpStatusOptimal, pulp.LpSolutionIntegerFeasible
    return float(arr.c @ z)


def _sizes(res) -> dict:
    c = res.statistics.corridors()
    return dict(zip(c["corridor_id"], c["size"]))


def test_pulp_lays_the_least_sizes():
    """Before: sa DN100, sb DN80, ab DN65 idle, 1,809,000 EUR of pipe (670,000 + 602,000 +
    537,000). Now as `optimise` lays them: sa and sb DN80, ab unbuilt, 1,204,000 EUR, the
    objective up by 605,000 EUR x 0.0952426 + 0.05 EUR/MWh x 245.28 MWh/yr = 57,634.03 EUR/yr
    (the hand arithmetic of tests/test_least_pipe_sizes.py)."""
    prob = eitflow.pulp_problem(_scenario())
    before = _stopped_with_incumbent(prob)
    res = eitflow.result_from_pulp(prob)
    assert _sizes(res) == {"sa": "DN80", "sb": "DN80"}
    assert float(res.statistics.corridors()["investment_eur"].sum()) == pytest.approx(1_204_000.0)
    assert res.objective == pytest.approx(before + 605_000 * ANNUAL + 0.05 * 245.28, rel=1e-9)


def test_pulp_rows_hold_their_corridors():
    """A row added in PuLP commits ab (``built == 1``): its switch is held, so ab stays DN65
    (idle, as the row wants) and the row holds; sa still drops to DN80: 602,000 x 2 + 537,000 =
    1,741,000 EUR, the objective up by 68,000 EUR x 0.0952426 + 0.05 EUR/MWh x (3,250.098 -
    3,242.214 = 7.884 MWh/yr) = 6,476.89 EUR/yr."""
    prob = eitflow.pulp_problem(_scenario())
    cv = eitflow.corridor_variables(prob)
    prob += cv.at["ab", "built"] == 1, "keep_ab"
    before = _stopped_with_incumbent(prob)
    res = eitflow.result_from_pulp(prob)
    assert _sizes(res) == {"sa": "DN80", "sb": "DN80", "ab": "DN65"}
    assert float(res.statistics.corridors()["investment_eur"].sum()) == pytest.approx(1_741_000.0)
    assert res.objective == pytest.approx(before + 68_000 * ANNUAL + 0.05 * 7.884, rel=1e-9)


def test_pulp_objective_of_the_users_leaves_the_pipes_and_says_so():
    """With an objective set in PuLP (eitflow's doubled) the pass, which maximises eitflow's,
    is not run: the sizes as solved (sa DN100, sb DN80, ab DN65), and the message names the
    2 corridors (sa above its least size, ab idle) so left."""
    prob = eitflow.pulp_problem(_scenario())
    prob.setObjective(2 * prob.objective)
    before = _stopped_with_incumbent(prob)
    res = eitflow.result_from_pulp(prob)
    assert _sizes(res) == {"sa": "DN100", "sb": "DN80", "ab": "DN65"}
    assert res.objective == pytest.approx(before, rel=1e-9)
    assert "pipes left as solved (2 corridors above the least size carrying their flows or idle)" \
        in res.summary["message"]
