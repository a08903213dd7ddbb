"""Plots of the trade-off analyses, as PNG/SVG (matplotlib) and as a self-contained HTML page.

`write_pareto(df, out_dir)`: net benefit against CO2 avoided along the Pareto front, one
marker per plan labelled with its points and its number of exchanges, hollow where not
proven optimal.
`write_sweep_plots(df, out_dir)`: net benefit and CO2 avoided against each swept
parameter (one panel each; a colour per base scenario, hollow where not proven optimal),
runs without a solution left out and counted in the title.
Each writes <name>.png, <name>.svg and <name>.html (the SVG inline with the table, opening
offline like the report). Axes are formatted by the locale (`i18n`), never in scientific
notation.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

import eitflow.i18n as i18n
from eitflow.io.atomic import write_text

_INK, _ACCENT, _CO2 = "#1d2433", "#0b7285", "#2b8a3e"


def _figure(w: float, h: float):
    from matplotlib.figure import Figure

    return Figure(figsize=(w, h), dpi=100)


def _axis_numbers(ax, lang: str, axis: str = "both") -> None:
    """Tick labels in the locale's numbers, as many decimals as the tick step needs (a front
    spanning 50,167 to 50,172 t reads 50 168, 50 169..., never five times '50.2k')."""
    import math

    from matplotlib.ticker import FuncFormatter

    def formatter(which):
        def fmt(v, _pos):
            ticks = which.get_majorticklocs()
            step = float(np.min(np.diff(ticks))) if len(ticks) > 1 else abs(v) or 1.0
            top = float(np.max(np.abs(ticks))) if len(ticks) else abs(v)
            if top >= 1e6 and step >= 1e5:  # one style per axis
                return i18n.compact(v, lang)
            digits = max(0, -math.floor(math.log10(step))) if step > 0 else 0
            return i18n.number(v, lang, digits)
        return FuncFormatter(fmt)

    if axis in ("x", "both"):
        ax.xaxis.set_major_formatter(formatter(ax.xaxis))
    if axis in ("y", "both"):
        ax.yaxis.set_major_formatter(formatter(ax.yaxis))


def _axis_percent(which, lang: str) -> None:
    """A share's ticks as percentages, as many decimals as the step needs ('4 %' ... '8 %' for
    a discount rate swept from 0.04 to 0.08, which read 0,04 ... 0,08 beside a table in %)."""
    import math

    from matplotlib.ticker import FuncFormatter

    def fmt(v, _pos):
        ticks = which.get_majorticklocs()
        step = round(100 * float(np.min(np.diff(ticks))), 9) if len(ticks) > 1 else 1.0   # 0.999... is 1
        return i18n.percent(v, lang, max(0, -math.floor(math.log10(step))) if step > 0 else 0)

    which.set_major_formatter(FuncFormatter(fmt))


def _save(fig, out_dir: Path, name: str) -> list[Path]:
    from eitflow.report.ourfiles import save_figure

    out_dir.mkdir(parents=True, exist_ok=True)
    return [save_figure(fig, out_dir / f"{name}.{fmt}", fmt, 150) for fmt in ("png", "svg")]


def _page(title: str, lead: str, svg: Path, table: pd.DataFrame, lang: str, path: Path,
          labels: dict[str, str] | None = None) -> Path:
    from eitflow.report.css import BASE_CSS
    from eitflow.report.html import page
    from eitflow.report.style import _e
    from eitflow.report.tables import column_decimals
    from eitflow.results.summary import status_word

    text = svg.read_text(encoding="utf-8")
    text = text[text.index("<svg"):]
    # a percentage's cells carry their "%": its header says it once ("écart", not "écart (%)" over 0,00 %)
    # a swept parameter as the figure's axis names it (`labels`): 'prix de la chaleur (× base)', not 'prices.heat'
    head = "".join(f"<th>{_e((labels or {}).get(c) or i18n.column_label(c, lang, with_unit=i18n.column_parts(c)[1] != '%'))}</th>"
                   for c in table.columns)
    rows = []
    for rec in table.itertuples(index=False):
        cells = []
        obj_unit = dict(zip(table.columns, rec)).get("objective_unit")
        for c, v in zip(table.columns, rec):
            if isinstance(v, (int, float, np.number)) and not isinstance(v, bool):
                u, dec = i18n.column_parts(c)[1], column_decimals(c, obj_unit if isinstance(obj_unit, str) else None)
                if u == "%":
                    shown = i18n.percent(v, lang, dec or 2) if pd.notna(v) else "–"
                else:
                    shown = i18n.number(v, lang, dec if dec is not None else (0 if float(v).is_integer() else 2))
                cells.append(f'<td class="n">{_e(shown)}</td>')
            elif c == "status" and isinstance(v, str):   # in words, as the command's table says it
                cells.append(f"<td>{_e(status_word(v, lang))}</td>")
            else:
                cells.append(f"<td>{_e(v)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    body = (f'<main class="wrap"><section><h2>{_e(title)}</h2><p class="lead">{_e(lead)}</p>'
            f'<div class="plot">{text}</div><div class="tablewrap"><table><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div></section></main>')
    return write_text(path, page(title, body, lang, css=BASE_CSS, script=False))


#: what `write_pareto` writes in its directory (`eitflow pareto` checks them before solving)
PARETO_FILES = ("pareto.png", "pareto.svg", "pareto.html")


def write_pareto(df: pd.DataFrame, out_dir: str | Path, lang: str = "en", name: str = "pareto") -> list[Path]:
    """pareto.png, pareto.svg and pareto.html (`PARETO_FILES`) of a `pareto_front` table."""
    from eitflow.analyses.pareto import front_notes, same_plan_lines

    out_dir = Path(out_dir)
    png, svg = _save(pareto_figure(df, lang), out_dir, name)
    # which points are one plan, as the command says it (its table's same_plan_as column)
    lead = " ".join([i18n.text("plot_pareto_lead", lang),
                     *(f"{x[:1].upper()}{x[1:]}." for x in [*front_notes(df, lang), *same_plan_lines(df, lang)])])
    html = _page(i18n.text("plot_pareto_title", lang), lead, svg, df, lang, out_dir / f"{name}.html")
    return [png, svg, html]


def pareto_figure(df: pd.DataFrame, lang: str = "en"):
    """The Pareto plot (matplotlib Figure): net benefit (EUR/yr) against CO2 avoided (tCO2/yr),
    the line through the points in their order, and one marker per plan (`plan_points`),
    labelled with the points that give it and its number of exchanges: "points 1 to 6, one
    plan: 11 exch." where the epsilon grid met one plan six times (ludres_backbone), which
    six markers drawn on one another showed as one dot for six rows of the table. Filled
    where each of its points is proven optimal, hollow otherwise. Plans whose markers fall
    within 1 % of the axes of one another share one label, a line each."""
    from eitflow.analyses.pareto import plan_points, points_said

    ok = df[df["net_benefit_eur_per_yr"].notna()]
    fig = _figure(8.0, 5.0)
    ax = fig.add_subplot(1, 1, 1)
    fig.subplots_adjust(left=0.12, bottom=0.13, right=0.96, top=0.91)
    if len(ok):
        x_all, y_all = ok["co2_avoided_t_per_yr"].to_numpy(float), ok["net_benefit_eur_per_yr"].to_numpy(float)
        ax.plot(x_all, y_all, "-", color=_ACCENT, lw=1.5, zorder=1)
        span = (float(np.ptp(x_all)) or 1.0, float(np.ptp(y_all)) or 1.0)
        by_point = ok.set_index(ok["point"].astype(int))
        marks: list[list] = []   # [x, y, label lines, the same with the points' numbers alone]
        proven_xy, hollow_xy = [], []
        for _first, points in plan_points(ok):
            rows = by_point.loc[points]
            x, y = float(rows["co2_avoided_t_per_yr"].iat[0]), float(rows["net_benefit_eur_per_yr"].iat[0])
            (proven_xy if (rows["status"].astype(str) == "optimal").all() else hollow_xy).append((x, y))
            key = "plot_plan_point" if len(points) == 1 else "plot_plan_points"
            label = i18n.text(key, lang, points=points_said(points, lang), n=int(rows["n_links"].iat[0]))
            near = next((m for m in marks if abs(m[0] - x) <= 0.01 * span[0] and abs(m[1] - y) <= 0.01 * span[1]), None)
            if near is None:
                marks.append([x, y, [label], [points_said(points, lang)]])
            else:   # two plans at one place on the plot (their totals a hair apart): one label, a line each
                near[2].append(label)
                near[3].append(points_said(points, lang))
        if proven_xy:
            ax.scatter(*zip(*proven_xy), s=42, color=_ACCENT, zorder=2, label=i18n.text("plot_proven", lang))
        if hollow_xy:
            ax.scatter(*zip(*hollow_xy), s=42, facecolor="white", edgecolor=_ACCENT, zorder=2,
                       label=i18n.text("plot_not_proven", lang))
        ax.margins(x=0.06, y=0.14)   # room for the labels of the end points inside the axes
        ax.legend(frameon=False, fontsize=9, loc="lower left")
    ax.set_xlabel(i18n.column_label("co2_avoided_t_per_yr", lang))
    ax.set_ylabel(i18n.column_label("net_benefit_eur_per_yr", lang))
    _axis_numbers(ax, lang)
    ax.grid(True, color="#e3e7ee", lw=0.8)
    for s in ("top", "right"):
        ax.spines[s].set_visible(False)
    ax.set_title(i18n.text("plot_pareto_title", lang), loc="left", fontsize=11, color=_INK)
    _fit_left(fig)   # "4,170,000" in English pushed "net benefit (EUR/yr)" out of a fixed 12 % margin
    if len(ok) and _place_labels(fig, ax, marks, 2):
        # a crowded front (dunkerque_dh at 25 points): some label found no clear place near its
        # marker, so every marker says its points' numbers alone, which the table details
        for t in list(ax.texts):
            t.remove()
        _place_labels(fig, ax, marks, 3)
    return fig


# where a marker's label may go, in points from the marker (dx, dy, ha, va), in order of preference:
# a front falls from upper left to lower right, so its line leaves each marker's upper-right and
# lower-left quarters free; then the other two. None further out: there a label read as its neighbour's
_SPOTS = [(7, 7, "left", "bottom"), (-7, -7, "right", "top"), (7, -7, "left", "top"), (-7, 7, "right", "bottom")]


def _place_labels(fig, ax, marks: list[list], which: int) -> int:
    """Label each marker (`marks`: [x, y, label lines, short lines]; `which`: the index of the
    lines to write) at the first of `_SPOTS` that lies inside the axes, clear of the legend, the
    markers and the labels placed before it, and nearer its own marker than any other; else at
    the first spot (tavaux_h2's points 1 and 2, 74 tCO2/yr apart, had 'point 2 : 10 éch.' over
    'point 1 : 10 éch.'). Returns how many labels found no such spot."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.transforms import Bbox

    renderer = FigureCanvasAgg(fig).get_renderer()
    inside = ax.get_window_extent(renderer)
    taken = [ax.get_legend().get_window_extent(renderer)] if ax.get_legend() is not None else []
    r = 5.0   # px: a marker of s=42 is about 9 px across at the figure's 100 dpi
    dots = ax.transData.transform([(m[0], m[1]) for m in marks])
    taken += [Bbox.from_extents(px - r, py - r, px + r, py + r) for px, py in dots]

    def gap(box, px, py) -> float:   # px from a marker to a label's box
        return float(np.hypot(max(box.x0 - px, 0.0, px - box.x1), max(box.y0 - py, 0.0, py - box.y1)))

    missed = 0
    for i, m in enumerate(marks):
        x, y, lines = m[0], m[1], m[which]
        # near the right edge, down-left first: up-right ran off the figure there
        order = _SPOTS if (x - ax.get_xlim()[0]) / np.ptp(ax.get_xlim()) <= 0.65 else [_SPOTS[1], _SPOTS[0], *_SPOTS[2:]]
        spots = [*order, order[0]]   # nowhere clear: the first choice
        for k, (dx, dy, ha, va) in enumerate(spots):
            text = ax.annotate("\n".join(lines), (x, y), textcoords="offset points", xytext=(dx, dy), ha=ha, va=va,
                               fontsize=8, color=_INK, zorder=3,
                               bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.85})
            box = text.get_window_extent(renderer)
            own = gap(box, *dots[i])
            # clear, and nearer its own marker than any other: a label between two markers read as the other's
            clear = (inside.x0 <= box.x0 and box.x1 <= inside.x1 and inside.y0 <= box.y0 and box.y1 <= inside.y1
                     and not any(box.overlaps(t) for t in taken)
                     and all(gap(box, *d) > own for j, d in enumerate(dots) if j != i))
            if clear or k == len(spots) - 1:
                missed += not clear
                break
            text.remove()
        taken.append(text.get_window_extent(renderer))
    return missed


