"""The vectorised column checks shared by every table, whose messages name file, row and
column and show at most a short, escaped excerpt of a cell (reading the files themselves:
`io.csvfile`, `io.yamlfile`)."""

from __future__ import annotations

import difflib
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from eitflow.errors import Collector, excerpt, invisible_chars
from eitflow.i18n import Gloss, Phrase, has_text, text
from eitflow.ids import unaccented
from eitflow.io.csvfile import read_table, rename_headers
from eitflow.io.numbers import (
    AMBIGUOUS_COMMA,
    AMBIGUOUS_DOT,
    CLEAR,
    COMMA_FILE,
    DATE,
    ENGLISH,
    TIME,
    cell_units,
    parse_numbers,
    warn_dot_thousands,
)
from eitflow.io.schema import SITING_TABLES, TABLES, Column, Table
from eitflow.io.yamlfile import load_yaml
from eitflow.resspell import resource_spellings
from eitflow.resspell import spelling as _spelling

__all__ = ["read_table", "number", "check_columns"]

MAX_ROWS_LISTED = 5          # per column and check, so one bad column does not flood the message


TRUE_WORDS = {"true", "yes", "1", "y", "oui", "vrai"}


FALSE_WORDS = {"false", "no", "0", "n", "non", "faux", ""}


def _rows(mask: np.ndarray) -> np.ndarray:
    """Spreadsheet rows (header = row 1) of the True entries of `mask`."""
    return np.flatnonzero(mask) + 2


def _report_rows(col: Collector, file: str, column: str, mask: np.ndarray, message: str,
                 values: pd.Series | None = None) -> None:
    rows = _rows(mask)
    for r in rows[:MAX_ROWS_LISTED]:
        msg = message
        if values is not None:
            msg = Phrase("val_found", message=message, found=excerpt(values.iloc[r - 2]))
        col.add(file, msg, row=int(r), column=column)
    if len(rows) > MAX_ROWS_LISTED:
        col.add(file, Phrase("val_more_rows", message=message, n=len(rows) - MAX_ROWS_LISTED,
                             rows=", ".join(map(str, rows[MAX_ROWS_LISTED:MAX_ROWS_LISTED + 10]))), column=column)


def _numeric(df: pd.DataFrame, column: str, file: str, col: Collector, *, required: bool,
             lo: float | None = None, hi: float | None = None, lo_open: bool = False,
             what: str = "a number", separators_hi: float | None = None, unit: str = "") -> np.ndarray:
    """Parse a column to float (NaN where empty and allowed); report bad cells.
    `separators_hi`: the bound that settles a separator (`io.numbers`) where it is not `hi`
    (a column whose bounds its caller checks itself). `unit`: the column's (`io.schema`), which
    a cell may repeat after its number (`110 °C`); `deg` also reads degrees-minutes-seconds."""
    if column not in df.columns:
        return np.full(len(df), np.nan)
    raw = df[column]
    typed = df.attrs.get("typed")
    cells, read, scale, after = cell_units(raw, unit, column)
    exact = read if typed is None or typed.get(column) is None else read | typed.get(column)
    values, why = parse_numbers(cells, bool(df.attrs.get("decimal_comma")),
                                hi if separators_hi is None else separators_hi, exact)
    values = values * scale
    if (scale != 1).any():
        # the product in binary is one ulp off the number written: 99.999 % x 0.01 is
        # 0.9999899999999999, a supply purer than none needing 0.99999 (typed as such); a
        # number read from text has at most 15 significant digits, so they are kept
        scaled = (scale != 1) & np.isfinite(values)
        values[scaled] = [float(f"{v:.15g}") for v in values[scaled]]
    if not df.attrs.get("decimal_comma") and col.warn is not None and not exact.any():
        per_row = unit in ("the row's unit", "unit column") and "unit" in df.columns   # 40 GWh/yr, 28000 MWh/yr
        warn_dot_thousands(col.warn, file, column, raw, cells, np.where(scale == 1, values, np.nan),
                           hi if separators_hi is None else separators_hi,
                           df["unit"].to_numpy(object) if per_row else None, MAX_ROWS_LISTED)
    ambiguous = why != CLEAR
    empty = (raw == "").to_numpy()
    gloss = Gloss(what)
    if required:
        _report_rows(col, file, column, empty, Phrase("val_missing", what=gloss))
    for code, key in ((AMBIGUOUS_DOT, "val_ambiguous"), (AMBIGUOUS_COMMA, "val_ambiguous_comma"),
                      (ENGLISH, "val_english_number"), (COMMA_FILE, "val_comma_in_comma_file")):
        _report_rows(col, file, column, why == code, Phrase(key), raw)
    worded = _unit_in_cells(col, file, column, after, unit, raw, gloss)
    values[worded] = np.nan
    ambiguous |= worded
    bad = ~empty & ~np.isfinite(values) & ~ambiguous
    _report_rows(col, file, column, bad, Phrase("val_expected", what=gloss), raw)
    ok = np.isfinite(values)
    if lo is not None:
        below = ok & ((values <= lo) if lo_open else (values < lo))
        _report_rows(col, file, column, below, Phrase("val_expected_gt" if lo_open else "val_expected_ge",
                                                      what=gloss, bound=lo), raw)
    if hi is not None:
        _report_rows(col, file, column, ok & (values > hi), Phrase("val_expected_le", what=gloss, bound=hi), raw)
    values[~ok] = np.nan
    return values


