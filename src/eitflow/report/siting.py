"""The report of a siting run (`eitflow site`): the free plots on the map (squares, filled
where an activity was placed) and a section with the placements, each activity's plots in
order of the plan's value with it placed there, and why an activity was not placed. Every
figure is read from the run directory (placements.csv, ranking.csv, activity_reasons.csv,
plots.csv, summary.json's new land take per territory), as `analyses.siting` wrote it."""

from __future__ import annotations

import math

import pandas as pd

import eitflow.i18n as i18n
from eitflow.analyses.landtake import hectares, land_take_line, land_take_territory_lines, territory_name
from eitflow.analyses.plotwhy import plot_detail
from eitflow.analyses.ranking import figure_column
from eitflow.analyses.siting import exchanges_detail, has_detail_fields, reason_detail
from eitflow.report.map import MapLayout
from eitflow.report.names import display_names
from eitflow.report.style import _e
from eitflow.report.tables import td_money, td_num, thead
from eitflow.results.rundir import RunData

__all__ = ["brief_siting_note", "plots_layer", "plots_legend_items", "siting_section"]

RANK_SHOWN = 5  # plots per activity in the report (ranking.csv has them all)
BRIEF_SHOWN = 3  # placements named in the brief (the report lists them all)
PLOT_COLOUR = "#6a3d9a"  # plots: squares, outlined (free) or filled (an activity placed)


def plots_legend_items(data: RunData, lang: str) -> list[tuple[str, str]]:
    """Legend entries for the plots, each as its HTML and its text (none for an ordinary run)."""
    if data.plots is None or not len(data.plots):
        return []
    sq = ('<i style="display:inline-block;width:9px;height:9px;margin-right:5px;vertical-align:middle;'
          f'border:2px solid {PLOT_COLOUR};background:{{f}}"></i>')
    return [(f'<span>{sq.format(f=f)}{_e(i18n.text(key, lang))}</span>', i18n.text(key, lang))
            for f, key in (("#ffffff", "legend_plot"), (PLOT_COLOUR, "legend_plot_placed"))]


def plots_layer(data: RunData, lay: MapLayout, lang: str) -> str:
    """SVG squares for the plots inside the main frame of the map, with a tooltip."""
    p = data.plots
    if p is None or not len(p) or not lay.frames:
        return ""
    fr = lay.frames[0]
    lon0, lat0, lon1, lat1 = fr.lonlat_bbox()
    out = ['<g class="plots">']
    for rec in p.to_dict("records"):
        lon, lat = float(rec["lon"]), float(rec["lat"])
        if not (lon0 <= lon <= lon1 and lat0 <= lat <= lat1):
            continue
        x, y = fr.proj(lon, lat)
        placed = str(rec.get("placed_activities") or "")
        tip = i18n.text("siting_plot_tip", lang, name=rec["name"], area=i18n.number(rec["area_ha"], lang, 1),
                        placed=placed.replace(";", ", ") or "–")
        if not placed and isinstance(rec.get("reason"), str) and rec["reason"]:   # why it is empty (plots.csv)
            tip += "\n" + plot_detail(rec, lang)
        cls, fill = ("plot placed", PLOT_COLOUR) if placed else ("plot", "#ffffff")
        out.append(f'<rect class="{cls}" x="{float(x) - 6:.1f}" y="{float(y) - 6:.1f}" width="12" height="12" '
                   f'fill="{fill}" stroke="{PLOT_COLOUR}" stroke-width="2" data-plot="{_e(rec["plot_id"])}">'
                   f'<title>{_e(tip)}</title></rect>')
    out.append("</g>")
    return "".join(out)


def _detail(rec: dict, lang: str) -> str:
    """An activity's reason in words in the report's language, from activity_reasons.csv's
    figures (a run directory written before those columns existed keeps its English detail)."""
    if has_detail_fields(rec):
        return reason_detail(rec, lang)
    return _text(rec["detail"])


def _exchanges(data: RunData, rec: dict, lang: str, names: dict | None) -> str:
    """A placement's exchanges in the report's language, from the run's chosen links (the
    English of placements.csv is the same sentence)."""
    if data.matches is None or "source_site" not in data.matches:
        return _text(rec["exchanges"])
    return exchanges_detail(data.matches, rec["site_id"], lang, names)


def _unit(col: str) -> str:
    return i18n.column_parts(col)[1]


def _td_fig(v, col: str, lang: str) -> str:
    """A cell of an objective's figure, with its unit's decimals (EUR/yr 0, tCO2/yr 1)."""
    return td_num(v, lang, i18n.column_parts(col)[2] or 0)


def _text(v) -> str:
    return "" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v)


