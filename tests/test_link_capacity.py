"""links.csv's `capacity` has the readers' one bound on an amount per year (`io.validate.
refuse_absurd`, `MAX_AMOUNT` = 1e12 base units/yr), as flows.csv's amount and hubs.csv's capacity.

scenarios/redon_h2, its row 4 (ELEC_H2 -> HRS_REDON, hydrogen, in t/yr) given 1e30 or 1e15 t/yr:
it was read without a word and the run went on (the link's capacity is min'd with what the
flows hold, so the optimum stayed 670,814.09 EUR/yr: a slip that said nothing). Now refused at
its cell; 1e12 itself, the bound, is read, and the plan is the README's.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import eitflow
from eitflow.errors import ScenarioError
from eitflow.io.schema import LINKS
from eitflow.io.validate import MAX_AMOUNT

REDON = Path(__file__).resolve().parents[1] / "scenarios" / "redon_h2"
ROW4 = "ELEC_H2,HRS_REDON,hydrogen,hydrogen,0.2,,50,"


def _redon(tmp: Path, capacity: str) -> Path:
    d = tmp / capacity
    shutil.copytree(REDON, d)
    text = (d / "links.csv").read_text(encoding="utf-8")
    assert text.splitlines()[3].startswith(ROW4)   # the file's row 4 (header = row 1)
    (d / "links.csv").write_text(text.replace(ROW4, ROW4.replace(",0.2,,", f",0.2,{capacity},")), encoding="utf-8")
    return d / "scenario.yaml"


@pytest.mark.parametrize("capacity", ["1e30", "1e15", "1.000001e12"])
def test_a_link_capacity_above_the_bound_is_refused_at_its_cell(tmp_path, capacity):
    with pytest.raises(ScenarioError) as exc:
        eitflow.read_scenario(_redon(tmp_path, capacity))
    said = [str(p) for p in exc.value.problems]
    assert said == [f"links.csv, row 4, column 'capacity': capacity is absurdly large (> 1e+12 base units per "
                    f"year): a unit or typo error? (found '{capacity}')"]
    fr = [p.message.say("fr") for p in exc.value.problems]
    assert fr == [f"capacité démesurée (> 1e+12 unités de base par an) : erreur d'unité ou de frappe ? "
                  f"(trouvé : '{capacity}')"]


def test_a_link_capacity_at_the_bound_is_read_and_changes_nothing(tmp_path):
    """1e12 t/yr on a link whose supply holds 100 t/yr cannot bind: the README's optimum."""
    scen = eitflow.read_scenario(_redon(tmp_path, "1e12"))
    assert list(scen.links["capacity"].dropna()) == [1e12]
    assert eitflow.optimise(scen).objective == pytest.approx(670_814.09, abs=0.01)


def test_the_readme_table_says_the_bound_the_reader_checks():
    """The declaration the README's links.csv table is written from states the bound, and it
    is the reader's (one number: `MAX_AMOUNT`)."""
    desc = LINKS["capacity"].description
    assert "; at most 1e12 base units per year" in desc and float("1e12") == MAX_AMOUNT
    readme = (REDON.parents[1] / "README.md").read_text(encoding="utf-8")
    assert f"| `capacity` |  | supply base units/yr | {desc}; > 0 |" in readme
