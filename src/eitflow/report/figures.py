"""Static figures (PNG/SVG) of the map and the Sankey diagram with matplotlib, for slides."""

from __future__ import annotations

from pathlib import Path

import eitflow.i18n as i18n
from eitflow.report.map import map_layout
from eitflow.report.ourfiles import save_figure
from eitflow.report.sankey import sankey_layout
from eitflow.report.style import (
    CORRIDOR_CASING_PX,
    CORRIDOR_EXISTING_DASH,
    INK,
    ZONE_FILLS,
    ZONE_TEXT,
    _blend,
    colours_of,
    res_name,
)
from eitflow.results.rundir import RunData, read_run


def _figure(width_px: float, height_px: float, dpi: int = 100):
    """A matplotlib Figure without pyplot: no global state, no display, Agg for PNG."""
    from matplotlib.figure import Figure

    return Figure(figsize=(width_px / dpi, height_px / dpi), dpi=dpi)


def _polys_patch(polys, **kw):
    """Pixel polygons (lists of rings) as one matplotlib PathPatch (even-odd holes)."""
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path as MPath

    verts, codes = [], []
    for rings in polys:
        for r in rings:
            if len(r) < 3:
                continue
            verts.extend(r.tolist())
            verts.append(r[0].tolist())
            codes.extend([MPath.MOVETO] + [MPath.LINETO] * (len(r) - 1) + [MPath.CLOSEPOLY])
    if not verts:
        return None
    return PathPatch(MPath(verts, codes), **kw)


def _fig_map(data: RunData, out: Path, fmt: str, lang: str) -> Path:
    from matplotlib.patches import PathPatch, Polygon, Rectangle
    from matplotlib.path import Path as MPath

    lay = map_layout(data, lang)
    dpi = 100
    foot = _legend_height(data, lay.width, lang)
    fig = _figure(lay.width, lay.height + foot, dpi)
    ax = fig.add_axes((0, foot / (lay.height + foot), 1, lay.height / (lay.height + foot)))
    ax.set_xlim(0, lay.width)
    ax.set_ylim(lay.height, 0)
    ax.set_axis_off()
    pt = 72.0 / dpi  # points per pixel
    # a light box behind labels (not a path effect, so labels stay editable text in SVG)
    halo = {"boxstyle": "round,pad=0.12", "fc": "#ffffff", "ec": "none", "alpha": 0.75}
    for k, (fr, b) in enumerate(zip(lay.frames, lay.base)):
        clip = Rectangle((fr.x, fr.y), fr.w, fr.h, transform=ax.transData)
        ax.add_patch(Rectangle((fr.x, fr.y), fr.w, fr.h, facecolor="#dbe9f4", edgecolor="#5f6b7a" if k else "none",
                               lw=1 * pt, zorder=0))
        for polys, kw in ((b.land, {"facecolor": "#efebe3", "edgecolor": "#7b7366", "lw": 1 * pt, "zorder": 1}),
                          (b.france, {"facecolor": "#fbfaf6", "edgecolor": "#d3ccbf", "lw": 0.6 * pt, "zorder": 1.1}),
                          (b.regions, {"facecolor": "none", "edgecolor": "#a59b8c", "lw": 1.2 * pt, "zorder": 1.2})):
            patch = _polys_patch(polys, **kw)
            if patch is not None:
                ax.add_patch(patch)
                patch.set_clip_path(clip)
        for nm in b.names:
            ax.text(nm["x"], nm["y"], nm["text"], fontsize=10.5 * pt, style="italic", color="#8c8272",
                    ha="center", va="baseline", zorder=1.3, clip_on=True)
        if k:
            ax.text(fr.x + 5, fr.y + 13, fr.name, fontsize=11 * pt, fontweight="bold", color="#1d2433", zorder=6)
    for z, lb in zip(lay.zones, lay.extra.get("zone_labels", [])):
        c, dark = ZONE_FILLS[z["k"] % len(ZONE_FILLS)], ZONE_TEXT[z["k"] % len(ZONE_TEXT)]
        patch = _polys_patch(z["polys"], facecolor=_blend(c, "#fbfaf6", 0.16), edgecolor=dark, lw=1.6 * pt, zorder=2)
        if patch is not None:
            ax.add_patch(patch)
        if lb:
            ax.text(lb[0], lb[1], z["name"], fontsize=11.5 * pt, color=dark, ha="center", va="baseline",
                    fontweight="bold", zorder=6, bbox=halo)
    for co in lay.corridors:   # shared networks under the exchanges: a dark casing, then the resource's colour
        (x0, y0), (x1, y1) = co["p0"], co["p1"]
        ax.plot([x0, x1], [y0, y1], color=INK, lw=(co["width"] + CORRIDOR_CASING_PX) * pt, solid_capstyle="round",
                zorder=2.5, gid=f"corridor-casing-{co['id']}")
        ax.plot([x0, x1], [y0, y1], color=co["colour"], lw=co["width"] * pt, solid_capstyle="round", zorder=2.6,
                linestyle=(0, CORRIDOR_EXISTING_DASH) if co["existing"] else "-", gid=f"corridor-{co['id']}")
    for ed in lay.edges:
        p = MPath([ed["p0"], ed["c"], ed["p1"]], [MPath.MOVETO, MPath.CURVE3, MPath.CURVE3])
        ax.add_patch(PathPatch(p, facecolor="none", edgecolor=ed["colour"], lw=ed["width"] * pt, alpha=0.85,
                               capstyle="round", zorder=3))
        ax.add_patch(Polygon(ed["arrow"], closed=True, facecolor=ed["colour"], edgecolor="none", alpha=0.9, zorder=3))
    for active, fc, ec in ((False, "#ffffff", "#5f6b7a"), (True, "#1d2433", "#ffffff")):
        pts = [(st["x"], st["y"]) for st in lay.sites if st["active"] == active]
        if pts:
            r = lay.sites[0]["r"]
            ax.scatter(*zip(*pts), s=(2 * r * pt * 1.1) ** 2, c=fc, edgecolors=ec, linewidths=1.2 * pt, zorder=4)
    for lb in lay.labels:
        if lb.leader:
            x0, y0, x1, y1 = lb.leader
            ax.plot([x0, x1], [y0, y1], color="#5f6b7a", lw=0.8 * pt, zorder=4.5)
        ax.text(lb.x, lb.y, lb.text, fontsize=11 * pt, fontweight="bold", color="#1d2433",
                ha={"start": "left", "end": "right", "middle": "center"}[lb.anchor], va="baseline", zorder=5,
                bbox=halo)
    if lay.scalebar:
        sb = lay.scalebar
        x, y, L = sb["x"], sb["y"], sb["length"]
        ax.plot([x, x, x + L, x + L], [y - 4, y + 2, y + 2, y - 4], color="#1d2433", lw=1.5 * pt, zorder=5)
        ax.text(x + L / 2, y - 6, sb["label"], fontsize=11 * pt, ha="center", va="baseline", zorder=5)
    _legend_strip(fig, data, (0, 0, 1, foot / (lay.height + foot)), lay.width, i18n.text("fig_map_note", lang), lang)
    title = data.summary.get("scenario") or data.run_dir.name
    fig.text(0.01, 0.995, title, fontsize=12 * pt, fontweight="bold", va="top", color="#1d2433")
    return save_figure(fig, out, fmt, fig.dpi * 2)


