"""A closure that raises the CO2 the plan avoids: `resilience`'s "CO2 lost" below zero, said as a
gain in the report, the sheet and after the command's table.

Why it happens: the re-solve without the company maximises the net benefit, not the CO2 avoided,
so what the company took or supplied (or a network it shaped) can go to buyers where it avoids
more CO2 per unit: a buyer not served before, one whose present supply emits more. On
ludres_backbone, closing the steelworks lets the network be rebuilt through Chaligny, served
for the first time (+1,345.2 tCO2/yr) and Pont-Saint-Vincent on it (+10.2): 1,355.4 tCO2/yr
gained. It is no sign error: the CSV keeps the figure signed (`co2_lost_t_per_yr` < 0, tCO2/yr)
and the deliverables say "gained" (before, "CO2 perdu : -1 355,4" with no word on it).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

import eitflow.i18n as i18n

#: the column it applies to (tCO2/yr; below zero: the closure avoids more CO2)
CO2_LOST = "co2_lost_t_per_yr"


def _decimals() -> int:
    return i18n.column_parts(CO2_LOST)[2] or 0


def co2_gains(df: pd.DataFrame) -> dict[str, float]:
    """Per site_id whose closure raises the CO2 avoided, by how much (tCO2/yr, > 0), in the
    table's order; {} where none does (or the table has no such column)."""
    if CO2_LOST not in df.columns or not len(df):
        return {}
    v = pd.to_numeric(df[CO2_LOST], errors="coerce").to_numpy(float)
    on = np.flatnonzero(v < 0)
    return {str(df["site_id"].iat[i]): float(-v[i]) for i in on}


def gain_cell(v: float, lang: str) -> str | None:
    """The CO2-lost cell of a closure that gains CO2 ("1 355,4 gagnées", "1,355.4 gained");
    None where `v` (tCO2/yr) is not below zero (the figure reads as it is)."""
    if not (isinstance(v, (int, float)) and v < 0):
        return None
    return i18n.text("resil_co2_gain_cell", lang, v=i18n.number(-v, lang, _decimals()))


def gain_format(lang: str) -> str:
    """The workbook's number format of the CO2-lost column: a gain (a negative figure) shown as
    "1 355,4 gagnées", the cell's value kept as the number (-1355.4 tCO2/yr)."""
    dec = _decimals()
    num = "#,##0" + ("." + "0" * dec if dec else "")
    word = i18n.text("resil_co2_gain_cell", lang, v="").strip()
    return f'{num};{num}" {word}";{num}'


def gain_note(df: pd.DataFrame, lang: str) -> str:
    """The note after the table naming the closures that gain CO2, with their gain (tCO2/yr) and
    why; "" where none does."""
    gains = co2_gains(df)
    if not gains:
        return ""
    names = dict(zip(df["site_id"].astype(str), df["name"].astype(str)))
    unit = i18n.unit("tCO2/yr", lang)
    items = [i18n.text("resil_co2_gain_item", lang, name=names.get(s, s), v=i18n.number(g, lang, _decimals()),
                       unit=unit) for s, g in gains.items()]
    return i18n.text("resil_co2_gain_note", lang, items=i18n.text("list_sep", lang).join(items))
