"""One self-contained HTML report of a run directory, in French or English.

`write_report(run_dir, lang=...)` reads what `eitflow run` wrote and writes `report.html`:
the status in words, key figures, a map on an offline basemap (`report.map`), Sankey
diagrams, the chosen exchanges, the negotiation view (price bands and each company's
benefit), what was not chosen and why, unmatched flows with their reasons, heat levels and
totals per zone. Site names come first everywhere, codes beside them. Everything is inline
(CSS, SVG, a few lines of script for sorting, zooming and layer toggles): the file opens
offline, from a USB stick or an e-mail, and loads nothing from the network. The same run
directory gives the same report, byte for byte.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import eitflow.i18n as i18n
from eitflow._version import __version__
from eitflow.io.atomic import write_text
from eitflow.report.basemap import SOURCE_NOTE
from eitflow.report.css import CSS
from eitflow.report.map import MapLayout, map_layout
from eitflow.report.mapsvg import map_svg
from eitflow.report.names import param_label, param_value
from eitflow.report.networks import network_section
from eitflow.report.ourfiles import generator_meta
from eitflow.report.phonemap import REPORT_LEAST, phone_map_js
from eitflow.report.resilience import resilience_section
from eitflow.report.sankey import SANKEY_MAX_NODES, sankey_layout, sankey_svg
from eitflow.report.sections import (
    input_warnings,
    levels_section,
    matches_table,
    negotiation,
    not_chosen_table,
    unmatched_table,
    zone_tables,
    zone_totals,  # noqa: F401  (re-exported for callers of the report)
)
from eitflow.report.siting import plots_layer, plots_legend_items, siting_section
from eitflow.report.style import ZONE_FILLS, ZONE_TEXT, _e, colours_of, res_name, screen_hint, unbroken_html
from eitflow.report.tables import cards, seconds, status_block
from eitflow.results.rundir import RunData, read_run
from eitflow.results.shares import stores_co2
from eitflow.results.summary import time_limit_of

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
      rows.forEach(function(r){tb.appendChild(r);});fold(t);});});
  });
  // a long table shows its first rows (of the current sort) and a button for the others
  function fold(t){var n=+t.getAttribute('data-fold'),rows=t.tBodies[0].rows;if(!n)return;
    for(var k=0;k<rows.length;k++)rows[k].classList.toggle('fold',k>=n);}
  document.querySelectorAll('table[data-fold]').forEach(function(t){
    t.classList.add('folded');fold(t);var b=document.createElement('button');b.type='button';b.className='more';
    b.textContent=t.getAttribute('data-more');t.parentNode.parentNode.insertBefore(b,t.parentNode.nextSibling);
    b.addEventListener('click',function(){b.textContent=t.getAttribute(t.classList.toggle('folded')?'data-more':'data-less');});
  });
  var svg=document.getElementById('map-svg');
  if(svg){
    var vb0=svg.getAttribute('viewBox').split(' ').map(Number),vb=vb0.slice(),drag=null;
    // a phone: the map scrolled to show the most of its sites (`report.phonemap`, below)
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
  document.querySelectorAll('.toggles input[data-layer]').forEach(function(c){
    var host=document.getElementById('map');
    function up(){host.classList.toggle('show-'+c.getAttribute('data-layer'),c.checked);}
    c.addEventListener('change',up);up();});
  document.documentElement.setAttribute('data-ready','1');
})();
""" + phone_map_js("map-svg", REPORT_LEAST)


def report_lang(data: RunData, lang: str | None = None) -> str:
    """--lang, else the scenario's `lang:`, else English."""
    return i18n.resolve_lang(lang, (data.summary.get("parameters") or {}).get("lang"))


def objective_words(summary: dict, lang: str) -> str:
    name = str(summary.get("objective_name", ""))
    return i18n.text(f"obj_{name}", lang) if i18n.has_text(f"obj_{name}") else name


#: zones named in the map's legend (a national run's zones are too many to list: their labels only)
MAX_LEGEND_ZONES = 8


#: px before a legend entry's text: its swatch (a bar or a zone's square: 18 px) or its dot (10 px and
#: its 1.5 px border each side), and the 6 px gap after it (`.legend span`'s)
LEGEND_SW_PX, LEGEND_DOT_PX = 24.0, 19.0


