"""`alternatives` measures a plan near a CO2 hub on a CO2 network as the run does: what the hub
trucks straight out again pays no compression into dense phase (`model.netpass`), in its
"within" row too (`analyses.common.objective_row`, ``hub_pass="objective"``). Before
2026-12-07 the row counted the links alone, 9.372 EUR/t of compression (0.11 MWh/t x 80 EUR/MWh +
0.11 x 0.052 tCO2/MWh x 100 EUR/tCO2) on every tonne passed through: the run's own plan fell
below its own objective and plans within the share were not listed. Values by hand and by a
second solve (the fixture of `test_co2_hub_pass_through`)."""

from __future__ import annotations

import pytest

import eitflow
from eitflow.analyses.alternatives import k_best
from eitflow.analyses.common import objective_row
from test_co2_hub_pass_through import _run, _scenario


def test_the_objective_row_counts_what_the_hub_passes_through():
    """100,000 t/yr trucked E -> H -> D, all passed straight through: 100,000 x 59.98 = 5,998,000
    EUR/yr (`test_co2_trucked_through_a_hub_on_a_network_pays_no_compression`). The row at that
    floor keeps the run's plan and objective; counted on the links alone it read 5,998,000 -
    100,000 x 9.372 = 5,060,800 at most: the solve was infeasible."""
    scen = _scenario(100_000.0, 1_000.0, 0.0)
    cand = eitflow.build_candidates(scen)
    res = eitflow.optimise(scen, candidates=cand, extra=[objective_row(scen, cand, lo=5_998_000.0 * (1 - 1e-9))])
    assert res.status == "optimal"
    assert res.objective == pytest.approx(5_998_000.0, rel=1e-7)


def test_alternatives_list_the_plan_without_the_pipe():
    """D takes 50,000 t/yr by truck, S 50,000 t/yr by the pipe at 5 EUR/t. Without the pipe, E
    trucks 50,000 t/yr to D through H, all passed straight through: 50,000 x 59.98 = 2,999,000
    EUR/yr. The run's plan adds S: 50,000 x (5 + 100 x 0.1 - 0.01 (the truck in's CO2) - 9.372
    (the compression of what enters the pipes)) = 280,900, less S's connection 80,000 / 20 =
    4,000 and the DN50 448 EUR/m x 1,000 m x (1/20 + 0.02) = 31,360: 2,999,000 + 280,900 - 4,000 -
    31,360 = 3,244,540 EUR/yr, rank 0, the run's own objective (a second solve). 2,999,000 is
    92.4 % of it, within 10 %. Counted on the links alone the plan without the pipe read 2,999,000
    - 50,000 x 9.372 = 2,530,400 EUR/yr, below the floor 0.9 x 3,244,540 = 2,920,086: no
    alternative was listed."""
    scen = _scenario(50_000.0, 50_000.0, 5.0)
    run = _run(50_000.0, 50_000.0, 5.0)
    ports, _ = k_best(scen, k=1, within=0.1)
    assert list(ports["plan"]) == ["run", "alternative"]
    assert run.objective == pytest.approx(3_244_540.0, rel=1e-7)
    assert ports["objective"].iat[0] == pytest.approx(run.objective, rel=1e-7)
    assert ports["net_benefit_eur_per_yr"].iat[0] == pytest.approx(run.summary["totals"]["net_benefit_eur_per_yr"],
                                                                   rel=1e-7)
    assert ports["objective"].iat[1] == pytest.approx(2_999_000.0, rel=1e-7)
    assert ports.attrs["search"]["found"] == 1
