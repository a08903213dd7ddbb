"""The report's tables: chosen exchanges, negotiation (price bands, companies), what was not
chosen, unmatched flows, heat levels, zones. Site names first, codes beside them."""

from __future__ import annotations

import numpy as np
import pandas as pd

import eitflow.i18n as i18n
from eitflow.report.names import is_network, run_names, zone_label
from eitflow.report.style import REASON_ORDER, _e, reason_counts, reason_name, reason_text
from eitflow.report.tables import (
    MAX_TABLE_ROWS,
    raw,
    res_cell,
    sent_received,
    table,
    td_amt,
    td_co2,
    td_money,
    td_num,
    td_site,
    thead,
    truncation_note,
)
from eitflow.results.heatpumps import at_injection, heat_pump_line, heat_pump_rows, heat_pump_said
from eitflow.results.rundir import RunData
from eitflow.results.shares import CAPTURED
from eitflow.results.summary import summary_warnings
from eitflow.results.unmatched import detail_adds
from eitflow.results.zones import NO_ZONE


def _names(data: RunData, lang: str) -> dict[str, str]:
    return run_names(data, lang)


def mode_said(rec: dict, lang: str) -> str:
    """How a link carries (matches.csv's and not_chosen.csv's `mode`) in words, under its
    resource: truck, pipe, network (camion, canalisation, réseau): a pair linked by truck and by
    pipe is two links. "" for a run written before eitflow wrote the mode."""
    m = rec.get("mode")
    m = "" if m is None or m != m else str(m)
    said = i18n.text(f"mode_{m}", lang) if m and i18n.has_text(f"mode_{m}") else m
    return f'<small class="mode">{_e(said)}</small>' if said else ""


def td_km(rec: dict, lang: str) -> str:
    """An exchange's route length (km): "—" for a connection to a shared network, which has no
    route of its own (its 0 km read as a pipe of no length; the corridors carry it)."""
    if rec.get("mode") == "network":
        return f'<td class="n" data-v="0" title="{_e(i18n.text("km_network_connection", lang))}">—</td>'
    return td_num(rec["distance_km"], lang, 1)


def _resource_head(table: pd.DataFrame) -> tuple[str, str]:
    """The resource column's header: "Resource, transport" where the table says the mode."""
    return ("col_resource_mode" if "mode" in table else "col_resource", "")


