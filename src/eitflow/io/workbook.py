"""A scenario workbook (.xlsx) in: sheets sites, flows, links, hubs and parameters, through
the same validation as the CSV files, every problem naming the sheet, row and column."""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from eitflow.errors import Problem, ScenarioError
from eitflow.i18n import Phrase
from eitflow.io.csvfile import TypedCells, check_regular_file, remap_rows
from eitflow.scenario import Parameters, Scenario

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


TABLE_SHEETS = ("sites", "flows", "links", "hubs", "corridors", "junctions")


def _cell_text(v: Any) -> str:
    """A cell as the text a CSV export would hold (what `io.read_table` gives)."""
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
    return str(v).strip()


MAX_SHEET_CELLS = 50_000_000  # cells read from one sheet's used range before giving up


def _sheet_frame(ws, label: str) -> tuple[pd.DataFrame, list[int], list[Problem]]:
    """A sheet → all-text DataFrame (header = row 1), the sheet row of each data row, and
    problems of structure. Fully empty rows are skipped (their row numbers are kept for
    error messages), as are fully empty columns; a column with values but no header is a
    problem (and is left out, so the rest of the sheet is still checked).

    Rows are streamed and only the header's width is kept, so a stray cell at XFD1048576
    costs one row, not a million rows of 16,384 columns; a used range of more than
    `MAX_SHEET_CELLS` cells is refused."""
    from openpyxl.utils import get_column_letter

    if hasattr(ws, "reset_dimensions"):
        ws.reset_dimensions()  # read the rows present, not the (maybe stale) declared extent
    it = ws.iter_rows(values_only=True)
    first = next(it, None)
    if first is None:
        return pd.DataFrame(), [], []
    header = [_cell_text(h) for h in first]
    while header and header[-1] == "":
        header.pop()
    width = len(header)
    stray: dict[int, int] = {}  # column beyond the header -> first sheet row with a value there
    cells = len(first)
    sheet_rows, data, typed = [], [], []
    for i, r in enumerate(it, start=2):
        cells += len(r)
        if cells > MAX_SHEET_CELLS:
            raise ScenarioError(Problem(label, Phrase("wb_too_many_cells", n=MAX_SHEET_CELLS, row=str(i))))
        if len(r) > width:
            for j in range(width, len(r)):
                if r[j] is not None and _cell_text(r[j]) != "" and j not in stray and len(stray) < 5:
                    stray[j] = i
        vals = [_cell_text(v) for v in r[:width]]
        if any(v != "" for v in vals):
            data.append(vals + [""] * (width - len(vals)))
            typed.append([_is_number(v) for v in r[:width]] + [False] * (width - len(vals)))
            sheet_rows.append(i)
    problems = [Problem(label, Phrase("wb_no_header"), row=1, column=get_column_letter(j + 1))
                for j in range(width) if header[j] == "" and any(r[j] != "" for r in data)]
    problems += [Problem(label, Phrase("wb_outside", cell=f"{get_column_letter(j + 1)}{row}"), row=row,
                         column=get_column_letter(j + 1))
                 for j, row in stray.items()]
    keep_cols = [j for j in range(width) if header[j] != ""]
    df = pd.DataFrame([[r[j] for j in keep_cols] for r in data], columns=[header[j] for j in keep_cols],
                      dtype=object)
    # a number typed in a cell is read as it is; a number held as text ("48,6265", pasted from
    # a web page or a French export) is read as a ';'-separated file reads it (`io.numbers`)
    df.attrs["decimal_comma"] = True
    df.attrs["typed"] = TypedCells({header[j]: np.array([r[j] for r in typed], bool) for j in keep_cols})
    return df, sheet_rows, problems


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


_FORMULA_CELL = re.compile(rb"<c\b([^>/]*)>((?:(?!</c>).)*?<f[\s>/](?:(?!</c>).)*)</c>", re.S)
_CACHED = re.compile(rb"<v>[^<]|<is>")


