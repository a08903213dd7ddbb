"""Linearised pipe sizing (`networks.<resource>.sizing: linear`): the fitted lines against the
catalogue table by hand, a backbone solved by hand, a brute force over every set of corridors
(an LP per set written from the data with scipy, not from eitflow's model), the rounding up
to a catalogue size after the solve, and which sizing `auto` picks."""

from __future__ import annotations

import numpy as np
import pytest

import eitflow
from eitflow.candidates.costs import linear_pipe_cost
from eitflow.catalogue import NetworkSpec
from network_cases import brute_force_lines, five_corridors, four_sites
from test_network import FLUID, H, _scenario

LINEAR = {"networks": {"fluid": {"sizing": "linear"}}}
# FLUID's two sizes, S (1 MW, 200 EUR/m, 20 W/m) and L (3 MW, 420 EUR/m, 30 W/m): the line
# through them is 90 + 110 K EUR/m and 15 + 5 K W/m (K in MW), up to 3 MW
A, B, C, E = 90.0, 110.0, 15.0, 5.0


def test_fitted_lines_by_hand():
    """Three sizes (1, 2, 3 MW at 100, 150, 230 EUR/m and 10, 12, 17 W/m): least squares by
    hand, mean K = 2, mean cost 160, sum (K - 2)(cost - 160) = 60 + 70 = 130 over sum (K - 2)^2
    = 2: slope 65, intercept 160 - 130 = 30; loss: slope 7 / 2 = 3.5, intercept 13 - 7 = 6.
    FLUID's two sizes give the line through them. A falling table clips at 0."""
    sizes = [{"name": f"D{k}", "capacity": k, "investment_eur_per_m": p, "loss_w_per_m": w}
             for k, p, w in ((1.0, 100.0, 10.0), (2.0, 150.0, 12.0), (3.0, 230.0, 17.0))]
    lp = linear_pipe_cost(NetworkSpec(capacity_unit="MW", sizes=sizes))
    assert (lp.a_eur_per_m, lp.b_eur_per_m_per_cap, lp.c_w_per_m, lp.e_w_per_m_per_cap, lp.k_max) == pytest.approx(
        (30.0, 65.0, 6.0, 3.5, 3.0))
    two = linear_pipe_cost(NetworkSpec(**FLUID["fluid"]["network"]))
    assert (two.a_eur_per_m, two.b_eur_per_m_per_cap, two.c_w_per_m, two.e_w_per_m_per_cap) == pytest.approx((A, B, C, E))
    # loss falling with size (40, 10 W/m at 1, 3 MW): slope -15 clipped to 0, intercept 55
    falling = [dict(s, loss_w_per_m=w) for s, w in zip(sizes[::2], (40.0, 10.0))]
    f = linear_pipe_cost(NetworkSpec(capacity_unit="MW", sizes=falling))
    assert (f.c_w_per_m, f.e_w_per_m_per_cap) == pytest.approx((55.0, 0.0))


def _line():
    sites = {"site_id": ["A", "B", "C"], "lat": [45.0, 45.01, 45.02], "lon": [4.0, 4.0, 4.0]}
    flows = {"site_id": ["A", "B", "C"], "direction": ["supply", "demand", "demand"], "resource": "fluid",
             "amount": [30000.0, 8000.0, 6000.0], "unit": "MWh/yr", "price_eur_per_unit": [2.0, 90.0, 90.0]}
    corridors = {"resource": "fluid", "from": ["A", "B"], "to": ["B", "C"], "length_km": [1.0, 1.0]}
    return sites, flows, corridors


