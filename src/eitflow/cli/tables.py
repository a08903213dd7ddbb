"""Tables in the terminal, for people: rich tables with units in the headers, site names
first, numbers with the locale's thousands separators and never in scientific notation.

Columns follow the library's naming convention (the unit is the name's suffix:
``net_benefit_eur_per_yr`` -> "net benefit" in EUR/yr), so one rule formats every
analysis. The table fits the terminal's width (column widths fixed here, for the shortest
table: headers and text wrap at spaces, numbers never do; no room even for short names and
each column at its narrowest, `_fitting`: one block per row); `--csv` on each command writes
the raw figures.
"""

from __future__ import annotations

import functools
import textwrap

import pandas as pd

import eitflow.i18n as i18n
from eitflow.analyses.resilgain import loss_cell
from eitflow.cli.cells import PERCENT_COLUMNS, cell, column_digits
from eitflow.results.summary import status_word

SITE_COLUMNS = ("site_id", "source_site", "sink_site", "site", "company", "partner_site")
ZONE_COLUMNS = ("zone", "source_zone", "sink_zone")


def is_status(col: str) -> bool:
    """Whether a column holds a solve's status code (status, resilience's status_fresh)."""
    return col == "status" or col.startswith("status_")


def header(col: str, lang: str, objective_unit: str | None = None, label: str | None = None) -> str:
    """A column's header: its label, and its unit on a line of its own without parentheses
    (the label's own parentheses kept: "tronçons, hubs et unités de production construites sans usage (plus rien à transporter ni à fournir)");
    an objective's (`report.tables.OBJECTIVE_COLUMNS`) unit is `objective_unit`, where the table
    has one for all its rows; `label`: the view's own label in place of the column's (resilience's
    "bénéfice net perdu ²", `analyses.resilheads`)."""
    from eitflow.report.tables import OBJECTIVE_COLUMNS

    u = objective_unit if objective_unit and col in OBJECTIVE_COLUMNS else i18n.column_parts(col)[1]
    label = label or i18n.column_label(col, lang, with_unit=False)
    # a percentage's cells carry their "%" (`cell`): a header's "%" said it twice ("écart (%) 0,05 %")
    return f"{label}\n{i18n.unit(u, lang)}" if u and u != "%" and col not in PERCENT_COLUMNS else label


