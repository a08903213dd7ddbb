"""`resilience` with the plan already built (`analyses.sunk`): what the plan built besides its
links, corridor sizes and hubs runs at its O&M alone in the re-solve too. Before, the re-solve
paid again the annuity of a heat pump's twin of a built pipe (the same pipe through a heat
pump), of a built supply (a boiler, an electrolyser: flows.csv `investment_eur`, or the
capacity a unit sized by the model built, `investment_eur_per_unit`) and of a linearly sized
corridor's per-capacity part, so a closure lost another figure than "its annuities paid, what
is built runs on" (each case below by hand). Each is also checked against an independent
re-solve: the scenario without the company (`closure.without_site`) as a PuLP problem whose
objective credits what the plan built (a link's, a size's, a supply's annuity on its switch,
and a sized part's annuity up to the built capacity only, a larger one paying for the rest)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import eitflow
from conftest import ROOT
from eitflow.analyses.resilience import resilience
from test_resilience_sunk import _closure, _key

CRF = 0.1   # discount rate 0 over 10 years: an annuity is a tenth of the investment


def _frames(names, lon_step=0.01):
    n = len(names)
    return pd.DataFrame({"site_id": names, "name": names, "lat": [45.70] * n,
                         "lon": [4.8 + lon_step * i for i in range(n)], "zone": ["Z"] * n})


def _links(pairs, invest):
    return pd.DataFrame({"source_site": [a for a, _ in pairs], "sink_site": [b for _, b in pairs],
                         "supply_resource": "heat", "distance_km": 0.0, "var_cost_eur_per_unit": 0.0,
                         "investment_eur": invest, "fixed_cost_eur_per_yr": 1000.0})


def _corridor(net, c, way):
    """A corridor size by its ends' ids the way it carries (sorted, for either way), not by
    the corridor's id nor which end is its first: corridors generated anew are numbered anew,
    and a place that became a junction comes last."""
    ids = net.nodes["node_id"].astype(str).to_numpy()
    a, b = ids[int(net.corridors["a"].iat[int(c)])], ids[int(net.corridors["b"].iat[int(c)])]
    return (a, b) if way == 0 else (b, a) if way == 1 else (*sorted((a, b)), "both")


def _independent_loss(scen, site, om=0.0, crf=CRF, closed=None):
    """The plan's objective + every annuity of what it built - the optimum of the scenario
    without `site`, written in PuLP with what the plan built credited: CRF x investment on the
    switch of each link over a plan's pipe (by `_key`), each built corridor size (corridor and
    size) and each built supply (``v_supply``); a sized part (a supply's capacity S, a linear
    corridor's K, EUR/yr per unit of capacity p) pays p x max(0, S - S0) only, S0 the plan's; a
    built linear corridor's O&M (`om`, a share of its investment per year) is paid for K0 once
    it runs, as the pipe in the ground is K0."""
    import pulp

    base = eitflow.optimise(scen)
    sol, fid = base.solution, scen.flows["flow_id"].astype(str).to_numpy()
    plan = {}
    for lk, x in zip(base.candidates.links.itertuples(), sol.flow):
        if x > 0:
            plan[_key(lk, fid)] = max(plan.get(_key(lk, fid), 0.0), float(lk.investment_eur))
    f = scen.flows
    inv = f["investment_eur"].to_numpy(float) if "investment_eur" in f else np.zeros(len(f))
    per = f["investment_eur_per_unit"].to_numpy(float) if "investment_eur_per_unit" in f else np.zeros(len(f))
    sup_built = {fid[i]: np.nan_to_num(inv[i]) for i in np.flatnonzero(sol.supply_built)}
    sup_size = {fid[i]: (np.nan_to_num(per[i]), float(sol.supply_size[i])) for i in np.flatnonzero(sol.supply_size > 0)}
    annuities = crf * (sum(plan.values()) + sum(sup_built.values()) + sum(p * s for p, s in sup_size.values()))
    opt = {}
    net = base.candidates.network
    if net is not None:
        o = net.option_arrays
        for k in np.flatnonzero(sol.option_built):
            opt[_corridor(net, o["corridor"][k], int(o["way"][k])) + (str(o["size"][k]),)] = (
                float(o["investment_eur"][k]), float(o["cap_investment_eur"][k]), float(sol.option_capacity[k]))
        annuities += crf * sum(a + b * k for a, b, k in opt.values())
    closed, cand, prob, lv, f2, credit = _closure(scen, site, plan, crf, closed)
    # links over one of the plan's pipes (a heat pump's twin): the pipe's O&M once, on a switch
    # `pipe` on when either runs (their O&M credited on their own switches, paid once on it)
    over: dict = {}
    for i, lk in enumerate(cand.links.itertuples()):
        if _key(lk, f2) in plan and lv.loc[i, "y"] is not None:
            over.setdefault(_key(lk, f2), []).append((lv.loc[i, "y"], lk.fixed_eur_per_yr - crf * lk.investment_eur))
    for n, twins in enumerate(t for t in over.values() if len(t) > 1):
        pipe = pulp.LpVariable(f"pipe_{n}", cat="Binary")
        om = min(o for _, o in twins)
        for y, _ in twins:
            prob.addConstraint(pipe >= y)
        credit += [om * y for y, _ in twins] + [-om * pipe]

    def beyond(col, s0, name):   # the capacity built beyond the plan's s0, which pays in full
        e = pulp.LpVariable(name, lowBound=0)
        prob.addConstraint(e >= col - s0)
        return e

    arr, cols, start = prob._eitflow_model["arrays"], prob._eitflow_vars, 0
    by = {}   # (block, label) -> column
    for blk in arr.cols:
        for k, lab in enumerate(blk.labels):
            by[(blk.name, int(lab))] = cols[start + k]
        start += len(blk)
    for (name, lab), col in by.items():
        if name == "v" and f2[lab] in sup_built:
            credit.append(crf * sup_built[f2[lab]] * col)
        elif name == "size_supply" and f2[lab] in sup_size:
            p, s0 = sup_size[f2[lab]]
            credit.append(crf * p * (col - beyond(col, s0, f"beyond_s{lab}")))
        elif name == "size":
            o2 = cand.network.option_arrays
            kk = _corridor(cand.network, o2["corridor"][lab], int(o2["way"][lab])) + (str(o2["size"][lab]),)
            if kk in opt:
                a, b, k0 = opt[kk]
                credit.append(crf * a * col)
                if ("size_cap", lab) in by:   # a linear size: K0 sunk, its O&M (a share of b) paid at K0 once built
                    K = by[("size_cap", lab)]
                    credit.append((crf + om) * b * (K - beyond(K, k0, f"beyond_k{lab}")) - om * b * k0 * col)
    prob.setObjective(prob.objective + pulp.lpSum(credit))
    prob.solve(pulp.HiGHS(msg=False, gapRel=0.0))
    return base.summary["objective"] + annuities - pulp.value(prob.objective)


def test_a_heat_pump_on_a_built_pipe_does_not_pay_for_the_pipe_again():
    """D needs 30,000 MWh/yr of heat at 70 degC returning at 40 (50 EUR/MWh); S gives 60 degC
    heat (plenty), H 20,000 MWh/yr at 120 degC, both free. A direct S->D pipe reaches the third
    of D's need below 60 - 10 = 50 degC, 10,000 MWh/yr; its heat-pump twin (the same pipe,
    2,000,000 EUR) all of it, its capacity 0.1 x 400 EUR/kW x 1,000 / 4,000 h = 10 EUR per MWh
    delivered (electricity free). H->D's pipe costs 100,000 EUR; O&M 1,000 EUR/yr each. The plan:
    S->D direct 500,000 and H->D 1,000,000, less 201,000 and 11,000: 1,288,000 EUR/yr (the twin
    alone 1,200,000 - 201,000 = 999,000; H alone 989,000).
    H closes, the plan already built (A = 200,000 + 10,000 = 210,000 EUR/yr of annuities): the
    pipe is in the ground, so S->D direct (10,000 x 50 = 500,000) and the pump on the same pipe
    for the rest (20,000 x (50 - 10) = 800,000) run, the pipe's O&M paid once (1,000): loss
    1,288,000 + 210,000 - 1,299,000 = 199,000 EUR/yr. Before, the twin paid the pipe's 200,000
    again (599,000): loss 400,000; then its O&M again (1,000 twice, 1,298,000): loss 200,000.
    Built anew nothing changes: the twin alone, 999,000, loss 289,000."""
    flows = pd.DataFrame({"site_id": ["S", "H", "D"], "direction": ["supply", "supply", "demand"],
                          "resource": "heat", "amount": [100000, 20000, 30000], "unit": "MWh/yr",
                          "temperature_c": [60, 120, 70], "return_temperature_c": [np.nan, np.nan, 40],
                          "price_eur_per_unit": [0, 0, 50]})
    scen = eitflow.scenario_from_frames(_frames(["S", "H", "D"]), flows, links=_links([("S", "D"), ("H", "D")],
                                                                                      [2e6, 1e5]),
                                        carbon_price_eur_per_t=0, discount_rate=0.0, lifetime_years=10,
                                        electricity_price_eur_per_mwh=0.0,
                                        heat_pump={"investment_eur_per_kw": 400.0, "full_load_hours": 4000.0},
                                        solver={"mip_gap": 0.0})
    base = eitflow.optimise(scen)
    assert base.summary["objective"] == pytest.approx(1288000.0)
    assert np.isfinite(base.candidates.links["heat_pump_cop"]).sum() == 1   # the twin is a candidate
    r = resilience(scen, fresh=True).set_index("site_id")
    assert r.at["H", "objective_lost"] == pytest.approx(289000.0)
    assert r.at["H", "net_benefit_lost_sunk_eur_per_yr"] == pytest.approx(199000.0)
    # a run without the company, with the plan carried onto its candidates: the same
    assert r.at["H", "net_benefit_lost_sunk_fresh_eur_per_yr"] == pytest.approx(199000.0)
    assert r.at["H", "stranded_sunk_investment_eur"] == pytest.approx(100000.0)   # H's pipe alone
    assert _independent_loss(scen, "H") == pytest.approx(199000.0)


def _boiler(investment: dict) -> eitflow.Scenario:
    """B's heat (at most 30,000 MWh/yr, free but for its unit) to D1 and D2 (10,000 MWh/yr each,
    50 EUR/MWh) over pipes of 100,000 EUR and 1,000 EUR/yr O&M."""
    flows = pd.DataFrame({"site_id": ["B", "D1", "D2"], "direction": ["supply", "demand", "demand"],
                          "resource": "heat", "amount": [30000, 10000, 10000], "unit": "MWh/yr",
                          "temperature_c": [120, 70, 70], "price_eur_per_unit": [0, 50, 50],
                          **{k: [v, np.nan, np.nan] for k, v in investment.items()}})
    return eitflow.scenario_from_frames(_frames(["B", "D1", "D2"]), flows, links=_links([("B", "D1"), ("B", "D2")], 1e5),
                                        carbon_price_eur_per_t=0, discount_rate=0.0, lifetime_years=10,
                                        solver={"mip_gap": 0.0})


def test_a_built_supply_runs_at_its_o_and_m_after_a_closure():
    """B's unit costs 5,000,000 EUR and 10,000 EUR/yr O&M: 510,000 EUR/yr. The plan serves both:
    1,000,000 - 510,000 - 2 x 11,000 = 468,000 EUR/yr (one alone: 500,000 - 521,000 < 0).
    D1 closes, the plan already built (A = 500,000 + 2 x 10,000 = 520,000 EUR/yr): B runs at its
    O&M for D2, 500,000 - 10,000 - 1,000 = 489,000: loss 468,000 + 520,000 - 489,000 = 499,000
    EUR/yr (D1's 500,000 less its pipe's O&M saved), only D1's pipe stranded, 100,000 EUR.
    Before, the unit's annuity was paid again, D2 dropped: 468,000 + 20,000 - 0 = 488,000, both
    pipes stranded."""
    scen = _boiler({"investment_eur": 5e6, "fixed_cost_eur_per_yr": 10000.0})
    assert eitflow.optimise(scen).summary["objective"] == pytest.approx(468000.0)
    r = resilience(scen, fresh=True).set_index("site_id")
    assert r.at["D1", "objective_lost"] == pytest.approx(468000.0)
    assert r.at["D1", "net_benefit_lost_sunk_eur_per_yr"] == pytest.approx(499000.0)
    # a run without the company, with the plan carried onto its candidates: the same
    assert r.at["D1", "net_benefit_lost_sunk_fresh_eur_per_yr"] == pytest.approx(499000.0)
    assert r.at["D1", "stranded_sunk_investment_eur"] == pytest.approx(100000.0)
    # B closes: everything it fed goes, all the annuities stay: 468,000 + 520,000
    assert r.at["B", "net_benefit_lost_sunk_eur_per_yr"] == pytest.approx(988000.0)
    assert _independent_loss(scen, "D1") == pytest.approx(499000.0)


def test_a_built_supply_left_idle_is_stranded():
    """`_boiler`'s unit (5,000,000 EUR) with its two pipes (100,000 EUR each), the plan serving
    D1 and D2 (468,000 EUR/yr, as above). What strands (EUR), by hand:
    - D1 closes, built anew: D2 alone is not worth its unit (500,000 - 510,000 - 11,000 < 0),
      so nothing runs: both pipes and the unit, 100,000 + 100,000 + 5,000,000 = 5,200,000;
      with the plan already built the unit runs on for D2: D1's pipe alone, 100,000;
    - B closes: its unit delivers nothing either way: 5,200,000 in both columns.
    Before, the unit was in neither figure: 200,000 and 100,000 (D1), 200,000 and 200,000 (B).
    Cross-check: the independent re-solve (built anew) of the scenario without D1 builds
    nothing, so the plan's whole investment (statistics) strands."""
    scen = _boiler({"investment_eur": 5e6, "fixed_cost_eur_per_yr": 10000.0})
    base = eitflow.optimise(scen)
    assert base.statistics.totals()["investment_eur"] == pytest.approx(5200000.0)
    r = resilience(scen).set_index("site_id")
    assert r.at["D1", "stranded_investment_eur"] == pytest.approx(5200000.0)
    assert r.at["D1", "stranded_sunk_investment_eur"] == pytest.approx(100000.0)
    assert r.at["B", "stranded_investment_eur"] == pytest.approx(5200000.0)
    assert r.at["B", "stranded_sunk_investment_eur"] == pytest.approx(5200000.0)
    assert r.at["D1", "stranded_shared"] == "B:f2"   # the unit, named by its flow (f2: its row in flows.csv)
    fr = resilience(scen, lang="fr").set_index("site_id")
    assert fr.at["D1", "stranded_shared"] == "B (unité construite)"
    from eitflow.analyses.closure import without_site

    alone = eitflow.optimise(without_site(scen, "D1"))   # independent: D2 alone builds nothing
    assert alone.summary["objective"] == pytest.approx(0.0)
    assert alone.statistics.totals()["investment_eur"] == pytest.approx(0.0)


