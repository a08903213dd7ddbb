"""resilience's status columns said in plain words, for the elected officials and analysts who read
them: "plan optimal", "meilleur plan trouvé", where the terminal, the report and the sheet said the
solver's words ("optimal", "réalisable", "temps écoulé"). One function says them
(`results.summary.plan_status`, messages.csv's plan_st_<code>), and the brief's headline starts
with the same words (`report.briefstatus`: "Meilleur plan trouvé dans le temps de calcul imparti :
...", unchanged)."""
from __future__ import annotations

import io

import pandas as pd
import pytest

from eitflow.results.summary import plan_status

CODES = ("optimal", "feasible", "time_limit", "infeasible")
#: by hand, in each language: what each status means for the plan re-solved without the company
WORDS = {"fr": ["plan optimal", "meilleur plan trouvé", "aucun plan trouvé dans le temps de calcul imparti",
                "aucun plan possible"],
         "en": ["optimal plan", "best plan found", "no plan found in the computing time allowed", "no possible plan"]}
SOLVER = ("réalisable", "temps écoulé", "infaisable", "feasible", "time limit", "infeasible")


def _table() -> pd.DataFrame:
    """Four closures, one per status (a closure without a plan has no figure)."""
    nan = float("nan")
    return pd.DataFrame({"site_id": ["A", "B", "C", "D"], "name": ["Usine A", "Usine B", "Usine C", "Usine D"],
                         "zone": "Z", "n_chosen_links": [1, 1, 1, 1], "objective_lost": [10.0, 20.0, nan, nan],
                         "objective_unit": "EUR/yr", "net_benefit_lost_eur_per_yr": [10.0, 20.0, nan, nan],
                         "co2_lost_t_per_yr": [1.0, 2.0, nan, nan], "stranded_investment_eur": [5.0, 5.0, nan, nan],
                         "net_benefit_lost_sunk_eur_per_yr": [10.0, 20.0, nan, nan],
                         "stranded_sunk_investment_eur": [5.0, 5.0, nan, nan], "status": list(CODES),
                         "gap": [0.0, 0.02, nan, nan]})


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_each_status_in_plain_words(lang):
    assert [plan_status(c, lang) for c in CODES] == WORDS[lang]
    assert plan_status("error", lang) == {"fr": "le calcul a échoué", "en": "the computation failed"}[lang]
    assert plan_status("feasible", lang, capital=True) == {"fr": "Meilleur plan trouvé", "en": "Best plan found"}[lang]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_terminal_the_report_and_the_sheet_say_them(tmp_path, lang):
    from html import unescape

    from rich.console import Console

    from eitflow.analyses.resilfile import RESILIENCE_FILE
    from eitflow.cli.resilience import table_view
    from eitflow.cli.tables import print_table
    from eitflow.report.resilience import _people, resilience_section

    df = _table()
    buf = io.StringIO()
    print_table(table_view(df, lang), lang, console=Console(file=buf, width=400, highlight=False))
    terminal = buf.getvalue()
    df.to_csv(tmp_path / RESILIENCE_FILE, index=False)
    report = unescape(resilience_section(tmp_path, lang))
    sheet = _people(df, lang)["status"].tolist()
    assert sheet == WORDS[lang]
    for w in WORDS[lang]:
        assert w in terminal and f"<td>{w}</td>" in report, (w, terminal)
    assert not any(w in terminal or f"<td>{w}</td>" in report for w in SOLVER)