def _cells(df: pd.DataFrame, lang: str, names: dict[str, str] | None, numeric: dict[str, bool], codes: bool,
           limit: int) -> list[list[str]]:
    from eitflow.ids import with_code
    from eitflow.report.names import distinct_short, is_network, short_name, zone_label
    from eitflow.report.style import res_name
    rows = []
    # the names the table shows, cut at `limit` with two different ones never alike (two plants of
    # one company, "Compagnie Industrielle du No… Loon-Plage" and "… Gravelines", `distinct_short`)
    shown: dict[str, str] = {}
    if names:
        ids = sorted({str(v) for c in df.columns if c in SITE_COLUMNS for v in df[c]
                      if str(v) in names and names[str(v)] != str(v)})
        shown = dict(zip(ids, distinct_short([names[i] for i in ids], [short_name(names[i], limit) for i in ids])))
    # resilience's losses that are only upper bounds, per column, row by row (`resilience.csv`'s
    # `_figure` columns: the row's own, or the view's where it left them out)
    bounds = df.attrs.get("upper_bounds", {})
    # one rule per column: the decimals of a column whose unit sets none, the same on each row
    digits = {c: column_digits(df[c], c, lang) for c in df.columns if numeric[c]}
    for k, rec in enumerate(df.itertuples(index=False)):
        row = []
        said = dict(zip(df.columns, rec))
        # the row's objective_unit, or the table's where print_table put it in the headers
        obj_unit = said.get("objective_unit", df.attrs.get("objective_unit"))
        for c, v in zip(df.columns, rec):
            if names and c in SITE_COLUMNS and str(v) in names and names[str(v)] != str(v):
                nm = shown[str(v)]
                # a network's id (network:heat) is not a code people know it by
                row.append(with_code(nm, v) if codes and not is_network(str(v)) else nm)
            elif c == "allocation" and isinstance(v, str) and i18n.has_text(f"alloc_{v}"):
                row.append(i18n.text(f"alloc_{v}", lang))
            elif c in ZONE_COLUMNS and isinstance(v, str):
                row.append(zone_label(v, lang))   # a shared network by its name, "(sans zone)"
            elif not numeric[c] and ("resource" in c) and isinstance(v, str):
                row.append(res_name(v, lang))
            elif c in ("unit", "demand_unit", "objective_unit") and isinstance(v, str):
                row.append(i18n.unit(v, lang))
            elif c in ("change", "item", "plan", "sizing") and isinstance(v, str) and i18n.has_text(f"{c}_{v}"):
                row.append(i18n.text(f"{c}_{v}", lang))   # alternatives' codes (added, corridor) in words
            elif c.endswith("_figure") and isinstance(v, str) and i18n.has_text(f"figure_{v}"):
                row.append(i18n.text(f"figure_{v}", lang))   # resilience's exact / upper bound in words
            elif (loss := loss_cell(v, lang, c, bool(bounds[c][k]) if c in bounds else
                                    said.get(f"{i18n.column_parts(c)[0]}_figure") == "upper_bound")) is not None:
                row.append(loss)   # resilience's loss below zero: "1 355,4 gagnées"; a bound "≤ 257 148", as the report
            elif is_status(c) and isinstance(v, str):
                # a solve's status in words, resilience's status_fresh too: 'temps écoulé', not 'time_limit'
                row.append(status_word(v, lang))
            elif lang != "en" and c in ("rule", "reason") and isinstance(v, str) and i18n.has_text(f"reason_{v}"):
                row.append(i18n.text(f"reason_{v}", lang))   # a code in the CSV, its name in the table
            elif lang != "en" and c == "direction" and isinstance(v, str) and i18n.has_text(f"dir_{v}"):
                row.append(i18n.text(f"dir_{v}", lang))
            else:
                row.append(cell(v, c, lang, obj_unit if isinstance(obj_unit, str) else None, digits.get(c)))
        rows.append(row)
    return rows


def _natural(head: str, cells: list[str]) -> int:
    """Width a column needs: its widest cell, and its header's longest word (headers wrap)."""
    w = max((len(x) for x in head.split()), default=0)
    return max([w, *(len(x) for x in cells)])


@functools.lru_cache(maxsize=65536)
def _lines(s: str, width: int, head: bool = False) -> int:
    """How many lines `s` takes at `width` (`_wrap`'s breaks, a header's hyphens with `head`;
    cached: the widths are tried many times)."""
    return _wrap(s, width, head).count("\n") + 1


def _shortest(s: str, head: bool = False) -> int:
    """The narrowest `s` can be: its longest unbreakable piece (`_wrap`'s; a header's `head`)."""
    return max((len(x) for x in _wrap(s, 1, head).split("\n")), default=0)


#: lines a header may take where the columns leave room for it (`_widths`)
HEADER_LINES = 4
#: rows whose cells count when the widths are shared out (a long table's first ones say enough)
_MEASURED_ROWS = 60


