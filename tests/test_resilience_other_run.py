"""`eitflow resilience SCEN --out RUN` refuses a scenario RUN was not made from, before any solve.

Before 2026-12-07 it wrote the closures of whatever scenario it was given into RUN (a note on
stderr said the objectives differ): `eitflow resilience scenarios/tavaux_h2/scenario.yaml --out
runs/redon_h2 --force`, then `eitflow report runs/redon_h2`, gave the Redon report a section "If a
company closes" listing the Jura companies of Tavaux, and its results.xlsx a sheet of them.

The scenario is test_resilience_deliverables.py's (`resil_gain_case`'s two suppliers; figures by
hand there): two suppliers S1, S2 of
4,000 MWh/yr of heat and two users D, E at 50 EUR/MWh; the plan S1->D + S2->E, 180,000 EUR/yr;
E closing loses 180,000 - 140,000 = 40,000 EUR/yr (S2->D alone), D closing 90,000 EUR/yr.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from eitflow.analyses.resilfile import read_resilience
from resil_gain_case import TWO_FLOWS as FLOWS
from resil_gain_case import cli as _cli
from resil_gain_case import two_suppliers


@pytest.fixture()
def run(tmp_path) -> tuple[Path, Path]:
    scen = two_suppliers(tmp_path / "a")
    _cli("run", scen, "--out", tmp_path / "run", "-q")
    return scen, tmp_path / "run"


def test_another_scenarios_closures_are_refused_before_any_solve(run, tmp_path):
    _, rd = run
    # another territory: E asks 60 EUR/MWh (its plan and its losses are another's)
    other = two_suppliers(tmp_path / "b", FLOWS.replace("E,demand,heat,4000,MWh/yr,70,50", "E,demand,heat,4000,MWh/yr,70,60"))
    r = _cli("resilience", other, "--out", rd, "--lang", "en", code=2)
    assert f"{rd} was not made from this scenario: its flows table is {tmp_path / 'a' / 'flows.csv'}" in r.output
    assert f"this scenario's is {tmp_path / 'b' / 'flows.csv'}" in r.output
    assert "Traceback" not in r.output and not (rd / "resilience.csv").exists()
    r = _cli("resilience", other, "--out", rd, "--lang", "fr", code=2)
    assert f"{rd} n'a pas été calculé à partir de ce scénario : sa table flows est" in r.output


def test_a_table_edited_since_the_run_is_refused(run):
    scen, rd = run
    flows = scen.parent / "flows.csv"
    flows.write_text(FLOWS.replace(",70,50", ",70,55"), encoding="utf-8")
    r = _cli("resilience", scen, "--out", rd, "--lang", "en", code=2)
    assert f"{rd} was made from an earlier {flows}: the file has changed since" in r.output
    assert not (rd / "resilience.csv").exists()


def test_the_runs_own_scenario_and_the_run_directory_are_taken(run):
    scen, rd = run
    _cli("resilience", scen, "--out", rd)
    df = read_resilience(rd).set_index("site_id")
    assert df.at["E", "net_benefit_lost_eur_per_yr"] == pytest.approx(40000.0)   # 180,000 - 140,000
    assert df.at["D", "net_benefit_lost_eur_per_yr"] == pytest.approx(90000.0)   # S2->E alone
    _cli("resilience", rd, "--out", rd, "--force")   # its inputs/ copies, byte for byte the run's
    assert read_resilience(rd).set_index("site_id").at["E", "net_benefit_lost_eur_per_yr"] == pytest.approx(40000.0)