def _unit_in_cells(col: Collector, file: str, column: str, after: np.ndarray, unit: str,
                   raw: pd.Series, what: Gloss) -> np.ndarray:
    """Cells holding a number and a word that is not the column's unit (`12 MWh` in amount,
    `3 m` in a length in km, `6°11'E` as a latitude), each refused saying what to write; the
    mask of those cells."""
    mask = after != ""
    if not mask.any():
        return mask
    rows = _rows(mask)
    for r in rows[:MAX_ROWS_LISTED]:
        word = str(after[r - 2])
        if word == DATE:
            msg = Phrase("val_date_in_number", what=what)
        elif word == TIME:
            msg = Phrase("val_time_in_number", what=what)
        elif word == "%":   # 5 % where a share is not expected (a share column reads it: `cell_units`)
            msg = Phrase("val_percent_in_number", what=what)
        elif unit == "deg" and word == "60":
            msg = Phrase("val_angle_sixty")
        elif unit == "deg" and word.upper() in "NSEWO" and len(word) == 1:
            msg = Phrase("val_hemisphere", h=word, column=column, other="lon" if column == "lat" else "lat")
        elif unit in ("the row's unit", "unit column"):
            msg = Phrase("val_unit_in_cell_row", unit=excerpt(word, 20))
        else:
            msg = Phrase("val_unit_in_cell", unit=excerpt(word, 20), what=what)
        col.add(file, Phrase("val_found", message=msg, found=excerpt(raw.iloc[r - 2])), row=int(r), column=column)
    if len(rows) > MAX_ROWS_LISTED:
        col.add(file, Phrase("val_more_rows", message=Phrase("val_unit_in_cell_more"), n=len(rows) - MAX_ROWS_LISTED,
                             rows=", ".join(map(str, rows[MAX_ROWS_LISTED:MAX_ROWS_LISTED + 10]))), column=column)
    return mask


def number(df: pd.DataFrame, column: Column, file: str, col: Collector,
           separators_hi: float | None = None) -> np.ndarray:
    """A numeric column parsed and checked against its declaration (`io.schema`): bounds,
    required cells and the wording of the messages. NaN where empty. `separators_hi`: see
    `_numeric`."""
    return _numeric(df, column.name, file, col, required=column.required, lo=column.lo, hi=column.hi,
                    lo_open=column.lo_open, what=column.what or "a number", separators_hi=separators_hi,
                    unit=column.unit)


