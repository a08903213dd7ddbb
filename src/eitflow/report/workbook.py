"""results.xlsx: the run's tables and summary as one workbook."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd

import eitflow.i18n as i18n
from eitflow.io.atomic import replacing
from eitflow.io.template import _style_sheet


def _flatten(d: Any, prefix: str = "") -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    if prefix.startswith("omitted.") and isinstance(d, dict):   # an output left out: its facts, said in one cell
        out.append((prefix, d))
    elif isinstance(d, dict):
        for k, v in d.items():
            out += _flatten(v, f"{prefix}.{k}" if prefix else str(k))
    elif isinstance(d, (list, tuple)):
        out.append((prefix, list(d)))   # said in words by `_summary_value`
    else:
        if hasattr(d, "item"):  # numpy scalar
            d = d.item()
        out.append((prefix, d if (d is None or isinstance(d, (int, float, str, bool))) else str(d)))
    return out


def _summary_label(key: str, summary: dict, cards: dict[str, str], lang: str) -> str | None:
    """A flattened key of summary.json ('totals.net_benefit_eur_per_yr') named as the report
    names the figure, with its unit: the key-figure cards' labels (`report.tables.key_figures`),
    else the tables' column labels (``col__``, `i18n.column_label`) and the parameters' words
    (`i18n.parameter_label`), else summary.json's own words (``sum__<key>``, a network's figures
    ``sum__networks.*.<figure>``, each stage's seconds ``sum_time``, the inputs' ``sum_input``);
    None for a key without words (`summary_rows` then shows the key as written; none of the keys
    eitflow writes, tests/test_results_workbook_summary.py checks)."""
    import eitflow.i18n as i18n

    head, _, rest = key.partition(".")
    sep = " : " if lang == "fr" else ": "
    if key in cards:
        return cards[key]
    if key in ("objective", "bound"):
        return f"{i18n.column_label(key, lang)} ({i18n.unit(summary.get('objective_unit', ''), lang)})"
    if key == "mip_gap_target":
        return i18n.parameter_label("solver.mip_gap", lang)
    if key == "solver":
        return i18n.text("f_solver", lang)
    if head == "parameters":
        return i18n.parameter_label(rest, lang)
    if head == "versions":
        return f"{i18n.text('f_versions', lang)}{sep}{rest}"
    if rest.startswith("amount_by_resource."):   # totals.amount_by_resource.<resource>.<figure>
        _, res, field = rest.split(".", 2)
        own = f"sum__amount_by_resource.*.{field}"   # a figure without a table column of its name
        label = i18n.text(own, lang) if i18n.has_text(own) else i18n.column_label(field, lang)
        u = ((summary.get("totals") or {}).get("amount_by_resource") or {}).get(res, {}).get("unit")
        if field in ("amount", "unit_capacity") and u:   # in the resource's unit (t/yr of hydrogen)
            label += f" ({i18n.unit(u, lang)})"
        return f"{i18n.resource_name(res, lang)}{sep}{label}"
    if rest.startswith("by_resource.") and head == "networks":   # networks.by_resource.<resource>.<figure>
        _, res, field = rest.split(".", 2)
        if i18n.has_text(f"sum__networks.*.{field}"):
            label = i18n.text(f"sum__networks.*.{field}", lang)
            u = (((summary.get("networks") or {}).get("by_resource") or {}).get(res) or {}).get("balance") or {}
            if field.startswith("balance.") and field not in ("balance.unit", "balance.closes") and u.get("unit"):
                label += f" ({i18n.unit(u['unit'], lang)})"   # the resource's unit: MWh/yr of heat, t/yr of hydrogen
            return f"{i18n.network_label(res, lang)}{sep}{label}"
        if i18n.has_text(f"col__{i18n.column_parts(field)[0]}"):
            return f"{i18n.network_label(res, lang)}{sep}{i18n.column_label(field, lang)}"
        return None
    # the seconds of each stage (also the siting's own), and the siting's figures
    if head == "timings_s" or key.startswith("siting.timings_s."):
        stage = key.rpartition(".")[2]
        said = i18n.text(f"sum_stage__{stage}", lang) if i18n.has_text(f"sum_stage__{stage}") else stage
        label = i18n.text("sum_time", lang, stage=said)
        return label if head == "timings_s" else f"{i18n.text('sum_siting', lang)}{sep}{label}"
    if head == "inputs" and rest.count(".") == 1:   # inputs.<table>.path, .sha256 (the run directory's copy)
        table, _, what = rest.partition(".")
        return i18n.text("sum_input", lang, table=table, what=i18n.text(f"sum_input_{what}", lang)) \
            if i18n.has_text(f"sum_input_{what}") else None
    if head == "message_facts":   # the message's sentences as keys and figures (said in the message's row)
        return i18n.text("sum_message_facts", lang)
    if head == "warning_facts":   # the warnings as keys and figures (said in the rows `warnings`)
        return i18n.text("sum_warning_facts", lang)
    if head == "omitted" and rest:   # omitted.<file>: why an output was left out
        return i18n.text("sum_omitted", lang, file=rest)
    if key.startswith("siting.ranking.methods."):
        return i18n.text("sum__siting.ranking.methods.*", lang, method=key.rpartition(".")[2])
    if i18n.has_text(f"sum__{key}"):
        return i18n.text(f"sum__{key}", lang)
    stem = {"totals": rest, "counts": {"built_hubs": "n_hubs_built"}.get(rest, f"n_{rest}"),
            "duals": f"duals_{rest}"}.get(head, key) if rest else key
    if stem.count(".") or not i18n.has_text(f"col__{i18n.column_parts(stem)[0]}"):
        return None
    return i18n.column_label(stem, lang)


def _summary_value(key: str, v: Any, lang: str, summary: dict) -> Any:
    """A value of summary.json as the report says it: statuses and the objective in words, the
    solver's message in `lang` (from its facts: `results.summary.summary_message`), units the
    language's way; numbers as they are."""
    import eitflow.i18n as i18n
    from eitflow.results.summary import (
        money_stage_figure,
        money_stage_note,
        money_stage_reason,
        no_paying_plan,
        omitted_said,
        status_word,
        summary_message,
        summary_warnings,
    )

    if key.startswith("money_stage."):   # objective co2's money stage: why a figure is not there, in words
        ms, field = summary.get("money_stage") or {}, key.partition(".")[2]
        if field.startswith("net_benefit_") and v is None:
            return money_stage_figure(ms, lang)
        if field in ("reason", "note") and v:
            return money_stage_note(ms, lang) if field == "note" else money_stage_reason(ms, lang)
    if key.startswith("omitted."):   # why an output was left out, from its code and figures
        return omitted_said(v, lang)
    if key == "warnings":   # the input's warnings, one per line, in `lang`
        return "\n".join(summary_warnings(summary, lang))
    if isinstance(v, list):
        return _list_words(key, v, lang)
    if isinstance(v, bool):   # a yes/no setting: 'oui', as in the tables (`cell_words`)
        return cell_words(key, v, lang)
    if not isinstance(v, str) or not v:
        return v
    if key.rpartition(".")[2] in _VALUE_TEXT:   # a code: networks.by_resource.heat.sizing 'discrete'
        return cell_words(key.rpartition(".")[2], v, lang)
    if key in ("status", "duals.status", "money_stage.status"):
        return status_word(v, lang)
    if key in ("objective_name", "parameters.objective") and i18n.has_text(f"obj_{v}"):
        return i18n.text(f"obj_{v}", lang)
    if key == "message":
        return summary_message(summary, lang)
    if key == "gap_note":   # a run written before it said so: the gap's own words
        return no_paying_plan(summary, lang) or i18n.text("gap_undefined", lang)
    if key == "objective_unit" or key.endswith(".unit"):
        return i18n.unit(v, lang)
    return v