#: the legend strip (pixels): a row of swatches every _ROW, the note under the last row
_ROW, _STRIP = 22.0, 60.0


def _legend_rows(data: RunData, width: float, lang: str) -> list[list[tuple[float, str, str]]]:
    """The legend's items, (x, kind, name) by row, each name measured (DejaVu Sans at 12 px)
    and a row wrapped before it would run past `width`: one row of ten resources guessed at
    7.8 px a character ran past the map's edge ('déchets de bois' cut to its 'd')."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextPath

    items = [("res:" + r, res_name(r, lang)) for r in
             (sorted(set(data.matches["supply_resource"])) if len(data.matches) else [])]
    if data.corridors is not None and len(data.corridors):
        items.append(("corridor", i18n.text("legend_corridor", lang)))
    prop = FontProperties(size=12)
    rows: list[list[tuple[float, str, str]]] = [[]]
    x = 16.0
    for kind, name in items:
        w = 24 + TextPath((0, 0), name, size=12, prop=prop).get_extents().width + 18
        if rows[-1] and x + w > width - 8:
            rows.append([])
            x = 16.0
        rows[-1].append((x, kind, name))
        x += w
    return rows


def _legend_height(data: RunData, width: float, lang: str) -> float:
    """The strip's height (px) for its rows of swatches and its note."""
    return _STRIP + _ROW * (len(_legend_rows(data, width, lang)) - 1)


def _legend_strip(fig, data: RunData, rect, width: float, note: str = "", lang: str = "en") -> None:
    """Rows of resource swatches along the bottom of a figure (pixel units), `_legend_height` high."""
    pt = 72.0 / fig.dpi
    rows = _legend_rows(data, width, lang)
    height = _STRIP + _ROW * (len(rows) - 1)
    lax = fig.add_axes(rect)
    lax.set_axis_off()
    lax.set_xlim(0, width)
    lax.set_ylim(height, 0)
    colours = colours_of(data)
    for i, row in enumerate(rows):
        y = 24 + _ROW * i
        for x, kind, name in row:
            if kind == "corridor":   # shared networks: their swatch as drawn on the map, as on the HTML legend
                colour = colours.get(str(data.corridors["resource"].iloc[0]), INK)
                lax.plot([x, x + 18], [y, y], color=INK, lw=(4 + CORRIDOR_CASING_PX) * pt, solid_capstyle="round",
                         gid="legend-corridor-casing")
                lax.plot([x, x + 18], [y, y], color=colour, lw=4 * pt, solid_capstyle="round", gid="legend-corridor")
            else:
                lax.plot([x, x + 18], [y, y], color=colours[kind[4:]], lw=6 * pt, solid_capstyle="round")
            lax.text(x + 24, y + 4, name, fontsize=12 * pt, va="baseline", color=INK)
    if note:
        lax.text(16, height - 10, note, fontsize=10.5 * pt, va="baseline", color="#5f6b7a")


