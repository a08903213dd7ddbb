"""The sentences the analyses print above and under their tables wrap to the terminal's width
(COLUMNS), by one helper (`cli.common.echo_wrapped`): at 120 columns they ran to 169-203
characters ("RUN is a run directory ..."), 292 (a siting scenario's note), 127-141 ("Variantes
trouvées ...") and 133 (pareto's points of one plan) on one line each. Wrapped, every word stays,
in its order, and no number is cut from its unit."""
from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner

from conftest import ROOT


def _sentences(lang: str) -> dict[str, str]:
    """Each sentence as the commands say it, with the bundled scenarios' words and figures."""
    import eitflow.i18n as i18n
    from eitflow.analyses.pareto import same_plan_lines
    from eitflow.cli import views

    found = views.alternatives_found({"stop": "within", "found": 2, "asked": 5, "within": 0.1,
                                      "floor": 7_927_573.31, "unit": "EUR/yr"}, lang)
    same = same_plan_lines(pd.DataFrame({"point": range(7), "same_plan_as": [None, None, 1, 1, 1, 1, 1]}), lang)[0]
    run_dir = i18n.text("line_run_dir_read", lang, path="/home/analyste/etudes/dunkerque/runs/base-2026",
                        scen="/home/analyste/etudes/dunkerque/runs/base-2026/inputs/scenario.yaml", solver="highs",
                        gap="0,01" if lang == "fr" else "0.01", limit="300")
    siting = i18n.text("note_siting_plan", lang, command="explain", tables="activities.csv, plots.csv")
    return {"found": found, "same": same, "run_dir": run_dir, "siting": siting}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_each_sentence_wraps_to_120_columns_every_word_kept(lang, monkeypatch, capsys):
    from eitflow.cli.common import echo_wrapped

    monkeypatch.setenv("COLUMNS", "120")
    for name, s in _sentences(lang).items():
        assert len(s) > 120, (name, s)   # one line, too wide before
        echo_wrapped(s)
        out = capsys.readouterr().out
        lines = out.splitlines()
        assert len(lines) >= 2 and max(map(len, lines)) <= 120, (name, out)
        assert " ".join(out.split()) == " ".join(s.split()), name   # every word, in its order
    # a figure keeps its unit on its line: "7 927 573,31 €/an" is never cut before "€/an"
    echo_wrapped("x" * 112 + " 7\u202f927\u202f573,31 €/an")
    assert capsys.readouterr().out.splitlines()[-1] == "7\u202f927\u202f573,31 €/an"


def test_no_terminal_no_wrap(monkeypatch, capsys):
    """Written to a file or a pipe (no COLUMNS): a line a script reads stays whole."""
    from eitflow.cli.common import echo_wrapped

    monkeypatch.delenv("COLUMNS", raising=False)
    s = "word " * 60
    echo_wrapped(s)
    assert capsys.readouterr().out == s + "\n"


def test_explain_on_a_siting_scenario_wraps_its_note_at_120_columns():
    """fos_siting at 120 columns in French: its note (292 characters on one line) in lines of
    at most 120, as every line of the command's output."""
    from eitflow.cli.main import main

    out = CliRunner().invoke(main, ["explain", str(ROOT / "scenarios" / "fos_siting" / "scenario.yaml"), "--lang", "fr"],
                             env={"COLUMNS": "120"}, catch_exceptions=False).output
    assert "note : ce scénario a des activités" in out
    assert max(len(x) for x in out.splitlines()) <= 120, out