def check_columns(df: pd.DataFrame, file: str, table: Table, col: Collector) -> bool:
    """Missing required columns (with did-you-mean) and unknown ones, against the table's
    declaration; False when a required column is missing. An unknown column that names a
    known one (`meant_columns`: `Zone`, `prix`, `montant_min`, `amout`; a required one's close
    spelling; a known name with its unit) is refused, saying which, and then read as that
    column (`df` renamed in place): one error, not every check its absence fails after it. Any
    other is a warning (to `col.warn`) that it is ignored."""
    present = list(df.columns)
    known = table.names
    if not present and table.required:   # an empty DataFrame: no header to show ('the header has: ')
        col.add(file, Phrase("val_no_columns", names=", ".join(table.required)), row=1)
        return False
    ok = True
    # a header refused as naming a known column (`temprature_c`: "did you mean temperature_c?")
    # is then read as that column: its error said once, not every rule its absence broke after
    # it (a heat supply "without a temperature" on each row, its links unknown: 7 lines for one typo)
    read_as: dict[str, str] = {}
    dupes = sorted({c for c in present if present.count(c) > 1})
    for c in dupes:
        col.add(file, Phrase("val_column_twice"), row=1, column=c)
        ok = False
    extra = [c for c in present if c not in known]
    # 'amount (MWh/an)', 'temperature_c [°C]': a known name with its unit in the header
    with_unit = {c: m.group(1) for c in extra if (m := _HEADER_UNIT.match(c)) and m.group(1) in known}
    meant = meant_columns([c for c in extra if c not in with_unit], table)
    found = set()   # headers said as a missing required column's ('Site_ID'): not again as unknown
    for c in table.required:
        if c not in present:
            named = [h for h, name in with_unit.items() if name == c]
            close = [h for h, m in meant.items() if m == c] or difflib.get_close_matches(c, extra, n=1, cutoff=0.75)
            shown = ", ".join(excerpt(p, 30) for p in present[:12]) + (", ..." if len(present) > 12 else "")
            col.add(file, Phrase("val_missing_column_unit", found=excerpt(named[0], 40), name=c) if named else
                    Phrase("val_missing_column_found", found=excerpt(close[0], 40), shown=shown) if close else
                    Phrase("val_missing_column", shown=shown), row=1, column=c)
            found |= {named[0]} if named else {close[0]} if close else set()
            if named or close:
                read_as[named[0] if named else close[0]] = c
            else:
                ok = False
    ignored = []
    for c in extra:
        if c in found:
            continue
        if c in with_unit:
            if with_unit[c] not in table.required and with_unit[c] not in present:
                col.add(file, Phrase("val_column_unit", name=with_unit[c]), row=1, column=c)
                read_as.setdefault(c, with_unit[c])
            continue
        if c in meant and meant[c] not in present:
            col.add(file, Phrase("val_unknown_column", close=meant[c]), row=1, column=c)
            read_as.setdefault(c, meant[c])
        elif c and not c.startswith("\x00"):
            ignored.append(c)
    rename_headers(df, read_as)
    for c, h in df.attrs.get("written", {}).items():   # its cells' problems name the header as written
        for into in (col, col.warn):
            if into is not None:
                into.headers[(str(file), c)] = h
    if ignored and col.warn is not None:
        names = ", ".join(known)
        col.warn.add(file, Phrase("val_ignored_column", names=names) if len(ignored) == 1 else
                     Phrase("val_ignored_columns", columns=", ".join(excerpt(c, 30) for c in ignored[:10]),
                            names=names), row=1, column=ignored[0] if len(ignored) == 1 else None)
    _sheet_rows(df, file, table, col)
    _short_rows(df, file, table, col)
    _comment_rows(df, file, col)
    return ok


