"""A network solve stopped at its time limit (or gap target) may return an incumbent whose pipes
are larger than their flows need, or built and idle (`solve.leastsize`): every money figure
(investment, corridors.csv, each company's share) then described pipes nobody needs. The
driver now puts each corridor of discrete sizes at the least size carrying its flows, unbuilds
the idle ones, and re-solves the flows for those sizes (an LP), kept where the objective does
not fall. Figures by hand from resources.yaml's hot-water table (DN65 0.643 MW 537 EUR/m 27.1
W/m, DN80 0.98 MW 602 EUR/m 28.2 W/m, DN100 1.95 MW 670 EUR/m 30.0 W/m; load factor 0.5;
pumping 0.05 EUR/MWh/km; 1.5 % O&M) and the scenario's 5 % over 20 years."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import eitflow
from eitflow.solve.check import check_solution
from eitflow.solve.netway import least_ways
from eitflow.solve.status import BatchResult, Status

# a source S and two districts A and B, 1 km apart each way (an equilateral triangle)
SITES = pd.DataFrame({"site_id": ["S", "A", "B"], "lat": [48.60, 48.609, 48.6045],
                      "lon": [6.10, 6.10, 6.10 + 0.009 * np.sqrt(3) / 2 / np.cos(np.radians(48.6045))]})
FLOWS = pd.DataFrame({"flow_id": ["s_heat", "a_heat", "b_heat"], "site_id": ["S", "A", "B"],
                      "direction": ["supply", "demand", "demand"], "resource": "heat",
                      "amount": [50_000.0, 3_000.0, 3_000.0], "unit": "MWh/yr", "temperature_c": [120.0, 60.0, 60.0],
                      "price_eur_per_unit": [0.0, 80.0, 80.0], "max_distance_km": [0.1, 0.1, 0.1],
                      "required": [False, True, True]})
TRIANGLE = pd.DataFrame({"corridor_id": ["sa", "ab", "sb"], "resource": "heat", "from": ["S", "A", "S"],
                         "to": ["A", "B", "B"], "length_km": [1.0, 1.0, 1.0]})

# an annual euro of investment costs 0.05 / (1 - 1.05^-20) + 0.015 = 0.0802426 + 0.015 = 0.0952426 EUR/yr
ANNUAL = 0.05 / (1 - 1.05 ** -20) + 0.015
# each pipe loses W/m x 1,000 m x 8,760 h: DN65 237.396, DN80 247.032, DN100 262.8 MWh/yr, half drawn at each end
LOSS = {"DN65": 27.1 * 8.76, "DN80": 28.2 * 8.76, "DN100": 30.0 * 8.76}
# the incumbent: sa DN100 (3,000 MWh/yr at A need 3,000 / 8,760 / 0.5 = 0.685 MW peak: DN80's
# 0.98 MW carries it, DN65's 0.643 does not), sb DN80, ab DN65 laid and idle. Each district
# draws its demand and half the loss of every pipe ending there, all from S:
#   sa: 3,000 + 262.8 / 2 + 237.396 / 2 = 3,250.098   sb: 3,000 + 247.032 / 2 + 237.396 / 2 = 3,242.214
#   injected: 6,000 + 262.8 + 247.032 + 237.396 = 6,747.228 MWh/yr
INCUMBENT = {"sa": ("DN100", 3000 + (LOSS["DN100"] + LOSS["DN65"]) / 2),
             "sb": ("DN80", 3000 + (LOSS["DN80"] + LOSS["DN65"]) / 2), "ab": ("DN65", 0.0)}


def _scenario(time_limit: float = 60.0):
    return eitflow.scenario_from_frames(SITES, FLOWS, corridors=TRIANGLE,
                                        networks={"heat": {"temperature_c": 90.0, "sizing": "discrete"}},
                                        solver={"mip_gap": 0.0, "time_limit_s": time_limit})


def _hand_incumbent(arr, cand) -> np.ndarray:
    """`INCUMBENT` as `arr`'s column values: every link on, the deliveries 3,000 MWh/yr each,
    the injection what the pipes carry plus what they lose at S."""
    net, nb = cand.network, arr.network
    z = np.zeros(arr.shape[1])
    xs = arr.cols["x"]
    demand = np.asarray(cand.column("demand"), np.int64)[arr.links]
    z[xs.start:xs.stop] = np.where(demand >= 0, 3000.0, 6000.0 + sum(LOSS[s] for s, _ in INCUMBENT.values()))
    z[arr.cols["y"].slice] = 1.0
    cid = net.corridors["corridor_id"].to_numpy()
    node = net.nodes["node_id"].to_numpy()
    for i, arc in enumerate(nb.arcs):
        k = cid[int(net.arcs["corridor"].to_numpy()[arc])]
        if node[nb.nodes[nb.a_tail[i]]] == "S":
            z[nb.arc_col0 + i] = INCUMBENT[k][1]
    opts = net.options
    for j, g in enumerate(nb.options):
        if opts["size"].to_numpy()[g] == INCUMBENT[cid[int(opts["corridor"].to_numpy()[g])]][0]:
            z[nb.opt_col0 + j] = 1.0
    return least_ways(arr, z)


def test_an_incumbent_with_an_oversized_and_an_idle_pipe_is_laid_at_the_least_sizes(monkeypatch):
    """The solver stops with `INCUMBENT` (HiGHS handed it back as at its time limit): sa DN100
    where DN80 carries its 3,250 MWh/yr, and ab's DN65 idle (lossy: the tidy-up could not switch
    it off alone, the ends' balance draws its loss). Before: corridors.csv listed 3 pipes,
    1,809,000 EUR of investment (670,000 + 602,000 + 537,000). Now: sa and sb DN80, ab unbuilt,
    1,204,000 EUR, and the objective up by the annual cost of 670,000 - 602,000 + 537,000 =
    605,000 EUR of pipe, 605,000 x 0.0952426 = 57,621.77 EUR/yr, and the pumping of the loss no
    longer carried: 0.05 EUR/MWh x 1 km x (6,492.312 - 2 x (3,000 + 247.032 / 2) = 245.28 MWh/yr)
    = 12.264 EUR/yr: 57,634.03 EUR/yr in all, which is the optimum (a second solve, to gap 0)."""
    import eitflow.solve.driver as driver

    seen = {}

    def stopped(arrays, opts, deadline, executor, workers, bar, starts=None, done=None):
        assert len(arrays) == 1
        arr = arrays[0]
        z = _hand_incumbent(arr, seen["cand"])
        assert check_solution(arr, z) == []   # the hand incumbent satisfies the model
        seen["objective"] = float(arr.c @ z)
        if starts is not None:
            starts.clear()   # no other start stands in for the incumbent
        return [BatchResult(Status.TIME_LIMIT, seen["objective"], None, z, 0.0, "stopped at the time limit")]

    scen = _scenario()
    from eitflow.candidates.generate import build_candidates
    seen["cand"] = build_candidates(scen)   # as `optimise` builds them: the incumbent is over the same columns
    monkeypatch.setattr(driver, "_run_batches", stopped)
    res = eitflow.optimise(scen)
    monkeypatch.undo()
    c = res.statistics.corridors()
    assert dict(zip(c["corridor_id"], c["size"])) == {"sa": "DN80", "sb": "DN80"}
    assert float(c["investment_eur"].sum()) == pytest.approx(2 * 602_000.0)
    assert res.objective == pytest.approx(seen["objective"] + 605_000 * ANNUAL + 0.05 * 245.28, rel=1e-9)
    optimum = eitflow.optimise(_scenario())
    assert str(optimum.status.value) == "optimal"
    assert res.objective == pytest.approx(float(optimum.objective), rel=1e-9)


def _town(objective: str):
    """`bench.netsynth.network_city(30, 2, 0)` with discrete sizes, `objective`, 20 s."""
    import dataclasses

    from eitflow.bench.netsynth import network_city

    scen = network_city(30, 2, 0)
    nets = {"heat": scen.params.networks["heat"].model_copy(update={"sizing": "discrete"})}
    return dataclasses.replace(scen, params=scen.params.model_copy(update={
        "objective": objective, "networks": nets,
        "solver": scen.params.solver.model_copy(update={"time_limit_s": 20.0})}))


def _assert_least_and_none_idle(res) -> None:
    """Every corridor of `res` carries something and is laid at its least size, looked up here in
    resources.yaml's table: the first whose capacity x load factor 0.5 x 8,760 h is at least its
    busiest period (`peak`, MWh/yr)."""
    from eitflow.catalogue import load_catalogue

    spec = load_catalogue()["heat"].network
    assert spec is not None and spec.load_factor == 0.5
    sizes = sorted((s.capacity, s.name) for s in spec.sizes)
    rank = {name: i for i, (_, name) in enumerate(sizes)}
    c = res.statistics.corridors()
    assert len(c) > 0
    assert int((c["flow"] <= 0).sum()) == 0   # none idle
    least = [next(i for i, (cap, _) in enumerate(sizes) if cap * 0.5 * 8760 >= peak * (1 - 1e-9)) for peak in c["peak"]]
    assert [rank[s] for s in c["size"]] == least


@pytest.mark.slow
def test_a_town_stopped_at_its_time_limit_lays_no_pipe_above_its_least_size_and_none_idle(monkeypatch):
    """A generated town of 30 buildings (`bench.netsynth.network_city(30, 2, 0)`) with discrete
    sizes under `objective: net_benefit`, stopped at 20 s: main's incumbent kept 23 corridors of
    35 above their least size and 2 idle (-1,325,850 EUR/yr, 7.63 M EUR of investment; the
    branch at the same load: -1,107,446 and 5.51 M, none), at a higher load 1 of 30 (-1,002,882
    and 4,536,458 EUR; the branch -1,002,596 and 4,533,584). Every corridor laid carries
    something and is laid at its least size (`_assert_least_and_none_idle`). The run's objective
    is no less than the incumbent the solver handed back (the better of its result and the start
    it had, as the driver keeps it)."""
    import eitflow.solve.driver as driver

    scen = _town("net_benefit")
    real, seen = driver._run_batches, []

    def recorded(arrays, opts, deadline, executor, workers, bar, starts=None, done=None):
        out = real(arrays, opts, deadline, executor, workers, bar, starts, done)
        seen.append(sum(max(r.objective if r.objective is not None else -np.inf,
                            float(a.c @ starts[k]) if starts and k in starts else -np.inf)
                        for k, (a, r) in enumerate(zip(arrays, out))))
        return out

    monkeypatch.setattr(driver, "_run_batches", recorded)
    res = eitflow.optimise(scen)
    monkeypatch.undo()
    assert res.objective is not None and len(seen) == 1
    assert res.objective >= seen[0] - 1e-9 * abs(seen[0])
    _assert_least_and_none_idle(res)


@pytest.mark.slow
def test_the_co2_money_stage_lays_no_pipe_above_its_least_size():
    """The same town under `objective: co2`: the money stage (`solve.lexico`, the whole model
    re-solved for money to its time limit) kept 1 corridor of 30 above its least size on main
    (-1,002,882 EUR/yr, 4,536,458 EUR; 2 of 40 seen before); its solve goes through the driver's
    pass now (-1,002,596 and 4,533,584 at the same load, CO2 avoided 4,631.508 tCO2/yr both)."""
    res = eitflow.optimise(_town("co2"))
    assert res.solution.money_stage is not None and res.solution.money_stage["status"] != "not_run"
    _assert_least_and_none_idle(res)


def _keep_ab(cand) -> list:
    """An extra row of the caller's: corridor ab built (its size switches sum to at least 1)."""
    from eitflow.model.arrays import LinearConstraint

    cid = cand.network.corridors["corridor_id"].to_numpy()
    return [LinearConstraint(x_coef=np.zeros(len(cand.links)), corridor_coef=(cid == "ab").astype(float), lo=1.0,
                             name="keep_ab")]


