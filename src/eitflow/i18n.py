"""French and English for what people read: the report, the PDFs, the CLI's lines, the workbook headers.

Texts live in one table, ``data/messages.csv`` (columns ``key, en, fr``), so a translator edits
a spreadsheet rather than code; `text(key, lang, **fields)` fills ``{field}`` placeholders.
Numbers and currency are formatted by Babel with the locale's own rules (``fr_FR``: a
narrow no-break space between thousands, a decimal comma, ``15 063 909 €``; ``en_GB``:
``€15,063,909``), never by hand. Units keep their symbols; only the year changes
(``MWh/yr`` reads ``MWh/an`` in French).

The language of a run: ``--lang`` on the command line, else ``lang:`` in scenario.yaml,
else English (`resolve_lang`).
"""

from __future__ import annotations

import csv
import math
import re
from functools import lru_cache
from importlib import resources

LANGS = ("en", "fr")
DEFAULT_LANG = "en"
LOCALES = {"en": "en_GB", "fr": "fr_FR"}
_DASH = "–"


def resolve_lang(cli: str | None = None, scenario: str | None = None) -> str:
    """The language to use: the command line's, else the scenario's, else English."""
    for v in (cli, scenario):
        if v:
            v = str(v).strip().lower()
            if v not in LANGS:
                raise ValueError(f"unknown language {v!r}: expected one of {', '.join(LANGS)}")
            return v
    return DEFAULT_LANG


@lru_cache(maxsize=1)
def _messages() -> dict[str, dict[str, str]]:
    with resources.files("eitflow").joinpath("data/messages.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    out: dict[str, dict[str, str]] = {}
    for r in rows:
        out[r["key"]] = {lang: r[lang] for lang in LANGS}
    return out


def has_text(key: str) -> bool:
    return key in _messages()


def text(key: str, lang: str = DEFAULT_LANG, **fields) -> str:
    """The message `key` in `lang`, with ``{name}`` fields filled; a missing French text
    falls back to English, an unknown key is an error (a typo must not ship)."""
    row = _messages()[key]
    msg = row.get(lang) or row["en"]
    return msg.format(**fields) if fields else msg


def _finite(v) -> bool:
    return v is not None and not (isinstance(v, float) and not math.isfinite(v))


def resource_name(r: str, lang: str = DEFAULT_LANG) -> str:
    """A resource as people read it ('fly_ash' -> 'fly ash', 'cendres volantes')."""
    key = f"res_{r}"
    return text(key, lang) if has_text(key) else str(r).replace("_", " ")


def number(v, lang: str = DEFAULT_LANG, digits: int = 0) -> str:
    """1234567.8 -> '1 234 568' (fr) or '1,234,568' (en); digits after the decimal sign."""
    if not _finite(v):
        return _DASH
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return format_decimal(float(v) + 0.0, format=pattern, locale=LOCALES[lang])


def amount(v, lang: str = DEFAULT_LANG) -> str:
    """An amount with sensible precision: whole numbers from 100 on, 3 significant digits below."""
    if not _finite(v):
        return _DASH
    a = abs(float(v))
    if a >= 100 or a == 0:
        return number(v, lang)
    digits = max(0, 2 - math.floor(math.log10(a)))
    return number(round(float(v), digits), lang, digits).rstrip("0").rstrip(",.") if digits else number(v, lang)


def compact(v, lang: str = DEFAULT_LANG) -> str:
    """15063909 -> '15,1 M' (fr) or '15.1M' (en): for key figures, with the exact value beside."""
    if not _finite(v):
        return _DASH
    from babel.numbers import format_compact_decimal

    a = abs(float(v))
    if a < 1000:
        return number(v, lang)
    fd = 1 if a < 1e11 else 0
    # plain English short forms (15.1M, 1.4B) rather than en_GB's lower-case 15.1m
    out = format_compact_decimal(float(v), format_type="short", locale="en" if lang == "en" else LOCALES[lang],
                                 fraction_digits=fd)
    return out.replace("\xa0", " ")


def money(v, lang: str = DEFAULT_LANG, digits: int = 0) -> str:
    """15063909 -> '15 063 909 €' (fr) or '€15,063,909' (en)."""
    if not _finite(v):
        return _DASH
    from babel.numbers import format_currency

    return format_currency(float(v) + 0.0, "EUR", locale=LOCALES[lang], currency_digits=False,
                           format=_pattern("currency", lang, digits))


@lru_cache(maxsize=16)
def _pattern(kind: str, lang: str, digits: int) -> str:
    """The locale's own pattern (symbol place, spacing) with `digits` decimals."""
    from babel import Locale

    loc = Locale.parse(LOCALES[lang])
    pat = (loc.currency_formats["standard"] if kind == "currency" else loc.percent_formats[None]).pattern
    pat = pat.split(";")[0]
    pat = re.sub(r"#,##0(\.0+)?", "#,##0" + ("." + "0" * digits if digits > 0 else ""), pat)
    return pat


def percent(v, lang: str = DEFAULT_LANG, digits: int = 2) -> str:
    """0.00075 -> '0,08 %' (fr) or '0.08%' (en); None -> 'unknown'."""
    if v is None:
        return text("unknown", lang)
    from babel.numbers import format_percent

    return format_percent(float(v), format=_pattern("percent", lang, digits), locale=LOCALES[lang])


def unit(u: str, lang: str = DEFAULT_LANG) -> str:
    """A unit as read in `lang`: 'MWh/yr' -> 'MWh/an', 'm3' -> 'm³', 'degC' -> '°C', 'EUR' -> '€' (fr)."""
    if not u:
        return ""
    u = str(u).replace("m3", "m³").replace("degC", "°C")
    if lang == "fr":
        u = u.replace("/yr", "/an").replace("EUR", "€").replace("/unit", "/unité")
    return u


# a column's unit is the suffix of its name (net_benefit_eur_per_yr: EUR/yr); longest first
COLUMN_UNITS = [
    ("_eur_per_yr", "EUR/yr", 0), ("_eur_per_unit", "EUR/unit", 2), ("_eur_per_t", "EUR/t", 2), ("_eur", "EUR", 0),
    ("_t_per_yr", "t/yr", 1), ("_mwh_per_yr", "MWh/yr", 0), ("_km", "km", 1), ("_c", "°C", 1), ("_s", "s", 2),
    ("_share", "%", 1), ("_pct", "%", 2),
]


def column_parts(col: str) -> tuple[str, str, int | None]:
    """(name without its unit, unit, decimals to show) of a table column, from its name."""
    for suf, u, dec in COLUMN_UNITS:
        if col.endswith(suf):
            return col[: -len(suf)], u, dec
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