def matches_table(data: RunData, lang: str) -> str:
    m = data.matches
    if len(m) == 0:
        return f'<p class="empty">{_e(i18n.text("no_exchange", lang))}</p>'
    nm = _names(data, lang)
    m = m.sort_values(["net_benefit_eur_per_yr", "source_site", "sink_site"], ascending=[False, True, True],
                      kind="stable")
    # with a shared network, a hub or a built supply or activity, each exchange also after its share
    # of their costs (and a hub's CO2; matches.csv, `results.shares`): the brief's figures, beside its own
    after, co2_after = "net_benefit_after_shares_eur_per_yr", "co2_avoided_after_shares_t_per_yr"
    def on(c: str) -> bool:  # a share (or an unknown one, NaN, from an older run) somewhere
        return bool((m.get(c, pd.Series(0.0)).fillna(1.0) != 0).any())
    rules = [k for k, yes in (("matches_build_rule", on("build_cost_share_eur_per_yr")),
                              ("matches_after_rule", bool(m["source_site"].astype(str).map(is_network).any())),
                              ("matches_captured_rule", bool((m["source_site"].astype(str).map(is_network)
                                                              & m["supply_resource"].isin(CAPTURED)).any())),
                              ("matches_hub_rule", on("hub_share_eur_per_yr"))) if yes and after in m]
    shared = bool(rules)
    # CO2 after shares only where it differs (a hub passes CO2 on, a captured CO2 network to its emitters)
    co2_shared = shared and co2_after in m and bool((m[co2_after] != m["co2_avoided_t_per_yr"]).any())
    rows = []
    for rec in m.head(MAX_TABLE_ROWS).to_dict("records"):
        a, b = str(rec["source_site"]), str(rec["sink_site"])
        hp = heat_pump_said(rec, lang)   # through a heat pump: said under the resource (its figures: heat_pump_table)
        # a converted exchange: what is sent and what is received under its resources (the amount
        # column, the supply's, read as the fertiliser received: 2 500 t/an for 50)
        conv = sent_received(rec, lang)
        rows.append("<tr>" + td_site(nm.get(a, a), a) + td_site(nm.get(b, b), b)
                    + f'<td>{res_cell(data, rec["supply_resource"], rec["demand_resource"], lang)}'
                      f'{mode_said(rec, lang)}{f"<small class=conv>{_e(conv)}</small>" if conv else ""}'
                      f'{f"<small class=hp>{_e(hp)}</small>" if hp else ""}</td>'
                    + td_amt(rec["amount"], lang) + f'<td>{_e(i18n.unit(rec["unit"], lang))}</td>'
                    + td_km(rec, lang) + td_money(rec["net_benefit_eur_per_yr"], lang)
                    + (td_money(rec[after], lang) if shared else "") + td_co2(rec["co2_avoided_t_per_yr"], lang)
                    + (td_co2(rec[co2_after], lang) if co2_shared else "") + td_money(rec["investment_eur"], lang) + "</tr>")
    tot = data.totals  # the exchanges' own totals (statistics), before hubs' and built supplies' costs
    gap, gap_co2 = "<td></td>" if shared else "", "<td></td>" if co2_shared else ""
    foot = (f'<tfoot><tr><td colspan="5">{_e(i18n.text("total_exchanges", lang, n=i18n.counted(len(m), "n_exchanges", lang)))}'
            f'</td><td></td>'
            + td_money(tot.get("links_net_benefit_eur_per_yr"), lang) + gap
            + td_co2(tot.get("co2_avoided_t_per_yr"), lang) + gap_co2
            + td_money(tot.get("links_investment_eur"), lang) + "</tr>" + _plan_rows(tot, lang, gap, gap_co2) + "</tfoot>")
    head = thead([("col_from", ""), ("col_to", ""), _resource_head(m), ("col_amount", "#"), ("col_unit", ""),
                  ("col_distance", "km"), ("col_net", "EUR/yr")] + ([("col_net_after", "EUR/yr")] if shared else [])
                 + [("col_co2", "tCO2/yr")] + ([("col_co2_after", "tCO2/yr")] if co2_shared else [])
                 + [("col_investment", "EUR")], lang)
    note = "".join(f'<p class="rule">{_e(i18n.text(k, lang))}</p>' for k in rules + ["matches_after_total"] * shared)
    return note + table("matches-table", head, rows, lang, foot, truncation_note(len(m), "matches.csv", lang)) \
        + heat_pump_table(data, lang) + supply_units_table(data, lang)


def supply_units_table(data: RunData, lang: str) -> str:
    """The units built for supplies (supplies_built.csv, `Statistics.supplies`: an electrolyser,
    a capture unit): the capacity the model gave it (or its whole amount where it does not size
    it), at most, delivered, annual cost and investment. "" where none is built."""
    sb = data.supplies_built
    if sb is None or not len(sb):
        return ""
    nm = _names(data, lang)
    rows = []
    for rec in sb.head(MAX_TABLE_ROWS).to_dict("records"):
        a = str(rec["site_id"])
        rows.append("<tr>" + td_site(nm.get(a, a), a) + f'<td>{res_cell(data, str(rec["resource"]), None, lang)}</td>'
                    + td_amt(rec["capacity"], lang) + td_amt(rec["max_capacity"], lang) + td_amt(rec["delivered"], lang)
                    + f'<td>{_e(i18n.unit(str(rec["unit"]), lang))}</td>'
                    + f'<td>{_e(i18n.text("yes" if rec["sized"] else "no", lang))}</td>'
                    + td_money(rec["annual_cost_eur_per_yr"], lang) + td_money(rec["investment_eur"], lang) + "</tr>")
    head = thead([("col_site", ""), ("col_resource", ""), ("col_capacity", "#"), ("col_unit_max", "#"),
                  ("col_delivered", "#"), ("col_unit", ""), ("col_unit_sized", ""), ("col_annual_cost", "EUR/yr"),
                  ("col_investment", "EUR")], lang)
    return (f'<h3 id="supply-units">{_e(i18n.text("units_h", lang))}</h3>'
            f'<p class="rule">{_e(i18n.text("units_rule", lang))}</p>'
            + table("supply-units-table", head, rows, lang, "", truncation_note(len(sb), "supplies_built.csv", lang)))


