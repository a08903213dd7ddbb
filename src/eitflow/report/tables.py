"""HTML building blocks of the report: table cells, headers, status block and key-figure cards.

Every number is formatted by `eitflow.i18n` (Babel) in the report's language; each numeric
cell carries its raw value in ``data-v`` so that sorting (and the tests) read the exact
figure, not its rendering.
"""

from __future__ import annotations

import math

import eitflow.i18n as i18n
from eitflow.report.names import is_network
from eitflow.report.style import STATUS_CLASS, _e, colours_of
from eitflow.results.rundir import RunData
from eitflow.results.summary import (
    gap_text,
    money_stage_line,
    no_paying_plan,
    status_word,
    summary_message,
    time_limit_of,
)

MAX_TABLE_ROWS = 1000  # rows shown per table in the HTML; the CSV files hold every row
# rows a long table shows on screen before its "show all" button: a region's report listed 744
# unmatched flows, 96,000 px of page; the other rows stay in the page (found, sorted, printed)
FOLD_ROWS = 30

#: an objective's figures in the analyses' tables, in the unit of the row's objective_unit
#: (EUR/yr where a table has none; pareto's bound_eur_per_yr says its unit in its name)
OBJECTIVE_COLUMNS = ("objective", "objective_lost", "objective_lost_fresh", "objective_at_catalogue", "bound")


def column_decimals(col: str, objective_unit: str | None = None) -> int | None:
    """Decimals of a table column's figures (`i18n.column_parts`); an objective's those of its
    `objective_unit`'s columns (15 063 909 €/an as the net benefit beside it: it read 15 063 908,6)."""
    if col in OBJECTIVE_COLUMNS:
        return next((d for _, u, d in i18n.COLUMN_UNITS if u == (objective_unit or "EUR/yr")), None)
    return i18n.column_parts(col)[2]


def raw(v) -> str:
    return "" if v is None or (isinstance(v, float) and not math.isfinite(v)) else f"{float(v):.10g}"


def td_num(v, lang: str, digits: int = 0, text: str | None = None) -> str:
    return f'<td class="n" data-v="{raw(v)}">{_e(text if text is not None else i18n.number(v, lang, digits))}</td>'


def td_amt(v, lang: str) -> str:
    return td_num(v, lang, text=i18n.amount(v, lang))


def td_money(v, lang: str, digits: int = 0) -> str:
    return td_num(v, lang, text=i18n.number(v, lang, digits))


def td_co2(v, lang: str) -> str:
    """A tCO2/yr cell to its unit's decimals (`column_decimals`), as the cards, the status line and
    the map say it: a totals row read 50 167 under the card's 50 167,5 tCO2/an."""
    return td_num(v, lang, column_decimals("co2_avoided_t_per_yr") or 0)


def td_site(name: str, code: str) -> str:
    """A site cell: its name, with the code underneath in grey (and as the tooltip); a shared
    network's internal id is kept out of sight (its name says what it is)."""
    net = is_network(code)
    sub = f'<small class="code">{_e(code)}</small>' if code and code != name and not net else ""
    return f'<td class="site-cell" title="{_e(name if net else code)}" data-code="{_e(code)}">{_e(name)}{sub}</td>'


def res_cell(data: RunData, rs: str, rd: str | None, lang: str) -> str:
    c = colours_of(data).get(rs, "#555")
    txt = i18n.resource_pair(rs, rd, lang)
    return f'<span class="res"><i style="background:{c}"></i>{_e(txt)}</span>'


def sent_received(rec: dict, lang: str) -> str:
    """What an exchange (a row of matches.csv) sends and what its user receives, each with its
    unit and resource, where the two differ: a converted exchange (zae_example's sludge made into
    fertiliser, 0.02 t per t: 'envoyé : 2 500 t/an (boues) ; reçu : 50 t/an (fertilisant)') and
    one resource losing some on the way, said once in the shorter form the brief's rows keep on one
    line (heat in a pipe at the catalogue's 0.2 %/km: 'chaleur, 20 000 MWh/an envoyés, 19 900
    reçus'), as explain, compare and alternatives say it (`results.sentgot`, the one rule and
    wording: sent first). "Differs" is `results.sentgot.received_differs` (another unit, or
    amounts apart by more than the solver's noise that read apart too). The
    amount received is matches.csv's `demand_amount` (sent x yield x what the pipe keeps,
    `Statistics.links`), never worked out again here. "" for an exchange received as sent (1 t
    of slag as 1 t of cement additive: its `amount` says both) and for a run written without
    `demand_amount`; `exchange_said` then says its resources and amount.

    Parameters
    ----------
    rec : dict
        A row of matches.csv (or a sum of rows of one pair and resources): supply_resource,
        demand_resource, amount and unit (what is sent, `unit`/yr, the supply's base unit),
        demand_amount and demand_unit (what is received, `demand_unit`/yr, the demand's).
    lang : str
        The report's language.

    Returns
    -------
    str
        The sentence, or "".
    """
    from eitflow.results.sentgot import received_differs, sent_received_phrase

    rs, rd, got = rec.get("supply_resource"), rec.get("demand_resource"), rec.get("demand_amount")
    if not isinstance(rd, str) or not received_differs(float(rec["amount"]), str(rec["unit"]), got, rec.get("demand_unit")):
        return ""   # received as sent (slag used as cement additive, 1 t per t): its amount says both
    return sent_received_phrase(str(rs), float(rec["amount"]), str(rec["unit"]), rd, float(got),
                                str(rec["demand_unit"])).say(lang)


