"""Outputs meant for spreadsheets never carry live formulas (CSV and formula injection,
as OWASP describes it: a site named ``=HYPERLINK(...)`` or ``@SUM(...)`` must not run when an
analyst opens matches.csv or results.xlsx).

The rule, for every text cell of every CSV output (numbers stay numbers: a negative net
benefit is written as a number): a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return is written with a leading apostrophe, which spreadsheets show as text; a
cell that already starts with an apostrophe gets one more, so the rule is undone exactly by
dropping one leading apostrophe (`restore_frame`, used by `results.rundir.read_run`).
A line break inside a cell is written as LF (a CR or CRLF becomes LF), in a quoted cell:
unquoted, a CR ends the row in a spreadsheet, and what follows it would start a row of its
own -- a formula, possibly. In results.xlsx such a cell is a string cell with Excel's quote prefix (shown as typed,
never evaluated, even when edited), its text unchanged.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from eitflow.io.atomic import replacing

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_ESCAPED = FORMULA_PREFIXES + ("'",)
_ESCAPED_SET = frozenset(_ESCAPED)


def _hit(value: object) -> bool:
    return isinstance(value, str) and (value.startswith(_ESCAPED) or "\r" in value)


def neutralise_text(value: str) -> str:
    """One text cell for a CSV output (see the module docstring)."""
    lead = "'" if value.startswith(_ESCAPED) else ""
    if "\r" in value:  # CR, CRLF -> LF, which the csv writers (lineterminator LF) quote
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return lead + value


def restore_text(value: str) -> str:
    """The inverse of `neutralise_text`."""
    return value[1:] if value.startswith("'") else value


def _clean_text(cells: list) -> bool:
    """Whether a column of text cells surely has no hit: no cell starts with a prefix (the
    set of first characters) and no CR anywhere (one scan of the cells joined). False (look
    cell by cell) for a column holding anything but text."""
    if not all(type(v) is str for v in cells):
        return False
    return _ESCAPED_SET.isdisjoint({v[:1] for v in cells}) and "\r" not in "".join(cells)


def _text_columns(df: pd.DataFrame) -> list[str]:
    return [c for c in df.columns if pd.api.types.is_object_dtype(df[c]) or pd.api.types.is_string_dtype(df[c])]


def neutralise_frame(df: pd.DataFrame) -> pd.DataFrame:
    """`df` with every text cell neutralised; numeric and boolean columns untouched (a copy
    only when something changes)."""
    out = None
    for c in _text_columns(df):
        s = df[c]
        col0 = s.to_numpy(object)
        if _clean_text(col0.tolist()):
            continue
        # one pass over the cells: a hit is a text cell that starts with a prefix or holds a CR
        hit = np.fromiter((_hit(v) for v in col0), bool, len(col0))
        if hit.any():
            out = df.copy() if out is None else out
            col = out[c].astype(object).to_numpy(copy=True)
            col[hit] = [neutralise_text(v) for v in col[hit]]
            out[c] = col
    return df if out is None else out


def restore_frame(df: pd.DataFrame, columns) -> pd.DataFrame:
    """Undo `neutralise_frame` on the text `columns` of a frame read back from CSV."""
    for c in columns:
        if c in df.columns and len(df):
            s = df[c]
            hit = s.astype(str).str.startswith("'").to_numpy(bool) & s.map(lambda v: isinstance(v, str)).to_numpy(bool)
            if hit.any():
                col = s.astype(object).to_numpy(copy=True)
                col[hit] = [v[1:] for v in col[hit]]
                df[c] = col
    return df


def write_table(df: pd.DataFrame, path: Path) -> Path:
    """Write an analysis's table as every ``--csv`` does (and RUN_DIR/resilience.csv): no live
    formula (`neutralise_frame`), floats to 10 significant digits, '\\n' line ends; written to
    a file of its own beside `path` and renamed into place in one step (`io.atomic`), so a
    reader sees the old file or the new one, never half of it, and a failed write leaves the
    old file and nothing else.

    Returns
    -------
    Path
        `path`.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with replacing(path) as tmp:
        neutralise_frame(df).to_csv(tmp, index=False, float_format="%.10g", lineterminator="\n")
    return path


def protect_workbook(wb) -> int:
    """Make every text cell of an openpyxl workbook that would start a formula a plain string
    cell with Excel's quote prefix (its text unchanged). Returns how many cells it changed."""
    n = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                v = cell.value
                if isinstance(v, str) and v.startswith(FORMULA_PREFIXES):
                    cell.data_type = "s"
                    cell.quotePrefix = True
                    n += 1
    return n