@pytest.mark.slow
def test_a_sized_supply_keeps_the_capacity_the_plan_built():
    """B's unit is sized by the model at 100 EUR per MWh/yr of capacity (10 EUR/yr each). The
    plan builds 20,000 MWh/yr: 1,000,000 - 200,000 - 22,000 = 778,000 EUR/yr. D1 closes:
    - built anew: 10,000 MWh/yr for D2, 500,000 - 100,000 - 11,000 = 389,000: loss 389,000;
    - already built (A = 200,000 + 20,000 = 220,000): the 20,000 built serve D2 at no more
      cost, 500,000 - 1,000: loss 778,000 + 220,000 - 499,000 = 499,000 EUR/yr. Before, the
      10,000 kept were paid again, 100,000 EUR/yr: 399,000."""
    scen = _boiler({"investment_eur_per_unit": 100.0})
    assert eitflow.optimise(scen).summary["objective"] == pytest.approx(778000.0)
    r = resilience(scen, fresh=True).set_index("site_id")
    assert r.at["D1", "objective_lost"] == pytest.approx(389000.0)
    assert r.at["D1", "net_benefit_lost_sunk_eur_per_yr"] == pytest.approx(499000.0)
    # a run without the company, with the plan carried onto its candidates: the same
    assert r.at["D1", "net_benefit_lost_sunk_fresh_eur_per_yr"] == pytest.approx(499000.0)
    assert _independent_loss(scen, "D1") == pytest.approx(499000.0)


