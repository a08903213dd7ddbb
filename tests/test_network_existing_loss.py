"""An existing pipe in service loses heat as a pipe of its size (W/m x length x 8,760 h, scaled
to the network's temperature): its `size`, or the smallest catalogue size carrying its
capacity (said by a warning and corridors.csv's `catalogue_size`); out of service (carrying
nothing) it loses nothing. Checked by hand on the Ludres backbone with three existing pipes,
by hand on a line of three sites, and against a brute force over every choice of sizes and of
the existing pipes' being in service (scipy's LP per choice, not eitflow's model)."""

from __future__ import annotations

import dataclasses
import itertools
import shutil
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from scipy.optimize import linprog

import eitflow
from network_cases import four_sites
from test_network import FLUID, SIZES, H, _scenario

LUDRES = Path(__file__).resolve().parents[1] / "scenarios" / "ludres_backbone"
EXISTING = """corridor_id,resource,from,to,existing,capacity,unit,size
trunk_1,heat,SAM_NM,NEUVES,true,3000,kW,
trunk_2,heat,NEUVES,MESSEIN,,,,
trunk_3,heat,MESSEIN,LUDRES,,,,
trunk_4,heat,LUDRES,UVE_LUDRES,true,40,GWh/yr,
trunk_5,heat,UVE_LUDRES,ZAE_LF,TRUE,,,DN100
trunk_6,heat,ZAE_LF,FLEVILLE,,,,
north_1,heat,UVE_LUDRES,HOUDEMONT,,,,
"""
# the same pipes without a loss, as the old code modelled them: a corridor of its own costs
# (investment 0) with the existing pipe's capacity (trunk_5: DN100's 1.95 MW) and no size
LOSSLESS = """corridor_id,resource,from,to,capacity,unit,investment_eur
trunk_1,heat,SAM_NM,NEUVES,3000,kW,0
trunk_2,heat,NEUVES,MESSEIN,,,
trunk_3,heat,MESSEIN,LUDRES,,,
trunk_4,heat,LUDRES,UVE_LUDRES,40,GWh/yr,0
trunk_5,heat,UVE_LUDRES,ZAE_LF,1.95,MW,0
trunk_6,heat,ZAE_LF,FLEVILLE,,,
north_1,heat,UVE_LUDRES,HOUDEMONT,,,
"""


def _ludres(tmp_path: Path, corridors: str, name: str):
    d = tmp_path / name
    shutil.copytree(LUDRES, d)
    (d / "corridors.csv").write_text(corridors, encoding="utf-8")
    scen = eitflow.read_scenario(d)
    solver = scen.params.solver.model_copy(update={"mip_gap": 0.0})
    return scen, eitflow.optimise(dataclasses.replace(scen, params=scen.params.model_copy(update={"solver": solver})))


def _heat_sizes() -> dict:
    """The catalogue's hot-water sizes as the data file states them: name -> (MW, W/m)."""
    raw = yaml.safe_load(resources.files("eitflow.data").joinpath("resources.yaml").read_text(encoding="utf-8"))
    net = raw["heat"]["network"]
    assert net["reference_temperature_c"] == 90    # the scenario's network runs at 90 degC: no scaling
    return {s["name"]: (s["capacity"], s["loss_w_per_m"]) for s in net["sizes"]}


