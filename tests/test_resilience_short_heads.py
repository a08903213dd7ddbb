"""resilience's losses counted two ways head short in every output, from one source
(`analyses.resilheads`): "bénéfice net perdu ¹" (re-solved as if nothing were built) and
"bénéfice net perdu ²" (the plan already built), what each mark means in the legend under the
table. The report had them; the sheet kept "bénéfice net perdu, plan déjà construit (annuités
toujours payées) (€/an)" and the terminal the same, its 22 columns one block of 40 lines per
company on ludres_backbone at 120 columns. The terminal's table now shows the report's figures
(the lists are in the report and in --csv, said under the table) and fits 120 columns."""
from __future__ import annotations

import io
import re

import pandas as pd
import pytest
from click.testing import CliRunner

from conftest import ROOT
from resil_gain_case import resilience_sheet

NB1, NB2 = "bénéfice net perdu\u00a0\u00b9", "bénéfice net perdu\u00a0\u00b2"
INV1, INV2 = "investissement perdu\u00a0\u00b9", "investissement perdu\u00a0\u00b2"
LEGEND = "\u00b9\u00a0Recalculé comme si rien n'était encore construit"

#: three of ludres_backbone's closures (resilience.csv, French): its longest names and zones, its
#: widest figures ("1 355,4 gagnées")
LUDRES = pd.DataFrame({
    "site_id": ["ZAE_LF", "FLEVILLE", "SAM_NM"],
    "name": ["Zone industrielle Ludres-Fléville (entreprises raccordables)", "Fléville-devant-Nancy (centre)",
             "SAM Neuves-Maisons (aciérie)"],
    "zone": ["ZI Ludres-Fléville", "Métropole du Grand Nancy", "Moselle et Madon"], "n_chosen_links": [1, 1, 2],
    "objective_lost": [1183965.825, 302623.0, 179275.0], "objective_unit": "EUR/yr",
    "net_benefit_lost_eur_per_yr": [1183965.825, 302623.0, 179275.0], "co2_lost_t_per_yr": [3780.0, 1047.8, -1355.4],
    "stranded_links": ["Réseau de chaleur → Zone industrielle Ludres-Fléville (entreprises raccordables) : chaleur, "
                       "réseau", "x", "y"], "stranded_shared": ["", "", "réseau de chaleur : trunk_1"],
    "stranded_investment_eur": [60000.0, 392898.0, 3700605.0],
    "net_benefit_lost_sunk_eur_per_yr": [1202371.048, 328181.0, 626965.0],
    "net_benefit_lost_sunk_figure": "exact", "net_benefit_lost_sunk_low_eur_per_yr": [1202371.048, 328181.0, 626965.0],
    "stranded_sunk_investment_eur": [60000.0, 392898.0, 3700605.0], "links_rearranged": [1, 1, 3],
    "partners": ["Fléville-devant-Nancy (centre) ; Houdemont (centre) ; Ludres (centre)", "a", "b"],
    "partners_left_short": [1, 1, 0], "shortfall": ["", "", ""],
    "outlets_lost": ["UVE Val'ERgie (Métropole du Grand Nancy) : chaleur 15 084 sur 50 562 MWh/an", "", ""],
    "status": "optimal", "gap": 0.0})


def test_the_sheet_heads_them_short_with_the_legend_under_the_table(tmp_path):
    from openpyxl import load_workbook

    from eitflow.report.resilience import resilience_section

    ws = load_workbook(resilience_sheet(tmp_path, LUDRES, "fr"))["résilience"]
    heads = [c.value for c in ws[1]]
    for h in (f"{NB1} (€/an)", f"{NB2} (€/an)", f"{INV1} (€)", f"{INV2} (€)", f"{NB2} : exact ou majorant",
              f"{NB2} : au moins (€/an)"):
        assert h in heads, heads
    assert not any("annuités toujours payées" in str(h) for h in heads)
    # the legend in the marked headers' comments, not a row under the table (`test_resilience_sheet_legend`)
    assert LEGEND in ws.cell(1, heads.index(f"{NB1} (€/an)") + 1).comment.text and ws.max_row == 4
    assert ws.auto_filter.ref == f"A1:{ws.cell(1, len(heads)).column_letter}4"   # the filter on the rows only
    page = resilience_section(tmp_path, "fr")   # the report's, from the same function
    for h in (NB1, NB2, INV1, INV2):
        assert f'<span class="lab">{h}</span>' in page


@pytest.mark.parametrize("lang, heads", [("fr", ("perdu ¹", "perdu ²", "statut")),
                                         ("en", ("lost ¹", "lost ²", "status"))])
def test_the_terminal_table_of_ludres_fits_120_columns(lang, heads):
    """Names shortened to 18 characters as the command does, the figures of the report and the
    status: one table, 120 columns at most (it was one block per company)."""
    from rich.console import Console

    from eitflow.cli.resilience import table_view, under_table
    from eitflow.cli.tables import print_table

    buf = io.StringIO()
    names = dict(zip(LUDRES["site_id"], LUDRES["name"]))
    print_table(table_view(LUDRES, lang), lang, console=Console(file=buf, width=120, highlight=False), names=names)
    out = buf.getvalue()
    lines = out.splitlines()
    assert max(map(len, lines)) <= 120 and not re.search(r"^#\d", out, re.M), out
    assert all(h in out.replace("\u00a0", " ") for h in heads), out
    assert len(lines) <= 13, out   # a blank line, 4 header lines, the rule, 3 rows of at most 2 lines, a blank line
    assert under_table(LUDRES, "fr")[0].startswith(LEGEND)


@pytest.mark.slow   # ludres_backbone's ten closures: about 50 s
def test_the_command_on_ludres_backbone_at_120_columns():
    from eitflow.cli.main import main

    scen = ROOT / "scenarios" / "ludres_backbone" / "scenario.yaml"
    r = CliRunner().invoke(main, ["resilience", str(scen), "--lang", "fr"], env={"COLUMNS": "120"})
    assert r.exit_code == 0, r.output
    # after the progress lines (whole lines outside a terminal: `eitflow.progress`)
    table = "\n".join(ln for ln in r.output[:r.output.index(LEGEND)].splitlines()
                      if not ln.startswith("fermetures (entreprise par entreprise) faites :"))
    assert max(map(len, table.splitlines())) <= 120 and not re.search(r"^#\d", table, re.M), r.output
    assert "perdu\u00a0\u00b2" in table and "plan" in table and "annuités" not in table
    assert len(table.splitlines()) <= 30, r.output   # one table: 10 companies, 2 lines each at most
