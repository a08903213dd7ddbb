"""`eitflow sweep`'s closing line says how far the runs that stopped at their limit are from
their bounds, with the same words and figures as the sweep report's status block (one function,
`report.sweep.gap_notes`): before, the terminal said only "2 feasible, 1 optimal"."""
from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner

from conftest import SCENARIO_YAML, write_scenario
from eitflow.cli.sweep import sweep_cmd


def _results() -> pd.DataFrame:
    # gaps 16.09 %, 4 % and 0: median 4.00 %, largest 16.09 % (by hand)
    df = pd.DataFrame({"run_id": ["r1", "r2", "r3"], "status": ["feasible", "feasible", "optimal"],
                       "objective": [14_537_816.24, 1_000.0, 2_000.0], "bound": [16_876_897.67, 1_041.67, 2_000.0],
                       "gap": [0.1609, 0.04, 0.0]})
    df.attrs.update(solved_now=3, resumed=0)
    return df


@pytest.mark.parametrize("lang, want", [
    ("fr", ["Écart entre chaque solution et sa borne : médian 4 %, le plus grand 16,09 %."]),
    ("en", ["Gap between each solution and its bound: median 4%, largest 16.09%."]),
])
def test_the_sweep_line_says_the_gaps_of_runs_stopped_at_their_limit(tmp_path, monkeypatch, lang, want):
    import eitflow.report.sweep as report_sweep
    import eitflow.sweep.run as sweep_run

    write_scenario(tmp_path / "scen", yaml_text=SCENARIO_YAML + ("lang: fr\n" if lang == "fr" else ""))
    sweep = tmp_path / "sweep.yaml"
    sweep.write_text("base: scen/scenario.yaml\ngrid:\n  carbon_price_eur_per_t: [0, 150, 300]\n", encoding="utf-8")
    monkeypatch.setattr(sweep_run, "run_sweep", lambda *a, **k: _results())
    monkeypatch.setattr(report_sweep, "write_sweep_report", lambda *a, **k: [])
    r = CliRunner().invoke(sweep_cmd, [str(sweep), "--out", str(tmp_path / "out"), "-q"])
    assert r.exit_code == 0, r.output
    flat = " ".join(r.output.split())
    for w in want:
        assert " ".join(w.split()) in flat, r.output


def test_an_all_optimal_sweep_says_no_gap_line(tmp_path, monkeypatch):
    import eitflow.report.sweep as report_sweep
    import eitflow.sweep.run as sweep_run

    write_scenario(tmp_path / "scen", yaml_text=SCENARIO_YAML)
    sweep = tmp_path / "sweep.yaml"
    sweep.write_text("base: scen/scenario.yaml\ngrid:\n  carbon_price_eur_per_t: [0]\n", encoding="utf-8")
    df = _results().iloc[[2]].copy()
    df.attrs.update(solved_now=1, resumed=0)
    monkeypatch.setattr(sweep_run, "run_sweep", lambda *a, **k: df)
    monkeypatch.setattr(report_sweep, "write_sweep_report", lambda *a, **k: [])
    r = CliRunner().invoke(sweep_cmd, [str(sweep), "--out", str(tmp_path / "out"), "-q"])
    assert r.exit_code == 0, r.output
    assert "Gap" not in r.output and "1 optimal" in r.output, r.output