def test_existing_pipes_of_the_ludres_backbone_lose_their_sizes_heat_by_hand(tmp_path):
    """trunk_5, an existing DN100 of 838.6 m carrying 4,405 MWh/yr, loses 30 W/m x 838.6 m x
    8,760 h = 220.4 MWh/yr (was 0), as a new DN100 on its route would; trunk_1 (3 MW, no size)
    loses as DN125, the smallest size carrying 3 MW (35.1 W/m: 374.1 MWh/yr), trunk_4 (40 GWh/yr
    = 4.57 MW) as DN150 (41.5 W/m: 553.8). The objective falls by what those losses cost, worked
    out from the lossless plan (the old model's): SAM's heat was all used but 333.4 MWh/yr, so
    trunk_1's 374.1 take 40.7 from SAM's direct link to PSV (78.86 EUR per MWh), and each pipe
    carries half its own loss further, paying its pumping (3,249.4 EUR/yr in all)."""
    scen, res = _ludres(tmp_path, EXISTING, "lossy")
    w = [str(p) for p in scen.warnings if p.column == "size"]
    assert len(w) == 2 and "DN125 (35.1 W/m)" in w[0] and "DN150 (41.5 W/m)" in w[1]
    sizes = _heat_sizes()
    cor = res.statistics.corridors().set_index("corridor_id")
    km = cor["length_km"]
    expect = {c: sizes[s][1] * 1000 * km[c] * H / 1e6 for c, s in
              (("trunk_1", "DN125"), ("trunk_4", "DN150"), ("trunk_5", "DN100"))}
    assert km["trunk_5"] == pytest.approx(0.8386, abs=1e-4)
    assert expect["trunk_5"] == pytest.approx(220.38, abs=0.01)
    assert expect["trunk_1"] == pytest.approx(374.13, abs=0.01)
    assert expect["trunk_4"] == pytest.approx(553.85, abs=0.01)
    for c, loss in expect.items():
        assert cor.at[c, "loss"] == pytest.approx(loss, rel=1e-9)
        # trunk_5's size as corridors.csv gave it (it read 'existing' before; the others were given a
        # capacity, no size); `existing` says it is in the ground
        given = {"trunk_5": "DN100"}.get(c, "existing")
        assert cor.at[c, "existing"] and cor.at[c, "sizing"] == "existing" and cor.at[c, "size"] == given
        assert cor.at[c, "investment_eur"] == 0 and cor.at[c, "pipe_cost_eur_per_yr"] == 0
        # an existing pipe's annual cost is its pumping alone (the pipe is paid for)
        assert cor.at[c, "annual_cost_eur_per_yr"] == pytest.approx(cor.at[c, "pumping_eur_per_yr"], rel=1e-12)
    assert cor.loc[list(expect), "catalogue_size"].tolist() == ["DN125", "DN150", "DN100"]
    # capacities: given (3 MW, 40 GWh/yr), or the size's (DN100: 1.95 MW)
    assert cor.loc[list(expect), "capacity"].tolist() == pytest.approx([3 * H, 40_000, sizes["DN100"][0] * H])
    # a new DN80 loses as before: 28.2 W/m x 2,651 m x 8,760 h
    assert cor.at["north_1", "loss"] == pytest.approx(28.2 * 1000 * km["north_1"] * H / 1e6, rel=1e-9)

    _, old = _ludres(tmp_path, LOSSLESS, "lossless")
    oc = old.statistics.corridors().set_index("corridor_id")
    assert oc.loc[list(expect), "loss"].tolist() == [0, 0, 0]
    assert oc["size"].to_dict() == {**cor["size"].to_dict(), **{c: "custom" for c in expect}}   # the same plan
    # each existing pipe carries half its own loss more (drawn at its far end), paying its pumping
    for c, loss in expect.items():
        assert cor.at[c, "flow"] == pytest.approx(oc.at[c, "flow"] + loss / 2, rel=1e-9)
    var = cor["pumping_eur_per_yr"] / cor["flow"]
    pumping = sum(var[c] * loss / 2 for c, loss in expect.items())
    m = old.statistics.matches()
    sam = m[m["supply_flow_id"] == "sam_heat"]
    spare = 16_330 - sam["amount"].sum()                      # SAM's heat the lossless plan leaves
    assert spare == pytest.approx(333.39, abs=0.01)
    v_psv = float(sam.loc[sam["sink_site"] == "PSV", "value_eur_per_unit"].iat[0])
    drop = pumping + (expect["trunk_1"] - spare) * v_psv       # UVE's heat is free and plentiful
    assert drop == pytest.approx(3_249.4, abs=0.1)
    assert old.objective - res.objective == pytest.approx(drop, rel=1e-6)