def _list_words(key: str, v: list, lang: str) -> str:
    """A list of summary.json in words (the cell held its JSON: networks.cuts read
    '[{"batch": 0, "probe_s": 0.4434121869999217, "solved_by_probe": true}]', a network's hubs
    '[]'): the directed cuts batch by batch, ids joined, "aucun" for none; JSON only where no
    sentence says it."""
    import eitflow.i18n as i18n

    if not v:
        return i18n.text("list_none", lang)
    if key == "networks.cuts" and all(isinstance(e, dict) for e in v):
        # the language's separator: " ; " in French, as every list of eitflow's sentences
        return i18n.text("list_sep", lang).join(_cuts_said(e, lang) for e in v)
    if all(isinstance(x, (str, int, float)) for x in v):
        return ", ".join(str(x) for x in v)
    return json.dumps(v, ensure_ascii=False, default=str)


def _cuts_said(e: dict, lang: str) -> str:
    """What the directed cuts did in one solve batch (`solve.netcuts`, `solve.netlarge`)."""
    import eitflow.i18n as i18n

    s = i18n.number(e.get("probe_s", e.get("seconds", 0.0)) or 0.0, lang, 2)
    if e.get("solved_by_probe"):
        return i18n.text("cuts_said_probe", lang, batch=e.get("batch", 0), s=s)
    lp = [i18n.number(x, lang, 0) if isinstance(x, (int, float)) else "?" for x in (e.get("lp_before"), e.get("lp_after"))]
    return i18n.text("cuts_said_rounds", lang, batch=e.get("batch", 0), rounds=e.get("rounds", 0),
                     cuts=e.get("cuts", 0), before=lp[0], after=lp[1], s=s)


