"""Click's own usage errors (a mistyped option, a bad value, a missing argument, an unknown
command) are said in the run's language: `--lang`, else the scenario's or run directory's
`lang:`. Before, a French analyst who mistyped `--time-limit` read 'Usage: ... Error: No such
option' in English, while every other message of the command was French."""
from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from conftest import SCENARIO_YAML, write_scenario
from eitflow.cli.main import main as cli
from eitflow.cli.usage import CLICK_MESSAGES, _templates, say_click


def _err(args: list[str]) -> str:
    res = CliRunner().invoke(cli, args)
    assert res.exit_code == 2 and "Traceback" not in res.output, res.output
    return res.output


@pytest.fixture
def french(tmp_path):
    return write_scenario(tmp_path / "fr", yaml_text=SCENARIO_YAML + "lang: fr\n")


def test_a_french_scenarios_usage_errors_are_french(french, tmp_path):
    out = _err(["run", str(french), "--out", str(tmp_path / "o"), "--time-limt", "3"])
    assert out.splitlines() == [
        "Utilisation : main run [OPTIONS] SCENARIO",
        "Essayez 'main run --help' pour l'aide.",
        "",
        "Erreur : l'option '--time-limt' n'existe pas. Vouliez-vous dire '--time-limit' ?"], out
    out = _err(["run", str(french), "--out", str(tmp_path / "o"), "--time-limit", "abc"])
    assert out.splitlines()[-1] == "Erreur : valeur invalide pour '--time-limit' : 'abc' n'est pas un nombre.", out
    assert _err(["run", str(french)]).splitlines()[-1] == "Erreur : il manque l'option '--out'."
    out = _err(["runn", str(french)])
    assert out.splitlines()[0] == "Utilisation : main [OPTIONS] COMMAND [ARGS]...", out
    assert out.splitlines()[-1] == "Erreur : la commande 'runn' n'existe pas. Vouliez-vous dire 'run' ?", out
    # --lang says it, whatever the scenario; a wrong --lang is said in English (no language known)
    assert _err(["validate", str(tmp_path / "none.yaml"), "--lang", "fr", "--zzz"]).splitlines()[-1] == \
        "Erreur : l'option '--zzz' n'existe pas."
    assert _err(["pareto", str(french), "--points", "0"]).splitlines()[-1] == \
        "Erreur : valeur invalide pour '--points' : 0 n'est pas dans l'intervalle 1<=x<=200."
    assert _err(["compare", "nope", str(french), "--lang", "fr"]).splitlines()[-1] == \
        "Erreur : valeur invalide pour 'RUN_A' : le dossier 'nope' n'existe pas."


def test_english_and_unknown_languages_keep_clicks_words(french, tmp_path):
    english = write_scenario(tmp_path / "en")
    out = _err(["run", str(english), "--out", str(tmp_path / "o"), "--time-limt", "3"])
    assert out.splitlines() == ["Usage: main run [OPTIONS] SCENARIO", "Try 'main run --help' for help.", "",
                                "Error: No such option '--time-limt'. Did you mean '--time-limit'?"], out
    # --lang en wins over the scenario's French
    assert _err(["run", str(french), "--lang", "en", "--zzz"]).splitlines()[-1] == \
        "Error: No such option '--zzz'."
    assert _err(["run", "--zzz"]).splitlines()[-1] == "Error: No such option '--zzz'."


def test_a_french_run_directory_is_french_but_not_as_the_value_of_an_option(french, tmp_path):
    run = tmp_path / "run_fr"
    res = CliRunner().invoke(cli, ["run", str(french), "--out", str(run)])
    assert res.exit_code == 0, res.output
    assert _err(["report", str(run), "--zzz"]).splitlines()[-1] == "Erreur : l'option '--zzz' n'existe pas."
    # `--out run_fr` is where to write, not the scenario: the English scenario's language
    english = write_scenario(tmp_path / "en")
    assert _err(["run", str(english), "--out", str(run), "--zzz"]).splitlines()[-1] == \
        "Error: No such option '--zzz'."


def _click_errors() -> list[str]:
    """The messages the installed click raises for the mistakes eitflow's options can meet."""
    @click.command()
    @click.argument("scenario", type=click.Path(exists=True))
    @click.option("--n", type=int)
    @click.option("--x", type=float)
    @click.option("--r", type=click.FloatRange(min=0, min_open=True))
    @click.option("--lang", type=click.Choice(["fr", "en"]))
    @click.option("--only", type=click.Choice(["fr"]))
    @click.option("--f", type=click.Path(exists=True, dir_okay=False))
    @click.option("--d", type=click.Path(exists=True, file_okay=False))
    @click.option("--pair", nargs=2)
    @click.option("--flag", is_flag=True)
    @click.option("--out", required=True)
    def cmd(**kw):
        pass

    @click.group()
    @click.option("--v", is_flag=True)
    def grp(v):
        pass

    grp.add_command(cmd, "run")
    mistakes = [["run", ".", "--out", "o", *a] for a in (
        ["--nn"], ["--nope"], ["--n", "1.5"], ["--x", "a"], ["--r", "0"], ["--lang", "de"], ["--only", "de"],
        ["--f", "."], ["--d", "pyproject.toml"], ["--f", "nope"], ["--d", "nope"], ["--pair", "a"], ["--out"],
        ["--flag=1"], ["extra"], ["extra", "more"])] + [["run", "nope", "--out", "o"], ["run", "."], ["run"],
                                                        ["rnu"], ["--v"]]
    out = []
    for args in mistakes:
        with pytest.raises(click.UsageError) as err:
            grp.main(args, prog_name="eitflow", standalone_mode=False)
        out.append(err.value.format_message())
    return out


def _keys(msg: str) -> list[str]:
    """The templates `msg` is made of (a message inside a message: '{message} Did you mean')."""
    for pattern, key in _templates():
        m = pattern.fullmatch(msg)
        if m:
            return [key, *(_keys(m["message"]) if "message" in m.groupdict() else [])]
    return []


def test_every_message_the_installed_click_raises_is_said_in_french():
    """Each template matches what this click says (a newer click's new wording fails here, not
    silently in English), every French sentence is English-free and keeps the values."""
    said = {}
    for msg in _click_errors():
        fr = say_click(msg, "fr")
        assert fr != msg, msg
        assert not any(w in fr for w in ("No such", "Invalid", "Missing", "not", "does", "Did you", "requires",
                                         "unexpected", "is a ")), (msg, fr)
        for quoted in (w for w in msg.split() if w.startswith("'") and w.rstrip(".?,)").endswith("'")):
            assert quoted.rstrip(".?,)") in fr, (msg, fr)
        said.update(dict.fromkeys(_keys(msg), fr))
    # click 8.1's wording; a BadParameter raised without its parameter (click never does)
    unused = set(CLICK_MESSAGES) - set(said) - {"click_no_such_option_81", "click_invalid_value"}
    assert not unused, unused
    assert say_click("Missing command.", "fr") == "il manque la commande."
    assert say_click("No such option: --x", "fr") == "l'option --x n'existe pas"
    assert say_click("something click may say one day", "fr") == "something click may say one day"
