"""Static figures (PNG/SVG) of the map and the Sankey diagram with matplotlib, for slides."""

from __future__ import annotations

from pathlib import Path

from eitflow.report.map import map_layout
from eitflow.report.sankey import sankey_layout
from eitflow.report.style import _amount, _blend, colours_of
from eitflow.results.rundir import RunData, read_run


def _figure(width_px: float, height_px: float, dpi: int = 100):
    """A matplotlib Figure without pyplot: no global state, no display, Agg for PNG."""
    from matplotlib.figure import Figure

    return Figure(figsize=(width_px / dpi, height_px / dpi), dpi=dpi)


def _fig_map(data: RunData, path: Path, fmt: str) -> Path:
    from matplotlib.patches import PathPatch, Polygon
    from matplotlib.path import Path as MPath

    lay = map_layout(data)
    dpi = 100
    fig = _figure(lay.width, lay.height + 60, dpi)
    ax = fig.add_axes((0, 60 / (lay.height + 60), 1, lay.height / (lay.height + 60)))
    ax.set_xlim(0, lay.width)
    ax.set_ylim(lay.height, 0)
    ax.set_axis_off()
    pt = 72.0 / dpi  # points per pixel
    # a light box behind labels (not a path effect, so labels stay editable text in SVG)
    halo = {"boxstyle": "round,pad=0.12", "fc": "#f8fafc", "ec": "none", "alpha": 0.75}
    ax.add_patch(Polygon([(0, 0), (lay.width, 0), (lay.width, lay.height), (0, lay.height)], closed=True,
                         facecolor="#f8fafc", edgecolor="none", zorder=0))
    for gl in lay.grid:
        ax.plot([gl["x1"], gl["x2"]], [gl["y1"], gl["y2"]], color="#dde3ea", lw=1 * pt, zorder=1)
        ax.text(gl["lx"], gl["ly"], gl["label"], fontsize=10 * pt, color="#8a94a3",
                ha="center" if gl["kind"] == "lon" else "left", va="baseline", zorder=1)
    for z in lay.zones:
        pts = z["points"]
        tint = _blend(z["fill"], "#f8fafc", 0.13)  # opaque tint: face and padded edge shade alike
        if len(pts) == 1:
            ax.plot([pts[0][0]], [pts[0][1]], "o", ms=34 * pt, color=tint, zorder=2, mec="none")
        else:
            ax.add_patch(Polygon(pts, closed=True, facecolor=tint, edgecolor=tint, lw=34 * pt, joinstyle="round",
                                 zorder=2))
        ax.text(z["lx"], z["ly"], z["name"], fontsize=11.5 * pt, color=z["dark"], ha="center", va="baseline",
                fontweight="bold", zorder=6, bbox=halo)
    for ed in lay.edges:
        p = MPath([ed["p0"], ed["c"], ed["p1"]], [MPath.MOVETO, MPath.CURVE3, MPath.CURVE3])
        ax.add_patch(PathPatch(p, facecolor="none", edgecolor=ed["colour"], lw=ed["width"] * pt, alpha=0.85,
                               capstyle="round", zorder=3))
        ax.add_patch(Polygon(ed["arrow"], closed=True, facecolor=ed["colour"], edgecolor="none", alpha=0.9, zorder=3))
    for active, fc, ec in ((False, "#ffffff", "#8a94a3"), (True, "#1d2433", "#ffffff")):
        pts = [(st["x"], st["y"]) for st in lay.sites if st["active"] == active]
        if pts:
            r = lay.sites[0]["r"]
            ax.scatter(*zip(*pts), s=(2 * r * pt * 1.1) ** 2, c=fc, edgecolors=ec, linewidths=1.5 * pt, zorder=4)
    for st in lay.sites:
        lb = st["label"]
        if lb:
            ax.text(lb["x"], lb["y"], lb["text"], fontsize=11 * pt, fontweight="bold", color="#1d2433",
                    ha={"start": "left", "end": "right", "middle": "center"}[lb["anchor"]], va="baseline", zorder=5,
                    bbox=halo)
    if lay.scalebar:
        sb = lay.scalebar
        x, y, L = sb["x"], sb["y"], sb["length"]
        ax.plot([x, x, x + L, x + L], [y - 4, y + 2, y + 2, y - 4], color="#1d2433", lw=1.5 * pt, zorder=5)
        ax.text(x + L / 2, y - 6, sb["label"], fontsize=11 * pt, ha="center", va="baseline", zorder=5)
    _legend_strip(fig, data, (0, 0, 1, 60 / (lay.height + 60)), lay.width,
                  "arrow width: square root of the amount, relative within each resource")
    title = data.summary.get("scenario") or data.run_dir.name
    fig.text(0.01, 0.995, title, fontsize=12 * pt, fontweight="bold", va="top", color="#1d2433")
    out = path / f"map.{fmt}"
    _savefig(fig, out, fmt)
    return out


