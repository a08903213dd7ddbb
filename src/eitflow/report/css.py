"""The report's stylesheet (inline in every page; no font or file from the network)."""

from eitflow.report.mapsvg import MAP_CSS

#: on a screen narrower than 820 px (a phone) the map and the Sankey diagrams keep this width
#: and scroll sideways in their box: laid out 960 px wide with 11-12 px labels, shrunk to a
#: phone's 300 px their labels were drawn at 3.5 px; at 800 px they are 9 px or more
PHONE_MIN_PX = 800

BASE_CSS = """
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
.card .value .u{font-size:14px;font-weight:500;color:var(--muted);letter-spacing:0}
.card .sub{font-size:12.5px;color:var(--muted);font-variant-numeric:tabular-nums}
section{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:18px 20px 20px;margin:18px 0}
section h2{margin:0 0 4px;font-size:19px;font-weight:650}
section .lead{margin:0 0 12px;color:var(--muted);font-size:13.5px;max-width:900px}
svg{display:block;width:100%;height:auto}
svg text{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,"DejaVu Sans",sans-serif}
.mapbox{border:1px solid var(--line);border-radius:8px;overflow:hidden}
#map-svg{cursor:grab}#map-svg.dragging{cursor:grabbing}
@media screen and (max-width:820px){.mapbox,.sankey-panel{overflow-x:auto}#map-svg,svg.sankey{min-width:PHONE_MINpx}}
.mapbar{display:flex;justify-content:space-between;align-items:flex-start;gap:16px}
.zoom{display:flex;gap:4px;margin-top:8px;flex:none}
.zoom button{width:30px;height:30px;border:1px solid #ced4da;border-radius:6px;background:#fff;color:var(--ink);
font-size:17px;line-height:1;cursor:pointer;box-shadow:0 1px 2px rgba(0,0,0,.08)}.zoom button:hover{background:#f1f3f5}
@media print{.zoom{display:none}}
table.folded tr.fold{display:none}
button.more{margin:8px 0 0;padding:6px 12px;border:1px solid var(--line);border-radius:6px;background:#fff;
color:var(--ink);font:inherit;font-size:13px;cursor:pointer}button.more:hover{background:#e7ebf2}
@media print{table.folded tr.fold{display:table-row}button.more{display:none}}
.legend{display:flex;flex-wrap:wrap;gap:6px 16px;margin:10px 0 0;font-size:13px;color:var(--ink)}
.legend span{display:inline-flex;align-items:center;gap:6px}
.sw{display:inline-block;width:18px;height:6px;border-radius:3px}.zone-sw{height:10px;border:1.5px solid;border-radius:2px;box-sizing:border-box}
.corridor-sw{height:8px;border-radius:4px;background:#8a8f98;box-shadow:0 0 0 1.2px #1d2433}
.dot{display:inline-block;width:10px;height:10px;border-radius:50%;border:1.5px solid #5f6b7a;background:#fff}
.dot.active{background:#1d2433;border-color:#1d2433}
.sankey-panel{margin:10px 0 18px}.sankey-panel figcaption{font-size:13px;color:var(--muted);margin-bottom:4px}
.sankey-link{fill-opacity:.45}.sankey-link:hover{fill-opacity:.8}
.sankey-node rect{fill:#1d2433}.sankey-node text{font-size:12px;font-weight:600;fill:#1d2433}
.sankey-node .amt{font-weight:400;fill:#5f6b7a}
.tablewrap{overflow-x:auto;border:1px solid var(--line);border-radius:8px}
table{border-collapse:collapse;width:100%;font-size:13px;font-variant-numeric:tabular-nums}
th,td{padding:6px 8px;text-align:left;border-bottom:1px solid var(--line);vertical-align:top}
th{background:#f1f3f7;font-weight:650;font-size:12.5px;color:#3b4556;position:sticky;top:0;
vertical-align:bottom}
th small{display:block;font-weight:400;color:var(--muted);font-size:11.5px}
th.sortable{cursor:pointer;user-select:none}th.sortable:hover{background:#e7ebf2}
th.sortable .lab::after{content:"\\00a0\\2195";color:#adb5bd;font-weight:400}
th.asc .lab::after{content:"\\00a0\\2191";color:var(--accent)}th.desc .lab::after{content:"\\00a0\\2193";color:var(--accent)}
td.n,th.n{text-align:right}td.n{white-space:nowrap}td.n small.conv{white-space:normal}
tbody tr:nth-child(even){background:#fafbfd}tbody tr:hover{background:#eef6f8}
tfoot td{font-weight:700;background:#f1f3f7;border-top:2px solid #d5dbe4}
.res{display:inline-flex;align-items:center;gap:6px}
.res i{display:inline-block;width:10px;height:10px;border-radius:2px}
.reason{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;white-space:nowrap;
background:#edf2ff;color:#364fc7}
.reason.no_compatible_partner,.reason.no_partner_in_range{background:#fff0f6;color:#a61e4d}
.reason.quality,.reason.min_amount,.reason.uneconomic,.reason.no_co2_gain,.reason.same_site{background:#fff4e6;color:#b35c00}
.reason.capacity_used,.reason.not_selected,.reason.unit_not_built,.reason.hub_not_built{background:#e6fcf5;color:#087f5b}
td.detail{color:var(--muted);font-size:12.5px;min-width:260px}
td.detail small{display:block;font-size:11px;color:#8a94a3;margin-top:2px}
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
@page{size:A4;margin:12mm}
@media print{body{background:#fff}section{break-inside:avoid;border:0;padding:0}header.top{color:#000;background:none}
th{position:static}}
td.site-cell{min-width:110px;max-width:200px}
small.res-under{display:block;font-size:11.5px;color:var(--muted);text-align:right;margin-top:2px;
white-space:normal;min-width:120px}
#bands-table th,#notchosen-table th,#zones-table th{white-space:normal}
small.res-under .res{justify-content:flex-end}small.conv,small.hp,small.mode{display:block;color:var(--muted);font-size:11px}td.site-cell small.code{display:block;color:var(--muted);font-size:11px;font-weight:400}
h3.sub{font-size:15px;margin:20px 0 8px;color:#3b4556}
svg.band{display:inline-block;vertical-align:middle;width:70px;height:14px;margin:0 3px}svg.band rect{fill:#c5d8e4}
svg.band circle{fill:#0b7285;stroke:#fff;stroke-width:1.5}td.bandcell{padding-left:4px;padding-right:4px}
.toggles{display:flex;flex-wrap:wrap;gap:6px 18px;margin:8px 0 0;font-size:13px}
.toggles label{display:inline-flex;align-items:center;gap:6px;cursor:pointer}
.map-notchosen,.map-unmatched{display:none}
#map.show-notchosen .map-notchosen,#map.show-unmatched .map-unmatched{display:inline}
.rule{background:#f1f3f7;border-left:3px solid var(--accent);padding:8px 12px;font-size:13px;margin:8px 0 12px;
max-width:900px}
.source-note{font-size:12px;color:var(--muted);margin:6px 0 0}
.print-only{display:none}
""".replace("PHONE_MIN", str(PHONE_MIN_PX))