def _widths(heads: list[str], body: list[list[str]], numeric: list[bool], room: int,
            figures: list[bool] | None = None, lines: list[int] | None = None,
            least: list[float] | None = None) -> list[int]:
    """Each column's width, fixed here rather than left to rich, for the shortest table: a
    number never wraps; a header and a text cell wrap at ordinary spaces (`_wrap`). For each
    height of the headers that fits, each column at the narrowest keeping its header within it,
    the room left goes to the text columns where a character saves the most lines of the rows
    (`_rows_widths`); the shortest table wins (of two as short, the one whose rows wrap less),
    and what room is left then unwraps headers.

    Before, text columns kept their whole width and the room left widened headers: `sizes`'
    plan column stayed 39 wide and its eight headers wrapped one word per line at 160 columns.
    rich, given only minimum widths, shrinks the widest column toward the next and then takes
    the minimums back, so a table that fits could come out wider than the terminal and lose
    its last column to the crop (zones' amounts at 80 columns). A header over `figures` (the
    columns of numbers; `numeric` by default) may break a long word at its hyphenation point
    (`HYPHENATION`); over a text, never: the text wraps instead. `lines`: per column, the lines
    a text cell may take (`wrap_lines`; WRAPPED_LINES by default). `least`: per column, the share
    of `room` it gets before the others share what is left (`room_first`): its whole width where
    narrower, and never more than the others' narrowest widths leave it."""
    figures = list(numeric) if figures is None else figures
    lines = [WRAPPED_LINES] * len(heads) if lines is None else lines
    rows = body[:_MEASURED_ROWS]
    full = [max([max((len(x) for x in h.split("\n")), default=0), *(len(r[k]) for r in rows)])
            for k, h in enumerate(heads)]
    # a text cell in at most WRAPPED_LINES lines, as `_fitting` measured it (French sizes at 120
    # columns put its plan in 5 lines to keep the headers within HEADER_LINES)
    low = [max([_shortest(h, figures[k]), *((len(r[k]) if numeric[k] else _within(r[k], lines[k])) for r in rows)])
           for k, h in enumerate(heads)]
    for k, share in enumerate(least or []):
        if share:   # its room first (explain's why): the other columns wrap into more lines instead
            others = sum(low) - low[k]
            low[k] = max(low[k], min(full[k], int(share * room), room - others))
    best: tuple[tuple[int, int, int], list[int]] | None = None
    for tall in range(1, max(_lines(h, 1, f) for h, f in zip(heads, figures)) + 1):
        # each header in at most `tall` lines (its narrowest width that does it), then the rows
        widths = [next((w for w in range(low[k], full[k] + 1) if _lines(h, w, figures[k]) <= tall),
                       max(low[k], full[k]))
                  for k, h in enumerate(heads)]
        if sum(widths) > room:
            continue
        widths = _rows_widths(rows, numeric, widths, full, room - sum(widths))
        head = _head_lines(heads, widths, figures)
        height = head + sum(max([1, *(_lines(r[k], w) for k, w in enumerate(widths) if not numeric[k])]) for r in rows)
        # headers within HEADER_LINES where they can be (sizes' took 6-7 lines over 3 rows at 120
        # columns: the shortest table, but it read as a header with a few rows under it); then
        # the shortest; of two as short, the one whose rows wrap less (a name on one line reads
        # better than a header)
        key = (max(0, head - HEADER_LINES), height, -tall)
        if best is None or key < best[0]:
            best = (key, widths)
    if best is None:   # not reached when the columns fit at their narrowest: the last `tall` fits them
        return low
    widths = best[1]
    # the room left unwraps the headers that need the least of it first
    spare = room - sum(widths)
    want = [max((len(x) for x in h.split("\n")), default=0) for h in heads]
    for k in sorted(range(len(heads)), key=lambda k: want[k] - widths[k]):
        grow = min(max(want[k] - widths[k], 0), spare)
        widths[k] += grow
        spare -= grow
    return widths


def _rows_widths(rows: list[list[str]], numeric: list[bool], widths: list[int], full: list[int],
                 spare: int) -> list[int]:
    """`widths` with `spare` characters given to the text columns where one saves the most lines
    of the rows (each row as tall as its tallest cell; then the cells' lines, so that two
    equally tall cells of a row are shortened one after the other)."""
    widths = list(widths)
    text = [k for k in range(len(widths)) if not numeric[k]]

    def col(k: int, w: int) -> list[int]:
        return [_lines(r[k], w) for r in rows]

    state = {k: col(k, widths[k]) for k in text}

    def score(st: dict[int, list[int]]) -> tuple[int, int]:
        per_row = list(zip(*st.values())) if st else []
        return sum(max(x) for x in per_row), sum(sum(c) for c in st.values())

    while spare > 0 and text:
        now, pick = score(state), None
        for k in text:
            for w in range(widths[k] + 1, min(full[k], widths[k] + spare) + 1):
                cand = col(k, w)
                if cand != state[k]:
                    new = score({**state, k: cand})
                    gain = ((now[0] - new[0]) * 10_000 + now[1] - new[1]) / (w - widths[k])
                    if gain > 0 and (pick is None or gain > pick[0]):
                        pick = (gain, k, w, cand)
                    break
        if pick is None:
            break
        _, k, w, cand = pick
        spare -= w - widths[k]
        widths[k], state[k] = w, cand
    return widths


