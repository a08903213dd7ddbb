"""The brief's "optimal, to within" sentence wrote its gap at two fixed decimals ("à 0,10 % près")
where the status line, the report and every other sentence write "0,1 %" (`i18n.gap_percent`)."""
from __future__ import annotations

import pytest

from eitflow.report.briefstatus import brief_status

NB = "\u202f"   # the narrow no-break space Babel puts between a French figure and its %


@pytest.mark.parametrize("gap, fr, en", [
    (0.001, "à 0,1 % près", "to within 0.1%"),          # a run's target, reached at it
    (0.0125, "à 1,25 % près", "to within 1.25%"),
    (0.02, "à 2 % près", "to within 2%"),
])
def test_the_briefs_optimal_sentence_writes_its_gap_as_every_gap(gap, fr, en):
    s = {"status": "optimal", "objective": 1_000.0, "gap": gap, "objective_name": "net_benefit",
         "counts": {"chosen_links": 3}}
    said_fr = brief_status(s, "fr").replace(NB, " ").replace("\u00a0", " ")
    said_en = brief_status(s, "en").replace(NB, " ").replace("\u00a0", " ")
    assert fr in said_fr, said_fr
    assert en in said_en, said_en


def test_a_gap_under_what_two_decimals_show_is_not_said():
    s = {"status": "optimal", "objective": 1_000.0, "gap": 0.00004, "objective_name": "net_benefit",
         "counts": {"chosen_links": 3}}
    assert "près" not in brief_status(s, "fr") and "within" not in brief_status(s, "en")
