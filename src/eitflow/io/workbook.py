"""A scenario workbook (.xlsx, or LibreOffice's .ods) in: sheets sites, flows, links, hubs and
parameters, through the same validation as the CSV files, every problem naming the sheet, row
and column. An .xlsx is read by openpyxl (`io.sheetxml` for what it does not say), an .ods by
`io.odsbook`, which gives the same cells: from there on, one reading for both."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from eitflow.errors import Problem, ScenarioError, excerpt, said_once
from eitflow.i18n import SHARE_PARAMS, Count, Phrase
from eitflow.io.cells import cell_text as _cell_text
from eitflow.io.cells import column_kinds, merged, number_format, shown, title_row
from eitflow.io.cells import is_number as _is_number
from eitflow.io.comments import is_comment
from eitflow.io.csvfile import TITLE_SCAN_LINES, RowNumbers, TypedCells, check_regular_file, remap_rows
from eitflow.io.runinputs import run_input_copies
from eitflow.io.schema import SITING_TABLES, TABLES, Table
from eitflow.io.sheetxml import SheetFacts, formula_problems, sheet_facts
from eitflow.io.sidefiles import SIDE_FILE_KEYS, confined, load_resources, not_a_path, zone_problems
from eitflow.scenario import Parameters, Scenario

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".ods")


TABLE_SHEETS = ("sites", "flows", "links", "hubs", "corridors", "junctions")


MAX_SHEET_CELLS = 50_000_000  # cells read from one sheet's used range before giving up


def _sheet_frame(ws, label: str, table: Table | None = None,
                 facts: SheetFacts | None = None) -> tuple[pd.DataFrame, list[int], list[Problem]]:
    """A sheet → all-text DataFrame (header = row 1), the sheet row of each data row, and
    problems of structure. Fully empty rows are skipped (their row numbers are kept for
    error messages), as are fully empty columns; a column with values but no header is a
    problem (and is left out, so the rest of the sheet is still checked); a title above the
    header is named as such.

    Cells are read as the sheet shows them where the stored value alone would mislead
    (`io.cells`: a code in a zero-padding format, a percentage in a column of plain numbers,
    merged cells; `table`: the sheet's declaration, `facts`: its XML, `io.sheetxml`).

    Rows are streamed and only the header's width is kept, so a stray cell at XFD1048576
    costs one row, not a million rows of 16,384 columns; a used range of more than
    `MAX_SHEET_CELLS` cells is refused."""
    from openpyxl.utils import get_column_letter

    if hasattr(ws, "reset_dimensions"):
        ws.reset_dimensions()  # read the rows present, not the (maybe stale) declared extent
    it = ws.iter_rows()
    first = next(it, None)
    if first is None:
        return pd.DataFrame(), [], []
    header = [_cell_text(c.value) for c in first]
    while header and header[-1] == "":
        header.pop()
    width = len(header)
    kinds = column_kinds(table, header)
    stray: dict[int, int] = {}  # column beyond the header -> first sheet row with a value there
    cells = len(first)
    sheet_rows, data, typed, comments = [], [], [], []
    top: list[tuple[int, list[str]]] = []   # the first rows, whole: a header below a title?
    for i, r in enumerate(it, start=2):
        if i <= TITLE_SCAN_LINES:
            top.append((i, [_cell_text(c.value) for c in r]))
        cells += len(r)
        if cells > MAX_SHEET_CELLS:
            raise ScenarioError(Problem(label, Phrase("wb_too_many_cells", n=MAX_SHEET_CELLS, row=str(i))))
        if len(r) > width:
            for j in range(width, len(r)):
                if _cell_text(r[j].value) != "" and j not in stray and len(stray) < 5:
                    stray[j] = i
        vals, nums = shown(r[:width], kinds)
        if vals and is_comment(vals[0]):   # a comment row: skipped, and said (`io.tables.check_columns`)
            comments.append(i)
        elif any(v != "" for v in vals):
            data.append(vals + [""] * (width - len(vals)))
            typed.append(nums + [False] * (width - len(vals)))
            sheet_rows.append(i)
    title = title_row(header, top, table, label) if table is not None else None
    if title is not None:
        return pd.DataFrame(), [], [title]
    problems = [Problem(label, Phrase("wb_no_header"), row=1, column=get_column_letter(j + 1))
                for j in range(width) if header[j] == "" and any(r[j] != "" for r in data)]
    problems += [Problem(label, Phrase("wb_outside", cell=f"{get_column_letter(j + 1)}{row}"), row=row,
                         column=get_column_letter(j + 1))
                 for j, row in stray.items()]
    if facts is not None and facts.merged:
        problems += merged(facts.merged, header, kinds, data, typed, sheet_rows, label)
    keep_cols = [j for j in range(width) if header[j] != ""]
    df = pd.DataFrame([[r[j] for j in keep_cols] for r in data], columns=[header[j] for j in keep_cols],
                      dtype=object)
    # a number typed in a cell is read as it is; a number held as text ("48,6265", pasted from
    # a web page or a French export) is read as a ';'-separated file reads it (`io.numbers`)
    df.attrs["decimal_comma"] = True
    df.attrs["typed"] = TypedCells({header[j]: np.array([r[j] for r in typed], bool) for j in keep_cols})
    df.attrs["sheet_rows"] = sheet_rows   # each data row's row in the sheet, for messages naming another row
    if comments:
        df.attrs["comment_rows"] = RowNumbers(comments)
    return df, sheet_rows, problems


def _remap_rows(exc: ScenarioError, rowmaps: dict[str, list[int]]) -> ScenarioError:
    """Problems carry positional rows (header = 1); turn them into the sheet's real rows."""
    return remap_rows(exc, rowmaps)


def _text_number(t: str) -> tuple[float | None, str | None]:
    """A parameters cell's text read as a table's cell reads a number (`io.numbers.parse_numbers`:
    a decimal comma, '60,5', grouping spaces, '1 000,5'): (the number, None); (None, the key of
    the tables' refusal) for an ambiguous one ('12,000': 12 or 12000?); (None, None) for text
    that is not written so (a dot alone, '60.5', is YAML's to read, as before)."""
    from eitflow.io.numbers import AMBIGUOUS_COMMA, AMBIGUOUS_DOT, parse_numbers

    if not (re.fullmatch(r"[+\-\u2212]?\d[\d \u00a0\u202f.]*,?\d*", t) and ("," in t or re.search(r"\s", t))):
        return None, None
    x, why = parse_numbers(pd.Series([t], dtype=object), decimal_comma=True)
    if why[0]:
        return None, {AMBIGUOUS_COMMA: "val_ambiguous_comma", AMBIGUOUS_DOT: "val_ambiguous"}.get(int(why[0]))
    return (float(x[0]), None) if np.isfinite(x[0]) else (None, None)


def _parse_value(v: Any) -> Any:
    """A parameters cell → the value scenario.yaml would hold: a yes/no word in either language
    (VRAI, oui, false: the tables' words, `io.tables`, but digits, which may be numbers) a
    boolean, a number typed as text read as a table's cell reads it (`_text_number`), an
    integral float an int."""
    from eitflow.io.tables import FALSE_WORDS, TRUE_WORDS

    if isinstance(v, str):
        t = v.strip()
        if t.lower() in TRUE_WORDS | FALSE_WORDS and t.isalpha():
            return t.lower() in TRUE_WORDS
        x, _ = _text_number(t)
        if x is None:
            return t
        v = x
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def _parameters(ws, label: str) -> tuple[dict, dict[str, int], list[Problem]]:
    """parameters sheet → nested dict of scenario.yaml keys, the row of each key, and the
    problems of its rows (a key given twice...): the other keys are read all the same, so
    that the rest is checked against them (not against every default: a network's
    temperature said missing where a price was given twice)."""
    cells = [list(r)[:2] for r in ws.iter_rows(max_col=2)]
    rows = [[c.value for c in r] for r in cells]
    out: dict = {}
    where: dict[str, int] = {}
    probs = []
    start = 1 if rows and _cell_text(rows[0][0] if rows[0] else None).lower() == "key" else 0
    for i, r in enumerate(rows[start:], start=start + 1):
        r = list(r) + [None, None]
        key, val = _cell_text(r[0]), r[1]
        pct = _is_number(val) and len(cells[i - 1]) > 1 and getattr(cells[i - 1][1], "has_style", False) \
            and number_format(cells[i - 1][1].number_format)[2]
        if pct and key not in SHARE_PARAMS:
            # 5 % shown where a plain number is expected (a price): said as shown, and refused
            # as a percentage (`assemble`), rather than read as 0.05; a share's 5 % is its 0.05
            val = f"{val * 100:.15g} %"
        if key == "":
            if _cell_text(val) != "":
                probs.append(Problem(label, Phrase("wb_value_no_key"), row=i, column="key"))
            continue
        if key in where:
            probs.append(Problem(label, Phrase("wb_key_twice", k=key, first=str(where[key])), row=i, column="key"))
            continue
        where[key] = i
        if val is None or _cell_text(val) == "":   # was the default without a word; scenario.yaml's `key:` is refused
            probs.append(Problem(label, Phrase("wb_key_no_value", k=key), row=i, column="value"))
            continue
        refused = _text_number(val.strip())[1] if isinstance(val, str) and key not in ("name", "description") else None
        if refused:   # '12,000': refused as a table's cell is, not read as text
            probs.append(Problem(label, Phrase(refused), row=i, column="value"))
            continue
        val = _cell_text(val) if key in ("name", "description") else _parse_value(val)   # a name 'Oui' is text
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
    return out, where, probs


#: a sheet's name in French, in the singular or without its accent -> the sheet eitflow reads
SHEET_ALIASES = {"flux": "flows", "liens": "links", "parametres": "parameters", "parametre": "parameters",
                 "poles": "hubs", "troncons": "corridors", "jonctions": "junctions", "noeuds": "junctions",
                 "jonction": "junctions", "noeud": "junctions", "nodes": "junctions", "node": "junctions",
                 "params": "parameters", "parcelles": "plots", "terrains": "plots", "activites": "activities",
                 "flux_activites": "activity_flows", "flux des activites": "activity_flows"}
#: `eitflow site`'s tables, as plots.csv, activities.csv and activity_flows.csv (plots may come in
#: a CNIG standard's columns, `io.plots`)
SITING_SHEETS = ("plots", "activities", "activity_flows")
READ_SHEETS = (*TABLE_SHEETS, *SITING_SHEETS, "parameters")


def _misnamed_sheets(names: list[str], sheets: dict[str, str], book: str) -> list[Problem]:
    """Sheets that look meant to be read but are not, for their name ('flux', 'Paramètres',
    'site'): a parameters sheet so named was silently left out (every parameter its
    default). Each problem's Phrase names the sheet meant (its field `sheet`)."""
    probs = []
    for name in names:
        key = name.strip().lower()
        if key in sheets and sheets[key] == name and key in READ_SHEETS:
            continue
        meant = _meant_sheet(name)
        if meant is not None and meant not in sheets:
            probs.append(Problem(book, Phrase("wb_sheet_name", found=name, sheet=meant)))
    return probs


def _meant_sheet(name: str) -> str | None:
    """The sheet eitflow reads that a sheet so named looks meant to be ('Jonctions', 'nodes':
    junctions), None if none."""
    import difflib

    from eitflow.ids import unaccented

    plain = unaccented(name.strip().lower().replace("œ", "oe"))
    return SHEET_ALIASES.get(plain) or next(iter(difflib.get_close_matches(plain, READ_SHEETS, 1, 0.8)), None)


def _unread_ids(wb, misnamed: list[Problem]) -> set[str]:
    """The ids in the misnamed sheets (their `..._id` column, else their first): a table
    refers to them, 'J_NORD' of a junctions sheet named 'Jonctions' unknown at each corridor
    ending there, a slip said once, at the sheet."""
    ids: set[str] = set()
    for p in misnamed:
        if not isinstance(p.message, Phrase):
            continue
        try:
            rows = wb[p.message.fields["found"]].iter_rows(values_only=True)
        except KeyError:
            continue
        head = [_cell_text(v).strip().lower() for v in next(rows, ())]
        at = next((j for j, h in enumerate(head) if h.endswith("_id")), 0)
        ids |= {_cell_text(r[at]).strip() for r in rows if len(r) > at and r[at] is not None}
    return ids - {""}


def is_ods(path: str | Path) -> bool:
    return Path(path).suffix.lower() == ".ods"


def open_book(path: Path, book: str):
    """The workbook `path` opened for reading (openpyxl's read-only workbook, or an
    `io.odsbook.OdsBook`, which reads only the sheets eitflow reads), or a `ScenarioError`
    saying why it cannot be opened (`book`: its name in problems)."""
    from zipfile import BadZipFile, ZipFile

    from eitflow.io import csvfile

    # a workbook is a zip of XML: its members unzipped are capped as a CSV file is (a few kB can
    # unzip to gigabytes, read cell by cell for minutes before the cell cap stops it)
    try:
        with ZipFile(path) as z:
            unzipped = sum(i.file_size for i in z.infolist())
    except (BadZipFile, OSError, ValueError):
        unzipped = 0   # not a zip: said below, by the reader of its kind
    if unzipped > csvfile.MAX_FILE_BYTES:
        raise ScenarioError(Problem(book, Phrase("wb_too_large_unzipped", gib=unzipped / 2**30,
                                                 limit=csvfile.MAX_FILE_BYTES / 2**30)))
    if is_ods(path):
        from eitflow.io.odsbook import open_ods

        return open_ods(path, book, keep=lambda name: name.strip().lower() in READ_SHEETS or _meant_sheet(name) is not None,
                        max_cells=MAX_SHEET_CELLS)
    try:
        from openpyxl import load_workbook

        return load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, OSError, KeyError, ValueError) as exc:
        raise ScenarioError(Problem(book, Phrase("wb_cannot_open", error=str(exc)))) from None


