"""`eitflow compare` of two runs whose link between one pair changed its transport: a carbon
price flips the good from truck to pipe. The table already kept the two links apart (one
removed, one added), but the lines said 'removed: A -> B, good 100 -> 0 t/yr' and 'added:
A -> B, good 0 -> 100 t/yr', the same link twice; they now say 'good by truck' and 'good by
pipe' ('par camion', 'par canalisation'). Against a run written before the mode, the links of
one pair are one link (two rows each were matched twice)."""

from __future__ import annotations

import copy

import pandas as pd
import pytest
from click.testing import CliRunner

import eitflow
from eitflow.analyses.compare import compare_matches
from eitflow.bench.instances import GOOD_RESOURCE
from eitflow.cli.main import main
from eitflow.results.rundir import write_run

KM = 1 / 111.195   # degrees of latitude per km (haversine's Earth)


def _run(tmp_path, carbon_price: float):
    """Site A supplies 100 t/yr of `good` (price 0) and B uses 100 t/yr (60 EUR/t), 5 km apart.
    By truck: 5 EUR/t and 0.01 tCO2 per t and km; by pipe: 1,000 EUR/yr, no CO2; no
    investment, no CO2 avoided by the good itself. Per year, 100 t carried:

        truck: 100 x 60 - 100 x 5 - price x 100 x 5 x 0.01 = 5,500 - 5 x price EUR/yr
        pipe:  100 x 60 - 1,000                               = 5,000 EUR/yr

    so at a carbon price of 0 the truck (5,500), at 200 EUR/tCO2 the pipe (5,000 against 4,500).
    One mode carries it all (a pipe's fixed cost on part of the good is never better)."""
    res = copy.deepcopy(GOOD_RESOURCE)
    g = res["good"]
    g["transport"].update(var_cost_eur_per_unit=5.0, co2_t_per_unit_km=0.01)
    g["alternatives"] = [dict(g["transport"], mode="pipe", var_cost_eur_per_unit=0.0, co2_t_per_unit_km=0.0,
                              fixed_cost_eur_per_yr=1000.0)]
    sites = pd.DataFrame({"site_id": ["A", "B"], "lat": [45.0, 45.0 + 5 * KM], "lon": [4.0, 4.0]})
    flows = pd.DataFrame({"site_id": ["A", "B"], "direction": ["supply", "demand"], "resource": "good",
                          "amount": [100.0, 100.0], "unit": "t/yr", "price_eur_per_unit": [0.0, 60.0]})
    scen = eitflow.scenario_from_frames(sites, flows, None, res, discount_rate=0.0, lifetime_years=1.0,
                                        carbon_price_eur_per_t=carbon_price, solver={"mip_gap": 0.0})
    return write_run(eitflow.optimise(scen), tmp_path / f"carbon{carbon_price:g}")


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("modes")
    return _run(tmp, 0.0), _run(tmp, 200.0)


def test_the_runs_are_as_worked_out(runs):
    for run, mode, net in zip(runs, ("truck", "pipe"), (5500.0, 5000.0)):
        m = pd.read_csv(run / "matches.csv")
        assert list(m["mode"]) == [mode] and list(m["amount"]) == [100.0]
        assert m["net_benefit_eur_per_yr"].iloc[0] == pytest.approx(net, abs=1e-6)


@pytest.mark.parametrize("lang, truck, pipe", [("en", "good by truck", "good by pipe"),
                                               ("fr", "good par camion", "good par canalisation")])
