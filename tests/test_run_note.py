"""`eitflow run` said the status line and the totals, never the run's message when it had a
solution: with a time limit too short for one component of Hotmaps Meurthe-et-Moselle and
Moselle's heat network, "a component found no solution within the time limit: its links are left
off" (17 exchanges shown, the component's links missing) was in summary.json and the report
only; likewise "heat levels rounded to 20 K ...; objective and bound are the rounded model's".
The line under the status line now says it (`cli.common.echo_status`), in the run's language.
And the report's and the brief's status box read "Objectif 20 291 129 €/an. une composante ...":
the message, a sentence of its own, now starts with a capital.

The scenario, built by hand: one supply of heat at 120 degC (return 60) and two demands with
return temperatures, so the model has heat levels; `heat_level_max_columns: 1` forces them to be
rounded, which the message says."""

from __future__ import annotations

import json

from click.testing import CliRunner

from eitflow.cli.main import main
from eitflow.report.tables import status_words

SITES = "site_id,name,lat,lon\nS0,Papeterie,48.690,6.180\nS1,Serres,48.691,6.181\nS2,Piscine,48.692,6.180\n"
FLOWS = ("flow_id,site_id,direction,resource,amount,unit,temperature_c,return_temperature_c,price_eur_per_unit\n"
         "s0,S0,supply,heat,10000,MWh/yr,120,60,0\n"
         "d1,S1,demand,heat,4000,MWh/yr,80,50,40\n"
         "d2,S2,demand,heat,4000,MWh/yr,70,40,40\n")


def _scenario(tmp_path, extra=""):
    """The hand-built scenario above in tmp_path/scen (`extra`: YAML lines added); its path."""
    scen = tmp_path / "scen"
    scen.mkdir()
    (scen / "sites.csv").write_text(SITES, encoding="utf-8")
    (scen / "flows.csv").write_text(FLOWS, encoding="utf-8")
    (scen / "scenario.yaml").write_text("name: cascade\nsites: sites.csv\nflows: flows.csv\n" + extra,
                                        encoding="utf-8")
    return scen / "scenario.yaml"


def _run(tmp_path, lang):
    path = _scenario(tmp_path, "heat_level_max_columns: 1\n")
    out = tmp_path / "run"
    res = CliRunner().invoke(main, ["run", str(path), "--out", str(out), "--lang", lang])
    assert res.exit_code == 0, res.output
    return res.output.splitlines(), json.loads((out / "summary.json").read_text(encoding="utf-8"))


def test_run_says_the_message_of_a_run_with_a_solution_under_its_status_line(tmp_path):
    lines, summary = _run(tmp_path, "fr")
    assert summary["objective"] is not None and summary["heat_level_step_k"] > 0
    assert lines[0].startswith("statut : optimal")
    # the step said is summary.json's: one figure in both
    step = f"{summary['heat_level_step_k']:g}"
    assert lines[1].startswith(f"  note : niveaux de chaleur arrondis à {step} K ("), lines
    assert lines[1].endswith("l'objectif et la borne sont ceux du modèle arrondi"), lines
    assert lines[2].startswith("  2 échanges sur 2 candidats")


def test_run_says_no_note_where_the_run_has_no_message(tmp_path):
    res = CliRunner().invoke(main, ["run", str(_scenario(tmp_path)), "--out", str(tmp_path / "run")])
    assert res.exit_code == 0, res.output
    assert not [line for line in res.output.splitlines() if line.startswith("  note")], res.output


def test_the_status_box_starts_the_message_with_a_capital(tmp_path):
    _, summary = _run(tmp_path, "en")
    _, _, small = status_words(summary, "fr")
    assert " €/an ; borne " in small and ". Niveaux de chaleur arrondis à " in small, small
    _, _, small = status_words(summary, "en")
    assert " EUR/yr. Heat levels rounded to " in small, small


def test_resilience_counts_its_closures_on_stderr(tmp_path):
    """`eitflow resilience` re-solves the plan once per company closed (twice with the plan built,
    three times where corridors are generated): on Hotmaps Meurthe-et-Moselle and Moselle with a
    generated heat network, 26 companies took 1,190 s with `--time-limit 30`, and nothing was
    printed until the end. A line on stderr now counts the closures done. Here the papermill S0
    feeds both greenhouses S1 and S2 (2 exchanges, by hand: 10,000 MWh/yr for 4,000 + 4,000), so
    3 companies close: the line reaches 3/3."""
    res = CliRunner().invoke(main, ["resilience", str(_scenario(tmp_path, "lang: fr\n"))])
    assert res.exit_code == 0, res.output
    assert "fermetures (entreprise par entreprise) faites : 3/3" in res.stderr, res.stderr
    assert "fermetures" not in res.stdout   # the table stays on stdout, as it was


