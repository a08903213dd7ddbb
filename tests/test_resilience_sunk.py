"""`resilience` with the plan already built (`analyses.sunk`): the re-solve after a closure pays
only the running costs of the plan's links, corridors and hubs it keeps, their annuities being
spent whatever happens. Before, the only re-solve built anew, paying again for what it kept, so
a pipe or corridor it replaced by another partner or route counted as stranded although the
one built could keep running (the hand cases below: 2,000,000 EUR stranded where 1,000,000 is,
360,000 where 60,000 is)."""
from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd
import pytest

import eitflow
from conftest import ROOT
from eitflow.analyses.resilience import resilience

# discount rate 0 over 10 years: CRF = 1/10, so a link's annuity is a tenth of its investment
CRF = 0.1


def _two_suppliers():
    """Two free heat supplies S1, S2 (4,000 MWh/yr each), two demands D, E (4,000 MWh/yr, 50
    EUR/MWh saved), four given pipes (no loss, no transport cost, 10,000 EUR/yr O&M each)."""
    sites = pd.DataFrame({"site_id": ["S1", "S2", "D", "E"], "name": ["Sup 1", "Sup 2", "Dem D", "Dem E"],
                          "lat": [45.70] * 4, "lon": [4.800, 4.810, 4.820, 4.830], "zone": ["Z"] * 4})
    flows = pd.DataFrame({"site_id": ["S1", "S2", "D", "E"], "direction": ["supply", "supply", "demand", "demand"],
                          "resource": "heat", "amount": 4000, "unit": "MWh/yr", "temperature_c": [120, 120, 70, 70],
                          "price_eur_per_unit": [0, 0, 50, 50]})
    links = pd.DataFrame({"source_site": ["S1", "S2", "S2", "S1"], "sink_site": ["D", "E", "D", "E"],
                          "supply_resource": "heat", "distance_km": 0.0, "var_cost_eur_per_unit": 0.0,
                          "investment_eur": [1e6, 1e6, 5e5, 3e6], "fixed_cost_eur_per_yr": 10000.0})
    return eitflow.scenario_from_frames(sites, flows, links=links, carbon_price_eur_per_t=0, discount_rate=0.0,
                                        lifetime_years=10, solver={"mip_gap": 0.0})


def test_a_pipe_the_plan_built_keeps_running_after_a_partners_closure():
    """By hand (EUR/yr; each delivery 4,000 x 50 = 200,000; annual cost CRF x I + 10,000):
    S1->D 200,000 - 110,000 = 90,000; S2->E 90,000; S2->D (I 500,000) 200,000 - 60,000 = 140,000;
    S1->E (I 3,000,000) 200,000 - 310,000 < 0. The plan: S1->D and S2->E, 180,000 (S2->D alone:
    140,000). E closes:
    - built anew: S2->D (140,000) beats S1->D (90,000): loss 180,000 - 140,000 = 40,000, and
      S1->D's pipe is stranded with E's own: 1,000,000 + 1,000,000 = 2,000,000 EUR;
    - already built: S1->D costs its O&M alone, 200,000 - 10,000 = 190,000 > 140,000, so it
      keeps running; the annuities A = 100,000 + 100,000 are paid anyway: loss =
      180,000 + 200,000 - 190,000 = 190,000 (the plan's 180,000 down to 190,000 - 200,000 =
      -10,000), and only E's pipe is stranded, 1,000,000 EUR.
    S1 closes, the same the other way (S2->E kept). D or S2 closes: the plan's other pipe runs
    either way: losses 90,000 built anew, 180,000 + 200,000 - 190,000 = 190,000 built; the
    closed company's pipe stranded, 1,000,000 EUR, in both."""
    scen = _two_suppliers()
    base = eitflow.optimise(scen)
    assert base.summary["objective"] == pytest.approx(180000.0)   # the plan worked out above
    r = resilience(scen).set_index("site_id")
    assert r.at["E", "objective_lost"] == pytest.approx(40000.0)
    assert r.at["E", "stranded_investment_eur"] == pytest.approx(2e6)
    assert r.at["E", "net_benefit_lost_sunk_eur_per_yr"] == pytest.approx(190000.0)
    assert r.at["E", "stranded_sunk_investment_eur"] == pytest.approx(1e6)
    assert r.at["S1", "stranded_sunk_investment_eur"] == pytest.approx(1e6)
    assert r.at["S1", "net_benefit_lost_sunk_eur_per_yr"] == pytest.approx(190000.0)
    for site in ("D", "S2"):
        assert r.at[site, "objective_lost"] == pytest.approx(90000.0)
        assert r.at[site, "net_benefit_lost_sunk_eur_per_yr"] == pytest.approx(190000.0)
        assert r.at[site, "stranded_investment_eur"] == pytest.approx(1e6)
        assert r.at[site, "stranded_sunk_investment_eur"] == pytest.approx(1e6)