def exchange_said(rec: dict, lang: str) -> str:
    """An exchange's resources and amounts in one phrase, the same in every view (the brief's
    rows, the map's arrows, the Sankey's bands): what is sent and what is received where they
    differ (`sent_received`), else its resource(s) and amount: 'laitier → ajout cimentaire,
    10 000 t/an', 'chaleur, 60 000 MWh/an'.

    Parameters
    ----------
    rec : dict
        As `sent_received`'s.
    lang : str
        The report's language.

    Returns
    -------
    str
        The phrase.
    """
    rs, rd = str(rec["supply_resource"]), rec.get("demand_resource")
    what = i18n.resource_pair(rs, rd if isinstance(rd, str) else None, lang)
    return sent_received(rec, lang) or f'{what}, {i18n.amount(rec["amount"], lang)} {i18n.unit(str(rec["unit"]), lang)}'


def thead(cols: list[tuple[str, str]], lang: str, labels: dict[str, str] | None = None,
          classes: dict[str, str] | None = None) -> str:
    """Header row from (message key, unit); a unit other than "" or "#" goes on a second line;
    "#" or a unit marks a numeric column. `labels`: a key's header in place of its message (a
    shorter one, its detail in a legend under the table); `classes`: a key's header's class
    (resilience's lists, left out of the printed table: `report.resilience`)."""
    cells = []
    for key, unit in cols:
        label = (labels or {}).get(key) or i18n.text(key, lang)
        names = " ".join(c for c in ("n" if unit else "", (classes or {}).get(key, "")) if c)
        cls = f' class="{names}"' if names else ""
        sub = f"<small>{_e(i18n.unit(unit, lang))}</small>" if unit and unit != "#" else ""
        cells.append(f'<th{cls}><span class="lab">{_e(label)}</span>{sub}</th>')
    return f"<thead><tr>{''.join(cells)}</tr></thead>"


def table(tid: str, head: str, rows: list[str], lang: str, foot: str = "", note: str = "") -> str:
    """A sortable table (`note` above it). Over FOLD_ROWS rows, the page's script shows the first
    FOLD_ROWS (of the current sort) and a button for the others; without the script, and on
    paper, every row shows."""
    fold = ""
    if len(rows) > FOLD_ROWS:
        more = i18n.text("table_more", lang, n=i18n.number(len(rows) - FOLD_ROWS, lang),
                         total=i18n.number(len(rows), lang))
        fold = f' data-fold="{FOLD_ROWS}" data-more="{_e(more)}" data-less="{_e(i18n.text("table_less", lang))}"'
    return (f'{note}<div class="tablewrap"><table id="{tid}" class="sortable"{fold}>{head}<tbody>{"".join(rows)}'
            f'</tbody>{foot}</table></div>')


def truncation_note(n: int, file: str, lang: str) -> str:
    if n <= MAX_TABLE_ROWS:
        return ""
    return (f'<p class="muted">{_e(i18n.text("table_truncated", lang, shown=i18n.number(MAX_TABLE_ROWS, lang), n=i18n.number(n, lang)))} '
            f'<code>{_e(file)}</code></p>')


def seconds(v, lang: str) -> str:
    """A time limit in seconds as the language writes it: 60.0 -> '60', 2.5 -> '2,5' (fr)."""
    if not isinstance(v, (int, float)):
        return "–"
    return i18n.number(v, lang, 0 if float(v).is_integer() else len(f"{float(v):g}".partition(".")[2]))


def built_count(s: dict) -> int:
    """What a run's plan builds (summary.json's counts): exchanges, hubs, supplies and network
    corridors; 0 for a plan that builds nothing."""
    counts = s.get("counts") or {}
    return counts.get("chosen_links", 0) + counts.get("built_hubs", 0) + counts.get("built_supplies", 0) + \
        sum(n.get("corridors_built", 0) for n in ((s.get("networks") or {}).get("by_resource") or {}).values())


