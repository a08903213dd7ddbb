"""An analysis' status column says the solve's status in words, as the status line does.

`eitflow pareto --lang fr` on dunkerque_dh's network at `--time-limit 1.5` printed its points'
statuses as codes, 'feasible' and 'time_limit', in a French table (and pareto.html, and a
sweep's sweep.html, the same), where the status line says 'réalisable' and 'temps écoulé'
(data/messages.csv's st_feasible, st_time_limit). Here a table of three points, by hand.
"""

from __future__ import annotations

import html
import re

import pandas as pd
import pytest

from eitflow.cli.tables import print_table
from eitflow.report.plots import write_pareto


def _front() -> pd.DataFrame:
    return pd.DataFrame({"point": [0, 1, 2], "co2_min_t_per_yr": [663_484.8, 681_245.1, 699_005.3],
                         "net_benefit_eur_per_yr": [96_764_873.0, float("nan"), float("nan")],
                         "co2_avoided_t_per_yr": [663_484.8, float("nan"), float("nan")],
                         "investment_eur": [80_000.0, float("nan"), float("nan")], "n_links": [3, 0, 0],
                         "same_plan_as": [0, 1, 2], "status": ["feasible", "time_limit", "optimal"],
                         "gap": [0.4394, float("nan"), float("nan")],
                         "bound_eur_per_yr": [139_285_615.0, float("nan"), float("nan")]})


@pytest.mark.parametrize("lang, words, codes", [
    ("fr", ["réalisable", "temps écoulé", "optimal"], ["feasible", "time_limit"]),
    ("en", ["feasible", "time limit", "optimal"], ["time_limit"]),
])
def test_the_terminal_table_says_statuses_in_words(capsys, monkeypatch, lang, words, codes):
    monkeypatch.setenv("COLUMNS", "200")
    print_table(_front(), lang)
    out = capsys.readouterr().out
    assert all(w in out for w in words) and not any(c in out for c in codes), out


@pytest.mark.parametrize("lang, words", [("fr", ["réalisable", "temps écoulé", "optimal"]),
                                         ("en", ["feasible", "time limit", "optimal"])])
def test_the_pareto_page_says_statuses_in_words(tmp_path, lang, words):
    page = next(p for p in write_pareto(_front(), tmp_path, lang) if p.suffix == ".html").read_text(encoding="utf-8")
    cells = [html.unescape(c) for c in re.findall(r"<td>([^<]*)</td>", page)]
    assert cells == words, cells
