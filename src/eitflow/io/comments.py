"""Comment rows: a table's row whose first cell begins with '#', as people annotate CSV files and
sheets (`# from the 2024 survey`, `#S3,48.8,2.3` for a site left out). Every table, CSV file
(`io.csvfile.parse_table`) or workbook sheet (`io.workbook`), skips them by `is_comment`, and
`io.tables.check_columns` says which rows it skipped.
"""

from __future__ import annotations

import csv
import io as _io
import re

#: what begins a comment row: its first cell (`is_comment`)
COMMENT_MARK = "#"


def is_comment(first_cell: str) -> bool:
    """Whether a data row whose first cell is `first_cell` is a comment: the cell begins with
    `COMMENT_MARK` (after spaces), as people annotate CSVs (`# below: the 2024 figures`,
    `#S3,48.8,2.3` for a row left out). The one rule of every table, CSV file or workbook sheet:
    such a row is skipped, and said (`io.tables.check_columns`); a '#' elsewhere in a cell, or
    in any cell but the first (`Usine #2`), is data."""
    return first_cell.lstrip().startswith(COMMENT_MARK)


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def without_comments(text: str, sep: str) -> tuple[str, list[int]]:
    """`text` with each comment row (`is_comment`, below the header) emptied, and those rows
    (header = 1). An empty row is skipped and counted (`io.csvfile.parse_table`), so the other rows keep
    their numbers; and a comment with more or fewer cells than the header (its words
    separated by commas) is no row cut short or too long. A row over several lines (a quoted
    cell's line breaks) is emptied whole."""
    if COMMENT_MARK not in text:
        return text, []
    lines = _LINE.findall(text)
    rows: list[int] = []
    if '"' not in text:   # a line is a row, its cells between its separators
        for k in range(1, len(lines)):
            if is_comment(lines[k].split(sep, 1)[0]):
                rows.append(k + 1)
                lines[k] = "\n"
        return "".join(lines), rows
    reader = csv.reader(_io.StringIO(text, newline=""), delimiter=sep, skipinitialspace=True)
    start = 0   # the record's first line (0-based)
    try:
        for k, cells in enumerate(reader):
            end = reader.line_num
            if k and cells and is_comment(cells[0]):
                rows.append(k + 1)
                lines[start:end] = ["\n"] + [""] * (end - start - 1)
            start = end
    except csv.Error:
        return text, []   # a quoting slip: `io.csvfile.parse_table` says it
    return "".join(lines), rows
