"""A closure can raise the CO2 the plan avoids: the re-solve maximises the net benefit, not the CO2,
so what the company took can go where it avoids more. `resilience`'s "CO2 lost" is then below zero,
and the deliverables say it as a gain, with why (`analyses.resilgain`). Before, the report read
"CO2 perdu : -800,0" with no word on it, and the sheet and the command the same.

By hand (carbon price 0; a 0 % discount rate over 10 years: CRF 1/10; each pipe 100,000 EUR,
1,000 EUR/yr, 0 km): S has 4,000 MWh/yr of heat; D (a pool) pays 60 EUR/MWh and replaces
0.1 tCO2/MWh, E (greenhouses) pays 40 and replaces 0.3.
  S->D  4,000 x 60 = 240,000 - (10,000 + 1,000) = 229,000 EUR/yr, CO2 4,000 x 0.1 =   400 t/yr
  S->E  4,000 x 40 = 160,000 - (10,000 + 1,000) = 149,000 EUR/yr, CO2 4,000 x 0.3 = 1,200 t/yr
The plan is S->D (the heat goes whole to the better price). D closes: S->E, net benefit lost
229,000 - 149,000 = 80,000 EUR/yr, CO2 lost 400 - 1,200 = -800 tCO2/yr: 800 gained.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from resil_gain_case import gain_run


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> tuple[Path, str]:
    """The run in French (--excel), resilience --out RUN (its output kept), then its report."""
    return gain_run(tmp_path_factory.mktemp("gain"))


def test_the_file_keeps_the_signed_figures_worked_out_by_hand(run):
    """resilience.csv: D's closure loses 80,000 EUR/yr and gains 800 tCO2/yr (CO2 lost -800)."""
    df = pd.read_csv(run[0] / "resilience.csv").set_index("site_id")
    assert df.at["D", "net_benefit_lost_eur_per_yr"] == pytest.approx(80_000.0)
    assert df.at["D", "co2_lost_t_per_yr"] == pytest.approx(-800.0)
    assert df.at["S", "co2_lost_t_per_yr"] == pytest.approx(400.0)   # S closing: D's 400 t/yr, lost


def test_a_closure_that_gains_co2_says_gained_with_why(run):
    """The command's note, the report's cell and note, the sheet's cell: "800,0 gagnées", not
    "-800,0"; S's 400 t/yr stays a loss."""
    out, said = run
    note = "CO2 gagné, et non perdu : la fermeture de Piscine D fait éviter 800,0 tCO2/an de plus."
    assert note in said
    html = (out / "report.html").read_text(encoding="utf-8")
    section = html[html.index('id="resilience"'):]
    assert '<td class="n" data-v="-800">800,0 gagnées</td>' in section
    assert '<td class="n" data-v="400">400,0</td>' in section
    from eitflow.i18n import unbroken  # the page keeps a figure and its unit on one line

    assert unbroken(note) in section and "-800,0" not in section
    from openpyxl import load_workbook

    ws = load_workbook(out / "results.xlsx")["résilience"]
    heads = [c.value for c in ws[1]]
    col = heads.index("CO2 perdu (tCO2/an)") + 1
    rows = {ws.cell(r, heads.index("site") + 1).value: ws.cell(r, col) for r in range(2, ws.max_row + 1)}
    assert rows["D"].value == pytest.approx(-800.0)   # the figure stays a number
    assert rows["D"].number_format == '#,##0.0;#,##0.0" gagnées";#,##0.0'   # shown "800,0 gagnées"


def test_the_command_table_says_the_gain_as_the_report(run):
    """The command's table words D's CO2 cell as the report and the sheet do ("800,0 gagnées",
    `resilgain.gain_cell`): it printed "-800,0" beside the note calling it a gain."""
    said = run[1]
    table = said[:said.index("CO2 gagné, et non perdu")]
    assert "800,0 gagnées" in table
    assert "-800,0" not in table and "-800" not in table
    assert "400,0" in table   # S's closure: a loss, said as a figure


def test_the_report_heads_the_two_counts_short_with_a_legend(run):
    """The report's losses counted two ways head "bénéfice net perdu ¹" / "²" (3 words, as
    their neighbours), the detail in a legend under the table. Before, "bénéfice net perdu, plan
    déjà construit (annuités toujours payées)": 9 words, wrapped to 8 lines above a figure
    9 characters wide (ludres_backbone's report.pdf)."""
    import re

    html = (run[0] / "report.html").read_text(encoding="utf-8")
    section = html[html.index('id="resilience"'):]
    heads = re.findall(r'<th class="n"><span class="lab">([^<]*)</span>', section[:section.index("</thead>")])
    assert "bénéfice net perdu\u00a0\u00b9" in heads and "bénéfice net perdu\u00a0\u00b2" in heads
    assert "investissement perdu\u00a0\u00b9" in heads and "investissement perdu\u00a0\u00b2" in heads
    assert max(len(h.split()) for h in heads) <= 4   # "investissement perdu ²": 3; it was 9
    after = section[section.index("</table>"):]
    assert "\u00b2\u00a0Plan déjà construit : ce qui est construit reste" in after
    assert "\u00b9\u00a0Recalculé comme si rien n&#x27;était encore construit" in after


def test_a_list_cell_never_starts_a_line_with_a_colon_or_semicolon(run):
    """French puts a space before ";" and ":"; the report's narrow list columns broke there, a
    line of ludres_backbone's partners reading "; Neuves-Maisons (centre)". The space is now
    no-break: S's closure leaves the pool 4,000 of its 4,000 MWh/yr short."""
    from eitflow.report.resilience import unbroken_marks

    html = (run[0] / "report.html").read_text(encoding="utf-8")
    section = html[html.index('id="resilience"'):]
    assert "Piscine D\u00a0: chaleur 4\u202f000 sur 4\u202f000\u00a0MWh/an" in section
    assert unbroken_marks("Ludres (centre) ; Messein (centre) : chaleur") == \
        "Ludres (centre)\u00a0; Messein (centre)\u00a0: chaleur"
    assert unbroken_marks("Ludres (centre); Messein (centre): heat") == "Ludres (centre); Messein (centre): heat"
