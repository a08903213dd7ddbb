"""A siting scenario run with `eitflow run` (not `eitflow site`) says in its brief that its
activities were not placed. fos_siting's brief was titled 'Fos-sur-Mer : implanter de nouvelles
activités sur PIICTO, INNOVEX et La Feuillane' and said 'Rien à construire' under it, and nothing
of the activities: only the terminal said `eitflow run` leaves them out. Now the status box says
'Les 6 activités nouvelles à implanter ne le sont pas dans ce plan : ...'.

6: fos_siting's activities.csv has six rows (SERRE, DATACENTRE, AQUACULTURE, ELECTROLYSEUR,
GRANULES, RCU_FOS), counted by hand."""
from __future__ import annotations

import copy
import re
from html import unescape

import pandas as pd
import pytest

from conftest import ROOT
from eitflow.io.read import read_scenario
from eitflow.pipeline import optimise
from eitflow.report.brief import render_brief
from eitflow.results.rundir import read_run, write_run

SCEN = ROOT / "scenarios" / "fos_siting" / "scenario.yaml"


@pytest.fixture(scope="module")
def run_of_fos(tmp_path_factory):
    scen = read_scenario(SCEN, confine_to_scenario_dir=False)
    return read_run(write_run(optimise(scen), tmp_path_factory.mktemp("fos") / "run"))


def _status(html: str) -> str:
    # a command is set as code (`report.style.e_ticked`): its words read as the sentence's
    box = re.sub(r"</?code>", "", re.search(r'id="status".*?</div></div>', html, re.S).group(0))
    return unescape(re.sub(r"<[^>]+>", " ", box))


def test_the_brief_says_the_activities_were_not_placed(run_of_fos):
    assert run_of_fos.placements is None
    fr = _status(render_brief(run_of_fos, "fr"))
    assert ("Les 6 activités nouvelles à implanter ne le sont pas dans ce plan : il porte sur le territoire "
            "tel qu'il est (eitflow site les implante).") in fr, fr
    en = _status(render_brief(run_of_fos, "en"))
    assert ("The 6 new activities to place are not placed in this plan: it covers the territory as it is "
            "(eitflow site places them).") in en, en


def test_a_plan_that_placed_them_does_not(run_of_fos):
    """A siting plan (`eitflow site`: placements.csv) placed them: no such line."""
    data = copy.copy(run_of_fos)
    data.placements = pd.DataFrame({"activity_id": pd.Series(dtype=str), "plot_id": pd.Series(dtype=str)})
    assert "ne le sont pas" not in render_brief(data, "fr")
