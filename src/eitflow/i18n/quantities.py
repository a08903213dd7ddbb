"""Quantities said with their words: money (``15 063 909 €``, ``15,063,909 EUR``, per year),
percentages, shares of 1 and durations, in the locale's format (Babel)."""

from __future__ import annotations

import math
import re

from eitflow.i18n.figures import _DASH, _finite, _pattern, number, share_figure
from eitflow.i18n.lang import DEFAULT_LANG, LOCALES
from eitflow.i18n.messages import text

#: the space between a sum and its currency, one rule for every output: a text people read (a
#: page, a PDF, the terminal, a workbook's cell) has a no-break space, U+00A0, as Babel writes
#: French ('15 063 909\xa0€') and the pages glue every figure to its unit (`unbroken`), so no line
#: ends with '15,063,909' and starts with 'EUR/yr'; a machine file's text (summary.json's notes, a
#: CSV cell) a plain one, so that English stays ASCII there. English read '15,063,909 EUR' (plain)
#: in the terminal and a CSV where the pages said '15,063,909\xa0EUR'.
MONEY_SPACE = {False: "\xa0", True: " "}
_BEFORE_CURRENCY = re.compile(r"[ \xa0](?=EUR|€)")


def money(v, lang: str = DEFAULT_LANG, digits: int = 0, per_year: bool = False, machine: bool = False) -> str:
    """A sum of euros as `lang` writes it, 'EUR' after the figure in English as its units say
    it (not '€15,063,909'): 15063909 -> '15\u202f063\u202f909\xa0€' (fr), '15,063,909\xa0EUR'
    (en); `per_year`: €/an, EUR/yr.

    Parameters
    ----------
    v : float
        The sum (EUR, or EUR/yr with `per_year`); None or NaN reads '–'.
    lang : str
        "en" or "fr".
    digits : int
        Decimals shown.
    per_year : bool
        Add the year ('/yr', '/an').
    machine : bool
        For a machine file's text (summary.json, a CSV cell): a plain space before the
        currency (`MONEY_SPACE`); else, for people, a no-break one.

    Returns
    -------
    str
        The sum with its currency.
    """
    if not _finite(v):
        return _DASH
    from babel.numbers import format_currency

    said = format_currency(float(v) + 0.0, "EUR", locale=LOCALES[lang], currency_digits=False,
                           format=_pattern("currency", lang, digits))
    return _BEFORE_CURRENCY.sub(MONEY_SPACE[machine], said) + ("/" + text("per_year", lang) if per_year else "")


def duration(seconds: float, lang: str = DEFAULT_LANG) -> str:
    """A wall time for people (s): '45 s', '12 min', '3.4 h', '2.1 days' ('2,1 jours' in French)."""
    if not _finite(seconds):
        return _DASH
    s = float(seconds)
    for limit, size, key, digits in ((10, 1, "dur_s", 1), (90, 1, "dur_s", 0), (5400, 60, "dur_min", 0),
                                     (172800, 3600, "dur_h", 1),
                                     (math.inf, 86400, "dur_days", 1)):
        if s < limit:
            return text(key, lang, v=number(round(s / size, digits), lang, digits).removesuffix(".0")
                        .removesuffix(",0"))
    raise AssertionError  # pragma: no cover - the last limit is infinite


def percent(v, lang: str = DEFAULT_LANG, digits: int = 2) -> str:
    """0.00075 -> '0,08 %' (fr) or '0.08%' (en); None -> 'unknown'."""
    if v is None:
        return text("unknown", lang)
    return share_figure(v, lang, digits)


def share_said(v: float, lang: str = DEFAULT_LANG) -> str:
    """0.05 -> '5 %' (fr), '5%' (en); 0.0001 -> '0,01 %': the fewest decimals that show the value."""
    digits = next((d for d in range(5) if abs(round(v * 100, d) - v * 100) < 1e-9), 4)
    return percent(v, lang, digits)