def heat_pump_table(data: RunData, lang: str) -> str:
    """The exchanges through a heat pump (matches.csv's ``heat_pump*`` columns, `results.heatpumps`):
    where it sits (at the user, or at the injection into a shared network), its COP, the heat
    it delivers, the electricity it draws and what that costs, its capacity's annuity, its size
    and investment; under it the run's totals in a sentence (summary.json's ``heat_pumps``). ""
    without any heat pump, or for a run written before eitflow said them."""
    hp = heat_pump_rows(data.matches)
    if not len(hp):
        return ""
    nm = _names(data, lang)
    inj = at_injection(hp)
    rows = []
    for rec, i in zip(hp.head(MAX_TABLE_ROWS).to_dict("records"), inj):
        a, b = str(rec["source_site"]), str(rec["sink_site"])
        rows.append("<tr>" + td_site(nm.get(a, a), a) + td_site(nm.get(b, b), b)
                    + f'<td>{_e(i18n.text("hp_at_injection" if i else "hp_at_user", lang))}</td>'
                    + td_num(rec["heat_pump_cop"], lang, 2) + td_amt(rec["demand_amount"], lang)
                    + td_amt(rec["heat_pump_electricity_mwh_per_yr"], lang)
                    + td_money(rec["heat_pump_electricity_eur_per_yr"], lang)
                    + td_money(rec["heat_pump_capacity_eur_per_yr"], lang) + td_num(rec["heat_pump_mw"], lang, 2)
                    + td_money(rec["heat_pump_investment_eur"], lang) + "</tr>")
    head = thead([("col_from", ""), ("col_to", ""), ("col_hp_where", ""), ("col_hp_cop", "#"),
                  ("col_hp_heat", "MWh/yr"), ("col_hp_elec", "MWh/yr"), ("col_hp_elec_cost", "EUR/yr"),
                  ("col_hp_annuity", "EUR/yr"), ("col_hp_mw", "MW"), ("col_hp_investment", "EUR")], lang)
    line = heat_pump_line(data.summary.get("heat_pumps"), lang)
    return (f'<h3 id="heat-pumps">{_e(i18n.text("hp_h", lang))}</h3><p class="rule">{_e(i18n.text("hp_rule", lang))}</p>'
            + table("heat-pumps-table", head, rows, lang, "", truncation_note(len(hp), "matches.csv", lang))
            + (f'<p class="lead" id="heat-pumps-line">{_e(line)}</p>' if line else ""))


def _plan_rows(tot: dict, lang: str, gap: str = "", gap_co2: str = "") -> str:
    """Footer rows from the exchanges' total to the plan's key figures: the shared networks'
    corridors and the hubs, supplies and activities built (annual cost, investment), then the
    plan's total; none when the exchanges are the whole plan."""
    def g(k: str) -> float:
        v = tot.get(k)
        return float(v) if v is not None and np.isfinite(float(v)) else 0.0

    parts = [("foot_networks", g("network_cost_eur_per_yr"), g("network_investment_eur")),
             ("foot_builds", g("hub_fixed_eur_per_yr") + g("supply_build_eur_per_yr") + g("placement_cost_eur_per_yr"),
              g("hub_investment_eur") + g("supply_investment_eur") + g("placement_investment_eur"))]
    rows = "".join(f'<tr><td colspan="6">{_e(i18n.text(key, lang))}</td>' + td_money(-cost, lang) + gap + "<td></td>"
                   + gap_co2 + td_money(inv, lang) + "</tr>" for key, cost, inv in parts if cost or inv)
    if not rows:
        return ""
    return rows + (f'<tr><td colspan="6">{_e(i18n.text("foot_plan", lang))}</td>'
                   + td_money(tot.get("net_benefit_eur_per_yr"), lang) + gap
                   + td_co2(tot.get("co2_avoided_t_per_yr"), lang) + gap_co2
                   + td_money(tot.get("investment_eur"), lang) + "</tr>")


