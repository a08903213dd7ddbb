"""The one-page brief of a siting run says which activity goes on which plot and the new land
take (ZAN): it showed the territory's exchanges only, the placements as unnamed filled squares
on its map, and nothing of the land take, the decisions an elected official reads first.

Expected figures are those of scenarios/fos_siting's README (its table of the plan, checked
against an enumeration in tests/test_siting.py), not the brief's code: five placements; by the
value of the activity, the wood-pellet plant on INNOVEX (4,482,976 EUR/yr; 8 ha: 100 kt/yr x
0.08 ha per kt/yr of the catalogue), the heat-network plant on La Feuillane (2,578,454; 0.4 ha)
and the glasshouse on La Feuillane (1,711,569; 10 ha of glass x 1.25 ha = 12.5 ha), then two more.
With La Feuillane greenfield and a 10 ha budget (the README's ZAN case) the plan takes 8.4 ha,
and the budget binds.
"""
from __future__ import annotations

import re
import shutil

import pytest

from conftest import ROOT
from eitflow.analyses.siting import site, siting_files
from eitflow.io.read import read_scenario
from eitflow.report.brief import render_brief
from eitflow.results.rundir import read_run, write_files, write_run

SCEN = ROOT / "scenarios" / "fos_siting"


def _brief(scenario, tmp_path, lang: str) -> str:
    sr = site(read_scenario(scenario, confine_to_scenario_dir=False))
    out = tmp_path / "run"
    write_run(sr.result, out, extras=lambda d: write_files(d, siting_files(sr)))
    html = render_brief(read_run(out), lang)
    note = re.search(r'<p class="note" id="brief-siting-note">([^<]*)</p>', html)
    assert note, "the brief says nothing of the placements"
    # a figure and its unit are glued by a no-break space (one line): read as plain spaces here
    return note.group(1).replace("&#x27;", "'").replace("&#39;", "'").replace("\xa0", " ")


def test_the_brief_names_the_placements(tmp_path):
    note = _brief(SCEN / "scenario.yaml", tmp_path, "fr")
    assert note == ("Nouvelles activités implantées (5) : Usine de granulés de bois (100 kt/an) sur INNOVEX, plateforme "
                    "pilote de PIICTO (8 ha) ; Chaufferie d'un réseau de chaleur pour Fos-sur-Mer (40 GWh/an) sur La "
                    "Feuillane (parc d'activités) (0,4 ha) ; Serre maraîchère chauffée (10 ha) sur La Feuillane (parc "
                    "d'activités) (12,5 ha) ; et 2 de plus (rapport)."), note


def test_the_brief_says_the_new_land_take(tmp_path):
    d = tmp_path / "fos"
    shutil.copytree(SCEN, d)
    plots = (d / "plots.csv").read_text(encoding="utf-8").splitlines()
    plots[0] += ",greenfield"
    plots = [line + (",true" if line.startswith("FEUILLANE,") else ",false" if i else "") for i, line in enumerate(plots)]
    (d / "plots.csv").write_text("\n".join(plots) + "\n", encoding="utf-8")
    (d / "scenario.yaml").write_text((d / "scenario.yaml").read_text(encoding="utf-8").replace(
        "siting:\n", "siting:\n  max_new_land_take_ha: 10\n"), encoding="utf-8")
    note = _brief(d / "scenario.yaml", tmp_path, "en")
    # binding: the 1.6 ha left (10 - 8.4) is less than any greenfield candidate left out would
    # take (the fish farm's and the electrolyser's 2 ha, the smallest of La Feuillane's others)
    assert note.endswith(" New land take (on greenfield plots, zero net land take): 8.4 ha, of 10 ha allowed "
                         "(siting.max_new_land_take_ha), binding."), note
    assert note.startswith("New activities placed ("), note


def test_an_ordinary_run_has_no_siting_note(tmp_path):
    from eitflow import optimise
    from eitflow.results.rundir import write_run as write

    res = optimise(read_scenario(ROOT / "scenarios" / "zae_example" / "scenario.yaml", confine_to_scenario_dir=False))
    write(res, tmp_path / "run")
    assert 'id="brief-siting-note"' not in render_brief(read_run(tmp_path / "run"), "fr")


@pytest.mark.slow
def test_site_writes_the_brief_pdf_and_the_geopackage(tmp_path):
    """`eitflow site --pdf` was refused ('no such option: --pdf') where `eitflow run --pdf` writes
    brief.pdf: the elected officials' page of a siting plan took a second command. `site` now
    takes --pdf and --gpkg as `run` does; the GeoPackage has the plots layer, one feature per
    row of fos_siting's plots.csv (3)."""
    from click.testing import CliRunner

    from eitflow.cli.main import main
    from eitflow.report.pdf import find_chromium

    pyogrio = pytest.importorskip("pyogrio", reason="GeoPackage output needs the 'geo' extra (pyogrio)")
    try:
        find_chromium()
    except RuntimeError:
        pytest.skip("--pdf needs Chromium")
    out = tmp_path / "run"
    r = CliRunner().invoke(main, ["site", str(SCEN / "scenario.yaml"), "--out", str(out), "--pdf", "--gpkg", "-q",
                                  "--no-rank"])
    assert r.exit_code == 0, r.output
    assert (out / "brief.pdf").stat().st_size > 0 and (out / "report.pdf").exists() and (out / "report.html").exists()
    assert "Nouvelles activités implantées (5)" in (out / "brief.html").read_text(encoding="utf-8")
    assert pyogrio.read_info(out / "eitflow.gpkg", layer="plots")["features"] == 3
