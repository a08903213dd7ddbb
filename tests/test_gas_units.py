"""Hydrogen and CO2 given in normal cubic metres (Nm3/h, Nm3/d, Nm3/yr), as producers' and
electrolysers' sheets state them: weighed once, at reading, at the gas's normal density
(0 degC, 1.01325 bar: hydrogen 0.08988 kg/Nm3, CO2 1.977 kg/Nm3, catalogue
`normal_density_kg_per_nm3`), a rate continuous all year as MW and t/h are (x 8,760 h).
Before, every Nm3 unit was refused as 'wrong dimension' and the error listed no unit that
would do."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import eitflow

SITES = "site_id,name,lat,lon,zone\nS,Electrolyser,47.0,5.00,Z1\nB,Glassworks,47.0,5.02,Z1\n"
HEAD = "flow_id,site_id,direction,resource,amount,unit,price_eur_per_unit\n"


def _scenario(tmp: Path, rows: list[str]) -> Path:
    (tmp / "sites.csv").write_text(SITES)
    (tmp / "flows.csv").write_text(HEAD + "\n".join(rows) + "\n")
    (tmp / "scenario.yaml").write_text("name: gas units\nsites: sites.csv\nflows: flows.csv\n"
                                       "carbon_price_eur_per_t: 0\nsolver: {time_limit_s: 20}\n")
    return tmp / "scenario.yaml"


def _amounts(tmp: Path, rows: list[str]) -> dict[str, float]:
    scen = eitflow.read_scenario(_scenario(tmp, rows))
    return dict(zip(scen.flows["flow_id"], scen.flows["amount"].astype(float)))


def test_hydrogen_and_co2_in_normal_cubic_metres_are_read_in_tonnes_per_year(tmp_path):
    """By hand: 130 Nm3/h of hydrogen x 8,760 h = 1,138,800 Nm3/yr; x 0.08988 kg/Nm3 =
    1,138,800 x 0.09 - 1,138,800 x 0.00012 = 102,492 - 136.656 = 102,355.344 kg = 102.355344 t/yr.
    Per day: 2,400 Nm3/d x 365 d x 0.08988 = 876,000 x 0.08988 = 78,734.88 kg = 78.73488 t/yr.
    Per year: 1,000,000 Nm3/yr x 0.08988 = 89.88 t/yr (and 'Nm³/an' reads as 'Nm3/yr').
    CO2: 1,000 Nm3/h x 8,760 h x 1.977 kg/Nm3 = 17,318,520 kg = 17,318.52 t/yr."""
    got = _amounts(tmp_path, ["h1,S,supply,hydrogen,130,Nm3/h,0", "h2,S,supply,hydrogen,2400,Nm3/j,0",
                              "h3,S,supply,hydrogen,1000000,Nm³/an,0", "h4,B,demand,hydrogen,1000000,Nm3/yr,5000",
                              "c1,S,supply,co2,1000,Nm3/h,0", "c2,B,demand,co2,100,t/yr,100"])
    assert got["h1"] == pytest.approx(102.355344, rel=1e-12)
    assert got["h2"] == pytest.approx(78.73488, rel=1e-12)
    assert got["h3"] == pytest.approx(89.88, rel=1e-12)
    assert got["h4"] == pytest.approx(89.88, rel=1e-12)
    assert got["c1"] == pytest.approx(17_318.52, rel=1e-12)


def test_a_supply_in_nm3_per_hour_is_matched_in_tonnes(tmp_path):
    """1,000 Nm3/h of hydrogen = 8,760,000 x 0.08988 kg = 787.3488 t/yr, all of it wanted by a
    buyer of 2,000 t/yr (6,000 EUR/t: by truck at 2 km its 20,000 EUR/yr and 500 + 15 x 2.6 EUR/t
    are paid many times over): the exchange carries 787.3488 t/yr."""
    p = _scenario(tmp_path, ["s1,S,supply,hydrogen,1000,Nm3/h,0", "b1,B,demand,hydrogen,2000,t/yr,6000"])
    res = eitflow.optimise(eitflow.read_scenario(p))
    assert res.matches["amount"].sum() == pytest.approx(787.3488, rel=1e-9)


@pytest.mark.parametrize("lang,want", [
    ("en", ["flows.csv, row 3, column 'unit': unknown unit 'bananas/h'",
            "resource 'hydrogen' is measured in t/yr (units accepted: t/yr, kt/yr, kg/yr, kg/d, t/d, Mt/yr, kg/h, "
            "t/h, Nm3/h, Nm3/d, Nm3/yr, Sm3/h, Sm3/d, Sm3/yr, or any other of the same dimension)",
            "flows.csv, row 2, column 'unit': unit 'm3/h' cannot be converted to t/yr (wrong dimension; "
            "did you mean 'Nm3/h'?)",
            "flows.csv, row 4, column 'unit': unit 'Nm3/h' is a volume of gas at 0 degC and 1.01325 bar"]),
    ("fr", ["flows.csv, ligne 3, colonne 'unit' : unité inconnue 'bananas/h'",
            "la ressource 'hydrogen' se mesure en t/an (unités acceptées : t/an, kt/an, kg/an, kg/d, t/d, Mt/an, "
            "kg/h, t/h, Nm³/h, Nm³/d, Nm³/an, Sm³/h, Sm³/d, Sm³/an, ou toute autre de même dimension)",
            "flows.csv, ligne 2, colonne 'unit' : l'unité 'm3/h' ne se convertit pas en t/an (mauvaise dimension ; "
            "vouliez-vous dire 'Nm3/h' ?)",
            "flows.csv, ligne 4, colonne 'unit' : l'unité 'Nm3/h' est un volume de gaz à 0 °C et 1,01325 bar"]),
])
def test_a_unit_that_will_not_do_names_file_row_column_and_the_units_accepted(tmp_path, lang, want):
    """An unknown unit, a gas's m3/h (a volume at the line's pressure, not the normal one: a
    hint, never a guess) and Nm3 on water (no gas: no normal density) are refused, each naming
    file, spreadsheet row and column and, for hydrogen, the units it may be written in."""
    from eitflow.cli.main import main

    p = _scenario(tmp_path, ["s1,S,supply,hydrogen,100,m3/h,0", "b1,B,demand,hydrogen,50,bananas/h,5000",
                             "w1,S,supply,water,10,Nm3/h,0", "w2,B,demand,water,10,m3/h,1"])
    res = CliRunner().invoke(main, ["validate", str(p), "--lang", lang])
    assert res.exit_code == 2 and "Traceback" not in res.output
    for w in want:
        assert w in res.output, (w, res.output)


def test_an_existing_hydrogen_main_rated_in_nm3_per_hour_carries_its_weight(tmp_path):
    """corridors.csv gives an existing main's capacity as its operator does, 1,000 Nm3/h:
    1,000 x 0.08988 kg = 89.88 kg/h = 0.08988 t/h; x 8,760 h = 787.3488 t/yr rated; at the
    hydrogen load factor 0.7, 551.14416 t/yr on average: all the buyer gets (trucks kept out
    by its radius). corridors.csv's `capacity_given` says it back as given: 1,000 Nm3/h."""
    (tmp_path / "sites.csv").write_text(SITES)
    (tmp_path / "flows.csv").write_text(HEAD.strip() + ",max_distance_km\n"
                                        "s1,S,supply,hydrogen,1000,t/yr,0,\nb1,B,demand,hydrogen,1000,t/yr,6000,0.1\n")
    (tmp_path / "corridors.csv").write_text("corridor_id,resource,from,to,length_km,existing,capacity,unit\n"
                                            "old,hydrogen,S,B,2,yes,1000,Nm3/h\n")
    (tmp_path / "scenario.yaml").write_text("name: gas main\nsites: sites.csv\nflows: flows.csv\ncorridors: corridors.csv\n"
                                            "carbon_price_eur_per_t: 0\nnetworks:\n  hydrogen: {}\n")
    res = eitflow.optimise(eitflow.read_scenario(tmp_path / "scenario.yaml"))
    got = res.matches.loc[res.matches["demand_flow_id"] == "b1", "amount"].sum()
    assert got == pytest.approx(551.14416, rel=1e-9)
    cor = res.statistics.corridors().set_index("corridor_id")
    assert cor.at["old", "capacity_given"] == pytest.approx(1000.0, rel=1e-12)
    assert cor.at["old", "capacity_given_unit"] == "Nm3/h"


