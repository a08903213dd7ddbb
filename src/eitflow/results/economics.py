"""Economics for each partner, as written to price_bands.csv and companies.csv: a price band
per chosen link and the benefit of each company, both read from `Result.statistics`.

For a chosen link a (source -> sink) carrying x (supply units/yr) at a transfer price p
(EUR per supply unit) paid by the sink to the source (`results.prices`):

    source gain = (w + p - b) x       w: disposal avoided less production cost (0 for a hub)
                                      b: a built supply's annual cost per unit delivered
    sink gain   = (v - w - p) x - F   input and CO2 avoided, less transport, investment and
                                      fixed costs, less the price

Both gain when  b - w <= p <= v - w - F / x : that is the band. The suggested price inside
it is `results.prices.suggested_price` (the one place of that rule). Hub legs are priced the
same way, the hub being the buyer of what enters it and the seller of what leaves it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from eitflow.i18n import text
from eitflow.results.result import Result

#: `mode`: how the link carries (matches.csv's, `results.tables.link_modes`): a pair by truck and by pipe is two bands;
#: `price_note`: the convention its price follows where it is not the plain band's (captured CO2 sent to
#: storage: the emitter pays, message price_rule_stored, as the report says it, in the run's language), else empty
BAND_COLUMNS = ["source_site", "sink_site", "kind", "supply_resource", "demand_resource", "mode", "amount", "unit",
                "demand_amount", "demand_unit", "price_min_eur_per_unit", "price_max_eur_per_unit", "price_suggested_eur_per_unit",
                "supplier_benefit_eur_per_yr", "buyer_benefit_eur_per_yr", "price_note"]


def price_bands(result: Result, lang: str | None = None) -> pd.DataFrame:
    """Per chosen link (direct exchanges and hub legs; `kind`; by its transport `mode`), what is sent
    (`amount`, `unit`, the supply's base unit/yr) and what is received (`demand_amount`,
    `demand_unit`, as matches.csv: a converted or lossy exchange's user gets another amount): the transfer-price band within
    which both partners gain (EUR per supply unit), the suggested price, and each partner's
    benefit at that price (EUR/yr; the supplier's net of its build cost share), and `price_note`: on
    captured CO2 sent to storage and what brings it to the network or hub that stores it
    (`co2_at_source`), that the emitter pays for the storage (a negative price), in `lang`: by
    default the run's (`--lang`, else the scenario's `lang:`, else English; a French run's
    price_bands.csv said it in English)."""
    from eitflow.i18n import resolve_lang

    lang = resolve_lang(lang, result.scenario.params.lang)
    L = result.statistics.links()
    stored = L["co2_at_source"].to_numpy(bool) if "co2_at_source" in L else np.zeros(len(L), bool)
    return pd.DataFrame({
        "source_site": L["source_site"], "sink_site": L["sink_site"], "kind": L["kind"],
        "supply_resource": L["supply_resource"], "demand_resource": L["demand_resource"], "mode": L["mode"],
        "amount": L["amount"], "unit": L["unit"], "demand_amount": L["demand_amount"], "demand_unit": L["demand_unit"],
        "price_min_eur_per_unit": L["price_min_eur_per_unit"], "price_max_eur_per_unit": L["price_max_eur_per_unit"],
        "price_suggested_eur_per_unit": L["price_eur_per_unit"],
        "supplier_benefit_eur_per_yr": L["source_benefit_eur_per_yr"],
        "buyer_benefit_eur_per_yr": L["sink_benefit_eur_per_yr"],
        "price_note": np.where(stored, text("price_rule_stored", lang), ""),
    }, columns=BAND_COLUMNS)


def company_benefits(result: Result) -> pd.DataFrame:
    """Per party (site, or hub): benefit as supplier, as buyer, build cost and total (EUR/yr)
    at the suggested prices, with CO2 (tCO2/yr) and investment (EUR); see
    `Statistics.companies`. Sums to the run's totals."""
    return result.statistics.companies()
