"""The brief said a command the way data/messages.csv writes it, between backquotes: fos_siting's
French brief read "il porte sur le territoire tel qu'il est (`eitflow site` les implante)" and a
linearly sized network's note "(`eitflow sizes` ; détail dans le rapport complet)", backquotes
printed on the page an elected official reads. They are now set as code (`report.style.e_ticked`),
the words unchanged; no backquote is left in the brief's text (the bundled scenarios' report.html
had none)."""
from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

import eitflow
from conftest import ROOT
from eitflow.report.brief import render_brief
from eitflow.report.style import e_ticked
from eitflow.results.rundir import read_run, write_run


def test_e_ticked_by_hand():
    # escaped first, then each pair of backquotes a <code>; a lone backquote stays as written
    assert e_ticked("a (`eitflow sizes` ; b)") == "a (<code>eitflow sizes</code> ; b)"
    assert e_ticked("<`x&y`> `z") == "&lt;<code>x&amp;y</code>&gt; `z"
    assert e_ticked("l'`a` et `b`") == "l&#x27;<code>a</code> et <code>b</code>"


@pytest.fixture(scope="module")
def fos(tmp_path_factory):
    return read_run(write_run(eitflow.run_file(ROOT / "scenarios" / "fos_siting" / "scenario.yaml"),
                              tmp_path_factory.mktemp("fos") / "run"))


@pytest.mark.parametrize(("lang", "said"), [("fr", "(<code>eitflow site</code> les implante)"),
                                            ("en", "(<code>eitflow site</code> places them)")])
def test_the_siting_note_sets_the_command_as_code(fos, lang, said):
    html = render_brief(fos, lang)
    assert said in html
    text = re.sub(r"<script.*?</script>|<style.*?</style>", "", html, flags=re.S)
    assert "`" not in text


def test_the_linear_note_sets_the_command_as_code(monkeypatch):
    """A linearly sized heat network (its catalogue cost 1,200,000 against an estimate of 1,000,000
    EUR/yr: 20 % more) whose plan at those sizes was solved again: its note names `eitflow sizes`."""
    import eitflow.report.networks as networks
    from eitflow.report.briefnotes import linear_note

    monkeypatch.setattr(networks, "linear_costs", lambda data: [("heat", 1_200_000.0, 1_000_000.0, None, "linear")])
    data = SimpleNamespace(summary={"networks": {"plan_at_catalogue": {"net_benefit_eur_per_yr": 3_000_000.0}}})
    for lang, said in (("fr", "(<code>eitflow sizes</code> ; détail"), ("en", "(<code>eitflow sizes</code>; details")):
        note = linear_note(data, lang)   # type: ignore[arg-type]
        assert said in note and "`" not in note, note
