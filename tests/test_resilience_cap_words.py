"""`eitflow resilience --max-supplier-share`'s line where no plan holds the cap said the solver's
word for it ("aucun plan ne tient chaque demande sous ce plafond (infaisable)", "(temps écoulé)")
while resilience's status columns say it in plain words (`results.summary.plan_status`, messages.csv's
plan_st_<code>). The line now says the same words: "chaque demande sous ce plafond : aucun plan
possible", "... : aucun plan trouvé dans le temps de calcul imparti"."""
from __future__ import annotations

import pandas as pd
import pytest

#: by hand, what each status of the capped solve means for the plan (messages.csv's plan_st_<code>),
#: and the solver's words the line said before (st_<code>)
PLAIN = {("fr", "infeasible"): "aucun plan possible",
         ("fr", "time_limit"): "aucun plan trouvé dans le temps de calcul imparti",
         ("en", "infeasible"): "no possible plan",
         ("en", "time_limit"): "no plan found in the computing time allowed"}
SOLVER = {"fr": ("infaisable", "temps écoulé"), "en": ("(infeasible)", "(time limit)")}


def _capped(status: str) -> pd.DataFrame:
    """resilience's frame where the capped solve found no plan: no rows, the cap's attrs (a 0.6
    cap of 12 rows; 1,000 EUR/yr uncapped, no capped objective)."""
    df = pd.DataFrame()
    df.attrs = {"base": {"status": status, "objective": None, "objective_unit": "EUR/yr"},
                "supplier_cap": {"max_supplier_share": 0.6, "n_cap_rows": 12, "objective_uncapped": 1000.0,
                                 "objective_capped": None, "cap_cost": float("nan")}}
    return df


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("status", ["infeasible", "time_limit"])
def test_the_cap_line_says_the_plan_status_in_plain_words(lang, status):
    from eitflow.cli.resilience import cap_line

    line = cap_line(_capped(status), lang).replace("\u202f", " ").replace("\u00a0", " ")
    assert PLAIN[(lang, status)] in line, line
    assert not any(w in line for w in SOLVER[lang]), line
    # the objective without the cap stays said, in the run's format: 1 000,00 €/an, 1,000.00 EUR/yr
    assert {"fr": "1 000,00 €/an", "en": "1,000.00 EUR/yr"}[lang] in line, line
