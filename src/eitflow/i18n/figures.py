"""Numbers by locale, without words: Babel's rules (``fr_FR``: a narrow no-break space between
thousands and a decimal comma, ``1 234 568``; ``en_GB``: ``1,234,568``), never by hand; `Amount`,
a number of a sentence shown at `amount`'s precision."""

from __future__ import annotations

import math
import re
from functools import lru_cache
from numbers import Real

from eitflow.i18n.lang import DEFAULT_LANG, LOCALES
from eitflow.numtext import WrittenOut, whole_g

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
    """An amount with sensible precision: whole numbers from 100 on, `sig` significant digits below (a purity: 6),
    its trailing zeros dropped (`amount_digits`)."""
    if not _finite(v):
        return _DASH
    return number(v, lang, amount_digits(v, sig))


def amount_digits(v, sig: int = 3) -> int:
    """The decimals `amount` shows `v` with: none from 100 on (and for 0), else those of its `sig`
    significant digits without the trailing zeros (17.5 -> 1, 5.36 -> 2, 5.0 -> 0, 0.125 -> 3)."""
    if not _finite(v):
        return 0
    a = abs(float(v))
    if a >= 100 or a == 0:
        return 0
    digits = max(0, sig - 1 - math.floor(math.log10(a)))
    kept = f"{round(a, digits):.{digits}f}".rstrip("0")
    return len(kept.split(".")[1]) if "." in kept else 0


def column_digits(values, sig: int = 3, most: int = 3) -> int:
    """The decimals of a column of figures, the same on every row: the most `amount` shows any of
    them with (`amount_digits`), at most `most`. A column read '4 900' beside '5 023,7' and '17,5'
    beside '250' (`eitflow alternatives`' amounts, each row to its own precision); now '4 900' and
    '5 024', '17,5' and '250,0'.

    Parameters
    ----------
    values : iterable of float
        The column's figures (NaN and None ignored).
    sig : int
        Significant digits of a figure below 100 (`amount`'s).
    most : int
        The most decimals (a tiny figure beside large ones does not give them six).

    Returns
    -------
    int
        Decimals, 0 for a column of whole figures or none.
    """
    return min(most, max((amount_digits(v, sig) for v in values if _finite(v)), default=0))


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
    # Babel's own spacing: a no-break space before the French 'M' ('15,1\xa0M'), as `card_figure`'s;
    # a plain one let a line break between the figure and its unit
    return format_compact_decimal(float(v), format_type="short", locale="en" if lang == "en" else LOCALES[lang],
                                  fraction_digits=fd)


#: significant digits of a key figure on a card (`card_figure`): 15,1 M, 1,23 M, 123 M, 20,0 M
CARD_DIGITS = 3


def card_figure(v, lang: str = DEFAULT_LANG, sig: int = CARD_DIGITS) -> str:
    """A key figure on a card (the report's, the brief's, a sweep's), at `sig` significant digits
    whatever its size, zeros kept, in the locale's short form from 1,000 on: 19,970,000 ->
    '20,0 M' (fr, a no-break space before the M) or '20.0M' (en), 15,063,909 -> '15,1 M', 1,234,567 -> '1,23 M', 999,999 ->
    '1,00 M', 45.26 -> '45,3'; 0 -> '0'. `compact` (Babel's) drops a decimal that rounds to 0:
    tavaux_h2's investment card read '20 M' beside '15,1 M' and '50,2 k'. The exact value is
    on the card's line below it."""
    if not _finite(v):
        return _DASH
    x = float(v) + 0.0
    if x == 0:
        return number(0, lang)
    e = math.floor(math.log10(abs(x)))
    x = round(x, sig - 1 - e)
    e = math.floor(math.log10(abs(x)))   # 999,999 rounds to 1,000,000: one digit more
    if e < 3:
        return number(x, lang, max(0, sig - 1 - e))
    from babel import Locale

    # the locale's short pattern for this size ('00 M': tens of millions, shown 'xx M')
    pattern = Locale.parse("en" if lang == "en" else LOCALES[lang]).compact_decimal_formats["short"]["other"][
        str(10 ** min(e, 14))]
    shift = min(e, 14) - pattern.pattern.count("0") + 1   # the power of ten of the pattern's unit
    whole = e - shift + 1   # digits before the decimal sign
    suffix = pattern.suffix[0]   # as Babel spaces it: no-break in French ("20,0\xa0M"), a line never splits it
    return number(x / 10 ** shift, lang, max(0, sig - whole)) + suffix


@lru_cache(maxsize=16)
def _pattern(kind: str, lang: str, digits: int) -> str:
    """The locale's own pattern (symbol place, spacing; English money: 'EUR' after the figure) with `digits` decimals."""
    from babel import Locale

    loc = Locale.parse(LOCALES[lang])
    pat = "#,##0 ¤¤" if (kind, lang) == ("currency", "en") else (loc.currency_formats["standard"] if kind == "currency" else loc.percent_formats[None]).pattern
    return re.sub(r"#,##0(\.0+)?", "#,##0" + ("." + "0" * digits if digits > 0 else ""), pat.split(";")[0])


