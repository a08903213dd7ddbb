"""A table column as people read it: its name and its unit, the suffix of the column's name
(``net_benefit_eur_per_yr``: "net benefit" in EUR/yr)."""

from __future__ import annotations

from eitflow.i18n.lang import DEFAULT_LANG
from eitflow.i18n.messages import has_text, text, unit

# a column's unit is the suffix of its name (net_benefit_eur_per_yr: EUR/yr); longest first
COLUMN_UNITS = [
    ("_t_co2_per_yr", "tCO2/yr", 1), ("_eur_per_yr", "EUR/yr", 0), ("_eur_per_unit", "EUR/unit", 2), ("_eur_per_t", "EUR/t", 2), ("_eur", "EUR", 0),
    ("_t_per_yr", "t/yr", 1), ("_mwh_per_yr", "MWh/yr", 0), ("_km", "km", 1), ("_c", "°C", 1), ("_s", "s", 2),
    ("_share", "%", 1), ("_pct", "%", 2), ("_ha", "ha", 1),
]


def column_parts(col: str) -> tuple[str, str, int | None]:
    """(name without its unit, unit, decimals to show) of a table column; a CO2 column's t are tCO2/yr."""
    for suf, u, dec in COLUMN_UNITS:
        if col.endswith(suf):
            return col[: -len(suf)], ("tCO2/yr" if u == "t/yr" and "co2" in col[: -len(suf)] else u), dec
    if col in ("gap", "mip_gap"):
        return col, "%", 2
    return col, "", None


def column_label(col: str, lang: str = DEFAULT_LANG, with_unit: bool = True, sep: str = " ") -> str:
    """A table column as people read it: 'net_benefit_eur_per_yr' -> 'net benefit (EUR/yr)'
    or 'bénéfice net (€/an)'; names come from the messages (``col__<name>``)."""
    stem, u, _ = column_parts(col)
    key = f"col__{stem}"
    label = text(key, lang) if has_text(key) else stem.replace("_", " ")
    return f"{label}{sep}({unit(u, lang)})" if with_unit and u else label