def _cards(summary: dict, matches: pd.DataFrame, lang: str) -> dict[str, str]:
    """The key-figure cards' labels with their units (`report.tables.key_figures`), by
    summary.json key."""
    from typing import cast

    from eitflow.report.tables import key_figures
    from eitflow.results.rundir import RunData

    # the cards read only the summary and the exchanges (`key_figures`)
    run = cast(RunData, SimpleNamespace(summary=summary, matches=matches))
    return {f"{'counts' if c['key'] == 'chosen_links' else 'totals'}.{c['key']}":
            f"{c['label']} ({c['unit']})" if c["unit"] else c["label"] for c in key_figures(run, lang)}


def summary_rows(summary: dict, matches: pd.DataFrame, lang: str) -> list[tuple[str, Any, str]]:
    """results.xlsx's summary sheet: (figure, value, summary.json key) for every value of
    summary.json (nested keys joined by '.'), each figure named in `lang` with its unit as the
    report names it (`_summary_label`); numbers exactly summary.json's. The message's facts
    (`message_facts`) are not a row: they are the message, said in its row; nor are the
    warnings' (`warning_facts`): the warnings are the rows `warnings`."""
    cards = _cards(summary, matches, lang)
    return [(_summary_label(k, summary, cards, lang) or k, _summary_value(k, v, lang, summary), k)
            for k, v in _flatten({k: v for k, v in summary.items() if k not in ("message_facts", "warning_facts")})]


# site-id columns that get the site's name in a column before them (names first, codes beside)
_NAMED = {"source_site": "source_name", "sink_site": "sink_name", "site_id": "site_name", "from": "from_name",
          "to": "to_name", "network": "network_name", "network_piece": "network_piece_name"}
_VALUE_TEXT = {"supply_resource": "res_", "demand_resource": "res_", "resource": "res_", "reason": "reason_",
               "allocation": "alloc_",   # zones: company -> par entreprise, as the command line says it
               "direction": "dir_", "size": "size_",   # corridors: custom -> own costs (a sizing: OPTION_WORDS)
               "catalogue_size": "size_",   # an existing pipe's: 'existing' in English before
               "mode": "mode_",   # truck, pipe, network: camion, canalisation, réseau
               "kind": "kind_",   # price bands' direct, from_net...; companies' site, hub: directe, depuis le réseau
               # scenario.yaml's options in the summary sheet: networks.heat.generate 'none' -> 'aucun (...)',
               # as the compare lines say them
               **i18n.OPTION_WORDS}
#: an exchange's `amount` is what its supplier sends, in `unit` (the supply's): said so where the
#: sheet has what is received beside it (`demand_amount`, `demand_unit`, matches.csv's names), as
#: the report's tables say "sent ... ; received ..." (a header "amount" over the 2,500 t/yr of sludge
#: beside "fertiliser" read as the fertiliser the farms get, 50 t/yr)
_SENT = {(sheet, c): key for sheet in ("matches", "price_bands")
         for c, key in (("amount", "col_sent_amount"), ("unit", "col_unit_sent"))}
# a column whose words differ in one sheet: a corridor's `capacity` is its rated capacity over a
# year at full load, which it never carries (at most that times the network's load factor: a DN80,
# 0.98 MW, 8,584.8 MWh/yr, carries 4,292.4 at 0.5), where a built supply's is what it can deliver
_SHEET_LABELS = {**_SENT, ("corridors", "capacity"): "col_corridor_capacity", ("network_shares", "share"): "col_withdrawal_share",
                 # placements.csv: the activity's and the plot's ids, then their names
                 ("placements", "activity"): "col_activity_name", ("placements", "plot"): "col_plot_name"}