def test_an_unused_existing_pipe_loses_nothing(tmp_path):
    """A supply A serves B through a new corridor; an existing DN-L pipe A - C (1 km, 30 W/m:
    262.8 MWh/yr in service) leads to C, whose demand pays 0.1 EUR/MWh, less than the pumping
    (0.5 EUR/MWh/km): the pipe stays out of service, loses nothing, and the objective is the
    plan without it. The same pipe serving C at 90 EUR/MWh loses its 262.8 MWh/yr."""
    sites = {"site_id": ["A", "B", "C"], "lat": [45.0, 45.01, 44.99], "lon": [4.0, 4.0, 4.0]}
    flows = {"site_id": ["A", "B", "C"], "direction": ["supply", "demand", "demand"], "resource": "fluid",
             "amount": [30000.0, 8000.0, 6000.0], "unit": "MWh/yr", "price_eur_per_unit": [0.0, 90.0, 0.1]}
    corridors = {"resource": "fluid", "from": ["A", "A"], "to": ["B", "C"], "length_km": [1.0, 1.0],
                 "existing": [False, True], "size": ["", "L"]}
    res = eitflow.optimise(_scenario(sites, flows, corridors))
    half_s = 20 * 1000 * H / 1e6 / 2                 # 87.6 MWh/yr at each end of a new S on A - B
    value = 90.0 * 8000 - 0.5 * (8000 + half_s) - 200_000   # S carries 8,760 >= 8,087.6
    assert res.objective == pytest.approx(value, rel=1e-9)
    cor = res.statistics.corridors()
    assert cor["corridor_id"].tolist() == ["c2"]     # the existing pipe (c3) is not in use
    assert cor["loss"].tolist() == pytest.approx([2 * half_s])
    net = res.candidates.network
    assert net is not None and res.solution.option_built is not None
    ex = net.options["corridor"].to_numpy() == 1
    assert ex.sum() == 1 and not res.solution.option_built[ex].any()
    # served, it loses 262.8 MWh/yr (L, 30 W/m), half at each end
    half_l = 30 * 1000 * H / 1e6 / 2
    used = eitflow.optimise(_scenario(sites, {**flows, "price_eur_per_unit": [0.0, 90.0, 90.0]}, corridors))
    uc = used.statistics.corridors().set_index("corridor_id")
    assert uc.at["c3", "loss"] == pytest.approx(2 * half_l)
    assert uc.at["c3", "flow"] == pytest.approx(6000 + half_l)
    assert uc.at["c3", "catalogue_size"] == "L" and uc.at["c3", "size"] == "L"   # its given size ('existing' before)


