"""Numbers by locale, without words: Babel's rules (``fr_FR``: a narrow no-break space between
thousands and a decimal comma, ``1 234 568``; ``en_GB``: ``1,234,568``), never by hand; `Amount`,
a number of a sentence shown at `amount`'s precision."""

from __future__ import annotations

import math

from eitflow.i18n.lang import DEFAULT_LANG, LOCALES

_DASH = "–"


def _finite(v) -> bool:
    return v is not None and not (isinstance(v, float) and not math.isfinite(v))


def number(v, lang: str = DEFAULT_LANG, digits: int = 0) -> str:
    """1234567.8 -> '1 234 568' (fr) or '1,234,568' (en); digits after the decimal sign."""
    if not _finite(v):
        return _DASH
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return format_decimal(float(v) + 0.0, format=pattern, locale=LOCALES[lang])


def amount(v, lang: str = DEFAULT_LANG, sig: int = 3) -> str:
    """An amount with sensible precision: whole numbers from 100 on, `sig` significant digits below (a purity: 6)."""
    if not _finite(v):
        return _DASH
    a = abs(float(v))
    if a >= 100 or a == 0:
        return number(v, lang)
    digits = max(0, sig - 1 - math.floor(math.log10(a)))
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



class Amount(float):
    """A number inside a `Phrase` field shown with `amount`'s precision (whole from 100 on,
    3 significant digits below), whatever the template's spec."""

    __slots__ = ()

    def __format__(self, spec: str) -> str:
        return amount(float(self), DEFAULT_LANG)