def _band_bar(pmin: float, pmax: float, p: float) -> str:
    """A small inline bar: the band from its low to its high end, a tick at the suggested price."""
    if not (pmax > pmin):
        return ""
    x = 4 + 92 * (p - pmin) / (pmax - pmin)
    return (f'<svg class="band" viewBox="0 0 100 14" width="70" height="14" aria-hidden="true">'
            f'<rect x="4" y="5" width="92" height="4" rx="2"/><circle cx="{x:.1f}" cy="7" r="5"/></svg>')


#: a row of price_bands.csv and its exchange in matches.csv
_BAND_KEY = ("source_site", "sink_site", "supply_resource", "demand_resource", "mode")


def _exchange_of_band(m: pd.DataFrame | None) -> dict[tuple, dict]:
    """matches.csv's row of each (source, sink, resources, mode) that has one row only (a pair
    of one mode with two rows, two flows of one site, is left unsaid rather than guessed)."""
    if m is None or not len(m) or "demand_amount" not in m:
        return {}
    from collections import Counter

    recs = m.to_dict("records")
    keys = [tuple(str(r.get(k, "")) for k in _BAND_KEY) for r in recs]
    n = Counter(keys)
    return {k: r for k, r in zip(keys, recs) if n[k] == 1}


def _same_amount(a, b) -> bool:
    from eitflow.results.tables import REL_TOL

    return abs(float(a) - float(b)) <= REL_TOL * max(abs(float(a)), 1.0)


def negotiation(data: RunData, lang: str) -> str:
    """Price bands per exchange and each company's benefit at the suggested prices."""
    b, c = data.price_bands, data.companies
    if b is None or len(b) == 0:
        return f'<p class="empty">{_e(i18n.text("no_exchange", lang))}</p>'
    nm = _names(data, lang)
    b = b.sort_values(["source_site", "sink_site"], kind="stable")
    exchange = _exchange_of_band(data.matches)
    rows = []
    for rec in b.head(MAX_TABLE_ROWS).to_dict("records"):
        a, d = str(rec["source_site"]), str(rec["sink_site"])
        # a converted or lossy exchange: what is sent (the band's amount, its price per unit sent)
        # and what is received, as the table of exchanges says it (2 500 t/an over "boues →
        # fertilisant" read as the fertiliser received, 50 t/an)
        # price_bands.csv's own demand_amount (every band, a hub's legs too); a run written before it:
        # matches.csv's row of the band
        if pd.notna(rec.get("demand_amount")):
            conv = sent_received(rec, lang)
        else:
            m = exchange.get(tuple(str(rec.get(k, "")) for k in _BAND_KEY))
            conv = sent_received(m, lang) if m is not None and _same_amount(m["amount"], rec["amount"]) else ""
        pu = i18n.unit(f'EUR/{str(rec["unit"]).split("/")[0]}', lang)
        lo, hi, p = rec["price_min_eur_per_unit"], rec["price_max_eur_per_unit"], rec["price_suggested_eur_per_unit"]
        # an empty band (floor above ceiling: no price suits both, e.g. a heat injection into a
        # network, free heat against the connection's cost) says so rather than "0,00 -0,31"
        shown = (f'{_e(i18n.number(lo, lang, 2))} {_band_bar(lo, hi, p)} {_e(i18n.number(hi, lang, 2))} '
                 f'<small>{_e(pu)}</small>') if hi >= lo else \
            f'<small>{_e(i18n.text("band_idle" if rec["amount"] <= 0 else "band_empty", lang))}</small>'  # idle: NaN band
        band = f'<td class="n bandcell" data-v="{raw(lo)}" data-min="{raw(lo)}" data-max="{raw(hi)}">{shown}</td>'
        qty = f'{i18n.amount(rec["amount"], lang)} {i18n.unit(rec["unit"], lang)}'
        rows.append("<tr>" + td_site(nm.get(a, a), a) + td_site(nm.get(d, d), d)
                    + f'<td class="n" data-v="{raw(rec["amount"])}">{_e(qty)}<small class="res-under">'
                      f'{res_cell(data, rec["supply_resource"], rec["demand_resource"], lang)}</small>'
                      f'{mode_said(rec, lang)}{f"<small class=conv>{_e(conv)}</small>" if conv else ""}</td>'
                    + band + td_num(p, lang, text=f"{i18n.number(p, lang, 2)} {pu}")
                    + td_money(rec["supplier_benefit_eur_per_yr"], lang)
                    + td_money(rec["buyer_benefit_eur_per_yr"], lang) + "</tr>")
    head = thead([("col_from", ""), ("col_to", ""), ("col_amount", "#"), ("col_band", "#"),
                  ("col_price", "#"), ("col_supplier_gain", "EUR/yr"), ("col_buyer_gain", "EUR/yr")], lang)
    out = table("bands-table", head, rows, lang, "", truncation_note(len(b), "price_bands.csv", lang))
    if c is not None and len(c):
        c = c.sort_values(["total_eur_per_yr", "site_id"], ascending=[False, True], kind="stable")
        out += companies_table(c, nm, lang)
    return out


