"""`eitflow alternatives`' differences add up: an alternative's rows (exchanges added, removed and
changed, corridors, other changes) add up to its objective less the optimum's, to the cent.

Before, the rows were the exchanges added and removed alone: zae_example's rank 1 listed
+179,091 (the incinerator's heat to the greenhouses, added) and -143,049 (its steam to them,
removed), +36,042 EUR/yr, where the plan is 5,976 EUR/yr below the optimum: the incinerator's heat
to the dairy, kept in both plans, sends 15,154.8 then 14,582.5 MWh/yr and is worth 42,018 EUR/yr
less, and nothing said so.

The objectives' differences are checked against two solves of their own: the scenario, and the
scenario restricted to the alternative's links (`subset_candidates`: the best plan over exactly
those links is the alternative, which is the best plan not a superset of those before it), and on
a small random territory against a brute force (scipy's LP over each set of links, as
tests/test_analyses.py's)."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from scipy.optimize import linprog

from eitflow import build_candidates, optimise, scenario_from_frames
from eitflow.analyses.alternatives import k_best
from eitflow.analyses.common import link_labels, subset_candidates
from eitflow.cli.main import main
from eitflow.io.assemble import with_solver_options
from eitflow.io.read import read_scenario

ROOT = Path(__file__).resolve().parents[1]
DELTA = "net_benefit_after_shares_delta_eur_per_yr"
CO2_DELTA = "co2_after_shares_delta_t_per_yr"


def _exact(path: Path):
    scen = read_scenario(path)
    scen.params = with_solver_options(scen.params, {"mip_gap": 0.0})
    return scen


def _sums(diffs: pd.DataFrame, col: str) -> pd.Series:
    return diffs.groupby("rank")[col].sum()


def _parts(diffs: pd.DataFrame) -> pd.Series:
    """Per rank, what its rows add up to read as a user reads them: each exchange's figure after the
    shares in the alternative less in the optimum (a corridor's 0: its cost is in its deliveries'),
    and the other changes' row's own figure."""
    after = (diffs["net_benefit_after_shares_alternative_eur_per_yr"]
             - diffs["net_benefit_after_shares_optimum_eur_per_yr"])
    if DELTA in diffs:   # the other changes have no figure in either plan: their part alone
        assert np.allclose(diffs.loc[after.notna(), DELTA], after[after.notna()], atol=1e-6)
        after = after.fillna(diffs[DELTA])
    return after.groupby(diffs["rank"]).sum()


@pytest.mark.parametrize("name", ["zae_example", "redon_h2"])
def test_an_alternatives_rows_add_up_to_its_objective_less_the_optimums(name):
    scen = _exact(ROOT / "scenarios" / name / "scenario.yaml")
    cand = build_candidates(scen)
    ports, diffs = k_best(scen, k=3, candidates=cand)
    assert len(ports) == 4
    labels = link_labels(scen, cand)
    optimum = optimise(scen, candidates=cand, duals=False).summary["objective"]   # solve 1: the scenario
    sums = _parts(diffs)
    for r in ports.itertuples():
        if not r.rank:
            continue
        # solve 2: only the alternative's links, the best plan over them
        keep = np.isin(labels, r.links.split("; "))
        assert keep.sum() == r.n_links
        alone = optimise(scen, candidates=subset_candidates(cand, keep), duals=False).summary["objective"]
        assert sums[r.rank] == pytest.approx(alone - optimum, abs=0.01)
        assert sums[r.rank] == pytest.approx(r.objective - ports["objective"].iat[0], abs=0.01)
        # the CO2 avoided after the shares adds up to the plans' CO2 too
        assert _sums(diffs, CO2_DELTA)[r.rank] == pytest.approx(r.co2_avoided_t_per_yr - ports["co2_avoided_t_per_yr"].iat[0], abs=0.001)
    if name == "zae_example":   # the heat to the dairy, kept in both plans of rank 1, is listed
        row = diffs[(diffs["rank"] == 1) & (diffs["change"] == "changed")]
        assert list(row["sink_site"]) == ["LAIT_AV"] and list(row["source_site"]) == ["UVE_VDS"]
        assert row["amount_optimum"].iat[0] == pytest.approx(15154.8, abs=0.05)
        assert row["amount_alternative"].iat[0] == pytest.approx(14582.5, abs=0.05)
        # its part, and rank 1's rows: +179,091 - 143,049 - 42,018 = -5,976 EUR/yr
        assert row[DELTA].iat[0] == pytest.approx(-42018, abs=0.5)
        assert sums[1] == pytest.approx(-5976, abs=0.5)


# ------------------------------------------------------------------ a random territory
def _territory(seed: int):
    """4-6 sites, heat, each link with a fixed cost; solved exactly."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(4, 7))
    ids = [f"S{i}" for i in range(n)]
    sites = pd.DataFrame({"site_id": ids, "lat": 50.28 + rng.uniform(0, 0.03, n),
                          "lon": 3.96 + rng.uniform(0, 0.03, n)})
    sup = np.arange(n) < 2
    flows = pd.DataFrame({"site_id": ids, "direction": np.where(sup, "supply", "demand"), "resource": "heat",
                          "amount": np.round(rng.uniform(3000, 15000, n)), "unit": "MWh/yr",
                          "temperature_c": np.where(sup, 140, rng.uniform(50, 90, n).round()),
                          "price_eur_per_unit": np.where(sup, 0.0, rng.uniform(30, 50, n).round(1))})
    return scenario_from_frames(sites, flows, carbon_price_eur_per_t=100,
                                solver={"mip_gap": 0.0, "time_limit_s": 30})