def test_linear_backbone_by_hand():
    """The backbone A - B - C of `test_network.test_one_backbone_by_hand` (1 km each, load
    factor 1, no annuity) with linear sizing. Each corridor is sized exactly for what it
    carries (a larger K only costs 110,000 EUR/yr per MW): with its loss (15 + 5 K) x 8.76
    MWh/yr (K in MW) drawn half at each end, 8,760 K_BC = 6,000 + 4.38 (15 + 5 K_BC) and
    8,760 K_AB = 8,000 + 4.38 (15 + 5 K_AB) + 4.38 (15 + 5 K_BC) + 8,760 K_BC. After the
    solve, B-C (0.694 MW) rounds up to S (200,000 EUR/yr) and A-B (1.63 MW) to L (420,000)."""
    sites, flows, corridors = _line()
    res = eitflow.optimise(_scenario(sites, flows, corridors, **LINEAR))
    h = 1000 * H / 1e6 / 2                     # 4.38: MWh/yr at each end per W/m of 1 km
    k_bc = (6000 + h * C) / (H - h * E)
    k_ab = (8000 + 2 * h * C + h * E * k_bc + H * k_bc) / (H - h * E)
    x_ab, x_bc = H * k_ab, H * k_bc
    injected = x_ab + h * (C + E * k_ab)
    value = 2.0 * injected + 90.0 * 14000 - 0.5 * (x_ab + x_bc) - 2 * A * 1000 - B * 1000 * (k_ab + k_bc)
    assert (k_bc, k_ab) == pytest.approx((0.694167, 1.628215), abs=1e-6)
    assert value == pytest.approx(843_095.01, abs=0.01)
    assert res.objective == pytest.approx(value, rel=1e-9)
    cor = res.statistics.corridors().set_index("corridor_id")
    assert cor["sizing"].tolist() == ["linear", "linear"]
    assert cor["capacity"].to_numpy() == pytest.approx([x_ab, x_bc], rel=1e-7)
    assert cor["pipe_cost_eur_per_yr"].to_numpy() == pytest.approx(
        [A * 1000 + B * 1000 * k_ab, A * 1000 + B * 1000 * k_bc], rel=1e-7)
    # a corridor's annual cost is its pipe's and its pumping (0.5 EUR per unit carried)
    assert cor["annual_cost_eur_per_yr"].to_numpy() == pytest.approx(
        [A * 1000 + B * 1000 * k_ab + 0.5 * x_ab, A * 1000 + B * 1000 * k_bc + 0.5 * x_bc], rel=1e-7)
    assert cor["loss"].to_numpy() == pytest.approx([2 * h * (C + E * k_ab), 2 * h * (C + E * k_bc)], rel=1e-7)
    # rounded up to the catalogue: A-B needs more than S's 1 MW, so L; B-C fits in S
    assert cor["catalogue_size"].tolist() == ["L", "S"]
    assert cor["catalogue_annual_cost_eur_per_yr"].tolist() == pytest.approx([420_000.0 + 0.5 * x_ab,
                                                                              200_000.0 + 0.5 * x_bc])
    assert cor["catalogue_investment_eur"].tolist() == pytest.approx([420_000.0, 200_000.0])
    nw = res.summary["networks"]["by_resource"]["fluid"]
    assert nw["sizing"] == "linear"
    pumping = 0.5 * (x_ab + x_bc)
    assert nw["annual_cost_eur_per_yr"] == pytest.approx(cor["pipe_cost_eur_per_yr"].sum() + pumping, rel=1e-9)
    assert nw["catalogue_annual_cost_eur_per_yr"] == pytest.approx(620_000 + pumping, rel=1e-9)
    # the discrete model of the same data stays the default for a network this small
    assert eitflow.optimise(_scenario(sites, flows, corridors)).summary["networks"]["by_resource"]["fluid"][
        "sizing"] == "discrete"


def _brute_force_linear(sites, flows, corridors):
    """max over every set of corridors built of the LP with that set (`network_cases.
    brute_force_lines` with FLUID's one line: K <= 3 MW, 90 + 110 K EUR/m, 15 + 5 K W/m)."""
    return brute_force_lines(sites, flows, corridors, [(A, B, C, E, 3.0)])


def _random_linear(seed: int):
    rng = np.random.default_rng(101 + seed)
    sites, flows, _ = four_sites(rng, (60, 90))
    return sites, flows, five_corridors(rng)