def test_corridors_the_plan_built_keep_running_instead_of_a_new_route():
    """S --c_sx-- X --c_xd-- D, and a direct trench S --c_sd-- D (no loss; 1,000 EUR/yr O&M each;
    connections 60,000 EUR each, the catalogue's). Annual costs: c_sx 10,000 + 1,000, c_xd
    21,000, c_sd 26,000: the plan serves X and D over c_sx and c_xd (32,000 < 37,000 over c_sx
    and c_sd). X closes:
    - built anew, c_sd (26,000) beats c_sx + c_xd (32,000): both strand with X's connection,
      60,000 + 100,000 + 200,000 = 360,000 EUR;
    - already built, c_sx and c_xd cost their O&M, 2,000 < 26,000: they keep running, X's
      connection alone strands, 60,000 EUR; and since every cost but pumping is the same
      after as before, the loss is X's heat, 4,000 x 60 = 240,000 EUR/yr, less the pumping
      saved on c_sx, whose flow halves (8,000 to 4,000 MWh/yr): half its pumping cost."""
    sites = pd.DataFrame({"site_id": ["S", "X", "D"], "name": ["Source", "Firm X", "Town D"],
                          "lat": [45.70] * 3, "lon": [4.800, 4.812, 4.824], "zone": ["Z"] * 3})
    flows = pd.DataFrame({"site_id": ["S", "X", "D"], "direction": ["supply", "demand", "demand"],
                          "resource": "heat", "amount": [20000, 4000, 4000], "unit": "MWh/yr",
                          "temperature_c": [120, 70, 70], "price_eur_per_unit": [0, 60, 60], "max_distance_km": 0.5})
    cor = pd.DataFrame({"corridor_id": ["c_sx", "c_xd", "c_sd"], "resource": "heat", "from": ["S", "X", "S"],
                        "to": ["X", "D", "D"], "investment_eur": [100000, 200000, 250000],
                        "fixed_cost_eur_per_yr": 1000})
    scen = eitflow.scenario_from_frames(sites, flows, corridors=cor, carbon_price_eur_per_t=0, discount_rate=0.0,
                                        lifetime_years=10, networks={"heat": {"temperature_c": 90.0}},
                                        solver={"mip_gap": 0.0})
    base = eitflow.optimise(scen)
    c = base.statistics.corridors().set_index("corridor_id")
    assert sorted(c.index) == ["c_sx", "c_xd"] and c.at["c_sx", "flow"] == pytest.approx(8000.0)
    assert scen.catalogue["heat"].network.connection_investment_eur == 60000
    r = resilience(scen).set_index("site_id")
    assert r.at["X", "stranded_investment_eur"] == pytest.approx(360000.0)
    assert r.at["X", "stranded_sunk_investment_eur"] == pytest.approx(60000.0)
    assert r.at["X", "net_benefit_lost_sunk_eur_per_yr"] == pytest.approx(
        4000 * 60 - c.at["c_sx", "pumping_eur_per_yr"] / 2, rel=1e-9)


