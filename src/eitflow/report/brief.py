"""The one-page brief for elected officials: status in words, key figures, the map and the
top synergies by net benefit and by CO2 avoided, on one A4 landscape page.

It is an HTML page of its own (`brief.html`), printed to PDF by headless Chromium
(`report.pdf`). Every figure is the run's own (summary totals, matches), formatted in the
report's language; nothing is computed here that the full report does not show. An exchange's
net benefit is matches.csv's `net_benefit_after_shares_eur_per_yr` and its CO2 avoided
`co2_avoided_after_shares_t_per_yr` (the rule of `results.shares`): an exchange after its share
of the annual cost of a supply or activity built for it, a shared network's delivery after its
share of the network's cost, a hub's delivery after its share of the hub's cost and of the legs
into the hub, money and CO2 (those legs then count 0), so the exchanges add up to the headlines.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

import eitflow.i18n as i18n
from eitflow._version import __version__
from eitflow.report.basemap import SOURCE_NOTE
from eitflow.report.briefhead import header_extra_px, title_size
from eitflow.report.briefnotes import TOP_MORE_PX, decision, legend_room, linear_note, top_more, units_note
from eitflow.report.briefroutes import ROUTE_CHARS as ROUTE_CHARS  # re-exported, as route_names and site_list
from eitflow.report.briefroutes import SITES_CHARS, route_names, route_span, said_small, site_list
from eitflow.report.briefstatus import brief_status, no_exchange_said, siting_left_out
from eitflow.report.css import CSS
from eitflow.report.html import legend, page, report_lang, sweep_run_said, write_page
from eitflow.report.labelgeom import text_width
from eitflow.report.map import MAX_LABEL, MapLayout, map_layout
from eitflow.report.map import names_at_most as _names_at_most
from eitflow.report.mapsvg import map_svg
from eitflow.report.names import distinct_short, run_names, short_name
from eitflow.report.phonemap import PHONE_MAP_JS
from eitflow.report.siting import brief_siting_note, plots_layer
from eitflow.report.style import _e, colours_of, e_ticked, res_name
from eitflow.report.tables import exchange_said, key_figures, raw, status_words, td_co2, td_money
from eitflow.results.heatpumps import heat_pump_note, heat_pump_said
from eitflow.results.rundir import RunData
from eitflow.results.shares import network_lines
from eitflow.results.summary import no_paying_plan, status_word

TOP_N = 5

#: The page crops what runs past it (one A4 page), and the layout above only estimates heights
#: (the map gives up 28 px per note line): a region's brief (Hotmaps 84, a generated network:
#: four-line cards, a three-line note) lost its last note and half a table row. Measured in the
#: browser that prints it, content taller than the page is scaled down as a whole until it fits
#: (at most to 60 %); a page that fits is left as it is, and so is the phone's one column. The
#: map's height is estimated with the notes under it, the legend's rows and the header's lines
#: (`report.briefhead`), each a little roughly: eleven resources and a network (three legend rows) ran 6 px past the page, printed at
#: 99.2 %. So the map gives up its column's overflow first (its drawing scaled, at most to 85 %, centred
#: in its frame, `data-shrink`): its labels a little smaller, the text of the page as written;
#: the zoom only for what is left. The map's column keeps MARGIN px free above the page's end
#: (`BRIEF_MARGIN_PX`): redon_h2's French brief fitted with 3 px to spare, a font's rounding from a
#: page scaled down. So does the right column (the top tables, whose height nothing estimates):
#: the zoom brings the page's lowest box, in either column, MARGIN px above the page's end (it
#: brought it to the end itself: a right column ending 0 to 8 px above it was left as it was).
#: A row's second line (what it carries, its amount, its heat pumps: `small`) is on one line,
#: into the padding beside it, but wraps where it would come within GAP px of the row's figure
#: (measured: the figures are right-aligned, so how far a line may run depends on the figure);
#: it ran on under the figure and past the page's right edge, which crops it.
BRIEF_MARGIN_PX = 8
#: the right column (the two top tables), measured in Chromium on the bundled briefs at 1,054 x 794
#: px: it starts 254.8 px below the page's top (712 px high) with the header the page was set for
#: and may end BRIEF_MARGIN_PX above its end; a table's heading and head 61.5 px (21 + 33 + 7.5 of
#: margin), 7 px between the tables, a row of two lines 31.5 px, a line naming a network's sites
#: 12.6 px more. With five rows in each (445 px) tavaux_h2's column ended 4.2 px inside that room:
#: a decision on three lines (36 px more) printed the page at zoom 0.952
TOP_ROOM_PX = 712.0 - BRIEF_MARGIN_PX - 254.8
TOP_HEAD_PX, TOP_GAP_PX, TOP_ROW_PX, TOP_SITES_PX = 61.5, 7.0, 31.5, 12.6
#: a route's line past its first (11.5 px at line height 1.3: 14.95 px)
TOP_ROUTE_PX = 15.0
FIT_JS = """(function(){var MAP_SHRINK=0.85,MARGIN=@MARGIN@,GAP=6;var p=document.querySelector('.brief-page'),f=p&&p.querySelector('.fit');if(!f)return;
function low(r){var b=0;(r||f).querySelectorAll('*').forEach(function(e){if(!(e instanceof SVGElement)||e.tagName==='svg')
b=Math.max(b,e.getBoundingClientRect().bottom);});return b-p.getBoundingClientRect().top;}
var room=p.clientHeight,z=1;if(getComputedStyle(p).overflow!=='hidden')return;
function ink(e){var r=document.createRange();r.selectNodeContents(e);return r.getBoundingClientRect();}
f.querySelectorAll('td.ex small').forEach(function(s){var n=s.parentNode.nextElementSibling;
if(n&&n.textContent.trim()&&ink(s).right>ink(n).left-GAP)s.style.whiteSpace='normal';});
var m=f.querySelector('#brief-map'),o=m?low(m.parentNode.parentNode)-room+MARGIN:0;if(o>0.5){var mh=m.getBoundingClientRect().height,
k=Math.max(MAP_SHRINK,(mh-o-1)/mh);m.style.width=(100*k).toFixed(2)+'%';m.style.display='block';m.style.margin='0 auto';
m.setAttribute('data-shrink',k.toFixed(3));}
var lim=room-MARGIN;for(var i=0;i<6;i++){var h=low();if(h<=lim+0.5)break;z=Math.max(0.6,z*lim/h*0.995);
f.style.zoom=z;}p.setAttribute('data-zoom',z.toFixed(3));})();""".replace("@MARGIN@", str(BRIEF_MARGIN_PX))

BRIEF_CSS = """
@page{size:A4 landscape;margin:9mm}
html,body{background:#fff}
body.brief{width:1040px;margin:0 auto;font-size:13px}
.brief-page{height:712px;overflow:hidden}
.brief h1{font-size:22px;margin:0;letter-spacing:-.01em;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.brief h1.two{white-space:normal;line-height:16.5px;display:-webkit-box;-webkit-line-clamp:2;-webkit-box-orient:vertical}
.brief .meta{color:var(--muted);font-size:12px;margin:2px 0 8px}
.brief .status{margin:0 0 8px;padding:8px 12px}
.brief .cards{margin:0 0 8px;gap:10px}
.brief .card{padding:8px 12px;box-shadow:none}.brief .card .value{font-size:24px}
.brief .cols{display:grid;grid-template-columns:560px 1fr;gap:16px;align-items:start}
.brief .card .sub{font-size:11.5px;line-height:1.35}
.brief table{table-layout:fixed}.brief th:first-child{width:58%}.brief th:nth-child(2){width:21%}.brief th{font-size:11.5px}
.brief td.ex{white-space:nowrap;overflow:visible}
.brief td.ex .route{display:block;width:calc((100% + 10px) / .58 - 10px);white-space:normal;overflow-wrap:anywhere}
.brief td.n{vertical-align:bottom}
.brief td.ex .sites{font-size:10.5px;line-height:1.2;color:var(--muted)}
.brief td.ex small{display:block;color:var(--muted);font-size:10.5px;line-height:1.2}
.brief td.ex i{display:inline-block;width:8px;height:8px;border-radius:2px;margin-right:5px}
.brief .top h2{font-size:14px}
@media print{.brief .cols,.brief .cards,.brief .status{break-inside:auto}}
.brief .mapbox{border:1px solid var(--line);border-radius:6px;overflow:hidden}
.brief h2{font-size:15px;margin:0 0 4px}
.brief table{font-size:11.5px;line-height:1.3}.brief th,.brief td{padding:1.5px 5px}
.brief .legend{font-size:11.5px;margin-top:6px;gap:4px 12px}
.brief footer{padding:6px 0 0;font-size:11px}
.brief .none{font-size:14px;margin:0;padding:8px 12px;border:1px solid var(--line);border-radius:6px}
.brief .top{margin-bottom:8px}.brief .top:last-child{margin-bottom:0}.brief .note{font-size:10.5px;color:var(--muted);margin:4px 0 0}
.brief .card .sub{font-size:11px}.brief .status .small{font-size:12px}
@media screen and (max-width:820px){body.brief{width:auto;margin:0 8px}.brief-page{height:auto;overflow:visible}
.brief .cols{grid-template-columns:minmax(0,1fr)}.brief .cards{grid-template-columns:repeat(2,minmax(0,1fr))}
.brief th:first-child{width:auto}.brief td.ex{white-space:normal}.brief td.ex .route{width:auto;white-space:normal}
.brief .mapbox{overflow-x:auto}#brief-map{min-width:560px}
.brief h1{white-space:normal;overflow:visible}}
"""


#: an exchange's net benefit and CO2 avoided in the brief: after what was built for it and the
#: shared networks and hubs it goes through (`results.shares`), so the rows add up to the headlines
NET, CO2 = "net_benefit_after_shares_eur_per_yr", "co2_avoided_after_shares_t_per_yr"


def _brief_rows(data: RunData) -> pd.DataFrame:
    """The brief's exchanges: matches.csv's, a shared network's connections as one row of the
    network (`results.shares.network_lines`: its injections and withdrawals together, after its
    corridors; `network` set, source_site its party id): one connection's figure is the
    postage stamp's split (a CO2 terminal bore the whole network's cost, -150,568 EUR/yr at the
    top of the brief, the emitters the gain), not what the network is worth."""
    nets_said = ((data.summary or {}).get("networks") or {}).get("by_resource") or {}
    other, nets = network_lines(data.matches, {r: (nw or {}).get("hubs_on_network") or [] for r, nw in nets_said.items()})
    if not len(nets):
        return other
    nets = nets.assign(source_site=nets["network"], sink_site="", supply_resource=nets["resource"],
                       demand_resource=nets["resource"])
    return pd.concat([other.assign(network=None), nets], ignore_index=True)


def _top_rows(data: RunData, key: str, n: int = TOP_N) -> pd.DataFrame:
    """The `n` first exchanges of the top table by `key` (its rows, in its order)."""
    return _brief_rows(data).sort_values([key, "source_site", "sink_site"], ascending=[False, True, True],
                                         kind="stable", na_position="last").head(n)


def _top_sites(data: RunData) -> tuple[str, ...]:
    """The sites the brief's two top tables name: its map names them first."""
    if len(data.matches) == 0:
        return ()
    tops = [_top_rows(data, k) for k in (NET, CO2)]
    return tuple(dict.fromkeys(str(s) for t in tops for r in t.to_dict("records")
                               for s in ((*r["injecting"], *r["withdrawing"]) if isinstance(r.get("network"), str)
                                         else (r["source_site"], r["sink_site"]))))


def _top(data: RunData, key: str, lang: str, named: frozenset[str] = frozenset(), n: int = TOP_N) -> tuple[str, set[str]]:
    """The top table by `key` and the notes its rows need: "brief_build_note" where it lists an
    exchange of a supply or activity built, "brief_net_note" a network's delivery,
    "brief_hub_note" a hub's leg (shown after their shares). A network's row names the sites it
    counts under it but where the table above names them (`named`: those networks' ids), in
    SITE_LINES lines at most (the rows below: their tooltip)."""
    if len(data.matches) == 0:
        return f'<p class="empty">{_e(i18n.text("no_exchange", lang))}</p>', set()
    names = run_names(data, lang)
    top = _top_rows(data, key, n)
    rows = []   # a figure an older run lacks (NaN) reads as a dash (i18n.number, i18n.amount)
    # a share (or an unknown one, NaN, from an older run) on a listed row: say how it is read
    plain = top[top["network"].isna()] if "network" in top else top   # a network's row: its own note
    shared = {k for k, c in (("brief_build_note", "build_cost_share_eur_per_yr"),
                             ("brief_net_note", "network_cost_share_eur_per_yr"), ("brief_hub_note", "hub_share_eur_per_yr"))
              if c in plain and bool((plain[c].fillna(1.0) != 0).any())}
    recs = top.to_dict("records")
    budget = SITE_LINES   # the lines naming a network's counted sites, from the table's first row
    if any(isinstance(r.get("network"), str) for r in recs):
        shared.add("brief_netline_note")
    full = [(names.get(str(r["source_site"]), str(r["source_site"])), names.get(str(r["sink_site"]), str(r["sink_site"])))
            for r in recs]
    routes = [route_names(a, b) for a, b in full]
    # no two names may look the same, on two rows or as a row's two ends (one company's two
    # plants): a name cut where it differs from another's keeps its end
    ends = distinct_short([f[k] for k in (0, 1) for f in full], [r[k] for k in (0, 1) for r in routes])
    routes = list(zip(ends[:len(routes)], ends[len(routes):]))
    for rec, (na, nb) in zip(recs, routes):
        if isinstance(rec.get("network"), str):
            # a heat pump at a connection (an injection's), as on an exchange's row
            conn = _connections(data.matches, rec)
            hp = " · ".join(dict.fromkeys(filter(None, (heat_pump_said(c, lang) for c in conn.to_dict("records")))))
            row = _network_row(rec, names, colours_of(data).get(rec["resource"], "#555"), lang, hp,
                               0 if rec["network"] in named else budget)
            budget -= row.count('class="route sites"')
            rows.append(row)
            continue
        a, b = str(rec["source_site"]), str(rec["sink_site"])
        hp = heat_pump_said(rec, lang)   # through a heat pump: its COP beside the amount (the note says its figures)
        colour = colours_of(data).get(rec["supply_resource"], "#555")
        # a converted exchange (sludge made into fertiliser) or one losing heat in its pipe says what
        # is sent and what is received, each in its unit: '2 500 t/an' alone read as the fertiliser
        # the farms get (50 t/an); as the map's arrows and the Sankey's bands (`exchange_said`)
        said = exchange_said(rec, lang)
        tip = i18n.text("exchange_title_said", lang, a=names.get(a, a), b=names.get(b, b), said=said)
        rows.append(f'<tr><td class="ex" title="{_e(tip)}">'
                    + route_span(f'<i style="background:{colour}"></i>{_e(na)} → {_e(nb)}', f"{na} → {nb}")
                    + said_small(said + (" · " + hp if hp else ""), i18n.number(rec[NET], lang)) + "</td>"
                    + td_money(rec[NET], lang) + td_co2(rec[CO2], lang) + "</tr>")
    head = (f'<thead><tr><th>{_e(i18n.text("col_exchange", lang))}</th>'
            f'<th class="n">{_e(i18n.text("col_net", lang))}<small>{_e(i18n.unit("EUR/yr", lang))}</small></th>'
            f'<th class="n">{_e(i18n.text("col_co2", lang))}<small>{_e(i18n.unit("tCO2/yr", lang))}</small></th>'
            f"</tr></thead>")
    tid = "top-net" if key.startswith("net") else "top-co2"
    return f'<div class="tablewrap"><table id="{tid}">{head}<tbody>{"".join(rows)}</tbody></table></div>', shared


def _connections(m: pd.DataFrame, rec: dict) -> pd.DataFrame:
    """The connections (rows of matches.csv `m`) of a network's row `rec` (`_brief_rows`): its
    network's, of its piece only where the network is in pieces (matches.csv's ``network_piece``)."""
    party = f"network:{rec['resource']}"
    conn = m[(m["mode"] == "network") & ((m["source_site"] == party) | (m["sink_site"] == party))]
    return conn[conn["network_piece"] == rec["network"]] if rec.get("piece") and "network_piece" in conn else conn


#: those lines in a top table at most (12.6 px each: the right column's height is the page's)
SITE_LINES = 4


def _network_row(rec: dict, names: dict[str, str], colour: str, lang: str, hp: str = "", sites: int = 2) -> str:
    """A shared network's row of a top table (`_brief_rows`): "Réseau de CO2 : 3 sites → Terminal
    CO2" (a piece of a network in pieces: "Réseau de chaleur, morceau 2 : ..."), under it the
    sites a side counts ("Injectent : Aciérie, Cimenterie, Four à chaux": an official reads which
    companies are meant; "et 3 autres" past SITES_CHARS; `sites` lines at most, the others in its
    tooltip), what it delivers (and `hp`, its connections' heat pumps in words), and its
    connections' figures together."""
    from eitflow.results.names import network_name

    net = network_name(str(rec["resource"]), lang)
    if rec.get("piece"):   # one of its pieces that no corridor joins (two towns' networks)
        net = i18n.text("network_piece_name", lang, net=net, n=rec["piece"])
    ends = [[names.get(x, x) for x in rec[k]] for k in ("injecting", "withdrawing")]
    room = max(ROUTE_CHARS - len(net) - 6, 16)
    sep = ", "
    # each side's names where both sides' fit the row, else a side of several sites is counted
    said = [sep.join(e) for e in ends]
    counted = [False, False]
    if sum(map(len, said)) > room:
        counted = [len(e) > 1 for e in ends]
        said = [i18n.counted(len(e), "n_sites", lang) if c else e[0] for e, c in zip(ends, counted)]
    said = list(route_names(*said, room=room))
    route = i18n.text("brief_network_line", lang, net=net, a=said[0], b=said[1])
    tip = i18n.text("brief_network_line", lang, net=net, a=sep.join(ends[0]), b=sep.join(ends[1]))
    # the counted sites named, a line each side, as many as fit (the tooltip has them all)
    listed = ""
    for e, c, k in zip(ends, counted, ("brief_network_injecting", "brief_network_withdrawing")):
        if c and listed.count("<span") < sites:
            label = i18n.text(k, lang, names="")
            said_k = i18n.text(k, lang, names=site_list(e, SITES_CHARS - len(label), lang))
            listed += route_span(_e(said_k), said_k, "route sites")
    what = res_name(rec["resource"], lang)
    return (f'<tr><td class="ex" title="{_e(tip)}" data-network="{_e(rec["network"])}">'
            + route_span(f'<i style="background:{colour}"></i>{_e(route)}', route) + f'{listed}<small>{_e(what)}, '
            f'{_e(i18n.amount(rec["amount"], lang))} {_e(i18n.unit(rec["unit"], lang))}{_e(" · " + hp) if hp else ""}'
            f'</small></td>' + td_money(rec[NET], lang) + td_co2(rec[CO2], lang) + "</tr>")


def _heading(key: str, n: int, lang: str) -> str:
    """A top table's heading with the number of rows it lists ("La synergie ..." for one, no
    number for none: "Les 5 synergies ..." over "Aucun échange retenu" promised five)."""
    return i18n.text(f"{key}_{n}", lang) if n in (0, 1) else i18n.text(key, lang, n=n)


#: a line of the note under the map (10.5 px, line height 1.5), and the map's least height
#: where a long key takes its room
KEY_LINE_PX, MAP_MIN_PX = 16.0, 200.0
#: the key's lines with its names as on the map; past them each name is cut (`MAX_LABEL`)
KEY_LINES = 3


def _map_key(lay: MapLayout, lang: str) -> tuple[str, int]:
    """The note under the brief's map, and its lines on the 560 px column (`text_width`: widths
    of the bold font, a little generous for the note's regular one): how many sites the map
    names where some are not, and the key of the sites of the tables numbered on it, its names
    cut where they would take more than KEY_LINES lines."""
    numbered = lay.extra.get("keys") or []

    def said(cut: int | None) -> str:
        names = [name for _, name in numbered]
        if cut:   # cut, two sites never look the same
            names = distinct_short(names, [short_name(name, cut, True) for name in names])
        names = i18n.text("list_sep", lang).join(f"{n} {name}" for (n, _), name in zip(numbered, names))
        return " ".join(filter(None, [lay.note, i18n.text("map_key", lang, keys=names) if numbered else ""]))

    def lines(text: str) -> int:
        return math.ceil(text_width(text, 10.5) / 560.0) if text else 0

    text = said(None)
    if lines(text) > KEY_LINES:
        text = said(MAX_LABEL)
    return text, lines(text)


def _note_lines(text: str) -> int:
    """The lines of a note under the map on its 560 px column (`text_width`, a little generous)."""
    return math.ceil(text_width(text, 10.5) / 560.0)


#: the map's heights tried for the brief, from its room down, this far apart (px); its names at most
MAP_STEP_PX, BRIEF_LABELS = 4.0, 14
#: px kept free above and below the sites on the brief's map of a territory, where it has more
#: sites than it names (`map.names_at_most`; else 40, as the report's): the map is short (at most
#: 350 px of its 560 px width), so a territory as tall as it is wide is as tall as the map allows:
#: Meurthe-et-Moselle and Moselle (137 x 139 km) took 250 px of its 330, 80 px being margins, and
#: 250 of its 560 px width; now 290 and 287. Its few names (9 of 190) go beside their markers (6 px
#: needed). A business park's map names its sites, a cluster's stacked above it: they keep the 40 px.
BRIEF_PAD_Y = 20.0


def _map_column(lay: MapLayout, lang: str) -> float:
    """The height (px) the map `lay` and the key under it take in the brief's left column."""
    lines = _map_key(lay, lang)[1]
    return lay.height + (KEY_LINE_PX * lines + 4.0 if lines else 0.0)


def _brief_map(data: RunData, lang: str, room: float) -> MapLayout:
    """The brief's map in `room` px of height less the lines of its note and key (a crowded map
    numbers up to 20 sites of the tables: their key ran the brief past its page, scaled down to
    fit): the tallest map, on a grid of MAP_STEP_PX from `room` down, whose key fits under it.

    A map's key does not get shorter as the map grows, nor longer: which sites a map of a given
    height names or numbers depends on where their labels land (scenarios/zae_example: 2 lines
    at 330 to 350 px, 1 at 310 to 320, 3 at 270 to 290). So each height is laid out and its key
    measured, the tallest first; none is assumed from another's key (a search that assumed so
    kept 314 px where 320 fitted, and where each lower map had a longer key it kept a map whose
    key ran past the room). None fits down to MAP_MIN_PX: the map of MAP_MIN_PX (the page's
    script then draws it smaller, `FIT_JS`).

    The search starts below the heights that cannot fit whatever their labels: where the map has
    more sites than it can name (`map.names_at_most`), its note takes a line at every height, so
    no map taller than `room` less that line fits (a map of 190 sites was laid out 6 times, one
    of them kept, each labelled anew: 4 s of the brief)."""
    named = _top_sites(data)
    n, most = _names_at_most(data, BRIEF_LABELS, named)
    floor = KEY_LINE_PX + 4.0 if n > most else 0.0   # a line at least: the note, certain
    h = max(room - math.ceil(floor / MAP_STEP_PX) * MAP_STEP_PX, MAP_MIN_PX)   # on the grid from `room` down
    while True:
        lay = map_layout(data, lang, width=560.0, max_height=h, label_limit=BRIEF_LABELS, named=named,
                         pad_y=BRIEF_PAD_Y if n > most else 40.0)
        if _map_column(lay, lang) <= room + 1e-9 or h <= MAP_MIN_PX:
            return lay
        h = max(MAP_MIN_PX, h - MAP_STEP_PX)


def top_column_px(tables: str, n_tables: int = 2) -> float:
    """The height (px) of the brief's right column holding the top tables' HTML `tables` (`n_tables`): their
    headings and heads, a row of two lines each, and a line more for each line naming a network's
    sites (`_network_row`), and each line a route or a sites' line wraps into (`data-lines`,
    `report.briefroutes.route_span`: TOP_ROUTE_PX, TOP_SITES_PX), and each line a row's second
    line takes where the page's script wraps it (`report.briefroutes.said_small`: TOP_SITES_PX)."""
    import re

    more = {cls: sum(int(n) - 1 for n in re.findall(f'class="{cls}" data-lines="(\\d+)"', tables))
            for cls in ("route", "route sites", "said")}
    # a row's second line the page's script wraps (`briefroutes.said_small`): a line of 10.5 px, as a sites' line
    return (n_tables * TOP_HEAD_PX + (n_tables - 1) * TOP_GAP_PX + TOP_ROW_PX * tables.count("<tr><td")
            + TOP_SITES_PX * (tables.count('class="route sites"') + more["route sites"] + more["said"])
            + TOP_ROUTE_PX * more["route"])


def render_brief(data: RunData, lang: str | None = None) -> str:
    """The one-page brief as one self-contained HTML string."""
    lang = report_lang(data, lang)
    s = data.summary
    t = lambda k, **kw: i18n.text(k, lang, **kw)  # noqa: E731
    title = s.get("scenario") or data.run_dir.name
    cls, head, small = status_words(s, lang)
    # what to decide, with the cards' figures, where the solver's "objective; bound" line was (the
    # cards show that figure; the full report keeps the line): an elected official reads it first
    # an optimal plan building nothing: its headline says so in plain words, and the solver's line
    # ('Objectif 0 €/an ; borne 0 €/an', its tolerance) is the full report's (fos_siting's `eitflow run`)
    small = decision(data, lang) or ("" if s.get("status") == "optimal" or no_paying_plan(s, lang) else small)
    # the status in plain words (the solver's line, its gap and tolerance, is the full report's)
    head = brief_status(s, lang)
    # a siting scenario run with `eitflow run`: its activities were not placed (fos_siting: the
    # title says 'implanter de nouvelles activités', only the terminal said they were not)
    left = siting_left_out(s, data.placements is not None, lang)
    small = f"{small} {left}".strip()
    st = s.get("status", "unknown")
    label = status_word(st, lang)
    cards = ""
    if data.has_solution:
        cards = '<div class="cards">' + "".join(
            f'<div class="card" id="brief-{c["id"]}" data-key="{c["key"]}" data-v="{raw(c["value"])}">'
            f'<div class="label">{_e(c["label"])}</div><div class="value">{_e(c["big"])}'
            f'<span class="u">{_e(c["tail"])}</span></div><div class="sub">{_e(c["sub"])}</div></div>'
            for c in key_figures(data, lang)) + "</div>"
    # the header's lines past those the page was set for (a decision on three lines) come off the map's
    # room (below) and the top tables' (a row less in each where they would run past the page)
    extra = header_extra_px(title, label, head, small, bool(sweep_run_said(data, lang)))
    for n_rows in range(2 * TOP_N, 0, -1):
        # the same exchanges first by CO2 as by net benefit: one table, its heading saying both
        # (dunkerque_dh's and fos_siting's briefs listed the same four rows twice, in the same order),
        # in the room of two: up to 2 x TOP_N rows (redon_h2's six exchanges, all)
        net_rows = _top_rows(data, NET, n_rows)
        one = len(net_rows) > 0 and set(net_rows.index) == set(_top_rows(data, CO2, n_rows).index)
        if n_rows > TOP_N and not one:
            continue
        top_net, net_shared = _top(data, NET, lang, n=n_rows)
        # a network in both tables has its sites named once, in the first (the page's height)
        named = frozenset(str(r["network"]) for r in net_rows.to_dict("records") if isinstance(r.get("network"), str))
        top_co2, co2_shared = ("", set()) if one else _top(data, CO2, lang, named, n=n_rows)
        # fewer rows than TOP_N for the page's height: a line under the tables says how many more, and where
        left = max(len(_brief_rows(data)) - n_rows, 0) if n_rows != TOP_N else 0
        if top_column_px(top_net + top_co2, 1 if one else 2) + (TOP_MORE_PX if left > 0 else 0.0) <= TOP_ROOM_PX - extra:
            break
    n_top = min(n_rows, len(_brief_rows(data)))  # the rows listed, not always five
    # one table: every exchange of the plan ('Les 5 synergies retenues'), or the same first by both figures
    both = "brief_top_all" if n_top == len(_brief_rows(data)) else "brief_top_both"
    tops = [(both, top_net)] if one else [("brief_top_net", top_net), ("brief_top_co2", top_co2)]
    more = top_more(left, lang)
    # no exchange at all: one sentence saying why, not two empty tables under their headings
    right = ""
    if len(data.matches) == 0:
        said = no_exchange_said(s, data.unmatched["reason"] if len(data.unmatched) else [], lang) \
            if data.has_solution else t("no_exchange")
        right, tops = f'<p class="none" id="brief-no-exchange">{_e(said)}</p>', []
    # a network's or a hub's delivery is shown after its share: say so where one is listed
    # (under the map: the right column is full)
    keys = [k for k in ("brief_build_note", "brief_netline_note", "brief_net_note", "brief_hub_note")
            if k in net_shared | co2_shared]
    linear = linear_note(data, lang)
    # the heat pumps' electricity and annuity (summary.json's `heat_pumps`): an injection through
    # one shows that cost as its figure, which reads as a loss without it
    hp = heat_pump_note(data.summary.get("heat_pumps"), lang)
    linear += f'<p class="note" id="brief-hp-note">{_e(hp)}</p>' if hp else ""
    units = units_note(data, lang)
    linear += units
    sited = brief_siting_note(data, lang)   # a siting run: what goes on which plot, the new land take (ZAN)
    linear += sited
    note = linear + "".join(f'<p class="note" id="{k.replace("_", "-")}">{_e(t(k))}</p>' for k in keys)
    # the notes' lines come off the map's height (the linear note takes two): one A4 page, cropped below;
    # a note of more than two lines its lines past two too (redon_h2's French hub note, three: 3 px left free)
    room = 350.0 - 28.0 * (len(keys) + (2 if "brief-linear-note" in linear else 0) + (2 if hp else 0) + (2 if units else 0)
                   + (2 if sited else 0)) - sum(KEY_LINE_PX * max(0, _note_lines(t(k)) - 2) for k in keys)
    # and the legend's rows past LEGEND_ROWS (zae_example's third row ran the page over: its map was drawn
    # at 98.9 %; eight zones' names in six rows at 85 %, the page then zoomed out)
    room -= legend_room(data, lang)
    # and the header's lines past those it was set for (a decision on three lines: the map drawn at 89 %)
    room -= extra
    lay = _brief_map(data, lang, room)
    said, _ = _map_key(lay, lang)
    # a siting run's plots, as on the report's map: the legend (html.legend) lists them
    plots = plots_layer(data, lay, lang)
    key = f'<p class="note" id="brief-map-key">{_e(said)}</p>' if said else ""
    # a sweep's run: its title is its base's; which run, with which values (as the report's footer)
    said = sweep_run_said(data, lang)
    swept = f'<div class="meta" id="brief-sweep">{_e(said[:1].upper() + said[1:])}</div>' if said else ""
    px, n_title = title_size(title)
    small_p = f'<p class="small">{e_ticked(small)}</p>' if small else ""   # `eitflow site` as code
    two = ' class="two"' if n_title == 2 else ""
    body = (f'<div class="brief-page"><div class="fit"><h1{two} title="{_e(title)}" style="font-size:{px:.1f}px">{_e(title)}</h1>'
            f'<div class="meta">{_e(t("brief_meta", version=__version__))}</div>{swept}'
            f'<div class="status {cls}" id="status"><span class="badge" data-status="{_e(st)}">{_e(label)}</span>'
            f'<div><p>{_e(head)}</p>{small_p}</div></div>{cards}'
            f'<div class="cols"><div><div class="mapbox">{map_svg(lay, svg_id="brief-map", extra_layers=plots)}</div>'
            f'{key}{legend(data, lang)}<p class="note">{_e(SOURCE_NOTE[lang])}</p>{note}</div><div>'
            + right + "".join(f'<div class="top"><h2>{_e(_heading(k, n_top, lang))}</h2>{tab}{more if k == tops[-1][0] else ""}</div>'
                      for k, tab in tops) + '</div></div></div></div>')
    html = page(t("brief_title", title=title), body, lang, css=CSS + BRIEF_CSS, script=FIT_JS + PHONE_MAP_JS)
    return html.replace("<body>", '<body class="brief">', 1)


def write_brief(run_dir: str | Path, out_html: str | Path | None = None, lang: str | None = None) -> Path:
    """Write brief.html (one page for elected officials) beside the run's other files."""
    return write_page(run_dir, out_html, "brief.html", render_brief, lang)


__all__ = ["render_brief", "write_brief"]
