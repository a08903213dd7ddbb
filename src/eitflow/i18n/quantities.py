"""Quantities said with their words: money (``15 063 909 €``, ``15,063,909 EUR``, per year),
percentages, shares of 1 and durations, in the locale's format (Babel)."""

from __future__ import annotations

import math
import re

from eitflow.i18n.figures import _DASH, _finite, _pattern, card_figure, number, share_figure
from eitflow.i18n.lang import DEFAULT_LANG, LOCALES
from eitflow.i18n.messages import text, unit

#: the space between a sum and its currency, one rule for every output: a text people read (a
#: page, a PDF, the terminal, a workbook's cell) has a no-break space, U+00A0, as Babel writes
#: French ('15 063 909\xa0€') and the pages glue every figure to its unit (`unbroken`), so no line
#: ends with '15,063,909' and starts with 'EUR/yr'; a machine file's text (summary.json's notes, a
#: CSV cell) a plain one, so that English stays ASCII there. English read '15,063,909 EUR' (plain)
#: in the terminal and a CSV where the pages said '15,063,909\xa0EUR'.
MONEY_SPACE = {False: "\xa0", True: " "}
_BEFORE_CURRENCY = re.compile(r"[ \xa0](?=EUR|€)")


def short_parts(v, unit_code: str, lang: str = DEFAULT_LANG) -> tuple[str, str]:
    """A key figure in short form (`card_figure`) and what follows it, its unit, as a card shows
    them (the figure large, the rest small) and a sentence joins them: 15063909 EUR/yr ->
    ('15,1\xa0M', '€/an') (fr: the short scale's letter glued to its unit, as 'k€' or 'MWh',
    Babel's no-break space between number and letter), ('15.1M', '\xa0EUR/yr') (en); 670 ->
    ('670', '\xa0€/an'). The space between a figure and its unit is `MONEY_SPACE`'s for people,
    a no-break one. The report's cards read '15,1 M €/an' (a 4 px margin between 'M' and '€/an')
    where the brief's decision line read '15,1 M€/an'.

    Parameters
    ----------
    v : float
        The figure, in `unit_code` (None or NaN reads '–').
    unit_code : str
        Its unit as the code writes it ('EUR/yr', 'tCO2/yr', 'EUR'); said in `lang` (`unit`).
    lang : str
        "en" or "fr".

    Returns
    -------
    tuple of str
        (figure, rest): the figure's text, then its unit with the space before it where there is one.
    """
    big, u = card_figure(v, lang), unit(unit_code, lang)
    glued = lang == "fr" and big[-1:].isalpha()   # '15,1 M' + '€/an': one word, as 'M€'
    return big, ("" if glued or not u else MONEY_SPACE[False]) + u


def money(v, lang: str = DEFAULT_LANG, digits: int = 0, per_year: bool = False, machine: bool = False,
          short: bool = False) -> str:
    """A sum of euros as `lang` writes it, 'EUR' after the figure in English as its units say
    it (not '€15,063,909'): 15063909 -> '15\u202f063\u202f909\xa0€' (fr), '15,063,909\xa0EUR'
    (en); `per_year`: €/an, EUR/yr; `short`: at a card's 3 significant digits in the short scale,
    '15,1\xa0M€/an' (fr), '15.1M\xa0EUR/yr' (en) (`short_parts`, the one rule for abbreviated money).

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
    short : bool
        The short form people read on a card and in the brief's decision line (`digits` and
        `machine` then unused).

    Returns
    -------
    str
        The sum with its currency.
    """
    if not _finite(v):
        return _DASH
    if short:
        return "".join(short_parts(v, "EUR/yr" if per_year else "EUR", lang))
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


#: a solve's relative gap is said to 2 decimals of a percent at most: "0,05 %" reads, "0,0000 %" does not
GAP_DIGITS = 2
#: a relative gap under this is the solver's float noise, 0 (HiGHS's 'optimal' under the co2
#: objective leaves its bound 1e-7 above its objective): not "< 0,01 %" beside a target of 0
GAP_NOISE = 1e-6


def gap_shows(v) -> bool:
    """Whether a relative gap is more than the solver's noise (`GAP_NOISE`): said as a gap, and
    worth compare's note that a plan's change may be the solver's."""
    return v is not None and math.isfinite(float(v)) and abs(float(v)) >= GAP_NOISE


def gap_percent(v, lang: str = DEFAULT_LANG) -> str:
    """A solve's relative gap (a share of 1), or its target, as people read it, the one rule of
    every place one is shown (the status line, the report, the brief, the summary's sentences,
    compare's and the sweep report's): the fewest decimals up to `GAP_DIGITS` that say it, a gap
    above the solver's noise (`gap_shows`) that would read 0 as under its smallest step
    ("< 0,01 %"), 0 (and the noise) as "0 %".

    Parameters
    ----------
    v : float or None
        The gap or target, a share of 1 (0.001 is 0.1 %); None: unknown.
    lang : str
        en or fr.

    Returns
    -------
    str
        "0 %", "< 0,01 %", "0,1 %", "1,25 %" (fr); "0%", "< 0.01%", "0.1%", "1.25%" (en), the sign
        and its figure apart by a no-break space;
        'unknown' / 'inconnu' for None.
    """
    if v is None:
        return text("unknown", lang)
    from decimal import ROUND_HALF_EVEN, Decimal

    # in decimal, as Babel rounds: 0.075 % is 0,08 %; the solver's noise is 0
    x = Decimal(repr(abs(float(v)) * 100)) if gap_shows(v) else Decimal(0)
    step = Decimal(1).scaleb(-GAP_DIGITS)
    shown = x.quantize(step, ROUND_HALF_EVEN)
    if x > 0 and shown == 0:   # 0.00004 is no 0 %: a gap the solver left, under the smallest step
        # a no-break space: the sign never ends a line apart from its figure
        return "<\u00a0" + percent(float(step) / 100, lang, GAP_DIGITS)
    digits = next(d for d in range(GAP_DIGITS + 1) if shown == shown.quantize(Decimal(1).scaleb(-d)))
    return percent(float(shown) / 100, lang, digits)


def share_said(v: float, lang: str = DEFAULT_LANG) -> str:
    """0.05 -> '5 %' (fr), '5%' (en); 0.0001 -> '0,01 %': the fewest decimals that show the value."""
    digits = next((d for d in range(5) if abs(round(v * 100, d) - v * 100) < 1e-9), 4)
    return percent(v, lang, digits)