def _comment_rows(df: pd.DataFrame, file: str, col: Collector) -> None:
    """A warning naming the comment rows skipped when the table was read (`io.csvfile.is_comment`,
    `attrs["comment_rows"]`: file rows), so that a '#' typed by mistake is seen."""
    rows = df.attrs.get("comment_rows")
    if rows and col.warn is not None:
        col.warn.add(file, Phrase(f"val_comment_rows_{'one' if len(rows) == 1 else 'many'}", n=len(rows),
                                  rows=", ".join(map(str, rows[:10])) + (", ..." if len(rows) > 10 else "")))


def _short_rows(df: pd.DataFrame, file: str, table: Table, col: Collector) -> None:
    """A warning for each row of a CSV file with fewer cells than its header (`io.csvfile`:
    its missing cells read as empty), naming the columns left empty: a spreadsheet writes
    every cell, so the row was cut short or lost a cell in its middle (its later values then
    one column to the left), which nothing else may catch (a links.csv row without its fixed
    cost and investment made the link free)."""
    short = df.attrs.get("short_rows")
    if not short or col.warn is None:
        return
    # only where a column the table reads is left empty (a note is free text, ignored)
    short = [(pos, n, want, missing) for pos, n, want, missing in short
             if any(c in table.names and c != "note" for c in missing)]
    for pos, n, want, missing in short[:MAX_ROWS_LISTED]:
        columns = ", ".join(excerpt(c, 30) for c in missing[:8]) + (", ..." if len(missing) > 8 else "")
        col.warn.add(file, Phrase("val_short_row", n=n, want=want, columns=columns), row=int(pos) + 2,
                     column=missing[0])
    if len(short) > MAX_ROWS_LISTED:
        col.warn.add(file, Phrase("val_short_rows_more", n=len(short) - MAX_ROWS_LISTED))


def _words(name: str) -> list[str]:
    """The words of a column name, unaccented and case folded ('Montant_min' → montant, min)."""
    return [w for w in re.split(r"[^a-z0-9]+", unaccented(name.strip().replace("œ", "oe"))) if w]


#: words of a column name that say its unit, or join others ('price_eur_per_unit' is a price,
#: 'température de retour' a return temperature)
_MINOR_WORDS = frozenset({"eur", "euro", "euros", "c", "degc", "km", "yr", "an", "kwh", "kg", "mwh", "t", "ha",
                          "bar", "m3", "de", "du", "des", "d", "l", "la", "le", "les", "en", "a", "au", "aux", "et"})


def _core(words: list[str]) -> frozenset[str]:
    """What a column name names, without its unit: the words before 'per'/'par', minor ones left out."""
    cut = next((k for k, w in enumerate(words) if w in ("per", "par")), len(words))
    return frozenset(w for w in words[:cut] if w not in _MINOR_WORDS)


@lru_cache(maxsize=1)
def _french_words() -> dict[str, str]:
    """French word (unaccented) → the word of the column names it translates: the glossary
    rows ``colword__<word>`` of data/messages.csv, each listing French words."""
    words = {w for t in (*TABLES.values(), *SITING_TABLES.values()) for c in t.names for w in _words(c)}
    return {fr: w for w in sorted(words) if has_text(f"colword__{w}")
            for fr in _words(text(f"colword__{w}", "fr"))}


def meant_columns(extra: list[str], table: Table) -> dict[str, str]:
    """The known column each unknown header most likely names, where one does: the same name
    but for letter case, accents or spaces (`Zone`, `Température_c`); the column's French name
    as the outputs say it (``col__<column>``: `nom`, `quantité`, `ressource fournie`); a name
    in French words (``colword__``: `prix`, `montant_min`, `température de retour`) or English
    ones in another order (`amount_min`); else a close spelling (`temprature_c`). None is
    guessed: each is refused naming the column (`check_columns`)."""
    known = table.names
    folded = {"_".join(_words(k)): k for k in known}
    french = {"_".join(_words(re.sub(r"\(.*?\)", "", text(f"col__{k}", "fr")))): k
              for k in known if has_text(f"col__{k}")}
    cores = [(_core(_words(k)), k) for k in known]
    glossary = _french_words()
    out = {}
    for h in extra:
        words = _words(h)
        key = "_".join(words)
        if not words:
            continue
        if key in folded or key in french:
            out[h] = folded.get(key) or french[key]
            continue
        said = [glossary.get(w) or (glossary.get(w[:-1]) if w.endswith("s") else None) for w in words]
        core = _core([s or w for s, w in zip(said, words)])
        same = [k for c, k in cores if core and c == core]
        wider = [(len(c), n, k) for n, (c, k) in enumerate(cores) if core and core < c] if any(said) else []
        if same or wider:
            out[h] = same[0] if same else min(wider)[2]
            continue
        close = difflib.get_close_matches(h, known, n=1, cutoff=0.8)
        if close:
            out[h] = close[0]
    return out