def _uncached_formulas(path: Path, wb, sheets: dict[str, str]) -> list[Problem]:
    """Formula cells holding no computed value: a workbook written by a program that writes
    formulas but does not compute them (openpyxl, some exporters) and never opened and saved
    in Excel or LibreOffice. Read for their values, as eitflow reads workbooks, they would be
    empty cells, and an empty price is 0: a silently different scenario. `sheets`: the
    label of each sheet read -> its name. (A formula whose result is empty text is saved with
    its type, t="str", and is not one of these.)"""
    from zipfile import BadZipFile, ZipFile

    from openpyxl.utils.cell import coordinate_from_string

    probs = []
    try:
        with ZipFile(path) as zf:
            for label, name in sheets.items():
                ws = wb[name]
                xml = zf.read(ws._worksheet_path) if hasattr(ws, "_worksheet_path") else b""
                if b"<f>" not in xml and b"<f " not in xml:
                    continue   # no formula at all (nearly every workbook a person fills)
                header = [_cell_text(v) for v in next(ws.iter_rows(max_row=1, values_only=True), ())]
                for m in _FORMULA_CELL.finditer(xml):
                    attrs, inner = m.group(1), m.group(2)
                    typed = re.search(rb'\bt="(\w+)"', attrs)
                    if _CACHED.search(inner) or (typed is not None and typed.group(1) != b"n"):
                        continue
                    ref = re.search(rb'\br="([A-Z]+[0-9]+)"', attrs)
                    if ref is None:
                        continue
                    letter, row = coordinate_from_string(ref.group(1).decode())
                    k = _column_index(letter)
                    column = header[k] if k < len(header) and header[k] else letter
                    probs.append(Problem(label, Phrase("wb_formula_no_value", cell=f"{letter}{row}"), row=row,
                                         column=column))
    except (BadZipFile, KeyError, OSError):
        return []   # the workbook opened: what cannot be re-read here was read above
    return probs


def _column_index(letter: str) -> int:
    from openpyxl.utils import column_index_from_string

    return column_index_from_string(letter) - 1


def _remap_rows(exc: ScenarioError, rowmaps: dict[str, list[int]]) -> ScenarioError:
    """Problems carry positional rows (header = 1); turn them into the sheet's real rows."""
    return remap_rows(exc, rowmaps)


def _parse_value(v: Any) -> Any:
    if isinstance(v, str):
        t = v.strip()
        if t.lower() in ("true", "false"):
            return t.lower() == "true"
        return t
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def _parameters(ws, label: str) -> tuple[dict, dict[str, int]]:
    """parameters sheet → nested dict of scenario.yaml keys, and the row of each key."""
    rows = list(ws.iter_rows(values_only=True))
    out: dict = {}
    where: dict[str, int] = {}
    probs = []
    start = 1 if rows and _cell_text(rows[0][0] if rows[0] else None).lower() == "key" else 0
    for i, r in enumerate(rows[start:], start=start + 1):
        r = list(r) + [None, None]
        key, val = _cell_text(r[0]), r[1]
        if key == "":
            if _cell_text(val) != "":
                probs.append(Problem(label, Phrase("wb_value_no_key"), row=i, column="key"))
            continue
        if key in where:
            probs.append(Problem(label, Phrase("wb_key_twice", k=key, first=str(where[key])), row=i, column="key"))
            continue
        where[key] = i
        if val is None or _cell_text(val) == "":
            continue  # empty: the default
        val = _parse_value(val)
        if key in ("name", "description"):
            val = _cell_text(val)
        node = out
        parts = key.split(".")
        for part in parts[:-1]:
            nxt = node.setdefault(part, {})
            if not isinstance(nxt, dict):
                probs.append(Problem(label, Phrase("wb_key_has_value", k=key, part=part), row=i, column="key"))
                break
            node = nxt
        else:
            node[parts[-1]] = val
    if probs:
        raise ScenarioError(probs)
    return out, where


