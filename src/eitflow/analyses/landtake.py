"""The plan's new land take in words (zero net land take, ZAN), from summary.json's `siting`
block (`analyses.siting.SitingResult.summary`): one sentence for the whole scenario and one
per territory with a budget, said alike by the terminal (`eitflow site`) and the report."""

from __future__ import annotations

import eitflow.i18n as i18n
from eitflow.ids import TOTAL

__all__ = ["hectares", "land_take_line", "land_take_territory_lines", "territory_name"]


def land_take_line(summary: dict | None, lang: str = "en") -> str | None:
    """The plan's new land take in words (summary.json's `siting` block: ha on greenfield plots,
    and the cap `siting.max_new_land_take_ha`), for the terminal and the report; None when the
    plan takes none and there is no cap. A budget used up is said to bind. The territories'
    are `land_take_territory_lines`."""
    s = summary or {}
    taken, cap = s.get("new_land_take_ha"), s.get("max_new_land_take_ha")
    per = [r for r in s.get("land_take") or [] if r.get("territory") != TOTAL]
    if not taken and cap is None and not any(r.get("budget_ha") is not None for r in per):
        return None
    total = next((r for r in s.get("land_take") or [] if r.get("territory") == TOTAL), {})
    return i18n.text("cli_site_land_take", lang, taken=hectares(taken or 0.0, lang),
                     cap="" if cap is None else i18n.text("cli_site_land_take_cap", lang, cap=hectares(cap, lang))
                     + (i18n.text("land_binding", lang) if total.get("binding") else ""))


def land_take_territory_lines(summary: dict | None, lang: str = "en") -> list[str]:
    """Per territory of summary.json's `siting.land_take` (`model.landtake.land_take_use`): its
    new land take against its budget, in words ("200046977 : 8 ha sur 12,5 ha autorisés",
    "245400676 : 4 ha sur 4 ha autorisés, contraignant", "69123 : 2 ha, sans budget"); none
    when no territory has a budget (the whole scenario's alone is `land_take_line`)."""
    per = [r for r in (summary or {}).get("land_take") or [] if r.get("territory") != TOTAL]
    if not any(r.get("budget_ha") is not None for r in per):
        return []
    out = []
    for r in per:
        cap = r.get("budget_ha")
        out.append(i18n.text("land_territory", lang, territory=r["territory"],
                             taken=hectares(r.get("new_land_take_ha") or 0.0, lang),
                             cap=i18n.text("land_no_budget_said", lang) if cap is None else
                             i18n.text("land_of_budget", lang, cap=hectares(cap, lang))
                             + (i18n.text("land_binding", lang) if r.get("binding") else "")))
    return out


def hectares(v: float, lang: str) -> str:
    """Hectares as said: whole, or with one decimal (12 ha, 8,4 ha)."""
    return i18n.number(v, lang, 0 if float(v).is_integer() else 1)


def territory_name(code, lang: str = "en") -> str:
    """A row of `siting.land_take` (land_take.csv's `territory`) as people read it: its code
    ("200046977"), the row over every territory `total` as "ensemble du scénario" ("whole
    scenario"): the report's table and results.xlsx's sheet alike."""
    return i18n.text("land_total", lang) if str(code) == TOTAL else str(code)
