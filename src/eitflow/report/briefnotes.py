"""The notes and the legend under the brief's map (`report.brief`): a linearly sized network's
cost at the catalogue's sizes, the units built for supplies, and how many rows the legend takes,
which the map's height gives up."""

from __future__ import annotations

import eitflow.i18n as i18n
from eitflow.report.html import legend_items
from eitflow.report.labelgeom import text_width
from eitflow.report.names import distinct_short, run_names, short_name
from eitflow.report.style import _e, e_ticked
from eitflow.report.tables import key_figures
from eitflow.results.rundir import RunData
from eitflow.results.summary import money_stage_line

#: the brief's left column (px) the legend wraps in, the gap between its entries (`.brief .legend`'s
#: gap: 4 px between rows, 12 px between entries) and a row's height: 11.5 px text at line height 1.5
#: (17.25 px) and the 4 px gap, measured in Chromium (zae_example's French legend: rows at 607.75, 629.0
#: and 650.25 px)
LEGEND_W, LEGEND_GAP, LEGEND_ROW_PX = 560.0, 12.0, 21.25
#: the legend's text is regular, `text_width` measures bold: its entries measured 0.84 to 0.90 of it in
#: Chromium (zae_example, ludres_backbone: 'gypse de désulfuration' 132 px of 150), 0.93 for 'CO2'
LEGEND_REGULAR = 0.93
#: the legend the brief's room for its map (`render_brief`: 350 px less its notes) leaves space for,
#: with one status line: LEGEND_ROWS rows and LEGEND_SPARE_PX more (zae_example's three rows ran 3.6
#: px past the page, 21.25 - 3.6 = 17.65 px: its map was drawn at 98.9 %)
LEGEND_ROWS, LEGEND_SPARE_PX = 2, 17.0


def legend_room(data: RunData, lang: str) -> float:
    """The px the brief's map gives up for its legend's rows past what its room leaves space for."""
    return max(0.0, LEGEND_ROW_PX * (legend_rows(data, lang) - LEGEND_ROWS) - LEGEND_SPARE_PX)


def legend_rows(data: RunData, lang: str) -> int:
    """The rows the map's legend (`report.html.legend`) takes in the brief's column: its entries
    laid out as a wrapping flex row does, each one as wide as its swatch and its text
    (`text_width` x LEGEND_REGULAR, a little generous), LEGEND_GAP between them."""
    rows, x = 0, 0.0
    for _, text, lead in legend_items(data, lang):
        w = lead + LEGEND_REGULAR * text_width(text, 11.5)
        if rows == 0 or x + LEGEND_GAP + w > LEGEND_W:
            rows, x = rows + 1, w
        else:
            x += LEGEND_GAP + w
    return rows


def linear_note(data: RunData, lang: str) -> str:
    """A linearly sized network's cost at the catalogue's pipe sizes (`report.networks.linear_costs`)
    and the plan's net benefit at those sizes (summary.json's `networks.plan_at_catalogue`), or,
    where the run did not solve it, the command that does: the headline is the linear estimate's,
    and an elected official must not read it as the price of the pipes shown."""
    from eitflow.report.names import network_name
    from eitflow.report.networks import linear_costs

    costs = linear_costs(data)
    if not costs:
        return ""
    # the plan solved again at those sizes by `eitflow run` (`analyses.sizes.note_plan_at_catalogue`,
    # `eitflow sizes`' figure): subtracting the pipes' price difference kept the line's heat losses
    nb = ((data.summary.get("networks") or {}).get("plan_at_catalogue") or {}).get("net_benefit_eur_per_yr")
    text = "; ".join(i18n.text("brief_linear_net" if cost > est else "brief_linear_net_less", lang,
                               net=network_name(r, lang), cost=i18n.money(cost, lang), sized=i18n.text(f"sized_{sz}", lang),
                               pct=i18n.percent(abs(cost / est - 1.0), lang, 0)) for r, cost, est, _, sz in costs)
    return (f'<p class="note" id="brief-linear-note">'
            f'{e_ticked(i18n.text("brief_linear_note", lang, nets=text, nb=i18n.money(nb, lang)) if nb is not None else i18n.text("brief_linear_note_sizes", lang, nets=text))}</p>')


