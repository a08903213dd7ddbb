"""Every analysis says a solve's status in words in the user's language (`i18n.status_word`,
the one place): with --lang fr, no English status code ('feasible', 'time_limit') in what it
prints. Before, resilience's `status_fresh` column (a fresh run without the company) printed
'feasible' in a French table; other commands built the words themselves.

Every solve here is marked 'feasible' after it ends (a solution kept, its gap unproven), as a
time limit leaves it, so that a status is a word to translate: French 'réalisable'."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import eitflow.analyses.alternatives
import eitflow.analyses.closure
import eitflow.analyses.pareto
import eitflow.analyses.resilience
import eitflow.analyses.sizes
import eitflow.cli.analyses
from eitflow.cli.main import main
from eitflow.cli.tables import print_table
from eitflow.pipeline import optimise

LUDRES = Path(__file__).resolve().parents[1] / "scenarios" / "ludres_backbone" / "scenario.yaml"
CODES = re.compile(r"\b(feasible|infeasible|time_limit|time limit|not_solved)\b")


def _feasible(*args, **kwargs):
    res = optimise(*args, **kwargs)
    if res.summary.get("objective") is not None:
        res.summary["status"] = "feasible"
    return res


@pytest.fixture()
def feasible(monkeypatch):
    for mod in (eitflow.analyses.alternatives, eitflow.analyses.closure, eitflow.analyses.pareto,
                eitflow.analyses.resilience, eitflow.analyses.sizes, eitflow.cli.analyses):
        monkeypatch.setattr(mod, "optimise", _feasible)
    monkeypatch.setenv("COLUMNS", "200")


@pytest.mark.slow   # five commands on ludres_backbone: about 40 s in all
@pytest.mark.parametrize("args", [["resilience", "--fresh"], ["alternatives", "-k", "1"], ["sizes"],
                                  ["pareto", "--points", "2"], ["zones"]], ids=lambda a: a[0])
def test_an_analysis_says_statuses_in_french(feasible, tmp_path, args):
    extra = ["--out", str(tmp_path)] if args[0] == "pareto" else []
    out = CliRunner().invoke(main, [*args, str(LUDRES), "--lang", "fr", *extra], catch_exceptions=False)
    # resilience says a re-solve's status in plain words ("meilleur plan trouvé": `plan_status`), its
    # cell wrapped in two lines, "meilleur" / "plan trouvé"
    said = ("meilleur", "plan trouvé") if args[0] == "resilience" else ("réalisable",)
    assert all(w in out.output for w in said) or args[0] == "zones", out.output
    assert not CODES.search(out.output), CODES.search(out.output).group(0) + "\n" + out.output


def test_resilience_s_fresh_status_is_said_in_words(capsys, monkeypatch):
    """A resilience table by hand: its status and status_fresh columns in French words."""
    monkeypatch.setenv("COLUMNS", "200")
    df = pd.DataFrame({"site_id": ["UVE"], "objective_lost": [70_961.0], "status": ["time_limit"],
                       "objective_lost_fresh": [58_034.0], "status_fresh": ["feasible"]})
    print_table(df, "fr")
    out = capsys.readouterr().out
    assert "réalisable" in out and "temps écoulé" in out and not CODES.search(out), out
