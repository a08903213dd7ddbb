"""scenario.yaml's syntax slips said with their cause. PyYAML's own words ("mapping values are
not allowed here") said nothing of it, in English inside a French message: `name: Parc : ZAE`
(French typography puts a space before the colon), a key indented too far, a tab, a key without a
space after its colon. Each now gets what to do, in the message's language."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from eitflow.cli.main import main
from eitflow.errors import ScenarioError
from eitflow.io.yamlfile import load_yaml

BASE = "sites: sites.csv\nflows: flows.csv\n"


@pytest.mark.parametrize(("text", "row", "said"), [
    ("name: Parc : ZAE\n" + BASE, 1, "a ': ' inside a value (as in 'Parc : ZAE'), or a key indented more"),
    ("name: t\n" + BASE + "solver:\n  time_limit_s: 10\n   mip_gap: 0.01\n", 6, "Put such a value in quotes"),
    ("name: t\n" + BASE + "solver:\n\ttime_limit_s: 10\n", 5, "a tab: YAML indents with spaces only"),
    ("name: t\nsites:sites.csv\nflows: flows.csv\n", 3, "write sites: sites.csv, not sites:sites.csv"),
])
def test_a_syntax_slip_says_its_cause(tmp_path, text, row, said):
    (tmp_path / "scenario.yaml").write_text(text, "utf-8")
    with pytest.raises(ScenarioError) as e:
        load_yaml(tmp_path / "scenario.yaml", "scenario.yaml")
    (p,) = e.value.problems
    assert p.row == row and str(p.message).startswith("YAML syntax error: ") and said in str(p.message), str(p)


def test_other_syntax_errors_keep_pyyaml_words_alone(tmp_path):
    (tmp_path / "scenario.yaml").write_text("name: t\n" + BASE + "solver: {time_limit_s: 10\n", "utf-8")
    with pytest.raises(ScenarioError) as e:
        load_yaml(tmp_path / "scenario.yaml", "scenario.yaml")
    assert str(e.value.problems[0].message) == "YAML syntax error: expected ',' or '}', but got '<stream end>'"


def test_the_french_words(tmp_path):
    (tmp_path / "scenario.yaml").write_text("name: Parc : ZAE\nlang: fr\n" + BASE, "utf-8")
    res = CliRunner().invoke(main, ["validate", str(tmp_path / "scenario.yaml"), "--lang", "fr"])
    assert res.exit_code == 2 and "scenario.yaml, ligne 1 : erreur de syntaxe YAML : mapping values are not allowed " \
        "here; un « : » suivi d'une espace dans une valeur (comme dans « Parc : ZAE »)" in res.output, res.output
