"""The map layout as inline SVG (no script, no tile, no font from the network)."""

from __future__ import annotations

import eitflow.i18n as i18n
from eitflow.report.basemap import ring_path
from eitflow.report.map import MapLayout
from eitflow.report.style import CORRIDOR_CASING_PX, CORRIDOR_EXISTING_DASH, INK, ZONE_FILLS, ZONE_TEXT, _e

DOTS_ABOVE = 1500  # sites; beyond, sites without an exchange are drawn as one path of dots


def _paths(polys, cls: str, min_px: float = 1.0) -> str:
    out = []
    for rings in polys:
        d = "".join(ring_path(r, min_px) for r in rings)
        if d:
            out.append(d)
    if not out:
        return ""
    return f'<path class="{cls}" d="{"".join(out)}"/>'


def map_svg(lay: MapLayout, svg_id: str = "map-svg", extra_layers: str = "") -> str:
    """The whole map as one <svg>; `extra_layers` (SVG) goes above the exchanges (e.g. links not chosen)."""
    lang = lay.lang
    out = [f'<svg id="{svg_id}" class="map" viewBox="0 0 {lay.width:.0f} {lay.height:.0f}" '
           f'xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{svg_id}-title">',
           f'<title id="{svg_id}-title">{_e(i18n.text("map_title", lang))}</title>',
           f'<rect class="map-page" x="0" y="0" width="{lay.width:.0f}" height="{lay.height:.0f}"/>']
    defs = []
    for k, fr in enumerate(lay.frames):
        defs.append(f'<clipPath id="{svg_id}-clip{k}"><rect x="{fr.x:.1f}" y="{fr.y:.1f}" width="{fr.w:.1f}" '
                    f'height="{fr.h:.1f}"/></clipPath>')
    if defs:
        out.append(f"<defs>{''.join(defs)}</defs>")
    for k, (fr, b) in enumerate(zip(lay.frames, lay.base)):
        out.append(f'<g class="frame" data-frame="{k}" clip-path="url(#{svg_id}-clip{k})">'
                   f'<rect class="sea" x="{fr.x:.1f}" y="{fr.y:.1f}" width="{fr.w:.1f}" height="{fr.h:.1f}"/>'
                   f'<g class="basemap">{_paths(b.land, "land")}{_paths(b.france, "dept")}'
                   f'{_paths(b.regions, "region")}</g>')
        if k == 0 and lay.zones:
            out.append('<g class="zones">')
            for z in lay.zones:
                c = ZONE_FILLS[z["k"] % len(ZONE_FILLS)]
                d = "".join(ring_path(r, 0.4) for rings in z["polys"] for r in rings)
                out.append(f'<path class="zone" d="{d}" fill="{c}" stroke="{ZONE_TEXT[z["k"] % len(ZONE_TEXT)]}">'
                           f'<title>{_e(z["name"])}</title></path>')
            out.append("</g>")
        if b.names:
            out.append('<g class="area-names">' + "".join(
                f'<text x="{nm["x"]:.1f}" y="{nm["y"]:.1f}" text-anchor="middle">{_e(nm["text"])}</text>'
                for nm in b.names) + "</g>")
        out.append("</g>")
    if lay.corridors:   # shared networks under the exchanges: a dark casing, then the resource's colour
        out.append('<g class="networks">')
        for co in lay.corridors:
            (x0, y0), (x1, y1) = co["p0"], co["p1"]
            d = f"M{x0:.1f},{y0:.1f}L{x1:.1f},{y1:.1f}"
            cls = "corridor existing" if co["existing"] else "corridor"
            out.append(f'<g class="corridor-group" data-corridor="{_e(co["id"])}" data-resource="{_e(co["resource"])}">'
                       f'<title>{_e(co["title"])}</title><path class="casing" d="{d}" '
                       f'stroke-width="{co["width"] + CORRIDOR_CASING_PX:.2f}"/><path class="{cls}" d="{d}" stroke="{co["colour"]}" '
                       f'stroke-width="{co["width"]:.2f}"/></g>')
        out.append("</g>")
    out.append('<g class="exchanges">')
    for ed in lay.edges:
        (x0, y0), (cx, cy), (x1, y1) = ed["p0"], ed["c"], ed["p1"]
        a = ed["arrow"]
        out.append(f'<g class="exchange-group" data-resource="{_e(ed["resource"])}"><title>{_e(ed["title"])}</title>'
                   f'<path class="exchange" d="M{x0:.1f},{y0:.1f}Q{cx:.1f},{cy:.1f} {x1:.1f},{y1:.1f}" '
                   f'stroke="{ed["colour"]}" stroke-width="{ed["width"]:.2f}"/>'
                   f'<path class="arrow" d="M{a[0][0]:.1f},{a[0][1]:.1f}L{a[1][0]:.1f},{a[1][1]:.1f}'
                   f'L{a[2][0]:.1f},{a[2][1]:.1f}Z" fill="{ed["colour"]}"/></g>')
    out.append("</g>")
    out.append(extra_layers)
    out.append('<g class="sites">')
    many = len(lay.sites) > DOTS_ABOVE
    if many:  # thousands of idle sites: one path of dots (about 14 bytes each, no tooltip)
        d = "".join(f'M{st["x"]:.1f},{st["y"]:.1f}h0' for st in lay.sites if not st["active"])
        out.append(f'<path class="site-dots" d="{d}" stroke-width="{2 * lay.sites[0]["r"]:.1f}"/>')
    for st in sorted(lay.sites, key=lambda st: st["active"]):  # sites with an exchange on top
        if many and not st["active"]:
            continue
        cls = "site active" if st["active"] else "site"
        out.append(f'<circle class="{cls}" cx="{st["x"]:.1f}" cy="{st["y"]:.1f}" r="{st["r"]:.1f}" '
                   f'data-site="{_e(st["id"])}"><title>{_e(st["title"])}</title></circle>')
    out.append("</g>")
    if lay.zones:
        out.append('<g class="zone-labels">')
        for z, lb in zip(lay.zones, lay.extra.get("zone_labels", [])):
            if lb:
                out.append(f'<text class="zone-label" x="{lb[0]:.1f}" y="{lb[1]:.1f}" text-anchor="middle" '
                           f'fill="{ZONE_TEXT[z["k"] % len(ZONE_TEXT)]}">{_e(z["name"])}</text>')
        out.append("</g>")
    out.append('<g class="site-labels">')
    for lb in lay.labels:
        if lb.leader:
            x0, y0, x1, y1 = lb.leader
            out.append(f'<line class="leader" x1="{x0:.1f}" y1="{y0:.1f}" x2="{x1:.1f}" y2="{y1:.1f}"/>')
        out.append(f'<text x="{lb.x:.1f}" y="{lb.y:.1f}" text-anchor="{lb.anchor}" '
                   f'data-site="{_e(lay.sites[lb.site]["id"])}">{_e(lb.text)}</text>')
    out.append("</g>")
    for k, fr in enumerate(lay.frames):
        if k:
            out.append(f'<g class="inset"><rect x="{fr.x:.1f}" y="{fr.y:.1f}" width="{fr.w:.1f}" height="{fr.h:.1f}"/>'
                       f'<text x="{fr.x + 5:.1f}" y="{fr.y + 13:.1f}">{_e(fr.name)}</text></g>')
    if lay.scalebar:
        sb = lay.scalebar
        x, y, L = sb["x"], sb["y"], sb["length"]
        # the north (the map is drawn north up) at the left of the bar's label row, the label centred in
        # the rest: in the box the labels already keep clear of (`map._sb_box`), so no name moves
        out.append(f'<g class="scalebar"><rect x="{x - 8:.1f}" y="{y - 18:.1f}" width="{L + 16:.1f}" height="28" rx="4"/>'
                   f'<path d="M{x:.1f},{y - 4:.1f}V{y + 2:.1f}H{x + L:.1f}V{y - 4:.1f}"/>'
                   f'<g class="north"><path d="M{x + 4:.1f},{y - 16:.1f}L{x + 8:.1f},{y - 7:.1f}H{x:.1f}Z"/>'
                   f'<text x="{x + 10:.1f}" y="{y - 7:.1f}">N</text></g>'
                   f'<text x="{x + (L + NORTH_PX) / 2:.1f}" y="{y - 6:.1f}" text-anchor="middle">{_e(sb["label"])}</text></g>')
    if not lay.sites and lay.note:
        out.append(f'<text x="{lay.width / 2:.0f}" y="{lay.height / 2:.0f}" text-anchor="middle">{_e(lay.note)}</text>')
    out.append("</svg>")
    return "".join(out)