def share_figure(v: float, lang: str = DEFAULT_LANG, digits: int = 2) -> str:
    """A share of 1 as a percentage in the locale's format: 0.00075 -> '0,08 %' (fr), '0.08%' (en)."""
    from babel.numbers import format_percent

    return format_percent(float(v), format=_pattern("percent", lang, digits), locale=LOCALES[lang])


class Figure:
    """A number filling a template in `lang`: ``format(Figure(x, 'fr'), ',.1f')`` is the figure
    the English spec shows ('1,234.5'), with the locale's separators ('1\u202f234,5': Babel), so
    a template's spec says how many digits, never which separators. French sentences said by
    `i18n.text` from plain numbers read '1,234,568 €/an' (`{x:,.0f}`: Python's English commas)."""

    __slots__ = ("v", "lang")

    def __init__(self, v, lang: str):
        self.v, self.lang = v, lang

    def __format__(self, spec: str) -> str:
        v = float(self.v)
        if isinstance(self.v, Amount) or spec == AMOUNT_SPEC:   # its own precision, as in English
            return amount(v, self.lang)
        if not math.isfinite(v):
            return format(v, spec)
        if spec.endswith("%"):
            return share_figure(v, self.lang, int(spec.lstrip(".,").rstrip("f%") or 0))
        plain = whole_g(v, spec.replace(",", "") or "g")
        if "e" in plain:
            return plain.replace(".", ",")
        return number(float(plain), self.lang, len(plain.split(".")[1]) if "." in plain else 0)

    def __str__(self) -> str:   # '{value!s}': the number as given
        return str(self.v)

    def __repr__(self) -> str:   # '{value!r}' (an English template a language falls back to)
        return repr(self.v)


#: a template's spec for an amount of a resource ('{amount:amount} {unit}'): said at `amount`'s
#: precision in every language, as the report's tables say amounts (whole from 100 on, 3
#: significant digits below). explain's sentences wrote ',.6g' ('24,769.1 MWh/yr', '5,230.93
#: MWh/yr') beside its received sentence's and the tables' '24,769'.
AMOUNT_SPEC = "amount"


class _English(WrittenOut):
    """A number filling an English template: `WrittenOut`'s, an `AMOUNT_SPEC` field at `amount`'s precision."""

    __slots__ = ()

    def __format__(self, spec: str) -> str:
        return amount(float(self.v), DEFAULT_LANG) if spec == AMOUNT_SPEC else super().__format__(spec)


def in_english(fields: dict) -> dict:
    """The fields of an English template: each plain number (not a bool, not an `Amount`, which
    formats itself) as `_English`."""
    return {k: _English(v) if isinstance(v, Real) and not isinstance(v, (bool, Amount)) else v
            for k, v in fields.items()}


def in_language(fields: dict, lang: str) -> dict:
    """The fields of a template said in `lang` (not English): each number (not a bool) a `Figure`;
    the rest as given."""
    return {k: Figure(v, lang) if isinstance(v, Real) and not isinstance(v, bool) else v for k, v in fields.items()}


#: a plain space inside a number whose thousands it separates ('1 000', typed so in a name)
_THOUSANDS = re.compile(r"(?<=\d) (?=\d{3}(?!\d))")
#: a figure: not the digit ending a word ("CO2 avoided" is no amount)
_FIGURE = r"(?<!\w)(\d(?:[\d.,\u202f\xa0]*\d)?) "
#: ... and the plain space after it, before any short word ('3 sites': the terminal's tables) ...
_FIGURE_WORD = re.compile(_FIGURE + r"(?=[€%°]|[^\W\d_][\w/°€%]{0,7}(?![\w/]))")
#: ... or before a unit ('6,0 km', '20 ans', '54 t/an', '5 %', '100 EUR/tCO2': a page's text)
_FIGURE_UNIT = re.compile(_FIGURE + r"(?=[€%°]|(?:EUR|[kMGT]?Wh|[kMG]W|[kM]?t|tCO2e?|kg|km|m|m²|m³|ha|bar|"
                          r"K|s|min|h|ans?|jours?|days?|years?|yr)(?:/[\w²³]+)?(?![\w/]))")


def unbroken(s: str, group: str = "\u202f", glue: str = "\xa0", words: bool = False) -> str:
    """`s` with the plain spaces a line must not break at made `group` (inside a number: '1 000'
    typed with a plain space, U+202F as Babel writes it) and `glue` (between a figure and its
    unit: '6,0 km', U+00A0, French typography's; `words`: before any word of up to 8 letters too,
    '3 sites'). The report's pages read '(7,8' at a line's end and 'km de tracé)' on the next,
    'sur 20' then 'ans'; a terminal's table has the same rule, with words
    (`cli.tables._wrap`, its own mark for both).

    Parameters
    ----------
    s : str
        A text people read (a sentence, a name).
    group, glue : str
        What replaces the space inside a number, and between a figure and its unit.
    words : bool
        Glue a figure to any short word after it, not only to a unit.

    Returns
    -------
    str
        `s`, no other character changed.
    """
    return (_FIGURE_WORD if words else _FIGURE_UNIT).sub("\\1" + glue, _THOUSANDS.sub(group, s))


class Amount(float):
    """A number inside a `Phrase` field shown with `amount`'s precision (whole from 100 on,
    3 significant digits below), whatever the template's spec."""

    __slots__ = ()

    def __format__(self, spec: str) -> str:
        return amount(float(self), DEFAULT_LANG)