def siting_section(data: RunData, lang: str) -> str:
    """The siting section (empty for an ordinary run)."""
    if data.placements is None:
        return ""
    t = lambda k, **kw: i18n.text(k, lang, **kw)  # noqa: E731
    pl = data.placements
    names = dict(zip(data.sites["site_id"].astype(str), display_names(data.sites))) if data.sites is not None else None
    act_v, created = figure_column("activity_value_eur_per_yr", pl), figure_column("value_created_eur_per_yr", pl)
    rows = ["<tr>" + f'<td>{_e(_text(r["activity"]))} <small>{_e(r["activity_id"])}</small></td>'
            + f'<td>{_e(_text(r["plot"]))} <small>{_e(r["plot_id"])}</small></td>'
            + td_num(r["land_ha"], lang, 1) + td_money(r["cost_eur_per_yr"], lang)
            + _td_fig(r.get(act_v), act_v, lang) + _td_fig(r[created], created, lang)
            + f'<td>{_e(_exchanges(data, r, lang, names))}</td></tr>'
            for r in pl.to_dict("records")]
    placed = ('<div class="tablewrap"><table id="placements-table">'
              + thead([("siting_col_activity", ""), ("siting_col_plot", ""), ("siting_col_land", "ha"),
                       ("siting_col_cost", "EUR/yr"), ("siting_col_activity_value", _unit(act_v)),
                       ("siting_col_value", _unit(created)), ("siting_col_exchanges", "")],
                      lang) + f'<tbody>{"".join(rows)}</tbody></table></div>' if len(pl) else
              f'<p class="empty">{_e(t(_none_placed(data)))}</p>')
    # activities and plots by name, their ids beside them, as in the placements' table
    why = data.activity_reasons if data.activity_reasons is not None else pd.DataFrame()
    act_names = {**dict(zip(pl["activity_id"].astype(str), pl["activity"].astype(str))),
                 **(dict(zip(why["activity_id"].astype(str), why["name"].astype(str))) if "name" in why else {})}
    plot_names = dict(zip(data.plots["plot_id"].astype(str), data.plots["name"].astype(str))) \
        if data.plots is not None and "name" in data.plots else {}

    def named(names: dict[str, str], key) -> str:
        k = str(key)
        nm = names.get(k, "")
        return f"<td>{_e(nm)} <small>{_e(k)}</small></td>" if nm and nm != k else f"<td>{_e(k)}</td>"

    rk = data.ranking if data.ranking is not None else pd.DataFrame()
    value, loss, bound = (figure_column(c, rk) for c in ("value_eur_per_yr", "loss_eur_per_yr", "bound_eur_per_yr"))
    rank_rows = []
    for rec in rk[rk["rank"] <= RANK_SHOWN].to_dict("records") if len(rk) else []:
        how = t("siting_method_" + str(rec["method"]).replace(" ", "_"))
        rank_rows.append("<tr>" + named(act_names, rec["activity_id"]) + td_num(rec["rank"], lang)
                         + named(plot_names, rec["plot_id"]) + _td_fig(rec[value], value, lang)
                         + _td_fig(rec[loss], loss, lang) + _td_fig(rec[bound], bound, lang)
                         + f"<td>{_e(how)}</td></tr>")
    ranking = ('<div class="tablewrap"><table id="ranking-table">'
               + thead([("siting_col_activity", ""), ("siting_col_rank", "#"), ("siting_col_plot", ""),
                        ("siting_col_plan_value", _unit(value)), ("siting_col_loss", _unit(loss)),
                        ("siting_col_bound", _unit(bound)), ("siting_col_method", "")], lang)
               + f'<tbody>{"".join(rank_rows)}</tbody></table></div>') if rank_rows else ""
    why_rows = ["<tr>" + named(act_names, r["activity_id"]) + td_num(r["placed"], lang)
                + f'<td>{_e(t("siting_reason_" + str(r["reason"])))}</td><td>{_e(_detail(r, lang))}</td></tr>'
                for r in why.to_dict("records")]
    reasons = ('<div class="tablewrap"><table id="reasons-table">'
               + thead([("siting_col_activity", ""), ("siting_col_placed", "#"), ("col_reason", ""),
                        ("col_detail", "")], lang) + f'<tbody>{"".join(why_rows)}</tbody></table></div>'
               if why_rows else "")
    land = land_take_line(data.summary.get("siting"), lang)   # ZAN: as the terminal says it
    land_p = (f'<p class="land-take">{_e(land[:1].upper() + land[1:])}</p>' if land else "") \
        + _land_take_table(data.summary.get("siting"), lang)
    return (f'<section id="siting"><h2>{_e(t("siting_h"))}</h2><p class="lead">{_e(t("siting_lead"))}</p>{land_p}'
            f"{placed}<h3>{_e(t('siting_ranking_h'))}</h3><p class=\"lead\">{_e(t('siting_ranking_lead'))}</p>"
            f"{ranking}<h3>{_e(t('siting_reasons_h'))}</h3>{reasons}{_plots_table(data, lang)}</section>")


