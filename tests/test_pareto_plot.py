"""The Pareto plot says which of the table's points each marker is (pareto.png/.svg/.html).

The epsilon grid often meets one plan several times (ludres_backbone at 7 points: points 1 to
6 one plan, 17,488.3 tCO2/yr, 4,136,609 EUR/yr, 11 exchanges): the plot drew six markers on
one another and one "11 éch." label, so the reader saw one dot for six rows and not which.
Tables are written here by hand (the figures of that front), so the expected labels follow
from same_plan_as alone.
"""

from __future__ import annotations

import pandas as pd
import pytest

from eitflow.report import plots

# ludres_backbone's front at 7 points (`eitflow pareto --points 7`): point 0 the run, 1..6 one plan
NB0, NB1 = 4_166_679.50, 4_136_609.15
CO0, CO1 = 16_132.92, 17_488.30


def _front(same_plan_as, nb, co2, n_links, status=None) -> pd.DataFrame:
    n = len(same_plan_as)
    return pd.DataFrame({"point": range(n), "co2_min_t_per_yr": co2, "net_benefit_eur_per_yr": nb,
                         "co2_avoided_t_per_yr": co2, "investment_eur": 1.0e7, "n_links": n_links,
                         "same_plan_as": same_plan_as, "status": status or ["optimal"] * n, "gap": 0.0,
                         "bound_eur_per_yr": nb})


def _drawn(monkeypatch, df, lang, tmp_path):
    figs = []
    real = plots._save
    monkeypatch.setattr(plots, "_save", lambda fig, out_dir, name: figs.append(fig) or real(fig, out_dir, name))
    paths = plots.write_pareto(df, tmp_path, lang)
    (fig,) = figs
    ax = fig.axes[0]
    markers = [(tuple(xy), c.get_facecolor()[0][:3].tolist()) for c in ax.collections for xy in c.get_offsets()]
    return fig, sorted(t.get_text() for t in ax.texts), markers, paths


@pytest.mark.parametrize("lang, labels", [
    ("fr", ["point 0 : 10 éch.", "points 1 à 6, un seul plan : 11 éch."]),
    ("en", ["point 0: 10 exch.", "points 1 to 6, one plan: 11 exch."]),
])
def test_points_of_one_plan_share_one_marker_that_names_them(monkeypatch, tmp_path, lang, labels):
    """Seven rows, same_plan_as 0,1,1,1,1,1,1: two plans, so two markers; the second stands for
    points 1, 2, 3, 4, 5 and 6, a run of six said '1 to 6' ('1 à 6'), as the command's sentence
    says 'points 2 to 6'."""
    df = _front([0, 1, 1, 1, 1, 1, 1], [NB0] + [NB1] * 6, [CO0] + [CO1] * 6, [10] + [11] * 6)
    fig, said, markers, paths = _drawn(monkeypatch, df, lang, tmp_path)
    assert said == labels
    assert sorted(xy for xy, _ in markers) == [(CO0, NB0), (CO1, NB1)]
    svg = next(p for p in paths if p.suffix == ".svg").read_text(encoding="utf-8")
    assert labels[1].replace("'", "&#x27;") in svg   # the SVG keeps its text as text (svg.fonttype none)


def test_plans_met_apart_are_listed_and_a_shared_place_gets_a_line_each(monkeypatch, tmp_path):
    """Five rows: points 0 and 3 one plan (met again after 1 and 2), points 1 and 2 one plan,
    point 4 its own plan with the same totals as 1 and 2 (another plan at one place on the plot).
    Markers: plan 0 (points 0, 3), plan 1 (points 1, 2), plan 4 (point 4), three; the last two
    at one place, so one label of two lines there. Point 4 is not proven optimal: hollow."""
    df = _front([0, 1, 1, 0, 4], [NB0, NB1, NB1, NB0, NB1], [CO0, CO1, CO1, CO0, CO1], [10, 11, 11, 10, 12],
                status=["optimal"] * 4 + ["time_limit"])
    _, said, markers, _ = _drawn(monkeypatch, df, "en", tmp_path)
    assert said == ["points 0, 3, one plan: 10 exch.", "points 1, 2, one plan: 11 exch.\npoint 4: 12 exch."]
    assert sorted(xy for xy, _ in markers) == [(CO0, NB0), (CO1, NB1), (CO1, NB1)]
    assert [face for xy, face in markers if xy == (CO1, NB1)].count([1.0, 1.0, 1.0]) == 1   # hollow: white


