"""A hydrogen supply below its network's pressure pays the compression up to it (0.67 MWh/t per
unit of ln(p_network / p_supply), `candidates.electricity.compression_mwh_per_unit`), and the
run says that electricity as it says a CO2 network's compression into dense phase: each
exchange's ``injection_electricity_mwh_per_yr`` and summary.json's ``network_injection`` (the
workbook's links sheet and summary read them). Before 2026-12-06 the cost was paid and the
figures read 0 MWh/yr. Values by hand."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

import eitflow

SITES = ["site_id,name,lat,lon,zone", "S,Supplier,47.0,5.00,Z1", "B,Buyer B,47.0,5.02,Z1"]
FLOWS_HEAD = "flow_id,site_id,direction,resource,amount,unit,price_eur_per_unit,purity,pressure_bar"


def _run(tmp: Path, supply_bar: float):
    """S supplies 1,000 t/yr at `supply_bar`, B needs 600 t/yr at 40 bar and 2,500 EUR/t; one
    2 km corridor, the network at 40 bar; electricity 80 EUR/MWh, 0.052 tCO2/MWh; no link
    between them (radius 1 km)."""
    (tmp / "sites.csv").write_text("\n".join(SITES) + "\n")
    (tmp / "flows.csv").write_text("\n".join([FLOWS_HEAD, f"s1,S,supply,hydrogen,1000,t/yr,0,0.999,{supply_bar}",
                                              "b1,B,demand,hydrogen,600,t/yr,2500,0.999,40"]) + "\n")
    (tmp / "corridors.csv").write_text("corridor_id,resource,from,to,length_km\nc1,hydrogen,S,B,2\n")
    (tmp / "scenario.yaml").write_text(
        "name: gas line\nsites: sites.csv\nflows: flows.csv\ncorridors: corridors.csv\n"
        "carbon_price_eur_per_t: 0\nelectricity_price_eur_per_mwh: 80\nelectricity_co2_t_per_mwh: 0.052\n"
        "max_distance_km: {hydrogen: 1}\nsolver: {time_limit_s: 20, mip_gap: 0}\n"
        "networks:\n  hydrogen: {pressure_bar: 40}\n")
    res = eitflow.optimise(eitflow.read_scenario(tmp / "scenario.yaml"))
    assert res.status == "optimal"
    return res


def test_hydrogen_compressed_into_its_network_is_said_as_co2s_compression(tmp_path):
    """0.67 x ln(40 / 10) = 0.67 x 1.3862944 = 0.9288172 MWh/t x 600 t/yr = 557.2903 MWh/yr; at
    80 EUR/MWh 44,583.23 EUR/yr, at 0.052 tCO2/MWh 28.979 tCO2/yr. One exchange injects (S's
    connection); B's withdrawal at the network's own 40 bar needs none."""
    res = _run(tmp_path, 10.0)
    mwh = 0.67 * math.log(40 / 10) * 600
    lk = res.statistics.links().set_index("kind")
    assert lk.at["to_net", "amount"] == pytest.approx(600.0, rel=1e-9)
    assert lk.at["to_net", "injection_electricity_mwh_per_yr"] == pytest.approx(mwh, rel=1e-9)
    assert lk.at["from_net", "injection_electricity_mwh_per_yr"] == 0.0
    said = res.summary["network_injection"]
    assert said == res.statistics.network_injection()
    assert said["exchanges"] == 1
    assert said["electricity_mwh_per_yr"] == pytest.approx(557.2903, abs=1e-3)
    assert said["electricity_eur_per_yr"] == pytest.approx(44_583.23, abs=0.01)
    assert said["electricity_co2_t_per_yr"] == pytest.approx(28.979, abs=1e-3)


def test_the_figure_said_is_what_the_compression_costs_the_plan(tmp_path):
    """A second solve: the same plan with S already at 40 bar (no compression; the same DN50,
    1,649.5 t/yr at 40 bar, and connections) is worth exactly the compression's 44,583.23
    EUR/yr more, so the figure said is the one the objective paid."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    low, high = _run(tmp_path / "a", 10.0), _run(tmp_path / "b", 40.0)
    assert high.statistics.corridors()["size"].tolist() == low.statistics.corridors()["size"].tolist()
    paid = high.summary["totals"]["net_benefit_eur_per_yr"] - low.summary["totals"]["net_benefit_eur_per_yr"]
    assert paid == pytest.approx(low.summary["network_injection"]["electricity_eur_per_yr"], rel=1e-9)
    assert paid == pytest.approx(80 * 0.67 * math.log(4) * 600, rel=1e-9)
    assert high.summary["network_injection"]["electricity_mwh_per_yr"] == 0.0