def status_words(s: dict, lang: str) -> tuple[str, str, str]:
    """(css class, headline, detail) of a run's status, in words."""
    st = s.get("status", "unknown")
    unit = i18n.unit(s.get("objective_unit", ""), lang)
    cls = STATUS_CLASS.get(st, "bad")
    gap, target, bound, obj = s.get("gap"), s.get("mip_gap_target"), s.get("bound"), s.get("objective")
    msg = summary_message(s, lang)
    # a sentence of its own after "Objective ... EUR/yr.": its first letter a capital (after
    # "Reason given:" it stays as it is)
    own = f" {msg[:1].upper()}{msg[1:]}" if msg else ""
    # to its unit's decimals, as the cards (a CO2 objective read 50 172 tCO2/an over 50 171,6)
    dec = column_decimals("objective", s.get("objective_unit")) or 0
    if obj is None:
        head = i18n.text({"infeasible": "status_infeasible", "time_limit": "status_time_limit",
                          "error": "status_error"}.get(st, "status_no_solution"), lang)
        small = (i18n.text("status_reason", lang, msg=msg) + " " if msg else "") + i18n.text("status_nothing", lang)
    elif st == "optimal":
        head = i18n.text("status_optimal", lang, gap=i18n.gap_percent(gap or 0.0, lang), target=i18n.gap_percent(target, lang))
        small = i18n.text("status_optimal_small", lang, obj=i18n.number(obj, lang, dec),
                          bound=i18n.number(bound, lang, dec), unit=unit) + own
        key = f"status_nothing_worth_{s.get('objective_name')}"
        if not built_count(s) and i18n.has_text(key):   # proven: nothing pays. Said first, in plain words
            head, small = i18n.text(key, lang), f"{head} {small}"
    else:
        tl = time_limit_of(s)   # the one the solve had: PuLP's solver's, not the scenario's
        limit = i18n.text("status_time_limit_of", lang, s=seconds(tl, lang)) if tl is not None else ""
        head = i18n.text("status_feasible", lang, bound=i18n.number(bound, lang, dec), unit=unit, gap=gap_text(s, lang),
                         limit=limit) if bound is not None else i18n.text("status_feasible_no_bound", lang, limit=limit)
        small = i18n.text("status_feasible_small", lang, obj=i18n.number(obj, lang, dec), unit=unit) + own
        if said := no_paying_plan(s, lang, sentence=True):
            # "build nothing" under a higher bound: what was (not) found and what may be, in plain
            # words; the solver's figures (its objective 0, its bound) stay below
            head, small = said, i18n.text("status_optimal_small", lang, obj=i18n.number(obj, lang, dec),
                                          bound=i18n.number(bound, lang, dec), unit=unit) + own
    said = money_stage_line(s, lang)   # objective co2: which plan the money figures describe
    return cls, head, small + (f" {said}" if said else "")


def status_block(s: dict, lang: str) -> str:
    cls, head, small = status_words(s, lang)
    st = s.get("status", "unknown")
    label = status_word(st, lang)
    return (f'<div class="status {cls}" id="status"><span class="badge" data-status="{_e(st)}">{_e(label)}</span>'
            f'<div><p>{_e(head)}</p><p class="small">{_e(small)}</p></div></div>')


def key_figures(data: RunData, lang: str) -> list[dict]:
    """The key figures of a run, each with its exact value (for the cards, the brief, the tests)."""
    s = data.summary
    tot, cnt, par = s.get("totals", {}), s.get("counts", {}), s.get("parameters", {})
    nb, co2, inv = tot.get("net_benefit_eur_per_yr"), tot.get("co2_avoided_t_per_yr"), tot.get("investment_eur")
    cp = par.get("carbon_price_eur_per_t")
    nb_sub = i18n.text("card_net_sub", lang, v=i18n.money(nb, lang)) + \
        (i18n.text("card_net_sub_co2", lang, cp=i18n.money(cp, lang)) if cp else "")
    inv_sub = (i18n.text("card_inv_sub", lang, v=i18n.money(inv, lang),
                         r=i18n.share_said(par["discount_rate"], lang),
                         n=i18n.number(par["lifetime_years"], lang))
               if "discount_rate" in par and "lifetime_years" in par else i18n.money(inv, lang))
    n = int(cnt.get("chosen_links", len(data.matches)))
    cards = [
        {"id": "card-net", "key": "net_benefit_eur_per_yr", "value": nb, "label": i18n.text("card_net", lang),
         **_figure(nb, "EUR/yr", lang), "sub": nb_sub},
        {"id": "card-co2", "key": "co2_avoided_t_per_yr", "value": co2, "label": i18n.text("card_co2", lang),
         **_figure(co2, "tCO2/yr", lang),
         "sub": i18n.text("card_co2_sub", lang, v=i18n.number(co2, lang, column_decimals("co2_avoided_t_per_yr") or 0))},
        {"id": "card-inv", "key": "investment_eur", "value": inv, "label": i18n.text("card_inv", lang),
         **_figure(inv, "EUR", lang), "sub": inv_sub},
        {"id": "card-n", "key": "chosen_links", "value": n, "label": i18n.text("card_n", lang),
         "big": i18n.number(n, lang), "unit": "", "tail": "",
         # "retenu" agrees with the big figure: French singular for 0 and 1; no candidate at all is
         # said so ("retenu parmi 0 liaison candidate" read as a count of nothing)
         "sub": (i18n.counted(n, "card_n_sub", lang,
                              c=i18n.counted(cnt.get("candidate_links", 0), "n_cand_links", lang),
                              s=i18n.number(cnt.get("sites", 0), lang)) if cnt.get("candidate_links", 0)
                 else i18n.text("card_n_sub_none", lang, s=i18n.number(cnt.get("sites", 0), lang)))
                + _network_sub(data, lang)},
    ]
    return _no_paying_cards(cards, s, lang)


