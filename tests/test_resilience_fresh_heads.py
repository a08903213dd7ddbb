"""`eitflow resilience --fresh`'s columns headed short, marked ³, as the other resilience columns
(`analyses.resilheads`): "objectif perdu ³", "bénéfice net perdu ² ³", "statut ³", what ³ means
in the legend under the table. They kept their long labels ("bénéfice net perdu, calcul sans
l'entreprise, plan déjà construit", "statut, calcul sans l'entreprise") beside "bénéfice net perdu
¹ / ²": in French at 120 columns, three closures of test_resilience_stranded's S, M, D, X were one
block of 15 lines per company; the terminal's table is one table again, and the sheet heads them
the same."""
from __future__ import annotations

import io
import re

import pandas as pd
import pytest

from resil_gain_case import resilience_sheet
from test_resilience_short_heads import LUDRES

NB2 = "bénéfice net perdu\u00a0\u00b2"
#: by hand, each fresh column's header: the column it is the fresh run's of, marked ³
FRESH_FR = {"objective_lost_fresh": "objectif perdu\u00a0\u00b3",
            "net_benefit_lost_sunk_fresh_eur_per_yr": f"{NB2}\u00a0\u00b3",
            "net_benefit_lost_sunk_fresh_figure": f"{NB2}\u00a0\u00b3 : exact ou majorant",
            "net_benefit_lost_sunk_fresh_low_eur_per_yr": f"{NB2}\u00a0\u00b3 : au moins",
            "status_fresh": "statut\u00a0\u00b3"}
FRESH_EN = {"objective_lost_fresh": "objective lost\u00a0\u00b3", "status_fresh": "status\u00a0\u00b3",
            "net_benefit_lost_sunk_fresh_eur_per_yr": "net benefit lost\u00a0\u00b2\u00a0\u00b3"}
LEGEND3 = {"fr": "\u00b3\u00a0Calcul sans l'entreprise : le scénario calculé sans elle",
           "en": "\u00b3\u00a0Fresh run: the scenario run without the company"}


def _fresh():
    """LUDRES with a fresh run's columns (`resilience(fresh=True)`): the same losses, one less."""
    df = LUDRES.copy()
    df["objective_lost_fresh"] = [1183965.825, 290000.0, 179275.0]
    df["net_benefit_lost_sunk_fresh_eur_per_yr"] = df["net_benefit_lost_sunk_eur_per_yr"]
    df["net_benefit_lost_sunk_fresh_figure"] = "exact"
    df["net_benefit_lost_sunk_fresh_low_eur_per_yr"] = df["net_benefit_lost_sunk_eur_per_yr"]
    df["status_fresh"] = "optimal"
    return df


@pytest.mark.parametrize("lang, heads", [("fr", FRESH_FR), ("en", FRESH_EN)])
def test_fresh_columns_head_short_with_their_mark(lang, heads):
    from eitflow.analyses.resilheads import legend, short_label

    for col, head in heads.items():
        assert short_label(col, lang) == head, col
    assert LEGEND3[lang] in legend(lang, _fresh().columns)
    assert "\u00b3" not in legend(lang, LUDRES.columns)   # no fresh run, no ³ to explain


def _smd():
    """test_resilience_fresh's S, M, D, X closed one by one, as `resilience` gives them with the
    fresh run (its figures rounded to the euro; the layout is what is tested)."""
    nb, sunk = [307043.0, 234925.0, 151573.0], [454342.0, 239740.0, 227694.0]
    inv = [1835666.0, 60000.0, 843578.0]
    return pd.DataFrame({
        "site_id": ["S", "M", "D"], "name": ["Verrerie", "Mairie", "Collège"], "zone": "(no zone)",
        "n_chosen_links": 1, "objective_lost": nb, "objective_unit": "EUR/yr", "net_benefit_lost_eur_per_yr": nb,
        "co2_lost_t_per_yr": [2016.0, 1008.0, 1008.0], "stranded_investment_eur": inv,
        "net_benefit_lost_sunk_eur_per_yr": sunk, "net_benefit_lost_sunk_figure": "exact",
        "net_benefit_lost_sunk_low_eur_per_yr": sunk, "stranded_sunk_investment_eur": inv, "status": "optimal",
        "gap": 0.0, "objective_lost_fresh": [307043.0, 228028.0, 151573.0],
        "net_benefit_lost_sunk_fresh_eur_per_yr": sunk, "net_benefit_lost_sunk_fresh_figure": "exact",
        "net_benefit_lost_sunk_fresh_low_eur_per_yr": sunk, "status_fresh": "optimal"})


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_terminal_table_with_fresh_columns_is_one_table_at_120(lang):
    from rich.console import Console

    from eitflow.cli.resilience import table_view, under_table
    from eitflow.cli.tables import print_table

    df = _smd()
    buf = io.StringIO()
    names = dict(zip(df["site_id"], df["name"]))
    print_table(table_view(df, lang), lang, console=Console(file=buf, width=120, highlight=False), names=names)
    out = buf.getvalue()
    assert not re.search(r"^#\d", out, re.M), out   # one table, not a block per company
    assert max(map(len, out.splitlines())) <= 120, out
    assert "calcul sans l'entreprise" not in out and "fresh run" not in out, out
    assert out.count("\u00b3") >= 3, out   # objective lost ³, net benefit lost ² ³, status ³
    assert LEGEND3[lang] in under_table(df, lang)[0]


def test_the_sheet_heads_fresh_columns_short_and_explains_the_mark(tmp_path):
    from openpyxl import load_workbook

    ws = load_workbook(resilience_sheet(tmp_path, _fresh(), "fr"))["résilience"]
    heads = [c.value for c in ws[1]]
    for h in ("objectif perdu\u00a0\u00b3", f"{NB2}\u00a0\u00b3 (€/an)", f"{NB2}\u00a0\u00b3 : exact ou majorant",
              f"{NB2}\u00a0\u00b3 : au moins (€/an)", "statut\u00a0\u00b3"):
        assert h in heads, heads
    assert not any("calcul sans l'entreprise" in str(h) for h in heads), heads
    said = " ".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None) + " ".join(
        str(c.comment.text) for c in ws[1] if c.comment)
    assert LEGEND3["fr"] in said
