"""A workbook's cells as the sheet shows them, where the stored value alone would mislead: a
code stored as a number in a zero-padding format (an INSEE code 01001 stored 1001), a
percentage cell (5 % stored 0.05) in a column of plain numbers, merged cells. Used by
`io.workbook`, which reads sheets with openpyxl (read-only, computed values)."""

from __future__ import annotations

import datetime as _dt
import functools
import re
from typing import Any

from eitflow.errors import Problem
from eitflow.i18n import Phrase
from eitflow.io.schema import Table

#: how a column's cells are read (`column_kinds`)
CODE, SHARE, NUMBER = "code", "share", "number"


def cell_text(v: Any) -> str:
    """A cell's value as the text a CSV export would hold (what `io.read_table` gives)."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if v != v:  # NaN
            return ""
        if v.is_integer() and abs(v) < 1e15:
            return str(int(v))
        return repr(v)
    if isinstance(v, (_dt.datetime, _dt.date, _dt.time)):
        return v.isoformat()
    if isinstance(v, _dt.timedelta):   # a duration cell ([h]:mm:ss) as it shows: 30:00:00, not '1 day, 6:00:00'
        s = round(v.total_seconds())
        return f"{'-' if s < 0 else ''}{abs(s) // 3600}:{abs(s) // 60 % 60:02d}:{abs(s) % 60:02d}"
    return str(v).strip()


def is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def column_kinds(table: Table | None, header: list[str]) -> list[str]:
    """Per column of a sheet, how a number cell's format bears on its reading: CODE (an id or
    text column: a number there is a code, read as shown), SHARE (a number whose unit is a
    share, mol/mol: a percentage cell holds the share, 5 % is 0.05), NUMBER (any other number:
    a percentage cell is refused), '' (the value as it is)."""
    from eitflow.io.numbers import PERCENT_UNITS

    if table is None:
        return [""] * len(header)
    out = []
    for h in header:
        c = table.by_name.get(h)
        if c is None or c.kind in ("id", "text"):
            out.append(CODE)   # a misspelt column's name is said by the validation
        elif c.kind == "number":
            out.append(SHARE if c.unit in PERCENT_UNITS else NUMBER)
        else:
            out.append("")
    return out


_ZEROS = re.compile(r"(0+)(?:\.(0+))?")


@functools.lru_cache(maxsize=512)
def number_format(fmt: str) -> tuple[int, int, bool]:
    """(digits, decimals, percentage) of an Excel number format: `00000` shows 1001 as 01001
    (5 digits; `000 000 000 00000`, a SIRET shown in groups: 14 digits), `00.00` shows a NACE
    code 10.1 as 10.10 (2 digits, 2 decimals); digits 0 where the format pads no zeros (`0`,
    `#,##0.00`); `0%`, `0.00 %` show 0.05 as 5 % (True). The first section only (that of
    positive numbers); quoted text, escaped characters and [colours] left out."""
    bare = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", fmt.split(";")[0])
    m = _ZEROS.fullmatch(bare.replace(" ", ""))
    if m is None or len(m.group(1)) + len(m.group(2) or "") < 2:
        return 0, 0, "%" in bare
    return len(m.group(1)), len(m.group(2) or ""), False


def shown(row, kinds: list[str]) -> tuple[list[str], list[bool]]:
    """A row's cells (openpyxl cells, with their formats) as text (`cell_text`), and which
    held numbers. A number in a column of codes formatted to pad zeros (an INSEE code, a
    postcode, a SIRET, a NACE code in `00.00`) is its digits as the sheet shows them (01001,
    10.10; the spaces of a grouped format left out), never a float; a percentage cell in a column of plain numbers is the
    text the sheet shows (4500 %), which the validation refuses as a percentage where a
    price is expected, rather than read 45 or 0.45."""
    texts, nums = [], []
    for j, c in enumerate(row):
        v = c.value
        num = is_number(v)
        if num and kinds[j] and getattr(c, "has_style", False):
            digits, decimals, pct = number_format(c.number_format)
            if kinds[j] == CODE and digits and 0 <= v < 1e15 and (decimals or float(v).is_integer()):
                texts.append(f"{v:0{digits + decimals + bool(decimals)}.{decimals}f}")
                nums.append(False)
                continue
            if kinds[j] == NUMBER and pct:
                texts.append(f"{v * 100:.15g} %")
                nums.append(False)
                continue
        texts.append(cell_text(v))
        nums.append(num)
    return texts, nums


def title_row(header: list[str], top: list[tuple[int, list[str]]], table: Table, label: str) -> Problem | None:
    """Row 1 names none of the table's columns but a row just below it names two (`top`: the
    first rows' numbers and cells): a title above the header (the same problem `io.csvfile`
    names in a CSV file)."""
    names = {n.lower() for n in table.names}
    if any(h.lower() in names for h in header):
        return None
    for row, vals in top:
        found = [v for v in vals if v.lower() in names]
        if len(found) >= 2:
            return Problem(label, Phrase("file_title_line", found=", ".join(found[:4]), row=str(row)), row=1)
    return None


def merged(ranges: list[tuple[int, int, int, int]], header: list[str], kinds: list[str], data: list[list[str]],
           typed: list[list[bool]], rows: list[int], label: str) -> list[Problem]:
    """Merged cells over the table's rows, which the sheet shows as one value (`ranges`:
    first row, first column, last row, last column; columns from 0). Down one column of
    labels (ids, text, choices: a site_id over its flows' rows) each row is given the value,
    as the sheet shows it; over rows of numbers (is 45 merged over two rows each row's price,
    or their total?) or across columns (which column holds it?) they are refused, naming the
    range. `data` and `typed` (a row per entry of `rows`, the sheet's row numbers) are filled
    in place."""
    from bisect import bisect_left, bisect_right

    from openpyxl.utils import get_column_letter

    probs = []
    at = {r: k for k, r in enumerate(rows)}
    width = len(header)
    for r1, c1, r2, c2 in ranges:
        if r2 < 2 or c1 >= width:
            continue   # the header's own merges, or beyond the table
        cols = [j for j in range(c1, min(c2, width - 1) + 1) if header[j] != ""]
        top = at.get(r1)
        if r1 < 2 or top is None or not cols:
            continue   # over the header, or nothing shown in it
        ref = f"{get_column_letter(c1 + 1)}{r1}:{get_column_letter(c2 + 1)}{r2}"
        if len(cols) > 1:
            probs.append(Problem(label, Phrase("wb_merged_columns", cells=ref), row=r1, column=header[cols[0]]))
            continue
        j = cols[0]
        if r2 == r1:
            continue
        if kinds[j] in (SHARE, NUMBER):
            probs.append(Problem(label, Phrase("wb_merged_numbers", cells=ref), row=r1, column=header[j]))
            continue
        for k in range(bisect_right(rows, r1), bisect_left(rows, r2 + 1)):
            if data[k][j] == "":
                data[k][j], typed[k][j] = data[top][j], typed[top][j]
    return probs
