"""`resilience`'s headers as people read them, the one source of the report's, the sheet's and the
terminal's: the losses counted two ways head short, "bénéfice net perdu ¹" (re-solved as if
nothing were built) and "bénéfice net perdu ²" (the plan already built), what each mark means in
the legend under the table (`legend`). The full label ("bénéfice net perdu, plan déjà construit
(annuités toujours payées)") wrapped to 8 lines above a figure 9 characters wide in the report;
the sheet and the terminal kept it after the report had the marks."""

from __future__ import annotations

import eitflow.i18n as i18n

#: the marks of the two ways a loss is counted: re-solved as if nothing were built (¹), with the
#: plan already built (²)
NEW_MARK, BUILT_MARK = "\u00b9", "\u00b2"
#: the figures each mark goes on: (column, the column whose label it takes, mark)
MARKED = (("net_benefit_lost_eur_per_yr", "net_benefit_lost_eur_per_yr", NEW_MARK),
          ("stranded_investment_eur", "stranded_investment_eur", NEW_MARK),
          ("net_benefit_lost_sunk_eur_per_yr", "net_benefit_lost_eur_per_yr", BUILT_MARK),
          ("stranded_sunk_investment_eur", "stranded_investment_eur", BUILT_MARK))
#: the columns said after a marked loss (`_figure`: exact or upper bound; `_low`: at least, EUR/yr),
#: and the fresh run's (a run of the scenario without the company) of the loss with the plan built
_AFTER = {"net_benefit_lost_sunk_figure": ("net_benefit_lost_sunk_eur_per_yr", "", "resil_head_figure"),
          "net_benefit_lost_sunk_low_eur_per_yr": ("net_benefit_lost_sunk_eur_per_yr", "", "resil_head_low"),
          "net_benefit_lost_sunk_fresh_eur_per_yr": ("net_benefit_lost_sunk_eur_per_yr", "resil_head_fresh", ""),
          "net_benefit_lost_sunk_fresh_figure": ("net_benefit_lost_sunk_eur_per_yr", "resil_head_fresh",
                                                 "resil_head_figure"),
          "net_benefit_lost_sunk_fresh_low_eur_per_yr": ("net_benefit_lost_sunk_eur_per_yr", "resil_head_fresh",
                                                         "resil_head_low")}


def short_label(col: str, lang: str) -> str | None:
    """The header of resilience's column `col` without its unit where it is shorter than its
    label: a marked loss, "bénéfice net perdu ²" ("net benefit lost ²"), and what follows one,
    "bénéfice net perdu ² : au moins", "bénéfice net perdu ², calcul sans l'entreprise"; None
    for the other columns (their label as it is, `i18n.column_label`)."""
    for c, base, mark in MARKED:
        if c == col:
            return f"{i18n.column_label(base, lang, with_unit=False)}\u00a0{mark}"
    if col not in _AFTER:
        return None
    of, fresh, what = _AFTER[col]
    head = short_label(of, lang) or ""
    head = i18n.text(fresh, lang, head=head) if fresh else head
    return i18n.text(what, lang, head=head) if what else head


def short_header(col: str, lang: str) -> str:
    """A sheet's header: `short_label` (else the column's label) with its unit, "bénéfice net perdu ²
    (€/an)", as every sheet heads a figure."""
    label = short_label(col, lang)
    if label is None:
        return i18n.column_label(col, lang)
    u = i18n.column_parts(col)[1]
    return f"{label} ({i18n.unit(u, lang)})" if u else label


def legend(lang: str) -> str:
    """What ¹ and ² mean, under the table: re-solved as if nothing were built (the stranded
    investment an upper bound); the plan already built (its annuities paid whatever happens)."""
    return i18n.text("resil_legend", lang, new=NEW_MARK, built=BUILT_MARK)
