"""What a workbook's XML says and openpyxl's fast reading (read-only, values only) does not:
which cells hold formulas and whether their saved values can be trusted, which cells are
merged, which rows and columns are hidden. Read once per sheet by `io.workbook`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from eitflow.errors import Problem
from eitflow.i18n import Phrase

_FORMULA_CELL = re.compile(rb"<c\b([^>/]*)>((?:(?!</c>).)*?<f[\s>/](?:(?!</c>).)*)</c>", re.S)
_CACHED = re.compile(rb"<v>[^<]|<is>")
_REF = re.compile(rb'\br="([A-Z]+)([0-9]+)"')
_TYPED = re.compile(rb'\bt="(\w+)"')
_MERGE = re.compile(rb'<mergeCell\b[^>]*\bref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"')
_ROW = re.compile(rb"<row\b[^>]*>")
_REF_ROW = re.compile(rb'\br="([0-9]+)"')
_HIDDEN = re.compile(rb'\bhidden="(?:1|true)"')
_COL = re.compile(rb"<col\b[^>]*>")
_SPAN = re.compile(rb'\bmin="([0-9]+)"[^>]*\bmax="([0-9]+)"')
#: `<calcPr fullCalcOnLoad="1">`: "recompute every formula when opened". xlsxwriter (and so
#: pandas' `to_excel` with it) and openpyxl write it, with 0 or nothing saved as each formula's
#: value; Excel and LibreOffice, which compute formulas, save the values and do not write it
_FULL_CALC = re.compile(rb'<(?:\w+:)?calcPr\b[^>]*\bfullCalcOnLoad="(?:1|true)"')


@dataclass
class SheetFacts:
    """One sheet's formulas (column letter, row, whether a value is saved with it), merged
    ranges (first row, first column, last row, last column; rows as in the sheet, columns
    from 0), hidden rows and hidden columns (from 0)."""

    formulas: list[tuple[str, int, bool]] = field(default_factory=list)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    hidden: set[int] = field(default_factory=set)
    hidden_columns: set[int] = field(default_factory=set)


def sheet_facts(path: Path, wb, names: dict[str, str]) -> tuple[dict[str, SheetFacts], bool]:
    """The facts of each sheet (`names`: label -> sheet name), and whether the workbook asks
    to be fully recomputed when opened (its saved formula values are then not to be trusted).
    Nothing where the file cannot be re-read as a zip (it opened: what cannot be re-read here
    was read by openpyxl)."""
    from zipfile import BadZipFile, ZipFile

    from openpyxl.utils.cell import range_boundaries

    out = {label: SheetFacts() for label in names}
    try:
        with ZipFile(path) as zf:
            try:
                recalc = _FULL_CALC.search(zf.read("xl/workbook.xml")) is not None
            except KeyError:
                recalc = False
            for label, name in names.items():
                ws = wb[name]
                xml = zf.read(ws._worksheet_path) if hasattr(ws, "_worksheet_path") else b""
                facts = out[label]
                if b"<f>" in xml or b"<f " in xml:   # nearly every workbook a person fills has none
                    for m in _FORMULA_CELL.finditer(xml):
                        attrs, inner = m.group(1), m.group(2)
                        ref = _REF.search(attrs)
                        if ref is None:
                            continue
                        typed = _TYPED.search(attrs)
                        # a formula whose result is text is saved with its type (t="str"), even empty
                        cached = bool(_CACHED.search(inner)) or (typed is not None and typed.group(1) != b"n")
                        facts.formulas.append((ref.group(1).decode(), int(ref.group(2)), cached))
                for m in _MERGE.finditer(xml):
                    c1, r1, c2, r2 = range_boundaries(m.group(1).decode())
                    facts.merged.append((r1, c1 - 1, r2, c2 - 1))
                if b"hidden=" in xml:
                    for m in _COL.finditer(xml):
                        span = _SPAN.search(m.group(0))
                        if span is not None and _HIDDEN.search(m.group(0)):
                            lo, hi = int(span.group(1)), min(int(span.group(2)), 16384)
                            facts.hidden_columns.update(range(lo - 1, hi))
                    for m in _ROW.finditer(xml):
                        if _HIDDEN.search(m.group(0)):
                            r = _REF_ROW.search(m.group(0))
                            if r is not None:
                                facts.hidden.add(int(r.group(1)))
    except (BadZipFile, KeyError, OSError):
        return {label: SheetFacts() for label in names}, False
    return out, recalc


def formula_problems(facts: dict[str, SheetFacts], headers: dict[str, list[str]], recalc: bool) -> list[Problem]:
    """Formula cells whose value eitflow cannot trust, each named (sheet, row, column, cell).

    With no value saved (a workbook written by a program that writes formulas but does not
    compute them, never opened and saved in Excel or LibreOffice), a formula read for its
    value is an empty cell, and an empty price is 0. Where the workbook asks to be fully
    recomputed when opened (xlsxwriter, pandas' `to_excel`), the value saved is 0 (or
    whatever the program guessed), not the formula's result. Either would be a silently
    different scenario. `headers`: each sheet's row 1, to name the column."""
    from openpyxl.utils import column_index_from_string

    probs = []
    for label, f in facts.items():
        header = headers.get(label, [])
        for letter, row, cached in f.formulas:
            if cached and not recalc:
                continue
            k = column_index_from_string(letter) - 1
            column = header[k] if k < len(header) and header[k] else letter
            key = "wb_formula_no_value" if not cached else "wb_formula_recalc"
            probs.append(Problem(label, Phrase(key, cell=f"{letter}{row}"), row=row, column=column))
    return probs