#: a row of sums a spreadsheet keeps under its table
TOTAL_WORDS = frozenset({"total", "totaux", "somme", "sum", "sous-total", "subtotal", "total général", "grand total"})
_UNIT_MARK = re.compile(r"[°º€%/]|^\W*(?:km|bar|deg|degC|EUR|MWh|GWh|kWh|t|ha|mol/mol)\W*$")


def _sheet_rows(df: pd.DataFrame, file: str, table: Table, col: Collector) -> None:
    """Rows a spreadsheet holds that are not data: a total under the table ('Total' in a
    text or id cell of a row missing a required cell) and a row of units under the header
    (every filled cell of the number columns a unit, not a number: '°', '°C', '€/MWh'). Each
    is named as such, the first thing said of its row (the row's cells are still checked)."""
    # a row missing a required cell: a real site or flow named TOTAL (the refinery) is not one
    incomplete = np.zeros(len(df), bool)
    for r in table.required:
        if r in df.columns and isinstance(df[r], pd.Series):
            incomplete |= (df[r] == "").to_numpy()
    for c in [c.name for c in table.columns if c.kind in ("id", "text") and c.name in df.columns]:
        cells = df[c]
        if not incomplete.any():
            break   # every row complete (nearly every table): no row of totals
        if not isinstance(cells, pd.Series):
            continue   # a column given twice: said above
        total = cells[incomplete].str.strip(" :").str.lower().isin(TOTAL_WORDS).to_numpy()
        total = np.isin(np.arange(len(df)), np.flatnonzero(incomplete)[total])
        for r in _rows(total)[:MAX_ROWS_LISTED]:
            col.add(file, Phrase("val_total_row", found=excerpt(cells.iloc[r - 2])), row=int(r), column=c)
    numbers = [c.name for c in table.columns if c.kind == "number" and c.name in df.columns]
    if not len(df) or not numbers:
        return
    first = [df[c].iloc[0] for c in numbers if isinstance(df[c], pd.Series)]
    filled = [v for v in first if isinstance(v, str) and v != ""]
    if filled and all(_UNIT_MARK.search(v) and not any(ch.isdigit() for ch in v) for v in filled):
        col.add(file, Phrase("val_units_row", found=excerpt(" | ".join(filled), 60)), row=2)


_HEADER_UNIT = re.compile(r"^\s*(\w+)\s*[(\[].*[)\]]\s*$")


def _text(df: pd.DataFrame, column: str) -> pd.Series:
    return df[column] if column in df.columns else pd.Series([""] * len(df), index=df.index, dtype=object)


def source(col: Collector, table: str) -> str:
    """How a problem names the table `table` (sites, flows, hubs, ...) as the user gave it:
    for files its name in the scenario format ('sites.csv', what these messages always said),
    for a workbook its sheet ('scenario.xlsx:sites'), for `scenario_from_frames` the argument
    ('the sites DataFrame', a `Phrase`: said in the reader's language). Set by `build_scenario`."""
    return col.sources.get(table, f"{table}.csv")


