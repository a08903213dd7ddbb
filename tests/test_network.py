"""Shared networks (corridors, pipe sizes, losses, temperature, connections) against values
worked out independently: by hand, an exhaustive brute force over every choice of corridor
sizes with an LP per choice (scipy, not eitflow's model), and FCNetLib's published optima."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import linprog

import eitflow
from eitflow.candidates.network import bridge_sides, generate_pairs
from eitflow.errors import ScenarioError
from network_cases import four_sites

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "benchmarks" / "fcnetlib"

#: a test carrier: energy (MWh/yr) so W/m losses count, no quality rule, two pipe sizes,
#: no connection cost, nothing from the catalogue's transport (direct links only from links.csv)
FLUID = {"fluid": {
    "description": "test carrier", "base_unit": "MWh/yr", "quality": "none", "max_distance_km": 0.001,
    "co2_factor_t_per_unit": 0.0,
    "transport": {"mode": "pipe", "detour_factor": 1.0},
    "network": {"capacity_unit": "MW", "load_factor": 1.0, "route_factor": 1.0, "max_length_km": 50.0,
                "var_cost_eur_per_unit_km": 0.5,
                "sizes": [{"name": "S", "capacity": 1.0, "investment_eur_per_m": 200.0, "loss_w_per_m": 20.0},
                          {"name": "L", "capacity": 3.0, "investment_eur_per_m": 420.0, "loss_w_per_m": 30.0}]},
}}
H = 8760.0
SIZES = [(1.0 * H, 200.0, 20.0), (3.0 * H, 420.0, 30.0)]   # (MWh/yr, EUR/m, W/m)


def _scenario(sites, flows, corridors, links=None, **kw):
    params = {"discount_rate": 0.0, "lifetime_years": 1.0, "carbon_price_eur_per_t": 0.0,
              "solver": {"mip_gap": 0.0, "time_limit_s": 60.0}, **kw}
    return eitflow.scenario_from_frames(pd.DataFrame(sites), pd.DataFrame(flows), links=links, resources=FLUID,
                                        corridors=pd.DataFrame(corridors), **params)


# ------------------------------------------------------------------ by hand
def test_one_backbone_by_hand():
    """A source A and two sinks on a line A - B - C (1 km each): the best plan builds A-B
    large (it carries both sinks' heat and the losses) and B-C small; worked out by hand
    against the other plans (B alone on a small A-B: 532,306.6 EUR/yr)."""
    sites = {"site_id": ["A", "B", "C"], "lat": [45.0, 45.01, 45.02], "lon": [4.0, 4.0, 4.0]}
    flows = {"site_id": ["A", "B", "C"], "direction": ["supply", "demand", "demand"], "resource": "fluid",
             "amount": [30000.0, 8000.0, 6000.0], "unit": "MWh/yr", "price_eur_per_unit": [2.0, 90.0, 90.0]}
    corridors = {"resource": "fluid", "from": ["A", "B"], "to": ["B", "C"], "length_km": [1.0, 1.0]}
    res = eitflow.optimise(_scenario(sites, flows, corridors))
    half_s = 20 * 1000 * H / 1e6 / 2       # 87.6 MWh/yr: half the loss of 1 km of size S, at each end
    half_l = 30 * 1000 * H / 1e6 / 2       # 131.4 for size L
    flow_bc = 6000 + half_s                # 6,087.6 enters B-C at B
    flow_ab = 8000 + half_s + half_l + flow_bc   # 14,306.6 > 8,760 (size S): size L
    injected = flow_ab + half_l            # 14,438.0
    value = 2.0 * injected + 90.0 * 14000 - 0.5 * flow_ab - 0.5 * flow_bc - 420_000 - 200_000
    assert value == pytest.approx(658_678.9)
    assert res.objective == pytest.approx(value, rel=1e-9)


def test_network_cost_shared_by_the_companies_it_serves_by_hand():
    """The allocation rule (`results.prices.network_bands`) on the backbone above: the network is
    one party run at cost; its surplus (its connections' worth less its cost) goes half to its
    supplier A, half to B and C in proportion to what they take (8,000 and 6,000 MWh/yr), each
    at the middle of its band drawn over the whole network. Companies, zones under every rule
    and the totals add up to the objective."""
    sites = {"site_id": ["A", "B", "C"], "lat": [45.0, 45.01, 45.02], "lon": [4.0, 4.0, 4.0],
             "zone": ["Z1", "Z2", "Z2"]}
    flows = {"site_id": ["A", "B", "C"], "direction": ["supply", "demand", "demand"], "resource": "fluid",
             "amount": [30000.0, 8000.0, 6000.0], "unit": "MWh/yr", "price_eur_per_unit": [2.0, 90.0, 90.0]}
    corridors = {"resource": "fluid", "from": ["A", "B"], "to": ["B", "C"], "length_km": [1.0, 1.0]}
    res = eitflow.optimise(_scenario(sites, flows, corridors))
    st = res.statistics
    injected, flow_ab, flow_bc = 14438.0, 14306.6, 6087.6
    cost = 420_000 + 200_000 + 0.5 * flow_ab + 0.5 * flow_bc         # annuity (r = 0, 1 year) + pumping
    assert st.totals()["network_cost_eur_per_yr"] == pytest.approx(cost)
    # connection A -> network: v = w = 2 EUR/MWh (disposal avoided), floor -2: worth 2 EUR/MWh;
    # network -> B, C: v = 90, ceiling 90: worth 90 EUR/MWh each. The network's surplus:
    T = 2.0 * injected + 90.0 * 14000 - cost
    c = st.companies().set_index("site_id")["total_eur_per_yr"]
    assert set(c.index) == {"A", "B", "C"}                          # no row for the network itself
    assert c["A"] == pytest.approx(T / 2)
    assert c["B"] == pytest.approx(T / 2 * 8 / 14)
    assert c["C"] == pytest.approx(T / 2 * 6 / 14)
    assert c.sum() == pytest.approx(res.objective)
    # the prices: A paid its floor plus T / 2 per unit injected, B and C their ceiling less T / 2 per unit taken
    pb = st.links().set_index("kind")
    assert pb.at["to_net", "price_eur_per_unit"] == pytest.approx(-2.0 + T / 2 / injected)
    assert pb.loc[["from_net"], "price_eur_per_unit"].tolist() == pytest.approx([90.0 - T / 2 / 14000] * 2)
    assert st.companies().set_index("site_id")["network_result_eur_per_yr"].abs().max() < 1e-6   # run at cost
    for rule in ("company", "sink", "source", "half"):
        assert st.zones(rule)["net_benefit_eur_per_yr"].sum() == pytest.approx(res.objective), rule
    assert st.zones("company").set_index("zone").at["Z1", "net_benefit_eur_per_yr"] == pytest.approx(c["A"])
    cor = st.corridors().set_index("corridor_id")
    assert cor["size"].tolist() == ["L", "S"] and cor["flow"].tolist() == pytest.approx([flow_ab, flow_bc])
    assert res.summary["networks"]["by_resource"]["fluid"]["corridors_built"] == 2
    sh = st.network_shares().set_index("site_id")     # each company's share of the cost: 8/14 and 6/14
    assert sh["share"].to_dict() == pytest.approx({"B": 8 / 14, "C": 6 / 14})
    assert sh["cost_share_eur_per_yr"].to_dict() == pytest.approx({"B": cost * 8 / 14, "C": cost * 6 / 14})
    assert sh["investment_share_eur"].sum() == pytest.approx(620_000)


def test_a_colder_supply_injects_through_a_heat_pump_and_a_too_hot_demand_stays_off():
    """Heat network at 90 degC: a 70 degC source injects through a heat pump (COP from the
    cost module), a 85 degC demand (+10 K approach) cannot be served; by hand."""
    from eitflow.candidates.costs import heat_pump_cop, heat_pump_terms

    sites = {"site_id": ["S", "D1", "D2"], "lat": [45.0, 45.01, 45.02], "lon": [4.0, 4.0, 4.0]}
    flows = {"site_id": ["S", "D1", "D2"], "direction": ["supply", "demand", "demand"], "resource": "heat",
             "amount": [5000.0, 3000.0, 3000.0], "unit": "MWh/yr", "temperature_c": [70.0, 60.0, 85.0],
             "price_eur_per_unit": [0.0, 60.0, 60.0]}
    corridors = {"resource": "heat", "from": ["S", "D1"], "to": ["D1", "D2"], "length_km": [0.5, 0.5]}
    scen = eitflow.scenario_from_frames(pd.DataFrame(sites), pd.DataFrame(flows), corridors=pd.DataFrame(corridors),
                                        networks={"heat": {"temperature_c": 90.0}})
    from eitflow.candidates.generate import build_candidates
    lk = build_candidates(scen).links
    inj = lk[lk["kind"] == "to_net"]
    out = lk[lk["kind"] == "from_net"]
    assert len(inj) == 1 and len(out) == 1 and scen.flows["site_id"].iat[int(out["demand"].iat[0])] == "D1"
    cop = heat_pump_cop(np.array([70.0]), np.array([90.0]), 10.0, 0.5)
    delivered, elec, cap_eur = heat_pump_terms(scen.params, cop, np.array([1.0]))
    assert inj["yield"].iat[0] == pytest.approx(float(delivered[0]))
    assert inj["heat_pump_cop"].iat[0] == pytest.approx(float(cop[0]))
    assert inj["value_eur_per_unit"].iat[0] == pytest.approx(-(float(elec[0]) * 80.0 + float(cap_eur[0])))


def test_unmatched_and_explain_say_why_the_network_cannot_serve_a_site():
    """Heat network at 90 degC over corridors S-D1 and D2-J (a piece that no supply reaches):
    D1 is served; D2 is on corridors that connect no supply; D3 is on no corridor; D4 needs
    85 + 10 degC. Each reason is the one the network gives."""
    sites = {"site_id": ["S", "D1", "D2", "D3", "D4"], "lat": [45.0, 45.005, 45.01, 45.3, 45.006],
             "lon": [4.0, 4.0, 4.0, 4.0, 4.001]}
    flows = {"site_id": ["S", "D1", "D2", "D3", "D4"], "direction": ["supply"] + ["demand"] * 4, "resource": "heat",
             "amount": [50000.0, 5000.0, 5000.0, 5000.0, 5000.0], "unit": "MWh/yr",
             "temperature_c": [120.0, 60.0, 60.0, 60.0, 85.0], "price_eur_per_unit": [0.0, 70.0, 70.0, 70.0, 70.0],
             "max_distance_km": [0.1] * 5}
    junctions = pd.DataFrame({"junction_id": ["J"], "lat": [45.012], "lon": [4.002]})
    corridors = {"resource": "heat", "from": ["S", "D2", "S"], "to": ["D1", "J", "D4"]}
    scen = eitflow.scenario_from_frames(pd.DataFrame(sites), pd.DataFrame(flows), corridors=pd.DataFrame(corridors),
                                        junctions=junctions, networks={"heat": {"temperature_c": 90.0}})
    res = eitflow.optimise(scen)
    um = res.unmatched.set_index("site_id")
    assert "D1" not in um.index
    assert um.at["D2", "reason"] == "network_unreachable" and "does not reach a supply" in um.at["D2", "detail"]
    assert um.at["D3", "reason"] == "network_unreachable" and "does not reach D3" in um.at["D3", "detail"]
    assert um.at["D4", "reason"] == "quality" and "needs 95 degC" in um.at["D4", "detail"]
    from eitflow.analyses.explain import explain
    ex = explain(scen, res)
    top = ex[ex["rank"] == 0].set_index("site_id")
    assert top.at["D3", "rule"] == "network_unreachable" and top.at["D4", "rule"] == "quality"


def test_bridge_sides_by_hand():
    # a triangle 0-1-2 with a tail 2-3-4: edges 2-3 and 3-4 are bridges
    a = np.array([0, 1, 2, 2, 3])
    b = np.array([1, 2, 0, 3, 4])
    v = np.array([[1.0], [2.0], [4.0], [8.0], [16.0]])
    side_b, side_a, br = bridge_sides(5, a, b, v)
    assert br.tolist() == [False, False, False, True, True]
    assert side_b[:, 0].tolist() == [31, 31, 31, 24, 16]
    assert side_a[:, 0].tolist() == [31, 31, 31, 7, 15]


def test_generated_corridors_count():
    # a 3 x 3 grid: Delaunay gives the 12 grid edges and one diagonal per square (16)
    lat, lon = np.meshgrid(45.0 + np.arange(3) * 0.009, 4.0 + np.arange(3) * 0.0127)
    d = generate_pairs(lat.ravel(), lon.ravel(), "delaunay", 4)
    assert len(d) == 16
    # points on a meridian at 0, 1, 3 and 7 km: nearest neighbour 0-1, 1-0, 3-1, 7-3 (3 pairs);
    # two nearest: 0-{1,3}, 1-{0,3}, 3-{1,0}, 7-{3,1} (5 pairs)
    lat = 45.0 + np.array([0.0, 1.0, 3.0, 7.0]) / 111.2
    lon = np.full(4, 4.0)
    assert generate_pairs(lat, lon, "knn", 1).tolist() == [[0, 1], [1, 2], [2, 3]]
    assert generate_pairs(lat, lon, "knn", 2).tolist() == [[0, 1], [0, 2], [1, 2], [1, 3], [2, 3]]
    # collinear points have no triangulation: Delaunay falls back to the k nearest neighbours
    assert generate_pairs(lat, lon, "delaunay", 2).tolist() == [[0, 1], [0, 2], [1, 2], [1, 3], [2, 3]]


def test_corridor_errors_name_file_row_and_column():
    sites = {"site_id": ["A", "B"], "lat": [45.0, 45.01], "lon": [4.0, 4.0]}
    flows = {"site_id": ["A", "B"], "direction": ["supply", "demand"], "resource": "fluid", "amount": [10.0, 5.0],
             "unit": "MWh/yr"}
    corridors = {"resource": ["fluid", "fluid", "slag", "fluid"], "from": ["A", "A", "A", "ZZ"],
                 "to": ["B", "A", "B", "B"], "existing": ["yes", "no", "no", "no"], "size": ["", "", "", "XL"]}
    with pytest.raises(ScenarioError) as exc:
        _scenario(sites, flows, corridors)
    text = str(exc.value)
    assert "row 2, column 'capacity'" in text and "existing pipe needs its capacity" in text
    assert "row 3, column 'to'" in text and "from = to" in text
    assert "row 4, column 'resource'" in text and "no pipe sizes" in text
    assert "row 5, column 'from'" in text and "'ZZ'" in text
    assert "row 5, column 'size'" in text and "unknown size 'XL'" in text


def test_an_existing_pipe_carries_up_to_its_capacity_at_no_build_cost_by_hand():
    """A pipe already in the ground from A to B (1 MW = 8,760 MWh/yr, no investment, pumping
    0.5 EUR/MWh/km still paid, and the loss of S, the smallest size carrying 1 MW: 87.6 MWh/yr
    at each end; it lost nothing before) and a candidate extension B-C. B pays 30 EUR/MWh,
    C 90: the extension (size S, 200,000 EUR/yr, 87.6 MWh/yr lost at each end) sends the
    existing pipe's heat on to C. Worked out by hand against the plan without it (252,306.6)."""
    sites = {"site_id": ["A", "B", "C"], "lat": [45.0, 45.01, 45.02], "lon": [4.0, 4.0, 4.0]}
    flows = {"site_id": ["A", "B", "C"], "direction": ["supply", "demand", "demand"], "resource": "fluid",
             "amount": [30000.0, 8000.0, 6000.0], "unit": "MWh/yr", "price_eur_per_unit": [2.0, 30.0, 90.0]}
    corridors = {"resource": "fluid", "from": ["A", "B"], "to": ["B", "C"], "length_km": [1.0, 1.0],
                 "existing": [True, False], "capacity": [1.0, np.nan], "unit": ["MW", ""]}
    res = eitflow.optimise(_scenario(sites, flows, corridors))
    half_s = 20 * 1000 * H / 1e6 / 2              # 87.6 MWh/yr
    flow_ab = 1.0 * H                             # the existing pipe full: 8,760 MWh/yr
    flow_bc = 6000 + half_s                       # C fully served
    to_b = flow_ab - 2 * half_s - flow_bc         # 2,497.2 MWh/yr left for B (A-B's and B-C's halves drawn at B)
    value = 2.0 * (flow_ab + half_s) + 30.0 * to_b + 90.0 * 6000 - 0.5 * flow_ab - 0.5 * flow_bc - 200_000
    assert value == pytest.approx(425_187.4)
    without = 2.0 * (8000 + 2 * half_s) + 30.0 * 8000 - 0.5 * (8000 + half_s)   # B alone on the existing pipe
    assert without == pytest.approx(252_306.6) and value > without
    assert res.objective == pytest.approx(value, rel=1e-9)
    cor = res.statistics.corridors().set_index("corridor_id")
    assert cor["existing"].tolist() == [True, False]
    assert cor["size"].tolist() == ["existing", "S"]
    assert cor["flow"].tolist() == pytest.approx([flow_ab, flow_bc])
    assert cor["investment_eur"].tolist() == pytest.approx([0.0, 200_000.0])
    assert cor["pipe_cost_eur_per_yr"].tolist() == pytest.approx([0.0, 200_000.0])
    assert cor["loss"].tolist() == pytest.approx([2 * half_s, 2 * half_s])
    assert cor["catalogue_size"].tolist() == ["S", "S"]


def test_a_corridor_is_sized_by_its_busiest_month_by_hand():
    """B's required 8,000 MWh/yr: flat, size S (730 MWh a month) carries it (532,306.6 EUR/yr,
    the plan of the first test); with 20 % of it in January (1,600 MWh) S cannot, so the
    model builds L (2,190 MWh a month) and the corridor's peak is January's flow at a yearly
    rate. By hand: L loses 262.8 MWh/yr, 10.95 a month at each end."""
    sites = {"site_id": ["A", "B"], "lat": [45.0, 45.01], "lon": [4.0, 4.0]}
    base = {"site_id": ["A", "B"], "direction": ["supply", "demand"], "resource": "fluid",
            "amount": [30000.0, 8000.0], "unit": "MWh/yr", "price_eur_per_unit": [2.0, 90.0],
            "required": [False, True]}
    corridors = {"resource": "fluid", "from": ["A"], "to": ["B"], "length_km": [1.0]}
    flat = eitflow.optimise(_scenario(sites, base, corridors))
    assert flat.objective == pytest.approx(532_306.6, rel=1e-9)
    assert flat.statistics.corridors()["size"].tolist() == ["S"]
    prof = [0.2] + [0.07] * 10 + [0.1]
    peaky = eitflow.optimise(_scenario(sites, {**base, "monthly_profile": ["", ";".join(map(str, prof))]},
                                       corridors))
    half_l = 30 * 1000 * H / 1e6 / 12 / 2         # 10.95 MWh a month at each end
    arc = 8000 + 12 * half_l
    injected = arc + 12 * half_l
    value = 2.0 * injected + 90.0 * 8000 - 0.5 * arc - 420_000
    assert value == pytest.approx(312_459.9)
    assert peaky.objective == pytest.approx(value, rel=1e-9)
    cor = peaky.statistics.corridors()
    assert cor["size"].tolist() == ["L"]
    assert cor["peak"].iat[0] == pytest.approx((1600 + half_l) * 12)


def test_generated_corridors_pruned_at_the_maximum_length_times_the_route_factor():
    """Nine sites on a 1 km grid: Delaunay gives 12 sides and 4 diagonals (1.41 km). With a
    route factor of 1.3 the sides are 1.3 km of trench: a 1.2 km limit keeps none, 1.5 km the
    12 sides, 2 km all 16; summary.json says how many were generated, each at great circle x
    1.3."""
    from eitflow.geo import haversine_km

    lat, lon = np.meshgrid(45.0 + np.arange(3) * 0.009, 4.0 + np.arange(3) * 0.0127)
    ids = [f"S{i}" for i in range(9)]
    sites = {"site_id": ids, "lat": lat.ravel(), "lon": lon.ravel()}
    flows = {"site_id": ids, "direction": ["supply"] + ["demand"] * 8, "resource": "fluid",
             "amount": [30000.0] + [500.0] * 8, "unit": "MWh/yr", "price_eur_per_unit": [0.0] + [90.0] * 8}
    res_cat = {"fluid": {**FLUID["fluid"], "network": {**FLUID["fluid"]["network"], "route_factor": 1.3}}}
    for limit, expected in ((1.2, 0), (1.5, 12), (2.0, 16)):
        scen = eitflow.scenario_from_frames(
            pd.DataFrame(sites), pd.DataFrame(flows), resources=res_cat, discount_rate=0.0, lifetime_years=1.0,
            networks={"fluid": {"generate": "delaunay", "max_length_km": limit}})
        from eitflow.candidates.generate import build_candidates
        cand = build_candidates(scen)
        n = 0 if cand.network is None else cand.network.generated.get("fluid", 0)
        assert n == expected, limit
        if not expected:
            continue
        c = cand.network.corridors
        a, b = c["a"].to_numpy(), c["b"].to_numpy()
        nd = cand.network.nodes
        gc = haversine_km(nd["lat"].to_numpy()[a], nd["lon"].to_numpy()[a], nd["lat"].to_numpy()[b],
                          nd["lon"].to_numpy()[b])
        assert c["length_km"].to_numpy() == pytest.approx(1.3 * gc)
        assert (c["length_km"] <= limit).all() and c["generated"].all()
        if expected == 12:
            res = eitflow.optimise(scen)
            assert res.summary["networks"]["by_resource"]["fluid"]["generated_corridors"] == 12


# ------------------------------------------------------------------ brute force
def _brute_force(sites, flows, corridors, links, profiles=None):
    """max over every choice (none or one size per corridor, each direct link on or off) of
    the LP with those choices fixed; written from the data, not from eitflow's model."""
    nodes = list(sites["site_id"])
    idx = {s: i for i, s in enumerate(nodes)}
    T = 1 if profiles is None else 12
    share = np.full((len(flows["site_id"]), T), 1.0 / T) if profiles is not None else np.ones((len(flows["site_id"]), 1))
    if profiles is not None:
        for i, p in enumerate(profiles):
            if p is not None:
                share[i] = p
    amt = np.asarray(flows["amount"], float)[:, None] * share
    is_sup = np.array([d == "supply" for d in flows["direction"]])
    req = np.array([bool(r) for r in flows.get("required", [False] * len(is_sup))])
    price = np.asarray(flows["price_eur_per_unit"], float)
    fnode = np.array([idx[s] for s in flows["site_id"]])
    ncor = len(corridors["from"])
    best = -np.inf
    for choice in itertools.product(range(3), repeat=ncor):
        for link_on in itertools.product([0, 1], repeat=len(links)):
            arcs = []    # (tail, head, var cost per unit, cap per period)
            fixed = 0.0
            loss = np.zeros(len(nodes))
            for c, ch in enumerate(choice):
                if ch == 0:
                    continue
                cap, per_m, wpm = SIZES[ch - 1]
                L = corridors["length_km"][c]
                fixed += per_m * 1000 * L
                lo = wpm * 1000 * L * H / 1e6 / T
                a, b = idx[corridors["from"][c]], idx[corridors["to"][c]]
                loss[a] += lo / 2
                loss[b] += lo / 2
                arcs.append((a, b, 0.5 * L, cap / T, c))
                if corridors["direction"][c] == "both":
                    arcs.append((b, a, 0.5 * L, cap / T, c))
            on = [lk for lk, o in zip(links, link_on) if o]
            fixed += sum(lk["fixed"] for lk in on)
            nf, na, nl = len(price), len(arcs), len(on)
            # variables per period: flow of each flow (inj / wd), arcs, links
            nv = (nf + na + nl) * T
            cobj = np.zeros(nv)
            A_eq, b_eq, A_ub, b_ub, bounds = [], [], [], [], []
            for t in range(T):
                off = (nf + na + nl) * t
                cobj[off:off + nf] = price            # inj: disposal avoided; wd: price paid today
                for j, (a, b, vc, cap, c) in enumerate(arcs):
                    cobj[off + nf + j] = -vc
                for j, lk in enumerate(on):
                    cobj[off + nf + na + j] = price[lk["s"]] + price[lk["d"]] - lk["var"]
                for n in range(len(nodes)):
                    row = np.zeros(nv)
                    for i in range(nf):
                        if fnode[i] == n:
                            row[off + i] = 1.0 if is_sup[i] else -1.0
                    for j, (a, b, *_r) in enumerate(arcs):
                        if b == n:
                            row[off + nf + j] += 1.0
                        if a == n:
                            row[off + nf + j] -= 1.0
                    A_eq.append(row)
                    b_eq.append(loss[n])
                for i in range(nf):   # a flow's own amount across network and direct links
                    row = np.zeros(nv)
                    row[off + i] = 1.0
                    for j, lk in enumerate(on):
                        if lk["s"] == i or lk["d"] == i:
                            row[off + nf + na + j] = 1.0
                    if req[i] and not is_sup[i]:
                        A_eq.append(row)
                        b_eq.append(amt[i, t])
                    else:
                        A_ub.append(row)
                        b_ub.append(amt[i, t])
                # a corridor's two directions share its capacity
                for c in set(arc[4] for arc in arcs):
                    row = np.zeros(nv)
                    caps = [arc[3] for arc in arcs if arc[4] == c]
                    for j, arc in enumerate(arcs):
                        if arc[4] == c:
                            row[off + nf + j] = 1.0
                    A_ub.append(row)
                    b_ub.append(caps[0])
            bounds = [(0, None)] * nv
            r = linprog(-cobj, A_ub=np.array(A_ub) if A_ub else None, b_ub=b_ub or None,
                        A_eq=np.array(A_eq), b_eq=b_eq, bounds=bounds, method="highs")
            if r.status == 0:
                best = max(best, -r.fun - fixed)
    return best


def _random_case(seed: int):
    rng = np.random.default_rng(seed)
    sites, flows, dirs = four_sites(rng, (20, 60))
    flows["required"] = [bool(d == "demand" and rng.random() < 0.1) for d in dirs]
    pairs = [(0, 1), (1, 2), (2, 3), (0, 2), (1, 3)]
    pick = rng.choice(len(pairs), size=4, replace=False)
    corridors = {"resource": "fluid", "from": [f"S{pairs[p][0]}" for p in pick],
                 "to": [f"S{pairs[p][1]}" for p in pick], "length_km": np.round(rng.uniform(0.3, 3.0, 4), 2),
                 "direction": list(rng.choice(["both", "forward"], 4))}
    links = []
    if rng.random() < 0.6:   # one direct point-to-point candidate too
        s, d = 0, len(dirs) - 1
        links = [{"s": s, "d": d, "var": 1.5, "fixed": float(np.round(rng.uniform(1e5, 8e5)))}]
    profiles = None
    if rng.random() < 0.4:
        prof = rng.dirichlet(np.ones(12))
        profiles = [prof if d == "demand" else None for d in dirs]
    return sites, flows, corridors, links, profiles


def links_frame(sites: dict, links: list[dict]) -> pd.DataFrame | None:
    """`_random_case`'s direct links as links.csv rows (None without one)."""
    if not links:
        return None
    return pd.DataFrame({"source_site": [sites["site_id"][x["s"]] for x in links],
                         "sink_site": [sites["site_id"][x["d"]] for x in links], "supply_resource": "fluid",
                         "distance_km": 1.0, "var_cost_eur_per_unit": [x["var"] for x in links],
                         "fixed_cost_eur_per_yr": [x["fixed"] for x in links], "investment_eur": 0.0})


@pytest.mark.parametrize("seed", range(8))
def test_random_networks_equal_a_brute_force_over_every_choice(seed):
    sites, flows, corridors, links, profiles = _random_case(seed)
    expected = _brute_force(sites, flows, corridors, links, profiles)
    f = dict(flows)
    if profiles is not None:
        f["monthly_profile"] = [";".join(f"{v:.12f}" for v in p) if p is not None else "" for p in profiles]
        # the brute force uses exactly the shares eitflow reads (12 decimals, summing to 1)
        profiles = [np.array([float(v) for v in s.split(";")]) if s else None for s in f["monthly_profile"]]
        expected = _brute_force(sites, flows, corridors, links, profiles)
    scen = _scenario(sites, f, corridors, links=links_frame(sites, links))
    res = eitflow.optimise(scen)
    if not np.isfinite(expected):
        assert res.objective is None
        return
    assert res.objective == pytest.approx(expected, rel=1e-7, abs=1e-3)


# ------------------------------------------------------------------ FCNetLib
#: the fast ones (a second or so each): dense and sparse, one or several sources, parallel sub-arcs
#: with capacities (beavma); the others are slow-marked here and all 65 run in `eitflow bench run fcnet`
FAST = ["k15x210", "k20x380b", "l61x114", "l121x232", "sp50x100", "sp80x160", "sp90x250", "p100x588d", "beavma"]
SLOW = ["k10x90", "g55x188c", "k20x380e", "sp150x300", "g180x666", "l451x885b", "p50x576", "beasleyC1"]


@pytest.mark.parametrize("name", FAST + [pytest.param(n, marks=pytest.mark.slow) for n in SLOW])
def test_fcnetlib_optimum_through_the_scenario_format(name):
    if not SHARED.is_dir():
        pytest.skip(f"FCNetLib is absent ({SHARED}): see ../shared/README.md")
    from eitflow.bench.fcnetlib import fcnet_scenario, read_optima

    value, proven = read_optima(SHARED / "OPTIMA.csv")[name]
    assert proven
    res = eitflow.optimise(fcnet_scenario(SHARED / f"{name}.inc", time_limit_s=300.0))
    assert str(res.status) == "optimal"
    assert -res.objective == pytest.approx(value, abs=1e-4 * max(1.0, value))


def test_the_run_directory_holds_the_corridors_built(tmp_path):
    """corridors.csv and corridors.geojson of the backbone above: a FeatureCollection with one
    LineString per corridor built, from end to end, as the table says (the layer was once
    written as a JSON string holding the collection's text)."""
    import json

    from eitflow.results.rundir import write_run
    sites = {"site_id": ["A", "B", "C"], "lat": [45.0, 45.01, 45.02], "lon": [4.0, 4.0, 4.0]}
    flows = {"site_id": ["A", "B", "C"], "direction": ["supply", "demand", "demand"], "resource": "fluid",
             "amount": [30000.0, 8000.0, 6000.0], "unit": "MWh/yr", "price_eur_per_unit": [2.0, 90.0, 90.0]}
    corridors = {"resource": "fluid", "from": ["A", "B"], "to": ["B", "C"], "length_km": [1.0, 1.0]}
    write_run(eitflow.optimise(_scenario(sites, flows, corridors)), tmp_path / "run")
    table = pd.read_csv(tmp_path / "run" / "corridors.csv")
    layer = json.loads((tmp_path / "run" / "corridors.geojson").read_text(encoding="utf-8"))
    assert isinstance(layer, dict) and layer["type"] == "FeatureCollection"
    assert len(layer["features"]) == len(table) == 2
    ends = [f["geometry"]["coordinates"] for f in layer["features"]]
    assert sorted(ends) == [[[4.0, 45.0], [4.0, 45.01]], [[4.0, 45.01], [4.0, 45.02]]]


def test_a_network_in_two_pieces_is_shared_piece_by_piece_by_hand():
    """Two pieces of one network that no corridor joins (two towns' networks): A (supply, 2
    EUR/MWh disposal avoided) - 1 km - B (demand 5,000 MWh/yr at 90 EUR/MWh) and C (supply) - 2 km -
    D (3,000 at 200), each on size S (1 MW, 200 EUR/m, 20 W/m; no annuity). A injects 5,175.2 (its
    1 km loses 175.2, half at each end) and 5,087.6 flow; C injects 3,350.4 and 3,175.2 flow 2 km.
    Piece 1 costs 200,000 + 0.5 x 5,087.6 = 202,543.8 EUR/yr and its surplus is T1 = 2 x 5,175.2 +
    90 x 5,000 - 202,543.8 = 257,806.6; piece 2 costs 400,000 + 0.5 x 3,175.2 x 2 = 403,175.2, T2 =
    2 x 3,350.4 + 200 x 3,000 - 403,175.2 = 203,525.6. Each piece is run at cost among its own
    companies: A and B take T1 / 2 each, C and D T2 / 2; B bears piece 1's cost and investment, D
    piece 2's; zone Z1 (A, B) gets T1. Before, the pieces were one party: B bore 5/8 of both
    pieces' cost (378,574.4 EUR/yr), D 3/8, and A's band reached into piece 2's surplus."""
    sites = {"site_id": list("ABCD"), "lat": [45.0, 45.009, 46.0, 46.018], "lon": [4.0] * 4,
             "zone": ["Z1", "Z1", "Z2", "Z2"]}
    flows = {"site_id": list("ABCD"), "direction": ["supply", "demand"] * 2, "resource": "fluid",
             "amount": [8000.0, 5000.0, 8000.0, 3000.0], "unit": "MWh/yr", "price_eur_per_unit": [2.0, 90.0, 2.0, 200.0]}
    corridors = {"resource": "fluid", "from": ["A", "C"], "to": ["B", "D"], "length_km": [1.0, 2.0]}
    res = eitflow.optimise(_scenario(sites, flows, corridors))
    st = res.statistics
    c1, c2 = 200_000 + 0.5 * 5087.6, 400_000 + 0.5 * 3175.2 * 2
    t1, t2 = 2 * 5175.2 + 90 * 5000 - c1, 2 * 3350.4 + 200 * 3000 - c2
    assert (t1, t2) == pytest.approx((257_806.6, 203_525.6))
    assert res.objective == pytest.approx(t1 + t2, rel=1e-9)
    co = st.companies().set_index("site_id")
    assert co["total_eur_per_yr"].to_dict() == pytest.approx({"A": t1 / 2, "B": t1 / 2, "C": t2 / 2, "D": t2 / 2})
    assert co["investment_eur"].to_dict() == pytest.approx({"A": 0.0, "B": 200_000.0, "C": 0.0, "D": 400_000.0})
    sh = st.network_shares().set_index("site_id")
    assert sh["network"].to_dict() == {"B": "network:fluid#1", "D": "network:fluid#2"}   # each its piece
    assert sh["share"].to_dict() == pytest.approx({"B": 1.0, "D": 1.0})
    assert sh["cost_share_eur_per_yr"].to_dict() == pytest.approx({"B": c1, "D": c2})
    L = st.links().set_index("sink_site")
    assert L.loc[["B", "D"], "network_cost_share_eur_per_yr"].tolist() == pytest.approx([c1, c2])
    assert set(L["source_site"]) | set(L.index) == {"A", "C", "B", "D", "network:fluid"}   # shown as one network
    z = st.zones("company").set_index("zone")["net_benefit_eur_per_yr"]
    assert z.to_dict() == pytest.approx({"Z1": t1, "Z2": t2})


def test_a_corridor_used_both_ways_in_different_months_peaks_in_its_busiest_month_by_hand():
    """A and B 1 km apart, each a supply half the year and a demand the other half: A supplies
    3,000 MWh/yr over January-June and B takes 3,000 then; B supplies 3,000 over July-December
    and A takes it then. The corridor (size S, 1 MW: 8,760 MWh/yr at a yearly rate) carries 500 -
    7.3 = 492.7 MWh a month one way (the supply's 500 less the half of its 175.2 MWh/yr of loss,
    14.6 a month, drawn at the supply's end; the user gets 485.4), then the other: its busiest
    month is 492.7 x 12 = 5,912.4 MWh/yr at a yearly rate, either way.
    Before, corridors.csv's `peak` added each way's own busiest month, 11,824.8, above the pipe's
    capacity, which the model never lets a month's flows exceed (found by a random brute force)."""
    first = ";".join(["0.16666666666666666"] * 5 + ["0.16666666666666674"] + ["0"] * 6)
    second = ";".join(["0"] * 6 + ["0.16666666666666666"] * 5 + ["0.16666666666666674"])
    sites = {"site_id": ["A", "B"], "lat": [45.0, 45.009], "lon": [4.0, 4.0]}
    flows = {"site_id": ["A", "B", "B", "A"], "direction": ["supply", "demand", "supply", "demand"],
             "resource": "fluid", "amount": [3000.0] * 4, "unit": "MWh/yr", "price_eur_per_unit": [0.0, 90.0, 0.0, 90.0],
             "monthly_profile": [first, first, second, second]}
    corridors = {"resource": "fluid", "from": ["A"], "to": ["B"], "length_km": [1.0]}
    res = eitflow.optimise(_scenario(sites, flows, corridors))
    cor = res.statistics.corridors().iloc[0]
    month = 3000 / 6 - 20 * 1000 * H / 1e6 / 2 / 12          # 492.7 MWh a month, one way
    assert (cor["size"], cor["capacity"]) == ("S", pytest.approx(H))
    assert (cor["flow_forward"], cor["flow_backward"]) == pytest.approx((6 * month, 6 * month), rel=1e-9)
    assert cor["peak"] == pytest.approx(12 * month, rel=1e-9)   # 5,912.4 <= 8,760