def units_note(data: RunData, lang: str) -> str:
    """The units built for supplies (supplies_built.csv: an electrolyser), each with the
    capacity the model gave it and its investment: the decision an elected official reads
    first in a hydrogen plan; "" where none is built."""
    sb = data.supplies_built
    if sb is None or not len(sb):
        return ""
    nm = run_names(data, lang)
    rows = sb.head(3).to_dict("records")
    full = [nm.get(str(r["site_id"]), str(r["site_id"])) for r in rows]
    # cut at 40 characters, two companies never alike ("Compagnie Industrielle du No… Loon-Plage")
    sites = distinct_short(full, [short_name(n, 40, True) for n in full])
    said = [i18n.text("brief_unit", lang, site=site,
                      cap=i18n.amount(r["capacity"], lang), unit=i18n.unit(str(r["unit"]), lang),
                      most=i18n.text("brief_unit_most", lang, n=i18n.amount(r["max_capacity"], lang)) if r["sized"] else "",
                      inv=i18n.money(r["investment_eur"], lang)) for r, site in zip(rows, sites)]
    more = i18n.text("brief_units_more", lang, n=len(sb) - 3) if len(sb) > 3 else ""
    return (f'<p class="note" id="brief-units-note">'
            f'{_e(i18n.text("brief_units", lang, units=i18n.text("list_sep", lang).join(said), more=more))}</p>')


def decision(data: RunData, lang: str) -> str:
    """The sentence saying what the brief asks its reader to decide, for an optimal plan that builds
    exchanges: the activities a siting plan places (placements.csv), the exchanges chosen, their
    investment (EUR), net benefit (EUR/yr) and CO2 avoided
    (tCO2/yr), each as its card shows it (`report.tables.key_figures`: the same figures, rounded
    alike), then which plan the money figures describe under `objective: co2`; "" otherwise (the
    status's own words then stand: nothing pays, or a plan not proven best)."""
    s = data.summary
    figs = {c["key"]: c for c in key_figures(data, lang)} if data.has_solution else {}
    n = int(figs["chosen_links"]["value"] or 0) if figs else 0   # "—" (None): no plan
    if s.get("status") != "optimal" or n < 1:
        return ""

    def said(key: str) -> str:   # as its card: "15,1 M€/an", "50,2 ktCO2/an", "670 €/an"; "15.1M EUR/yr" (`i18n.short_parts`)
        return figs[key]["big"] + figs[key]["tail"]

    figures = {"inv": said("investment_eur"), "nb": said("net_benefit_eur_per_yr"), "co2": said("co2_avoided_t_per_yr")}
    placed = len(data.placements) if data.placements is not None else 0   # a siting plan: its activities first
    out = (i18n.text("brief_decide_sited", lang, acts=i18n.counted(placed, "brief_decide_acts", lang),
                     exs=i18n.counted(n, "brief_decide_exs", lang), **figures)
           if placed else i18n.counted(n, "brief_decide", lang, **figures))
    stage = money_stage_line(s, lang)
    return f"{out} {stage}" if stage else out


#: the line under the top tables where they list fewer rows than TOP_N for the page's height (10.5 px
#: text at line height 1.5 and its 4 px margin, `.brief .note`), measured in Chromium (dunkerque_dh's
#: French brief); one line under both (each lists the same number of the same rows): a line under each
#: took a second row off a table where the header grows (zae_example with a decision on three lines)
TOP_MORE_PX = 19.75


def top_more(left: int, lang: str) -> str:
    """The line under the top tables naming how many of the brief's rows each leaves out, `left`,
    and where they are (the full report): "" for none. A heat pump's row takes two lines (its COP
    beside its amounts: 416 px of text where 297 are free before its figure), and three bundled
    briefs listed four rows of their nine, five, six and nothing said of the others."""
    if left <= 0:
        return ""
    said = i18n.text("brief_top_more_1", lang) if left == 1 else i18n.text("brief_top_more", lang,
                                                                            n=i18n.number(left, lang, 0))
    return f'<p class="note more">{_e(said)}</p>'