def _figure(v, unit: str, lang: str) -> dict[str, str]:
    """A card's figure: `big` in short form, `tail` what follows it on the card and in a sentence
    (`i18n.short_parts`: '15,1\xa0M' and '€/an', '15.1M' and '\xa0EUR/yr'), `unit` the unit alone
    (a workbook's label), `unit_code` as the code writes it."""
    big, tail = i18n.short_parts(v, unit, lang)
    return {"big": big, "tail": tail, "unit": i18n.unit(unit, lang), "unit_code": unit}


def _no_paying_cards(cards: list[dict], s: dict, lang: str) -> list[dict]:
    """The cards of a run stopped with "build nothing" under a higher bound (its status: no paying
    plan found, and what may be, `results.summary.no_paying_plan`): each figure is the empty plan's,
    0 EUR/yr beside "no paying plan found", read as the result. Each shows "—" with no value, the
    objective's card the bound still possible, the others why there is no figure; the exchanges'
    card keeps its candidates. Other runs' cards as they are."""
    said = no_paying_plan(s, lang, form="none")
    if not said:
        return cards
    own = "co2_avoided_t_per_yr" if s.get("objective_name") == "co2" else "net_benefit_eur_per_yr"
    cnt = s.get("counts") or {}
    out = []
    for c in cards:
        sub = (no_paying_plan(s, lang, form="card") if c["key"] == own else
               i18n.text("card_n_sub_no_plan", lang, c=i18n.counted(cnt.get("candidate_links", 0), "n_cand_links", lang),
                         s=i18n.number(cnt.get("sites", 0), lang), none=said) if c["key"] == "chosen_links" else said)
        # no figure: "—", and its unit after it as after any figure (the exchanges' card has none)
        tail = i18n.short_parts(None, c["unit_code"], lang)[1] if c.get("unit_code") else ""
        out.append({**c, "value": None, "big": "—", "tail": tail, "sub": sub})
    return out


def _network_sub(data: RunData, lang: str) -> str:
    """'; 8 connected through a shared network (9.8 km of corridors)': an exchange with a
    network is a connection, not a pipe between two companies, and the reader must know."""
    from eitflow.report.names import is_network

    m = data.matches
    if m is None or not len(m):
        return ""
    k = int(sum(is_network(str(a)) or is_network(str(b)) for a, b in zip(m["source_site"], m["sink_site"])))
    if not k:
        return ""
    by = ((data.summary.get("networks") or {}).get("by_resource") or {}).values()
    km = sum(float(r.get("length_built_km") or 0.0) for r in by)
    old = sum(float(r.get("length_existing_km") or 0.0) for r in by)   # existing pipes in use: km too
    if old > 0:
        return i18n.text("card_n_sub_net_existing", lang, k=i18n.number(k, lang), km=i18n.number(km, lang, 1),
                         ekm=i18n.number(old, lang, 1))
    return i18n.text("card_n_sub_net", lang, k=i18n.number(k, lang), km=i18n.number(km, lang, 1))


def cards(data: RunData, lang: str) -> str:
    if not data.has_solution:
        return ""
    out = ['<div class="cards">']
    for c in key_figures(data, lang):
        out.append(f'<div class="card" id="{c["id"]}" data-key="{c["key"]}" data-v="{raw(c["value"])}">'
                   f'<div class="label">{_e(c["label"])}</div>'
                   f'<div class="value">{_e(c["big"])}<span class="u">{_e(c["tail"])}</span></div>'
                   f'<div class="sub">{_e(c["sub"])}</div></div>')
    out.append("</div>")
    return "".join(out)
