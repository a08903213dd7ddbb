"""`eitflow compare` of a run against a sweep's run written with `outputs: tables` (matches.csv,
unmatched.csv and summary.json only, no zones.csv).

zae_example at 100 €/tCO2 against the sweep's run at 50 €/tCO2: the headline said -2,504,304
EUR/yr, and under it each of the four zones lost its whole benefit ("zone CA Maubeuge Val de
Sambre: -10,324,973 EUR/yr", ...), lines adding up to -15,063,909 EUR/yr, minus run A's whole
objective: the missing zones.csv was read as zones at 0. The zones are now said not compared,
naming the run without them; between two full runs the zone lines stay and add up to the
headline (each run's zones.csv sums to its summary.json total)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import eitflow
from eitflow.analyses.compare import compare_runs
from eitflow.io.swept import apply_parameters
from eitflow.results.rundir import write_run

ZAE = Path(__file__).resolve().parents[1] / "scenarios" / "zae_example" / "scenario.yaml"


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    from eitflow.cli.sweep import sweep_cmd

    root = tmp_path_factory.mktemp("cmp_sweep")
    a = write_run(eitflow.optimise(eitflow.read_scenario(ZAE)), root / "a")
    sweep = root / "sweep.yaml"
    sweep.write_text(f"base: {ZAE}\noutputs: tables\ngrid:\n  carbon_price_eur_per_t: [50]\n", encoding="utf-8")
    r = CliRunner().invoke(sweep_cmd, [str(sweep), "--out", str(root / "sw"), "--workers", "0", "-q"])
    assert r.exit_code == 0, r.output
    b = next((root / "sw" / "runs").iterdir())
    assert not (b / "zones.csv").exists() and (b / "matches.csv").exists()
    return a, b


def _zone_lines(text: str) -> list[str]:
    return [ln for ln in text.splitlines() if re.match(r"\s+zone ", ln)]


@pytest.mark.parametrize("lang, said", [
    ("en", "zones: not compared, B has no zones.csv"),
    ("fr", "zones : non comparées, B n'a pas de zones.csv"),
])
def test_a_sweep_run_without_zones_is_not_said_to_lose_every_zone(runs, lang, said):
    a, b = runs
    _, text = compare_runs(a, b, lang)
    assert said in text, text
    assert _zone_lines(text) == [], text
    _, text = compare_runs(b, a, lang)
    assert said.replace("B", "A") in text and _zone_lines(text) == [], text


def test_two_full_runs_still_compare_their_zones(runs, tmp_path):
    a, _ = runs
    scen = apply_parameters(eitflow.read_scenario(ZAE), {"carbon_price_eur_per_t": 50.0})
    b = write_run(eitflow.optimise(scen), tmp_path / "b")
    _, text = compare_runs(a, b, "en")
    assert "not compared" not in text and len(_zone_lines(text)) == 4, text
    # the zones' changes add up to the change of the whole (each run's zones.csv adds up to its total)
    za, zb = (pd.read_csv(Path(d) / "zones.csv") for d in (a, b))
    assert abs(zb["net_benefit_eur_per_yr"].sum() - za["net_benefit_eur_per_yr"].sum()
               - (eitflow.read_run(b).summary["totals"]["net_benefit_eur_per_yr"]
                  - eitflow.read_run(a).summary["totals"]["net_benefit_eur_per_yr"])) < 1.0
