"""`eitflow compare` of two siting runs said 'paramètres : année d'implantation par défaut ->
2 026': a year grouped as a quantity (French thousands separator). A year is a label, written
as is; a quantity keeps its grouping ('100 -> 3 000 €/tCO2')."""
from __future__ import annotations

from eitflow import i18n


def test_a_siting_year_is_not_grouped():
    assert i18n.parameter_change("siting.year", None, 2026, "fr") == "année d'implantation par défaut -> 2026"
    assert i18n.parameter_change("siting.year", 2025, 2030, "en") == "siting year 2025 -> 2030"
    assert i18n.parameter_change("carbon_price_eur_per_t", 100.0, 3000.0, "fr") == \
        "prix du carbone 100 -> 3\u202f000 €/tCO2"
