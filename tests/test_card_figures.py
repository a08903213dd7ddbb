"""Every key-figure card (the report's, the brief's, a sweep's) shows its figure at one rule of
significant digits, three, zeros kept: tavaux_h2's investment card read "20 M €" (Babel's
compact form drops a decimal that rounds to 0) beside "15,1 M €/an" and "50,2 k tCO2/an"."""
from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

import eitflow.i18n as i18n
from eitflow.report.tables import key_figures


@pytest.mark.parametrize("v, fr, en", [
    (19_970_000.0, "20,0\xa0M", "20.0M"),     # 19.97 M to 3 digits: 20.0 M (it read "20 M")
    (20_000_000.0, "20,0\xa0M", "20.0M"),
    (15_063_909.0, "15,1\xa0M", "15.1M"),     # 15.063909 M: 15.1 M
    (1_234_567.0, "1,23\xa0M", "1.23M"),      # 1.234567 M: 1.23 M (it read "1,2 M": two digits)
    (123_456_789.0, "123\xa0M", "123M"),      # 123.456789 M: 123 M (it read "123,5 M": four digits)
    (999_999.0, "1,00\xa0M", "1.00M"),        # 999.999 k to 3 digits is 1,000 k: 1.00 M, not "1 000 k"
    (50_167.5, "50,2\xa0k", "50.2K"),
    (2_000.0, "2,00\xa0k", "2.00K"),
    (-185_760.0, "-186\xa0k", "-186K"),
    (456.0, "456", "456"),
    (45.26, "45,3", "45.3"),
    (0.0, "0", "0"),
])
def test_three_significant_digits_on_a_card(v, fr, en):
    # French: a no-break space (U+00A0) between the figure and its k or M, as Babel writes it
    assert i18n.card_figure(v, "fr") == fr
    assert i18n.card_figure(v, "en") == en


def test_the_cards_of_a_run_keep_their_decimal():
    """tavaux_h2's summary.json (eitflow run scenarios/tavaux_h2/scenario.yaml): net benefit
    8,865,019.16 EUR/yr, CO2 34,305.38 t/yr, investment 20,023,899.29 EUR, 9 exchanges. By hand,
    to 3 significant digits: 8.865019 M -> 8.87 M, 34.30538 k -> 34.3 k, 20.023899 M -> 20.0 M
    (it read "8,9 M", "34,3 k" and "20 M": two, three and two digits)."""
    s = {"status": "optimal", "objective": 8_865_019.16, "bound": 8_865_019.16, "gap": 0.0,
         "objective_name": "net_benefit", "objective_unit": "EUR/yr", "mip_gap_target": 0.0001, "message": "",
         "totals": {"net_benefit_eur_per_yr": 8_865_019.16, "co2_avoided_t_per_yr": 34_305.38,
                    "investment_eur": 20_023_899.29},
         "counts": {"chosen_links": 9, "candidate_links": 22, "sites": 14}, "parameters": {}}
    for lang, want in (("fr", ["8,87\xa0M", "34,3\xa0k", "20,0\xa0M", "9"]), ("en", ["8.87M", "34.3K", "20.0M", "9"])):
        cards = key_figures(SimpleNamespace(summary=s, matches=pd.DataFrame()), lang)
        assert [c["big"] for c in cards] == want