def test_compare_says_a_truck_removed_and_a_pipe_added(runs, tmp_path, lang, truck, pipe):
    a, b = runs
    out = CliRunner().invoke(main, ["compare", str(a), str(b), "--lang", lang, "--csv", str(tmp_path / "d.csv")])
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    if lang == "en":
        assert "links added: 1, removed: 1, with another amount: 0, unchanged: 0" in lines
        assert "  removed: A -> B, good by truck 100 -> 0 t/yr, -5,500 EUR/yr" in lines
        assert "  added: A -> B, good by pipe 0 -> 100 t/yr, +5,000 EUR/yr" in lines
    else:
        assert "  retirée : A -> B, good par camion 100 -> 0 t/an, -5\u202f500 €/an" in lines
        assert "  ajoutée : A -> B, good par canalisation 0 -> 100 t/an, +5\u202f000 €/an" in lines
    assert sum(truck in x for x in lines) == 1 and sum(pipe in x for x in lines) == 1
    d = pd.read_csv(tmp_path / "d.csv")
    got = {(r["mode"], r["change"], r["amount_a"], r["amount_b"]) for _, r in d.iterrows()}
    assert got == {("truck", "removed", 100.0, 0.0), ("pipe", "added", 0.0, 100.0)}


def test_a_run_written_before_the_mode_still_compares(runs, tmp_path):
    """Without matches.csv's mode in run A, the pair's link is one link: 100 t/yr in both runs,
    its benefit 5,500 -> 5,000 EUR/yr; no mode is said (A's is not known)."""
    import shutil

    from eitflow.analyses.compare import compare_runs

    a, b = runs
    old = tmp_path / "old"
    shutil.copytree(a, old)
    m = pd.read_csv(old / "matches.csv", dtype=str, keep_default_na=False)
    m.drop(columns="mode").to_csv(old / "matches.csv", index=False)
    table, text = compare_runs(old, b)
    assert list(table["change"]) == ["unchanged"] and "mode" not in table
    assert list(table["net_benefit_delta_eur_per_yr"]) == [pytest.approx(-500.0)]
    assert "links added: 0, removed: 0, with another amount: 0, unchanged: 1" in text
    assert " by " not in text


def test_the_links_of_one_pair_are_one_link_against_a_run_without_the_mode():
    """Run A (no mode) carried 100 t by truck and 50 t by pipe between one pair (two rows, one
    key without the mode); run B the same with its modes. Each of A's rows was matched with each
    of B's: four rows, two of them 'changed' (100 against 50). Now the pair is one link of 150 t
    in both, unchanged, its figures the sums (5,000 + 2,000 EUR/yr)."""
    key = dict(source_site="A", sink_site="B", supply_resource="good", demand_resource="good",
               supply_flow_id="f1", demand_flow_id="f2", unit="t/yr")
    rows = [dict(key, amount=100.0, net_benefit_eur_per_yr=5000.0, co2_avoided_t_per_yr=1.0, mode="truck"),
            dict(key, amount=50.0, net_benefit_eur_per_yr=2000.0, co2_avoided_t_per_yr=0.5, mode="pipe")]
    b = pd.DataFrame(rows)
    a = b.drop(columns="mode")
    t = compare_matches(a, b)
    assert len(t) == 1 and t["change"].iloc[0] == "unchanged"
    assert (t["amount_a"].iloc[0], t["amount_b"].iloc[0]) == (150.0, 150.0)
    assert t["net_benefit_a_eur_per_yr"].iloc[0] == 7000.0 and t["co2_b_t_per_yr"].iloc[0] == 1.5
    # both runs with the mode: two links, each unchanged
    t2 = compare_matches(b, b)
    assert sorted(t2["mode"]) == ["pipe", "truck"] and set(t2["change"]) == {"unchanged"}


def test_a_change_that_rounds_to_nothing_is_plus_zero():
    """Two sweep runs whose net benefits differ by 1.2e-10 EUR/yr read '82,951 -> 82,951 EUR/yr
    (-0)': a change that shows as nothing has no minus sign."""
    from eitflow.analyses.compare import _signed

    assert _signed(-1.2e-10, "en") == "+0" and _signed(-0.4, "fr") == "+0"
    assert _signed(-0.6, "en") == "-1" and _signed(-10.0, "en") == "-10" and _signed(3.0, "en") == "+3"
    assert _signed(-0.04, "en", 1) == "+0.0" and _signed(-0.06, "en", 1) == "-0.1"