_BASE_COLOURS = ["#e8590c", "#5f3dc4", "#1c7ed6", "#c2255c", "#74b816"]


def _by_base(ok: pd.DataFrame, colour: str):
    """(rows, colour) per base scenario: one colour for a single base, one each otherwise."""
    if "base" not in ok or ok["base"].nunique() <= 1:
        return [(ok, colour)]
    return [(part, _BASE_COLOURS[i % len(_BASE_COLOURS)])
            for i, (_, part) in enumerate(ok.groupby("base", sort=False))]


def write_sweep_plots(df: pd.DataFrame, params: list[str], out_dir: str | Path, lang: str = "en",
                      name: str = "sweep", labels: dict[str, str] | None = None) -> list[Path]:
    """sweep.png/.svg/.html: net benefit and CO2 avoided against each swept parameter
    (`labels`: the axis label of each parameter, else its column label)."""
    out_dir = Path(out_dir)
    fig, title = sweep_figure(df, params, lang, labels)
    png, svg = _save(fig, out_dir, name)
    cols = ["run_id", "base", *params, "status", "net_benefit_eur_per_yr", "co2_avoided_t_per_yr", "investment_eur",
            "n_links", "gap"]
    html = _page(title, i18n.text("plot_sweep_lead", lang), svg, df[[c for c in cols if c in df]], lang,
                 out_dir / f"{name}.html", labels)
    return [png, svg, html]


