"""results.xlsx: the run's tables and summary as one workbook."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from eitflow.io.template import _style_sheet


def _flatten(d: Any, prefix: str = "") -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    if isinstance(d, dict):
        for k, v in d.items():
            out += _flatten(v, f"{prefix}.{k}" if prefix else str(k))
    elif isinstance(d, (list, tuple)):
        out.append((prefix, json.dumps(d, ensure_ascii=False, default=str)))
    else:
        if hasattr(d, "item"):  # numpy scalar
            d = d.item()
        out.append((prefix, d if (d is None or isinstance(d, (int, float, str, bool))) else str(d)))
    return out


def write_results_workbook(result, path: str | Path) -> Path:
    """Write a run's results as one workbook: matches, unmatched, zones, companies,
    price_bands and summary (key/value rows)."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    path = Path(path)
    wb = Workbook()
    has_solution = result.summary.get("objective") is not None
    money = {"net_benefit_eur_per_yr", "investment_eur", "fixed_eur_per_yr", "as_supplier_eur_per_yr",
             "as_buyer_eur_per_yr", "build_cost_eur_per_yr", "total_eur_per_yr", "net_benefit_inside_eur_per_yr",
             "net_benefit_between_eur_per_yr", "supplier_benefit_eur_per_yr", "buyer_benefit_eur_per_yr"}
    sheets = [("matches", result.matches), ("unmatched", result.unmatched)]
    if has_solution:  # every figure from `result.statistics`, as in the run directory
        from eitflow.results.economics import company_benefits, price_bands
        sheets += [("zones", result.statistics.zones()), ("companies", company_benefits(result)),
                   ("price_bands", price_bands(result))]
    for i, (name, df) in enumerate((n, d if has_solution else d.iloc[0:0]) for n, d in sheets):
        ws = wb.active if i == 0 else wb.create_sheet(name)
        ws.title = name
        ws.append(list(df.columns))
        for row in df.itertuples(index=False):
            ws.append([v.item() if hasattr(v, "item") else v for v in row])
        for j, c in enumerate(df.columns, start=1):
            letter = get_column_letter(j)
            if pd.api.types.is_float_dtype(df[c]):
                fmt = "#,##0" if c in money else "#,##0.###"
                for cell in ws[letter][1:]:
                    cell.number_format = fmt
        _style_sheet(ws)
        if name == "matches" and len(df):
            ws.auto_filter.ref = ws.dimensions
    ws = wb.create_sheet("summary")
    ws.append(["key", "value"])
    for k, v in _flatten(result.summary):
        ws.append([k, v])
    _style_sheet(ws, widths={1: 44, 2: 60})
    wb.properties.creator = "eitflow"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    wb.save(tmp)
    tmp.replace(path)
    return path