# ------------------------------------------------------------------ brute force
def _brute_force(sites, flows, corridors):
    """max over every choice (a new corridor: none or one size; an existing one: out of
    service, or in service with its capacity and its size's loss, at no cost) of the LP with
    those choices fixed (scipy); written from the data, not from eitflow's model."""
    nodes = list(sites["site_id"])
    idx = {s: i for i, s in enumerate(nodes)}
    is_sup = np.array([d == "supply" for d in flows["direction"]])
    price = np.asarray(flows["price_eur_per_unit"], float)
    amt = np.asarray(flows["amount"], float)
    fnode = np.array([idx[s] for s in flows["site_id"]])
    names = ["S", "L"]
    choices = []
    for c in range(len(corridors["from"])):
        L = corridors["length_km"][c]
        if corridors["existing"][c]:
            k = names.index(corridors["size"][c]) if corridors["size"][c] else \
                min(i for i, s in enumerate(SIZES) if s[0] >= corridors["capacity"][c] * H - 1e-6)
            cap = corridors["capacity"][c] * H if np.isfinite(corridors["capacity"][c]) else SIZES[k][0]
            choices.append([None, (cap, 0.0, SIZES[k][2] * 1000 * L * H / 1e6)])
        else:
            choices.append([None] + [(cap, pm * 1000 * L, w * 1000 * L * H / 1e6) for cap, pm, w in SIZES])
    nf = len(price)
    best = -np.inf
    for pick in itertools.product(*choices):
        arcs, fixed, loss = [], 0.0, np.zeros(len(nodes))
        for c, ch in enumerate(pick):
            if ch is None:
                continue
            cap, F, lo = ch
            a, b = idx[corridors["from"][c]], idx[corridors["to"][c]]
            fixed += F
            loss[a] += lo / 2
            loss[b] += lo / 2
            arcs.append((a, b, 0.5 * corridors["length_km"][c], c, cap))
            if corridors["direction"][c] == "both":
                arcs.append((b, a, 0.5 * corridors["length_km"][c], c, cap))
        nv = nf + len(arcs)
        cobj = np.r_[price, [-a[2] for a in arcs]]
        A_eq = np.zeros((len(nodes), nv))
        for i in range(nf):
            A_eq[fnode[i], i] = 1.0 if is_sup[i] else -1.0
        for j, (a, b, *_r) in enumerate(arcs):
            A_eq[b, nf + j] += 1.0
            A_eq[a, nf + j] -= 1.0
        A_ub, b_ub = [], []
        for c in {a[3] for a in arcs}:
            row = np.zeros(nv)
            row[[nf + j for j, a in enumerate(arcs) if a[3] == c]] = 1.0
            A_ub.append(row)
            b_ub.append(next(a[4] for a in arcs if a[3] == c))
        bounds = [(0, amt[i]) for i in range(nf)] + [(0, None)] * len(arcs)
        r = linprog(-cobj, A_ub=np.array(A_ub) if A_ub else None, b_ub=b_ub or None, A_eq=A_eq, b_eq=loss,
                    bounds=bounds, method="highs")
        if r.status == 0:
            best = max(best, -r.fun - fixed)
    return best


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.slow
def test_networks_with_existing_pipes_equal_a_brute_force(seed):
    """Four sites, five corridors, one or two of them existing (a size, or a capacity of 0.3-2.5
    MW: S or L by the capacity), the others new with sizes S or L."""
    rng = np.random.default_rng(1000 + seed)
    sites, flows, _dirs = four_sites(rng, (20, 60))
    pairs = [(0, 1), (1, 2), (2, 3), (0, 2), (1, 3)]
    n = len(pairs)
    existing = np.zeros(n, bool)
    existing[rng.choice(n, size=int(rng.integers(1, 3)), replace=False)] = True
    by_size = existing & (rng.random(n) < 0.5)
    capacity = np.where(existing & ~by_size, np.round(rng.uniform(0.3, 2.5, n), 2), np.nan)
    corridors = {"resource": "fluid", "from": [f"S{a}" for a, _ in pairs], "to": [f"S{b}" for _, b in pairs],
                 "length_km": np.round(rng.uniform(0.3, 3.0, n), 2).tolist(),
                 "direction": list(rng.choice(["both", "forward"], n)), "existing": existing.tolist(),
                 "capacity": capacity.tolist(), "unit": ["MW" if np.isfinite(c) else "" for c in capacity],
                 "size": [str(rng.choice(["S", "L"])) if b else "" for b in by_size]}
    expected = _brute_force(sites, flows, corridors)
    res = eitflow.optimise(_scenario(sites, flows, corridors))
    assert res.objective == pytest.approx(expected, rel=1e-7, abs=1e-3)


def test_validate_says_the_size_an_existing_pipes_loss_is_reckoned_from():
    """Capacity alone: the smallest size carrying it (1.5 MW: L, 30 W/m), or the largest where
    none does (4 MW); a size given, or a network without W/m losses: no word."""
    sites = {"site_id": ["A", "B"], "lat": [45.0, 45.01], "lon": [4.0, 4.0]}
    flows = {"site_id": ["A", "B"], "direction": ["supply", "demand"], "resource": "fluid",
             "amount": [30000.0, 8000.0], "unit": "MWh/yr", "price_eur_per_unit": [0.0, 90.0]}
    corridors = {"resource": "fluid", "from": ["A", "A", "A"], "to": ["B", "B", "B"], "length_km": [1.0, 1.0, 1.0],
                 "existing": [True, True, True], "capacity": [1.5, 4.0, np.nan], "unit": ["MW", "MW", ""],
                 "size": ["", "", "S"]}
    scen = _scenario(sites, flows, corridors)
    w = [p for p in scen.warnings if p.column == "size"]
    assert [p.row for p in w] == [2, 3]
    assert "as that of L (30 W/m), the smallest pipe size of the fluid network carrying its capacity (1.5 MW)" \
        in str(w[0])
    assert "its capacity (4 MW) is more than any pipe size" in str(w[1]) and "the largest, L (30 W/m)" in str(w[1])
    dry = {**FLUID, "fluid": {**FLUID["fluid"], "base_unit": "t/yr", "network": {
        **FLUID["fluid"]["network"], "capacity_unit": "t/h"}}}
    quiet = eitflow.scenario_from_frames(pd.DataFrame(sites), pd.DataFrame({**flows, "unit": "t/yr"}),
                                         resources=dry, corridors=pd.DataFrame({**corridors, "unit": ["t/h", "t/h", ""]}))
    assert not [p for p in quiet.warnings if p.column == "size"]


