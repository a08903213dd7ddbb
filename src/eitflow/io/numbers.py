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
In a `,`-separated file a dot is a decimal point; one that may group thousands (`120.000`
beside values in the hundreds of thousands) is said (`dot_thousands`). A comma in a quoted number (`"48,6265"`, `"1,234.5"`) is refused
with its own message: either reading could be meant. The minus sign U+2212 (`−5`, as word processors and typeset tables write it) is a minus.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from eitflow.errors import Collector, excerpt
from eitflow.i18n import Phrase

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


#: a `,` file's number whose dot could group thousands: one dot, exactly three digits after it
_ONE_GROUP = r"^[+-]?[1-9]\d{0,2}\.\d{3}$"
#: how much larger (median) the column's other values must be for such a number to be said
DOT_THOUSANDS_RATIO = 100.0
#: why a `,` file's dotted number is said (`dot_thousands`)
DOT_LARGER, DOT_EVERY = 1, 2


def dot_thousands(cells: pd.Series, values: np.ndarray, hi: float | None = None,
                  groups: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """In a `,`-separated file, where a number read with a decimal point (`120.000` is 120)
    may be one whose dot groups thousands, as a French writer means it (120 000): one dot
    followed by exactly three digits, and either the column's other values are far larger
    (their median at least `DOT_THOUSANDS_RATIO` times this one: `DOT_LARGER`) or every number
    of the column is written so (`DOT_EVERY`); never where the thousands would break the
    column's bound `hi` (a latitude `48.857`). `groups`: per cell, what its value is measured
    in where the row says it (flows.csv's `unit`): only values of its own are compared (40
    GWh/yr beside 28000 MWh/yr is no slip). Returns, per cell, why it is said (0 where not:
    `DOT_LARGER`, `DOT_EVERY`) and the median it was set against (NaN where none). Read as
    written (the file's convention is the decimal point) and said: a warning, an error with
    --strict."""
    why, median = np.zeros(len(cells), np.int8), np.full(len(cells), np.nan)
    try:
        if "." not in "\n".join(cells.tolist()):
            return why, median
    except TypeError:
        return why, median
    cand = cells.str.match(_ONE_GROUP, na=False).to_numpy(bool) & np.isfinite(values)
    if hi is not None:
        cand &= np.abs(values) * 1000.0 <= hi
    if not cand.any():
        return why, median
    numbers = np.isfinite(values)
    if (numbers == cand).all():
        why[cand] = DOT_EVERY
        return why, median
    for g in ([None] if groups is None else sorted(set(groups[cand]))):
        mine = np.ones(len(values), bool) if g is None else groups == g
        others = np.abs(values[mine & numbers & ~cand])
        others = others[others > 0]
        if len(others):
            said = mine & cand & (np.abs(values) * DOT_THOUSANDS_RATIO <= np.median(others))
            why[said], median[said] = DOT_LARGER, np.median(others)
    return why, median


def warn_dot_thousands(warn: Collector, file: str, column: str, raw: pd.Series, cells: pd.Series,
                       values: np.ndarray, hi: float | None, groups: np.ndarray | None, limit: int) -> None:
    """Warn (in `warn`) about each number of a `,` file whose dot may group thousands
    (`dot_thousands`: `120.000` read as 120 beside values far larger; `groups`: the unit of
    each row, where values are compared within a unit), at most `limit` cells by row, giving both
    readings as the file would write them."""
    why, median = dot_thousands(cells, values, hi, groups)
    at = np.flatnonzero(why)
    for k in at[:limit]:
        v = float(values[k])
        plain, th = f"{v:g}", f"{round(v * 1000):d}"
        msg = Phrase("val_dot_thousands_larger" if why[k] == DOT_LARGER else "val_dot_thousands_every",
                     found=excerpt(raw.iloc[k]), plain=plain, th=th, big=round(v * 1000), median=float(median[k]))
        warn.add(file, msg, row=int(k) + 2, column=column)
    if len(at) > limit:
        warn.add(file, Phrase("val_more_rows", message=Phrase("val_dot_thousands_more"), n=len(at) - limit,
                              rows=", ".join(map(str, (at[limit:limit + 10] + 2).tolist()))), column=column)


# -- what may stand beside a number in a cell -------------------------------------------------

#: how a cell may write its column's unit after the number (`io.schema` units): `110 °C` in a
#: temperature column, `3 km` in a length, `2 000 €` in an investment are the column's own
#: unit, said twice, and read as the number; any other unit (`12 MWh` in amount, `3 m` in a
#: length in km) is refused: the number alone is expected. A temperature's degrees alone (`55°`,
#: `55 °`) are Celsius: the columns hold no other degrees
UNIT_SPELLINGS: dict[str, frozenset[str]] = {
    "degC": frozenset({"°C", "° C", "ºC", "degC", "°c", "°", "º"}),
    "km": frozenset({"km"}),
    "EUR": frozenset({"€", "EUR", "euros"}),
    "EUR/yr": frozenset({"€/an", "€/yr", "EUR/an", "EUR/yr", "€ par an"}),
    "EUR/MWh": frozenset({"€/MWh", "EUR/MWh"}),
    "bar": frozenset({"bar"}),
    "kWh/kg": frozenset({"kWh/kg"}),
    "ha": frozenset({"ha"}),
    "tCO2/MWh": frozenset({"tCO2/MWh"}),
    "mol/mol": frozenset({"mol/mol"}),
}
#: columns of a share, where `99,97 %` is 0.9997
PERCENT_UNITS = frozenset({"mol/mol"})
#: other units a cell may give its number in, converted to the column's: land is measured in
#: m2 in the cadastre and in a CNIG Friches export; refused, '200000 m2' was to be rewritten
#: as the number alone, which a column in ha then read as 200,000 ha
SCALED_SPELLINGS: dict[str, dict[str, float]] = {
    "ha": {"m2": 1e-4, "m²": 1e-4, "m^2": 1e-4, "km2": 100.0, "km²": 100.0},
}
_NOT_NUMERIC = re.compile(r"[^\d\s.,+\-eE\u2212\u00a0\u202f]|[eE](?![+\-]?\d)")   # an E not of 1e5: 3.97 E
_NUMBER_THEN = re.compile(r"^([+\-\u2212]?(?:\d[\d \u00a0\u202f.,]*)?\d(?:[eE][+-]?\d+)?)\s*(\D.*?)$")
_NUM = r"(\d+(?:[.,]\d+)?)"
#: degrees, minutes, seconds: 48°37'35,4"N, N 48° 37′ 35.4″, 1°30'O (ouest), 48.6265° N, -1°30'
_ANGLE = re.compile(r"^([NSEWO])?\s*([+\-\u2212])?\s*" + _NUM + r"\s*([°º])?\s*(?:" + _NUM + r"\s*['′’]\s*(?:"
                    + _NUM + r"\s*(?:\"|″|''|”|’’)?\s*)?)?([NSEWO])?$", re.I)
HEMISPHERES = {"lat": ("NS", "S"), "lon": ("EWO", "WO")}
#: a date where a number is expected: a workbook's date cell (ISO, as `io.workbook` writes it)
#: or a date as a French CSV writes it (12/05/2026)
_DATE = re.compile(r"^(?:\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?|\d{1,2}/\d{1,2}/\d{2,4})$")
DATE = "\x00date"
#: a time or a duration where a number is expected: a workbook's time cell (12:30:00, 30:00:00)
_TIME = re.compile(r"^-?\d{1,5}:\d{2}(?::\d{2}(?:\.\d+)?)?$")
TIME = "\x00time"


def angle(cell: str, column: str) -> float | str | None:
    """A latitude or longitude in degrees, minutes and seconds (`48°37'35,4"N`; French `O`,
    ouest, for west), or in decimal degrees with a hemisphere (`48.6265 N`) → decimal degrees; None where the cell is not written so; the
    hemisphere letter (a str) where it belongs to the other column (`6°11'E` as a latitude:
    the columns swapped?), or "60" where minutes or seconds are not below 60."""
    m = _ANGLE.match(cell.strip())
    if m is None:
        return None
    h1, sign, d, deg, mi, s, h2 = m.groups()
    if (h1 and h2) or not (deg or h1 or h2) or (mi and not deg):
        return None   # two hemispheres; a plain number (48.6265); minutes without degrees
    hemi = (h1 or h2 or "").upper()
    if hemi and sign:
        return None   # -1°30'W: a sign and a hemisphere, which one is meant?
    allowed, negative = HEMISPHERES.get(column, ("NSEWO", "SWO"))
    if hemi and hemi not in allowed:
        return hemi
    mins, secs = (float(x.replace(",", ".")) if x else 0.0 for x in (mi, s))
    if mins >= 60 or secs >= 60:
        return "60"
    value = float(d.replace(",", ".")) + mins / 60 + secs / 3600
    return -value if sign in ("-", "\u2212") or (hemi != "" and hemi in negative) else value


def cell_units(raw: pd.Series, unit: str, column: str) -> tuple[pd.Series, np.ndarray, np.ndarray, np.ndarray]:
    """What stands beside the numbers of a column, before `parse_numbers`.

    Returns the cells with the column's own unit taken off (`110 °C` → `110`), the cells
    already read (angles in degrees-minutes-seconds, as text of their decimal degrees), the
    scale of each cell (0.01 after `%` in a share column, 1e-4 after `m2` in a column in ha:
    `SCALED_SPELLINGS`; else 1) and, per cell, the text
    after a number that is not the column's unit, or `DATE` for a date ('' elsewhere): such a
    cell is refused.
    Columns holding digits and separators only (nearly all) are returned as they are."""
    n = len(raw)
    read, scale, other = np.zeros(n, bool), np.ones(n), np.full(n, "", dtype=object)
    try:
        cells = raw.tolist()
        if not _NOT_NUMERIC.search("\n".join(cells)):
            return raw, read, scale, other
    except TypeError:
        return raw, read, scale, other
    out = list(cells)
    own = UNIT_SPELLINGS.get(unit, frozenset())
    scaled = SCALED_SPELLINGS.get(unit, {})
    for k, cell in enumerate(cells):
        if not _NOT_NUMERIC.search(cell):
            continue
        if unit == "deg":
            a = angle(cell, column)
            if isinstance(a, float):
                out[k], read[k] = repr(a), True
                continue
            if isinstance(a, str):
                other[k] = a
                continue
        if _DATE.match(cell):
            other[k] = DATE   # Excel-France turns 12.5 typed in a cell into the 12th of May
            continue
        if _TIME.match(cell):
            other[k] = TIME   # a cell formatted as a time: 0.5 shows 12:00:00
            continue
        m = _NUMBER_THEN.match(cell)
        if m is None:
            continue
        number, after = m.groups()
        if not after[0].isalpha() and after[0] not in "°º€%$£":
            continue   # '2-3', '12/5': not a number and a unit, said as not a number
        if unit == "deg" and len(after) == 1 and after.upper() in "NSEWO":
            continue   # '-1.5 W': a sign and a hemisphere, refused as not a longitude
        if after in own:
            out[k] = number
        elif after == "%" and unit in PERCENT_UNITS:
            out[k], scale[k] = number, 0.01
        elif after in scaled:
            out[k], scale[k] = number, scaled[after]
        else:
            other[k] = after
    return pd.Series(out, index=raw.index, dtype=raw.dtype), read, scale, other