def test_a_hub_in_nm3_per_hour_is_weighed_and_one_of_two_gases_refused(tmp_path):
    """A hydrogen hub of 1,000 Nm3/h holds 787.3488 t/yr (1,000 x 8,760 x 0.08988 kg); one
    handling hydrogen and CO2 cannot be given in Nm3/h (a normal cubic metre of CO2 weighs
    1.977 kg, of hydrogen 0.08988): refused, naming hubs.csv, its row and column."""
    (tmp_path / "sites.csv").write_text(SITES)
    (tmp_path / "flows.csv").write_text(HEAD + "s1,S,supply,hydrogen,1000,t/yr,0\nb1,B,demand,hydrogen,1000,t/yr,6000\n")
    hubs = "hub_id,lat,lon,resources,capacity,unit\nH,47.0,5.01,hydrogen,1000,Nm3/h\n"
    (tmp_path / "hubs.csv").write_text(hubs)
    (tmp_path / "scenario.yaml").write_text("name: gas hub\nsites: sites.csv\nflows: flows.csv\nhubs: hubs.csv\n"
                                            "carbon_price_eur_per_t: 0\n")
    scen = eitflow.read_scenario(tmp_path / "scenario.yaml")
    assert float(scen.hubs.set_index("hub_id").at["H", "capacity"]) == pytest.approx(787.3488, rel=1e-12)
    (tmp_path / "hubs.csv").write_text(hubs.replace("hydrogen,1000", "hydrogen;co2,1000"))
    with pytest.raises(eitflow.ScenarioError) as e:
        eitflow.read_scenario(tmp_path / "scenario.yaml")
    assert ("hubs.csv, row 2, column 'unit': unit 'Nm3/h' is a volume of gas, and a normal cubic metre of each of "
            "the hub's gases weighs differently") in str(e.value)


