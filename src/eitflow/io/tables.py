"""Low-level reading shared by every table: decoding (UTF-8, BOM, cp1252), delimiter
detection, and the vectorised column checks whose messages name file, row and column."""

from __future__ import annotations

import difflib
import io as _io
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from eitflow.errors import Collector, Problem, ScenarioError
from eitflow.io.schema import Column, Table

MAX_ROWS_LISTED = 5          # per column and check, so one bad column does not flood the message


TRUE_WORDS = {"true", "yes", "1", "y", "oui", "vrai"}


FALSE_WORDS = {"false", "no", "0", "n", "non", "faux", ""}


def _decode(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on French Windows exports CSV in cp1252 (a superset of Latin-1)
        return data.decode("cp1252", errors="replace")


def read_table(path: Path, label: str | None = None) -> pd.DataFrame:
    """Read a CSV written by hand or by a spreadsheet: `,` or `;`, UTF-8 (BOM or not) or
    cp1252/Latin-1, decimal comma with `;`. All cells come back as stripped text."""
    label = label or path.name
    if not path.exists():
        raise ScenarioError(Problem(label, f"file not found: {path}"))
    if path.is_dir():
        raise ScenarioError(Problem(label, f"expected a CSV file, found a directory: {path}"))
    text = _decode(path)
    if not text.strip():
        raise ScenarioError(Problem(label, "the file is empty (expected a header row and data rows)"))
    header = text.splitlines()[0]
    sep = ";" if header.count(";") > header.count(",") else ","
    names = [h.strip().strip('"') for h in header.split(sep)]
    dupes = sorted({h for h in names if names.count(h) > 1})
    if dupes:
        raise ScenarioError([Problem(label, "the column appears more than once in the header", row=1, column=c)
                             for c in dupes])
    try:
        df = pd.read_csv(_io.StringIO(text), sep=sep, dtype=str, keep_default_na=False,
                         skipinitialspace=True, skip_blank_lines=True)
    except pd.errors.ParserError as exc:
        raise ScenarioError(Problem(label, f"cannot parse as CSV ({exc})")) from None
    df.columns = [str(c).strip() for c in df.columns]
    df = df.apply(lambda s: s.str.strip())
    df.attrs["decimal_comma"] = sep == ";"
    return df


def _rows(mask: np.ndarray) -> np.ndarray:
    """Spreadsheet rows (header = row 1) of the True entries of `mask`."""
    return np.flatnonzero(mask) + 2


def _report_rows(col: Collector, file: str, column: str, mask: np.ndarray, message: str,
                 values: pd.Series | None = None) -> None:
    rows = _rows(mask)
    for r in rows[:MAX_ROWS_LISTED]:
        msg = message
        if values is not None:
            msg = f"{message} (found '{values.iloc[r - 2]}')"
        col.add(file, msg, row=int(r), column=column)
    if len(rows) > MAX_ROWS_LISTED:
        col.add(file, f"{message}: {len(rows) - MAX_ROWS_LISTED} more rows like this "
                      f"(rows {', '.join(map(str, rows[MAX_ROWS_LISTED:MAX_ROWS_LISTED + 10]))}...)",
                column=column)


def _numeric(df: pd.DataFrame, column: str, file: str, col: Collector, *, required: bool,
             lo: float | None = None, hi: float | None = None, lo_open: bool = False,
             what: str = "a number") -> np.ndarray:
    """Parse a column to float (NaN where empty and allowed); report bad cells."""
    if column not in df.columns:
        return np.full(len(df), np.nan)
    raw = df[column]
    text = raw.str.replace(",", ".", regex=False) if df.attrs.get("decimal_comma") else raw
    text = text.str.replace(" ", "", regex=False).str.replace("\u00a0", "", regex=False)
    values = np.array(pd.to_numeric(text, errors="coerce"), dtype=float)
    empty = (raw == "").to_numpy()
    if required:
        _report_rows(col, file, column, empty, f"missing value: expected {what}")
    bad = ~empty & ~np.isfinite(values)
    _report_rows(col, file, column, bad, f"expected {what}", raw)
    ok = np.isfinite(values)
    if lo is not None:
        below = ok & ((values <= lo) if lo_open else (values < lo))
        _report_rows(col, file, column, below, f"expected {what} {'>' if lo_open else '>='} {lo:g}", raw)
    if hi is not None:
        _report_rows(col, file, column, ok & (values > hi), f"expected {what} <= {hi:g}", raw)
    values[~ok] = np.nan
    return values


def number(df: pd.DataFrame, column: Column, file: str, col: Collector) -> np.ndarray:
    """A numeric column parsed and checked against its declaration (`io.schema`): bounds,
    required cells and the wording of the messages. NaN where empty."""
    return _numeric(df, column.name, file, col, required=column.required, lo=column.lo, hi=column.hi,
                    lo_open=column.lo_open, what=column.what or "a number")


def check_columns(df: pd.DataFrame, file: str, table: Table, col: Collector) -> bool:
    """Missing required columns (with did-you-mean) and misspelt optional ones, against the
    table's declaration; False when a required column is missing."""
    present = list(df.columns)
    known = table.names
    ok = True
    dupes = sorted({c for c in present if present.count(c) > 1})
    for c in dupes:
        col.add(file, "the column appears more than once in the header", row=1, column=c)
        ok = False
    extra = [c for c in present if c not in known]
    for c in table.required:
        if c not in present:
            close = difflib.get_close_matches(c, extra, n=1, cutoff=0.75)
            hint = f" (found '{close[0]}': misspelt?)" if close else ""
            col.add(file, f"missing required column{hint}; the header has: {', '.join(present)}",
                    row=1, column=c)
            ok = False
    for c in extra:
        close = difflib.get_close_matches(c, known, n=1, cutoff=0.8)
        if close and close[0] not in present:
            col.add(file, f"unknown column (did you mean '{close[0]}'?)", row=1, column=c)
    return ok


def _text(df: pd.DataFrame, column: str) -> pd.Series:
    return df[column] if column in df.columns else pd.Series([""] * len(df), index=df.index, dtype=object)


def _unknown_values(col: Collector, file: str, column: str, values: pd.Series, known: set[str],
                    what: str) -> np.ndarray:
    bad = (~values.isin(known) & (values != "")).to_numpy()
    if bad.any():
        for r in _rows(bad)[:MAX_ROWS_LISTED]:
            v = values.iloc[r - 2]
            close = difflib.get_close_matches(v, sorted(known), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            col.add(file, f"unknown {what} '{v}'{hint}", row=int(r), column=column)
        n = int(bad.sum())
        if n > MAX_ROWS_LISTED:
            col.add(file, f"unknown {what}: {n - MAX_ROWS_LISTED} more rows", column=column)
    return bad


def _parse_bool(df: pd.DataFrame, column: str, file: str, col: Collector) -> np.ndarray:
    v = _text(df, column).str.lower()
    bad = ~v.isin(TRUE_WORDS | FALSE_WORDS)
    _report_rows(col, file, column, bad.to_numpy(), "expected true or false", _text(df, column))
    return v.isin(TRUE_WORDS).to_numpy()


def _load_yaml(path: Path, label: str) -> Any:
    if not path.exists():
        raise ScenarioError(Problem(label, f"file not found: {path}"))
    try:
        return yaml.safe_load(_decode(path))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        row = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise ScenarioError(Problem(label, f"YAML syntax error: {problem}", row=row)) from None