@pytest.mark.slow
def test_ludres_backbone_against_an_independent_resolve():
    """Each closure of ludres_backbone re-solved another way: the scenario without the company
    (`closure.without_site`) as a PuLP problem (`eitflow.pulp_problem`), its objective credited
    with CRF x investment on the build switch of every link and corridor size the plan built
    (matched by their ends, flows and kind; corridor and size), so building one of them costs
    its O&M alone. Loss = plan + all the plan's annuities - that optimum; stranded = the plan's
    links and corridors carrying nothing in it. Both agree with `resilience` to the cent, but
    at the ZI (ZAE_LF): there the model leaves out trunk_5's DN150, which the plan built, since
    DN100 carries all it can once the ZI is gone for less (`model.network._useful_options`),
    and the PuLP problem builds a new DN100; kept at its O&M the DN150 costs 33,831 EUR/yr
    less, which is all the two losses differ by."""
    import pulp

    from eitflow.extend import result_from_pulp

    scen, base, r, crf, plan = _built("ludres_backbone", 30)   # scenario.yaml: 5 %, 30 years
    net = base.candidates.network
    built = np.asarray(base.solution.option_built, bool)
    o, cid = net.options, net.corridors["corridor_id"].astype(str).to_numpy()
    plan_opt = {(cid[c], str(s)): float(i) for c, s, i in zip(o["corridor"][built], o["size"][built],
                                                                o["investment_eur"][built])}
    annuities = crf * (sum(plan.values()) + sum(plan_opt.values()))
    c0 = base.statistics.corridors()
    for site in ["UVE_LUDRES", "NEUVES", "PSV", "SAM_NM", "ZAE_LF"]:
        closed, cand, prob, _, _, credit = _closure(scen, site, plan, crf)
        arr, cols, start = prob._eitflow_model["arrays"], prob._eitflow_vars, 0
        o2, c2 = cand.network.options, cand.network.corridors["corridor_id"].astype(str).to_numpy()
        for blk in arr.cols:
            if blk.name == "size":
                for k, opt in enumerate(blk.labels):
                    kk = (c2[int(o2["corridor"][int(opt)])], str(o2["size"][int(opt)]))
                    if kk in plan_opt:
                        credit.append(crf * plan_opt[kk] * cols[start + k])
            start += len(blk)
        prob.setObjective(prob.objective + pulp.lpSum(credit))
        prob.solve(pulp.HiGHS(msg=False, gapRel=0.0))
        loss = base.summary["objective"] + annuities - pulp.value(prob.objective)
        res = result_from_pulp(prob)
        stranded = _stranded_links(scen, base, closed, cand, res)
        c1 = res.statistics.corridors()
        used = set(c1.loc[c1["flow"] > 0, "corridor_id"])
        stranded += c0.loc[~c0["corridor_id"].isin(used) & ~c0["existing"], "investment_eur"].sum()
        assert r.at[site, "stranded_sunk_investment_eur"] == pytest.approx(stranded, rel=1e-9), site
        if site == "ZAE_LF":   # the DN150 kept at its O&M against a new DN100 (see above)
            # less lost by keeping it, by no more than the new DN100 costs a year
            new = c1.set_index("corridor_id").loc["trunk_5"]
            assert new["size"] == "DN100"
            assert 0 < loss - r.at[site, "net_benefit_lost_sunk_eur_per_yr"] < new["annual_cost_eur_per_yr"]
            continue
        assert r.at[site, "net_benefit_lost_sunk_eur_per_yr"] == pytest.approx(loss, rel=1e-6), site
    # the two stranded figures differ where the re-solve built anew a pipe or route the plan had
    assert r.at["PSV", "stranded_sunk_investment_eur"] < r.at["PSV", "stranded_investment_eur"] - 1e6
    assert r.at["NEUVES", "stranded_sunk_investment_eur"] == pytest.approx(60000.0)   # its connection alone


