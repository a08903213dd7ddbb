"""Workbook and template inputs as a French territorial analyst fills them in: `eitflow init
--excel --network` filled with the slips people make, each said once, at its sheet, row and
column, in the workbook's language. Expected texts are written by hand."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from eitflow.errors import ScenarioError
from eitflow.io.read import read_scenario
from eitflow.io.template import write_template


def _template(tmp_path: Path, lang: str = "en") -> Path:
    return write_template(tmp_path / "t", excel=True, lang=lang, network=True)


def _problems(path: Path) -> list[str]:
    with pytest.raises(ScenarioError) as exc:
        read_scenario(path)
    return [str(p) for p in exc.value.problems]


def test_a_junction_resource_in_french_is_said_once_not_again_at_every_corridor(tmp_path):
    """The template's junction J_NORD (sheet junctions, row 2) serves every network; typed
    'chaleur' in its resources cell, it is refused there with 'heat' as the code meant. The
    four corridors of the template that end at J_NORD (trunk: to, row 2; the three branches:
    from, rows 3-5) were each refused besides, saying the junction 'is on the chaleur network
    only, not on the heat network': four more problems, and wrong (chaleur is heat). One
    problem now."""
    path = _template(tmp_path)
    wb = load_workbook(path)
    wb["junctions"].cell(2, 5, "chaleur")
    wb.save(path)
    problems = _problems(path)
    assert len(problems) == 1, problems
    assert problems[0].startswith("scenario.xlsx:junctions, row 2, column 'resources': ")
    assert "'chaleur'" in problems[0] and "'heat'" in problems[0]