def test_a_table_without_same_plan_as_labels_each_point(monkeypatch, tmp_path):
    """A table written before same_plan_as (one point, as an older `--csv`): its point alone."""
    df = _front([0], [NB0], [CO0], [10]).drop(columns="same_plan_as")
    _, said, markers, _ = _drawn(monkeypatch, df, "fr", tmp_path)
    assert said == ["point 0 : 10 éch."] and len(markers) == 1


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_pareto_plot_keeps_its_axis_label_and_labels_inside(monkeypatch, tmp_path, lang):
    """In English the net benefit's ticks ('4,170,000') pushed 'net benefit (EUR/yr)' out of the
    figure's fixed 12 % left margin (its 'ne' cut off); the label of the right-hand point ran
    off the right edge once it named its points. Every text now lies inside the figure."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    df = _front([0, 1, 1, 1, 1, 1, 1], [NB0] + [NB1] * 6, [CO0] + [CO1] * 6, [10] + [11] * 6)
    fig, _, _, _ = _drawn(monkeypatch, df, lang, tmp_path)
    renderer = FigureCanvasAgg(fig).get_renderer()
    width, height = fig.get_figwidth() * fig.dpi, fig.get_figheight() * fig.dpi
    ax = fig.axes[0]
    for box in [ax.get_tightbbox(renderer), *(t.get_window_extent(renderer) for t in ax.texts)]:
        assert box.x0 >= 0 and box.x1 <= width and box.y0 >= 0 and box.y1 <= height, box


def test_labels_of_near_points_do_not_cover_one_another(monkeypatch, tmp_path):
    """tavaux_h2's front at 5 points (`eitflow pareto --points 5`): points 1 and 2 are 74 tCO2/yr
    and 19,257 EUR/yr apart, 10 % of the axis, and their labels, each up-right of its marker,
    were drawn one over the other ('point 1 : 1' then 'point 2 : 10 éch.'). No two labels
    overlap now, nor a label a marker, and each is nearer its own marker than any other."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    nb = [8_865_019.16, 8_692_830.64, 8_673_573.19, 8_504_267.19, 6_960_955.55]
    co2 = [34_305.38, 34_605.38, 34_679.72, 34_893.33, 35_054.06]
    df = _front([0, 1, 2, 3, 4], nb, co2, [9, 10, 10, 11, 12])
    fig, said, _, _ = _drawn(monkeypatch, df, "fr", tmp_path)
    assert said == ["point 0 : 9 éch.", "point 1 : 10 éch.", "point 2 : 10 éch.", "point 3 : 11 éch.",
                    "point 4 : 12 éch."]
    ax = fig.axes[0]
    renderer = FigureCanvasAgg(fig).get_renderer()
    boxes = [t.get_window_extent(renderer) for t in ax.texts]
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:]), boxes
    dots = ax.transData.transform(list(zip(co2, nb)))
    assert not any(b.contains(px, py) for b in boxes for px, py in dots)

    def gap(b, px, py):
        return ((max(b.x0 - px, 0, px - b.x1)) ** 2 + (max(b.y0 - py, 0, py - b.y1)) ** 2) ** 0.5

    # each label nearest its own marker: 'point 1' right of point 1 and above point 2 read as point 2's
    for t, b in zip(ax.texts, boxes):
        own = int(t.get_text().split()[1])
        assert min(range(5), key=lambda j: gap(b, *dots[j])) == own, t.get_text()


def test_a_crowded_front_labels_its_markers_with_their_numbers(monkeypatch, tmp_path):
    """dunkerque_dh at 25 points: 15 markers within 1,000 tCO2/yr of one another, whose labels
    ('point 12 : 10 éch.') went two rows out from their markers, read as their neighbours'. Here
    30 plans on a straight front, 30 tCO2/yr and 10,000 EUR/yr apart (1/29 of each axis): every
    marker says its number alone ('0' to '29', the table gives the rest), no two labels overlap."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    n = 30
    co2 = [715_000.0 + 30.0 * i for i in range(n)]
    nb = [108_000_000.0 - 10_000.0 * i for i in range(n)]
    df = _front(list(range(n)), nb, co2, [10] * n)
    fig, said, _, _ = _drawn(monkeypatch, df, "fr", tmp_path)
    assert said == sorted(str(i) for i in range(n))
    ax = fig.axes[0]
    renderer = FigureCanvasAgg(fig).get_renderer()
    boxes = [t.get_window_extent(renderer) for t in ax.texts]
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
