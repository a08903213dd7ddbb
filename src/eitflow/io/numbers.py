"""Numbers as spreadsheets write them: the one documented reading of decimal and
thousands separators.

In a `,`-separated file a number uses a decimal point (`1234.5`). In a `;`- or
tab-separated file (a French or German spreadsheet export) a number may also use a decimal
comma (`1234,5`), with dots or spaces grouping thousands before it (`1.234.567,5`,
`1 234 567,5`). A dot alone is read per column:

* groups of exactly three digits after every dot (`700.000`, `1.000.000`) are thousands
  when the column elsewhere uses a decimal comma or several dots in one number;
* otherwise a dot is a decimal point when the column elsewhere has a dot followed by other
  than three digits (`50.28`, `0.5`) or one that cannot group thousands (`0.125`), or when
  reading it as thousands would break the column's upper bound (a latitude of 48857);
* a column that says neither (every dotted value is `ddd.ddd`) is ambiguous: those cells
  are refused, never guessed (`700.000` could be 700 or 700,000).

A comma alone followed by exactly three digits (`114,000`, `1,500`) is read the same way
in a `;`- or tab-separated file: a decimal comma when the column elsewhere has a comma
followed by other than three digits (`48,6265`, `0,5`, `1234,5`) or dots grouping
thousands, or when 114000 would break the column's bound; otherwise it is refused as
ambiguous (an English export writes 114000 as `114,000`, and reading it as 114 would
silently divide the figure by a thousand). A number written the English way, commas
grouping thousands (`1,234.5`, `1,000,000`), is refused in such a file: the comma is its
decimal separator there, and a column mixing both conventions cannot be read one way.
In a `,`-separated file a comma in a quoted number (`"48,6265"`, `"1,234.5"`) is refused
with its own message: either reading could be meant. The minus sign U+2212 (`−5`, as word processors and typeset tables write it) is a minus.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

_SPACES = r"[ \u00a0\u202f]"
_COMMA_DEC = r"^[+-]?(?:\d{1,3}(?:\.\d{3})+|\d*),\d*(?:[eE][+-]?\d+)?$"   # 1.234,5 or 1234,5 or ,5
_GROUPED = r"^[+-]?[1-9]\d{0,2}(?:\.\d{3})+$"                               # 700.000, 1.000.000 (not 0.125)
_MULTI_DOT = r"^[+-]?[1-9]\d{0,2}(?:\.\d{3}){2,}$"                          # 1.000.000
_DOT_DEC = r"^[+-]?\d*\.\d+(?:[eE][+-]?\d+)?$"                               # 50.28, 0.5, 700.000
_COMMA_3 = r"^[+-]?[1-9]\d{0,2},\d{3}$"                                      # 114,000: 114 or 114000?
_ENGLISH = r"^[+-]?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d*)?$"                       # 1,234.5 or 1,000,000 (not 1,500)

#: why a cell was refused (`parse_numbers`' second array)
CLEAR, AMBIGUOUS_DOT, AMBIGUOUS_COMMA, ENGLISH, COMMA_FILE = 0, 1, 2, 3, 4


def parse_numbers(raw: pd.Series, decimal_comma: bool, hi: float | None = None,
                  typed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Text cells → floats (NaN where not a number) and, per cell, why it was refused though
    it reads as a number (see the module docstring): `CLEAR` (0: not refused),
    `AMBIGUOUS_DOT`, `AMBIGUOUS_COMMA`, `ENGLISH` or `COMMA_FILE`; the array is truthy where refused.
    `hi`: the column's upper bound, which settles a separator that thousands would push
    above it. `typed`: cells that were numbers in a workbook (written as Python writes a
    float, `700.125`), read as they are and left out of the column's evidence."""
    if typed is not None and typed.any():
        values = np.array(pd.to_numeric(raw[typed], errors="coerce"), dtype=float)
        out, why = np.full(len(raw), np.nan), np.zeros(len(raw), np.int8)
        out[typed] = values
        out[~typed], why[~typed] = parse_numbers(raw[~typed], decimal_comma, hi)
        return out, why
    # the grouping spaces are removed by a regex per cell only where a cell holds one (rare:
    # the national tables have none in 175,000 numeric cells; the regex took 0.1 s); a column
    # holding anything but text (a missing cell) goes through the regex, as before
    try:
        joined = "\n".join(raw.tolist())
    except TypeError:
        joined = " \u2212,"
    spaced = " " in joined or "\u00a0" in joined or "\u202f" in joined
    text = raw.str.replace(_SPACES, "", regex=True) if spaced else raw
    if "\u2212" in joined:
        text = text.str.replace("\u2212", "-", regex=False)
    why = np.zeros(len(raw), np.int8)
    if not decimal_comma:
        values = np.array(pd.to_numeric(text, errors="coerce"), dtype=float)
        if "," in joined:  # a quoted "48,6265" or "1,234.5": the file's separator is the comma
            why[~np.isfinite(values) & (text.str.match(_COMMA_DEC, na=False) | text.str.match(_ENGLISH, na=False)).to_numpy(bool)] = COMMA_FILE
        return values, why
    comma = text.str.contains(",", regex=False).to_numpy()
    comma_ok = text.str.match(_COMMA_DEC).to_numpy()
    comma3 = text.str.match(_COMMA_3).to_numpy()
    english = text.str.match(_ENGLISH).to_numpy() & ~comma3
    grouped = text.str.match(_GROUPED).to_numpy()
    multi = text.str.match(_MULTI_DOT).to_numpy()
    dot_dec = text.str.match(_DOT_DEC).to_numpy() & ~grouped
    comma_dec = comma & comma_ok & ~comma3          # a comma that can only be decimal: 48,6265, 1.234,5
    thousands_ev = bool(comma_dec.any() or multi.any())
    decimal_ev = bool(dot_dec.any())
    out = text.copy()
    # decimal comma, with dots grouping thousands before it
    out[comma & comma_ok] = text[comma & comma_ok].str.replace(".", "", regex=False).str.replace(",", ".",
                                                                                                   regex=False)
    out[comma & ~comma_ok] = "nan"
    # written the English way (1,234.5; 1,000,000) where the comma is the decimal separator:
    # refused, never guessed (the column cannot be read with one convention)
    why[english] = ENGLISH
    if comma3.any():
        # 114,000: a decimal comma only where the column elsewhere says so (and nothing in it
        # reads the English way), or where 114000 would break the column's bound
        over = np.zeros(len(raw), bool)
        if hi is not None:
            as_int = pd.to_numeric(text[comma3].str.replace(",", "", regex=False), errors="coerce")
            over[comma3] = np.array(as_int, dtype=float) > hi
        if not (thousands_ev and not decimal_ev and not english.any()):
            why[comma3 & ~over] = AMBIGUOUS_COMMA
    single = grouped & ~multi
    as_thousands = text.str.replace(".", "", regex=False)
    if thousands_ev and not decimal_ev:
        out[grouped] = as_thousands[grouped]
    elif decimal_ev and not thousands_ev:
        out[multi] = "nan"  # several decimal points
    elif thousands_ev and decimal_ev:
        why[single] = AMBIGUOUS_DOT     # the column uses both readings: refuse the cells that could be either
        out[multi] = as_thousands[multi]
    elif single.any():
        th = np.array(pd.to_numeric(as_thousands[single], errors="coerce"), dtype=float)
        if hi is not None and (th > hi).any():
            pass  # read as decimals: thousands would break the column's bound
        else:
            why[single] = AMBIGUOUS_DOT
    values = np.array(pd.to_numeric(out, errors="coerce"), dtype=float)
    values[why != CLEAR] = np.nan
    return values, why