def _brute_force(scen, cand) -> dict[frozenset, float]:
    """Each set of candidate links -> its net benefit (EUR/yr): an LP over the set less its fixed costs."""
    lk, f = cand.links, scen.flows
    v, fixed = lk["value_eur_per_unit"].to_numpy(), lk["fixed_eur_per_yr"].to_numpy()
    s, d, y = lk["supply"].to_numpy(), lk["demand"].to_numpy(), lk["yield"].to_numpy()
    rows = [(s == i).astype(float) for i in np.unique(s)] + [np.where(d == j, y, 0.0) for j in np.unique(d)]
    rhs = [f["amount"].iat[i] for i in np.unique(s)] + [f["amount"].iat[j] for j in np.unique(d)]
    out = {}
    for r in range(len(lk) + 1):
        for T in itertools.combinations(range(len(lk)), r):
            ub = np.zeros(len(lk))
            ub[list(T)] = lk["upper"].to_numpy()[list(T)]
            lp = linprog(-v, A_ub=np.array(rows), b_ub=rhs, bounds=list(zip(np.zeros(len(lk)), ub)), method="highs")
            out[frozenset(T)] = -lp.fun - fixed[list(T)].sum()
    return out


@pytest.mark.parametrize("seed", [13, 25, 36])   # seeds whose rows did not add up (kept links moved)
def test_the_rows_add_up_on_a_random_territory(seed):
    scen = _territory(seed)
    cand = build_candidates(scen)
    if not 2 <= len(cand.links) <= 9:
        pytest.skip("too few or too many candidate links for the brute force")
    ports, diffs = k_best(scen, k=3, within=1.0, candidates=cand)
    if len(ports) < 2:
        pytest.skip("no alternative")
    labels = link_labels(scen, cand)
    values = _brute_force(scen, cand)
    best = max(values.values())
    sums = _parts(diffs)
    for r in ports.itertuples():
        if not r.rank:
            continue
        T = frozenset(np.flatnonzero(np.isin(labels, r.links.split("; "))).tolist())
        # the brute force's value of the alternative's links less the best set's
        assert sums[r.rank] == pytest.approx(values[T] - best, abs=0.01)


# ------------------------------------------------------------------ the CSV and the table
def test_the_diff_csv_and_the_table_carry_the_same_rows_and_say_what_they_add_up_to(tmp_path):
    """zae_example in French: --diff-csv's rows per rank add up to the portfolios' objectives' difference
    to the cent (%.10g keeps 15,063,908.64 to the cent), its changed row is the table's "modifié" row, and
    the sentence under the table says each rank's sum: "rang 1 -5 976" (U+202F in the number)."""
    scen = str(ROOT / "scenarios" / "zae_example" / "scenario.yaml")
    p, d = tmp_path / "p.csv", tmp_path / "d.csv"
    out = CliRunner().invoke(main, ["alternatives", scen, "-k", "2", "--lang", "fr", "--csv", str(p), "--diff-csv", str(d)],
                             catch_exceptions=False)
    assert out.exit_code == 0, out.output
    ports, diffs = pd.read_csv(p), pd.read_csv(d)
    sums = _parts(diffs)
    for r in (1, 2):
        assert sums[r] == pytest.approx(ports["objective"].iat[r] - ports["objective"].iat[0], abs=0.01)
    assert set(diffs["change"]) <= {"added", "removed", "changed", "other"}
    text = CliRunner().invoke(main, ["alternatives", scen, "-k", "2", "--lang", "fr"], env={"COLUMNS": "150"},
                              catch_exceptions=False).output
    flat = re.sub("[ \n]+", " ", text)   # the sentence as one line (str.split would split at U+202F too)
    assert len(re.findall("modifié(?![es])", flat)) == int((diffs["change"] == "changed").sum())
    assert "rang 1 -5\u202f976 ; rang 2 -17\u202f062" in flat
    assert "15\u202f063\u202f909 €/an" in flat
    en = CliRunner().invoke(main, ["alternatives", scen, "-k", "2", "--lang", "en"], env={"COLUMNS": "150"},
                            catch_exceptions=False).output
    assert "rank 1 -5,976; rank 2 -17,062" in re.sub("[ \n]+", " ", en)


def test_an_other_changes_row_closes_what_no_listed_row_bears():
    """A plan whose totals move by what no exchange bears (a hub or a supply built with nothing to
    carry, a change under half a euro): one row of other changes with the rest, so the rows add up;
    none where they already do (to the cent)."""
    from types import SimpleNamespace

    from eitflow.analyses.altdiffs import reconcile

    def res(nb: float, co2: float):
        return SimpleNamespace(statistics=SimpleNamespace(totals=lambda: pd.Series(
            {"net_benefit_eur_per_yr": nb, "co2_avoided_t_per_yr": co2})))

    rows = [{DELTA: 100.0, CO2_DELTA: 1.0}, {DELTA: -250.0, CO2_DELTA: 0.5}]
    # the plan: 1,000 - 150 - 30 (a hub built idle) = 820 EUR/yr; CO2 as listed
    other = reconcile(1, rows, res(1000.0, 10.0), res(820.0, 11.5), "fr")
    assert len(other) == 1 and other[0]["change"] == "other" and other[0]["item"] == "other"
    assert other[0][DELTA] == pytest.approx(-30.0) and other[0][CO2_DELTA] == pytest.approx(0.0)
    assert other[0]["link"].startswith("autres changements")
    assert reconcile(1, rows, res(1000.0, 10.0), res(850.001, 11.5), "en") == []
