"""`eitflow alternatives` says its figures and labels by the rules every other view follows.

- A link turning one resource into another read "vapeur>chaleur" in its label, where the report,
  the brief, the map and `zones` write "vapeur → chaleur" (`i18n.resource_pair`, now the one rule).
- Its tables' columns mixed their decimals row by row: the amounts sent read "4,900" beside
  "5,023.7" (whole where the figure happened to be, one decimal otherwise), "15,000 → 14,433.6";
  tavaux_h2's "17.5" beside "250.0" and "0"; the share of the optimum "100.0 %" above "99.96 %" and
  "99.9 %". Each column now has one rule (`i18n.column_digits`, `i18n.amount`'s precision for the
  figure that needs the most: whole from 100, three significant digits below; a share of the
  optimum as many decimals as tell every row from 100 %), nothing being "0".

Expected texts are written by hand (CLDR's separators: en "5,024", fr "5 024" with U+202F).
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from rich.console import Console

import eitflow.i18n as i18n
from eitflow.cli import views
from eitflow.cli.tables import print_table


@pytest.mark.parametrize("values, digits", [
    ([4900.0, 5023.661509, 0.0], 0),          # zae_example's amounts sent: all from 100 on
    ([17.5, 250.00000001, 52.6, 0.0], 1),     # tavaux_h2's hydrogen: 17.5 needs one
    ([5.36, 4900.0], 2),                      # three significant digits of 5.36
    ([0.000123, 5.0], 3),                     # at most three, whatever a tiny figure asks
    ([12.0, 250.0], 0),                       # whole figures
    ([np.nan, None], 0),
])
def test_a_column_has_the_decimals_its_most_precise_figure_needs(values, digits):
    assert i18n.column_digits(values) == digits


def test_amount_keeps_its_precision():
    """`i18n.amount`, now written with `amount_digits`, says what it said."""
    for v, en, fr in [(17.5, "17.5", "17,5"), (5.0, "5", "5"), (0.125, "0.125", "0,125"), (99.96, "100", "100"),
                      (15154.8, "15,155", "15\u202f155"), (-3.14159, "-3.14", "-3,14"), (0.0, "0", "0")]:
        assert i18n.amount(v, "en") == en and i18n.amount(v, "fr") == fr


def _diff(rows: list[tuple]) -> pd.DataFrame:
    cols = ["rank", "change", "link", "amount_optimum", "amount_alternative", "unit", "demand_amount_optimum",
            "demand_amount_alternative", "demand_unit", "net_benefit_after_shares_optimum_eur_per_yr",
            "net_benefit_after_shares_alternative_eur_per_yr", "net_benefit_after_shares_delta_eur_per_yr",
            "co2_after_shares_delta_t_per_yr", "item"]
    return pd.DataFrame(rows, columns=cols)


def test_the_amounts_of_a_column_read_at_one_rule():
    """zae_example's rank 1 (figures of its --diff-csv): 5,023.7 and 15,154.8 MWh/yr sent read
    "5,024" and "15,155" beside "4,900" t/yr; tavaux_h2's hydrogen, 17.5 t/yr beside 250: "17.5" and
    "250.0" (one decimal: 17.5 needs it); nothing sent is "0" either way."""
    zae = _diff([(1, "added", "a", 0.0, 5023.661509, "MWh/yr", 0.0, 5000.0, "MWh/yr", 0.0, 179091.27, 179091.27, 0.0, "link"),
                 (1, "changed", "b", 15154.8, 14582.54, "MWh/yr", 15000.0, 14433.6, "MWh/yr", 767813.0, 725795.0,
                  -42018.0, 0.0, "link"),
                 (2, "removed", "c", 4900.0, 0.0, "t/yr", 4900.0, 0.0, "t/yr", 157724.47, 0.0, -157724.47, 0.0, "link")])
    v = views.differences(zae, "en")
    assert list(v["amount_optimum_alternative"]) == ["0\u00a0→ 5,024\u00a0MWh/yr", "15,155\u00a0→ 14,583\u00a0MWh/yr",
                                                     "4,900\u00a0→ 0\u00a0t/yr"]
    fr = views.differences(zae, "fr")
    assert fr["amount_optimum_alternative"].iat[1] == "15\u202f155\u00a0→ 14\u202f583\u00a0MWh/an"
    tav = _diff([(2, "added", "a", 0.0, 250.00000001, "t/yr", 0.0, 250.0, "t/yr", 0.0, 707491.0, 707491.0, 0.0, "link"),
                 (4, "added", "b", 0.0, 17.5, "t/yr", 0.0, 17.5, "t/yr", 0.0, 57183.0, 57183.0, 0.0, "link"),
                 (4, "removed", "c", 52.6, 0.0, "t/yr", 52.6, 0.0, "t/yr", 463036.0, 0.0, -463036.0, 0.0, "link")])
    v = views.differences(tav, "en")
    assert list(v["amount_optimum_alternative"]) == ["0\u00a0→ 250.0\u00a0t/yr", "0\u00a0→ 17.5\u00a0t/yr",
                                                     "52.6\u00a0→ 0\u00a0t/yr"]
    # each row's part of the objective's difference, last, in EUR/yr at 0 decimals
    assert list(v.columns)[-1] == "after_shares_delta_eur_per_yr"
    assert "co2_after_shares_delta_t_per_yr" not in v


def test_the_share_of_the_optimum_has_one_rule_for_its_column():
    """zae_example's plans: 15,063,908.64, 15,057,932.75, 15,046,846.96 EUR/yr: shares 1, 0.99960,
    0.99887. They read "100.0 %", "99.96 %" and "99.9 %"; now two decimals on each row, the most any
    row needs to read below 100 %."""
    obj = np.array([15063908.64, 15057932.75, 15046846.96])
    ports = pd.DataFrame({"rank": [0, 1, 2], "objective": obj, "objective_unit": "EUR/yr",
                          "share_of_optimum": obj / obj[0]})
    buf = io.StringIO()
    print_table(ports, "en", console=Console(file=buf, width=120, highlight=False))
    out = buf.getvalue()
    for said in ("100.00 %", "99.96 %", "99.89 %"):
        assert said in out, out