def _fig_sankey(data: RunData, out: Path, fmt: str, lang: str) -> Path:
    from matplotlib.patches import PathPatch, Rectangle
    from matplotlib.path import Path as MPath

    panels = sankey_layout(data, lang=lang)
    dpi = 100
    width = 960.0
    head, top, foot = 30.0, 34.0, _legend_height(data, width, lang)
    total_h = (sum(p.height + head for p in panels) if panels else 120.0) + top + foot
    fig = _figure(width, total_h, dpi)
    pt = 72.0 / dpi
    if not panels:
        fig.text(0.5, 0.5, i18n.text("sankey_nothing", lang), ha="center", va="center", fontsize=14 * pt)
    title = data.summary.get("scenario") or data.run_dir.name
    fig.text(12 / width, 1 - 8 / total_h, i18n.text("fig_sankey_title", lang, title=title), fontsize=12 * pt,
             fontweight="bold", va="top", color="#1d2433")
    _legend_strip(fig, data, (0, 0, 1, foot / total_h), width, i18n.text("fig_sankey_note", lang), lang)
    y_top = top
    for p in panels:
        h = p.height + head
        ax = fig.add_axes((0, 1 - (y_top + h) / total_h, 1, h / total_h))
        ax.set_xlim(0, width)
        ax.set_ylim(p.height, -head)
        ax.set_axis_off()
        u = i18n.unit(p.unit, lang)
        cap = (i18n.text("sankey_caption_mixed", lang, unit=u, n=len({b["resource"] for b in p.bands})) if p.mixed
               else i18n.text("sankey_caption", lang, unit=u, total=f"{i18n.amount(p.total, lang)} {u}"))
        ax.text(12, -10, cap, fontsize=12 * pt, color="#5f6b7a", va="baseline")
        for b in p.bands:
            xm = (b["x0"] + b["x1"]) / 2
            verts = [(b["x0"], b["y0a"]), (xm, b["y0a"]), (xm, b["y1a"]), (b["x1"], b["y1a"]), (b["x1"], b["y1b"]),
                     (xm, b["y1b"]), (xm, b["y0b"]), (b["x0"], b["y0b"]), (b["x0"], b["y0a"])]
            codes = [MPath.MOVETO, MPath.CURVE4, MPath.CURVE4, MPath.CURVE4, MPath.LINETO, MPath.CURVE4, MPath.CURVE4,
                     MPath.CURVE4, MPath.CLOSEPOLY]
            ax.add_patch(PathPatch(MPath(verts, codes), facecolor=b["colour"], edgecolor="none", alpha=0.5))
        for nd in p.nodes:
            ax.add_patch(Rectangle((nd["x"], nd["y"]), 14, max(nd["h"], 1.0), facecolor="#1d2433", edgecolor="none"))
            left = nd["side"] == "left"
            ax.text(nd["x"] - 8 if left else nd["x"] + 22, nd["y"] + nd["h"] / 2,
                    nd["label"] + (f"  {i18n.amount(nd['amount'], lang)}" if nd["amount"] is not None else ""),
                    fontsize=12 * pt, fontweight="bold",
                    color="#1d2433", ha="right" if left else "left", va="center")
        y_top += h
    return save_figure(fig, out, fmt, fig.dpi * 2)


def figure_paths(out_dir: Path, fmt: str) -> list[Path]:
    """The files `write_figures` writes in `out_dir`: map.<fmt> and sankey.<fmt>."""
    return [Path(out_dir) / f"{name}.{fmt.lower()}" for name in ("map", "sankey")]


def write_figures(run_dir: str | Path, fmt: str = "png", out_dir: str | Path | None = None,
                  lang: str | None = None) -> list[Path]:
    """Write map.<fmt> and sankey.<fmt> (png or svg) with matplotlib, for slides, in `lang`
    (default: the scenario's `lang:`, else English)."""
    fmt = fmt.lower()
    if fmt not in ("png", "svg"):
        raise ValueError(f"figure format must be png or svg, not {fmt!r}")
    data = read_run(run_dir)
    out = Path(out_dir) if out_dir is not None else Path(run_dir)
    out.mkdir(parents=True, exist_ok=True)
    lang = i18n.resolve_lang(lang, (data.summary.get("parameters") or {}).get("lang"))
    to_map, to_sankey = figure_paths(out, fmt)
    return [_fig_map(data, to_map, fmt, lang), _fig_sankey(data, to_sankey, fmt, lang)]


