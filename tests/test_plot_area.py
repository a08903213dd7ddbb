"""A plot's area in m² written where hectares are expected (20000 for a 2-ha brownfield, as
the cadastre measures land) made a 200-km² plot, whose rent and land take ruled it out without a
word (from 10 ha up, the m² figure already broke area_ha's bound of 100,000). It is now a warning
giving the area in ha it would be (20,000 m² / 10,000 = 2 ha, by hand)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from eitflow.cli.main import main

FOS = Path(__file__).resolve().parents[1] / "scenarios" / "fos_siting"


def _validate(tmp_path: Path, area: str) -> str:
    d = tmp_path / "fos"
    shutil.copytree(FOS, d)
    plots = pd.read_csv(d / "plots.csv", dtype=str, keep_default_na=False)
    plots.loc[1, "area_ha"] = area        # row 3 of plots.csv
    plots.to_csv(d / "plots.csv", index=False)
    res = CliRunner().invoke(main, ["validate", str(d / "scenario.yaml"), "--lang", "en"])
    assert res.exit_code == 0, res.output
    return res.output


def test_an_area_in_square_metres_is_said(tmp_path):
    out = _validate(tmp_path, "20000")
    assert ("warning: plots.csv, row 3, column 'area_ha': 20,000 ha is 200 km², more than any industrial plot (the "
            "largest land reserves are under 2,000 ha): an area in m² would be 2 ha; write 2 if that is what you "
            "meant") in out, out


@pytest.mark.parametrize("area", ["12", "600", "1200", "2000"])   # the bundled plots, PIICTO's whole reserve
def test_real_plots_are_not_said(tmp_path, area):
    assert "area_ha" not in _validate(tmp_path, area)
