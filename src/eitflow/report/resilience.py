"""The resilience analysis in the deliverables: the report's section "If a company closes" and
results.xlsx's sheet `resilience`, both read from the run directory's resilience.csv
(`eitflow resilience SCEN --out RUN`, `analyses.resilfile`), the frame the command printed."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

import eitflow.i18n as i18n
from eitflow.analyses.resilfile import MIXED, RESILIENCE_FILE, read_resilience
from eitflow.analyses.resilgain import GAIN_CELLS, gain_format, gain_notes, loss_between, loss_cell
from eitflow.analyses.resilheads import MARKED, marks, meaning, short_header, short_label, shown_fresh
from eitflow.analyses.resilheads import legend as resil_legend
from eitflow.analyses.stranded import UPPER_BOUND, sunk_notes
from eitflow.io.atomic import replacing
from eitflow.report.names import zone_label
from eitflow.report.style import _e
from eitflow.report.tables import (
    MAX_TABLE_ROWS,
    OBJECTIVE_COLUMNS,
    column_decimals,
    table,
    td_num,
    td_site,
    thead,
    truncation_note,
)
from eitflow.results.summary import plan_status

#: the figures the report shows per company, each in its column's unit (EUR/yr, tCO2/yr, EUR)
FIGURES = ("n_chosen_links", "net_benefit_lost_eur_per_yr", "co2_lost_t_per_yr", "stranded_investment_eur",
           "net_benefit_lost_sunk_eur_per_yr", "stranded_sunk_investment_eur")
#: the lists it shows after them, in the report's language (resilience.csv has each: `resilfile`;
#: an older file's one list of losses, `resilfile.MIXED`, in place of the two)
LISTS = ("partners", "shortfall", "outlets_lost", MIXED)


def resilience_section(run_dir: str | Path, lang: str) -> str:
    """The report's section on each company's closure, from RUN_DIR/resilience.csv; "" where the
    run has none. Each figure is the CSV's (its raw value in ``data-v``), in its unit."""
    df = read_resilience(run_dir, lang)   # its lists in the report's language
    if df is None:
        return ""
    t = lambda k, **kw: i18n.text(k, lang, **kw)  # noqa: E731
    # a fresh run's figures after the others and its status after the plan's, headed as the
    # terminal heads them ("objectif perdu ³", `resilheads.shown_fresh` and `short_label`)
    fresh = shown_fresh(df.columns)
    figures = [*FIGURES, *(c for c in fresh if c in OBJECTIVE_COLUMNS or i18n.column_parts(c)[1])]
    statuses = ["status", *(c for c in fresh if c not in figures)]
    units = df["objective_unit"].unique() if "objective_unit" in df else ()
    cols = [("col__name", ""), ("col__zone", "")]
    cols += [(f"col__{i18n.column_parts(c)[0]}", (str(units[0]) if len(units) == 1 else "#")
              if c in OBJECTIVE_COLUMNS else i18n.column_parts(c)[1] or "#") for c in figures]
    lists = [c for c in LISTS if c in df.columns]
    cols += [(f"col__{c}", "") for c in lists] + [(f"col__{c}", "") for c in statuses]
    rows = []
    for r in df.head(MAX_TABLE_ROWS).to_dict("records"):
        cells = [td_site(str(r.get("name") or r["site_id"]), str(r["site_id"])),
                 f"<td>{_e(zone_label(str(r.get('zone', '')), lang))}</td>"]
        cells += [_td_figure(r, c, lang) for c in figures]
        cells += [f'<td class="detail list">{_e(unbroken_marks(str(r.get(c, ""))))}</td>' for c in lists]
        for c in statuses:   # plain words: "plan optimal"
            status = str(r.get(c) or "")
            cells.append(f"<td>{_e(plan_status(status, lang) if status else '')}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    head = thead(cols, lang, short_heads(lang, df.columns), {f"col__{c}": "list" for c in lists})
    body = (table("resilience-table", head, rows, lang) if rows
            else f'<p class="empty">{_e(i18n.text("list_none", lang))}</p>')
    # what ¹ and ² mean, under the table: the headers said it in full, 8 lines high in French;
    # and ³, where the table has a fresh run's columns
    legend = f'<p class="muted legend">{_e(resil_legend(lang, df.columns))}</p>' if rows else ""
    legend += printed_lists(df, lists, lang) if rows else ""
    # the losses with the plan already built that are only upper bounds, with their intervals,
    # as the command says them after its table (`stranded.sunk_notes`); a closure that raises the
    # CO2 avoided or the net benefit: why, as the command says it (`resilgain.gain_notes`)
    notes = "".join(f'<p class="muted">{_e(n)}</p>' for n in [*sunk_notes(df, lang), *gain_notes(df, lang)] if n)
    return (f'<section id="resilience"><h2>{_e(t("resil_h"))}</h2><p class="lead">{_e(t("resil_lead"))}</p>'
            f"{body}{legend}{notes}{truncation_note(len(df), RESILIENCE_FILE, lang)}</section>")


def printed_lists(df: pd.DataFrame, lists: list[str], lang: str) -> str:
    """The table's lists (partners, what buyers lack, what suppliers no longer sell) on paper: a
    table of their own, each company's name then its lists, shown only in print, where the
    table above leaves them out (print CSS, ``.list``), as the terminal prints a view too wide
    for one table in parts (`cli.tables.split_parts`). On A4 (703 CSS px between the margins)
    the table with its lists took 926 px on ludres_backbone: its last columns were cut off; the
    figures alone take about 600, each list here about 200. "" where there is no list."""
    if not lists:
        return ""
    head = thead([("col__name", ""), *((f"col__{c}", "") for c in lists)], lang)
    rows = "".join("<tr>" + td_site(str(r.get("name") or r["site_id"]), str(r["site_id"]))
                   + "".join(f'<td class="detail">{_e(unbroken_marks(str(r.get(c, ""))))}</td>' for c in lists) + "</tr>"
                   for r in df.head(MAX_TABLE_ROWS).to_dict("records"))
    return (f'<div class="print-only"><h3 class="sub">{_e(i18n.text("resil_lists_printed", lang))}</h3>'
            f'<div class="tablewrap"><table id="resilience-lists-table">{head}<tbody>{rows}</tbody></table></div></div>')


def short_heads(lang: str, columns: Iterable[str] = ()) -> dict[str, str]:
    """The report's headers of the losses counted two ways, by message key: the loss's own
    label and its mark ("bénéfice net perdu ²", `resilheads.short_label`), the detail in the
    legend under the table; and of the fresh run's columns among `columns`, as the terminal
    heads them ("objectif perdu ³", "statut ³": `resilheads.shown_fresh`)."""
    marked = [c for c, _, _ in MARKED] + shown_fresh(columns)
    return {f"col__{i18n.column_parts(c)[0]}": short_label(c, lang) or "" for c in marked}


def unbroken_marks(text: str) -> str:
    """A list cell with the space before French "high" punctuation (" ; ", " : ") made
    no-break, so no line of a narrow column starts with ";" or ":" (the report's partners column
    read "Messein (centre)" then, on the next line, "; Neuves-Maisons (centre)"); English cells
    have no such space and stay as they are."""
    return text.replace(" ;", "\u00a0;").replace(" :", "\u00a0:")


def _td_figure(r: dict, col: str, lang: str) -> str:
    """A figure's cell; a loss that is only an upper bound (its `_figure` column) marked "≤" (its
    interval in the note after the table), a loss below zero said as a gain ("1 355,4 gagnées",
    "≥ 5 000 gagnés"): `resilgain.loss_cell`, as the command's table."""
    # an objective's to its unit's decimals (tCO2/yr: 1), as the terminal's cell (`column_decimals`)
    v, dec = r.get(col), column_decimals(col, str(r.get("objective_unit") or "") or None) or 0
    bound = str(r.get(f"{i18n.column_parts(col)[0]}_figure", "")) == UPPER_BOUND
    return td_num(v, lang, dec, text=loss_cell(v, lang, col, bound))


def _people(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The sheet's cells: the CSV's, codes in words (a zone without name, a status in plain
    words, `plan_status`); figures as they are."""
    out = df.copy()
    if "zone" in out:
        out["zone"] = [zone_label(str(v), lang) for v in out["zone"]]
    for c in ("status", "status_fresh"):
        if c in out:
            out[c] = [plan_status(str(v), lang) if v else v for v in out[c]]
    for c in [c for c in out.columns if c.endswith("_figure")]:   # exact, or upper bound with the interval the loss lies in
        stem = c[:-len("_figure")]
        lo, hi = (out.get(f"{stem}{end}", pd.Series(index=out.index, dtype=float)) for end in ("_low_eur_per_yr", "_eur_per_yr"))
        out[c] = [i18n.text("resil_bound_cell", lang, between=loss_between(a, b, lang)) if v == UPPER_BOUND and pd.notna(a) and pd.notna(b)
                  else i18n.text(f"figure_{v}", lang) if v and i18n.has_text(f"figure_{v}") else v
                  for v, a, b in zip(out[c], lo, hi)]
    if "objective_unit" in out:
        out["objective_unit"] = [i18n.unit(str(v), lang) for v in out["objective_unit"]]
    return out


def add_resilience_sheet(xlsx: str | Path, run_dir: str | Path, lang: str) -> bool:
    """Put RUN_DIR/resilience.csv into the workbook `xlsx` as its sheet `resilience` (replaced
    if there), before the summary, and its columns in the `columns` sheet; headers in the
    workbook's language (else `lang`) with their units ("net benefit lost (EUR/yr)"), a marked
    header's comment saying what its marks mean (`resilheads.meaning`): the sheet's rows are the
    companies alone. Returns False (nothing written) where the run has no resilience.csv or no
    workbook."""
    from openpyxl import load_workbook

    from eitflow.io.template import _style_sheet
    from eitflow.results.spreadsheet import protect_workbook

    xlsx = Path(xlsx)
    if not (Path(run_dir) / RESILIENCE_FILE).is_file() or not xlsx.is_file():
        return False
    wb = load_workbook(xlsx)
    # the workbook's own language (its summary sheet's name), else `lang`: an English
    # results.xlsx got a French sheet from `eitflow report RUN --lang fr`
    lang = next((g for g in ("fr", "en") if i18n.text("sheet_summary", g) in wb.sheetnames), lang)
    df = read_resilience(run_dir, lang)   # its lists in the sheet's language
    if df is None:
        return False
    title = i18n.text("sheet_resilience", lang)
    columns_title = wb.sheetnames[-1]   # the last sheet names each header's CSV column
    olds = {i18n.text("sheet_resilience", g) for g in ("fr", "en")}
    for name in [n for n in wb.sheetnames if n in olds]:
        del wb[name]
    cols = wb[columns_title]
    keep = [r for r in cols.iter_rows(values_only=True) if r[0] not in olds]
    cols.delete_rows(1, cols.max_row)
    for r in keep:
        cols.append(list(r))
    ws = wb.create_sheet(title, index=max(0, len(wb.sheetnames) - 2))   # before summary and columns
    people = _people(df, lang)
    heads = [short_header(c, lang) for c in people.columns]   # the losses marked ¹ ², as the report and the terminal
    ws.append(heads)
    for row in people.itertuples(index=False):
        ws.append([None if isinstance(v, float) and pd.isna(v) else (v.item() if hasattr(v, "item") else v)
                   for v in row])
    for j, c in enumerate(people.columns, start=1):
        dec = i18n.column_parts(c)[2]
        if c == "gap":
            fmt = "0.00%"   # a share of 1, as the summary sheet shows the gap
        elif c in GAIN_CELLS:
            fmt = gain_format(lang, c)   # a gain (below zero) reads "1 355,4 gagnées", the value kept
        elif pd.api.types.is_float_dtype(people[c]):
            fmt = "#,##0" if dec in (0, None) else ("#,##0.00" if dec == 2 else "#,##0.###")
        else:
            continue
        for cell in ws[ws.cell(1, j).column_letter][1:]:
            cell.number_format = fmt
    src = [df.attrs.get("file_columns", {}).get(c, c) for c in people.columns]   # partners_fr for partners
    # what a header's marks mean (¹ ² ³), in its comment beside its CSV column: the legend was a row
    # under the table, which a reader sorting or filtering it, or pandas, took for a company
    _style_sheet(ws, notes={h: "\n".join([f"{RESILIENCE_FILE}: {c}", *(meaning(m, lang) for m in marks(col))])
                            for h, c, col in zip(heads, src, people.columns)})
    if len(df):
        ws.auto_filter.ref = ws.dimensions
    for h, c in zip(heads, src):
        cols.append([title, h, RESILIENCE_FILE, c])
    protect_workbook(wb)
    with replacing(xlsx) as tmp:
        wb.save(tmp)
    return True