# shares of 1 shown as percentages (network_shares.csv's 0.3003 for the ZI's 15,000 of 49,952 MWh/yr read
# "part 0,3", without a unit, where the report says 30,0 %)
_PERCENT = {("network_shares", "share")}
_UNIT_COLUMNS = ("unit", "demand_unit", "capacity_unit", "capacity_given_unit")
_ZONE_COLUMNS = ("zone", "source_zone", "sink_zone")


def cell_words(col: str, v: Any, lang: str) -> Any:
    """A cell of column `col` (a CSV column name) as people read it in `lang`, the one place
    results.xlsx turns codes into words: resources, reasons, directions, sizings, transport
    modes and link kinds from the messages (`_VALUE_TEXT`: 'from_net' -> 'depuis le réseau'),
    units the language's way, the sites without a zone '(sans zone)', a yes/no column 'oui' /
    'non' (the CSV's True / False); any other value (names, ids, figures) as it is. The CSV
    files keep the codes."""
    import eitflow.i18n as i18n
    from eitflow.report.names import zone_label

    if isinstance(v, (bool, np.bool_)):
        return i18n.text("yes" if v else "no", lang)
    if not isinstance(v, str):
        return v
    prefix = _VALUE_TEXT.get(col)
    if prefix is not None:
        return i18n.text(prefix + v, lang) if i18n.has_text(prefix + v) else v
    if col in _UNIT_COLUMNS:
        return i18n.unit(v, lang)
    if col in _ZONE_COLUMNS:
        return zone_label(v, lang)
    return v


def _received_beside(df: pd.DataFrame) -> pd.DataFrame:
    """`df` with what is received (`demand_amount`, `demand_unit`) right after what is sent
    (`amount`, `unit`), so that a sheet reads the two side by side (matches.csv has them 8
    columns apart); other tables as they are."""
    pair, sent = ["demand_amount", "demand_unit"], ["amount", "unit"]
    if not all(c in df.columns for c in pair + sent):
        return df
    cols = [c for c in df.columns if c not in pair]
    at = cols.index("unit") + 1
    return df[cols[:at] + pair + cols[at:]]


def _stores(bands: pd.DataFrame) -> bool:
    """Whether price_bands.csv has an exchange of captured CO2 sent to storage (its `price_note`)."""
    return "price_note" in bands and bool((bands["price_note"].fillna("").astype(str) != "").any())


#: the distances left empty on a row connecting a company to a shared network (0 km in the CSV
#: files: a pipe of no length to the eye)
_NETWORK_NO_KM = ("distance_km", "great_circle_km")


def _for_people(df: pd.DataFrame, names: dict[str, str], lang: str) -> pd.DataFrame:
    """The table with a name column before each site-id column and every code in words
    (`cell_words`), details in `lang` (the CSV files keep the codes and the English)."""
    import eitflow.i18n as i18n

    out = df.copy()
    for col, name_col in _NAMED.items():
        if col in out.columns and "name" not in out.columns and name_col not in out.columns:
            out.insert(list(out.columns).index(col), name_col,
                       [names.get(str(v), str(v)) for v in out[col]])
    for col in df.columns:
        yes_no = len(out) > 0 and all(isinstance(v, (bool, np.bool_)) for v in out[col].dropna())
        if col in _VALUE_TEXT or col in _UNIT_COLUMNS or col in _ZONE_COLUMNS or yes_no:
            out[col] = pd.Series([cell_words(col, v, lang) for v in out[col]], index=out.index, dtype=object)
    if "mode" in df.columns:   # a connection to a shared network has no route of its own: no km, as the report's "—"
        conn = (df["mode"] == "network").to_numpy()
        for col in _NETWORK_NO_KM:
            if col in out.columns and conn.any():
                out[col] = out[col].astype(float).where(~conn)
    if "price_note" in out.columns:   # price_bands.csv's note, in English there: the same message in `lang`
        out["price_note"] = [i18n.text("price_rule_stored", lang) if str(v) else "" for v in out["price_note"].fillna("")]
    if "detail" in out.columns:   # unmatched's and not_chosen's sentences (`i18n.Phrase`s) in `lang`
        out["detail"] = [i18n.say(v, lang) for v in out["detail"]]
    return out


