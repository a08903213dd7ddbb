"""Reading the tables of an open-data import (the Hotmaps database, the INSEE communes, a user's
overrides) as an analyst's copies of them come, and refusing a damaged one in the import's words.

Cells are read as the scenario's tables are (`io.csvfile`: UTF-8 with or without a BOM, cp1252 /
Latin-1 or Mac Roman, `,` `;` or tab separated; `io.numbers`: a decimal comma in a `;`-separated
French export), so a copy saved by French Excel imports as the original does. What a scenario
table may have but an export of these files never has is refused: a row with cells missing (the
file cut short, or a line break inside a value), a header without data rows, the other table given
in its place ("were the two files swapped?"). Every problem is a `ScenarioError` naming the file
(as the user gave its path), the row (header = 1) and the column, with `i18n.Phrase` messages said
in the import's language.
"""

from __future__ import annotations

import csv
import io
from os import PathLike
from pathlib import Path

import numpy as np
import pandas as pd

from eitflow.errors import Collector, Problem, ScenarioError, excerpt
from eitflow.i18n import Phrase
from eitflow.io.csvfile import _cells, _separator, decode, read_bytes, read_table, remap_rows
from eitflow.io.tables import MAX_ROWS_LISTED, _numeric

__all__ = ["TABLES", "numbers", "read_source", "require_columns", "unique"]

#: the tables of an import (their message ``imp_table_<key>``), each with the columns that tell
#: it from the others: the Hotmaps and INSEE files given in each other's place are named as such
TABLES: dict[str, tuple[str, ...]] = {
    "hotmaps": ("SiteID", "geom", "Excess_Heat_100-200C"),
    "insee": ("insee_com", "insee_dep", "population_2021"),
    "overrides": ("site_id",),
}


def _check_rows(text: str, label: str) -> None:
    """Every row has the header's cells: a machine export never writes a short row, so one is
    the file cut short (its last row, no line end after it), or a value broken over lines."""
    lines = text.splitlines()
    sep = _separator(lines[0])
    want = len(_cells(lines[0], sep))
    n = lines[0].count(sep)
    if text.count('"') % 2 == 0 and all(line.count(sep) == n for line in lines if line):
        return   # every line has the header's separators and no quote is left open (35,000 rows: 10 ms)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)
    short: list[tuple[int, int]] = []
    row = 0      # the spreadsheet row of the record being read (header = 1), blank lines counted
    try:
        for cells in reader:
            row += 1
            if len(cells) < want and any(c.strip() for c in cells):
                short.append((row, len(cells)))
    except csv.Error as exc:
        if "end of data" in str(exc):   # a quoted value never closed: the file stops inside it
            raise ScenarioError(Problem(label, Phrase("imp_cut_in_quotes"), row=row + 1)) from None
        return   # other quoting slips: `read_table` names them
    if not short:
        return
    last, saw = short[-1]
    if last == row and not text.endswith(("\n", "\r")):
        raise ScenarioError(Problem(label, Phrase("imp_cut_short", saw=saw, want=want), row=last))
    raise ScenarioError([Problem(label, Phrase("imp_short_row", saw=saw, want=want), row=r)
                         for r, saw in short[:MAX_ROWS_LISTED]])


def read_source(path: str | PathLike[str], table: str, needed: list[str], rows_required: bool = True,
                check_rows: bool = True) -> pd.DataFrame:
    """The text cells of an import's table (`io.csvfile.read_table`: stripped, "" where empty;
    ``attrs["rows"]`` the file row of each data row), its `needed` columns present.

    Parameters
    ----------
    path : path of the file; messages name it as given.
    table : which table it should be, a key of `TABLES`.
    needed : the columns the import reads.
    rows_required : a header without data rows is refused (an overrides file may be empty).
    check_rows : refuse rows with fewer cells than the header (`_check_rows`; an export's).

    Raises
    ------
    ScenarioError
        The file unreadable, empty, cut short, or not that table (the other one named).
    """
    label = str(path)
    # decoded here first, whatever check_rows: a workbook given is said as an import's source
    # (save its sheet as CSV), not as a scenario's table (the whole workbook as the scenario)
    text = decode(read_bytes(Path(path), label, "CSV file"), label, scenario_table=False)
    if check_rows and text.strip():
        _check_rows(text, label)
    df = read_table(Path(path), label, expected=needed)
    require_columns(df, path, table, needed)
    if rows_required and not len(df):
        raise ScenarioError(Problem(label, Phrase("imp_no_rows", table=Phrase(f"imp_table_{table}"))))
    return df


def require_columns(df: pd.DataFrame, path: str | PathLike[str], table: str, needed: list[str]) -> None:
    """Refuse a `read_source` table without the `needed` columns: naming the table it is when it
    is another of `TABLES` (hotmaps, insee), else what its header lacks and holds."""
    missing = [c for c in needed if c not in df.columns]
    if not missing:
        return
    other = next((k for k in ("hotmaps", "insee") if k != table and all(c in df.columns for c in TABLES[k])), None)
    names = [excerpt(c, 30) for c in df.columns[:12]]
    shown = ", ".join(names) + (", ..." if len(df.columns) > 12 else "")
    what = Phrase(f"imp_table_{table}")
    msg = (Phrase("imp_swapped", table=what, other=Phrase(f"imp_table_{other}")) if other else
           Phrase("imp_not_table", table=what, missing=", ".join(missing), shown=shown))
    raise ScenarioError(Problem(str(path), msg, row=1))


def numbers(df: pd.DataFrame, path: str | PathLike[str], columns: dict[str, dict]) -> dict[str, np.ndarray]:
    """The numeric `columns` of a `read_source` table (NaN where empty), each read and checked by
    `io.tables._numeric` with its keywords (``what``, ``lo``, ``hi``, ``unit``...): a decimal
    comma where the file's separator allows one, a unit after the number refused...

    Raises
    ------
    ScenarioError
        Every cell that is not a number or breaks its bounds (up to `MAX_ROWS_LISTED` per
        column), at its file row and column.
    """
    label, col = str(path), Collector()
    out = {c: _numeric(df, c, label, col, **{"required": False, "what": "a number", **kw})
           for c, kw in columns.items()}
    if col.problems:
        raise remap_rows(ScenarioError(col.problems), {label: df.attrs.get("rows", ())})   # after a sep= line: said
    return out


def unique(df: pd.DataFrame, path: str | PathLike[str], column: str) -> None:
    """Refuse a code given twice in `column` of a `read_source` table (a file pasted twice over,
    or 1001 beside 01001): each repeat at its row, the first one named.

    Raises
    ------
    ScenarioError
        The first `MAX_ROWS_LISTED` repeats.
    """
    cells = df[column]
    if not cells[cells != ""].duplicated().any():
        return
    rows, first, problems = df.attrs.get("rows", ()), {}, []
    for k, v in enumerate(cells.tolist()):
        row = int(rows[k]) if k < len(rows) else k + 2
        if v == "":
            continue
        if v in first:
            problems.append(Problem(str(path), Phrase("val_duplicate_first", column=column, id=excerpt(v), first=first[v]),
                                    row=row, column=column))
        else:
            first[v] = row
    raise ScenarioError(problems[:MAX_ROWS_LISTED])