#: the parts of a company's total in the report's table, each with its header's message key and
#: its sign in the total: build costs are a cost, shown positive as companies.csv, results.xlsx
#: and `eitflow zones` show them (the table showed them negative, -1 234 567 beside 1 234 567)
COMPANY_PARTS = (("as_supplier_eur_per_yr", "col_as_supplier", 1), ("as_buyer_eur_per_yr", "col_as_buyer", 1),
                 ("network_result_eur_per_yr", "col_network_part", 1), ("build_cost_eur_per_yr", "col_build_cost", -1))


def companies_table(c: pd.DataFrame, nm: dict[str, str], lang: str) -> str:
    """Each company's benefit at the suggested prices (companies.csv), its figures as the file's
    (EUR/yr), every part of its total a column (the networks' share and the build costs only where
    one is not 0) and the row's sum said above the table ("Total = as supplier + as buyer - build
    costs"): a reader comparing a row with companies.csv sees the same numbers."""
    c = c.sort_values(["total_eur_per_yr", "site_id"], ascending=[False, True], kind="stable")
    cols = [(k, key, sign) for k, key, sign in COMPANY_PARTS
            if k in ("as_supplier_eur_per_yr", "as_buyer_eur_per_yr") or k in c and c[k].fillna(0.0).abs().gt(0.0).any()]
    crow = []
    for rec in c.head(MAX_TABLE_ROWS).to_dict("records"):
        sid = str(rec["site_id"])
        crow.append("<tr>" + td_site(nm.get(sid, str(rec.get("name") or sid)), sid)
                    + "".join(td_money(rec[k], lang) for k, _, _ in cols)
                    + td_money(rec["total_eur_per_yr"], lang) + "</tr>")
    chead = thead([("col_company", "")] + [(key, "EUR/yr") for _, key, _ in cols] + [("col_total", "EUR/yr")], lang)
    terms = "".join(f" {'+' if sign > 0 else '−'} {i18n.text(key, lang).lower()}" for _, key, sign in cols[1:])
    rule = i18n.text("companies_sum", lang, parts=i18n.text(cols[0][1], lang).lower() + terms,
                     unit=i18n.unit("EUR/yr", lang))
    note = f'<p class="muted" id="companies-sum">{_e(rule)}</p>' + truncation_note(len(c), "companies.csv", lang)
    return (f'<h3 class="sub">{_e(i18n.text("companies_title", lang))}</h3>'
            + table("companies-table", chead, crow, lang, "", note))


