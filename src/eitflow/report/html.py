"""One self-contained HTML report of a run directory, and static figures for slides.

`write_report(run_dir)` reads what `eitflow run` wrote (summary.json, matches.csv,
unmatched.csv, synergies.geojson, inputs/) and writes `report.html`: key figures with an
honest status, a map of the sites and chosen exchanges, a Sankey diagram of the flows from
sources to uses, the tables of matches and unmatched flows with their reasons, and totals
per zone. Everything is inline (CSS, SVG, a few lines of script for sorting tables): the
file opens offline, from a USB stick or an e-mail, and loads nothing from the network.

The map is drawn from lon/lat with an equirectangular projection scaled by cos(latitude)
(no basemap); the Sankey is laid out here. Both layouts are plain data, drawn once as SVG
for the HTML and once with matplotlib for `write_figures` (PNG or SVG for slides), so the
two always agree. The same run directory gives the same report, byte for byte.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from eitflow._version import __version__
from eitflow.report.map import map_layout, map_svg
from eitflow.report.sankey import SANKEY_MAX_NODES, sankey_layout, sankey_svg
from eitflow.report.style import REASON_TEXT, STATUS_CLASS, _amount, _compact, _e, _num, _pct, colours_of
from eitflow.results.rundir import RunData, read_run

MAX_TABLE_ROWS = 1000  # rows shown per table in the HTML; the CSV files hold every row


CSS = """
:root{--ink:#1d2433;--muted:#5f6b7a;--line:#e3e7ee;--bg:#f6f7fb;--card:#fff;--accent:#0b7285;
--ok:#2b8a3e;--okbg:#ebfbee;--warn:#b35c00;--warnbg:#fff4e6;--bad:#c92a2a;--badbg:#fff5f5}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);
font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans","DejaVu Sans",sans-serif}
header.top{background:linear-gradient(120deg,#0b3d4f,#0b7285);color:#fff;padding:28px 0 24px}
.wrap{max-width:1180px;margin:0 auto;padding:0 24px}
header.top h1{margin:0 0 4px;font-size:26px;font-weight:650;letter-spacing:-.01em}
header.top p{margin:0;opacity:.9;max-width:900px;font-size:14px}
header.top .meta{margin-top:10px;font-size:12.5px;opacity:.75}
.status{margin:22px 0 0;padding:14px 18px;border-radius:10px;border:1px solid;display:flex;gap:14px;align-items:flex-start}
.status .badge{font-weight:700;text-transform:uppercase;font-size:12px;letter-spacing:.06em;padding:3px 9px;
border-radius:20px;color:#fff;white-space:nowrap;margin-top:2px}
.status.ok{background:var(--okbg);border-color:#b2f2bb}.status.ok .badge{background:var(--ok)}
.status.warn{background:var(--warnbg);border-color:#ffd8a8}.status.warn .badge{background:var(--warn)}
.status.bad{background:var(--badbg);border-color:#ffc9c9}.status.bad .badge{background:var(--bad)}
.status p{margin:0}.status .small{color:var(--muted);font-size:13px;margin-top:3px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(200px,1fr));gap:14px;margin:18px 0 6px}
.card{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:14px 16px;
box-shadow:0 1px 2px rgba(16,24,40,.04)}
.card .label{font-size:12.5px;color:var(--muted);text-transform:uppercase;letter-spacing:.05em;font-weight:600}
.card .value{font-size:28px;font-weight:700;margin:2px 0 0;letter-spacing:-.02em;font-variant-numeric:tabular-nums}
.card .value .u{font-size:14px;font-weight:500;color:var(--muted);margin-left:4px;letter-spacing:0}
.card .sub{font-size:12.5px;color:var(--muted);font-variant-numeric:tabular-nums}
section{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:18px 20px 20px;margin:18px 0}
section h2{margin:0 0 4px;font-size:19px;font-weight:650}
section .lead{margin:0 0 12px;color:var(--muted);font-size:13.5px;max-width:900px}
svg{display:block;width:100%;height:auto}
svg text{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,"DejaVu Sans",sans-serif}
.map-bg{fill:#f8fafc}
.mapbox{border:1px solid var(--line);border-radius:8px;overflow:hidden}
#map-svg{cursor:grab}#map-svg.dragging{cursor:grabbing}
.mapbar{display:flex;justify-content:space-between;align-items:flex-start;gap:16px}
.zoom{display:flex;gap:4px;margin-top:8px;flex:none}
.zoom button{width:30px;height:30px;border:1px solid #ced4da;border-radius:6px;background:#fff;color:var(--ink);
font-size:17px;line-height:1;cursor:pointer;box-shadow:0 1px 2px rgba(0,0,0,.08)}.zoom button:hover{background:#f1f3f5}
@media print{.zoom{display:none}}
.graticule line{stroke:#dde3ea;stroke-width:1}.graticule text{font-size:10px;fill:#8a94a3}
.zone{opacity:.13;stroke-width:34;stroke-linejoin:round;stroke-linecap:round}
.zone-label{font-size:11.5px;font-weight:650;opacity:.95;paint-order:stroke;stroke:#f8fafc;stroke-width:3px}
.exchange{fill:none;stroke-linecap:round;stroke-opacity:.85}
.exchange-group:hover .exchange{stroke-opacity:1}.exchange-group:hover .arrow{opacity:1}
.arrow{opacity:.9}
.site{fill:#fff;stroke:#8a94a3;stroke-width:1.3}.site.active{fill:#1d2433;stroke:#fff;stroke-width:1.5}
.site-labels text{font-size:11px;font-weight:600;fill:#1d2433;paint-order:stroke;stroke:#f8fafc;stroke-width:3px;
stroke-linejoin:round}
.scalebar rect{fill:#fff;fill-opacity:.85;stroke:#dde3ea}.scalebar path{fill:none;stroke:#1d2433;stroke-width:1.5}
.scalebar text{font-size:11px;fill:#1d2433}
.legend{display:flex;flex-wrap:wrap;gap:6px 16px;margin:10px 0 0;font-size:13px;color:var(--ink)}
.legend span{display:inline-flex;align-items:center;gap:6px}
.sw{display:inline-block;width:18px;height:6px;border-radius:3px}
.dot{display:inline-block;width:10px;height:10px;border-radius:50%;border:1.5px solid #5f6b7a;background:#fff}
.dot.active{background:#1d2433;border-color:#1d2433}
.sankey-panel{margin:10px 0 18px}.sankey-panel figcaption{font-size:13px;color:var(--muted);margin-bottom:4px}
.sankey-link{fill-opacity:.45}.sankey-link:hover{fill-opacity:.8}
.sankey-node rect{fill:#1d2433}.sankey-node text{font-size:12px;font-weight:600;fill:#1d2433}
.sankey-node .amt{font-weight:400;fill:#5f6b7a}
.tablewrap{overflow-x:auto;border:1px solid var(--line);border-radius:8px}
table{border-collapse:collapse;width:100%;font-size:13.5px;font-variant-numeric:tabular-nums}
th,td{padding:7px 10px;text-align:left;border-bottom:1px solid var(--line);vertical-align:top}
th{background:#f1f3f7;font-weight:650;font-size:12.5px;color:#3b4556;white-space:nowrap;position:sticky;top:0;
vertical-align:bottom}
th small{display:block;font-weight:400;color:var(--muted);font-size:11.5px}
th.sortable{cursor:pointer;user-select:none}th.sortable:hover{background:#e7ebf2}
th.sortable .lab::after{content:" \\2195";color:#adb5bd;font-weight:400}
th.asc .lab::after{content:" \\2191";color:var(--accent)}th.desc .lab::after{content:" \\2193";color:var(--accent)}
td.n,th.n{text-align:right;white-space:nowrap}
tbody tr:nth-child(even){background:#fafbfd}tbody tr:hover{background:#eef6f8}
tfoot td{font-weight:700;background:#f1f3f7;border-top:2px solid #d5dbe4}
.res{display:inline-flex;align-items:center;gap:6px;white-space:nowrap}
.res i{display:inline-block;width:10px;height:10px;border-radius:2px}
.reason{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;white-space:nowrap;
background:#edf2ff;color:#364fc7}
.reason.no_compatible_partner,.reason.no_partner_in_range{background:#fff0f6;color:#a61e4d}
.reason.quality,.reason.min_amount,.reason.uneconomic,.reason.no_co2_gain,.reason.same_site{background:#fff4e6;color:#b35c00}
.reason.capacity_used,.reason.not_selected{background:#e6fcf5;color:#087f5b}
td.detail{color:var(--muted);font-size:12.5px;min-width:260px}
#zones-table td:first-child,#zone-pairs-table td{min-width:170px}
.chips{display:flex;flex-wrap:wrap;gap:8px;margin:0 0 10px}
dl.reasons{display:grid;grid-template-columns:max-content 1fr;gap:4px 14px;font-size:13px;margin:12px 0 0}
dl.reasons dt{margin:0}dl.reasons dd{margin:0;color:var(--muted)}
.grid2{display:grid;grid-template-columns:1fr 1fr;gap:18px}
@media (max-width:900px){.grid2{grid-template-columns:1fr}}
.muted{color:var(--muted)}.empty{color:var(--muted);font-style:italic}
footer{color:var(--muted);font-size:12.5px;padding:6px 0 40px}
footer table{font-size:12.5px;width:auto}footer td{padding:3px 14px 3px 0;border:0}
footer tr,footer tr:nth-child(even),footer tr:hover{background:none}footer td:first-child{font-weight:600}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:.92em}
@media print{body{background:#fff}section{break-inside:avoid;border:0;padding:0}header.top{color:#000;background:none}
th{position:static}}
"""


JS = """
(function(){
  function key(td){var v=td.getAttribute('data-v');if(v!==null&&v!==''){var x=parseFloat(v);if(!isNaN(x))return x;}
    return td.textContent.trim().toLowerCase();}
  document.querySelectorAll('table.sortable').forEach(function(t){
    var ths=t.querySelectorAll('thead th');
    ths.forEach(function(th,i){th.classList.add('sortable');th.addEventListener('click',function(){
      var asc=!th.classList.contains('asc');ths.forEach(function(h){h.classList.remove('asc','desc');});
      th.classList.add(asc?'asc':'desc');var tb=t.tBodies[0];var rows=Array.prototype.slice.call(tb.rows);
      rows.sort(function(a,b){var x=key(a.cells[i]),y=key(b.cells[i]);
        if(typeof x==='number'&&typeof y==='number')return asc?x-y:y-x;
        return asc?String(x).localeCompare(String(y)):String(y).localeCompare(String(x));});
      rows.forEach(function(r){tb.appendChild(r);});});});
  });
  var svg=document.getElementById('map-svg');
  if(svg){
    var vb0=svg.getAttribute('viewBox').split(' ').map(Number),vb=vb0.slice(),drag=null;
    function set(){svg.setAttribute('viewBox',vb.map(function(v){return v.toFixed(1);}).join(' '));}
    function zoom(f,cx,cy){var w=vb[2]*f,h=vb[3]*f;if(w>vb0[2]){vb=vb0.slice();set();return;}
      if(w<vb0[2]/40)return;if(cx===undefined){cx=vb[0]+vb[2]/2;cy=vb[1]+vb[3]/2;}
      vb=[cx-(cx-vb[0])*f,cy-(cy-vb[1])*f,w,h];set();}
    function pt(e){var r=svg.getBoundingClientRect();return [vb[0]+(e.clientX-r.left)/r.width*vb[2],
      vb[1]+(e.clientY-r.top)/r.height*vb[3]];}
    document.querySelectorAll('.zoom button').forEach(function(b){b.addEventListener('click',function(){
      var z=b.getAttribute('data-zoom');if(z==='in')zoom(0.6);else if(z==='out')zoom(1/0.6);else{vb=vb0.slice();set();}});});
    svg.addEventListener('dblclick',function(e){var p=pt(e);zoom(0.5,p[0],p[1]);});
    svg.addEventListener('pointerdown',function(e){drag=[e.clientX,e.clientY,vb[0],vb[1]];svg.classList.add('dragging');});
    window.addEventListener('pointerup',function(){drag=null;svg.classList.remove('dragging');});
    svg.addEventListener('pointermove',function(e){if(!drag||vb[2]>=vb0[2])return;var r=svg.getBoundingClientRect();
      vb[0]=drag[2]-(e.clientX-drag[0])/r.width*vb[2];vb[1]=drag[3]-(e.clientY-drag[1])/r.height*vb[3];set();});
  }
  document.documentElement.setAttribute('data-ready','1');
})();
"""


def _res_cell(data: RunData, rs: str, rd: str | None = None) -> str:
    c = colours_of(data).get(rs, "#555")
    txt = rs if not rd or rd == rs else f"{rs} → {rd}"
    return f'<span class="res"><i style="background:{c}"></i>{_e(txt)}</span>'


def _td_num(v, digits=0, text=None) -> str:
    val = "" if v is None or (isinstance(v, float) and not math.isfinite(v)) else f"{float(v):.10g}"
    return f'<td class="n" data-v="{val}">{text if text is not None else _num(v, digits)}</td>'


def _td_amt(v) -> str:
    return _td_num(v, text=_amount(v))


def _thead(cols: list[tuple[str, str]]) -> str:
    """Header row; a unit other than "" or "#" goes on a second line; "#" or a unit marks a numeric column."""
    cells = []
    for label, unit in cols:
        cls = ' class="n"' if unit else ""
        sub = f"<small>{_e(unit)}</small>" if unit and unit != "#" else ""
        cells.append(f'<th{cls}><span class="lab">{_e(label)}</span>{sub}</th>')
    return f"<thead><tr>{''.join(cells)}</tr></thead>"


def _status_block(s: dict) -> tuple[str, str]:
    st = s.get("status", "unknown")
    unit = s.get("objective_unit", "")
    cls = STATUS_CLASS.get(st, "bad")
    gap, target, bound, obj = s.get("gap"), s.get("mip_gap_target"), s.get("bound"), s.get("objective")
    msg = s.get("message") or ""
    if obj is None:
        head = {"infeasible": "No feasible solution: the model cannot be satisfied as stated.",
                "time_limit": "No solution was found within the time limit.",
                "error": "The solver failed; no solution."}.get(st, "No solution.")
        small = (f"Reason given: {msg}. " if msg else "") + \
            "Nothing in this report is a result; the tables below are empty on purpose."
    elif st == "optimal":
        head = (f"Optimal: no solution can beat this one by more than the requested tolerance "
                f"(gap {_pct(gap or 0.0)}, target {_pct(target)}).")
        small = f"Objective {_num(obj)} {unit}; bound {_num(bound)} {unit}." + (f" {msg}" if msg else "")
    else:
        head = (f"Feasible, not proven optimal: the best solution found when the solver stopped. A better one may "
                f"exist, worth at most {_num(bound)} {unit} (gap {_pct(gap)}).")
        small = f"Objective {_num(obj)} {unit}." + (f" Solver: {msg}" if msg else "")
    return cls, (f'<div class="status {cls}" id="status"><span class="badge">{_e(st)}</span><div>'
                 f'<p>{_e(head)}</p><p class="small">{_e(small)}</p></div></div>')


def _cards(data: RunData) -> str:
    s = data.summary
    if not data.has_solution:
        return ""
    tot = s.get("totals", {})
    cnt = s.get("counts", {})
    par = s.get("parameters", {})
    nb, co2, inv = tot.get("net_benefit_eur_per_yr"), tot.get("co2_avoided_t_per_yr"), tot.get("investment_eur")
    cp = par.get("carbon_price_eur_per_t")
    nb_sub = "after annualised investment and fixed costs" + (f"; CO2 valued at {cp:g} EUR/t" if cp else "")
    inv_sub = (f"annualised at {100 * par['discount_rate']:g} % over {par['lifetime_years']:g} years"
               if "discount_rate" in par and "lifetime_years" in par else "")
    cards = [
        ("Net benefit", _compact(nb), "EUR/yr", f"{_num(nb)} EUR/yr, {nb_sub}", "card-net"),
        ("CO2 avoided", _compact(co2), "tCO2/yr", f"{_num(co2, 1)} tCO2/yr, net of transport", "card-co2"),
        ("Investment", _compact(inv), "EUR", f"{_num(inv)} EUR, {inv_sub}", "card-inv"),
        ("Exchanges", f"{len(data.matches):,}", "", f"chosen among {cnt.get('candidate_links', 0):,} candidate links "
                                                    f"between {cnt.get('sites', 0):,} sites", "card-n"),
    ]
    out = ['<div class="cards">']
    for label, val, unit, sub, cid in cards:
        out.append(f'<div class="card" id="{cid}"><div class="label">{_e(label)}</div>'
                   f'<div class="value">{_e(val)}<span class="u">{_e(unit)}</span></div>'
                   f'<div class="sub">{_e(sub)}</div></div>')
    out.append("</div>")
    return "".join(out)


def _legend(data: RunData, sites: bool = True) -> str:
    res = sorted(set(data.matches["supply_resource"])) if len(data.matches) else []
    parts = [f'<span><i class="sw" style="background:{colours_of(data)[r]}"></i>{_e(r)}</span>' for r in res]
    if sites:
        parts.append('<span><i class="dot active"></i>site with an exchange</span>')
        parts.append('<span><i class="dot"></i>other site</span>')
    return f'<div class="legend">{"".join(parts)}</div>'


def _truncation_note(n: int, file: str) -> str:
    if n <= MAX_TABLE_ROWS:
        return ""
    return (f'<p class="muted">Showing the first {MAX_TABLE_ROWS:,} of {n:,} rows; '
            f'<code>{_e(file)}</code> holds them all.</p>')


def _matches_table(data: RunData) -> str:
    m = data.matches
    if len(m) == 0:
        return '<p class="empty">No exchange was chosen.</p>'
    names = dict(zip(data.sites["site_id"], data.sites["name"]))
    m = m.sort_values(["net_benefit_eur_per_yr", "source_site", "sink_site"], ascending=[False, True, True],
                      kind="stable")
    rows = []
    for rec in m.head(MAX_TABLE_ROWS).to_dict("records"):
        rows.append(
            "<tr>"
            f'<td title="{_e(names.get(rec["source_site"], ""))}">{_e(rec["source_site"])}</td>'
            f'<td title="{_e(names.get(rec["sink_site"], ""))}">{_e(rec["sink_site"])}</td>'
            f'<td>{_res_cell(data, rec["supply_resource"], rec["demand_resource"])}</td>'
            + _td_amt(rec["amount"])
            + f'<td>{_e(rec["unit"])}</td>'
            + _td_num(rec["distance_km"], 1) + _td_num(rec["net_benefit_eur_per_yr"])
            + _td_amt(rec["co2_avoided_t_per_yr"]) + _td_num(rec["investment_eur"]) + "</tr>")
    tot = data.totals  # the exchanges' own totals, before hubs' and built supplies' costs
    foot = (f'<tfoot><tr><td colspan="5">Total ({len(m):,} exchanges)</td><td></td>'
            f'<td class="n">{_num(tot.get("links_net_benefit_eur_per_yr"))}</td>'
            f'<td class="n">{_amount(tot.get("co2_avoided_t_per_yr"))}</td>'
            f'<td class="n">{_num(tot.get("links_investment_eur"))}</td></tr></tfoot>')
    head = _thead([("From", ""), ("To", ""), ("Resource", ""), ("Amount", "#"), ("Unit", ""), ("Distance", "km"),
                   ("Net benefit", "EUR/yr"), ("CO2 avoided", "tCO2/yr"), ("Investment", "EUR")])
    return (f'{_truncation_note(len(m), "matches.csv")}<div class="tablewrap"><table id="matches-table" '
            f'class="sortable">{head}<tbody>{"".join(rows)}</tbody>{foot}</table></div>')


def _levels_section(data: RunData) -> str:
    """Heat cascading: which source covers which temperature band of each ranged demand."""
    lv = data.heat_levels
    if lv is None or len(lv) == 0:
        return ""
    rows = []
    for rec in lv.head(MAX_TABLE_ROWS).to_dict("records"):
        rows.append(f'<tr><td>{_e(rec["demand_flow_id"])}</td><td>{_e(rec["sink_site"])}</td>'
                    f'<td>{_e(rec["source_site"])}</td><td>{_e(rec["supply_flow_id"])}</td>'
                    f'<td>{"heat pump" if str(rec["heat_pump"]).lower() == "true" else "direct"}</td>'
                    + _td_num(rec["from_c"], 1) + _td_num(rec["to_c"], 1) + _td_amt(rec["delivered_mwh_per_yr"])
                    + "</tr>")
    head = _thead([("Demand", ""), ("Site", ""), ("From site", ""), ("Supply", ""), ("How", ""), ("From", "degC"),
                   ("To", "degC"), ("Delivered", "MWh/yr")])
    return ('<section id="levels"><h2>Heat by temperature level</h2><p class="lead">For each demand with a '
            'return temperature, the part of its range (from its return up to its supply temperature) each '
            'source covers; heat serves a level only from the approach above it.</p>'
            f'{_truncation_note(len(lv), "heat_levels.csv")}<div class="tablewrap"><table id="levels-table" '
            f'class="sortable">{head}<tbody>{"".join(rows)}</tbody></table></div></section>')


def _unmatched_table(data: RunData) -> str:
    u = data.unmatched
    if len(u) == 0:
        if not data.has_solution:
            return '<p class="empty">No solution, so no flow is reported as matched or unmatched.</p>'
        return '<p class="empty">Every supply and demand is fully matched.</p>'
    counts = u["reason"].value_counts()
    chips = "".join(f'<span class="reason {_e(r)}">{_e(r)} × {int(counts[r])}</span>' for r in
                    sorted(counts.index, key=lambda r: (-int(counts[r]), r)))
    order = {r: i for i, r in enumerate(REASON_TEXT)}
    u = u.assign(_o=u["reason"].map(lambda r: order.get(r, 99))).sort_values(["_o", "site_id", "flow_id"],
                                                                             kind="stable")
    rows = []
    for rec in u.head(MAX_TABLE_ROWS).to_dict("records"):
        rows.append(
            f'<tr><td>{_e(rec["site_id"])}</td><td>{_e(rec["direction"])}</td>'
            f'<td>{_res_cell(data, rec["resource"])}</td>'
            + _td_amt(rec["remaining"])
            + _td_amt(rec["amount"])
            + f'<td>{_e(rec["unit"])}</td><td><span class="reason {_e(rec["reason"])}">{_e(rec["reason"])}</span></td>'
            f'<td class="detail">{_e(rec["detail"])}</td></tr>')
    head = _thead([("Site", ""), ("Direction", ""), ("Resource", ""), ("Left over", "#"), ("Of", "#"), ("Unit", ""),
                   ("Reason", ""), ("Detail", "")])
    used = [r for r in REASON_TEXT if r in set(u["reason"])] + sorted(set(u["reason"]) - set(REASON_TEXT))
    gloss = "".join(f'<dt><span class="reason {_e(r)}">{_e(r)}</span></dt><dd>{_e(REASON_TEXT.get(r, ""))}</dd>'
                    for r in used)
    return (f'<div class="chips">{chips}</div>{_truncation_note(len(u), "unmatched.csv")}'
            f'<div class="tablewrap"><table id="unmatched-table" class="sortable">{head}<tbody>{"".join(rows)}'
            f'</tbody></table></div><dl class="reasons">{gloss}</dl>')


def zone_totals(data: RunData) -> tuple[pd.DataFrame, pd.DataFrame]:
    """zones.csv (totals per zone under the run's allocation rule, `results.zones`) with the
    number of unmatched flows per zone, and the rows of zone_flows.csv between two zones."""
    per_zone = data.zones.copy()
    zone = dict(zip(data.sites["site_id"], data.sites["zone"].replace("", "(no zone)")))
    u = data.unmatched
    uz = u["site_id"].map(zone).fillna("(no zone)") if len(u) else pd.Series(dtype=str)
    per_zone["unmatched_flows"] = [int((uz == z).sum()) for z in per_zone["zone"]]
    zf = data.zone_flows
    pairs = zf[~zf["inside"].astype(bool)] if len(zf) else zf
    return per_zone, pairs.sort_values(["net_benefit_eur_per_yr", "source_zone"], ascending=[False, True],
                                       kind="stable")


def _zone_tables(data: RunData) -> str:
    per_zone, pairs = zone_totals(data)
    if len(per_zone) == 0:
        return '<p class="empty">No sites.</p>'
    rows = []
    for r in per_zone.head(MAX_TABLE_ROWS).to_dict("records"):
        rows.append(f'<tr><td>{_e(r["zone"])}</td>' + _td_num(r["n_sites"]) + _td_num(r["links_inside"])
                    + _td_num(r["links_in"]) + _td_num(r["links_out"]) + _td_num(r["net_benefit_eur_per_yr"])
                    + _td_amt(r["co2_avoided_t_per_yr"]) + _td_num(r["investment_eur"])
                    + _td_num(r["unmatched_flows"]) + "</tr>")
    tot = data.totals
    foot = (f'<tfoot><tr><td>Total</td><td class="n">{_num(per_zone["n_sites"].sum())}</td>'
            '<td></td><td></td><td></td>'
            f'<td class="n">{_num(tot.get("net_benefit_eur_per_yr"))}</td>'
            f'<td class="n">{_amount(tot.get("co2_avoided_t_per_yr"))}</td>'
            f'<td class="n">{_num(tot.get("investment_eur"))}</td>'
            f'<td class="n">{_num(len(data.unmatched))}</td></tr></tfoot>')
    head = _thead([("Zone", ""), ("Sites", "#"), ("Exchanges inside", "#"), ("Exchanges in", "#"),
                   ("Exchanges out", "#"), ("Net benefit", "EUR/yr"), ("CO2 avoided", "tCO2/yr"),
                   ("Investment", "EUR"), ("Unmatched flows", "#")])
    t1 = ('<div class="tablewrap"><table id="zones-table" class="sortable">'
          f'{head}<tbody>{"".join(rows)}</tbody>{foot}</table></div>')
    if len(pairs) == 0:
        return t1
    prow = []
    for r in pairs.head(MAX_TABLE_ROWS).to_dict("records"):
        prow.append(f'<tr><td>{_e(r["source_zone"])}</td><td>{_e(r["sink_zone"])}</td>'
                    f'<td>{_res_cell(data, r["supply_resource"], r["demand_resource"])}</td>' + _td_num(r["n_links"])
                    + _td_num(r["net_benefit_eur_per_yr"]) + _td_amt(r["co2_avoided_t_per_yr"]) + "</tr>")
    t2 = ('<h3 class="muted" style="font-size:14px;margin:18px 0 8px">Between zones (each exchange in full)</h3>'
          '<div class="tablewrap"><table id="zone-pairs-table" class="sortable">'
          + _thead([("From zone", ""), ("To zone", ""), ("Resource", ""), ("Exchanges", "#"), ("Net benefit", "EUR/yr"),
                    ("CO2 avoided", "tCO2/yr")])
          + f'<tbody>{"".join(prow)}</tbody></table></div>')
    return t1 + t2


def _footer(data: RunData) -> str:
    s = data.summary
    par = s.get("parameters", {})
    sol = par.get("solver", {}) if isinstance(par.get("solver"), dict) else {}
    cnt = s.get("counts", {})
    ver = s.get("versions", {})
    rows = [
        ("Objective", f"{s.get('objective_name', '')} ({s.get('objective_unit', '')})"),
        ("Carbon price", f"{par.get('carbon_price_eur_per_t', 0):g} EUR/tCO2" if par else "–"),
        ("Annuity", f"{100 * par['discount_rate']:g} % over {par['lifetime_years']:g} years"
         if "discount_rate" in par else "–"),
        ("Solver", f"{s.get('solver', sol.get('name', ''))}; gap target {_pct(s.get('mip_gap_target'))}; "
                   f"time limit {sol.get('time_limit_s', '–')} s"),
        ("Model", f"{cnt.get('sites', 0):,} sites, {cnt.get('flows', 0):,} flows, {cnt.get('candidate_links', 0):,} "
                  f"candidate links ({cnt.get('dropped_pairs', 0):,} pairs dropped by the rules), "
                  f"{cnt.get('components', 0):,} independent components"),
        ("Inputs", ", ".join(f"{k}: {Path(v.get('path', '')).name}" for k, v in (s.get("inputs") or {}).items())
         or "–"),
        ("Versions", ", ".join(f"{k} {v}" for k, v in ver.items()) or "–"),
    ]
    body = "".join(f"<tr><td>{_e(a)}</td><td>{_e(b)}</td></tr>" for a, b in rows)
    return (f'<footer><div class="wrap"><table>{body}</table><p>Report written by eitflow {_e(__version__)} from '
            f'<code>{_e(data.run_dir.name)}</code>. Files beside it: matches.csv, unmatched.csv, summary.json, '
            f'synergies.geojson (open it in QGIS).</p></div></footer>')


def render_html(data: RunData) -> str:
    """The whole report as one HTML string (no external resource of any kind)."""
    s = data.summary
    title = s.get("scenario") or data.run_dir.name
    desc = (s.get("parameters") or {}).get("description", "")
    _, status = _status_block(s)
    lay = map_layout(data)
    panels = sankey_layout(data)
    has = data.has_solution
    map_lead = ("Sites (dots) and chosen exchanges (arrows from source to use), coloured by the resource supplied. "
                "Line width grows with the amount (square root), relative to the largest exchange of the same "
                "resource. Shaded areas group the sites of each zone. Hover for details; zoom with the buttons or a "
                "double click, drag to pan. No basemap: positions are "
                "longitude and latitude, scaled by cos(latitude).")
    if lay.note and lay.sites:
        map_lead += f" ({lay.note}.)"
    sankey_lead = ("Flows from sources (left) to uses (right), one diagram per unit so that amounts in different "
                   "units are never added. Band width is the amount supplied; colours are the resources "
                   "of the map." + (f" Beyond {SANKEY_MAX_NODES} sites per side, the smallest are merged." if
                                    any(p.merged for p in panels) else ""))
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="eitflow {_e(__version__)}">',
        '<link rel="icon" href="data:,">',
        f"<title>{_e(title)} — eitflow report</title>",
        f"<style>{CSS}</style></head><body>",
        f'<header class="top"><div class="wrap"><h1>{_e(title)}</h1>'
        + (f"<p>{_e(desc)}</p>" if desc else "")
        + f'<div class="meta">eitflow report · objective: {_e(s.get("objective_name", ""))} · '
          f'run directory <code>{_e(data.run_dir.name)}</code></div></div></header>',
        f'<main class="wrap">{status}{_cards(data)}',
        f'<section id="map"><h2>Map</h2><p class="lead">{_e(map_lead)}</p>'
        f'<div class="mapbox">{map_svg(lay)}</div><div class="mapbar">{_legend(data)}'
        f'<div class="zoom" aria-label="zoom"><button type="button" data-zoom="in" title="zoom in">+</button>'
        f'<button type="button" data-zoom="out" title="zoom out">&#8722;</button>'
        f'<button type="button" data-zoom="reset" title="whole territory">&#8634;</button></div></div></section>',
        f'<section id="sankey"><h2>Flows from sources to uses</h2><p class="lead">{_e(sankey_lead)}</p>'
        + (sankey_svg(panels) + _legend(data, sites=False) if has else
           '<p class="empty">No solution: nothing to draw.</p>') + "</section>",
        f'<section id="matches"><h2>Chosen exchanges</h2><p class="lead">Sorted by net benefit; click a column '
        f'header to sort. Amounts are in the supplier\'s unit. Net benefit is after the annualised investment and '
        f'fixed costs of each link.</p>{_matches_table(data)}</section>',
        f'<section id="unmatched"><h2>Unmatched flows and why</h2><p class="lead">Every supply and demand left '
        f'(partly) unmatched, with the amount left over and the reason.</p>{_unmatched_table(data)}</section>',
        _levels_section(data),
        f'<section id="zones"><h2>Per zone</h2><p class="lead">An exchange inside a zone counts there in full. '
        f'One between two zones is shared by company: each partner\'s gain at the suggested transfer price '
        f'(price_bands.csv) counts in its own zone; CO2 avoided and the link\'s investment count in the buyer\'s '
        f'zone, where the current input is replaced. A built hub\'s or supply\'s annual cost and investment count '
        f'in its own zone. The zones add up to the key figures.</p>'
        f"{_zone_tables(data)}</section>",
        "</main>",
        _footer(data),
        f"<script>{JS}</script>",
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def write_report(run_dir: str | Path, out_html: str | Path | None = None) -> Path:
    """Write the self-contained HTML report of `run_dir` (default: run_dir/report.html)."""
    data = read_run(run_dir)
    out = Path(out_html) if out_html is not None else Path(run_dir) / "report.html"
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_text(render_html(data), encoding="utf-8")
    tmp.replace(out)
    return out