def read_workbook(path: str | Path, confine_to_scenario_dir: bool = True) -> Scenario:
    """Read a scenario workbook (sheets sites, flows, optional links and parameters; .xlsx,
    .xlsm or .ods) into a validated `Scenario`; every problem names the workbook, the sheet,
    the row and the column. The parameters sheet may name a resources.yaml and a zones.geojson
    (keys `resources`, `zones`) by their path from the workbook's folder, as scenario.yaml does;
    `confine_to_scenario_dir` as `read_scenario`'s."""
    from eitflow.io.assemble import build_scenario, parse_parameters

    path = Path(path)
    book = path.name
    check_regular_file(path, book, "workbook (.ods)" if is_ods(path) else "workbook (.xlsx)")
    wb = open_book(path, book)
    try:
        sheets = {s.strip().lower(): s for s in wb.sheetnames}
        misnamed = _misnamed_sheets(wb.sheetnames, sheets, book)
        unread = _unread_ids(wb, misnamed)
        # two sheets of one table ('flows', 'Flows '): which one is meant? (the last was read)
        same: dict[str, list[str]] = {}
        for s in wb.sheetnames:
            same.setdefault(s.strip().lower(), []).append(s)
        twice = [Problem(book, Phrase("wb_sheet_twice", sheet=k, names=", ".join(f"'{n}'" for n in v)))
                 for k, v in same.items() if k in READ_SHEETS and len(v) > 1]
        if twice:
            raise ScenarioError(misnamed + twice)
        missing = [s for s in ("sites", "flows") if s not in sheets]
        if missing:
            named = {p.message.fields["sheet"] for p in misnamed if isinstance(p.message, Phrase)}
            raise ScenarioError(misnamed + [Problem(book, Phrase("wb_missing_sheet", sheet=s,
                                                                 found=", ".join(wb.sheetnames)))
                                            for s in missing if s not in named])
        labels = {k: f"{book}:{k}" for k in ("sites", "flows", "links", "resources", "hubs", "corridors", "junctions",
                                             *SITING_SHEETS, "parameters")}
        frames: dict[str, pd.DataFrame] = {}
        rowmaps: dict[str, list[int]] = {}
        probs: list[Problem] = list(misnamed)
        read = {labels[k]: sheets[k] for k in READ_SHEETS if k in sheets}
        facts, recalc = wb.facts(read) if is_ods(path) else sheet_facts(path, wb, read)
        for k in (*TABLE_SHEETS, *SITING_SHEETS):
            if k not in sheets:
                continue
            df, rows, sheet_probs = _sheet_frame(wb[sheets[k]], labels[k], {**TABLES, **SITING_TABLES}[k],
                                                 facts[labels[k]])
            probs += sheet_probs
            frames[k] = df
            rowmaps[labels[k]] = rows
        # row 1 of the sheets whose formula cells or hidden columns are named by their column
        headers = {label: [_cell_text(v) for v in next(wb[name].iter_rows(max_row=1, values_only=True), ())]
                   for label, name in read.items() if facts[label].formulas or facts[label].hidden_columns}
        probs += formula_problems(facts, headers, recalc)
        if any(p.message.key == "file_title_line" for p in probs if isinstance(p.message, Phrase)):
            raise ScenarioError(probs)   # a sheet whose header is not in row 1: its table is not read
        params: dict = {}
        where: dict[str, int] = {}
        if "parameters" in sheets:
            params, where, param_probs = _parameters(wb[sheets["parameters"]], labels["parameters"])
            probs += param_probs
    finally:
        wb.close()
    for k in ("sites", "flows"):
        if k not in frames:
            frames[k] = pd.DataFrame()
    params.setdefault("name", path.stem)
    for key in (*TABLE_SHEETS, *SITING_SHEETS):   # a table path: its table is a sheet here
        if key in params:
            probs.append(Problem(labels["parameters"], Phrase("wb_table_key", k=key), row=where.get(key)))
            params.pop(key)
    files, file_labels = _side_files(params, where, path.parent, labels["parameters"], confine_to_scenario_dir, probs)
    res_over = None
    if "resources" in files:
        res_over, res_probs = load_resources(files["resources"], file_labels["resources"])
        probs += res_probs
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
    plots, activities, activity_flows = (frames.get(k) if k in frames and len(frames[k]) else None
                                         for k in SITING_SHEETS)
    try:
        scen = build_scenario(frames["sites"], frames["flows"], links, res_over, parameters,
                              labels={**labels, **file_labels}, hubs=hubs, corridors=corridors, junctions=junctions,
                              plots=plots, activities=activities, activity_flows=activity_flows, canonical=True,
                              sources=labels)
    except ScenarioError as exc:
        probs += _remap_rows(exc, rowmaps).problems
    else:
        if "zones" in files:  # outlines for the report's map, checked now
            probs += zone_problems(files["zones"], file_labels["zones"], scen.sites["zone"])
    if probs:  # every problem at once: workbook structure, parameters and tables
        # a sheet misnamed ('Activités') is said so: not again as the sheet it should be, missing
        absent = {labels[p.message.fields["sheet"]] for p in misnamed if isinstance(p.message, Phrase)
                  and p.message.fields.get("sheet") in labels and p.message.fields["sheet"] not in sheets}
        # cells merged over rows of numbers are said at the first: not again as each other row's empty cell
        covered = set()
        for p in probs:
            if isinstance(p.message, Phrase) and p.message.key == "wb_merged_numbers" and p.row is not None:
                m = re.fullmatch(r"[A-Z]+(\d+):[A-Z]+(\d+)", str(p.message.fields.get("cells", "")))
                covered |= {(str(p.file), r, p.column) for r in range(p.row + 1, int(m.group(2)) + 1)} if m else set()
        # an id of a misnamed sheet ('J_NORD' of 'Jonctions') is unknown where it is used: said at the sheet
        of_unread = [p for p in probs if isinstance(p.message, Phrase) and p.message.key == "val_unknown"
                     and str(p.message.fields.get("value")) in unread]
        raise ScenarioError(said_once([p for p in probs if p in misnamed or (
            str(p.file) not in absent and (str(p.file), p.row, p.column) not in covered and p not in of_unread)]))
    rm = rowmaps.get(labels["flows"])
    if rm is not None and len(rm) == len(scen.flows):
        # "row" is the table's row (2 = first data row), also once the flows are in canonical order
        scen.flows["row"] = np.asarray(rm)[scen.flows["row"].to_numpy(np.int64) - 2]
    # warnings name the sheet's rows too (blank rows skipped), and rows hidden in the sheet
    scen.warnings = [_remap_rows(ScenarioError(w), rowmaps).problems[0] for w in scen.warnings]
    for label, f in facts.items():
        if f.hidden_columns:
            table = next(k for k, v in labels.items() if v == label)
            scen.warnings += _hidden_columns(headers[label], f.hidden_columns, frames.get(table), label)
        hidden = [r for r in rowmaps.get(label, []) if r in f.hidden]
        if hidden:   # read, as a CSV export of the sheet holds them; said, as the sheet does not show them
            scen.warnings.append(Problem(label, Phrase("wb_hidden_rows", n=Count(len(hidden), "n_hidden_rows"),
                                                       rows=", ".join(map(str, hidden[:10]))
                                                       + (", ..." if len(hidden) > 10 else ""))))
    scen.source = path
    scen.files = files
    return scen