def legend_items(data: RunData, lang: str, sites: bool = True) -> list[tuple[str, str, float]]:
    """The map legend's entries: each one's HTML, its text and the px before its text (its
    swatch and gap): `legend` draws them, the brief counts the rows they take."""
    res = sorted(set(data.matches["supply_resource"])) if len(data.matches) else []
    parts = [(f'<span><i class="sw" style="background:{colours_of(data)[r]}"></i>{_e(res_name(r, lang))}</span>',
              res_name(r, lang), LEGEND_SW_PX) for r in res]
    if sites:   # the scenario's zone outlines, by name: the map's own label may not fit beside its sites
        for k, z in enumerate((data.zone_shapes or [])[:MAX_LEGEND_ZONES]):
            parts.append((f'<span><i class="sw zone-sw" style="background:{ZONE_FILLS[k % len(ZONE_FILLS)]}4d;'
                          f'border-color:{ZONE_TEXT[k % len(ZONE_TEXT)]}"></i>{_e(z["name"])}</span>', str(z["name"]),
                          LEGEND_SW_PX))
    if sites and data.corridors is not None and len(data.corridors):
        # in the colour its corridors are drawn in (a grey bar read as a CO2 exchange), one per resource
        nets, colour = sorted(set(map(str, data.corridors["resource"]))), colours_of(data)
        for r in nets:
            word = i18n.text("legend_corridor", lang) + (f" — {res_name(r, lang)}" if len(nets) > 1 else "")
            parts.append((f'<span><i class="sw corridor-sw" style="background:{colour.get(r, "#8a8f98")}"></i>'
                          f'{_e(word)}</span>', word, LEGEND_SW_PX))
    if sites:
        for cls, key in (("dot active", "legend_active"), ("dot", "legend_other")):
            parts.append((f'<span><i class="{cls}"></i>{_e(i18n.text(key, lang))}</span>', i18n.text(key, lang),
                          LEGEND_DOT_PX))
        parts += [(html, text, LEGEND_SW_PX) for html, text in plots_legend_items(data, lang)]
    return parts


def legend(data: RunData, lang: str, sites: bool = True) -> str:
    return f'<div class="legend">{"".join(html for html, _, _ in legend_items(data, lang, sites))}</div>'


def map_extra_layers(data: RunData, lay: MapLayout) -> str:
    """Links not chosen (dashed) and sites with unmatched flows (red ring), hidden until toggled."""
    pos = {st["id"]: st for st in lay.sites}
    out = ['<g class="map-notchosen notchosen">']
    nc = data.not_chosen
    if nc is not None:
        for rec in nc.head(3000).to_dict("records"):
            a, b = pos.get(str(rec["source_site"])), pos.get(str(rec["sink_site"]))
            if a is None or b is None or a["frame"] != b["frame"]:
                continue
            out.append(f'<path d="M{a["x"]:.1f},{a["y"]:.1f}L{b["x"]:.1f},{b["y"]:.1f}" '
                       f'data-reason="{_e(rec["reason"])}"/>')
    out.append('</g><g class="map-unmatched">')
    if len(data.unmatched):
        for sid in sorted(set(data.unmatched["site_id"].astype(str))):
            st = pos.get(sid)
            if st is not None:
                out.append(f'<circle class="unmatched-mark" cx="{st["x"]:.1f}" cy="{st["y"]:.1f}" '
                           f'r="{st["r"] + 3:.1f}"/>')
    out.append("</g>")
    return "".join(out)


def map_section(data: RunData, lang: str, lay: MapLayout) -> str:
    lead = _e(i18n.text("map_lead", lang) + (f" {lay.note}" if lay.note and lay.sites else "")) + screen_hint("map_hint", lang)
    toggles = ('<div class="toggles">'
               + (f'<label><input type="checkbox" data-layer="notchosen"> '
                  f'{_e(i18n.text("toggle_notchosen", lang))}</label>' if data.not_chosen is not None else "")
               + f'<label><input type="checkbox" data-layer="unmatched"> {_e(i18n.text("toggle_unmatched", lang))}'
                 f'</label></div>')
    zoom = (f'<div class="zoom" aria-label="zoom"><button type="button" data-zoom="in" '
            f'title="{_e(i18n.text("zoom_in", lang))}">+</button><button type="button" data-zoom="out" '
            f'title="{_e(i18n.text("zoom_out", lang))}">&#8722;</button><button type="button" data-zoom="reset" '
            f'title="{_e(i18n.text("zoom_reset", lang))}">&#8634;</button></div>')
    return (f'<section id="map"><h2>{_e(i18n.text("map_h", lang))}</h2><p class="lead">{lead}</p>'
            f'<div class="mapbox">{map_svg(lay, extra_layers=map_extra_layers(data, lay) + plots_layer(data, lay, lang))}'
            f'</div>'
            f'<div class="mapbar"><div>{legend(data, lang)}{toggles}</div>{zoom}</div>'
            f'<p class="source-note">{_e(SOURCE_NOTE[lang])}</p></section>')