# On A4 paper (186 mm = 703 CSS px between the margins) a table cannot scroll: it is printed
# smaller, its headers and names wrap, and nothing is cut at the right edge (the screen's
# minimum widths, made for a wide window, are dropped). Last, so it wins over the rules above.
# Headers of figures wrap too: kept on one line, the table of shares' four ("Part des pompes à
# chaleur à l'injection") left a company's name 50 px and broke its words ("industriell|e").
# The resilience table's lists (partners, shortfall, outlets_lost) took the page's width the same way: its
# names broke every 4 letters ("Val'E|Rgie (Métr|opole"), so its names keep a floor; with the lists
# beside the figures the table was 926 px wide on ludres_backbone and its last columns were cut: on
# paper the lists are a table of their own under it (`resilience.printed_lists`, `.print-only`), and
# its cells' padding is 2 px a side: with a fresh run's columns (--fresh) the figures took 707 px.
PRINT_CSS = """
@media print{.wrap{padding:0;max-width:none}
.tablewrap{overflow:visible;border-radius:0}
table{font-size:9px;width:100%}th{font-size:8.5px;white-space:normal}th small{font-size:8px}
th,td{padding:3px 3px}td.n{white-space:nowrap}
td.site-cell,td.detail,small.res-under,#zones-table td:first-child,#zone-pairs-table td{min-width:0}
td.site-cell{max-width:none;overflow-wrap:anywhere}td.site-cell small.code{font-size:8px}
td.detail{font-size:8.5px}td.detail small{font-size:8px}.reason{font-size:8.5px;white-space:normal}
svg.band{width:44px}th.sortable .lab::after{content:none}
#resilience-table td.site-cell,#resilience-lists-table td.site-cell{min-width:85px;overflow-wrap:normal}
#resilience-table .list{display:none}.print-only{display:block}#resilience-table th,#resilience-table td{padding:3px 2px}
tr{break-inside:avoid}thead{display:table-header-group}h2,h3{break-after:avoid}
.screen-only,.toggles{display:none}}
"""

CSS = BASE_CSS + MAP_CSS + PRINT_CSS
