"""Under `objective: co2` a closure can raise the net benefit: the plan keeps an exchange that
earns less where it avoids more CO2, and without its buyer what it frees goes where it earns
more. `resilience`'s "net benefit lost" is then below zero; every output says it as a gain, with
why (`analyses.resilgain`). Before, the command, the report and the sheet read "-80 000".

By hand, the pool and greenhouses of test_resilience_co2_gain (carbon price 0; 0 % over 10
years: CRF 1/10; each pipe 100,000 EUR, 1,000 EUR/yr of O&M, 0 km), the objective now co2:
  S->D  4,000 x 60 = 240,000 - (10,000 + 1,000) = 229,000 EUR/yr, CO2 4,000 x 0.1 =   400 t/yr
  S->E  4,000 x 40 = 160,000 - (10,000 + 1,000) = 149,000 EUR/yr, CO2 4,000 x 0.3 = 1,200 t/yr
The plan is S->E (1,200 > 400 t/yr). E closes: S->D, CO2 lost 1,200 - 400 = 800 t/yr; net
benefit lost 149,000 - 229,000 = -80,000 EUR/yr: 80,000 gained. With the plan already built,
S->E's annuity (10,000 EUR/yr) is paid whatever happens: before
160,000 - 1,000 = 159,000 (O&M only), after 229,000 (S->D built anew): -70,000, 70,000 gained.
S closes: nothing is left, 149,000 EUR/yr and 1,200 tCO2/yr lost.
"""
from __future__ import annotations

from html import escape as html_escape
from pathlib import Path

import pandas as pd
import pytest

from resil_gain_case import gain_run


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> tuple[Path, str]:
    """The run in French (--excel) under objective co2, resilience --out RUN, then its report."""
    return gain_run(tmp_path_factory.mktemp("nbgain"), "co2")


def test_the_file_keeps_the_signed_figures_worked_out_by_hand(run):
    df = pd.read_csv(run[0] / "resilience.csv").set_index("site_id")
    assert df.at["E", "co2_lost_t_per_yr"] == pytest.approx(800.0)
    assert df.at["E", "net_benefit_lost_eur_per_yr"] == pytest.approx(-80_000.0)
    assert df.at["E", "net_benefit_lost_sunk_eur_per_yr"] == pytest.approx(-70_000.0)
    assert df.at["S", "net_benefit_lost_eur_per_yr"] == pytest.approx(149_000.0)
    assert df.at["S", "co2_lost_t_per_yr"] == pytest.approx(1_200.0)


def test_a_closure_that_raises_the_net_benefit_says_gained_with_why(run):
    """The command's table and note, the report's cells and note, the sheet's format: "80 000
    gagnés", never "-80 000"; S's loss stays a figure."""
    out, said = run
    item = "la fermeture de Serres E l'augmente de 80\u202f000 €/an (70\u202f000 €/an, plan déjà construit)"
    note = f"Bénéfice net gagné, et non perdu : {item}. Le plan maximise le CO2 évité (objectif co2)"
    assert note in said
    table = said[:said.index("Bénéfice net gagné")]
    assert "80\u202f000 gagnés" in table and "70\u202f000 gagnés" in table and "-80\u202f000" not in table
    html = (out / "report.html").read_text(encoding="utf-8")
    section = html[html.index('id="resilience"'):]
    assert '<td class="n" data-v="-80000">80\u202f000 gagnés</td>' in section
    assert '<td class="n" data-v="-70000">70\u202f000 gagnés</td>' in section
    assert '<td class="n" data-v="149000">149\u202f000</td>' in section
    from eitflow.i18n import unbroken  # the page keeps a figure and its unit on one line

    assert unbroken(html_escape(note)) in section and "-80\u202f000" not in section and "-70\u202f000" not in section
    from openpyxl import load_workbook

    ws = load_workbook(out / "results.xlsx")["résilience"]
    heads = [c.value for c in ws[1]]
    rows = {ws.cell(r, heads.index("site") + 1).value: r for r in range(2, ws.max_row + 1)}
    cell = ws.cell(rows["E"], heads.index("bénéfice net perdu\u00a0\u00b9 (€/an)") + 1)
    assert cell.value == pytest.approx(-80_000.0)   # the figure stays a number
    assert cell.number_format == '#,##0;#,##0" gagnés";#,##0'   # shown "80 000 gagnés"


def test_a_bound_on_a_loss_below_zero_says_the_gain_is_at_least_that():
    """A loss with the plan already built that is only an upper bound reads "≤ 257 148"; below
    zero, L <= -5,000 EUR/yr is a gain -L >= 5,000: "≥ 5 000 gagnés", not "≤ -5 000"."""
    from eitflow.report.resilience import _td_figure

    r = {"net_benefit_lost_sunk_eur_per_yr": -5000.0, "net_benefit_lost_sunk_figure": "upper_bound"}
    assert _td_figure(r, "net_benefit_lost_sunk_eur_per_yr", "fr") == \
        '<td class="n" data-v="-5000">\u2265 5\u202f000 gagnés</td>'
    r = {"net_benefit_lost_sunk_eur_per_yr": 5000.0, "net_benefit_lost_sunk_figure": "upper_bound"}
    assert _td_figure(r, "net_benefit_lost_sunk_eur_per_yr", "en") == '<td class="n" data-v="5000">\u2264 5,000</td>'
