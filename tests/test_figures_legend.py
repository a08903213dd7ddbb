"""The legend under the slide figures (map.png, sankey.png): every resource whole, inside the figure."""
from __future__ import annotations

import pytest

import eitflow
import eitflow.i18n as i18n
import eitflow.report.figures as figures
from conftest import ROOT
from eitflow.results.rundir import write_run


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_legend_of_the_figures_holds_every_resource_inside_the_figure(tmp_path, monkeypatch, lang):
    """`eitflow report RUN --lang fr --figures png` of the bundled example: the map's legend, one
    row of ten resources, ran past the figure's right edge ('déchets de bois' cut to its 'd'),
    and a long name left a wide gap after it (widths guessed at 7.8 px a character). Each name
    lies whole inside the figure, none over another."""
    run = write_run(eitflow.run_file(ROOT / "scenarios" / "zae_example" / "scenario.yaml"), tmp_path / "run")
    figs = []
    monkeypatch.setattr(figures, "save_figure", lambda fig, out, fmt, dpi: figs.append(fig))
    figures.write_figures(run, "png", out_dir=tmp_path, lang=lang)
    # the ten resources of the example's exchanges, as the legend names them
    names = {i18n.resource_name(r, lang) for r in ("co2", "fgd_gypsum", "fly_ash", "heat", "hydrogen", "slag",
                                                      "sludge", "steam", "water", "wood_waste")}
    assert len(figs) == 2
    for fig in figs:
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        renderer = canvas.get_renderer()
        page = fig.bbox
        boxes = {}
        for ax in fig.axes:
            for t in ax.texts:
                if t.get_text() in names and t.get_text() not in boxes:
                    boxes[t.get_text()] = t.get_window_extent(renderer)
        assert set(boxes) == names, sorted(names - set(boxes))
        for name, b in boxes.items():
            assert b.x0 >= page.x0 and b.x1 <= page.x1 and b.y0 >= page.y0, (name, b, page)
        items = sorted(boxes.values(), key=lambda b: (round(-b.y0), b.x0))
        for i, a in enumerate(items):
            for b in items[i + 1:]:
                assert not a.overlaps(b), (a, b)
