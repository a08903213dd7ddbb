"""Numbers as spreadsheets write them: the one documented reading of decimal and
thousands separators.

In a `,`-separated file a number uses a decimal point (`1234.5`). In a `;`- or
tab-separated file (a French or German spreadsheet export) a number may also use a decimal
comma (`1234,5`), with dots or spaces grouping thousands before it (`1.234.567,5`,
`1 234 567,5`). A dot alone is read per column:

* groups of exactly three digits after every dot (`700.000`, `1.000.000`) are thousands
  when the column elsewhere uses a decimal comma or several dots in one number;
* otherwise a dot is a decimal point when the column elsewhere has a dot followed by other
  than three digits (`50.28`, `0.5`), or when reading it as thousands would break the
  column's upper bound (a latitude of 48857);
* a column that says neither (every dotted value is `ddd.ddd`) is ambiguous: those cells
  are refused, never guessed (`700.000` could be 700 or 700,000).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

_SPACES = r"[ \u00a0\u202f]"
_COMMA_DEC = r"^[+-]?(?:\d{1,3}(?:\.\d{3})+|\d*),\d*(?:[eE][+-]?\d+)?$"   # 1.234,5 or 1234,5 or ,5
_GROUPED = r"^[+-]?\d{1,3}(?:\.\d{3})+$"                                    # 700.000, 1.000.000
_MULTI_DOT = r"^[+-]?\d{1,3}(?:\.\d{3}){2,}$"                               # 1.000.000
_DOT_DEC = r"^[+-]?\d*\.\d+(?:[eE][+-]?\d+)?$"                               # 50.28, 0.5, 700.000


def parse_numbers(raw: pd.Series, decimal_comma: bool, hi: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Text cells → floats (NaN where not a number) and a mask of cells refused as
    ambiguous (see the module docstring). `hi`: the column's upper bound, which settles
    a dot that thousands would push above it."""
    # the grouping spaces are removed by a regex per cell only where a cell holds one (rare:
    # the national tables have none in 175,000 numeric cells; the regex took 0.1 s); a column
    # holding anything but text (a missing cell) goes through the regex, as before
    try:
        joined = "\n".join(raw.tolist())
    except TypeError:
        joined = " "
    spaced = " " in joined or "\u00a0" in joined or "\u202f" in joined
    text = raw.str.replace(_SPACES, "", regex=True) if spaced else raw
    ambiguous = np.zeros(len(raw), bool)
    if not decimal_comma:
        return np.array(pd.to_numeric(text, errors="coerce"), dtype=float), ambiguous
    comma = text.str.contains(",", regex=False).to_numpy()
    comma_ok = text.str.match(_COMMA_DEC).to_numpy()
    grouped = text.str.match(_GROUPED).to_numpy()
    multi = text.str.match(_MULTI_DOT).to_numpy()
    dot_dec = text.str.match(_DOT_DEC).to_numpy() & ~grouped
    thousands_ev = bool((comma & comma_ok).any() or multi.any())
    decimal_ev = bool(dot_dec.any())
    out = text.copy()
    # decimal comma, with dots grouping thousands before it
    out[comma & comma_ok] = text[comma & comma_ok].str.replace(".", "", regex=False).str.replace(",", ".",
                                                                                                   regex=False)
    out[comma & ~comma_ok] = "nan"
    single = grouped & ~multi
    as_thousands = text.str.replace(".", "", regex=False)
    if thousands_ev and not decimal_ev:
        out[grouped] = as_thousands[grouped]
    elif decimal_ev and not thousands_ev:
        out[multi] = "nan"  # several decimal points
    elif thousands_ev and decimal_ev:
        ambiguous |= single     # the column uses both readings: refuse the cells that could be either
        out[multi] = as_thousands[multi]
    elif single.any():
        th = np.array(pd.to_numeric(as_thousands[single], errors="coerce"), dtype=float)
        if hi is not None and (th > hi).any():
            pass  # read as decimals: thousands would break the column's bound
        else:
            ambiguous |= single
    values = np.array(pd.to_numeric(out, errors="coerce"), dtype=float)
    values[ambiguous] = np.nan
    return values, ambiguous