def _footer(data: RunData, lang: str) -> str:
    s = data.summary
    par = s.get("parameters", {})
    cnt = s.get("counts", {})
    ver = s.get("versions", {})
    t = lambda k, **kw: i18n.text(k, lang, **kw)  # noqa: E731
    n = lambda v: i18n.number(v, lang)  # noqa: E731
    rows = [
        (t("f_objective"), f"{objective_words(s, lang)} ({i18n.unit(s.get('objective_unit', ''), lang)})"),
        (t("f_carbon"), f"{i18n.money(par.get('carbon_price_eur_per_t', 0), lang)}/tCO2" if par else "–"),
        (t("f_annuity"), t("f_annuity_v", r=i18n.share_said(par["discount_rate"], lang),
                           n=n(par["lifetime_years"])) if "discount_rate" in par else "–"),
        (t("f_solver"), _solver_said(s, lang)),
        (t("f_model"), t("f_model_v", sites=n(cnt.get("sites", 0)), flows=n(cnt.get("flows", 0)),
                         links=i18n.counted(cnt.get("candidate_links", 0), "n_cand_links", lang),
                         dropped=i18n.counted(cnt.get("dropped_pairs", 0), "n_dropped_pairs", lang),
                         comps=i18n.counted(cnt.get("components", 0), "n_components", lang))),
        # each input file by what it holds ("flux : flows.csv"), not by scenario.yaml's key
        (t("f_inputs"), ", ".join(t("f_input", role=t(f"input_{k}") if i18n.has_text(f"input_{k}") else k,
                                    file=Path(v.get("path", "")).name) for k, v in (s.get("inputs") or {}).items())
         or "–"),
        (t("f_versions"), ", ".join(f"{k} {v}" for k, v in ver.items()) or "–"),
    ]
    swept = sweep_run_said(data, lang)
    if swept:
        rows.insert(0, (t("f_sweep"), swept))
    body = "".join(f"<tr><td>{_e(a)}</td><td>{_e(b)}</td></tr>" for a, b in rows)
    # a shared network's files are beside the others: its corridors and who pays for them
    net = t("f_written_net") if data.corridors is not None else ""
    return (f'<footer><div class="wrap"><table>{body}</table><p>'
            f'{_e(t("f_written", version=__version__, run=data.run_dir.name, net=net))}</p></div></footer>')


def _solver_said(s: dict, lang: str) -> str:
    """The footer's solver: its name, gap target and the time limit the solve had
    (`summary.time_limit_of`: PuLP's solver's for a model solved in PuLP; none said if none)."""
    sol = (s.get("parameters") or {}).get("solver")
    name = s.get("solver", sol.get("name", "") if isinstance(sol, dict) else "")
    gap = i18n.gap_percent(s.get("mip_gap_target"), lang)
    tl = time_limit_of(s)
    if tl is None:
        return i18n.text("f_solver_v_no_limit", lang, name=name, gap=gap)
    return i18n.text("f_solver_v", lang, name=name, gap=gap, limit=seconds(tl, lang))


def sweep_run_said(data: RunData, lang: str) -> str:
    """What a sweep's run is ('run r1a2 of the sweep, base scenario redon, with hydrogen price
    (x base) 0.669'), empty for any other run: the report's footer and the brief say it (a
    price multiplied reads nowhere else, and the title is the base's)."""
    sweep = data.summary.get("sweep")
    if not isinstance(sweep, dict) or not sweep.get("parameters"):
        return ""
    said = i18n.text("list_sep", lang).join(f"{param_label(k, lang)} {param_value(k, v, lang)}"
                                            for k, v in sweep["parameters"].items())
    return i18n.text("f_sweep_v", lang, run=sweep.get("run_id", data.run_dir.name), base=sweep.get("base", ""),
                     params=said)


def page(title: str, body: str, lang: str, css: str = CSS, script: bool | str = True) -> str:
    """A self-contained HTML page; `script`: the report's own (True), none (False), or this one.
    Its text's numbers never break across lines (`style.unbroken_html`)."""
    js = JS if script is True else script or ""
    return "\n".join([
        "<!DOCTYPE html>",
        f'<html lang="{lang}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        generator_meta(),
        '<link rel="icon" href="data:,">',
        f"<title>{_e(title)}</title>",
        f"<style>{css}</style></head><body>",
        unbroken_html(body),
        f"<script>{js}</script>" if js else "",
        "</body></html>",
    ]) + "\n"