def not_chosen_table(data: RunData, lang: str) -> str:
    """Candidate links that the optimum leaves unbuilt (not_chosen.csv), each with the reason."""
    nc = data.not_chosen
    if nc is None:
        return ""
    if len(nc) == 0:   # every candidate used, or none at all (not 'every one used' of none)
        none = not (data.summary.get("counts") or {}).get("candidate_links", 1)
        return f'<p class="empty">{_e(i18n.text("no_candidate_links" if none else "all_chosen", lang))}</p>'
    nm = _names(data, lang)
    counts = nc["reason"].value_counts()
    chips = "".join(f'<span class="reason {_e(r)}">{_e(reason_name(r, lang))} × {int(counts[r])}</span>'
                    for r in sorted(counts.index, key=lambda r: (-int(counts[r]), r)))
    # what each link is worth in the run's objective: EUR/yr, or tCO2/yr under the co2 objective
    # (not_chosen.csv has both, `results.notchosen`)
    co2 = data.summary.get("objective_name") == "co2"
    alone, left = ("co2_alone_t_per_yr", "co2_left_t_per_yr") if co2 else ("value_alone_eur_per_yr",
                                                                           "value_left_eur_per_yr")
    shown, unit = (td_co2, "tCO2/yr") if co2 else (td_money, "EUR/yr")
    rows = []
    for rec in nc.head(MAX_TABLE_ROWS).to_dict("records"):
        a, d = str(rec["source_site"]), str(rec["sink_site"])
        r = str(rec["reason"])
        rows.append("<tr>" + td_site(nm.get(a, a), a) + td_site(nm.get(d, d), d)
                    + f'<td>{res_cell(data, rec["supply_resource"], rec["demand_resource"], lang)}'
                      f'{mode_said(rec, lang)}</td>'
                    + td_km(rec, lang) + shown(rec.get(alone, np.nan), lang)
                    + td_num(rec["amount_left"], lang,
                             text=f'{i18n.amount(rec["amount_left"], lang)} {i18n.unit(rec["unit"], lang)}')
                    + shown(rec.get(left, np.nan), lang)
                    + f'<td><span class="reason {_e(r)}" title="{_e(reason_text(r, lang))}">'
                      f'{_e(reason_name(r, lang))}</span></td></tr>')
    head = thead([("col_from", ""), ("col_to", ""), _resource_head(nc), ("col_distance", "km"),
                  ("col_co2_alone" if co2 else "col_value_alone", unit), ("col_amount_left", "#"),
                  ("col_co2_left" if co2 else "col_value_left", unit), ("col_reason", "")], lang)
    used = [r for r in ("supply_taken", "demand_met", "too_small_left", "not_selected", "hub_not_built")
            if r in counts.index]
    gloss = "".join(f'<dt><span class="reason {_e(r)}">{_e(reason_name(r, lang))}</span></dt>'
                    f'<dd>{_e(reason_text(r, lang))}</dd>' for r in used)
    return (f'<div class="chips">{chips}</div>'
            + table("notchosen-table", head, rows, lang, "", truncation_note(len(nc), "not_chosen.csv", lang))
            + f'<dl class="reasons">{gloss}</dl>')


def _detail(rec: dict, lang: str) -> str:
    """An unmatched flow's detail cell: what its reason does not say (`results.unmatched.detail_adds`;
    empty where its sentence is the reason's own, which the legend under the table explains):
    unmatched.csv's sentence with its figures, in French its `detail_fr`, or, from a run written
    before eitflow wrote that column, the English sentence. A French cell read the reason's
    legend and under it the same in other words ("les quantités des partenaires sont prises par
    les échanges retenus" above "la quantité de chaque partenaire viable ... est prise par les
    échanges retenus")."""
    detail = rec.get("detail")
    if not detail_adds(detail, str(rec["direction"]), str(rec["resource"])):
        return '<td class="detail"></td>'
    said = str(rec.get(f"detail_{lang}", "") or "") if lang != "en" else str(detail)
    line, tag = (said, "") if said else (str(detail), ' lang="en"')
    # no tooltip: it repeated the sentence shown (250 kB of a national report's 3 MB)
    return f'<td class="detail"{tag}>{_e(line)}</td>'