def print_table(df: pd.DataFrame, lang: str = "en", title: str | None = None,
                names: dict[str, str] | None = None, console=None) -> None:
    """Print `df` for people: a rich table fitted to the terminal's width (site names first,
    their codes beside them when there is room); when even short names do not fit, one small
    block per row (label: value), never a table folded letter by letter."""
    from rich import box
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = console or Console(highlight=False)
    if len(df) == 0:   # the title still says what has no rows ('placements (0)', not a bare '(no rows)')
        if title:
            console.print(escape(title))
        console.print(i18n.text("cli_no_rows", lang))
        return
    whole_df = df
    unit = _one_objective_unit(df)
    if unit is not None:   # one unit on every row: said once, in the objectives' headers
        df = df.drop(columns="objective_unit")
        df.attrs["objective_unit"] = unit
    cols = list(df.columns)
    numeric = {c: pd.api.types.is_numeric_dtype(df[c]) and not pd.api.types.is_bool_dtype(df[c]) for c in cols}
    own = df.attrs.get("labels", {})   # a view's headers (resilience's marked losses)
    heads = [header(c, lang, unit, own.get(c)) for c in cols]
    width = console.width
    lines = wrap_lines(df)
    fit = _fitting(df, lang, names, numeric, heads, width, lines)
    if fit is None and df.attrs.get("parts"):
        # a view too wide for one table in the tables it says (`split_parts`), not a block per row
        for part, head in split_parts(whole_df, title):
            print_table(part, lang, head, names, console)
        return
    if fit is not None:
        body, gap, whole = fit
        figures = [numeric[c] for c in cols]   # the columns whose headers may hyphenate
        least = room_first(df)
        widths = _widths(heads, body, whole, width - gap * len(cols), figures, lines, least)
        if gap == GAP and _head_lines(heads, widths, figures) > HEADER_LINES:
            # the headers fit within HEADER_LINES at the tighter gap only (sizes in French at 120
            # columns: 6 lines at 3, 4 at 2)
            tight = _widths(heads, body, whole, width - TIGHT_GAP * len(cols), figures, lines, least)
            if _head_lines(heads, tight, figures) < _head_lines(heads, widths, figures):
                gap, widths = TIGHT_GAP, tight
        # a gap of 2: one space of padding after each column and the rule between them
        t = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left", pad_edge=False,
                  padding=(0, 1) if gap == GAP else (0, 1, 0, 0))
        for c, h, w in zip(cols, heads, widths):
            t.add_column(escape(_wrap(h, w, numeric[c])), justify="right" if numeric[c] else "left", width=w)
        for r in body:   # wrapped here, where a number keeps its unit: rich breaks at any space
            t.add_row(*(escape(x if n else _wrap(x, w)) for x, n, w in zip(r, whole, widths)))
        console.print(t)
        return
    if title:
        console.print(title)
    labels = [h.replace("\n", " (") + (")" if "\n" in h else "") for h in heads]
    body = _cells(df, lang, names, numeric, True, 80)
    # labels wrap within half the width: unwrapped, a long label took the whole line and left
    # no room for the value (at 45 columns every value of `resilience` was blank)
    lw = min(max(len(x) for x in labels), max(width // 2, 10))
    # 5: the table's blank edges, the rule between the columns and its padding
    vw = max(width - lw - 5, min(max(width // 3, 8), 30))
    for k, r in enumerate(body, start=1):
        t = Table(box=box.MINIMAL, show_header=False, pad_edge=False, title=f"#{k}", title_justify="left")
        t.add_column(style="dim", overflow="fold", width=lw)
        t.add_column(overflow="fold", width=vw)
        for lab, x in zip(labels, r):
            t.add_row(escape(_wrap(lab, lw)), escape(_wrap(x, vw)))
        console.print(t)


def split_parts(df: pd.DataFrame, title: str | None) -> list[tuple[pd.DataFrame, str | None]]:
    """The tables a view too wide for one table prints instead (`print_table`): per part of
    ``df.attrs["parts"]`` ([(columns, title)], a title None: the view's own `title`), its columns
    present in `df`, its attributes without the parts. resilience with a fresh run's columns
    (`cli.resilience.table_view`): 12 columns at their narrowest 125 characters in French, 123 in
    English, + 2 x 12 between them, were one block of 15 lines per company at 120 columns."""
    out = []
    for cols, head in df.attrs.get("parts") or []:
        part = df[[c for c in cols if c in df.columns]].copy()
        part.attrs = {**df.attrs, "parts": None}
        out.append((part, title if head is None else head))
    return out


def _head_lines(heads: list[str], widths: list[int], figures: list[bool]) -> int:
    """How many lines the tallest header takes at `widths` (hyphenated over `figures`, `_widths`)."""
    return max((_lines(h, w, f) for h, w, f in zip(heads, widths, figures)), default=1)


def _one_objective_unit(df: pd.DataFrame) -> str | None:
    """The objective's unit where `df` has an objective column and one `objective_unit` on every
    row (`sizes`, `alternatives`: "EUR/yr" repeated on each row took a column), else None."""
    from eitflow.report.tables import OBJECTIVE_COLUMNS

    if "objective_unit" not in df.columns or not any(c in df.columns for c in OBJECTIVE_COLUMNS):
        return None
    units = df["objective_unit"].dropna().unique()
    return str(units[0]) if len(units) == 1 and df["objective_unit"].notna().all() else None


#: characters between two columns (and at the edges): a space of padding each side and the rule between them
GAP = 3
#: where the columns do not fit at GAP even at their narrowest, one space of padding and the rule
TIGHT_GAP = 2
#: a text cell wraps into at most this many lines before the rows become blocks (a long sentence
#: in a narrow column reads worse than its block: resilience's links lost)
WRAPPED_LINES = 3


def wrap_lines(df: pd.DataFrame) -> list[int]:
    """Per column of `df`, the lines a text cell may take: WRAPPED_LINES, or what the view set in
    ``df.attrs["wrap_lines"]`` ({column: lines}; alternatives' exchanges, whose one label names both
    ends, their flows and the resource: dunkerque_dh's 175 characters)."""
    own = df.attrs.get("wrap_lines", {})
    return [int(own.get(c, WRAPPED_LINES)) for c in df.columns]


def room_first(df: pd.DataFrame) -> list[float]:
    """Per column of `df`, the share of the table's width it gets first (`_widths`' `least`): 0, or
    what the view set in ``df.attrs["room_first"]`` ({column: share}; explain's sentence that says
    why, which the names beside it left 37 of 120 columns on dunkerque_dh)."""
    own = df.attrs.get("room_first", {})
    return [float(own.get(c, 0.0)) for c in df.columns]


def _within(s: str, lines: int) -> int:
    """The narrowest width at which `s` takes at most `lines` lines (`_wrap`'s breaks)."""
    return next((w for w in range(_shortest(s), len(s)) if _lines(s, w) <= lines), len(s))


def _fitting(df: pd.DataFrame, lang: str, names: dict[str, str] | None, numeric: dict[str, bool],
             heads: list[str], width: int, lines: list[int] | None = None
             ) -> tuple[list[list[str]], int, list[bool]] | None:
    """The cells, the gap between columns (characters) and the columns whose cells never wrap
    (numbers; with the narrowest widths, names too) of a table that fits `width`, or None
    (one block per row). First the cells at their natural width (the widest, headers at their
    longest word): names with their codes, then short names, then shorter; then, the shortest
    names, each column at its narrowest (headers wrap at spaces, text cells too within
    WRAPPED_LINES lines, `_widths`; numbers and names never), at GAP and then TIGHT_GAP. Before the
    narrowest widths, `sizes` at 120 columns (ten columns: 88 characters in English, 99 in
    French) fell back to blocks."""
    cols = list(df.columns)
    for codes, limit in ((True, 40), (False, 28), (False, 18)):
        body = _cells(df, lang, names, numeric, codes, limit)
        nat = [_natural(h, [r[k] for r in body]) for k, h in enumerate(heads)]
        if sum(nat) + GAP * len(cols) <= width:
            return body, GAP, [numeric[c] for c in cols]
    rows = body[:_MEASURED_ROWS]
    # a zone's name may wrap as a text does ("Redon Agglomération / (Rieux, Morbihan)"): whole,
    # it made zones' totals blocks at 150 columns; a site's name stays whole
    whole = [numeric[c] or c in SITE_COLUMNS or c == "name" or c.endswith("_name") for c in cols]
    lines = [WRAPPED_LINES] * len(cols) if lines is None else lines
    narrowest = sum(max([_shortest(h, numeric[c]), *((len(r[k]) if whole[k] else _within(r[k], lines[k]))
                                                      for r in rows)]) for k, (c, h) in enumerate(zip(cols, heads)))
    return next(((body, gap, whole) for gap in (GAP, TIGHT_GAP) if narrowest + gap * len(cols) <= width), None)


#: the long words of the tables' headers at their hyphenation points: where a column's figures are
#: narrower than such a word, the header breaks it with a hyphen rather than widen the column
#: ("investis-/sement" over "12 720 003": French zones' totals were one block per zone at 120
#: columns for 4 characters)
HYPHENATION = ("inves-tis-se-ment", "in-vest-ment", "cons-truc-tion", "ex-changes", "rac-cor-de-ments", "di-men-sion-ne-ment",
               "ap-pro-vi-sion-ne-ment", "ar-ti-fi-cia-li-sa-tion", "im-plan-ta-tions", "four-nis-seurs",
               "cons-truits")
_BREAKS = {w.replace("-", ""): w.split("-") for w in HYPHENATION}


def _hyphenated(line: str, width: int) -> list[str]:
    """`line` (a header's line `textwrap` left wider than `width`: one word) in two pieces at one
    of `HYPHENATION`'s points, the first ending in a hyphen: the longest first piece with both
    within `width`, else the split with the shorter longer piece (a word in three or more pieces
    reads worse than a wider column); as it is where the word has no point. A word glued to a
    mark by a no-break space ("investment ¹", resilience's losses counted two ways) breaks as the
    word: "invest-" / "ment ¹" (it took 12 characters over figures of 9)."""
    word, glue, mark = line.partition("\u00a0")
    parts = _BREAKS.get(word.lower())
    if parts is None:
        return [line]
    cuts = [sum(len(p) for p in parts[:k]) for k in range(1, len(parts))]
    pairs = [[word[:c] + "-", word[c:] + glue + mark] for c in cuts]
    fit = [p for p in pairs if max(map(len, p)) <= width]
    return max(fit, key=lambda p: len(p[0])) if fit else min(pairs, key=lambda p: max(map(len, p)))


def _wrap(s: str, width: int, head: bool = False, wrapper: type[textwrap.TextWrapper] = textwrap.TextWrapper,
          hang: int = 0) -> str:
    """`s` in lines of `width`, broken at ordinary spaces only (and, in a header, `head`, a
    long word at its hyphenation points; a word longer than the line as `wrapper` breaks it: a
    sentence's path at its separators, `cli.sentences.fill`; the lines after a paragraph's first
    `hang` spaces in). rich breaks at any Unicode space, among them the
    no-break ones inside French numbers ('60 000' split into '60' and a line '000 MWh/an');
    textwrap breaks only at ASCII whitespace, so rich has nothing left to break."""

    # nor before a French ';' or ':' (a line never starts with one), nor between a number and its
    # unit ('40 GWh/an'): those spaces are a private-use character while wrapping (textwrap keeps
    # it). A number, not the digit ending a word: "CO2 avoided" is no amount in "avoided" (its
    # header was 11 wide over figures of 8)
    from eitflow.i18n import HIGH_MARK, unbroken

    # nor inside a number whose thousands a plain space separates ('1 000', typed so in a name:
    # fos_siting's "Ferme aquacole en eau chaude (1 000 t/an)" read '(1' then '000 t/an)'): the
    # report's rule (`i18n.unbroken`), with the private-use mark
    glued = unbroken(HIGH_MARK.sub("\ue000", s), "\ue000", "\ue000", words=True)
    filler = wrapper(width, break_on_hyphens=False, break_long_words=False, subsequent_indent=" " * hang)
    lines = [x for p in glued.split("\n") for x in filler.fill(p).split("\n")]
    if head:
        lines = [y for x in lines for y in (_hyphenated(x, width) if len(x) > width else [x])]
    return "\n".join(lines).replace("\ue000", " ")