def _legend_strip(fig, data: RunData, rect, width: float, note: str = "") -> None:
    """A row of resource swatches along the bottom of a figure (pixel units)."""
    pt = 72.0 / fig.dpi
    lax = fig.add_axes(rect)
    lax.set_axis_off()
    lax.set_xlim(0, width)
    lax.set_ylim(60, 0)
    x = 16.0
    res = sorted(set(data.matches["supply_resource"])) if len(data.matches) else []
    for r in res:
        lax.plot([x, x + 18], [24, 24], color=colours_of(data)[r], lw=6 * pt, solid_capstyle="round")
        lax.text(x + 24, 28, r, fontsize=12 * pt, va="baseline", color="#1d2433")
        x += 34 + 7.2 * len(r)
    if note:
        lax.text(16, 50, note, fontsize=10.5 * pt, va="baseline", color="#5f6b7a")


def _fig_sankey(data: RunData, path: Path, fmt: str) -> Path:
    from matplotlib.patches import PathPatch, Rectangle
    from matplotlib.path import Path as MPath

    panels = sankey_layout(data)
    dpi = 100
    width = 960.0
    head, top, foot = 30.0, 34.0, 60.0
    total_h = (sum(p.height + head for p in panels) if panels else 120.0) + top + foot
    fig = _figure(width, total_h, dpi)
    pt = 72.0 / dpi
    if not panels:
        fig.text(0.5, 0.5, "No exchange was chosen: nothing to draw.", ha="center", va="center", fontsize=14 * pt)
    title = data.summary.get("scenario") or data.run_dir.name
    fig.text(12 / width, 1 - 8 / total_h, f"{title}: flows from sources (left) to uses (right)", fontsize=12 * pt,
             fontweight="bold", va="top", color="#1d2433")
    _legend_strip(fig, data, (0, 0, 1, foot / total_h), width, "band width: amount supplied, one diagram per unit")
    y_top = top
    for p in panels:
        h = p.height + head
        ax = fig.add_axes((0, 1 - (y_top + h) / total_h, 1, h / total_h))
        ax.set_xlim(0, width)
        ax.set_ylim(p.height, -head)
        ax.set_axis_off()
        ax.text(12, -10, f"Amounts in {p.unit} (total {_amount(p.total)})", fontsize=12 * pt, color="#5f6b7a",
                va="baseline")
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
                    f"{nd['label']}  {_amount(nd['amount'])}", fontsize=12 * pt, fontweight="bold",
                    color="#1d2433", ha="right" if left else "left", va="center")
        y_top += h
    out = path / f"sankey.{fmt}"
    _savefig(fig, out, fmt)
    return out


def _savefig(fig, out: Path, fmt: str) -> None:
    import matplotlib

    if fmt == "svg":
        with matplotlib.rc_context({"svg.hashsalt": "eitflow", "svg.fonttype": "none"}):
            fig.savefig(out, format="svg", metadata={"Date": None})
    else:
        fig.savefig(out, format="png", dpi=fig.dpi * 2, metadata={"Software": None}, facecolor="white")


def write_figures(run_dir: str | Path, fmt: str = "png", out_dir: str | Path | None = None) -> list[Path]:
    """Write map.<fmt> and sankey.<fmt> (png or svg) with matplotlib, for slides."""
    fmt = fmt.lower()
    if fmt not in ("png", "svg"):
        raise ValueError(f"figure format must be png or svg, not {fmt!r}")
    data = read_run(run_dir)
    out = Path(out_dir) if out_dir is not None else Path(run_dir)
    out.mkdir(parents=True, exist_ok=True)
    return [_fig_map(data, out, fmt), _fig_sankey(data, out, fmt)]


