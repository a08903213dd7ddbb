"""A network corridor's PuLP variables (`eitflow.corridor_variables`): a pipe forbidden in PuLP
gives the optimum of the scenario without that corridor in corridors.csv run by `eitflow run`
(an independent path), and a cap on a corridor's flow gives the optimum worked out by hand,
every view adding up to it."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import eitflow
from test_network import FLUID, H

pulp = pytest.importorskip("pulp")

ROOT = Path(__file__).resolve().parents[1]


def _backbone(params: dict | None = None, corridor_cols: dict | None = None, **kw):
    """test_network's backbone A - B - C (1 km each): supply A (30,000 MWh/yr, 2 EUR/MWh of
    disposal avoided), demands B 8,000 and C 6,000 MWh/yr at 90 EUR/MWh; sizes S (1 MW =
    8,760 MWh/yr, 200 EUR/m, 20 W/m) and L (3 MW, 420 EUR/m, 30 W/m); pumping 0.5 EUR/MWh a km;
    annuity over 1 year at 0 %. Its optimum, by hand there: L on A-B, S on B-C, 658,678.9 EUR/yr."""
    sites = pd.DataFrame({"site_id": ["A", "B", "C"], "lat": [45.0, 45.01, 45.02], "lon": [4.0, 4.0, 4.0],
                          "zone": ["Z1", "Z2", "Z2"]})
    flows = pd.DataFrame({"site_id": ["A", "B", "C"], "direction": ["supply", "demand", "demand"], "resource": "fluid",
                          "amount": [30000.0, 8000.0, 6000.0], "unit": "MWh/yr", "price_eur_per_unit": [2.0, 90.0, 90.0],
                          **kw})
    corridors = pd.DataFrame({"corridor_id": ["AB", "BC"], "resource": "fluid", "from": ["A", "B"], "to": ["B", "C"],
                              "length_km": [1.0, 1.0], **(corridor_cols or {})})
    return eitflow.scenario_from_frames(sites, flows, resources=FLUID, corridors=corridors, discount_rate=0.0,
                                        lifetime_years=1.0, carbon_price_eur_per_t=0.0,
                                        solver={"mip_gap": 0.0, "time_limit_s": 60.0}, **(params or {}))


def _views_agree(res, want: float) -> None:
    """The objective, statistics' total and every table summed (companies, zones under each
    rule, resources, the exchanges after their shares) are `want` (EUR/yr)."""
    st = res.statistics
    assert res.objective == pytest.approx(want, rel=1e-9)
    for total in (st.totals()["net_benefit_eur_per_yr"], st.companies()["total_eur_per_yr"].sum(),
                  st.resources()["net_benefit_eur_per_yr"].sum(), res.matches["net_benefit_after_shares_eur_per_yr"].sum(),
                  *(st.zones(rule)["net_benefit_eur_per_yr"].sum() for rule in ("company", "sink", "source", "half"))):
        assert total == pytest.approx(want, rel=1e-9)


def test_the_variables_of_each_corridor_are_named():
    prob = eitflow.pulp_problem(_backbone())
    cv = eitflow.corridor_variables(prob)
    assert cv.index.tolist() == ["AB", "BC"]
    assert cv[["from", "to", "direction", "sizing", "unit"]].values.tolist() == [
        ["A", "B", "both", "discrete", "MWh/yr"], ["B", "C", "both", "discrete", "MWh/yr"]]
    assert all(set(s) <= {"S", "L"} and s for s in cv["sizes"])
    assert [len(f) for f in cv["flow_ab"]] == [len(f) for f in cv["flow_ba"]] == [1, 1]   # one period each way
    # the capacity is each size's rated capacity times its switch (MWh/yr)
    s = cv.at["AB", "sizes"]
    assert dict(cv.at["AB", "capacity"].items()) == {v: {"S": 1.0 * H, "L": 3.0 * H}[k] for k, v in s.items()}
    monthly = eitflow.pulp_problem(_backbone(monthly_profile=[";".join([str(1 / 12)] * 12)] * 3))
    cm = eitflow.corridor_variables(monthly)
    assert [len(f) for f in cm["flow_ab"]] == [12, 12] and len(cm.at["BC", "flow"]) == 24
    with pytest.raises(ValueError, match="not made by eitflow.pulp_problem"):
        eitflow.corridor_variables(pulp.LpProblem("mine"))


def test_linear_sizing_gives_a_size_per_way_and_the_capacity_corridors_csv_reports():
    """With linear sizing a two-way corridor has a size per way (its capacity a column): the
    capacity and flow read from `corridor_variables` after the solve are those corridors.csv
    reports (`Statistics.corridors`, another reading of the same solution)."""
    prob = eitflow.pulp_problem(_backbone({"networks": {"fluid": {"sizing": "linear"}}}))
    cv = eitflow.corridor_variables(prob)
    assert cv["sizing"].tolist() == ["linear", "linear"]
    assert [sorted(s) for s in cv["sizes"]] == [["linear_ab", "linear_ba"]] * 2
    prob.solve(pulp.HiGHS(msg=False))
    cor = eitflow.result_from_pulp(prob).statistics.corridors().set_index("corridor_id")
    assert sorted(cor.index) == ["AB", "BC"]
    for c in cor.index:
        assert pulp.value(cv.at[c, "capacity"]) == pytest.approx(cor.at[c, "capacity"], rel=1e-9)
        assert pulp.value(cv.at[c, "flow"]) == pytest.approx(cor.at[c, "flow"], rel=1e-9)
        assert pulp.value(cv.at[c, "built"]) == pytest.approx(1)


def test_no_network_gives_no_corridor():
    from test_extend_pulp import _scenario

    cv = eitflow.corridor_variables(eitflow.pulp_problem(_scenario()))
    assert len(cv) == 0 and "built" in cv.columns


def test_a_corridor_capped_and_forbidden_by_hand():
    """Cap what B-C carries at 5,000 MWh/yr (both ways, the year). By hand (half a pipe's loss
    drawn at each end: 87.6 MWh/yr for 1 km of S, 131.4 for L): C receives 5,000 - 87.6 =
    4,912.4; A-B carries 8,000 + 87.6 + 131.4 + 5,000 = 13,219 > 8,760 (S): L; A injects
    13,219 + 131.4 = 13,350.4. Net benefit 2 x 13,350.4 + 90 x 12,912.4 - 0.5 x 13,219 -
    0.5 x 5,000 - 420,000 - 200,000 = 559,707.3 EUR/yr, above B alone on a small A-B
    (532,306.6: 2 x 8,175.2 + 90 x 8,000 - 0.5 x 8,087.6 - 200,000) and S on A-B with both
    (375,563.2). Forbidding B-C gives that 532,306.6."""
    prob = eitflow.pulp_problem(_backbone())
    cv = eitflow.corridor_variables(prob)
    prob += cv.at["BC", "flow"] <= 5000, "cap_bc"
    prob.solve(pulp.HiGHS(msg=False))
    res = eitflow.result_from_pulp(prob)
    want = 2 * 13350.4 + 90 * 12912.4 - 0.5 * 13219 - 0.5 * 5000 - 420_000 - 200_000
    assert want == pytest.approx(559_707.3)
    assert res.status == "optimal"
    _views_agree(res, want)
    cor = res.statistics.corridors().set_index("corridor_id")
    assert cor.loc["BC", "flow"] == pytest.approx(5000, rel=1e-9) and cor.loc["BC", "size"] == "S"
    assert cor.loc["AB", "flow"] == pytest.approx(13219, rel=1e-9) and cor.loc["AB", "size"] == "L"
    assert pulp.value(cv.at["BC", "flow"]) == pytest.approx(5000, rel=1e-9)

    prob = eitflow.pulp_problem(_backbone())
    prob += eitflow.corridor_variables(prob).at["BC", "built"] == 0, "no_bc"
    prob.solve(pulp.HiGHS(msg=False))
    res = eitflow.result_from_pulp(prob)
    want = 2 * 8175.2 + 90 * 8000 - 0.5 * 8087.6 - 200_000
    assert want == pytest.approx(532_306.6)
    _views_agree(res, want)
    assert res.statistics.corridors()["corridor_id"].tolist() == ["AB"]


@pytest.mark.slow
def test_forbidding_a_corridor_in_pulp_is_leaving_it_out_of_corridors_csv(tmp_path):
    """ludres_backbone with north_1 (UVE_LUDRES - HOUDEMONT, built by the optimum) forbidden in
    PuLP, against the scenario with north_1's row deleted from corridors.csv run by `eitflow
    run` (another model, solved by another path): the same optimum (both at a 0 gap)."""
    from click.testing import CliRunner

    from eitflow.cli.main import main

    scen = eitflow.read_scenario(ROOT / "scenarios" / "ludres_backbone" / "scenario.yaml")
    prob = eitflow.pulp_problem(scen)
    cv = eitflow.corridor_variables(prob)
    prob.solve(pulp.HiGHS(msg=False, gapRel=0))
    assert pulp.value(cv.at["north_1", "built"]) == pytest.approx(1)   # built at the optimum (else this tests nothing)
    prob += cv.at["north_1", "built"] == 0, "no_north_1"
    prob.solve(pulp.HiGHS(msg=False, gapRel=0))
    res = eitflow.result_from_pulp(prob)
    assert res.status == "optimal" and "north_1" not in set(res.statistics.corridors()["corridor_id"])

    d = tmp_path / "ludres"
    d.mkdir()
    for f in (ROOT / "scenarios" / "ludres_backbone").iterdir():
        (d / f.name).write_bytes(f.read_bytes())
    cor = pd.read_csv(d / "corridors.csv")
    cor[cor["corridor_id"] != "north_1"].to_csv(d / "corridors.csv", index=False)
    out = CliRunner().invoke(main, ["run", str(d / "scenario.yaml"), "--out", str(tmp_path / "run"), "--mip-gap", "0", "-q"])
    assert out.exit_code == 0, out.output
    summary = json.loads((tmp_path / "run" / "summary.json").read_text(encoding="utf-8"))
    assert summary["status"] == "optimal"
    assert res.objective == pytest.approx(summary["objective"], rel=1e-9)   # 4,143,208.53 EUR/yr
    assert res.statistics.totals()["net_benefit_eur_per_yr"] == pytest.approx(summary["objective"], rel=1e-9)
    # a cap on trunk_4 (15,644.6 MWh/yr at the optimum) besides: held, every view adding up
    prob += cv.at["trunk_4", "flow"] <= 10_000, "cap_trunk_4"
    prob.solve(pulp.HiGHS(msg=False, gapRel=0))
    res = eitflow.result_from_pulp(prob)
    assert res.status == "optimal" and res.objective < summary["objective"]
    flow = res.statistics.corridors().set_index("corridor_id")["flow"]
    assert flow.get("trunk_4", 0.0) <= 10_000 * (1 + 1e-9)
    _views_agree(res, res.objective)


def test_an_existing_pipe_without_a_size_has_no_switch_and_its_flow_caps():
    """An existing pipe A-B (1 MW) losing no heat has no size to choose: ``built`` is None, and a
    row on it is refused with why (`extend.rows`); its sizing says "existing" (it said
    "discrete") and its capacity is a number, 1 MW x 8,760 h = 8,760 MWh/yr (it said None); a
    cap on its flow at 100 MWh/yr holds. By
    hand: B receives 100 MWh/yr (no loss), worth 90 EUR/MWh, A's disposal avoided 2 EUR/MWh,
    pumping 0.5 EUR/MWh over 1 km: 100 x (90 + 2 - 0.5) = 9,150 EUR/yr."""
    import copy

    fluid = copy.deepcopy(FLUID)
    for size in fluid["fluid"]["network"]["sizes"]:
        size["loss_w_per_m"] = 0.0
    sites = pd.DataFrame({"site_id": ["A", "B"], "lat": [45.0, 45.01], "lon": [4.0, 4.0]})
    flows = pd.DataFrame({"site_id": ["A", "B"], "direction": ["supply", "demand"], "resource": "fluid",
                          "amount": [30000.0, 8000.0], "unit": "MWh/yr", "price_eur_per_unit": [2.0, 90.0]})
    cor = pd.DataFrame({"corridor_id": ["AB"], "resource": ["fluid"], "from": ["A"], "to": ["B"], "length_km": [1.0],
                        "existing": [True], "capacity": [1.0], "unit": ["MW"]})
    scen = eitflow.scenario_from_frames(sites, flows, resources=fluid, corridors=cor, discount_rate=0.0,
                                        lifetime_years=1.0, carbon_price_eur_per_t=0.0, solver={"mip_gap": 0.0})
    prob = eitflow.pulp_problem(scen)
    cv = eitflow.corridor_variables(prob)
    assert cv.at["AB", "built"] is None and cv.at["AB", "sizes"] == {}
    assert cv.at["AB", "sizing"] == "existing" and cv.at["AB", "existing"]
    assert cv.at["AB", "capacity"] == pytest.approx(1.0 * 8760.0)   # 1 MW x 8,760 h, MWh/yr
    with pytest.raises(TypeError, match="corridor_variables gives built None for an existing pipe"):
        prob += cv.at["AB", "built"] == 0, "no_ab"
    prob += cv.at["AB", "flow"] <= 100, "cap_ab"
    prob.solve(pulp.HiGHS(msg=False))
    res = eitflow.result_from_pulp(prob)
    _views_agree(res, 100 * (90 + 2 - 0.5))


def test_an_existing_pipe_beside_new_ones_says_existing_with_its_capacity():
    """The backbone with A-B an existing pipe of 1 MW (losing heat: that of size S, the smallest
    carrying 1 MW, 20 W/m) on a network sized linearly, B-C new: A-B's sizing is "existing" (it
    said "linear", the network's, although nothing of it is sized), its one switch is its
    service (named S, what its loss is from) and its capacity that switch x 1 MW x 8,760 h =
    8,760 MWh/yr; B-C stays "linear". Solved, A-B's capacity is corridors.csv's (`Statistics
    .corridors`, another reading of the same solution): 8,760 MWh/yr, in service."""
    prob = eitflow.pulp_problem(_backbone({"networks": {"fluid": {"sizing": "linear"}}},
                                          {"existing": [True, False], "capacity": [1.0, None], "unit": ["MW", None]}))
    cv = eitflow.corridor_variables(prob)
    assert cv["sizing"].tolist() == ["existing", "linear"]
    assert cv["existing"].tolist() == [True, False]
    (y,) = cv.at["AB", "sizes"].values()
    assert list(cv.at["AB", "sizes"]) == ["S"]
    assert dict(cv.at["AB", "capacity"].items()) == {y: 1.0 * 8760.0}   # MWh/yr per unit of the switch
    prob.solve(pulp.HiGHS(msg=False))
    got = eitflow.result_from_pulp(prob).statistics.corridors().set_index("corridor_id")
    assert pulp.value(cv.at["AB", "built"]) == pytest.approx(1)
    assert pulp.value(cv.at["AB", "capacity"]) == pytest.approx(got.at["AB", "capacity"], rel=1e-9)
    assert got.at["AB", "capacity"] == pytest.approx(8760.0, rel=1e-9)
