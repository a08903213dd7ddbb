"""A brief whose scenario has a long name, measured in headless Chromium.

`eitflow import hotmaps --departements 54` named its scenario "Chaleur fatale industrielle vers
les réseaux de chaleur du territoire (France, département 54)" (97 characters): the brief's
title took two lines, and the page, one A4 sheet cropped below, cut the last line of the notes
under the map and the last row of the top-5 table. The page must hold everything whatever the
name's length, and the title must still be readable whole (its text, and the title attribute
where it is shortened).
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

import eitflow
from conftest import ROOT
from eitflow.report.brief import write_brief
from eitflow.results.rundir import write_run
from test_brief_layout import ROWS_JS

LONG = "Chaleur fatale industrielle vers les réseaux de chaleur du territoire (France, département 54)"


@pytest.mark.parametrize("name", [LONG, LONG + " : variante avec le réseau mutualisé et la serre de Fléville"])
@pytest.mark.slow
def test_a_long_name_keeps_the_brief_on_its_page(browser, tmp_path, name):
    scen = tmp_path / "scen"
    shutil.copytree(ROOT / "scenarios" / "ludres_backbone", scen)
    y = yaml.safe_load((scen / "scenario.yaml").read_text(encoding="utf-8"))
    # linear sizing: the brief then carries the note on the catalogue's price (three lines)
    y.update(name=name, networks={"heat": {**y["networks"]["heat"], "sizing": "linear"}})
    (scen / "scenario.yaml").write_text(yaml.safe_dump(y, allow_unicode=True), encoding="utf-8")
    run = write_run(eitflow.run_file(scen / "scenario.yaml"), tmp_path / "run")
    html = write_brief(run, lang="fr")
    browser.open(Path(html), width=1040, height=794)
    info = browser.js(ROWS_JS)
    assert info["page"]["lowest"] <= info["page"]["bottom"], f"the brief overflows its page: {info['page']}"
    h1 = browser.js("""(() => { const h = document.querySelector('.brief-page h1');
        return {text: h.textContent, title: h.getAttribute('title') || '', lines: Math.round(h.getBoundingClientRect().height /
                parseFloat(getComputedStyle(h).lineHeight || '1')), clipped: h.scrollWidth > h.clientWidth + 1,
                height: h.getBoundingClientRect().height, size: parseFloat(getComputedStyle(h).fontSize)}; })()""")
    assert h1["text"] == name or h1["title"] == name, h1
    assert not h1["clipped"] or h1["title"] == name, h1
    # one line, or two of 16.5 px (a name past one line at 15 px: whole, where it was cut with an ellipsis),
    # never taller than one line at 22 px (33 px): the header's height the page was laid out for
    assert h1["height"] <= 33.5, f"the title is taller than one line at 22 px: {h1}"
    assert h1["lines"] == 1 or not h1["clipped"], h1
    assert h1["size"] >= 15, h1
    assert "linéairement" in browser.js("document.querySelector('#brief-linear-note').textContent")