def _side_files(params: dict, where: dict[str, int], folder: Path, label: str, confine: bool,
                probs: list[Problem]) -> tuple[dict[str, Path], dict[str, str]]:
    """The files the parameters sheet names (`sidefiles.SIDE_FILE_KEYS`), taken out of `params`:
    their paths from the workbook's `folder` and each one's label (its path as written), as
    scenario.yaml's; a value that is not a path, or one leading out of `folder` when `confine`,
    is a problem naming its row."""
    files: dict[str, Path] = {}
    file_labels: dict[str, str] = {}
    copies = run_input_copies(folder) or {}   # a run's copy of the workbook: the run's copies of its files
    for key in SIDE_FILE_KEYS:
        if key not in params:
            continue
        value = params.pop(key)
        if not isinstance(value, str):
            probs.append(not_a_path(key, value, label, where.get(key)))
            continue
        if not value.strip():
            continue
        p = copies.get(key, folder / value.strip())
        outside = confined(p, folder, key, label, where.get(key)) if confine else None
        if outside is not None:
            probs.append(outside)
            continue
        files[key], file_labels[key] = p, excerpt(value.strip(), 80)
    return files, file_labels


def _hidden_columns(header: list[str], hidden: set[int], frame: pd.DataFrame | None, label: str) -> list[Problem]:
    """A warning naming the hidden columns of a table sheet that hold values (`header`: its
    row 1): read, as a CSV export holds them, but the analyst does not see them."""
    from openpyxl.utils import get_column_letter

    if frame is None or not len(frame):
        return []
    shown = [f"{h} ({get_column_letter(j + 1)})" for j, h in enumerate(header)
             if j in hidden and h in frame.columns and (frame[h] != "").any()]
    key = "wb_hidden_columns_one" if len(shown) == 1 else "wb_hidden_columns_many"   # "colonne masquée lue"
    return [Problem(label, Phrase(key, columns=", ".join(shown)))] if shown else []


def workbook_lang(path: str | Path) -> str | None:
    """The `lang` key of a workbook's parameters sheet, read before the workbook is checked
    (its problems are said in that language), or None where it cannot be read."""
    try:
        wb = open_book(Path(path), Path(path).name)
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


