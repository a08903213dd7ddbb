"""A scenario's tables stay writable after a run (defect: within a run eitflow reads each column
once and keeps it read-only; a text column's array was pandas' own, so after `eitflow.optimise`
a library user's ``scen.flows.loc[i, "site_id"] = ...`` failed with "assignment destination is
read-only", and so did a write to the candidates' links)."""

from __future__ import annotations

from pathlib import Path

import eitflow
from eitflow.candidates.generate import build_candidates
from eitflow.io.read import read_scenario
from eitflow.solve.driver import solve

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"


def test_tables_writable_after_a_run():
    scen = read_scenario(SCENARIOS / "ludres_backbone" / "scenario.yaml")   # flows, sites, corridors
    eitflow.optimise(scen, duals=False)
    for table, column in (("flows", "site_id"), ("flows", "direction"), ("sites", "site_id"),
                          ("corridors", "from"), ("corridors", "resource")):
        frame = getattr(scen, table)
        first = frame.index[0]
        frame.loc[first, column] = "renamed"    # raised "assignment destination is read-only"
        assert frame.loc[first, column] == "renamed", (table, column)


def test_candidate_links_writable_after_a_solve():
    scen = read_scenario(SCENARIOS / "zae_example" / "scenario.yaml")
    cand = build_candidates(scen)
    solve(scen, cand)
    first = cand.links.index[0]
    cand.links.loc[first, "kind"] = "direct"
    cand.links.loc[first, "source_site"] = "renamed"
    assert cand.links.loc[first, "source_site"] == "renamed"