def test_another_towns_network_of_the_same_resource_is_not_stranded_by_a_closure():
    """Two heat networks in two towns 55 km apart, no corridor between them: S1 --c1-- D1 and
    S2 --c2-- D2 (each demand 4,000 MWh/yr at 60 EUR/MWh, free heat; corridors 100,000 EUR
    and 1,000 EUR/yr O&M, connections 60,000 EUR; CRF 0.1). D1 closes: only its town is
    re-solved. Stranded, both ways: D1's connection, S1's injection and c1, 60,000 + 60,000 +
    100,000 = 220,000 EUR (it said 320,000, c2 with them, in the other town, running on). With
    the plan built, the loss is D1's heat 4,000 x 60 = 240,000 EUR/yr less what stops being
    paid, c1's O&M 1,000 and its pumping: the annuities are 6,000 x 2 + 10,000 = 22,000 (it
    counted c2's 10,000 too)."""
    sites = pd.DataFrame({"site_id": ["S1", "D1", "S2", "D2"], "name": ["S1", "D1", "S2", "D2"],
                          "lat": [45.70] * 4, "lon": [4.800, 4.812, 5.500, 5.512], "zone": ["Z"] * 4})
    flows = pd.DataFrame({"site_id": ["S1", "D1", "S2", "D2"], "direction": ["supply", "demand"] * 2,
                          "resource": "heat", "amount": [20000, 4000] * 2, "unit": "MWh/yr",
                          "temperature_c": [120, 70] * 2, "price_eur_per_unit": [0, 60] * 2, "max_distance_km": 0.5})
    cor = pd.DataFrame({"corridor_id": ["c1", "c2"], "resource": "heat", "from": ["S1", "S2"], "to": ["D1", "D2"],
                        "investment_eur": [100000, 100000], "fixed_cost_eur_per_yr": 1000})
    scen = eitflow.scenario_from_frames(sites, flows, corridors=cor, carbon_price_eur_per_t=0, discount_rate=0.0,
                                        lifetime_years=10, networks={"heat": {"temperature_c": 90.0}},
                                        solver={"mip_gap": 0.0})
    c = eitflow.optimise(scen).statistics.corridors().set_index("corridor_id")
    assert sorted(c.index) == ["c1", "c2"]
    r = resilience(scen).set_index("site_id")
    assert r.at["D1", "stranded_shared"] == "heat:c1"
    assert r.at["D1", "stranded_investment_eur"] == pytest.approx(220000.0)
    assert r.at["D1", "stranded_sunk_investment_eur"] == pytest.approx(220000.0)
    assert r.at["D1", "net_benefit_lost_sunk_eur_per_yr"] == pytest.approx(
        4000 * 60 - 1000 - c.at["c1", "pumping_eur_per_yr"], rel=1e-9)


def _key(lk, fid):
    """A candidate link by its ends, flows, kind and mode (not its heat pump: a twin over the
    same pipe has the same key): the same link in a scenario without one company, whose
    candidates are numbered otherwise (test_resilience_sunk_built's too)."""
    return (str(lk.source_site), str(lk.sink_site), fid[lk.supply] if lk.supply >= 0 else "",
            fid[lk.demand] if lk.demand >= 0 else "", str(lk.kind), str(lk.mode))


def _built(name: str, years: int):
    """A bundled scenario, its plan, its resilience with the plan built (`fresh=False`), the CRF at
    its 5 % over `years`, and the investment of each link the plan built (EUR) by `_key`."""
    scen = eitflow.read_scenario(ROOT / "scenarios" / name / "scenario.yaml")
    base = eitflow.optimise(scen)
    r = resilience(scen, fresh=False).set_index("site_id")
    crf = 0.05 / (1 - 1.05 ** -years)
    fid = scen.flows["flow_id"].astype(str).to_numpy()
    links = base.candidates.links
    plan = {_key(lk, fid): float(lk.investment_eur) for lk, x in zip(links.itertuples(), base.solution.flow) if x > 0}
    return scen, base, r, crf, plan


class Closure(NamedTuple):
    """A closure written in PuLP (`_closure`)."""

    closed: object        # the scenario without the company
    cand: object          # its candidates
    prob: object          # its PuLP problem
    lv: pd.DataFrame      # its link variables (`eitflow.link_variables`)
    f2: np.ndarray        # its flows' ids
    credit: list          # CRF x investment (EUR/yr) on the switch of each link the plan built