def render_html(data: RunData, lang: str | None = None) -> str:
    """The whole report as one HTML string (no external resource of any kind)."""
    lang = report_lang(data, lang)
    s = data.summary
    t = lambda k, **kw: i18n.text(k, lang, **kw)  # noqa: E731
    title = s.get("scenario") or data.run_dir.name
    desc = (s.get("parameters") or {}).get("description", "")
    lay = map_layout(data, lang)
    panels = sankey_layout(data, lang=lang)
    has = data.has_solution
    sankey_lead = t("sankey_lead") + (" " + t("sankey_merged", n=SANKEY_MAX_NODES)
                                      if any(p.merged for p in panels) else "")
    rule = t("price_rule")
    pb = data.price_bands
    if pb is not None and "kind" in pb and pb["kind"].isin(["to_net", "from_net"]).any():
        rule += " " + t("price_rule_network")   # its connections' bands span the network (`prices.network_bands`)
    if stores_co2(data.matches):
        rule += " " + t("price_rule_stored")   # the emitter keeps the carbon value, pays (`prices.stored_co2_shift`)
    body = "".join([
        f'<header class="top"><div class="wrap"><h1>{_e(title)}</h1>' + (f"<p>{_e(desc)}</p>" if desc else "")
        + f'<div class="meta">{_e(t("meta", objective=objective_words(s, lang), run=data.run_dir.name))}'
          f"</div></div></header>",
        f'<main class="wrap">{status_block(s, lang)}{cards(data, lang)}',
        map_section(data, lang, lay),
        f'<section id="sankey"><h2>{_e(t("sankey_h"))}</h2><p class="lead">{_e(sankey_lead)}</p>'
        + (sankey_svg(panels, lang) + legend(data, lang, sites=False) if has else
           f'<p class="empty">{_e(t("no_solution_draw"))}</p>') + "</section>",
        siting_section(data, lang),
        f'<section id="matches"><h2>{_e(t("matches_h"))}</h2><p class="lead">{_e(t("matches_lead"))}{screen_hint("sort_hint", lang)}</p>'
        f"{matches_table(data, lang)}</section>",
        network_section(data, lang),
        f'<section id="negotiation"><h2>{_e(t("nego_h"))}</h2><p class="lead">{_e(t("nego_lead"))}</p>'
        f'<p class="rule">{_e(rule)}</p>{negotiation(data, lang)}</section>',
        (f'<section id="notchosen"><h2>{_e(t("notchosen_h"))}</h2><p class="lead">{_e(t("notchosen_lead"))}</p>'
         f"{not_chosen_table(data, lang)}</section>" if data.not_chosen is not None else ""),
        f'<section id="unmatched"><h2>{_e(t("unmatched_h"))}</h2><p class="lead">{_e(t("unmatched_lead"))}</p>'
        f"{unmatched_table(data, lang)}</section>",
        levels_section(data, lang),
        f'<section id="zones"><h2>{_e(t("zones_h"))}</h2><p class="lead">{_e(t("zones_lead"))}</p>'
        # a network's corridors cross zones: where its cost and result count (`results.netallocation.zone_inputs`)
        + (f'<p class="rule" id="zones-network-rule">{_e(t("zones_network_rule"))}</p>' if data.corridors is not None
           else "")
        + f"{zone_tables(data, lang)}</section>",
        resilience_section(data.run_dir, lang),   # `eitflow resilience --out RUN`'s resilience.csv, where written
        input_warnings(data, lang),
        "</main>",
        _footer(data, lang),
    ])
    return page(t("report_title", title=title), body, lang)


def write_report(run_dir: str | Path, out_html: str | Path | None = None, lang: str | None = None) -> Path:
    """Write the self-contained HTML report of `run_dir` (default: run_dir/report.html) in
    `lang` ("fr" or "en"; default the scenario's `lang:`, else English)."""
    return write_page(run_dir, out_html, "report.html", render_html, lang)


def write_page(run_dir: str | Path, out_html: str | Path | None, name: str,
               render: Callable[[RunData, str | None], str], lang: str | None) -> Path:
    """Write `render(read_run(run_dir), lang)` (an HTML page of the run: the report, the brief)
    to `out_html`, default run_dir/`name`, through a temporary file beside it replacing it at
    once: a reader never finds half a page, and a failed render leaves the old one."""
    data = read_run(run_dir)
    out = Path(out_html) if out_html is not None else Path(run_dir) / name
    out.parent.mkdir(parents=True, exist_ok=True)
    return write_text(out, render(data, lang))