@pytest.mark.parametrize("seed", range(4))
def test_random_linear_networks_equal_a_brute_force(seed):
    sites, flows, corridors = _random_linear(seed)
    expected = _brute_force_linear(sites, flows, corridors)
    res = eitflow.optimise(_scenario(sites, flows, corridors, **LINEAR))
    assert res.objective == pytest.approx(expected, rel=1e-7, abs=1e-3)


def test_directed_cuts_over_the_ways_keep_the_brute_force_optimum():
    """The directed cuts of a large linear network (single-node cuts of every node at once,
    then one maximum flow a round) on the random networks above: the model with them has the
    brute force's optimum, and they do cut (some rows added over the four)."""
    from eitflow.candidates.generate import build_candidates
    from eitflow.model.build import build_arrays
    from eitflow.solve.highs import solve_highs
    from eitflow.solve.netcuts import add_network_cuts

    added = 0
    for seed in range(4):
        sites, flows, corridors = _random_linear(seed)
        scen = _scenario(sites, flows, corridors, **LINEAR)
        arr = build_arrays(scen, build_candidates(scen))
        cut, info = add_network_cuts(arr, 20.0, 1, max_flow_nodes=1)
        added += info["cuts"]
        r = solve_highs(cut, scen.params.solver, 30)
        assert r.objective == pytest.approx(_brute_force_linear(sites, flows, corridors), rel=1e-7, abs=1e-3), seed
    assert added > 0


def test_auto_sizing_is_linear_above_15_candidate_corridors():
    """`auto` picks linear for the synthetic city's network (150 buildings: over 300 generated
    corridors) and discrete for FCNetLib-sized and smaller given ones (above)."""
    from eitflow.bench.netsynth import network_city
    from eitflow.candidates.network import LINEAR_ABOVE, build_network

    net, _ = build_network(network_city(n_sinks=150, n_sources=6))
    assert len(net.corridors) > LINEAR_ABOVE
    assert net.sizing == {"heat": "linear"}
    # generated corridors carry either way: one linear size per way each
    assert set(net.options["size"]) == {"linear"} and len(net.options) == 2 * len(net.corridors)
    assert (net.options.groupby("corridor")["way"].apply(sorted).map(tuple) == (0, 1)).all()


def test_a_small_generated_town_gets_its_network_within_the_gap_target():
    """12 buildings and a source, 31 generated corridors: `auto` sizes them linearly and the
    run ends within its 1 % gap target, at an objective within 1 % of plain HiGHS's on the
    same model proven to 0.01 % (an independent path: no cuts, no starts). With one binary
    per catalogue size (15 for hot water) the same town kept 13.1 % of gap after 30 s (and
    towns of 30 to 100 buildings found no network at all in 60 s)."""
    from eitflow.bench.netsynth import network_city
    from eitflow.candidates.generate import build_candidates
    from eitflow.model.build import build_arrays
    from eitflow.solve.driver import solve
    from eitflow.solve.highs import solve_highs

    scen = network_city(n_sinks=12, n_sources=1, seed=0, time_limit_s=40.0)
    cand = build_candidates(scen)
    sol = solve(scen, cand)
    assert sol.status == "optimal" and sol.gap <= 0.01
    assert len(cand.network.corridors) == 31 and cand.network.sizing == {"heat": "linear"}
    ref = solve_highs(build_arrays(scen, cand), scen.params.solver.model_copy(update={"mip_gap": 1e-4}), 120.0)
    assert ref.status == "optimal"
    assert sol.objective == pytest.approx(ref.objective, rel=0.01)
    assert sol.objective <= ref.objective + 1e-6 * abs(ref.objective)


