"""explain's condition "or carbon price ≥ 1,537 EUR/t" wrote the carbon price per tonne where
scenario.yaml, compare, the sweep and the report write it per tonne of CO2 (EUR/tCO2, €/tCO2)."""
from __future__ import annotations

import re

import pandas as pd
import pytest
from click.testing import CliRunner

from conftest import ROOT
from eitflow.cli.main import main


@pytest.mark.parametrize("lang, said", [("en", r"carbon price ≥ [\d,.]+ (\S+)"),
                                        ("fr", r"prix du carbone ≥ [\d\s,]+? (\S+)$")])
def test_explains_carbon_condition_is_per_tonne_of_co2(tmp_path, lang, said):
    out = tmp_path / "explain.csv"
    r = CliRunner().invoke(main, ["explain", str(ROOT / "scenarios" / "redon_h2" / "scenario.yaml"), "--lang", lang,
                                  "--csv", str(out)])
    assert r.exit_code == 0, r.output
    conds = pd.read_csv(out)["would_pass_if"].dropna()
    units = [m.group(1) for c in conds for m in [re.search(said, c)] if m]
    # redon_h2's hydrogen flows that a carbon price would pair (1,537 EUR/t on main): at least one
    assert units, list(conds)
    assert set(units) == {"EUR/tCO2" if lang == "en" else "€/tCO2"}, units