FLUID = {"heat": {"network": {"capacity_unit": "MW", "load_factor": 1.0, "route_factor": 1.0,
                              "var_cost_eur_per_unit_km": 0.0, "connection_investment_eur": 0.0,
                              "sizes": [{"name": "S", "capacity": 1.0, "investment_eur_per_m": 200.0},
                                        {"name": "L", "capacity": 3.0, "investment_eur_per_m": 420.0}]}}}


@pytest.mark.slow
def test_a_linear_corridor_keeps_the_capacity_the_plan_built():
    """A -- B -- C, 1 km each, linear sizing through the sizes S (1 MW, 200 EUR/m) and L (3 MW,
    420 EUR/m): 90 + 110 K EUR/m (K in MW), no loss, no pumping, O&M 1.5 % of the investment a
    year (the catalogue's). B and C each need 8,760 MWh/yr (1 MW) at 90 EUR/MWh, A's heat is
    free. The plan: A-B at 2 MW (310,000 EUR), B-C at 1 MW (200,000 EUR): 17,520 x 90 - 0.1 x
    510,000 - 0.015 x 510,000 = 1,576,800 - 51,000 - 7,650 = 1,518,150 EUR/yr. C closes:
    - built anew, A-B at 1 MW (20,000 + 3,000 EUR/yr): 788,400 - 23,000 = 765,400: loss 752,750;
    - already built (A = 31,000 + 20,000 = 51,000 EUR/yr): A-B's 2 MW run at their O&M, 0.015 x
      310,000 = 4,650: loss 1,518,150 + 51,000 - 783,750 = 785,400 EUR/yr (C's heat 788,400 less
      B-C's O&M 3,000), B-C stranded, 200,000 EUR. Before, A-B's 1 MW kept paid its annuity
      again, 11,000, and its O&M 1,650 + 1,350, its annuity outside A (9,000 + 9,000):
      1,518,150 + 18,000 - 774,400 = 761,750."""
    sites = _frames(["A", "B", "C"])
    flows = pd.DataFrame({"site_id": ["A", "B", "C"], "direction": ["supply", "demand", "demand"],
                          "resource": "heat", "amount": [30000, 8760, 8760], "unit": "MWh/yr",
                          "temperature_c": [120, 70, 70], "price_eur_per_unit": [0, 90, 90]})
    cor = pd.DataFrame({"corridor_id": ["ab", "bc"], "resource": "heat", "from": ["A", "B"], "to": ["B", "C"],
                        "length_km": [1.0, 1.0]})
    scen = eitflow.scenario_from_frames(sites, flows, corridors=cor, resources=FLUID, carbon_price_eur_per_t=0,
                                        discount_rate=0.0, lifetime_years=10,
                                        networks={"heat": {"temperature_c": 90.0, "sizing": "linear"}},
                                        solver={"mip_gap": 0.0})
    base = eitflow.optimise(scen)
    assert base.summary["objective"] == pytest.approx(1518150.0)
    assert scen.catalogue["heat"].network.fixed_cost_share_per_yr == 0.015
    r = resilience(scen, fresh=True).set_index("site_id")
    assert r.at["C", "objective_lost"] == pytest.approx(752750.0)
    assert r.at["C", "net_benefit_lost_sunk_eur_per_yr"] == pytest.approx(785400.0)
    # a run without the company, with the plan carried onto its candidates: the same
    assert r.at["C", "net_benefit_lost_sunk_fresh_eur_per_yr"] == pytest.approx(785400.0)
    assert r.at["C", "stranded_sunk_investment_eur"] == pytest.approx(200000.0)
    assert r.at["C", "stranded_shared"] == "heat:bc"
    assert _independent_loss(scen, "C", om=0.015) == pytest.approx(785400.0)