def test_linear_sizing_in_the_run_directory_and_report(tmp_path):
    """The backbone above written out: corridors.csv keeps the sizing, the catalogue size and
    both costs (read back equal to the statistics'), and the report names each corridor by
    its catalogue size, stated as linear sizing, in English and French."""
    from eitflow.report.html import write_report
    from eitflow.results.rundir import read_run, write_run

    sites, flows, corridors = _line()
    res = eitflow.optimise(_scenario(sites, flows, corridors, **LINEAR))
    out = write_run(res, tmp_path / "run")
    data = read_run(out)
    cor = data.corridors.set_index("corridor_id")
    mine = res.statistics.corridors().set_index("corridor_id")
    assert cor["sizing"].tolist() == ["linear", "linear"] and cor["catalogue_size"].tolist() == ["L", "S"]
    for col in ("annual_cost_eur_per_yr", "catalogue_annual_cost_eur_per_yr", "capacity"):
        assert cor[col].to_numpy() == pytest.approx(mine[col].to_numpy(), rel=1e-9)
    assert data.summary["networks"]["by_resource"]["fluid"]["sizing"] == "linear"
    for lang, words in (("en", "(linear sizing)"), ("fr", "(dimensionnement linéaire)")):
        write_report(out, lang=lang)
        html = (out / "report.html").read_text(encoding="utf-8")
        assert f"L {words}" in html and f"S {words}" in html, lang



def test_run_says_what_a_linear_network_costs_at_catalogue_sizes(tmp_path):
    """`eitflow run` printed a linearly sized network's estimate (here 445,634 EUR/yr) and
    nothing else, where the report said the pipes it shows cost 41 % more (Meurthe-et-
    Moselle's generated network: 202,806 EUR/yr printed, 278,420 at catalogue sizes). The
    backbone by hand above, as files: at catalogue sizes L (A-B) and S (B-C) cost 620,000
    EUR/yr and 620,000 EUR, plus the pumping 0.5 EUR/MWh/km x (x_AB + x_BC) x 1 km; the
    estimate is 2 A 1000 + B 1000 (K_AB + K_BC) + the same pumping."""
    import pandas as pd
    import yaml
    from click.testing import CliRunner

    from eitflow.cli.main import main

    sites, flows, corridors = _line()
    for name, table in (("sites", sites), ("flows", flows), ("corridors", corridors)):
        pd.DataFrame(table).to_csv(tmp_path / f"{name}.csv", index=False)
    (tmp_path / "resources.yaml").write_text(yaml.safe_dump(FLUID), encoding="utf-8")
    scen = {"name": "backbone", "sites": "sites.csv", "flows": "flows.csv", "corridors": "corridors.csv",
            "resources": "resources.yaml", "discount_rate": 0.0, "lifetime_years": 1.0,
            "carbon_price_eur_per_t": 0.0, "solver": {"mip_gap": 0.0}}
    h = 1000 * H / 1e6 / 2
    k_bc = (6000 + h * C) / (H - h * E)
    k_ab = (8000 + 2 * h * C + h * E * k_bc + H * k_bc) / (H - h * E)
    pumping = 0.5 * H * (k_ab + k_bc)
    at_catalogue, estimate = 620_000 + pumping, 2 * A * 1000 + B * 1000 * (k_ab + k_bc) + pumping
    assert (round(at_catalogue), round(100 * (at_catalogue / estimate - 1))) == (630_172, 41)
    for sizing, said in (("linear", True), ("discrete", False)):
        (tmp_path / f"{sizing}.yaml").write_text(
            yaml.safe_dump({**scen, "networks": {"fluid": {"sizing": sizing}}}), encoding="utf-8")
        res = CliRunner().invoke(main, ["run", str(tmp_path / f"{sizing}.yaml"), "--out", str(tmp_path / sizing)])
        assert res.exit_code == 0, res.output
        line = "its pipes at the catalogue's sizes cost 630,172\u00a0EUR/yr and 620,000\u00a0EUR to build, 41% more"
        assert (line in res.output) is said, res.output
    fr = CliRunner().invoke(main, ["run", str(tmp_path / "linear.yaml"), "--out", str(tmp_path / "fr"), "--lang", "fr"])
    assert "aux diamètres du catalogue coûtent 630\u202f172\u00a0€/an et 620\u202f000\u00a0€ à construire, 41\u00a0% de plus" \
        in fr.output, fr.output
