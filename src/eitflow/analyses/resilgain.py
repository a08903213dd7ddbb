"""A closure that raises what the plan gains: `resilience`'s "CO2 lost" or "net benefit lost"
below zero, said as a gain in every output: the command's table, the report, the sheet
(`gain_cell`, `gain_format`: one message per column), and after the table, why (`gain_note`).

Why it happens: the re-solve without the company maximises the plan's objective, not the other
figure. Under `objective: net_benefit`, what the company took or supplied (or a network it
shaped) can go to buyers where it avoids more CO2 per unit: a buyer not served before, one whose
present supply emits more. On ludres_backbone, closing the steelworks lets the network be rebuilt
through Chaligny, served for the first time (+1,345.2 tCO2/yr) and Pont-Saint-Vincent on it
(+10.2): 1,355.4 tCO2/yr gained. Under `objective: co2`, the plan keeps an exchange that earns
less because it avoids more CO2; without its buyer, what it frees goes where it earns more: the
net benefit rises. The objective's own figure rises only where the plan had to serve the
company (a required demand, waived once it has closed) or by the solver's gap (the re-solve's
choices are otherwise a subset of the plan's): said so. No sign error: the CSV keeps the figures signed
(< 0: a gain) and the deliverables say "gained" (before, "CO2 perdu : -1 355,4" with no word).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

import eitflow.i18n as i18n

#: the columns it applies to (tCO2/yr; below zero: the closure avoids more CO2)
CO2_LOST = "co2_lost_t_per_yr"
#: EUR/yr; below zero: the closure raises the net benefit (under `objective: co2`)
NB_LOST = "net_benefit_lost_eur_per_yr"
NB_LOST_SUNK = "net_benefit_lost_sunk_eur_per_yr"
#: each column said as a gain below zero, with its cell's message ("gagnées": tonnes; "gagnés":
#: euros); the plan already built's least loss and the fresh run's too (EUR/yr)
#: a least loss (`_low`, EUR/yr) below zero is a gain of at most its opposite: "au plus 8 000 gagnés"
#: (it read "8 000 gagnés" under "au moins", a gain of at least 8,000 where 8,000 is the most)
GAIN_CELLS = {CO2_LOST: "resil_co2_gain_cell",
              **{c: "resil_nb_gain_cell" for c in (NB_LOST, NB_LOST_SUNK, "net_benefit_lost_sunk_fresh_eur_per_yr")},
              **{c: "resil_nb_gain_most" for c in ("net_benefit_lost_sunk_low_eur_per_yr",
                                                   "net_benefit_lost_sunk_fresh_low_eur_per_yr")}}
#: the objective whose own figure each column is (then a gain is only the solver's gap)
_OBJECTIVE_UNIT = {CO2_LOST: "tCO2/yr", NB_LOST: "EUR/yr"}


def _decimals(col: str = CO2_LOST) -> int:
    return i18n.column_parts(col)[2] or 0


def gains(df: pd.DataFrame, col: str = CO2_LOST) -> dict[str, float]:
    """Per site_id whose closure makes `col` (a loss, tCO2/yr or EUR/yr) negative, the gain
    (> 0, same unit), in the table's order; {} where none does (or the table has no such column)."""
    if col not in df.columns or not len(df):
        return {}
    v = pd.to_numeric(df[col], errors="coerce").to_numpy(float)
    on = np.flatnonzero(v < 0)
    return {str(df["site_id"].iat[i]): float(-v[i]) for i in on}


def co2_gains(df: pd.DataFrame) -> dict[str, float]:
    """Per site_id whose closure raises the CO2 avoided, by how much (tCO2/yr, > 0)."""
    return gains(df, CO2_LOST)


def gain_cell(v, lang: str, col: str = CO2_LOST) -> str | None:
    """The cell of a loss column (`GAIN_CELLS`) whose figure `v` is a gain: "1 355,4 gagnées"
    (tCO2/yr), "80 000 gagnés" (EUR/yr); None where `v` is not below zero or `col` is not such a
    column (the figure reads as it is). The one wording of the terminal table, the report and
    (`gain_format`) the sheet."""
    if col not in GAIN_CELLS or isinstance(v, bool) or not (isinstance(v, (int, float, np.number)) and v < 0):
        return None
    return i18n.text(GAIN_CELLS[col], lang, v=i18n.number(-float(v), lang, _decimals(col)))


