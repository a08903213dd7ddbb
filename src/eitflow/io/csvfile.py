"""Opening an input file safely and reading a CSV the way a spreadsheet export writes it.

Only regular files are read (never a device such as /dev/zero, a FIFO or a socket), up to
`MAX_FILE_BYTES`. Text is UTF-8 (with or without BOM), UTF-16 with a BOM ("Unicode text"
from Excel), cp1252/Latin-1 or Mac Roman. The separator is `,`, `;` or a tab, whichever the header
uses most, or the one a first line `sep=;` declares (Excel's; the header is then the next
line, row 1 as Excel shows it); with `;` or a tab a decimal comma is accepted (`io.numbers`). Rows keep their
spreadsheet numbers (header = row 1) even when blank lines are skipped, and every problem
of structure is named by its cause: a title line above the header, values in a column
without a name, a row with more cells than the header. Messages never echo more of a file
than a short, escaped excerpt of a cell (`errors.excerpt`).
"""

from __future__ import annotations

import csv
import io as _io
import os
import re
import stat
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from eitflow.errors import Problem, ScenarioError, excerpt
from eitflow.i18n import Gloss, Phrase
from eitflow.io.comments import without_comments

MAX_FILE_BYTES = 1 << 30      # 1 GiB: a national flows table is ~60 MB per million rows
TITLE_SCAN_LINES = 10         # how far below row 1 a misplaced header is looked for
SEPARATORS = (",", ";", "\t")