def not_in(col: Collector, what: str, *tables: str) -> str:
    """What an unknown id should have been, naming where it was looked for: `what` is "site"
    (not in sites), "activity" (not in activities) or "end" (not in sites, hubs or junctions).
    With files these are the glosses they always were, byte for byte."""
    names = [source(col, t) for t in tables]
    if all(isinstance(n, str) and not isinstance(n, Phrase) and n == f"{t}.csv" for n, t in zip(names, tables)):
        return {"site": "site (not in sites.csv)", "activity": "activity (not in activities.csv)",
                "end": "site, hub or junction (not in sites.csv, hubs.csv or junctions.csv)",
                "end_plot": "site, hub, junction or plot (not in sites.csv, hubs.csv, junctions.csv or plots.csv)"}[what]
    return Phrase(f"val_{what}_not_in", **dict(zip("abcd", names)))


def resource_meant(name: str, cat) -> str | None:
    """The catalogue code `name` is another spelling of ('Chaleur' -> 'heat',
    `resource_spellings`), or None."""
    return resource_spellings(cat).get(_spelling(name))


def resource_hint(name: str, cat) -> Phrase | str:
    """The hint after a resource that is not in `cat`: the code it is another spelling of
    (`resource_spellings`: 'chaleur' -> " (did you mean 'heat'?)"), else the closest code, else ''.
    One rule for the tables and scenario.yaml's keys (`max_distance_km`, `networks`, a sweep's
    parameters)."""
    return _near_miss(name, set(cat), {"spelled": resource_spellings(cat)})


def unknown_resources(col: Collector, file: str, column: str, values: pd.Series, cat,
                      expected: Phrase | None = None) -> np.ndarray:
    """`_unknown_values` for a column of resources: each unknown one reported with the code
    it stands for when it is a resource's name or formula ('chaleur' -> 'heat') and what the
    column takes (`expected`, else the catalogue's resources)."""
    return _unknown_values(col, file, column, values, set(cat), "resource",
                           expected if expected is not None else Phrase("val_expected_resources",
                                                                        names=", ".join(sorted(cat))),
                           spellings=resource_spellings(cat))


def _unknown_values(col: Collector, file: str, column: str, values: pd.Series, known: set[str],
                    what: str, expected: str | Phrase = "", spellings: dict[str, str] | None = None) -> np.ndarray:
    """Rows whose value is not among `known`, each reported with the nearest known value
    (the one it is another spelling of, by `spellings` keyed as `_spelling`, when given)
    and `expected`, what the column takes, when given."""
    bad = (~values.isin(known) & (values != "")).to_numpy()
    if bad.any():
        maps: dict = {"spelled": spellings or {}}
        # a fixed wording glossed in messages.csv, or a Phrase of its own (a list from the catalogue)
        what_ = what if isinstance(what, Phrase) else Gloss(what)
        tail = Phrase("val_tail_expected", expected=expected if isinstance(expected, Phrase) else
                      Gloss(expected)) if expected else ""
        for r in _rows(bad)[:MAX_ROWS_LISTED]:
            v = values.iloc[r - 2]
            col.add(file, Phrase("val_unknown", what=what_, value=excerpt(v), hint=_near_miss(v, known, maps),
                                 tail=tail), row=int(r), column=column)
        n = int(bad.sum())
        if n > MAX_ROWS_LISTED:
            col.add(file, Phrase("val_unknown_more", what=what_, n=n - MAX_ROWS_LISTED), column=column)
    return bad


def _visible(v: str) -> str:
    bad = {p for p, _ in invisible_chars(v)}
    return "".join(ch for i, ch in enumerate(v) if i not in bad) if bad else v


