"""Every reason eitflow writes for an unmatched flow, a link not chosen or an infeasible demand
has a short name and a sentence, in English and in French (data/messages.csv).

The French report of a region with a generated network (Hotmaps 84) listed 75 flows "hors de
portée du réseau" with no explanation under its reasons (network_unreachable had a name and no
sentence), and seven reasons (not_in_links_csv, no_solution and those of an infeasible run)
were explained in English in French reports, from a second table of English sentences in
report.style. The reasons are read from where the code defines them.
"""
from __future__ import annotations

import re

import pytest

import eitflow.candidates.reasons as reasons
import eitflow.i18n as i18n
import eitflow.solve.diagnose as diagnose
from eitflow.report.style import REASON_ORDER, reason_name, reason_text
from eitflow.results.notchosen import REASONS as NOT_CHOSEN


def _written() -> set[str]:
    """Every reason the code writes: candidates.reasons' names, not_chosen.csv's, and those the
    infeasibility diagnosis lists in its module docstring ("- `name`: ...")."""
    mine = {v for k, v in vars(reasons).items() if k.isupper() and isinstance(v, str)}
    diag = set(re.findall(r"^- `([a-z_]+)`:", diagnose.__doc__ or "", re.M))
    assert {"no_candidate", "conflict", "network_unreachable"} <= diag   # the docstring is still read as a list
    return mine | diag | set(NOT_CHOSEN)


@pytest.mark.parametrize("reason", sorted(_written()))
def test_each_reason_is_named_and_explained_in_both_languages(reason):
    for lang in ("en", "fr"):
        assert i18n.has_text(f"reason_{reason}") and reason_name(reason, lang), (reason, lang)
        assert i18n.has_text(f"reasonx_{reason}") and reason_text(reason, lang), (reason, lang)
    assert reason_text(reason, "fr") != reason_text(reason, "en"), reason


def test_the_report_lists_every_unmatched_reason_in_its_order():
    unmatched = {v for k, v in vars(reasons).items() if k.isupper() and isinstance(v, str)}
    assert unmatched - set(REASON_ORDER) == set(), "a reason the report's legend would list last, unordered"
