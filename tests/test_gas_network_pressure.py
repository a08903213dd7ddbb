"""A hydrogen network's pipes carry what the catalogue's sizes carry at the network's own
pressure. The catalogue rates them at 40 bar (3.2 kg/m3 at 10 m/s, `_sources.other_networks`):
the same velocity at 10 bar moves a quarter of the gas. Until 2026-12-06 every network was rated
at 40 bar whatever its pressure, so a 10 bar network's DN50 was said to carry 0.269 t/h where it
carries 0.06725: a pipe four times too small was built and priced."""

from __future__ import annotations

from pathlib import Path

import pytest

import eitflow
from eitflow.catalogue import NetworkSpec, PipeSize

SITES = ["site_id,name,lat,lon,zone", "S,Supplier,47.0,5.00,Z1", "B,Buyer B,47.0,5.02,Z1"]
FLOWS_HEAD = "flow_id,site_id,direction,resource,amount,unit,price_eur_per_unit,purity,pressure_bar"
CRF = 0.05 / (1 - 1.05 ** -20)      # annuity of 1 EUR over 20 years at 5 %: 0.0802426


def _scenario(tmp: Path, bar: float, sizing: str = "discrete") -> Path:
    """S supplies 1,000 t/yr and B needs 600 t/yr at 2,500 EUR/t, both at `bar`, over one 2 km
    corridor; no link between them (radius 1 km), carbon price 0."""
    (tmp / "sites.csv").write_text("\n".join(SITES) + "\n")
    (tmp / "flows.csv").write_text("\n".join([FLOWS_HEAD, f"s1,S,supply,hydrogen,1000,t/yr,0,0.999,{bar}",
                                              f"b1,B,demand,hydrogen,600,t/yr,2500,0.999,{bar}"]) + "\n")
    (tmp / "corridors.csv").write_text("corridor_id,resource,from,to,length_km\nc1,hydrogen,S,B,2\n")
    (tmp / "scenario.yaml").write_text(
        "name: gas line\nsites: sites.csv\nflows: flows.csv\ncorridors: corridors.csv\n"
        "carbon_price_eur_per_t: 0\nmax_distance_km: {hydrogen: 1}\nsolver: {time_limit_s: 20}\n"
        f"networks:\n  hydrogen: {{sizing: {sizing}}}\n")
    return tmp / "scenario.yaml"


def test_a_size_carries_its_mass_flow_in_proportion_to_the_pressure():
    """0.269 t/h at 40 bar is 0.269 x 15 / 40 = 0.100875 t/h at 15 bar; without a reference
    pressure (a table of the user's) or a network pressure, the table's figure."""
    spec = NetworkSpec(capacity_unit="t/h", reference_pressure_bar=40,
                       sizes=[PipeSize(name="DN50", capacity=0.269, investment_eur_per_m=498)])
    assert spec.rating(None, None, 15.0).capacity == pytest.approx(0.100875 / 0.269)
    assert spec.rating(None, None, None).capacity == 1.0
    assert spec.model_copy(update={"reference_pressure_bar": None}).rating(None, None, 15.0).capacity == 1.0


def test_a_10_bar_hydrogen_network_builds_the_size_that_carries_its_flow_at_10_bar(tmp_path):
    """At 10 bar a DN50 carries 0.269 x 10 / 40 = 0.06725 t/h, x 8,760 h x 0.7 (load factor) =
    412.4 t/yr: less than B's 600. A DN80 carries 0.616 / 4 = 0.154 t/h, 944.3 t/yr: it is built.
    Net benefit = 600 x 2,500 - two connections 2 x 100,000 x CRF - the DN80's 602 EUR/m x 2,000 m
    = 1,204,000 EUR x (CRF + 2 % O&M) = 1,500,000 - 16,048.52 - 120,692.07 = 1,363,259.41 EUR/yr.
    Before, the DN50 (0.269 t/h, 1,649.5 t/yr) was built and the plan read 1,384,109.86."""
    res = eitflow.optimise(eitflow.read_scenario(_scenario(tmp_path, 10)))
    want = 600 * 2500 - 2 * CRF * 100_000 - (CRF + 0.02) * 602 * 2000
    assert res.summary["totals"]["net_benefit_eur_per_yr"] == pytest.approx(want, abs=0.01)
    c = res.statistics.corridors().set_index("corridor_id")
    assert c.at["c1", "size"] == "DN80"
    assert c.at["c1", "capacity_rated"] == pytest.approx(0.154)          # t/h, at 10 bar
    assert c.at["c1", "capacity"] == pytest.approx(0.154 * 8760)         # t/yr, rated
    assert res.summary["networks"]["by_resource"]["hydrogen"]["pressure_bar"] == 10.0


def test_a_40_bar_network_keeps_the_catalogues_sizes(tmp_path):
    """At the catalogue's own 40 bar the DN50 carries 1,649.5 t/yr: it is built, as before.
    1,500,000 - 16,048.52 - 996,000 x (CRF + 0.02) = 1,384,109.86 EUR/yr."""
    res = eitflow.optimise(eitflow.read_scenario(_scenario(tmp_path, 40)))
    want = 600 * 2500 - 2 * CRF * 100_000 - (CRF + 0.02) * 498 * 2000
    assert res.summary["totals"]["net_benefit_eur_per_yr"] == pytest.approx(want, abs=0.01)
    assert res.statistics.corridors().set_index("corridor_id").at["c1", "size"] == "DN50"


def test_a_linear_networks_catalogue_size_is_the_one_carrying_its_flow_at_its_pressure(tmp_path):
    """Sized on a line, the corridor's capacity is what its 600 t/yr need: 600 / 0.7 = 857.1 t/yr
    rated. At 10 bar a DN50 is rated 0.06725 x 8,760 = 589.1 t/yr, too small; a DN80 1,349.0:
    corridors.csv's catalogue_size is DN80 at 602 EUR/m x 2,000 m = 1,204,000 EUR (it read DN50,
    996,000 EUR, the size rated at 40 bar)."""
    res = eitflow.optimise(eitflow.read_scenario(_scenario(tmp_path, 10, "linear")))
    c = res.statistics.corridors().set_index("corridor_id")
    assert c.at["c1", "sizing"] == "linear"
    assert c.at["c1", "capacity"] == pytest.approx(600 / 0.7, rel=1e-6)
    assert c.at["c1", "catalogue_size"] == "DN80"
    assert c.at["c1", "catalogue_investment_eur"] == pytest.approx(602 * 2000)


def test_a_reference_pressure_on_a_network_without_a_pressure_is_warned_about(tmp_path):
    """A CO2 network has no operating pressure (its `pressure_bar` is refused): a resources.yaml
    giving its sizes a reference pressure changes nothing, and says so, in both languages."""
    p = _scenario(tmp_path, 40)
    (tmp_path / "resources.yaml").write_text("co2:\n  network:\n    reference_pressure_bar: 20\n")
    p.write_text(p.read_text() + "  co2: {generate: delaunay}\nresources: resources.yaml\n")
    w = [q for q in eitflow.read_scenario(p).warnings if "reference_pressure_bar" in str(q)]
    assert [str(q) for q in w] == [
        "resources.yaml: resource 'co2', network: reference_pressure_bar applies to a network with an operating "
        "pressure only (a resource with a purity rule, such as hydrogen: networks.<resource>.pressure_bar); the CO2 "
        "network has none: it is ignored"]
    assert w[0].say("fr").endswith("le réseau de CO2 n'en a pas : il est ignoré")
