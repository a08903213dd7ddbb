"""A corpus of malformed scenarios: each must give exit code 2 and a message naming the
file, row and column and what was expected -- never a traceback."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from conftest import FLOWS_CSV, SCENARIO_YAML, SITES_CSV, write_scenario
from eitflow.cli.main import main

S, F, Y = SITES_CSV, FLOWS_CSV, SCENARIO_YAML


def _flows_row(row: int, col: str, value: str, text: str = F) -> str:
    """Replace one cell of a CSV (row = spreadsheet row, header = 1)."""
    lines = text.splitlines()
    header = lines[0].split(",")
    cells = lines[row - 1].split(",")
    cells[header.index(col)] = value
    lines[row - 1] = ",".join(cells)
    return "\n".join(lines) + "\n"


LINKS_OK = "source_site,sink_site,supply_resource,demand_resource,var_cost_eur_per_unit\nPOWER,PLAST,fgd_gypsum,gypsum,2\n"
Y_LINKS = Y + "links: links.csv\n"
Y_RES = Y + "resources: resources.yaml\n"
Y_HUBS = Y + "hubs: hubs.csv\n"
HUBS_OK = "hub_id,lat,lon,resources,capacity,unit\nH,50.28,3.97,heat,20,GWh/yr\n"

# (id, files to write, fragments every one of which must appear in the message)
F_RET = F.replace("price_eur_per_unit\n", "price_eur_per_unit,return_temperature_c\n").replace("\n", ",\n").replace(
    "price_eur_per_unit,return_temperature_c,\n", "price_eur_per_unit,return_temperature_c\n")
F_EL = F.replace("price_eur_per_unit\n", "price_eur_per_unit,electrolyser_kwh_per_kg\n").replace("\n", ",\n").replace(
    "price_eur_per_unit,electrolyser_kwh_per_kg,\n", "price_eur_per_unit,electrolyser_kwh_per_kg\n")

CASES = [
    ("return-above-supply", dict(flows=_flows_row(2, "return_temperature_c", "140", F_RET)),
     ["flows.csv, row 2, column 'return_temperature_c'", "must be below temperature_c"]),
    ("return-on-gypsum", dict(flows=_flows_row(5, "return_temperature_c", "20", F_RET)),
     ["row 5, column 'return_temperature_c'", "heat and steam flows only"]),
    ("return-text", dict(flows=_flows_row(3, "return_temperature_c", "warm", F_RET)),
     ["row 3, column 'return_temperature_c'", "return temperature in degC"]),
    ("investment-on-demand", dict(flows=_flows_row(3, "electrolyser_kwh_per_kg", "55", F_EL).replace(
        "electrolyser_kwh_per_kg", "investment_eur")),
     ["row 3, column 'investment_eur'", "supplies only"]),
    ("electrolyser-on-heat", dict(flows=_flows_row(2, "electrolyser_kwh_per_kg", "55", F_EL)),
     ["row 2, column 'electrolyser_kwh_per_kg'", "hydrogen supplies only"]),
    ("sites-missing-lat", dict(sites=S.replace("lat,", "latitude,", 1)),
     ["sites.csv", "row 1", "column 'lat'", "missing required column"]),
    ("flows-misspelt-amount", dict(flows=F.replace("amount", "amout", 1)),
     ["flows.csv", "column 'amount'", "found 'amout'"]),
    ("amount-text", dict(flows=_flows_row(3, "amount", "abc")), ["flows.csv, row 3, column 'amount'", "expected a positive amount"]),
    ("amount-empty", dict(flows=_flows_row(2, "amount", "")), ["flows.csv, row 2, column 'amount'", "missing value"]),
    ("amount-negative", dict(flows=_flows_row(4, "amount", "-5")), ["row 4, column 'amount'", "> 0"]),
    ("amount-zero", dict(flows=_flows_row(4, "amount", "0")), ["row 4, column 'amount'", "> 0"]),
    ("amount-nan", dict(flows=_flows_row(2, "amount", "NaN")), ["row 2, column 'amount'", "expected a positive amount"]),
    ("amount-inf", dict(flows=_flows_row(2, "amount", "inf")), ["row 2, column 'amount'"]),
    ("amount-absurd", dict(flows=_flows_row(2, "amount", "1e15")), ["row 2, column 'amount'", "absurdly large"]),
    ("unknown-site", dict(flows=_flows_row(3, "site_id", "FOOOD")), ["flows.csv, row 3, column 'site_id'", "unknown site", "FOOD"]),
    ("unknown-resource", dict(flows=_flows_row(2, "resource", "haet")), ["row 2, column 'resource'", "did you mean 'heat'"]),
    ("unknown-unit", dict(flows=_flows_row(2, "unit", "blorbs/yr")), ["row 2, column 'unit'", "unknown unit"]),
    ("unit-wrong-dimension", dict(flows=_flows_row(5, "unit", "MWh/yr")), ["row 5, column 'unit'", "wrong dimension", "t/yr"]),
    ("unit-empty", dict(flows=_flows_row(2, "unit", "")), ["row 2, column 'unit'", "missing value"]),
    ("duplicate-site", dict(sites=S + "UVE,Again,50.1,3.9,waste,ZAE\n"), ["sites.csv, row 7, column 'site_id'", "duplicate", "row 2"]),
    ("empty-site-id", dict(sites=S.replace("PLAST,Plasterboard", ",Plasterboard")), ["sites.csv, row 5, column 'site_id'", "missing value"]),
    ("lat-out-of-range", dict(sites=S.replace("50.2800,3.9700", "95.28,3.97")), ["sites.csv, row 2, column 'lat'", "[-90, 90]"]),
    ("lat-lon-swapped", dict(sites=S.replace("50.2800,3.9700", "123.97,50.28")), ["row 2, column 'lat'", "swapped"]),
    ("lon-out-of-range", dict(sites=S.replace("50.2800,3.9700", "50.28,203.97")), ["row 2, column 'lon'", "[-180, 180]"]),
    ("lat-text", dict(sites=S.replace("50.2800,3.9700", "north,3.97")), ["row 2, column 'lat'", "latitude"]),
    ("null-island", dict(sites=S.replace("50.2800,3.9700", "0,0")), ["row 2, column 'lat'", "placeholder"]),
    ("heat-missing-temperature", dict(flows=_flows_row(3, "temperature_c", "")), ["row 3, column 'temperature_c'", "missing temperature"]),
    ("temperature-absurd", dict(flows=_flows_row(3, "temperature_c", "5000")), ["row 3, column 'temperature_c'", "<= 1500"]),
    ("temperature-text", dict(flows=_flows_row(3, "temperature_c", "hot")), ["row 3, column 'temperature_c'", "temperature"]),
    ("direction-unknown", dict(flows=_flows_row(2, "direction", "offer")), ["row 2, column 'direction'", "'supply' or 'demand'"]),
    ("price-text", dict(flows=_flows_row(3, "price_eur_per_unit", "cheap")), ["row 3, column 'price_eur_per_unit'", "price"]),
    ("duplicate-header", dict(sites=S.replace("sector,zone", "sector,lat")), ["sites.csv, row 1, column 'lat'", "more than once"]),
    ("sites-empty-file", dict(sites=""), ["sites.csv", "empty"]),
    ("flows-header-only", dict(flows=F.splitlines()[0] + "\n"), ["flows", "no flows"]),
    ("flows-missing-file", dict(yaml_text=Y.replace("flows.csv", "flux.csv")), ["flux.csv", "file not found"]),
    ("yaml-syntax", dict(yaml_text=Y.replace("objective: net_benefit", "objective: [net_benefit")), ["scenario.yaml", "YAML syntax error"]),
    ("yaml-unknown-key", dict(yaml_text=Y.replace("carbon_price_eur_per_t", "carbon_prize_eur_per_t")),
     ["scenario.yaml", "unknown key 'carbon_prize_eur_per_t'", "did you mean 'carbon_price_eur_per_t'"]),
    ("yaml-unknown-solver", dict(yaml_text=Y.replace("name: highs", "name: gurobi")), ["scenario.yaml", "solver.name"]),
    ("yaml-bad-objective", dict(yaml_text=Y.replace("objective: net_benefit", "objective: profit")), ["scenario.yaml", "objective"]),
    ("yaml-missing-flows", dict(yaml_text=Y.replace("flows: flows.csv\n", "")), ["scenario.yaml", "missing required key 'flows'"]),
    ("yaml-not-mapping", dict(yaml_text="- just\n- a list\n"), ["scenario.yaml", "expected a YAML mapping"]),
    ("yaml-discount-rate", dict(yaml_text=Y.replace("discount_rate: 0.05", "discount_rate: 1.5")), ["scenario.yaml", "discount_rate"]),
    ("yaml-unknown-solver-key", dict(yaml_text=Y.replace("mip_gap: 0.0", "mipgap: 0.0")), ["scenario.yaml", "did you mean 'mip_gap'"]),
    ("min-amount-negative", dict(flows=F.replace("price_eur_per_unit\n", "price_eur_per_unit,min_amount\n").replace(",45\n", ",45,-3\n")),
     ["row 3, column 'min_amount'", ">= 0"]),
    ("max-distance-zero", dict(flows=F.replace("price_eur_per_unit\n", "price_eur_per_unit,max_distance_km\n").replace(",45\n", ",45,0\n")),
     ["row 3, column 'max_distance_km'", "> 0"]),
    ("required-not-bool", dict(flows=F.replace("price_eur_per_unit\n", "price_eur_per_unit,required\n").replace(",45\n", ",45,maybe\n")),
     ["row 3, column 'required'", "true or false"]),
    ("required-on-supply", dict(flows=F.replace("price_eur_per_unit\n", "price_eur_per_unit,required\n").replace("130,0\n", "130,0,true\n")),
     ["row 2, column 'required'", "demands only"]),
    ("misspelt-optional-column", dict(flows=F.replace("temperature_c", "temprature_c")),
     ["column 'temprature_c'", "did you mean 'temperature_c'"]),
    ("links-unknown-site", dict(yaml_text=Y_LINKS, extra={"links.csv": LINKS_OK.replace("POWER,PLAST", "POWER,PLASTIC")}),
     ["links.csv, row 2, column 'sink_site'", "unknown site"]),
    ("links-incompatible-resources", dict(yaml_text=Y_LINKS, extra={"links.csv": LINKS_OK.replace("fgd_gypsum,gypsum", "fgd_gypsum,heat")}),
     ["links.csv, row 2, column 'demand_resource'", "cannot feed"]),
    ("links-unknown-resource", dict(yaml_text=Y_LINKS, extra={"links.csv": LINKS_OK.replace("fgd_gypsum,gypsum", "fgd_gyspum,gypsum")}),
     ["links.csv, row 2, column 'supply_resource'", "did you mean 'fgd_gypsum'"]),
    ("links-no-supply-flow", dict(yaml_text=Y_LINKS, extra={"links.csv": LINKS_OK.replace("POWER,PLAST", "UVE,PLAST")}),
     ["links.csv, row 2, column 'source_site'", "no supply flow"]),
    ("links-negative-capacity", dict(yaml_text=Y_LINKS, extra={"links.csv": LINKS_OK.replace("var_cost_eur_per_unit\n", "var_cost_eur_per_unit,capacity\n").replace(",2\n", ",2,-1\n")}),
     ["links.csv, row 2, column 'capacity'", "> 0"]),
    ("resources-unknown-key", dict(yaml_text=Y_RES, extra={"resources.yaml": "heat:\n  max_distnce_km: 5\n"}),
     ["resources.yaml", "did you mean 'max_distance_km'"]),
    ("resources-feeds-unknown", dict(yaml_text=Y_RES, extra={"resources.yaml": "heat:\n  feeds: {heat: 1.0, coolth: 1.0}\n"}),
     ["resources.yaml", "unknown resource 'coolth'"]),
    ("resources-bad-unit", dict(yaml_text=Y_RES, extra={"resources.yaml": "slag:\n  base_unit: bananas/yr\n"}),
     ["resources.yaml", "slag", "unknown unit"]),
    ("resources-yaml-syntax", dict(yaml_text=Y_RES, extra={"resources.yaml": "heat: [\n"}), ["resources.yaml", "YAML syntax error"]),
    ("resources-missing-file", dict(yaml_text=Y_RES), ["resources.yaml", "file not found"]),
    ("hub-unit-wrong-dimension", dict(yaml_text=Y_HUBS, extra={"hubs.csv": HUBS_OK.replace("GWh/yr", "kt/yr")}),
     ["hubs.csv, row 2, column 'unit'", "wrong dimension", "heat (in MWh/yr)"]),
    ("hub-unit-mixed-resources", dict(yaml_text=Y_HUBS, extra={"hubs.csv": HUBS_OK.replace(",heat,", ",heat;hydrogen,")}),
     ["hubs.csv, row 2, column 'unit'", "hydrogen (in t/yr)"]),
    ("hub-unit-unknown", dict(yaml_text=Y_HUBS, extra={"hubs.csv": HUBS_OK.replace("GWh/yr", "GWh/blorb")}),
     ["hubs.csv, row 2, column 'unit'", "unknown unit"]),
    ("hub-misspelt-column", dict(yaml_text=Y_HUBS, extra={"hubs.csv": HUBS_OK.replace("capacity", "capacty")}),
     ["hubs.csv, row 1, column 'capacity'", "missing required column", "found 'capacty'"]),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_bad_input_gives_exit_2_and_a_located_message(tmp_path, case):
    _, files, fragments = case
    path = write_scenario(tmp_path / "s", **files)
    res = CliRunner().invoke(main, ["validate", str(path)])
    out = res.output
    assert res.exit_code == 2, out
    assert "Traceback" not in out
    for frag in fragments:
        assert frag in out, f"{frag!r} not in:\n{out}"
    # `run` refuses the same input the same way and writes nothing
    res = CliRunner().invoke(main, ["run", str(path), "--out", str(tmp_path / "out")])
    assert res.exit_code == 2 and "Traceback" not in res.output
    assert not (tmp_path / "out").exists()


def test_corpus_is_large_enough():
    assert len(CASES) >= 40


def test_validate_reports_all_problems_at_once(tmp_path):
    flows = _flows_row(2, "amount", "-1")
    flows = _flows_row(3, "resource", "haet", flows)
    sites = S.replace("50.2800,3.9700", "95.28,3.97")
    path = write_scenario(tmp_path / "s", sites=sites, flows=flows)
    res = CliRunner().invoke(main, ["validate", str(path)])
    assert res.exit_code == 2
    assert "sites.csv, row 2, column 'lat'" in res.output
    assert "flows.csv, row 2, column 'amount'" in res.output
    assert "flows.csv, row 3, column 'resource'" in res.output
    assert "3 problems" in res.output


def _assert_valid(path):
    res = CliRunner().invoke(main, ["validate", str(path)])
    assert res.exit_code == 0, res.output
    return res.output


def test_semicolon_and_decimal_comma_accepted(tmp_path):
    sites = S.replace(",", ";").replace("50.2800;3.9700", "50,2800;3,9700")
    flows = F.replace(",", ";").replace("GWh/yr;130", "GWh/yr;130,5")
    out = _assert_valid(write_scenario(tmp_path / "s", sites=sites, flows=flows))
    assert "5 sites" in out


def test_bom_and_latin1_accepted(tmp_path):
    bom = "\ufeff" + S
    latin = F.encode("utf-8")
    sites_latin = S.replace("Greenhouses", "Serres du Pévèle").encode("cp1252")
    _assert_valid(write_scenario(tmp_path / "a", sites=bom.encode("utf-8"), flows=latin))
    from eitflow import read_scenario
    path = write_scenario(tmp_path / "b", sites=sites_latin)
    _assert_valid(path)
    assert "Serres du Pévèle" in set(read_scenario(path).sites["name"])


def test_link_naming_a_site_with_two_flows_must_say_which(tmp_path):
    flows = F + "POWER,supply,fgd_gypsum,5,kt/yr,,15\n"
    path = write_scenario(tmp_path / "s", flows=flows, yaml_text=Y_LINKS, extra={"links.csv": LINKS_OK})
    res = CliRunner().invoke(main, ["validate", str(path)])
    assert res.exit_code == 2
    assert "links.csv, row 2, column 'supply_flow_id'" in res.output and "f5, f7" in res.output
    ok = LINKS_OK.replace("var_cost_eur_per_unit\n", "var_cost_eur_per_unit,supply_flow_id\n").replace(",2\n", ",2,f7\n")
    path = write_scenario(tmp_path / "t", flows=flows, yaml_text=Y_LINKS, extra={"links.csv": ok})
    res = CliRunner().invoke(main, ["validate", str(path)])
    assert res.exit_code == 0, res.output
    from eitflow import build_candidates, read_scenario
    cand = build_candidates(read_scenario(path))
    gy = cand.links[cand.links.supply_resource == "fgd_gypsum"]
    assert len(gy) == 1 and read_scenario(path).flows.flow_id.iat[int(gy.supply.iat[0])] == "f7"
