"""The report's section on shared networks: per network what was built (corridors, km,
annual cost, investment, how many candidate corridors eitflow generated), the corridors built,
and each company's share of the network's cost under the allocation rule of
`results.netallocation` (in proportion to what it withdraws)."""

from __future__ import annotations

import eitflow.i18n as i18n
from eitflow.report.names import corridor_ends, corridor_size, run_names
from eitflow.report.style import _e
from eitflow.report.tables import (
    MAX_TABLE_ROWS,
    res_cell,
    table,
    td_amt,
    td_money,
    td_num,
    td_site,
    thead,
    truncation_note,
)
from eitflow.results.catalogueprices import linear_costs as network_linear_costs
from eitflow.results.rundir import RunData

__all__ = ["network_section"]


def linear_costs(data: RunData) -> list[tuple[str, float, float, float, str]]:
    """`results.network.linear_costs` of a run directory (the report's note and the brief's)."""
    return network_linear_costs(((data.summary.get("networks") or {}).get("by_resource")) or {}, data.corridors)


def _linear_notes(data: RunData, lang: str) -> str:
    """Per linearly sized network, what its corridors would cost at the catalogue's prices
    (`linear_costs`): the table's costs are the linear estimate's."""
    from eitflow.report.names import network_name

    out = []
    for r, cost, est, inv, sizing in linear_costs(data):
        how = i18n.text(f"linear_how_{sizing}", lang)
        note = i18n.text("networks_linear_note" if cost >= est else "networks_linear_note_less", lang,
                         net=network_name(r, lang), how=how, sized=i18n.text(f"sized_{sizing}", lang),
                         cost=i18n.money(cost, lang),
                         inv=i18n.money(inv, lang), pct=i18n.percent(abs(cost / est - 1.0), lang, 0))
        out.append(f'<p class="rule">{_e(note)}</p>')
    return "".join(out)


def _gas_notes(nets: dict, lang: str) -> str:
    """Per network with a purity or a pressure (hydrogen: summary.json's, the scenario's or
    else its supplies' lowest purity and highest pressure), what it runs at: the purity decides
    who may inject and withdraw, the pressure the compression its connections pay."""
    from eitflow.report.names import network_name

    out = []
    for r, nw in sorted(nets.items()):
        purity, bar = nw.get("purity"), nw.get("pressure_bar")
        if purity is None and bar is None:
            continue
        parts = ([i18n.text("networks_purity", lang, v=i18n.amount(purity, lang, 6))]
                 if purity is not None else []) + \
            ([i18n.text("networks_pressure", lang, v=i18n.number(bar, lang, 1).rstrip("0").rstrip(".,"))]
             if bar is not None else [])
        note = i18n.text("networks_gas_note", lang, net=network_name(r, lang), what=", ".join(parts))
        out.append(f'<p class="lead">{_e(note)}</p>')
    return "".join(out)


def _existing_notes(nets: dict, lang: str) -> str:
    """Per network using existing pipes, how many and their km: the table above counts the
    corridors built (new ones), so a network running on an existing pipe alone read
    '0 built, 0.00 km' beside that pipe in the table of corridors."""
    from eitflow.report.names import network_name

    out = []
    for r, nw in sorted(nets.items()):
        if nw.get("existing_in_use"):
            note = i18n.text("networks_existing_note", lang, net=network_name(r, lang),
                             e=i18n.counted(nw["existing_in_use"], "n_existing_in_use", lang),
                             km=i18n.number(nw["length_existing_km"], lang, 1))
            out.append(f'<p class="lead">{_e(note)}</p>')
    return "".join(out)


def _balance_table(data: RunData, nets: dict, lang: str) -> str:
    """What enters each network and leaves it (summary.json's ``networks.by_resource.<r>.
    balance``, `results.netbalance`: the Sankey's network node shows the same figures); "" for a
    run written before eitflow said it."""
    t = lambda k, **kw: i18n.text(k, lang, **kw)  # noqa: E731
    rows, notes = [], []
    # a heat pump's electricity only on a heat network's balance (a hydrogen one has none: its
    # cell is empty, and the column is left out where no network has the figure)
    pumps = any("heat_pump_electricity" in (nw.get("balance") or {}) for nw in nets.values())
    keys = ["injected_by_supplies", *(["heat_pump_electricity"] if pumps else []), "into_network", "losses", "withdrawn"]
    for r, nw in sorted(nets.items()):
        b = nw.get("balance")
        if not b:
            continue
        rows.append(f"<tr><td>{res_cell(data, r, None, lang)}</td><td>{_e(i18n.unit(b['unit'], lang))}</td>"
                    + "".join(td_amt(b[k], lang) if k in b else "<td></td>" for k in keys) + "</tr>")
        if not b.get("closes", True):
            from eitflow.report.names import network_name
            notes.append(f'<p class="lead warn">{_e(t("networks_balance_open", net=network_name(r, lang), gap=i18n.amount(b["unaccounted"], lang), unit=i18n.unit(b["unit"], lang)))}</p>')
    if not rows:
        return ""
    # the sentence as the table: heat pumps and heat lost only where a heat network is shown
    rule = t("networks_balance_rule" if pumps else "networks_balance_rule_gas")
    return (f'<h3>{_e(t("networks_balance_h"))}</h3><p class="rule">{_e(rule)}</p>'
            + table("network-balance-table", thead([("col_network", ""), ("col_unit", ""), ("col_bal_injected", "#"),
                                                    *([("col_bal_pumps", "#")] if pumps else []), ("col_bal_into", "#"),
                                                    ("col_bal_losses", "#"), ("col_bal_withdrawn", "#")], lang),
                    rows, lang) + "".join(notes))