def _closure(scen, site: str, plan: dict, crf: float, closed=None) -> Closure:
    """The scenario without `site` (or `closed`, that scenario made otherwise) as a PuLP problem,
    and the credits of the links the plan built, by `_key` (CRF x investment on each one's build
    switch, EUR/yr; a link without a switch has no fixed cost)."""
    from eitflow.analyses.closure import without_site
    from eitflow.extend import link_variables, pulp_problem

    closed = without_site(scen, site) if closed is None else closed
    cand = eitflow.build_candidates(closed)
    prob = pulp_problem(closed, cand)
    lv = link_variables(prob)
    f2 = closed.flows["flow_id"].astype(str).to_numpy()
    credit = [crf * plan[_key(lk, f2)] * lv.loc[i, "y"] for i, lk in enumerate(cand.links.itertuples())
              if _key(lk, f2) in plan and lv.loc[i, "y"] is not None]
    return Closure(closed, cand, prob, lv, f2, credit)


def _stranded_links(scen, base, closed, cand, res) -> float:
    """The investment (EUR, heat pumps included, as the plan counts them) of the plan's links that
    carry nothing in the closure's solve `res`."""
    fid, f2 = (s.flows["flow_id"].astype(str).to_numpy() for s in (scen, closed))
    running = {_key(lk, f2) for lk, x in zip(cand.links.itertuples(), res.solution.flow) if x > 1e-9}
    inv0 = dict(zip(*(base.statistics.links()[c] for c in ("link", "investment_eur"))))
    x0 = base.solution.flow
    return sum(inv0[j] for j, lk in enumerate(base.candidates.links.itertuples())
               if x0[j] > 0 and _key(lk, fid) not in running)


@pytest.mark.slow
def test_redon_h2_hubs_against_an_independent_resolve():
    """redon_h2 (a shared hydrogen station, 1,500,000 EUR in hubs.csv): each closure re-solved
    as in `test_ludres_backbone_against_an_independent_resolve`, the station's annuity credited
    on its build switch (``w_hub_<hub>``) besides the links'. The garbage-truck depot's
    closure strands nothing once the station is built (it said 1,720,000 EUR built anew)."""
    import pulp

    from eitflow.extend import result_from_pulp

    scen, base, r, crf, plan = _built("redon_h2", 20)   # scenario.yaml: 5 %, 20 years
    hb = np.asarray(base.solution.hub_built, bool)
    hub_inv = dict(zip(scen.hubs["hub_id"][hb], scen.hubs["investment_eur"][hb]))
    annuities = crf * (sum(plan.values()) + sum(hub_inv.values()))
    H0 = base.statistics.hubs()
    for site in r.index:
        closed, cand, prob, _, _, credit = _closure(scen, site, plan, crf)
        var = {v.name: v for v in prob.variables()}
        credit += [crf * hub_inv[h] * var[f"w_hub_{j}"] for j, h in enumerate(closed.hubs["hub_id"]) if h in hub_inv]
        prob.setObjective(prob.objective + pulp.lpSum(credit))
        prob.solve(pulp.HiGHS(msg=False, gapRel=0.0))
        res = result_from_pulp(prob)
        stranded = _stranded_links(scen, base, closed, cand, res)
        H1 = res.statistics.hubs()
        stranded += H0.loc[~H0["hub_id"].isin(set(H1.loc[H1["throughput"] > 0, "hub_id"])), "investment_eur"].sum()
        loss = base.summary["objective"] + annuities - pulp.value(prob.objective)
        assert r.at[site, "net_benefit_lost_sunk_eur_per_yr"] == pytest.approx(loss, rel=1e-6), site
        assert r.at[site, "stranded_sunk_investment_eur"] == pytest.approx(stranded, rel=1e-9, abs=1e-6), site
    assert r.at["DEPOT_BOM", "stranded_investment_eur"] == pytest.approx(1720000.0)
    assert r.at["DEPOT_BOM", "stranded_sunk_investment_eur"] == pytest.approx(0.0)
