"""results.xlsx of a run with a shared network (the Ludres backbone), read as an analyst reads
it (eitflow issue #15). Before: the summary sheet's directed-cuts row held raw JSON ('[{"batch":
0, "probe_s": 0.4434121869999217, "solved_by_probe": true}]') and a network's hubs '[]'; the
zones sheet did not say where a network whose corridors cross zones counts, which the report
and `eitflow zones` say. The sentence is the report's own (`zones_network_rule`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

import eitflow
import eitflow.i18n as i18n
from eitflow.report.workbook import write_results_workbook

LUDRES = Path(__file__).resolve().parents[1] / "scenarios" / "ludres_backbone"


@pytest.fixture(scope="module")
def result():
    return eitflow.run_file(LUDRES / "scenario.yaml")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_summary_sheet_says_its_lists_in_words(result, tmp_path, lang):
    wb = load_workbook(write_results_workbook(result, tmp_path / f"{lang}.xlsx", lang=lang))
    rows = {r[2]: r[1] for r in wb[i18n.text("sheet_summary", lang)].iter_rows(values_only=True)}
    cuts = result.summary["networks"]["cuts"]
    assert cuts and all(c.get("solved_by_probe") for c in cuts)   # Ludres: solved by the probe, no cuts
    said = rows["networks.cuts"]
    assert "{" not in said and "probe_s" not in said
    assert said.startswith("lot 0 : résolu sans coupes en " if lang == "fr" else "batch 0: solved without cuts in ")
    assert said.endswith(" s")
    assert rows["networks.by_resource.heat.hubs_on_network"] == ("aucun" if lang == "fr" else "none")
    assert not [k for k, v in rows.items() if isinstance(v, str) and v.startswith(("[", "{"))]


def test_the_zones_sheet_says_where_a_network_counts(result, tmp_path):
    wb = load_workbook(write_results_workbook(result, tmp_path / "fr.xlsx", lang="fr"))
    head = {c.value: c for c in wb["zones"][1]}
    note = head["règle de répartition"].comment
    assert note is not None and i18n.text("zones_network_rule", "fr") in note.text


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_cuts_of_several_batches_are_listed_with_the_languages_separator(lang):
    """Hotmaps Meurthe-et-Moselle and Moselle with a heat network: three batches, the French
    summary sheet read '... (0,65 s); lot 1 : ...', the English separator in a French sentence.
    The batches are now joined as every list of eitflow's sentences is (`list_sep`: ' ; ' in
    French). Expected strings written out by hand from messages.csv's cuts_said_* rows."""
    from eitflow.report.workbook import _list_words

    cuts = [{"batch": 0, "rounds": 9, "cuts": 77, "lp_before": 21823922.8, "lp_after": 19730216.4, "seconds": 0.6496},
            {"batch": 1, "probe_s": 13.974, "solved_by_probe": True}]
    nb = "\u202f"   # French thousands separator (narrow no-break space), as i18n.number writes it
    assert _list_words("networks.cuts", cuts, lang) == (
        f"lot 0 : 9 tours de coupes, 77 coupes, borne du LP 21{nb}823{nb}923 -> 19{nb}730{nb}216 (0,65 s) ; "
        "lot 1 : résolu sans coupes en 13,97 s" if lang == "fr" else
        "batch 0: 9 rounds of cuts, 77 cuts, LP bound 21,823,923 -> 19,730,216 (0.65 s); "
        "batch 1: solved without cuts in 13.97 s")
