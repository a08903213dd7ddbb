"""Reading figures back from what people read (test_network_figures, test_hub_figures,
test_share_figures): an exchange's figure per (source, sink), and the numbers of a report
table's cells (their `data-v`, the unrounded figure)."""

from __future__ import annotations

import re

import pandas as pd


def by_pair(df: pd.DataFrame, col: str) -> dict:
    """{(source_site, sink_site): df[col]} of a links or matches table."""
    return {(str(r.source_site), str(r.sink_site)): float(getattr(r, col)) for r in df.itertuples(index=False)}


def cells(html: str, tid: str, part: str = "tbody") -> list[list[float | None]]:
    """The numbers of table `tid`'s rows in `part` (tbody, tfoot): a cell's `data-v`, None
    for a cell without a number."""
    m = re.search(rf'<table id="{tid}"[^>]*>.*?<{part}>(.*?)</{part}>', html, re.S)
    assert m, f"no {part} in {tid}"
    return [[float(v.group(1)) if (v := re.search(r'data-v="([^"]*\d[^"]*)"', c)) else None
             for c in re.findall(r"<td([^>]*)>", tr)] for tr in re.findall(r"<tr>(.*?)</tr>", m.group(1), re.S)]


def top_cells(html: str, tid: str) -> list[list[float | None]]:
    """`cells` of the brief's top table `tid`; "top-co2" where the brief has one table (its first
    exchanges by net benefit its first by CO2 avoided too: `report.brief`'s heading saying both):
    that table's rows ranked by their CO2 cell, highest first, a row without a figure last (as a
    table of its own would list them)."""
    if tid != "top-co2" or 'id="top-co2"' in html:
        return cells(html, tid)
    rows = cells(html, "top-net")
    return sorted(rows, key=lambda r: (r[2] is None, -(r[2] or 0.0)))