@pytest.mark.slow
def test_a_fresh_run_on_generated_corridors_with_the_plan_already_built():
    """test_resilience_fresh's S, M, D, X: the plan feeds M and D over the generated corridors
    S-M and M-D. M closes: a run without M, built anew, triangulates S, D, X and joins S to D
    directly. With the plan already built, the trench S-M-D is in the ground: M's place stays a
    point of the network (a junction), so the run generates S-M and M-D again and keeps them
    at their O&M, as the re-solve over the plan's corridors does: the two "plan already built"
    losses are one. Checked against the independent re-solve of the scenario written by hand
    without M's flow, M's place a junction of the heat network, the plan's annuities credited.
    Before, `--fresh` gave no such figure."""
    from test_resilience_stranded import GEN_FLOWS, GEN_NET, GEN_SITES

    scen = eitflow.scenario_from_frames(GEN_SITES, GEN_FLOWS, carbon_price_eur_per_t=0, networks=GEN_NET,
                                        solver={"mip_gap": 0.0})
    assert len(eitflow.optimise(scen).statistics.corridors()) == 2
    p = scen.params
    crf = p.discount_rate / (1 - (1 + p.discount_rate) ** -p.lifetime_years)
    row = resilience(scen, fresh=True).set_index("site_id").loc["M"]
    lost = row["net_benefit_lost_sunk_fresh_eur_per_yr"]
    assert lost == pytest.approx(row["net_benefit_lost_sunk_eur_per_yr"], rel=1e-9)
    assert row["objective_lost_fresh"] < row["objective_lost"] - 1   # built anew, S-D is the better way
    keep = GEN_SITES["site_id"] != "M"
    by_hand = eitflow.scenario_from_frames(
        GEN_SITES[keep], GEN_FLOWS[GEN_FLOWS["site_id"] != "M"], carbon_price_eur_per_t=0, networks=GEN_NET,
        junctions=pd.DataFrame({"junction_id": ["M"], "lat": GEN_SITES["lat"][~keep].to_list(),
                                "lon": GEN_SITES["lon"][~keep].to_list(), "resources": ["heat"]}),
        solver={"mip_gap": 0.0})
    assert lost == pytest.approx(_independent_loss(scen, "M", crf=crf, closed=by_hand), rel=1e-9)


