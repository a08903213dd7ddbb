"""Under `objective: co2`, when the money stage (`solve.lexico`) is not run (no time for its
readings and a solve, `tests/test_co2_money_budget.py`'s 'first' case) its net benefits are
null in summary.json; they were null without a word of why, the results.xlsx summary sheet
showed empty cells, the report's status said only "no time was left" whatever the cause, and a
stage whose solve gave no gap was said to have a gap of 0.00 %. Now summary.json's
`money_stage` has the stage's `reason` (a code) and a `note` saying its status and reason, the
report says them in its language where the figures would be, results.xlsx says "not computed"
with the reason in the place of each figure, and an unknown gap reads 'unknown'."""
from __future__ import annotations

import json
import math
import re

import pytest

import eitflow
from test_co2_run_budget import _direct

NOT_RUN_EN = ("The money figures are those of the first plan found avoiding the most CO2: the search for the one "
              "worth the most was not run (no time was left to read a plan's net benefit twice and solve in "
              "between)")
NOT_RUN_FR = ("Les montants sont ceux du premier plan trouvé qui évite le plus de CO2 : la recherche de celui "
              "qui rapporte le plus n'a pas été lancée (il ne restait pas le temps de lire deux fois le bénéfice "
              "net d'un plan et de résoudre entre les deux)")


@pytest.fixture(scope="module")
def not_run(tmp_path_factory):
    """E trucks its CO2 to D under `objective: co2`; a plan's reading expected to take 10,000 s,
    so the stage has no time for it: not run."""
    import eitflow.solve.lexico as lexico
    from eitflow.results.rundir import write_run

    mp = pytest.MonkeyPatch()
    mp.setattr(lexico, "READ_BASE_S", 1e4)
    try:
        res = eitflow.optimise(_direct(objective="co2", solver={"time_limit_s": 30}))
    finally:
        mp.undo()
    return res, write_run(res, tmp_path_factory.mktemp("co2") / "run")


def test_summary_json_says_why_the_figures_are_null(not_run):
    res, run = not_run
    ms = json.loads((run / "summary.json").read_text("utf-8"))["money_stage"]
    assert ms["status"] == "not_run" and ms["reason"] == "no_time_to_read"
    assert ms["net_benefit_before_eur_per_yr"] is None and ms["net_benefit_after_eur_per_yr"] is None
    assert ms["note"] == NOT_RUN_EN
    assert res.summary["totals"]["net_benefit_eur_per_yr"] is not None   # the plan's own figures are read


@pytest.mark.parametrize("lang, said", [("en", NOT_RUN_EN), ("fr", NOT_RUN_FR)])
def test_the_report_says_the_stages_status_and_reason(not_run, lang, said):
    from eitflow.report.html import render_html
    from eitflow.results.rundir import read_run

    html = render_html(read_run(not_run[1]), lang)
    status = re.search(r'<div class="status.*?</div></div>', html, re.S).group(0)
    assert said.replace("'", "&#x27;") in status, status
    assert not re.search(r"\bnan\b", status, re.I)


@pytest.mark.parametrize("lang, word, status", [("en", "not computed: ", "not run"), ("fr", "non calculé : ", "non lancée")])
def test_results_xlsx_says_not_computed_in_the_place_of_each_figure(not_run, lang, word, status):
    from eitflow.report.workbook import summary_rows

    res, _ = not_run
    rows = {k: v for _, v, k in summary_rows(res.summary, res.matches, lang)}
    for k in ("money_stage.net_benefit_before_eur_per_yr", "money_stage.net_benefit_after_eur_per_yr"):
        assert isinstance(rows[k], str) and rows[k].startswith(word), rows[k]
        assert ("twice" if lang == "en" else "deux fois") in rows[k]
    assert rows["money_stage.status"] == status
    assert rows["money_stage.note"] == (NOT_RUN_EN if lang == "en" else NOT_RUN_FR)
    assert not [k for k, v in rows.items() if k.startswith("money_stage.") and isinstance(v, float) and math.isnan(v)]


def test_a_stage_that_read_and_had_no_time_to_solve_says_the_net_benefit_it_read():
    from eitflow.results.summary import money_stage_line

    ms = {"status": "not_run", "reason": "no_time_to_solve", "improved": False, "gap": None, "seconds": 0.0,
          "net_benefit_before_eur_per_yr": 1234567.0, "net_benefit_after_eur_per_yr": 1234567.0}
    fr = money_stage_line({"money_stage": ms}, "fr")
    assert fr.endswith("(il ne restait plus de temps pour résoudre après la lecture du bénéfice net de ce plan, "
                       "1\u202f234\u202f567\u00a0€/an)"), fr


def test_a_stage_without_a_gap_never_says_zero():
    from eitflow.results.summary import money_stage_line

    ms = {"status": "time_limit", "reason": None, "improved": True, "gap": None, "seconds": 2.0,
          "net_benefit_before_eur_per_yr": 100.0, "net_benefit_after_eur_per_yr": 200.0}
    en = money_stage_line({"money_stage": ms}, "en")
    assert "gap unknown" in en and "0.00%" not in en, en
