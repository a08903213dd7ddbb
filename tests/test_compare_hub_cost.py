"""What `eitflow compare` says of a hub's cost (EUR/yr) is what matches.csv, network_shares.csv and
hubs.csv say, in English and in French, after the hub's cost was split between its legs out and
the network it stands on (`results.hubsplit`, README's allocation rule). Values by hand.

Before, compare's line for a network said the corridors' annual cost alone: a CO2 hub whose cost
rose from 10,000 to 20,000 EUR/yr, 70 % of it the pipe's (70,000 of the 100,000 t/yr it handles go
into the pipe), moved network_shares.csv's cost shares by 7,000 EUR/yr and compare said nothing of
the network."""
from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

import eitflow
from eitflow.analyses.compare import compare_runs
from eitflow.results.rundir import write_run

sys.path.insert(0, str(Path(__file__).parent))
from test_co2_hub_pass_through import _scenario  # noqa: E402  (E -> H 100,000 t/yr; 30,000 to D, 70,000 piped to S)
from test_hub_figures import h2_station_on_a_pipeline  # noqa: E402

NNBSP = "\u202f"


def _station(fixed: float):
    """tests/test_hub_figures.py's hydrogen station H on a pipeline, its yearly cost `fixed`."""
    import dataclasses

    scen = h2_station_on_a_pipeline().scenario   # the case as built there, only the hub's cost changed
    return eitflow.optimise(dataclasses.replace(scen, hubs=scen.hubs.assign(fixed_cost_eur_per_yr=fixed)))


@pytest.fixture(scope="module")
def stations(tmp_path_factory):
    """The station at 50,000 EUR/yr (run A) and at 80,000 (run B), written."""
    root = tmp_path_factory.mktemp("stations")
    return tuple(write_run(_station(f), root / name) for name, f in (("a", 50_000.0), ("b", 80_000.0)))


@pytest.fixture(scope="module")
def co2_hubs(tmp_path_factory):
    """The CO2 hub at 10,000 EUR/yr (5,000 + 100,000 EUR invested, as test_hub_network_split's)
    in run A, at 20,000 (15,000 + the same) in run B."""
    root = tmp_path_factory.mktemp("co2hubs")
    out = []
    for name, fixed in (("a", 5_000.0), ("b", 15_000.0)):
        res = eitflow.optimise(_scenario(30_000.0, 70_000.0, 50.0, hub_fixed=fixed, hub_investment=100_000.0))
        assert res.status == "optimal"
        out.append(write_run(res, root / name))
    return tuple(out)


def test_the_station_s_cost_is_the_depot_s_in_compare_as_in_matches_csv(stations):
    """The station hands all it handles out to D by its own leg and takes nothing in: its
    50,000 EUR/yr are D's (matches.csv's hub_share_eur_per_yr on H -> D), none of it the
    pipeline's (network_shares.csv: 0 each). At 80,000, D's exchange is 30,000 EUR/yr lower and
    nothing else moves: compare says '-30,000 EUR/yr' on H -> D and no network line."""
    a, b = stations
    ma, mb = (pd.read_csv(r / "matches.csv").set_index(["source_site", "sink_site"]) for r in (a, b))
    assert ma.at[("H", "D"), "hub_share_eur_per_yr"] == pytest.approx(50_000.0)
    assert mb.at[("H", "D"), "hub_share_eur_per_yr"] == pytest.approx(80_000.0)
    assert pd.read_csv(a / "hubs.csv").at[0, "fixed_eur_per_yr"] == pytest.approx(50_000.0)
    assert pd.read_csv(a / "network_shares.csv")["hubs_cost_share_eur_per_yr"].tolist() == [0.0, 0.0]
    _, en = compare_runs(a, b, lang="en")
    _, fr = compare_runs(a, b, lang="fr")
    assert "net benefit: " in en and "(-30,000)" in en
    assert [ln for ln in en.splitlines() if "-> D" in ln] == ["  same amount: H -> D, hydrogen by truck 200 -> 200 t/yr, "
                                                             "-30,000 EUR/yr"]
    assert [ln for ln in fr.splitlines() if "-> D" in ln] == [f"  même quantité : H -> D, hydrogène par camion 200 -> 200 "
                                                             f"t/an, -30{NNBSP}000 €/an"]
    assert not [ln for ln in en.splitlines() if "corridors built" in ln]


def test_a_co2_hub_s_network_part_is_in_the_network_s_cost_in_compare(co2_hubs):
    """The CO2 hub H: 100,000 t/yr in from E, 30,000 out to D by truck, 70,000 into the pipe to S
    (31,360 EUR/yr: 448 EUR/m x 1,000 m x 0.07). Its cost is split by the amounts: 30 % D's, 70 %
    the pipe's. At 10,000 EUR/yr: D 3,000, the network 7,000 (its cost 31,360 + 7,000 = 38,360,
    S's cost share); at 20,000: 6,000 and 14,000 (45,360). Compare: the network's line
    '38,360 -> 45,360 EUR/yr (+7,000), of which the hubs standing on it 7,000 -> 14,000', D's
    exchange -3,000 and S's -7,000, adding up to the headline's -10,000."""
    a, b = co2_hubs
    sa, sb = (pd.read_csv(r / "network_shares.csv").set_index("site_id") for r in (a, b))
    assert (sa.at["S", "cost_share_eur_per_yr"], sb.at["S", "cost_share_eur_per_yr"]) == \
        pytest.approx((38_360.0, 45_360.0), rel=1e-9)
    assert (sa.at["S", "hubs_cost_share_eur_per_yr"], sb.at["S", "hubs_cost_share_eur_per_yr"]) == \
        pytest.approx((7_000.0, 14_000.0), rel=1e-9)
    # D's share: 30 % of the hub (and of what the truck leg E -> H passes on, the same in both runs)
    ma, mb = (pd.read_csv(r / "matches.csv").set_index(["source_site", "sink_site"]) for r in (a, b))
    assert mb.at[("H", "D"), "hub_share_eur_per_yr"] - ma.at[("H", "D"), "hub_share_eur_per_yr"] == \
        pytest.approx(3_000.0, rel=1e-9)
    _, en = compare_runs(a, b, lang="en")
    _, fr = compare_runs(a, b, lang="fr")
    net_en = [ln for ln in en.splitlines() if "corridors built" in ln]
    assert net_en == ["  CO2 network: corridors built 1 -> 1, 1.0 -> 1.0 km, annual cost 38,360 -> 45,360 EUR/yr "
                      "(+7,000), of which the hubs standing on it 7,000 -> 14,000 EUR/yr"]
    net_fr = [ln for ln in fr.splitlines() if "tronçons construits" in ln]
    assert net_fr == [f"  Réseau de CO2 : tronçons construits 1 -> 1, 1,0 -> 1,0 km, coût annuel 38{NNBSP}360 -> "
                      f"45{NNBSP}360 €/an (+7{NNBSP}000), dont les hubs qui s'y trouvent 7{NNBSP}000 -> "
                      f"14{NNBSP}000 €/an"]
    assert "(-10,000)" in en
    assert any("H -> D" in ln and ln.endswith("-3,000 EUR/yr") for ln in en.splitlines())
    assert any("-> S" in ln and ln.endswith("-7,000 EUR/yr") for ln in en.splitlines())