def test_a_refused_resizing_keeps_the_others_of_its_round(monkeypatch):
    """`INCUMBENT` again, with a row of the caller's keeping ab built (`extra`): the round's
    two resizings (sa DN100 -> DN80, ab unbuilt) were one LP, which the row refused, and main
    kept neither: sa stayed DN100, 670,000 + 602,000 + 537,000 = 1,809,000 EUR of pipe. Now the
    round is split and sa's resizing kept alone: sa and sb DN80, ab DN65 (idle, as the row
    wants), 602,000 + 602,000 + 537,000 = 1,741,000 EUR, and the objective up by the annual
    cost of 670,000 - 602,000 = 68,000 EUR of pipe, 68,000 x 0.0952426 = 6,476.50 EUR/yr, and
    the pumping of sa's lesser loss: sa carries 3,000 + (262.8 + 237.396) / 2 = 3,250.098
    MWh/yr before and 3,000 + (247.032 + 237.396) / 2 = 3,242.214 after, 0.05 EUR/MWh/km x 1 km
    x 7.884 = 0.3942 EUR/yr: 6,476.89 EUR/yr in all. (Not the optimum with that row, 343,932.67
    EUR/yr, which lays sa and ab and not sb: the pass resizes the plan it is given, it does not
    re-route it.)"""
    import eitflow.solve.driver as driver
    from eitflow.candidates.generate import build_candidates

    seen: dict = {}

    def stopped(arrays, opts, deadline, executor, workers, bar, starts=None, done=None):
        arr = arrays[0]
        z = _hand_incumbent(arr, seen["cand"])
        assert check_solution(arr, z) == []   # the row holds: ab is built
        seen["objective"] = float(arr.c @ z)
        if starts is not None:
            starts.clear()
        return [BatchResult(Status.TIME_LIMIT, seen["objective"], None, z, 0.0, "stopped at the time limit")]

    scen = _scenario()
    seen["cand"] = build_candidates(scen)
    monkeypatch.setattr(driver, "_run_batches", stopped)
    res = eitflow.optimise(scen, extra=_keep_ab(seen["cand"]))
    monkeypatch.undo()
    c = res.statistics.corridors()
    assert dict(zip(c["corridor_id"], c["size"])) == {"sa": "DN80", "sb": "DN80", "ab": "DN65"}
    assert float(c["investment_eur"].sum()) == pytest.approx(2 * 602_000.0 + 537_000.0)
    assert res.objective == pytest.approx(seen["objective"] + 68_000 * ANNUAL + 0.05 * 7.884, rel=1e-9)