def test_zones_and_explain_say_the_runs_note_as_run_does(tmp_path):
    """`eitflow zones` and `eitflow explain` re-solve the scenario and printed only its status line,
    so an analyst running them alone never learnt that the heat levels were rounded (or a component
    left off). They now print the same note as `eitflow run`, from `cli.common.echo_status`: the
    run's line and theirs are the same two lines, word for word."""
    path = _scenario(tmp_path, "heat_level_max_columns: 1\n")
    (tmp_path / "r").mkdir()
    run, _ = _run(tmp_path / "r", "fr")
    assert run[1].startswith("  note : niveaux de chaleur arrondis à "), run
    for args in (["zones"], ["explain"]):
        res = CliRunner().invoke(main, [*args, str(path), "--lang", "fr"])
        assert res.exit_code == 0, res.output
        lines = res.output.splitlines()
        assert lines[:2] == run[:2], (args, lines[:3])


def test_compare_says_each_runs_note_as_run_does(tmp_path):
    """`eitflow compare A B` printed each run's status line and not its note, so a pair whose one
    run had its heat levels rounded (or a component left off for lack of time: its figures are
    not the optimum's) read like two plain optima. Run A is the scenario above as it is (no
    note), run B the same with `heat_level_max_columns: 1` (its levels rounded, which `eitflow
    run` says on its note line). compare now says B's note under B's line, the words `eitflow
    run` printed (`results.summary.run_note`, one function), in either language, and A none."""
    (tmp_path / "a").mkdir()
    run_a = tmp_path / "run_a"
    assert CliRunner().invoke(main, ["run", str(_scenario(tmp_path / "a")), "--out", str(run_a)]).exit_code == 0
    for lang, word in (("fr", "  note : niveaux de chaleur arrondis à "), ("en", "  note: heat levels rounded to ")):
        (tmp_path / lang).mkdir()
        lines, _ = _run(tmp_path / lang, lang)   # run B, written in tmp_path/<lang>/run
        run_b, note = tmp_path / lang / "run", lines[1]
        assert note.startswith(word), note   # what `eitflow run` said under its status line
        res = CliRunner().invoke(main, ["compare", str(run_a), str(run_b), "--lang", lang])
        assert res.exit_code == 0, res.output
        out = res.output.splitlines()
        assert out[0].startswith(f"A: {run_a} - ") and out[1].startswith(f"B: {run_b} - "), out[:3]
        assert out[2] == note, out[:4]
        # and the other way round: the note under A's line, B (plain) without one
        res = CliRunner().invoke(main, ["compare", str(run_b), str(run_a), "--lang", lang])
        out = res.output.splitlines()
        assert out[0].startswith(f"A: {run_b} - ") and out[1] == note and out[2].startswith(f"B: {run_a} - "), out[:4]
        assert not out[3].lstrip().startswith("note"), out[:4]


def test_the_note_wraps_to_the_terminal(tmp_path, monkeypatch):
    """The note under the status line was printed as one line whatever the terminal: in French,
    "  note : niveaux de chaleur arrondis à ... l'objectif et la borne sont ceux du modèle arrondi"
    ran on past 80 columns (the terminal folded it mid-word), where the sentences around the tables
    wrap (`cli.common.echo_wrapped`). Now, at COLUMNS=80: every line of it within 80 characters,
    its lines after the first under its text (4 spaces: the note's 2 and 2 more), and its words,
    put back together, those of the note printed into a pipe (no width: one line, as before)."""
    whole, _ = _run(tmp_path, "fr")   # into a pipe (COLUMNS unset by conftest): the note on one line
    note = whole[1]
    assert note.startswith("  note : ") and len(note) > 80, note   # a note longer than the terminal
    monkeypatch.setenv("COLUMNS", "80")
    (tmp_path / "w").mkdir()
    lines, _ = _run(tmp_path / "w", "fr")
    assert lines[0] == whole[0]   # the status line as it was
    k = next(i for i, x in enumerate(lines) if x.startswith("  2 échanges"))   # the line after the note
    wrapped = lines[1:k]
    assert len(wrapped) >= 2 and wrapped[0].startswith("  note : "), lines
    assert all(len(x) <= 80 for x in wrapped), wrapped
    assert all(x.startswith("    ") and not x.startswith("     ") for x in wrapped[1:]), wrapped
    assert " ".join(x.strip() for x in wrapped) == note.strip()
