"""Monthly profiles written as percentages (`10 %;10 %;5 %;...`), as a French analyst's
spreadsheet formats shares: refused before ("expected 12 monthly shares summing to 1"). Read now
as shares where every month has its `%`; a profile mixing both, or percentages without their
`%` (summing to 100), is refused, the message saying both forms."""
from __future__ import annotations

import numpy as np
import pytest

import eitflow

PCT = ["10 %", "10 %", "5 %", "5 %", "5 %", "5 %", "10 %", "10 %", "10 %", "10 %", "10 %", "10 %"]   # sums to 100


def _read(tmp_path, profile: str, sep: str = ";") -> eitflow.Scenario:
    (tmp_path / "sites.csv").write_text("site_id,lat,lon\nS,45.0,4.0\nA,45.01,4.0\n", "utf-8")
    head = ["site_id", "direction", "resource", "amount", "unit", "temperature_c", "price_eur_per_unit",
            "monthly_profile"]
    rows = [["S", "supply", "heat", "9000", "MWh/yr", "110", "0", ""],
            ["A", "demand", "heat", "5000", "MWh/yr", "60", "45", profile]]
    rows[1][-1] = f'"{profile}"'   # quoted, as a spreadsheet writes a cell holding the separator
    (tmp_path / "flows.csv").write_text("\n".join(sep.join(r) for r in [head, *rows]) + "\n", "utf-8")
    (tmp_path / "scenario.yaml").write_text("name: t\nsites: sites.csv\nflows: flows.csv\n", "utf-8")
    return eitflow.read_scenario(tmp_path / "scenario.yaml")


def _profile(scen: eitflow.Scenario) -> np.ndarray:
    assert scen.profiles is not None
    return scen.profiles[list(scen.flows["site_id"]).index("A")]


@pytest.mark.parametrize(("profile", "sep"), [("|".join(PCT), ";"), (";".join(PCT).replace(" %", "%"), ","),
                                              (";".join(p.replace("5 %", "5,0 %") for p in PCT), "\t")])
def test_percentages_are_read_as_shares(tmp_path, profile, sep):
    # 10 % = 0.10, 5 % = 0.05, by hand
    want = [0.10, 0.10, 0.05, 0.05, 0.05, 0.05, 0.10, 0.10, 0.10, 0.10, 0.10, 0.10]
    assert np.allclose(_profile(_read(tmp_path, profile, sep)), want, rtol=0, atol=1e-12)


@pytest.mark.parametrize("profile", [";".join(PCT[:11] + ["0.10"]),                       # one without its %
                                     ";".join(p.replace(" %", "") for p in PCT)])           # summing to 100
def test_percentages_without_their_sign_are_refused(tmp_path, profile):
    with pytest.raises(eitflow.ScenarioError) as e:
        _read(tmp_path, profile)
    (p,) = e.value.problems
    assert p.row == 3 and p.column == "monthly_profile" and "or 12 percentages each with its % summing to 100 %" \
        in str(p), str(p)
