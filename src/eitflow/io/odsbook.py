"""An OpenDocument spreadsheet (.ods, LibreOffice's own format) read as `io.workbook` reads an
.xlsx workbook: an object with the few parts of openpyxl's read-only workbook that it uses
(`sheetnames`, `book[name].iter_rows(...)`, `close()`), each cell's value as openpyxl gives it
(a number, a text, a boolean, a date) with its number format said in Excel's words (`00000`,
`0%`), so that `io.cells` applies its rules (a code in a zero-padding format, a percentage
where a plain number is expected) in one place for both formats, and each sheet's
`io.sheetxml.SheetFacts` (formulas with or without a saved value, merged ranges, hidden rows
and columns).

content.xml is streamed through the standard library's ElementTree (no new dependency):
rows of the sheets eitflow reads are kept, each row once however often LibreOffice repeats
it (`table:number-rows-repeated`), and the trailing empty rows and columns LibreOffice writes
up to the millionth row are never expanded. Named cell styles and their number formats come
from styles.xml, the cells' own from content.xml's automatic styles.
"""

from __future__ import annotations

import datetime as _dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from zipfile import BadZipFile, ZipFile

from eitflow.errors import Problem, ScenarioError
from eitflow.i18n import Phrase
from eitflow.io.sheetxml import SheetFacts

_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_NUMBER = "{urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0}"
_CALCEXT = "{urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0}"

_TABLE_EL, _ROW, _COLUMN = _TABLE + "table", _TABLE + "table-row", _TABLE + "table-column"
_CELLS = (_TABLE + "table-cell", _TABLE + "covered-table-cell")
_DATA_STYLES = {_NUMBER + k for k in ("number-style", "percentage-style", "currency-style", "date-style",
                                      "time-style", "boolean-style", "text-style")}
#: the attributes read for every row and cell
_COLS_REPEATED = _TABLE + "number-columns-repeated"
_ROWS_REPEATED = _TABLE + "number-rows-repeated"
_ROWS_SPANNED = _TABLE + "number-rows-spanned"
_COLS_SPANNED = _TABLE + "number-columns-spanned"
_FORMULA = _TABLE + "formula"
_STYLE_NAME = _TABLE + "style-name"
_VALUE_TYPE = _OFFICE + "value-type"
_CALC_VALUE_TYPE = _CALCEXT + "value-type"
_VALUE = _OFFICE + "value"
_VISIBILITY = _TABLE + "visibility"
_DEFAULT_STYLE = _TABLE + "default-cell-style-name"
_SPREADSHEET = b"application/vnd.oasis.opendocument.spreadsheet"
#: LibreOffice's (and Excel's) last column: a cell repeated beyond it is not read
MAX_COLUMNS = 16_384
GENERAL = "General"


class OdsCell:
    """A cell as `io.cells` reads openpyxl's: its value (None when empty) and number format."""

    __slots__ = ("value", "has_style", "number_format")

    def __init__(self, value: Any, number_format: str = GENERAL):
        self.value = value
        self.number_format = number_format
        self.has_style = number_format != GENERAL


EMPTY = OdsCell(None)


class OdsSheet:
    """One table of the document: its non-empty rows as (first sheet row, times repeated,
    cells), in order, and its `SheetFacts`."""

    def __init__(self) -> None:
        self.rows: list[tuple[int, int, tuple[OdsCell, ...]]] = []
        self.facts = SheetFacts()

    def iter_rows(self, max_row: int | None = None, max_col: int | None = None,
                  values_only: bool = False) -> Iterator[tuple]:
        """Rows from row 1 (an empty row in between as an empty tuple, as openpyxl's
        read-only sheets give it), each up to its last cell with a value."""
        nxt = 1
        for first, times, cells in self.rows:
            row: tuple = cells[:max_col] if max_col is not None else cells
            if values_only:
                row = tuple(c.value for c in row)
            for r in range(first, first + times):
                if max_row is not None and r > max_row:
                    return
                while nxt < r:
                    yield ()
                    nxt += 1
                yield row
                nxt = r + 1


class OdsBook:
    """The tables of an .ods file, by name (`sheetnames` in the document's order)."""

    def __init__(self, sheets: dict[str, OdsSheet | None]):
        self.sheetnames = list(sheets)
        self._sheets = sheets

    def __getitem__(self, name: str) -> OdsSheet:
        sheet = self._sheets[name]
        if sheet is None:
            raise KeyError(f"sheet '{name}' was not read")
        return sheet

    def facts(self, names: dict[str, str]) -> tuple[dict[str, SheetFacts], bool]:
        """As `io.sheetxml.sheet_facts` (label -> sheet name): each sheet's facts, and never
        a request to recompute (an .ods holds no fullCalcOnLoad: a formula's office:value is
        the value LibreOffice computed and saved)."""
        return {label: self[name].facts for label, name in names.items()}, False

    def close(self) -> None:
        self._sheets = {}


