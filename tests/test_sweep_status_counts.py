"""A sweep's runs counted by status (`report.sweep.status_counts`: the sweep report's status and
`eitflow sweep`'s last line), every count by `i18n.counted`, the one plural rule of every output
(French: 0 and 1 singular, 2 plural; English: 1 singular). A status this version has no words
for was said as written without its plural ('2 not_solved'), and a run without a status was
left out: '1 réalisable, 1 optimal' for 3 runs. The expected texts are written by hand from
data/messages.csv's n_st_* rows."""

from __future__ import annotations

import pandas as pd
import pytest

import eitflow.i18n as i18n
from eitflow.report.sweep import status_counts


def test_the_plural_rule_at_0_1_2():
    # what status_counts relies on: French "0 réalisable", "1 réalisable", "2 réalisables"
    assert [i18n.counted(n, "n_st_feasible", "fr") for n in (0, 1, 2)] == ["0 réalisable", "1 réalisable", "2 réalisables"]
    assert [i18n.counted(n, "n_st_error", "en") for n in (0, 1, 2)] == ["0 errors", "1 error", "2 errors"]


@pytest.mark.parametrize(("statuses", "fr", "en"), [
    (["feasible", "optimal", "feasible"], "2 réalisables, 1 optimal", "2 feasible, 1 optimal"),
    (["optimal", "optimal", "error"], "2 optimaux, 1 erreur", "2 optimal, 1 error"),
    (["error", "error", "time_limit"], "2 erreurs, 1 arrêté au temps limite", "2 errors, 1 stopped at the time limit"),
    (["infeasible"], "1 infaisable", "1 infeasible"),
])
def test_known_statuses(statuses, fr, en):
    assert status_counts(pd.Series(statuses), "fr") == fr
    assert status_counts(pd.Series(statuses), "en") == en


def test_an_unknown_status_and_runs_without_one_are_counted_in_their_number():
    """Five runs: 1 optimal, 2 of a code this version has no words for, 2 without a status
    (None in memory, NaN as read from results.csv): 1 + 2 + 2 = 5, every one counted."""
    runs = pd.Series(["optimal", None, "not_solved", float("nan"), "not_solved"], dtype=object)
    assert status_counts(runs, "fr") == "2 terminés « not_solved », 1 optimal, 2 sans statut"
    assert status_counts(runs, "en") == "2 ended 'not_solved', 1 optimal, 2 without a status"
    one = pd.Series(["not_solved", None], dtype=object)
    assert status_counts(one, "fr") == "1 terminé « not_solved », 1 sans statut"
    assert status_counts(one, "en") == "1 ended 'not_solved', 1 without a status"
