"""The brief of a siting run draws the plots its legend lists.

The legend under the brief's map (shared with the report) lists "parcelle libre" and "parcelle
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
    assert "parcelle libre" in html and "parcelle avec une activité implantée" in html
    assert set(rects) == plots, f"plots on the brief's map: {sorted(rects)}, plots.csv: {sorted(plots)}"
    assert {p for p, c in rects.items() if "placed" in c} == placed


def test_report_of_a_siting_run_without_ranking(tmp_path):
    """`eitflow site --no-rank --report` crashed (pandas EmptyDataError): the skipped ranking
    was written as an empty ranking.csv, with no header, that read_run could not read. The
    run now reads back (no ranking: an empty table) and its report and brief are written."""
    from eitflow.report.brief import write_brief
    from eitflow.report.html import write_report

    sr = site(read_scenario(SCEN / "scenario.yaml", confine_to_scenario_dir=False), rank=False)
    out = tmp_path / "run"
    write_run(sr.result, out, extras=lambda d: write_files(d, siting_files(sr)))
    data = read_run(out)
    assert data.ranking is not None and len(data.ranking) == 0
    assert set(data.placements["plot_id"]) <= set(pd.read_csv(SCEN / "plots.csv")["plot_id"])
    html = write_report(out, lang="fr").read_text(encoding="utf-8")
    assert "data-plot=" in html
    write_brief(out, lang="fr")
    # a run directory written by the old code: ranking.csv with one blank line
    (out / "ranking.csv").write_text("\n", encoding="utf-8")
    assert len(read_run(out).ranking) == 0


def test_placed_activity_tooltip_in_french(tmp_path):
    """A placed activity's dot on the French map said "placed activity" in its tooltip (the
    site's sector, a marker of the run directory); it now says "activité implantée"."""
    sr = site(read_scenario(SCEN / "scenario.yaml", confine_to_scenario_dir=False))
    out = tmp_path / "run"
    write_run(sr.result, out, extras=lambda d: write_files(d, siting_files(sr)))
    html = render_brief(read_run(out), "fr")
    titles = re.findall(r'data-site="([^"]+)"><title>([^<]*)</title>', html)
    placed = set(pd.read_csv(out / "placements.csv")["site_id"])
    tips = {s: t for s, t in titles if s in placed}
    assert set(tips) == placed
    for s, tip in tips.items():
        assert tip.endswith("\nactivité implantée") and "placed activity" not in tip, (s, tip)