def _plots_table(data: RunData, lang: str) -> str:
    """Every plot and why it got what it got (plots.csv's reason and figures, `analyses.plotwhy`):
    a plot left empty says why; empty for a run written before plots.csv had them."""
    p = data.plots
    if p is None or not len(p) or "reason" not in p:
        return ""
    t = lambda k: i18n.text(k, lang)  # noqa: E731
    rows = ["<tr>" + (f'<td>{_e(_text(r["name"]))} <small>{_e(r["plot_id"])}</small></td>'
                      if _text(r["name"]) and str(r["name"]) != str(r["plot_id"]) else f'<td>{_e(r["plot_id"])}</td>')
            + td_num(r["area_ha"], lang, 1) + td_num(r["land_used_ha"], lang, 1)
            + f'<td>{_e(t("plot_reason_" + str(r["reason"])))}</td><td>{_e(plot_detail(r, lang))}</td></tr>'
            for r in p.to_dict("records")]
    return (f"<h3>{_e(t('siting_plots_h'))}</h3>" + '<div class="tablewrap"><table id="plots-table">'
            + thead([("siting_col_plot", ""), ("siting_col_area", "ha"), ("siting_col_used", "ha"), ("col_reason", ""),
                     ("col_detail", "")], lang) + f'<tbody>{"".join(rows)}</tbody></table></div>')


def _none_placed(data: RunData) -> str:
    """The sentence for a plan with no placement: 'no activity pays on any plot' only where that
    is every activity's reason (activity_reasons.csv); else the reasons differ (a land-take
    budget, no plot allowed, no partner in range) and the sentence points to them: it said
    none paid where fos_siting's greenfield plots under a 0.1 ha budget kept every activity out."""
    why = data.activity_reasons
    paying = {"does_not_pay", "no_co2_gain"}
    if why is not None and len(why) and set(why["reason"].astype(str)) <= paying:
        return "siting_none_placed"
    return "siting_none_placed_why"


def _land_take_table(summary: dict | None, lang: str) -> str:
    """The new land take of each territory against its budget (summary.json's
    `siting.land_take`, as land_take.csv and the terminal give it), budgets used up marked;
    empty when no territory has a budget."""
    rows = (summary or {}).get("land_take") or []
    if not land_take_territory_lines(summary, lang):
        return ""
    t = lambda k: i18n.text(k, lang)  # noqa: E731
    body = []
    for r in rows:
        cap = r.get("budget_ha")
        name = territory_name(r.get("territory"), lang)
        state = t("land_state_binding") if r.get("binding") else t("land_state_no_budget") if cap is None else ""
        cls = ' class="binding"' if r.get("binding") else ""
        body.append(f"<tr{cls}><td>{_e(name)}</td>" + td_num(r.get("new_land_take_ha") or 0.0, lang, 1)
                    + (td_num(cap, lang, 1) if cap is not None else "<td></td>")
                    + (td_num(r.get("left_ha"), lang, 1) if cap is not None else "<td></td>")
                    + f"<td>{_e(state)}</td></tr>")
    return ('<div class="tablewrap"><table id="land-take-table">'
            + thead([("land_col_territory", ""), ("land_col_taken", "ha"), ("land_col_budget", "ha"),
                     ("land_col_left", "ha"), ("land_col_state", "")], lang)
            + f'<tbody>{"".join(body)}</tbody></table></div>')


def brief_siting_note(data: RunData, lang: str) -> str:
    """The brief's note of a siting run: which activity was placed on which plot, with the land
    it takes (placements.csv; the `BRIEF_SHOWN` of most value to the plan first), and the plan's new land take against its budget (ZAN,
    `land_take_line`, as the terminal and the report say it); "" for an ordinary run. The
    decision an elected official reads first in a siting plan, which the brief left out (its
    map showed filled squares, unnamed)."""
    if data.placements is None:
        return ""
    pl = data.placements
    value = figure_column("activity_value_eur_per_yr", pl)   # the most valuable first (EUR/yr, or tCO2/yr)
    if value in pl:
        pl = pl.sort_values(value, ascending=False, kind="stable", na_position="last")
    if len(pl):
        said = [i18n.text("brief_siting_one", lang, activity=_text(r["activity"]) or r["activity_id"],
                          plot=_text(r["plot"]) or r["plot_id"], land=hectares(float(r["land_ha"]), lang))
                for r in pl.head(BRIEF_SHOWN).to_dict("records")]
        more = i18n.text("brief_units_more", lang, n=len(pl) - BRIEF_SHOWN) if len(pl) > BRIEF_SHOWN else ""
        text = i18n.text("brief_siting", lang, n=len(pl), placed=i18n.text("list_sep", lang).join(said), more=more)
    else:
        n = len(data.activity_reasons) if data.activity_reasons is not None else 0
        text = i18n.text("brief_siting_none", lang, n=n)
    land = land_take_line(data.summary.get("siting"), lang)
    if land:
        text += " " + land[:1].upper() + land[1:] + "."
    return f'<p class="note" id="brief-siting-note">{_e(text)}</p>'