def read_workbook(path: str | Path) -> Scenario:
    """Read a scenario workbook (sheets sites, flows, optional links and parameters) into a
    validated `Scenario`; every problem names the workbook, the sheet, the row and the column."""
    from zipfile import BadZipFile

    from eitflow.io.assemble import build_scenario, parse_parameters

    path = Path(path)
    book = path.name
    check_regular_file(path, book, "workbook (.xlsx)")
    try:
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, OSError, KeyError, ValueError) as exc:
        raise ScenarioError(Problem(book, Phrase("wb_cannot_open", error=str(exc)))) from None
    try:
        sheets = {s.strip().lower(): s for s in wb.sheetnames}
        missing = [s for s in ("sites", "flows") if s not in sheets]
        if missing:
            raise ScenarioError([Problem(book, Phrase("wb_missing_sheet", sheet=s, found=", ".join(wb.sheetnames)))
                                 for s in missing])
        labels = {k: f"{book}:{k}" for k in ("sites", "flows", "links", "resources", "hubs", "corridors", "junctions",
                                             "parameters")}
        frames: dict[str, pd.DataFrame] = {}
        rowmaps: dict[str, list[int]] = {}
        probs: list[Problem] = []
        for k in TABLE_SHEETS:
            if k not in sheets:
                continue
            df, rows, sheet_probs = _sheet_frame(wb[sheets[k]], labels[k])
            probs += sheet_probs
            frames[k] = df
            rowmaps[labels[k]] = rows
        probs += _uncached_formulas(path, wb, {labels[k]: sheets[k] for k in (*TABLE_SHEETS, "parameters")
                                               if k in sheets})
        params: dict = {}
        where: dict[str, int] = {}
        if "parameters" in sheets:
            try:
                params, where = _parameters(wb[sheets["parameters"]], labels["parameters"])
            except ScenarioError as exc:
                probs += exc.problems
    finally:
        wb.close()
    for k in ("sites", "flows"):
        if k not in frames:
            frames[k] = pd.DataFrame()
    params.setdefault("name", path.stem)
    for key in ("sites", "flows", "links", "resources"):
        if key in params:
            probs.append(Problem(labels["parameters"], Phrase("wb_table_key", k=key), row=where.get(key)))
            params.pop(key)
    try:
        parameters = parse_parameters(params, labels["parameters"])
    except ScenarioError as exc:
        for p in exc.problems:
            m = re.search(r"key '([^']+)'", p.message)
            row = where.get(m.group(1)) if m else None
            probs.append(Problem(p.file, p.message, row if row is not None else p.row, p.column))
        from eitflow.io.network import networks_named

        # still check the tables below, against the networks the parameters name
        parameters = Parameters(name=str(params.get("name", path.stem)), networks=networks_named(params.get("networks")))
    links = frames.get("links")
    if links is not None and len(links) == 0:
        links = None
    hubs = frames.get("hubs")
    if hubs is not None and len(hubs) == 0:
        hubs = None
    corridors, junctions = (f if f is not None and len(f) else None for f in (frames.get("corridors"),
                                                                             frames.get("junctions")))
    try:
        scen = build_scenario(frames["sites"], frames["flows"], links, None, parameters, labels=labels, hubs=hubs,
                              corridors=corridors, junctions=junctions, canonical=True, sources=labels)
    except ScenarioError as exc:
        probs += _remap_rows(exc, rowmaps).problems
    if probs:  # every problem at once: workbook structure, parameters and tables
        raise ScenarioError(probs)
    rm = rowmaps.get(labels["flows"])
    if rm is not None and len(rm) == len(scen.flows):
        # "row" is the table's row (2 = first data row), also once the flows are in canonical order
        scen.flows["row"] = np.asarray(rm)[scen.flows["row"].to_numpy(np.int64) - 2]
    scen.source = path
    scen.files = {}
    return scen


def workbook_lang(path: str | Path) -> str | None:
    """The `lang` key of a workbook's parameters sheet, read before the workbook is checked
    (its problems are said in that language), or None where it cannot be read."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - an unreadable workbook: read_workbook says why
        return None
    try:
        sheets = {s.strip().lower(): s for s in wb.sheetnames}
        if "parameters" not in sheets:
            return None
        for row in wb[sheets["parameters"]].iter_rows(max_col=2, values_only=True):
            if len(row) == 2 and _cell_text(row[0]) == "lang":
                return _cell_text(row[1]).lower() or None
        return None
    finally:
        wb.close()


def is_workbook(path: str | Path) -> bool:
    return Path(path).suffix.lower() in WORKBOOK_SUFFIXES