def test_each_batch_gets_a_share_of_the_pass_time():
    """Each network batch's pass ends by an equal share of what is left of the one budget
    (`pass_deadline`): with 2 s left and 4 batches to go, 2 / 4 = 0.5 s; the last batch gets all
    that is left; none past the end."""
    from eitflow.solve.leastsize import pass_deadline

    assert pass_deadline(100.0, 4, now=98.0) == pytest.approx(98.5)
    assert pass_deadline(100.0, 1, now=99.25) == pytest.approx(100.0)
    assert pass_deadline(100.0, 3, now=100.5) == pytest.approx(100.5)   # past it: no time


def test_the_pass_over_two_networks_shares_one_budget_inside_the_time_limit(monkeypatch):
    """Two triangles like `TRIANGLE`, 111 km apart, each a network batch. On main each batch's
    pass could run to the solver's deadline d + LEAST_S (1 s), the first taking all of it, and
    that second came after the solver's deadline, which the run's reserve did not hold: the
    run could overrun its time limit by it. Now (the clock of `solve.leastsize` held at d, so
    that nothing here is timed) the first batch's pass ends by d + 1 / 2 = d + 0.5, the second
    by d + 1, and d + 1 leaves at least the watchdog's grace (1 s) before the run's deadline."""
    import types

    import eitflow.solve.decompose as decompose
    import eitflow.solve.driver as driver
    import eitflow.solve.leastsize as leastsize
    from eitflow.solve.budget import GRACE_S
    from eitflow.solve.leastsize import LEAST_S

    far = SITES.assign(site_id=SITES["site_id"] + "2", lat=SITES["lat"] + 1.0)
    sites = pd.concat([SITES, far], ignore_index=True)
    flows = pd.concat([FLOWS, FLOWS.assign(flow_id=FLOWS["flow_id"] + "2", site_id=FLOWS["site_id"] + "2")],
                      ignore_index=True)
    corr = pd.concat([TRIANGLE, TRIANGLE.assign(**{c: TRIANGLE[c] + "2" for c in ("corridor_id", "from", "to")})],
                     ignore_index=True)
    scen = eitflow.scenario_from_frames(sites, flows, corridors=corr,
                                        networks={"heat": {"temperature_c": 90.0, "sizing": "discrete"}},
                                        solver={"mip_gap": 0.0, "time_limit_s": 60.0})
    real_run, real_pass = driver._run_batches, leastsize.pipes_at_least
    seen: dict = {"given": []}

    def run(arrays, opts, deadline, *args, **kw):
        seen["d"] = deadline
        monkeypatch.setattr(leastsize, "time", types.SimpleNamespace(time=lambda: deadline))
        return real_run(arrays, opts, deadline, *args, **kw)

    def recorded(arr, z, opts, deadline):
        seen["given"].append(deadline)
        return real_pass(arr, z, opts, deadline)

    monkeypatch.setattr(driver, "_run_batches", run)
    monkeypatch.setattr(leastsize, "pipes_at_least", recorded)
    monkeypatch.setattr(decompose, "BATCH_LINKS", 1)   # each triangle a batch (tiny ones are grouped)
    start = __import__("time").time()
    res = eitflow.optimise(scen, deadline=start + 60.0)
    monkeypatch.undo()
    assert res.objective is not None
    d = seen["d"]
    assert seen["given"] == [pytest.approx(d + LEAST_S / 2, abs=1e-6), pytest.approx(d + LEAST_S, abs=1e-6)]
    assert d + LEAST_S <= start + 60.0 - GRACE_S