def _near_miss(v: str, known: set[str], maps: dict) -> Phrase | str:
    """The hint after an unknown id: the known id it differs from only by invisible
    characters or by letter case (said so: they would look the same), else the closest
    spelling. `maps` caches the lookups over `known` between calls."""
    if "visible" not in maps:
        maps["visible"] = {_visible(k): k for k in known}
        maps["folded"] = {k.casefold(): k for k in known}
        # a SIRET grouped by spaces in one table ('442 293 775 00031'), a code that lost its
        # leading zero in the other (INSEE 01001 typed as the number 1001)
        maps["unspaced"] = {re.sub(r"[\s\u00a0\u202f]", "", k): k for k in known}
        maps["unzeroed"] = {k.lstrip("0"): k for k in known if k[:1].isdigit()}
    twin = maps["visible"].get(_visible(v))
    if twin is not None and twin != v:
        odd = invisible_chars(v) or invisible_chars(twin)
        return Phrase("val_twin_invisible", twin=excerpt(twin), char=odd[0][1], pos=odd[0][0] + 1)
    twin = maps["folded"].get(v.casefold())
    if twin is not None:
        return Phrase("val_twin_case", twin=excerpt(twin))
    twin = maps["unspaced"].get(re.sub(r"[\s\u00a0\u202f]", "", v))
    if twin is not None and twin != v:
        return Phrase("val_twin_spaces", twin=excerpt(twin))
    twin = maps["unzeroed"].get(v.lstrip("0")) if v[:1].isdigit() else None
    if twin is not None and twin != v:
        return Phrase("val_twin_zeros", twin=excerpt(twin))
    twin = maps.get("spelled", {}).get(_spelling(v))
    if twin is not None and twin != v:
        return Phrase("val_did_you_mean", close=excerpt(twin))
    close = difflib.get_close_matches(v, sorted(known), n=1) if len(known) <= 50_000 else []
    return Phrase("val_did_you_mean", close=excerpt(close[0])) if close else ""


def check_ids(col: Collector, file: str, column: str, ids: pd.Series) -> None:
    """Ids must be visible text: an invisible character (zero-width space, non-breaking
    space, control character) makes two ids look the same while they differ."""
    # printable ASCII (nearly every id) has no invisible character: the per-character
    # Unicode check runs only on the rest (it took a second on 70,000 national ids)
    odd = np.fromiter((not (isinstance(v, str) and v.isascii() and v.isprintable()) and bool(invisible_chars(v))
                       for v in ids.to_numpy(object)), bool, len(ids))
    for r in _rows(odd)[:MAX_ROWS_LISTED]:
        v = ids.iloc[r - 2]
        pos, name = invisible_chars(v)[0]
        col.add(file, Phrase("val_id_invisible", id=excerpt(v), char=name, pos=pos + 1), row=int(r), column=column)


def _parse_bool(df: pd.DataFrame, column: str, file: str, col: Collector) -> np.ndarray:
    v = _text(df, column).str.lower()
    bad = ~v.isin(TRUE_WORDS | FALSE_WORDS)
    _report_rows(col, file, column, bad.to_numpy(), Phrase("val_bool"), _text(df, column))
    return v.isin(TRUE_WORDS).to_numpy()


def _load_yaml(path: Path, label: str) -> Any:
    return load_yaml(path, label)


def check_key_column(col: Collector, file: str, column: str, ids: pd.Series, what: str,
                     taken: set[str], clash: str) -> None:
    """A key column (hub_id, junction_id...): every row has one (`what`: "a hub id"), visible
    (`check_ids`), unique, and not among the ids already `taken` (one namespace; `clash` says so)."""
    _report_rows(col, file, column, (ids == "").to_numpy(), Phrase("val_missing", what=Gloss(what)))
    check_ids(col, file, column, ids)
    _report_rows(col, file, column, (ids.duplicated() & (ids != "")).to_numpy(),
                 Phrase("val_duplicate_column", column=column), ids)
    _report_rows(col, file, column, ids.isin(taken).to_numpy(), clash, ids)


def split_list(cell: str) -> list[str]:
    """A list cell ("heat;steam", "heat|steam", "heat,steam": a comma-separated file's quoted
    cell, no catalogue key having a comma) as its stripped, non-empty items."""
    return [r.strip() for r in cell.replace("|", ";").replace(",", ";").split(";") if r.strip()]
