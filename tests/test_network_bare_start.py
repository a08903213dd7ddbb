"""The plan without new corridors (`solve.netbare`) starts every network solve that may stop at
its limit, not only the cut rule's probe: the probe of a network with monthly profiles
(`solve.netway.probe_then_cut`) and the solves of `cuts: on` and `cuts: off` (no probe:
`solve.netprep`, `netbare.bare_starts`).

HiGHS is patched to do what it did under load on Meurthe-et-Moselle's network: a MIP whose pipe
sizes may be built stops at its limit with its first incumbent, "build nothing" (0 EUR/yr), or
with the start it was given where it has one; LPs and the model with every size held at 0 (an
easy one: 0.07-0.28 s on Meurthe-et-Moselle under load) solve for real. Before, these paths
ran HiGHS without a start and the run said "feasible, 0 EUR/yr".

The two sites stand at the same place (a pipe of 0 km between them) and a 1 km corridor joins
them. By hand, from the catalogue's heat pipe (resources.yaml: 150,000 EUR, 800,000 EUR/km, 5,000
EUR/yr, 0.5 EUR/MWh + 0.1 EUR/MWh/km, 0.2 %/km lost; 5 %, 20 years: CRF = 0.0802426): the
point-to-point pipe of 0 km delivers all 6,000 MWh/yr, worth 50 - 0.5 = 49.5 EUR/MWh, for
150,000 x CRF + 5,000 = 17,036.39 EUR/yr: 297,000 - 17,036.39 = 279,963.61 EUR/yr. (The
corridor, a new DN125 of 1 km, would earn 211,756.93: `test_network_idle_months`.)
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import eitflow
from eitflow.candidates.generate import build_candidates
from eitflow.model.build import build_arrays
from eitflow.solve.check import check_solution
from eitflow.solve.status import BatchResult, Status
from test_network_idle_months import SUMMER

LUDRES = Path(__file__).resolve().parents[1] / "scenarios" / "ludres_backbone" / "scenario.yaml"
CRF = 0.05 / (1 - 1.05 ** -20)
BY_HAND = 6000 * (50 - 0.5) - (150_000 * CRF + 5_000)    # 279,963.61 EUR/yr


def _scenario(monthly: bool, cuts: str = "auto", apart: bool = False, required: float | None = None,
              time_limit: float = 3.0):
    """X's 6,000 MWh/yr of 100 degC heat, Y's demand of 6,000 at 50 EUR/MWh (`required`: that
    much, to be met in full), a 1 km corridor; the sites at the same place (a pipe of 0 km), or `apart`: 0.74 km,
    no point-to-point pipe."""
    sites = pd.DataFrame({"site_id": ["X", "Y"], "lat": [48.0, 48.0], "lon": [2.0, 2.01 if apart else 2.0]})
    flows = pd.DataFrame({"flow_id": ["xs", "yd"], "site_id": ["X", "Y"], "direction": ["supply", "demand"],
                          "resource": "heat", "amount": [6000.0, 6000.0], "unit": "MWh/yr",
                          "temperature_c": [100.0, 60.0], "price_eur_per_unit": [0.0, 50.0]})
    if required is not None:   # Y needs that much, all of it
        flows["amount"] = [6000.0, required]
        flows["required"] = [False, True]
    if monthly:
        flows["monthly_profile"] = SUMMER
    corridors = pd.DataFrame({"corridor_id": ["c1"], "resource": "heat", "from": ["X"], "to": ["Y"],
                              "length_km": [1.0]})
    return eitflow.scenario_from_frames(
        sites, flows, corridors=corridors, carbon_price_eur_per_t=0.0, discount_rate=0.05, lifetime_years=20.0,
        max_distance_km={"heat": 0.01 if apart else 2.0}, solver={"mip_gap": 1e-7, "time_limit_s": time_limit},
        networks={"heat": {"temperature_c": 80.0, "sizing": "discrete", "cuts": cuts}})


def _highs_finds_only_build_nothing(monkeypatch, bound: float) -> list[np.ndarray | None]:
    """HiGHS as under load (module docstring); returns the starts the MIPs with sizes got."""
    import eitflow.solve.highs as highs

    real = highs.solve_highs
    starts: list[np.ndarray | None] = []

    def solve(a, opts, limit, start=None, on_incumbent=None):
        if not a.integrality.any() or not a.ub[a.cols["size"].slice].any():   # LPs, the model without sizes
            return real(a, opts, limit, start, on_incumbent)
        starts.append(None if start is None else np.array(start, float))
        z = np.zeros(a.shape[1]) if start is None else np.asarray(start, float)
        return BatchResult(Status.FEASIBLE, float(a.c @ z), bound, z, min(limit, 0.01), "time limit reached")

    monkeypatch.setattr(highs, "solve_highs", solve)
    return starts


@pytest.mark.parametrize("monthly, cuts", [(True, "auto"), (True, "on"), (False, "on"), (False, "off")])
@pytest.mark.slow
def test_a_network_solve_starts_from_the_plan_without_new_corridors(monkeypatch, monthly, cuts):
    import eitflow.solve.highs as highs

    # 6 s: the run keeps 1 s for the least-size pass (`budget.LEAST_S`), and netway's rounds get a
    # fifth of what the probe leaves; at 3 s their 12-period LP did not always finish under load
    # (the MIPs are stood in for and return at once: the run does not take longer)
    scen = _scenario(monthly, cuts, time_limit=6.0)
    arr = build_arrays(scen, build_candidates(scen))
    assert arr.network is not None and len(arr.network.options)
    if monthly:   # the probe of `solve.netway` is the path taken
        from eitflow.solve.netway import way_arcs
        assert arr.periods == 12 and len(way_arcs(arr))
    lp = highs.solve_highs(arr.relaxed(), scen.params.solver, 30.0)   # the corridor adds nothing, even in the LP
    assert lp.status == Status.OPTIMAL and lp.objective == pytest.approx(BY_HAND, abs=0.01)
    # HiGHS's bound when it stops: 20 % above the optimum (valid: 279,963.61 is the most any plan earns)
    starts = _highs_finds_only_build_nothing(monkeypatch, 1.2 * BY_HAND)
    sol = eitflow.optimise(scen).solution
    # the first MIP with sizes started from the plan without new corridors: every size off, worth
    # the hand value, feasible for the model (its first columns: the way columns come after)
    assert starts and starts[0] is not None
    first = starts[0][:arr.shape[1]]
    assert not first[arr.cols["size"].slice].any()
    assert float(arr.c @ first) == pytest.approx(BY_HAND, abs=0.01)
    assert check_solution(arr, first) == []
    # the run: stopped at its limit with that plan and a bound, never "build nothing worth 0"
    assert sol.objective >= BY_HAND - 0.01 and sol.built.any()
    if monthly:   # netway's rounds ran: their last LP, the LP above (BY_HAND), bounds the batch and proves the plan
        assert sol.status == Status.OPTIMAL and sol.bound == pytest.approx(BY_HAND, abs=0.01)
    else:
        assert sol.status == Status.FEASIBLE
        assert sol.bound == pytest.approx(1.2 * BY_HAND, rel=1e-9) and sol.gap == pytest.approx(0.2, rel=1e-6)


@pytest.mark.parametrize("monthly, cuts", [(True, "auto"), (True, "on"), (False, "auto"), (False, "on"), (False, "off")])
def test_a_run_whose_network_found_no_plan_in_time_says_so_on_every_path(monkeypatch, monthly, cuts):
    """The same two sites 0.74 km apart, no point-to-point pipe (max_distance_km 0.01): only the
    corridor can carry the heat (worth 211,756.93 EUR/yr by hand: `test_network_idle_months`),
    so the plan without new corridors is worth nothing, and HiGHS stops at its limit before a
    first solution in every MIP with sizes. On every network path (the cut rule's probe of one
    period, the probe of monthly profiles, `cuts: on`, `off`) the run says "time limit - no
    solution" and what a plan may be worth, never "feasible, 0 EUR/yr". (A guard: main says so
    too; HiGHS's own "build nothing" incumbent with a bound above it is "feasible - no paying plan
    found in the time given; up to ... remain possible" on every path, as `test_gap_undefined` has it.)"""
    import eitflow.solve.highs as highs

    scen = _scenario(monthly, cuts, apart=True)
    cand = build_candidates(scen)
    assert set(cand.links["kind"]) == {"from_net", "to_net"}    # the network's connections only
    real = highs.solve_highs
    sized: list[float] = []

    def solve(a, opts, limit, start=None, on_incumbent=None):
        if not a.integrality.any() or not a.ub[a.cols["size"].slice].any():
            return real(a, opts, limit, start, on_incumbent)
        sized.append(limit)
        return BatchResult(Status.TIME_LIMIT, None, None, None, min(limit, 0.01), "time limit reached")

    monkeypatch.setattr(highs, "solve_highs", solve)
    res = eitflow.optimise(scen)
    sol = res.solution
    assert sized
    assert sol.status == Status.TIME_LIMIT and sol.objective is None and sol.gap is None
    assert sol.bound is not None and sol.bound >= 211_756.93    # the LP's, or each link's best
    assert sol.batch_status == {"time_limit": 1}
    line = res.status_line("en")
    assert line.startswith("status: time limit - no solution") and f"{sol.bound:,.2f} EUR/yr" in line
    assert "no plan found before the time limit" in sol.message