def gain_format(lang: str, col: str = CO2_LOST) -> str:
    """The workbook's number format of a loss column (`GAIN_CELLS`): a gain (a negative figure)
    shown as `gain_cell` says it ("1 355,4 gagnées"), the cell's value kept as the number
    (-1355.4 tCO2/yr)."""
    dec = _decimals(col)
    num = "#,##0" + ("." + "0" * dec if dec else "")
    before, after = i18n.text(GAIN_CELLS[col], lang, v="\0").split("\0")   # the words each side of the figure
    lead = f'"{before}"' if before else ""
    return f'{num};{lead}{num}"{after}";{num}'


def loss_cell(v, lang: str, col: str, bound: bool = False) -> str | None:
    """A loss's cell where it is not the plain figure: below zero a gain (`gain_cell`); only an
    upper bound (`bound`: its `_figure` column says so) marked, "≤ 257 148" (EUR/yr), or below
    zero "≥ 5 000 gagnés" (a loss of at most -5,000 is a gain of at least 5,000: it read
    "≤ -5 000"); None where the figure reads as it is. The terminal's table and the report's."""
    gain = gain_cell(v, lang, col)
    if gain is not None:
        return f"\u2265 {gain}" if bound else gain
    if bound and isinstance(v, (int, float, np.number)) and not isinstance(v, bool) and np.isfinite(v):
        return f"\u2264 {i18n.number(float(v), lang, _decimals(col))}"
    return None


def loss_between(lo: float, hi: float, lang: str, unit: str = "EUR/yr") -> str:
    """A loss known to lie between `lo` and `hi` (in `unit`, EUR/yr), in words: "entre 509 000 et
    609 000 €/an"; below zero a gain, "entre 5 000 et 8 000 €/an gagnés" ("gained between 5,000
    and 8,000 EUR/yr"; it read "entre -8 000 et -5 000"); across zero both, "entre 3 000 €/an
    gagnés et 2 000 €/an perdus". The one wording of an interval in the command's notes, the
    report's and the sheet's."""
    def n(v: float) -> str:
        return i18n.number(v, lang, _decimals(NB_LOST))

    u = i18n.unit(unit, lang)
    if lo < 0 and hi <= 0:   # -hi <= the gain <= -lo
        return i18n.text("resil_between_gain", lang, lo=n(-hi), hi=n(-lo), unit=u)
    if lo < 0:
        return i18n.text("resil_between_either", lang, gain=n(-lo), loss=n(hi), unit=u)
    return i18n.text("resil_between", lang, lo=n(lo), hi=n(hi), unit=u)


def _objective(df: pd.DataFrame) -> str | None:
    """The plan's objective unit (EUR/yr: net_benefit; tCO2/yr: co2), from the table's column."""
    if "objective_unit" not in df.columns or not len(df):
        return None
    return str(df["objective_unit"].iat[0])


def gain_notes(df: pd.DataFrame, lang: str) -> list[str]:
    """The notes after the table naming the closures that gain CO2 (tCO2/yr), then those that
    gain net benefit (EUR/yr, with the plan already built beside it), each with why; [] where
    none does."""
    names = dict(zip(df["site_id"].astype(str), df["name"].astype(str))) if len(df) else {}
    sep, obj = i18n.text("list_sep", lang), _objective(df)
    notes = []
    co2 = gains(df, CO2_LOST)
    if co2:
        unit = i18n.unit("tCO2/yr", lang)
        items = [i18n.text("resil_co2_gain_item", lang, name=names.get(s, s), v=i18n.number(g, lang, _decimals()),
                           unit=unit) for s, g in co2.items()]
        key = "resil_co2_gain_gap" if obj == _OBJECTIVE_UNIT[CO2_LOST] else "resil_co2_gain_note"
        notes.append(i18n.text(key, lang, items=sep.join(items)))
    nb, built = gains(df, NB_LOST), gains(df, NB_LOST_SUNK)
    if nb:
        unit, dec = i18n.unit("EUR/yr", lang), _decimals(NB_LOST)
        items = [i18n.text("resil_nb_gain_item_built" if s in built else "resil_nb_gain_item", lang,
                           name=names.get(s, s), v=i18n.number(g, lang, dec), unit=unit,
                           b=i18n.number(built.get(s, 0.0), lang, dec), built=i18n.text("resil_built_words", lang))
                 for s, g in nb.items()]
        key = "resil_nb_gain_gap" if obj == _OBJECTIVE_UNIT[NB_LOST] else "resil_nb_gain_note"
        notes.append(i18n.text(key, lang, items=sep.join(items)))
    return notes