def network_section(data: RunData, lang: str) -> str:
    """`<section id="networks">`, or "" when the run has no shared network."""
    nets = ((data.summary.get("networks") or {}).get("by_resource")) or {}
    if not nets or data.corridors is None:
        return ""
    t = lambda k, **kw: i18n.text(k, lang, **kw)  # noqa: E731
    nm = run_names(data, lang)
    rows = []
    # a temperature column only where a network has one (heat, steam): of a hydrogen or CO2
    # pipeline alone it read 'Temperature degC: -'
    hot = any(nw.get("temperature_c") is not None for nw in nets.values())
    for r, nw in sorted(nets.items()):
        temp, back = nw.get("temperature_c"), nw.get("return_temperature_c")
        # supply/return, as heat networks are named (90/60), where the return is stated
        said = "–" if temp is None else (None if back is None else
                                         f"{i18n.number(temp, lang, 0)}/{i18n.number(back, lang, 0)}")
        rows.append(f"<tr><td>{res_cell(data, r, None, lang)}</td>"
                    + (td_num(temp, lang, 0, said) if hot else "")
                    + td_num(nw["candidate_corridors"], lang) + td_num(nw["generated_corridors"], lang)
                    + td_num(nw["corridors_built"], lang) + td_num(nw["length_built_km"], lang, 2)
                    + td_money(nw["annual_cost_eur_per_yr"], lang) + td_money(nw["investment_eur"], lang) + "</tr>")
    summary = table("networks-table", thead([("col_network", "")] + ([("col_temperature", "degC")] if hot else []) + [
                                              ("col_candidates", "#"), ("col_generated", "#"), ("col_built", "#"),
                                              ("col_length", "km"), ("col_annual_cost", "EUR/yr"),
                                              ("col_investment", "EUR")], lang), rows, lang)
    summary += _existing_notes(nets, lang) + _gas_notes(nets, lang) + _linear_notes(data, lang) \
        + _balance_table(data, nets, lang)
    c = data.corridors.sort_values(["resource", "flow"], ascending=[True, False], kind="stable")
    rows, both_ways = [], []
    for rec in c.head(MAX_TABLE_ROWS).to_dict("records"):
        a, b, both = corridor_ends(rec)   # from the end the flow leaves to the one it reaches
        if both:
            u = i18n.unit(rec["unit"], lang)
            both_ways.append(t("networks_both_ways_one", id=rec["corridor_id"], a=nm.get(a, a), b=nm.get(b, b),
                               ab=i18n.amount(rec["flow_forward"], lang), ba=i18n.amount(rec["flow_backward"], lang),
                               unit=u))
        size = corridor_size(rec, lang)
        rated = rec["capacity_rated"]   # a corridor with its own costs and no capacity: unbounded
        # a capacity corridors.csv gave, in its unit (1 kt/an, not 0,11 t/h; an older run has none)
        given = isinstance(rec.get("capacity_given_unit"), str) and rec["capacity_given_unit"] != ""
        shown, cu = (rec["capacity_given"], rec["capacity_given_unit"]) if given else (rated, rec["capacity_unit"])
        cap = (f'{i18n.number(shown, lang, 2)} {i18n.unit(cu, lang)}' if rated == rated and
               abs(rated) != float("inf") else t("map_corridor_unbounded"))
        rows.append("<tr>" + td_site(nm.get(a, a), a) + td_site(nm.get(b, b), b)
                    + td_site(size, str(rec["corridor_id"])) + td_num(rec["length_km"], lang, 2)
                    + td_num(rec["capacity_rated"], lang, text=cap)
                    + td_amt(rec["flow"], lang) + td_amt(rec["peak"], lang) + td_amt(rec["loss"], lang)
                    + f'<td>{_e(i18n.unit(rec["unit"], lang))}</td>'
                    + td_money(rec["annual_cost_eur_per_yr"], lang)
                    + td_money(rec["investment_eur"], lang) + "</tr>")
    corridors = (truncation_note(len(c), "corridors.csv", lang)
                 + table("corridors-table", thead([("col_from", ""), ("col_to", ""), ("col_size", ""), ("col_length", "km"), ("col_capacity", "#"),
                                                    ("col_flow", "#"), ("col_peak", "#"), ("col_bal_losses", "#"),
                                                    ("col_unit", ""), ("col_annual_cost", "EUR/yr"),
                                                    ("col_investment", "EUR")], lang), rows, lang))
    if both_ways:
        corridors += f'<p class="lead">{_e(t("networks_both_ways", corridors=t("list_sep").join(both_ways)))}</p>'
    if not len(c):   # a table of headers alone said nothing: the plan leaves the network unused
        corridors = f'<p class="lead">{_e(t("networks_none_built"))}</p>'
    # the table lists the existing pipes in use too: "Corridors built" above 8 rows for 6 built
    head = "networks_corridors_existing_h" if bool(c["existing"].astype(bool).any()) else "networks_corridors_h"
    sh = data.network_shares
    shares = ""
    if sh is not None and len(sh):
        rows = []
        # the suppliers' connections the network pays (a run written before eitflow said them: no column)
        conn = "supplier_connections_share_eur" in sh and bool(sh["supplier_connections_share_eur"].fillna(1.0).ne(0.0).any())
        pumps = "heat_pumps_share_eur" in sh and bool(sh["heat_pumps_share_eur"].fillna(0.0).ne(0.0).any())  # at injections
        hubs = "hubs_share_eur" in sh and bool(sh["hubs_share_eur"].fillna(0.0).ne(0.0).any())   # standing on it
        # the hubs' part of the cost share, said apart: the rest is summary.json's network cost (corridors)
        hub_cost = "hubs_cost_share_eur_per_yr" in sh and bool(sh["hubs_cost_share_eur_per_yr"].fillna(0.0).ne(0.0).any())
        for rec in sh.head(MAX_TABLE_ROWS).to_dict("records"):
            s = str(rec["site_id"])
            # a piece of a network that no corridor joins to the rest (`results.netparts.by_piece`)
            piece = str(rec.get("network", "")).partition("#")[2]
            what = res_cell(data, rec["resource"], None, lang) + (f' <small>{_e(t("network_piece_cell", n=piece))}</small>'
                                                                  if piece else "")
            rows.append(f"<tr><td>{what}</td>" + td_site(nm.get(s, s), s)
                        + td_amt(rec["withdrawn"], lang) + f'<td>{_e(i18n.unit(rec["unit"], lang))}</td>'
                        + td_num(rec["share"], lang, text=i18n.percent(rec["share"], lang, 1))
                        + td_money(rec["cost_share_eur_per_yr"], lang)
                        + (td_money(rec["corridors_cost_share_eur_per_yr"], lang)
                           + td_money(rec["hubs_cost_share_eur_per_yr"], lang) if hub_cost else "")
                        + td_money(rec["investment_share_eur"], lang)
                        + (td_money(rec["supplier_connections_share_eur"], lang) if conn else "")
                        + (td_money(rec["heat_pumps_share_eur"], lang) if pumps else "")
                        + (td_money(rec["hubs_share_eur"], lang) if hubs else "") + "</tr>")
        shares = (f'<h3>{_e(t("networks_shares_h"))}</h3><p class="rule">{_e(t("networks_rule"))}</p>'
                  f'<p class="rule" id="network-investment-rule">{_e(t("networks_investment_rule"))}</p>'
                  + truncation_note(len(sh), "network_shares.csv", lang)
                  + table("network-shares-table", thead([("col_network", ""), ("col_company", ""),
                                                          ("col_withdrawn", "#"), ("col_unit", ""), ("col_share", "%"),
                                                          ("col_cost_share", "EUR/yr")]
                                                         + ([("col_corridors_cost_share", "EUR/yr"),
                                                             ("col_hubs_cost_share", "EUR/yr")] if hub_cost else [])
                                                         + [("col_investment_share", "EUR")]
                                                         + ([("col_supplier_connections_share", "EUR")] if conn else [])
                                                         + ([("col_heat_pumps_share", "EUR")] if pumps else [])
                                                         + ([("col_hubs_share", "EUR")] if hubs else []),
                                                         lang), rows, lang))
    return (f'<section id="networks"><h2>{_e(t("networks_h"))}</h2><p class="lead">{_e(t("networks_lead"))}</p>'
            f"{summary}<h3>{_e(t(head))}</h3>{corridors}{shares}</section>")