def _siting_words(name: str, df: pd.DataFrame, matches: pd.DataFrame, names: dict[str, str], lang: str) -> pd.DataFrame:
    """`eitflow site`'s sheets said as the report says them, in `lang`: a placement's exchanges
    (by the partners' names, `analyses.siting.exchanges_detail`), a plot's ranking method, an
    activity's reason and its detail (`reason_detail`, from its figures). The CSV files keep the
    codes and the English; the French workbook wrote them as they are ('in the plan', 'placed',
    '1 of at most 1', 'heat to SERRE@PLOT_S (800 MWh/yr)'); land_take's row `total` as the report names
    it ('ensemble du scénario', 'whole scenario'), where the sheet wrote 'total' in French too."""
    import eitflow.i18n as i18n
    from eitflow.analyses.siting import exchanges_detail, has_detail_fields, reason_detail

    def words(prefix: str, v: Any) -> Any:
        key = prefix + str(v).replace(" ", "_")
        return i18n.text(key, lang) if isinstance(v, str) and i18n.has_text(key) else v

    out = df.copy()
    if name == "placements" and "exchanges" in out and "source_site" in matches and "site_id" in out:
        out["exchanges"] = [exchanges_detail(matches, s, lang, names) for s in out["site_id"]]
    elif name == "ranking" and "method" in out:
        out["method"] = [words("siting_method_", v) for v in out["method"]]
    elif name == "activity_reasons" and "reason" in out:
        if "detail" in out and len(out) and has_detail_fields(out.columns):
            out["detail"] = [reason_detail(r, lang) for r in out.to_dict("records")]
        out["reason"] = [words("siting_reason_", v) for v in out["reason"]]
    elif name == "land_take" and "territory" in out:   # its row over every territory, as the report names it
        from eitflow.analyses.landtake import territory_name

        out["territory"] = [territory_name(v, lang) for v in out["territory"]]
    return out