def open_ods(path: Path, book: str, keep: Callable[[str], bool], max_cells: int) -> OdsBook:
    """Read the .ods file `path` (`book`: its name in problems): every sheet's name, and the
    rows of the sheets `keep` accepts. A file that is not an OpenDocument spreadsheet (not a
    zip, an .xlsx or a text document renamed, password-protected, damaged XML) is a
    `ScenarioError` saying so; so is a sheet holding more than `max_cells` cells."""
    try:
        with ZipFile(path) as zf:
            names = set(zf.namelist())
            if "content.xml" not in names:
                why = Phrase("wb_ods_is_xlsx") if "xl/workbook.xml" in names else Phrase("wb_ods_no_content")
                raise ScenarioError(Problem(book, Phrase("wb_cannot_open_ods", error=why)))
            mime = zf.open("mimetype").read(200).strip() if "mimetype" in names else _SPREADSHEET
            if not mime.startswith(_SPREADSHEET):
                raise ScenarioError(Problem(book, Phrase("wb_cannot_open_ods", error=Phrase(
                    "wb_ods_not_spreadsheet", mime=mime.decode("ascii", "replace")[:80]))))
            if "META-INF/manifest.xml" in names and b"encryption-data" in zf.read("META-INF/manifest.xml"):
                raise ScenarioError(Problem(book, Phrase("wb_cannot_open_ods", error=Phrase("wb_ods_encrypted"))))
            styles = _Styles()
            if "styles.xml" in names:
                with zf.open("styles.xml") as fh:
                    for _, el in ET.iterparse(fh):
                        styles.add(el)
            with zf.open("content.xml") as fh:
                return _Content(styles, keep, max_cells, book).read(fh)
    except ScenarioError:
        raise
    except ET.ParseError as exc:
        raise ScenarioError(Problem(book, Phrase("wb_cannot_open_ods", error=Phrase("wb_ods_bad_xml",
                                                                                    error=str(exc))))) from None
    except (BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ScenarioError(Problem(book, Phrase("wb_cannot_open_ods", error=str(exc)))) from None


class _Styles:
    """Cell styles (name -> parent, number format's name) and number formats (name -> the
    format in Excel's words, and the format its positive numbers take, `style:map`)."""

    def __init__(self) -> None:
        self.cell: dict[str, tuple[str | None, str | None]] = {}
        self.data: dict[str, tuple[str, str | None]] = {}
        self._cache: dict[str | None, str] = {None: GENERAL}

    def add(self, el: ET.Element) -> None:
        if el.tag == _STYLE + "style" and el.get(_STYLE + "family") == "table-cell":
            self.cell[el.get(_STYLE + "name", "")] = (el.get(_STYLE + "parent-style-name"),
                                                     el.get(_STYLE + "data-style-name"))
        elif el.tag in _DATA_STYLES:
            positive = next((m.get(_STYLE + "apply-style-name") for m in el.iter(_STYLE + "map")
                             if m.get(_STYLE + "condition", "").replace(" ", "") in ("value()>=0", "value()>0")),
                            None)
            self.data[el.get(_STYLE + "name", "")] = (_excel_format(el), positive)

    def format(self, name: str | None) -> str:
        """The number format of cell style `name` (its own, else its parents'), in Excel's words."""
        if name in self._cache:
            return self._cache[name]
        data, style, seen = None, name, 0
        while style is not None and data is None and seen < 20:
            style, data = self.cell.get(style, (None, None))
            seen += 1
        fmt = GENERAL
        if data in self.data:
            fmt, positive = self.data[data]
            if positive in self.data:   # the first section of an Excel format is that of positive numbers
                fmt = self.data[positive][0]
        self._cache[name] = fmt
        return fmt


def _excel_format(el: ET.Element) -> str:
    """A number format element of ODF in the words of Excel's formats, as far as
    `io.cells.number_format` reads them: `00000` for five digits at least (the spaces a SIRET
    is grouped by, embedded texts, are left out as that function leaves them out), `00.00`,
    `0%`; `#,##0` where thousands are grouped, `0.00E+00` for a scientific one; General for a
    date, a time, a boolean or a text format (their cells hold no number)."""
    kind = el.tag[len(_NUMBER):]
    if kind == "percentage-style":
        return "0%"
    if kind not in ("number-style", "currency-style"):
        return GENERAL
    for part in el:
        if part.tag == _NUMBER + "scientific-number":
            return "0.00E+00"
        if part.tag == _NUMBER + "fraction":
            return "# ?/?"
        if part.tag == _NUMBER + "number":
            digits = int(part.get(_NUMBER + "min-integer-digits", "1") or 1)
            places = int(part.get(_NUMBER + "decimal-places", "0") or 0)
            least = int(part.get(_NUMBER + "min-decimal-places", str(places)) or 0)
            grouped = "#,##" if part.get(_NUMBER + "grouping") == "true" else ""
            decimals = "." + "0" * least + "#" * (places - least) if places else ""
            return grouped + "0" * digits + decimals + ("" if kind == "number-style" else " \u00a4")
    return GENERAL


_DURATION = re.compile(r"(-)?P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d*)?)S)?)?")


def _number(text: str) -> int | float:
    """office:value as openpyxl reads an .xlsx's <v>: an int where written without a point or
    an exponent, else a float."""
    if text.lstrip("-").isdigit():
        return int(text)
    return float(text)


def _duration(text: str) -> _dt.time | _dt.timedelta:
    """office:time-value (PT12H30M00S) as openpyxl gives a time cell: a time of day under 24 h,
    a duration beyond ([h]:mm:ss, PT30H00M00S)."""
    m = _DURATION.fullmatch(text.strip())
    if m is None:
        raise ValueError(f"time value '{text[:40]}'")
    sign, d, h, mi, s = m.groups()
    span = _dt.timedelta(days=int(d or 0), hours=int(h or 0), minutes=int(mi or 0), seconds=float(s or 0))
    if sign:
        return -span
    if span < _dt.timedelta(days=1):
        return (_dt.datetime.min + span).time()
    return span


def _inline(el: ET.Element) -> str:
    """The text of a paragraph as the cell shows it: spans and links read through, <text:s
    text:c="3"/> three spaces, a tab, a line break; notes and comments left out."""
    out = [el.text or ""]
    for ch in el:
        if ch.tag == _TEXT + "s":
            out.append(" " * int(ch.get(_TEXT + "c", "1") or 1))
        elif ch.tag == _TEXT + "tab":
            out.append("\t")
        elif ch.tag == _TEXT + "line-break":
            out.append("\n")
        elif ch.tag not in (_OFFICE + "annotation", _TEXT + "note"):
            out.append(_inline(ch))
        out.append(ch.tail or "")
    return "".join(out)


def _shown_text(cell: ET.Element) -> str:
    """A cell's paragraphs (not its comment's), one per line, as a multi-line cell of an .xlsx."""
    return "\n".join(_inline(p) for p in cell if p.tag in (_TEXT + "p", _TEXT + "h"))


def _value(cell: ET.Element) -> tuple[Any, bool]:
    """(a cell's value as openpyxl would give it, whether it holds one): None where empty."""
    get = cell.attrib.get
    kind = get(_VALUE_TYPE)
    if get(_CALC_VALUE_TYPE) == "error":   # a formula's #DIV/0!, as openpyxl reads t="e"
        return _shown_text(cell), True
    if kind in ("float", "percentage", "currency"):
        raw = get(_VALUE)
        return (_number(raw), True) if raw is not None else (None, False)
    if kind == "string":
        text = get(_OFFICE + "string-value")
        return (text if text is not None else _shown_text(cell)), True
    if kind == "boolean":
        return get(_OFFICE + "boolean-value", "").strip().lower() in ("true", "1"), True
    if kind == "date":
        return _dt.datetime.fromisoformat(get(_OFFICE + "date-value", "")), True
    if kind == "time":
        return _duration(get(_OFFICE + "time-value", "")), True
    if kind is None and get(_FORMULA) is None and len(cell):
        text = _shown_text(cell)   # a cell written with its text alone: a text cell, as LibreOffice reads it
        return (text, True) if text else (None, False)
    return None, False


class _Content:
    """content.xml streamed: automatic styles first, then each table, row by row."""

    def __init__(self, styles: _Styles, keep: Callable[[str], bool], max_cells: int, book: str):
        self.styles, self.keep, self.max_cells, self.book = styles, keep, max_cells, book
        self.sheets: dict[str, OdsSheet | None] = {}
        self._row = 1                                  # the sheet row of the next <table:table-row>
        self._columns: list[str | None] = []           # each column's default cell style
        self._hidden_rows: list[tuple[int, int]] = []  # (first, last) sheet rows hidden or filtered out
        self._cells = 0                                # cells kept of the sheet so far

    def read(self, fh) -> OdsBook:
        sheet: OdsSheet | None = None
        depth = 0      # tables within a cell (a sub-table) are not the sheet's rows
        name = ""
        for event, el in ET.iterparse(fh, events=("start", "end")):
            tag = el.tag
            if event == "start":
                if tag == _TABLE_EL:
                    depth += 1
                    if depth == 1:
                        name = el.get(_TABLE + "name", f"Sheet{len(self.sheets) + 1}")
                        sheet = OdsSheet() if self.keep(name) else None
                        self.sheets[name] = sheet
                        self._row, self._columns, self._hidden_rows = 1, [], []
                        self._cells = 0
                continue
            if tag == _ROW and depth == 1:
                if sheet is not None:
                    self._read_row(el, sheet, name)
                else:
                    self._row += int(el.get(_ROWS_REPEATED, "1"))
                el.clear()
            elif tag == _COLUMN and depth == 1 and sheet is not None:
                self._read_column(el, sheet)
            elif tag == _TABLE_EL:
                if depth == 1 and sheet is not None:
                    last = sheet.rows[-1][0] + sheet.rows[-1][1] - 1 if sheet.rows else 0
                    for lo, hi in self._hidden_rows:   # hidden rows below the table are no one's concern
                        sheet.facts.hidden.update(range(lo, min(hi, last) + 1))
                depth -= 1
                el.clear()
            elif depth == 0 and (tag in _DATA_STYLES or tag == _STYLE + "style"):
                self.styles.add(el)
        return OdsBook(self.sheets)

    def _read_column(self, el: ET.Element, sheet: OdsSheet) -> None:
        n = int(el.get(_COLS_REPEATED, "1"))
        start = len(self._columns)
        n = max(0, min(n, MAX_COLUMNS - start))
        self._columns.extend([el.get(_DEFAULT_STYLE)] * n)
        if el.get(_VISIBILITY, "visible") != "visible":
            sheet.facts.hidden_columns.update(range(start, start + n))

    def _column_style(self, j: int) -> str | None:
        return self._columns[j] if j < len(self._columns) else None

    def _read_row(self, el: ET.Element, sheet: OdsSheet, name: str) -> None:
        r = self._row
        times = int(el.get(_ROWS_REPEATED, "1"))
        self._row += times
        if el.get(_VISIBILITY, "visible") != "visible":   # collapse (hidden) or filter
            self._hidden_rows.append((r, r + times - 1))
        row_style = el.get(_DEFAULT_STYLE)
        facts = sheet.facts
        cells: list[OdsCell] = []
        j = 0
        for c in el:
            if c.tag not in _CELLS or j >= MAX_COLUMNS:
                continue
            a = c.attrib
            n = min(int(a[_COLS_REPEATED]), MAX_COLUMNS - j) if _COLS_REPEATED in a else 1
            if _ROWS_SPANNED in a or _COLS_SPANNED in a:
                rs, cs = int(a.get(_ROWS_SPANNED, "1")), int(a.get(_COLS_SPANNED, "1"))
                if (rs, cs) != (1, 1):
                    facts.merged.append((r, j, r + rs - 1, j + cs - 1))
            value, held = _value(c)
            if _FORMULA in a:
                from openpyxl.utils import get_column_letter

                # a formula cell saved without its value (a program that writes formulas but does
                # not compute them): refused, naming the cell (`io.sheetxml.formula_problems`)
                # (a formula repeated over a block: its first 100 x 100 cells named, enough to be found)
                facts.formulas += [(get_column_letter(k + 1), row, held)
                                   for row in range(r, r + min(times, 100)) for k in range(j, j + min(n, 100))]
            if value is not None:
                if len(cells) < j:
                    cells.extend([EMPTY] * (j - len(cells)))
                style = a.get(_STYLE_NAME) or row_style
                pct = a.get(_VALUE_TYPE) == "percentage"   # shown as one, whatever its style says
                for k in range(j, j + n):
                    fmt = self.styles.format(style or self._column_style(k))
                    cells.append(OdsCell(value, "0%" if pct and "%" not in fmt else fmt))
            j += n
        if cells:
            self._cells += len(cells)
            if self._cells > self.max_cells:
                raise ScenarioError(Problem(f"{self.book}:{name}", Phrase("wb_too_many_cells", n=self.max_cells,
                                                                          row=str(r))))
            sheet.rows.append((r, times, tuple(cells)))