#: px the north mark takes at the left of the scale bar's label row (its arrow 8 px, "N" at 11 px bold,
#: a gap); the bar is at least 55 px long (`map`: a nice step of >= 55 px), its label centred in the rest
NORTH_PX = 20.0

MAP_CSS = """
.map-page{fill:#fff}.sea{fill:#dbe9f4}
.land{fill:#efebe3;stroke:#7b7366;stroke-width:1}.dept{fill:#fbfaf6;stroke:#d3ccbf;stroke-width:.6}
.region{fill:none;stroke:#a59b8c;stroke-width:1.2}
.land,.dept{fill-rule:evenodd}
.area-names text{font-size:10.5px;font-style:italic;fill:#8c8272;letter-spacing:.02em}
.zone{fill-opacity:.16;stroke-width:1.6;stroke-opacity:.9;fill-rule:evenodd}
.zone-label{font-size:11.5px;font-weight:650;paint-order:stroke;stroke:#fff;stroke-width:3px}
.exchange{fill:none;stroke-linecap:round;stroke-opacity:.85}
.exchange-group:hover .exchange{stroke-opacity:1}.arrow{opacity:.9}
.site{fill:#fff;stroke:#5f6b7a;stroke-width:1.2}.site-dots{fill:none;stroke:#98a2b0;stroke-linecap:round}.site.active{fill:#1d2433;stroke:#fff;stroke-width:1.4}
.site-labels text{font-size:11px;font-weight:600;fill:#1d2433;paint-order:stroke;stroke:#fff;stroke-width:3px;
stroke-linejoin:round}
.site-labels .leader{stroke:#5f6b7a;stroke-width:.8}
.inset rect{fill:none;stroke:#5f6b7a;stroke-width:1}.inset text{font-size:11px;font-weight:650;fill:#1d2433;
paint-order:stroke;stroke:#fff;stroke-width:3px}
.scalebar rect{fill:#fff;fill-opacity:.85;stroke:#dde3ea}.scalebar path{fill:none;stroke:#1d2433;stroke-width:1.5}
.scalebar text{font-size:11px;fill:#1d2433}.scalebar .north path{fill:#1d2433;stroke:none}
.scalebar .north text{font-weight:700}
.notchosen path{fill:none;stroke:#868e96;stroke-width:1.2;stroke-dasharray:4 3}
.unmatched-mark{fill:none;stroke:#c92a2a;stroke-width:1.6}
.networks path{fill:none;stroke-linecap:round}.networks .casing{stroke:INK;stroke-opacity:.55}
.networks .corridor.existing{stroke-dasharray:DASH}
""".replace("INK", INK).replace("DASH", "%d %d" % CORRIDOR_EXISTING_DASH)  # noqa: UP031