def unmatched_table(data: RunData, lang: str) -> str:
    u = data.unmatched
    if len(u) == 0:
        key = "unmatched_none_nosol" if not data.has_solution else "unmatched_none"
        return f'<p class="empty">{_e(i18n.text(key, lang))}</p>'
    nm = _names(data, lang)
    chips = "".join(f'<span class="reason {_e(r)}">{_e(reason_name(r, lang))} × {n}</span>'
                    for r, n in reason_counts(u["reason"]))
    # the largest left-overs first, whatever their reason (the chips count the reasons, and a
    # click on the column sorts by it): a region's 330,702 MWh/yr of Grenoble came after
    # hundreds of small towns by site code, and the table shows its first rows only; one
    # resource's rows together, as units differ
    u = u.sort_values(["resource", "remaining", "site_id", "flow_id"], ascending=[True, False, True, True],
                      kind="stable")
    rows = []
    for rec in u.head(MAX_TABLE_ROWS).to_dict("records"):
        sid = str(rec["site_id"])
        r = str(rec["reason"])
        rows.append("<tr>" + td_site(nm.get(sid, sid), sid)
                    + f'<td>{_e(i18n.text("dir_" + str(rec["direction"]), lang))}</td>'
                    + f'<td>{res_cell(data, rec["resource"], None, lang)}</td>'
                    + td_amt(rec["remaining"], lang) + td_amt(rec["amount"], lang)
                    + f'<td>{_e(i18n.unit(rec["unit"], lang))}</td>'
                    + f'<td><span class="reason {_e(r)}">{_e(reason_name(r, lang))}</span></td>'
                    + _detail(rec, lang) + "</tr>")
    head = thead([("col_site", ""), ("col_direction", ""), ("col_resource", ""), ("col_left_over", "#"),
                  ("col_of", "#"), ("col_unit", ""), ("col_reason", ""), ("col_detail", "")], lang)
    used = [r for r in REASON_ORDER if r in set(u["reason"])] + sorted(set(u["reason"]) - set(REASON_ORDER))
    gloss = "".join(f'<dt><span class="reason {_e(r)}">{_e(reason_name(r, lang))}</span></dt>'
                    f'<dd>{_e(reason_text(r, lang))}</dd>' for r in used)
    return (f'<div class="chips">{chips}</div>'
            + table("unmatched-table", head, rows, lang, "", truncation_note(len(u), "unmatched.csv", lang))
            + f'<dl class="reasons">{gloss}</dl>')


def levels_section(data: RunData, lang: str) -> str:
    """Heat cascading: which source covers which temperature band of each ranged demand."""
    lv = data.heat_levels
    if lv is None or len(lv) == 0:
        return ""
    nm = _names(data, lang)
    rows = []
    for rec in lv.head(MAX_TABLE_ROWS).to_dict("records"):
        a, b = str(rec["source_site"]), str(rec["sink_site"])
        how = i18n.text("how_heat_pump" if str(rec["heat_pump"]).lower() == "true" else "how_direct", lang)
        # sites by name, code beside, as the other tables (flow ids, dk_heat, are heat_levels.csv's)
        rows.append("<tr>" + td_site(nm.get(b, b), b) + td_site(nm.get(a, a), a) + f"<td>{_e(how)}</td>"
                    + td_num(rec["from_c"], lang, 1) + td_num(rec["to_c"], lang, 1)
                    + td_amt(rec["delivered_mwh_per_yr"], lang) + "</tr>")
    head = thead([("col_demand_site", ""), ("col_from_site", ""), ("col_how", ""),
                  ("col_from_c", "degC"), ("col_to_c", "degC"), ("col_delivered", "MWh/yr")], lang)
    return (f'<section id="levels"><h2>{_e(i18n.text("levels_title", lang))}</h2>'
            f'<p class="lead">{_e(i18n.text("levels_lead", lang))}</p>'
            + table("levels-table", head, rows, lang, "", truncation_note(len(lv), "heat_levels.csv", lang)) + "</section>")


def zone_totals(data: RunData) -> tuple[pd.DataFrame, pd.DataFrame]:
    """zones.csv (totals per zone under the run's allocation rule, `results.zones`) with the
    number of unmatched flows per zone, and the rows of zone_flows.csv between two zones."""
    per_zone = data.zones.copy()
    zone = dict(zip(data.sites["site_id"], data.sites["zone"].replace("", NO_ZONE)))
    u = data.unmatched
    uz = u["site_id"].map(zone).fillna(NO_ZONE) if len(u) else pd.Series(dtype=str)
    per_zone["unmatched_flows"] = [int((uz == z).sum()) for z in per_zone["zone"]]
    zf = data.zone_flows
    pairs = zf[~zf["inside"].astype(bool)] if len(zf) else zf
    return per_zone, pairs.sort_values(["net_benefit_eur_per_yr", "source_zone"], ascending=[False, True],
                                       kind="stable")


