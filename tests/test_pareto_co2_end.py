"""`eitflow pareto` does not claim what its CO2 solve did not prove.

dunkerque_dh's network at `--time-limit 0.3`: both end solves stopped with nothing found (the CO2
solve: 0 tCO2/yr, status feasible, bound 849,228 tCO2/yr), so the grid collapsed to one point
and the command said "un seul point : le plan du meilleur bénéfice net évite déjà le plus de
CO2 possible", which nothing had shown. A time limit is not reproducible in a test, so the CO2
solve's result is made to stop short here (its status and bound set as a time limit leaves
them) on the Ludres backbone, whose CO2 optimum is 69,398 MWh/yr x 0.252 tCO2/MWh =
17,488.3 tCO2/yr (test_network_analysis_outputs) and its run's CO2 16,132.9 tCO2/yr.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import eitflow.analyses.pareto as pareto
from eitflow.cli.analyses import COMMANDS

LUDRES = Path(__file__).resolve().parents[1] / "scenarios" / "ludres_backbone" / "scenario.yaml"
NB = ("\u202f", "\u00a0")


def _stopped_short(monkeypatch, objective: float | None, bound: float):
    real = pareto.optimise

    def solve(scen, *a, **kw):
        r = real(scen, *a, **kw)
        if kw.get("money") is False:   # the CO2 end's solve: as a time limit leaves it
            r.summary.update(status="feasible", bound=bound, gap=None,
                             objective=r.summary["objective"] if objective is None else objective)
        return r

    monkeypatch.setattr(pareto, "optimise", solve)


def _run(points: int) -> str:
    cmd = {c.name: c for c in COMMANDS}["pareto"]
    r = CliRunner().invoke(cmd, [str(LUDRES), "--points", str(points), "--lang", "fr", "--out", "."],
                           catch_exceptions=False)
    assert r.exit_code == 0, r.output
    out = r.output
    for c in NB:
        out = out.replace(c, " ")
    return out


def test_a_co2_end_found_nothing_better_is_not_said_the_most_there_is(monkeypatch, tmp_path):
    """The CO2 solve stopped with nothing above the run's 16,132.9 tCO2/yr (bound 20,000): one
    point, but not 'the plan of best net benefit already avoids the most CO2 there is'."""
    monkeypatch.chdir(tmp_path)
    _stopped_short(monkeypatch, objective=0.0, bound=20_000.0)
    out = _run(3)
    assert "évite déjà le plus de CO2 possible" not in out
    assert ("la résolution pour le plus de CO2 évité s'est arrêtée sans prouver son optimum (statut : réalisable) : "
            "le front s'arrête à 16 132,9 tCO2/an, alors que jusqu'à 20 000,0 tCO2/an pourraient être possibles") in out
    page = (tmp_path / "pareto.html").read_text(encoding="utf-8")
    assert "sans prouver son optimum" in page


def test_a_co2_end_not_proven_is_said_where_the_front_ends(monkeypatch, tmp_path):
    """The CO2 solve found the 17,488.3 tCO2/yr plan but stopped before proving it (bound
    18,000): the front is drawn to 17,488.3 and the command says up to 18,000 may be possible."""
    assert 69_398 * 0.252 == pytest.approx(17_488.296)
    monkeypatch.chdir(tmp_path)
    _stopped_short(monkeypatch, objective=None, bound=18_000.0)
    out = _run(2)
    assert "le front s'arrête à 17 488,3 tCO2/an, alors que jusqu'à 18 000,0 tCO2/an" in out, out


def test_a_proven_co2_end_says_nothing_more(tmp_path, monkeypatch):
    """Solved to the end (the backbone's two solves are optimal): no such note."""
    monkeypatch.chdir(tmp_path)
    assert "sans prouver son optimum" not in _run(2)