@pytest.mark.slow
def test_a_required_demand_on_a_monthly_network_gets_the_tree_start_when_the_probe_finds_none(monkeypatch):
    """Y needs 5,000 MWh/yr in full, through the corridor only (sites apart), monthly profiles:
    the probe of `solve.netway` and every later MIP whose sizes are free find no plan (HiGHS as
    under load; given a start, it keeps it). After the cut rule's probe such a batch gets the
    spanning-tree start (`solve.netprep`); after netway's it got nothing: "time limit - no
    solution". Now it does, and the run has the tree's network: the one corridor, a new DN125.

    By hand (as `test_network_idle_months`): DN125 loses 35.1 W/m x 55/65 x 8.76 = 260.172 MWh/yr
    in service all year, in service here the 6 summer months: 21.681 a month, half at each end.
    Y gets 5,000/6 = 833.333 a month (DN100 carries 711.75 a month: too small), the pipe carries
    833.333 + 10.8405 a month, 5,065.043 MWh/yr, at 0.05 EUR/MWh/km. 50 x 5,000 - 2 x 60,000 x CRF
    - 0.05 x 5,065.043 - 754,000 x (CRF + 0.015) = 168,304.73 EUR/yr, also the optimum."""
    import eitflow.solve.highs as highs
    from eitflow.solve.netway import way_arcs

    scen = _scenario(True, apart=True, required=5000.0)
    # time for the probe (a third of the time left) and the tree start after it (1 s at least)
    scen.params = scen.params.model_copy(update={"solver": scen.params.solver.model_copy(update={"time_limit_s": 8.0})})
    arr = build_arrays(scen, build_candidates(scen))
    assert len(way_arcs(arr))
    real = highs.solve_highs

    def solve(a, opts, limit, start=None, on_incumbent=None):
        sizes = a.cols["size"].slice
        if not a.integrality.any() or np.all(a.lb[sizes] == a.ub[sizes]):   # LPs, every size fixed (the tree's)
            return real(a, opts, limit, start, on_incumbent)
        if start is None:
            return BatchResult(Status.TIME_LIMIT, None, None, None, min(limit, 0.01), "time limit reached")
        z = np.asarray(start, float)
        return BatchResult(Status.FEASIBLE, float(a.c @ z), 250_000.0, z, min(limit, 0.01), "time limit reached")

    monkeypatch.setattr(highs, "solve_highs", solve)
    sol = eitflow.optimise(scen).solution
    by_hand = 50 * 5000 - 2 * 60_000 * CRF - 0.05 * 6 * (5000 / 6 + 35.1 * 55 / 65 * 8.76 / 24) \
        - 754_000 * (CRF + 0.015)
    assert sol.status == Status.FEASIBLE and sol.objective == pytest.approx(by_hand, abs=1.0)
    assert sol.option_built.sum() == 1


@pytest.mark.parametrize("written, read", [("on", "on"), ("off", "off"), ('"on"', "on"), ("auto", "auto")])
def test_cuts_on_and_off_unquoted_in_scenario_yaml_are_read_as_written(tmp_path, written, read):
    """`cuts: on` as the README's option table writes it: YAML 1.1 reads on and off unquoted as
    booleans, and the scenario was refused, "key 'networks.heat.cuts': Input should be 'auto',
    'on' or 'off'", the very value the user wrote. Now read as written."""
    import shutil

    from eitflow.scenario import NetworkOptions

    d = tmp_path / "ludres"
    shutil.copytree(LUDRES.parent, d)
    text = (d / "scenario.yaml").read_text(encoding="utf-8")
    head = "    temperature_c: 90            # 90/60 degC network, the catalogue's pipe-size basis\n"
    assert head in text
    (d / "scenario.yaml").write_text(text.replace(head, head + f"    cuts: {written}\n"), encoding="utf-8")
    scen = eitflow.read_scenario(d / "scenario.yaml")
    assert scen.params.networks["heat"].cuts == read
    with pytest.raises(ValueError, match="'auto', 'on' or 'off'"):
        NetworkOptions(cuts="maybe")   # anything else is still refused
