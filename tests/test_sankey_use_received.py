"""The report's Sankey labels a use with what it receives (matches.csv's demand_amount), not what
its sources send; the bands stay what the sources send.

Before 2026-12-07 the figure beside a use was the sum of its bands: zae_example's farm cooperative,
asking 1,800 t/yr of fertiliser and receiving 302 t/yr (unmatched.csv: 1,498 left), read 15,100
t/yr (the sludge sent); the Maubeuge heating network, asking 60,000 MWh/yr, 60,394 (before the
pipe's loss); the brewery, asking 28,000 MWh/yr of steam, 29,158. Its tooltip said the right figure."""

from __future__ import annotations

import pandas as pd
import pytest

from eitflow import optimise, scenario_from_frames
from eitflow.report.sankey import sankey_layout
from eitflow.results.rundir import read_run, write_run

SITES = pd.DataFrame({"site_id": ["STEP", "COOP"], "name": ["Station d'épuration", "Coopérative"],
                      "lat": [48.0, 48.02], "lon": [2.0, 2.0]})


@pytest.fixture(scope="module")
def panel(tmp_path_factory):
    """A wastewater plant's 2,500 t/yr of sludge, a cooperative asking 1,800 t/yr of fertiliser at
    300 EUR/t, 2.2 km apart; the catalogue's sludge feeds fertiliser at 0.02 (resources.yaml): all
    2,500 t/yr go (1,800 / 0.02 = 90,000 would be needed) and 2,500 x 0.02 = 50 t/yr arrive."""
    flows = pd.DataFrame({"flow_id": ["step", "coop"], "site_id": ["STEP", "COOP"],
                          "direction": ["supply", "demand"], "resource": ["sludge", "fertiliser"],
                          "amount": [2500.0, 1800.0], "unit": "t/yr", "price_eur_per_unit": [40.0, 300.0]})
    res = optimise(scenario_from_frames(SITES, flows, solver={"mip_gap": 0.0}))
    assert res.summary["status"] == "optimal"
    [p] = sankey_layout(read_run(write_run(res, tmp_path_factory.mktemp("sankey") / "run")), lang="en")
    return p


def test_a_use_is_labelled_with_what_it_receives(panel):
    nodes = {(n["side"], n["key"]): n for n in panel.nodes}
    assert nodes[("left", "STEP")]["amount"] == pytest.approx(2500.0)   # what the plant sends
    assert nodes[("right", "COOP")]["amount"] == pytest.approx(50.0)    # 2,500 x 0.02, what arrives
    assert [b["amount"] for b in panel.bands] == pytest.approx([2500.0])   # the band: what is sent
    assert "received: fertiliser 50 t/yr (2,500 t/yr sent" in nodes[("right", "COOP")]["title"]
