"""A loss with the plan already built that is only a bound (`stranded.sunk_notes`: a unit sized by
the model could grow) is given as the interval it lies in. Below zero that interval is a gain:
the note read "Usine X : entre -8 000 et -5 000 €/an" in the command's notes and the report, and
the sheet's least loss "8 000 gagnés" under "au moins". Now one function (`resilgain.loss_between`)
says it in every output: "entre 5 000 et 8 000 €/an gagnés".

By hand: the loss L lies in [lo, hi] = [-8,000, -5,000] EUR/yr, so the gain -L lies in
[5,000, 8,000]; the upper bound on the loss (-5,000) is a gain of at least 5,000, the least loss
(-8,000) a gain of at most 8,000. Across zero, [-3,000, 2,000]: from 3,000 gained to 2,000 lost.
"""
from __future__ import annotations

import io

import pandas as pd
import pytest

from eitflow.analyses.resilfile import RESILIENCE_FILE
from eitflow.cli.resilience import after_table
from eitflow.report.resilience import _people, resilience_section

NNBSP = "\u202f"   # French thousands separator


def _table(lo: float, hi: float) -> pd.DataFrame:
    """One company X whose loss with the plan already built lies between `lo` and `hi` (EUR/yr)."""
    return pd.DataFrame({"site_id": ["X"], "name": ["Usine X"], "zone": ["Z"], "n_chosen_links": [1],
                         "net_benefit_lost_eur_per_yr": [20_000.0], "co2_lost_t_per_yr": [100.0],
                         "stranded_investment_eur": [50_000.0], "net_benefit_lost_sunk_eur_per_yr": [hi],
                         "net_benefit_lost_sunk_figure": ["upper_bound"],
                         "net_benefit_lost_sunk_low_eur_per_yr": [lo], "stranded_sunk_investment_eur": [0.0],
                         "status": ["optimal"], "gap": [0.0]})


@pytest.mark.parametrize("lang, said", [
    ("fr", f"Usine X : entre 5{NNBSP}000 et 8{NNBSP}000 €/an gagnés"),
    ("en", "Usine X: gained between 5,000 and 8,000 EUR/yr"),
])
def test_an_interval_below_zero_is_said_as_a_gain_in_the_command_and_the_report(tmp_path, lang, said):
    df = _table(-8_000.0, -5_000.0)
    notes = "\n".join(after_table(df, lang))
    assert said in notes and "-8" not in notes and "-5" not in notes, notes
    df.to_csv(tmp_path / RESILIENCE_FILE, index=False)
    page = resilience_section(tmp_path, lang)
    assert said.replace("'", "&#x27;") in page and "-8" not in page.replace('data-v="-', ""), page
    # the bound's own cell: a loss of at most -5,000 is a gain of at least 5,000
    gain = f"5{NNBSP}000 gagnés" if lang == "fr" else "5,000 gained"
    assert f'<td class="n" data-v="-5000">\u2265 {gain}</td>' in page


def test_the_sheet_and_the_terminal_say_the_same_interval(monkeypatch):
    """The sheet's `_figure` cell gives the interval beside "majorant" ("exact" elsewhere), its least loss "au plus
    8 000 gagnés"; the terminal's bound cell "≥ 5 000 gagnés", as the report's."""
    from rich.console import Console

    from eitflow.analyses.resilgain import gain_format
    from eitflow.cli.tables import print_table

    people = _people(_table(-8_000.0, -5_000.0), "fr")
    assert people.at[0, "net_benefit_lost_sunk_figure"] == \
        f"majorant (entre 5{NNBSP}000 et 8{NNBSP}000 €/an gagnés)"
    assert gain_format("fr", "net_benefit_lost_sunk_low_eur_per_yr") == '#,##0;"au plus "#,##0" gagnés";#,##0'
    buf = io.StringIO()
    print_table(_table(-8_000.0, -5_000.0), "fr", console=Console(file=buf, width=400, highlight=False))
    out = buf.getvalue()
    assert f"\u2265 5{NNBSP}000 gagnés" in out and f"au plus 8{NNBSP}000 gagnés" in out and "-5" not in out, out


@pytest.mark.parametrize("lo, hi, lang, said", [
    (-3_000.0, 2_000.0, "fr", f"Usine X : entre 3{NNBSP}000 €/an gagnés et 2{NNBSP}000 €/an perdus"),
    (-3_000.0, 2_000.0, "en", "Usine X: between 3,000 EUR/yr gained and 2,000 EUR/yr lost"),
    (509_000.0, 609_000.0, "fr", f"Usine X : entre 509{NNBSP}000 et 609{NNBSP}000 €/an"),
])
def test_an_interval_across_or_above_zero(lo, hi, lang, said):
    assert said in "\n".join(after_table(_table(lo, hi), lang))