def zone_tables(data: RunData, lang: str) -> str:
    """zones.csv (the run's allocation rule) and the exchanges between two zones; the totals
    row is the run's own (summary), which the zones add up to."""
    per_zone, pairs = zone_totals(data)
    if len(per_zone) == 0:   # no solution writes no zones.csv, while the map draws the sites
        return f'<p class="empty">{_e(i18n.text("no_sites" if data.has_solution else "zones_none_nosol", lang))}</p>'
    rows = []
    for r in per_zone.head(MAX_TABLE_ROWS).to_dict("records"):
        rows.append(f'<tr><td>{_e(zone_label(r["zone"], lang))}</td>' + td_num(r["n_sites"], lang) + td_num(r["links_inside"], lang)
                    + td_num(r["links_in"], lang) + td_num(r["links_out"], lang)
                    + td_money(r["net_benefit_eur_per_yr"], lang) + td_co2(r["co2_avoided_t_per_yr"], lang)
                    + td_money(r["investment_eur"], lang) + td_num(r["unmatched_flows"], lang) + "</tr>")
    tot = data.totals
    foot = ("<tfoot><tr><td>" + _e(i18n.text("total", lang)) + "</td>" + td_num(per_zone["n_sites"].sum(), lang)
            + "<td></td><td></td><td></td>" + td_money(tot.get("net_benefit_eur_per_yr"), lang)
            + td_co2(tot.get("co2_avoided_t_per_yr"), lang) + td_money(tot.get("investment_eur"), lang)
            + td_num(len(data.unmatched), lang) + "</tr></tfoot>")
    head = thead([("col_zone", ""), ("col_sites", "#"), ("col_ex_inside", "#"), ("col_ex_in", "#"),
                  ("col_ex_out", "#"), ("col_net", "EUR/yr"), ("col_co2", "tCO2/yr"), ("col_investment", "EUR"),
                  ("col_unmatched_flows", "#")], lang)
    t1 = table("zones-table", head, rows, lang, foot)
    if len(pairs) == 0:
        return t1
    prow = []
    for r in pairs.head(MAX_TABLE_ROWS).to_dict("records"):
        prow.append(f'<tr><td>{_e(zone_label(r["source_zone"], lang))}</td>'
                    f'<td>{_e(zone_label(r["sink_zone"], lang))}</td>'
                    f'<td>{res_cell(data, r["supply_resource"], r["demand_resource"], lang)}</td>'
                    + td_num(r["n_links"], lang) + td_money(r["net_benefit_eur_per_yr"], lang)
                    + td_co2(r["co2_avoided_t_per_yr"], lang) + "</tr>")
    phead = thead([("col_from_zone", ""), ("col_to_zone", ""), ("col_resource", ""), ("card_n", "#"),
                   ("col_net", "EUR/yr"), ("col_co2", "tCO2/yr")], lang)
    return (t1 + f'<h3 class="sub">{_e(i18n.text("zones_between", lang))}</h3>'
            + table("zone-pairs-table", phead, prow, lang))


__all__ = ["heat_pump_table", "matches_table", "negotiation", "not_chosen_table", "unmatched_table", "levels_section", "zone_tables",
           "zone_totals", "raw"]


def input_warnings(data: RunData, lang: str) -> str:
    """The section of the run's input warnings (summary.json: plausible but odd values that
    were read as given, and that the figures above rest on), said in `lang`; none without."""
    said = summary_warnings(data.summary, lang)
    if not said:
        return ""
    items = "".join(f"<li>{_e(w)}</li>" for w in said)
    return (f'<section id="inputs"><h2>{_e(i18n.text("inwarn_h", lang))}</h2>'
            f'<p class="lead">{_e(i18n.text("inwarn_lead", lang))}</p><ul class="inwarn">{items}</ul></section>')
