"""The brief of a siting run draws the plots its legend lists.

The legend under the brief's map (shared with the report) lists "terrain libre" and "terrain
avec une activité implantée" for a siting run, but the brief's map drew no plot: on
scenarios/fos_siting an official read a legend for squares that were nowhere. The plots
expected are scenarios/fos_siting/plots.csv's; the filled ones those of placements.csv.
"""
from __future__ import annotations

import re

import pandas as pd

from conftest import ROOT
from eitflow.analyses.siting import site, siting_files
from eitflow.io.read import read_scenario
from eitflow.report.brief import render_brief
from eitflow.results.rundir import read_run, write_files, write_run

SCEN = ROOT / "scenarios" / "fos_siting"


def test_brief_draws_the_plots_of_its_legend(tmp_path):
    sr = site(read_scenario(SCEN / "scenario.yaml", confine_to_scenario_dir=False))
    out = tmp_path / "run"
    write_run(sr.result, out, extras=lambda d: write_files(d, siting_files(sr)))
    html = render_brief(read_run(out), "fr")
    svg = re.search(r'<svg id="brief-map".*?</svg>', html, re.S).group(0)
    rects = {m[1]: m[0] for m in re.findall(r'<rect class="(plot[^"]*)"[^>]*data-plot="([^"]+)"', svg)}
    plots = set(pd.read_csv(SCEN / "plots.csv")["plot_id"])
    placed = set(pd.read_csv(out / "placements.csv")["plot_id"])
    assert "terrain libre" in html and "terrain avec une activité implantée" in html
    assert set(rects) == plots, f"plots on the brief's map: {sorted(rects)}, plots.csv: {sorted(plots)}"
    assert {p for p, c in rects.items() if "placed" in c} == placed