def test_every_column_of_the_french_table_is_said_in_words():
    """`eitflow resilience --lang fr` heads each column by its message (`i18n.column_label`),
    never the code with its underscores turned to spaces; the partners left short read
    "partenaires privés", which a French reader takes for "private partners": now "partenaires
    lésés (moins reçu ou cédé)"."""
    from eitflow.analyses.resilience import FRESH_COLUMNS, RESILIENCE_COLUMNS
    from eitflow.i18n import column_label, column_parts, has_text

    for col in RESILIENCE_COLUMNS + FRESH_COLUMNS:
        assert has_text(f"col__{column_parts(col)[0]}"), col
    assert column_label("partners_left_short", "fr") == "partenaires lésés (moins reçu ou cédé)"
    assert column_label("net_benefit_lost_sunk_fresh_eur_per_yr", "fr") == (
        "bénéfice net perdu, calcul sans l'entreprise, plan déjà construit (€/an)")


@pytest.mark.slow
def test_a_linear_corridor_that_must_grow_pays_only_for_the_growth():
    """A -- B -- C -- D, 1 km each, linear sizing as above (90 + 110 K EUR/m, O&M 1.5 %); B, C, D
    need 1 MW (8,760 MWh/yr) each at 90 EUR/MWh; A's heat is free on the network; E, 300 m from D,
    gives D free heat over a pipe of its own (100,000 EUR, 1,000 EUR/yr O&M). The plan: A-B at
    2 MW (31,000 + 4,650 EUR/yr), B-C at 1 MW (23,000) and E->D (11,000): 3 x 788,400 - 69,650
    = 2,295,550 EUR/yr (A-B 3, B-C 2, C-D 1 MW would cost 106,950). E closes: D's heat must come
    from A, A-B growing to 3 MW and B-C to 2:
    - built anew: 2,365,200 - 106,950 = 2,258,250: loss 37,300;
    - already built (A = 31,000 + 20,000 + 10,000 = 61,000): A-B costs its O&M 1,350 + 3,300
      and 1 MW more at 12,650 (17,300), B-C 1,350 + 1,650 + 12,650 (15,650), C-D 23,000 anew:
      2,365,200 - 55,950 = 2,309,250: loss 2,295,550 + 61,000 - 2,309,250 = 47,300 EUR/yr. Held
      at their built size (the first pricing), A-B and B-C could not carry D's heat: 787,400; the
      relaxation, every MW at its full price and the built MW's annuity off A, keeps both at or
      above what was built, so is exact here (`sunk.holds`)."""
    sites = pd.DataFrame({"site_id": ["A", "B", "C", "D", "E"], "name": ["A", "B", "C", "D", "E"],
                          "lat": [45.70, 45.70, 45.70, 45.70, 45.7027], "zone": ["Z"] * 5,
                          "lon": [4.8, 4.8 + 0.0128, 4.8 + 0.0256, 4.8 + 0.0384, 4.8 + 0.0384]})
    flows = pd.DataFrame({"site_id": ["A", "B", "C", "D", "E"], "direction": ["supply", "demand", "demand", "demand",
                                                                            "supply"],
                          "resource": "heat", "amount": [30000, 8760, 8760, 8760, 8760], "unit": "MWh/yr",
                          "temperature_c": [120, 70, 70, 70, 120], "price_eur_per_unit": [0, 90, 90, 90, 0],
                          "max_distance_km": 0.5})
    cor = pd.DataFrame({"corridor_id": ["ab", "bc", "cd"], "resource": "heat", "from": ["A", "B", "C"],
                        "to": ["B", "C", "D"], "length_km": [1.0, 1.0, 1.0]})
    link = pd.DataFrame({"source_site": ["E"], "sink_site": ["D"], "supply_resource": "heat", "distance_km": 0.0,
                         "var_cost_eur_per_unit": 0.0, "investment_eur": [1e5], "fixed_cost_eur_per_yr": 1000.0})
    scen = eitflow.scenario_from_frames(sites, flows, links=link, corridors=cor, resources=FLUID,
                                        carbon_price_eur_per_t=0, discount_rate=0.0, lifetime_years=10,
                                        networks={"heat": {"temperature_c": 90.0, "sizing": "linear"}},
                                        solver={"mip_gap": 0.0})
    base = eitflow.optimise(scen)
    assert base.summary["objective"] == pytest.approx(2295550.0)
    r = resilience(scen, fresh=True).set_index("site_id")
    assert r.at["E", "objective_lost"] == pytest.approx(37300.0)
    assert r.at["E", "net_benefit_lost_sunk_eur_per_yr"] == pytest.approx(47300.0)
    assert r.at["E", "net_benefit_lost_sunk_fresh_eur_per_yr"] == pytest.approx(47300.0)
    assert _independent_loss(scen, "E", om=0.015) == pytest.approx(47300.0)


