"""Pipe sizing by classes (`networks.<resource>.sizing: classes`): three lines, each through a
third of the catalogue's sizes, one binary per class and way. The lines by hand, a catalogue
of single-size classes against the discrete optimum worked out by hand, and random networks
against a brute force over every set of corridors and every class of each
(`network_cases.brute_force_lines`: an LP per choice, written from the data with scipy)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import eitflow
from eitflow.candidates.costs import linear_pipe_costs
from eitflow.catalogue import NetworkSpec
from network_cases import brute_force_lines, five_corridors, four_sites
from test_network import FLUID, _scenario

# six sizes, two per class: each class's line passes through its two points (by hand below)
SIX = [(0.5, 100.0, 10.0), (1.0, 150.0, 14.0), (2.0, 230.0, 18.0), (3.0, 290.0, 24.0), (5.0, 400.0, 30.0),
       (8.0, 520.0, 36.0)]   # (MW, EUR/m, W/m)
# (a EUR/m, b EUR/m per MW, c W/m, e W/m per MW, k_max MW)
LINES = [(50.0, 100.0, 6.0, 8.0, 1.0),      # 0.5-1 MW: slope 50/0.5, 4/0.5
         (110.0, 60.0, 6.0, 6.0, 3.0),      # 2-3 MW: slope 60, 6
         (200.0, 40.0, 20.0, 2.0, 8.0)]     # 5-8 MW: slope 120/3, 6/3
FLUID6 = {"fluid": {**FLUID["fluid"], "network": {
    **FLUID["fluid"]["network"],
    "sizes": [{"name": f"D{k}", "capacity": c, "investment_eur_per_m": p, "loss_w_per_m": w}
              for k, (c, p, w) in enumerate(SIX)]}}}


def test_class_lines_by_hand():
    got = linear_pipe_costs(NetworkSpec(capacity_unit="MW", sizes=FLUID6["fluid"]["network"]["sizes"]), 3)
    assert [tuple(lp)[:5] for lp in got] == [pytest.approx(x) for x in LINES]
    assert [lp.sizes for lp in got] == ["D0-D1", "D2-D3", "D4-D5"]   # corridors.csv's `size` of a corridor on each
    # given out of order, the same classes; one class is the least-squares line of them all
    shuffled = [FLUID6["fluid"]["network"]["sizes"][k] for k in (3, 0, 5, 1, 4, 2)]
    assert [tuple(lp)[:5] for lp in linear_pipe_costs(NetworkSpec(capacity_unit="MW", sizes=shuffled), 3)] == [
        pytest.approx(x) for x in LINES]
    one = linear_pipe_costs(NetworkSpec(capacity_unit="MW", sizes=shuffled), 1)
    cap, inv = np.array([s[0] for s in SIX]), np.array([s[1] for s in SIX])
    slope = ((cap - cap.mean()) * (inv - inv.mean())).sum() / ((cap - cap.mean()) ** 2).sum()
    assert len(one) == 1 and one[0].b_eur_per_m_per_cap == pytest.approx(slope)
    # two sizes make two classes, each a flat line at its size
    two = linear_pipe_costs(NetworkSpec(**FLUID["fluid"]["network"]), 3)
    assert [tuple(lp)[:5] for lp in two] == [pytest.approx((200.0, 0.0, 20.0, 0.0, 1.0)),
                                            pytest.approx((420.0, 0.0, 30.0, 0.0, 3.0))]


def test_single_size_classes_give_the_discrete_optimum_by_hand():
    """FLUID's two sizes as classes are the sizes themselves (flat lines): the backbone A - B - C
    of `test_network.test_one_backbone_by_hand` has its optimum, 658,678.9 EUR/yr (A-B large,
    B-C small), and corridors.csv says which class each took."""
    sites = {"site_id": ["A", "B", "C"], "lat": [45.0, 45.01, 45.02], "lon": [4.0, 4.0, 4.0]}
    flows = {"site_id": ["A", "B", "C"], "direction": ["supply", "demand", "demand"], "resource": "fluid",
             "amount": [30000.0, 8000.0, 6000.0], "unit": "MWh/yr", "price_eur_per_unit": [2.0, 90.0, 90.0]}
    corridors = {"resource": "fluid", "from": ["A", "B"], "to": ["B", "C"], "length_km": [1.0, 1.0]}
    res = eitflow.optimise(_scenario(sites, flows, corridors, networks={"fluid": {"sizing": "classes"}}))
    assert res.objective == pytest.approx(658_678.9, abs=0.05)
    cor = res.statistics.corridors().set_index("corridor_id")
    assert cor["pipe_cost_eur_per_yr"].tolist() == pytest.approx([420_000.0, 200_000.0])
    assert cor["catalogue_size"].tolist() == ["L", "S"]
    assert res.summary["networks"]["by_resource"]["fluid"]["sizing"] == "classes"
    # `size` names the class (here a single size), not 'linear' as it did
    assert cor["size"].tolist() == ["L", "S"]


def _random_classes(seed: int):
    """Four sites and five corridors of the random networks of `test_network_linear`, their
    amounts 2-6 times larger, so that the corridors need every class (0.5-14 MW)."""
    rng = np.random.default_rng(202 + seed)
    sites, flows, _ = four_sites(rng, (60, 90))
    flows = dict(flows, amount=np.round(np.asarray(flows["amount"], float) * rng.uniform(2, 6), 1))
    return sites, flows, five_corridors(rng)


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.slow
def test_random_class_networks_equal_a_brute_force(seed):
    sites, flows, corridors = _random_classes(seed)
    expected = brute_force_lines(sites, flows, corridors, LINES)
    params = {"discount_rate": 0.0, "lifetime_years": 1.0, "carbon_price_eur_per_t": 0.0,
              "solver": {"mip_gap": 0.0, "time_limit_s": 60.0}, "networks": {"fluid": {"sizing": "classes"}}}
    scen = eitflow.scenario_from_frames(pd.DataFrame(sites), pd.DataFrame(flows), resources=FLUID6,
                                        corridors=pd.DataFrame(corridors), **params)
    res = eitflow.optimise(scen)
    assert res.objective == pytest.approx(expected, rel=1e-7, abs=1e-3)
    # the classes the plan uses are priced on their own lines: every corridor's estimate is the
    # line of the smallest class carrying it or a larger one, never below the cheapest line
    cor = res.statistics.corridors()
    assert len(cor) and (cor["sizing"] == "classes").all()
    # each says its class ('linear' before), which carries its capacity: D0-D1 up to 1 MW, D2-D3 3, D4-D5 8
    kmax = {"D0-D1": 1.0, "D2-D3": 3.0, "D4-D5": 8.0}
    assert cor["size"].isin(list(kmax)).all(), cor["size"].tolist()
    assert (cor["capacity_rated"] <= cor["size"].map(kmax) * (1 + 1e-9)).all()


def test_the_run_the_report_and_the_brief_say_classes(tmp_path):
    """The random network of seed 0 above as files: `eitflow run` says the network is sized by
    classes, and its catalogue price; the report's note says how (three lines) and the brief
    the same words, in English and French. The percentage is corridors.csv's catalogue cost
    over its estimate (pumping in both), read back from the run directory."""
    import yaml
    from click.testing import CliRunner

    from eitflow.cli.main import main
    from eitflow.report.brief import render_brief
    from eitflow.report.html import write_report
    from eitflow.results.rundir import read_run

    sites, flows, corridors = _random_classes(0)
    for name, table in (("sites", sites), ("flows", flows), ("corridors", corridors)):
        pd.DataFrame(table).to_csv(tmp_path / f"{name}.csv", index=False)
    (tmp_path / "resources.yaml").write_text(yaml.safe_dump(FLUID6), encoding="utf-8")
    scen = {"name": "classes", "sites": "sites.csv", "flows": "flows.csv", "corridors": "corridors.csv",
            "resources": "resources.yaml", "discount_rate": 0.0, "lifetime_years": 1.0,
            "carbon_price_eur_per_t": 0.0, "solver": {"mip_gap": 0.0}, "networks": {"fluid": {"sizing": "classes"}}}
    (tmp_path / "scenario.yaml").write_text(yaml.safe_dump(scen), encoding="utf-8")
    for lang, sized, how in (("en", "sized by classes of pipe sizes", "three straight lines, each through a third"),
                             ("fr", "dimensionné par classes de diamètres", "trois droites, chacune passant par un tiers")):
        out = tmp_path / f"run_{lang}"
        r = CliRunner().invoke(main, ["run", str(tmp_path / "scenario.yaml"), "--out", str(out), "--lang", lang])
        assert r.exit_code == 0, r.output
        data = read_run(out)
        cor = data.corridors
        cost = float(cor["catalogue_annual_cost_eur_per_yr"].sum())
        est = float(cor["annual_cost_eur_per_yr"].sum())
        nw = data.summary["networks"]["by_resource"]["fluid"]
        assert cost > est and nw["sizing"] == "classes"
        # summary.json's totals are corridors.csv's (the report and the brief read both)
        assert nw["annual_cost_eur_per_yr"] == pytest.approx(est, rel=1e-9)
        assert nw["catalogue_annual_cost_eur_per_yr"] == pytest.approx(cost, rel=1e-9)
        pct = f"{100 * (cost / est - 1):.0f}"
        line = next(x for x in r.output.splitlines() if sized in x)
        assert f" {pct}" in line, (pct, line)
        write_report(out, lang=lang)
        html = (out / "report.html").read_text(encoding="utf-8")
        assert how in html and f"{sized}, " in html, lang   # the note, as the terminal and the brief
        # each corridor by the catalogue size it rounds up to, said sized by classes
        assert (cor["sizing"] == "classes").all()
        label = "sized by classes" if lang == "en" else "dimensionnement par classes"
        assert all(f"{z} ({label})" in html for z in cor["catalogue_size"]), lang
        assert f"({sized})" in render_brief(data, lang)


@pytest.mark.parametrize("monthly", [False, True])
def test_cbc_solves_a_network_of_classes_and_gets_the_same_optimum(monthly):
    """The backbone above with `--solver cbc`: a two-way corridor of a linear or classes sizing
    has one option per way and class, whose K <= K_max y rows were all named
    'corridor_<id>_capacity_max': PuLP refused the model ('overlapping constraint names'). The
    same optimum by hand, 658,678.9 EUR/yr (flat monthly profiles change nothing)."""
    sites = {"site_id": ["A", "B", "C"], "lat": [45.0, 45.01, 45.02], "lon": [4.0, 4.0, 4.0]}
    flows = {"site_id": ["A", "B", "C"], "direction": ["supply", "demand", "demand"], "resource": "fluid",
             "amount": [30000.0, 8000.0, 6000.0], "unit": "MWh/yr", "price_eur_per_unit": [2.0, 90.0, 90.0]}
    if monthly:
        flows["monthly_profile"] = [";".join(["0.0833333333333333"] * 11 + ["0.0833333333333337"])] * 3
    corridors = {"resource": "fluid", "from": ["A", "B"], "to": ["B", "C"], "length_km": [1.0, 1.0]}
    scen = _scenario(sites, flows, corridors, networks={"fluid": {"sizing": "classes"}},
                     solver={"name": "cbc", "mip_gap": 0.0, "time_limit_s": 60.0})
    from eitflow.candidates.generate import build_candidates
    from eitflow.model.build import build_arrays
    from eitflow.model.pulp_model import to_pulp

    arr = build_arrays(scen, build_candidates(scen))
    names = list(arr.row_names)
    assert len(names) == len(set(names))
    to_pulp(arr)   # what `run --export-lp` writes, with or without months
    res = eitflow.optimise(scen)
    assert res.summary["solver"] == "cbc"
    assert res.objective == pytest.approx(658_678.9, abs=0.05)