# Standard cubic metres (Sm3: 15 degC, 1.01325 bar, ISO 13443), as gas traders and CO2 shippers
# state volumes: weighed at the standard density, the normal one (0 degC) x 273.15 / 288.15 (ideal
# gas at the same pressure). Before, 'Sm3/h' was refused as an unknown unit.

def test_co2_and_hydrogen_in_standard_cubic_metres_are_weighed_at_15_degc(tmp_path):
    """By hand, the published standard densities (15 degC, 1.01325 bar): CO2 1.874 kg/Sm3,
    hydrogen 0.0852 kg/Sm3 (1.977 x 273.15 / 288.15 = 1.87408; 0.08988 x 273.15 / 288.15 =
    0.085201). CO2: 1,000 Sm3/h x 8,760 h = 8,760,000 Sm3/yr x 1.874 kg = 16,416,240 kg =
    16,416.24 t/yr (to the 4 digits of 1.874). Hydrogen: 100,000 Sm3/yr x 0.0852 kg = 8,520 kg
    = 8.52 t/yr; 'Sm³/an' reads as 'Sm3/yr'. A thousand: 24 kSm3/d of CO2 = 24,000 x 365 x
    1.874 kg = 16,416.24 t/yr as well."""
    scen = eitflow.read_scenario(_scenario(tmp_path, [
        "c1,S,supply,co2,1000,Sm3/h,0", "c2,S,supply,co2,24,kSm3/d,0", "c3,B,demand,co2,100,t/yr,100",
        "h1,S,supply,hydrogen,100000,Sm³/an,0", "h2,B,demand,hydrogen,1,t/yr,5000"]))
    got = dict(zip(scen.flows["flow_id"], scen.flows["amount"].astype(float)))
    assert got["c1"] == pytest.approx(16_416.24, rel=1e-4)
    assert got["c2"] == pytest.approx(16_416.24, rel=1e-4)
    assert got["h1"] == pytest.approx(8.52, rel=1e-4)
    # and exactly the ideal-gas ratio of the normal densities
    assert got["c1"] == pytest.approx(8_760 * 1.977 * 273.15 / 288.15, rel=1e-12)


@pytest.mark.parametrize("lang,want", [
    ("en", "flows.csv, row 2, column 'unit': unit 'Sm3/h' is a volume of gas at 15 degC and 1.01325 bar"),
    ("fr", "flows.csv, ligne 2, colonne 'unit' : l'unité 'Sm3/h' est un volume de gaz à 15 °C et 1,01325 bar"),
])
def test_standard_cubic_metres_of_water_are_refused_by_file_row_and_column(tmp_path, lang, want):
    """Water has no normal density (no gas): Sm3 is refused, naming file, row, column and the
    15 degC reference (not the normal cubic metre's 0 degC)."""
    from eitflow.cli.main import main

    p = _scenario(tmp_path, ["w1,S,supply,water,10,Sm3/h,0", "w2,B,demand,water,10,m3/h,1"])
    res = CliRunner().invoke(main, ["validate", str(p), "--lang", lang])
    assert res.exit_code == 2 and "Traceback" not in res.output
    assert want in res.output, res.output


@pytest.mark.parametrize("lang,listed", [("en", "Sm3/h, Sm3/d, Sm3/yr"), ("fr", "Sm³/h, Sm³/d, Sm³/an")])
def test_the_units_accepted_for_a_gas_name_standard_cubic_metres_and_each_one_reads(tmp_path, lang, listed):
    """A refused unit on CO2 listed the normal cubic metres only, though 'Sm3/h' reads (the test
    above): the list is now made from the table the reader uses. Each unit it names is read for
    CO2 (1.977 kg/Nm3) and for hydrogen (0.08988), brute force over the list: one that did not
    would be a unit the message invites and the reader refuses."""
    from eitflow.cli.main import main
    from eitflow.units import accepted_units, gas_conversion_factor

    p = _scenario(tmp_path, ["c1,S,supply,co2,100,bananas/h,0", "c2,B,demand,co2,100,t/yr,100"])
    res = CliRunner().invoke(main, ["validate", str(p), "--lang", lang])
    assert res.exit_code == 2 and "Traceback" not in res.output
    assert ("flows.csv, row 2, column 'unit'" if lang == "en" else "flows.csv, ligne 2, colonne 'unit'") in res.output
    assert listed in res.output, res.output
    for density in (1.977, 0.08988):
        for u in accepted_units("t/yr", gas=True).split(", "):
            assert gas_conversion_factor(u, "t/yr", density) > 0, u
    # 1 Sm3/yr of CO2 weighs 1.977 x 273.15 / 288.15 kg = 1.87408 kg = 0.00187408 t
    assert gas_conversion_factor("Sm3/yr", "t/yr", 1.977) == pytest.approx(1.977 * 273.15 / 288.15 / 1000, rel=1e-12)