def check_regular_file(path: Path, label: str, what: str = "file") -> int:
    """The size of `path` in bytes, or a `ScenarioError` naming why it cannot be read:
    missing, a directory, not a regular file (a device, FIFO or socket: reading /dev/zero
    never ends, a FIFO blocks), unreadable, or larger than `MAX_FILE_BYTES`."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise ScenarioError(Problem(label, Phrase("file_not_found", path=excerpt(path, 200)))) from None
    except PermissionError:
        raise ScenarioError(Problem(label, Phrase("file_permission", path=excerpt(path, 200)))) from None
    except OSError as exc:   # the system's own words stay as it says them
        raise ScenarioError(Problem(label, Phrase("file_os_error", path=excerpt(path, 200),
                                                  error=str(exc.strerror)))) from None
    if stat.S_ISDIR(st.st_mode):
        raise ScenarioError(Problem(label, Phrase("file_is_directory", what=Gloss(what), path=excerpt(path, 200))))
    if not stat.S_ISREG(st.st_mode):
        raise ScenarioError(Problem(label, Phrase("file_not_regular", what=Gloss(what), path=excerpt(path, 200))))
    if st.st_size > MAX_FILE_BYTES:
        raise ScenarioError(Problem(label, Phrase("file_too_large", gib=st.st_size / 2**30,
                                                  limit=MAX_FILE_BYTES / 2**30)))
    if not os.access(path, os.R_OK):
        raise ScenarioError(Problem(label, Phrase("file_permission", path=excerpt(path, 200))))
    return st.st_size


def read_bytes(path: Path, label: str, what: str = "file") -> bytes:
    """The content of a regular file (`check_regular_file`), read once."""
    check_regular_file(path, label, what)
    try:
        with open(path, "rb") as fh:
            return fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise ScenarioError(Problem(label, Phrase("file_os_error", path=excerpt(path, 200),
                                                  error=str(exc.strerror)))) from None


#: the first bytes of an OLE file (Excel 97-2003 .xls); .xlsx and .ods are zip files ("PK\x03\x04")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def decode(data: bytes, label: str, scenario_table: bool = True) -> str:
    """Bytes → text: UTF-16 with a BOM, UTF-8 (BOM or not), else cp1252 (Excel on French
    Windows) or Mac Roman (Excel for Mac), `_single_byte`. Binary content is refused without
    echoing it; a spreadsheet workbook is said as one (`scenario_table`: a scenario's table,
    which the whole workbook may replace as the scenario; else an importer's source file)."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ScenarioError(Problem(label, Phrase("file_bad_utf16"))) from None
    if len(data) >= 4 and data[1:4:2] == b"\x00\x00" and data[0:4:2] != b"\x00\x00":
        try:  # UTF-16 little-endian without a BOM: every other byte of ASCII text is 0
            return data.decode("utf-16-le")
        except UnicodeDecodeError:
            pass
    if data[:4] == b"PK\x03\x04" or data[:8] == OLE_MAGIC:
        # a spreadsheet saved as .xlsx/.ods (a zip) or .xls (OLE) where a table is named: say so,
        # and the two ways out (its sheet as CSV, or the whole workbook as the scenario)
        raise ScenarioError(Problem(label, Phrase("file_workbook" if scenario_table else "file_workbook_source")))
    if b"\x00" in data[:65536]:
        raise ScenarioError(Problem(label, Phrase("file_binary")))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return _single_byte(data)


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _single_byte(data: bytes) -> str:
    """Text in a one-byte code page: cp1252 (Excel on Windows) or Mac Roman (Excel for Mac's
    "CSV (Macintosh)"), whichever reads more of the non-ASCII characters as lowercase
    letters. French accents are lowercase letters in the code page they were written in and
    mostly capitals, symbols or holes in the other (Mac Roman's é is cp1252's Ž, its è a
    byte cp1252 does not define): read as cp1252, 'Fléville' from a Mac would silently become
    'FlŽville'. A tie is cp1252's."""
    win = data.decode("cp1252", errors="replace")
    mac = data.decode("mac_roman")

    def lower(text: str) -> int:
        return sum(ch.islower() for run in _NON_ASCII.findall(text) for ch in run)

    return mac if lower(mac) > lower(win) else win


def _separator(line: str) -> str:
    counts = [line.count(s) for s in SEPARATORS]
    return SEPARATORS[max(range(len(SEPARATORS)), key=lambda k: (counts[k], -k))]


#: Excel's first line naming the separator (`sep=;`): one cell, quoted or not, then the
#: separators of empty cells where a spreadsheet saved it back as a row
_SEP_LINE = re.compile(r'[ \t]*(?:"sep=(.?)"|sep=(.?))[ \t,;]*', re.I)
_FIRST_LINE = re.compile(r"([^\r\n]*)(?:\r\n|\r|\n|$)")


def _sep_line(text: str, label: str) -> tuple[str | None, str]:
    """The separator a first line `sep=;` declares (Excel writes and reads it, and shows the
    next line, the header, as row 1: so do eitflow's messages) and the text without that line;
    (None, text) where the file has none. A separator other than `,`, `;` or a tab is refused,
    naming it. Before, the line was taken for the header: the file was refused, its header
    'sep=' missing every column."""
    first = _FIRST_LINE.match(text)
    assert first is not None   # the pattern matches any text
    m = _SEP_LINE.fullmatch(first.group(1))
    if m is None:
        return None, text
    sep = m.group(1) if m.group(1) is not None else m.group(2)
    if sep not in SEPARATORS:
        raise ScenarioError(Problem(label, Phrase("file_sep_line_other", sep=excerpt(sep, 5)), row=1))
    return sep, text[first.end():]


def _cells(line: str, sep: str) -> list[str]:
    try:
        return [c.strip() for c in next(csv.reader([line], delimiter=sep))]
    except (StopIteration, csv.Error):
        return [c.strip().strip('"') for c in line.split(sep)]


def _title_problem(lines: list[str], label: str, expected: list[str]) -> Problem | None:
    """When row 1 names none of the table's columns but a row just below it holds the
    header: a title or comment line was left above the header."""
    first = [c.lower() for c in _cells(lines[0], _separator(lines[0]))]
    if any(c in expected for c in first):
        return None
    for k, line in enumerate(lines[1:TITLE_SCAN_LINES], start=2):
        cells = [c.lower() for c in _cells(line, _separator(line))]
        found = [c for c in expected if c in cells]
        if len(found) >= 2:
            return Problem(label, Phrase("file_title_line", found=", ".join(found[:4]), row=str(k)), row=1)
    return None


_C_ERROR = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")
MAX_LONG_ROWS = 5             # rows with too many cells named, the first of them


def _parser_problems(exc: Exception, label: str, sep: str, text: str) -> list[Problem]:
    """pandas' parser message ("C error: Expected 7 fields in line 14, saw 9") in words: every
    row with more cells than the header (up to `MAX_LONG_ROWS`, `_long_rows`), pandas naming
    only the first."""
    m = _C_ERROR.search(str(exc))
    name = {",": "comma", ";": "semicolon", "\t": "tab"}[sep]
    if m:
        want, line, saw = (int(g) for g in m.groups())
        rows = _long_rows(text, sep, want) or [(line, saw)]
        return [Problem(label, Phrase(f"file_cells_{name}", saw=n, want=want), row=r) for r, n in rows]
    if "EOF inside string" in str(exc) or "EOF" in str(exc):
        return [Problem(label, Phrase("file_open_quote"))]
    return [Problem(label, Phrase(f"file_unreadable_{name}"))]


def _long_rows(text: str, sep: str, want: int) -> list[tuple[int, int]]:
    """(file row, cells) of the first rows with more than `want` cells, read as pandas reads
    them (quotes, a value over several lines); only once the file is known to hold one."""
    out: list[tuple[int, int]] = []
    reader = csv.reader(_io.StringIO(text, newline=""), delimiter=sep, skipinitialspace=True)
    start = 1
    try:
        for cells in reader:
            if len(cells) > want:
                out.append((start, len(cells)))
                if len(out) == MAX_LONG_ROWS:
                    break
            start = reader.line_num + 1
    except csv.Error:
        return []
    return out


class RowNumbers(tuple):
    """The file rows of a table's data rows (header = 1), immutable.

    Kept in ``DataFrame.attrs``, which pandas deep-copies on nearly every operation on the
    frame: a list of 35,000 row numbers was copied element by element thousands of times
    while a national scenario was read and checked (most of its reading time). Being
    immutable, it is its own deep copy."""

    __slots__ = ()

    def __deepcopy__(self, memo: dict) -> RowNumbers:
        return self


class AfterSepLine(RowNumbers):
    """The rows of a file whose first line is Excel's `sep=` (`_sep_line`), numbered as Excel
    shows them (the line hidden: header = 1). LibreOffice shows the line as row 1: a problem
    at one of these rows says both numbers (`errors.Problem.sep_line`, set by `remap_rows`)."""

    __slots__ = ()


class TypedCells(dict):
    """Per column, the cells that held numbers rather than text (a workbook's typed cells, a
    DataFrame's numbers), kept in `DataFrame.attrs["typed"]` so that `io.numbers` reads them
    as they are; never changed once made, it is its own deep copy (see `RowNumbers`)."""

    def __deepcopy__(self, memo: dict) -> TypedCells:
        return self


def rename_headers(df: pd.DataFrame, read_as: dict[str, str]) -> None:
    """Rename `df`'s headers in place (header -> column name), each name once and never over a
    column the frame has, and the record of its typed cells with them (`TypedCells`): a
    misspelt header read as the column it names (`io.tables.check_columns`). The headers as
    written are kept in ``df.attrs["written"]`` (column -> header), for messages on their cells.

    Parameters
    ----------
    df : pandas.DataFrame
        A table as read (text cells); changed in place.
    read_as : dict of str to str
        Header as written -> the column it is read as.
    """
    have, cols = set(df.columns), list(df.columns)
    ren: dict[str, str] = {}
    for h, c in read_as.items():
        if c not in have and c not in ren.values() and cols.count(h) == 1:
            ren[h] = c
    if not ren:
        return
    df.columns = [ren.get(c, c) for c in df.columns]   # in place: the caller's frame reads them so
    df.attrs["written"] = {**df.attrs.get("written", {}), **{c: h for h, c in ren.items()}}
    typed = df.attrs.get("typed")
    if typed:
        df.attrs["typed"] = TypedCells({ren.get(k, k): v for k, v in typed.items()})


def _stripped(df: pd.DataFrame) -> pd.DataFrame:
    """Every cell stripped of surrounding whitespace (`str.strip`), column by column over
    Python lists: pandas' `.str.strip` maps a lambda per cell, twice the time on a national
    table (526,000 cells); a column holding anything but text goes through pandas."""
    out = {}
    for c in df.columns:
        values = df[c].tolist()
        try:
            out[c] = [v.strip() for v in values]
        except AttributeError:
            out[c] = df[c].str.strip()
    return pd.DataFrame(out, index=df.index, columns=df.columns).astype(df.dtypes.to_dict())


def read_table(path: Path, label: str | None = None, expected: list[str] | None = None,
               comments: bool = False) -> pd.DataFrame:
    """Read a CSV written by hand or by a spreadsheet into all-text cells (stripped).

    Parameters
    ----------
    path : Path
    label : str, optional
        How messages name the file (default its name).
    expected : list of str, optional
        The table's column names (`io.schema`), to recognise a title line above the header.
    comments : bool
        Skip the comment rows (`io.comments.is_comment`: a scenario's tables), their rows in
        `attrs["comment_rows"]`; else every row is data (an import's source).

    Returns
    -------
    DataFrame
        Text cells; `attrs["decimal_comma"]` (`;` or tab separated) and `attrs["rows"]`,
        the spreadsheet row of each data row (blank lines are skipped, their rows counted).
    """
    label = label or path.name
    return parse_table(read_bytes(path, label, "CSV file"), label, expected, comments)


def parse_table(data: bytes, label: str, expected: list[str] | None = None, comments: bool = False) -> pd.DataFrame:
    """`read_table` of a CSV file's bytes (a copy in a sweep directory on object storage):
    the same encodings, separators, title lines and problems."""
    text = decode(data, label)
    declared, text = _sep_line(text, label)
    try:
        return _parse_text(text, label, declared, expected, comments)
    except ScenarioError as exc:
        # its rows as Excel shows them, after a sep= line: LibreOffice's too (`remap_rows`)
        raise remap_rows(exc, {label: AfterSepLine()}) if declared else exc from None


def _parse_text(text: str, label: str, declared: str | None, expected: list[str] | None,
                comments: bool) -> pd.DataFrame:
    """`parse_table` of the text after a `sep=` line (the separator it `declared`, or None)."""
    skipped: list[int] = []
    if comments and text.strip():
        first = _FIRST_LINE.match(text)
        assert first is not None
        text, skipped = without_comments(text, declared or _separator(first.group(1)))
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        raise ScenarioError(Problem(label, Phrase("file_empty")))
    if not lines[0].strip(" \t,;"):
        raise ScenarioError(Problem(label, Phrase("file_row1_empty"), row=1))
    if expected:
        p = _title_problem(lines, label, [e.lower() for e in expected])
        if p is not None:
            raise ScenarioError(p)
    header = lines[0]
    sep = declared or _separator(header)
    names = _cells(header, sep)
    dupes = sorted({h for h in names if h and names.count(h) > 1})
    if dupes:
        raise ScenarioError([Problem(label, Phrase("val_column_twice"), row=1, column=c)
                             for c in dupes])
    # the header is read as the first row (header=None), so that it, not the first data row,
    # sets the number of cells a row may have: with header=0, a first data row with a cell too
    # many (a ';' in a value) was cut to the header's width, its values in the wrong columns
    # (pandas warns only), where a later row with the same slip was refused
    try:
        df = pd.read_csv(_io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, header=None,
                         skipinitialspace=True, skip_blank_lines=False, index_col=False)
    except (pd.errors.ParserError, csv.Error, ValueError) as exc:
        raise ScenarioError(_parser_problems(exc, label, sep, text)) from None
    df = df.iloc[1:]
    df.columns = [n if n else f"\x00{k}" for k, n in enumerate(names)]
    df = _stripped(df)
    problems = []
    # unnamed columns: a spreadsheet's trailing separators (dropped when empty) or values
    # in a column whose name was forgotten
    for k, c in enumerate(list(df.columns)):
        if not c.startswith("\x00"):
            continue
        if (df[c] != "").any():
            problems.append(Problem(label, Phrase("file_unnamed_column", k=k + 1), row=1))
        df = df.drop(columns=c)
    if problems:
        raise ScenarioError(problems)
    blank = (df == "").all(axis=1).to_numpy() if len(df.columns) else pd.Series([], dtype=bool).to_numpy()
    rows = (AfterSepLine if declared else RowNumbers)((np.flatnonzero(~blank) + 2).tolist())
    named = [k for k, n in enumerate(names) if n]
    want = named[-1] + 1 if named else 0   # a spreadsheet's trailing separators name no column
    short = _short_rows(text, sep, want, lines)
    df = df[~blank].reset_index(drop=True)
    df.columns = [str(c).strip() for c in df.columns]
    df.attrs["decimal_comma"] = sep != ","
    df.attrs["rows"] = rows
    if skipped:
        df.attrs["comment_rows"] = RowNumbers(skipped)
    if short:
        # (position among the data rows, cells): `io.tables.check_columns` warns of each
        at = {r: k for k, r in enumerate(rows)}
        df.attrs["short_rows"] = RowNumbers((at[r], n, want, tuple(c for c in names[n:want] if c))
                                            for r, n in short if r in at)
    return df


def _short_rows(text: str, sep: str, want: int, lines: list[str]) -> list[tuple[int, int]]:
    """(row, cells) of the data rows with fewer cells than the header's `want` (row as the
    table counts them: the header 1, blank rows counted), read as pandas reads them (quotes, a
    value over several lines). pandas reads their missing cells as empty, unsaid: a row cut
    short, or a cell left out in its middle (every later value one column to the left).
    Without a quote in the file a line is a row, and its separators say it."""
    if want < 2:
        return []
    if '"' not in text:
        return [(k + 1, line.count(sep) + 1) for k, line in enumerate(lines[1:], start=1)
                if line.count(sep) < want - 1 and line.strip(" \t,;")]
    out: list[tuple[int, int]] = []
    reader = csv.reader(_io.StringIO(text, newline=""), delimiter=sep, skipinitialspace=True)
    try:
        for k, cells in enumerate(reader):
            if k and len(cells) < want and any(c.strip() for c in cells):
                out.append((k + 1, len(cells)))
    except csv.Error:
        return []
    return out


def remap_rows(exc: ScenarioError, rowmaps: Mapping[str, Sequence[int]]) -> ScenarioError:
    """Problems carry positional rows (header = 1, first data row = 2); turn them into the
    file's (or sheet's) real rows, where blank rows were skipped. A row of a file after a
    `sep=` line (`AfterSepLine`) is said in LibreOffice's numbering too (`Problem.sep_line`)."""
    out = []
    for p in exc.problems:
        rm = rowmaps.get(p.file)
        if rm is not None and p.row is not None and p.row >= 2 and p.row - 2 < len(rm):
            p = Problem(p.file, p.message, rm[p.row - 2], p.column, p.sep_line)
        if isinstance(rm, AfterSepLine) and p.row is not None:
            p = Problem(p.file, p.message, p.row, p.column, True)
        out.append(p)
    return ScenarioError(out)


# -- writing a CSV the way the language's spreadsheet opens it -------------------------------

#: How eitflow writes a CSV per language: (separator, decimal mark, BOM). French Excel splits
#: a CSV on ';' and reads '4,9' as a number (a ','-separated file opens in one column); the BOM
#: makes it take the file for UTF-8 (else 'Réseau de chaleur' shows as 'RÃ©seau'). The reader
#: above takes both (separator from the header, BOM dropped; `io.numbers`: a decimal comma in a
#: ';' file). English is written as it always has been.
CSV_DIALECT = {"en": (",", ".", ""), "fr": (";", ",", "\ufeff")}
_COMMA_THREE = re.compile(r"[+-]?[1-9]\d{0,2},\d{3}")


def csv_cell(v: object, lang: str = "en", float_format: str | None = None) -> str:
    """A cell as `lang`'s CSV writes it: a float with its decimal mark (4.9 -> '4,9' in French;
    no thousands separator), through `float_format` if given, else as Python writes it; a
    missing value empty; the rest as text. A French '114,123' gets a trailing 0 ('114,1230'):
    `io.numbers` refuses a comma followed by exactly three digits as ambiguous (114 or 114000?)
    where nothing else in the column says, and the same number must read back."""
    if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)):
        return ""
    if not isinstance(v, (float, np.floating)):
        return str(v)
    s = float_format % v if float_format else str(v)
    decimal = CSV_DIALECT.get(lang, CSV_DIALECT["en"])[1]
    if decimal == ".":
        return s
    s = s.replace(".", decimal)
    return s + "0" if _COMMA_THREE.fullmatch(s) else s


def csv_text(header: list[str], rows: list[list[object]], lang: str = "en",
             float_format: str | None = None) -> str:
    """CSV text of a header and rows in `lang`'s dialect (`CSV_DIALECT`: separator, decimal
    mark, BOM), '\\n' line ends, cells quoted only where needed (`csv_cell` per cell)."""
    sep, _, bom = CSV_DIALECT.get(lang, CSV_DIALECT["en"])
    buf = _io.StringIO()
    w = csv.writer(buf, delimiter=sep, lineterminator="\n")
    w.writerow(header)
    w.writerows([[csv_cell(v, lang, float_format) for v in r] for r in rows])
    return bom + buf.getvalue()