def write_results_workbook(result, path: str | Path, lang: str | None = None,
                           more: list[tuple[str, pd.DataFrame]] | None = None,
                           places: dict[str, str] | None = None, summary: dict | None = None) -> Path:
    """Write a run's results as one workbook, in `lang` (default: the scenario's, else English).

    Sheets: matches, unmatched, zones, companies, price_bands (the negotiation view),
    not_chosen, summary, and columns (which CSV column each header is); `more`: (CSV name without
    .csv, table) of further sheets, after the run's (`eitflow site`'s placements, ranking,
    activity_reasons, land_take: their codes and sentences in `lang`, `_siting_words`). Every figure is
    `result.statistics`'s, as in the run directory; headers are in words with their unit
    ("net benefit (EUR/yr)", "bénéfice net (€/an)"), each with a comment naming its CSV
    column, and every site code has the site's name beside it.

    `summary`: the run directory's summary.json as written (`results.rundir.read_summary`), the
    summary sheet's one source where there is a run directory (`eitflow run --excel`, `eitflow
    site --excel`): what writing it added, the files it left out (`omitted`, whose sheets are left
    out too) and the input files' checksums; else `result.summary`. The sheet read the in-memory
    summary, without the left-out files that summary.json and the terminal listed.
    """
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    import eitflow.i18n as i18n
    from eitflow.report.names import party_names, scenario_places

    lang = i18n.resolve_lang(lang, result.scenario.params.lang)
    path = Path(path)
    wb = Workbook()
    summary = result.summary if summary is None else summary
    left_out = set(summary.get("omitted") or {})   # as the run directory: a file left out, its sheet too
    has_solution = summary.get("objective") is not None
    sites = result.scenario.sites
    sheets = [("matches", result.matches), ("unmatched", result.unmatched)]
    has_network = result.candidates.network is not None
    if has_solution:  # every figure from `result.statistics`, as in the run directory
        from eitflow.results.economics import company_benefits, price_bands
        from eitflow.results.notchosen import not_chosen
        sheets += [("zones", result.statistics.zones()), ("companies", company_benefits(result)),
                   ("price_bands", price_bands(result))]
        if "not_chosen.csv" not in left_out:   # left out to keep to the time limit: not made here either
            sheets.append(("not_chosen", not_chosen(result)))
        if result.supplies is not None:   # the units built for supplies, as supplies_built.csv
            sheets.append(("supplies_built", result.supplies))
        cor = result.statistics.corridors()
        if len(cor):   # a shared network: its corridors and each company's share, as in the run directory
            sheets += [("corridors", cor), ("network_shares", result.statistics.network_shares())]
    sheets += list(more or [])
    # sites by name, and a network at either end of an exchange by its name (not network:heat)
    # `places`: more id -> name (a siting's candidate placements, ranked though not in the plan)
    names = party_names(sites, lang, [str(v) for _, d in sheets for c in _NAMED if c in d.columns
                                      for v in d[c].unique()], {**(places or {}), **scenario_places(result.scenario)})
    mapping = []
    for i, (name, df) in enumerate((n, _received_beside(d if has_solution else d.iloc[0:0])) for n, d in sheets):
        title = i18n.text(f"sheet_{name}", lang)
        ws = wb.active if i == 0 else wb.create_sheet(title)
        ws.title = title
        people = _for_people(_siting_words(name, df, result.matches, names, lang), names, lang)
        heads = [i18n.text(_SHEET_LABELS[(name, c)], lang) if (name, c) in _SHEET_LABELS else i18n.column_label(c, lang)
                 for c in people.columns]
        ws.append(heads)
        for row in people.itertuples(index=False):
            ws.append([v.item() if hasattr(v, "item") else v for v in row])
        notes = {}
        for j, (c, h) in enumerate(zip(people.columns, heads), start=1):
            csv_col = c if c in df.columns else ""
            notes[h] = f"{name}.csv: {csv_col}" if csv_col else i18n.text("wb_added_column", lang)
            if (name, c) == ("zones", "allocation") and has_network:
                # where a network whose corridors cross zones counts, as the report and `eitflow zones` say
                notes[h] += "\n\n" + i18n.text("zones_network_rule", lang)
            if name == "price_bands" and c.startswith("price_") and c != "price_note" and _stores(df):   # who pays
                notes[h] += "\n\n" + i18n.text("price_rule_stored", lang)
            if c in _NETWORK_NO_KM and "mode" in df.columns and has_network:   # why a cell is empty
                notes[h] += "\n\n" + i18n.text("wb_km_network", lang, said=i18n.text("km_network_connection", lang))
            mapping.append((title, h, f"{name}.csv", csv_col))
            if pd.api.types.is_float_dtype(people[c]):
                _, u, dec = i18n.column_parts(c)
                fmt = "#,##0" if dec == 0 else ("#,##0.00" if dec == 2 else "#,##0.###")
                if (name, c) in _PERCENT:
                    fmt = "0.0%"
                letter = get_column_letter(j)
                for cell in ws[letter][1:]:
                    cell.number_format = fmt
        _style_sheet(ws, notes=notes)
        if len(df):
            ws.auto_filter.ref = ws.dimensions
    ws = wb.create_sheet(i18n.text("sheet_summary", lang))
    ws.append([i18n.text(k, lang) for k in ("wb_figure", "wb_value", "wb_summary_key")])
    for label, v, k in summary_rows(summary, result.matches, lang):
        ws.append([label, v, k])
        if k.removeprefix("parameters.") in i18n.SHARE_PARAMS or k in ("gap", "mip_gap_target"):
            ws.cell(ws.max_row, 2).number_format = "0.00%"   # a share of 1 shown as a percentage
    _style_sheet(ws, widths={1: 50, 2: 60, 3: 44})
    ws = wb.create_sheet(i18n.text("sheet_columns", lang))
    ws.append([i18n.text(k, lang) for k in ("wb_sheet", "wb_header", "wb_file", "wb_csv_column")])
    for row in mapping:
        ws.append(list(row))
    _style_sheet(ws)
    wb.properties.creator = "eitflow"
    from eitflow.results.spreadsheet import protect_workbook

    protect_workbook(wb)  # a site named "=HYPERLINK(...)" stays text, never a live formula
    path.parent.mkdir(parents=True, exist_ok=True)
    with replacing(path) as tmp:
        wb.save(tmp)
    return path


def read_results_workbook(path: str | Path) -> dict[str, pd.DataFrame]:
    """results.xlsx back as tables with their CSV column names (via its `columns` sheet),
    keyed by CSV file stem (matches, unmatched, zones, companies, price_bands, not_chosen);
    columns added for reading (site names) are dropped. Values are as shown (resources and
    reasons in words)."""
    book = pd.read_excel(path, sheet_name=None, engine="openpyxl")
    cols = book[list(book)[-1]]  # the last sheet: sheet, header, file, CSV column
    out = {}
    for sheet, grp in cols.groupby(cols.columns[0], sort=False):
        df = book[sheet]
        keep = grp[grp[cols.columns[3]].notna() & (grp[cols.columns[3]].astype(str) != "")]
        stem = str(keep[cols.columns[2]].iloc[0]).removesuffix(".csv") if len(keep) else str(sheet)
        out[stem] = df[list(keep[cols.columns[1]])].set_axis(list(keep[cols.columns[3]]), axis=1)
    return out