def sweep_figure(df: pd.DataFrame, params: list[str], lang: str = "en", labels: dict[str, str] | None = None):
    """The sweep's figure (matplotlib Figure, and its title): net benefit (EUR/yr) and CO2
    avoided (tCO2/yr) against each swept parameter, its left margin wide enough for the
    y axes' numbers and labels (`_fit_left`)."""
    labels = labels or {}
    ok = df[df["net_benefit_eur_per_yr"].notna()]
    n = max(len(params), 1)
    fig = _figure(4.2 * n, 6.4)
    for k, p in enumerate(params or ["run_id"]):
        for row, (col, colour) in enumerate((("net_benefit_eur_per_yr", _ACCENT), ("co2_avoided_t_per_yr", _CO2))):
            ax = fig.add_subplot(2, n, row * n + k + 1)
            for b, (part, bc) in enumerate(_by_base(ok, colour)):
                x = part[p] if p in part else np.arange(len(part))
                proven = ((part["status"].astype(str) == "optimal").to_numpy() if "status" in part
                          else np.ones(len(part), bool))
                ax.scatter(x[proven], part[col][proven], s=22, color=bc, alpha=0.8,
                           label=part["base"].iat[0] if "base" in part and len(part) and k == 0 and row == 0 else None)
                if not np.all(proven):  # best found, not proven optimal: hollow
                    ax.scatter(x[~proven], part[col][~proven], s=22, facecolor="white", edgecolor=bc)
                if p in part and part[p].nunique() > 1:  # the median at each value shows the trend
                    med = part.groupby(p)[col].median()
                    ax.plot(med.index, med.to_numpy(), "-", color=bc, lw=1.2)
            if k == 0 and row == 0 and "base" in ok and ok["base"].nunique() > 1:
                # above the panels, beside the title: inside one it covered runs ('maubeuge' over
                # Dunkerque's dots)
                handles, names = ax.get_legend_handles_labels()
                fig.legend(handles, names, loc="upper right", bbox_to_anchor=(0.99, 0.995), ncol=min(len(names), 6),
                           frameon=False, fontsize=8)
            ax.set_xlabel(labels.get(p, i18n.column_label(p, lang)) if row == 1 else "")
            if k == 0:
                ax.set_ylabel(i18n.column_label(col, lang), fontsize=9)
            _axis_numbers(ax, lang)   # the parameter's ticks too: '0,75' in French, not '0.75'
            if p in i18n.SHARE_PARAMS:   # a share (discount rate, gap target) in %, as the tables say it
                _axis_percent(ax.xaxis, lang)
            ax.grid(True, color="#e3e7ee", lw=0.8)
            for s in ("top", "right"):
                ax.spines[s].set_visible(False)
    missing = len(df) - len(ok)
    title = i18n.text("plot_sweep_title", lang, n=i18n.number(len(df), lang)) + \
        (" " + i18n.text("plot_sweep_missing", lang, n=missing) if missing else "")
    fig.suptitle(title, x=0.01, ha="left", fontsize=11, color=_INK)
    fig.subplots_adjust(left=0.2 if n == 1 else 0.12 if n == 2 else 0.08, right=0.98, top=0.9, bottom=0.1,
                        hspace=0.35, wspace=0.3)
    fig.align_ylabels()   # the two panels' labels one above the other, whatever their numbers' widths
    _fit_left(fig)
    return fig, title


def _fit_left(fig, pad_px: float = 4.0) -> None:
    """Widen the figure's left margin until the y axes' numbers and labels lie inside it: a
    fixed 20 % of a 4.2-inch figure cut "bénéfice net (€/an)" down to its "(" beside 4 170 000
    (a sweep over the Ludres backbone's network temperature)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    renderer = canvas.get_renderer()
    width = fig.get_figwidth() * fig.dpi
    left = fig.subplotpars.left
    for _ in range(3):   # one pass is enough but for rounding; never more than three
        x0 = min(ax.get_tightbbox(renderer).x0 for ax in fig.axes) if fig.axes else pad_px
        if x0 >= pad_px:
            return
        left = min(0.45, left + (pad_px - x0) / width)
        fig.subplots_adjust(left=left)
