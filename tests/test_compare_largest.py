"""`eitflow compare` lists "the five largest changes" (README): the largest change of an
exchange's figure after the shares (EUR/yr) first, whatever its kind. Before, the list took
exchanges added, then removed, then changed, each by size, so five small injections worth
nothing in money hid a -89,000 and a -80,000 EUR/yr change (ludres_backbone, net benefit
against its CO2 objective).

Hand-built runs: one real run's directory copied twice, its matches.csv rewritten by hand.
Run A: two deliveries, S -> D1 100 MWh/yr worth 100,000 EUR/yr after the shares and S -> D2
100 MWh/yr worth 90,000. Run B: D1 50 MWh/yr worth 11,000 (change 11,000 - 100,000 =
-89,000 EUR/yr), D2 40 MWh/yr worth 10,000 (10,000 - 90,000 = -80,000), and five injections
I1..I5 -> S, 10 MWh/yr each, worth 0 EUR/yr (added, no money figure). The five largest by
|change|: -89,000, -80,000, then three of the injections (0 each, in the table's order), and
"2 more"."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

import eitflow
from eitflow.analyses.compare import compare_runs
from eitflow.results.rundir import write_run

KM = 1 / 111.195


def _row(template: pd.Series, src: str, sink: str, amount: float, after: float) -> dict:
    return template.to_dict() | {"source_site": src, "sink_site": sink, "supply_flow_id": f"{src}_f",
                                 "demand_flow_id": f"{sink}_f", "amount": amount, "demand_amount": amount,
                                 "net_benefit_eur_per_yr": after, "net_benefit_after_shares_eur_per_yr": after,
                                 "co2_avoided_t_per_yr": 0.0, "co2_avoided_after_shares_t_per_yr": 0.0}


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    root = tmp_path_factory.mktemp("largest")
    sites = pd.DataFrame({"site_id": ["A", "B"], "lat": [45.0, 45.0 + KM], "lon": [4.0, 4.0]})
    flows = pd.DataFrame({"site_id": ["A", "B"], "direction": ["supply", "demand"], "resource": "heat",
                          "amount": [20000.0, 20000.0], "unit": "MWh/yr", "price_eur_per_unit": [0.0, 60.0],
                          "temperature_c": [90.0, 60.0]})
    base = write_run(eitflow.optimise(eitflow.scenario_from_frames(sites, flows)), root / "base")
    t = pd.read_csv(base / "matches.csv").iloc[0]
    out = []
    for name, rows in (("a", [("S", "D1", 100.0, 100_000.0), ("S", "D2", 100.0, 90_000.0)]),
                       ("b", [("S", "D1", 50.0, 11_000.0), ("S", "D2", 40.0, 10_000.0)]
                        + [(f"I{i}", "S", 10.0, 0.0) for i in range(1, 6)])):
        d = root / name
        shutil.copytree(base, d)
        pd.DataFrame([_row(t, *r) for r in rows]).to_csv(d / "matches.csv", index=False)
        out.append(d)
    return out


def test_compare_lists_the_largest_changes_in_eur_first(runs):
    table, text = compare_runs(*runs, "en")
    lines = [x for x in text.splitlines() if x.startswith(("  added", "  removed", "  changed", "  same amount"))]
    assert len(lines) == 5, text
    assert lines[0].startswith("  changed: S -> D1") and lines[0].endswith("-89,000 EUR/yr"), text
    assert lines[1].startswith("  changed: S -> D2") and lines[1].endswith("-80,000 EUR/yr"), text
    assert all(x.startswith("  added: I") for x in lines[2:]), text
    assert text.splitlines()[-1] == "  ... and 2 more (--csv writes every exchange)", text
    # the table (--csv) keeps its order: added, removed, changed
    assert list(table["change"]) == ["added"] * 5 + ["changed"] * 2