@pytest.mark.slow
def test_ludres_backbone_with_generated_corridors_against_an_independent_resolve(tmp_path):
    """ludres_backbone with its corridors generated (no corridors.csv, Delaunay within 6 km: 21
    corridors, so linear sizing): three closures against the independent re-solve (the scenario
    without the company, its place kept as a junction of the heat network where a built corridor
    ends there, the plan's annuities credited, a linear size's K0 sunk and what exceeds it paid).
    The steelworks' closure needs trunk sizes larger than built: 74,864 EUR/yr (held at the
    built sizes it read 263,429); Messein's place is on the built trunk: 278,779 with its place
    kept (696,934 in a run that dropped it and so the trench)."""
    import shutil

    from eitflow.analyses.closure import _keep_place, without_site

    src = ROOT / "scenarios" / "ludres_backbone"
    for f in ("sites.csv", "flows.csv"):
        shutil.copy(src / f, tmp_path / f)
    text = (src / "scenario.yaml").read_text(encoding="utf-8")
    text = text.replace("corridors: corridors.csv", "").replace(
        "    temperature_c: 90 ", "    generate: delaunay\n    max_length_km: 6\n    temperature_c: 90 ")
    (tmp_path / "scenario.yaml").write_text(text, encoding="utf-8")
    scen = eitflow.read_scenario(tmp_path / "scenario.yaml")
    base = eitflow.optimise(scen)
    crf = 0.05 / (1 - 1.05 ** -30)   # scenario.yaml: 5 %, 30 years
    r = resilience(scen).set_index("site_id")
    for site in ("SAM_NM", "MESSEIN", "CHALIGNY"):
        closed = _keep_place(base, without_site(scen, site), site)
        loss = _independent_loss(scen, site, om=0.015, crf=crf, closed=closed)
        assert r.at[site, "net_benefit_lost_sunk_eur_per_yr"] == pytest.approx(loss, rel=1e-6), site
        assert r.at[site, "net_benefit_lost_sunk_fresh_eur_per_yr"] == pytest.approx(loss, rel=1e-6), site
    assert r.at["SAM_NM", "net_benefit_lost_sunk_eur_per_yr"] == pytest.approx(74864, abs=1)
    assert r.at["MESSEIN", "net_benefit_lost_sunk_eur_per_yr"] == pytest.approx(278779, abs=1)


