"""`resilience`'s headers as people read them, the one source of the report's, the sheet's and the
terminal's: the losses counted two ways head short, "bénéfice net perdu ¹" (re-solved as if
nothing were built) and "bénéfice net perdu ²" (the plan already built), what each mark means in
the legend under the table (`legend`). The full label ("bénéfice net perdu, plan déjà construit
(annuités toujours payées)") wrapped to 8 lines above a figure 9 characters wide in the report;
the sheet and the terminal kept it after the report had the marks. A fresh run's columns
(`resilience --fresh`) head as the column they are the fresh run's of, marked ³: "objectif perdu ³"."""

from __future__ import annotations

from collections.abc import Iterable

import eitflow.i18n as i18n

#: the marks of the two ways a loss is counted: re-solved as if nothing were built (¹), with the
#: plan already built (²); and of a fresh run's figures (³: the scenario run without the company,
#: its generated corridors anew, `resilience(fresh=True)`)
NEW_MARK, BUILT_MARK, FRESH_MARK = "\u00b9", "\u00b2", "\u00b3"
#: the figures each mark goes on: (column, the column whose label it takes, mark)
MARKED = (("net_benefit_lost_eur_per_yr", "net_benefit_lost_eur_per_yr", NEW_MARK),
          ("stranded_investment_eur", "stranded_investment_eur", NEW_MARK),
          ("net_benefit_lost_sunk_eur_per_yr", "net_benefit_lost_eur_per_yr", BUILT_MARK),
          ("stranded_sunk_investment_eur", "stranded_investment_eur", BUILT_MARK))
#: a fresh run's columns, each headed as the column it is the fresh run's of, marked ³
FRESH = {"objective_lost_fresh": "objective_lost",
         "net_benefit_lost_sunk_fresh_eur_per_yr": "net_benefit_lost_sunk_eur_per_yr",
         "status_fresh": "status"}
#: a fresh run's columns the tables show, the terminal's and the report's (`shown_fresh`), after the
#: losses: its loss in the objective's unit, its loss with the plan already built (EUR/yr), its status
SHOWN_FRESH = ("objective_lost_fresh", "net_benefit_lost_sunk_fresh_eur_per_yr", "status_fresh")
#: the columns said after a marked loss: (the loss, what they say of it: `_figure`, exact or upper
#: bound; `_low`, at least, EUR/yr)
_AFTER = {"net_benefit_lost_sunk_figure": ("net_benefit_lost_sunk_eur_per_yr", "resil_head_figure"),
          "net_benefit_lost_sunk_low_eur_per_yr": ("net_benefit_lost_sunk_eur_per_yr", "resil_head_low"),
          "net_benefit_lost_sunk_fresh_figure": ("net_benefit_lost_sunk_fresh_eur_per_yr", "resil_head_figure"),
          "net_benefit_lost_sunk_fresh_low_eur_per_yr": ("net_benefit_lost_sunk_fresh_eur_per_yr", "resil_head_low")}
#: every column of a fresh run (`resilience(fresh=True)`, after its other columns): the loss of a
#: run of the scenario without the company (`closure.fresh_closure`) and its loss with the plan
#: already built (`closure.fresh_sunk_loss`); a table with one of them has ³ in its legend
FRESH_COLUMNS = ["objective_lost_fresh", "net_benefit_lost_sunk_fresh_eur_per_yr", "net_benefit_lost_sunk_fresh_figure",
                 "net_benefit_lost_sunk_fresh_low_eur_per_yr", "status_fresh"]


def shown_fresh(columns: Iterable[str]) -> list[str]:
    """The fresh run's columns of a resilience table with `columns` that the terminal's table
    (`cli.resilience.table_view`) and the report's (`report.resilience`) show, in `SHOWN_FRESH`'s
    order; [] without a fresh run (`resilience --fresh`). Before, only the terminal showed them:
    a run directory's resilience.csv with them gave a report without them.

    Parameters
    ----------
    columns : iterable of str
        The table's columns (resilience.csv's, or `resilience`'s frame's).

    Returns
    -------
    list of str
        objective_lost_fresh (the objective's unit, EUR/yr or tCO2/yr),
        net_benefit_lost_sunk_fresh_eur_per_yr (EUR/yr) and status_fresh, those present.
    """
    have = set(columns)
    return [c for c in SHOWN_FRESH if c in have]


def short_label(col: str, lang: str) -> str | None:
    """The header of resilience's column `col` without its unit where it is shorter than its
    label: a marked loss, "bénéfice net perdu ²" ("net benefit lost ²"), a fresh run's column,
    "objectif perdu ³", "bénéfice net perdu ² ³", "statut ³" (it read "bénéfice net perdu, calcul
    sans l'entreprise, plan déjà construit"), and what follows a loss, "bénéfice net perdu ² : au
    moins"; None for the other columns (their label as it is, `i18n.column_label`)."""
    for c, base, mark in MARKED:
        if c == col:
            return f"{i18n.column_label(base, lang, with_unit=False)}\u00a0{mark}"
    if col in FRESH:
        of = FRESH[col]
        return f"{short_label(of, lang) or i18n.column_label(of, lang, with_unit=False)}\u00a0{FRESH_MARK}"
    if col not in _AFTER:
        return None
    of, what = _AFTER[col]
    return i18n.text(what, lang, head=short_label(of, lang) or "")


def short_header(col: str, lang: str) -> str:
    """A sheet's header: `short_label` (else the column's label) with its unit, "bénéfice net perdu ²
    (€/an)", as every sheet heads a figure."""
    label = short_label(col, lang)
    if label is None:
        return i18n.column_label(col, lang)
    u = i18n.column_parts(col)[1]
    return f"{label} ({i18n.unit(u, lang)})" if u else label


#: what each mark means (messages.csv), in the legend's order
_MEANING = ((NEW_MARK, "resil_legend_new"), (BUILT_MARK, "resil_legend_built"), (FRESH_MARK, "resil_legend_fresh"))


def marks(col: str) -> tuple[str, ...]:
    """The marks column `col`'s header carries ("net_benefit_lost_sunk_fresh_figure": ² and ³),
    in the legend's order; () for a column without."""
    own = {m for c, _, m in MARKED if c == col}
    if col in FRESH:
        own |= {*marks(FRESH[col]), FRESH_MARK}
    if col in _AFTER:
        own |= set(marks(_AFTER[col][0]))
    return tuple(m for m, _ in _MEANING if m in own)


def meaning(mark: str, lang: str) -> str:
    """What `mark` means, after it: "² Plan déjà construit : ce qui est construit reste, ...";
    the mark glued to its words (a line wrapped between them ended on a lone "²")."""
    return f"{mark}\u00a0{i18n.text(dict(_MEANING)[mark], lang)}"


def legend(lang: str, columns: Iterable[str] = ()) -> str:
    """What ¹ and ² mean, under the table: re-solved as if nothing were built (the stranded
    investment an upper bound); the plan already built (its annuities paid whatever happens); and,
    where `columns` (the table's) hold a fresh run's (`FRESH_COLUMNS`), what ³ means: the scenario
    run without the company, its corridors generated anew."""
    fresh = bool(set(FRESH_COLUMNS).intersection(columns))
    return " ".join(meaning(m, lang) for m, _ in _MEANING if m != FRESH_MARK or fresh)
