"""A figure of a terminal table as people read it (`cli.tables`): the locale's number at its
column's decimals, the same on each row of a column (`column_digits`), a share in %, '–' for
none."""

from __future__ import annotations

import math
import numbers

import eitflow.i18n as i18n

PERCENT_COLUMNS = ("gap", "mip_gap", "gap_pct", "share_of_optimum")   # shares of 1, said in %


def cell(v, col: str, lang: str, objective_unit: str | None = None, digits: int | None = None) -> str:
    """A value as shown: locale number with the column's decimals, '–' when missing; an
    objective's (`report.tables.OBJECTIVE_COLUMNS`) with its `objective_unit`'s (15 063 909 €/an, as the net
    benefit beside it: it read 15 063 908,6). `digits`: the decimals of a column whose unit sets none,
    the same on each of its rows (`column_digits`); None: the value's own."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "–"
    if isinstance(v, bool):
        return i18n.text("yes" if v else "no", lang)
    from eitflow.report.tables import column_decimals

    unit, dec = i18n.column_parts(col)[1], column_decimals(col, objective_unit)
    if isinstance(v, numbers.Number):
        x = float(v)  # type: ignore[arg-type]
        if not math.isfinite(x):
            return "–"
        if unit == "%" or col in PERCENT_COLUMNS:
            x = 100 * x if col in PERCENT_COLUMNS or col.endswith("_share") else x
            d = digits if digits is not None else _percent_digits(x, col, lang, dec)
            return i18n.number(x, lang, d) + " %"
        if dec is None and digits is not None:
            dec = digits if x else 0   # nothing is "0" (an exchange not in a plan), not "0,0"
        if dec is None:   # three significant digits from 1 to 100 (40,5; -4,16), as the report
            a = abs(x)
            dec = 0 if float(x).is_integer() else (1 if a >= 10 else 2 if a >= 1 else 3)
        said = i18n.number(x, lang, dec)
        if x and not any(ch in "123456789" for ch in said):   # not 0 where it is not: a 0.01 km limit read '0.0'
            d = -math.floor(math.log10(abs(x)))   # its first significant digit, and the second if not 0
            said = i18n.number(x, lang, d + (round(x, d + 1) != round(x, d)))
        return said
    return str(v)


def _percent_digits(x: float, col: str, lang: str, dec: int | None) -> int:
    """The decimals of a percentage `x` (already x 100): its column's (1 where none), and for a
    share of the optimum as many more as say it is short of 100: the Ludres backbone's next best
    plan, 539 EUR/yr below 4,166,680, is 99.987 % of it ("99,99 %", not "100,0 %"); a tie (1e-8 of
    float noise) is 100."""
    d = 1 if dec is None else dec
    while (col == "share_of_optimum" and abs(x - 100) > 1e-6 and d < 6
           and i18n.number(x, lang, d) == i18n.number(100, lang, d)):
        d += 1
    return d


def column_digits(values, col: str, lang: str) -> int | None:
    """The decimals every row of a column is shown with, where its unit sets none: its figures'
    most at `i18n.amount`'s precision (`i18n.column_digits`: '4 900' beside '5 024', not '5 023,7'),
    and a share of the optimum's most (`_percent_digits`: '100,00 %' above '99,96 %', where the
    rows read '100,0 %' and '99,96 %'); None for a column whose unit sets them (EUR/yr: 0) or of no
    figures. One rule per column: `eitflow alternatives`' amounts read '4 900' and '5 023,7',
    '15 000' and '14 433,6' in one column.

    Parameters
    ----------
    values : iterable
        The column's cells as computed (figures, NaN, text).
    col : str
        Its name (its unit the suffix: `i18n.column_parts`).
    lang : str
        The table's language.

    Returns
    -------
    int or None
        Decimals, or None (`cell`'s own rule).
    """
    from eitflow.report.tables import OBJECTIVE_COLUMNS, column_decimals

    figs = [float(v) for v in values if isinstance(v, numbers.Number) and not isinstance(v, bool)
            and math.isfinite(float(v))]   # type: ignore[arg-type]
    if not figs or col in OBJECTIVE_COLUMNS:
        return None
    unit, dec = i18n.column_parts(col)[1], column_decimals(col)
    if unit == "%" or col in PERCENT_COLUMNS:
        if col != "share_of_optimum":
            return None
        return max(_percent_digits(100 * x, col, lang, dec) for x in figs)
    return None if dec is not None else i18n.column_digits(figs)
