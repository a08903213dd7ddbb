"""`--help` is said in the command line's language: a French scenario named on the line, or
`--lang fr`, or a French locale (LANG=fr_FR.UTF-8) when nothing on the line says one. Before,
every help text was English whatever the user's language; English help is unchanged."""
from __future__ import annotations

import csv
import inspect
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from conftest import SCENARIO_YAML, write_scenario
from eitflow.cli.main import LAZY_COMMANDS
from eitflow.cli.main import main as cli

TABLE = Path(__file__).resolve().parents[1] / "src" / "eitflow" / "data" / "help_fr.csv"
#: developers' commands, documented in English only (benchmarks/README.md)
ENGLISH_ONLY = ("bench",)
#: click's own words, said by helptext and not written in any command
CLICK_WORDS = ("Options", "Commands", "Show this message and exit.")


def _help(args: list[str]) -> str:
    res = CliRunner().invoke(cli, [*args, "--help"], terminal_width=80)
    assert res.exit_code == 0 and "Traceback" not in res.output, res.output
    return res.output


def _commands():
    """(path, command) of every user command, sub-commands of `import` included."""
    ctx = click.Context(cli, info_name="eitflow")
    out = [("", cli)]
    for name in cli.list_commands(ctx):
        if name in ENGLISH_ONLY:
            continue
        cmd = cli.get_command(ctx, name)
        out.append((name, cmd))
        if isinstance(cmd, click.Group):
            out += [(f"{name} {s}", cmd.get_command(ctx, s)) for s in cmd.list_commands(ctx)]
    return out


def _texts() -> set[str]:
    """Every English text the user commands show in their help: each paragraph of a command's
    text, each option's help, the one-line helps of the command list, click's own words."""
    out = set(CLICK_WORDS) | {one for name, (_, one) in LAZY_COMMANDS.items() if name not in ENGLISH_ONLY}
    for _, cmd in _commands():
        if cmd.help:
            out.update(p for p in inspect.cleandoc(cmd.help).partition("\f")[0].split("\n\n") if p.strip())
        out.update(p.help for p in cmd.params if isinstance(p, click.Option) and p.help)
    return out


def _table() -> list[dict[str, str]]:
    with TABLE.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_every_help_text_has_its_french_and_no_row_is_stale():
    rows = _table()
    french = {r["en"]: r["fr"] for r in rows}
    texts = _texts()
    assert sorted(texts - set(french)) == [], "help texts without a French row in help_fr.csv"
    assert sorted(set(french) - texts) == [], "rows of help_fr.csv for a text no command shows any more"
    assert len(french) == len(rows), "a text with two rows"
    for en, fr in french.items():
        assert fr.strip() and fr != en or en in ("Options",), en
        # what users type is never translated: options, command lines (not their comments), files
        for token in re.findall(r"--[a-z][a-z-]*|eitflow [^\n#]*[^\s#]|\b\w+\.(?:csv|yaml|json|png|svg|html)\b", en):
            assert token in fr, (token, fr)
        if en.startswith("\b"):   # printed as it is: the same lines
            assert fr.startswith("\b") and fr.count("\n") == en.count("\n"), fr


def test_help_is_french_for_a_french_scenario_lang_or_locale(tmp_path, monkeypatch):
    french = write_scenario(tmp_path / "fr", yaml_text=SCENARIO_YAML + "lang: fr\n")
    by_scenario = _help(["run", str(french)])
    by_lang = _help(["run", "--lang", "fr"])
    assert by_scenario == by_lang
    lines = by_lang.splitlines()
    assert lines[0] == "Utilisation : main run [OPTIONS] SCENARIO"
    assert "Options :" in lines
    assert "  -h, --help            Affiche cette aide et quitte." in lines
    row = {r["en"]: r["fr"] for r in _table()}
    # each option's French help, whole (its words rewrapped by click)
    flat = " ".join(by_lang.split())
    for p in cli.get_command(click.Context(cli), "run").params:
        if isinstance(p, click.Option) and p.help:
            assert " ".join(row[p.help].split()) in flat, p.help
    assert "[par défaut : 7 ; 1<=x<=200]" in _help(["pareto", "--lang", "fr"])

    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    top = _help([])
    assert "Commandes :" in top.splitlines() and "Commands:" not in top
    assert " ".join(row[LAZY_COMMANDS["explain"][1]].split()) in " ".join(top.split())
    assert _help(["run"]) == by_lang
    assert _help(["import", "hotmaps"]).startswith("Utilisation : main import hotmaps")
    # what the line says wins over the locale: --lang, or a scenario, English when it says none
    assert _help(["run", "--lang", "en"]).startswith("Usage: main run")
    english = write_scenario(tmp_path / "en")
    assert _help(["run", str(english)]).startswith("Usage: main run")


@pytest.mark.parametrize("path", [p for p, _ in _commands()])
def test_english_help_is_clicks_own(path):
    """In English every command's help is exactly what click's own context and formatter write."""
    cmd, ctx = cli, click.Context(cli, info_name="main", terminal_width=80, **cli.context_settings)
    for word in path.split():
        cmd = cmd.get_command(ctx, word)
        ctx = click.Context(cmd, info_name=word, parent=ctx)
    assert _help(path.split()) == cmd.get_help(ctx) + "\n"


@pytest.mark.parametrize("width", [60, 80, 100])
def test_french_help_never_starts_a_line_with_a_high_mark(width, monkeypatch):
    """French puts a space before ':' ';' '?' '!': click's wrapping must not break there and start a
    line with the mark ('(EUR/MWh' then '; la valeur...')."""
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    for path, _ in _commands():
        res = CliRunner().invoke(cli, [*path.split(), "--help"], terminal_width=width)
        assert res.exit_code == 0, res.output
        for line in res.output.splitlines():
            assert not line.lstrip().startswith((":", ";", "?", "!")), (path, line)
        assert "\xa0" not in res.output


def test_the_help_examples_name_files_that_exist():
    """Each example of `--help` can be typed as it is from the project's root: the scenarios it
    names are bundled (`sweep`'s named scenarios/sweeps/zae_carbon.yaml, which never existed),
    or made by an example before it (`import hotmaps ... --out scenarios/fr_heat`)."""
    root = Path(__file__).resolve().parents[1]
    examples = "\n".join(p for _, cmd in _commands() if cmd.help for p in inspect.cleandoc(cmd.help).split("\n\n")
                         if p.startswith("\b"))
    made = set(re.findall(r"--out (scenarios/\S+)", examples))
    named = set(re.findall(r"(?<![\w/])(scenarios/[\w./-]+\.(?:yaml|xlsx))", examples))
    assert named, examples
    missing = [p for p in sorted(named) if not (root / p).exists() and not any(p.startswith(m + "/") for m in made)]
    assert missing == [], missing
