"""The report's Sankey draws a leg into a hub at what reaches the hub after the leg's pipe loses
its share (`candidates.pipeloss.leg_loss_shares`; matches.csv's demand_amount, from
`Statistics.links`), the loss on the way a grey band of its own to "Lost on the way to hubs",
so the hub's node balances: what its legs in bring is what its legs out send. Before 2026-12-07
the band into the hub was what left the plant (10,000 MWh/yr) while 9,940 left the hub."""

from __future__ import annotations

import pandas as pd
import pytest

from eitflow import optimise, scenario_from_frames
from eitflow.report.figures import _fig_sankey
from eitflow.report.sankey import LEG_LOSSES, sankey_layout, sankey_svg
from eitflow.results.rundir import read_run, write_run
from test_hub_leg_losses import FLOWS, LEGS, SITES


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """The plant 3 km (route) from hub H, the user 2 km from it (tests/test_hub_leg_losses.py)."""
    hub = pd.DataFrame({"hub_id": ["H"], "name": ["Hub"], "lat": [49.02], "lon": [6.0], "resources": ["heat"],
                        "capacity": [10000.0], "fixed_cost_eur_per_yr": [0.0]})
    res = optimise(scenario_from_frames(SITES, FLOWS, LEGS, hubs=hub, solver={"mip_gap": 0.0}))
    assert res.status == "optimal"
    return read_run(write_run(res, tmp_path_factory.mktemp("sankey") / "run"))


def test_the_band_into_a_hub_is_what_reaches_it_and_the_hub_balances(run):
    """0.2 %/km: the plant sends 10,000 MWh/yr; 10,000 x (1 - 0.002 x 3) = 9,940 reach the hub
    (the band PLANT -> H), 10,000 - 9,940 = 60 are lost on the way (PLANT -> lost); the hub sends
    9,940 on (H -> USER), of which 9,940 x (1 - 0.002 x 2) = 9,900.24 reach the user (its
    node's tooltip). The plant's node: 9,940 + 60 = 10,000; the hub's: 9,940 in = 9,940 out."""
    [panel] = sankey_layout(run, lang="en")
    bands = {(b["source"], b["sink"]): b["amount"] for b in panel.bands}
    assert bands == pytest.approx({("PLANT", "H"): 9940.0, ("PLANT", LEG_LOSSES): 60.0, ("H", "USER"): 9940.0},
                                  rel=1e-9)
    into_hub = sum(v for (a, b), v in bands.items() if b == "H")
    out_of_hub = sum(v for (a, b), v in bands.items() if a == "H")
    assert into_hub == pytest.approx(out_of_hub, rel=1e-12)
    nodes = {(n["side"], n["key"]): n for n in panel.nodes}
    assert nodes[("left", "PLANT")]["amount"] == pytest.approx(10000.0, rel=1e-9)
    assert nodes[("right", "H")]["amount"] == pytest.approx(9940.0, rel=1e-9)
    assert "9,900.24" in nodes[("right", "USER")]["title"] or "9,900" in nodes[("right", "USER")]["title"]
    # the figures are matches.csv's (Statistics.links): the one place the amounts come from
    m = run.matches.set_index(["source_site", "sink_site"])
    assert bands[("PLANT", "H")] == m.at[("PLANT", "H"), "demand_amount"]
    assert bands[("PLANT", LEG_LOSSES)] == pytest.approx(m.at[("PLANT", "H"), "amount"]
                                                         - m.at[("PLANT", "H"), "demand_amount"], rel=1e-12)


def test_the_loss_is_said_in_both_languages(run, tmp_path):
    """The band into the hub says what was sent and what reaches the hub, as every view says an
    exchange (`report.tables.sent_received`); the grey band and its node say the loss."""
    svg = sankey_svg(sankey_layout(run, lang="en"), "en")
    assert "Plant → Hub: heat, 10,000 MWh/yr sent, 9,940 received" in svg
    assert "Plant: 60 MWh/yr lost on the way to the hub" in svg
    fr = sankey_svg(sankey_layout(run, lang="fr"), "fr").replace("\u202f", " ").replace("\xa0", " ")
    assert "chaleur, 10 000 MWh/an envoyés, 9 940 reçus" in fr
    assert "Pertes en chemin (hubs)" in fr
    (tmp_path / "s").mkdir()
    out = _fig_sankey(run, tmp_path / "s" / "sankey.png", "png", "fr")   # the static figure draws the same panels
    assert out.stat().st_size > 0