def test_a_refused_round_is_bisected_and_its_refusals_not_tried_again():
    """`least_pipe_sizes` with a stand-in LP refusing whatever unbuilds ab (accepting anything
    else as given) on `INCUMBENT`: the round (sa DN100 -> DN80, ab unbuilt) is refused, then
    its halves are tried, [sa] kept and [ab] refused: 3 LPs; the next round has nothing left to
    try (ab refused alone), where it tried ab again before the memory: 4."""
    from eitflow.candidates.generate import build_candidates
    from eitflow.model.build import build_arrays
    from eitflow.solve.leastsize import least_pipe_sizes, option_columns

    scen = _scenario()
    cand = build_candidates(scen)
    arr = build_arrays(scen, cand)
    z = _hand_incumbent(arr, cand)
    o, _ = option_columns(arr)
    cid = cand.network.corridors["corridor_id"].to_numpy()
    size = cand.network.options["size"].to_numpy()
    corridor = cid[cand.network.options["corridor"].to_numpy()[arr.network.options]]
    calls = []

    def resolve(*, start, sizes, deadline):
        calls.append({k: s for k, s, on in zip(corridor, size[arr.network.options], sizes) if on > 0.5})
        if "ab" not in calls[-1]:
            return None
        out = start.copy()
        out[o] = sizes
        return out

    best = least_pipe_sizes(arr, z, resolve, __import__("time").time() + 60.0)
    assert calls == [{"sa": "DN80", "sb": "DN80"}, {"sa": "DN80", "sb": "DN80", "ab": "DN65"},
                     {"sa": "DN80", "sb": "DN80"}]
    assert {k: s for k, s, on in zip(corridor, size[arr.network.options], best[o]) if on > 0.5} == \
        {"sa": "DN80", "sb": "DN80", "ab": "DN65"}
