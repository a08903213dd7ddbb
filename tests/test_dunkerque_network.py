"""The bundled Dunkerque scenario with its heat network as a network
(scenarios/dunkerque_dh/network.yaml): the mains already in the ground (existing pipes) and
candidate extensions, against scenario.yaml, the same sites and flows with point-to-point pipes
only.

Figures worked out here from the scenario's files and the catalogue (resources.yaml), not read
from eitflow's results: each main's length is the great circle between its ends times the heat
route factor, its pumping the catalogue's EUR/MWh/km (at 30 K; x 30/50 on this 50 K network)
times km times the heat carried; the
steelworks' 115 -> 60 degC water on the 115/65 degC network can give its heat down to 65 degC,
244,000 x (115 - 65) / (115 - 60) = 221,818.2 MWh/yr.
"""

from __future__ import annotations

import math
from importlib import resources
from pathlib import Path

import pandas as pd
import pytest
import yaml

import eitflow

pytestmark = pytest.mark.slow

HERE = Path(__file__).resolve().parents[1] / "scenarios" / "dunkerque_dh"
NET = "network:heat"


@pytest.fixture(scope="module")
def runs():
    return eitflow.run_file(HERE / "network.yaml"), eitflow.run_file(HERE / "scenario.yaml")


def _km(lat1, lon1, lat2, lon2) -> float:
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


def test_the_existing_mains_beat_new_point_to_point_pipes(runs):
    """Both runs proven optimal; the network run is worth more and invests less: the
    Dunkerque network's heat all comes through the mains in the ground, where the
    point-to-point run lays new pipes from the steelworks and the incinerator (and serves
    120,190 MWh/yr of it).

    The steelworks' band above the network's 65 degC return is 221,818.2 MWh/yr, steady:
    18,484.85 MWh a month. In January the town needs 130,000 x 0.1520 = 19,760 MWh a month
    (its profile): more than the band, so the steelworks gives all of it then, and never more
    (before, a month's injection was bounded by the steelworks' whole heat, 20,333 MWh: 1,559
    MWh of heat below 65 degC went into the network in January)."""
    net, p2p = runs
    assert net.status == "optimal" and p2p.status == "optimal"
    assert net.objective > p2p.objective
    m = net.matches
    into_dk = m[m["sink_site"] == "RCU_DK"]
    assert set(into_dk["source_site"]) == {NET}
    lk = net.statistics.links()
    acier = lk[(lk["kind"] == "to_net") & (lk["supply_flow_id"] == "acier_heat")]
    monthly = net.solution.period_flow[acier["link"].to_numpy(int)].sum(axis=0)
    band = 244_000 / 12 * (115 - 65) / (115 - 60)
    assert band == pytest.approx(18_484.85, rel=1e-6)
    assert monthly.max() <= band * (1 + 1e-9)
    assert monthly[0] == pytest.approx(band, rel=1e-6)
    assert 130_000 * 0.1520 > band
    p = p2p.matches
    assert set(p.loc[p["sink_site"] == "RCU_DK", "mode"]) == {"pipe"}
    assert net.summary["totals"]["investment_eur"] < p2p.summary["totals"]["investment_eur"]


def test_the_mains_cost_their_pumping_and_the_balance_closes(runs, tmp_path):
    from eitflow.results.rundir import read_run, write_run

    net, _ = runs
    with resources.files("eitflow").joinpath("data/resources.yaml").open(encoding="utf-8") as fh:
        heat = yaml.safe_load(fh)["heat"]
    data = read_run(write_run(net, tmp_path / "run"))
    c = data.corridors.set_index("corridor_id")
    places = pd.concat([pd.read_csv(HERE / "sites.csv")[["site_id", "lat", "lon"]],
                        pd.read_csv(HERE / "junctions.csv").rename(columns={"junction_id": "site_id"})
                        [["site_id", "lat", "lon"]]]).set_index("site_id")
    # no new trench pays here; the incinerator's connection, in the ground, tops up the winter
    assert set(c.index) == {"acier_main", "psynthe_dk", "uve_conn"}
    assert not c["investment_eur"].any()
    route = heat["transport"]["detour_factor"]
    pumping = 0.0
    for cid, (a, b) in {"acier_main": ("ACIERIE", "J_PSYNTHE"), "psynthe_dk": ("J_PSYNTHE", "RCU_DK"),
                        "uve_conn": ("UVE_DK", "J_PSYNTHE")}.items():
        pa, pb = places.loc[a], places.loc[b]
        km = _km(pa["lat"], pa["lon"], pb["lat"], pb["lon"]) * route
        assert c.at[cid, "length_km"] == pytest.approx(km, rel=1e-6)
        carried = c.at[cid, "flow_forward"] + c.at[cid, "flow_backward"]
        # the catalogue's pumping is per MWh at 30 K; at 50 K a MWh moves 30/50 of the water
        assert c.at[cid, "pumping_eur_per_yr"] == pytest.approx(heat["network"]["var_cost_eur_per_unit_km"] * 30 / 50
                                                                * km * carried, rel=1e-6)
        pumping += c.at[cid, "pumping_eur_per_yr"]
        if cid == "uve_conn":   # a DN250: the rating below is the mains'
            continue
        # a DN400 (heat network table: 58.9 MW and 52.7 W/m at 90/60 degC) on the 115/65 degC
        # network: 58.9 x 50 / 30 = 98.17 MW; it loses 52.7 W/m x km x 8,760 h x ((115 + 65) / 2
        # - 10) / ((90 + 60) / 2 - 10) = x 80 / 65 (its mean above the 10 degC ground)
        dn400 = next(s for s in heat["network"]["sizes"] if s["name"] == "DN400")
        assert c.at[cid, "capacity_rated"] == pytest.approx(dn400["capacity"] * 50 / 30, rel=1e-9)
        assert c.at[cid, "loss"] == pytest.approx(dn400["loss_w_per_m"] * km * 1000 * 8760 / 1e6 * 80 / 65, rel=1e-6)
    tot = data.summary["networks"]["by_resource"]["heat"]
    assert tot["annual_cost_eur_per_yr"] == pytest.approx(pumping, rel=1e-9)
    b = tot["balance"]
    assert b["closes"]
    # the incinerator's pump adds its electricity to the heat it takes: COP / (COP - 1) per MWh
    assert b["into_network"] == pytest.approx(b["withdrawn"] + b["losses"], rel=1e-9)
    assert b["into_network"] == pytest.approx(b["injected_by_supplies"] + b["heat_pump_electricity"], rel=1e-9)
    uve = net.matches[(net.matches["sink_site"] == NET) & (net.matches["source_site"] == "UVE_DK")]
    cop = float(uve["heat_pump_cop"].iat[0])
    assert b["heat_pump_electricity"] == pytest.approx(float(uve["amount"].sum()) / (cop - 1), rel=1e-6)
    # the steelworks injects within what its range gives the 115/65 degC network; the
    # incinerator (110 -> 60 degC, below the network's 115) only through its heat pump
    inj = net.matches[net.matches["sink_site"] == NET]
    assert set(inj["source_site"]) == {"ACIERIE", "UVE_DK"}
    assert inj.loc[inj["source_site"] == "UVE_DK", "heat_pump_cop"].notna().all()
    inj = inj[inj["source_site"] == "ACIERIE"]
    assert float(inj["amount"].sum()) <= 244_000 * (115 - 65) / (115 - 60) * (1 + 1e-9)
    assert 244_000 * 50 / 55 == pytest.approx(221_818.18, rel=1e-7)
