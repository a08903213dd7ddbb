"""A zone's net benefit inside it (zones.csv `net_benefit_inside_eur_per_yr`, "links inside the zone,
in full") with a shared network: a network is a place of its own between the zones (README,
zone_flows.csv), so a connection is never inside a zone. Found by trying `eitflow zones` on the
bundled Ludres backbone: the Métropole du Grand Nancy had no exchange inside it yet 583,626 EUR/yr
"inside" (its share of the network's deliveries, counted once the network was split over the
companies it serves). Expected values: the inside rows of zone_flows.csv, each link in full and
unsplit, summed by hand per zone."""

from __future__ import annotations

from pathlib import Path

import pytest

import eitflow
from eitflow.results.zones import ALLOCATIONS

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def ludres():
    return eitflow.optimise(eitflow.read_scenario(ROOT / "scenarios" / "ludres_backbone" / "scenario.yaml"))


@pytest.mark.parametrize("rule", sorted(ALLOCATIONS))
def test_the_benefit_inside_a_zone_is_its_exchanges_inside_it(ludres, rule):
    st = ludres.statistics
    zf = st.zone_flows()
    inside = zf[zf["inside"]].groupby("source_zone")["net_benefit_eur_per_yr"].sum()
    z = st.zones(rule).set_index("zone")
    assert len(z) >= 2
    for zone, row in z.iterrows():
        assert row["net_benefit_inside_eur_per_yr"] == pytest.approx(float(inside.get(zone, 0.0)), abs=1e-6), zone
        # what is not inside is between, less what is built there
        assert row["net_benefit_eur_per_yr"] == pytest.approx(
            row["net_benefit_inside_eur_per_yr"] + row["net_benefit_between_eur_per_yr"] - row["build_cost_eur_per_yr"],
            rel=1e-9, abs=1e-6)
    assert z["net_benefit_eur_per_yr"].sum() == pytest.approx(ludres.objective, rel=1e-9)
    # the Métropole receives heat only through the network: nothing of its own inside it
    assert z.at["Métropole du Grand Nancy", "net_benefit_inside_eur_per_yr"] == 0.0