def test_a_network_that_only_loses_heat_is_borne_by_its_supplier_by_hand():
    """A supply A (disposal avoided 7.2 EUR/MWh) whose only corridor is an existing 1 km pipe of
    size L (30 W/m) to a junction J, with no demand on the network: in service the pipe loses
    30 W/m x 1,000 m x 8,760 h = 262.8 MWh/yr, half at each end, so A injects 262.8 and 131.4
    flow to J. That pays: 7.2 x 262.8 = 1,892.16 EUR/yr of disposal avoided against 0.5 EUR per
    MWh and km of pumping on 131.4 = 65.70, net 1,826.46 (the README's "left in service only
    where losing L pays"). Such a network serves nobody but A: A bears its cost (its injection's
    figure after shares, network_shares.csv) and takes its result, and the network keeps no row
    of its own in companies; before, A's figure after shares was 1,892.16 (the exchanges' sum
    missed the pumping), network_shares.csv was empty and companies.csv kept a row for the
    network itself (found by a random check of every view against the objective)."""
    sites = {"site_id": ["A", "B"], "lat": [45.0, 45.2], "lon": [4.0, 4.0]}
    flows = {"site_id": ["A", "B"], "direction": ["supply", "demand"], "resource": "fluid",
             "amount": [18000.0, 5000.0], "unit": "MWh/yr", "price_eur_per_unit": [7.2, 80.0]}
    junctions = pd.DataFrame({"junction_id": ["J"], "lat": [45.009], "lon": [4.0]})
    corridors = {"resource": "fluid", "from": ["A"], "to": ["J"], "length_km": [1.0], "existing": ["yes"], "size": ["L"]}
    res = eitflow.optimise(eitflow.scenario_from_frames(
        pd.DataFrame(sites), pd.DataFrame(flows), resources=FLUID, corridors=pd.DataFrame(corridors),
        junctions=junctions, discount_rate=0.0, lifetime_years=1.0, carbon_price_eur_per_t=0.0,
        solver={"mip_gap": 0.0, "time_limit_s": 60.0}))
    st = res.statistics
    pumping = 0.5 * 131.4
    assert res.objective == pytest.approx(7.2 * 262.8 - pumping, rel=1e-9)   # 1,826.46
    assert st.totals()["network_cost_eur_per_yr"] == pytest.approx(pumping)
    L = st.links()
    assert L["kind"].tolist() == ["to_net"] and L["amount"].tolist() == pytest.approx([262.8])
    assert L["network_cost_share_eur_per_yr"].tolist() == pytest.approx([pumping])
    assert L["net_benefit_after_shares_eur_per_yr"].sum() == pytest.approx(res.objective, rel=1e-9)
    c = st.companies().set_index("site_id")
    assert c.index.tolist() == ["A"]
    assert c.at["A", "total_eur_per_yr"] == pytest.approx(res.objective, rel=1e-9)
    sh = st.network_shares()
    assert sh["site_id"].tolist() == ["A"] and sh["share"].tolist() == pytest.approx([1.0])
    assert sh["withdrawn"].tolist() == [0.0]
    assert sh["cost_share_eur_per_yr"].tolist() == pytest.approx([pumping])
    for rule in ("company", "sink", "source", "half"):
        assert st.zones(rule)["net_benefit_eur_per_yr"].sum() == pytest.approx(res.objective, rel=1e-9), rule