def test_a_closure_that_shrinks_one_corridor_and_grows_another_is_exact():
    """A -- X -- B -- D, 1 km each, linear sizing as above (90 + 110 K EUR/m, K in MW: an MW
    costs 110,000 EUR, 12,650 EUR/yr with its 1.5 % O&M; O&M 1.5 %). X needs 2 MW (17,520
    MWh/yr) and B 1 MW (8,760) of the network's heat at 90 EUR/MWh, A's heat is free; X's own
    80 degC heat (too cold for the 90 degC network) reaches D over a pipe of its own (links.csv:
    2 km, 100,000 EUR, 1,000 EUR/yr O&M, 0.2 %/km lost: 8,760 x 0.996 x 90 = 785,246.4 EUR/yr).
    The plan: A-X at 3 MW (420,000 EUR, 48,300 EUR/yr), X-B at 1 MW (200,000 EUR, 23,000):
    1,576,800 + 788,400 + 785,246.4 - 11,000 - 48,300 - 23,000 = 3,068,146.4 EUR/yr.
    X closes, its pipe to D with it: B and D take 2 MW from A, so A-X carries less than built
    (2 of 3 MW) and X-B more (2 of 1), B-D anew (1 MW, 23,000 EUR/yr).
    - already built (A = 42,000 + 20,000 + 10,000 = 72,000 EUR/yr of annuities): A-X its O&M,
      6,300; X-B its O&M 3,000 and 1 MW more, 12,650; B-D 23,000: 1,576,800 - 44,950 =
      1,531,850: loss 3,068,146.4 + 72,000 - 1,531,850 = 1,608,296.4 EUR/yr, X's pipe alone
      stranded (100,000 EUR). Before, held at the built sizes (X-B could not carry D's heat, D
      dropped: 788,400 - 9,300), 2,361,046.4, the relaxation not holding at A-X: an upper bound
      given as the figure; now the growth beyond K0 is priced per corridor (`sunk._growth`);
    - built anew: 1,576,800 - 35,650 - 35,650 - 23,000 = 1,482,500: loss 1,585,646.4."""
    step = 0.0128   # 1 km of longitude at 45.7 degN, as above
    sites = pd.DataFrame({"site_id": ["A", "X", "B", "D"], "name": ["A", "X", "B", "D"], "lat": [45.70] * 4,
                          "lon": [4.8, 4.8 + step, 4.8 + 2 * step, 4.8 + 3 * step], "zone": ["Z"] * 4})
    flows = pd.DataFrame({"site_id": ["A", "X", "X", "B", "D"],
                          "direction": ["supply", "demand", "supply", "demand", "demand"], "resource": "heat",
                          "amount": [30000, 17520, 8760, 8760, 8760], "unit": "MWh/yr",
                          "temperature_c": [120, 70, 80, 70, 70], "price_eur_per_unit": [0, 90, 0, 90, 90],
                          "max_distance_km": 0.5})
    cor = pd.DataFrame({"corridor_id": ["ax", "xb", "bd"], "resource": "heat", "from": ["A", "X", "B"],
                        "to": ["X", "B", "D"], "length_km": [1.0, 1.0, 1.0]})
    link = pd.DataFrame({"source_site": ["X"], "sink_site": ["D"], "supply_resource": "heat", "distance_km": 2.0,
                         "var_cost_eur_per_unit": 0.0, "investment_eur": [1e5], "fixed_cost_eur_per_yr": 1000.0})
    scen = eitflow.scenario_from_frames(sites, flows, links=link, corridors=cor, resources=FLUID,
                                        carbon_price_eur_per_t=0, discount_rate=0.0, lifetime_years=10,
                                        networks={"heat": {"temperature_c": 90.0, "sizing": "linear"}},
                                        solver={"mip_gap": 0.0})
    assert eitflow.optimise(scen).summary["objective"] == pytest.approx(3068146.4)
    r = resilience(scen, fresh=True).set_index("site_id")
    assert r.at["X", "objective_lost"] == pytest.approx(1585646.4)
    assert r.at["X", "net_benefit_lost_sunk_eur_per_yr"] == pytest.approx(1608296.4)
    assert r.at["X", "net_benefit_lost_sunk_fresh_eur_per_yr"] == pytest.approx(1608296.4)
    assert r.at["X", "stranded_sunk_investment_eur"] == pytest.approx(100000.0)
    assert _independent_loss(scen, "X", om=0.015) == pytest.approx(1608296.4)
